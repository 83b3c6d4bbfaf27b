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
    assert sum(0x2801 <= ord(c) <= 0x28FF for line in out for c in line) > 100


@pytest.mark.parametrize("argv,needle", [
    (["-o", "x=1"], "takes no options"),
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
            fit = s.query_one("#fit").plain_text()
            assert s.snap is None and not s.pending_train
            assert "PyTorch could not be loaded" in fit and FORCED_ERROR.split(":")[0] in fit
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
