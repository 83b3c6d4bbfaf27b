"""``e`` in a lesson: the plot as plain text and the screen as an SVG
screenshot, written to the export folder. The text is what ``nn-explorer
render`` prints for the same state, whenever render can reproduce it."""

from __future__ import annotations

import time
from pathlib import Path


class ExportError(Exception):
    """A one-line message for the user (shown as a notification)."""


def render_text(lesson: str, state: dict, size: tuple[int, int], seed: int) -> str:
    from tui.canvas import runs_to_plain
    from tui.render import render_lesson

    return runs_to_plain(render_lesson(lesson, size=size, seed=seed, step=state.get("step"),
                                       dataset=state.get("dataset"), width=state.get("width"),
                                       options=state.get("options"))) + "\n"


def render_command(lesson: str, state: dict, size: tuple[int, int], seed: int) -> list[str]:
    """The command line that prints ``render_text(lesson, state, size, seed)``."""
    cmd = ["nn-explorer", "render", lesson, "--size", f"{size[0]}x{size[1]}", "--no-color", *_state_flags(state, seed)]
    for key, value in (state.get("options") or {}).items():
        cmd += ["-o", f"{key}={value}"]
    return cmd


def _state_flags(state: dict, seed: int) -> list[str]:
    """--step, --dataset, --width and --seed of a state, as render and the app both take them."""
    flags = []
    if state.get("step") is not None:
        flags += ["--step", str(state["step"])]
    for name in ("dataset", "width"):
        if state.get(name) is not None:
            flags += [f"--{name}", str(state[name])]
    if seed:
        flags += ["--seed", str(seed)]
    return flags


def open_command(lesson: str, state: dict, seed: int, charset: str = "braille") -> list[str]:
    """The command line that opens the app in ``state``: ``nn-explorer
    LESSON`` with the same state options as ``render_command`` (the app
    takes render's: tui/state.py), ``-o lang=`` as ``--lang``."""
    cmd = ["nn-explorer", lesson, *_state_flags(state, seed)]
    options = dict(state.get("options") or {})
    lang = options.pop("lang", None)
    for key, value in options.items():
        cmd += ["-o", f"{key}={value}"]
    if lang is not None:
        cmd += ["--lang", lang]
    if charset != "braille":
        cmd += ["--charset", charset]
    return cmd


def plot_text(widget) -> str:
    """A plot's picture as plain text: ours have ``plain_text()``; for any
    other widget (a plotext plot, a container of several plots) the screen
    is rendered as the terminal shows it and the widget's region cut out."""
    if hasattr(widget, "plain_text"):
        return widget.plain_text().rstrip("\n") + "\n"
    return screen_text(widget.app, widget.content_region)


def screen_text(app, region) -> str:
    """The current screen as plain text (what a screenshot shows), cropped to
    ``region`` (screen coordinates, in terminal cells: a Hangul syllable
    takes two, so the crop is made by cells, not characters)."""
    import io

    from rich.console import Console
    from rich.segment import Segment

    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), force_terminal=True,
                      color_system=None, legacy_windows=False, safe_box=False)
    update = app.screen._compositor.render_update(full=True)
    lines = list(Segment.split_lines(console.render(update)))
    x, y, w, h = region.x, region.y, region.width, region.height
    out = []
    for line in lines[y:y + h]:
        line = [seg for seg in line if not seg.control]
        _before, kept = list(Segment.divide(line, [x, x + w]))[:2]
        out.append("".join(seg.text for seg in kept).rstrip())
    return "\n".join(out) + "\n"


def write_export(app, lesson: str, text: str, directory: str | Path) -> tuple[Path, Path]:
    """Write ``<lesson>-<time>.txt`` and ``.svg``; returns both paths."""
    folder = Path(directory)
    stem = f"{lesson}-{time.strftime('%Y%m%d-%H%M%S')}"
    n = 1
    while (folder / f"{stem}.txt").exists() or (folder / f"{stem}.svg").exists():
        n += 1
        stem = f"{lesson}-{time.strftime('%Y%m%d-%H%M%S')}-{n}"
    txt, svg = folder / f"{stem}.txt", folder / f"{stem}.svg"
    try:
        txt.write_text(text, encoding="utf-8")
        app.save_screenshot(filename=svg.name, path=str(folder))
    except OSError as exc:
        from tui.words import text

        raise ExportError(text("app", "export.failed", getattr(app, "lang", "en"), folder=folder,
                               error=exc.strerror or exc)) from None
    return txt, svg
