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

The descriptor names the lesson, says what it is (titles and summaries in
English and Korean) and which state options ``render -o KEY=VALUE`` accepts;
everything else is found by the key, imported the first time it is needed.
This module is imported at start-up by the app and the CLI: no Textual, no
numpy, no torch here.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path


@dataclass(frozen=True)
class Option:
    """A state option of a lesson: ``-o NAME=VALUE`` (its values are checked
    by the lesson's ``render``)."""

    name: str
    help: str


@dataclass(frozen=True)
class Lesson:
    key: str
    title: str
    title_ko: str
    summary: str
    summary_ko: str
    options: tuple[Option, ...] = ()

    def title_in(self, lang: str) -> str:
        return self.title_ko if lang == "ko" else self.title

    def summary_in(self, lang: str) -> str:
        return self.summary_ko if lang == "ko" else self.summary

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
    Lesson("fold", "Folding the plane", "평면 접기",
           "A 2-neuron ReLU network folds the plane, layer by layer, until the classes separate.",
           "뉴런 2개짜리 ReLU 신경망이 층마다 평면을 접어, 마침내 클래스가 갈라진다.",
           _opts(("activation", "relu, leaky or tanh (not relu: a network trained from --seed)"),
                 ("depth", "hidden layers, 1 to 8 (not 4: trained from --seed)"),
                 ("lr", "learning rate of that training (default 0.01)"),
                 ("steps", "Adam steps of that training (default 2000)"),
                 ("data", "a CSV file of x,y,label rows (also --data FILE)"))),
    Lesson("width", "Width and training", "너비와 학습",
           "Why are 2-neuron layers hard to train? Hundreds of seeds, trained at once.",
           "뉴런 2개짜리 층은 왜 학습이 어려울까? 수백 개의 시드를 한꺼번에 학습해 본다.",
           _opts(("seeds", "seeds per cell (10 to 500)"), ("steps", "Adam steps per network"),
                 ("widths", "hidden widths, e.g. 2,8"), ("depths", "numbers of hidden layers, e.g. 4"),
                 ("activation", "relu, leaky or tanh"))),
    Lesson("transform", "Parameter transforms", "매개변수 변환",
           "Learn u, let the network see w = H(u): the two update rules, side by side.",
           "u를 학습하고 신경망은 w = H(u)를 본다: 두 갱신 규칙을 나란히 비교한다.",
           _opts(("map", "the map H: y, linear or curve"), ("eta", "the learning rate η"),
                 ("lang", "en or ko"))),
    Lesson("sharing", "Weight sharing", "가중치 공유",
           "One u copied into several w: gradients add up, and why zero_grad is needed.",
           "u 하나를 여러 w에 복사한다: 그래디언트가 더해지므로 zero_grad가 필요하다.",
           _opts(("passes", "backward passes piled up without zero_grad"), ("lang", "en or ko"))),
    Lesson("hypernet", "Hypernetworks", "하이퍼네트워크",
           "A network H(x, u) writes the weights of another network G(x, w).",
           "신경망 H(x, u)가 다른 신경망 G(x, w)의 가중치를 만든다."),
    Lesson("motif1d", "Motifs in sequences", "순차 데이터의 모티프",
           "A shared detector slides along a sequence; a max decides.",
           "가중치를 공유하는 검출기가 수열을 따라 미끄러지고, 최댓값이 결정한다.",
           _opts(("kind", "signal or symbols"), ("length", "sequence length"), ("k", "motif length"),
                 ("noise", "noise level"), ("decoy", "1: negatives may hold the motif backwards"),
                 ("motif", "seed of the motif"), ("index", "which sequence"), ("pos", "window position"),
                 ("shift", "move the motif by N"), ("detector", "hand or trained"))),
    Lesson("motif2d", "C or D: image motifs", "C냐 D냐: 이미지 모티프",
           "End points and corners tell C from D, wherever the letter sits.",
           "끝점과 모서리로 글자가 어디에 있든 C와 D를 구별한다.",
           _opts(("glyph", "C, D, O or L"), ("dx", "shift right"), ("dy", "shift down"),
                 ("noise", "share of pixels flipped"), ("thick", "1: thick strokes"),
                 ("distortion", "none, wide or tall"), ("shared", "0: no weight sharing"), ("lang", "en or ko"))),
    Lesson("conv", "Convolutions", "합성곱",
           "Can a network learn the templates itself? Convolution, cross-correlation, sizes.",
           "신경망이 템플릿을 스스로 배울 수 있을까? 합성곱, 교차상관, 출력 크기.",
           _opts(("view", "1 learned, 2 conv/corr, 3 output size"), ("steps", "training steps (view 1)"),
                 ("pos", "window position (view 2)"), ("n", "input size (view 3)"), ("k", "kernel size"),
                 ("s", "stride"), ("p", "padding"), ("d", "dilation"))),
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
    path = Path(str(resources.files("assets"))) / "lessons" / lang / f"{key}.md"
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        return f"*(no {lang} text for {key})*"
