"""Tests for models/optimizer.py: the written-out Adam equals torch's, and
the cosine learning-rate schedule."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from models.optimizer import Adam, cosine_lr


def test_written_out_adam_equals_torch_adam():
    torch.manual_seed(0)
    p0 = torch.randn(3, 4)
    a = p0.clone().requires_grad_()
    b = p0.clone().requires_grad_()
    ours = Adam([a], lr=0.05)
    ref = torch.optim.Adam([b], lr=0.05)
    for k in range(25):
        for p in (a, b):
            loss = ((p - k / 10) ** 2 * torch.arange(4.0)).sum()
            loss.backward()
        ours.step()
        ref.step()
        ours.zero_grad()
        ref.zero_grad()
        assert a.grad is None
        np.testing.assert_allclose(a.detach().numpy(), b.detach().numpy(), rtol=1e-6, atol=1e-7)
    assert ours.t == 25


def test_adam_skips_parameters_without_gradient():
    p = torch.ones(2, requires_grad=True)
    opt = Adam([p], lr=0.1)
    opt.step()
    assert torch.equal(p.detach(), torch.ones(2))


def test_cosine_lr_goes_from_lr_to_lr_end():
    assert cosine_lr(1e-2, 1e-4, 0, 100) == pytest.approx(1e-2)
    assert cosine_lr(1e-2, 1e-4, 50, 100) == pytest.approx((1e-2 + 1e-4) / 2)
    assert cosine_lr(1e-2, 1e-4, 100, 100) == pytest.approx(1e-4)
    values = [cosine_lr(1.0, 0.0, k, 10) for k in range(11)]
    assert all(b <= a for a, b in zip(values, values[1:]))


def test_adam_steps_a_list_of_parameters_and_leaves_those_without_gradient():
    torch.manual_seed(1)
    shapes = [(2, 3), (3,), (4, 2, 2)]
    ours_p = [torch.randn(s).requires_grad_() for s in shapes]
    ref_p = [p.detach().clone().requires_grad_() for p in ours_p]
    idle = torch.ones(5, requires_grad=True)  # never gets a gradient
    ours = Adam([*ours_p, idle], lr=0.03)
    ref = torch.optim.Adam(ref_p, lr=0.03)
    for k in range(10):
        for ps in (ours_p, ref_p):
            sum(((p - k / 7) ** 2).sum() * (i + 1) for i, p in enumerate(ps)).backward()
        ours.step()
        ref.step()
        ours.zero_grad()
        ref.zero_grad()
    for a, b in zip(ours_p, ref_p):
        np.testing.assert_allclose(a.detach().numpy(), b.detach().numpy(), rtol=1e-6, atol=1e-7)
    assert torch.equal(idle.detach(), torch.ones(5))


def test_written_out_sgd_equals_torch_sgd_to_the_bit_and_zero_grad_clears_as_torch_does():
    from models.optimizer import SGD

    torch.manual_seed(1)
    p0 = torch.randn(5)
    a = p0.clone().requires_grad_()
    b = p0.clone().requires_grad_()
    ours, ref = SGD([a], lr=0.3), torch.optim.SGD([b], lr=0.3)
    for k in range(12):
        for p in (a, b):
            ((p - k) ** 2).sum().backward()
            if k % 3:  # sometimes two passes pile up before the step, as in the sharing lesson
                ((p * k) ** 2).sum().backward()
        assert torch.equal(a.grad, b.grad)
        ours.step()
        ref.step()
        assert torch.equal(a.detach(), b.detach())
        ours.zero_grad()
        ref.zero_grad()
        assert a.grad is None and b.grad is None


def test_adam_with_weight_decay_equals_torch_adam():
    torch.manual_seed(2)
    p0 = torch.randn(4, 3)
    a = p0.clone().requires_grad_()
    b = p0.clone().requires_grad_()
    ours, ref = Adam([a], lr=0.02, weight_decay=1e-3), torch.optim.Adam([b], lr=0.02, weight_decay=1e-3)
    for k in range(20):
        for p in (a, b):
            ((p - k / 7) ** 2).sum().backward()
        ours.step()
        ref.step()
        ours.zero_grad()
        ref.zero_grad()
        np.testing.assert_allclose(a.detach().numpy(), b.detach().numpy(), rtol=1e-6, atol=1e-7)


def test_the_lessons_train_without_importing_torch_dynamo():
    """torch.optim's methods import torch._dynamo (+76 MB a process) the first
    time; the lessons' optimisers are ours, so a session never pays for it."""
    import subprocess
    import sys

    code = ("import sys, torch\n"
            "from models import conv, hypernet, motif1d, sharing, transform\n"
            "from models.fold import datasets, network, training\n"
            "net = sharing.SharedNet(); net.backward(); net.step()\n"
            "transform.sgd_step_u(transform.MAPS['y'], torch.zeros(1), transform.DEFAULT_ETA)\n"
            "motif1d.train(motif1d.MotifConfig(), motif1d.TrainConfig(steps=4))\n"
            "data = datasets.make_dataset('circles', 200, 0)\n"
            "training.train(network.FoldConfig(2, 2, 2), data, steps=3)\n"
            "hypernet.train(hypernet.HyperConfig(), seed=0, steps=3)\n"
            "print('torch._dynamo' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip() == "False"
