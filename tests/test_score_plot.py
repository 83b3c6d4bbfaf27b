"""motif1d's score plot is drawn with our canvas (a window move redraws it;
plotext took ~40 ms of a 46 ms move at 250x70). It must be the figure plotext
drew for ``draw_scores``, cell for cell and colour for colour: this file keeps
plotext's version as the reference and compares the two."""

from __future__ import annotations

import pytest

from models import motif1d as M
from tui.canvas import nice_ticks
from tui.scenes.motif1d import MAX_RGB, SCORE_RGB, ZERO_RGB, Axis, MotifView, _fit, _label, area_cols, score_runs


def draw_scores(plt, view: MotifView, cols: int) -> None:
    """The plotext commands the lesson used for the score plot (until the
    canvas drew it): the scores up to the window, the threshold 0, the max so
    far, with the ticks and limits of ``Axis``; ``cols``: the plot area's columns."""
    plt.clear_data()
    plt.clear_figure()
    L = view.cfg.length
    axis = Axis(cols, L)
    n = view.window + 1
    xs = list(range(n))
    ys = [float(v) for v in view.scores[:n]]
    lo, hi = view.score_range
    plt.hline(0.0, ZERO_RGB)  # the threshold: max > 0 decides "motif"
    if n == 1:
        plt.scatter(xs, ys, marker="braille", color=SCORE_RGB)
    else:
        plt.plot(xs, ys, marker="braille", color=SCORE_RGB)
    s_best, i_best = view.best_so_far
    plt.scatter([i_best], [s_best], marker="●", color=MAX_RGB)
    plt.xlim(0, axis.xmax)
    plt.ylim(lo, hi)
    yt = [v for v in nice_ticks(lo, hi, 3) if lo <= v <= hi]
    plt.yticks(yt, [_label(v) for v in yt])
    used = axis.col(L - 1) + 1  # the columns the positions take
    xt = [int(v) for v in nice_ticks(0, L - 1, max(2, used // 10)) if 0 <= v <= L - 1]
    plt.xticks(xt, [str(v) for v in xt])


def plotext_runs(view: MotifView, width: int, height: int) -> list[list[tuple[str, str]]]:
    """What the lesson drew before: plotext's figure, its ANSI text parsed by Rich."""
    from rich.console import Console
    from rich.text import Text
    from textual_plotext.plot import Plot

    plt = Plot()
    draw_scores(plt, view, area_cols(width))
    plt.plotsize(width, height)
    plt._set_size(width, height)
    plt.theme("clear")
    console = Console(width=width, color_system="truecolor", force_terminal=True, file=open("/dev/null", "w"))
    out = []
    for line in list(Text.from_ansi(plt.build()).split("\n", allow_blank=True))[:height]:
        runs = [(seg.text, str(seg.style) if seg.style else "") for seg in line.render(console) if seg.text]
        out.append(_fit([(t.replace("\n", ""), s) for t, s in runs], width))
    while len(out) < height:
        out.append([(" " * width, "")])
    return out


def cells(lines):
    """Each line as (character, style) a cell: the same picture however it is cut into runs."""
    return [[(ch, style) for text, style in line for ch in text] for line in lines]


def views():
    for kind in ("signal", "symbols"):
        cfg = M.MotifConfig.for_kind(kind)
        for index in (0, 1, 3):
            view = MotifView(cfg, index=index, window=0)
            for window in sorted({0, 1, 2, 5, 17, view.n_positions // 2, view.n_positions - 1}):
                view.window = window
                yield kind, index, window, view
        yield kind, "shift", 0, MotifView(cfg, index=0, window=view.n_positions - 1, shift=-3)


@pytest.mark.parametrize("size", [(60, 8), (74, 12), (80, 13), (118, 20), (120, 21), (160, 30), (248, 40)],
                         ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_canvas_score_plot_is_plotexts_figure_cell_for_cell(size):
    w, h = size
    for kind, index, window, view in views():
        assert cells(score_runs(view, w, h)) == cells(plotext_runs(view, w, h)), (kind, index, window)


def test_every_line_is_the_width_and_the_paper_colours_every_cell():
    view = MotifView(M.MotifConfig.for_kind("signal"), index=0, window=20)
    lines = score_runs(view, 90, 14, ticks="#e0e0e0", paper="#1e1e1e")
    assert len(lines) == 14
    assert all(sum(len(t) for t, _ in line) == 90 for line in lines)
    assert all(style.endswith("on #1e1e1e") for line in lines for _, style in line)
    frame = [style for line in lines for text, style in line if "│" in text]
    assert frame and all(style == "#e0e0e0 on #1e1e1e" for style in frame)
