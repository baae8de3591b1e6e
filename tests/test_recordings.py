"""Recordings and transcripts on the talk page: a presenter drops ``recording.mp4`` and
``transcript.vtt`` beside ``index.md``, names them, and the talk page plays, reads and
searches them.

Recordings are made here with PyAV (``showcase.attachments.sample_media``), sites are
built for real with ``mkdocs build``; the browser tests play the recording to a chapter
and read the transcript in Chromium.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browserkit import Traffic, serve
from contentkit import ContentKit
from sitekit import Build, build, search_records, write_project

from showcase.attachments import AttachmentProcessor, Cache
from showcase.attachments.handler import AttachmentError, RenderJob
from showcase.attachments.handlers.recording import RecordingHandler
from showcase.attachments.sample_media import make_recording
from showcase.recordings.transcript import TranscriptError, read_transcript
from showcase.site.links import talk_src

TODAY = "2026-11-24"
TRANSCRIPT = """WEBVTT

NOTE Chapter: Welcome

00:00:00.000 --> 00:00:01.500
<v Ana Lima>Hello and welcome to the quokkaflux demo.

NOTE Chapter: Results

00:00:02.000 --> 00:00:03.500
<v Bo>The numbers went up. <script>window.__pwned = 1</script>

00:00:03.500 --> 00:00:05.500
<v Zed Unknown>A question from the audience about marmotwise.
"""


def _recording(tmp_path: Path, name: str, seconds: float = 6.0, **options: Any) -> bytes:
    return make_recording(tmp_path / name, seconds, **options).read_bytes()


def _render(source: Path) -> tuple[dict[str, Any], list[str]]:
    out = source.parent / f"{source.name}.out"
    out.mkdir()
    rendering = RecordingHandler().render(RenderJob(source, out, source.name, "recording"))
    return dict(rendering.meta), sorted(p.name for p in out.iterdir())


# Reading a recording ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "video", "mime"),
    [
        ("talk.mp4", True, "video/mp4"),
        ("talk.webm", True, "video/webm"),
        ("talk.mov", True, "video/mp4"),
        ("talk.m4a", False, "audio/mp4"),
        ("talk.mp3", False, "audio/mpeg"),
    ],
)
def test_each_kind_of_recording_is_read_for_its_length_and_poster(
    tmp_path: Path, name: str, video: bool, mime: str
) -> None:
    source = make_recording(tmp_path / name, 4.0)
    meta, written = _render(source)
    assert abs(meta["duration"] - 4.0) < 0.2
    assert meta["video"] is video and meta["mime"] == mime
    assert meta["warnings"] == []
    assert written == (["poster.webp"] if video else [])


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "the file is empty"),
        (b"%PDF-1.4 this is a PDF " * 40, "not a recording FFmpeg can read"),
        (b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 200, "not a recording FFmpeg can read"),
    ],
)
def test_a_file_that_is_not_a_recording_is_refused_with_the_reason(
    tmp_path: Path, data: bytes, reason: str
) -> None:
    source = tmp_path / "talk.mp4"
    source.write_bytes(data)
    with pytest.raises(AttachmentError, match=reason) as raised:
        _render(source)
    assert str(tmp_path) not in str(raised.value), "no path of the build machine"


def test_a_recording_cut_short_before_its_index_is_refused(tmp_path: Path) -> None:
    whole = make_recording(tmp_path / "whole.mp4", 4.0).read_bytes()
    cut = tmp_path / "cut.mp4"
    cut.write_bytes(whole[: len(whole) // 3])  # MP4 keeps its index at the end
    with pytest.raises(AttachmentError, match="cut short"):
        _render(cut)


def test_a_recording_that_claims_to_last_days_is_refused(tmp_path: Path) -> None:
    source = make_recording(tmp_path / "talk.mp3", 2.0)
    data = bytearray(source.read_bytes())
    # An MP3 of constant bit rate: FFmpeg takes its length from the file's size and bit
    # rate, so a header that claims a huge frame count (Xing/Info) is the way to lie.
    info = data.find(b"Info") if b"Info" in data else data.find(b"Xing")
    if info < 0:
        pytest.skip("this encoder wrote no Xing/Info header")
    flags = int.from_bytes(data[info + 4 : info + 8], "big")
    assert flags & 1, "the header gives a frame count"
    data[info + 8 : info + 12] = (100_000_000).to_bytes(4, "big")
    source.write_bytes(bytes(data))
    with pytest.raises(AttachmentError, match="more than any recording of a talk"):
        _render(source)


def test_a_recording_without_length_is_refused(tmp_path: Path) -> None:
    empty = make_recording(tmp_path / "empty.mp4", 0.0)
    assert empty.stat().st_size > 0
    with pytest.raises(AttachmentError, match=r"neither video nor sound|no length"):
        _render(empty)


# A site ----------------------------------------------------------------------------------


def _content(root: Path, tmp_path: Path) -> ContentKit:
    kit = ContentKit(root)
    kit.people(
        {
            "ana-lima": {"name": "Ana Lima"},
            "bo-chen": {"name": "Bo Chen"},
        }
    )
    kit.event("2026-10", {"date": "2026-10-15", "title": "October Demo Day"})
    kit.talk(
        "recorded",
        {
            "title": 'Quokkas "and" <b>flux</b>',
            "speakers": ["ana-lima", "bo-chen"],
            "event": "2026-10",
            "video": "recording.mp4",
            "transcript": "transcript.vtt",
        },
        "We showed the recording.\n",
        files={
            "recording.mp4": _recording(tmp_path, "recording.mp4", 6.0),
            "transcript.vtt": TRANSCRIPT.encode("utf-8"),
        },
    )
    kit.talk(
        "chaptered",
        {
            "title": "Chapters in the front matter",
            "speakers": ["bo-chen"],
            "event": "2026-10",
            "duration": 20,
            "video": "talk.webm",
            "chapters": ["0:00 Opening", "0:03 Demo"],
            "transcript": "notes.txt",
            "transcript_auto": True,
        },
        files={
            "talk.webm": _recording(tmp_path, "talk.webm", 5.0),
            "notes.txt": b"[0:00] Opening words about wombatry.\n\n[0:03] The demo itself.\n",
        },
    )
    kit.talk(
        "hosted",
        {
            "title": "On YouTube",
            "speakers": ["ana-lima"],
            "event": "2026-10",
            "video": "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
            "chapters": ["0:00 Start", "1:30 Middle"],
        },
    )
    return kit


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    root = tmp_path_factory.mktemp("recordings")
    _content(root / "project" / "content", root)
    return build(write_project(root / "project")).check()


def test_the_talk_page_plays_the_recording_with_its_poster_captions_and_chapters(
    site: Build,
) -> None:
    page = site.page("talks/recorded/")
    video = page.soup.select_one("header video[data-sc-player]")
    assert video is not None, "the player is under the talk's title"
    source = video.select_one("source")
    assert source is not None and source["type"] == "video/mp4"
    assert page.target_file(source["src"]) == site.file("talks/recorded/recording.mp4")
    poster = page.target_file(video["poster"])
    assert poster is not None and poster.stat().st_size > 0
    track = video.select_one("track[kind=captions]")
    assert track is not None
    captions = page.target_file(track["src"])
    assert captions is not None
    text = captions.read_text(encoding="utf-8")
    assert text.startswith("WEBVTT") and "quokkaflux" in text
    assert "<script>" not in text and "&lt;script&gt;" not in text

    chapters = [(a["href"], a.get_text()) for a in page.soup.select(".sc-chapters a[data-sc-seek]")]
    assert chapters == [("recording.mp4#t=0", "0:00"), ("recording.mp4#t=2", "0:02")]
    assert [t.get_text() for t in page.soup.select(".sc-chapter__title")] == [
        "Welcome",
        "Results",
    ]
    # The length read from the recording fills the talk's duration (6 s: one minute).
    assert "1 min" in page.soup.select_one(".sc-talk-duration").get_text()


def test_the_transcript_is_folded_under_the_player_grouped_by_speaker(site: Build) -> None:
    page = site.page("talks/recorded/")
    details = page.soup.select_one("header details.sc-transcript")
    assert details is not None and not details.has_attr("open")
    headings = [h.get_text(" ", strip=True) for h in details.select("h3")]
    assert headings == ["Welcome 0:00", "Results 0:02"]
    passages = details.select(".sc-transcript__passage")
    assert [p["id"] for p in passages] == ["sc-t-0", "sc-t-2", "sc-t-3"]
    who = [p.select_one(".sc-transcript__who strong") for p in passages]
    # Ana Lima by full name and Bo (a speaker's first name) link to their pages; a name
    # nobody on the roster has is shown as written.
    assert [w.get_text() for w in who] == ["Ana Lima", "Bo Chen", "Zed Unknown"]
    assert page.resolve(who[0].a["href"]) == "people/ana-lima/"
    assert page.resolve(who[1].a["href"]) == "people/bo-chen/"
    assert who[2].a is None
    # Script in a cue is text, never markup.
    assert not page.soup.select("details.sc-transcript script")
    assert "<script" not in str(details)
    assert "window.__pwned = 1" in details.get_text(), "the words of the cue are kept as text"
    times = [a["href"] for a in details.select(".sc-transcript__who a.sc-time")]
    assert times == ["recording.mp4#t=0", "recording.mp4#t=2", "recording.mp4#t=3.5"]


def test_front_matter_chapters_win_and_an_automatic_transcript_says_so(site: Build) -> None:
    page = site.page("talks/chaptered/")
    assert [t.get_text() for t in page.soup.select(".sc-chapter__title")] == ["Opening", "Demo"]
    assert page.soup.select_one("video source")["type"] == "video/webm"
    assert "made automatically" in page.soup.select_one("details.sc-transcript").get_text()
    assert "20 min" in page.soup.select_one(".sc-talk-duration").get_text()
    assert [h.get_text(" ", strip=True) for h in page.soup.select("details.sc-transcript h3")] == [
        "Opening 0:00",
        "Demo 0:03",
    ]


def test_a_hosted_video_loads_nothing_from_its_host_until_clicked(site: Build) -> None:
    page = site.page("talks/hosted/")
    card = page.soup.select_one("header .sc-hosted")
    assert card is not None
    assert card["data-sc-embed"].startswith("https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ")
    assert card.a["href"] == "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    assert not page.soup.select("iframe"), "the player is loaded on click only"
    for element in page.soup.select("[src]"):
        assert not re.match(r"^(https?:)?//", element["src"]), element
    times = [a["href"] for a in page.soup.select(".sc-chapters a.sc-time")]
    assert times[1].startswith("https://www.youtube.com/watch?v=dQw4w9WgXcQ")
    assert "t=90" in times[1]


def test_the_json_export_carries_the_recording_chapters_and_transcript(site: Build) -> None:
    talks = {t["slug"]: t for t in json.loads(site.html("talks.json"))["talks"]}
    recorded = talks["recorded"]
    assert recorded["recording"]["kind"] == "recording"
    assert recorded["recording"]["path"] == "talks/recorded/recording.mp4"
    assert abs(recorded["recording"]["duration"] - 6.0) < 0.3
    assert recorded["duration"] == 1
    assert recorded["chapters"] == [
        {"at": 0.0, "title": "Welcome"},
        {"at": 2.0, "title": "Results"},
    ]
    assert recorded["transcript"]["path"] == "talks/recorded/transcript.vtt"
    assert recorded["transcript"]["automatic"] is False
    assert talks["chaptered"]["transcript"]["automatic"] is True
    hosted = talks["hosted"]
    assert hosted["recording"]["kind"] == "hosted" and hosted["recording"]["duration"] is None
    assert hosted["video"] == "https://www.youtube.com/watch?v=dQw4w9WgXcQ"


def test_search_finds_words_said_and_leads_to_the_passage(site: Build) -> None:
    records = search_records(site.site)
    talk = records["/talks/recorded/"]
    assert "marmotwise" in talk["content"]
    anchors = {anchor["id"]: anchor["text"] for anchor in talk["anchors"]}
    assert anchors["sc-t-3"] == "transcript 0:03"
    for url, record in records.items():
        if url != "/talks/recorded/":
            assert "marmotwise" not in record["content"], url


# Bad input and check ---------------------------------------------------------------------


def test_bad_recordings_and_transcripts_warn_and_the_rest_builds(tmp_path: Path) -> None:
    kit = ContentKit(tmp_path / "project" / "content")
    kit.people({"ana-lima": {"name": "Ana Lima"}})
    kit.event("2026-10", {"date": "2026-10-15"})
    kit.talk(
        "broken",
        {
            "title": "Broken files",
            "speakers": ["ana-lima"],
            "event": "2026-10",
            "video": "recording.mp4",
            "transcript": "transcript.srt",
        },
        "Still here.\n",
        files={
            "recording.mp4": b"not a video at all" * 50,
            "transcript.srt": "1\n00:00:01,000 --> 00:00:02,000\nCafé crème\n".encode("latin-1"),
        },
    )
    done = build(write_project(tmp_path / "project"), strict=False)
    assert done.ok, done.log
    assert "recording `recording.mp4` of talk `broken` could not be shown" in done.log
    assert "Windows-1252" in done.log or "Latin-1" in done.log
    page = done.page("talks/broken/")
    assert "Still here." in page.text
    assert "Café crème" in page.soup.select_one("details.sc-transcript").get_text()


def _check(folder: Path) -> subprocess.CompletedProcess[str]:
    """``showcase check`` on ``folder/content``, run as a user runs it."""
    return subprocess.run(
        [sys.executable, "-m", "showcase", "check", "content", "--today", TODAY],
        cwd=folder,
        capture_output=True,
        text=True,
        check=False,
    )


def test_check_reports_a_chapter_after_the_end_with_its_line(tmp_path: Path) -> None:
    kit = ContentKit(tmp_path / "content")
    kit.people({"ana-lima": {"name": "Ana Lima"}})
    kit.event("2026-10", {"date": "2026-10-15"})
    kit.talk(
        "long-chapters",
        "title: T\nspeakers: [ana-lima]\nevent: 2026-10\nvideo: recording.mp4\n"
        "chapters:\n  - 0:00 Start\n  - 9:00 Too late\n",
        files={"recording.mp4": _recording(tmp_path, "recording.mp4", 3.0)},
    )
    done = _check(tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert re.search(
        r"content/talks/long-chapters/index\.md:8:\d+: warning: chapter `Too late` at 9:00 "
        r"starts after the recording `recording\.mp4` ends \(0:03\)",
        done.stdout,
    ), done.stdout
    assert not (tmp_path / ".cache").exists(), "without mkdocs.yml, check keeps nothing"


def test_check_reports_an_unreadable_transcript(tmp_path: Path) -> None:
    kit = ContentKit(tmp_path / "content")
    kit.people({"ana-lima": {"name": "Ana Lima"}})
    kit.talk(
        "t",
        "title: T\nspeakers: [ana-lima]\ntranscript: transcript.vtt\n",
        files={"transcript.vtt": b"\x00\x01\x02 not a transcript \xff\xfe"},
    )
    done = _check(tmp_path)
    assert "transcript `transcript.vtt` of talk `t` could not be shown" in done.stdout


def test_the_processor_keeps_recording_lengths_for_the_plan(tmp_path: Path) -> None:
    kit = _content(tmp_path / "content", tmp_path)
    result = kit.load(today=TODAY)
    assert result.ok, [str(p) for p in result.errors]
    published = AttachmentProcessor(kit.root, Cache(tmp_path / "cache")).process(result.archive)
    assert set(published.durations) == {"recorded", "chaptered"}
    talk = result.archive.talks["recorded"]
    assert 'id="sc-recording"' in published.talk_media(talk, talk_src(talk))
    assert "sc-recording" not in published.talk_extras(talk, talk_src(talk))


# In a browser ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def base_url(site: Build) -> Iterator[str]:
    with serve(site.site) as url:
        yield url


@pytest.mark.browser
def test_a_chapter_plays_the_recording_from_its_time(
    base_url: str, page: tuple[Any, Traffic]
) -> None:
    tab, traffic = page
    tab.goto(f"{base_url}talks/chaptered/", wait_until="networkidle")
    tab.evaluate("() => { document.querySelector('video').muted = true; }")
    tab.locator(".sc-chapters a", has_text="0:03").click()
    tab.wait_for_function(
        "() => { const v = document.querySelector('video'); "
        "return !v.paused && v.currentTime >= 3; }"
    )
    assert tab.url.endswith("/talks/chaptered/"), "the link seeks; the page stays"
    assert not traffic.problems


@pytest.mark.browser
def test_a_search_hit_in_the_transcript_unfolds_it_at_the_passage(
    base_url: str, page: tuple[Any, Traffic]
) -> None:
    tab, traffic = page
    tab.goto(f"{base_url}talks/recorded/#sc-t-3", wait_until="networkidle")
    assert tab.locator("details.sc-transcript").evaluate("(d) => d.open")
    assert tab.locator("#sc-t-3").is_visible()
    assert "marmotwise" in tab.locator("#sc-t-3").inner_text()
    assert tab.evaluate("() => window.__pwned") is None
    assert not traffic.problems


@pytest.mark.browser
def test_the_hosted_player_is_loaded_only_on_click(
    base_url: str, page: tuple[Any, Traffic]
) -> None:
    tab, traffic = page
    tab.goto(f"{base_url}talks/hosted/", wait_until="networkidle")
    assert not traffic.problems and tab.locator("iframe").count() == 0
    tab.locator(".sc-hosted__card").click()
    frame = tab.locator(".sc-hosted iframe")
    frame.wait_for()
    assert frame.get_attribute("src").startswith("https://www.youtube-nocookie.com/embed/")
    tab.wait_for_function("() => document.readyState === 'complete'")
    # The only request to another host is the player the reader asked for (the test
    # blocks it, as it blocks every other host).
    assert all(url.startswith("https://www.youtube-nocookie.com/") for url in traffic.foreign)


def test_a_recording_over_the_size_limit_is_linked_not_played(tmp_path: Path) -> None:
    kit = ContentKit(tmp_path / "project" / "content")
    kit.people({"ana-lima": {"name": "Ana Lima"}})
    kit.event("2026-10", {"date": "2026-10-15"})
    kit.talk(
        "big",
        {"title": "Big", "speakers": ["ana-lima"], "event": "2026-10", "video": "talk.mp4"},
        files={"talk.mp4": _recording(tmp_path, "talk.mp4", 4.0)},
    )
    config = write_project(tmp_path / "project", plugin_options={"max_attachment_mb": 0.001})
    done = build(config).check()  # strict: being large is not a problem
    page = done.page("talks/big/")
    assert not page.soup.select("video, audio")
    link = page.soup.select_one("#sc-recording a[download]")
    assert link is not None and page.target_file(link["href"]) == done.file("talks/big/talk.mp4")
    assert "larger than the size the site plays" in page.soup.select_one("#sc-recording").text
    # Its length was still read: it fills the talk's duration.
    assert "1 min" in page.soup.select_one(".sc-talk-duration").get_text()


def test_a_ten_hour_transcript_is_shown_up_to_a_limit_and_offered_whole(tmp_path: Path) -> None:
    cues = "\n".join(
        f"{_stamp(i * 3)} --> {_stamp(i * 3 + 3)}\nWords of cue {i} about lemurcraft.\n"
        for i in range(12_000)  # ten hours, a cue every three seconds
    )
    kit = ContentKit(tmp_path / "project" / "content")
    kit.people({"ana-lima": {"name": "Ana Lima"}})
    kit.talk(
        "marathon",
        {"title": "Marathon", "speakers": ["ana-lima"], "transcript": "transcript.vtt"},
        files={"transcript.vtt": f"WEBVTT\n\n{cues}".encode()},
    )
    done = build(write_project(tmp_path / "project"), strict=False)
    assert done.ok, done.log
    assert "transcript `transcript.vtt` of talk `marathon`" in done.log
    page = done.page("talks/marathon/")
    passages = page.soup.select(".sc-transcript__passage")
    assert 0 < len(passages) < 12_000
    assert "too long to show whole" in page.soup.select_one("details.sc-transcript").text
    assert page.path.stat().st_size < 4_000_000
    records = search_records(done.site)
    assert "lemurcraft" in records["/talks/marathon/"]["content"]


def test_a_chinese_transcript_is_found_by_its_words(tmp_path: Path) -> None:
    kit = ContentKit(tmp_path / "project" / "content")
    kit.people({"ana-lima": {"name": "Ana Lima"}})
    kit.talk(
        "zh",
        {"title": "数据", "speakers": ["ana-lima"], "transcript": "transcript.srt"},
        files={"transcript.srt": f"1\n00:00:01,000 --> 00:00:04,000\n{CHINESE}\n".encode()},
    )
    done = build(write_project(tmp_path / "project")).check()
    content = search_records(done.site)["/talks/zh/"]["content"]
    # Pagefind cuts Chinese into words (数据 管道), with zero-width spaces between them.
    words = content.replace("\u200b", "").replace(" ", "")
    assert "数据管道" in words


#: "We rebuilt the data pipeline; it is three times faster." (its comma is Chinese's own)
CHINESE = "我们重建了数据管道\uff0c速度快了三倍。"


def _stamp(seconds: int) -> str:
    hours, rest = divmod(seconds, 3600)
    return f"{hours:02d}:{rest // 60:02d}:{rest % 60:02d}.000"


def test_control_characters_are_dropped_from_cues_and_a_file_of_them_is_refused() -> None:
    vtt = "WEBVTT\n\n00:00:01.000 --> 00:00:03.000\n<v Ana Lima>Hello\x07 there\x1b, 数据\n"
    transcript = read_transcript(vtt.encode(), "talk.vtt")
    assert [(cue.voice, cue.text) for cue in transcript.cues] == [("Ana Lima", "Hello there, 数据")]
    noise = "WEBVTT\n\n00:00:01.000 --> 00:00:03.000\nHi" + "\x01\x85" * 20 + "\n"
    with pytest.raises(TranscriptError, match="many control characters"):
        read_transcript(noise.encode(), "talk.vtt")
    tabs = "WEBVTT\n\n00:00:01.000 --> 00:00:03.000\nHi\n" + "\t\r\n" * 40
    assert read_transcript(tabs.encode(), "talk.vtt").cues[0].text == "Hi"
