"""Text files and the YAML inside them, parsed with the line and column of every value.

PyYAML's ``safe_load`` forgets where a value came from and lets a duplicate key silently
overwrite the first one. Showcase composes the node tree instead, builds the Python values
itself and keeps a position for every key and item, so that each problem can name its line.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from frontmatter.default_handlers import YAMLHandler

from showcase.problems import Location, Problems

Key = str | int
KeyPath = tuple[Key, ...]

_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_BOUNDARY: re.Pattern[str] = YAMLHandler.FM_BOUNDARY

# Aliases can expand a small text into a huge tree ("billion laughs"); content files are
# small, so a generous cap costs nothing and keeps a hostile file from hanging a build.
MAX_NODES = 50_000
#: Levels of lists and mappings inside one another. Showcase's own fields nest four deep
#: (a person's ``away`` ranges); building values hundreds deep would exhaust Python's
#: recursion.
MAX_DEPTH = 32
_STR_TAG = "tag:yaml.org,2002:str"
_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"


@dataclass(frozen=True, slots=True)
class YamlDoc:
    """A parsed YAML document and where each of its values stands in the file."""

    data: Any
    origin: Location
    values: Mapping[KeyPath, tuple[int, int]] = field(default_factory=dict)
    keys: Mapping[KeyPath, tuple[int, int]] = field(default_factory=dict)
    raw: Mapping[KeyPath, str] = field(default_factory=dict)
    #: Scalars YAML could not turn into values (reported already; their value is ``None``).
    unreadable: frozenset[KeyPath] = frozenset()
    #: Scalars written as literal blocks (``|``): their lines are the file's lines.
    literal: frozenset[KeyPath] = frozenset()

    def where(self, path: KeyPath) -> Location:
        """The location of the value at ``path``, or of its nearest parent that has one."""
        return self._find(self.values, path)

    def where_line(self, path: KeyPath, line: int) -> Location:
        """Where line ``line`` (counted from 0) of the text at ``path`` is: its own line
        when the text is a literal block (``|``), else the value's first line."""
        where = self.where(path)
        if path in self.literal and where.line is not None:
            return where.at(where.line + 1 + line)
        return where

    def where_key(self, path: KeyPath) -> Location:
        """The location of the key that introduces ``path`` (its line, not its value's)."""
        return self._find(self.keys, path) if path in self.keys else self.where(path)

    def raw_scalar(self, path: KeyPath) -> str | None:
        """The scalar exactly as written, before YAML gave it a type."""
        return self.raw.get(path)

    def _find(self, table: Mapping[KeyPath, tuple[int, int]], path: KeyPath) -> Location:
        for end in range(len(path), -1, -1):
            found = table.get(path[:end])
            if found is not None:
                return self.origin.at(*found)
        return self.origin


@dataclass(frozen=True, slots=True)
class TextFile:
    """A text file decoded as UTF-8 with newlines normalised to ``\\n``."""

    location: Location
    text: str


@dataclass(frozen=True, slots=True)
class FrontMatterPage:
    """A Markdown file split into its front matter document and its body."""

    meta: YamlDoc | None
    body: str
    body_line: int


def read_text(path: Path, location: Location, problems: Problems) -> TextFile | None:
    """Read ``path`` as UTF-8 text, accepting a byte-order mark and CRLF line endings."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        problems.error(location, f"cannot read the file: {exc.strerror or exc}")
        return None
    return decode_text(data, location, problems)


def decode_text(data: bytes, location: Location, problems: Problems) -> TextFile | None:
    """``data`` as UTF-8 text, as ``read_text`` reads a file (``None`` after a problem)."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        # Editors count characters, not bytes; everything before the bad byte decodes.
        column = len(data[line_start : exc.start].decode("utf-8", errors="replace")) + 1
        problems.error(
            location.at(line, column),
            f"the file is not UTF-8 text (byte 0x{data[exc.start]:02X}); "
            "save it with UTF-8 encoding",
        )
        return None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return TextFile(location, text)


