"""Whole sites built with the real ``mkdocs build --strict``: the demo content, a real
archive (ChiPy), and small purpose-made sites for escaping, drafts, errors, warnings,
empty archives and a golden talk page.

Builds are slow compared to units (about a second each): the ``started`` fixture starts
every build of the module at once (one per processor runs at a time) and each site is a
module-scoped fixture that several tests read. ``SHOWCASE_TODAY`` is fixed (``TODAY``).
"""

from __future__ import annotations

import difflib
import html
import json
import os
import re
from collections.abc import Callable
from pathlib import Path

import attachmentkit
import pytest
import sitekit
from bs4 import BeautifulSoup
from contentkit import ContentKit
from sitekit import (
    TODAY,
    Build,
    PendingBuild,
    SitePage,
    broken_links,
    search_records,
    talk_slugs_linked,
)

from showcase.loader import LoadResult, load_archive
from showcase.model import Archive

GOLDEN = Path(__file__).parent / "golden"
#: The sections the plugin puts in the navigation (Stats since commit ecbf82d).
NAVIGATION = ["Home", "Schedule", "Archive", "People", "Topics", "Stats"]
NAVIGATION_URLS = {"", "schedule/", "archive/", "people/", "topics/", "stats/"}
#: A second "today", months before ``TODAY``, for the schedule to differ.
EARLIER = "2026-06-01"

# Sites ------------------------------------------------------------------------------------


def _loaded(content: Path, today: str = TODAY) -> Archive:
    """The archive a build of ``content`` publishes (drafts left out)."""
    result: LoadResult = load_archive(content, today=today)
    assert result.ok, [str(p) for p in result.errors]
    return result.archive


@pytest.fixture(scope="module")
def started(tmp_path_factory: pytest.TempPathFactory) -> dict[str, PendingBuild]:
    """Every site of this module, its build started (all run side by side)."""
    mktemp = tmp_path_factory.mktemp
    sitekit.start_demo_build(tmp_path_factory)
    builds = {}
    if sitekit.CHIPY.is_dir():
        chipy = sitekit.write_project(
            mktemp("chipy"), config={"site_name": "ChiPy"}, content=sitekit.CHIPY
        )
        builds["chipy"] = sitekit.start_build(chipy)
    june = sitekit.demo_project(mktemp("demo-june"))
    builds["june"] = sitekit.start_build(june, today=EARLIER)
    small = sitekit.write_project(_small_content(mktemp("small")))
    builds["small"] = sitekit.start_build(small)
    drafts = sitekit.write_project(
        _small_content(mktemp("small-drafts")), plugin_options={"drafts": True}
    )
    builds["small_with_drafts"] = sitekit.start_build(drafts)
    errors = _content_with_errors(mktemp("errors"))
    builds["errors"] = sitekit.start_build(errors, strict=False)
    warned = _content_with_a_warning(mktemp("warning"))
    builds["warning_strict"] = sitekit.start_build(warned, site_dir=warned.parent / "strict")
    builds["warning_plain"] = sitekit.start_build(
        warned, strict=False, site_dir=warned.parent / "plain"
    )
    flat = sitekit.demo_project(mktemp("demo-flat"))
    sitekit.set_config(flat, use_directory_urls=False)
    builds["flat"] = sitekit.start_build(flat)
    builds["empty"] = sitekit.start_build(_roster_only(mktemp("empty")))
    return builds


@pytest.fixture(scope="module")
def demo(started: dict[str, PendingBuild], tmp_path_factory: pytest.TempPathFactory) -> Build:
    return sitekit.shared_demo_build(tmp_path_factory)


@pytest.fixture(scope="module")
def demo_archive(demo: Build) -> Archive:
    return _loaded(demo.project / "content")


@pytest.fixture(scope="module")
def demo_pages(demo: Build) -> list[SitePage]:
    """Every page of the demo site, parsed once for all the tests that look at all."""
    return list(demo.pages())


