"""Showcase's search box in a real browser, on a built site whose search bundle
``build_search`` wrote (``searchkit``): headless Chromium through Playwright, the site served
on 127.0.0.1; any request to another host fails a test.

A query is typed as a reader types it; a test waits for the box's status line to say how
many results there are (or that search is unavailable), then reads the results.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browserkit import Traffic, serve, watched_page
from searchkit import search_project
from sitekit import Build, build

pytestmark = pytest.mark.browser

STATUS = ".sc-search__status"
UNAVAILABLE = "Search is unavailable on this site right now."


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    return build(search_project(tmp_path_factory.mktemp("search") / "project")).check()


@pytest.fixture(scope="module")
def base_url(site: Build) -> Iterator[str]:
    with serve(site.site) as url:
        yield url


def search(tab: Any, query: str) -> str:
    """Open the box with its shortcut, type ``query``, wait for the outcome; the status."""
    tab.keyboard.press("/")
    tab.keyboard.type(query)
    return settled(tab)


def settled(tab: Any) -> str:
    """Wait until the box shows the answer to what it holds now (typing searches after
    each pause: an earlier search's results may show first); its status."""
    tab.wait_for_function(
        f"""() => {{
            const box = document.querySelector("[data-sc-search]");
            const text = document.querySelector("{STATUS}").textContent;
            return /\\bresults?\\b|^No results|unavailable/.test(text)
                && box.dataset.answered === box.querySelector(".md-search__input").value;
        }}"""
    )
    return str(tab.locator(STATUS).inner_text())


def hits(tab: Any) -> list[dict[str, str]]:
    """Each result: its kind, title, link and the labels of its section links."""
    found: list[dict[str, str]] = tab.evaluate(
        """() => Array.from(document.querySelectorAll(".sc-hit")).map((hit) => ({
            kind: hit.querySelector(".sc-hit__kind")?.textContent ?? "",
            title: hit.querySelector(".sc-hit__title").textContent,
            href: hit.querySelector(".sc-hit__link").getAttribute("href"),
            sections: Array.from(hit.querySelectorAll(".sc-hit__where"))
                .map((where) => where.textContent).join(" | "),
        }))"""
    )
    return found


# Loading --------------------------------------------------------------------------------


def test_a_first_visit_fetches_nothing_of_the_index_until_the_box_is_used(
    base_url: str, page: tuple[Any, Traffic]
) -> None:
    tab, traffic = page
    fetched: list[str] = []
    tab.on("request", lambda request: fetched.append(request.url))

    tab.goto(base_url + "talks/kafka-lag/", wait_until="networkidle")
    on_load = [url for url in fetched if "/search/" in url]
    with tab.expect_event("requestfinished", lambda request: "pagefind.js" in request.url):
        tab.locator("#sc-search-input").focus()
        tab.wait_for_function("() => document.querySelector('#__search').checked")

    assert on_load == []
    assert any(url.endswith("/search/index.json") for url in fetched)
    assert not traffic.problems


# Results --------------------------------------------------------------------------------


def test_a_word_of_one_talks_summary_shows_that_talk_first_and_once(
    base_url: str, page: tuple[Any, Traffic]
) -> None:
    tab, traffic = page
    tab.goto(base_url, wait_until="networkidle")

    status = search(tab, "quokka")
    found = hits(tab)

    assert found[0]["kind"] == "Talk"
    assert found[0]["title"] == "Cutting the warehouse bill"
    assert found[0]["href"].endswith("/talks/warehouse-bill/")
    assert [hit["href"] for hit in found].count(found[0]["href"]) == 1
    # Listings are searched for what they say themselves, not for the cards they show:
    # whatever else is found comes after the talk.
    assert {hit["kind"] for hit in found[1:]} <= {"Topic", "Person", "Event", "Page"}
    assert status in (f"{len(found)} results", "1 result")
    details = tab.locator(".sc-hit__details").first.inner_text()
    assert details == "José Ramírez · Thu 15 May 2025 · May Demo Day · cost, streaming"
    assert (
        tab.locator(".sc-hit").first.locator("mark").first.inner_text().lower().startswith("quokka")
    )
    assert not traffic.problems


@pytest.mark.parametrize(
    ("query", "title"),
    [
        ("Tomas Novak", "Taming consumer lag on the clickstream"),
        ("Tomas", "Taming consumer lag on the clickstream"),
        ("Zoe", "Taming consumer lag on the clickstream"),
        ("Jose Ramirez", "Cutting the warehouse bill"),
        ("Jose", "Cutting the warehouse bill"),
        ("Lukasiewicz", "Three-valued logic in SQL"),
    ],
)
def test_a_name_typed_without_its_accents_finds_its_talk(
    base_url: str, page: tuple[Any, Traffic], query: str, title: str
) -> None:
    tab, traffic = page
    tab.goto(base_url, wait_until="networkidle")

    search(tab, query)

    assert hits(tab)[0]["title"] == title
    assert not traffic.problems


def test_a_hit_in_a_transcript_links_to_its_cue_and_a_slide_to_its_slide(
    base_url: str, page: tuple[Any, Traffic]
) -> None:
    tab, traffic = page
    tab.goto(base_url, wait_until="networkidle")

    search(tab, "zanzibar")
    found = hits(tab)
    sections = tab.locator(".sc-hit__section-link")

    assert len(found) == 1
    assert found[0]["sections"] == "Transcript 12:40 | Slide 4"  # the headings as written
    assert sections.nth(0).get_attribute("href") == "/talks/kafka-lag/#transcript-1240"
    assert sections.nth(1).get_attribute("href") == "/talks/kafka-lag/#slide-4"
    assert "zanzibar effect" in sections.nth(0).inner_text()
    sections.nth(0).click()
    tab.wait_for_url("**/talks/kafka-lag/#transcript-1240")
    assert tab.locator("#transcript-1240").is_visible()
    assert not traffic.problems


def test_chinese_words_inside_a_sentence_find_the_chinese_talk(
    base_url: str, page: tuple[Any, Traffic]
) -> None:
    tab, traffic = page
    tab.goto(base_url, wait_until="networkidle")

    search(tab, "缓存")

    assert hits(tab)[0]["href"].endswith("/talks/shu-ju-guan-dao/")
    assert tab.locator(".sc-hit").first.locator("mark").first.inner_text() == "缓存"
    assert not traffic.problems


def test_more_results_come_by_keyboard_and_focus_the_first_added(
    base_url: str, page: tuple[Any, Traffic]
) -> None:
    tab, traffic = page
    tab.goto(base_url, wait_until="networkidle")

    status = search(tab, "dashboard")
    more = tab.locator(".sc-search__more")
    assert status == "10 results, more below"
    assert len(hits(tab)) == 10 and more.is_visible()
    more.focus()
    tab.keyboard.press("Enter")
    tab.wait_for_function("() => document.querySelectorAll('.sc-hit').length > 10")

    total = len(hits(tab))
    assert tab.locator(STATUS).inner_text() in (f"{total} results", f"{total} results, more below")
    focused = tab.evaluate("document.activeElement.closest('.sc-hit') === "
                           "document.querySelectorAll('.sc-hit')[10]")  # fmt: skip
    assert focused
    assert not traffic.problems


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("onerror", ["/talks/quoting-html/"]),
        ("paste onerror", ["/talks/quoting-html/"]),
        ("theory", []),
    ],
)
def test_a_word_one_shard_lacks_does_not_bring_that_shards_near_misses(
    base_url: str, page: tuple[Any, Traffic], query: str, expected: list[str]
) -> None:
    # Pagefind answers a word an index lacks with the longest word it holds that begins
    # it: the shards without "onerror" answer "one", and every shard answers "theory" with
    # "the".
    tab, traffic = page
    tab.goto(base_url, wait_until="networkidle")

    status = search(tab, query)

    assert [hit["href"] for hit in hits(tab)] == expected
    assert status == ("1 result" if expected else "No results")
    assert not traffic.problems