def parse_yaml(
    text: str, origin: Location, problems: Problems, line_offset: int = 0
) -> YamlDoc | None:
    """Parse one YAML document; syntax problems are reported and give ``None``.

    ``line_offset`` is the number of file lines before ``text`` starts (front matter).
    """
    builder = _Builder(origin, line_offset, problems)
    try:
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        tab = _tab_to_blame(text, mark.line, _yaml_reason(exc)) if mark else None
        if tab is not None:
            line, column = tab
            problems.error(
                origin.at(line + 1 + line_offset, column + 1),
                "YAML does not parse: a tab character at this line and column; YAML indents "
                "and separates with spaces only, so replace the tab with spaces (YAML says: "
                f"{_yaml_reason(exc)})",
            )
            return None
        where = origin.at(mark.line + 1 + line_offset, mark.column + 1) if mark else origin
        problems.error(where, f"YAML does not parse: {_yaml_reason(exc)}{_yaml_hint(exc, text)}")
        return None
    except yaml.reader.ReaderError:
        problems.error(*_unprintable(text, origin, line_offset))
        return None
    except yaml.YAMLError as exc:
        problems.error(origin, f"YAML does not parse: {exc}")
        return None
    except RecursionError:  # PyYAML's own parser, without libyaml, recurses per level
        problems.error(origin.at(line_offset + 1), _too_deep())
        return None
    if node is None:
        return YamlDoc(None, origin.at(line_offset + 1))
    data = builder.build(node, (), loader)
    return YamlDoc(
        data,
        origin.at(line_offset + 1),
        builder.values,
        builder.keys,
        builder.raw,
        frozenset(builder.unreadable),
        frozenset(builder.literal),
    )


#: What YAML refuses to read anywhere in a file (its "printable" set, inverted).
_UNPRINTABLE = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)


def _unprintable(text: str, origin: Location, line_offset: int) -> tuple[Location, str]:
    """Where the first character YAML refuses stands, and what to do about it.

    PyYAML reports it with an offset into its own buffer, not a line."""
    found = _UNPRINTABLE.search(text)
    if found is None:
        return origin, "YAML does not parse: it holds a character YAML does not allow"
    line_start = text.rfind("\n", 0, found.start()) + 1
    line = text.count("\n", 0, found.start()) + 1 + line_offset
    column = found.start() - line_start + 1
    code = ord(found.group())
    what = "a NUL byte (U+0000)" if code == 0 else f"the control character U+{code:04X}"
    if 0xD800 <= code <= 0xDFFF or code in (0xFFFE, 0xFFFF):
        what = f"U+{code:04X}, which is not a character"
    return origin.at(line, column), f"the file holds {what}, which YAML does not allow; remove it"


def split_front_matter(source: TextFile, problems: Problems) -> FrontMatterPage | None:
    """Split a Markdown file into front matter and body, reporting a malformed header."""
    text = source.text
    if not text.strip():
        problems.error(
            source.location.at(1),
            "the file is empty; start it with front matter between `---` lines "
            "giving at least `title` and `speakers`",
        )
        return None
    if not YAMLHandler().detect(text):
        problems.error(
            source.location.at(1),
            "no front matter: the file must start with a `---` line, then the talk's fields "
            "(`title`, `speakers`, ...), then another `---` line",
        )
        return None
    # Only the first two boundaries matter; the body may be long.
    boundaries = list(itertools.islice(_BOUNDARY.finditer(text), 2))
    if len(boundaries) < 2:
        problems.error(
            source.location.at(1),
            "the front matter opened on line 1 is never closed; add a `---` line after it",
        )
        return None
    opening, closing = boundaries[0], boundaries[1]
    # The boundary pattern may swallow blank lines after `---`; count lines from the text.
    yaml_text = text[opening.end() : closing.start()]
    yaml_offset = text.count("\n", 0, opening.end())
    body_start = closing.end()
    if body_start < len(text) and text[body_start] == "\n":
        body_start += 1
    body_line = text.count("\n", 0, body_start) + 1
    meta = parse_yaml(yaml_text, source.location, problems, line_offset=yaml_offset)
    if meta is None:
        return FrontMatterPage(None, text[body_start:], body_line)
    return FrontMatterPage(meta, text[body_start:], body_line)


