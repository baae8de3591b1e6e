"""Worker processes that render attachments, each file within a deadline kept from outside.

PDFium and Pillow are C code: no signal interrupts them, and a file made to take an hour
(a PDF that draws forms inside forms) would hold the build for that hour. So every file
is rendered in a worker process the build watches. A worker still on one file after the
deadline is killed, the file is reported as not shown, and a new worker takes the files
that were waiting. A worker that dies (a crash in C code) costs only the file it was on.
Workers end with the build, however the build ends (``parallel.start_worker``).

What a worker renders lands in the cache (``showcase.attachments.cache``), where the
build then finds it; what it could not render comes back as a ``Failure``.
"""

from __future__ import annotations

import contextlib
import errno
import multiprocessing
import os
import pickle
import time
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

from showcase.attachments.cache import Cache
from showcase.faults import FAULTS, fault_of
from showcase.parallel import start_worker

#: Seconds a worker is given to end after it is told to stop, before it is killed.
_GRACE = 5.0


@dataclass(frozen=True, slots=True)
class Task:
    """One file for a worker process to render into the cache."""

    key: str
    produce: Callable[[Path], Mapping[str, Any]]
    #: The kind of file (``pdf``), for messages.
    kind: str = ""
    #: The kind, when its handler is ``slow_first``; else "".
    slow_kind: str = ""


@dataclass(frozen=True, slots=True)
class Failure:
    """Why a file was not rendered: a reason for the talk's warning, or the machine's
    fault (a full disk), which the build reports as such."""

    reason: str
    fault: OSError | None = None


@dataclass
class Outcomes:
    """What the workers made of their tasks."""

    #: Keys rendered into the cache.
    done: list[str] = field(default_factory=list)
    failed: dict[str, Failure] = field(default_factory=dict)
    #: Keys of tasks that could not be sent to a worker (a handler that cannot be
    #: pickled, where workers are not forked): left for the build to render itself.
    unsent: list[str] = field(default_factory=list)


def render_all(
    root: Path,
    batches: list[list[Task]],
    *,
    workers: int,
    timeout: float,
    start_method: str,
    meanwhile: Callable[[], None] = lambda: None,
) -> Outcomes:
    """Render ``batches`` of tasks into the cache at ``root`` in up to ``workers``
    processes, each batch by one worker, each task within ``timeout`` seconds.
    ``meanwhile`` runs here once the workers have started."""
    global _TASKS  # forked workers find their tasks here: nothing is pickled
    crew = _Crew(root, timeout, multiprocessing.get_context(start_method))
    if start_method == "fork":
        _TASKS = [task for batch in batches for task in batch]
        crew.numbers = {id(task): number for number, task in enumerate(_TASKS)}
    try:
        crew.run(deque(batches), workers, meanwhile)
    finally:
        crew.stop()
        _TASKS = []
    return crew.outcomes


#: The tasks of the ``render_all`` under way, for forked workers.
_TASKS: list[Task] = []


class _Worker:
    """One worker process, the batch it holds, and the task it is on."""

    def __init__(self, process: BaseProcess, connection: Connection) -> None:
        self.process = process
        self.connection = connection
        self.batch: list[Task] = []
        self.current: str | None = None
        self.started = 0.0

    @property
    def busy(self) -> bool:
        return bool(self.batch)

    def give(self, batch: list[Task], numbers: dict[int, int] | None) -> list[Task]:
        """Hand the worker a batch; the tasks that could not be sent to it. A forked
        worker is sent the tasks' places in ``_TASKS`` (``numbers``, by ``id``)."""
        self.current = None
        if numbers is not None:
            self.connection.send([numbers[id(task)] for task in batch])
            self.batch = list(batch)
            return []
        self.batch, unsent = [], []
        for task in batch:
            try:
                self.connection.send([task])
            except (pickle.PicklingError, TypeError, AttributeError):
                unsent.append(task)
            else:
                self.batch.append(task)
        return unsent


