"""Pilot tests: drive the home screen and the Fold lesson by their keys."""

from __future__ import annotations

import numpy as np
import pytest

from apptools import make_app, status_text, wait_for, wait_torch
from models.pretrained import WIDTHS
from tui.lessons import LESSONS
from tui.screens.fold import FoldScreen
from tui.screens.help import HelpScreen
from tui.screens.home import HomeScreen
from tui.widgets.menu import LessonMenu


async def test_home_lists_every_lesson_in_order_and_opens_only_built_ones():
    app = make_app(preload_torch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        menu = app.screen.query_one("#lessons", LessonMenu)
        assert menu.has_focus
        assert [item.key for item in menu.items] == [lesson.key for lesson in LESSONS]
        assert [item.enabled for item in menu.items] == [lesson.built for lesson in LESSONS]
        coming = [i for i, lesson in enumerate(LESSONS) if not lesson.built]
        if coming:  # (skipped once every lesson is built)
            i = coming[0]
            assert "coming" in menu.items[i].label
            # a coming lesson can be highlighted (its summary shows) but not opened
            for _ in range(i):
                await pilot.press("down")
            assert menu.highlighted == i
            summary = str(app.screen.query_one("#lesson-summary").render())
            assert LESSONS[i].title in summary and "coming soon" in summary
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen)
        await pilot.press("end")
        assert menu.highlighted == len(LESSONS) - 1
        await pilot.press("down")  # wraps around
        assert menu.highlighted == 0
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, FoldScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        # a click opens a lesson too
        await pilot.click(LessonMenu, offset=(3, 0))
        await pilot.pause()
        assert isinstance(app.screen, FoldScreen)


async def test_home_in_korean():
    app = make_app(preload_torch=False, lang="ko")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        menu = app.screen.query_one("#lessons", LessonMenu)
        assert menu.items[0].label == "1. 평면 접기"
        coming = [i for i, lesson in enumerate(LESSONS) if not lesson.built]
        assert all("준비 중" in menu.items[i].label for i in coming)
        await pilot.press("L")
        assert menu.items[0].label == "1. Folding the plane"


async def test_command_palette_opens_a_lesson():
    app = make_app(preload_torch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        for ch in "folding":
            await pilot.press(ch)
        await pilot.pause(0.5)  # the palette searches in the background
        await pilot.press("down", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, FoldScreen), what="fold screen")


async def test_help_overlay_lists_every_key_of_the_screen():
    app = make_app("fold", preload_torch=False)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = str(app.screen.query_one("#help-text").render())
        for b in FoldScreen.BINDINGS:
            assert f"{b.description}: {b.tooltip}" in text, b
        for needle in ("Quit", "English / 한국어", "Palette"):
            assert needle in text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, FoldScreen)


