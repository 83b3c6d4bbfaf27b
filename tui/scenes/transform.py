"""What the w = H(u) lesson draws: level sets of C(w), the image of H, and
the two descents, as a canvas Scene; and the panel of shapes and update rules.

Shared by the lesson screen and by ``nn-explorer render transform``. This
module imports PyTorch (through models.transform): the screen imports it only
once PyTorch is ready.
"""

from __future__ import annotations

import textwrap

import numpy as np

from models import transform as tf
from tui.canvas import Layer, Run, Scene, render_runs

LEVEL_STYLE = "#3d5a73"
IMAGE_STYLE = "#9a6ab0"
PLAIN_STYLE = "#ffa640"
VIA_U_STYLE = "#5fe05f"
RULE_STYLE = "bold #ff5fd7"
MIN_STYLE = "bold #ffffff"

LEGEND = [("on w", PLAIN_STYLE), ("on u", VIA_U_STYLE), ("H(u)", IMAGE_STYLE), ("C levels", LEVEL_STYLE),
          ("rule", RULE_STYLE)]
MAX_STEPS = 400  # a run (space) stops here at the latest


def fmt(x: float) -> str:
    """Six characters where possible: +0.158, -1e-04; rounding noise (below
    1e-12) shows as ~0."""
    if abs(x) < 1e-12:
        return "    ~0"
    if abs(x) >= 1e-3:
        return f"{x:+.3f}"
    return f"{x:+.0e}"


def fmt_vec(v: np.ndarray) -> str:
    return " ".join(fmt(float(x)) for x in np.asarray(v).ravel())


class TransformView:
    """One map H, one learning rate, the race of the two descents."""

    def __init__(self, key: str = "y", eta: float = tf.DEFAULT_ETA):
        self.h = tf.get_map(key)
        self.eta = eta
        self.race = tf.Race(self.h)
        self.view = tf.VIEW
        # drawn once per map: the canvas widens the view to keep dots square,
        # so the level sets and the image cover a wider box
        x0, x1, y0, y1 = self.view
        wide = (2 * x0, 2 * x1, 1.2 * y0, 1.2 * y1)
        self._levels = np.concatenate(tf.contour_points(wide, n=700))
        self._image = tf.image_of_h(self.h, wide)
        self._check: tf.StepCheck | None = None

    # ---------------------------------------------------------------- state
    def set_eta(self, eta: float) -> None:
        self.eta = eta
        self._check = None

    def reset(self) -> None:
        self.race.reset()
        self._check = None

    def step(self) -> bool:
        ok = self.race.step(self.eta)
        self._check = None
        return ok

    def check(self) -> tf.StepCheck:
        """The two rules at the current point, next to autograd's step."""
        if self._check is None:
            self._check = tf.check_step(self.h, self.race.u, self.eta)
        return self._check

    # ---------------------------------------------------------------- scene
    def scene(self, legend: bool = True) -> Scene:
        race = self.race
        c = self.check()
        rule_w = c.w + c.dw_rule
        plain = np.array(race.plain)
        layers = [
            Layer(self._levels, LEVEL_STYLE, "C levels"),
            Layer(self._image, IMAGE_STYLE, "H(u)"),
            Layer(tf.segments(plain), PLAIN_STYLE, "on w"),
            Layer(race.path_via_u(), VIA_U_STYLE, "on u"),
            Layer(_dot(tf.CENTER, 0.025), MIN_STYLE, "minimum"),
            Layer(_dot(plain[-1], 0.03), PLAIN_STYLE, "on w now"),
            Layer(_dot(c.w, 0.03), VIA_U_STYLE, "on u now"),
            Layer(tf.segments(np.array([c.w, rule_w]), 60), RULE_STYLE, "rule"),
        ]
        return Scene(layers, self.view, equal_aspect=True, legend=LEGEND if legend else [])

    # ----------------------------------------------------------------- text
    def title(self) -> str:
        return f"w = H(u) · {self.h.title} · N_u={self.h.n_u}, N_w={self.h.n_w}"

    def status(self) -> str:
        plain, via = self.race.costs()
        stopped = " · stopped: η too large" if self.race.diverged else ""
        return (f"η {self.eta:g} · step {self.race.steps} · C(w): on w {plain:.4f}, "
                f"on u {via:.4f}{stopped}")

    def info_lines(self) -> list[str]:
        """The shapes and the two rules at the current point (≤ 50 columns)."""
        c = self.check()
        n_u, n_w = self.h.n_u, self.h.n_w
        err = c.dw_error
        if np.abs(c.dw_actual).max() < 1e-12:
            verdict = "(at rest: no step left)"
        elif self.h.linear:
            verdict = "exact: H is linear"
        else:
            verdict = f"= {err / c.eta ** 2:.2g}·η²: rule is 1st order"
        return [
            f"u {n_u}×1 · w {n_w}×1 · (∂H/∂u)ᵀ {n_u}×{n_w} · (∂C/∂w)ᵀ {n_w}×1",
            f"Δu −η(∂H/∂u)ᵀ(∂C/∂w)ᵀ         {fmt_vec(c.du_rule)}",
            f"   SGD step on u (autograd)   {fmt_vec(c.du_autograd)}",
            f"Δw −η(∂H/∂u)(∂H/∂u)ᵀ(∂C/∂w)ᵀ  {fmt_vec(c.dw_rule)}",
            f"   H(u+Δu) − H(u)             {fmt_vec(c.dw_actual)}",
            f"   |diff| {err:.1e} {verdict}",
        ]


