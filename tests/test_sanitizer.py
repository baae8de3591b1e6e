"""The sanitiser of HTML and SVG from content (``showcase.sanitizer``).

Its output is read back with html5lib, the HTML5 parsing algorithm in Python (not nh3's
parser, and not Python's ``html.parser``), as a browser would read it.
"""

from __future__ import annotations

import re
from typing import Any
from xml.etree import ElementTree

import hostilekit as hostile
import html5lib
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from showcase.sanitizer import SvgError, clean_html, clean_svg, is_remote

#: Elements that must never come out of the sanitiser.
FORBIDDEN_ELEMENTS = frozenset(
    {
        *("script", "iframe", "frame", "frameset", "object", "embed", "applet", "base"),
        *("link", "meta", "style", "form", "template", "noscript", "xmp", "noembed"),
        *("noframes", "plaintext", "title", "textarea", "math", "foreignobject", "animate"),
        *("set", "animatemotion", "animatetransform", "image", "use", "video", "audio"),
        *("source", "picture", "input-image", "portal", "fencedframe", "select", "option"),
    }
)
URL_ATTRIBUTES = frozenset(
    {"href", "src", "action", "formaction", "poster", "background", "cite", "data", "ping"}
)
FETCHING_ATTRIBUTES = frozenset({"srcset", "imagesrcset", "lowsrc", "dynsrc"})
ALIGNMENTS = {f"text-align: {side};" for side in ("left", "right", "center")}


def _parse(html: str) -> Any:
    return html5lib.parseFragment(html, treebuilder="etree", namespaceHTMLElements=False)


def _problems(html: str) -> list[str]:
    """What in ``html``, read as a browser reads it, could run script, restyle the page or
    fetch from another host."""
    found = []
    for element in _parse(html).iter():
        if not isinstance(element.tag, str):
            found.append("a comment")
            continue
        name = element.tag.rpartition("}")[2].lower()
        if name in FORBIDDEN_ELEMENTS:
            found.append(f"<{name}>")
        for attribute, value in element.attrib.items():
            key = str(attribute).rpartition("}")[2].lower()
            if key.startswith("on"):
                found.append(f"{key} on <{name}>")
            elif key == "style" and value not in ALIGNMENTS:
                found.append(f"style={value!r} on <{name}>")
            elif key in FETCHING_ATTRIBUTES:
                found.append(f"{key} on <{name}>")
            elif key in URL_ATTRIBUTES and not _allowed_url(value):
                found.append(f"{key}={value!r} on <{name}>")
            elif name == "img" and key == "src" and is_remote(value):
                found.append(f"a picture from {value!r}")
            elif key == "class" and "mermaid" in value.lower().split():
                found.append("a Mermaid diagram")
    return found


def _allowed_url(value: str) -> bool:
    """http(s), mailto, or a relative URL, as a browser reads it (blanks it ignores taken
    out first). Before its first colon a URL names its scheme only when that is a letter
    then letters, digits, ``+``, ``-`` or ``.`` (the URL standard's "scheme state"):
    anything else, ``url(https://...)`` say, is a path on the site's own host."""
    compact = "".join(ch for ch in value.strip("\x00 \t\n\f\r") if ch not in "\t\n\r")
    scheme, colon, _rest = compact.partition(":")
    if not colon or not _SCHEME.fullmatch(scheme):
        return True
    return scheme.lower() in ("http", "https", "mailto")


_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*")


# Hostile HTML ---------------------------------------------------------------------------

_TAGS = st.sampled_from(
    [
        *("a", "img", "div", "p", "span", "svg", "math", "script", "style", "iframe"),
        *("object", "embed", "xmp", "noembed", "noframes", "noscript", "title", "textarea"),
        *("plaintext", "template", "form", "input", "button", "video", "source", "animate"),
        *("set", "image", "use", "foreignObject", "mglyph", "mtext", "table", "select"),
        *("details", "base", "link", "meta", "pre", "code", "SCRIPT", "ScRiPt", "iMg"),
    ]
)
_ATTRIBUTES = st.sampled_from(
    [
        *("href", "src", "onerror", "onload", "ONCLICK", "onmouseover", "style", "srcset"),
        *("poster", "xlink:href", "action", "formaction", "background", "attributeName"),
        *("to", "values", "class", "id", "data", "srcdoc", "ontoggle", "open", "type"),
    ]
)
_SCHEMES = st.sampled_from(
    [
        *("javascript:", "JaVaScRiPt:", "java\tscript:", "java\nscript:", "java&#9;script:"),
        *("&#106;avascript:", "&#x6A;avascript:", "jav&#x0A;ascript:", " javascript:"),
        *("\x01javascript:", "vbscript:", "data:text/html,", "data:image/svg+xml,"),
        *("http://", "https://", "//", "\\\\", "/\\", "mailto:", "", "./", "../", "#"),
        *("https:", "file://", "ftp://"),
    ]
)
_TEXT = st.sampled_from(
    [
        *("x", "alert(1)", "document.title='pwned'", "evil.example/x.png", "a b", "'", '"'),
        *(">", "<", "</xmp>", "</title>", "-->", "]]>", "url(https://evil.example/x)"),
        "position:fixed;inset:0",
        "mermaid",
    ]
)


