"""What the hypernetwork lesson draws from a training snapshot: the fit (data,
the hypernetwork, the plain network, and the little lines G draws at a few
x), and the weights H writes as functions of x. numpy only; shared with
``nn-explorer render hypernet`` (which trains, and so imports PyTorch)."""

from __future__ import annotations

import textwrap

import numpy as np

from tui.canvas import Layer, Run, Scene, render_runs

DATA_STYLE = "#6a6a6a"
TARGET_STYLE = "#444444"
HYPER_STYLE = "#5fe05f"
PLAIN_STYLE = "#ffa640"
LOCAL_STYLE = "#ff5fd7"
SLOPE_STYLE = "#44d9d9"
OFFSET_STYLE = "#f2d94e"
FORMULA_STYLE = "#3d5a73"
FIT_LEGEND = [("data", DATA_STYLE), ("hypernet", HYPER_STYLE), ("plain", PLAIN_STYLE), ("G's lines", LOCAL_STYLE)]
WEIGHTS_LEGEND = [("w1: slope", SLOPE_STYLE), ("w2: offset", OFFSET_STYLE), ("sin 3x", FORMULA_STYLE)]
LOCAL_AT = np.linspace(-2.7, 2.7, 9)  # where G's line is drawn
X_RANGE = (-3.0, 3.0)  # models.hypernet.X_RANGE


def _curve(xs: np.ndarray, ys: np.ndarray, n: int = 1200) -> np.ndarray:
    """A dense polyline through (xs, ys), for drawing."""
    fine = np.linspace(xs[0], xs[-1], n)
    return np.stack([fine, np.interp(fine, xs, ys)], 1)


def fit_scene(snap, data_xy: np.ndarray, *, local: bool = True, legend: bool = True) -> Scene:
    xs = snap.xs
    layers = [Layer(_curve(xs, xs * np.sin(3 * xs)), TARGET_STYLE, "target"),
              Layer(data_xy, DATA_STYLE, "data"),
              Layer(_curve(xs, snap.plain_fit), PLAIN_STYLE, "plain"),
              Layer(_curve(xs, snap.hyper_fit), HYPER_STYLE, "hypernet")]
    if local:
        segs = []
        for x0 in LOCAL_AT:
            i = int(np.argmin(np.abs(xs - x0)))
            w1, w2 = snap.weights[i]
            t = np.linspace(xs[i] - 0.3, xs[i] + 0.3, 60)
            segs.append(np.stack([t, w1 * t + w2], 1))  # G(x, w) with the w that H made at xs[i]
        layers.append(Layer(np.concatenate(segs), LOCAL_STYLE, "G's lines"))
    lo = min(float(data_xy[:, 1].min()), -3.0)
    hi = max(float(data_xy[:, 1].max()), 3.0)
    return Scene(layers, (*X_RANGE, lo - 0.2, hi + 0.2), equal_aspect=False, legend=FIT_LEGEND if legend else [])


def weights_scene(snap, *, legend: bool = True) -> Scene:
    xs = snap.xs
    w = snap.weights
    lo = float(min(w.min(), -1.2))
    hi = float(max(w.max(), 1.2))
    span = hi - lo
    lo, hi = max(lo, -6.0) - 0.05 * span, min(hi, 6.0) + 0.05 * span  # very steep weights are cut
    layers = [Layer(_curve(xs, np.zeros_like(xs)), "#333333", "zero"),
              Layer(_curve(xs, np.sin(3 * xs)), FORMULA_STYLE, "sin 3x"),
              Layer(_curve(xs, w[:, 1]), OFFSET_STYLE, "w2"),
              Layer(_curve(xs, w[:, 0]), SLOPE_STYLE, "w1")]
    return Scene(layers, (*X_RANGE, lo, hi), equal_aspect=False, legend=WEIGHTS_LEGEND if legend else [])


def numbers(snap, n_hyper: int, n_plain: int) -> str:
    params = f"{n_hyper} params each" if n_hyper == n_plain else f"{n_hyper} and {n_plain} params"
    return (f"step {snap.step}/{snap.steps} · test MSE: hypernet {snap.hyper_test:.4f}, "
            f"plain {snap.plain_test:.4f} ({params})")


def render(*, step: int | None, size: tuple[int, int], seed: int, dataset: str | None, width: int | None,
           options: dict[str, str] | None = None) -> list[list[Run]]:
    """``nn-explorer render hypernet [--step N] [--seed S]``: train both
    networks for N steps (default 300) from seed S, then draw both plots."""
    from tui.render import RenderError

    if options:
        raise RenderError(f"the hypernet lesson takes no options (got: {', '.join(options)})")
    if dataset is not None or width is not None:
        raise RenderError("the hypernet lesson takes no --dataset or --width")
    n = 300 if step is None else step
    if not 0 <= n <= 5000:
        raise RenderError(f"step {n} is out of range: 0 to 5000")
    w, h = size
    if h < 24:
        raise RenderError(f"size {w}x{h} is too small for the hypernet lesson (try 100x40)")
    from models import hypernet as hn

    cfg = hn.HyperConfig()
    result = hn.train(cfg, seed=seed, steps=n)
    x, y, _, _ = hn.make_data(cfg)
    data_xy = np.concatenate([x.numpy(), y.numpy()], 1)
    snap = result.snapshot
    head = textwrap.wrap("Hypernetwork · G(x, w) = w1·x + w2, w = H(x, u) · "
                         + numbers(snap, hn.n_params(hn.HyperNet(cfg.hidden)),
                                   hn.n_params(hn.plain_net(cfg.plain_hidden))), w)
    rest = h - len(head) - 2
    top = rest // 2
    return ([[(line, "bold")] for line in head] + [[("the fit", "bold")]] + render_runs(fit_scene(snap, data_xy), w, top)
            + [[("the weights H writes, as functions of x", "bold")]] + render_runs(weights_scene(snap), w, rest - top))
