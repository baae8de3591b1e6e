"""Slides hosted elsewhere (an https:// link): a card that says where they are."""

from __future__ import annotations

from html import escape
from urllib.parse import urlsplit

from showcase.attachments import fragments
from showcase.attachments.handler import Handler, View


class LinkHandler(Handler):
    kind = "link"
    label = "link"
    roles = frozenset({"slides"})
    renders_files = False

    def html(self, view: View) -> str:
        url = view.download
        host = urlsplit(url).hostname or url
        role = escape(fragments.role_title(view.role))
        card = (
            f'<a class="sc-linkcard" href="{escape(url)}" rel="noopener">'
            '<span class="sc-linkcard__icon" aria-hidden="true">↗</span>'
            '<span class="sc-linkcard__text">'
            f"<strong>{role} on {escape(host)}</strong>"
            f'<span class="sc-linkcard__url">{escape(url)}</span>'
            "</span></a>"
        )
        return fragments.section(self.kind, card)
