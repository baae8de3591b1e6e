"""Add speakers to an event's ``speakers:`` in its ``events/YYYY-MM.yml``, leaving the rest alone.

Event files are written by hand and reviewed in pull requests, so an edit must add the new
speakers and change nothing else: not a comment on or between the listed speakers, a quote,
an indentation or a line ending, even where lines end differently. The rotation only ever
adds people after those already listed, so the edit is an insertion: new items after the
last one, in the list's own style (a block list gets one ``- id`` line per speaker, a flow
list ``, id`` or one line each when its items stand one per line); a file without the key
gets ``speakers: [a, b]`` after its last field.

The file is parsed exactly as ``showcase check`` parses it (``showcase.document``: the same
YAML parser on the same text, its line endings normalised), and the parser's node marks say
where to insert; positions are then carried back to the file's own text. Every new text is
read again the way the loader reads it and must give the same fields with the intended
speakers, or nothing is written.

Several files are written all or none (``write_all``): every new text is prepared first,
each is written to a temporary file beside its event file, read back and checked, and only
then renamed over the original.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from showcase.document import decode_text, parse_yaml
from showcase.problems import Location, Problems
from showcase.schema import EVENT_FIELDS, read_record

SPEAKERS = "speakers"
_BOM = "\ufeff"
_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_NULL_TAG = "tag:yaml.org,2002:null"
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
#: What may follow the last item of a flow list that stands one item per line.
_ITEM_LINE_REST = re.compile(r"[ \t]*(,)?[ \t]*(?:#[^\n]*)?(?=\n|$)")


class EventFileError(ValueError):
    """An event file whose ``speakers:`` cannot be extended safely; says why.

    ``written`` lists the files already replaced when a rename failed midway (the only
    step after which some files may be written and others not).
    """

    def __init__(self, message: str, written: tuple[Path, ...] = ()) -> None:
        super().__init__(message)
        self.written = written


@dataclass(frozen=True, slots=True)
class EventEdit:
    """The new bytes of one event file, checked, and not yet written."""

    path: Path
    original: bytes
    updated: bytes
    speakers: tuple[str, ...]
    #: Refuses (``EventFileError``) new bytes that do not read as intended; an edit of
    #: ``speakers:`` when None. ``showcase announce --record`` edits another field.
    verify: Callable[[bytes, bytes], None] | None = None


def prepare_speakers(path: Path, speakers: Sequence[str]) -> EventEdit | None:
    """The edit that makes ``path`` list ``speakers``; ``None`` if it already does.

    Raises:
        EventFileError: The file cannot be read, or its speakers cannot be extended to
            ``speakers`` without changing something else (the message names the file).
    """
    try:
        original = path.read_bytes()
        text = original.decode("utf-8")
    except OSError as exc:
        raise EventFileError(f"{path}: cannot read it: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise EventFileError(f"{path}: it is not UTF-8 text") from None
    try:
        updated = with_speakers(text, speakers)
        if updated == text:
            return None
        data = updated.encode("utf-8")
        _check_loaded(original, data, tuple(speakers))
    except EventFileError as exc:
        raise EventFileError(f"{path}: {exc}") from None
    return EventEdit(path, original, data, tuple(speakers))


def write_all(edits: Sequence[EventEdit]) -> None:
    """Write every edit or none: temporary files first, read back, then renamed.

    Raises:
        EventFileError: A file could not be written, or changed since it was read; no
            event file has been replaced then, unless a rename failed (see ``written``).
    """
    staged: list[tuple[EventEdit, Path]] = []
    try:
        for edit in edits:
            staged.append((edit, _stage(edit)))
    except BaseException:
        _discard(temp for _, temp in staged)
        raise
    for index, (edit, temp) in enumerate(staged):
        try:
            os.replace(temp, edit.path)
        except OSError as exc:
            _discard(temp for _, temp in staged[index:])
            raise EventFileError(
                f"{edit.path}: cannot replace it: {exc.strerror or exc}",
                tuple(e.path for e, _ in staged[:index]),
            ) from None


def write_speakers(path: Path, speakers: Sequence[str]) -> bool:
    """Make ``path`` list ``speakers``; whether the file changed (see ``prepare_speakers``)."""
    edit = prepare_speakers(path, speakers)
    if edit is None:
        return False
    write_all([edit])
    return True


def _stage(edit: EventEdit) -> Path:
    """``edit`` written to a temporary file beside its event file, read back and checked."""
    folder = edit.path.parent
    try:
        if edit.path.read_bytes() != edit.original:
            raise EventFileError(f"{edit.path}: it changed while the rotation was planned")
        mode = edit.path.stat().st_mode & 0o7777
        # A dot-name: the loader skips such files, should one ever be left behind.
        handle, name = tempfile.mkstemp(prefix=f".{edit.path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise EventFileError(f"{edit.path}: cannot write it: {exc.strerror or exc}") from None
    temp = Path(name)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(edit.updated)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temp, mode)
        if edit.verify is not None:
            edit.verify(edit.original, temp.read_bytes())
        else:
            _check_loaded(edit.original, temp.read_bytes(), edit.speakers)
    except OSError as exc:
        _discard([temp])
        raise EventFileError(f"{edit.path}: cannot write it: {exc.strerror or exc}") from None
    except EventFileError as exc:
        _discard([temp])
        raise EventFileError(f"{edit.path}: {exc}") from None
    return temp


def _discard(paths: Iterable[Path]) -> None:
    for path in paths:
        with contextlib.suppress(OSError):
            path.unlink()


# Checking -------------------------------------------------------------------------------


def _check_loaded(before: bytes, after: bytes, speakers: tuple[str, ...]) -> None:
    """Refuse ``after`` unless the loader reads it as ``before`` with ``speakers``."""
    check_edit(before, after, SPEAKERS, speakers, lambda v: tuple(v or ()), "add the speakers")


def check_edit(
    before: bytes,
    after: bytes,
    key: str,
    wanted: object,
    read: Callable[[Any], object],
    what: str,
) -> None:
    """Refuse ``after`` unless the loader reads it as ``before`` but for ``key``, whose
    value (as the loader gives it, through ``read``) is ``wanted``; ``what`` the edit
    does, for the message."""
    old, new = read_event_bytes(before), read_event_bytes(after)
    if old is None:
        raise EventFileError("it does not read as an event now; run `showcase check`")
    if new is None:
        raise EventFileError("the new text would not read as an event; edit it by hand")

    def others(written: dict[str, Any]) -> dict[str, Any]:
        return {name: value for name, value in written.items() if name != key}

    if others(new[0]) != others(old[0]) or read(new[1].get(key)) != wanted:
        raise EventFileError(f"could not {what} without changing something else; edit it by hand")


def read_event_bytes(data: bytes) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """An event file's fields as YAML gives them, and as the loader reads them (checked
    and converted); ``None`` if the loader finds a problem. What an edit compares before
    and after it writes."""
    problems = Problems()
    source = decode_text(data, Location("event.yml"), problems)
    if source is None:
        return None
    doc = parse_yaml(source.text, source.location, problems)
    if doc is None or not isinstance(doc.data, dict):
        return None
    record = read_record(doc, (), EVENT_FIELDS, problems, "the event")
    if record is None or problems.errors:
        return None
    return dict(doc.data), record.values


# The edit -------------------------------------------------------------------------------


def with_speakers(text: str, speakers: Sequence[str]) -> str:
    """The text of an event file whose ``speakers:`` lists ``speakers``.

    The speakers the file lists must come first in ``speakers``, in the same order: they
    are kept as written, and the others are added after them.

    Raises:
        EventFileError: The text does not parse, is not a mapping, or lists speakers that
            ``speakers`` does not start with.
    """
    bom = _BOM if text.startswith(_BOM) else ""
    raw = text[len(bom) :]
    source = _Source(raw)
    root = _compose(source.text)
    splice = _plan(source.text, root, list(speakers))
    if splice is None:
        return text
    return bom + source.apply(splice)


@dataclass(frozen=True, slots=True)
class _Splice:
    """Replace ``text[start:end]`` of the normalised text by ``new``, whose ``\\n`` become
    the line ending of the line where the splice starts."""

    start: int
    end: int
    new: str


class _Source:
    """A file's text with its line endings, and the same text with ``\\n`` only (what the
    loader parses), with positions carried from one to the other."""

    def __init__(self, raw: str) -> None:
        self.raw = raw
        #: Each line break of the raw text: where it ends, and the break itself.
        self.breaks: list[tuple[int, str]] = []
        parts: list[str] = []
        #: The raw position of each normalised position (event files are small).
        self._raw: list[int] = []
        previous = 0
        for found in _LINE_BREAK.finditer(raw):
            parts.append(raw[previous : found.start()] + "\n")
            self._raw.extend(range(previous, found.start() + 1))
            self.breaks.append((found.end(), found.group()))
            previous = found.end()
        parts.append(raw[previous:])
        self._raw.extend(range(previous, len(raw) + 1))
        self.text = "".join(parts)

    def ending_for(self, position: int) -> str:
        """The line ending of the line that ``position`` (raw) ends or stands in: its own,
        else (the last line has none) the one before it, else ``\\n``."""
        for end, ending in self.breaks:
            if end >= position:
                return ending
        return self.breaks[-1][1] if self.breaks else "\n"

    def apply(self, splice: _Splice) -> str:
        start, end = self._raw[splice.start], self._raw[splice.end]
        new = splice.new.replace("\n", self.ending_for(start))
        return self.raw[:start] + new + self.raw[end:]


def _compose(text: str) -> yaml.MappingNode:
    """The file's node tree as the loader parses it (same parser, same text)."""
    problems = Problems()
    if parse_yaml(text, Location("event.yml"), problems) is None or problems.errors:
        reason = next(iter(problems)).message if len(problems) else "it does not parse"
        raise EventFileError(reason)
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
    finally:
        loader.dispose()
    if not isinstance(root, yaml.MappingNode):
        raise EventFileError("an event file must be a mapping of fields")
    return root


