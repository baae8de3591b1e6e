"""How long a Showcase site takes to build, against plain MkDocs and Material's blog.

    python benchmarks/site_speed.py --n 1000
    python benchmarks/site_speed.py --n 1000 --n 5000 [--skip-blog] [--repeat 1]
    python benchmarks/site_speed.py --n 1000 --n 5000 --repeat 2 --extras-up-to 1000
    python benchmarks/site_speed.py --n 1000 --profile      # also cProfile (a) and (b)
    python benchmarks/site_speed.py --n 1000 --kind transcripts --skip-blog --extras-up-to 0

For each size the archive of ``benchmarks/archive.py`` is generated into a temporary
folder, and the same writeups are built seven ways, each in its own ``mkdocs build``
process (wall time seen from outside, peak memory of the process and of any it starts,
measured as PSS so that memory a forked process shares is counted once):

(a)  Showcase, cold: the archive as ``docs_dir``, plugins [search, showcase] (the plugin
     brings its theme and turns Material's search off for its own), the plugin's cache
     removed first;
(a2) Showcase again with only its page cache removed: every page is rendered, the
     attachments (slide pages, notebooks, pictures) come from their cache, as in a CI
     that keeps ``cache_dir`` between runs; what (a) costs beyond it is rendering them;
(b)  the floor: plain MkDocs + Material on the writeups alone (``talks/SLUG.md``, front
     matter cut to ``title``; for ``transcripts``, each with its transcript pasted in),
     plugins [search], a one-entry ``nav`` (Home);
(b2) the same without ``nav``: MkDocs lists every page in the navigation, as it does by
     default, and Material renders that navigation into every page;
(b3) every page Showcase publishes as its skeleton (the Markdown people wrote, with a
     placeholder for the generated HTML), built by plain MkDocs + Material with no
     plugin: MkDocs' own per-page work on those pages, a lower bound for any plugin
     that publishes them through MkDocs' page pipeline;
(c)  Material's blog plugin on the same writeups as posts (``date``, ``authors``,
     ``categories`` from the tags, an excerpt), with author and category pages;
(d)  Showcase again after one talk was added to the archive (for ``transcripts``: after
     one transcript was edited), its cache warm; (dq) the same with ``-q``;
(e)  ``showcase check`` on the archive (the CLI, best of three, and ``load_archive``
     in-process, best of three);
(s)  with ``--serve ROUNDS``: ``mkdocs serve`` of the archive, from saving a talk's
     ``index.md`` to its new HTML being served (the server answers once the rebuild is
     done), best of ROUNDS saves.

Three kinds of archive (``--kind``, repeatable): ``rich`` (writeups with headings, code
and tables, a share with PDFs and notebooks), ``light`` (a paragraph or two, no
attachment), on which Showcase's fixed work weighs more against the floor, and
``transcripts`` (issue 19): the light archive with a 20-minute ``transcript.vtt`` (about
2,800 words, a cue every few seconds) beside every talk already given. For it:

- the floor's pages (b, b2, and the posts of c) are each talk's writeup with its
  transcript pasted under it (``## Transcript``, its chapters as headings, a paragraph
  per passage with the speaker and the time), Material's search on; (b3)'s skeletons
  leave the transcript out, as they leave out all that Showcase generates;
- (d) and (dq) edit one talk's ``transcript.vtt`` (three words of one cue) instead of
  adding a talk, the caches warm;
- the issue's targets are all at 1,000 talks: cold <= 1.2 x the floor, (d) <= 0.4 x,
  peak memory of (a) <= 2 x the floor's.

With ``--repeat``, the builds run in rounds (every configuration once, then again) and
each keeps its best run: this machine's speed drifts over minutes, and a slow spell
should cost every configuration a run rather than one configuration all of its runs.
Each round's (d) adds one more talk, so later rounds build one page more (for
``transcripts`` it edits another cue of the same transcript).

All builds share the repository's Markdown extensions and theme features, so that the
ratios compare what each stack does with the pages, not different Markdown. The table
prints the ratios the issues set targets for; ``benchmarks/results-<kind>-<n>.json``
keeps them.
Each row also gives the process's CPU time and the load average when it ended: wall times
taken while other work shares the CPUs are not comparable, CPU times mostly are.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import pstats
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.archive import PROFILES, GeneratedArchive, generate_archive
from showcase import load_archive

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "benchmarks"
#: Options of ``plugins: [showcase]`` and the cache folder it uses unless told otherwise.
SHOWCASE_CACHE_DEFAULT = ".cache/showcase"
#: A build still running after this many seconds is stopped and reported as such.
DEFAULT_TIMEOUT = 1800.0
BLOG_TIMEOUT = 360.0
#: How often the process tree and its RSS are sampled, and its PSS at least. Reading a
#: process's PSS makes the kernel walk its page tables (about 5 ms per 250 MB): read
#: ten times a second it took a sixth of a CPU, from the builds that use both.
SAMPLE_SECONDS = 0.25
PSS_SECONDS = 1.0
#: PSS is read sooner when a process started or ended, or when the summed RSS has grown
#: this much since it was last read.
PSS_GROWTH = 1.02
#: A one-minute load average above this during a build flags its wall time as shared.
BUSY_LOAD = 2.2


# Measuring one build -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Run:
    """One process as seen from outside: ``code`` is None when it was stopped."""

    wall: float
    cpu: float
    peak_mb: float
    code: int | None
    #: The peak sum of the RSS of the process tree (shared pages counted per process).
    peak_rss_sum_mb: float
    #: The machine's one-minute load average when it ended: other work skews wall times.
    load: float


@dataclass(slots=True)
class Measurement:
    """One configuration: wall and CPU time, peak memory and the HTML pages written."""

    label: str
    wall: float | None
    peak_mb: float | None
    cpu: float | None = None
    load: float | None = None
    pages: int = 0
    ok: bool = True
    note: str = ""
    runs: list[float] = field(default_factory=list)
    #: The peak sum of RSS instead of PSS (shared pages counted once per process).
    peak_rss_sum_mb: float | None = None


def build_env(today: date) -> dict[str, str]:
    return {
        **os.environ,
        "SHOWCASE_TODAY": today.isoformat(),
        "NO_MKDOCS_2_WARNING": "1",
        "PYTHONHASHSEED": "0",
    }


def run_measured(
    cmd: list[str], *, env: dict[str, str], cwd: Path, log: Path, timeout: float
) -> Run:
    """Run ``cmd``, stopping it after ``timeout`` seconds, and measure it.

    The peak is the larger of the process's own ``ru_maxrss`` (from ``wait4``, which
    also covers the largest process it waited for) and the sampled memory of its whole
    process tree, so that work spread over other processes is counted in full. The tree
    is measured by proportional set size (PSS, from ``/proc/PID/smaps_rollup``): a forked
    process shares its parent's memory until one of them writes to it, and summing RSS
    would count every shared page once per process.
    """
    with log.open("wb") as out:
        started = time.perf_counter()
        proc = subprocess.Popen(
            cmd, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
        sampler = _TreeSampler(proc.pid)
        sampler.start()
        stopped: list[bool] = []
        timer = threading.Timer(timeout, _stop_group, args=(proc.pid, stopped))
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
            sampler.stop()
        wall = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    return Run(
        wall=wall,
        cpu=usage.ru_utime + usage.ru_stime,
        peak_mb=max(float(usage.ru_maxrss), sampler.peak_kb) / 1024,
        peak_rss_sum_mb=max(float(usage.ru_maxrss), sampler.peak_rss_kb) / 1024,
        code=None if stopped else proc.returncode,
        load=os.getloadavg()[0],
    )


def _stop_group(pid: int, stopped: list[bool]) -> None:
    # The child leads its own session: this ends it and whatever it started, nothing else.
    stopped.append(True)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, signal.SIGKILL)


class _TreeSampler(threading.Thread):
    """Sums the memory (PSS) of a process and its descendants (see ``PSS_SECONDS``);
    keeps the peak sum of their RSS too, which counts shared pages once per process."""

    def __init__(self, root: int) -> None:
        super().__init__(daemon=True)
        self.root = root
        self.peak_kb = 0.0
        self.peak_rss_kb = 0.0
        self._done = threading.Event()
        self._page_kb = os.sysconf("SC_PAGE_SIZE") / 1024

    def stop(self) -> None:
        self._done.set()
        self.join()

    def run(self) -> None:
        read_at, read_rss, read_tree = 0.0, 0.0, set[int]()
        while not self._done.wait(SAMPLE_SECONDS):
            tree = self._tree()
            rss = sum(_rss_kb(pid, self._page_kb) for pid in tree)
            self.peak_rss_kb = max(self.peak_rss_kb, rss)
            now = time.monotonic()
            # A process that starts or ends changes PSS in ways RSS does not show (pages
            # a forked process copies count in its RSS only once they are its own).
            changed = tree != read_tree
            if changed or now - read_at >= PSS_SECONDS or rss > read_rss * PSS_GROWTH:
                pss = sum(_pss_kb(pid) or _rss_kb(pid, self._page_kb) for pid in tree)
                self.peak_kb = max(self.peak_kb, pss)
                read_at, read_rss, read_tree = now, rss, tree

    def _tree(self) -> set[int]:
        parents: dict[int, int] = {}
        for entry in os.scandir("/proc"):
            if entry.name.isdigit():
                try:
                    stat = Path(entry.path, "stat").read_text()
                except OSError:
                    continue
                # "pid (comm) state ppid ...": comm may hold spaces, so split after ")".
                parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
        tree, frontier = {self.root}, [self.root]
        while frontier:
            pid = frontier.pop()
            for child, parent in parents.items():
                if parent == pid and child not in tree:
                    tree.add(child)
                    frontier.append(child)
        return tree


def _pss_kb(pid: int) -> float | None:
    """A process's proportional set size in KB; None where the kernel does not say."""
    with contextlib.suppress(OSError, IndexError, ValueError):
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return float(line.split()[1])
    return None


