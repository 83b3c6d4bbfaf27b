"""Folding the plane: the lecture's 2-neuron network, one sub-step at a time.

The network is 2 inputs -> ``depth`` hidden layers of ``width`` neurons
(affine map, then an activation: ReLU as in the lecture, or leaky ReLU, or
tanh) -> a 2-D output plane (affine map, no activation). For
K > 2 classes a linear classifier ("head") reads the output plane; for K = 2
the two output coordinates are the two class scores themselves.

Every affine map x -> A x + b is shown as its singular value decomposition
A = U Σ Vᵀ, applied right to left:

    rotate/reflect by Vᵀ  ->  scale by Σ  ->  rotate/reflect by U  ->  add b  ->  activation

ReLU folds (every negative coordinate goes to 0, so points merge), leaky
ReLU bends (negative coordinates are scaled by LEAK: nothing merges), tanh
squashes (into the open square (-1, 1)², smoothly and one to one).

This module is numpy only (float64), so the picture can be drawn before
PyTorch has been imported; ``models.fold.network`` holds the trainable torch module and
converts to and from :class:`FoldWeights`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from models.lazy import numpy as np  # imported when first used (tui.screens.fold paints before it computes)

#: the activations a hidden layer may use; the name is also its sub-step's kind
ACTIVATIONS = ("relu", "leaky", "tanh")
LEAK = 0.1  # leaky ReLU's slope for negative inputs (large enough to be seen bending)
AFFINE_KINDS = ("rotate_v", "scale", "rotate_u", "translate")
SUBSTEP_KINDS = AFFINE_KINDS + ("relu",)  # a ReLU network's hidden layer


def layer_kinds(activation: str = "relu", hidden: bool = True) -> tuple[str, ...]:
    """The sub-steps of one layer: the affine map's four, then (hidden
    layers only) the activation."""
    check_activation(activation)
    return AFFINE_KINDS + ((activation,) if hidden else ())


def check_activation(activation: str) -> None:
    if activation not in ACTIVATIONS:
        raise ValueError(f"unknown activation {activation!r} (choose from: {', '.join(ACTIVATIONS)})")


def activate(x: np.ndarray, activation: str = "relu") -> np.ndarray:
    """The hidden layers' non-linearity, elementwise."""
    if activation == "relu":
        return np.maximum(x, 0.0)
    if activation == "leaky":
        return np.where(x > 0, x, LEAK * x)
    if activation == "tanh":
        return np.tanh(x)
    check_activation(activation)
    raise AssertionError  # unreachable


@dataclass
class FoldWeights:
    """Weights of one fold network as plain arrays.

    layers: [(W, b)] with W of shape (out, in) and b of shape (out,), the
            ``depth`` hidden layers followed by the output layer (out = 2).
    head:   (W (K, 2), b (K,)) when K > 2 classes, else None.
    activation: the hidden layers' non-linearity (one of ACTIVATIONS).
    """

    layers: list[tuple[np.ndarray, np.ndarray]]
    head: tuple[np.ndarray, np.ndarray] | None = None
    meta: dict = field(default_factory=dict)
    activation: str = "relu"

    @property
    def depth(self) -> int:
        return len(self.layers) - 1

    @property
    def width(self) -> int:
        return self.layers[0][0].shape[0]

    @property
    def n_classes(self) -> int:
        return 2 if self.head is None else self.head[0].shape[0]


@dataclass(frozen=True)
class SVDParts:
    """A = U @ diag_rect(s) @ Vt, signs chosen so that U and Vt are rotations
    whenever that is possible (a reflection then shows exactly where det A < 0)."""

    U: np.ndarray  # (out, out)
    s: np.ndarray  # (min(out, in),)
    Vt: np.ndarray  # (in, in)
    n_in: int
    n_out: int

    def sigma(self) -> np.ndarray:
        """The rectangular (out, in) Σ."""
        S = np.zeros((self.n_out, self.n_in))
        k = len(self.s)
        S[np.arange(k), np.arange(k)] = self.s
        return S


