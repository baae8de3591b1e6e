"""The page cache: a page whose inputs did not change is reused, and only then.

Every test compares against the truth: a build with the page cache turned off writes
exactly the same files, so reusing a page can never show something stale.
"""

from __future__ import annotations

import json
import os
import re
import time
from pathlib import Path

import pytest
import yaml
from attachmentkit import png_bytes
from contentkit import ContentKit
from sitekit import Build, build, comparable_tree, search_text, write_project

from showcase.site.sources import linked_files


def _project(root: Path, *, page_cache: bool = True) -> Path:
    kit = ContentKit(root / "content").standard()
    for number, event in enumerate(("2026-10", "2026-10", "2026-11"), start=1):
        kit.talk(
            f"talk-{number}",
            {
                "title": f"Talk number {number}",
                "speakers": ["ana-lima" if number % 2 else "bo-chen"],
                "event": event,
                "tags": ["python"],
            },
            body=f"## Findings\n\nWhat talk {number} found, with `code`.\n",
        )
    return write_project(root, plugin_options={"page_cache": page_cache})


def _reuse(log: str) -> tuple[int, int]:
    found = re.search(r"Pages: (\d+) finished pages reused, (\d+) stored", log)
    assert found, log
    return int(found.group(1)), int(found.group(2))


def _tree(site: Path) -> dict[str, bytes]:
    return comparable_tree(site)


def _same_site(one: Build, two: Build) -> None:
    first, second = _tree(one.site), _tree(two.site)
    assert sorted(first) == sorted(second)
    different = [name for name in first if first[name] != second[name]]
    assert not different, f"files differ: {different[:5]}"


def _uncached(tmp_path: Path, content: Path, name: str, *, like: Path | None = None) -> Build:
    """The same content (and settings of ``like``) built with the page cache off: what
    every page must be."""
    root = tmp_path / name
    settings = yaml.safe_load(like.read_text()) if like is not None else {}
    settings.pop("plugins", None)
    write_project(root, config=settings, plugin_options={"page_cache": False}, content=content)
    result = build(root / "mkdocs.yml").check()
    assert "finished pages reused" not in result.log
    return result


def test_a_second_build_reuses_every_page_and_writes_the_same_site(tmp_path: Path) -> None:
    config = _project(tmp_path / "site")
    first = build(config, site_dir=tmp_path / "out-1").check()
    reused, stored = _reuse(first.log)
    assert reused == 0 and stored > 10

    second = build(config, site_dir=tmp_path / "out-2").check()
    assert _reuse(second.log) == (stored, 0)
    _same_site(first, second)
    assert "What talk 2 found" in search_text(second.site), "reused pages are searched too"


def test_a_changed_talk_is_built_again_and_the_site_is_as_without_the_cache(
    tmp_path: Path,
) -> None:
    config = _project(tmp_path / "site")
    _, stored = _reuse(build(config, site_dir=tmp_path / "out-1").check().log)
    talk = config.parent / "content/talks/talk-3/index.md"
    talk.write_text(talk.read_text().replace("Talk number 3", "Talk number three"))
    an_hour_ago = time.time() - 3600  # older than the grace a build running beside gets
    for entry in (config.parent / ".cache/showcase/pages").rglob("*.json"):
        os.utime(entry, (an_hour_ago, an_hour_ago))

    again = build(config, site_dir=tmp_path / "out-2").check()
    reused, made = _reuse(again.log)
    assert made > 0 and reused > 0 and reused + made == stored
    assert "Talk number three" in again.html("talks/talk-3/")
    assert "Talk number three" in again.html("people/ana-lima/")
    _same_site(again, _uncached(tmp_path, config.parent / "content", "truth"))
    pages = list((config.parent / ".cache/showcase/pages").rglob("*.json"))
    assert len(pages) == stored, "pages of the old title are removed from the cache"


def test_builds_with_other_settings_keep_their_pages(tmp_path: Path) -> None:
    config = _project(tmp_path / "site")
    served = tmp_path / "site/served.yml"  # as mkdocs serve sees it: another site_url
    served.write_text(config.read_text() + "site_url: http://127.0.0.1:8000/\n")
    _, stored = _reuse(build(config, site_dir=tmp_path / "out-1").check().log)
    _reuse(build(served, site_dir=tmp_path / "out-2").check().log)
    assert _reuse(build(config, site_dir=tmp_path / "out-3").check().log) == (stored, 0)


