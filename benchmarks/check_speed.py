"""How fast ``load_archive`` reads and checks a realistic archive.

    python benchmarks/check_speed.py            # 1000 talks
    python benchmarks/check_speed.py --n 5000

The archive is generated into a temporary folder (deterministic for a seed), then loaded
a few times; the best wall time counts, so that a cold file cache or a busy machine does
not decide the figure.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.archive import GeneratedArchive, generate_archive
from showcase import LoadResult, load_archive


def time_load(archive: GeneratedArchive, repeat: int) -> tuple[float, LoadResult]:
    """The best wall time of ``repeat`` loads, and the last result."""
    best = float("inf")
    result: LoadResult | None = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = load_archive(archive.root, today=archive.today)
        best = min(best, time.perf_counter() - start)
    assert result is not None
    return best, result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000, help="talks to generate (default 1000)")
    parser.add_argument("--seed", type=int, default=0, help="generator seed (default 0)")
    parser.add_argument("--repeat", type=int, default=3, help="loads to time (default 3)")
    args = parser.parse_args(argv)
    if args.n < 1 or args.repeat < 1:
        parser.error("--n and --repeat must be at least 1")

    with tempfile.TemporaryDirectory(prefix="showcase-bench-") as tmp:
        started = time.perf_counter()
        archive = generate_archive(Path(tmp) / "content", args.n, args.seed)
        generated = time.perf_counter() - started
        print(
            f"generated {archive.talks} talks, {archive.events} events, "
            f"{archive.people} people in {generated:.2f} s"
        )
        seconds, result = time_load(archive, args.repeat)

    errors, warnings = len(result.errors), len(result.warnings)
    print(
        f"load_archive: {seconds:.3f} s (best of {args.repeat}), "
        f"{archive.talks / seconds:,.0f} talks/s, {errors} errors, {warnings} warnings"
    )
    if errors:
        # The generated archive is meant to be clean; problems would skew the figure.
        for problem in result.errors[:10]:
            print(f"  {problem}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