def _plan(text: str, root: yaml.MappingNode, speakers: list[str]) -> _Splice | None:
    for key, value in root.value:
        if isinstance(key, yaml.ScalarNode) and key.value == SPEAKERS:
            return _extend(text, key, value, speakers)
    if not speakers:
        return None
    return add_key(text, root, SPEAKERS, _flow(speakers))


def _extend(text: str, key: yaml.Node, value: yaml.Node, speakers: list[str]) -> _Splice | None:
    listed = _listed(value)
    if speakers[: len(listed)] != listed:
        raise EventFileError(
            f"it lists {', '.join(listed)}; the speakers to write do not start with them, "
            "and listed speakers are never removed or reordered"
        )
    new = speakers[len(listed) :]
    if not new:
        return None
    if isinstance(value, yaml.SequenceNode):
        if value.flow_style:
            return _extend_flow(text, value, new)
        return _extend_block(text, value, new)
    if isinstance(value, yaml.ScalarNode) and value.tag == _NULL_TAG:
        if value.start_mark.index == value.end_mark.index:
            # `speakers:` with nothing after it: the empty value's mark points at the next
            # line, so write right after the colon.
            colon = text.index(":", key.end_mark.index)
            return _Splice(colon + 1, colon + 1, " " + _flow(new))
        return _Splice(value.start_mark.index, value.end_mark.index, _flow(new))
    # One speaker written as a single value (`speakers: ana`): it becomes a flow list that
    # starts with the value as written.
    start, end = value.start_mark.index, value.end_mark.index
    return _Splice(start, end, "[" + text[start:end] + ", " + ", ".join(map(_scalar, new)) + "]")


