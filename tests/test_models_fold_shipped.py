"""Tests for models/fold/shipped.py: the networks shipped in assets/weights.

The shipped files (assets/weights/fold-<dataset>-w<width>.json) are produced by
``python -m models.fold.pretrain``; tests about them skip while a file is missing.
"""

from __future__ import annotations

import numpy as np
import pytest

from models import fold
from models.fold import FoldWeights
from models.fold import shipped as pt
from models.fold.datasets import DATASETS, make_dataset
from models.fold.weights_file import WeightsError, dumps, save

N_CLASSES = {"spiral2": 2, "spiral3": 3, "circles": 2, "moons": 2, "xor": 2}
COMBOS = [(name, width) for name in DATASETS for width in pt.WIDTHS]


def need_file(name: str, width: int):
    path = pt.pretrained_path(name, width)
    if not path.exists():
        pytest.skip(f"{path.name} not generated yet (python -m models.fold.pretrain writes "
                    f"assets/weights/fold-<dataset>-w<width>.json)")
    return path


def fake_weights(width: int = 2, depth: int = pt.DEPTH, k: int = 2, meta: dict | None = None) -> FoldWeights:
    rng = np.random.default_rng(width)
    dims = [2] + [width] * depth + [2]
    layers = [(rng.standard_normal((o, i)), rng.standard_normal(o)) for i, o in zip(dims[:-1], dims[1:])]
    head = (rng.standard_normal((k, 2)), rng.standard_normal(k)) if k > 2 else None
    return FoldWeights(layers, head, dict(meta or {}))


# ------------------------------------------------------------------ paths and constants


def test_constants():
    assert pt.DEPTH == 4
    assert pt.N_POINTS == 1000
    assert pt.DATA_SEED == 0
    assert set(pt.WIDTHS) >= {2, 3, 8}


def test_pretrained_path_naming():
    p = pt.pretrained_path("circles", 3)
    assert p.name == "fold-circles-w3.json"
    assert p.parent == pt.weights_dir()
    assert pt.weights_dir().name == "weights"
    assert pt.weights_dir().parent.name == "assets"


# ------------------------------------------------------------------ the shipped files


@pytest.mark.parametrize("name,width", COMBOS)
def test_shipped_file_loads_with_right_shape(name, width):
    need_file(name, width)
    w = pt.load_pretrained(name, width)
    assert w.width == width
    assert w.depth == pt.DEPTH
    assert w.n_classes == N_CLASSES[name]
    assert w.meta.get("dataset") in (None, name)


@pytest.mark.parametrize("name,width", COMBOS)
def test_shipped_meta_accuracy_matches_recomputed(name, width):
    need_file(name, width)
    w = pt.load_pretrained(name, width)
    assert "accuracy" in w.meta, "the shipped file records its accuracy"
    data = make_dataset(name, pt.N_POINTS, pt.DATA_SEED)
    acc = fold.accuracy(w, data.X, data.y)
    assert abs(acc - float(w.meta["accuracy"])) <= 0.005, (acc, w.meta["accuracy"])


def test_shipped_width2_circles_network_separates_its_data():
    need_file("circles", 2)
    w = pt.load_pretrained("circles", 2)
    data = make_dataset("circles", pt.N_POINTS, pt.DATA_SEED)
    assert fold.accuracy(w, data.X, data.y) >= 0.99


def test_shipped_spiral_networks():
    """At width 2 the best network a search of hundreds of seeds found stays
    short of 99 % on the one-turn 2-class spiral (see the claim); from width 3
    on, the shipped networks separate it."""
    data = make_dataset("spiral2", pt.N_POINTS, pt.DATA_SEED)
    need_file("spiral2", 2)
    assert fold.accuracy(pt.load_pretrained("spiral2", 2), data.X, data.y) >= 0.85
    for width in pt.WIDTHS[1:]:
        need_file("spiral2", width)
        assert fold.accuracy(pt.load_pretrained("spiral2", width), data.X, data.y) >= 0.99


def test_shipped_files_have_expected_names_only():
    files = sorted(pt.weights_dir().glob("*.json"))
    if not files:
        pytest.skip("no weights generated yet in assets/weights")
    expected = {pt.pretrained_path(n, w).name for n, w in COMBOS}
    assert {f.name for f in files} <= expected


# ------------------------------------------------------------------ load_pretrained errors (tmp dir)


@pytest.fixture
def tmp_weights_dir(tmp_path, monkeypatch):
    monkeypatch.setattr(pt, "weights_dir", lambda: tmp_path)
    return tmp_path


def valid_text(name: str = "spiral2", width: int = 2) -> str:
    path = pt.pretrained_path(name, width)
    if path.exists():
        return path.read_text(encoding="utf-8")
    return dumps(fake_weights(width, meta={"dataset": name}))


def test_load_pretrained_from_patched_dir(tmp_weights_dir):
    w = fake_weights(3, k=3, meta={"dataset": "spiral3", "accuracy": 0.5})
    save(w, tmp_weights_dir / "fold-spiral3-w3.json")
    assert pt.pretrained_path("spiral3", 3) == tmp_weights_dir / "fold-spiral3-w3.json"
    back = pt.load_pretrained("spiral3", 3)
    assert back.n_classes == 3 and back.width == 3
    np.testing.assert_array_equal(back.layers[2][0], w.layers[2][0])


def test_load_pretrained_accepts_missing_dataset_meta(tmp_weights_dir):
    save(fake_weights(2), tmp_weights_dir / "fold-xor-w2.json")
    assert pt.load_pretrained("xor", 2).width == 2


@pytest.mark.parametrize("seed", range(3))
def test_corrupt_copy_raises_weights_error(tmp_weights_dir, seed):
    rng = np.random.default_rng(seed)
    garbage = rng.integers(0, 256, 300, dtype=np.uint8).tobytes()
    (tmp_weights_dir / "fold-spiral2-w2.json").write_bytes(garbage)
    with pytest.raises(WeightsError) as info:
        pt.load_pretrained("spiral2", 2)
    assert "\n" not in str(info.value)


def test_truncated_copy_raises_weights_error(tmp_weights_dir):
    text = valid_text("circles", 2)
    (tmp_weights_dir / "fold-circles-w2.json").write_text(text[: len(text) // 2], encoding="utf-8")
    with pytest.raises(WeightsError, match="not valid JSON"):
        pt.load_pretrained("circles", 2)


def test_missing_file_raises_weights_error(tmp_weights_dir):
    with pytest.raises(WeightsError, match="no such weights file"):
        pt.load_pretrained("moons", 8)


def test_wrong_width_raises_weights_error(tmp_weights_dir):
    save(fake_weights(3, meta={"dataset": "moons"}), tmp_weights_dir / "fold-moons-w2.json")
    with pytest.raises(WeightsError, match="width 3"):
        pt.load_pretrained("moons", 2)


def test_wrong_depth_raises_weights_error(tmp_weights_dir):
    save(fake_weights(2, depth=3, meta={"dataset": "moons"}), tmp_weights_dir / "fold-moons-w2.json")
    with pytest.raises(WeightsError, match="depth 3"):
        pt.load_pretrained("moons", 2)


def test_wrong_dataset_raises_weights_error(tmp_weights_dir):
    save(fake_weights(2, meta={"dataset": "xor"}), tmp_weights_dir / "fold-moons-w2.json")
    with pytest.raises(WeightsError, match="xor"):
        pt.load_pretrained("moons", 2)