def _rss_kb(pid: int, page_kb: float) -> float:
    with contextlib.suppress(OSError, IndexError, ValueError):
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * page_kb
    return 0.0


def count_pages(out: Path) -> int:
    return sum(1 for _ in out.rglob("*.html")) if out.is_dir() else 0


@dataclass
class Config:
    """One way of building, measured by ``measure_builds``."""

    key: str
    label: str
    site: Path
    out: Path
    prepare: Callable[[], None] = lambda: None
    timeout: float = DEFAULT_TIMEOUT
    #: Build with ``-q`` (warnings hidden), as a CI log often does.
    quiet: bool = False
    best: Measurement | None = None
    runs: list[float] = field(default_factory=list)
    failed: Measurement | None = None


def measure_builds(configs: list[Config], env: dict[str, str], *, repeat: int) -> None:
    """``mkdocs build`` of each config's ``site/mkdocs.yml`` into its ``out``, ``repeat``
    rounds of all of them in turn; each keeps its best run.

    Rounds, rather than each config's runs back to back, because this machine's speed
    drifts by a quarter over minutes: a slow spell then costs every config one run
    instead of costing one config all of its runs, which would skew the ratios.
    """
    for attempt in range(repeat):
        for config in configs:
            if config.failed is None:
                _measure_once(config, env, attempt)
    for config in configs:
        result = config.failed or config.best
        assert result is not None
        if config.failed is None and config.best is not None:
            best = config.best
            best.runs = config.runs
            print(
                f"  {config.label:<22} {best.wall:7.2f} s {best.cpu:7.2f} s CPU "
                f"{best.peak_mb:6.0f} MB ({best.peak_rss_sum_mb or 0:.0f} MB RSS summed) "
                f"{best.pages:6d} pages  load {best.load:.1f}"
            )


