"""The fields each kind of record accepts, declared once with their types and rules.

A record is read field by field: every unknown field, missing required field and value of
the wrong type becomes a problem with its line, and the rest of the record is still read
so that one run reports everything.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from showcase.document import KeyPath, YamlDoc
from showcase.model import BLURB_LENGTH
from showcase.problems import Problems, did_you_mean, person_hint
from showcase.timecodes import parse_time

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ID_RULE = "lowercase letters, digits and single hyphens, like `ana-lima`"

# Limits. Each keeps a value that means something inside what every later step can carry:
# a file name (most file systems take 255 bytes, and ids become parts of longer names), a
# line of a calendar or a card, a page per topic.
#: Person ids, talk slugs (folder names) and other ids.
MAX_ID_LENGTH = 100
#: One-line text: names, titles, roles, places, link titles.
MAX_LINE_LENGTH = 200
#: A tag names a topic; each becomes a page.
MAX_TAG_LENGTH = 50
#: Tags of one talk.
MAX_TAGS = 20
#: Speakers of one talk: a panel fits. Each speaker's page and calendar lists the talk
#: with all its speakers, so the site grows with the square of this number.
MAX_SPEAKERS = 12
#: Chapters of one recording: more than any talk has, few enough to list beside a player.
MAX_CHAPTERS = 100
#: A talk's ``summary``: a paragraph, shown on cards, in calendars and in the feed.
MAX_SUMMARY_LENGTH = BLURB_LENGTH
#: A person's ``bio`` and an event's ``notes``: a few paragraphs of Markdown.
MAX_PROSE_LENGTH = 10_000
#: Years a date may fall in: wide enough for any archive, narrow enough that a day after
#: it (an all-day calendar entry ends the next day) is still a date.
MIN_YEAR, MAX_YEAR = 1900, 2999


def id_problem(value: str) -> str | None:
    """Why ``value`` is not a valid id (person id, talk slug), or ``None`` if it is."""
    if not ID_PATTERN.match(value):
        return f"use {ID_RULE}"
    if len(value) > MAX_ID_LENGTH:
        return f"it has {len(value)} characters; the most is {MAX_ID_LENGTH}"
    return None


#: Control characters (Unicode's Cc), line and paragraph separators, lone surrogates and
#: the two non-characters: a one-line field holds none of them, and a multi-line field
#: only newlines and tabs. Calendars and feeds break lines only at a newline.
_NOT_IN_LINE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")
_NOT_IN_PROSE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")
_BREAKS = frozenset("\n\r\x0b\x0c\x85\u2028\u2029")
#: Bidirectional controls (embeddings, overrides, isolates, marks): in one line of text
#: (a title, a name, a file name) they make it read differently from what it is.
_BIDI = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def text_problem(value: str, *, multiline: bool = False) -> str | None:
    """Why ``value`` cannot be published as text, or ``None``: control characters (a NUL,
    an escape, a raw carriage return) would reach calendars, feeds and pages as they are."""
    found = (_NOT_IN_PROSE if multiline else _NOT_IN_LINE).search(value)
    if found is None and not multiline and (bidi := _BIDI.search(value)) is not None:
        return (
            f"holds the bidirectional control U+{ord(bidi.group()):04X} at character "
            f"{bidi.start() + 1}, which makes it read differently from what it is; remove it"
        )
    if found is None:
        return None
    char, position = found.group(), found.start() + 1
    if char in _BREAKS and not multiline:
        return f"holds a line break at character {position}; it must be one line"
    if char in _BREAKS:
        return (
            f"holds a line break other than a newline (U+{ord(char):04X}) at character "
            f"{position}; use a plain newline"
        )
    if char == "\t":
        return f"holds a tab at character {position}; use a space"
    kind = "control character" if char < "\ud800" else "code point, not a character,"
    return f"holds the {kind} U+{ord(char):04X} at character {position}; remove it"


class Invalid(ValueError):
    """A value that breaks its field's rule; ``subpath`` points inside lists and mappings."""

    def __init__(self, message: str, subpath: KeyPath = ()) -> None:
        super().__init__(message)
        self.message = message
        self.subpath = subpath


class AlreadyReported(Exception):
    """A value YAML could not read: its problem was reported when the file was parsed.

    Not an ``Invalid``, so that it passes through the converters of lists and nested
    records and the field is rejected without a second problem.
    """


