"""The immutable model of an archive: people, events, talks and their attachments.

Everything Showcase produces (site pages, calendar, feed, JSON, rotation proposals) reads
this model; nothing here knows about files, YAML or MkDocs.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, time
from functools import cached_property
from types import MappingProxyType

from showcase.problems import Location

#: Characters of a talk's blurb: the most a ``summary`` may have, and where the first
#: paragraph of a writeup without one is cut.
BLURB_LENGTH = 2_000


@dataclass(frozen=True, slots=True)
class Attachment:
    """A file beside a talk's ``index.md`` (``path`` relative to the content folder) or a URL.

    ``kind`` names an entry of the attachment kinds (``showcase.kinds``): "pdf", "html",
    "notebook", "image", "link" or one a plugin registers.
    """

    kind: str
    name: str
    path: str | None = None
    url: str | None = None

    @property
    def is_file(self) -> bool:
        return self.path is not None


@dataclass(frozen=True, slots=True)
class Link:
    title: str
    url: str


@dataclass(frozen=True, slots=True)
class DateRange:
    """An inclusive range of days."""

    start: date
    end: date

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end


@dataclass(frozen=True, slots=True)
class Person:
    id: str
    name: str
    role: str | None = None
    team: str | None = None
    bio: str | None = None
    avatar: str | None = None
    links: tuple[Link, ...] = ()
    joined: date | None = None
    left: date | None = None
    guest: bool = False
    rotation: bool = True
    away: tuple[DateRange, ...] = ()
    #: For ``showcase announce --to ID`` only; never published on the site.
    email: str | None = None
    source: Location = field(default=Location("people.yml"), compare=False)

    def is_away(self, day: date) -> bool:
        return any(day in span for span in self.away)

    def has_left(self, day: date) -> bool:
        return self.left is not None and self.left < day

    @property
    def initials(self) -> str:
        parts = [p for p in re.split(r"[\s\-]+", self.name) if p]
        letters = [p[0] for p in parts[:1] + parts[1:][-1:]]
        return "".join(letters).upper() or self.id[:2].upper()


@dataclass(frozen=True, slots=True)
class Announced:
    """What an event's announcement said (``showcase announce --record`` writes it into the
    event file), so that later changes to the date, time or place can be seen."""

    date: date
    start: time | None = None
    end: time | None = None
    location: str | None = None
    cancelled: bool = False
    #: The calendar SEQUENCE the announcement carried.
    sequence: int = 0


@dataclass(frozen=True, slots=True)
class Event:
    id: str
    date: date
    start: time | None = None
    end: time | None = None
    title: str | None = None
    theme: str | None = None
    location: str | None = None
    stream: str | None = None
    recording: str | None = None
    host: str | None = None
    slots: int | None = None
    speakers: tuple[str, ...] = ()
    cancelled: bool = False
    notes: str | None = None
    #: The snapshot of the last announcement, if it was recorded.
    announced: Announced | None = None
    source: Location = field(default=Location("events"), compare=False)

    @property
    def display_title(self) -> str:
        return self.title or f"{self.date:%B %Y} Demo Day"


@dataclass(frozen=True, slots=True)
class Chapter:
    """A heading of a talk's recording: where it starts (seconds) and what it is called."""

    start: float
    title: str
    source: Location = field(default=Location("talks"), compare=False)


@dataclass(frozen=True, slots=True)
class Talk:
    slug: str
    title: str
    speakers: tuple[str, ...]
    event: str | None = None
    order: int | None = None
    duration: int | None = None
    summary: str | None = None
    tags: tuple[str, ...] = ()
    slides: Attachment | None = None
    notebooks: tuple[Attachment, ...] = ()
    #: The recording: a file beside ``index.md`` (kind ``recording``) or the address of a
    #: hosted video (kind ``hosted``), from the front matter's ``video``.
    recording: Attachment | None = None
    #: The recording's transcript (kind ``transcript``): WebVTT, SubRip or text.
    transcript: Attachment | None = None
    #: The recording's chapters as the front matter gives them (else the transcript's).
    chapters: tuple[Chapter, ...] = ()
    #: Whether the transcript was made by a machine (None: as the transcript file says).
    transcript_auto: bool | None = None
    links: tuple[Link, ...] = ()
    cover: Attachment | None = None
    draft: bool = False
    body: str = ""
    source: Location = field(default=Location("talks"), compare=False)

    @property
    def video(self) -> str | None:
        """The address of the hosted recording, if the recording is hosted elsewhere."""
        return self.recording.url if self.recording is not None else None

    @property
    def folder(self) -> str:
        return f"talks/{self.slug}"

    @property
    def attachments(self) -> tuple[Attachment, ...]:
        """Slides, then notebooks, then the cover (the recording and its transcript are
        ``media``)."""
        items: list[Attachment] = []
        if self.slides is not None:
            items.append(self.slides)
        items.extend(self.notebooks)
        if self.cover is not None:
            items.append(self.cover)
        return tuple(items)

    @property
    def media(self) -> tuple[Attachment, ...]:
        """The recording, then its transcript."""
        return tuple(item for item in (self.recording, self.transcript) if item is not None)

    @property
    def has_content(self) -> bool:
        """Whether there is anything to show for the talk after it was given."""
        return bool(
            has_prose(self.body) or self.summary or self.slides or self.notebooks or self.recording
        )

    @property
    def blurb(self) -> str:
        """The summary, or the first paragraph of the writeup when there is none (cut
        short at ``BLURB_LENGTH``: it goes into every speaker's calendar and the feed)."""
        if self.summary:
            return self.summary
        paragraph = first_paragraph(self.body)
        if len(paragraph) <= BLURB_LENGTH:
            return paragraph
        kept = paragraph[: BLURB_LENGTH - 1]
        return kept[: kept.rfind(" ")].rstrip() + "…" if " " in kept else kept + "…"


