"""Snapshots of the Width lesson: before a run, and after a tiny seeded sweep
(4 seeds, 20 steps, widths 2 and 8: deterministic on the CPU)."""

import pytest

from apptools import make_app, settled, wait_for, wait_torch
from tui.screens.width import WidthScreen

SIZES = [(80, 24), (120, 40)]


@pytest.fixture(autouse=True)
def _small(monkeypatch):
    monkeypatch.setattr(WidthScreen, "default_seeds", 4)
    yield


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_width_before_a_run(snap_compare, size):
    assert snap_compare(make_app("width", preload_torch=False), terminal_size=size, run_before=settled)


async def _tiny_sweep(pilot) -> None:
    app = pilot.app
    await wait_torch(pilot, app)
    await pilot.press("w", "w", "w")  # widths 2 and 8
    await pilot.press("r")
    s = app.screen
    await wait_for(pilot, lambda: s.training is not None and not s.running, timeout=120, what="the sweep")
    await pilot.press("right")  # the second failed seed of width 2
    await settled(pilot)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_width_after_a_tiny_sweep(snap_compare, size):
    app = make_app("width", train_steps=40)
    assert snap_compare(app, terminal_size=size, run_before=_tiny_sweep)
