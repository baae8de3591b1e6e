"""How deeply people's Markdown nests, measured before anything parses it.

Some text costs a parser far more than its length: Python-Markdown looks for the end of
each open bracket, so twenty thousand ``[`` take minutes; its HTML reader starts over
after each ``<`` that never closes; html5lib slows down with every element left open;
and lists, quotes and admonitions nested hundreds deep exhaust Python's recursion. Real
writing never comes near, so each shape has a limit far beyond it, and writing above one
is an error at its file and line, from ``showcase check`` and the build alike.
Code (fenced blocks, code spans) is left out of every count: nothing in it is parsed.

What these measures miss, a deadline on the conversion catches
(``showcase.deadline``); they are here so that the usual ways to stall a parser get a
clear message instead of a page shown as plain text.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass

#: Brackets, and lists, quotes and admonitions, nested in one another (or brackets left
#: open in a paragraph): the most of each. Writing nests three or four deep.
MAX_DEPTH = 32
#: HTML elements open at once. Each costs the HTML parsers a little more for every
#: element that follows; a page of HTML nests a dozen deep.
MAX_ELEMENT_DEPTH = 256
#: ``<`` that begin a tag never closed by ``>`` (``a<b`` in prose, a stray ``<a``).
MAX_UNCLOSED_TAGS = 200

#: Elements that hold nothing, or whose end tag may be left out: they do not nest.
_NOT_NESTING = frozenset(
    {
        *("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta"),
        *("param", "source", "track", "wbr", "p", "li", "dt", "dd", "tr", "td", "th"),
        *("option", "optgroup", "thead", "tbody", "tfoot", "colgroup", "caption", "rt"),
        *("rp", "html", "head", "body"),
    }
)
_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})(.*)$", re.MULTILINE)
_BACKTICKS = re.compile(r"(?<!\\)`+")
_BLANK_LINE = re.compile(r"\n[ \t]*(?=\n)")
_BRACKET_OR_BLANK = re.compile(r"[\[\]]|\n[ \t]*(?=\n)")
#: The start of a tag (``<div``, ``</div``, ``<!--``, ``<?``) or the ``>`` that ends one.
_TAG_MARK = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]*)|<[!?/]|>")
_MARKDOWN_ATTRIBUTE = re.compile(r"\smarkdown\s*=", re.IGNORECASE)
#: A line that opens a container: optional indentation, then quote, list or admonition
#: markers (``>``, ``-``, ``*``, ``+``, ``1.``, ``!!!``, ``???``).
_CONTAINER_LINE = re.compile(
    r"^([ \t]*)((?:(?:>|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t])|!!!|\?\?\?\+?)[ \t]*)+)",
    re.MULTILINE,
)
_MARKER = re.compile(r">|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t])|!!!|\?\?\?\+?")
#: A line that starts with more characters that markers and indentation are made of than
#: there may be levels: each level takes one at least, so no other line goes too deep.
_DEEP_PREFIX = re.compile(rf"^[ \t>*+\-!?.)0-9]{{{MAX_DEPTH + 1},}}", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class Excess:
    """A limit the writing goes over: the line (counted from 0) and what to say."""

    line: int
    message: str


def excesses(text: str) -> list[Excess]:
    """Each limit ``text`` goes over (at most one message per kind of nesting)."""
    code = Code(text)
    found = [_brackets(text, code), *_tags(text, code), _containers(text, code)]
    return sorted((excess for excess in found if excess is not None), key=lambda e: e.line)


class Code:
    """The stretches of ``text`` that are code (fenced blocks, code spans), where nothing
    is parsed as Markdown or HTML; found when first asked about (most writing never goes
    near a limit, and is never asked about)."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._starts: list[int] | None = None
        self.ends: list[int] = []

    @property
    def starts(self) -> list[int]:
        if self._starts is None:
            spans = _fenced_blocks(self._text)
            self._starts = [start for start, _end in spans]
            self.ends = [end for _start, end in spans]
            if "`" in self._text:
                spans = sorted([*spans, *_code_spans(self._text, self)])
                self._starts = [start for start, _end in spans]
                self.ends = [end for _start, end in spans]
        return self._starts

    def holds(self, position: int) -> bool:
        index = bisect.bisect_right(self.starts, position) - 1
        return index >= 0 and position < self.ends[index]


def _fenced_blocks(text: str) -> list[tuple[int, int]]:
    spans = []
    opening: re.Match[str] | None = None
    for fence in _FENCE.finditer(text):
        if opening is None:
            opening = fence
            continue
        marks = fence.group(1)
        if (
            marks[0] == opening.group(1)[0]
            and len(marks) >= len(opening.group(1))
            and not fence.group(2).strip()
        ):
            spans.append((opening.start(), fence.end()))
            opening = None
    if opening is not None:  # never closed: the block runs to the end
        spans.append((opening.start(), len(text)))
    return spans