# Keyboard -------------------------------------------------------------------------------


def test_the_box_works_from_the_keyboard_alone(base_url: str, page: tuple[Any, Traffic]) -> None:
    tab, traffic = page
    tab.goto(base_url, wait_until="networkidle")
    active = "() => document.activeElement.id || document.activeElement.className"
    is_open = "() => document.querySelector('#__search').checked"

    search(tab, "zanzibar")
    assert tab.evaluate(active) == "sc-search-input" and tab.evaluate(is_open)
    tab.keyboard.press("ArrowDown")
    assert tab.evaluate("document.activeElement.getAttribute('href')") == "/talks/kafka-lag/"
    tab.keyboard.press("ArrowDown")
    assert tab.evaluate("document.activeElement.getAttribute('href')").endswith("#transcript-1240")
    tab.keyboard.press("ArrowUp")
    tab.keyboard.press("ArrowUp")
    assert tab.evaluate(active) == "sc-search-input"
    tab.keyboard.press("Tab")
    assert tab.evaluate("document.activeElement.getAttribute('href')") == "/talks/kafka-lag/"
    tab.keyboard.press("Escape")
    assert not tab.evaluate(is_open)
    assert tab.evaluate("document.activeElement === document.body")

    tab.keyboard.press("s")
    assert tab.evaluate(is_open) and tab.evaluate(active) == "sc-search-input"
    assert tab.locator("#sc-search-input").input_value() == "zanzibar"
    tab.keyboard.press("Enter")
    tab.wait_for_url("**/talks/kafka-lag/")
    assert not traffic.problems