def test_a_changed_template_rebuilds_every_page(tmp_path: Path) -> None:
    root = tmp_path / "site"
    _project(root)
    (root / "overrides").mkdir()
    config = write_project(
        root, config={"theme": {"name": "material", "font": False, "custom_dir": "overrides"}}
    )
    template = root / "overrides/main.html"
    template.write_text('{% extends "base.html" %}\n', encoding="utf-8")
    _, stored = _reuse(build(config, site_dir=tmp_path / "out-1").check().log)

    template.write_text(
        '{% extends "base.html" %}\n{% block announce %}Snacks at four{% endblock %}\n',
        encoding="utf-8",
    )
    again = build(config, site_dir=tmp_path / "out-2").check()
    assert _reuse(again.log) == (0, stored)
    assert "Snacks at four" in again.html("talks/talk-1/")


def test_a_page_that_warned_is_not_stored_and_warns_again(tmp_path: Path) -> None:
    config = _project(tmp_path / "site")
    talk = config.parent / "content/talks/talk-1/index.md"
    talk.write_text(talk.read_text() + "\nSee [the diagram](diagram.png).\n")

    for run in (1, 2):
        result = build(config, strict=False, site_dir=tmp_path / f"out-{run}")
        assert result.ok
        assert "diagram.png" in result.log, f"build {run} warns about the missing file"
    strict = build(config, site_dir=tmp_path / "out-strict")
    assert not strict.ok, "the warning still fails a strict build after a cached one"


def test_a_page_linking_to_a_file_is_built_again_when_the_file_goes(tmp_path: Path) -> None:
    config = _project(tmp_path / "site")
    folder = config.parent / "content/talks/talk-1"
    talk = folder / "index.md"
    talk.write_text(talk.read_text() + "\nSee [the notes](notes.txt).\n")
    (folder / "notes.txt").write_text("notes\n")
    build(config, site_dir=tmp_path / "out-1").check()

    (folder / "notes.txt").unlink()
    again = build(config, strict=False, site_dir=tmp_path / "out-2")
    assert again.ok and "notes.txt" in again.log


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("[a](notes.txt) and ![b](img/plot.png)", ["talks/t/notes.txt", "talks/t/img/plot.png"]),
        ('<img src="../other/x.png"> <a href="#top">top</a>', ["talks/other/x.png"]),
        ("[web](https://example.org/x) [mail](mailto:a@b.c) [root](/abs)", []),
        ("[section](notes.md#part)", ["talks/t/notes.md"]),
        ("[n]: notes.txt\n  [m]: <my%20file.pdf>", ["talks/t/notes.txt", "talks/t/my file.pdf"]),
        ("<a href=plain.txt>x</a>", ["talks/t/plain.txt"]),
        ('[d](https://x.org/?src=logo.png) <a href="https://x/?src=a.png">', []),
        (
            '<img src="a.png"> [b](b.txt) <a href="c.txt">\n[d]: d.txt',
            ["talks/t/a.png", "talks/t/b.txt", "talks/t/c.txt", "talks/t/d.txt"],
        ),
    ],
)
def test_linked_files_are_the_local_targets(text: str, found: list[str]) -> None:
    assert linked_files("talks/t/index.md", text) == found


# What the key must see, and what turns reuse off ------------------------------------------


def _with(root: Path, **config: object) -> Path:
    _project(root)
    return write_project(root, config=config)  # type: ignore[arg-type]


def test_reuse_survives_settings_that_name_python_functions(tmp_path: Path) -> None:
    extensions = [
        {"pymdownx.emoji": {"emoji_index": "!!python/name:material.extensions.emoji.twemoji"}}
    ]
    config = _with(tmp_path / "site", markdown_extensions=extensions)
    text = (
        config.read_text()
        .replace("'!!python/name:", "!!python/name:")
        .replace("twemoji'", "twemoji")
    )
    config.write_text(text)
    _, stored = _reuse(build(config, site_dir=tmp_path / "out-1").check().log)
    assert _reuse(build(config, site_dir=tmp_path / "out-2").check().log) == (stored, 0)


def test_a_hook_is_fine_and_its_code_is_in_the_key(tmp_path: Path) -> None:
    root = tmp_path / "site"
    (root).mkdir()
    (root / "hook.py").write_text("def on_config(config):\n    return config\n")
    config = _with(root, hooks=["hook.py"])
    _, stored = _reuse(build(config, site_dir=tmp_path / "out-1").check().log)
    (root / "hook.py").write_text("def on_config(config):\n    return config  # changed\n")
    assert _reuse(build(config, site_dir=tmp_path / "out-2").check().log) == (0, stored)


