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

Nothing in the folder is trusted: a CI runner restores it from elsewhere, and anything may
have changed it since. ``entry.json`` records the SHA-256 of each derived file when the
entry is stored, and an entry is reused only when every file is still a regular file at
its place (no symbolic link on the way) with that digest; anything else is a miss, and
the entry is made again. A folder that cannot be used at all (a file, a link to nowhere,
read-only, full) is left alone: the build makes its files in a temporary folder instead,
and ``fault`` says why, for one warning.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import stat
import tempfile
import threading
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from showcase.faults import describe, fault_of
from showcase.plainfile import (
    Folders,
    digest_plain,
    file_digest,
    plain_folder,
    read_plain,
    remove_path,
)

MANIFEST = "manifest.json"
ENTRY = "entry.json"
FORMAT = 1
#: The format of ``entry.json``: 2 records each file's digest.
ENTRY_FORMAT = 2
_KEY = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True, slots=True)
class Entry:
    """One cached result: its folder, the derived files in it and the record kept with them."""

    key: str
    folder: Path
    files: tuple[str, ...]
    record: Mapping[str, Any]
    #: The SHA-256 of each file, as checked when the entry was found (or stored).
    digests: Mapping[str, str] = field(default_factory=dict)

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

    ``checked`` skips the first look at the folder (for worker processes, which are given
    the folder their build already uses).
    """

    def __init__(self, root: Path, *, checked: bool = False) -> None:
        self.root = root
        #: Why the folder given could not be used (this build then uses a temporary one).
        self.fault: str | None = None
        #: Entries produced by this build, and entries found from an earlier one.
        self.rendered = 0
        self.reused = 0
        self._lock = threading.Lock()
        self._key_locks: dict[str, threading.Lock] = {}
        self._used: dict[str, dict[str, Any]] = {}
        self._known_inputs: dict[str, list[Any]] = {}
        self._inputs: dict[str, list[Any]] = {}
        #: Entries checked by this build: each entry's files are hashed once per build.
        self._verified: dict[str, Entry] = {}
        #: Keys another process rendered for this build (counted as rendered, not reused).
        self._adopted: set[str] = set()
        self._folders = Folders()
        if not checked:
            problem = _unusable(root)
            if problem is not None:
                self._fall_back(problem)
                return
        self._real_root = os.path.realpath(self.root)
        self._read_manifest()

    # Inputs -------------------------------------------------------------------------

    def file_digest(self, path: Path) -> str:
        """The SHA-256 of a file, remembered by size and modification time between builds."""
        stat_result = path.stat()
        name = str(path.resolve())
        with self._lock:
            known = self._inputs.get(name) or self._known_inputs.get(name)
        if known and known[:2] == [stat_result.st_size, stat_result.st_mtime_ns]:
            digest = str(known[2])
        else:
            with path.open("rb") as handle:
                digest = file_digest(handle)
        with self._lock:
            self._inputs[name] = [stat_result.st_size, stat_result.st_mtime_ns, digest]
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
        """Whether a complete entry of ``key``, as it was stored, is in the folder."""
        return self._load(key) is not None

    def adopt(self, keys: Iterable[str]) -> None:
        """Count ``keys``, rendered into this folder by worker processes, as rendered."""
        with self._lock:
            self._adopted.update(keys)

    def folder(self, key: str) -> Path:
        return self.root / "entries" / key[:2] / key

    def _load(self, key: str) -> Entry | None:
        """The entry of ``key`` when every file of it is as it was stored; else None."""
        with self._lock:
            known = self._verified.get(key)
        if known is not None:
            return known
        folder = self.folder(key)
        place = os.path.join(self._real_root, "entries", key[:2], key)
        saved = read_plain(folder / ENTRY, os.path.join(place, ENTRY), self._folders)
        if saved is None:
            return None
        try:
            found = json.loads(saved)
            digests = found["files"]
            record = found["record"]
            files = tuple(sorted(digests))
        except (ValueError, KeyError, TypeError):
            return None
        if found.get("format") != ENTRY_FORMAT or not isinstance(record, dict):
            return None
        if not isinstance(digests, dict) or not all(_plain_name(name) for name in files):
            return None
        for name in files:
            real = os.path.join(place, *PurePosixPath(name).parts)
            if digest_plain(folder / name, real, self._folders) != digests[name]:
                return None  # changed, truncated, swapped or a link: make it again
        entry = Entry(key, folder, files, record, digests)
        with self._lock:
            self._verified[key] = entry
        return entry

    def _produce(self, key: str, produce: Callable[[Path], Mapping[str, Any]]) -> Entry:
        try:
            return self._produce_in_folder(key, produce)
        except OSError as exc:
            fault = fault_of(exc)
            if fault is None or self.fault is not None:
                raise
        # The folder filled up or turned read-only during the build: the rest of it
        # renders into a temporary folder. What is already stored stays valid.
        self._fall_back(f"{describe(fault)} while storing a rendering")
        return self._produce_in_folder(key, produce)

    def _produce_in_folder(self, key: str, produce: Callable[[Path], Mapping[str, Any]]) -> Entry:
        self.root.mkdir(parents=True, exist_ok=True)
        staging = plain_folder(self.root, "tmp") / f"{key}-{uuid.uuid4().hex}"
        staging.mkdir()
        try:
            record = dict(produce(staging))
            digests = _regular_files(staging)
            saved = {"format": ENTRY_FORMAT, "files": digests, "record": record}
            (staging / ENTRY).write_text(json.dumps(saved, sort_keys=True), encoding="utf-8")
            target = self.folder(key)
            plain_folder(self.root, f"entries/{key[:2]}")
            remove_path(target)  # an entry that failed ``_load``
            try:
                os.replace(staging, target)
            except OSError:
                if (entry := self._load(key)) is not None:
                    return entry  # another process finished the same key first
                raise
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        entry = Entry(key, target, tuple(sorted(digests)), record, digests)
        with self._lock:
            self._verified[key] = entry
        return entry

    def _fall_back(self, reason: str) -> None:
        """Use a temporary folder for the rest of this build (removed by ``prune``)."""
        self.fault = reason
        self.root = Path(tempfile.mkdtemp(prefix="showcase-cache-"))
        self._real_root = os.path.realpath(self.root)
        with self._lock:
            self._verified = {}

    # End of a build -----------------------------------------------------------------

    @property
    def used(self) -> int:
        return len(self._used)

    def prune(self) -> int:
        """Remove every entry this build did not use, then save the manifest.

        Returns the number of entries removed. A temporary folder (see ``fault``) is
        removed whole: call this only once the build has copied what it needs."""
        if self.fault is not None:
            shutil.rmtree(self.root, ignore_errors=True)
            return 0
        removed = 0
        entries = self.root / "entries"
        with self._lock:
            used = set(self._used)
        if entries.is_dir():
            for shard in entries.iterdir():
                if shard.is_symlink():
                    remove_path(shard)  # never followed: it could lead anywhere
                    continue
                if not (shard.is_dir() and re.fullmatch(r"[0-9a-f]{2}", shard.name)):
                    continue
                for folder in shard.iterdir():
                    if _KEY.match(folder.name) and folder.name not in used:
                        remove_path(folder)
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
        if self.fault is not None:
            return
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
        data = read_plain(self.root / MANIFEST, os.path.join(self._real_root, MANIFEST))
        try:
            manifest = json.loads(data) if data is not None else None
        except ValueError:
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


def _unusable(root: Path) -> str | None:
    """Why ``root`` cannot hold the cache, or None when a file could be stored in it."""
    if root.is_symlink() and not root.exists():
        return f"it is a symbolic link to `{os.readlink(root)}`, which does not exist"
    if root.exists() and not root.is_dir():
        return "it is a file, not a folder"
    probe = root / "tmp" / f"probe-{uuid.uuid4().hex}"
    try:
        root.mkdir(parents=True, exist_ok=True)
        plain_folder(root, "tmp")
        probe.write_bytes(b"probe")
    except OSError as exc:
        fault = fault_of(exc)
        return describe(fault) if fault is not None else f"{exc.strerror or exc}"
    finally:
        with contextlib.suppress(OSError):
            probe.unlink()
    return None


def _regular_files(folder: Path) -> dict[str, str]:
    """Each regular file under ``folder`` (relative POSIX path) with its SHA-256. Anything
    else a handler left there (a link, a pipe) is removed: it is not published."""
    digests = {}
    for path in sorted(folder.rglob("*")):
        mode = path.lstat().st_mode
        if stat.S_ISDIR(mode):
            continue
        if not stat.S_ISREG(mode):
            path.unlink()
            continue
        with path.open("rb") as handle:
            digests[path.relative_to(folder).as_posix()] = file_digest(handle)
    return digests


def _plain_name(name: Any) -> bool:
    """A relative POSIX path inside the entry's folder, not ``entry.json`` itself."""
    if not isinstance(name, str) or not name or name.startswith("/") or name == ENTRY:
        return False
    return all(part not in ("", ".", "..") for part in name.split("/"))