@dataclass(frozen=True, slots=True)
class Slots:
    """How an event's slots are taken: one per talk, one per listed speaker without a talk.

    The talks are those of the archive that was asked (``Archive.slots_at``): an archive
    without drafts leaves them out, as the content format's "drafts do not count" says for
    the warning; the planning archive keeps them, so that a draft already holds its place
    when the rotation fills the other slots.
    """

    event: Event
    #: The event's ``slots``, else the site's default.
    total: int
    #: The event's talks in running order; each takes one slot.
    talks: tuple[Talk, ...]
    #: Listed speakers (the event's ``speakers:``) with no talk at the event yet, in the
    #: order listed; each takes a slot of their own.
    due: tuple[str, ...]

    @property
    def taken(self) -> int:
        """Slots taken by talks and by speakers due to present."""
        return len(self.talks) + len(self.due)

    @property
    def open(self) -> int:
        """Slots nobody has taken yet."""
        return max(0, self.total - self.taken)

    @property
    def talks_outnumber_slots(self) -> bool:
        """More talks than slots: the content format's warning counts talks only."""
        return len(self.talks) > self.total


@dataclass(frozen=True)
class Archive:
    """Everything in a content folder, with the derived facts every view needs.

    ``today`` decides which events are past and which upcoming; it is fixed when the
    archive is built so that every view of one build agrees.
    """

    people: Mapping[str, Person]
    events: Mapping[str, Event]
    talks: Mapping[str, Talk]
    today: date

    def __post_init__(self) -> None:
        # Freeze the mappings and order them once: people by name, events by date,
        # talks by slug, so that every output is the same whatever the file order.
        object.__setattr__(self, "people", MappingProxyType(dict(sorted(self.people.items()))))
        object.__setattr__(
            self,
            "events",
            MappingProxyType(dict(sorted(self.events.items(), key=lambda kv: kv[1].date))),
        )
        object.__setattr__(self, "talks", MappingProxyType(dict(sorted(self.talks.items()))))

    def without_drafts(self) -> Archive:
        """The same archive with the talks marked ``draft`` left out."""
        talks = {slug: t for slug, t in self.talks.items() if not t.draft}
        return Archive(self.people, self.events, talks, self.today)

    # Events -------------------------------------------------------------------------

    def is_past(self, event: Event) -> bool:
        return event.date < self.today

    @cached_property
    def past_events(self) -> tuple[Event, ...]:
        """Events before today, newest first."""
        return tuple(reversed([e for e in self.events.values() if self.is_past(e)]))

    @cached_property
    def upcoming_events(self) -> tuple[Event, ...]:
        """Events today or later, soonest first (cancelled ones included)."""
        return tuple(e for e in self.events.values() if not self.is_past(e))

    @cached_property
    def next_event(self) -> Event | None:
        """The soonest upcoming event that is not cancelled."""
        return next((e for e in self.upcoming_events if not e.cancelled), None)

    @cached_property
    def _talks_by_event(self) -> Mapping[str, tuple[Talk, ...]]:
        grouped: dict[str, list[Talk]] = {}
        for talk in self.talks.values():
            if talk.event is not None:
                grouped.setdefault(talk.event, []).append(talk)
        return {
            event_id: tuple(sorted(talks, key=running_order_key))
            for event_id, talks in grouped.items()
        }

    def talks_at(self, event_id: str) -> tuple[Talk, ...]:
        """An event's talks in running order: by ``order``, then unordered ones by title."""
        return self._talks_by_event.get(event_id, ())

    def slots_at(self, event: Event, /, *, default_slots: int) -> Slots:
        """How ``event``'s slots are taken; ``default_slots`` counts when it gives none."""
        return Slots(
            event, event.slots or default_slots, self.talks_at(event.id), self.due_at(event)
        )

    def due_at(self, event: Event) -> tuple[str, ...]:
        """The people ``event`` lists in ``speakers`` who have no talk at it (yet)."""
        with_talk = {pid for talk in self.talks_at(event.id) for pid in talk.speakers}
        return tuple(dict.fromkeys(pid for pid in event.speakers if pid not in with_talk))

    def open_events(self, *, default_slots: int, but: str | None = None) -> tuple[Event, ...]:
        """Upcoming demo days (not cancelled, not ``but``) with a slot nobody has taken yet,
        soonest first: where a talk that does not fit its demo day can go."""
        return tuple(
            event
            for event in self.upcoming_events
            if not event.cancelled
            and event.id != but
            and self.slots_at(event, default_slots=default_slots).open
        )

    def event_of(self, talk: Talk) -> Event | None:
        return self.events.get(talk.event) if talk.event else None

    def date_of(self, talk: Talk) -> date | None:
        event = self.event_of(talk)
        return event.date if event else None

    # Talks --------------------------------------------------------------------------

    @cached_property
    def proposed_talks(self) -> tuple[Talk, ...]:
        """Talks that are not scheduled at any event yet, by title."""
        return tuple(
            sorted(
                (t for t in self.talks.values() if t.event is None),
                key=lambda t: (t.title.casefold(), t.slug),
            )
        )

    @cached_property
    def talks_newest_first(self) -> tuple[Talk, ...]:
        """Scheduled talks, the latest event first, each event in running order."""
        ordered: list[Talk] = []
        for event in reversed(list(self.events.values())):
            ordered.extend(self.talks_at(event.id))
        return tuple(ordered)

    @cached_property
    def given_talks(self) -> tuple[Talk, ...]:
        """Talks of past events that were not cancelled, newest first."""
        return tuple(
            t
            for t in self.talks_newest_first
            if (e := self.event_of(t)) is not None and self.is_past(e) and not e.cancelled
        )

    @cached_property
    def _talks_by_person(self) -> Mapping[str, tuple[Talk, ...]]:
        grouped: dict[str, list[Talk]] = {pid: [] for pid in self.people}
        for talk in (*self.talks_newest_first, *self.proposed_talks):
            for speaker in talk.speakers:
                grouped.setdefault(speaker, []).append(talk)
        return {pid: tuple(talks) for pid, talks in grouped.items()}

    def talks_by(self, person_id: str) -> tuple[Talk, ...]:
        """A person's talks, newest event first, then their proposed talks."""
        return self._talks_by_person.get(person_id, ())

    @cached_property
    def _talks_by_tag(self) -> Mapping[str, tuple[Talk, ...]]:
        grouped: dict[str, list[Talk]] = {}
        for talk in (*self.talks_newest_first, *self.proposed_talks):
            for tag in talk.tags:
                grouped.setdefault(tag, []).append(talk)
        return dict(sorted((tag, tuple(ts)) for tag, ts in grouped.items()))

    @property
    def tags(self) -> Mapping[str, tuple[Talk, ...]]:
        """Every tag in use, alphabetically, with its talks newest first."""
        return self._talks_by_tag


