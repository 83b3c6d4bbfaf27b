"""Benchmark: how long `e` takes in every lesson, from the key to the files
written (and the "Exported" notification), in the state a user exports after
the lesson's work is done (trained networks, a finished sweep).

For each lesson, in the same process and state, it also times what `e` did
before (render the state again: training, the sweep, through `render`), the
reference the issue names.

    python tests/benchmarks/bench_export.py [--seeds 100] [--repeat 3] [--lessons fold,width,...]

--seeds: seeds per cell of the width sweep (100 is the lesson's default).
Prints, per lesson, the median `e` time, the median render-again time and
their ratio.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parents[1]), str(Path(__file__).resolve().parents[2])]  # tests/, root

from apptools import make_app, settled, wait_for, wait_torch  # noqa: E402

SIZE = (120, 40)

#: keys that bring each lesson to a state worth exporting
KEYS = {
    "fold": ["d", "end"],
    "width": [],  # a sweep is run first (see below)
    "transform": ["right"] * 5,
    "sharing": ["b", "a", "s"],
    "hypernet": [],
    "motif1d": ["right"] * 6,
    "motif2d": ["right", "up"],
    "conv": ["1"],
}


def exported(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.svg"))


async def until_idle(pilot, app) -> None:
    """The lesson has nothing running: its first training or sweep is over."""
    def idle() -> bool:
        screen = app.screen
        if not getattr(screen, "ready", True):
            return False
        return not any(w.is_running for w in app.workers if w.group != "torch")

    await wait_for(pilot, idle, timeout=900, what="the lesson's work")
    await pilot.pause(0.3)


async def bench_lesson(lesson: str, seeds: int, repeat: int) -> tuple[list[float], list[float]]:
    folder = Path(tempfile.mkdtemp(prefix=f"nnx-bench-export-{lesson}-"))
    app = make_app(lesson, export_dir=str(folder), train_steps=2000)
    e_times: list[float] = []
    ref_times: list[float] = []
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settled(pilot)
        await wait_torch(pilot, app)
        await until_idle(pilot, app)
        if lesson == "width":
            screen = app.screen
            for _ in range(30):  # the seeds presets, up or down to the one asked for
                if screen.seeds == seeds:
                    break
                await pilot.press("plus" if screen.seeds < seeds else "minus")
            await pilot.press("r")
            await pilot.pause(0.5)
            await until_idle(pilot, app)
        for key in KEYS[lesson]:
            await pilot.press(key)
        await until_idle(pilot, app)
        for _ in range(repeat):
            before = len(exported(folder))
            t0 = time.perf_counter()
            await pilot.press("e")
            await wait_for(pilot, lambda: len(exported(folder)) > before, timeout=900, what="the export")
            e_times.append(time.perf_counter() - t0)
            await pilot.pause(0.2)
        # the reference: the state rendered again, as e did before
        screen = app.screen
        state = screen.export_state()
        if state is not None:
            from tui.render import render_lesson

            plot = screen.export_plot()
            size = (plot.content_region.width, plot.content_region.height)
            seed = state.pop("seed", app.settings.seed)
            for _ in range(repeat):
                t0 = time.perf_counter()
                render_lesson(lesson, size=size, seed=seed, step=state.get("step"), dataset=state.get("dataset"),
                              width=state.get("width"), options=state.get("options"))
                ref_times.append(time.perf_counter() - t0)
    return e_times, ref_times


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--lessons", default=",".join(KEYS))
    args = parser.parse_args()
    print(f"e at {SIZE[0]}x{SIZE[1]}, median of {args.repeat}; reference: the state rendered again")
    print(f"{'lesson':<10} {'e (ms)':>9} {'render again (ms)':>18} {'ratio':>7}")
    for lesson in args.lessons.split(","):
        e_times, ref_times = await bench_lesson(lesson, args.seeds, args.repeat)
        e_ms = 1000 * statistics.median(e_times)
        if ref_times:
            ref_ms = 1000 * statistics.median(ref_times)
            print(f"{lesson:<10} {e_ms:9.0f} {ref_ms:18.0f} {ref_ms / e_ms:6.1f}×", flush=True)
        else:
            print(f"{lesson:<10} {e_ms:9.0f} {'(no render state)':>18}", flush=True)


if __name__ == "__main__":
    asyncio.run(main())
