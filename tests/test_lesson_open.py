"""Every lesson does its opening work however it is reached and whatever
PyTorch is doing at that moment.

A lesson that trains on open (conv, hypernet) or waits for PyTorch to show
its numbers (transform, sharing, motif1d's gradients) must get there when it
is opened from the command line, from the home list or from the palette, and
with PyTorch not loaded yet, loading, loaded, or failed to load. The conv
lesson once never trained when opened from the home list after PyTorch had
loaded: it waited for a "PyTorch is ready" change that had already happened.

The check reads the screen as the user does: once the lesson's work is over,
nothing on it still says that it is loading PyTorch or that it will train;
after a failed import, the screen says that PyTorch failed."""

from __future__ import annotations

import time

import pytest

from apptools import make_app, screen_cells, settled, wait_for, wait_torch
from tui.lessons import LESSONS

#: words that promise work still to come
WAITING = ("loading PyTorch", "PyTorch: loading", "PyTorch 불러오는 중", "PyTorch: 불러오는 중", "not trained yet", "then the two networks train",
           "training…", "학습하는 중")
FAILED = ("PyTorch failed", "cannot train", "could not be loaded", "PyTorch를 불러오지 못")

#: lessons whose opening needs PyTorch (to train, or to compute what they show)
NEEDS_TORCH = ("transform", "sharing", "hypernet", "motif1d", "conv")


def cases() -> list[tuple[str, str, str]]:
    """(lesson, route, PyTorch's state when the lesson opens). Started from
    the command line, the lesson is the first screen: PyTorch is idle, or
    already failed. From the home list, any state. From the palette (the
    same opening as the list) PyTorch is ready, the case that went wrong.
    Lessons that do not need PyTorch to open: once with it idle, once failed."""
    out = []
    for lesson in LESSONS:
        if lesson.key in NEEDS_TORCH:
            out += [(lesson.key, "command line", s) for s in ("idle", "failed")]
            out += [(lesson.key, "home list", s) for s in ("idle", "loading", "ready", "failed")]
            out += [(lesson.key, "palette", "ready")]
        else:
            out += [(lesson.key, "command line", "idle"), (lesson.key, "home list", "failed")]
    return out


def shown(app) -> str:
    return "\n".join("".join(row) for row in screen_cells(app))


async def open_by(pilot, app, route: str, key: str) -> None:
    if route == "command line":
        return  # the app was started on the lesson
    if route == "home list":
        index = [lesson.key for lesson in LESSONS].index(key)
        await pilot.press("home", *["down"] * index, "enter")
    else:
        title = next(lesson.title for lesson in LESSONS if lesson.key == key)
        await pilot.press("ctrl+p")
        await pilot.pause(0.3)
        await pilot.press(*title)
        await wait_for(pilot, lambda: "--command-palette" in [s.id for s in app.screen_stack],
                       what="the palette")
        await pilot.pause(0.6)  # the palette batches its results
        await pilot.press("enter")
    await wait_for(pilot, lambda: getattr(app.screen, "lesson_key", "") == key, what=f"{key} to open")


async def idle_workers(pilot, app, timeout: float = 120) -> None:
    """No lesson worker running (the torch import aside) for a moment."""
    quiet_since = None
    t0 = time.monotonic()
    while True:
        busy = any(w.is_running for w in app.workers if w.group != "torch") or app.torch_status == "loading"
        now = time.monotonic()
        if busy:
            quiet_since = None
        elif quiet_since is None:
            quiet_since = now
        elif now - quiet_since > 0.5:
            return
        if now - t0 > timeout:
            raise AssertionError(f"the lesson was still busy after {timeout:.0f}s")
        await pilot.pause(0.1)


@pytest.mark.parametrize("key,route,state", cases())
async def test_a_lesson_does_its_opening_work_however_reached(key, route, state):
    start = key if route == "command line" else None
    app = make_app(start, train_steps=60)
    if state == "failed":  # every attempt to import PyTorch fails, from the start
        def failing_import() -> None:
            app.torch_status = "loading"
            app.call_later(app._torch_failed, "ImportError: no module named torch (test)")

        app._load_torch = failing_import
    async with app.run_test(size=(120, 40)) as pilot:
        if state == "ready":
            await wait_torch(pilot, app)
        elif state == "loading":
            app.load_torch()
        elif state == "failed":
            app.load_torch()
            await wait_for(pilot, lambda: app.torch_status == "failed", what="the failed import")
        if start is None:
            await settled(pilot)
        await open_by(pilot, app, route, key)
        if state == "failed":  # a lesson that needs PyTorch never gets its first picture: no "ready"
            await wait_for(pilot, lambda: all(p.filled for p in app.screen.query("ExplanationPanel")),
                           what="the lesson's text")
            await pilot.pause(0.3)
        else:
            await settled(pilot)
        if state == "loading" and start is None:
            assert app.torch_status in ("loading", "ready")
        await idle_workers(pilot, app)
        await pilot.pause(0.2)
        text = shown(app)
        if state == "failed":
            # "not trained yet" is true then; a promise to load or train is not
            waiting = [w for w in WAITING if w in text and w != "not trained yet"]
            assert not waiting, f"{key} via {route}, PyTorch failed: still says {waiting}:\n{text}"
            if key in NEEDS_TORCH and key != "motif1d":  # motif1d shows its sequence without PyTorch
                assert any(f in text for f in FAILED), f"{key}: the failure is not shown:\n{text}"
        else:
            assert app.torch_status == "ready"
            waiting = [w for w in WAITING if w in text]
            assert not waiting, f"{key} via {route}, PyTorch {state}: still says {waiting}:\n{text}"
