"""A quarterly digest on paper: the print stylesheet as Chromium applies it, and the PDF it
prints, in both colour schemes."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browserkit import serve, watched_page
from sitekit import shared_demo_build

pytestmark = pytest.mark.browser

DIGEST = "digests/2026-q1/"

#: What each element's style is, as a list of strings (one per element).
STYLE = """([selector, property, pseudo]) => Array.from(document.querySelectorAll(selector),
    (element) => getComputedStyle(element, pseudo || null).getPropertyValue(property))"""

#: The site's chrome: none of it is on paper.
CHROME = (
    ".md-header",
    ".md-tabs",
    ".md-sidebar--primary",
    ".md-sidebar--secondary",
    ".sc-search",
    ".md-footer",
    ".sc-digest-nav",
)


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serve(shared_demo_build(tmp_path_factory).site) as url:
        yield url


def _styles(tab: Any, selector: str, prop: str, pseudo: str = "") -> list[str]:
    found: list[str] = tab.evaluate(STYLE, [selector, prop, pseudo])
    return found


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_digest_prints_without_the_sites_chrome_in_black_on_white(
    demo_url: str, browser: Any, scheme: str
) -> None:
    with watched_page(browser, color_scheme=scheme) as (tab, traffic):
        tab.goto(demo_url + DIGEST, wait_until="load")
        on_screen = {selector: _styles(tab, selector, "display") for selector in CHROME}
        link_on_screen = _styles(tab, ".sc-card__title a", "color")[0]
        assert _styles(tab, ".sc-print-only", "display") == ["none"]

        # Material fades a link's colour in 125 ms: the style asked for is the one at the
        # end, which paper gets at once.
        tab.add_style_tag(content="* { transition: none !important; }")
        tab.emulate_media(media="print")

        shown = {selector for selector, found in on_screen.items() if "none" not in found}
        # The sidebars are hidden on screen already (the pages hide the navigation).
        assert shown >= set(CHROME) - {".md-sidebar--primary", ".md-sidebar--secondary"}
        for selector in CHROME:
            assert set(_styles(tab, selector, "display")) == {"none"}, selector
        links = _styles(tab, ".md-content a:not(.sc-tag)", "color")
        assert set(links) == {"rgb(0, 0, 0)"} != {link_on_screen}
        assert all(_channels(tag) < 0.2 for tag in _styles(tab, ".sc-tag", "color"))
        assert set(_styles(tab, ".sc-card__title a", "text-decoration-line")) == {"underline"}
        assert _styles(tab, "body", "background-color") == ["rgb(255, 255, 255)"]
        text = _styles(tab, ".md-typeset p.sc-lead", "color")[0]
        assert _channels(text) < 0.2, f"the lead is dark on paper: {text}"
        # Cards one under the other, none cut across two pages.
        assert _styles(tab, ".sc-cards", "display")[0] == "block"
        assert set(_styles(tab, ".sc-card", "break-inside")) == {"avoid"}
        # A recording's address is written after its link; the digest's address shows.
        video = tab.locator(".sc-card__meta a[href^='https://']").first
        href = video.get_attribute("href")
        after = video.evaluate("(a) => getComputedStyle(a, '::after').content")
        assert after == '" (" attr(href) ")"' or href in after, after
        assert _styles(tab, ".sc-print-only", "display") == ["block"]
        assert not traffic.problems


def _channels(color: str) -> float:
    """How light an ``rgb()``/``rgba()`` colour reads on white, 0 (black) to 1 (white)."""
    numbers = [float(n) for n in re.findall(r"[\d.]+", color)]
    red, green, blue = numbers[:3]
    alpha = numbers[3] if len(numbers) > 3 else 1.0
    lightness = (red + green + blue) / (3 * 255)
    return alpha * lightness + (1 - alpha)


def test_no_card_is_cut_across_two_printed_pages(
    demo_url: str, browser: Any, tmp_path: Path
) -> None:
    import pypdfium2

    with watched_page(browser, color_scheme="dark") as (tab, _traffic):
        tab.goto(demo_url + DIGEST, wait_until="load")
        cards = tab.evaluate(
            """() => Array.from(document.querySelectorAll('.sc-card'), (card) => [
                card.querySelector('.sc-card__title').textContent.trim(),
                (card.querySelector('.sc-card__summary') || {textContent: ''}).textContent.trim(),
            ])"""
        )
        pdf = tmp_path / "digest.pdf"
        # A page on which, without the print stylesheet's rule, three of the nine cards
        # are cut in two.
        tab.pdf(path=str(pdf), width="12cm", height="20cm", print_background=True)

    document = pypdfium2.PdfDocument(pdf)
    pages = [
        " ".join(document[index].get_textpage().get_text_range().split())
        for index in range(len(document))
    ]
    assert len(pages) > 3, "the cards fill several pages"
    assert cards
    for title, summary in cards:
        head, tail = title[:18], " ".join(summary.split())[-18:]
        on = [index for index, text in enumerate(pages) if head in text]
        ends = [index for index, text in enumerate(pages) if tail in text]
        # The card comes first: a title may be named again under "Demo days and recordings".
        assert on and ends and on[0] == ends[0], (title, on, ends)
    # The chrome is not printed.
    assert "Search" not in pages[0] and "Schedule" not in pages[0]
