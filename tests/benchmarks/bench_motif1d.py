"""Benchmark: one frame of the motif1d sliding animation.

A frame is all the work of one window move: the screen's update (sequence
view, plotext score plot, gradient panel with its two autograd passes, status
line), Textual's compositor rendering the dirty widgets, and the segments
turned into terminal bytes. Measured over every window position of the first
sequence, at three terminal sizes, with PyTorch loaded (the gradient panel
on, as when stepping with the arrows) and while playing (the gradient panel
is brought up to date when playback stops).

    python tests/benchmarks/bench_motif1d.py [--passes 2]

Prints the median and p90 milliseconds a frame. Playback moves the window
12 times a second, so a frame must stay well under ~80 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # this checkout, not an installed copy

SIZES = [(80, 24), (120, 40), (250, 70)]


def frame(app, screen, window: int) -> float:
    t0 = time.perf_counter()
    screen._set_window(window)
    comp = app.screen._compositor
    # the widgets this move asked to repaint (what Textual's next refresh renders)
    comp.update_widgets({w for w in app.screen.query("*") if w._repaint_required} | {screen.seq})
    update = comp.render_update(screen_stack=app._background_screens)
    update.render_segments(app.console)
    return time.perf_counter() - t0


async def measure(size: tuple[int, int], passes: int, mode: str) -> list[float]:
    import torch

    torch.set_num_threads(1)
    from tui.app import NNExplorer, Settings

    app = NNExplorer("motif1d", Settings(animate=False, cursor_blink=False))
    times: list[float] = []
    async with app.run_test(size=size) as pilot:
        app.load_torch()
        while app.torch_status != "ready":
            await pilot.pause(0.05)
        await pilot.pause(0.3)
        s = app.screen
        import tui.screens.motif1d as screen_module

        # stepping: everything each frame. playing: the gradient panel waits for the
        # pause; "plot every frame" also redraws the plotext score plot every frame,
        # "as the app plays" redraws it at most every SCORE_PLOT_SECONDS
        s.playing = mode != "stepping"
        screen_module.SCORE_PLOT_SECONDS = 0.15 if mode == "playing, as the app does" else 0.0
        n = s.view.n_positions
        for rep in range(passes + 1):  # the first pass warms caches
            for w in range(n):
                dt = frame(app, s, w)
                if rep:
                    times.append(dt)
    return times


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--passes", type=int, default=2)
    args = ap.parse_args()
    for size in SIZES:
        for mode in ("stepping", "playing, plot every frame", "playing, as the app does"):
            times = sorted(1000 * t for t in asyncio.run(measure(size, args.passes, mode)))
            print(f"{size[0]}x{size[1]:<3} {mode:<26} median {statistics.median(times):6.1f} ms/frame, "
                  f"p90 {times[int(0.9 * len(times))]:6.1f}, n={len(times)}")


if __name__ == "__main__":
    main()
