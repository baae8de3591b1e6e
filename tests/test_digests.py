"""Quarterly digests for stakeholders, and the feeds of each person's and topic's talks.

Sites are built for real (``mkdocs build --strict``) in both URL styles; their pages are
read with BeautifulSoup and their feeds parsed as Atom with ``xml.etree``. Every link
asserted is followed to a file of the built site.
"""

from __future__ import annotations

import posixpath
from collections import Counter
from datetime import date
from pathlib import Path
from xml.etree import ElementTree

import pytest
from contentkit import ContentKit
from sitekit import Build, SitePage, broken_links, require_chipy, start_build, write_project

from showcase import load_archive
from showcase.digests import Quarter, quarterly_digests
from showcase.model import Archive, Event, Talk

ATOM = "{http://www.w3.org/2005/Atom}"
SITE_URL = "https://demo.example.com/team/"


def _content(kit: ContentKit) -> ContentKit:
    """Two quarters with talks given (2026 Q1 and Q2); a cancelled demo day, a quarter
    whose only demo day had no talk, a draft given in Q4 and an upcoming talk, none of
    which makes a digest."""
    kit.people(
        {
            "ana-lima": {"name": "Ana Lima"},
            "bo-chen": {"name": 'Bo "Pipes" Chen'},
            "carla-diaz": {"name": "Carla Diaz"},
            "dee-ong": {"name": "Dee Ong"},
        }
    )
    kit.event("2026-01", {"date": "2026-01-15", "recording": "https://video.example.com/jan"})
    kit.event("2026-02", {"date": "2026-02-19"})
    kit.event("2026-04", {"date": "2026-04-16"})
    kit.event("2026-05", {"date": "2026-05-21", "cancelled": True})
    kit.event("2026-07", {"date": "2026-07-16"})
    kit.event("2026-10", {"date": "2026-10-15"})
    kit.event("2026-12", {"date": "2026-12-17"})
    talks = {
        "pipelines": ("2026-01", ["ana-lima", "bo-chen"], ["python", "data"], {}),
        "dashboards": ("2026-01", ["bo-chen"], ["data"], {}),
        "costs": (
            "2026-02",
            ["carla-diaz"],
            ["cost"],
            {"title": 'Costs & "credits" <b>', "video": "https://video.example.com/costs"},
        ),
        "forecasts": ("2026-04", ["carla-diaz"], ["ml", "python"], {}),
        "called-off": ("2026-05", ["ana-lima"], ["data"], {}),
        "secret": ("2026-10", ["dee-ong"], ["data"], {"draft": True}),
        "next-one": ("2026-12", ["ana-lima"], ["ml"], {}),
    }
    for slug, (event, speakers, tags, more) in talks.items():
        meta = {"title": slug.title(), "speakers": speakers, "event": event, "tags": tags}
        kit.talk(slug, {**meta, **more}, body=f"What {slug} found.\n")
    return kit


def _project(root: Path, *, directory_urls: bool, site_url: str = "") -> Path:
    config: dict[str, object] = {"use_directory_urls": directory_urls}
    if site_url:
        config["site_url"] = site_url
    # Drafts are in the archive (as under `mkdocs serve`): the digests still leave them out.
    project = write_project(root, config=config, plugin_options={"drafts": True})
    _content(ContentKit(root / "content"))
    return project


@pytest.fixture(scope="module", params=[True, False], ids=["directory-urls", "file-urls"])
def site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Build:
    directory_urls: bool = request.param
    root = tmp_path_factory.mktemp("digests")
    # The site's address is known in one layout and not in the other: the feeds' links
    # are absolute in one, relative to each feed in the other.
    site_url = "" if directory_urls else SITE_URL
    return start_build(_project(root, directory_urls=directory_urls, site_url=site_url)).wait()


