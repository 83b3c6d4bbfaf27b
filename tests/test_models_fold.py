"""Tests for models/fold/__init__.py (the fold maths): SVD sub-steps, trajectories, merging, boundaries."""

from __future__ import annotations

import numpy as np
import pytest

from models import fold
from models.fold import SUBSTEP_KINDS, FoldWeights, Step


def random_weights(width: int, depth: int, k: int = 2, seed: int = 0) -> FoldWeights:
    rng = np.random.default_rng(seed)
    dims = [2] + [width] * depth + [2]
    layers = [(rng.standard_normal((o, i)), rng.standard_normal(o) * 0.3) for i, o in zip(dims[:-1], dims[1:])]
    head = (rng.standard_normal((k, 2)), rng.standard_normal(k)) if k > 2 else None
    return FoldWeights(layers, head)


def hand_net() -> FoldWeights:
    """depth 1, width 2: ReLU(x - 0.5), then the output map [[1, 2], [3, -1]] x + (0.1, 0.2)."""
    return FoldWeights([
        (np.eye(2), np.array([-0.5, -0.5])),
        (np.array([[1.0, 2.0], [3.0, -1.0]]), np.array([0.1, 0.2])),
    ])


# Points 0, 1, 2 fall in the negative quadrant after the bias: ReLU sends them to
# the origin. Points 4 and 5 land on the same spot (0, 0.5) of the y edge.
HAND_X = np.array([
    [0.1, 0.2],   # -> (0, 0)
    [0.3, 0.1],   # -> (0, 0)
    [0.2, 0.4],   # -> (0, 0)
    [1.0, 1.0],   # -> (0.5, 0.5)
    [0.2, 1.0],   # -> (0, 0.5)
    [0.1, 1.0],   # -> (0, 0.5)
    [2.0, 0.3],   # -> (1.5, 0)
])
HAND_HIDDEN = np.array([[0, 0], [0, 0], [0, 0], [0.5, 0.5], [0, 0.5], [0, 0.5], [1.5, 0]])
HAND_OUT = HAND_HIDDEN @ np.array([[1.0, 2.0], [3.0, -1.0]]).T + np.array([0.1, 0.2])


# ------------------------------------------------------------------ FoldWeights


def test_foldweights_properties():
    w = random_weights(3, 5, k=4)
    assert (w.depth, w.width, w.n_classes) == (5, 3, 4)
    w2 = random_weights(8, 2)
    assert (w2.depth, w2.width, w2.n_classes) == (2, 8, 2)
    assert w2.meta == {}


# ------------------------------------------------------------------ svd_parts


@pytest.mark.parametrize("shape", [(2, 2), (2, 3), (3, 2), (8, 8), (2, 8), (8, 2), (1, 2), (2, 1)])
@pytest.mark.parametrize("seed", range(5))
def test_svd_parts_recomposes_and_is_orthogonal(shape, seed):
    A = np.random.default_rng(seed).standard_normal(shape)
    p = fold.svd_parts(A)
    n_out, n_in = shape
    assert (p.n_out, p.n_in) == (n_out, n_in)
    assert p.U.shape == (n_out, n_out)
    assert p.Vt.shape == (n_in, n_in)
    assert p.s.shape == (min(shape),)
    assert p.sigma().shape == shape
    assert np.abs(p.U @ p.sigma() @ p.Vt - A).max() < 1e-10
    assert np.abs(p.U @ p.U.T - np.eye(n_out)).max() < 1e-10
    assert np.abs(p.Vt @ p.Vt.T - np.eye(n_in)).max() < 1e-10
    assert np.all(p.s >= 0)
    assert np.all(np.diff(p.s) <= 0)


def test_sigma_is_rectangular_diagonal():
    p = fold.svd_parts(np.array([[3.0, 0.0, 0.0], [0.0, 2.0, 0.0]]))
    np.testing.assert_allclose(p.sigma(), [[3.0, 0.0, 0.0], [0.0, 2.0, 0.0]])
    p = fold.svd_parts(np.array([[3.0, 0.0], [0.0, 2.0], [0.0, 0.0]]))
    np.testing.assert_allclose(p.sigma(), [[3.0, 0.0], [0.0, 2.0], [0.0, 0.0]])


