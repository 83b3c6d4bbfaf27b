"""Helpers shared by the Pilot, snapshot and monkey tests."""

from __future__ import annotations

import time

from tui.app import NNExplorer, Settings


def make_app(lesson: str | None = None, **settings) -> NNExplorer:
    defaults = dict(animate=False, train_steps=120, cursor_blink=False)
    defaults.update(settings)
    return NNExplorer(lesson, Settings(**defaults))


async def wait_for(pilot, predicate, timeout: float = 60.0, what: str = "condition") -> None:
    t0 = time.monotonic()
    while not predicate():
        if time.monotonic() - t0 > timeout:
            raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what}")
        await pilot.pause(0.05)


async def wait_torch(pilot, app) -> None:
    app.load_torch()
    await wait_for(pilot, lambda: app.torch_status == "ready", what="PyTorch")


def status_text(screen) -> str:
    from textual.widgets import Static

    return str(screen.query_one("#status", Static).render())