Converter = Callable[[Any, "FieldContext"], Any]


@dataclass(frozen=True, slots=True)
class FieldContext:
    """What a converter may need beyond the value: the raw text YAML saw."""

    doc: YamlDoc
    path: KeyPath


@dataclass(frozen=True, slots=True)
class Field:
    name: str
    convert: Converter
    required: bool = False


@dataclass(frozen=True, slots=True)
class Record:
    """The fields of one record that were given and valid, and those given but rejected."""

    values: dict[str, Any]
    #: Fields given a value that could not be read or broke the field's rule. Each has had
    #: its one problem: a check that depends on one of them skips it rather than report the
    #: same mistake again (an `end` "without a `start`" when the `start` was unreadable).
    rejected: frozenset[str] = frozenset()


def read_record(
    doc: YamlDoc,
    path: KeyPath,
    fields: tuple[Field, ...],
    problems: Problems,
    what: str,
) -> Record | None:
    """Read the mapping at ``path`` against ``fields``; ``None`` if it is not a mapping."""
    data = _get(doc.data, path)
    if not isinstance(data, dict):
        kind = _kind_name(data)
        problems.error(doc.where(path), f"{what} must be a mapping of fields, not {kind}")
        return None
    known = {f.name: f for f in fields}
    values: dict[str, Any] = {}
    # One problem per field: a value YAML could not read or that its converter rejected is
    # not reported again as missing.
    reported: set[str] = set()
    for key, value in data.items():
        spec = known.get(key)
        if spec is None:
            problems.error(
                doc.where_key((*path, key)),
                f"unknown field `{key}` in {what}{did_you_mean(key, known)}",
            )
            continue
        if (*path, key) in doc.unreadable:
            reported.add(key)
            continue
        if value is None:
            continue
        try:
            values[key] = spec.convert(value, FieldContext(doc, (*path, key)))
        except AlreadyReported:
            reported.add(key)
        except Invalid as exc:
            reported.add(key)
            problems.error(doc.where((*path, key, *exc.subpath)), f"`{key}`: {exc.message}")
    for spec in fields:
        if spec.required and spec.name not in reported and key_missing(data, spec.name):
            if spec.name in data:
                problems.error(doc.where_key((*path, spec.name)), f"`{spec.name}` is empty")
            else:
                problems.error(doc.where(path), f"{what} has no `{spec.name}`; it is required")
    return Record(values, frozenset(reported))


def key_missing(data: Mapping[str, Any], name: str) -> bool:
    value = data.get(name)
    return value is None or value == "" or value == []


def _get(data: Any, path: KeyPath) -> Any:
    for key in path:
        data = data[key]
    return data


def _kind_name(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, str):
        return "text"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, (date, datetime)):
        return "a date"
    return type(value).__name__


# Converters ---------------------------------------------------------------------------


def _text(value: Any, ctx: FieldContext) -> str:
    """Text; numbers and dates are taken as they were written (`title: 2026`)."""
    if isinstance(value, (dict, list)):
        raise Invalid(f"expected text, got {_kind_name(value)}")
    if isinstance(value, str):
        result = value.strip()
    else:
        result = (ctx.doc.raw_scalar(ctx.path) or str(value)).strip()
    if not result:
        raise Invalid("must not be empty")
    return result


def line_of(max_length: int) -> Converter:
    """One line of text, at most ``max_length`` characters."""

    def convert(value: Any, ctx: FieldContext) -> str:
        result = _text(value, ctx)
        problem = text_problem(result)
        if problem is not None:
            raise Invalid(problem)
        if len(result) > max_length:
            raise Invalid(f"is {len(result)} characters long; the most is {max_length}")
        return result

    return convert


#: One line of text (names, titles, places).
text = line_of(MAX_LINE_LENGTH)


def path_text(value: Any, ctx: FieldContext) -> str:
    """A file name inside the content folder: one line (the file system limits its length),
    with no backslash (browsers and Windows read it as a folder separator, so a link to
    the file would lead elsewhere)."""
    result = _text(value, ctx)
    problem = text_problem(result)
    if problem is not None:
        raise Invalid(problem)
    if "\\" in result:
        raise Invalid(
            f"holds a backslash (`\\`) at character {result.index(chr(92)) + 1}; name files "
            "without one and separate folders with `/`"
        )
    return result


