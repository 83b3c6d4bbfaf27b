"""What the conv lesson draws, as text runs (shared by the screen and
``nn-explorer render conv``): 1 = learned kernels beside the hand-made
templates and accuracy at every shift, 2 = convolution against
cross-correlation in 1-D, 3 = the output-size calculator."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import math

import numpy as np

from models import conv as cv
from models import motif2d as m
from tui.charset import markers_on
from tui.canvas import Block, Run, finish, hstack, line_len, pad_cells, text_cells, width_of, wrap_cells
from tui.scenes.motif2d import BAD, DIM, GOOD, bitmap_size, template_tile
from tui.words import tables, text
from tui.render import RenderError
from tui.state import take_lang, whole, within

POS = "#ff875f"
NEG = "#5f87ff"
WINDOW = "bold #000000 on #ffd75f"
TITLE = "bold"
LIVE = "bold #ffd75f"  # the label that says the picture is of a run in training


@dataclass
class LiveConv:
    """The nets of a run in training, as their latest snapshots measured them
    (models.conv.Snapshot): the convnet trains first, then the fully
    connected net; each is None until its first snapshot."""

    steps: int
    conv: cv.Snapshot | None = None
    fc: cv.Snapshot | None = None

    @property
    def current(self) -> cv.Snapshot | None:
        """The snapshot of the net training now."""
        return self.fc or self.conv


@dataclass
class ConvState:
    view: int = 1
    pos: int = 0  # the window's position in the 1-D example
    shape: cv.ConvShape = field(default_factory=cv.ConvShape)
    comparison: cv.Comparison | None = None
    live: LiveConv | None = None  # a run in training: view 1 draws its nets instead of the comparison
    torch_ready: bool = False
    message: str = ""  # view 1 while nothing is trained yet
    conv1d: np.ndarray | None = None  # torch's conv1d(x, w) on the example, once torch is in
    conv1d_flipped: np.ndarray | None = None
    torch_sizes: tuple[int, int | None] | None = None  # conv1d length, conv2d side (n ≤ 512), for the shape
    lang: str = "en"


#: the views' words (assets/words/conv.toml [words]); the tabs by view number
WORDS = {lang: {**words, "tabs": {int(v): name for v, name in tables("conv", "words.tabs")[lang].items()}}
         for lang, words in tables("conv", "words").items()}


def words(st: ConvState) -> dict:
    return WORDS.get(st.lang, WORDS["en"])


def lab(text: str, n: int) -> str:
    """Left-justified to n terminal cells (Korean letters are two cells wide)."""
    return pad_cells(text, max(n, text_cells(text)))


def wrapped(text: str, style: str, width: int, result: str = "", result_style: str = "", indent: str = "",
            lead: str = "") -> Block:
    """``text`` then ``result`` wrapped at spaces to ``width`` cells, each
    line after ``lead`` (and the lines after the first after ``indent``):
    the result is the last word, so it is on the last line and never cut."""
    full = f"{text} {result}" if result and text else (text or result)
    lines = [lead + line for line in wrap_cells(full, width - text_cells(lead), subsequent_indent=indent)]
    out: Block = [[(line, style)] for line in lines]
    if result and lines and lines[-1].endswith(result):
        head = lines[-1][: len(lines[-1]) - len(result)]
        out[-1] = [(head, style), (result, result_style)] if head else [(result, result_style)]
    return out


def fit_height(items: list[tuple[list[Run], int]], height: int) -> Block:
    """Lines tagged with a rank: while there are more than ``height``, the
    lines of the highest rank go first (rank 0 always stays)."""
    items = list(items)
    for rank in sorted({r for _, r in items if r > 0}, reverse=True):
        if len(items) <= height:
            break
        items = [(line, r) for line, r in items if r != rank]
    return [line for line, _ in items]


# ------------------------------------------------------------ view 1
def _shade(v: float, vmax: float) -> str:
    """A colour between blue (negative), black (0) and orange (positive)."""
    t = max(-1.0, min(1.0, v / vmax if vmax > 0 else 0.0))
    r0, g0, b0 = (0xff, 0x87, 0x5f) if t > 0 else (0x5f, 0x87, 0xff)
    a = abs(t)
    return f"#{int(r0 * a):02x}{int(g0 * a):02x}{int(b0 * a):02x}"


#: a negative kernel weight's glyphs without colour (strong, medium, weak), for █ ▓ ░
NEG_GLYPHS = "=-~"


def kernel_tile(k: np.ndarray, cw: int, ch: int, label: str) -> Block:
    vmax = float(np.abs(k).max()) or 1.0
    out: Block = []
    for r in range(k.shape[0]):
        line: list[Run] = []
        for c in range(k.shape[1]):
            v = float(k[r, c])
            ch_ = "█" if abs(v) >= 0.5 * vmax else ("▓" if abs(v) >= 0.2 * vmax else "░")
            if markers_on() and v < 0:  # no colour: a negative weight has glyphs of its own
                ch_ = NEG_GLYPHS["█▓░".index(ch_)]
            line.append((ch_ * cw, _shade(v, vmax)))
        out.extend([list(line) for _ in range(ch)])
    out.append([(label, DIM)])
    return out


ACC_STYLES = ((100, "bold #5fd75f"), (95, "#afd75f"), (80, "#ffd75f"), (50, "#ffaf5f"), (0, "#ff5f5f"))


def percent_down(a: float) -> int:
    """Accuracy in whole percent, rounded down: 100 only when every image is right."""
    return min(100, int(math.floor(100 * a + 1e-9)))


def acc_cell(a: float, cw: int) -> Run:
    """One column of the accuracy strip, ``cw`` cells: the percentage (cw ≥ 4),
    its two digits (cw 2–3) or its tens digit (cw 1), all rounded down, and
    a full block for 100 %; coloured on a scale that sets 100 apart from 95."""
    p = percent_down(a)
    style = next(st for lo, st in ACC_STYLES if p >= lo)
    if cw >= 4:
        text = f"{p:>3d}"
    elif cw >= 2:
        text = "██" if p == 100 else f"{p:02d}"
    else:
        text = "█" if p == 100 else str(p // 10)
    return pad_cells(text, cw), style


def accuracy_strip(by_dx: dict[int, float], cw: int) -> list[Run]:
    return [acc_cell(by_dx[dx], cw) for dx in sorted(by_dx)]


def features_block(f: np.ndarray, cw: int, w: dict) -> Block:
    """Each kernel's global max on each centred letter (``f``, (len(CLASSES),
    K)): what the linear layer reads."""
    vmax = float(f.max()) or 1.0
    out: Block = [[(w["readout"], TITLE), (w["readout_note"], DIM)]]
    out.append([("   ", ""), *[(pad_cells(f"k{i + 1}", cw), DIM) for i in range(f.shape[1])]])
    for name, row in zip(cv.CLASSES, f):
        line: list[Run] = [(f" {name} ", "bold")]
        for v in row:
            a = max(0.0, min(1.0, float(v) / vmax))
            ch_ = "█" if a >= 0.66 else ("▓" if a >= 0.33 else ("░" if a > 0.05 else " "))
            line.append((ch_ * (cw - 1) + " ", _shade(float(v), vmax)))
        out.append(line)
    return out


def view_learned(st: ConvState, width: int, height: int) -> Block:
    w = words(st)
    big = width >= 110 and height >= 44
    scale = "full" if big else "half"
    tw = (6 if big else 3) + (2 if big else 1)
    hand = [template_tile(t, 0, scale) for t in m.TEMPLATES]
    hand = [[row for row in tile[:-1]] + [[(t.symbol, DIM)]] for tile, t in zip(hand, m.TEMPLATES)]
    per = max(1, (width + 1) // tw)
    hand_block: Block = [[(w["hand"], TITLE)]]
    for i in range(0, len(hand), per):
        hand_block.extend(hstack(hand[i:i + per], tw - (6 if big else 3)))
    c = st.comparison
    live = st.live if st.live is not None and st.live.conv is not None else None
    if c is None and live is None:
        out = hand_block + [[]]
        for line in wrap_cells(st.message or w["press"], width):
            out.append([(line, "bold #ffd75f")])
        return out
    if live is not None:  # a run in training: its nets as the latest snapshots measured them
        bottom = live_accuracy_block(live, width, w)
        ks, f = live.conv.kernels, live.conv.features
        now = live.current
        label = w["live_conv" if now.kind == "conv" else "live_fc"].format(step=now.step, steps=now.steps)
    else:
        bottom = accuracy_block(c, width, w)
        ks, f = cv.kernels(c.conv), c.features
    head: Block = [[(w["learned"], TITLE), (w["signs_glyph" if markers_on() else "signs"], DIM)]]
    if live is not None:  # the live label after the title, or on a line of its own where it does not fit
        if line_len(head[0]) + 3 + text_cells(label) <= width:
            head[0] += [(" · ", DIM), (label, LIVE)]
        else:
            head.append([(label, LIVE)])
    show_features = height - len(hand_block) >= 40
    features = ([[]] + features_block(f, max(4, min(8, (width - 4) // len(ks))), w)) if show_features else []

    def kernel_layout(cw: int) -> tuple[int, int]:  # kernels per row, lines
        kper = max(1, (width + 1) // (5 * cw + 1))
        chh = 2 if cw == 4 else 1
        return kper, -(-len(ks) // kper) * (5 * chh + 1)

    room = height - len(head) - len(bottom) - len(features)  # head: the kernels' title (and the live label)
    if room - len(hand_block) < kernel_layout(1)[1]:
        hand_block = []  # short: the hand-made templates (the last lesson's) make room for this one's results
    # the largest kernel drawing that leaves room for the accuracy lines (and the features, when tall)
    for cw in (4, 2, 1):
        kper, lines = kernel_layout(cw)
        if lines <= room - len(hand_block):
            break
    chh = 2 if cw == 4 else 1
    tiles = [kernel_tile(k, cw, chh, f"k{i + 1}") for i, k in enumerate(ks)]
    out: Block = list(hand_block) + head
    for i in range(0, len(tiles), kper):
        out.extend(hstack(tiles[i:i + kper], 1))
    return out + bottom + features


def accuracy_block(c: cv.Comparison, width: int, w: dict) -> Block:
    """Both nets' accuracy at every horizontal shift (a column each), what a
    column's digits mean, and the note with both nets' sizes and the fully
    connected net's accuracy on the centred letters it was trained on."""
    rows = ((w["convnet"], c.conv_by_dx, c.conv_acc), (w["fc"], c.fc_by_dx, c.fc_acc))
    note = w["note"].format(cp=c.conv_params, fp=c.fc_params, c=100 * c.fc_centred_acc)
    return _accuracy_rows(rows, note, width, w)


