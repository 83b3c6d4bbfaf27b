"""Width and training: why are 2-neuron layers hard to train?

The lecture's claim: with 2 neurons per hidden layer a bias can push points
out of the positive quadrant, the ReLU then sends them to the same place, and
from there on no layer can tell them apart again. Wider (or deeper) networks
have room to spare, so training succeeds far more often.

This module turns the claim into an experiment: for every (width, depth)
"cell" it trains one network per seed, all seeds at once in one batched
computation (``models.fold.batched.train_many``), and records per network

- the final accuracy (a seed "succeeds" when it reaches >= 95 %),
- the first step at which it reached 95 % (-1: never),
- the share of data points merged at the last hidden layer: points whose
  hidden vectors are identical to another point's (collapsed together).

numpy + PyTorch only; the lesson screen and ``nn-explorer sweep`` both call
:func:`run_sweep`.
"""

from __future__ import annotations

import math
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from models.fold import FoldWeights
from models.fold import ACTIVATIONS
from models.fold.datasets import DATASETS, Dataset, make_dataset
from models.outcome import Outcome

SUCCESS = 0.95  # final accuracy that counts as a success
MAX_WIDTH = 64
MAX_DEPTH = 8
MAX_SEEDS = 1000
MAX_STEPS = 20000
#: seeds trained together in one batched run are capped so that one hidden
#: activation (chunk x width x points floats) stays about 0.8 MB: the tensors
#: stay in cache, and the sweep's two threads share the work evenly to the
#: end. Measured, default sweep, 2 threads (tests/benchmarks/bench_sweep.py):
#: 400,000 floats 60.4 s, 200,000 floats 52.8 s, 100,000 floats 65.8 s.
CHUNK_FLOATS = 200_000
#: PyTorch CPU threads for ``nn-explorer sweep`` and the benchmark (the app
#: keeps its one thread): see the README for the 1-versus-2 measurement
SWEEP_THREADS = 1


@dataclass(frozen=True)
class SweepConfig:
    dataset: str = "circles"
    widths: tuple[int, ...] = (2, 3, 4, 8, 16)
    depths: tuple[int, ...] = (4,)
    seeds: int = 100  # seeds per cell: first_seed, first_seed + 1, ...
    steps: int = 1000
    lr: float = 1e-2
    n_points: int = 1000
    data_seed: int = 0
    first_seed: int = 0
    activation: str = "relu"  # the hidden layers' (models.fold.ACTIVATIONS)
    #: a user's data set (models.fold.datasets.load_csv, ``sweep --data``): used
    #: instead of ``dataset`` (which then holds its name)
    data: Dataset | None = field(default=None, compare=False, repr=False)

    def check(self) -> None:
        """Raise ValueError with a one-line message for values we cannot run."""
        if self.data is None and self.dataset not in DATASETS:
            raise ValueError(f"unknown data set {self.dataset!r} (choose from: {', '.join(DATASETS)})")
        if self.activation not in ACTIVATIONS:
            raise ValueError(f"unknown activation {self.activation!r} (choose from: {', '.join(ACTIVATIONS)})")
        if not self.widths:
            raise ValueError("give at least one width")
        for w in self.widths:
            if not 1 <= w <= MAX_WIDTH:
                raise ValueError(f"width {w} is out of range (1 to {MAX_WIDTH})")
        if not self.depths:
            raise ValueError("give at least one depth")
        for d in self.depths:
            if not 1 <= d <= MAX_DEPTH:
                raise ValueError(f"depth {d} is out of range (1 to {MAX_DEPTH})")
        if len(set(self.widths)) != len(self.widths) or len(set(self.depths)) != len(self.depths):
            raise ValueError("each width and each depth may be given only once")
        if not 1 <= self.seeds <= MAX_SEEDS:
            raise ValueError(f"seeds must be between 1 and {MAX_SEEDS}, not {self.seeds}")
        if not 1 <= self.steps <= MAX_STEPS:
            raise ValueError(f"steps must be between 1 and {MAX_STEPS}, not {self.steps}")
        if not (self.lr > 0 and math.isfinite(self.lr)):
            raise ValueError("the learning rate must be a positive finite number")
        if self.data is None and not 4 <= self.n_points <= 100_000:
            raise ValueError(f"points must be between 4 and 100000, not {self.n_points}")
        if self.first_seed < 0 or self.data_seed < 0:
            raise ValueError("seeds cannot be negative")

    @property
    def cells(self) -> list[tuple[int, int]]:
        """(width, depth) pairs in the order they are trained: depth-major."""
        return [(w, d) for d in self.depths for w in self.widths]

    @property
    def seed_list(self) -> list[int]:
        return list(range(self.first_seed, self.first_seed + self.seeds))

    @property
    def total_steps(self) -> int:
        """Network-steps of the whole sweep (for progress bars)."""
        return len(self.cells) * self.seeds * self.steps


