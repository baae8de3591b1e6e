"""``mkdocs serve``: a saved talk is served anew after its rebuild, and the pages kept from
the last build (copied as files, not rendered again) are served as a build writes them."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from contentkit import ContentKit
from sitekit import TODAY, build, write_project

#: Generous: a rebuild of this small site takes a second or two; a busy CI machine more.
WAIT_SECONDS = 120.0
#: What the development server adds to every HTML page it serves.
_LIVERELOAD = re.compile(r"<script>\s*var livereload.*?</script>", re.DOTALL)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return str(response.read().decode("utf-8"))
    except (urllib.error.URLError, OSError):
        return None


def _wait_for(url: str, text: str) -> str:
    """The page at ``url`` once it holds ``text``."""
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        page = _get(url)
        if page is not None and text in page:
            return page
        time.sleep(0.2)
    raise AssertionError(f"{url} did not show {text!r} within {WAIT_SECONDS:.0f} s")


def _body(page: str) -> str:
    """The page without the development server's reload script."""
    return _LIVERELOAD.sub("", page)


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Path, subprocess.Popen[bytes]]]:
    content = ContentKit(tmp_path / "site/content").standard()
    for number, speaker in enumerate(("ana-lima", "bo-chen", "ana-lima"), start=1):
        content.talk(
            f"talk-{number}",
            {"title": f"Talk {number}", "speakers": [speaker], "event": "2026-10"},
            body=f"What talk {number} found.\n",
        )
    config = write_project(tmp_path / "site", config={"site_url": "https://example.org/"})
    port = _free_port()
    env = {**os.environ, "SHOWCASE_TODAY": TODAY, "NO_MKDOCS_2_WARNING": "1"}
    log = (tmp_path / "serve.log").open("wb")
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-f", str(config), "-a", f"127.0.0.1:{port}"],
        cwd=config.parent,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        yield f"http://127.0.0.1:{port}/", tmp_path, server
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
        log.close()


def test_a_saved_talk_is_served_again_and_kept_pages_are_as_built(
    served: tuple[str, Path, subprocess.Popen[bytes]],
) -> None:
    base, root, _server = served
    person = _body(_wait_for(base + "people/bo-chen/", "Talk 2"))
    _wait_for(base + "talks/talk-1/", "What talk 1 found.")

    index = root / "site/content/talks/talk-1/index.md"
    index.write_text(index.read_text().replace("What talk 1 found.", "Saved anew."))
    _wait_for(base + "talks/talk-1/", "Saved anew.")
    log = (root / "serve.log").read_text()
    rebuild = log.split("Detected file changes")[-1]
    copied = re.search(r"Pages: (\d+) kept pages copied as files", rebuild)
    assert copied and int(copied.group(1)) >= 5, rebuild
    # What the first build stored, the rebuild read back from memory, not from the disk.
    for what in (r"Rendered pages: (\d+) reused", r"Pages: (\d+) converted pages reused"):
        found = re.search(what + r"[^\n]*?\((\d+) from memory\)", rebuild)
        assert found and 0 < int(found.group(2)) <= int(found.group(1)), (what, rebuild)
    finished = re.search(
        r"Pages: (\d+) finished pages reused, \d+ stored \((\d+) from memory\)", rebuild
    )
    assert finished and finished.group(1) == finished.group(2), rebuild

    # bo-chen's page did not change: it comes from the page store as a file, as it was.
    assert _body(_wait_for(base + "people/bo-chen/", "Talk 2")) == person
    # ana-lima's page lists the saved talk by title only: also kept, and still right.
    ana = _body(_wait_for(base + "people/ana-lima/", "Talk 1"))
    assert "Talk 3" in ana

    # The same pages rendered afresh by `mkdocs build` (the serve address as the site's).
    settings = yaml.safe_load((root / "site/mkdocs.yml").read_text())
    settings["site_url"] = base
    settings["plugins"] = ["search", {"showcase": {"page_cache": False}}]
    (root / "site/built.yml").write_text(yaml.safe_dump(settings))
    built = build(root / "site/built.yml", site_dir=root / "built", strict=False).check()
    assert "finished pages reused" not in built.log
    assert (built.site / "people/bo-chen/index.html").read_text() == person
    assert (built.site / "people/ana-lima/index.html").read_text() == ana
    talk = _body(_wait_for(base + "talks/talk-1/", "Saved anew."))
    assert (built.site / "talks/talk-1/index.html").read_text() == talk


def test_serve_compiles_each_template_once_for_the_same_source_and_settings() -> None:
    """Each build makes a new Jinja environment; under ``mkdocs serve`` the templates it
    compiled are kept for the next, unless their source or the environment changed (its
    settings, or a filter, which Jinja may call while compiling)."""
    from jinja2 import DictLoader, Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files

    from showcase.mkdocs.plugin import ShowcasePlugin

    plugin = ShowcasePlugin()
    plugin.on_startup(command="serve", dirty=False)

    marks = {"a": lambda text: f"a:{text}", "c": lambda text: f"c:{text}"}

    def rendered(source: str, mark: str = "a", **settings: Any) -> tuple[str, int]:
        """What a build with a new environment renders, and how many templates it
        compiled."""
        env = Environment(loader=DictLoader({"page.html": source}), **settings)
        env.filters["mark"] = marks[mark]
        env = plugin.on_env(env, config=MkDocsConfig(), files=Files([]))
        compiled: list[str] = []
        compile_now = env.compile

        def counted(*args: Any, **kwargs: Any) -> Any:
            compiled.append(args[0])
            return compile_now(*args, **kwargs)

        env.compile = counted  # type: ignore[method-assign]
        return env.get_template("page.html").render(x=1).strip(), len(compiled)

    page = "{{ 1 + x }} {{ 'b'|mark }}"
    assert rendered(page) == ("2 a:b", 1)
    assert rendered(page) == ("2 a:b", 0)  # the next build: kept
    assert rendered(page, trim_blocks=True) == ("2 a:b", 1)  # other settings: compiled
    assert rendered(page, trim_blocks=True) == ("2 a:b", 0)
    # Another filter of that name, which Jinja called while compiling: compiled again.
    assert rendered(page, "c", trim_blocks=True) == ("2 c:b", 1)
    assert rendered("x", "c", trim_blocks=True) == ("x", 1)  # another source: compiled
    assert plugin.compiled is not None and len(plugin.compiled.code) == 1  # the last only

    built = ShowcasePlugin()
    built.on_startup(command="build", dirty=False)
    assert built.compiled is None and built.recall is None
