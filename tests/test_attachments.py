"""Slides, notebooks and pictures on the page: the handler registry, the cache of derived
files, every kind of bad input, and real sites built with ``mkdocs build``.
"""

from __future__ import annotations

import json
import os
import re
import sys
import threading
import time
from collections.abc import Callable
from importlib.metadata import EntryPoint
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import attachmentkit as files
import pytest
from contentkit import ContentKit
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image
from sitekit import (
    REPO,
    Build,
    PendingBuild,
    SitePage,
    build,
    search_text,
    start_build,
    write_project,
)

from showcase.attachments import (
    AttachmentError,
    AttachmentOptions,
    AttachmentProcessor,
    Cache,
    Handler,
    Published,
    Registry,
    RegistryError,
    Rendering,
    RenderJob,
    View,
    cache_key,
    cards,
    default_registry,
    fragments,
)
from showcase.attachments import processor as processor_module
from showcase.attachments import registry as registry_module
from showcase.attachments.workers import Task
from showcase.kinds import KindTable
from showcase.loader import load_archive
from showcase.model import Archive
from showcase.site.filetypes import is_published_kind
from showcase.site.links import talk_src

BUILTIN_KINDS = {"pdf", "html", "notebook", "image", "link"}


# A third-party kind, as a package would write one ----------------------------------------


