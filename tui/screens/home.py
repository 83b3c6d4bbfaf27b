"""The home screen: every lesson of the lecture, in order."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from tui.lessons import BY_KEY, LESSONS
from tui.screens.base import BaseScreen
from tui.widgets.explain import ExplanationPanel


class LessonList(OptionList):
    """An OptionList that ignores PgUp/PgDn before it has been laid out:
    Textual's raises KeyError then (found by the monkey test: a terminal
    too small from the start hides the list before its first layout)."""

    def _move_page(self, direction) -> None:
        if not getattr(self, "_lines", None):
            return
        super()._move_page(direction)


class HomeScreen(BaseScreen):
    BINDINGS = [
        Binding("enter", "open_selected", "Open", tooltip="Open the highlighted lesson", id="open", show=True),
    ]

    def compose(self) -> ComposeResult:
        yield self.compose_notice()
        yield Header()
        with Horizontal(id="home-body"):
            lessons = LessonList(*self._options(), id="lessons")
            lessons.border_title = "Lessons"
            yield lessons
            with VerticalScroll(id="home-side"):
                yield Static("", id="lesson-summary")
                yield ExplanationPanel("home", self.lang, id="home-text")
        yield Footer()

    def _options(self) -> list[Option]:
        options = []
        for i, lesson in enumerate(LESSONS, start=1):
            mark = "" if lesson.built else (" · 준비 중" if self.lang == "ko" else " · coming")
            options.append(Option(f"{i}. {lesson.title_in(self.lang)}{mark}", id=lesson.key,
                                  disabled=not lesson.built))
        return options

    def on_mount(self) -> None:
        # (Textual also calls BaseScreen.on_mount: handlers run for every class)
        self.query_one("#lessons", OptionList).focus()
        self._show_summary("fold")

    def _show_summary(self, key: str | None) -> None:
        if key is None:
            return
        lesson = BY_KEY[key]
        status = "" if lesson.built else ("\n[dim](준비 중)[/]" if self.lang == "ko" else "\n[dim](coming soon)[/]")
        self.query_one("#lesson-summary", Static).update(
            f"[b]{lesson.title_in(self.lang)}[/b]  [dim]{lesson.key}[/]\n{lesson.summary_in(self.lang)}{status}")

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._show_summary(event.option.id)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.app.open_lesson(event.option.id)

    def action_open_selected(self) -> None:
        ol = self.query_one("#lessons", OptionList)
        if ol.highlighted is not None:
            option = ol.get_option_at_index(ol.highlighted)
            if not option.disabled:
                self.app.open_lesson(option.id)

    def on_lang_changed(self) -> None:
        ol = self.query_one("#lessons", OptionList)
        highlighted = ol.highlighted
        ol.clear_options()
        ol.add_options(self._options())
        if highlighted is not None:
            ol.highlighted = highlighted
        self.query_one("#home-text", ExplanationPanel).set_lang(self.lang)
        if highlighted is not None:
            self._show_summary(ol.get_option_at_index(highlighted).id)
