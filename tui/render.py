"""``nn-explorer render``: a lesson's plot as text, computed exactly as the
screen computes it (same scene builders, same canvas)."""

from __future__ import annotations

from tui.canvas import Run


class RenderError(ValueError):
    """Bad arguments for a lesson's render (one-line message)."""


def render_lesson(lesson: str, *, step: int | None = None, size: tuple[int, int] = (100, 32),
                  dataset: str | None = None, width: int | None = None, seed: int = 0,
                  options: dict[str, str] | None = None) -> list[list[Run]]:
    """The lesson's state checked (``tui.state.parse_state``: the option
    names against the lesson's descriptor, ``tui/lessons.py``, the values by
    ``tui/scenes/LESSON.py``), then drawn by that scene's ``draw``."""
    from tui.charset import fit_lines
    from tui.state import parse_state, scene_module

    state = parse_state(lesson, step=step, dataset=dataset, width=width, seed=seed, options=options)
    lines = scene_module(lesson).draw(state, size)
    return fit_lines(lines, width=size[0])  # in this process's charset (tui.charset): a no-op for braille
