"""``showcase rotation --write`` keeps what people wrote in their event files.

The writer only adds: the listed speakers, their comments, the comments between them, every
line ending and every other field stay byte for byte. It accepts every file ``showcase
check`` accepts (a tab after a colon, a flow mapping), and it writes every event file or
none.
"""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from showcase import eventfile
from showcase.cli import main
from showcase.eventfile import EventFileError, prepare_speakers, with_speakers, write_all
from showcase.loader import load_archive

PEOPLE = """\
ana-lima:
  name: Ana Lima
  joined: 2020-01-06
bo-chen:
  name: Bo Chen
  joined: 2021-03-01
cy-diaz:
  name: Cy Diaz
dee-park:
  name: Dee Park
"""


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("SHOWCASE_TODAY", raising=False)
    monkeypatch.chdir(tmp_path)


def content_with(tmp_path: Path, events: dict[str, bytes]) -> Path:
    content = tmp_path / "content"
    (content / "events").mkdir(parents=True)
    (content / "people.yml").write_text(PEOPLE, encoding="utf-8")
    for event_id, data in events.items():
        (content / "events" / f"{event_id}.yml").write_bytes(data)
    return content


def rotate(content: Path, capsys: pytest.CaptureFixture[str], *more: str) -> tuple[int, str, str]:
    code = main(["rotation", str(content), "--today", "2026-11-24", *more])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def check(content: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["check", str(content), "--today", "2026-11-24"])
    return code, capsys.readouterr().out


def speakers_loaded(content: Path, event_id: str) -> tuple[str, ...]:
    result = load_archive(content, today="2026-11-24")
    assert result.ok, result.problems
    return result.archive.events[event_id].speakers


# Units: the edit ------------------------------------------------------------------------


def test_comments_on_and_between_block_items_are_kept_byte_for_byte() -> None:
    before = (
        "date: 2026-12-17\n"
        "speakers:\n"
        "  # Confirmed at the planning meeting:\n"
        "  - ana-lima    # hosts too\n"
        "\n"
        "  # Bo asked for a slot on 3 Nov.\n"
        "  - bo-chen  # lightning talk\n"
        "  # (Cy maybe in January)\n"
        "slots: 4  # room B\n"
    )
    after = with_speakers(before, ["ana-lima", "bo-chen", "cy-diaz", "dee-park"])
    assert after == before.replace(
        "  - bo-chen  # lightning talk\n",
        "  - bo-chen  # lightning talk\n  - cy-diaz\n  - dee-park\n",
    )


def test_each_line_keeps_its_own_ending_and_new_lines_take_their_neighbours() -> None:
    before = "date: 2026-12-17\r\nspeakers:\n  - ana-lima\r  - bo-chen\r\nnotes: Pizza.\n"
    after = with_speakers(before, ["ana-lima", "bo-chen", "cy-diaz"])
    assert after == before.replace("  - bo-chen\r\n", "  - bo-chen\r\n  - cy-diaz\r\n")


def test_a_new_key_takes_the_ending_of_the_line_it_follows() -> None:
    before = "date: 2026-12-17\nslots: 2\r\n# no speakers yet\n"
    after = with_speakers(before, ["ana-lima"])
    assert after == "date: 2026-12-17\nslots: 2\r\nspeakers: [ana-lima]\r\n# no speakers yet\n"


def test_a_flow_mapping_gets_speakers_inside_its_braces() -> None:
    before = "{date: 2027-01-14, slots: 3}   # January\n"
    after = with_speakers(before, ["ana-lima", "bo-chen"])
    assert after == "{date: 2027-01-14, slots: 3, speakers: [ana-lima, bo-chen]}   # January\n"