def _url(build: Build, src: str) -> str:
    """The site path of the page ``src`` in ``build``'s layout."""
    stem = src.removesuffix(".md")
    directory_urls = (build.site / "people" / "ana-lima" / "index.html").is_file()
    if stem.endswith("index"):
        return stem.removesuffix("index") if directory_urls else f"{stem}.html"
    return f"{stem}/" if directory_urls else f"{stem}.html"


def _follow(page: SitePage, href: str) -> Path:
    target = page.target_file(href)
    assert target is not None and target.is_file(), (page, href)
    return target


def _linked(page: SitePage, selector: str) -> list[Path]:
    """The built files the links at ``selector`` of ``page``'s content lead to."""
    return [_follow(page, a["href"]) for a in page.content.select(selector)]


def test_each_quarter_with_talks_given_has_a_digest_and_no_other(site: Build) -> None:
    site.check()
    built = sorted(p.relative_to(site.site).as_posix() for p in (site.site / "digests").rglob("*"))
    if (site.site / "digests/2026-q1/index.html").is_file():
        assert built == [
            "digests/2026-q1",
            "digests/2026-q1/index.html",
            "digests/2026-q2",
            "digests/2026-q2/index.html",
            "digests/index.html",
        ]
    else:
        assert built == ["digests/2026-q1.html", "digests/2026-q2.html", "digests/index.html"]
    # 404.html links from the root of the site's address, here under /team/.
    assert not broken_links(page for page in site.pages() if page.url != "404.html")


def test_a_digest_shows_its_quarters_talks_by_topic(site: Build) -> None:
    page = site.page(_url(site, "digests/2026-q1.md"))
    assert page.h1 == "Q1 2026: what the team showed"
    lead = page.content.select_one(".sc-lead")
    assert lead is not None
    assert lead.get_text(" ", strip=True) == (
        "January to March 2026: 3 talks by 3 people at 2 demo days."
    )
    topics = page.content.select("section.sc-digest-topic")
    grouped = {
        section.h2.a.get_text(): [
            _follow(page, a["href"]).relative_to(site.site).as_posix()
            for a in section.select(".sc-card__title a")
        ]
        for section in topics
    }
    # Each talk once, under the tag of its own that most talks of the quarter share.
    talk = "talks/{}/index.html"
    assert grouped == {
        "#data": [talk.format("dashboards"), talk.format("pipelines")],
        "#cost": [talk.format("costs")],
    }
    # Each topic heading leads to the topic's page, each card shows its summary.
    assert _linked(page, "section.sc-digest-topic h2 a") == [
        site.file(_url(site, "topics/data.md")),
        site.file(_url(site, "topics/cost.md")),
    ]
    summaries = [p.get_text() for p in page.content.select(".sc-card__summary")]
    assert summaries == ["What dashboards found.", "What pipelines found.", "What costs found."]
    # The title is text, never markup.
    assert 'Costs & "credits" <b>' in page.content.get_text()
    assert not page.content.select(".sc-card__title b")


def test_a_digest_names_who_presented_and_links_the_recordings(site: Build) -> None:
    page = site.page(_url(site, "digests/2026-q1.md"))
    people = page.content.select_one(".sc-digest-people")
    assert people is not None
    names = [a.get_text() for a in people.select("a")]
    # In the order they first presented (the running order of the quarter's demo days).
    assert names == ['Bo "Pipes" Chen', "Ana Lima", "Carla Diaz"]
    assert _linked(page, ".sc-digest-people a") == [
        site.file(_url(site, f"people/{pid}.md")) for pid in ("bo-chen", "ana-lima", "carla-diaz")
    ]
    events = page.content.select_one(".sc-digest-events")
    assert events is not None
    outside = [a["href"] for a in events.select("a") if a["href"].startswith("https://")]
    assert outside == ["https://video.example.com/jan", "https://video.example.com/costs"]
    assert _linked(page, ".sc-digest-events > ul > li > a:first-child") == [
        site.file(_url(site, "events/2026-01.md")),
        site.file(_url(site, "events/2026-02.md")),
    ]


