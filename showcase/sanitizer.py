"""The one sanitiser of HTML and SVG that comes from content: what the site may publish.

Everything under the content folder arrives by pull request, so HTML from it (people's
writing once converted, a notebook's outputs) and SVG pictures (a notebook's figures) are
untrusted. ``clean_html`` passes HTML through nh3, the bindings to the Rust sanitiser
Ammonia: it parses with html5ever, the HTML5 parsing algorithm browsers follow, so that
raw-text elements (``xmp``, ``noembed``, ``title``...), comments and CDATA mean to it what
they mean to a browser, and it keeps only an allowlist of elements, attributes and URL
schemes (http, https, mailto and relative links). What it keeps is what Markdown and its
usual extensions write (tables, admonitions, ``<details>``, footnotes, heading permalinks,
code highlighting spans, content tabs, task lists) and what a notebook shows (pandas
tables, Pygments classes, pictures saved beside the page).

The site makes no request to another host, so a picture from elsewhere becomes a link to
it, and a Mermaid diagram (Material would load Mermaid from a CDN for it) stays its
source, shown as code.

``clean_svg`` keeps an SVG picture's drawing and nothing that runs or fetches: the file is
parsed as XML (as a browser reads ``image/svg+xml``) and rebuilt from an allowlist, so
that opening the picture on its own, outside an ``<img>``, runs nothing either.
"""

from __future__ import annotations

import functools
import re
from html import unescape
from xml.etree import ElementTree

import nh3

#: Elements people's Markdown and a notebook's outputs may bring. No script, style, frame,
#: object, form, media or meta element; no MathML. SVG only as Material's inline icons
#: (``<svg><path>``), with no attribute that links or styles.
TAGS = frozenset(
    {
        *("a", "abbr", "article", "aside", "b", "bdi", "bdo", "blockquote", "br", "caption"),
        *("cite", "code", "col", "colgroup", "dd", "del", "details", "dfn", "div", "dl", "dt"),
        *("em", "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6"),
        *("header", "hr", "i", "img", "input", "ins", "kbd", "label", "li", "mark", "ol", "p"),
        *("pre", "q", "rp", "rt", "ruby", "s", "samp", "section", "small", "span", "strong"),
        *("sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time"),
        *("tr", "u", "ul", "var", "wbr", "svg", "path"),
    }
)
#: Elements removed with everything inside them (the rest keep their text).
REMOVED_WITH_CONTENT = frozenset({"script", "style"})
#: Attributes allowed on every element of ``TAGS``.
COMMON_ATTRIBUTES = frozenset({"class", "id", "title", "lang", "dir", "role", "aria-hidden"})
#: Attributes allowed on some elements. ``style`` only ever keeps a table cell's alignment
#: (Markdown's tables write it), see ``_filter_attribute``.
ATTRIBUTES: dict[str, frozenset[str]] = {
    "a": frozenset({"href", "name"}),
    "img": frozenset({"src", "alt", "width", "height", "loading", "decoding"}),
    "td": frozenset({"colspan", "rowspan", "align", "style"}),
    "th": frozenset({"colspan", "rowspan", "align", "scope", "style"}),
    "col": frozenset({"span"}),
    "colgroup": frozenset({"span"}),
    "ol": frozenset({"start", "type", "reversed"}),
    "li": frozenset({"value"}),
    "details": frozenset({"open"}),
    "input": frozenset({"type", "checked", "disabled", "name"}),
    "label": frozenset({"for"}),
    "time": frozenset({"datetime"}),
    "del": frozenset({"datetime"}),
    "ins": frozenset({"datetime"}),
    "span": frozenset({"data-linenos"}),
    "div": frozenset({"data-tabs"}),
    "svg": frozenset({"viewBox", "xmlns", "width", "height"}),
    "path": frozenset({"d"}),
}
#: URL schemes a link or a picture may use; relative URLs are kept as they are.
URL_SCHEMES = frozenset({"http", "https", "mailto"})
#: The only inline style kept: the alignment Markdown's tables give a column.
_ALIGNMENT = re.compile(r"\s*text-align:\s*(left|right|center);?\s*")
#: Classes that make Material's script fetch from another host (Mermaid from a CDN).
FETCHING_CLASSES = frozenset({"mermaid"})
#: How the ids, names and classes the site's own code and styles rely on start:
#: Material's ids (``__config``, whose JSON tells its script where to load the search
#: worker from, ``__search``, ``__drawer``...) and classes (``md-consent__overlay`` covers
#: the window), and Showcase's (``sc-deck``). The first element with an id wins, and
#: writing comes before the theme's own, so writing may use none of them.
_RESERVED = re.compile(r"^\s*(?:_|md-|sc-)", re.IGNORECASE)
#: Ids and names of that form that Markdown extensions write in people's writing: content
#: tabs (pymdownx.tabbed) and the line anchors of code blocks (pymdownx.highlight).
_EXTENSION_IDS = re.compile(r"^__(?:tabbed_\d+(?:_\d+)?|codelineno-[\w-]+|span-[\w-]+)$")
#: Classes of the theme and of Showcase that do no harm in writing: Material's buttons,
#: and the scrolling box a notebook's table sits in.
HARMLESS_CLASSES = frozenset({"md-button", "md-button--primary", "sc-notebook__table"})
#: Input types that only show a state: Material's content tabs and task lists.
INPUT_TYPES = frozenset({"checkbox", "radio"})
#: The ``src`` of pictures in the sanitiser's own output (quoted, lowercase names).
_IMAGE_SOURCE = re.compile(r'<img\b[^>]*?\ssrc="([^"]*)"')
#: What a browser removes from a URL before reading it (WHATWG URL parsing).
_URL_TRIM = re.compile(r"^[\x00-\x20]+|[\x00-\x20]+$")
_URL_TAB_OR_NEWLINE = re.compile(r"[\t\n\r]")


