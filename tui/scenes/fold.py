"""What the Fold lesson draws at each step, as a canvas Scene (numpy only).

Shared by the lesson screen and by ``nn-explorer render fold``, so that the
screen and the text handout always show the same computation.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

from models.lazy import numpy as np  # imported when first used (tui.screens.fold paints before it computes)

from models import fold
from models.fold.datasets import Dataset
from tui.words import tables
from tui.canvas import Bounds, Layer, Mark, Run, Scene, bounds_of, lerp_bounds, render_runs, union, wrap_cells
from tui.render import RenderError
from tui.state import number, take_lang, whole

CLASS_STYLES = ("#4da6ff", "#ff8c42", "#6bdc6b", "#e05ee0", "#f2d94e", "#44d9d9", "#b08cff", "#c8a064")
GRID_STYLE = "#4a4a4a"
AXES_STYLE = "#8a8a8a"
BOUNDARY_STYLE = "bold #ffffff"
# a place where a ReLU sent several points: its count, dark on light when the
# points are of one class, "!" and white on red when classes are mixed there
MERGE_STYLE = "bold #000000 on #d8d8d8"
MIXED_STYLE = "bold #ffffff on #d02828"
MERGE_LEGEND_STYLE = "bold #d8d8d8"  # the legend names them in their colour, without the ground
MIXED_LEGEND_STYLE = "bold #ff5a5a"
MAX_MARKS = 12  # the largest merge places get a mark; the status counts them all
# without colour (tui.charset.markers_on) each series is drawn with its glyph
CLASS_GLYPHS = ("o", "x", "+", "*", "%", "&", "@", "=")  # up to 8 classes (a --data file)
GRID_GLYPH = "·"
BOUNDARY_GLYPH = "#"

#: the words of the status line and of ``render fold``'s header. The plot's
WORDS = tables("fold", "scene")


def words(lang: str) -> dict[str, str]:
    return WORDS.get(lang, WORDS["en"])


def data_title(data: Dataset, lang: str = "en") -> str:
    """The data set's name on the plot and in the status ("spiral, 2
    classes", "나선, 클래스 2개"; a --data file with its scale)."""
    from tui.words import has, text

    if data.scale is not None:
        cx, cy, factor = data.scale
        return words(lang)["user_data"].format(name=data.name, factor=f"{factor:.3g}", cx=f"{cx:.3g}", cy=f"{cy:.3g}")
    key = f"datasets.{data.name}"
    return text("app", key, lang) if has("app", key) else data.title


def step_label(step: fold.Step, depth: int, lang: str = "en") -> str:
    """e.g. "layer 2 · Σ scale" (what ``Step.label`` says, in ``lang``)."""
    w = words(lang)
    if step.kind == "input":
        return w["input"]
    where = w["output"] if step.layer == depth + 1 else w["layer"].format(n=step.layer)
    kind = step.kind
    if kind in ("rotate_v", "rotate_u") and step.reflect:
        kind = kind.replace("rotate", "reflect")
    return f"{where} · {w[kind]}"


def merge_parts(m: fold.Merges, lang: str = "en", strong: tuple[str, str] = ("", "")) -> list[str]:
    """The merge count in its two halves (what merged, what it costs), e.g.
    ["merged: 263 pts at 1 place", "1 mixing classes: 3 lost for good"]
    (``strong``: markup around the number of points merged)."""
    w = words(lang)
    if not m.points:
        return [w["merged_none"]]
    text = w["merged"].format(points=f"{strong[0]}{m.points}{strong[1]}", places=m.places,
                              place_word=w["place"] if m.places == 1 else w["places"])
    if m.mixed_places:
        return [text, w["mixed"].format(mixed=m.mixed_places, lost=m.lost)]
    return [text, w["within"]]


def merge_phrase(m: fold.Merges, lang: str = "en", strong: tuple[str, str] = ("", "")) -> str:
    """The merge count of the status line and of render's header, e.g.
    "merged: 263 pts at 1 place, 1 mixing classes: 3 lost for good"."""
    return ", ".join(merge_parts(m, lang, strong))


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
    merges: fold.Merges  # the merge places of the state shown


