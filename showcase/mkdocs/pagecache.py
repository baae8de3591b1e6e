"""Finished pages kept between MkDocs builds, each under the digest of what shapes it.

MkDocs converts, templates and search-indexes every page on every build. A page that
Showcase generates is fully determined by its source (the skeleton and the HTML blocks
of ``site.pages.Page``), by the build's settings (``mkdocs.yml`` as MkDocs read it, the
theme's templates, the versions of MkDocs, Material and Showcase) and, for links in
people's Markdown, by whether the files it links to exist. The digest of all that keys
the page's finished HTML and its search entries. When a later build has the same key
the page is not converted, indexed or templated again: the plugin hands MkDocs an empty
page with a template that renders nothing, puts the stored HTML back in
``on_post_page``, and adds the stored entries to Material's search index.

The settings also include the hooks' code and the pages Showcase did not make (their
titles are in every page's navigation). Beside a plugin or hook with page events, or a
Markdown extension that includes other files, no page is reused: what they do is not
in any key. A page whose build logged a warning (a broken link in a writeup, say) is not
stored, so the next build warns again; a build that hides warnings (``-q``) stores
nothing. Pages no build needs any more are removed (see ``PageCache``); the folder
(``pages/`` in ``cache_dir``) is safe to delete.

Pages the cache lacks may be rendered by a second process (``ahead``): the build skips
them like stored pages and takes them back when templating (``PageReuse.adopt``).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import posixpath
import re
import shutil
import time
import uuid
from collections.abc import Iterable, Mapping
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page as MkDocsPage
from mkdocs.structure.toc import get_toc

from showcase.plainfile import plain_folder, read_plain
from showcase.site import THEME_DIR
from showcase.site.pages import WRITING, Page
from showcase.version import DISTRIBUTION

if TYPE_CHECKING:
    from showcase.mkdocs.ahead import RenderAhead

#: 4: people's writing is sanitised (``showcase.sanitizer``); 5: a stored page's first
#: line holds its format, key and digest. Pages stored in an earlier format are not reused.
FORMAT = 5
#: The first word of a stored page's first line, which also holds the format, the key and
#: the SHA-256 of the rest of the file (the page as JSON).
_MAGIC = "showcase-page"
#: What a reused page's template renders: nothing (its HTML comes from the cache).
REUSED_TEMPLATE = "showcase/reused-page.html"
_KEY = re.compile(r"^[0-9a-f]{64}\.json$")
#: Link and image targets in Markdown and HTML that people wrote: inline links,
#: reference definitions, and quoted or bare ``href``/``src`` attributes. One pattern
#: each, so that each starts with text the regex engine can search for (one pattern of
#: all of them scanned 35 MB/s, a tenth of a warm build's own work).
_TARGETS = (
    re.compile(r"\]\(\s*<?([^)\s>]+)"),
    re.compile(r"^[ ]{0,3}\[[^\]]+\]:\s*<?([^\s>]+)", re.MULTILINE),
    re.compile(r"href\s*=\s*(?:[\"']([^\"']+)[\"']|([^\s\"'>]+))"),
    re.compile(r"src\s*=\s*(?:[\"']([^\"']+)[\"']|([^\s\"'>]+))"),
)
#: Text each pattern needs, checked before it runs.
_NEEDS = ("](", "]:", "href", "src")


_QUOTED = re.compile(r"'([^']+)'")


class PageCacheError(Exception):
    """A stored page could not be read back in the middle of a build."""


class WarningCounter(logging.Handler):
    """Keeps the warnings logged by MkDocs and its plugins while it is installed."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0
        #: For each quoted name in a warning (MkDocs quotes the page a warning is about),
        #: the number of the last warning that named it.
        self._named: dict[str, int] = {}

    def emit(self, record: logging.LogRecord) -> None:
        for name in _QUOTED.findall(record.getMessage()):
            self._named[name] = self.count
        self.count += 1

    def name_since(self, start: int, src: str) -> bool:
        """Whether a warning since the ``start``-th names the page ``src``."""
        return self._named.get(src, -1) >= start


