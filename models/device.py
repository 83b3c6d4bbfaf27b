"""Which device PyTorch computes on: ``--device auto|cpu|cuda``."""

from __future__ import annotations

import torch


def interactive_device(name: str = "auto") -> torch.device:
    """The device of the app's lessons: 'auto' keeps them on the CPU. Their
    networks have a few dozen to a few thousand weights, and on a shared GPU
    server every student's process would otherwise open its own CUDA context
    (hundreds of MB of GPU memory, and more of host memory, each). 'cuda'
    puts them on CUDA when asked for."""
    return torch.device("cpu") if name == "auto" else resolve_device(name)


def resolve_device(name: str = "auto") -> torch.device:
    """'auto' takes CUDA when present; 'cuda' without CUDA is an error."""
    if name == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    if name == "cuda" and not torch.cuda.is_available():
        raise RuntimeError("CUDA was asked for (--device cuda) but no CUDA device is available")
    if name not in ("cpu", "cuda"):
        raise ValueError(f"unknown device {name!r} (choose auto, cpu or cuda)")
    return torch.device(name)
