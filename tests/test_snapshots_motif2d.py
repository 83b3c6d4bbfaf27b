"""Snapshots of the motif2d screen (numpy only, no PyTorch)."""

import pytest

from apptools import make_app, settled

SIZES = [(80, 24), (120, 40)]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_motif2d_centred_c(snap_compare, size):
    assert snap_compare(make_app("motif2d", preload_torch=False), terminal_size=size, run_before=settled)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_motif2d_moved_d_without_sharing(snap_compare, size):
    keys = ["g", "s", "right", "right", "up"]
    assert snap_compare(make_app("motif2d", preload_torch=False), terminal_size=size, press=keys,
                        run_before=settled)


def test_motif2d_thick_noisy_korean(snap_compare):
    keys = ["b", "n", "L"]
    assert snap_compare(make_app("motif2d", preload_torch=False), terminal_size=(120, 40), press=keys,
                        run_before=settled)