#: Settings of ``mkdocs.yml`` that change no page's HTML; every other one is in the key.
IGNORED_SETTINGS = frozenset(
    {
        "config_file_path",
        "site_dir",
        "dev_addr",
        "strict",
        "remote_branch",
        "remote_name",
        "watch",
        "plugins",
        "theme",
        "hooks",
    }
)
#: Plugins known to leave pages alone, or to be handled here (search entries are stored).
SAFE_PLUGINS = frozenset({"search", "material/search", "showcase"})
#: The page events: a plugin or hook with one of these may change pages in ways a key
#: cannot see, so pages are not reused beside it.
PAGE_EVENTS = (
    "on_pre_page",
    "on_page_read_source",
    "on_page_markdown",
    "on_page_content",
    "on_page_context",
    "on_post_page",
)
#: Markdown extensions that pull other files into a page.
INCLUDING_EXTENSIONS = re.compile(r"snippets|include", re.IGNORECASE)


class Unstable(Exception):
    """A setting has no stable text form (an object printed with its address)."""


def reuse_blocker(config: MkDocsConfig) -> str | None:
    """Why pages cannot safely be reused in this build, or None."""
    for name, plugin in config.plugins.items():
        if name in SAFE_PLUGINS:
            continue
        events = [event for event in PAGE_EVENTS if hasattr(plugin, event)]
        if events:
            return f"`{name}` changes pages ({', '.join(events)})"
    for extension in config.markdown_extensions:
        if INCLUDING_EXTENSIONS.search(str(extension)):
            return f"the Markdown extension `{extension}` includes other files into pages"
    return None


def fingerprint(config: MkDocsConfig, other_pages: Iterable[Path]) -> str:
    """The digest of what every page of a build shares: the settings MkDocs read (all of
    them but ``IGNORED_SETTINGS``), the plugins' options, the hooks' code, the theme's own
    templates, the versions of the packages that render pages, and the pages Showcase did
    not make (their titles are in every page's navigation).

    Raises ``Unstable`` when a setting cannot be written down stably."""
    settings: dict[str, Any] = {
        key: value for key, value in config.items() if key not in IGNORED_SETTINGS
    }
    settings["theme"] = {"name": config.theme.name, **dict(config.theme)}
    settings["plugins"] = {
        name: dict(plugin.config) if hasattr(plugin, "config") else _file_digest(plugin)
        for name, plugin in config.plugins.items()
    }
    sha = hashlib.sha256()
    sha.update(json.dumps(settings, sort_keys=True, default=_stable).encode("utf-8"))
    for package in (
        "mkdocs",
        "mkdocs-material",
        DISTRIBUTION,
        "markdown",
        "pymdown-extensions",
        "nh3",  # the sanitiser of people's writing
    ):
        sha.update(f"{package}={_version(package)};".encode())
    # The team's overrides, and Showcase's own (an editable install changes them without
    # a new version).
    for folder in (config.theme.custom_dir, THEME_DIR):
        if folder:
            root = Path(folder)
            for path in sorted(root.rglob("*")):
                if path.is_file():
                    name = path.relative_to(root).as_posix()
                    sha.update(f"{folder}/{name}:{_file_digest(path)};".encode())
    for path in sorted(other_pages):
        sha.update(f"{path}:{_file_digest(path)};".encode())
    return sha.hexdigest()


def _stable(value: Any) -> Any:
    """A JSON-able form of a setting that is the same in every process."""
    if isinstance(value, (set, frozenset, tuple)):
        return sorted(value, key=repr) if isinstance(value, (set, frozenset)) else list(value)
    qualname = getattr(value, "__qualname__", None)
    if callable(value) and qualname:
        return f"{getattr(value, '__module__', '')}.{qualname}"
    if isinstance(value, Mapping):
        return dict(value)
    text = repr(value)
    if " at 0x" in text:
        raise Unstable(f"the setting `{text}` has no stable form")
    return text


def _file_digest(thing: Any) -> str:
    """The SHA-256 of a file, or of a module's source file (for hooks)."""
    path = Path(getattr(thing, "__file__", None) or thing)
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return "missing"


def page_key(build: str, page: Page, exists: Any) -> str:
    """The key of one page: the build's fingerprint, the page's source, and whether each
    local file its writing links to exists (``exists(src) -> bool``)."""
    sha = hashlib.sha256(f"{FORMAT}:{build}:{page.src}:{page.digest}".encode())
    for kind, text in page.parts:
        if kind == WRITING:
            for target in linked_files(page.src, text):
                sha.update(f"\0{target}={exists(target)}".encode())
    return sha.hexdigest()


