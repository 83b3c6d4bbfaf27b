"""What the w = H(u) lesson draws: level sets of C(w), the image of H, and
the two descents, as a canvas Scene; and the panel of shapes and update rules.

Shared by the lesson screen and by ``nn-explorer render transform``. This
module imports PyTorch (through models.transform): the screen imports it only
once PyTorch is ready.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # (imported when a view is first computed: it brings in PyTorch)
    from models.transform import StepCheck

#: models.transform's map keys, learning rates and default η, written here so that
#: checking a state (parse_state) needs no PyTorch; tests/test_open_state.py checks they agree
MAP_KEYS = ("y", "linear", "curve")
ETAS = (0.00625, 0.0125, 0.025, 0.05, 0.1, 0.2, 0.4)
DEFAULT_ETA = 0.05


def _tf():
    """models.transform (PyTorch), imported when a view is first computed."""
    from models import transform

    return transform
from tui.canvas import Layer, Run, Scene, legend_mark, legend_runs, pad_cells, render_runs, text_cells, wrap_cells
from tui.words import tables
from tui.render import RenderError
from tui.state import number, take_lang

LEVEL_STYLE = "#3d5a73"
IMAGE_STYLE = "#9a6ab0"
PLAIN_STYLE = "#ffa640"
VIA_U_STYLE = "#5fe05f"
RULE_STYLE = "bold #ff5fd7"
MIN_STYLE = "bold #ffffff"

MAX_STEPS = 400  # a run (space) stops here at the latest
LANGS = ("en", "ko")

#: the plot's and the panel's words (assets/words/transform.toml [words])
WORDS = {lang: {**words, "maps": tables("transform", "words.maps")[lang],
                "stopped": tables("transform", "words.stopped")[lang]}
         for lang, words in tables("transform", "words").items()}
LEGEND_STYLES = (PLAIN_STYLE, VIA_U_STYLE, IMAGE_STYLE, LEVEL_STYLE, RULE_STYLE)
#: each series' glyph, drawn without colour (tui.charset.markers_on) and in the legend
GLYPHS = {PLAIN_STYLE: "w", VIA_U_STYLE: "u", IMAGE_STYLE: "~", LEVEL_STYLE: "·", RULE_STYLE: "=", MIN_STYLE: "+"}
#: (label, style) of the legend, in English
LEGEND = list(zip(WORDS["en"]["legend"], LEGEND_STYLES))


def legend_for(lang: str = "en") -> list[tuple[str, str]]:
    return list(zip(WORDS[lang if lang in WORDS else "en"]["legend"], LEGEND_STYLES))


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

    def __init__(self, key: str = "y", eta: float = DEFAULT_ETA, lang: str = "en"):
        tf = _tf()
        self.h = tf.get_map(key)
        self.eta = eta
        self.lang = lang if lang in WORDS else "en"
        self.race = tf.Race(self.h)
        self.view = tf.VIEW
        # drawn once per map: the canvas widens the view to keep dots square,
        # so the level sets and the image cover a wider box
        x0, x1, y0, y1 = self.view
        wide = (2 * x0, 2 * x1, 1.2 * y0, 1.2 * y1)
        self._levels = np.concatenate(tf.contour_points(wide, n=700))
        self._image = tf.image_of_h(self.h, wide)
        self._check = None  # a models.transform.StepCheck once asked for

    # ---------------------------------------------------------------- state
    @property
    def words(self) -> dict:
        return WORDS[self.lang]

    def set_eta(self, eta: float) -> None:
        """A new η: the rules are evaluated again, and a stop for the old η
        ("η too large") no longer holds."""
        self.eta = eta
        self.race.clear_stop()
        self._check = None

    def reset(self) -> None:
        self.race.reset()
        self._check = None

    def step(self) -> bool:
        ok = self.race.step(self.eta)
        self._check = None
        return ok

    def check(self) -> StepCheck:
        """The two rules at the current point, next to autograd's step."""
        if self._check is None:
            self._check = _tf().check_step(self.h, self.race.u, self.eta)
        return self._check

    # ---------------------------------------------------------------- scene
    def scene(self, legend: bool = True) -> Scene:
        tf = _tf()
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
        for layer in layers:
            layer.glyph = GLYPHS.get(layer.style, "")
        return Scene(layers, self.view, equal_aspect=True, legend=legend_for(self.lang) if legend else [])

    # ----------------------------------------------------------------- text
    def title(self) -> str:
        name = self.words["maps"][self.h.key].format(radius=_tf().RADIUS)
        return f"w = H(u) · {name} · N_u={self.h.n_u}, N_w={self.h.n_w}"

    def status(self) -> str:
        W = self.words
        plain, via = self.race.costs()
        stopped = W["stopped"][self.race.stopped_by or "bound"] if self.race.diverged else ""
        return W["status"].format(eta=f"{self.eta:g}", k=self.race.steps, plain=f"{plain:.4f}",
                                  via=f"{via:.4f}") + stopped

    def info_lines(self) -> list[str]:
        """The shapes and the two rules at the current point (≤ 50 cells)."""
        W = self.words
        c = self.check()
        n_u, n_w = self.h.n_u, self.h.n_w
        err = c.dw_error
        if np.abs(c.dw_actual).max() < 1e-12:
            verdict = W["rest"]
        elif self.h.linear:
            verdict = W["exact"]
        else:
            verdict = W["order"].format(c=f"{err / c.eta ** 2:.2g}")
        sub = "\u00a0" * 3  # the indent of a line under its rule (no-break spaces: wrapping keeps them)
        rows = [("Δu −η(∂H/∂u)ᵀ(∂C/∂w)ᵀ", c.du_rule), (sub + W["sgd"], c.du_autograd),
                ("Δw −η(∂H/∂u)(∂H/∂u)ᵀ(∂C/∂w)ᵀ", c.dw_rule), (sub + "H(u+Δu) − H(u)", c.dw_actual)]
        col = max(text_cells(label) for label, _ in rows) + 2
        return [
            f"u {n_u}×1 · w {n_w}×1 · (∂H/∂u)ᵀ {n_u}×{n_w} · (∂C/∂w)ᵀ {n_w}×1",
            *[pad_cells(label, col) + fmt_vec(v) for label, v in rows],
            f"{sub}|diff| {fmt_err(err)} {verdict}",
        ]


