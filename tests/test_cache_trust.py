"""Nothing in the cache folder is trusted: what is reused is what was stored, or it is made
again; a cache folder that cannot be used is one warning, and the site is built all the same.

Every site here is compared, file by file, with the site the same content gave before the
cache was damaged.
"""

from __future__ import annotations

import errno
import hashlib
import json
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from attachmentkit import notebook_bytes, pdf_bytes
from contentkit import ContentKit
from sitekit import Build, build, comparable_tree, write_project
from test_site_swap import _command, _env, needs_namespaces

from showcase.attachments.cache import Cache, cache_key
from showcase.pagestore import PageStore, Recall, decode_record, encode_record

PASSWD = "root:x:0:0"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, bytes]]:
    """A project with slides and a notebook, built once, and its site's files."""
    root = tmp_path_factory.mktemp("cache") / "project"
    kit = ContentKit(root / "content").standard()
    kit.talk(
        "deck",
        {
            "title": "Deck",
            "speakers": ["ana-lima"],
            "event": "2026-10",
            "slides": "slides.pdf",
            "notebooks": ["nb.ipynb"],
        },
        files={"slides.pdf": pdf_bytes(2), "nb.ipynb": notebook_bytes()},
    )
    kit.talk("other", {"title": "Other", "speakers": ["bo-chen"], "event": "2026-11"})
    result = build(write_project(root)).check()
    return root, comparable_tree(result.site)


