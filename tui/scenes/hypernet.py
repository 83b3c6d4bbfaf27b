"""What the hypernetwork lesson draws from a training snapshot: the fit (data,
the hypernetwork, the plain network, and the little lines G draws at a few
x), the weights H writes as functions of x, and both networks' training
loss step by step. numpy only; shared by the screen, its export and
``nn-explorer render hypernet`` (which trains, and so imports PyTorch).

The braille canvas gives each cell the colour of one layer, and the fits
pass through the data (noise 0.05, under a dot at these sizes): so the
hypernetwork is a braille line, the plain network a dotted line of • marks
written over it (both stay visible where they overlap), and the data a
bright layer behind the fits (visible wherever a fit misses it) or, with
``data_front``, in front of them."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from tui.canvas import (Layer, Mark, Run, Scene, legend_runs, legend_sample, pad_cells, render_runs, text_cells,
                        wrap_cells)
from tui.charset import fit_cells
from tui.words import tables
from tui.render import RenderError
from tui.state import take_lang

DATA_STYLE = "#d0d0d0"
HYPER_STYLE = "#5fe05f"
PLAIN_STYLE = "bold #ffa640"
LOCAL_STYLE = "#ff5fd7"
SLOPE_STYLE = "#44d9d9"
OFFSET_STYLE = "#f2d94e"
FORMULA_STYLE = "#3d5a73"
LOCAL_AT = np.linspace(-2.7, 2.7, 9)  # where G's line is drawn
X_RANGE = (-3.0, 3.0)  # models.hypernet.X_RANGE
PLAIN_MARKS = 24  # • marks along the plain network's fit
PLAIN_GLYPH = "•"
#: each series' glyph, drawn without colour (tui.charset.markers_on) and in the legend
GLYPHS = {HYPER_STYLE: "o", DATA_STYLE: "·", LOCAL_STYLE: "+", PLAIN_STYLE: PLAIN_GLYPH,
          SLOPE_STYLE: "1", OFFSET_STYLE: "2", FORMULA_STYLE: "~"}
SPARK = "▁▂▃▄▅▆▇█"  # the loss rows: one level per eighth of the log range

#: every word the lesson shows, in both languages (assets/words/hypernet.toml [words])
WORDS = tables("hypernet", "words")


def words(lang: str) -> dict:
    return WORDS.get(lang, WORDS["en"])


def fit_legend(lang: str = "en", *, local: bool = True, data_front: bool = False) -> list[tuple[str, str, str]]:
    """(glyph, style, label) for each thing the fit draws, as it draws it."""
    w = words(lang)
    items = [(legend_sample("⣀⣀", GLYPHS[HYPER_STYLE]), HYPER_STYLE, w["hypernet"]),
             (fit_cells(f"{PLAIN_GLYPH} {PLAIN_GLYPH}"), PLAIN_STYLE, w["plain"]),
             (legend_sample("⠂⠄", GLYPHS[DATA_STYLE]), DATA_STYLE, w["data_front"] if data_front else w["data"])]
    if local:
        items.append((legend_sample("⠤⠤", GLYPHS[LOCAL_STYLE]), LOCAL_STYLE, w["local"]))
    return items


def weights_legend(lang: str = "en") -> list[tuple[str, str, str]]:
    w = words(lang)
    return [(legend_sample("⣀⣀", GLYPHS[style]), style, w[key])
            for style, key in ((SLOPE_STYLE, "w1"), (OFFSET_STYLE, "w2"), (FORMULA_STYLE, "sin"))]


def legend_markup(items: list[tuple[str, str, str]]) -> str:
    """A legend for a border subtitle (Textual markup)."""
    return "  ".join(f"[{style}]{glyph} {label}[/]" for glyph, style, label in items)


def _curve(xs: np.ndarray, ys: np.ndarray, n: int = 1200) -> np.ndarray:
    """A dense polyline through (xs, ys), for drawing."""
    fine = np.linspace(xs[0], xs[-1], n)
    return np.stack([fine, np.interp(fine, xs, ys)], 1)


def plain_marks(snap, n: int = PLAIN_MARKS) -> list[Mark]:
    """The plain network's fit as a dotted line: a • at n evenly spaced x."""
    lo, hi = X_RANGE
    at = lo + (np.arange(n) + 0.5) * (hi - lo) / n
    ys = np.interp(at, snap.xs, snap.plain_fit)
    return [Mark(float(x), float(y), PLAIN_GLYPH, PLAIN_STYLE) for x, y in zip(at, ys)]


