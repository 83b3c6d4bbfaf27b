"""Benchmark: one animation frame of the Fold plot at 120x40.

The same scene (1,000 data points of the 2-class spiral, the image of the
input grid, the axes), moved through the frames of one animated sub-step, is
drawn by our LinesView and by a stock textual-plotext PlotextPlot, in the same
process, frames interleaved. A frame is all the work from a new animation time
t to the bytes for the terminal: the interpolated scene, the widget's update,
Textual's compositor rendering the dirty widget, and the segments turned into
a terminal sequence.

    python tests/benchmarks/bench_frame.py [--frames 40]

Prints the medians (ms a frame) and the ratio.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # this checkout, not an installed copy

import argparse
import asyncio
import statistics
import time

from textual.app import App, ComposeResult
from textual_plotext import PlotextPlot

from models.fold.datasets import make_dataset
from models.fold.shipped import N_POINTS, load_pretrained
from tui.canvas import fit_view
from tui.scenes.fold import FoldView
from tui.widgets.lines import LinesView

SIZE = (120, 40)


class OursApp(App):
    def compose(self) -> ComposeResult:
        yield LinesView(id="plot")


class StockApp(App):
    def compose(self) -> ComposeResult:
        yield PlotextPlot(id="plot")


def stock_draw(widget: PlotextPlot, scene) -> None:
    plt = widget.plt
    plt.clear_data()
    plt.clear_figure()
    for layer in scene.layers:
        if len(layer.xy):
            color = layer.style.split()[-1]
            if color.startswith("#"):
                color = tuple(int(color[i:i + 2], 16) for i in (1, 3, 5))
            plt.scatter(layer.xy[:, 0].tolist(), layer.xy[:, 1].tolist(), marker="braille", color=color)
    w, h = widget.size
    x0, x1, y0, y1 = fit_view(scene.view, 2 * (w - 6), 4 * (h - 3), True)
    plt.xlim(x0, x1)
    plt.ylim(y0, y1)
    widget.refresh()


def frame(app: App, widget, draw) -> float:
    """One frame's work, timed: update, compositor render, terminal sequence."""
    screen = app.screen
    t0 = time.perf_counter()
    draw()
    screen._compositor.update_widgets({widget})
    update = screen._compositor.render_update(screen_stack=app._background_screens)
    update.render_segments(app.console)
    return time.perf_counter() - t0


async def measure(n_frames: int) -> dict[str, list[float]]:
    data = make_dataset("spiral2", N_POINTS, 0)
    view = FoldView(load_pretrained("spiral2", 2), data)
    k = 8  # layer 2: Σ scale, a sub-step where the whole cloud moves
    ts = [(i + 0.5) / n_frames for i in range(n_frames)]
    n_points = sum(len(layer.xy) for layer in view.scene(k, ts[0]).layers)
    print(f"scene: {len(data)} data points + {n_points - len(data)} grid/axes points, {SIZE[0]}x{SIZE[1]}")
    times: dict[str, list[float]] = {"ours": [], "stock": []}
    ours, stock = OursApp(), StockApp()
    async with ours.run_test(size=SIZE) as p1, stock.run_test(size=SIZE) as p2:
        await p1.pause()
        await p2.pause()
        w1 = ours.query_one(LinesView)
        w2 = stock.query_one(PlotextPlot)
        for rep in range(2):  # the first pass warms caches
            for t in ts:  # the interpolated scene is computed inside each frame
                t_ours = frame(ours, w1, lambda t=t: w1.set_scene(view.scene(k, t)))
                t_stock = frame(stock, w2, lambda t=t: stock_draw(w2, view.scene(k, t)))
                if rep:
                    times["ours"].append(t_ours)
                    times["stock"].append(t_stock)
    return times


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--frames", type=int, default=40)
    args = ap.parse_args()
    times = asyncio.run(measure(args.frames))
    med = {k: statistics.median(v) * 1000 for k, v in times.items()}
    for k, v in times.items():
        v_ms = sorted(x * 1000 for x in v)
        print(f"{k:>5}: median {med[k]:7.1f} ms/frame  (min {v_ms[0]:.1f}, p90 {v_ms[int(0.9 * len(v_ms))]:.1f}, "
              f"n={len(v_ms)})")
    print(f"ratio stock/ours: {med['stock'] / med['ours']:.1f}x")


if __name__ == "__main__":
    main()
