"""RunsView: shows a picture given as lines of (text, style) runs, rebuilt for
each size. The picture comes from a function of (width, height), so the
lesson's scene module decides the layout and ``nn-explorer render`` can call
the very same function."""

from __future__ import annotations

from collections.abc import Callable

from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip
from textual.widget import Widget

from tui.canvas import Run, pad_cells, runs_to_plain, wrap_cells

Builder = Callable[[int, int], list[list[Run]]]


class RunsView(Widget):
    DEFAULT_CSS = """
    RunsView {
        width: 1fr;
        height: 1fr;
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None):
        super().__init__(id=id, classes=classes)
        self._builder: Builder | None = None
        self._message = ""
        self._strips: list[Strip] = []
        self._lines: list[list[Run]] = []
        self._built_for: tuple[int, int] | None = None
        self._styles: dict[str, Style] = {}
        self._base = Style()

    def set_builder(self, builder: Builder | None) -> None:
        self._builder = builder
        self._message = ""
        self._built_for = None
        self.refresh()

    def set_message(self, message: str) -> None:
        self._message = message
        self._built_for = None
        self.refresh()

    @property
    def lines(self) -> list[list[Run]]:
        """The runs shown at the current size."""
        w, h = self.size.width, self.size.height
        if self._built_for != (w, h):
            self._build(w, h)
        return self._lines

    def plain_text(self) -> str:
        return runs_to_plain(self.lines)

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
        if width <= 0 or height <= 0:
            self._lines, self._strips = [], []
            return
        if self._builder is None or self._message:
            wrapped = wrap_cells(self._message or "", max(width - 2, 1))[:height]
            top = max((height - len(wrapped)) // 2, 0)
            lines = [[("", "")] for _ in range(height)]
            for i, text in enumerate(wrapped):  # by terminal cells: a Hangul syllable is two
                lines[top + i] = [(pad_cells(text, width, "center"), "")]
            self._lines = lines
        else:
            self._lines = self._builder(width, height)
        self._strips = [Strip([Segment(t, self._style(s)) for t, s in line], width).adjust_cell_length(width, self._base)
                        for line in self._lines]

    def render_line(self, y: int) -> Strip:
        width, height = self.size.width, self.size.height
        if self._built_for != (width, height):
            self._build(width, height)
        if 0 <= y < len(self._strips):
            return self._strips[y]
        return Strip.blank(width, self._base)

    def on_resize(self) -> None:
        self._built_for = None
