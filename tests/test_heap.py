"""tui.heap: a thread's freed heap goes back to the system when trimmed."""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tui import heap

glibc = pytest.mark.skipif(heap._libc() is None, reason="glibc only")


@glibc
def test_limit_arenas_and_trim_are_accepted():
    assert heap.limit_arenas() is True
    heap.trim()  # may have nothing to give back: it must not fail


@glibc
def test_trim_returns_a_threads_freed_memory():
    code = textwrap.dedent("""
        import ctypes, threading
        from pathlib import Path
        from tui import heap
        heap.limit_arenas()
        libc = heap._libc()
        libc.malloc.restype = ctypes.c_void_p
        libc.free.argtypes = [ctypes.c_void_p]
        def rss():
            for line in Path("/proc/self/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
        def work():  # 100 MB in small blocks, as a training thread's buffers
            blocks = [libc.malloc(1000) for _ in range(100_000)]
            for b in blocks:
                ctypes.memset(b, 1, 1000)
            keep = libc.malloc(16)  # a live block at the top stops the heap shrinking by itself
            for b in blocks:
                libc.free(b)
        base = rss()
        t = threading.Thread(target=work); t.start(); t.join()
        before = rss(); heap.trim(); after = rss()
        print(base, before, after)
    """)
    root = str(Path(__file__).resolve().parents[1])
    env = {"PATH": os.environ.get("PATH", ""), "PYTHONPATH": root}  # no malloc tunables from the test run
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env,
                         cwd=root).stdout
    base, before, after = map(float, out.split())
    # What matters is what the process still holds after trim: glibc may give some of it back by itself
    # when the thread's blocks are freed (how much varies between glibc builds), trim must give the rest.
    assert after - base < 30, (f"after trim the process still holds {after - base:.0f} MB of the 100 MB "
                               f"the thread freed ({before - base:.0f} MB before trim)")
