"""Pilot tests of the conv screen (driven by its keys), its render and its CLI."""

from __future__ import annotations

import numpy as np
import pytest

from apptools import make_app, settled, status_text, wait_for, wait_torch
from tui.cli import main
from tui.screens.conv import ConvScreen


async def trained_on_open(pilot, app) -> ConvScreen:
    """The conv screen once PyTorch is in and the training it starts on open
    has ended, its worker too."""
    await settled(pilot)
    screen = app.screen
    await wait_torch(pilot, app)
    await wait_for(pilot, lambda: screen.state.comparison is not None, timeout=120, what="training")
    await wait_for(pilot, lambda: not screen.training.is_running, what="the worker's end")
    return screen


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


# ------------------------------------------------ what the views show, at both sizes, in both languages
SIZES = [(80, 24), (120, 40)]


def cells_of(runs) -> list[tuple[str, str]]:
    """A line as (character, style) per terminal cell (a wide character, then "")."""
    from tui.canvas import text_cells

    out = []
    for text, style in runs:
        for ch in text:
            out.append((ch, style))
            out.extend([("", style)] * (text_cells(ch) - 1))
    return out


def line_text(runs) -> str:
    return "".join(t for t, _ in runs)


@pytest.fixture(scope="module")
def comparison():
    import torch

    from models import conv as cv

    torch.manual_seed(0)
    return cv.compare(seed=0, cfg=cv.TrainConfig(steps=30)).value


async def plot_size(size) -> tuple[int, int]:
    """The conv plot's inner size in a terminal of ``size``."""
    app = make_app("conv", preload_torch=False)
    async with app.run_test(size=size) as pilot:
        await settled(pilot)
        region = app.screen.plot.content_region
        return region.width, region.height


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_every_line_fits_its_widget_and_no_result_is_cut(size, comparison):
    """(Issue 15: at 80×24 view 3's formula ended at "= ⌊96/3⌋ + 1 =" and view 2's
    verdicts were cut; Korean lines must be measured in cells.) Each view is
    drawn before the picture is cut to the plot: every line already fits,
    nothing is dropped at the bottom, and each result is on screen."""
    from models.conv import ConvShape, output_size
    from tui.canvas import text_cells
    from tui.scenes.conv import VIEWS, ConvState, fill_torch, words

    w, h = await plot_size(size)
    for lang in ("en", "ko"):
        t = words(ConvState(lang=lang))
        for shape in (ConvShape(), ConvShape(s=3), ConvShape(n=4096, k=64, s=64, p=64, d=64),
                      ConvShape(n=12, k=7, s=2, p=1)):
            st = ConvState(lang=lang, shape=shape, comparison=comparison, pos=3)
            fill_torch(st)
            for view in (1, 2, 3):
                st.view = view
                body = VIEWS[view](st, w, h - 2)  # the picture puts the tabs and a blank line on top
                assert len(body) <= h - 2, (lang, view, size, "lines dropped at the bottom")
                for line in body:
                    assert sum(text_cells(s) for s, _ in line) <= w, (lang, view, size, line_text(line))
                text = "\n".join(line_text(line) for line in body)
                if view == 3:
                    n = output_size(shape.n, shape.k, shape.s, shape.p, shape.d)
                    formula = " ".join(line_text(line).strip() for line in body if "⌊" in line_text(line)
                                       or line_text(line).strip() == str(n))
                    assert formula.rstrip().endswith(f"+ 1 = {n}"), formula
                    assert f"{t['returns']}{n} ✓" in text
                if view == 2:
                    assert t["same_corr"] in text and t["same_conv"] in text, text
                    assert "y[3] = 1·0 + 2·0 + 3·2 = 6" in text and "y[5] = 3·0 + 2·0 + 1·2 = 2" in text
                if view == 1:
                    c = comparison
                    assert f"{100 * c.conv_acc:.1f}%" in text and f"{100 * c.fc_acc:.1f}%" in text
                    assert f"{100 * c.fc_centred_acc:.0f}%)" in text, text


