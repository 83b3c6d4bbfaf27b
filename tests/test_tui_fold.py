"""Pilot tests: drive the home screen and the Fold lesson by their keys."""

from __future__ import annotations

import numpy as np
import pytest

from apptools import make_app, status_text, wait_for, wait_torch, settled
from models.fold.shipped import WIDTHS
from tui.lessons import LESSONS
from tui.screens.fold import FoldScreen
from tui.screens.home import HomeScreen
from tui.widgets.menu import LessonMenu


async def test_home_lists_every_lesson_in_order_and_opens_them():
    app = make_app(preload_torch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        menu = app.screen.query_one("#lessons", LessonMenu)
        assert menu.has_focus
        assert [item.key for item in menu.items] == [lesson.key for lesson in LESSONS]
        # the highlighted lesson's summary shows beside the list
        await pilot.press("down", "down")
        assert menu.highlighted == 2
        summary = str(app.screen.query_one("#lesson-summary").render())
        assert LESSONS[2].title in summary and LESSONS[2].summary in summary
        await pilot.press("home")
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
        assert [item.label for item in menu.items] == [f"{i}. {lesson.title_ko}" for i, lesson in enumerate(LESSONS, 1)]
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
        await wait_for(pilot, lambda: not s.ticking, timeout=10, what="the sub-step to finish")
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
        await wait_for(pilot, lambda: not s.training_now and s.view.weights is not old, what="training to finish")
        assert shown[:1] == [True] and shown[-1] is False  # the progress row came, then went
        assert "trained (seed 1, 150 steps)" in status_text(s)
        assert not s.query_one("#progress-row").display
        # a long run, stopped with Esc: the network on screen (live, issue 12) is kept
        app.settings.train_steps = 200_000
        before = s.view.weights
        await pilot.press("r")
        await wait_for(pilot, lambda: s.training is not None and s.training.is_running)
        await wait_for(pilot, lambda: s.live_step > 0 and s.view.weights is not before, what="a live frame")
        await pilot.pause(0.3)
        await pilot.press("escape")
        drawn = s.view.weights  # what the plot showed when Esc was pressed
        await wait_for(pilot, lambda: not s.training.is_running, what="cancel")
        await pilot.pause()
        assert s.view.weights is drawn and drawn is not before
        assert f"stopped (seed 2, {s.live_step} steps)" in status_text(s)
        assert isinstance(app.screen, FoldScreen)  # Esc cancelled; it did not go back
        assert not s.query_one("#progress-row").display


async def test_diverging_training_keeps_last_good_weights():
    app = make_app("fold", train_steps=100, train_lr=1e38)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_torch(pilot, app)
        s = app.screen
        old = s.view.weights
        await pilot.press("r")
        await wait_for(pilot, lambda: not s.training_now and s.view.weights is not old, what="training to stop")
        assert "diverged" in status_text(s)
        for W, b in s.view.weights.layers:
            assert np.isfinite(W).all() and np.isfinite(b).all()


async def test_missing_or_corrupt_weights_train_from_scratch(tmp_path, monkeypatch):
    import models.fold.shipped as pre

    (tmp_path / "fold-spiral2-w2.json").write_text("{ not json", encoding="utf-8")
    monkeypatch.setattr(pre, "weights_dir", lambda: tmp_path)
    app = make_app("fold", train_steps=60)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        s = app.screen
        await wait_for(pilot, lambda: s.view is not None and s.note_parts[0] not in ("", "live"),
                       what="training from scratch")  # (drawn live from its first step, issue 12)
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
        await wait_for(pilot, lambda: not s.training_now and s.view.weights is not old, what="training")
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
        await wait_for(pilot, lambda: not s.training_now and s.view.weights is not old, what="second training")
        await pilot.pause()
        assert not curve.display and curve.steps[-1] == 3000


# ------------------------------------------------------------------ issue 15: progress, curve, merge marks


def screen_lines(app) -> list[str]:
    """The terminal's lines as the compositor paints them (Textual 8's
    compositor: what a user's terminal receives)."""
    return ["".join(seg.text for seg in strip) for strip in app.screen._compositor.render_strips()]


def row_text(app, widget) -> str:
    r = widget.region
    return screen_lines(app)[r.y][r.x: r.x + r.width]


async def test_progress_row_at_the_last_step_reads_the_step_count_alone():
    """Regression: the bar's percentage, cut to 2 cells beside the 14-cell bar,
    showed "100%" as a "1" glued to the text: "12000/2000" at step 2000."""
    app = make_app("fold", preload_torch=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        s = app.screen
        s.show_progress(True)
        for done in (1990, 2000):
            s.set_progress(done, 2000, f"{done}/2000 loss 0.100 acc 99.0% · Esc cancels")
            await pilot.pause()
            text = row_text(app, s.query_one("#progress-row"))
            assert f" {done}/2000 loss" in text and f"1{done}/2000" not in text, text


async def test_a_cancelled_runs_late_report_reaches_neither_progress_nor_curve():
    """A worker checks is_cancelled, then hands its report to the UI thread; if
    Esc (and a new r) come first, the report lands after them. It must not
    show on the progress row or the new run's curve."""
    app = make_app("fold", train_steps=200_000)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_torch(pilot, app)
        s = app.screen
        await pilot.press("r")
        await wait_for(pilot, lambda: s.query("#curve") and len(s.curve().steps) >= 2, what="reports of run 1")
        held = []
        deliver = app.call_from_thread
        app.call_from_thread = lambda callback, *args: held.append((callback, args))  # the UI thread is "busy"
        await wait_for(pilot, lambda: len(held) >= 2, what="a report on its way")
        await pilot.press("escape")
        await wait_for(pilot, lambda: not s.training.is_running, what="cancel")
        app.call_from_thread = deliver
        app.settings.train_steps = 150
        await pilot.press("r")  # run 2 (seed 2) begins; then run 1's reports arrive
        for callback, args in held:
            callback(*args)
        text = str(s.query_one("#progress-text").render())
        assert "/200000" not in text, text
        assert all(step <= 150 for step in s.curve().steps), s.curve().steps
        await wait_for(pilot, lambda: s.note_parts[0] == "trained" and s.note_parts[1]["seed"] == 2,
                       what="run 2 to finish")
        await pilot.pause()
        curve = s.curve()
        assert curve.steps == list(range(25, 151, 25)) and "seed 2, 150 steps" in str(curve.border_title)


async def test_the_curve_is_the_run_of_the_network_drawn():
    """Regression: after Esc the curve kept "training seed 3" over the network of
    seed 2, and after w a shipped network sat under "training seed 6"."""
    app = make_app("fold", train_steps=150)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_torch(pilot, app)
        s = app.screen
        old = s.view.weights
        await pilot.press("r")
        await wait_for(pilot, lambda: not s.training_now and s.view.weights is not old, what="run of seed 1")
        await pilot.pause()
        curve = s.curve()
        assert curve.display and "seed 1, 150 steps" in str(curve.border_title) and curve.steps[-1] == 150
        kept = s.view.weights
        app.settings.train_steps = 200_000
        await pilot.press("r")
        await wait_for(pilot, lambda: len(curve.steps) >= 2 and curve.steps[-1] > 150, what="seed 2 training")
        assert "seed 2, training" in str(curve.border_title)
        await pilot.press("escape")
        drawn, step = s.view.weights, s.live_step
        await wait_for(pilot, lambda: not s.training.is_running, what="cancel")
        await pilot.pause()
        # Esc keeps the network on screen (issue 12), under the curve of its own run up to that step
        assert s.view.weights is drawn and drawn is not kept and step > 0
        assert curve.display and f"seed 2, stopped at {step} steps" in str(curve.border_title)
        assert curve.steps and curve.steps[-1] <= step and curve.steps[0] > 0
        await pilot.press("w")  # a shipped network: no run of this session made it
        await pilot.pause()
        assert "pretrained" in status_text(s) and not curve.display and not curve.steps
        assert "seed" not in str(curve.border_title)
        await pilot.press("c")
        assert not curve.display
        assert any("No training curve for this network" in n.message for n in app._notifications)
        # a run stopped over a shipped network: the network drawn is the run's, so is the curve
        shipped = s.view.weights
        await pilot.press("r")
        await wait_for(pilot, lambda: curve.display and curve.steps and s.live_step > curve.steps[0],
                       what="seed 3 training")
        await pilot.press("escape")
        step = s.live_step
        await wait_for(pilot, lambda: not s.training.is_running, what="cancel")
        await pilot.pause()
        assert s.view.weights is not shipped and s.view.weights.meta["seed"] == 3
        assert curve.display and f"seed 3, stopped at {step} steps" in str(curve.border_title)
        # s: back to the shipped network, and no curve
        await pilot.press("s")
        await pilot.pause()
        assert "pretrained" in status_text(s) and not curve.display and not curve.steps


async def test_the_curve_has_its_rows_or_is_hidden_and_its_loss_line_shows():
    import tui.screens.fold as screen_module
    from tui.widgets.curve import ACCURACY_COLOR, HEIGHT, LOSS_COLOR, CurveRun

    assert screen_module.CURVE_ROWS == HEIGHT  # the screen's room rule counts the curve's real height
    app = make_app("fold", train_steps=300)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_torch(pilot, app)
        s = app.screen
        old = s.view.weights
        await pilot.press("r")
        await wait_for(pilot, lambda: not s.training_now and s.view.weights is not old, what="training")
        await pilot.pause()
        curve = s.curve()
        assert not curve.display  # 80×24: the plot would keep 7 rows
        await pilot.press("c")
        assert not curve.display
        assert any("No room for the training curve" in n.message for n in app._notifications)
        await pilot.resize_terminal(120, 40)
        await wait_for(pilot, lambda: curve.display, what="the curve to come back")
        await pilot.pause()
        assert curve.region.height == HEIGHT and s.plot.region.height >= 14
        # inside plotext's frame: the loss line, in its colour
        assert braille_cells(app, curve, LOSS_COLOR) >= 20
        # where the two lines meet, the loss is drawn on top
        curve.show(CurveRun(list(range(10, 310, 10)), [0.6] * 30, [0.6] * 30), "t")
        await pilot.pause()
        assert braille_cells(app, curve, LOSS_COLOR) >= 20 and braille_cells(app, curve, ACCURACY_COLOR) == 0
        await pilot.resize_terminal(120, 30)  # the lesson text promises the curve from 31 rows on
        await wait_for(pilot, lambda: not curve.display, what="the curve to go")
        await pilot.resize_terminal(120, 31)
        await wait_for(pilot, lambda: curve.display, what="the curve at 31 rows")
        await pilot.resize_terminal(80, 24)
        await wait_for(pilot, lambda: not curve.display, what="the curve to go")


def braille_cells(app, curve, rgb) -> int:
    """Braille cells of colour ``rgb`` in the curve's plot rows."""
    from tui.widgets.curve import HEIGHT

    top, bottom = curve.region.y + 2, curve.region.y + HEIGHT - 3
    n = 0
    for y, strip in enumerate(app.screen._compositor.render_strips()):
        if top <= y < bottom:
            for seg in strip:
                color = seg.style.color if seg.style else None
                if color is not None and color.triplet is not None and tuple(color.triplet) == rgb:
                    n += sum(0x2801 <= ord(ch) <= 0x28FF for ch in seg.text)
    return n


def one_line(status: str) -> str:
    """The status as one line: it is packed on lines between words."""
    return " ".join(status.splitlines())


async def test_merge_places_are_marked_on_the_plot_and_counted_by_class():
    from models.fold.shipped import load_pretrained

    app = make_app("fold", preload_torch=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        s = app.screen
        st = s.view.status(s.k)
        # the shipped spiral network: 263 points at the origin, 3 of them of class 1
        assert (st.merges.points, st.merges.places, st.merges.mixed_places, st.merges.lost) == (263, 1, 1, 3)
        assert "merged: 263 pts at 1 place, 1 mixing classes: 3 lost for good" in one_line(status_text(s))
        assert "!263" in s.plot.plain_text() and "!N: classes mixed" in s.plot.plain_text()
        await pilot.press("home")
        assert "merged: none" in status_text(s) and "!" not in s.plot.plain_text()
        # width 4 merges 122 points of one class: a mark without "!", and nothing lost
        await pilot.press("w", "w")
        await pilot.pause()
        assert s.view.weights.width == 4 and load_pretrained("spiral2", 4).meta["seed"] == s.view.weights.meta["seed"]
        text = s.plot.plain_text()
        assert "122" in text and "!" not in text and "N: merged" in text
        assert "merged: 122 pts at 1 place, none mixing classes" in one_line(status_text(s))
        assert "acc 100.0%" in status_text(s)
        await pilot.press("L")
        assert "합쳐진 점 122개(1곳), 모두 한 클래스끼리" in one_line(status_text(s))


async def test_export_draws_the_view_on_screen_exactly_as_render_does(monkeypatch):
    """e takes its text from the screen's own FoldView (nothing computed again)
    and it is what `nn-explorer render fold` prints for that state."""
    from apptools import settled
    from tui.render import render_lesson

    app = make_app("fold", preload_torch=False)
    async with app.run_test(size=(110, 34)) as pilot:
        await settled(pilot)
        s = app.screen
        for keys in ([], ["d", "d", "w", "w", "w", "home", "right", "right"], ["w", "d", "end"]):
            await pilot.press(*keys)
            await pilot.pause()
            state = s.export_state()
            assert state is not None
            expected = render_lesson("fold", size=(90, 30), seed=app.settings.seed, **state)
            with monkeypatch.context() as m:
                m.setattr("tui.scenes.fold.FoldView.__init__", lambda *a, **k: pytest.fail("computed again"))
                assert s.export_lines((90, 30), dict(state), app.settings.seed) == expected


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_the_status_keeps_its_parts_whole_and_fits_at_80x24(lang):
    """Regression: at 80×24 "acc" and "100.0%" fell on two lines (circles,
    e2e), and the Korean status ran past its 3 rows. Parts are packed whole."""
    app = make_app("fold", preload_torch=False, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        s = app.screen
        status = s.query_one("#status")
        acc = "정확도" if lang == "ko" else "acc"
        for keys in ([], ["d"], ["d"], ["d"], ["d"], ["w", "w", "w", "home", "right", "right", "right", "n"]):
            await pilot.press(*keys)
            await pilot.pause()
            r = status.region
            shown = [line[r.x: r.x + r.width] for line in screen_lines(app)[r.y: r.y + r.height]]
            assert any(f"{acc} {100 * s.view.accuracy:.1f}%" in line for line in shown), shown
            assert any(s.note in line for line in shown), shown  # the last part is not cut


async def test_status_counts_the_merges_the_plot_marks_while_moving_back():
    app = make_app("fold", preload_torch=False, animate=True, anim_speed=0.2)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        s = app.screen
        first = next(k for k, m in enumerate(s.view.merges) if m.points)
        s.action_jump(0)
        s.k, s.t, s.direction, s.target = first + 1, 1.0, 1, first + 1
        s.redraw()
        s._animate_to(first)  # back, through the ReLU's fold, slowly
        await pilot.pause(0.2)
        assert s.direction < 0 and 0 < s.t < 1
        marked = [int(m.text.lstrip("!")) for m in s.plot.scene.marks]
        assert sum(marked) == s.view.merges[first].points
        assert f"merged: {s.view.merges[first].points} pts" in one_line(status_text(s))


async def test_a_network_trained_here_is_still_there_after_going_home_and_back():
    """Esc to the list, Enter on Folding the plane: the network trained on the
    earlier visit, its data set, its note and the step reached come back."""
    app = make_app(None, train_steps=80)
    async with app.run_test(size=(100, 30)) as pilot:
        await settled(pilot)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, FoldScreen) and app.screen.view is not None,
                       what="fold")
        await wait_torch(pilot, app)
        s = app.screen
        await pilot.press("d", "d")  # circles
        await wait_for(pilot, lambda: s.view is not None and s.dataset == "circles", what="circles")
        old = s.view.weights
        await pilot.press("r")
        await wait_for(pilot, lambda: not s.training_now and s.view.weights is not old, what="training to finish")
        trained, status = s.view.weights, status_text(s)
        await pilot.press("home", "right", "right")
        await pilot.pause()
        step = s.k
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, FoldScreen), what="home")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, FoldScreen) and app.screen.view is not None,
                       what="fold again")
        back = app.screen
        assert back is not s
        assert back.view.weights is trained and back.dataset == "circles" and back.k == step
        assert "trained (seed 1, 80 steps)" in status_text(back) and "trained (seed" in status
