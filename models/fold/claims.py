"""The Fold lesson's statements, checked by computing them on the shipped
networks (and, where a statement is about networks in general, on freshly
initialised ones). ``nn-explorer claims fold`` prints them.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from models import fold
from models.claims import ClaimResult
from models.fold.datasets import DATASETS, make_dataset
from models.fold.shipped import DATA_SEED, DEPTH, N_POINTS, WIDTHS, load_pretrained
from models.fold.weights_file import WeightsError


def _shipped() -> list[tuple[str, int, fold.FoldWeights]]:
    nets = []
    for name in DATASETS:
        for width in WIDTHS:
            try:
                nets.append((name, width, load_pretrained(name, width)))
            except WeightsError:
                continue
    return nets


def _fresh(n: int = 10, width: int = 2) -> list[fold.FoldWeights]:
    """Networks straight from initialisation (seeds 0..n-1): they merge many points."""
    from models.fold.network import FoldConfig, make_net, to_weights

    return [to_weights(make_net(FoldConfig(width, DEPTH, 2), s)) for s in range(n)]


def claim_relu_nonnegative() -> ClaimResult:
    nets = _shipped()
    lowest, n_states = np.inf, 0
    for name, _w, weights in nets:
        data = make_dataset(name, N_POINTS, DATA_SEED)
        steps = fold.substeps(weights)
        for X in (data.X, fold.grid_lines()):
            for step, state in zip(steps, fold.trajectory(weights, X)):
                if step.kind == "relu":
                    lowest = min(lowest, float(state.min()))
                    n_states += 1
    ok = bool(nets) and lowest >= 0.0
    return ClaimResult("fold", "ReLU outputs have no negative coordinate",
                       f"smallest coordinate over {n_states} ReLU outputs (data and grid) of "
                       f"{len(nets)} shipped networks: {lowest:.3g}", ok)


def claim_svd_recomposes(device: str = "cpu") -> ClaimResult:
    import torch

    from models.fold.network import from_weights

    nets = _shipped()
    mat_err = out_err = 0.0
    n_maps = 0
    for name, _w, weights in nets:
        data = make_dataset(name, N_POINTS, DATA_SEED)
        steps = fold.substeps(weights)
        states = fold.trajectory(weights, data.X)
        net = from_weights(weights).double().to(device)
        x = torch.as_tensor(data.X, dtype=torch.float64, device=device)
        for li, (layer, (W, _b)) in enumerate(zip(net.linears(), weights.layers), start=1):
            p = fold.svd_parts(W)
            mat_err = max(mat_err, float(np.abs(p.U @ p.sigma() @ p.Vt - W).max()))
            # the state before the layer's first sub-step, and after its "+b"
            first = next(i for i, s in enumerate(steps) if s.layer == li)
            after_b = next(i for i, s in enumerate(steps) if s.layer == li and s.kind == "translate")
            with torch.no_grad():
                ref = layer(torch.as_tensor(states[first - 1], device=device)).cpu().numpy()
            out_err = max(out_err, float(np.abs(states[after_b] - ref).max()))
            n_maps += 1
        # and the whole chain of sub-steps against the torch network's output plane
        with torch.no_grad():
            plane = net.plane(x).cpu().numpy()
        out_err = max(out_err, float(np.abs(states[-1] - plane).max()))
    ok = bool(nets) and mat_err < 1e-5 and out_err < 1e-5
    return ClaimResult("fold", "The SVD sub-steps Vᵀ, Σ, U, +b recompose each affine map",
                       f"{n_maps} affine maps of {len(nets)} shipped networks: max |UΣVᵀ − A| = {mat_err:.2e}, "
                       f"max difference from torch's Linear layers = {out_err:.2e} (limit 1e-5)", ok)


def _separation(name: str, device: str) -> tuple[float | None, str]:
    """Accuracy of the linear read-out of the shipped width-2 network's output
    plane, computed by the torch module, and a line of evidence."""
    import torch

    from models.fold.network import from_weights

    try:
        weights = load_pretrained(name, 2)
    except WeightsError as exc:
        return None, str(exc)
    data = make_dataset(name, N_POINTS, DATA_SEED)
    net = from_weights(weights).to(device)
    with torch.no_grad():
        pred = net(torch.as_tensor(data.X, device=device)).argmax(1).cpu().numpy()
    acc = float((pred == data.y).mean())
    found = weights.meta.get("search", "")
    return acc, (f"{name}, width 2: {100 * acc:.1f}% of {len(data)} points"
                 + (f" (seed {weights.meta.get('seed')}, {found})" if found else ""))


def claim_circles_separate(device: str = "cpu") -> ClaimResult:
    acc, evidence = _separation("circles", device)
    return ClaimResult("fold", "The shipped 2-neuron network separates circles linearly at the output (≥ 99 %)",
                       evidence, acc is not None and acc >= 0.99)


def claim_spiral_separate(device: str = "cpu") -> ClaimResult:
    acc, evidence = _separation("spiral2", device)
    wider = []
    data = make_dataset("spiral2", N_POINTS, DATA_SEED)
    for width in WIDTHS[1:]:
        try:
            w = load_pretrained("spiral2", width)
        except WeightsError:
            continue
        wider.append(f"width {width}: {100 * fold.accuracy(w, data.X, data.y):.1f}%")
    if wider:
        evidence += "; wider shipped networks: " + ", ".join(wider)
    return ClaimResult("fold", "The shipped 2-neuron network separates the 2-class spiral linearly at the output "
                       "(≥ 99 %)", evidence, acc is not None and acc >= 0.99)


def claim_merged_stay_merged() -> ClaimResult:
    nets = [w for _n, _w, w in _shipped()] + _fresh()
    data = make_dataset("circles", N_POINTS, DATA_SEED)
    n_groups = n_points = 0
    worst = 0.0
    for weights in nets:
        steps = fold.substeps(weights)
        states = fold.trajectory(weights, data.X)
        groups = fold.merge_groups(states, steps)
        for k, step in enumerate(steps):
            if step.kind != "relu":
                continue
            labels = groups[k]
            uniq, inverse, counts = np.unique(labels, return_inverse=True, return_counts=True)
            multi = np.flatnonzero(counts > 1)
            n_groups += len(multi)
            n_points += int(counts[multi].sum())
            for g in multi:
                members = np.flatnonzero(inverse.reshape(-1) == g)
                for later in states[k:]:
                    pts = later[members]
                    worst = max(worst, float(np.abs(pts - pts[0]).max()))
    ok = n_groups > 0 and worst <= 1e-9
    return ClaimResult("fold", "Points merged by a ReLU stay merged in every later layer",
                       f"{n_groups} merged groups ({n_points} points, circles data) in {len(nets)} networks "
                       f"(shipped and freshly initialised), followed to the output: largest spread "
                       f"within a group {worst:.1e}", ok)


def claim_mixed_merges_cost_accuracy() -> ClaimResult:
    """Points merged at one place get one class from every later layer: a
    place that mixes classes loses its minority classes for good (accuracy
    at most 1 - lost / N), while a place of one class costs nothing."""
    nets = [(n, w) for n, _w, w in _shipped()] + [("circles", w) for w in _fresh()]
    worst_gap, n_mixed, n_lost = np.inf, 0, 0
    within: list[str] = []  # networks that merge only within a class, and still separate the classes
    for name, weights in nets:
        data = make_dataset(name, N_POINTS, DATA_SEED)
        steps = fold.substeps(weights)
        states = fold.trajectory(weights, data.X)
        m = fold.merges(fold.merge_groups(states, steps)[-1], states[-1], data.y, data.n_classes)
        acc = fold.accuracy(weights, data.X, data.y)
        worst_gap = min(worst_gap, (1 - m.lost / len(data.y)) - acc)
        n_mixed += m.mixed_places
        n_lost += m.lost
        if m.points and not m.mixed_places and acc >= 0.99:
            within.append(f"{name} width {weights.width}: {m.points} pts, {100 * acc:.1f}%")
    ok = worst_gap >= -1e-12 and n_lost > 0 and bool(within)
    return ClaimResult("fold", "Only merging points of different classes costs accuracy: a mixed place loses "
                       "all but its largest class for good, a place of one class loses nothing",
                       f"{len(nets)} networks (shipped, and fresh on circles): {n_mixed} mixed places, "
                       f"{n_lost} points lost; accuracy never above 1 - lost/N (closest {worst_gap:.3f}); "
                       f"merged within a class only, yet ≥ 99%: {len(within)} networks"
                       + (f" (e.g. {within[0]})" if within else ""), ok)


#: what claim_tanh_cannot_separate trains (kept small: the claim runs in a few seconds)
TANH_DEPTHS = (1, 2, 4, 8)
TANH_SEEDS = 24
TANH_STEPS = 600
TANH_POINTS = 400
RING_RADII = tuple(np.round(np.linspace(0.7, 1.0, 7), 3))  # circles inside the ring (0.7 < r < 1)
RING_ANGLES = 4096


def ring_test_points() -> np.ndarray:
    """The disk's centre, then RING_ANGLES points on each circle of RING_RADII."""
    a = np.linspace(0.0, 2 * np.pi, RING_ANGLES, endpoint=False)
    circles = [np.stack([r * np.cos(a), r * np.sin(a)], 1) for r in RING_RADII]
    return np.concatenate([np.zeros((1, 2)), *circles]).astype(np.float32)


