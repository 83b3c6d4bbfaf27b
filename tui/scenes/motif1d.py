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
from tui.charset import markers_on
from tui.words import tables
from tui.canvas import BRAILLE, DOT_BITS, Run, cut_cells, fmt_tick, nice_ticks, pad_cells, text_cells, wrap_cells
from tui.render import RenderError
from tui.state import take_lang

MARGIN = 6  # columns left of the plot area: a 5-character label and the axis (as plotext draws it)
N_BROWSE = 16  # sequences to browse with n: positives and negatives alternate

LINE_STYLE = "#b0b0b0"
MOTIF_STYLE = "#6bdc6b"
DECOY_STYLE = "#e05ee0"
WINDOW_BG = "#3a3a14"
WINDOW_STYLE = "bold #f2d94e"
AXIS_STYLE = "grey50"
LABEL_STYLE = "grey62"
# without colour (tui.charset.markers_on) the row under the sequence marks the
# motif (▔) and a decoy (~) by glyph, and a second row the window: ╰───╯
MOTIF_GLYPH = "▔"
DECOY_GLYPH = "~"
WINDOW_GLYPHS = ("╰", "─", "╯")
LEGEND_WORDS = {lang: words["legend"] for lang, words in tables("motif1d").items()}  # [legend]
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
    detector_name: str = "hand-made"  # "hand-made", "learned" or "learned, no zero_grad" (a key of WORDS)
    shift: int = 0  # how far the motif was moved along (shift+arrows)
    result: M.TrainResult | None = None  # the training run that made the detector (None: hand-made)
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
        # the max score of this sequence before its motif was moved (the same detector)
        self.unmoved_best = float(M.scores(self.data.X[self.index], self.detector).max()) if self.shift else None
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
    def set_detector(self, det: M.Detector, name: str, result: M.TrainResult | None = None) -> None:
        self.detector, self.detector_name, self.result = det, name, result
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


@dataclass(frozen=True)
class Axis:
    """Where the sequence's positions sit in a plot area ``cols`` columns wide,
    one mapping for both plots: the sequence view's letters, window band and
    marks, and the score plot (its x limits make plotext put position i in
    the same column). When every position gets a whole number of columns
    (``step`` = cols // length ≥ 1), position i is column step·i exactly: the
    letters are evenly spaced. Otherwise (a narrow plot) positions are spread
    over the width as plotext spreads them."""

    cols: int
    length: int

    @property
    def step(self) -> int:
        return self.cols // self.length

    @property
    def xmax(self) -> float:
        """The score plot's right x limit (the left one is 0)."""
        return (self.cols - 1) / self.step if self.step >= 1 else float(max(self.length - 1, 1))

    def col(self, i: float) -> int:
        """The column of position i: plotext's own rounding for a one-cell
        marker at x = i (so the score plot's ● and ticks land here too)."""
        return int(min(max(math.floor(round(0.5 + (self.cols - 1) * i / self.xmax, 8)), 0), self.cols - 1))

    def px(self, i: np.ndarray) -> np.ndarray:
        """The braille dot column (two a cell) of positions i, as plotext puts them."""
        return np.clip(np.floor(np.round(0.5 + (2 * self.cols - 1) * np.asarray(i, float) / self.xmax, 8)),
                       0, 2 * self.cols - 1).astype(int)

    def span(self, start: int, n: int) -> range:
        """The columns of positions start .. start+n-1 (each position's whole cells)."""
        last = self.col(start + n - 1) + max(self.step, 1) - 1
        return range(self.col(start), min(last, self.cols - 1) + 1)


def axis_for(view: MotifView, width: int) -> Axis:
    return Axis(area_cols(width), view.cfg.length)


