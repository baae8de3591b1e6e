"""Renders every attachment of an archive through the cache, and answers the site's hooks.

``AttachmentProcessor.process(archive)`` goes through each talk's slides, notebooks and
cover and each person's avatar, renders what the cache does not already hold, and returns
``Published``: the derived files to publish (site path -> file in the cache), a warning per
file that could not be shown, and the three hooks of ``SiteOptions`` (``talk_extras``,
``card_image``, ``person_image``). A bad file never stops the build: it becomes a warning
and a note on the talk page that still offers the download.

Derived files are published under ``media/``::

    media/talks/SLUG/slides.pdf/page-001.webp   derived from talks/SLUG/slides.pdf
    media/cards/SLUG.svg                        title card of a talk without a picture
    media/people/ID.webp                        avatar, resized (ID.svg: drawn initials)
"""

from __future__ import annotations

import json
import multiprocessing
import re
import shutil
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cached_property, partial
from pathlib import Path, PurePosixPath
from typing import Any

from showcase.attachments import cards, fragments
from showcase.attachments.cache import Cache, Entry, cache_key
from showcase.attachments.handler import (
    AttachmentError,
    AttachmentOptions,
    Handler,
    Passage,
    RenderJob,
    View,
)
from showcase.attachments.memo import TalkFragments, handler_identity
from showcase.attachments.registry import Registry, default_registry
from showcase.attachments.workers import Failure, Task, render_all
from showcase.exports.data import RecordingFacts
from showcase.exports.text import names_of
from showcase.faults import fault_of
from showcase.model import Archive, Attachment, Person, Talk
from showcase.pagestore import PageStore
from showcase.parallel import may_fork, usable_cpus
from showcase.plainfile import Folders
from showcase.problems import Location, Problem, Severity
from showcase.site import filetypes, links
from showcase.site.links import Linker
from showcase.symlinks import inside

MEDIA = "media"
#: Workers at most, whatever the machine: a CI runner may see a host's 64 CPUs.
MAX_WORKERS = 4
#: The roles a talk page shows at its top, under the talk's title (``talk_media``).
MEDIA_ROLES = frozenset({"recording", "transcript"})
#: Why a file is not read: the content was checked, but the file is no longer there.
OUTSIDE = "it is not a regular file inside the content folder"

#: The ids a fragment gives its elements (a passage's place is one of them).
_IDS = re.compile(r'\bid="([^"]*)"')


@dataclass(frozen=True, slots=True)
class Outcome:
    """What became of one attachment: its rendering (from the cache) or why it failed."""

    talk: Talk
    attachment: Attachment
    role: str
    handler: Handler | None
    entry: Entry | None = None
    error: str | None = None
    size: int | None = None

    @property
    def picture(self) -> str | None:
        if self.entry is None or self.error:
            return None
        found = self.entry.record.get("picture")
        return str(found) if found else None


