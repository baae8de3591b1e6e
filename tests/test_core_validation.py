"""Every error and warning of the content format, each with its file, line and column.

Each test writes a valid archive with exactly one thing wrong and checks that exactly one
problem comes back, where the author has to look, saying what the spec promises.
"""

from __future__ import annotations

import pytest
from contentkit import ContentKit, assert_single_problem, described, the_problem

from showcase import Severity
from showcase.settings import Settings

WARNING = Severity.WARNING

# YAML that does not parse --------------------------------------------------------------


def test_front_matter_that_does_not_parse_names_the_line_and_column(content: ContentKit) -> None:
    content.talk("broken", "title: Broken\n  speakers: [ana-lima]\n")

    assert_single_problem(
        content.load(),
        "talks/broken/index.md:3:11",
        "YAML does not parse",
        "mapping values are not allowed",
    )


def test_unquoted_title_with_a_colon_in_front_matter_says_to_quote_it(content: ContentKit) -> None:
    content.talk("pandas", "title: Pandas: the good parts\nspeakers: [ana-lima]\n")

    assert_single_problem(
        content.load(),
        "talks/pandas/index.md:2:14",
        "YAML does not parse",
        "mapping values are not allowed",
        'a value that contains `: ` must be in quotes: `title: "Pandas: the good parts"`',
    )


def test_unquoted_title_with_a_colon_in_an_event_file_says_to_quote_it(
    content: ContentKit,
) -> None:
    content.event("2027-01", 'date: 2027-01-14\ntitle: Demo Day: "APIs" edition  # new\n')

    assert_single_problem(
        content.load(),
        "events/2027-01.yml:2:16",
        "YAML does not parse",
        'must be in quotes: `title: "Demo Day: \\"APIs\\" edition"`',
    )


def test_colon_error_without_a_plain_value_to_quote_still_says_what_to_look_for(
    kit: ContentKit,
) -> None:
    kit.people('ana-lima:\n  name: "Ana": Lima\n')

    assert_single_problem(
        kit.load(),
        "people.yml:2:14",
        'if a value contains `: `, put it in quotes, like `title: "Pandas: the good parts"`',
    )


def test_people_file_that_does_not_parse_names_the_line(kit: ContentKit) -> None:
    kit.people("ana-lima:\n  name: Ana Lima\nbo-chen:\n  name: [Bo Chen\n")

    problem = the_problem(kit.load())
    assert problem.location.path == "people.yml"
    assert problem.location.line == 5
    assert "YAML does not parse" in problem.message


def test_event_file_that_does_not_parse_names_the_line_and_column(content: ContentKit) -> None:
    content.event("2027-01", 'date: 2027-01-14\ntitle: "January\n')

    problem = the_problem(content.load())
    assert problem.location.path == "events/2027-01.yml"
    assert problem.location.line == 3
    assert "YAML does not parse" in problem.message
    assert "quoted scalar" in problem.message


def test_unparsable_value_is_reported_once_not_again_as_missing(content: ContentKit) -> None:
    # A date YAML recognises but cannot build (no 30 February) is one problem, not three.
    content.event("2027-02", "date: 2027-02-30\n")

    assert_single_problem(
        content.load(),
        "events/2027-02.yml:1:7",
        "`date`: `2027-02-30` is not a valid date: day is out of range for month",
    )


def test_unparsable_date_names_its_field(kit: ContentKit) -> None:
    kit.people("ana-lima:\n  name: Ana Lima\n  joined: 2024-02-30\n")

    assert_single_problem(
        kit.load(), "people.yml:3:11", "`joined`: `2024-02-30` is not a valid date"
    )


def test_unparsable_date_in_an_away_range_is_one_problem(kit: ContentKit) -> None:
    # The unreadable `from` is not reported again as an away range without `from`.
    kit.people("ana-lima:\n  name: Ana Lima\n  away:\n    - {from: 2026-02-30, to: 2026-03-01}\n")

    assert_single_problem(kit.load(), "people.yml:4:14", "`from`: `2026-02-30` is not a valid date")


def test_unparsable_list_item_is_one_problem(content: ContentKit) -> None:
    content.talk("t", "title: T\nspeakers: [ana-lima]\ntags: [python, !!int x]\n")

    assert_single_problem(
        content.load(), "talks/t/index.md:4:16", "`tags`: `x` is not a valid `!!int` value"
    )


# Wrong types ------------------------------------------------------------------------------


def test_duration_that_is_not_a_number(content: ContentKit) -> None:
    content.talk("t", "title: T\nspeakers: [ana-lima]\nduration: fifteen\n")

    assert_single_problem(
        content.load(),
        "talks/t/index.md:4:11",
        "`duration`: expected a whole number, got `fifteen`",
    )


