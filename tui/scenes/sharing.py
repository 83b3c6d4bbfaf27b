"""What the weight-sharing lesson draws: the cost over the plane of the two
shared parameters (u1, u2), the path of u, and the SGD step that the current
u.grad would take next to the step one backward pass asks for; and the panel
of gradients. Imports PyTorch (through models.sharing): the screen imports it
only once PyTorch is ready. Shared with ``nn-explorer render sharing``."""

from __future__ import annotations

import textwrap

import numpy as np

from models import sharing as sh
from models.transform import segments
from tui.canvas import Layer, Run, Scene, render_runs

VIEW = (-0.4, 3.2, -0.2, 2.0)  # the quadrant of the teacher (C(u) = C(−u): a mirror minimum lies opposite)
LEVELS = (0.01, 0.05, 0.2, 0.5, 1.0, 2.0)
LEVEL_STYLE = "#3d5a73"
PATH_STYLE = "#44d9d9"
ONE_STYLE = "#5fe05f"
ACC_STYLE = "bold #ff5f5f"
NOW_STYLE = "bold #ffffff"
U1_STYLE = "#4da6ff"
U2_STYLE = "#ffa640"
LEGEND = [("u path", PATH_STYLE), ("step: 1 pass", ONE_STYLE), ("step: u.grad", ACC_STYLE),
          ("C", LEVEL_STYLE)]
MAX_PASSES = 50


def _dot(center, r: float = 0.03, n: int = 40) -> np.ndarray:
    a = np.linspace(0, 2 * np.pi, n, endpoint=False)
    ring = np.stack([np.cos(a), np.sin(a)], 1)
    return np.concatenate([np.asarray(center)[None]] + [center + rr * ring for rr in (r / 2, r)])


class SharingView:
    def __init__(self, cfg: sh.SharingConfig = sh.SharingConfig()):
        self.net = sh.SharedNet(cfg)
        x0, x1, y0, y1 = VIEW
        cx, cy, r = (x0 + x1) / 2, (y0 + y1) / 2, max(x1 - x0, y1 - y0)  # the canvas may widen the view
        self._levels = np.concatenate(self.net.level_sets((cx - r, cx + r, cy - r, cy + r), LEVELS, n=500))
        self.message = ""  # what the last key did

    # ------------------------------------------------------------- actions
    def backward(self, zero_grad: bool = True) -> sh.Grads:
        return self.net.backward(zero_grad=zero_grad)

    def step(self) -> tuple[float, float]:
        return self.net.step()

    # --------------------------------------------------------------- scene
    def scene(self, legend: bool = True) -> Scene:
        net = self.net
        u = net.u_now
        layers = [Layer(self._levels, LEVEL_STYLE, "C levels"),
                  Layer(segments(np.array(net.path), 30), PATH_STYLE, "path of u")]
        g = net.last
        if g is not None:
            one = net.step_preview(g.w_sums)
            layers.append(Layer(segments(np.array([u, net.step_preview(g.u)]), 200), ACC_STYLE, "step, u.grad"))
            layers.append(Layer(segments(np.array([u, one]), 200), ONE_STYLE, "step, 1 pass"))
        layers.append(Layer(_dot(u), NOW_STYLE, "u"))
        return Scene(layers, VIEW, equal_aspect=True, legend=LEGEND if legend else [])

    # ---------------------------------------------------------------- text
    def title(self) -> str:
        return "Y branches: w1 = w2 = u1, w3 = w4 = u2 · C over (u1, u2)"

    def status(self) -> str:
        u = self.net.u_now
        return f"u = ({u[0]:+.3f}, {u[1]:+.3f}) · C {self.net.cost_at(u):.4f} · steps {len(self.net.path) - 1}"

    def info_lines(self, markup: bool = False) -> list[str]:
        """The gradient panel (≤ 46 columns). With markup, u1's weights are
        blue and u2's orange."""
        def c(text: str, style: str) -> str:
            return f"[{style}]{text}[/]" if markup else text

        g = self.net.last
        if g is None:
            return ["ŷ = w3·tanh(w1·x1) + w4·tanh(w2·x2)", "u.grad is empty: press b for forward + backward"]
        s = g.w_sums
        lines = [
            c(f"∂C/∂w1 {g.w[0]:+.4f}  ∂C/∂w2 {g.w[1]:+.4f}  sum {s[0]:+.4f}", U1_STYLE),
            c(f"∂C/∂w3 {g.w[2]:+.4f}  ∂C/∂w4 {g.w[3]:+.4f}  sum {s[1]:+.4f}", U2_STYLE),
            f"u.grad  {c(f'u1 {g.u[0]:+.4f}', U1_STYLE)}  {c(f'u2 {g.u[1]:+.4f}', U2_STYLE)}",
        ]
        same = bool(np.all(g.u == s))
        if g.passes == 1:
            lines.append(f"1 backward: u.grad = the sums {'exactly ✓' if same else '✗'}")
        else:
            k = float(np.mean(g.u / s)) if np.all(s != 0) else float("nan")
            lines.append(c(f"{g.passes} passes, no zero_grad: u.grad = {k:.2f} × sums", "bold #ff5f5f"))
        before = self.net.cost_at(self.net.u_now)
        one = self.net.cost_at(self.net.step_preview(s))
        acc = self.net.cost_at(self.net.step_preview(g.u))
        line = f"C {before:.4f} → step: 1 pass {c(f'{one:.4f}', ONE_STYLE)}"
        if g.passes > 1:
            line += f", u.grad {c(f'{acc:.4f}', ACC_STYLE)}"
        return lines + [line]


def render(*, step: int | None, size: tuple[int, int], seed: int, dataset: str | None, width: int | None,
           options: dict[str, str] | None = None) -> list[list[Run]]:
    """``nn-explorer render sharing [--step N] [-o passes=K]``: after N SGD
    steps (each with zero_grad), K backward passes without zero_grad."""
    from tui.render import RenderError

    options = dict(options or {})
    if dataset is not None or width is not None:
        raise RenderError("the sharing lesson takes no --dataset or --width (use -o passes=K)")
    passes_text = options.pop("passes", "1")
    if options:
        raise RenderError(f"unknown option(s) for sharing: {', '.join(options)} (known: passes)")
    try:
        passes = int(passes_text)
    except ValueError:
        raise RenderError(f"passes must be a whole number, got {passes_text!r}") from None
    if not 0 <= passes <= MAX_PASSES:
        raise RenderError(f"passes {passes} is out of range (0 to {MAX_PASSES})")
    n = 0 if step is None else step
    if not 0 <= n <= 200:
        raise RenderError(f"step {n} is out of range: 0 to 200")
    view = SharingView(sh.SharingConfig(seed=seed))
    for _ in range(n):
        view.backward()
        view.step()
    for i in range(passes):
        view.backward(zero_grad=i == 0)
    w, h = size
    head = [s for line in (view.title(), view.status()) for s in textwrap.wrap(line, w)]
    tail = [s for line in view.info_lines() for s in textwrap.wrap(line, w)]
    plot_h = h - len(head) - len(tail)
    if plot_h < 8:
        raise RenderError(f"size {w}x{h} is too small for the sharing lesson (try 80x30)")
    return [[(line, "bold")] for line in head] + render_runs(view.scene(), w, plot_h) + [[(t, "")] for t in tail]
