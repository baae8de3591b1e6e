"""What search costs a reader and a build: Showcase's Pagefind shards against Material's
built-in search, on an archive of talks that each bring a 20-minute transcript.

    python benchmarks/search_speed.py --n 1000
    python benchmarks/search_speed.py --n 200 --rounds 1 --keep /tmp/search-bench

The archive of ``benchmarks/archive.py`` is generated into a temporary folder, and every
talk gets a synthetic transcript (``make_transcripts`` of ``archive.py``, the generator
of its ``transcripts`` archive): 40 cues, one every 30 seconds, about 2,800 words drawn
from a vocabulary of some 20,000 words (common English words and made-up ones, by Zipf's
law); one talk in 50 speaks Chinese or Japanese (about 5,000 characters). Then:

(a) Showcase: the archive built by ``mkdocs build`` with ``plugins: [showcase]`` (no
    Material search), then ``build_search`` writes ``site/search/`` from search documents
    made from the model (each talk with its transcript cues as sections; people, events,
    topics and the home page as listings, weight 0.3; one shard per year, one for the
    listings). ``build_search`` runs in a process of its own, measured from outside (wall
    time, peak memory of it and Pagefind, as PSS): cold (no cache) and after one talk's
    transcript changed (cache warm);
(b) Material: plain MkDocs + Material, each talk's writeup with its transcript pasted into
    its page, ``plugins: [search]``; and the same without the plugin, so that the
    difference is what Material's search costs the build.

Each site is served from 127.0.0.1 and read by headless Chromium (Debian's, through
Playwright) with an empty cache, as a first visit: the bytes of the home page's first
visit (every response but images and fonts, as served, uncompressed), then the bytes of
a first query, and the time from pressing "/" (the search shortcut) and typing the query
to results on screen. Queries: a word said in one transcript, a common word, a speaker's
surname, a Chinese word.

Everything runs ``--rounds`` times; the table gives medians, and ratios (b)/(a). No
figure passes or fails here: issue 19's targets are printed beside them.
"""

from __future__ import annotations

import argparse
import contextlib
import http.server
import json
import os
import re
import shutil
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import yaml

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.archive import GeneratedArchive, Transcripts, generate_archive, make_transcripts
from benchmarks.site_speed import (
    _TreeSampler,
    base_config,
    build_env,
    read_writeups,
    run_measured,
    showcase_options,
    write_config,
)

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run"]
#: Cues of a transcript, seconds between them, words of one cue.
CUES, CUE_SECONDS, CUE_WORDS = 40, 30, 70
LISTING_WEIGHT = 0.3
BUILD_TIMEOUT = 1800.0
#: Issue 19's targets for the reader, at 1,000 talks.
TARGET_VISIT_KB, TARGET_QUERY_KB, TARGET_RESULTS_S = 400, 1000, 1.5


def clock(seconds: int) -> str:
    return f"{seconds // 60}:{seconds % 60:02d}"


# (a) Showcase: documents from the model ---------------------------------------------------


