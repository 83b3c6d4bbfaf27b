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
