"""The Atom feed of talks given, newest first, meant to be written as ``feed.xml``, with
the quarterly digests among them; and the feed of one person's or one topic's talks.

Only talks of past events that were not cancelled are entries. An upcoming talk can
still move to another month or be dropped, and a feed reader never takes back an entry
it has shown, so the schedule ahead belongs in the calendar, not here.

A quarter's digest is an entry from its first demo day held on, updated with each later
one of the quarter (its date is its latest demo day's), so that a reader sees the
quarter's summary grow and a stakeholder subscribed to the site gets it.

Every date comes from the content (an event's date at noon UTC), so two builds of the
same content give byte-identical feeds.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from feedgen.entry import FeedEntry
from feedgen.feed import FeedGenerator

from showcase.digests import Digest, quarterly_digests
from showcase.exports.site import SiteAddress
from showcase.exports.text import clean_text, names_of, person_name
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
    digests: bool = False,
) -> bytes:
    """The newest ``limit`` talks given (all when None) as an Atom 1.0 document; with
    ``digests``, each quarter's digest too, before the talks of its latest demo day (only
    those as recent as the oldest talk in the feed).

    Entries follow the archive's order: latest event first, each event in running order.
    Without a site URL, links are relative to the feed at the site root and ids are
    name-based ``urn:uuid:`` URNs; with one, ids are the talks' permanent URLs.

    Raises:
        ValueError: ``limit`` is negative or ``site_url`` is not absolute.
    """
    talks = _newest(archive.given_talks, limit)
    place = _Place(SiteAddress.parse(site_url, linker), FEED_PATH)
    feed = _new_feed(place, title, _updated(archive, talks), links.HOME)
    oldest = min((d for t in talks if (d := archive.date_of(t)) is not None), default=None)
    waiting = [
        digest
        for digest in (quarterly_digests(archive) if digests else ())
        if oldest is not None and digest.last_day >= oldest
    ]
    for talk in talks:
        day = archive.date_of(talk)
        while waiting and day is not None and waiting[0].last_day >= day:
            _fill_digest(feed.add_entry(order="append"), archive, waiting.pop(0), place)
        # feedgen prepends by default, which would reverse the archive's order.
        _fill_entry(feed.add_entry(order="append"), archive, talk, place)
    document: bytes = feed.atom_str(pretty=True)
    return document


def talks_feed(
    archive: Archive,
    talks: Sequence[Talk],
    site_url: str,
    title: str,
    *,
    feed_src: str,
    page_src: str,
    linker: Linker | None = None,
    limit: int | None = DEFAULT_LIMIT,
) -> bytes:
    """An Atom 1.0 document of ``talks`` (newest first; the first ``limit``), published at
    ``feed_src`` as the feed of the page at ``page_src`` (a person's, a topic's). Its
    links are relative to ``feed_src`` without a site URL.

    Raises:
        ValueError: ``limit`` is negative or ``site_url`` is not absolute.
    """
    shown = _newest(tuple(talks), limit)
    place = _Place(SiteAddress.parse(site_url, linker), feed_src)
    feed = _new_feed(place, title, _updated(archive, shown), page_src)
    for talk in shown:
        _fill_entry(feed.add_entry(order="append"), archive, talk, place)
    document: bytes = feed.atom_str(pretty=True)
    return document


@dataclass(frozen=True, slots=True)
class _Place:
    """Where a feed is published: the site, and the feed's path in it."""

    site: SiteAddress
    feed_src: str

    def href(self, src: str) -> str:
        """A link from the feed to the page or file at ``src``: absolute when the site's
        address is known, else relative to the feed (as a reader resolves it)."""
        path = self.site.path(src)
        return self.site.absolute(path) or links.between(self.feed_src, path)


def _newest(talks: tuple[Talk, ...], limit: int | None) -> tuple[Talk, ...]:
    if limit is not None and limit < 0:
        raise ValueError(f"the feed limit must be 0 or more, got {limit}")
    return talks if limit is None else talks[:limit]


def _new_feed(place: _Place, title: str, updated: datetime, page_src: str) -> FeedGenerator:
    feed = FeedGenerator()
    feed.id(place.site.stable_id(place.feed_src))
    feed.title(clean_text(title))
    feed.updated(updated)
    feed.link(href=place.href(place.feed_src), rel="self", type="application/atom+xml")
    feed.link(href=place.href(page_src), rel="alternate", type="text/html")
    # Replaces feedgen's own generator line, which carries feedgen's version.
    feed.generator("Showcase")
    return feed


def _fill_entry(entry: FeedEntry, archive: Archive, talk: Talk, place: _Place) -> None:
    entry.id(place.site.stable_id(links.talk_src(talk)))
    entry.title(clean_text(talk.title))
    entry.link(href=place.href(links.talk_src(talk)), rel="alternate", type="text/html")
    when = _entry_time(archive.date_of(talk) or archive.today)
    entry.updated(when)
    entry.published(when)
    for speaker in talk.speakers:
        entry.author(_author(archive, speaker, place))
    if talk.blurb:
        entry.summary(clean_text(talk.blurb), type="text")
    for tag in talk.tags:
        entry.category(term=clean_text(tag))


def _fill_digest(entry: FeedEntry, archive: Archive, digest: Digest, place: _Place) -> None:
    src = links.digest_src(digest.quarter)
    entry.id(place.site.stable_id(src))
    entry.title(clean_text(f"Digest {digest.quarter.label}: what the team showed"))
    entry.link(href=place.href(src), rel="alternate", type="text/html")
    entry.updated(_entry_time(digest.last_day))
    entry.published(_entry_time(digest.first_day))
    count, events = len(digest.talks), len(digest.events)
    summary = (
        f"{digest.quarter.months}: {count} talk{'s' if count != 1 else ''} by "
        f"{names_of(archive, digest.speakers)} at {events} demo day{'s' if events != 1 else ''}. "
        + "; ".join(talk.title for talk in digest.talks)
    )
    entry.summary(clean_text(summary), type="text")
    for tag, _talks in digest.topics:
        if tag is not None:
            entry.category(term=clean_text(tag))


def _author(archive: Archive, person_id: str, place: _Place) -> dict[str, str]:
    author = {"name": clean_text(person_name(archive, person_id))}
    person = archive.people.get(person_id)
    if person is not None:
        author["uri"] = place.href(links.person_src(person))
    return author


def _updated(archive: Archive, talks: tuple[Talk, ...]) -> datetime:
    """The newest entry's time; the archive's today when there is no entry."""
    newest = max((d for t in talks if (d := archive.date_of(t)) is not None), default=None)
    return _entry_time(newest or archive.today)


def _entry_time(day: date) -> datetime:
    return datetime.combine(day, _ENTRY_TIME)