def test_title_that_is_a_list(content: ContentKit) -> None:
    content.talk("t", "title: [a, b]\nspeakers: [ana-lima]\n")

    assert_single_problem(
        content.load(), "talks/t/index.md:2:8", "`title`: expected text, got a list"
    )


def test_speaker_that_is_a_mapping(content: ContentKit) -> None:
    content.talk("t", "title: T\nspeakers:\n  - {id: ana-lima}\n")

    assert_single_problem(
        content.load(), "talks/t/index.md:4:5", "`speakers`: expected text, got a mapping"
    )


def test_draft_that_is_not_true_or_false(content: ContentKit) -> None:
    content.talk("t", "title: T\nspeakers: [ana-lima]\ndraft: maybe\n")

    assert_single_problem(
        content.load(), "talks/t/index.md:4:8", "`draft`: expected true or false, got `maybe`"
    )


def test_event_slots_below_one(content: ContentKit) -> None:
    content.event("2027-01", "date: 2027-01-14\nslots: 0\n")

    assert_single_problem(
        content.load(), "events/2027-01.yml:2:8", "`slots`: must be 1 or more, got 0"
    )


def test_event_start_that_is_not_a_clock_time(content: ContentKit) -> None:
    content.event("2027-01", "date: 2027-01-14\nstart: 4pm\n")

    assert_single_problem(
        content.load(), "events/2027-01.yml:2:8", 'expected a time written "HH:MM"', "`4pm`"
    )


def test_unquoted_clock_time_is_read_as_written(content: ContentKit) -> None:
    # YAML 1.1 turns an unquoted 16:00 into the number 960; the raw text must win.
    content.event("2027-01", "date: 2027-01-14\nstart: 16:00\nend: 17:30\n")

    result = content.load()

    assert result.problems == ()
    event = result.archive.events["2027-01"]
    assert (str(event.start), str(event.end)) == ("16:00:00", "17:30:00")


def test_link_without_url_points_at_the_link(content: ContentKit) -> None:
    content.talk("t", "title: T\nspeakers: [ana-lima]\nlinks:\n  - {title: Code}\n")

    assert_single_problem(content.load(), "talks/t/index.md:5:5", "link has no `url`")


def test_video_that_is_neither_a_file_nor_a_web_address(content: ContentKit) -> None:
    content.talk("t", "title: T\nspeakers: [ana-lima]\nvideo: youtube\n")

    assert_single_problem(
        content.load(),
        "talks/t/index.md:4:8",
        "`youtube` does not exist in talks/t/",
        "`video` names a recording beside `index.md`",
        "https://",
    )


def test_video_link_that_is_not_https(content: ContentKit) -> None:
    content.talk("t", "title: T\nspeakers: [ana-lima]\nvideo: ftp://videos.example/t\n")

    assert_single_problem(content.load(), "talks/t/index.md:4:8", "is not a web address")


def test_person_date_with_a_time_of_day(kit: ContentKit) -> None:
    kit.people("ana-lima:\n  name: Ana Lima\n  joined: 2024-03-01 09:00:00\n")

    assert_single_problem(
        kit.load(), "people.yml:3:11", "`joined`: expected a date (YYYY-MM-DD) without a time"
    )


# Unknown and missing fields ---------------------------------------------------------------


def test_unknown_field_suggests_the_closest_known_field(content: ContentKit) -> None:
    content.talk("t", "title: T\nspeakers: [ana-lima]\nsumary: Short.\n")

    assert_single_problem(
        content.load(),
        "talks/t/index.md:4:1",
        "unknown field `sumary` in the talk; did you mean `summary`?",
    )


def test_misspelt_required_field_is_unknown_and_missing(content: ContentKit) -> None:
    content.talk("t", "speakers: [ana-lima]\ntitel: Shipping a data API\n")

    result = content.load()

    assert described(result) == [
        "talks/t/index.md:2:1: error: the talk has no `title`; it is required",
        "talks/t/index.md:3:1: error: unknown field `titel` in the talk; did you mean `title`?",
    ]


def test_unknown_field_in_event_and_person(kit: ContentKit) -> None:
    kit.people("ana-lima:\n  name: Ana Lima\n  github: ana\n")
    kit.event("2027-01", "date: 2027-01-14\nhots: ana-lima\n")

    result = kit.load()

    assert described(result) == [
        "events/2027-01.yml:2:1: error: unknown field `hots` in the event; did you mean `host`?",
        "people.yml:3:3: error: unknown field `github` in person `ana-lima`",
    ]


