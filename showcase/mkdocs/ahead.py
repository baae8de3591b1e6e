"""Showcase's pages rendered ahead by a second process, so that a build uses two CPUs.

MkDocs converts and templates pages one after another, on one CPU. The pages Showcase
generates (talks, events, people, topics, archive years) need nothing from one another,
so when the page cache is on (the same conditions: no other plugin or hook touches
pages) the plugin forks once, at ``on_nav``, and the child renders a share of them:

- **Which pages.** The last of the generated pages outside the navigation that the page
  cache does not hold, about half of the work by an estimate of each page's cost
  (``estimate``), so that both processes end at about the same time.
- **How.** With MkDocs' own page steps (``_populate_page`` and ``_build_page``, every
  plugin's events included), so that each page comes out as the build would make it.
  MkDocs has no public API for one page's steps; MkDocs 1.x is frozen, and the tests
  compare every page with a build that renders them all itself.
- **Where to.** Each finished page goes into a folder of the child's own, in the page
  cache's format (HTML, search entries, anchors), with what the child logged while
  making it.

The build skips those pages' conversion. When it comes to template the first of them it
waits for the child to end, then takes each page from the folder: it logs what the child
logged for that page, adds its search entries, and stores it in the page cache as if it
had made it. A page the child did not finish (it failed, or was too slow and was
stopped) is rendered by the build itself (``render_here``), so the site is the same
either way. The child never prints: its log comes out through the build, in page order.

Forking is only done where it is safe (``showcase.parallel.may_fork``: Linux, a process
with one thread; ``mkdocs serve`` has several) and with two CPUs or more.
"""

from __future__ import annotations

import atexit
import gc
import json
import logging
import os
import shutil
import time
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from mkdocs import utils as mkdocs_utils
from mkdocs.commands import build as mkdocs_build
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page as MkDocsPage

from showcase.mkdocs.pagecache import decode_page, encode_page, finished_page
from showcase.parallel import fork_child, may_fork, stop_child, usable_cpus
from showcase.site.pages import HTML, WRITING, Page

#: What a page costs to convert, index and template, fitted on the benchmark archive's
#: pages (``benchmarks/site_speed.py``): Markdown people wrote is converted, the HTML
#: Showcase generates is only parsed by the search index and written.
SECONDS_PER_WRITING_CHAR = 1.05e-6
SECONDS_PER_HTML_CHAR = 0.25e-6
SECONDS_PER_PAGE = 3.1e-3
#: What the build spends on a page the child made (skip it, read it back, write it,
#: store it), and what the child spends to hand a page over (write it for the build).
SECONDS_TO_TAKE = 1.0e-3
SECONDS_TO_HAND_OVER = 0.25e-3
#: What the build spends on each other file (copied or written into the site) while the
#: child renders: the child's share is smaller by that.
SECONDS_PER_FILE = 0.45e-3
#: Below this much work for the child, forking costs more than it saves.
MIN_SECONDS = 1.0
#: The build waits for the child at least this long, or twice as long as the child has
#: already run, before it stops the child and renders the rest itself.
MIN_WAIT_SECONDS = 60.0

log = logging.getLogger("mkdocs.plugins.showcase.ahead")


def estimate(page: Page) -> float:
    """Seconds the build is expected to spend on ``page``."""
    writing = sum(len(text) for kind, text in page.parts if kind == WRITING)
    generated = sum(len(text) for kind, text in page.parts if kind == HTML)
    return SECONDS_PER_PAGE + writing * SECONDS_PER_WRITING_CHAR + generated * SECONDS_PER_HTML_CHAR


def blocker(nav: Navigation, pages: Mapping[str, Page]) -> str | None:
    """Why this build cannot render pages ahead, or None.

    Every page the child renders shows the navigation. The titles in it must be known
    before any page is converted: given in ``nav``, or in the front matter of a page
    Showcase generates (a title taken from a page's first heading appears only when the
    build converts that page, which the child does not see)."""
    if usable_cpus(2) < 2:
        return "this machine has one CPU"
    if not may_fork():
        return "this process cannot fork safely (not Linux, or it runs other threads)"
    for item in nav.pages:
        generated = pages.get(item.file.src_uri)
        if "title" not in vars(item) and (generated is None or not generated.titled):
            return f"the navigation's title of `{item.file.src_uri}` comes from its content"
    return None


