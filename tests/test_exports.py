"""The export formats (iCalendar, Atom, JSON) over small real content folders and ChiPy."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
import textwrap
import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from contentkit import CHIPY, ContentKit, require_chipy
from icalendar import Calendar

from showcase.exports import archive_calendar, archive_json, atom_feed, person_calendar
from showcase.loader import load_archive
from showcase.model import Archive

SITE = "https://demo.example.com/"
ZONE = "Europe/Berlin"
TODAY = "2026-04-01"
TRICKY = 'Costs & <Credits> "quoted" Zoë'

ATOM = "{http://www.w3.org/2005/Atom}"


# Content ----------------------------------------------------------------------------


PEOPLE = """\
ana-lima:
  name: Ana Lima
bo-chen:
  name: Bo Chen
zoe-angstrom:
  name: Zoë Ångström
"""

EVENTS = {
    # Start and end: a timed event.
    "2026-01": """\
date: 2026-01-15
start: "16:00"
end: "17:30"
theme: Money
location: Room 4B
stream: https://meet.example/abc
host: bo-chen
""",
    # A start but no end: one hour.
    "2026-02": """\
date: 2026-02-19
start: "16:00"
title: February Special
""",
    # No start: a whole day; cancelled.
    "2026-03": """\
date: 2026-03-19
cancelled: true
""",
    # Upcoming (today is 2026-04-01), during summer time in Berlin.
    "2026-05": """\
date: 2026-05-21
start: "16:00"
end: "17:00"
speakers: [bo-chen]
""",
}

TALKS = {
    "2026-01-costs": f"""\
---
title: '{TRICKY}'
speakers: [zoe-angstrom, ana-lima]
event: 2026-01
order: 1
duration: 15
summary: Where the money goes & why.
tags: [finops, cloud]
---

The writeup.
""",
    "2026-01-second": """\
---
title: Second talk
speakers: [bo-chen]
event: 2026-01
order: 2
duration: 10
slides: slides.pdf
---

First paragraph of the second talk.
""",
    "2026-02-api": """\
---
title: Shipping a data API
speakers: [ana-lima]
event: 2026-02
---

An API in a week.
""",
    "2026-03-dropped": """\
---
title: Talk at a cancelled event
speakers: [bo-chen]
event: 2026-03
---

Never given.
""",
    "2026-05-next": """\
---
title: Coming soon
speakers: [ana-lima]
event: 2026-05
---

Soon.
""",
    "an-idea": """\
---
title: An idea
speakers: [ana-lima]
---

