"""Every lesson, in English and in Korean, at 80x24 and 120x40: no line of
text runs past its widget. Hangul takes two terminal cells; a scene that pads
or wraps by characters pushes the plot's right border off the row (the Width
lesson in Korean did). The check reads the composed screen cell by cell and
looks for every bordered widget's right border where its region ends."""

from __future__ import annotations

import pytest

from apptools import broken_borders, make_app, settled, wait_for
from tui.lessons import LESSONS

#: the states shown per lesson: each a list of keys pressed from the opening
#: screen (views with the most words in them)
STATES: dict[str, list[list[str]]] = {
    "fold": [[], ["end"], ["right", "right", "right", "right", "right"]],
    "width": [[]],
    "transform": [[], ["right"] * 4, ["h", "right", "right"], ["h", "h", "right", "right"]],
    "sharing": [[], ["b", "a", "a"], ["b", "a", "s"]],
    "hypernet": [[], ["l"]],
    "motif1d": [[], ["right"] * 5, ["end"]],
    "motif2d": [[], ["right", "up"], ["s"], ["g", "b", "n"]],
    "conv": [[], ["2"], ["2", "right", "right"], ["3"], ["3", "k", "k", "s"]],
}


def test_every_lesson_has_states_here():
    assert set(STATES) == {lesson.key for lesson in LESSONS}


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("lesson", list(STATES))
async def test_no_text_runs_past_its_widget(lesson, lang, size):
    app = make_app(lesson, preload_torch=False, lang=lang)
    async with app.run_test(size=size) as pilot:
        await settled(pilot)
        for keys in STATES[lesson]:
            if keys:
                await pilot.press(*keys)
                await pilot.pause()
            await pilot.pause()
            problems = broken_borders(app)
            assert not problems, f"{lesson} {lang} {size} after {keys}: {problems}"
            if keys:  # back to the opening state for the next keys
                app.open_lesson(lesson)
                await pilot.pause()
                await wait_for(pilot, lambda: getattr(app.screen, "ready", True), what="the lesson")
