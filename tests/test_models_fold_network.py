"""Tests for models/fold/network.py: the trainable torch module and its conversions."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from models import fold
from models.fold.network import FoldConfig, FoldNet, from_weights, make_net, to_weights


def params(net: FoldNet) -> list[torch.Tensor]:
    return [p.detach().clone() for p in net.parameters()]


@pytest.mark.parametrize("width", [2, 3, 8])
@pytest.mark.parametrize("k", [2, 3])
def test_foldnet_shapes(width, k):
    cfg = FoldConfig(width, 4, k)
    net = FoldNet(cfg)
    assert len(net.hidden) == 4
    assert len(net.linears()) == 5
    assert net.hidden[0].weight.shape == (width, 2)
    for layer in net.hidden[1:]:
        assert layer.weight.shape == (width, width)
    assert net.out.weight.shape == (2, width)
    if k == 2:
        assert net.head is None
    else:
        assert net.head.weight.shape == (k, 2)
    X = torch.randn(17, 2)
    assert net.plane(X).shape == (17, 2)
    assert net(X).shape == (17, k)
    if k == 2:
        assert torch.equal(net(X), net.plane(X))


def test_foldconfig_defaults_and_validation():
    cfg = FoldConfig()
    assert (cfg.width, cfg.depth, cfg.n_classes) == (2, 4, 2)
    for bad in (dict(width=0), dict(depth=0), dict(n_classes=1)):
        with pytest.raises(ValueError):
            FoldConfig(**bad)


def test_make_net_same_seed_same_weights_different_seed_different():
    cfg = FoldConfig(3, 4, 3)
    a, b, c = make_net(cfg, 5), make_net(cfg, 5), make_net(cfg, 6)
    for pa, pb in zip(params(a), params(b)):
        assert torch.equal(pa, pb)
    assert any(not torch.equal(pa, pc) for pa, pc in zip(params(a), params(c)))


def test_make_net_does_not_disturb_global_rng():
    torch.manual_seed(123)
    expected = torch.rand(5)
    torch.manual_seed(123)
    make_net(FoldConfig(8, 4, 3), 99)
    assert torch.equal(torch.rand(5), expected)


def test_make_net_independent_of_global_rng_state():
    torch.manual_seed(1)
    a = make_net(FoldConfig(2, 4, 2), 3)
    torch.manual_seed(2)
    torch.rand(10)
    b = make_net(FoldConfig(2, 4, 2), 3)
    for pa, pb in zip(params(a), params(b)):
        assert torch.equal(pa, pb)


@pytest.mark.parametrize("width,k", [(2, 2), (3, 3), (8, 2), (8, 5)])
def test_to_weights_from_weights_round_trip(width, k):
    net = make_net(FoldConfig(width, 4, k), 7)
    w = to_weights(net, {"seed": 7})
    assert (w.width, w.depth, w.n_classes) == (width, 4, k)
    assert w.meta == {"seed": 7}
    assert all(W.dtype == np.float64 and b.dtype == np.float64 for W, b in w.layers)
    assert (w.head is None) == (k == 2)
    net2 = from_weights(w)
    assert net2.cfg == FoldConfig(width, 4, k)
    for pa, pb in zip(params(net), params(net2)):
        assert torch.equal(pa, pb)
    X = torch.randn(50, 2)
    with torch.no_grad():
        assert torch.equal(net(X), net2(X))


def test_to_weights_meta_is_copied():
    meta = {"a": 1}
    w = to_weights(make_net(FoldConfig(), 0), meta)
    meta["a"] = 2
    assert w.meta == {"a": 1}
    assert to_weights(make_net(FoldConfig(), 0)).meta == {}


def test_to_weights_is_a_copy():
    net = make_net(FoldConfig(), 0)
    w = to_weights(net)
    before = w.layers[0][0].copy()
    with torch.no_grad():
        net.hidden[0].weight.add_(1.0)
    np.testing.assert_array_equal(w.layers[0][0], before)


@pytest.mark.parametrize("width", [2, 3, 8])
@pytest.mark.parametrize("k", [2, 3])
def test_numpy_forward_agrees_with_torch(width, k):
    net = make_net(FoldConfig(width, 4, k), width * 10 + k)
    w = to_weights(net)
    X = np.random.default_rng(0).uniform(-1.5, 1.5, (200, 2)).astype(np.float32)
    with torch.no_grad():
        plane = net.plane(torch.from_numpy(X)).numpy()
        scores = net(torch.from_numpy(X)).numpy()
    np.testing.assert_allclose(fold.forward(w, X), plane, atol=1e-5, rtol=0)
    np.testing.assert_allclose(fold.class_scores(w, fold.forward(w, X)), scores, atol=1e-5, rtol=0)
    assert fold.class_scores(w, fold.forward(w, X)).shape == (200, k)
    # and both follow the sub-step animation to the same output plane
    np.testing.assert_allclose(fold.trajectory(w, X)[-1], plane, atol=1e-5, rtol=0)
