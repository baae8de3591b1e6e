"""The Markdown people wrote, converted by Showcase with the site's own Markdown settings.

A page is HTML blocks of Showcase's around people's writing (``site.pages.Page``). Its
skeleton (the writing, with a placeholder for each block) is converted here, with the
extensions and options the site generator would use, its relative links made to point
at the pages and files as the site's layout publishes them, people's HTML sanitised
(unless the archive trusts its authors), and the blocks put back in place. The engine
then publishes the finished HTML as the page's content: it converts nothing itself.

This happens in the core for two reasons: the work runs in worker processes, one per
CPU, which a site generator's page loop cannot do; and each page's result is kept under
the digest of everything that shapes it (``PageStore``), so that a build converts only
the pages whose writing, settings or linked files changed.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import multiprocessing
import os
import posixpath
import re
from collections.abc import Collection, Generator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from functools import cache, cached_property
from html import escape
from importlib.metadata import PackageNotFoundError, version
from typing import Any
from urllib.parse import unquote, urlsplit, urlunsplit
from xml.etree import ElementTree

import markdown
from markdown.treeprocessors import Treeprocessor

from showcase.deadline import Overran, deadline
from showcase.pagestore import PageStore
from showcase.parallel import may_fork, start_worker, usable_cpus
from showcase.problems import Location, Problem, Severity
from showcase.search.document import Section
from showcase.search.site import Words, page_words
from showcase.site.links import Linker, between
from showcase.site.pages import WRITING, Page
from showcase.site.sources import linked_files
from showcase.version import DISTRIBUTION

#: Changes when what a stored conversion holds changes.
FORMAT = 4  # 4: no search anchor on a heading whose id the sanitiser removes
#: The extensions MkDocs always adds to the ones a site names.
DEFAULT_EXTENSIONS = ("toc", "tables", "fenced_code")
#: Added to the site's extensions unless it names it itself: a web or mail address
#: written bare in people's writing becomes a link (the sanitiser then keeps http,
#: https and mailto ones), as it does on GitHub where the writeup was reviewed.
AUTOLINK = "pymdownx.magiclink"
#: Below this many pages to convert, starting worker processes costs more than it saves.
MIN_PAGES_FOR_WORKERS = 24
#: Worker processes at most, whatever the machine: a CI runner may see a host's 64 CPUs.
MAX_WORKERS = 4
#: Pages a worker converts per hand-over.
CHUNK = 8
#: Seconds of processor time one page's writing may take to convert (the showcase
#: plugin's ``markdown_timeout``): a long writeup takes a fraction of a second.
TIMEOUT = 10.0
_IDS = re.compile(r"""\bid\s*=\s*["']([^"']+)["']""")


class Unstable(Exception):
    """A Markdown setting has no stable text form (an object printed with its address)."""


@dataclass(frozen=True)
class MarkdownSettings:
    """The site's Markdown: its extensions (names or extension objects) and their options,
    as the site generator hands them over (MkDocs: ``markdown_extensions``,
    ``mdx_configs``)."""

    extensions: tuple[Any, ...] = DEFAULT_EXTENSIONS
    configs: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)

    @cached_property
    def all_extensions(self) -> tuple[Any, ...]:
        """The site's extensions, and ``AUTOLINK`` when the site does not name it."""
        named = any(
            (e.split(":", 1)[0] if isinstance(e, str) else type(e).__module__) == AUTOLINK
            for e in self.extensions
        )
        return self.extensions if named else (*self.extensions, AUTOLINK)

    @cached_property
    def fingerprint(self) -> str:
        """A digest of the settings, the same in every process; ``Unstable`` if there is
        none (a setting printed with a memory address)."""
        text = json.dumps(
            {"extensions": list(self.all_extensions), "configs": dict(self.configs)},
            sort_keys=True,
            default=stable_form,
        )
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def markdown(self) -> markdown.Markdown:
        return markdown.Markdown(
            extensions=list(self.all_extensions), extension_configs=dict(self.configs)
        )


def stable_form(value: Any) -> Any:
    """A JSON-able form of a setting that is the same in every process."""
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=repr)
    if isinstance(value, tuple):
        return list(value)
    qualname = getattr(value, "__qualname__", None)
    if callable(value) and qualname:
        return f"{getattr(value, '__module__', '')}.{qualname}"
    if isinstance(value, Mapping):
        return dict(value)
    text = repr(value)
    if " at 0x" in text:
        raise Unstable(f"the setting `{text}` has no stable form")
    return text


