"""What a site publishes, by source path: the pages Showcase makes, the files the site
writes itself, and which files of the content folder go out as they are. ``check`` uses
it to judge the links people write and to say what the build leaves out, the site plan
to decide what to publish.

A file of the content folder is published as it is only when nothing else needs its
place: a file of a kind the site publishes (``filetypes``; every kind when the authors
are trusted), outside the folders the site writes itself, with a name that reads as what
it is, and whose place in the built site is not taken by a page or file of Showcase's,
nor by a file or folder of another content file. The build also gives the theme's files
their place back (only it can see them: ``showcase.mkdocs.placement``).
"""

from __future__ import annotations

import enum
import os
import posixpath
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from urllib.parse import unquote

from showcase.digests import quarterly_digests, shown_talks
from showcase.model import Archive, Person, Talk
from showcase.site import filetypes, links
from showcase.site.links import Linker

#: The content's own data files: pages are made from them, they are not published.
DATA_FILES = frozenset({"people.yml", "index.md"})
#: Folders of the site that the site alone writes: the theme's stylesheets, scripts and
#: pictures (Material's and Showcase's), the search index, and the attachments' derived
#: files and drawn pictures. A file of the content folder there could take the place of
#: one of them, so none is published.
RESERVED_FOLDERS = ("assets", "search", "media")
#: The calendar, the feed and the JSON export of the whole archive.
CALENDAR = "schedule.ics"
FEED = "feed.xml"
JSON_EXPORT = "talks.json"
#: Files the site generator writes itself: MkDocs' page for a missing address and its
#: sitemap; and the folder of the site's search (``showcase.search``), whole.
GENERATOR_FILES = ("404.html", "sitemap.xml", "sitemap.xml.gz", "search")
#: Link and image targets in Markdown and HTML that people wrote: inline links,
#: reference definitions, and quoted or bare ``href``/``src`` attributes. One pattern
#: each, so that each starts with text the regex engine can search for.
_TARGETS = (
    re.compile(r"\]\(\s*<?([^)\s>]+)"),
    re.compile(r"^[ ]{0,3}\[[^\]]+\]:\s*<?([^\s>]+)", re.MULTILINE),
    re.compile(r"href\s*=\s*(?:[\"']([^\"']+)[\"']|([^\s\"'>]+))"),
    re.compile(r"src\s*=\s*(?:[\"']([^\"']+)[\"']|([^\s\"'>]+))"),
)
#: Text each pattern needs, checked before it runs.
_NEEDS = ("](", "]:", "href", "src")
_ELSEWHERE = re.compile(r"^([a-z][a-z0-9+.-]*:|//|/)", re.I)


def page_sources(archive: Archive) -> frozenset[str]:
    """The source path of every page Showcase makes for ``archive``."""
    fixed = {links.HOME, links.SCHEDULE, links.ARCHIVE, links.PEOPLE, links.TOPICS, links.STATS}
    fixed.add(links.DIGESTS)
    topics = links.TopicPages(archive.tags)
    return frozenset(
        {
            *fixed,
            *(links.archive_year_src(e.date.year) for e in archive.events.values()),
            *(links.person_src(p) for p in archive.people),
            *(links.event_src(e) for e in archive.events),
            *(links.talk_src(t) for t in archive.talks.values()),
            *(topics.src(tag) for tag in archive.tags),
            *(links.digest_src(digest.quarter) for digest in quarterly_digests(archive)),
        }
    )


