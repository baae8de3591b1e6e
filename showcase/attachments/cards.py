"""Drawn pictures as SVG: the title card of a talk without one, and a person's initials.

SVG rather than a bitmap: drawing one is a string format instead of a WebP encode (a
thousand title cards took ten seconds of a cold build as WebP, and take a few
milliseconds as SVG), it is sharp at every size, and the browser sets the text in the
reader's own sans-serif font, so every script shows (Pillow's built-in font only has
ASCII). The text is wrapped here, with widths estimated per character, since SVG does
not wrap text itself. Same text, same file: the pictures are deterministic.
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from html import escape

#: Background colours, picked by a digest of the talk or person, all dark enough for
#: white text (contrast of 4.5:1 or more).
PALETTE = (
    "#00695c",  # teal, the site's primary
    "#1565c0",
    "#4527a0",
    "#ad1457",
    "#2e7d32",
    "#6a1b9a",
    "#37474f",
    "#bf360c",
    "#283593",
    "#00838f",
)
ACCENT = "#ffc107"
TITLE_CARD_SIZE = (960, 540)
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', sans-serif"
#: Advances of characters in ems, for wrapping, measured on DejaVu Sans Bold (the widest
#: of the usual system sans-serifs, so that text fits in the others too): narrow, wide
#: (and CJK, full-width forms), capitals, the rest; regular weight is about 0.88 of bold.
_NARROW = frozenset("fijlrtI.,:;'!|()[]/\\- ")
_WIDE = frozenset("mwMW%@")
_EM_NARROW, _EM_WIDE, _EM_CAPITAL, _EM_USUAL = 0.42, 1.05, 0.8, 0.7
_REGULAR = 0.88


def colour_for(seed: str) -> str:
    """A palette colour chosen by ``seed``: the same seed always gets the same colour."""
    return PALETTE[hashlib.sha256(seed.encode("utf-8")).digest()[0] % len(PALETTE)]


def title_card(
    title: str, byline: str, when: str, *, seed: str, size: tuple[int, int] = TITLE_CARD_SIZE
) -> str:
    """A card for a talk without a picture: its title, speakers and month on a colour."""
    title = " ".join(title.split()) or seed.replace("-", " ")
    byline, when = " ".join(byline.split()), " ".join(when.split())
    width, height = size
    margin = round(width * 0.07)
    line_width = width - 2 * margin

    small = round(height * 0.055)
    byline_size = round(height * 0.06)
    byline_step = round(height * 0.08)
    byline_lines = wrap(byline, byline_size, line_width, bold=False)[:2]
    byline_height = len(byline_lines) * byline_step

    top = margin + round(height * 0.12)
    room = height - top - margin - byline_height - round(height * 0.04)
    for points in (0.13, 0.11, 0.095, 0.08, 0.068):
        title_size = round(height * points)
        line_height = round(title_size * 1.22)
        every_line = wrap(title, title_size, line_width)
        if len(every_line) * line_height <= room:
            break
    lines = every_line[: max(1, room // line_height)]
    if len(lines) < len(every_line):
        lines[-1] = ellipsize(lines[-1], title_size, line_width)

    parts = [
        f'<rect width="{width}" height="{height}" fill="{colour_for(seed)}"/>',
        f'<rect width="{round(width * 0.018)}" height="{height}" fill="{ACCENT}"/>',
        _text(margin, margin + small, small, when.upper(), opacity=0.8, weight=600),
    ]
    y = top + title_size
    for line in lines:
        parts.append(_text(margin, y, title_size, line, weight=700))
        y += line_height
    y = height - margin - byline_height + byline_size
    for line in byline_lines:
        parts.append(_text(margin, y, byline_size, line, opacity=0.9))
        y += byline_step
    label = " - ".join(part for part in (title, byline, when) if part)
    return _svg(width, height, label, parts)


def initials_avatar(initials: str, *, seed: str, size: int = 256) -> str:
    """A square picture with a person's initials on a colour (the page rounds it)."""
    text = "".join(initials.split())[:3] or "?"
    font_size = round(size * (0.4 if len(text) < 3 else 0.3))
    parts = [
        f'<rect width="{size}" height="{size}" fill="{colour_for(seed)}"/>',
        f'<text x="{size / 2:g}" y="{size / 2:g}" font-size="{font_size}" font-weight="600" '
        f'text-anchor="middle" dominant-baseline="central">{_xml(text)}</text>',
    ]
    return _svg(size, size, text, parts)


