"""The search documents of a site plan: one per page, made from the model and from what
people wrote, never from built HTML.

A talk is what readers look for: it weighs most, its text is its summary and writeup (a
section per heading of the writeup, so that a hit says where it is, and a section per
slide and notebook with words written in it: "slide 4", "notebook analysis.ipynb",
linked to that slide or notebook on the talk page), its speakers, tags
and demo day are its facts, and it lives in the shard of its year (one changed talk
re-indexes one year). A person's page holds their bio; a demo day's its notes; listings
and topic pages hold what their own writing says, with their titles, and weigh least, so
that they never crowd out the talks they list.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from showcase.model import Archive, Talk
from showcase.nesting import Code
from showcase.sanitizer import reserved_id
from showcase.search.document import SearchDocument, Section
from showcase.site import links
from showcase.site.links import Linker
from showcase.site.pages import WRITING, Page, format_day

TALK_WEIGHT = 1.0
PERSON_WEIGHT = 0.5
LISTING_WEIGHT = 0.3
#: The shard of every page Showcase makes that is not a talk.
PAGES_SHARD = "pages"
#: The shard of the content folder's own pages: an engine makes those last, after the
#: other shards could be indexed (``search.bundle.IndexingAhead``).
OWN_SHARD = "own"
_KINDS = {"people": "person", "events": "event", "topics": "topic"}
_FENCE = re.compile(r"^[ ]{0,3}(`{3,}|~{3,})")
_HEADING = re.compile(r"^[ ]{0,3}(#{1,6})[ \t]+(.*?)[ \t#]*$")
#: Markdown and HTML syntax that is not words: tags, link targets, emphasis marks.
_TAGS = re.compile(r"<[^>\n]*>")
_LINK_TARGETS = re.compile(r"\]\([^)\n]*\)|^[ ]{0,3}\[[^\]\n]+\]:.*$", re.MULTILINE)
_MARKS = re.compile(r"[*_`#>|~]+|\{[^}\n]*\}|\[|\]|!\[")
_SPACES = re.compile(r"\s+")


#: What search finds in a page's writing: the plain text before its first heading, and a
#: section per heading after it.
Words = tuple[str, tuple[Section, ...]]
#: Words written inside a talk's attachments: the id of their place on the talk page, what
#: a hit there says ("slide 4"), and the words (``attachments.Passage``).
Inside = tuple[str, str, str]


def site_documents(
    archive: Archive,
    pages: Iterable[Page],
    layout: Linker,
    toc: Mapping[str, Any],
    words: Mapping[str, Words | None] | None = None,
    inside: Mapping[str, Sequence[Inside]] | None = None,
) -> list[SearchDocument]:
    """A search document for each page; ``toc`` gives each page's table of contents
    (Python-Markdown's ``toc_tokens``, for the anchors of a writeup's headings), ``words``
    the ``page_words`` of pages that have them made already, ``inside`` the words written
    inside each talk's slides and notebooks, by talk slug."""
    talks = {links.talk_src(talk): talk for talk in archive.talks.values()}
    made = words or {}
    documents = []
    for page in pages:
        url = layout.url(page.src)
        talk = talks.get(page.src)
        if talk is not None:
            found = made.get(page.src)
            if found is None:
                found = page_words(page, toc.get(page.src, ()))
            attached = tuple(Section(*passage) for passage in (inside or {}).get(talk.slug, ()))
            intro, sections = found
            documents.append(_talk(archive, talk, url, (intro, (*sections, *attached))))
            continue
        head, _, rest = page.src.partition("/")
        kind = _KINDS.get(head, "page") if rest and not rest.startswith("index.") else "page"
        documents.append(
            SearchDocument(
                url=url,
                title=page.title,
                kind=kind,
                text=plain_text(_writing(page)),
                meta=_person_meta(archive, rest) if kind == "person" else {},
                weight=PERSON_WEIGHT if kind == "person" else LISTING_WEIGHT,
                shard=PAGES_SHARD,
            )
        )
    return documents


def page_words(page: Page, toc: Any) -> Words:
    """What search finds in ``page``'s writing (``Words``); ``toc`` is its table of
    contents, for the anchors of its headings."""
    intro, sections = _sections(_writing(page), toc)
    return plain_text(intro), tuple(sections)


