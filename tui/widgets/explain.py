"""The explanation panel: our own text for a lesson, in English or Korean."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Markdown

from tui.lessons import lesson_text


class ExplanationPanel(VerticalScroll, can_focus=False):
    """Scrolled from the screen's keys (PgUp/PgDn), so it never steals focus."""

    def __init__(self, lesson: str, lang: str, *, id: str | None = None):
        super().__init__(id=id)
        self.lesson = lesson
        self.lang = lang

    def compose(self) -> ComposeResult:
        yield Markdown(lesson_text(self.lesson, self.lang))

    def set_lang(self, lang: str) -> None:
        if lang != self.lang:
            self.lang = lang
            self.query_one(Markdown).update(lesson_text(self.lesson, lang))
            self.scroll_home(animate=False)
