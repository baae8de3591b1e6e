"""Hostile content: HTML that tries to run script on the site or make it fetch from other
hosts, written into writeups, bios, event notes, notebook outputs and a deck.

Every script payload sets ``document.title`` to ``PWNED``, so that a browser test reads the
title to tell whether one ran. ``SCRIPT_PAYLOADS`` all run when a page holds them as they
are (``test_every_payload_runs_when_published_as_written`` proves it in Chromium), so a
page that keeps its title has really removed them.
"""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
from contentkit import EVENTS, ContentKit
from nbformat import v4

PWNED = "pwned"
_SET = f"document.title='{PWNED}'"

#: Payloads that run as soon as the page loads, by name. Raw-text elements (xmp, noembed,
#: noframes, title), CDATA and comment tricks hide an ``<img onerror>`` from a parser that
#: is not the browser's (Python's ``html.parser``).
SCRIPT_PAYLOADS: dict[str, str] = {
    "img-onerror": f'<img src="x" onerror="{_SET}">',
    "script": f"<script>{_SET}</script>",
    "xmp": f'<xmp><p title="</xmp><img src=x onerror={_SET}>"></xmp>',
    "noembed": f'<noembed><p title="</noembed><img src=x onerror={_SET}>"></noembed>',
    "noframes": f'<noframes><p title="</noframes><img src=x onerror={_SET}>"></noframes>',
    "title": f'<title><p title="</title><img src=x onerror={_SET}>"></title>',
    "plaintext": f"<math><plaintext><img src=x onerror={_SET}>",
    "cdata": f"<![CDATA[><img src=x onerror={_SET}>]]>",
    "comment": f"<!--><img src=x onerror={_SET}>-->",
    "iframe-srcdoc": f'<iframe srcdoc="<script>parent.{_SET}</script>"></iframe>',
    "svg-onload": f'<svg onload="{_SET}"></svg>',
    "details-ontoggle": f'<details open ontoggle="{_SET}"><summary>s</summary>x</details>',
}
#: Links that run script when clicked, by the text they show.
CLICK_PAYLOADS: dict[str, str] = {
    "click-tab": f'<a href="java\tscript:{_SET}">click-tab</a>',
    "click-tab-entity": f'<a href="java&#9;script:{_SET}">click-tab-entity</a>',
    "click-newline": f'<a href="java\nscript:{_SET}">click-newline</a>',
    "click-case": f'<a href=" JaVaScRiPt:{_SET}">click-case</a>',
    "click-entity": f'<a href="&#106;avascript:{_SET}">click-entity</a>',
    "click-animate": (
        '<svg width="200" height="40"><a><animate attributeName="href" '
        f'to="javascript:{_SET}"/><text x="5" y="20">click-animate</text></a></svg>'
    ),
}
#: A box over the whole window, from a ``style`` attribute.
OVERLAY = (
    '<div class="overlay-test" style="position:fixed;inset:0;z-index:9999;'
    'background:red">overlay</div>'
)
#: Markup that makes the browser fetch from another host.
REMOTE_IMAGE = "https://pictures.example.com/remote.png"
FETCHING = (
    f"<img src='{REMOTE_IMAGE}' alt='remote'>"
    '<img srcset="https://pictures.example.com/a.png 1x" src="local.png" alt="set">'
    '<video poster="https://pictures.example.com/poster.png"></video>'
    '<svg><image href="https://pictures.example.com/svg.png" width="10" height="10"/></svg>'
    "<div style=\"background:url('https://pictures.example.com/css.png')\">css</div>"
    '<pre class="mermaid"><code>graph TD; A--&gt;B</code></pre>'
)
#: An SVG figure that runs script when opened on its own, or fetches.
SVG_FIGURE = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40" viewBox="0 0 40 40">'
    f"<script>{_SET}</script>"
    '<rect width="40" height="40" fill="#2e7d32"/>'
    f'<image href="{REMOTE_IMAGE}" width="10" height="10"/>'
    "</svg>"
)
#: Where a deck tries to open a window.
POPUP = "https://popups.example.com/"
DECK = (
    "<!doctype html><html><head><title>Hostile deck</title></head><body>"
    "<section><h1>Deck</h1></section>"
    f"<script>document.title='deck ran';try{{top.{_SET}}}catch(e){{}}"
    # A window of its own would be outside the page's content security policy.
    f"var w=null;try{{w=window.open('{POPUP}')}}catch(e){{}}"
    "document.body.dataset.popup=w?'opened':'refused'</script>"
    "</body></html>"
)

