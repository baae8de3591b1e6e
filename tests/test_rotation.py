"""The speaker rotation: eligibility, order, reasons, the event-file writer and the CLI.

Three layers: units on small archives built from model objects, simulations that run the
rotation month by month for two years (on model objects, then on real files through
``showcase rotation --write``), and property-based tests on random rosters. The invariant
checks use their own oracle of the rules rather than the module's helpers.
"""

from __future__ import annotations

import dataclasses
import itertools
import os
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from showcase.cli import main
from showcase.eventfile import EventFileError, with_speakers, write_speakers
from showcase.loader import load_archive
from showcase.model import Archive, DateRange, Event, Person, Talk
from showcase.rotation import Rotation, Status, month_index, plan_rotation
from showcase.settings import Settings

TODAY = date(2026, 11, 24)
SETTINGS = Settings()


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No SHOWCASE_TODAY or mkdocs.yml from the developer's shell may change what tests see."""
    monkeypatch.delenv("SHOWCASE_TODAY", raising=False)
    monkeypatch.chdir(tmp_path)


# Building archives ---------------------------------------------------------------------------


def person(pid: str, **fields: object) -> Person:
    return Person(id=pid, name=pid.replace("-", " ").title(), **fields)  # type: ignore[arg-type]


def event(eid: str, day: int = 17, **fields: object) -> Event:
    year, month = (int(part) for part in eid.split("-"))
    return Event(id=eid, date=date(year, month, day), **fields)  # type: ignore[arg-type]


def talk(slug: str, speakers: Sequence[str], event_id: str | None) -> Talk:
    return Talk(
        slug=slug,
        title=slug.replace("-", " ").capitalize(),
        speakers=tuple(speakers),
        event=event_id,
    )


def archive(
    people: Iterable[Person],
    events: Iterable[Event],
    talks: Iterable[Talk] = (),
    today: date = TODAY,
) -> Archive:
    return Archive(
        people={p.id: p for p in people},
        events={e.id: e for e in events},
        talks={t.slug: t for t in talks},
        today=today,
    )


def verdict(rotation: Rotation, event_id: str, person_id: str) -> tuple[Status, str]:
    plan = rotation.plan_for(event_id)
    assert plan is not None
    found = plan.verdict_for(person_id)
    assert found is not None
    return found.status, found.explanation


# Slots -----------------------------------------------------------------------------------------


def test_talks_fill_slots_first_one_talk_one_slot() -> None:
    people = [person(f"p{i}") for i in range(8)]
    talks = [talk("duo", ["p0", "p1"], "2026-12"), talk("solo", ["p2"], "2026-12")]
    plan = plan_rotation(archive(people, [event("2026-12")], talks), SETTINGS).plans[0]

    assert plan.slots == 4
    assert plan.filled == 2
    assert plan.confirmed == ("p0", "p1", "p2")
    assert len(plan.proposals) == 2
    assert not set(plan.proposed_ids) & {"p0", "p1", "p2"}


def test_listed_speaker_takes_a_slot_unless_they_already_have_a_talk() -> None:
    people = [person(f"p{i}") for i in range(8)]
    talks = [talk("solo", ["p0"], "2026-12")]
    listed = event("2026-12", speakers=("p0", "p5"), slots=3)
    plan = plan_rotation(archive(people, [listed], talks), SETTINGS).plans[0]

    assert plan.filled == 2  # the talk, and p5 who has no talk yet; p0 not twice
    assert plan.listed_without_talk == ("p5",)
    assert len(plan.proposals) == 1
    assert plan.speakers == ("p0", "p5", plan.proposals[0].person_id)


def test_event_slots_override_the_default_and_full_events_get_nobody() -> None:
    people = [person(f"p{i}") for i in range(10)]
    events = [event("2026-12", slots=1), event("2027-01", slots=2), event("2027-02")]
    talks = [talk("t", ["p9"], "2026-12")]
    rotation = plan_rotation(archive(people, events, talks), Settings(default_slots=3))

    assert [len(p.proposals) for p in rotation.plans] == [0, 2, 3]
    assert rotation.plans[0].open_slots == 0
    assert "2026-12" not in rotation.proposals


def test_slots_at_counts_talks_then_listed_speakers_without_one() -> None:
    people = [person(f"p{i}") for i in range(4)]
    listed = event("2026-12", speakers=("p3", "p0", "p2"), slots=3)
    talks = [talk("duo", ["p0", "p1"], "2026-12"), talk("solo", ["p2"], "2026-12")]

    slots = archive(people, [listed], talks).slots_at(listed, default_slots=4)

    assert (slots.total, [t.slug for t in slots.talks], slots.due) == (3, ["duo", "solo"], ("p3",))
    assert (slots.taken, slots.open) == (3, 0)
    assert not slots.talks_outnumber_slots


def test_slots_at_never_opens_a_negative_number_and_warns_on_talks_only() -> None:
    people = [person(f"p{i}") for i in range(4)]
    crowded = event("2026-12", speakers=("p2", "p3"))
    talks = [talk("a", ["p0"], "2026-12"), talk("b", ["p1"], "2026-12")]
    arch = archive(people, [crowded], talks)

    over = arch.slots_at(crowded, default_slots=3)
    # Two talks and two speakers due take four slots of three, but only talks warn.
    assert (over.taken, over.open, over.talks_outnumber_slots) == (4, 0, False)
    assert arch.slots_at(crowded, default_slots=1).talks_outnumber_slots


