"""Weight sharing: the simplest H, a Y branch that copies one u into several w.

The network (4 weights, one output):

    ŷ = w3·tanh(w1·x1) + w4·tanh(w2·x2)          C = mean over the data of (ŷ − y)²

with the shares w1 = w2 = u1 and w3 = w4 = u2, so H(u) = (u1, u1, u2, u2).
Backpropagation through a Y branch adds: ∂C/∂u1 = ∂C/∂w1 + ∂C/∂w2. PyTorch
does that addition by *accumulating* into u.grad; the same accumulation keeps
adding across calls to backward() until zero_grad() clears it.

Everything is float64 PyTorch autograd; w is a non-leaf tensor whose gradient
is kept with ``retain_grad()`` so that ∂C/∂w can be shown next to ∂C/∂u.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from models.optimizer import SGD
from models.claims import ClaimResult
from models.transform import level_points

DTYPE = torch.float64


@dataclass(frozen=True)
class SharingConfig:
    n_points: int = 40
    seed: int = 0
    teacher: tuple[float, float] = (1.6, 0.9)  # the u that made the targets
    noise: float = 0.05
    u0: tuple[float, float] = (2.2, 1.3)  # where learning starts
    lr: float = 0.3


def make_data(cfg: SharingConfig = SharingConfig()) -> tuple[torch.Tensor, torch.Tensor]:
    """Inputs x (N, 2) in [−1.5, 1.5]², targets y (N,) from the teacher network plus noise."""
    g = torch.Generator().manual_seed(cfg.seed)
    x = (torch.rand(cfg.n_points, 2, generator=g, dtype=DTYPE) * 3 - 1.5)
    with torch.no_grad():
        y = G(x, H(torch.tensor(cfg.teacher, dtype=DTYPE)))
    y = y + cfg.noise * torch.randn(cfg.n_points, generator=g, dtype=DTYPE)
    return x, y


def H(u: torch.Tensor) -> torch.Tensor:
    """The Y branch: u (..., 2) -> w (..., 4) = (u1, u1, u2, u2)."""
    return torch.stack([u[..., 0], u[..., 0], u[..., 1], u[..., 1]], -1)


def G(x: torch.Tensor, w: torch.Tensor) -> torch.Tensor:
    """The network: x (N, 2), w (..., 4) -> ŷ (..., N)."""
    w = w[..., None]  # (..., 4, 1): broadcast over the N points
    return w[..., 2, :] * torch.tanh(w[..., 0, :] * x[:, 0]) + w[..., 3, :] * torch.tanh(w[..., 1, :] * x[:, 1])


def cost(y_hat: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """Mean squared error over the last axis."""
    return ((y_hat - y) ** 2).mean(-1)


@dataclass(frozen=True)
class Pass:
    """One forward + backward: the u it was taken at and what it gave."""

    at: np.ndarray  # (2,) u of the forward pass
    cost: float  # C at that u
    w: np.ndarray  # (4,) ∂C/∂w of this pass (w.grad of a fresh w)

    @property
    def grad(self) -> np.ndarray:
        """(∂C/∂w1 + ∂C/∂w2, ∂C/∂w3 + ∂C/∂w4): what this pass added into u.grad. (2,)"""
        return np.array([self.w[0] + self.w[1], self.w[2] + self.w[3]])


@dataclass(frozen=True)
class Grads:
    """What one backward() left behind."""

    cost: float  # C at the u of the forward pass
    w: np.ndarray  # (4,) ∂C/∂w of this pass (w.grad of a fresh w)
    u: np.ndarray  # (2,) u.grad: the sum over every backward since zero_grad
    passes: int  # backward() calls since the last zero_grad()
    history: tuple[Pass, ...] = ()  # those passes, oldest first (the last is this one)

    @property
    def w_sums(self) -> np.ndarray:
        """(∂C/∂w1 + ∂C/∂w2, ∂C/∂w3 + ∂C/∂w4): what one pass gives u."""
        return np.array([self.w[0] + self.w[1], self.w[2] + self.w[3]])

    @property
    def at(self) -> np.ndarray:
        """(2,) the u of this pass's forward."""
        return self.history[-1].at

    def groups(self) -> list[tuple[int, np.ndarray, np.ndarray]]:
        """The passes since zero_grad, runs of passes at the same u merged:
        (count, u of the run, the gradient of one pass there), oldest first.
        u.grad is the sum of count × gradient over the runs."""
        out: list[tuple[int, np.ndarray, np.ndarray]] = []
        for p in self.history:
            if out and np.array_equal(out[-1][1], p.at):
                out[-1] = (out[-1][0] + 1, out[-1][1], out[-1][2])
            else:
                out.append((1, p.at, p.grad))
        return out