def test_tab_reaches_the_box_and_its_results_show_focus(
    base_url: str, page: tuple[Any, Traffic]
) -> None:
    tab, traffic = page
    tab.goto(base_url, wait_until="networkidle")

    for _ in range(20):
        tab.keyboard.press("Tab")
        if tab.evaluate("document.activeElement.id") == "sc-search-input":
            break
    assert tab.evaluate("document.activeElement.id") == "sc-search-input"
    tab.keyboard.type("zanzibar")
    settled(tab)
    tab.keyboard.press("ArrowDown")
    outline = tab.evaluate(
        "() => { const s = getComputedStyle(document.activeElement);"
        " return [s.outlineStyle, parseFloat(s.outlineWidth)]; }"
    )
    assert outline[0] == "solid" and outline[1] >= 1
    assert not traffic.problems


# Bad input ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        "<img src=x onerror=window.__pwned=1>",
        '"><script>window.__pwned=1</script>',
        "(a+)+$[\\]^*?{1,2}|.*",
        "onerror",
    ],
)
def test_html_and_regex_in_a_query_show_nothing_executable(
    base_url: str, page: tuple[Any, Traffic], query: str
) -> None:
    tab, traffic = page
    tab.goto(base_url, wait_until="networkidle")

    search(tab, query)

    box = tab.locator("[data-sc-search]")
    assert box.locator("img, script, iframe, svg image, [onerror]").count() == 0
    assert tab.evaluate("window.__pwned") is None
    assert not traffic.problems


def test_html_quoted_in_a_page_shows_as_text_in_its_excerpt(
    base_url: str, page: tuple[Any, Traffic]
) -> None:
    tab, traffic = page
    tab.goto(base_url, wait_until="networkidle")

    search(tab, "paste onerror")

    first = tab.locator(".sc-hit").first
    assert "<img src=x onerror=window.__pwned=1>" in first.inner_text()
    assert first.locator("img").count() == 0
    assert tab.evaluate("window.__pwned") is None
    assert not traffic.problems


def test_a_ten_thousand_character_query_is_cut_and_said(
    base_url: str, page: tuple[Any, Traffic]
) -> None:
    tab, traffic = page
    tab.goto(base_url, wait_until="networkidle")
    tab.keyboard.press("/")

    tab.locator("#sc-search-input").fill(("zanzibar " * 1200)[:10_000])
    status = settled(tab)

    assert status == "1 result (only the first 200 characters were searched)"
    assert hits(tab)[0]["title"] == "Taming consumer lag on the clickstream"
    assert not traffic.problems