def search_documents(
    content: Path, transcripts: dict[str, list[list[Any]]], today: str
) -> list[Any]:
    """What the site plan will give ``build_search``: one document per page."""
    from showcase import load_archive
    from showcase.search import SearchDocument, Section
    from showcase.site.links import HOME, Linker, TopicPages, event_src, person_src, talk_src

    archive = load_archive(content, today=today).archive
    linker = Linker()
    people = archive.people
    topics = TopicPages(tag for talk in archive.talks.values() for tag in talk.tags)
    documents = []
    by_person: dict[str, list[str]] = {}
    by_event: dict[str, list[str]] = {}
    by_tag: dict[str, list[str]] = {}
    for talk in archive.talks.values():
        event = archive.events.get(talk.event) if talk.event else None
        names = [people[p].name if p in people else p for p in talk.speakers]
        line = f"{talk.title} {' '.join(names)} {talk.summary or ''}"
        for pid in talk.speakers:
            by_person.setdefault(pid, []).append(line)
        if event is not None:
            by_event.setdefault(event.id, []).append(line)
        for tag in talk.tags:
            by_tag.setdefault(tag, []).append(line)
        meta = {"speakers": ", ".join(names)}
        if event is not None:
            meta["date"] = f"{event.date:%-d %B %Y}"
            meta["event"] = event.display_title
        cues = transcripts.get(talk.slug, [])
        documents.append(
            SearchDocument(
                url=linker.url(talk_src(talk)),
                title=talk.title,
                kind="talk",
                text=f"{talk.summary or ''} {plain_markdown(talk.body)}",
                sections=tuple(
                    Section(f"t-{s // 60}-{s % 60:02d}", f"transcript {clock(s)}", text)
                    for s, text in cues
                ),
                meta=meta,
                shard=str(event.date.year) if event is not None else "proposals",
            )
        )
    listings = (
        [
            (
                person_src(pid),
                people[pid].name,
                "person",
                " ".join(
                    [people[pid].role or "", people[pid].team or "", people[pid].bio or "", *lines]
                ),
            )
            for pid, lines in by_person.items()
            if pid in people
        ]
        + [
            (event_src(eid), archive.events[eid].display_title, "event", " ".join(lines))
            for eid, lines in by_event.items()
        ]
        + [(topics.src(tag), f"#{tag}", "topic", " ".join(lines)) for tag, lines in by_tag.items()]
        + [(HOME, "Demo days", "page", "Every month the team shows what it built.")]
    )
    for src, title, kind, text in listings:
        documents.append(
            SearchDocument(
                url=linker.url(src),
                title=title,
                kind=kind,
                text=text,
                weight=LISTING_WEIGHT,
                shard="pages",
            )
        )
    return documents


def plain_markdown(text: str) -> str:
    text = re.sub(r"```.*?```", " ", text, flags=re.DOTALL)
    return re.sub(r"[#*`|>_\[\]()-]+", " ", text)


def index_worker(argv: list[str]) -> None:
    """``--index-worker CONTENT TRANSCRIPTS OUT CACHE TODAY``: one ``build_search``."""
    from showcase.search import build_search

    content, transcripts, out, cache, today = argv
    cues = json.loads(Path(transcripts).read_text(encoding="utf-8"))
    documents = search_documents(Path(content), cues, today)
    # Measured from inside: a process started by a large one inherits its peak RSS in
    # ``ru_maxrss``. PSS of this process and the Pagefind processes it starts.
    sampler = _TreeSampler(os.getpid())
    sampler.start()
    try:
        made = build_search(documents, Path(out), Path(cache))
    finally:
        sampler.stop()
    print(
        json.dumps(
            {
                "seconds": made.seconds,
                "shards": made.shards,
                "indexed": made.indexed,
                "indexed_documents": made.indexed_documents,
                "peak_mb": sampler.peak_kb / 1024,
                "documents": made.documents,
            }
        )
    )


# (b) Material: transcripts pasted into the pages ------------------------------------------


def prepare_material(
    site: Path, archive: GeneratedArchive, transcripts: Transcripts, *, search: bool
) -> None:
    docs = site.parent / "material-docs"
    if not docs.exists():
        (docs / "talks").mkdir(parents=True)
        (docs / "index.md").write_text("# Demo days\n\nEvery month the team shows what it built.\n")
        for talk in read_writeups(archive):
            cues = transcripts.cues.get(talk.slug, [])
            spoken = "\n\n".join(f"**{clock(s)}** {text}" for s, text in cues)
            front = yaml.safe_dump({"title": talk.title}, allow_unicode=True)
            (docs / "talks" / f"{talk.slug}.md").write_text(
                f"---\n{front}---\n\n{talk.body}\n\n## Transcript\n\n{spoken}\n", encoding="utf-8"
            )
    config = base_config("Material benchmark")
    config["docs_dir"] = str(docs)
    config["plugins"] = ["search"] if search else []
    config["nav"] = [{"Home": "index.md"}]
    write_config(site, config)


