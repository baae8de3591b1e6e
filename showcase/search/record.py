"""The compact HTML page Pagefind indexes for one ``SearchDocument``.

Showcase composes it from the document rather than letting Pagefind crawl the published
page: it holds the words that count and nothing of the theme, and it marks what Pagefind
turns into a result's parts:

- the title, the line of facts (``details``) and the kind ride along as metadata and a
  filter: shown with a result, not in its excerpt;
- each anchored section starts with a heading that carries the anchor as its ``id`` and the
  label as its text: Pagefind makes a sub-result of it, linked to that anchor and titled
  with the label. The heading's words weigh nothing, so that "slide" or "transcript" alone
  matches no page (the reader's side drops hits that score nothing);
- a page with no text of its own is indexed by its title, which Pagefind otherwise only
  holds as metadata (and leaves a page with an empty body out);
- words whose accents Pagefind does not fold (it strips combining marks only: ``Łódź``
  stays ``Łodz``, ``Søren`` stays as it is) are added in plain Latin letters as hidden
  metadata, so that ``Lodz`` and ``Soren`` find them; ``Tomas`` already finds ``Tomáš``.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable

from anyascii import anyascii

from showcase.search.document import SearchDocument

#: The format of the composed page: part of every shard's cache key.
RECORD_FORMAT = 2

#: A word with a letter outside ASCII.
_NON_ASCII_WORD = re.compile(r"[^\W\d_]*[^\x00-\x7f\W\d_][^\W\d_]*")


def record_html(document: SearchDocument, language: str) -> str:
    """The page Pagefind indexes for ``document``, in ``language``."""
    head = [
        '<meta charset="utf-8">',
        _meta("title", document.title),
        _meta("details", " · ".join(value for value in document.meta.values() if value)),
        _meta("folded", " ".join(sorted(unfolded_words(_texts(document))))),
        f'<meta data-pagefind-filter="kind[content]" content="{_attribute(document.kind)}">',
    ]
    # Pagefind leaves out a page whose body holds no word: a talk with nothing written yet
    # is still found by its title.
    main = document.text if has_body(document) else document.title
    body = [f"<p>{_text(main)}</p>"]
    body.extend(f"<p>{_text(s.text)}</p>" for s in document.sections if s.anchor is None)
    for section in document.sections:
        if section.anchor is None:
            continue
        label = section.label or document.title or section.anchor
        body.append(
            f'<h2 id="{_attribute(section.anchor)}" data-pagefind-weight="0">{_text(label)}</h2>'
            f"<p>{_text(section.text)}</p>"
        )
    return (
        f'<!DOCTYPE html><html lang="{_attribute(language)}"><head>{"".join(h for h in head if h)}'
        f"</head><body>{''.join(body)}</body></html>\n"
    )


def has_words(document: SearchDocument) -> bool:
    """Whether ``document`` holds a word to index (without one Pagefind fails on its shard)."""
    return any(character.isalnum() for text in _texts(document) for character in text)


def has_body(document: SearchDocument) -> bool:
    return any(
        c.isalnum() for t in (document.text, *(s.text for s in document.sections)) for c in t
    )


def unfolded_words(texts: Iterable[str]) -> set[str]:
    """The Latin-script words of ``texts`` that stripping combining marks does not bring to
    plain letters, each in plain letters, lower case ("łódź" gives "lodz")."""
    found: set[str] = set()
    for text in texts:
        if text.isascii():
            continue  # most transcripts: nothing to look at, word by word
        for word in _NON_ASCII_WORD.findall(text):
            if not _latin(word):
                continue
            lower = word.lower()
            plain = anyascii(lower)
            if plain != _strip_marks(lower) and plain.isascii() and plain.isalpha():
                found.add(plain)
    return found


def _texts(document: SearchDocument) -> Iterable[str]:
    yield document.title
    yield document.text
    yield from document.meta.values()
    for section in document.sections:
        yield section.text


def _latin(word: str) -> bool:
    return all(unicodedata.name(c, "").startswith("LATIN") for c in word if c.isalpha())


def _strip_marks(word: str) -> str:
    """``word`` as Pagefind folds it: decomposed, combining marks removed."""
    decomposed = unicodedata.normalize("NFD", word)
    return "".join(c for c in decomposed if not unicodedata.category(c).startswith("M"))


def _meta(name: str, value: str) -> str:
    if not value.strip():
        return ""
    return f'<meta data-pagefind-meta="{name}[content]" content="{_attribute(value)}">'


def _attribute(value: str) -> str:
    return html.escape(_one_line(value), quote=True)


def _text(value: str) -> str:
    return html.escape(value, quote=False)


def _one_line(value: str) -> str:
    return " ".join(value.split())
