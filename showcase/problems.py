"""Problems found in a content folder: what is wrong, where, and how bad."""

from __future__ import annotations

import difflib
import enum
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass


class Severity(enum.StrEnum):
    """How a problem affects a build: errors stop it, warnings fail only ``--strict``,
    notes fail nothing (they say what the build did with something that changes with
    the date, so that time passing never breaks a build that passed)."""

    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"


@dataclass(frozen=True, slots=True, order=True)
class Location:
    """A place in the content folder: a path relative to it, and a 1-based line and column."""

    path: str
    line: int | None = None
    column: int | None = None

    def at(self, line: int | None, column: int | None = None) -> Location:
        """The same file at another line."""
        return Location(self.path, line, column)

    def __str__(self) -> str:
        parts = [self.path]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with the content, phrased for the person who has to fix it."""

    location: Location
    severity: Severity
    message: str

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    @property
    def is_warning(self) -> bool:
        return self.severity is Severity.WARNING

    def sort_key(self) -> tuple[str, int, int, str]:
        loc = self.location
        return (loc.path, loc.line or 0, loc.column or 0, self.message)

    def __str__(self) -> str:
        return f"{self.location}: {self.severity.value}: {self.message}"


class Problems:
    """An ordered collection that every check appends to, so all problems are reported at once."""

    def __init__(self) -> None:
        self._items: list[Problem] = []

    def error(self, location: Location, message: str) -> None:
        self._items.append(Problem(location, Severity.ERROR, message))

    def warning(self, location: Location, message: str) -> None:
        self._items.append(Problem(location, Severity.WARNING, message))

    def note(self, location: Location, message: str) -> None:
        self._items.append(Problem(location, Severity.NOTE, message))

    def extend(self, problems: Iterable[Problem]) -> None:
        self._items.extend(problems)

    def sorted(self) -> tuple[Problem, ...]:
        return tuple(sorted(self._items, key=Problem.sort_key))

    @property
    def errors(self) -> int:
        return sum(1 for p in self._items if p.is_error)

    @property
    def warnings(self) -> int:
        return sum(1 for p in self._items if p.is_warning)

    def __iter__(self) -> Iterator[Problem]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)


def closest(word: str, candidates: Iterable[str]) -> str | None:
    """The candidate nearest to a misspelt ``word``, if one is near enough to suggest."""
    pool = list(candidates)
    matches = difflib.get_close_matches(word, pool, n=1, cutoff=0.6)
    if matches:
        return matches[0]
    lowered = {c.lower(): c for c in pool}
    return lowered.get(word.lower())


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """``"; did you mean `x`?"`` when a close candidate exists, else an empty string."""
    match = closest(word, candidates)
    return f"; did you mean `{match}`?" if match else ""


def _folded(text: str) -> str:
    """``text`` in lowercase without accents, for matching names as people type them."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def person_hint(text: str, names: Mapping[str, str], otherwise: str = "") -> str:
    """A suggestion for a person id that is not on the roster (``names``: id -> name).

    The nearest id when one is near (a typo); else the people whose name or id holds what
    was written as a whole word (a first name, or the name instead of the id); else
    ``otherwise``.
    """
    near = did_you_mean(text, names)
    if near:
        return near
    wanted = _folded(text).replace("-", " ").split()
    if wanted:
        found = [
            pid
            for pid, name in names.items()
            if _holds(_folded(name).split(), wanted) or _holds(pid.split("-"), wanted)
        ]
        if len(found) == 1:
            return f"; did you mean `{found[0]}` ({names[found[0]]})?"
        if found:
            listed = ", ".join(f"`{pid}`" for pid in found[:5])
            more = f" (and {len(found) - 5} more)" if len(found) > 5 else ""
            return f"; did you mean one of {listed}{more}?"
    return otherwise


def _holds(words: list[str], wanted: list[str]) -> bool:
    """Whether ``wanted`` appears in ``words`` as consecutive whole words."""
    size = len(wanted)
    return any(words[i : i + size] == wanted for i in range(len(words) - size + 1))
