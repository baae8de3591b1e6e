"""Records kept between builds, each under the digest of everything that shapes it.

A build stores what was expensive to make (a page's converted writing, a page as the
theme finished it) under a key that changes whenever anything that shaped it changes,
and a later build with the same key takes it back instead of making it again.

The folder may come from anywhere (CI restores it from an earlier run), so nothing read
back is trusted: a record starts with a line holding the format, its key and the SHA-256
of the rest, and is taken back only when that line matches, it is a regular file at its
own place (no symbolic link on the way), and the caller finds the fields it expects.
Anything else is a miss. Records no build used are removed after a grace period, and a
whole namespace (one per build fingerprint) no build used for ``KEEP_DAYS`` goes too.

A process that builds again and again (``mkdocs serve``) may also keep what the last
build read or stored in memory (``Recall``): a record is only ever stored under the digest
of what made it, so the one in memory is the one on disk, and reading it back again on
every save would only cost time.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from showcase.plainfile import (
    Folders,
    digest_plain,
    open_plain,
    plain_folder,
    read_plain,
    remove_path,
)

#: The first word of a record's first line, then the format, the key and the digest.
MAGIC = "showcase-page"
#: The field of a record that holds the SHA-256 of the file stored with it (``store``).
BLOB = "blob"
_KEY = re.compile(r"^[0-9a-f]{64}\.(?:json|blob)$")


def encode_record(key: str, record: Mapping[str, Any], fmt: int) -> bytes:
    """A stored record: a line with the format, ``key`` and the SHA-256 of the rest, then
    the record as JSON."""
    payload = json.dumps({"format": fmt, **record}).encode("utf-8")
    digest = hashlib.sha256(payload).hexdigest()
    return f"{MAGIC} {fmt} {key} {digest}\n".encode() + payload


def decode_record(key: str, data: bytes, fmt: int) -> dict[str, Any] | None:
    """The record ``encode_record`` stored under ``key``, or None when ``data`` is not
    exactly that (truncated, changed, stored under another key or in another format)."""
    head, newline, payload = data.partition(b"\n")
    if not newline:
        return None
    digest = hashlib.sha256(payload).hexdigest()
    if head != f"{MAGIC} {fmt} {key} {digest}".encode():
        return None
    try:
        saved = json.loads(payload)
    except ValueError:
        return None
    return saved if isinstance(saved, dict) and saved.get("format") == fmt else None


def from_memory(store: PageStore) -> str:
    """What a build's line about ``store`` adds when some records came from memory."""
    return f" ({store.recalled} from memory)" if store.recalled else ""


class Recall:
    """The records of each store that the last build used, kept in memory for the next
    build of the same process (``mkdocs serve``). Records are given back as they were
    read: callers take fields from them and change none."""

    def __init__(self) -> None:
        self._folders: dict[str, dict[str, dict[str, Any]]] = {}
        #: The folders of the stores opened since the last ``settle``.
        self._opened: set[str] = set()

    def open(self, folder: str) -> None:
        self._opened.add(folder)

    def settle(self) -> None:
        """At the end of a build: forget the folders no store of this build opened (a
        namespace the edited configuration no longer uses)."""
        self._folders = {f: r for f, r in self._folders.items() if f in self._opened}
        self._opened = set()

    def get(self, folder: str, key: str) -> dict[str, Any] | None:
        return self._folders.get(folder, {}).get(key)

    def put(self, folder: str, key: str, record: dict[str, Any]) -> None:
        self._folders.setdefault(folder, {})[key] = record

    def forget(self, folder: str, key: str) -> None:
        self._folders.get(folder, {}).pop(key, None)

    def keep_only(self, folder: str, keys: set[str]) -> None:
        """Forget the records of ``folder`` not under ``keys`` (those the build used)."""
        records = self._folders.get(folder)
        if records is not None:
            self._folders[folder] = {key: records[key] for key in keys if key in records}

    def __len__(self) -> int:
        return sum(map(len, self._folders.values()))


