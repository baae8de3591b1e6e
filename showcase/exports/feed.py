"""The Atom feed of talks given, newest first, meant to be written as ``feed.xml``.

Only talks of past events that were not cancelled are entries. An upcoming talk can
still move to another month or be dropped, and a feed reader never takes back an entry
it has shown, so the schedule ahead belongs in the calendar, not here.

Every date comes from the content (an event's date at noon UTC), so two builds of the
same content give byte-identical feeds.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from feedgen.entry import FeedEntry
from feedgen.feed import FeedGenerator

from showcase.exports.site import SiteAddress
from showcase.exports.text import clean_text, person_name
from showcase.model import Archive, Talk
from showcase.site import links
from showcase.site.links import Linker

#: The feed's path under the site, for its self link and id.
FEED_PATH = "feed.xml"
#: Entries in the feed when the caller does not say.
DEFAULT_LIMIT = 30
# Noon UTC falls on the event's own date in every time zone from UTC-11 to UTC+11.
_ENTRY_TIME = time(12, 0, tzinfo=UTC)


def atom_feed(
    archive: Archive,
    site_url: str,
    title: str,
    limit: int | None = DEFAULT_LIMIT,
    *,
    linker: Linker | None = None,
) -> bytes:
    """The newest ``limit`` talks given (all when None) as an Atom 1.0 document.

    Entries follow the archive's order: latest event first, each event in running order.
    Without a site URL, links are relative to the feed at the site root and ids are
    name-based ``urn:uuid:`` URNs; with one, ids are the talks' permanent URLs.

    Raises:
        ValueError: ``limit`` is negative or ``site_url`` is not absolute.
    """
    if limit is not None and limit < 0:
        raise ValueError(f"the feed limit must be 0 or more, got {limit}")
    site = SiteAddress.parse(site_url, linker)
    talks = archive.given_talks if limit is None else archive.given_talks[:limit]
    feed = _new_feed(site, title, _updated(archive, talks))
    for talk in talks:
        # feedgen prepends by default, which would reverse the archive's order.
        _fill_entry(feed.add_entry(order="append"), archive, talk, site)
    document: bytes = feed.atom_str(pretty=True)
    return document


def _new_feed(site: SiteAddress, title: str, updated: datetime) -> FeedGenerator:
    feed = FeedGenerator()
    feed.id(site.stable_id(FEED_PATH))
    feed.title(clean_text(title))
    feed.updated(updated)
    feed.link(href=site.from_document(FEED_PATH), rel="self", type="application/atom+xml")
    feed.link(href=site.base or "./", rel="alternate", type="text/html")
    # Replaces feedgen's own generator line, which carries feedgen's version.
    feed.generator("Showcase")
    return feed


def _fill_entry(entry: FeedEntry, archive: Archive, talk: Talk, site: SiteAddress) -> None:
    entry.id(site.stable_id(links.talk_src(talk)))
    entry.title(clean_text(talk.title))
    entry.link(
        href=site.from_document(site.path(links.talk_src(talk))), rel="alternate", type="text/html"
    )
    when = _entry_time(archive.date_of(talk) or archive.today)
    entry.updated(when)
    entry.published(when)
    for speaker in talk.speakers:
        entry.author(_author(archive, speaker, site))
    if talk.blurb:
        entry.summary(clean_text(talk.blurb), type="text")
    for tag in talk.tags:
        entry.category(term=clean_text(tag))


def _author(archive: Archive, person_id: str, site: SiteAddress) -> dict[str, str]:
    author = {"name": clean_text(person_name(archive, person_id))}
    person = archive.people.get(person_id)
    if person is not None:
        author["uri"] = site.from_document(site.path(links.person_src(person)))
    return author


def _updated(archive: Archive, talks: tuple[Talk, ...]) -> datetime:
    """The newest entry's time; the archive's today when there is no entry."""
    newest = max((d for t in talks if (d := archive.date_of(t)) is not None), default=None)
    return _entry_time(newest or archive.today)


def _entry_time(day: date) -> datetime:
    return datetime.combine(day, _ENTRY_TIME)
