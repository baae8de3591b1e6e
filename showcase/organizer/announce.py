"""The announcement of a demo day, from the content: what it says, and its Markdown,
plain-text and HTML forms (``slack`` and ``mail`` make the other two formats from it).

Everything people wrote (titles, names, places, summaries) is text here: each form
escapes it for its own syntax, so a title such as ``<script>`` or ``*[x](javascript:…)``
reads as written and does nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from html import escape

from showcase.exports.site import SiteAddress
from showcase.exports.text import clean_text, names_of, person_name
from showcase.model import Archive, Event
from showcase.organizer.changes import Change, changes_since_announcement
from showcase.rotation import plan_rotation
from showcase.settings import Settings
from showcase.site import links

#: Characters of a talk's one-line summary.
SUMMARY_LENGTH = 160


@dataclass(frozen=True, slots=True)
class Item:
    """One talk of the running order."""

    number: int
    title: str
    speakers: str
    duration: int | None
    summary: str
    url: str | None


@dataclass(frozen=True, slots=True)
class Proposed:
    name: str
    person_id: str
    reason: str


@dataclass(frozen=True, slots=True)
class Announcement:
    """What an announcement of one demo day says, as plain text values."""

    event: Event
    title: str
    #: "Thursday 18 February 2027, 16:00 to 17:00 (Europe/Berlin)", with an en dash
    when: str
    location: str | None
    stream: str | None
    host: str | None
    theme: str | None
    items: tuple[Item, ...]
    #: Names of people listed in the event's ``speakers:`` without a talk yet.
    due: tuple[str, ...]
    open_slots: int
    total_slots: int
    proposals: tuple[Proposed, ...]
    event_url: str | None
    schedule_url: str | None
    reminder: bool
    #: "tomorrow", "today" or "on Thu 18 Feb 2027": when, seen from the day it is sent.
    relative_day: str
    changes: tuple[Change, ...]

    @property
    def cancelled(self) -> bool:
        return self.event.cancelled

    @property
    def call_for_talks(self) -> bool:
        return self.open_slots > 0 and not self.cancelled

    @property
    def claim_command(self) -> str:
        return f'showcase new --event {self.event.id} --title "Your talk" --speaker YOUR-ID'

    @property
    def subject(self) -> str:
        """A one-line heading: the subject of the e-mail, the Slack header."""
        short = f"{self.title}, {_short_when(self.event)}"
        if self.cancelled:
            return f"Cancelled: {short}"
        if self.reminder:
            return f"Reminder: {self.title} is {self.relative_day}"
        if self.changes:
            return f"Changed: {short}"
        if self.call_for_talks and not self.items:
            return f"Call for talks: {short}"
        return short

    @property
    def lead(self) -> str:
        """The first sentence."""
        if self.cancelled:
            return f"{self.title} on {self.when} is cancelled."
        if self.reminder:
            return f"A reminder: {self.title} is {self.relative_day}, {self.when}."
        return f"{self.title} is on {self.when}."


def build_announcement(
    archive: Archive,
    event: Event,
    settings: Settings,
    site: SiteAddress,
    *,
    planning: Archive | None = None,
    reminder: bool = False,
) -> Announcement:
    """The announcement of ``event`` from ``archive`` (drafts left out, as on the site);
    the rotation plans with ``planning`` (drafts included) as the schedule page does."""
    booked = archive.slots_at(event, default_slots=settings.default_slots)
    # A draft holds its place (its speaker will present): the open slots are the
    # rotation's, counted with drafts.
    held = (planning or archive).slots_at(event, default_slots=settings.default_slots)
    rotation = plan_rotation(planning or archive, settings)
    proposals = tuple(
        Proposed(person_name(archive, p.person_id), p.person_id, p.reason)
        for p in rotation.proposals.get(event.id, ())
    )
    items = tuple(
        Item(
            number=talk.order or number,
            title=clean_text(talk.title),
            speakers=names_of(archive, talk.speakers),
            duration=talk.duration,
            summary=one_line(talk.blurb),
            url=site.absolute(site.path(links.talk_src(talk))),
        )
        for number, talk in enumerate(booked.talks, 1)
    )
    return Announcement(
        event=event,
        title=clean_text(event.display_title),
        when=_long_when(event, settings.timezone),
        location=event.location,
        stream=event.stream,
        host=person_name(archive, event.host) if event.host else None,
        theme=event.theme,
        items=items,
        due=tuple(person_name(archive, pid) for pid in booked.due),
        open_slots=held.open,
        total_slots=booked.total,
        proposals=proposals,
        event_url=site.absolute(site.path(links.event_src(event))),
        schedule_url=site.absolute(site.path(links.SCHEDULE)),
        reminder=reminder,
        relative_day=_relative_day(event.date, archive.today),
        changes=changes_since_announcement(event),
    )


def one_line(text: str) -> str:
    """``text`` on one line, cut at a word near ``SUMMARY_LENGTH`` characters."""
    flat = " ".join(clean_text(text).split())
    if len(flat) <= SUMMARY_LENGTH:
        return flat
    kept = flat[: SUMMARY_LENGTH - 1]
    return (kept[: kept.rfind(" ")] if " " in kept else kept).rstrip(",;:") + "…"


def _long_when(event: Event, zone: str) -> str:
    day = f"{event.date:%A} {event.date.day} {event.date:%B %Y}"
    if event.start is None:
        return day
    hours = f"{event.start:%H:%M}" + (f"\u2013{event.end:%H:%M}" if event.end else "")
    return f"{day}, {hours} ({zone})"


def _short_when(event: Event) -> str:
    day = f"{event.date:%a} {event.date.day} {event.date:%b %Y}"
    return f"{day}, {event.start:%H:%M}" if event.start else day


def _relative_day(day: date, today: date) -> str:
    if day == today:
        return "today"
    if day == today + timedelta(days=1):
        return "tomorrow"
    return f"on {day:%a} {day.day} {day:%b %Y}"


# Markdown -----------------------------------------------------------------------------

#: What Markdown may read as markup inside a line: emphasis, code, links and images,
#: HTML, autolinks and entities, strikethrough. Each is written so that CommonMark, GitHub
#: and Python-Markdown all show the character itself: a backslash before the punctuation
#: all three let a backslash escape, an entity for the others.
_MARKDOWN_ACTIVE = re.compile(r"[\\`*_\[\]>~<]|&(?=#?\w+;)|!(?=\[)")
_ENTITIES = {"<": "&lt;", "&": "&amp;", "~": "&#126;"}


def markdown_text(text: str) -> str:
    """``text`` as Markdown that shows exactly ``text``."""

    def escaped(found: re.Match[str]) -> str:
        char = found.group()
        return _ENTITIES.get(char, "\\" + char)

    return _MARKDOWN_ACTIVE.sub(escaped, text)


def markdown_url(url: str) -> str:
    """A link destination Markdown cannot end early: brackets and spaces percent-encoded."""
    for char, code in (("(", "%28"), (")", "%29"), ("<", "%3C"), (">", "%3E"), (" ", "%20")):
        url = url.replace(char, code)
    return url


def _md_link(text: str, url: str | None) -> str:
    shown = markdown_text(text)
    return f"[{shown}]({markdown_url(url)})" if url else shown


def to_markdown(a: Announcement) -> str:
    lines = [f"# {markdown_text(a.subject)}", "", markdown_text(a.lead), ""]
    lines += [f"- {line}" for line in _fact_lines(a, markdown=True)]
    if a.changes:
        lines += ["", "**Changed since the last announcement:** " + _changes_text(a, md=True)]
    if a.cancelled:
        return "\n".join(lines).rstrip() + "\n"
    if a.items:
        lines += ["", "## Running order", ""]
        for item in a.items:
            line = f"{item.number}. **{_md_link(item.title, item.url)}** — "
            line += markdown_text(item.speakers)
            if item.duration:
                line += f" ({item.duration} min)"
            if item.summary:
                line += f"  \n   {markdown_text(item.summary)}"
            lines.append(line)
    if a.due:
        lines += ["", "Also due to present: " + markdown_text(joined(a.due)) + "."]
    if a.call_for_talks:
        lines += ["", "## Call for talks", "", markdown_text(_open_sentence(a))]
        if a.proposals:
            lines.append("")
            lines += [
                f"- {markdown_text(p.name)} (`{p.person_id}`): {markdown_text(p.reason)}"
                for p in a.proposals
            ]
        lines += ["", "Claim a slot by adding your talk:", "", "```sh", a.claim_command, "```"]
    if a.schedule_url:
        lines += ["", f"[The whole schedule]({markdown_url(a.schedule_url)})"]
    return "\n".join(lines).rstrip() + "\n"


# Plain text ---------------------------------------------------------------------------


def to_text(a: Announcement) -> str:
    lines = [a.subject, "", a.lead, ""]
    lines += [f"  {line}" for line in _fact_lines(a, markdown=False)]
    if a.changes:
        lines += ["", "Changed since the last announcement: " + _changes_text(a, md=False)]
    if not a.cancelled:
        if a.items:
            lines += ["", "Running order:", ""]
            for item in a.items:
                line = f"  {item.number}. {item.title} — {item.speakers}"
                if item.duration:
                    line += f" ({item.duration} min)"
                lines.append(line)
                if item.summary:
                    lines.append(f"     {item.summary}")
                if item.url:
                    lines.append(f"     {item.url}")
        if a.due:
            lines += ["", f"Also due to present: {joined(a.due)}."]
        if a.call_for_talks:
            lines += ["", "Call for talks: " + _open_sentence(a)]
            lines += [f"  - {p.name} ({p.person_id}): {p.reason}" for p in a.proposals]
            lines += ["", "Claim a slot by adding your talk:", f"  {a.claim_command}"]
    if a.schedule_url:
        lines += ["", f"The whole schedule: {a.schedule_url}"]
    return "\n".join(lines).rstrip() + "\n"


# HTML ---------------------------------------------------------------------------------


def _a(text: str, url: str | None) -> str:
    if not url:
        return escape(text)
    return f'<a href="{escape(url, quote=True)}">{escape(text)}</a>'


def to_html(a: Announcement) -> str:
    """A small HTML document for e-mail: every value escaped, no script, no style sheet."""
    parts = [
        "<!DOCTYPE html>",
        '<html><head><meta charset="utf-8">',
        f"<title>{escape(a.subject)}</title></head>",
        '<body style="font-family: sans-serif; line-height: 1.5">',
        f"<h1>{escape(a.subject)}</h1>",
        f"<p>{escape(a.lead)}</p>",
        "<ul>",
        *(f"<li>{line}</li>" for line in _fact_lines_html(a)),
        "</ul>",
    ]
    if a.changes:
        parts.append(
            "<p><strong>Changed since the last announcement:</strong> "
            f"{escape(_changes_text(a, md=False))}</p>"
        )
    if not a.cancelled:
        if a.items:
            parts.append("<h2>Running order</h2>")
            parts.append("<ol>")
            for item in a.items:
                line = f"<strong>{_a(item.title, item.url)}</strong> — {escape(item.speakers)}"
                if item.duration:
                    line += f" ({item.duration} min)"
                if item.summary:
                    line += f"<br>{escape(item.summary)}"
                parts.append(f'<li value="{item.number}">{line}</li>')
            parts.append("</ol>")
        if a.due:
            parts.append(f"<p>Also due to present: {escape(joined(a.due))}.</p>")
        if a.call_for_talks:
            parts.append("<h2>Call for talks</h2>")
            parts.append(f"<p>{escape(_open_sentence(a))}</p>")
            if a.proposals:
                parts.append("<ul>")
                parts += [
                    f"<li>{escape(p.name)} (<code>{escape(p.person_id)}</code>): "
                    f"{escape(p.reason)}</li>"
                    for p in a.proposals
                ]
                parts.append("</ul>")
            parts.append("<p>Claim a slot by adding your talk:</p>")
            parts.append(f"<pre><code>{escape(a.claim_command)}</code></pre>")
    if a.schedule_url:
        parts.append(f"<p>{_a('The whole schedule', a.schedule_url)}</p>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


# Shared -------------------------------------------------------------------------------


def _facts(a: Announcement) -> list[tuple[str, str, str | None]]:
    """(label, text, link) for each fact the event has."""
    facts: list[tuple[str, str, str | None]] = [("When", a.when, None)]
    if a.location:
        facts.append(("Where", a.location, None))
    if a.stream and not a.cancelled:
        facts.append(("Join", a.stream, a.stream))
    if a.theme:
        facts.append(("Theme", a.theme, None))
    if a.host:
        facts.append(("Host", a.host, None))
    if a.event_url:
        facts.append(("Page", a.event_url, a.event_url))
    return facts


def _fact_lines(a: Announcement, *, markdown: bool) -> list[str]:
    if not markdown:
        return [f"{label}: {text}" for label, text, _ in _facts(a)]
    lines = []
    for label, text, link in _facts(a):
        shown = f"<{markdown_url(link)}>" if link else markdown_text(text)
        lines.append(f"**{label}:** {shown}")
    return lines


def _fact_lines_html(a: Announcement) -> list[str]:
    return [f"<strong>{label}:</strong> {_a(text, link)}" for label, text, link in _facts(a)]


def _changes_text(a: Announcement, *, md: bool) -> str:
    text = "; ".join(change.text for change in a.changes) + "."
    return markdown_text(text) if md else text


def _open_sentence(a: Announcement) -> str:
    verb = "is" if a.open_slots == 1 else "are"
    sentence = f"{a.open_slots} of {a.total_slots} slots {verb} open."
    if a.proposals:
        names = joined(tuple(p.name for p in a.proposals))
        sentence += f" The speaker rotation proposes {names}:"
    return sentence


def joined(names: tuple[str, ...]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]