def svd_parts(A: np.ndarray) -> SVDParts:
    A = np.asarray(A, dtype=np.float64)
    n_out, n_in = A.shape
    U, s, Vt = np.linalg.svd(A, full_matrices=True)
    U = U.copy()
    Vt = Vt.copy()
    k = len(s)
    # Flipping row i of Vt together with column i of U leaves A unchanged, and
    # rows of Vt / columns of U beyond k are free. Use that to remove every
    # reflection that is not forced: only a square A with det A < 0 keeps one.
    if np.linalg.det(Vt) < 0:
        if n_in > k:
            Vt[n_in - 1] *= -1  # a free row
        else:
            Vt[k - 1] *= -1
            U[:, k - 1] *= -1
    if np.linalg.det(U) < 0:
        if n_out > k:
            U[:, n_out - 1] *= -1  # a free column
        elif n_in > k:
            U[:, 0] *= -1
            Vt[0] *= -1
            Vt[n_in - 1] *= -1  # and a free row keeps Vt a rotation
    return SVDParts(U, s, Vt, n_in, n_out)


@dataclass(frozen=True)
class Step:
    """One state of the animation. ``index`` 0 is the input plane."""

    index: int
    layer: int  # 0: input, 1..depth: hidden layers, depth+1: output layer
    kind: str  # "input", one of AFFINE_KINDS, or an activation (ACTIVATIONS)
    reflect: bool = False  # for rotate_v / rotate_u: the map is a reflection

    def label(self, depth: int) -> str:
        if self.kind == "input":
            return "input plane"
        where = "output layer" if self.layer == depth + 1 else f"layer {self.layer}"
        what = {
            "rotate_v": "Vᵀ " + ("reflect" if self.reflect else "rotate"),
            "scale": "Σ scale",
            "rotate_u": "U " + ("reflect" if self.reflect else "rotate"),
            "translate": "+b translate",
            "relu": "ReLU fold",
            "leaky": "leaky ReLU bend",
            "tanh": "tanh squash",
        }[self.kind]
        return f"{where} · {what}"


def substeps(weights: FoldWeights) -> list[Step]:
    """All states of the animation, input first, output last."""
    steps = [Step(0, 0, "input")]
    n_layers = len(weights.layers)
    for li, (W, _b) in enumerate(weights.layers, start=1):
        parts = svd_parts(W)
        for kind in layer_kinds(weights.activation, hidden=li < n_layers):
            reflect = False
            if kind == "rotate_v":
                reflect = bool(np.linalg.det(parts.Vt) < 0)
            elif kind == "rotate_u":
                reflect = bool(np.linalg.det(parts.U) < 0)
            steps.append(Step(len(steps), li, kind, reflect))
    return steps


def apply_substep(kind: str, x: np.ndarray, W: np.ndarray, b: np.ndarray,
                  parts: SVDParts | None = None) -> np.ndarray:
    """Apply one sub-step of the layer (W, b) to points x of shape (N, d)."""
    parts = parts or svd_parts(W)
    if kind == "rotate_v":
        return x @ parts.Vt.T  # (N, in)
    if kind == "scale":
        return x @ parts.sigma().T  # (N, in) -> (N, out)
    if kind == "rotate_u":
        return x @ parts.U.T  # (N, out)
    if kind == "translate":
        return x + b
    if kind in ACTIVATIONS:
        return activate(x, kind)
    raise ValueError(f"unknown sub-step {kind!r}")


def trajectory(weights: FoldWeights, X: np.ndarray) -> list[np.ndarray]:
    """The image of the points X (N, 2) at every step of :func:`substeps`."""
    x = np.asarray(X, dtype=np.float64)
    states = [x]
    n_layers = len(weights.layers)
    for li, (W, b) in enumerate(weights.layers, start=1):
        parts = svd_parts(W)
        for kind in layer_kinds(weights.activation, hidden=li < n_layers):
            x = apply_substep(kind, x, W, b, parts)
            states.append(x)
    return states


