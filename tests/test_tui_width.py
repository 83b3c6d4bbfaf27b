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
    await wait_for(pilot, lambda: screen.training is not None and not screen.running, timeout=120, what="the sweep")
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


# ---------------------------------------------------------------- issue 15


def status_of(s) -> str:
    return " ".join(status_text(s).split())


async def test_a_changed_setting_keeps_the_finished_sweep_and_changing_back_shows_it():
    """One stray key used to set every cell back to "waiting", and changing
    the setting back did not bring the results back."""
    app = make_app(train_steps=40)  # steps presets: 5, 10, 20, 40
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.open_lesson("width")
        await pilot.pause()
        s = app.screen
        await wait_torch(pilot, app)
        await pilot.press("w", "w", "w")  # widths 2, 8
        await run_sweep(pilot, s)
        st = s.state
        assert st.complete
        drawn = chart_text(s)
        assert "steps to 95%" in drawn
        # each settings key, then as many presses as bring the setting back
        for key, back in [("s", ["s"] * 3), ("w", ["w"] * 4), ("D", ["D"] * 4), ("plus", ["minus"]),
                          ("d", ["d"] * 4)]:
            await pilot.press(key)
            assert s.state is st, key
            text = chart_text(s)
            assert "waiting" not in text and "Results below: " in " ".join(text.split()), key
            rows = drawn.splitlines()[:3]  # the header and the two cells, as they were
            lines = text.splitlines()
            assert any(lines[i:i + 3] == rows for i in range(len(lines))), key
            assert status_of(s).startswith("shown: circles · widths 2,8 · depth 4 · 4 seeds · 20 steps"), key
            assert "next run (r):" in status_of(s), key
            await pilot.press(*back)
            assert s.state is st and chart_text(s) == drawn, key
            assert "next run" not in status_of(s) and "shown:" not in status_of(s), key
        # a new setting, run: both sweeps are kept, each comes back with its setting
        await pilot.press("s")  # 40 steps
        assert "Results below: 20 steps. Your settings: 40 steps (press r to run them)." in \
            " ".join(chart_text(s).split())
        await run_sweep(pilot, s)
        st40 = s.state
        assert st40 is not st and st40.config.steps == 40 and st40.complete
        assert "Results below" not in chart_text(s) and "40 steps" in status_of(s)
        await pilot.press("s", "s", "s")  # 5, 10, 20
        assert s.state is st
        await pilot.press("s")
        assert s.state is st40
        # leaving and coming back: the same sweep, and the status names its settings
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, WidthScreen)
        app.open_lesson("width")
        await pilot.pause()
        again = app.screen
        assert again is not s and again.state is st40 and again.config() == st40.config
        assert status_of(again).startswith("circles · widths 2,8 · depth 4 · 4 seeds · 40 steps")
        assert "Results below" not in chart_text(again)


async def test_coming_back_after_a_2000_step_sweep_the_status_names_its_steps():
    """The status said "1000 steps" after coming back to a 2000-step sweep:
    the steps setting was not restored with the sweep."""
    app = make_app(train_steps=40)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.open_lesson("width")
        await pilot.pause()
        s = app.screen
        await wait_torch(pilot, app)
        await pilot.press("w", "w", "w", "s")  # widths 2, 8; the 2000-step preset (40 here)
        await run_sweep(pilot, s)
        assert s.state.config.steps == 40
        await pilot.press("escape")
        await pilot.pause()
        app.open_lesson("width")
        await pilot.pause()
        again = app.screen
        assert "40 steps" in status_of(again) and "20 steps" not in status_of(again)
        assert again.config().steps == again.state.config.steps == 40
        state = again.export_state()
        assert state["options"]["steps"] == "40"