def test_a_flow_mapping_with_speakers_extends_its_flow_list() -> None:
    before = "{date: 2027-01-14, speakers: [ana-lima], slots: 3}"
    after = with_speakers(before, ["ana-lima", "bo-chen"])
    assert after == "{date: 2027-01-14, speakers: [ana-lima, bo-chen], slots: 3}"


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (
            "speakers: [ana-lima,bo-chen]  # by hand\n",
            "speakers: [ana-lima,bo-chen, cy-diaz]  # by hand\n",
        ),
        ("speakers: []\n", "speakers: [cy-diaz]\n"),
        (
            "speakers: [\n  ana-lima,  # host\n  bo-chen  # short\n]\n",
            "speakers: [\n  ana-lima,  # host\n  bo-chen,  # short\n  cy-diaz\n]\n",
        ),
        (
            "speakers: [\n  ana-lima,\n  bo-chen,  # short\n]\n",
            "speakers: [\n  ana-lima,\n  bo-chen,  # short\n  cy-diaz,\n]\n",
        ),
        (
            "speakers: [ana-lima,\n    bo-chen]\n",
            "speakers: [ana-lima,\n    bo-chen, cy-diaz]\n",
        ),
    ],
    ids=["inline", "empty", "one-per-line", "one-per-line-trailing-comma", "closed-on-last-line"],
)
def test_a_flow_list_grows_in_its_own_style(before: str, after: str) -> None:
    listed = [pid for pid in ("ana-lima", "bo-chen") if pid in before]
    head = "date: 2026-12-17\n"
    assert with_speakers(head + before, [*listed, "cy-diaz"]) == head + after


def test_a_single_speaker_value_becomes_a_list_that_keeps_it_as_written() -> None:
    before = "date: 2026-12-17\nspeakers: 'ana-lima'   # solo\n"
    after = with_speakers(before, ["ana-lima", "bo-chen"])
    assert after == "date: 2026-12-17\nspeakers: ['ana-lima', bo-chen]   # solo\n"


@pytest.mark.parametrize("empty", ["speakers:", "speakers: ~", "speakers: null"])
def test_an_empty_speakers_value_is_filled_where_it_stands(empty: str) -> None:
    before = f"date: 2026-12-17\n{empty}   \nslots: 3\n"
    after = with_speakers(before, ["ana-lima"])
    assert after == "date: 2026-12-17\nspeakers: [ana-lima]   \nslots: 3\n"


def test_a_tab_after_the_colon_is_accepted_as_check_accepts_it() -> None:
    before = "date:\t2026-12-17\nspeakers:\t[ana-lima]\nslots:\t3\n"
    after = with_speakers(before, ["ana-lima", "bo-chen"])
    assert after == "date:\t2026-12-17\nspeakers:\t[ana-lima, bo-chen]\nslots:\t3\n"


def test_listed_speakers_are_never_removed_or_reordered() -> None:
    before = "date: 2026-12-17\nspeakers: [bo-chen, ana-lima]\n"
    with pytest.raises(EventFileError, match="never removed or reordered"):
        with_speakers(before, ["ana-lima", "bo-chen", "cy-diaz"])
    with pytest.raises(EventFileError, match="never removed or reordered"):
        with_speakers(before, ["bo-chen"])


def test_a_byte_order_mark_stays_first() -> None:
    before = "\ufeffdate: 2026-12-17\r\nspeakers:\r\n- ana-lima\r\n"
    after = with_speakers(before, ["ana-lima", "bo-chen"])
    assert after == before + "- bo-chen\r\n"


# Random layouts: whatever the edit does, it only adds -----------------------------------

_IDS = ["ana-lima", "bo-chen", "cy-diaz", "dee-park", "no", "e1"]
_ENDINGS = st.sampled_from(["\n", "\r\n", "\r"])
_COMMENT = st.sampled_from(["", "  # note", "   # Bo: maybe"])


@st.composite
def event_files(draw: st.DrawFn) -> tuple[str, list[str]]:
    listed = draw(st.lists(st.sampled_from(_IDS[:4]), unique=True, max_size=3))
    fields = [f"date:{draw(st.sampled_from([' ', chr(9)]))}2026-12-17", "slots: 5"]
    style = draw(st.sampled_from(["block", "flow", "lines", "none"]))
    if style == "block" and listed:
        indent = draw(st.sampled_from(["", "  ", "    "]))
        items = [f"{indent}- {pid}{draw(_COMMENT)}" for pid in listed]
        between = draw(st.sampled_from(["", f"{indent}# between"]))
        block = [items[0], *(line for item in items[1:] for line in (between, item) if line)]
        fields.insert(1, "speakers:" + draw(_COMMENT) + "\n" + "\n".join(block))
    elif style == "lines" and listed:
        items = ",\n".join(f"  {pid}" for pid in listed)
        fields.insert(1, f"speakers: [\n{items}{draw(_COMMENT)}\n]")
    elif style == "flow":
        fields.insert(1, f"speakers: [{', '.join(listed)}]{draw(_COMMENT)}")
    else:
        listed = []
    lines = "\n".join(fields).split("\n")
    ends = [draw(_ENDINGS) for _ in lines]
    final = draw(st.booleans())
    text = "".join(line + end for line, end in zip(lines, ends, strict=True))
    if not final:
        text = text[: -len(ends[-1])]
    return text, listed


