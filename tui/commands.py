"""The command palette: its entries (jump to any lesson, or home), and a
palette that survives being closed in the middle of a search."""

from __future__ import annotations

from functools import partial

from textual.command import CommandList, CommandPalette, DiscoveryHit, Hit, Hits, Provider

from tui.lessons import LESSONS
from tui.words import text


class LessonCommands(Provider):
    def _entries(self):
        app = self.app
        lang = getattr(app, "lang", "en")
        yield text("app", "palette.home", lang), app.go_home, text("app", "palette.home_help", lang)
        for i, lesson in enumerate(LESSONS, start=1):
            yield (text("app", "palette.lesson", lang, i=i, title=lesson.title_in(lang), key=lesson.key),
                   partial(app.open_lesson, lesson.key), lesson.summary_in(lang))

    async def discover(self) -> Hits:
        for title, callback, help_text in self._entries():
            yield DiscoveryHit(title, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, callback, help_text in self._entries():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), callback, help=help_text)


class SafeCommandPalette(CommandPalette):
    """Textual's palette, closed safely while it is still gathering results.

    Textual 8.2's palette gathers search results in a worker that updates the
    list every 0.25 s; when Esc closes the palette in between, the worker's
    next update sets ``_list_visible``, whose watcher looks up the removed
    ``CommandList``: ``NoMatches`` in a worker that exits the app on error.
    Found by the monkey test (a crash after 6 quick keys in the palette).
    Once the palette has left the screen stack there is nothing to update.
    """

    def _watch__list_visible(self) -> None:
        if not self.is_attached or not self.query(CommandList):
            return  # closed: the list the search was filling is gone
        super()._watch__list_visible()

    def _action_command_list(self, action: str) -> None:
        """PageUp/PageDown when the list has no rows on screen (a tiny
        terminal, or before its first layout) raised KeyError in Textual's
        OptionList (it pages by screen lines, and has none). Found by the
        monkey test in CI. There is nothing on screen to page through then."""
        if action in ("page_up", "page_down"):
            lists = self.query(CommandList)
            if not lists or not lists.first().scrollable_content_region:
                return
        super()._action_command_list(action)
