"""Person, topic, event and talk pages kept between builds (``SiteRenderer.memo``):
reused while every fact they show stays the same, rendered again as soon as one changes.

The truth is a build with the page cache off (``page_cache: false``), which renders every
page: after each change, the kept build must write exactly the same files.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from attachmentkit import png_bytes
from contentkit import ContentKit
from sitekit import Build, build, build_without_cache, comparable_tree, edit, write_project


def _listings(log: str) -> tuple[int, int]:
    found = re.search(r"Rendered pages: (\d+) reused, (\d+) rendered and kept", log)
    assert found, log
    return int(found.group(1)), int(found.group(2))


def _content(kit: ContentKit) -> ContentKit:
    kit.standard()
    talks = {
        "pipelines": ("2026-10", ["ana-lima", "bo-chen"], ["python", "data"]),
        "dashboards": ("2026-10", ["bo-chen"], ["data"]),
        "forecasts": ("2026-11", ["carla-diaz"], ["ml"]),
    }
    for slug, (event, speakers, tags) in talks.items():
        kit.talk(
            slug,
            {"title": slug.title(), "speakers": speakers, "event": event, "tags": tags},
            body=f"What {slug} found first.\n\n## More\n\nThe rest of {slug}.\n",
        )
    return kit


def _same(kept: Build, truth: Build) -> None:
    one, two = comparable_tree(kept.site), comparable_tree(truth.site)
    assert sorted(one) == sorted(two)
    stale = [name for name in one if one[name] != two[name]]
    assert not stale, f"kept pages differ from freshly rendered ones: {stale}"


def _truth(tmp_path: Path, content: Path, today: str) -> Build:
    return build_without_cache(
        tmp_path / "truth", content, today=today, cache_says="Rendered pages:"
    )


def test_a_second_build_renders_only_the_page_of_what_changed(tmp_path: Path) -> None:
    config = write_project(tmp_path / "site")
    _content(ContentKit(tmp_path / "site" / "content"))
    first = build(config, site_dir=tmp_path / "out-1").check()
    reused, kept = _listings(first.log)
    # three people, three topics (data, ml, python), three demo days, three talks and the
    # digest of the quarter (2026 Q4)
    assert (reused, kept) == (0, 13)

    # A change past a writeup's first paragraph is on no card: only its own page.
    edit(tmp_path / "site/content/talks/forecasts/index.md", "The rest", "All the rest")
    second = build(config, site_dir=tmp_path / "out-2").check()
    assert _listings(second.log) == (12, 1)
    _same(second, _truth(tmp_path, tmp_path / "site/content", "2026-11-24"))


Change = Callable[[Path], None]


def _rename_co_speaker(content: Path) -> None:
    edit(content / "people.yml", "name: Bo Chen", "name: Bo Chen-Wu")


def _move_talk(content: Path) -> None:
    edit(content / "talks/dashboards/index.md", "event: 2026-10", "event: 2026-11")


def _new_first_paragraph(content: Path) -> None:
    edit(content / "talks/dashboards/index.md", "What dashboards found first.", "Dials.")


def _new_role(content: Path) -> None:
    edit(content / "people.yml", "role: Engineering Manager", "role: Director")


def _cover(content: Path) -> None:
    (content / "talks/pipelines/cover.png").write_bytes(png_bytes())
    edit(
        content / "talks/pipelines/index.md",
        "title: Pipelines",
        "title: Pipelines\ncover: cover.png",
    )


def _new_co_speaker(content: Path) -> None:
    edit(content / "people.yml", "carla-diaz:", "dee-ong:\n  name: Dee Ong\ncarla-diaz:")
    edit(content / "talks/pipelines/index.md", "- bo-chen", "- bo-chen\n- dee-ong")


def _tag_renamed(content: Path) -> None:
    edit(content / "talks/dashboards/index.md", "- data", "- dataviz")


def _retitle_neighbour(content: Path) -> None:
    # pipelines' page names the talk after it at the same demo day
    edit(content / "talks/dashboards/index.md", "title: Dashboards", "title: Dials")


def _event_host(content: Path) -> None:
    edit(content / "events/2026-11.yml", "date: 2026-11-19", "date: 2026-11-19\nhost: bo-chen")


def _event_slots(content: Path) -> None:
    edit(content / "events/2026-11.yml", "slots: 3", "slots: 2")


@pytest.mark.parametrize(
    "change",
    [
        _retitle_neighbour,
        _event_host,
        _event_slots,
        _rename_co_speaker,
        _move_talk,
        _new_first_paragraph,
        _new_role,
        _cover,
        _new_co_speaker,
        _tag_renamed,
    ],
)
def test_a_change_shown_on_a_listing_renders_it_again(tmp_path: Path, change: Change) -> None:
    config = write_project(tmp_path / "site", config={"strict": False})
    content = tmp_path / "site/content"
    _content(ContentKit(content))
    build(config, site_dir=tmp_path / "out-1", strict=False).check()

    change(content)
    second = build(config, site_dir=tmp_path / "out-2", strict=False).check()
    _reused, kept = _listings(second.log)
    assert kept >= 1, "the change shows on some person's or topic's page"
    _same(second, _truth(tmp_path, content, "2026-11-24"))


def test_a_new_day_renders_the_pages_whose_talks_were_given_since(tmp_path: Path) -> None:
    config = write_project(tmp_path / "site")
    content = tmp_path / "site/content"
    _content(ContentKit(content))
    build(config, site_dir=tmp_path / "out-1", today="2026-11-10").check()

    # The demo day of 2026-11-19 is now past: carla-diaz's talk was given.
    later = build(config, site_dir=tmp_path / "out-2", today="2026-11-24").check()
    assert _listings(later.log)[1] >= 2  # carla-diaz, #ml
    _same(later, _truth(tmp_path, content, "2026-11-24"))
