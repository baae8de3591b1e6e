"""Wires the core into MkDocs' build: load and check content, publish the pages."""

from __future__ import annotations

import os
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any, Literal

from jinja2 import ChoiceLoader, DictLoader, Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, MkDocsException, PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page as MkDocsPage
from mkdocs.utils.templates import TemplateContext

from showcase.attachments import AttachmentOptions, AttachmentProcessor, Cache, Published
from showcase.attachments.registry import default_registry
from showcase.exports import archive_calendar, archive_json, atom_feed, person_calendar
from showcase.faults import describe, fault_of
from showcase.loader import LoadResult, load_archive
from showcase.mkdocs import ahead, pagecache
from showcase.mkdocs.config import ShowcaseConfig
from showcase.mkdocs.pagecache import REUSED_TEMPLATE, PageCache, PageCacheError, PageReuse
from showcase.mkdocs.staging import SiteBusy, StagedSite, WarningCount
from showcase.model import Archive, Person
from showcase.parallel import Deferred
from showcase.rotation import plan_rotation
from showcase.sanitizer import clean_html, opens_as_document
from showcase.settings import (
    Settings,
    SettingsError,
    TodayError,
    resolve_today,
    settings_from_options,
)
from showcase.site import THEME_DIR, links
from showcase.site.links import Linker
from showcase.site.pages import Page, SiteOptions, SiteRenderer
from showcase.symlinks import unsafe_files

log = get_plugin_logger(__name__)

NAVIGATION = (
    ("Home", links.HOME),
    ("Schedule", links.SCHEDULE),
    ("Archive", links.ARCHIVE),
    ("People", links.PEOPLE),
    ("Topics", links.TOPICS),
    ("Stats", links.STATS),
)


