"""What a site publishes, by source path: the pages Showcase makes, and which files of the
content folder go out as they are. ``check`` uses it to judge the links people write,
the site plan to decide what to publish."""

from __future__ import annotations

import os
import posixpath
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote

from showcase.model import Archive
from showcase.sanitizer import opens_as_document
from showcase.site import links

#: The content's own data files: pages are made from them, they are not published.
DATA_FILES = frozenset({"people.yml", "index.md"})
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
    topics = links.TopicPages(archive.tags)
    return frozenset(
        {
            *fixed,
            *(links.archive_year_src(e.date.year) for e in archive.events.values()),
            *(links.person_src(p) for p in archive.people),
            *(links.event_src(e) for e in archive.events),
            *(links.talk_src(t) for t in archive.talks.values()),
            *(topics.src(tag) for tag in archive.tags),
        }
    )


class ContentFiles:
    """Which files of an archive's content folder the site publishes as they are."""

    def __init__(self, archive: Archive, *, trusted: bool) -> None:
        self.archive = archive
        self.trusted = trusted
        self.avatars = frozenset(p.avatar for p in archive.people.values() if p.avatar)

    def unpublished(self, src: str) -> bool:
        """Whether the file ``src`` (relative to the content folder) is left out of the
        site: the data files pages are made from, avatars (the site shows them resized),
        drafts left out with their attachments, and files that would run script if
        opened on their own (HTML, SVG, XML) unless the authors are trusted."""
        if src in DATA_FILES or src in self.avatars:
            return True
        if src.startswith("events/") and src.endswith((".yml", ".yaml")):
            return True
        if not self.trusted and opens_as_document(src):
            return True
        parts = src.split("/")
        if parts[0] == "talks" and len(parts) >= 3:
            return parts[1] not in self.archive.talks or parts[2] == "index.md"
        return False


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
