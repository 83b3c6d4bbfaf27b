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
        localise_bindings(self, self.lang)  # again: made before the app ran, it had no language to ask
        self._footer_palette_key()
        self._check_size(self.app.size.width, self.app.size.height)

    def _footer_palette_key(self) -> None:
        """The footer's "^p palette" key in English only. Textual docks it
        over the right end of the keys; where a double-width character of a
        key below straddles one of the cuts there, Textual's compositor
        blanks a character of the palette key too ("^p   레트" at 80×24).
        In Korean the keys end at the screen's edge instead; ctrl+p stays in
        the help overlay (?)."""
        from textual.widgets import Footer

        for footer in self.query(Footer):
            footer.show_command_palette = self.lang == "en"

    def localise(self) -> None:
        """The words every screen has in the app's language: its keys
        (footer, help), and every widget's of its own (the lesson menu's)."""
        localise_bindings(self, self.lang)
        self._footer_palette_key()
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
