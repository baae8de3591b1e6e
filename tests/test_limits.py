"""Content that once made the site huge or the build hang, and the limits that stop it.

Each input is the one the attack on issue 12's fixes used (``'[' * 20000`` after a writeup,
``'<div>' * 40000``, ``'<a ' * 50000``, 1,000 speakers of one talk, a summary of 100 KB, a
megabyte of code, YAML nested hundreds deep). Each gets an error at its file and line
from ``showcase check`` (which the build shares), or is built within a bound the test
sees in what was built: a limit said, a count of work. No test here measures time.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from contentkit import ContentKit, assert_single_problem, described, problem_at
from spin_markdown import SPIN

from showcase import nesting, writing
from showcase.deadline import Overran, deadline
from showcase.document import MAX_DEPTH as MAX_YAML_DEPTH
from showcase.hazards import find_hazards
from showcase.loader import MAX_WRITING_LENGTH
from showcase.parallel import usable_cpus
from showcase.problems import Location
from showcase.schema import MAX_PROSE_LENGTH, MAX_SPEAKERS, MAX_SUMMARY_LENGTH
from showcase.site.links import Linker
from showcase.site.pages import HTML, WRITING, Page, SiteOptions, SiteRenderer
from showcase.writing import MarkdownSettings, WritingConverter

TALK = "title: T\nspeakers: [ana-lima]\nevent: 2026-11\n"
#: The writeup the attack appended its inputs to: two paragraphs, so that the input's
#: line is not the first.
WRITEUP = "We shipped it.\n\nThen we measured it.\n"


@pytest.fixture
def content(tmp_path: Path) -> ContentKit:
    return ContentKit(tmp_path / "content").standard()


def _writeup_with(content: ContentKit, extra: str) -> str:
    """A talk whose writeup ends with ``extra``; the ``path:line`` where ``extra`` starts."""
    content.talk("t", TALK, body=WRITEUP + "\n" + extra + "\n")
    # Front matter: lines 1-5; a blank line; the writeup from line 7 (its 4 lines).
    return "talks/t/index.md:11"


# Writing that stalls a parser --------------------------------------------------------------


@pytest.mark.parametrize(
    ("extra", "what", "line"),
    [
        ("[" * 20000, "more than 32 brackets `[` are open at once here", 0),
        ("![" * 5000, "more than 32 brackets `[` are open at once here", 0),
        ("[a " * 20000, "more than 32 brackets `[` are open at once here", 0),
        ("<div>" * 19000, "more than 256 HTML elements are open at once here", 0),
        ("<a " * 30000, "more than 200 `<` begin a tag that no `>` closes", 0),
        ("x<y " * 20000, "more than 200 `<` begin a tag that no `>` closes", 0),
        # The 33rd element holding Markdown, two lines each.
        ('<div markdown="1">\n\n' * 100 + "x\n\n" + "</div>\n\n" * 100, 'markdown="1"', 64),
        ("> " * 2000 + "x", "nested more than 32 deep here", 0),
        ("".join("    " * i + "- x\n" for i in range(100)), "nested more than 32 deep here", 32),
        # Just over each limit: one more than a writeup may have.
        ("[" * 33 + "a", "more than 32 brackets `[` are open at once here", 0),
        ("\t" * 32 + "- x", "nested more than 32 deep here", 0),
        ("1. " * 33 + "x", "nested more than 32 deep here", 0),
    ],
    ids=[
        "brackets",
        "pictures",
        "bracketed-words",
        "divs",
        "unclosed-tags",
        "less-than-in-prose",
        "markdown-in-html",
        "quotes",
        "lists",
        "33-brackets",
        "tabs-and-a-list",
        "33-numbered-lists",
    ],
)
def test_writing_nested_deeper_than_a_parser_follows_is_refused_at_its_line(
    content: ContentKit, extra: str, what: str, line: int
) -> None:
    where = _writeup_with(content, extra)
    start = int(where.split(":")[1])
    assert_single_problem(content.load(), f"talks/t/index.md:{start + line}", what)


@pytest.mark.parametrize(
    "extra",
    ["[" * 20000, "<div>" * 40000, "<a " * 50000, "```python\n" + "a+" * 500_000 + "\n```"],
    ids=["brackets-20000", "divs-40000", "unclosed-tags-50000", "code-block-1mb"],
)
def test_the_attacks_inputs_are_refused_by_check_at_the_writeup(
    content: ContentKit, extra: str
) -> None:
    _writeup_with(content, extra)
    result = content.load()
    assert result.errors, "refused"
    assert {p.location.path for p in result.problems} == {"talks/t/index.md"}
    # The bracket one nests too deep in 20 KB; the others are over the length as well.
    if len(WRITEUP) + len(extra) > MAX_WRITING_LENGTH:
        assert_single_problem(
            result, "talks/t/index.md:7", f"the most is {MAX_WRITING_LENGTH:,}", "attachment"
        )


def test_a_writeup_at_every_limit_is_accepted(content: ContentKit) -> None:
    depth = nesting.MAX_DEPTH
    body = "\n\n".join(
        [
            "[" * depth + "a" + "]" * depth,
            "<div>" * 40 + "x" + "</div>" * 40,
            "a<b " * nesting.MAX_UNCLOSED_TAGS,
            "".join("    " * i + "- x\n" for i in range(depth)),
        ]
    )
    content.talk("t", TALK, body=body)
    result = content.load()
    assert result.ok, described(result)


def test_brackets_and_tags_in_code_are_not_counted(content: ContentKit) -> None:
    code = "[" * 5000 + "<a " * 5000
    content.talk("t", TALK, body=f"```text\n{code}\n```\n\nAnd inline: `{'[' * 100}`.\n")
    result = content.load()
    assert result.ok, described(result)


def test_a_bio_and_notes_nested_too_deep_are_refused_at_their_line(content: ContentKit) -> None:
    content.people("ana-lima:\n  name: Ana\n  bio: |\n    Fine.\n    " + "[" * 100 + "\n")
    content.event("2026-12", "date: 2026-12-17\nnotes: |\n  Pizza.\n  " + "<a " * 300 + "\n")
    result = content.load()
    assert "more than 32 brackets" in problem_at(result, "people.yml:5").message
    assert "`bio`" in problem_at(result, "people.yml:5").message
    assert "`<` begin a tag" in problem_at(result, "events/2026-12.yml:4").message


def test_another_markdown_page_nested_too_deep_is_refused(content: ContentKit) -> None:
    content.write("about.md", "# About\n\nText.\n\n" + "[" * 20000 + "\n")
    content.write("talks/notes.md", "x" * (MAX_WRITING_LENGTH + 1))
    result = content.load()
    assert "more than 32 brackets" in problem_at(result, "about.md:5").message
    assert f"the most is {MAX_WRITING_LENGTH:,}" in problem_at(result, "talks/notes.md:1").message


def test_check_stops_reading_writing_for_script_after_its_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Whatever the nesting measures miss, reading writing for hazards has a deadline."""
    from showcase import hazards

    def endless(text: str) -> str:
        while True:
            pass

    monkeypatch.setattr(hazards, "_convert", endless)
    (found,) = find_hazards("<b>x</b>", timeout=0.2)
    assert "could not be checked for script" in found.message
    assert "`markdown_timeout`" in found.message