def _measure_once(config: Config, env: dict[str, str], attempt: int) -> None:
    cmd = [sys.executable, "-m", "mkdocs", "build", "-f", "mkdocs.yml", "-d", str(config.out)]
    if config.quiet:
        cmd.append("-q")
    label, site = config.label, config.site
    config.prepare()
    log = site / f"build-{label.split()[0].strip('()')}-{attempt}.log"
    run = run_measured(cmd, env=env, cwd=site, log=log, timeout=config.timeout)
    config.runs.append(run.wall)
    if run.code is None:
        note = f"stopped after {config.timeout:.0f} s"
        print(f"  {label:<22} {note}")
        config.failed = Measurement(label, None, None, ok=False, note=note)
        return
    if run.code != 0:
        tail = log.read_text(errors="replace").strip().splitlines()[-15:]
        print(f"  {label}: mkdocs build failed ({run.code}):", *tail, sep="\n    ")
        config.failed = Measurement(label, run.wall, run.peak_mb, ok=False, note=f"exit {run.code}")
        return
    best = config.best
    if best is None or run.wall < (best.wall or float("inf")):
        config.best = Measurement(
            label, run.wall, run.peak_mb, run.cpu, run.load, count_pages(config.out)
        )
        config.best.peak_rss_sum_mb = run.peak_rss_sum_mb


# The sites -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Writeup:
    """One published talk as the three stacks see it."""

    slug: str
    title: str
    day: date
    speakers: list[str]
    tags: list[str]
    body: str
    #: The talk's transcript as Markdown, pasted into its page by the floor; "" for none.
    transcript: str = ""

    @property
    def page(self) -> str:
        """The writeup, with its transcript pasted under it."""
        if not self.transcript:
            return self.body
        return f"{self.body.rstrip()}\n\n## Transcript\n\n{self.transcript}"


def read_writeups(archive: GeneratedArchive) -> list[Writeup]:
    """The talks a Showcase build publishes (drafts are left out), with their dates and
    their transcripts as Markdown (``pasted_transcript``)."""
    days = {
        path.stem: yaml.safe_load(path.read_text(encoding="utf-8"))["date"]
        for path in (archive.root / "events").glob("*.yml")
    }
    writeups = []
    for source in sorted((archive.root / "talks").glob("*/index.md")):
        _, front, body = source.read_text(encoding="utf-8").split("---\n", 2)
        meta = yaml.safe_load(front)
        if meta.get("draft"):
            continue
        writeups.append(
            Writeup(
                slug=source.parent.name,
                title=meta["title"],
                day=days.get(meta.get("event"), archive.today),
                speakers=list(meta["speakers"]),
                tags=list(meta.get("tags", [])),
                body=body.lstrip("\n"),
                transcript=(
                    pasted_transcript(source.parent / meta["transcript"])
                    if meta.get("transcript")
                    else ""
                ),
            )
        )
    return writeups


def pasted_transcript(path: Path) -> str:
    """A transcript file as someone would paste it into a Markdown page: its chapters as
    headings, and its passages (read by Showcase's own reader, so that the words are the
    ones Showcase shows) as paragraphs led by the speaker and the time."""
    from showcase.recordings.transcript import format_time, read_transcript, sections

    transcript = read_transcript(path.read_bytes(), path.name)
    parts = []
    for section in sections(transcript):
        if section.title:
            parts.append(f"### {section.title}")
        for passage in section.passages:
            who = f"**{passage.voice}** " if passage.voice else ""
            when = f"({format_time(passage.start)}) " if passage.start is not None else ""
            parts.append(f"{who}{when}{passage.text}")
    return "\n\n".join(parts) + "\n"


def base_config(site_name: str) -> dict[str, Any]:
    """What every configuration shares with the repository's ``mkdocs.yml``."""
    repo = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    theme = {key: value for key, value in repo["theme"].items() if key != "custom_dir"}
    theme["font"] = False
    return {
        "site_name": site_name,
        "site_url": repo.get("site_url", "https://example.org/"),
        "theme": theme,
        "markdown_extensions": repo.get("markdown_extensions", []),
    }


def showcase_options() -> dict[str, Any]:
    repo = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    for plugin in repo.get("plugins", []):
        if isinstance(plugin, dict) and "showcase" in plugin:
            return dict(plugin["showcase"] or {})
    return {}


def write_config(site: Path, config: dict[str, Any]) -> None:
    site.mkdir(parents=True, exist_ok=True)
    text = yaml.safe_dump(config, sort_keys=False, allow_unicode=True)
    (site / "mkdocs.yml").write_text(text, encoding="utf-8")


def prepare_showcase(site: Path, archive: GeneratedArchive) -> Path:
    """(a): the archive itself is ``docs_dir``; returns the plugin's cache folder."""
    config = base_config("Showcase benchmark")
    config["docs_dir"] = str(archive.root)
    options = showcase_options()
    config["plugins"] = ["search", {"showcase": options}]
    write_config(site, config)
    return site / str(options.get("cache_dir", SHOWCASE_CACHE_DEFAULT))


def prepare_floor(site: Path, writeups: list[Writeup], *, nav: bool, docs: Path) -> None:
    """(b) and (b2): the writeups as plain pages; ``docs`` is written once and shared."""
    if not docs.exists():
        (docs / "talks").mkdir(parents=True)
        (docs / "index.md").write_text("# Demo days\n\nEvery month the team shows what it built.\n")
        for talk in writeups:
            front = yaml.safe_dump({"title": talk.title}, allow_unicode=True)
            (docs / "talks" / f"{talk.slug}.md").write_text(
                f"---\n{front}---\n\n{talk.page}", encoding="utf-8"
            )
    config = base_config("Floor benchmark")
    config["docs_dir"] = str(docs)
    config["plugins"] = ["search"]
    if nav:
        config["nav"] = [{"Home": "index.md"}]
    write_config(site, config)


