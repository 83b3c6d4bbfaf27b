"""LessonMenu: the home screen's list of lessons.

A single widget that renders one line per lesson. Textual's OptionList did
the same job but cost about 90 ms of start-up here (measured with
tests/benchmarks/bench_startup.py variants), a fifth of a bare app's whole
start, and raised KeyError when paged before its first layout.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import events
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from tui.words import bind, localise_bindings


@dataclass(frozen=True)
class MenuItem:
    key: str
    label: str


class LessonMenu(Widget, can_focus=True):
    DEFAULT_CSS = """
    LessonMenu {
        height: auto;
        padding: 0 1;
    }
    """

    BINDINGS = [
        bind("app", "up", "up,k", "move(-1)", show=False),
        bind("app", "down", "down,j", "move(1)", show=False),
        bind("app", "first", "home,pageup", "first", show=False),
        bind("app", "last", "end,pagedown", "last", show=False),
        bind("app", "open", "enter", "select"),
    ]

    highlighted: reactive[int] = reactive(0)

    class Highlighted(Message):
        def __init__(self, item: MenuItem):
            super().__init__()
            self.item = item

    class Selected(Message):
        def __init__(self, item: MenuItem):
            super().__init__()
            self.item = item

    def __init__(self, items: list[MenuItem], *, id: str | None = None):
        super().__init__(id=id)
        self.items = list(items)
        try:
            localise_bindings(self, self.app.lang)  # the footer's "Open" in the app's language
        except Exception:  # noqa: BLE001 - made outside an app (a test): English
            pass

    def on_mount(self) -> None:
        localise_bindings(self, getattr(self.app, "lang", "en"))  # made before the app ran: now it has one

    def set_items(self, items: list[MenuItem]) -> None:
        self.items = list(items)
        self.highlighted = min(self.highlighted, len(self.items) - 1)
        self.refresh(layout=True)

    @property
    def current(self) -> MenuItem:
        return self.items[self.highlighted]

    def render(self) -> Text:
        text = Text(no_wrap=True, overflow="ellipsis", end="")
        for i, item in enumerate(self.items):
            style = None
            if i == self.highlighted:
                style = "reverse" if self.has_focus else "bold underline"
            text.append(item.label, style=style)
            if i < len(self.items) - 1:
                text.append("\n")
        return text

    def get_content_height(self, container, viewport, width: int) -> int:
        return len(self.items)

    def watch_highlighted(self, index: int) -> None:
        if self.items:
            self.post_message(self.Highlighted(self.items[index]))

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def action_move(self, delta: int) -> None:
        self.highlighted = (self.highlighted + delta) % len(self.items)

    def action_first(self) -> None:
        self.highlighted = 0

    def action_last(self) -> None:
        self.highlighted = len(self.items) - 1

    def action_select(self) -> None:
        self.post_message(self.Selected(self.current))

    def on_click(self, event: events.Click) -> None:
        row = event.y - self.gutter.top
        if 0 <= row < len(self.items):
            self.highlighted = row
            self.action_select()