@pytest.fixture(scope="module")
def chipy(started: dict[str, PendingBuild]) -> Build:
    if "chipy" not in started:
        sitekit.require_chipy()
    return started["chipy"].wait().check()


@pytest.fixture(scope="module")
def chipy_archive(chipy: Build) -> Archive:
    return _loaded(chipy.project / "content")


#: A title that is HTML: every page must show it as text.
HOSTILE_TITLE = "<script>alert(1)</script> & <b>friends</b>"
HOSTILE_SLUG = "2026-09-hostile-title"
GOLDEN_SLUG = "2026-10-shipping-a-data-api"
DRAFT_SLUG = "2026-12-draft-idea"


#: Bare addresses, as people paste them: each becomes a link, no picture is fetched.
BACKFILLS_BODY = (
    "Backfills in chunks, with a dry run first.\n\n"
    "The runbook is at https://wiki.example.com/backfills?team=data#steps, the old one at\n"
    "www.example.org; ask oncall@example.com. The chart: https://img.example.com/chart.png\n\n"
    "Not these: `https://in.code.example/` javascript:alert(1)\n"
)


def _small_content(root: Path) -> Path:
    """Three people, three events and four talks: hostile, golden, its sibling, a draft.

    Returns ``root``, where the ``content`` folder is."""
    kit = ContentKit(root / "content")
    kit.people(
        "ana-lima:\n  name: Ana Lima\n  team: Platform\n"
        "bo-chen:\n  name: Bo Chen\n  role: Analytics Engineer\n"
        "carla-diaz:\n  name: Carla Díaz\n"
    )
    kit.event("2026-09", "date: 2026-09-17\n")
    kit.event(
        "2026-10",
        "date: 2026-10-15\nstart: '16:00'\nend: '17:00'\ntitle: October Demo Day\n"
        "location: Room 4B\nhost: carla-diaz\n",
    )
    kit.event("2026-12", "date: 2026-12-17\n")
    kit.talk(
        HOSTILE_SLUG,
        {
            "title": HOSTILE_TITLE,
            "speakers": ["carla-diaz"],
            "event": "2026-09",
            "summary": "Summaries can be <script>alert(2)</script> too & so on.",
            "tags": ["security"],
        },
        body="The writeup is Markdown, so HTML in it is the author's choice.\n",
    )
    kit.talk(
        GOLDEN_SLUG,
        {
            "title": "Shipping a data API in a week",
            "speakers": ["ana-lima", "bo-chen"],
            "event": "2026-10",
            "order": 1,
            "duration": 20,
            "summary": "A read-only API on top of the metrics layer, built in five days.",
            "tags": ["apis", "python"],
            "slides": "slides.pdf",
            "video": "https://video.example.com/demo-day/2026-10/data-api",
            "links": [{"title": "API docs", "url": "https://api.example.com/docs"}],
        },
        body=(
            "The partner team needed store metrics in their app, not in a dashboard.\n\n"
            "## Scope\n\n- Read-only, JSON, four endpoints.\n- Numbers match the dashboards.\n\n"
            "## What went wrong\n\nThe gateway needed a change from another team & we waited.\n"
        ),
        files={"slides.pdf": attachmentkit.pdf_bytes(2)},
    )
    kit.talk(
        "2026-10-backfills",
        {
            "title": "Backfills without fear",
            "speakers": ["bo-chen"],
            "event": "2026-10",
            "order": 2,
        },
        body=BACKFILLS_BODY,
    )
    kit.talk(
        DRAFT_SLUG,
        {"title": "A draft idea", "speakers": ["ana-lima"], "event": "2026-12", "draft": True},
        body="Not ready.\n",
    )
    return root