def clean_html(html: str) -> str:
    """``html`` with only what the allowlist keeps, pictures from other hosts turned into
    links to them, and Mermaid diagrams left as their source."""
    cleaned = _cleaner().clean(html)
    sources = (unescape(found) for found in _IMAGE_SOURCE.findall(cleaned))
    if not any(is_remote(source) for source in sources):
        return cleaned
    # The sanitiser's output is plain, quoted HTML that any parser reads alike; the
    # pictures are replaced there, and the result goes through the sanitiser again.
    return _cleaner().clean(_link_remote_images(cleaned))


def kept_style(value: str) -> str | None:
    """The ``style`` the sanitiser keeps of ``value`` (a table cell's alignment), or None."""
    found = _ALIGNMENT.fullmatch(value)
    return f"text-align: {found.group(1)};" if found else None


def is_remote(url: str) -> bool:
    """Whether a browser would fetch ``url`` from elsewhere than the site: it names a
    scheme (``https:``, even without slashes) or a host (``//host``; browsers read ``\\``
    as ``/``), once the blanks, tabs and newlines that browsers ignore are taken out."""
    text = _URL_TAB_OR_NEWLINE.sub("", _URL_TRIM.sub("", url))
    return re.match(r"^(?:[a-z][a-z0-9+.-]*:|[\\/]{2})", text, re.IGNORECASE) is not None


def picture_link_text(alt: str, src: str) -> str:
    """What a picture from another host reads as once it is a link."""
    return f"[picture: {alt or src}]"


@functools.cache
def _cleaner() -> nh3.Cleaner:
    attributes = {tag: set(names) for tag, names in ATTRIBUTES.items()}
    attributes["*"] = set(COMMON_ATTRIBUTES)
    return nh3.Cleaner(
        tags=set(TAGS),
        clean_content_tags=set(REMOVED_WITH_CONTENT),
        attributes=attributes,
        attribute_filter=_filter_attribute,
        url_schemes=set(URL_SCHEMES),
        link_rel=None,
        strip_comments=True,
    )


