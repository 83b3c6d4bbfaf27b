"""Toy data sets in the plane, seeded and deterministic.

Every generator returns a :class:`Dataset` whose points lie roughly inside the
course's plotting square [-1.1, 1.1]^2, with integer class labels 0..K-1.

numpy only: drawing a data set must not need PyTorch.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from models.lazy import numpy as np  # imported when first used (tui.screens.fold paints before it computes)

#: Names accepted by :func:`make_dataset`, in the order the Fold lesson cycles them.
DATASETS = ("spiral2", "spiral3", "circles", "moons", "xor")

TITLES = {
    "spiral2": "spiral, 2 classes",
    "spiral3": "spiral, 3 classes",
    "circles": "circles (disk inside an annulus)",
    "moons": "two moons",
    "xor": "XOR",
}


@dataclass(frozen=True)
class Dataset:
    name: str
    X: np.ndarray  # (N, 2) float32 coordinates
    y: np.ndarray  # (N,) int64 labels in 0..n_classes-1
    n_classes: int
    #: a user's file (load_csv): the labels as written, class by class, and
    #: the scaling into the input square: x_shown = (x - cx)·factor, the same for y
    class_names: tuple[str, ...] = ()
    scale: tuple[float, float, float] | None = None  # (cx, cy, factor)

    @property
    def title(self) -> str:
        if self.scale is not None:
            cx, cy, factor = self.scale
            return f"{self.name}, scaled ×{factor:.3g} about ({cx:.3g}, {cy:.3g})"
        return TITLES.get(self.name, self.name)

    def class_label(self, c: int) -> str:
        """The name of class ``c`` in a legend: the file's label, else "class c"."""
        if c < len(self.class_names):
            return f"class {self.class_names[c]}"
        return f"class {c}"

    def __len__(self) -> int:
        return len(self.y)


def spiral(n_per_class: int = 500, n_classes: int = 2, seed: int = 12345,
           r0: float = 0.2) -> Dataset:
    """The course generator: class c winds from angle 2πc/C to 2π(2+c)/C.

    For class c, with t = linspace(0, 1, N): radius r = (1 - r0)·t + r0,
    angle = linspace(2πc/C, 2π(2+c)/C, N) + 0.2·randn, x = r·(sin angle, cos angle).
    r0 = 0 is the first edition of the notebook; r0 = 0.2 the later one, which
    keeps the arms apart at the centre.
    """
    if n_per_class < 1 or n_classes < 2:
        raise ValueError("spiral needs n_per_class >= 1 and n_classes >= 2")
    rng = np.random.default_rng(seed)
    xs, ys = [], []
    for c in range(n_classes):
        t = np.linspace(0.0, 1.0, n_per_class)
        angle = np.linspace(2 * np.pi * c / n_classes, 2 * np.pi * (2 + c) / n_classes, n_per_class)
        angle = angle + 0.2 * rng.standard_normal(n_per_class)
        r = (1.0 - r0) * t + r0
        xs.append(np.stack([r * np.sin(angle), r * np.cos(angle)], axis=1))
        ys.append(np.full(n_per_class, c))
    return Dataset(f"spiral{n_classes}", np.concatenate(xs).astype(np.float32),
                   np.concatenate(ys).astype(np.int64), n_classes)


def circles(n: int = 1000, seed: int = 0) -> Dataset:
    """A disk (class 0, radius < 0.5) inside an annulus (class 1, 0.7 < radius < 1)."""
    rng = np.random.default_rng(seed)
    n_in = n // 2
    n_out = n - n_in
    # uniform in area: radius = sqrt(uniform(r0^2, r1^2))
    r_in = np.sqrt(rng.uniform(0.0, 0.5**2, n_in))
    r_out = np.sqrt(rng.uniform(0.7**2, 1.0**2, n_out))
    r = np.concatenate([r_in, r_out])
    a = rng.uniform(0.0, 2 * np.pi, n)
    X = np.stack([r * np.cos(a), r * np.sin(a)], axis=1)
    y = np.concatenate([np.zeros(n_in), np.ones(n_out)])
    return Dataset("circles", X.astype(np.float32), y.astype(np.int64), 2)


def moons(n: int = 1000, seed: int = 0, noise: float = 0.08) -> Dataset:
    """Two interleaved half circles, scaled into the plotting square."""
    rng = np.random.default_rng(seed)
    n0 = n // 2
    n1 = n - n0
    a0 = rng.uniform(0.0, np.pi, n0)
    a1 = rng.uniform(0.0, np.pi, n1)
    upper = np.stack([np.cos(a0), np.sin(a0)], axis=1)
    lower = np.stack([1.0 - np.cos(a1), 0.5 - np.sin(a1)], axis=1)
    X = np.concatenate([upper, lower]) + noise * rng.standard_normal((n, 2))
    X = (X - np.array([0.5, 0.25])) / 1.6  # centre and fit inside [-1.1, 1.1]^2
    y = np.concatenate([np.zeros(n0), np.ones(n1)])
    return Dataset("moons", X.astype(np.float32), y.astype(np.int64), 2)


def xor(n: int = 1000, seed: int = 0, margin: float = 0.08) -> Dataset:
    """Uniform points in [-1, 1]^2 away from the axes; class 1 where x·y < 0."""
    rng = np.random.default_rng(seed)
    mag = rng.uniform(margin, 1.0, (n, 2))
    sign = rng.choice(np.array([-1.0, 1.0]), size=(n, 2))
    X = mag * sign
    y = (X[:, 0] * X[:, 1] < 0).astype(np.int64)
    return Dataset("xor", X.astype(np.float32), y, 2)


