"""Plain text as the exported formats accept it, and the names they show."""

from __future__ import annotations

import re
from collections.abc import Iterable

from showcase.model import Archive

# Control characters are invalid in XML 1.0 and in iCalendar TEXT values (tab and line
# breaks aside), and lxml refuses them outright; a stray one in a title must not break
# the whole feed, so they are dropped.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def clean_text(text: str) -> str:
    """``text`` without the control characters that XML and iCalendar forbid."""
    return _FORBIDDEN.sub("", text)


def person_name(archive: Archive, person_id: str) -> str:
    """A person's name; the id when the roster lacks them (an archive read with errors)."""
    person = archive.people.get(person_id)
    return person.name if person is not None else person_id


def names_of(archive: Archive, person_ids: Iterable[str]) -> str:
    """People's names joined for reading: ``A``, ``A and B``, ``A, B and C``."""
    names = [person_name(archive, pid) for pid in person_ids]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]
