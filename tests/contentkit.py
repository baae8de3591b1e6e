"""Build small, real content folders for tests, and look at what the loader says about them.

A test writes only the files it is about; ``ContentKit.standard()`` lays down a valid
roster and three events around ``TODAY`` for the tests that need people and events to
refer to. Files given as text are written byte for byte (no newline translation), so
that tests about CRLF, byte-order marks and bad bytes mean what they say.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from showcase import LoadResult, Problem, Severity, load_archive
from showcase.settings import Settings


def _find_chipy() -> Path:
    if os.environ.get("SHOWCASE_CHIPY"):
        return Path(os.environ["SHOWCASE_CHIPY"])
    # The shared corpora sit beside the repository, in CI as on a developer's machine.
    return Path(__file__).resolve().parents[2] / "shared" / "corpora" / "chipy"


#: A real archive (78 talks, 36 events, 58 people), from ``../shared/corpora/chipy``.
CHIPY = _find_chipy()


def require_chipy() -> Path:
    """The ChiPy corpus; skips the test without it, but fails in CI, where it must run."""
    import pytest

    if not CHIPY.is_dir():
        reason = f"the ChiPy corpus is not at {CHIPY} (set SHOWCASE_CHIPY)"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    return CHIPY


#: The day every test judges past and upcoming by, unless it says otherwise.
TODAY = date(2026, 11, 1)

#: The roster of ``ContentKit.standard()``.
PEOPLE_YML = """\
ana-lima:
  name: Ana Lima
  team: Platform
bo-chen:
  name: Bo Chen
carla-diaz:
  name: Carla Diaz
  role: Engineering Manager
"""

#: One past and two upcoming events relative to ``TODAY``.
EVENTS: dict[str, str] = {
    "2026-10": "date: 2026-10-15\n",
    "2026-11": "date: 2026-11-19\nstart: '16:00'\nend: '17:00'\nslots: 3\n",
    "2026-12": "date: 2026-12-17\n",
}

Text = str | bytes
Fields = Mapping[str, Any]


class ContentKit:
    """A content folder under construction in a temporary directory."""

    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)

    # Writing ----------------------------------------------------------------------------

    def write(self, relative: str, content: Text) -> Path:
        """Write ``content`` to ``relative`` exactly as given (text is encoded as UTF-8)."""
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        return path

    def people(self, people: Fields | Text) -> Path:
        """``people.yml`` from a mapping of id to fields, or from its text."""
        return self.write("people.yml", _yaml_text(people))

    def event(self, event_id: str, fields: Fields | Text) -> Path:
        """``events/<event_id>.yml`` from fields or text."""
        return self.write(f"events/{event_id}.yml", _yaml_text(fields))

    def talk(
        self,
        slug: str,
        meta: Fields | Text,
        body: str = "A writeup of the talk.\n",
        files: Mapping[str, Text] | None = None,
    ) -> Path:
        """``talks/<slug>/index.md`` with front matter (fields or text) and a body.

        Text front matter is placed between ``---`` lines as is: line 2 of the file is
        its first line. ``files`` are attachments written beside ``index.md``.
        """
        front = _yaml_text(meta)
        if isinstance(front, bytes):
            front = front.decode("utf-8")
        if not front.endswith("\n"):
            front += "\n"
        index = self.write(f"talks/{slug}/index.md", f"---\n{front}---\n\n{body}")
        for name, content in (files or {}).items():
            self.write(f"talks/{slug}/{name}", content)
        return index

    def standard(self) -> ContentKit:
        """A valid roster (ana-lima, bo-chen, carla-diaz) and events 2026-10/11/12."""
        self.people(PEOPLE_YML)
        for event_id, text in EVENTS.items():
            self.event(event_id, text)
        return self

    # Reading ----------------------------------------------------------------------------

    def load(
        self,
        *,
        today: date | str | None = TODAY,
        settings: Settings | None = None,
        include_drafts: bool = False,
    ) -> LoadResult:
        return load_archive(
            self.root, today=today, settings=settings, include_drafts=include_drafts
        )


def _yaml_text(value: Fields | Text) -> Text:
    if isinstance(value, (str, bytes)):
        return value
    return yaml.safe_dump(dict(value), sort_keys=False, allow_unicode=True)


# Looking at problems ----------------------------------------------------------------------


def described(result: LoadResult) -> list[str]:
    """Every problem as ``showcase check`` prints it: ``path:line:col: severity: message``."""
    return [str(problem) for problem in result.problems]


def the_problem(result: LoadResult) -> Problem:
    """The one and only problem of ``result`` (fails, listing them, if there are others)."""
    assert len(result.problems) == 1, described(result)
    return result.problems[0]


def assert_single_problem(
    result: LoadResult,
    where: str,
    *fragments: str,
    severity: Severity = Severity.ERROR,
) -> Problem:
    """Assert ``result`` has exactly one problem, at ``where`` (``path:line:col``), saying
    every one of ``fragments``."""
    problem = the_problem(result)
    assert str(problem.location) == where, described(result)
    assert problem.severity is severity, described(result)
    for fragment in fragments:
        assert fragment in problem.message, (fragment, problem.message)
    return problem


def problem_at(result: LoadResult, where: str) -> Problem:
    """The single problem at ``where`` among several."""
    found = [p for p in result.problems if str(p.location) == where]
    assert len(found) == 1, (where, described(result))
    return found[0]
