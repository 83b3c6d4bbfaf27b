"""Snapshots of the conv screen: the numpy views before PyTorch, at both sizes."""

import pytest

from apptools import make_app, settled

SIZES = [(80, 24), (120, 40)]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_conv_before_training(snap_compare, size):
    assert snap_compare(make_app("conv", preload_torch=False), terminal_size=size, run_before=settled)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_conv_correlation_view(snap_compare, size):
    assert snap_compare(make_app("conv", preload_torch=False), terminal_size=size, press=["2", "right", "right"],
                        run_before=settled)


async def small_shape(pilot):
    """n = 12, k = 7, s = 2, p = 1 (88 presses of N would be slow)."""
    from models.conv import ConvShape

    await settled(pilot)
    screen = pilot.app.screen
    screen.state.shape = ConvShape(n=12, k=7, s=2, p=1, d=1)
    screen.action_view(3)
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_conv_size_view(snap_compare, size):
    assert snap_compare(make_app("conv", preload_torch=False), terminal_size=size, run_before=small_shape)
