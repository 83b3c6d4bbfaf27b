"""Snapshots in the block and ascii charsets, and without colour, at 80x24
(the charset's line filter is applied to the screenshot as to the terminal)."""

import pytest

from apptools import make_app, settled


@pytest.mark.parametrize("charset", ["block", "ascii"])
def test_fold_output_in_charset(snap_compare, charset):
    app = make_app("fold", preload_torch=False, charset=charset)
    # the explanation panel hidden (t): its scrollbar's thumb depended on what ran before in the process
    assert snap_compare(app, terminal_size=(80, 24), press=["t"], run_before=settled)


@pytest.mark.parametrize("charset", ["braille", "ascii"])
def test_fold_circles_without_colour(snap_compare, charset):
    app = make_app("fold", preload_torch=False, charset=charset, color=False)
    assert snap_compare(app, terminal_size=(80, 24), press=["d", "d"], run_before=settled)


def test_help_overlay_in_ascii(snap_compare):
    app = make_app("fold", preload_torch=False, charset="ascii")
    assert snap_compare(app, terminal_size=(80, 24), press=["question_mark"], run_before=settled)


def test_motif2d_in_block_without_colour(snap_compare):
    app = make_app("motif2d", preload_torch=False, charset="block", color=False)
    assert snap_compare(app, terminal_size=(80, 24), run_before=settled)
