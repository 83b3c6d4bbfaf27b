"""Lesson screens that are left are freed (found by the soak benchmark: each
switch kept ~4 MB alive through app watchers and Textual's render caches)."""

from __future__ import annotations

import gc

from apptools import make_app, settled
from textual._styles_cache import StylesCache


def live(cls) -> int:
    gc.collect()
    return sum(isinstance(o, cls) for o in gc.get_objects())


async def test_lesson_screens_left_behind_are_freed():
    from tui.screens.fold import FoldScreen

    app = make_app("fold", preload_torch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settled(pilot)
        counts = []
        for _ in range(6):
            app.open_lesson("fold")
            await settled(pilot)
            app.go_home()
            await pilot.pause()
            counts.append((live(FoldScreen), live(StylesCache)))
        assert max(c[0] for c in counts) <= 2, counts
        assert counts[-1][1] <= counts[1][1] + 5, counts  # no growth, cycle after cycle
