"""C or D? Motif detection in images with hand-made templates.

A C has two end points, a D has two corners. We draw small 3x3 templates of an
end point (8 orientations) and of a corner (4 orientations), sweep each one over
the whole image (the same 9 weights at every position: weight sharing), set the
match to 1 where it reaches the template's threshold and 0 elsewhere, and count.
Two end points and no corner: C. Two corners and no end point: D.

The sweep is a cross-correlation, y[i, j] = sum_kl w[k, l] x[i+k-1, j+l-1] with
zeros outside the canvas: exactly what ``torch.nn.functional.conv2d`` computes
with padding 1. Here it is numpy, so the lesson shows at once without PyTorch;
the claims check it against conv2d.

Shapes: a glyph is (h, w) uint8 in {0, 1}; the canvas is (H, W) = CANVAS; a
template is (3, 3) int8 in {-1, 0, +1}; a stack of match maps is (T, H, W) bool.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from assets import ROOT as ASSETS

CANVAS = (16, 24)  # rows, columns
GLYPHS = ("C", "D", "O", "L")
MAX_GLYPH = 32  # a glyph file larger than this is refused
NOISE_LEVELS = (0.0, 0.02, 0.05)
DISTORTIONS = ("none", "wide", "tall")


class GlyphError(ValueError):
    """A glyph file that is missing or malformed (one-line message)."""


# ----------------------------------------------------------------- glyphs
def parse_glyph(text: str, name: str = "glyph") -> np.ndarray:
    """A glyph drawn with '#' (ink) and '.' (paper), one row a line -> (h, w) uint8."""
    rows = [line.strip() for line in text.splitlines() if line.strip()]
    if not rows:
        raise GlyphError(f"glyph {name!r} is empty")
    width = len(rows[0])
    if any(len(r) != width for r in rows):
        raise GlyphError(f"glyph {name!r}: rows of different lengths")
    if len(rows) > MAX_GLYPH or width > MAX_GLYPH:
        raise GlyphError(f"glyph {name!r} is larger than {MAX_GLYPH}x{MAX_GLYPH}")
    bad = set("".join(rows)) - {"#", "."}
    if bad:
        raise GlyphError(f"glyph {name!r}: unexpected characters {''.join(sorted(bad))!r} (use # and .)")
    g = np.array([[ch == "#" for ch in r] for r in rows], dtype=np.uint8)
    if not g.any():
        raise GlyphError(f"glyph {name!r} has no ink")
    return g


def glyph_path(name: str) -> Path:
    return ASSETS / "glyphs" / f"{name}.txt"


_GLYPH_CACHE: dict[str, np.ndarray] = {}


def load_glyph(name: str) -> np.ndarray:
    """The shipped bitmap of a letter (assets/glyphs/<name>.txt), (h, w) uint8."""
    if name not in GLYPHS:
        raise GlyphError(f"unknown glyph {name!r} (glyphs: {', '.join(GLYPHS)})")
    if name not in _GLYPH_CACHE:
        try:
            text = glyph_path(name).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise GlyphError(f"glyph {name!r} could not be read: {exc.__class__.__name__}") from None
        _GLYPH_CACHE[name] = parse_glyph(text, name)
    return _GLYPH_CACHE[name].copy()


def thicken(g: np.ndarray) -> np.ndarray:
    """Strokes two pixels wide: every ink pixel also inks its right, lower and
    lower-right neighbours. (h, w) -> (h+1, w+1)."""
    h, w = g.shape
    out = np.zeros((h + 1, w + 1), dtype=np.uint8)
    for dy in (0, 1):
        for dx in (0, 1):
            out[dy:dy + h, dx:dx + w] |= g
    return out


def distort(g: np.ndarray, kind: str) -> np.ndarray:
    """A small distortion of the glyph: 'wide' stretches it to 1.5 times its
    width, 'tall' to 4/3 of its height (nearest neighbour: rows or columns
    are repeated); 'none' returns a copy."""
    if kind == "none":
        return g.copy()
    h, w = g.shape
    if kind == "wide":
        new_w = int(round(1.5 * w))
        cols = np.minimum((np.arange(new_w) * w) // new_w, w - 1)
        return g[:, cols].copy()
    if kind == "tall":
        new_h = int(round(4 * h / 3))
        rows = np.minimum((np.arange(new_h) * h) // new_h, h - 1)
        return g[rows].copy()
    raise ValueError(f"unknown distortion {kind!r} (choose from: {', '.join(DISTORTIONS)})")


def shift_range(glyph_shape: tuple[int, int], canvas: tuple[int, int] = CANVAS) -> tuple[int, int, int, int]:
    """The shifts (dy_min, dy_max, dx_min, dx_max) that keep a glyph of this
    shape wholly on the canvas, shift 0 being the centred glyph."""
    (h, w), (H, W) = glyph_shape, canvas
    top, left = (H - h) // 2, (W - w) // 2
    return -top, H - h - top, -left, W - w - left


def place(g: np.ndarray, dy: int = 0, dx: int = 0, canvas: tuple[int, int] = CANVAS) -> np.ndarray:
    """The glyph on an empty canvas, centred and then moved by (dy, dx) pixels
    (down, right). Raises ValueError if it would leave the canvas."""
    y0, y1, x0, x1 = shift_range(g.shape, canvas)
    if not (y0 <= dy <= y1 and x0 <= dx <= x1):
        raise ValueError(f"shift dx={dx}, dy={dy} takes the glyph off the canvas "
                         f"(dx {x0}..{x1}, dy {y0}..{y1})")
    h, w = g.shape
    top, left = -y0 + dy, -x0 + dx
    out = np.zeros(canvas, dtype=np.uint8)
    out[top:top + h, left:left + w] = g
    return out


def add_noise(img: np.ndarray, level: float, seed: int = 0) -> np.ndarray:
    """Flip a share ``level`` of the pixels (ink <-> paper), chosen with ``seed``.
    The same seed flips the same canvas positions wherever the letter is."""
    if level <= 0:
        return img.copy()
    rng = np.random.default_rng(seed)
    flip = rng.random(img.shape) < level
    return (img ^ flip).astype(np.uint8)


# -------------------------------------------------------------- templates
@dataclass(frozen=True)
class Template:
    name: str
    kind: str  # "end" or "corner"
    symbol: str  # an arrow pointing where the stroke ends, or a box corner
    weights: np.ndarray = field(repr=False)  # (3, 3) int8: +1 ink, -1 paper, 0 either

    @property
    def threshold(self) -> float:
        """Half a point below a perfect match: the score of a 0/1 image is
        (#ink under +1) - (#ink under -1), so only an exact match reaches it."""
        return float((self.weights == 1).sum()) - 0.5


# the 8 neighbours, (row, column) offsets from the centre
_DIRS = {"N": (-1, 0), "NE": (-1, 1), "E": (0, 1), "SE": (1, 1), "S": (1, 0), "SW": (1, -1), "W": (0, -1),
         "NW": (-1, -1)}
# an end point whose stroke comes in from direction d points the other way
_END_SYMBOL = {"N": "↓", "NE": "↙", "E": "←", "SE": "↖", "S": "↑", "SW": "↗", "W": "→", "NW": "↘"}
_CORNER = {"┌": ("E", "S"), "┐": ("W", "S"), "└": ("E", "N"), "┘": ("W", "N")}


def _end_template(d: str) -> Template:
    w = -np.ones((3, 3), dtype=np.int8)
    w[1, 1] = 1
    r, c = _DIRS[d]
    w[1 + r, 1 + c] = 1
    return Template(f"end {_END_SYMBOL[d]}", "end", _END_SYMBOL[d], w)


def _corner_template(symbol: str) -> Template:
    a, b = _CORNER[symbol]
    w = -np.ones((3, 3), dtype=np.int8)
    w[1, 1] = 1
    (ra, ca), (rb, cb) = _DIRS[a], _DIRS[b]
    w[1 + ra, 1 + ca] = 1
    w[1 + rb, 1 + cb] = 1
    w[1 + ra + rb, 1 + ca + cb] = 0  # inside the corner: a thick stroke may fill it
    return Template(f"corner {symbol}", "corner", symbol, w)


TEMPLATES: tuple[Template, ...] = (
    *(_end_template(d) for d in ("W", "E", "S", "N", "SW", "NW", "SE", "NE")),
    *(_corner_template(s) for s in _CORNER),
)


def correlate2d(img: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Cross-correlation with zero padding, output the size of the image:
    y[i, j] = sum_kl w[k, l] * x[i + k - p, j + l - p], p = k//2. (H, W) -> (H, W)."""
    kh, kw = w.shape
    ph, pw = kh // 2, kw // 2
    x = np.pad(img.astype(np.float64), ((ph, ph), (pw, pw)))
    windows = np.lib.stride_tricks.sliding_window_view(x, (kh, kw))  # (H, W, kh, kw)
    return np.einsum("ijkl,kl->ij", windows, w.astype(np.float64))


def scores(img: np.ndarray, templates=TEMPLATES) -> np.ndarray:
    """Every template swept over the image: (T, H, W) match scores."""
    return np.stack([correlate2d(img, t.weights) for t in templates])


def detect(img: np.ndarray, templates=TEMPLATES) -> np.ndarray:
    """(T, H, W) bool: where each template's score reaches its threshold."""
    s = scores(img, templates)
    thr = np.array([t.threshold for t in templates])[:, None, None]
    return s >= thr


def count(maps: np.ndarray, templates=TEMPLATES) -> tuple[int, int]:
    """Sum the thresholded matches: (end points, corners)."""
    ends = sum(int(m.sum()) for m, t in zip(maps, templates) if t.kind == "end")
    corners = sum(int(m.sum()) for m, t in zip(maps, templates) if t.kind == "corner")
    return ends, corners


def decide(ends: int, corners: int) -> str:
    """The second threshold: two end points and no corner is a C, two corners
    and no end point a D; anything else is neither."""
    if ends == 2 and corners == 0:
        return "C"
    if corners == 2 and ends == 0:
        return "D"
    return "neither"


def truth(glyph: str) -> str:
    """What the detector should answer for a glyph."""
    return glyph if glyph in ("C", "D") else "neither"


_TIED_CACHE: dict[tuple[int, int], np.ndarray] = {}


def tied_units(templates=TEMPLATES, canvas: tuple[int, int] = CANVAS) -> np.ndarray:
    """The detector WITHOUT weight sharing: one copy of a template for each
    position where it fired on the centred, clean C or D, and no copy anywhere
    else. (T, H, W) bool: True where a unit exists."""
    if templates is TEMPLATES and canvas in _TIED_CACHE:
        return _TIED_CACHE[canvas].copy()
    mask = np.zeros((len(templates), *canvas), dtype=bool)
    for name in ("C", "D"):
        mask |= detect(place(load_glyph(name), 0, 0, canvas), templates)
    if templates is TEMPLATES:
        _TIED_CACHE[canvas] = mask.copy()
    return mask


# ----------------------------------------------------------------- a state
@dataclass(frozen=True)
class MotifState:
    """Everything the screen lets you change."""

    glyph: str = "C"
    dy: int = 0
    dx: int = 0
    noise: float = 0.0
    thick: bool = False
    distortion: str = "none"
    shared: bool = True
    seed: int = 0  # of the noise

    def moved(self, ddy: int, ddx: int) -> "MotifState":
        """Moved by (ddy, ddx), clamped so that the letter stays on the canvas."""
        y0, y1, x0, x1 = shift_range(glyph_of(self).shape)
        return replace(self, dy=min(max(self.dy + ddy, y0), y1), dx=min(max(self.dx + ddx, x0), x1))

    def clamped(self) -> "MotifState":
        return self.moved(0, 0)


def glyph_of(state: MotifState) -> np.ndarray:
    """The letter's bitmap after thickness and distortion, before placing."""
    g = load_glyph(state.glyph)
    if state.thick:
        g = thicken(g)
    return distort(g, state.distortion)


def image_of(state: MotifState) -> np.ndarray:
    """The (H, W) canvas the detector sees."""
    img = place(glyph_of(state), state.dy, state.dx)
    return add_noise(img, state.noise, state.seed)


@dataclass(frozen=True)
class Analysis:
    state: MotifState
    image: np.ndarray  # (H, W) uint8
    maps: np.ndarray  # (T, H, W) bool: the units that fired
    units: np.ndarray | None  # (T, H, W) bool: where units exist (None: everywhere, shared)
    per_template: tuple[int, ...]  # how many times each template fired
    ends: int
    corners: int
    decision: str

    @property
    def correct(self) -> bool:
        return self.decision == truth(self.state.glyph)


def analyse(state: MotifState) -> Analysis:
    state = state.clamped()
    img = image_of(state)
    maps = detect(img)
    units = None
    if not state.shared:
        units = tied_units()
        maps = maps & units
    ends, corners = count(maps)
    per = tuple(int(m.sum()) for m in maps)
    return Analysis(state, img, maps, units, per, ends, corners, decide(ends, corners))


def shift_table(glyph: str, shared: bool = True) -> dict[tuple[int, int], tuple[int, int, str]]:
    """(dy, dx) -> (ends, corners, decision) at every shift that keeps the
    clean letter on the canvas."""
    state = MotifState(glyph=glyph, shared=shared)
    y0, y1, x0, x1 = shift_range(glyph_of(state).shape)
    out = {}
    for dy in range(y0, y1 + 1):
        for dx in range(x0, x1 + 1):
            a = analyse(replace(state, dy=dy, dx=dx))
            out[(dy, dx)] = (a.ends, a.corners, a.decision)
    return out


# ------------------------------------------------------------------ claims
def _claim(claim: str, evidence: str, passed: bool):
    from models.claims import ClaimResult

    return ClaimResult("motif2d", claim, evidence, bool(passed))


def claim_centred_counts():
    c = analyse(MotifState("C"))
    d = analyse(MotifState("D"))
    ok = (c.ends, c.corners, c.decision) == (2, 0, "C") and (d.ends, d.corners, d.decision) == (0, 2, "D")
    return _claim("The centred C gives 2 end points and 0 corners, the centred D 2 corners",
                  f"C: {c.ends} end points, {c.corners} corners -> {c.decision}; "
                  f"D: {d.ends} end points, {d.corners} corners -> {d.decision}", ok)


def claim_sweep_is_conv2d(device: str = "cpu"):
    import torch
    import torch.nn.functional as F

    worst, n = 0.0, 0
    w = torch.tensor(np.stack([t.weights for t in TEMPLATES]), dtype=torch.float64, device=device)[:, None]
    for glyph in GLYPHS:
        for thick in (False, True):
            for noise in NOISE_LEVELS:
                state = MotifState(glyph, dy=1, dx=-2, noise=noise, thick=thick).clamped()
                img = image_of(state)
                x = torch.tensor(img, dtype=torch.float64, device=device)[None, None]
                ref = F.conv2d(x, w, padding=1)[0].cpu().numpy()  # (T, H, W)
                worst = max(worst, float(np.abs(scores(img) - ref).max()))
                n += 1
    return _claim("Sweeping a template with shared weights is torch's conv2d (a cross-correlation)",
                  f"{len(TEMPLATES)} templates over {n} images: max |numpy sweep - F.conv2d(padding=1)| = "
                  f"{worst:.1e}", n > 0 and worst == 0.0)


def claim_shift_invariance():
    lines, ok = [], True
    for glyph in ("C", "D"):
        table = shift_table(glyph, shared=True)
        answers = set(table.values())
        ok &= len(answers) == 1 and next(iter(answers))[2] == glyph
        lines.append(f"{glyph}: {len(table)} shifts, answers seen {sorted(answers)}")
    fails = []
    for glyph in ("C", "D"):
        table = shift_table(glyph, shared=False)
        wrong = sum(dec != glyph for _e, _c, dec in table.values())
        fails.append(f"{glyph} wrong at {wrong} of {len(table)} shifts")
        ok &= wrong > 0 and table[(0, 0)][2] == glyph
    return _claim("Counts and decision are identical at every shift that keeps the letter on the canvas; "
                  "the detector without weight sharing fails on some shifts",
                  "shared: " + "; ".join(lines) + ". Not shared (units tied to the centred letters' "
                  "detections): " + ", ".join(fails), ok)


CLAIMS = [claim_centred_counts, claim_sweep_is_conv2d, claim_shift_invariance]
