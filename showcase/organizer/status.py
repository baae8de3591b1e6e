"""What organizers must chase, from the content and today: ``showcase status``.

It reports and never fails: a scheduled workflow runs it and puts the ``github`` form in
one issue (see the README's organizers' section).
"""

from __future__ import annotations

import enum
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from showcase.exports.site import SiteAddress
from showcase.exports.text import names_of, person_name
from showcase.loader import LoadResult
from showcase.model import Archive, Event, Talk
from showcase.organizer import STATUS_FORMATS
from showcase.organizer.announce import markdown_text, markdown_url
from showcase.problems import Location
from showcase.rotation import plan_rotation
from showcase.settings import Settings
from showcase.site import links

FORMATS = STATUS_FORMATS
#: Demo days further back than this are history: their talks are not chased any more.
LOOK_BACK_DAYS = 90
#: A draft whose demo day is this many days past is listed.
DRAFT_AGE_DAYS = 30
#: People whose time away ends within this many days are listed.
BACK_SOON_DAYS = 14
#: The first line of the ``github`` form, so that a workflow finds its issue again.
GITHUB_MARKER = "<!-- showcase-status -->"


#: The file and line of a location, as the user names it.
Where = Callable[[Location], str]


class Kind(enum.StrEnum):
    MISSING = "missing-material"
    OPEN_SLOTS = "open-slots"
    NO_TALK = "no-talk-yet"
    OLD_DRAFT = "old-draft"
    BACK_SOON = "back-soon"


HEADINGS = {
    Kind.MISSING: "Talks without slides or recording",
    Kind.OPEN_SLOTS: "Upcoming demo days with open slots",
    Kind.NO_TALK: "Listed speakers without a talk yet",
    Kind.OLD_DRAFT: "Drafts older than a month",
    Kind.BACK_SOON: "Back from time away soon",
}


@dataclass(frozen=True, slots=True)
class Item:
    kind: Kind
    #: One sentence, plain text.
    text: str
    #: The file (and line) to change, as the user names it.
    where: str | None = None
    event: str | None = None
    talk: str | None = None
    people: tuple[str, ...] = ()
    #: What is missing, for ``missing-material``: "slides", "recording".
    missing: tuple[str, ...] = ()
    #: The people the rotation proposes, for ``open-slots``.
    proposed: tuple[str, ...] = ()
    url: str | None = None
    #: The command that settles it, if there is one.
    command: str | None = None


@dataclass(frozen=True, slots=True)
class Report:
    today: date
    days: int
    items: tuple[Item, ...]
    #: Errors in the content (``showcase check`` names them); the report is from what read.
    content_errors: int = 0
    kinds: tuple[Kind, ...] = field(default=tuple(Kind))

    def of(self, kind: Kind) -> list[Item]:
        return [item for item in self.items if item.kind is kind]


def recording_of(talk: Talk, event: Event | None) -> str | None:
    """The talk's recording: its own (``recording``, where the model has it, else
    ``video``), else its demo day's recording of the whole session."""
    own = getattr(talk, "recording", None) or talk.video
    if own:
        return str(own)
    return event.recording if event is not None else None


def chase(
    result: LoadResult, settings: Settings, *, days: int, prefix: str, site: SiteAddress
) -> Report:
    planning = result.archive
    archive = planning.without_drafts()
    today = archive.today

    def where(location: Location) -> str:
        return f"{prefix}/{location}"

    items: list[Item] = []
    items += _missing_material(archive, days, where, site)
    items += _open_slots(archive, planning, settings, where, site)
    items += _no_talk_yet(planning, where)
    items += _old_drafts(planning, where)
    items += _back_soon(archive, where)
    return Report(today, days, tuple(items), content_errors=len(result.errors))


def _missing_material(archive: Archive, days: int, where: Where, site: SiteAddress) -> list[Item]:
    found: list[Item] = []
    today = archive.today
    for event in reversed(archive.past_events):
        age = (today - event.date).days
        if event.cancelled or age < days or age > LOOK_BACK_DAYS:
            continue
        for talk in archive.talks_at(event.id):
            missing = tuple(
                what
                for what, present in (
                    ("slides", talk.slides is not None),
                    ("recording", recording_of(talk, event) is not None),
                )
                if not present
            )
            if not missing:
                continue
            who = names_of(archive, talk.speakers)
            found.append(
                Item(
                    Kind.MISSING,
                    f"“{talk.title}” by {who} ({event.id}): no {' and no '.join(missing)}, "
                    f"{age} days after its demo day",
                    where=where(talk.source),
                    event=event.id,
                    talk=talk.slug,
                    people=talk.speakers,
                    missing=missing,
                    url=site.absolute(site.path(links.talk_src(talk))),
                )
            )
    return found


def _open_slots(
    archive: Archive, planning: Archive, settings: Settings, where: Where, site: SiteAddress
) -> list[Item]:
    rotation = plan_rotation(planning, settings)
    found: list[Item] = []
    for event in archive.upcoming_events:
        if event.cancelled:
            continue
        # Counted with drafts, as the rotation counts: a draft holds its place.
        booked = planning.slots_at(event, default_slots=settings.default_slots)
        if not booked.open:
            continue
        proposals = rotation.proposals.get(event.id, ())
        text = f"{event.id} ({_day(event.date)}): {booked.open} of {booked.total} slots open"
        if proposals:
            text += "; the rotation proposes " + ", ".join(
                f"{person_name(archive, p.person_id)} ({p.person_id})" for p in proposals
            )
        else:
            text += "; the rotation has nobody eligible to propose"
        found.append(
            Item(
                Kind.OPEN_SLOTS,
                text,
                where=where(event.source),
                event=event.id,
                proposed=tuple(p.person_id for p in proposals),
                url=site.absolute(site.path(links.event_src(event))),
                command="showcase rotation --write" if proposals else None,
            )
        )
    return found


