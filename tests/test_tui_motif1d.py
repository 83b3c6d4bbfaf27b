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
        assert s.view.detector_name == "learned" and "learned, 60 SGD steps" in status_text(s)
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


async def test_the_panel_turns_korean_after_the_help():
    """(That the help lists every key: test_lesson_contract's help test.)"""
    app = make_app("motif1d", preload_torch=False)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
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
            from tui import charset as cs

            with cs.using(color=False):  # as render --no-color draws it (issue 13: glyphs for motif and window)
                rendered = runs_to_plain(render_runs_for(view, 90, 30))
            return (s.seq.plain_text(), s.scores.plain_text(), runs_to_plain(score_runs(view, sc_w, sc_h)), rendered)

    seq_screen, sc_screen, sc_same, rendered = asyncio.run(screen_parts())
    # the screen's score widget and the render function agree at the widget's own size
    assert sc_screen.splitlines() == [line.rstrip() for line in sc_same.splitlines()]
    # render's output is the screen's state drawn by the same functions
    assert cli == rendered.splitlines()
    assert braille(seq_screen) > 20 and "window 23" in cli[0] and "motif at" in cli[0]


# ------------------------------------------------------------ issue 15


def _columns(line: str, glyphs: str) -> list[int]:
    return [i for i, ch in enumerate(line) if ch in glyphs]


def _score_dot_and_marks(out: list[str]):
    """(column of the score plot's ●, columns of the motif's ▔ marks, column of ╰) in render's plain text."""
    dot = [c for line in out for c in _columns(line, "●")]
    # without colour the window has a row of its own under the motif's, and the title names the glyphs (issue 13)
    marks = [line for line in out[1:] if "▔" in line or "╰" in line]
    assert len(dot) == 1 and 1 <= len(marks) <= 2, out
    return dot[0], [c for m in marks for c in _columns(m, "▔")], [c for m in marks for c in _columns(m, "╰")]