@settings(max_examples=300, deadline=None)
@given(event_files(), st.lists(st.sampled_from(_IDS), unique=True, min_size=1, max_size=3))
def test_property_the_edit_only_adds_and_the_loader_reads_the_intended_speakers(
    case: tuple[str, list[str]], extra: list[str]
) -> None:
    before, listed = case
    wanted = [*listed, *(pid for pid in extra if pid not in listed)]
    after = with_speakers(before, wanted)
    # Only additions: the old text is the new one with some stretches taken out.
    rest = iter(after)
    assert all(char in rest for char in before)
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "events").mkdir()
        (root / "people.yml").write_text(
            "".join(f"{pid}:\n  name: {pid.upper()}\n" for pid in _IDS), encoding="utf-8"
        )
        (root / "events" / "2026-12.yml").write_bytes(after.encode("utf-8"))
        result = load_archive(root, today="2026-11-24")
        assert result.ok, (after, result.problems)
        assert result.archive.events["2026-12"].speakers == tuple(wanted)
        assert result.archive.events["2026-12"].slots == 5


# The command ----------------------------------------------------------------------------

TAB_EVENT = b"date:\t2026-12-17\nslots:\t3\nspeakers:\t[bo-chen]\n"


def test_cli_write_accepts_a_tab_after_a_colon_that_check_accepts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content = content_with(tmp_path, {"2026-12": TAB_EVENT})
    assert check(content, capsys)[0] == 0
    code, _, err = rotate(content, capsys, "--write")
    assert (code, err) == (0, "")
    written = (content / "events" / "2026-12.yml").read_bytes()
    assert written.startswith(b"date:\t2026-12-17\nslots:\t3\nspeakers:\t[bo-chen, ")
    assert speakers_loaded(content, "2026-12")[0] == "bo-chen"
    assert len(speakers_loaded(content, "2026-12")) == 3