@dataclass
class Published:
    """The attachments of one build, ready for the site."""

    linker: Linker
    #: Site path -> file to copy there.
    files: dict[str, Path] = field(default_factory=dict)
    #: Site path -> SVG drawn for this build (title cards, initials): made in microseconds,
    #: so they are not cached.
    drawn: dict[str, str] = field(default_factory=dict)
    #: One warning per file that could not be shown (with the talk or person it belongs to).
    problems: list[Problem] = field(default_factory=list)
    outcomes: dict[str, list[Outcome]] = field(default_factory=dict)
    cards: dict[str, str] = field(default_factory=dict)
    avatars: dict[str, str] = field(default_factory=dict)
    #: The words written inside each talk's attachments (slides, notebooks) that the
    #: site's search finds, by talk slug, each with the id of its place on the talk page.
    passages: dict[str, list[Passage]] = field(default_factory=dict)
    #: The length in seconds of each talk's recording that could be read, by talk slug.
    durations: dict[str, float] = field(default_factory=dict)
    #: Cache entries made by this build and found from an earlier one.
    rendered: int = 0
    reused: int = 0
    #: Files larger than this are linked rather than shown (``View.oversized``).
    max_bytes: int | None = None
    #: People by their name and id, casefolded: whom a transcript's voice names.
    people: dict[str, Person] = field(default_factory=dict, repr=False)
    #: Where each talk's fragments are kept between builds (``memo``), if anywhere.
    memo: PageStore | None = field(default=None, repr=False)
    _pages: dict[tuple[str, str], TalkFragments] = field(default_factory=dict, repr=False)

    # The hooks of SiteOptions -------------------------------------------------------

    def talk_extras(self, talk: Talk, page_src: str) -> str:
        """The HTML of a talk's slides, notebooks and cover, for the page at ``page_src``."""
        return self._page(talk, page_src).extras

    def talk_media(self, talk: Talk, page_src: str) -> str:
        """The HTML of a talk's recording and transcript, for the page at ``page_src``."""
        return self._page(talk, page_src).media

    def _page(self, talk: Talk, page_src: str) -> TalkFragments:
        """The talk's fragments for the page at ``page_src``: made once per build, taken
        from the memo when it holds them for the same inputs, else made and kept (unless
        a handler failed: its warning must come back next time)."""
        done = self._pages.get((talk.slug, page_src))
        if done is not None:
            return done
        outcomes = self.outcomes.get(talk.slug, [])
        key = self._memo_key(outcomes, page_src) if self.memo is not None and outcomes else None
        saved = self.memo.load(key) if self.memo is not None and key is not None else None
        done = TalkFragments.from_record(saved) if saved is not None else None
        if done is None or (done.passages is None and page_src == links.talk_src(talk)):
            problems = len(self.problems)
            done = self._make_page(talk, outcomes, page_src)
            if self.memo is not None and key is not None and len(self.problems) == problems:
                self.memo.store(key, done.record())
        self._pages[(talk.slug, page_src)] = done
        return done

    def _make_page(self, talk: Talk, outcomes: list[Outcome], page_src: str) -> TalkFragments:
        media = "\n".join(
            self._block(outcome, page_src) for outcome in outcomes if outcome.role in MEDIA_ROLES
        )
        extras = "\n".join(
            self._block(outcome, page_src)
            for outcome in outcomes
            if outcome.role not in MEDIA_ROLES
        )
        if page_src != links.talk_src(talk):
            return TalkFragments(media, extras)
        # Only words whose place is on the page (a handler that failed in ``html`` put none).
        shown = set(_IDS.findall(media + extras))
        passages = tuple(
            passage
            for outcome in outcomes
            for passage in self._passages(outcome, page_src)
            if passage.anchor in shown
        )
        return TalkFragments(media, extras, passages)

    def _memo_key(self, outcomes: list[Outcome], page_src: str) -> str:
        """The digest of everything the handlers see of the talk's attachments from the
        page at ``page_src`` (``_view``): see ``showcase.attachments.memo``."""
        talk = outcomes[0].talk
        return cache_key(
            "fragments",
            self._memo_common,
            page_src,
            repr(talk),
            self.cards.get(talk.slug),
            [_outcome_facts(outcome) for outcome in outcomes],
        )

    @cached_property
    def _memo_common(self) -> str:
        """What every talk's fragments share: the layout, the size limit, and the people
        a voice may name (``_person_url``)."""
        roster = sorted(
            (name, person.id, person.name, links.person_src(person))
            for name, person in self.people.items()
        )
        return cache_key(repr(self.linker), self.max_bytes, roster)

    def recording_facts(self, talk: Talk) -> RecordingFacts:
        """What reading the talk's recording and transcript found, for the JSON export."""
        chapters: tuple[tuple[float, str], ...] = ()
        auto = False
        for outcome in self.outcomes.get(talk.slug, []):
            if outcome.role == "transcript" and outcome.entry is not None and not outcome.error:
                meta = outcome.entry.record.get("meta", {})
                chapters = tuple((float(s), str(t)) for s, t in meta.get("chapters", ()))
                auto = bool(meta.get("auto"))
        return RecordingFacts(self.durations.get(talk.slug), chapters, auto)

    def card_image(self, talk: Talk) -> str | None:
        return self.cards.get(talk.slug)

    def person_image(self, person: Person) -> str | None:
        return self.avatars.get(person.id)

    def searchable(self, talk: Talk) -> list[Passage]:
        """The words written inside a talk's attachments that search finds: only those
        whose place is on the talk page (a handler that failed in ``html`` put none)."""
        return list(self._page(talk, links.talk_src(talk)).passages or ())

    def _passages(self, outcome: Outcome, page_src: str) -> list[Passage]:
        """What search finds inside one attachment shown on the talk page (nothing of one
        that could not be shown: the ids its passages lead to are not on the page)."""
        if outcome.error is not None or outcome.handler is None or outcome.entry is None:
            return []
        try:
            return list(outcome.handler.passages(self._view(outcome, page_src)))
        except Exception as exc:  # a broken handler costs its words in search, no more
            reason = (
                f"its words are not searchable: the {outcome.handler.kind} handler failed "
                f"({type(exc).__name__}: {exc})"
            )
            self.problems.append(
                Problem(
                    outcome.talk.source,
                    Severity.WARNING,
                    f"{fragments.role_title(outcome.role).lower()} `{outcome.attachment.name}` "
                    f"of talk `{outcome.talk.slug}`: {reason}",
                )
            )
            return []

    # Fragments ----------------------------------------------------------------------

    def _block(self, outcome: Outcome, page_src: str) -> str:
        view = self._view(outcome, page_src)
        if outcome.error is not None:
            return fragments.failed(view, outcome.error)
        if outcome.handler is None:
            return fragments.plain(view)
        try:
            return outcome.handler.html(view)
        except Exception as exc:  # a broken handler costs its own block, not the page
            reason = f"the {outcome.handler.kind} handler failed ({type(exc).__name__}: {exc})"
            self.problems.append(_could_not_show(outcome, reason))
            return fragments.failed(view, reason)

    def _view(self, outcome: Outcome, page_src: str, *, alone: bool = False) -> View:
        """``outcome`` as the page at ``page_src`` sees it; ``alone``: without the views
        of the talk's other attachments (those given to a view as ``related``)."""
        attachment = outcome.attachment
        entry = outcome.entry
        urls: dict[str, str] = {}
        meta: Mapping[str, Any] = {}
        if entry is not None and outcome.error is None:
            folder = derived_folder(attachment)
            urls = {
                name: self.linker.relative(page_src, f"{folder}/{name}")
                for name in entry.files
                if is_published(name)
            }
            meta = entry.record.get("meta", {})
        download = attachment.url or self.linker.relative(page_src, attachment.path or "")
        if attachment.path is not None and not filetypes.is_published_kind(attachment.path):
            download = ""  # not published as it is; a handler may offer a copy (decks do)
        related: Mapping[str, View] = {}
        if not alone:
            others = [
                other
                for other in self.outcomes.get(outcome.talk.slug, [])
                if other is not outcome and other.error is None
            ]
            related = _Related(others, partial(self._view, page_src=page_src, alone=True))
        card = self.cards.get(outcome.talk.slug)
        return View(
            talk=outcome.talk,
            attachment=attachment,
            role=outcome.role,
            meta=meta,
            download=download,
            size=outcome.size,
            urls=urls,
            folder=entry.folder if entry is not None else None,
            related=related,
            oversized=(
                self.max_bytes is not None
                and outcome.size is not None
                and outcome.size > self.max_bytes
            ),
            picture=self.linker.relative(page_src, card) if card else None,
            person_url=partial(self._person_url, outcome.talk, page_src),
        )

    def _person_url(self, talk: Talk, page_src: str, name: str) -> tuple[str, str] | None:
        """The page (relative to ``page_src``) and name of the person ``name`` is: one of
        the talk's speakers by full or first name, else anyone by full name or id."""
        key = " ".join(name.split()).casefold()
        if not key:
            return None
        speakers = [self.people[pid] for pid in talk.speakers if pid in self.people]
        by_first = [p for p in speakers if p.name.split()[0].casefold() == key]
        person = next((p for p in speakers if p.name.casefold() == key), None)
        if person is None and len(by_first) == 1:
            person = by_first[0]
        if person is None:
            person = self.people.get(key)
        if person is None:
            return None
        return self.linker.relative(page_src, links.person_src(person)), person.name


