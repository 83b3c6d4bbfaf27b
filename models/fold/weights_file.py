"""Saving and loading fold-network weights as JSON.

JSON executes nothing when it is read (unlike pickle, which ``torch.save``
uses), and a network of a few dozen numbers stays readable in a text editor.
Everything read is checked: format, shapes, finiteness. Any problem raises
:class:`WeightsError` with a one-line message.
"""

from __future__ import annotations

import math
from pathlib import Path

from models.lazy import numpy as np  # imported when first used (tui.screens.fold paints before it computes)

from models.fold import ACTIVATIONS, FoldWeights

FORMAT = "nn-explorer/fold-weights"
VERSION = 1


class WeightsError(ValueError):
    """A weights file that is missing, corrupt or of the wrong shape."""


def dumps(weights: FoldWeights) -> str:
    doc = {
        "format": FORMAT,
        "version": VERSION,
        "width": weights.width,
        "depth": weights.depth,
        "n_classes": weights.n_classes,
        **({"activation": weights.activation} if weights.activation != "relu" else {}),
        "meta": weights.meta,
        "layers": [{"weight": W.tolist(), "bias": b.tolist()} for W, b in weights.layers],
        "head": None if weights.head is None
        else {"weight": weights.head[0].tolist(), "bias": weights.head[1].tolist()},
    }
    import json  # (see loads)

    return json.dumps(doc, indent=1)


def save(weights: FoldWeights, path: str | Path) -> None:
    Path(path).write_text(dumps(weights) + "\n", encoding="utf-8")


def _matrix(obj, shape: tuple[int, ...], what: str) -> np.ndarray:
    try:
        arr = np.asarray(obj, dtype=np.float64)
    except (TypeError, ValueError, OverflowError) as exc:
        raise WeightsError(f"{what} is not an array of numbers") from exc
    if arr.shape != shape:
        raise WeightsError(f"{what} has shape {arr.shape}, expected {shape}")
    if not np.all(np.isfinite(arr)):
        raise WeightsError(f"{what} holds a NaN or infinite value")
    return arr


def loads(text: str, source: str = "weights") -> FoldWeights:
    import json  # (here, not at the top: not on the way to the Fold screen's first paint)

    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise WeightsError(f"{source}: not valid JSON ({exc.msg} at line {exc.lineno})") from exc
    except (ValueError, RecursionError) as exc:  # e.g. a 5,000-digit number, or nesting 100,000 deep
        raise WeightsError(f"{source}: not valid JSON ({exc.__class__.__name__})") from exc
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise WeightsError(f"{source}: not an nn-explorer weights file")
    if type(doc.get("version")) is not int or doc["version"] != VERSION:
        raise WeightsError(f"{source}: unsupported version {doc.get('version')!r}")
    sizes = [doc.get(key) for key in ("width", "depth", "n_classes")]
    if not all(type(v) is int for v in sizes):
        raise WeightsError(f"{source}: width, depth and n_classes must be whole numbers")
    width, depth, k = sizes
    raw_layers = doc.get("layers")
    raw_head = doc.get("head")
    meta = doc.get("meta") or {}
    if not (1 <= width <= 4096 and 1 <= depth <= 1024 and 2 <= k <= 1024):
        raise WeightsError(f"{source}: implausible sizes width={width} depth={depth} classes={k}")
    if not isinstance(raw_layers, list) or len(raw_layers) != depth + 1:
        raise WeightsError(f"{source}: expected {depth + 1} layers")
    dims = [2] + [width] * depth + [2]
    layers = []
    for i, layer in enumerate(raw_layers):
        if not isinstance(layer, dict):
            raise WeightsError(f"{source}: layer {i + 1} is not an object")
        W = _matrix(layer.get("weight"), (dims[i + 1], dims[i]), f"{source}: layer {i + 1} weight")
        b = _matrix(layer.get("bias"), (dims[i + 1],), f"{source}: layer {i + 1} bias")
        layers.append((W, b))
    head = None
    if k > 2:
        if not isinstance(raw_head, dict):
            raise WeightsError(f"{source}: {k} classes need a head layer")
        head = (_matrix(raw_head.get("weight"), (k, 2), f"{source}: head weight"),
                _matrix(raw_head.get("bias"), (k,), f"{source}: head bias"))
    activation = doc.get("activation", "relu")  # files of ReLU networks do not name it
    if activation not in ACTIVATIONS:
        raise WeightsError(f"{source}: unknown activation {activation!r} (choose from: {', '.join(ACTIVATIONS)})")
    if not isinstance(meta, dict):
        meta = {}
    meta = {key: v for key, v in meta.items()
            if isinstance(v, (str, int, bool)) or (isinstance(v, float) and math.isfinite(v))}
    return FoldWeights(layers, head, meta, activation)


def load(path: str | Path) -> FoldWeights:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise WeightsError(f"{path}: no such weights file") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise WeightsError(f"{path}: cannot be read ({exc.__class__.__name__})") from exc
    return loads(text, str(path))
