"""Pilot tests of the weight-sharing lesson, and its render command."""

import numpy as np
import pytest

from apptools import make_app, opened, status_text
from tui.cli import main
from tui.screens.sharing import SharingScreen


def info(screen) -> str:
    return str(screen.query_one("#sh-info").render())


async def test_backward_accumulate_step_zero_grad_reset():
    app = make_app("sharing", preload_torch=False)
    async with app.run_test(size=(100, 32)) as pilot:
        s = await opened(pilot, app, SharingScreen)
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
        s = await opened(pilot, app, SharingScreen)
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
    # without colour each series is drawn with its glyph (issue 13): the levels ·, the steps 1 and g
    assert sum(c in "·*1g" for line in out[3:-5] for c in line) > 100


@pytest.mark.parametrize("size", ["80x24", "120x40"])
def test_render_sharing_in_korean_fits_by_cells(capsys, size):
    from tui.canvas import text_cells

    w, h = map(int, size.split("x"))
    assert main(["render", "sharing", "--no-color", "--size", size, "-o", "passes=2", "-o", "lang=ko"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) == h and all(text_cells(line) <= w for line in out)
    assert out[0].startswith("Y 갈래") and any("2패스, zero_grad 없음" in line for line in out)


@pytest.mark.parametrize("argv,needle", [
    (["-o", "passes=many"], "passes must be a whole number"),
    (["-o", "passes=99"], "out of range"),
    (["-o", "lang=fr"], "lang must be en or ko"),
    (["--step", "999"], "step 999 is out of range"),
    (["--width", "2"], "takes no --dataset or --width"),
    (["--size", "60x14"], "too small"),
])
def test_render_sharing_bad_values_exit_2(capsys, argv, needle):
    assert main(["render", "sharing", *argv]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("nn-explorer: ") and needle in err[0], err


def one_pass_at(u, seed: int = 0) -> np.ndarray:
    """The gradient one backward gives at u, from a net of its own."""
    import torch

    from models.sharing import SharedNet, SharingConfig

    net = SharedNet(SharingConfig(seed=seed))
    with torch.no_grad():
        net.u.copy_(torch.as_tensor(u, dtype=torch.float64))
    return net.backward().w_sums


async def test_after_a_step_what_depends_on_u_is_worked_out_at_the_new_u():
    """Issue 15: after s the green step and its C were drawn at the new u
    with the old gradient ("C 0.4438 → step: 1 pass 1.1071")."""
    app = make_app("sharing", preload_torch=False)
    async with app.run_test(size=(100, 32)) as pilot:
        s = await opened(pilot, app, SharingScreen)
        await pilot.press("b", "s")
        net = s.sv.net
        u, lr = net.u_now, net.cfg.lr
        fresh = one_pass_at(u)
        assert not np.allclose(fresh, net.last.w_sums)  # the old gradient is not the one at u now
        green = [layer for layer in s.sv.scene().layers if layer.name == "step, 1 pass"][0].xy
        assert np.allclose(green[-1], u - lr * fresh, atol=1e-12)
        red = [layer for layer in s.sv.scene().layers if layer.name == "step, u.grad"][0].xy
        assert np.allclose(red[-1], u - lr * net.u.grad.numpy(), atol=1e-12)  # what a second s does
        text = info(s)
        assert "∂C/∂w1" not in text and "none at this u yet" in text  # the old ∂C/∂w are not shown as u's
        assert f"C {net.cost_at(u):.4f} → step: 1 pass {net.cost_at(u - lr * fresh):.4f}" in text
        assert f"u.grad {net.cost_at(u - lr * net.u.grad.numpy()):.4f}" in text
        await pilot.press("b")  # a pass here: the ∂C/∂w lines come back, at this u
        assert f"∂C/∂w1 {s.sv.net.last.w[0]:+.4f}" in info(s) and "exactly ✓" in info(s)


async def test_a_then_s_repeated_says_u_grad_is_the_sum_of_passes_at_different_u():
    """Issue 15: b then a, s four times ended at "5 passes, no zero_grad:
    u.grad = −0.18 × sums"."""
    import re

    app = make_app("sharing", preload_torch=False)
    async with app.run_test(size=(100, 32)) as pilot:
        s = await opened(pilot, app, SharingScreen)
        await pilot.press("b", "s", *["a", "s"] * 4)
        net = s.sv.net
        text = info(s)
        assert "× sums" not in text
        assert "u.grad = sum of 5 passes at 5 different u:" in text
        # the listed passes (and the sum of the earlier ones) add up to u.grad
        vectors = [np.array([float(a), float(b)]) * int(n)
                   for n, a, b in re.findall(r"(\d+) × \(([-+]\d\.\d{4}), ([-+]\d\.\d{4})\)", text)]
        early = re.search(r"(\d+) earlier passes, summed: \(([-+]\d\.\d{4}), ([-+]\d\.\d{4})\)", text)
        assert early and int(early.group(1)) + len(vectors) == 5
        total = sum(vectors) + np.array([float(early.group(2)), float(early.group(3))])
        assert np.allclose(total, net.u.grad.numpy(), atol=2e-4)  # four-decimal rounding
        # each listed pass is the gradient at the u it names
        for u1, u2, a, b in re.findall(r"u \(([-+]\d\.\d\d), ([-+]\d\.\d\d)\): 1 × \(([-+]\d\.\d{4}), "
                                       r"([-+]\d\.\d{4})\)", text):
            at = next(p.at for p in net.last.history if np.allclose(p.at, [float(u1), float(u2)], atol=5e-3))
            assert np.allclose(one_pass_at(at), [float(a), float(b)], atol=1e-4)
        # zero_grad, then passes at one u: the factor is back, and true
        await pilot.press("b", "a")
        assert "2 passes, no zero_grad: u.grad = 2.00 × sums" in info(s)
        await pilot.press("s", "a")  # one pass before the step, one after: a sum again
        assert "u.grad = sum of 3 passes at 2 different u:" in info(s) and "× sums" not in info(s)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_panel_and_plot_fit_in_both_languages(lang, size):
    from apptools import broken_borders

    from tui.canvas import text_cells

    app = make_app("sharing", preload_torch=False, lang=lang)
    async with app.run_test(size=size) as pilot:
        s = await opened(pilot, app, SharingScreen)
        for keys in (["b", "a", "a"], ["s"], ["a", "s", "a", "s", "a"], ["z"]):
            await pilot.press(*keys)
            await pilot.pause()
            assert not broken_borders(app), (keys, broken_borders(app))
            panel = s.query_one("#sh-info")
            assert all(text_cells(line) <= panel.size.width for line in str(panel.render()).splitlines())
            assert all(text_cells(line) <= 46 for line in s.sv.info_lines(width=46))
            assert s.plot.size.height >= 10, s.plot.size  # the picture keeps room


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_e_draws_what_render_prints_from_the_view_on_screen_at_once(tmp_path, capsys, lang):
    import time

    app = make_app("sharing", preload_torch=False, lang=lang, export_dir=str(tmp_path))
    async with app.run_test(size=(110, 34)) as pilot:
        s = await opened(pilot, app, SharingScreen)
        await pilot.press("b", "a", "a")
        state = s.export_state()
        assert state == {"step": 0, "options": {"passes": "3", **({"lang": "ko"} if lang == "ko" else {})}}
        t0 = time.perf_counter()
        text, command = s.export_text()
        took = time.perf_counter() - t0
        assert took < 0.5, took
    capsys.readouterr()
    assert main(command[1:]) == 0
    assert capsys.readouterr().out == text
    assert ("3패스" if lang == "ko" else "3 passes") in text