#: The start of a line YAML reads as indentation: spaces, tabs and list dashes.
_INDENT = re.compile(r"[ \t-]*")


#: YAML's reasons that a tab outside the indentation may be behind.
_TAB_REASONS = ("tab", "cannot start any token", "could not find expected ':'")


def _tab_to_blame(text: str, error_line: int, reason: str) -> tuple[int, int] | None:
    """The line and column (from 0) of the tab that most likely broke the YAML around
    ``error_line``: the first tab in the indentation of a line up to the one after the
    error (PyYAML often notices one line late), else, when YAML's reason fits, a tab on
    the error's line or the one before. Editors insert tabs unseen, and YAML's words
    ("found character that cannot start any token", "could not find expected ':'")
    never say "tab"."""
    lines = text.split("\n")
    for number, line in enumerate(lines[: error_line + 2]):
        indent = _INDENT.match(line)
        if indent is not None and "\t" in indent.group():
            return number, indent.group().index("\t")
    if any(words in reason for words in _TAB_REASONS):
        for number in (error_line, error_line - 1):
            if 0 <= number < len(lines) and "\t" in lines[number]:
                return number, lines[number].index("\t")
    return None


def _yaml_reason(exc: yaml.MarkedYAMLError) -> str:
    reason = exc.problem or exc.context or "invalid YAML"
    if exc.context and exc.problem:
        reason = f"{exc.problem} ({exc.context})"
    return reason


def _not_valid(tag: str, detail: str = "") -> str:
    """Why a scalar YAML typed by ``tag`` could not be built, like "is not a valid date"."""
    if tag == _TIMESTAMP_TAG:
        # Dates are the usual case (`2027-02-30`); PyYAML's detail says what is wrong.
        return f"is not a valid date: {detail}" if detail else "is not a valid date"
    return f"is not a valid `!!{tag.rsplit(':', 1)[-1]}` value"


def _field_prefix(path: KeyPath) -> str:
    """``"`date`: "`` for the field a value belongs to, the nearest name on its path.

    The same prefix that ``showcase.schema`` puts before a problem with a field's value, so
    that a date YAML cannot read reads like a date the field rejects.
    """
    name = next((key for key in reversed(path) if isinstance(key, str)), None)
    return f"`{name}`: " if name is not None else ""


_PLAIN_ENTRY = re.compile(
    r"""^\s*(?:-\s+)?                     # an optional list dash
    ([^\s:\#'"\[\]{},][^:\#]*?):[\ \t]+  # a plain key, then `: `
    ([^\s'"\[{|>&*!\#%@`].*)$            # a plain value: not quoted, not a list or mapping
    """,
    re.VERBOSE,
)
_TRAILING_COMMENT = re.compile(r"\s+#.*$")
_COLON_EXAMPLE = '`title: "Pandas: the good parts"`'


def _yaml_hint(exc: yaml.MarkedYAMLError, text: str) -> str:
    """How to fix the syntax mistake people make most: a plain value holding ``: ``.

    PyYAML calls it "mapping values are not allowed here" (libyaml: "in this context"),
    which says nothing to someone who wrote ``title: Pandas: the good parts``.
    """
    mark = exc.problem_mark
    if mark is None or not (exc.problem or "").startswith("mapping values are not allowed"):
        return ""
    lines = text.split("\n")
    entry = _PLAIN_ENTRY.match(lines[mark.line]) if mark.line < len(lines) else None
    if entry is None or mark.column < entry.start(2):
        return f"; if a value contains `: `, put it in quotes, like {_COLON_EXAMPLE}"
    value = _TRAILING_COMMENT.sub("", entry[2]).rstrip()
    quoted = '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return f"; a value that contains `: ` must be in quotes: `{entry[1]}: {quoted}`"


class _TooLarge(Exception):
    pass


def _too_deep() -> str:
    return (
        f"the YAML nests lists or mappings more than {MAX_DEPTH} levels deep; "
        "Showcase's fields nest four at most"
    )