def _listed(value: yaml.Node) -> list[str]:
    """The speakers the file lists, as the loader reads them (checked by ``showcase check``)."""
    if isinstance(value, yaml.SequenceNode):
        items = value.value
    elif isinstance(value, yaml.ScalarNode) and value.tag == _NULL_TAG:
        items = []
    else:
        items = [value]
    if not all(isinstance(item, yaml.ScalarNode) for item in items):
        raise EventFileError("`speakers:` must be a list of person ids")
    return [str(item.value).strip() for item in items]


def _extend_block(text: str, value: yaml.SequenceNode, new: list[str]) -> _Splice:
    """New ``- id`` lines after the last item's line, indented and spaced like it."""
    last = value.value[-1]
    start = last.start_mark.index
    line_start = text.rfind("\n", 0, start) + 1
    dash = text.rfind("-", line_start, start)
    indent, gap = text[line_start:dash], text[dash + 1 : start]
    if dash < 0 or indent.strip(" ") or gap.strip(" \t") or not gap:
        raise EventFileError("cannot tell how the `speakers:` list is indented; edit it by hand")
    lines = "".join(f"{indent}-{gap}{_scalar(pid)}\n" for pid in new)
    end = _line_end(text, last.end_mark.index)
    if end == len(text) and not text.endswith("\n"):
        return _Splice(end, end, "\n" + lines.removesuffix("\n"))
    return _Splice(end, end, lines)


