"""SweepChart: the Width lesson's picture (success bars, histograms, failed
seeds), drawn from ``tui.scenes.width.sweep_lines`` one Strip per line."""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip
from textual.widget import Widget

from models.width import SweepConfig
from tui.canvas import runs_to_plain
from tui.scenes.width import SweepState, sweep_lines


class SweepChart(Widget):
    DEFAULT_CSS = """
    SweepChart {
        width: 1fr;
        height: 1fr;
        border: round $primary;
        border-title-color: $text;
        padding: 0 1;
    }
    """

    def __init__(self, *, id: str | None = None):
        super().__init__(id=id)
        self.state: SweepState | None = None
        #: the settings of the next run, when they are not the drawn sweep's
        self.next_config: SweepConfig | None = None
        self._strips: list[Strip] = []
        self._built_for: tuple[int, int] | None = None
        self._styles: dict[str, Style] = {}

    def set_state(self, state: SweepState, next_config: SweepConfig | None = None) -> None:
        self.state = state
        self.next_config = next_config
        self.redraw()

    def lines(self, width: int, height: int):
        return sweep_lines(self.state, width, height, self.next_config)

    def redraw(self) -> None:
        self._built_for = None
        self.refresh()

    def plain_text(self) -> str:
        w, h = self.content_size.width, self.content_size.height
        if self.state is None or w <= 0 or h <= 0:
            return ""
        return runs_to_plain(self.lines(w, h))

    def _style(self, spec: str, base: Style) -> Style:
        style = self._styles.get(spec)
        if style is None:
            style = base + Style.parse(spec) if spec else base
            self._styles[spec] = style
        return style

    def _build(self, width: int, height: int) -> None:
        self._built_for = (width, height)
        base = self.rich_style
        self._styles.clear()
        if self.state is None:
            self._strips = []
            return
        # the scene fits every line to ``width`` terminal cells; adjust_cell_length
        # keeps the border in place even if a line were off
        self._strips = [Strip([Segment(t, self._style(s, base)) for t, s in line if t])
                        .adjust_cell_length(width, base)
                        for line in self.lines(width, height)]

    def render_line(self, y: int) -> Strip:
        width, height = self.content_size.width, self.content_size.height
        if self._built_for != (width, height):
            self._build(width, height)
        if 0 <= y < len(self._strips):
            return self._strips[y]
        return Strip.blank(width, self.rich_style)

    def on_resize(self) -> None:
        self._built_for = None
