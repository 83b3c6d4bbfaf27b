"""CUDA out of memory or a busy device while a lesson trains: one clear
notice, the CPU from then on, the run done again there; never a crash.
(No GPU here: the failing CUDA run is a job that raises what PyTorch raises.)"""

from __future__ import annotations

import torch

from apptools import make_app, settled, wait_for, wait_torch
from models.device import is_cuda_failure, short_error
from tui.screens.conv import ConvScreen
from tui.screens.lesson import TrainingJob


def test_cuda_failures_are_told_from_other_errors():
    assert is_cuda_failure(torch.cuda.OutOfMemoryError("CUDA out of memory. Tried to allocate 2.00 GiB"))
    assert is_cuda_failure(RuntimeError("CUDA error: all CUDA-capable devices are busy or unavailable"))
    assert is_cuda_failure(RuntimeError("CUDA error: CUBLAS_STATUS_ALLOC_FAILED when calling `cublasCreate`"))
    assert not is_cuda_failure(RuntimeError("mat1 and mat2 shapes cannot be multiplied (3x2 and 4x4)"))
    assert not is_cuda_failure(ValueError("CUDA"))  # not an error PyTorch raises for a device
    assert short_error(RuntimeError("CUDA error: out of memory\nCUDA kernel errors might be …")) == \
        "CUDA error: out of memory"


def failing_on_cuda(error: BaseException):
    original = ConvScreen.training_job
    calls = []

    def training_job(self):
        calls.append(self.app.device_name)
        if self.app.device_name != "cpu":
            def run(progress, should_stop):
                raise error
            return TrainingJob(run=run, total=1, label="training on CUDA")
        return original(self)

    return training_job, calls


async def trained_then_on_cuda(pilot, app) -> ConvScreen:
    """conv opened and trained once (on the CPU), then told it computes on
    CUDA, as on a GPU server with --device cuda."""
    await settled(pilot)
    screen = app.screen
    await wait_torch(pilot, app)
    await wait_for(pilot, lambda: screen.state.comparison is not None, timeout=120, what="the first run")
    app.device_name = "cuda"
    return screen


async def test_cuda_out_of_memory_falls_back_to_the_cpu_and_trains_there(monkeypatch):
    job, calls = failing_on_cuda(torch.cuda.OutOfMemoryError("CUDA out of memory. Tried to allocate 2.00 GiB"))
    monkeypatch.setattr(ConvScreen, "training_job", job)
    app = make_app("conv", train_steps=60)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await trained_then_on_cuda(pilot, app)
        first = screen.state.comparison
        await pilot.press("r")
        await wait_for(pilot, lambda: screen.state.comparison is not first, timeout=120, what="the run on the CPU")
        assert calls[-2:] == ["cuda", "cpu"] and app.device_name == "cpu"
        notices = [n.message for n in app._notifications]
        assert any("CUDA failed (CUDA out of memory. Tried to allocate 2.00 GiB): computing on the CPU" in m
                   for m in notices), notices
        assert not any(m.startswith("Training failed") for m in notices)
        assert isinstance(app.screen, ConvScreen) and app.return_code is None
        from test_lesson_contract import device_label

        assert device_label(app.screen) == "CPU"  # the footer says where it computes now


async def test_an_error_that_is_not_cudas_is_reported_and_keeps_the_device(monkeypatch):
    job, calls = failing_on_cuda(RuntimeError("mat1 and mat2 shapes cannot be multiplied"))
    monkeypatch.setattr(ConvScreen, "training_job", job)
    app = make_app("conv", train_steps=60)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await trained_then_on_cuda(pilot, app)
        await pilot.press("r")
        await wait_for(pilot, lambda: any(n.message.startswith("Training failed")
                                          for n in app._notifications), timeout=60, what="the error notice")
        assert app.device_name == "cuda" and calls[-1] == "cuda"
        assert not screen.is_training and isinstance(app.screen, ConvScreen)


def test_sweep_falls_back_to_the_cpu_when_cuda_fails(monkeypatch, capsys):
    from models import width
    from tui import cli

    devices = []
    original = width.run_sweep

    def run_sweep(cfg, device, on_cell=None):
        devices.append(device.type)
        if device.type == "cuda":
            raise torch.cuda.OutOfMemoryError("CUDA out of memory. Tried to allocate 1.00 GiB")
        return original(cfg, device=device, on_cell=on_cell)

    monkeypatch.setattr(width, "run_sweep", run_sweep)
    monkeypatch.setattr(cli, "check_device", lambda name: None)
    monkeypatch.setattr("models.device.resolve_device", lambda name: torch.device("cuda"))
    assert cli.main(["sweep", "--widths", "2", "--depths", "1", "--seeds", "2", "--steps", "20"]) == 0
    out = capsys.readouterr()
    assert devices == ["cuda", "cpu"]
    assert "CUDA failed (CUDA out of memory. Tried to allocate 1.00 GiB); running on the CPU instead" in out.err
    assert "width" in out.out.lower()