def _readme_example() -> str:
    """The third-party handler the README shows, so that the documented example works."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    found = re.search(r"```python\n(# showcase_csv\.py.*?)```", readme, re.S)
    assert found, "the README shows a third-party handler named showcase_csv.py"
    return found.group(1)


CSV_HANDLER = _readme_example()


def _csv_handler_class() -> type[Handler]:
    namespace: dict[str, Any] = {}
    exec(compile(CSV_HANDLER, "showcase_csv.py", "exec"), namespace)
    handler: type[Handler] = namespace["CsvTable"]
    return handler


def _install_csv_plugin(folder: Path) -> Path:
    """``showcase_csv`` as an installed distribution would be."""
    return files.install_handler(folder, "showcase_csv", CSV_HANDLER, "csv", "CsvTable")


# The registry -------------------------------------------------------------------------------


def test_the_built_in_kinds_come_from_the_entry_point_group() -> None:
    from importlib.metadata import entry_points

    declared = {ep.name: ep for ep in entry_points(group="showcase.attachments")}
    assert set(declared) >= BUILTIN_KINDS
    assert all(declared[k].dist is not None for k in BUILTIN_KINDS), "declared by a package"
    assert {declared[k].dist.name for k in BUILTIN_KINDS} == {"mkdocs-showcase"}  # type: ignore[union-attr]
    registry = default_registry()
    assert set(registry.kinds) >= BUILTIN_KINDS
    assert registry.problems == []


def test_the_registry_feeds_the_kind_table_of_the_validator() -> None:
    table = default_registry().kind_table()
    assert table.kind_for("slides.pdf", "slides") == "pdf"
    assert table.kind_for("deck.HTML", "slides") == "html"
    assert table.kind_for("analysis.ipynb", "notebooks") == "notebook"
    assert table.kind_for("cover.webp", "cover") == "image"
    assert table.kind_for("me.jpg", "avatar") == "image"
    assert table.kind_for("slides.pdf", "cover") is None
    assert table.kind_for("data.csv", "notebooks") is None


def test_a_third_party_kind_is_accepted_by_validation_once_registered(kit: ContentKit) -> None:
    kit.standard()
    kit.talk(
        "csv-talk",
        {"title": "Numbers", "speakers": ["ana-lima"], "notebooks": ["data.csv"]},
        files={"data.csv": "a,b\n1,2\n"},
    )
    refused = load_archive(kit.root, today="2026-11-01", kind_table=KindTable())
    assert any("data.csv" in p.message for p in refused.errors)

    registry = Registry(default_registry())
    registry.register(_csv_handler_class())
    accepted = load_archive(kit.root, today="2026-11-01", kind_table=registry.kind_table())
    assert accepted.ok, [str(p) for p in accepted.errors]
    assert accepted.archive.talks["csv-talk"].notebooks[0].kind == "csv"


def test_a_kind_cannot_be_registered_twice_or_without_a_name() -> None:
    registry = Registry()
    registry.register(_csv_handler_class())
    with pytest.raises(RegistryError, match="already handled"):
        registry.register(_csv_handler_class())

    class Nameless(Handler):
        pass

    with pytest.raises(RegistryError, match="does not name its kind"):
        registry.register(Nameless)
    with pytest.raises(RegistryError, match="is not a"):
        registry.register(object())  # type: ignore[arg-type]


def test_a_broken_entry_point_is_reported_and_the_others_still_load(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    group = registry_module.ENTRY_POINT_GROUP
    broken = [
        EntryPoint("ghost", "showcase_no_such_module:Handler", group),
        EntryPoint("pdf2", "showcase.attachments.handlers.pdf:PdfHandler", group),
    ]
    monkeypatch.setattr(registry_module, "entry_points", lambda group: broken)
    registry = Registry.from_entry_points()
    # Without Showcase's own entry points (a bare source tree) the built-ins still load.
    assert set(registry.kinds) >= BUILTIN_KINDS
    assert len(registry.problems) == 2
    assert "ghost" in registry.problems[0] and "ModuleNotFoundError" in registry.problems[0]
    assert "already handled" in registry.problems[1]


# The cache --------------------------------------------------------------------------------


class Recorder:
    """A ``produce`` function that counts its calls."""

    def __init__(self, content: str = "derived") -> None:
        self.calls = 0
        self.content = content

    def __call__(self, folder: Path) -> dict[str, Any]:
        self.calls += 1
        (folder / "out.txt").write_text(self.content, encoding="utf-8")
        return {"meta": {"n": self.calls}}


def test_the_cache_renders_once_and_reuses_across_builds(tmp_path: Path) -> None:
    key = cache_key("test", 1)
    produce = Recorder()
    first = Cache(tmp_path / "cache")
    entry = first.get(key, produce)
    assert (first.rendered, first.reused, produce.calls) == (1, 0, 1)
    assert entry.files == ("out.txt",)
    assert entry.path("out.txt").read_text(encoding="utf-8") == "derived"
    first.prune()

    second = Cache(tmp_path / "cache")
    again = second.get(key, produce)
    assert (second.rendered, second.reused, produce.calls) == (0, 1, 1)
    assert again.record == {"meta": {"n": 1}}
    assert second.get(cache_key("test", 2), produce).record == {"meta": {"n": 2}}
    assert (second.rendered, second.reused) == (1, 1)


def test_entries_a_build_did_not_use_are_pruned(tmp_path: Path) -> None:
    root = tmp_path / "cache"
    first = Cache(root)
    kept, dropped = cache_key("kept"), cache_key("dropped")
    first.get(kept, Recorder())
    first.get(dropped, Recorder())
    assert first.prune() == 0

    second = Cache(root)
    second.get(kept, Recorder())
    assert second.prune() == 1
    assert second.folder(kept).is_dir()
    assert not second.folder(dropped).exists()
    manifest = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
    assert set(manifest["entries"]) == {kept}
    assert not (root / "tmp").exists()


def test_the_cache_is_safe_to_delete_or_damage(tmp_path: Path) -> None:
    root = tmp_path / "cache"
    key = cache_key("x")
    produce = Recorder()
    Cache(root).get(key, produce)
    (Cache(root).folder(key) / "out.txt").unlink()  # half an entry
    assert Cache(root).get(key, produce).path("out.txt").is_file()
    assert produce.calls == 2

    import shutil

    shutil.rmtree(root)
    cache = Cache(root)
    cache.get(key, produce)
    assert (cache.rendered, produce.calls) == (1, 3)

    (root / "manifest.json").write_text("{not json", encoding="utf-8")
    cache = Cache(root)
    cache.get(key, produce)
    assert cache.reused == 1
    cache.prune()
    assert json.loads((root / "manifest.json").read_text(encoding="utf-8"))["format"] == 1


def test_a_failing_render_leaves_nothing_behind(tmp_path: Path) -> None:
    cache = Cache(tmp_path / "cache")

    def broken(folder: Path) -> dict[str, Any]:
        (folder / "half.txt").write_text("half", encoding="utf-8")
        raise RuntimeError("bug")

    with pytest.raises(RuntimeError):
        cache.get(cache_key("broken"), broken)
    assert not cache.folder(cache_key("broken")).exists()
    assert list((tmp_path / "cache" / "tmp").iterdir()) == []


def test_one_key_is_rendered_once_by_many_threads(tmp_path: Path) -> None:
    cache = Cache(tmp_path / "cache")
    calls = []

    def slow(folder: Path) -> dict[str, Any]:
        calls.append(1)
        time.sleep(0.05)
        (folder / "a").write_text("a", encoding="utf-8")
        return {}

    threads = [threading.Thread(target=cache.get, args=(cache_key("same"), slow)) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(calls) == 1
    assert (cache.rendered, cache.reused) == (1, 0)


def test_file_digests_follow_the_content(tmp_path: Path) -> None:
    path = tmp_path / "f.bin"
    path.write_bytes(b"one")
    cache = Cache(tmp_path / "cache")
    first = cache.file_digest(path)
    cache.save()
    path.write_bytes(b"two!")
    assert Cache(tmp_path / "cache").file_digest(path) != first


# Rendering an archive, without MkDocs -----------------------------------------------------


def _archive(kit: ContentKit) -> Archive:
    result = kit.load(today="2026-11-24")
    assert result.ok, [str(p) for p in result.errors]
    return result.archive


def _process(
    kit: ContentKit, cache_root: Path, options: AttachmentOptions | None = None
) -> tuple[Published, Archive]:
    archive = _archive(kit)
    cache = Cache(cache_root)
    published = AttachmentProcessor(kit.root, cache, options=options).process(archive)
    cache.prune()
    return published, archive


def _html(published: Published, archive: Archive, slug: str) -> str:
    talk = archive.talks[slug]
    return published.talk_extras(talk, talk_src(talk))


@pytest.fixture
def gallery(content: ContentKit) -> ContentKit:
    """One talk of each kind, and people with and without avatars."""
    content.write("people/ana.jpg", files.jpeg_bytes((900, 600)))
    content.people(
        "ana-lima:\n  name: Ana Lima\n  avatar: people/ana.jpg\n"
        "bo-chen:\n  name: Bo Chen\n"
        "carla-diaz:\n  name: Carla Díaz\n"
    )
    past = "2026-10"
    content.talk(
        "deck-talk",
        {
            "title": "A deck",
            "speakers": ["ana-lima"],
            "event": past,
            "tags": ["python"],
            "slides": "slides.pdf",
        },
        files={"slides.pdf": files.pdf_bytes(3)},
    )
    content.talk(
        "cover-talk",
        {
            "title": "A cover",
            "speakers": ["bo-chen"],
            "event": past,
            "tags": ["python"],
            "slides": "slides.pdf",
            "cover": "cover.jpg",
        },
        files={"slides.pdf": files.pdf_bytes(1), "cover.jpg": files.jpeg_bytes()},
    )
    content.talk(
        "notebook-talk",
        {
            "title": "A notebook",
            "speakers": ["bo-chen"],
            "event": "2026-11",
            "tags": ["data"],
            "notebooks": ["analysis.ipynb"],
        },
        files={"analysis.ipynb": files.notebook_bytes()},
    )
    content.talk(
        "plain-talk",
        {
            "title": "Just words about a thing",
            "speakers": ["carla-diaz", "bo-chen"],
            "event": "2026-11",
            "tags": ["python"],
        },
    )
    content.talk(
        "hosted-talk",
        {
            "title": "Hosted",
            "speakers": ["carla-diaz"],
            "event": "2026-12",
            "slides": "https://slides.example.com/deck",
        },
    )
    content.talk(
        "html-talk",
        {"title": "HTML deck", "speakers": ["ana-lima"], "event": "2026-11", "slides": "deck.html"},
        files={
            "deck.html": "<!doctype html><html><head><title>My deck</title></head>"
            "<body><section><h1>Hello</h1></section></body></html>"
        },
    )
    return content


def test_pdf_slides_become_page_images_with_a_thumbnail(
    gallery: ContentKit, tmp_path: Path
) -> None:
    published, archive = _process(gallery, tmp_path / "cache")
    html = _html(published, archive, "deck-talk")
    pages = re.findall(r'<img src="([^"]+page-\d+\.webp)"', html)
    assert len(pages) == 3
    assert "PDF, 3 pages" in html
    assert 'href="slides.pdf" download' in html
    assert published.problems == []
    card = published.card_image(archive.talks["deck-talk"])
    assert card == "media/talks/deck-talk/slides.pdf/thumb.webp"
    with Image.open(published.files[card]) as thumb:
        assert thumb.width == AttachmentOptions().thumb_width
    with Image.open(published.files["media/talks/deck-talk/slides.pdf/page-001.webp"]) as page:
        assert page.size == (1280, 720)


def test_a_long_deck_is_cut_short_and_says_so(content: ContentKit, tmp_path: Path) -> None:
    content.talk(
        "long",
        {"title": "Long", "speakers": ["ana-lima"], "slides": "s.pdf"},
        files={"s.pdf": files.pdf_bytes(5)},
    )
    published, archive = _process(content, tmp_path / "c", AttachmentOptions(pdf_max_pages=2))
    html = _html(published, archive, "long")
    assert len(re.findall(r"page-\d+\.webp", html)) == 2
    assert "Showing the first 2 of 5 pages" in html


def test_notebooks_show_their_saved_outputs_and_run_nothing(
    gallery: ContentKit, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    published, archive = _process(gallery, tmp_path / "cache")
    html = _html(published, archive, "notebook-talk")
    assert files.TABLE_CELL in html
    assert files.STREAM_TEXT in html
    assert files.MARKDOWN_WORD in html
    assert "ZeroDivisionError" in html
    assert '<span class="kn">import</span>' in html  # Pygments classes Material colours
    assert re.search(r'<div class="highlight[^"]*"><pre><code>', html)
    image = re.search(r'<img [^>]*src="([^"]+\.png)"', html)
    assert image is not None and "base64" not in html
    assert f"media/talks/notebook-talk/{image.group(1).split('notebook-talk/')[-1]}" in (
        published.files
    )
    for forbidden in ("<script", "alert('md')", "<style", 'border="1"'):
        assert forbidden not in html
    # The one id is the block's own, for a search hit to lead to; the notebook keeps none.
    assert re.findall(r' id="([^"]*)"', html) == ["sc-notebook-analysis.ipynb"]
    assert "<h3>The analysis</h3>" in html  # below the page's own headings
    assert "data-search-exclude" in html
    assert not list(tmp_path.rglob("EXECUTED_AT_BUILD_TIME"))
    pages = [name for name in published.files if name.endswith(".html")]
    assert pages == ["media/talks/html-talk/deck.html/frame.html"], "fragments stay private"


def test_huge_notebook_outputs_are_shortened(content: ContentKit, tmp_path: Path) -> None:
    content.talk(
        "logs",
        {"title": "Logs", "speakers": ["ana-lima"], "notebooks": ["n.ipynb"]},
        files={"n.ipynb": files.notebook_bytes(extra_cells=[files.long_output_cell(5000)])},
    )
    published, archive = _process(content, tmp_path / "c")
    html = _html(published, archive, "logs")
    assert "line 10 of a long log" in html
    assert "line 4999 of a long log" not in html
    assert re.search(r"\d+ more lines not shown", html)
    assert "1 large cell or output was shortened" in html


def test_every_talk_gets_a_card_picture(gallery: ContentKit, tmp_path: Path) -> None:
    published, archive = _process(gallery, tmp_path / "cache")
    cards = {slug: published.card_image(talk) for slug, talk in archive.talks.items()}
    assert cards["cover-talk"] == "media/talks/cover-talk/cover.jpg/thumb.webp"
    for slug in ("notebook-talk", "plain-talk", "hosted-talk", "html-talk"):
        assert cards[slug] == f"media/cards/{slug}.svg"
    for card in cards.values():
        assert card is not None
        assert card in published.drawn or published.files[card].is_file()
    svg = _svg(published.drawn["media/cards/plain-talk.svg"])
    assert (svg.get("width"), svg.get("height")) == ("960", "540")
    assert " ".join(_svg_texts(svg)[1:-1]) == "Just words about a thing"


def _svg(text: str) -> ElementTree.Element:
    root = ElementTree.fromstring(text)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    return root


def _svg_texts(svg: ElementTree.Element) -> list[str]:
    return [text.text or "" for text in svg.iter("{http://www.w3.org/2000/svg}text")]


def test_title_cards_keep_every_letter_and_escape_markup() -> None:
    title = 'Ünïcode & <tags> "quoted" in 数据 pipelines: a very long title that has to wrap'
    svg = ElementTree.fromstring(
        cards.title_card(title, "Zoë Łukasiewicz and Bo Chen", "March 2026", seed="t")
    )
    lines = _svg_texts(svg)
    assert lines[0] == "MARCH 2026"
    assert lines[-1] == "Zoë Łukasiewicz and Bo Chen"
    assert " ".join(lines[1:-1]) == title, "the title, wrapped over lines, every letter kept"
    assert len(lines) > 3
    for text in list(svg.iter("{http://www.w3.org/2000/svg}text"))[1:-1]:
        size = int(text.get("font-size", "0"))
        assert cards.text_width(text.text or "", size) <= 960 * 0.86, "inside the margins"


@given(title=st.text(), byline=st.text(), initials=st.text(max_size=4))
def test_drawn_pictures_are_well_formed_svg_whatever_the_text(
    title: str, byline: str, initials: str
) -> None:
    _svg(cards.title_card(title, byline, "May 2026", seed="s"))
    _svg(cards.initials_avatar(initials, seed="s"))


def test_a_title_too_long_for_the_card_ends_with_an_ellipsis() -> None:
    svg = ElementTree.fromstring(cards.title_card("word " * 200, "Bo", "May 2026", seed="t"))
    lines = _svg_texts(svg)
    assert lines[-2].endswith("…")
    assert len(lines) < 12


def test_title_cards_and_initials_are_deterministic(gallery: ContentKit, tmp_path: Path) -> None:
    one, _ = _process(gallery, tmp_path / "a")
    two, _ = _process(gallery, tmp_path / "b")
    for site_path in ("media/cards/plain-talk.svg", "media/people/bo-chen.svg"):
        assert one.drawn[site_path] == two.drawn[site_path]


def test_avatars_are_resized_and_initials_drawn_for_the_others(
    gallery: ContentKit, tmp_path: Path
) -> None:
    published, archive = _process(gallery, tmp_path / "cache")
    assert published.person_image(archive.people["ana-lima"]) == "media/people/ana-lima.webp"
    with Image.open(published.files["media/people/ana-lima.webp"]) as avatar:
        assert avatar.size == (256, 256)
    for person in ("bo-chen", "carla-diaz"):
        assert published.person_image(archive.people[person]) == f"media/people/{person}.svg"
    initials = _svg(published.drawn["media/people/carla-diaz.svg"])
    assert (initials.get("width"), initials.get("height")) == ("256", "256")
    assert _svg_texts(initials) == ["CD"]


def test_decks_links_and_covers_have_their_own_views(gallery: ContentKit, tmp_path: Path) -> None:
    published, archive = _process(gallery, tmp_path / "cache")
    deck = _html(published, archive, "html-talk")
    frame = "../../media/talks/html-talk/deck.html/frame.html"
    assert f'<iframe class="sc-deck__frame" src="{frame}" title="My deck"' in deck
    assert 'sandbox="allow-scripts"' in deck
    # Full screen keeps the sandboxed frame; nothing links to the deck itself, and the
    # download is a copy a browser would show as text, saved under the deck's name.
    assert 'href="#sc-deck" data-sc-deck-full>Full screen</a>' in deck
    assert re.findall(r'(?:href|src)="deck.html"', deck) == []
    assert re.findall(r"<a [^>]*download[^>]*>", deck) == [
        '<a class="sc-attachment__action sc-attachment__download" '
        'href="../../media/talks/html-talk/deck.html/deck.txt" download="deck.html">'
    ]
    page = (published.files[frame.removeprefix("../../")]).read_text(encoding="utf-8")
    assert '<iframe srcdoc="' in page and 'sandbox="allow-scripts"' in page
    assert "<script" not in page.replace("&lt;script", ""), "the frame page runs nothing"
    hosted = _html(published, archive, "hosted-talk")
    assert 'class="sc-linkcard" href="https://slides.example.com/deck"' in hosted
    assert "Slides on slides.example.com" in hosted
    cover = _html(published, archive, "cover-talk")
    assert "cover.jpg/picture.webp" in cover and "1600 x 900 pixels" in cover


def test_a_second_run_with_nothing_changed_renders_nothing(
    gallery: ContentKit, tmp_path: Path
) -> None:
    first, _ = _process(gallery, tmp_path / "cache")
    assert first.rendered > 0 and first.reused == 0
    second, _ = _process(gallery, tmp_path / "cache")
    assert (second.rendered, second.reused) == (0, first.rendered)

    gallery.write("talks/deck-talk/slides.pdf", files.pdf_bytes(4))
    third, archive = _process(gallery, tmp_path / "cache")
    assert third.rendered == 1
    assert "PDF, 4 pages" in _html(third, archive, "deck-talk")


# Bad input ----------------------------------------------------------------------------------

#: name -> (role, file name, content, words the reason must contain)
BAD_FILES: dict[str, tuple[str, str, Callable[[], bytes], str]] = {
    "corrupt pdf": ("slides", "slides.pdf", lambda: b"%PDF-1.4\n garbage \n%%EOF\n", "corrupt"),
    "truncated pdf": (
        "slides",
        "slides.pdf",
        lambda: files.truncated(files.pdf_bytes(2)),
        "truncated",
    ),
    "empty pdf": ("slides", "slides.pdf", lambda: b"", "empty"),
    "not a pdf": ("slides", "slides.pdf", lambda: b"<html>oops</html>", "not a PDF"),
    "encrypted pdf": ("slides", "slides.pdf", files.encrypted_pdf, "encrypted"),
    "notebook not json": ("notebooks", "n.ipynb", lambda: b'{"cells": [', "not valid JSON"),
    "notebook invalid": ("notebooks", "n.ipynb", files.invalid_notebook, "not a valid Jupyter"),
    "json not a notebook": ("notebooks", "n.ipynb", lambda: b"[1, 2]", "not a Jupyter notebook"),
    "truncated image": (
        "cover",
        "cover.jpg",
        lambda: files.truncated(files.jpeg_bytes(), 0.6),
        "truncated",
    ),
    "decompression bomb": ("cover", "cover.png", files.bomb_png, "too large"),
    "big image": ("cover", "cover.png", lambda: files.bomb_png(8000, 8000), "decompression"),
    "not an image": ("cover", "cover.png", lambda: b"GIF89a nonsense", "not an image"),
    "empty deck": ("slides", "deck.html", lambda: b"  \n", "empty"),
}


def _bad_talk(kit: ContentKit, slug: str, role: str, name: str, data: bytes) -> None:
    value: Any = [name] if role == "notebooks" else name
    kit.talk(
        slug,
        {"title": f"Bad {slug}", "speakers": ["ana-lima"], "event": "2026-10", role: value},
        files={name: data},
    )


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_a_bad_file_is_a_warning_and_a_note_with_the_download(
    case: str, content: ContentKit, tmp_path: Path
) -> None:
    role, name, make, reason = BAD_FILES[case]
    _bad_talk(content, "bad-talk", role, name, make())
    published, archive = _process(content, tmp_path / "cache")

    assert len(published.problems) == 1, [str(p) for p in published.problems]
    problem = str(published.problems[0])
    assert problem.startswith("talks/bad-talk/index.md")
    assert "bad-talk" in problem and f"`{name}`" in problem and reason in problem
    html = _html(published, archive, "bad-talk")
    assert "could not be shown" in html and reason in html
    if not is_published_kind(name):  # never published as it is, so not offered either
        assert "download" not in html and f'href="{name}"' not in html
    else:
        assert f'href="{name}" download="{name}"' in html
    assert published.card_image(archive.talks["bad-talk"]) == "media/cards/bad-talk.svg"

    again, _ = _process(content, tmp_path / "cache")
    assert again.rendered == 0, "a bad file is not retried while it is unchanged"
    assert [str(p) for p in again.problems] == [problem], "but it is reported every build"


def test_a_file_over_the_size_limit_is_offered_for_download_only(
    content: ContentKit, tmp_path: Path
) -> None:
    _bad_talk(content, "big", "slides", "slides.pdf", files.pdf_bytes(2))
    published, archive = _process(content, tmp_path / "c", AttachmentOptions(max_bytes=1000))
    assert "more than the 1000 bytes Showcase renders" in str(published.problems[0])
    assert 'href="slides.pdf" download="slides.pdf"' in _html(published, archive, "big")


def test_a_bad_avatar_falls_back_to_initials_with_a_warning(
    content: ContentKit, tmp_path: Path
) -> None:
    content.write("people/ana.png", files.truncated(files.png_bytes((400, 400)), 0.5))
    content.people("ana-lima:\n  name: Ana Lima\n  avatar: people/ana.png\n")
    published, archive = _process(content, tmp_path / "c")
    (problem,) = published.problems
    assert str(problem).startswith("people.yml")
    assert "people/ana.png" in problem.message and "Ana Lima" in problem.message
    assert published.person_image(archive.people["ana-lima"]) == "media/people/ana-lima.svg"


class Exploding(Handler):
    kind = "pdf"
    label = "PDF"
    suffixes = frozenset({".pdf"})
    roles = frozenset({"slides"})

    def render(self, job: RenderJob) -> Rendering:
        raise ZeroDivisionError("handler bug")

    def html(self, view: View) -> str:
        raise AssertionError("never reached")


def test_a_handler_that_crashes_costs_only_its_own_attachment(
    gallery: ContentKit, tmp_path: Path
) -> None:
    registry = Registry([Exploding(), *(h for h in default_registry() if h.kind != "pdf")])
    cache = Cache(tmp_path / "c")
    archive = _archive(gallery)
    published = AttachmentProcessor(gallery.root, cache, registry=registry).process(archive)
    messages = [str(p) for p in published.problems]
    assert len(messages) == 2 and all("ZeroDivisionError" in m for m in messages)
    assert "could not be shown" in _html(published, archive, "deck-talk")
    assert files.TABLE_CELL in _html(published, archive, "notebook-talk")


def test_attachment_errors_read_as_sentences() -> None:
    assert fragments.human_size(0) == "0 bytes"
    assert fragments.human_size(2500) == "2.4 KB"
    assert fragments.human_size(50 * 1024 * 1024) == "50 MB"
    with pytest.raises(AttachmentError):
        from showcase.attachments.pictures import open_image

        open_image(b"", max_pixels=10)


# Real sites ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, PendingBuild]:
    """The gallery site (cold), the site with bad files, both started together."""
    root = tmp_path_factory.mktemp("gallery")
    kit = ContentKit(root / "content").standard()
    gallery_content(kit)
    started = {"gallery": start_build(write_project(root))}

    bad_root = tmp_path_factory.mktemp("bad")
    bad = ContentKit(bad_root / "content").standard()
    for number, (role, name, make, _reason) in enumerate(BAD_FILES.values()):
        _bad_talk(bad, f"bad-{number}", role, name, make())
    _bad_talk(bad, "too-big", "cover", "cover.png", files.png_bytes((2000, 2000), "#123456"))
    (bad_root / "content/talks/too-big/cover.png").write_bytes(os.urandom(80_000))
    config = write_project(bad_root, plugin_options={"max_attachment_mb": 0.05})
    started["bad"] = start_build(config, strict=False)
    started["bad-strict"] = start_build(config, strict=True, site_dir=bad_root / "strict")
    return started


def gallery_content(kit: ContentKit) -> None:
    kit.write("people/ana.jpg", files.jpeg_bytes((900, 600)))
    kit.people(
        "ana-lima:\n  name: Ana Lima\n  avatar: people/ana.jpg\n"
        "bo-chen:\n  name: Bo Chen\n"
        "carla-diaz:\n  name: Carla Díaz\n"
    )
    kit.talk(
        "deck-talk",
        {
            "title": "A deck",
            "speakers": ["ana-lima"],
            "event": "2026-10",
            "tags": ["python"],
            "slides": "slides.pdf",
        },
        body="The deck talk's writeup mentions Wombatgram.\n",
        files={"slides.pdf": files.pdf_bytes(3)},
    )
    kit.talk(
        "notebook-talk",
        {
            "title": "A notebook",
            "speakers": ["bo-chen"],
            "event": "2026-11",
            "tags": ["python"],
            "notebooks": ["analysis.ipynb"],
        },
        body="The notebook talk's writeup mentions Platypodes.\n",
        files={"analysis.ipynb": files.notebook_bytes()},
    )
    kit.talk(
        "plain-talk",
        {"title": "Just words", "speakers": ["carla-diaz"], "event": "2026-11", "tags": ["python"]},
    )


@pytest.fixture(scope="module")
def gallery_site(builds: dict[str, PendingBuild]) -> Build:
    return builds["gallery"].wait().check()


def _images(page: SitePage, selector: str) -> list[str]:
    found = [img.get("src") for img in page.content.select(selector)]
    for src in found:
        assert isinstance(src, str)
        target = page.target_file(src)
        assert target is not None and target.is_file(), f"{page}: {src} is missing"
    return [str(src) for src in found]


def test_every_card_kind_shows_a_picture(gallery_site: Build) -> None:
    pages = {
        "home": gallery_site.page(""),
        "event": gallery_site.page("events/2026-11/"),
        "person": gallery_site.page("people/bo-chen/"),
        "topic": gallery_site.page("topics/python/"),
    }
    for name, page in pages.items():
        cards = page.content.select(".sc-card")
        assert cards, f"{name} shows cards"
        assert len(_images(page, ".sc-card .sc-card__image img")) == len(cards), name
    archive = gallery_site.page("archive/")
    assert len(_images(archive, ".sc-archive__thumb img")) == 3
    home = pages["home"].text
    assert "media/talks/deck-talk/slides.pdf/thumb.webp" in home
    assert "media/cards/plain-talk.svg" in home  # a title card: no cover, no slides
    assert "media/cards/notebook-talk.svg" in home


def test_people_have_pictures_resized_or_drawn(gallery_site: Build) -> None:
    people = gallery_site.page("people/")
    sources = _images(people, "img.sc-avatar")
    assert len(sources) == 3
    assert sorted(src.rsplit(".", 1)[1] for src in sources) == ["svg", "svg", "webp"]
    with Image.open(gallery_site.site / "media/people/ana-lima.webp") as avatar:
        assert avatar.size == (256, 256)
    assert not (gallery_site.site / "people/ana.jpg").exists(), "only the resized picture"
    export = json.loads((gallery_site.site / "talks.json").read_text(encoding="utf-8"))
    avatars = {person["id"]: person["avatar"] for person in export["people"]}
    assert avatars["bo-chen"] is None, "no picture of his own"
    assert avatars["ana-lima"].endswith("media/people/ana-lima.webp"), "the published one"


def test_the_talk_page_shows_the_slides_and_the_download(gallery_site: Build) -> None:
    page = gallery_site.page("talks/deck-talk/")
    viewer = page.content.select_one("[data-sc-viewer]")
    assert viewer is not None
    assert len(_images(page, ".sc-viewer__page img")) == 3
    assert "3 pages" in page.content.get_text(" ")
    download = page.content.select_one("a[download]")
    assert download is not None
    target = page.target_file(str(download["href"]))
    assert target is not None and target.read_bytes().startswith(b"%PDF")


def test_notebook_outputs_are_on_the_page_but_only_its_cells_in_the_search_index(
    gallery_site: Build,
) -> None:
    page = gallery_site.page("talks/notebook-talk/")
    notebook = page.content.select_one(".sc-notebook")
    assert notebook is not None
    text = notebook.get_text(" ")
    for shown in (files.TABLE_CELL, files.STREAM_TEXT, files.MARKDOWN_WORD):
        assert shown in text
    assert _images(page, ".sc-notebook img")
    assert notebook.select(".highlight pre > code .kn")
    assert not page.content.select(".sc-notebook script")

    index = search_text(gallery_site.site)
    for hidden in (files.TABLE_CELL, "division by zero", "Page 1 of"):  # outputs, labels
        assert hidden not in index
    assert files.MARKDOWN_WORD in index and "import pandas" in index, "cells are searched"
    assert "Platypodes" in index and "Wombatgram" in index, "the writeups are still indexed"
    assert not list(gallery_site.project.rglob("EXECUTED_AT_BUILD_TIME"))


def _counter(log: str) -> tuple[int, int]:
    found = re.search(r"Attachments: rendered (\d+), reused (\d+) from the cache", log)
    assert found, log
    return int(found.group(1)), int(found.group(2))


def test_a_second_build_renders_nothing_and_unused_entries_are_pruned(
    gallery_site: Build,
) -> None:
    rendered, reused = _counter(gallery_site.log)
    assert rendered > 0 and reused == 0
    config = gallery_site.project / "mkdocs.yml"
    warm = build(config, site_dir=gallery_site.project / "warm").check()
    assert _counter(warm.log) == (0, rendered)
    cache = gallery_site.project / ".cache/showcase"
    entries = len(list(cache.glob("entries/*/*")))
    assert entries == rendered

    import shutil

    shutil.rmtree(gallery_site.project / "content/talks/deck-talk")
    pruned = build(config, site_dir=gallery_site.project / "pruned").check()
    assert _counter(pruned.log)[0] == 0
    assert "removed 1 unused cache entry" in pruned.log  # the deck's pages
    assert len(list(cache.glob("entries/*/*"))) == entries - 1


def test_bad_files_never_stop_the_build(builds: dict[str, PendingBuild]) -> None:
    bad = builds["bad"].wait().check()
    warnings = [line for line in bad.log.splitlines() if line.startswith("WARNING")]
    assert len(warnings) == len(BAD_FILES) + 1, bad.log
    for number, (_role, name, _make, reason) in enumerate(BAD_FILES.values()):
        slug = f"bad-{number}"
        assert any(
            f"talks/{slug}/index.md" in w and f"`{name}`" in w and reason in w for w in warnings
        ), (slug, reason)
        page = bad.page(f"talks/{slug}/")
        note = page.content.select_one(".sc-attachment--failed")
        assert note is not None and "could not be shown" in note.get_text(" ")
        link = note.select_one("a[download]")
        if not is_published_kind(name):  # never published as it is, so not offered either
            assert link is None
            continue
        assert link is not None and page.target_file(str(link["href"])) is not None
        assert page.target_file(str(link["href"])).is_file()  # type: ignore[union-attr]
    assert any("too-big" in w and "more than the 51 KB" in w for w in warnings)
    assert bad.page("").content.select(".sc-card img"), "the rest of the site is there"

    strict = builds["bad-strict"].wait()
    assert not strict.ok and "Aborted with" in strict.log


def test_a_third_party_kind_registered_by_entry_point_renders(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plugins = _install_csv_plugin(tmp_path / "plugins")
    monkeypatch.setenv(
        "PYTHONPATH", os.pathsep.join(filter(None, [str(plugins), os.environ.get("PYTHONPATH")]))
    )
    kit = ContentKit(tmp_path / "site/content").standard()
    kit.talk(
        "csv-talk",
        {
            "title": "Numbers",
            "speakers": ["ana-lima"],
            "event": "2026-10",
            "notebooks": ["data.csv"],
        },
        files={"data.csv": "region,orders\nNorth,1234\n"},
    )
    site = build(write_project(tmp_path / "site")).check()
    page = site.page("talks/csv-talk/")
    block = page.content.select_one(".sc-attachment--csv")
    assert block is not None
    assert "North" in block.get_text(" ") and "2 rows" in block.get_text(" ")
    assert not (site.site / "media/talks/csv-talk/data.csv/_table.html").exists()


# Rendering in worker processes ------------------------------------------------------------


class WherePdf(Handler):
    """The PDF handler, noting which process rendered each file."""

    kind = "pdf"
    label = "PDF"
    suffixes = frozenset({".pdf"})
    roles = frozenset({"slides"})

    def __init__(self) -> None:
        inner = default_registry().get("pdf")
        assert inner is not None
        self.inner = inner

    def render(self, job: RenderJob) -> Rendering:
        done = self.inner.render(job)
        return Rendering(meta={**done.meta, "pid": os.getpid()}, picture=done.picture)

    def html(self, view: View) -> str:
        return self.inner.html(view)


class LockedPdf(WherePdf):
    """A handler that cannot be sent to another process (it holds a lock)."""

    def __init__(self) -> None:
        super().__init__()
        self.lock = threading.Lock()


def _decks(content: ContentKit, count: int) -> Archive:
    content.standard()
    for number in range(count):
        content.talk(
            f"deck-{number}",
            {
                "title": f"Deck {number}",
                "speakers": ["ana-lima"],
                "event": "2026-10",
                "slides": "slides.pdf",
            },
            files={"slides.pdf": files.pdf_bytes(number + 1)},
        )
    return _archive(content)


@pytest.mark.parametrize("handler", [WherePdf, LockedPdf])
def test_files_are_rendered_once_in_workers_or_here_and_counted(
    content: ContentKit, tmp_path: Path, handler: type[WherePdf]
) -> None:
    archive = _decks(content, 5)
    registry = Registry([handler(), *(h for h in default_registry() if h.kind != "pdf")])
    cache = Cache(tmp_path / "c")
    published = AttachmentProcessor(content.root, cache, registry=registry).process(archive)
    assert (published.rendered, published.reused, published.problems) == (5, 0, [])
    pids = {
        outcome.entry.record["meta"]["pid"]
        for outcomes in published.outcomes.values()
        for outcome in outcomes
        if outcome.entry is not None
    }
    if handler is LockedPdf and processor_module._start_method() != "fork":
        assert pids == {os.getpid()}, "it cannot be sent to a worker: rendered here"
    else:
        assert os.getpid() not in pids, "rendered by the workers, even on one CPU"
    again = AttachmentProcessor(content.root, Cache(tmp_path / "c"), registry=registry)
    second = again.process(archive)
    assert (second.rendered, second.reused) == (0, 5)


class SlowFirstPdf(WherePdf):
    """A kind whose first render in a process is costly, like nbconvert's."""

    slow_first = True