def test_missing_speakers(content: ContentKit) -> None:
    content.talk("t", "title: T\nevent: 2026-11\n")

    assert_single_problem(
        content.load(), "talks/t/index.md:2:1", "the talk has no `speakers`; it is required"
    )


def test_empty_speakers(content: ContentKit) -> None:
    content.talk("t", "title: T\nspeakers: []\n")

    assert_single_problem(content.load(), "talks/t/index.md:3:1", "`speakers` is empty")


def test_empty_title_is_one_problem(content: ContentKit) -> None:
    content.talk("t", 'title: ""\nspeakers: [ana-lima]\n')

    assert_single_problem(content.load(), "talks/t/index.md:2:8", "`title`: must not be empty")


def test_title_with_no_value_is_one_problem(content: ContentKit) -> None:
    content.talk("t", "title:\nspeakers: [ana-lima]\n")

    assert_single_problem(content.load(), "talks/t/index.md:2:1", "`title` is empty")


def test_event_without_date(content: ContentKit) -> None:
    content.event("2027-01", "title: January\n")

    assert_single_problem(
        content.load(), "events/2027-01.yml:1:1", "the event has no `date`; it is required"
    )


def test_person_without_name(kit: ContentKit) -> None:
    kit.people("ana-lima:\n  team: Platform\n")

    assert_single_problem(
        kit.load(), "people.yml:2:3", "person `ana-lima` has no `name`; it is required"
    )


# Ids and slugs ----------------------------------------------------------------------------


@pytest.mark.parametrize("bad_id", ["Ana-Lima", "ana_lima", "ana--lima", "-ana", "ana lima"])
def test_person_id_that_breaks_the_rules(kit: ContentKit, bad_id: str) -> None:
    kit.people(f"bo-chen:\n  name: Bo Chen\n'{bad_id}':\n  name: Ana\n")

    assert_single_problem(
        kit.load(), "people.yml:3:1", f"person id `{bad_id}` is not valid", "lowercase letters"
    )


def test_talk_folder_that_is_not_a_valid_slug(content: ContentKit) -> None:
    content.talk("Shipping_API", "title: T\nspeakers: [ana-lima]\n")

    assert_single_problem(
        content.load(), "talks/Shipping_API", "talk folder `Shipping_API` is not a valid slug"
    )


def test_person_ids_that_differ_only_in_case(kit: ContentKit) -> None:
    kit.people("ana-lima:\n  name: Ana Lima\nAna-Lima:\n  name: Ana Lima\n")

    result = kit.load()

    assert described(result) == [
        "people.yml:3:1: error: person id `Ana-Lima` differs from `ana-lima` only in case; "
        "ids must differ in more than case",
        "people.yml:3:1: error: person id `Ana-Lima` is not valid: use lowercase letters, "
        "digits and single hyphens, like `ana-lima`",
    ]


def test_talk_slugs_that_differ_only_in_case(content: ContentKit) -> None:
    content.talk("my-talk", "title: Mine\nspeakers: [ana-lima]\n")
    content.talk("My-Talk", "title: Mine too\nspeakers: [bo-chen]\n")

    result = content.load()

    messages = {str(p.location): p.message for p in result.problems if "only in case" in p.message}
    # Folders are read in sorted order, so the uppercase one comes first.
    assert messages == {
        "talks/my-talk": "talk slug `my-talk` differs from `My-Talk` only in case; "
        "ids must differ in more than case"
    }
    assert len(result.problems) == 2, described(result)


def test_event_file_named_for_no_month(content: ContentKit) -> None:
    content.event("2026-13", "date: 2026-12-01\n")
    content.write("events/november.yml", "date: 2026-11-19\n")
    content.write("events/2027-01.yaml", "date: 2027-01-14\n")

    result = content.load()

    assert [str(p.location) for p in result.problems] == [
        "events/2026-13.yml",
        "events/2027-01.yaml",
        "events/november.yml",
    ]
    assert all("named for its month" in p.message for p in result.problems)


# References -------------------------------------------------------------------------------


def test_unknown_speaker_suggests_the_closest_person(content: ContentKit) -> None:
    content.talk("t", "title: T\nspeakers: [ana-lma]\n")

    assert_single_problem(
        content.load(),
        "talks/t/index.md:3:12",
        "unknown speaker `ana-lma`; did you mean `ana-lima`?",
    )