def test_a_draft_takes_its_slot_in_the_archive_that_holds_it() -> None:
    people = [person(f"p{i}") for i in range(4)]
    december = event("2026-12", slots=2)
    wip = dataclasses.replace(talk("wip", ["p0"], "2026-12"), draft=True)
    arch = archive(people, [december], [wip])

    assert arch.slots_at(december, default_slots=4).open == 1
    assert arch.without_drafts().slots_at(december, default_slots=4).open == 2
    plan = plan_rotation(arch, SETTINGS).plans[0]
    assert (plan.filled, len(plan.proposals)) == (1, 1)
    assert "p0" not in plan.proposed_ids


def test_past_and_cancelled_events_are_not_planned() -> None:
    people = [person(f"p{i}") for i in range(6)]
    events = [event("2026-10"), event("2026-12", cancelled=True), event("2027-01")]
    rotation = plan_rotation(archive(people, events), SETTINGS)

    assert [p.event.id for p in rotation.plans] == ["2027-01"]


def test_an_event_today_is_still_planned() -> None:
    rotation = plan_rotation(archive([person("ana")], [event("2026-11", day=24)]), SETTINGS)
    assert rotation.plans[0].proposed_ids == ("ana",)


# Eligibility -----------------------------------------------------------------------------------


def test_each_reason_for_not_being_proposed() -> None:
    people = [
        person("guest", guest=True),
        person("opted-out", rotation=False),
        person("leaver", left=date(2026, 12, 16)),
        person("newcomer", joined=date(2026, 10, 20)),
        person("future", joined=date(2027, 3, 1)),
        person("away", away=(DateRange(date(2026, 12, 1), date(2027, 1, 10)),)),
        person("speaker"),
        person("listed"),
        person("recent"),
        person("upcoming"),
    ]
    events = [event("2026-10"), event("2026-12", speakers=("listed",)), event("2027-02")]
    talks = [
        talk("mine", ["speaker"], "2026-12"),
        talk("old", ["recent"], "2026-10"),
        talk("later", ["upcoming"], "2027-02"),
    ]
    rotation = plan_rotation(archive(people, events, talks), SETTINGS)

    def why(pid: str) -> str:
        status, text = verdict(rotation, "2026-12", pid)
        assert status in (Status.INELIGIBLE, Status.PRESENTING)
        return text

    assert why("guest") == "guest"
    assert why("opted-out") == "opted out of the rotation"
    assert why("leaver") == "left 2026-12-16"
    assert why("newcomer") == ("joined 2026-10-20, inside the 60-day grace period until 2026-12-19")
    assert why("future") == "not joined yet (joins 2027-03-01)"
    assert why("away") == "away 2026-12-01 to 2027-01-10"
    assert why("speaker") == "already presenting (talk “Mine”)"
    assert why("listed") == "already presenting (listed in the event's speakers)"
    assert why("recent") == "talked 2026-10 (within 3 months)"
    assert why("upcoming") == "presents 2027-02 (within 3 months)"
    assert rotation.plans[0].proposals == ()


@pytest.mark.parametrize(
    ("fields", "eligible"),
    [
        ({"left": date(2026, 12, 17)}, True),  # leaving on the day still presents
        ({"left": date(2026, 12, 16)}, False),
        ({"joined": date(2026, 10, 18)}, True),  # exactly 60 days before
        ({"joined": date(2026, 10, 19)}, False),
        ({"joined": None}, True),  # no joined date: long-standing
        ({"away": (DateRange(date(2026, 12, 17), date(2026, 12, 17)),)}, False),
        ({"away": (DateRange(date(2026, 12, 1), date(2026, 12, 16)),)}, True),
        ({"away": (DateRange(date(2026, 12, 18), date(2027, 1, 5)),)}, True),
    ],
)
def test_eligibility_boundaries(fields: dict[str, object], eligible: bool) -> None:
    rotation = plan_rotation(archive([person("ana", **fields)], [event("2026-12")]), SETTINGS)
    assert (rotation.plans[0].proposed_ids == ("ana",)) is eligible


@pytest.mark.parametrize(
    ("talk_month", "eligible"),
    [
        ("2026-09", True),
        ("2026-10", False),
        ("2026-11", False),
        ("2027-02", False),
        ("2027-03", True),
    ],
)
def test_gap_counts_calendar_months_before_and_after(talk_month: str, eligible: bool) -> None:
    months = ["2026-09", "2026-10", "2026-11", "2026-12", "2027-02", "2027-03"]
    talks = [talk("t", ["ana"], talk_month)]
    rotation = plan_rotation(archive([person("ana")], map(event, months), talks), SETTINGS)
    status, _ = verdict(rotation, "2026-12", "ana")
    assert (status is Status.PROPOSED) is eligible


def test_a_zero_gap_allows_consecutive_months() -> None:
    events = [event("2026-12", slots=1), event("2027-01", slots=1)]
    rotation = plan_rotation(archive([person("ana")], events), Settings(gap_months=0))
    assert [p.proposed_ids for p in rotation.plans] == [("ana",), ("ana",)]


