"""The Adam optimiser written out for stacked parameters, and the cosine
learning-rate schedule. Generic: any list of tensors; the fold lesson's
batched training (models/fold/batched.py) uses them.
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
                 betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-8):
        self.params = list(params)
        self.lr = lr
        self.b1, self.b2 = betas
        self.eps = eps
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


def cosine_lr(lr: float, lr_end: float, step: int, steps: int) -> float:
    """The learning rate at ``step`` of a cosine decay from lr to lr_end."""
    return lr_end + (lr - lr_end) * (1 + math.cos(math.pi * step / steps)) / 2
