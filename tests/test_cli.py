"""The ``showcase`` command: ``check`` output, formats and exit codes, and ``new``."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from contentkit import ContentKit, require_chipy
from terminalkit import ScriptedTerminal

from showcase.cli import main

TODAY = "2026-11-01"


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run in an empty folder, so that no mkdocs.yml of the repository is picked up."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SHOWCASE_TODAY", TODAY)
    return tmp_path


@pytest.fixture
def content(workdir: Path) -> ContentKit:
    """``./content`` with the standard roster (ana-lima, bo-chen, carla-diaz) and events."""
    return ContentKit(workdir / "content").standard()


#: A writeup whose link leads nowhere: a warning, whatever the date.
LINK = "See [the notes](notes.md).\n"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, list[str], str]:
    """Exit code, stdout lines and stderr of ``showcase ARGV``."""
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out.splitlines(), err


# check: text ------------------------------------------------------------------------------


def test_check_clean_content_exits_0(
    content: ContentKit, capsys: pytest.CaptureFixture[str]
) -> None:
    content.talk("t", "title: T\nspeakers: [ana-lima]\nevent: 2026-11\n")

    code, out, err = run(capsys, "check", "content")

    assert (code, out, err) == (0, ["No problems in 1 talk, 3 events, 3 people."], "")


def test_check_reads_content_by_default(
    content: ContentKit, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "check")

    assert (code, out) == (0, ["No problems in 0 talks, 3 events, 3 people."])


def test_check_lists_each_problem_with_its_place_then_a_summary(
    content: ContentKit, capsys: pytest.CaptureFixture[str]
) -> None:
    content.talk("typo", "title: T\nspeakers: [ana-lma]\nevent: 2026-11\n")
    content.talk("given", "title: G\nspeakers: [bo-chen]\nevent: 2026-10\n", body=LINK)
    content.write("talks/empty/notes.txt", "")

    code, out, _ = run(capsys, "check", "content")

    assert code == 1
    assert out == [
        "content/talks/empty: error: the talk folder has no `index.md`; "
        "run `showcase new` to create one",
        "content/talks/given/index.md:7: warning: the link `notes.md` leads to no page or "
        "file of the site (`talks/given/notes.md`)",
        "content/talks/typo/index.md:3:12: error: unknown speaker `ana-lma`; "
        "did you mean `ana-lima`?",
        "2 errors, 1 warning in 2 talks, 3 events, 3 people.",
    ]


def test_check_names_files_as_the_folder_was_given(
    content: ContentKit, capsys: pytest.CaptureFixture[str]
) -> None:
    content.talk("t", "title: T\nspeakers: [ana-lma]\n")

    _, out, _ = run(capsys, "check", str(content.root) + "/")

    assert out[0].startswith(f"{content.root}/talks/t/index.md:3:12: error: ")


def test_check_warnings_alone_exit_0(
    content: ContentKit, capsys: pytest.CaptureFixture[str]
) -> None:
    content.talk("given", "title: G\nspeakers: [bo-chen]\nevent: 2026-10\n", body=LINK)

    code, out, _ = run(capsys, "check", "content")

    assert code == 0
    assert out[-1] == "1 warning in 1 talk, 3 events, 3 people."


def test_check_strict_fails_on_warnings(
    content: ContentKit, capsys: pytest.CaptureFixture[str]
) -> None:
    content.talk("given", "title: G\nspeakers: [bo-chen]\nevent: 2026-10\n", body=LINK)

    code, _, _ = run(capsys, "check", "content", "--strict")

    assert code == 1


def test_check_strict_passes_clean_content(
    content: ContentKit, capsys: pytest.CaptureFixture[str]
) -> None:
    content.talk("given", "title: G\nspeakers: [bo-chen]\nevent: 2026-10\n")

    code, _, _ = run(capsys, "check", "content", "--strict")

    assert code == 0


def test_check_counts_drafts(content: ContentKit, capsys: pytest.CaptureFixture[str]) -> None:
    content.talk("wip", "title: W\nspeakers: [bo-chen]\ndraft: true\n")

    _, out, _ = run(capsys, "check", "content")

    assert out == ["No problems in 1 talk, 3 events, 3 people (1 draft)."]


def test_check_today_option_decides_what_is_past(
    content: ContentKit, capsys: pytest.CaptureFixture[str]
) -> None:
    content.talk("t", "title: T\nspeakers: [bo-chen]\nevent: 2026-11\n", body="")

    _, before, _ = run(capsys, "check", "content", "--today", "2026-11-19")
    _, after, _ = run(capsys, "check", "content", "--today", "2026-11-20")

    assert before == ["No problems in 1 talk, 3 events, 3 people."]
    assert "was given on 2026-11-19 but has nothing to show yet" in after[0]


def test_a_talk_left_unfilled_after_its_demo_day_is_a_note_that_fails_nothing(
    content: ContentKit, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # The day after the demo day, with no commit: the same checkout must still pass.
    content.talk("t", "title: T\nspeakers: [bo-chen]\nevent: 2026-11\n", body="")
    monkeypatch.setenv("SHOWCASE_TODAY", "2026-12-01")

    code, out, _ = run(capsys, "check", "content", "--strict")
    github_code, github, _ = run(capsys, "check", "content", "--strict", "--format", "github")

    assert (code, github_code) == (0, 0)
    assert out == [
        "content/talks/t/index.md:1: note: the talk was given on 2026-11-19 but has nothing "
        "to show yet: add a writeup, a `summary`, `slides`, `notebooks` or a `video` (until "
        "then its page shows its title, speakers and demo day only)",
        "1 note in 1 talk, 3 events, 3 people.",
    ]
    assert github[0].startswith("::notice file=content/talks/t/index.md,line=1,")


def test_check_reads_allowed_tags_from_the_mkdocs_config(
    content: ContentKit, workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content.talk("t", "title: T\nspeakers: [bo-chen]\ntags: [python, rust]\n")
    (workdir / "site.yml").write_text(
        "site_name: Demo\nplugins:\n  - search\n  - showcase:\n      allowed_tags: [python]\n"
    )

    code, out, _ = run(capsys, "check", "content", "--config", "site.yml")

    assert code == 0
    assert out[0] == (
        "content/talks/t/index.md:4:16: warning: tag `rust` is not one of the site's tags"
    )


# check: other formats ---------------------------------------------------------------------


def test_check_github_format_annotates_each_line(
    content: ContentKit, capsys: pytest.CaptureFixture[str]
) -> None:
    content.talk("typo", "title: T\nspeakers: [ana-lma]\n")
    content.talk("given", "title: G\nspeakers: [bo-chen]\nevent: 2026-10\n", body=LINK)
    content.write("talks/empty/notes.txt", "")

    code, out, _ = run(capsys, "check", "content", "--format", "github")

    assert code == 1
    assert out == [
        "::error file=content/talks/empty,title=showcase check::the talk folder has no "
        "`index.md`; run `showcase new` to create one",
        "::warning file=content/talks/given/index.md,line=7,title=showcase check::the link "
        "`notes.md` leads to no page or file of the site (`talks/given/notes.md`)",
        "::error file=content/talks/typo/index.md,line=3,col=12,title=showcase check::"
        "unknown speaker `ana-lma`; did you mean `ana-lima`?",
        "2 errors, 1 warning in 2 talks, 3 events, 3 people.",
    ]


def test_check_json_format_parses_with_problems_and_counts(
    content: ContentKit, capsys: pytest.CaptureFixture[str]
) -> None:
    content.talk("typo", "title: T\nspeakers: [ana-lma]\n")
    content.talk("given", "title: G\nspeakers: [bo-chen]\nevent: 2026-10\n", body=LINK)

    code = main(["check", "content", "--format", "json"])
    report = json.loads(capsys.readouterr().out)

    assert code == 1
    assert report["problems"] == [
        {
            "file": "content/talks/given/index.md",
            "line": 7,
            "column": None,
            "severity": "warning",
            "message": "the link `notes.md` leads to no page or file of the site "
            "(`talks/given/notes.md`)",
        },
        {
            "file": "content/talks/typo/index.md",
            "line": 3,
            "column": 12,
            "severity": "error",
            "message": "unknown speaker `ana-lma`; did you mean `ana-lima`?",
        },
    ]
    assert (report["errors"], report["warnings"]) == (1, 1)
    assert report["counts"] == {"talks": 2, "events": 3, "people": 3, "drafts": 0}


def test_check_json_format_of_clean_content(
    content: ContentKit, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["check", "content", "--format", "json", "--strict"])
    report = json.loads(capsys.readouterr().out)

    assert code == 0
    assert (report["problems"], report["errors"], report["warnings"]) == ([], 0, 0)


# check: usage errors ----------------------------------------------------------------------


def test_check_missing_folder_is_a_usage_error(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "check", "nowhere")

    assert (code, out) == (2, [])
    assert err == "showcase check: content folder `nowhere` does not exist\n"


def test_check_bad_format_is_a_usage_error(
    content: ContentKit, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["check", "content", "--format", "xml"])

    assert exit_info.value.code == 2
    assert "invalid choice: 'xml'" in capsys.readouterr().err


def test_check_invalid_today_option(
    content: ContentKit, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "check", "content", "--today", "2026-13-01")

    assert code == 2
    assert err == ("showcase check: --today must be a date written YYYY-MM-DD, got `2026-13-01`\n")


def test_check_invalid_showcase_today(
    content: ContentKit, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SHOWCASE_TODAY", "tomorrow")

    code, out, err = run(capsys, "check", "content")

    assert (code, out) == (2, [])
    assert err == (
        "showcase check: SHOWCASE_TODAY must be a date written YYYY-MM-DD, got `tomorrow`\n"
    )


def test_check_missing_config_file(content: ContentKit, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "check", "content", "--config", "missing.yml")

    assert code == 2
    assert err == "showcase check: missing.yml does not exist\n"


def test_check_bad_plugin_option_in_config(
    content: ContentKit, workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (workdir / "mkdocs.yml").write_text("plugins:\n  - showcase:\n      default_slots: 0\n")

    code, _, err = run(capsys, "check", "content")

    assert code == 2
    assert "`default_slots` must be a whole number of at least 1" in err


def test_check_runs_as_a_module(content: ContentKit, workdir: Path) -> None:
    content.talk("typo", "title: T\nspeakers: [ana-lma]\n")

    done = subprocess.run(
        [sys.executable, "-m", "showcase", "check", "content"],
        cwd=workdir,
        capture_output=True,
        text=True,
        check=False,
    )

    assert done.returncode == 1
    assert done.stdout.splitlines()[0].startswith("content/talks/typo/index.md:3:12: error:")


def test_check_chipy_archive(
    workdir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(require_chipy(), workdir / "chipy")
    monkeypatch.delenv("SHOWCASE_TODAY")

    code, out, _ = run(capsys, "check", "chipy")

    # One roster warning: Christopher Webber is also Christopher Allan Webber.
    assert (code, out[1:]) == (0, ["1 warning in 78 talks, 36 events, 58 people."])
    assert out[0].startswith("chipy/people.yml:52:1: warning: `christopher-webber`")


# new --------------------------------------------------------------------------------------


def front_matter(index: Path) -> dict[str, object]:
    text = index.read_text(encoding="utf-8")
    assert text.startswith("---\n")
    meta = yaml.safe_load(text.split("---\n")[1])
    assert isinstance(meta, dict)
    return meta


@pytest.fixture
def not_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys.stdin, "isatty", lambda: False)


@pytest.mark.usefixtures("not_a_terminal")
def test_new_scaffolds_a_talk_that_passes_check(
    content: ContentKit, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(
        capsys,
        "new",
        "--title",
        "Shipping a data API",
        "--speaker",
        "ana-lima",
        "--event",
        "2026-12",
        "--content",
        "content",
    )

    index = content.root / "talks" / "2026-12-shipping-a-data-api" / "index.md"
    assert (code, err) == (0, "")
    assert out[0] == "Created content/talks/2026-12-shipping-a-data-api/index.md"
    assert "  showcase check content" in out
    assert front_matter(index) == {
        "title": "Shipping a data API",
        "speakers": ["ana-lima"],
        "event": "2026-12",
        "duration": 15,
        "tags": [],
    }
    assert "## What we built" in index.read_text()
    # The outline's headings, with nothing under them yet, are a note: never a failure.
    assert run(capsys, "check", "content", "--strict")[:2] == (
        0,
        [
            "content/talks/2026-12-shipping-a-data-api/index.md:9: note: the writeup is an "
            "outline with nothing written under its headings yet; the site leaves them out "
            "until something is",
            "1 note in 1 talk, 3 events, 3 people.",
        ],
    )


@pytest.mark.usefixtures("not_a_terminal")
def test_new_with_several_speakers(content: ContentKit, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, _ = run(
        capsys,
        "new",
        "--title",
        "Pairing",
        "-s",
        "ana-lima,bo-chen",
        "-s",
        "carla-diaz",
        "--event",
        "2026-11",
        "--content",
        "content",
    )

    assert code == 0
    index = content.root / "talks" / "2026-11-pairing" / "index.md"
    assert front_matter(index)["speakers"] == ["ana-lima", "bo-chen", "carla-diaz"]


@pytest.mark.usefixtures("not_a_terminal")
def test_new_slugifies_a_non_ascii_title(
    content: ContentKit, capsys: pytest.CaptureFixture[str]
) -> None:
    title = "Zoë's Größe: naïve Café on Łódź data"

    code, _, _ = run(
        capsys,
        "new",
        "--title",
        title,
        "-s",
        "bo-chen",
        "--event",
        "2026-12",
        "--content",
        "content",
    )

    index = content.root / "talks" / "2026-12-zoes-grosse-naive-cafe-on-lodz-data" / "index.md"
    assert code == 0
    assert front_matter(index)["title"] == title
    assert "Größe: naïve Café on Łódź" in index.read_text(encoding="utf-8")  # not escaped
    assert run(capsys, "check", "content", "--strict")[0] == 0


@pytest.mark.usefixtures("not_a_terminal")
def test_new_without_an_event_proposes_the_talk(
    content: ContentKit, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, _ = run(
        capsys,
        "new",
        "--title",
        "Someday",
        "-s",
        "bo-chen",
        "--event",
        "none",
        "--content",
        "content",
    )

    index = content.root / "talks" / "someday" / "index.md"
    assert code == 0
    assert "event" not in front_matter(index)
    assert run(capsys, "check", "content", "--strict")[0] == 0


@pytest.mark.usefixtures("not_a_terminal")
def test_new_with_an_explicit_slug(content: ContentKit, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, _ = run(
        capsys,
        "new",
        "--title",
        "Shipping a data API",
        "-s",
        "bo-chen",
        "--event",
        "2026-12",
        "--slug",
        "data-api",
        "--content",
        "content",
    )

    assert code == 0
    assert (content.root / "talks" / "data-api" / "index.md").is_file()


@pytest.mark.usefixtures("not_a_terminal")
def test_new_refuses_to_overwrite_an_existing_talk(
    content: ContentKit, capsys: pytest.CaptureFixture[str]
) -> None:
    index = content.talk(
        "2026-12-shipping-a-data-api",
        "title: Shipping a data API\nspeakers: [ana-lima]\nevent: 2026-12\n",
        body="Weeks of work.\r\n",
    )
    before = index.read_bytes()

    code, out, err = run(
        capsys,
        "new",
        "--title",
        "Shipping a data API",
        "-s",
        "bo-chen",
        "--event",
        "2026-12",
        "--content",
        "content",
    )

    assert (code, out) == (1, [])
    assert err == (
        "showcase new: talks/2026-12-shipping-a-data-api already exists; "
        "choose another title or pass --slug\n"
    )
    assert index.read_bytes() == before
    assert sorted(p.name for p in index.parent.iterdir()) == ["index.md"]


@pytest.mark.usefixtures("not_a_terminal")
def test_new_refuses_an_existing_folder_even_without_index(
    content: ContentKit, capsys: pytest.CaptureFixture[str]
) -> None:
    slides = content.write("talks/2026-12-demo/slides.pdf", b"%PDF-1.4\n")

    code, _, err = run(
        capsys,
        "new",
        "--title",
        "Demo",
        "-s",
        "bo-chen",
        "--event",
        "2026-12",
        "--content",
        "content",
    )

    assert code == 1
    assert "talks/2026-12-demo already exists" in err
    assert sorted(p.name for p in slides.parent.iterdir()) == ["slides.pdf"]


@pytest.mark.usefixtures("not_a_terminal")
def test_new_rejects_unknown_speakers_and_events_with_suggestions(
    content: ContentKit, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(
        capsys,
        "new",
        "--title",
        "Typos",
        "-s",
        "ana-lma",
        "-s",
        "zygmunt",
        "--event",
        "2026-11-19",
        "--content",
        "content",
    )

    assert (code, out) == (1, [])
    assert err.splitlines() == [
        "showcase new: unknown speaker `ana-lma`; did you mean `ana-lima`?",
        "showcase new: unknown speaker `zygmunt`; add them to people.yml first",
        "showcase new: unknown event `2026-11-19`; did you mean `2026-11`?",
    ]
    assert not (content.root / "talks").exists()


@pytest.mark.usefixtures("not_a_terminal")
def test_new_rejects_an_invalid_slug(
    content: ContentKit, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(
        capsys,
        "new",
        "--title",
        "T",
        "-s",
        "bo-chen",
        "--event",
        "none",
        "--slug",
        "My_Talk",
        "--content",
        "content",
    )

    assert code == 1
    assert "slug `My_Talk` is not valid" in err


@pytest.mark.usefixtures("not_a_terminal")
def test_new_empty_title_is_the_only_problem(
    content: ContentKit, capsys: pytest.CaptureFixture[str]
) -> None:
    # A slug made from no title is `2026-12-talk`, which exists: that is no second problem.
    content.talk("2026-12-talk", "title: Talk\nspeakers: [ana-lima]\nevent: 2026-12\n")

    code, out, err = run(
        capsys, "new", "--title", " ", "-s", "bo-chen", "--event", "2026-12", "--content", "content"
    )

    assert (code, out, err) == (1, [], "showcase new: the title is empty\n")


@pytest.mark.usefixtures("not_a_terminal")
def test_new_empty_title_and_a_bad_slug_given_are_two_problems(
    content: ContentKit, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(
        capsys, "new", "--title", "", "-s", "bo-chen", "--event", "none", "--slug", "My_Talk"
    )

    assert code == 1
    assert err.splitlines() == [
        "showcase new: the title is empty",
        "showcase new: slug `My_Talk` is not valid: use lowercase letters, digits and single "
        "hyphens, like `ana-lima`",
    ]


@pytest.mark.usefixtures("not_a_terminal")
def test_new_missing_option_outside_a_terminal_is_a_usage_error(
    content: ContentKit, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(
        capsys, "new", "-s", "bo-chen", "--event", "2026-12", "--content", "content"
    )

    assert (code, out) == (2, [])
    assert err == "showcase new: --title is required when not run in a terminal\n"
    assert not (content.root / "talks").exists()


@pytest.mark.usefixtures("not_a_terminal")
def test_new_missing_content_folder_is_a_usage_error(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "new", "--title", "T", "-s", "a", "--event", "none")

    assert code == 2
    assert err.startswith("showcase new: no mkdocs.yml in ")


def test_new_asks_for_everything_in_a_terminal(
    content: ContentKit, terminal: ScriptedTerminal, capsys: pytest.CaptureFixture[str]
) -> None:
    terminal.will_answer("Shipping a data API", "ana-lima, bo-chen", "")

    code, out, _ = run(capsys, "new", "--content", "content")

    # Pressing Enter at the event prompt takes the next demo day.
    assert code == 0
    assert out[0] == "Created content/talks/2026-11-shipping-a-data-api/index.md"
    assert terminal.prompts == [
        "Title: ",
        "Speaker ids, comma-separated (ana-lima, bo-chen, carla-diaz): ",
        "Event YYYY-MM (open slots: 2026-11, 2026-12), or `none` to propose the talk "
        "without a date [2026-11]: ",
    ]
    index = content.root / "talks" / "2026-11-shipping-a-data-api" / "index.md"
    assert front_matter(index)["speakers"] == ["ana-lima", "bo-chen"]


def test_new_asks_only_for_what_is_missing(
    content: ContentKit, terminal: ScriptedTerminal, capsys: pytest.CaptureFixture[str]
) -> None:
    terminal.will_answer("none")

    code, _, _ = run(capsys, "new", "--title", "Idea", "-s", "carla-diaz", "--content", "content")

    assert code == 0
    assert terminal.prompts == [
        "Event YYYY-MM (open slots: 2026-11, 2026-12), or `none` to propose the talk "
        "without a date [2026-11]: "
    ]
    assert "event" not in front_matter(content.root / "talks" / "idea" / "index.md")


def test_new_end_of_input_in_a_terminal_is_a_usage_error(
    content: ContentKit, terminal: ScriptedTerminal, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "new", "--content", "content")

    assert code == 2
    assert err == "showcase new: --title is required\n"