class SharedNet:
    """The learner's state: u (a leaf tensor), its optimizer, and the count of
    backward passes since zero_grad."""

    def __init__(self, cfg: SharingConfig = SharingConfig()):
        self.cfg = cfg
        self.x, self.y = make_data(cfg)
        self.u = torch.tensor(cfg.u0, dtype=DTYPE, requires_grad=True)
        self.opt = SGD([self.u], lr=cfg.lr)
        self.passes = 0
        self.history: list[Pass] = []  # the passes since zero_grad
        self.last: Grads | None = None
        self.path = [self.u.detach().numpy().copy()]  # u after each step

    def reset(self) -> None:
        with torch.no_grad():
            self.u.copy_(torch.tensor(self.cfg.u0, dtype=DTYPE))
        self.zero_grad()
        self.path = [self.u.detach().numpy().copy()]

    def zero_grad(self) -> None:
        self.opt.zero_grad()  # u.grad = None
        self.passes = 0
        self.history = []
        self.last = None

    def backward(self, zero_grad: bool = True) -> Grads:
        """Forward, then backward; with zero_grad=False the new gradient is
        added to what u.grad already holds."""
        if zero_grad:
            self.zero_grad()
        w = H(self.u)  # (4,), not a leaf
        w.retain_grad()  # keep ∂C/∂w to show it
        c = cost(G(self.x, w), self.y)
        c.backward()
        self.passes += 1
        self.history.append(Pass(self.u_now, float(c.detach()), w.grad.detach().numpy().copy()))
        self.last = Grads(float(c.detach()), w.grad.detach().numpy().copy(), self.u.grad.detach().numpy().copy(),
                          self.passes, tuple(self.history))
        return self.last

    @property
    def fresh(self) -> bool:
        """The last backward was taken at u as it is now (no step since)."""
        return self.last is not None and np.array_equal(self.last.at, self.u_now)

    def grad_at(self, u) -> np.ndarray:
        """The gradient one pass would give at u, (2,), computed on a copy:
        u.grad is not touched."""
        leaf = torch.as_tensor(np.asarray(u), dtype=DTYPE).clone().requires_grad_(True)
        (g,) = torch.autograd.grad(cost(G(self.x, H(leaf)), self.y), leaf)
        return g.numpy().copy()

    def cost_at(self, u) -> float:
        with torch.no_grad():
            return float(cost(G(self.x, H(torch.as_tensor(u, dtype=DTYPE))), self.y))

    @property
    def u_now(self) -> np.ndarray:
        return self.u.detach().numpy().copy()

    def step_preview(self, grad: np.ndarray) -> np.ndarray:
        """Where SGD would put u with this gradient (no change made)."""
        return self.u_now - self.cfg.lr * np.asarray(grad)

    def step(self) -> tuple[float, float]:
        """optimizer.step() with whatever u.grad holds: (C before, C after)."""
        if self.u.grad is None:
            raise ValueError("no gradient yet: run backward first")
        before = self.cost_at(self.u_now)
        self.opt.step()
        self.path.append(self.u_now)
        after = self.cost_at(self.u_now)
        return before, after

    def surface(self, view: tuple[float, float, float, float], n: int = 200) -> tuple[np.ndarray, ...]:
        """C over a grid of (u1, u2): (c, gx, gy), each (n, n)."""
        x0, x1, y0, y1 = view
        gy, gx = torch.meshgrid(torch.linspace(y0, y1, n, dtype=DTYPE), torch.linspace(x0, x1, n, dtype=DTYPE),
                                indexing="ij")
        w = torch.stack([gx, gy], -1)  # (n, n, 2)
        rows = max(1, 20_000 // n)  # a block of rows at a time: the whole grid at once held ~230 MB
        with torch.no_grad():
            c = torch.cat([cost(G(self.x, H(w[i:i + rows])), self.y) for i in range(0, n, rows)])  # (n, n)
        return c.numpy(), gx.numpy(), gy.numpy()

    def level_sets(self, view, levels, n: int = 300) -> list[np.ndarray]:
        return level_points(*self.surface(view, n), levels)


def train(net: SharedNet, steps: int, zero_grad: bool) -> list[float]:
    """A training loop, with or without zero_grad() before each backward: C after each step."""
    costs = []
    for _ in range(steps):
        net.backward(zero_grad=zero_grad)
        costs.append(net.step()[1])
    return costs


# ------------------------------------------------------------------ claims
def claim_shared_gradient_is_the_sum() -> ClaimResult:
    worst, n = 0.0, 0
    g = torch.Generator().manual_seed(1)
    for seed in range(3):
        net = SharedNet(SharingConfig(seed=seed))
        for _ in range(5):
            with torch.no_grad():
                net.u.copy_(torch.randn(2, generator=g, dtype=DTYPE) * 1.5)
            gr = net.backward()
            worst = max(worst, float(np.abs(gr.u - gr.w_sums).max()))
            n += 1
    return ClaimResult("sharing", "∂C/∂u1 = ∂C/∂w1 + ∂C/∂w2 exactly (and ∂C/∂u2 = ∂C/∂w3 + ∂C/∂w4)",
                       f"{n} backward passes (3 data sets, random u), u.grad against the sum of the retained "
                       f"w.grad: max difference {worst:.1e} (must be 0)", worst == 0.0)


def claim_without_zero_grad_gradients_accumulate() -> ClaimResult:
    net = SharedNet()
    one = net.backward().u
    ratios = []
    for k in range(2, 6):
        ratios.append(float(np.abs(net.backward(zero_grad=False).u / one - k).max()))
    clean = train(SharedNet(), 30, zero_grad=True)
    sloppy = train(SharedNet(), 30, zero_grad=False)
    ok = max(ratios) < 1e-12 and clean[-1] < 0.1 * sloppy[-1]
    return ClaimResult("sharing", "Without zero_grad(), u.grad after k backward passes is k times the gradient, "
                       "and training goes wrong",
                       f"u.grad / (one pass) − k for k = 2..5: max {max(ratios):.1e}; 30 SGD steps (lr "
                       f"{SharingConfig.lr}): C = {clean[-1]:.4f} with zero_grad, {sloppy[-1]:.4f} without", ok)


def claim_after_steps_u_grad_sums_gradients_at_different_u() -> ClaimResult:
    """The lesson's a-then-s loop: b, then a and s four times."""
    net = SharedNet()
    net.backward()
    net.step()
    for _ in range(4):
        net.backward(zero_grad=False)
        net.step()
    g = net.last
    total = np.sum([p.grad for p in g.history], axis=0)
    err = float(np.abs(g.u - total).max())
    k_times = g.passes * net.grad_at(g.at)  # what "k × the gradient" would say
    off = float(np.abs(g.u - k_times).max())
    places = len({p.at.tobytes() for p in g.history})
    ok = err == 0.0 and places == g.passes and off > 0.1
    return ClaimResult("sharing", "Without zero_grad() across steps, u.grad is the sum of the gradients of every pass, "
                       "each taken at the u of its own forward, not k times one gradient",
                       f"b, then a and s four times: {g.passes} passes at {places} different u; |u.grad − Σ passes| "
                       f"= {err:.1e} (must be 0); |u.grad − {g.passes} × the last pass's gradient| = {off:.2f}", ok)


CLAIMS = [claim_shared_gradient_is_the_sum, claim_without_zero_grad_gradients_accumulate,
          claim_after_steps_u_grad_sums_gradients_at_different_u]