Maybe one day.
""",
}


def write_content(root: Path, extra_events: dict[str, str] | None = None) -> Path:
    """A content folder per the content format, with the events and talks above."""
    (root / "events").mkdir(parents=True)
    (root / "people.yml").write_text(PEOPLE, encoding="utf-8")
    for event_id, text in {**EVENTS, **(extra_events or {})}.items():
        (root / "events" / f"{event_id}.yml").write_text(text, encoding="utf-8")
    for slug, text in TALKS.items():
        folder = root / "talks" / slug
        folder.mkdir(parents=True)
        (folder / "index.md").write_text(text, encoding="utf-8")
    (root / "talks" / "2026-01-second" / "slides.pdf").write_bytes(b"%PDF-1.4\n")
    return root


def load(root: Path, today: str = TODAY) -> Archive:
    result = load_archive(root, today=today)
    assert result.ok, [str(p) for p in result.errors]
    return result.archive


@pytest.fixture
def archive(tmp_path: Path) -> Archive:
    return load(write_content(tmp_path / "content"))


def vevents(data: bytes) -> dict[str, Any]:
    """The VEVENTs of an .ics file by UID, after parsing it back."""
    calendar = Calendar.from_ical(data)
    return {str(e["UID"]): e for e in calendar.walk("VEVENT")}


# Calendar ---------------------------------------------------------------------------


def test_calendar_has_every_event_with_uids_from_event_id_and_host(archive: Archive) -> None:
    events = vevents(archive_calendar(archive, SITE, ZONE))

    assert sorted(events) == [
        "event-2026-01@demo.example.com",
        "event-2026-02@demo.example.com",
        "event-2026-03@demo.example.com",
        "event-2026-05@demo.example.com",
    ]


def test_calendar_is_byte_identical_across_builds(tmp_path: Path) -> None:
    first = archive_calendar(load(write_content(tmp_path / "a")), SITE, ZONE)
    second = archive_calendar(load(write_content(tmp_path / "b")), SITE, ZONE)

    assert first == second


def test_calendar_uids_survive_new_content(tmp_path: Path) -> None:
    before = vevents(archive_calendar(load(write_content(tmp_path / "a")), SITE, ZONE))
    extra = {"2026-06": "date: 2026-06-18\n"}
    after = vevents(archive_calendar(load(write_content(tmp_path / "b", extra)), SITE, ZONE))

    assert set(before) < set(after)
    assert set(after) - set(before) == {"event-2026-06@demo.example.com"}
    for uid, event in before.items():
        assert after[uid]["SUMMARY"] == event["SUMMARY"]


def test_calendar_dtstamp_comes_from_today_not_the_clock(archive: Archive) -> None:
    for event in vevents(archive_calendar(archive, SITE, ZONE)).values():
        assert event.decoded("DTSTAMP") == datetime(2026, 4, 1, tzinfo=UTC)


def test_timed_event_is_in_the_site_zone_with_a_vtimezone(archive: Archive) -> None:
    data = archive_calendar(archive, SITE, ZONE)
    calendar = Calendar.from_ical(data)
    event = vevents(data)["event-2026-01@demo.example.com"]

    assert event["DTSTART"].params["TZID"] == ZONE
    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    assert (start.replace(tzinfo=None), end.replace(tzinfo=None)) == (
        datetime(2026, 1, 15, 16, 0),
        datetime(2026, 1, 15, 17, 30),
    )
    assert start.utcoffset() == timedelta(hours=1)
    assert [tz.tz_name for tz in calendar.timezones] == [ZONE]
    assert b"DTSTART;TZID=Europe/Berlin:20260115T160000" in data


def test_summer_event_gets_the_summer_offset(archive: Archive) -> None:
    event = vevents(archive_calendar(archive, SITE, ZONE))["event-2026-05@demo.example.com"]

    assert event.decoded("DTSTART").utcoffset() == timedelta(hours=2)


def test_event_without_end_lasts_one_hour(archive: Archive) -> None:
    event = vevents(archive_calendar(archive, SITE, ZONE))["event-2026-02@demo.example.com"]

    assert event.decoded("DTEND") - event.decoded("DTSTART") == timedelta(hours=1)
    assert str(event["SUMMARY"]) == "February Special"


def test_event_without_start_is_all_day(archive: Archive) -> None:
    event = vevents(archive_calendar(archive, SITE, ZONE))["event-2026-03@demo.example.com"]

    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    assert not isinstance(start, datetime)
    assert (start, end) == (date(2026, 3, 19), date(2026, 3, 20))


def test_cancelled_event_says_so(archive: Archive) -> None:
    events = vevents(archive_calendar(archive, SITE, ZONE))

    cancelled = events["event-2026-03@demo.example.com"]
    assert str(cancelled["STATUS"]) == "CANCELLED"
    assert str(cancelled["SUMMARY"]) == "March 2026 Demo Day (cancelled)"
    others = [e for uid, e in events.items() if uid != "event-2026-03@demo.example.com"]
    assert {str(e["STATUS"]) for e in others} == {"CONFIRMED"}


def test_event_description_lists_the_running_order(archive: Archive) -> None:
    event = vevents(archive_calendar(archive, SITE, ZONE))["event-2026-01@demo.example.com"]

    assert str(event["SUMMARY"]) == "January 2026 Demo Day: Money"
    assert str(event["DESCRIPTION"]) == (
        "Running order:\n"
        f"1. {TRICKY} — Zoë Ångström and Ana Lima (15 min)\n"
        "2. Second talk — Bo Chen (10 min)\n"
        "\n"
        "Host: Bo Chen\n"
        "Join: https://meet.example/abc\n"
        "\n"
        "https://demo.example.com/events/2026-01/"
    )
    assert str(event["LOCATION"]) == "Room 4B"
    assert str(event["URL"]) == "https://demo.example.com/events/2026-01/"


def test_event_with_talks_lists_them_and_who_else_is_due(archive: Archive) -> None:
    # Bo Chen is in the event's speakers with no talk yet: the site shows them as due.
    event = vevents(archive_calendar(archive, SITE, ZONE))["event-2026-05@demo.example.com"]

    assert str(event["DESCRIPTION"]).startswith(
        "Running order:\n1. Coming soon — Ana Lima\n\nAlso due to present, no talk yet: Bo Chen\n\n"
    )


def test_a_past_event_with_talks_does_not_list_who_was_due(tmp_path: Path) -> None:
    extra = {"2026-02": "date: 2026-02-19\nstart: '16:00'\nspeakers: [bo-chen]\n"}
    archive = load(write_content(tmp_path / "content", extra))
    event = vevents(archive_calendar(archive, SITE, ZONE))["event-2026-02@demo.example.com"]

    assert "Shipping a data API" in str(event["DESCRIPTION"])
    assert "due to present" not in str(event["DESCRIPTION"]).lower()


def test_event_without_talks_names_who_is_due(tmp_path: Path) -> None:
    extra = {"2026-06": "date: 2026-06-18\nspeakers: [bo-chen, zoe-angstrom]\n"}
    archive = load(write_content(tmp_path / "content", extra))
    event = vevents(archive_calendar(archive, SITE, ZONE))["event-2026-06@demo.example.com"]

    assert str(event["DESCRIPTION"]) == (
        "Due to present: Bo Chen and Zoë Ångström\n\nhttps://demo.example.com/events/2026-06/"
    )


def test_calendar_name(archive: Archive) -> None:
    calendar = Calendar.from_ical(archive_calendar(archive, SITE, ZONE, name="Team demos"))

    assert str(calendar["X-WR-CALNAME"]) == "Team demos"
    assert str(calendar["NAME"]) == "Team demos"


def test_calendar_without_site_url_has_no_url_and_placeholder_host(archive: Archive) -> None:
    events = vevents(archive_calendar(archive, "", ZONE))

    assert "event-2026-01@showcase.invalid" in events
    assert all("URL" not in e for e in events.values())


def test_calendar_uids_differ_between_sites_on_one_host(archive: Archive) -> None:
    team_a = vevents(archive_calendar(archive, "https://example.com/team-a", ZONE))
    team_b = vevents(archive_calendar(archive, "https://example.com/team-b/", ZONE))

    assert "event-2026-01@example.com/team-a" in team_a
    assert not set(team_a) & set(team_b)


def test_utc_calendar_writes_utc_times(archive: Archive) -> None:
    data = archive_calendar(archive, SITE, "UTC")

    assert b"DTSTART:20260115T160000Z" in data


def test_calendar_rejects_unknown_zone_and_relative_site(archive: Archive) -> None:
    with pytest.raises(ValueError, match="IANA"):
        archive_calendar(archive, SITE, "Mars/Olympus")
    with pytest.raises(ValueError, match="absolute"):
        archive_calendar(archive, "demo.example.com", ZONE)


def test_person_calendar_has_their_scheduled_talks(archive: Archive) -> None:
    data = person_calendar(archive, "ana-lima", SITE, ZONE)
    calendar = Calendar.from_ical(data)
    events = vevents(data)

    assert list(events) == [
        "talk-2026-01-costs@demo.example.com",
        "talk-2026-02-api@demo.example.com",
        "talk-2026-05-next@demo.example.com",
    ]
    costs = events["talk-2026-01-costs@demo.example.com"]
    assert str(costs["SUMMARY"]) == TRICKY
    assert costs["DTSTART"].params["TZID"] == ZONE
    assert costs.decoded("DTSTART").replace(tzinfo=None) == datetime(2026, 1, 15, 16, 0)
    assert str(costs["URL"]) == "https://demo.example.com/talks/2026-01-costs/"
    assert str(costs["DESCRIPTION"]).startswith(
        "January 2026 Demo Day\nSpeakers: Zoë Ångström and Ana Lima\n\nWhere the money goes"
    )
    assert str(calendar["X-WR-CALNAME"]) == "Talks by Ana Lima"
    assert person_calendar(archive, "ana-lima", SITE, ZONE) == data


def test_person_calendar_marks_talks_at_cancelled_events(archive: Archive) -> None:
    events = vevents(person_calendar(archive, "bo-chen", SITE, ZONE))

    assert str(events["talk-2026-03-dropped@demo.example.com"]["STATUS"]) == "CANCELLED"
    assert str(events["talk-2026-01-second@demo.example.com"]["STATUS"]) == "CONFIRMED"


def test_person_calendar_of_unknown_person(archive: Archive) -> None:
    with pytest.raises(KeyError):
        person_calendar(archive, "nobody", SITE, ZONE)


# Feed -------------------------------------------------------------------------------


def parse_feed(data: bytes) -> ET.Element:
    return ET.fromstring(data)


def entries(feed: ET.Element) -> list[ET.Element]:
    return feed.findall(f"{ATOM}entry")


def text(element: ET.Element, path: str) -> str:
    found = element.find(path.replace("a:", ATOM))
    assert found is not None, path
    return found.text or ""


def test_feed_has_talks_given_newest_first_in_running_order(archive: Archive) -> None:
    feed = parse_feed(atom_feed(archive, SITE, "Demo days"))

    assert [text(e, "a:title") for e in entries(feed)] == [
        "Shipping a data API",
        TRICKY,
        "Second talk",
    ]


def test_feed_entry_fields(archive: Archive) -> None:
    feed = parse_feed(atom_feed(archive, SITE, "Demo days"))
    costs = entries(feed)[1]

    url = "https://demo.example.com/talks/2026-01-costs/"
    assert text(costs, "a:id") == url
    assert [link.get("href") for link in costs.findall(f"{ATOM}link")] == [url]
    assert text(costs, "a:updated") == "2026-01-15T12:00:00+00:00"
    assert text(costs, "a:summary") == "Where the money goes & why."
    authors = [(text(a, "a:name"), text(a, "a:uri")) for a in costs.findall(f"{ATOM}author")]
    assert authors == [
        ("Zoë Ångström", "https://demo.example.com/people/zoe-angstrom/"),
        ("Ana Lima", "https://demo.example.com/people/ana-lima/"),
    ]
    assert [c.get("term") for c in costs.findall(f"{ATOM}category")] == ["finops", "cloud"]
    second = entries(feed)[2]
    assert text(second, "a:summary") == "First paragraph of the second talk."


def test_feed_head(archive: Archive) -> None:
    feed = parse_feed(atom_feed(archive, SITE, "Demo days & more"))

    assert feed.tag == f"{ATOM}feed"
    assert text(feed, "a:title") == "Demo days & more"
    assert text(feed, "a:id") == "https://demo.example.com/feed.xml"
    assert text(feed, "a:updated") == "2026-02-19T12:00:00+00:00"
    links = {link.get("rel"): link.get("href") for link in feed.findall(f"{ATOM}link")}
    assert links == {
        "self": "https://demo.example.com/feed.xml",
        "alternate": "https://demo.example.com/",
    }


def test_feed_limit(archive: Archive) -> None:
    feed = parse_feed(atom_feed(archive, SITE, "Demo days", limit=1))

    assert [text(e, "a:title") for e in entries(feed)] == ["Shipping a data API"]
    assert entries(parse_feed(atom_feed(archive, SITE, "Demo days", limit=0))) == []
    with pytest.raises(ValueError):
        atom_feed(archive, SITE, "Demo days", limit=-1)


def test_feed_is_byte_identical_across_builds(tmp_path: Path) -> None:
    first = atom_feed(load(write_content(tmp_path / "a")), SITE, "Demo days")
    later = atom_feed(load(write_content(tmp_path / "b"), today="2026-04-20"), SITE, "Demo days")

    assert first == later


def test_feed_without_site_url_uses_relative_links_and_urn_ids(archive: Archive) -> None:
    data = atom_feed(archive, "", "Demo days")
    feed = parse_feed(data)
    costs = entries(feed)[1]

    assert text(feed, "a:id").startswith("urn:uuid:")
    assert text(costs, "a:id").startswith("urn:uuid:")
    assert len({text(e, "a:id") for e in entries(feed)}) == 3
    assert costs.find(f"{ATOM}link").get("href") == "talks/2026-01-costs/"  # type: ignore[union-attr]
    assert text(costs, "a:author/a:uri") == "people/zoe-angstrom/"
    assert atom_feed(archive, "", "Demo days") == data


def test_feed_with_no_talks_given(tmp_path: Path) -> None:
    archive = load(write_content(tmp_path / "c"), today="2025-12-01")
    feed = parse_feed(atom_feed(archive, SITE, "Demo days"))

    assert entries(feed) == []
    assert text(feed, "a:updated") == "2025-12-01T12:00:00+00:00"


# JSON -------------------------------------------------------------------------------


def test_json_shape(archive: Archive) -> None:
    data = json.loads(archive_json(archive, SITE, timezone=ZONE))

    assert list(data) == [
        "version",
        "generated_for",
        "site_url",
        "timezone",
        "people",
        "events",
        "talks",
    ]
    assert data["version"] == 1
    assert data["generated_for"] == TODAY
    assert data["timezone"] == ZONE
    assert [p["id"] for p in data["people"]] == ["ana-lima", "bo-chen", "zoe-angstrom"]
    assert [e["id"] for e in data["events"]] == ["2026-01", "2026-02", "2026-03", "2026-05"]
    assert [t["slug"] for t in data["talks"]] == sorted(TALKS)


def test_json_records(archive: Archive) -> None:
    data = json.loads(archive_json(archive, SITE))
    talks = {t["slug"]: t for t in data["talks"]}
    events = {e["id"]: e for e in data["events"]}

    second = talks["2026-01-second"]
    assert second["url"] == "https://demo.example.com/talks/2026-01-second/"
    assert second["date"] == "2026-01-15"
    assert second["attachments"] == [
        {
            "kind": "pdf",
            "name": "slides.pdf",
            "url": "https://demo.example.com/talks/2026-01-second/slides.pdf",
        }
    ]
    assert talks["an-idea"]["event"] is None
    assert talks["an-idea"]["date"] is None
    january = events["2026-01"]
    assert (january["start"], january["end"], january["past"]) == ("16:00", "17:30", True)
    assert january["talks"] == ["2026-01-costs", "2026-01-second"]
    assert events["2026-03"]["cancelled"] is True
    assert events["2026-05"]["past"] is False
    ana = next(p for p in data["people"] if p["id"] == "ana-lima")
    assert ana["url"] == "https://demo.example.com/people/ana-lima/"
    assert ana["talks"] == ["2026-05-next", "2026-02-api", "2026-01-costs", "an-idea"]
    assert "away" not in ana


def test_json_without_site_url_is_site_relative(archive: Archive) -> None:
    data = json.loads(archive_json(archive, ""))
    second = next(t for t in data["talks"] if t["slug"] == "2026-01-second")

    assert data["site_url"] is None
    assert data["timezone"] is None
    assert second["url"] == "/talks/2026-01-second/"
    assert second["attachments"][0]["url"] == "/talks/2026-01-second/slides.pdf"


def test_json_is_identical_across_builds(tmp_path: Path) -> None:
    first = archive_json(load(write_content(tmp_path / "a")), SITE)
    second = archive_json(load(write_content(tmp_path / "b")), SITE)

    assert first == second


def test_json_example_in_the_docs_matches_the_real_shape(archive: Archive) -> None:
    docs = (Path(__file__).parent.parent / "docs" / "exports.md").read_text(encoding="utf-8")
    example = json.loads(docs.split("```json\n", 1)[1].split("```", 1)[0])
    real = json.loads(archive_json(archive, SITE))
    second = next(t for t in real["talks"] if t["slug"] == "2026-01-second")

    assert list(example) == list(real)
    for collection in ("people", "events", "talks"):
        assert list(example[collection][0]) == list(real[collection][0]), collection
    assert list(example["talks"][0]["attachments"][0]) == list(second["attachments"][0])


# Escaping ---------------------------------------------------------------------------


def test_tricky_title_survives_the_calendar(archive: Archive) -> None:
    data = person_calendar(archive, "zoe-angstrom", SITE, ZONE)
    (event,) = vevents(data).values()

    assert str(event["SUMMARY"]) == TRICKY
    assert "Zoë".encode() in data


def test_tricky_title_survives_the_feed_escaped(archive: Archive) -> None:
    data = atom_feed(archive, SITE, TRICKY)
    feed = parse_feed(data)

    assert text(feed, "a:title") == TRICKY
    assert text(entries(feed)[1], "a:title") == TRICKY
    assert b"<Credits>" not in data
    assert b"&lt;Credits&gt;" in data
    assert b"Costs &amp; " in data
    assert "Zoë".encode() in data


def test_tricky_title_survives_the_json(archive: Archive) -> None:
    raw = archive_json(archive, SITE)
    costs = next(t for t in json.loads(raw)["talks"] if t["slug"] == "2026-01-costs")

    assert costs["title"] == TRICKY
    assert "Zoë" in raw
    assert r"\"quoted\"" in raw


def test_control_characters_do_not_break_the_feed(tmp_path: Path) -> None:
    # The loader refuses such a title; the feed still copes with a model built otherwise.
    archive = load(write_content(tmp_path / "content"))
    talk = archive.talks["2026-02-api"]
    talks = {**archive.talks, talk.slug: dataclasses.replace(talk, title="Bell\a in title")}
    feed = parse_feed(atom_feed(dataclasses.replace(archive, talks=talks), SITE, "Demo days"))

    assert text(entries(feed)[0], "a:title") == "Bell in title"


# The real archive -------------------------------------------------------------------


@pytest.fixture(scope="module")
def chipy() -> Archive:
    result = load_archive(require_chipy(), today="2026-01-01")
    assert result.ok
    return result.archive


def chipy_counts() -> tuple[int, int]:
    events = len(list((CHIPY / "events").glob("*.yml")))
    talks = len([p for p in (CHIPY / "talks").iterdir() if (p / "index.md").is_file()])
    return events, talks


def test_chipy_calendar(chipy: Archive) -> None:
    n_events, _ = chipy_counts()
    data = archive_calendar(chipy, "https://chipy.example.org/", "America/Chicago")
    events = vevents(data)

    assert n_events == 36
    assert len(Calendar.from_ical(data).walk("VEVENT")) == n_events
    assert len(events) == n_events
    assert archive_calendar(chipy, "https://chipy.example.org/", "America/Chicago") == data


def test_chipy_person_calendar(chipy: Archive) -> None:
    beazley = [t for t in chipy.talks.values() if "david-beazley" in t.speakers]
    events = vevents(person_calendar(chipy, "david-beazley", "", "America/Chicago"))

    assert len(beazley) >= 2
    assert sorted(events) == sorted(f"talk-{t.slug}@showcase.invalid" for t in beazley)


def test_chipy_feed(chipy: Archive) -> None:
    _, n_talks = chipy_counts()
    everything = entries(parse_feed(atom_feed(chipy, "https://chipy.example.org/", "ChiPy", None)))
    default = entries(parse_feed(atom_feed(chipy, "https://chipy.example.org/", "ChiPy")))

    assert n_talks == 78
    assert len(everything) == n_talks
    assert len({text(e, "a:id") for e in everything}) == n_talks
    assert len(default) == 30
    updated = [text(e, "a:updated") for e in everything]
    assert updated == sorted(updated, reverse=True)


def test_chipy_json(chipy: Archive) -> None:
    n_events, n_talks = chipy_counts()
    data = json.loads(archive_json(chipy, "https://chipy.example.org/"))

    assert len(data["events"]) == n_events
    assert len(data["talks"]) == n_talks
    assert len(data["people"]) == len(chipy.people) > 0
    assert sum(len(e["talks"]) for e in data["events"]) == n_talks
    assert all(t["url"].startswith("https://chipy.example.org/talks/") for t in data["talks"])


# Boundaries -------------------------------------------------------------------------


def test_exports_do_not_import_mkdocs() -> None:
    code = textwrap.dedent(
        """
        import sys
        import showcase.exports
        loaded = sorted(m for m in sys.modules if m == "mkdocs" or m.startswith("mkdocs."))
        print(",".join(loaded))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )

    assert result.stdout.strip() == ""


def test_json_gives_no_url_for_a_deck_the_site_does_not_publish_as_it_is(tmp_path: Path) -> None:
    kit = ContentKit(tmp_path / "content").standard()
    deck = "<!doctype html><html><body><section>S</section></body></html>"
    kit.talk(
        "t",
        "title: T\nspeakers: [ana-lima]\nevent: 2026-11\nslides: deck.html\n",
        files={"deck.html": deck},
    )
    archive = load(kit.root)

    def attachment(trusted: bool) -> dict[str, object]:
        document = json.loads(archive_json(archive, SITE, ZONE, trust_authors=trusted))
        (talk,) = document["talks"]
        (found,) = talk["attachments"]
        return dict(found)

    assert attachment(False) == {"kind": "html", "name": "deck.html", "url": None}
    assert attachment(True)["url"] == f"{SITE}talks/t/deck.html"