def test_a_deadline_stops_work_that_swallows_every_exception() -> None:
    caught = 0
    with pytest.raises(Overran), deadline(0.1):
        while True:
            try:
                while True:
                    pass
            except Exception:  # a library's own catch-all cannot keep it going
                caught += 1
    assert caught == 0


def _step() -> int:
    return 1


def test_a_deadline_stops_work_in_another_thread_too() -> None:
    import threading

    outcome: list[str] = []

    def work() -> None:
        try:
            with deadline(0.1):
                while True:
                    _step()  # a call of Python code: where the deadline looks
        except Overran:
            outcome.append("overran")

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    assert outcome == ["overran"]


# Output that grows faster than the content --------------------------------------------------


def _speakers(content: ContentKit, count: int) -> None:
    roster = "".join(f"p{n:04d}:\n  name: Person {n}\n" for n in range(count))
    content.people("ana-lima:\n  name: Ana\n" + roster)


def test_a_talk_with_a_thousand_speakers_is_refused_at_its_list(content: ContentKit) -> None:
    _speakers(content, 1000)
    ids = ", ".join(f"p{n:04d}" for n in range(1000))
    content.talk("t", f"title: T\nspeakers: [ana-lima, {ids}]\nevent: 2026-11\n")
    assert_single_problem(
        content.load(), "talks/t/index.md:3:11", "lists 1001 items", f"the most is {MAX_SPEAKERS}"
    )