def test_proposals_are_carried_forward_to_later_events() -> None:
    people = [person("ana"), person("bo"), person("cy")]
    events = [event("2026-12", slots=2), event("2027-01", slots=2), event("2027-02", slots=2)]
    rotation = plan_rotation(archive(people, events), SETTINGS)

    assert rotation.plans[0].proposed_ids == ("ana", "bo")
    assert rotation.plans[1].proposed_ids == ("cy",)
    assert rotation.plans[1].unfilled == 1
    assert verdict(rotation, "2027-01", "ana") == (
        Status.INELIGIBLE,
        "proposed for 2026-12 (within 3 months)",
    )
    assert rotation.plans[2].proposed_ids == ()


def test_talks_at_cancelled_events_do_not_count() -> None:
    events = [event("2026-10", cancelled=True), event("2026-12", slots=1)]
    talks = [talk("moved", ["ana"], "2026-10")]
    rotation = plan_rotation(archive([person("ana"), person("bo")], events, talks), SETTINGS)
    assert rotation.plans[0].proposed_ids == ("ana",)
    assert rotation.plans[0].proposals[0].reason == "never presented; no joined date"


def test_talks_without_an_event_do_not_count_as_presented() -> None:
    people = [person("ana", joined=date(2020, 1, 1)), person("bo", joined=date(2021, 1, 1))]
    talks = [talk("idea", ["ana"], None), talk("given", ["bo"], "2026-01")]
    rotation = plan_rotation(
        archive(people, [event("2026-01"), event("2026-12", slots=1)], talks), SETTINGS
    )
    assert rotation.plans[0].proposals[0].reason == "never presented; joined 2020-01-01"


# Order and reasons -----------------------------------------------------------------------------


def test_order_never_presented_then_longest_wait_then_fewer_recent_talks_then_id() -> None:
    people = [
        person("new-late", joined=date(2024, 6, 1)),
        person("new-early", joined=date(2023, 1, 1)),
        person("new-undated"),
        person("waited-long"),
        person("busy"),
        person("quiet"),
        person("also-quiet"),
    ]
    events = [event(f"2025-{m:02d}") for m in (10, 11, 12)] + [
        event("2026-08"),
        event("2026-12", slots=7),
    ]
    talks = [
        talk("a", ["waited-long"], "2025-10"),
        talk("b", ["busy"], "2025-12"),
        talk("c", ["busy"], "2026-08"),
        talk("d", ["quiet"], "2026-08"),
        talk("e", ["also-quiet"], "2026-08"),
    ]
    plan = plan_rotation(archive(people, events, talks), SETTINGS).plans[-1]

    assert plan.proposed_ids == (
        "new-undated",
        "new-early",
        "new-late",
        "waited-long",
        "also-quiet",
        "quiet",
        "busy",
    )
    reasons = {p.person_id: p.reason for p in plan.proposals}
    assert reasons["new-undated"] == "never presented; no joined date"
    assert reasons["new-early"] == "never presented; joined 2023-01-01"
    assert reasons["waited-long"] == "last talk 2025-10, 14 months ago"
    assert reasons["busy"] == "last talk 2026-08, 4 months ago"


def test_only_a_later_talk_ranks_after_never_presented_and_before_earlier_talks() -> None:
    people = [person("ana"), person("bo"), person("cy")]
    events = [event("2026-06"), event("2026-12", slots=3), event("2027-06")]
    talks = [talk("later", ["bo"], "2027-06"), talk("earlier", ["cy"], "2026-06")]
    plan = plan_rotation(archive(people, events, talks), SETTINGS).plans[0]

    assert plan.proposed_ids == ("ana", "bo", "cy")
    assert plan.proposals[1].reason == "no talk before this one; next 2027-06"


def test_waiting_verdict_counts_the_people_ahead() -> None:
    people = [person(f"p{i}") for i in range(5)]
    rotation = plan_rotation(archive(people, [event("2026-12", slots=2)]), SETTINGS)

    assert verdict(rotation, "2026-12", "p0") == (
        Status.PROPOSED,
        "proposed: never presented; no joined date",
    )
    assert verdict(rotation, "2026-12", "p3") == (
        Status.WAITING,
        "eligible, but 3 others come first (2 open slots)",
    )
    full = plan_rotation(
        archive(people, [event("2026-12", slots=1)], [talk("t", ["p4"], "2026-12")]), SETTINGS
    )
    assert verdict(full, "2026-12", "p0") == (
        Status.WAITING,
        "eligible, but the event has no open slots",
    )


def test_explain_gives_one_verdict_per_planned_event() -> None:
    people = [person("ana"), person("bo")]
    events = [event("2026-12", slots=1), event("2027-01", slots=1), event("2027-02", slots=1)]
    rotation = plan_rotation(archive(people, events), SETTINGS)

    assert [(v.event_id, v.status) for v in rotation.explain("bo")] == [
        ("2026-12", Status.WAITING),
        ("2027-01", Status.PROPOSED),
        ("2027-02", Status.INELIGIBLE),
    ]
    assert rotation.explain("nobody") == ()


