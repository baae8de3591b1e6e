"""Which files of the content folder the site publishes as they are, and where: only
kinds a browser shows, plays or downloads (unless the authors are trusted), never in
the site's own folders, never in the place of a page or file the site writes (the
theme's, Showcase's, MkDocs'), never two in one place; each left out with a warning from
``check`` and the build, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from contentkit import ContentKit
from sitekit import Build, PendingBuild, search_text, start_build, write_project

from showcase.cli import main
from showcase.site import THEME_DIR, filetypes
from showcase.site.links import Linker
from showcase.site.sources import ContentFiles, Destinations, destination

TALK = "talks/t"
FRONT = "title: T\nspeakers: [ana-lima]\nevent: 2026-10\n"
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n" + (
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 100]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
XHTML = (
    '<html xmlns="http://www.w3.org/1999/xhtml"><head><title>t</title></head>'
    "<body><script>document.title='pwned'</script></body></html>"
)
#: Files a talk folder may hold that the site publishes as they are.
PUBLISHED = {
    "data.csv": "a,b\n1,2\n",
    "analysis.py": "print('hi')\n",
    "notes.txt": "<script>document.title='pwned'</script>\n",
    "bundle.zip": b"PK\x05\x06" + b"\0" * 18,
    "data.csv.gz": b"\x1f\x8b",
    "model.tar.gz": b"\x1f\x8b",
    "photo.webp": b"RIFF",
    "talk.mp4": b"\0",
}
#: Files that run script or style the site when opened or linked, or that a server may
#: serve as a document: none is published as it is.
WITHHELD = {
    "f.xhtm": XHTML,
    "f.xpdl": XHTML,
    "f.xsd": XHTML,
    "f.rng": XHTML,
    "f.atom": XHTML,
    "f.xml": XHTML,
    "f.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>",
    "figure.svg.gz": b"\x1f\x8b",
    "bare.gz": b"\x1f\x8b",
    "w.js": "document.title='pwned'",
    "m.mjs": "document.title='pwned'",
    "x.wasm": b"\0asm",
    "site.css": "body{background:url(https://evil.example/beacon.png)}",
    "Makefile": "all:\n",
}


def _content(root: Path) -> ContentKit:
    kit = ContentKit(root / "content").standard()
    kit.talk(TALK.split("/")[1], FRONT, files={**PUBLISHED, **WITHHELD})
    return kit


def _check(capsys: pytest.CaptureFixture[str], content: Path) -> list[str]:
    main(["check", str(content)])
    return capsys.readouterr().out.splitlines()


# Kinds of file ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(PUBLISHED))
def test_files_a_browser_only_shows_or_downloads_are_published(name: str) -> None:
    assert filetypes.is_published_kind(f"{TALK}/{name}")


@pytest.mark.parametrize("name", sorted(WITHHELD))
def test_files_that_may_run_script_or_style_the_site_are_not(name: str) -> None:
    assert not filetypes.is_published_kind(f"{TALK}/{name}")


@pytest.fixture(scope="module")
def kinds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, PendingBuild]:
    builds = {}
    for name, trusted in (("guarded", False), ("trusted", True)):
        root = tmp_path_factory.mktemp(name)
        _content(root)
        config = write_project(root, plugin_options={"trust_authors": trusted})
        builds[name] = start_build(config, strict=False)
    return builds


def test_only_the_allowed_kinds_of_a_talk_folder_are_published(
    kinds: dict[str, PendingBuild],
) -> None:
    built = kinds["guarded"].wait().check()
    folder = built.site / TALK
    for name in PUBLISHED:
        assert (folder / name).is_file(), name
    for name in WITHHELD:
        assert not (folder / name).exists(), name
        assert f"content/{TALK}/{name}: warning: this file is not published" in built.log


def test_a_trusted_archive_publishes_every_kind(kinds: dict[str, PendingBuild]) -> None:
    built = kinds["trusted"].wait().check()
    for name in [*PUBLISHED, *WITHHELD]:
        assert (built.site / TALK / name).is_file(), name
    assert "this file is not published" not in built.log


def test_check_names_each_file_the_build_leaves_out_and_says_what_to_do(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SHOWCASE_TODAY", "2026-11-24")
    _content(tmp_path)
    out = _check(capsys, tmp_path / "content")
    left_out = {
        line.split(": warning: ")[0].rsplit("/", 1)[1]: line
        for line in out
        if ": warning: this file is not published" in line
    }
    assert sorted(left_out) == sorted(WITHHELD)
    assert "runs its script on the site" in left_out["f.xml"]
    assert "`.js` is not one of the kinds the site publishes" in left_out["w.js"]
    assert ".zip" in left_out["w.js"] and "trust_authors" in left_out["w.js"]
    assert "a file without a suffix" in left_out["Makefile"]


# The site's own places ---------------------------------------------------------------------


def _material_bundle() -> str:
    import material

    folder = Path(material.__file__).parent / "templates/assets/javascripts"
    (bundle,) = folder.glob("bundle.*.min.js")
    return f"assets/javascripts/{bundle.name}"


@pytest.fixture(scope="module")
def shadowing(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """Content files at the paths of the theme's script and stylesheets (Material's and
    Showcase's), and one at the path of a file of the site's own ``custom_dir``."""
    root = tmp_path_factory.mktemp("shadowing")
    kit = ContentKit(root / "content").standard()
    kit.talk("t", FRONT)
    kit.write("assets/javascripts/attachments.js", "document.title='pwned'")
    kit.write(_material_bundle(), "document.title='pwned'")
    kit.write("assets/stylesheets/showcase.css", "body{background:url(https://evil.example/b)}")
    kit.write("images/banner.png", b"content's banner")
    overrides = root / "overrides/images"
    overrides.mkdir(parents=True)
    (overrides / "banner.png").write_bytes(b"the team's banner")
    config = write_project(
        root,
        config={"theme": {"name": "material", "font": False, "custom_dir": "overrides"}},
        plugin_options={"trust_authors": True},
    )
    return start_build(config, strict=False).wait().check()


def test_the_theme_keeps_its_script_and_stylesheets_whatever_the_content_holds(
    shadowing: Build,
) -> None:
    import material

    theme = Path(material.__file__).parent / "templates"
    ours = THEME_DIR / "assets/javascripts/attachments.js"
    assert (shadowing.site / "assets/javascripts/attachments.js").read_bytes() == ours.read_bytes()
    bundle = _material_bundle()
    assert (shadowing.site / bundle).read_bytes() == (theme / bundle).read_bytes()
    css = THEME_DIR / "assets/stylesheets/showcase.css"
    assert (shadowing.site / "assets/stylesheets/showcase.css").read_bytes() == css.read_bytes()
    for path in ("assets/javascripts/attachments.js", bundle, "assets/stylesheets/showcase.css"):
        assert f"content/{path}: warning: this file is not published: `assets/`" in shadowing.log


def test_a_content_file_at_the_path_of_a_custom_dir_file_gives_way_to_it(
    shadowing: Build,
) -> None:
    assert (shadowing.site / "images/banner.png").read_bytes() == b"the team's banner"
    assert "content/images/banner.png is not published: it has the path of the theme's own" in (
        shadowing.log
    )


#: Pages and files whose place in the site is a file or folder the site writes itself.
#: `slug` is the talk of ``FRONT``; `ana-lima` has a talk at a dated event, so a calendar;
#: it was given, so she has a feed, and its quarter (2026 Q4) a digest.
IN_THE_SITES_PLACE = {
    "feed.xml.md": "# x\n",
    "people/ana-lima.xml.md": "# x\n",
    "digests/2026-q4.md": "# Intruder\n",
    "digests/index.md": "# Intruder\n",
    "sitemap.xml.md": "# x\n",
    "sitemap.xml.gz.md": "# x\n",
    "talks.json.md": "# x\n",
    "404.html.md": "# x\n",
    "people/ana-lima.ics.md": "# x\n",
    "people.md": "# Intruder\n",
    "schedule/index.md": "# Intruder\n",
    "topics": b"x",
    "talks/t/index.html.md": "# x\n",
    "search/search_index.json.md": "# x\n",
    "media/cards/t.svg/x.png": b"x",
    "assets/javascripts": b"x",
}


@pytest.fixture(scope="module")
def intruders(tmp_path_factory: pytest.TempPathFactory) -> tuple[Build, Path]:
    root = tmp_path_factory.mktemp("intruders")
    kit = ContentKit(root / "content").standard()
    kit.talk("t", FRONT, files={"notes.pdf": PDF, "notes.pdf.md": "# N\n"})
    for path, text in IN_THE_SITES_PLACE.items():
        kit.write(path, text)
    config = write_project(root, plugin_options={"trust_authors": True})
    return start_build(config, strict=False).wait(), kit.root


def test_pages_and_files_in_the_sites_own_places_are_left_out_without_a_traceback(
    intruders: tuple[Build, Path],
) -> None:
    built, _content_dir = intruders
    built.check()
    assert "Traceback" not in built.log
    for path in IN_THE_SITES_PLACE:
        assert f"content/{path}: warning: this file is not published" in built.log, path
    assert built.page("people/").h1 == "People"
    assert built.page("schedule/").h1 == "Schedule"
    assert "Intruder" not in search_text(built.site)
    assert (built.site / "feed.xml").read_text("utf-8").startswith("<?xml")
    assert (built.site / "media/cards/t.svg").is_file()


def test_two_content_files_in_one_place_keep_the_first_and_name_both(
    intruders: tuple[Build, Path],
) -> None:
    built, _content_dir = intruders
    assert (built.site / "talks/t/notes.pdf").read_bytes() == PDF
    assert (
        "content/talks/t/notes.pdf.md: warning: this file is not published: its place in the "
        "site, `talks/t/notes.pdf/index.html`, is taken by `talks/t/notes.pdf` of the content "
        "folder"
    ) in built.log


def test_check_warns_of_the_same_places_before_the_build(
    intruders: tuple[Build, Path],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _built, content = intruders
    monkeypatch.setenv("SHOWCASE_TODAY", "2026-11-24")
    out = _check(capsys, content)
    warned = {
        line.split(": warning: ")[0].removeprefix(f"{content}/")
        for line in out
        if "this file is not published" in line
    }
    assert warned == {*IN_THE_SITES_PLACE, "talks/t/notes.pdf.md"}


def test_a_file_directly_in_talks_is_not_published(tmp_path: Path) -> None:
    kit = ContentKit(tmp_path / "content").standard()
    kit.talk("t", FRONT)
    kit.write("talks/t.md", "# Intruder in talks\n\nzebrafoo\n")
    built = start_build(write_project(tmp_path), strict=False).wait().check()
    assert not (built.site / "talks/t.md").exists()
    assert built.page("talks/t/").h1 == "T"
    assert "zebrafoo" not in search_text(built.site)
    assert "content/talks/t.md: warning: `talks/` holds one folder per talk" in built.log


# Places, as the core sees them ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("src", "directory_urls", "place"),
    [
        ("about.md", True, "about/index.html"),
        ("about.md", False, "about.html"),
        ("x/README.md", True, "x/index.html"),
        ("x/index.markdown", True, "x/index.html"),
        ("talks/t/slides.pdf", True, "talks/t/slides.pdf"),
    ],
)
def test_a_file_lands_where_mkdocs_writes_it(src: str, directory_urls: bool, place: str) -> None:
    assert destination(src, Linker(directory_urls=directory_urls)) == place


def test_a_place_clashes_with_the_same_file_a_file_above_it_or_a_folder_at_it() -> None:
    taken = Destinations(fold_case=True)
    taken.take("feed.xml", "feed")
    taken.take("people/index.html", "people")
    assert taken.clash("feed.xml") == "feed"
    assert taken.clash("Feed.XML") == "feed"
    assert taken.clash("feed.xml/index.html") == "feed"
    assert taken.clash("people") == "people"
    assert taken.clash("people/ana/index.html") is None
    assert taken.clash("feed.xml.html") is None


def test_the_directory_layout_decides_which_pages_clash(content: ContentKit) -> None:
    content.write("people.md", "# P\n")
    archive = content.load().archive
    files = ["people.md"]
    with_folders = ContentFiles(archive, trusted=False, layout=Linker(True), files=files)
    flat = ContentFiles(archive, trusted=False, layout=Linker(False), files=files)
    assert with_folders.unpublished("people.md")
    assert not flat.unpublished("people.md")
