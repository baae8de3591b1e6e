"""Publishes Showcase's site plan with MkDocs (and ProperDocs, which keeps its plugin API).

The core decides what the site holds (``showcase.plan``: pages, files, exports, URLs) and
converts people's writing (``showcase.writing``). This adapter only hands that to MkDocs,
through public events and APIs:

- ``on_config``: the content is loaded and checked (problems stop the build with one
  message), the navigation and Showcase's theme overrides are set, and the site is
  built beside ``site_dir`` to replace it only when the build succeeds (``sitefolder``);
- ``on_files``: the plan is made and published: the content's data files and what must
  not be published as it is go, the plan's files come in, and each page comes in as its
  front matter only, since its content is already HTML;
- ``on_page_content``: a page's content is the core's HTML (its table of contents and
  anchors with it); a page of the content folder Showcase did not make is sanitised;
- ``on_page_context``: the core's HTML comes into the page only when it is rendered
  (MkDocs reads every page before it renders the first), read back from the store of
  converted writing;
- ``on_post_page``: a finished page is kept, and a page kept by an earlier build with
  the same key is given back instead of templating it again (its front matter names a
  template that renders nothing); then its content is let go.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urljoin, urlsplit

from jinja2 import ChoiceLoader, DictLoader, Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, MkDocsException, PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page as MkDocsPage
from mkdocs.structure.toc import get_toc
from mkdocs.utils import get_build_date
from mkdocs.utils.templates import TemplateContext

from showcase.attachments import AttachmentOptions, Cache
from showcase.faults import describe, fault_of
from showcase.loader import LoadResult, load_archive
from showcase.mkdocs import fingerprint, placement
from showcase.mkdocs.config import ShowcaseConfig
from showcase.pagestore import PageStore, Recall, StoredFile, from_memory
from showcase.plan import NAVIGATION, PlanOptions, SitePlan, plan_site, site_date
from showcase.sanitizer import clean_html
from showcase.search import SearchDocument, SearchError, build_search
from showcase.search.bundle import IndexingAhead
from showcase.search.site import own_page_document, site_documents
from showcase.settings import Settings, SettingsError, TodayError, resolve_today
from showcase.settings import settings_from_options as _settings_from
from showcase.site import THEME_DIR
from showcase.site.compiled import CompiledTemplates
from showcase.site.extras import heading_title, kept_meta
from showcase.site.links import Linker
from showcase.site.pages import Page
from showcase.sitefolder import SiteBusy, StagedSite
from showcase.symlinks import unsafe_files
from showcase.writing import (
    Converted,
    MarkdownSettings,
    Unstable,
    WritingConverter,
    missing_anchors,
)

log = get_plugin_logger(__name__)

#: The template of a page given back from the store: it renders nothing.
REUSED_TEMPLATE = "showcase/reused-page.html"
#: Changes when what a kept page holds changes.
OUTPUT_FORMAT = 2
#: The template global that Showcase's ``sitemap.xml`` lists instead of ``pages``.
SITEMAP_GLOBAL = "showcase_sitemap"
#: Characters of a content folder's own page read to find which pages it may link to.
LINK_SCAN_CHARS = 1_000_000


class ShowcasePlugin(BasePlugin[ShowcaseConfig]):  # type: ignore[no-untyped-call]
    """Publishes a Showcase archive (``docs_dir``) as a site."""

    def __init__(self) -> None:
        self.serving = False
        self.dirty = False
        #: ``mkdocs serve`` has started its server (``serve --clean`` says "build").
        self.served = False
        self.settings = Settings()
        self.result: LoadResult | None = None
        self.plan: SitePlan | None = None
        self.cache: Cache | None = None
        self.writing: PageStore | None = None
        self.outputs: PageStore | None = None
        #: Each of Showcase's pages: its content, and its key in ``outputs`` with what
        #: an earlier build kept under it.
        self.contents: dict[str, Converted] = {}
        self.converter: WritingConverter | None = None
        #: Whether a page's content may be let go once it is rendered (``_let_go``).
        self.let_go = False
        self.documents: list[SearchDocument] = []
        self.ahead: IndexingAhead | None = None
        self.kept: dict[str, tuple[str, str | None]] = {}
        #: Kept pages published as files this build, each with its page's URL.
        self.copied: list[tuple[File, str]] = []
        #: The new site folder of this build, until it replaces the old one.
        self.staged: StagedSite | None = None
        self.site_dir = ""
        self.built_config: MkDocsConfig | None = None
        self.warnings = _WarningCount()
        #: Every page's ``update_date`` (the sitemap's ``lastmod``), or None for MkDocs'.
        self.update_date: str | None = None
        #: What ``mkdocs serve`` keeps in memory from one build to the next: the records
        #: read from the cache's stores, and the templates compiled.
        self.recall: Recall | None = None
        self.compiled: CompiledTemplates | None = None

    # Events -------------------------------------------------------------------------

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        self.serving = command == "serve"
        self.dirty = dirty
        if self.serving:
            self.recall, self.compiled = Recall(), CompiledTemplates()
        # From here on, as MkDocs counts them for --strict.
        self.warnings.count = 0
        self.warnings.install()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self._stage_site(config)
        _bring_theme(config, web_fonts=self.config.web_fonts)
        _take_over_search(config)
        self.settings = self._resolve_settings()
        self.result = self._load(config)
        self._report(self.result, config)
        # MkDocs dates every page with the day it is built (SOURCE_DATE_EPOCH wins): the
        # same content built tomorrow would give another sitemap.
        dated = "SOURCE_DATE_EPOCH" in os.environ
        self.update_date = None if dated else site_date(self.result.archive)
        if config.nav is None and self.config.navigation:
            config.nav = [{title: src} for title, src in NAVIGATION]
        return config

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        assert self.result is not None
        _refuse_links(files, config)
        base = Path(config.config_file_path or ".").parent
        self.cache = Cache(base / self.config.cache_dir)
        plan = self.plan = plan_site(
            self.result,
            self._plan_options(config),
            Path(config.docs_dir),
            self.cache,
            planning=self.result.complete,
        )
        for warning in plan.warnings:
            log.warning(warning)
        for problem in plan.problems:
            log.warning(f"{_display_dir(config)}/{problem}")
        for note in plan.notes:
            log.info(note)
        # MkDocs left out each theme file a content file is in the way of; the core
        # reports what it withholds itself (all of `assets/`, say).
        for src, warning in placement.restore_theme_files(files, config):
            if not plan.unpublished(src):
                log.warning(f"{_display_dir(config)}/{warning}")
        for file in list(files):
            if file.src_dir == config.docs_dir and plan.unpublished(file.src_uri):
                files.remove(file)
        cached = os.path.join(os.path.realpath(self.cache.root), "")
        for planned in plan.files:
            if planned.path is not None:
                kind = _CachedFile if os.path.realpath(planned.path).startswith(cached) else File
                new = kind.generated(config, planned.src, abs_src_path=str(planned.path))
            else:
                new = File.generated(config, planned.src, content=planned.content or "")
            self._add(files, config, new)
        others = [Path(f.abs_src_path) for f in files.documentation_pages() if f.abs_src_path]
        self.contents = self._convert(plan, config, files)
        self.let_go = fingerprint.reuse_blocker(config) is None
        toc = {src: converted.toc for src, converted in self.contents.items()}
        words = {src: converted.words for src, converted in self.contents.items()}
        self.documents = site_documents(
            plan.archive, plan.pages, plan.layout, toc, words, plan.passages
        )
        if (store := self._search_store()) is not None:
            # Pagefind indexes these on the other CPUs while MkDocs renders the pages.
            language = str(config.theme.get("language") or "en")
            self.ahead = IndexingAhead(self.documents, store, language=language)
        finished = self._kept_pages(plan, config, others)
        nav = plan.nav_srcs
        linked = _linked_from(others)
        self.kept, self.copied = {}, []
        copying = _own_sitemap(config)
        for page in plan.pages:
            key, stored = finished.get(page.src, ("", None))
            if (
                stored is not None
                and copying
                and page.src not in nav
                and _name_of(page.src) not in linked
            ):
                # A page kept whole is a file to copy from the store, not a page for
                # MkDocs to read and render again (the sitemap still lists it: `on_env`).
                # Pages in the navigation stay pages, and so does a page the content
                # folder's own pages may link to: MkDocs checks those links against its
                # pages.
                placed = _as_page(page.src, config)
                copy = _KeptPage.of(config, placed.dest_uri, stored)
                self._add(files, config, copy)
                self.copied.append((copy, placed.url))
                continue
            kept = _read_kept(stored) if stored is not None else None
            if key:
                self.kept[page.src] = (key, kept)
            front = page.front_matter
            if kept is not None:  # its finished HTML comes from the store
                front = front.removesuffix("---") + f"template: {REUSED_TEMPLATE}\n---"
            level = InclusionLevel.UNDEFINED if page.src in nav else InclusionLevel.NOT_IN_NAV
            stub = File.generated(config, page.src, content=f"{front}\n", inclusion=level)
            self._add(files, config, stub)
        if self.copied:
            log.info(f"Pages: {len(self.copied)} kept pages copied as files")
        for warning in placement.drop_clashes(files, config):
            log.warning(f"{_display_dir(config)}/{warning}")
        return files

    def on_env(self, env: Environment, /, *, config: MkDocsConfig, files: Files) -> Environment:
        assert env.loader is not None
        env.loader = ChoiceLoader([env.loader, DictLoader({REUSED_TEMPLATE: ""})])
        if self.compiled is not None and env.bytecode_cache is None:
            env.bytecode_cache = self.compiled
        # The sitemap lists the pages copied as files where MkDocs would list them as
        # pages (Showcase's `sitemap.xml` is MkDocs' own, reading this list instead).
        env.globals[SITEMAP_GLOBAL] = self._sitemap_entries(files, config)
        return env

    @event_priority(100)
    def on_pre_page(self, page: MkDocsPage, /, *, config: MkDocsConfig, files: Files) -> None:
        if self.update_date is not None:
            page.update_date = self.update_date

    @event_priority(100)  # before other plugins read the page's front matter
    def on_page_markdown(
        self, markdown: str, /, *, page: MkDocsPage, config: MkDocsConfig, files: Files
    ) -> str:
        if page.file.src_uri not in self.contents:  # a page of the content folder's own
            # Its front matter is untrusted: the loader has said what it drops.
            kept, _dropped = kept_meta(page.meta)
            page.meta = kept
        return markdown

    @event_priority(100)  # before other plugins look at the page's HTML
    def on_page_content(
        self, html: str, /, *, page: MkDocsPage, config: MkDocsConfig, files: Files
    ) -> str:
        converted = self.contents.get(page.file.src_uri)
        if converted is None:  # a page of the content folder Showcase did not make
            if "title" not in page.meta:  # from its first heading: plain text, escaped
                page.meta["title"] = heading_title(page.title or "")
            content = html if self.settings.trust_authors else clean_html(html)
            self.documents.append(own_page_document(page.url, page.meta["title"], content))
            return content
        page.toc = get_toc(list(converted.toc))
        page.present_anchor_ids = set(converted.ids)
        if self.let_go:
            # MkDocs reads every page before it renders the first: the content comes
            # when the page is rendered (`on_page_context`), and goes after it.
            return ""
        return self._html_of(page)

    @event_priority(100)  # before other plugins look at the page
    def on_page_context(
        self, context: TemplateContext, /, *, page: MkDocsPage, config: MkDocsConfig, nav: Any
    ) -> TemplateContext:
        src = page.file.src_uri
        if self.let_go and src in self.contents and self.kept.get(src, ("", None))[1] is None:
            page.content = self._html_of(page)
        return context

    def _html_of(self, page: MkDocsPage) -> str:
        assert self.converter is not None and self.plan is not None
        src = page.file.src_uri
        return self.converter.html_of(self.plan.page(src), self.contents[src])

    @event_priority(100)  # the page as the theme made it, before other plugins change it
    def _keep_page(self, output: str, /, *, page: MkDocsPage, config: MkDocsConfig) -> str:
        key, kept = self.kept.pop(page.file.src_uri, ("", None))
        if kept is not None:
            return kept
        if key and self.outputs is not None:
            self.outputs.store(key, {}, blob=output.encode("utf-8"))
        return output

    @event_priority(-100)  # after every other plugin's look at the page
    def _let_go(self, output: str, /, *, page: MkDocsPage, config: MkDocsConfig) -> str:
        """Let go of the content of a page of Showcase's once it is rendered: MkDocs
        holds every page until the build ends, and nothing reads its content again
        (unless a plugin or hook with page events does: then it is there all along)."""
        if self.let_go and page.file.src_uri in self.contents:
            page.content = None
        return output

    on_post_page = CombinedEvent(_keep_page, _let_go)

    def _sitemap_entries(self, files: Files, config: MkDocsConfig) -> list[Any]:
        """What MkDocs' sitemap template is given as ``pages`` (the included pages, in the
        order of the files), with each page copied as a file at its place."""
        copied = {id(copy): url for copy, url in self.copied}
        date = self.update_date or get_build_date()
        included = {id(page) for page in files.documentation_pages()}
        entries: list[Any] = []
        for file in files:
            if id(file) in included:
                entries.append(file)
            elif (url := copied.get(id(file))) is not None:
                entries.append(_SitemapEntry(_SitemapPage.at(url, config.site_url, date)))
        return entries

    def _wait_for_search(self) -> IndexingAhead | None:
        """Wait for the indexing started in ``on_files``, and return it."""
        ahead, self.ahead = self.ahead, None
        if ahead is None:
            return None
        ahead.wait()
        if ahead.problem:
            log.debug(f"Search: indexing ahead stopped: {ahead.problem}")
        return ahead

    def _clean_up_after_error(self, *, error: Exception) -> None:
        self._wait_for_search()  # no Pagefind outlives the build
        if self.cache is not None and self.cache.fault is not None:
            self.cache.prune()  # removes the temporary folder it used instead
        self.cache = self.writing = self.outputs = None
        self.contents, self.kept, self.copied = {}, {}, []
        self.converter = None

    @event_priority(-1000)  # last: it may end the build with its own message
    def _keep_old_site(self, *, error: Exception) -> None:
        """Remove the new folder: the old site stays as it was. A fault of the machine
        (a full disk, a read-only folder) becomes one line instead of a traceback."""
        staged = self._unstage()
        if staged is not None:
            staged.abandon()
        fault = fault_of(error)
        if fault is None or isinstance(error, MkDocsException):
            return
        kept = f"; the site in {_display_site(self.built_config)} is as it was" if staged else ""
        raise Abort(f"Could not build the site: {describe(fault)}{kept}") from None

    on_build_error = CombinedEvent(_clean_up_after_error, _keep_old_site)

    def _search_store(self) -> Path | None:
        if self.cache is not None and self.cache.fault is None:
            return self.cache.root / "search"
        return None

    def _build_search(self, *, config: MkDocsConfig) -> None:
        """The site's search (``showcase.search``): built by the core from the pages'
        documents, each year's talks a part of its own, kept between builds."""
        store = self._search_store()
        ahead = self._wait_for_search()
        try:
            made = build_search(
                self.documents,
                Path(config.site_dir) / "search",
                store,
                language=str(config.theme.get("language") or "en"),
                ahead=ahead,
            )
        except SearchError as exc:
            raise PluginError(f"Could not build the search: {exc}") from None
        if made.fault:
            log.warning(f"Search: {made.fault}")
        indexed = ahead.indexed if ahead is not None else 0
        log.info(
            f"Search: {made.documents} pages in {made.shards} parts, "
            f"{max(made.reused - indexed, 0)} parts reused from the cache"
            + (f", {indexed} indexed while the pages were rendered" if indexed else "")
        )
        self.documents = []

    def _finish_caches(self, *, config: MkDocsConfig) -> None:
        for store, what in ((self.writing, "converted"), (self.outputs, "finished")):
            if store is not None:
                store.prune()
                log.info(
                    f"Pages: {store.reused} {what} pages reused, {store.stored} stored"
                    + from_memory(store)
                )
        if self.cache is not None and (removed := self.cache.prune()):
            entries = "entry" if removed == 1 else "entries"
            log.info(f"Attachments: removed {removed} unused cache {entries}")
        self.cache = self.writing = self.outputs = None
        self.contents, self.kept, self.copied = {}, {}, []
        self.converter = None
        if self.recall is not None:  # a failed build forgets nothing
            self.recall.settle()

    @event_priority(-1000)  # after every other plugin's post-build work, which writes files
    def _publish_site(self, *, config: MkDocsConfig) -> None:
        """Put the new site in place of the old one, unless ``--strict`` is about to end
        the build (MkDocs checks for warnings after the last ``on_post_build``)."""
        counted = self.warnings.count
        staged = self._unstage()
        if staged is None:
            return
        if config.strict and counted:
            staged.abandon()
            return
        try:
            staged.publish()
            log.info(f"Site: built beside {_display_site(config)}, then put in its place")
        except OSError as exc:
            fault = fault_of(exc)
            reason = describe(fault) if fault is not None else str(exc)
            raise PluginError(
                f"Could not put the new site in place of {_display_site(config)}: {reason}"
            ) from None

    on_post_build = CombinedEvent(_build_search, _finish_caches, _publish_site)

    def on_serve(
        self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Any
    ) -> LiveReloadServer:
        self.served = True
        # MkDocs watches docs_dir and mkdocs.yml; theme overrides only with --watch-theme.
        if config.theme.custom_dir:
            server.watch(config.theme.custom_dir)
        return server

    # Steps --------------------------------------------------------------------------

    def _stage_site(self, config: MkDocsConfig) -> None:
        """Build into a new folder beside ``site_dir`` (see ``sitefolder``), not while
        ``mkdocs serve`` serves, nor for ``--dirty`` (which keeps what is there)."""
        if self.serving or self.served or self.dirty:
            return
        self._unstage_quietly()  # configured again without a build in between
        shown = _display_site(config)
        try:
            self.staged = StagedSite.begin(config.site_dir)
        except SiteBusy as exc:
            raise PluginError(
                f"Could not build the site: another build is writing into {shown} now "
                f"(it holds {exc}); build again when it has ended"
            ) from None
        except OSError as exc:
            fault = fault_of(exc)
            reason = describe(fault) if fault is not None else str(exc)
            raise PluginError(f"Could not build the site into {shown}: {reason}") from None
        self.site_dir = config.site_dir
        self.built_config = config
        config.site_dir = str(self.staged.folder)
        self.warnings.install()  # for builds run without ``on_startup``

    def _unstage_quietly(self) -> None:
        staged = self._unstage()
        if staged is not None:
            staged.abandon()

    def _unstage(self) -> StagedSite | None:
        """Forget this build's new folder (the caller publishes or abandons it), and give
        ``site_dir`` back (``mkdocs gh-deploy`` deploys from it after the build)."""
        staged, self.staged = self.staged, None
        self.warnings.uninstall()
        if staged is not None and self.built_config is not None:
            self.built_config.site_dir = self.site_dir
        return staged

    def _resolve_settings(self) -> Settings:
        names: tuple[str, ...] = ("timezone", "default_slots", "allowed_tags", "grace_days")
        names += ("gap_months", "trust_authors", "markdown_timeout")
        options = {name: self.config[name] for name in names}
        try:
            return _settings_from(options)
        except SettingsError as exc:
            raise PluginError(f"showcase: {exc}") from exc

    def _load(self, config: MkDocsConfig) -> LoadResult:
        drafts = self.config.drafts if self.config.drafts is not None else self.serving
        try:
            return load_archive(
                config.docs_dir,
                today=resolve_today(configured=self.config.today),
                settings=self.settings,
                include_drafts=drafts,
                layout=Linker(directory_urls=config.use_directory_urls),
            )
        except TodayError as exc:
            raise PluginError(f"showcase: {exc}") from exc

    def _report(self, result: LoadResult, config: MkDocsConfig) -> None:
        prefix = _display_dir(config)
        for problem in result.warnings:
            log.warning(f"{prefix}/{problem}")
        for problem in result.notes:
            log.info(f"{prefix}/{problem}")
        if result.errors:
            listed = "\n".join(f"  {prefix}/{problem}" for problem in result.errors)
            count = len(result.errors)
            raise PluginError(
                f"Could not build the site: {count} problem{'s' if count != 1 else ''} "
                f"in the content (`showcase check {prefix}` lists them too, with the "
                f"warnings, before you push):\n{listed}"
            )

    def _plan_options(self, config: MkDocsConfig) -> PlanOptions:
        return PlanOptions(
            site_name=config.site_name,
            site_url=config.site_url or "",
            layout=Linker(directory_urls=config.use_directory_urls),
            settings=self.settings,
            hint_dir=_hint_dir(config),
            attachments=AttachmentOptions(
                max_bytes=int(self.config.max_attachment_mb * 1024 * 1024),
                pdf_max_pages=self.config.pdf_max_pages,
                render_timeout=self.config.render_timeout,
            ),
            parallel=self.config.parallel,
            cache_name=self.config.cache_dir,
            remember_pages=self.config.page_cache,
            recall=self.recall,
        )

    def _convert(self, plan: SitePlan, config: MkDocsConfig, files: Files) -> dict[str, Converted]:
        """Every page's content: people's writing converted with the site's Markdown, in
        worker processes, each kept for the next build."""
        settings = MarkdownSettings(
            tuple(config.markdown_extensions), dict(config.mdx_configs or {})
        )
        blocker = self._store_blocker(config) or fingerprint.conversion_blocker(config)
        try:
            namespace = settings.fingerprint
        except Unstable as exc:
            blocker, namespace = blocker or str(exc), ""
        if blocker is None:
            self.writing = self._open_store("writing", namespace, 1)
        sources = {file.src_uri for file in files} | {page.src for page in plan.pages}
        converter = WritingConverter(
            settings,
            plan.layout,
            sources,
            trust_authors=plan.trust_authors,
            store=self.writing,
            parallel=self.config.parallel,
            timeout=self.settings.markdown_timeout,
        )
        # Each page's HTML is read back from the store when MkDocs publishes the page: a
        # site of thousands of pages does not hold all of them at once.
        contents = converter.convert_all(plan.pages, lean=True)
        self.converter = converter
        for problem in converter.problems:
            log.warning(f"{_display_dir(config)}/{problem}")
        processes = "process" if converter.processes == 1 else "processes"
        log.info(f"Pages: converted {converter.converted} in {converter.processes} {processes}")
        level = config.validation.links.anchors
        for src, written, target in missing_anchors(contents):
            log.log(
                level,
                f"Doc file '{src}' contains a link '{written}', but the doc '{target}' does "
                f"not contain an anchor '#{written.partition('#')[2]}'.",
            )
        for src, converted in contents.items():
            if converted.missing:
                log.warning(
                    f"{src}: a Markdown extension removed the places of {converted.missing} "
                    "of Showcase's HTML blocks; they are at the end of the page"
                )
        return contents

    def _kept_pages(
        self, plan: SitePlan, config: MkDocsConfig, others: list[Path]
    ) -> dict[str, tuple[str, StoredFile | None]]:
        """Each page's key in the store of finished pages, with the file of the page an
        earlier build kept under it (checked against its digest); nothing when pages
        cannot be reused in this build."""
        if not self.config.page_cache:
            return {}
        blocker = self._store_blocker(config) or fingerprint.reuse_blocker(config)
        try:
            build = fingerprint.fingerprint(config, others) if blocker is None else ""
        except Unstable as exc:
            blocker = str(exc)
        if blocker is not None:
            log.info(f"Pages: finished pages are not kept in this build: {blocker}")
            return {}
        self.outputs = self._open_store("pages", build, OUTPUT_FORMAT)
        if self.outputs is None:
            return {}
        kept = {}
        for page in plan.pages:
            key = _page_key(build, page, self.contents[page.src])
            kept[page.src] = (key, self.outputs.load_file(key))
        return kept

    def _store_blocker(self, config: MkDocsConfig) -> str | None:
        if not self.config.page_cache:
            return "the page cache is off (`page_cache: false`)"
        if self.cache is None or self.cache.fault is not None:
            return "the cache folder cannot be used"
        return None

    def _open_store(self, name: str, namespace: str, fmt: int) -> PageStore | None:
        assert self.cache is not None
        store = PageStore(self.cache.root / name, namespace, fmt, recall=self.recall)
        try:
            store.prepare()
        except OSError as exc:
            log.info(f"Pages: not kept in this build: {exc.strerror or exc}")
            return None
        return store

    @staticmethod
    def _add(files: Files, config: MkDocsConfig, new: File) -> None:
        """Add a file Showcase makes; one of the content folder at its place is ignored."""
        existing = files.get_file_from_path(new.src_uri)
        if existing is not None:
            log.warning(
                f"{_display_dir(config)}/{new.src_uri} is ignored: Showcase generates that "
                "file; rename it to publish it"
            )
            files.remove(existing)
        files.append(new)


