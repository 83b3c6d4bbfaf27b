"""What the motif1d lesson draws: the sequence with the sliding window (our
own text canvas, numpy) and the score sequence (plotext, through the same
drawing function the screen's PlotextPlot uses).

Shared by the lesson screen and by ``nn-explorer render motif1d``, so that
both show the same computation. No Textual and no PyTorch here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

import numpy as np

from models import motif1d as M
from tui.canvas import Run, fmt_tick, nice_ticks

MARGIN = 6  # columns left of the plot area: a 5-character label and the axis (as plotext draws it)
N_BROWSE = 16  # sequences to browse with n: positives and negatives alternate

LINE_STYLE = "#b0b0b0"
MOTIF_STYLE = "#6bdc6b"
DECOY_STYLE = "#e05ee0"
WINDOW_BG = "#3a3a14"
WINDOW_STYLE = "bold #f2d94e"
AXIS_STYLE = "grey50"
LABEL_STYLE = "grey62"
SCORE_RGB = (255, 140, 66)
MAX_RGB = (242, 217, 78)
ZERO_RGB = (110, 110, 110)
LETTER_RGB = {"A": (77, 166, 255), "C": (107, 220, 107), "G": (242, 217, 78), "T": (224, 94, 224)}
MOTIF_RGB = (107, 220, 107)


@dataclass
class MotifView:
    """One sequence, one detector, one window position."""

    cfg: M.MotifConfig
    index: int = 0  # which of the browsed sequences
    window: int = 0  # start of the detector's window
    detector: M.Detector | None = None  # None: the hand-made matched filter
    detector_name: str = "hand-made"
    shift: int = 0  # how far the motif was moved along (shift+arrows)
    data: M.MotifData = field(init=False)
    x: np.ndarray = field(init=False)  # (C, L) the sequence shown
    pos: int = field(init=False)  # motif start, -1 none
    decoy: int = field(init=False)  # decoy start, -1 none

    def __post_init__(self) -> None:
        self.data = M.make_data(self.cfg, N_BROWSE, split=2)
        if self.detector is None:
            self.detector = M.hand_detector(self.data.motif)
        self.index %= len(self.data)
        self.x = self.data.X[self.index].copy()
        self.pos = int(self.data.pos[self.index])
        self.decoy = int(self.data.decoy_pos[self.index])
        shift, self.shift = self.shift, 0
        self.move_motif(shift)
        self.window = int(min(max(self.window, 0), self.n_positions - 1))
        self._refresh()

    def _refresh(self) -> None:
        self.scores = M.scores(self.x, self.detector)  # (L-K+1,)
        lo, hi = float(self.scores.min()), float(self.scores.max())
        # the plot's y range: every score of this sequence and the threshold 0
        lo, hi = min(lo, 0.0), max(hi, 0.0)
        pad = 0.08 * max(hi - lo, 1e-6)
        self.score_range = (lo - pad, hi + pad)

    # ------------------------------------------------------------ queries
    @property
    def label(self) -> int:
        return int(self.data.y[self.index])

    @property
    def n_positions(self) -> int:
        return self.cfg.n_positions

    @property
    def K(self) -> int:
        return self.cfg.motif_len

    @property
    def best(self) -> tuple[float, int]:
        """(max score, its position) over the whole sequence."""
        i = int(self.scores.argmax())
        return float(self.scores[i]), i

    @property
    def best_so_far(self) -> tuple[float, int]:
        i = int(self.scores[: self.window + 1].argmax())
        return float(self.scores[i]), i

    @property
    def probability(self) -> float:
        s = self.best[0]
        return 1 / (1 + math.exp(-s)) if s > -700 else 0.0

    # ------------------------------------------------------------ changes
    def set_detector(self, det: M.Detector, name: str) -> None:
        self.detector, self.detector_name = det, name
        self._refresh()

    def move_motif(self, delta: int) -> bool:
        """Move the planted motif by ``delta`` positions, carrying the samples
        (noise included) under it along: the segment it passes through is
        rotated, nothing else changes. False for a negative or at an end."""
        if self.pos < 0 or delta == 0:
            return False
        x, new = M.move_motif(self.x, self.pos, delta, self.K)
        moved = new != self.pos
        self.shift += new - self.pos
        self.x, self.pos = x, new
        if moved and hasattr(self, "scores"):
            self._refresh()
        return moved


# ------------------------------------------------------------------- layout


def area_cols(width: int) -> int:
    """Columns of the plot area for a widget ``width`` wide (plotext's frame:
    the margin on the left, one column of frame on the right)."""
    return max(width - MARGIN - 1, 4)


def _col_of(i: float, length: int, cols: int) -> int:
    """The column under sequence position i (0..length-1) in a plot area."""
    return int(min(max(round(i * (2 * cols - 1) / max(length - 1, 1)) // 2, 0), cols - 1))


_DOT = np.array([[0x01, 0x08], [0x02, 0x10], [0x04, 0x20], [0x40, 0x80]], dtype=np.uint8)


def _line_bits(values: np.ndarray, lo: float, hi: float, cols: int, rows: int) -> tuple[np.ndarray, np.ndarray]:
    """A braille polyline through (i, values[i]): (bits (rows, cols), which sample
    each cell mostly shows (rows, cols), -1 for none)."""
    n = len(values)
    wpx, hpx = 2 * cols, 4 * rows
    sub = 8
    t = np.linspace(0, n - 1, (n - 1) * sub + 1)
    v = np.interp(t, np.arange(n), values)
    px = np.clip(np.round(t * (wpx - 1) / max(n - 1, 1)).astype(int), 0, wpx - 1)
    span = max(hi - lo, 1e-9)
    py = np.clip(np.round((hi - v) / span * (hpx - 1)).astype(int), 0, hpx - 1)
    bits = np.zeros(rows * cols, np.uint8)
    cell = (py // 4) * cols + px // 2
    np.bitwise_or.at(bits, cell, _DOT[py % 4, px % 2])
    owner = np.full(rows * cols, -1, np.int64)
    owner[cell] = np.round(t).astype(int)
    return bits.reshape(rows, cols), owner.reshape(rows, cols)


def _braille(b: int) -> str:
    return chr(0x2800 + b) if b else " "


def sequence_runs(view: MotifView, width: int, height: int) -> list[list[Run]]:
    """The sequence (inner area of the #seq widget): the signal as a braille
    line, or the letters as a one-hot roll (a row per letter), the planted
    motif in green, a decoy in magenta, the detector's window as a lit band."""
    width, height = max(int(width), 1), max(int(height), 1)
    if width < MARGIN + 6 or height < 2:
        return [[(" " * width, "")] for _ in range(height)]
    L, K = view.cfg.length, view.K
    cols = area_cols(width)
    col_cls = np.zeros(cols, np.int8)  # 0 background, 1 motif, 2 decoy
    pos_col = np.array([_col_of(i, L, cols) for i in range(L)])

    def span(start: int) -> range:
        return range(pos_col[start], pos_col[start + K - 1] + 1)

    if view.decoy >= 0:
        col_cls[list(span(view.decoy))] = 2
    if view.pos >= 0:
        col_cls[list(span(view.pos))] = 1
    in_win = np.zeros(cols, bool)
    in_win[list(span(view.window))] = True
    sample_cls = np.zeros(L, np.int8)
    if view.decoy >= 0:
        sample_cls[view.decoy:view.decoy + K] = 2
    if view.pos >= 0:
        sample_cls[view.pos:view.pos + K] = 1
    fg = {0: LINE_STYLE, 1: MOTIF_STYLE, 2: DECOY_STYLE}

    def style(cls: int, lit: bool) -> str:
        return f"{fg[cls]} on {WINDOW_BG}" if lit else fg[cls]

    marker = height >= 3  # a row under the sequence marks the motif
    rows = height - (1 if marker else 0)
    lines: list[list[Run]] = []
    if view.cfg.kind == "signal":
        lim = max(float(np.abs(view.data.X).max()), 1e-6)
        bits, owner = _line_bits(view.x[0], -lim, lim, cols, rows)
        for r in range(rows):
            label = "x" if r == rows // 2 else ""
            runs: list[Run] = [(label.rjust(MARGIN - 1) + " ", LABEL_STYLE)]
            cells = [(_braille(int(bits[r, c])),
                      style(int(sample_cls[owner[r, c]]) if owner[r, c] >= 0 else 0, bool(in_win[c])))
                     for c in range(cols)]
            runs += _merge(cells)
            runs.append((" ", ""))
            lines.append(runs)
    else:
        letters = view.x.argmax(0)
        n_roll = len(M.ALPHABET) if rows >= len(M.ALPHABET) else 0
        text_row = cols >= L and rows >= n_roll + 1 or n_roll == 0
        block = n_roll + (1 if text_row else 0)
        top = max((rows - block) // 2, 0)
        for r in range(rows):
            k = r - top
            runs = []
            if text_row and k == 0:  # the letters themselves
                runs.append(("seq".rjust(MARGIN - 1) + " ", LABEL_STYLE))
                cells = [(" ", style(0, bool(in_win[c]))) for c in range(cols)]
                for i in range(L):
                    c = pos_col[i]
                    cells[c] = (M.ALPHABET[letters[i]], style(int(sample_cls[i]), bool(in_win[c])))
                runs += _merge(cells)
            elif 0 <= k - (1 if text_row else 0) < n_roll:  # the one-hot roll: a row per letter
                ch = k - (1 if text_row else 0)
                runs.append((M.ALPHABET[ch].rjust(MARGIN - 1) + " ", LABEL_STYLE))
                left = np.zeros(cols, bool)
                right = np.zeros(cols, bool)
                cls_at = np.zeros(cols, np.int8)
                for i in np.flatnonzero(letters == ch):
                    px = int(round(i * (2 * cols - 1) / max(L - 1, 1)))
                    (left if px % 2 == 0 else right)[px // 2] = True
                    cls_at[px // 2] = max(cls_at[px // 2], sample_cls[i])
                glyph = np.where(left & right, "█", np.where(left, "▌", np.where(right, "▐", "·")))
                runs += _merge([(str(glyph[c]), style(int(cls_at[c]), bool(in_win[c])) if glyph[c] != "·"
                                 else (f"grey30 on {WINDOW_BG}" if in_win[c] else "grey23"))
                                for c in range(cols)])
            else:
                runs += [(" " * MARGIN, ""), *_merge([(" ", style(0, bool(in_win[c]))) for c in range(cols)])]
            runs.append((" ", ""))
            lines.append(runs)
    if marker:
        cells = []
        for c in range(cols):
            if col_cls[c] == 1:
                cells.append(("▔", style(1, bool(in_win[c]))))
            elif col_cls[c] == 2:
                cells.append(("▔", style(2, bool(in_win[c]))))
            else:
                cells.append((" ", style(0, bool(in_win[c]))))
        # the window's two ends
        first, last = pos_col[view.window], pos_col[view.window + K - 1]
        for c, glyph in ((first, "╰"), (last, "╯")):
            if col_cls[c] == 0:
                cells[c] = (glyph, f"{WINDOW_STYLE} on {WINDOW_BG}")
        lines.append([(" " * MARGIN, ""), *_merge(cells), (" ", "")])
    return [_fit(runs, width) for runs in lines]


def _merge(cells: list[tuple[str, str]]) -> list[Run]:
    runs: list[Run] = []
    for text, st in cells:
        if runs and runs[-1][1] == st:
            runs[-1] = (runs[-1][0] + text, st)
        else:
            runs.append((text, st))
    return runs


def _fit(runs: list[Run], width: int) -> list[Run]:
    used = sum(len(t) for t, _ in runs)
    if used < width:
        return [*runs, (" " * (width - used), "")]
    out: list[Run] = []
    left = width
    for t, st in runs:
        if left <= 0:
            break
        out.append((t[:left], st))
        left -= len(t[:left])
    return out


# ------------------------------------------------------------- score plot


def _label(v: float) -> str:
    return fmt_tick(v).rjust(MARGIN - 1)[-(MARGIN - 1):]


def draw_scores(plt, view: MotifView, cols: int | None = None) -> None:
    """Plotext commands for the score sequence up to the window: each score is
    drawn under the middle of its window, so the two plots share the sequence's
    axis. ``plt`` is a textual-plotext Plot (the screen's, or render's own)."""
    plt.clear_data()
    plt.clear_figure()
    L, K = view.cfg.length, view.K
    centre = (K - 1) / 2
    n = view.window + 1
    xs = [i + centre for i in range(n)]
    ys = [float(v) for v in view.scores[:n]]
    lo, hi = view.score_range
    plt.hline(0.0, ZERO_RGB)  # the threshold: max > 0 decides "motif"
    if n == 1:
        plt.scatter(xs, ys, marker="braille", color=SCORE_RGB)
    else:
        plt.plot(xs, ys, marker="braille", color=SCORE_RGB)
    s_best, i_best = view.best_so_far
    plt.scatter([i_best + centre], [s_best], marker="●", color=MAX_RGB)
    plt.xlim(0, L - 1)
    plt.ylim(lo, hi)
    yt = [v for v in nice_ticks(lo, hi, 3) if lo <= v <= hi]
    plt.yticks(yt, [_label(v) for v in yt])
    xt = [int(v) for v in nice_ticks(0, L - 1, max(2, (cols or 40) // 10)) if 0 <= v <= L - 1]
    plt.xticks(xt, [str(v) for v in xt])


def build_scores(view: MotifView, width: int, height: int) -> str:
    """The score plot as plotext builds it, ANSI colours included."""
    from textual_plotext.plot import Plot

    plt = Plot()
    draw_scores(plt, view, area_cols(width))
    plt.plotsize(width, height)
    plt._set_size(width, height)  # as textual-plotext's PlotextPlot does
    plt.theme("clear")
    return plt.build()


def ansi_runs(ansi: str, width: int, height: int) -> list[list[Run]]:
    """plotext's ANSI text as lines of (text, style) runs, ``height`` lines of
    ``width`` cells."""
    from rich.console import Console
    from rich.text import Text

    console = Console(width=width, color_system="truecolor", force_terminal=True, file=open("/dev/null", "w"))
    lines = Text.from_ansi(ansi).split("\n", allow_blank=True)
    out: list[list[Run]] = []
    for line in list(lines)[:height]:
        runs = [(seg.text, str(seg.style) if seg.style else "") for seg in line.render(console) if seg.text]
        out.append(_fit([(t.replace("\n", ""), s) for t, s in runs], width))
    while len(out) < height:
        out.append([(" " * width, "")])
    return out


def score_runs(view: MotifView, width: int, height: int) -> list[list[Run]]:
    return ansi_runs(build_scores(view, width, height), width, height)


# ---------------------------------------------------------------- headers


def seq_title(view: MotifView) -> str:
    kind = "signal" if view.cfg.kind == "signal" else "letters"
    if view.pos >= 0:
        what = f"positive · motif at {view.pos}"
    else:
        what = "negative" + (f" · decoy at {view.decoy}" if view.decoy >= 0 else "")
    return f"{kind} {view.index + 1}/{N_BROWSE} · {what} · window {view.window}"


def score_title(view: MotifView) -> str:
    s, i = view.best_so_far
    return f"scores ({view.detector_name}) · s{view.window} = {view.scores[view.window]:+.2f} · max so far {s:+.2f} at {i}"


def decision_text(view: MotifView) -> str:
    s, i = view.best
    says = "motif" if s > 0 else "no motif"
    right = (s > 0) == (view.label == 1)
    where = ""
    if s > 0 and view.pos >= 0:
        where = " at the motif" if i == view.pos else f" (the motif is at {view.pos})"
    return f"max {s:+.2f} at {i}{where} → p {view.probability:.2f}: {says} {'✓' if right else '✗'}"


def short_decision(view: MotifView) -> str:
    s, i = view.best
    right = (s > 0) == (view.label == 1)
    return f"max {s:+.2f} at {i} → p {view.probability:.2f}: {'motif' if s > 0 else 'no motif'} {'✓' if right else '✗'}"


def make_view(options: dict[str, str], seed: int, step: int | None) -> MotifView:
    """A view from ``render``'s options; RenderError-worthy problems raise ValueError."""
    opts = dict(options)

    def take_int(key: str, default: int) -> int:
        if key not in opts:
            return default
        text = opts.pop(key)
        try:
            return int(text)
        except ValueError:
            raise ValueError(f"option {key} must be a whole number, not {text!r}") from None

    kind = opts.pop("kind", "signal")
    if kind not in M.KINDS:
        raise ValueError(f"option kind must be one of {', '.join(M.KINDS)}, not {kind!r}")
    noise_text = opts.pop("noise", None)
    try:
        noise = M.DEFAULT_NOISE[kind] if noise_text is None else float(noise_text)
    except ValueError:
        raise ValueError(f"option noise must be a number, not {noise_text!r}") from None
    decoy_text = opts.pop("decoy", "1")
    if decoy_text not in ("0", "1", "yes", "no", "on", "off"):
        raise ValueError(f"option decoy must be 1 or 0, not {decoy_text!r}")
    length = take_int("length", 64)
    motif_len = take_int("k", 8)
    motif_seed = take_int("motif", 0)
    index = take_int("index", 0)
    pos = take_int("pos", -1 if step is None else step)
    shift = take_int("shift", 0)
    detector = opts.pop("detector", "hand")
    if detector not in ("hand", "trained"):
        raise ValueError(f"option detector must be hand or trained, not {detector!r}")
    if opts:
        raise ValueError(f"unknown option{'s' if len(opts) > 1 else ''} {', '.join(sorted(opts))} (options: kind, "
                         "length, k, noise, decoy, motif, index, pos, shift, detector)")
    if motif_seed < 0:
        raise ValueError(f"option motif must be 0 or more, not {motif_seed}")
    cfg = M.MotifConfig(kind=kind, length=length, motif_len=motif_len, noise=noise,
                        decoy=decoy_text in ("1", "yes", "on"), seed=seed, motif_seed=motif_seed)
    cfg.check()
    if not 0 <= index < N_BROWSE:
        raise ValueError(f"option index must be between 0 and {N_BROWSE - 1}, not {index}")
    last = cfg.n_positions - 1
    if pos == -1:
        pos = last
    if not 0 <= pos <= last:
        raise ValueError(f"window position {pos} is out of range: 0 to {last} for length {length}, k {motif_len}")
    view = MotifView(cfg, index=index, window=pos, shift=shift)
    if detector == "trained":
        res = M.train(cfg, M.TrainConfig())
        view.set_detector(res.detector, "learned")
    return view


def render_runs_for(view: MotifView, width: int, height: int) -> list[list[Run]]:
    """The screen's two plots stacked, with their titles: the sequence view
    takes about 40 % of the height, the score plot the rest."""
    body = height - 3  # a title line for each plot, a decision line
    seq_h = max(3, int(round(body * 0.4)))
    score_h = max(4, body - seq_h)
    lines: list[list[Run]] = [_fit([(seq_title(view), "bold")], width)]
    lines += sequence_runs(view, width, seq_h)
    lines.append(_fit([(score_title(view), "bold")], width))
    lines += score_runs(view, width, score_h)
    lines.append(_fit([(decision_text(view), "")], width))
    return lines


__all__ = ["MotifView", "replace", "sequence_runs", "draw_scores", "score_runs", "render_runs_for", "make_view"]


def render(*, step: int | None, size: tuple[int, int], seed: int, dataset: str | None = None,
           width: int | None = None, options: dict[str, str] | None = None) -> list[list[Run]]:
    """``nn-explorer render motif1d``: --step (or -o pos=N) is the window's position."""
    from tui.render import RenderError

    if dataset is not None or width is not None:
        raise RenderError("motif1d takes no --dataset or --width (use -o kind=signal|symbols, -o length=N, -o k=N)")
    try:
        view = make_view(options or {}, seed, step)
    except ValueError as exc:
        raise RenderError(str(exc)) from None
    w, h = size
    if h < 12:
        raise RenderError(f"size {w}x{h} is too small for motif1d (at least 12 lines)")
    return render_runs_for(view, w, h)


# ---------------------------------------------------------- gradient panel

_BARS = "▁▂▃▄▅▆▇█"
POS_BAR = "#ff8c42"
NEG_BAR = "#4da6ff"


def column_values(g: np.ndarray) -> np.ndarray:
    """A (C, K) gradient as K numbers: for letters, each column's largest entry."""
    if g.shape[0] == 1:
        return g[0]
    idx = np.abs(g).argmax(0)
    return g[idx, np.arange(g.shape[1])]


def bars(values: np.ndarray, scale: float) -> str:
    """Signed bars as Rich markup: height |v| / scale, orange up, blue down."""
    out = []
    for v in values:
        if scale <= 0 or abs(v) < 1e-12 * max(scale, 1e-300):
            out.append("[grey42]·[/]")
            continue
        h = min(int(abs(v) / scale * len(_BARS)), len(_BARS) - 1)
        out.append(f"[{POS_BAR if v > 0 else NEG_BAR}]{_BARS[h]}[/]")
    return "".join(out)


def gradient_markup(g, pool: str, accumulated: tuple[np.ndarray, int] | None = None) -> str:
    """The gradient panel: each copy's gradient, their sum, and w.grad from one
    backward through the shared detector (``g`` is a CopyGradients). With
    ``accumulated`` = (w.grad, n backwards without zero_grad), the pile-up."""
    from models.motif1d import N_COPIES

    vecs = [column_values(v) for v in g.per_copy]
    total, shared = column_values(g.summed), column_values(g.shared_grad)
    acc = column_values(accumulated[0]) if accumulated else None
    scale = max([float(np.abs(v).max()) for v in [*vecs, total, shared]] + [1e-30])
    first = g.start
    active = [i for i, v in enumerate(g.per_copy) if np.abs(v).max() > 0]
    if pool == "max":
        route = (f"max: only copy {first + active[0]} gets the error" if len(active) == 1
                 else "max: the winning copy gets the error")
    else:
        route = "soft max: every copy gets a share"
    lines = [f"[b]∇w[/b] of {N_COPIES} copies at {first}–{first + N_COPIES - 1} · {route} · loss {g.loss:.3f}"]
    cells = [f"[grey62]{first + i:>3}[/] {bars(v, scale)}" for i, v in enumerate(vecs)]
    cells.append(f"[b]  Σ[/b] {bars(total, scale)}")
    for row in range(0, len(cells), 3):
        lines.append("  ".join(cells[row:row + 3]))
    diff = g.max_diff
    lines.append(f"[b]w.grad[/b] {bars(shared, scale)} shared w, 1 backward · |Σ−w.grad| {diff:.0e} "
                 + ("[green]✓[/]" if diff < 1e-9 else "[red]✗[/]"))
    if accumulated is not None:
        n = accumulated[1]
        s2 = max(scale, float(np.abs(acc).max()))
        lines.append(f"[b red]no zero_grad[/]: w.grad after {n} backward{'s' if n != 1 else ''} "
                     f"{bars(acc, s2)} = the sum of all {n}, not this step's")
    return "\n".join(lines)
