"""Each talk's attachment fragments and search passages kept between builds
(``showcase.attachments.memo``): taken back while nothing a handler sees changed, made
again as soon as something did.

The truth is a build with the page cache off (``page_cache: false``), which writes every
fragment afresh: after each change, the build that uses the memo must write exactly the
same site, search index included.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from attachmentkit import install_handler
from contentkit import ContentKit
from sitekit import (
    Build,
    build,
    build_without_cache,
    comparable_tree,
    edit,
    search_text,
    write_project,
)

from showcase.attachments.sample_media import make_recording

TRANSCRIPT = """WEBVTT

00:00:00.000 --> 00:00:01.500
<v Ana Lima>Hello and welcome to the quokkaflux demo.

00:00:01.500 --> 00:00:03.000
<v Bo>Then the numbers went up, as bo promised.

00:00:03.000 --> 00:00:04.500
<v carla-diaz>A question from the audience about marmotwise.
"""
OTHER = """WEBVTT

00:00:00.000 --> 00:00:02.000
<v Bo Chen>Wombats dig square burrows.
"""


@pytest.fixture(scope="module")
def recording(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    folder = tmp_path_factory.mktemp("media")
    return make_recording(folder / "recording.mp4", 4.5).read_bytes()


def _content(root: Path, recording: bytes) -> Path:
    kit = ContentKit(root).standard()
    kit.talk(
        "recorded",
        {
            "title": "Quokkaflux",
            "speakers": ["ana-lima"],
            "event": "2026-10",
            "video": "recording.mp4",
            "transcript": "transcript.vtt",
            "chapters": ["0:00 Opening", "0:03 Questions"],
        },
        files={"recording.mp4": recording, "transcript.vtt": TRANSCRIPT},
    )
    kit.talk(
        "other",
        {
            "title": "Wombats",
            "speakers": ["bo-chen"],
            "event": "2026-10",
            "video": "recording.mp4",
            "transcript": "transcript.vtt",
        },
        files={"recording.mp4": recording, "transcript.vtt": OTHER},
    )
    return root


def _memo(log: str) -> tuple[int, int]:
    found = re.search(r"Attachment fragments: (\d+) reused, (\d+) made and kept", log)
    assert found, log
    return int(found.group(1)), int(found.group(2))


def _same(kept: Build, truth: Build) -> None:
    one, two = comparable_tree(kept.site), comparable_tree(truth.site)
    assert sorted(one) == sorted(two)
    stale = [name for name in one if one[name] != two[name]]
    assert not stale, f"a build with the memo differs from one without: {stale}"


def _truth(tmp_path: Path, content: Path) -> Build:
    return build_without_cache(tmp_path / "truth", content, cache_says="Attachment fragments:")


def _transcript_html(site: Build, slug: str) -> str:
    block = site.page(f"talks/{slug}/").content.select_one(".sc-transcript")
    assert block is not None
    return str(block)


def test_a_warm_build_takes_every_fragment_back_and_writes_the_same_site(
    tmp_path: Path, recording: bytes
) -> None:
    config = write_project(tmp_path / "site")
    _content(tmp_path / "site/content", recording)
    first = build(config, site_dir=tmp_path / "out-1").check()
    assert _memo(first.log) == (0, 2)
    second = build(config, site_dir=tmp_path / "out-2").check()
    assert _memo(second.log) == (2, 0)
    _same(second, first)
    _same(second, _truth(tmp_path, tmp_path / "site/content"))
    assert "marmotwise" in search_text(second.site), "kept passages are searched"
    page = _transcript_html(second, "recorded")
    assert '<a href="../../people/carla-diaz/">Carla Diaz</a>' in page


Change = Callable[[Path], str]


def _rename_someone_a_voice_names(content: Path) -> str:
    # carla-diaz is no speaker of the talk: only the roster says who the voice is
    edit(content / "people.yml", "name: Carla Diaz", "name: Carla Ortega")
    return ">Carla Ortega</a>"


def _new_chapters(content: Path) -> str:
    edit(content / "talks/recorded/index.md", "0:03 Questions", "0:03 Audience asks")
    return "Audience asks"


def _new_speaker(content: Path) -> str:
    # "Bo" names bo-chen only once he is one of the talk's speakers
    edit(content / "talks/recorded/index.md", "- ana-lima", "- ana-lima\n- bo-chen")
    return '<a href="../../people/bo-chen/">Bo Chen</a>'


def _new_words(content: Path) -> str:
    edit(content / "talks/recorded/transcript.vtt", "marmotwise", "echidnology")
    return "echidnology"


@pytest.mark.parametrize(
    "change", [_rename_someone_a_voice_names, _new_chapters, _new_speaker, _new_words]
)
def test_a_change_a_handler_sees_makes_the_fragments_again(
    tmp_path: Path, recording: bytes, change: Change
) -> None:
    config = write_project(tmp_path / "site")
    content = _content(tmp_path / "site/content", recording)
    first = build(config, site_dir=tmp_path / "out-1").check()

    shown = change(content)
    assert shown not in _transcript_html(first, "recorded")
    second = build(config, site_dir=tmp_path / "out-2").check()
    _reused, made = _memo(second.log)
    assert made >= 1
    assert shown in _transcript_html(second, "recorded")
    _same(second, _truth(tmp_path, content))


def test_a_damaged_record_is_made_again_not_trusted(tmp_path: Path, recording: bytes) -> None:
    config = write_project(tmp_path / "site")
    _content(tmp_path / "site/content", recording)
    first = build(config, site_dir=tmp_path / "out-1").check()
    records = sorted((tmp_path / "site/.cache/showcase/fragments").rglob("*.json"))
    assert len(records) == 2
    truncated, changed = records
    truncated.write_bytes(truncated.read_bytes()[:-40])
    data = changed.read_bytes()
    changed.write_bytes(data.replace(b"quokkaflux", b"QUOKKAFLUX").replace(b"Wombats", b"W0mbats"))
    assert changed.read_bytes() != data

    second = build(config, site_dir=tmp_path / "out-2").check()
    assert _memo(second.log) == (0, 2)
    _same(second, first)


BROKEN_HANDLER = """
from html import escape

