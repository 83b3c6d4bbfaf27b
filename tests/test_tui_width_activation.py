"""Issue 12: the Width lesson's sweep takes the activation (key a)."""

from __future__ import annotations

import pytest

from apptools import make_app, status_text, wait_for, wait_torch
from tui.screens.fold import FoldScreen
from tui.screens.width import WidthScreen


@pytest.fixture(autouse=True)
def _small(monkeypatch):
    monkeypatch.setattr(WidthScreen, "default_seeds", 4)
    yield


async def test_a_cycles_the_activation_and_the_sweep_trains_with_it():
    app = make_app("width", train_steps=40)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_torch(pilot, app)
        s = app.screen
        assert s.config().activation == "relu" and "activation" not in status_text(s)
        await pilot.press("a")
        assert s.config().activation == "leaky"
        await pilot.press("a")
        assert s.config().activation == "tanh"
        assert "activation tanh" in status_text(s)
        await pilot.press("w", "w", "w")  # widths 2,8
        await pilot.press("r")
        await wait_for(pilot, lambda: s.training is not None and not s.running, timeout=120, what="the sweep")
        await pilot.pause()
        assert [c.activation for c in s.state.cells] == ["tanh", "tanh"]
        assert "activation tanh" in status_text(s)
        await pilot.press("a")  # relu: the next run's settings differ from the sweep shown
        assert "next run (r): activation relu" in status_text(s).replace("\n", " ")
        await pilot.press("a", "a")  # back to tanh: the sweep shown is that of the settings again
        assert "next run" not in status_text(s)
        # a tanh seed opens in Fold as a tanh network
        cell = s.state.cells[0]
        if cell.failed_seeds:
            await pilot.press("o")
            await wait_for(pilot, lambda: isinstance(app.screen, FoldScreen) and app.screen.view is not None,
                           what="fold")
            assert app.screen.view.weights.activation == "tanh"
            assert "tanh · depth 4" in status_text(app.screen)


async def test_activation_in_korean_status():
    app = make_app("width", preload_torch=False, train_steps=40, lang="ko")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        s = app.screen
        await pilot.press("a", "a")
        assert "활성화 함수 tanh" in status_text(s)
