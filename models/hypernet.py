"""Hypernetworks: a network H(x, u) writes the weights of another network G(x, w).

    w = H(x, u)          H: an MLP 1 → 8 → 2 (tanh), its parameters u are learned
    ŷ = G(x, w) = w1·x + w2      G: a straight line, with NO parameters of its own

So at every x the prediction is a line, but a different line for each x: the
slope w1(x) and offset w2(x) that H chooses there. The task is a regression
whose local slope changes with x: y = x·sin(3x) + noise on [−3, 3].

For comparison, a plain MLP 1 → 11 → 1 (tanh) has the same number of trainable
parameters (34) and is trained on the same data with the same optimiser.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import torch
from torch import nn

from models.optimizer import Adam
from models import outcome
from models.claims import ClaimResult
from models.outcome import Outcome

X_RANGE = (-3.0, 3.0)


def target(x):
    """The function behind the data (torch or numpy)."""
    sin = torch.sin if isinstance(x, torch.Tensor) else np.sin
    return x * sin(3 * x)


@dataclass(frozen=True)
class HyperConfig:
    hidden: int = 8  # H: 1 → hidden → 2; 4·hidden + 2 parameters
    plain_hidden: int = 11  # the plain net: 1 → plain_hidden → 1; 3·plain_hidden + 1 parameters
    n_train: int = 200
    n_test: int = 400
    noise: float = 0.05
    lr: float = 2e-2
    steps: int = 1200


def make_data(cfg: HyperConfig = HyperConfig(), seed: int = 0):
    """(x_train (N,1), y_train (N,1), x_test (M,1), y_test (M,1)); the test set is noise-free."""
    g = torch.Generator().manual_seed(seed)
    lo, hi = X_RANGE
    x = torch.rand(cfg.n_train, 1, generator=g) * (hi - lo) + lo
    y = target(x) + cfg.noise * torch.randn(cfg.n_train, 1, generator=g)
    xt = torch.rand(cfg.n_test, 1, generator=g) * (hi - lo) + lo
    return x, y, xt, target(xt)


def G(x: torch.Tensor, w: torch.Tensor) -> torch.Tensor:
    """The line: x (N, 1), w (N, 2) -> ŷ (N, 1). A plain function: nothing to train."""
    return w[:, :1] * x + w[:, 1:]


class HyperNet(nn.Module):
    """H(x, u) and G together; the only parameters are H's (that is u)."""

    def __init__(self, hidden: int = 8):
        super().__init__()
        self.h1 = nn.Linear(1, hidden)
        self.h2 = nn.Linear(hidden, 2)

    def weights(self, x: torch.Tensor) -> torch.Tensor:
        """w = H(x, u): x (N, 1) -> w (N, 2) = (slope, offset) of G at each x."""
        return self.h2(torch.tanh(self.h1(x)))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return G(x, self.weights(x))


def plain_net(hidden: int = 11) -> nn.Module:
    return nn.Sequential(nn.Linear(1, hidden), nn.Tanh(), nn.Linear(hidden, 1))


def n_params(module: nn.Module) -> int:
    return sum(p.numel() for p in module.parameters() if p.requires_grad)


def mse(model: nn.Module, x: torch.Tensor, y: torch.Tensor) -> float:
    with torch.no_grad():
        return float(((model(x) - y) ** 2).mean())


@dataclass
class Snapshot:
    """What the screen draws, as numpy arrays over a grid of x."""

    step: int
    steps: int
    xs: np.ndarray  # (K,)
    weights: np.ndarray  # (K, 2) H's slope and offset at each x
    hyper_fit: np.ndarray  # (K,)
    plain_fit: np.ndarray  # (K,)
    hyper_train: float
    plain_train: float
    hyper_test: float
    plain_test: float
    # the training MSE at each step so far (the loss each step descended from), (step,) each
    hyper_losses: np.ndarray = field(default_factory=lambda: np.zeros(0))
    plain_losses: np.ndarray = field(default_factory=lambda: np.zeros(0))


def snapshot(hyper: HyperNet, plain: nn.Module, data, step: int, steps: int, n: int = 300,
             losses: tuple[list[float], list[float]] = ((), ())) -> Snapshot:
    """The fits and weights over a grid of x; ``losses``: both nets' training
    MSE at steps 1..step (copied)."""
    x, y, xt, yt = data
    device = next(hyper.parameters()).device
    grid = torch.linspace(*X_RANGE, n, device=device)[:, None]
    with torch.no_grad():
        w = hyper.weights(grid)
        return Snapshot(step, steps, grid[:, 0].cpu().numpy(), w.cpu().numpy(), G(grid, w)[:, 0].cpu().numpy(),
                        plain(grid)[:, 0].cpu().numpy(), mse(hyper, x, y), mse(plain, x, y), mse(hyper, xt, yt),
                        mse(plain, xt, yt), np.array(losses[0][:step], dtype=float),
                        np.array(losses[1][:step], dtype=float))


def _state(hyper: nn.Module, plain: nn.Module, step: int = 0) -> tuple:
    return (step, *({k: v.clone() for k, v in m.state_dict().items()} for m in (hyper, plain)))


