"""models.lazy: a module imported when one of its names is first used."""

import subprocess
import sys

from models.lazy import LazyModule


def test_a_lazy_module_imports_on_first_use_and_then_holds_its_names():
    code = (
        "import sys\n"
        "from models.lazy import LazyModule\n"
        "m = LazyModule('colorsys')\n"
        "print('colorsys' in sys.modules)\n"
        "print(m.rgb_to_hsv(1.0, 0.0, 0.0))\n"
        "print('colorsys' in sys.modules, 'rgb_to_hls' in vars(m))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split("\n")
    assert out[0] == "False"
    assert out[1] == "(0.0, 1.0, 1.0)"
    assert out[2] == "True True"  # every name copied in: later uses are plain attribute lookups


def test_a_missing_name_is_an_attribute_error_and_repr_names_the_module():
    m = LazyModule("math")
    assert m.pi > 3
    try:
        m.no_such_name  # noqa: B018
    except AttributeError as exc:
        assert "no_such_name" in str(exc)
    else:
        raise AssertionError("expected AttributeError")
    assert repr(m) == "<lazy module 'math'>"


def test_lazy_numpy_is_numpy():
    import numpy

    from models.lazy import numpy as np

    assert np.ndarray is numpy.ndarray
    assert np.zeros(3).sum() == 0
