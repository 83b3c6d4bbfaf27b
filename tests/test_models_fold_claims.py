"""Tests for models/fold/claims.py: the Fold lesson's statements, checked by computation."""

from __future__ import annotations

import re

import numpy as np
import pytest

from models import fold
from models.claims import ClaimResult, run_claims
from models.fold import FoldWeights
from models.fold import claims
from models.fold import shipped as pt
from models.fold.claims import CLAIMS
from models.fold.network import FoldConfig, make_net, to_weights
from models.fold.weights_file import WeightsError


def needs_shipped(fn):
    """Skip (at run time, so files written after collection count) unless the
    width-2 spiral2 and circles networks the claims rely on are shipped."""
    import functools

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        missing = [pt.pretrained_path(n, 2).name for n in ("spiral2", "circles")
                   if not pt.pretrained_path(n, 2).exists()]
        if missing:
            pytest.skip(f"shipped weights not generated yet: {', '.join(missing)} "
                        f"(assets/weights/fold-<dataset>-w<width>.json)")
        return fn(*args, **kwargs)

    return wrapper


def fresh(width: int = 2, seed: int = 0, k: int = 2) -> FoldWeights:
    return to_weights(make_net(FoldConfig(width, pt.DEPTH, k), seed))


@pytest.fixture
def no_shipped(monkeypatch):
    """As if no weights file could be loaded."""
    def missing(name, width):
        raise WeightsError(f"fold-{name}-w{width}.json: no such weights file")
    monkeypatch.setattr(claims, "load_pretrained", missing)


@pytest.fixture
def fake_shipped(monkeypatch):
    """Two freshly initialised networks stand in for the shipped ones."""
    nets = [("circles", 2, fresh(2, 0)), ("spiral3", 3, fresh(3, 1, k=3))]
    monkeypatch.setattr(claims, "_shipped", lambda: nets)
    return nets


# ------------------------------------------------------------------ run_claims


def test_run_claims_fold_returns_one_result_per_claim(no_shipped):
    results = run_claims("fold")
    assert len(results) == len(CLAIMS) == 7
    for r in results:
        assert isinstance(r, ClaimResult)
        assert r.lesson == "fold"
        assert r.claim.strip()
        assert r.evidence.strip()
        assert isinstance(r.passed, bool)
        assert set(r.as_dict()) == {"lesson", "claim", "evidence", "passed"}
    # without any shipped network, the claims about them cannot pass
    by_fn = dict(zip([f.__name__ for f in CLAIMS], results))
    assert not by_fn["claim_relu_nonnegative"].passed
    assert not by_fn["claim_svd_recomposes"].passed
    for name in ("claim_circles_separate", "claim_spiral_separate"):
        assert not by_fn[name].passed
        assert "no such weights file" in by_fn[name].evidence
    # ... but merging is also checked on fresh networks, which do merge points
    assert by_fn["claim_merged_stay_merged"].passed
    # fresh networks lose points at mixed places, but none of them shows that a
    # merge within one class costs nothing: that half needs the shipped ones
    mixed = by_fn["claim_mixed_merges_cost_accuracy"]
    assert not mixed.passed and "points lost" in mixed.evidence and "yet ≥ 99%: 0 networks" in mixed.evidence


# ------------------------------------------------------------------ with stand-in networks


def test_relu_nonnegative_passes_on_any_network(fake_shipped):
    r = claims.claim_relu_nonnegative()
    assert r.passed, r.evidence
    assert "2 shipped networks" in r.evidence


def test_relu_nonnegative_fails_when_relu_is_broken(fake_shipped, monkeypatch):
    real = fold.apply_substep

    def leaky(kind, x, W, b, parts=None):
        if kind == "relu":
            return np.where(x > 0, x, 0.1 * x)
        return real(kind, x, W, b, parts)

    monkeypatch.setattr(fold, "apply_substep", leaky)
    r = claims.claim_relu_nonnegative()
    assert not r.passed


def test_svd_recomposes_passes_on_any_network(fake_shipped):
    r = claims.claim_svd_recomposes()
    assert r.passed, r.evidence
    assert "affine maps" in r.evidence


def test_svd_recomposes_fails_with_a_wrong_decomposition(fake_shipped, monkeypatch):
    real = fold.svd_parts

    def off_by_one_percent(A):
        p = real(A)
        return fold.SVDParts(p.U, p.s * 1.01, p.Vt, p.n_in, p.n_out)

    monkeypatch.setattr(fold, "svd_parts", off_by_one_percent)
    assert not claims.claim_svd_recomposes().passed


def test_relu_and_svd_claims_fail_without_networks(monkeypatch):
    monkeypatch.setattr(claims, "_shipped", lambda: [])
    assert not claims.claim_relu_nonnegative().passed
    assert not claims.claim_svd_recomposes().passed


def test_merged_stay_merged_passes_on_fresh_networks(monkeypatch):
    monkeypatch.setattr(claims, "_shipped", lambda: [])
    r = claims.claim_merged_stay_merged()
    assert r.passed, r.evidence
    assert "10 networks" in r.evidence


def test_merged_stay_merged_fails_when_groups_are_wrong(monkeypatch):
    monkeypatch.setattr(claims, "_shipped", lambda: [])

    def everything_merged(states, steps, decimals=9):
        n = states[0].shape[0]
        return [np.zeros(n, dtype=int) for _ in states]

    monkeypatch.setattr(fold, "merge_groups", everything_merged)
    assert not claims.claim_merged_stay_merged().passed


