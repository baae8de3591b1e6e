"""The options of the ``showcase`` plugin in ``mkdocs.yml``."""

from __future__ import annotations

from datetime import date

from mkdocs.config import base
from mkdocs.config import config_options as opt
from mkdocs.config.base import ValidationError

from showcase.settings import SettingsError, TodayError, parse_today, seconds_option


class TodayOption(base.BaseConfigOption[date]):
    """A date, quoted (``"2026-11-24"``) or not (YAML then reads it as a date). The plugin
    resolves the build's today from it in the command line's order (``resolve_today``)."""

    def run_validation(self, value: object) -> date:
        try:
            return parse_today("`today`", value)
        except TodayError as exc:
            raise ValidationError(str(exc)) from None


class SecondsOption(base.BaseConfigOption[float]):
    """A time in seconds: a number above 0."""

    def __init__(self, default: float) -> None:
        super().__init__()
        self.default = default

    def run_validation(self, value: object) -> float:
        try:
            return seconds_option(self._name, value)
        except SettingsError as exc:
            raise ValidationError(str(exc)) from None


class ShowcaseConfig(base.Config):  # type: ignore[no-untyped-call]
    """Options of ``plugins: [showcase]``; each maps onto the core's ``Settings``."""

    #: IANA time zone of event times, used by the calendar (``Europe/Berlin``).
    timezone = opt.Type(str, default="UTC")
    #: Talks planned per event when its file gives no ``slots``.
    default_slots = opt.Type(int, default=4)
    #: When not empty, the only tags talks may use; others give a warning.
    allowed_tags = opt.ListOfItems(opt.Type(str), default=[])
    #: Show draft talks. Default: shown by ``mkdocs serve``, left out of ``mkdocs build``.
    drafts = opt.Optional(opt.Type(bool))
    #: Fix "today" (YYYY-MM-DD) for reproducible builds. ``$SHOWCASE_TODAY`` wins over it;
    #: without either, the real date.
    today = opt.Optional(TodayOption())
    #: Days a new joiner has before the rotation proposes them.
    grace_days = opt.Type(int, default=60)
    #: Months the rotation keeps between two talks by the same person.
    gap_months = opt.Type(int, default=3)
    #: Add Home, Schedule, Archive, People, Topics and Stats to the navigation when ``nav``
    #: is unset.
    navigation = opt.Type(bool, default=True)
    #: Folder of derived files (page images, rendered notebooks, resized pictures), relative
    #: to ``mkdocs.yml``. Safe to delete; entries a build does not use are removed after it.
    cache_dir = opt.Type(str, default=".cache/showcase")
    #: Keep finished pages in ``cache_dir`` and reuse those whose inputs did not change.
    page_cache = opt.Type(bool, default=True)
    #: With the page cache on, render the pages it lacks in two processes where that is
    #: safe (Linux, two CPUs or more; not in ``mkdocs serve``'s rebuilds, which run beside
    #: its server's threads).
    parallel = opt.Type(bool, default=True)
    #: Attachments larger than this many megabytes are offered for download, not rendered.
    max_attachment_mb = opt.Type((int, float), default=50)
    #: Pages of a PDF drawn for the slide viewer; the page says when a deck has more.
    pdf_max_pages = opt.Type(int, default=60)
    #: Seconds one attachment (a PDF, a notebook, a picture) may take to render; it is
    #: then offered for download only, with a warning.
    render_timeout = SecondsOption(default=120.0)
    #: Seconds of processor time that converting one page's Markdown may take (and
    #: ``showcase check``'s reading of one piece of writing); it is then shown as plain
    #: text, with a warning.
    markdown_timeout = SecondsOption(default=10.0)
    #: Let Material load its web fonts from Google's servers. Off by default: the site
    #: makes no request to another host, and readers' own fonts set the text.
    web_fonts = opt.Type(bool, default=False)
    #: Publish the HTML people write in writeups, bios, event notes and other pages as
    #: written, script and all. Off by default: content arrives by pull request, so the
    #: build removes what could run script or fetch from another host, and
    #: ``showcase check`` names the file and line of each.
    trust_authors = opt.Type(bool, default=False)
    #: Who ``showcase announce --format email`` addresses when ``--to`` is not given:
    #: e-mail addresses or person ids of the roster with an ``email:``. The build does
    #: not use it.
    announce_to = opt.ListOfItems(opt.Type(str), default=[])
    #: The sender of ``showcase announce --format email`` (``"Demo Days <demo@example.com>"``).
    announce_from = opt.Optional(opt.Type(str))