class _WarningCount(logging.Handler):
    """Counts what MkDocs and its plugins log as warnings or worse: with ``--strict``,
    MkDocs aborts after the last ``on_post_build`` if there were any, which is too late to
    keep the old site unless the plugin counts them too."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1

    def install(self) -> None:
        logger = logging.getLogger("mkdocs")
        if self not in logger.handlers:
            logger.addHandler(self)

    def uninstall(self) -> None:
        logging.getLogger("mkdocs").removeHandler(self)


def _read_kept(stored: StoredFile) -> str | None:
    """A kept page's HTML, exactly as it was kept, for a page MkDocs renders again; None
    should it be gone or changed."""
    data = stored.read()
    try:
        return data.decode("utf-8") if data is not None else None
    except UnicodeDecodeError:
        return None


def _page_key(build: str, page: Page, converted: Converted) -> str:
    """What a finished page depends on: the build's fingerprint, the page's front matter,
    and its content with its table of contents and anchors."""
    sha = hashlib.sha256(f"{OUTPUT_FORMAT}\0{build}\0{page.src}\0{page.front_matter}".encode())
    sha.update(converted.html_digest().encode())
    sha.update(json.dumps([converted.toc, converted.ids]).encode("utf-8"))
    return sha.hexdigest()


class _CachedFile(File):
    """A file of Showcase's cache, hard-linked into the site where the file system allows
    (as the search bundle is), else copied. Nothing changes a cache entry in place, and
    one changed all the same fails its digest and is made again."""

    def copy_file(self, dirty: bool = False) -> None:
        source = self.abs_src_path
        if source is None or (dirty and _same_file(source, self.abs_dest_path)):
            super().copy_file(dirty)
            return
        target = self.abs_dest_path
        os.makedirs(os.path.dirname(target), exist_ok=True)
        try:
            # A file already there (`--dirty`, `mkdocs serve`) may itself be a link to
            # another entry: replaced, never written through.
            if os.path.lexists(target):
                os.unlink(target)
            os.link(source, target)
        except OSError:
            super().copy_file(dirty)


def _same_file(one: str, two: str) -> bool:
    try:
        return os.path.samefile(one, two)
    except OSError:
        return False


class _KeptPage(File):
    """A finished page kept by an earlier build, published as a file: copied from the
    store (never linked: MkDocs writes a page it renders in place, and a `--dirty` build
    would write through a link into the store and every site linked to it), checked
    against its digest as it is copied."""

    stored: StoredFile | None = None

    @classmethod
    def of(cls, config: MkDocsConfig, dest_uri: str, stored: StoredFile) -> _KeptPage:
        page = cls.generated(config, dest_uri, abs_src_path=str(stored.path))
        assert isinstance(page, cls)
        page.stored = stored
        return page

    def copy_file(self, dirty: bool = False) -> None:
        assert self.stored is not None
        target = self.abs_dest_path
        os.makedirs(os.path.dirname(target), exist_ok=True)
        if not self.stored.copy_to(target):
            raise PluginError(
                f"The kept page for {self.dest_uri} in the cache folder was changed or "
                "removed during the build; build again."
            )


@dataclass(frozen=True)
class _SitemapPage:
    """What MkDocs' sitemap template reads of a page (``file.page``), for a page copied
    as a file: its addresses as MkDocs' ``Page`` sets them, and its date."""

    canonical_url: str | None
    abs_url: str | None
    update_date: str
    is_link: bool = False

    @classmethod
    def at(cls, url: str, site_url: str | None, date: str) -> _SitemapPage:
        if not site_url:
            return cls(None, None, date)
        canonical = urljoin(site_url if site_url.endswith("/") else site_url + "/", url)
        return cls(canonical, urlsplit(canonical).path, date)