def test_view_2_highlights_the_entry_of_its_formula_at_every_position():
    """(Issue 15: "y[5] = … = 2" highlighted the 4th entry of its row.) In both
    result rows the highlighted entry sits in the column of the index that
    the formula names, and shows the formula's value."""
    import re

    from models.conv import EXAMPLE_W, EXAMPLE_X
    from tui.scenes.conv import WINDOW, ConvState, fill_torch, view_corr, words

    for lang in ("en", "ko"):
        t = words(ConvState(lang=lang))
        for width in (48, 73, 100):
            for pos in range(len(EXAMPLE_X) - len(EXAMPLE_W) + 1):
                st = ConvState(view=2, pos=pos, lang=lang)
                fill_torch(st)
                body = view_corr(st, width, 30)
                texts = [line_text(line) for line in body]
                formulas = [re.match(r"y\[(\d+)\] = .* = (\S+)$", s.strip()) for s in texts]
                formulas = [(int(m.group(1)), m.group(2)) for m in formulas if m]
                assert len(formulas) == 2, texts
                at = max(n for n, line in enumerate(body) if line_text(line).startswith("i "))
                index_row = cells_of(body[at])  # the index row over the results
                for (index, value), label in zip(formulas, (t["xcorr"], t["conv"])):
                    row = next(line for line in body[at:] if line_text(line).startswith(label + " "))
                    cells = cells_of(row)
                    hi = [c for c, (_, style) in enumerate(cells) if style == WINDOW]
                    assert hi, (label, pos)
                    shown = "".join(cells[c][0] for c in hi).strip()
                    under = "".join(index_row[c][0] for c in hi if c < len(index_row)).strip()
                    assert (under, shown) == (str(index), value), (lang, width, pos, label, under, shown)


def test_accuracy_strips_show_different_accuracies_as_different_cells():
    """(Issue 15: the fully connected net's strip was one shade in all 18
    columns.) At every strip width, accuracies that differ by a percent or
    more, and 100% against 95%, give different text or style."""
    from tui.scenes.conv import acc_cell, accuracy_strip

    values = [1.0, 0.99, 0.95, 0.9, 0.875, 0.5, 0.4375, 0.25, 0.0]
    for cw in (1, 2, 3, 4, 5):
        cells = [acc_cell(a, cw) for a in values]
        assert all(len(text) == cw for text, _ in cells)
        assert cells[0] != cells[2] and cells[0][1] != cells[2][1]  # 100% and 95%: another colour too
        if cw >= 2:
            assert len(set(cells)) == len(values), cells  # every value its own cell
        else:
            assert len({text for text, _ in cells}) == 7  # the tens digit: 9, 9 and 8, 8 share one
        if cw >= 4:
            assert cells[0][0].strip() == "100" and cells[1][0].strip() == "99"
        else:
            assert "█" in cells[0][0] and "█" not in cells[1][0]  # the block means 100% only
    strip = accuracy_strip({-1: 0.25, 0: 0.4375, 1: 0.25}, 1)
    assert [text for text, _ in strip] == ["2", "4", "2"]
    assert acc_cell(0.9999, 4)[0] == " 99 "  # rounded down: 100 is never shown for a miss


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_the_screen_shows_both_strips_per_dx(size, comparison):
    from tui.scenes.conv import acc_cell, words

    app = make_app("conv", preload_torch=False)
    async with app.run_test(size=size) as pilot:
        await settled(pilot)
        screen = app.screen
        screen.state.comparison = comparison
        for lang in ("en", "ko"):
            if screen.lang != lang:
                await pilot.press("L")
            screen.redraw()
            await pilot.pause()
            t = words(screen.state)
            lines = [line_text(line) for line in screen.plot.lines]
            for name, by_dx in ((t["convnet"], comparison.conv_by_dx), (t["fc"], comparison.fc_by_dx)):
                row = next(s for s in lines if s.startswith(name))
                strip = row[len(name):].split("%")[0].rsplit(" ", 1)[0].strip()
                cw = 1 if len(strip) == len(by_dx) else None
                texts = [acc_cell(by_dx[dx], cw or 3)[0] for dx in sorted(by_dx)]
                assert strip.replace(" ", "") == "".join(texts).replace(" ", ""), (lang, name, strip)