def _dot(center: np.ndarray, r: float, n: int = 60) -> np.ndarray:
    """A small filled disc of points around ``center``."""
    a = np.linspace(0, 2 * np.pi, n, endpoint=False)
    rings = [center + rr * np.stack([np.cos(a), np.sin(a)], 1) for rr in (r / 3, 2 * r / 3, r)]
    return np.concatenate([center[None], *rings])


# ------------------------------------------------------------------ render
@dataclass(frozen=True)
class TransformArgs:
    """render transform's (and ``nn-explorer transform``'s) state, checked:
    ``steps`` steps of the descent at ``eta`` through the map ``key``."""

    key: str = "y"
    eta: float = DEFAULT_ETA
    steps: int = 0
    lang: str = "en"


def parse_state(*, step: int | None, dataset: str | None, width: int | None, seed: int,
                options: dict[str, str]) -> TransformArgs:
    """The state asked for, checked (one-line RenderError); the steps are taken when drawn."""
    key = options.pop("map", "y")
    eta_text = options.pop("eta", str(DEFAULT_ETA))
    lang = take_lang(options)
    if key not in MAP_KEYS:
        raise RenderError(f"unknown map {key!r} (choose from: {', '.join(MAP_KEYS)})")
    eta = number("eta", eta_text)
    if not 0 < eta <= 1:
        raise RenderError(f"eta {eta:g} is out of range (0 < eta <= 1)")
    k = 0 if step is None else step
    if not 0 <= k <= MAX_STEPS:
        raise RenderError(f"step {k} is out of range: 0 to {MAX_STEPS}")
    args = TransformArgs(key, eta, k, lang)
    if k:
        stepped_view(args)  # a descent that diverges before step k is a bad state (a few 2-D steps: cheap)
    return args


def stepped_view(args: TransformArgs) -> TransformView:
    """The view after the state's steps; RenderError where the descent diverges before them."""
    view = TransformView(args.key, args.eta, args.lang)
    k = args.steps
    for _ in range(k):
        if not view.step():
            raise RenderError(f"the descent diverges before step {k} at eta {args.eta:g}: step "
                              f"{view.race.steps + 1} would raise C {view.race.stopped_by or ''} (eta too large)")
    return view


def draw(args: TransformArgs, size: tuple[int, int]) -> list[list[Run]]:
    """``nn-explorer render transform [-o map=y|linear|curve] [-o eta=0.05] [-o lang=ko] [--step N]``:
    the plot after N steps (default 0), with the rules at that point."""
    return lines_of(stepped_view(args), size)


def wrap_long(lines: list[str], width: int, indent: str = "  ") -> list[str]:
    """Each line wider than ``width`` terminal cells wrapped at spaces, its
    continuation indented by its own indent plus ``indent``; the lines that
    fit are kept as they are (their alignment too)."""
    out: list[str] = []
    for line in lines:
        if text_cells(line) <= width:
            out.append(line)
            continue
        own = " " * (len(line) - len(line.lstrip(" ")))
        first, *rest = wrap_cells(line, width, subsequent_indent=own + indent)
        out += [own + first if text_cells(own + first) <= width else first, *rest]
    return out


def legend_line(lang: str, width: int) -> list[Run]:
    """The legend as one line of exactly ``width`` cells (items that do not
    fit are left out whole)."""
    return legend_runs([(legend_mark(GLYPHS.get(style)).strip(), style, label) for label, style in legend_for(lang)],
                       width)


def lines_of(view: TransformView, size: tuple[int, int]) -> list[list[Run]]:
    """What ``render`` prints for this view at this size: title and status,
    the legend, the plot, the panel; no line wider than ``size[0]`` cells."""
    w, h = size
    lines = wrap_long([f"{view.title()} · {view.status()}"], w)
    tail = wrap_long(view.info_lines(), w, indent="   ")
    plot_h = h - len(lines) - 1 - len(tail)
    if plot_h < 7:
        raise RenderError(f"size {w}x{h} is too small for the transform lesson (try 80x30)")
    return ([[(line, "bold")] for line in lines] + [legend_line(view.lang, w)]
            + render_runs(view.scene(legend=False), w, plot_h) + [[(line, "")] for line in tail])


def fmt_err(err: float) -> str:
    """A difference as shown: below 1e-14 it is rounding (its digits change
    with the BLAS and the numpy build, so a printed 3.9e-17 is not a result)."""
    return "< 1e-14" if err < 1e-14 else f"{err:.1e}"