def train(cfg: HyperConfig = HyperConfig(), seed: int = 0, steps: int | None = None, device: str = "cpu",
          data_seed: int = 0, report_every: int = 50, on_progress: Callable[[Snapshot], None] | None = None,
          should_stop: Callable[[], bool] | None = None) -> Outcome[Snapshot]:
    """Train the hypernetwork and the plain net side by side (full batch, Adam).
    The value is the Snapshot of the state kept. A step that makes either
    loss or a weight NaN/inf is not kept: "diverged", with the last good
    state; should_stop() stops it with the state reached ("stopped")."""
    steps = cfg.steps if steps is None else steps
    data = tuple(t.to(device) for t in make_data(cfg, data_seed))
    x, y = data[0], data[1]
    torch.manual_seed(seed)
    hyper = HyperNet(cfg.hidden).to(device)
    plain = plain_net(cfg.plain_hidden).to(device)
    nets = (hyper, plain)
    opts = [Adam(list(m.parameters()), lr=cfg.lr) for m in nets]
    curves: tuple[list[float], list[float]] = ([], [])  # each net's training MSE, step by step

    def diverged(step: int, why: str):
        """Step ``step`` went wrong: back to the state before it."""
        for m, sd in zip(nets, good[1:]):
            m.load_state_dict(sd)
        kept = good[0]
        return outcome.diverged(snapshot(hyper, plain, data, kept, steps, losses=curves), kept, step, why)

    good = _state(hyper, plain)  # the last state known to be finite, its loss too
    for step in range(1, steps + 1):
        if should_stop is not None and should_stop():
            return outcome.stopped(snapshot(hyper, plain, data, step - 1, steps, losses=curves), step - 1)
        if not all(torch.isfinite(p).all() for m in nets for p in m.parameters()):
            return diverged(step - 1, "a weight became non-finite")
        for opt in opts:
            opt.zero_grad()
        losses = [((m(x) - y) ** 2).mean() for m in nets]
        values = [float(v.detach()) for v in losses]
        if not outcome.finite(*values):
            return diverged(step, f"the loss became {next(v for v in values if not math.isfinite(v))}")
        good = _state(hyper, plain, step - 1)
        for loss, opt in zip(losses, opts):
            loss.backward()
            opt.step()
        for curve, value in zip(curves, values):
            curve.append(value)
        if on_progress is not None and (step % report_every == 0 or step == steps):
            on_progress(snapshot(hyper, plain, data, step, steps, losses=curves))
    final = snapshot(hyper, plain, data, steps, steps, losses=curves)
    if not (outcome.finite(final.hyper_train, final.plain_train) and np.isfinite(final.weights).all()):
        return diverged(steps, "the last step made the state non-finite")
    return outcome.done(final, steps)


# ------------------------------------------------------------------ claims
def claim_g_has_no_parameters_and_gradients_reach_u() -> ClaimResult:
    cfg = HyperConfig()
    torch.manual_seed(0)
    net = HyperNet(cfg.hidden)
    x, y, _, _ = make_data(cfg)
    h_params = n_params(net.h1) + n_params(net.h2)
    loss = ((net(x) - y) ** 2).mean()
    loss.backward()
    grads = [p.grad for p in net.parameters()]
    reached = sum(int((g != 0).sum()) for g in grads if g is not None)
    # one entry of u against a finite difference of the loss
    p = net.h1.weight
    eps = 1e-3
    with torch.no_grad():
        p[0, 0] += eps
        up = float(((net(x) - y) ** 2).mean())
        p[0, 0] -= 2 * eps
        down = float(((net(x) - y) ** 2).mean())
        p[0, 0] += eps
    fd = (up - down) / (2 * eps)
    ag = float(p.grad[0, 0])
    ok = (n_params(net) == h_params == 4 * cfg.hidden + 2 and reached == h_params
          and abs(fd - ag) < 1e-3 * max(1.0, abs(ag)))
    return ClaimResult("hypernet", "G has no trainable parameters of its own, and gradients reach u (H's parameters)",
                       f"trainable parameters: {n_params(net)} in all, {h_params} in H, 0 in G (a function); "
                       f"non-zero gradients after one backward: {reached} of {h_params}; ∂C/∂u₁: autograd "
                       f"{ag:.5f}, finite difference {fd:.5f}", ok)


def claim_comparison(device: str = "cpu") -> ClaimResult:
    cfg = HyperConfig()
    steps = 400
    r = train(cfg, seed=0, steps=steps, device=device).value
    ph, pp = n_params(HyperNet(cfg.hidden)), n_params(plain_net(cfg.plain_hidden))
    ok = ph == pp and r.hyper_test < 0.1 * float(np.var(target(np.linspace(*X_RANGE, 400)))) and r.plain_test < 1
    return ClaimResult("hypernet", "The hypernetwork learns the task; a plain network with as many trainable "
                       "parameters is measured on the same data",
                       f"{ph} vs {pp} trainable parameters; {steps} Adam steps (lr {cfg.lr}), test MSE: hypernetwork "
                       f"{r.hyper_test:.4f}, plain {r.plain_test:.4f} (variance of the target "
                       f"{float(np.var(target(np.linspace(*X_RANGE, 400)))):.3f})", ok)


CLAIMS = [claim_g_has_no_parameters_and_gradients_reach_u, claim_comparison]