def forward(weights: FoldWeights, X: np.ndarray) -> np.ndarray:
    """Output-plane coordinates (N, 2), straight through the affine maps."""
    x = np.asarray(X, dtype=np.float64)
    for li, (W, b) in enumerate(weights.layers):
        x = x @ W.T + b
        if li < len(weights.layers) - 1:
            x = activate(x, weights.activation)
    return x


def class_scores(weights: FoldWeights, Y: np.ndarray) -> np.ndarray:
    """Class scores (N, K) read off output-plane points Y (N, 2)."""
    Y = np.asarray(Y, dtype=np.float64)
    if weights.head is None:
        return Y
    Wh, bh = weights.head
    return Y @ Wh.T + bh


def predict(weights: FoldWeights, X: np.ndarray) -> np.ndarray:
    return class_scores(weights, forward(weights, X)).argmax(axis=1)


def accuracy(weights: FoldWeights, X: np.ndarray, y: np.ndarray) -> float:
    return float((predict(weights, X) == np.asarray(y)).mean())


def interpolate(a: np.ndarray, b: np.ndarray, t: float) -> np.ndarray:
    """(1 - t)·a + t·b, padding the lower-dimensional state with zeros."""
    if a.shape[1] != b.shape[1]:
        d = max(a.shape[1], b.shape[1])
        a = _pad(a, d)
        b = _pad(b, d)
    return (1.0 - t) * a + t * b


def _pad(x: np.ndarray, d: int) -> np.ndarray:
    if x.shape[1] == d:
        return x
    out = np.zeros((x.shape[0], d), dtype=x.dtype)
    out[:, : x.shape[1]] = x
    return out


def merge_groups(states: list[np.ndarray], steps: list[Step], decimals: int = 9) -> list[np.ndarray]:
    """For every step, a group label per point: points with the same label have
    been sent to one single point by a ReLU at or before that step.

    Merging is cumulative (union-find over the ReLU steps so far): once a ReLU
    has sent two points to the same place, every later map is a function of
    that place, so they can never be told apart again. Leaky ReLU and tanh
    are one to one: they merge nothing (a tanh that saturates in floating
    point is still one to one in the maths, so it is not counted).
    """
    n = states[0].shape[0]
    parent = np.arange(n)

    def find(i: int) -> int:
        root = i
        while parent[root] != root:
            root = parent[root]
        while parent[i] != root:  # path compression
            parent[i], i = root, parent[i]
        return root

    labels = []
    current = parent.copy()
    for state, step in zip(states, steps):
        if step.kind == "relu":
            key = np.round(state, decimals) + 0.0  # +0.0 turns -0.0 into 0.0
            _, inverse, counts = np.unique(key, axis=0, return_inverse=True, return_counts=True)
            inverse = inverse.reshape(-1)
            for g in np.flatnonzero(counts > 1):
                members = np.flatnonzero(inverse == g)
                r0 = find(int(members[0]))
                for m in members[1:]:
                    r = find(int(m))
                    if r != r0:
                        parent[r] = r0
            # every point's root, by pointer jumping (the same roots find() gives, without a
            # Python call per point: this runs for every live frame of a training run)
            roots = parent
            while True:
                nxt = roots[roots]
                if np.array_equal(nxt, roots):
                    break
                roots = nxt
            parent[:] = roots
            current = roots.copy()
        labels.append(current)
    return labels


