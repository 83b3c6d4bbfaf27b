"""Tests for models/width.py: the sweep over widths and depths, the merged
share, the text table and the claims (small, fast settings)."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from torch import nn

from models import fold, width
from models.claims import ClaimResult, claims_for
from models.fold.batched import train_many
from models.fold.datasets import make_dataset
from models.fold.network import FoldConfig, make_net
from models.fold.training import train
from models.outcome import Outcome
from models.width import (
    SweepConfig,
    SweepResult,
    chunk_size,
    merged_share,
    run_sweep,
    table,
    train_cell,
)


@pytest.fixture(scope="module")
def circles300():
    return make_dataset("circles", 300, 0)


@pytest.fixture(scope="module")
def small_sweep() -> Outcome[SweepResult]:
    cfg = SweepConfig(widths=(2, 8), depths=(4,), seeds=6, steps=120, n_points=300)
    return run_sweep(cfg)


# ------------------------------------------------------------------ config


@pytest.mark.parametrize("kwargs,needle", [
    (dict(dataset="mnist"), "unknown data set 'mnist'"),
    (dict(widths=()), "at least one width"),
    (dict(widths=(0, 2)), "width 0 is out of range"),
    (dict(widths=(2, 65)), "width 65"),
    (dict(depths=()), "at least one depth"),
    (dict(depths=(0,)), "depth 0"),
    (dict(depths=(9,)), "depth 9"),
    (dict(widths=(2, 2)), "only once"),
    (dict(seeds=0), "seeds must be between"),
    (dict(seeds=-5), "seeds must be between"),
    (dict(steps=0), "steps must be between"),
    (dict(lr=0.0), "learning rate"),
    (dict(lr=float("nan")), "learning rate"),
    (dict(n_points=3), "points must be"),
    (dict(first_seed=-1), "cannot be negative"),
])
def test_bad_config_is_one_line_value_error(kwargs, needle):
    with pytest.raises(ValueError) as err:
        SweepConfig(**kwargs).check()
    assert needle in str(err.value) and "\n" not in str(err.value)


def test_config_cells_seeds_and_total():
    cfg = SweepConfig(widths=(2, 4), depths=(3, 5), seeds=7, steps=10, first_seed=3)
    cfg.check()
    assert cfg.cells == [(2, 3), (4, 3), (2, 5), (4, 5)]
    assert cfg.seed_list == list(range(3, 10))
    assert cfg.total_steps == 4 * 7 * 10
    default = SweepConfig()
    assert (default.widths, default.depths, default.seeds, default.steps) == ((2, 3, 4, 8, 16), (4,), 100, 1000)


def test_chunk_size_keeps_activations_small():
    assert chunk_size(2, 1000, 100) == 100
    assert chunk_size(16, 1000, 100) == width.CHUNK_FLOATS // 16000
    assert chunk_size(64, 100_000, 100) == 1
    assert chunk_size(2, 10, 3) == 3


# ------------------------------------------------------------------ merged share


def test_merged_share_counts_points_sharing_a_place():
    h = np.array([[[0.0, 0.0, 1.0, 0.0, 2.0],
                   [0.0, -0.0, 1.0, 0.0, 3.0]],  # -0.0 is the same place as 0.0
                  [[1.0, 2.0, 3.0, 4.0, 5.0],
                   [0.0, 0.0, 0.0, 0.0, 0.0]]])  # (S=2, width=2, N=5)
    np.testing.assert_allclose(merged_share(h), [3 / 5, 0.0])
    np.testing.assert_allclose(merged_share(torch.as_tensor(h)), [3 / 5, 0.0])
    assert merged_share(np.zeros((1, 3, 4)))[0] == 1.0


def test_merged_share_agrees_with_the_fold_lessons_merge_groups(small_sweep):
    cfg = small_sweep.value.config
    data = make_dataset(cfg.dataset, cfg.n_points, cfg.data_seed)
    cell = small_sweep.value.cell(2, 4)
    for i, seed in enumerate(cell.seeds):
        w = cell.weights(seed)
        steps = fold.substeps(w)
        labels = fold.merge_groups(fold.trajectory(w, data.X), steps)
        last_relu = max(k for k, s in enumerate(steps) if s.kind == "relu")
        points, _places = fold.merged_count(labels[last_relu])
        # float32 (batched) against float64 (fold): a point or two may differ
        assert abs(points / len(data) - cell.merged_share[i]) <= 0.01


# ------------------------------------------------------------------ training


def test_batched_losses_equal_one_at_a_time_sequential_and_torch_adam(circles300):
    """The batched trainer against the plainest reference: one nn.Sequential
    per seed (same initial weights), torch.optim.Adam, full batch."""
    cfg = FoldConfig(3, 3, 2)
    seeds = [0, 5, 11]
    steps = 40
    m = train_many(cfg, circles300, seeds, steps=steps, lr=1e-2)
    X = torch.as_tensor(circles300.X)
    y = torch.as_tensor(circles300.y)
    for i, s in enumerate(seeds):
        src = make_net(cfg, s)
        layers: list[nn.Module] = []
        for lin in src.hidden:
            layers += [lin, nn.ReLU()]
        seq = nn.Sequential(*layers, src.out)
        opt = torch.optim.Adam(seq.parameters(), lr=1e-2)
        losses = []
        for _ in range(steps):
            loss = F.cross_entropy(seq(X), y)
            losses.append(loss.item())
            opt.zero_grad()
            loss.backward()
            opt.step()
        np.testing.assert_allclose(m.losses[:, i], losses, rtol=1e-4, atol=1e-6)


def test_train_cell_in_chunks_matches_single_runs(circles300, monkeypatch):
    monkeypatch.setattr(width, "CHUNK_FLOATS", 2 * 4 * 300)  # chunks of 2 seeds at width 4
    seeds = [0, 1, 2, 3, 4]
    calls = []
    cell = train_cell(4, 2, circles300, seeds, steps=30, lr=1e-2, on_steps=calls.append)
    assert sum(calls) == len(seeds) * 30
    assert cell.seeds == seeds and cell.final_accuracy.shape == (5,) and cell.merged_share.shape == (5,)
    for i, s in enumerate(seeds):
        r = train(FoldConfig(4, 2, 2), circles300, seed=s, steps=30).value
        assert abs(cell.final_accuracy[i] - r.accuracy) <= 2 / len(circles300)
        assert abs(cell.final_loss[i] - r.losses[-1]) <= 1e-4
        w = cell.weights(s)
        for (Wa, ba), (Wb, bb) in zip(w.layers, r.weights.layers):
            np.testing.assert_allclose(Wa, Wb, atol=1e-4)
            np.testing.assert_allclose(ba, bb, atol=1e-4)


def test_train_cell_stopped_returns_none(circles300):
    assert train_cell(2, 2, circles300, [0, 1], steps=10, lr=1e-2, should_stop=lambda: True) is None


def test_three_classes_have_a_head():
    cfg = SweepConfig(dataset="spiral3", widths=(3,), seeds=2, steps=5, n_points=90)
    r = run_sweep(cfg).value
    cell = r.cells[0]
    assert cell.head is not None
    w = cell.weights(0)
    assert w.n_classes == 3 and w.width == 3 and w.depth == 4
    data = make_dataset("spiral3", 90, 0)
    assert abs(fold.accuracy(w, data.X, data.y) - cell.final_accuracy[0]) <= 2 / 90


# ------------------------------------------------------------------ results


def test_sweep_cells_and_results(small_sweep):
    r = small_sweep.value
    assert r.complete and small_sweep.done and r.seconds > 0
    assert small_sweep.steps_done == 2 * 6 * 120
    assert [(c.width, c.depth) for c in r.cells] == r.config.cells
    assert r.cell(16, 4) is None
    data = make_dataset("circles", 300, 0)
    for c in r.cells:
        assert c.final_accuracy.shape == c.step_to_95.shape == c.merged_share.shape == (6,)
        assert np.all((c.merged_share >= 0) & (c.merged_share <= 1))
        assert np.all((c.step_to_95 == -1) | ((c.step_to_95 >= 0) & (c.step_to_95 < 120)))
        assert c.success_rate == pytest.approx(np.mean(c.final_accuracy >= 0.95))
        assert c.failed_seeds == [s for s, a in zip(c.seeds, c.final_accuracy) if a < 0.95]
        assert c.successes_text().endswith(f"of {len(c.seeds)} seeds)")
        for s in c.seeds[:2]:
            w = c.weights(s)
            assert w.meta["seed"] == s and w.width == c.width
            assert abs(fold.accuracy(w, data.X, data.y) - c.final_accuracy[c.index_of(s)]) <= 2 / 300
        reached = c.step_to_95[c.step_to_95 >= 0]
        med = c.median_steps_to_95
        assert (math.isnan(med) and len(reached) == 0) or med == np.median(reached)
        d = c.as_dict()
        assert d["seeds"] == 6 and d["successes"] == int(c.success.sum())
    # the lecture's point, even at this small scale: width 8 beats width 2
    narrow, wide = r.cell(2, 4), r.cell(8, 4)
    assert narrow.success_rate < wide.success_rate
    assert narrow.merged_share.mean() > wide.merged_share.mean()
    d = r.as_dict()
    assert d["complete"] and not d["cancelled"] and len(d["cells"]) == 2 and d["widths"] == [2, 8]


def test_table_lists_every_cell(small_sweep):
    text = table(small_sweep)
    lines = text.splitlines()
    assert lines[0].startswith("circles: 6 seeds per cell, 120 Adam steps")
    assert len(lines) == 2 + 2 + 1
    assert lines[2].split()[:2] == ["2", "4"] and lines[3].split()[:2] == ["8", "4"]
    assert lines[-1].startswith("done: 2 of 2 cells")


def test_progress_and_cells_are_reported():
    cfg = SweepConfig(widths=(2, 3), seeds=2, steps=7, n_points=50)
    seen, cells = [], []
    r = run_sweep(cfg, on_progress=lambda d, t: seen.append((d, t)), on_cell=cells.append).value
    assert seen[-1] == (cfg.total_steps, cfg.total_steps)
    assert all(b[0] >= a[0] for a, b in zip(seen, seen[1:]))
    assert [c.width for c in cells] == [2, 3] and cells == r.cells


def test_cancel_keeps_the_finished_cells_only():
    cfg = SweepConfig(widths=(2, 3, 4), seeds=3, steps=20, n_points=60)
    state = {"n": 0}

    def stop() -> bool:  # stops in the middle of the second cell
        state["n"] += 1
        return state["n"] > 30

    run = run_sweep(cfg, should_stop=stop, workers=1)
    r = run.value
    assert run.stopped and not r.complete and run.steps_done == 3 * 20
    assert [(c.width, c.depth) for c in r.cells] == [(2, 4)]
    assert r.cells[0].final_accuracy.shape == (3,)
    assert table(run).splitlines()[-1].startswith("stopped: 1 of 3 cells")
    assert r.as_dict(stopped=True)["cancelled"]
    r0 = run_sweep(cfg, should_stop=lambda: True)
    assert r0.stopped and r0.value.cells == []


def test_run_sweep_checks_its_config():
    with pytest.raises(ValueError):
        run_sweep(SweepConfig(widths=(0,)))


# ------------------------------------------------------------------ claims


def test_claims_are_registered():
    assert claims_for("width") == width.CLAIMS
    assert [f.__name__ for f in width.CLAIMS] == ["claim_circles_width2_below_width8",
                                                   "claim_spiral_width2_below_width8"]


def test_circles_claim_small_scale_passes_and_reports_rates_and_seeds():
    r = width.claim_circles_width2_below_width8(seeds=8, steps=250)
    assert isinstance(r, ClaimResult) and r.lesson == "width"
    assert r.passed, r.evidence
    assert "width 2:" in r.evidence and "width 8:" in r.evidence and "of 8 seeds" in r.evidence


def test_claim_fails_when_narrow_is_not_worse(monkeypatch):
    real = width.run_sweep

    def swapped(cfg, **kw):  # train width 8 where width 2 is asked for, and back
        res = real(cfg, **kw)
        for c in res.value.cells:
            c.width = 8 if c.width == 2 else 2
        return res

    monkeypatch.setattr(width, "run_sweep", swapped)
    r = width.claim_spiral_width2_below_width8(seeds=4, steps=150)
    assert not r.passed and "spiral2" in r.evidence and "of 4 seeds" in r.evidence


def test_make_net_uses_its_own_generator_and_matches_manual_seed():
    """make_net draws what torch.manual_seed(seed) + FoldNet(cfg) would, and
    leaves the global random state alone (so threads can make nets at once)."""
    import threading

    from models.fold.network import FoldNet

    for cfg in (FoldConfig(2, 4, 2), FoldConfig(3, 2, 3), FoldConfig(16, 4, 2)):
        for seed in (0, 7, 1339):
            state = torch.random.get_rng_state()
            torch.manual_seed(seed)
            ref = FoldNet(cfg)
            torch.random.set_rng_state(state)
            before = torch.random.get_rng_state()
            net = make_net(cfg, seed)
            assert torch.equal(before, torch.random.get_rng_state())
            for a, b in zip(ref.parameters(), net.parameters()):
                assert torch.equal(a, b)
    # many threads at once give every seed its own weights
    seeds = list(range(40))
    out = {}

    def build(s):
        out[s] = make_net(FoldConfig(8, 4, 2), s).out.weight.detach().clone()

    threads = [threading.Thread(target=build, args=(s,)) for s in seeds]
    [t.start() for t in threads]
    [t.join() for t in threads]
    for s in seeds:
        assert torch.equal(out[s], make_net(FoldConfig(8, 4, 2), s).out.weight)


def test_chunks_and_workers():
    # 200,000 floats a chunk: 12 seeds of width 16 on 1,000 points (8 x 12 + 4)
    assert width.chunks_of(16, 1000, list(range(100))) == [list(range(i, min(i + 12, 100)))
                                                           for i in range(0, 100, 12)]
    assert width.chunks_of(2, 1000, list(range(100))) == [list(range(100))]
    assert width.sweep_workers("cuda:0") == 1
    assert width.sweep_workers("cpu") >= 1


def test_parallel_sweep_equals_the_sequential_one():
    cfg = SweepConfig(widths=(2, 3, 16), seeds=30, steps=15, n_points=300)
    seq = run_sweep(cfg, workers=1).value
    seen, cells = [], []
    par = run_sweep(cfg, workers=3, on_progress=lambda d, t: seen.append(d), on_cell=cells.append).value
    assert [c.width for c in par.cells] == [2, 3, 16] and cells == par.cells  # reported in config order
    assert seen == sorted(seen) and seen[-1] == cfg.total_steps
    for a, b in zip(seq.cells, par.cells):
        assert a.seeds == b.seeds
        np.testing.assert_array_equal(a.final_accuracy, b.final_accuracy)
        np.testing.assert_array_equal(a.step_to_95, b.step_to_95)
        np.testing.assert_allclose(a.final_loss, b.final_loss, rtol=1e-6)
        for (wa, ba), (wb, bb) in zip(a.layers, b.layers):
            np.testing.assert_allclose(wa, wb, rtol=1e-6, atol=1e-7)


def test_parallel_cancel_keeps_only_whole_cells():
    cfg = SweepConfig(widths=(2, 3, 4, 8), seeds=4, steps=30, n_points=80)
    calls = {"n": 0}

    def stop() -> bool:
        calls["n"] += 1
        return calls["n"] > 60

    run = run_sweep(cfg, should_stop=stop, workers=2)
    r = run.value
    assert run.stopped and not r.complete
    for c in r.cells:
        assert c.final_accuracy.shape == (4,) and len(c.layers) == 5
    assert len({(c.width, c.depth) for c in r.cells}) == len(r.cells) < 4


def test_steps_are_reported_per_cell_when_cells_train_at_once():
    """on_cell_steps says whose steps they are: with two workers, chunks of
    two cells train at the same time (the lesson draws each cell's share)."""
    cfg = SweepConfig(widths=(2, 3, 16), seeds=30, steps=15, n_points=300)
    per_cell = [0] * len(cfg.cells)
    both = []

    def cell_steps(ci: int, n: int) -> None:
        per_cell[ci] += n

    def progress(done: int, _total: int) -> None:
        assert sum(per_cell) == done  # told before each progress report
        both.append(sum(1 for c, n in enumerate(per_cell) if 0 < n < cfg.seeds * cfg.steps))

    run_sweep(cfg, workers=2, on_progress=progress, on_cell_steps=cell_steps)
    assert per_cell == [cfg.seeds * cfg.steps] * len(cfg.cells)
    assert max(both) >= 2  # two cells part-way at one moment
