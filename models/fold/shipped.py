"""The pretrained fold networks that ship in ``assets/weights``.

One JSON file per (data set, hidden width), found by a search over seeds
(``python -m models.fold.pretrain``) and kept, so the Fold lesson opens on a
network that succeeds without waiting for training.
"""

from __future__ import annotations

from pathlib import Path

from assets import ROOT as ASSETS
from models.fold import FoldWeights
from models.fold.weights_file import WeightsError, load

DATA_SEED = 0  # the data set the shipped networks were trained and scored on
N_POINTS = 1000
DEPTH = 4
WIDTHS = (2, 3, 4, 8)


def weights_dir() -> Path:
    return ASSETS / "weights"


def pretrained_path(dataset: str, width: int) -> Path:
    return weights_dir() / f"fold-{dataset}-w{width}.json"


def load_pretrained(dataset: str, width: int) -> FoldWeights:
    """Load a shipped network; raises WeightsError (one-line message) if it is
    missing, corrupt, or not the network it claims to be."""
    path = pretrained_path(dataset, width)
    w = load(path)
    if w.width != width or w.depth != DEPTH:
        raise WeightsError(f"{path}: holds width {w.width} depth {w.depth}, expected width {width} depth {DEPTH}")
    if w.meta.get("dataset") not in (None, dataset):
        raise WeightsError(f"{path}: trained on {w.meta.get('dataset')!r}, not {dataset!r}")
    return w
