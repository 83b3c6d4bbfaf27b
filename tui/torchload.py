"""Importing PyTorch without freezing the screen.

``import torch`` runs on a background thread, but Python's threads share one
interpreter lock, and the import holds it while the dynamic loader maps
libtorch_cpu and runs its static initialisers (``ctypes.CDLL`` inside
``torch/__init__.py`` and the import of ``torch._C``): measured here, one
stretch of 200-400 ms in which no key is answered.

``preload`` maps those libraries first by calling the C library's
``dlopen`` through ctypes: a foreign call releases the interpreter lock, so
the UI thread keeps running while the loader works. The import that follows
finds them loaded. Measured with a 1 ms ticker on the main thread during the
import: longest stall 180-410 ms without, 40-60 ms with.

Only the libraries a CPU build has in ``torch/lib``; anything missing or
failing to load is left to ``import torch`` itself (which then reports it).
Linux only (elsewhere it does nothing).
"""

from __future__ import annotations

import ctypes
import importlib.util
import os
import sys
from pathlib import Path

#: in dependency order; the first is loaded as torch loads it (RTLD_GLOBAL)
LIBRARIES = ("libtorch_global_deps.so", "libc10.so", "libtorch_cpu.so", "libtorch.so", "libtorch_python.so")


def torch_lib_dir() -> Path | None:
    """torch/lib of the torch that ``import torch`` would find (not imported)."""
    try:
        spec = importlib.util.find_spec("torch")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.origin:
        return None
    lib = Path(spec.origin).parent / "lib"
    return lib if lib.is_dir() else None


def preload() -> list[str]:
    """dlopen torch's libraries without the interpreter lock; the names loaded."""
    if not sys.platform.startswith("linux") or "torch" in sys.modules:
        return []
    lib_dir = torch_lib_dir()
    if lib_dir is None:
        return []
    try:
        libc = ctypes.CDLL(None)
        dlopen = libc.dlopen
    except (OSError, AttributeError):
        return []
    dlopen.restype = ctypes.c_void_p
    dlopen.argtypes = [ctypes.c_char_p, ctypes.c_int]
    loaded = []
    for i, name in enumerate(LIBRARIES):
        path = lib_dir / name
        if not path.exists():
            continue
        mode = os.RTLD_NOW | (os.RTLD_GLOBAL if i == 0 else os.RTLD_LOCAL)
        if dlopen(os.fsencode(path), mode):
            loaded.append(name)
        else:
            break  # a dependency is missing: torch's own import will say which
    return loaded
