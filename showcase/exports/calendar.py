"""iCalendar files: every demo day, and one person's talks, for calendar subscriptions.

Both files are a pure function of the archive and the arguments, so two builds of the
same content give byte-identical files: UIDs come from ids and the site, never from a
clock or a random number, and DTSTAMP is the archive's ``today`` at midnight UTC.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from icalendar import Calendar
from icalendar import Event as CalendarEvent

from showcase.exports.site import SiteAddress
from showcase.exports.text import clean_text, names_of, person_name
from showcase.model import Archive, Event, Talk, running_order_key
from showcase.organizer.changes import calendar_key, calendar_sequence
from showcase.site import links
from showcase.site.links import Linker

PRODID = "-//Showcase//Demo days//EN"
DEFAULT_NAME = "Demo days"
#: How long an event with a start but no end is taken to last.
DEFAULT_DURATION = timedelta(hours=1)
#: How often subscribers are asked to fetch the file again.
REFRESH_INTERVAL = timedelta(days=1)

Moment = date | datetime


def archive_calendar(
    archive: Archive,
    site_url: str,
    timezone: str,
    name: str = DEFAULT_NAME,
    *,
    linker: Linker | None = None,
) -> bytes:
    """Every event, past and upcoming (cancelled ones too, marked so), as an ``.ics`` file.

    Args:
        archive: The archive to export.
        site_url: The site's absolute base URL, or ``""`` when unknown (then events
            carry no URL and UIDs use a placeholder host).
        timezone: The IANA time zone event times are written in (``Settings.timezone``).
        name: The calendar's name, shown by calendar apps.

    Raises:
        ValueError: ``timezone`` is not a known IANA zone or ``site_url`` is not absolute.
    """
    site = SiteAddress.parse(site_url, linker)
    zone = _zone(timezone)
    calendar = _new_calendar(name, timezone)
    for event in archive.events.values():
        calendar.add_component(_event_entry(archive, event, site, zone))
    return _serialize(calendar, (event.date for event in archive.events.values()))


def person_calendar(
    archive: Archive,
    person_id: str,
    site_url: str,
    timezone: str,
    name: str | None = None,
    *,
    linker: Linker | None = None,
) -> bytes:
    """A person's scheduled talks as an ``.ics`` file, each at its event's date and time.

    Proposed talks (no event yet) are left out. The calendar is named "Talks by NAME"
    unless ``name`` is given.

    Raises:
        KeyError: ``person_id`` is not in the archive's roster.
        ValueError: ``timezone`` is not a known IANA zone or ``site_url`` is not absolute.
    """
    if person_id not in archive.people:
        raise KeyError(person_id)
    site = SiteAddress.parse(site_url, linker)
    zone = _zone(timezone)
    calendar = _new_calendar(name or f"Talks by {person_name(archive, person_id)}", timezone)
    scheduled = sorted(
        (
            (event, talk)
            for talk in archive.talks_by(person_id)
            if (event := archive.event_of(talk)) is not None
        ),
        key=lambda pair: (pair[0].date, running_order_key(pair[1])),
    )
    for event, talk in scheduled:
        calendar.add_component(_talk_entry(archive, talk, event, site, zone))
    return _serialize(calendar, (event.date for event, _ in scheduled))


def event_invitation(
    archive: Archive,
    event: Event,
    site_url: str,
    timezone: str,
    *,
    organizer: tuple[str, str],
    attendees: Iterable[tuple[str, str]] = (),
    linker: Linker | None = None,
) -> bytes:
    """An invitation to ``event`` for an e-mail (``METHOD:REQUEST``, or ``CANCEL`` for a
    cancelled event): the same VEVENT as in ``schedule.ics``, UID and SEQUENCE included,
    so that a calendar that took the invitation and the subscription keeps one entry.

    ``organizer`` and each attendee are ``(name, address)``.
    """
    site = SiteAddress.parse(site_url, linker)
    zone = _zone(timezone)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", invitation_method(event))
    entry = _event_entry(archive, event, site, zone)
    name, address = organizer
    entry.add("organizer", f"mailto:{address}", parameters={"CN": clean_text(name or address)})
    for name, address in attendees:
        entry.add(
            "attendee",
            f"mailto:{address}",
            parameters={
                "CN": clean_text(name or address),
                "ROLE": "REQ-PARTICIPANT",
                "PARTSTAT": "NEEDS-ACTION",
                "RSVP": "FALSE",
            },
        )
    calendar.add_component(entry)
    return _serialize(calendar, [event.date])


def invitation_method(event: Event) -> str:
    return "CANCEL" if event.cancelled else "REQUEST"


# Components -------------------------------------------------------------------------


def _new_calendar(name: str, timezone: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    # PUBLISH tells Outlook the file is a published schedule, not an invitation.
    calendar.add("method", "PUBLISH")
    calendar.add("name", clean_text(name))
    # The X-WR-* and X-PUBLISHED-TTL forms are what Google, Apple and Outlook read.
    calendar.add("x-wr-calname", clean_text(name))
    calendar.add("x-wr-timezone", timezone)
    calendar.add("refresh-interval", REFRESH_INTERVAL, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "P1D")
    return calendar


def _event_entry(
    archive: Archive, event: Event, site: SiteAddress, zone: ZoneInfo
) -> CalendarEvent:
    entry = CalendarEvent()
    entry.add("uid", event_uid(archive, event, site))
    entry.add("dtstamp", _stamp(archive))
    # Raised when the event changed since its announcement, so that calendars update
    # the entry they have (see showcase.organizer.changes).
    entry.add("sequence", calendar_sequence(event))
    start, end = _event_span(event, zone)
    entry.add("dtstart", start)
    entry.add("dtend", end)
    entry.add("summary", clean_text(_event_summary(event)))
    description = _event_description(archive, event, site)
    if description:
        entry.add("description", clean_text(description))
    _add_place_and_status(entry, event, site.absolute(site.path(links.event_src(event))))
    return entry


def event_uid(archive: Archive, event: Event, site: SiteAddress) -> str:
    """The UID of an event's entry in ``schedule.ics`` and in its invitation."""
    return f"event-{calendar_key(event, archive.events)}@{site.authority}"