def _content_with_errors(root: Path) -> Path:
    """Five errors in four files; returns the ``mkdocs.yml``."""
    kit = ContentKit(root / "content")
    kit.people("ana-lima:\n  name: Ana Lima\n  rol: Engineer\n")
    kit.event("2026-10", "date: 2026-09-15\n")
    kit.talk("unknown-speaker", "title: A\nspeakers: [anna-lima]\nevent: 2026-10\n")
    kit.talk(
        "unknown-event",
        "title: B\nspeakers: [ana-lima]\nevent: 2026-13\nslides: missing.pdf\n",
    )
    return sitekit.write_project(root)


def _content_with_a_warning(root: Path) -> Path:
    """Valid content with one warning: a writeup's link that leads to no page or file."""
    kit = ContentKit(root / "content")
    kit.people("ana-lima:\n  name: Ana Lima\n")
    kit.event("2026-10", "date: 2026-10-15\n")
    kit.talk(
        "empty",
        "title: Nothing to show\nspeakers: [ana-lima]\nevent: 2026-10\n",
        body="See [the notes](notes.md).\n",
    )
    return sitekit.write_project(root)


def _roster_only(root: Path) -> Path:
    ContentKit(root / "content").people("ana-lima:\n  name: Ana Lima\n")
    return sitekit.write_project(root)


@pytest.fixture(scope="module")
def small(started: dict[str, PendingBuild]) -> Build:
    return started["small"].wait().check()


@pytest.fixture(scope="module")
def small_with_drafts(started: dict[str, PendingBuild]) -> Build:
    return started["small_with_drafts"].wait().check()


def _site_texts(build: Build) -> dict[str, str]:
    """Every HTML file by path under the site."""
    return {
        p.relative_to(build.site).as_posix(): p.read_text(encoding="utf-8")
        for p in build.html_files()
    }


# Every record has its page ----------------------------------------------------------------


def _built_ids(build: Build, folder: str) -> set[str]:
    """Ids of the pages under ``folder/`` (``folder/ID/index.html``), its index left out."""
    return {p.parent.name for p in (build.site / folder).glob("*/index.html")}


@pytest.mark.parametrize("site", ["demo", "chipy"])
def test_every_talk_event_and_person_has_its_page(
    site: str, request: pytest.FixtureRequest
) -> None:
    build: Build = request.getfixturevalue(site)
    archive: Archive = request.getfixturevalue(f"{site}_archive")

    assert archive.talks and archive.events and archive.people
    assert _built_ids(build, "talks") == set(archive.talks)
    assert _built_ids(build, "events") == set(archive.events)
    assert _built_ids(build, "people") == set(archive.people)
    for slug, talk in archive.talks.items():
        assert build.page(f"talks/{slug}/").h1 == talk.title


def test_chipy_is_the_archive_its_readme_describes(chipy_archive: Archive) -> None:
    counts = (len(chipy_archive.talks), len(chipy_archive.events), len(chipy_archive.people))
    assert counts == (78, 36, 58)


@pytest.mark.parametrize("site", ["demo", "chipy"])
def test_each_person_page_links_exactly_their_talks(
    site: str, request: pytest.FixtureRequest
) -> None:
    build: Build = request.getfixturevalue(site)
    archive: Archive = request.getfixturevalue(f"{site}_archive")

    mismatched = {}
    for pid in archive.people:
        linked = talk_slugs_linked(build.page(f"people/{pid}/"))
        expected = {talk.slug for talk in archive.talks_by(pid)}
        if linked != expected:
            mismatched[pid] = {"missing": expected - linked, "extra": linked - expected}
    assert not mismatched
    assert any(archive.talks_by(pid) for pid in archive.people)


# Today decides the schedule ---------------------------------------------------------------


def _scheduled_event_ids(build: Build) -> list[str]:
    page = build.page("schedule/")
    ids = []
    for heading in page.content.select("section.sc-schedule-event h2"):
        link = heading.find("a")
        assert link is not None, heading
        url = page.resolve(str(link["href"]))
        match = re.fullmatch(r"events/(\d{4}-\d{2})/", url or "")
        assert match, url
        ids.append(match.group(1))
    return ids


