"""Values ``showcase check`` used to accept and the build then died or choked on.

Each gets a problem with its file and line, from ``check`` and from the build alike (they
share the loader), or correct output: a line break in a name, control characters in tags,
a year 9999, ids and slugs too long for a file name, a title of one huge word, thousands of
tags, tags whose slugs collide, attachment names with ``#``, ``?`` or a leading dot, a NUL
byte, a real 4.4 notebook with cell ids. The units come first, then two real sites: one
with every refused value (one build reports them all), one with every value that must come
out right.
"""

from __future__ import annotations

import json
import re
import string
from pathlib import Path

import attachmentkit as files
import pytest
from contentkit import ContentKit, assert_single_problem, described, the_problem
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar
from sitekit import Build, PendingBuild, start_build, write_project

from showcase.attachments import cards
from showcase.attachments.handlers.notebook import read_notebook
from showcase.cli import main
from showcase.schema import MAX_ID_LENGTH, MAX_LINE_LENGTH, MAX_TAG_LENGTH, MAX_TAGS
from showcase.site import links
from showcase.site.links import topic_slugs

TALK = "title: T\nspeakers: [ana-lima]\nevent: 2026-11\n"


@pytest.fixture
def content(tmp_path: Path) -> ContentKit:
    return ContentKit(tmp_path / "content").standard()


# One-line and multi-line text -------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "what"),
    [
        (r'"Ana\nLima"', "holds a line break at character 4; it must be one line"),
        (r'"Ana\r\nLima"', "holds a line break at character 4; it must be one line"),
        (r'"Ana\rLima"', "holds a line break at character 4"),
        (r'"Ana\u2028Lima"', "holds a line break at character 4"),
        (r'"Ana\tLima"', "holds a tab at character 4; use a space"),
        (r'"Ana\x1b[31mLima"', "holds the control character U+001B at character 4"),
        (r'"Ana\x85Lima"', "holds a line break at character 4"),
    ],
)
def test_a_name_with_a_line_break_or_control_character_is_refused_at_its_line(
    content: ContentKit, name: str, what: str
) -> None:
    content.people(f"ana-lima:\n  name: Ana\nbo-chen:\n  name: {name}\n")
    assert_single_problem(content.load(), "people.yml:4:9", "`name`:", what)


def test_a_folded_name_that_yaml_joins_into_one_line_is_fine(content: ContentKit) -> None:
    content.people("ana-lima:\n  name: >-\n    Ana\n    Lima\n")
    result = content.load()
    assert result.ok, described(result)
    assert result.archive.people["ana-lima"].name == "Ana Lima"


def test_multi_line_fields_keep_newlines_and_tabs_but_refuse_other_breaks(
    content: ContentKit,
) -> None:
    content.people('ana-lima:\n  name: Ana\n  bio: "Builds\\n\\tpipelines."\n')
    content.event("2026-12", 'date: 2026-12-17\nnotes: "Pizza\\r\\nat five"\n')
    content.talk("t", TALK + 'summary: "One\\ntwo"\n')
    result = content.load()
    assert described(result) == [
        "events/2026-12.yml:2:8: error: `notes`: holds a line break other than a newline "
        "(U+000D) at character 6; use a plain newline"
    ]


def test_control_characters_in_tags_are_refused_at_the_tag(content: ContentKit) -> None:
    content.talk("t", TALK + 'tags: [python, "a\\x07b", "c\\x00d"]\n')
    problem = the_problem(content.load())
    assert str(problem.location) == "talks/t/index.md:5:16"
    assert problem.message == "`tags`: holds the control character U+0007 at character 2; remove it"


@pytest.mark.parametrize(
    ("field", "value", "where"),
    [
        ("video", '"https://example.org/v\\x01"', "talks/t/index.md:5:8"),
        ("links", '[{title: "A\\x1bB", url: "https://example.org"}]', "talks/t/index.md:5:9"),
        ("slides", '"sl\\x7fides.pdf"', "talks/t/index.md:5:9"),
    ],
)
def test_control_characters_in_urls_link_titles_and_file_names_are_refused(
    content: ContentKit, field: str, value: str, where: str
) -> None:
    content.talk("t", TALK + f"{field}: {value}\n")
    problem = the_problem(content.load())
    assert str(problem.location).startswith(where.rsplit(":", 1)[0]), described(content.load())
    assert "control character" in problem.message


def test_a_link_label_with_a_control_character_is_refused(content: ContentKit) -> None:
    content.people('ana-lima:\n  name: Ana\n  links:\n    "Git\\x00Hub": https://example.org\n')
    problem = the_problem(content.load())
    assert "the label holds the control character U+0000" in problem.message