def test_files_of_a_slow_first_kind_go_to_one_worker_up_to_its_share(
    content: ContentKit, tmp_path: Path
) -> None:
    archive = _decks(content, 5)
    registry = Registry([SlowFirstPdf(), *(h for h in default_registry() if h.kind != "pdf")])
    processor = AttachmentProcessor(content.root, Cache(tmp_path / "c"), registry=registry)
    published = processor.process(archive)
    assert (published.rendered, published.problems) == (5, [])
    entries = [published.outcomes[f"deck-{n}"][0].entry for n in range(5)]
    pids = [entry.record["meta"]["pid"] for entry in entries if entry is not None]
    if processor_module._cpus() >= 2:
        # Five files, two workers: the first three in one batch, the others one by one.
        assert len(set(pids[:3])) == 1 and os.getpid() not in pids


class StuckPdf(WherePdf):
    """The PDF handler, except that it never finishes ``stuck.pdf`` (as PDFium drawing a
    PDF made to take hours: C code no signal interrupts) and its process dies on
    ``dies.pdf`` (as a crash in C code would end it)."""

    def render(self, job: RenderJob) -> Rendering:
        if job.source.name == "stuck.pdf":
            while True:
                time.sleep(1)
        if job.source.name == "dies.pdf":
            os._exit(3)
        return super().render(job)