@dataclass(frozen=True)
class _SitemapEntry:
    """A page copied as a file, as the sitemap template iterates the site's pages."""

    page: _SitemapPage


def _own_sitemap(config: MkDocsConfig) -> bool:
    """Whether ``sitemap.xml`` is Showcase's (which lists the pages copied as files), not
    one of the team's own overrides."""
    custom = config.theme.custom_dir
    return not (custom and os.path.exists(os.path.join(custom, "sitemap.xml")))


def _linked_from(pages: list[Path]) -> str:
    """The text of the content folder's own pages (a link of theirs to one of Showcase's
    pages is checked by MkDocs against its pages, so that page must stay one)."""
    texts = []
    for path in pages:
        try:
            with open(path, encoding="utf-8", errors="replace") as source:
                texts.append(source.read(LINK_SCAN_CHARS))
        except OSError:
            continue
    return "\n".join(texts)


def _name_of(src: str) -> str:
    """What a link to the page at ``src`` must name: its file's name, or its folder's
    for an ``index.md``."""
    path = Path(src)
    return path.parent.name if path.name == "index.md" else path.stem


def _as_page(src: str, config: MkDocsConfig) -> File:
    """The page at ``src`` as MkDocs places it: where it is written (``dest_uri``) and
    its URL."""
    return File(src, None, config.site_dir, config.use_directory_urls)