def test_shipped_separate_fails_with_a_poor_network(monkeypatch):
    """A network whose output plane is constant predicts one class: about 50 %."""
    zero = FoldWeights([(np.zeros((2, 2)), np.zeros(2)) for _ in range(pt.DEPTH + 1)])
    monkeypatch.setattr(claims, "load_pretrained", lambda name, width: zero)
    for fn in (claims.claim_circles_separate, claims.claim_spiral_separate):
        r = fn()
        assert not r.passed
        assert "50.0%" in r.evidence


def test_shipped_separate_fails_when_files_are_missing(no_shipped):
    r = claims.claim_circles_separate()
    assert not r.passed and "circles" in r.evidence
    r = claims.claim_spiral_separate()
    assert not r.passed and "spiral2" in r.evidence


def test_shipped_separate_passes_with_a_perfect_stand_in(monkeypatch):
    """Monkeypatch make_dataset to linearly separable data and hand over a network
    that separates it: the claim's arithmetic then gives 100 %."""
    from models.fold.datasets import Dataset

    rng = np.random.default_rng(0)
    X = rng.uniform(-1, 1, (400, 2)).astype(np.float32)
    X = X[np.abs(X[:, 0]) > 0.05]
    y = (X[:, 0] > 0).astype(np.int64)
    monkeypatch.setattr(claims, "make_dataset", lambda name, n, seed: Dataset(name, X, y, 2))
    # hidden: relu(x0), relu(-x0) carried through identity layers; output: (relu(-x0), relu(x0))
    first = (np.array([[1.0, 0.0], [-1.0, 0.0]]), np.zeros(2))
    ident = (np.eye(2), np.zeros(2))
    swap = (np.array([[0.0, 1.0], [1.0, 0.0]]), np.zeros(2))
    w = FoldWeights([first, ident, ident, ident, swap])
    monkeypatch.setattr(claims, "load_pretrained", lambda name, width: w)
    for fn in (claims.claim_circles_separate, claims.claim_spiral_separate):
        r = fn()
        assert r.passed, r.evidence
        assert "100.0%" in r.evidence


# ------------------------------------------------------------------ with the real shipped files


@needs_shipped
@pytest.mark.parametrize("fn", [f for f in CLAIMS if f.__name__ != "claim_spiral_separate"],
                         ids=lambda f: f.__name__)
def test_each_claim_passes_with_shipped_weights(fn):
    r = fn()
    assert r.lesson == "fold"
    assert r.passed, r.evidence


@needs_shipped
def test_spiral_claim_reports_what_it_measured():
    """The spiral claim passes exactly when the shipped width-2 network reaches
    99 %, and says what it measured either way."""
    import re

    r = claims.claim_spiral_separate()
    m = re.search(r"spiral2, width 2: ([0-9.]+)% of 1000 points", r.evidence)
    assert m, r.evidence
    assert r.passed == (float(m.group(1)) >= 99.0)
    assert "width 3:" in r.evidence


@needs_shipped
def test_mixed_merge_claim_on_the_shipped_networks():
    r = claims.claim_mixed_merges_cost_accuracy()
    assert r.passed, r.evidence
    assert "accuracy never above 1 - lost/N" in r.evidence


def test_mixed_merge_claim_fails_when_accuracy_beats_the_bound(fake_shipped, monkeypatch):
    """A network scored above 1 - lost/N would contradict the claim: it must fail."""
    monkeypatch.setattr(claims.fold, "accuracy", lambda *a: 1.0)
    r = claims.claim_mixed_merges_cost_accuracy()
    assert not r.passed and "closest -" in r.evidence


# ------------------------------------------------------------------ issue 12: tanh only bends


def test_circle_wrong_reads_the_centre_and_the_best_circle():
    """circle_wrong: 0 only where the centre is the disk's and one whole
    circle is the ring's; the share of the best circle otherwise."""
    n = len(claims.RING_RADII) * claims.RING_ANGLES
    perfect = np.ones((1, 1 + n), dtype=np.int64)
    perfect[0, 0] = 0
    assert claims.circle_wrong(perfect)[0] == 0.0
    centre_wrong = perfect.copy()
    centre_wrong[0, 0] = 1
    assert claims.circle_wrong(centre_wrong)[0] == 1.0
    sliver = perfect.copy()
    rings = sliver[0, 1:].reshape(len(claims.RING_RADII), claims.RING_ANGLES)
    rings[:, :41] = 0  # every circle has 41 of its points on the disk's side
    assert abs(claims.circle_wrong(sliver)[0] - 41 / claims.RING_ANGLES) < 1e-12


def test_tanh_claim_passes_and_says_what_it_measured():
    r = claims.claim_tanh_cannot_separate()
    assert r.passed, r.evidence
    m = re.search(r"tanh: 0 of (\d+) networks get a whole circle right, the closest leaves ([0-9.]+)%", r.evidence)
    assert m and int(m.group(1)) == len(claims.TANH_DEPTHS) * claims.TANH_SEEDS and float(m.group(2)) > 0
    assert "ReLU:" in r.evidence and "best training accuracy" in r.evidence


def test_tanh_claim_fails_when_a_tanh_network_gets_a_circle_right(monkeypatch):
    """The verdict comes from the measurement: a census where one tanh
    network separates a whole circle fails the claim."""
    real = claims.ring_census

    def census(activation, **kw):
        out = real(activation, depths=(2,), seeds=2, steps=20, **kw)
        if activation == "tanh":
            out["encircle"] = 1
        return out

    monkeypatch.setattr(claims, "ring_census", census)
    assert not claims.claim_tanh_cannot_separate().passed
