"""A recording hosted elsewhere (YouTube, Vimeo, Loom, Google Drive, Microsoft Stream...):
a card that links to it, and loads the provider's player into the page only when the
reader clicks it.

The card shows the talk's own card picture (from this site) beside the provider's name:
nothing is fetched from another host until the reader asks for the video. Without
script, the card is a link to the video on the provider's site. The chapters beside it
open the video at their time where the provider supports it.
"""

from __future__ import annotations

from html import escape
from urllib.parse import urlsplit

from showcase.attachments import fragments
from showcase.attachments.handler import Handler, View
from showcase.attachments.handlers.recording import chapter_list, chapters_of
from showcase.recordings.hosted import hosted_video


class HostedHandler(Handler):
    kind = "hosted"
    label = "hosted video"
    roles = frozenset({"recording"})
    renders_files = False

    def html(self, view: View) -> str:
        url = view.download
        found = hosted_video(url)
        provider = found.provider if found is not None else urlsplit(url).hostname or url
        title = escape(view.talk.title)
        embed = found.embed if found is not None else None
        where = escape(provider)
        if embed:
            note = f"Plays here from {where} when you click; nothing is loaded from there before."
            attributes = (
                f' data-sc-embed="{escape(embed)}" data-sc-title="Recording of {title} on {where}"'
            )
        else:
            note = f"Opens the recording on {where}."
            attributes = ""
        thumb = ""
        if view.picture:
            thumb = f'<img src="{escape(view.picture)}" alt="" loading="lazy">'
        card = (
            f'<div class="sc-hosted"{attributes}>\n'
            f'<a class="sc-hosted__card" href="{escape(url)}" rel="noopener">'
            f'<span class="sc-hosted__thumb">{thumb}'
            '<span class="sc-hosted__play" aria-hidden="true">▶</span></span>'
            f'<span class="sc-hosted__text"><strong>Watch the recording on {where}</strong>'
            f'<span class="sc-hosted__note">{note}</span></span></a>\n</div>'
        )
        chapters = chapter_list(view, chapters_of(view))
        body = f'<div class="sc-player">\n{card}\n{chapters}\n</div>'
        return fragments.section(self.kind, body, anchor="sc-recording")
