"""Faults of the machine a build runs on (a full disk, a read-only folder), told apart from
bugs and bad content, and said in one line.

A file system that refuses a write is not a problem of the attachment being rendered or of
the page being written, and a traceback does not help whoever has to free the space. The
build stops with one line that says what happened and where; the cache, which can do
without a folder, builds without it instead (``showcase.attachments.cache``).
"""

from __future__ import annotations

import errno

#: What the machine refused, by error number, in words for the person who runs the build.
FAULTS = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EFBIG: "a file is larger than this system allows",
    errno.EROFS: "the file system is read-only",
    errno.EACCES: "permission denied",
    errno.EPERM: "the operation is not permitted",
    errno.EIO: "the disk reported an input/output error",
}


def fault_of(error: BaseException) -> OSError | None:
    """The machine's fault behind ``error`` (itself, or what it was raised from), or None."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, OSError) and current.errno in FAULTS:
            return current
        current = current.__cause__ or current.__context__
    return None


def describe(fault: OSError) -> str:
    """One line: what the machine refused, and where."""
    what = FAULTS.get(fault.errno or 0) or fault.strerror or str(fault)
    # A copy names its source first: the file that could not be written is the second.
    path = fault.filename2 or fault.filename
    where = f" ({path})" if path else ""
    return f"{what}{where}"
