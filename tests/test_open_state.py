"""``nn-explorer LESSON`` takes every state option ``render LESSON`` takes
(issue 12, "any state from the command line"): the same names, checked by
the same code (tui/state.py, each lesson's ``parse_state``), with the same
one-line errors; the app opens exactly there, and ``e`` then saves what
``render`` prints for that state and names both commands."""

from __future__ import annotations

import subprocess
import sys

import pytest

from apptools import make_app, settled, wait_for, wait_torch
from tui.cli import main
from tui.lessons import LESSONS
from tui.render import RenderError
from tui.state import number, whole, within

KEYS = [lesson.key for lesson in LESSONS]

#: a state other than the one each lesson opens in, as nn-explorer LESSON's arguments; and
#: the words the app's command (e's notification) must hold for it
GOOD = {
    "fold-shipped": (["--dataset", "circles", "--width", "3", "--step", "5"],
                     ["--step", "5", "--dataset", "circles", "--width", "3"]),
    "fold-tanh": (["--dataset", "circles", "--width", "3", "--step", "5", "-o", "activation=tanh",
                   "-o", "steps=100"], ["--step", "5", "-o", "activation=tanh", "-o", "steps=100"]),
    "width": (["--width", "8", "-o", "seeds=10", "-o", "steps=30", "-o", "widths=2,8"],
              ["--width", "8", "-o", "seeds=10", "-o", "steps=30", "-o", "widths=2,8"]),
    "transform": (["--step", "4", "-o", "map=curve", "-o", "eta=0.1"],
                  ["--step", "4", "-o", "map=curve", "-o", "eta=0.1"]),
    "sharing": (["--step", "2", "-o", "passes=3"], ["--step", "2", "-o", "passes=3"]),
    "hypernet": (["--step", "50"], ["--step", "50"]),
    "motif1d": (["--step", "7", "-o", "kind=symbols", "-o", "shift=-3"],
                ["-o", "kind=symbols", "-o", "pos=7", "-o", "shift=-3"]),
    "motif1d-trained": (["-o", "detector=trained", "-o", "index=3"], ["-o", "detector=trained", "-o", "index=3"]),
    "motif2d": (["-o", "glyph=D", "-o", "dx=2", "-o", "thick=1"], ["-o", "glyph=D", "-o", "dx=2", "-o", "thick=1"]),
    "conv-trained": (["-o", "view=1", "-o", "steps=40"], ["-o", "view=1", "-o", "steps=40"]),
    "conv-sizes": (["-o", "view=3", "-o", "n=50", "-o", "k=7"], ["-o", "view=3", "-o", "n=50", "-o", "k=7"]),
}


def test_every_lesson_has_a_good_state_here():
    assert {case.split("-")[0] for case in GOOD} == set(KEYS)


def test_transform_s_light_constants_are_the_model_s():
    from models import transform as tf
    from tui.scenes import transform as scene

    assert (scene.MAP_KEYS, scene.ETAS, scene.DEFAULT_ETA) == (tf.MAP_KEYS, tf.ETAS, tf.DEFAULT_ETA)


@pytest.mark.parametrize("lesson", LESSONS, ids=KEYS)
def test_every_lesson_opens_in_a_state(lesson):
    """The contract: the scene checks a state (parse_state) and draws it
    (draw); the screen opens on it (apply_state, not the base's refusal)."""
    from tui.screens.lesson import LessonScreen
    from tui.state import scene_module

    scene = scene_module(lesson.key)
    assert callable(scene.parse_state) and callable(scene.draw)
    assert lesson.screen_class().apply_state is not LessonScreen.apply_state


def exported(folder, suffix):
    return sorted(p for p in folder.iterdir() if p.suffix == suffix)


def contains(words: list[str], part: list[str]) -> bool:
    """Every (flag, value) pair of ``part`` is one of ``words``' (in any order)."""
    pairs = set(zip(words, words[1:]))
    return all((flag, value) in pairs for flag, value in zip(part[::2], part[1::2]))