def circle_wrong(pred: np.ndarray) -> np.ndarray:
    """For predictions (S, 1 + len(RING_RADII) * RING_ANGLES) on ring_test_points:
    per network, the share of its best circle of the ring put in the disk's
    class (1.0 where the centre itself is not in the disk's class). 0 means
    the network separates a whole circle of the ring from the disk's centre."""
    rings = pred[:, 1:].reshape(len(pred), len(RING_RADII), RING_ANGLES)
    wrong = (rings != 1).mean(axis=2).min(axis=1)
    return np.where(pred[:, 0] == 0, wrong, 1.0)


def ring_census(activation: str, *, depths=TANH_DEPTHS, seeds: int = TANH_SEEDS, steps: int = TANH_STEPS,
                n_points: int = TANH_POINTS, device: str = "cpu") -> dict:
    """Width-2 networks with ``activation`` trained on the circles data
    (seeds 0..seeds-1 at each of ``depths``, ``steps`` full-batch Adam
    steps at lr 0.01, each ending on the weights of its best step): how many
    there are, how many separate a whole circle of the ring from the disk's
    centre (``encircles``), and the best training accuracy (with its depth
    and seed)."""
    import torch

    from models.fold.batched import predict_many, train_many
    from models.fold.network import FoldConfig

    data = make_dataset("circles", n_points, DATA_SEED)
    probe = torch.as_tensor(ring_test_points(), device=device)
    out = {"networks": 0, "encircle": 0, "best": (-1.0, 0, 0), "least_wrong": (2.0, 0, 0)}
    for depth in depths:
        r = train_many(FoldConfig(2, depth, 2, activation), data, list(range(seeds)), steps=steps, lr=1e-2,
                       device=device, keep_best=True)
        with torch.no_grad():
            pred = predict_many(r.nets.forward(probe)).cpu().numpy()
        wrong = circle_wrong(pred)
        out["networks"] += len(r.seeds)
        out["encircle"] += int((wrong == 0).sum())
        j = int(np.argmin(wrong))
        if float(wrong[j]) < out["least_wrong"][0]:
            out["least_wrong"] = (float(wrong[j]), depth, r.seeds[j])
        i = int(np.argmax(r.final_accuracy))
        if float(r.final_accuracy[i]) > out["best"][0]:
            out["best"] = (float(r.final_accuracy[i]), depth, r.seeds[i])
    return out