def reserved_id(value: str) -> bool:
    """Whether ``value`` is an id or name (or a label's ``for``) of the kind the site's
    own code relies on, which writing may not use."""
    return _RESERVED.match(value) is not None and _EXTENSION_IDS.match(value) is None


def reserved_class(name: str) -> bool:
    """Whether the class ``name`` is the theme's or Showcase's (and not a harmless one)."""
    return _RESERVED.match(name) is not None and name.lower() not in HARMLESS_CLASSES


def _filter_attribute(tag: str, attribute: str, value: str) -> str | None:
    """Ammonia's allowlist decides which attributes stay; this decides their values."""
    if attribute == "style":
        return kept_style(value)
    if attribute in ("id", "name", "for"):
        return None if reserved_id(value) else value
    if attribute == "class":
        kept = [
            name
            for name in value.split()
            if name.lower() not in FETCHING_CLASSES and not reserved_class(name)
        ]
        return " ".join(kept) if kept else None
    if tag == "input" and attribute == "type":
        return value if value.lower() in INPUT_TYPES else "checkbox"
    return value


def _link_remote_images(html: str) -> str:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    for image in soup.find_all("img"):
        source = str(image.get("src", ""))
        if not is_remote(source):
            continue
        target = _URL_TAB_OR_NEWLINE.sub("", _URL_TRIM.sub("", source))
        link = soup.new_tag("a", href=target)
        link.string = picture_link_text(str(image.get("alt") or ""), target)
        image.replace_with(link)
    return str(soup)