async def test_step_through_every_substep_and_back():
    app = make_app("fold", preload_torch=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        s = app.screen
        n = s.view.n_steps
        assert s.k == n - 1  # opens on the output
        await pilot.press("home")
        assert s.k == 0 and "input plane" in status_text(s)
        labels = []
        for i in range(1, n):
            await pilot.press("right")
            assert s.k == i
            labels.append(status_text(s))
        assert any("layer 1 · Vᵀ" in t for t in labels)
        assert any("layer 4 · ReLU fold" in t for t in labels)
        assert "output layer · +b translate" in labels[-1]
        await pilot.press("right")  # past the end: stays
        assert s.k == n - 1
        for i in range(n - 2, -1, -1):
            await pilot.press("left")
            assert s.k == i
        await pilot.press("left")
        assert s.k == 0
        # whole layers
        await pilot.press("shift+right")
        assert s.view.steps[s.k].kind == "relu" and s.view.steps[s.k].layer == 1
        await pilot.press("shift+right")
        assert s.view.steps[s.k].layer == 2
        await pilot.press("shift+left")
        assert s.view.steps[s.k].kind == "relu" and s.view.steps[s.k].layer == 1
        await pilot.press("end")
        assert s.k == n - 1
        # every state drew braille dots
        assert any(0x2801 <= ord(c) <= 0x28FF for c in s.plot.plain_text())


async def test_animated_step_interpolates_then_lands():
    app = make_app("fold", preload_torch=False, animate=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        s = app.screen
        await pilot.press("home")
        drawn = []
        redraw = s.redraw

        def spy():
            drawn.append((s.k, s.t))
            redraw()

        s.redraw = spy
        await pilot.press("right")
        await wait_for(pilot, lambda: s._timer is None, timeout=10, what="the sub-step to finish")
        assert s.k == 1 and s.t == 1.0
        assert any(k == 1 and 0 < t < 1 for k, t in drawn)  # frames in between were drawn


async def test_space_plays_the_whole_sequence_and_pauses():
    app = make_app("fold", preload_torch=False, animate=True, anim_speed=2.0)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        s = app.screen
        await pilot.press("home")
        await pilot.press("space")
        assert s.playing
        await wait_for(pilot, lambda: not s.playing, timeout=20, what="play to the end")
        assert s.k == s.view.n_steps - 1
        # pause half way
        await pilot.press("home")
        await pilot.press("space")
        await wait_for(pilot, lambda: s.k >= 5, timeout=10)
        await pilot.press("space")
        assert not s.playing
        k = s.k
        await pilot.pause(0.3)
        assert s.k == k and s.t == 1.0


async def test_width_pair_dataset_grid_panel_language_keys():
    app = make_app("fold", preload_torch=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        s = app.screen
        assert s.view.weights.width == 2
        await pilot.press("n")  # width 2: nothing to cycle, a notice
        assert s.view.pair == (0, 1)
        for w in WIDTHS[1:]:
            await pilot.press("w")
            await pilot.pause()
            assert s.view is not None and s.view.weights.width == w
        pairs = len(s.view.pairs)
        assert pairs == 28  # width 8: every pair of neurons
        await pilot.press("home", "right", "right", "right")  # a state with 8 coordinates
        await pilot.press("n")
        assert s.view.pair == (0, 2)
        assert "neurons 1 & 3 of 8" in status_text(s)
        await pilot.press("w")  # back to width 2
        names = []
        for _ in range(5):
            await pilot.press("d")
            await pilot.pause()
            names.append(s.view.data.name)
        assert names == ["spiral3", "circles", "moons", "xor", "spiral2"]
        before = s.plot.plain_text()
        await pilot.press("g")
        assert s.plot.plain_text() != before  # the grid went away
        panel = s.query_one("#explain")
        await pilot.press("t")
        assert not panel.display
        await pilot.press("t")
        assert panel.display
        await pilot.press("L")
        assert app.lang == "ko"
        await pilot.pause()
        assert panel.filled
        assert any("\uac00" <= ch <= "\ud7a3" for ch in panel.markdown_source())
        from rich.console import Console

        console = Console(width=60, record=True, file=open("/dev/null", "w"))
        console.print(panel.text.content)
        assert "평면" in console.export_text()
        await pilot.press("pagedown")


async def test_retrain_in_the_background_then_cancel():
    app = make_app("fold", train_steps=150)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_torch(pilot, app)
        s = app.screen
        old = s.view.weights
        shown = []
        show_progress = s.show_progress
        s.show_progress = lambda visible: (shown.append(visible), show_progress(visible))
        await pilot.press("r")
        await wait_for(pilot, lambda: s.view.weights is not old, what="training to finish")
        assert shown[:1] == [True] and shown[-1] is False  # the progress row came, then went
        assert "trained (seed 1, 150 steps)" in status_text(s)
        assert not s.query_one("#progress-row").display
        # a long run, cancelled with Esc: the network before it is kept
        app.settings.train_steps = 200_000
        kept = s.view.weights
        await pilot.press("r")
        await wait_for(pilot, lambda: s.training is not None and s.training.is_running)
        await pilot.pause(0.3)
        await pilot.press("escape")
        await wait_for(pilot, lambda: not s.training.is_running, what="cancel")
        await pilot.pause()
        assert s.view.weights is kept
        assert isinstance(app.screen, FoldScreen)  # Esc cancelled; it did not go back
        assert not s.query_one("#progress-row").display


async def test_diverging_training_keeps_last_good_weights():
    app = make_app("fold", train_steps=100, train_lr=1e38)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_torch(pilot, app)
        s = app.screen
        old = s.view.weights
        await pilot.press("r")
        await wait_for(pilot, lambda: s.view.weights is not old, what="training to stop")
        assert "diverged" in status_text(s)
        for W, b in s.view.weights.layers:
            assert np.isfinite(W).all() and np.isfinite(b).all()


async def test_missing_or_corrupt_weights_train_from_scratch(tmp_path, monkeypatch):
    import models.pretrained as pre

    (tmp_path / "fold-spiral2-w2.json").write_text("{ not json", encoding="utf-8")
    monkeypatch.setattr(pre, "weights_dir", lambda: tmp_path)
    app = make_app("fold", train_steps=60)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        s = app.screen
        await wait_for(pilot, lambda: s.view is not None, what="training from scratch")
        assert "trained (seed 0, 60 steps)" in status_text(s)
        messages = [n.message for n in app._notifications]
        assert any("not valid JSON" in m and "Training from scratch" in m for m in messages), messages


@pytest.mark.parametrize("size", [(59, 24), (80, 15), (40, 12)])
async def test_too_small_terminal_shows_a_notice(size):
    app = make_app("fold", preload_torch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert not app.screen.has_class("-too-small")
        await pilot.resize_terminal(*size)
        await pilot.pause()
        assert app.screen.has_class("-too-small")
        notice = app.screen.query_one(".too-small-notice")
        assert notice.display and "too small" in str(notice.render())
        await pilot.press("right")  # keys still work underneath
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert not app.screen.has_class("-too-small")


async def test_home_keys_in_a_too_small_terminal_do_not_crash():
    """Regression (monkey test): with Textual's OptionList, PgUp/PgDn before
    the list's first layout raised KeyError."""
    app = make_app(preload_torch=False)
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        await pilot.press("pagedown", "pageup", "down", "up", "end", "home")
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        await pilot.press("pagedown", "pageup")
        assert isinstance(app.screen, HomeScreen)


async def test_training_curve_is_drawn_with_plotext_and_toggles():
    from textual_plotext import PlotextPlot

    app = make_app("fold", train_steps=200)
    async with app.run_test(size=(100, 34)) as pilot:
        await wait_torch(pilot, app)
        s = app.screen
        await pilot.press("c")  # nothing to show yet: a notice, no crash
        assert not s.query("#curve")
        old = s.view.weights
        await pilot.press("r")
        await wait_for(pilot, lambda: s.view.weights is not old, what="training")
        await pilot.pause()
        curve = s.query_one("#curve", PlotextPlot)
        assert curve.display and curve.steps[-1] == 200 and len(curve.losses) == 8
        assert curve.losses[-1] < curve.losses[0]
        assert "seed 1" in curve.border_title
        await pilot.press("c")
        assert not curve.display
        await pilot.press("c")
        assert curve.display
        # hidden during a run, it stays hidden while the run reports progress
        app.settings.train_steps = 3000
        old = s.view.weights
        await pilot.press("r")
        await pilot.press("c")
        assert not curve.display
        await wait_for(pilot, lambda: s.view.weights is not old, what="second training")
        await pilot.pause()
        assert not curve.display and curve.steps[-1] == 3000
