"""Background work yields the CPU to every session's screen.

On a class server thirty sessions may import PyTorch or train at once on a
few cores; a key pressed in any of them should still be answered at once.
Linux schedules threads one by one and lets a thread raise its own nice
value, so the threads that import PyTorch and run training lower their
priority (``lower``), while every session's UI thread keeps the normal one.
On a machine doing nothing else this changes nothing: a niced thread gets the
CPU whenever no normal one wants it.

Measured with tests/benchmarks/bench_class.py (30 tabs connecting within
10 s, 2 cores): see README "Performance".
"""

from __future__ import annotations

import os
import sys
import threading

NICE = 10


def lower(nice: int = NICE) -> bool:
    """Raise the calling thread's nice value by ``nice`` (Linux: per thread)."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        tid = threading.get_native_id()
        os.setpriority(os.PRIO_PROCESS, tid, min(19, os.getpriority(os.PRIO_PROCESS, tid) + nice))
    except (OSError, AttributeError):
        return False
    return True
