"""Tests for models/device.py: ``--device auto|cpu|cuda``."""

from __future__ import annotations

import pytest
import torch

from models.device import resolve_device


def test_resolve_device_cpu_and_auto():
    assert resolve_device("cpu") == torch.device("cpu")
    expected = "cuda" if torch.cuda.is_available() else "cpu"
    assert resolve_device("auto").type == expected
    assert resolve_device().type == expected


@pytest.mark.skipif(torch.cuda.is_available(), reason="CUDA is present here")
def test_resolve_device_cuda_without_cuda_raises_runtime_error():
    with pytest.raises(RuntimeError, match="CUDA"):
        resolve_device("cuda")


@pytest.mark.parametrize("name", ["gpu", "CPU", "mps", ""])
def test_resolve_device_unknown_raises_value_error(name):
    with pytest.raises(ValueError, match="unknown device"):
        resolve_device(name)
