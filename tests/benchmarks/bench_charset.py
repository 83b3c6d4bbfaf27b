"""Benchmark: one animation frame of the Fold plot at 120x40 in each charset.

The scene and the frame are those of bench_frame.py (1,000 data points of the
2-class spiral, the image of the input grid, the axes, one animated sub-step;
a frame is the interpolated scene, the LinesView's update, Textual's
compositor rendering the dirty widget, and the terminal sequence), drawn in
braille, block and ascii, with colour and without (markers), in one process,
frames interleaved. In block and ascii the app's charset line filter runs too,
as in nn-explorer.

    python tests/benchmarks/bench_charset.py [--frames 40]

Prints the median (ms a frame) for each.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # this checkout, not an installed copy
sys.path.insert(0, str(Path(__file__).resolve().parent))

import argparse
import asyncio
import statistics

from bench_frame import SIZE, OursApp, frame

from models.fold.datasets import make_dataset
from models.fold.shipped import N_POINTS, load_pretrained
from tui import charset as cs
from tui.scenes.fold import FoldView
from tui.widgets.lines import LinesView

CASES = [(c, color) for c in cs.CHARSETS for color in (True, False)]


async def measure(n_frames: int) -> dict[str, list[float]]:
    data = make_dataset("spiral2", N_POINTS, 0)
    view = FoldView(load_pretrained("spiral2", 2), data)
    k = 8
    ts = [(i + 0.5) / n_frames for i in range(n_frames)]
    times: dict[str, list[float]] = {f"{c}{'' if color else ' no colour'}": [] for c, color in CASES}
    apps = {}
    for c, color in CASES:
        app = OursApp()
        if c != "braille":
            app._filters.append(cs.charset_filter(c))
        apps[(c, color)] = app
    pilots = [app.run_test(size=SIZE) for app in apps.values()]
    entered = [await p.__aenter__() for p in pilots]
    try:
        for p in entered:
            await p.pause()
        widgets = {key: app.query_one(LinesView) for key, app in apps.items()}
        for rep in range(2):  # the first pass warms caches
            for t in ts:
                for (c, color), app in apps.items():
                    w = widgets[(c, color)]
                    with cs.using(c, color):
                        dt = frame(app, w, lambda t=t, w=w: w.set_scene(view.scene(k, t)))
                    if rep:
                        times[f"{c}{'' if color else ' no colour'}"].append(dt)
    finally:
        for p in pilots:
            await p.__aexit__(None, None, None)
    return times


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--frames", type=int, default=40)
    args = ap.parse_args()
    times = asyncio.run(measure(args.frames))
    for name, v in times.items():
        v_ms = sorted(x * 1000 for x in v)
        print(f"{name:>18}: median {statistics.median(v_ms):6.1f} ms/frame  (min {v_ms[0]:.1f}, "
              f"p90 {v_ms[int(0.9 * len(v_ms))]:.1f}, n={len(v_ms)})")


if __name__ == "__main__":
    main()
