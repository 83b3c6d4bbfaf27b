"""`e` in a lesson: the plot as text (what `render` prints for that state) and
the screen as SVG, in the export folder."""

from __future__ import annotations

import os

import pytest

from apptools import make_app, settled, wait_for
from tui.cli import main
from tui.export import render_command


def exported(folder, suffix):
    return sorted(p for p in folder.iterdir() if p.suffix == suffix)


async def test_e_writes_text_equal_to_render_and_an_svg(tmp_path, capsys):
    app = make_app("fold", preload_torch=False, export_dir=str(tmp_path))
    async with app.run_test(size=(110, 34)) as pilot:
        await settled(pilot)
        await pilot.press("d", "d", "home", "right", "right", "right")  # circles, third sub-step
        await settled(pilot)
        state = app.screen.export_state()
        assert state == {"step": 3, "dataset": "circles", "width": 2}
        await pilot.press("e")
        await wait_for(pilot, lambda: len(exported(tmp_path, ".svg")) == 1, what="the export")
        messages = [n.message for n in app._notifications]
    (txt,) = exported(tmp_path, ".txt")
    (svg,) = exported(tmp_path, ".svg")
    assert txt.stem == svg.stem and txt.stem.startswith("fold-")
    assert svg.read_text(encoding="utf-8").lstrip().startswith("<svg")
    text = txt.read_text(encoding="utf-8")
    assert "step 3/" in text and "circles" in text
    assert any(0x2801 <= ord(c) <= 0x28FF for c in text)
    # the notification names both files and the command that prints the same text
    (message,) = [m for m in messages if "Saved" in m]
    assert str(txt) in message and str(svg) in message
    command = message.split("Same text: ")[1].split()
    assert command[:3] == ["nn-explorer", "render", "fold"]
    capsys.readouterr()
    assert main(command[1:]) == 0
    assert capsys.readouterr().out == text


def test_render_command_round_trips_options():
    cmd = render_command("motif1d", {"step": 4, "options": {"pos": "12"}}, (80, 20), seed=3)
    assert cmd == ["nn-explorer", "render", "motif1d", "--size", "80x20", "--no-color", "--step", "4",
                   "--seed", "3", "-o", "pos=12"]


async def test_e_in_a_lesson_drawn_in_several_widgets_saves_its_main_area(tmp_path):
    app = make_app("motif1d", preload_torch=False, export_dir=str(tmp_path))
    async with app.run_test(size=(100, 30)) as pilot:
        await settled(pilot)
        app.screen.export_state = lambda: None  # as after training: render cannot re-make it
        await pilot.press("e")
        await wait_for(pilot, lambda: len(exported(tmp_path, ".txt")) == 1, what="the export")
        title = app.screen.seq.border_title
    (txt,) = exported(tmp_path, ".txt")
    text = txt.read_text(encoding="utf-8")
    assert str(title).split(" · ")[0] in text  # the sequence view's border title, as on screen
    assert len(text.splitlines()) > 10


