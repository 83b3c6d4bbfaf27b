"""Pilot tests of the hypernetwork lesson, and its render command."""

import pytest

from apptools import make_app, status_text, wait_for
from tui.cli import main
from tui.screens.hypernet import HypernetScreen


async def trained(pilot, app):
    await wait_for(pilot, lambda: isinstance(app.screen, HypernetScreen) and app.screen.ready, timeout=120,
                   what="training")
    return app.screen


async def test_trains_on_open_then_retrains_and_toggles_lines():
    app = make_app("hypernet", preload_torch=False, train_steps=60)
    async with app.run_test(size=(100, 32)) as pilot:
        s = await trained(pilot, app)
        assert s.snap.step == 60 and s.counts == (34, 34)
        text = status_text(s)
        assert "step 60/60" in text and "hypernet" in text and "34 params each" in text
        fit = s.query_one("#fit").plain_text()
        assert any(0x2801 <= ord(c) <= 0x28FF for c in fit)
        first = s.snap
        await pilot.press("r")
        assert s.seed == 1
        await trained(pilot, app)
        assert s.snap is not first and "seed 1" in status_text(s)
        n = len(s.query_one("#fit").scene.layers)
        await pilot.press("l")
        assert not s.show_local and len(s.query_one("#fit").scene.layers) == n - 1


async def test_escape_cancels_training_and_keeps_the_last_state(monkeypatch):
    from tui.screens import hypernet as screen_module

    # a run far too long to end before Esc, however fast the machine
    monkeypatch.setattr(screen_module, "MAX_STEPS", 10**6)
    app = make_app(preload_torch=False, train_steps=10**6)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.open_lesson("hypernet")  # from home: the second Esc goes back there
        await wait_for(pilot, lambda: isinstance(app.screen, HypernetScreen) and app.screen.snap is not None,
                       timeout=120, what="a first report")
        s = app.screen
        await pilot.press("escape")
        await wait_for(pilot, lambda: not s.training.is_running, timeout=30, what="the cancel")
        assert isinstance(app.screen, HypernetScreen)  # Esc cancelled, it did not leave
        assert s.snap is not None and s.snap.step < 10**6 and "cancelled" in status_text(s)
        await pilot.press("escape")
        assert not isinstance(app.screen, HypernetScreen)


def test_render_hypernet_plain_text(capsys):
    assert main(["render", "hypernet", "--no-color", "--size", "80x30", "--step", "40"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 30 and all(len(line) <= 80 for line in out)
    assert out[0].startswith("Hypernetwork") and "step 40/40" in " ".join(out[:3])
    assert "the weights H writes, as functions of x" in out
    # without colour the curves are drawn with their glyphs (issue 13), the zero line in braille
    assert sum(0x2801 <= ord(c) <= 0x28FF or c in "o12~" for line in out[4:] for c in line) > 100


@pytest.mark.parametrize("argv,needle", [
    (["--step", "9999"], "step 9999 is out of range"),
    (["--dataset", "moons"], "takes no --dataset"),
    (["--size", "80x20"], "too small"),
])
def test_render_hypernet_bad_values_exit_2(capsys, argv, needle):
    assert main(["render", "hypernet", *argv]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("nn-explorer: ") and needle in err[0], err


# ------------------------------------------------ opening, whatever PyTorch is doing
from lessonroutes import FORCED_ERROR, ROUTES, STATES, app_for, reach  # noqa: E402


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("route", ROUTES)
async def test_trains_on_open_by_every_route_in_every_torch_state(route, state):
    app = app_for("hypernet", route, state, train_steps=30)
    async with app.run_test(size=(100, 32)) as pilot:
        await reach(pilot, app, "hypernet", route, state, HypernetScreen)
        s = app.screen
        if state == "failed":
            await pilot.pause(0.3)
            said = s.query_one("#loss").plain_text()
            assert s.snap is None and not s.pending_train
            assert "PyTorch could not be loaded" in said and FORCED_ERROR.split(":")[0] in said
            assert "loading PyTorch" not in status_text(s) and "could not be loaded" in status_text(s)
            return
        if state == "loading":
            await pilot.pause(0.3)
            assert s.pending_train and s.snap is None
            app._torch_ready("cpu")
        s = await trained(pilot, app)
        assert s.snap.step == 30 and "step 30/30" in status_text(s)


async def test_networks_trained_on_an_earlier_visit_are_there_on_the_next():
    from tui.screens.home import HomeScreen

    app = app_for("hypernet", "home", "ready", train_steps=30)
    async with app.run_test(size=(100, 32)) as pilot:
        await reach(pilot, app, "hypernet", "home", "ready", HypernetScreen)
        s = await trained(pilot, app)
        snap, note, export = s.snap, s.note, s.export_state()
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen), what="home")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, HypernetScreen) and app.screen.ready, what="again")
        again = app.screen
        await pilot.pause(0.3)
        assert again is not s and again.snap is snap and again.training is None and again.note == note
        assert "step 30/30" in status_text(again) and again.export_state() == export
        assert again.query_one("#fit").scene is not None
        await pilot.press("r")
        assert again.seed == s.seed + 1 and again.training is not None


