"""Problems written out for people (text), for pull requests (GitHub) and for tools (JSON)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

from showcase.loader import LoadResult
from showcase.problems import Problem, Severity

FORMATS = ("text", "github", "json")


@dataclass(frozen=True, slots=True)
class Counts:
    talks: int
    events: int
    people: int
    drafts: int = 0

    @classmethod
    def of(cls, result: LoadResult) -> Counts:
        archive = result.archive
        return cls(len(archive.talks), len(archive.events), len(archive.people), result.drafts)

    def __str__(self) -> str:
        text = (
            f"{_plural(self.talks, 'talk')}, {_plural(self.events, 'event')}, "
            f"{_plural(self.people, 'person', 'people')}"
        )
        return text + (f" ({_plural(self.drafts, 'draft')})" if self.drafts else "")


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def display_path(problem: Problem, prefix: str) -> str:
    """The problem's file as the user named the content folder (``content/talks/...``)."""
    path = problem.location.path
    if not prefix or prefix == ".":
        return path
    return f"{prefix.rstrip('/')}/{path}"


def summary_line(problems: Sequence[Problem], counts: Counts) -> str:
    errors = sum(1 for p in problems if p.is_error)
    warnings = sum(1 for p in problems if p.is_warning)
    notes = len(problems) - errors - warnings
    found = ", ".join(
        _plural(n, word)
        for n, word in ((errors, "error"), (warnings, "warning"), (notes, "note"))
        if n
    )
    return f"{found or 'No problems'} in {counts}."


def format_text(problems: Sequence[Problem], counts: Counts, prefix: str) -> str:
    lines = [_located(p, prefix) + f": {p.severity.value}: {p.message}" for p in problems]
    lines.append(summary_line(problems, counts))
    return "\n".join(lines)


#: GitHub's workflow command for each severity (a note is a "notice" there).
_GITHUB_COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.NOTE: "notice"}


def format_github(problems: Sequence[Problem], counts: Counts, prefix: str) -> str:
    """GitHub Actions workflow commands, so that each problem shows on its line in a PR."""
    lines = []
    for p in problems:
        props = [f"file={_escape_property(display_path(p, prefix))}"]
        if p.location.line is not None:
            props.append(f"line={p.location.line}")
            if p.location.column is not None:
                props.append(f"col={p.location.column}")
        props.append("title=showcase check")
        command = _GITHUB_COMMANDS[p.severity]
        lines.append(f"::{command} {','.join(props)}::{_escape_data(p.message)}")
    lines.append(summary_line(problems, counts))
    return "\n".join(lines)


def format_json(problems: Sequence[Problem], counts: Counts, prefix: str) -> str:
    payload = {
        "problems": [
            {
                "file": display_path(p, prefix),
                "line": p.location.line,
                "column": p.location.column,
                "severity": p.severity.value,
                "message": p.message,
            }
            for p in problems
        ],
        "errors": sum(1 for p in problems if p.is_error),
        "warnings": sum(1 for p in problems if p.is_warning),
        "notes": sum(1 for p in problems if p.severity is Severity.NOTE),
        "counts": {
            "talks": counts.talks,
            "events": counts.events,
            "people": counts.people,
            "drafts": counts.drafts,
        },
    }
    return json.dumps(payload, indent=2, ensure_ascii=False)


def _located(problem: Problem, prefix: str) -> str:
    parts = [display_path(problem, prefix)]
    if problem.location.line is not None:
        parts.append(str(problem.location.line))
        if problem.location.column is not None:
            parts.append(str(problem.location.column))
    return ":".join(parts)


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def render(fmt: str, problems: Sequence[Problem], counts: Counts, prefix: str) -> str:
    renderers = {"text": format_text, "github": format_github, "json": format_json}
    return renderers[fmt](problems, counts, prefix)
