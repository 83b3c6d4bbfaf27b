"""What every screen shares: the too-small notice, the language switch, and
the footer's key labels in the app's language (tui.words.localise_bindings)."""

from __future__ import annotations

from textual import events
from textual.screen import Screen
from textual.widgets import Static

from tui.words import localise_bindings, text

MIN_WIDTH = 60
MIN_HEIGHT = 16


def too_small_text(width: int, height: int, lang: str = "en") -> str:
    return text("app", "too_small", lang, width=width, height=height, min_width=MIN_WIDTH, min_height=MIN_HEIGHT)


class BaseScreen(Screen):
    """Hides its content behind a clear notice when the terminal is too small;
    its keys are labelled in the app's language."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        localise_bindings(self, self.lang)

    def compose_notice(self) -> Static:
        return Static("", classes="too-small-notice")

    def _check_size(self, width: int, height: int) -> None:
        small = width < MIN_WIDTH or height < MIN_HEIGHT
        self.set_class(small, "-too-small")
        if small:
            for notice in self.query(".too-small-notice").results(Static):
                notice.update(too_small_text(width, height, self.lang))

    def on_mount(self) -> None:
        self._check_size(self.app.size.width, self.app.size.height)

    def localise(self) -> None:
        """The words every screen has in the app's language: its keys
        (footer, help), and every widget's of its own (the lesson menu's)."""
        localise_bindings(self, self.lang)
        for widget in self.query("*"):
            if type(widget).BINDINGS:
                localise_bindings(widget, self.lang)
        self._check_size(self.app.size.width, self.app.size.height)

    def on_resize(self, event: events.Resize) -> None:
        self._check_size(event.size.width, event.size.height)

    def on_screen_resume(self) -> None:
        self._check_size(self.app.size.width, self.app.size.height)

    @property
    def lang(self) -> str:
        try:
            return getattr(self.app, "lang", "en")
        except Exception:  # noqa: BLE001 - made outside a running app (a test): English
            return "en"
