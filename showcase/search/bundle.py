"""The search bundle: every shard's Pagefind index, and the list the reader's side loads.

``build_search(documents, out, cache)`` groups the documents into shards, indexes the shards
whose documents changed, takes the others from the cache, and writes into ``out``::

    index.json              what the search box loads first: Pagefind's version, this
                            build's tag and the shards, the primary one first
    2024.en/                one Pagefind index per shard: pagefind-entry.json,
    2025.en/                pagefind.*.pf_meta, index/, fragment/, filter/
    pages.en.w0.3/          ...
    (primary shard)/        also Pagefind's search code: pagefind.js, its worker, its
                            WebAssembly (one copy for the whole site)

A shard is the documents that share a ``shard`` name, a language and a weight: Pagefind
gives an index one language and one weight (``indexWeight``), and merges several indexes in
the browser (``mergeIndex``), so that a reader's query loads a little of each shard, and a
changed talk re-indexes one shard. Documents in another language than the site's (told
by their script) share one shard per language and weight, whatever their ``shard``.

The cache (``cache``, a folder of its own) keeps each shard's index under the digest of
what decides it: the composed pages of its documents, its language and weight, Pagefind's
version and binary, and ``SEARCH_FORMAT``. It is ``showcase.attachments.cache.Cache``: each
file's SHA-256 is written when an entry is stored and checked when it is reused; an entry
that does not match is indexed again, and a folder that cannot be used at all is replaced
by a temporary one (``SearchBuild.fault`` says why).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from showcase.attachments.cache import Cache, cache_key
from showcase.faults import describe, fault_of
from showcase.search.document import SearchDocument
from showcase.search.indexer import (
    INDEX_CHUNK_SIZE,
    Binary,
    IndexJob,
    SearchError,
    find_binary,
    run_index_jobs,
)
from showcase.search.language import language_of
from showcase.search.record import RECORD_FORMAT, has_words, record_html

#: The layout of the bundle and of ``index.json``; part of every shard's cache key.
SEARCH_FORMAT = 1
#: What the reader's side loads first.
MANIFEST = "index.json"
#: ``index.json`` says who wrote the folder: ``build_search`` replaces no other folder.
GENERATOR = "showcase-search"
#: How long Pagefind may take for all the shards of one build.
DEFAULT_TIMEOUT = 600.0
#: Pagefind's own search interfaces: Showcase has its own, so they are never published.
_UNUSED = re.compile(r"^pagefind-(?:component-ui|modular-ui|ui|highlight)\.(?:js|css)$")
#: Pagefind's search code, published once, beside the primary shard's index.
_RUNTIME = re.compile(r"^(?:pagefind\.js|pagefind-worker\.js|wasm\.[a-z0-9_-]+\.pagefind)$")
_SAFE_NAME = re.compile(r"^[a-z0-9_-]+$")


@dataclass(frozen=True, slots=True)
class SearchBuild:
    """What ``build_search`` did."""

    out: Path
    #: Documents in the bundle, and shards.
    documents: int
    shards: int
    #: Shards indexed by this build, and their documents; shards taken from the cache.
    indexed: int
    indexed_documents: int
    reused: int
    #: Pagefind's version, as its binary says it.
    pagefind: str
    #: Why the cache folder could not be used (this build then used a temporary one).
    fault: str | None
    seconds: float


@dataclass(frozen=True, slots=True)
class _Shard:
    name: str
    language: str
    weight: float
    #: (file path in the shard's folder, document), by path. The composed pages are not
    #: held: a thousand talks' transcripts are tens of megabytes of them.
    documents: tuple[tuple[str, SearchDocument], ...]
    key: str
    #: Without directory URLs a page is ``talks/x/index.html``: its link must say so.
    keep_index_url: bool

    def pages(self) -> Iterator[tuple[str, str]]:
        """Each page of the shard as Pagefind indexes it: (file path, composed page)."""
        return _composed(self.documents, self.language)


def _composed(
    documents: Iterable[tuple[str, SearchDocument]], language: str
) -> Iterator[tuple[str, str]]:
    for path, document in documents:
        yield path, record_html(document, language)


@dataclass(frozen=True, slots=True)
class _Planned:
    """The shards of a list of documents, planned once: ``IndexingAhead`` plans them, and
    the ``build_search`` given it takes the key of each shard whose documents are the
    same (a build adds the pages of the content folder's own after it started) instead of
    composing its pages again."""

    language: str
    binary: Binary
    shards: list[_Shard]

    def key_of(self, members: tuple[tuple[str, SearchDocument], ...]) -> str | None:
        """The key planned for a shard of exactly ``members``, if one was."""
        for shard in self.shards:
            if shard.documents == members:
                return shard.key
        return None


def build_search(
    documents: Iterable[SearchDocument],
    out: Path,
    cache: Path | None = None,
    *,
    language: str = "en",
    timeout: float = DEFAULT_TIMEOUT,
    ahead: IndexingAhead | None = None,
) -> SearchBuild:
    """Write the search bundle of ``documents`` into ``out`` (replaced whole).

    ``cache`` is a folder for this alone (its unused entries are removed); without it every
    shard is indexed. ``language`` is the site's: documents whose text does not say
    otherwise are indexed in it. ``ahead``, the ``IndexingAhead`` of the same documents
    (waited for), lends its plan of the shards. Raises ``SearchError`` with one line to
    show when Pagefind fails or ``out`` cannot be written; ``ValueError`` when two
    documents share a page.
    """
    started = time.perf_counter()
    documents = list(documents)
    site_language = language.lower()
    planned = ahead.planned if ahead is not None else None
    if planned is not None and planned.language != site_language:
        planned = None
    _refuse_shared_pages(documents)
    _check_out(out)
    store = Cache(cache) if cache is not None else None
    finished = False
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        # Beside ``out``: on the disk of the site, and mostly of the cache, files move.
        with tempfile.TemporaryDirectory(prefix=f".{out.name}.", dir=out.parent) as work:
            missing: list[_Shard] = []
            binary = planned.binary if planned is not None else find_binary()
            shards = _plan(documents, site_language, binary, Path(work), store, missing, planned)
            _index(binary, missing, Path(work), timeout)
            folders = {shard.name: _folder(store, shard, Path(work)) for shard in shards}
            _publish(out, shards, folders, binary, site_language)
        finished = True
    except OSError as exc:
        fault = fault_of(exc)
        reason = describe(fault) if fault is not None else str(exc)
        raise SearchError(f"could not write the search bundle into {out}: {reason}") from None
    finally:
        # Unused entries go; a temporary folder used instead of the cache goes in any case.
        if store is not None and (finished or store.fault is not None):
            store.prune()
    return SearchBuild(
        out=out,
        documents=len(documents),
        shards=len(shards),
        indexed=len(missing),
        indexed_documents=sum(len(shard.documents) for shard in missing),
        reused=len(shards) - len(missing),
        pagefind=binary.version,
        fault=store.fault if store is not None else None,
        seconds=time.perf_counter() - started,
    )


def index_search(
    documents: Iterable[SearchDocument],
    cache: Path,
    *,
    language: str = "en",
    timeout: float = DEFAULT_TIMEOUT,
) -> int:
    """Index into ``cache`` each shard of ``documents`` it does not hold, and publish
    nothing; returns how many shards were indexed.

    A build starts this as soon as it knows most of its documents, while it renders its
    pages, so that Pagefind works on the other CPUs; its ``build_search`` then finds those
    shards in the cache. Nothing is removed from ``cache`` here: ``build_search`` prunes.
    Raises ``SearchError`` as ``build_search`` does.
    """
    return _index_ahead(list(documents), cache, language.lower(), timeout, lambda planned: None)


def _index_ahead(
    documents: list[SearchDocument],
    cache: Path,
    language: str,
    timeout: float,
    planned: Callable[[_Planned], None],
) -> int:
    """``index_search``, which gives ``planned`` its plan of the shards once it is made."""
    _refuse_shared_pages(documents)
    binary = find_binary()
    store = Cache(cache)
    if store.fault is not None:
        store.prune()  # the temporary folder it would use instead
        return 0
    with tempfile.TemporaryDirectory(prefix=".indexing.", dir=cache) as work:
        missing: list[_Shard] = []
        shards = _plan(documents, language, binary, Path(work), store, missing)
        planned(_Planned(language, binary, shards))
        _index(binary, missing, Path(work), timeout)
        for shard in missing:
            _folder(store, shard, Path(work))
    return len(missing)


class IndexingAhead:
    """``index_search`` in a thread of its own, started at once: ``wait`` before the
    ``build_search`` that is to find its shards. What goes wrong here is only noted
    (``problem``): ``build_search`` indexes what is missing and reports its own errors."""

    def __init__(
        self, documents: Iterable[SearchDocument], cache: Path, *, language: str = "en"
    ) -> None:
        self.indexed = 0
        self.problem: str | None = None
        #: The plan of the shards, once made (``build_search`` takes it).
        self.planned: _Planned | None = None
        self._thread = threading.Thread(
            target=self._run,
            args=(list(documents), cache, language.lower()),
            name="showcase-search-ahead",
            daemon=True,
        )
        self._thread.start()

    def _run(self, documents: list[SearchDocument], cache: Path, language: str) -> None:
        def keep(planned: _Planned) -> None:
            self.planned = planned

        try:
            self.indexed = _index_ahead(documents, cache, language, DEFAULT_TIMEOUT, keep)
        except (SearchError, ValueError, OSError) as exc:
            self.problem = str(exc)

    def wait(self) -> None:
        self._thread.join()


# Shards ---------------------------------------------------------------------------------


def _plan(
    documents: list[SearchDocument],
    site_language: str,
    binary: Binary,
    work: Path,
    store: Cache | None,
    missing: list[_Shard],
    planned: _Planned | None = None,
) -> list[_Shard]:
    """The shards of ``documents``; each one ``store`` does not hold is added to
    ``missing``, its pages written into ``work`` for Pagefind. A shard's pages are composed
    once, held only while its key is made, and not at all for a shard ``planned`` with
    the same documents that ``store`` holds."""
    grouped: dict[tuple[str, str, float], list[tuple[str, SearchDocument]]] = {}
    explicit: set[tuple[str, str, float]] = set()
    for document in documents:
        if not has_words(document):
            continue  # nothing to find it by; Pagefind would fail on a shard of only such
        language = document.language or language_of(_all_text(document), site_language)
        # Pages in another language than the site's are few, and a shard of Chinese or
        # Japanese costs Pagefind its dictionary: one shard per language holds them.
        shard = document.shard if language == site_language else ""
        group = (shard, language, document.weight)
        grouped.setdefault(group, []).append((page_file(document.url), document))
        if document.url.endswith("index.html"):
            explicit.add(group)
    shards = []
    for group, members in sorted(grouped.items()):
        shard, language, weight = group
        members.sort(key=lambda member: member[0])
        ordered = tuple(members)
        key = planned.key_of(ordered) if planned is not None else None
        pages: list[tuple[str, str]] | None = None
        if key is None:
            pages = list(_composed(ordered, language))
            key = cache_key(
                "showcase-search",
                SEARCH_FORMAT,
                RECORD_FORMAT,
                binary.version,
                binary.path.name,
                INDEX_CHUNK_SIZE,
                shard,
                language,
                weight,
                group in explicit,
                _digest(pages),
            )
        made = _Shard(
            name=shard_folder(shard, language, weight),
            language=language,
            weight=weight,
            documents=ordered,
            key=key,
            keep_index_url=group in explicit,
        )
        shards.append(made)
        if store is None or not store.holds(key):
            missing.append(made)
            _write_pages(made, pages if pages is not None else made.pages(), work)
    return shards


def _digest(pages: list[tuple[str, str]]) -> str:
    sha = hashlib.sha256()
    for path, html in pages:
        sha.update(path.encode("utf-8") + b"\0" + html.encode("utf-8") + b"\0")
    return sha.hexdigest()


def shard_folder(shard: str, language: str, weight: float) -> str:
    """The folder of a shard in the bundle: ``2024.en``, ``pages.en.w0.3``; a shard name
    that is not plain lower-case letters, digits, ``-`` and ``_`` gets a digest of it."""
    base = shard or "all"
    if not _SAFE_NAME.match(base):
        digest = hashlib.sha256(shard.encode("utf-8")).hexdigest()[:8]
        readable = re.sub(r"[^a-z0-9_-]+", "-", base.lower()).strip("-")[:40] or "shard"
        base = f"{readable}-{digest}"
    tail = "" if weight == 1 else f".w{weight:g}"
    return f"{base}.{language}{tail}"


def page_file(url: str) -> str:
    """The file a page's site path is served from, as Pagefind turns it back into the URL."""
    return url if url.endswith(".html") else f"{url}index.html"


def _refuse_shared_pages(documents: list[SearchDocument]) -> None:
    seen: dict[str, str] = {}
    for document in documents:
        path = page_file(document.url)
        if path in seen:
            raise ValueError(
                f"two search documents for one page: {seen[path]!r} and {document.url!r}"
            )
        seen[path] = document.url


def _all_text(document: SearchDocument) -> str:
    return " ".join([document.title, document.text, *(s.text for s in document.sections)])


# Indexing -------------------------------------------------------------------------------


def _write_pages(shard: _Shard, pages: Iterable[tuple[str, str]], work: Path) -> None:
    """Write ``shard``'s composed ``pages`` into ``work/pages/NAME``, for Pagefind."""
    folder = work / "pages" / shard.name
    for path, html in pages:
        target = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(html, encoding="utf-8")


def _index(binary: Binary, shards: list[_Shard], work: Path, timeout: float) -> None:
    """Index ``shards`` into ``work/out/NAME``, from their pages written to ``work/pages``
    (``_write_pages``)."""
    jobs = []
    for shard in shards:
        pages = work / "pages" / shard.name
        output = work / "out" / shard.name
        jobs.append(IndexJob(shard.name, pages, output, shard.language, shard.keep_index_url))
    if not jobs:
        return
    run = work / "run"
    run.mkdir()
    run_index_jobs(binary, jobs, timeout=timeout, run=run)
    for job in jobs:
        _tidy(job.output)


def _tidy(folder: Path) -> None:
    """Remove what Pagefind writes that the site never serves (its own search UIs)."""
    if not (folder / "pagefind-entry.json").is_file():
        raise SearchError(f"Pagefind wrote no index for shard {folder.name}")
    for path in folder.iterdir():
        if _UNUSED.match(path.name):
            path.unlink()
        elif path.is_dir() and path.name not in ("index", "fragment", "filter"):
            shutil.rmtree(path)  # the playground, were it ever written


def _folder(store: Cache | None, shard: _Shard, work: Path) -> Path:
    """Where the index of ``shard`` is: in the cache, or where it was just written."""
    if store is None:
        return work / "out" / shard.name

    def produce(folder: Path) -> Mapping[str, Any]:
        for path in (work / "out" / shard.name).iterdir():
            shutil.move(path, folder / path.name)  # a rename where both share a disk
        return {"shard": shard.name, "pages": len(shard.documents)}

    return store.get(shard.key, produce, label=f"search shard {shard.name}").folder


# Publishing -----------------------------------------------------------------------------


def _publish(
    out: Path, shards: list[_Shard], folders: Mapping[str, Path], binary: Binary, language: str
) -> None:
    """Assemble the bundle beside ``out``, then put it in ``out``'s place."""
    counted = [(shard, _page_count(folders[shard.name])) for shard in shards]
    # A shard whose documents hold no word has no index: the browser could not load it.
    listed = [(shard, pages) for shard, pages in counted if pages]
    listed.sort(key=lambda item: (item[0].language != language, -item[1], item[0].name))
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.parent / f".{out.name}.{uuid.uuid4().hex}.partial"
    try:
        partial.mkdir()
        for position, (shard, _) in enumerate(listed):
            _copy_shard(folders[shard.name], partial / shard.name, runtime=position == 0)
        manifest = {
            "generator": GENERATOR,
            "format": SEARCH_FORMAT,
            "pagefind": binary.version,
            "build": cache_key(*(shard.key for shard in shards))[:16],
            "language": language,
            "shards": [
                {
                    "path": f"{shard.name}/",
                    "language": shard.language,
                    "weight": shard.weight,
                    "pages": pages,
                }
                for shard, pages in listed
            ],
        }
        (partial / MANIFEST).write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
        _replace(out, partial)
    finally:
        shutil.rmtree(partial, ignore_errors=True)


def _page_count(folder: Path) -> int:
    try:
        entry = json.loads((folder / "pagefind-entry.json").read_text(encoding="utf-8"))
        return sum(int(index["page_count"]) for index in entry["languages"].values())
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        raise SearchError(f"the index of shard {folder.name} is unreadable") from None


def _copy_shard(source: Path, target: Path, *, runtime: bool) -> None:
    target.mkdir()
    for path in source.iterdir():
        if path.is_dir():
            shutil.copytree(path, target / path.name, copy_function=_link_or_copy)
        elif path.name == "entry.json":
            continue  # the cache's record of the entry
        elif runtime or not _RUNTIME.match(path.name):
            _link_or_copy(path, target / path.name)


def _link_or_copy(source: str | Path, target: str | Path) -> None:
    """A hard link where the file system allows one (a thousand fragments are published in
    an instant; nothing writes to them, and the cache checks its files before reuse), else
    a copy."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def _check_out(out: Path) -> None:
    """Refuse to replace a folder ``build_search`` did not write (a mistyped ``out``)."""
    if out.is_symlink() or (out.exists() and not out.is_dir()):
        raise SearchError(f"{out} is not a folder: the search bundle was not written")
    if not out.is_dir() or not any(out.iterdir()):
        return
    try:
        found = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        found = None
    if not isinstance(found, dict) or found.get("generator") != GENERATOR:
        raise SearchError(
            f"{out} holds files that are not a search bundle: it was left as it is "
            "and the search bundle was not written"
        )


def _replace(out: Path, partial: Path) -> None:
    old = out.parent / f".{out.name}.{uuid.uuid4().hex}.old"
    if out.exists():
        os.replace(out, old)
    try:
        os.replace(partial, out)
    except OSError:
        if old.exists():
            os.replace(old, out)
        raise
    shutil.rmtree(old, ignore_errors=True)
