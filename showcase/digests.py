"""Quarterly digests: what the team showed each quarter, for the people it reports to.

A quarter's digest holds the talks given at its demo days (held before the archive's
today, not cancelled; drafts never), dated by their demo day (``Archive.date_of``). A
quarter without such a talk has no digest. Every view of the digests (their pages, their
entries in the feed) reads them from here.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from showcase.model import Archive, Event, Talk

_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


@dataclass(frozen=True, order=True, slots=True)
class Quarter:
    """A quarter of a year: ``number`` 1 (January to March) to 4."""

    year: int
    number: int

    @classmethod
    def of(cls, day: date) -> Quarter:
        return cls(day.year, (day.month - 1) // 3 + 1)

    @property
    def slug(self) -> str:
        """Its name in addresses: ``2026-q1``."""
        return f"{self.year}-q{self.number}"

    @property
    def label(self) -> str:
        """``Q1 2026``."""
        return f"Q{self.number} {self.year}"

    @property
    def months(self) -> str:
        """``January to March 2026``."""
        first = (self.number - 1) * 3
        return f"{_MONTHS[first]} to {_MONTHS[first + 2]} {self.year}"

    @property
    def first_day(self) -> date:
        return date(self.year, (self.number - 1) * 3 + 1, 1)


@dataclass(frozen=True)
class Digest:
    """A quarter's digest: its demo days held, each with its talks in running order,
    oldest first."""

    quarter: Quarter
    held: tuple[tuple[Event, tuple[Talk, ...]], ...]

    @property
    def events(self) -> tuple[Event, ...]:
        return tuple(event for event, _talks in self.held)

    @cached_property
    def talks(self) -> tuple[Talk, ...]:
        """Every talk of the quarter, oldest demo day first, each in running order."""
        return tuple(talk for _event, talks in self.held for talk in talks)

    @property
    def first_day(self) -> date:
        """The day of its first demo day."""
        return self.held[0][0].date

    @property
    def last_day(self) -> date:
        """The day of its latest demo day: when the digest last grew."""
        return self.held[-1][0].date

    @cached_property
    def speakers(self) -> tuple[str, ...]:
        """Who presented, each once, in the order they first did."""
        return tuple(dict.fromkeys(pid for talk in self.talks for pid in talk.speakers))

    @cached_property
    def topics(self) -> tuple[tuple[str | None, tuple[Talk, ...]], ...]:
        """The talks by topic, each talk once: under the tag of its own that most talks
        of the quarter share (the first of the talk's tags on a tie), talks without a
        tag last under None. Topics with most talks first, then by name."""
        shared = Counter(tag for talk in self.talks for tag in talk.tags)
        grouped: dict[str | None, list[Talk]] = {}
        for talk in self.talks:
            # max keeps the first of equals: the talk's own order breaks a tie.
            tag = max(talk.tags, key=lambda t: shared[t]) if talk.tags else None
            grouped.setdefault(tag, []).append(talk)
        ordered = sorted(
            grouped.items(),
            key=lambda kv: (kv[0] is None, -len(kv[1]), (kv[0] or "").casefold(), kv[0] or ""),
        )
        return tuple((tag, tuple(talks)) for tag, talks in ordered)


def quarterly_digests(archive: Archive) -> tuple[Digest, ...]:
    """Every quarter's digest, the newest quarter first."""
    quarters: dict[Quarter, list[tuple[Event, tuple[Talk, ...]]]] = {}
    for event in archive.events.values():  # by date
        if event.cancelled or not archive.is_past(event):
            continue
        talks = tuple(talk for talk in archive.talks_at(event.id) if not talk.draft)
        if talks:
            quarters.setdefault(Quarter.of(event.date), []).append((event, talks))
    return tuple(
        Digest(quarter, tuple(held)) for quarter, held in sorted(quarters.items(), reverse=True)
    )


def shown_talks(archive: Archive) -> tuple[Talk, ...]:
    """The talks the digests show, newest first (``Archive.given_talks`` without drafts):
    what the feeds of a person and of a topic hold too."""
    return tuple(talk for talk in archive.given_talks if not talk.draft)
