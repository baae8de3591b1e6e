"""Pages every reader can use: axe-core's WCAG 2.1 A and AA rules on every kind of page, and
what Showcase adds worked from the keyboard alone.

axe-core (shipped by ``axe-playwright-python``) runs in headless Chromium on each kind of
page of the demo site and of an archive fresh from ``showcase init``: at desktop width, at
phone width and in the dark scheme (Material's ``slate``, chosen as a reader's system
chooses it: the demo's palette follows ``prefers-color-scheme``). Any violation fails, with
its rule, page and element.

The keyboard tests reach each control with Tab, check that its focus shows (its outline or
shadow differs from the unfocused one) and operate it with Enter or Space.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest
import yaml
from browserkit import Traffic, serve, watched_page
from sitekit import (
    REPO,
    Build,
    PendingBuild,
    require_chipy,
    shared_demo_build,
    start_build,
    write_project,
)

pytestmark = pytest.mark.browser

#: The day the ``init`` archive is made and built on (its first demo day is next month's).
INIT_TODAY = "2026-12-01"

#: axe-core's rules for WCAG 2.0 and 2.1, levels A and AA.
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

#: Each way of reading the site: the browser context it needs, and what must hold in it.
MODES: dict[str, dict[str, Any]] = {
    "desktop": {"viewport": {"width": 1280, "height": 800}},
    # A phone-sized window (Material's layout for phones: drawer, no tabs, search overlay).
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True},
    "dark": {"viewport": {"width": 1280, "height": 800}, "color_scheme": "dark"},
}
SCHEME = {"desktop": "default", "phone": "default", "dark": "slate"}

#: Every kind of page of the demo: a page address, or "?query" for the home page with
#: the search box open on that query's results.
DEMO_PAGES = [
    "",
    "schedule/",
    "archive/",
    "events/2026-03/",  # past, with its talks
    "events/2026-12/",  # upcoming
    "talks/2026-03-cuped-in-practice/",  # PDF slides in the slide viewer
    "talks/2026-04-streaming-order-events/",  # an HTML deck
    "talks/2026-02-substitution-model/",  # a notebook
    "talks/feature-store-lessons/",  # proposed, without a date
    "talks/2026-11-backfills-without-fear/",  # a recording, its chapters and transcript
    "talks/2026-11-backfills-without-fear/#sc-t-8",  # the transcript unfolded at a passage
    "talks/2026-10-dbt-slim-ci/",  # a recording hosted elsewhere
    "people/",
    "people/dev-patel/",
    "topics/",
    "topics/airflow/",
    "stats/",
    "digests/",
    "digests/2026-q1/",  # a quarter's digest: talks by topic, recordings, who presented
    "404.html",
    "?forecast",
]
INIT_PAGES = [
    "",
    "schedule/",
    "archive/",
    "events/2027-01/",
    "talks/how-to-add-your-talk/",
    "people/",
    "people/ada-lovelace/",
    "topics/",
    "topics/demo-days/",
    "stats/",
    "digests/",  # no talk given yet: no digest
    "?talk",
]

#: A real archive's pages where Showcase's grey lines hold links (a talk's date and event).
CHIPY_PAGES = [
    "talks/2009-06-mindblowing-python-gil/",
    "archive/",
    "people/aaron-brady/",
    "digests/2009-q2/",
]


# Sites, server and browser -------------------------------------------------------------


def init_project(root: Path) -> Path:
    """``showcase init`` run as a new team runs it; the archive's ``mkdocs.yml``."""
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "showcase",
            "init",
            str(root),
            "--name",
            "Team Demo Days",
            "--timezone",
            "Europe/Berlin",
            "--organizer",
            "Ada Lovelace",
            "--today",
            INIT_TODAY,
        ],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return root / "mkdocs.yml"


@pytest.fixture(scope="module")
def init_build(tmp_path_factory: pytest.TempPathFactory) -> PendingBuild:
    return start_build(init_project(tmp_path_factory.mktemp("init") / "archive"), today=INIT_TODAY)


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory: pytest.TempPathFactory, init_build: PendingBuild) -> Iterator[str]:
    # init_build is asked for first so that both sites build at once.
    with serve(shared_demo_build(tmp_path_factory).site) as url:
        yield url


@pytest.fixture(scope="module")
def init_url(init_build: PendingBuild) -> Iterator[str]:
    built: Build = init_build.wait().check()
    with serve(built.site) as url:
        yield url


@pytest.fixture(scope="module")
def chipy_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The ChiPy archive with the demo's theme settings (its palette)."""
    settings = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    config = write_project(
        tmp_path_factory.mktemp("chipy"),
        config={"site_name": "ChiPy talks", "theme": settings["theme"]},
        plugin_options={"timezone": "America/Chicago"},
        content=require_chipy(),
    )
    built = start_build(config).wait().check()
    with serve(built.site) as url:
        yield url


