"""What this process may do in parallel: how many CPUs it has, whether it may fork, and
``Deferred`` work that a forked process does meanwhile.

Rendering attachments and rendering pages both spread work over the CPUs. Forking is
the cheap way (a forked process starts at once and shares what is already loaded), but
it is only safe on Linux from a process with no other thread: a lock another thread
holds at the fork (``mkdocs serve`` runs several threads) would stay held for ever in
the child, and macOS' system libraries do not support forking without ``exec``.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import pickle
import signal
import sys
import threading
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


def usable_cpus(at_most: int) -> int:
    """CPUs this process may use, at most ``at_most`` (a CI runner may see a host's 64)."""
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        usable = os.cpu_count() or 1
    return max(1, min(usable, at_most))


def may_fork() -> bool:
    """Whether forking this process is safe (Linux, one thread)."""
    return (
        sys.platform == "linux"
        and "fork" in multiprocessing.get_all_start_methods()
        and threading.active_count() == 1
    )


class Deferred(Generic[T]):
    """Work whose result is needed later, done meanwhile by a forked process.

    Where this process may fork (``may_fork``, two CPUs or more), a child process starts
    the work at once and sends its result back, pickled, when ``result`` asks for it.
    Elsewhere, or if the child fails in any way, the work is done here: at ``settle`` (a
    moment when this process would wait anyway) or at ``result``. So the work's own
    errors are always raised here, as if it had run here.
    """

    def __init__(self, work: Callable[[], T], *, fork: bool = True) -> None:
        self._work = work
        self._done: tuple[T] | None = None
        self._child: tuple[int, int] | None = None  # its pid, the read end of its pipe
        if fork and may_fork() and usable_cpus(2) >= 2:
            self._start()

    @property
    def forked(self) -> bool:
        return self._child is not None

    def settle(self) -> None:
        """Do the work here now, unless a child process is doing it."""
        if self._child is None and self._done is None:
            self._done = (self._work(),)

    def result(self) -> T:
        """The work's result: the child's, else done here."""
        if self._done is None and self._child is not None:
            self._done = self._collect()
        if self._done is None:
            self._done = (self._work(),)
        return self._done[0]

    def discard(self) -> None:
        """Stop the child, if any, without waiting for its result."""
        if self._child is not None:
            pid, read = self._child
            self._child = None
            os.close(read)
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)

    def _start(self) -> None:
        try:
            read, write = os.pipe()
        except OSError:
            return
        try:
            pid = os.fork()
        except OSError:
            os.close(read)
            os.close(write)
            return
        if pid == 0:  # the child: nothing it does may return into the caller's code
            status = 1
            try:
                os.close(read)
                gc.disable()  # short-lived: no collection touching the pages it shares
                data = pickle.dumps(self._work(), protocol=pickle.HIGHEST_PROTOCOL)
                with os.fdopen(write, "wb") as out:
                    out.write(data)
                status = 0
            finally:
                os._exit(status)
        os.close(write)
        self._child = (pid, read)

    def _collect(self) -> tuple[T] | None:
        assert self._child is not None
        pid, read = self._child
        self._child = None
        try:
            with os.fdopen(read, "rb") as pipe:
                data = pipe.read()
            _, status = os.waitpid(pid, 0)
            if os.waitstatus_to_exitcode(status) != 0:
                return None
            return (pickle.loads(data),)
        except Exception:  # the work is done here instead
            return None