def test_cli_write_puts_speakers_inside_a_flow_mapping_event(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content = content_with(tmp_path, {"2027-01": b"{date: 2027-01-14, slots: 1}\n"})
    assert rotate(content, capsys, "--write")[0] == 0
    written = (content / "events" / "2027-01.yml").read_text(encoding="utf-8")
    assert written.startswith("{date: 2027-01-14, slots: 1, speakers: [")
    assert written.endswith("]}\n")
    assert len(speakers_loaded(content, "2027-01")) == 1


def test_cli_write_keeps_comments_and_mixed_line_endings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = (
        b"# December\r\ndate: 2026-12-17\r\nslots: 3\nspeakers:\r\n"
        b"  - bo-chen   # asked on 3 Nov\r\n  # more below\n"
    )
    content = content_with(tmp_path, {"2026-12": before})
    assert rotate(content, capsys, "--write")[0] == 0
    written = (content / "events" / "2026-12.yml").read_bytes()
    head = (
        b"# December\r\ndate: 2026-12-17\r\nslots: 3\nspeakers:\r\n"
        b"  - bo-chen   # asked on 3 Nov\r\n"
    )
    assert written.startswith(head)
    assert written.endswith(b"  # more below\n")
    added = written[len(head) : -len(b"  # more below\n")]
    assert added.count(b"\r\n") == 2 and added.startswith(b"  - ")


def two_events(tmp_path: Path) -> Path:
    return content_with(
        tmp_path,
        {
            "2026-12": b"date: 2026-12-17\nslots: 2\n# December\n",
            "2027-01": b"date: 2027-01-14\nslots: 2\n# January\n",
        },
    )


def test_cli_write_writes_nothing_when_a_later_file_cannot_be_edited(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    content = two_events(tmp_path)
    before = {p.name: p.read_bytes() for p in (content / "events").iterdir()}
    planned = eventfile.prepare_speakers

    def edited_meanwhile(path: Path, speakers: list[str]) -> object:
        # Someone lists a speaker in January between the planning and the write.
        if path.name == "2027-01.yml":
            path.write_bytes(b"date: 2027-01-14\nslots: 2\nspeakers: [dee-park]\n")
        return planned(path, speakers)

    monkeypatch.setattr("showcase.cli.prepare_speakers", edited_meanwhile)
    code, out, err = rotate(content, capsys, "--write")
    assert code == 1
    assert "events/2027-01.yml: it lists dee-park" in err
    assert "no event file was written" in err
    assert "Wrote" not in out
    assert (content / "events" / "2026-12.yml").read_bytes() == before["2026-12.yml"]


def test_cli_write_writes_nothing_when_a_later_file_cannot_be_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    content = two_events(tmp_path)
    before = {p.name: p.read_bytes() for p in (content / "events").iterdir()}
    real_mkstemp = tempfile.mkstemp

    def disk_full_on_january(*args: object, **kwargs: object) -> tuple[int, str]:
        if str(kwargs.get("prefix", "")).startswith(".2027-01"):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_mkstemp(*args, **kwargs)  # type: ignore[call-overload,no-any-return]

    monkeypatch.setattr(eventfile.tempfile, "mkstemp", disk_full_on_january)
    code, _, err = rotate(content, capsys, "--write")
    assert code == 1
    assert "events/2027-01.yml: cannot write it: No space left on device" in err
    assert "no event file was written" in err
    assert {p.name: p.read_bytes() for p in (content / "events").iterdir()} == before


def test_cli_write_refuses_a_text_the_loader_would_read_differently(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    content = two_events(tmp_path)
    before = {p.name: p.read_bytes() for p in (content / "events").iterdir()}
    # A faulty edit that also changes another field must never reach the disk.
    monkeypatch.setattr(
        eventfile,
        "with_speakers",
        lambda text, speakers: (
            text.replace("slots: 2", "slots: 3") + f"speakers: [{', '.join(speakers)}]\n"
        ),
    )
    code, _, err = rotate(content, capsys, "--write")
    assert code == 1
    assert "without changing something else" in err
    assert {p.name: p.read_bytes() for p in (content / "events").iterdir()} == before


def test_write_all_checks_what_it_wrote_before_replacing_anything(tmp_path: Path) -> None:
    content = two_events(tmp_path)
    december, january = sorted((content / "events").iterdir())
    edits = [prepare_speakers(december, ["ana-lima"]), prepare_speakers(january, ["bo-chen"])]
    assert all(edit is not None for edit in edits)
    january.write_bytes(b"date: 2027-01-14\nslots: 2\n# January, edited by hand\n")
    with pytest.raises(EventFileError, match="changed while the rotation was planned"):
        write_all([edit for edit in edits if edit is not None])
    assert december.read_bytes() == b"date: 2026-12-17\nslots: 2\n# December\n"
    assert [p.name for p in (content / "events").iterdir() if p.name.startswith(".")] == []


def test_cli_write_says_which_files_were_written_when_a_rename_fails_midway(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    content = two_events(tmp_path)
    real_replace = os.replace

    def refuse_january(source: str | Path, target: str | Path) -> None:
        if Path(target).name == "2027-01.yml":
            raise OSError(errno.EIO, os.strerror(errno.EIO))
        real_replace(source, target)

    monkeypatch.setattr(eventfile.os, "replace", refuse_january)
    code, _, err = rotate(content, capsys, "--write")
    assert code == 1
    assert "events/2027-01.yml: cannot replace it: Input/output error" in err
    assert f"{content}/events/2026-12.yml was written, the others not" in err
    assert (content / "events" / "2027-01.yml").read_bytes() == (
        b"date: 2027-01-14\nslots: 2\n# January\n"
    )
    assert not [p for p in (content / "events").iterdir() if p.name.startswith(".")]
