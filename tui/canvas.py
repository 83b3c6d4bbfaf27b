"""A fast braille canvas for scatter plots of the plane.

Each terminal cell holds a 2x4 block of braille dots, so a 100x36 plot area is
a 200x144 dot raster. Points are rasterised with numpy in one pass per layer;
a later layer replaces the dots of an earlier one in the cells it touches and
gives the cell its colour. The result is a list of text runs per line, which
the Textual widget turns into cached Strips and the ``render`` command into
plain or coloured text. No Textual here: the CLI uses it without the app.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache

from models.lazy import numpy as np  # imported when first drawn with: not before a lesson's first paint

# Braille: each cell is 2 dots wide and 4 tall. DOT_BITS[dy, dx] is the bit of
# dot (dx, dy) (dy from the top) in the code point U+2800 + bits; BRAILLE[bits]
# is the character, a space for no dot. Every braille picture uses these two.
_BRAILLE_BITS = ((0x01, 0x08), (0x02, 0x10), (0x04, 0x20), (0x40, 0x80))  # [dy][dx]
BRAILLE = [" "] + [chr(0x2800 + i) for i in range(1, 256)]

# The other charsets (tui.charset) draw with coarser cells, the same way:
# block 1x2 to a cell with the half and full blocks of CP437; ascii 2x2 to a
# cell with printable ASCII (top dots ', bottom ., a column |, a diagonal / or
# \\, three dots :, all four #).
_BLOCK_BITS = ((0x01,), (0x02,))  # [dy][dx]
BLOCK = [" ", "\u2580", "\u2584", "\u2588"]  # ▀ ▄ █
_ASCII_BITS = ((0x01, 0x02), (0x04, 0x08))  # [dy][dx]
ASCII_DOTS = [" ", "'", "'", "-", ".", "|", "/", ":", ".", "\\", "|", ":", "_", ":", ":", "#"]
_DOTS = {"braille": (_BRAILLE_BITS, BRAILLE), "block": (_BLOCK_BITS, BLOCK), "ascii": (_ASCII_BITS, ASCII_DOTS)}
_BITS_NAMES = {"DOT_BITS": "braille", "BLOCK_BITS": "block", "ASCII_BITS": "ascii"}


@lru_cache(maxsize=None)
def dots(charset: str):
    """The charset's dot bits, a uint8 array [dy, dx], and the glyph of each
    bit pattern (made on first use: numpy is imported when first drawn with)."""
    bits, glyphs = _DOTS[charset]
    return np.array(bits, dtype=np.uint8), glyphs


def __getattr__(name: str):
    """``DOT_BITS``, ``BLOCK_BITS``, ``ASCII_BITS``: each charset's dot bits."""
    if name in _BITS_NAMES:
        return dots(_BITS_NAMES[name])[0]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
#: charset -> the frame: y axis, y tick, corner, x axis, x tick, legend swatch
FRAME = {"braille": ("│", "┤", "└", "─", "┬", "●"), "block": ("│", "┤", "└", "─", "┬", "■"),
         "ascii": ("|", "+", "+", "-", "+", "*")}

Bounds = tuple[float, float, float, float]  # x0, x1, y0, y1


@dataclass
class Layer:
    xy: np.ndarray  # (N, 2) data coordinates
    style: str  # a Rich style, e.g. "#4da6ff" or "grey35"
    name: str = ""
    #: the series' marker, drawn in every cell the layer owns when colour is
    #: off (tui.charset.markers_on) and shown in the legend; "" keeps the dots
    glyph: str = ""


@dataclass
class Mark:
    """Text written over the plot at a data point (a count, a marker glyph):
    its first cell sits on the point's cell, the rest to the right."""

    x: float
    y: float
    text: str
    style: str


@dataclass
class Scene:
    layers: list[Layer]
    view: Bounds
    equal_aspect: bool = True
    #: (label, style) or (label, style, glyph). With markers on, an entry
    #: without a glyph shows that of the first layer of its style, or none
    legend: list[tuple] = field(default_factory=list)
    marks: list[Mark] = field(default_factory=list)  # drawn over the layers, in order


Run = tuple[str, str]  # (text, style) ; style "" for default


