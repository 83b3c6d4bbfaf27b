"""Pilot tests: drive the motif1d lesson by its keys; render and CLI."""

from __future__ import annotations

import asyncio
import subprocess
import sys

import numpy as np
import pytest

from apptools import make_app, status_text, wait_for, wait_torch
from tui.cli import main
from tui.screens.help import HelpScreen
from tui.screens.motif1d import Motif1dScreen


def braille(text: str) -> int:
    return sum(0x2801 <= ord(c) <= 0x28FF for c in text)


def info_text(screen) -> str:
    return str(screen.query_one("#info").render())


async def test_opens_without_torch_and_slides_the_window():
    app = make_app("motif1d", preload_torch=False)
    async with app.run_test(size=(100, 34)) as pilot:
        await pilot.pause()
        s = app.screen
        assert isinstance(s, Motif1dScreen) and s.view is not None
        assert app.torch_status == "idle"
        assert braille(s.seq.plain_text()) > 20
        assert "waiting for PyTorch" in info_text(s)
        assert s.view.window == 0
        await pilot.press("right", "right", "right")
        assert s.view.window == 3 and "window 3" in s.seq.border_title
        assert "s3 = " in s.scores.border_title
        await pilot.press("left")
        assert s.view.window == 2
        await pilot.press("end")
        assert s.view.window == s.view.n_positions - 1
        await pilot.press("right")  # past the end: stays
        assert s.view.window == s.view.n_positions - 1
        await pilot.press("home", "left")
        assert s.view.window == 0
        # the score plot grows with the window
        short = braille(s.scores.plain_text())
        await pilot.press("end")
        assert braille(s.scores.plain_text()) > short
        assert "motif ✓" in status_text(s)  # the hand-made detector finds the planted motif


async def test_space_plays_to_the_end_and_pauses():
    app = make_app("motif1d", preload_torch=False, animate=True, anim_speed=1.0)
    async with app.run_test(size=(100, 34)) as pilot:
        await pilot.pause()
        s = app.screen
        await pilot.press("space")
        assert s.playing
        await wait_for(pilot, lambda: not s.playing, timeout=20, what="play to the end")
        assert s.view.window == s.view.n_positions - 1
        assert len(s.frame_times) > 5
        await pilot.press("space")  # from the end: starts again at 0
        await wait_for(pilot, lambda: s.view.window >= 3, timeout=10)
        await pilot.press("space")
        assert not s.playing
        w = s.view.window
        await pilot.pause(0.3)
        assert s.view.window == w


async def test_moving_the_motif_keeps_its_max_score():
    app = make_app("motif1d", preload_torch=False)
    async with app.run_test(size=(100, 34)) as pilot:
        await pilot.pause()
        s = app.screen
        pos, (best, where) = s.view.pos, s.view.best
        assert where == pos
        await pilot.press("shift+left", "shift+left", "shift+left")
        assert s.view.pos == pos - 3
        new_best, new_where = s.view.best
        assert new_where == pos - 3 and new_best == pytest.approx(best, abs=1e-5)
        assert "motif moved -3" in status_text(s)
        await pilot.press("n")  # a negative: nothing to move, a notice
        assert s.view.label == 0 and s.view.pos == -1
        await pilot.press("shift+right")
        assert s.view.pos == -1


async def test_data_keys_change_the_sequences():
    app = make_app("motif1d", preload_torch=False)
    async with app.run_test(size=(100, 34)) as pilot:
        await pilot.pause()
        s = app.screen
        first = s.view.x.copy()
        await pilot.press("n")
        assert s.view.index == 1 and not np.array_equal(s.view.x, first)
        await pilot.press("m")
        assert s.cfg.motif_seed == 1 and "new motif" in status_text(s)
        await pilot.press("s")
        assert s.cfg.seed == 1
        await pilot.press("d")
        assert s.cfg.kind == "symbols" and s.view.x.shape == (4, 40)
        assert "letters" in s.seq.border_title
        text = s.seq.plain_text()
        assert all(f"    {ch} " in text for ch in "ACGT")  # the one-hot roll, a row per letter
        await pilot.press("d")
        assert s.cfg.kind == "signal"
        await pilot.press("c")  # no training plots yet: a notice, no crash
        assert not s.query("#trainplot")


