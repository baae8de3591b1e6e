"""Where each page lives and how one page links to another, relatively.

Links are relative so that a site works wherever it is hosted, at a domain's root or
under a path such as a GitHub Pages project site.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import quote

from anyascii import anyascii

from showcase.digests import Quarter
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


def person_feed_src(person: Person | str) -> str:
    """The Atom feed of a person's talks, beside their page."""
    pid = person if isinstance(person, str) else person.id
    return f"people/{pid}.xml"


def digest_src(quarter: Quarter) -> str:
    return f"digests/{quarter.slug}.md"


class TopicPages:
    """The page of each tag: ``topics/<slug>.md``, one page per tag, never two tags on one.

    A tag's slug is its words in ASCII (transliterated by anyascii, so that `機械学習` and
    `深層学習` do not both become nothing). Where several tags share a slug (`c++`, `c#`
    and `c`), the tag written exactly as the slug keeps it and each other one gets the
    start of its own digest after it: deterministic, and the same tag keeps the same page
    however the other tags change, unless it is the one that shares.
    """

    def __init__(self, tags: Iterable[str]) -> None:
        self._slugs = topic_slugs(tags)

    def src(self, tag: str) -> str:
        return f"topics/{self._slugs[tag]}.md"

    def slug(self, tag: str) -> str:
        return self._slugs[tag]

    def feed_src(self, tag: str) -> str:
        """The Atom feed of the tag's talks, beside its page."""
        return f"topics/{self._slugs[tag]}.xml"


#: Names under ``topics/`` that are not a tag's: the list of topics is ``topics/index.md``.
_RESERVED_TOPICS = frozenset({"index"})


def topic_slugs(tags: Iterable[str]) -> dict[str, str]:
    """A slug for each tag, no two alike (see ``TopicPages``)."""
    ordered = sorted(set(tags))
    base = {tag: slugify(anyascii(tag)) or "tag" for tag in ordered}
    sharing = Counter(base.values())
    taken = set(_RESERVED_TOPICS)
    slugs: dict[str, str] = {}
    for tag in ordered:
        own = base[tag]
        if own not in taken and (sharing[own] == 1 or tag == own):
            slugs[tag] = own
            taken.add(own)
    for tag in ordered:
        if tag in slugs:
            continue
        digest = hashlib.sha256(tag.encode("utf-8")).hexdigest()
        length = 6
        while (candidate := f"{base[tag]}-{digest[:length]}") in taken:
            length += 1
        slugs[tag] = candidate
        taken.add(candidate)
    return slugs


HOME = "index.md"
SCHEDULE = "schedule.md"
ARCHIVE = "archive/index.md"
PEOPLE = "people/index.md"
TOPICS = "topics/index.md"
STATS = "stats.md"
DIGESTS = "digests/index.md"


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
    # Percent-encoded: an attachment may be called `a#b.pdf` or `what?.ipynb`, which a
    # browser would otherwise read as a fragment or a query.
    path = "/".join([".."] * (len(base) - common) + [quote(part) for part in parts[common:]])
    return path or "./"
