"""Benchmark: the Width lesson's default sweep, batched, against the same
training done one seed at a time with ``nn.Sequential`` and ``torch.optim.Adam``.

The default sweep: circles (1,000 points), widths 2, 3, 4, 8, 16, depth 4,
100 seeds per width, 1,000 full-batch Adam steps (lr 0.01). The batched run is
timed whole (``models.width.run_sweep``, exactly what ``nn-explorer sweep``
and the lesson screen run). The one-at-a-time loop is timed on a few seeds per
width and scaled to 100 seeds.

    python tests/benchmarks/bench_sweep.py [--threads 1] [--seeds 100] [--steps 1000] [--single-seeds 3]

Prints both wall times, the speed-up, and the success rate per width.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # this checkout, not an installed copy

import argparse
import time

import torch
import torch.nn.functional as F
from torch import nn

from models.fold.datasets import make_dataset
from models.width import SweepConfig, run_sweep, table


def sequential(width: int, depth: int, seed: int) -> nn.Sequential:
    torch.manual_seed(seed)
    layers: list[nn.Module] = []
    d_in = 2
    for _ in range(depth):
        layers += [nn.Linear(d_in, width), nn.ReLU()]
        d_in = width
    layers.append(nn.Linear(d_in, 2))
    return nn.Sequential(*layers)


def one_at_a_time(width: int, depth: int, seed: int, X: torch.Tensor, y: torch.Tensor, steps: int,
                  lr: float) -> float:
    net = sequential(width, depth, seed)
    opt = torch.optim.Adam(net.parameters(), lr=lr)
    for _ in range(steps):
        logits = net(X)
        loss = F.cross_entropy(logits, y)
        with torch.no_grad():
            (logits.argmax(1) == y).float().mean()  # the per-step accuracy the sweep records too
        opt.zero_grad()
        loss.backward()
        opt.step()
    with torch.no_grad():
        return float((net(X).argmax(1) == y).float().mean())


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--seeds", type=int, default=100)
    ap.add_argument("--steps", type=int, default=1000)
    ap.add_argument("--single-seeds", type=int, default=3, help="seeds per width timed one at a time")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    cfg = SweepConfig(seeds=args.seeds, steps=args.steps)
    data = make_dataset(cfg.dataset, cfg.n_points, cfg.data_seed)
    X = torch.as_tensor(data.X)
    y = torch.as_tensor(data.y)

    # warm up both paths (first-call costs: torch.optim imports torch._dynamo)
    one_at_a_time(2, 4, 0, X, y, 2, cfg.lr)
    run_sweep(SweepConfig(widths=(2,), seeds=2, steps=2))

    single = {}
    for w in cfg.widths:
        t0 = time.perf_counter()
        for s in range(args.single_seeds):
            one_at_a_time(w, cfg.depths[0], s, X, y, cfg.steps, cfg.lr)
        single[w] = (time.perf_counter() - t0) / args.single_seeds
    single_total = sum(single.values()) * cfg.seeds

    t0 = time.perf_counter()
    result = run_sweep(cfg)
    batched = time.perf_counter() - t0

    print(table(result))
    print()
    print(f"threads: {args.threads}; {len(cfg.widths)} widths x {cfg.seeds} seeds x {cfg.steps} steps, "
          f"{cfg.n_points} points")
    for c in result.value.cells:
        print(f"  width {c.width:>2}: batched {c.seconds:6.1f} s for {cfg.seeds} nets "
              f"({1000 * c.seconds / cfg.seeds / cfg.steps:.3f} ms a net-step); one at a time "
              f"{single[c.width]:.2f} s a net -> {single[c.width] * cfg.seeds:6.1f} s")
    print(f"batched sweep, whole: {batched:.1f} s wall")
    print(f"one at a time (nn.Sequential + torch.optim.Adam, {args.single_seeds} seeds a width, scaled to "
          f"{cfg.seeds}): {single_total:.1f} s")
    print(f"speed-up: {single_total / batched:.1f}x")


if __name__ == "__main__":
    main()
