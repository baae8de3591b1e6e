"""Export formats of an archive: iCalendar, Atom and JSON.

Each function takes the archive and the site's base URL and returns the file's content;
writing it is the caller's business (the MkDocs plugin, the CLI). Nothing here imports
MkDocs.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from showcase.exports.calendar import archive_calendar, person_calendar
    from showcase.exports.data import archive_json
    from showcase.exports.feed import atom_feed, talks_feed

#: Each export's module, imported when the export is first asked for: the calendars and
#: feeds bring their libraries, which `showcase check` has no use for.
_MODULES = {
    "archive_calendar": "calendar",
    "person_calendar": "calendar",
    "archive_json": "data",
    "atom_feed": "feed",
    "talks_feed": "feed",
}


def __getattr__(name: str) -> Any:
    if name not in _MODULES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{_MODULES[name]}"), name)
    globals()[name] = value
    return value


__all__ = ["archive_calendar", "archive_json", "atom_feed", "person_calendar", "talks_feed"]