def fit_scene(snap, data_xy: np.ndarray, *, local: bool = True, data_front: bool = False) -> Scene:
    xs = snap.xs
    data = Layer(data_xy, DATA_STYLE, "data")
    layers = []
    if local:  # under the hypernet's line: they show where their slope leaves it
        segs = []
        for x0 in LOCAL_AT:
            i = int(np.argmin(np.abs(xs - x0)))
            w1, w2 = snap.weights[i]
            t = np.linspace(xs[i] - 0.3, xs[i] + 0.3, 60)
            segs.append(np.stack([t, w1 * t + w2], 1))  # G(x, w) with the w that H made at xs[i]
        layers.append(Layer(np.concatenate(segs), LOCAL_STYLE, "G's lines"))
    layers.append(Layer(_curve(xs, snap.hyper_fit), HYPER_STYLE, "hypernet"))
    layers = layers + [data] if data_front else [data] + layers
    lo = min(float(data_xy[:, 1].min()), -3.0)
    hi = max(float(data_xy[:, 1].max()), 3.0)
    for layer in layers:
        layer.glyph = GLYPHS.get(layer.style, "")
    return Scene(layers, (*X_RANGE, lo - 0.2, hi + 0.2), equal_aspect=False, marks=plain_marks(snap))


def weights_scene(snap) -> Scene:
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
    for layer in layers:
        layer.glyph = GLYPHS.get(layer.style, "")
    return Scene(layers, (*X_RANGE, lo, hi), equal_aspect=False)


# ----------------------------------------------------------- loss rows
def _log_range(snap) -> tuple[float, float] | None:
    values = np.concatenate([snap.hyper_losses, snap.plain_losses])
    values = values[np.isfinite(values) & (values > 0)]
    if not len(values):
        return None
    return float(np.log10(values.min())), float(np.log10(values.max()))


def spark(losses: np.ndarray, cols: int, lo: float, hi: float) -> str:
    """``losses`` (one a step) as ``cols`` block characters (fewer when
    there are fewer steps): each the mean log10 loss of its run of steps, on
    the common scale lo..hi (log10)."""
    n = len(losses)
    if n == 0 or cols <= 0:
        return ""
    logs = np.log10(np.maximum(losses, 1e-300))
    cols = min(cols, n)
    edges = np.linspace(0, n, cols + 1).round().astype(int)
    out = []
    for a, b in zip(edges[:-1], edges[1:]):
        v = float(logs[a:max(b, a + 1)].mean())
        level = 0 if hi <= lo else int(round((v - lo) / (hi - lo) * (len(SPARK) - 1)))
        out.append(SPARK[max(0, min(level, len(SPARK) - 1))])
    return "".join(out)


def _fmt(v: float) -> str:
    return f"{v:.3g}"


def loss_title(snap, lang: str = "en") -> str:
    w = words(lang)
    scale = _log_range(snap)
    if scale is None:
        return w["loss_none"]
    return w["loss"].format(lo=_fmt(10 ** scale[0]), hi=_fmt(10 ** scale[1]))


