"""Recordings and transcripts from a hostile pull request: what a crafted file or front
matter tried, and what the build does with it (a warning naming the file, the rest built,
nothing run, nothing fetched, nothing held)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from browserkit import chromium, serve, watched_page
from contentkit import ContentKit
from PIL import Image
from sitekit import TODAY, build, write_project

from showcase.attachments.handler import AttachmentOptions, Handler, RenderJob
from showcase.attachments.handlers.image import ImageHandler
from showcase.attachments.handlers.recording import RecordingHandler
from showcase.attachments.sample_media import make_recording
from showcase.recordings import transcript as transcripts
from showcase.recordings.transcript import read_transcript, sections
from showcase.siteconfig import read_site_config


class _CountingSet(set[str]):
    """A set that counts how often it is asked whether it holds something."""

    looks = 0

    def __contains__(self, item: object) -> bool:
        _CountingSet.looks += 1
        return super().__contains__(item)


def test_anchors_of_passages_that_start_in_the_same_second_are_found_in_linear_work(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Two voices taking turns, every cue at 0:00: each cue is a passage of its own, and
    # each passage's anchor is `sc-t-0` and a number. The talk page and the search both
    # make these anchors in the build's own process (no worker, no time limit): trying
    # `sc-t-0-2`, `sc-t-0-3`, ... for each took 32 million looks for 8,000 cues.
    count = 8_000
    cues = "\n".join(
        f"00:00:00.000 --> 00:00:00.000\n<v {'AB'[i % 2]}>words {i}\n" for i in range(count)
    )
    transcript = read_transcript(f"WEBVTT\n\n{cues}".encode(), "t.vtt", max_cues=count)
    assert len(transcript.cues) == count

    class Counted(transcripts._Anchors):
        def __init__(self) -> None:
            super().__init__()
            self.taken: Any = _CountingSet()

    monkeypatch.setattr(transcripts, "_Anchors", Counted)
    _CountingSet.looks = 0
    passages = [passage for section in sections(transcript) for passage in section.passages]
    anchors = [passage.anchor for passage in passages]
    assert len(anchors) == count and len(set(anchors)) == count
    assert anchors[:3] == ["sc-t-0", "sc-t-0-2", "sc-t-0-3"]
    assert _CountingSet.looks <= 3 * count


# A picture taller than WebP can hold --------------------------------------------------


def _render(handler: Handler, source: Path, role: str) -> tuple[dict[str, Any], Path]:
    out = source.parent / f"{source.name}.out"
    out.mkdir()
    rendering = handler.render(RenderJob(source, out, source.name, role))
    return dict(rendering.meta), out


def test_a_recording_taller_than_webp_allows_still_plays_with_a_poster(tmp_path: Path) -> None:
    # 16 x 16,384 H.264 is a recording browsers play; its poster, 16 pixels wide and so
    # not scaled down, was taller than WebP's 16,383 pixels, and the whole recording
    # failed with "the recording handler failed (ValueError: encoding error 5 ...)".
    source = make_recording(tmp_path / "tall.mp4", 2.0, size=(16, 16_384), fps=2)
    meta, out = _render(RecordingHandler(), source, "recording")
    assert meta["duration"] > 0 and meta["size"] == [16, 16_384]
    with Image.open(out / "poster.webp") as poster:
        assert poster.height <= 16_383 and poster.width >= 1
    assert meta["poster"] == [poster.width, poster.height]


def test_a_cover_taller_than_webp_allows_is_shown_scaled_to_fit(tmp_path: Path) -> None:
    source = tmp_path / "cover.png"
    Image.new("RGB", (8, 20_000), (200, 40, 40)).save(source)
    meta, out = _render(ImageHandler(), source, "cover")
    assert meta["height"] <= 16_383
    for name in ("picture.webp", "thumb.webp"):
        with Image.open(out / name) as picture:
            assert picture.height <= 16_383


# What check reads, the build reuses, under the site's own options --------------------


def _recorded_talk(tmp_path: Path, transcript: bytes) -> Path:
    """A project (``tmp_path/project``) whose content has one talk with a two-second
    recording and ``transcript``; the content only, no ``mkdocs.yml`` yet."""
    project = tmp_path / "project"
    kit = ContentKit(project / "content")
    kit.people({"ana-lima": {"name": "Ana Lima"}})
    kit.event("2026-10", {"date": "2026-10-15"})
    kit.talk(
        "recorded",
        {
            "title": "Recorded",
            "speakers": ["ana-lima"],
            "event": "2026-10",
            "video": "recording.mp4",
            "transcript": "transcript.vtt",
        },
        files={
            "recording.mp4": make_recording(tmp_path / "recording.mp4", 2.0).read_bytes(),
            "transcript.vtt": transcript,
        },
    )
    return project


def test_check_reads_recordings_with_the_sites_options_so_the_build_reuses_them(
    tmp_path: Path,
) -> None:
    # The site sets options that are part of every rendering's cache key: `check` read
    # the recording and transcript with the defaults instead, so the build read them
    # again (and removed check's entries); and check gave each file 120 s, not the
    # site's `render_timeout`.
    project = _recorded_talk(tmp_path, b"WEBVTT\n\n00:00.000 --> 00:01.000\nHello.\n")
    config = write_project(project, plugin_options={"pdf_max_pages": 5, "render_timeout": 30})
    checked = subprocess.run(
        [sys.executable, "-m", "showcase", "check", "content", "--today", TODAY],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    done = build(config).check()
    assert "Attachments: rendered 0, reused 2 from the cache" in done.log, done.log


def test_the_site_config_gives_check_the_attachment_options(tmp_path: Path) -> None:
    config = write_project(
        tmp_path, plugin_options={"pdf_max_pages": 5, "render_timeout": 30, "max_attachment_mb": 2}
    )
    options = read_site_config(config).attachment_options()
    assert (options.pdf_max_pages, options.render_timeout) == (5, 30.0)
    assert options.max_bytes == 2 * 1024 * 1024
    assert read_site_config(write_project(tmp_path / "plain")).attachment_options() == (
        AttachmentOptions()
    )


# In a browser --------------------------------------------------------------------------


@pytest.mark.browser
def test_an_address_that_is_not_valid_percent_encoding_breaks_no_script(tmp_path: Path) -> None:
    # `recordings.js` unfolds the transcript at the passage an address names: it decoded
    # `#%E0%A4%A` with decodeURIComponent, which throws, uncaught, on every such link.
    project = _recorded_talk(tmp_path, b"WEBVTT\n\n00:00.000 --> 00:01.000\n<v Ana Lima>Hello.\n")
    done = build(write_project(project)).check()
    with serve(done.site) as base, chromium() as browser, watched_page(browser) as watched:
        tab, traffic = watched
        tab.goto(f"{base}talks/recorded/#%E0%A4%A", wait_until="networkidle")
        assert not tab.locator("details.sc-transcript").evaluate("(d) => d.open")
        tab.evaluate("() => { location.hash = 'sc-t-0'; }")
        tab.wait_for_function("() => document.querySelector('details.sc-transcript').open")
        assert not traffic.problems, traffic.problems


def _long_markdown_transcript(project: Path) -> None:
    kit = ContentKit(project / "content")
    kit.people({"ana-lima": {"name": "Ana Lima"}})
    lines = "\n\n".join(
        f"[{i // 3600}:{i // 60 % 60:02d}:{i % 60:02d}] Words {i}." for i in range(9_000)
    )
    kit.talk(
        "long",
        {"title": "Long", "speakers": ["ana-lima"], "transcript": "transcript.md"},
        files={"transcript.md": f"# 0:00:00 Start\n\n{lines}\n"},
    )


def test_a_long_markdown_transcript_is_not_held_to_the_length_of_a_page(tmp_path: Path) -> None:
    # A `.md` transcript is read as a transcript, never converted as a page; but `check`
    # and the build measured it as one, and two hours of speech (200,000 characters)
    # stopped the build: "the page is 205,906 characters long; the most is 100,000".
    project = tmp_path / "project"
    _long_markdown_transcript(project)
    done = build(write_project(project), strict=False)
    assert done.ok, done.log
    assert "characters long" not in done.log
    assert not done.file("talks/long/transcript/").exists()
    assert "Words 7999." in done.page("talks/long/").soup.select_one("#sc-transcript").text


def test_a_transcript_that_is_not_published_offers_no_empty_download(tmp_path: Path) -> None:
    # A `.md` transcript is not published as a file (it would be a page): its download
    # paragraph was left empty, and the note on a transcript too long to show read
    # "...whole here:  to read the rest." around a link that was not there.
    project = tmp_path / "project"
    _long_markdown_transcript(project)
    done = build(write_project(project), strict=False)  # warned: longer than a page shows
    assert done.ok, done.log
    section = done.page("talks/long/").soup.select_one("#sc-transcript")
    assert section is not None
    assert not [p for p in section.select("p") if not p.get_text(strip=True)]
    note = section.select_one(".sc-transcript__note").get_text(" ", strip=True)
    assert note == "This transcript is too long to show whole here: the rest is left out."
