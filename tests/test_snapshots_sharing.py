"""Snapshots of the weight-sharing lesson."""

import pytest

from apptools import make_app, settled

SIZES = [(80, 24), (120, 40)]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_sharing_accumulated(snap_compare, size):
    app = make_app("sharing", preload_torch=False)
    assert snap_compare(app, terminal_size=size, press=["b", "a", "a"], run_before=settled)


def test_sharing_after_steps_korean(snap_compare):
    app = make_app("sharing", preload_torch=False, lang="ko")
    keys = ["b", "s", "b", "s", "b"]
    assert snap_compare(app, terminal_size=(120, 40), press=keys, run_before=settled)