@pytest.mark.parametrize("size", ["80x24", "100x30", "120x40", "250x60"])
@pytest.mark.parametrize("kind", ["signal", "symbols"])
def test_the_score_dot_sits_at_its_window_start_like_every_label(capsys, size, kind):
    """Issue 15: the score plot drew each score under its window's centre while
    every label ("max so far … at 3", "motif at 56", "window 3") names the
    window's start: the dot sat ~4 positions right of its label. One
    convention now: position i is one column in both plots."""
    from tui.scenes.motif1d import MARGIN, Axis, area_cols

    length = 40 if kind == "symbols" else 64
    w = int(size.split("x")[0])
    axis = Axis(area_cols(w), length)
    # the window at the end: the max so far is the planted motif's own window
    assert main(["render", "motif1d", "--no-color", "--size", size, "-o", f"kind={kind}", "-o", f"length={length}"]) == 0
    out = capsys.readouterr().out.splitlines()
    motif_at = int(out[0].split("motif at ")[1].split(" ")[0])
    assert "max so far +" in out[len(out) // 2] or any(f"at {motif_at}" in line for line in out)
    dot, marks, _ = _score_dot_and_marks(out)
    assert dot == MARGIN + axis.col(motif_at) == marks[0]  # the dot on the first ▔ of the motif it names
    # the window moved to 10: the ╰ under its start, the score line ends in that column, the label says 10
    assert main(["render", "motif1d", "--no-color", "--size", size, "-o", f"kind={kind}", "-o", f"length={length}",
                 "-o", "pos=10"]) == 0
    out = capsys.readouterr().out.splitlines()
    _dot, _marks, start = _score_dot_and_marks(out)
    assert start == [MARGIN + axis.col(10)] and "window 10" in out[0]
    title = next(line for line in out if line.startswith("scores ("))
    best_at = int(title.rsplit(" at ", 1)[1])
    assert _dot == MARGIN + axis.col(best_at)


@pytest.mark.parametrize("width", [60, 80, 100, 120, 160, 250])
def test_letters_are_evenly_spaced_in_their_columns(capsys, width):
    """Issue 15: the ACGT row was unevenly spaced (positions rounded onto a
    width that is not a multiple of the length). Now every position gets the
    same whole number of columns, and the one-hot roll and the score plot's
    ticks use the same columns."""
    from tui.scenes.motif1d import MARGIN, Axis, area_cols

    assert main(["render", "motif1d", "--no-color", "--size", f"{width}x40", "-o", "kind=symbols",
                 "-o", "length=40", "-o", "pos=20"]) == 0
    out = capsys.readouterr().out.splitlines()
    axis = Axis(area_cols(width), 40)
    step = area_cols(width) // 40  # whole columns a position
    rows = [line for line in out if line[:MARGIN].strip() in ("seq", "A", "C", "G", "T")]
    if step == 0:  # narrower than one column a position: no letter row, the roll packs two a column
        assert not any(line[:MARGIN].strip() == "seq" for line in rows)
        return
    seq = next(line for line in rows if line[:MARGIN].strip() == "seq")
    cols = _columns(seq[MARGIN:], "ACGT")
    assert len(cols) == 40
    gaps = set(np.diff(cols))
    assert gaps == {step}, gaps  # evenly spaced
    assert cols == [axis.col(i) for i in range(40)]
    blocks = sorted(c for line in rows if line[:MARGIN].strip() in "ACGT" for c in _columns(line[MARGIN:], "█"))
    assert blocks == cols  # one block per letter, in its letter's column
    for line, letter in zip([r for r in rows if r[:MARGIN].strip() in "ACGT"], "ACGT"):
        assert line[:MARGIN].strip() == letter
        assert all(seq[MARGIN + c] == letter for c in _columns(line[MARGIN:], "█"))
    ticks = next(line for line in out if "└" in line and "┬" in line)
    labels = ticks and out[out.index(ticks) + 1]
    import re

    spans = [(m.start(), m.end(), int(m.group())) for m in re.finditer(r"\d+", labels)]
    for c in _columns(ticks, "┬"):
        (value,) = [v for a, b, v in spans if a <= c < b]  # the label written over the tick
        assert c - MARGIN == axis.col(value)


async def test_status_pieces_follow_the_sequence_shown():
    """Issue 15: after n the status still said "motif moved −5: max … → …" of
    the previous sequence. Every piece is now computed from what is shown."""
    app = make_app("motif1d", preload_torch=False)
    async with app.run_test(size=(100, 34)) as pilot:
        await pilot.pause()
        s = app.screen
        await pilot.press(*["shift+left"] * 5)
        assert "motif moved -5: max +4.004 → +4.004" in status_text(s)
        await pilot.press("n")
        assert "moved" not in status_text(s) and "hand-made detector" in status_text(s)
        await pilot.press("n")  # a positive again: nothing was moved in it
        assert s.view.pos >= 0 and "moved" not in status_text(s)
        await pilot.press("shift+right")
        assert "motif moved +1" in status_text(s)
        await pilot.press("m")
        assert "new motif (#1)" in status_text(s) and "moved" not in status_text(s)
        await pilot.press("n")
        assert "new motif" not in status_text(s) and "hand-made detector" in status_text(s)
        await pilot.press("s")
        assert "new sequences (seed 1)" in status_text(s)
        await pilot.press("right")  # the same sequence: the note stays
        assert "new sequences (seed 1)" in status_text(s)
        # the verdict names the truth where the ✓/✗ does not speak for itself
        while s.view.label != 0:
            await pilot.press("n")
        assert status_text(s).startswith("max ") and ("no motif ✓" in status_text(s) or "(there is none)" in status_text(s))


def test_decision_words_come_from_the_numbers_beside_them():
    from tui.scenes.motif1d import MotifView, decision_text, training_text
    from models import motif1d as M

    cfg = M.MotifConfig()
    for index in range(4):
        view = MotifView(cfg, index=index, window=10)
        s, i = view.best
        text = decision_text(view)
        assert text.startswith(f"max {s:+.2f} at {i} → p {view.probability:.2f}: ")
        assert ("no motif" in text) == (s <= 0)
        assert ("✓" in text) == ((s > 0) == (view.label == 1))
        # a detector that fires everywhere: a negative is "motif ✗ (there is none)",
        # a positive whose max is elsewhere says where the motif is
        view.set_detector(M.Detector(np.zeros_like(view.detector.w), 1.0), "learned")
        text = decision_text(view)
        if view.label == 0:
            assert text.endswith("motif ✗ (there is none)")
        else:
            assert "motif ✓" in text and (text.endswith("(on the motif)") or f"(but the motif is at {view.pos})" in text)
    # (a run's value: steps asked for, one loss per step kept; a diverged run kept fewer)
    ok = M.TrainResult(M.Detector(np.ones((1, 8), np.float32), 0.0), 300, [0.1] * 300,
                       test=M.Evaluation(0.95, 0.996, 512))
    bad = M.TrainResult(ok.detector, 300, [0.1] * 300, test=M.Evaluation(0.91, 0.004, 512))
    div = M.TrainResult(ok.detector, 300, [0.1] * 41, test=M.Evaluation(0.5, 0.0, 512))
    assert training_text(ok).endswith("max on the motif in 99.6% of held-out positives → found ✓")
    assert "in 0.4% of held-out positives" in training_text(bad) and "training failed ✗" in training_text(bad)
    assert "training diverged at step 42 ✗" in training_text(div)
    assert "찾았다 ✓" in training_text(ok, lang="ko") and "학습 실패 ✗" in training_text(bad, lang="ko")


async def test_a_failed_training_run_says_so(monkeypatch):
    """Issue 15: a run whose max landed on the motif in 0% of held-out positives
    was reported as "motif ✓". Here a run is made to fail (the moved copies
    switched off, on a motif where every random start locks to the side)."""
    import functools

    import tui.screens.motif1d as screen_module

    monkeypatch.setattr(screen_module.M, "TrainConfig", functools.partial(screen_module.M.TrainConfig, shifts=()))
    app = make_app("motif1d", train_steps=300)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_torch(pilot, app)
        s = app.screen
        await pilot.press(*["m"] * 13)  # motif #13
        assert s.cfg.motif_seed == 13
        await pilot.press("r")
        await wait_for(pilot, lambda: s.view.result is not None, timeout=60, what="training")
        res = s.view.result
        assert not res.found and res.test.position_accuracy < 0.1
        status = status_text(s)
        assert f"max on the motif in {100 * res.test.position_accuracy:.1f}% of held-out positives" in status
        assert "training failed ✗" in status and "found ✓" not in status
        assert "failed ✗" in s.query_one("#trainplot").border_title


async def test_trained_detector_is_kept_across_visits_from_the_home_list():
    """Issue 15: opened from the home list after PyTorch is ready, r trains; the
    trained detector (and its plots, and the place in the data) is there again
    after Esc → home → Enter."""
    from tui.lessons import LESSONS
    from tui.screens.home import HomeScreen

    app = make_app(None, train_steps=300)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_torch(pilot, app)
        assert isinstance(app.screen, HomeScreen)
        await pilot.press(*["down"] * [lesson.key for lesson in LESSONS].index("motif1d"), "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, Motif1dScreen) and app.screen.view is not None)
        s = app.screen
        await pilot.pause()
        assert "5 copies" in info_text(s)  # PyTorch was ready before the screen opened: the panel is filled
        await pilot.press("n", "right", "r")
        await wait_for(pilot, lambda: s.view.result is not None, timeout=60, what="training")
        learned, status, title = s.view.detector, status_text(s), s.query_one("#trainplot").border_title
        assert s.view.result.found and "found ✓" in status
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        menu = app.screen.menu
        await wait_for(pilot, lambda: menu.current.key == "motif1d" or True)
        while menu.current.key != "motif1d":
            await pilot.press("down")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, Motif1dScreen) and app.screen is not s)
        back = app.screen
        await pilot.pause()
        assert back.view.detector is learned and back.view.detector_name == "learned"
        assert (back.view.index, back.view.window) == (1, s.view.window)
        assert status_text(back) == status and back.query_one("#trainplot").border_title == title
        await pilot.press("d")  # new data: the detector is dropped, here and for the next visit
        assert back.view.detector_name == "hand-made" and not back.kept.get("results")