def choose(
    order: Sequence[str],
    costs: Mapping[str, float],
    candidates: Iterable[str],
    *,
    other_work: float = 0.0,
) -> list[str]:
    """The pages the child renders: a run at the end of ``order`` (the order MkDocs goes
    through pages), as long as it costs the child no more than the build has left to
    do. ``costs`` holds every page the build would render; the others (taken from the
    page cache) cost nothing; ``other_work`` is what else the build does meanwhile. The
    build waits for the child at the run's first page, so only ``candidates`` and pages
    that cost nothing may be in the run."""
    allowed = set(candidates)
    # The build's work without a child.
    left = other_work + sum(costs.get(src, 0.0) for src in order)
    share: list[str] = []
    child = 0.0
    for src in reversed(order):
        cost = costs.get(src, 0.0)
        if src not in allowed:
            if cost:
                break  # the build would render it after waiting for the child
            continue
        handed = child + cost + SECONDS_TO_HAND_OVER
        if handed > left - cost + (len(share) + 1) * SECONDS_TO_TAKE:
            break
        share.append(src)
        child = handed
        left -= cost
    if child < MIN_SECONDS:
        return []
    share.reverse()
    return share


class RenderAhead:
    """The child rendering pages ahead, and the folder it writes them to."""

    def __init__(self, pid: int, folder: Path, keys: Mapping[str, str]) -> None:
        self.pid = pid
        self.folder = folder
        #: Page source -> its page-cache key: the pages the child renders.
        self.keys = dict(keys)
        self.started = time.monotonic()
        self.taken = 0
        self._ended = False
        atexit.register(self.close)

    def __contains__(self, src: str) -> bool:
        return src in self.keys

    def take(self, key: str) -> tuple[Any, list[list[Any]]] | None:
        """The page the child made under ``key`` (as JSON read it: check its shape) and
        what the child logged making it, or None when the child did not finish it.
        Waits for the child first."""
        self.wait()
        try:
            page = decode_page(key, self._path(key).read_bytes())
            if page is None:
                return None
            records_path = self._path(key, ".log.json")
            records = (
                json.loads(records_path.read_text(encoding="utf-8"))
                if records_path.exists()
                else []
            )
        except (OSError, ValueError):
            return None
        return page, records

    def replay(self, records: Iterable[Sequence[Any]]) -> bool:
        """Log what the child logged for a page it made, through the same loggers, as the
        build takes the page; returns whether any of it was a warning or worse."""
        self.taken += 1
        warned = False
        for name, level, message in records:
            logging.getLogger(str(name)).log(int(level), "%s", message)
            warned = warned or int(level) >= logging.WARNING
        return warned

    def release(self, src: str) -> None:
        """The build renders ``src`` itself after all."""
        self.keys.pop(src, None)

    def keep(self, key: str, into: Callable[[str, Path], None]) -> None:
        """Hand the page of ``key`` to the page cache (``into(key, path)`` moves it)."""
        into(key, self._path(key))

    def wait(self) -> None:
        """Wait for the child to end; stop it if it runs far longer than expected."""
        if self._ended:
            return
        waited = time.monotonic()
        limit = max(MIN_WAIT_SECONDS, 2 * (waited - self.started))
        status = None
        while status is None:
            pid, code = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                status = os.waitstatus_to_exitcode(code)
            elif time.monotonic() - waited > limit:
                self._stop()
                log.info(
                    f"Pages: the second process took more than {limit:.0f} s longer than "
                    "the build and was stopped; the build renders its pages itself"
                )
                break
            else:
                time.sleep(0.002)
        if status:
            log.info(
                f"Pages: the second process stopped early (exit status {status}); the "
                "build renders the pages it did not finish itself"
            )
        self._ended = True
        gc.unfreeze()

    def close(self) -> None:
        """Stop the child if it still runs, and remove its folder."""
        if not self._ended:
            self._stop()
            self._ended = True
            gc.unfreeze()
        shutil.rmtree(self.folder, ignore_errors=True)
        atexit.unregister(self.close)

    def _stop(self) -> None:
        stop_child(self.pid)

    def _path(self, key: str, suffix: str = ".json") -> Path:
        return self.folder / f"{key}{suffix}"