async def test_gradient_panel_copies_sum_and_zero_grad_pile_up():
    app = make_app("motif1d")
    async with app.run_test(size=(100, 34)) as pilot:
        await wait_torch(pilot, app)
        await pilot.pause()
        s = app.screen
        await pilot.press("right")
        text = info_text(s)
        assert "5 copies" in text and "w.grad" in text and "✓" in text and "only copy" in text
        await pilot.press("p")
        assert s.pool == "softmax" and "every copy gets a share" in info_text(s)
        await pilot.press("z")
        assert not s.zero_grad and "zero_grad off" in status_text(s)
        await pilot.press("right", "right", "right")
        assert len(s.acc_windows) == 4
        assert "w.grad after 4 backwards" in info_text(s)
        await pilot.press("z")
        assert s.zero_grad and s.acc_windows == [] and "backwards" not in info_text(s)


async def test_train_then_without_zero_grad_then_cancel(monkeypatch):
    import tui.screens.motif1d as screen_module

    app = make_app("motif1d", train_steps=60)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_torch(pilot, app)
        s = app.screen
        hand = s.view.detector
        await pilot.press("r")
        await wait_for(pilot, lambda: s.view.detector is not hand, timeout=60, what="training")
        assert s.view.detector_name == "learned" and "learned (60 SGD steps" in status_text(s)
        plot = s.query_one("#trainplot")
        assert plot.display and list(plot.curves) == ["zero_grad"] and len(plot.curves["zero_grad"]) == 60
        assert "held-out" in plot.border_title
        assert not s.query_one("#progress-row").display
        await pilot.press("c")
        assert not plot.display
        await pilot.press("c")
        # without zero_grad: both runs, both curves; the piled-up detector is shown
        learned = s.view.detector
        await pilot.press("z", "r")
        await wait_for(pilot, lambda: s.view.detector is not learned, timeout=60, what="second training")
        assert set(plot.curves) == {"zero_grad", "no zero_grad"}
        assert s.view.detector_name == "learned, no zero_grad"
        assert "with zero_grad" in plot.border_title
        # a long run, cancelled with Esc: the detector before it is kept
        monkeypatch.setattr(screen_module, "TRAIN_STEPS", 10**6)
        app.settings.train_steps = 10**6
        kept = s.view.detector
        await pilot.press("r")
        await wait_for(pilot, lambda: s.training is not None and s.training.is_running)
        await pilot.pause(0.3)
        await pilot.press("escape")
        await wait_for(pilot, lambda: not s.training.is_running, what="cancel")
        await pilot.pause()
        assert s.view.detector is kept and isinstance(app.screen, Motif1dScreen)
        assert not s.query_one("#progress-row").display


async def test_help_lists_every_key_and_korean_text():
    app = make_app("motif1d", preload_torch=False)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = str(app.screen.query_one("#help-text").render())
        for b in Motif1dScreen.BINDINGS:
            assert f"{b.description}: {b.tooltip}" in text, b
        await pilot.press("escape")
        await pilot.pause()
        s = app.screen
        await pilot.press("L")
        panel = s.query_one("#explain")
        await wait_for(pilot, lambda: panel.filled, what="panel")
        assert "모티프" in panel.markdown_source() and "zero_grad" in panel.markdown_source()


@pytest.mark.parametrize("size", [(80, 24), (60, 16), (250, 70)])
async def test_sizes_do_not_crash(size):
    app = make_app("motif1d", preload_torch=False)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        s = app.screen
        await pilot.press("right", "d", "right", "end")
        await pilot.pause()
        assert s.view.window == s.view.n_positions - 1


