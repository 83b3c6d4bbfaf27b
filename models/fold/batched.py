"""Training many fold networks at once: one network per seed, all in one
batched computation (the Width lesson's sweep and the search for the shipped
networks use it). With two classes the forward and backward passes are
written out by hand; a batched run reproduces the one-at-a-time runs of
:func:`models.fold.training.train`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F

from models.fold import FoldWeights
from models.fold.datasets import Dataset
from models.fold.network import FoldConfig, activate, make_net
from models.fold.training import tensors
from models.optimizer import Adam, cosine_lr


class StackedFoldNets:
    """S fold networks trained together: layer l holds W of shape (S, out, in)
    and b of shape (S, out); one batched matrix product runs all S networks.

    Network s starts from exactly the weights ``make_net(cfg, seeds[s])`` has,
    so a batched run reproduces the one-at-a-time runs.
    """

    def __init__(self, cfg: FoldConfig, seeds: list[int], device: torch.device | str = "cpu"):
        self.cfg = cfg
        self.seeds = list(seeds)
        nets = [make_net(cfg, s) for s in self.seeds]
        n_lin = cfg.depth + 1
        self.W = [torch.stack([n.linears()[i].weight.detach() for n in nets]).to(device).requires_grad_()
                  for i in range(n_lin)]
        self.b = [torch.stack([n.linears()[i].bias.detach() for n in nets]).to(device).requires_grad_()
                  for i in range(n_lin)]
        if cfg.n_classes > 2:
            self.hW = torch.stack([n.head.weight.detach() for n in nets]).to(device).requires_grad_()
            self.hb = torch.stack([n.head.bias.detach() for n in nets]).to(device).requires_grad_()
        else:
            self.hW = self.hb = None

    def select(self, indices: list[int]) -> "StackedFoldNets":
        """A new stack holding copies of networks ``indices`` of this one."""
        new = object.__new__(StackedFoldNets)
        new.cfg = self.cfg
        new.seeds = [self.seeds[i] for i in indices]
        idx = torch.as_tensor(indices, device=self.W[0].device)

        def take(t: torch.Tensor) -> torch.Tensor:
            return t.detach()[idx].clone().requires_grad_()

        new.W = [take(W) for W in self.W]
        new.b = [take(b) for b in self.b]
        new.hW = take(self.hW) if self.hW is not None else None
        new.hb = take(self.hb) if self.hb is not None else None
        return new

    def parameters(self) -> list[torch.Tensor]:
        ps = [*self.W, *self.b]
        if self.hW is not None:
            ps += [self.hW, self.hb]
        return ps

    def hidden(self, X: torch.Tensor, leak: float = 0.0) -> torch.Tensor:
        """Last hidden layer's activations, features first: (S, width, N).

        Features-first keeps the long axis (the N points) contiguous, which
        makes the batched product about 2x faster than (S, N, width) here."""
        h = X.T.unsqueeze(0).expand(len(self.seeds), -1, -1)  # (S, 2, N)
        act = self.cfg.activation
        for W, b in zip(self.W[:-1], self.b[:-1]):
            z = torch.baddbmm(b.unsqueeze(2), W, h)  # (S, out, N)
            if act != "relu":
                h = activate(z, act)
            else:  # in place: baddbmm keeps no output for backward
                h = z.relu_() if leak == 0.0 else F.leaky_relu(z, leak)
        return h

    def forward(self, X: torch.Tensor, leak: float = 0.0) -> torch.Tensor:
        """Class scores, features first: (S, K, N). ``leak`` > 0 swaps the
        ReLUs of a ReLU network for leaky ones (used only to start a search,
        see train_many); other activations are the config's."""
        h = self.hidden(X, leak)
        y = torch.baddbmm(self.b[-1].unsqueeze(2), self.W[-1], h)  # (S, 2, N)
        if self.hW is not None:
            y = torch.baddbmm(self.hb.unsqueeze(2), self.hW, y)  # (S, K, N)
        return y

    @torch.no_grad()
    def two_class_grads(self, X_T: torch.Tensor, sign: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """One forward and backward pass written out, for two classes (no
        head) and plain ReLUs: what ``per_net.sum().backward()`` computes in
        ``train_many``, without autograd's bookkeeping (measured: the step of
        100 width-2 nets on 1,000 points went from 11.4 to 9.0 ms).

        X_T: the points, features first (2, N); sign: +1 for class 1, -1 for
        class 0 (N,). Returns the margin (S, N) (true class's score minus the
        other's) and each network's mean loss softplus(-margin) (S,), and sets
        every parameter's ``.grad``.
        """
        S, N = len(self.seeds), X_T.shape[1]
        h = X_T.unsqueeze(0).expand(S, -1, -1)
        inputs = [h]  # each layer's input
        for W, b in zip(self.W[:-1], self.b[:-1]):
            h = torch.baddbmm(b.unsqueeze(2), W, h).relu_()
            inputs.append(h)
        out = torch.baddbmm(self.b[-1].unsqueeze(2), self.W[-1], h)  # (S, 2, N)
        margin = (out[:, 1] - out[:, 0]).mul_(sign)
        per_net = F.softplus(-margin).mean(1)
        # d per_net / d margin = -sigmoid(-margin) / N; margin = (o1 - o0) * sign
        g = torch.sigmoid(-margin).mul_(sign).mul_(-1.0 / N)  # d per_net / d (o1 - o0)
        g_z = torch.stack((-g, g), 1)  # d / d out, (S, 2, N)
        for i in range(len(self.W) - 1, -1, -1):
            h_in = inputs[i]
            self.W[i].grad = torch.bmm(g_z, h_in.transpose(1, 2))
            self.b[i].grad = g_z.sum(2)
            if i > 0:  # through W, then through the ReLU that made h_in (h_in > 0 where z > 0)
                g_z = torch.ops.aten.threshold_backward(torch.bmm(self.W[i].transpose(1, 2), g_z), h_in, 0)
        return margin, per_net

    def weights(self, s: int, meta: dict | None = None) -> FoldWeights:
        def n(t: torch.Tensor) -> np.ndarray:
            return t[s].detach().to("cpu", torch.float64).numpy().copy()

        layers = [(n(W), n(b)) for W, b in zip(self.W, self.b)]
        head = (n(self.hW), n(self.hb)) if self.hW is not None else None
        return FoldWeights(layers, head, dict(meta or {}), self.cfg.activation)


def predict_many(logits: torch.Tensor) -> torch.Tensor:
    """The predicted class of every point, (S, K, N) -> (S, N): argmax over K,
    first index on ties, as ``argmax`` gives. Written as K - 1 comparisons
    because ``argmax`` over the short middle axis of a features-first tensor
    is a slow strided reduction on the CPU (22 ms for 100 nets x 1,000 points,
    more than a whole training step)."""
    best = logits[:, 0]
    pred = torch.zeros_like(best, dtype=torch.long)
    for k in range(1, logits.shape[1]):
        better = logits[:, k] > best
        best = torch.where(better, logits[:, k], best)
        pred = torch.where(better, torch.full_like(pred, k), pred)
    return pred


@dataclass
class ManyResult:
    seeds: list[int]
    final_accuracy: np.ndarray  # (S,)
    step_to_95: np.ndarray  # (S,) first step with accuracy >= 95 %, -1 if never
    losses: np.ndarray  # (steps_done, S)
    steps_done: int
    nets: StackedFoldNets


def train_many(cfg: FoldConfig, data: Dataset, seeds: list[int], *, steps: int = 1000,
               lr: float = 1e-2, lr_end: float | None = None, device: torch.device | str = "cpu",
               nets: StackedFoldNets | None = None, leak_start: float = 0.0,
               on_progress: Callable[[int, int], None] | None = None,
               should_stop: Callable[[], bool] | None = None, keep_best: bool = False) -> ManyResult:
    """Train one network per seed, all in one batched computation.

    ``lr_end``: decay the learning rate from ``lr`` to ``lr_end`` along a
    cosine; ``nets``: continue training these networks instead of new ones.
    ``leak_start`` > 0: a continuation method for narrow networks: the ReLUs
    start leaky (negative slope leak_start), so that no point is lost to a
    fold while the network is still poor; the slope falls linearly to 0 at
    60 % of the steps, and the rest trains the plain ReLU network, which is
    what is returned and scored.
    ``keep_best``: each network ends on the weights of its best step (the
    highest full-batch accuracy, then the lowest loss), the weights after
    the last step included, instead of the last step's (polishing, see
    models/fold/pretrain.py).
    """
    device = torch.device(device)
    nets = nets if nets is not None else StackedFoldNets(cfg, seeds, device)
    seeds = nets.seeds
    X, y = tensors(data, device)
    S = len(seeds)
    y_s = y.expand(S, -1)  # (S, N)
    two = nets.hW is None  # 2 classes: the output plane's coordinates are the class scores
    sign = (2 * y - 1).to(X.dtype)  # (N,) +1 for class 1, -1 for class 0
    opt = Adam(nets.parameters(), lr=lr)
    step95 = torch.full((S,), -1, dtype=torch.long, device=device)
    # one buffer for every step's losses: a small tensor kept per step would sit
    # between the big freed activations and stop the allocator giving memory
    # back (measured: +0.3 MB a step, 222 -> 460 MB resident for 600 steps)
    losses = torch.empty((steps, S), device=device)
    # the common case: forward and backward written out (for plain ReLUs only;
    # leaky ReLU and tanh go through autograd)
    by_hand = two and not leak_start and cfg.activation == "relu"
    X_T = X.T.contiguous() if by_hand else None
    if keep_best:
        best_acc = torch.full((S,), -1.0, device=device)
        best_loss = torch.full((S,), float("inf"), device=device)
        best_params = [p.detach().clone() for p in nets.parameters()]

        def remember(acc: torch.Tensor, loss: torch.Tensor) -> None:
            better = (acc > best_acc) | ((acc == best_acc) & (loss < best_loss))
            best_acc.copy_(torch.where(better, acc, best_acc))
            best_loss.copy_(torch.where(better, loss, best_loss))
            for kept, p in zip(best_params, nets.parameters()):
                kept.copy_(torch.where(better.view(-1, *[1] * (p.dim() - 1)), p.detach(), kept))
    done = 0
    for step in range(steps):
        if should_stop is not None and should_stop():
            break
        if lr_end is not None:
            opt.lr = cosine_lr(lr, lr_end, step, steps)
        if by_hand:  # sets every parameter's .grad itself
            margin, per_net = nets.two_class_grads(X_T, sign)
        else:
            leak = max(0.0, leak_start * (1.0 - step / (0.6 * steps))) if leak_start else 0.0
            logits = nets.forward(X, leak)  # (S, K, N)
            if two:
                # 2 classes: cross-entropy is softplus(-margin), with margin the
                # true class's score minus the other's; a point is right when the
                # margin is positive. The same numbers as F.cross_entropy and
                # argmax, in fewer passes over the (S, N) scores.
                margin = (logits[:, 1] - logits[:, 0]) * sign  # (S, N)
                per_net = F.softplus(-margin).mean(1)  # (S,)
            else:
                per_net = F.cross_entropy(logits, y_s, reduction="none").mean(1)  # (S,)
        with torch.no_grad():
            correct = margin > 0 if two else predict_many(logits) == y
            acc = correct.float().mean(1)
            step95.masked_fill_((step95 < 0) & (acc >= 0.95), step)
            losses[step] = per_net.detach()
            if keep_best and not (leak_start and leak > 0):  # the weights before this step's update
                remember(acc, per_net.detach())
        if not by_hand:
            opt.zero_grad()
            per_net.sum().backward()  # nets are independent: each gets its own gradient
        opt.step()
        done = step + 1
        if on_progress is not None:
            on_progress(done, steps)
    with torch.no_grad():
        if keep_best:
            logits = nets.forward(X)
            if two:
                last_loss = F.softplus(-(logits[:, 1] - logits[:, 0]) * sign).mean(1)
            else:
                last_loss = F.cross_entropy(logits, y_s, reduction="none").mean(1)
            remember((predict_many(logits) == y).float().mean(1), last_loss)
            for kept, p in zip(best_params, nets.parameters()):
                p.copy_(kept)
        final = (predict_many(nets.forward(X)) == y).float().mean(1)
    loss_arr = losses[:done].cpu().numpy()
    return ManyResult(list(seeds), final.cpu().numpy(), step95.cpu().numpy(), loss_arr, done, nets)
