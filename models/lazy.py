"""A module imported the first time one of its names is used, not when the
module that names it is imported (the idea of SPEC 1's ``lazy_loader``, in
a few lines).

``from models.lazy import numpy as np`` gives an object that stands for
numpy: the first ``np.something`` imports numpy, and from then on every name
of numpy is an attribute of that object (one dictionary lookup, as for the
module itself). The modules on the path to a lesson's first paint use it
(tui.canvas, tui.scenes.fold, models.fold): numpy takes ~50 ms to import,
which the first frame does not need, and ``nn-explorer fold`` paints its
frame before it computes its plot (issue 14: first paint ≤ 1.3× a bare
Textual app, tests/benchmarks/bench_startup.py).
"""

from __future__ import annotations

import importlib


class LazyModule:
    """Stands for the module ``name``, imported when first used."""

    def __init__(self, name: str) -> None:
        self.__dict__["_lazy_name"] = name

    def __getattr__(self, attr: str):  # only called for names not yet copied in
        module = importlib.import_module(self.__dict__["_lazy_name"])
        if "_lazy_module" not in self.__dict__:
            self.__dict__.update(vars(module))
            self.__dict__["_lazy_module"] = module
        value = getattr(module, attr)  # (also a name the module makes on demand, e.g. numpy.linalg)
        self.__dict__[attr] = value  # from now on a plain attribute
        return value

    def __repr__(self) -> str:
        return f"<lazy module {self.__dict__['_lazy_name']!r}>"


numpy = LazyModule("numpy")