def test_unknown_second_speaker_points_at_its_own_line(content: ContentKit) -> None:
    content.talk("t", "title: T\nspeakers:\n  - ana-lima\n  - bo-chn\n")

    assert_single_problem(
        content.load(),
        "talks/t/index.md:5:5",
        "unknown speaker `bo-chn`; did you mean `bo-chen`?",
    )


def test_unknown_speaker_with_no_close_match_says_how_to_fix(content: ContentKit) -> None:
    content.talk("t", "title: T\nspeakers: [zygmunt]\n")

    assert_single_problem(
        content.load(),
        "talks/t/index.md:3:12",
        "unknown speaker `zygmunt`; add them to people.yml",
    )


def test_unknown_host(content: ContentKit) -> None:
    content.event("2027-01", "date: 2027-01-14\nhost: carla-dias\n")

    assert_single_problem(
        content.load(),
        "events/2027-01.yml:2:7",
        "unknown host `carla-dias`; did you mean `carla-diaz`?",
    )


def test_unknown_speaker_in_event_file(content: ContentKit) -> None:
    content.event("2027-01", "date: 2027-01-14\nspeakers: [bo-chen, dee-park]\n")

    assert_single_problem(
        content.load(),
        "events/2027-01.yml:2:21",
        "unknown speaker `dee-park`; add them to people.yml",
    )


def test_unknown_event_that_is_a_month_asks_for_its_event_file(content: ContentKit) -> None:
    # 2025-11 is one letter from 2026-11, but it is a real month: suggesting the other
    # month would move the talk; what is missing is the event file.
    content.talk("t", "title: T\nspeakers: [ana-lima]\nevent: 2025-11\n")

    assert_single_problem(
        content.load(),
        "talks/t/index.md:4:8",
        "unknown event `2025-11`: there is no `events/2025-11.yml`; add it, "
        "or leave `event` out to propose the talk",
    )


def test_unknown_event_that_is_not_a_month_suggests_the_closest_event(
    content: ContentKit,
) -> None:
    content.talk("t", "title: T\nspeakers: [ana-lima]\nevent: 2026-11x\n")

    assert_single_problem(
        content.load(),
        "talks/t/index.md:4:8",
        "unknown event `2026-11x`; did you mean `2026-11`?",
    )


def test_unknown_event_without_close_match_says_how_events_are_named(kit: ContentKit) -> None:
    kit.people("ana-lima:\n  name: Ana Lima\n")
    kit.talk("t", "title: T\nspeakers: [ana-lima]\nevent: next-month\n")

    assert_single_problem(
        kit.load(),
        "talks/t/index.md:4:8",
        "unknown event `next-month`; events are named by month, like `2026-11`",
    )


# Event dates and times --------------------------------------------------------------------


def test_event_date_outside_its_month(content: ContentKit) -> None:
    content.event("2027-01", "title: January\ndate: 2027-02-04\n")

    assert_single_problem(
        content.load(),
        "events/2027-01.yml:2:7",
        "`date` 2027-02-04 is not in January 2027, the month this file is named for",
    )


def test_event_end_before_start(content: ContentKit) -> None:
    content.event("2027-01", 'date: 2027-01-14\nstart: "17:00"\nend: "16:30"\n')

    assert_single_problem(
        content.load(),
        "events/2027-01.yml:3:6",
        "`end` 16:30 is not after `start` 17:00",
    )


def test_event_end_without_start(content: ContentKit) -> None:
    content.event("2027-01", 'date: 2027-01-14\nend: "16:30"\n')

    assert_single_problem(
        content.load(), "events/2027-01.yml:2:1", "`end` is given without a `start`"
    )


@pytest.mark.parametrize(
    ("start", "message"),
    [
        ("4pm", 'expected a time written "HH:MM" (24-hour), got `4pm`'),
        ("!!timestamp 4pm", "`4pm` is not a valid date"),
    ],
)
def test_event_start_that_cannot_be_read_is_not_also_missing_for_end(
    content: ContentKit, start: str, message: str
) -> None:
    content.event("2027-01", f'date: 2027-01-14\nstart: {start}\nend: "16:30"\n')

    assert_single_problem(content.load(), "events/2027-01.yml:2:8", f"`start`: {message}")


def test_person_away_range_that_ends_before_it_starts(kit: ContentKit) -> None:
    kit.people("ana-lima:\n  name: Ana Lima\n  away:\n    - {from: 2026-12-20, to: 2026-12-01}\n")

    assert_single_problem(
        kit.load(), "people.yml:4:7", "`away`: the range ends (2026-12-01) before it starts"
    )


# Attachments ------------------------------------------------------------------------------


