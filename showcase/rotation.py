"""The speaker rotation: who should present at each upcoming demo day, and why.

The rotation reads an archive and the site settings and returns proposals; it writes
nothing and knows nothing about files or MkDocs (``showcase.eventfile`` writes them out).

Events are planned in date order and each proposal is carried forward, so that a person
proposed for December counts as presenting in December when January is planned. Months
are compared by calendar month (events are monthly), so with ``gap_months: 3`` someone
who presents in September may present again in December but not in November.

"Presented" means a talk at an event that was not cancelled, a place in an event's
``speakers:`` (past or upcoming), or a proposal made earlier in the same run. Eligible
people are ranked: those who never presented first (earliest ``joined`` first, no
``joined`` date before any), then the longest since their last talk, then the fewest talks
in the last 12 months, then the fewest talks in all, then by id. The all-time count only
breaks ties the 12-month count cannot see; without it, two people who always land in the
same month can drift two talks apart over a couple of years.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from types import MappingProxyType

from showcase.model import Archive, Event, Person, Slots, Talk
from showcase.settings import Settings

#: How far back "talks in the last 12 months" looks when two people waited as long.
RECENT_MONTHS = 12


class Status(enum.StrEnum):
    """Where a person stands for one event."""

    #: Proposed by the rotation for one of the event's open slots.
    PROPOSED = "proposed"
    #: Already presenting: a speaker of one of its talks or listed in its ``speakers:``.
    PRESENTING = "presenting"
    #: Eligible, but the open slots went to people who come first.
    WAITING = "waiting"
    #: Not eligible at all for this event.
    INELIGIBLE = "ineligible"


@dataclass(frozen=True, slots=True)
class Proposal:
    """A person proposed for an open slot, with the reason they come first."""

    person_id: str
    reason: str


@dataclass(frozen=True, slots=True)
class Verdict:
    """Why one person is or is not proposed for one event."""

    event_id: str
    person_id: str
    status: Status
    reason: str

    @property
    def explanation(self) -> str:
        """The verdict as one sentence for people, like ``proposed: never presented; ...``."""
        if self.status is Status.PROPOSED:
            return f"proposed: {self.reason}"
        return self.reason


@dataclass(frozen=True, slots=True)
class EventPlan:
    """One upcoming event: its confirmed speakers and the proposals for its open slots."""

    event: Event
    #: How the event's slots were taken before any proposal.
    booked: Slots
    #: Proposals for the open slots, best first.
    proposals: tuple[Proposal, ...]
    #: A verdict for every person on the roster, by person id.
    verdicts: tuple[Verdict, ...]

    @property
    def slots(self) -> int:
        """Talks the event can hold (its ``slots``, else the site's ``default_slots``)."""
        return self.booked.total

    @property
    def talks(self) -> tuple[Talk, ...]:
        """Talks already submitted for the event, in running order; one talk takes one slot."""
        return self.booked.talks

    @property
    def listed(self) -> tuple[str, ...]:
        """The event's ``speakers:`` as written in its file."""
        return self.event.speakers

    @property
    def listed_without_talk(self) -> tuple[str, ...]:
        """Listed speakers who have no talk at the event yet: each takes a slot of their own."""
        return self.booked.due

    @property
    def confirmed(self) -> tuple[str, ...]:
        """Everyone already presenting: talk speakers in running order, then listed ones."""
        speakers = [pid for talk in self.talks for pid in talk.speakers]
        return tuple(dict.fromkeys([*speakers, *self.listed]))

    @property
    def filled(self) -> int:
        """Slots taken before any proposal."""
        return self.booked.taken

    @property
    def open_slots(self) -> int:
        """Slots the rotation had to fill."""
        return self.booked.open

    @property
    def unfilled(self) -> int:
        """Open slots left empty because nobody else was eligible."""
        return self.open_slots - len(self.proposals)

    @property
    def proposed_ids(self) -> tuple[str, ...]:
        return tuple(p.person_id for p in self.proposals)

    @property
    def speakers(self) -> tuple[str, ...]:
        """The ``speakers:`` the event file should hold: the listed ones first, then proposals."""
        return (*self.listed, *self.proposed_ids)

    def verdict_for(self, person_id: str) -> Verdict | None:
        return next((v for v in self.verdicts if v.person_id == person_id), None)


@dataclass(frozen=True, slots=True)
class Rotation:
    """The plan for every upcoming event that is not cancelled, soonest first."""

    plans: tuple[EventPlan, ...]

    def plan_for(self, event_id: str) -> EventPlan | None:
        return next((p for p in self.plans if p.event.id == event_id), None)

    @property
    def proposals(self) -> Mapping[str, tuple[Proposal, ...]]:
        """Proposals by event id, for events that have any."""
        return MappingProxyType({p.event.id: p.proposals for p in self.plans if p.proposals})

    def explain(self, person_id: str) -> tuple[Verdict, ...]:
        """One verdict per planned event for ``person_id`` (nothing for an unknown id)."""
        found = (plan.verdict_for(person_id) for plan in self.plans)
        return tuple(v for v in found if v is not None)


def plan_rotation(archive: Archive, settings: Settings) -> Rotation:
    """Propose speakers for every upcoming, not cancelled event with open slots.

    Args:
        archive: The content; its ``today`` decides which events are upcoming.
        settings: ``default_slots``, ``grace_days`` and ``gap_months`` are used.

    Returns:
        A plan per upcoming event that is not cancelled, soonest first, even when it has
        no open slot. Deterministic: it depends only on the content, ``today`` and the
        settings, never on the order the files were read in.
    """
    history = _History.of(archive)
    plans: list[EventPlan] = []
    for event in sorted(archive.upcoming_events, key=lambda e: (e.date, e.id)):
        if event.cancelled:
            continue
        plan = _plan_event(event, archive, settings, history)
        for proposal in plan.proposals:
            history.add(proposal.person_id, _Presentation(event.id, event.date, _Kind.PROPOSED))
        plans.append(plan)
    return Rotation(tuple(plans))


# History ----------------------------------------------------------------------------------


class _Kind(enum.Enum):
    TALK = "talk"
    LISTED = "listed"
    PROPOSED = "proposed"


@dataclass(frozen=True, slots=True)
class _Presentation:
    event_id: str
    day: date
    kind: _Kind

    @property
    def month(self) -> int:
        return month_index(self.day)


class _History:
    """Who presents when: talks and listed speakers of every event, then proposals."""

    def __init__(self) -> None:
        self._by_person: dict[str, list[_Presentation]] = {}

    @classmethod
    def of(cls, archive: Archive) -> _History:
        history = cls()
        for event in archive.events.values():
            # A cancelled event's talks were never given (they usually move to another month).
            if event.cancelled:
                continue
            with_talk = {pid for talk in archive.talks_at(event.id) for pid in talk.speakers}
            for pid in sorted(with_talk):
                history.add(pid, _Presentation(event.id, event.date, _Kind.TALK))
            for pid in sorted(set(event.speakers) - with_talk):
                history.add(pid, _Presentation(event.id, event.date, _Kind.LISTED))
        return history

    def add(self, person_id: str, presentation: _Presentation) -> None:
        self._by_person.setdefault(person_id, []).append(presentation)

    def of_person(self, person_id: str) -> tuple[_Presentation, ...]:
        return tuple(self._by_person.get(person_id, ()))


# Planning one event -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Candidate:
    person_id: str
    key: tuple[int, int, int, int, str]
    reason: str


def _plan_event(event: Event, archive: Archive, settings: Settings, history: _History) -> EventPlan:
    booked = archive.slots_at(event, default_slots=settings.default_slots)
    open_slots = booked.open
    presenting = _presenting_at(event, booked.talks)
    verdicts: dict[str, Verdict] = {}
    candidates: list[_Candidate] = []
    for person in archive.people.values():
        if person.id in presenting:
            verdicts[person.id] = Verdict(
                event.id, person.id, Status.PRESENTING, presenting[person.id]
            )
        elif (obstacle := _obstacle(person, event, archive, settings, history)) is not None:
            verdicts[person.id] = Verdict(event.id, person.id, Status.INELIGIBLE, obstacle)
        else:
            candidates.append(_rank(person, event, history))
    candidates.sort(key=lambda c: c.key)
    for position, candidate in enumerate(candidates):
        if position < open_slots:
            status, reason = Status.PROPOSED, candidate.reason
        else:
            status, reason = Status.WAITING, _waiting(position, open_slots)
        verdicts[candidate.person_id] = Verdict(event.id, candidate.person_id, status, reason)
    return EventPlan(
        event=event,
        booked=booked,
        proposals=tuple(Proposal(c.person_id, c.reason) for c in candidates[:open_slots]),
        verdicts=tuple(verdicts[pid] for pid in sorted(verdicts)),
    )


def _presenting_at(event: Event, talks: Iterable[Talk]) -> dict[str, str]:
    """The reason "already presenting" for everyone who presents at ``event``."""
    reasons: dict[str, str] = {}
    for talk in talks:
        for pid in talk.speakers:
            reasons.setdefault(pid, f"already presenting (talk “{talk.title}”)")
    for pid in event.speakers:
        reasons.setdefault(pid, "already presenting (listed in the event's speakers)")
    return reasons


def _obstacle(
    person: Person, event: Event, archive: Archive, settings: Settings, history: _History
) -> str | None:
    """Why ``person`` cannot be proposed for ``event``, or ``None`` when they can."""
    day = event.date
    if person.guest:
        return "guest"
    if not person.rotation:
        return "opted out of the rotation"
    if person.has_left(day):
        return f"left {person.left}"
    if person.joined is not None:
        if person.joined > day:
            return f"not joined yet (joins {person.joined})"
        eligible_from = person.joined + timedelta(days=settings.grace_days)
        if day < eligible_from:
            return (
                f"joined {person.joined}, inside the {settings.grace_days}-day grace period "
                f"until {eligible_from}"
            )
    for span in person.away:
        if day in span:
            return f"away {span.start} to {span.end}"
    return _too_close(person.id, event, archive, settings, history)


def _too_close(
    person_id: str, event: Event, archive: Archive, settings: Settings, history: _History
) -> str | None:
    """The presentation nearest to ``event`` that falls inside the gap, if any."""
    month = month_index(event.date)
    clashes = [
        p
        for p in history.of_person(person_id)
        if p.event_id != event.id and abs(p.month - month) < settings.gap_months
    ]
    if not clashes:
        return None
    nearest = min(clashes, key=lambda p: (abs(p.month - month), p.day, p.event_id))
    when = month_label(nearest.day)
    within = f"(within {_plural(settings.gap_months, 'month')})"
    if nearest.kind is _Kind.PROPOSED:
        return f"proposed for {when} {within}"
    if nearest.day < archive.today:
        return f"talked {when} {within}"
    return f"presents {when} {within}"


def _rank(person: Person, event: Event, history: _History) -> _Candidate:
    """The sort key and reason of an eligible person: who has waited longest comes first."""
    month = month_index(event.date)
    presentations = history.of_person(person.id)
    if not presentations:
        joined = person.joined.toordinal() if person.joined else 0
        since = f"joined {person.joined}" if person.joined else "no joined date"
        return _Candidate(person.id, (0, joined, 0, 0, person.id), f"never presented; {since}")
    before = [p for p in presentations if p.month < month]
    recent = sum(1 for p in before if month - p.month <= RECENT_MONTHS)
    if not before:
        # Someone whose only talks are later still has waited longer than anyone with an
        # earlier talk.
        upcoming = min(presentations, key=lambda p: p.day)
        reason = f"no talk before this one; next {month_label(upcoming.day)}"
        return _Candidate(person.id, (1, -(10**6), recent, len(before), person.id), reason)
    last = max(before, key=lambda p: p.day)
    months_ago = month - last.month
    reason = f"last talk {month_label(last.day)}, {_plural(months_ago, 'month')} ago"
    return _Candidate(person.id, (1, -months_ago, recent, len(before), person.id), reason)


def _waiting(position: int, open_slots: int) -> str:
    if open_slots == 0:
        return "eligible, but the event has no open slots"
    return (
        f"eligible, but {position} {'other comes' if position == 1 else 'others come'} first "
        f"({_plural(open_slots, 'open slot')})"
    )


# Months -------------------------------------------------------------------------------------


def month_index(day: date) -> int:
    """Months since year 0, so that two dates' difference is a number of calendar months."""
    return day.year * 12 + day.month - 1


def month_label(day: date) -> str:
    return f"{day:%Y-%m}"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"