def test_result_does_not_depend_on_input_order() -> None:
    people = [person(f"p{i:02d}", joined=date(2020, 1 + i % 12, 1)) for i in range(12)]
    events = [event(f"2027-{m:02d}", slots=3) for m in range(1, 13)]
    talks = [talk(f"t{i}", [f"p{i:02d}"], f"2026-{1 + i % 11:02d}") for i in range(12)]
    past = [event(f"2026-{m:02d}") for m in range(1, 12)]
    forward = archive(people, [*past, *events], talks)
    backward = archive(reversed(people), reversed([*past, *events]), reversed(talks))

    assert plan_rotation(forward, SETTINGS) == plan_rotation(backward, SETTINGS)


# Invariants, checked by an oracle of the rules ------------------------------------------------


def oracle_history(arch: Archive) -> dict[str, list[tuple[int, str]]]:
    """(month, event id) of every talk and listed speaker at events not cancelled."""
    history: dict[str, list[tuple[int, str]]] = {}
    for ev in arch.events.values():
        if ev.cancelled:
            continue
        presenters = {pid for t in arch.talks.values() if t.event == ev.id for pid in t.speakers}
        for pid in presenters | set(ev.speakers):
            history.setdefault(pid, []).append((month_index(ev.date), ev.id))
    return history


def oracle_eligible(
    who: Person,
    ev: Event,
    presenting: set[str],
    history: Mapping[str, list[tuple[int, str]]],
    config: Settings,
) -> bool:
    day = ev.date
    return (
        not who.guest
        and who.rotation
        and (who.left is None or who.left >= day)
        and (who.joined is None or (day - who.joined).days >= config.grace_days)
        and not any(span.start <= day <= span.end for span in who.away)
        and who.id not in presenting
        and all(
            abs(month - month_index(day)) >= config.gap_months
            for month, eid in history.get(who.id, ())
            if eid != ev.id
        )
    )


def check_invariants(arch: Archive, rotation: Rotation, config: Settings) -> None:
    """Nobody ineligible proposed, no slot left open that someone could take, gaps kept."""
    history = oracle_history(arch)
    for plan in rotation.plans:
        ev = plan.event
        presenting = set(plan.confirmed)
        ids = plan.proposed_ids
        assert len(ids) == len(set(ids))
        assert len(ids) <= plan.open_slots
        for pid in ids:
            assert oracle_eligible(arch.people[pid], ev, presenting, history, config), (
                f"{pid} proposed for {ev.id} but not eligible"
            )
        if plan.unfilled:
            for other in arch.people.values():
                if other.id not in ids:
                    assert not oracle_eligible(other, ev, presenting, history, config), (
                        f"{ev.id} has an open slot that {other.id} could take"
                    )
        for pid in ids:
            history.setdefault(pid, []).append((month_index(ev.date), ev.id))
    # Every pair of presentations of one person that involves a proposal keeps the gap.
    proposed = {(pid, p.event.id) for p in rotation.plans for pid in p.proposed_ids}
    for pid, entries in history.items():
        for month_a, eid_a in entries:
            for month_b, eid_b in entries:
                if eid_a < eid_b and {(pid, eid_a), (pid, eid_b)} & proposed:
                    assert abs(month_a - month_b) >= config.gap_months, (
                        f"{pid} presents {eid_a} and {eid_b}"
                    )


def always_eligible(
    people: Iterable[Person], events: Sequence[Event], config: Settings
) -> list[str]:
    """People whom no rule but the gap ever keeps out of any of ``events``."""
    first = min(e.date for e in events)
    last = max(e.date for e in events)
    return [
        p.id
        for p in people
        if not p.guest
        and p.rotation
        and (p.left is None or p.left >= last)
        and (p.joined is None or (first - p.joined).days >= config.grace_days)
        and not any(span.start <= e.date <= span.end for span in p.away for e in events)
    ]


def assert_fair(
    events: Sequence[Event], speakers: Mapping[str, Sequence[str]], people: Sequence[str]
) -> None:
    """After every event, the talk counts of ``people`` differ by at most one."""
    if not people:
        return
    counts = dict.fromkeys(people, 0)
    for ev in sorted(events, key=lambda e: e.date):
        for pid in speakers.get(ev.id, ()):
            if pid in counts:
                counts[pid] += 1
        assert max(counts.values()) - min(counts.values()) <= 1, (ev.id, counts)


# Two years of demo days -----------------------------------------------------------------------

SIM_START = date(2027, 1, 1)
SIM_MONTHS = 24
LOOKAHEAD = 2  # events are planned this many months ahead, as an organiser would


def sim_events() -> list[Event]:
    events = []
    for i in range(SIM_MONTHS):
        year, month = 2027 + i // 12, 1 + i % 12
        eid = f"{year}-{month:02d}"
        events.append(event(eid, day=8 + (i * 5) % 20, cancelled=eid == "2027-08"))
    return events


def sim_roster() -> list[Person]:
    regulars = [
        person(f"regular-{i:02d}", joined=None if i % 4 == 0 else date(2019 + i % 5, i, 3))
        for i in range(1, 13)
    ]
    return [
        *regulars,
        person("guest-one", guest=True),
        person("guest-two", guest=True, joined=date(2020, 1, 1)),
        person("opted-out-one", rotation=False),
        person("opted-out-two", rotation=False, joined=date(2018, 5, 1)),
        person("away-spring", away=(DateRange(date(2027, 3, 1), date(2027, 6, 30)),)),
        person(
            "away-often",
            away=(
                DateRange(date(2027, 9, 1), date(2027, 9, 30)),
                DateRange(date(2028, 2, 1), date(2028, 4, 15)),
                DateRange(date(2028, 11, 20), date(2028, 11, 20)),
            ),
        ),
        person("newcomer", joined=date(2027, 8, 20)),
        person("leaver", joined=date(2021, 2, 1), left=date(2027, 10, 31)),
    ]


