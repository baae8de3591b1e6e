"""The site plan: every page, file and export of a site, and every URL, decided once.

``plan_site`` turns a loaded archive into a ``SitePlan``: the pages (Showcase's HTML
blocks around people's writing), the files (the attachments' derived files, drawn
pictures, calendars, feed and JSON), the navigation, which files of the content folder
are not published as they are, and the problems met on the way. One layout (``Linker``)
decides every path and URL, for pages and exports alike.

An engine only publishes the plan: the MkDocs plugin hands it to MkDocs (and ProperDocs),
``showcase generate`` writes it out as a standalone project for any generator.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import zoneinfo
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache, partial
from importlib import resources
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from showcase.attachments import AttachmentOptions, AttachmentProcessor, Cache, Passage, Published
from showcase.attachments.memo import namespace as code_namespace
from showcase.attachments.memo import open_store as fragment_store
from showcase.attachments.recordings import timing_problems
from showcase.attachments.registry import default_registry
from showcase.exports import archive_calendar, archive_json, atom_feed, person_calendar, talks_feed
from showcase.loader import LoadResult
from showcase.model import Archive
from showcase.pagestore import PageStore, Recall, from_memory
from showcase.parallel import Deferred
from showcase.problems import Problem
from showcase.rotation import plan_rotation
from showcase.settings import Settings
from showcase.site import links
from showcase.site.links import Linker
from showcase.site.pages import MEMO_FORMAT, Page, SiteOptions, SiteRenderer, templates_digest
from showcase.site.sources import (
    CALENDAR,
    FEED,
    JSON_EXPORT,
    ContentFiles,
    TalkFeeds,
    content_files,
    person_calendar_src,
)

#: Changes when the calendars and feeds change in a way the digest of Showcase's code
#: (``exports_digest``) cannot see.
EXPORTS_FORMAT = 1

#: The site's sections, in the navigation's order.
NAVIGATION: tuple[tuple[str, str], ...] = (
    ("Home", links.HOME),
    ("Schedule", links.SCHEDULE),
    ("Archive", links.ARCHIVE),
    ("People", links.PEOPLE),
    ("Topics", links.TOPICS),
    ("Stats", links.STATS),
)


@dataclass(frozen=True)
class PlanOptions:
    """What a plan needs beyond the archive: the site's name, address and layout, the
    settings, and how attachments are rendered."""

    site_name: str = "Demo Days"
    site_url: str = ""
    layout: Linker = field(default_factory=Linker)
    settings: Settings = field(default_factory=Settings)
    #: The content folder as hints on empty pages name it (``content``), never a path of
    #: the machine that builds the site.
    hint_dir: str = "content"
    attachments: AttachmentOptions = field(default_factory=AttachmentOptions)
    #: Make the calendars and the event and talk pages in forked processes where that
    #: is safe (``parallel.Deferred``).
    parallel: bool = True
    #: The cache folder as the site's configuration names it, for messages.
    cache_name: str = ".cache/showcase"
    #: Keep person and topic pages in the cache between builds (``SiteRenderer.memo``).
    remember_pages: bool = True
    #: What the last build of this process read from the cache's stores, kept in memory
    #: (``mkdocs serve``), or None.
    recall: Recall | None = None


@dataclass(frozen=True, slots=True)
class PlannedFile:
    """A file the site publishes: a copy of ``path``, or ``content``."""

    src: str
    path: Path | None = None
    content: str | bytes | None = None


@dataclass
class SitePlan:
    """Everything a site publishes, for an engine to publish as it is."""

    archive: Archive
    layout: Linker
    pages: list[Page]
    files: list[PlannedFile]
    trust_authors: bool = False
    navigation: tuple[tuple[str, str], ...] = NAVIGATION
    #: Problems of the content met while planning (attachments that could not be shown).
    problems: list[Problem] = field(default_factory=list)
    #: Warnings that are not the content's (an attachment kind that failed to load, a
    #: cache folder that cannot be used).
    warnings: list[str] = field(default_factory=list)
    #: What the plan did, for the build's log (rendered and reused attachments).
    notes: list[str] = field(default_factory=list)
    #: Every file of the content folder (``content_files``).
    content_files: tuple[str, ...] = ()
    #: The words written inside each talk's slides and notebooks, by talk slug, for the
    #: site's search (``search.site.site_documents``).
    passages: dict[str, list[Passage]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._content = ContentFiles(
            self.archive, trusted=self.trust_authors, layout=self.layout, files=self.content_files
        )

    @property
    def nav_srcs(self) -> frozenset[str]:
        return frozenset(src for _title, src in self.navigation)

    def page(self, src: str) -> Page:
        """The planned page at ``src``."""
        return self._pages[src]

    @cached_property
    def _pages(self) -> dict[str, Page]:
        return {page.src: page for page in self.pages}

    def unpublished(self, src: str) -> bool:
        """Whether a file of the content folder (``src``, relative to it) is left out of
        the site (see ``ContentFiles.unpublished``)."""
        return self._content.unpublished(src)


def plan_site(
    result: LoadResult,
    options: PlanOptions,
    content_dir: Path,
    cache: Cache,
    *,
    planning: Archive | None = None,
) -> SitePlan:
    """The plan of the site of ``result``'s archive: attachments rendered (or taken from
    ``cache``), every page rendered, the exports made. ``planning`` is the archive the
    rotation plans with (drafts included), when it is not the published one."""
    archive = result.archive
    layout = options.layout
    # The calendars and the feed need no attachment and no page: a second process makes
    # them while this one renders attachments and pages (else they are made here while
    # worker processes render attachments). Then another renders the event and talk
    # pages while this one renders the listings.
    # They are kept between builds too, under what they are made from.
    exports_store = _exports_store(cache, options)
    exports_key = exports_digest(archive, options) if exports_store is not None else ""
    kept_exports = _kept_exports(exports_store, exports_key)
    exports: Deferred[list[tuple[str, bytes]]] | None = None
    if kept_exports is None:
        exports = Deferred(partial(_calendars_and_feed, archive, options), fork=options.parallel)
    details: Deferred[list[Page]] | None = None
    memo: PageStore | None = None
    notes: list[str] = []
    # Each talk's attachment fragments are kept too (``showcase.attachments.memo``).
    kept = (
        fragment_store(cache.root, options.recall)
        if options.remember_pages and not cache.fault
        else None
    )
    try:
        meanwhile = exports.settle if exports is not None else _nothing
        published = _render_attachments(archive, options, content_dir, cache, meanwhile, kept)
        archive = with_recorded_durations(archive, published.durations)
        site_options = _site_options(archive, options, result.home_text, published, planning)
        memo = _page_memo(cache, options.recall) if options.remember_pages else None
        renderer = SiteRenderer(archive, site_options, memo=memo)
        work = renderer.detail_work()
        todo = [pending for pending in work if pending.page is None]
        details = Deferred(lambda: [pending.make() for pending in todo], fork=options.parallel)
        pages = list(renderer.listing_pages())
        for pending, page in zip(todo, details.result(), strict=True):
            pending.page = page
            renderer.keep(pending)
        pages += [pending.page for pending in work if pending.page is not None]
        made = kept_exports or []
        if exports is not None:
            made = exports.result()
            if exports_store is not None:
                _keep_exports(exports_store, exports_key, made)
    finally:
        for deferred in (exports, details):
            if deferred is not None:
                deferred.discard()
    if memo is not None:
        memo.prune()
        notes.append(
            f"Rendered pages: {memo.reused} reused, {memo.stored} rendered and kept"
            + from_memory(memo)
        )
    if kept is not None:
        kept.prune()
        notes.append(
            f"Attachment fragments: {kept.reused} reused, {kept.stored} made and kept"
            + from_memory(kept)
        )
    if exports_store is not None:
        exports_store.prune()
        done = "reused" if exports is None else "made and kept"
        notes.append(f"Calendars and feeds: {len(made)} {done}" + from_memory(exports_store))
    for deferred, made_here in ((exports, "Calendars and feed"), (details, "Page skeletons")):
        if deferred is not None and deferred.note:
            notes.append(f"{made_here} made by this process: {deferred.note}")
    files = [PlannedFile(src, path=path) for src, path in sorted(published.files.items())]
    files += [PlannedFile(src, content=svg) for src, svg in sorted(published.drawn.items())]
    files += [PlannedFile(src, content=data) for src, data in made]
    files.append(PlannedFile(JSON_EXPORT, content=_json_export(archive, options, published)))
    notes.append(
        f"Attachments: rendered {published.rendered}, reused {published.reused} "
        f"from the cache ({options.cache_name})"
    )
    warnings = [f"Attachment kinds: {message}" for message in default_registry().problems]
    if cache.fault is not None:
        warnings.append(
            f"Cache folder `{options.cache_name}` cannot be used ({cache.fault}); "
            "this build renders without it"
        )
    return SitePlan(
        archive=archive,
        layout=layout,
        pages=pages,
        files=files,
        trust_authors=options.settings.trust_authors,
        problems=[*published.problems, *timing_problems(archive, published)],
        warnings=warnings,
        notes=notes,
        content_files=tuple(content_files(content_dir)),
        passages=published.passages,
    )


def exports_digest(archive: Archive, options: PlanOptions) -> str:
    """The digest of what the calendars and feeds are made from (``_calendars_and_feed``):
    the archive, but of each talk's writeup only its blurb and whether it says anything
    (``Talk.blurb``, ``Talk.has_content``; editing the rest of a writeup changes none of
    them), the options they read, and the versions of the libraries that write them."""
    talks = tuple(
        (replace(talk, body=""), talk.blurb, talk.has_content) for talk in archive.talks.values()
    )
    facts = (
        EXPORTS_FORMAT,
        _writers(),
        archive.people,
        archive.events,
        talks,
        archive.today,
        options.site_url,
        options.site_name,
        options.settings.timezone,
        _zone_rules(options.settings.timezone),
        options.layout,
    )
    return hashlib.sha256(repr(facts).encode("utf-8")).hexdigest()


@lru_cache(maxsize=4)
def _zone_rules(timezone: str) -> str:
    """The digest of the rules of ``timezone`` as ``zoneinfo`` reads them (the system's
    zone files, else the ``tzdata`` package): the calendars' times and their VTIMEZONE
    come from them, and a new release of the rules changes them."""
    if not timezone or timezone.startswith("/") or ".." in timezone.split("/"):
        return ""
    for folder in zoneinfo.TZPATH:
        path = os.path.join(folder, timezone)
        if os.path.isfile(path):
            with contextlib.suppress(OSError):
                return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    try:
        rules = resources.files("tzdata.zoneinfo").joinpath(*timezone.split("/"))
        return hashlib.sha256(rules.read_bytes()).hexdigest()
    except (ImportError, OSError, ValueError):
        return ""


@lru_cache(maxsize=1)
def _writers() -> tuple[str, ...]:
    """The versions of the libraries that write the calendars and feeds."""
    versions = []
    for name in ("icalendar", "feedgen", "lxml"):
        try:
            versions.append(f"{name} {version(name)}")
        except PackageNotFoundError:
            versions.append(name)
    return tuple(versions)


def _exports_store(cache: Cache, options: PlanOptions) -> PageStore | None:
    """Where the calendars and feeds are kept between builds, if they can be."""
    if not options.remember_pages or cache.fault is not None:
        return None
    return PageStore.opened(
        cache.root / "exports", code_namespace(), EXPORTS_FORMAT, recall=options.recall
    )


def _kept_exports(store: PageStore | None, key: str) -> list[tuple[str, bytes]] | None:
    """The calendars and feeds kept under ``key``, or None."""
    saved = store.load(key) if store is not None else None
    files = saved.get("files") if saved is not None else None
    if not isinstance(files, list) or not all(
        isinstance(pair, list) and len(pair) == 2 and all(isinstance(p, str) for p in pair)
        for pair in files
    ):
        return None
    return [(src, text.encode("utf-8")) for src, text in files]


def _keep_exports(store: PageStore, key: str, made: list[tuple[str, bytes]]) -> None:
    try:
        files = [[src, data.decode("utf-8")] for src, data in made]
    except UnicodeDecodeError:
        return
    store.store(key, {"files": files})


def _nothing() -> None:
    pass


def with_recorded_durations(archive: Archive, durations: Mapping[str, float]) -> Archive:
    """``archive`` with each talk whose front matter gives no ``duration`` lasting as
    long as its recording (in whole minutes, at least one)."""
    filled = {
        slug: replace(talk, duration=max(1, round(durations[slug] / 60)))
        for slug, talk in archive.talks.items()
        if talk.duration is None and slug in durations
    }
    if not filled:
        return archive
    return Archive(archive.people, archive.events, {**archive.talks, **filled}, archive.today)


def site_date(archive: Archive) -> str:
    """The date a built site gives as every page's last change: the day of the archive's
    latest demo day held (before the build's today), else of its first planned one, else
    the start of 1970 (no event yet). Taken from the content, so that building the same
    content on another day writes the same sitemap."""
    events = [event for event in archive.events.values() if not event.cancelled]
    held = [event.date for event in events if archive.is_past(event)]
    if held:
        return max(held).isoformat()
    return min(event.date for event in events).isoformat() if events else "1970-01-01"


def _page_memo(cache: Cache, recall: Recall | None) -> PageStore | None:
    """Where person and topic pages are kept between builds, if the cache can be used."""
    if cache.fault is not None:
        return None
    return PageStore.opened(cache.root / "listings", templates_digest(), MEMO_FORMAT, recall=recall)


def _render_attachments(
    archive: Archive,
    options: PlanOptions,
    content_dir: Path,
    cache: Cache,
    meanwhile: Callable[[], None],
    memo: PageStore | None,
) -> Published:
    """Render slides, notebooks and pictures (or reuse the cache); ``meanwhile`` runs
    while worker processes render; ``memo`` keeps each talk's fragments."""
    processor = AttachmentProcessor(
        content_dir,
        cache,
        registry=default_registry(),
        options=options.attachments,
        linker=options.layout,
    )
    return processor.process(archive, meanwhile=meanwhile, memo=memo)


def _site_options(
    archive: Archive,
    options: PlanOptions,
    home_text: str,
    published: Published,
    planning: Archive | None,
) -> SiteOptions:
    feeds = TalkFeeds.of(archive)
    return SiteOptions(
        site_name=options.site_name,
        linker=options.layout,
        home_text=home_text,
        default_slots=options.settings.default_slots,
        content_dir=options.hint_dir,
        calendar_src=CALENDAR,
        site_url=options.site_url,
        person_calendar=partial(person_calendar_src, archive),
        person_feed=feeds.person_src,
        topic_feed=partial(feeds.topic_src, topics=links.TopicPages(archive.tags)),
        talk_extras=published.talk_extras,
        talk_media=published.talk_media,
        card_image=published.card_image,
        person_image=published.person_image,
        proposals=plan_rotation(planning or archive, options.settings).proposals,
    )


def _calendars_and_feed(archive: Archive, options: PlanOptions) -> list[tuple[str, bytes]]:
    """The calendar, the per-person calendars, the feed (with the quarterly digests) and
    the feeds of each person's and each topic's talks (no attachment in them)."""
    site_url, zone, name = options.site_url, options.settings.timezone, options.site_name
    layout = options.layout
    outputs = [
        (CALENDAR, archive_calendar(archive, site_url, zone, name=name, linker=layout)),
        (FEED, atom_feed(archive, site_url, name, linker=layout, digests=True)),
    ]
    for person in archive.people.values():
        src = person_calendar_src(archive, person)
        if src is not None:
            calendar = person_calendar(
                archive, person.id, site_url, zone, name=f"{person.name} at {name}", linker=layout
            )
            outputs.append((src, calendar))
    feeds = TalkFeeds.of(archive)
    topics = links.TopicPages(archive.tags)
    # Each feed: its talks, its title, where it is, and the page it belongs to.
    lists = [
        (
            talks,
            f"Talks by {archive.people[pid].name} at {name}",
            links.person_feed_src(archive.people[pid]),
            links.person_src(archive.people[pid]),
        )
        for pid, talks in feeds.people.items()
    ] + [
        (talks, f"Talks on #{tag} at {name}", topics.feed_src(tag), topics.src(tag))
        for tag, talks in feeds.topics.items()
    ]
    for talks, title, feed_src, page_src in lists:
        feed = talks_feed(
            archive, talks, site_url, title, feed_src=feed_src, page_src=page_src, linker=layout
        )
        outputs.append((feed_src, feed))
    return outputs


def _json_export(archive: Archive, options: PlanOptions, published: Published) -> str:
    """``talks.json``: its avatars are the pictures the attachments published."""
    return archive_json(
        archive,
        options.site_url,
        options.settings.timezone,
        picture=published.person_image,
        linker=options.layout,
        trust_authors=options.settings.trust_authors,
        recordings=published.recording_facts,
    )
