"""Hostile HTML from a pull request, in a real browser: nothing it brings runs as script
on the site, the HTML deck keeps its sandbox in full screen, and no page fetches from
another host. Headless Chromium through Playwright; the site served on 127.0.0.1.

Each payload sets ``document.title``; a test reads the title. The same content built with
``trust_authors: true`` runs the writeup's script and fetches from other hosts, which shows
that the payloads and the traffic watcher work (a test that cannot fail proves nothing).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import hostilekit as hostile
import pytest
from browserkit import Traffic, serve, watched_page
from sitekit import Build, PendingBuild, start_build

pytestmark = pytest.mark.browser

PAGES = ("talks/hostile-writeup/", "talks/hostile-notebook/", "people/ana-lima/", "events/2026-10/")


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, PendingBuild]:
    """The hostile content built twice: as the default does, and trusting its authors."""
    return {
        name: start_build(
            hostile.hostile_project(tmp_path_factory.mktemp(name), trust_authors=trusted),
            strict=False,  # the content's hazards are warnings, which --strict refuses
        )
        for name, trusted in (("guarded", False), ("trusted", True))
    }


@pytest.fixture(scope="module")
def guarded(builds: dict[str, PendingBuild]) -> Build:
    return builds["guarded"].wait().check()


@pytest.fixture(scope="module")
def base_url(guarded: Build) -> Iterator[str]:
    with serve(guarded.site) as url:
        yield url


@pytest.fixture(scope="module")
def trusted_url(builds: dict[str, PendingBuild]) -> Iterator[str]:
    with serve(builds["trusted"].wait().check().site) as url:
        yield url


@pytest.fixture
def tab(browser: Any) -> Iterator[tuple[Any, Traffic]]:
    with watched_page(browser, viewport={"width": 1280, "height": 900}) as watched:
        yield watched


def _open(page: Any, url: str) -> str:
    """Load ``url`` with every picture fetched (lazy ones too, as a reader scrolling would)
    and every ``<details>`` toggled; the page's title afterwards."""
    page.goto(url, wait_until="networkidle")
    page.evaluate(
        "() => { for (const img of document.images) img.loading = 'eager';"
        " for (const d of document.querySelectorAll('details')) d.open = !d.open; }"
    )
    page.mouse.wheel(0, 100_000)
    page.wait_for_load_state("networkidle")
    return str(page.title())


def test_every_payload_runs_when_published_as_written(tab: tuple[Any, Traffic]) -> None:
    page, _traffic = tab
    for name, payload in hostile.SCRIPT_PAYLOADS.items():
        page.set_content(f"<!doctype html><title>safe</title><body>{payload}")
        page.wait_for_load_state("load")
        assert page.title() == hostile.PWNED, f"the {name} payload does not run in Chromium"


@pytest.mark.parametrize("url", PAGES)
def test_hostile_html_runs_no_script_and_fetches_nothing_elsewhere(
    base_url: str, tab: tuple[Any, Traffic], url: str
) -> None:
    page, traffic = tab
    title = _open(page, base_url + url)
    assert title != hostile.PWNED and title.endswith("Hostile Demo Days")
    assert traffic.foreign == []
    # Pictures with a bad address (``src="x"``) stay, without their handlers: 404s only.
    errors = [e for e in traffic.console_errors if not e.startswith("Failed to load resource")]
    assert errors == [], "a payload reached the page's script"


def test_the_same_writeup_runs_its_script_and_fetches_when_authors_are_trusted(
    trusted_url: str, tab: tuple[Any, Traffic]
) -> None:
    page, traffic = tab
    assert _open(page, trusted_url + "talks/hostile-writeup/") == hostile.PWNED
    foreign = " ".join(traffic.foreign)
    assert "pictures.example.com/remote.png" in foreign
    assert "mermaid" in foreign, "Material loads Mermaid from a CDN for a pre.mermaid"


@pytest.mark.parametrize(
    ("url", "markdown"), [("talks/hostile-writeup/", True), ("talks/hostile-notebook/", False)]
)
def test_javascript_links_with_tabs_newlines_and_entities_do_nothing_when_clicked(
    base_url: str, tab: tuple[Any, Traffic], url: str, markdown: bool
) -> None:
    page, traffic = tab
    names = [*hostile.CLICK_PAYLOADS, *(["click-markdown"] if markdown else [])]
    clicked = []
    for name in names:
        page.goto(base_url + url, wait_until="networkidle")
        links = page.get_by_text(name, exact=True)
        if links.count() == 0 or not links.first.is_visible():
            continue  # the SVG link's text, once its <a> and <text> are removed
        links.first.click()
        clicked.append(name)
        page.wait_for_load_state("load")
        assert page.title() != hostile.PWNED, f"{name} ran its script"
        # Python-Markdown turns a tab into spaces: `java    script:` is a relative link.
        assert page.url.startswith(base_url), f"{name} left the site"
    assert clicked == [name for name in names if name != "click-animate"]
    assert traffic.foreign == []


def test_a_style_attribute_cannot_lay_a_box_over_the_page(
    base_url: str, tab: tuple[Any, Traffic]
) -> None:
    page, _traffic = tab
    for url in ("talks/hostile-writeup/", "talks/hostile-notebook/"):
        page.goto(base_url + url, wait_until="networkidle")
        boxes = page.locator(".md-content").get_by_text("overlay", exact=True)
        assert boxes.count() >= 1
        for index in range(boxes.count()):
            position = boxes.nth(index).evaluate("e => getComputedStyle(e).position")
            assert position != "fixed"