@dataclass(frozen=True, slots=True)
class Converted:
    """A page's content as the site shows it, and what the theme needs of it."""

    #: The writing converted (and sanitised), the HTML blocks in place.
    html: str
    #: The table of contents of the writing: Python-Markdown's ``toc_tokens``.
    toc: tuple[Any, ...]
    #: Every ``id`` on the page, for links to its anchors.
    ids: tuple[str, ...]
    #: Links to an anchor of a page: the page's source path, the anchor, the link as
    #: written (to check that the anchor is there, once every page is converted).
    anchor_links: tuple[tuple[str, str, str], ...] = ()
    #: HTML blocks whose place a Markdown extension removed (added at the end instead).
    missing: int = 0
    #: Why the writing is shown as plain text instead of converted, if it is.
    unconverted: str = ""
    #: What search finds in the writing (``search.site.page_words``), made here so that
    #: it is made in the worker processes and kept with the rest.
    words: Words | None = None
    #: The key of the store's record that holds ``html``, when ``html`` itself was let
    #: go (``WritingConverter.convert_all`` with ``lean``; ``html_of`` reads it back).
    stored_as: str = ""
    #: The SHA-256 of ``html``, when ``convert_all`` took it (with ``lean``).
    digest: str = ""

    def html_digest(self) -> str:
        """The SHA-256 of ``html`` (which may have been let go: ``stored_as``)."""
        return self.digest or hashlib.sha256(self.html.encode("utf-8")).hexdigest()

    def record(self) -> dict[str, Any]:
        words = self.words
        return {
            "html": self.html,
            "toc": list(self.toc),
            "ids": list(self.ids),
            "anchor_links": [list(link) for link in self.anchor_links],
            "words": None
            if words is None
            else [words[0], [[s.anchor, s.label, s.text] for s in words[1]]],
        }

    @classmethod
    def from_record(cls, saved: Mapping[str, Any]) -> Converted | None:
        html, toc, ids = saved.get("html"), saved.get("toc"), saved.get("ids")
        anchors = saved.get("anchor_links")
        if not (isinstance(html, str) and isinstance(toc, list) and isinstance(ids, list)):
            return None
        if not isinstance(anchors, list) or not all(
            isinstance(link, list) and len(link) == 3 and all(isinstance(p, str) for p in link)
            for link in anchors
        ):
            return None
        wanted = tuple((link[0], link[1], link[2]) for link in anchors)
        words = _words(saved.get("words"))
        if words is None:
            return None
        return cls(html, tuple(toc), tuple(str(i) for i in ids), wanted, words=words)


def _words(saved: Any) -> Words | None:
    """``Converted.words`` from its record, or None when the record is not one."""
    try:
        intro, sections = saved
        made = tuple(Section(anchor, label, text) for anchor, label, text in sections)
    except (TypeError, ValueError):
        return None
    fields = [(s.anchor, s.label) for s in made]
    if not isinstance(intro, str) or not all(isinstance(s.text, str) for s in made):
        return None
    if not all(isinstance(v, str | None) for pair in fields for v in pair):
        return None
    return intro, made


