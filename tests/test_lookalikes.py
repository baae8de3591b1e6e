"""``showcase check`` warns about people who may be one person entered twice."""

from __future__ import annotations

from pathlib import Path

import pytest
from contentkit import TODAY, ContentKit, require_chipy

from showcase.cli import main
from showcase.loader import load_archive
from showcase.lookalikes import lookalike_problems

REPOSITORY = Path(__file__).resolve().parents[1]


def check(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, list[str]]:
    code = main(["check", *argv])
    return code, capsys.readouterr().out.splitlines()


def test_check_names_both_people_whose_ids_or_names_are_nearly_the_same(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    kit = ContentKit(tmp_path / "content")
    kit.people(
        "jordi-gutierrez-hermoso:\n  name: Jordi Gutiérrez Hermoso\n"
        "ana-lima:\n  name: Ana Lima\n"
        "jordi-guttierez-hermoso:\n  name: Jordi Guttierez\n"
        "christopher-allan-webber:\n  name: Christopher Allan Webber\n"
        "cwebber:\n  name: Christopher Webber\n"
        "marta-okafor:\n  name: Marta Okafor\n"
        "marta-okafor-2:\n  name: Márta Okafor\n"
    )

    code, out = check(capsys, "content", "--today", str(TODAY))

    assert code == 0
    assert out == [
        "content/people.yml:5:1: warning: `jordi-guttierez-hermoso` (Jordi Guttierez) and "
        "`jordi-gutierrez-hermoso` (Jordi Gutiérrez Hermoso, people.yml:1:1) have nearly the "
        "same id: if they are one person, keep one id and change the talks and events that "
        "name the other",
        "content/people.yml:9:1: warning: `cwebber` (Christopher Webber) and "
        "`christopher-allan-webber` (Christopher Allan Webber, people.yml:7:1) have the same "
        "name but for a middle name: if they are one person, keep one id and change the "
        "talks and events that name the other",
        "content/people.yml:13:1: warning: `marta-okafor-2` (Márta Okafor) and `marta-okafor` "
        "(Marta Okafor, people.yml:11:1) have nearly the same id: if they are one person, "
        "keep one id and change the talks and events that name the other",
        "3 warnings in 0 talks, 0 events, 7 people.",
    ]
    assert check(capsys, "content", "--today", str(TODAY), "--strict")[0] == 1


@pytest.mark.parametrize(
    "pair",
    [
        ("bo-chen: {name: Bo Chen}", "bo-chan: {name: Bo Chan}"),
        ("li-wei: {name: Li Wei}", "li-wen: {name: Li Wen}"),
        ("ana-lima: {name: Ana Lima}", "ana-luna: {name: Ana Luna}"),
        ("eric-stein: {name: Eric Stein}", "erin-stein: {name: Erin Stein}"),
        ("john-smith: {name: John Smith}", "jane-smith: {name: Jane Smith}"),
        ("carl-karsten: {name: Carl Karsten}", "carl-meyer: {name: Carl Meyer}"),
        ("cat-vong: {name: Catherine Vongsathorn}", "xan-vong: {name: Xan Vongsathorn}"),
        ("tathagata: {name: Tathagata}", "tathagata-das: {name: Tathagata Das}"),
        ("noah-becker: {name: Noah Becker}", "noah-baker: {name: Noah Baker}"),
    ],
)
def test_short_or_merely_similar_ids_and_names_are_not_reported(
    tmp_path: Path, pair: tuple[str, str]
) -> None:
    kit = ContentKit(tmp_path / "content")
    kit.people("\n".join(pair) + "\n")
    result = load_archive(kit.root, today=TODAY)
    assert result.ok and len(result.archive.people) == 2

    assert lookalike_problems(result.archive.people) == []


def test_the_demo_roster_is_quiet() -> None:
    result = load_archive(REPOSITORY / "content", today=TODAY, include_drafts=True)
    assert len(result.archive.people) > 10

    assert lookalike_problems(result.archive.people) == []


def test_the_chipy_roster_reports_only_its_one_person_entered_twice() -> None:
    result = load_archive(require_chipy(), today=TODAY)

    found = lookalike_problems(result.archive.people)

    assert [str(p.location) for p in found] == ["people.yml:52:1"]
    assert "`christopher-webber`" in found[0].message
    assert "`christopher-allan-webber`" in found[0].message
