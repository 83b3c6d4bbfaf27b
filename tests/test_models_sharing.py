"""Unit tests of models/sharing.py."""

import numpy as np
import pytest
import torch

from models import sharing as sh


def test_h_is_a_y_branch_and_batches():
    u = torch.tensor([0.5, -2.0], dtype=sh.DTYPE)
    assert sh.H(u).tolist() == [0.5, 0.5, -2.0, -2.0]
    assert sh.H(torch.zeros(3, 5, 2, dtype=sh.DTYPE)).shape == (3, 5, 4)


def test_g_by_hand_and_batched_over_w():
    x = torch.tensor([[0.5, -1.0], [1.0, 2.0]], dtype=sh.DTYPE)
    w = torch.tensor([1.0, 2.0, 3.0, -1.0], dtype=sh.DTYPE)
    expect = [3 * np.tanh(1.0 * xi[0]) - np.tanh(2.0 * xi[1]) for xi in x.tolist()]
    assert np.allclose(sh.G(x, w).numpy(), expect)
    ws = torch.stack([w, 2 * w])  # (2, 4)
    assert sh.G(x, ws).shape == (2, 2) and np.allclose(sh.G(x, ws)[0].numpy(), expect)


def test_cost_and_data():
    assert float(sh.cost(torch.tensor([1.0, 3.0]), torch.tensor([1.0, 1.0]))) == 2.0
    x, y = sh.make_data()
    assert x.shape == (40, 2) and y.shape == (40,) and float(x.abs().max()) <= 1.5
    x2, y2 = sh.make_data(sh.SharingConfig(seed=1))
    assert not torch.equal(x, x2)
    net = sh.SharedNet()
    assert net.cost_at(sh.SharingConfig.teacher) < 0.01  # the teacher fits up to the noise
    assert net.cost_at(net.u_now) > 0.1


def test_backward_shows_w_grads_and_their_sums_in_u_grad():
    net = sh.SharedNet()
    g = net.backward()
    assert g.passes == 1 and g.w.shape == (4,) and g.u.shape == (2,)
    assert np.all(g.u == g.w_sums)  # exactly
    assert g.w[0] != g.w[1]  # two different paths, two different gradients
    # against finite differences of the cost in u
    eps = 1e-6
    for i in range(2):
        d = np.zeros(2)
        d[i] = eps
        fd = (net.cost_at(net.u_now + d) - net.cost_at(net.u_now - d)) / (2 * eps)
        assert fd == pytest.approx(g.u[i], rel=1e-6)


def test_accumulation_without_zero_grad_and_zero_grad_clears():
    net = sh.SharedNet()
    one = net.backward().u
    g = net.backward(zero_grad=False)
    assert g.passes == 2 and np.allclose(g.u, 2 * one) and np.allclose(g.w_sums, one)
    g = net.backward(zero_grad=False)
    assert np.allclose(g.u, 3 * one)
    net.zero_grad()
    assert net.u.grad is None and net.passes == 0 and net.last is None
    assert np.all(net.backward().u == one)


def test_step_preview_step_and_reset():
    net = sh.SharedNet()
    with pytest.raises(ValueError, match="backward first"):
        net.step()
    g = net.backward()
    target = net.step_preview(g.u)
    assert np.allclose(target, net.u_now - sh.SharingConfig.lr * g.u)
    before, after = net.step()
    assert np.allclose(net.u_now, target) and after < before
    assert len(net.path) == 2
    net.reset()
    assert net.u_now.tolist() == list(sh.SharingConfig.u0) and len(net.path) == 1 and net.u.grad is None


def test_passes_record_where_they_were_taken_and_u_grad_is_their_sum():
    net = sh.SharedNet()
    first = net.backward()
    assert net.fresh and len(first.history) == 1 and np.array_equal(first.at, net.u_now)
    assert np.array_equal(net.grad_at(net.u_now), first.w_sums)  # a pass on a copy gives the same
    assert np.array_equal(net.u.grad.numpy(), first.u)  # ... and left u.grad alone
    net.step()
    assert not net.fresh  # u moved: the last pass belongs to the old u
    g = net.backward(zero_grad=False)
    g = net.backward(zero_grad=False)
    assert g.passes == 3 and [n for n, _, _ in g.groups()] == [1, 2]
    assert np.array_equal(g.groups()[0][1], first.at) and np.array_equal(g.groups()[1][1], net.u_now)
    total = sum(n * grad for n, _, grad in g.groups())
    assert np.allclose(g.u, total, rtol=0, atol=1e-15)
    assert not np.allclose(g.u, 3 * g.w_sums)  # not "3 × the last pass"
    net.zero_grad()
    assert net.history == [] and not net.fresh


def test_piled_up_gradients_overshoot():
    net = sh.SharedNet()
    g = net.backward()
    for _ in range(2):
        g = net.backward(zero_grad=False)
    c0 = net.cost_at(net.u_now)
    assert net.cost_at(net.step_preview(g.w_sums)) < c0 < net.cost_at(net.step_preview(g.u))


def test_train_with_and_without_zero_grad():
    clean = sh.train(sh.SharedNet(), 30, zero_grad=True)
    sloppy = sh.train(sh.SharedNet(), 30, zero_grad=False)
    assert len(clean) == 30 and clean[-1] < 0.01 and sloppy[-1] > 10 * clean[-1]


def test_surface_and_level_sets():
    net = sh.SharedNet()
    c, gx, gy = net.surface((0, 3, 0, 2), n=50)
    assert c.shape == gx.shape == gy.shape == (50, 50)
    i = np.unravel_index(np.argmin(c), c.shape)
    assert abs(gx[i] - 1.6) < 0.2 and abs(gy[i] - 0.9) < 0.2  # the minimum is near the teacher
    pts = net.level_sets((0, 3, 0, 2), (0.5,), n=200)[0]
    assert len(pts) > 20
    costs = [net.cost_at(p) for p in pts[:: max(1, len(pts) // 20)]]
    assert np.allclose(costs, 0.5, atol=0.05)


def test_claims_pass():
    for claim in sh.CLAIMS:
        r = claim()
        assert r.passed and r.lesson == "sharing", r.evidence
