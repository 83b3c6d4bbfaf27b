"""The lessons of the lecture, in order: the one place a lesson is registered.

A lesson is one descriptor here and four files of the same name:

    models/KEY.py (or models/KEY/)     its maths, and ``CLAIMS``: the lecture's
                                       statements it checks by computing them
    tui/scenes/KEY.py                  its picture as styled text runs, and
                                       ``render``: what ``nn-explorer render``
                                       prints and ``e`` exports
    tui/screens/KEY.py                 its keys and state: ``SCREEN``, the
                                       Textual screen class
    assets/lessons/{en,ko}/KEY.md      the explanation panel's words
    assets/words/KEY.toml              every other word it shows, en and ko
                                       side by side (tui/words.py)

The descriptor names the lesson (its title and summary are ``[lesson.title]``
and ``[lesson.summary]`` of its words file) and says which state options
``render -o KEY=VALUE`` accepts;
everything else is found by the key, imported the first time it is needed.
This module is imported at start-up by the app and the CLI: no Textual, no
numpy, no torch here.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from assets import ROOT as ASSETS


@dataclass(frozen=True)
class Option:
    """A state option of a lesson: ``-o NAME=VALUE`` (its values are checked
    by the lesson's ``render``)."""

    name: str
    help: str


@dataclass(frozen=True)
class Lesson:
    key: str
    options: tuple[Option, ...] = ()

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
        """``tui.scenes.KEY.render``: called with keyword arguments step,
        size, seed, dataset, width and options (the ``-o`` pairs); raises
        RenderError for values it cannot use; returns lines of (text, style)
        runs."""
        return importlib.import_module(f"tui.scenes.{self.key}").render

    def claims(self) -> list:
        """``models.KEY.CLAIMS`` (``models.KEY.claims.CLAIMS`` for a lesson
        whose models are a package): functions returning a ClaimResult."""
        module = importlib.import_module(f"models.{self.key}")
        if hasattr(module, "__path__"):  # a package: its claims have a file of their own
            module = importlib.import_module(f"models.{self.key}.claims")
        return list(module.CLAIMS)


def _opts(*pairs: tuple[str, str]) -> tuple[Option, ...]:
    return tuple(Option(name, help) for name, help in pairs)


LESSONS: tuple[Lesson, ...] = (
    Lesson("fold",
           _opts(("activation", "relu, leaky or tanh (not relu: a network trained from --seed)"),
                 ("depth", "hidden layers, 1 to 8 (not 4: trained from --seed)"),
                 ("lr", "learning rate of that training (default 0.01)"),
                 ("steps", "Adam steps of that training (default 2000)"),
                 ("data", "a CSV file of x,y,label rows (also --data FILE)"), ("lang", "en or ko"))),
    Lesson("width",
           _opts(("seeds", "seeds per cell (10 to 500)"), ("steps", "Adam steps per network"),
                 ("widths", "hidden widths, e.g. 2,8"), ("depths", "numbers of hidden layers, e.g. 4"),
                 ("activation", "relu, leaky or tanh"), ("lang", "en or ko"))),
    Lesson("transform",
           _opts(("map", "the map H: y, linear or curve"), ("eta", "the learning rate η"),
                 ("lang", "en or ko"))),
    Lesson("sharing",
           _opts(("passes", "backward passes piled up without zero_grad"), ("lang", "en or ko"))),
    Lesson("hypernet", _opts(("lang", "en or ko"))),
    Lesson("motif1d",
           _opts(("kind", "signal or symbols"), ("length", "sequence length"), ("k", "motif length"),
                 ("noise", "noise level"), ("decoy", "1: negatives may hold the motif backwards"),
                 ("motif", "seed of the motif"), ("index", "which sequence"), ("pos", "window position"),
                 ("shift", "move the motif by N"), ("detector", "hand or trained"),
                 ("lang", "en or ko"))),
    Lesson("motif2d",
           _opts(("glyph", "C, D, O or L"), ("dx", "shift right"), ("dy", "shift down"),
                 ("noise", "share of pixels flipped"), ("thick", "1: thick strokes"),
                 ("distortion", "none, wide or tall"), ("shared", "0: no weight sharing"), ("lang", "en or ko"))),
    Lesson("conv",
           _opts(("view", "1 learned, 2 conv/corr, 3 output size"), ("steps", "training steps (view 1)"),
                 ("pos", "window position (view 2)"), ("n", "input size (view 3)"), ("k", "kernel size"),
                 ("s", "stride"), ("p", "padding"), ("d", "dilation"), ("lang", "en or ko"))),
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
