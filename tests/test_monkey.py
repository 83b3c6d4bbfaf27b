"""The monkey test: thousands of random keys over every screen, and resizes
from 40x12 to 250x80. Nothing may raise."""

import random

from apptools import make_app, wait_for
from tui.lessons import LESSONS
from tui.screens.home import HomeScreen

# every key any screen binds, plus the keys people press by accident;
# not q / ctrl+q / ctrl+c (they quit, which ends the test early)
KEYS = ["right", "left", "shift+right", "shift+left", "home", "end", "space", "r", "w", "n", "d", "g", "c",
        "t", "L", "question_mark", "escape", "enter", "up", "down", "tab", "shift+tab", "pageup",
        "pagedown", "ctrl+p", "a", "x", "1", "9", "backspace", "delete", "f1", "ctrl+l"]
SIZES = [(40, 12), (59, 15), (60, 16), (80, 24), (120, 40), (160, 50), (250, 80), (100, 30)]
N_KEYS = 2400


async def test_monkey_every_screen():
    rng = random.Random(20261128)
    app = make_app(animate=True, anim_speed=4.0, train_steps=80)
    visited = set()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for i in range(N_KEYS):
            if i % 150 == 0:
                # steer: every built lesson gets its turn, and home too
                built = [lesson.key for lesson in LESSONS if lesson.built]
                if rng.random() < 0.2:
                    app.go_home()
                else:
                    app.open_lesson(rng.choice(built))
                await pilot.pause()
            if i % 97 == 0:
                await pilot.resize_terminal(*rng.choice(SIZES))
            key = rng.choice(KEYS)
            if isinstance(app.screen, HomeScreen) and key == "enter" and rng.random() < 0.5:
                key = "down"
            await pilot.press(key)
            visited.add(type(app.screen).__name__)
            if i % 50 == 0:
                await pilot.pause()
        await pilot.press("escape", "escape")
        await wait_for(pilot, lambda: not any(w.is_running for w in app.workers if w.group == "fold-train"),
                       timeout=120, what="training workers to finish")
    assert app.return_code in (None, 0)
    assert {"HomeScreen", "FoldScreen", "HelpScreen"} <= visited, visited
