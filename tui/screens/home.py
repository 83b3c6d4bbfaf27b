"""The home screen: every lesson of the lecture, in order."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Footer, Static

from tui.lessons import BY_KEY, LESSONS
from tui.screens.base import BaseScreen
from tui.widgets.explain import ExplanationPanel
from tui.widgets.menu import LessonMenu, MenuItem
from tui.words import text


class HomeScreen(BaseScreen):
    def compose(self) -> ComposeResult:
        yield self.compose_notice()
        # a one-line title bar: Textual's Header (icon, title, clock space)
        # cost about 45 ms of start-up here for the same line
        yield Static(self._title_bar(), id="title-bar")
        with Horizontal(id="home-body"):
            with VerticalScroll(id="lessons-box", can_focus=False) as box:
                box.border_title = text("app", "home.lessons", self.lang)
                yield LessonMenu(self._items(), id="lessons")
            with VerticalScroll(id="home-side", can_focus=False):
                yield Static("", id="lesson-summary")
                yield ExplanationPanel("home", self.lang, id="home-text")
        yield Footer()

    def _title_bar(self) -> str:
        return f"[b]{self.app.title}[/b] — {self.app.sub_title}"

    def _items(self) -> list[MenuItem]:
        items = []
        for i, lesson in enumerate(LESSONS, start=1):
            items.append(MenuItem(lesson.key, f"{i}. {lesson.title_in(self.lang)}"))
        return items

    @property
    def menu(self) -> LessonMenu:
        return self.query_one("#lessons", LessonMenu)

    def on_mount(self) -> None:
        # (Textual also calls BaseScreen.on_mount: handlers run for every class)
        self.menu.focus()
        self._show_summary(self.menu.current.key)

    def _show_summary(self, key: str) -> None:
        lesson = BY_KEY[key]
        self.query_one("#lesson-summary", Static).update(
            f"[b]{lesson.title_in(self.lang)}[/b]  [dim]{lesson.key}[/]\n{lesson.summary_in(self.lang)}")

    def on_lesson_menu_highlighted(self, event: LessonMenu.Highlighted) -> None:
        self._show_summary(event.item.key)

    def on_lesson_menu_selected(self, event: LessonMenu.Selected) -> None:
        self.app.open_lesson(event.item.key)

    def on_lang_changed(self) -> None:
        self.query_one("#title-bar", Static).update(self._title_bar())
        self.query_one("#lessons-box").border_title = text("app", "home.lessons", self.lang)
        self.menu.set_items(self._items())
        self.query_one("#home-text", ExplanationPanel).set_lang(self.lang)
        self._show_summary(self.menu.current.key)
