"""The motif1d screen's training plots (plotext through textual-plotext,
mounted the first time r trains): the learned template beside the planted
motif, and the loss per step. The sequence and score plots are LinesViews
(``tui.widgets.lines``) drawn by ``tui.scenes.motif1d``."""

from __future__ import annotations

import time

import numpy as np
from textual_plotext import PlotextPlot

from tui.widgets.curve import marker
from tui.scenes.motif1d import LETTER_RGB, MOTIF_RGB, SCORE_RGB
from tui.words import tables

REDRAW_SECONDS = 0.25  # training plot: at most four redraws a second


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

    LEGEND = tables("motif1d", "train_plot")  # assets/words/motif1d.toml [train_plot]

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
        glyphs = "_glyph" if marker("m") != "braille" else ""  # the lines are told apart by glyph
        parts = []
        if self.template is not None and self.motif is not None:
            parts.append(t["signal" + glyphs if self.motif.shape[0] == 1 else "symbols"])
        names = [n for n, v in self.curves.items() if v]
        if names:
            parts.append(t["both" + glyphs if len(names) > 1 else "loss"])
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
                left.plot(ks, m.tolist(), marker=marker("m"), color=MOTIF_RGB)
                left.plot(ks, (t * scale).tolist(), marker=marker("t"), color=SCORE_RGB)
                left.xticks([0, K - 1], ["0", str(K - 1)])
            else:
                from models.motif1d import ALPHABET

                for c, letter in enumerate(ALPHABET):
                    left.plot(ks, self.template[c].tolist(), marker=marker(letter), color=LETTER_RGB[letter])
                left.xticks(ks, [ALPHABET[i] for i in self.motif.argmax(0)])  # the motif's letters
        right = plt.subplot(1, 2)
        colours = {"zero_grad": (107, 220, 107), "no zero_grad": (255, 90, 90)}
        longest = 0
        for name, losses in self.curves.items():
            if losses:
                right.plot(list(range(1, len(losses) + 1)), losses, marker=marker("z" if name == "zero_grad" else "n"),
                           color=colours.get(name, SCORE_RGB))
                longest = max(longest, len(losses))
        if longest:
            right.xticks([1, longest], ["1", str(longest)])
        self.border_subtitle = self.legend()
        self.refresh()
