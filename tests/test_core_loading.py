"""Reading content folders: awkward files, the model the loader builds, and a real archive."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from contentkit import TODAY, ContentKit, assert_single_problem, described, require_chipy

from showcase import Severity, load_archive
from showcase.settings import TodayError, resolve_today

# Encodings and line endings ---------------------------------------------------------------


def test_file_that_is_not_utf8_names_the_line_and_column_of_the_bad_byte(
    content: ContentKit,
) -> None:
    content.write(
        "talks/t/index.md",
        b"---\ntitle: Caf\xc3\xa9 cr\xe8me\nspeakers: [ana-lima]\n---\nBody\n",
    )

    # Line 2, after "title: Café cr": the column counts characters, not bytes.
    assert_single_problem(
        content.load(),
        "talks/t/index.md:2:15",
        "the file is not UTF-8 text (byte 0xE8)",
        "save it with UTF-8 encoding",
    )


def test_people_file_that_is_not_utf8(kit: ContentKit) -> None:
    kit.write("people.yml", "ana-lima:\n  name: Ana\nzoe:\n  name: Zoë\n".encode("latin-1"))

    assert_single_problem(kit.load(), "people.yml:4:11", "not UTF-8", "0xEB")


def test_byte_order_mark_is_accepted(content: ContentKit) -> None:
    content.write(
        "talks/t/index.md",
        "\ufeff---\ntitle: With a BOM\nspeakers: [ana-lima]\n---\nBody\n",
    )
    content.write("people.yml", "\ufeff" + (content.root / "people.yml").read_text())

    result = content.load()

    assert result.problems == ()
    assert result.archive.talks["t"].title == "With a BOM"
    assert "ana-lima" in result.archive.people


def test_byte_order_mark_does_not_shift_columns(kit: ContentKit) -> None:
    kit.write("people.yml", "\ufeffAna_Lima:\n  name: Ana Lima\n")

    assert_single_problem(kit.load(), "people.yml:1:1", "person id `Ana_Lima` is not valid")


def test_crlf_line_endings_are_accepted(content: ContentKit) -> None:
    content.write(
        "talks/t/index.md",
        "---\r\ntitle: Windows\r\nspeakers: [ana-lima]\r\n---\r\n\r\nFirst line.\r\nSecond.\r\n",
    )

    result = content.load()

    assert result.problems == ()
    talk = result.archive.talks["t"]
    assert talk.title == "Windows"
    # As with LF files, the blank line after the closing `---` is not part of the body.
    assert talk.body == "First line.\nSecond.\n"


def test_crlf_line_endings_keep_lines_and_columns_right(content: ContentKit) -> None:
    content.write(
        "talks/t/index.md",
        "---\r\ntitle: Windows\r\nevent: 2026-11\r\nspeakers: [ana-lima, bo-chn]\r\n---\r\n",
    )
    content.event("2027-01", "date: 2027-01-14\r\nhost: carla-dias\r\n")

    assert described(content.load()) == [
        "events/2027-01.yml:2:7: error: unknown host `carla-dias`; did you mean `carla-diaz`?",
        "talks/t/index.md:4:22: error: unknown speaker `bo-chn`; did you mean `bo-chen`?",
    ]


# Malformed talk files ---------------------------------------------------------------------


def test_empty_index_md(content: ContentKit) -> None:
    content.write("talks/t/index.md", "")

    assert_single_problem(
        content.load(), "talks/t/index.md:1", "the file is empty", "`title` and `speakers`"
    )


def test_index_md_without_front_matter(content: ContentKit) -> None:
    content.write("talks/t/index.md", "# Shipping a data API\n\nWe shipped it.\n")

    assert_single_problem(
        content.load(), "talks/t/index.md:1", "no front matter", "must start with a `---` line"
    )


def test_front_matter_that_is_never_closed(content: ContentKit) -> None:
    content.write("talks/t/index.md", "---\ntitle: T\nspeakers: [ana-lima]\n\nBody\n")

    assert_single_problem(
        content.load(), "talks/t/index.md:1", "the front matter opened on line 1 is never closed"
    )


def test_empty_front_matter(content: ContentKit) -> None:
    content.write("talks/t/index.md", "---\n---\nBody\n")

    assert_single_problem(content.load(), "talks/t/index.md:1", "the front matter is empty")


def test_front_matter_that_is_a_list(content: ContentKit) -> None:
    content.talk("t", "- title: T\n- speakers: [ana-lima]\n")

    assert_single_problem(
        content.load(), "talks/t/index.md:2:1", "the talk must be a mapping of fields, not a list"
    )


def test_front_matter_that_is_plain_text(content: ContentKit) -> None:
    content.talk("t", "Shipping a data API\n")

    assert_single_problem(
        content.load(), "talks/t/index.md:2:1", "the talk must be a mapping of fields, not text"
    )


def test_talk_folder_without_index_md(content: ContentKit) -> None:
    content.write("talks/2026-11-shipping/slides.pdf", b"%PDF-1.4\n")

    assert_single_problem(
        content.load(),
        "talks/2026-11-shipping",
        "the talk folder has no `index.md`",
        "run `showcase new`",
    )


def test_loose_file_in_talks_is_a_warning(content: ContentKit) -> None:
    content.write("talks/notes.md", "# notes\n")

    assert_single_problem(
        content.load(), "talks/notes.md", "one folder per talk", severity=Severity.WARNING
    )


def test_duplicate_key_in_front_matter_names_the_second(content: ContentKit) -> None:
    content.talk("t", "title: First\nspeakers: [ana-lima]\ntitle: Second\n")

    result = content.load()

    assert_single_problem(
        result,
        "talks/t/index.md:4:1",
        "duplicate key `title` (first given on line 2); keep only one",
    )
    assert result.archive.talks["t"].title == "First"


def test_duplicate_person_id_names_the_second(kit: ContentKit) -> None:
    kit.people("ana-lima:\n  name: Ana Lima\nbo-chen:\n  name: Bo\nana-lima:\n  name: Ana L.\n")

    assert_single_problem(
        kit.load(), "people.yml:5:1", "duplicate key `ana-lima` (first given on line 1)"
    )


def test_front_matter_after_blank_lines_keeps_line_numbers(content: ContentKit) -> None:
    content.write("talks/t/index.md", "---\n\n\ntitle: T\nspeakers: [ana-lma]\n---\n")

    assert_single_problem(content.load(), "talks/t/index.md:5:12", "unknown speaker `ana-lma`")


def test_body_starts_after_the_closing_line(content: ContentKit) -> None:
    content.write("talks/t/index.md", "---\ntitle: T\nspeakers: [ana-lima]\n---\n# Intro\n---\n")

    talk = content.load().archive.talks["t"]

    assert talk.body == "# Intro\n---\n"


# Values -----------------------------------------------------------------------------------


def test_quoted_date_is_accepted_as_a_date(content: ContentKit) -> None:
    content.event("2027-01", 'date: "2027-01-14"\n')
    content.people('ana-lima:\n  name: Ana Lima\n  joined: "2024-03-01"\n')

    result = content.load()

    assert result.problems == ()
    assert result.archive.events["2027-01"].date == date(2027, 1, 14)
    assert result.archive.people["ana-lima"].joined == date(2024, 3, 1)


def test_invalid_date_is_an_error_not_a_crash(content: ContentKit) -> None:
    content.event("2027-01", 'date: "2027-01-32"\n')

    assert_single_problem(
        content.load(),
        "events/2027-01.yml:1:7",
        "`date`: expected a date written YYYY-MM-DD, got `2027-01-32`",
    )


def test_numbers_and_dates_in_text_fields_are_kept_as_written(content: ContentKit) -> None:
    content.talk(
        "t", "title: 2026\nspeakers: [ana-lima]\nsummary: 1.50\ntags: [3.10, 2026-01-01]\n"
    )

    talk = content.load().archive.talks["t"]

    assert (talk.title, talk.summary, talk.tags) == ("2026", "1.50", ("3.10", "2026-01-01"))


def test_event_id_that_yaml_would_read_as_a_number_is_text(content: ContentKit) -> None:
    content.talk("t", "title: T\nspeakers: [ana-lima]\nevent: 2026-11\n")

    assert content.load().archive.talks["t"].event == "2026-11"


def test_single_speaker_and_tag_may_be_written_without_a_list(content: ContentKit) -> None:
    content.talk("t", "title: T\nspeakers: ana-lima\ntags: python\n")

    talk = content.load().archive.talks["t"]

    assert (talk.speakers, talk.tags) == (("ana-lima",), ("python",))


def test_tags_are_lowercased_and_deduplicated(content: ContentKit) -> None:
    content.talk("t", "title: T\nspeakers: [ana-lima]\ntags: [Python, APIs, python]\n")

    assert content.load().archive.talks["t"].tags == ("python", "apis")


def test_attachments_are_resolved_relative_to_the_content_folder(content: ContentKit) -> None:
    content.talk(
        "t",
        "title: T\nspeakers: [ana-lima]\nslides: deck/slides.pdf\n"
        "notebooks: [analysis.ipynb]\ncover: cover.png\n",
        files={"deck/slides.pdf": b"%PDF", "analysis.ipynb": "{}", "cover.png": b"\x89PNG"},
    )

    talk = content.load().archive.talks["t"]

    assert [(a.kind, a.name, a.path) for a in talk.attachments] == [
        ("pdf", "slides.pdf", "talks/t/deck/slides.pdf"),
        ("notebook", "analysis.ipynb", "talks/t/analysis.ipynb"),
        ("image", "cover.png", "talks/t/cover.png"),
    ]


# The model --------------------------------------------------------------------------------


def test_event_talks_in_running_order(content: ContentKit) -> None:
    content.talk("late", "title: Late\nspeakers: [ana-lima]\nevent: 2026-11\norder: 2\n")
    content.talk("early", "title: Early\nspeakers: [bo-chen]\nevent: 2026-11\norder: 1\n")
    content.talk("zeta", "title: Zeta\nspeakers: [bo-chen]\nevent: 2026-11\n")
    content.talk("alpha", "title: alpha\nspeakers: [carla-diaz]\nevent: 2026-11\n")
    content.talk("elsewhere", "title: Other\nspeakers: [bo-chen]\nevent: 2026-12\n")

    archive = content.load().archive

    assert [t.slug for t in archive.talks_at("2026-11")] == ["early", "late", "alpha", "zeta"]
    assert [t.slug for t in archive.talks_at("2026-12")] == ["elsewhere"]
    assert archive.talks_at("2026-10") == ()


def test_a_persons_talks_newest_first_then_proposed(content: ContentKit) -> None:
    content.talk("old", "title: Old\nspeakers: [ana-lima]\nevent: 2026-10\n")
    content.talk("new", "title: New\nspeakers: [bo-chen, ana-lima]\nevent: 2026-12\n")
    content.talk("idea", "title: Idea\nspeakers: [ana-lima]\n")
    content.talk("not-hers", "title: Not hers\nspeakers: [bo-chen]\nevent: 2026-11\n")

    archive = content.load().archive

    assert [t.slug for t in archive.talks_by("ana-lima")] == ["new", "old", "idea"]
    assert [t.slug for t in archive.talks_by("bo-chen")] == ["new", "not-hers"]
    assert archive.talks_by("carla-diaz") == ()


def test_proposed_talks_are_those_without_an_event(content: ContentKit) -> None:
    content.talk("b-idea", "title: Beta idea\nspeakers: [ana-lima]\n")
    content.talk("a-idea", "title: alpha idea\nspeakers: [bo-chen]\n")
    content.talk("scheduled", "title: Scheduled\nspeakers: [bo-chen]\nevent: 2026-11\n")

    archive = content.load().archive

    assert [t.slug for t in archive.proposed_talks] == ["a-idea", "b-idea"]


def test_past_and_upcoming_follow_the_given_today(content: ContentKit) -> None:
    archive = content.load(today=date(2026, 11, 19)).archive

    assert [e.id for e in archive.past_events] == ["2026-10"]
    # An event on today is still upcoming: it has not happened yet.
    assert [e.id for e in archive.upcoming_events] == ["2026-11", "2026-12"]
    assert archive.next_event is not None
    assert archive.next_event.id == "2026-11"


def test_today_as_text(content: ContentKit) -> None:
    archive = content.load(today="2026-11-20").archive

    assert [e.id for e in archive.past_events] == ["2026-11", "2026-10"]


def test_today_from_the_environment(content: ContentKit, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SHOWCASE_TODAY", "2027-01-01")

    archive = content.load(today=None).archive

    assert archive.today == date(2027, 1, 1)
    assert archive.upcoming_events == ()
    assert archive.next_event is None


def test_explicit_today_wins_over_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SHOWCASE_TODAY", "2027-01-01")

    assert resolve_today("2026-05-05") == date(2026, 5, 5)
    assert resolve_today(date(2026, 6, 6)) == date(2026, 6, 6)
    assert resolve_today() == date(2027, 1, 1)


def test_invalid_today_in_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SHOWCASE_TODAY", "next tuesday")

    with pytest.raises(TodayError, match="SHOWCASE_TODAY must be a date written YYYY-MM-DD"):
        resolve_today()


def test_without_today_the_real_date_is_used() -> None:
    assert resolve_today() == date.today()


def test_next_event_skips_a_cancelled_one(content: ContentKit) -> None:
    content.event("2026-11", "date: 2026-11-19\ncancelled: true\n")

    archive = content.load().archive

    assert archive.next_event is not None
    assert archive.next_event.id == "2026-12"


def test_given_talks_are_past_and_not_cancelled(content: ContentKit) -> None:
    content.event("2026-09", "date: 2026-09-17\ncancelled: true\n")
    content.talk("given", "title: G\nspeakers: [ana-lima]\nevent: 2026-10\n")
    content.talk("called-off", "title: C\nspeakers: [ana-lima]\nevent: 2026-09\n")
    content.talk("coming", "title: U\nspeakers: [ana-lima]\nevent: 2026-11\n")

    archive = content.load().archive

    assert [t.slug for t in archive.given_talks] == ["given"]


def test_drafts_are_left_out_unless_asked_for(content: ContentKit) -> None:
    content.talk("ready", "title: Ready\nspeakers: [ana-lima]\nevent: 2026-11\n")
    content.talk("wip", "title: WIP\nspeakers: [ana-lima]\nevent: 2026-11\ndraft: true\n")

    without = content.load()
    with_drafts = content.load(include_drafts=True)

    assert list(without.archive.talks) == ["ready"]
    assert without.drafts == 1
    assert list(with_drafts.archive.talks) == ["ready", "wip"]
    assert with_drafts.archive.talks["wip"].draft
    assert [t.slug for t in without.archive.talks_by("ana-lima")] == ["ready"]


def test_drafts_are_still_checked(content: ContentKit) -> None:
    content.talk("wip", "title: WIP\nspeakers: [ana-lma]\ndraft: true\n")

    assert_single_problem(content.load(), "talks/wip/index.md:3:12", "unknown speaker `ana-lma`")


def test_hidden_files_and_folders_are_ignored(content: ContentKit) -> None:
    content.write("talks/.DS_Store", b"\x00\x01")
    content.write("talks/.draft/index.md", "not front matter")
    content.write("events/.2026-11.yml.swp", b"\x00")

    assert content.load().problems == ()


def test_missing_content_folder_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    result = load_archive(tmp_path / "nowhere", today=TODAY)

    assert len(result.problems) == 1
    assert "does not exist" in result.problems[0].message
    assert len(result.archive.talks) == 0


def test_empty_content_folder_is_fine(kit: ContentKit) -> None:
    result = kit.load()

    assert result.problems == ()
    assert (len(result.archive.people), len(result.archive.events)) == (0, 0)


# A real archive ---------------------------------------------------------------------------


@pytest.fixture
def chipy(tmp_path: Path) -> Path:
    return Path(shutil.copytree(require_chipy(), tmp_path / "chipy"))


def test_chipy_archive_loads_without_problems(chipy: Path) -> None:
    result = load_archive(chipy, today=TODAY)

    assert described(result) == []
    archive = result.archive
    assert (len(archive.talks), len(archive.events), len(archive.people)) == (78, 36, 58)
    assert result.drafts == 0
    # Every scheduled talk belongs to an event and every speaker is on the roster.
    assert all(t.event in archive.events for t in archive.talks.values() if t.event)
    assert all(s in archive.people for t in archive.talks.values() for s in t.speakers)
    assert sum(len(archive.talks_at(e)) for e in archive.events) == len(
        [t for t in archive.talks.values() if t.event]
    )


def test_home_text_is_read_and_its_front_matter_checked(content: ContentKit) -> None:
    content.write("index.md", "---\ntitle: [unclosed\n---\n\nWelcome.\n")
    result = content.load()
    assert [str(p.location) for p in result.problems] == ["index.md:3:1"]
    content.write("index.md", "---\ntitle: Home\n---\n\nWelcome to **demo day**.\n")
    assert content.load().home_text.strip() == "Welcome to **demo day**."