def prepare_pages_floor(site: Path, archive: GeneratedArchive) -> None:
    """(b3): every page Showcase publishes, built by plain MkDocs + Material with no plugin,
    each written as its skeleton (``Page.skeleton``): front matter, title and the Markdown
    people wrote, with a placeholder comment where Showcase's HTML goes.

    Less work than the real pages (no generated HTML to template or index), so a lower
    bound: a plugin that publishes these pages through MkDocs' page pipeline cannot build
    them faster than MkDocs alone builds their skeletons.
    """
    from showcase.attachments import AttachmentProcessor, Cache
    from showcase.plan import NAVIGATION
    from showcase.site.pages import SiteOptions, SiteRenderer

    result = load_archive(archive.root, today=archive.today)
    assert result.archive is not None
    published = AttachmentProcessor(archive.root, Cache(site / "attachments")).process(
        result.archive
    )
    options = SiteOptions(
        site_name="Showcase pages without Showcase",
        talk_extras=published.talk_extras,
        card_image=published.card_image,
        person_image=published.person_image,
    )
    docs = site / "docs"
    shutil.rmtree(docs, ignore_errors=True)
    for page in SiteRenderer(result.archive, options).pages():
        target = docs / page.src
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page.skeleton, encoding="utf-8")
    config = base_config("Showcase pages without Showcase")
    config["docs_dir"] = str(docs)
    config["plugins"] = ["search"]
    config["nav"] = [{title: src} for title, src in NAVIGATION]
    write_config(site, config)


def prepare_blog(site: Path, writeups: list[Writeup], archive: GeneratedArchive) -> None:
    """(c): the writeups as posts of Material's blog, with author and category pages."""
    docs = site / "docs"
    posts = docs / "blog" / "posts"
    posts.mkdir(parents=True)
    (docs / "index.md").write_text("# Demo days\n\nEvery month the team shows what it built.\n")
    (docs / "blog" / "index.md").write_text("# Talks\n")
    people = yaml.safe_load((archive.root / "people.yml").read_text(encoding="utf-8"))
    authors = {
        pid: {
            "name": person["name"],
            "description": person.get("role", "Guest"),
            "avatar": f"https://avatars.example/{pid}.png",
        }
        for pid, person in people.items()
    }
    text = yaml.safe_dump({"authors": authors}, sort_keys=False, allow_unicode=True)
    (docs / "blog" / ".authors.yml").write_text(text, encoding="utf-8")
    for talk in writeups:
        meta = {"date": talk.day, "authors": talk.speakers, "categories": talk.tags}
        front = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True)
        # A blog post shows its first paragraph on the index pages, as real posts do.
        first, _, rest = talk.page.partition("\n\n")
        body = f"{first}\n\n<!-- more -->\n\n{rest}" if rest else talk.page
        (posts / f"{talk.slug}.md").write_text(
            f"---\n{front}---\n\n# {talk.title}\n\n{body}", encoding="utf-8"
        )
    config = base_config("Blog benchmark")
    config["docs_dir"] = "docs"
    config["plugins"] = [
        "search",
        {"blog": {"authors_profiles": True, "categories": True, "archive": True}},
    ]
    write_config(site, config)


def add_talk(archive: GeneratedArchive, number: int) -> None:
    """One more proposed talk with a writeup, as a pull request would add it."""
    first = next(iter(yaml.safe_load((archive.root / "people.yml").read_text("utf-8"))))
    folder = archive.root / "talks" / f"added-talk-{number}"
    folder.mkdir()
    meta = {"title": f"An added talk {number}", "speakers": [first], "tags": ["python"]}
    body = "\n\n".join(
        ["Why we added it.", "## How", "A paragraph of text. " * 20, "```python\nprint(1)\n```"]
    )
    front = yaml.safe_dump(meta, sort_keys=False)
    (folder / "index.md").write_text(f"---\n{front}---\n\n{body}\n", encoding="utf-8")


def edited_transcript(archive: GeneratedArchive) -> Path:
    """The transcript ``edit_transcript`` changes: the first in English."""
    for path in sorted((archive.root / "talks").glob("*/transcript.vtt")):
        if path.read_text(encoding="utf-8").isascii():
            return path
    raise ValueError(f"no transcript in English under {archive.root}")


def edit_transcript(path: Path, number: int) -> None:
    """A correction to one talk's transcript, as a pull request would make it: the first
    three words of one cue (the ``10 + number``-th, so that each edit changes the file)."""
    lines = path.read_text(encoding="utf-8").split("\n")
    cues = [index for index, line in enumerate(lines) if line.startswith("<v ")]
    index = cues[(10 + number) % len(cues)]
    voice, _, text = lines[index].partition(">")
    words = text.split()
    words[:3] = ["Corrected", f"in round {number},", "this"]
    lines[index] = f"{voice}>{' '.join(words)}"
    path.write_text("\n".join(lines), encoding="utf-8")


# The check -----------------------------------------------------------------------------


