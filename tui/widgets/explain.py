"""The explanation panel: our own text for a lesson, in English or Korean.

The Markdown widget (and the markdown-it parser behind it) is imported and
mounted just after the screen's first paint, so it never delays start-up.
"""

from __future__ import annotations

from textual.containers import VerticalScroll

from tui.lessons import lesson_text


class ExplanationPanel(VerticalScroll, can_focus=False):
    """Scrolled from the screen's keys (PgUp/PgDn), so it never steals focus."""

    def __init__(self, lesson: str, lang: str, *, id: str | None = None):
        super().__init__(id=id)
        self.lesson = lesson
        self.lang = lang
        self._markdown = None

    def on_mount(self) -> None:
        self.call_after_refresh(self._fill)

    def _fill(self) -> None:
        from textual.widgets import Markdown

        if self._markdown is None and self.is_attached:
            self._markdown = Markdown(lesson_text(self.lesson, self.lang))
            self.mount(self._markdown)

    def set_lang(self, lang: str) -> None:
        if lang != self.lang:
            self.lang = lang
            if self._markdown is not None:
                self._markdown.update(lesson_text(self.lesson, lang))
            self.scroll_home(animate=False)