@dataclass(frozen=True)
class TalkFeeds:
    """The Atom feeds of a person's and of a topic's talks: the talks the digests show
    (given, no drafts), newest first, for each person and tag that has one. Only those
    get a feed, so that every feed is dated by its newest talk."""

    people: Mapping[str, tuple[Talk, ...]]
    topics: Mapping[str, tuple[Talk, ...]]

    @classmethod
    def of(cls, archive: Archive) -> TalkFeeds:
        people: dict[str, list[Talk]] = {}
        topics: dict[str, list[Talk]] = {}
        for talk in shown_talks(archive):
            for pid in talk.speakers:
                if pid in archive.people:
                    people.setdefault(pid, []).append(talk)
            for tag in talk.tags:
                topics.setdefault(tag, []).append(talk)
        return cls(
            {pid: tuple(talks) for pid, talks in people.items()},
            {tag: tuple(talks) for tag, talks in topics.items()},
        )

    def person_src(self, person: Person | str) -> str | None:
        """Where the feed of ``person``'s talks is published, if they have one."""
        pid = person if isinstance(person, str) else person.id
        return links.person_feed_src(pid) if pid in self.people else None

    def topic_src(self, tag: str, topics: links.TopicPages) -> str | None:
        """Where the feed of ``tag``'s talks is published, if it has one."""
        return topics.feed_src(tag) if tag in self.topics else None

    def sources(self, topics: links.TopicPages) -> set[str]:
        """Every feed's source path."""
        return {links.person_feed_src(pid) for pid in self.people} | {
            topics.feed_src(tag) for tag in self.topics
        }


def person_calendar_src(archive: Archive, person: Person) -> str | None:
    """Where the calendar of a person's talks is published: only for those with a talk
    at a dated demo day."""
    has_dated_talks = any(t.event for t in archive.talks_by(person.id))
    return f"people/{person.id}.ics" if has_dated_talks else None


def destination(src: str, layout: Linker) -> str:
    """The path of the file the site writes for the source ``src`` (as MkDocs does:
    ``x/y.md`` is ``x/y/index.html``, or ``x/y.html`` without directory URLs)."""
    if not filetypes.is_page(src):
        return src
    head, _, name = src.rpartition("/")
    stem = name.rpartition(".")[0]
    stem = "index" if stem == "README" else stem
    if stem == "index" or not layout.directory_urls:
        return posixpath.join(head, f"{stem}.html")
    return posixpath.join(head, stem, "index.html")


class Withheld(enum.Enum):
    """Why a file of the content folder is not published as it is."""

    #: Pages are made from it (``people.yml``, ``index.md``, event files, a talk's
    #: ``index.md``), or the site shows it otherwise (an avatar, resized; a transcript
    #: written in Markdown, on its talk's page).
    DATA = "data"
    #: A file directly in ``talks/``, which holds one folder per talk (or a ``talks`` or
    #: ``events`` that is a file).
    STRAY = "stray"
    #: In the folder of a talk the site leaves out (a draft, or one that did not load).
    DRAFT = "draft"
    #: In a folder the site alone writes (``RESERVED_FOLDERS``).
    RESERVED = "reserved"
    #: Its path holds a backslash, a control or a bidirectional control character.
    NAME = "name"
    #: Not of a kind the site publishes (``filetypes.PUBLISHED_KINDS``).
    KIND = "kind"
    #: Its place in the site is a page or file of the site's, or another content file's.
    CLASH = "clash"


