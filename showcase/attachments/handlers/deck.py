"""HTML slide decks (a self-contained reveal.js or Marp export): embedded in a frame.

The deck is published as it is, beside the talk page; the page embeds it in a sandboxed
frame (its scripts run, but in an origin of their own: they cannot reach the site). The
deck is never opened outside that frame from the page: "Full screen" puts the frame
itself in full screen (the Fullscreen API, from ``attachments.js``) or, without script,
stretches it over the window (the block is the link's ``:target``); the download link
saves the file (``download``) instead of opening it.
"""

from __future__ import annotations

import html
import re
from html import escape

from showcase.attachments import fragments
from showcase.attachments.handler import AttachmentError, Handler, Rendering, RenderJob, View

_LOOKS_LIKE_HTML = re.compile(rb"<\s*(!doctype\s+html|html|head|body|section|div)\b", re.I)
_TITLE = re.compile(r"<title[^>]*>(.*?)</title\s*>", re.I | re.S)
_REMOTE = re.compile(
    r"<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)\s*=\s*[\"']?(?:https?:)?//", re.I
)


#: What the deck's frame allows: its scripts, in an origin of their own (no
#: ``allow-same-origin``), and links that open in a new tab (sandboxed as well).
SANDBOX = "allow-scripts allow-popups"
#: The id of the block that "Full screen" targets when there is no script, and of the
#: place "Close" goes back to. A talk has one deck, so the ids are unique on its page.
FULL_WINDOW = "sc-deck"
CLOSED = "sc-deck-closed"


class DeckHandler(Handler):
    kind = "html"
    label = "HTML slide deck"
    suffixes = frozenset({".html", ".htm"})
    roles = frozenset({"slides"})
    version = "1"

    def render(self, job: RenderJob) -> Rendering:
        data = job.read_bytes()
        if not _LOOKS_LIKE_HTML.search(data[:65536]):
            raise AttachmentError("the file is not an HTML document")
        text = data.decode("utf-8", errors="replace")
        found = _TITLE.search(text)
        title = " ".join(html.unescape(found.group(1)).split()) if found else ""
        return Rendering(meta={"title": title[:200], "remote": bool(_REMOTE.search(text))})

    def html(self, view: View) -> str:
        title = view.meta.get("title") or f"Slides of {view.talk.title}"
        full_screen = (
            f'<a class="sc-attachment__action sc-deck__full" href="#{FULL_WINDOW}" '
            "data-sc-deck-full>Full screen</a>"
        )
        remote = ""
        if view.meta.get("remote"):
            remote = (
                '<p class="sc-hint">This deck loads files from other sites; '
                "offline, parts of it may be missing.</p>"
            )
        body = (
            f'<span id="{CLOSED}"></span>'
            f'<div class="sc-deck" id="{FULL_WINDOW}">'
            f'<iframe class="sc-deck__frame" src="{escape(view.download)}" '
            f'title="{escape(title)}" loading="lazy" sandbox="{SANDBOX}" '
            'allow="fullscreen" allowfullscreen></iframe>'
            f'<a class="sc-deck__close md-button" href="#{CLOSED}">Close full window</a>'
            f"</div>{remote}"
        )
        return fragments.block(view, body, facts=["HTML slide deck"], actions=[full_screen])