# Serving and reading ----------------------------------------------------------------------


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextlib.contextmanager
def serve(folder: Path) -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), partial(_Quiet, directory=str(folder))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@dataclass(frozen=True, slots=True)
class Stack:
    """How a site's search is opened and when its results are on screen."""

    name: str
    input: str
    done: str


SHOWCASE = Stack(
    "showcase",
    "#sc-search-input",
    "() => /result|No results|unavailable/.test(document.querySelector('.sc-search__status')"
    ".textContent) && !/Searching|Loading/.test(document.querySelector('.sc-search__status')"
    ".textContent)",
)
MATERIAL = Stack(
    "material",
    "input.md-search__input",
    "() => { const m = document.querySelector('.md-search-result__meta');"
    " return m && /matching document|No matching/.test(m.textContent); }",
)


@dataclass(slots=True)
class Reading:
    visit: list[float] = field(default_factory=list)
    query: dict[str, list[float]] = field(default_factory=dict)
    seconds: dict[str, list[float]] = field(default_factory=dict)


def read_site(
    browser: Any, url: str, stack: Stack, queries: dict[str, str], reading: Reading
) -> None:
    """One first visit and one first query per query, each in a fresh context."""
    for label, query in queries.items():
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        seen: list[Any] = []
        context.on("response", lambda response, seen=seen: seen.append(response))
        page = context.new_page()
        page.set_default_timeout(120_000)
        page.goto(url, wait_until="networkidle")
        page.wait_for_timeout(1000)
        visit = _bytes(seen)
        before = len(seen)
        started = time.perf_counter()
        page.keyboard.press("/")
        page.wait_for_function(f"() => document.activeElement.matches('{stack.input}')")
        page.keyboard.type(query)
        # Text typed outside the keys of a keyboard (Chinese) comes without a keyup, on
        # which Material's box searches; an IME's last key gives one.
        page.keyboard.press("End")
        try:
            page.wait_for_function(stack.done, polling="raf")
        except Exception as error:
            shown = page.evaluate("document.querySelector('.md-search__output')?.innerText")
            raise SystemExit(
                f"{stack.name}: no results for {query!r} ({error}): {shown!r}"
            ) from None
        elapsed = time.perf_counter() - started
        page.wait_for_timeout(1000)
        reading.visit.append(visit / 1000)
        reading.query.setdefault(label, []).append(_bytes(seen[before:]) / 1000)
        reading.seconds.setdefault(label, []).append(elapsed)
        context.close()


def _bytes(responses: list[Any]) -> int:
    total = 0
    for response in responses:
        if response.request.resource_type in ("image", "font", "media"):
            continue
        with contextlib.suppress(Exception):
            total += len(response.body())
    return total


# The run ----------------------------------------------------------------------------------


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--index-worker":
        index_worker(sys.argv[2:])
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=1000, help="talks in the archive")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="search-speed-"))
    try:
        run(work, args.n, args.rounds, args.seed)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


