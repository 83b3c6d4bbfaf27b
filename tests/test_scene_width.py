"""The Width lesson's picture (tui.scenes.width), without Textual or PyTorch:
every line is exactly as wide as its box in terminal cells, in English and
in Korean (a Hangul syllable takes two cells), and its words are right."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from models.width import CellResult, SweepConfig
from tui.canvas import runs_to_plain, text_cells
from tui.scenes.width import LABELS, SweepState, picture, sweep_lines

ROOT = Path(__file__).resolve().parents[1]

#: chart content sizes: at 80x24 and 120x40 (explanation panel shown), with
#: the panel hidden, and a few others (side-by-side histograms from 100 wide)
SIZES = [(46, 19), (71, 35), (76, 19), (116, 35), (20, 8), (30, 10), (40, 30), (60, 14), (100, 30), (150, 45)]


def fake_cell(width: int, depth: int, seeds: int, steps: int, rng, ok: float = 0.5,
              classes: int = 2) -> CellResult:
    """A cell with made-up numbers (the scene only reads them)."""
    acc = np.where(rng.random(seeds) < ok, rng.uniform(0.95, 1.0, seeds), rng.uniform(0.5, 0.94, seeds))
    s95 = np.where(acc >= 0.95, rng.integers(0, steps, seeds), -1)
    head = (np.zeros((seeds, classes, width)), np.zeros((seeds, classes))) if classes > 2 else None
    return CellResult(width, depth, list(range(seeds)), acc, s95, rng.uniform(0, 1, seeds),
                      rng.uniform(0, 1, seeds), 0.1, head=head)


def states(lang: str) -> dict[str, tuple[SweepState, SweepConfig | None]]:
    rng = np.random.default_rng(0)
    cfg = SweepConfig(widths=(2, 3, 4, 8, 16), seeds=100, steps=1000)
    cells = [fake_cell(w, d, 100, 1000, rng, ok=min(1.0, w / 8)) for w, d in cfg.cells]
    multi = SweepConfig(dataset="spiral3", widths=(2, 4, 8), depths=(2, 4, 6), seeds=20, steps=2000)
    multi_cells = [fake_cell(w, d, 20, 2000, rng, classes=3) for w, d in multi.cells]
    return {
        "empty": (SweepState(cfg, lang=lang), None),
        "training": (SweepState(cfg, cells[:1], running=True, training={1: 0.37, 2: 0.05}, lang=lang), None),
        "done": (SweepState(cfg, cells, lang=lang), None),
        "done, next seed": (SweepState(cfg, cells, seed_index=3, lang=lang), None),
        "not foldable": (SweepState(cfg, cells, selected=4, lang=lang), None),
        "cancelled": (SweepState(cfg, cells[:2], selected=3, cancelled=True, lang=lang), None),
        "other settings": (SweepState(cfg, cells, lang=lang),
                           SweepConfig(dataset="moons", widths=(2, 4, 8), depths=(2, 4, 6), seeds=500, steps=250)),
        "three classes, depths": (SweepState(multi, multi_cells, selected=4, lang=lang), None),
    }


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_line_is_as_wide_as_the_box_in_cells(lang, size):
    w, h = size
    for name, (state, next_config) in states(lang).items():
        lines = sweep_lines(state, w, h, next_config)
        assert len(lines) == h, name
        for y, runs in enumerate(lines):
            text = "".join(t for t, _ in runs)
            assert text_cells(text) == w, f"{lang} {name} {size} line {y}: {text!r} is {text_cells(text)} cells"


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_render_picture_fits_its_size(size):
    w, h = size
    state, _ = states("en")["done"]
    lines = picture(state.config, state.cells, 0, size)
    assert len(lines) == h
    assert all(text_cells("".join(t for t, _ in runs)) <= w for runs in lines)


def test_korean_rows_keep_their_words_whole():
    """Sentences are wrapped by cells, not cut: at 80x24 the Korean empty-screen
    hint and the failed-seed line are there in full."""
    state, _ = states("ko")["empty"]
    text = runs_to_plain(sweep_lines(state, 46, 19)).replace("\n", " ")
    assert "r을 누르면 신경망 500개(5칸 × 시드 100개)를 한꺼번에 학습한다." in " ".join(text.split())
    state, _ = states("ko")["cancelled"]
    text = " ".join(runs_to_plain(sweep_lines(state, 46, 19)).split())
    assert LABELS["ko"]["cancelled"] in text


def test_the_other_settings_line_names_both_sweeps():
    state, nxt = states("en")["other settings"]
    text = " ".join(runs_to_plain(sweep_lines(state, 71, 35, nxt)).split())
    assert ("Results below: circles · widths 2,3,4,8,16 · depth 4 · 100 seeds · 1000 steps. "
            "Your settings: moons · widths 2,4,8 · depth 2,4,6 · 500 seeds · 250 steps (press r to run them).") in text
    state, nxt = states("ko")["other settings"]
    text = " ".join(runs_to_plain(sweep_lines(state, 71, 35, nxt)).split())
    assert "아래 결과: circles · 너비 2,3,4,8,16 · 깊이 4 · 시드 100개 · 1000스텝." in text
    assert "지금 설정: moons · 너비 2,4,8 · 깊이 2,4,6 · 시드 500개 · 250스텝" in text
    # the same settings: no such line
    state, _ = states("en")["done"]
    assert "Results below" not in runs_to_plain(sweep_lines(state, 71, 35, state.config))


def test_cells_in_training_say_so_and_the_others_wait():
    state, _ = states("en")["training"]
    rows = runs_to_plain(sweep_lines(state, 71, 35)).splitlines()[1:5]
    assert "%" in rows[0] and "training" not in rows[0] and "waiting" not in rows[0]  # finished
    assert "training 37%" in rows[1] and "training 5%" in rows[2] and "waiting" in rows[3]


def test_korean_words_of_the_width_lesson():
    """The course's Korean terms (issue 15): 동심원 data, 변 for an edge,
    스텝 for a training step, 학습률 (not lr), "95%" with no space."""
    md = (ROOT / "assets/lessons/ko/width.md").read_text(encoding="utf-8")
    words = md + "\n".join(LABELS["ko"].values())
    from tui.screens.width import TEXT

    words += "\n".join(v for v in TEXT["ko"].values() if isinstance(v, str))
    for wrong in ("원 데이터", "모서리", "여러분의 실행", "단계", "95 %", "lr", "최대값", "최소값"):
        assert wrong not in words, wrong
    assert "동심원(circles) 데이터" in md and "변(" in md and "학습률" in md
    assert "직접 실행하면 이 값들을 새로 계산해 보여 준다" in md
    assert "그래디언트" in md and "기울기" not in md  # the gradient, not a slope