# SVG pictures ---------------------------------------------------------------------------

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
#: Elements of a drawing (what matplotlib, Graphviz and plotting libraries write). No
#: script, ``foreignObject``, ``a``, ``image``, animation (``animate``, ``set``...) or
#: ``feImage``: nothing that runs, links, fetches or changes an attribute later.
SVG_ELEMENTS = frozenset(
    {
        *("svg", "g", "defs", "symbol", "use", "title", "desc", "style", "switch"),
        *("path", "rect", "circle", "ellipse", "line", "polyline", "polygon"),
        *("text", "tspan", "textPath", "clipPath", "mask", "pattern", "marker"),
        *("linearGradient", "radialGradient", "stop", "filter", "feBlend", "feColorMatrix"),
        *("feComponentTransfer", "feComposite", "feFlood", "feGaussianBlur", "feMerge"),
        *("feMergeNode", "feMorphology", "feOffset", "feFuncA", "feFuncR", "feFuncG"),
        *("feFuncB", "feDropShadow", "feTile", "feTurbulence"),
    }
)
#: Attributes of those elements: geometry and presentation. ``href`` (either namespace)
#: is kept only when it points inside the picture (``#id``).
SVG_ATTRIBUTES = frozenset(
    {
        *("id", "class", "style", "transform", "viewBox", "preserveAspectRatio", "version"),
        *("x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "ry", "fx", "fy", "fr"),
        *("width", "height", "d", "points", "pathLength", "dx", "dy", "rotate"),
        *("textLength", "lengthAdjust", "startOffset", "method", "spacing", "side"),
        *("fill", "fill-opacity", "fill-rule", "stroke", "stroke-width", "stroke-opacity"),
        *("stroke-linecap", "stroke-linejoin", "stroke-miterlimit", "stroke-dasharray"),
        *("stroke-dashoffset", "opacity", "color", "display", "visibility", "overflow"),
        *("clip-path", "clip-rule", "clipPathUnits", "mask", "maskUnits"),
        *("maskContentUnits", "filter", "filterUnits", "primitiveUnits", "font-family"),
        *("font-size", "font-style", "font-weight", "font-variant", "font-stretch"),
        *("text-anchor", "dominant-baseline", "alignment-baseline", "baseline-shift"),
        *("letter-spacing", "word-spacing", "text-decoration", "writing-mode"),
        *("gradientUnits", "gradientTransform", "spreadMethod", "offset", "stop-color"),
        *("stop-opacity", "patternUnits", "patternContentUnits", "patternTransform"),
        *("markerWidth", "markerHeight", "markerUnits", "refX", "refY", "orient"),
        *("marker-start", "marker-mid", "marker-end", "vector-effect", "shape-rendering"),
        *("text-rendering", "image-rendering", "color-interpolation-filters", "in", "in2"),
        *("result", "stdDeviation", "mode", "operator", "k1", "k2", "k3", "k4", "values"),
        *("type", "tableValues", "slope", "intercept", "amplitude", "exponent"),
        *("flood-color", "flood-opacity", "radius", "baseFrequency", "numOctaves", "seed"),
        *("stitchTiles", "space", "xml:space", "lang", "media"),
    }
)
_LOCAL_REFERENCE = re.compile(r"\s*#[^\s]*\s*")
#: CSS in a picture may refer to its own parts (``url(#clip)``) and nothing else: no
#: ``url()`` elsewhere, no ``@import`` or other at-rule, no escapes that could spell them.
_CSS_URL = re.compile(r"url\(([^)]*)(\)?)", re.IGNORECASE)
_CSS_FORBIDDEN = re.compile(r"[@\\<]|image|src\s*\(|expression|behavior|binding", re.I)


class SvgError(ValueError):
    """An SVG picture that cannot be read as one."""


def clean_svg(data: bytes) -> bytes:
    """The SVG picture ``data`` rebuilt from what the allowlist keeps, as UTF-8 XML.

    Raises ``SvgError`` when ``data`` is not an SVG document a browser would show.
    """
    import defusedxml.ElementTree as SafeTree
    from defusedxml import DefusedXmlException

    try:
        root = SafeTree.fromstring(data, forbid_dtd=False)
    except (ElementTree.ParseError, DefusedXmlException, ValueError) as exc:
        raise SvgError(f"it is not well-formed SVG ({exc})") from exc
    if root.tag != f"{{{SVG}}}svg":
        raise SvgError("its root element is not <svg>")
    cleaned = _clean_svg_element(root)
    assert cleaned is not None
    ElementTree.register_namespace("", SVG)
    ElementTree.register_namespace("xlink", XLINK)
    text: bytes = ElementTree.tostring(cleaned, encoding="utf-8", xml_declaration=True)
    return text


def _clean_svg_element(element: ElementTree.Element) -> ElementTree.Element | None:
    namespace, _, name = element.tag.rpartition("}")
    if namespace.lstrip("{") != SVG or name not in SVG_ELEMENTS:
        return None
    kept = ElementTree.Element(element.tag)
    for attribute, value in element.attrib.items():
        cleaned = _clean_svg_attribute(attribute, value)
        if cleaned is not None:
            kept.set(attribute, cleaned)
    if name == "style":
        kept.text = element.text if _safe_css(element.text or "") else None
        return kept
    kept.text = element.text
    for child in element:
        cleaned_child = _clean_svg_element(child)
        if cleaned_child is not None:
            cleaned_child.tail = child.tail
            kept.append(cleaned_child)
        elif child.tail:
            _append_text(kept, child.tail)
    return kept


def _clean_svg_attribute(attribute: str, value: str) -> str | None:
    namespace, _, name = attribute.rpartition("}")
    if name == "href" and namespace.lstrip("{") in ("", XLINK):
        return value if _LOCAL_REFERENCE.fullmatch(value) else None
    xml_space = attribute == "{http://www.w3.org/XML/1998/namespace}space"
    if namespace and not xml_space:
        return None
    if not xml_space and name not in SVG_ATTRIBUTES:
        return None
    return value if _safe_css(value) else None


def _safe_css(text: str) -> bool:
    """Whether CSS (a stylesheet, a ``style`` or a presentation attribute) fetches nothing."""
    if _CSS_FORBIDDEN.search(text):
        return False
    return all(
        found.group(2) and found.group(1).strip().strip("'\"").startswith("#")
        for found in _CSS_URL.finditer(text)
    )


def _append_text(parent: ElementTree.Element, text: str) -> None:
    children = list(parent)
    if children:
        children[-1].tail = (children[-1].tail or "") + text
    else:
        parent.text = (parent.text or "") + text
