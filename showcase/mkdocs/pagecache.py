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

A page whose build logged a warning (a broken link in a writeup, say) is not stored, so
the next build warns again. Entries no build used are removed after it, like the
attachments' cache; the folder (``pages/`` in ``cache_dir``) is safe to delete.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import posixpath
import re
import uuid
from collections.abc import Iterable
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from mkdocs.structure.pages import Page as MkDocsPage
from mkdocs.structure.toc import get_toc

from showcase.site.pages import WRITING, Page

FORMAT = 2
#: What a reused page's template renders: nothing (its HTML comes from the cache).
REUSED_TEMPLATE = "showcase/reused-page.html"
_KEY = re.compile(r"^[0-9a-f]{64}\.json$")
#: Link and image targets in Markdown and HTML that people wrote.
_TARGETS = re.compile(r"\]\(\s*<?([^)\s>]+)|(?:href|src)\s*=\s*[\"']([^\"']+)[\"']")


class PageCacheError(Exception):
    """A stored page could not be read back in the middle of a build."""


class WarningCounter(logging.Handler):
    """Counts warnings logged by MkDocs and its plugins while it is installed."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


def fingerprint(settings: Any, theme_dirs: Iterable[str]) -> str:
    """The digest of what every page of a build shares: the settings MkDocs read, the
    theme's template files and the versions of the packages that render them."""
    sha = hashlib.sha256()
    sha.update(json.dumps(settings, sort_keys=True, default=repr).encode("utf-8"))
    for package in ("mkdocs", "mkdocs-material", "showcase", "markdown", "pymdown-extensions"):
        sha.update(f"{package}={_version(package)};".encode())
    for folder in theme_dirs:
        root = Path(folder)
        for path in sorted(root.rglob("*")):
            if path.is_file() and path.suffix in (".html", ".xml", ".j2", ".jinja"):
                stat = path.stat()
                name = path.relative_to(root).as_posix()
                sha.update(f"{folder}/{name}:{stat.st_size}:{stat.st_mtime_ns};".encode())
    return sha.hexdigest()


def page_key(build: str, page: Page, exists: Any) -> str:
    """The key of one page: the build's fingerprint, the page's source, and whether each
    local file its writing links to exists (``exists(src) -> bool``)."""
    sha = hashlib.sha256(f"{FORMAT}:{build}:{page.src}\0".encode())
    sha.update(page.front_matter.encode("utf-8"))
    for kind, text in page.parts:
        sha.update(f"\0{kind}\0".encode())
        sha.update(text.encode("utf-8"))
        if kind == WRITING:
            for target in linked_files(page.src, text):
                sha.update(f"\0{target}={exists(target)}".encode())
    return sha.hexdigest()


def linked_files(src: str, text: str) -> list[str]:
    """The files in the site that Markdown or HTML ``text`` on page ``src`` links to."""
    found = []
    folder = posixpath.dirname(src)
    for match in _TARGETS.finditer(text):
        target = (match.group(1) or match.group(2) or "").split("#", 1)[0].split("?", 1)[0]
        if not target or re.match(r"^([a-z][a-z0-9+.-]*:|//|/)", target, re.I):
            continue  # a URL elsewhere, an absolute path, or a link within the page
        found.append(posixpath.normpath(posixpath.join(folder, target)))
    return found