def loss_rows(snap, width: int, lang: str = "en") -> list[list[Run]]:
    """Two lines of exactly ``width`` cells: each network's training MSE
    step by step (block heights on one log scale), first → last value."""
    w = words(lang)
    names = [w["hypernet"], w["plain"]]
    curves = [snap.hyper_losses, snap.plain_losses]
    styles = [HYPER_STYLE, PLAIN_STYLE]
    scale = _log_range(snap)
    label_w = max(text_cells(n) for n in names) + 1
    ends = [f" {_fmt(float(c[0]))} → {_fmt(float(c[-1]))}" if len(c) else "" for c in curves]
    end_w = max(text_cells(e) for e in ends)
    cols = width - label_w - end_w
    rows: list[list[Run]] = []
    for name, curve, style, end in zip(names, curves, styles, ends):
        strip = spark(curve, cols, *scale) if scale is not None else ""
        line: list[Run] = [(pad_cells(name, label_w), style), (strip, style), (end, "")]
        used = sum(text_cells(t) for t, _ in line)
        if used > width:  # too narrow for the values: the strip and the label, cut
            line = [(pad_cells(name, label_w), style), (strip, style)]
            used = sum(text_cells(t) for t, _ in line)
        text = "".join(t for t, _ in line)
        if used > width:
            line = [(pad_cells(text, width), style)]
        else:
            line.append((" " * (width - used), ""))
        rows.append(line)
    return rows


def numbers(snap, n_hyper: int, n_plain: int, lang: str = "en") -> str:
    w = words(lang)
    params = w["same"].format(n=n_hyper) if n_hyper == n_plain else w["differ"].format(h=n_hyper, p=n_plain)
    return w["numbers"].format(step=snap.step, steps=snap.steps, h=snap.hyper_test, p=snap.plain_test, params=params)


# ----------------------------------------------------- the whole picture
def picture(snap, data_xy: np.ndarray, counts: tuple[int, int], width: int, height: int, *,
            local: bool = True, data_front: bool = False, lang: str = "en") -> list[list[Run]]:
    """``render hypernet``'s text (and ``e``'s): a header with the numbers,
    the fit, the weights, the loss rows; ``height`` lines of ``width`` cells."""
    w = words(lang)
    head = wrap_cells(w["head"] + numbers(snap, *counts, lang), width)
    rest = height - len(head) - 4 - 3  # two titles, two legends, the loss title and its two rows
    top = rest // 2

    def title(text: str) -> list[Run]:
        return [(pad_cells(text, width), "bold")]

    return ([[(pad_cells(line, width), "bold")] for line in head]
            + [title(w["fit"]), legend_runs(fit_legend(lang, local=local, data_front=data_front), width)]
            + render_runs(fit_scene(snap, data_xy, local=local, data_front=data_front), width, top)
            + [title(w["weights"]), legend_runs(weights_legend(lang), width)]
            + render_runs(weights_scene(snap), width, rest - top)
            + [title(loss_title(snap, lang))] + loss_rows(snap, width, lang))


@dataclass(frozen=True)
class HypernetArgs:
    """render hypernet's (and ``nn-explorer hypernet``'s) state, checked:
    both networks trained ``steps`` steps from ``seed``."""

    steps: int = 300
    seed: int = 0
    lang: str = "en"


def parse_state(*, step: int | None, dataset: str | None, width: int | None, seed: int,
                options: dict[str, str]) -> HypernetArgs:
    lang = take_lang(options)
    n = 300 if step is None else step
    if not 0 <= n <= 5000:
        raise RenderError(f"step {n} is out of range: 0 to 5000")
    return HypernetArgs(n, seed, lang)


def draw(args: HypernetArgs, size: tuple[int, int]) -> list[list[Run]]:
    """``nn-explorer render hypernet [--step N] [--seed S] [--lang ko]``: train both
    networks for N steps (default 300) from seed S, then draw both plots."""
    n, seed, lang = args.steps, args.seed, args.lang
    w, h = size
    if h < 24:
        raise RenderError(f"size {w}x{h} is too small for the hypernet lesson (try 100x40)")
    from models import hypernet as hn

    cfg = hn.HyperConfig()
    result = hn.train(cfg, seed=seed, steps=n)
    x, y, _, _ = hn.make_data(cfg)
    data_xy = np.concatenate([x.numpy(), y.numpy()], 1)
    counts = (hn.n_params(hn.HyperNet(cfg.hidden)), hn.n_params(hn.plain_net(cfg.plain_hidden)))
    return picture(result.value, data_xy, counts, w, h, lang=lang)