class _Crew:
    def __init__(self, root: Path, timeout: float, context: Any) -> None:
        self.root = root
        self.timeout = timeout
        self.context = context
        self.forked = context.get_start_method() == "fork"
        #: Where each task (by ``id``) is in ``_TASKS``, when workers are forked.
        self.numbers: dict[int, int] | None = None
        self.workers: list[_Worker] = []
        self.outcomes = Outcomes()

    def run(self, pending: deque[list[Task]], count: int, meanwhile: Callable[[], None]) -> None:
        for _ in range(min(count, len(pending))):
            self._hand(self._start(), pending)
        meanwhile()
        while any(worker.busy for worker in self.workers):
            self._wait_for_news(pending)
            self._stop_overrunning(pending)

    def _start(self) -> _Worker:
        ours, theirs = self.context.Pipe()
        process = self.context.Process(
            target=_serve,
            args=(theirs, self.root, os.getpid() if self.forked else None),
            daemon=True,
        )
        process.start()
        theirs.close()
        worker = _Worker(process, ours)
        self.workers.append(worker)
        return worker

    def _hand(self, worker: _Worker, pending: deque[list[Task]]) -> None:
        """Give an idle worker the next batch that can be sent to it, if any."""
        while pending and not worker.busy:
            unsent = worker.give(pending.popleft(), self.numbers)
            self.outcomes.unsent.extend(task.key for task in unsent)

    def _wait_for_news(self, pending: deque[list[Task]]) -> None:
        busy = [worker for worker in self.workers if worker.busy]
        now = time.monotonic()
        due = [w.started + self.timeout - now for w in busy if w.current is not None]
        waits: list[Any] = [w.connection for w in busy] + [w.process.sentinel for w in busy]
        ready = set(wait(waits, timeout=max(min(due), 0.0) if due else None))
        for worker in busy:
            if worker.connection in ready:
                self._read(worker, pending)
            elif worker.process.sentinel in ready:
                self._died(worker, pending)

    def _read(self, worker: _Worker, pending: deque[list[Task]]) -> None:
        try:
            while worker.connection.poll():
                message = worker.connection.recv()
                self._note(worker, message, pending)
        except (EOFError, OSError):
            self._died(worker, pending)

    def _note(self, worker: _Worker, message: tuple[Any, ...], pending: deque[list[Task]]) -> None:
        kind, *rest = message
        if kind == "start":
            worker.current, worker.started = rest[0], time.monotonic()
        elif kind == "done":
            key, failure = rest
            worker.batch = [task for task in worker.batch if task.key != key]
            worker.current = None
            if failure is None:
                self.outcomes.done.append(key)
            else:
                self.outcomes.failed[key] = _failure(*failure)
            self._hand(worker, pending)

    def _died(self, worker: _Worker, pending: deque[list[Task]]) -> None:
        worker.process.join()
        code = worker.process.exitcode
        how = f"signal {-code}" if code is not None and code < 0 else f"exit status {code}"
        self._replace(worker, pending, f"the renderer stopped ({how}) while rendering it")

    def _stop_overrunning(self, pending: deque[list[Task]]) -> None:
        now = time.monotonic()
        for worker in list(self.workers):
            if worker.current is not None and now - worker.started > self.timeout:
                worker.process.kill()
                worker.process.join()
                reason = (
                    f"rendering took longer than {self.timeout:g} s (the showcase plugin's "
                    "option render_timeout)"
                )
                self._replace(worker, pending, reason)

    def _replace(self, worker: _Worker, pending: deque[list[Task]], reason: str) -> None:
        """Record the task the worker was on as failed, put the rest of its batch back,
        and start another worker if any task is waiting."""
        # A worker that died before it said which task it began is charged with the
        # first of its batch: each death costs a task, so the build always ends.
        current = worker.current or (worker.batch[0].key if worker.batch else None)
        if current is not None:
            self.outcomes.failed[current] = Failure(reason)
        left = [task for task in worker.batch if task.key != current]
        pending.extendleft([task] for task in reversed(left))
        worker.batch = []
        worker.connection.close()
        self.workers.remove(worker)
        if pending:
            self._hand(self._start(), pending)

    def stop(self) -> None:
        for worker in self.workers:
            with contextlib.suppress(OSError, ValueError):
                worker.connection.send(None)
        for worker in self.workers:
            worker.process.join(_GRACE)
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join()
            worker.connection.close()
        self.workers = []


def _serve(connection: Connection, root: Path, parent: int | None) -> None:
    """A worker: render each batch it is given into the cache, saying when it starts
    and ends each task, until it is given None. ``parent``: the build, when the worker
    is its child; else the worker is a child of a fork server, which ends with the
    build."""
    start_worker(parent if parent is not None else os.getppid())
    cache = Cache(root, checked=True)
    while True:
        try:
            batch: list[Task | int] | None = connection.recv()
        except EOFError:
            return
        if batch is None:
            return
        for item in batch:
            task = _TASKS[item] if isinstance(item, int) else item
            connection.send(("start", task.key))
            try:
                cache.get(task.key, task.produce)
                failure: tuple[Any, ...] | None = None
            except Exception as exc:
                failure = _describe(exc, task.kind)
            connection.send(("done", task.key, failure))


def _describe(exc: Exception, kind: str) -> tuple[Any, ...]:
    """What a failure was, in a form that crosses to the build (an exception may not)."""
    fault = fault_of(exc)
    if fault is not None:
        return ("", fault.errno, fault.strerror, fault.filename, fault.filename2)
    return (f"the {kind} handler failed ({type(exc).__name__}: {exc})", None, None, None, None)


def _failure(
    reason: str, number: int | None, strerror: str | None, name: Any, other: Any
) -> Failure:
    if number in FAULTS:
        return Failure(
            "", OSError(number, strerror or os.strerror(number or errno.EIO), name, None, other)
        )
    return Failure(reason)