@st.composite
def _url(draw: st.DrawFn) -> str:
    return draw(_SCHEMES) + draw(_TEXT)


@st.composite
def _attribute(draw: st.DrawFn) -> str:
    name = draw(_ATTRIBUTES)
    value = draw(st.one_of(_url(), _TEXT))
    quote = draw(st.sampled_from(['"', "'", ""]))
    if not quote:
        value = value.replace(" ", "").replace(">", "") or "x"
    return f" {name}={quote}{value}{quote}"


@st.composite
def _element(draw: st.DrawFn, depth: int = 0) -> str:
    tag = draw(_TAGS)
    attributes = "".join(draw(st.lists(_attribute(), max_size=3)))
    children = ""
    if depth < 3:
        children = "".join(draw(st.lists(_fragment(depth + 1), max_size=3)))
    closing = draw(st.sampled_from([f"</{tag}>", "", f"</{tag.lower()} >"]))
    return f"<{tag}{attributes}>{children}{closing}"


@st.composite
def _fragment(draw: st.DrawFn, depth: int = 0) -> str:
    return draw(
        st.one_of(
            _element(depth),
            _TEXT,
            st.sampled_from(
                [
                    "<!--",
                    "-->",
                    "<!-->",
                    "<![CDATA[",
                    "]]>",
                    "<?x ",
                    "</",
                    "<!DOCTYPE html>",
                    "&lt;script&gt;",
                    *hostile.SCRIPT_PAYLOADS.values(),
                    *hostile.CLICK_PAYLOADS.values(),
                    hostile.OVERLAY,
                    hostile.FETCHING,
                ]
            ),
        )
    )


@given(st.lists(_fragment(), min_size=1, max_size=6).map("".join))
# A path of the site's own host that only looks like a CSS address (``url(`` is no scheme).
@example('<img href="javascript:x" src="url(https://evil.example/x)"></img>')
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_generated_hostile_html_comes_out_without_script_style_or_foreign_urls(
    html: str,
) -> None:
    cleaned = clean_html(html)
    assert _problems(cleaned) == [], cleaned
    # Read again (nested links regroup), it is still clean: nothing mutates into script.
    assert _problems(clean_html(cleaned)) == []


@pytest.mark.parametrize("name", sorted(hostile.SCRIPT_PAYLOADS))
def test_each_known_payload_is_caught_by_the_checker_before_and_removed_after(name: str) -> None:
    payload = hostile.SCRIPT_PAYLOADS[name]
    assert _problems(payload), f"the test's own checker misses {name}"
    assert _problems(clean_html(payload)) == []


def test_what_markdown_and_notebooks_need_is_kept() -> None:
    kept = [
        '<h2 id="plan">Plan<a class="headerlink" href="#plan" title="Permanent link">¶</a></h2>',
        '<div class="admonition note"><p class="admonition-title">Note</p><p>x</p></div>',
        '<details class="tip" open=""><summary>More</summary><p>x</p></details>',
        '<figure><img alt="a" src="pic.png"><figcaption>A</figcaption></figure>',
        "<p><kbd>Ctrl</kbd>+<kbd>C</kbd></p>",
        '<table><thead><tr><th style="text-align: center;">a</th></tr></thead>'
        '<tbody><tr><td style="text-align: right;">1</td></tr></tbody></table>',
        '<div class="language-python highlight"><pre><span></span><code>'
        '<span class="kn">import</span> <span class="nn">os</span></code></pre></div>',
        '<sup id="fnref:1"><a class="footnote-ref" href="#fn:1">1</a></sup>',
        '<a class="footnote-backref" href="#fnref:1" title="Back">↩</a>',
        '<a href="https://example.com/" title="t">x</a> <a href="mailto:a@example.com">m</a>',
        '<a href="../other/">relative</a> <a id="__codelineno-0-1" name="__codelineno-0-1" '
        'href="#__codelineno-0-1"></a>',
        '<input type="checkbox" disabled="" checked=""> <span class="twemoji">'
        '<svg viewBox="0 0 24 24" xmlns="http://www.w3.org/2000/svg"><path d="M0 0h24">'
        "</path></svg></span>",
        '<table class="dataframe"><tbody><tr><th>a</th><td>1</td></tr></tbody></table>',
    ]
    for html in kept:
        assert clean_html(html) == html