def test_schedule_shows_only_upcoming_events(demo: Build, demo_archive: Archive) -> None:
    shown = _scheduled_event_ids(demo)

    assert shown == [event.id for event in demo_archive.upcoming_events]
    assert shown, "the demo has upcoming events on the fixed day"
    assert all(demo_archive.events[eid].date.isoformat() >= TODAY for eid in shown)
    assert len(shown) < len(demo_archive.events), "past events stay off the schedule"


def test_another_today_gives_another_schedule(
    started: dict[str, PendingBuild], demo: Build
) -> None:
    june = started["june"].wait().check()

    shown = _scheduled_event_ids(june)
    archive = _loaded(june.project / "content", today=EARLIER)
    assert shown == [event.id for event in archive.upcoming_events]
    assert shown != _scheduled_event_ids(demo)
    assert all(eid >= "2026-06" for eid in shown)


# Escaping ---------------------------------------------------------------------------------


def test_a_title_made_of_html_is_shown_as_text_everywhere(small: Build) -> None:
    texts = _site_texts(small)
    raw = [path for path, text in texts.items() if "<script>alert" in text]
    assert not raw, f"unescaped title in {raw}"

    escaped = html.escape(HOSTILE_TITLE, quote=False)
    showing = {path for path, text in texts.items() if escaped in text}
    expected = {
        f"talks/{HOSTILE_SLUG}/index.html",
        "index.html",
        "archive/index.html",
        "events/2026-09/index.html",
        "people/index.html",
        "people/carla-diaz/index.html",
        "topics/security/index.html",
    }
    assert expected <= showing
    # Search holds the title as text: the search box writes it into the page as text.
    record = search_records(small.site)[f"/talks/{HOSTILE_SLUG}/"]
    assert record["meta"]["title"] == HOSTILE_TITLE
    double = [p for p, text in texts.items() if "&amp;lt;" in text or "&amp;amp;" in text]
    assert not double, f"escaped twice in {double}"


def test_the_hostile_talk_page_reads_as_its_title(small: Build) -> None:
    page = small.page(f"talks/{HOSTILE_SLUG}/")

    assert page.h1 == HOSTILE_TITLE
    title = page.soup.title
    assert (
        title is not None
        and title.get_text() == f"{HOSTILE_TITLE} - {sitekit.BASE_CONFIG['site_name']}"
    )
    lead = page.content.select_one(".sc-lead")
    assert lead is not None and "<script>alert(2)</script>" in lead.get_text()
    scripts = [s for s in page.soup.find_all("script") if "alert(" in s.get_text()]
    assert not scripts


# Drafts -----------------------------------------------------------------------------------


def test_drafts_are_left_out_of_a_build(small: Build) -> None:
    assert not small.file(f"talks/{DRAFT_SLUG}/").exists()
    mentions = [path for path, text in _site_texts(small).items() if DRAFT_SLUG in text]
    assert not mentions
    assert DRAFT_SLUG not in talk_slugs_linked(small.page("people/ana-lima/"))


def test_drafts_are_built_when_the_plugin_asks_for_them(small_with_drafts: Build) -> None:
    page = small_with_drafts.page(f"talks/{DRAFT_SLUG}/")

    assert page.h1 == "A draft idea"
    assert page.content.select_one(".sc-badge--draft") is not None
    assert DRAFT_SLUG in talk_slugs_linked(small_with_drafts.page("people/ana-lima/"))
    assert DRAFT_SLUG in talk_slugs_linked(small_with_drafts.page("schedule/"))


