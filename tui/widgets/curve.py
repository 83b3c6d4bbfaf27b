"""The training curve: loss and accuracy per step, drawn with plotext through
textual-plotext. A small static line plot, redrawn a few times a second at
most, so the stock widget is fast enough here (the animated plane is not:
see tui.widgets.lines).

The curve shows one run (a :class:`CurveRun`); the screen decides which
(the run in progress, or the run that made the network drawn) and writes
the title. The legend is in the title, not over the lines: a plotext legend
sits in the plot's top-left corner, where the loss starts."""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field

from textual_plotext import PlotextPlot

REDRAW_SECONDS = 0.25  # at most four redraws a second while training
HEIGHT = 12  # rows with the border: 7 rows of plot between plotext's frame and the step ticks
LOSS_COLOR = (255, 140, 66)  # drawn last: where the two lines meet, the loss stays visible
ACCURACY_COLOR = (68, 217, 217)


LOSS_GLYPH, ACCURACY_GLYPH = "x", "o"  # the lines' markers without colour, or without braille


def marker(glyph: str) -> str:
    """plotext's marker: braille dots where the terminal has them and colour
    tells the lines apart, else the line's own glyph (tui.charset)."""
    from tui import charset as cs

    return "braille" if cs.current() == "braille" and not cs.markers_on() else cs.fit_cells(glyph)


def legend_markup(lang: str = "en") -> str:
    """The two lines' names in their colours, for the title (words:
    assets/words/app.toml [curve])."""
    from tui import charset as cs
    from tui.words import text

    loss_word, acc_word = text("app", "curve.loss", lang), text("app", "curve.accuracy", lang)

    loss = "#{:02x}{:02x}{:02x}".format(*LOSS_COLOR)
    acc = "#{:02x}{:02x}{:02x}".format(*ACCURACY_COLOR)
    if marker(LOSS_GLYPH) == "braille":
        return f"[{loss}]━ {loss_word}[/] [{acc}]━ {acc_word}[/]"
    return cs.fit_text(f"[{loss}]{marker(LOSS_GLYPH)} {loss_word}[/] [{acc}]{marker(ACCURACY_GLYPH)} {acc_word}[/]")


@dataclass
class CurveRun:
    """What one training run reported: step, loss and accuracy."""

    steps: list[int] = field(default_factory=list)
    losses: list[float] = field(default_factory=list)
    accuracies: list[float] = field(default_factory=list)

    def add(self, step: int, loss: float, accuracy: float) -> None:
        self.steps.append(step)
        self.losses.append(loss)
        self.accuracies.append(accuracy)


class TrainingCurve(PlotextPlot):
    DEFAULT_CSS = f"""
    TrainingCurve {{
        height: {HEIGHT};
        border: round $primary-darken-2;
        border-title-color: $text;
    }}
    """

    def __init__(self, *, id: str | None = None):
        super().__init__(id=id)
        self.run = CurveRun()
        self._drawn_at = 0.0

    # the run's lists, as the widget's own (what tests and the screen read)
    @property
    def steps(self) -> list[int]:
        return self.run.steps

    @property
    def losses(self) -> list[float]:
        return self.run.losses

    @property
    def accuracies(self) -> list[float]:
        return self.run.accuracies

    def show(self, run: CurveRun, title: str) -> None:
        """Draw ``run`` (points added to it later are drawn by ``add`` or
        ``flush``) under ``title`` (markup)."""
        self.run = run
        self.border_title = title
        self._draw()

    def reset(self, title: str) -> None:
        self.show(CurveRun(), title)

    def add(self, step: int, loss: float, accuracy: float) -> None:
        self.run.add(step, loss, accuracy)
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
        run = self.run
        ok = [i for i, (loss, acc) in enumerate(zip(run.losses, run.accuracies))
              if math.isfinite(loss) and math.isfinite(acc)]
        if ok:
            steps = [run.steps[i] for i in ok]
            losses = [run.losses[i] for i in ok]
            accs = [run.accuracies[i] for i in ok]
            plt.plot(steps, accs, marker=marker(ACCURACY_GLYPH), color=ACCURACY_COLOR)
            plt.plot(steps, losses, marker=marker(LOSS_GLYPH), color=LOSS_COLOR)
            # the top takes the recent losses in; an early loss above it is cut
            plt.ylim(0, max(1.0, max(losses[-(len(losses) + 1) // 2:])))
            last = steps[-1]
            plt.xticks(sorted({round(last * i / 4) for i in range(5)}))
        self.refresh()
