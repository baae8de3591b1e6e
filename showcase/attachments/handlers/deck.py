"""HTML slide decks (a self-contained reveal.js or Marp export): embedded in a frame.

The deck is published as it is, beside the talk page; the page embeds it in a sandboxed
frame (its scripts run, but cannot reach the site) with a link to open it full screen.
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
            f'<a class="sc-attachment__action" href="{escape(view.download)}" target="_blank" '
            'rel="noopener">Open full screen</a>'
        )
        remote = ""
        if view.meta.get("remote"):
            remote = (
                '<p class="sc-hint">This deck loads files from other sites; '
                "offline, parts of it may be missing.</p>"
            )
        body = (
            '<div class="sc-deck">'
            f'<iframe class="sc-deck__frame" src="{escape(view.download)}" '
            f'title="{escape(title)}" loading="lazy" sandbox="allow-scripts allow-popups" '
            'allow="fullscreen" allowfullscreen></iframe>'
            f"</div>{remote}"
        )
        return fragments.block(view, body, facts=["HTML slide deck"], actions=[full_screen])
