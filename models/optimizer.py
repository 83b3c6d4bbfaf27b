"""The optimisers the lessons train with, written out: Adam (for stacked
parameters too) and plain SGD, each the same update as its ``torch.optim``
twin (tests check they agree), and the cosine learning-rate schedule.
Generic: any list of tensors.

Why not ``torch.optim`` itself: every ``torch.optim`` optimizer's methods
are wrapped to import ``torch._dynamo`` the first time one is called (3 to
9 s and +76 MB measured here), for a compiler the lessons never use; on a
server with thirty students that is thirty copies. The lessons' zero_grad
and step behave exactly as PyTorch's: ``zero_grad()`` sets every ``.grad``
to None (torch.optim's default), and ``backward()`` (autograd, PyTorch's
own) adds into ``.grad`` until then.
"""

from __future__ import annotations

import math

import torch


class Adam:
    """Adam for stacked parameters, written out: the same update as
    ``torch.optim.Adam`` with its default settings (no weight decay), so each
    network in a stack follows exactly the path it would follow alone.

    Written here rather than borrowed because creating a ``torch.optim``
    optimizer imports ``torch._dynamo`` the first time (3 to 9 s measured on
    our 2-core machine), a long wait for a student's first sweep.

    For every parameter p with gradient g, at step t = 1, 2, ...:
        m <- b1·m + (1 - b1)·g            (running mean of g)
        v <- b2·v + (1 - b2)·g²           (running mean of g²)
        p <- p - lr/(1 - b1^t) · m / (sqrt(v)/sqrt(1 - b2^t) + eps)
    """

    def __init__(self, params: list[torch.Tensor], lr: float = 1e-3,
                 betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-8, weight_decay: float = 0.0):
        self.params = list(params)
        self.lr = lr
        self.b1, self.b2 = betas
        self.eps = eps
        self.weight_decay = weight_decay  # as torch.optim.Adam's: g <- g + weight_decay·p (L2)
        self.t = 0
        self.m = [torch.zeros_like(p) for p in self.params]
        self.v = [torch.zeros_like(p) for p in self.params]

    def zero_grad(self) -> None:
        for p in self.params:
            p.grad = None

    @torch.no_grad()
    def step(self) -> None:
        self.t += 1
        step_size = self.lr / (1 - self.b1 ** self.t)
        c2 = math.sqrt(1 - self.b2 ** self.t)
        live = [(p, m, v) for p, m, v in zip(self.params, self.m, self.v) if p.grad is not None]
        if not live:
            return
        ps, ms, vs = (list(t) for t in zip(*live))
        gs = [p.grad for p in ps]
        if self.weight_decay:
            gs = torch._foreach_add(gs, ps, alpha=self.weight_decay)
        # the same element-wise operations as torch.optim.Adam's per-tensor
        # path, each applied to the whole list in one call (``_foreach_*``):
        # ~70 small operations a step become 7, which is most of a step's
        # Python overhead for small networks
        torch._foreach_lerp_(ms, gs, 1 - self.b1)
        torch._foreach_mul_(vs, self.b2)
        torch._foreach_addcmul_(vs, gs, gs, value=1 - self.b2)
        denom = torch._foreach_sqrt(vs)
        torch._foreach_div_(denom, c2)
        torch._foreach_add_(denom, self.eps)
        torch._foreach_addcdiv_(ps, ms, denom, value=-step_size)


class SGD:
    """Plain stochastic gradient descent, as ``torch.optim.SGD`` with its
    defaults (no momentum, no weight decay): ``p <- p - lr·p.grad`` for every
    parameter that has a gradient."""

    def __init__(self, params: list[torch.Tensor], lr: float):
        self.params = list(params)
        self.lr = lr

    def zero_grad(self) -> None:
        """As ``torch.optim.Optimizer.zero_grad()``: every ``.grad`` becomes None."""
        for p in self.params:
            p.grad = None

    @torch.no_grad()
    def step(self) -> None:
        for p in self.params:
            if p.grad is not None:
                p.add_(p.grad, alpha=-self.lr)


def cosine_lr(lr: float, lr_end: float, step: int, steps: int) -> float:
    """The learning rate at ``step`` of a cosine decay from lr to lr_end."""
    return lr_end + (lr - lr_end) * (1 + math.cos(math.pi * step / steps)) / 2
