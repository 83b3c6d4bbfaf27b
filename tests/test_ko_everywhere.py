"""Korean everywhere (issue 13): in ko mode, every lesson's status line,
footer (key labels), plot titles (border titles and subtitles) and progress
row hold no English word but a few names Korean courses keep as they are,
at 80×24 and 120×40; and after L, back in English, the same places hold no
Hangul (the switch goes both ways, live).

A "word" is a run of ASCII letters, digits and "_" starting with a letter
and holding two letters in a row (conv1d and zero_grad are one word each;
w2, u1 or N_u, a symbol with its index, is none). The help overlay (?) is
checked too, and L back to English leaves no Hangul in those places."""

import re
import time

import pytest

from apptools import make_app, settled, wait_for, wait_torch
from tui.lessons import LESSONS

#: names a Korean deep-learning course writes in Latin letters
ALLOWED = {
    # methods, libraries and functions
    "ReLU", "leaky", "SVD", "PyTorch", "Adam", "SGD", "zero_grad", "conv1d", "conv2d", "backward", "step", "grad",
    "argmax", "max", "softmax", "tanh", "sigmoid", "sin", "cos", "exp", "log", "MSE", "optimizer", "SVG",
    # the variables and letters the lessons draw (dx, dy: a shift; ACGT: the symbols)
    "dx", "dy", "ACGT",
    # the language switch names both languages
    "English",
    # devices
    "cpu", "cuda", "mps", "CPU", "GPU",
    # keys (as the footer and the status lines name them)
    "Esc", "Enter", "enter", "space", "ctrl", "Tab", "tab", "PgUp", "PgDn",
    # data set names (the values of -o / --dataset on the command line)
    "circles", "moons", "spiral", "XOR",
    # a file format
    "CSV",
}

#: key names and the app's name, in the help overlay's key column and title
KEY_NAMES = {"tab", "shift", "super", "pageup", "pagedown", "pgup", "pgdn", "home", "end", "escape", "esc", "nn",
             "explorer"}

WORD = re.compile(r"(?<![A-Za-z0-9_])[A-Za-z][A-Za-z0-9_]*")
HANGUL = re.compile(r"[\uac00-\ud7a3]")

NOT_YET: dict[str, str] = {}  # lessons whose words are not in assets/words yet: none


def lessons():
    for lesson in LESSONS:
        marks = [pytest.mark.xfail(strict=False, reason=NOT_YET[lesson.key])] if lesson.key in NOT_YET else []
        yield pytest.param(lesson.key, marks=marks, id=lesson.key)


def english_words(text: str) -> list[str]:
    return [w for w in WORD.findall(text) if re.search("[A-Za-z]{2}", w) and w not in ALLOWED]


def shown_words(screen) -> dict[str, str]:
    """What the status line, the progress row, the footer's labels and the
    plots' titles say, by where they are."""
    from textual.content import Content
    from textual.widgets import Static
    from textual.widgets._footer import FooterKey

    out: dict[str, str] = {}
    for widget in screen.query("#status, #progress-text").results(Static):
        out[f"#{widget.id}"] = str(widget.render())
    out["footer"] = " | ".join(key.description for key in screen.query(FooterKey))
    for widget in screen.query("*"):
        for part in ("border_title", "border_subtitle"):
            value = getattr(widget, part, None)
            if value:
                out[f"{widget.__class__.__name__}#{widget.id}.{part}"] = Content.from_markup(str(value)).plain
    return out


def typed_literals(key: str) -> set[str]:
    """What the help overlay's list of state options shows as typed on the
    command line, the same in both languages: the lesson's key, ``render``,
    the option names, and the values their words name in both (relu, tanh,
    circles, …): a word the Korean help shows unchanged from the English."""
    from tui.lessons import BY_KEY

    lesson = BY_KEY[key]
    words = {key, "render"}
    for option in lesson.state_options:
        words.add(option.name)
        words |= set(WORD.findall(option.help_in("en"))) & set(WORD.findall(option.help_in("ko")))
    return words


def help_text(screen) -> str:
    from textual.content import Content
    from textual.widgets import Static

    box = screen.query_one("#help-box")
    parts = [str(screen.query_one("#help-text", Static).render()), str(box.border_title), str(box.border_subtitle)]
    return "\n".join(Content.from_markup(p).plain if "[" in p else p for p in parts)


def test_the_word_rule_is_not_vacuous():
    assert english_words("[b]circles[/b] · widths 2,8 · 스텝 100 · ReLU · zero_grad") == ["widths"]
    assert english_words("학습 중 95% · PyTorch: cpu · Esc · w2 = 0.5 · u1 · N_u") == []


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("key", lessons())
async def test_a_lesson_in_korean_shows_no_english_word(key, size):
    app = make_app(key, lang="ko", train_steps=40)
    async with app.run_test(size=size) as pilot:
        await wait_torch(pilot, app)
        await settled(pilot)
        await wait_for(pilot, lambda: not any(w.is_running for w in app.workers if w.group != "torch"),
                       timeout=120, what="the lesson's first work")
        await pilot.pause()
        found = {where: english_words(text) for where, text in shown_words(app.screen).items()}
        assert shown_words(app.screen)["footer"], "the footer shows no key"
        assert {where: words for where, words in found.items() if words} == {}
        # Textual blanks part of its docked "^p palette" key over Hangul keys: not shown in Korean
        assert not app.screen.query(".-command-palette")

        # the help overlay: every key's label and what it does
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: bool(app.screen.query("#help-text")), what="the help overlay")
        await pilot.pause()
        help_words = english_words(help_text(app.screen))
        assert [w for w in help_words if w not in KEY_NAMES and w not in typed_literals(key)] == []
        await pilot.press("escape")
        await pilot.pause()

        await pilot.press("L")  # live, both ways
        await pilot.pause()
        await pilot.pause()
        hangul = {where: text for where, text in shown_words(app.screen).items()
                  if HANGUL.search(text) and where != "#progress-text"}
        assert hangul == {}
        assert app.screen.query(".-command-palette")


@pytest.mark.parametrize("key", ["fold", "conv", "hypernet", "motif1d"])
async def test_a_lesson_training_in_korean_shows_no_english_word(key):
    """While a run trains and once it has ended (progress row, the run's
    curve and its legend, the status)."""
    app = make_app(key, lang="ko", train_steps=300)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_torch(pilot, app)
        await settled(pilot)
        await wait_for(pilot, lambda: not any(w.is_running for w in app.workers if w.group != "torch"),
                       timeout=120, what="the lesson's first work")
        await pilot.press("r")
        during: dict[str, list[str]] = {}
        t0 = time.monotonic()
        while time.monotonic() - t0 < 120:  # what it shows at every look while the run trains
            await pilot.pause(0.2)
            if app.screen.is_training:
                during.update({w: english_words(t) for w, t in shown_words(app.screen).items()})
            elif during or time.monotonic() - t0 > 10:
                break
        await wait_for(pilot, lambda: not app.screen.is_training, timeout=120, what="the run's end")
        await pilot.pause()
        after = {where: english_words(text) for where, text in shown_words(app.screen).items()}
        assert {where: words for where, words in {**during, **after}.items() if words} == {}