class ShowcasePlugin(BasePlugin[ShowcaseConfig]):  # type: ignore[no-untyped-call]
    """Publishes a Showcase archive (``docs_dir``) as a site."""

    def __init__(self) -> None:
        self.serving = False
        self.archive: Archive | None = None
        self.home_text = ""
        #: The pages made in ``on_files``, by source path: their HTML goes in after the
        #: Markdown conversion (``Page.fill``), so that MkDocs only converts the writing.
        self.pages: dict[str, Page] = {}
        self.planning_archive: Archive | None = None
        self.settings = Settings()
        self.attachments: Published | None = None
        self.cache: Cache | None = None
        self.reuse: PageReuse | None = None
        #: For a page the second process did not finish: the context to template it with.
        self.render_here: dict[str, TemplateContext] = {}
        self.files: Files | None = None
        self.env: Environment | None = None
        #: The new site folder of this build, until it replaces the old one.
        self.staged: StagedSite | None = None
        self.site_dir = ""
        self.built_config: MkDocsConfig | None = None
        self.warnings = WarningCount()
        self.dirty = False
        #: ``mkdocs serve`` has started its server (``serve --clean`` says "build").
        self.served = False
        #: Every page's ``update_date`` (the sitemap's ``lastmod``), or None for MkDocs'.
        self.update_date: str | None = None

    # Events -------------------------------------------------------------------------

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        self.serving = command == "serve"
        self.dirty = dirty
        # From here on, as MkDocs counts them for --strict (its own count starts later,
        # with nothing logged in between).
        self.warnings.count = 0
        self.warnings.install()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self._stage_site(config)
        return self._load_content(config)

    def _stage_site(self, config: MkDocsConfig) -> None:
        """Build into a new folder beside ``site_dir`` (see ``staging``), not while
        ``mkdocs serve`` serves, nor for ``--dirty`` (which keeps what is there)."""
        if self.serving or self.served or self.dirty:
            return
        if self.staged is not None:  # configured again without a build in between
            self._unstage_quietly()
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

    def _load_content(self, config: MkDocsConfig) -> MkDocsConfig:
        _bring_theme(config, web_fonts=self.config.web_fonts)
        self.settings = self._resolve_settings()
        result = self._load(config)
        self._report(result, config)
        self.archive = result.archive
        self.home_text = result.home_text
        # MkDocs dates every page with the day it is built (or SOURCE_DATE_EPOCH, which
        # wins): the same content built tomorrow would give another sitemap.
        self.update_date = None if "SOURCE_DATE_EPOCH" in os.environ else _site_date(result)
        self.planning_archive = result.complete or result.archive
        if config.nav is None and self.config.navigation:
            config.nav = [{title: src} for title, src in NAVIGATION]
        return config

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        assert self.archive is not None
        _refuse_links(files, config)
        self._remove_sources(files, config.docs_dir)
        # The calendars and the feed need no attachment and no page: a second process
        # makes them while this one renders attachments and pages (else they are made
        # here while worker processes render attachments). Then another renders the
        # event and talk pages while this one renders the listings.
        fork = self.config.parallel
        exports = Deferred(partial(self._calendars_and_feed, config), fork=fork)
        details: Deferred[list[Page]] | None = None
        try:
            self.attachments = self._render_attachments(files, config, exports.settle)
            renderer = SiteRenderer(self.archive, self._site_options(config, self.home_text))
            details = Deferred(lambda: list(renderer.detail_pages()), fork=fork)
            self.pages = {}
            for page in [*renderer.listing_pages(), *details.result()]:
                self.pages[page.src] = page
                in_nav = page.src in _NAV_SRCS
                self._publish(files, config, page.src, page.skeleton, in_nav=in_nav)
            made = exports.result()
        finally:
            exports.discard()
            if details is not None:
                details.discard()
        for deferred, made_here in ((exports, "Calendars and feed"), (details, "Page skeletons")):
            if deferred is not None and deferred.note:
                log.info(f"{made_here} made by this process: {deferred.note}")
        for src, data in [*made, self._json_export(config)]:
            self._publish(files, config, src, data, in_nav=False)
        self.reuse = self._page_reuse(files, config)
        self.attachments = None  # its fragments (notebooks' HTML) are in the pages now
        return files

    @event_priority(-100)  # the navigation as the other plugins leave it
    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation:
        self.files = files
        if self.reuse is not None and self.config.parallel:
            self._render_ahead(nav, config, files)
        return nav

    def on_env(self, env: Environment, /, *, config: MkDocsConfig, files: Files) -> Environment:
        # The template of a page whose HTML comes from the page cache renders nothing.
        assert env.loader is not None
        env.loader = ChoiceLoader([env.loader, DictLoader({REUSED_TEMPLATE: ""})])
        self.env = env
        return env

    @event_priority(100)
    def on_pre_page(self, page: MkDocsPage, /, *, config: MkDocsConfig, files: Files) -> None:
        if self.update_date is not None:
            page.update_date = self.update_date
        if self.reuse is not None:
            self.reuse.start(page.file.src_uri)

    @event_priority(100)
    def on_page_markdown(
        self, markdown: str, /, *, page: MkDocsPage, config: MkDocsConfig, files: Files
    ) -> str:
        if self.reuse is not None and self.reuse.reusing(page.file.src_uri):
            return self.reuse.skip(page)
        return markdown

    @event_priority(100)  # before other plugins look at the page's HTML
    def on_page_content(
        self, html: str, /, *, page: MkDocsPage, config: MkDocsConfig, files: Files
    ) -> str:
        src = page.file.src_uri
        if self.reuse is not None:
            self.reuse.converted(src)
            if self.reuse.reusing(src):
                if not self.reuse.rendered_ahead(src):  # else kept in case it must be
                    self.pages.pop(src, None)
                return html
        generated = self.pages.pop(src, None)  # not needed after this
        trusted = self.settings.trust_authors
        if generated is None:  # a page of the content folder Showcase did not make
            return html if trusted else clean_html(html)
        # Ids in the HTML blocks are anchors of the page too (MkDocs checks links to them).
        page.present_anchor_ids = (page.present_anchor_ids or set()) | generated.block_ids()
        filled, missing = generated.fill(html if trusted else generated.clean_writing(html))
        if missing:
            log.warning(
                f"{page.file.src_uri}: a Markdown extension removed the places of "
                f"{len(missing)} of Showcase's HTML blocks; they are at the end of the page"
            )
        return filled

    @event_priority(100)  # before the search plugin indexes the page
    def on_page_context(
        self, context: TemplateContext, /, *, page: MkDocsPage, config: MkDocsConfig, nav: Any
    ) -> TemplateContext:
        if self.reuse is not None:
            src = page.file.src_uri
            if self.reuse.rendered_ahead(src):
                assert self.files is not None
                if self.reuse.adopt(page, self.files):
                    self.pages.pop(src, None)
                else:  # the second process did not finish it: render it here
                    ahead.render_here(page, config, self.files)
                    self.render_here[src] = context
            self.reuse.templating(src)
        return context

    @event_priority(100)  # the page as the theme made it, before other plugins change it
    def on_post_page(self, output: str, /, *, page: MkDocsPage, config: MkDocsConfig) -> str:
        context = self.render_here.pop(page.file.src_uri, None)
        if context is not None:
            # MkDocs picked the template before the page was rendered here: the empty one
            # of a page taken from elsewhere.
            assert self.env is not None
            template = self.env.get_template(page.meta.get("template", "main.html"))
            output = template.render(context)
        if self.reuse is not None:
            try:
                return self.reuse.finish(page, output)
            except PageCacheError as exc:
                raise PluginError(f"showcase: {exc}") from exc
        return output

    def _clean_up_after_error(self, *, error: Exception) -> None:
        if self.reuse is not None:
            self.reuse.uninstall()
            if self.reuse.ahead is not None:
                self.reuse.ahead.close()
            self.reuse = None
        self.render_here = {}
        if self.cache is not None and self.cache.fault is not None:
            self.cache.prune()  # removes the temporary folder it used instead
        self.cache = None

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

    def _finish_caches(self, *, config: MkDocsConfig) -> None:
        if self.reuse is not None:
            self.reuse.uninstall()
            cache = self.reuse.cache
            taken = ""
            if self.reuse.ahead is not None:
                self.reuse.ahead.close()
                taken = f"; {self.reuse.ahead.taken} rendered by a second process"
            cache.prune()
            log.info(
                f"Pages: {cache.reused} reused from the page cache, {cache.stored} stored{taken}"
            )
            self.reuse = None
        if self.cache is not None:
            removed = self.cache.prune()
            if removed:
                entries = "entry" if removed == 1 else "entries"
                log.info(f"Attachments: removed {removed} unused cache {entries}")
            self.cache = None

    on_post_build = CombinedEvent(_finish_caches, _publish_site)

    def on_serve(
        self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Any
    ) -> LiveReloadServer:
        self.served = True
        # MkDocs watches docs_dir and mkdocs.yml; theme overrides only with --watch-theme.
        custom_dir = config.theme.custom_dir
        if custom_dir:
            server.watch(custom_dir)
        return server

    # Steps --------------------------------------------------------------------------

    def _resolve_settings(self) -> Settings:
        options = {
            "timezone": self.config.timezone,
            "default_slots": self.config.default_slots,
            "allowed_tags": self.config.allowed_tags,
            "grace_days": self.config.grace_days,
            "gap_months": self.config.gap_months,
            "trust_authors": self.config.trust_authors,
        }
        try:
            return settings_from_options(options)
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
            )
        except TodayError as exc:
            raise PluginError(f"showcase: {exc}") from exc

    def _report(self, result: LoadResult, config: MkDocsConfig) -> None:
        prefix = _display_dir(config)
        for problem in result.warnings:
            log.warning(f"{prefix}/{problem}")
        if result.errors:
            listed = "\n".join(f"  {prefix}/{problem}" for problem in result.errors)
            count = len(result.errors)
            raise PluginError(
                f"Could not build the site: {count} problem{'s' if count != 1 else ''} "
                f"in the content (`showcase check {prefix}` lists them too, with the "
                f"warnings, before you push):\n{listed}"
            )

    def _remove_sources(self, files: Files, docs_dir: str) -> None:
        """Drop the content's data files; pages are generated from them instead. Avatars
        go too: the site shows them resized (or initials when they cannot be read). So do
        files that would run script if opened on their own (HTML, SVG, XML), unless the
        archive trusts its authors: an HTML deck is shown through a sandboxed frame."""
        assert self.archive is not None
        avatars = {person.avatar for person in self.archive.people.values() if person.avatar}
        trusted = self.settings.trust_authors
        for file in list(files):
            uri = file.src_uri
            is_event = uri.startswith("events/") and uri.endswith((".yml", ".yaml"))
            runs_script = not trusted and file.src_dir == docs_dir and opens_as_document(uri)
            if uri in ("people.yml", "index.md") or uri in avatars or is_event or runs_script:
                files.remove(file)
            elif uri.startswith("talks/"):
                parts = uri.split("/")
                if len(parts) < 3:
                    continue
                if parts[1] not in self.archive.talks or parts[2] == "index.md":
                    # Drafts left out of the build take their attachments with them.
                    files.remove(file)

    def _site_options(self, config: MkDocsConfig, home_text: str) -> SiteOptions:
        assert self.archive is not None
        return SiteOptions(
            site_name=config.site_name,
            linker=Linker(directory_urls=config.use_directory_urls),
            home_text=home_text,
            default_slots=self.settings.default_slots,
            content_dir=_hint_dir(config),
            calendar_src=CALENDAR,
            site_url=config.site_url or "",
            person_calendar=self._person_calendar_src,
            talk_extras=self.attachments.talk_extras if self.attachments else None,
            card_image=self.attachments.card_image if self.attachments else None,
            person_image=self.attachments.person_image if self.attachments else None,
            proposals=plan_rotation(self.planning_archive or self.archive, self.settings).proposals,
        )

    def _render_attachments(
        self, files: Files, config: MkDocsConfig, meanwhile: Callable[[], None]
    ) -> Published:
        """Render slides, notebooks and pictures (or reuse the cache), and publish the
        files; ``meanwhile`` runs while worker processes render."""
        assert self.archive is not None
        registry = default_registry()
        for message in registry.problems:
            log.warning(f"Attachment kinds: {message}")
        base = Path(config.config_file_path or ".").parent
        self.cache = Cache(base / self.config.cache_dir)
        options = AttachmentOptions(
            max_bytes=int(self.config.max_attachment_mb * 1024 * 1024),
            pdf_max_pages=self.config.pdf_max_pages,
        )
        processor = AttachmentProcessor(
            Path(config.docs_dir),
            self.cache,
            registry=registry,
            options=options,
            linker=Linker(directory_urls=config.use_directory_urls),
        )
        published = processor.process(self.archive, meanwhile=meanwhile)
        if self.cache.fault is not None:
            log.warning(
                f"Cache folder `{self.config.cache_dir}` cannot be used ({self.cache.fault}); "
                "this build renders without it"
            )
        for problem in published.problems:
            log.warning(f"{_display_dir(config)}/{problem}")
        generated = [
            (src, File.generated(config, src, abs_src_path=str(path)))
            for src, path in published.files.items()
        ]
        generated += [
            (src, File.generated(config, src, content=svg)) for src, svg in published.drawn.items()
        ]
        for src, file in sorted(generated, key=lambda item: item[0]):
            if (existing := files.get_file_from_path(src)) is not None:
                log.warning(
                    f"{_display_dir(config)}/{src} is ignored: Showcase generates that file"
                )
                files.remove(existing)
            files.append(file)
        log.info(
            f"Attachments: rendered {published.rendered}, reused {published.reused} "
            f"from the cache ({self.config.cache_dir})"
        )
        return published

    def _page_reuse(self, files: Files, config: MkDocsConfig) -> PageReuse | None:
        """The page cache for this build, or None when pages cannot safely be reused."""
        if not self.config.page_cache:
            return None
        search = _material_search_index(config)
        blocker = pagecache.reuse_blocker(config)
        if search is False:
            blocker = "the search plugin is not Material's"
        if self.cache is not None and self.cache.fault is not None:
            blocker = "the cache folder cannot be used"
        other_pages = [
            Path(file.abs_src_path)
            for file in files.documentation_pages()
            if file.src_uri not in self.pages and file.abs_src_path
        ]
        try:
            build = pagecache.fingerprint(config, other_pages)
        except pagecache.Unstable as exc:
            blocker = str(exc)
        if blocker is not None:
            log.info(f"Pages: the page cache is off for this build: {blocker}")
            return None
        documentation = {f.src_uri for f in files}

        def exists(src: str) -> bool:
            return src in documentation

        keys = {src: pagecache.page_key(build, page, exists) for src, page in self.pages.items()}
        base = Path(config.config_file_path or ".").parent
        cache = PageCache(base / self.config.cache_dir / "pages", build)
        try:
            cache.prepare()
        except OSError as exc:
            log.info(f"Pages: the page cache is off for this build: {exc.strerror or exc}")
            return None
        reuse = PageReuse(cache, keys, search)
        reuse.install()
        return reuse

    def _render_ahead(self, nav: Navigation, config: MkDocsConfig, files: Files) -> None:
        """Fork a second process to render about half of the pages the cache lacks."""
        reuse = self.reuse
        assert reuse is not None
        reason = ahead.blocker(nav, self.pages)
        if reason is not None:
            log.debug(f"Pages: rendered in one process: {reason}")
            return
        in_nav = {item.file.src_uri for item in nav.pages}
        order = [file.src_uri for file in files.documentation_pages()]
        costs = {
            src: ahead.estimate(page)
            for src, page in self.pages.items()
            if not reuse.cache.holds(reuse.keys[src])
        }
        costs.update({src: ahead.SECONDS_PER_PAGE for src in order if src not in self.pages})
        copied = (len(files) - len(order)) * ahead.SECONDS_PER_FILE
        # Only Showcase's own pages outside the navigation: the page cache keys them.
        candidates = (src for src in costs if src in reuse.keys and src not in in_nav)
        share = ahead.choose(order, costs, candidates, other_work=copied)
        if not share:
            return

        def as_child() -> None:
            # The child renders every page of its share: no reuse, no storing.
            reuse.uninstall()
            self.reuse = None

        reuse.ahead = ahead.fork(
            share,
            reuse.keys,
            config=config,
            files=files,
            nav=nav,
            search_index=reuse.search_index,
            folder=reuse.cache.root,
            serving=self.serving,
            as_child=as_child,
        )

    def _person_calendar_src(self, person: Person) -> str | None:
        assert self.archive is not None
        has_dated_talks = any(t.event for t in self.archive.talks_by(person.id))
        return f"people/{person.id}.ics" if has_dated_talks else None

    def _calendars_and_feed(self, config: MkDocsConfig) -> list[tuple[str, str | bytes]]:
        """The calendar, the per-person calendars and the feed (no attachment in them)."""
        assert self.archive is not None
        archive, site_url, zone = self.archive, config.site_url or "", self.settings.timezone
        name = config.site_name
        linker = Linker(directory_urls=config.use_directory_urls)
        outputs: list[tuple[str, str | bytes]] = [
            (CALENDAR, archive_calendar(archive, site_url, zone, name=name, linker=linker)),
            (FEED, atom_feed(archive, site_url, name, linker=linker)),
        ]
        for person in archive.people.values():
            src = self._person_calendar_src(person)
            if src is not None:
                calendar = person_calendar(
                    archive,
                    person.id,
                    site_url,
                    zone,
                    name=f"{person.name} at {name}",
                    linker=linker,
                )
                outputs.append((src, calendar))
        return outputs

    def _json_export(self, config: MkDocsConfig) -> tuple[str, str | bytes]:
        """``talks.json``: its avatars are the pictures the attachments published."""
        assert self.archive is not None
        picture = self.attachments.person_image if self.attachments else None
        zone = self.settings.timezone
        linker = Linker(directory_urls=config.use_directory_urls)
        return JSON_EXPORT, archive_json(
            self.archive,
            config.site_url or "",
            zone,
            picture=picture,
            linker=linker,
            trust_authors=self.settings.trust_authors,
        )

    @staticmethod
    def _publish(
        files: Files, config: MkDocsConfig, src: str, content: str | bytes, *, in_nav: bool
    ) -> None:
        inclusion = InclusionLevel.UNDEFINED if in_nav else InclusionLevel.NOT_IN_NAV
        existing = files.get_file_from_path(src)
        if existing is not None:
            log.warning(
                f"{_display_dir(config)}/{src} is ignored: Showcase generates that page; "
                "rename the file to publish it"
            )
            files.remove(existing)
        files.append(File.generated(config, src, content=content, inclusion=inclusion))


