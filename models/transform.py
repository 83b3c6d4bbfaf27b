"""Parameter transformations: learn u, let the cost see w = H(u).

The lecture's update rules (G and C see w, we learn u):

    u ← u − η (∂H/∂u)ᵀ (∂C/∂w)ᵀ                      shapes: [N_u×N_w] · [N_w×1]
    w ← w − η (∂H/∂u)(∂H/∂u)ᵀ (∂C/∂w)ᵀ               first order in η

Here w has two coordinates, so that the cost C(w) can be drawn as level sets
in the plane, and H is one of three maps:

    y       the Y branch: w1 = w2 = u                  N_u = 1 (a line)
    linear  a fixed matrix: w = M·u                    N_u = 2 (the whole plane)
    curve   a circle: w = r·(cos u, sin u)             N_u = 1 (a non-linear curve)

Everything is computed by PyTorch: the Jacobian ∂H/∂u by
``torch.autograd.functional.jacobian``, (∂C/∂w)ᵀ by ``backward``, the step on u
by ``torch.optim.SGD`` on a leaf tensor u. The formulas above are then checked
against what autograd did. All tensors are float64 (the checks compare numbers
down to 1e-12).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import torch

from models.optimizer import SGD
from models.claims import ClaimResult

DTYPE = torch.float64

# ----------------------------------------------------------------- the cost
# C(w) = ½ (w − c)ᵀ A (w − c): an elongated bowl, tilted by 30°, minimum at c.
_THETA = math.radians(30.0)
_R = np.array([[math.cos(_THETA), -math.sin(_THETA)], [math.sin(_THETA), math.cos(_THETA)]])
A = _R @ np.diag([1.0, 6.0]) @ _R.T  # (2, 2), symmetric positive definite
CENTER = np.array([1.0, 0.4])  # (2,) the minimum of C

#: the level sets drawn (values of C)
LEVELS = (0.1, 0.5, 1.5, 3.5, 7.0)
#: the learning rates offered by + and −: each the double of the one before, so
#: that "halve η" is one key press (C's curvatures are 1 and 6: plain descent
#: overshoots above 2/6, so 0.4 is too large; the curve's descent on u already
#: at 0.2)
ETAS = (0.00625, 0.0125, 0.025, 0.05, 0.1, 0.2, 0.4)
DEFAULT_ETA = 0.05
#: the w-plane shown
VIEW = (-2.3, 2.3, -1.9, 1.9)


def cost(w: torch.Tensor) -> torch.Tensor:
    """C(w) for w of shape (..., 2); returns shape (...)."""
    a = torch.as_tensor(A, dtype=w.dtype, device=w.device)
    c = torch.as_tensor(CENTER, dtype=w.dtype, device=w.device)
    d = w - c  # (..., 2)
    return 0.5 * ((d @ a) * d).sum(-1)


# ------------------------------------------------------------------ the maps
M = np.array([[1.0, 0.9], [0.0, 0.45]])  # the linear map's matrix (invertible: det 0.45)
RADIUS = 1.6  # the curve's circle


# each map takes u of shape (..., N_u) and returns w of shape (..., 2)
def _h_y(u: torch.Tensor) -> torch.Tensor:  # u (..., 1) -> w (..., 2)
    return torch.cat([u, u], -1)


def _h_linear(u: torch.Tensor) -> torch.Tensor:  # u (..., 2) -> w (..., 2)
    return u @ torch.as_tensor(M, dtype=u.dtype, device=u.device).T


def _h_curve(u: torch.Tensor) -> torch.Tensor:  # u (..., 1) -> w (..., 2)
    return RADIUS * torch.cat([torch.cos(u), torch.sin(u)], -1)


@dataclass(frozen=True)
class ParamMap:
    key: str
    title: str  # e.g. "Y branch: w1 = w2 = u"
    n_u: int
    H: Callable[[torch.Tensor], torch.Tensor]  # u (..., N_u) -> w (..., N_w)
    u0: tuple[float, ...]  # where descent starts
    linear: bool  # H linear: the rule for w is then exact, not only first order

    n_w: int = 2

    def start(self) -> torch.Tensor:
        return torch.tensor(self.u0, dtype=DTYPE)


MAPS: dict[str, ParamMap] = {
    "y": ParamMap("y", "Y branch: w1 = w2 = u", 1, _h_y, (-1.4,), True),
    "linear": ParamMap("linear", "linear: w = M·u", 2, _h_linear,
                       tuple(np.linalg.solve(M, [-1.6, -1.2]).tolist()), True),
    "curve": ParamMap("curve", f"curve: w = {RADIUS:g}·(cos u, sin u)", 1, _h_curve, (1.9,), False),
}
MAP_KEYS = tuple(MAPS)


def get_map(key: str) -> ParamMap:
    if key not in MAPS:
        raise KeyError(f"unknown map {key!r} (choose from: {', '.join(MAPS)})")
    return MAPS[key]


# ------------------------------------------------------------ the derivatives
def jacobian(h: ParamMap, u: torch.Tensor) -> torch.Tensor:
    """∂H/∂u at u, shape (N_w, N_u), by autograd."""
    return torch.autograd.functional.jacobian(h.H, u.detach())


def cost_gradient(w: torch.Tensor) -> torch.Tensor:
    """(∂C/∂w)ᵀ at w, shape (N_w,), by backward."""
    w = w.detach().clone().requires_grad_(True)
    cost(w).backward()
    return w.grad.detach()


def sgd_step_u(h: ParamMap, u: torch.Tensor, eta: float) -> tuple[torch.Tensor, torch.Tensor]:
    """One SGD step on u (as torch.optim.SGD makes it) with the cost C(H(u)): (new u, u.grad)."""
    leaf = u.detach().clone().requires_grad_(True)
    opt = SGD([leaf], lr=eta)
    opt.zero_grad()
    cost(h.H(leaf)).backward()
    grad = leaf.grad.detach().clone()
    opt.step()
    return leaf.detach(), grad


def sgd_step_w(w: torch.Tensor, eta: float) -> torch.Tensor:
    """One SGD step (as torch.optim.SGD makes it) on w itself (plain descent, no H)."""
    leaf = w.detach().clone().requires_grad_(True)
    opt = SGD([leaf], lr=eta)
    opt.zero_grad()
    cost(leaf).backward()
    opt.step()
    return leaf.detach()


@dataclass(frozen=True)
class StepCheck:
    """The lecture's two rules next to what autograd did, at one point u."""

    u: np.ndarray  # (N_u,)
    w: np.ndarray  # (N_w,) = H(u)
    J: np.ndarray  # (N_w, N_u) = ∂H/∂u; the notes' (∂H/∂u)ᵀ is J.T, N_u×N_w
    g: np.ndarray  # (N_w,) = (∂C/∂w)ᵀ
    eta: float
    du_rule: np.ndarray  # −η Jᵀ g
    du_autograd: np.ndarray  # SGD's step on u
    dw_rule: np.ndarray  # −η J Jᵀ g
    dw_actual: np.ndarray  # H(u + Δu) − H(u)

    @property
    def du_error(self) -> float:
        return float(np.abs(self.du_rule - self.du_autograd).max())

    @property
    def dw_error(self) -> float:
        """|rule − actual| for the change of w (Euclidean norm)."""
        return float(np.linalg.norm(self.dw_rule - self.dw_actual))


