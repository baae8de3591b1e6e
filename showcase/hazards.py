"""Hazards in people's writing: HTML that could run script, and what would make the site
fetch from another host, each with the line of the Markdown it comes from.

The build does not publish them as written (``showcase.sanitizer`` removes or rewrites
them); ``showcase check`` says so, so that a pull request shows what it brings. The
Markdown is converted as the site converts it (Python-Markdown, with the extensions that
let writing hold HTML and attributes), and the HTML is read with html5lib, the HTML5
parsing algorithm browsers follow: a raw-text element, comment or CDATA trick reads to it
as it reads to a browser, and code blocks and spans are text, not HTML.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from showcase.deadline import Overran, deadline
from showcase.sanitizer import ATTRIBUTES, is_remote, kept_style, reserved_class, reserved_id

#: Elements that run script, load a document or change how the page loads or posts.
SCRIPT_ELEMENTS = frozenset(
    {
        *("script", "iframe", "frame", "frameset", "object", "embed", "applet", "portal"),
        *("base", "link", "meta", "style", "form", "template", "noscript", "fencedframe"),
        *("foreignobject", "animate", "set", "animatemotion", "animatetransform", "handler"),
        "use",
    }
)
#: Attributes holding a URL a browser follows or fetches.
URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "poster", "background"})
#: Attributes that make the browser fetch without holding a single URL.
FETCHING_ATTRIBUTES = frozenset({"srcset", "imagesrcset", "ping", "lowsrc", "dynsrc"})
#: Elements whose ``style`` the sanitiser keeps when it only aligns their text.
_CELLS = {name: "style" in allowed for name, allowed in ATTRIBUTES.items()}
_SCRIPT_SCHEMES = frozenset({"javascript", "vbscript", "data"})
_SAFE_SCHEME = re.compile(r"^(?:https?|mailto):", re.IGNORECASE)
_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):", re.IGNORECASE)
_BLANKS = re.compile(r"[\x00-\x20]+")
_MERMAID_FENCE = re.compile(r"^[ \t]*(?:`{3,}|~{3,})[ \t]*\{?[ \t]*\.?mermaid\b", re.I | re.M)
#: What a hazard needs in Markdown; writing with none of it is not converted (converting
#: is most of what ``check`` costs on a large archive). Each pattern is tried only when
#: the text holds its first characters (a plain search for those is far quicker): raw
#: HTML or an autolink; a link or reference whose target names a scheme other than
#: http(s) or mailto, or holds an entity; attributes given with ``attr_list`` (a value,
#: or an id or class of the site's own).
_SIGNS = (
    ("<", re.compile(r"<[a-z!?/]", re.IGNORECASE)),
    ("](", re.compile(r"\]\(\s*<?\s*(?!(?:https?:)?//|mailto:)[^)\s]*[:&]", re.IGNORECASE)),
    (
        "]:",
        re.compile(
            r"^[ ]{0,3}\[[^\]]+\]:\s*<?(?!(?:https?:)?//|mailto:)\S*[:&]",
            re.IGNORECASE | re.MULTILINE,
        ),
    ),
    ("{", re.compile(r"\{[^}\n]*(?:=|[#.]\s*(?:_|md-|sc-))", re.IGNORECASE)),
)
_MERMAID = re.compile("mermaid", re.IGNORECASE)
TRUST_HINT = "unless the showcase plugin's `trust_authors` option is on"


@dataclass(frozen=True, slots=True)
class Hazard:
    """One thing in a piece of writing that the site does not publish as written."""

    #: The line in the writing (counted from 0) it comes from, as near as can be told.
    line: int
    message: str


def find_hazards(markdown: str, *, timeout: float | None = None) -> list[Hazard]:
    """Every hazard in ``markdown``, in the order of its lines. Reading it stops after
    ``timeout`` seconds of processor time, with one hazard that says so."""
    if not _may_have_hazards(markdown):
        return []
    lines = _Lines(markdown)
    found = [
        Hazard(
            lines.find(r"mermaid"),
            "a Mermaid diagram needs a script from another host: the site shows its source as code",
        )
        for _ in _MERMAID_FENCE.finditer(markdown)
    ]
    try:
        with deadline(timeout):
            for needles, message in _html_hazards(_convert(markdown)):
                found.append(Hazard(lines.find(*needles), message))
    except (Overran, RecursionError) as exc:
        why = (
            f"reading it took more than {exc.seconds:g} s (the showcase plugin's "
            "`markdown_timeout`)"
            if isinstance(exc, Overran)
            else "it nests too deeply to read"
        )
        found.append(
            Hazard(
                0,
                f"this writing could not be checked for script: {why}. The build shows it "
                "as plain text if it cannot convert it either",
            )
        )
    return sorted(found, key=lambda hazard: hazard.line)


def _may_have_hazards(markdown: str) -> bool:
    if "![" in markdown or _MERMAID.search(markdown):  # a picture, a diagram
        return True
    return any(sign in markdown and pattern.search(markdown) for sign, pattern in _SIGNS)


def _html_hazards(html: str) -> Iterator[tuple[tuple[str, ...], str]]:
    """Each hazard in converted ``html``: the text to look for in the Markdown (most
    telling first), and what to say."""
    import html5lib

    fragment = html5lib.parseFragment(html, treebuilder="etree", namespaceHTMLElements=False)
    for element in fragment.iter():
        if not isinstance(element.tag, str):
            continue  # a comment: the build drops it
        name = element.tag.rpartition("}")[2]
        lowered = name.lower()
        if lowered in SCRIPT_ELEMENTS:
            yield (
                (f"<{name}", name),
                f"`<{lowered}>` could run script or load a page on the site: the build "
                f"removes it ({TRUST_HINT})",
            )
            continue
        if lowered == "pre" and "mermaid" in str(element.get("class", "")).lower().split():
            yield (
                ("mermaid",),
                "a Mermaid diagram needs a script from another host: the site shows its "
                "source as code",
            )
        yield from _attribute_hazards(lowered, element)


def _attribute_hazards(name: str, element: Any) -> Iterator[tuple[tuple[str, ...], str]]:
    for attribute, raw_value in element.attrib.items():
        key = str(attribute).rpartition("}")[2].lower()
        value = str(raw_value)
        if key.startswith("on"):
            yield (
                (key,),
                f"`{key}` on `<{name}>` runs script: the build removes it ({TRUST_HINT})",
            )
        elif key == "style" and value.strip() and not (_CELLS.get(name) and kept_style(value)):
            yield (
                ("style",),
                f"a `style` attribute on `<{name}>` can cover or restyle the page: the build "
                f"removes it ({TRUST_HINT})",
            )
        elif key in ("id", "name", "for") and reserved_id(value):
            yield (
                (value.strip(), key),
                f'`{key}="{value.strip()}"` on `<{name}>` is a name the site\'s own script '
                "relies on (the theme's start with `_` or `md-`, Showcase's with `sc-`): the "
                f"build removes it ({TRUST_HINT})",
            )
        elif key == "class" and any(reserved_class(found) for found in value.split()):
            for found in value.split():
                if reserved_class(found):
                    yield (
                        (found,),
                        f"the class `{found}` on `<{name}>` is the theme's or Showcase's own "
                        "(it can restyle or cover the page): the build removes it, keeping "
                        f"only `md-button` and `md-button--primary` ({TRUST_HINT})",
                    )
        elif key in FETCHING_ATTRIBUTES:
            yield (
                (key,),
                f"`{key}` on `<{name}>` makes the site fetch from elsewhere: the build removes it",
            )
        elif key in URL_ATTRIBUTES:
            yield from _url_hazards(name, key, value)


def _url_hazards(name: str, key: str, value: str) -> Iterator[tuple[tuple[str, ...], str]]:
    compact = _BLANKS.sub("", value)
    scheme = _SCHEME.match(compact)
    if scheme is not None and not _SAFE_SCHEME.match(compact):
        kind = scheme.group(1).lower()
        runs = kind in _SCRIPT_SCHEMES and name != "img"
        yield (
            (value.strip(), compact, f"{scheme.group(1)}:", key),
            f"{'could run script: ' if runs else ''}a `{kind}:` URL in `{key}` of `<{name}>` "
            f"is removed by the build, which keeps http, https, mailto and relative URLs "
            f"({TRUST_HINT})",
        )
    elif name == "img" and key == "src" and is_remote(value):
        yield (
            (value.strip(), compact, key),
            f"the picture `{value.strip()}` is on another host and the site makes no request "
            "to another host: it shows a link to it instead (put the file in the talk's "
            "folder to show it)",
        )
    elif key not in ("href", "src"):
        yield (
            (key,),
            f"`{key}` on `<{name}>` loads a page or file: the build removes it",
        )


@functools.cache
def _markdown() -> Any:
    import markdown

    # The extensions that let writing hold raw HTML in blocks and attributes on elements,
    # as the sites' usual configurations do; code blocks keep their HTML as text.
    return markdown.Markdown(extensions=["extra", "admonition"])


def _convert(text: str) -> str:
    converter = _markdown()
    converter.reset()
    try:
        return str(converter.convert(text))
    except Overran:
        _markdown.cache_clear()  # stopped midway: the next text starts with a fresh one
        raise
    except Exception:  # Python-Markdown chokes on rare input; the HTML is then read raw
        return text


class _Lines:
    """Finds the line of each hazard in the Markdown: the next place, after the previous
    find of the same text, where its telling text occurs."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lowered = text.lower()
        self.after: dict[str, int] = {}

    def find(self, *needles: str) -> int:
        for needle in needles:
            wanted = needle.lower()
            if not wanted:
                continue
            start = self.after.get(wanted, 0)
            position = self.lowered.find(wanted, start)
            if position < 0 and start:
                position = self.lowered.find(wanted)
            if position >= 0:
                self.after[wanted] = position + 1
                return self.text.count("\n", 0, position)
        return 0
