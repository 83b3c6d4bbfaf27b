"""What the Fold lesson draws at each step, as a canvas Scene (numpy only).

Shared by the lesson screen and by ``nn-explorer render fold``, so that the
screen and the text handout always show the same computation.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

import numpy as np

from models import fold
from models.data import Dataset
from tui.canvas import Bounds, Layer, Scene, bounds_of, lerp_bounds, union

CLASS_STYLES = ("#4da6ff", "#ff8c42", "#6bdc6b", "#e05ee0", "#f2d94e", "#44d9d9")
GRID_STYLE = "#4a4a4a"
AXES_STYLE = "#8a8a8a"
BOUNDARY_STYLE = "bold #ffffff"


@dataclass(frozen=True)
class FoldStatus:
    step: fold.Step
    label: str  # e.g. "layer 2 · Σ scale"
    index: int
    n_steps: int
    merged_points: int
    merged_places: int
    pair: tuple[int, int]
    dim: int  # dimension of the representation shown


class FoldView:
    """The trajectory of a data set and of the input grid through one network."""

    def __init__(self, weights: fold.FoldWeights, data: Dataset, grid_lines: int = 12):
        self.weights = weights
        self.data = data
        self.steps = fold.substeps(weights)
        self.states = fold.trajectory(weights, data.X)
        self.grid_states = fold.trajectory(weights, fold.grid_lines(n_lines=grid_lines))
        self.groups = fold.merge_groups(self.states, self.steps)
        self.merged = [fold.merged_count(g) for g in self.groups]
        self.accuracy = fold.accuracy(weights, data.X, data.y)
        self.pairs = list(combinations(range(weights.width), 2)) if weights.width > 2 else [(0, 1)]
        self._class_index = [np.flatnonzero(data.y == c) for c in range(data.n_classes)]
        self.pair_index = 0
        self._views: list[Bounds] = []
        self._compute_views()

    # -------------------------------------------------------------- geometry
    @property
    def n_steps(self) -> int:
        return len(self.steps)

    @property
    def pair(self) -> tuple[int, int]:
        return self.pairs[self.pair_index]

    def set_pair(self, index: int) -> None:
        self.pair_index = index % len(self.pairs)
        self._compute_views()

    def _project(self, x: np.ndarray) -> np.ndarray:
        if x.shape[1] <= 2:
            return x
        i, j = self.pair
        return x[:, [i, j]]

    def _compute_views(self) -> None:
        # one fixed view per layer (the union over its sub-steps), so that each
        # rotation, scaling and translation is seen against still axes. The
        # view follows the data; the grid's image may reach beyond it.
        per_layer: dict[int, Bounds] = {}
        for k, step in enumerate(self.steps):
            b = bounds_of(self._project(self.states[k]), pad=0.12)
            if k > 0 and step.layer != self.steps[k - 1].layer:
                b = union(b, bounds_of(self._project(self.states[k - 1]), pad=0.12))
            per_layer[step.layer] = union(per_layer[step.layer], b) if step.layer in per_layer else b
        self._views = [per_layer[s.layer] for s in self.steps]

    def points_at(self, k: int, t: float = 1.0) -> tuple[np.ndarray, np.ndarray]:
        """Data points and grid image, on the way from state k-1 (t=0) to k (t=1),
        projected on the neuron pair shown."""
        if k <= 0 or t >= 1.0:
            k = max(k, 0)
            return self._project(self.states[k]), self._project(self.grid_states[k])
        a = fold.interpolate(self.states[k - 1], self.states[k], t)
        g = fold.interpolate(self.grid_states[k - 1], self.grid_states[k], t)
        return self._project(a), self._project(g)

    def view_at(self, k: int, t: float = 1.0) -> Bounds:
        if k <= 0 or t >= 1.0 or self.steps[k].layer == self.steps[k - 1].layer:
            return self._views[max(k, 0)]
        return lerp_bounds(self._views[k - 1], self._views[k], t)

    def status(self, k: int, t: float = 1.0) -> FoldStatus:
        shown = k if t >= 1.0 else max(k - 1, 0)
        pts, places = self.merged[shown]
        step = self.steps[k]
        return FoldStatus(step, step.label(self.weights.depth), k, self.n_steps, pts, places,
                          self.pair, self.states[k].shape[1])

    # ----------------------------------------------------------------- scene
    def scene(self, k: int, t: float = 1.0, *, grid: bool = True, boundary: bool = True,
              boundary_res: tuple[int, int] = (400, 400)) -> Scene:
        pts, grid_pts = self.points_at(k, t)
        view = self.view_at(k, t)
        layers: list[Layer] = []
        if grid:
            layers.append(Layer(grid_pts, GRID_STYLE, "grid"))
        layers.append(Layer(_axes(view), AXES_STYLE, "axes"))
        at_output = k == self.n_steps - 1 and t >= 1.0
        if boundary and at_output:
            # a square around the view: the canvas widens the view along one
            # axis to keep dots square, and the boundary must reach the edges
            x0, x1, y0, y1 = view
            cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
            half = 0.6 * max(x1 - x0, y1 - y0)
            edge = fold.decision_boundary(self.weights, (cx - half, cx + half, cy - half, cy + half),
                                          *boundary_res)
            layers.append(Layer(edge, BOUNDARY_STYLE, "boundary"))
        for c, idx in enumerate(self._class_index):
            layers.append(Layer(pts[idx], CLASS_STYLES[c % len(CLASS_STYLES)], f"class {c}"))
        legend = [(f"class {c}", CLASS_STYLES[c % len(CLASS_STYLES)]) for c in range(self.data.n_classes)]
        if grid:
            legend.append(("grid", GRID_STYLE))
        if boundary and at_output:
            legend.append(("boundary", BOUNDARY_STYLE))
        return Scene(layers, view, equal_aspect=True, legend=legend)


def _axes(view: Bounds, samples: int = 1000) -> np.ndarray:
    x0, x1, y0, y1 = view
    # generous extent: the canvas widens the view to keep the aspect
    wx, wy = (x1 - x0), (y1 - y0)
    span = 2 * max(wx, wy)
    xs = np.linspace((x0 + x1) / 2 - span, (x0 + x1) / 2 + span, samples * 2)
    ys = np.linspace((y0 + y1) / 2 - span, (y0 + y1) / 2 + span, samples * 2)
    zeros = np.zeros_like(xs)
    return np.concatenate([np.stack([xs, zeros], 1), np.stack([zeros, ys], 1)])
