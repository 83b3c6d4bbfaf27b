"""Benchmark: bytes written to the terminal per animation frame of the Fold
lesson, measured in a pseudo-terminal (what an SSH link carries).

The app runs as its own process in a 120x40 pty. This script plays the
terminal's part: it answers Textual's query for synchronized output, so
every frame arrives between BSU/ESU markers (ESC[?2026h ... ESC[?2026l) and
can be counted exactly. The Fold animation is played from the input plane
to the output (Home, then space) several times; frames are the updates
received while it plays.

    python tests/benchmarks/bench_bytes.py [--size 120x40] [--plays 3]
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # this checkout, not an installed copy

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

BSU, ESU = b"\x1b[?2026h", b"\x1b[?2026l"
SYNC_QUERY = b"\x1b[?2026$p"
SYNC_REPLY = b"\x1b[?2026;2$y"  # "supported, currently reset"


class Terminal:
    def __init__(self, argv: list[str], cols: int, rows: int):
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # child
            os.environ["TERM"] = "xterm-256color"
            os.environ["COLORTERM"] = "truecolor"
            os.execv(sys.executable, [sys.executable, *argv])
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        os.kill(self.pid, signal.SIGWINCH)
        self.buf = b""

    def pump(self, seconds: float) -> None:
        end = time.perf_counter() + seconds
        while (left := end - time.perf_counter()) > 0:
            r, _, _ = select.select([self.fd], [], [], min(left, 0.05))
            if not r:
                continue
            try:
                chunk = os.read(self.fd, 1 << 16)
            except OSError:
                return
            if SYNC_QUERY in chunk:
                os.write(self.fd, SYNC_REPLY)
            self.buf += chunk

    def wait_for(self, marker: bytes, timeout: float = 60.0) -> None:
        t0 = time.perf_counter()
        while marker not in self.buf:
            if time.perf_counter() - t0 > timeout:
                raise RuntimeError(f"{marker!r} not seen; last output {self.buf[-300:]!r}")
            self.pump(0.05)

    def send(self, data: bytes) -> None:
        os.write(self.fd, data)

    def close(self) -> None:
        os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)
        os.close(self.fd)


def frames(data: bytes) -> list[int]:
    """Sizes in bytes of the synchronized updates in ``data`` (markers included)."""
    sizes, pos = [], 0
    while (start := data.find(BSU, pos)) != -1:
        end = data.find(ESU, start)
        if end == -1:
            break
        sizes.append(end + len(ESU) - start)
        pos = end + len(ESU)
    return sizes


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", default="120x40")
    ap.add_argument("--plays", type=int, default=3)
    args = ap.parse_args()
    cols, rows = (int(v) for v in args.size.split("x"))

    term = Terminal(["-m", "tui.cli", "fold"], cols, rows)
    try:
        term.wait_for(b"Fold", timeout=60)
        term.pump(3.0)  # the network is computed and drawn; PyTorch loads in the background
        term.pump(4.0)
        all_sizes: list[int] = []
        seconds = 0.0
        for _ in range(args.plays):
            term.send(b"\x1b[H")  # Home: back to the input plane
            term.pump(1.0)
            start = len(term.buf)
            t0 = time.perf_counter()
            term.send(b" ")  # play the whole sequence
            term.pump(6.0)  # 24 sub-steps at 0.18 s, with margin
            seconds += time.perf_counter() - t0
            all_sizes += frames(term.buf[start:])
    finally:
        term.close()
    if not all_sizes:
        raise SystemExit("no synchronized frames seen: did the app answer the sync query?")
    big = sorted(all_sizes)
    print(f"Fold animation at {cols}x{rows}, {args.plays} plays of the whole sequence, {seconds:.1f} s:")
    print(f"  frames: {len(all_sizes)} ({len(all_sizes) / seconds:.1f} per second)")
    print(f"  bytes per frame: median {statistics.median(all_sizes) / 1024:.1f} KB, "
          f"90th percentile {big[int(0.9 * (len(big) - 1))] / 1024:.1f} KB, max {big[-1] / 1024:.1f} KB")
    print(f"  bytes per second: {sum(all_sizes) / seconds / 1024:.1f} KB/s")


if __name__ == "__main__":
    main()
