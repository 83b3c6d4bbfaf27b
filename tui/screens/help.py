"""The help overlay: every key of the screen below it."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static


def key_rows(screen: Screen) -> list[tuple[str, str]]:
    """(keys, what they do) for the screen's bindings, then the app's."""
    rows: list[tuple[str, str]] = []
    seen: set[str] = set()
    app = screen.app
    for source in (type(screen).BINDINGS, type(app).BINDINGS):
        for b in source:
            if not isinstance(b, Binding) or not b.description:
                continue
            keys = b.key_display or ", ".join(app.get_key_display(Binding(k.strip(), "")) for k in b.key.split(","))
            if b.key in seen:  # a screen's binding hides the app's for the same key
                continue
            seen.add(b.key)
            rows.append((keys, f"{b.description}: {b.tooltip}" if b.tooltip else b.description))
    rows.append(("ctrl+p", "Palette: jump to any lesson"))
    return rows


class HelpScreen(ModalScreen):
    BINDINGS = [
        Binding("escape,question_mark", "close", "Close", show=False),
    ]

    def __init__(self, below: Screen):
        super().__init__()
        self.below = below

    def compose(self) -> ComposeResult:
        from tui.canvas import pad_cells, text_cells
        from tui.charset import fit_text

        rows = [(fit_text(k), fit_text(d)) for k, d in key_rows(self.below)]
        width = max(text_cells(k) for k, _ in rows) + 2
        title = getattr(self.below, "help_title", "nn-explorer")
        text = "\n".join(f"[b]{pad_cells(k, width)}[/b]{d}" for k, d in rows)
        with VerticalScroll(id="help-box") as box:
            box.border_title = fit_text(f"Keys · {title}")
            box.border_subtitle = "Esc closes"
            yield Static(text, id="help-text")

    def action_close(self) -> None:
        self.app.pop_screen()