class WritingConverter:
    """Converts the pages of one build; create one per build.

    ``sources`` are the source paths of every page and file the site publishes: a
    relative link to one of them is made to point at it as the layout publishes it.
    """

    def __init__(
        self,
        settings: MarkdownSettings,
        layout: Linker,
        sources: Collection[str],
        *,
        trust_authors: bool = False,
        store: PageStore | None = None,
        parallel: bool = True,
        timeout: float | None = TIMEOUT,
    ) -> None:
        self.settings = settings
        self.layout = layout
        self.sources = frozenset(sources)
        self.trust_authors = trust_authors
        self.store = store
        self.parallel = parallel
        #: Seconds of processor time one page may take; None: no limit.
        self.timeout = timeout
        self.converted = 0
        #: A warning per page whose writing could not be converted (shown as text).
        self.problems: list[Problem] = []
        #: How many processes converted the pages of the last ``convert_all``.
        self.processes = 1
        self._md: markdown.Markdown | None = None
        self._links: _LinkRewriter | None = None

    def convert_all(self, pages: Sequence[Page], *, lean: bool = False) -> dict[str, Converted]:
        """Each page's content by source path: from the store when it holds it, else
        converted (in worker processes when there are many).

        With ``lean``, a page's HTML the store holds is let go as soon as it is read or
        stored (``Converted.stored_as``; ``html_of`` reads it back when the page is
        published): a build of thousands of pages would otherwise hold all of them at
        once."""
        done: dict[str, Converted] = {}
        keys: dict[str, str] = {}
        todo: list[Page] = []
        for page in pages:
            key = keys[page.src] = self.key(page)
            saved = self.store.load(key) if self.store is not None else None
            found = Converted.from_record(saved) if saved is not None else None
            if found is None:
                todo.append(page)
            else:
                done[page.src] = _lean(found, key) if lean else found
        # Closed however the loop ends: its worker processes end with it.
        with contextlib.closing(self._convert_many(todo)) as made:
            for page, converted in zip(todo, made, strict=True):
                self.converted += 1
                stored = False
                if converted.unconverted:
                    # Not stored: the next build tries again (with a longer time, perhaps).
                    self.problems.append(_shown_as_text(page, converted.unconverted))
                elif self.store is not None and not converted.missing:
                    stored = self.store.store(keys[page.src], converted.record())
                done[page.src] = _lean(converted, keys[page.src]) if lean and stored else converted
        return done

    def html_of(self, page: Page, converted: Converted) -> str:
        """``page``'s HTML as ``convert_all`` made it: read back from the store when it
        was let go, or converted again should the record be gone meanwhile."""
        if not converted.stored_as:
            return converted.html
        saved = self.store.load(converted.stored_as, count=False) if self.store else None
        found = Converted.from_record(saved) if saved is not None else None
        if found is not None:
            return found.html
        return self.convert(page).html

    def key(self, page: Page) -> str:
        """What the page's content depends on: its parts, the Markdown settings, the
        layout, whether authors are trusted, the packages that convert and sanitise, and
        whether each local file its writing links to is published."""
        sha = hashlib.sha256()
        for part in (
            f"{FORMAT}",
            self.settings.fingerprint,
            f"{self.layout.directory_urls}:{self.trust_authors}",
            *(f"{name}={_version(name)}" for name in _PACKAGES),
            page.src,
            page.digest,
        ):
            sha.update(part.encode("utf-8") + b"\0")
        for kind, text in page.parts:
            if kind == WRITING:
                for target in linked_files(page.src, text):
                    sha.update(f"{target}={target in self.sources}\0".encode())
        return sha.hexdigest()

    def convert(self, page: Page) -> Converted:
        """One page's content, converted here; its writing shown as plain text if it
        takes longer than ``timeout`` or nests deeper than the parser can follow."""
        self._prepare()  # loading the extensions is not the page's time
        try:
            with deadline(self.timeout):
                return self._convert(page)
        except Overran as exc:
            reason = (
                f"converting it took more than {exc.seconds:g} s (the showcase plugin's "
                "`markdown_timeout`)"
            )
        except RecursionError:
            reason = "it nests too deeply for the Markdown converter"
        self._md = None  # interrupted midway: the next page starts with a fresh one
        return as_text(page, reason)

    def _prepare(self) -> None:
        if self._md is None:
            self._md = self.settings.markdown()
            self._links = _LinkRewriter(self.layout, self.sources)
            self._md.treeprocessors.register(self._links, "showcase-links", 1)

    def _convert(self, page: Page) -> Converted:
        assert self._md is not None and self._links is not None
        md = self._md
        md.reset()
        self._links.start(page.src)
        html = md.convert(page.skeleton_body)
        toc = tuple(getattr(md, "toc_tokens", ()))
        if not self.trust_authors:
            html = page.clean_writing(html)
        filled, missing = page.fill(html)
        ids = tuple(dict.fromkeys([*_IDS.findall(html), *sorted(page.block_ids())]))
        links = tuple(self._links.anchor_links)
        words = page_words(page, toc)
        return Converted(filled, toc, ids, links, len(missing), words=words)

    def _convert_many(self, pages: Sequence[Page]) -> Generator[Converted, None, None]:
        """Each page converted, in order, as each is done."""
        workers = usable_cpus(MAX_WORKERS)
        self.processes = 1
        if not self.parallel or len(pages) < MIN_PAGES_FOR_WORKERS or workers < 2 or not may_fork():
            yield from (self.convert(page) for page in pages)
            return
        self.processes = workers
        global _WORK  # the workers are forked: they find the pages here, not pickled
        _WORK = (self, pages)
        try:
            context = multiprocessing.get_context("fork")
            with ProcessPoolExecutor(
                workers, mp_context=context, initializer=start_worker, initargs=(os.getpid(),)
            ) as pool:
                yield from pool.map(_convert_in_worker, range(len(pages)), chunksize=CHUNK)
        finally:
            _WORK = None


