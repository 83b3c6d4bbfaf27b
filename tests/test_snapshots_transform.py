"""Snapshots of the w = H(u) lesson (PyTorch computes the picture: the screen
loads it itself and settled() waits for the first picture)."""

import pytest

from apptools import make_app, settled

SIZES = [(80, 24), (120, 40)]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_transform_y_branch_after_steps(snap_compare, size):
    app = make_app("transform", preload_torch=False)
    assert snap_compare(app, terminal_size=size, press=["right"] * 4, run_before=settled)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_transform_curve(snap_compare, size):
    app = make_app("transform", preload_torch=False)
    keys = ["h", "h", *["right"] * 6, "plus"]
    assert snap_compare(app, terminal_size=size, press=keys, run_before=settled)


def test_transform_linear_korean(snap_compare):
    app = make_app("transform", preload_torch=False, lang="ko")
    keys = ["h", *["right"] * 8]
    assert snap_compare(app, terminal_size=(120, 40), press=keys, run_before=settled)
