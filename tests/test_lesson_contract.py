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