# Limits --------------------------------------------------------------------------------


def test_a_title_of_the_most_characters_is_accepted_and_one_more_is_refused(
    content: ContentKit,
) -> None:
    content.talk("ok", f"title: {'x' * MAX_LINE_LENGTH}\nspeakers: [ana-lima]\n")
    content.talk("long", f"title: {'x' * (MAX_LINE_LENGTH + 1)}\nspeakers: [ana-lima]\n")
    assert_single_problem(
        content.load(),
        "talks/long/index.md:2:8",
        f"`title`: is {MAX_LINE_LENGTH + 1} characters long; the most is {MAX_LINE_LENGTH}",
    )


def test_a_talk_slug_longer_than_the_limit_is_refused(content: ContentKit) -> None:
    slug = "a" * (MAX_ID_LENGTH + 1)
    content.talk(slug, TALK)
    content.talk("b" * MAX_ID_LENGTH, TALK.replace("2026-11", "2026-12"))
    problem = the_problem(content.load())
    assert str(problem.location) == f"talks/{slug}"
    assert problem.message.endswith(
        f"is not a valid slug: it has {MAX_ID_LENGTH + 1} characters; the most is {MAX_ID_LENGTH}"
    )


def test_a_person_id_or_host_longer_than_the_limit_is_refused(content: ContentKit) -> None:
    long_id = "p" * 252
    content.people(f"ana-lima:\n  name: Ana\n{long_id}:\n  name: Long\n")
    content.event("2026-12", f"date: 2026-12-17\nhost: {long_id}\n")
    messages = described(content.load())
    assert any(m.startswith("people.yml:3:1: error: person id `ppp") for m in messages)
    assert any("it has 252 characters; the most is 100" in m for m in messages)
    assert any(m.startswith("events/2026-12.yml:2:7: error: `host`: `ppp") for m in messages)


def test_more_tags_than_the_limit_are_refused_at_the_list(content: ContentKit) -> None:
    tags = ", ".join(f"t{n}" for n in range(3000))
    content.talk("many", TALK + f"tags: [{tags}]\n")
    content.talk("enough", TALK + f"tags: [{', '.join(f't{n}' for n in range(MAX_TAGS))}]\n")
    assert_single_problem(
        content.load(), "talks/many/index.md:5:7", f"lists 3000 items; the most is {MAX_TAGS}"
    )


def test_a_tag_longer_than_the_limit_is_refused(content: ContentKit) -> None:
    content.talk("t", TALK + f"tags: [ok, {'x' * (MAX_TAG_LENGTH + 1)}]\n")
    assert_single_problem(content.load(), "talks/t/index.md:5:12", "`tags`: is 51 characters")


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("date: 9999-12-31\n", "events/9999-12.yml:1:7"),
        ("date: 1899-12-28\n", "events/1899-12.yml:1:7"),
    ],
)
def test_an_event_outside_the_years_a_calendar_can_hold_is_refused(
    content: ContentKit, text: str, where: str
) -> None:
    event_id = text[6:13]
    content.event(event_id, text)
    assert_single_problem(content.load(), where, "is not between the years 1900 and 2999")


def test_people_dates_outside_the_years_are_refused_too(content: ContentKit) -> None:
    content.people("ana-lima:\n  name: Ana\n  left: 9999-12-31\n")
    assert_single_problem(content.load(), "people.yml:3:9", "`left`: 9999-12-31 is not between")


# NUL bytes ------------------------------------------------------------------------------


def test_a_nul_byte_in_yaml_is_reported_at_its_line_and_column(content: ContentKit) -> None:
    content.write("people.yml", b"ana-lima:\n  name: Ana\nbo-chen:\n  name: Bo\x00 Chen\n")
    content.talk("t", TALK + "tags: [a\x00b]\n")
    messages = described(content.load())
    assert messages[0] == (
        "people.yml:4:11: error: the file holds a NUL byte (U+0000), which YAML does not "
        "allow; remove it"
    )
    assert any(
        m.startswith("talks/t/index.md:5:9: error: the file holds a NUL byte") for m in messages
    ), messages


# Attachment names -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "name", "message"),
    [
        ("slides", ".slides.pdf", "`.slides.pdf`: the file's name starts with a dot"),
        ("notebooks", "[.work/nb.ipynb]", "in the folder `.work`, whose name starts with a dot"),
        ("cover", ".cover.png", "MkDocs does not publish such files"),
    ],
)
def test_an_attachment_whose_name_starts_with_a_dot_is_refused_with_the_reason(
    content: ContentKit, field: str, name: str, message: str
) -> None:
    written = name.strip("[]")
    content.talk("t", TALK + f"{field}: {name}\n", files={written: b"x"})
    problem = the_problem(content.load())
    assert str(problem.location).startswith("talks/t/index.md:5:"), described(content.load())
    assert message in problem.message