from showcase.attachments import Handler, Rendering, fragments


class Tally(Handler):
    kind = "tally"
    label = "tally"
    suffixes = frozenset({".tally"})
    roles = frozenset({"notebooks"})

    def render(self, job):
        return Rendering(meta={"text": job.source.read_text(encoding="utf-8")})

    def html(self, view):
        if "boom" in view.meta["text"]:
            raise RuntimeError("cannot count this")
        return fragments.block(view, "<p>" + escape(view.meta["text"]) + " COUNTED</p>")
"""


def _install_tally(folder: Path, code: str) -> Path:
    """A third-party kind (``tally``) installed by entry point, as in test_attachments."""
    return install_handler(folder, "showcase_tally", code, "tally", "Tally")


def test_a_handler_that_fails_warns_on_every_build_and_its_code_is_in_the_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plugins = _install_tally(tmp_path / "plugins", BROKEN_HANDLER)
    monkeypatch.setenv(
        "PYTHONPATH", os.pathsep.join(filter(None, [str(plugins), os.environ.get("PYTHONPATH")]))
    )
    kit = ContentKit(tmp_path / "site/content").standard()
    for slug, words in (("fine", "seven sheep"), ("broken", "boom")):
        kit.talk(
            slug,
            {"title": slug, "speakers": ["ana-lima"], "event": "2026-10", "notebooks": ["n.tally"]},
            files={"n.tally": words},
        )
    config = write_project(tmp_path / "site")
    warning = "the tally handler failed (RuntimeError: cannot count this)"
    for number in (1, 2):
        again = build(config, site_dir=tmp_path / f"out-{number}", strict=False)
        assert again.ok and warning in again.log, again.log
        # the failed talk's fragments are never kept: only the fine one's is taken back
        assert _memo(again.log) == ((0, 1) if number == 1 else (1, 0))
    assert "seven sheep COUNTED" in again.html("talks/fine/")

    _install_tally(plugins, BROKEN_HANDLER.replace(" COUNTED", " TALLIED"))
    changed = build(config, site_dir=tmp_path / "out-3", strict=False)
    assert changed.ok and warning in changed.log
    assert _memo(changed.log) == (0, 1)
    assert "seven sheep TALLIED" in changed.html("talks/fine/")
