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


#: what CUDA's errors say when the device is out of memory, busy or lost
CUDA_FAILURE_WORDS = ("CUDA", "CUBLAS", "cuDNN", "CUDNN", "out of memory")


def is_cuda_failure(error: BaseException) -> bool:
    """True for CUDA out of memory, a busy or lost device: errors after which
    the same work can go on on the CPU."""
    if isinstance(error, torch.cuda.OutOfMemoryError):
        return True
    return isinstance(error, RuntimeError) and any(word in str(error) for word in CUDA_FAILURE_WORDS)


def short_error(error: BaseException) -> str:
    """The first line of an error's message, for a one-line notice."""
    lines = str(error).strip().splitlines()
    return (lines[0] if lines else error.__class__.__name__)[:160]
