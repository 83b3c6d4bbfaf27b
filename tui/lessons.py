"""The lessons of the lecture, in order: the one place a lesson is registered.

A lesson is one descriptor here and four files of the same name:

    models/KEY.py (or models/KEY/)     its maths, and ``CLAIMS``: the lecture's
                                       statements it checks by computing them
    tui/scenes/KEY.py                  its picture as styled text runs;
                                       ``parse_state`` (its state options
                                       checked) and ``draw``: what ``nn-explorer
                                       render`` prints and ``e`` exports
    tui/screens/KEY.py                 its keys and state: ``SCREEN``, the
                                       Textual screen class
    assets/lessons/{en,ko}/KEY.md      the explanation panel's words
    assets/words/KEY.toml              every other word it shows, en and ko
                                       side by side (tui/words.py)

The descriptor names the lesson (its title and summary are ``[lesson.title]``
and ``[lesson.summary]`` of its words file) and says which state options
``render LESSON`` and ``nn-explorer LESSON`` accept (``--step``, ``--dataset``,
``--width``, ``-o KEY=VALUE``; what each does is ``[options.KEY]`` there);
everything else is found by the key, imported the first time it is needed.
This module is imported at start-up by the app and the CLI: no Textual, no
numpy, no torch here.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from assets import ROOT as ASSETS


#: the state options every lesson may take as flags of their own (``--step N``); the
#: rest are ``-o NAME=VALUE``
FLAGS = ("step", "dataset", "width")
FLAG_VALUES = {"step": "N", "dataset": "D", "width": "W"}


@dataclass(frozen=True)
class Option:
    """A state option of a lesson: ``--step N``, ``--dataset D``, ``--width
    W`` (``flag``) or ``-o NAME=VALUE``; ``render LESSON`` and ``nn-explorer
    LESSON`` take the same ones, checked by the lesson's ``parse_state``
    (tui/scenes/KEY.py). What it does is ``[options.NAME]`` of the lesson's
    words (en and ko)."""

    lesson: str
    name: str

    @property
    def flag(self) -> bool:
        return self.name in FLAGS

    @property
    def spelling(self) -> str:
        """How it is written on the command line: ``--step N``, ``-o lr=…``."""
        return f"--{self.name} {FLAG_VALUES[self.name]}" if self.flag else f"-o {self.name}=…"

    def help_in(self, lang: str) -> str:
        from tui.words import text

        return text(self.lesson, f"options.{self.name}", lang)

    @property
    def help(self) -> str:
        return self.help_in("en")


@dataclass(frozen=True)
class Lesson:
    key: str
    #: the ``-o NAME=VALUE`` options
    options: tuple[Option, ...] = ()
    #: the flags of FLAGS it takes (step, dataset, width)
    flags: tuple[Option, ...] = ()

    @property
    def state_options(self) -> tuple[Option, ...]:
        """Every state option, flags first: what the help overlay and README list."""
        return self.flags + self.options

    def title_in(self, lang: str) -> str:
        from tui.words import text

        return text(self.key, "lesson.title", lang)

    def summary_in(self, lang: str) -> str:
        from tui.words import text

        return text(self.key, "lesson.summary", lang)

    @property
    def title(self) -> str:
        return self.title_in("en")

    @property
    def title_ko(self) -> str:
        return self.title_in("ko")

    @property
    def summary(self) -> str:
        return self.summary_in("en")

    @property
    def summary_ko(self) -> str:
        return self.summary_in("ko")

    @property
    def option_names(self) -> tuple[str, ...]:
        return tuple(option.name for option in self.options)

    # the lesson's files, found by its key and imported when first asked for
    def screen_class(self):
        """The lesson's Textual screen class (``tui.screens.KEY.SCREEN``)."""
        return importlib.import_module(f"tui.screens.{self.key}").SCREEN

    def renderer(self):
        """What ``render`` prints for the lesson: called with keyword
        arguments step, size, seed, dataset, width and options (the ``-o``
        pairs); raises RenderError for values it cannot use; returns lines
        of (text, style) runs. The state is checked once for every lesson
        (tui.state), then drawn by ``tui.scenes.KEY.draw``."""
        from functools import partial

        from tui.render import render_lesson

        return partial(render_lesson, self.key)

    def claims(self) -> list:
        """``models.KEY.CLAIMS`` (``models.KEY.claims.CLAIMS`` for a lesson
        whose models are a package): functions returning a ClaimResult."""
        module = importlib.import_module(f"models.{self.key}")
        if hasattr(module, "__path__"):  # a package: its claims have a file of their own
            module = importlib.import_module(f"models.{self.key}.claims")
        return list(module.CLAIMS)


def _lesson(key: str, flags: str, options: str) -> Lesson:
    return Lesson(key, tuple(Option(key, name) for name in options.split()),
                  tuple(Option(key, name) for name in flags.split()))


LESSONS: tuple[Lesson, ...] = (
    _lesson("fold", "step dataset width", "activation depth lr steps data lang"),
    _lesson("width", "dataset width", "seeds steps widths depths activation lang"),
    _lesson("transform", "step", "map eta lang"),
    _lesson("sharing", "step", "passes lang"),
    _lesson("hypernet", "step", "lang"),
    _lesson("motif1d", "step", "kind length k noise decoy motif index pos shift detector lang"),
    _lesson("motif2d", "", "glyph dx dy noise thick distortion shared lang"),
    _lesson("conv", "", "view steps pos n k s p d lang"),
)

BY_KEY = {lesson.key: lesson for lesson in LESSONS}


class LessonError(ValueError):
    """An unknown lesson."""


def get_lesson(key: str) -> Lesson:
    lesson = BY_KEY.get(key)
    if lesson is None:
        raise LessonError(f"unknown lesson {key!r} (lessons: {', '.join(BY_KEY)})")
    return lesson


def lesson_text(key: str, lang: str) -> str:
    """The explanation panel's Markdown for a lesson (our own words)."""
    path = ASSETS / "lessons" / lang / f"{key}.md"
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        from tui.words import text

        return text("app", "home.no_text", lang, key=key)