def test_drafts_cancelled_and_upcoming_talks_are_in_no_digest(site: Build) -> None:
    slugs = set()
    for src in ("digests/2026-q1.md", "digests/2026-q2.md"):
        page = site.page(_url(site, src))
        for a in page.content.select(".sc-card__title a"):
            slugs.add(_follow(page, a["href"]).parent.name)
    assert slugs == {"pipelines", "dashboards", "costs", "forecasts"}
    # The draft has its page (drafts are on), but no digest and no feed shows it.
    assert site.file(_url(site, "talks/secret/index.md")).is_file()
    assert not (site.site / "people/dee-ong.xml").exists()


def test_the_digests_index_lists_quarters_not_talks(site: Build) -> None:
    page = site.page(_url(site, "digests/index.md"))
    assert page.h1 == "Digests"
    assert not page.content.select(".sc-card"), "the first visit stays light"
    targets = _linked(page, ".sc-digest-list a")
    assert targets == [
        site.file(_url(site, "digests/2026-q2.md")),
        site.file(_url(site, "digests/2026-q1.md")),
    ]
    assert [li.get_text(" ", strip=True) for li in page.content.select(".sc-digest-list li")] == [
        "Q2 2026 April to June 2026 · 1 talk at 1 demo day",
        "Q1 2026 January to March 2026 · 3 talks at 2 demo days",
    ]


def test_digests_link_to_each_other_and_are_linked_from_home_and_archive(site: Build) -> None:
    q1, q2 = (site.file(_url(site, f"digests/2026-q{n}.md")) for n in (1, 2))
    index = site.file(_url(site, "digests/index.md"))
    first = site.page(_url(site, "digests/2026-q1.md"))
    assert _linked(first, ".sc-digest-nav a") == [index, q2]
    assert first.content.select_one(".sc-digest-nav a[rel=next]") is not None
    second = site.page(_url(site, "digests/2026-q2.md"))
    assert _linked(second, ".sc-digest-nav a") == [q1, index]
    home = site.page("")
    assert set(_linked(home, ".sc-more a")) >= {q2, index}
    archive = site.page(_url(site, "archive/index.md"))
    linked = _linked(archive, "a")
    assert q2 in linked and index in linked
    # The year's digests beside the year in the archive.
    year = archive.content.find("h2", id="year-2026")
    assert year is not None
    digests = year.find_next_sibling("p")
    assert digests is not None
    assert [_follow(archive, a["href"]) for a in digests.select("a")] == [q1, q2]


def _feed(path: Path) -> ElementTree.Element:
    return ElementTree.parse(path).getroot()


def _entries(feed: ElementTree.Element) -> list[ElementTree.Element]:
    return feed.findall(f"{ATOM}entry")


def _feed_target(site: Build, feed_path: Path, href: str) -> Path:
    """The built file a feed's link leads to: absolute ones under the site's address,
    relative ones from the feed's own place."""
    if href.startswith(SITE_URL):
        relative = href.removeprefix(SITE_URL)
    else:
        assert "://" not in href, href
        folder = feed_path.parent.relative_to(site.site).as_posix()
        relative = f"{folder}/{href}" if folder != "." else href
    path = site.site / posixpath.normpath(relative)
    if href.endswith("/"):
        path = path / "index.html"
    assert path.is_file(), (feed_path, href)
    return path


