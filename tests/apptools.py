"""Helpers shared by the Pilot, snapshot and monkey tests."""

from __future__ import annotations

import tempfile
import time

from tui.app import NNExplorer, Settings


def make_app(lesson: str | None = None, **settings) -> NNExplorer:
    # e (export) writes into a folder of its own, never into the checkout
    defaults = dict(animate=False, train_steps=120, cursor_blink=False,
                    export_dir=tempfile.mkdtemp(prefix="nnx-test-export-"))
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


async def settled(pilot) -> None:
    """Wait for what is filled in after the first paint (the explanation
    text, a lesson's first computation), so that a snapshot never races it.
    A lesson screen may define ``ready`` (a bool property) for its own part;
    the app may still be mounting its first screen when this starts."""
    from tui.widgets.explain import ExplanationPanel

    def ready() -> bool:
        screen = pilot.app.screen
        panels = screen.query(ExplanationPanel)
        return (bool(panels) and all(p.filled for p in panels) and getattr(screen, "view", True) is not None
                and getattr(screen, "ready", True))

    await wait_for(pilot, ready, timeout=30, what="the screen to settle")
    await pilot.pause()  # and let the update be painted
