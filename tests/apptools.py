"""Helpers shared by the Pilot, snapshot and monkey tests."""

from __future__ import annotations

import tempfile
import time

from tui.app import NNExplorer, Settings


def make_app(lesson: str | None = None, state: list[str] | None = None, **settings) -> NNExplorer:
    """An app for tests; ``state``: the state options of ``nn-explorer
    LESSON …`` (e.g. ``["--step", "3", "-o", "activation=tanh"]``), parsed and
    checked by the command line's own code, the lesson opening on them."""
    # e (export) writes into a folder of its own, never into the checkout
    defaults = dict(animate=False, train_steps=120, cursor_blink=False,
                    export_dir=tempfile.mkdtemp(prefix="nnx-test-export-"))
    defaults.update(settings)
    app = NNExplorer(lesson, Settings(**defaults))
    if state is not None:
        from tui.cli import main_parser, state_from_args

        args = main_parser().parse_args([lesson, "--seed", str(defaults.get("seed", 0)), *state])
        parsed, _lang = state_from_args(args, None)
        if getattr(parsed, "data", None) is not None:
            app.lesson_memory.setdefault(lesson, {})["user_data"] = parsed.data
        app.lesson_memory.setdefault(lesson, {})["open_state"] = parsed
    return app


async def wait_for(pilot, predicate, timeout: float = 60.0, what: str = "condition") -> None:
    t0 = time.monotonic()
    while not predicate():
        if time.monotonic() - t0 > timeout:
            raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what}")
        await pilot.pause(0.05)


async def wait_torch(pilot, app) -> None:
    app.load_torch()
    await wait_for(pilot, lambda: app.torch_status == "ready", what="PyTorch")


def status_text(screen) -> str:
    from textual.widgets import Static

    return str(screen.query_one("#status", Static).render())


async def settled(pilot) -> None:
    """Wait for what is filled in after the first paint (the explanation
    text, a lesson's first computation), so that a snapshot never races it.
    A lesson screen may define ``ready`` (a bool property) for its own part;
    the app may still be mounting its first screen when this starts."""
    from tui.widgets.explain import ExplanationPanel

    def ready() -> bool:
        screen = pilot.app.screen
        panels = screen.query(ExplanationPanel)
        return (bool(panels) and all(p.filled for p in panels) and getattr(screen, "view", True) is not None
                and getattr(screen, "ready", True))

    await wait_for(pilot, ready, timeout=30, what="the screen to settle")
    await pilot.pause()  # and let the update be painted


async def opened(pilot, app, screen_class):
    """The app's screen once it is a ``screen_class`` and has settled."""
    await wait_for(pilot, lambda: isinstance(app.screen, screen_class), what=screen_class.__name__)
    await settled(pilot)
    return app.screen


def screen_cells(app) -> list[list[str]]:
    """The screen as the terminal shows it, one entry per cell: a wide
    character (Hangul) fills its cell and leaves "" in the next one, so
    column ``x`` of every row is the terminal's column ``x``."""
    from rich.cells import get_character_cell_size
    from rich.console import Console
    import io

    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), force_terminal=True,
                      color_system=None, legacy_windows=False, safe_box=False)
    update = app.screen._compositor.render_update(full=True)
    rows: list[list[str]] = [[]]
    for segment in console.render(update):
        if segment.control:
            continue
        for ch in segment.text:
            if ch == "\n":
                rows.append([])
                continue
            rows[-1].append(ch)
            if get_character_cell_size(ch) == 2:
                rows[-1].append("")
    return [row for row in rows if row or len(rows) <= height][:height]


def broken_borders(app) -> list[str]:
    """Every bordered widget on screen whose right border is not where its
    region ends (a line of text ran past it): '#id row N: found X'."""
    cells = screen_cells(app)
    problems = []
    for widget in app.screen.query("*"):
        if not widget.display or not widget.region.width or not widget.region.height:
            continue
        edge = widget.styles.border_right
        if not edge or not edge[0] or edge[0] in ("none", "hidden", "blank"):
            continue
        region = widget.region
        x = region.right - 1
        for y in range(region.y + 1, region.bottom - 1):
            if y >= len(cells) or x >= len(cells[y]):
                continue
            if cells[y][x] not in ("│", "┃", "║", "▐", "█", "┤", "▌", "|"):
                problems.append(f"{widget.id or type(widget).__name__} row {y}: found {cells[y][x]!r} "
                                f"in {''.join(cells[y][region.x:region.right])!r}")
                break
    return problems
