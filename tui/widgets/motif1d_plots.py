"""The motif1d lesson's plots: the sequence with its sliding window (our own
text canvas: a frame costs well under a millisecond), the score sequence and
the training plots (plotext through textual-plotext)."""

from __future__ import annotations

import time

import numpy as np
from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip
from textual.widget import Widget
from textual_plotext import PlotextPlot

from tui.canvas import pad_cells, runs_to_plain
from tui.scenes.motif1d import (MOTIF_RGB, SCORE_RGB, LETTER_RGB, MotifView, area_cols, draw_scores,
                                sequence_runs)

REDRAW_SECONDS = 0.25  # training plot: at most four redraws a second


class SequenceView(Widget):
    DEFAULT_CSS = """
    SequenceView {
        width: 1fr;
        height: 1fr;
    }
    """

    def __init__(self, *, id: str | None = None):
        super().__init__(id=id)
        self.view: MotifView | None = None
        self.lang = "en"
        self._message = ""
        self._strips: list[Strip] = []
        self._built_for: tuple[int, int] | None = None
        self._styles: dict[str, Style] = {}
        self._base = Style()

    def set_view(self, view: MotifView | None, lang: str = "en") -> None:
        self.view = view
        self.lang = lang
        self._built_for = None
        self.refresh()

    def set_message(self, message: str) -> None:
        self._message = message
        self._built_for = None
        self.refresh()

    def plain_text(self) -> str:
        w, h = self.size.width, self.size.height
        if self.view is None or w <= 0 or h <= 0:
            return self._message
        return runs_to_plain(sequence_runs(self.view, w, h, self.lang))

    def _style(self, spec: str) -> Style:
        style = self._styles.get(spec)
        if style is None:
            style = self._base + Style.parse(spec) if spec else self._base
            self._styles[spec] = style
        return style

    def _build(self, width: int, height: int) -> None:
        self._built_for = (width, height)
        base = self.rich_style
        if base != self._base:
            self._base = base
            self._styles.clear()
        if self.view is None or self._message:
            lines = [""] * height
            if height:
                lines[height // 2] = pad_cells(self._message, width, "center")
            self._strips = [Strip([Segment(pad_cells(line, width), self._style(""))], width) for line in lines]
            return
        runs = sequence_runs(self.view, width, height, self.lang)
        self._strips = [Strip([Segment(t, self._style(s)) for t, s in line], width) for line in runs]

    def render_line(self, y: int) -> Strip:
        width, height = self.size.width, self.size.height
        if self._built_for != (width, height):
            self._build(width, height)
        if 0 <= y < len(self._strips):
            return self._strips[y]
        return Strip.blank(width, self._base)

    def on_resize(self) -> None:
        self._built_for = None


class ScorePlot(PlotextPlot):
    """The score sequence, drawn by the same function as ``render motif1d``."""

    def __init__(self, *, id: str | None = None):
        super().__init__(id=id)
        self.view: MotifView | None = None

    def show(self, view: MotifView | None) -> None:
        self.view = view
        self._draw()

    def _draw(self) -> None:
        if self.view is None:
            self.plt.clear_data()
            self.plt.clear_figure()
        else:
            draw_scores(self.plt, self.view, area_cols(self.size.width))
        self.refresh()

    def on_resize(self) -> None:
        self._draw()  # the x ticks depend on the width

    def plain_text(self) -> str:
        """What the plot shows, as plain text (plotext's output without colours)."""
        return "\n".join(line.rstrip() for line in self.plt.uncolorize(self.plt.build()).splitlines())


class TrainPlot(PlotextPlot):
    """Left: the learned template beside the planted motif. Right: the loss
    per step, with zero_grad and (after z) without it."""

    DEFAULT_CSS = """
    TrainPlot {
        height: 1fr;
        min-height: 7;
        border: round $primary-darken-2;
        border-title-color: $text;
        border-subtitle-color: $text-muted;
    }
    """

    LEGEND = {
        "en": {"signal": "left: learned template (orange) vs motif (green)",
               "symbols": "left: template rows A C G T, ticks: the motif", "loss": "right: loss per step",
               "both": "right: loss, zero_grad (green) vs no zero_grad (red)"},
        "ko": {"signal": "왼쪽: 학습된 템플릿(주황)과 모티프(초록)",
               "symbols": "왼쪽: 템플릿의 A C G T 행, 눈금: 모티프", "loss": "오른쪽: 스텝마다 손실",
               "both": "오른쪽: 손실, zero_grad 있음(초록)과 없음(빨강)"},
    }

    def __init__(self, *, id: str | None = None, lang: str = "en"):
        super().__init__(id=id)
        self.lang = lang
        self.curves: dict[str, list[float]] = {}
        self.template: np.ndarray | None = None
        self.motif: np.ndarray | None = None
        self._drawn_at = 0.0

    def reset(self, title: str) -> None:
        self.border_title = title
        self._draw()

    def set_curve(self, name: str, losses: list[float]) -> None:
        self.curves[name] = list(losses)
        if time.monotonic() - self._drawn_at >= REDRAW_SECONDS:
            self._draw()

    def set_template(self, template: np.ndarray | None, motif: np.ndarray | None) -> None:
        self.template, self.motif = template, motif
        self._draw()

    def flush(self) -> None:
        self._draw()

    def set_lang(self, lang: str) -> None:
        self.lang = lang
        self._draw()

    def legend(self) -> str:
        """What the two plots show (the widget's subtitle: Textual lays it out
        by terminal cells; plotext titles would count a Hangul letter as one)."""
        t = self.LEGEND.get(self.lang, self.LEGEND["en"])
        parts = []
        if self.template is not None and self.motif is not None:
            parts.append(t["signal" if self.motif.shape[0] == 1 else "symbols"])
        names = [n for n, v in self.curves.items() if v]
        if names:
            parts.append(t["both" if len(names) > 1 else "loss"])
        return " · ".join(parts)

    def _draw(self) -> None:
        self._drawn_at = time.monotonic()
        plt = self.plt
        plt.clear_data()
        plt.clear_figure()
        plt.subplots(1, 2)
        left = plt.subplot(1, 1)
        if self.template is not None and self.motif is not None:
            K = self.motif.shape[1]
            ks = list(range(K))
            if self.motif.shape[0] == 1:
                m = self.motif[0]
                t = self.template[0]
                scale = float(np.linalg.norm(m) / max(np.linalg.norm(t), 1e-9))
                left.plot(ks, m.tolist(), marker="braille", color=MOTIF_RGB)
                left.plot(ks, (t * scale).tolist(), marker="braille", color=SCORE_RGB)
                left.xticks([0, K - 1], ["0", str(K - 1)])
            else:
                from models.motif1d import ALPHABET

                for c, letter in enumerate(ALPHABET):
                    left.plot(ks, self.template[c].tolist(), marker="braille", color=LETTER_RGB[letter])
                left.xticks(ks, [ALPHABET[i] for i in self.motif.argmax(0)])  # the motif's letters
        right = plt.subplot(1, 2)
        colours = {"zero_grad": (107, 220, 107), "no zero_grad": (255, 90, 90)}
        longest = 0
        for name, losses in self.curves.items():
            if losses:
                right.plot(list(range(1, len(losses) + 1)), losses, marker="braille",
                           color=colours.get(name, SCORE_RGB))
                longest = max(longest, len(losses))
        if longest:
            right.xticks([1, longest], ["1", str(longest)])
        self.border_subtitle = self.legend()
        self.refresh()
