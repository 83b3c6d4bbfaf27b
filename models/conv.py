"""Can a network learn the templates? Convolutions.

Three small pieces of the lecture's next part:

1. A convnet learns its own templates: a few 5x5 kernels swept over the image
   (conv2d, weight sharing), ReLU, a global max over positions ("is the motif
   anywhere?"), and a linear read-out. Trained on shifted, noisy letters it
   is right at every shift. A fully connected network of 8 hidden units,
   trained on centred letters only, is not.
2. What ``torch.nn.functional.conv1d`` computes is a cross-correlation,
   y_i = sum_j w_j x_(i+j); the convolution of the textbook, y_i = sum_j w_j x_(i-j),
   is the same thing with the kernel flipped.
3. The output length of a convolution: floor((n + 2p - d(k-1) - 1) / s) + 1.

The letters come from models/motif2d (assets/glyphs). numpy only at import:
torch is imported inside the functions that need it.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from models import motif2d as m
from models.outcome import Outcome

CLASSES = ("C", "D", "O", "L")
N_KERNELS = 8
KERNEL = 5
FC_HIDDEN = 8
NOISE = 0.03  # the highest share of flipped pixels in the training data


# ------------------------------------------------------------------- data
@dataclass(frozen=True)
class LetterData:
    X: np.ndarray  # (N, 1, H, W) float32 in {0, 1}
    y: np.ndarray  # (N,) int64: index into CLASSES
    shifts: np.ndarray  # (N, 2) int: (dy, dx) of each letter

    def __len__(self) -> int:
        return len(self.y)


def make_letters(n: int, seed: int, *, shifted: bool = True, noise: float = NOISE) -> LetterData:
    """n letters drawn at random from CLASSES; each moved to a random shift
    that keeps it on the canvas (or centred), with up to ``noise`` of its
    pixels flipped."""
    rng = np.random.default_rng(seed)
    glyphs = [m.load_glyph(c) for c in CLASSES]
    X = np.zeros((n, 1, *m.CANVAS), dtype=np.float32)
    y = rng.integers(0, len(CLASSES), n)
    shifts = np.zeros((n, 2), dtype=int)
    for i in range(n):
        g = glyphs[y[i]]
        if shifted:
            y0, y1, x0, x1 = m.shift_range(g.shape)
            shifts[i] = rng.integers(y0, y1 + 1), rng.integers(x0, x1 + 1)
        img = m.place(g, *shifts[i])
        level = rng.uniform(0, noise) if noise > 0 else 0.0
        X[i, 0] = img ^ (rng.random(img.shape) < level)
    return LetterData(X, y.astype(np.int64), shifts)


def every_shift(noise: float = 0.0, seed: int = 0) -> LetterData:
    """Each letter at each shift that keeps it on the canvas (the test of shift invariance)."""
    rng = np.random.default_rng(seed)
    xs, ys, ss = [], [], []
    for c, name in enumerate(CLASSES):
        g = m.load_glyph(name)
        y0, y1, x0, x1 = m.shift_range(g.shape)
        for dy in range(y0, y1 + 1):
            for dx in range(x0, x1 + 1):
                img = m.place(g, dy, dx)
                if noise > 0:
                    img = img ^ (rng.random(img.shape) < noise)
                xs.append(img)
                ys.append(c)
                ss.append((dy, dx))
    return LetterData(np.stack(xs)[:, None].astype(np.float32), np.array(ys, dtype=np.int64), np.array(ss))


# ----------------------------------------------------------------- models
def make_model(kind: str, seed: int):
    """'conv': Conv2d(1, 8, 5, padding 2) -> ReLU -> global max -> Linear(8, 4).
    'fc': Flatten -> Linear(H*W, 8) -> ReLU -> Linear(8, 4)."""
    import torch
    from torch import nn

    torch.manual_seed(seed)
    if kind == "conv":
        class ConvNet(nn.Module):
            def __init__(self) -> None:
                super().__init__()
                self.conv = nn.Conv2d(1, N_KERNELS, KERNEL, padding=KERNEL // 2)
                self.out = nn.Linear(N_KERNELS, len(CLASSES))

            def features(self, x):  # (N, 1, H, W) -> (N, K): the best match of each kernel, anywhere
                return torch.relu(self.conv(x)).amax(dim=(2, 3))

            def forward(self, x):
                return self.out(self.features(x))

        return ConvNet()
    if kind == "fc":
        h, w = m.CANVAS
        return nn.Sequential(nn.Flatten(), nn.Linear(h * w, FC_HIDDEN), nn.ReLU(), nn.Linear(FC_HIDDEN, len(CLASSES)))
    raise ValueError(f"unknown model kind {kind!r} (conv or fc)")


def n_params(model) -> int:
    return sum(p.numel() for p in model.parameters())


@dataclass
class TrainResult:
    """One trained network (the value of ``train``'s Outcome)."""

    kind: str
    losses: list[float]  # one per step kept
    state: dict = field(repr=False)  # the last good parameters, as numpy arrays

    @property
    def steps_done(self) -> int:
        return len(self.losses)


@dataclass(frozen=True)
class TrainConfig:
    steps: int = 400
    batch: int = 64
    lr: float = 0.01
    n_train: int = 2000


@dataclass(frozen=True)
class Snapshot:
    """A net in training, measured: after ``step`` of ``steps`` steps (0: as
    initialised), its accuracy at every horizontal shift of ``every_shift()``
    (the test the finished nets get, computed from the weights of that step),
    and for the convnet its kernels and what the read-out sees. Detached
    numpy copies: the run goes on without them."""

    kind: str  # "conv" or "fc"
    step: int
    steps: int
    loss: float  # the batch loss of the last step (nan at step 0)
    accuracy: float  # over every letter at every shift
    by_dx: dict[int, float]  # accuracy per horizontal shift
    n: int  # letter images measured
    kernels: np.ndarray | None = None  # (K, 5, 5), the convnet's
    features: np.ndarray | None = None  # (len(CLASSES), K): letter_features of the convnet


def snapshot_of(model, kind: str, step: int, steps: int, loss: float, test: LetterData, device: str = "cpu") -> Snapshot:
    """What the lesson draws of a net in training (``model``, on ``device``),
    measured on ``test`` with its weights as they are now; the model is left
    as it was (no gradient is recorded, nothing is changed)."""
    import torch

    with torch.no_grad():
        right = (model(torch.as_tensor(test.X, device=device)).argmax(1).cpu().numpy() == test.y)
        kernels = features = None
        if kind == "conv":
            kernels = model.conv.weight.detach()[:, 0].cpu().numpy().copy()
            x = np.stack([m.place(m.load_glyph(c)) for c in CLASSES])[:, None].astype(np.float32)
            features = model.features(torch.as_tensor(x, device=device)).cpu().numpy()
    dx = test.shifts[:, 1]
    by_dx = {int(d): float(right[dx == d].mean()) for d in np.unique(dx)}
    return Snapshot(kind, step, steps, loss, float(right.mean()), by_dx, len(test), kernels, features)


def train(kind: str, data: LetterData, seed: int = 0, cfg: TrainConfig = TrainConfig(), device: str = "cpu",
          on_step: Callable[[int, float], None] | None = None,
          should_stop: Callable[[], bool] | None = None,
          snapshot_when: Callable[[], bool] | None = None,
          on_snapshot: Callable[[Snapshot], None] | None = None,
          snapshot_test: LetterData | None = None) -> Outcome[TrainResult]:
    """Adam on cross-entropy with mini-batches drawn with ``seed``. A loss or a
    parameter that stops being finite ends the run ("diverged"); the last
    good parameters are kept, stopped or diverged.

    A live view asks for snapshots: ``snapshot_when()`` is asked before the
    first step and after every good step (and the last step always gives
    one); when it says yes, ``on_snapshot`` gets a ``Snapshot`` measured on
    ``snapshot_test`` (default ``every_shift()``). Snapshots draw no random
    numbers: a run gives the same nets with them or without."""
    import torch
    import torch.nn.functional as F

    model = make_model(kind, seed).to(device)
    live = on_snapshot is not None and snapshot_when is not None
    if live and snapshot_test is None:
        snapshot_test = every_shift()

    def snapshot(step: int, loss: float) -> None:
        if live and (step == cfg.steps or snapshot_when()):
            on_snapshot(snapshot_of(model, kind, step, cfg.steps, loss, snapshot_test, device))

    snapshot(0, float("nan"))
    from models.optimizer import Adam

    opt = Adam(list(model.parameters()), lr=cfg.lr)
    X = torch.as_tensor(data.X, device=device)
    y = torch.as_tensor(data.y, device=device)
    gen = torch.Generator().manual_seed(seed)
    good = {k: v.detach().cpu().clone() for k, v in model.state_dict().items()}
    losses: list[float] = []
    status, message = "done", ""
    for step in range(1, cfg.steps + 1):
        if should_stop is not None and should_stop():
            status, message = "stopped", f"stopped after {step - 1} steps"
            break
        idx = torch.randint(0, len(y), (cfg.batch,), generator=gen).to(device)
        loss = F.cross_entropy(model(X[idx]), y[idx])
        if not torch.isfinite(loss):
            status, message = "diverged", (f"{kind}: training diverged at step {step} (the loss became "
                                           f"{loss.item()}); the last good state (step {step - 1}) is kept")
            break
        opt.zero_grad()
        loss.backward()
        opt.step()
        if not all(torch.isfinite(p).all() for p in model.parameters()):
            status, message = "diverged", (f"{kind}: training diverged at step {step} (a weight overflowed); "
                                           f"the last good state (step {step - 1}) is kept")
            break
        good = {k: v.detach().cpu().clone() for k, v in model.state_dict().items()}
        losses.append(loss.item())
        if on_step is not None:
            on_step(step, losses[-1])
        snapshot(step, losses[-1])
    state = {k: v.numpy().copy() for k, v in good.items()}
    return Outcome(status, TrainResult(kind, losses, state), message, len(losses))


def load_model(result: TrainResult, device: str = "cpu"):
    import torch

    model = make_model(result.kind, 0)
    model.load_state_dict({k: torch.as_tensor(v) for k, v in result.state.items()})
    return model.to(device).eval()


def predict(result: TrainResult, X: np.ndarray, device: str = "cpu") -> np.ndarray:
    import torch

    model = load_model(result, device)
    with torch.no_grad():
        return model(torch.as_tensor(X, device=device)).argmax(1).cpu().numpy()


def accuracy(result: TrainResult, data: LetterData, device: str = "cpu") -> float:
    return float((predict(result, data.X, device) == data.y).mean())


def accuracy_by_dx(result: TrainResult, data: LetterData, device: str = "cpu") -> dict[int, float]:
    """Accuracy for each horizontal shift (all rows and letters together)."""
    right = predict(result, data.X, device) == data.y
    return {int(dx): float(right[data.shifts[:, 1] == dx].mean()) for dx in np.unique(data.shifts[:, 1])}


def kernels(result: TrainResult) -> np.ndarray:
    """The learned templates of a convnet: (K, 5, 5)."""
    return result.state["conv.weight"][:, 0]


@dataclass
class Comparison:
    conv: TrainResult
    fc: TrainResult
    conv_acc: float  # on letters at every shift, noise-free
    fc_acc: float
    fc_centred_acc: float  # the fully connected net on what it was trained for
    conv_by_dx: dict[int, float]
    fc_by_dx: dict[int, float]
    conv_params: int
    fc_params: int
    features: np.ndarray  # (len(CLASSES), N_KERNELS): each kernel's global max on each centred letter


def compare(seed: int = 0, cfg: TrainConfig = TrainConfig(), device: str = "cpu",
            on_step: Callable[[str, int, float], None] | None = None,
            should_stop: Callable[[], bool] | None = None,
            snapshot_when: Callable[[], bool] | None = None,
            on_snapshot: Callable[[Snapshot], None] | None = None) -> Outcome[Comparison]:
    """Train the convnet on shifted noisy letters and the fully connected net on
    centred noisy letters (same number of steps), then test both on every shift.
    Stopped or diverged, there is no comparison to keep (value None): the
    message says which net and why; steps_done counts both nets' steps.
    ``snapshot_when``/``on_snapshot``: snapshots of each net as it trains
    (``train``), measured on every letter at every shift."""
    shifted = make_letters(cfg.n_train, seed, shifted=True)
    centred = make_letters(cfg.n_train, seed + 1, shifted=False)
    test = every_shift()
    runs = []
    for kind, data in (("conv", shifted), ("fc", centred)):
        run = train(kind, data, seed, cfg, device,
                    (lambda s, l, kind=kind: on_step(kind, s, l)) if on_step else None, should_stop,
                    snapshot_when, on_snapshot, test)
        runs.append(run)
        if not run.done:
            return Outcome(run.status, None, run.message, sum(r.steps_done for r in runs))
    conv, fc = (r.value for r in runs)
    centre = make_letters(400, seed + 2, shifted=False, noise=0.0)
    return Outcome("done", Comparison(conv, fc, accuracy(conv, test, device), accuracy(fc, test, device),
                                      accuracy(fc, centre, device), accuracy_by_dx(conv, test, device),
                                      accuracy_by_dx(fc, test, device), n_params(make_model("conv", 0)),
                                      n_params(make_model("fc", 0)), letter_features(conv, device)),
                   steps_done=conv.steps_done + fc.steps_done)


def letter_features(result: TrainResult, device: str = "cpu") -> np.ndarray:
    """What the linear read-out of the convnet sees for each clean, centred
    letter: the global max of each kernel's ReLU map. (len(CLASSES), K)."""
    import torch

    model = load_model(result, device)
    x = np.stack([m.place(m.load_glyph(c)) for c in CLASSES])[:, None].astype(np.float32)
    with torch.no_grad():
        return model.features(torch.as_tensor(x, device=device)).cpu().numpy()


# ---------------------------------------------- convolution, correlation
EXAMPLE_X = np.array([0, 1, 3, 0, 0, 2, 0, 0, 1, 0], dtype=float)
EXAMPLE_W = np.array([1, 2, 3], dtype=float)


def cross_correlate1d(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    """y_i = sum_j w_j x_(i+j), 'valid' positions only: length n - k + 1."""
    n, k = len(x), len(w)
    return np.array([float(np.dot(w, x[i:i + k])) for i in range(n - k + 1)])


def convolve1d(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    """The textbook convolution y_i = sum_j w_j x_(i-j), 'valid' positions only
    (index i runs from k-1 to n-1, stored from 0)."""
    n, k = len(x), len(w)
    return np.array([float(sum(w[j] * x[i - j] for j in range(k))) for i in range(k - 1, n)])


def torch_conv1d(x: np.ndarray, w: np.ndarray, device: str = "cpu") -> np.ndarray:
    """What torch.nn.functional.conv1d computes (no padding, stride 1)."""
    import torch
    import torch.nn.functional as F

    xt = torch.as_tensor(np.asarray(x, dtype=np.float64), device=device)[None, None]
    wt = torch.as_tensor(np.asarray(w, dtype=np.float64), device=device)[None, None]
    return F.conv1d(xt, wt)[0, 0].cpu().numpy()


# --------------------------------------------------------- output size
@dataclass(frozen=True)
class ConvShape:
    n: int = 100  # input length
    k: int = 5  # kernel size
    s: int = 1  # stride
    p: int = 0  # padding (each side)
    d: int = 1  # dilation

    def check(self) -> None:
        if self.n < 1 or self.k < 1 or self.s < 1 or self.d < 1 or self.p < 0:
            raise ValueError(f"need n, k, s, d ≥ 1 and p ≥ 0 (got n={self.n}, k={self.k}, s={self.s}, "
                             f"p={self.p}, d={self.d})")
        if self.n + 2 * self.p < self.d * (self.k - 1) + 1:
            raise ValueError(f"the dilated kernel ({self.d * (self.k - 1) + 1} wide) is longer than the padded "
                             f"input ({self.n + 2 * self.p})")


def output_size(n: int, k: int, s: int = 1, p: int = 0, d: int = 1) -> int:
    """floor((n + 2p - d(k-1) - 1) / s) + 1. Raises ValueError where no output exists."""
    ConvShape(n, k, s, p, d).check()
    return math.floor((n + 2 * p - d * (k - 1) - 1) / s) + 1


def torch_output_size(n: int, k: int, s: int = 1, p: int = 0, d: int = 1, dims: int = 1) -> int:
    """The length torch's conv1d (or conv2d, along each side) actually returns."""
    import torch
    import torch.nn.functional as F

    if dims == 1:
        return F.conv1d(torch.zeros(1, 1, n), torch.zeros(1, 1, k), stride=s, padding=p, dilation=d).shape[-1]
    out = F.conv2d(torch.zeros(1, 1, n, n), torch.zeros(1, 1, k, k), stride=s, padding=p, dilation=d)
    return out.shape[-1]


# ------------------------------------------------------------------ claims
def _claim(claim: str, evidence: str, passed: bool):
    from models.claims import ClaimResult

    return ClaimResult("conv", claim, evidence, bool(passed))


def claim_output_size():
    cases = bad = 0
    for n in (1, 2, 5, 7, 10, 28, 100):
        for k in (1, 2, 3, 5):
            for s in (1, 2, 3):
                for p in (0, 1, 2):
                    for d in (1, 2, 3):
                        try:
                            want = output_size(n, k, s, p, d)
                        except ValueError:
                            continue
                        cases += 1
                        bad += want != torch_output_size(n, k, s, p, d)
    sq = [(28, 5, 1, 2, 1), (32, 3, 2, 1, 1), (100, 5, 2, 0, 2)]
    bad += sum(output_size(*c) != torch_output_size(*c, dims=2) for c in sq)
    ex = (output_size(100, 5, 1), output_size(100, 5, 2))
    return _claim("The output-size formula equals the length conv1d returns (input 100, kernel 5: 96 at stride 1, "
                  "48 at stride 2)",
                  f"{cases} conv1d cases and {len(sq)} conv2d cases, {bad} disagree; n=100, k=5: {ex[0]} at "
                  f"stride 1, {ex[1]} at stride 2", cases > 0 and bad == 0 and ex == (96, 48))


def claim_conv1d_is_cross_correlation(device: str = "cpu"):
    rng = np.random.default_rng(0)
    worst_x = worst_c = 0.0
    for _ in range(50):
        x = rng.normal(size=int(rng.integers(5, 40)))
        w = rng.normal(size=int(rng.integers(1, 6)))
        t = torch_conv1d(x, w, device)
        worst_x = max(worst_x, float(np.abs(t - cross_correlate1d(x, w)).max()))
        worst_c = max(worst_c, float(np.abs(torch_conv1d(x, w[::-1].copy(), device) - convolve1d(x, w)).max()))
        worst_c = max(worst_c, float(np.abs(convolve1d(x, w) - np.convolve(x, w, mode="valid")).max()))
    ex = torch_conv1d(EXAMPLE_X, EXAMPLE_W, device)
    differs = not np.allclose(ex, convolve1d(EXAMPLE_X, EXAMPLE_W))
    return _claim("conv1d equals cross-correlation, and convolution once the kernel is flipped",
                  f"50 random signals and kernels: max |conv1d − Σ w_j x_(i+j)| = {worst_x:.1e}, "
                  f"max |conv1d(flipped w) − Σ w_j x_(i−j)| = {worst_c:.1e} (also = numpy.convolve); "
                  f"on the example x, w=[1,2,3] the two differ without the flip: {differs}",
                  worst_x < 1e-9 and worst_c < 1e-9 and differs)


def one_thread_compare(seed: int = 0, cfg: TrainConfig = TrainConfig(), device: str = "cpu") -> Outcome[Comparison]:
    """compare() with torch on one CPU thread (these networks are tiny: more
    threads only contend, and on a busy 2-core machine they cost minutes)."""
    import torch

    n = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        return compare(seed=seed, cfg=cfg, device=device)
    finally:
        torch.set_num_threads(n)


def claim_learned_templates(device: str = "cpu"):
    run = one_thread_compare(seed=0, device=device)
    if not run.done:
        return _claim("A convnet that learns its templates reaches ≥ 98 % on shifted letters; a fully connected net "
                      "trained on centred letters does worse on shifted ones", run.message, False)
    c = run.value
    ok = c.conv_acc >= 0.98 and c.fc_acc < c.conv_acc
    return _claim("A convnet that learns its templates reaches ≥ 98 % on shifted letters; a fully connected net "
                  "trained on centred letters does worse on shifted ones",
                  f"convnet ({c.conv_params} parameters, {c.conv.steps_done} steps on shifted noisy letters): "
                  f"{100 * c.conv_acc:.1f}% over {len(every_shift())} letter positions; fully connected "
                  f"({c.fc_params} parameters, centred noisy letters): {100 * c.fc_centred_acc:.1f}% centred, "
                  f"{100 * c.fc_acc:.1f}% shifted", ok)


CLAIMS = [claim_output_size, claim_conv1d_is_cross_correlation, claim_learned_templates]
