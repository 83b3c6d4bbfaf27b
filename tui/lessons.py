"""The lecture's lessons, in order. Imported by the app and by the CLI, so it
must stay light: no Textual, no numpy, no torch."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path


@dataclass(frozen=True)
class Lesson:
    key: str
    title: str
    title_ko: str
    summary: str
    summary_ko: str
    screen: str | None = None  # "module:Class" once the lesson is built

    @property
    def built(self) -> bool:
        return self.screen is not None

    def title_in(self, lang: str) -> str:
        return self.title_ko if lang == "ko" else self.title

    def summary_in(self, lang: str) -> str:
        return self.summary_ko if lang == "ko" else self.summary


LESSONS: tuple[Lesson, ...] = (
    Lesson("fold", "Folding the plane", "평면 접기",
           "A 2-neuron ReLU network folds the plane, layer by layer, until the classes separate.",
           "뉴런 2개짜리 ReLU 신경망이 층마다 평면을 접어, 마침내 클래스가 갈라진다.",
           "tui.screens.fold:FoldScreen"),
    Lesson("width", "Width and training", "너비와 학습",
           "Why are 2-neuron layers hard to train? Hundreds of seeds, trained at once.",
           "뉴런 2개짜리 층은 왜 학습이 어려울까? 수백 개의 시드를 한꺼번에 학습해 본다.",
           "tui.screens.width:WidthScreen"),
    Lesson("transform", "Parameter transforms", "매개변수 변환",
           "Learn u, let the network see w = H(u): the two update rules, side by side.",
           "u를 학습하고 신경망은 w = H(u)를 본다: 두 갱신 규칙을 나란히 비교한다.",
           "tui.screens.transform:TransformScreen"),
    Lesson("sharing", "Weight sharing", "가중치 공유",
           "One u copied into several w: gradients add up, and why zero_grad is needed.",
           "u 하나를 여러 w에 복사한다: 그래디언트가 더해지므로 zero_grad가 필요하다.",
           "tui.screens.sharing:SharingScreen"),
    Lesson("hypernet", "Hypernetworks", "하이퍼네트워크",
           "A network H(x, u) writes the weights of another network G(x, w).",
           "신경망 H(x, u)가 다른 신경망 G(x, w)의 가중치를 만든다.",
           "tui.screens.hypernet:HypernetScreen"),
    Lesson("motif1d", "Motifs in sequences", "순차 데이터의 모티프",
           "A shared detector slides along a sequence; a max decides.",
           "가중치를 공유하는 검출기가 수열을 따라 미끄러지고, 최댓값이 결정한다.",
           "tui.screens.motif1d:Motif1dScreen"),
    Lesson("motif2d", "C or D: image motifs", "C냐 D냐: 이미지 모티프",
           "End points and corners tell C from D, wherever the letter sits.",
           "끝점과 모서리로 글자가 어디에 있든 C와 D를 구별한다.",
           "tui.screens.motif2d:Motif2dScreen"),
    Lesson("conv", "Convolutions", "합성곱",
           "Can a network learn the templates itself? Convolution, cross-correlation, sizes.",
           "신경망이 템플릿을 스스로 배울 수 있을까? 합성곱, 교차상관, 출력 크기.",
           "tui.screens.conv:ConvScreen"),
)

BY_KEY = {lesson.key: lesson for lesson in LESSONS}


class LessonError(ValueError):
    """An unknown lesson, or one that is not built yet."""


def get_lesson(key: str) -> Lesson:
    lesson = BY_KEY.get(key)
    if lesson is None:
        raise LessonError(f"unknown lesson {key!r} (lessons: {', '.join(BY_KEY)})")
    if not lesson.built:
        built = ", ".join(k for k, v in BY_KEY.items() if v.built)
        raise LessonError(f"lesson {key!r} is coming but not built yet (ready: {built})")
    return lesson


def lesson_text(key: str, lang: str) -> str:
    """The explanation panel's Markdown for a lesson (our own words)."""
    path = Path(str(resources.files("assets"))) / "lessons" / lang / f"{key}.md"
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        return f"*(no {lang} text for {key})*"