@pytest.fixture
def project(built: tuple[Path, dict[str, bytes]], tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(built[0], root, symlinks=True)
    shutil.rmtree(root / "site")
    return root


def _entry_file(project: Path, pattern: str) -> Path:
    (found,) = (project / ".cache/showcase/entries").glob(f"*/*/{pattern}")
    return found


def _attachments(log: str) -> tuple[int, int]:
    found = re.search(r"Attachments: rendered (\d+), reused (\d+)", log)
    assert found, log
    return int(found.group(1)), int(found.group(2))


def _truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _garble(path: Path) -> None:
    path.write_bytes(bytes(len(path.read_bytes())))


def _link_out(path: Path) -> None:
    path.unlink()
    path.symlink_to("/etc/passwd")


DAMAGE: dict[str, tuple[str, Callable[[Path], None]]] = {
    "a truncated slide image": ("page-001.webp", _truncate),
    "a slide image of the same size but other bytes": ("page-002.webp", _garble),
    "a truncated notebook fragment": ("_notebook.html", _truncate),
    "a notebook picture replaced by a link to /etc/passwd": ("cell-*.png", _link_out),
    "an entry record replaced by a link to /etc/passwd": ("*/entry.json", _link_out),
}


@pytest.mark.parametrize("case", list(DAMAGE), ids=list(DAMAGE))
def test_a_damaged_cache_entry_is_made_again_and_the_site_is_right(
    case: str, project: Path, built: tuple[Path, dict[str, bytes]]
) -> None:
    pattern, damage = DAMAGE[case]
    if pattern.startswith("*/"):
        damage(next((project / ".cache/showcase/entries").glob(f"*/{pattern}")))
    else:
        damage(_entry_file(project, pattern))

    result = build(project / "mkdocs.yml").check()

    assert _attachments(result.log) == (1, 1), "the damaged entry only is rendered again"
    assert comparable_tree(result.site) == built[1]
    assert not any(PASSWD.encode() in data for data in comparable_tree(result.site).values())


def test_a_folder_of_an_entry_replaced_by_a_link_is_made_again_in_place(
    project: Path, built: tuple[Path, dict[str, bytes]], tmp_path: Path
) -> None:
    entry = _entry_file(project, "page-001.webp").parent
    elsewhere = tmp_path / "elsewhere"
    shutil.move(entry, elsewhere)
    entry.symlink_to(elsewhere)

    result = build(project / "mkdocs.yml").check()

    assert _attachments(result.log) == (1, 1)
    assert comparable_tree(result.site) == built[1]
    assert not entry.is_symlink(), "the link is replaced by a real entry"


@pytest.mark.parametrize(("store", "what"), [("pages", "finished"), ("writing", "converted")])
def test_damaged_page_cache_entries_are_rendered_again(
    project: Path, built: tuple[Path, dict[str, bytes]], store: str, what: str
) -> None:
    config = project / "mkdocs.yml"
    shutil.rmtree(project / ".cache/showcase" / store)
    build(config).check()  # the store of this folder (its path is in the key)
    pages = sorted((project / ".cache/showcase" / store).glob("*/*/*.json"))
    first, second, third, fourth = pages[:4]
    one, two = first.read_bytes(), second.read_bytes()
    first.write_bytes(two)  # swapped: each is a whole, well-formed page of another key
    second.write_bytes(one)
    _truncate(third)
    _link_out(fourth)

    result = build(config).check()

    reused, stored = _pages(result.log, what)
    assert stored == 4 and reused == len(pages) - 4
    assert comparable_tree(result.site) == built[1]


def test_damaged_finished_pages_are_rendered_again_and_a_site_file_is_never_written_through(
    project: Path, built: tuple[Path, dict[str, bytes]]
) -> None:
    """A finished page is kept as a file beside its record, and copied into the site: a
    kept file that was swapped, cut short or replaced by a link is not published (the
    page is rendered again), and a site file edited after the build (a deploy step) is
    the site's own, never the store's."""
    config = project / "mkdocs.yml"
    shutil.rmtree(project / ".cache/showcase/pages")
    first = build(config).check()
    kept = sorted((project / ".cache/showcase/pages").glob("*/*/*.blob"))
    assert len(kept) == _pages(first.log)[1]
    one, two, three, four = kept[:4]
    a, b = one.read_bytes(), two.read_bytes()
    one.write_bytes(b)  # swapped: each a whole page, of another key
    two.write_bytes(a)
    _truncate(three)
    _link_out(four)
    again = build(config).check()
    assert _pages(again.log) == (len(kept) - 4, 4)
    assert comparable_tree(again.site) == built[1]

    page = again.site / "talks/deck/index.html"
    original = page.read_bytes()
    assert page.stat().st_nlink == 1
    page.write_bytes(original.replace(b"</body>", b"<script>deployed()</script></body>"))
    third = build(config).check()
    assert _pages(third.log) == (len(kept), 0)
    assert (third.site / "talks/deck/index.html").read_bytes() == original


def test_a_file_kept_with_a_record_is_given_back_only_as_it_was_stored(tmp_path: Path) -> None:
    key, other = "c" * 64, "d" * 64
    store = PageStore(tmp_path / "pages", "n" * 16, 1)
    store.prepare()
    assert store.store(key, {}, blob=b"<p>kept</p>") and store.store(other, {}, blob=b"<p>o</p>")
    found = store.load_file(key)
    assert found is not None and found.read() == b"<p>kept</p>"
    assert store.reused == 1
    copy = tmp_path / "copy.html"
    assert found.copy_to(str(copy))
    assert copy.read_bytes() == b"<p>kept</p>" and copy.stat().st_nlink == 1

    # Changed after it was found: neither read nor copied (nothing is left at the copy).
    found.path.write_bytes(b"<p>changed</p>")
    assert found.read() is None
    assert not found.copy_to(str(copy)) and not copy.exists()
    found.path.unlink()
    found.path.symlink_to(copy.with_name("elsewhere.html"))
    copy.with_name("elsewhere.html").write_bytes(b"<p>kept</p>")
    assert found.read() is None and not found.copy_to(str(copy))
    found.path.unlink()
    found.path.write_bytes(b"<p>changed</p>")
    again = PageStore(tmp_path / "pages", "n" * 16, 1)
    assert again.load_file(key) is None and again.reused == 0
    assert again.load(key) is not None, "the record itself is sound"
    assert again.load_file("e" * 64) is None

    # Unused files go with their records (after the grace a build running beside gets).
    again.GRACE_SECONDS = 0
    again.prune()
    assert sorted(p.name for p in (tmp_path / "pages").glob("*/*/*")) == [
        f"{key}.blob",
        f"{key}.json",
    ]


def test_a_folder_in_the_place_of_a_kept_file_is_replaced_or_pruned(tmp_path: Path) -> None:
    used, unused = "f" * 64, "e" * 64
    store = PageStore(tmp_path / "pages", "n" * 16, 1)
    store.prepare()
    for key in (used, unused):
        (store.folder / key[:2] / f"{key}.blob" / "inside").mkdir(parents=True)
    assert store.store(used, {}, blob=b"<p>f</p>")
    found = store.load_file(used)
    assert found is not None and found.read() == b"<p>f</p>"
    store.GRACE_SECONDS = 0
    store.prune()
    assert sorted(p.name for p in store.folder.glob("*/*")) == [f"{used}.blob", f"{used}.json"]


def _pages(log: str, what: str = "finished") -> tuple[int, int]:
    found = re.search(rf"Pages: (\d+) {what} pages reused, (\d+) stored", log)
    assert found, log
    return int(found.group(1)), int(found.group(2))


def test_a_stored_page_is_read_back_only_under_its_own_key() -> None:
    page = {"output": "<p>x</p>"}
    data = encode_record("a" * 64, page, 3)
    assert decode_record("a" * 64, data, 3) == {"format": 3, **page}
    assert decode_record("b" * 64, data, 3) is None
    assert decode_record("a" * 64, data, 4) is None
    assert decode_record("a" * 64, data[:-1], 3) is None
    assert decode_record("a" * 64, data.replace(b"<p>x", b"<p>y"), 3) is None


def test_records_kept_in_memory_are_as_read_from_the_disk_and_only_the_last_builds(
    tmp_path: Path,
) -> None:
    """``mkdocs serve`` keeps what a build read or stored in memory for the next build:
    given back exactly as the disk would give it, only while a build still uses it, and
    not once the cache folder is removed."""
    a, b = "a" * 64, "b" * 64
    folder = tmp_path / "pages"

    def store(recall: Recall | None) -> PageStore:
        return PageStore(folder, "n" * 16, 1, recall=recall)

    def damage(key: str) -> None:
        for path in folder.glob(f"*/*/{key}.json"):
            path.write_bytes(b"not a record")

    recall = Recall()
    first = store(recall)
    first.prepare()
    first.store(a, {"output": "<p>a</p>", "parts": ("x", ("y", 2))})
    first.store(b, {"output": "<p>b</p>"})
    first.prune()
    from_disk = store(None).load(a)
    assert from_disk == {"format": 1, "output": "<p>a</p>", "parts": ["x", ["y", 2]]}

    # The next build of the same process takes it from memory: the disk is not read.
    damage(a)
    assert store(None).load(a) is None
    second = store(recall)
    assert second.load(a) == from_disk
    assert (second.reused, second.recalled) == (1, 1)
    second.prune()  # this build did not use `b`: forgotten
    damage(b)
    third = store(recall)
    assert third.load(b) is None
    assert third.load(a) == from_disk
    # Another store's folder is another set of records.
    other = PageStore(tmp_path / "other", "n" * 16, 1, recall=recall)
    assert other.load(a) is None
    assert len(recall) == 1
    recall.settle()  # a build ends: the stores it opened stay
    assert len(recall) == 1

    # Removing the cache folder while serving makes everything again.
    shutil.rmtree(folder)
    assert store(recall).load(a) is None and len(recall) == 0

    # What a build reads from the disk is kept too.
    fourth = store(None)
    fourth.prepare()
    fourth.store(a, {"output": "<p>a</p>"})
    fresh = Recall()
    fifth = store(fresh)
    assert fifth.load(a) == {"format": 1, "output": "<p>a</p>"}
    assert (fifth.reused, fifth.recalled, len(fresh)) == (1, 0, 1)
    damage(a)
    assert fifth.load(a) == {"format": 1, "output": "<p>a</p>"} and fifth.recalled == 1

    # A build that opens only the other store (the configuration was edited): the first
    # store's records are forgotten when it ends.
    fresh.settle()
    assert len(fresh) == 1
    PageStore(tmp_path / "other", "n" * 16, 1, recall=fresh)
    fresh.settle()
    assert len(fresh) == 0


# A cache folder that cannot be used ---------------------------------------------------------


def _warned_once(result: Build, reason: str) -> None:
    warnings = [line for line in result.log.splitlines() if "Cache folder" in line]
    assert len(warnings) == 1, result.log
    assert warnings[0].startswith("WARNING")
    assert "`.cache/showcase` cannot be used" in warnings[0] and reason in warnings[0]
    assert "Traceback" not in result.log


@pytest.mark.parametrize("case", ["a file", "a link to nowhere"])
def test_a_cache_folder_that_cannot_be_used_is_one_warning_and_the_site_is_built(
    case: str,
    project: Path,
    built: tuple[Path, dict[str, bytes]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    cache = project / ".cache/showcase"
    shutil.rmtree(cache)
    if case == "a file":
        cache.write_text("not a folder")
        reason = "it is a file, not a folder"
    else:
        cache.symlink_to(tmp_path / "gone")
        reason = "which does not exist"
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    monkeypatch.setenv("TMPDIR", str(temporary))

    result = build(project / "mkdocs.yml", strict=False).check()

    _warned_once(result, reason)
    assert comparable_tree(result.site) == built[1]
    assert list(temporary.iterdir()) == [], "the temporary cache is removed"
    assert build(project / "mkdocs.yml", strict=True).returncode == 1, "a warning all the same"


@needs_namespaces
def test_a_read_only_cache_folder_is_one_warning_and_the_site_is_built(
    project: Path, built: tuple[Path, dict[str, bytes]]
) -> None:
    cache = project / ".cache/showcase"
    shutil.rmtree(cache)
    cache.mkdir()
    command = " ".join(_command(project / "mkdocs.yml"))

    done = subprocess.run(
        [
            "unshare",
            "--user",
            "--map-root-user",
            "--mount",
            "sh",
            "-ec",
            f"mount --bind {cache} {cache}\nmount -o remount,bind,ro {cache}\n{command}",
        ],
        cwd=project,
        env=_env(),
        capture_output=True,
        text=True,
        check=False,
    )

    result = Build(done.returncode, done.stdout + done.stderr, project / "site", project)
    assert result.ok, result.log
    _warned_once(result, "the file system is read-only")
    assert comparable_tree(result.site) == built[1]
    assert list(cache.iterdir()) == []


def test_a_cache_that_fills_up_during_a_build_goes_on_in_a_temporary_folder(
    tmp_path: Path,
) -> None:
    cache = Cache(tmp_path / "cache")
    calls: list[Path] = []

    def produce(folder: Path) -> dict[str, Any]:
        calls.append(folder)
        if len(calls) == 1:
            raise OSError(errno.ENOSPC, "No space left on device", str(folder / "out.txt"))
        (folder / "out.txt").write_text("derived")
        return {}

    entry = cache.get(cache_key("full"), produce)

    assert cache.fault is not None and cache.fault.startswith("the disk is full")
    assert entry.path("out.txt").read_text() == "derived"
    assert not entry.folder.is_relative_to(tmp_path / "cache")
    temporary = cache.root
    cache.prune()
    assert not temporary.exists()


def test_an_entry_is_reused_only_with_the_digests_it_was_stored_with(tmp_path: Path) -> None:
    root = tmp_path / "cache"
    key = cache_key("x")

    def produce(folder: Path) -> dict[str, Any]:
        (folder / "out.txt").write_text("derived")
        return {}

    Cache(root).get(key, produce)
    record = json.loads((Cache(root).folder(key) / "entry.json").read_text())
    assert record["format"] == 2
    assert record["files"] == {"out.txt": hashlib.sha256(b"derived").hexdigest()}
    assert Cache(root).holds(key)
    (Cache(root).folder(key) / "out.txt").write_text("changed")
    assert not Cache(root).holds(key)
