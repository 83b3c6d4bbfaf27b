"""Snapshot tests at fixed sizes (blinking cursors off, animation off, no
PyTorch status line: the pictures depend only on the shipped networks)."""

import pytest

from apptools import make_app, settled

SIZES = [(80, 24), (120, 40)]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_home(snap_compare, size):
    assert snap_compare(make_app(preload_torch=False), terminal_size=size, run_before=settled)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_fold_output(snap_compare, size):
    assert snap_compare(make_app("fold", preload_torch=False), terminal_size=size, run_before=settled)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_fold_layer1_relu(snap_compare, size):
    keys = ["home", "shift+right"]
    assert snap_compare(make_app("fold", preload_torch=False), terminal_size=size, press=keys, run_before=settled)


def test_fold_circles_width8_korean_panel(snap_compare):
    keys = ["d", "d", "w", "w", "w", "home", "right", "right", "right", "n", "L"]
    app = make_app("fold", preload_torch=False)
    assert snap_compare(app, terminal_size=(120, 40), press=keys, run_before=settled)


def test_help_overlay(snap_compare):
    assert snap_compare(make_app("fold", preload_torch=False), terminal_size=(80, 24), press=["question_mark"],
                         run_before=settled)


def test_too_small_notice(snap_compare):
    assert snap_compare(make_app("fold", preload_torch=False), terminal_size=(50, 14), run_before=settled)