def test_a_plugin_or_hook_that_changes_pages_turns_reuse_off(tmp_path: Path) -> None:
    root = tmp_path / "site"
    root.mkdir()
    (root / "hook.py").write_text(
        "def on_page_markdown(markdown, page, config, files):\n    return markdown\n"
    )
    result = build(_with(root, hooks=["hook.py"]), site_dir=tmp_path / "out").check()
    assert "finished pages are not kept in this build" in result.log
    assert "changes pages (on_page_markdown)" in result.log
    assert "finished pages reused" not in result.log


def test_a_plugin_or_hook_with_page_events_finds_every_pages_content_all_along(
    tmp_path: Path,
) -> None:
    """Without one, a page's content comes when it is rendered and goes after it (a big
    site would hold every page at once); with one, it is there all along."""
    root = tmp_path / "site"
    root.mkdir()
    (root / "hook.py").write_text(
        "import json, pathlib\n"
        "seen = {}\n"
        "def on_page_content(html, page, config, files):\n"
        "    seen[page.file.src_uri] = (html, page)\n"
        "    return html\n"
        "def on_post_build(config):\n"
        "    found = {src: [html, page.content] for src, (html, page) in seen.items()}\n"
        "    path = pathlib.Path(config.config_file_path).with_name('contents.json')\n"
        "    path.write_text(json.dumps(found))\n"
    )
    build(_with(root, hooks=["hook.py"]), site_dir=tmp_path / "out").check()
    found = json.loads((root / "contents.json").read_text())
    html, after = found["talks/talk-1/index.md"]
    assert "What talk 1 found" in html and after == html


def test_a_changed_page_of_ones_own_renames_the_navigation_everywhere(tmp_path: Path) -> None:
    root = tmp_path / "site"
    nav = [{"Home": "index.md"}, {"About": "about.md"}]
    config = _with(root, nav=nav)
    about = root / "content/about.md"
    about.write_text("# About us\n\nWho we are.\n")
    build(config, site_dir=tmp_path / "out-1").check()
    config.write_text(config.read_text().replace("About: about.md", "about.md"))
    about.write_text("# About the team\n\nWho we are.\n")
    again = build(config, site_dir=tmp_path / "out-2").check()
    assert "About the team" in again.html("talks/talk-1/")
    _same_site(again, _uncached(tmp_path, root / "content", "truth", like=config))


def test_a_quiet_build_stores_pages_and_warnings_still_come_back(tmp_path: Path) -> None:
    config = _project(tmp_path / "site")
    talk = config.parent / "content/talks/talk-1/index.md"
    talk.write_text(talk.read_text() + "\nSee [the diagram](diagram.png).\n")
    quiet = build(config, strict=False, site_dir=tmp_path / "out-q", options=["-q"])
    assert quiet.ok
    loud = build(config, strict=False, site_dir=tmp_path / "out-2")
    assert "diagram.png" in loud.log, "the warning comes back after a quiet build"
    reused, stored = _reuse(loud.log)
    assert reused > 0 and stored == 0, "the quiet build kept every page"
    _same_site(loud, quiet)


def test_links_to_anchors_are_checked_on_reused_pages_too(tmp_path: Path) -> None:
    config = _with(tmp_path / "site", validation={"anchors": "warn"})
    talk = config.parent / "content/talks/talk-1/index.md"
    talk.write_text(
        talk.read_text()
        + "\nSee [her talks](../../people/ana-lima.md#talks), "
        + "[the order](../../events/2026-10.md#running-order) "
        + "and [talk 2](../talk-2/index.md#findings).\n"
    )
    first = build(config, site_dir=tmp_path / "out-1").check()  # ids in HTML blocks count
    assert _reuse(first.log)[1] > 0
    build(config, site_dir=tmp_path / "out-2").check()
    other = config.parent / "content/talks/talk-2/index.md"
    other.write_text(other.read_text().replace("## Findings", "## Results"))
    broken = build(config, site_dir=tmp_path / "out-3")
    assert not broken.ok and "#findings" in broken.log, "talk 1 is reused, its link checked"


def test_writing_cannot_forge_a_place_for_generated_html(tmp_path: Path) -> None:
    config = _project(tmp_path / "site")
    talk = config.parent / "content/talks/talk-1/index.md"
    forged = '<div data-showcase-block="0000000000000000-2"></div>\n\nAfter the fake.\n'
    talk.write_text(talk.read_text() + "\n" + forged)
    page = build(config, site_dir=tmp_path / "out").check().page("talks/talk-1/")
    assert "After the fake." in page.text
    assert len(page.soup.select("nav.sc-talk-nav")) == 1, "the footer is where it belongs"