@pytest.fixture(scope="module")
def tabs(browser: Any) -> Iterator[dict[str, tuple[Any, Traffic]]]:
    """One page per way of reading, reused from page to page."""
    with ExitStack() as stack:
        yield {
            mode: stack.enter_context(watched_page(browser, **options))
            for mode, options in MODES.items()
        }


@pytest.fixture
def page(browser: Any) -> Iterator[tuple[Any, Traffic]]:
    with watched_page(browser, viewport={"width": 1280, "height": 800}) as watched:
        yield watched


# axe-core -------------------------------------------------------------------------------


#: The search box shows results, and they answer what it holds now (typing searches again
#: after each pause: an earlier search's results may show first).
ANSWERED = """() => {
    const box = document.querySelector("[data-sc-search]");
    return /\\bresults?\\b/.test(box.querySelector(".sc-search__status").textContent)
        && box.dataset.answered === box.querySelector(".md-search__input").value;
}"""


def settled(tab: Any) -> None:
    """Wait until the page's scripts have laid it out: Material marks scrolling code blocks
    focusable from a resize observer, which reports before the frame is painted."""
    tab.evaluate(
        "() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))"
    )


def open_page(tab: Any, base_url: str, where: str) -> None:
    """Open ``where`` (a "?query" opens the home page and searches for query)."""
    query = where[1:] if where.startswith("?") else None
    tab.goto(base_url if query is not None else base_url + where, wait_until="load")
    if query is not None:
        tab.keyboard.press("/")
        tab.keyboard.type(query)
        tab.wait_for_function(ANSWERED)
        # The first hit focused (as ArrowDown leaves it), the pointer over the second:
        # both highlighted states are checked, whatever the pointer did before.
        tab.keyboard.press("ArrowDown")
        second = tab.locator(".sc-hit__link").nth(1)
        if second.count():
            second.hover()
    settled(tab)
    if "#" in where:
        # The page scrolled to what the address names, and Material fades its tabs out
        # as it scrolls: axe must see the page once that is over, not half-way.
        tab.wait_for_function(
            "() => document.getAnimations().every((a) => a.playState !== 'running')"
        )


def axe_report(tab: Any) -> dict[str, Any]:
    """axe-core's WCAG 2.1 A and AA rules run on the page as it is now."""
    from axe_playwright_python.sync_playwright import Axe

    options = {"runOnly": {"type": "tag", "values": WCAG_21_AA}, "resultTypes": ["violations"]}
    report: dict[str, Any] = Axe().run(tab, options=options).response
    return report


def described(violations: list[dict[str, Any]], where: str, mode: str) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"]:
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(f"  /{where} [{mode}] {' '.join(map(str, node['target']))}: {summary}")
    return "\n".join(lines)


def assert_no_violations(tab: Any, base_url: str, where: str, mode: str) -> None:
    open_page(tab, base_url, where)
    # The way of reading is the one asked for, so that a pass says something about it.
    assert tab.evaluate("document.body.getAttribute('data-md-color-scheme')") == SCHEME[mode]
    assert tab.evaluate("document.documentElement.clientWidth") <= MODES[mode]["viewport"]["width"]
    report = axe_report(tab)
    ran = {rule["id"] for key in ("passes", "violations", "incomplete") for rule in report[key]}
    assert "color-contrast" in ran, "axe did not check the page's contrast"
    assert not report["violations"], "\n" + described(report["violations"], where, mode)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("where", DEMO_PAGES)
def test_every_kind_of_demo_page_passes_wcag_21_aa(
    demo_url: str, tabs: dict[str, tuple[Any, Traffic]], where: str, mode: str
) -> None:
    tab, _ = tabs[mode]
    assert_no_violations(tab, demo_url, where, mode)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("where", INIT_PAGES)
def test_every_kind_of_page_of_an_init_archive_passes_wcag_21_aa(
    init_url: str, tabs: dict[str, tuple[Any, Traffic]], where: str, mode: str
) -> None:
    tab, _ = tabs[mode]
    assert_no_violations(tab, init_url, where, mode)


@pytest.mark.parametrize("mode", ["desktop", "dark"])
@pytest.mark.parametrize("where", CHIPY_PAGES)
def test_pages_of_a_real_archive_pass_wcag_21_aa(
    chipy_url: str, tabs: dict[str, tuple[Any, Traffic]], where: str, mode: str
) -> None:
    tab, _ = tabs[mode]
    assert_no_violations(tab, chipy_url, where, mode)