def test_missing_attachment_suggests_the_file_beside_it(content: ContentKit) -> None:
    content.talk(
        "t",
        "title: T\nspeakers: [ana-lima]\nslides: slide.pdf\n",
        files={"slides.pdf": b"%PDF-1.4\n"},
    )

    assert_single_problem(
        content.load(),
        "talks/t/index.md:4:9",
        "`slide.pdf` does not exist in talks/t/; did you mean `slides.pdf`?",
    )


def test_missing_notebook_points_at_its_list_item(content: ContentKit) -> None:
    content.talk(
        "t",
        "title: T\nspeakers: [ana-lima]\nnotebooks:\n  - analysis.ipynb\n  - extra.ipynb\n",
        files={"analysis.ipynb": "{}"},
    )

    assert_single_problem(
        content.load(), "talks/t/index.md:6:5", "`extra.ipynb` does not exist in talks/t/"
    )


def test_attachment_path_with_dot_dot(content: ContentKit) -> None:
    content.talk("other", "title: O\nspeakers: [bo-chen]\n", files={"slides.pdf": b"%PDF"})
    content.talk("t", "title: T\nspeakers: [ana-lima]\nslides: ../other/slides.pdf\n")

    assert_single_problem(
        content.load(),
        "talks/t/index.md:4:9",
        "`../other/slides.pdf` must be a file in the talk's folder",
        "without `..`",
    )


@pytest.mark.parametrize("absolute", ["/etc/passwd.pdf", "C:/Users/ana/slides.pdf"])
def test_absolute_attachment_path(content: ContentKit, absolute: str) -> None:
    content.talk("t", f"title: T\nspeakers: [ana-lima]\nslides: '{absolute}'\n")

    assert_single_problem(
        content.load(),
        "talks/t/index.md:4:9",
        f"`{absolute}` must be a file in the talk's folder, given by a relative path",
    )


def test_symbolic_link_that_leads_out_of_the_talk_folder(content: ContentKit) -> None:
    secret = content.root.parent / "secret.pdf"
    secret.write_bytes(b"%PDF-1.4 not for the site\n")
    folder = content.talk("t", "title: T\nspeakers: [ana-lima]\nslides: slides.pdf\n").parent
    (folder / "slides.pdf").symlink_to(secret)

    # The link itself is the problem (it is refused wherever it is, named or not); the
    # front matter that names it brings no second one.
    assert_single_problem(
        content.load(),
        "talks/t/slides.pdf",
        f"symbolic link to `{secret}`, outside the content folder",
    )


def test_symbolic_link_that_stays_in_the_talk_folder_is_fine(content: ContentKit) -> None:
    folder = content.talk(
        "t",
        "title: T\nspeakers: [ana-lima]\nslides: slides.pdf\n",
        files={"deck/v2.pdf": b"%PDF-1.4\n"},
    ).parent
    (folder / "slides.pdf").symlink_to(folder / "deck" / "v2.pdf")

    result = content.load()

    assert result.problems == ()
    slides = result.archive.talks["t"].slides
    assert slides is not None
    assert slides.path == "talks/t/slides.pdf"


def test_attachment_of_a_kind_showcase_cannot_show(content: ContentKit) -> None:
    content.talk(
        "t",
        "title: T\nspeakers: [ana-lima]\nslides: deck.pptx\n",
        files={"deck.pptx": b"PK"},
    )

    assert_single_problem(
        content.load(),
        "talks/t/index.md:4:9",
        "Showcase cannot show `deck.pptx` as slides: use .htm, .html, .pdf or an https:// link",
    )


def test_notebook_and_cover_of_the_wrong_kind(content: ContentKit) -> None:
    content.talk(
        "t",
        "title: T\nspeakers: [ana-lima]\nnotebooks: [analysis.py]\ncover: cover.pdf\n",
        files={"analysis.py": "print()\n", "cover.pdf": b"%PDF"},
    )

    result = content.load()

    assert described(result) == [
        "talks/t/index.md:4:13: error: Showcase cannot show `analysis.py` as notebooks: use .ipynb",
        "talks/t/index.md:5:8: error: Showcase cannot show `cover.pdf` as cover: "
        "use .gif, .jpeg, .jpg, .png, .webp",
    ]


def test_slides_link_must_be_https(content: ContentKit) -> None:
    content.talk("t", "title: T\nspeakers: [ana-lima]\nslides: http://example.com/deck\n")

    assert_single_problem(content.load(), "talks/t/index.md:4:9", "must start with https://")


def test_avatar_outside_the_content_folder(kit: ContentKit) -> None:
    kit.people("ana-lima:\n  name: Ana Lima\n  avatar: ../ana.jpg\n")

    assert_single_problem(
        kit.load(), "people.yml:3:11", "`../ana.jpg` must be a path inside the content folder"
    )


