"""``nn-explorer render``: a lesson's plot as text, computed exactly as the
screen computes it (same scene builders, same canvas)."""

from __future__ import annotations

from tui.canvas import Run


class RenderError(ValueError):
    """Bad arguments for a lesson's render (one-line message)."""


def render_lesson(lesson: str, *, step: int | None = None, size: tuple[int, int] = (100, 32),
                  dataset: str | None = None, width: int | None = None, seed: int = 0,
                  options: dict[str, str] | None = None) -> list[list[Run]]:
    """The lesson's ``render`` (``tui/scenes/LESSON.py``), after checking the
    option names against the lesson's descriptor (``tui/lessons.py``)."""
    from tui.lessons import LessonError, get_lesson

    try:
        descriptor = get_lesson(lesson)
    except LessonError as exc:
        raise RenderError(str(exc)) from None
    options = dict(options or {})
    unknown = sorted(set(options) - set(descriptor.option_names))
    if unknown:
        if not descriptor.options:
            raise RenderError(f"the {lesson} lesson takes no options (got: {', '.join(unknown)})")
        raise RenderError(f"unknown option{'s' if len(unknown) > 1 else ''} {', '.join(map(repr, unknown))} "
                          f"for {lesson} (options: {', '.join(descriptor.option_names)})")
    from tui.charset import fit_lines

    lines = descriptor.renderer()(step=step, size=size, dataset=dataset, width=width, seed=seed, options=options)
    return fit_lines(lines, width=size[0])  # in this process's charset (tui.charset): a no-op for braille