async def test_o_opens_the_drawn_sweeps_seed_while_other_settings_are_chosen():
    app = make_app("width", train_steps=100)  # 50 steps
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        s = app.screen
        await wait_torch(pilot, app)
        await pilot.press("w", "w", "w")  # widths 2, 8
        await run_sweep(pilot, s)
        st = s.state
        await pilot.press("d", "s")  # other settings: the sweep stays drawn
        assert s.state is st
        await pilot.press("right")
        seed = st.selected_seed
        narrow = st.cells[0]
        await pilot.press("o")
        await wait_for(pilot, lambda: isinstance(app.screen, FoldScreen) and app.screen.view is not None,
                       what="the Fold lesson")
        fold = app.screen
        assert fold.view.weights.meta["seed"] == seed and fold.view.weights.meta["dataset"] == "circles"
        assert abs(fold.view.accuracy - narrow.final_accuracy[narrow.index_of(seed)]) < 0.01
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is s and s.state is st and st.selected_seed == seed
        assert "Results below: circles · 50 steps." in " ".join(chart_text(s).split())


async def test_r_on_a_finished_sweep_asks_first_and_a_cancelled_rerun_keeps_it():
    app = make_app("width", train_steps=2000)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        s = app.screen
        await wait_torch(pilot, app)
        await pilot.press("w", "w", "w", "s")  # widths 2, 8; 2000 steps
        await run_sweep(pilot, s)
        st = s.state
        assert st.complete
        await pilot.press("r")
        await pilot.pause()
        assert not s.running and s.state is st  # asked, not thrown away
        assert any("press r again" in n.message for n in app._notifications)
        await pilot.press("s", "s", "s", "s")  # away and back: asks again
        await pilot.press("r")
        await pilot.pause()
        assert not s.running and s.state is st
        await pilot.press("r")  # confirmed: a new sweep of the same settings
        assert s.state is not st and s.state.running and s.state.config == st.config
        await wait_for(pilot, lambda: s.running, what="the sweep to start")
        await pilot.press("escape")
        await wait_for(pilot, lambda: not s.running, timeout=60, what="the cancel")
        await pilot.pause()
        assert s.state is st and s.sweeps[st.config] is st  # the finished one is back, not the part


async def test_a_cancelled_sweep_is_kept_as_it_is_for_its_settings():
    app = make_app("width", train_steps=2000)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        s = app.screen
        await wait_torch(pilot, app)
        await pilot.press("minus", "s")  # 4 seeds, 2000 steps, widths 2, 3, 4, 8, 16
        await pilot.press("r")
        await wait_for(pilot, lambda: len(s.state.cells) >= 1, timeout=120, what="the first cell")
        await pilot.press("escape")
        await wait_for(pilot, lambda: not s.running, timeout=60, what="the cancel")
        await pilot.pause()
        st = s.state
        assert st.cancelled and 1 <= len(st.cells) < 5
        await pilot.press("w")  # other widths: the cancelled sweep stays drawn, said to be for 2,3,4,8,16
        assert s.state is st and "cancelled" in chart_text(s)
        assert "Results below: widths 2,3,4,8,16." in " ".join(chart_text(s).split())
        await pilot.press("w", "w", "w", "w")
        assert s.state is st and "Results below" not in chart_text(s) and "cancelled" in chart_text(s)


async def test_during_a_sweep_no_cell_goes_back_to_waiting(monkeypatch):
    """Two chunks train at once: the cell in training used to be shown as
    "waiting" once the total count passed one cell's worth of steps."""
    import models.width as mw

    monkeypatch.setattr(mw, "sweep_workers", lambda device: 2)
    app = make_app("width", train_steps=1000)  # 500 steps
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        s = app.screen
        await wait_torch(pilot, app)
        await pilot.press("w", "w", "w")  # widths 2, 8: trained at the same time
        seen: list[list[str]] = []
        redraw = s.chart.redraw

        def record() -> None:
            redraw()
            rows = s.chart.plain_text().splitlines()[1:3]
            seen.append(["waiting" if "waiting" in r else "training" if "training" in r else "done" for r in rows])

        s.chart.redraw = record
        await run_sweep(pilot, s)
        assert s.state.complete and seen[-1] == ["done", "done"]
        order = {"waiting": 0, "training": 1, "done": 2}
        for cell in range(2):
            states = [row[cell] for row in seen]
            assert states == sorted(states, key=order.get), f"cell {cell}: {states}"
        assert any(row == ["training", "training"] for row in seen), "both cells train at once"