def _decks_with(content: ContentKit, names: list[str]) -> Archive:
    content.standard()
    for number, name in enumerate(names):
        content.talk(
            f"deck-{number}",
            {"title": f"Deck {number}", "speakers": ["ana-lima"], "event": "2026-10"}
            | {"slides": name},
            files={name: files.pdf_bytes(number + 1)},
        )
    return _archive(content)


def test_a_file_that_renders_past_its_time_is_stopped_and_the_rest_render(
    content: ContentKit, tmp_path: Path
) -> None:
    names = ["a.pdf", "stuck.pdf", "b.pdf", "dies.pdf", "c.pdf", "d.pdf", "e.pdf"]
    archive = _decks_with(content, names)
    registry = Registry([StuckPdf(), *(h for h in default_registry() if h.kind != "pdf")])
    # Long enough that a real deck renders in time on a busy machine; stuck.pdf never does.
    options = AttachmentOptions(render_timeout=5)
    processor = AttachmentProcessor(
        content.root, Cache(tmp_path / "c"), registry=registry, options=options
    )
    published = processor.process(archive)
    errors = {slug: o[0].error for slug, o in published.outcomes.items() if o[0].error}
    assert errors == {
        "deck-1": "rendering took longer than 5 s (the showcase plugin's option render_timeout)",
        "deck-3": "the renderer stopped (exit status 3) while rendering it",
    }
    assert published.rendered == len(names) - 2  # the workers went on after each
    (stuck, dies) = sorted(published.problems, key=lambda problem: str(problem.location))
    assert str(dies.location) == "talks/deck-3/index.md:1"
    assert "`dies.pdf` of talk `deck-3` could not be shown" in dies.message
    assert "`stuck.pdf` of talk `deck-1` could not be shown: rendering took longer" in (
        stuck.message
    )


