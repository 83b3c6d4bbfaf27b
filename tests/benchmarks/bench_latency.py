"""Benchmark: key-to-frame latency in the first 10 s after opening a lesson
(PyTorch importing in the background, a lesson training on open).

Each lesson is started as ``nn-explorer LESSON`` in a pseudo-terminal of
120x40. From the first paint on, for 10 s: write ``?`` into the pty and time
until the terminal receives the help overlay's title ("Keys ·"), then write
Esc and wait a moment; again. Prints per lesson the p50/p95/max of those
times and how many keys were sent.

    python tests/benchmarks/bench_latency.py [--seconds 10] [LESSON ...]
"""

from __future__ import annotations

import argparse
import fcntl
import os
import pty
import select
import signal
import statistics
import struct
import sys
import termios
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))  # this checkout, not an installed copy

from tui.lessons import LESSONS  # noqa: E402

MARKER = "Keys ·".encode()
FIRST = {"fold": b"Fold \xc2\xb7"}  # the first paint; others: the footer's "Help"


class Pty:
    def __init__(self, argv: list[str], env: dict[str, str]):
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # child
            os.environ.update(env)
            os.chdir(ROOT)
            os.execv(sys.executable, [sys.executable, *argv])
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
        os.kill(self.pid, signal.SIGWINCH)
        self.buf = b""

    def read_until(self, marker: bytes, timeout: float) -> float | None:
        """Seconds until ``marker`` arrives in the output read from now on."""
        t0 = time.perf_counter()
        self.buf = b""
        while time.perf_counter() - t0 < timeout:
            r, _, _ = select.select([self.fd], [], [], 0.005)
            if r:
                try:
                    self.buf += os.read(self.fd, 1 << 16)
                except OSError:
                    return None
                if marker in self.buf:
                    return time.perf_counter() - t0
        return None

    def drain(self, seconds: float) -> None:
        self.read_until(b"\x00never\x00", seconds)

    def write(self, data: bytes) -> None:
        os.write(self.fd, data)

    def close(self) -> None:
        os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)
        os.close(self.fd)


def lesson_latency(key: str, seconds: float) -> tuple[float, list[float], int]:
    """(first paint, latencies of the answered keys, keys unanswered within 3 s)."""
    env = {"TERM": "xterm-256color", "LANG": "C.UTF-8"}
    term = Pty(["-c", f"from tui.cli import main; raise SystemExit(main([{key!r}, '--lang', 'en']))"], env)
    try:
        first = term.read_until(FIRST.get(key, b"Help"), 30.0)
        if first is None:
            raise RuntimeError(f"{key}: no first paint; got {term.buf[-300:]!r}")
        times, missed = [], 0
        t_end = time.perf_counter() + seconds
        while time.perf_counter() < t_end:
            term.write(b"?")
            took = term.read_until(MARKER, 3.0)
            if took is None:
                missed += 1
            else:
                times.append(took)
            term.drain(0.05)
            term.write(b"\x1b")
            term.drain(0.3)
        return first, times, missed
    finally:
        term.close()


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=10.0)
    ap.add_argument("lessons", nargs="*", default=[lesson.key for lesson in LESSONS])
    args = ap.parse_args()
    print(f"key '?' to help overlay painted, first {args.seconds:.0f} s after opening, 120x40 pty")
    print("lesson      first paint ms   keys   p50 ms   p95 ms   max ms   unanswered")
    everything = []
    for key in args.lessons:
        first, times, missed = lesson_latency(key, args.seconds)
        everything += times
        ms = [t * 1000 for t in times]
        print(f"{key:<10} {first * 1000:14.0f} {len(times) + missed:6d} {statistics.median(ms):8.0f} "
              f"{pct(ms, 0.95):8.0f} {max(ms):8.0f} {missed:10d}")
    ms = [t * 1000 for t in everything]
    print(f"all lessons: {len(ms)} keys, p50 {statistics.median(ms):.0f} ms, p95 {pct(ms, 0.95):.0f} ms "
          f"(target <= 200), max {max(ms):.0f} ms (target <= 500)")


if __name__ == "__main__":
    main()
