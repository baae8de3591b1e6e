"""``build_search``: the bundle it writes, the shards it reuses from its cache, the cache it
does not trust, and Pagefind failing, hanging or missing.

What Pagefind wrote is read back as the browser reads it: each fragment (one per page) is
gzip-compressed JSON after a signature, and holds the page's URL, metadata, filters,
anchors and word count.
"""

from __future__ import annotations

import gzip
import json
import os
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest

from showcase.search import SearchDocument, SearchError, Section, build_search, bundle
from showcase.search.bundle import IndexingAhead, shard_folder
from showcase.search.document import url_problem
from showcase.search.language import language_of
from showcase.search.record import unfolded_words

CHINESE = (
    "我们每个月都会举行演示日。今天我想谈谈数据管道的延迟，以及我们如何把仓库的查询时间缩短一半。"  # noqa: RUF001
    "首先是分区，然后是缓存，最后是监控。"  # noqa: RUF001
) * 4
JAPANESE = (
    "毎月デモデーを開催しています。今日はデータパイプラインの遅延と、"
    "倉庫のクエリ時間を半分にした方法について話します。"
) * 4


def talk(slug: str, shard: str, text: str = "", **fields: Any) -> SearchDocument:
    return SearchDocument(
        url=f"talks/{slug}/",
        title=fields.pop("title", f"Talk {slug}"),
        kind="talk",
        text=text or f"The writeup of {slug}: pipelines, partitions and latency.",
        shard=shard,
        **fields,
    )


def archive() -> list[SearchDocument]:
    return [
        talk(
            "a",
            "2024",
            sections=(
                Section("t-12-40", "transcript 12:40", "we measured the latency of the cluster"),
                Section("slide-4", "slide 4", "a diagram of partitions"),
            ),
            meta={"speakers": "Tomáš Novák, Zoë Chen", "date": "14 March 2024"},
        ),
        talk("b", "2024"),
        talk("c", "2025"),
        talk("d", "2025"),
        SearchDocument(
            url="topics/latency/",
            title="#latency",
            kind="topic",
            text="Talk a, talk c.",
            weight=0.3,
            shard="pages",
        ),
    ]


def fragments(folder: Path) -> dict[str, dict[str, Any]]:
    """Each page of a shard's index, by URL, as the browser decodes it."""
    pages = {}
    for path in (folder / "fragment").glob("*.pf_fragment"):
        raw = gzip.decompress(path.read_bytes())
        assert raw[:12] == b"pagefind_dcd"
        page = json.loads(raw[12:])
        pages[page["url"]] = page
    return pages