def assert_simulation_outcome(
    events: Sequence[Event], speakers: Mapping[str, Sequence[str]], config: Settings
) -> None:
    roster = {p.id: p for p in sim_roster()}
    by_id = {e.id: e for e in events}
    for eid, ids in speakers.items():
        day = by_id[eid].date
        for pid in ids:
            who = roster[pid]
            assert not who.guest and who.rotation, f"{pid} assigned to {eid}"
            assert not who.is_away(day) and not who.has_left(day), f"{pid} assigned to {eid}"
            assert who.joined is None or (day - who.joined).days >= config.grace_days
    # Newcomers wait out the grace period, then come first: never presented.
    grace_end = date(2027, 8, 20) + timedelta(days=config.grace_days)
    newcomer_events = [eid for eid, ids in speakers.items() if "newcomer" in ids]
    first_eligible = min(e.id for e in events if e.date >= grace_end and not e.cancelled)
    assert min(newcomer_events) == first_eligible
    # Nobody presents twice within the gap.
    for pid in roster:
        months = sorted(month_index(by_id[eid].date) for eid, ids in speakers.items() if pid in ids)
        assert all(b - a >= config.gap_months for a, b in itertools.pairwise(months))
    assert_fair(events, speakers, always_eligible(roster.values(), events, config))
    # The cancelled month stays empty and every other month is full.
    assert "2027-08" not in speakers
    assert all(
        len(speakers.get(e.id, ())) == config.default_slots for e in events if not e.cancelled
    )


def test_two_years_of_monthly_rotation_on_the_model() -> None:
    """Month by month, writing each month's proposals into the events as --write would."""
    events = sim_events()
    roster = sim_roster()
    listed: dict[str, tuple[str, ...]] = {}
    for i, current in enumerate(events):
        today = current.date - timedelta(days=20)
        window = [
            dataclasses.replace(e, speakers=listed.get(e.id, ()))
            for e in events[: i + 1 + LOOKAHEAD]
        ]
        arch = archive(roster, window, today=today)
        rotation = plan_rotation(arch, SETTINGS)
        check_invariants(arch, rotation, SETTINGS)
        for plan in rotation.plans:
            listed[plan.event.id] = plan.speakers
    assert_simulation_outcome(events, {k: v for k, v in listed.items() if v}, SETTINGS)


def people_yaml(roster: Iterable[Person]) -> str:
    lines = ["# The roster of the simulation.", ""]
    for p in roster:
        lines.append(f"{p.id}:")
        lines.append(f"  name: {p.name}")
        if p.joined:
            lines.append(f"  joined: {p.joined}")
        if p.left:
            lines.append(f"  left: {p.left}")
        if p.guest:
            lines.append("  guest: true")
        if not p.rotation:
            lines.append("  rotation: false")
        if p.away:
            lines.append("  away:")
            lines.extend(f"    - {{from: {s.start}, to: {s.end}}}" for s in p.away)
    return "\n".join(lines) + "\n"


def event_yaml(ev: Event) -> str:
    text = f'# Demo day {ev.id}: keep this comment.\ndate: {ev.date}\nstart: "16:00"\n'
    if ev.cancelled:
        text += "cancelled: true   # nobody around\n"
    return text


