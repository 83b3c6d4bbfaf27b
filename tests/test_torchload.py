"""tui.torchload: torch's libraries mapped before the import, which then works."""

import subprocess
import sys
import textwrap

import pytest

from tui import torchload


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux only")
def test_preload_maps_the_libraries_and_torch_then_imports():
    code = textwrap.dedent("""
        import sys
        from tui import torchload
        loaded = torchload.preload()
        assert "torch" not in sys.modules, "preload must not import torch"
        maps = open("/proc/self/maps").read()
        assert all(name in maps for name in loaded), loaded
        import torch
        assert float(torch.ones(2).sum()) == 2.0
        print(",".join(loaded))
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "libtorch_cpu.so" in out.split(","), out


def test_preload_does_nothing_once_torch_is_imported():
    import torch  # noqa: F401

    assert torchload.preload() == []


def test_no_torch_means_nothing_to_preload(monkeypatch):
    monkeypatch.setattr(torchload, "torch_lib_dir", lambda: None)
    monkeypatch.delitem(sys.modules, "torch", raising=False)
    assert torchload.preload() == []
