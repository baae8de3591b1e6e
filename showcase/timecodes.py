"""Times within a recording, as people write them: ``12:40``, ``1:02:03``, ``0:05.5``.

One reading and one writing for the whole package: the front matter's chapters, the
transcript's cues, the player's links and every message that names a time.
"""

from __future__ import annotations

import math
import re

_CLOCK = re.compile(r"^(?:(\d{1,3}):)?([0-5]?\d):([0-5]\d(?:[.,]\d{1,3})?)$")
_SECONDS = re.compile(r"^\d{1,6}(?:\.\d{1,3})?$")
#: The longest recording whose times Showcase reads: a day.
MAX_SECONDS = 24 * 3600


def parse_time(value: str | int | float) -> float:
    """Seconds from ``12:40``, ``1:02:03``, ``00:12:40.500`` or a number of seconds.

    Raises ``ValueError`` with a message for the presenter."""
    if isinstance(value, bool):
        raise ValueError(f"expected a time such as 12:40, got `{value}`")
    if isinstance(value, (int, float)):
        seconds = float(value)
    else:
        text = value.strip()
        clock = _CLOCK.match(text)
        if clock:
            hours, minutes, rest = clock.groups()
            seconds = int(hours or 0) * 3600 + int(minutes) * 60 + float(rest.replace(",", "."))
        elif _SECONDS.match(text):
            seconds = float(text)
        else:
            raise ValueError(f"expected a time such as 12:40 or 1:02:03, got `{text}`")
    if not math.isfinite(seconds) or seconds < 0 or seconds > MAX_SECONDS:
        raise ValueError(f"`{value}` is not a time within a recording (0 to 24 hours)")
    return seconds


def format_time(seconds: float) -> str:
    """``0:00``, ``12:40``, ``1:02:03``: whole seconds, as players show them."""
    whole = max(0, int(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def spoken_time(seconds: float) -> str:
    """``12 minutes 40 seconds``: a time as a screen reader should say it."""
    whole = max(0, int(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    parts = [
        f"{n} {unit}{'' if n == 1 else 's'}"
        for n, unit in ((hours, "hour"), (minutes, "minute"), (secs, "second"))
        if n
    ]
    return " ".join(parts) or "0 seconds"
