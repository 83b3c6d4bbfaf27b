"""The explanation panel: our own text for a lesson, in English or Korean.

The text is Markdown, rendered by Rich into one Static (a Markdown widget
would mount a widget per paragraph: measured here, that tripled the time to
open a lesson). The parser is imported just after the screen's first paint,
so it never delays start-up.
"""

from __future__ import annotations

from textual.containers import VerticalScroll
from textual.widgets import Static

from tui.lessons import lesson_text


class ExplanationPanel(VerticalScroll, can_focus=False):
    """Scrolled from the screen's keys (PgUp/PgDn), so it never steals focus."""

    DEFAULT_CSS = """
    ExplanationPanel > Static {
        width: 1fr;
        height: auto;
    }
    """

    def __init__(self, lesson: str, lang: str, *, id: str | None = None):
        super().__init__(id=id)
        self.lesson = lesson
        self.lang = lang
        self.text = Static("")
        self.filled = False

    def compose(self):
        yield self.text

    def on_mount(self) -> None:
        self.call_after_refresh(self._fill_soon)

    def _fill_soon(self) -> None:
        self.set_timer(0.25, self.fill)  # after the first frame has reached the terminal

    def fill(self) -> None:
        if not self.screen.is_current and not self.filled:
            self.set_timer(0.2, self.fill)  # another screen is being shown first
            return
        from rich.markdown import Markdown

        from tui.charset import fit_text

        self.text.update(Markdown(fit_text(lesson_text(self.lesson, self.lang))))
        self.filled = True

    def markdown_source(self) -> str:
        from tui.charset import fit_text

        return fit_text(lesson_text(self.lesson, self.lang))

    def set_lang(self, lang: str) -> None:
        if lang != self.lang:
            self.lang = lang
            if self.filled:
                self.fill()
            self.scroll_home(animate=False)