def text_width(text: str, font_size: int, *, bold: bool = True) -> float:
    """The estimated width of ``text`` set at ``font_size`` pixels (an upper bound for
    the usual system fonts)."""
    return sum(map(_ems, text)) * font_size * (1.0 if bold else _REGULAR)


@functools.lru_cache(maxsize=4096)
def _ems(char: str) -> float:
    """The advance of one character, in ems of bold text."""
    if char in _NARROW:
        return _EM_NARROW
    if char in _WIDE or unicodedata.east_asian_width(char) in ("W", "F"):
        return _EM_WIDE
    if char.isupper():
        return _EM_CAPITAL
    return 0.0 if unicodedata.combining(char) else _EM_USUAL


def wrap(text: str, font_size: int, width: int, *, bold: bool = True) -> list[str]:
    """``text`` in lines no wider than ``width`` pixels; words too long are cut.

    Widths are added up as the text is read, never measured again, so that the time
    grows with the length of the text alone (one long word took minutes when each cut
    was measured anew)."""
    scale = font_size * (1.0 if bold else _REGULAR)
    limit = width / scale  # in ems
    space = _ems(" ")
    lines: list[str] = []
    current: list[str] = []
    current_width = 0.0
    for word in text.split():
        word_width = sum(map(_ems, word))
        joined = current_width + space + word_width if current else word_width
        if joined <= limit:
            current.append(word)
            current_width = joined
            continue
        if current:
            lines.append(" ".join(current))
        current, current_width = [], 0.0
        if word_width > limit and len(word) > 1:
            pieces = _cut(word, limit)
            lines.extend(pieces[:-1])
            word = pieces[-1]
            word_width = sum(map(_ems, word))
        current, current_width = [word], word_width
    if current:
        lines.append(" ".join(current))
    return lines


def _cut(word: str, limit: float) -> list[str]:
    """``word`` in pieces no wider than ``limit`` ems (each at least one character)."""
    pieces: list[str] = []
    start, used = 0, 0.0
    for index, char in enumerate(word):
        advance = _ems(char)
        if used + advance > limit and index > start:
            pieces.append(word[start:index])
            start, used = index, 0.0
        used += advance
    pieces.append(word[start:])
    return pieces


def ellipsize(line: str, font_size: int, width: int) -> str:
    """``line`` ending with an ellipsis, shortened to fit ``width`` pixels."""
    limit = width / font_size - _ems("…")
    used = 0.0
    for index, char in enumerate(line):
        used += _ems(char)
        if used > limit:
            return line[:index].rstrip() + "…"
    return line.rstrip() + "…"


#: Characters XML 1.0 does not allow (a YAML title may hold them: "\a", "\0"...).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml(text: str) -> str:
    return escape(_NOT_XML.sub("", text))


def _text(x: int, y: int, size: int, text: str, *, opacity: float = 1.0, weight: int = 400) -> str:
    faded = f' fill-opacity="{opacity:g}"' if opacity < 1 else ""
    return (
        f'<text x="{x}" y="{y}" font-size="{size}" font-weight="{weight}"{faded}>'
        f"{_xml(text)}</text>"
    )


def _svg(width: int, height: int, label: str, parts: list[str]) -> str:
    body = "\n".join(parts)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{_xml(label)}">\n'
        f'<g fill="#ffffff" font-family="{escape(FONT)}">\n{body}\n</g>\n</svg>\n'
    )
