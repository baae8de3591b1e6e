"""The content folder's own Markdown pages, which Showcase does not make: an about page,
notes beside a talk. Their writing is sanitised like any other; their front matter is
untrusted too.

MkDocs' templates have no autoescaping, and Material prints a page's ``title``,
``description`` and ``author`` as they are, hands ``template`` to Jinja (a missing one
ends the build, ``redirect.html`` with ``location`` sends the reader anywhere) and reads
``hide`` and ``search`` expecting their types. So a page keeps only ``KEYS``, each value
checked and the text ones escaped as Showcase escapes its own titles; everything else is
dropped, and ``check`` says so at the key's line. A title taken from the page's first
heading is made plain text and escaped the same way (Material's ``striptags`` would
otherwise turn ``&lt;script&gt;`` back into a tag).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from showcase.schema import MAX_LINE_LENGTH, text_problem

#: Material's parts of a page that ``hide`` may hide.
HIDE = ("navigation", "toc", "footer", "feedback", "path", "tags")
#: MkDocs' front matter between ``---`` (or ``...``) lines.
_YAML_BLOCK = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)
#: MkDocs' other front matter: ``key: value`` lines up to the first blank line.
_META_LINE = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)")
_META_MORE = re.compile(r"^([ ]{4}|\t)(\s*)(?P<value>.*)")
_SPACES = re.compile(r"\s+")


class Rejected(ValueError):
    """A value a page may not keep; the message says why."""


def escaped_title(value: str) -> str:
    """A title as a page's front matter gives it to the theme: HTML-escaped, since the
    theme prints it as it is (in ``<title>``, the header, the navigation, search)."""
    return html.escape(value, quote=False)


def heading_title(heading: str) -> str:
    """A title taken from a page's first heading (HTML text, its tags mostly stripped
    already): its plain text, escaped as ``escaped_title`` escapes."""
    import nh3

    plain = html.unescape(nh3.clean(heading, tags=set()))
    return escaped_title(_SPACES.sub(" ", plain).strip())


def _title(value: Any) -> str:
    line = _one_line(value)
    if len(line) > MAX_LINE_LENGTH:
        raise Rejected(f"it is {len(line)} characters long; the most is {MAX_LINE_LENGTH}")
    return escaped_title(line)


def _attribute_text(value: Any) -> str:
    return html.escape(_one_line(value), quote=True)


def _one_line(value: Any) -> str:
    if not isinstance(value, str):
        raise Rejected("it must be text")
    line = value.strip()
    if not line:
        raise Rejected("it is empty")
    problem = text_problem(line)
    if problem is not None:
        raise Rejected(f"it {problem}")
    return line


def _hide(value: Any) -> list[str]:
    names = [value] if isinstance(value, str) else value
    if not isinstance(names, list) or not all(name in HIDE for name in names):
        raise Rejected(f"it must list some of: {', '.join(HIDE)}")
    return list(dict.fromkeys(names))


def _search(value: Any) -> dict[str, bool]:
    if not isinstance(value, dict) or set(value) - {"exclude"}:
        raise Rejected("it may only be `{exclude: true}` or `{exclude: false}`")
    exclude = value.get("exclude", False)
    if not isinstance(exclude, bool):
        raise Rejected("`exclude` must be true or false")
    return {"exclude": exclude}


#: The front matter a page of the content folder keeps, and how each value is made safe.
KEYS: dict[str, Callable[[Any], Any]] = {
    "title": _title,
    "description": _attribute_text,
    "author": _attribute_text,
    "hide": _hide,
    "search": _search,
}


@dataclass(frozen=True, slots=True)
class Dropped:
    """A key of a page's front matter that the site ignores, and why."""

    key: str
    message: str
    #: Whether its value is the trouble (else the key itself).
    value: bool = False


def kept_meta(meta: Mapping[Any, Any]) -> tuple[dict[str, Any], list[Dropped]]:
    """What a page of the content folder keeps of its front matter ``meta`` (each value
    made safe), and each key dropped, with why."""
    kept: dict[str, Any] = {}
    dropped = []
    allowed = ", ".join(f"`{key}`" for key in KEYS)
    for key, value in meta.items():
        convert = KEYS.get(key) if isinstance(key, str) else None
        if convert is None:
            dropped.append(
                Dropped(
                    str(key),
                    f"`{key}` is ignored: a page of the content folder may set only "
                    f"{allowed}, and the build drops the rest",
                )
            )
            continue
        try:
            kept[key] = convert(value)
        except Rejected as exc:
            dropped.append(Dropped(key, f"`{key}` is ignored: {exc}", value=True))
    return kept, dropped


@dataclass(frozen=True)
class PageText:
    """A Markdown page split as MkDocs splits it: its front matter and its body."""

    meta: dict[Any, Any] = field(default_factory=dict)
    #: The line of each key (counted from 1), where it is known.
    lines: dict[str, int] = field(default_factory=dict)
    #: The YAML of a ``---`` block, for a reader that wants every position.
    yaml: str | None = None
    #: The number of lines before the YAML block's text.
    yaml_offset: int = 0
    body: str = ""
    body_line: int = 1


def split_page(text: str) -> PageText:
    """``text`` split into front matter and body as MkDocs does: a YAML block between
    ``---`` lines, else ``key: value`` lines up to the first blank line. A YAML block
    is left for the caller to parse (``meta`` stays empty)."""
    found = _YAML_BLOCK.match(text)
    if found is not None:
        rest = text[found.end() :]
        body = rest.lstrip("\n")
        body_line = text.count("\n", 0, found.end() + len(rest) - len(body)) + 1
        return PageText(yaml=found.group(1), yaml_offset=1, body=body, body_line=body_line)
    meta: dict[Any, Any] = {}
    lines: dict[str, int] = {}
    rows = text.split("\n")
    key = None
    index = 0
    while index < len(rows):
        row = rows[index]
        if not row.strip():
            index += 1
            break
        if (line := _META_LINE.match(row)) is not None:
            key = line.group("key").lower().strip()
            value = line.group("value").strip()
            meta[key] = f"{meta[key]} {value}" if key in meta else value
            lines.setdefault(key, index + 1)
        elif (more := _META_MORE.match(row)) is not None and key:
            meta[key] += f" {more.group('value').strip()}"
        else:
            break
        index += 1
    rest = "\n".join(rows[index:])
    body = rest.lstrip("\n")
    return PageText(meta=meta, lines=lines, body=body, body_line=index + 1 + len(rest) - len(body))


def filename_title(src: str) -> str:
    """A page's title from its file name, as MkDocs makes it (``about-us.md``: "About
    us"), escaped."""
    stem = src.rpartition("/")[2].rpartition(".")[0]
    title = stem.replace("-", " ").replace("_", " ")
    return escaped_title(title.capitalize() if title.lower() == title else title)


def own_page(text: str) -> tuple[dict[str, Any], str]:
    """A page of the content folder's own: the front matter it keeps (``kept_meta``) and
    its Markdown body; front matter that does not parse is left out, as MkDocs leaves it."""
    import yaml

    page = split_page(text)
    meta: Any = page.meta
    if page.yaml is not None:
        try:
            meta = yaml.safe_load(page.yaml)
        except yaml.YAMLError:
            return {}, text
    return kept_meta(meta if isinstance(meta, dict) else {})[0], page.body
