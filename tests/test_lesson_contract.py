"""What every lesson must do, checked once for each lesson of the registry
(tui/lessons.py): a new lesson gets these tests by being registered."""

from __future__ import annotations

import pytest

from tui.cli import main
from tui.lessons import LESSONS

KEYS = [lesson.key for lesson in LESSONS]


@pytest.mark.parametrize("lesson", LESSONS, ids=KEYS)
def test_the_lesson_has_its_four_files(lesson):
    """models/KEY (CLAIMS), tui/scenes/KEY (render), tui/screens/KEY (SCREEN),
    assets/lessons/{en,ko}/KEY.md."""
    from pathlib import Path

    from tui.screens.lesson import LessonScreen

    root = Path(__file__).resolve().parents[1]
    assert callable(lesson.renderer())
    screen = lesson.screen_class()
    assert issubclass(screen, LessonScreen) and screen.lesson_key == lesson.key
    assert all(callable(claim) for claim in lesson.claims()) and lesson.claims()
    for lang in ("en", "ko"):
        assert (root / "assets" / "lessons" / lang / f"{lesson.key}.md").is_file()
    assert lesson.title and lesson.title_ko and lesson.summary and lesson.summary_ko


@pytest.mark.parametrize("lesson", LESSONS, ids=KEYS)
def test_every_key_of_the_lesson_does_something_the_screen_has(lesson):
    """The keys declared in the lesson's words file ([keys.WORD] with a key)
    are the screen's, and each names an action the screen defines, with
    arguments that parse: a typo there would be a key that does nothing."""
    import ast

    from tui.screens.lesson import LessonScreen
    from tui.words import bindings

    screen = lesson.screen_class()
    declared = bindings(lesson.key)
    assert declared and screen.BINDINGS == [*declared, *LessonScreen.BINDINGS]
    for binding in declared:
        name, _, args = binding.action.partition("(")
        assert callable(getattr(screen, f"action_{name}", None)), binding
        if args:
            ast.literal_eval(f"({args[:-1]},)")


@pytest.mark.parametrize("lesson", LESSONS, ids=KEYS)
def test_the_first_paint_imports_no_torch(lesson):
    """``nn-explorer LESSON``'s first frame (the lesson's frame: title,
    explanation, footer) is written before PyTorch is imported, whatever the
    lesson computes with (a subprocess spies on the app's frames)."""
    import subprocess
    import sys

    code = (
        "import asyncio, sys\n"
        "from tui.app import NNExplorer, Settings\n"
        "frames = []\n"
        "display = NNExplorer._display\n"
        "def spy(self, screen, renderable):\n"
        "    frames.append((type(screen).__name__, 'torch' in sys.modules))\n"
        "    return display(self, screen, renderable)\n"
        "NNExplorer._display = spy\n"
        "async def main():\n"
        f"    app = NNExplorer({lesson.key!r}, Settings(preload_torch=False, animate=False, cursor_blink=False))\n"
        "    async with app.run_test(size=(100, 30)) as pilot:\n"
        "        await pilot.pause()\n"
        "    print(frames[0][0], frames[0][1])\n"
        "asyncio.run(main())\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == [lesson.screen_class().__name__, "False"], out


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("lesson", LESSONS, ids=KEYS)
async def test_help_lists_every_key_of_the_screen(lesson, lang):
    """? over the lesson: every key the lesson declares and every key of
    the frame, each with its label and what it does, in the app's language,
    read here from the words files themselves; then Esc is back on the lesson."""
    from apptools import make_app, settled, wait_for
    from tui.screens.help import HelpScreen
    from tui.words import has, load, text

    app = make_app(lesson.key, preload_torch=False, lang=lang)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        screen = app.screen
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen), what="the help overlay")
        shown = str(app.screen.query_one("#help-text").render())
        declared = [(lesson.key, word) for word, entry in load(lesson.key)["keys"].items() if "key" in entry]
        frame = [("app", word) for word in ("panel", "text_up", "text_down", "back", "export", "quit", "help", "lang")]
        assert len(declared) == len(type(screen).BINDINGS) - 5
        for name, word in declared + frame:
            label = text(name, f"keys.{word}", lang)
            tip = text(name, f"tips.{word}", lang) if has(name, f"tips.{word}") else ""
            assert (f"{label}: {tip}" if tip else label) in shown, (name, word)
        assert text("app", "help.palette", lang) in shown
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is screen, what="the lesson again")