class ContentFiles:
    """Which files of an archive's content folder the site publishes as they are.

    ``files`` are the content folder's files (``content_files``); ``layout`` places them
    in the site, to find the ones whose place is taken.
    """

    def __init__(
        self,
        archive: Archive,
        *,
        trusted: bool,
        layout: Linker | None = None,
        files: Iterable[str] = (),
    ) -> None:
        self.archive = archive
        self.trusted = trusted
        self.layout = layout or Linker()
        self.files = tuple(files)
        self.avatars = frozenset(p.avatar for p in archive.people.values() if p.avatar)
        # A transcript written in Markdown is shown on its talk's page, not as a page.
        written = (t.transcript.path for t in archive.talks.values() if t.transcript)
        self.transcripts = frozenset(p for p in written if p and filetypes.is_page(p))

    def unpublished(self, src: str) -> bool:
        """Whether the file ``src`` (relative to the content folder) is left out of the
        site (see ``withheld``)."""
        return self.withheld(src) is not None

    def withheld(self, src: str) -> Withheld | None:
        """Why the file ``src`` is not published as it is, or ``None`` when it is."""
        reason = self._withheld_alone(src)
        if reason is None and src in self.clashes:
            return Withheld.CLASH
        return reason

    def _withheld_alone(self, src: str) -> Withheld | None:
        """``withheld``, judging ``src`` without the other files."""
        if src in self.avatars or src in self.transcripts:
            return Withheld.DATA
        parts = src.split("/")
        # A folder where a data file belongs holds nothing to publish (the loader says
        # what is wrong with it), and nor does a `talks` or `events` that is a file.
        if parts[0] in DATA_FILES:
            return Withheld.DATA
        if parts[0] == "events" and any(p.endswith((".yml", ".yaml")) for p in parts[1:]):
            return Withheld.DATA
        if parts[0] in ("talks", "events") and len(parts) == 1:
            return Withheld.STRAY
        if parts[0] in RESERVED_FOLDERS and len(parts) > 1:
            return Withheld.RESERVED
        if parts[0] == "talks" and len(parts) == 2:
            return Withheld.STRAY
        if parts[0] == "talks" and len(parts) >= 3:
            if parts[1] not in self.archive.talks:
                return Withheld.DRAFT
            if parts[2] == "index.md":
                return Withheld.DATA
        if filetypes.name_problem(src) is not None:
            return Withheld.NAME
        if filetypes.is_page(src) or self.trusted or filetypes.is_published_kind(src):
            return None
        return Withheld.KIND

    @cached_property
    def clashes(self) -> dict[str, tuple[str, str]]:
        """Each content file whose place in the site is taken, with that place and what
        takes it: a page or file the site writes, or a content file earlier in order."""
        site = Destinations(fold_case=True)
        for src in sorted(site_sources(self.archive)):
            site.take(destination(src, self.layout), f"Showcase's own `{src}`")
        for src in GENERATOR_FILES:
            site.take(src, f"`{src}`, which the site generator writes")
        content = Destinations()
        found: dict[str, tuple[str, str]] = {}
        for src in sorted(self.files):
            if self._withheld_alone(src) is not None:
                continue
            place = destination(src, self.layout)
            owner = site.clash(place) or content.clash(place)
            if owner is not None:
                found[src] = (place, owner)
            else:
                content.take(place, f"`{src}` of the content folder")
        return found

    def warning(self, src: str) -> str | None:
        """What ``check`` says of ``src`` when the build leaves it out and nothing else
        says so (data files, drafts and stray files in ``talks/`` need no word here)."""
        reason = self.withheld(src)
        if reason is Withheld.RESERVED:
            folder = src.split("/")[0]
            return (
                f"this file is not published: `{folder}/` is the site's own folder (the "
                "theme's files, the search index and the attachments' pictures are there), "
                "and a file of the content folder could take the place of one of them; "
                "move it to another folder"
            )
        if reason is Withheld.NAME:
            problem = filetypes.name_problem(src)
            return f"this file is not published: its path {problem}"
        if reason is Withheld.KIND:
            if filetypes.opens_as_document(src):
                return (
                    "this file is not published: opened on its own, an HTML, SVG or XML "
                    "file runs its script on the site. Name an HTML deck as the talk's "
                    "`slides:` to show it in a sandboxed frame, or attach the file in a "
                    ".zip; an archive that trusts every author sets the showcase plugin's "
                    "`trust_authors`"
                )
            found = filetypes.suffix(src)
            kind = f"`{found}`" if found else "a file without a suffix"
            return (
                f"this file is not published: {kind} is not one of the kinds the site "
                f"publishes as they are ({filetypes.kinds_listed()}), which a browser only "
                "shows, plays or downloads. Attach it in a .zip (or rename a text file to "
                ".txt); an archive that trusts every author sets the showcase plugin's "
                "`trust_authors`"
            )
        if reason is Withheld.CLASH:
            place, owner = self.clashes[src]
            return (
                f"this file is not published: its place in the site, `{place}`, is taken "
                f"by {owner} (the same file, or a file where the other needs a folder); "
                "rename it"
            )
        return None