def measure_check(site: Path, archive: GeneratedArchive, env: dict[str, str]) -> dict[str, float]:
    """``showcase check`` as a user runs it (a new process), and ``load_archive`` alone."""
    cmd = [sys.executable, "-m", "showcase", "check", str(archive.root)]
    cli = []
    for attempt in range(3):
        log = site / f"check-{attempt}.log"
        run = run_measured(cmd, env=env, cwd=site, log=log, timeout=120)
        if run.code != 0:
            print(f"  showcase check exited {run.code}: {log.read_text(errors='replace')[-500:]}")
        cli.append(run.wall)
    loads = []
    for _ in range(3):
        started = time.perf_counter()
        load_archive(archive.root, today=archive.today)
        loads.append(time.perf_counter() - started)
    print(f"  {'(e) showcase check':<22} {min(cli):7.2f} s (CLI)  {min(loads):.3f} s in-process")
    return {"cli": min(cli), "in_process": min(loads)}


# mkdocs serve --------------------------------------------------------------------------


def measure_serve(
    site: Path, archive: GeneratedArchive, env: dict[str, str], *, rounds: int
) -> float:
    """``mkdocs serve`` of the archive: from saving a talk's ``index.md`` to its new HTML
    being served, in seconds, the best of ``rounds`` saves (each a new line of text)."""
    import socket
    import urllib.request

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log = (site / "serve.log").open("wb")
    cmd = [sys.executable, "-m", "mkdocs", "serve", "-f", "mkdocs.yml", "-a", f"127.0.0.1:{port}"]
    server = subprocess.Popen(
        cmd, cwd=site, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    talk = sorted((archive.root / "talks").glob("*/index.md"))[len(archive.root.name) % 7]
    url = f"http://127.0.0.1:{port}/talks/{talk.parent.name}/"

    def fetch() -> str:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return str(response.read().decode("utf-8", "replace"))
        except OSError:
            return ""

    times = []
    try:
        deadline = time.monotonic() + DEFAULT_TIMEOUT
        while not fetch() and time.monotonic() < deadline:
            time.sleep(0.5)
        original = talk.read_text(encoding="utf-8")
        for number in range(rounds):
            marker = f"Saved-again-{number}-{time.time_ns()}"
            started = time.monotonic()
            talk.write_text(f"{original}\n{marker}\n", encoding="utf-8")
            while marker not in fetch() and time.monotonic() - started < 300:
                time.sleep(0.05)
            times.append(time.monotonic() - started)
            time.sleep(2)  # let the server settle before the next save
        talk.write_text(original, encoding="utf-8")
    finally:
        _stop_group(server.pid, [])
        server.wait()
        log.close()
    shown = ", ".join(f"{t:.2f}" for t in times)
    print(f"  {'(s) mkdocs serve, save':<22} {min(times):7.2f} s best of {rounds} ({shown})")
    return min(times)


# One size ------------------------------------------------------------------------------


@dataclass(slots=True)
class SizeResult:
    n: int
    builds: dict[str, Measurement]
    check: dict[str, float]
    generated: dict[str, int]
    kind: str = "rich"


def run_size(
    n: int,
    seed: int,
    work: Path,
    *,
    repeat: int,
    skip_blog: bool,
    skip_full_nav: bool = False,
    kind: str = "rich",
    serve_rounds: int = 0,
) -> SizeResult:
    root = work / f"{kind}-n{n}"
    archive = generate_archive(root / "showcase" / "content", n, seed, profile=kind)
    writeups = read_writeups(archive)
    env = build_env(archive.today)
    print(
        f"\nN = {n}: {archive.talks} talks ({len(writeups)} published), {archive.events} "
        f"events, {archive.people} people; building in {root}"
    )
    builds: dict[str, Measurement] = {}
    floor_docs = root / "floor-docs"
    prepare_floor(root / "floor", writeups, nav=True, docs=floor_docs)
    prepare_floor(root / "floor-nonav", writeups, nav=False, docs=floor_docs)
    prepare_pages_floor(root / "floor-pages", archive)
    site = root / "showcase"
    cache = prepare_showcase(site, archive)

    def cold() -> None:
        shutil.rmtree(cache, ignore_errors=True)
        shutil.rmtree(site / ".cache", ignore_errors=True)
        shutil.rmtree(root / "out-a", ignore_errors=True)

    def pages_cold() -> None:
        shutil.rmtree(cache / "pages", ignore_errors=True)
        shutil.rmtree(root / "out-a", ignore_errors=True)

    added = iter(range(1, 2 * repeat + 1))
    if kind == "transcripts":
        # What changes between a talk's warm builds here is one transcript, not a new talk.
        transcript = edited_transcript(archive)
        print(f"  (d) edits {transcript.relative_to(archive.root)}")

        def change() -> None:
            edit_transcript(transcript, next(added))

        warm_labels = ("(d) transcript edited", "(dq) edited, -q")
    else:

        def change() -> None:
            add_talk(archive, next(added))

        warm_labels = ("(d) showcase, +1 warm", "(dq) +1 warm, -q")
    configs = [
        Config("b", "(b) floor, nav Home", root / "floor", root / "out-b"),
        Config("b3", "(b3) MkDocs, skeletons", root / "floor-pages", root / "out-b3"),
        Config("b2", "(b2) floor, full nav", root / "floor-nonav", root / "out-b2"),
        Config("a", "(a) showcase, cold", site, root / "out-a", prepare=cold),
        Config("a2", "(a2) pages cold", site, root / "out-a", prepare=pages_cold),
        Config("d", warm_labels[0], site, root / "out-a", prepare=change),
        Config("dq", warm_labels[1], site, root / "out-a", prepare=change, quiet=True),
    ]
    if skip_full_nav:
        builds["b2"] = Measurement("(b2) floor, full nav", None, None, ok=False, note="skipped")
        configs = [config for config in configs if config.key != "b2"]
    if not skip_blog:
        prepare_blog(root / "blog", writeups, archive)
        configs.append(
            Config("c", "(c) material blog", root / "blog", root / "out-c", timeout=BLOG_TIMEOUT)
        )
    else:
        builds["c"] = Measurement("(c) material blog", None, None, ok=False, note="skipped")
    measure_builds(configs, env, repeat=repeat)
    for config in configs:
        result = config.failed or config.best
        assert result is not None
        builds[config.key] = result
    if builds["c"].note and not skip_blog:
        print(f"  (c) material blog: {builds['c'].note}")
    check = measure_check(site, archive, env)
    if serve_rounds:
        check["serve"] = measure_serve(site, archive, env, rounds=serve_rounds)
    generated = {"talks": archive.talks, "published": len(writeups), "events": archive.events}
    generated["people"] = archive.people
    return SizeResult(n, builds, check, generated, kind)


# Ratios and the table -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Ratio:
    name: str
    value: float | None
    target: str
    passed: bool | None


def _ratio(top: float | None, bottom: float | None) -> float | None:
    return top / bottom if top is not None and bottom else None


def _judge(name: str, value: float | None, limit: float | None, *, at_most: bool = True) -> Ratio:
    if limit is None:
        return Ratio(name, value, "info", None)
    target = f"<= {limit:g}" if at_most else f">= {limit:g}"
    if value is None:
        return Ratio(name, None, target, None)
    return Ratio(name, value, target, value <= limit if at_most else value >= limit)


def size_ratios(result: SizeResult) -> list[Ratio]:
    b = result.builds
    # The issues set these targets at 1,000 talks, and the memory one at 5,000 (for the
    # transcripts archive, issue 19 sets all three at 1,000).
    at_1000 = result.n == 1000
    memory_applies = result.n >= 5000 or (result.kind == "transcripts" and at_1000)
    warm = "1 transcript edited" if result.kind == "transcripts" else "+1 talk warm"

    def target(limit: float, applies: bool) -> float | None:
        return limit if applies else None

    return [
        _judge("a/b  cold build / floor", _ratio(b["a"].wall, b["b"].wall), target(1.2, at_1000)),
        _judge("a/b  CPU time", _ratio(b["a"].cpu, b["b"].cpu), None),
        _judge("a2/b pages cold, attachments cached", _ratio(b["a2"].wall, b["b"].wall), None),
        _judge("b2/b floor full nav / floor", _ratio(b["b2"].wall, b["b"].wall), None),
        _judge("a/b2 cold build / floor full nav", _ratio(b["a"].wall, b["b2"].wall), None),
        _judge("b3/b MkDocs on the skeletons / floor", _ratio(b["b3"].wall, b["b"].wall), None),
        _judge("a/b3 cold build / skeletons", _ratio(b["a"].wall, b["b3"].wall), None),
        _judge("c/a  blog / showcase", _ratio(b["c"].wall, b["a"].wall), None),
        _judge("d/b  CPU time", _ratio(b["d"].cpu, b["b"].cpu), None),
        _judge(f"d/b  {warm} / floor", _ratio(b["d"].wall, b["b"].wall), target(0.4, at_1000)),
        _judge(f"dq/b {warm}, -q / floor", _ratio(b["dq"].wall, b["b"].wall), target(0.4, at_1000)),
        _judge("peak a/b", _ratio(b["a"].peak_mb, b["b"].peak_mb), target(2.0, memory_applies)),
        _judge("peak d/b (warm)", _ratio(b["d"].peak_mb, b["b"].peak_mb), None),
        _judge(
            "peak a/b, RSS summed",
            _ratio(b["a"].peak_rss_sum_mb, b["b"].peak_rss_sum_mb),
            None,
        ),
        _judge("showcase check CLI, s", result.check["cli"], target(1.0, at_1000)),
        _judge("load_archive in-process, s", result.check["in_process"], None),
        _judge("mkdocs serve, save to served, s", result.check.get("serve"), target(1.5, at_1000)),
    ]


def scaling_ratios(small: SizeResult, large: SizeResult) -> list[Ratio]:
    # The issue asks 5.5x for 5x the talks: 10% above linear, whatever the two sizes.
    limit = 1.1 * large.n / small.n
    a_small, a_large = small.builds["a"], large.builds["a"]
    b_small, b_large = small.builds["b"], large.builds["b"]
    label = f"a({large.n})/a({small.n})"
    return [
        _judge(label, _ratio(a_large.wall, a_small.wall), limit),
        _judge(f"b({large.n})/b({small.n}) (floor)", _ratio(b_large.wall, b_small.wall), None),
        _judge(f"{label} CPU time", _ratio(a_large.cpu, a_small.cpu), None),
    ]


def print_table(result: SizeResult, ratios: list[Ratio]) -> None:
    print(f"\nN = {result.n} talks, {result.kind} archive")
    print(f"  {'config':<24} {'pages':>6} {'wall s':>8} {'CPU s':>8} {'peak MB':>8} {'load':>5}")
    for key in ("a", "a2", "b", "b2", "b3", "c", "d", "dq"):
        m = result.builds[key]
        wall, cpu, peak, load = (
            _cell(m.wall, 8, 2),
            _cell(m.cpu, 8, 2),
            _cell(m.peak_mb, 8, 0),
            _cell(m.load, 5, 1),
        )
        note = f"  {m.note}" if m.note else ""
        print(f"  {m.label:<24} {m.pages:>6} {wall} {cpu} {peak} {load}{note}")
    # A build keeps the load at 1, or 2 for Showcase's two processes: more means other
    # processes shared the CPUs.
    if any((m.load or 0) > BUSY_LOAD for m in result.builds.values()):
        print(f"  (load above {BUSY_LOAD}: the machine was busy; trust the CPU column more)")
    print_ratios(ratios)


def _cell(value: float | None, width: int, digits: int) -> str:
    return f"{value:{width}.{digits}f}" if value is not None else f"{'-':>{width}}"


def print_ratios(ratios: Iterable[Ratio]) -> None:
    for ratio in ratios:
        value = f"{ratio.value:8.2f}" if ratio.value is not None else f"{'-':>8}"
        verdict = {True: "PASS", False: "FAIL", None: ""}[ratio.passed]
        print(f"  {ratio.name:<34} {value}  {ratio.target:<7} {verdict}")


def write_results(result: SizeResult, ratios: list[Ratio], extra: dict[str, Any]) -> Path:
    path = RESULTS / f"results-{result.kind}-{result.n}.json"
    data = {
        "n": result.n,
        "kind": result.kind,
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count()},
        "generated": result.generated,
        "builds": {key: asdict(m) for key, m in result.builds.items()},
        "check": result.check,
        "ratios": [asdict(r) for r in ratios],
        **extra,
    }
    path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    return path