def linked_files(src: str, text: str) -> list[str]:
    """The files in the site that Markdown or HTML ``text`` on page ``src`` links to."""
    found = []
    folder = posixpath.dirname(src)
    matches = [
        match
        for needs, pattern in zip(_NEEDS, _TARGETS, strict=True)
        if needs in text
        for match in pattern.finditer(text)
    ]
    # In the order of the text; a match inside an earlier one is not a link of its own
    # (``src=`` in a URL's query), as one pattern of all of them would have consumed it.
    matches.sort(key=lambda match: match.start())
    end = 0
    for match in matches:
        if match.start() < end:
            continue
        end = match.end()
        found_target = next((group for group in match.groups() if group), "")
        target = unquote(found_target.split("#", 1)[0].split("?", 1)[0])
        if not target or re.match(r"^([a-z][a-z0-9+.-]*:|//|/)", target, re.I):
            continue  # a URL elsewhere, an absolute path, or a link within the page
        found.append(posixpath.normpath(posixpath.join(folder, target)))
    return found


class PageCache:
    """Finished pages: their HTML, search entries and anchors by key.

    Pages are kept in one folder per build fingerprint under ``root``, so that builds
    with different settings (``mkdocs serve`` sets its own ``site_url``) do not evict
    each other. After a build, the pages of its fingerprint that it did not use are
    removed, unless they were written or used in the last ``GRACE_SECONDS`` (another
    build may be using them right now); a fingerprint no build used for ``KEEP_DAYS`` is
    removed whole.
    """

    GRACE_SECONDS = 600
    KEEP_DAYS = 14
    STAMP = "last-used"

    def __init__(self, root: Path, build: str) -> None:
        self.root = root
        self.folder = root / build[:16]
        self.reused = 0
        self.stored = 0
        self._used: set[str] = set()
        # The configured cache folder may be a link; nothing in it may (``plain_folder``).
        self._real_folder = os.path.join(os.path.realpath(root.parent), root.name, build[:16])

    def prepare(self) -> None:
        """Make the cache's folder, with no link in it; ``OSError`` if it cannot be."""
        plain_folder(self.root.parent, f"{self.root.name}/{self.folder.name}")

    def load(self, key: str) -> dict[str, Any] | None:
        """The stored page of ``key``: its ``html``, ``search`` entries and ``anchors``;
        None unless it is exactly as it was stored (see ``decode_page``)."""
        path = self._path(key)
        data = read_plain(path, os.path.join(self._real_folder, key[:2], path.name))
        saved = decode_page(key, data) if data is not None else None
        if saved is None:
            return None
        with contextlib.suppress(OSError):
            os.utime(path)  # used now: not pruned by a build running beside this one
        self._used.add(key)
        return dict(saved)

    def holds(self, key: str) -> bool:
        """Whether a page is stored under ``key`` (``load`` may still find it damaged)."""
        return self._path(key).is_file()

    def adopt(self, key: str, path: Path) -> None:
        """Store under ``key`` the page another process wrote to ``path``, in the format
        ``store`` writes, on the same file system (it is moved, not copied)."""
        target = self._path(key)
        with contextlib.suppress(OSError):
            self._shard(key)
            os.replace(path, target)
            self._used.add(key)
            self.stored += 1

    def store(self, key: str, page: Mapping[str, Any]) -> None:
        path = self._path(key)
        data = encode_page(key, page)
        with contextlib.suppress(OSError):  # a page not stored is only built again
            self._shard(key)
            partial = path.with_name(f"{path.name}.{uuid.uuid4().hex}.tmp")
            partial.write_bytes(data)
            os.replace(partial, path)
            self._used.add(key)
            self.stored += 1

    def prune(self) -> int:
        """Remove the pages no build needs any more; returns how many."""
        removed = 0
        now = time.time()
        if self.folder.is_dir():
            for path in self.folder.glob("*/*"):
                if path.name[:-5] in self._used and _KEY.match(path.name):
                    continue
                with contextlib.suppress(OSError):
                    if now - path.stat().st_mtime > self.GRACE_SECONDS:
                        path.unlink()
                        removed += 1
            with contextlib.suppress(OSError):
                (self.folder / self.STAMP).touch()
        if self.root.is_dir():
            for other in self.root.iterdir():
                if other == self.folder or not other.is_dir():
                    continue
                stamp = other / self.STAMP
                last = stamp.stat().st_mtime if stamp.exists() else other.stat().st_mtime
                if now - last > self.KEEP_DAYS * 86400:
                    removed += sum(1 for _ in other.glob("*/*.json"))
                    shutil.rmtree(other, ignore_errors=True)
        return removed

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def _shard(self, key: str) -> None:
        plain_folder(self.root.parent, f"{self.root.name}/{self.folder.name}/{key[:2]}")


