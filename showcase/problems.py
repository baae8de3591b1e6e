"""Problems found in a content folder: what is wrong, where, and how bad."""

from __future__ import annotations

import difflib
import enum
from collections.abc import Iterable, Iterator
from dataclasses import dataclass


class Severity(enum.StrEnum):
    """How a problem affects a build: errors stop it, warnings fail only ``--strict``."""

    ERROR = "error"
    WARNING = "warning"


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

    def extend(self, problems: Iterable[Problem]) -> None:
        self._items.extend(problems)

    def sorted(self) -> tuple[Problem, ...]:
        return tuple(sorted(self._items, key=Problem.sort_key))

    @property
    def errors(self) -> int:
        return sum(1 for p in self._items if p.is_error)

    @property
    def warnings(self) -> int:
        return len(self._items) - self.errors

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
