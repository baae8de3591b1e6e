"""Times within a recording, as people write them: ``12:40``, ``1:02:03``, ``0:05.5``.

One reading and one writing for the whole package: the front matter's chapters, the
transcript's cues, the player's links and every message that names a time.
"""

from __future__ import annotations

import math
import re

#: Hours, minutes and seconds; or minutes and seconds; fractions with "." or "," (SubRip).
_CLOCK = re.compile(r"(?:(\d{1,6}):)?(\d{1,6}):(\d{1,2})(?:[.,](\d{1,3}))?")
_SECONDS = re.compile(r"\d{1,9}(?:\.\d{1,3})?")


def parse_time(value: str | int | float) -> float:
    """Seconds from ``"12:40"``, ``"1:02:03"``, ``"00:12:40.500"``, ``"760"`` or a number.

    Raises ValueError, with a message for the presenter, for anything else (negative, not
    finite, minutes or seconds past 59).
    """
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise ValueError(f"{value!r} is not a time: write it as 12:40 or 1:02:03")
    if not isinstance(value, str):
        if not math.isfinite(value) or value < 0:
            raise ValueError(f"{value!r} is not a time: a time is zero or more seconds")
        return float(value)
    text = value.strip()
    if _SECONDS.fullmatch(text):
        return float(text)
    match = _CLOCK.fullmatch(text)
    if match is None:
        raise ValueError(
            f"{value!r} is not a time: write minutes and seconds (12:40) or hours, "
            "minutes and seconds (1:02:03)"
        )
    hours, minutes, seconds, fraction = match.groups()
    if int(seconds) > 59 or (hours is not None and int(minutes) > 59):
        raise ValueError(f"{value!r} is not a time: minutes and seconds go up to 59")
    total = int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds)
    return total + (int(fraction.ljust(3, "0")) / 1000 if fraction else 0.0)


def format_time(seconds: float) -> str:
    """``0`` -> ``"0:00"``, ``760`` -> ``"12:40"``, ``3723`` -> ``"1:02:03"`` (whole seconds)."""
    if isinstance(seconds, bool) or not math.isfinite(seconds) or seconds < 0:
        raise ValueError(f"{seconds!r} is not a time: a time is zero or more seconds")
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
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