def prose_of(max_length: int) -> Converter:
    """Text that may run over several lines (a bio, a summary, notes), at most
    ``max_length`` characters."""

    def convert(value: Any, ctx: FieldContext) -> str:
        result = _text(value, ctx)
        problem = text_problem(result, multiline=True)
        if problem is not None:
            raise Invalid(problem)
        if len(result) > max_length:
            raise Invalid(f"is {len(result):,} characters long; the most is {max_length:,}")
        return result

    return convert


#: A bio or event notes.
prose = prose_of(MAX_PROSE_LENGTH)


def boolean(value: Any, ctx: FieldContext) -> bool:
    if not isinstance(value, bool):
        raise Invalid(f"expected true or false, got `{ctx.doc.raw_scalar(ctx.path) or value}`")
    return value


def positive_int(value: Any, ctx: FieldContext) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise Invalid(f"expected a whole number, got `{ctx.doc.raw_scalar(ctx.path) or value}`")
    if value < 1:
        raise Invalid(f"must be 1 or more, got {value}")
    return value


def whole_number(value: Any, ctx: FieldContext) -> int:
    """0 or more."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise Invalid(f"expected a whole number, got `{ctx.doc.raw_scalar(ctx.path) or value}`")
    if value < 0:
        raise Invalid(f"must be 0 or more, got {value}")
    return value


def email_address(value: Any, ctx: FieldContext) -> str:
    """An e-mail address (``ana@example.com``), without a name around it."""
    result: str = text(value, ctx)
    problem = email_problem(result)
    if problem is not None:
        raise Invalid(problem)
    return result


def email_problem(value: str) -> str | None:
    """Why ``value`` is not a plain e-mail address, or ``None``."""
    from email.errors import HeaderParseError
    from email.headerregistry import Address

    try:
        address = Address(addr_spec=value)
    except (ValueError, IndexError, HeaderParseError):
        address = None
    if address is None or not address.username or "." not in address.domain or " " in value:
        return f"`{shown(value)}` is not an e-mail address like `ana@example.com`"
    return None


def as_date(value: object) -> date | None:
    """``value`` as a calendar date: a date (not a datetime: comparing one with a date
    raises later on) or a string written YYYY-MM-DD; None for anything else."""
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def day(value: Any, ctx: FieldContext) -> date:
    """A date, written `2026-11-19` or quoted `"2026-11-19"` (both are accepted)."""
    if isinstance(value, datetime):
        raise Invalid("expected a date (YYYY-MM-DD) without a time of day")
    found = as_date(value)
    if found is not None:
        if not MIN_YEAR <= found.year <= MAX_YEAR:
            raise Invalid(f"{found} is not between the years {MIN_YEAR} and {MAX_YEAR}")
        return found
    raw = ctx.doc.raw_scalar(ctx.path) or value
    raise Invalid(f"expected a date written YYYY-MM-DD, got `{raw}`")


_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


def clock_time(value: Any, ctx: FieldContext) -> time:
    """`HH:MM`. Unquoted, YAML 1.1 reads `16:00` as the number 960; the raw text is used."""
    raw = ctx.doc.raw_scalar(ctx.path)
    candidate = value if isinstance(value, str) else raw
    match = _TIME.match(candidate.strip()) if isinstance(candidate, str) else None
    if not match:
        raise Invalid(f'expected a time written "HH:MM" (24-hour), got `{raw or value}`')
    return time(int(match[1]), int(match[2]))


def identifier(value: Any, ctx: FieldContext) -> str:
    result = _text(value, ctx)
    problem = id_problem(result)
    if problem is not None:
        raise Invalid(f"`{shown(result)}` is not a valid id: {problem}")
    return result


def person_identifier(names: Mapping[str, str]) -> Converter:
    """``identifier`` for a person id, whose problem suggests the person meant when the
    value is not an id at all (`Priya Natarajan`, `PRIYA`): ``names`` is id -> name."""

    def convert(value: Any, ctx: FieldContext) -> str:
        try:
            return identifier(value, ctx)
        except Invalid as exc:
            hint = person_hint(value, names) if isinstance(value, str) else ""
            raise Invalid(exc.message + hint, exc.subpath) from None

    return convert


def with_roster(
    fields: tuple[Field, ...], names: Mapping[str, str], *, most_speakers: int | None = None
) -> tuple[Field, ...]:
    """``fields`` with their person ids (``host``, ``speakers``) read against the roster."""
    person = person_identifier(names)
    by_name = {"host": person, "speakers": list_of(person, most=most_speakers)}
    return tuple(
        Field(f.name, by_name[f.name], f.required) if f.name in by_name else f for f in fields
    )


def shown(value: str, length: int = 60) -> str:
    """``value`` cut short for a message, its control characters made visible."""
    visible = value.encode("unicode_escape").decode("ascii") if text_problem(value) else value
    return visible if len(visible) <= length else visible[: length - 1] + "…"


def url(value: Any, ctx: FieldContext) -> str:
    result = path_text(value, ctx)
    problem = url_problem(result)
    if problem is not None:
        raise Invalid(problem)
    return result


def file_or_url(value: Any, ctx: FieldContext) -> str:
    """A file in the talk's folder, or a web address (``video``: a recording beside
    ``index.md``, or one hosted elsewhere). The loader tells which."""
    result = path_text(value, ctx)
    if re.match(r"^[a-z][a-z0-9+.-]*:", result, re.IGNORECASE) and not re.match(
        r"^[a-z]:[/\\]", result, re.IGNORECASE
    ):
        problem = url_problem(result)
        if problem is not None:
            raise Invalid(problem)
    return result


_CHAPTER_LINE = re.compile(r"^\s*(\S+)\s+(.+)$")


def chapter(value: Any, ctx: FieldContext) -> tuple[float, str]:
    """A chapter of the recording: `12:40 Results`, or `{at: 12:40, title: Results}`."""
    if isinstance(value, dict):
        unknown = [key for key in value if key not in ("at", "title")]
        if unknown:
            raise Invalid(
                f"unknown key `{unknown[0]}` in a chapter; write `at` and `title`", (unknown[0],)
            )
        if "at" not in value or "title" not in value:
            raise Invalid("a chapter needs `at` (its time, such as 12:40) and `title`")
        at_ctx = FieldContext(ctx.doc, (*ctx.path, "at"))
        written = ctx.doc.raw_scalar(at_ctx.path)
        at = _chapter_time(written if written is not None else value["at"], ("at",))
        title = _text(value["title"], FieldContext(ctx.doc, (*ctx.path, "title")))
    elif isinstance(value, str):
        match = _CHAPTER_LINE.match(value)
        if not match:
            raise Invalid(f"expected a chapter such as `12:40 Results`, got `{shown(value)}`")
        at = _chapter_time(match[1], ())
        title = match[2].strip()
    else:
        raise Invalid(f"expected a chapter such as `12:40 Results`, got `{value}`")
    problem = text_problem(title)
    if problem is not None or len(title) > MAX_LINE_LENGTH:
        raise Invalid(
            f"the chapter's title {problem or f'is longer than {MAX_LINE_LENGTH} characters'}"
        )
    return at, title


def _chapter_time(value: Any, subpath: tuple[str, ...]) -> float:
    try:
        return parse_time(value if isinstance(value, (int, float)) else str(value))
    except ValueError as exc:
        raise Invalid(f"the chapter's time: {exc}", subpath) from None


def url_problem(value: str) -> str | None:
    """Why ``value`` is not a web address a page may link to, or ``None``."""
    if not re.match(r"^(https?://[^\s/]+\S*|mailto:\S+)$", value):
        return f"`{value}` is not a web address; it must start with https://"
    return None


def _convert(convert: Converter, value: Any, ctx: FieldContext) -> Any:
    """``convert(value, ctx)``, unless YAML could not read the value (reported already)."""
    if ctx.path in ctx.doc.unreadable:
        raise AlreadyReported
    return convert(value, ctx)


def list_of(item: Converter, *, unique: bool = True, most: int | None = None) -> Converter:
    """A list of items (a single item is accepted as a one-item list), at most ``most``."""

    def convert(value: Any, ctx: FieldContext) -> tuple[Any, ...]:
        items = value if isinstance(value, list) else [value]
        if most is not None and len(items) > most:
            raise Invalid(f"lists {len(items)} items; the most is {most}")
        result: list[Any] = []
        for index, entry in enumerate(items):
            sub = (index,) if isinstance(value, list) else ()
            try:
                converted = _convert(item, entry, FieldContext(ctx.doc, (*ctx.path, *sub)))
            except Invalid as exc:
                raise Invalid(exc.message, (*sub, *exc.subpath)) from None
            if unique and converted in result:
                raise Invalid(f"`{converted}` is listed twice", sub)
            result.append(converted)
        return tuple(result)

    return convert


def record(fields: tuple[Field, ...], what: str) -> Converter:
    """A nested mapping such as ``{title: ..., url: ...}``; its first problem is raised."""

    def convert(value: Any, ctx: FieldContext) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise Invalid(f"each {what} must be a mapping like {_example(fields)}")
        known = {f.name for f in fields}
        for key in value:
            if key not in known:
                raise Invalid(f"unknown key `{key}` in {what}{did_you_mean(key, known)}", (key,))
        result: dict[str, Any] = {}
        for spec in fields:
            field_ctx = FieldContext(ctx.doc, (*ctx.path, spec.name))
            if field_ctx.path not in ctx.doc.unreadable and key_missing(value, spec.name):
                if spec.required:
                    raise Invalid(f"{what} has no `{spec.name}`")
                continue
            try:
                result[spec.name] = _convert(spec.convert, value.get(spec.name), field_ctx)
            except Invalid as exc:
                raise Invalid(f"{spec.name}: {exc.message}", (spec.name, *exc.subpath)) from None
        return result

    return convert


def _example(fields: tuple[Field, ...]) -> str:
    return "{" + ", ".join(f"{f.name}: ..." for f in fields) + "}"


def mapping_of_urls(value: Any, ctx: FieldContext) -> tuple[tuple[str, str], ...]:
    """``label: URL`` pairs, as in a person's ``links``."""
    if not isinstance(value, dict):
        raise Invalid("expected `label: https://...` lines")
    result = []
    for label, target in value.items():
        problem = text_problem(label)
        if problem is not None or len(label) > MAX_LINE_LENGTH:
            raise Invalid(
                f"the label {problem or f'is longer than {MAX_LINE_LENGTH} characters'}",
                (label,),
            )
        try:
            target_ctx = FieldContext(ctx.doc, (*ctx.path, label))
            result.append((label, _convert(url, target, target_ctx)))
        except Invalid as exc:
            raise Invalid(exc.message, (label,)) from None
    return tuple(result)