async def test_e_draws_the_networks_on_screen_without_training_again(tmp_path, monkeypatch, capsys):
    """(Issue 15: e re-ran both trainings through render on the UI thread.)"""
    from models import conv as cv
    from tui.canvas import runs_to_plain
    from tui.scenes.conv import page

    app = make_app("conv", train_steps=30, export_dir=str(tmp_path))
    async with app.run_test(size=(110, 34)) as pilot:
        screen = await trained_on_open(pilot, app)
        real = cv.compare, cv.one_thread_compare

        def no_training(*args, **kwargs):
            raise AssertionError("e trained again")

        monkeypatch.setattr(cv, "compare", no_training)
        monkeypatch.setattr(cv, "one_thread_compare", no_training)
        assert screen.export_state() == {"options": {"view": "1", "steps": "30"}, "seed": 0}
        await pilot.press("e")
        await wait_for(pilot, lambda: any(tmp_path.glob("*.txt")), what="the export")
        messages = [n.message for n in app._notifications]
        size = (screen.plot.content_region.width, screen.plot.content_region.height)
        from tui import charset as cs

        with cs.using(color=False):  # e saves what render --no-color prints: series by glyph (issue 13)
            expected = runs_to_plain(page(screen.state, *size)) + "\n"
    (txt,) = tmp_path.glob("*.txt")
    assert txt.read_text(encoding="utf-8") == expected
    monkeypatch.setattr(cv, "compare", real[0])
    monkeypatch.setattr(cv, "one_thread_compare", real[1])
    command = next(m for m in messages if "Same text" in m).split("Same text: ")[1].split()
    capsys.readouterr()
    assert main(command[1:]) == 0 and capsys.readouterr().out == expected


def test_korean_text_uses_the_course_words():
    from pathlib import Path

    ko = (Path(__file__).parent.parent / "assets" / "lessons" / "ko" / "conv.md").read_text(encoding="utf-8")
    assert "이 8개의 값만 있으면 충분하다" in ko and "수면 충분하다" not in ko
    for wrong in (" %", "단계", "걸음", "최적화기"):
        assert wrong not in ko, wrong
    assert "400스텝" in ko


# ------------------------------------------------ live templates (issue 12)
def spy_live(screen) -> list[tuple]:
    """(snapshot, the plot's text just after it was drawn) for every live
    snapshot the screen draws."""
    seen = []
    real = screen.training_partial

    def partial(payload):
        real(payload)
        if payload[0] == "live":
            seen.append((payload[1], screen.plot.plain_text()))

    screen.training_partial = partial
    return seen


