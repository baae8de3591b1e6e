"""Attachments in a real browser: the PDF slide viewer turns pages, a rendered notebook is
visible with its outputs. Headless Chromium through Playwright, the site served on
127.0.0.1, any request to another host blocked and counted as a failure.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import attachmentkit as files
import pytest
from browserkit import Traffic, serve, watched_page
from contentkit import ContentKit
from sitekit import Build, build, write_project

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """A small site with the repository's theme (the viewer's script and styles)."""
    root = tmp_path_factory.mktemp("attachments-browser")
    kit = ContentKit(root / "content").standard()
    kit.talk(
        "deck-talk",
        {"title": "A deck", "speakers": ["ana-lima"], "event": "2026-10", "slides": "slides.pdf"},
        files={"slides.pdf": files.pdf_bytes(3)},
    )
    kit.talk(
        "notebook-talk",
        {
            "title": "A notebook",
            "speakers": ["bo-chen"],
            "event": "2026-10",
            "notebooks": ["analysis.ipynb"],
        },
        files={"analysis.ipynb": files.notebook_bytes()},
    )
    config = write_project(root)
    return build(config).check()


@pytest.fixture(scope="module")
def base_url(site: Build) -> Iterator[str]:
    """The site served on a free port of 127.0.0.1."""
    with serve(site.site) as url:
        yield url


@pytest.fixture
def tab(browser: Any) -> Iterator[tuple[Any, Traffic]]:
    """A page, and the problems it met: console errors, failed or foreign requests."""
    with watched_page(browser, viewport={"width": 1280, "height": 900}) as watched:
        yield watched


def _loaded(image: Any) -> bool:
    return bool(image.evaluate("img => img.complete && img.naturalWidth > 0"))


def test_the_pdf_viewer_shows_one_slide_and_turns_pages(
    base_url: str, tab: tuple[Any, Traffic]
) -> None:
    page, traffic = tab
    page.goto(base_url + "talks/deck-talk/", wait_until="networkidle")
    viewer = page.locator("[data-sc-viewer]")
    viewer.scroll_into_view_if_needed()
    slides = viewer.locator(".sc-viewer__page img")
    assert slides.count() == 3

    assert slides.nth(0).is_visible() and _loaded(slides.nth(0))
    assert not slides.nth(1).is_visible()
    counter = viewer.locator(".sc-viewer__counter")
    assert counter.inner_text() == "Page 1 of 3"
    assert viewer.locator(".sc-viewer__prev").is_disabled()

    viewer.locator(".sc-viewer__next").click()
    assert counter.inner_text() == "Page 2 of 3"
    slides.nth(1).wait_for(state="visible")
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=slides.nth(1).element_handle()
    )
    assert not slides.nth(0).is_visible()

    viewer.locator(".sc-viewer__pages").focus()
    page.keyboard.press("ArrowRight")
    assert counter.inner_text() == "Page 3 of 3"
    assert viewer.locator(".sc-viewer__next").is_disabled()
    page.keyboard.press("Home")
    assert counter.inner_text() == "Page 1 of 3"

    download = page.locator(".sc-attachment--pdf a[download]")
    assert download.get_attribute("href") == "slides.pdf"
    assert not traffic.problems, traffic.problems


def test_a_rendered_notebook_is_visible_with_its_outputs(
    base_url: str, tab: tuple[Any, Traffic]
) -> None:
    page, traffic = tab
    page.goto(base_url + "talks/notebook-talk/", wait_until="networkidle")
    notebook = page.locator(".sc-notebook")
    notebook.scroll_into_view_if_needed()
    assert notebook.is_visible()

    table_cell = notebook.get_by_text(files.TABLE_CELL, exact=True)
    assert table_cell.is_visible()
    assert notebook.locator(".output_stdout pre", has_text=files.STREAM_TEXT).is_visible()
    plot = notebook.locator("img").first
    plot.scroll_into_view_if_needed()
    assert plot.is_visible()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=plot.element_handle())

    keyword = notebook.locator(".highlight .kn").first
    plain = notebook.locator(".highlight .n").first
    assert keyword.evaluate("e => getComputedStyle(e).color") != plain.evaluate(
        "e => getComputedStyle(e).color"
    ), "code is highlighted in the site's colours"
    assert not traffic.problems, traffic.problems
