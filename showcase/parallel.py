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
import ctypes
import gc
import multiprocessing
import os
import pickle
import select
import signal
import sys
import threading
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")
#: How long ``Deferred.result`` waits for a child before doing the work itself.
DEFERRED_TIMEOUT = 300.0


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


def die_with_parent(parent: int) -> None:
    """Make this process (a child of ``parent``) end when its parent ends, however the
    parent ends: a build stopped with SIGTERM or SIGKILL must not leave its worker
    processes running. Called first thing in each child. On Linux the kernel sends the
    child SIGKILL when the parent goes (``PR_SET_PDEATHSIG``); elsewhere nothing is done.
    """
    if sys.platform != "linux":
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # no libc to ask: the child lives as before
        return
    if os.getppid() != parent:  # the parent ended before the request was made
        os._exit(1)


def start_worker(parent: int) -> None:
    """What a forked worker process does first: end with ``parent`` (``die_with_parent``),
    and leave the objects it shares with its parent out of its garbage collections, which
    would write to every one of them and so copy, page by page, the parent's memory."""
    die_with_parent(parent)
    gc.freeze()


#: ``prctl``'s option that sets the signal a process gets when its parent ends.
_PR_SET_PDEATHSIG = 1


def _prctl() -> Callable[..., int] | None:
    if sys.platform != "linux":
        return None
    try:
        return ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None


#: Looked up once, here: a child between fork and exec must not load a library.
_PRCTL = _prctl()


def ends_with_thread() -> Callable[[], None] | None:
    """A ``preexec_fn`` for ``subprocess`` that makes the program it starts end when the
    thread that started it ends (Linux sends SIGKILL to a child when the thread that forked
    it ends, and with it the process), however the build ends; None where that cannot be
    asked. The function only calls ``prctl``, found beforehand: nothing in it takes a lock
    another thread could hold at the fork."""
    prctl = _PRCTL
    if prctl is None:
        return None

    def request() -> None:
        prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)

    return request


def fork_child(work: Callable[[], None]) -> int | None:
    """Fork a child that runs ``work`` and exits: status 0 if it returned, 1 if it raised.
    The child never returns into the caller's code, and ends if this process ends first.
    In the parent: the child's pid, or None when it could not be started."""
    parent = os.getpid()
    try:
        pid = os.fork()
    except OSError:
        return None
    if pid == 0:
        status = 1
        try:
            start_worker(parent)
            work()
            status = 0
        finally:
            os._exit(status)  # whatever ``work`` raised ends here, unprinted
    return pid


def stop_child(pid: int) -> None:
    """Kill a forked child and reap it (it may have ended, or been reaped, already)."""
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, 0)


class Deferred(Generic[T]):
    """Work whose result is needed later, done meanwhile by a forked process.

    Where this process may fork (``may_fork``, two CPUs or more), a child process starts
    the work at once and, when done, streams its result back through a pipe (pickled),
    which ``result`` reads. Elsewhere, or if the child fails in any way (it raised, died,
    or sent nothing within ``timeout`` seconds), the work is done here: at ``settle`` (a
    moment when this process would wait anyway) or at ``result``. So the work's own
    errors are always raised here, as if it had run here; ``note`` says why a child's
    result was not used.
    """

    def __init__(
        self, work: Callable[[], T], *, fork: bool = True, timeout: float = DEFERRED_TIMEOUT
    ) -> None:
        self._work = work
        self._timeout = timeout
        self._done: tuple[T] | None = None
        self._child: tuple[int, int] | None = None  # its pid, the read end of its pipe
        #: Why the work was done here after all, if a child failed at it.
        self.note: str | None = None
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
        """Stop the child, if any, and reap it, without waiting for its result."""
        if self._child is not None:
            pid, read = self._child
            self._child = None
            with contextlib.suppress(OSError):
                os.close(read)
            stop_child(pid)

    def _start(self) -> None:
        try:
            read, write = os.pipe()
        except OSError:
            return

        def send() -> None:  # in the child
            os.close(read)
            done = self._work()
            with os.fdopen(write, "wb") as out:
                pickle.dump(done, out, protocol=pickle.HIGHEST_PROTOCOL)

        pid = fork_child(send)
        os.close(write)
        if pid is None:
            os.close(read)
            return
        self._child = (pid, read)

    def _collect(self) -> tuple[T] | None:
        assert self._child is not None
        pid, read = self._child
        done: tuple[T] | None = None
        try:
            ready, _, _ = select.select([read], [], [], self._timeout)
            if ready:
                with os.fdopen(read, "rb", closefd=False) as pipe:
                    done = (pickle.load(pipe),)
            else:
                self.note = f"the second process sent nothing in {self._timeout:g} s"
        except Exception as exc:  # the work is done here instead
            self.note = f"the second process failed ({type(exc).__name__}: {exc})"
        if done is None:
            self.discard()
            return None
        self._child = None
        os.close(read)
        with contextlib.suppress(ChildProcessError):
            _, status = os.waitpid(pid, 0)
            if (code := os.waitstatus_to_exitcode(status)) != 0:
                self.note = f"the second process failed (exit status {code})"
                return None
        return done
