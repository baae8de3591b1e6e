"""``showcase.parallel.Deferred``: work a forked process does meanwhile, else done here."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
import time

import processkit
import pytest

from showcase import parallel
from showcase.parallel import Deferred, usable_cpus

needs_fork = pytest.mark.skipif(
    usable_cpus(2) < 2 or sys.platform != "linux", reason="Deferred forks only on Linux, 2+ CPUs"
)


@pytest.fixture
def forking(monkeypatch: pytest.MonkeyPatch) -> None:
    """Forking allowed although the test session has threads of its own (the pool that
    starts test builds, each in a process of its own): the child only runs ``Work`` and
    never needs them. The last test keeps ``may_fork`` as it is."""
    monkeypatch.setattr(parallel, "may_fork", lambda: True)


class Work:
    """Counts the calls made in this process; returns the pid that did the work."""

    def __init__(self, action: str = "") -> None:
        self.calls = 0
        self.action = action
        self.parent = os.getpid()

    def __call__(self) -> dict[str, object]:
        in_child = os.getpid() != self.parent
        if not in_child:
            self.calls += 1
        if self.action == "raise":
            raise ValueError("the work's own error")
        if self.action == "die" and in_child:
            os._exit(3)
        if self.action == "sleep" and in_child:
            time.sleep(60)
        return {"pid": os.getpid(), "payload": b"x" * 300_000}  # more than a pipe holds


@needs_fork
@pytest.mark.usefixtures("forking")
def test_a_child_does_the_work_and_sends_back_its_result() -> None:
    work = Work()
    deferred = Deferred(work)
    assert deferred.forked
    deferred.settle()  # the child is on it: nothing to do here
    result = deferred.result()
    assert result["pid"] != os.getpid() and len(result["payload"]) == 300_000  # type: ignore[arg-type]
    assert work.calls == 0
    assert deferred.result() is result, "asked twice, done once"


@needs_fork
@pytest.mark.usefixtures("forking")
@pytest.mark.parametrize("action", ["die", "raise"])
def test_a_failing_child_leaves_the_work_to_this_process(action: str) -> None:
    work = Work(action)
    deferred = Deferred(work)
    assert deferred.forked
    if action == "raise":
        with pytest.raises(ValueError, match="own error"):
            deferred.result()  # raised here, as if the work had run here
    else:
        assert deferred.result()["pid"] == os.getpid()
    assert work.calls == 1
    assert deferred.note is not None and deferred.note.startswith("the second process failed")


@needs_fork
@pytest.mark.usefixtures("forking")
def test_a_discarded_child_is_stopped_at_once() -> None:
    work = Work("sleep")
    deferred = Deferred(work)
    assert deferred._child is not None
    pid = deferred._child[0]
    started = time.monotonic()
    deferred.discard()
    assert time.monotonic() - started < 30 and not deferred.forked
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # reaped
    assert deferred.result()["pid"] == os.getpid()


def test_without_fork_the_work_is_done_here_once() -> None:
    work = Work()
    deferred = Deferred(work, fork=False)
    assert not deferred.forked
    deferred.settle()
    assert work.calls == 1
    assert deferred.result()["pid"] == os.getpid() and work.calls == 1


def test_a_process_with_threads_never_forks() -> None:
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        work = Work()
        deferred = Deferred(work)
        assert not deferred.forked
        assert deferred.result()["pid"] == os.getpid() and work.calls == 1
    finally:
        stop.set()
        thread.join()


@needs_fork
@pytest.mark.usefixtures("forking")
def test_a_child_that_sends_nothing_in_time_is_stopped_and_the_work_done_here() -> None:
    work = Work("sleep")
    deferred = Deferred(work, timeout=0.5)
    assert deferred._child is not None
    pid = deferred._child[0]
    assert deferred.result()["pid"] == os.getpid() and work.calls == 1
    assert deferred.note == "the second process sent nothing in 0.5 s"
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # reaped


_ORPHAN = """
import os, sys, time
from showcase import parallel
parallel.may_fork = lambda: True  # this script has one thread: forking is safe

def work():
    print(os.getpid(), flush=True)
    time.sleep(600)

deferred = parallel.Deferred(work)
assert deferred.forked
time.sleep(600)
"""


@needs_fork
@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGKILL], ids=["sigterm", "sigkill"])
def test_a_child_does_not_outlive_its_parent_killed(how: signal.Signals) -> None:
    parent = subprocess.Popen(
        [sys.executable, "-c", _ORPHAN], stdout=subprocess.PIPE, text=True, start_new_session=True
    )
    try:
        assert parent.stdout is not None
        child = int(parent.stdout.readline())
        assert processkit.running(child)
        parent.send_signal(how)
        parent.wait()
        assert processkit.still_running({child}) == set()
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(parent.pid, signal.SIGKILL)
        parent.wait()
