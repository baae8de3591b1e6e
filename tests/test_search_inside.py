"""Search inside a talk's attachments: the words on PDF slides (their text layer) and in
notebooks (Markdown and code cells, not outputs) are found by the site's search, and a hit
names the slide or notebook and leads to it on the talk page.

Units read what the attachment processor hands the plan; a real site is built and its
search records read back; a real browser types a word written only on slide 2, follows
the hit and sees the viewer on page 2.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attachmentkit as files
import pytest
from browserkit import Traffic, serve
from contentkit import ContentKit
from sitekit import Build, build, search_records, write_project

from showcase.attachments import (
    AttachmentProcessor,
    Cache,
    Passage,
    Published,
    Registry,
    View,
    default_registry,
)
from showcase.attachments.handler import FILE_TEXT, PAGE_TEXT, searchable_text
from showcase.attachments.handlers.notebook import notebook_id
from showcase.attachments.handlers.pdf import PdfHandler
from showcase.model import Archive
from showcase.site.links import talk_src

#: Words written on one slide only, on no page of the site.
SLIDE_TWO_WORD = "okapiform"
SCRIPT_ON_SLIDE = "<img src=x onerror=window.__pwned=1> gnarlwhistle"
SLIDES = ["Roadmap overview", f"The {SLIDE_TWO_WORD} migration plan", SCRIPT_ON_SLIDE]


def _process(
    kit: ContentKit, cache_root: Path, registry: Registry | None = None
) -> tuple[Published, Archive]:
    result = kit.load(today="2026-11-24")
    assert result.ok, [str(p) for p in result.errors]
    processor = AttachmentProcessor(kit.root, Cache(cache_root), registry=registry)
    return processor.process(result.archive), result.archive


def _talk(kit: ContentKit, slug: str, **attached: Any) -> None:
    fields: dict[str, Any] = {"title": f"Talk {slug}", "speakers": ["ana-lima"]}
    names: dict[str, bytes] = {}
    if "slides" in attached:
        fields["slides"] = "slides.pdf"
        names["slides.pdf"] = attached["slides"]
    if "notebook" in attached:
        fields["notebooks"] = ["analysis.ipynb"]
        names["analysis.ipynb"] = attached["notebook"]
    kit.talk(slug, fields, files=names)


# What the attachments hand the plan -------------------------------------------------------


def test_the_words_of_each_slide_are_kept_with_its_anchor_and_label(
    content: ContentKit, tmp_path: Path
) -> None:
    _talk(content, "deck", slides=files.text_pdf([*SLIDES, ""]))
    published, archive = _process(content, tmp_path / "cache")

    assert published.passages["deck"] == [
        Passage("sc-slide-1", "slide 1", "Roadmap overview"),
        Passage("sc-slide-2", "slide 2", f"The {SLIDE_TWO_WORD} migration plan"),
        Passage("sc-slide-3", "slide 3", SCRIPT_ON_SLIDE),
    ]  # page 4 has no words: no passage
    html = published.talk_extras(archive.talks["deck"], talk_src(archive.talks["deck"]))
    for number in (1, 2, 3, 4):
        assert f'id="sc-slide-{number}"' in html
    assert published.problems == []


def test_a_deck_without_a_text_layer_adds_nothing(content: ContentKit, tmp_path: Path) -> None:
    _talk(content, "scanned", slides=files.pdf_bytes(3))  # pictures of text only
    published, _archive = _process(content, tmp_path / "cache")
    assert "scanned" not in published.passages
    assert published.problems == []


def test_huge_text_is_cut_per_slide_and_per_deck(content: ContentKit, tmp_path: Path) -> None:
    line = " ".join(["verbose"] * 1_500)  # 11,999 characters on one slide
    _talk(content, "wordy", slides=files.text_pdf([line] * 12))
    published, _archive = _process(content, tmp_path / "cache")
    texts = [passage.text for passage in published.passages["wordy"]]
    assert all(0 < len(text) <= PAGE_TEXT for text in texts)
    assert all(text.endswith("verbose") for text in texts), "cut between words"
    assert sum(map(len, texts)) <= FILE_TEXT
    assert len(texts) == FILE_TEXT // PAGE_TEXT  # the deck's words are spent by then


def test_a_notebooks_cells_are_kept_but_not_its_outputs(
    content: ContentKit, tmp_path: Path
) -> None:
    _talk(content, "nb", notebook=files.notebook_bytes())
    published, archive = _process(content, tmp_path / "cache")

    [passage] = published.passages["nb"]
    assert passage.anchor == "sc-notebook-analysis.ipynb"
    assert passage.label == "notebook analysis.ipynb"
    assert files.MARKDOWN_WORD in passage.text and "The analysis" in passage.text
    assert "import pandas as pd" in passage.text  # code cells count
    for output in (files.TABLE_CELL, "division by zero", "<Figure>", "<JS>"):
        assert output not in passage.text
    assert "<script>" not in passage.text and "# The analysis" not in passage.text
    html = published.talk_extras(archive.talks["nb"], talk_src(archive.talks["nb"]))
    assert (
        '<section class="sc-attachment sc-attachment--notebook" id="sc-notebook-analysis.ipynb"'
        in html
    )


class PdfWithoutViewer(PdfHandler):
    def html(self, view: View) -> str:
        raise RuntimeError("no viewer today")


class PdfWithoutWords(PdfHandler):
    def passages(self, view: View) -> list[Passage]:
        raise RuntimeError("no words today")


def _with(handler: PdfHandler) -> Registry:
    return Registry([handler, *(h for h in default_registry() if h.kind != "pdf")])


def test_slides_that_could_not_be_shown_give_search_nothing_to_lead_to(
    content: ContentKit, tmp_path: Path
) -> None:
    _talk(content, "deck", slides=files.text_pdf(SLIDES))
    published, _archive = _process(content, tmp_path / "cache", _with(PdfWithoutViewer()))
    assert "deck" not in published.passages
    assert ["no viewer today" in str(problem) for problem in published.problems] == [True]


def test_a_handler_failing_to_give_its_words_is_a_warning_and_the_slides_still_show(
    content: ContentKit, tmp_path: Path
) -> None:
    _talk(content, "deck", slides=files.text_pdf(SLIDES))
    published, archive = _process(content, tmp_path / "cache", _with(PdfWithoutWords()))
    assert "deck" not in published.passages
    [problem] = published.problems
    assert "`slides.pdf` of talk `deck`: its words are not searchable" in str(problem)
    assert "no words today" in str(problem)
    html = published.talk_extras(archive.talks["deck"], talk_src(archive.talks["deck"]))
    assert 'id="sc-slide-2"' in html


def test_notebook_ids_are_plain_and_distinct_whatever_the_name() -> None:
    names = ["a b.ipynb", "a-b.ipynb", "a/b.ipynb", "Ünïcode.ipynb", "«».ipynb", "analysis.ipynb"]
    ids = [notebook_id(name) for name in names]
    assert len(set(ids)) == len(ids)
    for made in ids:
        assert made.startswith("sc-notebook-")
        assert made.isascii() and " " not in made and "/" not in made
    assert notebook_id("analysis.ipynb") == "sc-notebook-analysis.ipynb"


def test_searchable_text_drops_controls_and_cuts_between_words() -> None:
    assert searchable_text("one\r\ntwo\x00\x07three\ufffe\ue000 four", 100) == "one two three four"
    assert searchable_text("alpha beta gamma", 12) == "alpha beta"
    assert searchable_text("x" * 50, 10) == "x" * 10


def test_searchable_text_keeps_printable_text_and_still_cleans_one_odd_character() -> None:
    # Printable text (any script) is taken as it is; one character to drop or blank in it
    # sends the whole text through the character-by-character cleaning.
    assert searchable_text("数据管道 Café  naïve", 100) == "数据管道 Café naïve"
    assert searchable_text("数据\ue000管道 Café", 100) == "数据管道 Café"
    assert searchable_text("one\u2028two\u00a0three", 100) == "one two three"


# A built site ---------------------------------------------------------------------------


def _project(root: Path, slides: bytes) -> Path:
    kit = ContentKit(root / "content")
    kit.people({"ana-lima": {"name": "Ana Lima"}, "bo-chen": {"name": "Bo Chen"}})
    kit.event("2026-10", {"date": "2026-10-15", "title": "October Demo Day"})
    kit.talk(
        "okapi-deck",
        {
            "title": "Moving the warehouse",
            "speakers": ["ana-lima"],
            "event": "2026-10",
            "tags": ["migration"],
            "slides": "slides.pdf",
            "notebooks": ["analysis.ipynb"],
        },
        # A heading whose id would be the second slide's: the sanitiser takes it off.
        "We moved the warehouse in a weekend.\n\n## SC slide 2\n\nA writeup's own heading.\n",
        files={"slides.pdf": slides, "analysis.ipynb": files.notebook_bytes()},
    )
    kit.talk(
        "scanned-deck",
        {
            "title": "A scanned deck",
            "speakers": ["bo-chen"],
            "event": "2026-10",
            "tags": ["migration"],
            "slides": "slides.pdf",
        },
        "Pictures of slides.\n",
        files={"slides.pdf": files.pdf_bytes(2)},
    )
    return write_project(root, config={"theme": {"name": "material", "font": False}})


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    return build(_project(tmp_path_factory.mktemp("inside") / "project", files.text_pdf(SLIDES)))


def _anchors(record: dict[str, Any]) -> dict[str, str]:
    return {anchor["id"]: anchor["text"] for anchor in record["anchors"]}


def test_the_talks_search_record_holds_its_slides_and_notebook_with_anchors(site: Build) -> None:
    site.check()
    records = search_records(site.site)
    talk = records["/talks/okapi-deck/"]
    assert SLIDE_TWO_WORD in talk["content"] and files.MARKDOWN_WORD in talk["content"]
    anchors = _anchors(talk)
    assert anchors["sc-slide-2"] == "slide 2"
    assert anchors["sc-notebook-analysis.ipynb"] == "notebook analysis.ipynb"
    assert files.TABLE_CELL not in talk["content"], "outputs are not searched"
    # The words are the talk's only: no other page's record holds them.
    for url, record in records.items():
        if url != "/talks/okapi-deck/":
            assert SLIDE_TWO_WORD not in record["content"], url
    assert not any(anchor.startswith("sc-") for anchor in _anchors(records["/talks/scanned-deck/"]))

    assert [anchor["id"] for anchor in talk["anchors"]].count("sc-slide-2") == 1

    page = site.page("talks/okapi-deck/")
    assert [element.name for element in page.soup.select("#sc-slide-2")] == ["li"]
    assert page.soup.select_one("li#sc-slide-2.sc-viewer__page") is not None
    assert page.soup.select_one("section#sc-notebook-analysis\\.ipynb") is not None


def test_changed_slides_are_searched_in_the_next_build(tmp_path: Path) -> None:
    config = _project(tmp_path / "project", files.text_pdf(["first words", "zebrafinch"]))
    build(config).check()
    assert "zebrafinch" in search_records(config.parent / "site")["/talks/okapi-deck/"]["content"]

    slides = config.parent / "content/talks/okapi-deck/slides.pdf"
    slides.write_bytes(files.text_pdf(["first words", "hummingbird"]))
    again = build(config).check()
    content = search_records(again.site)["/talks/okapi-deck/"]["content"]
    assert "hummingbird" in content and "zebrafinch" not in content
    assert files.MARKDOWN_WORD in content, "the notebook's words, from the cache"


# In a browser ---------------------------------------------------------------------------

STATUS = ".sc-search__status"


@pytest.fixture(scope="module")
def base_url(site: Build) -> Iterator[str]:
    with serve(site.check().site) as url:
        yield url


def _search(tab: Any, query: str) -> list[dict[str, Any]]:
    tab.keyboard.press("/")
    tab.keyboard.type(query)
    tab.wait_for_function(
        f"""() => /\\bresults?\\b|^No results|unavailable/.test(
            document.querySelector("{STATUS}").textContent)"""
    )
    found: list[dict[str, Any]] = tab.evaluate(
        """() => Array.from(document.querySelectorAll(".sc-hit")).map((hit) => ({
            title: hit.querySelector(".sc-hit__title").textContent,
            where: Array.from(hit.querySelectorAll(".sc-hit__where")).map((w) => w.textContent),
            links: Array.from(hit.querySelectorAll(".sc-hit__section-link"))
                .map((a) => a.getAttribute("href")),
            text: hit.textContent,
            elements: hit.querySelectorAll("img, script").length,
        }))"""
    )
    return found


@pytest.mark.browser
def test_a_word_on_slide_two_finds_the_talk_once_and_opens_the_viewer_there(
    base_url: str, page: tuple[Any, Traffic]
) -> None:
    tab, traffic = page
    tab.goto(base_url, wait_until="networkidle")

    found = _search(tab, SLIDE_TWO_WORD)

    assert [hit["title"] for hit in found] == ["Moving the warehouse"]
    assert found[0]["where"] == ["slide 2"]
    assert found[0]["links"] == ["/talks/okapi-deck/#sc-slide-2"]
    tab.locator(".sc-hit__section-link").first.click()
    tab.wait_for_url("**/talks/okapi-deck/#sc-slide-2")
    assert tab.locator("#sc-slide-2").is_visible()
    assert not tab.locator("#sc-slide-1").is_visible()
    assert tab.locator(".sc-viewer__current").inner_text() == "2"
    assert not traffic.problems


@pytest.mark.browser
def test_the_viewer_follows_the_address_to_another_slide(
    base_url: str, page: tuple[Any, Traffic]
) -> None:
    tab, traffic = page
    tab.goto(f"{base_url}talks/okapi-deck/#sc-slide-3", wait_until="networkidle")
    assert tab.locator(".sc-viewer__current").inner_text() == "3"
    assert tab.locator("#sc-slide-3").is_visible()

    tab.evaluate("() => { location.hash = '#sc-slide-1'; }")
    tab.wait_for_function(
        """() => document.querySelector(".sc-viewer__current").textContent === "1" """
    )
    assert tab.locator("#sc-slide-1").is_visible()
    assert not tab.locator("#sc-slide-3").is_visible()
    assert not traffic.problems


@pytest.mark.browser
def test_a_word_in_a_notebook_names_the_notebook_and_leads_to_it(
    base_url: str, page: tuple[Any, Traffic]
) -> None:
    tab, traffic = page
    tab.goto(base_url, wait_until="networkidle")

    found = _search(tab, files.MARKDOWN_WORD)

    assert [hit["title"] for hit in found] == ["Moving the warehouse"]
    assert found[0]["where"] == ["notebook analysis.ipynb"]
    tab.locator(".sc-hit__section-link").first.click()
    tab.wait_for_url("**/talks/okapi-deck/#sc-notebook-analysis.ipynb")
    assert tab.locator("#sc-notebook-analysis\\.ipynb").is_visible()
    assert not traffic.problems


@pytest.mark.browser
def test_script_written_on_a_slide_shows_as_text_in_a_result(
    base_url: str, page: tuple[Any, Traffic]
) -> None:
    tab, traffic = page
    tab.goto(base_url, wait_until="networkidle")

    found = _search(tab, "gnarlwhistle")

    assert len(found) == 1 and found[0]["where"] == ["slide 3"]
    assert "<img src=x onerror=window.__pwned=1>" in found[0]["text"]
    assert found[0]["elements"] == 0
    assert tab.evaluate("() => window.__pwned") is None
    assert not traffic.problems