def running_order_key(talk: Talk) -> tuple[int, int, str, str]:
    return (
        0 if talk.order is not None else 1,
        talk.order or 0,
        talk.title.casefold(),
        talk.slug,
    )


_MARKUP = re.compile(r"!\[[^\]]*\]\([^)]*\)|<[^>]+>|[*_`#>]+")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")


_COMMENT = re.compile(r"<!--.*?(-->|$)", re.DOTALL)


def has_prose(markdown: str) -> bool:
    """Whether a writeup says anything beyond headings and HTML comments (an empty outline)."""
    without_comments = _COMMENT.sub("", markdown)
    return any(
        line.strip() and not line.lstrip().startswith("#") for line in without_comments.splitlines()
    )


def first_paragraph(markdown: str) -> str:
    """The first paragraph of prose in a Markdown text, as plain text."""
    in_fence = False
    paragraph: list[str] = []
    for line in _COMMENT.sub("", markdown).splitlines():
        stripped = line.strip()
        if stripped.startswith(("```", "~~~")):
            in_fence = not in_fence
            if paragraph:
                break
            continue
        if in_fence:
            continue
        if not stripped or stripped.startswith(("#", "|", "<!--", "---", "- ", "* ", "1. ")):
            if paragraph:
                break
            continue
        paragraph.append(stripped)
    text = " ".join(paragraph)
    text = _LINK.sub(r"\1", text)
    return " ".join(_MARKUP.sub("", text).split())