def _talk(archive: Archive, talk: Talk, url: str, words: Words) -> SearchDocument:
    event = archive.event_of(talk)
    speakers = [archive.people[p].name if p in archive.people else p for p in talk.speakers]
    meta = {"speakers": ", ".join(speakers)}
    if event is not None:
        meta["date"] = format_day(event.date)
        meta["event"] = event.display_title
    if talk.tags:
        meta["tags"] = ", ".join(talk.tags)
    intro, sections = words
    text = " ".join(part for part in (talk.summary or "", intro) if part)
    return SearchDocument(
        url=url,
        title=talk.title,
        kind="talk",
        text=text or talk.title,
        sections=tuple(sections),
        meta=meta,
        weight=TALK_WEIGHT,
        shard=str(event.date.year) if event is not None else "proposed",
    )


def _person_meta(archive: Archive, rest: str) -> dict[str, str]:
    person = archive.people.get(rest.removesuffix(".md"))
    if person is None:
        return {}
    facts = [fact for fact in (person.role, person.team) if fact]
    return {"role": ", ".join(facts)} if facts else {}


def _sections(body: str, toc: Any) -> tuple[str, list[Section]]:
    """The writeup before its first heading, and a section per heading after it: each
    heading's text and anchor from the table of contents, in order."""
    anchors = list(_flatten(toc))
    intro: list[str] = []
    sections: list[tuple[str, str | None, list[str]]] = []
    for line, heading in _lines(body):
        if heading is None:
            (sections[-1][2] if sections else intro).append(line)
            continue
        anchor = (anchors.pop(0)[1] or None) if anchors else None
        if anchor is not None and reserved_id(anchor):
            # The sanitiser takes such an id off the heading ("SC slide 2" would be
            # `sc-slide-2`): a hit here leads to the page, not to the site's own element.
            anchor = None
        sections.append((heading, anchor, []))
    made = [
        Section(anchor=anchor, label=plain_text(heading), text=plain_text("\n".join(lines)))
        for heading, anchor, lines in sections
    ]
    return "\n".join(intro), made


def _lines(body: str) -> Iterator[tuple[str, str | None]]:
    """Each line of Markdown, with its heading's text when it is an ATX heading outside
    fenced code."""
    fence = ""
    for line in body.splitlines():
        opened = _FENCE.match(line)
        if fence:
            if opened and opened.group(1)[0] == fence[0] and len(opened.group(1)) >= len(fence):
                fence = ""
            yield line, None
            continue
        if opened:
            fence = opened.group(1)
            yield line, None
            continue
        heading = _HEADING.match(line)
        yield (line, heading.group(2)) if heading else (line, None)


def _flatten(toc: Any) -> Iterator[tuple[str, str]]:
    for token in toc or ():
        if isinstance(token, Mapping):
            yield str(token.get("name", "")), str(token.get("id", "")) or ""
            yield from _flatten(token.get("children"))


def _writing(page: Page) -> str:
    return "\n\n".join(text for kind, text in page.parts if kind == WRITING)


def plain_text(markdown: str) -> str:
    """The words of a piece of Markdown: no tags, link targets or emphasis marks, but code
    as it is written (a tag or a name quoted in code is what people may look for)."""
    text = _LINK_TARGETS.sub(" ", markdown)
    pieces, start = [], 0
    code = Code(text) if "`" in text or "~~~" in text else None
    for begin, end in zip(code.starts, code.ends, strict=True) if code is not None else ():
        pieces += [_prose_words(text[start:begin]), text[begin:end].replace("`", " ")]
        start = end
    pieces.append(_prose_words(text[start:]))
    return _SPACES.sub(" ", " ".join(pieces)).strip()


def _prose_words(text: str) -> str:
    return _MARKS.sub(" ", html.unescape(_TAGS.sub(" ", text)))


def own_page_document(url: str, title: str, content: str) -> SearchDocument:
    """A page of the content folder's own (an about page): its converted HTML's words, its
    title (escaped, as the theme is given it) as text."""
    return SearchDocument(
        url=url,
        title=html.unescape(title),
        kind="page",
        text=plain_text(content) or html.unescape(title),
        weight=PERSON_WEIGHT,
        shard=OWN_SHARD,
    )