# Running order ----------------------------------------------------------------------------


def test_two_talks_with_the_same_order_in_one_event(content: ContentKit) -> None:
    content.talk("a-first", "title: A\nspeakers: [ana-lima]\nevent: 2026-11\norder: 1\n")
    content.talk("b-second", "title: B\nspeakers: [bo-chen]\nevent: 2026-11\norder: 1\n")
    content.talk("c-other", "title: C\nspeakers: [bo-chen]\nevent: 2026-12\norder: 1\n")

    assert_single_problem(
        content.load(),
        "talks/b-second/index.md:5:8",
        "`order: 1` is already taken in 2026-11 by talks/a-first",
    )


# Warnings ---------------------------------------------------------------------------------


def test_past_talk_with_nothing_to_show_is_a_note(content: ContentKit) -> None:
    # A note, not a warning: it appears with time, and time must not fail a build.
    content.talk("t", "title: T\nspeakers: [ana-lima]\nevent: 2026-10\n", body="")

    result = content.load()

    assert_single_problem(
        result,
        "talks/t/index.md:1",
        "the talk was given on 2026-10-15 but has nothing to show yet",
        severity=Severity.NOTE,
    )
    assert (result.errors, result.warnings) == ((), ())


def test_past_talk_with_only_the_empty_outline_has_nothing_to_show(content: ContentKit) -> None:
    outline = "## The problem\n\n<!-- Who needed what? -->\n\n## What we built\n"
    content.talk("t", "title: T\nspeakers: [ana-lima]\nevent: 2026-10\n", body=outline)

    assert_single_problem(
        content.load(), "talks/t/index.md:1", "nothing to show", severity=Severity.NOTE
    )


@pytest.mark.parametrize(
    "extra",
    [
        "summary: One paragraph.\n",
        "video: https://video.example/t\n",
        "slides: https://slides.example/t\n",
    ],
)
def test_past_talk_with_something_to_show_is_fine(content: ContentKit, extra: str) -> None:
    content.talk("t", f"title: T\nspeakers: [ana-lima]\nevent: 2026-10\n{extra}", body="")

    assert content.load().problems == ()


def test_talk_of_a_cancelled_past_event_needs_nothing_to_show(content: ContentKit) -> None:
    content.event("2026-09", "date: 2026-09-17\ncancelled: true\n")
    content.talk("t", "title: T\nspeakers: [ana-lima]\nevent: 2026-09\n", body="")

    assert content.load().problems == ()


def test_upcoming_talk_with_nothing_yet_is_fine(content: ContentKit) -> None:
    content.talk("t", "title: T\nspeakers: [ana-lima]\nevent: 2026-12\n", body="")

    assert content.load().problems == ()


def test_upcoming_event_with_more_talks_than_slots(content: ContentKit) -> None:
    # 2026-11 has `slots: 3`: each talk without a place is told, at its own `event:` line
    # (the file a presenter's pull request adds), what to do; the event file is not named.
    for slug in ("a", "b", "c", "d"):
        content.talk(slug, f"title: {slug}\nspeakers: [ana-lima]\nevent: 2026-11\n")

    result = content.load()

    assert [str(p.location) for p in result.problems] == [
        f"talks/{slug}/index.md:4:8" for slug in ("a", "b", "c", "d")
    ], described(result)
    assert {p.severity for p in result.problems} == {WARNING}
    assert result.problems[0].message == (
        "demo day 2026-11 is full: 4 talks for its 3 slots, so one has to move. Move this "
        "talk to a demo day with an open slot (`event: 2026-12`), or leave `event:` out to "
        "propose it without a date; or ask an organizer to raise `slots:` in "
        "events/2026-11.yml, or to give the talks that keep their place an `order:`"
    )


def test_talks_given_their_place_by_order_are_not_told_to_move(content: ContentKit) -> None:
    for order, slug in enumerate(("a", "b", "c"), start=1):
        content.talk(slug, f"title: {slug}\nspeakers: [ana-lima]\nevent: 2026-11\norder: {order}\n")
    content.talk("new", "title: New\nspeakers: [bo-chen]\nevent: 2026-11\n")

    assert_single_problem(
        content.load(), "talks/new/index.md:4:8", "demo day 2026-11 is full", severity=WARNING
    )


