"""Pilot tests: drive the Width lesson by its keys (tiny sweeps)."""

from __future__ import annotations

import pytest

from apptools import make_app, status_text, wait_for, wait_torch
from tui.screens.fold import FoldScreen
from tui.screens.width import WidthScreen


@pytest.fixture(autouse=True)
def _small(monkeypatch):
    """Few seeds (each app keeps its own sweeps: nothing is left over from another test)."""
    monkeypatch.setattr(WidthScreen, "default_seeds", 4)
    yield


def chart_text(screen) -> str:
    return screen.chart.plain_text()


async def run_sweep(pilot, screen) -> None:
    await pilot.press("r")
    await wait_for(pilot, lambda: screen.sweep is not None and not screen.running, timeout=120, what="the sweep")
    await pilot.pause()


async def test_settings_keys_change_the_sweep_before_a_run():
    app = make_app("width", preload_torch=False, train_steps=40)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        s = app.screen
        assert isinstance(s, WidthScreen)
        assert "Press r to train 20 networks (5 cells × 4 seeds)" in chart_text(s)
        assert "widths 2,3,4,8,16" in status_text(s) and "4 seeds" in status_text(s) and "20 steps" in status_text(s)
        await pilot.press("d")
        assert s.config().dataset == "moons"
        await pilot.press("w")
        assert s.config().widths == (2, 4, 8)
        await pilot.press("D")
        assert s.config().depths == (2, 4, 6)
        assert "2×6" in chart_text(s)  # width × depth labels with several depths
        await pilot.press("plus")
        assert s.config().seeds == 10
        await pilot.press("minus", "minus")
        assert s.config().seeds == 4  # 4 is kept among the choices
        await pilot.press("minus")
        assert s.config().seeds == 4  # the smallest
        await pilot.press("s")
        assert s.config().steps == 40  # 2000 scaled by train_steps/2000
        await pilot.press("down", "down", "up")
        assert s.state.selected == 1
        assert "Press r to train 36 networks (9 cells × 4 seeds)" in chart_text(s).replace("\n", " ")
        await pilot.press("o", "left", "right")  # nothing trained: a notice, no crash
        assert isinstance(app.screen, WidthScreen)


async def test_run_fills_every_cell_then_select_and_open_a_failed_seed_in_fold():
    app = make_app("width", train_steps=100)  # 50 steps
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        s = app.screen
        await wait_torch(pilot, app)
        await pilot.press("w", "w", "w")  # widths 2, 8
        await run_sweep(pilot, s)
        st = s.state
        assert [(c.width, c.depth) for c in st.cells] == [(2, 4), (8, 4)]
        assert not st.cancelled and not st.running
        text = chart_text(s)
        assert "width 2, depth 4:" in text and "final accuracy" in text and "steps to 95%" in text
        narrow = st.cells[0]
        assert narrow.failed_seeds, "width 2 after 50 steps: some seeds fail"
        await pilot.press("right")
        assert st.seed_index == (1 if len(narrow.failed_seeds) > 1 else 0)
        seed = st.selected_seed
        await pilot.press("o")
        await wait_for(pilot, lambda: isinstance(app.screen, FoldScreen) and app.screen.view is not None,
                       what="the Fold lesson")
        fold = app.screen
        assert fold.view.weights.width == 2 and fold.view.weights.meta["seed"] == seed
        assert f"seed {seed} from the width sweep" in status_text(fold)
        assert abs(fold.view.accuracy - narrow.final_accuracy[narrow.index_of(seed)]) < 0.01
        await pilot.press("escape")  # back to the sweep, not home
        await pilot.pause()
        assert app.screen is s and s.state is st and len(st.cells) == 2


async def test_escape_cancels_and_keeps_finished_cells_then_reopen_shows_them():
    app = make_app(train_steps=2000)  # 1000 steps: slow enough to cancel
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.open_lesson("width")  # from home, so that Esc has a home to go back to
        await pilot.pause()
        s = app.screen
        await wait_torch(pilot, app)
        await pilot.press("minus")  # 4 seeds, widths 2, 3, 4, 8, 16
        await pilot.press("s")  # 2000 steps: the last four cells take long enough to cancel
        await pilot.press("r")
        # >= 1: two cells train at once, so the first two can be reported together
        await wait_for(pilot, lambda: len(s.state.cells) >= 1, timeout=120, what="the first cell")
        assert s.running and s.query_one("#progress-row").display
        await pilot.press("d")  # settings are locked while running
        assert s.config().dataset == "circles"
        await pilot.press("escape")
        await wait_for(pilot, lambda: not s.running, timeout=60, what="the cancel")
        await pilot.pause()
        st = s.state
        assert st.cancelled and not st.running
        assert 1 <= len(st.cells) < 5
        assert [(c.width, c.depth) for c in st.cells] == st.config.cells[:len(st.cells)]
        assert all(c.final_accuracy.shape == (4,) for c in st.cells)
        assert not s.query_one("#progress-row").display
        assert "cancelled" in chart_text(s)
        await pilot.press("escape")  # now back home
        await pilot.pause()
        assert not isinstance(app.screen, WidthScreen)
        app.open_lesson("width")
        await pilot.pause()
        again = app.screen
        assert isinstance(again, WidthScreen) and again.state is st  # the last sweep is kept


async def test_wide_or_unfoldable_seeds_are_not_opened():
    app = make_app("width", train_steps=20)  # 10 steps: everything fails
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        s = app.screen
        await wait_torch(pilot, app)
        await pilot.press("w", "w", "w", "w")  # widths 2, 4, 8, 16, 32
        await pilot.press("r")
        await wait_for(pilot, lambda: len(s.state.cells) == 5 and not s.running, timeout=120, what="the sweep")
        await pilot.press("down", "down", "down")
        assert s.state.selected_cell.width == 16
        assert s.state.selected_seed is not None
        await pilot.press("o")
        await pilot.pause()
        assert app.screen is s  # width 16 cannot be shown by the Fold lesson
        assert "Fold shows widths 2, 3, 4, 8 at depth 4 only" in chart_text(s)


async def test_language_switch_relabels_the_chart():
    app = make_app("width", preload_torch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        s = app.screen
        await pilot.press("L")
        await pilot.pause()
        assert "성공률" in chart_text(s)
        await pilot.press("L")
        assert "success" in chart_text(s)


async def test_run_waits_for_pytorch():
    app = make_app("width", preload_torch=False, train_steps=20)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        s = app.screen
        await pilot.press("w", "w", "w")
        assert app.torch_status == "idle"
        await pilot.press("enter")  # enter on an empty screen runs: PyTorch is loaded first
        await wait_for(pilot, lambda: len(s.state.cells) == 2 and not s.running, timeout=120, what="the sweep")
        assert app.torch_status == "ready" and not s.pending_train


def test_width_screen_module_and_first_paint_do_not_import_torch():
    import subprocess
    import sys

    code = (
        "import asyncio, sys\n"
        "from tui.app import NNExplorer, Settings\n"
        "async def main():\n"
        "    app = NNExplorer('width', Settings(preload_torch=False))\n"
        "    async with app.run_test(size=(100, 30)) as pilot:\n"
        "        await pilot.pause()\n"
        "        assert 'Press r to train' in app.screen.chart.plain_text()\n"
        "asyncio.run(main())\n"
        "print('torch' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines()[-1] == "False"
