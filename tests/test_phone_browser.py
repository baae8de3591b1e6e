"""The Stats and Schedule pages of the demo site at a phone's width (390 px) and a
desktop's, in both colour schemes: chart labels a person can read, calendar buttons
apart with their help below them, and heat-table numbers that read on their cells.

Sizes and colours are the browser's own: computed styles and laid-out boxes.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import sitekit
from browserkit import serve, watched_page
from sitekit import Build

from showcase.site.stats import HEAT_DARKEST

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
#: WCAG's minimum contrast for text of this size.
AA = 4.5


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Build:
    return sitekit.shared_demo_build(tmp_path_factory)


@pytest.fixture(scope="module")
def base_url(demo: Build) -> Iterator[str]:
    with serve(demo.site) as url:
        yield url


def open_page(browser: Any, url: str, viewport: dict[str, int], scheme: str) -> Iterator[Any]:
    with watched_page(browser, viewport=viewport, color_scheme=scheme) as (tab, traffic):
        tab.goto(url, wait_until="networkidle")
        yield tab
        assert not traffic.problems


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_chart_labels_are_drawn_at_11px_or_more_and_the_page_does_not_scroll_sideways(
    browser: Any, base_url: str, viewport: dict[str, int]
) -> None:
    for tab in open_page(browser, base_url + "stats/", viewport, "light"):
        sizes = tab.evaluate(
            """() => [...document.querySelectorAll("svg.sc-chart text")].map((text) =>
                parseFloat(getComputedStyle(text).fontSize) * text.getScreenCTM().a)"""
        )
        assert len(sizes) > 20
        assert min(sizes) >= 11, min(sizes)
        # A chart wider than the screen scrolls in its own box, not the page.
        assert tab.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        boxes = tab.evaluate(
            """() => [...document.querySelectorAll(".sc-chart-box")].map((box) =>
                [box.getBoundingClientRect().right, box.tabIndex])"""
        )
        assert boxes and all(right <= viewport["width"] and tab == 0 for right, tab in boxes)


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_calendar_buttons_stand_apart_with_their_help_below_them(
    browser: Any, base_url: str, viewport: dict[str, int]
) -> None:
    for tab in open_page(browser, base_url + "schedule/", viewport, "light"):
        buttons = tab.evaluate(
            """() => [...document.querySelectorAll(".sc-subscribe .md-button")].map((b) => {
                const r = b.getBoundingClientRect();
                return [r.left, r.top, r.right, r.bottom];
            })"""
        )
        hint_top = tab.evaluate(
            "document.querySelector('.sc-subscribe .sc-hint').getBoundingClientRect().top"
        )
        assert len(buttons) == 2
        (left1, top1, right1, bottom1), (left2, top2, right2, bottom2) = buttons
        apart_across = right1 < left2 or right2 < left1
        apart_down = bottom1 < top2 or bottom2 < top1
        assert apart_across or apart_down, buttons
        assert hint_top >= max(bottom1, bottom2)


# Colours, from what the browser computed --------------------------------------------------

CELL_CONTRASTS = """() => {
    const rgba = (text) => {
        const [r, g, b, a] = text.match(/[\\d.]+/g).map(Number);
        return [r, g, b, a === undefined ? 1 : a];
    };
    const over = ([r, g, b, a], [R, G, B]) =>
        [r * a + R * (1 - a), g * a + G * (1 - a), b * a + B * (1 - a)];
    const luminance = (rgb) => {
        const [r, g, b] = rgb.map((c) => {
            c /= 255;
            return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
        });
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const contrast = (a, b) => {
        const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
        return (hi + 0.05) / (lo + 0.05);
    };
    let page = rgba(getComputedStyle(document.body).backgroundColor);
    if (page[3] === 0) page = [255, 255, 255, 1];
    const svg = [...document.querySelectorAll("svg.sc-chart")]
        .find((s) => s.getAttribute("aria-label") === "Topics over time");
    const cells = [...svg.querySelectorAll("rect.sc-chart__cell")];
    return [...svg.querySelectorAll("text.sc-chart__value")].map((number) => {
        const x = number.getBBox().x + number.getBBox().width / 2;
        const y = number.getBBox().y + number.getBBox().height / 2;
        const cell = cells.find((c) => {
            const b = c.getBBox();
            return b.x <= x && x <= b.x + b.width && b.y <= y && y <= b.y + b.height;
        });
        const style = getComputedStyle(cell);
        const [r, g, b, a] = rgba(style.fill);
        const fill = over([r, g, b, a * parseFloat(style.fillOpacity)], page);
        const ink = over(rgba(getComputedStyle(number).fill), fill);
        return [number.textContent, parseFloat(style.fillOpacity), contrast(ink, fill)];
    });
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_heat_table_number_reads_on_its_cell_the_darkest_too(
    browser: Any, base_url: str, scheme: str
) -> None:
    for tab in open_page(browser, base_url + "stats/", PHONE, scheme):
        if scheme == "dark":  # Material picks the palette of the preferred scheme
            assert tab.evaluate("document.body.dataset.mdColorScheme") == "slate"
        found = tab.evaluate(CELL_CONTRASTS)
        assert found
        # The peak's cell, the darkest of the table, is among them.
        assert max(opacity for _, opacity, _ in found) == HEAT_DARKEST
        low = [(n, opacity, round(ratio, 2)) for n, opacity, ratio in found if ratio < AA]
        assert not low
