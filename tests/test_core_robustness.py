"""Whatever is in the files, the loader answers with problems, never with a traceback."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from contentkit import ContentKit
from hypothesis import given, settings
from hypothesis import strategies as st

from showcase import LoadResult, Problem, Severity
from showcase.report import FORMATS, Counts, render
from showcase.schema import EVENT_FIELDS, PERSON_FIELDS, TALK_FIELDS
from showcase.settings import Settings

FAST = settings(max_examples=200, deadline=None)

# Text that exercises the YAML reader's corners: anchors and aliases, explicit tags
# (including the unsafe python ones), merge keys, flow and block styles, directives,
# tabs, odd line breaks, bidi and zero-width characters, huge and invalid numbers and
# dates, and lines that look like front matter boundaries.
YAML_PIECES = (
    "title: T",
    "speakers: [ana-lima]",
    "speakers:\n  - ana-lima\n  - bo-chen",
    "event: 2026-11",
    "date: 2026-11-19",
    "date: 2026-02-30",
    "date: 0000-00-00",
    "date: 2026-11-19T16:00:00Z",
    "start: 16:00",
    'end: "25:99"',
    "order: 99999999999999999999999999999999",
    "duration: 1e400",
    "duration: -.inf",
    "slots: .nan",
    "order: 0x_",
    "tags: &a [x, *a]",
    "a: &anchor\n  b: *anchor",
    "<<: {title: merged}",
    "<<: *missing",
    "x: !!python/object:os.system [echo]",
    "x: !!python/object/apply:os.system ['echo hi']",
    "x: !!python/name:os.system",
    "x: !!binary aGVsbG8=",
    "x: !!set {a, b}",
    "x: !!omap [a: 1]",
    "x: !!timestamp nope",
    "x: !!bool maybe",
    "x: !!int ''",
    "x: !!float -",
    "x: !custom {a: 1}",
    "? [a, b]\n: c",
    "? {a: b}\n: c",
    "%YAML 1.1\n---",
    "---",
    "...",
    "|\n  literal",
    ">-\n  folded",
    "\t",
    "title:\tT",
    "  ",
    "- item",
    "{",
    "[",
    "'",
    '"',
    '"\\x00\\u202e\\uffff"',
    "\u2028",
    "\x85",
    "\ufeff",
    "\u200b",
    "😀: 🚀",
    "слайды: доклад.pdf",
    "slides: ../../etc/passwd",
    "slides: /etc/passwd",
    "slides: 'C:\\evil.pdf'",
    "cover: .",
    "notebooks: [., .., '']",
    "links: [{title: x}]",
    "links: {x: y}",
    "away: [{from: 2026-01-02, to: 2025-01-01}]",
    "avatar: people/../../x.png",
    "null: ~",
    "true: yes",
    "2026: 2026",
    "# comment",
)


def _yaml_like_text() -> st.SearchStrategy[str]:
    piece = st.one_of(
        st.sampled_from(YAML_PIECES),
        st.text(max_size=20),
        st.builds(
            lambda indent, p: " " * indent + p, st.integers(0, 4), st.sampled_from(YAML_PIECES)
        ),
    )
    return st.lists(piece, max_size=12).map("\n".join)


FIELD_NAMES = sorted({f.name for f in (*TALK_FIELDS, *EVENT_FIELDS, *PERSON_FIELDS)})

_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)),
    st.sampled_from(["ana-lima", "2026-11", "slides.pdf", "https://example.com", "16:00"]),
)

_values: st.SearchStrategy[Any] = st.recursive(
    _scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(
            st.one_of(st.sampled_from(FIELD_NAMES), st.text(max_size=8)), inner, max_size=4
        ),
    ),
    max_leaves=12,
)

# Well-formed YAML of arbitrary shape, mostly using the real field names so that the
# converters (not only the parser) see strange values.
_records = st.dictionaries(st.sampled_from(FIELD_NAMES), _values, max_size=8)


def _dump(value: Any) -> str:
    return yaml.safe_dump(value, allow_unicode=True, sort_keys=False)


_front_matter = st.one_of(_yaml_like_text(), st.text(max_size=200), _records.map(_dump))
_yaml_file = st.one_of(
    _yaml_like_text(),
    st.text(max_size=200),
    _records.map(_dump),
    st.dictionaries(st.text(max_size=10), _records, max_size=3).map(_dump),
)


def _load_files(files: dict[str, str | bytes]) -> LoadResult:
    with tempfile.TemporaryDirectory() as tmp:
        kit = ContentKit(Path(tmp) / "content")
        kit.people("ana-lima:\n  name: Ana Lima\n")
        kit.event("2026-11", "date: 2026-11-19\n")
        for relative, content in files.items():
            kit.write(relative, content)
        return kit.load(settings=Settings(allowed_tags=("python",)))


def _assert_is_a_clean_answer(result: LoadResult) -> None:
    assert isinstance(result, LoadResult)
    assert isinstance(result.problems, tuple)
    for problem in result.problems:
        assert isinstance(problem, Problem)
        assert isinstance(problem.severity, Severity)
        assert problem.message
        assert not Path(problem.location.path).is_absolute()
        assert problem.location.line is None or problem.location.line >= 1
        assert problem.location.column is None or problem.location.column >= 1
    # Every report format can print whatever came back.
    for fmt in FORMATS:
        render(fmt, result.problems, Counts.of(result), "content")


@FAST
@given(front=_front_matter, body=st.text(max_size=100))
def test_any_front_matter_gives_problems_not_an_exception(front: str, body: str) -> None:
    result = _load_files({"talks/t/index.md": f"---\n{front}\n---\n{body}"})

    _assert_is_a_clean_answer(result)


@FAST
@given(text=st.text(max_size=300))
def test_any_index_md_text_gives_problems_not_an_exception(text: str) -> None:
    _assert_is_a_clean_answer(_load_files({"talks/t/index.md": text}))


@FAST
@given(data=st.binary(max_size=200))
def test_any_index_md_bytes_give_problems_not_an_exception(data: bytes) -> None:
    _assert_is_a_clean_answer(_load_files({"talks/t/index.md": b"---\n" + data}))


@FAST
@given(people=_yaml_file, event=_yaml_file)
def test_any_people_and_event_yaml_gives_problems_not_an_exception(people: str, event: str) -> None:
    result = _load_files(
        {
            "people.yml": people,
            "events/2026-12.yml": event,
            "talks/t/index.md": "---\ntitle: T\nspeakers: [ana-lima]\nevent: 2026-12\n---\n",
        }
    )

    _assert_is_a_clean_answer(result)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("!!timestamp nope", "`duration`: `nope` is not a valid date"),
        ("!!bool maybe", "`duration`: `maybe` is not a valid `!!bool` value"),
        ("!!int ''", "`duration`: `` is not a valid `!!int` value"),
        ("!foo bar", "`duration`: `bar` cannot be read: could not determine a constructor"),
    ],
)
def test_value_that_does_not_fit_its_explicit_tag(value: str, message: str) -> None:
    front = f"title: T\nspeakers: [ana-lima]\nduration: {value}\n"

    result = _load_files({"talks/t/index.md": f"---\n{front}---\n"})

    [problem] = result.problems
    assert str(problem).startswith(f"talks/t/index.md:4:11: error: {message}"), str(problem)


def test_alias_bomb_is_cut_short() -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n" for i in range(8)
    )

    result = _load_files({"people.yml": bomb})

    assert any("expands to more than" in p.message for p in result.problems)


def test_python_tags_are_never_executed(tmp_path: Path) -> None:
    marker = tmp_path / "executed"
    front = (
        f"title: !!python/object/apply:os.system ['touch {marker}']\n"
        "summary: !!python/object/apply:pathlib.Path.touch\n"
        f"  [!!python/object/apply:pathlib.Path ['{marker}']]\n"
        "speakers: [ana-lima]\n"
    )

    result = _load_files({"talks/t/index.md": f"---\n{front}---\n"})

    assert not marker.exists()
    assert any(p.is_error for p in result.problems)