def test_a_full_event_with_no_open_demo_day_says_to_move_later(content: ContentKit) -> None:
    content.event("2026-12", "date: 2026-12-17\nslots: 1\n")
    content.talk("x", "title: X\nspeakers: [ana-lima]\nevent: 2026-12\n")
    for slug in ("a", "b", "c", "d"):
        content.talk(slug, f"title: {slug}\nspeakers: [ana-lima]\nevent: 2026-11\n")

    messages = {p.message for p in content.load().problems}

    assert messages == {
        "demo day 2026-11 is full: 4 talks for its 3 slots, so one has to move. Move this "
        "talk to a later demo day (no upcoming one has an open slot), or leave `event:` out "
        "to propose it without a date; or ask an organizer to raise `slots:` in "
        "events/2026-11.yml, or to give the talks that keep their place an `order:`"
    }


def test_upcoming_event_over_the_default_slots(content: ContentKit) -> None:
    for slug in ("a", "b"):
        content.talk(slug, f"title: {slug}\nspeakers: [ana-lima]\nevent: 2026-12\n")

    result = content.load(settings=Settings(default_slots=1))

    assert [str(p.location) for p in result.problems] == [
        "talks/a/index.md:4:8",
        "talks/b/index.md:4:8",
    ]
    assert "2 talks for its 1 slots" in result.problems[0].message


def test_drafts_and_past_events_do_not_count_against_slots(content: ContentKit) -> None:
    for slug in ("a", "b", "c"):
        content.talk(slug, f"title: {slug}\nspeakers: [ana-lima]\nevent: 2026-11\n")
    content.talk("d", "title: d\nspeakers: [ana-lima]\nevent: 2026-11\ndraft: true\n")
    for slug in ("e", "f"):
        content.talk(slug, f"title: {slug}\nspeakers: [ana-lima]\nevent: 2026-10\n")

    assert content.load(settings=Settings(default_slots=1)).problems == ()


def test_drafts_do_not_count_against_slots_even_when_the_build_shows_them(
    content: ContentKit,
) -> None:
    for slug in ("a", "b", "c"):
        content.talk(slug, f"title: {slug}\nspeakers: [ana-lima]\nevent: 2026-11\n")
    content.talk("d", "title: d\nspeakers: [ana-lima]\nevent: 2026-11\ndraft: true\n")

    assert content.load(include_drafts=True).problems == ()


def test_listed_speakers_without_a_talk_do_not_count_as_talks_against_slots(
    content: ContentKit,
) -> None:
    # The format warns when talks outnumber slots; a speaker due to present is no talk yet.
    content.event("2027-01", "date: 2027-01-14\nslots: 2\nspeakers: [bo-chen, carla-diaz]\n")
    for slug in ("a", "b"):
        content.talk(slug, f"title: {slug}\nspeakers: [ana-lima]\nevent: 2027-01\n")

    assert content.load().problems == ()


def test_an_event_today_is_upcoming_and_counts_its_slots(content: ContentKit) -> None:
    for slug in ("a", "b", "c", "d"):
        content.talk(slug, f"title: {slug}\nspeakers: [ana-lima]\nevent: 2026-11\n")

    result = content.load(today="2026-11-19")

    assert len(result.warnings) == 4
    assert "demo day 2026-11 is full: 4 talks for its 3 slots" in result.warnings[0].message


def test_event_slots_that_cannot_be_read_do_not_fall_back_to_the_default(
    content: ContentKit,
) -> None:
    content.event("2027-01", "date: 2027-01-14\nslots: five\n")
    for slug in ("a", "b"):
        content.talk(slug, f"title: {slug}\nspeakers: [ana-lima]\nevent: 2027-01\n")

    assert_single_problem(
        content.load(settings=Settings(default_slots=1)),
        "events/2027-01.yml:2:8",
        "`slots`: expected a whole number, got `five`",
    )


def test_unknown_tag_when_the_site_restricts_tags(content: ContentKit) -> None:
    content.talk("t", "title: T\nspeakers: [ana-lima]\ntags: [python, pyhton]\n")

    assert_single_problem(
        content.load(settings=Settings(allowed_tags=("python", "apis"))),
        "talks/t/index.md:4:16",
        "tag `pyhton` is not one of the site's tags; did you mean `python`?",
        severity=WARNING,
    )


def test_unknown_tag_after_a_case_duplicate_names_its_own_line(content: ContentKit) -> None:
    content.talk("t", "title: T\nspeakers: [ana-lima]\ntags:\n  - Python\n  - python\n  - rust\n")

    assert_single_problem(
        content.load(settings=Settings(allowed_tags=("python",))),
        "talks/t/index.md:7:5",
        "tag `rust` is not one of the site's tags",
        severity=WARNING,
    )