def _copied(log: str) -> int:
    found = re.search(r"Pages: (\d+) kept pages copied as files", log)
    return int(found.group(1)) if found else 0


def test_kept_pages_are_copied_but_stay_pages_where_an_own_page_links_to_them(
    tmp_path: Path,
) -> None:
    root = tmp_path / "site"
    config = _with(
        root,
        site_url="https://example.org/demo/",
        validation={"links": {"not_found": "warn"}, "anchors": "warn"},
    )
    (root / "content/about.md").write_text(
        "# About\n\nStart with [the first talk](talks/talk-1/index.md#findings).\n"
    )
    first = build(config, site_dir=tmp_path / "out-1").check()
    assert _copied(first.log) == 0, "nothing is kept yet"

    second = build(config, site_dir=tmp_path / "out-2").check()  # --strict: no warning
    copied = _copied(second.log)
    reused, _stored = _reuse(second.log)
    assert 0 < copied < reused, "kept pages are copied, but not talk-1 nor the navigation's"
    assert 'href="../talks/talk-1/#findings"' in second.html("about/")
    sitemap = (second.site / "sitemap.xml").read_text()
    for page in ("talks/talk-1/", "talks/talk-2/", "people/ana-lima/"):
        assert f"<loc>https://example.org/demo/{page}</loc>" in sitemap
    _same_site(first, second)
    _same_site(second, _uncached(tmp_path, root / "content", "truth", like=config))


def test_files_from_the_cache_are_linked_and_never_written_through(tmp_path: Path) -> None:
    root = tmp_path / "site"
    config = _project(root)
    talk = root / "content/talks/talk-1"
    talk.joinpath("index.md").write_text(
        talk.joinpath("index.md").read_text().replace("title:", "cover: cover.png\ntitle:", 1)
    )
    talk.joinpath("cover.png").write_bytes(png_bytes(text="cover"))
    first = build(config, site_dir=tmp_path / "out").check()
    covers = [p for p in (first.site / "media").rglob("*.webp") if "talk-1" in p.as_posix()]
    assert covers, "the cover is made in the attachment cache"
    cover = covers[0].relative_to(first.site)
    original = (first.site / cover).read_bytes()
    if (first.site / cover).stat().st_nlink < 2:
        pytest.skip("this file system does not hard-link the cache into the site")
    (first.site / cover).write_bytes(b"changed in the site after the build")  # a deploy step
    again = build(config, site_dir=tmp_path / "out").check()
    assert (again.site / cover).read_bytes() == original, "the cache saw it and made it again"
    for options in (["--dirty"], []):
        (again.site / cover).write_bytes(b"changed again")
        # MkDocs warns about every --dirty build.
        later = build(config, strict=not options, site_dir=tmp_path / "out", options=options)
        assert later.ok, later.log
        assert (later.site / cover).read_bytes() == original
        cached = [p for p in (root / ".cache").rglob("*.webp") if p.samefile(later.site / cover)]
        assert not cached or cached[0].read_bytes() == original


def test_a_teams_own_sitemap_template_keeps_kept_pages_as_pages(tmp_path: Path) -> None:
    root = tmp_path / "site"
    theme = {"name": "material", "custom_dir": "overrides"}
    config = _with(root, site_url="https://example.org/", theme=theme)
    (root / "overrides").mkdir()
    (root / "overrides/sitemap.xml").write_text(
        "{% for file in pages %}{{ file.page.canonical_url }}\n{% endfor %}"
    )
    build(config, site_dir=tmp_path / "out-1").check()
    second = build(config, site_dir=tmp_path / "out-2").check()
    assert _copied(second.log) == 0 and _reuse(second.log)[0] > 0
    listed = (second.site / "sitemap.xml").read_text().split()
    assert "https://example.org/talks/talk-2/" in listed
    assert "https://example.org/people/bo-chen/" in listed


def _small_project(root: Path, **config: object) -> Path:
    kit = ContentKit(root / "content").standard()
    kit.talk("plain", {"title": "Plain", "speakers": ["bo-chen"], "event": "2026-10"})
    return write_project(root, config=config or None)