@dataclass(frozen=True)
class MergeGroup:
    """Points that a ReLU has sent to one single place (at or before the step).

    Every later layer is a function of the place, so the network gives all
    of them the same class: when they are not all of one class, at least
    ``lost`` of them are misclassified whatever the later layers do."""

    members: np.ndarray  # (n,) indices of the points, ascending
    place: np.ndarray  # (d,) where they all are at this step
    per_class: np.ndarray  # (K,) how many members belong to each class

    @property
    def size(self) -> int:
        return len(self.members)

    @property
    def mixed(self) -> bool:
        """The group holds points of more than one class."""
        return int(np.count_nonzero(self.per_class)) > 1

    @property
    def lost(self) -> int:
        """Members that no later layer can classify correctly: all but the
        largest class of the group (0 for a group of one class)."""
        return self.size - int(self.per_class.max())


@dataclass(frozen=True)
class Merges:
    """The merge groups at one step, largest first (groups of 2 or more points)."""

    groups: tuple[MergeGroup, ...]

    @property
    def points(self) -> int:
        """Points that share their place with another point."""
        return sum(g.size for g in self.groups)

    @property
    def places(self) -> int:
        return len(self.groups)

    @property
    def mixed_places(self) -> int:
        """Groups that hold more than one class."""
        return sum(1 for g in self.groups if g.mixed)

    @property
    def mixed_points(self) -> int:
        return sum(g.size for g in self.groups if g.mixed)

    @property
    def lost(self) -> int:
        """Points misclassified for good: accuracy is at most 1 - lost / N."""
        return sum(g.lost for g in self.groups)


def merges(labels: np.ndarray, state: np.ndarray, y: np.ndarray, n_classes: int | None = None) -> Merges:
    """The merge groups of one step: ``labels`` from :func:`merge_groups`,
    ``state`` the points there (N, d), ``y`` their classes (N,)."""
    labels = np.asarray(labels)
    y = np.asarray(y)
    k = int(n_classes if n_classes is not None else (y.max() + 1 if len(y) else 0))
    _, inverse, counts = np.unique(labels, return_inverse=True, return_counts=True)
    inverse = inverse.reshape(-1)
    groups = []
    for g in np.flatnonzero(counts > 1):
        members = np.flatnonzero(inverse == g)
        groups.append(MergeGroup(members, np.asarray(state[members[0]], dtype=np.float64).copy(),
                                 np.bincount(y[members], minlength=k)))
    groups.sort(key=lambda g: (-g.size, int(g.members[0])))
    return Merges(tuple(groups))


def merged_count(labels: np.ndarray) -> tuple[int, int]:
    """(points that share their place with another point, number of such places)."""
    _, counts = np.unique(labels, return_counts=True)
    shared = counts[counts > 1]
    return int(shared.sum()), int(len(shared))


def grid_lines(lo: float = -1.1, hi: float = 1.1, n_lines: int = 12, samples: int = 120) -> np.ndarray:
    """Points along a regular grid over the input square, shape (2·n_lines·samples, 2)."""
    ticks = np.linspace(lo, hi, n_lines)
    along = np.linspace(lo, hi, samples)
    vertical = np.stack(np.broadcast_arrays(ticks[:, None], along[None, :]), axis=-1).reshape(-1, 2)
    horizontal = vertical[:, ::-1]
    return np.concatenate([vertical, horizontal])


def decision_boundary(weights: FoldWeights, bounds: tuple[float, float, float, float],
                      nx: int, ny: int) -> np.ndarray:
    """Output-plane points (M, 2) where the predicted class changes, found on an
    nx-by-ny grid over bounds = (x0, x1, y0, y1)."""
    x0, x1, y0, y1 = bounds
    gx = np.linspace(x0, x1, nx)
    gy = np.linspace(y0, y1, ny)
    XX, YY = np.meshgrid(gx, gy)  # (ny, nx)
    P = np.stack([XX.ravel(), YY.ravel()], axis=1)
    cls = class_scores(weights, P).argmax(axis=1).reshape(ny, nx)
    edge = np.zeros_like(cls, dtype=bool)
    edge[:, 1:] |= cls[:, 1:] != cls[:, :-1]
    edge[1:, :] |= cls[1:, :] != cls[:-1, :]
    return np.stack([XX[edge], YY[edge]], axis=1)