def run(work: Path, n: int, rounds: int, seed: int) -> None:
    from playwright.sync_api import sync_playwright

    work.mkdir(parents=True, exist_ok=True)
    print(f"Archive of {n} talks in {work}")
    archive = generate_archive(work / "content", n, seed)
    env = build_env(archive.today)
    slugs = sorted(p.name for p in (archive.root / "talks").iterdir())
    transcripts = make_transcripts(
        slugs, seed, cues=CUES, cue_seconds=CUE_SECONDS, cue_words=CUE_WORDS
    )
    cues_file = work / "transcripts.json"
    cues_file.write_text(json.dumps(transcripts.cues, ensure_ascii=False), encoding="utf-8")
    words = sum(len(t.split()) for talk in transcripts.cues.values() for _, t in talk) / len(slugs)
    print(
        f"  transcripts: {words:.0f} words a talk on average, rare word {transcripts.rare_word!r}"
    )

    showcase_site = work / "showcase"
    config = base_config("Showcase search benchmark")
    config["docs_dir"] = str(archive.root)
    config["plugins"] = [{"showcase": showcase_options()}]
    write_config(showcase_site, config)
    _build(showcase_site, env, "showcase")

    index: dict[str, list[Any]] = {"cold": [], "changed": []}
    material_build: dict[str, list[float]] = {"search": [], "plain": []}
    materials = {on: work / f"material-{'search' if on else 'plain'}" for on in (True, False)}
    for on, site in materials.items():
        prepare_material(site, archive, transcripts, search=on)
    changed_slug = next(
        s for s in slugs if not re.search(r"[\u3000-\u9fff]", transcripts.cues[s][0][1])
    )
    for number in range(rounds):
        cache = work / "search-cache"
        shutil.rmtree(cache, ignore_errors=True)
        index["cold"].append(_index(work, archive, cues_file, showcase_site, cache, env))
        cues = json.loads(cues_file.read_text(encoding="utf-8"))
        cues[changed_slug][3][1] += f" A sentence changed in round {number}."
        cues_file.write_text(json.dumps(cues, ensure_ascii=False), encoding="utf-8")
        index["changed"].append(_index(work, archive, cues_file, showcase_site, cache, env))
        for on, site in materials.items():
            run_ = _build(site, env, "material" if on else "material without search")
            material_build["search" if on else "plain"].append(run_.wall)

    surname = _a_surname(archive)
    queries = {
        "a word of one transcript": transcripts.rare_word,
        "a common word": "latency",
        "a speaker's surname": surname,
        "a Chinese word": transcripts.cjk_word,
    }
    readings = {"showcase": Reading(), "material": Reading()}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for _ in range(rounds):
                with serve(showcase_site / "site") as url:
                    read_site(browser, url, SHOWCASE, queries, readings["showcase"])
                with serve(materials[True] / "site") as url:
                    read_site(browser, url, MATERIAL, queries, readings["material"])
        finally:
            browser.close()
    report(n, work, showcase_site, materials[True], index, material_build, queries, readings)


def _build(site: Path, env: dict[str, str], label: str) -> Any:
    cmd = [sys.executable, "-m", "mkdocs", "build", "-f", "mkdocs.yml", "-d", str(site / "site")]
    run_ = run_measured(cmd, env=env, cwd=site, log=site / "build.log", timeout=BUILD_TIMEOUT)
    if run_.code != 0:
        raise SystemExit(
            f"{label}: mkdocs build failed:\n{(site / 'build.log').read_text()[-3000:]}"
        )
    print(f"  built {label}: {run_.wall:.1f} s, {run_.peak_mb:.0f} MB")
    return run_


def _index(
    work: Path, archive: GeneratedArchive, cues: Path, site: Path, cache: Path, env: dict[str, str]
) -> dict[str, Any]:
    log = work / "index.log"
    cmd = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--index-worker",
        str(archive.root),
        str(cues),
        str(site / "site" / "search"),
        str(cache),
        archive.today.isoformat(),
    ]
    run_ = run_measured(cmd, env=env, cwd=work, log=log, timeout=BUILD_TIMEOUT)
    text = log.read_text(encoding="utf-8", errors="replace")
    if run_.code != 0:
        raise SystemExit(f"build_search failed:\n{text[-3000:]}")
    made = json.loads(text.strip().splitlines()[-1])
    made.update(wall=run_.wall)
    print(
        f"  build_search: {made['seconds']:.2f} s ({made['indexed']} of {made['shards']} "
        f"shards, {made['indexed_documents']} documents), process {run_.wall:.1f} s, "
        f"{made['peak_mb']:.0f} MB"
    )
    return made


