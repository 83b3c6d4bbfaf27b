"""LinesView: the one widget every lesson plot is drawn with.

A picture is lines of ``(text, style)`` runs (``tui.canvas.Run``), made for a
size by a builder ``(width, height) -> lines`` (a lesson's scene function) or
from a braille ``Scene`` (``tui.canvas.render_runs``). The same functions make
what ``nn-explorer render`` prints, so the screen and the command agree.

What the widget adds to the runs:

- one Strip per line, exactly the widget's width in terminal cells (a Hangul
  syllable is two), Rich styles parsed once and cached;
- line-level repaint: a new picture is compared with the one on screen and
  only the lines that differ are repainted (an animation frame sends the
  terminal the lines that moved, which is what an SSH link carries);
- a message mode: text in place of the picture (e.g. while PyTorch loads),
  wrapped and centred by terminal cells;
- the charset (``tui.charset.fit_lines``): a scene's arrows, check marks,
  Greek letters and blocks spelled in what the terminal can show;
- ``plain_text()``: the lines shown, as plain text (what ``e`` saves);
- a rebuild at the new size when the widget is resized.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from rich.segment import Segment
from rich.style import Style
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget

from tui.canvas import Run, Scene, pad_cells, render_runs, runs_to_plain, wrap_cells
from tui.charset import fit_lines, fit_text

Lines = list[list[Run]]
Builder = Callable[[int, int], Lines]


def line_spans(lines: list[int]) -> list[tuple[int, int]]:
    """Sorted line numbers as runs of consecutive lines: [1, 2, 3, 7] -> [(1, 4), (7, 8)]."""
    spans: list[tuple[int, int]] = []
    for y in lines:
        if spans and spans[-1][1] == y:
            spans[-1] = (spans[-1][0], y + 1)
        else:
            spans.append((y, y + 1))
    return spans


def message_lines(message: str, width: int, height: int) -> Lines:
    """``message`` wrapped to the width (one cell spare on each side) and
    centred both ways, by terminal cells; ``height`` lines."""
    wrapped = wrap_cells(message, max(width - 2, 1))[:height]
    top = max((height - len(wrapped)) // 2, 0)
    lines: Lines = [[(" " * width, "")] for _ in range(height)]
    for i, text in enumerate(wrapped):
        lines[top + i] = [(pad_cells(text, width, "center"), "")]
    return lines


class LinesView(Widget):
    """Lines of styled runs, from a builder or a Scene, or a message."""

    DEFAULT_CSS = """
    LinesView {
        width: 1fr;
        height: 1fr;
    }
    """

    def __init__(self, *, name: str | None = None, id: str | None = None, classes: str | None = None):
        super().__init__(name=name, id=id, classes=classes)
        self._builder: Builder | None = None
        self._scene: Scene | None = None
        self._message = ""
        self._lines: Lines = []
        self._strips: list[Strip] = []
        self._built_for: tuple[int, int] | None = None
        self._styles: dict[str, Style] = {}
        self._base = Style()

    # ----------------------------------------------------------------- API
    def set_builder(self, builder: Builder | None) -> None:
        """Show the lines ``builder(width, height)`` makes (rebuilt at every
        size). Clears a message. Only the lines that change are repainted."""
        self._builder = builder
        self._scene = None
        self._message = ""
        self.redraw()

    def set_scene(self, scene: Scene | None) -> None:
        """Show a braille ``Scene`` (``render_runs`` draws it at the widget's size)."""
        self.set_builder(None if scene is None else partial(render_runs, scene))
        self._scene = scene

    def set_message(self, message: str) -> None:
        """Text in place of the picture; ``""`` shows the picture again."""
        self._message = message
        self.redraw()

    def redraw(self) -> None:
        """Draw again from the builder (its inputs changed): the lines that
        differ from those on screen are repainted, the others are not."""
        width, height = self.size.width, self.size.height
        if self._built_for != (width, height) or not self._strips or width <= 0 or height <= 0:
            self._built_for = None  # built at the next paint, at the size it has then
            self.refresh()
            return
        changed = self._build(width, height)
        for start, stop in line_spans(changed):
            self.refresh(Region(0, start, width, stop - start))

    @property
    def scene(self) -> Scene | None:
        return self._scene

    @property
    def message(self) -> str:
        return self._message

    @property
    def lines(self) -> Lines:
        """The runs shown at the current size."""
        width, height = self.size.width, self.size.height
        if self._built_for != (width, height):
            self._build(width, height)
        return self._lines

    def plain_text(self) -> str:
        """What the widget shows, as plain text (braille and labels)."""
        return runs_to_plain(self.lines)

    # ----------------------------------------------------------- rendering
    def _style(self, spec: str) -> Style:
        style = self._styles.get(spec)
        if style is None:
            style = self._base + Style.parse(spec) if spec else self._base
            self._styles[spec] = style
        return style

    def _strip(self, line: list[Run], width: int) -> Strip:
        style = self._style
        strip = Strip([Segment(text, style(spec)) for text, spec in line])
        return strip.adjust_cell_length(width, self._base)  # exactly the width, in cells

    def _make(self, width: int, height: int) -> Lines:
        if self._message or self._builder is None:
            return fit_lines(message_lines(fit_text(self._message), width, height), width=width)
        return fit_lines(self._builder(width, height), width=width)  # in the charset (tui.charset): a no-op for braille

    def _build(self, width: int, height: int) -> list[int]:
        """Build the lines for this size; the numbers of those that changed."""
        old_lines, old_strips = self._lines, self._strips
        same_size = self._built_for == (width, height)
        self._built_for = (width, height)
        base = self.rich_style  # costly to compute: once a build, not once a segment
        if base != self._base:
            self._base = base
            self._styles.clear()
            same_size = False  # every strip carries the base style
        if width <= 0 or height <= 0:
            self._lines, self._strips = [], []
            return []
        lines = self._make(width, height)
        if not same_size or len(old_lines) != len(lines):
            self._lines = lines
            self._strips = [self._strip(line, width) for line in lines]
            return list(range(len(lines)))
        strips = list(old_strips)
        changed = []
        for y, (a, b) in enumerate(zip(old_lines, lines)):
            if a != b:
                strips[y] = self._strip(b, width)
                changed.append(y)
        self._lines, self._strips = lines, strips
        return changed

    def render_line(self, y: int) -> Strip:
        width, height = self.size.width, self.size.height
        if self._built_for != (width, height):
            self._build(width, height)
        if 0 <= y < len(self._strips):
            return self._strips[y]
        return Strip.blank(width, self._base)

    def on_resize(self) -> None:
        self._built_for = None