def make_dataset(name: str, n: int = 1000, seed: int = 0) -> Dataset:
    """Build a data set by name with about ``n`` points in total."""
    if n < 4:
        raise ValueError("a data set needs at least 4 points")
    if name == "spiral2":
        return spiral(n // 2, 2, seed)
    if name == "spiral3":
        return spiral(n // 3, 3, seed)
    if name == "circles":
        return circles(n, seed)
    if name == "moons":
        return moons(n, seed)
    if name == "xor":
        return xor(n, seed)
    raise ValueError(f"unknown data set {name!r} (choose from: {', '.join(DATASETS)})")


# ------------------------------------------------------------------ your own data

MAX_ROWS = 20_000
MAX_CLASSES = 8


class DataFileError(ValueError):
    """A data file that cannot be used: a one-line message naming the file (and the row)."""


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def load_csv(path) -> Dataset:
    """A user's data set: rows of ``x, y, label`` (a header row is optional;
    labels are numbers or words; 2 to MAX_CLASSES classes; at most MAX_ROWS
    rows). The points are moved and scaled, by one factor for both axes
    (shapes stay as they are), so that they fill the square [-1, 1]²; the
    Dataset keeps the scale. Classes are numbered in the order of the
    labels: by value when every label is a number, alphabetically otherwise.
    Raises DataFileError (one line: the file, the row, what is wrong)."""
    import csv
    import io
    import math
    from pathlib import Path

    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DataFileError(f"{path}: no such file") from None
    except OSError as exc:
        raise DataFileError(f"{path}: cannot be read ({exc.strerror or exc.__class__.__name__})") from None
    if b"\0" in raw:
        row = raw[: raw.index(b"\0")].count(b"\n") + 1
        raise DataFileError(f"{path}: row {row}: not a CSV file (it holds binary data)")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        row = raw[: exc.start].count(b"\n") + 1
        raise DataFileError(f"{path}: row {row}: not a CSV file (not UTF-8 text)") from None
    xs: list[float] = []
    ys: list[float] = []
    labels: list[str] = []
    first_row: dict[str, int] = {}  # label -> the row it first appears on
    reader = csv.reader(io.StringIO(text), strict=True)
    try:
        for fields in reader:
            row = reader.line_num
            fields = [f.strip() for f in fields]
            if not any(fields):
                continue  # a blank line
            if len(fields) != 3:
                raise DataFileError(f"{path}: row {row}: expected 3 values (x, y, label) separated by commas, "
                                    f"found {len(fields)}")
            x, y = _number(fields[0]), _number(fields[1])
            if not labels and not xs and x is None and y is None:
                continue  # the header
            for name, value, field in (("x", x, fields[0]), ("y", y, fields[1])):
                if value is None:
                    raise DataFileError(f"{path}: row {row}: {name} is not a number: {field!r}")
                if not math.isfinite(value):
                    raise DataFileError(f"{path}: row {row}: {name} is not a finite number: {field!r}")
            label = fields[2]
            if not label:
                raise DataFileError(f"{path}: row {row}: the label is empty")
            key = label
            if _number(label) is not None and math.isfinite(_number(label)):
                key = repr(float(label))  # 1, 1.0 and 01 are one class
            if key not in first_row:
                if len(first_row) == MAX_CLASSES:
                    raise DataFileError(f"{path}: row {row}: a class {label!r} beyond the first {MAX_CLASSES} "
                                        f"(at most {MAX_CLASSES} classes)")
                first_row[key] = row
            if len(xs) == MAX_ROWS:
                raise DataFileError(f"{path}: row {row}: more than {MAX_ROWS} rows of data")
            xs.append(x)
            ys.append(y)
            labels.append(key)
    except csv.Error as exc:
        raise DataFileError(f"{path}: row {reader.line_num}: not a CSV file ({exc})") from None
    if not xs:
        raise DataFileError(f"{path}: no rows of data (expected rows of x, y, label)")
    if len(first_row) < 2:
        raise DataFileError(f"{path}: rows 1 to {reader.line_num}: only one class ({_shown(labels[0])!r}); "
                            "at least 2 are needed")
    keys = list(first_row)
    if all(_number(k) is not None and math.isfinite(_number(k)) for k in keys):
        keys.sort(key=float)
    else:
        keys.sort()
    names = tuple(_shown(k) for k in keys)
    index = {k: i for i, k in enumerate(keys)}
    X = np.column_stack([np.asarray(xs), np.asarray(ys)])
    lo, hi = X.min(axis=0), X.max(axis=0)
    centre = (lo + hi) / 2
    half = float(np.max(hi - lo)) / 2
    factor = 1.0 / half if half > 0 else 1.0
    shown = (X - centre) * factor
    y_arr = np.array([index[k] for k in labels], dtype=np.int64)
    return Dataset(path.name, shown.astype(np.float32), y_arr, len(keys), names,
                   (float(centre[0]), float(centre[1]), factor))


def _shown(key: str) -> str:
    """A numeric label as written once normalised: '1.0' -> '1'."""
    try:
        value = float(key)
    except ValueError:
        return key
    if not math.isfinite(value):
        return key
    return str(int(value)) if value.is_integer() else f"{value:g}"