def test_the_sites_feed_holds_each_digest_before_its_latest_talks(site: Build) -> None:
    path = site.site / "feed.xml"
    entries = _entries(_feed(path))
    titles = [e.findtext(f"{ATOM}title") for e in entries]
    # A digest comes before the talks of its latest demo day, after the later ones; no
    # cancelled or upcoming talk. The draft is there because this site publishes drafts
    # (as `mkdocs serve` does); no digest is made of it.
    assert titles == [
        "Secret",
        "Digest Q2 2026: what the team showed",
        "Forecasts",
        "Digest Q1 2026: what the team showed",
        'Costs & "credits" <b>',
        "Dashboards",
        "Pipelines",
    ]
    q2, q1 = entries[1], entries[3]
    assert q1.findtext(f"{ATOM}updated") == "2026-02-19T12:00:00+00:00"
    assert q1.findtext(f"{ATOM}published") == "2026-01-15T12:00:00+00:00"
    summary = q1.findtext(f"{ATOM}summary") or ""
    assert summary.startswith('January to March 2026: 3 talks by Bo "Pipes" Chen, Ana Lima')
    assert 'Costs & "credits" <b>' in summary
    for entry, src in ((q1, "digests/2026-q1.md"), (q2, "digests/2026-q2.md")):
        link = entry.find(f"{ATOM}link")
        assert link is not None
        assert _feed_target(site, path, link.get("href", "")) == site.file(_url(site, src))


@pytest.mark.parametrize(
    ("page_src", "feed", "talks"),
    [
        ("people/carla-diaz.md", "people/carla-diaz.xml", ["forecasts", "costs"]),
        ("people/bo-chen.md", "people/bo-chen.xml", ["dashboards", "pipelines"]),
        ("topics/python.md", "topics/python.xml", ["forecasts", "pipelines"]),
        ("topics/data.md", "topics/data.xml", ["dashboards", "pipelines"]),
    ],
)
def test_a_person_and_a_topic_have_a_feed_of_their_talks_linked_from_their_page(
    site: Build, page_src: str, feed: str, talks: list[str]
) -> None:
    path = site.site / feed
    root = _feed(path)
    links = {link.get("rel"): link.get("href", "") for link in root.findall(f"{ATOM}link")}
    assert _feed_target(site, path, links["self"]) == path
    assert _feed_target(site, path, links["alternate"]) == site.file(_url(site, page_src))
    entries = _entries(root)
    linked = []
    for entry in entries:
        link = entry.find(f"{ATOM}link")
        assert link is not None
        linked.append(_feed_target(site, path, link.get("href", "")).parent.name)
    # Given talks only, newest first: no draft, no cancelled or upcoming talk.
    assert linked == talks
    assert root.findtext(f"{ATOM}updated") == entries[0].findtext(f"{ATOM}updated")

    page = site.page(_url(site, page_src))
    visible = page.content.select("a[type='application/atom+xml']")
    assert [_follow(page, a["href"]) for a in visible] == [path]
    heads = page.soup.select('head link[rel~="alternate"][type="application/atom+xml"]')
    assert [page.target_file(link["href"]) for link in heads] == [site.site / "feed.xml", path]
    if page_src == "people/bo-chen.md":
        assert heads[1]["title"] == 'Talks by Bo "Pipes" Chen'


def test_people_and_topics_without_a_talk_given_have_no_feed(site: Build) -> None:
    # Dee Ong's only talk is a draft.
    page = site.page(_url(site, "people/dee-ong.md"))
    assert not (site.site / "people/dee-ong.xml").exists()
    assert not page.content.select("a[type='application/atom+xml']")
    heads = page.soup.select('head link[rel~="alternate"][type="application/atom+xml"]')
    assert [page.target_file(link["href"]) for link in heads] == [site.site / "feed.xml"]


def test_an_empty_archive_has_a_digests_page_and_no_broken_link(tmp_path: Path) -> None:
    project = write_project(tmp_path / "empty")
    ContentKit(tmp_path / "empty" / "content").people({"ana-lima": {"name": "Ana Lima"}})
    built = start_build(project).wait().check()

    page = built.page("digests/")
    assert page.content.select_one(".sc-empty") is not None
    assert not page.content.select(".sc-digest-list")
    assert sorted(p.name for p in (built.site / "digests").iterdir()) == ["index.html"]
    assert not built.page("").content.select("a[href*='digests']")
    assert not list((built.site / "people").glob("*.xml"))
    assert not broken_links(built.pages())


