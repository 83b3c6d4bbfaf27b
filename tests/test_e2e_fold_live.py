"""Issue 12 end to end in tmux: Fold trains live (the plot differs between
three captures while r trains), a --data file opens and trains, and a
shows the activation on the status line."""

from __future__ import annotations

import time

import pytest

from e2etools import need_program
from test_e2e_tmux import Tmux


@pytest.fixture
def tmux_program() -> str:
    return need_program("tmux")


def open_tmux(program: str, argv: list[str]) -> Tmux:
    """A 120×40 tmux running nn-explorer. COLUMNS and LINES are dropped first:
    in the test process they are 80 and 24, tmux's server keeps the
    environment it starts in, and the app would take them for its size."""
    import os

    saved = {k: os.environ.pop(k) for k in ("COLUMNS", "LINES") if k in os.environ}
    try:
        return Tmux(program, 120, 40, argv)
    finally:
        os.environ.update(saved)


def plot_rows(screen: str) -> str:
    """The plot's rows (the frame's top part), without the status and progress rows."""
    return "\n".join(screen.splitlines()[:24])


def test_fold_plot_moves_while_r_trains(tmux_program):
    t = open_tmux(tmux_program, ["fold", "--seed", "1"])  # r trains seed 2 (seed 1 starts dead: nothing moves)
    try:
        t.wait_for("pretrained", "Fold · width 2")
        t.send("r")  # (trains once PyTorch has loaded)
        t.wait_for("p pauses", timeout=90)
        shots = []
        for _ in range(3):
            time.sleep(0.4)
            shots.append(t.screen())
        assert all("training (seed 2, step" in s for s in shots), shots[-1]
        assert len({plot_rows(s) for s in shots}) == 3, "the plot did not change between captures"
        t.send("p")
        t.wait_for("paused (seed 2")
        t.send("Escape")
        t.wait_for("stopped (seed 2,")
    finally:
        t.close()


def test_fold_with_a_data_file_and_the_activation_key(tmux_program, tmp_path):
    path = tmp_path / "mine.csv"
    path.write_text("x,y,label\n" + "".join(f"{i % 10},{i // 10},{'ab'[(i % 10) > 4]}\n" for i in range(100)),
                    encoding="utf-8")
    t = open_tmux(tmux_program, ["fold", "--data", str(path)])
    try:
        t.wait_for("mine.csv, scaled", "class a", "class b")
        t.wait_for("trained (seed 0, 2000 steps)", timeout=120)
        t.send("a")
        t.wait_for("leaky ReLU · depth 4", timeout=30)
        t.send("a")
        screen = t.wait_for("tanh · depth 4", timeout=30)
        assert max(len(line) for line in screen.splitlines()) > 100  # drawn at 120 columns
        status = "\n".join(screen.splitlines()[-5:])
        assert "tanh" in status, status
    finally:
        t.close()
