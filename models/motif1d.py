"""Motifs in sequences: one detector with shared weights slides along a
sequence, and the maximum of its scores decides.

A sequence has C channels and L positions: a noisy signal is one channel
(C = 1, like a sound), a text over the letters ACGT is four one-hot channels
(C = 4). A positive sequence contains a planted motif of K positions at a
random place; a negative one does not (it may hold a decoy: the motif
backwards, same parts in the wrong order).

The detector is a template w of shape (C, K) and a bias b. At every position
i it scores the window x[:, i:i+K]:

    s_i = sum_ck w[c, k] * x[c, i + k] + b        i = 0 .. L-K   (L-K+1 scores)

and the sequence's logit is max_i s_i (then a logistic output). The same w is
used at every position: weight sharing. Its gradient is therefore the sum of
the gradients of the copies of w at each position, which PyTorch produces by
accumulating into ``w.grad`` during one backward pass.

numpy for the data and the scores (the screen draws before PyTorch is
loaded); PyTorch, imported inside the functions, for gradients and training.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from models.claims import ClaimResult
from models.outcome import Outcome

KINDS = ("signal", "symbols")
DEFAULT_NOISE = {"signal": 0.5, "symbols": 0.1}
ALPHABET = "ACGT"
N_COPIES = 5  # the lecture's example: five copies of the detector
POOLS = ("max", "softmax")
SOFT_TAU = 1.0  # temperature of the soft maximum  tau * logsumexp(s / tau)
FOUND_SHARE = 0.9  # a trained detector "finds the motif" when its max lands on it in this share of held-out positives


@dataclass(frozen=True)
class MotifConfig:
    kind: str = "signal"  # "signal" (C = 1) or "symbols" (C = 4, one-hot ACGT)
    length: int = 64  # L, positions in a sequence
    motif_len: int = 8  # K, positions in the motif and in the detector's window
    noise: float = 0.5  # signal: std of the Gaussian noise; symbols: chance a motif letter is replaced
    decoy: bool = True  # half of the negatives hold the motif backwards
    seed: int = 0  # seed of the sequences
    motif_seed: int = 0  # seed of the motif

    @classmethod
    def for_kind(cls, kind: str, **kw) -> "MotifConfig":
        """The settings of a kind of data, with its own default noise."""
        return cls(kind=kind, noise=kw.pop("noise", DEFAULT_NOISE.get(kind, 0.5)), **kw)

    @property
    def channels(self) -> int:
        return 1 if self.kind == "signal" else len(ALPHABET)

    @property
    def n_positions(self) -> int:
        return self.length - self.motif_len + 1

    def check(self) -> None:
        """Raise ValueError (one line) for settings that cannot make data."""
        if self.kind not in KINDS:
            raise ValueError(f"kind must be one of {', '.join(KINDS)}, not {self.kind!r}")
        if not 2 <= self.motif_len <= 32:
            raise ValueError(f"motif length must be between 2 and 32, not {self.motif_len}")
        if not self.motif_len + N_COPIES - 1 <= self.length <= 512:
            raise ValueError(f"length must be between {self.motif_len + N_COPIES - 1} (motif length + 4) "
                             f"and 512, not {self.length}")
        hi = 5.0 if self.kind == "signal" else 1.0
        if not (math.isfinite(self.noise) and 0.0 <= self.noise <= hi):
            raise ValueError(f"noise must be between 0 and {hi:g} for {self.kind}, not {self.noise}")


@dataclass(frozen=True)
class MotifData:
    cfg: MotifConfig
    X: np.ndarray  # (N, C, L) float32: the sequences (one-hot for symbols)
    y: np.ndarray  # (N,) int64: 1 = motif planted, 0 = none
    pos: np.ndarray  # (N,) int64: where the motif starts, -1 for negatives
    decoy_pos: np.ndarray  # (N,) int64: where a decoy starts, -1 if none
    motif: np.ndarray  # (C, K) float32: the planted pattern (one-hot for symbols)

    def __len__(self) -> int:
        return len(self.y)


def make_motif(cfg: MotifConfig) -> np.ndarray:
    """The pattern to find, (C, K). Signal: zero mean, unit RMS; symbols: one-hot
    letters, never the same read backwards (so the decoy differs)."""
    rng = np.random.default_rng([cfg.motif_seed, 1])
    K = cfg.motif_len
    if cfg.kind == "signal":
        m = rng.standard_normal(K)
        m -= m.mean()
        m /= max(float(np.sqrt((m ** 2).mean())), 1e-6)
        return m[None, :].astype(np.float32)
    while True:
        letters = rng.integers(0, len(ALPHABET), K)
        if not np.array_equal(letters, letters[::-1]):
            return np.eye(len(ALPHABET), dtype=np.float32)[letters].T


def motif_text(motif: np.ndarray) -> str:
    """Symbols motif (or template) as letters: the strongest letter per column."""
    return "".join(ALPHABET[i] for i in motif.argmax(0))


def make_data(cfg: MotifConfig, n: int, split: int = 0) -> MotifData:
    """n sequences, half positives (motif planted), half negatives. ``split``
    picks an independent draw (0 train, 1 held-out test, 2 the screen's)."""
    cfg.check()
    rng = np.random.default_rng([cfg.seed, split, 7])
    motif = make_motif(cfg)
    C, K, L = cfg.channels, cfg.motif_len, cfg.length
    y = (np.arange(n) % 2 == 0).astype(np.int64)  # positives first in each pair
    pos = np.where(y == 1, rng.integers(0, L - K + 1, n), -1)
    decoy_pos = np.full(n, -1)
    if cfg.decoy:
        has = (y == 0) & (rng.random(n) < 0.5)
        decoy_pos = np.where(has, rng.integers(0, L - K + 1, n), -1)
    if cfg.kind == "signal":
        X = cfg.noise * rng.standard_normal((n, 1, L))
        for j in range(n):
            if pos[j] >= 0:
                X[j, :, pos[j]:pos[j] + K] += motif
            if decoy_pos[j] >= 0:
                X[j, :, decoy_pos[j]:decoy_pos[j] + K] += motif[:, ::-1]
        return MotifData(cfg, X.astype(np.float32), y, pos, decoy_pos, motif)
    letters = rng.integers(0, C, (n, L))
    m = motif.argmax(0)
    for j in range(n):
        for start, pattern in ((pos[j], m), (decoy_pos[j], m[::-1])):
            if start >= 0:
                planted = pattern.copy()
                swap = rng.random(K) < cfg.noise
                planted[swap] = rng.integers(0, C, int(swap.sum()))
                letters[j, start:start + K] = planted
        if y[j] == 0:  # a negative must not hold the motif by chance
            while any(np.array_equal(letters[j, i:i + K], m) for i in range(L - K + 1)):
                letters[j] = rng.integers(0, C, L)
    X = np.eye(C, dtype=np.float32)[letters].transpose(0, 2, 1)  # (n, C, L)
    return MotifData(cfg, np.ascontiguousarray(X), y, pos, decoy_pos, motif)


# ---------------------------------------------------------------- detector


@dataclass(frozen=True)
class Detector:
    w: np.ndarray  # (C, K) the template, shared by every position
    b: float  # bias: the decision threshold sits at max score = 0

    @property
    def motif_len(self) -> int:
        return self.w.shape[1]


def hand_detector(motif: np.ndarray) -> Detector:
    """The hand-made detector: the motif itself as template (a matched filter).
    Signal: threshold half way to the motif's own score; letters: fire when at
    most one letter differs."""
    w = motif.astype(np.float32).copy()
    if w.shape[0] == 1:
        return Detector(w, -0.5 * float((w * motif).sum()))
    return Detector(w, -(w.shape[1] - 1.5))


def random_detector(channels: int, motif_len: int, seed: int = 0, scale: float = 0.1) -> Detector:
    rng = np.random.default_rng([seed, 3])
    return Detector((scale * rng.standard_normal((channels, motif_len))).astype(np.float32), 0.0)


def scores(x: np.ndarray, det: Detector) -> np.ndarray:
    """Score of every window: x (C, L) or (N, C, L) -> (L-K+1,) or (N, L-K+1)."""
    K = det.motif_len
    windows = np.lib.stride_tricks.sliding_window_view(x, K, axis=-1)  # (..., C, L-K+1, K)
    return np.einsum("...cpk,ck->...p", windows, det.w, optimize=True) + det.b


def decide(x: np.ndarray, det: Detector) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(max score, its position, positive?) per sequence."""
    s = scores(x, det)
    return s.max(-1), s.argmax(-1), s.max(-1) > 0


@dataclass(frozen=True)
class Evaluation:
    accuracy: float  # positive/negative decisions right
    position_accuracy: float  # positives whose highest score sits on the planted motif
    n: int


def evaluate(det: Detector, data: MotifData) -> Evaluation:
    best, where, positive = decide(data.X, det)
    acc = float((positive == (data.y == 1)).mean())
    pos_mask = data.y == 1
    pos_acc = float((where[pos_mask] == data.pos[pos_mask]).mean()) if pos_mask.any() else float("nan")
    return Evaluation(acc, pos_acc, len(data))


# --------------------------------------------------------------- gradients


def _pool(s, pool: str):
    import torch

    if pool == "max":
        return s.max(-1).values
    if pool == "softmax":
        return SOFT_TAU * torch.logsumexp(s / SOFT_TAU, -1)
    raise ValueError(f"pool must be one of {', '.join(POOLS)}, not {pool!r}")


def crop_start(window: int, length: int, motif_len: int) -> int:
    """Start of the lecture's example around the window at ``window``: the
    N_COPIES positions centred on it (moved inwards at the ends)."""
    last = length - motif_len - (N_COPIES - 1)
    return int(min(max(window - N_COPIES // 2, 0), last))


@dataclass(frozen=True)
class CopyGradients:
    start: int  # the first of the N_COPIES positions
    scores: np.ndarray  # (N_COPIES,)
    loss: float
    per_copy: np.ndarray  # (N_COPIES, C, K): dloss/dw_i, each copy its own leaf tensor
    summed: np.ndarray  # (C, K): per_copy.sum(0)
    shared_grad: np.ndarray  # (C, K): w.grad after one backward through the shared (unfold) detector
    shared_b_grad: float

    @property
    def max_diff(self) -> float:
        return float(np.abs(self.summed - self.shared_grad).max())


def copy_gradients(x: np.ndarray, label: int, det: Detector, window: int = 0, pool: str = "max",
                   dtype=None) -> CopyGradients:
    """The lecture's example: N_COPIES copies of the detector over the stretch
    of x (C, L) that holds N_COPIES windows around ``window``; loss = logistic
    loss of pool(scores) for ``label``.

    Two separate computations: (1) every copy is its own leaf tensor w_i (the
    Y branch made explicit), and one backward gives each copy's gradient;
    (2) one w used through ``unfold`` at all positions (weight sharing as a
    layer computes it), whose ``.grad`` PyTorch accumulates. (2) = sum of (1).
    """
    import torch
    import torch.nn.functional as F

    dtype = dtype or torch.float64
    K = det.motif_len
    start = crop_start(window, x.shape[-1], K)
    crop = torch.as_tensor(x[:, start:start + K + N_COPIES - 1], dtype=dtype)  # (C, K+4)
    target = torch.tensor(float(label), dtype=dtype)
    b = torch.tensor(det.b, dtype=dtype)

    # (1) five copies, five leaves
    copies = [torch.tensor(det.w, dtype=dtype, requires_grad=True) for _ in range(N_COPIES)]
    s1 = torch.stack([(copies[i] * crop[:, i:i + K]).sum() + b for i in range(N_COPIES)])
    loss1 = F.binary_cross_entropy_with_logits(_pool(s1, pool), target)
    loss1.backward()
    per_copy = torch.stack([c.grad for c in copies]).numpy()

    # (2) one shared w, used at every position by unfold
    w = torch.tensor(det.w, dtype=dtype, requires_grad=True)
    bb = torch.tensor(det.b, dtype=dtype, requires_grad=True)
    windows = crop.unfold(-1, K, 1)  # (C, N_COPIES, K)
    s2 = torch.einsum("cpk,ck->p", windows, w) + bb
    loss2 = F.binary_cross_entropy_with_logits(_pool(s2, pool), target)
    loss2.backward()
    return CopyGradients(start, s2.detach().numpy(), float(loss2.detach()), per_copy, per_copy.sum(0),
                         w.grad.numpy().copy(), float(bb.grad))


def accumulate_backwards(x: np.ndarray, label: int, det: Detector, windows: list[int], pool: str = "max",
                         zero_grad: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """One backward per window position in ``windows`` into the same w, with or
    without w.grad.zero_() between them: (the last step's own gradient,
    w.grad at the end). Without zero_grad, w.grad holds the sum of them all."""
    import torch
    import torch.nn.functional as F

    K = det.motif_len
    w = torch.tensor(det.w, dtype=torch.float64, requires_grad=True)
    last = None
    for win in windows:
        if zero_grad and w.grad is not None:
            w.grad.zero_()
        start = crop_start(win, x.shape[-1], K)
        crop = torch.as_tensor(x[:, start:start + K + N_COPIES - 1], dtype=torch.float64)
        s = torch.einsum("cpk,ck->p", crop.unfold(-1, K, 1), w) + det.b
        loss = F.binary_cross_entropy_with_logits(_pool(s, pool), torch.tensor(float(label), dtype=torch.float64))
        (last,) = torch.autograd.grad(loss, w, retain_graph=True)
        loss.backward()
    return last.numpy(), w.grad.numpy().copy()


# ---------------------------------------------------------------- training


@dataclass(frozen=True)
class TrainConfig:
    steps: int = 300
    lr: float = 0.5  # plain SGD: w <- w - lr * w.grad
    batch: int = 128  # sequences per step
    restarts: int = 8  # templates trained side by side from different random starts
    n_train: int = 1024
    n_test: int = 512
    pool: str = "max"
    zero_grad: bool = True  # False: never call zero_grad, gradients pile up in .grad
    init_seed: int = 0
    shifts: tuple[int, ...] = (-2, -1, 1, 2)  # half way, each template is joined by copies moved this far
    shift_at: float = 0.5  # the share of the steps after which the moved copies join


@dataclass(frozen=True)
class TrainProgress:
    step: int
    steps: int
    loss: float  # the best restart's loss on this step's batch
    grad_norm: float  # |w.grad| used by this step (all restarts)


@dataclass(frozen=True)
class TemplateSnapshot:
    """The detector a run would keep if it ended now: after ``step`` of
    ``steps`` steps (0: the random starts), the candidate template (and bias)
    with the lowest loss on the whole training set, the rule the run's end
    applies. A detached copy: the run goes on without it."""

    step: int
    steps: int
    detector: Detector
    candidate: int  # which of the templates trained side by side (as TrainResult.restart, before the move: r % R)
    loss: float  # its loss on the whole training set
    n_candidates: int  # templates trained side by side at this step


@dataclass
class TrainResult:
    """A run's detector and numbers (the value of ``train``'s Outcome)."""

    detector: Detector  # the kept detector (last good weights, restart of lowest training loss)
    steps: int  # steps asked for
    losses: list[float] = field(default_factory=list)  # the kept restart's batch loss, per step kept
    grad_norms: list[float] = field(default_factory=list)  # |w.grad| per step
    test: Evaluation | None = None
    zero_grad: bool = True
    restart: int = 0  # which restart the kept template started as
    train_losses: list[float] = field(default_factory=list)  # each candidate's final loss on the training set
    shift: int = 0  # how far the kept template was moved half way (0: not moved)
    restarts: int = 0  # random starts trained side by side

    @property
    def steps_done(self) -> int:
        return len(self.losses)

    @property
    def finished(self) -> bool:
        """Every step asked for was kept (not stopped, not diverged)."""
        return self.steps_done == self.steps

    @property
    def found(self) -> bool:
        """The run finished and its highest score lands on the planted motif
        in at least FOUND_SHARE of the held-out positives."""
        return self.finished and self.test is not None and self.test.position_accuracy >= FOUND_SHARE


def moved_templates(w: np.ndarray, shifts: tuple[int, ...]) -> np.ndarray:
    """(R, C, K) templates -> (R * (1 + len(shifts)), C, K): the templates
    themselves, then each moved by every shift s (s > 0: to the right, so
    w'[k] = w[k - s]; zeros come in at the end it leaves)."""
    K = w.shape[-1]
    out = [w]
    for s in shifts:
        v = np.zeros_like(w)
        if s >= 0:
            v[..., s:] = w[..., :K - s]
        else:
            v[..., :K + s] = w[..., -s:]
        out.append(v)
    return np.concatenate(out)


class one_thread:
    """PyTorch on one CPU thread inside the block: these detectors are tiny, so
    more threads only contend (measured on a busy 2-core machine: 300 steps
    took 4.8 s on 2 threads, 0.35 s on one), and a run gives the same numbers
    whoever calls it (the app trains on one thread; ``render`` must match)."""

    def __enter__(self):
        import torch

        self.n = torch.get_num_threads()
        torch.set_num_threads(1)

    def __exit__(self, *exc):
        import torch

        torch.set_num_threads(self.n)


def train(cfg: MotifConfig, tcfg: TrainConfig = TrainConfig(), *, device: str = "cpu",
          on_progress: Callable[[TrainProgress], None] | None = None,
          should_stop: Callable[[], bool] | None = None, report_every: int = 10,
          snapshot_when: Callable[[], bool] | None = None,
          on_snapshot: Callable[[TemplateSnapshot], None] | None = None) -> Outcome[TrainResult]:
    """Learn the template from labelled sequences: scores at every position
    (conv1d: the shared detector everywhere), max over positions, logistic
    loss; plain SGD on mini-batches, seeded.

    A template started at random often locks onto the motif one or two
    positions to the side: it matches K-1 of the K samples, and to move over
    every weight would have to change at once, which SGD does not do (over 20
    motifs, 300 steps and 8 random starts found the motif for 15 signals and
    15 letter motifs; all 8 starts of a failed one had landed to the side).
    So R templates start from R random draws and train side by side (their
    losses are independent: the sum's gradient for each is its own); half
    way, each is joined by copies of itself moved by ``tcfg.shifts``
    positions, and all train on. The one with the lowest loss on the whole
    training set is kept (20 of 20 motifs of each kind found, the same
    300 steps).

    With ``zero_grad=False`` the gradients of all past steps stay in .grad
    and are applied again at every step (a moved copy carries its template's
    pile, moved with it).

    A live view asks for snapshots: ``snapshot_when()`` is asked before the
    first step and after every good step; when it says yes, ``on_snapshot``
    gets a ``TemplateSnapshot``: the detector the run would keep if it ended
    then (one forward pass over the training set, no gradient, no random
    numbers: a run gives the same detector with snapshots or without)."""
    with one_thread():
        return _train(cfg, tcfg, device, on_progress, should_stop, report_every, snapshot_when, on_snapshot)


def _train(cfg, tcfg, device, on_progress, should_stop, report_every, snapshot_when=None,
           on_snapshot=None) -> Outcome[TrainResult]:
    import torch
    import torch.nn.functional as F

    if tcfg.pool not in POOLS:
        raise ValueError(f"pool must be one of {', '.join(POOLS)}, not {tcfg.pool!r}")
    train_data = make_data(cfg, tcfg.n_train, split=0)
    test_data = make_data(cfg, tcfg.n_test, split=1)
    gen = torch.Generator().manual_seed(tcfg.init_seed)
    X = torch.as_tensor(train_data.X, device=device)  # (N, C, L)
    y = torch.as_tensor(train_data.y, dtype=torch.float32, device=device)  # (N,)
    R = tcfg.restarts
    w0 = 0.1 * torch.randn(R, cfg.channels, cfg.motif_len, generator=gen)
    w = w0.clone().to(device).requires_grad_(True)  # (R, C, K): R templates
    b = torch.zeros(R, device=device, requires_grad=True)  # (R,)
    from models.optimizer import SGD

    opt = SGD([w, b], lr=tcfg.lr)
    move_step = max(2, int(round(tcfg.steps * tcfg.shift_at))) if tcfg.shifts else 0

    def restart_losses(xb, yb):
        s = F.conv1d(xb, w) + b[None, :, None]  # (B, R, L-K+1): scores of each template everywhere
        logit = _pool(s, tcfg.pool)  # (B, R)
        return F.binary_cross_entropy_with_logits(logit, yb[:, None].expand_as(logit), reduction="none").mean(0)

    good_w, good_b = w0.numpy().copy(), np.zeros(R, np.float32)

    def snapshot(step: int) -> None:  # (w and b are good_w and good_b here)
        if on_snapshot is None or snapshot_when is None or not snapshot_when():
            return
        with torch.no_grad():
            full = restart_losses(X, y).cpu().numpy()
        full = np.where(np.isfinite(full), full, np.inf)
        r = int(np.argmin(full))
        on_snapshot(TemplateSnapshot(step, tcfg.steps, Detector(good_w[r].copy(), float(good_b[r])), r % R,
                                     float(full[r]), len(full)))

    snapshot(0)
    per_step: list[np.ndarray] = []
    norms: list[float] = []
    status, message, done = "done", "", 0
    for step in range(1, tcfg.steps + 1):
        if should_stop is not None and should_stop():
            status, message = "stopped", f"stopped after {done} steps"
            break
        if step == move_step:  # the moved copies join: (R, C, K) -> (R * (1 + len(shifts)), C, K)
            n = 1 + len(tcfg.shifts)
            good_w, good_b = moved_templates(good_w, tcfg.shifts), np.tile(good_b, n)
            pile = None if w.grad is None else moved_templates(w.grad.cpu().numpy(), tcfg.shifts)
            w = torch.as_tensor(good_w, device=device).clone().requires_grad_(True)
            b = torch.as_tensor(good_b, device=device).clone().requires_grad_(True)
            if not tcfg.zero_grad and pile is not None:  # no zero_grad: the pile moves with its template
                w.grad = torch.as_tensor(pile, device=device)
                b.grad = torch.zeros_like(b)
            opt = SGD([w, b], lr=tcfg.lr)
        idx = torch.randint(0, len(y), (tcfg.batch,), generator=gen).to(device)
        if tcfg.zero_grad:
            opt.zero_grad()
        losses = restart_losses(X[idx], y[idx])  # (R,) or, once moved, (R * (1 + len(shifts)),)
        losses.sum().backward()
        with torch.no_grad():
            lvals = losses.detach().cpu().numpy()
            gnorm = float(torch.sqrt((w.grad ** 2).sum() + (b.grad ** 2).sum()))
        if not (np.isfinite(lvals).all() and math.isfinite(gnorm)):
            status = "diverged"
            message = (f"training diverged at step {step} (loss {lvals.min():.3g}): the last good detector "
                       f"(step {done}) is kept")
            break
        opt.step()
        wn, bn = w.detach().cpu().numpy(), b.detach().cpu().numpy()
        if not (np.isfinite(wn).all() and np.isfinite(bn).all()):
            status = "diverged"
            message = (f"training diverged at step {step} (the weights overflowed): the last good detector "
                       f"(step {done}) is kept")
            break
        good_w, good_b = wn.copy(), bn.copy()
        per_step.append(lvals)
        norms.append(gnorm)
        done = step
        if on_progress is not None and (step % report_every == 0 or step == tcfg.steps):
            on_progress(TrainProgress(step, tcfg.steps, float(lvals.min()), gnorm))
        snapshot(step)
    # keep the candidate with the lowest loss on the whole training set
    with torch.no_grad():
        w = torch.as_tensor(good_w, device=device)
        b = torch.as_tensor(good_b, device=device)
        final = restart_losses(X, y).cpu().numpy()
    final = np.where(np.isfinite(final), final, np.inf)
    r = int(np.argmin(final))
    det = Detector(good_w[r], float(good_b[r]))
    # candidate r = k * R + j: restart j, moved by shifts[k - 1] (k = 0: not moved); before the move, restart j's
    curve = [float(v[r] if len(v) > r else v[r % R]) for v in per_step]
    shift = 0 if r < R else tcfg.shifts[r // R - 1]
    return Outcome(status, TrainResult(det, tcfg.steps, curve, norms, evaluate(det, test_data), tcfg.zero_grad,
                                       r % R, [float(v) for v in final], shift, R), message, done)


def template_match(det: Detector, motif: np.ndarray) -> float:
    """Cosine similarity of the learned template and the planted motif."""
    a, m = det.w.ravel(), motif.ravel()
    if det.w.shape[0] > 1:  # symbols: one-hot columns; compare the centred template
        a = (det.w - det.w.mean(0, keepdims=True)).ravel()
        m = (motif - motif.mean(0, keepdims=True)).ravel()
    den = float(np.linalg.norm(a) * np.linalg.norm(m))
    return float(a @ m / den) if den > 0 else 0.0


def move_motif(x: np.ndarray, pos: int, delta: int, motif_len: int = 8) -> tuple[np.ndarray, int]:
    """Move the motif of ``motif_len`` positions starting at ``pos`` by
    ``delta`` (stopping at the ends), carrying the samples under it along:
    each one-position move rotates the K+1 samples it passes through, nothing
    else changes. Returns (a new x, the new position)."""
    x = x.copy()
    K, L = motif_len, x.shape[-1]
    step = 1 if delta > 0 else -1
    for _ in range(abs(delta)):
        new = pos + step
        if not 0 <= new <= L - K:
            break
        lo = min(pos, new)
        x[:, lo:lo + K + 1] = np.roll(x[:, lo:lo + K + 1], step, axis=1)
        pos = new
    return x, pos


def shift_scan(det: Detector, motif: np.ndarray, length: int, background: np.ndarray | None = None
               ) -> tuple[np.ndarray, np.ndarray]:
    """The motif written at every position of one background (zeros: a silent
    signal / no letters): (max score, its position) for each placement."""
    C, K = motif.shape
    base = np.zeros((C, length), np.float32) if background is None else background
    xs = np.repeat(base[None], length - K + 1, 0)
    for q in range(length - K + 1):
        if C == 1:
            xs[q, :, q:q + K] += motif
        else:
            xs[q, :, q:q + K] = motif
    s = scores(xs, det)
    return s.max(-1), s.argmax(-1)


# ------------------------------------------------------------------ claims


@lru_cache(maxsize=4)
def trained_detector(cfg: MotifConfig = MotifConfig(), device: str = "cpu") -> TrainResult:
    """The claims' detector: the default settings, trained once per process
    (the run's value; ``finished`` says whether it ran to its end)."""
    return train(cfg, TrainConfig(), device=device).value


def claim_shared_gradient_is_sum(device: str = "cpu") -> ClaimResult:
    worst, n, nonzero = 0.0, 0, []
    for kind in KINDS:
        cfg = MotifConfig.for_kind(kind)
        data = make_data(cfg, 20, split=1)
        for det in (hand_detector(data.motif), random_detector(cfg.channels, cfg.motif_len, 1, 1.0)):
            for j in range(len(data)):
                for pool in POOLS:
                    g = copy_gradients(data.X[j], int(data.y[j]), det, window=(7 * j) % cfg.n_positions, pool=pool)
                    worst = max(worst, g.max_diff)
                    nonzero.append(int((np.abs(g.per_copy).reshape(N_COPIES, -1).max(1) > 0).sum()))
                    n += 1
    ok = worst < 1e-10 and max(nonzero) == N_COPIES
    return ClaimResult("motif1d", "The shared weights' gradient equals the sum of the per-position gradients",
                       f"{n} cases (signal and ACGT text, hand-made and random detectors, max and soft max pooling, "
                       f"{N_COPIES} copies each): max |Σ copy gradients − w.grad| = {worst:.1e} (limit 1e-10); "
                       f"copies with a non-zero gradient: {min(nonzero)} to {max(nonzero)} of {N_COPIES} "
                       "(max pooling sends the error through the winning copy only)", ok)


def claim_max_finds_motif(device: str = "cpu") -> ClaimResult:
    cfg = MotifConfig()
    res = trained_detector(cfg, device)
    test = res.test
    n_pos = test.n // 2
    ok = res.finished and test.position_accuracy >= 0.95
    return ClaimResult("motif1d", "After training, the highest score sits on the planted motif in ≥ 95 % of "
                       "held-out positives",
                       f"signal L={cfg.length}, K={cfg.motif_len}, noise {cfg.noise}, decoys; {res.steps_done} SGD "
                       f"steps from a random template: position right on {100 * test.position_accuracy:.1f}% of "
                       f"{n_pos} held-out positives; decisions right on {100 * test.accuracy:.1f}% of {test.n}; "
                       f"template vs motif cosine {template_match(res.detector, make_motif(cfg)):.3f}", ok)


def claim_shift_invariance(device: str = "cpu") -> ClaimResult:
    cfg = MotifConfig()
    det = trained_detector(cfg, device).detector
    motif = make_motif(cfg)
    best, where = shift_scan(det, motif, cfg.length)
    spread = float(best.max() - best.min())
    follows = bool((where == np.arange(len(where))).all())
    # and on noisy held-out positives: the motif moved, with the noise under it, to every position
    data = make_data(cfg, 20, split=1)
    diffs, kept = [], []
    for j in np.flatnonzero(data.y == 1):
        x, pos = data.X[j].copy(), int(data.pos[j])
        x, pos = move_motif(x, pos, -pos, cfg.motif_len)  # to the start
        own = float(scores(x, det)[pos])
        for q in range(cfg.n_positions):
            x, pos = move_motif(x, pos, q - pos, cfg.motif_len)
            s = scores(x, det)
            diffs.append(abs(float(s[pos]) - own))
            kept.append(float(s.max()) == float(s[pos]))
    worst = float(np.max(diffs))
    ok = (spread <= 1e-5 * max(1.0, float(abs(best).max())) and follows
          and worst <= 1e-5 * max(1.0, abs(own)))
    return ClaimResult("motif1d", "Moving the motif within a sequence leaves the maximum score unchanged",
                       f"trained detector. Motif written at all {len(best)} positions of a silent signal: max score "
                       f"{best.mean():.4f}, spread {spread:.1e}, always at the motif: {'yes' if follows else 'no'}. "
                       f"{len(kept) // cfg.n_positions} noisy held-out positives, the motif (with the noise under "
                       f"it) moved to every position: its window's score changes by at most {worst:.1e}, and it "
                       f"is the maximum in {100 * float(np.mean(kept)):.1f}% of the {len(kept)} placements", ok)


SWEEP_MOTIFS = 20  # motif seeds of each kind in the reliability claim


def claim_training_finds_any_motif(device: str = "cpu") -> ClaimResult:
    """Not only the default motif: a sweep over motif seeds, signal and letters."""
    rows = []
    for kind in KINDS:
        pos, found = [], 0
        for motif_seed in range(SWEEP_MOTIFS):
            cfg = MotifConfig.for_kind(kind, length=40 if kind == "symbols" else 64, motif_seed=motif_seed)
            res = train(cfg, TrainConfig(), device=device).value
            pos.append(res.test.position_accuracy if res.finished else 0.0)
            found += res.found
        rows.append((kind, found, min(pos), float(np.median(pos))))
    ok = all(found == SWEEP_MOTIFS for _k, found, _lo, _med in rows)
    tc = TrainConfig()
    return ClaimResult("motif1d", f"Training finds the motif for every one of {SWEEP_MOTIFS} motifs of each kind, "
                       "not just the default one",
                       f"{tc.steps} SGD steps, {tc.restarts} random starts, moved copies (shifts "
                       f"{', '.join(f'{s:+d}' for s in tc.shifts)}) from step {int(round(tc.steps * tc.shift_at))}; "
                       "found = the highest score on the planted motif in ≥ "
                       f"{100 * FOUND_SHARE:.0f}% of held-out positives. "
                       + "; ".join(f"{'signal' if kind == 'signal' else 'ACGT letters'}: {found} of {SWEEP_MOTIFS} "
                                   f"found (lowest {100 * lo:.1f}%, median {100 * med:.1f}%)"
                                   for kind, found, lo, med in rows), ok)


CLAIMS = [claim_shared_gradient_is_sum, claim_max_finds_motif, claim_shift_invariance, claim_training_finds_any_motif]
