"""What this process may do in parallel: how many CPUs it has, and whether it may fork.

Rendering attachments and rendering pages both spread work over the CPUs. Forking is
the cheap way (a forked process starts at once and shares what is already loaded), but
it is only safe on Linux from a process with no other thread: a lock another thread
holds at the fork (``mkdocs serve`` runs several threads) would stay held for ever in
the child, and macOS' system libraries do not support forking without ``exec``.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading


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