def test_a_summary_bio_and_notes_over_their_length_are_refused(content: ContentKit) -> None:
    summary = ("word " * 20_000).strip()  # 100 KB, as the attack's
    content.talk("t", TALK + f"summary: {summary}\n")
    content.people(f"ana-lima:\n  name: Ana\n  bio: {'b' * (MAX_PROSE_LENGTH + 1)}\n")
    content.event("2026-12", f"date: 2026-12-17\nnotes: {'n' * (MAX_PROSE_LENGTH + 1)}\n")
    result = content.load()
    assert (
        f"the most is {MAX_SUMMARY_LENGTH:,}" in problem_at(result, "talks/t/index.md:5:10").message
    )
    assert f"the most is {MAX_PROSE_LENGTH:,}" in problem_at(result, "people.yml:3:8").message
    assert (
        f"the most is {MAX_PROSE_LENGTH:,}" in problem_at(result, "events/2026-12.yml:2:8").message
    )


def _people_pages_size(root: Path, talks: int) -> int:
    """The bytes of every person's page of an archive of ``talks`` talks, each by the most
    speakers a talk may have, each speaker on several talks."""
    content = ContentKit(root).standard()
    _speakers(content, MAX_SPEAKERS * 4)
    for number in range(talks):
        speakers = [f"p{(number + k) % (MAX_SPEAKERS * 4):04d}" for k in range(MAX_SPEAKERS)]
        summary = "s" * MAX_SUMMARY_LENGTH
        content.talk(
            f"t{number}",
            {"title": f"T{number}", "speakers": speakers, "event": "2026-10", "summary": summary},
        )
    result = content.load()
    assert result.ok, described(result)
    renderer = SiteRenderer(result.archive, SiteOptions())
    people = result.archive.people.values()
    return sum(len(renderer.person(person).markdown) for person in people)


def test_people_pages_grow_in_step_with_the_talks(tmp_path: Path) -> None:
    """Each talk shows on its speakers' pages, with its speakers: with twelve speakers a
    talk at most, the pages of people grow as the talks do, not as their square."""
    small = _people_pages_size(tmp_path / "small", 8)
    large = _people_pages_size(tmp_path / "large", 16)
    assert large < 2.2 * small, (small, large)


def test_a_persons_calendar_gives_a_blurb_of_bounded_length(content: ContentKit) -> None:
    from showcase.exports import person_calendar

    body = ("A very long first paragraph. " * 3000).strip() + "\n"
    content.talk("t", TALK, body=body)
    result = content.load()
    assert result.ok, described(result)
    blurb = result.archive.talks["t"].blurb
    assert len(blurb) <= MAX_SUMMARY_LENGTH and blurb.endswith("…")
    calendar = person_calendar(result.archive, "ana-lima", "", "UTC")
    assert len(calendar) < 2 * MAX_SUMMARY_LENGTH + 2000


# YAML nested too deep -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    ["[" * 500 + "]" * 500, "{a: " * 500 + "}" * 500],
    ids=["lists", "mappings"],
)
def test_yaml_nested_hundreds_deep_is_refused_at_its_line_and_the_rest_read(
    content: ContentKit, value: str
) -> None:
    content.people(f"ana-lima:\n  name: Ana\n  links: {value}\nbo-chen:\n  name: Bo\n")
    content.talk("t", f"title: T\nspeakers: [ana-lima]\nevent: 2026-11\ntags: {value}\n")
    result = content.load()
    problems = [p for p in result.problems if "nests lists or mappings" in p.message]
    assert [str(p.location.path) for p in problems] == ["people.yml", "talks/t/index.md"]
    assert f"more than {MAX_YAML_DEPTH} levels" in problems[0].message
    assert problems[0].location.line == 3 and problems[1].location.line == 5
    assert len(result.problems) == 2, described(result)  # nothing said twice
    assert {"ana-lima", "bo-chen"} <= set(result.archive.people)
    assert "t" in result.archive.talks