def test_a_print_stylesheet_is_linked_for_paper_only(site: Build) -> None:
    page = site.page(_url(site, "digests/2026-q1.md"))
    (link,) = page.soup.select('head link[rel="stylesheet"][href$="print.css"]')
    assert link["media"] == "print"
    css = _follow(page, link["href"]).read_text(encoding="utf-8")
    assert css.lstrip().startswith("/*") and "@media print {" in css
    body = css[css.index("@media print {") :]
    for selector in (".md-header", ".md-tabs", ".md-sidebar", ".sc-search", ".md-footer"):
        assert selector in body.split("display: none")[0], selector
    assert "break-inside: avoid" in body


# The archive's digests, without a site ----------------------------------------------------


def _talk(slug: str, event: str, tags: tuple[str, ...], **more: object) -> Talk:
    return Talk(slug=slug, title=slug, speakers=("ana",), event=event, tags=tags, **more)  # type: ignore[arg-type]


def test_quarters_group_the_talks_by_their_demo_day() -> None:
    events = {
        "2025-12": Event("2025-12", date(2025, 12, 31)),
        "2026-01": Event("2026-01", date(2026, 1, 1)),
        "2026-03": Event("2026-03", date(2026, 3, 31)),
        "2026-04": Event("2026-04", date(2026, 4, 1)),
    }
    talks = {
        "a": _talk("a", "2025-12", ("x",)),
        "b": _talk("b", "2026-01", ("y", "z")),
        "c": _talk("c", "2026-03", ("z",)),
        "d": _talk("d", "2026-03", ("w", "y")),
        "e": _talk("e", "2026-03", ()),
        "f": _talk("f", "2026-04", ("x",)),
    }
    archive = Archive({}, events, talks, today=date(2026, 4, 1))  # 2026-04 is today: upcoming

    digests = quarterly_digests(archive)

    assert [d.quarter for d in digests] == [Quarter(2026, 1), Quarter(2025, 4)]
    q1 = digests[0]
    assert [t.slug for t in q1.talks] == ["b", "c", "d", "e"]
    assert (q1.first_day, q1.last_day) == (date(2026, 1, 1), date(2026, 3, 31))
    # b: y and z are both shared by two talks, y comes first in b's tags; d: y beats w.
    assert [(tag, [t.slug for t in ts]) for tag, ts in q1.topics] == [
        ("y", ["b", "d"]),
        ("z", ["c"]),
        (None, ["e"]),
    ]
    assert Quarter.of(date(2026, 12, 31)).slug == "2026-q4"
    assert Quarter(2026, 2).months == "April to June 2026"


def test_the_chipy_archive_gets_a_digest_for_each_quarter_with_talks(tmp_path: Path) -> None:
    """A real archive over many years: a digest per quarter with talks given, each with
    exactly its quarter's talks, the index a line per quarter."""
    content = require_chipy()
    project = write_project(
        tmp_path / "chipy",
        config={"site_name": "ChiPy talks"},
        plugin_options={"timezone": "America/Chicago"},
        content=content,
    )
    built = start_build(project).wait().check()
    archive = load_archive(built.project / "content", today="2026-11-24").archive
    expected: Counter[Quarter] = Counter()
    for talk in archive.given_talks:
        day = archive.date_of(talk)
        assert day is not None
        expected[Quarter.of(day)] += 0 if talk.draft else 1
    quarters = {q for q, n in expected.items() if n}
    assert len({q.year for q in quarters}) > 5, "ChiPy spans many years"

    index = built.page("digests/")
    listed = [_follow(index, a["href"]) for a in index.content.select(".sc-digest-list a")]
    assert listed == [built.file(f"digests/{q.slug}/") for q in sorted(quarters, reverse=True)]
    assert not index.content.select(".sc-card")
    for quarter in quarters:
        page = built.page(f"digests/{quarter.slug}/")
        cards = page.content.select(".sc-card__title a")
        assert len(cards) == expected[quarter], quarter
    assert not broken_links(built.pages())
