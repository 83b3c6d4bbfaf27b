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


def test_the_lessons_stay_on_the_cpu_under_auto_even_where_cuda_is_present(monkeypatch):
    import torch

    from models.device import interactive_device, resolve_device

    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    assert interactive_device("auto") == torch.device("cpu")
    assert interactive_device("cpu") == torch.device("cpu")
    assert interactive_device("cuda") == torch.device("cuda")  # asked for: everything on CUDA
    assert resolve_device("auto") == torch.device("cuda")  # the sweep command still takes it


async def test_the_app_under_auto_computes_on_the_cpu_where_cuda_is_present(monkeypatch):
    import sys
    from pathlib import Path

    import torch

    sys.path.insert(0, str(Path(__file__).parent))
    from apptools import make_app, wait_torch

    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    app = make_app("fold", device="auto")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_torch(pilot, app)
        assert app.device_name == "cpu"
