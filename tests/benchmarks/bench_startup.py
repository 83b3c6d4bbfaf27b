"""Benchmark: time to first paint, nn-explorer against a bare Textual app.

Each app is started as a new process in a pseudo-terminal of 120x40, and the
clock runs from the spawn until the terminal has received the text of the
first screen (for nn-explorer, the home screen's first lesson; for the bare
app, its one Static). Runs alternate between the two apps; medians and their
ratio are printed. "fold, plot drawn" runs until the network's status line
(its accuracy) has arrived too: Fold paints its frame first and computes the
plot after it.

``--compare DIR`` runs nn-explorer's cases from another checkout as well
(e.g. a ``git worktree`` of main before a change), in the same rounds.

    python tests/benchmarks/bench_startup.py [--runs 9] [--compare DIR]
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

BARE = """
from textual.app import App
from textual.widgets import Static
class Bare(App):
    def compose(self):
        yield Static("bare-app-ready")
Bare().run()
"""

OURS = "from tui.cli import main; raise SystemExit(main([]))"
OURS_FOLD = "from tui.cli import main; raise SystemExit(main(['fold']))"


def time_to_text(code: str, marker: bytes, timeout: float = 30.0, cwd: str | None = None) -> float:
    pid, fd = pty.fork()
    if pid == 0:  # child
        os.environ["TERM"] = "xterm-256color"
        if cwd is not None:
            os.chdir(cwd)  # python -c imports tui from the working folder first
        os.execv(sys.executable, [sys.executable, "-c", code])
    t0 = time.perf_counter()
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    os.kill(pid, signal.SIGWINCH)
    buf = b""
    try:
        while time.perf_counter() - t0 < timeout:
            r, _, _ = select.select([fd], [], [], 0.05)
            if r:
                try:
                    chunk = os.read(fd, 65536)
                except OSError:
                    break
                if not chunk:
                    break
                buf += chunk
                if marker in buf:
                    return time.perf_counter() - t0
        raise RuntimeError(f"marker {marker!r} not seen; got {buf[-300:]!r}")
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(fd)


def compile_project(root=None) -> None:
    """Both apps start from bytecode, as an installed app does: Textual's
    modules were compiled when pip installed them; ours are compiled here
    (an environment with PYTHONDONTWRITEBYTECODE=1 would otherwise make every
    start of ours recompile its sources, and only ours)."""
    import compileall
    from pathlib import Path

    root = Path(root) if root else Path(__file__).resolve().parents[2]
    for pkg in ("tui", "models", "assets"):
        compileall.compile_dir(root / pkg, quiet=1)
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=9)
    ap.add_argument("--compare", metavar="DIR", help="another checkout whose nn-explorer is timed too")
    args = ap.parse_args()
    root = str(Path(__file__).resolve().parents[2])
    compile_project()
    ours = {
        "nn-explorer (home)": (OURS, b"Folding"),
        "nn-explorer fold": (OURS_FOLD, b"Fold \xc2\xb7"),
        "fold, plot drawn": (OURS_FOLD, b"acc "),
    }
    cases = {"bare Textual app": (BARE, b"bare-app-ready", None)}
    cases.update({name: (code, marker, root) for name, (code, marker) in ours.items()})
    if args.compare:
        compile_project(args.compare)
        cases.update({f"{name} [{Path(args.compare).name}]": (code, marker, args.compare)
                      for name, (code, marker) in ours.items()})
    times: dict[str, list[float]] = {k: [] for k in cases}
    for name, (code, marker, cwd) in cases.items():  # warm the file cache once
        time_to_text(code, marker, cwd=cwd)
    for _ in range(args.runs):
        for name, (code, marker, cwd) in cases.items():
            times[name].append(time_to_text(code, marker, cwd=cwd))
    med = {k: statistics.median(v) * 1000 for k, v in times.items()}
    base = med["bare Textual app"]
    for k, v in times.items():
        print(f"{k:>30}: median {med[k]:6.0f} ms to first paint "
              f"(min {min(v) * 1000:.0f}, max {max(v) * 1000:.0f}, n={len(v)})  ratio {med[k] / base:.2f}x")


if __name__ == "__main__":
    main()