@dataclass
class CellResult:
    """One (width, depth) cell: one entry per seed in every array."""

    width: int
    depth: int
    seeds: list[int]
    final_accuracy: np.ndarray  # (S,)
    step_to_95: np.ndarray  # (S,) first step with accuracy >= 95 %, -1 if never
    merged_share: np.ndarray  # (S,) share of points merged at the last hidden layer
    final_loss: np.ndarray  # (S,)
    seconds: float
    dataset: str = "circles"
    activation: str = "relu"
    #: the trained weights, stacked: [(W (S, out, in), b (S, out))] and the head
    layers: list[tuple[np.ndarray, np.ndarray]] = field(default_factory=list, repr=False)
    head: tuple[np.ndarray, np.ndarray] | None = field(default=None, repr=False)

    @property
    def success(self) -> np.ndarray:
        return self.final_accuracy >= SUCCESS

    @property
    def success_rate(self) -> float:
        return float(self.success.mean()) if len(self.seeds) else float("nan")

    @property
    def failed_seeds(self) -> list[int]:
        return [s for s, ok in zip(self.seeds, self.success) if not ok]

    @property
    def median_steps_to_95(self) -> float:
        """Median over the seeds that reached 95 % (nan when none did)."""
        reached = self.step_to_95[self.step_to_95 >= 0]
        return float(np.median(reached)) if len(reached) else float("nan")

    def successes_text(self) -> str:
        return f"{100 * self.success_rate:.0f} % ({int(self.success.sum())} of {len(self.seeds)} seeds)"

    def index_of(self, seed: int) -> int:
        return self.seeds.index(seed)

    def weights(self, seed: int) -> FoldWeights:
        """The trained network of one seed, ready for the Fold lesson."""
        i = self.index_of(seed)
        layers = [(W[i].astype(np.float64), b[i].astype(np.float64)) for W, b in self.layers]
        head = (self.head[0][i].astype(np.float64), self.head[1][i].astype(np.float64)) if self.head else None
        meta = {"seed": seed, "dataset": self.dataset, "accuracy": float(self.final_accuracy[i]),
                "source": "width sweep"}
        return FoldWeights(layers, head, meta, self.activation)

    def as_dict(self) -> dict:
        return {
            "width": self.width, "depth": self.depth, "activation": self.activation, "seeds": len(self.seeds),
            "success_rate": self.success_rate, "successes": int(self.success.sum()),
            "mean_accuracy": float(self.final_accuracy.mean()),
            "median_steps_to_95": None if math.isnan(self.median_steps_to_95) else self.median_steps_to_95,
            "reached_95": int((self.step_to_95 >= 0).sum()),
            "mean_merged_share": float(self.merged_share.mean()),
            "seconds": round(self.seconds, 3),
        }


@dataclass
class SweepResult:
    """The cells of a sweep (the value of ``run_sweep``'s Outcome)."""

    config: SweepConfig
    cells: list[CellResult]  # the finished cells, in the order of config.cells
    seconds: float = 0.0
    device: str = "cpu"

    @property
    def complete(self) -> bool:
        return len(self.cells) == len(self.config.cells)

    def cell(self, width: int, depth: int) -> CellResult | None:
        return next((c for c in self.cells if (c.width, c.depth) == (width, depth)), None)

    def as_dict(self, stopped: bool = False) -> dict:
        cfg = self.config
        return {
            "dataset": cfg.dataset, "activation": cfg.activation, "widths": list(cfg.widths), "depths": list(cfg.depths),
            "seeds": cfg.seeds, "steps": cfg.steps, "lr": cfg.lr, "points": cfg.n_points,
            "device": self.device, "complete": self.complete, "cancelled": stopped,
            "seconds": round(self.seconds, 3), "cells": [c.as_dict() for c in self.cells],
        }


