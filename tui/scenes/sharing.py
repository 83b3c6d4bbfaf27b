"""What the weight-sharing lesson draws: the cost over the plane of the two
shared parameters (u1, u2), the path of u, and the SGD step that the current
u.grad would take next to the step one backward pass at u asks for; and the
panel of gradients. Computes with PyTorch (models.sharing, imported when a
view is first made: checking a state needs none); the screen makes a view
only once PyTorch is ready. Shared with ``nn-explorer render sharing``.

Everything drawn that depends on u is computed at u as it is now: after a
step, the passes already in u.grad were taken at earlier u's, and the panel
says so (their gradients and where each was taken) instead of showing the
last pass as if it were taken here."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # (imported when a view is first computed: it brings in PyTorch)
    from models.sharing import Grads


def _sh():
    """models.sharing (PyTorch), imported when a view is first computed:
    checking a state (parse_state) needs no PyTorch."""
    from models import sharing

    return sharing


def segments(*args, **kwargs):
    from models.transform import segments

    return segments(*args, **kwargs)
from tui.canvas import Layer, Run, Scene, legend_mark, legend_runs, render_runs
from tui.scenes.transform import wrap_long
from tui.words import tables
from tui.render import RenderError
from tui.state import take_lang, whole

VIEW = (-0.4, 3.2, -0.2, 2.0)  # the quadrant of the teacher (C(u) = C(−u): a mirror minimum lies opposite)
LEVELS = (0.01, 0.05, 0.2, 0.5, 1.0, 2.0)
LEVEL_STYLE = "#3d5a73"
PATH_STYLE = "#44d9d9"
ONE_STYLE = "#5fe05f"
ACC_STYLE = "bold #ff5f5f"
NOW_STYLE = "bold #ffffff"
U1_STYLE = "#4da6ff"
U2_STYLE = "#ffa640"
DIM = "grey62"
MAX_PASSES = 50
MAX_GROUPS = 2  # runs of passes listed one a line; earlier ones are summed into one line
LANGS = ("en", "ko")

#: the plot's and the panel's words (assets/words/sharing.toml [words])
WORDS = tables("sharing", "words")
LEGEND_STYLES = (PATH_STYLE, ONE_STYLE, ACC_STYLE, LEVEL_STYLE)
#: each series' glyph, drawn without colour (tui.charset.markers_on) and in the legend
GLYPHS = {PATH_STYLE: "*", ONE_STYLE: "1", ACC_STYLE: "g", LEVEL_STYLE: "·", NOW_STYLE: "*"}  # u: the path's head
#: (label, style) of the legend, in English (kept for callers that draw it)
LEGEND = list(zip(WORDS["en"]["legend"], LEGEND_STYLES))


def legend_for(lang: str = "en") -> list[tuple[str, str]]:
    return list(zip(WORDS[lang if lang in WORDS else "en"]["legend"], LEGEND_STYLES))


def _dot(center, r: float = 0.03, n: int = 40) -> np.ndarray:
    a = np.linspace(0, 2 * np.pi, n, endpoint=False)
    ring = np.stack([np.cos(a), np.sin(a)], 1)
    return np.concatenate([np.asarray(center)[None]] + [center + rr * ring for rr in (r / 2, r)])


class SharingView:
    def __init__(self, cfg=None, lang: str = "en"):
        """``cfg``: a models.sharing.SharingConfig (None: its defaults)."""
        sh = _sh()
        self.net = sh.SharedNet(cfg if cfg is not None else sh.SharingConfig())
        self.lang = lang if lang in WORDS else "en"
        x0, x1, y0, y1 = VIEW
        cx, cy, r = (x0 + x1) / 2, (y0 + y1) / 2, max(x1 - x0, y1 - y0)  # the canvas may widen the view
        self._levels = np.concatenate(self.net.level_sets((cx - r, cx + r, cy - r, cy + r), LEVELS, n=500))
        self._one: tuple[bytes, np.ndarray] | None = None  # (u as bytes, one pass's gradient there)
        self.message = ""  # what the last key did

    @property
    def words(self) -> dict:
        return WORDS[self.lang]

    # ------------------------------------------------------------- actions
    def backward(self, zero_grad: bool = True) -> Grads:
        return self.net.backward(zero_grad=zero_grad)

    def step(self) -> tuple[float, float]:
        return self.net.step()

    # -------------------------------------------------- what depends on u
    def one_pass(self) -> np.ndarray:
        """The gradient one pass gives at u as it is now (2,): the last
        pass's own when it was taken here, else computed on a copy of u
        (u.grad is not touched)."""
        net = self.net
        if net.fresh:
            return net.last.w_sums
        key = net.u_now.tobytes()
        if self._one is None or self._one[0] != key:
            self._one = (key, net.grad_at(net.u_now))
        return self._one[1]

    # --------------------------------------------------------------- scene
    def scene(self, legend: bool = True) -> Scene:
        net = self.net
        u = net.u_now
        layers = [Layer(self._levels, LEVEL_STYLE, "C levels"),
                  Layer(segments(np.array(net.path), 30), PATH_STYLE, "path of u")]
        g = net.last
        if g is not None:
            one = net.step_preview(self.one_pass())
            layers.append(Layer(segments(np.array([u, net.step_preview(g.u)]), 200), ACC_STYLE, "step, u.grad"))
            layers.append(Layer(segments(np.array([u, one]), 200), ONE_STYLE, "step, 1 pass"))
        layers.append(Layer(_dot(u), NOW_STYLE, "u"))
        for layer in layers:
            layer.glyph = GLYPHS.get(layer.style, "")
        return Scene(layers, VIEW, equal_aspect=True, legend=legend_for(self.lang) if legend else [])

    # ---------------------------------------------------------------- text
    def title(self) -> str:
        return self.words["title"]

    def status(self) -> str:
        u = self.net.u_now
        return self.words["status"].format(u1=f"{u[0]:+.3f}", u2=f"{u[1]:+.3f}", c=f"{self.net.cost_at(u):.4f}",
                                           n=len(self.net.path) - 1)

    def info_lines(self, markup: bool = False, width: int | None = None) -> list[str]:
        """The gradient panel. With markup, u1's numbers are blue and u2's
        orange. Lines longer than ``width`` cells (when given) are wrapped;
        the ∂C/∂w and u.grad lines are at most 46 cells."""
        def c(text: str, style: str) -> str:
            return f"[{style}]{text}[/]" if markup else text

        W = self.words
        net = self.net
        g = net.last
        if g is None:
            return _wrap(["ŷ = w3·tanh(w1·x1) + w4·tanh(w2·x2)", W["empty"]], width, markup)
        lines: list[str] = []
        if net.fresh:
            s = g.w_sums
            lines += [c(f"∂C/∂w1 {g.w[0]:+.4f}  ∂C/∂w2 {g.w[1]:+.4f}  {W['sum']} {s[0]:+.4f}", U1_STYLE),
                      c(f"∂C/∂w3 {g.w[2]:+.4f}  ∂C/∂w4 {g.w[3]:+.4f}  {W['sum']} {s[1]:+.4f}", U2_STYLE)]
        else:  # the last pass's ∂C/∂w belong to an earlier u
            lines.append(c(W["moved"], DIM))
        lines.append(f"u.grad  {c(f'u1 {g.u[0]:+.4f}', U1_STYLE)}  {c(f'u2 {g.u[1]:+.4f}', U2_STYLE)}")
        groups = g.groups()
        if net.fresh and len(groups) == 1:  # every pass at u now: u.grad is k times one pass, exactly
            s = g.w_sums
            if g.passes == 1:
                lines.append(W["exact"].format(mark="✓" if np.all(g.u == s) else "✗"))
            else:
                k = float(np.mean(g.u / s)) if np.all(s != 0) else float("nan")
                lines.append(c(W["times"].format(k=g.passes, f=k), "bold #ff5f5f"))
        else:  # passes at other u's: u.grad is their sum, nothing simpler
            places = len({p.at.tobytes() for p in g.history})
            head = W["held"] if places == 1 else W["mixed"].format(k=g.passes, m=places)
            lines.append(c(head, "bold #ff5f5f"))
            shown = groups[-MAX_GROUPS:] if len(groups) <= MAX_GROUPS else groups[-(MAX_GROUPS - 1):]
            if len(shown) < len(groups):
                early = groups[:len(groups) - len(shown)]
                total = np.sum([n * grad for n, _, grad in early], axis=0)
                lines.append("  " + W["earlier"].format(n=sum(n for n, _, _ in early), g1=f"{total[0]:+.4f}",
                                                        g2=f"{total[1]:+.4f}"))
            for n, at, grad in shown:
                lines.append("  " + W["group"].format(n=n, g1=f"{grad[0]:+.4f}", g2=f"{grad[1]:+.4f}",
                                                      u1=f"{at[0]:+.2f}", u2=f"{at[1]:+.2f}"))
        before = net.cost_at(net.u_now)
        one = net.cost_at(net.step_preview(self.one_pass()))
        line = W["cost"].format(c=f"{before:.4f}", one=c(f"{one:.4f}", ONE_STYLE))
        if not (net.fresh and g.passes == 1):  # u.grad holds something else than one pass here
            acc = net.cost_at(net.step_preview(g.u))
            line += W["cost_acc"].format(acc=c(f"{acc:.4f}", ACC_STYLE))
        lines.append(line)
        return _wrap(lines, width, markup)


def _wrap(lines: list[str], width: int | None, markup: bool) -> list[str]:
    """Each line wider than ``width`` terminal cells wrapped (its
    continuation indented); the others as they are. Markup lines are left
    whole: the widget wraps them."""
    if width is None or markup:
        return lines
    return wrap_long(lines, width)


def legend_line(lang: str, width: int) -> list[Run]:
    """The legend as one line of exactly ``width`` cells (items that do not
    fit are left out whole)."""
    return legend_runs([(legend_mark(GLYPHS.get(style)).strip(), style, label) for label, style in legend_for(lang)],
                       width)


@dataclass(frozen=True)
class SharingArgs:
    """render sharing's (and ``nn-explorer sharing``'s) state, checked:
    ``steps`` SGD steps (each with zero_grad), then ``passes`` backward
    passes without zero_grad, from ``seed``."""

    steps: int = 0
    passes: int = 1
    seed: int = 0
    lang: str = "en"


def parse_state(*, step: int | None, dataset: str | None, width: int | None, seed: int,
                options: dict[str, str]) -> SharingArgs:
    passes_text = options.pop("passes", "1")
    lang = take_lang(options)
    passes = whole("passes", passes_text)
    if not 0 <= passes <= MAX_PASSES:
        raise RenderError(f"passes {passes} is out of range (0 to {MAX_PASSES})")
    n = 0 if step is None else step
    if not 0 <= n <= 200:
        raise RenderError(f"step {n} is out of range: 0 to 200")
    return SharingArgs(n, passes, seed, lang)


def draw(args: SharingArgs, size: tuple[int, int]) -> list[list[Run]]:
    """``nn-explorer render sharing [--step N] [-o passes=K] [-o lang=ko]``:
    after N SGD steps (each with zero_grad), K backward passes without zero_grad."""
    view = SharingView(_sh().SharingConfig(seed=args.seed), args.lang)
    for _ in range(args.steps):
        view.backward()
        view.step()
    for i in range(args.passes):
        view.backward(zero_grad=i == 0)
    return lines_of(view, size)


def lines_of(view: SharingView, size: tuple[int, int]) -> list[list[Run]]:
    """What ``render`` prints for this view at this size: title and status,
    the legend, the plot, the panel; every line ``size[0]`` cells or fewer."""
    w, h = size
    head = wrap_long([view.title(), view.status()], w)
    tail = view.info_lines(width=w)
    plot_h = h - len(head) - 1 - len(tail)
    if plot_h < 7:
        raise RenderError(f"size {w}x{h} is too small for the sharing lesson (try 80x30)")
    return ([[(line, "bold")] for line in head] + [legend_line(view.lang, w)]
            + render_runs(view.scene(legend=False), w, plot_h) + [[(t, "")] for t in tail])
