"""The training curve: loss and accuracy per step, drawn with plotext through
textual-plotext. A small static line plot, redrawn a few times a second at
most, so the stock widget is fast enough here (the animated plane is not:
see PlanePlot)."""

from __future__ import annotations

import time

from textual_plotext import PlotextPlot

REDRAW_SECONDS = 0.25  # at most four redraws a second while training


class TrainingCurve(PlotextPlot):
    DEFAULT_CSS = """
    TrainingCurve {
        height: 9;
        border: round $primary-darken-2;
        border-title-color: $text;
    }
    """

    def __init__(self, *, id: str | None = None):
        super().__init__(id=id)
        self.steps: list[int] = []
        self.losses: list[float] = []
        self.accuracies: list[float] = []
        self._drawn_at = 0.0

    def reset(self, title: str) -> None:
        self.steps.clear()
        self.losses.clear()
        self.accuracies.clear()
        self.border_title = title
        self._draw()

    def add(self, step: int, loss: float, accuracy: float) -> None:
        self.steps.append(step)
        self.losses.append(loss)
        self.accuracies.append(accuracy)
        if time.monotonic() - self._drawn_at >= REDRAW_SECONDS:
            self._draw()

    def flush(self) -> None:
        """Draw the points added since the last redraw."""
        self._draw()

    def _draw(self) -> None:
        self._drawn_at = time.monotonic()
        plt = self.plt
        plt.clear_data()
        plt.clear_figure()
        if self.steps:
            plt.plot(self.steps, self.losses, marker="braille", label="loss", color="orange")
            plt.plot(self.steps, self.accuracies, marker="braille", label="accuracy", color="cyan")
            plt.ylim(0, max(1.0, max(self.losses[-len(self.losses) // 2:] or [1.0])))
            last = self.steps[-1]
            plt.xticks(sorted({round(last * i / 4) for i in range(5)}))
        plt.xlabel("step")
        self.refresh()