# ------------------------------------------------------------------ the maths


def merged_share(hidden) -> np.ndarray:
    """Share of points collapsed onto another point, per network.

    hidden: (S, width, N) activations of the last hidden layer (a torch tensor
    or an array). Two points are merged when their hidden vectors are
    identical: once a ReLU has sent them to the same place, every later layer
    computes the same thing for both, bit for bit.
    """
    h = hidden.detach().cpu().numpy() if hasattr(hidden, "detach") else np.asarray(hidden)
    out = np.zeros(h.shape[0])
    for s in range(h.shape[0]):
        rows = h[s].T + 0.0  # (N, width); + 0.0 turns -0.0 into 0.0
        _, counts = np.unique(rows, axis=0, return_counts=True)
        out[s] = counts[counts > 1].sum() / rows.shape[0]
    return out


def chunk_size(width: int, n_points: int, n_seeds: int) -> int:
    return max(1, min(n_seeds, CHUNK_FLOATS // max(1, width * n_points)))


def _train_chunk(width: int, depth: int, data, chunk: list[int], *, steps: int, lr: float, device="cpu",
                 on_steps: Callable[[int], None] | None = None,
                 should_stop: Callable[[], bool] | None = None, activation: str = "relu"):
    """Train the networks of ``chunk`` (seeds) together and score them:
    (ManyResult, merged share, final loss), or None when stopped."""
    import torch

    from models.fold.batched import train_many
    from models.fold.network import FoldConfig
    from models.fold.training import tensors

    if should_stop is not None and should_stop():
        return None
    cfg = FoldConfig(width, depth, data.n_classes, activation)
    X, _y = tensors(data, device)
    last = [0]

    def progress(done: int, _total: int, n=len(chunk)) -> None:
        if on_steps is not None:
            on_steps((done - last[0]) * n)
        last[0] = done

    m = train_many(cfg, data, chunk, steps=steps, lr=lr, device=device, on_progress=progress,
                   should_stop=should_stop)
    if m.steps_done < steps:
        return None
    with torch.no_grad():
        merged = merged_share(m.nets.hidden(X))
        logits = m.nets.forward(X)
        y_s = torch.as_tensor(data.y, device=logits.device).expand(len(chunk), -1)
        loss = torch.nn.functional.cross_entropy(logits, y_s, reduction="none").mean(1)
    return m, merged, loss.cpu().numpy()


def _assemble(width: int, depth: int, data, seeds: list[int], parts: list, seconds: float,
              activation: str = "relu") -> CellResult:
    """One cell's result from its chunks' (in seed order)."""

    def cat(arrays) -> np.ndarray:
        return np.concatenate(list(arrays))

    def stack(get) -> np.ndarray:
        return np.concatenate([get(m.nets).detach().cpu().numpy() for m, _, _ in parts])

    n_lin = depth + 1
    layers = [(stack(lambda n, i=i: n.W[i]), stack(lambda n, i=i: n.b[i])) for i in range(n_lin)]
    head = (stack(lambda n: n.hW), stack(lambda n: n.hb)) if data.n_classes > 2 else None
    return CellResult(width, depth, list(seeds),
                      cat(m.final_accuracy for m, _, _ in parts).astype(np.float64),
                      cat(m.step_to_95 for m, _, _ in parts).astype(np.int64),
                      cat(mg for _, mg, _ in parts), cat(ls for _, _, ls in parts).astype(np.float64),
                      seconds, data.name, activation, layers, head)


def chunks_of(width: int, n_points: int, seeds: list[int]) -> list[list[int]]:
    size = chunk_size(width, n_points, len(seeds))
    return [seeds[i:i + size] for i in range(0, len(seeds), size)]


def train_cell(width: int, depth: int, data, seeds: list[int], *, steps: int, lr: float,
               device="cpu", on_steps: Callable[[int], None] | None = None,
               should_stop: Callable[[], bool] | None = None, activation: str = "relu") -> CellResult | None:
    """Train one network per seed (batched, in cache-sized chunks) and score
    them; None when stopped before the cell was finished."""
    t0 = time.perf_counter()
    parts = []
    for chunk in chunks_of(width, len(data), seeds):
        part = _train_chunk(width, depth, data, chunk, steps=steps, lr=lr, device=device, on_steps=on_steps,
                            should_stop=should_stop, activation=activation)
        if part is None:
            return None
        parts.append(part)
    return _assemble(width, depth, data, seeds, parts, time.perf_counter() - t0, activation)


def sweep_workers(device) -> int:
    """Chunks trained at the same time. On the CPU, one per core, each
    running its PyTorch ops on one thread: these tensors are too small for
    PyTorch's own threads to pay (measured on 2 cores: 2 intra-op threads made
    the default sweep 1.45x faster, 2 chunks at once about 1.8x). On CUDA one."""
    if str(device).startswith("cuda"):
        return 1
    return max(1, min(os.cpu_count() or 1, 8))


def run_sweep(cfg: SweepConfig, *, device="cpu", workers: int | None = None,
              on_progress: Callable[[int, int], None] | None = None,
              on_cell: Callable[[CellResult], None] | None = None,
              should_stop: Callable[[], bool] | None = None,
              on_cell_steps: Callable[[int, int], None] | None = None) -> Outcome[SweepResult]:
    """Train every (width, depth) cell of the sweep. The cells are cut into
    chunks of seeds, and ``workers`` chunks train at once (threads: PyTorch
    releases the interpreter lock inside its ops). Cells are reported to
    on_cell, and kept, in the order of ``cfg.cells``.

    on_progress(done, total) counts network-steps; on_cell_steps(cell, n),
    called just before it, says which cell (its index in ``cfg.cells``) the
    n new network-steps belong to: with several workers, chunks of two or
    more cells train at the same time. When should_stop() turns
    true the chunks in training are dropped and the outcome is "stopped",
    with the finished cells. (A seed whose loss turns non-finite simply
    fails its cell's test: a sweep does not diverge.) steps_done counts
    network-steps of the cells kept.
    """
    from concurrent.futures import ThreadPoolExecutor

    cfg.check()
    t0 = time.perf_counter()
    data = cfg.data if cfg.data is not None else make_dataset(cfg.dataset, cfg.n_points, cfg.data_seed)
    result = SweepResult(cfg, [], device=str(device))
    workers = sweep_workers(device) if workers is None else max(1, workers)
    lock = threading.Lock()
    done = [0]
    total = cfg.total_steps
    stopped = [False]

    def stop() -> bool:
        if not stopped[0] and should_stop is not None and should_stop():
            stopped[0] = True
        return stopped[0]

    def add(n: int, ci: int) -> None:
        with lock:  # reported in order, from whichever thread
            done[0] += n
            if on_cell_steps is not None:
                on_cell_steps(ci, n)
            if on_progress is not None:
                on_progress(done[0], total)

    seeds = cfg.seed_list
    jobs = []  # (cell index, chunk index, chunk)
    n_chunks = []
    for ci, (width, depth) in enumerate(cfg.cells):
        chunks = chunks_of(width, len(data), seeds)
        n_chunks.append(len(chunks))
        jobs += [(ci, k, chunk) for k, chunk in enumerate(chunks)]
    parts: dict[int, dict[int, tuple]] = {ci: {} for ci in range(len(cfg.cells))}
    seconds = [0.0] * len(cfg.cells)
    finished: dict[int, CellResult] = {}
    reported = [0]

    def flush() -> None:  # report finished cells in the order of cfg.cells
        while reported[0] in finished:
            cell = finished[reported[0]]
            result.cells.append(cell)
            reported[0] += 1
            if on_cell is not None:
                on_cell(cell)

    def run(job):
        ci, k, chunk = job
        width, depth = cfg.cells[ci]
        t = time.perf_counter()
        part = _train_chunk(width, depth, data, chunk, steps=cfg.steps, lr=cfg.lr, device=device,
                            on_steps=lambda n: add(n, ci), should_stop=stop, activation=cfg.activation)
        return job, part, time.perf_counter() - t

    def collect(job, part, spent) -> None:
        ci, k, _chunk = job
        if part is None:
            stopped[0] = True
            return
        parts[ci][k] = part
        seconds[ci] += spent
        if len(parts[ci]) == n_chunks[ci]:
            width, depth = cfg.cells[ci]
            finished[ci] = _assemble(width, depth, data, seeds, [parts[ci][i] for i in range(n_chunks[ci])],
                                     seconds[ci], cfg.activation)
            flush()

    if workers == 1:
        for job in jobs:
            collect(*run(job))
            if stopped[0]:
                break
    else:
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="sweep") as pool:
            for job, part, spent in pool.map(run, jobs):
                collect(job, part, spent)
    if stopped[0]:
        # keep every cell that finished, after those already reported
        result.cells += [finished[ci] for ci in sorted(finished) if ci >= reported[0]]
    result.seconds = time.perf_counter() - t0
    kept = len(result.cells) * cfg.seeds * cfg.steps
    if stopped[0]:
        return Outcome("stopped", result, f"stopped after {len(result.cells)} of {len(cfg.cells)} cells", kept)
    return Outcome("done", result, steps_done=kept)


# ------------------------------------------------------------------ text


def table(outcome: Outcome[SweepResult]) -> str:
    """The sweep as a plain text table (what ``nn-explorer sweep`` prints)."""
    result = outcome.value
    cfg = result.config
    name = cfg.data.title if cfg.data is not None else cfg.dataset
    act = "" if cfg.activation == "relu" else f", activation {cfg.activation}"
    head = (f"{name}: {cfg.seeds} seeds per cell, {cfg.steps} Adam steps (lr {cfg.lr:g}), "
            f"{cfg.n_points} points{act}, device {result.device}")
    lines = [head,
             f"{'width':>5} {'depth':>5} {'success':>8} {'seeds':>6} {'mean acc':>9} "
             f"{'steps to 95%':>12} {'merged':>7} {'time':>7}"]
    for c in result.cells:
        med = c.median_steps_to_95
        med_s = "never" if math.isnan(med) else f"{med:.0f}"
        lines.append(f"{c.width:>5} {c.depth:>5} {100 * c.success_rate:>7.0f}% {len(c.seeds):>6} "
                     f"{100 * c.final_accuracy.mean():>8.1f}% {med_s:>12} {100 * c.merged_share.mean():>6.1f}% "
                     f"{c.seconds:>6.1f}s")
    status = "stopped" if outcome.stopped else ("done" if result.complete else "incomplete")
    lines.append(f"{status}: {len(result.cells)} of {len(cfg.cells)} cells in {result.seconds:.1f} s "
                 "(success: final accuracy >= 95 %; steps to 95 %: median over the seeds that got there; "
                 "merged: mean share of points collapsed together at the last hidden layer)")
    return "\n".join(lines)


# ------------------------------------------------------------------ claims


def _narrow_vs_wide(dataset: str, device: str, seeds: int, steps: int):
    from models.claims import ClaimResult

    cfg = SweepConfig(dataset=dataset, widths=(2, 8), depths=(4,), seeds=seeds, steps=steps)
    result = run_sweep(cfg, device=device).value
    narrow, wide = result.cell(2, 4), result.cell(8, 4)
    ok = narrow is not None and wide is not None and narrow.success_rate < wide.success_rate
    evidence = (f"{dataset}, depth 4, {seeds} seeds per width, {steps} Adam steps (lr 1e-2): "
                f"success (final accuracy >= 95 %) at width 2: {narrow.successes_text()}; "
                f"at width 8: {wide.successes_text()}; mean share of points merged at the last hidden layer: "
                f"{100 * narrow.merged_share.mean():.1f} % vs {100 * wide.merged_share.mean():.1f} %")
    return ClaimResult("width", f"On {dataset}, 2-neuron layers succeed less often than 8-neuron layers",
                       evidence, ok)


def claim_circles_width2_below_width8(device: str = "cpu", seeds: int = 100, steps: int = 1000):
    return _narrow_vs_wide("circles", device, seeds, steps)


def claim_spiral_width2_below_width8(device: str = "cpu", seeds: int = 100, steps: int = 1000):
    return _narrow_vs_wide("spiral2", device, seeds, steps)


CLAIMS = [claim_circles_width2_below_width8, claim_spiral_width2_below_width8]
