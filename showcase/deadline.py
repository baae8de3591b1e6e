"""A deadline on pure-Python work of this process: converting Markdown, parsing HTML.

Some text makes a parser slow far beyond its length (Python-Markdown is quadratic in
unclosed brackets; html5lib in nesting). ``showcase.nesting`` refuses the shapes known to
do that before they are parsed; a deadline bounds what is left, so that no page of
content can hold a build or ``showcase check`` for long.

The deadline counts processor time, not time on the clock: a busy CI runner does not make
a normal page overrun, and a page that overruns does so on every machine. In the main
thread it is a timer signal (``SIGPROF``), which interrupts Python code and the regular
expression engine alike. Elsewhere (another thread, a system without timer signals) it is
a check made at each Python function call, which is slower but needs no signal.
"""

from __future__ import annotations

import signal
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any

#: After the deadline, the signal comes again this often until the work stops: code that
#: catches every exception cannot swallow it for good.
_REPEAT = 0.05


class Overran(BaseException):
    """The work took longer than its deadline.

    A ``BaseException``, like ``KeyboardInterrupt``: a library's ``except Exception``
    around its own code must not take it for one of its errors and carry on.
    """

    def __init__(self, seconds: float) -> None:
        super().__init__(f"took more than {seconds:g} s")
        self.seconds = seconds


@contextmanager
def deadline(seconds: float | None) -> Iterator[None]:
    """Raise ``Overran`` in the work of the ``with`` block once it has used ``seconds`` of
    processor time. ``None`` or 0: no deadline."""
    if not seconds or seconds <= 0:
        yield
        return
    if _has_timer_signal() and threading.current_thread() is threading.main_thread():
        with _signal_deadline(seconds):
            yield
    else:
        with _traced_deadline(seconds):
            yield


def _has_timer_signal() -> bool:
    return hasattr(signal, "setitimer") and hasattr(signal, "SIGPROF")


@contextmanager
def _signal_deadline(seconds: float) -> Iterator[None]:
    fired = False
    armed = True

    def overrun(_signum: int, _frame: FrameType | None) -> None:
        nonlocal fired
        if armed:
            fired = True
            raise Overran(seconds)

    previous = signal.signal(signal.SIGPROF, overrun)
    outer, _interval = signal.setitimer(signal.ITIMER_PROF, seconds, _REPEAT)
    started = time.process_time()
    try:
        yield
        if fired:  # swallowed on the way, yet the work overran
            raise Overran(seconds)
    finally:
        while True:  # the signal may come during the first steps: disarm again
            try:
                armed = False
                signal.setitimer(signal.ITIMER_PROF, 0)
                signal.signal(signal.SIGPROF, previous)
                break
            except Overran:
                continue
        if outer:  # an enclosing deadline keeps what it had left
            left = outer - (time.process_time() - started)
            signal.setitimer(signal.ITIMER_PROF, max(left, 0.001), _REPEAT)


@contextmanager
def _traced_deadline(seconds: float) -> Iterator[None]:
    limit = time.thread_time() + seconds
    fired = False

    def watch(_frame: FrameType, event: str, _arg: Any) -> None:
        nonlocal fired
        if event == "call" and time.thread_time() > limit:
            fired = True
            raise Overran(seconds)  # Python then stops tracing this thread

    previous = sys.gettrace()
    sys.settrace(watch)
    try:
        yield
        if fired:
            raise Overran(seconds)
    finally:
        sys.settrace(previous)
