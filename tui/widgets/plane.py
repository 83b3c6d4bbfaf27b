"""PlanePlot: a braille scatter plot of the plane, drawn with Textual's line API.

A stock ``PlotextPlot`` rebuilds the figure with plotext, prints it to an ANSI
string and parses that string back into Rich text on every frame. PlanePlot
rasterises the scene with numpy (``tui.canvas``) and hands Textual one
pre-built Strip per line, so an animation frame costs a few milliseconds.
"""

from __future__ import annotations


from rich.segment import Segment
from rich.style import Style
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget

from tui.canvas import Scene, pad_cells, render_runs, runs_to_plain, wrap_cells


def line_spans(lines: list[int]) -> list[tuple[int, int]]:
    """Sorted line numbers as runs of consecutive lines: [1, 2, 3, 7] -> [(1, 4), (7, 8)]."""
    spans: list[tuple[int, int]] = []
    for y in lines:
        if spans and spans[-1][1] == y:
            spans[-1] = (spans[-1][0], y + 1)
        else:
            spans.append((y, y + 1))
    return spans


class PlanePlot(Widget):
    DEFAULT_CSS = """
    PlanePlot {
        width: 1fr;
        height: 1fr;
    }
    """

    def __init__(self, *, name: str | None = None, id: str | None = None, classes: str | None = None):
        super().__init__(name=name, id=id, classes=classes)
        self._scene: Scene | None = None
        self._message = ""
        self._strips: list[Strip] = []
        self._built_for: tuple[int, int] | None = None
        self._styles: dict[str, Style] = {}
        self._base: Style = Style()

    # ----------------------------------------------------------------- API
    def set_scene(self, scene: Scene | None) -> None:
        """Show a new scene. Only the lines that differ from the picture on
        screen are repainted: an animation frame sends the terminal the
        lines that moved, not the whole plot (this is what an SSH link
        carries)."""
        self._scene = scene
        size = (self.size.width, self.size.height)
        if self._built_for != size or self._message or scene is None or not self._strips:
            self._built_for = None
            self.refresh()
            return
        old = self._strips
        self._build(*size)
        changed = [y for y, (a, b) in enumerate(zip(old, self._strips)) if a != b]
        for start, stop in line_spans(changed):
            self.refresh(Region(0, start, size[0], stop - start))

    def set_message(self, message: str) -> None:
        """Text shown in place of the plot (e.g. while PyTorch loads)."""
        self._message = message
        self._built_for = None
        self.refresh()

    @property
    def scene(self) -> Scene | None:
        return self._scene

    def plain_text(self) -> str:
        """What the plot shows, as plain text (braille and labels)."""
        w, h = self.size.width, self.size.height
        if self._scene is None or w <= 0 or h <= 0:
            return self._message
        return runs_to_plain(render_runs(self._scene, w, h))

    # ----------------------------------------------------------- rendering
    def _style(self, spec: str) -> Style:
        style = self._styles.get(spec)
        if style is None:
            style = self._base + Style.parse(spec) if spec else self._base
            self._styles[spec] = style
        return style

    def _build(self, width: int, height: int) -> None:
        self._built_for = (width, height)
        base = self.rich_style  # costly to compute: once a frame, not once a segment
        if base != self._base:
            self._base = base
            self._styles.clear()
        if self._scene is None or self._message:
            wrapped = wrap_cells(self._message or "", max(width - 2, 1))[:height]
            lines = [" " * width] * height
            top = max((height - len(wrapped)) // 2, 0)
            for i, text in enumerate(wrapped):  # by terminal cells: a Hangul syllable is two
                lines[top + i] = pad_cells(text, width, "center")
            base = self._style("")
            self._strips = [Strip([Segment(line, base)], width) for line in lines]
            return
        runs = render_runs(self._scene, width, height)
        self._strips = [Strip([Segment(text, self._style(style)) for text, style in line], width)
                        for line in runs]

    def render_line(self, y: int) -> Strip:
        width, height = self.size.width, self.size.height
        if self._built_for != (width, height):
            self._build(width, height)
        if 0 <= y < len(self._strips):
            return self._strips[y]
        return Strip.blank(width, self._base)

    def on_resize(self) -> None:
        self._built_for = None