def test_kept_pages_are_copies_a_dirty_build_writes_through_into_nothing(tmp_path: Path) -> None:
    """A kept page is copied from the store into the site, never linked: MkDocs writes
    a page it renders in place, and a `--dirty` build into one site would otherwise write
    through into the store and into every other site built from it."""
    config = _small_project(tmp_path / "p")
    page = "people/bo-chen/index.html"  # not in the navigation: published as a file
    for site in ("one", "two", "three"):
        build(config, site_dir=tmp_path / site).check()
    three = tmp_path / "three" / page
    before = three.read_bytes()
    assert three.stat().st_nlink == 1
    people = tmp_path / "p/content/people.yml"
    people.write_text(people.read_text().replace("Bo Chen", "Bo Chen-Renamed"))

    dirty = build(config, site_dir=tmp_path / "two", strict=False, options=["--dirty"])

    assert dirty.ok, dirty.log
    assert b"Bo Chen-Renamed" in (tmp_path / "two" / page).read_bytes()
    assert three.read_bytes() == before
    again = build(config, site_dir=tmp_path / "four").check()
    assert b"Bo Chen-Renamed" in (again.site / page).read_bytes()
    _same_site(again, _uncached(tmp_path, tmp_path / "p/content", "truth", like=config))


def test_a_dirty_build_publishes_the_kept_page_whatever_the_files_times(tmp_path: Path) -> None:
    config = _small_project(tmp_path / "p")
    people = tmp_path / "p/content/people.yml"
    first = people.read_text()
    build(config, site_dir=tmp_path / "warm").check()  # Bo's page kept as it is now
    people.write_text(first.replace("Bo Chen", "Bo Chen Two"))
    out = build(config, site_dir=tmp_path / "out").check()
    page = out.site / "people/bo-chen/index.html"
    later = time.time() + 3600  # a site folder restored with its files' times
    os.utime(page, (later, later))
    people.write_text(first)  # back to what the store keeps

    dirty = build(config, site_dir=tmp_path / "out", strict=False, options=["--dirty"])

    assert dirty.ok, dirty.log
    assert page.read_bytes() == (tmp_path / "warm/people/bo-chen/index.html").read_bytes()


def test_kept_pages_keep_their_carriage_returns(tmp_path: Path) -> None:
    """Pages in the navigation stay pages and get their kept HTML back: byte for byte,
    a carriage return in the footer included."""
    config = _small_project(tmp_path / "p", copyright="Made by us\r\nand friends")
    build(config, site_dir=tmp_path / "one").check()
    again = build(config, site_dir=tmp_path / "two").check()
    assert _reuse(again.log)[1] == 0
    truth = _uncached(tmp_path, tmp_path / "p/content", "truth", like=config)
    assert b"\r" in (truth.site / "index.html").read_bytes()
    _same_site(again, truth)


SWAP_HOOK = """
import os, pathlib
def on_env(env, config, files):
    # After Showcase checked its kept pages, before MkDocs publishes them.
    mode = os.environ.get("KEPT")
    root = pathlib.Path(config.config_file_path).parent
    for kept in root.glob(".cache/showcase/pages/*/*/*.blob") if mode else ():
        kept.unlink()
        if mode == "link":
            kept.symlink_to(root / "secret.txt")
    return env
"""


@pytest.mark.parametrize("what", ["link", "gone"])
def test_a_kept_page_changed_during_the_build_is_not_published(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, what: str
) -> None:
    """The cache folder is not the build's alone: a kept page replaced by a link (to a
    secret) or removed after it was checked is not published; the build stops with one
    line, and the site is left as it was."""
    root = tmp_path / "p"
    config = _small_project(root, hooks=["hook.py"])
    (root / "hook.py").write_text("def on_env(env, config, files):\n    return env\n")
    (root / "secret.txt").write_text("the secret")
    first = build(config, site_dir=tmp_path / "site").check()
    before = _tree(first.site)
    (root / "hook.py").write_text(SWAP_HOOK)  # the hook's code is in the key: rendered again
    build(config, site_dir=tmp_path / "other").check()
    monkeypatch.setenv("KEPT", what)

    swapped = build(config, site_dir=tmp_path / "site")

    assert not swapped.ok
    assert "was changed or removed during the build; build again" in swapped.log
    assert "Traceback" not in swapped.log
    assert _tree(tmp_path / "site") == before
    leaked = [
        p
        for p in (tmp_path / "site").rglob("*")
        if p.is_symlink() or b"the secret" in (p.read_bytes() if p.is_file() else b"")
    ]
    assert not leaked