# ------------------------------------------------ what the plots show
SIZES = [(80, 24), (120, 40)]


@pytest.fixture(scope="module")
def run60():
    """A short run (the fits still off the data in places), its data and counts."""
    import numpy as np

    from models import hypernet as hn

    cfg = hn.HyperConfig()
    snap = hn.train(cfg, seed=0, steps=60).value
    x, y, _, _ = hn.make_data(cfg)
    return snap, np.concatenate([x.numpy(), y.numpy()], 1), (34, 34)


def styles_count(lines, style, glyph=None):
    return sum(len(text) if glyph is None else text.count(glyph) for line in lines for text, st in line
               if st == style and text.strip())


async def widget_sizes(size):
    app = make_app("hypernet", preload_torch=False, train_steps=10)
    async with app.run_test(size=size) as pilot:
        s = await trained(pilot, app)
        return {name: (s.query_one(f"#{name}").content_region.width, s.query_one(f"#{name}").content_region.height)
                for name in ("fit", "weights", "loss")} | {"main": (s.export_plot().content_region.width,
                                                                     s.export_plot().content_region.height)}


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_both_fits_and_the_data_are_drawn_distinctly(size, run60):
    """(Issue 15: the data were almost invisible and the plain fit hid under
    the hypernet's.) The hypernet is a braille line, the plain net a dotted
    line of • marks at its own fit (over the braille, so both show where they
    overlap), the data a bright layer that shows where the fits miss it, and
    all of it in front of the fits with d."""
    import numpy as np

    from tui.canvas import render_runs
    from tui.scenes import hypernet as sc

    snap, data, _ = run60
    w, h = (await widget_sizes(size))["fit"]
    behind = render_runs(sc.fit_scene(snap, data), w, h)
    front = render_runs(sc.fit_scene(snap, data, data_front=True), w, h)
    marks = sc.plain_marks(snap)
    assert len(marks) == sc.PLAIN_MARKS and all(m.text == sc.PLAIN_GLYPH for m in marks)
    assert np.allclose([m.y for m in marks], np.interp([m.x for m in marks], snap.xs, snap.plain_fit))
    for lines in (behind, front):
        assert styles_count(lines, sc.PLAIN_STYLE, sc.PLAIN_GLYPH) >= sc.PLAIN_MARKS - 2  # (two may share a cell)
        assert styles_count(lines, sc.HYPER_STYLE) > 0 and styles_count(lines, sc.DATA_STYLE) > 0
    assert styles_count(front, sc.DATA_STYLE) > styles_count(behind, sc.DATA_STYLE)
    assert sc.fit_scene(snap, data).layers[0].name == "data"
    assert sc.fit_scene(snap, data, data_front=True).layers[-1].name == "data"


