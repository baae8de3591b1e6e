"""Pages rendered ahead by a second process: the same site, the same log, and a build
that finishes the pages the second process did not.

Real builds of small sites are far below the work that makes a second process worth
starting, so each project here has a hook that lowers ``ahead.MIN_SECONDS`` (and, for
the failure tests, breaks the second process on purpose). Every site is compared with a
build that renders every page itself (``parallel: false``).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from contentkit import ContentKit
from mkdocs.config import load_config
from mkdocs.structure.files import get_files
from mkdocs.structure.nav import get_navigation
from sitekit import Build, build, write_project
from test_site_page_cache import _reuse, _same_site

from showcase.mkdocs import ahead
from showcase.parallel import may_fork, usable_cpus
from showcase.site.pages import HTML, WRITING, Page

needs_fork = pytest.mark.skipif(
    usable_cpus(2) < 2 or not may_fork(), reason="pages are rendered ahead only by fork"
)

ALWAYS = "import showcase.mkdocs.ahead as ahead\n\nahead.MIN_SECONDS = 0\n"


def _project(root: Path, *, hook: str = ALWAYS, parallel: bool = True, talks: int = 6) -> Path:
    kit = ContentKit(root / "content").standard()
    for number in range(1, talks + 1):
        kit.talk(
            f"talk-{number}",
            {
                "title": f"Talk number {number}",
                "speakers": ["ana-lima" if number % 2 else "bo-chen"],
                "event": "2026-10" if number < 4 else "2026-11",
                "tags": ["python", f"topic-{number % 3}"],
            },
            body=f"## Findings\n\nWhat talk {number} found, with `code`.\n\n" + "Words. " * 200,
        )
    (root / "hook.py").write_text(hook)
    return write_project(root, config={"hooks": ["hook.py"]}, plugin_options={"parallel": parallel})


def _ahead(log: str) -> int:
    found = re.search(r"; (\d+) rendered by a second process", log)
    return int(found.group(1)) if found else 0


def _serial(tmp_path: Path, project: Path) -> Build:
    """The same project built with every page rendered by the build itself."""
    settings = yaml.safe_load(project.read_text())
    settings["plugins"] = ["search", {"showcase": {"parallel": False}}]
    config = project.with_name("serial.yml")
    config.write_text(yaml.safe_dump(settings, sort_keys=False))
    result = build(config, strict=False, site_dir=tmp_path / "serial-site")
    assert result.ok and _ahead(result.log) == 0, result.log
    return result


@needs_fork
def test_a_cold_build_shares_its_pages_with_a_second_process(tmp_path: Path) -> None:
    config = _project(tmp_path / "site")
    first = build(config, site_dir=tmp_path / "out-1").check()
    taken = _ahead(first.log)
    reused, stored = _reuse(first.log)
    assert taken > 3 and reused == 0
    _same_site(first, _serial(tmp_path, config))
    search = (first.site / "search/search_index.json").read_text(encoding="utf-8")
    assert "What talk 6 found" in search, "the last talk is the second process's"

    again = build(config, site_dir=tmp_path / "out-2").check()
    assert _reuse(again.log) == (stored, 0), "its pages are in the page cache"
    assert _ahead(again.log) == 0, "nothing left to share"
    assert not list((config.parent / ".cache/showcase/pages").glob("ahead-*")), "cleaned up"


@needs_fork
def test_pages_the_second_process_did_not_finish_are_rendered_by_the_build(
    tmp_path: Path,
) -> None:
    # The second process fails after writing two pages: those are taken, the rest are
    # rendered by the build, and the site is exactly as one process makes it.
    hook = ALWAYS + (
        "\nwrite = ahead._write_file\n"
        "written = []\n\n\n"
        "def failing(path, data):\n"
        "    if path.name.endswith('.json') and not path.name.endswith('.log.json'):\n"
        "        written.append(path)\n"
        "        if len(written) > 2:\n"
        "            raise RuntimeError('broken on purpose')\n"
        "    write(path, data)\n\n\n"
        "ahead._write_file = failing\n"
    )
    config = _project(tmp_path / "site", hook=hook)
    result = build(config, site_dir=tmp_path / "out").check()
    assert _ahead(result.log) == 2
    assert "the second process stopped early (exit status 1)" in result.log
    _same_site(result, _serial(tmp_path, config))
    reused, stored = _reuse(build(config, site_dir=tmp_path / "out-2").check().log)
    assert stored == 0 and reused > 10, "pages from both processes were stored"


@needs_fork
def test_a_second_process_that_dies_at_once_costs_nothing_but_time(tmp_path: Path) -> None:
    hook = ALWAYS + "\nimport os\n\nahead._render = lambda *args: os._exit(3)\n"
    config = _project(tmp_path / "site", hook=hook)
    result = build(config, site_dir=tmp_path / "out").check()
    assert _ahead(result.log) == 0 and "exit status 3" in result.log
    _same_site(result, _serial(tmp_path, config))


@needs_fork
def test_what_the_second_process_logs_comes_out_once_and_still_counts(tmp_path: Path) -> None:
    config = _project(tmp_path / "site")
    last = config.parent / "content/talks/talk-6/index.md"
    last.write_text(last.read_text() + "\nSee [the diagram](diagram.png).\n")
    loose = build(config, strict=False, site_dir=tmp_path / "out-1")
    assert loose.ok and _ahead(loose.log) > 0
    warnings = [line for line in loose.log.splitlines() if "diagram.png" in line]
    assert len(warnings) == 1, loose.log
    serial = _serial(tmp_path, config)
    assert [line for line in serial.log.splitlines() if "diagram.png" in line] == warnings
    _same_site(loose, serial)

    # The page that warned was not stored: the next build renders it again, and warns.
    strict = build(config, site_dir=tmp_path / "out-2")
    assert not strict.ok and "diagram.png" in strict.log


@needs_fork
def test_a_quiet_build_shares_pages_and_stores_none(tmp_path: Path) -> None:
    config = _project(tmp_path / "site")
    quiet = build(config, site_dir=tmp_path / "out-q", options=["-q"]).check()
    assert quiet.log.strip() == "" or "WARNING" not in quiet.log
    _same_site(quiet, _serial(tmp_path, config))
    assert _reuse(build(config, site_dir=tmp_path / "out-2").check().log)[0] == 0


def test_without_the_option_the_build_keeps_to_one_process(tmp_path: Path) -> None:
    config = _project(tmp_path / "site", parallel=False)
    result = build(config, site_dir=tmp_path / "out").check()
    assert _ahead(result.log) == 0


# Choosing the share ------------------------------------------------------------------------


def test_the_share_is_the_last_pages_and_leaves_the_build_as_much_work(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(ahead, "SECONDS_TO_TAKE", 0.0)
    monkeypatch.setattr(ahead, "SECONDS_TO_HAND_OVER", 0.0)
    order = [f"p{n}" for n in range(10)]
    costs = dict.fromkeys(order, 1.0)
    assert ahead.choose(order, costs, order) == order[5:], "half of ten equal pages"
    assert ahead.choose(order, costs, ["p1", "p8", "p9"]) == ["p8", "p9"], "a run at the end"
    assert ahead.choose(order, costs, order[:8]) == [], "the build would render p8 last"
    cached = {src: cost for src, cost in costs.items() if src != "p8"}
    assert ahead.choose(order, cached, ["p6", "p7", "p9"]) == ["p6", "p7", "p9"], (
        "a page taken from the cache may be in the run"
    )
    monkeypatch.setattr(ahead, "SECONDS_TO_TAKE", 0.5)
    assert ahead.choose(order, costs, order) == order[4:], "taking a page back costs the build"
    monkeypatch.setattr(ahead, "SECONDS_TO_TAKE", 0.0)
    monkeypatch.setattr(ahead, "SECONDS_TO_HAND_OVER", 0.5)
    assert ahead.choose(order, costs, order) == order[6:], "handing one over costs the child"


def test_a_share_too_small_to_pay_for_a_process_is_none() -> None:
    order = ["a", "b", "c", "d"]
    assert ahead.choose(order, dict.fromkeys(order, 0.1), order) == []


def test_cost_grows_with_what_the_page_holds() -> None:
    short = Page("t.md", "T", "---\ntitle: T\n---", ((HTML, "<p>x</p>"), (WRITING, "x")))
    long = Page("t.md", "T", "---\ntitle: T\n---", ((HTML, "<p>x</p>"), (WRITING, "x" * 9000)))
    assert ahead.estimate(short) < ahead.estimate(long)


def test_a_navigation_title_only_conversion_knows_keeps_pages_in_one_process(
    tmp_path: Path,
) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "talks.md").write_text("Talks\n")
    (docs / "about.md").write_text("# About\n")
    config_file = tmp_path / "mkdocs.yml"
    config_file.write_text("site_name: x\nnav:\n  - Talks: talks.md\n  - about.md\n")
    config = load_config(str(config_file))
    nav = get_navigation(get_files(config), config)
    reason = ahead.blocker(nav, {})
    titled = Page("about.md", "About", "---\ntitle: About\n---", ())
    if usable_cpus(2) < 2 or not may_fork():
        assert reason is not None and reason == ahead.blocker(nav, {"about.md": titled})
        return
    assert reason is not None and "`about.md`" in reason
    assert ahead.blocker(nav, {"about.md": titled}) is None


@needs_fork
def test_a_bare_navigation_entry_shows_the_same_title_on_every_page(tmp_path: Path) -> None:
    # A bare entry takes its title from the page's front matter, which the second
    # process must read too.
    config = _project(tmp_path / "site")
    settings = yaml.safe_load(config.read_text())
    settings["nav"] = [{"Home": "index.md"}, "schedule.md", "people/index.md"]
    config.write_text(yaml.safe_dump(settings, sort_keys=False))
    result = build(config, site_dir=tmp_path / "out").check()
    assert _ahead(result.log) > 0
    assert "Schedule" in result.page("talks/talk-6/").soup.select_one("nav.md-nav").text
    _same_site(result, _serial(tmp_path, config))


@needs_fork
def test_a_page_another_plugin_adds_last_is_left_to_the_build(tmp_path: Path) -> None:
    hook = ALWAYS + (
        "\nfrom mkdocs.structure.files import File\n\n\n"
        "def on_files(files, config):\n"
        "    files.append(File.generated(config, 'extra.md', content='# Extra\\n\\nMore.\\n'))\n"
        "    return files\n"
    )
    config = _project(tmp_path / "site", hook=hook)
    result = build(config, site_dir=tmp_path / "out").check()
    assert "More." in result.html("extra/")
    _same_site(result, _serial(tmp_path, config))