class _Lazy:
    """A read-only list whose item i is ``make(i)``, made when first read."""

    def __init__(self, n: int, make) -> None:
        self._items: list = [None] * n
        self._made = [False] * n
        self._make = make

    def __len__(self) -> int:
        return len(self._items)

    def __getitem__(self, i: int):
        i = range(len(self._items))[i]  # negative indices, and IndexError past the end
        if not self._made[i]:
            self._items[i] = self._make(i)
            self._made[i] = True
        return self._items[i]

    def __iter__(self):
        return (self[i] for i in range(len(self._items)))


class FoldView:
    """The trajectory of a data set and of the input grid through one network."""

    def __init__(self, weights: fold.FoldWeights, data: Dataset, grid_lines: int = 12):
        self.weights = weights
        self.data = data
        self.steps = fold.substeps(weights)
        self.states = fold.trajectory(weights, data.X)
        self.grid_states = fold.trajectory(weights, fold.grid_lines(n_lines=grid_lines))
        self.groups = fold.merge_groups(self.states, self.steps)
        # computed when first asked for: a live frame of a training run needs one or two of them
        self.merges = _Lazy(len(self.states), lambda i: fold.merges(self.groups[i], self.states[i], data.y,
                                                                    data.n_classes))
        self.merged = _Lazy(len(self.states), lambda i: (self.merges[i].points, self.merges[i].places))
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
        each = [bounds_of(self._project(x), pad=0.12) for x in self.states]  # once per state (live frames)
        for k, step in enumerate(self.steps):
            b = each[k]
            if k > 0 and step.layer != self.steps[k - 1].layer:
                b = union(b, each[k - 1])
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

    def status(self, k: int, t: float = 1.0, lang: str = "en") -> FoldStatus:
        shown = self._merges_shown(k, t)
        pts, places = self.merged[shown]
        step = self.steps[k]
        return FoldStatus(step, step_label(step, self.weights.depth, lang), k, self.n_steps, pts, places,
                          self.pair, self.states[k].shape[1], self.merges[shown])

    @staticmethod
    def _merges_shown(k: int, t: float) -> int:
        """The step whose merges count on the way into state k: a ReLU's
        merges count once it has landed."""
        return k if t >= 1.0 else max(k - 1, 0)

    def merge_marks(self, k: int, t: float, pts: np.ndarray) -> list[Mark]:
        """A mark at each merge place (the largest MAX_MARKS), at the group's
        position in ``pts`` (the projected points drawn): its size, with "!"
        and a red ground when it mixes classes. Drawn smallest first, so a
        larger place, and a mixed one, wins where two marks overlap."""
        groups = self.merges[self._merges_shown(k, t)].groups[:MAX_MARKS]
        marks = []
        for g in sorted(groups, key=lambda g: (g.mixed, g.size)):
            x, y = pts[g.members[0]]
            marks.append(Mark(float(x), float(y), f"!{g.size}" if g.mixed else str(g.size),
                              MIXED_STYLE if g.mixed else MERGE_STYLE))
        return marks

    # ----------------------------------------------------------------- scene
    def scene(self, k: int, t: float = 1.0, *, grid: bool = True, boundary: bool = True,
              boundary_res: tuple[int, int] = (400, 400), lang: str = "en") -> Scene:
        pts, grid_pts = self.points_at(k, t)
        view = self.view_at(k, t)
        layers: list[Layer] = []
        if grid:
            layers.append(Layer(grid_pts, GRID_STYLE, "grid", GRID_GLYPH))
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
            layers.append(Layer(edge, BOUNDARY_STYLE, "boundary", BOUNDARY_GLYPH))
        w = words(lang)
        names = [w["legend_class"].format(name=self.data.class_names[c] if c < len(self.data.class_names) else c)
                 for c in range(self.data.n_classes)]
        for c, idx in enumerate(self._class_index):
            layers.append(Layer(pts[idx], CLASS_STYLES[c % len(CLASS_STYLES)], names[c],
                                CLASS_GLYPHS[c % len(CLASS_GLYPHS)]))
        marks = self.merge_marks(k, t, pts)
        legend = [(names[c], CLASS_STYLES[c % len(CLASS_STYLES)]) for c in range(self.data.n_classes)]
        # the merge marks before the grid and the boundary: at 80 columns the
        # legend keeps what fits, and the marks are what needs explaining
        if any(m.style == MERGE_STYLE for m in marks):
            legend.append((w["legend_merged"], MERGE_LEGEND_STYLE))
        if any(m.style == MIXED_STYLE for m in marks):
            legend.append((w["legend_mixed"], MIXED_LEGEND_STYLE))
        if boundary and at_output:
            legend.append((w["legend_boundary"], BOUNDARY_STYLE))
        if grid:
            legend.append((w["legend_grid"], GRID_STYLE))
        return Scene(layers, view, equal_aspect=True, legend=legend, marks=marks)


