"""Benchmark: Fold's live training (issue 12) at 120x40.

The app (headless, 120x40) trains one network with r, from the same seed,
for STEPS steps, with the live view (the plot redraws a snapshot of the
weights up to 12 times a second) and without it (FoldScreen.LIVE = False:
the plot jumps to the result at the end), runs interleaved. Printed:

- training steps per second with and without the live view (the steps of
  the run over the wall time from r to the result drawn), and their ratio
  (the target is >= 80 %);
- the frame time while training: the UI thread's work for one snapshot (a
  new FoldView, its sub-steps and merges, the scene, the status line), and,
  in one more run of its own, Textual composing the whole 120x40 screen
  after it, median and 95th percentile;
- the frames drawn per second.

    python tests/benchmarks/bench_fold_live.py [--runs 3] [--steps 3000]

Medians over the runs.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # this checkout, not an installed copy
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/apptools

import argparse
import asyncio
import statistics
import time

from apptools import make_app, wait_for, wait_torch
from tui.screens.fold import FoldScreen

SIZE = (120, 40)


async def one_run(steps: int, live: bool, compose: bool = False) -> dict:
    FoldScreen.LIVE = live
    app = make_app("fold", train_steps=steps, animate=False)
    composes: list[float] = []
    async with app.run_test(size=SIZE) as pilot:
        await wait_torch(pilot, app)
        s = app.screen
        await pilot.pause(0.5)
        frame = s._live_frame

        def timed(snap) -> None:
            frame(snap)
            t0 = time.perf_counter()
            app.screen._compositor.render_strips()  # the whole screen composed after the frame
            composes.append(time.perf_counter() - t0)

        if compose:  # (a run of its own: the extra composing would slow the training measured)
            s._live_frame = timed
        t0 = time.perf_counter()
        await pilot.press("r")
        await wait_for(pilot, lambda: s.training_run != 0, timeout=30, what="the run to start")
        await wait_for(pilot, lambda: not s.training_now, timeout=600, what="the run to end")
        wall = time.perf_counter() - t0
        frames = list(s.frame_seconds)
    FoldScreen.LIVE = True
    return {"steps_per_s": steps / wall, "wall": wall, "frames": frames, "composes": composes}


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))] if values else float("nan")


async def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--steps", type=int, default=3000)
    args = p.parse_args()
    with_live, without = [], []
    for _ in range(args.runs):
        without.append(await one_run(args.steps, live=False))
        with_live.append(await one_run(args.steps, live=True))
    composed = await one_run(args.steps, live=True, compose=True)
    sps_live = statistics.median(r["steps_per_s"] for r in with_live)
    sps_off = statistics.median(r["steps_per_s"] for r in without)
    frames = [f for r in with_live for f in r["frames"]]
    composes = composed["composes"]
    fps = statistics.median(len(r["frames"]) / r["wall"] for r in with_live)
    print(f"Fold live training, {args.steps} steps, 120x40, median of {args.runs} runs each")
    print(f"  steps/s without the live view: {sps_off:.0f}")
    print(f"  steps/s with the live view:    {sps_live:.0f}  ({100 * sps_live / sps_off:.0f}% of without)")
    print(f"  frames drawn: {fps:.1f} per second")
    print(f"  frame, UI thread (new view + scene + status): median {1000 * statistics.median(frames):.1f} ms, "
          f"p95 {1000 * pct(frames, 0.95):.1f} ms ({len(frames)} frames)")
    print(f"  composing the 120x40 screen after a frame: median {1000 * statistics.median(composes):.1f} ms, "
          f"p95 {1000 * pct(composes, 0.95):.1f} ms")


if __name__ == "__main__":
    asyncio.run(main())