def test_a_drafts_card_carries_the_draft_badge_wherever_it_is_shown(
    small_with_drafts: Build,
) -> None:
    with_badge: set[str] = set()
    for page in small_with_drafts.pages():
        for card in page.soup.select("article.sc-card"):
            href = card.select_one(".sc-card__title a")["href"]
            badge = card.select_one(".sc-card__title .sc-badge--draft")
            is_draft = href.rstrip("/").endswith(DRAFT_SLUG)
            assert (badge is not None) == is_draft, (page.url, href)
            if badge is not None:
                assert badge.get_text() == "Draft"
                with_badge.add(page.url)
    # The person's page and the schedule both show the draft's card.
    assert {"people/ana-lima/", "schedule/"} <= with_badge


# Errors and warnings ----------------------------------------------------------------------


def test_content_errors_fail_the_build_with_one_message_listing_all(
    started: dict[str, PendingBuild],
) -> None:
    result = started["errors"].wait()

    assert result.returncode != 0
    assert "Traceback" not in result.log
    errors = [line for line in result.log.splitlines() if line.startswith("ERROR")]
    assert len(errors) == 1, result.log
    assert "5 problems" in errors[0]
    for where in (
        "content/people.yml:3:",
        "content/events/2026-10.yml:1:",
        "content/talks/unknown-speaker/index.md:3:",
        "content/talks/unknown-event/index.md:4:",
        "content/talks/unknown-event/index.md:5:",
    ):
        assert re.search(rf"^\s+{re.escape(where)}\d+: error: ", result.log, re.M), (
            where,
            result.log,
        )


def test_a_warning_fails_a_strict_build(started: dict[str, PendingBuild]) -> None:
    result = started["warning_strict"].wait()

    assert result.returncode != 0, result.log
    assert re.search(r"^WARNING .*content/talks/empty/index\.md:\d+", result.log, re.M), result.log


def test_a_warning_does_not_fail_a_plain_build(started: dict[str, PendingBuild]) -> None:
    result = started["warning_plain"].wait().check()

    assert re.search(r"^WARNING .*content/talks/empty/index\.md:\d+", result.log, re.M), result.log
    assert result.page("talks/empty/").h1 == "Nothing to show"


# Navigation and search --------------------------------------------------------------------


def _nav_titles(page: SitePage, selector: str) -> list[str]:
    nav = page.soup.select_one(selector)
    assert nav is not None, (page, selector)
    return [a.get_text(" ", strip=True) for a in nav.find_all("a") if a.get_text(strip=True)]


def test_navigation_is_the_sections_and_no_talk(demo: Build, demo_pages: list[SitePage]) -> None:
    for page in (demo.page(""), demo.page("talks/2026-10-dbt-slim-ci/"), demo.page("people/")):
        assert _nav_titles(page, "nav.md-tabs") == NAVIGATION, page
        assert _nav_titles(page, "nav.md-nav--primary") == NAVIGATION, page

    in_nav: set[str] = set()
    for page in demo_pages:
        for nav in page.soup.select("nav.md-tabs, nav.md-nav--primary"):
            in_nav.update(
                url for href in page.anchors(nav) if (url := page.resolve(href)) is not None
            )
    assert in_nav == NAVIGATION_URLS


def test_search_index_has_a_talk_with_its_speakers_and_summary(
    demo: Build, demo_archive: Archive
) -> None:
    talk = demo_archive.talks["2026-10-dbt-slim-ci"]
    assert talk.summary and len(talk.speakers) == 2
    record = search_records(demo.site)[f"/talks/{talk.slug}/"]
    assert record["meta"]["title"] == talk.title
    assert record["filters"]["kind"] == ["talk"]
    text = " ".join(str(value) for value in (record["content"], *record["meta"].values()))
    for pid in talk.speakers:
        assert demo_archive.people[pid].name in text
    assert " ".join(talk.summary.split()) in " ".join(text.split())


