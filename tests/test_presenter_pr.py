"""A presenter's pull request, as issue 15 met it: `showcase new` onto a full demo day,
a talk left unfilled after its demo day, answering `showcase new` in a terminal, people
named by name instead of id, and the hints `new` prints. The CLI runs through ``main``
(its prompts answered by a scripted terminal) and, for what a workflow runs, as a process.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import warnings
from pathlib import Path

import attachmentkit
import pytest
import sitekit
import yaml
from contentkit import ContentKit
from terminalkit import ScriptedTerminal

from showcase.attachments.handlers import notebook as notebook_handler
from showcase.attachments.handlers.notebook import read_notebook
from showcase.cli import main
from showcase.outline import empty_headings, without_empty_headings
from showcase.scaffold import OUTLINE

TODAY = "2026-11-01"
REPOSITORY = Path(__file__).resolve().parents[1]


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty current folder (no mkdocs.yml above it), today fixed."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SHOWCASE_TODAY", TODAY)
    return tmp_path


@pytest.fixture
def content(workdir: Path) -> ContentKit:
    """``./content``: ana-lima, bo-chen, carla-diaz; 2026-10 (past), 2026-11 (3 slots),
    2026-12 (the default 4 slots)."""
    return ContentKit(workdir / "content").standard()


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, list[str], str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out.splitlines(), err


def fill(content: ContentKit, event: str, count: int) -> None:
    for i in range(count):
        content.talk(f"{event}-t{i}", f"title: Talk {i}\nspeakers: [bo-chen]\nevent: {event}\n")


@pytest.fixture
def not_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys.stdin, "isatty", lambda: False)


def front_matter(index: Path) -> dict[str, object]:
    loaded = yaml.safe_load(index.read_text(encoding="utf-8").split("---\n")[1])
    assert isinstance(loaded, dict)
    return loaded


# 1. A full demo day --------------------------------------------------------------------


@pytest.mark.usefixtures("not_a_terminal")
def test_new_refuses_a_full_demo_day_and_names_one_with_open_slots(
    content: ContentKit, capsys: pytest.CaptureFixture[str]
) -> None:
    fill(content, "2026-11", 3)

    code, out, err = run(capsys, "new", "--title", "Fifth", "-s", "ana-lima", "--event", "2026-11")

    assert (code, out) == (1, [])
    assert err == (
        "showcase new: demo day 2026-11 is full: its 3 slots are taken by 3 talks. Choose "
        "a demo day with an open slot: 2026-12 (4 open slots); or propose the talk without "
        "a date (event `none`); or ask an organizer to raise `slots:` in events/2026-11.yml "
        "first\n"
    )
    assert not (content.root / "talks/2026-11-fifth").exists()


@pytest.mark.usefixtures("not_a_terminal")
def test_new_takes_the_last_slot_and_a_past_demo_day(
    content: ContentKit, capsys: pytest.CaptureFixture[str]
) -> None:
    fill(content, "2026-11", 2)
    fill(content, "2026-10", 5)  # a past demo day is a record, not a plan

    last, _, _ = run(capsys, "new", "--title", "Third", "-s", "ana-lima", "--event", "2026-11")
    past, _, _ = run(capsys, "new", "--title", "Late", "-s", "ana-lima", "--event", "2026-10")

    assert (last, past) == (0, 0)


@pytest.mark.usefixtures("not_a_terminal")
def test_new_notes_when_the_open_slots_are_held_for_listed_speakers(
    content: ContentKit, capsys: pytest.CaptureFixture[str]
) -> None:
    content.event("2026-11", "date: 2026-11-19\nslots: 3\nspeakers: [carla-diaz]\n")
    fill(content, "2026-11", 2)

    code, out, err = run(capsys, "new", "--title", "Extra", "-s", "ana-lima", "--event", "2026-11")

    assert code == 0 and out[0].startswith("Created ")
    assert err == (
        "showcase new: note: every slot of 2026-11 is spoken for: 2 talks, and carla-diaz "
        "listed in its `speakers:`; tell an organizer you would like one\n"
    )


def _check(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SHOWCASE_TODAY": TODAY}
    return subprocess.run(
        [sys.executable, "-m", "showcase", "check", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_a_fifth_talk_fails_the_workflows_check_at_its_own_event_line(
    content: ContentKit, workdir: Path
) -> None:
    # The workflow runs `showcase check --strict --format github`, then the strict build:
    # a full demo day fails both, and the annotation is on the line the presenter wrote.
    fill(content, "2026-11", 3)
    content.talk("2026-11-mine", "title: Mine\nspeakers: [ana-lima]\nevent: 2026-11\n")
    workflow = (REPOSITORY / ".github/workflows/check.yml").read_text()
    assert "run: showcase check --strict --format github" in workflow

    done = _check(["--strict", "--format", "github"], workdir)

    assert done.returncode == 1, done.stdout + done.stderr
    mine = [line for line in done.stdout.splitlines() if "talks/2026-11-mine/" in line]
    assert mine == [
        "::warning file=content/talks/2026-11-mine/index.md,line=4,col=8,title=showcase "
        "check::demo day 2026-11 is full: 4 talks for its 3 slots, so one has to move. Move "
        "this talk to a demo day with an open slot (`event: 2026-12`), or leave `event:` out "
        "to propose it without a date; or ask an organizer to raise `slots:` in "
        "events/2026-11.yml, or to give the talks that keep their place an `order:`"
    ]
    assert "events/2026-11.yml" not in done.stdout.replace("in events/2026-11.yml", "")


# 2. Time passing -----------------------------------------------------------------------


def test_a_talk_scaffolded_and_left_unfilled_passes_strict_check_after_its_demo_day(
    content: ContentKit, workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, _ = run(capsys, "new", "--title", "Later", "-s", "ana-lima", "--event", "2026-11")
    assert code == 0

    on_the_day = _check(["--strict", "--today", "2026-11-19"], workdir)
    the_day_after = _check(["--strict", "--today", "2026-11-20"], workdir)

    assert (on_the_day.returncode, the_day_after.returncode) == (0, 0)
    assert on_the_day.stdout.splitlines() == [
        "content/talks/2026-11-later/index.md:9: note: the writeup is an outline with "
        "nothing written under its headings yet; the site leaves them out until something is",
        "1 note in 1 talk, 3 events, 3 people.",
    ]
    assert the_day_after.stdout.splitlines() == [
        "content/talks/2026-11-later/index.md:1: note: the talk was given on 2026-11-19 but "
        "has nothing to show yet: add a writeup, a `summary`, `slides`, `notebooks` or a "
        "`video` (until then its page shows its title, speakers and demo day only)",
        "1 note in 1 talk, 3 events, 3 people.",
    ]


# 3. Answering `showcase new` in a terminal -----------------------------------------------


def test_each_answer_is_checked_as_it_is_given_and_asked_again(
    content: ContentKit, terminal: ScriptedTerminal, capsys: pytest.CaptureFixture[str]
) -> None:
    fill(content, "2026-11", 3)
    terminal.will_answer(
        "",  # an empty title
        "Shipping a data API",
        "ana-lma, bo-chen",  # a typo: the corrected list becomes the default
        "",  # Enter takes it
        "2026-13",  # no such demo day
        "2026-11",  # full
        "",  # Enter takes the first demo day with an open slot
    )

    code, out, err = run(capsys, "new")

    assert code == 0, err
    assert out[0] == "Created content/talks/2026-12-shipping-a-data-api/index.md"
    event_prompt = (
        "Event YYYY-MM (open slots: 2026-12), or `none` to propose the talk without a date "
        "[2026-12]: "
    )
    assert terminal.prompts == [
        "Title: ",
        "Title: ",
        "Speaker ids, comma-separated (ana-lima, bo-chen, carla-diaz): ",
        "Speaker ids, comma-separated (ana-lima, bo-chen, carla-diaz) [ana-lima, bo-chen]: ",
        *[event_prompt] * 3,
    ]
    assert err.splitlines() == [
        "  The title is empty; try again.",
        "  Unknown speaker `ana-lma`; did you mean `ana-lima`? Try again (Enter takes "
        "[ana-lima, bo-chen]).",
        "  Unknown event `2026-13`; did you mean `2026-12`? Try again.",
        "  Demo day 2026-11 is full: its 3 slots are taken by 3 talks. Choose a demo day "
        "with an open slot: 2026-12 (4 open slots); or propose the talk without a date "
        "(event `none`); or ask an organizer to raise `slots:` in events/2026-11.yml first; "
        "try again.",
    ]
    index = content.root / "talks/2026-12-shipping-a-data-api/index.md"
    assert front_matter(index)["speakers"] == ["ana-lima", "bo-chen"]


def _big_roster(content: ContentKit) -> None:
    people = {f"person-{i:02d}": {"name": f"Person {i:02d}"} for i in range(20)}
    people["greta-lindqvist"] = {"name": "Greta Lindqvist"}
    people["zoe-muller"] = {"name": "Zoë Müller"}
    content.people(people)


def test_the_whole_roster_is_reachable_from_the_speaker_prompt(
    content: ContentKit, terminal: ScriptedTerminal, capsys: pytest.CaptureFixture[str]
) -> None:
    _big_roster(content)
    terminal.will_answer("?", "zo?, gre?", "zoe-muller, greta-lindqvist", "none")

    code, _, err = run(capsys, "new", "--title", "Pair talk")

    assert code == 0, err
    assert terminal.prompts[0] == (
        "Speaker ids, comma-separated (22 people: `?` lists them all, the start of a name "
        "or id and `?` those that match): "
    )
    listed = err.splitlines()
    everyone = listed[:22]
    assert [line.split()[0] for line in everyone] == [
        "greta-lindqvist",
        *(f"person-{i:02d}" for i in range(20)),
        "zoe-muller",
    ]
    assert listed[22:] == [
        "  zoe-muller  Zoë Müller",
        "  greta-lindqvist  Greta Lindqvist",
    ]
    assert front_matter(content.root / "talks/pair-talk/index.md")["speakers"] == [
        "zoe-muller",
        "greta-lindqvist",
    ]


def test_a_first_name_for_an_id_is_asked_again_with_the_person_it_means(
    content: ContentKit, terminal: ScriptedTerminal, capsys: pytest.CaptureFixture[str]
) -> None:
    _big_roster(content)
    terminal.will_answer("greta", "", "none")

    code, _, err = run(capsys, "new", "--title", "Solo")

    assert code == 0
    assert err.splitlines() == [
        "  Unknown speaker `greta`; did you mean `greta-lindqvist` (Greta Lindqvist)? Try "
        "again (Enter takes [greta-lindqvist])."
    ]
    assert front_matter(content.root / "talks/solo/index.md")["speakers"] == ["greta-lindqvist"]


def test_a_title_whose_folder_exists_is_asked_again(
    content: ContentKit, terminal: ScriptedTerminal, capsys: pytest.CaptureFixture[str]
) -> None:
    content.talk("2026-11-taken", "title: Taken\nspeakers: [bo-chen]\nevent: 2026-11\n")
    terminal.will_answer("Taken", "ana-lima", "2026-11", "Not taken")

    code, out, err = run(capsys, "new")

    assert code == 0, err
    assert out[0] == "Created content/talks/2026-11-not-taken/index.md"
    assert err == (
        "  talks/2026-11-taken already exists; choose another title or pass --slug; try again.\n"
    )


# 7. Who a person id means --------------------------------------------------------------


@pytest.mark.parametrize(
    ("host", "hint"),
    [
        ("carla-dias", "; did you mean `carla-diaz`?"),  # a typo
        ("carla", "; did you mean `carla-diaz`?"),  # a first name, near the id
        ("diaz", "; did you mean `carla-diaz` (Carla Diaz)?"),  # a last name, by name
        ("ana-bo", "; add them to people.yml"),  # nobody near
    ],
)
def test_an_unknown_host_suggests_the_person_as_speakers_do(
    content: ContentKit, host: str, hint: str
) -> None:
    content.event("2027-01", f"date: 2027-01-14\nhost: {host}\n")
    content.talk("t", f"title: T\nspeakers: [{host}]\n")

    messages = [f"{p.location}: {p.message}" for p in content.load().problems]

    assert messages == [
        f"events/2027-01.yml:2:7: unknown host `{host}`{hint}",
        f"talks/t/index.md:3:12: unknown speaker `{host}`{hint}",
    ]


def test_a_name_written_instead_of_an_id_suggests_the_id(content: ContentKit) -> None:
    content.event("2027-01", "date: 2027-01-14\nhost: Carla Diaz\n")
    content.talk("t", "title: T\nspeakers: [Ana-Lima]\n")

    messages = [f"{p.location}: {p.message}" for p in content.load().problems]

    assert messages == [
        "events/2027-01.yml:2:7: `host`: `Carla Diaz` is not a valid id: use lowercase "
        "letters, digits and single hyphens, like `ana-lima`; did you mean `carla-diaz`?",
        "talks/t/index.md:3:12: `speakers`: `Ana-Lima` is not a valid id: use lowercase "
        "letters, digits and single hyphens, like `ana-lima`; did you mean `ana-lima`?",
    ]


def test_an_unknown_host_with_nobody_near_says_to_add_them(content: ContentKit) -> None:
    content.event("2027-01", "date: 2027-01-14\nhost: xavier-quo\n")

    messages = [p.message for p in content.load().problems]

    assert messages == ["unknown host `xavier-quo`; add them to people.yml"]


# 8. The hints `new` prints ---------------------------------------------------------------


@pytest.mark.usefixtures("not_a_terminal")
def test_the_next_hint_quotes_a_content_folder_with_a_space(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ContentKit(workdir / "my content").standard()

    code, out, _ = run(
        capsys,
        "new",
        "--title",
        "T",
        "-s",
        "ana-lima",
        "--event",
        "none",
        "--content",
        "my content",
    )

    assert code == 0
    assert out == [
        "Created my content/talks/t/index.md",
        "Next: write the talk in index.md, put slides and notebooks beside it, then run",
        "  showcase check 'my content'",
        "  mkdocs serve",
    ]


@pytest.mark.usefixtures("not_a_terminal")
def test_the_next_hint_quotes_a_config_in_a_folder_with_a_space(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = workdir / "demo days"
    ContentKit(site / "content").standard()
    (site / "mkdocs.yml").write_text("site_name: Demo\ndocs_dir: content\n")

    code, out, _ = run(
        capsys,
        "new",
        "--title",
        "T",
        "-s",
        "ana-lima",
        "--event",
        "none",
        "--config",
        "demo days/mkdocs.yml",
    )

    assert code == 0
    assert out[2:] == ["  showcase check", "  mkdocs serve -f 'demo days/mkdocs.yml'"]


# 4. Tabs in YAML -----------------------------------------------------------------------

TAB_SAYS = (
    "YAML does not parse: a tab character at this line and column; YAML indents and "
    "separates with spaces only, so replace the tab with spaces (YAML says: "
)


@pytest.mark.parametrize(
    ("relative", "text", "where"),
    [
        # A list indented with a tab: "found character that cannot start any token".
        ("talks/t/index.md", "---\ntitle: T\nspeakers:\n\t- ana-lima\n---\nHi.\n", "4:1"),
        # A tab after a list's dash.
        ("talks/t/index.md", "---\ntitle: T\nspeakers:\n  -\tana-lima\n---\nHi.\n", "4:4"),
        # A field of a person indented with a tab after others with spaces.
        ("people.yml", "ana-lima:\n  name: Ana Lima\n\trole: Engineer\n", "3:1"),
        # A tab inside the indentation, after spaces.
        ("people.yml", "ana-lima:\n  name: Ana Lima\n  links:\n  \tGitHub: https://x.org\n", "4:3"),
        # An event's field.
        ("events/2027-01.yml", "date: 2027-01-14\nspeakers:\n- ana-lima\n\t- bo-chen\n", "4:1"),
    ],
)
def test_a_tab_in_yaml_is_named_at_its_line_and_column(
    content: ContentKit, relative: str, text: str, where: str
) -> None:
    content.write(relative, text)

    problems = [p for p in content.load().problems if p.location.path == relative]

    assert len(problems) == 1, [str(p) for p in problems]
    assert str(problems[0].location) == f"{relative}:{where}"
    assert problems[0].message.startswith(TAB_SAYS), problems[0].message


def test_a_tab_where_yaml_allows_one_is_no_problem(content: ContentKit) -> None:
    content.talk("t", "title:\tTabbed\nspeakers: [ana-lima,\tbo-chen]\n")

    assert content.load().problems == ()


def test_check_names_the_tab_in_its_own_line(
    content: ContentKit, capsys: pytest.CaptureFixture[str]
) -> None:
    content.write("events/2027-01.yml", "date: 2027-01-14\nspeakers:\n\t- ana-lima\n")

    code, out, _ = run(capsys, "check")

    assert code == 1
    assert out[0].startswith("content/events/2027-01.yml:3:1: error: YAML does not parse: a tab")


# 5. Empty outline headings ---------------------------------------------------------------


def test_empty_outline_headings_are_found_and_blanked_in_place() -> None:
    writeup = (
        "## The problem\n\n<!-- Who needed what?\n     Two lines. -->\n\n"
        "## What we built\n\nA pipeline.\n\n### Details\n\n"
        "## Code\n\n```md\n## Not a heading\n```\n\n"
        "## Empty\n### Also empty\n<!-- nothing -->\n"
    )

    empty = empty_headings(writeup)
    published = without_empty_headings(writeup)

    assert [(h.line, h.text) for h in empty] == [
        (0, "The problem"),
        (9, "Details"),
        (17, "Empty"),
        (18, "Also empty"),
    ]
    assert published.split("\n") == [
        *[""] * 5,
        "## What we built",
        "",
        "A pipeline.",
        "",
        "",
        "",
        "## Code",
        "",
        "```md",
        "## Not a heading",
        "```",
        *[""] * 5,
    ]


def test_check_notes_the_empty_headings_of_a_writeup(content: ContentKit) -> None:
    half = OUTLINE.replace("## What we built\n", "## What we built\n\nA pipeline.\n")
    content.talk("half", "title: H\nspeakers: [bo-chen]\nevent: 2026-10\n", body=half)
    content.talk("fresh", "title: F\nspeakers: [bo-chen]\nevent: 2026-11\n", body=OUTLINE)

    problems = [(str(p.location), p.severity.value, p.message) for p in content.load().problems]

    assert problems == [
        (
            "talks/fresh/index.md:7",
            "note",
            "the writeup is an outline with nothing written under its headings yet; the "
            "site leaves them out until something is",
        ),
        (
            "talks/half/index.md:7",
            "note",
            "nothing is written under `The problem`, `What we learned`, `Try it yourself`, "
            "so the site leaves them out: write under them, or remove them",
        ),
    ]


# Built sites: the strict build of the pull request and of `main` ------------------------


def _site(root: Path, *, full: bool) -> Path:
    kit = ContentKit(root / "content").standard()
    half = OUTLINE.replace("## What we built\n", "## What we built\n\nA pipeline in a week.\n")
    kit.talk("2026-10-half", "title: Half\nspeakers: [bo-chen]\nevent: 2026-10\n", body=half)
    # Scaffolded for the demo day that has just passed, never filled in.
    kit.talk("2026-10-later", "title: Later\nspeakers: [ana-lima]\nevent: 2026-10\n", body=OUTLINE)
    kit.talk(
        "2026-10-nb",
        "title: Notebook\nspeakers: [carla-diaz]\nevent: 2026-10\nnotebooks: [a.ipynb]\n",
        files={"a.ipynb": attachmentkit.notebook_bytes()},  # pygments_lexer: ipython3
    )
    if full:
        fill(kit, "2026-11", 4)  # 3 slots
    return sitekit.write_project(root)


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, sitekit.PendingBuild]:
    made = tmp_path_factory.mktemp
    return {
        "strict": sitekit.start_build(_site(made("strict"), full=False), today=TODAY),
        "full": sitekit.start_build(_site(made("full"), full=True), strict=False, today=TODAY),
    }


def test_a_strict_build_passes_with_an_unfilled_talk_of_a_past_demo_day(
    builds: dict[str, sitekit.PendingBuild],
) -> None:
    built = builds["strict"].wait().check()

    assert "has nothing to show yet" in built.log  # said, at the INFO level
    assert not re.search(r"^WARNING", built.log, re.M), built.log
    later = built.page("talks/2026-10-later/")
    assert later.h1 == "Later"
    assert later.content.find(["h2", "h3"], string=re.compile("The problem")) is None


def test_headings_with_nothing_under_them_are_not_published(
    builds: dict[str, sitekit.PendingBuild],
) -> None:
    page = builds["strict"].wait().check().page("talks/2026-10-half/")

    headings = [h.get_text(" ", strip=True) for h in page.content.find_all("h2")]

    assert "What we built" in headings
    assert not {"The problem", "What we learned", "Try it yourself"} & set(headings)
    assert "A pipeline in a week." in page.content.get_text()


def test_a_notebook_saved_with_the_ipython3_lexer_is_highlighted_as_python_quietly(
    builds: dict[str, sitekit.PendingBuild],
) -> None:
    built = builds["strict"].wait().check()

    assert "UserWarning" not in built.log and "Traceback" not in built.log, built.log
    assert "lexer unavailable" not in built.log, built.log
    html = built.html("talks/2026-10-nb/")
    # `import` highlighted as Python's keyword for a namespace.
    assert re.search(r'<span class="kn">import</span>', html), html


def test_the_schedule_does_not_claim_the_slots_hold_every_talk(
    builds: dict[str, sitekit.PendingBuild],
) -> None:
    built = builds["full"].wait().check()

    schedule = built.page("schedule/").content
    event = built.page("events/2026-11/").content

    said = schedule.select_one("#event-2026-11").find_parent("section").select_one(".sc-slots")
    assert said.get_text(" ", strip=True) == (
        "4 talks for 3 slots: 1 more than this demo day has room for."
    )
    assert event.select_one(".sc-slots").get_text(" ", strip=True) == (
        "4 talks for 3 slots: 1 more than this demo day has room for."
    )
    open_day = schedule.select_one("#event-2026-12").find_parent("section")
    assert open_day.select_one(".sc-slots").get_text(" ", strip=True) == (
        "0 of 4 slots taken, 4 open: showcase new --event 2026-12 ."
    )
    assert re.search(
        r"^WARNING .*2026-11-t0/index\.md:4:8: .*demo day 2026-11 is full", built.log, re.M
    )


@pytest.mark.parametrize(
    ("language_info", "lexer"),
    [
        ({"name": "python", "pygments_lexer": "ipython3"}, "python3"),
        ({"name": "python", "pygments_lexer": "ipython2"}, "python2"),
        (None, "python3"),  # nbconvert's default is IPython's lexer too
        ({"name": "brainfudge-9"}, "text"),  # no lexer of that name
        ({"name": "R", "pygments_lexer": "r"}, "r"),
    ],
)
def test_a_notebook_is_exported_without_a_warning_whatever_its_lexer(
    language_info: dict[str, str] | None, lexer: str
) -> None:
    notebook = read_notebook(attachmentkit.notebook_bytes())
    if language_info is None:
        del notebook.metadata["language_info"]
    else:
        notebook.metadata["language_info"] = language_info

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # nbconvert warns for a lexer it cannot find
        html = notebook_handler._export(notebook)

    assert notebook.metadata["language_info"]["pygments_lexer"] == lexer
    assert "rows loaded" in html