def check_step(h: ParamMap, u: torch.Tensor, eta: float) -> StepCheck:
    u = u.detach().to(DTYPE)
    w = h.H(u)
    J = jacobian(h, u)  # (N_w, N_u)
    g = cost_gradient(w)  # (N_w,)
    du_rule = -eta * (J.T @ g)  # (N_u,)
    dw_rule = -eta * (J @ (J.T @ g))  # (N_w,)
    u_new, _ = sgd_step_u(h, u, eta)
    with torch.no_grad():
        dw_actual = h.H(u_new) - w
    return StepCheck(u.numpy().copy(), w.detach().numpy().copy(), J.numpy().copy(), g.numpy().copy(), eta,
                     du_rule.numpy(), (u_new - u).numpy(), dw_rule.numpy(), dw_actual.numpy())


# -------------------------------------------------------------- the race
@dataclass
class Race:
    """Two descents from the same w0 = H(u0): plain descent on w, and descent
    on u seen in w-space. ``plain`` and ``via_u`` hold the w iterates (k, 2);
    ``us`` the u iterates."""

    h: ParamMap
    us: list[np.ndarray] = field(default_factory=list)
    via_u: list[np.ndarray] = field(default_factory=list)
    plain: list[np.ndarray] = field(default_factory=list)
    diverged: bool = False  # the last step was refused: it would have made a descent worse
    stopped_by: str | None = None  # which: "on w", "on u", or "bound" (left |x| < limit, or NaN)

    def __post_init__(self) -> None:
        if not self.us:
            self.reset()

    def reset(self) -> None:
        u0 = self.h.start()
        w0 = self.h.H(u0).detach()
        self.us = [u0.numpy().copy()]
        self.via_u = [w0.numpy().copy()]
        self.plain = [w0.numpy().copy()]
        self.clear_stop()

    @property
    def steps(self) -> int:
        return len(self.us) - 1

    @property
    def u(self) -> torch.Tensor:
        return torch.tensor(self.us[-1], dtype=DTYPE)

    def step(self, eta: float, limit: float = 50.0) -> bool:
        """One step of both descents; False (and nothing changed) when the
        step would make either descent worse: raise its cost C (beyond
        rounding), or leave |u|, |w| < ``limit``, or give NaN. For gradient
        descent a step that raises C has overshot: η is too large there, and
        the step that follows it is the first one of a divergence. The race
        stops at the last good point; ``diverged`` and ``stopped_by`` ("on w",
        "on u") say so until the next step or ``clear_stop``."""
        u_new, _ = sgd_step_u(self.h, self.u, eta)
        with torch.no_grad():
            w_new = self.h.H(u_new)
        p_new = sgd_step_w(torch.tensor(self.plain[-1], dtype=DTYPE), eta)
        values = torch.cat([u_new, w_new, p_new])
        blown = not bool(torch.isfinite(values).all()) or float(values.abs().max()) > limit
        plain_before, via_before = self.costs()
        with torch.no_grad():
            plain_after, via_after = float(cost(p_new)), float(cost(w_new))
        if blown:
            stopped_by = "bound"
        elif _worse(plain_after, plain_before):
            stopped_by = "on w"
        elif _worse(via_after, via_before):
            stopped_by = "on u"
        else:
            stopped_by = None
        if stopped_by is not None:
            self.diverged = True
            self.stopped_by = stopped_by
            return False
        self.clear_stop()
        self.us.append(u_new.numpy().copy())
        self.via_u.append(w_new.numpy().copy())
        self.plain.append(p_new.numpy().copy())
        return True

    def clear_stop(self) -> None:
        """Forget that the last step was refused (η changed, say)."""
        self.diverged = False
        self.stopped_by = None

    def converged(self, tol: float = 1e-6) -> bool:
        if self.steps < 1:
            return False
        moved = max(np.abs(self.via_u[-1] - self.via_u[-2]).max(), np.abs(self.plain[-1] - self.plain[-2]).max())
        return bool(moved < tol)

    def costs(self) -> tuple[float, float]:
        """C at the current point of (plain, via u)."""
        with torch.no_grad():
            pw = cost(torch.tensor(self.plain[-1], dtype=DTYPE))
            uw = cost(torch.tensor(self.via_u[-1], dtype=DTYPE))
        return float(pw), float(uw)

    def path_via_u(self, per_step: int = 40) -> np.ndarray:
        """The u path drawn in w-space: H along each straight step in u, so the
        drawn line stays on the image of H. (k, 2)"""
        if self.steps == 0:
            return np.array(self.via_u)
        us = torch.tensor(np.array(self.us), dtype=DTYPE)  # (k+1, N_u)
        s = torch.linspace(0, 1, per_step, dtype=DTYPE)[:, None, None]  # (S, 1, 1)
        pts = us[:-1][None] + s * (us[1:] - us[:-1])[None]  # (S, k, N_u)
        with torch.no_grad():
            ws = self.h.H(pts.reshape(-1, us.shape[1]))  # (S·k, 2)
        return ws.numpy()


