"""The Fold scene (tui/scenes/fold.py): merge marks, the merge count's words,
and render's lines, computed without the app."""

from __future__ import annotations

import numpy as np
import pytest

from models import fold
from models.fold import FoldWeights
from models.fold.datasets import make_dataset
from models.fold.shipped import N_POINTS, load_pretrained
from tui.canvas import runs_to_plain
from tui.scenes import fold as scene
from tui.scenes.fold import (MAX_MARKS, MERGE_LEGEND_STYLE, MERGE_STYLE, MIXED_LEGEND_STYLE, MIXED_STYLE,
                             FoldView, merge_phrase)


def shipped_view(dataset: str = "spiral2", width: int = 2) -> FoldView:
    return FoldView(load_pretrained(dataset, width), make_dataset(dataset, N_POINTS, 0))


def test_a_mixed_merge_place_is_marked_with_its_count_where_its_points_are():
    view = shipped_view()
    last = view.n_steps - 1
    m = view.merges[last]
    assert (m.points, m.places, m.mixed_places, m.lost) == (263, 1, 1, 3)
    (g,) = m.groups
    assert g.per_class.tolist() == [260, 3]
    sc = view.scene(last)
    (mark,) = sc.marks
    assert (mark.text, mark.style) == ("!263", MIXED_STYLE)
    np.testing.assert_allclose([mark.x, mark.y], g.place, atol=1e-12)
    assert ("!N: classes mixed", MIXED_LEGEND_STYLE) in sc.legend
    assert not any(label == "N: merged" for label, _ in sc.legend)
    # the first merge comes with a ReLU; half way into the next state its mark moves with its points
    first = next(k for k, mk in enumerate(view.merges) if mk.points)
    assert view.steps[first].kind == "relu"
    assert view.scene(first - 1).marks == [] and view.status(first - 1).merges.points == 0
    assert view.scene(first, 0.5).marks == []  # on its way into the fold: not merged yet
    mid = view.scene(first + 1, 0.5)
    pts, _grid = view.points_at(first + 1, 0.5)
    big = view.merges[first].groups[0]
    assert (mid.marks[-1].x, mid.marks[-1].y) == tuple(pts[big.members[0]])
    assert mid.marks[-1].text.lstrip("!") == str(big.size)


def test_a_merge_within_one_class_is_marked_without_alarm():
    view = shipped_view("spiral2", 4)
    sc = view.scene(view.n_steps - 1)
    (mark,) = sc.marks
    assert (mark.text, mark.style) == ("122", MERGE_STYLE)
    assert ("N: merged", MERGE_LEGEND_STYLE) in sc.legend and not any("mixed" in label for label, _ in sc.legend)
    assert view.accuracy == 1.0 and view.merges[-1].lost == 0


def test_marks_show_the_largest_places_drawn_last_and_mixed_on_top():
    # identity layers: the ReLU folds the rounded points onto a few dozen places of the two edges
    rng = np.random.default_rng(0)
    X = rng.uniform(-1, 1, (400, 2))
    w = FoldWeights([(np.eye(2), np.zeros(2)), (np.eye(2), np.zeros(2))])
    data = make_dataset("xor", 400, 0)
    data = type(data)(X=np.round(X, 1), y=data.y, name="xor", n_classes=2)  # rounded: many coincide
    view = FoldView(w, data)
    m = view.merges[-1]
    assert m.places > MAX_MARKS
    marks = view.scene(view.n_steps - 1).marks
    assert len(marks) == MAX_MARKS
    shown = m.groups[:MAX_MARKS]
    key = [(g.mixed, g.size) for g in sorted(shown, key=lambda g: (g.mixed, g.size))]
    assert [(mk.style == MIXED_STYLE, int(mk.text.lstrip("!"))) for mk in marks] == key


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_merge_phrase_names_places_and_points_lost(lang):
    none = fold.Merges(())
    one_class = fold.Merges((fold.MergeGroup(np.arange(466), np.zeros(2), np.array([466, 0])),))
    mixed = fold.Merges((fold.MergeGroup(np.arange(600), np.zeros(2), np.array([420, 180])),
                         fold.MergeGroup(np.arange(391), np.ones(2), np.array([0, 391]))))
    if lang == "en":
        assert merge_phrase(none) == "merged: none"
        assert merge_phrase(one_class) == "merged: 466 pts at 1 place, none mixing classes"
        assert merge_phrase(mixed) == "merged: 991 pts at 2 places, 1 mixing classes: 180 lost for good"
    else:
        assert merge_phrase(none, "ko") == "합쳐진 점: 없음"
        assert merge_phrase(one_class, "ko") == "합쳐진 점 466개(1곳), 모두 한 클래스끼리"
        assert merge_phrase(mixed, "ko") == "합쳐진 점 991개(2곳), 클래스가 섞인 곳 1곳: 180개는 영영 틀림"
    assert merge_phrase(mixed, lang, strong=("[b]", "[/b]")).count("[b]991[/b]") == 1


def test_render_lines_header_says_what_merged_and_what_is_lost():
    view = shipped_view()
    text = runs_to_plain(scene.render_lines(view, view.n_steps - 1, (100, 30)))
    head = " ".join(text.splitlines()[:2])
    assert "merged: 263 pts at 1 place, 1 mixing classes: 3 lost for good · accuracy 98.6%" in head
    assert "!263" in text
    assert len(text.splitlines()) == 30


def test_step_labels_in_both_languages_match_the_models_labels():
    view = shipped_view("spiral2", 2)
    depth = view.weights.depth
    for step in view.steps:
        assert scene.step_label(step, depth, "en") == step.label(depth)
    ko = [scene.step_label(s, depth, "ko") for s in view.steps]
    assert ko[0] == "입력 평면" and ko[-1] == "출력층 · +b 평행 이동"
    english = ("layer", "rotate", "reflect", "scale", "translate", "fold", "input", "output")
    assert "층 1 · ReLU 접기" in ko and not any(word in label for label in ko for word in english)
