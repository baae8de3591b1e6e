"""The built demo site in a real browser: headless Chromium driven by Playwright, the site
served over HTTP on 127.0.0.1. The site must work offline: any request to another host
fails the test (and is blocked, so that a test never depends on the network).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
import sitekit
from browserkit import Traffic, serve
from sitekit import TODAY, Build

from showcase.loader import load_archive

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Build:
    return sitekit.shared_demo_build(tmp_path_factory)


@pytest.fixture(scope="module")
def base_url(demo: Build) -> Iterator[str]:
    """The site served on a free port of 127.0.0.1."""
    with serve(demo.site) as url:
        yield url


def test_home_page_loads_cleanly_and_offline(base_url: str, page: tuple[Any, Traffic]) -> None:
    tab, traffic = page

    response = tab.goto(base_url, wait_until="networkidle")

    assert response is not None and response.ok
    assert tab.locator("h1").first.inner_text() != ""
    assert tab.locator(".sc-card").count() > 0, "the home page shows the latest talks"
    assert not traffic.problems


def test_clicking_a_talk_card_opens_the_talk(base_url: str, page: tuple[Any, Traffic]) -> None:
    tab, traffic = page
    tab.goto(base_url, wait_until="networkidle")
    link = tab.locator(".sc-card .sc-card__title a").first
    title = link.inner_text().strip()
    assert title

    link.click()
    tab.wait_for_url("**/talks/**")
    tab.wait_for_load_state("networkidle")

    assert "/talks/" in tab.url
    assert tab.locator("article h1").first.inner_text().strip() == title
    assert not traffic.problems


def test_search_finds_a_talk_by_its_speaker(
    base_url: str, page: tuple[Any, Traffic], demo: Build
) -> None:
    tab, traffic = page
    tab.goto(base_url, wait_until="networkidle")

    archive = load_archive(demo.project / "content", today=TODAY).archive
    theirs = {f"/talks/{talk.slug}/" for talk in archive.talks_by("leila-haddad")}
    assert theirs

    search = tab.locator("input.md-search__input")
    search.click()
    # Material searches on key events, not on a programmatic fill. Each key searches
    # again: the results of "H" may show before those of "Haddad", so wait for hers.
    search.press_sequentially("Haddad")
    hers = ", ".join(
        f'.md-search-result__item a.md-search-result__link[href*="{path.lstrip("/")}"]'
        for path in sorted(theirs)
    )
    tab.locator(hers).first.wait_for(state="visible")

    links = tab.locator(".md-search-result__item a.md-search-result__link")
    paths = {urlsplit(links.nth(i).get_attribute("href") or "").path for i in range(links.count())}
    assert paths & theirs, paths
    assert not traffic.problems
