"""Showcase: a team's monthly demo-day talks as a browsable website."""

from showcase.loader import LoadResult, load_archive
from showcase.model import Archive, Attachment, Event, Person, Talk
from showcase.problems import Location, Problem, Severity
from showcase.settings import Settings
from showcase.version import DISTRIBUTION

__all__ = [
    "DISTRIBUTION",
    "Archive",
    "Attachment",
    "Event",
    "LoadResult",
    "Location",
    "Person",
    "Problem",
    "Settings",
    "Severity",
    "Talk",
    "load_archive",
]
