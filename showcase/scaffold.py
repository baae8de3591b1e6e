"""``showcase new``: the folder and ``index.md`` of a new talk, ready to fill in."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from showcase.model import Archive, Event
from showcase.problems import did_you_mean, person_hint
from showcase.schema import MAX_LINE_LENGTH, id_problem, shown, text_problem

#: Characters in a slug made from a title; it ends at a whole word when it can.
MAX_SLUG_LENGTH = 60

OUTLINE = """\
## The problem

<!-- Who needed what, and why did it matter? Two or three sentences. -->

## What we built

<!-- The approach, the tools, a diagram or a code excerpt. Attach slides with
     `slides: slides.pdf` (or an https:// link) and notebooks with
     `notebooks: [analysis.ipynb]` in the front matter above. -->

## What we learned

<!-- What surprised you, what you would do differently, numbers if you have them. -->

## Try it yourself

<!-- Links to the code, the dashboard or the docs; add them as `links:` above too. -->
"""


class ScaffoldError(ValueError):
    """A request that cannot become a talk, with every reason in one message."""


@dataclass(frozen=True, slots=True)
class TalkRequest:
    title: str
    speakers: tuple[str, ...]
    event: str | None = None
    slug: str | None = None


# Latin letters that Unicode does not decompose into a base letter plus accents, so that
# NFKD alone would drop them (`Größe` -> `groe`, `Łódź` -> `odz`).
_UNDECOMPOSABLE = str.maketrans(
    {
        "ß": "ss",
        "æ": "ae",
        "ø": "o",
        "œ": "oe",
        "ł": "l",
        "đ": "d",
        "ð": "d",
        "þ": "th",
        "\u0131": "i",
    }
)


def slugify(text: str, max_length: int = MAX_SLUG_LENGTH) -> str:
    """Lowercase ASCII words joined by single hyphens: `Zoë's A/B tests` -> `zoes-a-b-tests`."""
    text = text.lower().translate(_UNDECOMPOSABLE)
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    ascii_text = ascii_text.replace("'", "").replace("\u2019", "")
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > max_length and slug:
            break
        slug = candidate[:max_length]
    return slug


def slug_for(title: str, event: str | None) -> str:
    """The slug `showcase new` proposes: the event's month, then the title's words."""
    base = slugify(title) or "talk"
    return f"{event}-{base}" if event else base


def title_problem(title: str) -> str | None:
    """Why ``title`` cannot be a talk's title, or ``None``."""
    title = title.strip()
    if not title:
        return "the title is empty"
    if (problem := text_problem(title)) is not None:
        return f"the title {problem}"
    if len(title) > MAX_LINE_LENGTH:
        return f"the title is longer than {MAX_LINE_LENGTH} characters"
    return None


def speaker_problems(speakers: Sequence[str], archive: Archive) -> list[str]:
    """Why each of ``speakers`` cannot speak (an unknown id, with the nearest suggested)."""
    if not speakers:
        return ["give at least one speaker (a person id from people.yml)"]
    names = {pid: person.name for pid, person in archive.people.items()}
    return [
        f"unknown speaker `{pid}`{person_hint(pid, names, '; add them to people.yml first')}"
        for pid in speakers
        if pid not in archive.people
    ]


def event_problem(event_id: str | None, archive: Archive, default_slots: int) -> str | None:
    """Why a new talk cannot go to ``event_id``: it does not exist, or it is upcoming and
    its slots are taken by talks already (what ``showcase check`` would then warn about;
    drafts do not count). ``None`` when it can, or when no event is asked for."""
    if event_id is None:
        return None
    event = archive.events.get(event_id)
    if event is None:
        hint = did_you_mean(event_id, archive.events) or (
            f"; create events/{event_id}.yml first, or leave the event out to propose the talk"
        )
        return f"unknown event `{event_id}`{hint}"
    if archive.is_past(event) or event.cancelled:
        return None
    published = archive.without_drafts()
    booked = published.slots_at(event, default_slots=default_slots)
    if len(booked.talks) < booked.total:
        return None
    elsewhere = published.open_events(default_slots=default_slots, but=event_id)
    if elsewhere:
        where = " or ".join(
            f"{e.id} ({_open_slots(published, e, default_slots)})" for e in elsewhere[:3]
        )
        choose = f"choose a demo day with an open slot: {where}"
    else:
        choose = "no upcoming demo day has an open slot"
    return (
        f"demo day {event_id} is full: its {booked.total} slots are taken by "
        f"{len(booked.talks)} talks. {choose[0].upper()}{choose[1:]}; or propose the talk "
        f"without a date (event `none`); or ask an organizer to raise `slots:` in "
        f"events/{event_id}.yml first"
    )


def event_notes(
    event_id: str | None, speakers: Sequence[str], archive: Archive, default_slots: int
) -> list[str]:
    """What the organizer should know when a new talk takes a slot held for someone else:
    every slot is spoken for, counting people listed in the event's ``speakers:``."""
    event = archive.events.get(event_id) if event_id else None
    if event is None or archive.is_past(event) or event.cancelled:
        return []
    booked = archive.without_drafts().slots_at(event, default_slots=default_slots)
    due = [pid for pid in booked.due if pid not in speakers]
    if len(booked.talks) + len(due) < booked.total:
        return []
    return [
        f"every slot of {event_id} is spoken for: {len(booked.talks)} talks, and "
        + ", ".join(due)
        + " listed in its `speakers:`; tell an organizer you would like one"
    ]


def _open_slots(archive: Archive, event: Event, default_slots: int) -> str:
    left = archive.slots_at(event, default_slots=default_slots).open
    return f"{left} open {'slot' if left == 1 else 'slots'}"


def check_request(
    request: TalkRequest, archive: Archive, content_dir: Path, *, default_slots: int = 4
) -> str:
    """The slug for ``request``; raises ``ScaffoldError`` listing every reason it cannot be."""
    reasons: list[str] = []
    untitled = not request.title.strip()
    if (problem := title_problem(request.title)) is not None:
        reasons.append(problem)
    reasons.extend(speaker_problems(request.speakers, archive))
    found = event_problem(request.event, archive, default_slots)
    if found is not None:
        reasons.append(found)
    slug = request.slug or slug_for(request.title, request.event)
    # A slug made from no title means nothing: the empty title is the one problem then.
    if request.slug or not untitled:
        reasons.extend(_slug_problems(slug, content_dir))
    if reasons:
        raise ScaffoldError("\n".join(reasons))
    return slug


def _slug_problems(slug: str, content_dir: Path) -> list[str]:
    if (problem := id_problem(slug)) is not None:
        return [f"slug `{shown(slug)}` is not valid: {problem}"]
    if (content_dir / "talks" / slug).exists():
        return [f"talks/{slug} already exists; choose another title or pass --slug"]
    return []


def render_index(request: TalkRequest) -> str:
    """The new ``index.md``: front matter written by a YAML library, then the outline."""
    meta: dict[str, object] = {"title": request.title.strip(), "speakers": list(request.speakers)}
    if request.event:
        meta["event"] = request.event
    meta["duration"] = 15
    meta["tags"] = []
    front = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, default_flow_style=None)
    return f"---\n{front}---\n\n{OUTLINE}"


def create_talk(
    request: TalkRequest, archive: Archive, content_dir: Path, *, default_slots: int = 4
) -> Path:
    """Write ``talks/SLUG/index.md`` and return its path; never overwrites anything."""
    slug = check_request(request, archive, content_dir, default_slots=default_slots)
    folder = content_dir / "talks" / slug
    try:
        folder.mkdir(parents=True, exist_ok=False)
    except FileExistsError:
        raise ScaffoldError(
            f"talks/{slug} already exists; choose another title or pass --slug"
        ) from None
    index = folder / "index.md"
    with index.open("x", encoding="utf-8", newline="\n") as handle:
        handle.write(render_index(request))
    return index
