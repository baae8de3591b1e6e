"""The site folder of a build: written beside it, and put in its place only when the build
succeeds.

MkDocs empties ``site_dir`` early in a build, then writes into it; a build that fails later
(a crash in a plugin, a ``--strict`` abort, a full disk, a kill) would leave the site
empty, partial or half replaced. So the plugin points ``site_dir`` at a new folder beside
it (``.site.showcase-new-*``), and when the build has succeeded it swaps the two with
renames: the old site is renamed away (``.site.showcase-old-*``), the new one into its
place, then the old one is removed. Hidden entries of the old site (a ``.git`` of a deploy
checkout), which MkDocs never removes, move into the new one.

A lock file beside the site (``.site.showcase-lock``) keeps a second build from writing
into the same place at once; it is removed when the build lets go, and the operating
system lets go of it when a build is killed. Whatever a killed build left beside the site
is cleaned up by the next build: new folders are removed, and an old site that a kill
caught between the two renames is put back.

A site folder that cannot be renamed (a mount point, as a container's volume) has its
content replaced in place instead, which is not atomic.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import sys
import uuid
from pathlib import Path

NEW = "showcase-new-"
OLD = "showcase-old-"
LOCK = "showcase-lock"


class SiteBusy(Exception):
    """Another build holds the lock of the site folder."""


class StagedSite:
    """One build's new site folder beside the site, and the lock on the site.

    ``begin`` takes the lock, cleans what killed builds left, and makes the new folder;
    then exactly one of ``publish`` (the build succeeded) or ``abandon``."""

    def __init__(self, target: Path, lock: _Lock, folder: Path) -> None:
        self.target = target
        self.folder = folder
        self._lock = lock

    @classmethod
    def begin(cls, site_dir: str) -> StagedSite:
        """Lock the site at ``site_dir`` and make its new folder beside it.

        Raises ``SiteBusy`` when another build holds the lock, ``OSError`` when the
        folder beside the site cannot be written."""
        # A site folder that is a link (to where a web server serves from) keeps its
        # link: the folder it leads to is the one replaced.
        target = Path(os.path.realpath(site_dir))
        target.parent.mkdir(parents=True, exist_ok=True)
        _check_replaceable(target)
        lock = _Lock(_beside(target, LOCK))
        if not lock.acquire():
            raise SiteBusy(str(lock.path))
        try:
            _clean_after_kills(target)
            folder = _beside(target, f"{NEW}{uuid.uuid4().hex[:12]}")
            folder.mkdir()
        except BaseException:
            lock.release()
            raise
        return cls(target, lock, folder)

    def publish(self) -> None:
        """Put the new site in the place of the old one, and let go of the lock."""
        try:
            try:
                _swap(self.folder, self.target)
            except OSError as exc:
                if exc.errno not in (errno.EBUSY, errno.EXDEV):
                    raise
                _replace_content(self.folder, self.target)  # a mount point
        finally:
            self.abandon()

    def abandon(self) -> None:
        """Remove the new folder (if it is still there), and let go of the lock."""
        shutil.rmtree(self.folder, ignore_errors=True)
        self._lock.release()


def _check_replaceable(target: Path) -> None:
    """Raise ``OSError`` now, before the build, when the site there cannot be replaced."""
    for folder in (target.parent, target):
        if os.path.isdir(folder) and not os.access(folder, os.W_OK):
            read_only = hasattr(os, "statvfs") and os.statvfs(folder).f_flag & os.ST_RDONLY
            code = errno.EROFS if read_only else errno.EACCES
            raise OSError(code, os.strerror(code), str(folder))


def _beside(target: Path, what: str) -> Path:
    return target.parent / f".{target.name}.{what}"


def _swap(new: Path, target: Path) -> None:
    if not os.path.lexists(target):
        os.rename(new, target)
        return
    old = _beside(target, f"{OLD}{uuid.uuid4().hex[:12]}")
    os.rename(target, old)
    try:
        os.rename(new, target)
    except OSError:
        os.rename(old, target)
        raise
    _keep_hidden(old, target)
    _remove(old)


def _replace_content(new: Path, target: Path) -> None:
    """Empty ``target`` as MkDocs does (hidden entries stay), then move ``new``'s in."""
    for entry in os.scandir(target):
        if not entry.name.startswith("."):
            _remove(Path(entry.path))
    for entry in os.scandir(new):
        destination = target / entry.name
        if not os.path.lexists(destination):
            shutil.move(entry.path, destination)


def _keep_hidden(old: Path, new: Path) -> None:
    """Move the hidden entries of the old site that the new one lacks into it."""
    if not old.is_dir() or old.is_symlink():
        return
    for entry in os.scandir(old):
        if entry.name.startswith(".") and not os.path.lexists(new / entry.name):
            with contextlib.suppress(OSError):
                os.rename(entry.path, new / entry.name)


def _clean_after_kills(target: Path) -> None:
    """Remove what killed builds left beside ``target``; put back an old site that a kill
    caught between the two renames of a swap."""
    prefix = f".{target.name}."
    for entry in sorted(os.scandir(target.parent), key=lambda found: found.name):
        if not entry.name.startswith(prefix):
            continue
        rest = entry.name[len(prefix) :]
        path = Path(entry.path)
        if rest.startswith(NEW):
            _remove(path)
        elif rest.startswith(OLD):
            if not os.path.lexists(target):
                os.rename(path, target)
            else:
                _keep_hidden(path, target)
                _remove(path)


def _remove(path: Path) -> None:
    if path.is_symlink() or not path.is_dir():
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
    else:
        shutil.rmtree(path, ignore_errors=True)


class _Lock:
    """An exclusive lock on a file, not waited for; the file is removed when let go.

    The operating system's lock (``flock``) ends with the process, so a killed build
    never leaves the site locked. A build that took the lock just as the build before
    removed the file would hold a lock on a file no one else sees: it checks that the
    file it locked is still the one at the path, and tries again if not."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    def acquire(self) -> bool:
        while True:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
            if not _try_lock(fd):
                os.close(fd)
                return False
            try:
                current = os.stat(self.path)
            except FileNotFoundError:
                current = None
            if current is not None and os.path.samestat(current, os.fstat(fd)):
                self._fd = fd
                return True
            os.close(fd)

    def release(self) -> None:
        if self._fd is None:
            return
        if sys.platform != "win32":  # Windows cannot remove a file that is open
            with contextlib.suppress(OSError):
                self.path.unlink()
        os.close(self._fd)
        self._fd = None


if sys.platform == "win32":
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True
