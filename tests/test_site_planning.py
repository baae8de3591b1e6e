"""The planning side of the built demo site: rotation on the schedule, stats, calendars, feed."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from xml.etree import ElementTree

import pytest
import sitekit
from contentkit import ContentKit
from icalendar import Calendar
from sitekit import Build

from showcase.loader import load_archive
from showcase.rotation import plan_rotation
from showcase.settings import Settings
from showcase.site.stats import compute_stats

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Build:
    return sitekit.shared_demo_build(tmp_path_factory)


def _complete_archive(demo: Build):  # type: ignore[no-untyped-def]
    result = load_archive(
        demo.project / "content", today=sitekit.TODAY, include_drafts=True, settings=Settings()
    )
    assert result.ok
    return result.archive


def test_schedule_marks_each_rotation_proposal_with_its_reason(demo: Build) -> None:
    rotation = plan_rotation(_complete_archive(demo), Settings())
    proposals = rotation.proposals
    assert any(proposals.values()), "the demo content should leave slots for the rotation"
    page = demo.page("schedule/")
    for event_id, proposed in proposals.items():
        section = page.soup.find(id=f"event-{event_id}").find_parent("section")
        listed = section.select("ul.sc-proposals li")
        assert len(listed) == len(proposed)
        for item, proposal in zip(listed, proposed, strict=True):
            assert item.select_one(".sc-badge--proposed").get_text() == "Proposed"
            assert proposal.reason in item.get_text()
            href = item.find("a")["href"]
            assert href.rstrip("/").endswith(f"people/{proposal.person_id}")


def test_schedule_never_proposes_someone_away_a_guest_opted_out_or_gone(demo: Build) -> None:
    page = demo.page("schedule/")
    december = page.soup.find(id="event-2026-12").find_parent("section")
    proposed = {
        a["href"].rstrip("/").rsplit("/", 1)[-1] for a in december.select(".sc-proposals a")
    }
    # Away in December, a guest, opted out of the rotation, and someone who left.
    excluded = {"ines-carvalho", "farah-siddiqui", "rob-mcallister", "kenji-watanabe"}
    assert proposed and not proposed & excluded


def test_schedule_links_the_calendar_to_subscribe(demo: Build) -> None:
    page = demo.page("schedule/")
    subscribe = page.soup.select_one(".sc-subscribe a")
    assert subscribe is not None and subscribe.get_text() == "Subscribe to the calendar"
    assert subscribe["href"] == "webcal://demo-days.basketly.example/schedule.ics"
    download = page.soup.select(".sc-subscribe a")[1]
    assert page.target_file(download["href"]) == demo.site / "schedule.ics"


def test_calendar_has_every_event_with_stable_uids(demo: Build) -> None:
    archive = _complete_archive(demo)
    calendar = Calendar.from_ical((demo.site / "schedule.ics").read_bytes())
    events = calendar.walk("VEVENT")
    assert sorted(str(e["UID"]) for e in events) == sorted(
        f"event-{eid}@demo-days.basketly.example" for eid in archive.events
    )
    cancelled = [e for e in events if str(e.get("STATUS")) == "CANCELLED"]
    assert [str(e["UID"]).split("@")[0] for e in cancelled] == ["event-2026-08"]
    november = next(e for e in events if str(e["UID"]).startswith("event-2026-11@"))
    assert november.decoded("DTSTART").tzinfo is not None
    assert str(november.decoded("DTSTART").tzinfo) == "Europe/Berlin"
    assert "Shipping a data API in a week" in str(november["DESCRIPTION"])
    assert str(calendar["X-WR-CALNAME"]) == "Basketly Data Demo Days"


def test_calendar_names_everyone_the_schedule_shows_as_due(demo: Build) -> None:
    calendar = Calendar.from_ical((demo.site / "schedule.ics").read_bytes())
    descriptions = {
        str(e["UID"]).split("@")[0].removeprefix("event-"): str(e["DESCRIPTION"])
        for e in calendar.walk("VEVENT")
    }
    page = demo.page("schedule/")
    shown = 0
    for section in page.soup.select("section.sc-schedule-event"):
        event_id = section.find("h2")["id"].removeprefix("event-")
        due = [li.find("a").get_text() for li in section.select("ul.sc-due-list li")]
        confirmed = section.select(".sc-card")
        for name in due:
            assert name in descriptions[event_id], (event_id, name)
        shown += len(due) if confirmed else 0
    # December has confirmed talks and people due with no talk yet: both are in its entry.
    assert shown
    december = descriptions["2026-12"]
    assert december.index("Running order:") < december.index("Also due to present")


def test_each_person_with_talks_has_a_calendar_linked_from_their_page(demo: Build) -> None:
    archive = _complete_archive(demo)
    speaker = "jose-ramirez"
    page = demo.page(f"people/{speaker}/")
    link = next(a for a in page.soup.select(".sc-links a") if a["href"].endswith(".ics"))
    path = page.target_file(link["href"])
    assert path == demo.site / "people" / f"{speaker}.ics"
    calendar = Calendar.from_ical(path.read_bytes())
    slugs = {str(e["UID"]).split("@")[0].removeprefix("talk-") for e in calendar.walk("VEVENT")}
    assert slugs == {t.slug for t in archive.talks_by(speaker) if t.event and not t.draft}
    # Nobody gets an empty calendar: the newcomer has no talk, so no file.
    assert not (demo.site / "people" / "noah-becker.ics").exists()


def test_feed_is_linked_from_every_page_head_and_lists_the_newest_talks(demo: Build) -> None:
    themed = [page for page in demo.pages() if page.soup.select_one(".md-header")]
    assert len(themed) > 50
    for page in themed:
        # Found as feed readers find it (the "alternate" token), not as Material's script
        # looks for pages in other languages (rel exactly "alternate", which fetches the
        # sitemap on every first visit).
        feeds = page.soup.select('head link[rel~="alternate"][type="application/atom+xml"]')
        assert not page.soup.select('head link[rel="alternate"]'), page
        assert page.target_file(feeds[0]["href"]) == demo.site / "feed.xml"
        # A person's and a topic's page also name their own feed, when they have one
        # (tests/test_digests.py).
        own = demo.site / (page.url.rstrip("/") + ".xml")
        if page.url.startswith(("people/", "topics/")) and own.is_file():
            assert [page.target_file(feed["href"]) for feed in feeds[1:]] == [own], page
        else:
            assert len(feeds) == 1, page
    root = ElementTree.parse(demo.site / "feed.xml").getroot()
    entries = root.findall(f"{ATOM}entry")
    # The digest of the quarter comes before the talks of its latest demo day.
    assert entries[0].findtext(f"{ATOM}title") == "Digest Q4 2026: what the team showed"
    assert entries[1].findtext(f"{ATOM}title") == "Shipping a data API in a week"
    titles = [e.findtext(f"{ATOM}title") for e in entries]
    assert any("&" in t for t in titles), "the demo has a title with & in it"


def test_json_export_lists_the_published_talks(demo: Build) -> None:
    archive = load_archive(demo.project / "content", today=sitekit.TODAY).archive
    data = json.loads((demo.site / "talks.json").read_text(encoding="utf-8"))
    assert sorted(t["slug"] for t in data["talks"]) == sorted(archive.talks)
    assert all(
        t["url"].startswith("https://demo-days.basketly.example/talks/") for t in data["talks"]
    )


def test_stats_page_draws_its_charts_inline(demo: Build) -> None:
    page = demo.page("stats/")
    charts = page.soup.select("svg.sc-chart")
    assert len(charts) >= 3
    assert {c["aria-label"] for c in charts} >= {
        "Talks per month",
        "Talks per person",
        "Topics over time",
    }
    share = page.soup.select_one(".sc-share").get_text()
    match = re.search(r"(\d+)% of the active team \((\d+) of (\d+) people", share)
    assert match, share
    assert int(match[1]) == round(100 * int(match[2]) / int(match[3]))
    # Guests and people who left are not part of the active team.
    person_chart = next(c for c in charts if c["aria-label"] == "Talks per person")
    names = {t.get_text() for t in person_chart.select("text.sc-chart__label")}
    assert "Farah Siddiqui" not in names and "Kenji Watanabe" not in names
    assert "Noah Becker" in names


def test_stats_counts_talks_per_person_over_the_last_year(tmp_path: Path) -> None:
    kit = ContentKit(tmp_path / "content")
    kit.people(
        "ana-lima:\n  name: Ana Lima\n  joined: 2020-01-01\n"
        "bo-chen:\n  name: Bo Chen\n  joined: 2020-01-01\n"
    )
    for month, speaker in (
        ("2024-05", "ana-lima"),
        ("2026-03", "ana-lima"),
        ("2026-04", "bo-chen"),
    ):
        kit.event(month, f"date: {month}-10\n")
        kit.talk(f"{month}-t", f"title: T {month}\nspeakers: [{speaker}]\nevent: {month}\n")
    built = sitekit.build(sitekit.write_project(tmp_path)).check()
    chart = next(
        c
        for c in built.page("stats/").soup.select("svg.sc-chart")
        if c["aria-label"] == "Talks per person"
    )
    values = [t.get_text() for t in chart.select("text.sc-chart__value")]
    # Last 12 months / all time: Ana 1 of 2, Bo 1 of 1.
    assert values == ["1 / 2", "1 / 1"]


def test_stats_of_an_archive_whose_demo_days_ended_count_its_own_last_year(
    tmp_path: Path,
) -> None:
    # The last demo day held was in 2016, ten years before the build's today.
    kit = ContentKit(tmp_path / "content")
    kit.people(
        "ana-lima:\n  name: Ana Lima\n  joined: 2014-01-01\n"
        "bo-chen:\n  name: Bo Chen\n  joined: 2014-01-01\n"
        "cy-diaz:\n  name: Cy Diaz\n  joined: 2014-01-01\n"
    )
    for month, speaker in (
        ("2014-05", "cy-diaz"),
        ("2015-09", "ana-lima"),
        ("2016-03", "bo-chen"),
        ("2016-06", "ana-lima"),
    ):
        kit.event(month, f"date: {month}-09\n")
        kit.talk(f"{month}-t", f"title: T {month}\nspeakers: [{speaker}]\nevent: {month}\n")
    built = sitekit.build(sitekit.write_project(tmp_path)).check()
    page = built.page("stats/")

    assert page.soup.select_one(".sc-window").get_text() == (
        "Counted up to the last demo day held, Thu 9 Jun 2016; "
        "its last 12 months are Wed 10 Jun 2015 to Thu 9 Jun 2016."
    )
    share = page.soup.select_one(".sc-share").get_text(" ", strip=True)
    assert share.startswith("67% of the active team (2 of 3 people")
    assert "Not yet: Cy Diaz." in page.content.get_text()
    assert page.soup.find(id="who-presented").get_text() == (
        "Who presented in the 12 months to June 2016"
    )
    charts = {c["aria-label"]: c for c in page.soup.select("svg.sc-chart")}
    person = [t.get_text() for t in charts["Talks per person"].select("text.sc-chart__value")]
    assert person == ["2 / 2", "1 / 1", "0 / 1"]
    titles = [t.get_text() for t in charts["Talks per person"].select("rect > title")]
    assert "Ana Lima: 2 in the 12 months to June 2016" in titles
    months = charts["Talks per month"].select("text.sc-chart__label")
    # Every month since the first talk, up to the last demo day's: 2014-05 to 2016-06.
    assert months[0].get_text() == "Jul 14" and months[-1].get_text().endswith("16")
    assert [t.get_text() for t in charts["Talks per month"].select("text.sc-chart__value")] == [
        "1",
        "1",
        "1",
    ]


def test_stats_of_the_chipy_archive_count_up_to_its_last_meeting() -> None:
    result = load_archive(sitekit.require_chipy(), today=date(2026, 12, 1))
    assert result.ok
    figures = compute_stats(result.archive)

    assert figures.window_end == date(2024, 6, 13)
    assert figures.talks_per_month[-1] == (date(2024, 6, 1), 2)
    assert sum(n for _, n in figures.talks_per_month) > 0
    assert 0 < len(figures.presented_last_year) < len(figures.active)
    assert len(figures.not_presented) < len(figures.active)
    # Topics over time: the last six years with talks, not the gap from 2017 to 2022.
    assert figures.topic_years == (2013, 2014, 2015, 2016, 2023, 2024)