def nice_ticks(lo: float, hi: float, target: int = 5) -> list[float]:
    """Round tick values covering [lo, hi], about ``target`` of them."""
    span = hi - lo
    if not math.isfinite(span) or span <= 0:
        return [lo]
    raw = span / max(target, 1)
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    first = math.ceil(lo / step) * step
    ticks = []
    v = first
    while v <= hi + 1e-9 * span:
        ticks.append(0.0 if abs(v) < 1e-12 * max(1.0, span) else v)
        v += step
    return ticks


def fmt_tick(v: float) -> str:
    if v == 0:
        return "0"
    a = abs(v)
    if a >= 1e4 or a < 1e-3:
        return f"{v:.0e}"
    if v == int(v):  # 1000, not "1e+03"
        return str(int(v))
    return f"{v:.3g}"


def fit_view(view: Bounds, width_px: int, height_px: int, equal_aspect: bool) -> Bounds:
    """Widen the shorter side of the view so that one dot is as wide as tall."""
    x0, x1, y0, y1 = view
    if not all(map(math.isfinite, view)):
        x0, x1, y0, y1 = -1.0, 1.0, -1.0, 1.0
    if x1 - x0 <= 1e-12:
        x0, x1 = x0 - 0.5, x1 + 0.5
    if y1 - y0 <= 1e-12:
        y0, y1 = y0 - 0.5, y1 + 0.5
    if not equal_aspect:
        return x0, x1, y0, y1
    sx = width_px / (x1 - x0)
    sy = height_px / (y1 - y0)
    if sx > sy:  # too much room horizontally: widen x
        half = width_px / sy / 2
        cx = (x0 + x1) / 2
        x0, x1 = cx - half, cx + half
    else:
        half = height_px / sx / 2
        cy = (y0 + y1) / 2
        y0, y1 = cy - half, cy + half
    return x0, x1, y0, y1


def bounds_of(*arrays: np.ndarray, pad: float = 0.08, include_origin: bool = True) -> Bounds:
    pts = [a[:, :2] for a in arrays if a is not None and len(a)]
    if not pts:
        return -1.0, 1.0, -1.0, 1.0
    allp = np.concatenate(pts)
    finite = allp[np.all(np.isfinite(allp), axis=1)]
    if not len(finite):
        return -1.0, 1.0, -1.0, 1.0
    lo = finite.min(axis=0)
    hi = finite.max(axis=0)
    if include_origin:
        lo = np.minimum(lo, 0.0)
        hi = np.maximum(hi, 0.0)
    span = np.maximum(hi - lo, 1e-6)
    lo = lo - pad * span
    hi = hi + pad * span
    return float(lo[0]), float(hi[0]), float(lo[1]), float(hi[1])


def union(a: Bounds, b: Bounds) -> Bounds:
    return min(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), max(a[3], b[3])


def lerp_bounds(a: Bounds, b: Bounds, t: float) -> Bounds:
    return tuple((1 - t) * p + t * q for p, q in zip(a, b))  # type: ignore[return-value]


@dataclass
class Raster:
    """The plot area of a rendered scene, before it is turned into text."""

    bits: np.ndarray  # (rows, cols) uint8 braille bits
    owner: np.ndarray  # (rows, cols) int16: index of the layer that owns the cell, -1 none
    view: Bounds  # after aspect fitting


