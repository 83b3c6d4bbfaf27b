"""Snapshot tests of the motif1d lesson (animation off, blinking off). The
gradient panel needs PyTorch: those snapshots wait for it (settled() waits for
the screen's ``ready``)."""

import pytest

from apptools import make_app, settled

SIZES = [(80, 24), (120, 40)]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_motif1d_window_on_the_motif_with_gradients(snap_compare, size):
    keys = ["end"]  # the last window: over the planted motif (at 56)
    assert snap_compare(make_app("motif1d"), terminal_size=size, press=keys, run_before=settled)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_motif1d_letters_negative(snap_compare, size):
    keys = ["d", "n", "right", "right"]
    assert snap_compare(make_app("motif1d", preload_torch=False), terminal_size=size, press=keys,
                        run_before=settled)