def encode_page(key: str, page: Mapping[str, Any]) -> bytes:
    """A stored page: a line with the format, ``key`` and the SHA-256 of the rest, then
    the page (``finished_page``) as JSON. The line lets ``decode_page`` refuse a file that
    is truncated, changed or stored under another page's key."""
    payload = json.dumps({"format": FORMAT, **page}).encode("utf-8")
    digest = hashlib.sha256(payload).hexdigest()
    return f"{_MAGIC} {FORMAT} {key} {digest}\n".encode() + payload


def decode_page(key: str, data: bytes) -> dict[str, Any] | None:
    """The page ``encode_page`` stored under ``key``, or None when ``data`` is not that."""
    head, newline, payload = data.partition(b"\n")
    if not newline:
        return None
    digest = hashlib.sha256(payload).hexdigest()
    if head != f"{_MAGIC} {FORMAT} {key} {digest}".encode():
        return None
    try:
        saved = json.loads(payload)
    except ValueError:
        return None
    return dict(saved) if _well_formed(saved) else None


def _well_formed(saved: Any) -> bool:
    """Whether a stored page has the shape ``store`` gives it (a damaged file is ignored)."""
    if not isinstance(saved, dict) or saved.get("format") != FORMAT:
        return False
    search, anchors = saved.get("search"), saved.get("anchors")
    links = saved.get("anchor_links")
    return (
        isinstance(saved.get("html"), str)
        and (search is None or isinstance(search, list))
        and all(isinstance(entry, dict) for entry in search or ())
        and isinstance(anchors, list)
        and all(isinstance(a, str) for a in anchors)
        and isinstance(links, dict)
        and all(isinstance(v, dict) for v in links.values())
    )


def finished_page(page: MkDocsPage, html: str, search: list[Any] | None) -> dict[str, Any]:
    """What is kept of a page MkDocs finished (``html``, after its search entries
    ``search``): what ``load`` gives back, without the format."""
    return {
        "html": html,
        "search": search,
        "anchors": sorted(page.present_anchor_ids or ()),
        "anchor_links": {
            target.src_uri: dict(found) for target, found in (page.links_to_anchors or {}).items()
        },
    }


def _links_to_anchors(stored: Mapping[str, Any], files: Files) -> dict[Any, dict[str, Any]]:
    """A page's stored links to anchors in other pages, to be checked again (they may
    be gone): by the file they point to, as MkDocs keeps them."""
    links = {}
    for src, found in stored.items():
        target = files.get_file_from_path(src)
        if target is not None:
            links[target] = dict(found)
    return links


def _version(package: str) -> str:
    try:
        return version(package)
    except PackageNotFoundError:
        return "-"


