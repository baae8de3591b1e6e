"""Names and one-line values ``check`` used to accept or pass over in silence: a folder where
a file belongs (``events/2027-02.yml/``, ``index.md/``), a ``talks`` or ``events`` that is a
file, a backslash or a bidirectional control in a file name or a title, and a ``slides:``
web address that ``video:`` and ``links:`` refuse."""

from __future__ import annotations

import pytest
from contentkit import ContentKit, assert_single_problem, described

from showcase import Severity

FRONT = "title: T\nspeakers: [ana-lima]\nevent: 2026-10\n"


def test_a_folder_named_like_an_event_file_is_an_error(content: ContentKit) -> None:
    (content.root / "events/2027-02.yml").mkdir()
    (content.root / "events/2027-02.yml/a").write_text("x")
    assert_single_problem(content.load(), "events/2027-02.yml", "is a folder", "an event is a file")


def test_a_talks_that_is_a_file_is_an_error(content: ContentKit) -> None:
    content.write("talks", "x")
    assert_single_problem(content.load(), "talks", "`talks` is a file", "one folder per talk")


def test_an_events_that_is_a_file_is_one_error_not_one_per_talk(kit: ContentKit) -> None:
    kit.people("ana-lima: {name: Ana Lima}\n")
    kit.write("events", "x")
    kit.talk("t", FRONT)
    assert_single_problem(kit.load(), "events", "`events` is a file")


def test_an_index_md_that_is_a_folder_is_an_error(content: ContentKit) -> None:
    (content.root / "index.md").mkdir()
    assert_single_problem(content.load(), "index.md", "`index.md` is a folder")


def test_a_talks_index_md_that_is_a_folder_says_so(content: ContentKit) -> None:
    (content.root / "talks/t/index.md").mkdir(parents=True)
    assert_single_problem(content.load(), "talks/t/index.md", "this is a folder")


def test_people_yml_that_is_a_folder_says_so(content: ContentKit) -> None:
    (content.root / "people.yml").unlink()
    (content.root / "people.yml").mkdir()
    assert_single_problem(content.load(), "people.yml", "`people.yml` is a folder")


def test_an_attachment_that_is_a_folder_says_so(content: ContentKit) -> None:
    content.talk("t", FRONT + "notebooks: [n.ipynb]\n")
    (content.root / "talks/t/n.ipynb").mkdir()
    assert_single_problem(content.load(), "talks/t/index.md:5:13", "is a folder", "not a file")


def test_a_backslash_in_an_attachments_name_is_named_as_such(content: ContentKit) -> None:
    content.talk("t", FRONT + 'notebooks: ["back\\\\slash.ipynb"]\n')
    content.write("talks/t/back\\slash.ipynb", "{}")
    found = described(content.load())
    assert any(
        line.startswith("talks/t/index.md:5:13: error: `notebooks`: holds a backslash")
        for line in found
    ), found
    assert not any("does not exist" in line for line in found), found
    assert any(
        line.startswith("talks/t/back\\slash.ipynb: warning: this file is not published")
        for line in found
    ), found


@pytest.mark.parametrize("control", ["\u202e", "\u202a", "\u2066", "\u2069", "\u200e", "\u200f"])
def test_bidirectional_controls_are_refused_in_one_line_text(
    content: ContentKit, control: str
) -> None:
    content.talk("t", f'title: "Report{control}fdp.exe"\nspeakers: [ana-lima]\n')
    problem = assert_single_problem(content.load(), "talks/t/index.md:2:8", "`title`")
    assert f"U+{ord(control):04X}" in problem.message and "bidirectional" in problem.message


def test_a_file_whose_name_holds_a_bidirectional_control_is_not_published(
    content: ContentKit,
) -> None:
    content.talk("t", FRONT, files={"report\u202efdp.pdf": b"%PDF"})
    problem = assert_single_problem(
        content.load(),
        "talks/t/report\u202efdp.pdf",
        "not published",
        "U+202E",
        severity=Severity.WARNING,
    )
    assert "bidirectional" in problem.message


def test_bidirectional_controls_stay_allowed_in_prose(content: ContentKit) -> None:
    content.talk("t", FRONT + "summary: 'Arabic \u200f text'\n")
    assert not content.load().problems


@pytest.mark.parametrize(
    "address",
    [
        'https://evil.example/" onmouseover="alert(1)',
        "https://evil.example/ x",
        "https://",
    ],
)
def test_a_slides_address_follows_the_rule_of_video_and_links(
    content: ContentKit, address: str
) -> None:
    content.talk("slides", FRONT + f"slides: '{address}'\n")
    content.talk("video", FRONT + f"video: '{address}'\n")
    slides = [p.message for p in content.load().problems if p.location.path.startswith("talks/s")]
    video = [p.message for p in content.load().problems if p.location.path.startswith("talks/v")]
    assert len(slides) == 1 and len(video) == 1
    assert slides[0].endswith(video[0].removeprefix("`video`: ")), (slides, video)


def test_a_slides_address_over_http_is_still_refused(content: ContentKit) -> None:
    content.talk("t", FRONT + "slides: http://example.com/deck\n")
    assert_single_problem(content.load(), "talks/t/index.md:5:9", "must start with https://")
