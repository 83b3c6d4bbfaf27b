"""End to end in a real terminal: tmux runs nn-explorer at 80x24 and 120x40,
keys are sent as a person would type them, and the screen is read back with
`tmux capture-pane`. The checks are on text a user sees: titles, step names,
counts, decisions."""

from __future__ import annotations

import shlex
import subprocess
import sys
import time
from dataclasses import dataclass, field

import pytest

from e2etools import need_program
from tui.lessons import LESSONS

SIZES = [(80, 24), (120, 40)]


class Tmux:
    def __init__(self, program: str, cols: int, rows: int, argv: list[str]):
        self.socket = f"nnx-e2e-{cols}x{rows}-{time.monotonic_ns()}"
        self.tmux = [program, "-L", self.socket, "-f", "/dev/null"]
        command = " ".join(shlex.quote(a) for a in [sys.executable, "-m", "tui.cli", *argv])
        subprocess.run([*self.tmux, "new-session", "-d", "-s", "e2e", "-x", str(cols), "-y", str(rows),
                        command], check=True)
        subprocess.run([*self.tmux, "set-option", "-t", "e2e", "remain-on-exit", "on"], check=True)

    def screen(self) -> str:
        return subprocess.run([*self.tmux, "capture-pane", "-p", "-t", "e2e"], capture_output=True,
                              text=True, check=True).stdout

    def send(self, *keys: str) -> None:
        for key in keys:
            subprocess.run([*self.tmux, "send-keys", "-t", "e2e", key], check=True)
            time.sleep(0.15)

    def wait_for(self, *needles: str, timeout: float = 60) -> str:
        t0 = time.monotonic()
        while True:
            text = self.screen()
            if all(n in text for n in needles):
                return text
            if time.monotonic() - t0 > timeout:
                raise AssertionError(f"never saw {needles!r} on screen; it shows:\n{text}")
            time.sleep(0.2)

    def close(self) -> None:
        subprocess.run([*self.tmux, "kill-server"], capture_output=True)


@dataclass
class Visit:
    """Open a lesson from the home list, then press keys and read the screen."""
    key: str
    opened: tuple[str, ...]  # text on screen once the lesson has drawn
    steps: list[tuple[tuple[str, ...], tuple[str, ...]]] = field(default_factory=list)  # (keys, texts)


VISITS = [
    Visit("fold", ("Fold · width 2 · spiral, 2 classes", "output layer", "(24/24)", "acc 98.6%"), [
        (("Home",), ("input plane", "(0/24)")),
        (("Right",), ("Vᵀ rotate", "(1/24)")),
        (("S-Right",), ("ReLU fold", "(5/24)")),
        (("End",), ("(24/24)", "263 pts at 1 place")),
        (("d", "d"), ("circles", "acc 100.0%")),
        (("w",), ("width 3",)),
    ]),
    Visit("width", ("Width · circles", "widths 2,3,4,8,16"), [
        (("-", "-", "-", "-", "s", "s", "r"), ("0 of 10 seeds reached 95%", "16 █████████████████████  100%")),
        (("o",), ("Fold · width 2",)),
        (("Escape",), ("0 of 10 seeds reached 95%",)),
    ]),
    Visit("transform", ("Y branch", "η 0.05 · step 0", "SGD step on u (autograd)"), [
        (("Right", "Right"), ("step 2", "exact: H is linear")),
        (("h", "h"), ("curve", "step 0")),
        (("Right", "-"), ("η 0.025 · step 1", "rule is 1st order")),
    ]),
    Visit("sharing", ("Y branches: w1 = w2 = u1", "u.grad is empty"), [
        (("b",), ("exactly ✓",)),
        (("a", "a"), ("3 passes, no zero_grad",)),
        (("z",), ("u.grad is empty",)),
    ]),
    Visit("hypernet", ("the fit", "step 1200/1200", "34 params each")),
    Visit("motif1d", ("signal 1/16", "motif at 56", "max +4.00 at 56", "motif ✓"), [
        (("Home",), ("|Σ−w.grad| 0e+00 ✓",)),
        (("n",), ("max -1.42 at 7", "no motif ✓")),
        (("d",), ("letters 1/16",)),
    ]),
    Visit("motif2d", ("C or D: image motifs", "C (+0,+0)", "corners 0", "→ C"), [
        (("Right", "Right", "g"), ("D (+2,+0)", "corners 2", "→ D")),
        (("Down", "Down", "Down"), ("D (+2,+3)", "corners 2", "→ D")),
        (("s",), ("not shared", "→ neither")),
    ]),
    Visit("conv", ("Convolutions", "view 1"), [
        (("2",), ("cross-correlation", "view 2")),
        (("3",), ("torch conv1d returns 96",)),
        (("s",), ("returns 48",)),
    ]),
]


def open_from_home(term: Tmux, key: str) -> None:
    """Go home (Escape), then move down the list to the lesson and press Enter."""
    index = [lesson.key for lesson in LESSONS].index(key)
    term.send("Escape")
    term.wait_for("Folding the plane")
    term.send("Home", *["Down"] * index, "Enter")


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_lesson_in_a_real_terminal(size):
    program = need_program("tmux")
    visits = list(VISITS)
    assert {v.key for v in visits} == {lesson.key for lesson in LESSONS}, "every lesson needs a visit here"
    term = Tmux(program, *size, [])
    try:
        term.wait_for("Folding the plane", "Convolutions")
        for visit in visits:
            open_from_home(term, visit.key)
            term.wait_for(*visit.opened)
            for keys, texts in visit.steps:
                term.send(*keys)
                term.wait_for(*texts)
        term.send("q")
        t0 = time.monotonic()
        while "Pane is dead" not in term.screen() and time.monotonic() - t0 < 10:
            time.sleep(0.2)
    finally:
        term.close()