async def test_legends_say_what_is_drawn_and_d_brings_the_data_forward():
    from tui.scenes import hypernet as sc

    app = make_app("hypernet", preload_torch=False, train_steps=20)
    async with app.run_test(size=(100, 32)) as pilot:
        s = await trained(pilot, app)
        fit = s.query_one("#fit")
        legend = str(fit.border_subtitle)  # (Textual writes the closing tags out)
        assert f"[{sc.PLAIN_STYLE}]{sc.PLAIN_GLYPH} {sc.PLAIN_GLYPH} plain[/{sc.PLAIN_STYLE}]" in legend
        assert f"[{sc.HYPER_STYLE}]⣀⣀ hypernet[/{sc.HYPER_STYLE}]" in legend
        assert f"[{sc.DATA_STYLE}]⠂⠄ data[/{sc.DATA_STYLE}]" in legend
        assert fit.scene.layers[0].name == "data" and s.export_state() is not None
        await pilot.press("d")
        assert fit.scene.layers[-1].name == "data" and "data (in front)" in str(fit.border_subtitle)
        assert s.export_state() is None  # render draws the data behind: e saves the plots as shown
        await pilot.press("d")
        assert fit.scene.layers[0].name == "data"


def test_loss_rows_follow_both_curves_on_one_scale():
    import numpy as np

    from models.hypernet import Snapshot
    from tui.canvas import text_cells
    from tui.scenes import hypernet as sc

    z = np.zeros(3)
    hyper = np.geomspace(1.0, 0.001, 100)  # three decades down
    plain = np.geomspace(1.0, 0.1, 100)  # one decade down
    snap = Snapshot(100, 100, z, np.zeros((3, 2)), z, z, 0.001, 0.1, 0.001, 0.1, hyper, plain)
    for lang in ("en", "ko"):
        for width in (30, 47, 73):
            rows = sc.loss_rows(snap, width, lang)
            assert len(rows) == 2 and all(sum(text_cells(t) for t, _ in r) == width for r in rows)
            texts = ["".join(t for t, _ in r) for r in rows]
            w = sc.words(lang)
            assert texts[0].startswith(w["hypernet"]) and texts[1].startswith(w["plain"])
            assert texts[0].rstrip().endswith("1 → 0.001") and texts[1].rstrip().endswith("1 → 0.1")
            bars = ["".join(c for c in t if c in sc.SPARK) for t in texts]
            assert bars[0][0] == bars[1][0] == "█" and bars[0][-1] == "▁"
            assert sc.SPARK.index(bars[1][-1]) == 5  # one decade of three: 2/3 of the way up
            assert all(sc.SPARK.index(a) <= sc.SPARK.index(b) for a, b in zip(bars[0], bars[1]))
            assert bars[0] != bars[1]
    assert sc.loss_title(snap) == "training MSE (log scale): ▁ 0.001 … █ 1"


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_every_line_fits_in_both_languages(size, run60):
    """The loss rows and the text e saves are measured in cells: Korean
    labels never push a line past its widget."""
    from tui.canvas import text_cells
    from tui.scenes import hypernet as sc

    snap, data, counts = run60
    sizes = await widget_sizes(size)
    for lang in ("en", "ko"):
        for local in (True, False):
            lines = sc.picture(snap, data, counts, *sizes["main"], local=local, lang=lang)
            assert len(lines) == sizes["main"][1]
            assert all(sum(text_cells(t) for t, _ in line) == sizes["main"][0] for line in lines), lang
        rows = sc.loss_rows(snap, sizes["loss"][0], lang)
        assert all(sum(text_cells(t) for t, _ in r) == sizes["loss"][0] for r in rows)
        # the box's title (the scale's two ends) is never cut by the border: even with long numbers
        assert text_cells(sc.words(lang)["loss"].format(lo="1.23e-05", hi="12.3")) + 4 <= sizes["loss"][0]
        assert text_cells(sc.loss_title(snap, lang)) + 4 <= sizes["loss"][0]
        for items in (sc.fit_legend(lang), sc.weights_legend(lang)):
            legend = sc.legend_runs(items, sizes["fit"][0])
            assert sum(text_cells(t) for t, _ in legend) == sizes["fit"][0]


