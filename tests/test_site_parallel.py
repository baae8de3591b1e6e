"""Work done in several processes gives the same site as one process: the writing of
every page converted in worker processes (``showcase.writing``), the calendars, feed and
event and talk pages made by forked processes (``parallel.Deferred``). Every site here
is compared byte for byte with the same project built with ``parallel: false``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from contentkit import ContentKit
from sitekit import build, write_project
from test_site_page_cache import _same_site

from showcase.parallel import may_fork, usable_cpus
from showcase.writing import MIN_PAGES_FOR_WORKERS

needs_fork = pytest.mark.skipif(
    usable_cpus(2) < 2 or not may_fork(), reason="worker processes need two CPUs and fork"
)


def _project(root: Path, *, parallel: bool = True, talks: int = MIN_PAGES_FOR_WORKERS) -> Path:
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
            body=(
                f"## Findings\n\nWhat talk {number} found, with `code`, [the previous "
                f"talk](../talk-{max(1, number - 1)}/index.md#findings) and a table:\n\n"
                "| a | b |\n|---|--:|\n| 1 | 2 |\n\n"
                + "Words. " * 200
                + "\n\n```python\nprint('hi')\n```\n"
            ),
        )
    options = {"parallel": parallel, "page_cache": False}
    return write_project(root, plugin_options=options)


def _converted_by(log: str) -> int:
    found = re.search(r"Pages: converted \d+ in (\d+) process", log)
    assert found, log
    return int(found.group(1))


@needs_fork
def test_writing_converted_in_worker_processes_gives_the_same_site(tmp_path: Path) -> None:
    parallel = build(_project(tmp_path / "parallel"), site_dir=tmp_path / "out-p").check()
    serial = build(
        _project(tmp_path / "serial", parallel=False), site_dir=tmp_path / "out-s"
    ).check()

    assert _converted_by(parallel.log) > 1
    assert _converted_by(serial.log) == 1
    assert "Findings" in parallel.html("talks/talk-7/")
    link = parallel.page("talks/talk-7/").soup.find("a", string="the previous talk")
    assert link is not None and link["href"] == "../talk-6/#findings"
    _same_site(parallel, serial)


def test_a_small_site_converts_in_one_process(tmp_path: Path) -> None:
    result = build(_project(tmp_path / "small", talks=2), site_dir=tmp_path / "out").check()
    assert _converted_by(result.log) == 1


def test_a_link_to_an_anchor_that_is_not_there_is_reported_as_configured(
    tmp_path: Path,
) -> None:
    config = _project(tmp_path / "site", parallel=False, talks=3)
    settings = yaml.safe_load(config.read_text())
    settings["validation"] = {"anchors": "warn"}
    config.write_text(yaml.safe_dump(settings, sort_keys=False))
    build(config, site_dir=tmp_path / "out-1").check()

    talk = config.parent / "content/talks/talk-2/index.md"
    talk.write_text(talk.read_text().replace("## Findings", "## Results"))
    broken = build(config, site_dir=tmp_path / "out-2")
    assert not broken.ok
    assert "talks/talk-3/index.md" in broken.log and "#findings" in broken.log