def test_svg_outputs_are_pictures_that_run_nothing_even_when_opened_alone(
    guarded: Build, base_url: str, tab: tuple[Any, Traffic]
) -> None:
    page, traffic = tab
    html = guarded.html("talks/hostile-notebook/")
    figures = re.findall(r'<img [^>]*src="([^"]+analysis\.ipynb/[^"]+\.svg)"', html)
    assert len(figures) == 1, "the SVG output is shown as a picture"
    notebook = html.split('class="sc-notebook"', 1)[1].split("</section>", 1)[0]
    assert "<rect" not in notebook and "<script" not in notebook, "the figure is not inlined"
    figure = base_url + "talks/hostile-notebook/" + figures[0]
    page.goto(figure, wait_until="networkidle")
    assert page.title() != hostile.PWNED
    assert page.evaluate("document.querySelectorAll('script').length") == 0
    assert traffic.foreign == []
    # The same figure as the notebook held it runs when opened: the cleaning matters.
    raw = guarded.site / "raw-figure.svg"
    raw.write_text(hostile.SVG_FIGURE, encoding="utf-8")
    page.goto(base_url + "raw-figure.svg", wait_until="load")
    assert page.title() == hostile.PWNED


def test_the_deck_goes_full_screen_in_its_sandboxed_frame(
    base_url: str, tab: tuple[Any, Traffic]
) -> None:
    page, traffic = tab
    url = base_url + "talks/hostile-deck/"
    page.goto(url, wait_until="networkidle")
    frame = page.locator("iframe.sc-deck__frame")
    assert frame.get_attribute("sandbox") == "allow-scripts"
    page.get_by_text("Full screen", exact=True).click()
    page.wait_for_function("document.fullscreenElement !== null")
    assert page.evaluate("document.fullscreenElement.tagName") == "IFRAME"
    assert page.evaluate("document.fullscreenElement.getAttribute('sandbox')") == ("allow-scripts")
    assert page.url == url
    # The frame shows Showcase's page, which holds the deck in a sandboxed frame of its own.
    deck = page.frame_locator("iframe.sc-deck__frame").frame_locator("iframe")
    assert deck.locator("h1").inner_text() == "Deck"  # the deck's own script ran, boxed in
    assert page.title() != hostile.PWNED
    assert traffic.foreign == []


def test_a_deck_cannot_open_a_window_on_another_host(
    base_url: str, tab: tuple[Any, Traffic]
) -> None:
    page, traffic = tab
    page.goto(base_url + "talks/hostile-deck/", wait_until="networkidle")
    deck = page.frame_locator("iframe.sc-deck__frame").frame_locator("iframe")
    # The deck's script ran to its end, and was refused the window it asked for.
    assert deck.locator("body[data-popup]").get_attribute("data-popup") == "refused"
    assert len(traffic.context.pages) == 1
    assert hostile.POPUP not in traffic.foreign and traffic.foreign == []


def test_without_script_full_screen_stretches_the_sandboxed_frame_over_the_window(
    browser: Any, base_url: str
) -> None:
    with watched_page(
        browser, viewport={"width": 1280, "height": 900}, java_script_enabled=False
    ) as (page, _traffic):
        url = base_url + "talks/hostile-deck/"
        page.goto(url, wait_until="networkidle")
        page.get_by_text("Full screen", exact=True).click()
        assert page.url == url + "#sc-deck"
        box = page.locator("iframe.sc-deck__frame").bounding_box()
        assert box is not None
        assert (box["x"], box["y"], box["width"], box["height"]) == (0, 0, 1280, 900)
        assert page.locator("iframe.sc-deck__frame").get_attribute("sandbox") == ("allow-scripts")


def test_the_talk_page_never_opens_the_bare_deck(base_url: str, tab: tuple[Any, Traffic]) -> None:
    page, _traffic = tab
    url = base_url + "talks/hostile-deck/"
    page.goto(url, wait_until="networkidle")
    assert page.locator("a[href$='deck.html'], iframe[src$='deck.html']").count() == 0
    to_deck = page.locator("a.sc-attachment__download")
    assert to_deck.get_attribute("href").endswith("/deck.html/deck.txt")
    with page.expect_download() as download:
        to_deck.click()
    assert download.value.suggested_filename == "deck.html"
    assert page.url == url and page.title() != hostile.PWNED


def test_the_deck_file_is_not_published_and_its_frame_page_keeps_the_sandbox(
    base_url: str, guarded: Build, tab: tuple[Any, Traffic]
) -> None:
    """Opened directly, the page that frames the deck runs the deck boxed in: nothing at
    the site's own address runs the deck's script."""
    page, traffic = tab
    assert not (guarded.site / "talks/hostile-deck/deck.html").exists()
    (frame_page,) = guarded.site.glob("media/talks/hostile-deck/deck.html/frame.html")
    page.goto(base_url + frame_page.relative_to(guarded.site).as_posix(), wait_until="load")
    inner = page.frame_locator("iframe")
    assert inner.locator("h1").inner_text() == "Deck"  # the deck ran, in its own origin
    assert page.title() == "Hostile deck" and page.title() != hostile.PWNED
    assert page.evaluate("document.querySelectorAll('script').length") == 0
    assert traffic.foreign == []


@pytest.mark.parametrize("name", [*hostile.STRAY_DOCUMENTS, "figure.svg"])
def test_a_document_no_front_matter_names_is_not_published(
    guarded: Build, builds: dict[str, PendingBuild], name: str
) -> None:
    assert not (guarded.site / "talks/hostile-writeup" / name).exists()
    assert f"talks/hostile-writeup/{name}" in guarded.log, "the build says it is left out"
    trusted = builds["trusted"].wait().check()
    assert (trusted.site / "talks/hostile-writeup" / name).is_file()