@pytest.mark.parametrize("n", [2, 3, 8])
def test_svd_parts_square_vt_is_rotation_and_reflection_only_where_det_negative(n):
    rng = np.random.default_rng(n)
    seen_neg = seen_pos = 0
    for _ in range(40):
        A = rng.standard_normal((n, n))
        p = fold.svd_parts(A)
        assert np.linalg.det(p.Vt) == pytest.approx(1.0, abs=1e-9)
        det_u = np.linalg.det(p.U)
        if np.linalg.det(A) > 0:
            assert det_u == pytest.approx(1.0, abs=1e-9)
            seen_pos += 1
        else:
            assert det_u == pytest.approx(-1.0, abs=1e-9)
            seen_neg += 1
    assert seen_neg > 0 and seen_pos > 0


@pytest.mark.parametrize("A", [
    np.array([[1.0, 0.0], [0.0, -1.0]]),  # mirror in the x axis
    np.array([[0.0, 1.0], [1.0, 0.0]]),   # swap of the axes
    np.array([[2.0, 1.0], [1.0, -3.0]]),
])
def test_reflection_matrix_keeps_exactly_one_reflection(A):
    assert np.linalg.det(A) < 0
    p = fold.svd_parts(A)
    reflections = int(np.linalg.det(p.U) < 0) + int(np.linalg.det(p.Vt) < 0)
    assert reflections == 1
    assert np.abs(p.U @ p.sigma() @ p.Vt - A).max() < 1e-10


@pytest.mark.parametrize("shape", [(3, 2), (8, 2)])
def test_svd_parts_tall_maps_use_rotations_only(shape):
    """n_out > n_in: the columns of U beyond min(out, in) are free, so both U and
    Vᵀ can always be rotations."""
    rng = np.random.default_rng(1)
    for _ in range(30):
        p = fold.svd_parts(rng.standard_normal(shape))
        assert np.linalg.det(p.U) > 0
        assert np.linalg.det(p.Vt) > 0


@pytest.mark.parametrize("shape", [(2, 3), (2, 8)])
def test_svd_parts_wide_maps_use_rotations_only(shape):
    """n_in > n_out: the rows of Vᵀ beyond min(out, in) are free, so flipping a column
    of U together with a row of Vᵀ, then a free row of Vᵀ, makes both rotations
    without changing A. The docstring promises rotations "whenever that is possible"."""
    rng = np.random.default_rng(2)
    for _ in range(30):
        p = fold.svd_parts(rng.standard_normal(shape))
        assert np.linalg.det(p.Vt) > 0
        assert np.linalg.det(p.U) > 0


# ------------------------------------------------------------------ substeps


@pytest.mark.parametrize("width,depth", [(2, 1), (2, 4), (3, 2), (8, 3)])
def test_substeps_count_kinds_layers_and_indices(width, depth):
    w = random_weights(width, depth)
    steps = fold.substeps(w)
    assert len(steps) == 1 + 5 * depth + 4
    assert steps[0] == Step(0, 0, "input")
    assert [s.index for s in steps] == list(range(len(steps)))
    expected = []
    for layer in range(1, depth + 1):
        expected += [(layer, k) for k in SUBSTEP_KINDS]
    expected += [(depth + 1, k) for k in SUBSTEP_KINDS[:-1]]
    assert [(s.layer, s.kind) for s in steps[1:]] == expected
    assert steps[-1].kind == "translate"  # the output layer has no ReLU
    assert sum(s.kind == "relu" for s in steps) == depth


