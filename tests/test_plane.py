"""PlanePlot repaints only the lines a new scene changes."""

from __future__ import annotations

import numpy as np
from textual.app import App

from tui.canvas import Layer, Scene, render_runs, runs_to_plain
from tui.widgets.plane import PlanePlot, line_spans


def test_line_spans():
    assert line_spans([]) == []
    assert line_spans([1, 2, 3, 7]) == [(1, 4), (7, 8)]
    assert line_spans([0]) == [(0, 1)]
    assert line_spans([4, 6, 7, 9]) == [(4, 5), (6, 8), (9, 10)]


def scene_with(points) -> Scene:
    return Scene([Layer(np.array(points, dtype=float), "red")], (0.0, 1.0, 0.0, 1.0), equal_aspect=False)


class One(App):
    def compose(self):
        yield PlanePlot(id="plot")


async def test_a_new_scene_repaints_only_changed_lines_and_shows_the_new_picture():
    app = One()
    async with app.run_test(size=(40, 20)) as pilot:
        plot = app.query_one(PlanePlot)
        plot.set_scene(scene_with([[0.5, 0.9], [0.5, 0.1]]))
        await pilot.pause()
        plot._repaint_regions.clear()
        plot.set_scene(scene_with([[0.5, 0.9], [0.6, 0.1]]))  # only the low point moves
        regions = list(plot._repaint_regions)
        assert regions and sum(r.height for r in regions) < plot.size.height / 2
        await pilot.pause()
        expected = runs_to_plain(render_runs(plot.scene, plot.size.width, plot.size.height))
        assert plot.plain_text() == expected
        shown = ["".join(s.text for s in plot.render_line(y)).rstrip() for y in range(plot.size.height)]
        assert shown == [line.rstrip() for line in expected.splitlines()]