#: Pages in a talk folder that no front matter names; ``figure.svg`` is another.
STRAY_DOCUMENTS = ("stray.html", "stray.xhtml", "stray.xml")

MERMAID_FENCE = "```mermaid\ngraph TD; A-->B\n```"


def all_script_html() -> str:
    return "\n".join(SCRIPT_PAYLOADS.values())


def writeup() -> str:
    """A writeup holding every payload, each raw HTML block on its own."""
    blocks = [
        "Some honest words first.",
        f"[click-markdown](javascript:document.title=%22{PWNED}%22)",
        f"![a remote picture]({REMOTE_IMAGE})",
        MERMAID_FENCE,
        *SCRIPT_PAYLOADS.values(),
        *(f"<p>{link}</p>" for link in CLICK_PAYLOADS.values()),
        OVERLAY,
        FETCHING,
    ]
    return "\n\n".join(blocks) + "\n"


def notebook() -> bytes:
    """A notebook whose outputs and Markdown carry every payload."""
    html_outputs = [
        *SCRIPT_PAYLOADS.values(),
        *CLICK_PAYLOADS.values(),
        OVERLAY,
        FETCHING,
    ]
    cells = [v4.new_markdown_cell("# Hostile notebook\n\n" + all_script_html())]
    for number, html in enumerate(html_outputs, start=1):
        cells.append(
            v4.new_code_cell(
                f"show({number})",
                execution_count=number,
                outputs=[
                    v4.new_output(
                        "display_data", data={"text/html": html, "text/plain": f"<{number}>"}
                    )
                ],
            )
        )
    cells.append(
        v4.new_code_cell(
            "figure()",
            execution_count=len(cells) + 1,
            outputs=[
                v4.new_output(
                    "display_data", data={"image/svg+xml": SVG_FIGURE, "text/plain": "<Figure>"}
                )
            ],
        )
    )
    document = v4.new_notebook(cells=cells, metadata={"language_info": {"name": "python"}})
    nbformat.validate(document)
    return nbformat.writes(document).encode("utf-8")


PEOPLE = f"""\
ana-lima:
  name: Ana Lima
  bio: |
    Ana writes about data.
    <img src=x onerror="{_SET}">
    <a href="java&#9;script:{_SET}">click-bio</a>
    ![her picture]({REMOTE_IMAGE})
bo-chen:
  name: Bo Chen
carla-diaz:
  name: Carla Diaz
"""
EVENT_NOTES = {
    "date": "2026-10-15",
    "notes": f'Pizza at six. <img src=x onerror="{_SET}">\n\n![venue]({REMOTE_IMAGE})\n',
}

CONFIG = """\
site_name: Hostile Demo Days
docs_dir: content
theme:
  name: material
  font: false
markdown_extensions:
  - attr_list
  - md_in_html
  - pymdownx.superfences:
      custom_fences:
        - name: mermaid
          class: mermaid
          format: !!python/name:pymdownx.superfences.fence_code_format
plugins:
  - search
  - showcase:
      trust_authors: {trust}
"""


def hostile_project(root: Path, *, trust_authors: bool = False) -> Path:
    """A site whose content tries everything above; returns its ``mkdocs.yml``."""
    kit = ContentKit(root / "content")
    kit.people(PEOPLE)
    for event_id, text in EVENTS.items():
        kit.event(event_id, text)
    kit.event("2026-10", json.dumps(EVENT_NOTES))
    kit.talk(
        "hostile-writeup",
        {"title": "Hostile writeup", "speakers": ["ana-lima"], "event": "2026-10"},
        body=writeup(),
        # Files no front matter names, which a browser would run if opened on their own.
        files={name: DECK for name in STRAY_DOCUMENTS} | {"figure.svg": SVG_FIGURE},
    )
    kit.talk(
        "hostile-notebook",
        {
            "title": "Hostile notebook",
            "speakers": ["bo-chen"],
            "event": "2026-10",
            "notebooks": ["analysis.ipynb"],
        },
        files={"analysis.ipynb": notebook()},
    )
    kit.talk(
        "hostile-deck",
        {"title": "Hostile deck", "speakers": ["carla-diaz"], "event": "2026-10"}
        | {"slides": "deck.html"},
        files={"deck.html": DECK},
    )
    config = root / "mkdocs.yml"
    config.write_text(CONFIG.format(trust="true" if trust_authors else "false"), "utf-8")
    return config