def test_yaml_nested_just_within_the_limit_reads(content: ContentKit) -> None:
    deep = "[" * (MAX_YAML_DEPTH - 2) + "]" * (MAX_YAML_DEPTH - 2)
    content.write("events/2026-12.yml", f"date: 2026-12-17\nx: {deep}\n")
    result = content.load()
    assert [p.message for p in result.problems] == ["unknown field `x` in the event"]


# Converting a page's writing, with a deadline ---------------------------------------------


def _pages(count: int, stalled: str) -> list[Page]:
    """``count`` talk pages; the one named ``stalled`` holds writing that never converts."""
    pages = []
    for number in range(count):
        slug = stalled if number == 0 else f"talk-{number}"
        text = f"x < y and **bold** {SPIN}" if slug == stalled else f"Talk {number}: **bold**."
        parts = (
            (HTML, f'<header id="head-{number}">Header</header>'),
            (WRITING, text),
            (HTML, "<footer>Footer</footer>"),
        )
        origin = Location(f"talks/{slug}/index.md", 1)
        pages.append(Page(f"talks/{slug}/index.md", f"Talk {number}", "---\n---", parts, origin))
    return pages


@pytest.fixture
def forking(monkeypatch: pytest.MonkeyPatch) -> None:
    """Worker processes allowed although the test session has threads of its own (the
    pool that starts test builds): the workers only convert pages."""
    monkeypatch.setattr(writing, "may_fork", lambda: True)


@pytest.mark.parametrize("parallel", [False, True], ids=["one-process", "worker-processes"])
def test_a_page_that_never_finishes_converting_is_shown_as_text_and_the_rest_converts(
    parallel: bool, request: pytest.FixtureRequest
) -> None:
    if parallel:
        if usable_cpus(2) < 2 or sys.platform != "linux":
            pytest.skip("worker processes need two CPUs and fork")
        request.getfixturevalue("forking")
    pages = _pages(writing.MIN_PAGES_FOR_WORKERS + 6, "stalled")
    settings = MarkdownSettings((*writing.DEFAULT_EXTENSIONS, "spin_markdown"))
    converter = WritingConverter(
        settings, Linker(), {page.src for page in pages}, parallel=parallel, timeout=0.3
    )
    contents = converter.convert_all(pages)
    assert converter.processes == (2 if parallel else 1)
    stalled = contents["talks/stalled/index.md"]
    assert "`markdown_timeout`" in stalled.unconverted
    assert '<pre class="sc-unconverted">x &lt; y and **bold** SPIN-FOREVER</pre>' in stalled.html
    assert stalled.html.startswith('<header id="head-0">') and "<footer>" in stalled.html
    assert "head-0" in stalled.ids
    for page in pages[1:]:
        assert "<strong>bold</strong>" in contents[page.src].html
        assert not contents[page.src].unconverted
    (problem,) = converter.problems
    assert str(problem.location) == "talks/stalled/index.md:1"
    assert "took more than 0.3 s" in problem.message and "plain text" in problem.message


def test_a_page_that_exhausts_the_recursion_is_shown_as_text() -> None:
    pages = _pages(3, "deep")
    settings = MarkdownSettings((*writing.DEFAULT_EXTENSIONS, "spin_markdown:RecursingExtension"))
    converter = WritingConverter(settings, Linker(), {page.src for page in pages})
    contents = converter.convert_all(pages)
    assert "nests too deeply" in contents["talks/deep/index.md"].unconverted
    assert '<pre class="sc-unconverted">' in contents["talks/deep/index.md"].html
    assert "<strong>bold</strong>" in contents["talks/talk-1/index.md"].html
    assert len(converter.problems) == 1


@pytest.mark.parametrize("value", [0, -1, "ten", True])
def test_a_timeout_that_is_not_a_positive_number_of_seconds_is_refused(value: object) -> None:
    from mkdocs.config.base import ValidationError

    from showcase.mkdocs.config import ShowcaseConfig
    from showcase.settings import SettingsError, settings_from_options

    with pytest.raises(SettingsError, match="`markdown_timeout` must be a number of seconds"):
        settings_from_options({"markdown_timeout": value})
    option = ShowcaseConfig.render_timeout  # type: ignore[attr-defined]
    with pytest.raises(ValidationError, match="`render_timeout` must be a number of seconds"):
        option.validate(value)