class PageCache:
    """Finished pages in ``root``: their HTML and search entries by key."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.reused = 0
        self.stored = 0
        self._used: set[str] = set()

    def load(self, key: str) -> dict[str, Any] | None:
        """The stored page of ``key``: its ``html``, ``search`` entries and ``anchors``."""
        try:
            saved = json.loads(self._path(key).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(saved, dict) or saved.get("format") != FORMAT:
            return None
        if not isinstance(saved.get("html"), str):
            return None
        self._used.add(key)
        return saved

    def store(
        self, key: str, html: str, search: list[dict[str, Any]] | None, anchors: list[str]
    ) -> None:
        path = self._path(key)
        data = json.dumps({"format": FORMAT, "html": html, "search": search, "anchors": anchors})
        with contextlib.suppress(OSError):  # a page not stored is only built again
            path.parent.mkdir(parents=True, exist_ok=True)
            partial = path.with_name(f"{path.name}.{uuid.uuid4().hex}.tmp")
            partial.write_text(data, encoding="utf-8")
            os.replace(partial, path)
            self._used.add(key)
            self.stored += 1

    def prune(self) -> int:
        """Remove every page this build did not use; returns how many."""
        removed = 0
        if not self.root.is_dir():
            return 0
        for shard in self.root.iterdir():
            if not shard.is_dir():
                continue
            for path in shard.iterdir():
                stale = not _KEY.match(path.name) or path.name[:-5] not in self._used
                if stale:
                    path.unlink(missing_ok=True)
                    removed += 1
            with contextlib.suppress(OSError):
                shard.rmdir()  # only when empty
        return removed

    def _path(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.json"


def _version(package: str) -> str:
    try:
        return version(package)
    except PackageNotFoundError:
        return "-"


class PageReuse:
    """One build's use of the page cache, driven by the plugin's page events.

    MkDocs first reads and converts every page, then templates and writes every page, so
    the state is kept per page. ``start`` (``on_pre_page``) looks the page up; for a stored
    page ``skip_markdown`` (``on_page_markdown``) empties it and turns its search indexing
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
        self._pages: dict[str, dict[str, Any]] = {}

    def install(self) -> None:
        logging.getLogger("mkdocs").addHandler(self.warnings)

    def uninstall(self) -> None:
        logging.getLogger("mkdocs").removeHandler(self.warnings)

    def start(self, src: str) -> None:
        key = self.keys.get(src)
        if key is not None:
            # Only the anchors are kept until the page is written: holding every stored
            # page's HTML from the first page to the last would double a build's memory.
            stored = self.cache.load(key)
            anchors = None if stored is None else list(stored.get("anchors") or ())
            self._pages[src] = {"key": key, "anchors": anchors, "warnings": self.warnings.count}

    def reusing(self, src: str) -> bool:
        state = self._pages.get(src)
        return state is not None and state["anchors"] is not None

    def skip(self, page: MkDocsPage) -> str:
        """For a stored page: no Markdown and no conversion at all (MkDocs would still set
        up a Markdown converter for an empty page), no search indexing, a template of
        nothing. The anchors it had stay known, for links to them from other pages."""
        page.meta["search"] = {"exclude": True}
        page.meta["template"] = REUSED_TEMPLATE
        anchors = {str(anchor) for anchor in self._pages[page.file.src_uri]["anchors"]}

        def render(config: Any, files: Any) -> None:
            page.content = ""
            page.toc = get_toc([])
            page.present_anchor_ids = anchors

        setattr(page, "render", render)  # noqa: B010 - this page only, this build only
        return ""

    def converted(self, src: str) -> None:
        state = self._pages.get(src)
        if state is not None:
            state["clean"] = self.warnings.count == state["warnings"]

    def templating(self, src: str) -> None:
        state = self._pages.get(src)
        if state is not None:
            state["warnings"] = self.warnings.count
            state["entries"] = len(self.search_index.entries) if self.search_index else 0

    def finish(self, page: MkDocsPage, output: str) -> str:
        src = page.file.src_uri
        state = self._pages.pop(src, None)
        if state is None:
            return output
        if state["anchors"] is not None:
            stored = self.cache.load(state["key"])
            if stored is None:
                raise PageCacheError(
                    f"the stored page of {src} disappeared from {self.cache.root} during the "
                    "build (another build pruning the same cache?); build again"
                )
            self.cache.reused += 1
            if self.search_index is not None:
                self.search_index.entries.extend(stored.get("search") or [])
            return str(stored["html"])
        clean = state.get("clean", False) and self.warnings.count == state["warnings"]
        if clean:
            search = None
            if self.search_index is not None:
                made = self.search_index.entries[state.get("entries", 0) :]
                search = json.loads(json.dumps(made))
            anchors = sorted(page.present_anchor_ids or ())
            self.cache.store(state["key"], output, search, anchors)
        return output
