"""The monkey test: thousands of random keys over every screen, and resizes
from 40x12 to 250x80. Nothing may raise."""

import random

from apptools import make_app, wait_for
from tui.lessons import LESSONS
from textual.command import CommandPalette

from tui.screens.home import HomeScreen

# keys that quit (they would end the test early)
QUIT_KEYS = {"q", "ctrl+q", "ctrl+c"}
# keys people press by accident, plus the app's and the home screen's
EXTRA_KEYS = ["t", "L", "question_mark", "escape", "enter", "up", "down", "tab", "shift+tab", "pageup",
              "pagedown", "ctrl+p", "a", "x", "1", "9", "backspace", "delete", "f1", "ctrl+l", "plus",
              "minus", "space", "right", "left"]
SIZES = [(40, 12), (59, 15), (60, 16), (80, 24), (120, 40), (160, 50), (250, 80), (100, 30)]
KEYS_PER_LESSON = 300  # 2,700 keys over 8 lessons and home
#: keys typed into the command palette before it is closed with Esc. Each one
#: there costs ~0.15 s (the palette waits to batch its search results), and
#: only Esc or Enter leave it: measured, the palette had taken 234 s of the
#: test's 320 s with 200 keys a lesson.
PALETTE_KEYS = 6


def built_lessons() -> list[str]:
    return [lesson.key for lesson in LESSONS]


def screen_class(key: str):
    return next(lesson for lesson in LESSONS if lesson.key == key).screen_class()


def every_key() -> list[str]:
    """Every key any lesson screen binds (so each one is exercised), plus the extras."""
    keys = set(EXTRA_KEYS)
    for key in built_lessons():
        for binding in screen_class(key).BINDINGS:
            for k in binding.key.split(","):
                keys.add(k.strip())
    return sorted(keys - QUIT_KEYS)


async def test_monkey_every_screen(monkeypatch):
    # Pilot waits after every key until the process looks idle (at least 20 ms,
    # at most 1 s, twice): while a lesson trains in the background that is 2 s
    # a key (measured), though the app itself answers in ~13 ms then. The
    # monkey only needs each key's messages handled, which press() still
    # waits for; a short sleep lets background work move on between keys.
    import asyncio

    import textual.app
    import textual.pilot

    async def short_idle(min_sleep: float = 0.0, max_sleep: float = 1.0) -> None:
        await asyncio.sleep(0.005)

    monkeypatch.setattr(textual.app, "wait_for_idle", short_idle)
    monkeypatch.setattr(textual.pilot, "wait_for_idle", short_idle)
    rng = random.Random(20261128)
    keys = every_key()
    lessons = built_lessons()
    n_keys = KEYS_PER_LESSON * (len(lessons) + 1)
    # started on a lesson, as `nn-explorer LESSON` does (that lesson is the bottom screen)
    app = make_app(lessons[0], animate=True, anim_speed=4.0, train_steps=80)
    visited = set()
    in_palette = 0
    async with app.run_test(size=(80, 24)) as pilot:
        app.animation_level = "none"  # Textual's own scroll animations (Help's end/home took ~1 s a key)
        await pilot.pause()
        for i in range(n_keys):
            if i % 150 == 0:
                # steer: every lesson gets its turn, and home too
                turn = i // 150
                if turn % (len(lessons) + 1) == len(lessons):
                    app.go_home()
                elif turn < len(lessons) + 1:  # first round: every lesson in order
                    app.open_lesson(lessons[turn])
                else:
                    app.open_lesson(rng.choice(lessons))
                await pilot.pause()
            if i % 97 == 0:
                await pilot.resize_terminal(*rng.choice(SIZES))
            key = rng.choice(keys)
            if isinstance(app.screen, HomeScreen) and key == "enter" and rng.random() < 0.5:
                key = "down"
            in_palette = in_palette + 1 if isinstance(app.screen, CommandPalette) else 0
            if in_palette > PALETTE_KEYS:
                key = "escape"
            await pilot.press(key)
            visited.add(type(app.screen).__name__)
            if i % 50 == 0:
                await pilot.pause()
        await pilot.press("escape", "escape")
        await wait_for(pilot, lambda: not any(w.is_running for w in app.workers if w.group != "torch"),
                       timeout=180, what="workers to finish")
    assert app.return_code in (None, 0)
    expected = {"HomeScreen", "HelpScreen"} | {screen_class(k).__name__ for k in lessons}
    assert expected <= visited, expected - visited