def test_any_tag_is_fine_when_the_site_does_not_restrict_tags(content: ContentKit) -> None:
    content.talk("t", "title: T\nspeakers: [ana-lima]\ntags: [anything, goes]\n")

    assert content.load().problems == ()


# All at once ------------------------------------------------------------------------------


def test_every_problem_is_reported_in_one_run(content: ContentKit) -> None:
    content.people(
        "ana-lima:\n  name: Ana Lima\nbo-chen:\n  name: Bo Chen\ncarla-diaz:\n  name: Carla\n"
        "Dee_Park:\n  name: Dee\n"
    )
    content.event("2027-01", "date: 2027-02-04\nhost: carla-dias\n")
    content.event("2027-02", 'date: 2027-02-11\nstart: "18:00"\nend: "17:00"\nslots: 1\n')
    content.talk("past-empty", "title: P\nspeakers: [ana-lima]\nevent: 2026-10\n", body="")
    content.talk("typo", "title: T\nspeakers: [ana-lma]\nsumary: S\n")
    content.talk("wrong-event", "title: W\nspeakers: [bo-chen]\nevent: 2025-11\n")
    content.talk("first", "title: F\nspeakers: [bo-chen]\nevent: 2027-02\norder: 1\n")
    content.talk("second", "title: S\nspeakers: [bo-chen]\nevent: 2027-02\norder: 1\n")
    content.talk("slides-gone", "title: G\nspeakers: [bo-chen]\nslides: slides.pdf\n")
    content.talk("tagged", "title: X\nspeakers: [bo-chen]\ntags: [ruby]\n")
    content.write("talks/no-index/notes.txt", "todo\n")
    content.write("talks/broken/index.md", "---\ntitle: [\n---\n")

    result = content.load(settings=Settings(allowed_tags=("python",)))

    assert [(str(p.location), p.severity.value) for p in result.problems] == [
        ("events/2027-01.yml:1:7", "error"),  # date outside month
        ("events/2027-01.yml:2:7", "error"),  # unknown host
        ("events/2027-02.yml:3:6", "error"),  # end before start
        ("people.yml:7:1", "error"),  # bad id
        ("talks/broken/index.md:3:1", "error"),  # YAML does not parse (at the closing ---)
        ("talks/no-index", "error"),  # no index.md
        ("talks/past-empty/index.md:1", "note"),  # nothing to show
        ("talks/second/index.md:4:8", "warning"),  # more talks than slots
        ("talks/second/index.md:5:8", "error"),  # same order
        ("talks/slides-gone/index.md:4:9", "error"),  # missing attachment
        ("talks/tagged/index.md:4:8", "warning"),  # unknown tag
        ("talks/typo/index.md:3:12", "error"),  # unknown speaker
        ("talks/typo/index.md:4:1", "error"),  # unknown field
        ("talks/wrong-event/index.md:4:8", "error"),  # unknown event
    ], described(result)
    assert (len(result.errors), len(result.warnings), len(result.notes)) == (11, 2, 1)
    assert not result.ok
    # What could be read is still there for the rest of the run.
    assert set(result.archive.talks) >= {"past-empty", "typo", "first", "second", "tagged"}


# One broken record, one problem -------------------------------------------------------


def test_a_roster_that_does_not_parse_is_the_only_problem_reported(content: ContentKit) -> None:
    # Every talk names people; with the roster unreadable they must not all become
    # "unknown speaker" and bury the one real problem.
    content.people("ana-lima:\n  name: Ana Lima\n bo-chen:\n  name: Bo Chen\n")
    content.talk("t", "title: T\nspeakers: [ana-lima, bo-chen]\nevent: 2026-11\n")

    result = content.load()

    assert [p.location.path for p in result.problems] == ["people.yml"]
    assert "YAML does not parse" in result.problems[0].message


def test_a_person_without_a_name_is_reported_once_not_at_each_talk(content: ContentKit) -> None:
    content.people("ana-lima:\n  role: Analyst\nbo-chen:\n  name: Bo Chen\n")
    content.talk("t", "title: T\nspeakers: [ana-lima]\nevent: 2026-11\n")

    assert_single_problem(content.load(), "people.yml:2:3", "person `ana-lima` has no `name`")


def test_an_event_file_with_a_bad_date_is_not_reported_missing_by_its_talks(
    content: ContentKit,
) -> None:
    content.event("2026-12", "date: 2026-12-32\n")
    content.talk("t", "title: T\nspeakers: [ana-lima]\nevent: 2026-12\n")

    result = content.load()

    assert [p.location.path for p in result.problems] == ["events/2026-12.yml"]
