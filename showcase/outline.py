"""Headings of a writeup with nothing under them: what ``showcase new``'s outline leaves
when a presenter does not fill a part in. They are not published, and ``check`` names them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?[ \t#]*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.DOTALL)


@dataclass(frozen=True, slots=True)
class EmptyHeading:
    #: The heading's line in the writeup, from 0.
    line: int
    level: int
    text: str


def empty_headings(markdown: str) -> list[EmptyHeading]:
    """The ATX headings (``## Title``) under which nothing is written, up to the next
    heading of the same or a higher level: only blank lines, HTML comments and other such
    headings. Headings inside fenced code are code."""
    lines = _without_comments(markdown).split("\n")
    headings: list[EmptyHeading] = []
    content: list[bool] = []  # per line: is it something a reader sees, beside headings
    fence: str | None = None
    for number, line in enumerate(lines):
        opened = _FENCE.match(line)
        if fence is not None:
            content.append(True)
            if opened and opened.group(1)[0] == fence[0] and len(opened.group(1)) >= len(fence):
                fence = None
            continue
        if opened:
            fence = opened.group(1)
            content.append(True)
            continue
        found = _HEADING.match(line)
        if found:
            headings.append(EmptyHeading(number, len(found.group(1)), found.group(2) or ""))
            content.append(False)
            continue
        content.append(bool(line.strip()))
    empty: list[EmptyHeading] = []
    for index, heading in enumerate(headings):
        end = next((h.line for h in headings[index + 1 :] if h.level <= heading.level), len(lines))
        if not any(content[heading.line + 1 : end]):
            empty.append(heading)
    return empty


def without_empty_headings(markdown: str) -> str:
    """``markdown`` with each empty heading, and the comments under it, made blank lines:
    every other line keeps its number, so that problems found later name the right one."""
    empty = empty_headings(markdown)
    if not empty:
        return markdown
    lines = _without_comments(markdown).split("\n")
    original = markdown.split("\n")
    starts = {heading.line for heading in empty}
    levels = {heading.line: heading.level for heading in empty}
    blank = set()
    for start in starts:
        blank.add(start)
        for number in range(start + 1, len(lines)):
            found = _HEADING.match(lines[number])
            if found and len(found.group(1)) <= levels[start]:
                break
            blank.add(number)  # blank lines and comments only: the section is empty
    return "\n".join("" if number in blank else line for number, line in enumerate(original))


def _without_comments(markdown: str) -> str:
    """``markdown`` with each HTML comment replaced by as many empty lines as it spans."""
    return _COMMENT.sub(lambda match: "\n" * match.group().count("\n"), markdown)