@dataclass(frozen=True, slots=True)
class StoredFile:
    """A file kept beside a record (``PageStore.store``'s ``blob``), found as it was stored
    (``PageStore.load_file``). Whatever may happen to it after that (the cache folder is
    not the build's alone), it is read or copied only as it was stored: opened without
    following a link, and checked against its digest again."""

    path: Path
    #: The path ``path`` must have with every folder resolved.
    real: str
    digest: str
    folders: Folders

    def read(self) -> bytes | None:
        """Its bytes, or None when it is no longer as it was stored."""
        data = read_plain(self.path, self.real, self.folders)
        if data is None or hashlib.sha256(data).hexdigest() != self.digest:
            return None
        return data

    def copy_to(self, target: str) -> bool:
        """Write it to ``target`` as a new file: whatever is there is removed first, never
        written through (a link left by an earlier build). Checked as it is copied: False,
        and nothing left at ``target``, when it is no longer as it was stored."""
        source = open_plain(self.path, self.real, self.folders)
        if source is None:
            return False
        with contextlib.suppress(FileNotFoundError):
            os.unlink(target)
        sha = hashlib.sha256()
        try:
            with source, open(target, "xb") as out:
                for block in iter(lambda: source.read(1 << 20), b""):
                    sha.update(block)
                    out.write(block)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(target)
            raise
        if sha.hexdigest() != self.digest:
            os.unlink(target)
            return False
        return True


