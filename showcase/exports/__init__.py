"""Export formats of an archive: iCalendar, Atom and JSON.

Each function takes the archive and the site's base URL and returns the file's content;
writing it is the caller's business (the MkDocs plugin, the CLI). Nothing here imports
MkDocs.
"""

from showcase.exports.calendar import archive_calendar, person_calendar
from showcase.exports.data import archive_json
from showcase.exports.feed import atom_feed, talks_feed

__all__ = ["archive_calendar", "archive_json", "atom_feed", "person_calendar", "talks_feed"]