def _a_surname(archive: GeneratedArchive) -> str:
    people = yaml.safe_load((archive.root / "people.yml").read_text(encoding="utf-8"))
    return str(next(iter(people.values()))["name"]).split()[-1]


def report(
    n: int,
    work: Path,
    showcase_site: Path,
    material_site: Path,
    index: dict[str, list[Any]],
    material_build: dict[str, list[float]],
    queries: dict[str, str],
    readings: dict[str, Reading],
) -> None:
    med = statistics.median
    ours, theirs = readings["showcase"], readings["material"]
    bundle = showcase_site / "site" / "search"
    bundle_mb = sum(p.stat().st_size for p in bundle.rglob("*") if p.is_file()) / 1e6
    shards = len(json.loads((bundle / "index.json").read_text(encoding="utf-8"))["shards"])
    material_mb = (material_site / "site" / "search" / "search_index.json").stat().st_size / 1e6
    rounds = len(ours.visit) // len(queries)
    print(f"\nSearch at {n} talks with 20-minute transcripts; medians of {rounds} rounds")
    print(f"  Showcase: {shards} shards, {bundle_mb:.1f} MB on disk")
    print(f"  Material: search_index.json {material_mb:.1f} MB")
    rows = [("first visit, home page (kB)", ours.visit, theirs.visit, f"<= {TARGET_VISIT_KB}")]
    rows += [
        (f"first query: {label} (kB)", ours.query[label], theirs.query[label], "<= 1000")
        for label in queries
    ]
    rows += [
        (f"results after typing: {label} (s)", ours.seconds[label], theirs.seconds[label],
         f"<= {TARGET_RESULTS_S}")
        for label in queries
    ]  # fmt: skip
    print(f"\n  {'':52} {'Showcase':>9} {'Material':>9} {'M / S':>7}  target")
    for name, a, b, target in rows:
        ratio = f"{med(b) / med(a):7.1f}" if med(a) and med(b) else f"{'-':>7}"
        print(f"  {name:52} {med(a):9.2f} {med(b):9.2f} {ratio}  {target}")
    whole = index["cold"]
    changed = index["changed"]
    with_search, without = med(material_build["search"]), med(material_build["plain"])
    print()
    print(f"  {'indexing, whole: build_search (s)':52} {med([r['seconds'] for r in whole]):9.2f}")
    print(f"  {'  its process, wall (s)':52} {med([r['wall'] for r in whole]):9.2f}")
    print(f"  {'  peak memory, with Pagefind (MB)':52} {med([r['peak_mb'] for r in whole]):9.0f}")
    print(
        f"  {'one talk changed: build_search (s)':52} {med([r['seconds'] for r in changed]):9.2f}"
    )
    print(f"  {'  its process, wall (s)':52} {med([r['wall'] for r in changed]):9.2f}")
    print(f"  {'  peak memory, with Pagefind (MB)':52} {med([r['peak_mb'] for r in changed]):9.0f}")
    print(f"  {'  shards indexed again':52} {changed[-1]['indexed']:9d} of {changed[-1]['shards']}")
    print(f"  {'Material: its search plugin in the build (s)':52} {with_search - without:9.2f}"
          f"  ({with_search:.1f} s with it, {without:.1f} s without)")  # fmt: skip
    print(f"\n  queries: {queries}")
    results = {
        "n": n,
        "queries": queries,
        "showcase": {
            "visit_kb": ours.visit,
            "query_kb": ours.query,
            "seconds": ours.seconds,
            "index": index,
            "shards": shards,
            "bundle_mb": bundle_mb,
        },
        "material": {
            "visit_kb": theirs.visit,
            "query_kb": theirs.query,
            "seconds": theirs.seconds,
            "build": material_build,
            "index_mb": material_mb,
        },
    }
    (work / "search-speed.json").write_text(json.dumps(results, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