class _Related(Mapping[str, View]):
    """The views of a talk's other attachments by role (the first in each role), each
    made only when a handler asks for it: most handlers never look."""

    def __init__(self, outcomes: list[Outcome], view: Callable[[Outcome], View]) -> None:
        self._outcomes: dict[str, Outcome] = {}
        for outcome in outcomes:
            self._outcomes.setdefault(outcome.role, outcome)
        self._view = view
        self._made: dict[str, View] = {}

    def __getitem__(self, role: str) -> View:
        if role not in self._made:
            self._made[role] = self._view(self._outcomes[role])
        return self._made[role]

    def __iter__(self) -> Iterator[str]:
        return iter(self._outcomes)

    def __len__(self) -> int:
        return len(self._outcomes)


class AttachmentProcessor:
    """Renders an archive's attachments; create one per build."""

    def __init__(
        self,
        content_dir: Path,
        cache: Cache,
        *,
        registry: Registry | None = None,
        options: AttachmentOptions | None = None,
        linker: Linker | None = None,
    ) -> None:
        self.content_dir = content_dir
        self.cache = cache
        self.registry = registry if registry is not None else default_registry()
        self.options = options or AttachmentOptions()
        self.linker = linker or Linker()
        #: Why each file a worker could not render was not rendered, by cache key.
        self._failed: dict[str, Failure] = {}
        #: The roles ``process`` renders (None: every attachment, cards and avatars).
        self.roles: frozenset[str] | None = None
        #: The real paths of the content's folders, each resolved once.
        self._folders = Folders()

    def process(
        self,
        archive: Archive,
        *,
        meanwhile: Callable[[], None] | None = None,
        roles: frozenset[str] | None = None,
        pages: bool = True,
        memo: PageStore | None = None,
    ) -> Published:
        """Render and publish the archive's attachments. ``meanwhile`` is other work of
        the caller's that does not need them: it runs once, while worker processes (if
        any) render, instead of after. ``roles``: only the attachments in these roles
        (``check`` reads recordings and transcripts), and no card or avatar. ``pages``:
        also write each talk's fragments and find what search is given from them (what
        ``check`` leaves out: it reports on the files, and those come from them alone).
        ``memo``: where each talk's fragments are kept between builds
        (``showcase.attachments.memo``)."""
        self.roles = roles
        self._render_ahead(archive, meanwhile or (lambda: None))
        published = Published(self.linker, max_bytes=self.options.max_bytes, memo=memo)
        for person in archive.people.values():
            published.people.setdefault(person.id.casefold(), person)
            published.people.setdefault(" ".join(person.name.split()).casefold(), person)
        for talk in archive.talks.values():
            outcomes = [self._attachment(talk, role, item) for role, item in self._items(talk)]
            published.outcomes[talk.slug] = outcomes
            for outcome in outcomes:
                self._publish_outcome(outcome, published)
            if roles is None:
                published.cards[talk.slug] = self._card(talk, outcomes, archive, published)
        for person in archive.people.values() if roles is None else ():
            published.avatars[person.id] = self._avatar(person, published)
        published.rendered = self.cache.rendered
        published.reused = self.cache.reused
        # Check every fragment now (and find the words search is given from each), so that
        # a handler failing in ``html`` is reported with the others rather than silently
        # while pages are written.
        for talk in archive.talks.values() if pages else ():
            if passages := published.searchable(talk):
                published.passages[talk.slug] = passages
        return published

    # Attachments --------------------------------------------------------------------

    def _items(self, talk: Talk) -> list[tuple[str, Attachment]]:
        """The talk's attachments this processor renders, with their roles."""
        found = _attachments(talk)
        return found if self.roles is None else [i for i in found if i[0] in self.roles]

    def _attachment(self, talk: Talk, role: str, item: Attachment) -> Outcome:
        planned = self._plan(talk, role, item)
        if isinstance(planned, Outcome):
            return planned
        handler, source, size = planned
        try:
            entry = self._render(handler, source, item.name, role, label=item.path or "")
        except NotRendered as exc:
            return Outcome(talk, item, role, handler, error=str(exc), size=size)
        except Exception as exc:  # a handler's bug must not stop the archive
            if fault_of(exc) is not None:
                raise  # the machine's, not the file's: the build says so in one line
            reason = f"the {handler.kind} handler failed ({type(exc).__name__}: {exc})"
            return Outcome(talk, item, role, handler, error=reason, size=size)
        error = entry.record.get("error")
        return Outcome(
            talk, item, role, handler, entry, error=str(error) if error else None, size=size
        )

    def _plan(self, talk: Talk, role: str, item: Attachment) -> Outcome | tuple[Handler, Path, int]:
        """What to render for an attachment, or its outcome when nothing is rendered."""
        handler = self.registry.get(item.kind)
        if item.url is not None or item.path is None:
            return Outcome(talk, item, role, handler)
        # Checked again as it is opened: only a regular file inside the content folder,
        # by its resolved path, is ever read.
        source = inside(self.content_dir / item.path, self.content_dir, self._folders)
        if source is None:
            return Outcome(talk, item, role, handler, error=OUTSIDE)
        try:
            size = source.stat().st_size
        except OSError as exc:
            return Outcome(talk, item, role, handler, error=f"it cannot be read ({exc})")
        if handler is None or not handler.renders_files:
            return Outcome(talk, item, role, handler, size=size)
        too_large = None if handler.any_size else self._too_large(size)
        if too_large:
            return Outcome(talk, item, role, handler, error=too_large, size=size)
        return handler, source, size

    def _too_large(self, size: int) -> str | None:
        if size <= self.options.max_bytes:
            return None
        limit = fragments.human_size(self.options.max_bytes)
        return f"it is {fragments.human_size(size)}, more than the {limit} Showcase renders"

    def _key(self, handler: Handler, source: Path, role: str) -> str:
        return cache_key(
            "attachment",
            handler.kind,
            handler.version,
            role,
            self.options.cache_fields(),
            self.cache.file_digest(source),
        )

    def _render(self, handler: Handler, source: Path, name: str, role: str, *, label: str) -> Entry:
        """The file's rendering from the cache, else made here; ``NotRendered`` when a
        worker could not render it (the machine's fault is raised as it was)."""
        key = self._key(handler, source, role)
        failure = self._failed.get(key)
        if failure is not None:
            if failure.fault is not None:
                raise failure.fault
            raise NotRendered(failure.reason)
        produce = self._producer(handler, source, name, role)
        return self.cache.get(key, produce, label=f"{label} ({handler.kind})")

    def _producer(
        self, handler: Handler, source: Path, name: str, role: str
    ) -> Callable[[Path], Mapping[str, Any]]:
        """The cache's ``produce`` for one file: picklable, so a worker can run it."""
        return partial(_produce, handler, RenderJob(source, source, name, role, self.options))

    def _render_ahead(self, archive: Archive, meanwhile: Callable[[], None]) -> None:
        """Render every file the cache lacks in worker processes, one per CPU, each file
        within ``render_timeout`` seconds (``workers``).

        What a worker renders lands in the cache, where the build then finds it; a file
        a worker could not render is remembered with its reason, for its warning. Only
        when no worker can be started (or a handler cannot be sent to one) does the
        build render a file itself.
        """
        tasks: dict[str, Task] = {}
        for handler, source, name, role in self._files_to_render(archive):
            try:
                key = self._key(handler, source, role)
            except OSError:
                continue  # reported when the build reads it
            if key not in tasks and not self.cache.holds(key):
                produce = self._producer(handler, source, name, role)
                slow = handler.kind if handler.slow_first else ""
                tasks[key] = Task(key, produce, handler.kind, slow)
        called = False

        def meanwhile_once() -> None:
            nonlocal called
            called = True
            meanwhile()

        if tasks:
            workers = min(_cpus(), len(tasks))
            try:
                outcomes = render_all(
                    self.cache.root,
                    _batches(list(tasks.values()), workers),
                    workers=workers,
                    timeout=self.options.render_timeout,
                    start_method=_start_method(),
                    meanwhile=meanwhile_once,
                )
            except OSError:  # no process could be started: the build renders itself
                pass
            else:
                self.cache.adopt(outcomes.done)
                self._failed.update(outcomes.failed)
        if not called:
            meanwhile()

    def _files_to_render(self, archive: Archive) -> Iterator[tuple[Handler, Path, str, str]]:
        """Each file the build renders: its handler, the file, its name and its role."""
        for talk in archive.talks.values():
            for role, item in self._items(talk):
                try:
                    planned = self._plan(talk, role, item)
                except OSError:
                    continue
                if not isinstance(planned, Outcome):
                    handler, source, _size = planned
                    yield handler, source, item.name, role
        pictures = self.registry.get("image")
        for person in archive.people.values() if self.roles is None else ():
            if not person.avatar or pictures is None:
                continue
            picture = inside(self.content_dir / person.avatar, self.content_dir, self._folders)
            try:
                if picture is None or self._too_large(picture.stat().st_size):
                    continue
            except OSError:
                continue
            yield pictures, picture, PurePosixPath(person.avatar).name, "avatar"

    def _publish_outcome(self, outcome: Outcome, published: Published) -> None:
        if outcome.error is not None:
            published.problems.append(_could_not_show(outcome, outcome.error))
            return
        if outcome.entry is not None:
            folder = derived_folder(outcome.attachment)
            for name in outcome.entry.files:
                if is_published(name):
                    published.files[f"{folder}/{name}"] = outcome.entry.path(name)
            meta = outcome.entry.record.get("meta", {})
            for warning in meta.get("warnings", ()):
                published.problems.append(_shown_with(outcome, str(warning)))
            duration = meta.get("duration")
            if outcome.role == "recording" and isinstance(duration, (int, float)) and duration > 0:
                published.durations[outcome.talk.slug] = float(duration)

    # Pictures -----------------------------------------------------------------------

    def _card(
        self, talk: Talk, outcomes: list[Outcome], archive: Archive, published: Published
    ) -> str:
        """The cover's thumbnail, else the slides' first page, else the recording's poster,
        else a drawn title card."""
        for role in ("cover", "slides", "recording"):
            for outcome in outcomes:
                if outcome.role == role and outcome.picture and outcome.entry is not None:
                    return f"{derived_folder(outcome.attachment)}/{outcome.picture}"
        when = archive.date_of(talk)
        month = f"{when:%B %Y}" if isinstance(when, date) else "Proposed talk"
        byline = names_of(archive, talk.speakers)
        site_path = f"{MEDIA}/cards/{talk.slug}.svg"
        published.drawn[site_path] = cards.title_card(talk.title, byline, month, seed=talk.slug)
        return site_path

    def _avatar(self, person: Person, published: Published) -> str:
        """The person's picture, squared and resized, or their initials on a colour."""
        if person.avatar:
            picture = self._avatar_picture(person, published)
            if picture is not None:
                site_path = f"{MEDIA}/people/{person.id}.webp"
                published.files[site_path] = picture
                return site_path
        site_path = f"{MEDIA}/people/{person.id}.svg"
        published.drawn[site_path] = cards.initials_avatar(
            person.initials, seed=person.id, size=self.options.avatar_size
        )
        return site_path

    def _avatar_picture(self, person: Person, published: Published) -> Path | None:
        assert person.avatar is not None
        source = inside(self.content_dir / person.avatar, self.content_dir, self._folders)
        handler = self.registry.get("image")
        reason: str | None = OUTSIDE if source is None else None
        entry: Entry | None = None
        name = PurePosixPath(person.avatar).name
        try:
            if source is not None:
                size = source.stat().st_size
                if handler is None:
                    return None
                reason = self._too_large(size)
                if reason is None:
                    entry = self._render(handler, source, name, "avatar", label=person.avatar)
                    reason = entry.record.get("error")
        except NotRendered as exc:
            reason = str(exc)
        except Exception as exc:
            if fault_of(exc) is not None:
                raise
            reason = f"it could not be read ({type(exc).__name__}: {exc})"
        if reason or entry is None or not entry.record.get("picture"):
            published.problems.append(
                Problem(
                    person.source if person.source.path else Location("people.yml"),
                    Severity.WARNING,
                    f"the avatar `{person.avatar}` of {person.name} could not be shown: "
                    f"{reason or 'no picture was made'}; the site shows initials instead",
                )
            )
            return None
        return entry.path(str(entry.record["picture"]))