def test_pictures_from_other_hosts_become_links_and_local_ones_stay() -> None:
    html = (
        '<p><img src="https://pictures.example.com/a.png" alt="A chart">'
        '<img src=" //cdn.example.com/b.png"><img src="\\\\evil.example/c.png">'
        '<img src="chart.png" alt="local"></p>'
    )
    assert clean_html(html) == (
        '<p><a href="https://pictures.example.com/a.png">[picture: A chart]</a>'
        '<a href="//cdn.example.com/b.png">[picture: //cdn.example.com/b.png]</a>'
        '<a href="\\\\evil.example/c.png">[picture: \\\\evil.example/c.png]</a>'
        '<img alt="local" src="chart.png"></p>'
    )


def test_a_mermaid_diagram_stays_its_source_as_code() -> None:
    html = '<pre class="mermaid"><code>graph TD; A--&gt;B</code></pre>'
    assert clean_html(html) == "<pre><code>graph TD; A--&gt;B</code></pre>"


# SVG pictures ---------------------------------------------------------------------------

MATPLOTLIB_LIKE = b"""<?xml version="1.0" encoding="utf-8" standalone="no"?>
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
<svg xmlns:xlink="http://www.w3.org/1999/xlink" width="46pt" height="46pt" viewBox="0 0 46 46"
 xmlns="http://www.w3.org/2000/svg" version="1.1">
 <metadata><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/></metadata>
 <defs><style type="text/css">*{stroke-linejoin: round; stroke-linecap: butt}</style>
  <clipPath id="p1"><rect x="0" y="0" width="40" height="40"/></clipPath>
  <path id="m1" d="M 0 0 L 0 3" style="stroke: #000000; stroke-width: 0.8"/></defs>
 <g id="figure_1" clip-path="url(#p1)"><path d="M 0 46 L 46 46" style="fill: #ffffff"/>
  <use xlink:href="#m1" x="10" y="20" style="stroke: #000000"/>
  <text x="5" y="40" style="font: 10px 'DejaVu Sans'">1.0</text></g>
</svg>"""


def test_a_plot_keeps_its_drawing() -> None:
    cleaned = ElementTree.fromstring(clean_svg(MATPLOTLIB_LIKE))
    names = [element.tag.rpartition("}")[2] for element in cleaned.iter()]
    assert names == [
        *("svg", "defs", "style", "clipPath", "rect", "path", "g", "path", "use", "text"),
    ]
    use = cleaned.find(".//{http://www.w3.org/2000/svg}use")
    assert use is not None and use.get("{http://www.w3.org/1999/xlink}href") == "#m1"
    assert cleaned.find(".//{http://www.w3.org/2000/svg}g").get("clip-path") == "url(#p1)"  # type: ignore[union-attr]


def test_an_svg_keeps_nothing_that_runs_links_or_fetches() -> None:
    hostile_svg = (
        b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
        b' onload="alert(1)"><script>alert(1)</script>'
        b'<a href="javascript:alert(1)"><text>x</text></a>'
        b'<animate attributeName="href" to="javascript:alert(1)"/>'
        b'<set attributeName="onclick" to="alert(1)"/>'
        b'<image href="https://evil.example/x.png"/><use xlink:href="https://evil.example/a#b"/>'
        b'<foreignObject><div xmlns="http://www.w3.org/1999/xhtml">'
        b'<img src="x" onerror="alert(1)"/></div></foreignObject>'
        b'<rect style="fill: url(https://evil.example/p)" fill="url(\'https://evil.example/q\')"'
        b' onclick="alert(1)"/><style>@import url(https://evil.example/s.css);</style></svg>'
    )
    cleaned = clean_svg(hostile_svg).decode("utf-8")
    for forbidden in ("script", "javascript", "onload", "onclick", "evil.example", "animate"):
        assert forbidden not in cleaned
    for forbidden in ("<set", "<image", "foreignObject", "<img", "@import"):
        assert forbidden not in cleaned


@pytest.mark.parametrize(
    "data",
    [
        b"not svg at all",
        b"<html><body>x</body></html>",
        b'<!DOCTYPE svg [<!ENTITY a "aaaa">]><svg xmlns="http://www.w3.org/2000/svg">&a;</svg>',
        b'<svg xmlns="http://www.w3.org/2000/svg"><g></svg>',
    ],
)
def test_what_is_not_an_svg_picture_is_refused(data: bytes) -> None:
    with pytest.raises(SvgError):
        clean_svg(data)