def rasterize(scene: Scene, cols: int, rows: int, charset: str = "braille") -> Raster:
    """The scene's dots in a ``cols`` x ``rows`` cell area; ``bits`` index the
    charset's glyph table (``dots(charset)``)."""
    dot_bits, _glyphs = dots(charset)
    sh, sw = dot_bits.shape
    wpx, hpx = cols * sw, rows * sh
    # a cell is twice as tall as wide: the aspect is fitted on the braille
    # grid (square dots), whatever the charset's dots
    view = fit_view(scene.view, cols * 2, rows * 4, scene.equal_aspect)
    x0, x1, y0, y1 = view
    bits = np.zeros((rows, cols), dtype=np.uint8)
    owner = np.full((rows, cols), -1, dtype=np.int16)
    sx = wpx / (x1 - x0)
    sy = hpx / (y1 - y0)
    for li, layer in enumerate(scene.layers):
        xy = layer.xy
        if xy is None or not len(xy):
            continue
        with np.errstate(invalid="ignore", over="ignore"):
            px = np.floor((xy[:, 0] - x0) * sx)
            py = np.floor((y1 - xy[:, 1]) * sy)  # row 0 at the top
        ok = (px >= 0) & (px < wpx) & (py >= 0) & (py < hpx)
        if not ok.any():
            continue
        px = px[ok].astype(np.intp)
        py = py[ok].astype(np.intp)
        if sh == 4:  # braille: shifts, the fast path
            cell = (py >> 2) * cols + (px >> 1)
            dot = dot_bits[py & 3, px & 1]
        else:
            cell = (py // sh) * cols + (px // sw)
            dot = dot_bits[py % sh, px % sw]
        lb = np.zeros(rows * cols, dtype=np.uint8)
        np.bitwise_or.at(lb, cell, dot)
        lb = lb.reshape(rows, cols)
        hit = lb != 0
        bits[hit] = lb[hit]
        owner[hit] = li
    return Raster(bits, owner, view)


def render_runs(scene: Scene, width: int, height: int, charset: str | None = None,
                markers: bool | None = None) -> list[list[Run]]:
    """The whole plot (area, frame, ticks, legend) as text runs, ``height`` lines
    of exactly ``width`` cells, in ``charset`` (default: this process's, see
    ``tui.charset``). With ``markers`` (default: when colour is off) every
    layer with a glyph is drawn with it, and the legend shows the glyphs."""
    from tui import charset as cs

    charset = charset or cs.current()
    markers = cs.markers_on() if markers is None else markers
    dot_bits, glyph_table = dots(charset)
    y_axis, y_tick, corner, x_axis, x_tick, swatch = FRAME[charset]
    width = max(int(width), 1)
    height = max(int(height), 1)
    if width < 12 or height < 5:
        return [[(" " * width, "")] for _ in range(height)]
    legend_rows = 1 if scene.legend else 0
    plot_rows = height - 2 - legend_rows
    # the y labels depend on the fitted view, which depends on the plot width:
    # fit with a guessed margin, then once more with the real one
    margin = 6
    for _ in range(2):
        plot_cols = max(width - margin - 1, 1)
        view = fit_view(scene.view, plot_cols * 2, plot_rows * 4, scene.equal_aspect)
        yt = nice_ticks(view[2], view[3], max(2, plot_rows // 4))
        ylabels = [fmt_tick(v) for v in yt]
        need = max((len(s) for s in ylabels), default=1) + 1
        if need == margin:
            break
        margin = need
    plot_cols = max(width - margin - 1, 1)
    raster = rasterize(scene, plot_cols, plot_rows, charset)
    x0, x1, y0, y1 = raster.view
    styles = [layer.style for layer in scene.layers]
    glyphs = [cs.fit_cells(layer.glyph[:1], charset) if markers else "" for layer in scene.layers]
    style_glyph: dict[str, str] = {}
    for layer in scene.layers:
        if layer.glyph:
            style_glyph.setdefault(layer.style, layer.glyph[:1])

    # y tick labels by row
    ylab_at: dict[int, str] = {}
    for v, s in zip(yt, ylabels):
        r = int((y1 - v) / (y1 - y0) * plot_rows)
        if 0 <= r < plot_rows:
            ylab_at[r] = s

    lines: list[list[Run]] = []
    if legend_rows:
        entries = []
        for entry in scene.legend:
            label, style = entry[0], entry[1]
            if not markers:
                mark = swatch
            elif len(entry) > 2:  # the entry's own glyph
                mark = entry[2]
            else:  # its layer's; none for a series without a layer (e.g. fold's "N: merged": the label says it)
                mark = style_glyph.get(style)
            entries.append(("" if mark is None else cs.fit_cells(mark[:1], charset), style, label))
        lines.append([(" " * (margin + 1), ""), *legend_runs(entries, width - margin - 1, charset)])
    marks_at = _place_marks(scene.marks, raster.view, plot_cols, plot_rows)
    for r in range(plot_rows):
        row_runs: list[Run] = [(ylab_at.get(r, "").rjust(margin - 1) + " ", "grey62"),
                               (y_tick if r in ylab_at else y_axis, "grey50")]
        brow = raster.bits[r].tolist()
        orow = raster.owner[r]
        cuts = np.flatnonzero(orow[1:] != orow[:-1]) + 1
        start = 0
        for end in [*cuts.tolist(), plot_cols]:
            o = int(orow[start])
            if o >= 0 and glyphs[o]:
                text = glyphs[o] * (end - start)
            else:
                text = "".join([glyph_table[b] for b in brow[start:end]])
            row_runs.append((text, styles[o] if o >= 0 else ""))
            start = end
        if r in marks_at:
            row_runs = _overlay(row_runs, margin + 1, [(c, cs.fit_cells(t, charset), st)
                                                       for c, t, st in marks_at[r]])
        lines.append(row_runs)
    # bottom axis with tick marks, then x tick labels
    axis = [x_axis] * plot_cols
    labels = [" "] * (plot_cols + margin + 1)
    for v in nice_ticks(x0, x1, max(2, plot_cols // 12)):
        c = int((v - x0) / (x1 - x0) * plot_cols)
        if 0 <= c < plot_cols:
            axis[c] = x_tick
            s = fmt_tick(v)
            pos = margin + 1 + c - len(s) // 2
            pos = max(0, min(pos, len(labels) - len(s)))
            if all(ch == " " for ch in labels[max(pos - 1, 0): pos + len(s) + 1]):
                labels[pos: pos + len(s)] = list(s)
    lines.append([(" " * margin, ""), (corner + "".join(axis), "grey50")])
    lines.append([("".join(labels), "grey62")])
    return lines


def legend_runs(items: list[tuple[str, str, str]], width: int, charset: str | None = None) -> list[Run]:
    """A legend of (glyph, style, label) items as one line of runs, exactly
    ``width`` cells: the items that fit, whole, then spaces. The glyph (a
    series' marker or drawn sample; "" for none) stands before its label."""
    from tui import charset as cs

    charset = charset or cs.current()
    runs: list[Run] = []
    used = 0
    for glyph, style, label in items:
        item = cs.fit_text(f"{glyph} {label}  " if glyph else f"{label}  ", charset)
        if used + text_cells(item) > width:
            break
        runs.append((item, style))
        used += text_cells(item)
    runs.append((" " * max(width - used, 0), ""))
    return runs


def legend_mark(glyph: str | None, charset: str | None = None) -> str:
    """What stands before a legend label: the series' glyph and a space when
    markers are on (nothing for a series without one), else the charset's
    colour swatch (● in braille)."""
    from tui import charset as cs

    charset = charset or cs.current()
    if not cs.markers_on():
        return FRAME[charset][5] + " "
    return "" if not glyph else cs.fit_cells(glyph[:1], charset) + " "


def legend_sample(sample: str, glyph: str, charset: str | None = None) -> str:
    """A legend's drawn sample of a series (e.g. hypernet's "⣀⣀"): its glyph
    twice when markers are on, else the sample in the charset."""
    from tui import charset as cs

    charset = charset or cs.current()
    if cs.markers_on():
        return cs.fit_cells(glyph[:1] * 2, charset)
    if charset != "braille":  # the charset's colour swatch: its dots would not look like the line
        return FRAME[charset][5] * 2
    return sample


def _place_marks(marks: list[Mark], view: Bounds, cols: int, rows: int) -> dict[int, list[tuple[int, str, str]]]:
    """Each mark's (column, text, style) by row, clipped to the plot area."""
    out: dict[int, list[tuple[int, str, str]]] = {}
    if not marks:
        return out
    x0, x1, y0, y1 = view
    for m in marks:
        if not (math.isfinite(m.x) and math.isfinite(m.y)):
            continue
        c = int(math.floor((m.x - x0) / (x1 - x0) * cols))
        r = int(math.floor((y1 - m.y) / (y1 - y0) * rows))
        if not (0 <= r < rows and 0 <= c < cols):
            continue
        text = m.text[: cols - c]
        out.setdefault(r, []).append((c, text, m.style))
    return out


def _overlay(runs: list[Run], offset: int, marks: list[tuple[int, str, str]]) -> list[Run]:
    """``runs`` (one cell a character) with each mark's text written over the
    cells from ``offset + column`` on; later marks win."""
    chars: list[str] = []
    cell_styles: list[str] = []
    for text, style in runs:
        chars.extend(text)
        cell_styles.extend([style] * len(text))
    for col, text, style in marks:
        for i, ch in enumerate(text):
            at = offset + col + i
            if at < len(chars):
                chars[at] = ch
                cell_styles[at] = style
    out: list[Run] = []
    for ch, style in zip(chars, cell_styles):
        if out and out[-1][1] == style:
            out[-1] = (out[-1][0] + ch, style)
        else:
            out.append((ch, style))
    return out


def runs_to_plain(lines: list[list[Run]]) -> str:
    return "\n".join("".join(t for t, _ in runs).rstrip() for runs in lines)


# ------------------------------------------------------------------ text
# Terminal cells, not characters: Hangul and other wide characters take two
# cells, so every scene pads, cuts and wraps its words with these.

def text_cells(text: str) -> int:
    """The width of ``text`` on a terminal, in cells (a Hangul syllable is 2)."""
    from rich.cells import cell_len

    return cell_len(text)


def cut_cells(text: str, width: int) -> str:
    """``text`` cut to at most ``width`` cells, never through a wide character."""
    from rich.cells import cell_len, get_character_cell_size

    width = max(int(width), 0)
    if cell_len(text) <= width:
        return text
    out, used = [], 0
    for ch in text:
        n = get_character_cell_size(ch)
        if used + n > width:
            break
        out.append(ch)
        used += n
    return "".join(out)


def pad_cells(text: str, width: int, align: str = "left") -> str:
    """``text`` cut or padded with spaces to exactly ``width`` cells
    (``align`` left, right or center)."""
    text = cut_cells(text, width)
    gap = max(int(width), 0) - text_cells(text)
    if align == "right":
        return " " * gap + text
    if align == "center":
        return " " * (gap // 2) + text + " " * (gap - gap // 2)
    return text + " " * gap


def wrap_cells(text: str, width: int, subsequent_indent: str = "") -> list[str]:
    """``text`` wrapped at spaces into lines of at most ``width`` cells; a word
    longer than a line is split between characters, never through one."""
    width = max(int(width), 1)
    lines: list[str] = []
    for para in text.split("\n"):
        words = para.split()
        cur = ""
        indent = ""
        for word in words:
            cand = f"{cur} {word}" if cur else indent + word
            if text_cells(cand) <= width:
                cur = cand
                continue
            if cur:
                lines.append(cur)
                indent = subsequent_indent
            cur = indent + word
            while text_cells(cur) > width:
                head = cut_cells(cur, width)
                if not head:  # a line too narrow for even one character
                    head = cur[0]
                lines.append(head)
                indent = subsequent_indent
                cur = indent + cur[len(head):]
                if text_cells(indent) >= width:
                    indent = ""
                    cur = cur.lstrip()
        if cur:
            lines.append(cur)
    return lines


# ---------------------------------------------------------------- layout
# A Block is lines of runs; scenes lay pictures out by placing blocks side by
# side (hstack) and fitting each line to a width, all in terminal cells.

Block = list[list[Run]]


def line_len(runs: list[Run]) -> int:
    """A line's width in terminal cells."""
    from rich.cells import cell_len

    return sum(cell_len(t) for t, _ in runs)


def fit(runs: list[Run], width: int) -> list[Run]:
    """Pad with spaces or crop, to exactly ``width`` cells."""
    from rich.cells import cell_len, set_cell_size

    out: list[Run] = []
    used = 0
    for text, style in runs:
        n = cell_len(text)
        if used + n > width:
            text = set_cell_size(text, width - used)
            n = cell_len(text)
        if text:
            out.append((text, style))
        used += n
        if used >= width:
            break
    if used < width:
        out.append((" " * (width - used), ""))
    return out


def width_of(block: Block) -> int:
    """The widest line of ``block``, in cells."""
    return max((line_len(r) for r in block), default=0)


def hstack(blocks: list[Block], gap: int = 2) -> Block:
    """Blocks side by side, ``gap`` cells apart, each padded to its own width."""
    widths = [width_of(b) for b in blocks]
    height = max((len(b) for b in blocks), default=0)
    out: Block = []
    for i in range(height):
        line: list[Run] = []
        for j, (b, w) in enumerate(zip(blocks, widths)):
            if j:
                line.append((" " * gap, ""))
            line.extend(fit(b[i] if i < len(b) else [], w))
        out.append(line)
    return out


def finish(block: Block, width: int, height: int) -> Block:
    """Exactly ``height`` lines of exactly ``width`` cells."""
    lines = [fit(r, width) for r in block[:height]]
    return lines + [[(" " * width, "")] for _ in range(height - len(lines))]