def test_batches_put_a_slow_first_kind_first_and_its_overflow_last() -> None:
    def job(key: str, slow: str = "") -> Any:
        return Task(key, lambda folder: {}, slow, slow)

    jobs = [
        job("n1", "notebook"),
        job("p1"),
        job("n2", "notebook"),
        job("p2"),
        job("n3", "notebook"),
    ]
    batches = processor_module._batches(jobs, workers=2)
    assert [[j.key for j in batch] for batch in batches] == [
        ["n1", "n2", "n3"],
        ["p1"],
        ["p2"],
    ]
    many = [job(f"n{i}", "notebook") for i in range(5)] + [job("p1")]
    keys = [[j.key for j in batch] for batch in processor_module._batches(many, workers=2)]
    assert keys == [["n0", "n1", "n2"], ["p1"], ["n3"], ["n4"]]
    plain = [job("a"), job("b")]
    assert [[j.key for j in b] for b in processor_module._batches(plain, workers=2)] == [
        ["a"],
        ["b"],
    ]


def test_workers_start_fresh_when_the_process_has_threads() -> None:
    if sys.platform == "linux" and threading.active_count() == 1:
        assert processor_module._start_method() == "fork"
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert processor_module._start_method() in ("forkserver", "spawn")
    finally:
        stop.set()
        thread.join()


