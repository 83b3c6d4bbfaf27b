"""What every screen shares: the too-small notice and the language switch."""

from __future__ import annotations

from textual import events
from textual.screen import Screen
from textual.widgets import Static

MIN_WIDTH = 60
MIN_HEIGHT = 16


def too_small_text(width: int, height: int) -> str:
    return (f"Terminal too small: {width}×{height}.\n"
            f"nn-explorer needs at least {MIN_WIDTH}×{MIN_HEIGHT}.\n"
            "Enlarge the window, or press q to quit.")


class BaseScreen(Screen):
    """Hides its content behind a clear notice when the terminal is too small."""

    def compose_notice(self) -> Static:
        return Static("", classes="too-small-notice")

    def _check_size(self, width: int, height: int) -> None:
        small = width < MIN_WIDTH or height < MIN_HEIGHT
        self.set_class(small, "-too-small")
        if small:
            for notice in self.query(".too-small-notice").results(Static):
                notice.update(too_small_text(width, height))

    def on_mount(self) -> None:
        self._check_size(self.app.size.width, self.app.size.height)

    def on_resize(self, event: events.Resize) -> None:
        self._check_size(event.size.width, event.size.height)

    def on_screen_resume(self) -> None:
        self._check_size(self.app.size.width, self.app.size.height)

    @property
    def lang(self) -> str:
        return getattr(self.app, "lang", "en")