def render_lines(view: FoldView, k: int, size: tuple[int, int], lang: str = "en") -> list[list[Run]]:
    """What ``nn-explorer render fold`` prints for state k of the view: a
    header, then the plot with its grid. The screen's export draws its text
    through this too, from the view it already holds."""
    last = view.n_steps - 1
    st = view.status(k, lang=lang)
    words_ = words(lang)
    arch = ""
    if (view.weights.activation, view.weights.depth) != ("relu", 4):
        arch = words_["header_arch"].format(activation=view.weights.activation, depth=view.weights.depth)
    title = data_title(view.data, lang)
    header = words_["header"].format(k=k, last=last, label=st.label, data=title, width=view.weights.width,
                                     arch=arch, merged=merge_phrase(st.merges, lang), acc=100 * view.accuracy)
    w, h = size
    head = wrap_cells(header, w)[: max(1, h - 8)]
    return [[(line, "bold")] for line in head] + render_runs(view.scene(k, lang=lang), w, h - len(head))


def _axes(view: Bounds, samples: int = 1000) -> np.ndarray:
    x0, x1, y0, y1 = view
    # generous extent: the canvas widens the view to keep the aspect
    wx, wy = (x1 - x0), (y1 - y0)
    span = 2 * max(wx, wy)
    xs = np.linspace((x0 + x1) / 2 - span, (x0 + x1) / 2 + span, samples * 2)
    ys = np.linspace((y0 + y1) / 2 - span, (y0 + y1) / 2 + span, samples * 2)
    zeros = np.zeros_like(xs)
    return np.concatenate([np.stack([xs, zeros], 1), np.stack([zeros, ys], 1)])


# ------------------------------------------------------------------ render
#: render fold's options (-o KEY=VALUE) and what they default to: the shipped
#: networks' settings, and the app's training run (tui.app.Settings)
RENDER_DEFAULTS = {"activation": "relu", "depth": 4, "lr": 0.01, "steps": 2000}


def fold_view(dataset: str, width: int, seed: int = 0):
    """The shipped network's view; a missing or corrupt file is reported on
    stderr and a network is trained from scratch instead."""
    import sys

    from models.fold.datasets import make_dataset
    from models.fold.shipped import DEPTH, N_POINTS, load_pretrained
    from models.fold.weights_file import WeightsError

    data = make_dataset(dataset, N_POINTS, seed)
    try:
        weights = load_pretrained(dataset, width)
    except WeightsError as exc:
        print(f"nn-explorer: {exc}; training a network from scratch", file=sys.stderr)
        from models.fold.network import FoldConfig
        from models.fold.training import train

        weights = train(FoldConfig(width, DEPTH, data.n_classes), data, seed=seed).value.weights
    return FoldView(weights, data)


def trained_view(data: Dataset, width: int, seed: int, activation: str, depth: int, lr: float, steps: int):
    """A network of these settings trained from ``seed`` (what the app's
    a, D, l keys and a --data file train, with the app's steps and rate)."""
    from models.fold.network import FoldConfig
    from models.fold.training import train

    outcome = train(FoldConfig(width, depth, data.n_classes, activation), data, seed=seed, steps=steps, lr=lr)
    return FoldView(outcome.value.weights, data)