def manifest(out: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((out / "index.json").read_text(encoding="utf-8"))
    return loaded


def shard_named(out: Path, name: str) -> Path:
    return out / next(s["path"] for s in manifest(out)["shards"] if s["path"].startswith(name))


def files(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def fake_pagefind(tmp_path: Path, body: str) -> Path:
    """A stand-in for the Pagefind binary that says its version, then runs ``body``."""
    script = tmp_path / "pagefind"
    script.write_text(
        '#!/bin/sh\nif [ "$1" = "--version" ]; then echo "pagefind 1.5.2"; exit 0; fi\n' + body,
        encoding="utf-8",
    )
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return script


# The bundle -----------------------------------------------------------------------------


def test_the_bundle_lists_its_shards_and_holds_pagefinds_code_once(tmp_path: Path) -> None:
    out = tmp_path / "site" / "search"

    made = build_search(archive(), out)

    shards = manifest(out)["shards"]
    assert [s["path"] for s in shards] == ["2024.en/", "2025.en/", "pages.en.w0.3/"]
    assert [(s["pages"], s["weight"], s["language"]) for s in shards] == [
        (2, 1.0, "en"),
        (2, 1.0, "en"),
        (1, 0.3, "en"),
    ]
    assert (made.documents, made.shards, made.indexed, made.reused) == (5, 3, 3, 0)
    primary, *others = (out / s["path"] for s in shards)
    assert {"pagefind.js", "pagefind-worker.js", "wasm.en.pagefind"} <= set(os.listdir(primary))
    for folder in others:
        names = set(os.listdir(folder))
        assert "pagefind-entry.json" in names
        assert not any(name.startswith(("pagefind.js", "wasm.")) for name in names)
    assert not [p for p in out.rglob("*") if "pagefind-ui" in p.name or "component-ui" in p.name]


def test_a_page_keeps_its_url_title_details_kind_and_anchored_sections(tmp_path: Path) -> None:
    out = tmp_path / "search"
    build_search(archive(), out)

    page = fragments(shard_named(out, "2024"))["/talks/a/"]

    assert page["meta"]["title"] == "Talk a"
    assert page["meta"]["details"] == "Tomáš Novák, Zoë Chen · 14 March 2024"
    assert page["filters"] == {"kind": ["talk"]}
    anchors = {(a["id"], a["text"]) for a in page["anchors"]}
    assert anchors == {("t-12-40", "transcript 12:40"), ("slide-4", "slide 4")}
    assert "we measured the latency" in page["content"]


def test_pages_without_directory_urls_keep_index_html(tmp_path: Path) -> None:
    documents = [
        SearchDocument(url="talks/a/index.html", title="A", kind="talk", text="alpha"),
        SearchDocument(url="index.html", title="Home", kind="page", text="home"),
    ]
    out = tmp_path / "search"
    build_search(documents, out)

    assert set(fragments(out / "all.en")) == {"/talks/a/index.html", "/index.html"}


def test_chinese_and_japanese_pages_are_indexed_in_their_language_cut_into_words(
    tmp_path: Path,
) -> None:
    documents = [
        talk("zh", "2024", text=CHINESE, title="数据管道"),
        talk("ja", "2024", text=JAPANESE, title="データパイプライン"),
        talk("en", "2024", text="An English page that quotes 数据 once."),
        talk("zh2", "2025", text=CHINESE),
    ]
    out = tmp_path / "search"
    build_search(documents, out)

    # Pages in another language share one shard per language, whatever their year.
    languages = {s["path"]: (s["language"], s["pages"]) for s in manifest(out)["shards"]}
    assert languages == {"2024.en/": ("en", 1), "all.zh/": ("zh", 2), "all.ja/": ("ja", 1)}
    chinese = fragments(out / "all.zh")["/talks/zh/"]
    # Pagefind marks the word boundaries it found in unspaced text with zero-width spaces.
    assert chinese["word_count"] > 40
    assert "\u200b" in chinese["content"]
    japanese = fragments(out / "all.ja")["/talks/ja/"]
    assert japanese["word_count"] > 40


def test_accents_pagefind_does_not_fold_are_indexed_in_plain_letters_too(tmp_path: Path) -> None:
    documents = [talk("a", "2024", text="Łukasiewicz and Søren met Tomáš in Łódź.")]
    out = tmp_path / "search"
    build_search(documents, out)

    page = fragments(out / "2024.en")["/talks/a/"]
    assert sorted(page["meta"]["folded"].split()) == ["lodz", "lukasiewicz", "soren"]
    assert "Łukasiewicz" in page["content"] and "lukasiewicz" not in page["content"]


def test_unfolded_words_are_latin_words_whose_marks_alone_do_not_make_them_plain() -> None:
    assert unfolded_words(["Tomáš Zoë José café"]) == set()
    assert unfolded_words(["Łukasiewicz, Søren, Straße; Æsir"]) == {
        "lukasiewicz",
        "soren",
        "strasse",
        "aesir",
    }
    assert unfolded_words(["数据 Ωμέγα Москва"]) == set()


def test_a_document_without_a_word_is_left_out_and_one_with_only_a_title_is_kept(
    tmp_path: Path,
) -> None:
    documents = [
        talk("a", "2024"),
        SearchDocument(url="empty/", title="", kind="page", text=" — ", shard="empty"),
        SearchDocument(url="talks/new/", title="Untitled yet", kind="talk", text="", shard="new"),
    ]
    out = tmp_path / "search"
    made = build_search(documents, out)

    assert (made.documents, made.shards) == (3, 2)
    assert [s["path"] for s in manifest(out)["shards"]] == ["2024.en/", "new.en/"]
    assert fragments(out / "new.en")["/talks/new/"]["content"].startswith("Untitled yet")


def test_no_documents_make_a_bundle_with_no_shard(tmp_path: Path) -> None:
    out = tmp_path / "search"
    build_search([], out)

    assert manifest(out)["shards"] == []


# Documents ------------------------------------------------------------------------------


def test_language_is_told_by_the_share_of_a_script() -> None:
    assert language_of(CHINESE, "en") == "zh"
    assert language_of(JAPANESE, "en") == "ja"
    assert language_of("สวัสดีครับ วันนี้เราจะพูดถึงข้อมูล", "en") == "th"
    assert language_of("Mostly English with one name, 王伟, in it.", "de") == "de"
    assert language_of("12 34", "en") == "en"


@pytest.mark.parametrize(
    "url",
    ["/talks/a/", "talks/../a/", "talks//a/", "https://x.example/a/", "talks/a", "a b/", "a?/"],
)
def test_a_url_that_is_not_a_site_path_is_refused(url: str) -> None:
    assert url_problem(url) is not None
    with pytest.raises(ValueError, match="not a site path"):
        SearchDocument(url=url, title="T", kind="talk", text="x")


@pytest.mark.parametrize("url", ["", "talks/a/", "people/ana.html", "talks/a/index.html"])
def test_a_site_path_is_accepted(url: str) -> None:
    assert url_problem(url) is None


def test_two_documents_for_one_page_are_refused(tmp_path: Path) -> None:
    documents = [
        SearchDocument(url="talks/a/", title="A", kind="talk", text="x"),
        SearchDocument(url="talks/a/index.html", title="A", kind="talk", text="x"),
    ]
    with pytest.raises(ValueError, match="two search documents for one page"):
        build_search(documents, tmp_path / "search")


def test_shard_folders_are_plain_names_whatever_the_shard_is_called() -> None:
    assert shard_folder("2024", "en", 1.0) == "2024.en"
    assert shard_folder("", "zh", 1.0) == "all.zh"
    assert shard_folder("pages", "en", 0.3) == "pages.en.w0.3"
    odd = shard_folder("Talks / 2024 ✨", "en", 1.0)
    assert odd.startswith("talks-2024-") and odd.endswith(".en")
    assert odd != shard_folder("talks-2024", "en", 1.0)


# The cache ------------------------------------------------------------------------------


def test_one_changed_document_reindexes_only_its_shard(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    out = tmp_path / "search"
    first = build_search(archive(), out, cache)
    before = {name: files(out / name) for name in ("2025.en", "pages.en.w0.3")}

    changed = [
        talk("b", "2024", text="A new writeup about backfills.") if d.url == "talks/b/" else d
        for d in archive()
    ]
    second = build_search(changed, out, cache)

    assert (first.indexed, first.reused) == (3, 0)
    assert (second.indexed, second.indexed_documents, second.reused) == (1, 2, 2)
    assert {name: files(out / name) for name in before} == before
    assert "backfills" in fragments(out / "2024.en")["/talks/b/"]["content"]


def test_an_unchanged_archive_reindexes_nothing_and_writes_the_same_bundle(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    build_search(archive(), tmp_path / "one", cache)
    again = build_search(archive(), tmp_path / "two", cache)

    assert (again.indexed, again.reused) == (0, 3)
    assert files(tmp_path / "one") == files(tmp_path / "two")


def test_indexing_ahead_lends_its_plan_and_the_bundle_is_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A build indexes its shards ahead while it renders its pages; ``build_search`` then
    takes that plan: each page is composed once, and the bundle is the one a build without
    it writes."""
    composed: list[str] = []
    compose = bundle.record_html

    def counting(document: SearchDocument, language: str) -> str:
        composed.append(document.url)
        return compose(document, language)

    monkeypatch.setattr(bundle, "record_html", counting)
    documents = archive()
    ahead = IndexingAhead(documents, tmp_path / "cache")
    ahead.wait()
    made = build_search(documents, tmp_path / "search", tmp_path / "cache", ahead=ahead)

    assert (ahead.problem, ahead.indexed) == (None, 3)
    assert (made.indexed, made.reused) == (0, 3)
    assert sorted(composed) == sorted(d.url for d in documents)
    build_search(documents, tmp_path / "alone")
    assert files(tmp_path / "search") == files(tmp_path / "alone")

    # The plan of a part whose documents changed is not taken: that part is composed
    # and indexed again, the others keep their plan (a build adds its own pages late).
    composed.clear()
    changed = [talk("z", "2025") if d.url == "talks/d/" else d for d in documents]
    changed.append(SearchDocument(url="about/", title="About", kind="page", text="Us."))
    again = build_search(changed, tmp_path / "search", tmp_path / "cache", ahead=ahead)
    assert (again.indexed, again.reused) == (2, 2)
    assert sorted(composed) == ["about/", "talks/c/", "talks/z/"]
    assert "/talks/z/" in fragments(out := tmp_path / "search" / "2025.en")
    assert "/talks/d/" not in fragments(out)
    build_search(changed, tmp_path / "alone-again")
    assert files(tmp_path / "search") == files(tmp_path / "alone-again")


def test_a_cached_shard_whose_files_changed_is_indexed_again(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    out = tmp_path / "search"
    build_search(archive(), out, cache)
    stored = next(
        p for p in (cache / "entries").rglob("pagefind-entry.json") if "2025" in _shard_of(p)
    )
    stored.write_text('{"version":"1.5.2","languages":{}}', encoding="utf-8")

    again = build_search(archive(), out, cache)

    assert (again.indexed, again.reused) == (1, 2)
    assert manifest(out)["shards"][1]["pages"] == 2
    assert set(fragments(out / "2025.en")) == {"/talks/c/", "/talks/d/"}


def test_a_cached_shard_reached_through_a_link_is_indexed_again(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    build_search(archive(), tmp_path / "search", cache)
    stored = next(
        p for p in (cache / "entries").rglob("pagefind-entry.json") if "2024" in _shard_of(p)
    )
    elsewhere = tmp_path / "elsewhere.json"
    elsewhere.write_bytes(stored.read_bytes())
    stored.unlink()
    stored.symlink_to(elsewhere)

    again = build_search(archive(), tmp_path / "search", cache)

    assert (again.indexed, again.reused) == (1, 2)


def test_a_cache_folder_that_cannot_be_used_is_said_and_the_bundle_is_built(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cache.write_text("not a folder", encoding="utf-8")

    made = build_search(archive(), tmp_path / "search", cache)

    assert made.fault is not None and "file" in made.fault
    assert made.indexed == 3
    assert cache.read_text(encoding="utf-8") == "not a folder"
    assert len(manifest(tmp_path / "search")["shards"]) == 3


def test_a_failed_build_leaves_no_temporary_cache_behind(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    cache = tmp_path / "cache"
    cache.write_text("not a folder", encoding="utf-8")
    failing = fake_pagefind(tmp_path, "exit 1\n")

    with pytest.raises(SearchError):
        run_with_binary(monkeypatch, failing, tmp_path / "search", cache=cache)

    assert list(temporary.iterdir()) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache", "pagefind", "tmp"]


def test_unused_cache_entries_are_removed(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    build_search(archive(), tmp_path / "search", cache)
    build_search(archive()[2:], tmp_path / "search", cache)

    assert len(list((cache / "entries").glob("*/*"))) == 2


def _shard_of(path: Path) -> str:
    record = json.loads((path.parent / "entry.json").read_text(encoding="utf-8"))
    return str(record["record"]["shard"])


# The out folder -------------------------------------------------------------------------


def test_a_folder_that_is_not_a_search_bundle_is_not_replaced(tmp_path: Path) -> None:
    out = tmp_path / "site"
    (out / "talks").mkdir(parents=True)
    (out / "index.html").write_text("<h1>The site</h1>", encoding="utf-8")

    with pytest.raises(SearchError, match="not a search bundle"):
        build_search(archive(), out)

    assert (out / "index.html").read_text(encoding="utf-8") == "<h1>The site</h1>"


def test_a_bundle_is_replaced_whole(tmp_path: Path) -> None:
    out = tmp_path / "search"
    build_search(archive(), out)
    build_search(archive()[:1], out)

    assert [s["path"] for s in manifest(out)["shards"]] == ["2024.en/"]
    assert sorted(p.name for p in out.iterdir()) == ["2024.en", "index.json"]
    assert [p.name for p in tmp_path.iterdir()] == ["search"]


# Pagefind failing -----------------------------------------------------------------------


def run_with_binary(
    monkeypatch: pytest.MonkeyPatch, binary: Path, out: Path, **options: Any
) -> None:
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(binary))
    build_search(archive(), out, **options)


def test_a_missing_binary_is_one_line(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    with pytest.raises(SearchError, match=r"^the Pagefind binary .*nowhere.* cannot run"):
        run_with_binary(monkeypatch, tmp_path / "nowhere", tmp_path / "search")


def test_a_binary_that_is_not_pagefind_is_one_line(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    impostor = tmp_path / "impostor"
    impostor.write_text("#!/bin/sh\necho 'usage: impostor'\nexit 2\n", encoding="utf-8")
    impostor.chmod(0o755)

    with pytest.raises(SearchError, match="does not work: `--version` exited with 2: usage"):
        run_with_binary(monkeypatch, impostor, tmp_path / "search")


def test_pagefind_failing_on_a_shard_is_one_line_with_what_it_said(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    failing = fake_pagefind(tmp_path, 'echo "Error: the index is on fire" >&2\nexit 3\n')
    out = tmp_path / "search"

    with pytest.raises(SearchError) as raised:
        run_with_binary(monkeypatch, failing, out)

    assert str(raised.value).startswith("Pagefind could not index shard ")
    assert str(raised.value).endswith("(exit status 3): Error: the index is on fire")
    assert not out.exists()


def test_a_hanging_pagefind_is_killed_when_the_time_runs_out(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    pids = tmp_path / "pids"
    hanging = fake_pagefind(tmp_path, f'echo $$ >> "{pids}"\nexec sleep 600\n')

    with pytest.raises(SearchError, match=r"^Pagefind did not finish shard .* within"):
        run_with_binary(monkeypatch, hanging, tmp_path / "search", timeout=1.5)

    for pid in _pids(pids.read_text(encoding="utf-8").split()):
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)


def test_pagefind_settings_of_the_machine_do_not_reach_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PAGEFIND_OUTPUT_SUBDIR", "elsewhere")
    monkeypatch.setenv("PAGEFIND_ROOT_SELECTOR", "nav")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pagefind.yml").write_text("exclude_selectors: ['p']\n", encoding="utf-8")
    out = tmp_path / "search"

    build_search(archive(), out)

    assert "latency" in fragments(out / "2024.en")["/talks/a/"]["content"]


def test_indexes_come_in_small_files_whatever_the_machine_sets(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # A query loads one index file per word from every shard: they are kept small.
    monkeypatch.setenv("PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE", "1000000")
    words = [f"w{number}" for number in range(4000)]
    documents = [talk(f"t{n}", "2024", text=" ".join(words[n::3] * 2)) for n in range(3)]
    out = tmp_path / "search"

    build_search(documents, out)

    assert len(list((out / "2024.en" / "index").glob("*.pf_index"))) >= 2


def _pids(words: Iterable[str]) -> list[int]:
    return [int(word) for word in words]
