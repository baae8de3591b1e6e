"""People on the roster who may be one person entered twice: ids or names nearly the same.

A typo in an id (``jordi-gutierrez-hermoso`` and ``jordi-guttierez-hermoso``) or a name
written once with and once without a middle name makes one person two on every page.
Only ``showcase check`` reports these, as warnings: they are a guess, two people may
well share a name, and the build has no way to be told so, so it does not repeat them.
"""

from __future__ import annotations

import difflib
import itertools
import re
import unicodedata
from collections.abc import Mapping

from showcase.model import Person
from showcase.problems import Problem, Severity

#: How alike (difflib's ratio) two ids or names must be. One letter changed in a
#: 12-letter id is 0.92; short ids, where one letter makes another name (``bo-chen``,
#: ``bo-chan``), stay below it.
SIMILARITY = 0.92
_NOT_LETTERS = re.compile(r"[\W_]+")


def lookalike_problems(people: Mapping[str, Person]) -> list[Problem]:
    """A warning for each pair of people whose ids or names are nearly the same, at the
    later of the two in the roster, naming the other with its file and line."""
    found = []
    ordered = sorted(people.values(), key=lambda p: (p.source.path, p.source.line or 0, p.id))
    plain = {person.id: _plain(person.name) for person in ordered}
    for first, second in itertools.combinations(ordered, 2):
        why = _why_alike(first, second, plain[first.id], plain[second.id])
        if why:
            found.append(
                Problem(
                    second.source,
                    Severity.WARNING,
                    f"`{second.id}` ({second.name}) and `{first.id}` ({first.name}, "
                    f"{first.source}) have {why}: if they are one person, keep one id and "
                    "change the talks and events that name the other",
                )
            )
    return found


def _why_alike(a: Person, b: Person, name_a: str, name_b: str) -> str:
    """Why ``a`` and ``b`` (with their names made plain) may be one person, or ""."""
    if _alike(a.id, b.id):
        return "nearly the same id"
    if name_a == name_b:
        return "the same name"
    if _alike(name_a, name_b):
        return "nearly the same name"
    if _but_middle_names(name_a.split(), name_b.split()):
        return "the same name but for a middle name"
    return ""


def _alike(a: str, b: str) -> bool:
    # The ratio is at most twice the shorter length over both: most pairs end here,
    # before a matcher is made.
    if 2 * min(len(a), len(b)) < SIMILARITY * (len(a) + len(b)):
        return False
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    # The quick ratios are upper bounds: most pairs are ruled out without the real one.
    return (
        matcher.real_quick_ratio() >= SIMILARITY
        and matcher.quick_ratio() >= SIMILARITY
        and matcher.ratio() >= SIMILARITY
    )


def _plain(name: str) -> str:
    """A name in lower case, without accents or punctuation: ``José  O'Neil`` -> ``jose o neil``."""
    letters = "".join(
        c for c in unicodedata.normalize("NFKD", name.casefold()) if not unicodedata.combining(c)
    )
    return " ".join(_NOT_LETTERS.sub(" ", letters).split())


def _but_middle_names(a: list[str], b: list[str]) -> bool:
    """``christopher webber`` and ``christopher allan webber``: the same first and last
    word, and the shorter name's words all in the longer one, in order."""
    short, long = sorted((a, b), key=len)
    if len(short) < 2 or len(short) == len(long):
        return False
    if short[0] != long[0] or short[-1] != long[-1]:
        return False
    rest = iter(long)
    return all(word in rest for word in short)