# Profile -------------------------------------------------------------------------------


#: Self time is grouped by where the code lives; the first match wins.
LIBRARIES = (
    (
        "showcase attachments (+PIL/pdfium/nbconvert)",
        (
            "showcase/attachments/",
            "/PIL/",
            "pypdfium2",
            "/nbconvert/",
            "/nbformat/",
            "/bs4/",
            "/bleach/",
            "/mistune/",
        ),
    ),
    ("showcase core + site", ("/showcase/",)),
    ("markdown + pymdownx", ("/markdown/", "/pymdownx/")),
    ("pygments (code highlighting)", ("/pygments/",)),
    ("jinja2 + templates", ("/jinja2/", "/markupsafe/", ".html")),
    ("material search plugin", ("material/plugins/search/",)),
    ("material other", ("/material/",)),
    ("mkdocs core", ("/mkdocs/",)),
    ("yaml (PyYAML, ruamel, frontmatter)", ("/yaml/", "/ruamel/", "/frontmatter/")),
    ("html.parser", ("html/parser.py", "_markupbase.py")),
    ("json", ("/json/",)),
    ("importlib (imports) + compile", ("<frozen importlib", "importlib/")),
    ("stdlib re (compiling patterns)", ("/re/",)),
)
#: Functions whose cumulative time is one phase of the build; a third name keeps only the
#: calls made from that file.
PHASES = (
    ("startup: imports, config, plugin load", None),
    ("showcase on_config (load + check)", ("showcase/mkdocs/plugin.py", "on_config")),
    ("showcase on_files (all)", ("showcase/mkdocs/plugin.py", "on_files")),
    ("  site plan (attachments, pages, exports)", ("showcase/plan.py", "plan_site")),
    ("    attachments (render/reuse)", ("showcase/plan.py", "_render_attachments")),
    ("  writing converted (showcase.writing)", ("showcase/writing.py", "convert_all")),
    ("mkdocs get_files (scan docs_dir)", ("mkdocs/structure/files.py", "get_files")),
    ("mkdocs get_navigation", ("mkdocs/structure/nav.py", "get_navigation")),
    ("markdown conversion (Page.render)", ("mkdocs/structure/pages.py", "render")),
    ("page templates (_build_page)", ("mkdocs/commands/build.py", "_build_page")),
    ("  of which search on_page_context", ("material/plugins/search/plugin.py", "on_page_context")),
    ("  of which Jinja", ("jinja2/environment.py", "render", "mkdocs/commands/build.py")),
    ("theme templates (404, sitemap)", ("mkdocs/commands/build.py", "_build_theme_template")),
    ("search on_post_build (index)", ("material/plugins/search/plugin.py", "on_post_build")),
    ("showcase on_post_build", ("showcase/mkdocs/plugin.py", "on_post_build")),
    ("file copying (File.copy_file)", ("mkdocs/structure/files.py", "copy_file")),
    ("page writing (utils.write_file)", ("mkdocs/utils/__init__.py", "write_file")),
    ("YAML parsing, anywhere", ("yaml/__init__.py", "load")),
    ("pygments highlight, anywhere", ("pygments/__init__.py", "highlight")),
)


