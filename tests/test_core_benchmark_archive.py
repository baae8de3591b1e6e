"""The benchmark archive generator: clean content, the counts it reports, and determinism."""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

from showcase import load_archive

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.archive import generate_archive


def digest(root: Path) -> str:
    """One hash of every file's path and bytes under ``root``."""
    sha = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        sha.update(path.relative_to(root).as_posix().encode())
        sha.update(path.read_bytes())
    return sha.hexdigest()


def test_generated_archive_is_clean_and_counted(tmp_path: Path) -> None:
    archive = generate_archive(tmp_path / "content", 120, seed=7)

    result = load_archive(archive.root, today=archive.today, include_drafts=True)

    assert [str(p) for p in result.problems] == []
    loaded = result.archive
    assert (len(loaded.talks), len(loaded.events), len(loaded.people)) == (
        archive.talks,
        archive.events,
        archive.people,
    )
    assert (archive.talks, archive.people) == (120, 12)
    assert len(loaded.proposed_talks) == archive.proposed > 0
    assert result.drafts == archive.drafts
    assert loaded.upcoming_events and loaded.past_events
    assert any(t.slides for t in loaded.talks.values())
    assert any("```" in t.body and "| Step |" in t.body for t in loaded.talks.values())


def test_same_seed_gives_the_same_archive(tmp_path: Path) -> None:
    first = generate_archive(tmp_path / "a", 40, seed=3)
    second = generate_archive(tmp_path / "b", 40, seed=3)
    other = generate_archive(tmp_path / "c", 40, seed=4)

    assert digest(first.root) == digest(second.root)
    assert digest(first.root) != digest(other.root)