def site_sources(archive: Archive) -> frozenset[str]:
    """The source path of every page and file Showcase makes for ``archive`` outside
    ``RESERVED_FOLDERS``: its pages, the calendars, the feeds and the JSON export."""
    calendars = (person_calendar_src(archive, person) for person in archive.people.values())
    return (
        page_sources(archive)
        | {CALENDAR, FEED, JSON_EXPORT}
        | {src for src in calendars if src is not None}
        | TalkFeeds.of(archive).sources(links.TopicPages(archive.tags))
    )


class Destinations:
    """Paths in the built site, each taken by someone: a new path clashes with one that
    is the same file, with a file where it needs a folder, or with a folder where it is
    a file (written after it, either ends the build or overwrites the other)."""

    def __init__(self, *, fold_case: bool = False) -> None:
        # A site is also built and served on file systems that ignore case (macOS).
        self.fold_case = fold_case
        self.files: dict[str, str] = {}
        self.folders: dict[str, str] = {}

    def _key(self, path: str) -> str:
        return path.casefold() if self.fold_case else path

    def clash(self, path: str) -> str | None:
        """Who holds a path that ``path`` clashes with, or ``None``."""
        key = self._key(path)
        if key in self.files:
            return self.files[key]
        if key in self.folders:
            return self.folders[key]
        parts = key.split("/")
        for end in range(1, len(parts)):
            holder = self.files.get("/".join(parts[:end]))
            if holder is not None:
                return holder
        return None

    def take(self, path: str, owner: str) -> None:
        """Record ``path`` as ``owner``'s (and every folder above it)."""
        key = self._key(path)
        self.files.setdefault(key, owner)
        parts = key.split("/")
        for end in range(1, len(parts)):
            self.folders.setdefault("/".join(parts[:end]), owner)


def link_targets(src: str, text: str) -> Iterator[tuple[str, str, int]]:
    """The local targets that Markdown or HTML ``text`` on page ``src`` links to: each as
    the source path it names, as written, and the offset in ``text`` where it is."""
    folder = posixpath.dirname(src)
    matches = [
        match
        for needs, pattern in zip(_NEEDS, _TARGETS, strict=True)
        if needs in text
        for match in pattern.finditer(text)
    ]
    # In the order of the text; a match inside an earlier one is not a link of its own
    # (``src=`` in a URL's query).
    matches.sort(key=lambda match: match.start())
    end = 0
    for match in matches:
        if match.start() < end:
            continue
        end = match.end()
        written = next((group for group in match.groups() if group), "")
        target = unquote(written.split("#", 1)[0].split("?", 1)[0])
        if not target or _ELSEWHERE.match(target):
            continue  # a URL elsewhere, an absolute path, or a link within the page
        yield posixpath.normpath(posixpath.join(folder, target)), written, match.start()


def linked_files(src: str, text: str) -> list[str]:
    """The files in the site that Markdown or HTML ``text`` on page ``src`` links to."""
    return [target for target, _written, _offset in link_targets(src, text)]


def content_files(root: Path) -> Iterator[str]:
    """Every file under ``root`` that a site generator publishes, as a POSIX path relative
    to it: hidden files and folders are left out (MkDocs publishes none), links are not
    followed (``symlinks`` judges them)."""
    for folder, folders, names in os.walk(root):
        folders[:] = sorted(name for name in folders if not name.startswith("."))
        base = Path(folder).relative_to(root).as_posix()
        for name in sorted(names):
            if not name.startswith("."):
                yield name if base == "." else f"{base}/{name}"
