"""Command palette entries: jump to any lesson, or home."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from tui.lessons import LESSONS


class LessonCommands(Provider):
    def _entries(self):
        app = self.app
        lang = getattr(app, "lang", "en")
        yield "Home: list of lessons", app.go_home, "Back to the list of lessons"
        for i, lesson in enumerate(LESSONS, start=1):
            if lesson.built:
                yield (f"Lesson {i}: {lesson.title_in(lang)} ({lesson.key})",
                       partial(app.open_lesson, lesson.key), lesson.summary_in(lang))

    async def discover(self) -> Hits:
        for text, callback, help_text in self._entries():
            yield DiscoveryHit(text, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for text, callback, help_text in self._entries():
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, matcher.highlight(text), callback, help=help_text)
