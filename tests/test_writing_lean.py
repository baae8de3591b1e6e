"""A build of thousands of pages does not hold every page's HTML at once: the converter
lets a page's HTML go once the store holds it (``convert_all(lean=True)``), and reads it
back when the page is published (``html_of``), exactly as it was made."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from showcase import writing
from showcase.pagestore import PageStore
from showcase.parallel import usable_cpus
from showcase.problems import Location
from showcase.site.links import Linker
from showcase.site.pages import HTML, WRITING, Page
from showcase.writing import MarkdownSettings, WritingConverter


def _pages(count: int) -> list[Page]:
    pages = []
    for number in range(count):
        src = f"talks/talk-{number}/index.md"
        parts = (
            (HTML, f'<header id="head-{number}">Header</header>'),
            (WRITING, f"## Findings {number}\n\nTalk {number}: **bold**, and é.\n"),
            (HTML, "<footer>Footer</footer>"),
        )
        pages.append(Page(src, f"Talk {number}", "---\n---", parts, Location(src, 1)))
    return pages


@pytest.fixture
def forking(monkeypatch: pytest.MonkeyPatch) -> None:
    """Worker processes allowed although the test session has threads of its own."""
    monkeypatch.setattr(writing, "may_fork", lambda: True)


@pytest.mark.parametrize("parallel", [False, True], ids=["one-process", "worker-processes"])
def test_a_pages_html_is_let_go_once_stored_and_read_back_as_it_was(
    tmp_path: Path, parallel: bool, request: pytest.FixtureRequest
) -> None:
    if parallel:
        if usable_cpus(2) < 2 or sys.platform != "linux":
            pytest.skip("worker processes need two CPUs and fork")
        request.getfixturevalue("forking")
    pages = _pages(writing.MIN_PAGES_FOR_WORKERS + 2)
    sources = {page.src for page in pages}
    settings = MarkdownSettings(writing.DEFAULT_EXTENSIONS)

    def converter(store: PageStore | None) -> WritingConverter:
        return WritingConverter(settings, Linker(), sources, store=store, parallel=parallel)

    truth = converter(None).convert_all(pages)
    store = PageStore(tmp_path / "writing", "n" * 16, 1)
    store.prepare()
    cold = converter(store)
    lean = cold.convert_all(pages, lean=True)
    assert cold.converted == len(pages) and cold.processes == (2 if parallel else 1)
    for page in pages:
        made, kept = truth[page.src], lean[page.src]
        assert kept.html == "" and kept.stored_as
        assert "<strong>bold</strong>, and é." in made.html
        assert cold.html_of(page, kept) == made.html
        assert kept.html_digest() == made.html_digest()
        assert (kept.toc, kept.ids, kept.words) == (made.toc, made.ids, made.words)
    assert store.reused == 0, "reading a page back is not reusing it"

    # A later build reads each page from the store, and lets it go as well.
    warm_store = PageStore(tmp_path / "writing", "n" * 16, 1)
    warm = converter(warm_store)
    again = warm.convert_all(pages, lean=True)
    assert warm.converted == 0 and warm_store.reused == len(pages)
    assert all(again[page.src] == lean[page.src] for page in pages)

    # The store emptied between the two (another build pruned it): converted again.
    shutil.rmtree(tmp_path / "writing")
    assert warm.html_of(pages[0], again[pages[0].src]) == truth[pages[0].src].html

    # Without a store nothing is let go.
    kept_whole = converter(None).convert_all(pages, lean=True)
    assert all(kept_whole[page.src] == truth[page.src] for page in pages)