async def test_the_screen_shows_the_loss_rows_and_korean_words():
    app = make_app("hypernet", preload_torch=False, train_steps=30)
    async with app.run_test(size=(120, 40)) as pilot:
        s = await trained(pilot, app)
        loss = s.query_one("#loss")
        text = loss.plain_text()
        assert text.splitlines()[0].startswith("hypernet") and text.splitlines()[1].startswith("plain")
        assert f"{s.snap.hyper_losses[-1]:.3g}" in text and f"{s.snap.plain_losses[-1]:.3g}" in text
        assert "training MSE (log scale)" in str(loss.border_title)
        await pilot.press("L")
        assert "스텝 30/30" in status_text(s) and "하이퍼넷" in loss.plain_text()
        assert "학습 MSE (로그 눈금)" in str(loss.border_title) and "적합" in str(s.query_one("#fit").border_title)
        # render speaks Korean too (issue 13): e names -o lang=ko
        assert s.export_state() == {"step": 30, "seed": 0, "options": {"lang": "ko"}}


async def test_e_draws_the_run_on_screen_without_training_again(tmp_path, monkeypatch, capsys):
    """(Issue 15: e re-ran the training through render, 3–4 s on the UI
    thread.) Once trained, training is made impossible; e still writes the
    text render prints for that run."""
    from models import hypernet as hn
    from tui.scenes import hypernet as sc

    app = make_app("hypernet", preload_torch=False, train_steps=40, export_dir=str(tmp_path))
    async with app.run_test(size=(110, 34)) as pilot:
        s = await trained(pilot, app)
        real = hn.train

        def no_training(*args, **kwargs):
            raise AssertionError("e trained again")

        monkeypatch.setattr(hn, "train", no_training)
        await pilot.press("e")
        await wait_for(pilot, lambda: any(tmp_path.glob("*.txt")), what="the export")
        messages = [n.message for n in app._notifications]
        main_size = (s.export_plot().content_region.width, s.export_plot().content_region.height)
        from tui import charset as cs

        with cs.using(color=False):  # e saves what render --no-color prints: series by glyph (issue 13)
            expected = sc.picture(s.snap, s.data_xy, s.counts, *main_size)
    assert not any("trained again" in m for m in messages)
    (txt,) = tmp_path.glob("*.txt")
    from tui.canvas import runs_to_plain

    assert txt.read_text(encoding="utf-8") == runs_to_plain(expected) + "\n"
    monkeypatch.setattr(hn, "train", real)
    command = next(m for m in messages if "Same text" in m).split("Same text: ")[1].split()
    capsys.readouterr()
    assert main(command[1:]) == 0 and capsys.readouterr().out == txt.read_text(encoding="utf-8")


def test_korean_text_uses_the_course_words():
    from pathlib import Path

    ko = (Path(__file__).parent.parent / "assets" / "lessons" / "ko" / "hypernet.md").read_text(encoding="utf-8")
    assert "비용의 그래디언트" in ko and "비용의 기울기" not in ko  # 기울기 is the line's slope only
    for wrong in ("최적화기", "lr ", "걸음", "상태 줄", " %"):
        assert wrong not in ko, wrong
    assert "옵티마이저" in ko and "학습률" in ko and "스텝" in ko and "상태 표시줄" in ko


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_waiting_and_failure_text_fits_in_korean(size):
    """Before the first snapshot the words go in the loss box, wrapped by
    cells: Korean never pushes them through a border."""
    from lessonroutes import force_torch

    from tui.canvas import text_cells

    app = make_app("hypernet", preload_torch=False, lang="ko")
    force_torch(app, "loading")
    async with app.run_test(size=size) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, HypernetScreen) and app.screen.is_mounted, what="mount")
        await pilot.pause(0.2)
        s = app.screen
        box = s.query_one("#loss")
        assert "PyTorch 불러오는 중" in box.plain_text() and "불러오는 중" in status_text(s)
        app.torch_error = "ImportError: 모듈이 없다 (테스트가 만든 오류)"
        app.torch_status = "failed"
        await pilot.pause()
        assert "PyTorch를 불러오지 못했다" in box.plain_text()
        assert all(sum(text_cells(t) for t, _ in line) <= box.content_region.width for line in box.lines)
        assert s.ready and not s.pending_train