def test_bare_addresses_in_writing_become_links_and_fetch_nothing(small: Build) -> None:
    page = small.page("talks/2026-10-backfills/")
    links = {
        a.get_text(): a["href"]
        for a in page.content.select("p a")
        if not a["href"].startswith("../")  # the speaker's and the event's pages
    }

    assert links == {
        "https://wiki.example.com/backfills?team=data#steps": (
            "https://wiki.example.com/backfills?team=data#steps"
        ),
        "www.example.org": "http://www.example.org",
        "oncall@example.com": "mailto:oncall@example.com",
        "https://img.example.com/chart.png": "https://img.example.com/chart.png",
    }
    assert page.content.select_one("code").get_text() == "https://in.code.example/"
    assert page.content.select("code a") == []
    assert "javascript:alert(1)" in page.content.get_text()
    assert not [a for a in page.soup.select("a[href]") if a["href"].startswith("javascript")]
    assert external_resources(page.soup) == []


# No external resources --------------------------------------------------------------------

#: ``<link rel>`` values that make a browser fetch the target.
FETCHING_RELS = {"stylesheet", "icon", "preload", "modulepreload", "prefetch", "manifest"}
CSS_URL = re.compile(
    r"""(?:@import\s+(?:url\()?|url\()\s*['"]?\s*((?:[a-z]+:)?//[^'")\s]+)""", re.I
)


def external_resources(page: str | BeautifulSoup) -> list[str]:
    """Resources an HTML page would load from another host (links to them are fine)."""
    soup = BeautifulSoup(page, "html.parser") if isinstance(page, str) else page
    found: list[str] = []
    for element in soup.find_all(True):
        name = element.name
        urls: list[str] = []
        if name == "link":
            if FETCHING_RELS & {rel.lower() for rel in element.get_attribute_list("rel") if rel}:
                urls.append(str(element.get("href", "")))
        elif name in ("script", "img", "iframe", "source", "video", "audio", "embed", "track"):
            urls.append(str(element.get("src", "")))
            urls.extend(
                c.split()[0] for c in str(element.get("srcset", "")).split(",") if c.strip()
            )
            if name == "video":
                urls.append(str(element.get("poster", "")))
        elif name == "object":
            urls.append(str(element.get("data", "")))
        elif name == "style":
            urls.extend(CSS_URL.findall(element.get_text()))
        urls.extend(CSS_URL.findall(str(element.get("style", ""))))
        found.extend(f"<{name}> {url}" for url in urls if sitekit.is_external_url(url))
    return found


def test_the_external_resource_scan_finds_what_it_should() -> None:
    page = """<html><head>
    <link rel="stylesheet" href="https://cdn.example.com/a.css">
    <link rel="alternate" href="https://example.com/feed.xml">
    <script src="//cdn.example.com/b.js"></script>
    <style>@import "https://fonts.example.com/c.css";
    p { background: url(//x.example/d.png) }</style>
    </head><body><a href="https://example.com/">fine</a><img src="e.png">
    <img srcset="f.png 1x, https://img.example.com/g.png 2x"><iframe src="http://h.example/"></iframe>
    <div style="background-image: url('https://i.example/i.png')"></div></body></html>"""
    assert len(external_resources(page)) == 7


def test_no_page_loads_anything_from_another_host(demo: Build, demo_pages: list[SitePage]) -> None:
    found = {page.url: urls for page in demo_pages if (urls := external_resources(page.soup))}
    assert not found
    for css in demo.site.rglob("*.css"):
        assert not CSS_URL.findall(css.read_text(encoding="utf-8")), css


# Links ------------------------------------------------------------------------------------


def test_every_internal_link_of_the_demo_leads_to_a_built_file(demo_pages: list[SitePage]) -> None:
    assert not broken_links(demo_pages)