def test_substep_labels():
    w = random_weights(2, 2, seed=3)
    labels = [s.label(w.depth) for s in fold.substeps(w)]
    assert labels[0] == "input plane"
    assert labels[1].startswith("layer 1 · Vᵀ ")
    assert labels[2] == "layer 1 · Σ scale"
    assert labels[3].startswith("layer 1 · U ")
    assert labels[4] == "layer 1 · +b translate"
    assert labels[5] == "layer 1 · ReLU fold"
    assert labels[6].startswith("layer 2 · Vᵀ ")
    assert labels[11].startswith("output layer · Vᵀ ")
    assert labels[-1] == "output layer · +b translate"
    assert all("output layer" in lab for lab in labels[11:])


def test_substep_reflect_flag_and_label_for_mirror_layer():
    mirror = np.array([[1.0, 0.0], [0.0, -1.0]])
    w = FoldWeights([(mirror, np.zeros(2)), (np.eye(2), np.zeros(2))])
    steps = fold.substeps(w)
    layer1 = [s for s in steps if s.layer == 1 and s.kind in ("rotate_v", "rotate_u")]
    assert sum(s.reflect for s in layer1) == 1
    assert sum("reflect" in s.label(w.depth) for s in layer1) == 1
    assert sum("rotate" in s.label(w.depth) for s in layer1) == 1
    out = [s for s in steps if s.layer == 2 and s.kind in ("rotate_v", "rotate_u")]
    assert not any(s.reflect for s in out)  # the identity needs no reflection
    # a Step made by hand shows its flag
    assert Step(3, 1, "rotate_u", True).label(1) == "layer 1 · U reflect"
    assert Step(1, 2, "rotate_v", False).label(1) == "output layer · Vᵀ rotate"


# ------------------------------------------------------------------ apply_substep / trajectory


def test_apply_substep_each_kind():
    W = np.array([[2.0, 1.0], [0.0, -1.0], [1.0, 1.0]])  # (3, 2)
    b = np.array([1.0, -2.0, 0.5])
    p = fold.svd_parts(W)
    x = np.array([[1.0, 2.0], [-1.0, 0.5]])
    v = fold.apply_substep("rotate_v", x, W, b)
    np.testing.assert_allclose(v, x @ p.Vt.T)
    s = fold.apply_substep("scale", v, W, b)
    assert s.shape == (2, 3)
    u = fold.apply_substep("rotate_u", s, W, b)
    np.testing.assert_allclose(u, x @ W.T, atol=1e-12)
    t = fold.apply_substep("translate", u, W, b)
    np.testing.assert_allclose(t, x @ W.T + b, atol=1e-12)
    r = fold.apply_substep("relu", t, W, b)
    np.testing.assert_allclose(r, np.maximum(x @ W.T + b, 0.0), atol=1e-12)
    with pytest.raises(ValueError):
        fold.apply_substep("shear", x, W, b)


@pytest.mark.parametrize("width,depth,k", [(2, 4, 2), (3, 2, 3), (8, 3, 2)])
def test_trajectory_final_state_equals_forward(width, depth, k):
    w = random_weights(width, depth, k, seed=width)
    X = np.random.default_rng(0).uniform(-1.1, 1.1, (64, 2))
    steps = fold.substeps(w)
    states = fold.trajectory(w, X)
    assert len(states) == len(steps)
    np.testing.assert_array_equal(states[0], X)
    assert states[-1].shape == (64, 2)
    assert np.abs(states[-1] - fold.forward(w, X)).max() < 1e-10
    # after each layer's "+b", the state is that layer's affine map of its input
    x = X
    for li, (W, b) in enumerate(w.layers, start=1):
        i_t = next(i for i, s in enumerate(steps) if s.layer == li and s.kind == "translate")
        np.testing.assert_allclose(states[i_t], x @ W.T + b, atol=1e-10)
        x = np.maximum(x @ W.T + b, 0) if li <= depth else x @ W.T + b
    for step, state in zip(steps, states):
        if step.kind == "relu":
            assert state.min() >= 0.0
            assert state.shape == (64, width)


