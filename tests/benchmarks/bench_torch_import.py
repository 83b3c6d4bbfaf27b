"""Benchmark: the longest time the UI thread is kept waiting while PyTorch
imports on a background thread, with and without tui.torchload.preload.

Each run is a fresh process: a background thread imports torch (after
``preload()`` or not) while the main thread sleeps 1 ms in a loop and records
the gaps between its wake-ups (a gap is a stretch in which the UI could not
have answered a key). Runs alternate; medians are printed.

    python tests/benchmarks/bench_torch_import.py [--runs 5]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

CHILD = """
import json, sys, threading, time
sys.path.insert(0, {root!r})
from tui import torchload
def load():
    if {preload}:
        torchload.preload()
    import torch
    torch.set_num_threads(1)
    torch.ones(1) + 1
t0 = time.perf_counter()
t = threading.Thread(target=load); t.start()
gaps, last = [], time.perf_counter()
while t.is_alive():
    time.sleep(0.001)
    now = time.perf_counter(); gaps.append(now - last); last = now
print(json.dumps({{"max": max(gaps), "over_100ms": sum(g > 0.1 for g in gaps), "total": time.perf_counter() - t0}}))
"""


def run(preload: bool) -> dict:
    code = CHILD.format(root=str(ROOT), preload=preload)
    return json.loads(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    results = {False: [], True: []}
    for _ in range(args.runs):
        for preload in (False, True):
            results[preload].append(run(preload))
    for preload, rows in results.items():
        print(f"{'with preload' if preload else 'plain import':>13}: longest stall median "
              f"{statistics.median(r['max'] for r in rows) * 1000:.0f} ms (max {max(r['max'] for r in rows) * 1000:.0f}), "
              f"stalls > 100 ms per import {statistics.median(r['over_100ms'] for r in rows):.0f}, "
              f"import median {statistics.median(r['total'] for r in rows):.2f} s (n={len(rows)})")


if __name__ == "__main__":
    main()
