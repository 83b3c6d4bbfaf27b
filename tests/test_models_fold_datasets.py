"""Tests for models/fold/datasets.py: the seeded toy data sets in the plane."""

from __future__ import annotations

import numpy as np
import pytest

from models.fold.datasets import DATASETS, TITLES, Dataset, circles, make_dataset, moons, spiral, xor

N = 200
N_CLASSES = {"spiral2": 2, "spiral3": 3, "circles": 2, "moons": 2, "xor": 2}


def expected_len(name: str, n: int) -> int:
    if name == "spiral2":
        return (n // 2) * 2
    if name == "spiral3":
        return (n // 3) * 3
    return n


# ------------------------------------------------------------------ every data set


@pytest.mark.parametrize("name", DATASETS)
def test_same_seed_gives_identical_arrays(name):
    a = make_dataset(name, N, seed=3)
    b = make_dataset(name, N, seed=3)
    np.testing.assert_array_equal(a.X, b.X)
    np.testing.assert_array_equal(a.y, b.y)


@pytest.mark.parametrize("name", DATASETS)
def test_different_seed_gives_different_points(name):
    a = make_dataset(name, N, seed=0)
    b = make_dataset(name, N, seed=1)
    assert a.X.shape == b.X.shape
    assert not np.array_equal(a.X, b.X)


@pytest.mark.parametrize("name", DATASETS)
def test_shapes_dtypes_and_metadata(name):
    d = make_dataset(name, N, seed=0)
    assert isinstance(d, Dataset)
    n = expected_len(name, N)
    assert d.X.shape == (n, 2)
    assert d.y.shape == (n,)
    assert len(d) == n
    assert d.X.dtype == np.float32
    assert d.y.dtype == np.int64
    assert d.name == name
    assert d.n_classes == N_CLASSES[name]
    assert d.title == TITLES[name]
    assert np.all(np.isfinite(d.X))


@pytest.mark.parametrize("name", DATASETS)
def test_labels_in_range_and_every_class_present(name):
    d = make_dataset(name, N, seed=0)
    assert d.y.min() == 0
    assert d.y.max() == d.n_classes - 1
    assert set(np.unique(d.y).tolist()) == set(range(d.n_classes))


@pytest.mark.parametrize("name", DATASETS)
@pytest.mark.parametrize("seed", [0, 1, 7])
def test_points_inside_plotting_square(name, seed):
    d = make_dataset(name, 1000, seed)
    assert np.abs(d.X).max() <= 1.2


@pytest.mark.parametrize("name", ["spiral2", "spiral3", "circles", "moons"])
def test_class_balance_exact(name):
    d = make_dataset(name, 301, seed=0)
    counts = np.bincount(d.y, minlength=d.n_classes)
    assert counts.max() - counts.min() <= 1


def test_xor_class_balance_roughly_even():
    d = make_dataset("xor", 1000, seed=0)
    share = d.y.mean()
    assert 0.4 < share < 0.6


def test_title_of_unknown_name_falls_back_to_name():
    d = Dataset("mine", np.zeros((4, 2), np.float32), np.zeros(4, np.int64), 2)
    assert d.title == "mine"


# ------------------------------------------------------------------ make_dataset


def test_make_dataset_unknown_name_raises_value_error():
    with pytest.raises(ValueError, match="unknown data set"):
        make_dataset("spiral4", 100)


@pytest.mark.parametrize("n", [3, 0, -5])
def test_make_dataset_too_few_points_raises(n):
    with pytest.raises(ValueError):
        make_dataset("circles", n)


@pytest.mark.parametrize("name", DATASETS)
def test_make_dataset_accepts_four_points(name):
    d = make_dataset(name, 4, seed=0)
    assert len(d) >= 3
    assert set(np.unique(d.y).tolist()) <= set(range(d.n_classes))


def test_make_dataset_spiral_uses_course_generator_with_r0_0_2():
    d = make_dataset("spiral3", 300, seed=5)
    ref = spiral(100, 3, 5, r0=0.2)
    np.testing.assert_array_equal(d.X, ref.X)
    np.testing.assert_array_equal(d.y, ref.y)
    assert d.name == "spiral3"


@pytest.mark.parametrize("name,fn", [("circles", circles), ("moons", moons), ("xor", xor)])
def test_make_dataset_dispatches_with_seed(name, fn):
    d = make_dataset(name, 150, seed=9)
    ref = fn(150, 9)
    np.testing.assert_array_equal(d.X, ref.X)
    np.testing.assert_array_equal(d.y, ref.y)


# ------------------------------------------------------------------ spiral


@pytest.mark.parametrize("r0", [0.0, 0.2, 0.5])
@pytest.mark.parametrize("C", [2, 3])
def test_spiral_radius_is_noise_free_course_formula(r0, C):
    n = 50
    d = spiral(n, C, seed=12345, r0=r0)
    t = np.linspace(0.0, 1.0, n)
    for c in range(C):
        Xc = d.X[d.y == c].astype(np.float64)
        radius = np.hypot(Xc[:, 0], Xc[:, 1])
        np.testing.assert_allclose(radius, (1 - r0) * t + r0, rtol=0, atol=2e-7)


@pytest.mark.parametrize("r0", [0.0, 0.2])
@pytest.mark.parametrize("C", [2, 3])
def test_spiral_angle_is_course_formula_with_same_rng(r0, C):
    """angle = linspace(2πc/C, 2π(2+c)/C, N) + 0.2·randn, x = r·(sin, cos)."""
    n, seed = 40, 12345
    d = spiral(n, C, seed=seed, r0=r0)
    rng = np.random.default_rng(seed)
    for c in range(C):
        noise = 0.2 * rng.standard_normal(n)
        base = np.linspace(2 * np.pi * c / C, 2 * np.pi * (2 + c) / C, n)
        Xc = d.X[d.y == c].astype(np.float64)
        angle = np.arctan2(Xc[:, 0], Xc[:, 1])  # x = r sin(a), y = r cos(a)
        diff = np.angle(np.exp(1j * (angle - base - noise)))  # wrapped to (-π, π]
        keep = np.hypot(Xc[:, 0], Xc[:, 1]) > 1e-3  # the angle of the centre point is undefined
        assert keep.sum() >= n - 1
        assert np.abs(diff[keep]).max() < 1e-4


def test_spiral_class0_with_r0_0_starts_at_origin_and_ends_at_radius_1():
    d = spiral(30, 2, seed=1, r0=0.0)
    X0 = d.X[d.y == 0]
    assert np.all(X0[0] == 0.0)
    assert abs(np.hypot(*X0[-1].astype(np.float64)) - 1.0) < 1e-6


def test_spiral_labels_are_blocks_in_class_order():
    d = spiral(10, 3, seed=0)
    np.testing.assert_array_equal(d.y, np.repeat(np.arange(3), 10))
    assert d.name == "spiral3"
    assert d.n_classes == 3


@pytest.mark.parametrize("kwargs", [dict(n_per_class=0), dict(n_classes=1), dict(n_per_class=-3)])
def test_spiral_bad_arguments_raise(kwargs):
    with pytest.raises(ValueError):
        spiral(**kwargs)


# ------------------------------------------------------------------ circles


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_circles_inner_disk_and_outer_annulus(seed):
    d = circles(1000, seed)
    r = np.hypot(d.X[:, 0].astype(np.float64), d.X[:, 1].astype(np.float64))
    inner, outer = r[d.y == 0], r[d.y == 1]
    assert inner.max() < 0.5 + 1e-6
    assert outer.min() >= 0.7 - 1e-6
    assert outer.max() <= 1.0 + 1e-6
    # both regions are actually filled, not a thin ring
    assert inner.min() < 0.15 and inner.max() > 0.45
    assert outer.min() < 0.72 and outer.max() > 0.98


def test_circles_odd_n_splits_inner_half_down():
    d = circles(7, 0)
    assert (d.y == 0).sum() == 3
    assert (d.y == 1).sum() == 4


# ------------------------------------------------------------------ moons


def test_moons_without_noise_lie_on_two_unit_half_circles():
    d = moons(200, seed=4, noise=0.0)
    P = d.X.astype(np.float64) * 1.6 + np.array([0.5, 0.25])
    up, low = P[d.y == 0], P[d.y == 1]
    np.testing.assert_allclose(np.hypot(up[:, 0], up[:, 1]), 1.0, atol=1e-5)
    assert up[:, 1].min() >= -1e-5  # upper half
    np.testing.assert_allclose(np.hypot(low[:, 0] - 1.0, low[:, 1] - 0.5), 1.0, atol=1e-5)
    assert (low[:, 1] - 0.5).max() <= 1e-5  # lower half


def test_moons_class0_is_upper_left():
    d = moons(1000, seed=0)
    assert d.X[d.y == 0, 1].mean() > d.X[d.y == 1, 1].mean()
    assert d.X[d.y == 0, 0].mean() < d.X[d.y == 1, 0].mean()


# ------------------------------------------------------------------ xor


@pytest.mark.parametrize("seed", [0, 3])
def test_xor_labels_follow_sign_rule(seed):
    d = xor(500, seed)
    expected = (d.X[:, 0] * d.X[:, 1] < 0).astype(np.int64)
    np.testing.assert_array_equal(d.y, expected)
    # by quadrant: class 1 exactly where the signs differ
    np.testing.assert_array_equal(d.y == 1, np.sign(d.X[:, 0]) != np.sign(d.X[:, 1]))


def test_xor_points_keep_margin_from_axes():
    d = xor(1000, 0, margin=0.1)
    a = np.abs(d.X)
    assert a.min() >= 0.1 - 1e-6
    assert a.max() <= 1.0 + 1e-6
    # all four quadrants are used
    quadrants = set(zip(np.sign(d.X[:, 0]).tolist(), np.sign(d.X[:, 1]).tolist()))
    assert quadrants == {(1.0, 1.0), (1.0, -1.0), (-1.0, 1.0), (-1.0, -1.0)}