_NAV_SRCS = frozenset(src for _, src in NAVIGATION)

CALENDAR = "schedule.ics"
FEED = "feed.xml"
JSON_EXPORT = "talks.json"


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


def _material_search_index(config: MkDocsConfig) -> Any:
    """Material's search index; None without a search plugin; False for another one."""
    for name, plugin in config.plugins.items():
        if name in ("search", "material/search") or name.endswith("/search"):
            if not plugin.config.get("enabled", True):
                continue
            index = getattr(plugin, "search_index", None)
            if isinstance(getattr(index, "entries", None), list):
                return index
            return False
    return None


def _hint_dir(config: MkDocsConfig) -> str:
    """The content folder as the site's hints name it: relative to the archive's
    ``mkdocs.yml``, or by its own name when it lies elsewhere; never a path of the
    machine that built the site."""
    shown = _display_dir(config)
    return shown if not Path(shown).is_absolute() else Path(shown).name


def _site_date(result: LoadResult) -> str:
    """The date a built site gives as every page's last change: the day of the archive's
    latest demo day held (before the build's today), else of its first planned one, else
    the start of 1970 (no event yet). Taken from the content, so that building the same
    content on another day writes the same ``sitemap.xml`` (and ``.gz``)."""
    archive = result.archive
    events = [event for event in archive.events.values() if not event.cancelled]
    held = [event.date for event in events if archive.is_past(event)]
    if held:
        return max(held).isoformat()
    return min(event.date for event in events).isoformat() if events else "1970-01-01"


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