def test_relu_states_have_no_negative_values_and_fold_something():
    w = random_weights(2, 4, seed=11)
    X = np.random.default_rng(1).uniform(-1.1, 1.1, (300, 2))
    steps = fold.substeps(w)
    states = fold.trajectory(w, X)
    zeros = 0
    for k, step in enumerate(steps):
        if step.kind == "relu":
            assert (states[k] >= 0).all()
            assert not (states[k] < 0).any()
            zeros += int((states[k] == 0).sum())
            np.testing.assert_array_equal(states[k], np.maximum(states[k - 1], 0))
    assert zeros > 0


# ------------------------------------------------------------------ forward / predict / accuracy


def test_forward_on_hand_built_network():
    w = hand_net()
    np.testing.assert_allclose(fold.forward(w, HAND_X), HAND_OUT, atol=1e-12)
    np.testing.assert_allclose(HAND_OUT[0], [0.1, 0.2])
    np.testing.assert_allclose(HAND_OUT[3], [1.6, 1.2])
    np.testing.assert_allclose(HAND_OUT[6], [1.6, 4.7])


def test_class_scores_identity_for_two_classes_and_head_for_three():
    w = hand_net()
    Y = np.array([[1.0, 2.0], [-3.0, 0.5]])
    np.testing.assert_array_equal(fold.class_scores(w, Y), Y)
    head = (np.array([[1.0, 0.0], [0.0, 1.0], [-1.0, -1.0]]), np.array([0.0, 0.0, 0.5]))
    w3 = FoldWeights(w.layers, head)
    np.testing.assert_allclose(fold.class_scores(w3, Y), [[1.0, 2.0, -2.5], [-3.0, 0.5, 3.0]])


def test_predict_and_accuracy_on_hand_built_network():
    w = hand_net()
    # outputs: (0.1,0.2)x3 -> 1, (1.6,1.2) -> 0, (1.1,-0.3)x2 -> 0, (1.6,4.7) -> 1
    np.testing.assert_array_equal(fold.predict(w, HAND_X), [1, 1, 1, 0, 0, 0, 1])
    y = np.array([1, 1, 1, 0, 0, 0, 1])
    assert fold.accuracy(w, HAND_X, y) == 1.0
    y_bad = np.array([0, 1, 1, 0, 1, 0, 0])
    assert fold.accuracy(w, HAND_X, y_bad) == pytest.approx(4 / 7)
    assert isinstance(fold.accuracy(w, HAND_X, y), float)


def test_predict_with_three_class_head():
    head = (np.array([[1.0, 0.0], [0.0, 1.0], [-1.0, -1.0]]), np.zeros(3))
    w = FoldWeights([(np.eye(2), np.zeros(2)), (np.eye(2), np.zeros(2))], head)
    X = np.array([[2.0, 1.0], [1.0, 3.0], [-1.0, -1.0]])  # hidden ReLU -> (2,1), (1,3), (0,0)
    # scores: (2,1,-3) -> 0; (1,3,-4) -> 1; (0,0,0) -> 0 (first of a tie)
    np.testing.assert_array_equal(fold.predict(w, X), [0, 1, 0])
    w_neg = FoldWeights([(np.eye(2), np.zeros(2)), (-np.eye(2), np.zeros(2))], head)
    # output plane = -relu(x): (-2,-1), (-1,-3), (0,0) -> class 2 wins the first two
    np.testing.assert_array_equal(fold.predict(w_neg, X), [2, 2, 0])


# ------------------------------------------------------------------ interpolate


def test_interpolate_endpoints_and_midpoint_same_dims():
    rng = np.random.default_rng(0)
    a, b = rng.standard_normal((5, 2)), rng.standard_normal((5, 2))
    np.testing.assert_array_equal(fold.interpolate(a, b, 0.0), a)
    np.testing.assert_array_equal(fold.interpolate(a, b, 1.0), b)
    np.testing.assert_allclose(fold.interpolate(a, b, 0.25), 0.75 * a + 0.25 * b)


