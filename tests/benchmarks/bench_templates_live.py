"""Benchmark: live templates (issue 12): conv and motif1d drawn while they train.

The app (headless, 120x40) trains the lesson's own run from the same seed,
with the live view (conv: the kernels and the accuracy at every shift of a
snapshot measured on the training thread, about every 0.15 s; motif1d: the
template and the score sequence of the detector the run would keep then)
and without it (``LIVE = False`` on the screen: the picture shows the result
only), runs interleaved. Printed for each lesson:

- training steps per second with and without the live view: the steps the
  run did over the time its job ran on the training thread (conv: the
  convnet's steps and the fully connected net's together), and the ratio
  (the target is >= 80 %);
- redraws per second: live snapshots drawn over that time, and the UI
  thread's time for one (``training_partial``), median and 95th percentile.

    python tests/benchmarks/bench_templates_live.py [--runs 5] [--conv-steps 400] [--motif-steps 300]

The default steps are the screens' own (conv 400 steps per net, motif1d 300).
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
from contextlib import contextmanager

from apptools import make_app, settled, wait_for, wait_torch

SIZE = (120, 40)


def timed_job(screen, record: dict) -> None:
    """Wrap the screen's job: the run's time on the training thread, and
    the UI thread's time for each live snapshot drawn."""
    from tui.screens.lesson import TrainingJob

    real_job, real_partial = screen.training_job, screen.training_partial
    record["partials"] = []

    def job():
        inner = real_job()

        def run(progress, should_stop):
            t0 = time.perf_counter()
            outcome = inner.run(progress, should_stop)
            record["seconds"] = time.perf_counter() - t0
            record["steps"] = outcome.steps_done
            return outcome

        return TrainingJob(run, inner.total, inner.label)

    def partial(payload):
        t0 = time.perf_counter()
        real_partial(payload)
        if payload[0] == "live":
            record["partials"].append(time.perf_counter() - t0)

    screen.training_job, screen.training_partial = job, partial


@contextmanager
def lesson_set(module, screen_class, live: bool, steps_name: str, steps: int):
    """The screen's live view on or off and its run's length, for one run;
    both put back as they were after it."""
    before = screen_class.LIVE, getattr(module, steps_name)
    screen_class.LIVE = live
    setattr(module, steps_name, steps)
    try:
        yield
    finally:
        screen_class.LIVE, value = before
        setattr(module, steps_name, value)


async def conv_run(steps: int, live: bool) -> dict:
    from tui.screens import conv as screen_module

    app = make_app("conv", train_steps=steps)
    record: dict = {}
    with lesson_set(screen_module, screen_module.ConvScreen, live, "MAX_STEPS", steps):
        async with app.run_test(size=SIZE) as pilot:
            await settled(pilot)
            s = app.screen
            await wait_torch(pilot, app)
            await wait_for(pilot, lambda: s.state.comparison is not None, timeout=600, what="the first training")
            await wait_for(pilot, lambda: not s.training.is_running, what="its worker's end")
            first = s.state.comparison
            timed_job(s, record)
            s.action_retrain()  # the next seed: r
            await wait_for(pilot, lambda: s.state.comparison is not first, timeout=600, what="the run to end")
    return record


async def motif_run(steps: int, live: bool) -> dict:
    from tui.screens import motif1d as screen_module

    app = make_app("motif1d", train_steps=steps)
    record: dict = {}
    with lesson_set(screen_module, screen_module.Motif1dScreen, live, "TRAIN_STEPS", steps):
        async with app.run_test(size=SIZE) as pilot:
            await settled(pilot)
            s = app.screen
            await wait_torch(pilot, app)
            timed_job(s, record)
            s.action_train()  # r
            await wait_for(pilot, lambda: s.view.result is not None, timeout=600, what="the run to end")
    return record


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))] if values else float("nan")


def report(name: str, steps_label: str, with_live: list[dict], without: list[dict]) -> None:
    sps_live = statistics.median(r["steps"] / r["seconds"] for r in with_live)
    sps_off = statistics.median(r["steps"] / r["seconds"] for r in without)
    rate = statistics.median(len(r["partials"]) / r["seconds"] for r in with_live)
    frames = [f for r in with_live for f in r["partials"]]
    print(f"{name}: {steps_label}, 120x40, median of {len(with_live)} runs each")
    print(f"  steps/s without the live view: {sps_off:.0f}  (run {statistics.median(r['seconds'] for r in without):.2f} s)")
    print(f"  steps/s with the live view:    {sps_live:.0f}  (run {statistics.median(r['seconds'] for r in with_live):.2f} s)"
          f"  -> {100 * sps_live / sps_off:.0f}% of without")
    print(f"  redraws per second: {rate:.1f}  ({len(frames)} snapshots drawn in all)")
    if frames:
        print(f"  UI thread per redraw (training_partial): median {1000 * statistics.median(frames):.1f} ms, "
              f"p95 {1000 * pct(frames, 0.95):.1f} ms")


async def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--conv-steps", type=int, default=400)
    p.add_argument("--motif-steps", type=int, default=300)
    args = p.parse_args()
    results = {}
    for name, run, steps in (("conv", conv_run, args.conv_steps), ("motif1d", motif_run, args.motif_steps)):
        with_live, without = [], []
        for _ in range(args.runs):
            without.append(await run(steps, live=False))
            with_live.append(await run(steps, live=True))
        results[name] = (steps, with_live, without)
    steps, with_live, without = results["conv"]
    report("conv", f"{steps} steps per net (convnet, then fully connected)", with_live, without)
    steps, with_live, without = results["motif1d"]
    report("motif1d", f"{steps} SGD steps (zero_grad on)", with_live, without)


if __name__ == "__main__":
    asyncio.run(main())
