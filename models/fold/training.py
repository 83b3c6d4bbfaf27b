"""Training one fold network: full-batch Adam on cross-entropy, as in the
course notebooks. A step whose loss is not finite (NaN or inf) ends the run,
and the weights of the last finite step are kept. ``train`` returns an
Outcome (models/outcome.py) whose value is a TrainResult. Many seeds at
once: models/fold/batched.py.

A live view asks for snapshots: ``snapshot_when()`` is asked after every
step (and once before the first), and when it says yes ``on_snapshot``
gets the weights as they are then (the Fold lesson draws them while the
run goes on).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import torch
import torch.nn.functional as F

from models.optimizer import Adam
from models.fold import FoldWeights
from models.fold.datasets import Dataset
from models.fold.network import FoldConfig, FoldNet, make_net, to_weights
from models.outcome import Outcome


@dataclass(frozen=True)
class Progress:
    step: int  # steps done so far
    steps: int  # steps asked for
    loss: float
    accuracy: float


@dataclass(frozen=True)
class Snapshot:
    """The network after ``step`` steps, with the loss and accuracy of the
    last step measured (the weights before that step's update)."""

    step: int
    steps: int
    weights: FoldWeights
    loss: float
    accuracy: float


@dataclass
class TrainResult:
    """What a run made (the value of its Outcome)."""

    weights: FoldWeights  # the last good weights
    losses: list[float] = field(default_factory=list)
    accuracy: float = float("nan")


def tensors(data: Dataset, device: torch.device | str = "cpu") -> tuple[torch.Tensor, torch.Tensor]:
    X = torch.as_tensor(data.X, dtype=torch.float32, device=device)
    y = torch.as_tensor(data.y, dtype=torch.long, device=device)
    return X, y


def train(cfg: FoldConfig, data: Dataset, *, seed: int = 0, steps: int = 2000, lr: float = 1e-2,
          weight_decay: float = 0.0, device: torch.device | str = "cpu",
          net: FoldNet | None = None,
          on_progress: Callable[[Progress], None] | None = None,
          should_stop: Callable[[], bool] | None = None,
          report_every: int = 25,
          snapshot_when: Callable[[], bool] | None = None,
          on_snapshot: Callable[[Snapshot], None] | None = None) -> Outcome[TrainResult]:
    """Train one network from the initialisation given by ``seed`` (or
    ``net``). Stopped or diverged, the value holds the last good weights.
    Snapshots (see the module's docstring) hold finite weights only."""
    if steps < 1:
        raise ValueError("steps must be >= 1")
    if not (lr > 0 and math.isfinite(lr)):
        raise ValueError("the learning rate must be a positive finite number")
    device = torch.device(device)
    net = (net or make_net(cfg, seed)).to(device)
    X, y = tensors(data, device)
    opt = Adam(list(net.parameters()), lr=lr, weight_decay=weight_decay)
    params = list(net.parameters())
    good = [p.detach().clone() for p in params]
    losses: list[float] = []
    meta = {"seed": seed, "steps": steps, "lr": lr, "dataset": data.name, "activation": cfg.activation}
    status, message, done = "done", "", 0
    acc = float("nan")
    loss_value = float("nan")

    def snapshot(step: int) -> None:
        if on_snapshot is not None and snapshot_when is not None and snapshot_when():
            weights = to_weights(net, meta)
            if all(np.isfinite(W).all() and np.isfinite(b).all() for W, b in weights.layers):
                on_snapshot(Snapshot(step, steps, weights, loss_value, acc))

    snapshot(0)
    for step in range(steps):
        if should_stop is not None and should_stop():
            status, message = "stopped", f"stopped after {step} steps"
            break
        logits = net(X)
        loss = F.cross_entropy(logits, y)
        loss_value = loss.item()
        if not math.isfinite(loss_value):
            status = "diverged"
            message = (f"training diverged at step {step} (loss is {loss_value}); "
                       f"kept the weights of step {max(step - 1, 0)}")
            break
        with torch.no_grad():
            for g, p in zip(good, params):
                g.copy_(p)
        acc = float((logits.argmax(1) == y).float().mean())
        losses.append(loss_value)
        opt.zero_grad()
        loss.backward()
        try:
            opt.step()
        except RuntimeError as exc:  # e.g. Adam's step overflows float32 at an absurd learning rate
            status = "diverged"
            message = f"training diverged at step {step} ({exc}); kept the weights of step {step}"
            break
        done = step + 1
        if on_progress is not None and (done % report_every == 0 or done == steps):
            on_progress(Progress(done, steps, loss_value, acc))
        if done < steps:  # the last step's weights are the result's
            snapshot(done)
    with torch.no_grad():
        if status == "done":
            # the weights after the last step: check them once more
            logits = net(X)
            final = float(F.cross_entropy(logits, y))
            if math.isfinite(final):
                acc = float((logits.argmax(1) == y).float().mean())
                losses.append(final)
            else:
                status = "diverged"
                message = f"training diverged at the last step; kept the weights of step {done - 1}"
        if status == "diverged":
            for g, p in zip(good, params):
                p.copy_(g)
            acc = float((net(X).argmax(1) == y).float().mean())
    meta["accuracy"] = acc
    return Outcome(status, TrainResult(to_weights(net.cpu(), meta), losses, acc), message, done)
