"""Giving freed memory back to the system, so that a session that trained
every lesson once does not keep the peak of each (issue 14: thirty sessions
on one server).

glibc's malloc keeps what a program frees in its heaps ("arenas") and makes
one arena per thread that allocates at once, up to 8 per core: a training
thread's tensors, freed when it ends, stay resident in its own arena. Two
calls fix most of it: ``limit_arenas`` (mallopt M_ARENA_MAX) before the
threads start, and ``trim`` (malloc_trim) when a run or a lesson ends.
Measured with tests/benchmarks/bench_memory.py (anonymous memory after
every lesson, same machine): 294 MB as glibc leaves it, 217 MB with both.

Elsewhere (musl, macOS, Windows) both do nothing and say so.
"""

from __future__ import annotations

import sys
from functools import lru_cache

M_ARENA_MAX = -8  # glibc's malloc.h
ARENAS = 2  # the UI thread and one training thread


@lru_cache(maxsize=1)
def _libc():
    if not sys.platform.startswith("linux"):
        return None
    import ctypes  # (here: ctypes takes ~2 ms to import, and the app calls this after its first paint)
    import ctypes.util

    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        libc.mallopt  # noqa: B018 - glibc only: musl has neither
        libc.malloc_trim
    except (OSError, AttributeError):
        return None
    libc.mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    libc.malloc_trim.argtypes = [ctypes.c_size_t]
    return libc


def limit_arenas(arenas: int = ARENAS) -> bool:
    """At most ``arenas`` malloc heaps for the process's threads; True if set."""
    libc = _libc()
    return bool(libc and libc.mallopt(M_ARENA_MAX, arenas))


def trim() -> bool:
    """Return the free pages of every heap to the system; True if any were."""
    libc = _libc()
    return bool(libc and libc.malloc_trim(0))