def _no_talk_yet(planning: Archive, where: Where) -> list[Item]:
    found: list[Item] = []
    for event in planning.upcoming_events:
        if event.cancelled:
            continue
        for pid in planning.due_at(event):
            found.append(
                Item(
                    Kind.NO_TALK,
                    f"{person_name(planning, pid)} ({pid}) is listed for {event.id} "
                    f"({_day(event.date)}) and has no talk folder yet",
                    where=where(event.source),
                    event=event.id,
                    people=(pid,),
                    command=f'showcase new --event {event.id} --speaker {pid} --title "..."',
                )
            )
    return found


def _old_drafts(planning: Archive, where: Where) -> list[Item]:
    """Drafts whose demo day is more than a month past: given, and still not published.
    A draft without a demo day has no date to judge it by and is not listed."""
    found: list[Item] = []
    for talk in planning.talks.values():
        when = planning.date_of(talk)
        if not talk.draft or when is None:
            continue
        age = (planning.today - when).days
        if age <= DRAFT_AGE_DAYS:
            continue
        found.append(
            Item(
                Kind.OLD_DRAFT,
                f"“{talk.title}” by {names_of(planning, talk.speakers)} is still a draft, "
                f"{age} days after its demo day ({talk.event})",
                where=where(talk.source),
                event=talk.event,
                talk=talk.slug,
                people=talk.speakers,
            )
        )
    return found


def _back_soon(archive: Archive, where: Where) -> list[Item]:
    found: list[Item] = []
    today = archive.today
    for person in archive.people.values():
        if person.has_left(today):
            continue
        for span in person.away:
            if today <= span.end <= today + timedelta(days=BACK_SOON_DAYS):
                back = span.end + timedelta(days=1)
                found.append(
                    Item(
                        Kind.BACK_SOON,
                        f"{person.name} ({person.id}) is away until {span.end}, "
                        f"back on {_day(back)}",
                        where=where(person.source),
                        people=(person.id,),
                    )
                )
    return found


def _day(value: date) -> str:
    return f"{value:%a} {value.day} {value:%b %Y}"


# Output -------------------------------------------------------------------------------


def render_status(report: Report, fmt: str) -> str:
    if fmt == "json":
        return _json(report)
    if fmt == "github":
        return _github(report)
    return _text(report)


def _summary(report: Report) -> str:
    count = len(report.items)
    if not count:
        return f"Nothing to chase on {report.today}."
    return f"{count} thing{'s' if count != 1 else ''} to chase on {report.today}."


def _errors_line(report: Report) -> str | None:
    if not report.content_errors:
        return None
    n = report.content_errors
    return (
        f"The content has {n} error{'s' if n != 1 else ''} (run `showcase check`); this "
        "list is from what could be read."
    )


def _text(report: Report) -> str:
    lines = [_summary(report)]
    if (errors := _errors_line(report)) is not None:
        lines.append(errors)
    for kind in report.kinds:
        items = report.of(kind)
        if not items:
            continue
        heading = HEADINGS[kind]
        if kind is Kind.MISSING:
            heading += f" ({report.days} days or more after their demo day)"
        lines += ["", heading]
        for item in items:
            lines.append(f"  {item.text}")
            if item.where:
                lines.append(f"    {item.where}")
            if item.command:
                lines.append(f"    {item.command}")
    return "\n".join(lines) + "\n"


def _json(report: Report) -> str:
    payload = {
        "today": report.today.isoformat(),
        "days": report.days,
        "content_errors": report.content_errors,
        "counts": {kind.value: len(report.of(kind)) for kind in report.kinds},
        "items": [
            {
                "kind": item.kind.value,
                "text": item.text,
                "file": item.where,
                "event": item.event,
                "talk": item.talk,
                "people": list(item.people),
                "missing": list(item.missing),
                "proposed": list(item.proposed),
                "url": item.url,
                "command": item.command,
            }
            for item in report.items
        ],
    }
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"


def _github(report: Report) -> str:
    """The body of one issue: a task list per kind, every value escaped for Markdown."""
    lines = [GITHUB_MARKER, f"**{markdown_text(_summary(report))}**"]
    if (errors := _errors_line(report)) is not None:
        lines += ["", f"> {markdown_text(errors)}"]
    for kind in report.kinds:
        items = report.of(kind)
        if not items:
            continue
        heading = HEADINGS[kind]
        if kind is Kind.MISSING:
            heading += f" ({report.days}+ days after their demo day)"
        lines += ["", f"### {heading} ({len(items)})", ""]
        for item in items:
            text = markdown_text(item.text)
            if item.url:
                text += f" ([page]({markdown_url(item.url)}))"
            if item.where:
                text += f" · `{item.where.replace('`', '')}`"
            if item.command:
                text += f" · `{item.command.replace('`', '')}`"
            lines.append(f"- [ ] {text}")
    lines += ["", f"_Written by `showcase status` on {report.today}._"]
    return "\n".join(lines) + "\n"
