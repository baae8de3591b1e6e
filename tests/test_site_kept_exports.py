"""The calendars and feeds kept between builds (``exports/`` in the cache): taken back while
what they are made from is the same (``plan.exports_digest``: the archive, but of a
writeup only its blurb and whether it says anything), made again as soon as it is not.

The truth is a build with the page cache off, which makes every export afresh.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
from contentkit import ContentKit, require_chipy
from sitekit import Build, build, build_without_cache, comparable_tree, edit, write_project

from showcase import plan
from showcase.loader import load_archive
from showcase.model import Archive
from showcase.plan import PlanOptions, _calendars_and_feed, exports_digest
from showcase.settings import Settings

BODY = "What the talk found: the numbers went up.\n\n## Then\n\nThe rest of the story.\n"
EXPORTS = re.compile(r"^(schedule\.ics|feed\.xml|people/.*\.(ics|xml)|topics/.*\.xml)$")


def _content(root: Path) -> Path:
    kit = ContentKit(root).standard()
    for number, speaker in enumerate(("ana-lima", "bo-chen"), start=1):
        kit.talk(
            f"talk-{number}",
            {"title": f"Talk {number}", "speakers": [speaker], "event": "2026-10", "tags": ["ml"]},
            body=BODY,
        )
    return root


def _exports_note(log: str) -> str:
    found = re.search(r"Calendars and feeds: \d+ (reused|made and kept)", log)
    assert found, log
    return found.group(1)


def _exports(site: Build) -> dict[str, bytes]:
    tree = comparable_tree(site.site)
    found = {name: data for name, data in tree.items() if EXPORTS.match(name)}
    assert "schedule.ics" in found and "feed.xml" in found, sorted(tree)
    return found


def _truth(tmp_path: Path, content: Path) -> Build:
    return build_without_cache(tmp_path / "truth", content, cache_says="Calendars and feeds:")


def test_an_edit_past_a_writeups_first_paragraph_takes_the_exports_back(
    tmp_path: Path,
) -> None:
    config = write_project(tmp_path / "site")
    content = _content(tmp_path / "site/content")
    first = build(config, site_dir=tmp_path / "out-1").check()
    assert _exports_note(first.log) == "made and kept"

    edit(content / "talks/talk-1/index.md", "The rest of the story.", "A longer story now.")
    second = build(config, site_dir=tmp_path / "out-2").check()
    assert _exports_note(second.log) == "reused"
    assert _exports(second) == _exports(first) == _exports(_truth(tmp_path, content))

    # The first paragraph is what the calendars and the feed say of a talk.
    edit(content / "talks/talk-1/index.md", "the numbers went up", "the numbers went down")
    third = build(config, site_dir=tmp_path / "out-3").check()
    assert _exports_note(third.log) == "made and kept"
    assert b"the numbers went down" in _exports(third)["feed.xml"]
    assert _exports(third) == _exports(_truth(tmp_path, content))

    # So is whether a writeup says anything (a talk with nothing to show is left out of
    # the feeds), and every other fact of a talk.
    edit(content / "talks/talk-2/index.md", "Talk 2", "Talk Two")
    fourth = build(config, site_dir=tmp_path / "out-4").check()
    assert _exports_note(fourth.log) == "made and kept"
    assert b"Talk Two" in _exports(fourth)["feed.xml"]
    assert _exports(fourth) == _exports(_truth(tmp_path, content))


def _longer_writeups(archive: Archive) -> Archive:
    """``archive`` with more written after each writeup's first paragraph (a talk whose
    blurb or content would change by it is left as it was)."""
    talks = {}
    for slug, talk in archive.talks.items():
        longer = replace(talk, body=talk.body + "\n\n## Afterwards\n\nMore was said.\n")
        same = (longer.blurb, longer.has_content) == (talk.blurb, talk.has_content)
        talks[slug] = longer if same else talk
    assert any(talks[slug] != talk for slug, talk in archive.talks.items())
    return Archive(archive.people, archive.events, talks, archive.today)


@pytest.mark.parametrize("which", ["demo", "chipy"])
def test_the_exports_depend_on_a_writeup_only_through_what_their_digest_holds(
    which: str,
) -> None:
    """``exports_digest`` leaves most of each writeup out: the calendars and feeds must
    then be made from none of it. Checked on the demo and on a real archive."""
    folder = Path(__file__).resolve().parents[1] / "content" if which == "demo" else require_chipy()
    archive = load_archive(folder, settings=Settings()).archive
    options = PlanOptions(site_url="https://example.org/demo/", site_name="Demo Days")
    longer = _longer_writeups(archive)
    assert exports_digest(longer, options) == exports_digest(archive, options)
    assert _calendars_and_feed(longer, options) == _calendars_and_feed(archive, options)

    talk = next(iter(archive.talks.values()))
    retitled = Archive(
        archive.people,
        archive.events,
        {**archive.talks, talk.slug: replace(talk, title=talk.title + " (again)")},
        archive.today,
    )
    assert exports_digest(retitled, options) != exports_digest(archive, options)
    other = replace(options, site_url="https://example.org/other/")
    assert exports_digest(archive, other) != exports_digest(archive, options)


def test_new_rules_of_the_time_zone_make_the_calendars_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The calendars' times and VTIMEZONE come from the zone's rules (``zoneinfo``): a
    new release of them is another digest, though the zone's name stays."""
    archive = load_archive(Path(__file__).resolve().parents[1] / "content").archive
    options = PlanOptions(site_url="https://example.org/demo/")
    assert plan._zone_rules(options.settings.timezone)
    before = exports_digest(archive, options)
    monkeypatch.setattr(plan, "_zone_rules", lambda zone: "rules of another release")
    assert exports_digest(archive, options) != before