def _talk_entry(
    archive: Archive, talk: Talk, event: Event, site: SiteAddress, zone: ZoneInfo
) -> CalendarEvent:
    entry = CalendarEvent()
    entry.add("uid", f"talk-{talk.slug}@{site.authority}")
    entry.add("dtstamp", _stamp(archive))
    # The whole event, not a guessed slot: running orders shift on the day.
    start, end = _event_span(event, zone)
    entry.add("dtstart", start)
    entry.add("dtend", end)
    entry.add("summary", clean_text(talk.title))
    entry.add("description", clean_text(_talk_description(archive, talk, event, site)))
    if talk.tags:
        entry.add("categories", list(talk.tags))
    _add_place_and_status(entry, event, site.absolute(site.path(links.talk_src(talk))))
    return entry


def _add_place_and_status(entry: CalendarEvent, event: Event, url: str | None) -> None:
    if event.location:
        entry.add("location", clean_text(event.location))
    # URL must be an absolute URI in iCalendar: without a site URL there is none to give.
    if url is not None:
        entry.add("url", url)
    entry.add("status", "CANCELLED" if event.cancelled else "CONFIRMED")


def _stamp(archive: Archive) -> datetime:
    # Deterministic on purpose: a clock reading would make every build differ.
    return datetime.combine(archive.today, datetime.min.time(), tzinfo=UTC)


def _event_span(event: Event, zone: ZoneInfo) -> tuple[Moment, Moment]:
    """Start and (exclusive) end: a whole day without a start time, else local times."""
    if event.start is None:
        return event.date, event.date + timedelta(days=1)
    start = datetime.combine(event.date, event.start, tzinfo=zone)
    if event.end is not None and event.end > event.start:
        return start, datetime.combine(event.date, event.end, tzinfo=zone)
    return start, start + DEFAULT_DURATION


# Text ---------------------------------------------------------------------------------


def _event_summary(event: Event) -> str:
    summary = event.display_title
    if event.theme:
        summary += f": {event.theme}"
    # Several calendar apps ignore STATUS in subscriptions; say it in words too.
    if event.cancelled:
        summary += " (cancelled)"
    return summary


def _event_description(archive: Archive, event: Event, site: SiteAddress) -> str:
    """The running order and who else is due to present, then how to join, then notes
    and the event page."""
    sections: list[str] = []
    talks = archive.talks_at(event.id)
    if talks:
        lines = [f"{n}. {_running_order_line(archive, t)}" for n, t in enumerate(talks, 1)]
        sections.append("\n".join(["Running order:", *lines]))
    # As the site shows them: the people the event lists who have no talk there yet,
    # until the day (afterwards, they did not present).
    due = archive.due_at(event)
    if due and not (talks and archive.is_past(event)):
        if talks:
            sections.append(f"Also due to present, no talk yet: {names_of(archive, due)}")
        else:
            sections.append(f"Due to present: {names_of(archive, due)}")
    practical = [
        f"{label}: {value}"
        for label, value in (
            ("Host", person_name(archive, event.host) if event.host else None),
            ("Join", event.stream),
            ("Recording", event.recording),
        )
        if value
    ]
    if practical:
        sections.append("\n".join(practical))
    if event.notes:
        sections.append(event.notes.strip())
    url = site.absolute(site.path(links.event_src(event)))
    if url:
        sections.append(url)
    return "\n\n".join(sections)


def _running_order_line(archive: Archive, talk: Talk) -> str:
    line = f"{talk.title} — {names_of(archive, talk.speakers)}"
    if talk.duration:
        line += f" ({talk.duration} min)"
    return line


def _talk_description(archive: Archive, talk: Talk, event: Event, site: SiteAddress) -> str:
    sections = [f"{event.display_title}\nSpeakers: {names_of(archive, talk.speakers)}"]
    if talk.blurb:
        sections.append(talk.blurb)
    url = site.absolute(site.path(links.talk_src(talk)))
    if url:
        sections.append(url)
    return "\n\n".join(sections)


# Output -------------------------------------------------------------------------------


def _zone(timezone: str) -> ZoneInfo:
    try:
        return ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(
            f"the time zone must be an IANA name like Europe/Berlin, got `{timezone}`"
        ) from None


def _serialize(calendar: Calendar, days: Iterable[date]) -> bytes:
    """The file's bytes, with a VTIMEZONE covering exactly the years the events span.

    The span comes from the content, not from the clock, and keeps the VTIMEZONE short
    (icalendar's default covers 1970 to 2038).
    """
    years = sorted({day.year for day in days})
    if years:
        calendar.add_missing_timezones(
            first_date=date(years[0], 1, 1), last_date=date(years[-1] + 1, 1, 1)
        )
    document: bytes = calendar.to_ical()
    return document
