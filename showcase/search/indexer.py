"""Pagefind's indexer, run as a subprocess on each shard, within a time limit.

Each shard is a folder of composed pages (``record.py``); ``pagefind --site FOLDER`` indexes
it into its own bundle. The binary is the one Pagefind's Python API runs
(``pagefind.service.get_executable``: ``PAGEFIND_BINARY_PATH``, else the extended binary of
``pagefind-bin-extended``, else ``pagefind-bin``'s). Its command line is used rather than the
API's service: the service's reader waits a tenth of a second before each reply, so the four
requests a shard needs cost 0.4 s each, seven seconds of waiting for eighteen shards, while
a process starts in a few milliseconds. Shards are indexed one at a time: Pagefind spreads
one shard over the machine's cores itself, the build renders its pages meanwhile, and each
process holds its shard's index in memory (about 80 MB for a year of talks with
transcripts, 340 MB for a shard of Japanese, whose dictionary Pagefind 1.5 loads whole),
so that two at once only add their memory to the build's peak.

Pagefind runs in an empty folder with no ``PAGEFIND_*`` variable in its environment, so
that no configuration file or setting of the machine changes what it writes. Whatever goes
wrong becomes a ``SearchError`` with one line to show: the binary missing or not runnable,
Pagefind failing on a shard (with what it said), or the time running out, after which every
process still running is killed: a build never hangs on it.
"""

from __future__ import annotations

import os
import re
import subprocess
import threading
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from showcase.parallel import ends_with_thread

#: How long ``pagefind --version`` may take.
VERSION_TIMEOUT = 30.0
#: Shards indexed at once (see above).
WORKERS = 1
#: Word positions in one file of an index (Pagefind's default is 20,000). A query loads
#: the file that holds each of its words from every shard: at a quarter of the default,
#: a thousand talks with transcripts in 21 shards cost a first query about 240 kB of
#: index instead of 700 kB. Pagefind reads it from a variable it calls unstable; were it
#: ever ignored, the files would only be larger.
INDEX_CHUNK_SIZE = 5000
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


class SearchError(Exception):
    """The search bundle could not be made; the message says why, in one line."""


@dataclass(frozen=True, slots=True)
class Binary:
    """The Pagefind binary: its path and the version it says it is."""

    path: Path
    version: str

    @property
    def extended(self) -> bool:
        """Whether this is Pagefind's extended build, which splits Chinese and Japanese
        text into words."""
        return "extended" in self.path.name


@dataclass(frozen=True, slots=True)
class IndexJob:
    """One shard to index: the folder of its composed pages and where its bundle goes."""

    name: str
    pages: Path
    output: Path
    language: str
    keep_index_url: bool


def find_binary() -> Binary:
    """The binary Pagefind's Python API finds, checked to start and say its version."""
    try:
        from pagefind.service import get_executable
    except ImportError as exc:
        raise SearchError(
            f"Pagefind's Python API is not installed ({exc}): install mkdocs-showcase again"
        ) from None
    path = get_executable()
    if path is None:
        raise SearchError(
            "the Pagefind binary is missing: install `pagefind[extended]` "
            "(mkdocs-showcase depends on it), or set PAGEFIND_BINARY_PATH"
        )
    said = _run([str(path), "--version"], cwd=None, timeout=VERSION_TIMEOUT, what=str(path))
    words = said.stdout.split()
    if said.returncode != 0 or len(words) < 2 or words[0] != "pagefind":
        raise SearchError(
            f"the Pagefind binary {path} does not work: `--version` exited with "
            f"{said.returncode}{_first_line(said.stdout)}"
        )
    return Binary(path, words[1])


def run_index_jobs(binary: Binary, jobs: Sequence[IndexJob], *, timeout: float, run: Path) -> None:
    """Index every job, all within ``timeout`` seconds; ``run`` is an empty folder to run
    Pagefind in."""
    deadline = time.monotonic() + timeout
    failed = threading.Event()
    with ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="pagefind") as pool:
        futures = [pool.submit(_index, binary, job, run, deadline, failed) for job in jobs]
        errors = [future.exception() for future in futures]
    for error in errors:
        if error is not None:
            raise error


def _index(
    binary: Binary, job: IndexJob, run: Path, deadline: float, failed: threading.Event
) -> None:
    if failed.is_set():
        return  # another shard failed: the build stops, this one need not be indexed
    command = [
        str(binary.path),
        "--site",
        str(job.pages.resolve()),
        "--output-path",
        str(job.output.resolve()),
        "--force-language",
        job.language,
        "--silent",
    ]
    if job.keep_index_url:
        command.append("--keep-index-url")
    try:
        done = _run(
            command,
            cwd=run,
            timeout=deadline - time.monotonic(),
            what=f"shard {job.name}",
            settings={"PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE": str(INDEX_CHUNK_SIZE)},
        )
    except SearchError:
        failed.set()
        raise
    if done.returncode != 0:
        failed.set()
        raise SearchError(
            f"Pagefind could not index shard {job.name} (exit status {done.returncode})"
            f"{_first_line(done.stdout)}"
        )


def _run(
    command: list[str],
    *,
    cwd: Path | None,
    timeout: float,
    what: str,
    settings: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run ``command`` with Pagefind ``settings`` (and none from the machine); killed, and
    a ``SearchError``, when ``timeout`` runs out."""
    if timeout <= 0:
        raise SearchError(f"Pagefind ran out of time before {what}")
    environment = {k: v for k, v in os.environ.items() if not k.startswith("PAGEFIND_")}
    environment.update(settings or {})
    try:
        return subprocess.run(
            command,
            cwd=cwd,
            env=environment,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            errors="replace",
            timeout=timeout,
            check=False,
            # A build that ends (stopped, killed) stops the Pagefind it started; its
            # thread waits for it, so the program ends before the thread does.
            preexec_fn=ends_with_thread(),
        )
    except subprocess.TimeoutExpired:
        raise SearchError(f"Pagefind did not finish {what} within {timeout:.0f} s") from None
    except OSError as exc:
        raise SearchError(
            f"the Pagefind binary {command[0]} cannot run: {exc.strerror or exc}"
        ) from None


def _first_line(output: str) -> str:
    """What a failing Pagefind said, as the end of a sentence."""
    for line in _ANSI.sub("", output).splitlines():
        if line.strip():
            return f": {line.strip()[:300]}"
    return ""