def test_the_check_finds_links_too_pale_to_read(demo_url: str, page: tuple[Any, Traffic]) -> None:
    """The same run on a page whose links are made Material's own teal again reports them:
    the tests above would see the palette come back."""
    tab, _ = page
    open_page(tab, demo_url, "people/")
    tab.add_style_tag(content=".md-typeset a { color: #009485 !important; }")
    settled(tab)

    found = {violation["id"] for violation in axe_report(tab)["violations"]}

    assert "color-contrast" in found


# The keyboard ---------------------------------------------------------------------------

RING = """(element) => {
    const style = getComputedStyle(element);
    return [style.outlineStyle, style.outlineWidth, style.outlineColor, style.boxShadow,
            style.backgroundColor].join(" | ");
}"""


def tab_to(tab: Any, selector: str, *, limit: int = 80) -> str:
    """Press Tab until the focus is on ``selector``; the focused element's ring.

    Fails, naming what the focus went through, if ``limit`` presses do not get there."""
    passed: list[str] = []
    for _ in range(limit):
        tab.keyboard.press("Tab")
        if tab.evaluate(f"() => document.activeElement.matches({selector!r})"):
            return str(tab.evaluate(f"() => ({RING})(document.activeElement)"))
        passed.append(
            tab.evaluate(
                "() => { const e = document.activeElement;"
                " return e.tagName + (e.className ? '.' + e.className : ''); }"
            )
        )
    raise AssertionError(f"Tab never reached {selector}; it went through {passed}")


def unfocused_ring(tab: Any, selector: str) -> str:
    return str(tab.locator(selector).first.evaluate(RING))


def assert_focus_shows(tab: Any, selector: str, focused: str, unfocused: str) -> None:
    assert focused != unfocused, f"{selector} looks the same focused: {focused}"
    outline, width, _, shadow, _ = focused.split(" | ")
    assert (outline != "none" and width != "0px") or shadow != "none", (
        f"{selector} has neither an outline nor a shadow when focused: {focused}"
    )


def start(tab: Any, url: str) -> None:
    tab.goto(url, wait_until="load")
    settled(tab)
    # Focus starts from the top of the page, as after a reader's first Tab.
    tab.evaluate("() => { document.activeElement.blur(); window.scrollTo(0, 0); }")


def test_the_slide_viewer_works_from_the_keyboard(demo_url: str, page: tuple[Any, Traffic]) -> None:
    tab, traffic = page
    start(tab, demo_url + "talks/2026-03-cuped-in-practice/")
    counter = tab.locator(".sc-viewer__current")
    controls = {
        selector: unfocused_ring(tab, selector)
        for selector in (".sc-viewer__pages", ".sc-viewer__prev", ".sc-viewer__next")
    }

    ring = tab_to(tab, ".sc-viewer__pages")
    assert_focus_shows(tab, ".sc-viewer__pages", ring, controls[".sc-viewer__pages"])
    tab.keyboard.press("ArrowRight")
    assert counter.inner_text() == "2"
    tab.keyboard.press("End")
    assert counter.inner_text() == "5"
    tab.keyboard.press("Home")
    assert counter.inner_text() == "1"

    # Previous is disabled on the first slide: the next stop is Next.
    ring = tab_to(tab, ".sc-viewer__next", limit=3)
    assert_focus_shows(tab, ".sc-viewer__next", ring, controls[".sc-viewer__next"])
    tab.keyboard.press("Enter")
    assert counter.inner_text() == "2"
    tab.keyboard.press("Space")
    assert counter.inner_text() == "3"

    tab.keyboard.press("Shift+Tab")
    assert tab.evaluate("() => document.activeElement.matches('.sc-viewer__prev')")
    tab.keyboard.press("Enter")
    assert counter.inner_text() == "2"

    full = unfocused_ring(tab, ".sc-viewer__full")
    ring = tab_to(tab, ".sc-viewer__full", limit=3)
    assert_focus_shows(tab, ".sc-viewer__full", ring, full)
    tab.keyboard.press("Enter")
    tab.wait_for_function(
        "() => document.fullscreenElement && document.fullscreenElement.matches('.sc-viewer')"
    )
    assert not traffic.problems


