"""The Fold lesson's network as a trainable PyTorch module.

2 -> depth × (Linear(width) + activation) -> Linear(2) [-> Linear(K) when K > 2];
the activation is ReLU (the lecture's), leaky ReLU or tanh.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import torch
from torch import nn

from models.fold import ACTIVATIONS, LEAK, FoldWeights


@dataclass(frozen=True)
class FoldConfig:
    width: int = 2
    depth: int = 4
    n_classes: int = 2
    activation: str = "relu"  # one of models.fold.ACTIVATIONS

    def __post_init__(self) -> None:
        if self.width < 1 or self.depth < 1 or self.n_classes < 2:
            raise ValueError("width and depth must be >= 1 and n_classes >= 2")
        if self.activation not in ACTIVATIONS:
            raise ValueError(f"unknown activation {self.activation!r} (choose from: {', '.join(ACTIVATIONS)})")


def activate(x: torch.Tensor, activation: str) -> torch.Tensor:
    """models.fold.activate for tensors."""
    if activation == "relu":
        return torch.relu(x)
    if activation == "leaky":
        return torch.nn.functional.leaky_relu(x, LEAK)
    return torch.tanh(x)


class FoldNet(nn.Module):
    def __init__(self, cfg: FoldConfig, device: torch.device | str | None = None):
        super().__init__()
        self.cfg = cfg
        dims = [2] + [cfg.width] * cfg.depth
        self.hidden = nn.ModuleList(nn.Linear(i, o, device=device) for i, o in zip(dims[:-1], dims[1:]))
        self.out = nn.Linear(cfg.width, 2, device=device)
        self.head = nn.Linear(2, cfg.n_classes, device=device) if cfg.n_classes > 2 else None

    def plane(self, x: torch.Tensor) -> torch.Tensor:
        """Output-plane coordinates (N, 2)."""
        for layer in self.hidden:
            x = activate(layer(x), self.cfg.activation)
        return self.out(x)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Class scores (N, K)."""
        y = self.plane(x)
        return self.head(y) if self.head is not None else y

    def linears(self) -> list[nn.Linear]:
        return [*self.hidden, self.out]


def make_net(cfg: FoldConfig, seed: int) -> FoldNet:
    """A freshly initialised network; the same seed gives the same weights.

    PyTorch's default initialisation of every Linear (Kaiming-uniform
    weights, then a uniform bias, layer after layer), drawn from a generator
    of our own seeded with ``seed``: the same numbers as ``torch.manual_seed``
    followed by ``FoldNet(cfg)``, without touching the global random state,
    so that networks can be made in several threads at once (the Width sweep).
    """
    # shapes only: nothing drawn. (Not ``with torch.device("meta")``: that
    # context sets a process-wide default device, and two threads entering
    # and leaving it at once can leave "meta" as the default for everyone.)
    net = FoldNet(cfg, device="meta").to_empty(device="cpu")
    gen = torch.Generator().manual_seed(seed)
    layers = [*net.hidden, net.out] + ([net.head] if net.head is not None else [])
    with torch.no_grad():
        for lin in layers:  # the order FoldNet creates them in
            nn.init.kaiming_uniform_(lin.weight, a=math.sqrt(5), generator=gen)
            bound = 1 / math.sqrt(lin.in_features)
            lin.bias.uniform_(-bound, bound, generator=gen)
    return net


def _np(t: torch.Tensor) -> np.ndarray:
    return t.detach().to("cpu", torch.float64).numpy().copy()


def to_weights(net: FoldNet, meta: dict | None = None) -> FoldWeights:
    layers = [(_np(m.weight), _np(m.bias)) for m in net.linears()]
    head = (_np(net.head.weight), _np(net.head.bias)) if net.head is not None else None
    return FoldWeights(layers, head, dict(meta or {}), net.cfg.activation)


def from_weights(weights: FoldWeights) -> FoldNet:
    cfg = FoldConfig(weights.width, weights.depth, weights.n_classes, weights.activation)
    net = FoldNet(cfg)
    with torch.no_grad():
        for m, (W, b) in zip(net.linears(), weights.layers):
            m.weight.copy_(torch.from_numpy(W))
            m.bias.copy_(torch.from_numpy(b))
        if net.head is not None and weights.head is not None:
            net.head.weight.copy_(torch.from_numpy(weights.head[0]))
            net.head.bias.copy_(torch.from_numpy(weights.head[1]))
    return net