async def test_e_after_a_sweep_draws_from_it_at_once_and_trains_nothing(tmp_path, monkeypatch):
    """e used to run the whole sweep again through render on the UI thread
    (63 s after the default sweep)."""
    import time

    import models.width as mw
    import tui.render as tr
    from tui.canvas import runs_to_plain
    from tui.scenes.width import picture

    app = make_app("width", train_steps=100, export_dir=str(tmp_path))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        s = app.screen
        await wait_torch(pilot, app)
        await pilot.press("w", "w", "w")
        await run_sweep(pilot, s)
        assert s.export_state() is not None

        def no(*_a, **_k):
            raise AssertionError("e trained the sweep again")

        monkeypatch.setattr(mw, "run_sweep", no)
        monkeypatch.setattr(tr, "render_lesson", no)
        t0 = time.perf_counter()
        await pilot.press("e")
        await wait_for(pilot, lambda: list(tmp_path.glob("*.txt")) and list(tmp_path.glob("*.svg")),
                       what="the export")
        spent = time.perf_counter() - t0
        messages = [n.message for n in app._notifications]
        size = s.chart.content_region.width, s.chart.content_region.height
    assert spent <= 0.5, f"e took {spent:.2f} s"
    (txt,) = tmp_path.glob("*.txt")
    st = s.state
    assert txt.read_text(encoding="utf-8") == runs_to_plain(picture(st.config, st.cells, st.selected, size)) + "\n"
    (message,) = [m for m in messages if "Saved" in m]
    assert f"--size {size[0]}x{size[1]}" in message and "-o steps=50" in message


async def test_e_on_a_cell_render_cannot_name_saves_the_chart_as_shown(tmp_path):
    """render --width N shows the first cell of width N: with several depths,
    the selected 2x4 used to be exported as render's 2x2."""
    app = make_app("width", train_steps=20, export_dir=str(tmp_path))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        s = app.screen
        await wait_torch(pilot, app)
        await pilot.press("w", "w", "w", "D")  # widths 2, 8; depths 2, 4, 6
        await run_sweep(pilot, s)
        await pilot.press("down", "down")
        assert s.state.config.cells[s.state.selected] == (2, 4)
        assert s.export_state() is None
        await pilot.press("e")
        await wait_for(pilot, lambda: list(tmp_path.glob("*.txt")), what="the export")
    (txt,) = tmp_path.glob("*.txt")
    assert "width 2, depth 4:" in txt.read_text(encoding="utf-8")


def chart_rows_on_screen(app) -> list[str]:
    """The screen as the terminal shows it, one string per row."""
    import io

    from rich.console import Console

    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), force_terminal=True,
                      color_system="truecolor", record=True, legacy_windows=False, safe_box=False)
    console.print(app.screen._compositor.render_update(full=True))
    return console.export_text(styles=False).splitlines()


def char_at_cell(line: str, column: int) -> str:
    from rich.cells import get_character_cell_size

    x = 0
    for ch in line:
        if x == column:
            return ch
        x += get_character_cell_size(ch)
        if x > column:
            return ""  # the column is the right half of a wide character
    return " "


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=lambda s: f"{s[0]}x{s[1]}")
async def test_korean_chart_keeps_its_right_border(size):
    """In Korean every row with Hangul ran past the chart's right border."""
    app = make_app("width", lang="ko", train_steps=40)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        s = app.screen
        await wait_torch(pilot, app)

        def check(when: str) -> None:
            region = s.chart.region
            right = region.x + region.width - 1
            rows = chart_rows_on_screen(app)
            for y in range(region.y, region.y + region.height):
                want = "╮" if y == region.y else "╯" if y == region.bottom - 1 else "│"
                assert char_at_cell(rows[y], right) == want, f"{when}, row {y}: {rows[y]!r}"

        check("before a run")
        await pilot.press("w", "w", "w")
        await run_sweep(pilot, s)
        await pilot.press("s")  # the line saying the sweep is for other settings
        await pilot.pause()
        assert "아래 결과" in chart_text(s)
        check("after a sweep")