def test_interpolate_pads_lower_dimensional_state_with_zeros():
    a = np.array([[1.0, 2.0], [3.0, 4.0]])
    b = np.array([[5.0, 6.0, 7.0], [8.0, 9.0, 10.0]])
    r0 = fold.interpolate(a, b, 0.0)
    assert r0.shape == (2, 3)
    np.testing.assert_array_equal(r0, [[1.0, 2.0, 0.0], [3.0, 4.0, 0.0]])
    np.testing.assert_array_equal(fold.interpolate(a, b, 1.0), b)
    np.testing.assert_allclose(fold.interpolate(a, b, 0.5), [[3.0, 4.0, 3.5], [5.5, 6.5, 5.0]])
    # and the other way round: from 3-D down to 2-D
    r = fold.interpolate(b, a, 1.0)
    np.testing.assert_array_equal(r, [[1.0, 2.0, 0.0], [3.0, 4.0, 0.0]])
    # inputs are not modified
    assert a.shape == (2, 2)


# ------------------------------------------------------------------ merge_groups / merged_count


def test_merge_groups_hand_network_collapses_negative_quadrant():
    w = hand_net()
    steps = fold.substeps(w)
    states = fold.trajectory(w, HAND_X)
    np.testing.assert_allclose(states[5], HAND_HIDDEN, atol=1e-12)
    labels = fold.merge_groups(states, steps)
    assert len(labels) == len(steps) == 10
    relu_at = next(i for i, s in enumerate(steps) if s.kind == "relu")
    assert relu_at == 5
    for k in range(relu_at):
        assert len(np.unique(labels[k])) == 7  # nothing merged before the ReLU
        assert fold.merged_count(labels[k]) == (0, 0)
    for k in range(relu_at, len(steps)):
        lab = labels[k]
        assert lab[0] == lab[1] == lab[2]  # all sent to the origin
        assert lab[4] == lab[5]  # both sent to (0, 0.5)
        assert lab[4] != lab[0]
        assert len({lab[0], lab[3], lab[4], lab[6]}) == 4
        assert fold.merged_count(lab) == (5, 2)


def test_merge_groups_is_cumulative_over_relus():
    """Points merged by a first ReLU stay one group after a second ReLU that merges others."""
    w = FoldWeights([
        (np.eye(2), np.array([-0.5, -0.5])),   # (0.1,0.1), (0.2,0.2) -> origin
        (np.eye(2), np.array([-1.0, 0.0])),    # hidden (0.6, 0.3) & (0.8, 0.3) -> (0, 0.3)
        (np.eye(2), np.zeros(2)),
    ])
    X = np.array([[0.1, 0.1], [0.2, 0.2], [1.1, 0.8], [1.3, 0.8], [3.0, 3.0]])
    steps = fold.substeps(w)
    labels = fold.merge_groups(fold.trajectory(w, X), steps)
    relus = [i for i, s in enumerate(steps) if s.kind == "relu"]
    first, second = labels[relus[0]], labels[relus[1]]
    assert first[0] == first[1] and first[2] != first[3]
    assert fold.merged_count(first) == (2, 1)
    assert second[0] == second[1] and second[2] == second[3]
    assert second[0] != second[2] and second[4] not in (second[0], second[2])
    assert fold.merged_count(second) == (4, 2)
    assert fold.merged_count(labels[-1]) == (4, 2)


def test_merge_groups_monotone_and_merged_points_stay_together():
    from models.fold.datasets import make_dataset

    X = make_dataset("circles", 200, 0).X
    total_merged = 0
    for seed in range(4):
        w = random_weights(2, 4, seed=seed)
        steps = fold.substeps(w)
        states = fold.trajectory(w, X)
        labels = fold.merge_groups(states, steps)
        assert len(labels) == len(states)
        np.testing.assert_array_equal(labels[0], np.arange(len(X)))
        for k in range(1, len(labels)):
            prev, cur = labels[k - 1], labels[k]
            assert len(np.unique(cur)) <= len(np.unique(prev))
            # every group of the previous step lies inside one group of this step
            for g in np.unique(prev):
                assert len(np.unique(cur[prev == g])) == 1
            if steps[k].kind != "relu":
                np.testing.assert_array_equal(cur, prev)
            # the points of a group are at one place from then on
            for g in np.unique(cur):
                members = np.flatnonzero(cur == g)
                if len(members) > 1 and steps[k].kind == "relu":
                    for later in states[k:]:
                        assert np.abs(later[members] - later[members[0]]).max() <= 1e-9
        total_merged += fold.merged_count(labels[-1])[0]
    assert total_merged > 0  # the test would be vacuous otherwise