@pytest.mark.parametrize("decks", [5, 1])  # with workers (where there are CPUs), without
def test_other_work_runs_once_while_files_render_and_its_errors_come_through(
    content: ContentKit, tmp_path: Path, decks: int
) -> None:
    archive = _decks(content, decks)
    calls: list[int] = []
    processor = AttachmentProcessor(content.root, Cache(tmp_path / "c"))
    published = processor.process(archive, meanwhile=lambda: calls.append(os.getpid()))
    assert calls == [os.getpid()] and published.rendered == decks

    def broken() -> None:
        raise RuntimeError("the caller's own bug")

    again = AttachmentProcessor(content.root, Cache(tmp_path / "d"))
    with pytest.raises(RuntimeError, match="own bug"):
        again.process(archive, meanwhile=broken)


@pytest.mark.parametrize("role", ["cover", "avatar"])
def test_sixteen_bit_and_palette_pictures_keep_their_tones(tmp_path: Path, role: str) -> None:
    """A 16-bit greyscale PNG is scaled to 8 bits, not cut off at white; a palette picture
    is scaled smoothly. Both are wider than twice the thumbnail, so the fast first step
    of scaling down runs."""
    handler = default_registry().get("image")
    assert handler is not None
    grey = tmp_path / "grey.png"
    Image.new("I;16", (1400, 800), 32768).save(grey)
    palette = tmp_path / "palette.png"
    Image.new("RGB", (1400, 800), (200, 40, 40)).convert("P").save(palette)
    for source, expected in ((grey, (128, 128, 128)), (palette, (200, 40, 40))):
        out = tmp_path / f"out-{source.stem}-{role}"
        out.mkdir()
        done = handler.render(RenderJob(source, out, source.name, role, AttachmentOptions()))
        assert done.picture is not None
        with Image.open(out / done.picture) as picture:
            pixel = picture.convert("RGB").getpixel((5, 5))
        assert max(abs(a - b) for a, b in zip(pixel, expected, strict=True)) <= 3, pixel