def _extend_flow(text: str, value: yaml.SequenceNode, new: list[str]) -> _Splice:
    """``, id`` after the last item; one item per line when the list is written that way."""
    if not value.value:
        opening = value.start_mark.index
        return _Splice(opening + 1, opening + 1, ", ".join(map(_scalar, new)))
    last = value.value[-1]
    after = last.end_mark.index
    line_start = text.rfind("\n", 0, last.start_mark.index) + 1
    indent = text[line_start : last.start_mark.index]
    rest = _ITEM_LINE_REST.match(text, after)
    one_per_line = (
        line_start > value.start_mark.index and not indent.strip(" \t") and rest is not None
    )
    if not one_per_line or rest is None:
        return _Splice(after, after, "".join(f", {_scalar(pid)}" for pid in new))
    trailing_comma = rest.group(1) is not None
    end = rest.end()
    items = [f"{indent}{_scalar(pid)}" for pid in new]
    if trailing_comma:
        block = "".join(f"\n{item}," for item in items)
        return _Splice(end, end, block)
    # The comma goes right after the last item, before any comment on its line.
    block = ",\n".join(items)
    return _Splice(after, end, "," + text[after:end] + "\n" + block)


def add_key(
    text: str, root: yaml.MappingNode, name: str, value: str, *, last_line_end: bool = True
) -> _Splice:
    """The splice that adds ``name: value`` (``value`` already YAML) after the last entry
    of the mapping ``root``, in its style (a new line at its indent, or ``, name: value``
    in a flow mapping). ``last_line_end``: whether a line the edit adds at the end of a
    file without a final line break ends with one."""
    key, last = root.value[-1]
    anchor = last.end_mark.index if last.end_mark.index > last.start_mark.index else None
    if anchor is None:
        anchor = text.index(":", key.end_mark.index) + 1
    if root.flow_style:
        return _Splice(anchor, anchor, f", {name}: {value}")
    indent = " " * root.value[0][0].start_mark.column
    line = f"{indent}{name}: {value}\n"
    end = _line_end(text, anchor)
    if end == len(text) and not text.endswith("\n"):
        return _Splice(end, end, "\n" + (line if last_line_end else line.removesuffix("\n")))
    return _Splice(end, end, line)


def _line_end(text: str, position: int) -> int:
    """The start of the line after the one holding the character before ``position``."""
    if position > 0 and text[position - 1] == "\n":
        return position
    newline = text.find("\n", position)
    return len(text) if newline == -1 else newline + 1


def _flow(speakers: list[str]) -> str:
    return "[" + ", ".join(_scalar(pid) for pid in speakers) + "]"


def _scalar(value: str) -> str:
    """``value`` plain when YAML reads it back as the same string, else double-quoted.

    The loader reads YAML 1.1, where ids such as ``no`` or ``1e3`` would turn into a
    boolean or a number.
    """
    try:
        if yaml.safe_load(f"[{value}]") == [value]:
            return value
    except yaml.YAMLError:
        pass
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