def _produce(handler: Handler, job: RenderJob, folder: Path) -> dict[str, Any]:
    """Render ``job`` into ``folder``: the cache's ``produce`` for an attachment."""
    try:
        rendering = handler.render(replace(job, out=folder))
    except AttachmentError as exc:
        _empty(folder)  # half-written files of a bad input are not kept
        return {"error": str(exc)}
    meta = json.loads(json.dumps(dict(rendering.meta)))
    picture = rendering.picture
    if picture is not None and not (folder / picture).is_file():
        raise AttachmentError(f"the handler named a picture it did not write: {picture}")
    return {"meta": meta, "picture": picture}


class NotRendered(Exception):
    """A file a worker process could not render; the message says why."""


def _batches(jobs: list[Task], workers: int) -> list[list[Task]]:
    """The jobs in the order workers take them, most one to a batch.

    The files of a ``slow_first`` kind go first, in one batch of at most a worker's share
    of all the jobs, so that one worker pays that kind's first render while the others
    take the rest one by one. Those of its files the batch cannot hold go last, one by
    one, to whichever worker is free: a worker that pays the first render then has
    enough of them to make it worth it.
    """
    share = -(-len(jobs) // workers)
    batches: list[list[Task]] = []
    later: list[list[Task]] = []
    for kind in dict.fromkeys(job.slow_kind for job in jobs if job.slow_kind):
        slow = [job for job in jobs if job.slow_kind == kind]
        batches.append(slow[:share])
        later.extend([job] for job in slow[share:])
    batches.extend([job] for job in jobs if not job.slow_kind)
    return batches + later


def _cpus() -> int:
    """CPUs this process may use, at most ``MAX_WORKERS``."""
    return usable_cpus(MAX_WORKERS)


def _start_method() -> str:
    """Fork where it is safe (``showcase.parallel.may_fork``): it starts a worker at once
    and shares what is loaded. Else a fresh interpreter per worker."""
    if may_fork():
        return "fork"
    methods = multiprocessing.get_all_start_methods()
    return "forkserver" if "forkserver" in methods else "spawn"


def _outcome_facts(outcome: Outcome) -> list[Any]:
    """What a handler sees of one attachment, for a fragment's key: its role and file,
    its handler, its cache entry (whose key covers the file and the render options),
    why it could not be shown and its size."""
    handler = outcome.handler
    entry = outcome.entry
    return [
        outcome.role,
        repr(outcome.attachment),
        None if handler is None else handler_identity(handler),
        None if entry is None else [entry.key, entry.files, entry.digests, entry.record],
        outcome.error,
        outcome.size,
    ]


def _shown_with(outcome: Outcome, warning: str) -> Problem:
    """A problem of a file that is shown all the same (a transcript's broken cue)."""
    return Problem(
        outcome.talk.source,
        Severity.WARNING,
        f"{fragments.role_title(outcome.role).lower()} `{outcome.attachment.name}` of talk "
        f"`{outcome.talk.slug}`: {warning}",
    )


def _could_not_show(outcome: Outcome, reason: str) -> Problem:
    return Problem(
        outcome.talk.source,
        Severity.WARNING,
        f"{fragments.role_title(outcome.role).lower()} `{outcome.attachment.name}` of talk "
        f"`{outcome.talk.slug}` could not be shown: {reason}; the talk page offers the "
        "download instead",
    )


def is_published(name: str) -> bool:
    """Whether a derived file goes on the site (``_private`` files are for ``html`` only)."""
    return not any(part.startswith("_") for part in name.split("/"))


def derived_folder(attachment: Attachment) -> str:
    """The site folder of an attachment's derived files."""
    return f"{MEDIA}/{attachment.path}"


def _attachments(talk: Talk) -> list[tuple[str, Attachment]]:
    """The talk's attachments with their roles: the recording and transcript first (a
    talk page shows them at the top), then slides, notebooks and the cover."""
    items: list[tuple[str, Attachment]] = []
    if talk.recording is not None:
        items.append(("recording", talk.recording))
    if talk.transcript is not None:
        items.append(("transcript", talk.transcript))
    if talk.slides is not None:
        items.append(("slides", talk.slides))
    items.extend(("notebooks", notebook) for notebook in talk.notebooks)
    if talk.cover is not None:
        items.append(("cover", talk.cover))
    return items


def _empty(folder: Path) -> None:
    for child in folder.iterdir():
        if child.is_dir():
            shutil.rmtree(child, ignore_errors=True)
        else:
            child.unlink(missing_ok=True)