class _Builder:
    """Turns a composed node tree into Python values, recording positions on the way."""

    def __init__(self, origin: Location, line_offset: int, problems: Problems) -> None:
        self.origin = origin
        self.offset = line_offset
        self.problems = problems
        self.values: dict[KeyPath, tuple[int, int]] = {}
        self.keys: dict[KeyPath, tuple[int, int]] = {}
        self.raw: dict[KeyPath, str] = {}
        self.unreadable: set[KeyPath] = set()
        self.literal: set[KeyPath] = set()
        self._count = 0
        self._active: set[int] = set()
        self._reported_size = False
        self._reported_depth = False

    def build(self, node: yaml.Node, path: KeyPath, loader: yaml.SafeLoader) -> Any:
        try:
            return self._build(node, path, loader)
        except _TooLarge:
            return None

    def _mark(self, node: yaml.Node) -> tuple[int, int]:
        return (node.start_mark.line + 1 + self.offset, node.start_mark.column + 1)

    def _build(self, node: yaml.Node, path: KeyPath, loader: yaml.SafeLoader) -> Any:
        self._count += 1
        if self._count > MAX_NODES:
            if not self._reported_size:
                self._reported_size = True
                self.problems.error(
                    self.origin.at(*self._mark(node)),
                    f"the YAML expands to more than {MAX_NODES} values (aliases?); simplify it",
                )
            raise _TooLarge
        self.values.setdefault(path, self._mark(node))
        if len(path) > MAX_DEPTH:
            return self._too_deep(node, path)
        if id(node) in self._active:
            self.problems.error(
                self.origin.at(*self._mark(node)), "a YAML alias refers to itself; remove it"
            )
            return None
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node, path, loader)
        self._active.add(id(node))
        try:
            if isinstance(node, yaml.SequenceNode):
                return [self._build(item, (*path, i), loader) for i, item in enumerate(node.value)]
            return self._mapping(node, path, loader)
        finally:
            self._active.discard(id(node))

    def _too_deep(self, node: yaml.Node, path: KeyPath) -> None:
        """Leave the value out; every value on its path counts as reported, so that the
        field it belongs to is not reported again as holding the wrong type."""
        if not self._reported_depth:
            self._reported_depth = True
            self.problems.error(self.origin.at(*self._mark(node)), _too_deep())
        self.unreadable.update(path[:end] for end in range(1, len(path) + 1))

    def _scalar(self, node: yaml.ScalarNode, path: KeyPath, loader: yaml.SafeLoader) -> Any:
        self.raw[path] = node.value
        if node.style == "|":
            self.literal.add(path)
        if node.tag == _STR_TAG:
            # Most scalars are text; skipping the constructor halves the time of a load.
            return node.value
        try:
            return loader.construct_object(node, deep=True)
        except yaml.MarkedYAMLError as exc:
            # A tag Showcase does not build (`!!python/object`, `!foo`) or bad `!!binary`.
            reason = f"cannot be read: {exc.problem or exc}"
        except (yaml.YAMLError, ValueError, OverflowError, TypeError) as exc:
            reason = _not_valid(node.tag, str(exc))
        except (AttributeError, KeyError, IndexError):
            # PyYAML's safe constructors fail this way on a value that does not fit an
            # explicit tag: `!!timestamp nope`, `!!bool maybe`, `!!int ""`.
            reason = _not_valid(node.tag)
        self.unreadable.add(path)
        self.problems.error(
            self.origin.at(*self._mark(node)),
            f"{_field_prefix(path)}`{node.value}` {reason}",
        )
        return None

    def _mapping(self, node: yaml.Node, path: KeyPath, loader: yaml.SafeLoader) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            where = self._mark(key_node)
            if not isinstance(key_node, yaml.ScalarNode):
                self.problems.error(self.origin.at(*where), "a key must be a plain name")
                continue
            # Keys are names (fields, person ids): keep them as written, so that `2024:` or
            # `no:` stay the strings the author typed instead of becoming numbers or booleans.
            key = key_node.value
            if key in first_seen:
                self.problems.error(
                    self.origin.at(*where),
                    f"duplicate key `{key}` (first given on line {first_seen[key]}); keep only one",
                )
                continue
            first_seen[key] = where[0]
            self.keys[(*path, key)] = where
            result[key] = self._build(value_node, (*path, key), loader)
        return result
