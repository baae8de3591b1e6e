"""What changed about an event since its announcement, and the calendar SEQUENCE that says so.

``showcase announce --record`` writes an ``announced:`` snapshot (date, time, place, the
SEQUENCE it carried) into the event file. Against it, the calendar raises SEQUENCE by one
when the event now differs, so that subscribed calendars and invitations update the entry
they have instead of adding a second one, and the schedule page marks the change.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, time

from showcase.model import Event


class ChangeKind(enum.StrEnum):
    MOVED = "moved"
    TIME = "time"
    PLACE = "place"
    CANCELLED = "cancelled"
    RESTORED = "restored"


@dataclass(frozen=True, slots=True)
class Change:
    kind: ChangeKind
    #: A sentence for people, like "moved from Thu 18 Feb 2027".
    text: str


def changes_since_announcement(event: Event) -> tuple[Change, ...]:
    """How ``event`` differs from its ``announced:`` snapshot; empty without one."""
    before = event.announced
    if before is None:
        return ()
    found: list[Change] = []
    if event.cancelled and not before.cancelled:
        found.append(Change(ChangeKind.CANCELLED, "cancelled since it was announced"))
    elif before.cancelled and not event.cancelled:
        found.append(Change(ChangeKind.RESTORED, "back on after it was announced as cancelled"))
    if event.date != before.date:
        found.append(Change(ChangeKind.MOVED, f"moved from {_day(before.date)}"))
    if (event.start, event.end) != (before.start, before.end):
        found.append(
            Change(ChangeKind.TIME, f"time changed from {_hours(before.start, before.end)}")
        )
    if event.location != before.location:
        was = f"from {before.location}" if before.location else "(none was announced)"
        found.append(Change(ChangeKind.PLACE, f"place changed {was}"))
    return tuple(found)


def calendar_sequence(event: Event) -> int:
    """The SEQUENCE of the event's calendar entry: the announced one, plus one when the
    event changed since. Never announced: 0, or 1 once cancelled (a cancellation is a
    change to whatever calendars hold, announced or not)."""
    if event.announced is None:
        return 1 if event.cancelled else 0
    return event.announced.sequence + (1 if changes_since_announcement(event) else 0)


def calendar_key(event: Event, events: Mapping[str, Event]) -> str:
    """The id the event's calendar UID is made from: the month it was announced for, so
    that a demo day moved into another month (and so renamed, ``events/2027-03.yml``) keeps
    its UID, unless another event's file is named for that month; else its own id."""
    if event.announced is None:
        return event.id
    announced_id = f"{event.announced.date:%Y-%m}"
    if announced_id != event.id and announced_id in events:
        return event.id
    return announced_id


def _day(value: date) -> str:
    return f"{value:%a} {value.day} {value:%b %Y}"


def _hours(start: time | None, end: time | None) -> str:
    if start is None:
        return "all day"
    return f"{start:%H:%M}" + (f"\u2013{end:%H:%M}" if end else "")
