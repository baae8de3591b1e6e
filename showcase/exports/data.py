"""The archive as JSON (``talks.json``) for scripts, dashboards and other sites.

The shape is documented in ``docs/exports.md``; ``version`` changes only when a field is
removed or changes meaning, never when one is added. Every key is always present (null
when unknown) and lists keep the archive's order, so the same content always gives the
same text.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, NamedTuple

from showcase.exports.site import SiteAddress
from showcase.model import Archive, Attachment, Event, Link, Person, Talk
from showcase.site import filetypes, links
from showcase.site.links import Linker

#: The version of the JSON shape.
FORMAT_VERSION = 1

Json = dict[str, Any]


def archive_json(
    archive: Archive,
    site_url: str,
    timezone: str | None = None,
    *,
    picture: Callable[[Person], str | None] | None = None,
    linker: Linker | None = None,
    trust_authors: bool = False,
    recordings: Callable[[Talk], RecordingFacts] | None = None,
) -> str:
    """People, events and talks as a JSON document, with URLs and ISO dates.

    URLs are absolute when ``site_url`` is known, else site-relative (``/talks/slug/``).
    ``timezone`` (``Settings.timezone``) tells readers in which zone event ``start`` and
    ``end`` are; it is written as null when not given. ``picture`` gives the site path of
    the picture the site shows for a person (their avatar resized); without it a
    person's ``avatar`` is the file as the content names it. ``linker`` is the site's
    layout (directory URLs unless told otherwise). An attachment that would run script if
    opened on its own (an HTML deck) has no ``url`` unless ``trust_authors``: the site
    shows it only inside its talk page's sandboxed frame. ``recordings`` gives what
    reading a talk's recording and transcript found (their length, the transcript's
    chapters); without it, only what the front matter says is written.

    Raises:
        ValueError: ``site_url`` is given but not absolute.
    """
    site = SiteAddress.parse(site_url, linker)
    document: Json = {
        "version": FORMAT_VERSION,
        "generated_for": archive.today.isoformat(),
        "site_url": site.base or None,
        "timezone": timezone,
        "people": [_person(archive, person, site, picture) for person in archive.people.values()],
        "events": [_event(archive, event, site) for event in archive.events.values()],
        "talks": [
            _talk(archive, talk, site, trust_authors, recordings) for talk in archive.talks.values()
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _person(
    archive: Archive,
    person: Person,
    site: SiteAddress,
    picture: Callable[[Person], str | None] | None,
) -> Json:
    # The rotation's inputs (joined, left, away, rotation) stay private: they say when
    # someone is on leave, which a public file has no business publishing.
    return {
        "id": person.id,
        "name": person.name,
        "url": site.from_root(site.path(links.person_src(person))),
        "role": person.role,
        "team": person.team,
        "bio": person.bio,
        "avatar": _avatar(person, site, picture),
        "guest": person.guest,
        "links": _links(person.links),
        "talks": [talk.slug for talk in archive.talks_by(person.id)],
    }


def _avatar(
    person: Person, site: SiteAddress, picture: Callable[[Person], str | None] | None
) -> str | None:
    if not person.avatar:
        return None
    shown = picture(person) if picture is not None else person.avatar
    return site.from_root(shown) if shown else None


def _event(archive: Archive, event: Event, site: SiteAddress) -> Json:
    return {
        "id": event.id,
        "title": event.display_title,
        "url": site.from_root(site.path(links.event_src(event))),
        "date": event.date.isoformat(),
        "start": event.start.strftime("%H:%M") if event.start else None,
        "end": event.end.strftime("%H:%M") if event.end else None,
        "past": archive.is_past(event),
        "cancelled": event.cancelled,
        "theme": event.theme,
        "location": event.location,
        "stream": event.stream,
        "recording": event.recording,
        "host": event.host,
        "planned_speakers": list(event.speakers),
        "notes": event.notes,
        "talks": [talk.slug for talk in archive.talks_at(event.id)],
    }


def _talk(
    archive: Archive,
    talk: Talk,
    site: SiteAddress,
    trusted: bool,
    recordings: Callable[[Talk], RecordingFacts] | None,
) -> Json:
    day = archive.date_of(talk)
    facts = recordings(talk) if recordings is not None else RecordingFacts()
    return {
        "slug": talk.slug,
        "title": talk.title,
        "url": site.from_root(site.path(links.talk_src(talk))),
        "event": talk.event,
        "date": day.isoformat() if day else None,
        "order": talk.order,
        "duration": talk.duration,
        "speakers": list(talk.speakers),
        "summary": talk.blurb or None,
        "tags": list(talk.tags),
        "video": talk.video,
        "recording": _recording(talk, site, facts),
        "chapters": [
            {"at": start, "title": title}
            for start, title in (
                [(c.start, c.title) for c in talk.chapters] if talk.chapters else facts.chapters
            )
        ],
        "transcript": _transcript(talk, site, trusted, facts),
        "links": _links(talk.links),
        "attachments": [_attachment(a, site, trusted) for a in talk.attachments],
        "draft": talk.draft,
    }


class RecordingFacts(NamedTuple):
    """What reading a talk's recording and transcript found."""

    #: The recording's length in seconds, when it could be read.
    duration: float | None = None
    #: The transcript's own chapters (start in seconds, title).
    chapters: tuple[tuple[float, str], ...] = ()
    #: Whether the transcript says it was made automatically.
    auto: bool = False


def _recording(talk: Talk, site: SiteAddress, facts: RecordingFacts) -> Json | None:
    recording = talk.recording
    if recording is None:
        return None
    url = recording.url if recording.path is None else site.from_root(recording.path)
    return {
        "kind": recording.kind,
        "name": recording.name,
        "path": recording.path,
        "url": url,
        "duration": facts.duration,
    }


def _transcript(talk: Talk, site: SiteAddress, trusted: bool, facts: RecordingFacts) -> Json | None:
    transcript = talk.transcript
    if transcript is None or transcript.path is None:
        return None
    published = trusted or filetypes.is_published_kind(transcript.path)
    return {
        "path": transcript.path,
        "url": site.from_root(transcript.path) if published else None,
        "automatic": talk.transcript_auto if talk.transcript_auto is not None else facts.auto,
    }


def _attachment(attachment: Attachment, site: SiteAddress, trusted: bool) -> Json:
    path = attachment.path
    url = attachment.url if path is None else site.from_root(path)
    if path is not None and not trusted and not filetypes.is_published_kind(path):
        url = None
    return {"kind": attachment.kind, "name": attachment.name, "url": url}


def _links(links: tuple[Link, ...]) -> list[Json]:
    return [{"title": link.title, "url": link.url} for link in links]