def _worse(after: float, before: float) -> bool:
    """``after`` is above ``before`` by more than rounding (or is NaN)."""
    return not after <= before + 1e-9 * abs(before) + 1e-15


def segments(points: np.ndarray, per_segment: int = 40) -> np.ndarray:
    """Straight lines between consecutive points, as samples (for drawing)."""
    points = np.asarray(points, dtype=float)
    if len(points) < 2:
        return points
    s = np.linspace(0, 1, per_segment)[:, None, None]
    return (points[:-1][None] + s * (points[1:] - points[:-1])[None]).reshape(-1, 2)


# ------------------------------------------------------------ the pictures
def level_points(c: np.ndarray, gx: np.ndarray, gy: np.ndarray, levels) -> list[np.ndarray]:
    """Points on level sets of a function sampled on a grid (c, gx, gy all
    (n_y, n_x)): a point between every two neighbouring grid nodes that lie on
    opposite sides of the level. One (k, 2) array per level."""
    out = []
    for level in levels:
        s = c >= level
        pts = []
        h = s[:, 1:] != s[:, :-1]
        pts.append(np.stack([(gx[:, 1:][h] + gx[:, :-1][h]) / 2, gy[:, 1:][h]], 1))
        v = s[1:, :] != s[:-1, :]
        pts.append(np.stack([gx[1:, :][v], (gy[1:, :][v] + gy[:-1, :][v]) / 2], 1))
        out.append(np.concatenate(pts))
    return out