def _classify(filename: str, function: str) -> str:
    if filename == "~":
        if any(name in function for name in ("PIL.", "pypdfium", "zlib.")):
            return "showcase attachments (+PIL/pdfium/nbconvert)"
        if "re.Pattern" in function or "_sre" in function:
            return "builtin regex"
        if any(name in function for name in ("marshal.", "builtins.compile", "builtins.exec")):
            return "importlib (imports) + compile"
        if any(word in function for word in ("io.", "open", "write", "read", "posix", "stat")):
            return "builtin file I/O"
        return "builtin other"
    for name, needles in LIBRARIES:
        if any(needle in filename for needle in needles):
            return name
    return "stdlib other"


def profile_report(stats_path: Path, top: int = 15) -> str:
    """Phases by cumulative time, self time by library, and the top entries."""
    stats = pstats.Stats(str(stats_path))
    table: dict[tuple[str, int, str], Any] = stats.stats  # type: ignore[attr-defined]
    total = max(ct for _, _, _, ct, _ in table.values())

    def cumulative(filename: str, function: str, caller: str | None = None) -> float:
        seconds = 0.0
        for (f, _, name), entry in table.items():
            if not (f.endswith(filename) and name == function):
                continue
            if caller is None:
                seconds += entry[3]
            else:
                seconds += sum(c[3] for key, c in entry[4].items() if key[0].endswith(caller))
        return seconds

    lines = [f"cProfile total {total:.2f} s (profiling slows Python code about 1.5x)"]
    lines.append("  phases, cumulative:")
    build = cumulative("mkdocs/commands/build.py", "build")
    for name, where in PHASES:
        seconds = total - build if where is None else cumulative(*where)
        if seconds < 0.005:
            continue
        lines.append(f"    {name:<42} {seconds:7.2f} s {100 * seconds / total:5.1f}%")
    by_library: dict[str, float] = defaultdict(float)
    for (filename, _, function), entry in table.items():
        by_library[_classify(filename, function)] += entry[2]
    lines.append("  self time by library:")
    for name, seconds in sorted(by_library.items(), key=lambda item: -item[1]):
        lines.append(f"    {name:<42} {seconds:7.2f} s {100 * seconds / total:5.1f}%")
    for column, index in (("tottime", 2), ("cumtime", 3)):
        lines.append(f"  top {top} by {column}:")
        # Leave out the frames every call goes through (runpy, click, mkdocs' main).
        inner = [item for item in table.items() if item[1][index] < 0.9 * total]
        ranked = sorted(inner, key=lambda item: -item[1][index])[:top]
        for (filename, line, function), entry in ranked:
            place = _short(filename)
            lines.append(
                f"    {entry[index]:7.2f} s {entry[1]:>9} calls  {function}  ({place}:{line})"
            )
    return "\n".join(lines)