def test_chapters_and_the_transcript_work_from_the_keyboard(
    demo_url: str, page: tuple[Any, Traffic]
) -> None:
    tab, traffic = page
    start(tab, demo_url + "talks/2026-11-backfills-without-fear/")
    tab.evaluate("() => { document.querySelector('video').muted = true; }")
    chapter = ".sc-chapters a[data-sc-seek='8']"
    summary = "details.sc-transcript > summary"
    unfocused = {selector: unfocused_ring(tab, selector) for selector in (chapter, summary)}
    ring = tab_to(tab, chapter)
    assert_focus_shows(tab, chapter, ring, unfocused[chapter])
    tab.keyboard.press("Enter")
    tab.wait_for_function(
        "() => { const v = document.querySelector('video'); return v.currentTime >= 8; }"
    )
    ring = tab_to(tab, summary)
    assert_focus_shows(tab, summary, ring, unfocused[summary])
    tab.keyboard.press("Enter")
    assert tab.locator("details.sc-transcript").evaluate("(d) => d.open")
    tab_to(tab, ".sc-transcript__body", limit=3)  # the scrolling passages take the focus
    assert not traffic.problems


def test_an_html_decks_full_screen_works_from_the_keyboard(
    demo_url: str, page: tuple[Any, Traffic]
) -> None:
    tab, _ = page
    start(tab, demo_url + "talks/2026-04-streaming-order-events/")
    unfocused = unfocused_ring(tab, ".sc-deck__full")

    ring = tab_to(tab, ".sc-deck__full")
    assert_focus_shows(tab, ".sc-deck__full", ring, unfocused)
    tab.keyboard.press("Enter")

    tab.wait_for_function(
        "() => document.fullscreenElement && document.fullscreenElement.matches('.sc-deck__frame')"
    )


@pytest.mark.parametrize(
    ("where", "selector"),
    [
        ("schedule/", "a.md-button[download]"),
        ("people/dev-patel/", "a[href$='dev-patel.ics']"),
    ],
)
def test_calendar_buttons_work_from_the_keyboard(
    demo_url: str, page: tuple[Any, Traffic], where: str, selector: str
) -> None:
    tab, traffic = page
    start(tab, demo_url + where)
    unfocused = unfocused_ring(tab, selector)

    ring = tab_to(tab, selector)
    assert_focus_shows(tab, selector, ring, unfocused)
    with tab.expect_download() as download:
        tab.keyboard.press("Enter")

    assert download.value.suggested_filename.endswith(".ics")
    assert "BEGIN:VCALENDAR" in Path(download.value.path()).read_text(encoding="utf-8")
    assert not traffic.problems


def test_the_schedules_subscribe_button_is_reached_and_shows_its_focus(
    demo_url: str, page: tuple[Any, Traffic]
) -> None:
    tab, _ = page
    start(tab, demo_url + "schedule/")
    selector = "a.md-button--primary[href^='webcal:']"
    unfocused = unfocused_ring(tab, selector)

    ring = tab_to(tab, selector)

    assert_focus_shows(tab, selector, ring, unfocused)


@pytest.mark.parametrize("key", ["Enter", "Space"])
def test_search_works_from_the_keyboard(demo_url: str, browser: Any, key: str) -> None:
    # At phone width the search box is behind the header's search button.
    with watched_page(browser, **MODES["phone"]) as (tab, traffic):
        start(tab, demo_url + "schedule/")
        opener = "[data-sc-search-open]"
        unfocused = unfocused_ring(tab, opener)

        ring = tab_to(tab, opener)
        assert_focus_shows(tab, opener, ring, unfocused)
        tab.keyboard.press(key)
        assert tab.evaluate("() => document.activeElement.id") == "sc-search-input"
        tab.keyboard.type("forecast")
        tab.wait_for_function(ANSWERED)
        first = tab.locator(".sc-hit__link").first
        unfocused = str(first.evaluate(RING))
        target = first.get_attribute("href")

        tab.keyboard.press("ArrowDown")
        assert tab.evaluate("() => document.activeElement.matches('.sc-hit__link')")
        ring = str(tab.evaluate(f"() => ({RING})(document.activeElement)"))
        assert_focus_shows(tab, ".sc-hit__link", ring, unfocused)
        with tab.expect_navigation():
            tab.keyboard.press("Enter")

        assert tab.url.split("#")[0].rstrip("/").endswith(target.split("#")[0].rstrip("/"))
        assert not traffic.problems


def test_search_results_are_reached_with_tab_at_desktop_width(
    demo_url: str, page: tuple[Any, Traffic]
) -> None:
    tab, traffic = page
    start(tab, demo_url)
    tab_to(tab, "#sc-search-input")
    tab.keyboard.type("forecast")
    tab.wait_for_function(ANSWERED)
    first = tab.locator(".sc-hit__link").first
    unfocused = str(first.evaluate(RING))

    ring = tab_to(tab, ".sc-hit__link", limit=5)

    assert_focus_shows(tab, ".sc-hit__link", ring, unfocused)
    assert tab.evaluate("() => document.querySelector('#__search').checked"), "search stays open"
    assert not traffic.problems
