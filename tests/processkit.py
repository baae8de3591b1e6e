"""Processes of a build, read from Linux's ``/proc``: which are its descendants, which
still run, and waiting (within a generous bound) for them to be gone."""

from __future__ import annotations

import time
from pathlib import Path

PROC = Path("/proc")


def _stat(pid: int) -> tuple[str, int] | None:
    """A process's state letter and parent pid, or None when it is gone."""
    try:
        text = (PROC / str(pid) / "stat").read_text()
    except OSError:
        return None
    # The command name, in parentheses, may hold spaces: the fields follow its last ")".
    fields = text[text.rindex(")") + 2 :].split()
    return fields[0], int(fields[1])


def running(pid: int) -> bool:
    """Whether ``pid`` is a process that still runs (a zombie has ended)."""
    found = _stat(pid)
    return found is not None and found[0] not in ("Z", "X")


def descendants(pid: int) -> set[int]:
    """Every process below ``pid`` (children, their children...)."""
    parents: dict[int, int] = {}
    for entry in PROC.iterdir():
        if entry.name.isdigit() and (found := _stat(int(entry.name))) is not None:
            parents[int(entry.name)] = found[1]
    below: set[int] = set()
    frontier = {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - below
        below |= frontier
    return below


def still_running(pids: set[int], *, within: float = 60.0) -> set[int]:
    """The processes of ``pids`` that still run after ``within`` seconds (fewer as soon as
    they end: the bound is how long to wait, not what is measured)."""
    deadline = time.monotonic() + within
    left = {pid for pid in pids if running(pid)}
    while left and time.monotonic() < deadline:
        time.sleep(0.1)
        left = {pid for pid in left if running(pid)}
    return left


def wait_for(condition: object, *, within: float = 120.0) -> bool:
    """Whether ``condition()`` came true within ``within`` seconds (looked at every 0.1 s)."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return True
        time.sleep(0.1)
    return False
