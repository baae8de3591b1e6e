"""``sitemap.xml`` is the same for the same content, whatever day it is built on.

MkDocs dates every page with the day of the build (its ``lastmod``, and the ``.gz``'s
time stamp); Showcase dates them from the content instead. The second build here runs
with the wall clock moved 400 days on (``time-machine``, started by a hook), as a build
on another day would.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from contentkit import ContentKit
from sitekit import build, write_project

from showcase.plan import site_date


def _project(root: Path, *, hooks: str | None = None) -> Path:
    kit = ContentKit(root / "content").standard()
    kit.talk("t", {"title": "T", "speakers": ["ana-lima"], "event": "2026-10"})
    config: dict[str, object] = {"site_url": "https://demo.example/"}
    if hooks is not None:
        (root / "hooks.py").write_text(hooks, encoding="utf-8")
        config["hooks"] = ["hooks.py"]
    return write_project(root, config=config)


def test_the_sitemap_is_the_same_when_built_on_another_day(tmp_path: Path) -> None:
    later = datetime.now(UTC) + timedelta(days=400)
    travel = f"import time_machine\n\ntime_machine.travel({later.timestamp()!r}).start()\n"
    today = build(_project(tmp_path / "today")).check()
    another_day = build(_project(tmp_path / "later", hooks=travel)).check()

    sitemap = (today.site / "sitemap.xml").read_bytes()
    assert sitemap == (another_day.site / "sitemap.xml").read_bytes()
    assert (today.site / "sitemap.xml.gz").read_bytes() == (
        another_day.site / "sitemap.xml.gz"
    ).read_bytes()
    # The latest demo day held before the build's today (2026-11-24): 2026-11-19.
    assert set(re.findall(rb"<lastmod>([^<]+)</lastmod>", sitemap)) == {b"2026-11-19"}


def test_source_date_epoch_still_decides_when_it_is_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14
    result = build(_project(tmp_path)).check()
    sitemap = (result.site / "sitemap.xml").read_bytes()
    assert set(re.findall(rb"<lastmod>([^<]+)</lastmod>", sitemap)) == {b"2023-11-14"}


def test_the_site_date_comes_from_the_events(content: ContentKit) -> None:
    def date_of(today: str) -> str:
        return site_date(content.load(today=today).archive)

    assert date_of("2026-11-24") == "2026-11-19", "the latest held"
    assert date_of("2026-11-19") == "2026-10-15", "an event on the day is not held yet"
    assert date_of("2026-01-01") == "2026-10-15", "none held: the first planned"
    (content.root / "events/2026-10.yml").write_text("date: 2026-10-15\ncancelled: true\n")
    assert date_of("2026-11-01") == "2026-11-19", "a cancelled event was not held"