class PageReuse:
    """One build's use of the page cache, driven by the plugin's page events.

    MkDocs first reads and converts every page, then templates and writes every page, so
    the state is kept per page. ``start`` (``on_pre_page``) looks the page up; for a stored
    page ``skip`` (``on_page_markdown``) empties it and turns its search indexing
    and template off. ``converted`` (``on_page_content``) notes whether converting logged
    a warning; ``templating`` (``on_page_context``, before the search plugin) notes where
    the page's search entries will start, and ``finish`` (``on_post_page``) gives back the
    stored HTML and adds the stored entries to the index, or stores the new page.
    """

    def __init__(self, cache: PageCache, keys: dict[str, str], search_index: Any) -> None:
        self.cache = cache
        self.keys = keys
        #: Material's search index (its ``entries`` list), or None without search.
        self.search_index = search_index
        self.warnings = WarningCounter()
        self.storing = True
        self._pages: dict[str, dict[str, Any]] = {}
        self._written: MkDocsPage | None = None
        #: The second process rendering pages ahead, when there is one.
        self.ahead: RenderAhead | None = None

    def install(self) -> None:
        logger = logging.getLogger("mkdocs")
        logger.addHandler(self.warnings)
        # With ``mkdocs build -q`` warnings are not logged, so a page cannot be known to be
        # free of them: this build stores nothing (it still reuses what is stored).
        self.storing = logger.isEnabledFor(logging.WARNING)

    def uninstall(self) -> None:
        logging.getLogger("mkdocs").removeHandler(self.warnings)

    def start(self, src: str) -> None:
        key = self.keys.get(src)
        if key is None:
            return
        if self.ahead is not None and src in self.ahead:
            # The second process renders it: skipped now, taken when templating (``adopt``).
            self._pages[src] = {
                "key": key,
                "anchors": [],
                "anchor_links": {},
                "warnings": self.warnings.count,
                "ahead": True,
            }
            return
        # Only the anchors are kept until the page is written: holding every stored
        # page's HTML from the first page to the last would double a build's memory.
        stored = self.cache.load(key)
        self._pages[src] = {
            "key": key,
            "anchors": None if stored is None else stored["anchors"],
            "anchor_links": None if stored is None else stored["anchor_links"],
            "warnings": self.warnings.count,
        }

    def reusing(self, src: str) -> bool:
        state = self._pages.get(src)
        return state is not None and state["anchors"] is not None

    def skip(self, page: MkDocsPage) -> str:
        """For a stored page: no Markdown and no conversion at all (MkDocs would still set
        up a Markdown converter for an empty page), no search indexing, a template of
        nothing. The anchors it had stay known, for links to them from other pages."""
        page.meta["search"] = {"exclude": True}
        page.meta["template"] = REUSED_TEMPLATE
        state = self._pages[page.file.src_uri]
        anchors = set(state["anchors"])

        def render(config: Any, files: Files) -> None:
            page.content = ""
            page.toc = get_toc([])
            page.present_anchor_ids = anchors
            page.links_to_anchors = _links_to_anchors(state["anchor_links"], files)

        setattr(page, "render", render)  # noqa: B010 - this page only, this build only
        return ""

    def rendered_ahead(self, src: str) -> bool:
        """Whether the second process renders the page ``src``."""
        return self.ahead is not None and src in self.ahead

    def adopt(self, page: MkDocsPage, files: Files) -> bool:
        """Take the page the second process rendered (``templating`` time, before the
        search plugin). False when the process did not finish it: the build then renders
        the page itself (``ahead.render_here``), as any other."""
        src = page.file.src_uri
        assert self.ahead is not None
        state = self._pages[src]
        found = self.ahead.take(state["key"])
        if found is None or not _well_formed(found[0]):
            del self._pages[src]
            self.ahead.release(src)
            return False
        made, records = found
        warned = self.ahead.replay(records)
        state["stored"] = made
        state["anchors"] = made["anchors"]
        state["clean"] = state.get("clean", False) and not warned
        page.present_anchor_ids = set(made["anchors"])
        page.links_to_anchors = _links_to_anchors(made["anchor_links"], files)
        return True

    def converted(self, src: str) -> None:
        state = self._pages.get(src)
        if state is not None:
            state["clean"] = self.warnings.count == state["warnings"]
            state["converted"] = self.warnings.count

    def templating(self, src: str) -> None:
        # The page before this one is written: nothing reads its HTML again (the search
        # index has its entries), so it is let go instead of being held to the end of the
        # build, as MkDocs would (the largest share of a big build's memory).
        if self._written is not None:
            self._written.content = ""
            self._written = None
        state = self._pages.get(src)
        if state is not None:
            # Between converting and templating, MkDocs checks links to anchors and names
            # the page in each warning.
            if self.warnings.name_since(state.get("converted", self.warnings.count), src):
                state["clean"] = False
            state["warnings"] = self.warnings.count
            state["entries"] = len(self.search_index.entries) if self.search_index else 0

    def finish(self, page: MkDocsPage, output: str) -> str:
        src = page.file.src_uri
        self._written = page
        state = self._pages.pop(src, None)
        if state is None:
            return output
        if state["anchors"] is not None:
            stored = state.get("stored") or self.cache.load(state["key"])
            if stored is None:
                raise PageCacheError(
                    f"the stored page of {src} disappeared from {self.cache.root} during the "
                    "build (another build pruning the same cache?); build again"
                )
            if self.ahead is not None and state.get("ahead"):
                clean = state["clean"] and self.warnings.count == state["warnings"]
                if clean and self.storing:
                    self.ahead.keep(state["key"], self.cache.adopt)
            else:
                self.cache.reused += 1
            if self.search_index is not None:
                self.search_index.entries.extend(stored.get("search") or [])
            return str(stored["html"])
        clean = state.get("clean", False) and self.warnings.count == state["warnings"]
        if clean and self.storing:
            search = None
            if self.search_index is not None:
                made = self.search_index.entries[state.get("entries", 0) :]
                search = json.loads(json.dumps(made))
            self.cache.store(state["key"], finished_page(page, output, search))
        return output