def _code_spans(text: str, fenced: Code) -> list[tuple[int, int]]:
    """Code spans: a run of backticks up to the next run of as many, in one paragraph.
    Found in one pass over the runs (a regular expression would try every run against
    the rest of the paragraph)."""
    runs = [
        (found.start(), found.end())
        for found in _BACKTICKS.finditer(text)
        if not fenced.holds(found.start())
    ]
    blanks = [found.start() for found in _BLANK_LINE.finditer(text)]
    by_length: dict[int, list[int]] = {}
    for index, (start, end) in enumerate(runs):
        by_length.setdefault(end - start, []).append(index)
    spans = []
    index = 0
    while index < len(runs):
        start, end = runs[index]
        same = by_length[end - start]
        following = bisect.bisect_right(same, index)
        if following < len(same):
            closing = runs[same[following]]
            blank = bisect.bisect_left(blanks, end)
            if blank == len(blanks) or blanks[blank] > closing[0]:
                spans.append((start, closing[1]))
                index = same[following] + 1
                continue
        index += 1
    return spans


def _line(text: str, position: int) -> int:
    return text.count("\n", 0, position)


def _brackets(text: str, code: Code) -> Excess | None:
    """Brackets open at once within a paragraph (the parser looks for each one's end)."""
    if text.count("[") <= MAX_DEPTH:  # not enough of them to go over
        return None
    depth = 0
    for found in _BRACKET_OR_BLANK.finditer(text):
        mark = found.group()
        if mark[0] == "\n":
            depth = 0  # a blank line ends the paragraph, and the search
        elif code.holds(found.start()):
            continue
        elif mark == "[":
            depth += 1
            if depth > MAX_DEPTH:
                return Excess(
                    _line(text, found.start()),
                    f"more than {MAX_DEPTH} brackets `[` are open at once here (nested or "
                    "never closed): Markdown takes minutes to read such text. Close them, "
                    "or put the text in a fenced code block",
                )
        elif depth:
            depth -= 1
    return None


def _tags(text: str, code: Code) -> Iterator[Excess]:
    """HTML elements open at once (each one open slows the parsers down; with Markdown
    inside, each is a recursion), and ``<`` that begin a tag no ``>`` closes (the HTML
    reader starts over after each). One pass over the tags' marks."""
    if text.count("<") <= min(MAX_DEPTH, MAX_ELEMENT_DEPTH, MAX_UNCLOSED_TAGS):
        return  # every limit needs more `<` than there are
    open_elements: list[bool] = []  # for each element open, whether it holds Markdown
    with_markdown = unclosed = 0
    pending: re.Match[str] | None = None  # the tag begun and not yet closed by `>`
    reported: set[str] = set()
    for found in _TAG_MARK.finditer(text):
        if code.holds(found.start()):
            continue
        if found.group() != ">":
            if pending is not None:
                unclosed += 1
                if unclosed > MAX_UNCLOSED_TAGS and "unclosed" not in reported:
                    reported.add("unclosed")
                    yield _unclosed_tags(text, pending.start())
            pending = found
            continue
        if pending is None:
            continue
        tag, pending = pending, None
        name = (tag.group(2) or "").lower()
        if not name or name in _NOT_NESTING:
            continue
        if tag.group(1):  # an end tag closes the element opened last
            if open_elements and open_elements.pop():
                with_markdown -= 1
            continue
        if text[found.start() - 1] == "/":
            continue  # self-closing: `<x/>`
        holds_markdown = bool(_MARKDOWN_ATTRIBUTE.search(text, tag.end(), found.start()))
        open_elements.append(holds_markdown)
        with_markdown += holds_markdown
        if len(open_elements) > MAX_ELEMENT_DEPTH and "elements" not in reported:
            reported.add("elements")
            yield Excess(
                _line(text, tag.start()),
                f"more than {MAX_ELEMENT_DEPTH} HTML elements are open at once here (nested "
                "or never closed): parsing such HTML takes minutes. Close them",
            )
        if with_markdown > MAX_DEPTH and "markdown" not in reported:
            reported.add("markdown")
            yield Excess(
                _line(text, tag.start()),
                f'more than {MAX_DEPTH} HTML elements with Markdown inside (`markdown="1"`) '
                "are nested here: Markdown cannot follow them so deep. Nest them less",
            )
    if pending is not None and unclosed + 1 > MAX_UNCLOSED_TAGS and "unclosed" not in reported:
        yield _unclosed_tags(text, pending.start())


def _unclosed_tags(text: str, position: int) -> Excess:
    return Excess(
        _line(text, position),
        f"more than {MAX_UNCLOSED_TAGS} `<` begin a tag that no `>` closes (this is one): "
        "reading such text takes minutes. Write `&lt;` for a `<` that begins no tag, or "
        "put the text in a fenced code block",
    )


def _containers(text: str, code: Code) -> Excess | None:
    """Lists, quotes and admonitions inside one another (each level is a recursion)."""
    if not _DEEP_PREFIX.search(text):
        return None  # a level takes a character at least: no line starts deep enough
    for found in _CONTAINER_LINE.finditer(text):
        depth = _columns(found.group(1)) // 4 + len(_MARKER.findall(found.group(2)))
        if depth > MAX_DEPTH and not code.holds(found.start()):
            return Excess(
                _line(text, found.start()),
                f"lists, quotes and admonitions are nested more than {MAX_DEPTH} deep here: "
                "Markdown cannot follow them so deep. Nest them less",
            )
    return None


def _columns(indent: str) -> int:
    columns = 0
    for char in indent:
        columns = columns + 4 - columns % 4 if char == "\t" else columns + 1
    return columns
