"""What the motif2d lesson draws: the canvas with the letter and where each
template fired, the templates themselves with their counts, and the decision.

Pure text runs (no Textual), shared by the screen and ``nn-explorer render
motif2d``. Bitmaps are drawn with half blocks (one cell = one pixel wide, two
pixels tall) when space is short, and with two or four cells a pixel when
there is room.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
from rich.cells import cell_len

from models import motif2d as m
from tui.charset import markers_on
from tui.canvas import Block, Run, finish, fit, hstack, line_len, width_of, wrap_cells
from tui.words import tables
from tui.render import RenderError
from tui.state import number, take_lang, whole

PAPER = "#303030"
INK = "#e4e4e4"
END = "#ff5f5f"
CORNER = "#5fafff"
EITHER = "#87875f"  # a template weight of 0: ink or paper, either way
FRAME = "grey50"
DIM = "grey62"
GOOD = "bold #5fd75f"
BAD = "bold #ff5f5f"

KIND_STYLE = {"end": END, "corner": CORNER}
#: a template's paper pixel without colour (tui.charset.markers_on): ink █, paper ·, either ░
PAPER_GLYPH = "·"

#: (columns, rows) of one pixel; "half" is one column and half a row
SCALES = {"big": (4, 2), "full": (2, 1), "half": (1, 0)}

#: the picture's words (assets/words/motif2d.toml [words])
WORDS = {lang: {**words, "dist": tables("motif2d", "words.dist")[lang]}
         for lang, words in tables("motif2d", "words").items()}


# ---------------------------------------------------------------- bitmaps
def bitmap(colours: np.ndarray, marks: dict[tuple[int, int], tuple[str, str]], scale: str,
           paper: str = PAPER, paper_glyph: str = " ") -> Block:
    """A grid of pixel colours (strings) as text. ``marks`` puts a symbol with
    its own style on a pixel. Paper pixels are ``paper_glyph`` (blank) on the
    paper colour, "either" pixels ░, every other colour a block, so the plain
    text keeps the shape."""
    h, w = colours.shape
    cw, ch = SCALES[scale]
    out: Block = []
    if scale == "half" and paper_glyph != " ":  # without colour: a glyph for each pair of pixels
        for r in range(0, h, 2):
            line = []
            for c in range(w):
                top = colours[r, c]
                bot = colours[r + 1, c] if r + 1 < h else paper
                if EITHER in (top, bot):
                    line.append(("░", f"{EITHER} on {paper}"))
                elif top == paper and bot == paper:
                    line.append((paper_glyph, f"{DIM} on {paper}"))
                else:
                    glyph = "█" if top != paper and bot != paper else "▀" if top != paper else "▄"
                    line.append((glyph, f"{top if top != paper else bot} on {paper}"))
            out.append(line)
        return out
    if scale == "half":
        for r in range(0, h, 2):
            line: list[Run] = []
            for c in range(w):
                mark = marks.get((r, c)) or (marks.get((r + 1, c)) if r + 1 < h else None)
                if mark:
                    line.append(mark)
                    continue
                top = colours[r, c]
                bot = colours[r + 1, c] if r + 1 < h else None
                if bot is None:
                    line.append(("▀", top))
                elif top == paper and bot == paper:
                    line.append((" ", f"on {paper}"))
                elif bot == paper:
                    line.append(("▀", f"{top} on {paper}"))
                elif top == paper:
                    line.append(("▄", f"{bot} on {paper}"))
                elif top == bot:
                    line.append(("█", top))
                else:
                    line.append(("▀", f"{top} on {bot}"))
            out.append(line)
        return out
    for r in range(h):
        rows: list[list[Run]] = [[] for _ in range(ch)]
        for c in range(w):
            mark = marks.get((r, c))
            col = colours[r, c]
            for k in range(ch):
                if mark:
                    sym, style = mark
                    text = (sym + " " * (cw - 1)) if k == 0 and scale == "full" else \
                        ((" " + sym + " " * (cw - 2)) if k == 0 else " " * cw)
                    rows[k].append((text, style))
                elif col == paper:
                    rows[k].append((paper_glyph * cw, f"{DIM} on {paper}" if paper_glyph != " " else f"on {paper}"))
                elif col == EITHER:
                    rows[k].append(("░" * cw, f"{EITHER} on {paper}"))
                else:
                    rows[k].append(("█" * cw, col))
        out.extend(rows)
    return out


def framed(block: Block, inner_width: int) -> Block:
    top = [("┌" + "─" * inner_width + "┐", FRAME)]
    bottom = [("└" + "─" * inner_width + "┘", FRAME)]
    return [top, *[[("│", FRAME), *fit(r, inner_width), ("│", FRAME)] for r in block], bottom]


def bitmap_size(shape: tuple[int, int], scale: str) -> tuple[int, int]:
    """(columns, lines) of a bitmap of this shape."""
    h, w = shape
    cw, ch = SCALES[scale]
    return w * cw, (h + 1) // 2 if scale == "half" else h * ch


# --------------------------------------------------------------- the scene
def canvas_block(a: m.Analysis, scale: str) -> Block:
    img = a.image
    colours = np.where(img > 0, INK, PAPER).astype(object)
    marks: dict[tuple[int, int], tuple[str, str]] = {}
    if a.units is not None:  # the tied units that exist: a dot, whether they fire or not
        for t, unit in zip(m.TEMPLATES, a.units):
            for r, c in zip(*np.nonzero(unit)):
                base = INK if img[r, c] else PAPER
                marks[(int(r), int(c))] = ("∙", f"bold {KIND_STYLE[t.kind]} on {base}")
    for t, fired in zip(m.TEMPLATES, a.maps):
        for r, c in zip(*np.nonzero(fired)):
            marks[(int(r), int(c))] = (t.symbol, f"bold #000000 on {KIND_STYLE[t.kind]}")
    cols, _ = bitmap_size(img.shape, scale)
    return framed(bitmap(colours, marks, scale), cols)


def template_tile(t: m.Template, n: int, scale: str) -> Block:
    colours = np.select([t.weights > 0, t.weights < 0], [INK, PAPER], EITHER).astype(object)
    block = bitmap(colours, {}, scale, paper_glyph=PAPER_GLYPH if markers_on() else " ")
    cols, _ = bitmap_size(t.weights.shape, scale)
    label = f"{t.symbol}{n}"
    style = f"bold {KIND_STYLE[t.kind]}" if n else DIM
    return [*[fit(r, cols) for r in block], fit([(label, style)], max(cols, 3))]


def templates_block(a: m.Analysis, scale: str, per_row: int, lang: str) -> Block:
    words = WORDS[lang]
    gap = 1 if scale == "half" else 2
    per_row = -(-8 // -(-8 // max(per_row, 1)))  # balanced rows: 4 + 4 rather than 7 + 1
    out: Block = []
    for kind, title in (("end", words["end_t"]), ("corner", words["corner_t"])):
        tiles = [template_tile(t, n, scale) for t, n in zip(m.TEMPLATES, a.per_template) if t.kind == kind]
        out.append([(title, f"bold {KIND_STYLE[kind]}")])
        for i in range(0, len(tiles), per_row):
            out.extend(hstack(tiles[i:i + per_row], gap))
    items = [[("█", INK), (" " + name, DIM)] for name in words["key"].split(" · ")]
    items[1][0] = (PAPER_GLYPH, DIM) if markers_on() else ("█", PAPER)  # no colour: paper is a glyph of its own
    items[2][0] = ("░", EITHER)
    room = per_row * (template_tile_width(scale) + gap) - gap
    line: list[Run] = []
    for item in items:
        if line and line_len(line) + 2 + line_len(item) > room:
            out.append(line)
            line = []
        line = [*line, ("  ", ""), *item] if line else list(item)
    out.append(line)
    return out


def template_tile_width(scale: str) -> int:
    cols, _ = bitmap_size((3, 3), scale)
    return max(cols, 3)


def summary_block(a: m.Analysis, lang: str, width: int) -> Block:
    """Counts, decision and which detector, wrapped to ``width`` cells (a
    line of runs too wide for it is split where its parts meet)."""
    words = WORDS[lang]
    want = m.truth(a.state.glyph)
    shown = words["neither"] if a.decision == "neither" else a.decision
    ok = a.correct
    verdict = ("✓", GOOD) if ok else ("✗ " + words["expected"].format(
        t=words["neither"] if want == "neither" else want), BAD)
    if a.units is None:
        how = words["shared"]
    else:
        how = words["tied"].format(n=int(a.units.sum()))
    counts = [[(f"{words['ends']} ", DIM), (str(a.ends), f"bold {END}")],
              [(f"{words['corners']} ", DIM), (str(a.corners), f"bold {CORNER}")]]
    decision = [[(f"{words['decision']}: ", DIM), (shown, "bold")], [verdict]]
    out: Block = []
    for first, second, sep in ((counts[0], counts[1], (" · ", DIM)), (decision[0], decision[1], (" ", ""))):
        whole = [*first, sep, *second]
        out += [whole] if line_len(whole) <= width else [first, second]
    style = DIM if a.units is None else "#ffaf5f"
    return out + [[(part, style)] for part in wrap_cells(how, width)]


def count_lines(a: m.Analysis, lang: str, width: int) -> Block:
    """The templates as their symbols and counts only, no bitmaps (for a
    small plot): one line of end points, one of corners, wrapped."""
    words = WORDS[lang]
    out: Block = []
    for kind, title in (("end", words["end_t"]), ("corner", words["corner_t"])):
        out.append([(title, f"bold {KIND_STYLE[kind]}")])
        line: list[Run] = []
        for t, n in zip(m.TEMPLATES, a.per_template):
            if t.kind != kind:
                continue
            item = (f"{t.symbol}{n}", f"bold {KIND_STYLE[kind]}" if n else DIM)
            if line and line_len(line) + 1 + cell_len(item[0]) > width:
                out.append(line)
                line = []
            line = [*line, (" ", ""), item] if line else [item]
        out.append(line)
    return out


#: the template rows tried, most per row first (balanced: 4 + 4 rather than 7 + 1)
PER_ROW = (8, 4, 3, 2)


def _candidates(a: m.Analysis, width: int, height: int, lang: str):
    """The pictures that may fit, best first, each as (scale, arrangement,
    per row, block): the largest scale, templates beside the canvas or below
    it; then, when no whole set of templates fits, their counts without the
    bitmaps (and so without the key that explains the bitmaps); then the
    canvas and the summary alone; then the summary alone. A part is shown
    whole or not at all: nothing is cut in half."""
    lefts: dict[str, Block] = {}

    def left(scale: str) -> Block:
        if scale not in lefts:
            canvas = canvas_block(a, scale)
            lefts[scale] = canvas + summary_block(a, lang, width_of(canvas))
        return lefts[scale]

    for scale in ("big", "full", "half"):
        cols, lines = bitmap_size(a.image.shape, scale)
        if cols + 2 > width or lines + 2 > height:
            continue
        gap = 1 if scale == "half" else 2
        tw = template_tile_width(scale)
        room = width - width_of(left(scale)) - 2
        for per_row in PER_ROW:
            if per_row * (tw + gap) - gap <= room:
                yield scale, "beside", per_row, hstack([left(scale), templates_block(a, scale, per_row, lang)], 2)
        for per_row in PER_ROW[:2]:
            if per_row * (tw + gap) - gap <= width:
                yield scale, "below", per_row, left(scale) + [[]] + templates_block(a, scale, per_row, lang)
    cols, lines = bitmap_size(a.image.shape, "half")
    room = width - cols - 2 - 2
    if room >= 8:
        yield "half", "beside", 0, hstack([left("half"), count_lines(a, lang, room)], 2)
    yield "half", "below", 0, left("half") + count_lines(a, lang, width)
    yield "half", "alone", 0, left("half")
    if room >= 10:  # the summary (and the counts) beside the canvas, wrapped to the room left
        summary = summary_block(a, lang, room)
        yield "half", "summary beside", 0, hstack([canvas_block(a, "half"), summary + count_lines(a, lang, room)], 2)
        yield "half", "summary beside", 0, hstack([canvas_block(a, "half"), summary], 2)
    summary = summary_block(a, lang, width)
    yield "none", "summary", 0, summary + count_lines(a, lang, width)
    yield "none", "summary", 0, summary


def _choose(a: m.Analysis, width: int, height: int, lang: str) -> tuple[str, str, int, Block]:
    last = None
    for choice in _candidates(a, width, height, lang):
        last = choice
        if len(choice[3]) <= height and width_of(choice[3]) <= width:
            return choice
    return last  # nothing fits: the summary, cut at the bottom


def layout(shape_canvas: tuple[int, int], width: int, height: int, a: m.Analysis | None = None,
           lang: str = "en") -> tuple[str, str, int]:
    """(scale, arrangement, templates per row) that ``picture`` uses for
    this space (for the centred C when no analysis is given)."""
    a = a if a is not None else m.analyse(m.MotifState())
    scale, arrangement, per_row, _block = _choose(a, width, height, lang if lang in WORDS else "en")
    return scale, arrangement, per_row


def picture(a: m.Analysis, width: int, height: int, lang: str = "en") -> Block:
    """The whole picture, ``height`` lines of ``width`` cells: the best
    arrangement whose every part fits whole (see ``_candidates``)."""
    lang = lang if lang in WORDS else "en"
    return finish(_choose(a, width, height, lang)[3], width, height)


# ------------------------------------------------------------------ render
def state_from_options(options: dict[str, str]) -> m.MotifState:
    """A MotifState from ``-o KEY=VALUE`` pairs (glyph, dx, dy, noise, thick,
    distortion, shared, lang)."""
    known = {"glyph", "dx", "dy", "noise", "thick", "distortion", "shared", "lang"}
    unknown = sorted(set(options) - known)
    if unknown:
        raise RenderError(f"unknown option {unknown[0]!r} for motif2d (options: {', '.join(sorted(known))})")
    state = m.MotifState()
    glyph = options.get("glyph", "C").upper()
    if glyph not in m.GLYPHS:
        raise RenderError(f"unknown glyph {options['glyph']!r} (choose from: {', '.join(m.GLYPHS)})")

    def as_bool(key: str, default: bool) -> bool:
        v = options.get(key)
        if v is None:
            return default
        if v.lower() in ("1", "yes", "true", "on"):
            return True
        if v.lower() in ("0", "no", "false", "off"):
            return False
        raise RenderError(f"{key} must be 1 or 0, not {v!r}")

    noise = number("noise", options.get("noise", "0"), 0, 0.5)
    distortion = options.get("distortion", "none")
    if distortion not in m.DISTORTIONS:
        raise RenderError(f"unknown distortion {distortion!r} (choose from: {', '.join(m.DISTORTIONS)})")
    state = replace(state, glyph=glyph, noise=noise, thick=as_bool("thick", False), distortion=distortion,
                    shared=as_bool("shared", True))
    dx, dy = whole("dx", options.get("dx", "0")), whole("dy", options.get("dy", "0"))
    y0, y1, x0, x1 = m.shift_range(m.glyph_of(state).shape)
    if not (y0 <= dy <= y1 and x0 <= dx <= x1):
        raise RenderError(f"shift dx={dx}, dy={dy} takes the letter off the canvas "
                          f"(dx {x0}..{x1}, dy {y0}..{y1}; dy grows downwards)")
    return replace(state, dy=dy, dx=dx)


def header(a: m.Analysis, lang: str = "en") -> str:
    """The state in one line. The shift is (dx, dy): pixels right and down
    from the centred letter (dy grows downwards, as image rows do), as in
    ``render motif2d -o dx=… -o dy=…``."""
    s = a.state
    words = WORDS[lang if lang in WORDS else "en"]
    decision = words["neither"] if a.decision == "neither" else a.decision
    parts = [words["at"].format(g=s.glyph, dx=s.dx, dy=s.dy), words["noise"].format(p=100 * s.noise),
             words["thick"] if s.thick else words["thin"],
             words["distortion"].format(d=words["dist"].get(s.distortion, s.distortion)),
             words["shared_h"] if s.shared else words["tied_h"],
             f"{words['ends']} {a.ends}, {words['corners']} {a.corners} → {decision}"]
    return "motif2d · " + " · ".join(parts)


@dataclass(frozen=True)
class Motif2dArgs:
    """render motif2d's (and ``nn-explorer motif2d``'s) state, checked."""

    state: m.MotifState
    lang: str = "en"


def parse_state(*, step: int | None, dataset: str | None, width: int | None, seed: int,
                options: dict[str, str]) -> Motif2dArgs:
    lang = take_lang(options, pop=False)
    return Motif2dArgs(replace(state_from_options(options), seed=seed), lang)


def draw(args: Motif2dArgs, size: tuple[int, int]) -> Block:
    lang = args.lang
    a = m.analyse(args.state)
    w, h = size
    head = wrap_cells(header(a, lang), w)[: max(1, h - 8)]
    return [[(line, "bold")] for line in head] + picture(a, w, h - len(head), lang)
