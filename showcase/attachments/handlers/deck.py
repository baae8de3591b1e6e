"""HTML slide decks (a self-contained reveal.js or Marp export): embedded in a frame.

A deck is an HTML page from content: opened on its own, at the site's address, its script
would run on the site's origin. So the deck file itself is never published (the build
leaves out every such file). What is published is ``frame.html``, a page of Showcase's
own with no script, which holds the deck in a sandboxed ``srcdoc`` frame: the deck's
scripts run, but in an origin of their own, whether the frame is seen from the talk page
or opened directly. Its content security policy, which the deck inherits, lets nothing be
fetched from another host. "Full screen" puts the talk page's frame itself in full screen
(the Fullscreen API, from ``attachments.js``) or, without script, stretches it over the
window (the block is the link's ``:target``). The download is ``deck.txt``, a copy a
browser shows as text if opened, saved under the deck's own name.
"""

from __future__ import annotations

import html
import re
from dataclasses import replace
from html import escape

from showcase.attachments import fragments
from showcase.attachments.handler import AttachmentError, Handler, Rendering, RenderJob, View

_LOOKS_LIKE_HTML = re.compile(rb"<\s*(!doctype\s+html|html|head|body|section|div)\b", re.I)
_TITLE = re.compile(r"<title[^>]*>(.*?)</title\s*>", re.I | re.S)
_REMOTE = re.compile(
    r"<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)\s*=\s*[\"']?(?:https?:)?//", re.I
)


#: What the deck's frame allows: its scripts, in an origin of their own (no
#: ``allow-same-origin``). Nothing else: a new window (``allow-popups``) would be outside
#: the page's content security policy, free to load anything from another host.
SANDBOX = "allow-scripts"
#: The id of the block that "Full screen" targets when there is no script, and of the
#: place "Close" goes back to. A talk has one deck, so the ids are unique on its page.
FULL_WINDOW = "sc-deck"
CLOSED = "sc-deck-closed"


class DeckHandler(Handler):
    kind = "html"
    label = "HTML slide deck"
    suffixes = frozenset({".html", ".htm"})
    roles = frozenset({"slides"})
    version = "3"  # 3: the frame no longer allows popups

    def render(self, job: RenderJob) -> Rendering:
        data = job.read_bytes()
        if not _LOOKS_LIKE_HTML.search(data[:65536]):
            raise AttachmentError("the file is not an HTML document")
        text = data.decode("utf-8", errors="replace")
        found = _TITLE.search(text)
        title = " ".join(html.unescape(found.group(1)).split())[:200] if found else ""
        (job.out / FRAME).write_text(_frame_page(text, title or job.name), encoding="utf-8")
        (job.out / COPY).write_bytes(data)
        return Rendering(meta={"title": title, "remote": bool(_REMOTE.search(text))})

    def html(self, view: View) -> str:
        title = view.meta.get("title") or f"Slides of {view.talk.title}"
        full_screen = (
            f'<a class="sc-attachment__action sc-deck__full" href="#{FULL_WINDOW}" '
            "data-sc-deck-full>Full screen</a>"
        )
        remote = ""
        if view.meta.get("remote"):
            remote = (
                '<p class="sc-hint">This deck asks for files from other sites, which this '
                "site does not load: those parts are missing. Export it self-contained.</p>"
            )
        body = (
            f'<span id="{CLOSED}"></span>'
            f'<div class="sc-deck" id="{FULL_WINDOW}">'
            f'<iframe class="sc-deck__frame" src="{escape(view.url(FRAME))}" '
            f'title="{escape(title)}" loading="lazy" sandbox="{SANDBOX}" '
            'allow="fullscreen" allowfullscreen></iframe>'
            f'<a class="sc-deck__close md-button" href="#{CLOSED}">Close full window</a>'
            f"</div>{remote}"
        )
        copy = replace(view, download=view.url(COPY))
        return fragments.block(copy, body, facts=["HTML slide deck"], actions=[full_screen])


#: The published page that frames the deck, and the copy of it to download.
FRAME, COPY = "frame.html", "deck.txt"
#: What the frame page and the deck inside it may load: their own files and inline data,
#: nothing from another host.
POLICY = "default-src 'self' data: blob: 'unsafe-inline' 'unsafe-eval'"


def _frame_page(deck: str, title: str) -> str:
    """A page with no script of its own that shows ``deck`` in a sandboxed frame."""
    return (
        "<!doctype html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{POLICY}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title>"
        "<style>html,body,iframe{margin:0;border:0;width:100%;height:100%;display:block}"
        "</style></head><body>"
        f'<iframe srcdoc="{escape(deck, quote=True)}" title="{escape(title)}" '
        f'sandbox="{SANDBOX}" allow="fullscreen" allowfullscreen></iframe>'
        "</body></html>\n"
    )
