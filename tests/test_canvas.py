"""The braille canvas behind the plane plots and `render`."""

import numpy as np
import pytest

from tui.canvas import Layer, Scene, bounds_of, fit_view, nice_ticks, rasterize, render_runs, runs_to_plain


def test_one_point_sets_the_right_braille_dot():
    # view 0..4 x 0..8 on a 2x2-cell canvas: 4x8 dots, one unit per dot
    scene = Scene([Layer(np.array([[0.5, 7.5]]), "red")], (0, 4, 0, 8), equal_aspect=False)
    r = rasterize(scene, cols=2, rows=2)
    assert r.bits[0, 0] == 0x01  # top-left dot of the top-left cell
    assert r.bits.sum() == 0x01 and r.owner[0, 0] == 0
    scene = Scene([Layer(np.array([[3.5, 0.5]]), "red")], (0, 4, 0, 8), equal_aspect=False)
    r = rasterize(scene, cols=2, rows=2)
    assert r.bits[1, 1] == 0x80  # bottom-right dot of the bottom-right cell


def test_later_layers_own_the_cells_they_touch_and_points_outside_are_dropped():
    a = Layer(np.array([[0.5, 7.5], [100.0, 100.0], [np.nan, 1.0]]), "grey")
    b = Layer(np.array([[1.5, 6.5]]), "blue")
    r = rasterize(Scene([a, b], (0, 4, 0, 8), equal_aspect=False), cols=2, rows=2)
    assert r.owner[0, 0] == 1 and r.bits[0, 0] == 0x10  # b's dot replaced a's in that cell
    assert (r.bits != 0).sum() == 1


def test_fit_view_keeps_dots_square_and_contains_the_view():
    x0, x1, y0, y1 = fit_view((-1, 1, -1, 1), 200, 100, True)
    assert (x1 - x0) / 200 == pytest.approx((y1 - y0) / 100)
    assert x0 <= -1 and x1 >= 1 and y0 <= -1 and y1 >= 1
    assert fit_view((0, 0, 0, 0), 10, 10, True)[1] > 0  # a degenerate view is widened
    assert fit_view((np.nan, 1, 0, 1), 10, 10, False) == (-1.0, 1.0, -1.0, 1.0)


@pytest.mark.parametrize("lo,hi", [(-1.1, 1.1), (0, 37), (-0.003, 0.004), (-250, 1e4)])
def test_nice_ticks_are_round_and_inside(lo, hi):
    ticks = nice_ticks(lo, hi, 5)
    assert 2 <= len(ticks) <= 11
    assert all(lo - 1e-9 <= t <= hi + 1e-9 for t in ticks)
    steps = np.diff(ticks)
    assert np.allclose(steps, steps[0])
    mantissa = steps[0] / 10 ** np.floor(np.log10(steps[0]))
    assert any(np.isclose(mantissa, m) for m in (1, 2, 2.5, 5))


def test_bounds_include_the_origin_and_pad():
    x0, x1, y0, y1 = bounds_of(np.array([[1.0, 2.0], [3.0, 4.0]]), pad=0.1)
    assert x0 < 0 < 3 < x1 and y0 < 0 < 4 < y1


@pytest.mark.parametrize("w,h", [(12, 5), (48, 18), (120, 40), (250, 70)])
def test_render_runs_fills_exactly_the_size(w, h):
    rng = np.random.default_rng(0)
    scene = Scene([Layer(rng.normal(size=(500, 2)), "blue")], (-3, 3, -3, 3),
                  legend=[("class 0", "blue"), ("a very long legend entry that will not fit", "red")])
    lines = render_runs(scene, w, h)
    assert len(lines) == h
    assert all(sum(len(t) for t, _ in line) == w for line in lines)
    text = runs_to_plain(lines)
    assert any(0x2801 <= ord(c) <= 0x28FF for c in text)


def test_too_small_for_a_plot_gives_blank_lines():
    lines = render_runs(Scene([], (0, 1, 0, 1)), 8, 3)
    assert runs_to_plain(lines) == "\n\n"


def test_marks_are_written_over_the_layers_at_their_point_and_clipped_to_the_plot():
    import numpy as np

    from tui.canvas import Layer, Mark, Scene, render_runs, runs_to_plain

    pts = np.array([[x, y] for x in np.linspace(0, 1, 30) for y in np.linspace(0, 1, 30)])
    scene = Scene([Layer(pts, "red")], (0.0, 1.0, 0.0, 1.0), equal_aspect=False,
                  marks=[Mark(0.5, 0.5, "x12", "bold"), Mark(1.0, 1.0, "abcdef", "blue"),
                         Mark(float("nan"), 0.0, "?", "")])
    lines = render_runs(scene, 40, 14)
    assert all(sum(len(t) for t, _ in runs) == 40 for runs in lines[:-1])
    text = runs_to_plain(lines)
    assert "x12" in text and "?" not in text
    row = next(runs for runs in lines if any("x12" in t for t, _ in runs))
    assert ("x12", "bold") in row  # the mark keeps its own style
    bare = runs_to_plain(render_runs(Scene([Layer(pts, "red")], (0.0, 1.0, 0.0, 1.0), equal_aspect=False), 40, 14))
    assert "x12" not in bare