def test_merged_count():
    assert fold.merged_count(np.array([0, 1, 2, 3])) == (0, 0)
    assert fold.merged_count(np.array([5, 5, 5, 1, 2, 2, 7])) == (5, 2)
    assert fold.merged_count(np.array([4, 4, 4, 4])) == (4, 1)


# ------------------------------------------------------------------ merges: places, classes, points lost

HAND_Y = np.array([0, 0, 1, 1, 1, 1, 0])  # the origin holds classes 0, 0, 1; (0, 0.5) holds 1, 1


def test_merges_hand_network_counts_places_classes_and_points_lost():
    w = hand_net()
    steps = fold.substeps(w)
    states = fold.trajectory(w, HAND_X)
    labels = fold.merge_groups(states, steps)
    before = fold.merges(labels[4], states[4], HAND_Y, 2)  # the +b step: nothing merged yet
    assert before.groups == () and (before.points, before.places, before.lost) == (0, 0, 0)
    for k in (5, len(steps) - 1):  # at the ReLU, and at the output where the groups still sit together
        m = fold.merges(labels[k], states[k], HAND_Y, 2)
        assert (m.points, m.places) == (5, 2)
        assert (m.mixed_places, m.mixed_points, m.lost) == (1, 3, 1)
        origin, edge = m.groups  # largest first
        assert origin.members.tolist() == [0, 1, 2] and edge.members.tolist() == [4, 5]
        assert origin.per_class.tolist() == [2, 1] and origin.mixed and origin.lost == 1
        assert edge.per_class.tolist() == [0, 2] and not edge.mixed and edge.lost == 0
        np.testing.assert_allclose(origin.place, states[k][0], atol=1e-12)
        np.testing.assert_allclose(edge.place, states[k][4], atol=1e-12)
    np.testing.assert_allclose(m.groups[0].place, HAND_OUT[0], atol=1e-12)
    np.testing.assert_allclose(fold.merges(labels[5], states[5], HAND_Y, 2).groups[1].place, [0, 0.5])


def test_merges_within_one_class_lose_nothing_and_three_classes_count_each():
    labels = np.array([7, 7, 7, 3, 3, 3, 3, 9])
    state = np.zeros((8, 2))
    m = fold.merges(labels, state, np.array([2, 2, 2, 0, 1, 2, 1, 0]), 3)
    assert (m.points, m.places, m.mixed_places, m.mixed_points) == (7, 2, 1, 4)
    assert m.groups[0].per_class.tolist() == [1, 2, 1] and m.groups[0].lost == 2  # 4 points, 2 of class 1 kept
    assert m.groups[1].per_class.tolist() == [0, 0, 3] and m.groups[1].lost == 0
    assert m.lost == 2
    assert fold.merges(np.arange(4), np.zeros((4, 2)), np.array([0, 1, 0, 1]), 2).points == 0


def test_points_lost_bound_the_accuracy():
    """Every later layer gives a merge place one class: accuracy <= 1 - lost / N."""
    from models.fold.datasets import make_dataset

    data = make_dataset("circles", 300, 0)
    seen_lost = 0
    for seed in range(12):
        w = random_weights(2, 4, seed=seed)
        steps = fold.substeps(w)
        states = fold.trajectory(w, data.X)
        labels = fold.merge_groups(states, steps)
        m = fold.merges(labels[-1], states[-1], data.y, 2)
        assert fold.accuracy(w, data.X, data.y) <= 1 - m.lost / len(data.y) + 1e-12
        assert m.mixed_points >= m.lost
        seen_lost += m.lost
    assert seen_lost > 0  # some of these networks do lose points: the bound was tested


