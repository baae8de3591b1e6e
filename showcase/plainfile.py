"""Files read from a folder nobody vouches for (a cache a CI runner restored), opened only
when they are regular files at their own place: no symbolic link on the way, no pipe or
device behind the name."""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import shutil
import stat
from pathlib import Path

_BLOCK = 1 << 20


class Folders:
    """The real path of each folder, resolved once (one ``lstat`` for a folder not seen
    before, its parent's real path from memory), for a build that reads thousands of
    files in a few hundred folders. Folders changed into links while it is in use are not
    seen: make one per build."""

    def __init__(self) -> None:
        self._real: dict[str, str] = {}

    def real(self, folder: str) -> str:
        found = self._real.get(folder)
        if found is None:
            parent, name = os.path.split(folder)
            if not name or not parent or parent == folder:
                found = os.path.realpath(folder)
            else:
                try:
                    link = stat.S_ISLNK(os.lstat(folder).st_mode)
                except OSError:
                    link = True
                if link:  # or not there (yet): resolved each time, never remembered
                    return os.path.realpath(folder)
                found = os.path.join(self.real(parent), name)
            self._real[folder] = found
        return found


def _resolves_to(path: Path, real: str, folders: Folders | None) -> bool:
    folders = folders or Folders()
    # The last part is opened without following a link: only its folder is resolved.
    folder, name = os.path.split(os.path.normpath(os.path.abspath(path)))
    real_folder, real_name = os.path.split(real)
    return name == real_name and folders.real(folder) == real_folder


def open_plain(path: Path, real: str, folders: Folders | None = None) -> io.BufferedReader | None:
    """``path`` opened for reading when it resolves to ``real`` (the path it must have with
    every folder resolved) and is a regular file; else None. ``folders``: the real paths
    of folders already resolved in this build."""
    try:
        if not _resolves_to(path, real, folders):
            return None  # a link somewhere on the way
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    try:
        regular = stat.S_ISREG(os.fstat(fd).st_mode)
    except OSError:
        regular = False
    if not regular:
        os.close(fd)
        return None
    return os.fdopen(fd, "rb")


def read_plain(path: Path, real: str, folders: Folders | None = None) -> bytes | None:
    """The bytes of ``path`` (see ``open_plain``), or None."""
    handle = open_plain(path, real, folders)
    if handle is None:
        return None
    with handle:
        return handle.read()


def digest_plain(path: Path, real: str, folders: Folders | None = None) -> str | None:
    """The SHA-256 of ``path`` (see ``open_plain``), or None."""
    handle = open_plain(path, real, folders)
    if handle is None:
        return None
    with handle:
        return file_digest(handle)


def file_digest(handle: io.BufferedIOBase) -> str:
    """The SHA-256 of what is left to read from ``handle``."""
    sha = hashlib.sha256()
    for block in iter(lambda: handle.read(_BLOCK), b""):
        sha.update(block)
    return sha.hexdigest()


def plain_folder(base: Path, relative: str) -> Path:
    """``base/relative`` made a folder whose every part under ``base`` is a real folder:
    a link or a file in the place of one is removed first, so that nothing is written
    where a link leads. ``base`` itself (the folder a person configured) may be a link."""
    path = base
    for part in relative.split("/"):
        path = path / part
        if path.is_symlink() or (path.exists() and not path.is_dir()):
            path.unlink()
        path.mkdir(exist_ok=True)
    return path


def remove_path(path: Path) -> None:
    """Remove ``path`` whatever it is; a link is removed, not followed."""
    if path.is_symlink() or path.is_file():
        with contextlib.suppress(OSError):
            path.unlink()
    elif path.exists():
        shutil.rmtree(path, ignore_errors=True)