def test_an_avatar_whose_name_starts_with_a_dot_is_refused(content: ContentKit) -> None:
    content.write("people/.ana.png", files.png_bytes())
    content.people("ana-lima:\n  name: Ana\n  avatar: people/.ana.png\n")
    assert_single_problem(
        content.load(), "people.yml:3:11", "`people/.ana.png`: the file's name starts with a dot"
    )


def test_links_between_site_paths_are_percent_encoded() -> None:
    assert links.between("talks/t/", "talks/t/a#b.pdf") == "a%23b.pdf"
    assert links.between("talks/t/", "talks/t/what?.ipynb") == "what%3F.ipynb"
    assert links.between("talks/t/", "talks/t/50% off.pdf") == "50%25%20off.pdf"
    assert links.between("talks/t/", "media/talks/t/c:d.pdf/p.webp") == (
        "../../media/talks/t/c%3Ad.pdf/p.webp"
    )
    assert links.between("talks/t/", "talks/t/dé.pdf") == "d%C3%A9.pdf"
    assert links.between("topics/", "talks/plain-slug/") == "../talks/plain-slug/"


# Topic pages ----------------------------------------------------------------------------


def test_tags_that_slugify_alike_each_get_their_own_page() -> None:
    slugs = topic_slugs(["c++", "c#", "c", "機械学習", "深層学習", "データ", "🐍", "index"])
    assert slugs["c"] == "c"
    assert re.fullmatch(r"c-[0-9a-f]{6}", slugs["c++"])
    assert re.fullmatch(r"c-[0-9a-f]{6}", slugs["c#"])
    assert slugs["機械学習"] == "jixiexuexi"
    assert slugs["深層学習"] == "shencengxuexi"
    assert slugs["データ"] == "deta"
    assert slugs["🐍"] == "snake"
    assert slugs["index"] != "index", "topics/index.md is the list of topics"
    assert len(set(slugs.values())) == len(slugs)


def test_a_tag_keeps_its_page_when_an_unrelated_tag_arrives() -> None:
    before = topic_slugs(["c++", "c#", "python"])
    after = topic_slugs(["c++", "c#", "python", "rust", "c"])
    assert before["python"] == after["python"] == "python"
    assert before["c++"] == after["c++"] and before["c#"] == after["c#"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet=string.printable + "éß機械学習+#", max_size=8), max_size=30))
