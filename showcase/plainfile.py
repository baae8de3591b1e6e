"""Files read from a folder nobody vouches for (a cache a CI runner restored), opened only
when they are regular files at their own place: no symbolic link on the way, no pipe or
device behind the name."""

from __future__ import annotations

import hashlib
import io
import os
import stat
from pathlib import Path

_BLOCK = 1 << 20


def open_plain(path: Path, real: str) -> io.BufferedReader | None:
    """``path`` opened for reading when it resolves to ``real`` (the path it must have with
    every folder resolved) and is a regular file; else None."""
    try:
        if os.path.realpath(path) != real:
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


def read_plain(path: Path, real: str) -> bytes | None:
    """The bytes of ``path`` (see ``open_plain``), or None."""
    handle = open_plain(path, real)
    if handle is None:
        return None
    with handle:
        return handle.read()


def digest_plain(path: Path, real: str) -> str | None:
    """The SHA-256 of ``path`` (see ``open_plain``), or None."""
    handle = open_plain(path, real)
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