def _take_over_search(config: MkDocsConfig) -> None:
    """Showcase's search replaces Material's (whose index every first visit downloads
    whole): its plugin, when listed, is turned off through its own ``enabled`` option."""
    for name, plugin in config.plugins.items():
        if name in ("search", "material/search") and plugin.config.get("enabled", True):
            plugin.config["enabled"] = False
            log.info(f"Search: Showcase's search replaces the `{name}` plugin's")


def _bring_theme(config: MkDocsConfig, *, web_fonts: bool) -> None:
    """Put Showcase's theme overrides under the team's own ``custom_dir`` (which still
    overrides any of them) and above the theme's templates, as mkdocstrings brings its CSS:
    MkDocs then copies the stylesheets and the script like any theme file. Material's web
    fonts come from Google's servers: they stay off unless ``web_fonts`` is set."""
    if not web_fonts and config.theme.get("font"):
        config.theme["font"] = False
    dirs = config.theme.dirs
    if str(THEME_DIR) in dirs:  # mkdocs serve loads the configuration once per rebuild
        return
    dirs.insert(1 if config.theme.custom_dir else 0, str(THEME_DIR))


def _refuse_links(files: Files, config: MkDocsConfig) -> None:
    """Stop the build if MkDocs' walk of ``docs_dir`` found a file through a link the
    content check did not see (the check refuses every link that leads out, before
    MkDocs walks): nothing outside the content folder is published."""
    own = [file.src_uri for file in files if file.src_dir == config.docs_dir]
    found = unsafe_files(Path(config.docs_dir), own)
    if found:
        listed = "\n".join(f"  {_display_dir(config)}/{src}" for src in sorted(found))
        raise PluginError(
            "Could not build the site: these files are reached through a symbolic link "
            f"that leads outside the content folder, or are not regular files:\n{listed}"
        )


def _hint_dir(config: MkDocsConfig) -> str:
    """The content folder as the site's hints name it: relative to the archive's
    ``mkdocs.yml``, or by its own name when it lies elsewhere; never a path of the
    machine that built the site."""
    shown = _display_dir(config)
    return shown if not Path(shown).is_absolute() else Path(shown).name


def _display_site(config: MkDocsConfig | None) -> str:
    """``site_dir`` as the user wrote it (relative to the folder of ``mkdocs.yml``)."""
    if config is None:
        return "site_dir"
    site = Path(config.site_dir)
    base = Path(config.config_file_path or ".").parent.resolve()
    try:
        return f"`{site.relative_to(base)}`"
    except ValueError:
        return f"`{site}`"


def _display_dir(config: MkDocsConfig) -> str:
    """``docs_dir`` as the user wrote it, relative to the folder of ``mkdocs.yml``."""
    docs = Path(config.docs_dir)
    base = Path(config.config_file_path or ".").parent
    try:
        return str(docs.relative_to(base.resolve() if docs.is_absolute() else base))
    except ValueError:
        return str(docs)
