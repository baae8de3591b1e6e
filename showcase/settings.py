"""Site-wide settings the core needs, whoever reads them (the MkDocs plugin or the CLI)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date

from showcase.schema import as_date


@dataclass(frozen=True, slots=True)
class Settings:
    """Options shared by every front door; the MkDocs plugin fills them from ``mkdocs.yml``."""

    #: Talks planned per event when its file gives no ``slots``.
    default_slots: int = 4
    #: When not empty, the only tags talks may use (others give a warning).
    allowed_tags: tuple[str, ...] = ()
    #: IANA time zone of event times, for the calendar.
    timezone: str = "UTC"
    #: Days a new joiner has before the rotation proposes them.
    grace_days: int = 60
    #: Months between two talks by the same person that the rotation keeps.
    gap_months: int = 3
    #: Publish the HTML in people's writing as written (script, frames, pictures from
    #: other hosts). Off: the build removes what could run script or fetch from another
    #: host, and ``showcase check`` warns about it.
    trust_authors: bool = False
    #: Seconds of processor time that converting one page's Markdown may take, and
    #: ``showcase check``'s reading of one piece of writing; the page is then shown as
    #: plain text (with a warning). A long writeup takes a fraction of a second.
    markdown_timeout: float = 10.0


class TodayError(ValueError):
    """A ``--today``, ``SHOWCASE_TODAY`` or ``today`` option value that is not a date."""


def resolve_today(explicit: date | str | None = None, configured: date | str | None = None) -> date:
    """Today for this run: the first given of ``explicit`` (``--today``), ``SHOWCASE_TODAY``,
    ``configured`` (the plugin's ``today`` option in ``mkdocs.yml``) and the real date.

    Fixing today makes builds and tests reproducible: which events are past and which
    upcoming depends on it. The command line and the site build both follow this order.
    """
    environment = os.environ.get("SHOWCASE_TODAY")
    for source, value in (
        ("--today", explicit),
        ("SHOWCASE_TODAY", environment or None),
        ("`today`", configured),
    ):
        if value is not None:
            return parse_today(source, value)
    return date.today()


def parse_today(source: str, value: object) -> date:
    """``value`` as a date: a date, or a string written YYYY-MM-DD; ``source`` names it."""
    found = as_date(value)
    if found is not None:
        return found
    raise TodayError(f"{source} must be a date written YYYY-MM-DD, got `{value}`")


class SettingsError(ValueError):
    """An option in ``mkdocs.yml`` that the core cannot use."""


_INT_OPTIONS = {"default_slots": 1, "grace_days": 0, "gap_months": 0}


def settings_from_options(options: dict[str, object]) -> Settings:
    """Settings from the showcase plugin's options; unrelated options are ignored."""
    values: dict[str, object] = {}
    for name, minimum in _INT_OPTIONS.items():
        if name in options and options[name] is not None:
            value = options[name]
            if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
                raise SettingsError(f"`{name}` must be a whole number of at least {minimum}")
            values[name] = value
    if options.get("allowed_tags"):
        tags = options["allowed_tags"]
        if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
            raise SettingsError("`allowed_tags` must be a list of tag names")
        values["allowed_tags"] = tuple(t.lower() for t in tags)
    if options.get("trust_authors") is not None:
        trusted = options["trust_authors"]
        if not isinstance(trusted, bool):
            raise SettingsError(f"`trust_authors` must be true or false, got `{trusted}`")
        values["trust_authors"] = trusted
    if options.get("markdown_timeout") is not None:
        values["markdown_timeout"] = seconds_option("markdown_timeout", options["markdown_timeout"])
    if options.get("timezone"):
        zone = options["timezone"]
        if not isinstance(zone, str) or not _is_time_zone(zone):
            raise SettingsError(
                f"`timezone` must be an IANA time zone like Europe/Berlin, got `{zone}`"
            )
        values["timezone"] = zone
    return Settings(**values)  # type: ignore[arg-type]


def seconds_option(name: str, value: object) -> float:
    """An option that gives a time in seconds: a number above 0."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not value > 0:
        raise SettingsError(f"`{name}` must be a number of seconds above 0, got `{value}`")
    return float(value)


def _is_time_zone(name: str) -> bool:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True