@pytest.mark.parametrize("case", list(GOOD))
async def test_the_app_opened_in_a_state_shows_what_render_prints(tmp_path, capsys, case):
    lesson = case.split("-")[0]
    argv, words = GOOD[case]
    # (motif1d's t trains min(300, train_steps) steps: render's detector=trained is 300)
    app = make_app(lesson, argv, preload_torch=False, export_dir=str(tmp_path),
                   **({"train_steps": 2000} if case == "motif1d-trained" else {}))
    async with app.run_test(size=(110, 34)) as pilot:
        await settled(pilot)
        await wait_torch(pilot, app)
        await pilot.pause(0.3)
        await wait_for(pilot, lambda: not app.screen.pending_train
                       and not any(w.is_running for w in app.workers if w.group != "torch"),
                       timeout=180, what="the lesson's work")
        await pilot.pause(0.3)
        assert app.screen.export_state() is not None, app.screen.export_state
        await pilot.press("e")
        await wait_for(pilot, lambda: len(exported(tmp_path, ".svg")) == 1, what="the export")
        messages = [n.message for n in app._notifications]
    (txt,) = exported(tmp_path, ".txt")
    (message,) = [m for m in messages if "Saved" in m]
    opened = message.split("The app in this state: ")[1].split("\n")[0].split()
    rendered = message.split("Same text: ")[1].split()
    assert opened[:2] == ["nn-explorer", lesson] and contains(opened, words), opened
    assert rendered[:3] == ["nn-explorer", "render", lesson]
    size = rendered[rendered.index("--size") + 1]
    # render of the state asked for (not of what the app says it shows): the same text
    capsys.readouterr()
    assert main(["render", lesson, *argv, "--size", size, "--no-color"]) == 0
    assert capsys.readouterr().out == txt.read_text(encoding="utf-8")
    # and the app's own command names the same state: its render prints it too
    opened_state = [w for w in opened[2:]]
    assert main(["render", lesson, *opened_state, "--size", size, "--no-color"]) == 0
    assert capsys.readouterr().out == txt.read_text(encoding="utf-8")


@pytest.fixture
def no_app(monkeypatch):
    """The app is never started: a state that passes is recorded instead."""
    from tui.app import NNExplorer

    started = []

    def run(self, *args, **kwargs):
        started.append(self)

    monkeypatch.setattr(NNExplorer, "run", run)
    return started


def one_line(capsys) -> str:
    out = capsys.readouterr()
    lines = out.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("nn-explorer: ") and "Traceback" not in out.err, out.err
    assert out.out == ""
    return lines[0]


@pytest.mark.parametrize("case", list(GOOD))
def test_a_good_state_reaches_the_lesson_screen(capsys, no_app, case):
    lesson = case.split("-")[0]
    argv, _words = GOOD[case]
    assert main([lesson, *argv]) == 0
    (app,) = no_app
    state = app.lesson_memory[lesson]["open_state"]
    assert type(state).__module__ == f"tui.scenes.{lesson}"
    assert app.start_lesson == lesson


def bad_values(lesson):
    """(arguments, why) for each state option of ``lesson``: a value it cannot take."""
    cases = [(["-o", f"{option.name}=%bad%"], option.name) for option in lesson.options]
    cases.append((["-o", "zz=1"], "unknown option"))
    flags = {option.name for option in lesson.flags}
    cases.append((["--step", "99999"], "step") if "step" in flags else (["--step", "3"], "no --step"))
    cases.append((["--dataset", "mnist"], "dataset") if "dataset" in flags else (["--dataset", "circles"], "no --dataset"))
    if "width" in flags:
        cases.append((["--width", "5"], "width"))
    return cases


@pytest.mark.parametrize("lesson", LESSONS, ids=KEYS)
def test_a_bad_state_is_render_s_one_line_error_before_the_app_starts(capsys, no_app, lesson, tmp_path):
    for argv, why in bad_values(lesson):
        if argv == ["-o", "data=%bad%"]:
            argv = ["-o", f"data={tmp_path / 'none.csv'}"]
        code = main([lesson.key, *argv])
        line = one_line(capsys)
        assert code == 2 and not no_app, (argv, why, line)
        assert main(["render", lesson.key, "--size", "60x20", *argv]) == 2
        assert one_line(capsys) == line, (argv, why)  # the same message as render's


def test_fold_data_and_dataset_is_render_s_error(capsys, no_app, tmp_path):
    data = tmp_path / "mine.csv"
    data.write_text("x,y,label\n" + "".join(f"{i / 10},{-i / 10},{i % 2}\n" for i in range(20)), encoding="utf-8")
    for argv in (["--data", str(data)], ["-o", f"data={data}"]):
        assert main(["fold", *argv, "--dataset", "circles"]) == 2
        line = one_line(capsys)
        assert "--dataset and --data cannot both be given" in line and not no_app
        assert main(["render", "fold", *argv, "--dataset", "circles"]) == 2
        assert one_line(capsys) == line
    assert main(["fold", "--data", str(data), "--width", "3", "--step", "2"]) == 0
    (app,) = no_app
    state = app.lesson_memory["fold"]["open_state"]
    assert (state.width, state.step, state.data.name) == (3, 2, app.lesson_memory["fold"]["user_data"].name)


def test_state_options_go_with_a_lesson(capsys, no_app):
    assert main(["--step", "3"]) == 2
    assert "go with a lesson" in one_line(capsys)