def test_property_topic_slugs_are_unique_and_url_safe_whatever_the_tags(tags: list[str]) -> None:
    slugs = topic_slugs(tags)
    assert set(slugs) == set(tags)
    assert len(set(slugs.values())) == len(slugs)
    assert all(re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", slug) for slug in slugs.values())
    assert "index" not in slugs.values()
    assert topic_slugs(reversed(tags)) == slugs


# Title cards ----------------------------------------------------------------------------


def test_the_title_card_wrapper_measures_each_character_a_bounded_number_of_times(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls = 0
    measure = cards._ems.__wrapped__

    def counted(char: str) -> float:
        nonlocal calls
        calls += 1
        return measure(char)

    monkeypatch.setattr(cards, "_ems", counted)
    for length in (2_000, 8_000):
        calls = 0
        word = "W" * length
        lines = cards.wrap(word, 66, 826)
        # Linear: a few measurements per character (the cubic wrapper made millions).
        assert calls <= 3 * length + 10, (length, calls)
        assert "".join(lines) == word, "every letter kept"
        assert all(cards.text_width(line, 66) <= 826 for line in lines)


def test_a_title_card_of_one_long_word_wraps_and_ends_with_an_ellipsis() -> None:
    svg = cards.title_card("x" * 5_000, "Ana Lima", "November 2026", seed="t")
    title_lines = re.findall(r'font-weight="700">([^<]*)</text>', svg)
    assert 1 < len(title_lines) <= 6
    assert title_lines[-1].endswith("…")
    assert all(set(line) <= {"x", "…"} for line in title_lines)


# Notebooks ------------------------------------------------------------------------------

#: A notebook as JupyterLab 3 and VS Code save it: format 4.4, with cell ids (a 4.5 field).
NOTEBOOK_44_WITH_IDS = json.dumps(
    {
        "cells": [
            {
                "cell_type": "markdown",
                "id": "8d0b1c52",
                "metadata": {},
                "source": ["# Loading the orders\n", "\n", "Counting rows."],
            },
            {
                "cell_type": "code",
                "execution_count": 1,
                "id": "f3a9e210-3c1b-4c2e-9b7a-1d2e3f4a5b6c",
                "metadata": {"tags": []},
                "outputs": [{"name": "stdout", "output_type": "stream", "text": ["188000\n"]}],
                "source": ["print(188_000)"],
            },
        ],
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python", "version": "3.11.4"},
        },
        "nbformat": 4,
        "nbformat_minor": 4,
    },
    indent=1,
).encode("utf-8")


def test_a_4_4_notebook_with_cell_ids_is_read() -> None:
    notebook = read_notebook(NOTEBOOK_44_WITH_IDS)
    assert (notebook.nbformat, notebook.nbformat_minor) == (4, 4)
    assert [cell.cell_type for cell in notebook.cells] == ["markdown", "code"]
    assert all("id" not in cell for cell in notebook.cells)


@pytest.mark.parametrize("minor", [0, 1, 2, 3, 4, 5])
def test_every_4_x_notebook_is_read(minor: int) -> None:
    raw = json.loads(NOTEBOOK_44_WITH_IDS)
    raw["nbformat_minor"] = minor
    if minor < 5:
        for cell in raw["cells"]:
            cell.pop("id")
    assert read_notebook(json.dumps(raw).encode()).nbformat == 4


# showcase new ---------------------------------------------------------------------------


def test_showcase_new_refuses_a_title_check_would_refuse(
    content: ContentKit, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(content.root.parent)
    monkeypatch.setenv("SHOWCASE_TODAY", "2026-11-01")
    argv = ["new", "--title", "Ana\rLima", "-s", "ana-lima", "--event", "2026-11"]
    code = main([*argv, "--content", "content"])
    _, err = capsys.readouterr()
    assert code != 0
    assert "the title holds a line break at character 4" in err


# Real sites -----------------------------------------------------------------------------

REFUSED = {
    "name": ("people.yml:6:9", "`name`: holds a line break at character 6; it must be one line"),
    "tags": ("talks/tagged/index.md:5:16", "`tags`: holds the control character U+0001"),
    "year": ("events/9999-12.yml:1:7", "`date`: 9999-12-31 is not between the years"),
    "slug": (f"talks/{'s' * 252}", "it has 252 characters; the most is 100"),
    "many": ("talks/many-tags/index.md:5:7", "`tags`: lists 3000 items; the most is 20"),
    "title": ("talks/long-title/index.md:2:8", "`title`: is 5000 characters long; the most is 200"),
    "nul": ("talks/nul/index.md:3:4", "the file holds a NUL byte (U+0000)"),
    "dot": ("talks/hidden/index.md:5:9", "`.slides.pdf`: the file's name starts with a dot"),
}


def refused_content(root: Path) -> ContentKit:
    kit = ContentKit(root).standard()
    kit.people(
        "ana-lima:\n  name: Ana Lima\nbo-chen:\n  name: Bo Chen\n"
        'carla-diaz:\n  name: "Carla\\r\\nDiaz"\n'
    )
    kit.talk("tagged", TALK + 'tags: [python, "a\\x01b"]\n')
    kit.event("9999-12", "date: 9999-12-31\n")
    kit.talk("s" * 252, TALK)
    kit.talk("many-tags", TALK + f"tags: [{', '.join(f't{n}' for n in range(3000))}]\n")
    kit.talk("long-title", f"title: {'x' * 5000}\nspeakers: [ana-lima]\n")
    kit.write("talks/nul/index.md", b"---\ntitle: T\nspe\x00akers: [ana-lima]\n---\n\nBody\n")
    kit.talk("hidden", TALK + "slides: .slides.pdf\n", files={".slides.pdf": files.pdf_bytes(1)})
    return kit


@pytest.fixture(scope="module")
def refused_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[PendingBuild, Path]:
    project = tmp_path_factory.mktemp("refused")
    refused_content(project / "content")
    return start_build(write_project(project)), project / "content"


@pytest.fixture(scope="module")
def refused_check(refused_site: tuple[PendingBuild, Path]) -> list[str]:
    import subprocess
    import sys

    _, content = refused_site
    done = subprocess.run(
        [sys.executable, "-m", "showcase", "check", str(content), "--today", "2026-11-24"],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert done.returncode == 1, done.stdout + done.stderr
    return done.stdout.splitlines()


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_refused_value_stops_check_and_build_with_the_same_line(
    refused_site: tuple[PendingBuild, Path], refused_check: list[str], case: str
) -> None:
    pending, content = refused_site
    build: Build = pending.wait()
    where, what = REFUSED[case]
    line = next((line for line in refused_check if line.startswith(f"{content}/{where}:")), None)
    assert line is not None and what in line, (case, refused_check)
    assert not build.ok
    relative = line.removeprefix(f"{content}/")
    assert f"content/{relative}" in build.log, build.log
    assert "Traceback" not in build.log
    assert not (build.site / "index.html").exists()


@pytest.fixture(scope="module")
def odd_site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    project = tmp_path_factory.mktemp("odd")
    kit = ContentKit(project / "content").standard()
    kit.people(
        "ana-lima:\n  name: Ana Lima\n  bio: |\n    Builds pipelines.\n    Likes\tqueues.\n"
        "bo-chen:\n  name: Bo Chen\ncarla-diaz:\n  name: Carla Díaz\n"
    )
    kit.event(
        "2026-11",
        'date: 2026-11-19\nstart: "16:00"\nend: "17:00"\nnotes: "Pizza\\n\\tat five"\n',
    )
    kit.talk(
        "cpp",
        TALK
        + "tags: [c++, 機械学習]\nslides: 'a#b.pdf'\nnotebooks: ['what?.ipynb', '50% off.ipynb']\n",
        files={
            "a#b.pdf": files.pdf_bytes(2),
            "what?.ipynb": NOTEBOOK_44_WITH_IDS,
            "50% off.ipynb": files.notebook_bytes(),
        },
    )
    kit.talk("csharp", TALK + "tags: ['c#', 深層学習, c]\n")
    kit.talk(
        "one-word",
        f"title: {'W' * MAX_LINE_LENGTH}\nspeakers: [bo-chen]\nevent: 2026-11\n",
    )
    return start_build(write_project(project, config={"site_url": "https://d.example/"})).wait()


def test_every_tag_has_its_own_topic_page_and_every_link_to_it_resolves(odd_site: Build) -> None:
    build = odd_site.check()
    topics = {
        page.h1: page.url
        for page in build.pages()
        if page.url.startswith("topics/") and page.url != "topics/"
    }
    assert set(topics) == {"#c++", "#c#", "#c", "#機械学習", "#深層学習"}
    assert len(set(topics.values())) == 5
    for page in (build.page("talks/cpp/"), build.page("talks/csharp/"), build.page("topics/")):
        for anchor in page.content.select("a.sc-tag"):
            target = page.resolve(str(anchor["href"]))
            tag = anchor.get_text(" ", strip=True).split(" ")[0]
            assert target == topics[tag], (page, tag, target)


def test_attachments_with_hash_question_mark_and_percent_are_linked_correctly(
    odd_site: Build,
) -> None:
    page = odd_site.check().page("talks/cpp/")
    wanted = {"a#b.pdf", "what?.ipynb", "50% off.ipynb"}
    linked = set()
    for link in page.links(page.content):
        if link.is_external or link.value.startswith(("#", "mailto:")):
            continue
        target = page.target_file(link.value)
        assert target is not None and target.is_file(), link.value
        linked.add(target.name)
    assert wanted <= linked


def test_a_4_4_notebook_with_cell_ids_is_shown_on_the_talk_page(odd_site: Build) -> None:
    page = odd_site.check().page("talks/cpp/")
    assert "Loading the orders" in page.content.get_text()
    assert "188000" in page.content.get_text()


def test_a_title_of_one_long_word_gets_a_card(odd_site: Build) -> None:
    build = odd_site.check()
    svg = (build.site / "media" / "cards" / "one-word.svg").read_text(encoding="utf-8")
    title_lines = re.findall(r'font-weight="700">([^<]*)</text>', svg)
    assert len(title_lines) > 1
    assert all(set(line) <= {"W", "…"} for line in title_lines)
    card = build.page("events/2026-11/").soup.select_one('img[src$="media/cards/one-word.svg"]')
    assert card is not None


_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def test_the_calendar_holds_no_raw_carriage_return_or_control_character(odd_site: Build) -> None:
    data = (odd_site.check().site / "schedule.ics").read_bytes()
    text = data.decode("utf-8")
    assert "\r" not in text.replace("\r\n", "")
    assert not _CONTROL.search(text.replace("\r\n", ""))
    calendar = Calendar.from_ical(data)
    for component in calendar.walk():
        for name, value in component.property_items():
            shown = value.decode("utf-8") if isinstance(value, bytes) else str(value)
            assert "\r" not in shown and not _CONTROL.search(shown.replace("\t", "")), name
    descriptions = [str(e["description"]) for e in calendar.walk("VEVENT") if "description" in e]
    assert any("Pizza\n\tat five" in d for d in descriptions), descriptions
