"""Pilot tests of the w = H(u) lesson, and its render command."""

import subprocess
import sys

import pytest

from apptools import make_app, opened, status_text, wait_for
from tui.cli import main
from tui.screens.transform import ETAS, TransformScreen


def info(screen) -> str:
    return str(screen.query_one("#tf-info").render())


async def test_waits_for_pytorch_then_steps_resets_and_runs():
    app = make_app("transform", preload_torch=False)
    async with app.run_test(size=(100, 32)) as pilot:
        s = await opened(pilot, app, TransformScreen)
        assert "step 0" in status_text(s) and "Y branch" in s.plot.border_title
        assert "N_u=1, N_w=2" in s.plot.border_title
        text = info(s)
        assert "u 1×1 · w 2×1 · (∂H/∂u)ᵀ 1×2 · (∂C/∂w)ᵀ 2×1" in text and "exact: H is linear" in text
        for i in range(3):
            await pilot.press("right")
        assert s.tv.race.steps == 3 and "step 3" in status_text(s)
        assert any(0x2801 <= ord(c) <= 0x28FF for c in s.plot.plain_text())
        await pilot.press("r")
        assert s.tv.race.steps == 0
        await pilot.press("space")
        assert s.running
        await wait_for(pilot, lambda: s.tv.race.steps >= 5, timeout=10, what="running steps")
        await pilot.press("space")
        assert not s.running
        n = s.tv.race.steps
        await pilot.pause(0.3)
        assert s.tv.race.steps == n  # paused
        await pilot.press("space")
        await pilot.press("escape")  # Esc stops a run before it leaves the lesson
        assert not s.running and isinstance(app.screen, TransformScreen)


async def test_eta_keys_and_the_curve_map_show_a_shrinking_difference():
    app = make_app("transform", preload_torch=False)
    async with app.run_test(size=(100, 32)) as pilot:
        s = await opened(pilot, app, TransformScreen)
        await pilot.press("h", "h")
        assert s.tv.h.key == "curve" and "N_u=1" in s.plot.border_title
        for _ in range(4):
            await pilot.press("right")
        errors = []
        for _ in range(3):
            errors.append(s.tv.check().dw_error)
            await pilot.press("minus")
        assert s.eta == ETAS[0]
        assert errors[0] > errors[1] > errors[2] > 0
        assert "rule is 1st order" in info(s)
        await pilot.press("minus")  # already the smallest: stays
        assert s.eta == ETAS[0]
        for _ in range(len(ETAS) + 2):
            await pilot.press("plus")
        assert s.eta == ETAS[-1] and f"η {ETAS[-1]:g} ·" in status_text(s)
        await pilot.press("h")
        assert s.tv.h.key == "y" and s.tv.race.steps == 0 and s.tv.eta == ETAS[-1]


async def test_too_large_eta_stops_with_a_notice_and_keeps_the_last_point():
    app = make_app("transform", preload_torch=False)
    async with app.run_test(size=(100, 32)) as pilot:
        s = await opened(pilot, app, TransformScreen)
        for _ in range(10):
            await pilot.press("plus")
        await pilot.press("space")
        await wait_for(pilot, lambda: not s.running, timeout=10, what="the run to stop")
        assert s.tv.race.diverged and "stopped: η too large" in status_text(s)
        assert any("too large" in str(n.message) for n in app._notifications)
        plain, via = s.tv.race.costs()
        assert plain == plain and via == via  # finite, not NaN


async def test_a_stopped_run_keeps_a_sane_point_and_a_new_eta_clears_the_stop():
    """Issue 15: at η 0.5 the run stopped at "C(w): on w 6329.3159 · stopped:
    η too large", and the label stayed when η changed."""
    import re

    app = make_app("transform", preload_torch=False)
    async with app.run_test(size=(100, 32)) as pilot:
        s = await opened(pilot, app, TransformScreen)
        start = max(s.tv.race.costs())
        for _ in range(len(ETAS)):
            await pilot.press("plus")
        await pilot.press("space")
        await wait_for(pilot, lambda: not s.running, timeout=10, what="the run to stop")
        text = status_text(s)
        assert "stopped: η too large (C on w would rise)" in text
        shown = [float(x) for x in re.findall(r"on [wu] (\d+\.\d{4})", text)]
        assert len(shown) == 2 and max(shown) <= start  # no worse than the start, not thousands
        steps = s.tv.race.steps
        await pilot.press("minus")
        assert "stopped" not in status_text(s) and not s.tv.race.diverged
        await pilot.press("right")  # at half the η, the descent goes on from the kept point
        assert s.tv.race.steps == steps + 1 and not s.tv.race.diverged


