"""``nn-explorer render``: a lesson's plot as text, computed exactly as the
screen computes it (same scene builders, same canvas)."""

from __future__ import annotations

import sys

from tui.canvas import Run


class RenderError(ValueError):
    """Bad arguments for a lesson's render (one-line message)."""


#: lesson key -> "module:function". A renderer is called with keyword
#: arguments step, size, seed, dataset, width and options (a dict of the
#: ``-o KEY=VALUE`` pairs); it raises RenderError for values it cannot use and
#: returns the lines as lists of (text, style) runs.
RENDERERS: dict[str, str] = {
    "fold": "tui.render:render_fold",
    "width": "tui.scenes.width:render",
    "transform": "tui.scenes.transform:render",
    "sharing": "tui.scenes.sharing:render",
    "hypernet": "tui.scenes.hypernet:render",
    "motif1d": "tui.scenes.motif1d:render",
    "motif2d": "tui.scenes.motif2d:render",
    "conv": "tui.scenes.conv:render",
}


def render_lesson(lesson: str, *, step: int | None = None, size: tuple[int, int] = (100, 32),
                  dataset: str | None = None, width: int | None = None, seed: int = 0,
                  options: dict[str, str] | None = None) -> list[list[Run]]:
    target = RENDERERS.get(lesson)
    if target is None:
        raise RenderError(f"lesson {lesson!r} has no render yet")
    import importlib

    module_name, _, fn_name = target.partition(":")
    fn = getattr(importlib.import_module(module_name), fn_name)
    return fn(step=step, size=size, dataset=dataset, width=width, seed=seed, options=dict(options or {}))


def fold_view(dataset: str, width: int, seed: int = 0):
    """The shipped network's view; a missing or corrupt file is reported on
    stderr and a network is trained from scratch instead."""
    from models.fold.datasets import make_dataset
    from models.fold.shipped import DEPTH, N_POINTS, load_pretrained
    from models.fold.weights_file import WeightsError
    from tui.scenes.fold import FoldView

    data = make_dataset(dataset, N_POINTS, seed)
    try:
        weights = load_pretrained(dataset, width)
    except WeightsError as exc:
        print(f"nn-explorer: {exc}; training a network from scratch", file=sys.stderr)
        from models.fold.network import FoldConfig
        from models.fold.training import train

        weights = train(FoldConfig(width, DEPTH, data.n_classes), data, seed=seed).weights
    return FoldView(weights, data)


def render_fold(*, step: int | None, size: tuple[int, int], dataset: str | None, width: int | None,
                seed: int, options: dict[str, str] | None = None) -> list[list[Run]]:
    if options:
        raise RenderError(f"the fold lesson takes no options (got: {', '.join(options)})")
    from models.fold.datasets import DATASETS
    from models.fold.shipped import WIDTHS

    dataset = dataset or DATASETS[0]
    width = width or WIDTHS[0]
    if dataset not in DATASETS:
        raise RenderError(f"unknown data set {dataset!r} (choose from: {', '.join(DATASETS)})")
    if width not in WIDTHS:
        raise RenderError(f"width {width} is not offered (choose from: {', '.join(map(str, WIDTHS))})")
    view = fold_view(dataset, width, seed)
    last = view.n_steps - 1
    k = last if step is None else step
    if not 0 <= k <= last:
        raise RenderError(f"step {step} is out of range: the fold lesson has steps 0 to {last}")
    from tui.scenes.fold import render_lines

    return render_lines(view, k, size)