@pytest.mark.parametrize("lesson", LESSONS, ids=KEYS)
def test_render_rejects_an_unknown_option_in_one_line(lesson, capsys):
    assert main(["render", lesson.key, "-o", "zz=1"]) == 2
    out = capsys.readouterr()
    err = out.err.strip().splitlines()
    assert out.out == "" and len(err) == 1 and err[0].startswith("nn-explorer: ")
    if lesson.options:
        assert f"unknown option 'zz' for {lesson.key}" in err[0]
        assert all(name in err[0] for name in lesson.option_names)  # it says which options there are
    else:
        assert f"the {lesson.key} lesson takes no options (got: zz)" in err[0]


@pytest.mark.parametrize("lesson", LESSONS, ids=KEYS)
def test_render_rejects_a_bad_option_value_in_one_line(lesson, capsys):
    """Every option of every lesson, given a value no lesson takes."""
    for option in lesson.options:
        code = main(["render", lesson.key, "--size", "60x20", "-o", f"{option.name}=%bad%"])
        out = capsys.readouterr()
        err = out.err.strip().splitlines()
        assert code == 2 and len(err) == 1 and err[0].startswith("nn-explorer: "), (option.name, out.err)
        assert "Traceback" not in out.err


# ---------------------------------------------------------------- training
# A lesson trains when its screen declares a training job (LessonScreen.training_job):
# the list comes from the registry, never written out here.


def _trains(lesson) -> bool:
    from tui.screens.lesson import LessonScreen

    return lesson.screen_class().training_job is not LessonScreen.training_job


TRAINING = [lesson for lesson in LESSONS if _trains(lesson)]
TRAINING_KEYS = [lesson.key for lesson in TRAINING]


def test_the_training_lessons_are_found_in_the_registry():
    """Every lesson whose screen trains declares its job (and no screen runs
    a worker of its own: tests/test_lesson_contract.py checks the source)."""
    assert len(TRAINING) >= 5 and {"fold", "width"} <= set(TRAINING_KEYS)


@pytest.mark.parametrize("lesson", LESSONS, ids=KEYS)
def test_no_screen_has_worker_code_of_its_own(lesson):
    """The one training worker lives in tui/screens/lesson.py."""
    import inspect

    source = inspect.getsource(inspect.getmodule(lesson.screen_class()))
    for word in ("@work", "get_current_worker", "on_worker_state_changed", "call_from_thread", "_on_torch_status",
                 "TORCH_LINE"):
        assert word not in source, f"{lesson.key}'s screen has {word} of its own"


def _small(lesson_key: str, monkeypatch):
    if lesson_key == "width":
        from tui.screens.width import WidthScreen

        monkeypatch.setattr(WidthScreen, "default_seeds", 4)


def _spy(screen) -> dict:
    """Count what the lifecycle hands the lesson."""
    seen = {"finished": [], "stopped": 0}
    finished, stopped = screen.training_finished, screen.training_stopped

    def on_finished(outcome):
        seen["finished"].append(outcome)
        finished(outcome)

    def on_stopped():
        seen["stopped"] += 1
        stopped()

    screen.training_finished, screen.training_stopped = on_finished, on_stopped
    return seen


def _hold(screen) -> dict:
    """Wrap the lesson's job: it waits until told to stop, then runs the
    lesson's own trainer (which sees should_stop true at once)."""
    import time

    state = {"started": False, "outcome": None}
    real = screen.training_job

    def job():
        from tui.screens.lesson import TrainingJob

        inner = real()
        if inner is None:
            return None

        def run(progress, should_stop):
            state["started"] = True
            while not should_stop():
                time.sleep(0.01)
            state["outcome"] = inner.run(progress, should_stop)
            return state["outcome"]

        return TrainingJob(run, inner.total, inner.label)

    screen.training_job = job
    return state


def _plain(value) -> bool:
    return value is None or isinstance(value, (str, int, float, bool))


async def _opened(pilot, app):
    from apptools import settled, wait_for, wait_torch

    await wait_torch(pilot, app)
    await settled(pilot)
    screen = app.screen
    await wait_for(pilot, lambda: not screen.is_training and not screen.pending_train, timeout=120,
                   what="the opening work")
    await pilot.pause()
    return screen