# ------------------------------------------------------------------ grid_lines


def test_grid_lines_default_shape_and_extent():
    g = fold.grid_lines()
    assert g.shape == (2 * 12 * 120, 2)
    assert g.min() == pytest.approx(-1.1)
    assert g.max() == pytest.approx(1.1)
    ticks = np.linspace(-1.1, 1.1, 12)
    half = 12 * 120
    vertical, horizontal = g[:half], g[half:]
    assert set(np.round(vertical[:, 0], 12)) == set(np.round(ticks, 12))  # x on a tick: vertical lines
    assert set(np.round(horizontal[:, 1], 12)) == set(np.round(ticks, 12))
    np.testing.assert_array_equal(horizontal, vertical[:, ::-1])
    assert len(np.unique(vertical[:, 1])) == 120


def test_grid_lines_custom_arguments():
    g = fold.grid_lines(-2.0, 3.0, n_lines=4, samples=7)
    assert g.shape == (2 * 4 * 7, 2)
    assert g.min() == -2.0 and g.max() == 3.0
    first_line = g[:7]
    assert np.all(first_line[:, 0] == -2.0)
    np.testing.assert_allclose(first_line[:, 1], np.linspace(-2.0, 3.0, 7))


# ------------------------------------------------------------------ decision_boundary


def test_decision_boundary_two_classes_lies_on_diagonal():
    w = hand_net()
    nx = ny = 101
    bounds = (-1.0, 1.0, -1.0, 1.0)
    P = fold.decision_boundary(w, bounds, nx, ny)
    assert P.ndim == 2 and P.shape[1] == 2
    spacing = 2.0 / (nx - 1)
    assert len(P) >= nx - 1
    assert np.abs(P[:, 0] - P[:, 1]).max() <= spacing + 1e-12
    assert P.min() >= -1.0 and P.max() <= 1.0
    # the boundary runs across the whole square
    assert P[:, 0].min() < -0.9 and P[:, 0].max() > 0.9


def test_decision_boundary_three_class_head_marks_class_changes():
    head = (np.array([[1.0, 0.0], [0.0, 1.0], [-1.0, -1.0]]), np.zeros(3))
    w = FoldWeights([(np.eye(2), np.zeros(2)), (np.eye(2), np.zeros(2))], head)
    nx, ny = 41, 31
    bounds = (-1.0, 1.0, -0.5, 1.5)
    P = fold.decision_boundary(w, bounds, nx, ny)
    assert len(P) > 0
    dx, dy = 2.0 / (nx - 1), 2.0 / (ny - 1)
    cls = lambda pts: fold.class_scores(w, pts).argmax(1)  # noqa: E731
    c = cls(P)
    left = cls(P - [dx, 0.0])
    down = cls(P - [0.0, dy])
    ok_left = (c != left) & (P[:, 0] - dx >= -1.0 - 1e-9)
    ok_down = (c != down) & (P[:, 1] - dy >= -0.5 - 1e-9)
    assert np.all(ok_left | ok_down)
    # the boundaries of all three regions are found
    sides = np.concatenate([c, left[ok_left], down[ok_down]])
    assert set(np.unique(sides).tolist()) == {0, 1, 2}


def test_decision_boundary_empty_when_one_class_everywhere():
    head = (np.zeros((3, 2)), np.array([0.0, 5.0, 0.0]))
    w = FoldWeights([(np.eye(2), np.zeros(2)), (np.eye(2), np.zeros(2))], head)
    P = fold.decision_boundary(w, (-1.0, 1.0, -1.0, 1.0), 20, 20)
    assert P.shape == (0, 2)


@pytest.mark.parametrize("width", [3, 8])
def test_substeps_wide_output_layer_shows_no_needless_reflection(width):
    for seed in range(10):
        w = random_weights(width, 2, seed=seed)
        out = [s for s in fold.substeps(w) if s.layer == w.depth + 1 and s.kind in ("rotate_v", "rotate_u")]
        assert not any(s.reflect for s in out)