def fork(
    share: Sequence[str],
    keys: Mapping[str, str],
    *,
    config: MkDocsConfig,
    files: Files,
    nav: Navigation,
    search_index: Any,
    folder: Path,
    serving: bool,
    as_child: Callable[[], None],
) -> RenderAhead | None:
    """Start the child rendering ``share`` into ``folder`` (a new folder on the same
    file system as the page cache). ``as_child`` runs first in the child: the plugin
    turns its page cache off there, since the child renders every page of its share.
    Returns None when the child could not be started."""
    folder = folder / f"ahead-{uuid.uuid4().hex}"
    try:
        folder.mkdir(parents=True)
    except OSError:
        return None
    parent = os.getpid()
    # Objects made so far are shared with the child until either process writes to
    # them; a garbage collection would write to every one. Frozen, neither process
    # collects them until the child has ended (``RenderAhead.wait``).
    gc.freeze()

    def work() -> None:  # in the child; if it fails, the build renders what is missing
        as_child()
        _render(share, keys, config, files, nav, search_index, folder, parent, serving)

    pid = fork_child(work)
    if pid is None:
        gc.unfreeze()
        shutil.rmtree(folder, ignore_errors=True)
        return None
    return RenderAhead(pid, folder, {src: keys[src] for src in share})


def render_here(page: MkDocsPage, config: MkDocsConfig, files: Files) -> None:
    """Convert ``page`` now, with every plugin's events, as MkDocs does before templating
    (for a page the child did not finish). The page was skipped when MkDocs converted
    pages: the instance's ``render`` stand-in goes first."""
    vars(page).pop("render", None)
    current = config._current_page
    try:
        mkdocs_build._populate_page(page, config, files)
    finally:
        config._current_page = current


class _Recorder(logging.Handler):
    """In the child: keeps what each page logged, for the build to log in its place.
    Debug lines are left out: the build logs its own for every page ("Building page")."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.page: str | None = None
        self.records: dict[str, list[list[Any]]] = {}

    def emit(self, record: logging.LogRecord) -> None:
        if self.page is not None:
            entry = [record.name, record.levelno, record.getMessage()]
            self.records.setdefault(self.page, []).append(entry)

    def install(self) -> None:
        """Take the place of every handler, so that the child prints nothing."""
        loggers = [logging.getLogger()] + [
            found
            for found in logging.Logger.manager.loggerDict.values()
            if isinstance(found, logging.Logger)
        ]
        for logger in loggers:
            # Each record reaches this handler once: through the root, or through the
            # first logger up the tree that does not pass records on.
            own = logger is logging.getLogger() or not logger.propagate
            logger.handlers = [self] if own else []


def _render(
    share: Sequence[str],
    keys: Mapping[str, str],
    config: MkDocsConfig,
    files: Files,
    nav: Navigation,
    search_index: Any,
    folder: Path,
    parent: int,
    serving: bool,
) -> None:
    """The child's work: convert, then template, each page of ``share``."""
    recorder = _Recorder()
    recorder.install()
    written: dict[str, bytes] = {}

    def write_file(content: bytes, output_path: str) -> None:
        written[output_path] = content

    mkdocs_utils.write_file = write_file  # this process only: the build writes the pages
    # The pages MkDocs builds: drafts too under ``mkdocs serve``, as the build does.
    inclusion = InclusionLevel.is_in_serve if serving else InclusionLevel.is_included
    doc_files = files.documentation_pages(inclusion=inclusion)
    by_src = {file.src_uri: file for file in doc_files}
    for src in share:
        file = by_src[src]
        if file.page is None:
            MkDocsPage(None, file, config)
        assert file.page is not None
        recorder.page = src
        mkdocs_build._populate_page(file.page, config, files)
        recorder.page = None
        if os.getppid() != parent:
            return  # the build is gone
    # The navigation in every page shows the titles (and Material the icons and status
    # in the front matter) of the pages in it, which the build reads and the child not.
    for item in nav.pages:
        if item.markdown is None:
            item.read_source(config)
    env = config.plugins.on_env(config.theme.get_env(), config=config, files=files)
    entries: list[Any] = search_index.entries if search_index else []
    for src in share:
        file = by_src[src]
        page = file.page
        assert page is not None
        first = len(entries)
        recorder.page = src
        excluded = bool(file.inclusion.is_excluded())  # type: ignore[no-untyped-call]
        mkdocs_build._build_page(page, config, doc_files, nav, env, excluded=excluded)
        recorder.page = None
        html = written.pop(file.abs_dest_path, b"").decode("utf-8")
        search = list(entries[first:]) if search_index else None
        made = encode_page(keys[src], finished_page(page, html, search))
        del entries[first:]
        page.content = ""  # written: let it go
        key = keys[src]
        logged = recorder.records.pop(src, None)
        if logged:
            _write_file(folder / f"{key}.log.json", json.dumps(logged).encode("utf-8"))
        _write_file(folder / f"{key}.json", made)  # last: a page file means it is whole
        if os.getppid() != parent:
            return


def _write_file(path: Path, data: bytes) -> None:
    partial = path.with_name(f"{path.name}.tmp")
    partial.write_bytes(data)
    os.replace(partial, path)
