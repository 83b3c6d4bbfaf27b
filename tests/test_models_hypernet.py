"""Unit tests of models/hypernet.py."""

import math

import numpy as np
import torch

from models import hypernet as hn


def test_target_numpy_and_torch():
    assert hn.target(np.array([0.0]))[0] == 0.0
    x = torch.tensor([0.5])
    assert float(hn.target(x)) == float(0.5 * torch.sin(torch.tensor(1.5)))


def test_data_shapes_ranges_and_seeds():
    cfg = hn.HyperConfig(n_train=30, n_test=20)
    x, y, xt, yt = hn.make_data(cfg, seed=0)
    assert x.shape == (30, 1) and y.shape == (30, 1) and xt.shape == (20, 1) and yt.shape == (20, 1)
    assert float(x.min()) >= -3 and float(x.max()) <= 3
    assert torch.equal(yt, hn.target(xt))  # the test set has no noise
    assert 0 < float((y - hn.target(x)).abs().max()) < 0.3
    assert not torch.equal(x, hn.make_data(cfg, seed=1)[0])


def test_g_is_a_line_per_point():
    x = torch.tensor([[1.0], [2.0]])
    w = torch.tensor([[3.0, 1.0], [-1.0, 0.5]])
    assert hn.G(x, w).flatten().tolist() == [4.0, -1.5]


def test_hypernet_weights_change_with_x_and_parameter_counts():
    torch.manual_seed(0)
    net = hn.HyperNet(8)
    x = torch.linspace(-3, 3, 5)[:, None]
    w = net.weights(x)
    assert w.shape == (5, 2) and not torch.allclose(w[0], w[-1])
    assert torch.allclose(net(x), hn.G(x, w))
    assert hn.n_params(net) == 34 == hn.n_params(hn.plain_net(11))
    assert hn.mse(net, x, net(x).detach()) == 0.0


def test_snapshot_contents():
    cfg = hn.HyperConfig(n_train=20, n_test=20)
    data = hn.make_data(cfg)
    torch.manual_seed(0)
    s = hn.snapshot(hn.HyperNet(), hn.plain_net(), data, 3, 10, n=50)
    assert s.xs.shape == (50,) and s.weights.shape == (50, 2)
    assert np.allclose(s.hyper_fit, s.weights[:, 0] * s.xs + s.weights[:, 1], atol=1e-6)
    assert s.step == 3 and s.steps == 10 and s.hyper_test > 0


def test_training_lowers_both_errors_and_reports_progress():
    seen = []
    cfg = hn.HyperConfig(n_train=100)
    start = hn.train(cfg, steps=0).value
    r = hn.train(cfg, steps=150, report_every=50, on_progress=seen.append)
    assert r.status == "done" and [s.step for s in seen] == [50, 100, 150]
    assert r.value.hyper_train < 0.7 * start.hyper_train
    assert r.value.plain_train < 0.7 * start.plain_train


def test_training_stops_when_asked():
    calls = []

    def stop():
        calls.append(1)
        return len(calls) > 5

    r = hn.train(hn.HyperConfig(n_train=50), steps=100, should_stop=stop)
    assert r.status == "stopped" and r.value.step == 5


def test_nan_stops_cleanly_with_the_last_good_state():
    seen = []
    cfg = hn.HyperConfig(n_train=50, lr=1e6)  # absurd steps
    r = hn.train(cfg, steps=400, report_every=1, on_progress=seen.append)
    if r.status != "diverged":  # Adam keeps steps bounded: force a NaN instead
        cfg = hn.HyperConfig(n_train=50, noise=math.inf)
        r = hn.train(cfg, steps=10, report_every=1)
    assert r.status == "diverged" and "last good state" in r.message
    assert np.isfinite(r.value.weights).all()


def test_claims_pass():
    for claim in hn.CLAIMS:
        r = claim()
        assert r.passed and r.lesson == "hypernet", r.evidence


def test_snapshots_carry_both_loss_curves_step_by_step():
    seen = []
    cfg = hn.HyperConfig(n_train=60)
    r = hn.train(cfg, steps=40, report_every=20, on_progress=seen.append)
    s = r.value
    assert [len(p.hyper_losses) for p in seen] == [20, 40] and len(s.plain_losses) == 40
    assert np.array_equal(seen[0].hyper_losses, s.hyper_losses[:20])  # a report's curve is a copy, not a view
    # the first value is the loss of the initial networks, the rest fall with training
    torch.manual_seed(0)
    h0, p0 = hn.HyperNet(cfg.hidden), hn.plain_net(cfg.plain_hidden)
    x, y, _, _ = hn.make_data(cfg)
    assert math.isclose(s.hyper_losses[0], hn.mse(h0, x, y), rel_tol=1e-5)
    assert math.isclose(s.plain_losses[0], hn.mse(p0, x, y), rel_tol=1e-5)
    assert s.hyper_losses[-1] < s.hyper_losses[0] and s.plain_losses[-1] < s.plain_losses[0]
    assert not np.array_equal(s.hyper_losses, s.plain_losses)
    assert len(hn.train(cfg, steps=0).value.hyper_losses) == 0
