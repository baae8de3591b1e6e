"""What the site's search is given: one ``SearchDocument`` per page, made from the model.

A document says what a page is about (its title, its kind, its main text) and which parts
of it a hit can lead to (``Section``: a transcript cue, a slide, a notebook), with the line
of facts a result shows under its title. Nothing here reads built HTML: the site plan makes
documents from the model, so that the index does not depend on the engine that publishes
the pages.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

#: Characters no site path holds: a query, a fragment, a backslash, spaces and controls.
_BAD_URL_CHARACTERS = re.compile(r"[?#\\\s\x00-\x1f\x7f]")
#: What a language tag looks like ("en", "pt-br", "zh-hant"); the empty tag means "told by
#: the text, else the site's language".
_LANGUAGE = re.compile(r"^(?:[a-z]{2,3}(?:-[a-z0-9]{1,8})*)?$")
#: The weights Pagefind accepts for an index (``indexWeight``) are any positive number; a
#: document is kept within a range whose ratios still mean something next to a talk's 1.
MIN_WEIGHT = 0.01
MAX_WEIGHT = 10.0


@dataclass(frozen=True, slots=True)
class Section:
    """A part of a page a hit can point to.

    ``anchor`` is an ``id`` on the published page ("t-12-40", "slide-4"); ``label`` is what
    a hit in it says ("transcript 12:40", "slide 4"). Without an anchor the text still
    counts for the page, but a hit in it links to the page itself.
    """

    anchor: str | None
    label: str | None
    text: str

    def __post_init__(self) -> None:
        if self.anchor is not None and (not self.anchor or re.search(r"\s", self.anchor)):
            raise ValueError(f"a section's anchor is an HTML id, without spaces: {self.anchor!r}")


@dataclass(frozen=True, slots=True)
class SearchDocument:
    """One page of the site, as search sees it.

    ``url`` is the page's site path from the site's layout ("talks/x/", or
    "talks/x/index.html" without directory URLs; "" for the home page). ``meta`` holds the
    facts a result shows under its title, in order (speakers, date, event): they are
    searchable too. ``weight`` orders results: a page of a higher weight is listed before
    any page of a lower weight that matches the same query (a talk, 1.0, before the
    listings that mention it), pages of one weight by relevance. ``shard`` names the part
    of the index the page lives in (a year, say): one changed page re-indexes its shard
    only. ``language`` is the page's language tag; empty, it is told by the text
    (Chinese, Japanese, Thai), else the site's language.
    """

    url: str
    title: str
    kind: str
    text: str
    sections: tuple[Section, ...] = ()
    meta: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    weight: float = 1.0
    shard: str = ""
    language: str = ""

    def __post_init__(self) -> None:
        problem = url_problem(self.url)
        if problem is not None:
            raise ValueError(f"not a site path for search: {self.url!r} ({problem})")
        if not self.kind.strip():
            raise ValueError(f"the search document of {self.url!r} has no kind")
        if not (math.isfinite(self.weight) and MIN_WEIGHT <= self.weight <= MAX_WEIGHT):
            raise ValueError(
                f"the search weight of {self.url!r} is {self.weight}; "
                f"it must lie between {MIN_WEIGHT} and {MAX_WEIGHT}"
            )
        if not _LANGUAGE.match(self.language):
            raise ValueError(f"not a language tag: {self.language!r} (for {self.url!r})")
        # A frozen document must not change through the mapping it was given.
        object.__setattr__(self, "meta", MappingProxyType(dict(self.meta)))
        object.__setattr__(self, "sections", tuple(self.sections))


def url_problem(url: str) -> str | None:
    """Why ``url`` is not a page's site path (relative, inside the site, naming a page), or
    None when it is one."""
    if url == "":
        return None
    if _BAD_URL_CHARACTERS.search(url):
        return "it holds a space, a control character, '?', '#' or a backslash"
    if url.startswith("/") or re.match(r"^[a-z][a-z0-9+.-]*:", url, re.IGNORECASE):
        return "it must be relative to the site's root"
    if not (url.endswith("/") or url.endswith(".html")):
        return "a page's path ends with '/' or '.html'"
    parts = url.removesuffix("/").split("/")
    if any(part in ("", ".", "..") for part in parts):
        return "it has an empty, '.' or '..' part"
    return None
