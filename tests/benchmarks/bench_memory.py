"""Benchmark: peak resident memory after visiting every lesson and running
each one's training once (on CPU), in one app process driven headless by
Textual's Pilot.

    python tests/benchmarks/bench_memory.py [--siblings K] [--trained-siblings]

Prints, after each lesson, the resident set (RSS), the proportional set
(PSS: pages shared with other processes counted by share) and the private
set (USS: pages only this process holds: what each more session adds), and
the peak (ru_maxrss). PSS depends on what else runs: to measure it as in a
class, ``--siblings K`` (default 1) first starts K idle sessions (the app's
modules and PyTorch imported, nothing drawn) that share the libraries'
pages, as the other students' sessions would. With ``--trained-siblings``
each sibling has first visited every lesson and trained it once, as this
session does, so that the library code training touches is shared too, as
in a class where every student has gone through the lessons (idle siblings
leave those pages private to this session: a few tens of MB). Torch alone is
measured first, in a separate process, for reference. PSS also falls when
other programs on the machine map the same libraries (e.g. other test runs).
"""

from __future__ import annotations

import asyncio
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parents[1]), str(Path(__file__).resolve().parents[2])]  # tests/, root

from apptools import make_app, settled  # noqa: E402
from tui.lessons import LESSONS  # noqa: E402

#: the keys that start each lesson's training (or its heaviest computation)
TRAIN_KEYS: dict[str, list[str]] = {
    "fold": ["r"],
    "width": ["r"],
    "transform": ["space"],
    "sharing": ["f", "b"],
    "hypernet": ["r"],
    "motif1d": ["r"],
    "motif2d": ["right", "down"],
    "conv": ["r"],
}


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def rollup(pid: int | str = "self") -> dict[str, float]:
    """A process's /proc/PID/smaps_rollup, in MB by field ({} once it has gone)."""
    values = {}
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
            key, value = line.split(":", 1)
            values[key] = int(value.split()[0]) / 1024
    except OSError:
        pass
    return values


def rollup_mb(field: str) -> float:
    return rollup().get(field, float("nan"))


def uss_mb() -> float:
    """Private pages (clean and dirty): what one more session costs."""
    return rollup_mb("Private_Clean") + rollup_mb("Private_Dirty")


def pss_mb() -> float:
    """Proportional set size: shared pages (PyTorch's libraries, Python)
    counted once across the processes that map them (what thirty sessions on
    one server cost each)."""
    return rollup_mb("Pss")


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def torch_alone_mb() -> float:
    code = ("import resource, torch; torch.set_num_threads(1); torch.ones(1) + 1; "
            "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)")
    return float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)


async def visit_all() -> list[tuple[str, float, float, float, float]]:
    rows = []
    app = make_app(animate=True, device="cpu", train_steps=2000, cursor_blink=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.load_torch()
        while app.torch_status != "ready":
            await pilot.pause(0.1)
        for lesson in [lesson.key for lesson in LESSONS]:
            app.open_lesson(lesson)
            await settled(pilot)
            t0 = time.perf_counter()
            for key in TRAIN_KEYS.get(lesson, ["r"]):
                await pilot.press(key)
                await pilot.pause(0.2)
            while any(w.is_running for w in app.workers if w.group != "torch"):
                await pilot.pause(0.2)
            await pilot.pause(0.5)
            rows.append((lesson, time.perf_counter() - t0, rss_mb(), pss_mb(), uss_mb(), peak_mb()))
    return rows


SIBLING = ("import sys, time; sys.path.insert(0, {root!r}); import tui.app, torch; "
           "torch.ones(1) + 1; print('ready', flush=True); time.sleep(3600)")


def start_siblings(count: int, trained: bool = False) -> list[subprocess.Popen]:
    """``count`` sibling sessions, idle (PyTorch imported, nothing drawn) or,
    with ``trained``, each having visited every lesson and trained it once
    as this session does (what the other students' sessions of a class
    share with it: also the library code that training first touches)."""
    root = str(Path(__file__).resolve().parents[2])
    argv = [__file__, "--as-sibling"] if trained else ["-c", SIBLING.format(root=root)]
    procs = [subprocess.Popen([sys.executable, *argv], stdout=subprocess.PIPE, text=True) for _ in range(count)]
    for proc in procs:
        proc.stdout.readline()  # "ready"
    return procs


def as_sibling() -> None:
    asyncio.run(visit_all())
    print("ready", flush=True)
    time.sleep(3600)


def main() -> None:
    if "--as-sibling" in sys.argv:
        as_sibling()
        return
    siblings = int(sys.argv[sys.argv.index("--siblings") + 1]) if "--siblings" in sys.argv else 1
    trained = "--trained-siblings" in sys.argv
    torch_mb = torch_alone_mb()
    procs = start_siblings(siblings, trained)
    try:
        rows = asyncio.run(visit_all())
        pss, uss = pss_mb(), uss_mb()
    finally:
        for proc in procs:
            proc.kill()
    print(f"(with {siblings} {'trained' if trained else 'idle'} sibling session(s) sharing the libraries' pages)")
    print("lesson      train s   RSS MB   PSS MB   USS MB   peak RSS MB")
    for lesson, seconds, rss, p, u, peak in rows:
        print(f"{lesson:<10} {seconds:8.1f} {rss:8.0f} {p:8.0f} {u:8.0f} {peak:13.0f}")
    print(f"after every lesson: PSS {pss:.0f} MB (target <= 300 MB), USS {uss:.0f} MB, RSS {rss_mb():.0f} MB; "
          f"peak resident {peak_mb():.0f} MB; torch alone: {torch_mb:.0f} MB; "
          f"torch._dynamo imported: {'torch._dynamo' in sys.modules}")


if __name__ == "__main__":
    main()