@pytest.mark.parametrize("trained", [False, True])
async def test_e_is_fast_and_equals_render(tmp_path, capsys, trained):
    """Issue 15: e draws from the screen's own state (render would train again)."""
    import time

    from tui.export import render_command

    app = make_app("motif1d", export_dir=str(tmp_path), train_steps=300)
    async with app.run_test(size=(110, 34)) as pilot:
        await wait_torch(pilot, app)
        s = app.screen
        await pilot.press("n", "n", "right", "shift+left")
        if trained:
            await pilot.press("r")
            await wait_for(pilot, lambda: s.view.result is not None, timeout=60, what="training")
        await pilot.pause()
        state = s.export_state()
        assert state is not None and (state["options"].get("detector") == "trained") == trained
        t0 = time.perf_counter()
        text, command = s.export_text()
        took = time.perf_counter() - t0
        assert took <= 0.5, took
        t0 = time.perf_counter()
        await pilot.press("e")
        await wait_for(pilot, lambda: any("Saved" in n.message for n in app._notifications), what="export")
        assert time.perf_counter() - t0 <= 2.0  # the SVG screenshot included
        # Korean (issue 13): render draws in Korean too (-o lang=ko), and e says the same, at once
        await pilot.press("L")
        ko_state = s.export_state()
        assert ko_state["options"].pop("lang") == "ko" and ko_state == state
        t0 = time.perf_counter()
        ko_text, ko_command = s.export_text()
        assert time.perf_counter() - t0 <= 0.5
    capsys.readouterr()
    assert command == render_command("motif1d", state, command and tuple(map(int, command[4].split("x"))), 0)
    assert main(command[1:]) == 0
    assert capsys.readouterr().out == text
    assert "lang=ko" in ko_command and main(ko_command[1:]) == 0
    assert capsys.readouterr().out == ko_text and ko_text != text


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_korean_lines_fit_their_widgets(size):
    """Every line the scene draws is exactly its widget's width in terminal cells
    (Hangul is two), in Korean, for signal and letters, with training plots."""
    from rich.cells import cell_len

    from tui.scenes.motif1d import render_runs_for, sequence_runs

    app = make_app("motif1d", lang="ko", preload_torch=False)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        s = app.screen
        for keys in ([], ["d", "right"], ["n", "shift+left"]):
            await pilot.press(*keys)
            await pilot.pause()
            w, h = s.seq.size
            lines = sequence_runs(s.view, w, h, "ko")
            assert len(lines) == h and all(sum(cell_len(t) for t, _ in line) == w for line in lines)
            assert "수열" in s.seq.border_title or "글자" in s.seq.border_title
            for line in render_runs_for(s.view, *size, lang="ko"):
                assert sum(cell_len(t) for t, _ in line) == size[0]
            assert "최댓값" in status_text(s)


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_after_m_s_r_the_status_shows_the_runs_verdict_whole_at_80x24(lang):
    """The reporter's path (m, s, r): the run's verdict and the number it comes
    from are on the status line, and the line fits its widget at 80×24."""
    from tui.canvas import wrap_cells

    app = make_app("motif1d", lang=lang, train_steps=300)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_torch(pilot, app)
        s = app.screen
        await pilot.press("m", "s", "shift+left", "r")
        await wait_for(pilot, lambda: s.view.result is not None, timeout=90, what="training")
        await pilot.pause()
        status = s.query_one("#status")
        for worst in (False, True):  # then without zero_grad: a longer name, and "zero_grad off"
            if worst:
                result = s.view.result
                await pilot.press("z", "r")
                await wait_for(pilot, lambda: s.view.result is not result, timeout=90, what="training")
                await pilot.pause()
            text = status_text(s)
            res = s.view.result
            verdicts = {"en": ("found ✓", "training failed ✗"), "ko": ("찾았다 ✓", "학습 실패 ✗")}[lang]
            lines = wrap_cells(text, status.content_region.width)
            assert status.size.height <= 4
            shown = " ".join(lines[:status.size.height])  # what the status line shows
            assert f"{100 * res.test.position_accuracy:.1f}%" in shown
            assert verdicts[0 if res.found else 1] in shown and verdicts[1 if res.found else 0] not in text
            if not worst:
                assert len(lines) <= status.size.height, lines  # all of it


