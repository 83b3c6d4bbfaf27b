"""Soak: the Fold animation playing in a loop, with a switch to another
lesson every few seconds, for 10 minutes (default) in one app process.

    python tests/benchmarks/bench_soak.py [--minutes 10]

Prints resident memory after a warm-up cycle through every lesson and at the
end, its growth (target < 20 MB), the number of lesson switches and fold
plays, and any exception (there must be none: the app would exit non-zero).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parents[1]), str(Path(__file__).resolve().parents[2])]  # tests/, root

from apptools import make_app, settled  # noqa: E402
from bench_memory import rss_mb  # noqa: E402
from tui.lessons import LESSONS  # noqa: E402


async def soak(minutes: float) -> dict:
    app = make_app(animate=True, device="cpu", cursor_blink=False)
    others = [lesson.key for lesson in LESSONS if lesson.key != "fold"]
    stats = {"switches": 0, "plays": 0, "samples": []}
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.load_torch()
        while app.torch_status != "ready":
            await pilot.pause(0.1)
        # warm-up: every lesson once, so that first-time imports and caches are not counted as growth
        for key in ["fold", *others, "fold"]:
            app.open_lesson(key)
            await settled(pilot)
        await pilot.pause(1.0)
        start = rss_mb()
        t_end = time.monotonic() + 60 * minutes
        i = 0
        while time.monotonic() < t_end:
            app.open_lesson("fold")
            await settled(pilot)
            await pilot.press("home", "space")
            stats["plays"] += 1
            await pilot.pause(4.0)  # the animation plays
            if others:
                app.open_lesson(others[i % len(others)])
                await settled(pilot)
                await pilot.pause(1.5)
                stats["switches"] += 1
            stats["switches"] += 1
            i += 1
            stats["samples"].append(rss_mb())
        await pilot.pause(1.0)
        stats["start"], stats["end"] = start, rss_mb()
        stats["return_code"] = app.return_code
    return stats


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--minutes", type=float, default=10.0)
    args = ap.parse_args()
    t0 = time.monotonic()
    stats = asyncio.run(soak(args.minutes))
    growth = stats["end"] - stats["start"]
    samples = stats["samples"]
    print(f"soak: {(time.monotonic() - t0) / 60:.1f} min, {stats['plays']} fold plays, "
          f"{stats['switches']} lesson switches, return code {stats['return_code']}")
    print(f"  RSS after warm-up {stats['start']:.0f} MB, at the end {stats['end']:.0f} MB: "
          f"growth {growth:+.1f} MB (target < 20 MB); max during soak {max(samples, default=0):.0f} MB")
    if len(samples) >= 4:
        q = len(samples) // 4
        print(f"  RSS by quarter: {', '.join(f'{samples[min(k * q, len(samples) - 1)]:.0f}' for k in range(4))}"
              f", {samples[-1]:.0f} MB")


if __name__ == "__main__":
    main()
