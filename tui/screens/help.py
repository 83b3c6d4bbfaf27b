"""The help overlay: every key of the screen below it."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from tui.words import binding_in, bind, text, words_files


def key_rows(screen: Screen) -> list[tuple[str, str]]:
    """(keys, what they do) for the screen's bindings, then the app's, in
    the app's language."""
    rows: list[tuple[str, str]] = []
    seen: set[str] = set()
    app = screen.app
    lang = getattr(app, "lang", "en")
    for source, files in ((type(screen).BINDINGS, words_files(screen)), (type(app).BINDINGS, ("app",))):
        for b in source:
            if not isinstance(b, Binding) or not b.description or b.action == "command_palette":
                continue
            b = binding_in(b, lang, files)
            if not b.description:
                continue
            keys = b.key_display or ", ".join(app.get_key_display(Binding(k.strip(), "")) for k in b.key.split(","))
            if b.key in seen:  # a screen's binding hides the app's for the same key
                continue
            seen.add(b.key)
            rows.append((keys, f"{b.description}: {b.tooltip}" if b.tooltip else b.description))
    rows.append(("ctrl+p", text("app", "help.palette", lang)))
    return rows


def option_rows(screen: Screen) -> list[tuple[str, str]]:
    """(how it is written, what it does) for each state option of the
    lesson below (``nn-explorer LESSON …`` and ``render LESSON …``), in the
    app's language; none for a screen that is not a lesson."""
    from tui.lessons import BY_KEY

    lesson = BY_KEY.get(getattr(screen, "lesson_key", ""))
    if lesson is None:
        return []
    lang = getattr(screen.app, "lang", "en")
    return [(option.spelling, option.help_in(lang)) for option in lesson.state_options]


class HelpScreen(ModalScreen):
    BINDINGS = [
        bind("app", "close", "escape,question_mark", "close", show=False),
    ]

    def __init__(self, below: Screen):
        super().__init__()
        self.below = below

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box"):
            yield Static("", id="help-text")

    def on_mount(self) -> None:
        self.on_lang_changed()

    def on_lang_changed(self) -> None:
        """The keys, title and subtitle in the app's language (also when L
        is pressed with the overlay open)."""
        from tui.canvas import pad_cells, text_cells
        from tui.charset import fit_text

        lang = getattr(self.app, "lang", "en")
        rows = [(fit_text(k), fit_text(d)) for k, d in key_rows(self.below)]
        width = max(text_cells(k) for k, _ in rows) + 2
        title = getattr(self.below, "help_title", "nn-explorer")
        box = self.query_one("#help-box")
        box.border_title = fit_text(text("app", "help.title", lang, title=title))
        box.border_subtitle = text("app", "help.closes", lang)
        lines = [f"[b]{pad_cells(k, width)}[/b]{d}" for k, d in rows]
        options = [(fit_text(k), fit_text(d)) for k, d in option_rows(self.below)]
        if options:
            from rich.markup import escape

            key = getattr(self.below, "lesson_key", "")
            o_width = max(text_cells(k) for k, _ in options) + 2
            lines += ["", f"[b]{fit_text(text('app', 'help.state', lang, key=key))}[/b]"]
            lines += [f"[b]{escape(pad_cells(k, o_width))}[/b]{escape(d)}" for k, d in options]
        self.query_one("#help-text", Static).update("\n".join(lines))

    def action_close(self) -> None:
        self.app.pop_screen()