async def test_pytorch_loading_then_failed_while_r_waits():
    """r while PyTorch loads waits for it; if it fails, the lesson says why (the
    gradient panel and the progress row) and keeps working."""
    app = make_app("motif1d", preload_torch=False)
    async with app.run_test(size=(100, 34)) as pilot:
        await pilot.pause()
        s = app.screen
        app.load_torch = lambda: setattr(app, "torch_status", "loading")  # a load that never ends by itself
        await pilot.press("r")
        assert s.pending_train and "loading PyTorch" in str(s.query_one("#progress-text").render())
        assert "loading PyTorch" in info_text(s) and "PyTorch: loading" in status_text(s)
        app.torch_error = "ImportError: no torch here"
        app.torch_status = "failed"
        await pilot.pause()
        assert not s.pending_train and s.query_one("#progress-row").display
        assert "cannot train: ImportError: no torch here" in str(s.query_one("#progress-text").render())
        assert "no torch here" in info_text(s) and "PyTorch failed to load" in status_text(s)
        await pilot.press("right", "n", "d")  # still answers its keys
        assert s.view.window == 0 and s.cfg.kind == "symbols"


# ------------------------------------------------ live templates (issue 12)
def spy_live(screen) -> list[tuple]:
    """(snapshot, score plot's title, its text, the training plot's title and
    template, the score plot's size) just after each live snapshot is drawn."""
    seen = []
    real = screen.training_partial

    def partial(payload):
        real(payload)
        if payload[0] == "live":
            plot = screen.query_one("#trainplot")
            seen.append((payload[2], screen.scores.border_title, screen.scores.plain_text(), plot.border_title,
                         None if plot.template is None else plot.template.copy(), tuple(screen.scores.size)))

    screen.training_partial = partial
    return seen