def contour_points(view: tuple[float, float, float, float], levels=LEVELS, n: int = 500) -> list[np.ndarray]:
    """Points on each level set of C inside ``view``, C evaluated by torch on
    an n×n grid."""
    x0, x1, y0, y1 = view
    xs = torch.linspace(x0, x1, n, dtype=DTYPE)
    ys = torch.linspace(y0, y1, n, dtype=DTYPE)
    gy, gx = torch.meshgrid(ys, xs, indexing="ij")
    with torch.no_grad():
        c = cost(torch.stack([gx, gy], -1)).numpy()  # (n, n)
    return level_points(c, gx.numpy(), gy.numpy(), levels)


def image_of_h(h: ParamMap, view: tuple[float, float, float, float], samples: int = 1500) -> np.ndarray:
    """Points of the image of H in w-space: a line or curve when N_u = 1, the
    images of grid lines of u-space (the whole plane, sheared) when N_u = 2."""
    x0, x1, y0, y1 = view
    span = 2 * max(x1 - x0, y1 - y0)
    with torch.no_grad():
        if h.key == "curve":
            u = torch.linspace(0, 2 * math.pi, samples, dtype=DTYPE)[:, None]
        elif h.n_u == 1:
            u = torch.linspace(-span, span, samples, dtype=DTYPE)[:, None]
        else:
            inv = np.linalg.inv(M)
            corners = np.array([[x, y] for x in (x0, x1) for y in (y0, y1)]) @ inv.T
            lo, hi = corners.min(0) - 0.5, corners.max(0) + 0.5
            lines = []
            t = torch.linspace(0, 1, samples // 4, dtype=DTYPE)
            for i in range(2):
                for v in np.arange(math.floor(lo[i]), math.ceil(hi[i]) + 1, 1.0):
                    p = torch.empty(len(t), 2, dtype=DTYPE)
                    p[:, i] = float(v)
                    p[:, 1 - i] = float(lo[1 - i]) + t * float(hi[1 - i] - lo[1 - i])
                    lines.append(p)
            u = torch.cat(lines)
        w = h.H(u)  # (samples, 2)
    return w.numpy()


def constrained_minimum(h: ParamMap, steps: int = 4000) -> np.ndarray:
    """Where descent on u ends: the lowest point of C on the image of H
    (found by running the descent long, with a safe learning rate)."""
    race = Race(h)
    for _ in range(steps):
        if not race.step(0.02) or race.converged(1e-12):
            break
    return race.via_u[-1]


def dw_errors(h: ParamMap, u: torch.Tensor, etas=(0.1, 0.05, 0.025, 0.0125)) -> list[float]:
    """|rule − actual| for the change of w at u, for each η."""
    return [check_step(h, u, eta).dw_error for eta in etas]


# --------------------------------------------------------------- claims
def _probe_points(h: ParamMap) -> list[torch.Tensor]:
    g = torch.Generator().manual_seed(0)
    return [h.start()] + [torch.randn(h.n_u, generator=g, dtype=DTYPE) * 1.5 for _ in range(6)]


def _torch_sgd_step_u(h: ParamMap, u: torch.Tensor, eta: float) -> torch.Tensor:
    """The same step with ``torch.optim.SGD`` itself (the app uses the
    written-out SGD of models/optimizer.py, which must agree with it)."""
    leaf = u.detach().clone().requires_grad_(True)
    opt = torch.optim.SGD([leaf], lr=eta)
    opt.zero_grad()
    cost(h.H(leaf)).backward()
    opt.step()
    return leaf.detach()


def claim_u_update_matches_autograd() -> ClaimResult:
    worst, n, same = 0.0, 0, True
    for h in MAPS.values():
        for u in _probe_points(h):
            for eta in (0.01, 0.1):
                worst = max(worst, check_step(h, u, eta).du_error)
                same = same and torch.equal(sgd_step_u(h, u, eta)[0], _torch_sgd_step_u(h, u, eta))
                n += 1
    return ClaimResult("transform", "The step on u, −η(∂H/∂u)ᵀ(∂C/∂w)ᵀ, is what autograd and SGD do to u",
                       f"{n} steps over the 3 maps (Jacobian by torch.autograd.functional.jacobian, step by "
                       f"SGD after backward()): max difference {worst:.1e} (limit 1e-12); the app's SGD step "
                       f"equals torch.optim.SGD's to the bit in {'all' if same else 'NOT all'} {n}",
                       worst < 1e-12 and same)


def claim_w_rule_first_order() -> ClaimResult:
    etas = (0.1, 0.05, 0.025, 0.0125)
    h = MAPS["curve"]
    ok = True
    parts = []
    for u in _probe_points(h)[:3]:
        errs = dw_errors(h, u, etas)
        ratios = [a / b for a, b in zip(errs, errs[1:])]  # halving η: error ÷ 4 when second order
        ok &= all(3.0 < r < 5.0 for r in ratios) and errs[-1] < errs[0]
        parts.append("u=" + ",".join(f"{x:.2f}" for x in u.tolist()) + ": " + " → ".join(f"{e:.1e}" for e in errs))
    lin = max(max(dw_errors(MAPS[k], MAPS[k].start(), etas)) for k in ("y", "linear"))
    ok &= lin < 1e-12
    return ClaimResult("transform", "The change of w matches −η(∂H/∂u)(∂H/∂u)ᵀ(∂C/∂w)ᵀ to first order in η",
                       f"curve map, |rule − actual| for η = {', '.join(map(str, etas))}: " + "; ".join(parts)
                       + f" (falls 4× per halving: the error is O(η²)); linear maps (Y branch, M·u): "
                         f"max {lin:.1e}, exact", ok)


CLAIMS = [claim_u_update_matches_autograd, claim_w_rule_first_order]