def test_screen_module_does_not_import_torch():
    code = ("import sys, asyncio\n"
            "from tui.app import NNExplorer, Settings\n"
            "async def main():\n"
            "    app = NNExplorer('motif1d', Settings(preload_torch=False))\n"
            "    async with app.run_test(size=(100, 30)) as pilot:\n"
            "        await pilot.pause()\n"
            "        await pilot.press('right', 'n', 'd', 'end')\n"
            "        assert app.screen.view is not None\n"
            "print('torch' in sys.modules)\n"
            "asyncio.run(main())\n"
            "print('torch' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.stdout.split() == ["False", "False"], out.stderr


# ------------------------------------------------------------------- CLI


def test_render_plain_text(capsys):
    assert main(["render", "motif1d", "--no-color", "--size", "80x24", "--step", "20"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 24 and all(len(line) <= 80 for line in out)
    assert out[0].startswith("signal 1/16 · positive · motif at") and "window 20" in out[0]
    assert any(line.startswith("scores (hand-made) · s20 = ") for line in out)
    assert out[-1].startswith("max ") and "motif ✓" in out[-1]
    assert braille("\n".join(out)) > 40 and "\x1b[" not in "".join(out)


def test_render_letters_and_options(capsys):
    assert main(["render", "motif1d", "--no-color", "--size", "100x30", "-o", "kind=symbols", "-o", "length=40",
                 "-o", "index=1", "-o", "motif=3", "-o", "pos=5"]) == 0
    out = capsys.readouterr().out
    assert "letters 2/16 · negative" in out and "window 5" in out
    for ch in "ACGT":
        assert f"    {ch} " in out


@pytest.mark.parametrize("argv,needle", [
    (["-o", "kind=image"], "option kind must be one of"),
    (["-o", "pos=999"], "window position 999 is out of range"),
    (["--step", "-2"], "out of range"),
    (["-o", "length=x"], "option length must be a whole number"),
    (["-o", "length=5"], "length must be between"),
    (["-o", "noise=loud"], "option noise must be a number"),
    (["-o", "noise=9"], "noise must be between"),
    (["-o", "index=40"], "option index must be between"),
    (["-o", "decoy=maybe"], "option decoy"),
    (["-o", "detector=magic"], "option detector"),
    (["-o", "colour=red"], "unknown option colour"),
    (["--dataset", "spiral2"], "takes no --dataset"),
    (["--size", "80x10"], "too small"),
])
def test_render_bad_options_one_line_exit_2(capsys, argv, needle):
    code = main(["render", "motif1d", *argv])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and len(err) == 1 and err[0].startswith("nn-explorer: ") and needle in err[0], err


def test_render_equals_what_the_screen_draws(capsys):
    """`render` and the screen draw the same sequence and score plot for the same state."""
    from tui.canvas import runs_to_plain
    from tui.scenes.motif1d import render_runs_for, score_runs

    assert main(["render", "motif1d", "--no-color", "--size", "90x30", "-o", "pos=23", "-o", "index=2",
                 "-o", "shift=-2"]) == 0
    cli = capsys.readouterr().out.splitlines()

    async def screen_parts():
        app = make_app("motif1d", preload_torch=False)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            s = app.screen
            await pilot.press("n", "n", "shift+left", "shift+left", "home", *["right"] * 23)
            await pilot.pause()
            sc_w, sc_h = s.scores.size
            view = s.view
            return (s.seq.plain_text(), s.scores.plain_text(), runs_to_plain(score_runs(view, sc_w, sc_h)),
                    runs_to_plain(render_runs_for(view, 90, 30)))

    seq_screen, sc_screen, sc_same, rendered = asyncio.run(screen_parts())
    # the screen's score widget and the render function agree at the widget's own size
    assert sc_screen.splitlines() == [line.rstrip() for line in sc_same.splitlines()]
    # render's output is the screen's state drawn by the same functions
    assert cli == rendered.splitlines()
    assert braille(seq_screen) > 20 and "window 23" in cli[0] and "motif at" in cli[0]