async def test_live_kernels_and_accuracy_strip_redraw_while_training_then_the_trained_nets(monkeypatch):
    """While the nets train, view 1 draws each snapshot: its kernels, its
    accuracy at every shift, a label with its step; the picture changes at
    least 3 times; the run ends on the nets a run without the live view
    trains (the same comparison as before), drawn as before."""
    from models import conv as cv
    from tui.screens import conv as screen_module
    from tui.scenes.conv import acc_cell

    monkeypatch.setattr(screen_module, "LIVE_SECONDS", 0.02)  # more snapshots than a fast machine's 6 a second
    app = make_app("conv", train_steps=400, preload_torch=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        screen = app.screen
        seen = spy_live(screen)
        await wait_torch(pilot, app)  # trains as soon as PyTorch is in
        await wait_for(pilot, lambda: screen.state.comparison is not None, timeout=180, what="training")
        await pilot.pause()
        final = screen.plot.plain_text()
        c = screen.state.comparison
        convs = [(snap, text) for snap, text in seen if snap.kind == "conv"]
        assert len({text for _, text in convs}) >= 3, [snap.step for snap, _ in seen]
        assert convs[0][0].step == 0 and [snap.step for snap, _ in convs] == sorted(snap.step for snap, _ in convs)
        for snap, text in seen:
            assert text != final
            assert f"training… {'convnet' if snap.kind == 'conv' else 'fully connected net'} " \
                   f"step {snap.step}/400" in text
            # each net's strip: its snapshot's accuracy at every shift, and over all of them
            for name, net in (("convnet", snap if snap.kind == "conv" else convs[-1][0]),
                              ("fully c.", snap if snap.kind == "fc" else None)):
                row = next(line for line in text.splitlines() if line.startswith(name))
                if net is None:
                    assert "trains after the convnet" in row
                    continue
                strip = row[len(name):].split("%")[0].rsplit(" ", 1)[0].strip()
                cw = 1 if len(strip) == len(net.by_dx) else 3
                cells = "".join(acc_cell(net.by_dx[dx], cw)[0] for dx in sorted(net.by_dx))
                assert strip.replace(" ", "") == cells.replace(" ", "") and f"{100 * net.accuracy:.1f}%" in row
        assert any(snap.kind == "fc" for snap, _ in seen)
        assert "training…" not in final and "learned kernels" in final and "trains after" not in final
        assert f"{100 * c.conv_acc:.1f}%" in final and f"{100 * c.fc_acc:.1f}%" in final
        # the nets of a run without snapshots, from the same seed and steps
        plain = cv.one_thread_compare(seed=0, cfg=cv.TrainConfig(steps=400)).value
        assert c.conv.losses == plain.conv.losses and c.fc.losses == plain.fc.losses
        assert c.conv_by_dx == plain.conv_by_dx and c.fc_by_dx == plain.fc_by_dx
        assert np.array_equal(cv.kernels(c.conv), cv.kernels(plain.conv))
        assert screen.export_state() == {"options": {"view": "1", "steps": "400"}, "seed": 0}


async def test_esc_during_a_live_run_shows_the_nets_before_it(monkeypatch):
    from tui.screens import conv as screen_module

    app = make_app("conv", train_steps=30, preload_torch=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await trained_on_open(pilot, app)
        c, before = screen.state.comparison, screen.plot.plain_text()
        monkeypatch.setattr(screen_module, "MAX_STEPS", 10**6)
        app.settings.train_steps = 10**6
        seen = spy_live(screen)
        await pilot.press("r")
        await wait_for(pilot, lambda: len(seen) >= 2, timeout=60, what="live snapshots")
        assert "training… convnet step" in screen.plot.plain_text()
        assert screen.export_state() is None  # e saves the live picture as shown: no render command makes it
        await pilot.press("escape")
        await wait_for(pilot, lambda: not screen.training.is_running, what="cancel")
        await pilot.pause(0.2)
        assert screen.state.comparison is c and screen.state.live is None
        assert screen.plot.plain_text() == before and screen.export_state() is not None


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_the_live_picture_fits_its_widget_in_both_languages(size):
    """A run in training (the convnet's snapshot alone, then with the fully
    connected net's): every line fits the plot, nothing is dropped at the
    bottom, the live label is there whole, in English and Korean."""
    from models import conv as cv
    from tui.canvas import text_cells
    from tui.scenes.conv import VIEWS, ConvState, LiveConv, words

    snaps = []
    cv.compare(seed=0, cfg=cv.TrainConfig(steps=3, n_train=100), snapshot_when=lambda: False,
               on_snapshot=snaps.append)
    conv, fc = snaps
    w, h = await plot_size(size)
    for lang in ("en", "ko"):
        t = words(ConvState(lang=lang))
        for live in (LiveConv(3, conv), LiveConv(3, conv, fc)):
            st = ConvState(lang=lang, live=live)
            body = VIEWS[1](st, w, h - 2)
            assert len(body) <= h - 2, (lang, size, "lines dropped at the bottom")
            for line in body:
                assert sum(text_cells(s) for s, _ in line) <= w, (lang, size, line_text(line))
            text = "\n".join(line_text(line) for line in body)
            label = t["live_fc" if live.fc else "live_conv"].format(step=3, steps=3)
            assert label in text and (t["live_waits"] in text) == (live.fc is None)
            assert f"{100 * conv.accuracy:.1f}%" in text