# Records ------------------------------------------------------------------------------

AWAY_FIELDS = (Field("from", day, required=True), Field("to", day, required=True))
LINK_FIELDS = (Field("title", text, required=True), Field("url", url, required=True))

PERSON_FIELDS = (
    Field("name", text, required=True),
    Field("role", text),
    Field("team", text),
    Field("bio", prose),
    Field("avatar", path_text),
    Field("links", mapping_of_urls),
    Field("joined", day),
    Field("left", day),
    Field("guest", boolean),
    Field("rotation", boolean),
    Field("away", list_of(record(AWAY_FIELDS, "away range"), unique=False)),
    Field("email", email_address),
)

#: What ``showcase announce --record`` writes: the announced date, time and place.
ANNOUNCED_FIELDS = (
    Field("date", day, required=True),
    Field("start", clock_time),
    Field("end", clock_time),
    Field("location", text),
    Field("cancelled", boolean),
    Field("sequence", whole_number),
)

EVENT_FIELDS = (
    Field("date", day, required=True),
    Field("start", clock_time),
    Field("end", clock_time),
    Field("title", text),
    Field("theme", text),
    Field("location", text),
    Field("stream", url),
    Field("recording", url),
    Field("host", identifier),
    Field("slots", positive_int),
    Field("speakers", list_of(identifier)),
    Field("cancelled", boolean),
    Field("notes", prose),
    Field("announced", record(ANNOUNCED_FIELDS, "announcement")),
)

TALK_FIELDS = (
    Field("title", text, required=True),
    Field("speakers", list_of(identifier, most=MAX_SPEAKERS), required=True),
    Field("event", text),
    Field("order", positive_int),
    Field("duration", positive_int),
    Field("summary", prose_of(MAX_SUMMARY_LENGTH)),
    Field("tags", list_of(line_of(MAX_TAG_LENGTH), most=MAX_TAGS)),
    Field("slides", path_text),
    Field("notebooks", list_of(path_text)),
    Field("video", file_or_url),
    Field("transcript", path_text),
    Field("transcript_auto", boolean),
    Field("chapters", list_of(chapter, unique=False, most=MAX_CHAPTERS)),
    Field("links", list_of(record(LINK_FIELDS, "link"), unique=False)),
    Field("cover", path_text),
    Field("draft", boolean),
)