def test_two_years_of_monthly_rotation_through_the_cli(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The same two years on real files, with `showcase rotation --write` every month."""
    content = tmp_path / "content"
    (content / "events").mkdir(parents=True)
    (content / "people.yml").write_text(people_yaml(sim_roster()), encoding="utf-8")
    events = sim_events()
    for i, current in enumerate(events):
        for ev in events[i : i + 1 + LOOKAHEAD]:
            path = content / "events" / f"{ev.id}.yml"
            if not path.exists():
                path.write_text(event_yaml(ev), encoding="utf-8")
        today = current.date - timedelta(days=20)
        assert main(["rotation", str(content), "--write", "--today", str(today)]) == 0
        # Running again the same day changes nothing.
        before = {p.name: p.read_bytes() for p in (content / "events").iterdir()}
        assert main(["rotation", str(content), "--write", "--today", str(today)]) == 0
        assert "No event file needed a change." in capsys.readouterr().out
        assert before == {p.name: p.read_bytes() for p in (content / "events").iterdir()}

    result = load_archive(content, today=SIM_START)
    assert result.ok, result.problems
    speakers = {e.id: e.speakers for e in result.archive.events.values() if e.speakers}
    assert_simulation_outcome(events, speakers, SETTINGS)
    for ev in events:
        text = (content / "events" / f"{ev.id}.yml").read_text(encoding="utf-8")
        assert text.startswith(f"# Demo day {ev.id}: keep this comment.\n")


# Property-based: random rosters ---------------------------------------------------------------

DAYS = st.dates(min_value=date(2025, 6, 1), max_value=date(2028, 6, 30))


@st.composite
def people_strategy(draw: st.DrawFn, ids: Sequence[str]) -> list[Person]:
    people = []
    for pid in ids:
        joined = draw(st.none() | DAYS)
        left = draw(st.none() | DAYS)
        if joined and left and left < joined:
            joined, left = left, joined
        spans = draw(st.lists(st.tuples(DAYS, st.integers(0, 90)), max_size=2))
        people.append(
            person(
                pid,
                joined=joined,
                left=left,
                guest=draw(st.integers(0, 9)) == 0,
                rotation=draw(st.integers(0, 9)) != 0,
                away=tuple(DateRange(s, s + timedelta(days=n)) for s, n in spans),
            )
        )
    return people


@st.composite
def archives(
    draw: st.DrawFn, *, with_existing: bool = True, max_people: int = 14, max_events: int = 20
) -> tuple[Archive, Settings]:
    ids = [f"p{i:02d}" for i in range(draw(st.integers(1, max_people)))]
    people = draw(people_strategy(ids))
    first = draw(st.integers(0, 11))
    count = draw(st.integers(1, max_events))
    events: list[Event] = []
    talks: list[Talk] = []
    for n in range(first, first + count):
        year, month = 2026 + n // 12, 1 + n % 12
        eid = f"{year}-{month:02d}"
        listed = (
            draw(st.lists(st.sampled_from(ids), max_size=2, unique=True)) if with_existing else []
        )
        events.append(
            event(
                eid,
                day=draw(st.integers(1, 28)),
                slots=draw(st.none() | st.integers(1, 5)),
                cancelled=with_existing and draw(st.integers(0, 9)) == 0,
                speakers=tuple(listed),
            )
        )
        if with_existing:
            for k in range(draw(st.integers(0, 2))):
                speakers = draw(st.lists(st.sampled_from(ids), min_size=1, max_size=2, unique=True))
                talks.append(talk(f"{eid}-t{k}", speakers, eid))
    today = draw(st.dates(min_value=date(2026, 1, 1), max_value=date(2027, 12, 31)))
    config = Settings(
        default_slots=draw(st.integers(1, 5)),
        grace_days=draw(st.sampled_from([0, 30, 60, 90])),
        gap_months=draw(st.integers(0, 4)),
    )
    return archive(people, events, talks, today=today), config


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(archives())
def test_property_nobody_ineligible_no_open_slot_wasted_gaps_kept(
    case: tuple[Archive, Settings],
) -> None:
    arch, config = case
    check_invariants(arch, plan_rotation(arch, config), config)


@settings(max_examples=100, deadline=None)
@given(archives())
def test_property_deterministic_and_order_independent(case: tuple[Archive, Settings]) -> None:
    arch, config = case
    shuffled = Archive(
        people=dict(reversed(list(arch.people.items()))),
        events=dict(reversed(list(arch.events.items()))),
        talks=dict(reversed(list(arch.talks.items()))),
        today=arch.today,
    )
    assert plan_rotation(arch, config) == plan_rotation(shuffled, config)


@settings(max_examples=100, deadline=None)
@given(archives())
def test_property_writing_the_proposals_then_planning_again_proposes_nothing(
    case: tuple[Archive, Settings],
) -> None:
    arch, config = case
    first = plan_rotation(arch, config)
    written = {p.event.id: p.speakers for p in first.plans}
    events = [
        dataclasses.replace(e, speakers=written.get(e.id, e.speakers)) for e in arch.events.values()
    ]
    again = plan_rotation(
        archive(arch.people.values(), events, arch.talks.values(), arch.today), config
    )
    assert all(plan.proposals == () for plan in again.plans)
    assert [p.speakers for p in again.plans] == [p.speakers for p in first.plans]


@settings(max_examples=200, deadline=None)
@given(archives(with_existing=False, max_people=24, max_events=36))
def test_property_always_eligible_people_take_turns(case: tuple[Archive, Settings]) -> None:
    arch, config = case
    rotation = plan_rotation(arch, config)
    planned = [p.event for p in rotation.plans]
    if not planned:
        return
    speakers = {p.event.id: p.proposed_ids for p in rotation.plans}
    assert_fair(planned, speakers, always_eligible(arch.people.values(), planned, config))


# The event-file writer ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (
            "date: 2026-12-17\nspeakers: [ana,  bo]   # by hand\nnotes: Pizza.\n",
            "date: 2026-12-17\nspeakers: [ana,  bo, cy]   # by hand\nnotes: Pizza.\n",
        ),
        (
            "date: 2026-12-17\nspeakers:\n    - ana   # first\n    - bo  # last\n# after\n\n"
            "slots: 4\n",
            "date: 2026-12-17\nspeakers:\n    - ana   # first\n    - bo  # last\n"
            "    - cy\n# after\n\nslots: 4\n",
        ),
        (
            "date: 2026-12-17\nspeakers:\nslots: 4\n",
            "date: 2026-12-17\nspeakers: [ana, bo, cy]\nslots: 4\n",
        ),
        (
            "# top\ndate:    2026-12-17  # Thursday\nnotes: |\n  Two\n  lines.\n\n# end\n",
            "# top\ndate:    2026-12-17  # Thursday\nnotes: |\n  Two\n  lines.\n\n"
            "speakers: [ana, bo, cy]\n# end\n",
        ),
        (
            "date: 2026-12-17\ntitle: 'Ça: va'",
            "date: 2026-12-17\ntitle: 'Ça: va'\nspeakers: [ana, bo, cy]\n",
        ),
        (
            '\ufeff---\r\ndate: 2026-12-17\r\nstart: "16:00"\r\n',
            '\ufeff---\r\ndate: 2026-12-17\r\nstart: "16:00"\r\nspeakers: [ana, bo, cy]\r\n',
        ),
    ],
)
def test_with_speakers_changes_only_the_speakers(before: str, after: str) -> None:
    assert with_speakers(before, ["ana", "bo", "cy"]) == after
    assert with_speakers(after, ["ana", "bo", "cy"]) == after


def test_with_speakers_quotes_ids_yaml_would_read_as_something_else() -> None:
    assert with_speakers("date: 2026-12-17\n", ["no", "ana", "123"]) == (
        'date: 2026-12-17\nspeakers: ["no", ana, "123"]\n'
    )


def test_with_speakers_refuses_what_is_not_a_mapping() -> None:
    with pytest.raises(EventFileError):
        with_speakers("- a\n- b\n", ["ana"])
    with pytest.raises(EventFileError):
        with_speakers("date: [\n", ["ana"])


def test_write_speakers_leaves_an_unchanged_file_alone(tmp_path: Path) -> None:
    path = tmp_path / "2026-12.yml"
    path.write_text("date: 2026-12-17\nspeakers: [ana]\n", encoding="utf-8")
    os.utime(path, ns=(1_000_000_000, 1_000_000_000))
    assert write_speakers(path, ["ana"]) is False
    assert path.stat().st_mtime_ns == 1_000_000_000
    assert write_speakers(path, ["ana", "bo"]) is True
    assert path.read_text(encoding="utf-8") == "date: 2026-12-17\nspeakers: [ana, bo]\n"


# The command ----------------------------------------------------------------------------------

PEOPLE_YML = """\
# Roster for the CLI tests.
ana-lima:
  name: Ana Lima
  joined: 2020-01-06
bo-chen:
  name: Bo Chen
  joined: 2021-03-01
cy-diaz:
  name: Cy Diaz
dee-park:
  name: Dee Park
  joined: 2026-10-05
eli-moss:
  name: Eli Moss
  guest: true
fay-ng:
  name: Fay Ng
  away:
    - {from: 2026-12-01, to: 2027-01-31}
"""

DECEMBER_YML = """\
# December: talks first, then the holiday social.
date: 2026-12-17
start: "16:00"   # local time
title: Holiday Demo Day
slots: 3
speakers: [bo-chen]   # Bo asked for a slot
notes: >
  Mulled wine
  from 15:45.
"""

JANUARY_YML = """\
date: 2027-01-21
slots: 2
# no speakers yet
"""


def make_content(root: Path) -> Path:
    content = root / "content"
    (content / "events").mkdir(parents=True)
    (content / "people.yml").write_text(PEOPLE_YML, encoding="utf-8")
    (content / "events" / "2026-10.yml").write_text("date: 2026-10-15\n", encoding="utf-8")
    (content / "events" / "2026-12.yml").write_text(DECEMBER_YML, encoding="utf-8")
    (content / "events" / "2027-01.yml").write_text(JANUARY_YML, encoding="utf-8")
    talk_dir = content / "talks" / "2026-10-first-steps"
    talk_dir.mkdir(parents=True)
    (talk_dir / "index.md").write_text(
        "---\ntitle: First steps\nspeakers: [ana-lima]\nevent: 2026-10\n---\n\nWhat we did.\n",
        encoding="utf-8",
    )
    return content


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_cli_prints_each_event_with_slots_confirmed_and_proposed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content = make_content(tmp_path)
    code, out, _ = run(["rotation", str(content), "--today", "2026-11-24"], capsys)

    assert code == 0
    december, january = out.split("\n\n")[1:3]
    assert december.splitlines() == [
        "2026-12  Holiday Demo Day, 2026-12-17",
        "  slots      1/3 filled",
        "  confirmed  Bo Chen (bo-chen)    listed in speakers:, no talk yet",
        "  proposed   Cy Diaz (cy-diaz)    never presented; no joined date",
        "             Dee Park (dee-park)  never presented; joined 2026-10-05",
    ]
    assert january.splitlines() == [
        "2027-01  January 2027 Demo Day, 2027-01-21",
        "  slots      0/2 filled",
        "  proposed   Ana Lima (ana-lima)  last talk 2026-10, 3 months ago",
        "  open       1 slot: nobody else is eligible (see --explain ID)",
    ]
    assert "3 speakers proposed." in out
    assert "--write" in out
    assert "2026-10" not in out.split("\n\n")[0]  # the past event is not planned


def test_cli_explain_says_why_for_each_event(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content = make_content(tmp_path)
    base = ["rotation", str(content), "--today", "2026-11-24", "--explain"]

    _, out, _ = run([*base, "fay-ng"], capsys)
    assert out.splitlines() == [
        "Fay Ng (fay-ng) in the rotation on 2026-11-24:",
        "  - 2026-12  away 2026-12-01 to 2027-01-31",
        "  - 2027-01  away 2026-12-01 to 2027-01-31",
    ]
    _, out, _ = run([*base, "eli-moss"], capsys)
    assert "  - 2026-12  guest" in out
    _, out, _ = run([*base, "bo-chen"], capsys)
    assert "2026-12  already presenting (listed in the event's speakers)" in out
    assert "2027-01  presents 2026-12 (within 3 months)" in out
    _, out, _ = run([*base, "cy-diaz"], capsys)
    assert "  + 2026-12  proposed: never presented; no joined date" in out
    assert "  - 2027-01  proposed for 2026-12 (within 3 months)" in out


def test_cli_explain_unknown_id_is_a_usage_error_with_a_suggestion(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content = make_content(tmp_path)
    code, out, err = run(["rotation", str(content), "--explain", "ana-lim"], capsys)
    assert code == 2
    assert out == ""
    assert "unknown person `ana-lim`; did you mean `ana-lima`?" in err


def test_cli_write_changes_only_the_speakers_line_and_is_idempotent(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content = make_content(tmp_path)
    people_before = (content / "people.yml").read_bytes()
    october_before = (content / "events" / "2026-10.yml").read_bytes()
    args = ["rotation", str(content), "--write", "--today", "2026-11-24"]

    code, out, _ = run(args, capsys)
    assert code == 0
    assert f"Wrote {content}/events/2026-12.yml: speakers: [bo-chen, cy-diaz, dee-park]" in out
    december = (content / "events" / "2026-12.yml").read_text(encoding="utf-8")
    assert december == DECEMBER_YML.replace(
        "speakers: [bo-chen]   # Bo asked", "speakers: [bo-chen, cy-diaz, dee-park]   # Bo asked"
    )
    january = (content / "events" / "2027-01.yml").read_text(encoding="utf-8")
    # Right after the last key, so above the comment that ends the file.
    assert january == JANUARY_YML.replace("slots: 2\n", "slots: 2\nspeakers: [ana-lima]\n")
    assert (content / "people.yml").read_bytes() == people_before
    assert (content / "events" / "2026-10.yml").read_bytes() == october_before

    snapshot = {p: p.read_bytes() for p in (content / "events").iterdir()}
    mtimes = {p: p.stat().st_mtime_ns for p in snapshot}
    code, out, _ = run(args, capsys)
    assert code == 0
    assert "No event file needed a change." in out
    assert {p: p.read_bytes() for p in snapshot} == snapshot
    assert {p: p.stat().st_mtime_ns for p in snapshot} == mtimes


def test_cli_write_output_does_not_depend_on_the_order_files_are_listed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    first = make_content(tmp_path / "a")
    second = make_content(tmp_path / "b")
    assert run(["rotation", str(first), "--write", "--today", "2026-11-24"], capsys)[0] == 0
    listing = Path.iterdir
    monkeypatch.setattr(Path, "iterdir", lambda self: iter(sorted(listing(self), reverse=True)))
    assert run(["rotation", str(second), "--write", "--today", "2026-11-24"], capsys)[0] == 0
    monkeypatch.undo()
    for name in ("2026-12.yml", "2027-01.yml"):
        assert (first / "events" / name).read_bytes() == (second / "events" / name).read_bytes()


def test_cli_content_errors_are_reported_and_nothing_is_proposed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content = make_content(tmp_path)
    january = content / "events" / "2027-01.yml"
    january.write_text(JANUARY_YML + "speakers: [ana-lma]\n", encoding="utf-8")
    before = january.read_bytes()

    code, out, err = run(["rotation", str(content), "--write", "--today", "2026-11-24"], capsys)
    assert code == 1
    assert f"{content}/events/2027-01.yml:4:12: error: unknown speaker `ana-lma`" in out
    assert "did you mean `ana-lima`?" in out
    assert "1 error in" in out
    assert "proposed" not in out
    assert "nothing proposed" in err
    assert january.read_bytes() == before
    december = (content / "events" / "2026-12.yml").read_text(encoding="utf-8")
    assert december == DECEMBER_YML


def test_cli_usage_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = make_content(tmp_path)
    assert run(["rotation", str(tmp_path / "missing")], capsys)[0] == 2
    assert run(["rotation", str(content), "--today", "tomorrow"], capsys)[0] == 2
    with pytest.raises(SystemExit) as exc:
        main(["rotation", str(content), "--write", "--explain", "ana-lima"])
    assert exc.value.code == 2


def test_cli_reads_the_settings_from_mkdocs_yml(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content = make_content(tmp_path)
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        "plugins:\n  - showcase:\n      grace_days: 90\n      gap_months: 2\n", encoding="utf-8"
    )
    _, out, _ = run(
        [
            "rotation",
            str(content),
            "--today",
            "2026-11-24",
            "--config",
            str(config),
            "--explain",
            "dee-park",
        ],
        capsys,
    )
    assert "2026-12  joined 2026-10-05, inside the 90-day grace period until 2027-01-03" in out


def test_cli_with_nothing_upcoming(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    content = make_content(tmp_path)
    code, out, _ = run(["rotation", str(content), "--today", "2027-06-01"], capsys)
    assert code == 0
    assert "No upcoming demo days to plan." in out