def live_accuracy_block(live: LiveConv, width: int, w: dict) -> Block:
    """``accuracy_block`` for a run in training: each net's accuracy at every
    shift from its latest snapshot (the fully connected net's row waits
    until it trains), what a column's digits mean, and what was measured."""
    rows = tuple((name, snap.by_dx if snap else None, snap.accuracy if snap else None)
                 for name, snap in ((w["convnet"], live.conv), (w["fc"], live.fc)))
    return _accuracy_rows(rows, w["live_note"].format(n=live.conv.n), width, w)


def _accuracy_rows(rows, note: str, width: int, w: dict) -> Block:
    """A title naming the shifts, a row (label, a strip of accuracies, the
    total) for each (name, accuracy by shift or None: not trained yet,
    total accuracy), the key to the digits, and ``note``."""
    by_dx = rows[0][1]  # (the convnet's, always there: its shifts are every row's)
    n = len(by_dx)
    label_w = max(text_cells(w["convnet"]), text_cells(w["fc"])) + 1
    total_w = len(" 100.0%")
    scw = max(1, min(5, (width - label_w - total_w) // max(n, 1)))
    out: Block = [[]]
    out += wrapped(w["acc"] + w["cols"].format(n=n, a=min(by_dx), b=f"{max(by_dx):+d}"), TITLE, width)
    for name, row_by_dx, acc in rows:
        if row_by_dx is None:
            out.append([(lab(name, label_w), ""), (w["live_waits"], DIM)])
            continue
        out.append([(lab(name, label_w), ""), *accuracy_strip(row_by_dx, scw),
                    (f" {100 * acc:.1f}%", GOOD if acc >= 0.98 else BAD)])
    key = w["key4"] if scw >= 4 else (w["key2"] if scw >= 2 else w["key1"])
    out += wrapped(key, DIM, width)
    out += wrapped(note, DIM, width)
    return out


# ------------------------------------------------------------ view 2
def _cells(values, cw: int, hi: set[int] | None = None, style: str = "", start: int = 0) -> list[Run]:
    """Numbers in columns of ``cw`` cells; the column of ``values[j]`` is
    ``start + j`` (the index it has in the signal's row), ``hi``: indices
    (into values) drawn highlighted."""
    runs: list[Run] = [(" " * (cw * start), "")] if start else []
    for j, v in enumerate(values):
        runs.append((pad_cells(f"{v:g}", cw - 1, "right") + " ", WINDOW if hi and j in hi else style))
    return runs


def view_corr(st: ConvState, width: int, height: int) -> Block:
    """Each row of numbers is drawn in the columns of the signal x: column i
    holds index i. The cross-correlation's y_i starts at column 0; the
    convolution's y_i is defined from i = k−1 on, so its row starts there,
    and the entry highlighted is always the y[...] of the formula above."""
    t = words(st)
    x, w = cv.EXAMPLE_X, cv.EXAMPLE_W
    k = len(w)
    last = len(x) - k
    i = max(0, min(st.pos, last))
    xc = cv.cross_correlate1d(x, w)
    co = cv.convolve1d(x, w)  # co[j] is y_(j+k−1)
    fw = w[::-1]
    torch_rows = st.conv1d is not None and st.conv1d_flipped is not None
    labels = ["x", "w", "flip(w)", "i", t["xcorr"], t["conv"]] + (["conv1d(x,w)", "conv1d(x,fw)"] if torch_rows else [])
    lw = max(text_cells(s) for s in labels) + 1
    values = [*x, *w, *xc, *co, len(x) - 1]
    cw = max(text_cells(f"{v:g}") for v in values) + 2
    if lw + cw * len(x) > width:
        cw -= 1  # one space fewer between numbers before anything is cut
    window = set(range(i, i + k))
    index_row = [(lab("i", lw), DIM), *_cells(range(len(x)), cw, style=DIM)]
    prod = " + ".join(f"{a:g}·{b:g}" for a, b in zip(w, x[i:i + k]))
    prodf = " + ".join(f"{a:g}·{b:g}" for a, b in zip(fw, x[i:i + k]))
    items: list[tuple[list[Run], int]] = [
        ([(t["xcorr_t"], TITLE)], 0),
        (index_row, 3),
        ([(lab("x", lw), DIM), *_cells(x, cw, window)], 0),
        ([(lab("w", lw), DIM), *_cells(w, cw, style="bold #ff875f", start=i)], 0),
        *[(line, 0) for line in wrapped(f"y[{i}] = {prod} =", "", width, f"{xc[i]:g}", "bold")],
        ([], 2),
        ([(t["conv_t"], TITLE), (t["flipped"], DIM)], 0),
        ([(lab("x", lw), DIM), *_cells(x, cw, window)], 1),
        ([(lab("flip(w)", lw), DIM), *_cells(fw, cw, style="bold #5f87ff", start=i)], 0),
        *[(line, 0) for line in wrapped(f"y[{i + k - 1}] = {prodf} =", "", width, f"{co[i]:g}", "bold")],
        ([], 2),
        (index_row, 0),
        ([(lab(t["xcorr"], lw), DIM), *_cells(xc, cw, {i})], 0),
        ([(lab(t["conv"], lw), DIM), *_cells(co, cw, {i}, start=k - 1)], 0),
    ]
    if torch_rows:
        same = np.allclose(st.conv1d, xc)
        samef = np.allclose(st.conv1d_flipped, co)
        for label, got, start, ok, yes, no in (("conv1d(x,w)", st.conv1d, 0, same, "same_corr", "not_corr"),
                                               ("conv1d(x,fw)", st.conv1d_flipped, k - 1, samef, "same_conv",
                                                "not_conv")):
            row = [(lab(label, lw), DIM), *_cells(got, cw, start=start)]
            verdict = (" " + t[yes] if ok else " " + t[no], GOOD if ok else BAD)
            used = sum(text_cells(s) for s, _ in row)
            if used + text_cells(verdict[0]) <= width:
                items.append(([*row, verdict], 0))
            else:  # the verdict on a line of its own: it is never the part cut off
                items += [(row, 0), ([(" " * lw, ""), (verdict[0].strip(), verdict[1])], 0)]
    else:
        items += [(line, 0) for line in wrapped(t["torch_wait"], DIM, width)]
    items += [([], 2), ([(t["move"], DIM)], 1)]
    return fit_height(items, height)


# ------------------------------------------------------------ view 3
def view_size(st: ConvState, width: int, height: int) -> Block:
    t = words(st)
    sh = st.shape
    rows = [("n", t["input"], sh.n), ("k", t["kernel"], sh.k), ("s", t["stride"], sh.s),
            ("p", t["padding"], sh.p), ("d", t["dilation"], sh.d)]
    nw = max(text_cells(name) for _, name, _ in rows) + 1
    items: list[tuple[list[Run], int]] = [([(t["size_t"], TITLE)], 0), ([], 3)]
    for key, name, v in rows:
        items.append(([(f"{key} {lab(name, nw)}", ""), (f"{v:>5}", "bold #ffd75f"),
                       (f"   {key} +1  {key.upper()} −1", DIM)], 0))
    items.append(([], 3))
    items += [(line, 0) for line in wrapped("out = ⌊(n + 2p − d(k−1) − 1) / s⌋ + 1", "", width, indent="      ")]
    try:
        size = cv.output_size(sh.n, sh.k, sh.s, sh.p, sh.d)
    except ValueError as exc:
        items += [(line, 0) for line in wrapped(t["no_output"].format(e=exc), BAD, width)]
        return fit_height(items, height)
    num = sh.n + 2 * sh.p - sh.d * (sh.k - 1) - 1
    formula = f"= ⌊({sh.n} + {2 * sh.p} − {sh.d * (sh.k - 1)} − 1) / {sh.s}⌋ + 1 = ⌊{num}/{sh.s}⌋ + 1 ="
    items += [(line, 0) for line in wrapped(formula, "", width, str(size), "bold #5fd75f", indent="  ", lead="    ")]
    if st.torch_sizes is not None:
        l1, l2 = st.torch_sizes
        ok1, ok2 = l1 == size, l2 == size
        first = [(t["returns"], DIM), (str(l1), ""), (" ✓" if ok1 else " ✗", GOOD if ok1 else BAD)]
        second = [] if l2 is None else [(t["conv2d_on"].format(n=sh.n).lstrip(" ·"), DIM), (f"{l2}×{l2}", ""),
                                        (" ✓" if ok2 else " ✗", GOOD if ok2 else BAD)]
        if not second:
            items.append((first, 0))
        elif sum(text_cells(s) for s, _ in first + second) + 3 <= width:
            items.append(([*first, (" · ", DIM), *second], 0))
        else:  # each check on its own line: a ✓ or ✗ is never cut
            items += [(first, 0), (second, 0)]
    else:
        items.append(([(t["check_wait"], DIM)], 0))
    items.append(([], 2))
    # the input cells and the receptive field of the first output, for small inputs
    span = sh.d * (sh.k - 1) + 1
    total = sh.n + 2 * sh.p
    rw = max(text_cells(t["in_row"]), text_cells(t["starts"])) + 1
    if total <= width - rw:
        cells = [("░" if j < sh.p or j >= sh.p + sh.n else "▒", DIM) for j in range(total)]
        for tap in range(sh.k):
            cells[tap * sh.d] = ("█", "#ff875f")
        items.append(([(lab(t["in_row"], rw), DIM), *cells], 0))
        marks = [(" ", "")] * total
        for o in range(size):
            j = o * sh.s
            if j < total:
                marks[j] = ("▲", "#5fd75f" if j + span <= total else BAD)
        items.append(([(lab(t["starts"], rw), DIM), *marks], 0))
        items += [(line, 1) for line in wrapped(t["legend"].format(n=size), DIM, width)]
    else:
        items += [(line, 1) for line in wrapped(t["too_long"], DIM, width)]
    items.append(([], 2))
    items += [(line, 1) for line in wrapped(t["examples"], DIM, width)]
    return fit_height(items, height)


#: each view's name in render's header line ([page.title])
TITLES = {lang: {int(v): name for v, name in titles.items()}
          for lang, titles in tables("conv", "page.title").items()}
VIEWS = {1: view_learned, 2: view_corr, 3: view_size}


def picture(st: ConvState, width: int, height: int) -> Block:
    tabs: list[Run] = []
    for v, name in words(st)["tabs"].items():
        tabs.append((f" {name} ", "bold reverse" if v == st.view else DIM))
    body = VIEWS[st.view](st, width, height - 2)
    return finish([tabs, [], *body], width, height)


# ------------------------------------------------------------ render
@dataclass(frozen=True)
class ConvArgs:
    """render conv's (and ``nn-explorer conv``'s) state, checked: the view,
    the 1-D window's position, the calculator's shape, the training steps
    of view 1 (trained when drawn)."""

    view: int = 1
    pos: int = 0
    shape: cv.ConvShape = field(default_factory=cv.ConvShape)
    steps: int = 0
    seed: int = 0
    lang: str = "en"


def parse_state(*, step: int | None, dataset: str | None, width: int | None, seed: int,
                options: dict[str, str]) -> ConvArgs:
    """The state asked for, checked (one-line RenderError): nothing is trained."""
    lang = take_lang(options)
    vals = {key: whole(key, text) for key, text in options.items()}
    view = vals.get("view", 1)
    if view not in VIEWS:
        raise RenderError(f"view must be 1, 2 or 3, not {view}")
    shape = replace(cv.ConvShape(), **{k: vals[k] for k in "nkspd" if k in vals})
    try:
        shape.check()
    except ValueError as exc:
        raise RenderError(str(exc)) from None
    last = len(cv.EXAMPLE_X) - len(cv.EXAMPLE_W)
    pos = within("pos", vals.get("pos", 0), 0, last)
    steps = within("steps", vals.get("steps", cv.TrainConfig().steps), 1, 5000)
    return ConvArgs(view=view, pos=pos, shape=shape, steps=steps, seed=seed, lang=lang)


def draw(args: ConvArgs, size: tuple[int, int]) -> Block:
    """The picture of a checked state; view 1 trains its networks first (on the CPU, one thread)."""
    st = ConvState(view=args.view, pos=args.pos, shape=args.shape, torch_ready=True, lang=args.lang)
    fill_torch(st)
    if args.view == 1:
        run = cv.one_thread_compare(seed=args.seed, cfg=replace(cv.TrainConfig(), steps=args.steps))
        if not run.done:
            raise RenderError(f"conv: {run.message}")
        st.comparison = run.value
    return page(st, *size)


def page(st: ConvState, width: int, height: int) -> Block:
    """What ``render conv`` prints for a state: a header line, then the
    picture. The screen's ``e`` draws its text with this too."""
    lang = st.lang if st.lang in TITLES else "en"
    head = text("conv", "page.head", lang, view=st.view, title=TITLES[lang][st.view])
    return [[(pad_cells(head, width), "bold")]] + picture(st, width, height - 1)


def fill_torch(st: ConvState, device: str = "cpu") -> None:
    """The numbers only torch can give: conv1d on the example, the lengths
    conv1d and conv2d return for the calculator's shape."""
    st.conv1d = cv.torch_conv1d(cv.EXAMPLE_X, cv.EXAMPLE_W, device)
    st.conv1d_flipped = cv.torch_conv1d(cv.EXAMPLE_X, cv.EXAMPLE_W[::-1].copy(), device)
    sh = st.shape
    try:
        cv.output_size(sh.n, sh.k, sh.s, sh.p, sh.d)
        # conv2d on n×n, where that stays cheap; above, only conv1d is checked (and said)
        side = cv.torch_output_size(sh.n, sh.k, sh.s, sh.p, sh.d, dims=2) if sh.n <= 512 else None
        st.torch_sizes = (cv.torch_output_size(sh.n, sh.k, sh.s, sh.p, sh.d), side)
    except (ValueError, RuntimeError):
        st.torch_sizes = None


__all__ = ["ConvState", "picture", "page", "draw", "parse_state", "fill_torch", "bitmap_size", "width_of"]
