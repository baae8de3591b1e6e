"""Symbolic links in a content folder: the ones a build may follow, and a problem for each other.

Content arrives by pull request, and git stores a symbolic link as the path it points to,
so a talk folder can hold ``leak.txt -> /etc/passwd``. MkDocs copies every file under
``docs_dir`` and follows links, into folders too (``loop -> .`` it walks until the path is
too long). So every link under the content folder is looked at before anything is read:

- a link to a file inside the content folder is fine: git allows it, and the file is
  part of the content anyway;
- a link leading outside the content folder, one pointing nowhere, a chain of links that
  never ends, and a link to a folder (MkDocs would publish the folder again under the
  link's name, and without end for a folder that contains the link) are errors, each
  naming the link, and nothing behind them is read.

Hidden files and folders are looked at too: MkDocs walks them, though it publishes none.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from showcase.plainfile import Folders
from showcase.problems import Location, Problem, Severity


@dataclass(frozen=True, slots=True)
class LinkScan:
    """The links of a content folder that must not be followed, and why."""

    problems: tuple[Problem, ...] = ()
    #: Relative POSIX paths of the refused links: nothing at or under them is read.
    refused: frozenset[str] = frozenset()

    def blocks(self, relative: str) -> bool:
        """Whether reading ``relative`` would go through a refused link."""
        if not self.refused:
            return False
        parts = PurePosixPath(relative).parts
        return any("/".join(parts[: end + 1]) in self.refused for end in range(len(parts)))


def scan_links(root: Path) -> LinkScan:
    """Every symbolic link under ``root`` that a build must not follow, as problems.

    ``root`` itself may be a link (the site's own configuration names it); links below it
    are judged against the folder it leads to."""
    try:
        real_root = os.path.realpath(root, strict=True)
    except OSError:
        return LinkScan()  # the loader reports a missing content folder itself
    problems = []
    refused = set()
    for link, relative in _links(root, ""):
        message = _judge(link, real_root)
        if message is not None:
            problems.append(Problem(Location(relative), Severity.ERROR, message))
            refused.add(relative)
    return LinkScan(tuple(problems), frozenset(refused))


def inside(path: Path, root: Path, folders: Folders | None = None) -> Path | None:
    """``path`` with every link resolved, when that is a regular file inside ``root``;
    else None. For readers that open a file some time after the content was checked.
    ``folders``: the real paths of folders already resolved by this reader."""
    folders = folders or Folders()
    try:
        absolute = os.path.normpath(os.path.abspath(path))
        parent, name = os.path.split(absolute)
        if stat.S_ISLNK(os.lstat(absolute).st_mode):
            real = os.path.realpath(absolute, strict=True)
        else:
            real = os.path.join(folders.real(parent), name)
        real_root = folders.real(os.path.normpath(os.path.abspath(root)))
        mode = os.stat(real).st_mode
    except OSError:
        return None
    if not _within(real, real_root) or not stat.S_ISREG(mode):
        return None
    return Path(real)


def unsafe_files(root: Path, relatives: Iterable[str]) -> list[str]:
    """Those of the files at ``relatives`` under ``root`` that are not regular files inside
    ``root`` reached through no folder link: what a build must not publish. A second
    look, at the files MkDocs found by its own walk of the folder."""
    real_root = os.path.realpath(root)
    folders: dict[str, bool] = {}
    unsafe = []
    for relative in relatives:
        parent = PurePosixPath(relative).parent.as_posix()
        if parent not in folders:
            expected = os.path.normpath(os.path.join(real_root, parent))
            folders[parent] = os.path.realpath(root / parent) == expected
        if not (folders[parent] and _regular_inside(root / relative, root)):
            unsafe.append(relative)
    return unsafe


def _regular_inside(path: Path, root: Path) -> bool:
    try:
        mode = os.lstat(path).st_mode
    except OSError:
        return False
    return inside(path, root) is not None if stat.S_ISLNK(mode) else stat.S_ISREG(mode)


def _links(folder: Path, prefix: str) -> Iterator[tuple[Path, str]]:
    """Every link under ``folder`` (not followed), with its path relative to the root."""
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError:
        return  # unreadable: the loader says so where it reads
    for entry in entries:
        relative = f"{prefix}{entry.name}"
        if entry.is_symlink():
            yield Path(entry.path), relative
        elif entry.is_dir(follow_symlinks=False):
            yield from _links(Path(entry.path), f"{relative}/")


def _judge(link: Path, real_root: str) -> str | None:
    """Why ``link`` must not be followed, or None when it leads to a file inside the root."""
    try:
        written = os.readlink(link)
    except OSError as exc:
        return f"symbolic link that cannot be read ({exc.strerror})"
    try:
        target = os.path.realpath(link, strict=True)
    except OSError as exc:
        if _loops(exc):
            return (
                f"symbolic link to `{written}`, a chain of links that leads back to itself; "
                "put the file itself here instead"
            )
        return f"symbolic link to `{written}`, which does not exist"
    if not _within(target, real_root):
        return (
            f"symbolic link to `{written}`, outside the content folder: Showcase reads "
            "and publishes nothing outside it; put the file itself here instead"
        )
    try:
        mode = os.stat(target).st_mode
    except OSError as exc:
        return f"symbolic link to `{written}`, which cannot be read ({exc.strerror})"
    if stat.S_ISDIR(mode):
        if _within(str(link.parent.resolve()), target):
            return (
                f"symbolic link to `{written}`, a folder that holds the link itself: "
                "MkDocs would publish copies inside copies without end; remove the link"
            )
        return (
            f"symbolic link to the folder `{written}`: Showcase follows links only to files "
            "(MkDocs would publish the folder again under this name); link each file, or "
            "copy the folder"
        )
    if not stat.S_ISREG(mode):
        return f"symbolic link to `{written}`, which is not a regular file"
    return None


def _within(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def _loops(exc: OSError) -> bool:
    return exc.errno == errno.ELOOP
