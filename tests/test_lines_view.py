"""LinesView, the widget every lesson plot is drawn with: line-level repaint,
the message mode (Korean included), cell-exact strips, plain_text, resize."""

from __future__ import annotations

import numpy as np
from textual.app import App

from tui.canvas import Layer, Scene, render_runs, runs_to_plain, text_cells
from tui.widgets.lines import LinesView, line_spans, message_lines


def test_line_spans():
    assert line_spans([]) == []
    assert line_spans([1, 2, 3, 7]) == [(1, 4), (7, 8)]
    assert line_spans([0]) == [(0, 1)]
    assert line_spans([4, 6, 7, 9]) == [(4, 5), (6, 8), (9, 10)]


def scene_with(points) -> Scene:
    return Scene([Layer(np.array(points, dtype=float), "red")], (0.0, 1.0, 0.0, 1.0), equal_aspect=False)


class One(App):
    CSS = "#boxed { border: round red; padding: 0 1; }"

    def __init__(self, boxed: bool = False):
        super().__init__()
        self.boxed = boxed

    def compose(self):
        yield LinesView(id="boxed" if self.boxed else "plot")


def shown(view: LinesView) -> list[str]:
    return ["".join(s.text for s in view.render_line(y)) for y in range(view.size.height)]


async def test_a_new_scene_repaints_only_changed_lines_and_shows_the_new_picture():
    app = One()
    async with app.run_test(size=(40, 20)) as pilot:
        plot = app.query_one(LinesView)
        plot.set_scene(scene_with([[0.5, 0.9], [0.5, 0.1]]))
        await pilot.pause()
        plot._repaint_regions.clear()
        plot.set_scene(scene_with([[0.5, 0.9], [0.6, 0.1]]))  # only the low point moves
        regions = list(plot._repaint_regions)
        assert regions and sum(r.height for r in regions) < plot.size.height / 2
        await pilot.pause()
        expected = runs_to_plain(render_runs(plot.scene, plot.size.width, plot.size.height))
        assert plot.plain_text() == expected
        assert [line.rstrip() for line in shown(plot)] == [line.rstrip() for line in expected.splitlines()]


async def test_a_builder_repaints_only_the_rows_it_changed_inside_a_border():
    """The regions are the widget's content rows (a border and padding around
    them): a builder whose third row changes repaints that row only."""
    app = One(boxed=True)
    async with app.run_test(size=(30, 12)) as pilot:
        view = app.query_one(LinesView)
        word = ["a"]

        def build(w: int, h: int):
            return [[(f"row {y} {word[0] if y == 2 else ''}".ljust(w), "bold" if y == 2 else "")] for y in range(h)]

        view.set_builder(build)
        await pilot.pause()
        view._repaint_regions.clear()
        word[0] = "b"
        view.redraw()
        regions = list(view._repaint_regions)
        offset = view.content_offset
        assert [(r.y - offset.y, r.height) for r in regions] == [(2, 1)]
        await pilot.pause()
        assert shown(view)[2].startswith("row 2 b") and "row 2 b" in view.plain_text()
        # nothing changed: nothing repainted
        view._repaint_regions.clear()
        view.redraw()
        assert not view._repaint_regions


async def test_message_mode_wraps_and_centres_by_cells_with_korean():
    message = "PyTorch를 불러오는 중이다: 잠시 기다리면 그림이 나온다"
    app = One()
    async with app.run_test(size=(24, 9)) as pilot:
        view = app.query_one(LinesView)
        view.set_scene(scene_with([[0.5, 0.5]]))
        view.set_message(message)
        await pilot.pause()
        w, h = view.size.width, view.size.height
        text = [line for line in view.plain_text().splitlines() if line.strip()]
        assert len(text) >= 3  # wrapped
        assert " ".join(line.strip() for line in text) == message
        for line in text:  # centred by cells: Hangul is two cells a syllable
            left = len(line) - len(line.lstrip())
            right = w - text_cells(line)
            assert abs(left - right) <= 1 and text_cells(line.strip()) <= w - 2, line
        rows = [y for y, line in enumerate(view.plain_text().splitlines()) if line.strip()]
        assert abs(rows[0] - (h - 1 - rows[-1])) <= 1  # centred vertically
        # every strip is exactly the width in cells, Korean included
        assert all(view.render_line(y).cell_length == w for y in range(h))
        assert message_lines(message, w, h) == view.lines
        view.set_message("")  # the picture again
        await pilot.pause()
        assert view.plain_text() == runs_to_plain(render_runs(view.scene, w, h))


async def test_strips_are_exactly_the_width_whatever_the_builder_gives():
    """A builder's line that is short, too long, or cut through a Hangul
    syllable still becomes a strip of exactly the widget's width."""
    app = One()
    async with app.run_test(size=(21, 5)) as pilot:
        view = app.query_one(LinesView)
        view.set_builder(lambda w, h: [[("가나다", "bold")], [("x" * (w + 5), "")], [("a", ""), ("한글" * 20, "red")], []])
        await pilot.pause()
        w = view.size.width
        assert [view.render_line(y).cell_length for y in range(view.size.height)] == [w] * view.size.height
        assert view.plain_text().splitlines()[0] == "가나다"


async def test_resize_rebuilds_at_the_new_size():
    app = One()
    async with app.run_test(size=(40, 20)) as pilot:
        view = app.query_one(LinesView)
        sizes = []

        def build(w: int, h: int):
            sizes.append((w, h))
            return [[(f"{w}x{h}", "")] for _ in range(h)]

        view.set_builder(build)
        await pilot.pause()
        assert view.plain_text().splitlines()[0] == "40x20"
        await pilot.resize_terminal(60, 12)
        await pilot.pause()
        assert view.size == (60, 12)
        assert view.plain_text().splitlines() == ["60x12"] * 12
        assert shown(view)[0].startswith("60x12") and len(shown(view)) == 12
        assert sizes[-1] == (60, 12)
