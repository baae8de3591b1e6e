"""Write an event's ``announced:`` snapshot into its ``events/YYYY-MM.yml``, leaving the
rest of the file as the organizer wrote it.

The snapshot is one line that Showcase owns, a flow mapping such as::

    announced: {date: 2027-02-18, start: "16:00", end: "17:00", location: "The Loft", sequence: 0}

It is added after the file's last field, or replaces the ``announced:`` entry already
there (that entry only); comments, quotes, order and line endings elsewhere stay as they
are. The edit goes through ``showcase.eventfile``: the file is parsed as ``showcase
check`` parses it, the new text is read back and must give the same fields with the
intended snapshot, and it is written beside the file and renamed into place.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import yaml

from showcase.eventfile import (
    _BOM,
    EventEdit,
    EventFileError,
    _compose,
    _Source,
    _Splice,
    add_key,
    check_edit,
    write_all,
)
from showcase.loader import announced_snapshot
from showcase.model import Announced, Event
from showcase.organizer.changes import calendar_sequence

ANNOUNCED = "announced"


def snapshot_of(event: Event) -> Announced:
    """What an announcement of ``event`` says now, with the SEQUENCE the calendar gives it."""
    return Announced(
        date=event.date,
        start=event.start,
        end=event.end,
        location=event.location,
        cancelled=event.cancelled,
        sequence=calendar_sequence(event),
    )


@dataclass(frozen=True, slots=True)
class Recorded:
    path: Path
    snapshot: Announced
    #: False when the file already held this snapshot.
    changed: bool


def record_announcement(path: Path, event: Event) -> Recorded:
    """Write ``event``'s snapshot into its file ``path``.

    Raises:
        EventFileError: The file cannot be read or written, or the snapshot cannot be
            written without changing something else (the message names the file).
    """
    snapshot = snapshot_of(event)
    if event.announced == snapshot:
        return Recorded(path, snapshot, changed=False)
    try:
        original = path.read_bytes()
        text = original.decode("utf-8")
    except OSError as exc:
        raise EventFileError(f"{path}: cannot read it: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise EventFileError(f"{path}: it is not UTF-8 text") from None
    line = snapshot_text(snapshot)
    try:
        updated = with_snapshot(text, line).encode("utf-8")
        _verify(original, updated, snapshot)
    except EventFileError as exc:
        raise EventFileError(f"{path}: {exc}") from None

    def verify(before: bytes, after: bytes) -> None:
        try:
            _verify(before, after, snapshot)
        except EventFileError as exc:
            raise EventFileError(f"{path}: {exc}") from None

    write_all([EventEdit(path, original, updated, (), verify=verify)])
    return Recorded(path, snapshot, changed=True)


def snapshot_text(snapshot: Announced) -> str:
    """The snapshot as a YAML flow mapping, on one line."""
    parts = [f"date: {snapshot.date.isoformat()}"]
    if snapshot.start is not None:
        parts.append(f'start: "{snapshot.start:%H:%M}"')
    if snapshot.end is not None:
        parts.append(f'end: "{snapshot.end:%H:%M}"')
    if snapshot.location is not None:
        # A JSON string is a YAML double-quoted scalar: any text reads back as written.
        parts.append(f"location: {json.dumps(snapshot.location, ensure_ascii=False)}")
    if snapshot.cancelled:
        parts.append("cancelled: true")
    parts.append(f"sequence: {snapshot.sequence}")
    return "{" + ", ".join(parts) + "}"


def with_snapshot(text: str, snapshot: str) -> str:
    """The text of an event file whose ``announced:`` is ``snapshot`` (a flow mapping)."""
    bom = _BOM if text.startswith(_BOM) else ""
    source = _Source(text[len(bom) :])
    root = _compose(source.text)
    return bom + source.apply(_plan(source.text, root, snapshot))


def _plan(text: str, root: yaml.MappingNode, snapshot: str) -> _Splice:
    for key, value in root.value:
        if isinstance(key, yaml.ScalarNode) and key.value == ANNOUNCED:
            return _replace(text, key, value, snapshot)
    return add_key(text, root, ANNOUNCED, snapshot, last_line_end=False)


def _replace(text: str, key: yaml.Node, value: yaml.Node, snapshot: str) -> _Splice:
    """The value of ``announced:`` replaced: a flow mapping or a scalar where it stands, a
    block mapping by the one line (its lines up to the last value's end go)."""
    colon = text.index(":", key.end_mark.index)
    if isinstance(value, yaml.MappingNode) and not value.flow_style and value.value:
        last = value.value[-1][1]
        end = last.end_mark.index
        newline = text.find("\n", end)
        stop = len(text) if newline == -1 else newline
        return _Splice(colon + 1, stop, " " + snapshot)
    if value.start_mark.index == value.end_mark.index:
        return _Splice(colon + 1, colon + 1, " " + snapshot)
    return _Splice(value.start_mark.index, value.end_mark.index, snapshot)


# Checking -----------------------------------------------------------------------------


def _verify(before: bytes, after: bytes, snapshot: Announced) -> None:
    """Refuse ``after`` unless it reads as ``before`` with ``snapshot`` as ``announced:``."""
    check_edit(before, after, ANNOUNCED, snapshot, announced_snapshot, "write `announced:`")