async def test_linear_map_shapes():
    app = make_app("transform", preload_torch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        s = await opened(pilot, app, TransformScreen)
        await pilot.press("h")
        assert "u 2×1 · w 2×1 · (∂H/∂u)ᵀ 2×2 · (∂C/∂w)ᵀ 2×1" in info(s)
        # every line of the panel fits the 80x24 layout without wrapping
        panel = s.query_one("#tf-info")
        assert all(len(line) <= panel.size.width - 2 for line in s.tv.info_lines())


def test_render_transform_plain_text(capsys):
    assert main(["render", "transform", "--no-color", "--size", "80x30", "--step", "3", "-o", "map=curve"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 30 and all(len(line) <= 80 for line in out)
    assert out[0].startswith("w = H(u) · curve")
    assert "step 3" in out[0] + out[1]
    # without colour each series is drawn with its glyph (issue 13): levels ·, descents w and u, H(u) ~
    assert sum(c in "·wu~=" for line in out[3:-6] for c in line) > 100
    assert any("SGD step on u (autograd)" in line for line in out)


@pytest.mark.parametrize("argv,needle", [
    (["-o", "map=spline"], "unknown map 'spline'"),
    (["-o", "eta=fast"], "eta must be a number"),
    (["-o", "eta=7"], "out of range"),
    (["--step", "401"], "step 401 is out of range"),
    (["--dataset", "moons"], "takes no --dataset"),
    (["--size", "80x12"], "too small"),
    (["-o", "eta=1", "--step", "40"], "diverges before step 40"),
])
def test_render_transform_bad_values_exit_2(capsys, argv, needle):
    assert main(["render", "transform", *argv]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("nn-explorer: ") and needle in err[0], err


def test_render_transform_in_a_process_has_no_traceback():
    r = subprocess.run([sys.executable, "-m", "tui.cli", "render", "transform", "-o", "map=nope"],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 2 and "Traceback" not in r.stderr and len(r.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_panel_status_and_plot_fit_in_both_languages(lang, size):
    from apptools import broken_borders

    from tui.canvas import text_cells

    app = make_app("transform", preload_torch=False, lang=lang)
    async with app.run_test(size=size) as pilot:
        s = await opened(pilot, app, TransformScreen)
        for keys in (["right"] * 3, ["h", "right", "right"], ["h", "right"], [*["plus"] * 4, "space"]):
            await pilot.press(*keys)
            await wait_for(pilot, lambda: not s.running, timeout=10, what="the run to stop")
            await pilot.pause()
            assert not broken_borders(app), (keys, broken_borders(app))
            panel = s.query_one("#tf-info")
            assert all(text_cells(line) <= panel.size.width - 2 for line in s.tv.info_lines()), keys
            assert s.plot.size.height >= 10, s.plot.size


def test_render_transform_in_korean_fits_by_cells(capsys):
    from tui.canvas import text_cells

    for size in ("80x24", "120x40"):
        w, h = map(int, size.split("x"))
        assert main(["render", "transform", "--no-color", "--size", size, "--step", "2", "-o", "map=curve",
                     "-o", "lang=ko"]) == 0
        out = capsys.readouterr().out.splitlines()
        assert len(out) == h and all(text_cells(line) <= w for line in out)
        assert "곡선" in out[0] and any("u에 대한 SGD 스텝 (autograd)" in line for line in out)
    assert main(["render", "transform", "-o", "lang=fr"]) == 2
    assert "lang must be en or ko" in capsys.readouterr().err


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_e_draws_what_render_prints_from_the_view_on_screen_at_once(tmp_path, capsys, lang):
    import time

    app = make_app("transform", preload_torch=False, lang=lang, export_dir=str(tmp_path))
    async with app.run_test(size=(110, 34)) as pilot:
        s = await opened(pilot, app, TransformScreen)
        await pilot.press("h", "h", "right", "right", "minus")
        await pilot.press("r", "right", "right", "right")
        t0 = time.perf_counter()
        text, command = s.export_text()
        took = time.perf_counter() - t0
        assert took < 0.5, took
    capsys.readouterr()
    assert command is not None and main(command[1:]) == 0
    assert capsys.readouterr().out == text
    assert ("곡선" if lang == "ko" else "curve") in text and "step 3" in text.replace("스텝", "step")
