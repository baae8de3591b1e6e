"""Real builds of content made to stall them, and builds killed midway.

One site holds what no limit of ``check`` refuses but would hold a build for hours: a
page whose Markdown never finishes converting (``spin_markdown``, standing in for any
input no measure foresaw), the PDF of nested forms the attack on issue 12's fixes made
(``form_bomb_pdf(6, 10, 3)``), a lighter one that passes the count of objects but takes
minutes to draw, and a notebook cell of a megabyte. Each is stopped at its limit, said in
a warning that names the talk and the file, and the rest of the site is built. The
timeouts are set low in ``mkdocs.yml`` so that the test is quick; what is asserted is the
limit named in the warning, never a duration.

Then builds are killed with SIGTERM and SIGKILL while their worker processes are busy
(converting pages, rendering a PDF): no worker is left running.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import attachmentkit as files
import processkit
import pytest
from contentkit import ContentKit
from sitekit import TODAY, Build, PendingBuild, start_build, write_project
from spin_markdown import SPIN

from showcase.attachments.handlers.pdf import MAX_PAGE_OBJECTS
from showcase.parallel import usable_cpus
from showcase.writing import MIN_PAGES_FOR_WORKERS

TESTS = Path(__file__).parent
TALK = {"speakers": ["ana-lima"], "event": "2026-10"}
#: A code cell of a megabyte, as the attack's.
MEGABYTE_CODE = "a+" * 500_000
EXTENSIONS = ["toc", "tables", "fenced_code", "spin_markdown"]


def _spinning_project(root: Path, *, talks: int = 2, **options: object) -> Path:
    """A project whose talk ``stalled`` never finishes converting, with ``talks`` others."""
    kit = ContentKit(root / "content").standard()
    kit.talk("stalled", {"title": "Stalled"} | TALK, body=f"Some x < y text. {SPIN}\n")
    for number in range(talks):
        kit.talk(f"talk-{number}", {"title": f"Talk {number}"} | TALK, body="**Fine** text.\n")
    shutil.copy(TESTS / "spin_markdown.py", root / "spin_markdown.py")
    config = {"markdown_extensions": EXTENSIONS}
    return write_project(root, config=config, plugin_options={"page_cache": False, **options})


@pytest.fixture(scope="module")
def stalling_site(tmp_path_factory: pytest.TempPathFactory) -> PendingBuild:
    root = tmp_path_factory.mktemp("stalling")
    # render_timeout is wall time: well above what the megabyte notebook cell takes on a
    # busy machine, since the stalling PDF waits it out in any case.
    config = _spinning_project(root, markdown_timeout=3, render_timeout=30)
    kit = ContentKit(root / "content")
    kit.talk(
        "bomb",
        {"title": "Bomb", "slides": "slides.pdf"} | TALK,
        files={"slides.pdf": files.form_bomb_pdf(6, 10, 3)},
    )
    kit.talk(
        "slow-bomb",  # 31,111 objects a page, each filling the page: minutes for 20 pages
        {"title": "Slow bomb", "slides": "slides.pdf"} | TALK,
        files={"slides.pdf": files.form_bomb_pdf(5, 10, 20)},
    )
    kit.talk(
        "fine-deck",
        {"title": "Fine deck", "slides": "slides.pdf"} | TALK,
        files={"slides.pdf": files.pdf_bytes(2)},
    )
    cell = {
        "cell_type": "code",
        "execution_count": 1,
        "metadata": {},
        "source": MEGABYTE_CODE,
        "outputs": [],
    }
    notebook = {
        "cells": [cell],
        "metadata": {"language_info": {"name": "python"}},
        "nbformat": 4,
        "nbformat_minor": 4,
    }
    kit.talk(
        "big-cell",
        {"title": "Big cell", "notebooks": ["n.ipynb"]} | TALK,
        files={"n.ipynb": json.dumps(notebook)},
    )
    return start_build(config, strict=False)


@pytest.fixture(scope="module")
def stalled(stalling_site: PendingBuild) -> Build:
    return stalling_site.wait().check()


def _warning(build: Build, *fragments: str) -> str:
    lines = [line for line in build.log.splitlines() if all(f in line for f in fragments)]
    assert len(lines) == 1, build.log
    return lines[0]


def test_a_page_that_never_finishes_converting_is_shown_as_text(stalled: Build) -> None:
    line = _warning(stalled, "content/talks/stalled/index.md:1: warning:")
    assert "took more than 3 s (the showcase plugin's `markdown_timeout`)" in line
    assert "shows it as plain text" in line
    page = stalled.page("talks/stalled/")
    (shown,) = page.soup.select("pre.sc-unconverted")
    assert shown.get_text() == f"Some x < y text. {SPIN}"
    assert page.soup.select_one("h1") is not None  # Showcase's header is there
    assert "<strong>Fine</strong>" in stalled.html("talks/talk-0/")
    assert "Traceback" not in stalled.log


def test_the_attacks_pdf_of_nested_forms_is_refused_by_its_count_of_objects(
    stalled: Build,
) -> None:
    line = _warning(stalled, "slides `slides.pdf` of talk `bomb` could not be shown")
    assert f"page 1 draws more than {MAX_PAGE_OBJECTS:,} objects" in line
    page = stalled.page("talks/bomb/")
    assert any(href.endswith("slides.pdf") for href in page.anchors()), "offered to download"


def test_a_pdf_that_takes_longer_than_render_timeout_is_stopped_and_the_rest_render(
    stalled: Build,
) -> None:
    line = _warning(stalled, "slides `slides.pdf` of talk `slow-bomb` could not be shown")
    assert "rendering took longer than 30 s (the showcase plugin's option render_timeout)" in line
    assert not (stalled.site / "media/talks/slow-bomb/slides.pdf").exists()
    assert (stalled.site / "media/talks/fine-deck/slides.pdf/page-002.webp").is_file()


def test_a_megabyte_notebook_cell_is_shortened_before_it_is_rendered(stalled: Build) -> None:
    html = stalled.html("talks/big-cell/")
    note = "The cell above is shortened: 980,000 more characters (1 line) are not shown here."
    assert f"<em>{note}</em>" in html
    assert "1 large cell or output was shortened" in html
    # Each of the 10,000 `a+` pairs kept is highlighted; the half million cut are not.
    assert html.count(">a<") <= 10_000
    assert len(html) < len(MEGABYTE_CODE) * 5


# Killed builds ----------------------------------------------------------------------------

needs_workers = pytest.mark.skipif(
    usable_cpus(2) < 2 or sys.platform != "linux", reason="worker processes need 2 CPUs, Linux"
)


def _start(config: Path, marker: Path | None = None) -> subprocess.Popen[bytes]:
    env = {**os.environ, "SHOWCASE_TODAY": TODAY, "NO_MKDOCS_2_WARNING": "1"}
    if marker is not None:
        env["SPIN_MARKER"] = str(marker)
    return subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "build", "-f", str(config)],
        cwd=config.parent,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def _kill_and_look(build: subprocess.Popen[bytes], how: signal.Signals) -> set[int]:
    """Kill the build; the processes it had started that still run afterwards."""
    workers = processkit.descendants(build.pid)
    assert workers, "the build had started worker processes"
    try:
        build.send_signal(how)
        build.wait()
        return processkit.still_running(workers)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(build.pid, signal.SIGKILL)  # whatever is left, for the next tests


@needs_workers
@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGKILL], ids=["sigterm", "sigkill"])
def test_a_build_killed_while_workers_convert_pages_leaves_none_running(
    tmp_path: Path, how: signal.Signals
) -> None:
    config = _spinning_project(tmp_path, talks=MIN_PAGES_FOR_WORKERS, markdown_timeout=600)
    marker = tmp_path / "spinning"
    build = _start(config, marker)
    try:
        assert processkit.wait_for(lambda: marker.is_file() and marker.read_text().strip())
        (spinning,) = {int(pid) for pid in marker.read_text().split()}
        assert spinning != build.pid, "a worker process converts the page"
        assert _kill_and_look(build, how) == set()
        assert not processkit.running(spinning)
    finally:
        build.kill()
        build.wait()


@needs_workers
@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGKILL], ids=["sigterm", "sigkill"])
def test_a_build_killed_while_a_worker_draws_a_pdf_leaves_none_running(
    tmp_path: Path, how: signal.Signals
) -> None:
    kit = ContentKit(tmp_path / "content").standard()
    kit.talk(
        "slow-bomb",
        {"title": "Slow bomb", "slides": "slides.pdf"} | TALK,
        files={"slides.pdf": files.form_bomb_pdf(5, 10, 60)},
    )
    config = write_project(tmp_path, plugin_options={"render_timeout": 600})
    staging = tmp_path / ".cache/showcase/tmp"
    build = _start(config)
    try:
        # A worker has begun the PDF when the cache holds its folder for it.
        assert processkit.wait_for(
            lambda: staging.is_dir() and any(p.is_dir() for p in staging.iterdir())
        )
        assert _kill_and_look(build, how) == set()
    finally:
        build.kill()
        build.wait()