class PageStore:
    """Records under ``root/NAMESPACE``: one namespace per build fingerprint, so that builds
    with other settings (``mkdocs serve`` sets its own ``site_url``) do not evict each
    other's records."""

    GRACE_SECONDS = 600
    KEEP_DAYS = 14
    STAMP = "last-used"

    def __init__(
        self, root: Path, namespace: str, fmt: int, *, recall: Recall | None = None
    ) -> None:
        self.root = root
        self.folder = root / namespace[:16]
        self.fmt = fmt
        self.reused = 0
        self.stored = 0
        #: Of those reused, how many were read from ``recall``, not from the disk.
        self.recalled = 0
        self._used: set[str] = set()
        # The configured cache folder may be a link; nothing in it may (``plain_folder``).
        self._real_folder = os.path.join(os.path.realpath(root.parent), root.name, namespace[:16])
        self._folders = Folders()
        self._recall = recall
        if recall is not None:
            recall.open(self._real_folder)

    def prepare(self) -> None:
        """Make the store's folder, with no link in it; ``OSError`` if it cannot be."""
        plain_folder(self.root.parent, f"{self.root.name}/{self.folder.name}")
        # Used now: a build of other settings does not remove it as long unused.
        _touch(self.folder / self.STAMP)

    @classmethod
    def opened(
        cls, root: Path, namespace: str, fmt: int, *, recall: Recall | None = None
    ) -> PageStore | None:
        """The store at ``root``, its folder made (``prepare``), or None when it cannot
        be: the build then makes what it would have kept."""
        store = cls(root, namespace, fmt, recall=recall)
        try:
            store.prepare()
        except OSError:
            return None
        return store

    def load(
        self,
        key: str,
        *,
        count: bool = True,
        check: Callable[[dict[str, Any]], bool] | None = None,
    ) -> dict[str, Any] | None:
        """The record stored under ``key``, exactly as it was stored, or None; with
        ``count`` false, a record read again is not counted as reused again. A record
        that ``check`` refuses is a miss too."""
        path = self._path(key)
        saved = self._recalled(key, path)
        recalled = saved is not None
        if saved is None:
            real = os.path.join(self._real_folder, key[:2], path.name)
            data = read_plain(path, real, self._folders)
            saved = decode_record(key, data, self.fmt) if data is not None else None
            if saved is None:
                return None
            if self._recall is not None:
                self._recall.put(self._real_folder, key, saved)
            with contextlib.suppress(OSError):
                os.utime(path)  # used now: not pruned by a build running beside this one
        if check is not None and not check(saved):
            return None
        self._used.add(key)
        self.reused += count
        self.recalled += count and recalled
        return saved

    def load_file(self, key: str) -> StoredFile | None:
        """The file stored under ``key`` (``store``'s ``blob``), when it is there as it
        was stored: a regular file at its own place (no link on the way) whose SHA-256
        its record holds; else None. It is read or copied only through ``StoredFile``,
        which checks it again as it does."""
        found: list[StoredFile] = []

        def stored_as_recorded(saved: dict[str, Any]) -> bool:
            expected = saved.get(BLOB)
            path = self._blob_path(key)
            real = os.path.join(self._real_folder, key[:2], path.name)
            if isinstance(expected, str) and digest_plain(path, real, self._folders) == expected:
                found.append(StoredFile(path, real, expected, self._folders))
                with contextlib.suppress(OSError):
                    os.utime(path)  # as its record: not pruned by a build running beside
            return bool(found)

        return found[0] if self.load(key, check=stored_as_recorded) is not None else None

    def _recalled(self, key: str, path: Path) -> dict[str, Any] | None:
        """The record ``recall`` keeps under ``key``, while its file is still there
        (removing the cache folder while serving makes everything again)."""
        recall = self._recall
        saved = recall.get(self._real_folder, key) if recall is not None else None
        if recall is None or saved is None:
            return None
        try:
            os.utime(path)  # as `load` does
        except FileNotFoundError:
            recall.forget(self._real_folder, key)
            return None
        except OSError:
            pass
        return saved

    def store(self, key: str, record: Mapping[str, Any], *, blob: bytes | None = None) -> bool:
        """Keep ``record`` under ``key``, and ``blob`` as a file beside it (``load_file``
        finds it, a file to copy whole: a finished page); whether it was kept (a record
        that cannot be written is only made again next time)."""
        path = self._path(key)
        if blob is not None:
            record = {**record, BLOB: hashlib.sha256(blob).hexdigest()}
        data = encode_record(key, record, self.fmt)
        with contextlib.suppress(OSError):
            plain_folder(self.root.parent, f"{self.root.name}/{self.folder.name}/{key[:2]}")
            for target, content in ((self._blob_path(key), blob), (path, data)):
                if content is None:
                    continue
                partial = target.with_name(f"{target.name}.{uuid.uuid4().hex}.tmp")
                partial.write_bytes(content)
                if target.is_dir() and not target.is_symlink():
                    remove_path(target)  # a folder in its place (a cache from elsewhere)
                os.replace(partial, target)
            self._used.add(key)
            self.stored += 1
            if self._recall is not None:  # as `load` would read it back
                self._recall.put(self._real_folder, key, json.loads(data.partition(b"\n")[2]))
            return True
        return False

    def keep(self, key: str) -> None:
        """Count ``key`` as used by this build, though it was not read (not pruned)."""
        self._used.add(key)

    def prune(self) -> int:
        """Remove the records no build needs any more; returns how many."""
        removed = 0
        now = time.time()
        if self._recall is not None:
            self._recall.keep_only(self._real_folder, self._used)
        if self.folder.is_dir():
            for path in self.folder.glob("*/*"):
                if path.name[:-5] in self._used and _KEY.match(path.name):
                    continue
                with contextlib.suppress(OSError):
                    if now - path.stat().st_mtime > self.GRACE_SECONDS:
                        remove_path(path)
                        removed += 1
            _touch(self.folder / self.STAMP)
        if self.root.is_dir():
            for other in self.root.iterdir():
                if other == self.folder or other.is_symlink() or not other.is_dir():
                    continue
                stamp = other / self.STAMP
                last = stamp.stat().st_mtime if stamp.exists() else other.stat().st_mtime
                if now - last > self.KEEP_DAYS * 86400:
                    removed += sum(1 for _ in other.glob("*/*.json"))
                    shutil.rmtree(other, ignore_errors=True)
        return removed

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def _blob_path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.blob"


def _touch(path: Path) -> None:
    """Mark ``path`` used now, made if missing; a link there is not followed (a cache
    folder from elsewhere may hold one), and a file that cannot be touched is left."""
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o644)
        try:
            os.utime(fd)
        finally:
            os.close(fd)
