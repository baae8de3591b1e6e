"""``showcase announce`` and ``showcase status``: what the command line runs once it has
read the archive (``showcase.cli`` finds the archive, its settings and today)."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from showcase.eventfile import EventFileError
from showcase.exports.calendar import event_invitation, invitation_method
from showcase.exports.site import UNKNOWN_AUTHORITY, SiteAddress
from showcase.loader import LoadResult
from showcase.model import Archive, Event
from showcase.organizer import ANNOUNCE_FORMATS, DEFAULT_DAYS, STATUS_FORMATS
from showcase.organizer.announce import (
    Announcement,
    build_announcement,
    to_html,
    to_markdown,
    to_text,
)
from showcase.organizer.mail import (
    Mailbox,
    announcement_message,
    parse_mailbox,
    resolve_recipients,
    split_values,
)
from showcase.organizer.record import record_announcement
from showcase.organizer.slack import to_slack_json
from showcase.organizer.status import chase, render_status
from showcase.report import Counts, render
from showcase.settings import Settings
from showcase.site.links import Linker
from showcase.siteconfig import SiteConfig

__all__ = [
    "ANNOUNCE_FORMATS",
    "DEFAULT_DAYS",
    "STATUS_FORMATS",
    "AnnounceRequest",
    "run_announce",
    "run_status",
]

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


@dataclass(frozen=True, slots=True)
class AnnounceRequest:
    event: str | None
    format: str
    reminder: bool = False
    #: ``--to`` values as given; None when the option was not used.
    to: tuple[str, ...] | None = None
    sender: str | None = None
    out: Path | None = None
    force: bool = False
    record: bool = False


class _Refused(Exception):
    """What stops an announcement: the message says why, the code is the exit status."""

    def __init__(self, message: str, code: int = EXIT_PROBLEMS) -> None:
        super().__init__(message)
        self.code = code


def run_announce(
    request: AnnounceRequest,
    result: LoadResult,
    *,
    content: Path,
    prefix: str,
    settings: Settings,
    layout: Linker,
    site: SiteConfig,
) -> int:
    try:
        return _announce(request, result, content, prefix, settings, layout, site)
    except _Refused as exc:
        for line in str(exc).splitlines():
            print(f"showcase announce: {line}", file=sys.stderr)
        return exc.code


def _announce(
    request: AnnounceRequest,
    result: LoadResult,
    content: Path,
    prefix: str,
    settings: Settings,
    layout: Linker,
    config: SiteConfig,
) -> int:
    if result.errors:
        # An announcement from half-read content could name the wrong talks or people.
        print(render("text", result.problems, Counts.of(result), prefix), file=sys.stderr)
        raise _Refused("fix the errors above first; nothing announced")
    planning = result.archive
    archive = planning.without_drafts()
    event = _event(request.event, archive, prefix)
    try:
        site = SiteAddress.parse(config.site_url, layout)
    except ValueError as exc:
        raise _Refused(f"site_url in mkdocs.yml: {exc}", EXIT_USAGE) from None
    if not site.known:
        _note("no site_url in mkdocs.yml: the announcement cannot link the talk pages")
    announcement = build_announcement(
        archive, event, settings, site, planning=planning, reminder=request.reminder
    )
    if request.format == "email":
        output: str | bytes = _email(request, announcement, archive, prefix, settings, site, config)
    elif request.format == "slack":
        output = to_slack_json(announcement)
    else:
        output = to_markdown(announcement)
    _write(output, request)
    if request.record:
        _record(content, prefix, event)
    elif event.announced is None and not request.reminder:
        _note(
            "add --record once this is sent: it writes what was announced into the event's "
            "file, so that later changes show on the schedule and in calendars"
        )
    return EXIT_OK


def _event(wanted: str | None, archive: Archive, prefix: str) -> Event:
    """The event asked for, else the next demo day; refused when past or without a file."""
    if wanted is None:
        event = archive.next_event
        if event is None:
            raise _Refused(
                f"no upcoming demo day to announce (today is {archive.today}); add "
                f"{prefix}/events/YYYY-MM.yml"
            )
        return event
    wanted = wanted.strip().removesuffix(".yml").removeprefix("events/")
    event = archive.events.get(wanted)
    if event is None:
        upcoming = [e.id for e in archive.upcoming_events if not e.cancelled]
        talks = [t.slug for t in archive.talks.values() if t.event == wanted]
        said = f"{len(talks)} talk{'s' if len(talks) != 1 else ''} name it, but " if talks else ""
        hint = "; upcoming: " + ", ".join(upcoming[:6]) if upcoming else ""
        raise _Refused(
            f"no demo day `{wanted}`: {said}{prefix}/events/{wanted}.yml does not exist{hint}"
        )
    if archive.is_past(event):
        raise _Refused(
            f"{event.id} ({event.date}) is past (today is {archive.today}); announce an "
            "upcoming demo day, or give --today to write as of another day"
        )
    return event


def _email(
    request: AnnounceRequest,
    announcement: Announcement,
    archive: Archive,
    prefix: str,
    settings: Settings,
    site: SiteAddress,
    config: SiteConfig,
) -> bytes:
    problems: list[str] = []
    sender_text = request.sender or config.announce_from
    sender: Mailbox | None = None
    if sender_text is None:
        problems.append(
            'an e-mail needs a sender: give --from "Name <address>", or set the plugin\'s '
            "`announce_from` in mkdocs.yml"
        )
    else:
        sender = parse_mailbox(sender_text)
        if sender is None:
            where = "--from" if request.sender else "announce_from in mkdocs.yml"
            problems.append(f"{where}: `{sender_text}` is not an address like demo@example.com")
    values = split_values(request.to if request.to is not None else config.announce_to)
    recipients, wrong = resolve_recipients(values, archive, prefix)
    problems += [f"--to: {reason}" if request.to is not None else reason for reason in wrong]
    if not values:
        _note("no recipients (--to, or the plugin's `announce_to`): the message has no To:")
    if problems or sender is None:
        raise _Refused("\n".join(problems))
    invitation = event_invitation(
        archive,
        announcement.event,
        site.base,
        settings.timezone,
        organizer=(sender.name, sender.address),
        attendees=[(r.name, r.address) for r in recipients],
        linker=site.linker,
    )
    domain = urlsplit(site.base).hostname if site.known else None
    message = announcement_message(
        subject=announcement.subject,
        text=to_text(announcement),
        html=to_html(announcement),
        invitation=invitation,
        method=invitation_method(announcement.event),
        sender=sender,
        recipients=recipients,
        domain=domain or UNKNOWN_AUTHORITY,
        when=datetime.now(ZoneInfo(settings.timezone)),
    )
    return message.as_bytes()


def _write(output: str | bytes, request: AnnounceRequest) -> None:
    data = output.encode("utf-8") if isinstance(output, str) else output
    if request.out is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    out = request.out
    if out.is_dir():
        raise _Refused(f"{out} is a folder; --out names the file to write")
    if out.exists() and not request.force:
        raise _Refused(f"{out} exists; add --force to replace it")
    try:
        with out.open("wb" if request.force else "xb") as handle:
            handle.write(data)
    except FileExistsError:
        raise _Refused(f"{out} exists; add --force to replace it") from None
    except OSError as exc:
        raise _Refused(f"cannot write {out}: {exc.strerror or exc}") from None
    print(f"Wrote {out}", file=sys.stderr)


def _record(content: Path, prefix: str, event: Event) -> None:
    path = content / "events" / f"{event.id}.yml"
    try:
        recorded = record_announcement(path, event)
    except EventFileError as exc:
        message = str(exc).replace(str(content), prefix, 1)
        raise _Refused(f"{message}; the announcement was written, but not recorded") from None
    shown = f"{prefix}/events/{event.id}.yml"
    if recorded.changed:
        print(
            f"Recorded in {shown}: announced on {event.date}, calendar sequence "
            f"{recorded.snapshot.sequence}",
            file=sys.stderr,
        )
    else:
        print(f"{shown} already records this announcement", file=sys.stderr)


def _note(message: str) -> None:
    print(f"showcase announce: note: {message}", file=sys.stderr)


def run_status(
    result: LoadResult,
    *,
    fmt: str,
    days: int,
    prefix: str,
    settings: Settings,
    layout: Linker,
    site: SiteConfig,
) -> int:
    """Print what organizers must chase; always 0 (it reports, it does not fail)."""
    try:
        address = SiteAddress.parse(site.site_url, layout)
    except ValueError:
        address = SiteAddress(linker=layout)
    report = chase(result, settings, days=days, prefix=prefix, site=address)
    print(render_status(report, fmt), end="")
    return EXIT_OK
