"""Tests for models/claims.py: the result type, and the runner that gathers
every lesson's claims (each lesson's own claims are tested beside its maths)."""

from __future__ import annotations

import pytest
import torch

import models.claims as claims
from models.claims import ClaimResult, run_claims
from models.fold import claims as fold_claims
from models.fold.weights_file import WeightsError


@pytest.fixture
def no_shipped(monkeypatch):
    """As if no weights file could be loaded."""
    def missing(name, width):
        raise WeightsError(f"fold-{name}-w{width}.json: no such weights file")
    monkeypatch.setattr(fold_claims, "load_pretrained", missing)


def test_fold_claims_come_from_the_fold_package_like_the_others_from_their_modules():
    assert claims.lesson_keys()[0] == "fold"
    assert claims.claims_for("fold") == fold_claims.CLAIMS


def test_run_claims_all_lessons_and_unknown_lesson(no_shipped, monkeypatch):
    assert run_claims("no-such-lesson") == []
    # every lesson's claims are gathered (other lessons' stubbed: they are tested beside their maths)
    def stub(key):
        def fn():
            return ClaimResult(key, "stub", "", True)
        return [fn]
    monkeypatch.setattr(claims, "claims_for", lambda key: fold_claims.CLAIMS if key == "fold" else stub(key))
    everything = run_claims(None)
    others = [k for k in claims.lesson_keys() if k != "fold"]
    assert len(everything) == len(fold_claims.CLAIMS) + len(others)
    assert [r.lesson for r in everything][-len(others):] == others
    assert [r.lesson for r in everything][: len(fold_claims.CLAIMS)] == ["fold"] * len(fold_claims.CLAIMS)


def test_claims_for_a_key_that_is_no_lesson_is_empty():
    assert claims.claims_for("unknown") == []


def test_run_claims_turns_a_crash_into_a_failed_result(monkeypatch):
    def boom():
        raise RuntimeError("kaput")

    monkeypatch.setattr(fold_claims, "CLAIMS", [boom])
    (r,) = run_claims("fold")
    assert r.lesson == "fold" and r.claim == "boom" and not r.passed
    assert "RuntimeError" in r.evidence and "kaput" in r.evidence


def test_run_claims_passes_device_only_to_claims_that_take_it(monkeypatch):
    got = {}

    def with_device(device: str = "cpu") -> ClaimResult:
        got["device"] = device
        return ClaimResult("fold", "d", "e", True)

    def without() -> ClaimResult:
        return ClaimResult("fold", "n", "e", True)

    monkeypatch.setattr(fold_claims, "CLAIMS", [with_device, without])
    results = run_claims("fold", device="auto")
    assert [r.claim for r in results] == ["d", "n"]
    assert got["device"] == ("cuda" if torch.cuda.is_available() else "cpu")


def test_claim_result_as_dict():
    r = ClaimResult("fold", "c", "e", False)
    assert r.as_dict() == {"lesson": "fold", "claim": "c", "evidence": "e", "passed": False}