async def _answers_keys(pilot, screen) -> None:
    panel = screen.query_one("#explain")
    shown = panel.display
    await pilot.press("t")
    assert panel.display is not shown
    await pilot.press("t")
    assert panel.display is shown


@pytest.mark.parametrize("lesson", TRAINING, ids=TRAINING_KEYS)
async def test_esc_during_training_stops_it_and_keeps_the_state(lesson, monkeypatch):
    """Esc stops the run; the lesson is as before it (nothing the run made is
    kept), the progress row is gone, the screen still answers keys, and only
    the next Esc goes back."""
    from apptools import make_app, wait_for

    _small(lesson.key, monkeypatch)
    app = make_app(train_steps=20)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.open_lesson(lesson.key)  # from home: the second Esc goes back there
        await wait_for(pilot, lambda: getattr(app.screen, "lesson_key", "") == lesson.key, what="the lesson")
        screen = await _opened(pilot, app)
        kept = dict(screen.kept)
        seen, held = _spy(screen), _hold(screen)
        screen.start_training()
        await wait_for(pilot, lambda: held["started"], what="the run to start")
        assert screen.is_training and screen.query_one("#progress-row").display
        await pilot.press("escape")
        await wait_for(pilot, lambda: held["outcome"] is not None and not screen.is_training, what="the stop")
        await pilot.pause(0.2)
        assert app.screen is screen  # Esc stopped the run; it did not go back
        assert held["outcome"].status == "stopped"
        assert seen == {"finished": [], "stopped": 1}
        assert not screen.query_one("#progress-row").display and not screen.training_run
        assert any(n.message.startswith("Training stopped: ") for n in app._notifications)
        for key, value in kept.items():  # what the lesson kept before the run is what it keeps now
            if not _plain(value):
                assert screen.kept.get(key) is value or screen.kept.get(key) == value, key
        await _answers_keys(pilot, screen)
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is not screen, what="the second Esc to go back")


def _holds(root, target, depth: int = 4) -> bool:
    """``target`` (by identity) somewhere in ``root``: dict values, list,
    tuple and set items, object attributes, ``depth`` levels down."""
    import dataclasses

    seen: set[int] = set()

    def walk(obj, d) -> bool:
        if obj is target:
            return True
        if d == 0 or id(obj) in seen or _plain(obj):
            return False
        seen.add(id(obj))
        if isinstance(obj, dict):
            items = list(obj.values())
        elif isinstance(obj, (list, tuple, set)):
            items = list(obj)
        elif dataclasses.is_dataclass(obj):
            items = [getattr(obj, f.name) for f in dataclasses.fields(obj)]
        else:
            return False
        return any(walk(item, d - 1) for item in items)

    return walk(root, depth)


@pytest.mark.parametrize("lesson", TRAINING, ids=TRAINING_KEYS)
async def test_a_diverging_run_keeps_its_last_good_state(lesson, monkeypatch):
    """The same forcing for every lesson: the job's own run, whose outcome
    turns into "diverged" after its last step, the state it reached being
    the last good one. The lesson keeps that state (or what the state holds,
    for a lesson that keeps its parts), says once that it diverged, and the
    progress row goes."""
    import dataclasses

    from apptools import make_app, wait_for

    from models.outcome import Outcome

    _small(lesson.key, monkeypatch)
    app = make_app(lesson.key, train_steps=20)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _opened(pilot, app)
        seen = _spy(screen)
        real = screen.training_job
        made = {}

        def diverging():
            from tui.screens.lesson import TrainingJob

            inner = real()

            def run(progress, should_stop):
                outcome = inner.run(progress, should_stop)
                assert outcome.done, outcome
                made["value"] = outcome.value
                return Outcome("diverged", outcome.value, f"training diverged at step {outcome.steps_done + 1} "
                               f"(a NaN injected by the test); the last good state (step {outcome.steps_done}) "
                               "is kept", outcome.steps_done)

            return TrainingJob(run, inner.total, inner.label)

        screen.training_job = diverging
        screen.start_training()
        await wait_for(pilot, lambda: seen["finished"], timeout=120, what="the diverged run")
        await pilot.pause(0.2)
        (outcome,) = seen["finished"]
        assert outcome.diverged and seen["stopped"] == 0
        warned = [n for n in app._notifications if "diverged" in n.message]
        assert len(warned) == 1 and warned[0].severity == "warning" and "is kept" in warned[0].message
        assert not screen.query_one("#progress-row").display and not screen.is_training
        # the state itself, or every part of it that is not a number (the weights of a
        # TrainResult, each cell of a sweep): held by what the lesson keeps or shows
        value, places = made["value"], (screen.kept, vars(screen))
        fields = [getattr(value, f.name) for f in dataclasses.fields(value)] if dataclasses.is_dataclass(value) else []
        parts = [item for field in fields
                 for item in (field if isinstance(field, list) else [field]) if not _plain(item)]
        assert (any(_holds(p, value) for p in places)
                or (parts and all(any(_holds(p, part) for p in places) for part in parts))), \
            f"{lesson.key} does not keep the last good state"
        await _answers_keys(pilot, screen)


