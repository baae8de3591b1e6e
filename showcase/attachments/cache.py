"""Derived files kept between builds, each set stored under the digest of its inputs.

Layout of the cache folder (``.cache/showcase/`` beside ``mkdocs.yml`` by default)::

    manifest.json                 what the last build used: key -> source, kind, files;
                                  and the digest of each input file by size and mtime
    entries/ab/ab12...ef/         one entry per key: the derived files and entry.json
    tmp/                          entries being written (renamed into entries/ when done)

A key is the SHA-256 of everything that decides the output (the input file's digest, the
handler's kind and version, the options), so a changed input never finds a stale entry.
An entry is written to ``tmp/`` and renamed into place, so an entry that exists is
complete. Entries no build used are removed by ``prune()`` at the end of a build. The folder
is safe to delete at any time: everything in it is rebuilt on demand.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import threading
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MANIFEST = "manifest.json"
ENTRY = "entry.json"
FORMAT = 1
_KEY = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True, slots=True)
class Entry:
    """One cached result: its folder, the derived files in it and the record kept with them."""

    key: str
    folder: Path
    files: tuple[str, ...]
    record: Mapping[str, Any]

    def path(self, name: str) -> Path:
        return self.folder / name


def cache_key(*parts: Any) -> str:
    """A digest of JSON-serialisable ``parts``: equal parts, equal key."""
    text = json.dumps(parts, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class Cache:
    """A folder of derived files; one instance per build.

    Safe for threads of one build: a key is produced at most once at a time, and the
    manifest is only touched under a lock. Two processes sharing a folder at worst both
    produce an entry; the first to rename it into place wins.
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        #: Entries produced by this build, and entries found from an earlier one.
        self.rendered = 0
        self.reused = 0
        self._lock = threading.Lock()
        self._key_locks: dict[str, threading.Lock] = {}
        self._used: dict[str, dict[str, Any]] = {}
        self._known_inputs: dict[str, list[Any]] = {}
        self._inputs: dict[str, list[Any]] = {}
        #: Keys another process rendered for this build (counted as rendered, not reused).
        self._adopted: set[str] = set()
        self._read_manifest()

    # Inputs -------------------------------------------------------------------------

    def file_digest(self, path: Path) -> str:
        """The SHA-256 of a file, remembered by size and modification time between builds."""
        stat = path.stat()
        name = str(path.resolve())
        with self._lock:
            known = self._inputs.get(name) or self._known_inputs.get(name)
        if known and known[:2] == [stat.st_size, stat.st_mtime_ns]:
            digest = str(known[2])
        else:
            sha = hashlib.sha256()
            with path.open("rb") as handle:
                for block in iter(lambda: handle.read(1 << 20), b""):
                    sha.update(block)
            digest = sha.hexdigest()
        with self._lock:
            self._inputs[name] = [stat.st_size, stat.st_mtime_ns, digest]
        return digest

    # Entries ------------------------------------------------------------------------

    def get(
        self, key: str, produce: Callable[[Path], Mapping[str, Any]], *, label: str = ""
    ) -> Entry:
        """The entry of ``key``, produced now by ``produce(folder)`` if it is not cached.

        ``produce`` writes files into the empty folder it is given and returns a
        JSON-serialisable record to keep with them. If it raises, nothing is cached.
        """
        if not _KEY.match(key):
            raise ValueError(f"not a cache key: {key!r}")
        with self._lock:
            key_lock = self._key_locks.setdefault(key, threading.Lock())
        with key_lock:
            entry = self._load(key)
            if entry is None:
                entry = self._produce(key, produce)
                counted = "rendered"
            else:
                counted = "rendered" if key in self._adopted else "reused"
            with self._lock:
                if key not in self._used:
                    setattr(self, counted, getattr(self, counted) + 1)
                self._used[key] = {"label": label, "files": list(entry.files)}
            return entry

    def holds(self, key: str) -> bool:
        """Whether a complete entry of ``key`` is in the folder."""
        return self._load(key) is not None

    def adopt(self, keys: Iterable[str]) -> None:
        """Count ``keys``, rendered into this folder by worker processes, as rendered."""
        with self._lock:
            self._adopted.update(keys)

    def folder(self, key: str) -> Path:
        return self.root / "entries" / key[:2] / key

    def _load(self, key: str) -> Entry | None:
        folder = self.folder(key)
        try:
            saved = json.loads((folder / ENTRY).read_text(encoding="utf-8"))
            files = tuple(str(name) for name in saved["files"])
            record = saved["record"]
        except (OSError, ValueError, KeyError, TypeError):
            return None
        if saved.get("format") != FORMAT or not isinstance(record, dict):
            return None
        if not all((folder / name).is_file() for name in files):
            return None  # someone deleted part of the entry: make it again
        return Entry(key, folder, files, record)

    def _produce(self, key: str, produce: Callable[[Path], Mapping[str, Any]]) -> Entry:
        staging = self.root / "tmp" / f"{key}-{uuid.uuid4().hex}"
        staging.mkdir(parents=True)
        try:
            record = dict(produce(staging))
            files = tuple(
                sorted(p.relative_to(staging).as_posix() for p in staging.rglob("*") if p.is_file())
            )
            saved = {"format": FORMAT, "files": list(files), "record": record}
            (staging / ENTRY).write_text(json.dumps(saved, sort_keys=True), encoding="utf-8")
            target = self.folder(key)
            target.parent.mkdir(parents=True, exist_ok=True)
            if target.exists():
                shutil.rmtree(target, ignore_errors=True)  # incomplete: it failed _load
            try:
                os.replace(staging, target)
            except OSError:
                if (entry := self._load(key)) is not None:
                    return entry  # another process finished the same key first
                raise
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        return Entry(key, target, files, record)

    # End of a build -----------------------------------------------------------------

    @property
    def used(self) -> int:
        return len(self._used)

    def prune(self) -> int:
        """Remove every entry this build did not use, then save the manifest.

        Returns the number of entries removed."""
        removed = 0
        entries = self.root / "entries"
        with self._lock:
            used = set(self._used)
        if entries.is_dir():
            for shard in entries.iterdir():
                if not (shard.is_dir() and re.fullmatch(r"[0-9a-f]{2}", shard.name)):
                    continue
                for folder in shard.iterdir():
                    if _KEY.match(folder.name) and folder.name not in used:
                        shutil.rmtree(folder, ignore_errors=True)
                        removed += 1
                with contextlib.suppress(OSError):
                    shard.rmdir()  # only when empty
        shutil.rmtree(self.root / "tmp", ignore_errors=True)
        for partial in self.root.glob(f"{MANIFEST}.*.tmp"):
            partial.unlink(missing_ok=True)  # left by a build that was killed mid-write
        self.save()
        return removed

    def save(self) -> None:
        """Write the manifest: the entries this build used and the digests of its inputs."""
        with self._lock:
            manifest = {
                "format": FORMAT,
                "entries": dict(sorted(self._used.items())),
                "inputs": dict(sorted(self._inputs.items())),
            }
        partial = self.root / f"{MANIFEST}.{uuid.uuid4().hex}.tmp"
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            partial.write_text(json.dumps(manifest, indent=1, sort_keys=True), encoding="utf-8")
            os.replace(partial, self.root / MANIFEST)
        except OSError:
            # The manifest only saves hashing next time; the entries themselves are intact.
            partial.unlink(missing_ok=True)

    def _read_manifest(self) -> None:
        try:
            manifest = json.loads((self.root / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
            return
        inputs = manifest.get("inputs")
        if isinstance(inputs, dict):
            self._known_inputs = {
                str(name): value
                for name, value in inputs.items()
                if isinstance(value, list) and len(value) == 3
            }