def _lean(converted: Converted, key: str) -> Converted:
    """``converted`` without its HTML, which the store holds under ``key``."""
    return replace(converted, html="", stored_as=key, digest=converted.html_digest())


def as_text(page: Page, reason: str) -> Converted:
    """A page whose writing is shown as it was written, as plain text, between its HTML
    blocks: what a reader sees when the writing cannot be converted."""
    pieces = []
    for kind, text in page.parts:
        if kind == WRITING:
            text = f'<pre class="sc-unconverted">{escape(text, quote=False)}</pre>'
        pieces.append(text)
    filled = "\n".join(pieces)
    ids = tuple(dict.fromkeys(sorted(page.block_ids())))
    return Converted(filled, (), ids, unconverted=reason)


def _shown_as_text(page: Page, reason: str) -> Problem:
    origin = page.origin or Location(page.src)
    return Problem(
        origin,
        Severity.WARNING,
        f"the writing of the page `{page.src}` ({page.title}) could not be converted: "
        f"{reason}; the page shows it as plain text",
    )


_WORK: tuple[WritingConverter, Sequence[Page]] | None = None
_PACKAGES = ("markdown", "pymdown-extensions", "pygments", "nh3", DISTRIBUTION)


def _convert_in_worker(index: int) -> Converted:
    assert _WORK is not None
    converter, pages = _WORK
    return converter.convert(pages[index])


class _LinkRewriter(Treeprocessor):  # type: ignore[misc]
    """Relative links and pictures in people's writing, made to point at the page or file
    they name as the site's layout publishes it (``talks/x/index.md`` becomes ``../x/``);
    what names nothing the site publishes is left as it is (``check`` reports it)."""

    def __init__(self, layout: Linker, sources: frozenset[str]) -> None:
        super().__init__()
        self.layout = layout
        self.sources = sources
        self.page = ""
        self.anchor_links: list[tuple[str, str, str]] = []

    def start(self, page: str) -> None:
        self.page = page
        self.anchor_links = []

    def run(self, root: ElementTree.Element) -> None:
        page_url = self.layout.url(self.page)
        folder = posixpath.dirname(self.page)
        for element in root.iter():
            key = "href" if element.tag == "a" else "src" if element.tag == "img" else None
            value = element.get(key) if key is not None else None
            if key is None or not value:
                continue
            scheme, netloc, path, query, fragment = urlsplit(value)
            if scheme or netloc or value.startswith(("/", "\\")):
                continue  # elsewhere, or absolute
            if not path:  # within this page
                if fragment and key == "href":
                    self.anchor_links.append((self.page, unquote(fragment), value))
                continue
            target = posixpath.normpath(posixpath.join(folder, unquote(path)))
            if target not in self.sources:
                continue
            if fragment and key == "href":
                self.anchor_links.append((target, unquote(fragment), value))
            link = between(page_url, self.layout.url(target))
            element.set(key, urlunsplit(("", "", link, query, fragment)))


@cache
def _version(package: str) -> str:
    try:
        return version(package)
    except PackageNotFoundError:
        return "none"


def missing_anchors(contents: Mapping[str, Converted]) -> list[tuple[str, str, str]]:
    """Links to an anchor of one of ``contents``' pages that the page does not have: each
    as the page that links, the link as written, and the page it leads to."""
    found = []
    for src, converted in contents.items():
        for target, anchor, written in converted.anchor_links:
            page = contents.get(target)
            if page is not None and anchor not in page.ids:
                found.append((src, written, target))
    return found