def test_lang_and_o_lang_must_agree(capsys, no_app):
    assert main(["fold", "--lang", "ko", "-o", "lang=en"]) == 2
    assert "differ" in one_line(capsys)
    assert main(["fold", "-o", "lang=ko", "--step", "3"]) == 0
    (app,) = no_app
    assert app.settings.lang in ("ko", "en")  # (ko; en with a notice where the charset has no Hangul)


@pytest.mark.parametrize("lesson,argv", [
    ("fold", ["--step", "5", "--dataset", "circles", "-o", "activation=tanh", "-o", "depth=6"]),
    ("width", ["--width", "8", "-o", "seeds=10"]),
    ("conv", ["-o", "view=1", "-o", "steps=40"]),
    ("motif1d", ["-o", "detector=trained"]),
    ("hypernet", ["--step", "50"]),
    ("motif2d", ["-o", "glyph=D"]),
    ("transform", ["-o", "map=curve", "-o", "eta=0.1"]),
    ("sharing", ["--step", "3", "-o", "passes=4"]),
])
def test_checking_a_state_imports_no_torch_and_trains_nothing(lesson, argv):
    """Start-up stays light: the state is checked before the app starts,
    without PyTorch (transform's --step N alone computes: N descent steps)."""
    code = ("import sys, time\n"
            "from tui.cli import main_parser, state_from_args\n"
            "t = time.perf_counter()\n"
            f"state, _ = state_from_args(main_parser().parse_args({[lesson, *argv]!r}), None)\n"
            "print('torch' in sys.modules, round(time.perf_counter() - t, 2), type(state).__name__)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out[0] == "False", out
    assert float(out[1]) < 2.0, out  # (nothing trained: a network of depth 6 would take longer)


async def test_the_help_overlay_lists_the_lesson_s_state_options():
    from tui.screens.help import HelpScreen

    for lang in ("en", "ko"):
        app = make_app("fold", preload_torch=False, lang=lang)
        async with app.run_test(size=(120, 40)) as pilot:
            await settled(pilot)
            await pilot.press("question_mark")
            await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen), what="the help overlay")
            shown = str(app.screen.query_one("#help-text").render())
        for option in LESSONS[0].state_options:
            assert option.spelling in shown and option.help_in(lang) in shown
        assert "nn-explorer fold" in shown
    assert "활성화" not in LESSONS[0].options[0].help_in("en")


def test_option_help_is_in_both_languages_and_in_render_help():
    from tui.words import has

    for lesson in LESSONS:
        for option in lesson.state_options:
            assert has(lesson.key, f"options.{option.name}"), (lesson.key, option.name)
            assert option.help_in("en") != option.help_in("ko")
    out = subprocess.run([sys.executable, "-m", "tui.cli", "render", "--help"], capture_output=True, text=True,
                         env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}, check=True).stdout
    assert "-o activation=…" in out and LESSONS[0].options[0].help_in("en") in out
    out = subprocess.run([sys.executable, "-m", "tui.cli", "--help"], capture_output=True, text=True,
                         env={"PATH": "/usr/bin:/bin", "LANG": "ko_KR.UTF-8"}, check=True).stdout
    assert LESSONS[0].options[0].help_in("ko") in out


def test_the_readme_lists_every_lesson_s_state_options():
    from pathlib import Path

    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Opening a lesson in a state")[1].split("\n## ")[0]
    for lesson in LESSONS:
        row = next(line for line in section.splitlines() if line.startswith(f"| `{lesson.key}`"))
        for option in lesson.state_options:
            assert f"`{option.spelling}` {option.help_in('en')}" in row, (lesson.key, option.spelling)


@pytest.mark.parametrize("call, message", [
    (lambda: whole("depth", "two", 1, 8), "depth must be a whole number, not 'two'"),
    (lambda: whole("depth", "9", 1, 8), "depth must be between 1 and 8, not 9"),
    (lambda: whole("motif", "-1", lo=0), "motif must be 0 or more, not -1"),
    (lambda: whole("pos", "7", hi=5), "pos must be 5 or less, not 7"),
    (lambda: number("noise", "loud", 0, 0.5), "noise must be a number, not 'loud'"),
    (lambda: number("noise", "9", 0, 0.5), "noise must be between 0 and 0.5, not 9.0"),
    (lambda: within("steps", 0, 1, 5000), "steps must be between 1 and 5000, not 0"),
])
def test_an_option_s_number_is_checked_in_one_line(call, message):
    with pytest.raises(RenderError) as err:
        call()
    assert str(err.value) == message


def test_a_good_number_is_returned_as_its_type():
    assert whole("depth", "8", 1, 8) == 8 and isinstance(whole("dx", "-3"), int)
    assert number("lr", "0.05") == 0.05 and within("pos", 0, 0, 5) == 0
