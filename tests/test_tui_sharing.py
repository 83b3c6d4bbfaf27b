"""Pilot tests of the weight-sharing lesson, and its render command."""

import numpy as np
import pytest

from apptools import make_app, status_text, wait_for
from tui.cli import main
from tui.screens.sharing import SharingScreen


async def open_ready(pilot, app):
    await wait_for(pilot, lambda: isinstance(app.screen, SharingScreen) and app.screen.ready, what="sharing")
    return app.screen


def info(screen) -> str:
    return str(screen.query_one("#sh-info").render())


async def test_backward_accumulate_step_zero_grad_reset():
    app = make_app("sharing", preload_torch=False)
    async with app.run_test(size=(100, 32)) as pilot:
        s = await open_ready(pilot, app)
        assert "u.grad is empty" in info(s)
        await pilot.press("s")  # nothing to step with: a notice, no change
        assert len(s.sv.net.path) == 1
        await pilot.press("b")
        g = s.sv.net.last
        assert g.passes == 1 and np.all(g.u == g.w_sums)
        assert "exactly ✓" in info(s) and f"∂C/∂w1 {g.w[0]:+.4f}" in info(s)
        one = g.u.copy()
        await pilot.press("a", "a")
        g = s.sv.net.last
        assert g.passes == 3 and np.allclose(g.u, 3 * one)
        assert "3 passes, no zero_grad: u.grad = 3.00 × sums" in info(s)
        c0 = s.sv.net.cost_at(s.sv.net.u_now)
        await pilot.press("s")  # the overshooting step
        assert s.sv.net.cost_at(s.sv.net.u_now) > c0
        assert any("went up" in str(n.message) for n in app._notifications)
        assert "steps 1" in status_text(s)
        await pilot.press("z")
        assert s.sv.net.u.grad is None and "u.grad is empty" in info(s)
        await pilot.press("b", "s", "b", "s")
        assert "steps 3" in status_text(s)
        await pilot.press("r")
        assert "steps 0" in status_text(s) and s.sv.net.last is None
        assert any(0x2801 <= ord(c) <= 0x28FF for c in s.plot.plain_text())


async def test_first_a_is_like_b_and_passes_are_capped():
    app = make_app("sharing", preload_torch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        s = await open_ready(pilot, app)
        await pilot.press("a")
        assert s.sv.net.passes == 1
        s.sv.net.passes = 50
        await pilot.press("a")
        assert s.sv.net.passes == 50
        assert any("piled up" in str(n.message) for n in app._notifications)
        panel = s.query_one("#sh-info")
        s.sv.net.passes = 1
        await pilot.press("a")
        assert all(len(line) <= panel.size.width - 2 for line in s.sv.info_lines())


def test_render_sharing_plain_text(capsys):
    assert main(["render", "sharing", "--no-color", "--size", "80x30", "-o", "passes=3"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 30 and all(len(line) <= 80 for line in out)
    assert out[0].startswith("Y branches: w1 = w2 = u1")
    assert any("3 passes, no zero_grad" in line for line in out)
    assert sum(0x2801 <= ord(c) <= 0x28FF for line in out for c in line) > 100


@pytest.mark.parametrize("argv,needle", [
    (["-o", "passes=many"], "passes must be a whole number"),
    (["-o", "passes=99"], "out of range"),
    (["-o", "eta=1"], "unknown option(s) for sharing: eta"),
    (["--step", "999"], "step 999 is out of range"),
    (["--width", "2"], "takes no --dataset or --width"),
    (["--size", "60x14"], "too small"),
])
def test_render_sharing_bad_values_exit_2(capsys, argv, needle):
    assert main(["render", "sharing", *argv]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("nn-explorer: ") and needle in err[0], err
