"""Snapshots of the hypernetwork lesson after a short training (tests train
120 steps: settled() waits for the training to finish)."""

import pytest

from apptools import make_app, settled

SIZES = [(80, 24), (120, 40)]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_hypernet_trained(snap_compare, size):
    app = make_app("hypernet", preload_torch=False)
    assert snap_compare(app, terminal_size=size, run_before=settled)


def test_hypernet_korean_without_lines(snap_compare):
    app = make_app("hypernet", preload_torch=False, lang="ko")
    assert snap_compare(app, terminal_size=(120, 40), press=["l"], run_before=settled)
