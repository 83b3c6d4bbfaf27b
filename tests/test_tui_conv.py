"""Pilot tests of the conv screen (driven by its keys), its render and its CLI."""

from __future__ import annotations

import pytest

from apptools import make_app, settled, status_text, wait_for, wait_torch
from tui.cli import main
from tui.screens.conv import ConvScreen


async def test_numpy_views_show_before_torch():
    app = make_app("conv", preload_torch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settled(pilot)
        screen = app.screen
        assert isinstance(screen, ConvScreen) and app.torch_status == "idle"
        assert "hand-made templates" in screen.plot.plain_text() and "not trained yet" in status_text(screen)
        await pilot.press("2")
        text = screen.plot.plain_text()
        assert "y[0] = 1·0 + 2·1 + 3·3 = 11" in text and "loading PyTorch" in text
        await pilot.press("right", "right", "right")
        assert screen.state.pos == 3 and "y[3] = 1·0 + 2·0 + 3·2 = 6" in screen.plot.plain_text()
        for _ in range(20):
            await pilot.press("right")
        assert screen.state.pos == 7
        await pilot.press("3")
        assert "= 96" in screen.plot.plain_text()
        await pilot.press("s")
        assert screen.state.shape.s == 2 and "= 48" in screen.plot.plain_text()
        await pilot.press("S", "S")  # stride stays ≥ 1
        assert screen.state.shape.s == 1


async def test_training_in_a_worker_then_torch_checks(monkeypatch):
    from tui.screens import conv as screen_module

    app = make_app("conv", train_steps=120)
    async with app.run_test(size=(100, 30)) as pilot:
        await settled(pilot)
        screen = app.screen
        await wait_torch(pilot, app)
        await wait_for(pilot, lambda: screen.state.comparison is not None, timeout=120, what="training")
        c = screen.state.comparison
        assert c.conv.steps_done == c.fc.steps_done == 120 and c.conv_acc > c.fc_acc
        assert "convnet" in status_text(screen) and "learned kernels" in screen.plot.plain_text()
        assert not screen.query_one("#progress-row").display
        await pilot.press("2")
        assert "= corr ✓" in screen.plot.plain_text() and "= conv ✓" in screen.plot.plain_text()
        await pilot.press("3", "k", "k", "d", "p")
        sh = screen.state.shape
        assert (sh.k, sh.d, sh.p) == (7, 2, 1)
        assert screen.state.torch_sizes == (90, 90) and "conv1d returns 90 ✓" in screen.plot.plain_text()
        # r trains again, long enough that it cannot end before Esc (a fast
        # machine finished 120 steps first); Esc cancels and keeps the networks shown
        monkeypatch.setattr(screen_module, "MAX_STEPS", 10**6)
        app.settings.train_steps = 10**6
        await pilot.press("r")
        await wait_for(pilot, lambda: screen.training.is_running, what="the second training")
        await pilot.pause(0.3)
        await pilot.press("escape")
        await wait_for(pilot, lambda: not screen.training.is_running, what="cancel")
        await pilot.pause()
        assert screen.state.comparison is c and isinstance(app.screen, ConvScreen)


async def test_diverged_training_keeps_the_previous_state(monkeypatch):
    from models import conv as cv

    app = make_app("conv", train_steps=20)
    async with app.run_test(size=(100, 30)) as pilot:
        await settled(pilot)
        screen = app.screen
        await wait_torch(pilot, app)
        await wait_for(pilot, lambda: screen.state.comparison is not None, timeout=120, what="training")
        before = screen.state.comparison
        real = cv.make_letters
        monkeypatch.setattr(cv, "make_letters", lambda n, seed, **kw: cv.LetterData(
            real(n, seed, **kw).X * float("nan"), real(n, seed, **kw).y, real(n, seed, **kw).shifts))
        await pilot.press("r")
        await wait_for(pilot, lambda: not screen.training.is_running, timeout=60, what="divergence")
        await pilot.pause()
        assert screen.state.comparison is before


def test_cli_render_views(capsys):
    assert main(["render", "conv", "--no-color", "--size", "80x24", "-o", "view=3", "-o", "s=2"]) == 0
    out = capsys.readouterr().out
    assert "= 48" in out and "conv1d returns 48 ✓" in out
    assert main(["render", "conv", "--no-color", "--size", "80x24", "-o", "view=3", "-o", "n=12", "-o", "k=7",
                 "-o", "s=2", "-o", "p=1"]) == 0
    out = capsys.readouterr().out
    starts = next(line for line in out.splitlines() if line.startswith("starts"))
    assert starts.count("▲") == 4 and "█" * 7 in out  # 4 outputs; 7 kernel taps
    assert main(["render", "conv", "--no-color", "--size", "80x30", "-o", "view=2", "-o", "pos=2"]) == 0
    assert "= corr ✓" in capsys.readouterr().out
    assert main(["render", "conv", "--no-color", "--size", "80x30", "-o", "steps=30"]) == 0
    assert "learned kernels" in capsys.readouterr().out


@pytest.mark.parametrize("argv, needle", [
    (["-o", "view=4"], "view must be 1, 2 or 3"),
    (["-o", "n=abc"], "whole number"),
    (["-o", "n=3", "-o", "k=5"], "longer than"),
    (["-o", "pos=99"], "pos must be between"),
    (["-o", "steps=0"], "steps must be"),
    (["-o", "zoom=2"], "unknown option 'zoom'"),
    (["--width", "3"], "takes no --step"),
])
def test_cli_render_bad_options_are_one_line_exit_2(capsys, argv, needle):
    assert main(["render", "conv", *argv]) == 2
    err = capsys.readouterr().err
    assert needle in err and err.count("\n") == 1


def test_conv_and_motif2d_screens_draw_without_importing_torch():
    import subprocess
    import sys

    code = (
        "import asyncio, sys\n"
        "from tui.app import NNExplorer, Settings\n"
        "async def main():\n"
        "    for key in ('conv', 'motif2d'):\n"
        "        app = NNExplorer(key, Settings(preload_torch=False))\n"
        "        async with app.run_test(size=(100, 30)) as pilot:\n"
        "            for _ in range(40):\n"
        "                await pilot.pause(0.05)\n"
        "                if app.screen.ready:\n"
        "                    break\n"
        "            await pilot.press('2' if key == 'conv' else 'g')\n"
        "            assert app.screen.ready and app.screen.plot.plain_text().strip()\n"
        "    print('torch' in sys.modules)\n"
        "asyncio.run(main())\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "False"


async def test_language_switch_relabels_every_view():
    app = make_app("conv", preload_torch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settled(pilot)
        screen = app.screen
        await pilot.press("L")
        assert "손으로 만든 템플릿" in screen.plot.plain_text() and "보기 1" in status_text(screen)
        await pilot.press("2")
        assert "교차상관" in screen.plot.plain_text()
        await pilot.press("3")
        assert "출력 크기" in screen.plot.plain_text() and "= 96" in screen.plot.plain_text()
        await pilot.press("L")
        assert "output size of a convolution" in screen.plot.plain_text()


def test_every_view_draws_in_both_languages_at_many_sizes():
    from models.conv import ConvShape
    from tui.canvas import runs_to_plain
    from tui.scenes.conv import ConvState, fill_torch, picture

    for lang in ("en", "ko"):
        st = ConvState(lang=lang, shape=ConvShape(n=9, k=3, s=2, p=2, d=2))
        for view in (1, 2, 3):
            st.view = view
            for w, h in ((40, 12), (47, 18), (120, 40), (183, 64)):
                lines = picture(st, w, h)
                assert len(lines) == h and all(sum(len(t) for t, _ in line) >= 1 for line in lines)
        fill_torch(st)
        st.view = 3
        assert "▲" in runs_to_plain(picture(st, 100, 30))


# ------------------------------------------------ opening, whatever PyTorch is doing
from lessonroutes import FORCED_ERROR, ROUTES, STATES, app_for, reach  # noqa: E402


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("route", ROUTES)
async def test_trains_on_open_by_every_route_in_every_torch_state(route, state):
    """(Issue 15: opened from the home list once PyTorch was ready, conv said
    "loading PyTorch… then the two networks train" for good and never trained.)"""
    app = app_for("conv", route, state, train_steps=20)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await reach(pilot, app, "conv", route, state, ConvScreen)
        if state == "failed":
            await pilot.pause(0.3)
            text = screen.plot.plain_text()
            assert not screen.pending_train and screen.state.comparison is None
            assert "cannot train: PyTorch failed to load" in text and FORCED_ERROR.split(":")[0] in text
            assert "loading PyTorch" not in text and "failed to load" in status_text(screen)
            return
        if state == "loading":
            await pilot.pause(0.3)
            assert screen.pending_train and screen.state.comparison is None
            assert "loading PyTorch" in screen.plot.plain_text()
            app._torch_ready("cpu")  # the import ends
        await wait_for(pilot, lambda: screen.state.comparison is not None, timeout=120, what="training")
        c = screen.state.comparison
        assert c.conv.steps_done == c.fc.steps_done == 20
        assert "learned kernels" in screen.plot.plain_text() and "convnet" in status_text(screen)


async def test_networks_trained_on_an_earlier_visit_are_there_on_the_next():
    from tui.screens.home import HomeScreen

    app = app_for("conv", "home", "ready", train_steps=20)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await reach(pilot, app, "conv", "home", "ready", ConvScreen)
        await wait_for(pilot, lambda: screen.state.comparison is not None, timeout=120, what="training")
        await wait_for(pilot, lambda: not screen.training.is_running, what="the worker's end")
        c, seed = screen.state.comparison, screen.export_state()
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen), what="home")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ConvScreen) and app.screen.ready, what="conv again")
        again = app.screen
        await pilot.pause(0.3)
        assert again is not screen and again.state.comparison is c and again.training is None
        assert "learned kernels" in again.plot.plain_text() and "convnet" in status_text(again)
        assert again.export_state() == seed  # e still knows which run this was
        await pilot.press("r")  # and r trains the next seed, as before
        assert again.training is not None and again.train_seed == screen.train_seed + 1