def parse_options(options: dict[str, str]) -> dict:
    """render fold's -o values, checked: activation, depth, lr, steps (and
    data, the path of a CSV file)."""
    from models.fold import ACTIVATIONS
    out = dict(RENDER_DEFAULTS)
    for key, text in options.items():
        if key == "data":
            continue
        if key == "lang":
            take_lang(options, pop=False)
            continue
        if key == "activation":
            if text not in ACTIVATIONS:
                raise RenderError(f"activation must be one of {', '.join(ACTIVATIONS)}, not {text!r}")
            out[key] = text
        elif key in ("depth", "steps"):
            out[key] = whole(key, text, 1, 8 if key == "depth" else 20000)
        elif key == "lr":
            value = number(key, text)
            if not (0 < value <= 1):
                raise RenderError(f"lr must be more than 0 and at most 1, not {text}")
            out[key] = value
    return out


@dataclass(frozen=True)
class FoldArgs:
    """render fold's (and ``nn-explorer fold``'s) state, checked: the
    network (the shipped one for its data set and width, or one of these
    settings trained from ``seed``), the sub-step shown (None: the output)."""

    dataset: str
    width: int
    seed: int = 0
    step: int | None = None
    activation: str = "relu"
    depth: int = 4
    lr: float = 0.01
    steps: int = 2000
    data: Dataset | None = None  # the user's CSV file (-o data=FILE, --data FILE)
    lang: str = "en"

    @property
    def trained(self) -> bool:
        """A network trained from ``seed`` rather than a shipped one."""
        return self.data is not None or (self.activation, self.depth, self.lr, self.steps) != tuple(
            RENDER_DEFAULTS[k] for k in ("activation", "depth", "lr", "steps"))

    @property
    def n_steps(self) -> int:
        """The animation's sub-steps, input to output, for this depth."""
        return 1 + self.depth * len(fold.layer_kinds(self.activation)) + len(fold.layer_kinds(self.activation,
                                                                                               hidden=False))


def parse_state(*, step: int | None, dataset: str | None, width: int | None, seed: int,
                options: dict[str, str]) -> FoldArgs:
    """The state asked for, checked (one-line RenderError): nothing is trained."""
    from models.fold.datasets import DATASETS, DataFileError, load_csv
    from models.fold.shipped import WIDTHS
    opts = parse_options(options)
    width = width or WIDTHS[0]
    if width not in WIDTHS:
        raise RenderError(f"width {width} is not offered (choose from: {', '.join(map(str, WIDTHS))})")
    data = None
    if "data" in options:
        if dataset is not None:
            raise RenderError("--dataset and --data cannot both be given")
        try:
            data = load_csv(options["data"])
        except DataFileError as exc:
            raise RenderError(str(exc)) from None
        dataset = data.name
    else:
        dataset = dataset or DATASETS[0]
        if dataset not in DATASETS:
            raise RenderError(f"unknown data set {dataset!r} (choose from: {', '.join(DATASETS)})")
    args = FoldArgs(dataset=dataset, width=width, seed=seed, step=step, activation=opts["activation"],
                    depth=opts["depth"], lr=opts["lr"], steps=opts["steps"], data=data,
                    lang=options.get("lang", "en"))
    last = args.n_steps - 1
    if step is not None and not 0 <= step <= last:
        raise RenderError(f"step {step} is out of range: the fold lesson has steps 0 to {last}")
    return args


def draw(args: FoldArgs, size: tuple[int, int]) -> list[list[Run]]:
    """``nn-explorer render fold``: the shipped network (or one trained from
    scratch when its file is missing) at a sub-step of its animation. With
    -o activation=, depth=, lr=, steps= other than the shipped networks'
    (ReLU, depth 4), or -o data=FILE.csv (``--data``), a network of those
    settings trained from its seed, as the app's keys train it."""
    if args.data is not None:
        view = trained_view(args.data, args.width, args.seed, args.activation, args.depth, args.lr, args.steps)
    elif not args.trained:
        view = fold_view(args.dataset, args.width, args.seed)
    else:
        from models.fold.datasets import make_dataset
        from models.fold.shipped import N_POINTS

        view = trained_view(make_dataset(args.dataset, N_POINTS, args.seed), args.width, args.seed,
                            args.activation, args.depth, args.lr, args.steps)
    k = view.n_steps - 1 if args.step is None else args.step
    return render_lines(view, k, size, args.lang)

