"""``showcase init``: a new team's archive that checks, builds and publishes as written."""

from __future__ import annotations

import builtins
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
import yaml
from sitekit import REPO, build

from showcase.cli import main
from showcase.starter import ArchiveRequest, create_archive, demo_day

TODAY = "2026-12-01"


def init(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["init", *argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def not_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys.stdin, "isatty", lambda: False)


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.usefixtures("not_a_terminal")
def test_init_makes_an_archive_that_checks_and_builds_strictly(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = init(
        capsys,
        "team-archive",
        "--name",
        'Data "Ops": Demo Days',
        "--url",
        "https://example.github.io/team-archive/",
        "--timezone",
        "Europe/Berlin",
        "--organizer",
        "Zoë Ådahl",
        "--today",
        TODAY,
    )
    assert (code, err) == (0, "")
    root = workdir / "team-archive"
    assert {path.relative_to(root).as_posix() for path in root.rglob("*") if path.is_file()} == {
        "mkdocs.yml",
        "README.md",
        "requirements.txt",
        ".gitignore",
        ".github/workflows/check.yml",
        ".github/workflows/publish.yml",
        ".github/pull_request_template.md",
        "content/index.md",
        "content/people.yml",
        "content/events/2027-01.yml",
        "content/talks/how-to-add-your-talk/index.md",
    }
    assert "cd team-archive" in out

    config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["site_name"] == 'Data "Ops": Demo Days'
    assert config["site_url"] == "https://example.github.io/team-archive/"
    assert config["plugins"] == ["search", {"showcase": {"timezone": "Europe/Berlin"}}]
    assert "custom_dir" not in config["theme"], "the look comes with the package"
    people = yaml.safe_load((root / "content/people.yml").read_text(encoding="utf-8"))
    assert people == {
        "zoe-adahl": {
            "name": "Zoë Ådahl",
            "role": "Demo-day organizer",
            "joined": date(2026, 12, 1),
        }
    }

    assert main(["check", str(root / "content"), "--strict", "--today", TODAY]) == 0
    capsys.readouterr()
    site = build(root / "mkdocs.yml", today=TODAY).check()
    talk = site.page("talks/how-to-add-your-talk/")
    assert talk.h1 == "How to add your talk"
    assert "showcase new" in talk.text
    assert "Zoë Ådahl" in site.page("").text
    assert (site.site / "assets/stylesheets/showcase.css").is_file()
    assert (site.site / "schedule.ics").is_file()


@pytest.mark.usefixtures("not_a_terminal")
def test_the_rotation_plans_the_first_demo_day_of_a_new_archive(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The new archive is one the organizers' commands run on straight away."""
    code, _, _ = init(capsys, "--organizer", "Ada Lovelace", "--today", TODAY)
    assert code == 0

    assert main(["rotation", "--today", TODAY]) == 0
    out = capsys.readouterr().out
    assert "2027-01" in out and "0/4 filled" in out, "the example talk takes no slot"


@pytest.mark.usefixtures("not_a_terminal")
def test_init_never_overwrites_and_names_every_file_in_the_way(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (workdir / "README.md").write_text("ours\n", encoding="utf-8")
    (workdir / ".github/workflows").mkdir(parents=True)
    (workdir / ".github/workflows/check.yml").write_text("ours\n", encoding="utf-8")

    code, out, err = init(capsys, "--organizer", "Ada Lovelace", "--today", TODAY)

    assert (code, out) == (1, "")
    assert "README.md" in err and ".github/workflows/check.yml" in err
    assert "mkdocs.yml" not in err
    assert "move them away" in err, "it says what to do"
    assert (workdir / "README.md").read_text(encoding="utf-8") == "ours\n"
    assert not (workdir / "mkdocs.yml").exists(), "nothing is written when a file is in the way"
    assert not (workdir / "content").exists()


@pytest.mark.usefixtures("not_a_terminal")
def test_init_into_a_folder_with_unrelated_files(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (workdir / "LICENSE").write_text("MIT\n", encoding="utf-8")

    code, _, err = init(capsys, "--organizer", "Ada Lovelace", "--today", TODAY)

    assert (code, err) == (0, "")
    assert (workdir / "LICENSE").read_text(encoding="utf-8") == "MIT\n"
    assert (workdir / "mkdocs.yml").is_file()


@pytest.mark.usefixtures("not_a_terminal")
def test_init_reports_every_bad_value_at_once(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = init(
        capsys,
        "--name",
        " ",
        "--url",
        "example.com",
        "--timezone",
        "Mars/Olympus",
        "--organizer",
        "Ada",
    )

    assert code == 1
    assert err.splitlines() == [
        "showcase init: the site name is empty",
        "showcase init: the site URL must start with https:// or http:// (got `example.com`)",
        "showcase init: `timezone` must be an IANA time zone like Europe/Berlin, got "
        "`Mars/Olympus`",
    ]
    assert list(workdir.iterdir()) == []


def test_init_asks_in_a_terminal_and_checks_each_answer_as_it_is_given(
    workdir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = iter(
        [
            "Analytics Demo Days",
            "analytics.example.org",  # no scheme: asked again
            "https://analytics.example.org/",
            "Mars/Olympus",  # not a zone: asked again
            "",  # the machine's zone, offered
            "Bo Chen",
        ]
    )
    prompts: list[str] = []

    def scripted(prompt: str = "") -> str:
        prompts.append(prompt)
        return next(answers)

    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    monkeypatch.setattr(builtins, "input", scripted)
    monkeypatch.setenv("TZ", "America/Chicago")

    code, _, err = init(capsys, "--today", TODAY)

    assert code == 0
    assert [prompt.split(" (")[0].split(" [")[0].rstrip(":") for prompt in prompts] == [
        "Site name",
        "Site address, e.g. https://ORG.github.io/REPO/",
        "Site address, e.g. https://ORG.github.io/REPO/",
        "Time zone of the demo days",
        "Time zone of the demo days",
        "Organizer's name",
    ]
    assert "must start with https:// or http://" in err and "try again" in err
    assert "[America/Chicago]" in prompts[3], "the machine's zone is offered"
    config = yaml.safe_load((workdir / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["site_name"] == "Analytics Demo Days"
    assert config["site_url"] == "https://analytics.example.org/"
    assert config["plugins"][1]["showcase"]["timezone"] == "America/Chicago"
    assert "bo-chen" in (workdir / "content/people.yml").read_text(encoding="utf-8")


def test_init_with_files_in_the_way_asks_nothing(
    workdir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (workdir / "README.md").write_text("ours\n", encoding="utf-8")
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    monkeypatch.setattr(builtins, "input", lambda prompt="": pytest.fail("asked " + prompt))

    code, _, err = init(capsys, "--today", TODAY)

    assert code == 1 and "README.md" in err


@pytest.mark.usefixtures("not_a_terminal")
def test_init_writes_the_requirement_it_is_given(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    line = "mkdocs-showcase @ git+https://git.example.com/tools/showcase@v0.1.0"
    code, _, _ = init(capsys, "--organizer", "Ada", "--requirement", line, "--today", TODAY)
    assert code == 0
    assert (workdir / "requirements.txt").read_text(encoding="utf-8").splitlines()[-1] == line


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2026, 12, 1), date(2027, 1, 21)),
        (date(2027, 1, 31), date(2027, 2, 18)),
        (date(2026, 7, 15), date(2026, 8, 20)),
    ],
)
def test_the_first_demo_day_is_the_third_thursday_of_next_month(
    today: date, expected: date
) -> None:
    assert demo_day(today) == expected
    assert expected.weekday() == 3


def test_the_repository_publishes_with_the_workflows_init_writes(tmp_path: Path) -> None:
    """The demo is built the way a team's archive is: same workflows, same template."""
    create_archive(
        tmp_path,
        ArchiveRequest(site_name="X", organizer="Ada Lovelace", timezone="UTC", today=date.today()),
    )
    for name in (
        ".github/workflows/check.yml",
        ".github/workflows/publish.yml",
        ".github/pull_request_template.md",
    ):
        assert (REPO / name).read_text(encoding="utf-8") == (tmp_path / name).read_text(
            encoding="utf-8"
        ), name


def test_init_runs_as_a_command(tmp_path: Path) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "showcase",
            "init",
            str(tmp_path / "a b"),
            "--organizer",
            "Ada L",
            "--today",
            TODAY,
        ],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert f"cd '{tmp_path / 'a b'}'" in done.stdout, "a folder with a space is quoted"