async def test_e_for_a_state_render_cannot_reproduce_saves_the_plot_as_shown(tmp_path):
    app = make_app("fold", preload_torch=False, export_dir=str(tmp_path))
    async with app.run_test(size=(100, 30)) as pilot:
        await settled(pilot)
        await pilot.press("g")  # grid hidden: render always draws it
        assert app.screen.export_state() is None
        await pilot.press("e")
        await wait_for(pilot, lambda: len(exported(tmp_path, ".txt")) == 1, what="the export")
        shown = app.screen.plot.plain_text()
        messages = [n.message for n in app._notifications]
    (txt,) = exported(tmp_path, ".txt")
    assert txt.read_text(encoding="utf-8") == shown.rstrip("\n") + "\n"
    assert not any("Same text" in m for m in messages)


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere")
async def test_e_into_a_folder_that_cannot_be_written_is_a_notification(tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        app = make_app("fold", preload_torch=False, export_dir=str(locked))
        async with app.run_test(size=(100, 30)) as pilot:
            await settled(pilot)
            await pilot.press("e")
            await pilot.pause()
            assert any("Could not export" in n.message for n in app._notifications)
    finally:
        locked.chmod(0o700)


async def test_e_into_a_folder_that_vanished_is_a_notification(tmp_path):
    gone = tmp_path / "gone"
    gone.mkdir()
    app = make_app("fold", preload_torch=False, export_dir=str(gone))
    async with app.run_test(size=(100, 30)) as pilot:
        await settled(pilot)
        gone.rmdir()
        await pilot.press("e")
        await pilot.pause()
        assert any("Could not export" in n.message for n in app._notifications)
        assert app.return_code is None  # still running


@pytest.mark.parametrize("argv,needle", [
    (["--export-dir", "/no/such/folder"], "no such folder"),
])
def test_bad_export_dir_is_one_line_and_exit_2(capsys, argv, needle):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert needle in err and len(err.strip().splitlines()) == 1


EXPORT_CASES = {
    "width": (["minus", "minus", "minus", "minus", "r"], True),
    "transform": (["h", "plus", "right", "right", "right"], True),
    "sharing": (["b", "a", "a"], True),
    "hypernet": ([], True),
    "motif1d": (["right", "right", "n", "right", "shift+right"], False),
    # lesson: (keys pressed before e, needs PyTorch)
    "motif2d": (["right", "right", "up", "g", "n"], False),
    "conv-sizes": (["3", "n", "s"], True),
    "conv-corr": (["2", "right", "right"], True),
    "conv-trained": (["1", "r"], True),
}


@pytest.mark.parametrize("case", list(EXPORT_CASES))
async def test_e_equals_render_in_other_lessons(tmp_path, capsys, case):
    from apptools import wait_torch

    lesson = case.split("-")[0]
    keys, needs_torch = EXPORT_CASES[case]
    app = make_app(lesson, preload_torch=False, export_dir=str(tmp_path), train_steps=60)
    async with app.run_test(size=(110, 34)) as pilot:
        await settled(pilot)
        if needs_torch:
            await wait_torch(pilot, app)
            await pilot.pause(0.3)
        for key in keys:
            await pilot.press(key)
        await wait_for(pilot, lambda: not any(w.is_running for w in app.workers if w.group != "torch"),
                       timeout=120, what="the lesson's work")
        await pilot.pause(0.3)
        assert app.screen.export_state() is not None
        await pilot.press("e")
        await wait_for(pilot, lambda: len(exported(tmp_path, ".svg")) == 1, what="the export")
        messages = [n.message for n in app._notifications]
    (txt,) = exported(tmp_path, ".txt")
    (message,) = [m for m in messages if "Saved" in m]
    command = message.split("Same text: ")[1].split()
    capsys.readouterr()
    assert main(command[1:]) == 0
    assert capsys.readouterr().out == txt.read_text(encoding="utf-8")


async def test_transform_eta_changed_midway_cannot_be_rendered():
    from apptools import wait_torch

    app = make_app("transform", preload_torch=False)
    async with app.run_test(size=(110, 34)) as pilot:
        await settled(pilot)
        await wait_torch(pilot, app)
        await wait_for(pilot, lambda: app.screen.tv is not None, what="the view")
        await pilot.press("right", "plus")
        assert app.screen.export_state() is None  # render replays every step at one η
        await pilot.press("r")
        assert app.screen.export_state()["step"] == 0


async def test_sharing_after_a_step_cannot_be_rendered():
    from apptools import wait_torch

    app = make_app("sharing", preload_torch=False)
    async with app.run_test(size=(110, 34)) as pilot:
        await settled(pilot)
        await wait_torch(pilot, app)
        await wait_for(pilot, lambda: app.screen.sv is not None, what="the view")
        await pilot.press("b", "a")
        assert app.screen.export_state() == {"step": 0, "options": {"passes": "2"}}
        await pilot.press("s")
        assert app.screen.export_state() is None
        await pilot.press("r")
        assert app.screen.export_state() == {"step": 0, "options": {"passes": "0"}}


async def test_e_where_render_refuses_the_size_saves_the_plot_as_shown(tmp_path):
    """(Found by the monkey test: hypernet's render needs 24 lines.)"""
    from apptools import wait_torch

    app = make_app("hypernet", preload_torch=False, export_dir=str(tmp_path), train_steps=40)
    async with app.run_test(size=(60, 18)) as pilot:
        await settled(pilot)
        await wait_torch(pilot, app)
        await wait_for(pilot, lambda: app.screen.ready, timeout=60, what="training")
        await pilot.press("e")
        await wait_for(pilot, lambda: len(exported(tmp_path, ".txt")) == 1, what="the export")
        assert not any("Same text" in n.message for n in app._notifications)


async def test_an_export_right_after_another_shows_no_notification(tmp_path):
    """The second e within the first one's notification time: its SVG is the
    lesson, not the lesson under the first "Exported" toast."""
    app = make_app("transform", preload_torch=False, export_dir=str(tmp_path))
    async with app.run_test(size=(100, 30), notifications=True) as pilot:  # tests hide toasts by default
        await settled(pilot)
        app.notify("a notification that is on screen", timeout=30)
        await pilot.pause()
        await pilot.press("e")
        await wait_for(pilot, lambda: len(exported(tmp_path, ".svg")) == 1, what="the first export")
        await pilot.pause()
        await pilot.press("e")
        await wait_for(pilot, lambda: len(exported(tmp_path, ".svg")) == 2, what="the second export")
        await wait_for(pilot, lambda: sum("Saved" in n.message for n in app._notifications) == 2,
                       what="the second notification")
        await pilot.pause()
        assert app.screen.query("Toast")  # the notifications are back on screen after the export
    for svg in exported(tmp_path, ".svg"):
        text = svg.read_text(encoding="utf-8")
        assert "Saved" not in text and "Exported" not in text and "a&#160;notification" not in text \
            and "notification" not in text


async def test_a_screen_region_is_cut_by_cells_when_the_text_is_korean():
    """screen_text crops by terminal cells: a Korean panel right of a plot is
    cut at its own columns, not shifted by the Hangul left of it."""
    from tui.export import screen_text

    app = make_app("width", preload_torch=False, lang="ko")  # Hangul in the chart, left of the panel
    async with app.run_test(size=(100, 30)) as pilot:
        await settled(pilot)
        region = app.screen.query_one("#explain").content_region
        text = screen_text(app, region)
        plot = screen_text(app, app.screen.query_one("#chart").region)
    from rich.cells import cell_len

    assert "너비와 학습" in text
    assert "\n접기 수업의 신경망은" in text  # the panel's lines start at its own left edge
    assert all(cell_len(line) <= region.width for line in text.splitlines())
    assert "╭" in plot.splitlines()[0] and "╮" in plot.splitlines()[0] and "▏" not in plot
