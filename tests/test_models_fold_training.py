"""Tests for models/fold/training.py (one network at a time) and
models/fold/batched.py (many seeds at once, which must follow the same paths)."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from models import fold
from models.fold.batched import StackedFoldNets, train_many
from models.fold.datasets import Dataset, make_dataset
from models.fold.network import FoldConfig, from_weights, make_net, to_weights
from models.fold.training import Progress, TrainResult, tensors, train
from models.outcome import Outcome


@pytest.fixture(scope="module")
def circles200() -> Dataset:
    return make_dataset("circles", 200, 0)


@pytest.fixture(scope="module")
def spiral3() -> Dataset:
    return make_dataset("spiral3", 150, 0)


@pytest.fixture(scope="module")
def blobs() -> Dataset:
    """Two well separated blobs: easy, so 95 % is reached within a few steps."""
    rng = np.random.default_rng(0)
    X = np.concatenate([rng.normal([-0.5, -0.5], 0.15, (100, 2)),
                        rng.normal([0.5, 0.5], 0.15, (100, 2))]).astype(np.float32)
    return Dataset("blobs", X, np.repeat(np.arange(2), 100).astype(np.int64), 2)


def torch_loss(weights: fold.FoldWeights, data: Dataset) -> float:
    net = from_weights(weights)
    X, y = tensors(data)
    with torch.no_grad():
        return float(F.cross_entropy(net(X), y))


def assert_same_weights(a: fold.FoldWeights, b: fold.FoldWeights, atol: float = 0.0) -> None:
    assert len(a.layers) == len(b.layers)
    for (Wa, ba), (Wb, bb) in zip(a.layers, b.layers):
        np.testing.assert_allclose(Wa, Wb, rtol=0, atol=atol)
        np.testing.assert_allclose(ba, bb, rtol=0, atol=atol)
    assert (a.head is None) == (b.head is None)
    if a.head is not None:
        np.testing.assert_allclose(a.head[0], b.head[0], rtol=0, atol=atol)
        np.testing.assert_allclose(a.head[1], b.head[1], rtol=0, atol=atol)


# ------------------------------------------------------------------ tensors


def test_tensors_dtypes(circles200):
    X, y = tensors(circles200)
    assert X.dtype == torch.float32 and y.dtype == torch.long
    assert X.shape == (200, 2) and y.shape == (200,)
    np.testing.assert_array_equal(X.numpy(), circles200.X)


# ------------------------------------------------------------------ train


def test_train_reduces_loss_on_circles(circles200):
    cfg = FoldConfig(8, 4, 2)
    r = train(cfg, circles200, seed=0, steps=300)
    assert isinstance(r, Outcome) and isinstance(r.value, TrainResult)
    assert r.status == "done"
    assert r.message == ""
    assert r.steps_done == 300
    assert len(r.value.losses) == 301  # one per step, plus the loss of the final weights
    assert all(math.isfinite(v) for v in r.value.losses)
    assert r.value.losses[-1] < 0.3 * r.value.losses[0]
    assert r.value.accuracy >= 0.9
    # the returned weights are the trained ones: their loss and accuracy match
    assert torch_loss(r.value.weights, circles200) == pytest.approx(r.value.losses[-1], rel=1e-5)
    assert abs(fold.accuracy(r.value.weights, circles200.X, circles200.y) - r.value.accuracy) <= 1 / 200
    assert r.value.weights.meta["accuracy"] == r.value.accuracy
    assert r.value.weights.meta["seed"] == 0
    assert r.value.weights.meta["steps"] == 300
    assert r.value.weights.meta["dataset"] == "circles"
    # the initial loss is the loss of the initial network
    assert r.value.losses[0] == pytest.approx(torch_loss(to_weights(make_net(cfg, 0)), circles200), rel=1e-6)


def test_train_is_deterministic_and_seed_dependent(circles200):
    cfg = FoldConfig(2, 4, 2)
    a = train(cfg, circles200, seed=1, steps=20)
    b = train(cfg, circles200, seed=1, steps=20)
    c = train(cfg, circles200, seed=2, steps=20)
    assert a.value.losses == b.value.losses
    assert_same_weights(a.value.weights, b.value.weights)
    assert a.value.losses != c.value.losses


def test_train_with_given_net_uses_it(circles200):
    cfg = FoldConfig(2, 4, 2)
    a = train(cfg, circles200, seed=7, steps=15)
    b = train(cfg, circles200, seed=0, steps=15, net=make_net(cfg, 7))
    assert a.value.losses == b.value.losses
    assert_same_weights(a.value.weights, b.value.weights)


def test_train_three_classes(spiral3):
    r = train(FoldConfig(3, 4, 3), spiral3, seed=0, steps=40)
    assert r.status == "done"
    assert r.value.weights.n_classes == 3 and r.value.weights.head is not None
    assert r.value.losses[-1] < r.value.losses[0]


def test_progress_called_with_increasing_steps(circles200):
    seen: list[Progress] = []
    r = train(FoldConfig(2, 4, 2), circles200, seed=0, steps=60, report_every=25, on_progress=seen.append)
    assert [p.step for p in seen] == [25, 50, 60]
    assert all(p.steps == 60 for p in seen)
    for p in seen:
        assert p.loss == r.value.losses[p.step - 1]
        assert 0.0 <= p.accuracy <= 1.0


def test_progress_every_step(circles200):
    seen: list[int] = []
    train(FoldConfig(2, 4, 2), circles200, seed=0, steps=7, report_every=1,
          on_progress=lambda p: seen.append(p.step))
    assert seen == list(range(1, 8))


def test_should_stop_cancels(circles200):
    calls = {"n": 0}
    seen: list[int] = []

    def stop() -> bool:
        calls["n"] += 1
        return calls["n"] > 5

    r = train(FoldConfig(2, 4, 2), circles200, seed=0, steps=1000, should_stop=stop,
              report_every=1, on_progress=lambda p: seen.append(p.step))
    assert r.status == "stopped"
    assert r.steps_done == 5
    assert len(r.value.losses) == 5
    assert "5" in r.message and "stop" in r.message
    assert seen == [1, 2, 3, 4, 5]
    # the weights are those after 5 steps: a 5-step run ends at the same place
    ref = train(FoldConfig(2, 4, 2), circles200, seed=0, steps=5)
    assert_same_weights(r.value.weights, ref.value.weights)


def test_should_stop_before_first_step(circles200):
    cfg = FoldConfig(2, 4, 2)
    r = train(cfg, circles200, seed=3, steps=100, should_stop=lambda: True)
    assert r.status == "stopped"
    assert r.steps_done == 0
    assert r.value.losses == []
    assert_same_weights(r.value.weights, to_weights(make_net(cfg, 3)))


def test_huge_learning_rate_diverges_and_keeps_last_good_weights(circles200):
    cfg = FoldConfig(2, 4, 2)
    r = train(cfg, circles200, seed=0, steps=50, lr=1e30)
    assert r.status == "diverged"
    assert "diverged" in r.message
    assert 0 < r.steps_done < 50
    assert len(r.value.losses) == r.steps_done
    assert all(math.isfinite(v) for v in r.value.losses)
    for W, b in r.value.weights.layers:
        assert np.all(np.isfinite(W)) and np.all(np.isfinite(b))
    # the kept weights are the last good state: its loss is finite and is the last loss recorded
    kept = torch_loss(r.value.weights, circles200)
    assert math.isfinite(kept)
    assert kept == pytest.approx(r.value.losses[-1], rel=1e-6)
    # ... which is where a run cancelled one step earlier stands
    calls = {"n": 0}

    def stop() -> bool:
        calls["n"] += 1
        return calls["n"] > r.steps_done - 1

    earlier = train(cfg, circles200, seed=0, steps=50, lr=1e30, should_stop=stop)
    assert earlier.status == "stopped"
    assert_same_weights(r.value.weights, earlier.value.weights)
    assert abs(r.value.accuracy - fold.accuracy(r.value.weights, circles200.X, circles200.y)) <= 1 / 200
    assert r.value.weights.meta["accuracy"] == r.value.accuracy


def test_divergence_at_the_final_check(circles200):
    """The loss of the weights after the last step is checked too."""
    cfg = FoldConfig(2, 4, 2)
    long = train(cfg, circles200, seed=0, steps=50, lr=1e30)
    assert long.status == "diverged"
    r = train(cfg, circles200, seed=0, steps=long.steps_done, lr=1e30)
    assert r.status == "diverged"
    assert "last step" in r.message
    assert r.steps_done == long.steps_done
    assert len(r.value.losses) == r.steps_done
    assert_same_weights(r.value.weights, long.value.weights)
    assert math.isfinite(torch_loss(r.value.weights, circles200))


def test_non_finite_data_diverges_at_step_zero(circles200):
    X = circles200.X.copy()
    X[0, 0] = np.inf
    bad = Dataset("bad", X, circles200.y, 2)
    cfg = FoldConfig(2, 4, 2)
    r = train(cfg, bad, seed=4, steps=20)
    assert r.status == "diverged"
    assert r.steps_done == 0
    assert r.value.losses == []
    assert "step 0" in r.message
    assert_same_weights(r.value.weights, to_weights(make_net(cfg, 4)))
    for W, b in r.value.weights.layers:
        assert np.all(np.isfinite(W)) and np.all(np.isfinite(b))


@pytest.mark.parametrize("lr", [0.0, -1e-3, float("nan"), float("inf")])
def test_bad_learning_rate_raises(circles200, lr):
    with pytest.raises(ValueError):
        train(FoldConfig(), circles200, steps=10, lr=lr)


@pytest.mark.parametrize("steps", [0, -1])
def test_bad_steps_raise(circles200, steps):
    with pytest.raises(ValueError):
        train(FoldConfig(), circles200, steps=steps)


# ------------------------------------------------------------------ StackedFoldNets / train_many


@pytest.mark.parametrize("cfg", [FoldConfig(2, 4, 2), FoldConfig(3, 3, 3)])
def test_stacked_nets_start_from_make_net_and_match_forward(cfg):
    seeds = [4, 0, 9]
    nets = StackedFoldNets(cfg, seeds)
    assert len(nets.parameters()) == 2 * (cfg.depth + 1) + (2 if cfg.n_classes > 2 else 0)
    X = torch.randn(30, 2)
    with torch.no_grad():
        out = nets.forward(X)
    assert out.shape == (3, cfg.n_classes, 30)
    assert nets.hidden(X).shape == (3, cfg.width, 30)
    for i, s in enumerate(seeds):
        single = make_net(cfg, s)
        assert_same_weights(nets.weights(i), to_weights(single))
        with torch.no_grad():
            np.testing.assert_allclose(out[i].T.numpy(), single(X).numpy(), atol=1e-6)
    assert nets.weights(0, {"x": 1}).meta == {"x": 1}


@pytest.mark.parametrize("which", ["circles", "spiral3"])
def test_train_many_matches_one_at_a_time(which, circles200, spiral3):
    data = circles200 if which == "circles" else spiral3
    cfg = FoldConfig(2, 4, 2) if which == "circles" else FoldConfig(3, 4, 3)
    seeds = [0, 1, 2]
    steps = 50
    m = train_many(cfg, data, seeds, steps=steps)
    assert m.seeds == seeds
    assert m.steps_done == steps
    assert m.losses.shape == (steps, 3)
    assert m.final_accuracy.shape == (3,)
    for i, s in enumerate(seeds):
        r = train(cfg, data, seed=s, steps=steps).value
        np.testing.assert_allclose(m.losses[:, i], np.array(r.losses[:steps]), rtol=1e-4, atol=1e-6)
        assert_same_weights(m.nets.weights(i), r.weights, atol=1e-4)
        assert abs(m.final_accuracy[i] - r.accuracy) <= 2 / len(data)
        assert abs(m.final_accuracy[i] - fold.accuracy(m.nets.weights(i), data.X, data.y)) <= 2 / len(data)


def test_step_to_95_matches_per_step_accuracy(blobs):
    cfg = FoldConfig(4, 4, 2)
    seeds = [0, 1, 2, 3]
    steps = 40
    m = train_many(cfg, blobs, seeds, steps=steps, lr=2e-2)
    assert m.step_to_95.shape == (4,)
    assert np.all((m.step_to_95 == -1) | ((m.step_to_95 >= 0) & (m.step_to_95 < steps)))
    assert (m.step_to_95 >= 0).any()
    for i, s in enumerate(seeds):
        accs: list[float] = []
        train(cfg, blobs, seed=s, steps=steps, lr=2e-2, report_every=1,
              on_progress=lambda p: accs.append(p.accuracy))
        first = next((k for k, a in enumerate(accs) if a >= 0.95), -1)
        # float rounding between the batched and the single products may move a
        # point across the boundary: allow one step either way
        assert (m.step_to_95[i] == -1) == (first == -1)
        assert abs(int(m.step_to_95[i]) - first) <= 1


def test_train_many_progress_and_should_stop(circles200):
    calls: list[tuple[int, int]] = []
    m = train_many(FoldConfig(2, 4, 2), circles200, [0, 1], steps=6, on_progress=lambda d, n: calls.append((d, n)))
    assert calls == [(k, 6) for k in range(1, 7)]
    assert m.steps_done == 6

    count = {"n": 0}

    def stop() -> bool:
        count["n"] += 1
        return count["n"] > 4

    m = train_many(FoldConfig(2, 4, 2), circles200, [0, 1, 2], steps=1000, should_stop=stop)
    assert m.steps_done == 4
    assert m.losses.shape == (4, 3)
    ref = train(FoldConfig(2, 4, 2), circles200, seed=1, steps=4).value
    assert_same_weights(m.nets.weights(1), ref.weights, atol=1e-5)


def test_train_many_stopped_before_first_step(circles200):
    m = train_many(FoldConfig(2, 4, 2), circles200, [0, 1], steps=10, should_stop=lambda: True)
    assert m.steps_done == 0
    assert m.losses.shape == (0, 2)
    assert np.all(m.step_to_95 == -1)
    assert_same_weights(m.nets.weights(0), to_weights(make_net(FoldConfig(2, 4, 2), 0)))


# ------------------------------------------------------------------ predict_many, the written-out gradients


def test_predict_many_is_argmax_over_classes_first_on_ties():
    from models.fold.batched import predict_many

    torch.manual_seed(1)
    for K in (2, 3, 5):
        logits = torch.randn(4, K, 30)
        assert torch.equal(predict_many(logits), logits.argmax(1))
    tie = torch.zeros(1, 3, 2)
    tie[0, 1, 1] = 1.0
    tie[0, 2, 1] = 1.0
    assert predict_many(tie).tolist() == [[0, 1]]


@pytest.mark.parametrize("width, depth", [(2, 4), (5, 2), (16, 1)])
def test_two_class_grads_by_hand_equal_autograd(width, depth):
    from models.fold.batched import StackedFoldNets
    from models.fold.training import tensors

    data = make_dataset("circles", 200, 3)
    X, y = tensors(data)
    sign = (2 * y - 1).float()
    auto = StackedFoldNets(FoldConfig(width, depth, 2), [0, 1, 2, 3])
    hand = StackedFoldNets(FoldConfig(width, depth, 2), [0, 1, 2, 3])
    logits = auto.forward(X)
    margin = (logits[:, 1] - logits[:, 0]) * sign
    per_net = F.softplus(-margin).mean(1)
    per_net.sum().backward()
    m, p = hand.two_class_grads(X.T.contiguous(), sign)
    torch.testing.assert_close(m, margin.detach(), rtol=1e-6, atol=1e-6)
    torch.testing.assert_close(p, per_net.detach(), rtol=1e-6, atol=1e-7)
    for a, b in zip(auto.parameters(), hand.parameters()):
        torch.testing.assert_close(b.grad, a.grad, rtol=1e-5, atol=1e-7)