def claim_tanh_cannot_separate(device: str = "cpu") -> ClaimResult:
    """A tanh layer of width 2 (with an invertible W) is one to one and
    continuous, and so is the whole network up to its output plane: it maps
    any circle of the ring to a closed curve that still goes around the
    image of the disk's centre, so no line (the output's decision boundary)
    can have the centre on one side and the whole circle on the other: some
    of every circle is always on the disk's side. On finitely many points a
    one-to-one map can slip between them, so training accuracy alone proves
    nothing: the test is the circles themselves, 4,096 points on each. ReLU
    networks, trained the same way, are measured next to them (a fold may
    separate a whole circle; whether these do is what their numbers say)."""
    import time

    t0 = time.perf_counter()
    tanh = ring_census("tanh", device=device)
    relu = ring_census("relu", device=device)
    seconds = time.perf_counter() - t0
    ok = tanh["networks"] > 0 and tanh["encircle"] == 0

    def said(c: dict, name: str) -> str:
        acc, depth, seed = c["best"]
        wrong, wdepth, wseed = c["least_wrong"]
        return (f"{name}: {c['encircle']} of {c['networks']} networks get a whole circle right, the closest leaves "
                f"{100 * wrong:.2f}% of its best circle on the disk's side (depth {wdepth}, seed {wseed}); best "
                f"training accuracy {100 * acc:.1f}% (depth {depth}, seed {seed})")

    return ClaimResult(
        "fold", "With tanh, 2-neuron layers cannot separate the disk from the ring, however deep: part of every "
                "circle of the ring stays on the disk's side",
        f"width-2 networks, depths {','.join(map(str, TANH_DEPTHS))} × seeds 0..{TANH_SEEDS - 1}, {TANH_STEPS} "
        f"full-batch Adam steps (lr 0.01, best step kept) on {TANH_POINTS} points of circles; tested on the disk's "
        f"centre and {RING_ANGLES} points on each circle of radius {', '.join(f'{r:g}' for r in RING_RADII)}: "
        f"{said(tanh, 'tanh')}; next to {said(relu, 'ReLU')}; holds when no tanh network gets a whole circle "
        f"right ({seconds:.1f} s)", ok)


CLAIMS: list[Callable[..., ClaimResult]] = [
    claim_relu_nonnegative, claim_svd_recomposes, claim_circles_separate, claim_spiral_separate,
    claim_merged_stay_merged, claim_mixed_merges_cost_accuracy, claim_tanh_cannot_separate,
]