def test_without_directory_urls_every_internal_link_still_works(
    started: dict[str, PendingBuild], demo_archive: Archive
) -> None:
    flat = started["flat"].wait().check()

    talk = next(iter(demo_archive.talks.values()))
    assert (flat.site / "talks" / talk.slug / "index.html").is_file()
    assert (flat.site / "people" / f"{talk.speakers[0]}.html").is_file()
    pages = list(flat.pages())
    assert not broken_links(pages)
    person = flat.page(f"people/{talk.speakers[0]}.html")
    assert talk.slug in talk_slugs_linked(person)


def _export_urls(site: Path) -> list[tuple[str, str]]:
    """Every URL of every export (JSON, calendars, feed) that points into the site, with
    the export that holds it."""
    from icalendar import Calendar

    found: list[tuple[str, str]] = []

    def walk(value: object, where: str) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                if key in ("url", "avatar") and isinstance(item, str):
                    found.append((where, item))
                else:
                    walk(item, where)
        elif isinstance(value, list):
            for item in value:
                walk(item, where)

    walk(json.loads((site / "talks.json").read_text(encoding="utf-8")), "talks.json")
    for ics in [site / "schedule.ics", *sorted((site / "people").glob("*.ics"))]:
        for component in Calendar.from_ical(ics.read_bytes()).walk("VEVENT"):
            if "URL" in component:
                found.append((ics.name, str(component["URL"])))
    feed = BeautifulSoup((site / "feed.xml").read_text(encoding="utf-8"), "xml")
    found.extend(("feed.xml", link["href"]) for link in feed.find_all("link"))
    return found


@pytest.mark.parametrize("layout", ["demo", "flat"])
def test_every_url_of_every_export_resolves_to_a_built_file(
    started: dict[str, PendingBuild], demo: Build, layout: str
) -> None:
    built = demo if layout == "demo" else started["flat"].wait().check()
    base = "https://demo-days.basketly.example/"
    urls = _export_urls(built.site)
    assert len(urls) > 50
    missing = []
    for where, url in urls:
        if not url.startswith(base):  # a person's links, slides hosted elsewhere
            continue
        if not built.file(url.removeprefix(base)).is_file():
            missing.append((where, url))
    assert not missing, missing


# Empty archives ---------------------------------------------------------------------------


def test_a_roster_without_talks_or_events_builds_and_says_so(
    started: dict[str, PendingBuild],
) -> None:
    empty = started["empty"].wait().check()

    home = empty.page("").content.get_text(" ", strip=True)
    assert "No talk has been given yet" in home
    assert "No demo day is scheduled yet" in home
    assert "No upcoming demo days" in empty.page("schedule/").content.get_text(" ", strip=True)
    assert empty.page("people/ana-lima/").h1 == "Ana Lima"


# Golden page ------------------------------------------------------------------------------


def _compare_with_golden(actual: str, name: str, update: Callable[[], bool]) -> None:
    golden = GOLDEN / name
    if update():
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(actual, encoding="utf-8")
        return
    assert golden.is_file(), (
        f"{golden} is missing; create it with SHOWCASE_UPDATE_GOLDEN=1 python -m pytest "
        f"tests/test_site.py -k golden"
    )
    expected = golden.read_text(encoding="utf-8")
    if actual != expected:
        diff = "".join(
            difflib.unified_diff(
                expected.splitlines(keepends=True),
                actual.splitlines(keepends=True),
                fromfile=f"tests/golden/{name} (expected)",
                tofile="built page (actual)",
            )
        )
        pytest.fail(
            f"The built page differs from tests/golden/{name}:\n{diff}\n"
            "If the change is intended, regenerate the golden file with\n"
            "  SHOWCASE_UPDATE_GOLDEN=1 python -m pytest tests/test_site.py -k golden\n"
            "and commit it with the change.",
            pytrace=False,
        )


def test_golden_talk_page(small: Build) -> None:
    actual = sitekit.article_html(small.html(f"talks/{GOLDEN_SLUG}/"))
    _compare_with_golden(
        actual, "talk.html", lambda: os.environ.get("SHOWCASE_UPDATE_GOLDEN") == "1"
    )