async def test_live_template_and_scores_redraw_while_training_then_the_trained_detector(monkeypatch):
    """While r trains, the training plot's template and the score plot are
    the detector of each snapshot (the one the run would keep then), with a
    label that says so; they change at least 3 times; the run ends on the
    detector a run without the live view makes, drawn as before."""
    import tui.screens.motif1d as screen_module
    from models import motif1d as M
    from tui.scenes.motif1d import MotifView, score_runs

    monkeypatch.setattr(screen_module, "LIVE_SECONDS", 0.02)  # more snapshots than a fast machine's 6 a second
    app = make_app("motif1d", train_steps=300)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_torch(pilot, app)
        s = app.screen
        hand, before = s.view.detector, s.scores.plain_text()
        seen = spy_live(s)
        await pilot.press("r")
        await wait_for(pilot, lambda: s.view.result is not None, timeout=90, what="training")
        await pilot.pause()
        assert len({text for _, _, text, *_ in seen}) >= 3 and seen[0][0].step == 0
        assert len({t.tobytes() for *_, t, _ in seen}) >= 3
        for snap, title, text, plot_title, template, (width, height) in seen:
            assert np.array_equal(template, snap.detector.w)
            assert title.startswith("scores (in training)") and text != before
            assert plot_title.startswith(f"training… zero_grad step {snap.step}/300")
            # the score sequence drawn is that detector's, at every position of the sequence shown
            view = MotifView(s.cfg, index=s.view.index, window=s.cfg.n_positions - 1)
            view.set_detector(snap.detector, "in training")
            drawn = [''.join(t for t, _ in line).rstrip() for line in score_runs(view, width, height)]
            assert drawn == [line.rstrip() for line in text.splitlines()]
        assert s.view.detector is not hand and s.view.detector_name == "learned"
        plain = M.train(s.cfg, M.TrainConfig(steps=300)).value  # the same run, without snapshots
        assert np.array_equal(s.view.detector.w, plain.detector.w) and s.view.result.losses == plain.losses
        assert np.array_equal(seen[-1][4], plain.detector.w) or seen[-1][0].step < 300
        plot = s.query_one("#trainplot")
        assert np.array_equal(plot.template, plain.detector.w) and "held-out" in plot.border_title
        assert s.scores.border_title.startswith("scores (learned)") and "training…" not in plot.border_title
        assert s.export_state()["options"]["detector"] == "trained"


async def test_esc_during_a_live_run_puts_back_the_detector_and_plots_before_it(monkeypatch):
    import tui.screens.motif1d as screen_module

    monkeypatch.setattr(screen_module, "TRAIN_STEPS", 10**6)
    app = make_app("motif1d", train_steps=10**6)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_torch(pilot, app)
        s = app.screen
        title, text = s.scores.border_title, s.scores.plain_text()
        seen = spy_live(s)
        s.action_train()
        await wait_for(pilot, lambda: len(seen) >= 3, timeout=60, what="live snapshots")
        assert s.scores.border_title.startswith("scores (in training)")
        assert s.export_state() is None  # e saves the live picture as shown: no render command makes it
        await pilot.press("escape")
        await wait_for(pilot, lambda: not s.training.is_running, what="cancel")
        await pilot.pause(0.2)
        assert s.view.detector_name == "hand-made" and s.live_detector is None
        assert (s.scores.border_title, s.scores.plain_text()) == (title, text)
        assert not s.query_one("#trainplot").display  # nothing was trained before: no training plots
        assert s.export_state() is not None
