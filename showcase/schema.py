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
from showcase.problems import Problems, did_you_mean

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ID_RULE = "lowercase letters, digits and single hyphens, like `ana-lima`"


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


def text(value: Any, ctx: FieldContext) -> str:
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
    result = text(value, ctx)
    if not ID_PATTERN.match(result):
        raise Invalid(f"`{result}` is not a valid id: use {ID_RULE}")
    return result


def url(value: Any, ctx: FieldContext) -> str:
    result = text(value, ctx)
    if not re.match(r"^(https?://[^\s/]+\S*|mailto:\S+)$", result):
        raise Invalid(f"`{result}` is not a web address; it must start with https://")
    return result


def _convert(convert: Converter, value: Any, ctx: FieldContext) -> Any:
    """``convert(value, ctx)``, unless YAML could not read the value (reported already)."""
    if ctx.path in ctx.doc.unreadable:
        raise AlreadyReported
    return convert(value, ctx)


def list_of(item: Converter, *, unique: bool = True) -> Converter:
    """A list of items (a single item is accepted as a one-item list)."""

    def convert(value: Any, ctx: FieldContext) -> tuple[Any, ...]:
        items = value if isinstance(value, list) else [value]
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
    Field("bio", text),
    Field("avatar", text),
    Field("links", mapping_of_urls),
    Field("joined", day),
    Field("left", day),
    Field("guest", boolean),
    Field("rotation", boolean),
    Field("away", list_of(record(AWAY_FIELDS, "away range"), unique=False)),
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
    Field("notes", text),
)

TALK_FIELDS = (
    Field("title", text, required=True),
    Field("speakers", list_of(identifier), required=True),
    Field("event", text),
    Field("order", positive_int),
    Field("duration", positive_int),
    Field("summary", text),
    Field("tags", list_of(text)),
    Field("slides", text),
    Field("notebooks", list_of(text)),
    Field("video", url),
    Field("links", list_of(record(LINK_FIELDS, "link"), unique=False)),
    Field("cover", text),
    Field("draft", boolean),
)
