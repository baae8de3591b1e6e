"""``showcase new``: the folder and ``index.md`` of a new talk, ready to fill in."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml

from showcase.model import Archive
from showcase.problems import did_you_mean
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


def check_request(request: TalkRequest, archive: Archive, content_dir: Path) -> str:
    """The slug for ``request``; raises ``ScaffoldError`` listing every reason it cannot be."""
    reasons: list[str] = []
    untitled = not request.title.strip()
    if untitled:
        reasons.append("the title is empty")
    elif (problem := text_problem(request.title.strip())) is not None:
        reasons.append(f"the title {problem}")
    elif len(request.title.strip()) > MAX_LINE_LENGTH:
        reasons.append(f"the title is longer than {MAX_LINE_LENGTH} characters")
    if not request.speakers:
        reasons.append("give at least one speaker (a person id from people.yml)")
    for pid in request.speakers:
        if pid not in archive.people:
            hint = did_you_mean(pid, archive.people) or "; add them to people.yml first"
            reasons.append(f"unknown speaker `{pid}`{hint}")
    if request.event is not None and request.event not in archive.events:
        hint = did_you_mean(request.event, archive.events) or (
            f"; create events/{request.event}.yml first, or leave the event out to propose the talk"
        )
        reasons.append(f"unknown event `{request.event}`{hint}")
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


def create_talk(request: TalkRequest, archive: Archive, content_dir: Path) -> Path:
    """Write ``talks/SLUG/index.md`` and return its path; never overwrites anything."""
    slug = check_request(request, archive, content_dir)
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