def _dot(center: np.ndarray, r: float, n: int = 60) -> np.ndarray:
    """A small filled disc of points around ``center``."""
    a = np.linspace(0, 2 * np.pi, n, endpoint=False)
    rings = [center + rr * np.stack([np.cos(a), np.sin(a)], 1) for rr in (r / 3, 2 * r / 3, r)]
    return np.concatenate([center[None], *rings])


# ------------------------------------------------------------------ render
def render(*, step: int | None, size: tuple[int, int], seed: int, dataset: str | None, width: int | None,
           options: dict[str, str] | None = None) -> list[list[Run]]:
    """``nn-explorer render transform [-o map=y|linear|curve] [-o eta=0.05] [--step N]``:
    the plot after N steps (default 0), with the rules at that point."""
    from tui.render import RenderError

    options = dict(options or {})
    if dataset is not None or width is not None:
        raise RenderError("the transform lesson takes no --dataset or --width (use -o map=..., -o eta=...)")
    key = options.pop("map", "y")
    eta_text = options.pop("eta", str(tf.DEFAULT_ETA))
    if options:
        raise RenderError(f"unknown option(s) for transform: {', '.join(options)} (known: map, eta)")
    if key not in tf.MAPS:
        raise RenderError(f"unknown map {key!r} (choose from: {', '.join(tf.MAPS)})")
    try:
        eta = float(eta_text)
    except ValueError:
        raise RenderError(f"eta must be a number, got {eta_text!r}") from None
    if not 0 < eta <= 1:
        raise RenderError(f"eta {eta:g} is out of range (0 < eta <= 1)")
    k = 0 if step is None else step
    if not 0 <= k <= MAX_STEPS:
        raise RenderError(f"step {k} is out of range: 0 to {MAX_STEPS}")
    view = TransformView(key, eta)
    for _ in range(k):
        if not view.step():
            raise RenderError(f"the descent diverges before step {k} at eta {eta:g}")
    w, h = size
    head = [f"{view.title()} · {view.status()}"]
    info = view.info_lines()
    lines = [s for line in head for s in textwrap.wrap(line, w)]
    tail = [s for line in info for s in textwrap.wrap(line, w, subsequent_indent="   ")]
    plot_h = h - len(lines) - len(tail)
    if plot_h < 8:
        raise RenderError(f"size {w}x{h} is too small for the transform lesson (try 80x30)")
    return ([[(line, "bold")] for line in lines] + render_runs(view.scene(), w, plot_h)
            + [[(line, "")] for line in tail])
