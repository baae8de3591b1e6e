"""Write an event's ``speakers:`` into its ``events/YYYY-MM.yml``, leaving the rest alone.

Event files are written by hand and reviewed in pull requests, so a rewrite must change the
speakers and nothing else: not a comment, a quote, an indentation or a line ending.
Dumping the file again, even with ruamel.yaml's round-trip mode, normalises spacing after
colons, sequence indentation, CRLF line endings and document markers. So the file is parsed
with ruamel.yaml's round-trip parser only to find where the ``speakers`` value stands, that
stretch of text is replaced, and the result is parsed again to prove that nothing but the
speakers changed.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError as RuamelError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

SPEAKERS = "speakers"
_BOM = "\ufeff"


class EventFileError(ValueError):
    """An event file whose ``speakers:`` cannot be rewritten safely."""


def write_speakers(path: Path, speakers: Sequence[str]) -> bool:
    """Set the event file's ``speakers:`` to ``speakers``, touching nothing else.

    Args:
        path: The event file, ``events/YYYY-MM.yml``.
        speakers: Person ids in the order they should be listed.

    Returns:
        Whether the file changed; a file that already says the same is not written.

    Raises:
        EventFileError: The file cannot be read, or has no mapping to put speakers in.
    """
    try:
        original = path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise EventFileError(f"{path}: cannot read it: {exc}") from None
    try:
        updated = with_speakers(original, speakers)
    except EventFileError as exc:
        raise EventFileError(f"{path}: {exc}") from None
    if updated == original:
        return False
    path.write_bytes(updated.encode("utf-8"))
    return True


def with_speakers(text: str, speakers: Sequence[str]) -> str:
    """The text of an event file with its ``speakers:`` set to ``speakers``.

    An existing value is replaced where it stands, in its own style (``[a, b]`` or a block
    list); a file without the key gets ``speakers: [a, b]`` after its last key. A byte-order
    mark and CRLF line endings are kept.

    Raises:
        EventFileError: The text is not a YAML mapping.
    """
    bom = _BOM if text.startswith(_BOM) else ""
    body = text[len(bom) :]
    crlf = "\r\n" in body
    if crlf:
        body = body.replace("\r\n", "\n")
    updated = _splice(body, list(speakers))
    if crlf:
        updated = updated.replace("\n", "\r\n")
    return bom + updated


def _splice(text: str, speakers: list[str]) -> str:
    root = _compose(text)
    entries: list[tuple[Node, Node]] = root.value
    for key, value in entries:
        if isinstance(key, ScalarNode) and key.value == SPEAKERS:
            updated = _replace_value(text, key, value, speakers)
            break
    else:
        updated = _append_key(text, entries, speakers)
    _check_only_speakers_changed(text, updated, speakers)
    return updated


def _compose(text: str) -> MappingNode:
    try:
        root = YAML(typ="rt").compose(text)
    except RuamelError as exc:
        raise EventFileError(f"YAML does not parse: {exc}") from None
    if not isinstance(root, MappingNode):
        raise EventFileError("an event file must be a mapping of fields")
    return root


def _replace_value(text: str, key: Node, value: Node, speakers: list[str]) -> str:
    if isinstance(value, SequenceNode) and not value.flow_style and value.value:
        # A block list: keep its indentation, one `- id` per line. Its end mark runs on
        # over the comments and blank lines after it, so stop at the last item instead.
        indent = " " * value.start_mark.column
        block = f"\n{indent}".join(f"- {_scalar(pid)}" for pid in speakers)
        if not speakers:
            block = "[]"
        start, end = value.start_mark.index, value.value[-1].end_mark.index
        return text[:start] + block + text[end:]
    start, end = value.start_mark.index, value.end_mark.index
    if start == end:
        # `speakers:` with nothing after it: the empty value's mark points at the next
        # line, so write right after the colon instead.
        colon = text.index(":", key.end_mark.index)
        return text[: colon + 1] + " " + _flow(speakers) + text[colon + 1 :]
    return text[:start] + _flow(speakers) + text[end:]


def _append_key(text: str, entries: list[tuple[Node, Node]], speakers: list[str]) -> str:
    line = f"{SPEAKERS}: {_flow(speakers)}\n"
    if not entries:
        return text + ("\n" if text and not text.endswith("\n") else "") + line
    end = entries[-1][1].end_mark.index
    # The last value may end mid-line (a plain scalar, perhaps with a comment after it) or
    # at the start of the next line (a block value): the new key starts on a line of its own.
    if end > 0 and text[end - 1] != "\n":
        newline = text.find("\n", end)
        if newline == -1:
            return text + "\n" + line
        end = newline + 1
    return text[:end] + line + text[end:]


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


def _check_only_speakers_changed(before: str, after: str, speakers: list[str]) -> None:
    """Guard against a splice that broke the file: the data must differ only in speakers."""
    old, new = _plain_data(before), _plain_data(after)
    expected = {**old, SPEAKERS: speakers}
    if new != expected or list(new) != list(expected):
        raise EventFileError(
            "could not rewrite `speakers:` without changing something else; edit it by hand"
        )


def _plain_data(text: str) -> dict[str, Any]:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise EventFileError(f"YAML does not parse: {exc}") from None
    if not isinstance(data, dict):
        raise EventFileError("an event file must be a mapping of fields")
    return data