@pytest.mark.parametrize("lesson", TRAINING, ids=TRAINING_KEYS)
async def test_a_second_start_is_refused_while_one_runs(lesson, monkeypatch):
    from apptools import make_app, wait_for

    _small(lesson.key, monkeypatch)
    app = make_app(lesson.key, train_steps=20)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _opened(pilot, app)
        held = _hold(screen)
        screen.start_training()
        await wait_for(pilot, lambda: held["started"], what="the run to start")
        worker, run = screen.training, screen.training_run
        screen.start_training()
        await pilot.pause()
        assert screen.training is worker and screen.training_run == run and worker.is_running
        assert any(n.message == "Already training: Esc stops it." for n in app._notifications)
        await pilot.press("escape")
        await wait_for(pilot, lambda: held["outcome"] is not None and not screen.is_training, what="the stop")


@pytest.mark.parametrize("lesson", TRAINING, ids=TRAINING_KEYS)
async def test_training_asked_for_while_pytorch_loads_runs_once_it_has(lesson, monkeypatch):
    """Opened with PyTorch still loading, a start (on open, or asked for)
    waits, says so on the progress row, and runs to its end once PyTorch is
    in."""
    from apptools import wait_for
    from lessonroutes import app_for, reach

    _small(lesson.key, monkeypatch)
    app = app_for(lesson.key, "command line", "loading", train_steps=20)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await reach(pilot, app, lesson.key, "command line", "loading", lesson.screen_class())
        seen = _spy(screen)
        await pilot.pause(0.3)
        if not screen.pending_train:  # a lesson that does not train on open: asked for now
            screen.start_training()
            assert "loading PyTorch" in str(screen.query_one("#progress-text").render())
        assert screen.pending_train and not screen.is_training and app.torch_status == "loading"
        app._torch_ready("cpu")  # the import ends
        await wait_for(pilot, lambda: seen["finished"], timeout=120, what="the run")
        await pilot.pause(0.2)
        assert seen["finished"][0].done and not screen.pending_train
        assert not screen.query_one("#progress-row").display


def device_label(screen) -> str:
    """The footer's device label ("CPU"), before the keys."""
    labels = list(screen.query(".-device"))
    return str(labels[0].render()) if labels else ""


@pytest.mark.parametrize("lesson", [*LESSONS, "cuda"], ids=[*KEYS, "motif2d-with-device-cuda"])
async def test_every_lesson_shows_the_device_it_computes_on(lesson):
    """In the footer, before the keys, at 80×24, before PyTorch has
    loaded (what --device will give) and after (what PyTorch gave). With
    --device cuda (no CUDA here: a lesson that needs no PyTorch to open)."""
    from apptools import make_app, settled

    device = "cuda" if lesson == "cuda" else "auto"
    app = make_app("motif2d" if lesson == "cuda" else lesson.key, preload_torch=False)
    app.settings.device = device
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        expected = "cuda" if device == "cuda" else "cpu"
        assert device_label(app.screen) == expected.upper()
        app.device_name, app.torch_status = "cpu", "ready"  # e.g. after a CUDA failure
        for footer in app.screen.query("DeviceFooter"):
            footer.refresh(recompose=True)
        await pilot.pause()
        assert device_label(app.screen) == "CPU"


def test_a_cycling_key_goes_to_the_next_option_and_round():
    from tui.screens.lesson import next_option

    assert next_option(("relu", "leaky", "tanh"), "relu") == "leaky"
    assert next_option(("relu", "leaky", "tanh"), "tanh") == "relu"
    assert next_option((0.0, 0.1, 0.2), 0.15) == 0.0  # none of them (opened at another value): the first