def _short(filename: str) -> str:
    for marker in ("site-packages/", str(REPO) + "/", "lib/python3.11/"):
        if marker in filename:
            return filename.split(marker, 1)[1]
    return filename


def run_profile(n: int, seed: int, work: Path, out_dir: Path | None, kind: str = "rich") -> str:
    """Cold builds of (a) and of the floor (b) under cProfile, each in one process."""
    root = work / f"profile-{kind}-n{n}"
    archive = generate_archive(root / "showcase" / "content", n, seed, profile=kind)
    prepare_showcase(root / "showcase", archive)
    prepare_floor(root / "floor", read_writeups(archive), nav=True, docs=root / "floor-docs")
    reports = []
    for key, top in (("showcase", 15), ("floor", 8)):
        site = root / key
        prof = (out_dir or root) / f"profile-{kind}-{key}-{n}.out"
        cmd = [sys.executable, "-m", "cProfile", "-o", str(prof)]
        cmd += ["-m", "mkdocs", "build", "-q", "-f", "mkdocs.yml", "-d", str(root / f"out-{key}")]
        log = root / f"profile-{key}.log"
        run = run_measured(cmd, env=build_env(archive.today), cwd=site, log=log, timeout=3600)
        if run.code != 0:
            reports.append(f"profiled {key} build failed: {log.read_text()[-2000:]}")
            continue
        title = "(a) Showcase, cold" if key == "showcase" else "(b) the floor"
        reports.append(
            f"{title}: profiled wall {run.wall:.2f} s, peak {run.peak_mb:.0f} MB\n"
            + profile_report(prof, top=top)
        )
    return "\n\n".join(reports)


# Main ----------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, action="append", help="talks (repeatable; 1000)")
    parser.add_argument("--seed", type=int, default=0, help="generator seed (default 0)")
    parser.add_argument("--repeat", type=int, default=1, help="builds per config; best counts")
    parser.add_argument("--skip-blog", action="store_true", help="leave out (c)")
    parser.add_argument(
        "--extras-up-to",
        type=int,
        metavar="N",
        help="build (b2) and (c), which no target needs, only for sizes up to N "
        "(at 5,000 talks (b2) takes a quarter of an hour and (c) times out)",
    )
    parser.add_argument(
        "--profile",
        action="store_true",
        help="cProfile (a) and (b) at the first --n, of the first --kind",
    )
    parser.add_argument("--profile-out", type=Path, help="keep the cProfile stats in this folder")
    parser.add_argument("--profile-only", action="store_true", help="only the profile")
    parser.add_argument("--keep", type=Path, help="build here and keep it (default: a temp dir)")
    parser.add_argument(
        "--kind",
        action="append",
        choices=PROFILES,
        help="the kind of archive (repeatable; default rich): rich writeups with attachments, "
        "light ones (a paragraph or two, no attachment), or transcripts (light ones, and a "
        "20-minute transcript for every talk given)",
    )
    parser.add_argument(
        "--serve",
        type=int,
        default=0,
        metavar="ROUNDS",
        help="also time mkdocs serve at the first --n: from saving a talk to its new page "
        "being served, best of ROUNDS saves",
    )
    args = parser.parse_args(argv)
    sizes = sorted(set(args.n or [1000]))
    if min(sizes) < 1 or args.repeat < 1:
        parser.error("--n and --repeat must be at least 1")

    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        return _run(args, sizes, args.keep)
    with tempfile.TemporaryDirectory(prefix="showcase-site-speed-") as tmp:
        return _run(args, sizes, Path(tmp))


def _run(args: argparse.Namespace, sizes: list[int], work: Path) -> int:
    results: list[SizeResult] = []
    kinds = list(dict.fromkeys(args.kind or ["rich"]))
    if not args.profile_only:
        for kind in kinds:
            for n in sizes:
                beyond = args.extras_up_to is not None and n > args.extras_up_to
                results.append(
                    run_size(
                        n,
                        args.seed,
                        work,
                        repeat=args.repeat,
                        skip_blog=args.skip_blog or beyond,
                        skip_full_nav=beyond,
                        kind=kind,
                        serve_rounds=args.serve if n == sizes[0] else 0,
                    )
                )
    failed = False
    for result in results:
        ratios = size_ratios(result)
        print_table(result, ratios)
        extra: dict[str, Any] = {}
        smallest = next(r for r in results if r.kind == result.kind)
        if result is not smallest:
            scaling = scaling_ratios(smallest, result)
            print(f"\nScaling {smallest.n} -> {result.n} ({result.kind})")
            print_ratios(scaling)
            ratios = [*ratios, *scaling]
            extra["scaling_from"] = smallest.n
        failed |= any(r.passed is False for r in ratios)
        print(f"  -> {write_results(result, ratios, extra).relative_to(REPO)}")
    if args.profile or args.profile_only:
        print()
        print(run_profile(sizes[0], args.seed, work, args.profile_out, kinds[0]))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
