"""Where each page lives and how one page links to another, relatively.

Links are relative so that a site works wherever it is hosted, at a domain's root or
under a path such as a GitHub Pages project site.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from showcase.model import Event, Person, Talk
from showcase.scaffold import slugify


def talk_src(talk: Talk) -> str:
    return f"talks/{talk.slug}/index.md"


def person_src(person: Person | str) -> str:
    pid = person if isinstance(person, str) else person.id
    return f"people/{pid}.md"


def event_src(event: Event | str) -> str:
    eid = event if isinstance(event, str) else event.id
    return f"events/{eid}.md"


def tag_slug(tag: str) -> str:
    return slugify(tag) or "tag"


def tag_src(tag: str) -> str:
    return f"topics/{tag_slug(tag)}.md"


HOME = "index.md"
SCHEDULE = "schedule.md"
ARCHIVE = "archive/index.md"
PEOPLE = "people/index.md"
TOPICS = "topics/index.md"
STATS = "stats.md"


def archive_year_src(year: int) -> str:
    return f"archive/{year}.md"


@dataclass(frozen=True, slots=True)
class Linker:
    """Turns source paths into URLs the way MkDocs does, and links between them."""

    directory_urls: bool = True

    def url(self, src: str) -> str:
        """The URL path of the page or file at ``src``, relative to the site root."""
        if not src.endswith(".md"):
            return src
        stem = src[: -len(".md")]
        head, _, name = stem.rpartition("/")
        if name in ("index", "README"):
            folder = f"{head}/" if head else ""
            return folder if self.directory_urls else f"{folder}index.html"
        return f"{stem}/" if self.directory_urls else f"{stem}.html"

    def relative(self, from_src: str, to_src: str) -> str:
        """A link from the page at ``from_src`` to the page or file at ``to_src``."""
        return between(self.url(from_src), self.url(to_src))


@lru_cache(maxsize=1 << 16)
def between(source: str, target: str) -> str:
    """The link from the page at URL path ``source`` to URL path ``target``.

    Both are relative to the site root and normalised (no ``.`` or ``..``), so the link
    is found by counting folders, which is far cheaper than ``posixpath.relpath`` (a page
    generator asks for tens of thousands of links)."""
    base = source.rsplit("/", 1)[0].split("/") if "/" in source else []
    parts = target.split("/")
    common = 0
    while common < len(base) and common < len(parts) - 1 and base[common] == parts[common]:
        common += 1
    path = "/".join([".."] * (len(base) - common) + parts[common:])
    return path or "./"