def _damaged(site: Build, tmp_path: Path, damage: str) -> Path:
    copy = tmp_path / "site"
    shutil.copytree(site.site, copy)
    bundle = copy / "search"
    shards = sorted(p for p in bundle.iterdir() if p.is_dir())
    primary = next(s for s in shards if (s / "pagefind.js").exists())
    other = next(s for s in shards if s != primary)
    if damage == "no index.json":
        (bundle / "index.json").unlink()
    elif damage == "index.json cut short":
        text = (bundle / "index.json").read_text(encoding="utf-8")
        (bundle / "index.json").write_text(text[: len(text) // 2], encoding="utf-8")
    elif damage == "no pagefind.js":
        (primary / "pagefind.js").unlink()
    elif damage == "a shard's entry missing":
        (other / "pagefind-entry.json").unlink()
    elif damage == "the primary index corrupt":
        for meta in primary.glob("pagefind.*.pf_meta"):
            meta.write_bytes(b"\x1f\x8b not gzip at all" * 20)
    elif damage == "no search folder":
        shutil.rmtree(bundle)
    return copy


@pytest.mark.parametrize(
    "damage",
    [
        "no index.json",
        "index.json cut short",
        "no pagefind.js",
        "a shard's entry missing",
        "the primary index corrupt",
        "no search folder",
    ],
)
def test_a_missing_or_corrupt_index_says_search_is_unavailable_and_the_page_works(
    site: Build, tmp_path: Path, browser: Any, damage: str
) -> None:
    with serve(_damaged(site, tmp_path, damage)) as url, watched_page(browser) as (tab, traffic):
        tab.goto(url, wait_until="networkidle")

        status = search(tab, "zanzibar")

        assert status == UNAVAILABLE
        assert tab.locator(".sc-hit").count() == 0
        tab.keyboard.press("Escape")
        tab.get_by_role("link", name="People").first.click()
        tab.wait_for_url("**/people/")
        assert tab.locator("article h1").inner_text() == "People"
        assert not traffic.foreign


# Looks ----------------------------------------------------------------------------------


def _contrast_of_results(tab: Any) -> list[tuple[str, float]]:
    """Each text element of the results with its contrast ratio against what is behind it
    (colours with transparency blended over the backgrounds of its ancestors)."""
    found: list[tuple[str, float]] = tab.evaluate(
        """() => {
        const parse = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
        const blend = (top, under) => {
            const a = top.length > 3 ? top[3] : 1;
            return [0, 1, 2].map((i) => top[i] * a + under[i] * (1 - a));
        };
        const lum = (rgb) => {
            const [r, g, b] = rgb.map((v) => {
                v /= 255;
                return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
            });
            return 0.2126 * r + 0.7152 * g + 0.0722 * b;
        };
        const background = (el) => {
            const chain = [];
            for (let e = el; e; e = e.parentElement) chain.unshift(e);
            let under = [255, 255, 255];
            for (const e of chain) {
                const c = parse(getComputedStyle(e).backgroundColor);
                if (c.length > 3 && c[3] === 0) continue;
                under = blend(c, under);
            }
            return under;
        };
        const picked = ".sc-search__status, .sc-hit__kind, .sc-hit__title, .sc-hit__details,"
            + " .sc-hit__excerpt, .sc-hit__where, .sc-hit mark";
        return Array.from(document.querySelectorAll(picked)).map((el) => {
            const under = background(el);
            const fore = blend(parse(getComputedStyle(el).color), under);
            const [a, b] = [lum(fore), lum(under)].sort((x, y) => y - x);
            return [el.className || el.tagName, (a + 0.05) / (b + 0.05)];
        });
    }"""
    )
    return found


@pytest.mark.parametrize(
    ("scheme", "width"), [("light", 1280), ("dark", 1280), ("light", 390), ("dark", 390)]
)
def test_results_read_well_in_both_schemes_at_desktop_and_phone_width(
    base_url: str, browser: Any, tmp_path: Path, scheme: str, width: int
) -> None:
    options = {"viewport": {"width": width, "height": 844}, "color_scheme": scheme}
    with watched_page(browser, **options) as (tab, traffic):
        tab.goto(base_url + "talks/kafka-lag/", wait_until="networkidle")
        if width < 600:
            opener = tab.locator("[data-sc-search-open]")
            assert opener.is_visible()
            opener.focus()
            tab.keyboard.press("Enter")
            assert tab.evaluate("document.activeElement.id") == "sc-search-input"
            tab.keyboard.type("zanzibar")
        else:
            search(tab, "zanzibar")
        settled(tab)
        tab.screenshot(path=tmp_path / f"search-{scheme}-{width}.png")

        expected = "slate" if scheme == "dark" else "default"
        assert tab.evaluate("document.body.dataset.mdColorScheme") == expected
        # Material's overlay slides in wider than the window, then settles: no page may stay
        # wider than the window once it has.
        tab.wait_for_function(f"document.documentElement.scrollWidth <= {width}")
        box = tab.locator(".sc-hit").first.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width
        weak = [(name, round(ratio, 2)) for name, ratio in _contrast_of_results(tab) if ratio < 4.5]
        assert weak == []
        assert not traffic.problems


def test_a_site_published_under_a_path_links_its_results_there(
    site: Build, tmp_path: Path, browser: Any
) -> None:
    # A project site on GitHub Pages lives at /REPOSITORY/, not at the host's root.
    shutil.copytree(site.site, tmp_path / "demo-days")
    with serve(tmp_path) as url, watched_page(browser) as (tab, traffic):
        tab.goto(url + "demo-days/people/", wait_until="networkidle")

        search(tab, "zanzibar")

        links = tab.locator(".sc-search a")
        assert links.nth(0).get_attribute("href") == "/demo-days/talks/kafka-lag/"
        assert links.nth(1).get_attribute("href") == "/demo-days/talks/kafka-lag/#transcript-1240"
        assert not traffic.problems


def test_the_box_keeps_to_this_site(base_url: str, page: tuple[Any, Traffic]) -> None:
    tab, traffic = page
    tab.goto(base_url, wait_until="networkidle")

    search(tab, "streaming")

    hrefs = tab.evaluate("Array.from(document.querySelectorAll('.sc-search a')).map((a) => a.href)")
    assert hrefs and all(re.match(re.escape(base_url.rstrip("/")) + "/", href) for href in hrefs)
    assert not traffic.foreign and not traffic.problems