def _line_bits(values: np.ndarray, lo: float, hi: float, axis: Axis, rows: int) -> tuple[np.ndarray, np.ndarray]:
    """A braille polyline through (i, values[i]): (bits (rows, cols), which sample
    each cell mostly shows (rows, cols), -1 for none)."""
    n, cols = len(values), axis.cols
    hpx = 4 * rows
    sub = 8
    t = np.linspace(0, n - 1, (n - 1) * sub + 1)
    v = np.interp(t, np.arange(n), values)
    px = axis.px(t)
    span = max(hi - lo, 1e-9)
    py = np.clip(np.round((hi - v) / span * (hpx - 1)).astype(int), 0, hpx - 1)
    bits = np.zeros(rows * cols, np.uint8)
    cell = (py // 4) * cols + px // 2
    np.bitwise_or.at(bits, cell, DOT_BITS[py % 4, px % 2])
    owner = np.full(rows * cols, -1, np.int64)
    owner[cell] = np.round(t).astype(int)
    return bits.reshape(rows, cols), owner.reshape(rows, cols)


def _row_label(text: str) -> Run:
    return (pad_cells(text, MARGIN - 1, "right") + " ", LABEL_STYLE)


def sequence_runs(view: MotifView, width: int, height: int, lang: str = "en") -> list[list[Run]]:
    """The sequence (inner area of the #seq widget): the signal as a braille
    line, or the letters as a one-hot roll (a row per letter), the planted
    motif in green, a decoy in magenta, the detector's window as a lit band.
    Every position sits in the column ``Axis.col`` gives it."""
    width, height = max(int(width), 1), max(int(height), 1)
    if width < MARGIN + 6 or height < 2:
        return [[(" " * width, "")] for _ in range(height)]
    L, K = view.cfg.length, view.K
    axis = axis_for(view, width)
    cols = axis.cols
    col_cls = np.zeros(cols, np.int8)  # 0 background, 1 motif, 2 decoy
    pos_col = np.array([axis.col(i) for i in range(L)])
    if view.decoy >= 0:
        col_cls[list(axis.span(view.decoy, K))] = 2
    if view.pos >= 0:
        col_cls[list(axis.span(view.pos, K))] = 1
    in_win = np.zeros(cols, bool)
    win = axis.span(view.window, K)
    in_win[list(win)] = True
    sample_cls = np.zeros(L, np.int8)
    if view.decoy >= 0:
        sample_cls[view.decoy:view.decoy + K] = 2
    if view.pos >= 0:
        sample_cls[view.pos:view.pos + K] = 1
    fg = {0: LINE_STYLE, 1: MOTIF_STYLE, 2: DECOY_STYLE}

    def style(cls: int, lit: bool) -> str:
        return f"{fg[cls]} on {WINDOW_BG}" if lit else fg[cls]

    marker = height >= 3  # a row under the sequence marks the motif
    glyphs = markers_on()  # no colour: motif, decoy and window by glyph
    window_row = glyphs and height >= 4
    rows = height - (1 if marker else 0) - (1 if window_row else 0)
    lines: list[list[Run]] = []
    if view.cfg.kind == "signal":
        lim = max(float(np.abs(view.data.X).max()), 1e-6)
        bits, owner = _line_bits(view.x[0], -lim, lim, axis, rows)
        for r in range(rows):
            runs: list[Run] = [_row_label("x" if r == rows // 2 else "")]
            cells = [(BRAILLE[bits[r, c]],
                      style(int(sample_cls[owner[r, c]]) if owner[r, c] >= 0 else 0, bool(in_win[c])))
                     for c in range(cols)]
            runs += _merge(cells)
            runs.append((" ", ""))
            lines.append(runs)
    else:
        letters = view.x.argmax(0)
        n_roll = len(M.ALPHABET) if rows >= len(M.ALPHABET) else 0
        even = axis.step >= 1  # a whole column (or more) per position: letters, evenly spaced
        text_row = even and rows >= n_roll + 1 or n_roll == 0
        block = n_roll + (1 if text_row else 0)
        top = max((rows - block) // 2, 0)
        at_pos = np.zeros(cols, bool)
        at_pos[pos_col] = True
        for r in range(rows):
            k = r - top
            runs = []
            if text_row and k == 0:  # the letters themselves
                runs.append(_row_label(WORDS[_lang(lang)]["seq"]))
                cells = [(" ", style(0, bool(in_win[c]))) for c in range(cols)]
                for i in range(L):
                    c = pos_col[i]
                    cells[c] = (M.ALPHABET[letters[i]], style(int(sample_cls[i]), bool(in_win[c])))
                runs += _merge(cells)
            elif 0 <= k - (1 if text_row else 0) < n_roll:  # the one-hot roll: a row per letter
                ch = k - (1 if text_row else 0)
                runs.append(_row_label(M.ALPHABET[ch]))
                cls_at = np.zeros(cols, np.int8)
                if even:  # a block in the letter's own column
                    hit = np.zeros(cols, bool)
                    for i in np.flatnonzero(letters == ch):
                        hit[pos_col[i]] = True
                        cls_at[pos_col[i]] = sample_cls[i]
                    glyph = np.where(hit, "█", np.where(at_pos, "·", " "))
                else:  # two positions a column: the left or right half
                    left = np.zeros(cols, bool)
                    right = np.zeros(cols, bool)
                    pxs = axis.px(np.arange(L))
                    for i in np.flatnonzero(letters == ch):
                        px = int(pxs[i])
                        (left if px % 2 == 0 else right)[px // 2] = True
                        cls_at[px // 2] = max(cls_at[px // 2], sample_cls[i])
                    glyph = np.where(left & right, "█", np.where(left, "▌", np.where(right, "▐", "·")))
                runs += _merge([(str(glyph[c]), style(int(cls_at[c]), bool(in_win[c])) if glyph[c] not in "· "
                                 else (f"grey30 on {WINDOW_BG}" if in_win[c] else "grey23"))
                                for c in range(cols)])
            else:
                runs += [(" " * MARGIN, ""), *_merge([(" ", style(0, bool(in_win[c]))) for c in range(cols)])]
            runs.append((" ", ""))
            lines.append(runs)
    if marker:
        cells = []
        motif_glyph, decoy_glyph = (MOTIF_GLYPH, DECOY_GLYPH) if glyphs else ("▔", "▔")
        for c in range(cols):
            if col_cls[c] == 1:
                cells.append((motif_glyph, style(1, bool(in_win[c]))))
            elif col_cls[c] == 2:
                cells.append((decoy_glyph, style(2, bool(in_win[c]))))
            else:
                cells.append((" ", style(0, bool(in_win[c]))))
        # the window's two ends: ╰ under its first position (the window's number), ╯ under its last
        for c, glyph in ((win[0], "╰"), (win[-1], "╯")):
            if col_cls[c] == 0 and not window_row:
                cells[c] = (glyph, f"{WINDOW_STYLE} on {WINDOW_BG}")
        lines.append([(" " * MARGIN, ""), *_merge(cells), (" ", "")])
    if window_row:
        cells = [(" ", "")] * cols
        for c in win:
            cells[c] = (WINDOW_GLYPHS[1], WINDOW_STYLE)
        cells[win[0]] = (WINDOW_GLYPHS[0], WINDOW_STYLE)
        cells[win[-1]] = (WINDOW_GLYPHS[2], WINDOW_STYLE)
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
    """A line of runs cut or padded to exactly ``width`` terminal cells."""
    out: list[Run] = []
    left = width
    for t, st in runs:
        if left <= 0:
            break
        piece = cut_cells(t, left)
        if piece:
            out.append((piece, st))
        left -= text_cells(piece)
        if text_cells(piece) < text_cells(t):
            break
    if left > 0:
        out.append((" " * left, ""))
    return out


# ------------------------------------------------------------- score plot


def _label(v: float) -> str:
    return fmt_tick(v).rjust(MARGIN - 1)[-(MARGIN - 1):]


def _hex(rgb: tuple[int, int, int]) -> str:
    return "#{:02x}{:02x}{:02x}".format(*rgb)


def _plot_coord(values, lim: tuple[float, float], bins: int) -> list[int]:
    """Data to plot cells (or dots), rounded as plotext rounds them."""
    lo, hi = lim
    return [math.floor(round(0.5 + (bins - 1) * (v - lo) / (hi - lo), 8)) for v in values]


def _segment(x0: int, y0: int, x1: int, y1: int) -> tuple[list[int], list[int]]:
    """The dots from (x0, y0) to (x1, y1), one step apart (plotext's get_line)."""
    a = max(abs(x1 - x0), abs(y1 - y0)) + 1
    if a == 1:
        return [x0], [y0]
    sx, sy = (x1 - x0) / (a - 1), (y1 - y0) / (a - 1)
    return [int(x0 + i * sx) for i in range(a)], [int(y0 + i * sy) for i in range(a)]


def score_runs(view: MotifView, width: int, height: int, ticks: str = "", paper: str = "") -> list[list[Run]]:
    """The score plot: the scores up to the window as a braille line, the
    threshold 0 as a rule, the best so far as a ●, in a frame with ticks;
    ``height`` lines of ``width`` cells. Drawn cell for cell as the plotext
    figure of ``draw_scores`` (tests/test_score_plot.py compares the two) at a
    fraction of its cost: a window move redraws this plot.
    ``ticks``: the style of the frame and labels; ``paper``: a background
    colour under every cell (the screen passes its theme's)."""
    width, height = max(int(width), 1), max(int(height), 1)
    L = view.cfg.length
    axis = Axis(area_cols(width), L)
    n = view.window + 1
    lo, hi = view.score_range
    xlim = (0.0, axis.xmax)
    yt = [v for v in nice_ticks(lo, hi, 3) if lo <= v <= hi]
    ylabels = [_label(v) for v in yt]
    used = axis.col(L - 1) + 1
    xt = [int(v) for v in nice_ticks(0, L - 1, max(2, used // 10)) if 0 <= v <= L - 1]
    xlabels = [str(v) for v in xt]

    wy = max((len(s) for s in ylabels), default=0)  # the y labels' column
    hx = 1 if xlabels else 0  # the x labels' row
    cw, ch = width - 2 - wy, height - 2 - hx  # the canvas inside the frame
    if cw < 1 or ch < 1:
        return [[(" " * width, "")] for _ in range(height)]
    c0, r0 = wy + 1, hx + 1  # its first column, and its first row counted from the bottom
    c1, r1 = c0 + cw, r0 + ch
    marker = [[" "] * width for _ in range(height)]  # rows from the bottom, as plotext counts
    colour: list[list[str]] = [[""] * width for _ in range(height)]

    def put(col: int, row: int, text: str, style: str) -> None:
        for i, chr_ in enumerate(text):
            if 0 <= col + i < width and 0 <= row < height:
                marker[row][col + i] = chr_
                colour[row][col + i] = style

    # x tick labels, each centred under its tick where it fits (plotext's "dynamic" alignment)
    cticks = _plot_coord(xt, xlim, cw)
    shown_ticks = []
    for c, label in zip(cticks, xlabels):
        row = marker[0]
        col, lab = c0 + c, len(label)
        b, e = max(col - lab + 1, 0), min(col + lab, width - 1)
        free = [i for i in range(b, e) if row[i] == " "]
        b, e = min(free, default=col - lab + 1), max(free, default=col + lab)
        b, e = e - lab + 1, b + lab
        col = (b + e - lab) // 2
        if all(row[i] == " " for i in range(max(col - 1, 0), min(col + lab + 1, width))) \
                and col >= 0 and col + lab <= width:
            put(col, 0, label, ticks)
            shown_ticks.append(c)
    put(c0, r1, "─" * cw, ticks)  # the top of the frame
    rticks = _plot_coord(yt, (lo, hi), ch)
    for r, label in zip(rticks, ylabels):
        put(0, r0 + r, " " * (wy - len(label)) + label, ticks)
    zero = set(_plot_coord([0.0], (lo, hi), ch))
    for i in range(ch):  # the left side (ticks ┤, the threshold ├) and the right side (┤ at the threshold)
        put(wy, r0 + i, "├" if i in zero else "┤" if i in rticks else "│", ticks)
        put(c1, r0 + i, "┤" if i in zero else "│", ticks)
    put(c0 - 1, r0 - 1, "└", ticks)
    put(c1, r0 - 1, "┘", ticks)
    put(c0 - 1, r1, "┌", ticks)
    put(c1, r1, "┐", ticks)
    put(c0, r0 - 1, "".join("┬" if i in shown_ticks else "─" for i in range(cw)), ticks)
    for r in zero:  # the threshold, over the canvas
        put(c0, r0 + r, "─" * cw, _hex(ZERO_RGB))

    # the scores as braille: dots 2 a cell across and 4 down, joined by lines
    xs = _plot_coord(range(n), xlim, 2 * cw)
    ys = _plot_coord([float(v) for v in view.scores[:n]], (lo, hi), 4 * ch)
    dx, dy = list(xs[:1]), list(ys[:1])
    for k in range(n - 1):
        sx, sy = _segment(xs[k], ys[k], xs[k + 1], ys[k + 1])
        dx[-1:], dy[-1:] = sx, sy
    cells: dict[tuple[int, int], int] = {}
    for x, y in zip(dx, dy):
        key = (x // 2, y // 4)
        cells[key] = cells.get(key, 0) | int(DOT_BITS[3 - y % 4, x % 2])
    line_style = _hex(SCORE_RGB)
    for (cx, cy), bits in cells.items():
        if 0 <= cx < cw and 0 <= cy < ch:
            put(c0 + cx, r0 + cy, BRAILLE[bits], line_style)
    s_best, i_best = view.best_so_far
    (bx,), (by,) = _plot_coord([i_best], xlim, cw), _plot_coord([s_best], (lo, hi), ch)
    if 0 <= bx < cw and 0 <= by < ch:
        put(c0 + bx, r0 + by, "●", _hex(MAX_RGB))

    on = f"on {paper}" if paper else ""
    lines: list[list[Run]] = []
    for row in range(height - 1, -1, -1):
        runs: list[Run] = []
        for chr_, st in zip(marker[row], colour[row]):
            if runs and runs[-1][1] == st:
                runs[-1] = (runs[-1][0] + chr_, st)
            else:
                runs.append((chr_, st))
        lines.append([(t, f"{st} {on}".strip()) for t, st in runs])
    return lines


# ---------------------------------------------------------------- headers

#: the titles' and the verdicts' words (assets/words/motif1d.toml [words])
WORDS = tables("motif1d", "words")


def _lang(lang: str) -> str:
    return lang if lang in WORDS else "en"


def seq_title(view: MotifView, lang: str = "en") -> str:
    t = WORDS[_lang(lang)]
    if view.pos >= 0:
        what = t["positive"].format(p=view.pos)
    else:
        what = t["negative"] + (t["decoy"].format(p=view.decoy) if view.decoy >= 0 else "")
    title = f"{t[view.cfg.kind]} {view.index + 1}/{N_BROWSE} · {what} · {t['window'].format(w=view.window)}"
    if markers_on():  # no colour: what the glyphs under the sequence mean
        motif, decoy, window = LEGEND_WORDS[_lang(lang)]
        title += ((f"  {MOTIF_GLYPH} {motif}" if view.pos >= 0 else "")
                  + (f"  {DECOY_GLYPH} {decoy}" if view.decoy >= 0 else "")
                  + f"  {''.join(WINDOW_GLYPHS[:2])}{WINDOW_GLYPHS[2]} {window}")
    return title


def detector_label(view: MotifView, lang: str = "en") -> str:
    t = WORDS[_lang(lang)]
    return t.get(view.detector_name, view.detector_name)


def score_title(view: MotifView, lang: str = "en") -> str:
    s, i = view.best_so_far
    return WORDS[_lang(lang)]["scores"].format(name=detector_label(view, lang), w=view.window,
                                                v=float(view.scores[view.window]), s=s, i=i)


def decision_text(view: MotifView, lang: str = "en") -> str:
    """The sequence's verdict, from the numbers it shows: the max score and
    where it is, p = σ(max), "motif" when max > 0; ✓ when that agrees with
    the sequence's label, and what the truth is where it does not speak for
    itself (a positive's motif position, a negative)."""
    t = WORDS[_lang(lang)]
    s, i = view.best
    says = s > 0
    right = says == (view.label == 1)
    if view.label == 1:
        truth = t["on"] if says and i == view.pos else t["but" if says else "missed"].format(p=view.pos)
    else:
        truth = t["none"] if says else ""
    return (t["max"].format(s=s, i=i, p=view.probability) + t["motif" if says else "no motif"]
            + (" ✓" if right else " ✗") + truth)


def short_decision(view: MotifView, lang: str = "en") -> str:
    """The status line's verdict: the same as ``decision_text``."""
    return decision_text(view, lang)


def moved_text(view: MotifView, lang: str = "en") -> str:
    """How far the motif was moved and its max score before and after
    (the same detector, this sequence), or "" when it was not moved."""
    if not view.shift or view.unmoved_best is None:
        return ""
    return WORDS[_lang(lang)]["moved"].format(d=view.shift, a=view.unmoved_best, b=view.best[0])


def training_text(res: M.TrainResult, name: str = "learned", lang: str = "en") -> str:
    """A training run's verdict from its held-out numbers: found (✓) when the
    max lands on the planted motif in ≥ FOUND_SHARE of the held-out
    positives, failed (✗) otherwise, or diverged."""
    t = WORDS[_lang(lang)]
    ev = res.test
    how = t["how"] if name == "learned, no zero_grad" else ""  # (Korean: said before "SGD … 스텝으로 학습")
    head = t["run"].format(name=t.get(name, name), how=how, n=res.steps_done, pos=100 * ev.position_accuracy)
    if not res.finished:  # (a stopped run is never shown: an unfinished one diverged)
        return head + t["diverged"].format(n=res.steps_done + 1)
    return head + (t["found"] if res.found else t["not_found"].format(need=100 * M.FOUND_SHARE))


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
        trained_detector(view)
    return view


def render_runs_for(view: MotifView, width: int, height: int, lang: str = "en") -> list[list[Run]]:
    """The screen's two plots stacked, with their titles: the sequence view
    takes about 40 % of the height, the score plot the rest; under them the
    sequence's verdict, and for a trained detector the training run's."""
    notes = [decision_text(view, lang)]
    if view.result is not None:
        notes.append(training_text(view.result, view.detector_name, lang))
    moved = moved_text(view, lang)
    if moved:
        notes.append(moved)
    notes = [line for note in notes for line in wrap_cells(note, width, "  ")]
    body = height - 2 - len(notes)  # a title line for each plot, the notes
    seq_h = max(3, int(round(body * 0.4)))
    score_h = max(4, body - seq_h)
    lines: list[list[Run]] = [_fit([(seq_title(view, lang), "bold")], width)]
    lines += sequence_runs(view, width, seq_h, lang)
    lines.append(_fit([(score_title(view, lang), "bold")], width))
    lines += score_runs(view, width, score_h)
    lines += [_fit([(note, "")], width) for note in notes]
    return lines


__all__ = ["MotifView", "replace", "sequence_runs", "score_runs", "render_runs_for", "make_view"]


@dataclass(frozen=True)
class Motif1dArgs:
    """render motif1d's (and ``nn-explorer motif1d``'s) state, checked: the
    view (sequence, window, shift) with the hand-made detector, and whether
    the trained one is asked for (trained when drawn: 300 steps)."""

    view: MotifView
    trained: bool = False
    lang: str = "en"


def parse_state(*, step: int | None, dataset: str | None, width: int | None, seed: int,
                options: dict[str, str]) -> Motif1dArgs:
    """The state asked for, checked (one-line RenderError): nothing is trained."""
    lang = take_lang(options)
    trained = options.get("detector") == "trained"
    try:
        view = make_view({**options, "detector": "hand"} if trained else options, seed, step)
    except ValueError as exc:
        raise RenderError(str(exc)) from None
    return Motif1dArgs(view, trained, lang)


def trained_detector(view: MotifView) -> None:
    """The detector ``-o detector=trained`` draws: trained on the view's data (300 steps)."""
    res = M.train(view.cfg, M.TrainConfig()).value
    view.set_detector(res.detector, "learned", res)


def draw(args: Motif1dArgs, size: tuple[int, int]) -> list[list[Run]]:
    """``nn-explorer render motif1d``: --step (or -o pos=N) is the window's position."""
    lang = args.lang
    view = replace(args.view)  # (the args stay as parsed)
    if args.trained:
        trained_detector(view)
    w, h = size
    if h < 12:
        raise RenderError(f"size {w}x{h} is too small for motif1d (at least 12 lines)")
    return render_runs_for(view, w, h, lang)


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


#: the gradient panel's words ([grad])
GRAD_WORDS = tables("motif1d", "grad")


def gradient_markup(g, pool: str, accumulated: tuple[np.ndarray, int] | None = None, lang: str = "en") -> str:
    """The gradient panel: each copy's gradient, their sum, and w.grad from one
    backward through the shared detector (``g`` is a CopyGradients). With
    ``accumulated`` = (w.grad, n backwards without zero_grad), the pile-up."""
    from models.motif1d import N_COPIES

    t = GRAD_WORDS.get(lang, GRAD_WORDS["en"])
    vecs = [column_values(v) for v in g.per_copy]
    total, shared = column_values(g.summed), column_values(g.shared_grad)
    acc = column_values(accumulated[0]) if accumulated else None
    scale = max([float(np.abs(v).max()) for v in [*vecs, total, shared]] + [1e-30])
    first = g.start
    active = [i for i, v in enumerate(g.per_copy) if np.abs(v).max() > 0]
    if pool == "max":
        route = t["only"].format(c=first + active[0]) if len(active) == 1 else t["winner"]
    else:
        route = t["soft"]
    lines = [t["head"].format(n=N_COPIES, a=first, b=first + N_COPIES - 1, route=route, loss=g.loss)]
    cells = [f"[grey62]{first + i:>3}[/] {bars(v, scale)}" for i, v in enumerate(vecs)]
    cells.append(f"[b]  Σ[/b] {bars(total, scale)}")
    for row in range(0, len(cells), 3):
        lines.append("  ".join(cells[row:row + 3]))
    diff = g.max_diff
    lines.append(f"[b]w.grad[/b] {bars(shared, scale)} {t['shared']} · |Σ−w.grad| {diff:.0e} "
                 + ("[green]✓[/]" if diff < 1e-9 else "[red]✗[/]"))
    if accumulated is not None:
        n = accumulated[1]
        s2 = max(scale, float(np.abs(acc).max()))
        lines.append(t["pile"].format(n=n, s="s" if n != 1 else "", bars=bars(acc, s2)))
    return "\n".join(lines)
