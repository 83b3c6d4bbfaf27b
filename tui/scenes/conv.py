"""What the conv lesson draws, as text runs (shared by the screen and
``nn-explorer render conv``): 1 = learned kernels beside the hand-made
templates and accuracy at every shift, 2 = convolution against
cross-correlation in 1-D, 3 = the output-size calculator."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np
from rich.cells import cell_len

from models import conv as cv
from models import motif2d as m
from tui.canvas import Run
from tui.scenes.motif2d import (DIM, GOOD, BAD, Block, bitmap_size, finish, hstack, template_tile, width_of,
                                wrap_cells)

POS = "#ff875f"
NEG = "#5f87ff"
WINDOW = "bold #000000 on #ffd75f"
TITLE = "bold"


@dataclass
class ConvState:
    view: int = 1
    pos: int = 0  # the window's position in the 1-D example
    shape: cv.ConvShape = field(default_factory=cv.ConvShape)
    comparison: cv.Comparison | None = None
    torch_ready: bool = False
    message: str = ""  # view 1 while nothing is trained yet
    conv1d: np.ndarray | None = None  # torch's conv1d(x, w) on the example, once torch is in
    conv1d_flipped: np.ndarray | None = None
    torch_sizes: tuple[int, int] | None = None  # conv1d length, conv2d side, for the shape
    lang: str = "en"


WORDS = {
    "en": {"readout": "what the read-out sees", "readout_note": " (global max of each kernel, centred letters)",
           "hand": "hand-made templates (3×3, motif2d)", "press": "press r to train",
           "learned": "learned kernels (5×5, convnet)", "signs": "  orange +  blue −",
           "acc": "accuracy at every shift", "cols": " ({n} columns: dx {a}…{b})", "convnet": "convnet",
           "fc": "fully c.",
           "note": "convnet: {cp} weights, trained on shifted letters. fully connected: {fp} weights, trained on "
                   "centred letters ({c:.0f}% there).",
           "xcorr_t": "cross-correlation  y_i = Σ_j w_j x_(i+j)", "conv_t": "convolution  y_i = Σ_j w_j x_(i−j)",
           "flipped": " (w flipped)", "xcorr": "cross-corr.", "conv": "convolution", "same_corr": "= corr ✓",
           "not_corr": "≠ corr ✗", "same_conv": "= conv ✓", "not_conv": "≠ conv ✗",
           "torch_wait": "torch.nn.functional.conv1d: loading PyTorch…", "move": "←/→ move the window",
           "size_t": "output size of a convolution", "input": "input", "kernel": "kernel", "stride": "stride",
           "padding": "padding", "dilation": "dilation", "no_output": "no output: {e}",
           "returns": "torch conv1d returns ", "conv2d_on": " · conv2d on {n}×{n}: ",
           "check_wait": "torch check: loading PyTorch…", "in_row": "input ", "starts": "starts",
           "legend": "░ padding  ▒ input  █ first output's kernel taps  ▲ where each of the {n} outputs starts",
           "too_long": "(the input is drawn when n + 2p fits the width)",
           "examples": "examples: n=100, k=5 → 96 at stride 1, 48 at stride 2",
           "tabs": {1: "1 learned", 2: "2 conv/corr", 3: "3 output size"}},
    "ko": {"readout": "읽기 층이 보는 값", "readout_note": " (가운데 글자에서 각 커널의 전역 최댓값)",
           "hand": "손으로 만든 템플릿 (3×3, motif2d)", "press": "r을 눌러 학습",
           "learned": "학습된 커널 (5×5, 합성곱 신경망)", "signs": "  주황 +  파랑 −",
           "acc": "모든 이동에서의 정확도", "cols": " (열 {n}개: dx {a}…{b})", "convnet": "합성곱",
           "fc": "완전연결",
           "note": "합성곱 신경망: 가중치 {cp}개, 옮긴 글자로 학습. 완전 연결: 가중치 {fp}개, 가운데 글자로 학습 "
                   "(거기서는 {c:.0f}%).",
           "xcorr_t": "교차상관  y_i = Σ_j w_j x_(i+j)", "conv_t": "합성곱  y_i = Σ_j w_j x_(i−j)",
           "flipped": " (w 뒤집음)", "xcorr": "교차상관", "conv": "합성곱", "same_corr": "= 교차상관 ✓",
           "not_corr": "≠ 교차상관 ✗", "same_conv": "= 합성곱 ✓", "not_conv": "≠ 합성곱 ✗",
           "torch_wait": "torch.nn.functional.conv1d: PyTorch 불러오는 중…", "move": "←/→ 창 옮기기",
           "size_t": "합성곱의 출력 크기", "input": "입력", "kernel": "커널", "stride": "보폭",
           "padding": "패딩", "dilation": "팽창", "no_output": "출력 없음: {e}",
           "returns": "torch conv1d 결과 ", "conv2d_on": " · {n}×{n}에 conv2d: ",
           "check_wait": "torch 확인: PyTorch 불러오는 중…", "in_row": "입력", "starts": "시작",
           "legend": "░ 패딩  ▒ 입력  █ 첫 출력의 커널 탭  ▲ 출력 {n}개 각각의 시작",
           "too_long": "(n + 2p가 너비에 들어가면 입력을 그린다)",
           "examples": "예: n=100, k=5 → 보폭 1에서 96, 보폭 2에서 48",
           "tabs": {1: "1 학습", 2: "2 합성곱/상관", 3: "3 출력 크기"}},
}


def words(st: ConvState) -> dict:
    return WORDS.get(st.lang, WORDS["en"])


def lab(text: str, n: int) -> str:
    """Left-justified to n terminal cells (Korean letters are two cells wide)."""
    return text + " " * max(0, n - cell_len(text))


# ------------------------------------------------------------ view 1
def _shade(v: float, vmax: float) -> str:
    """A colour between blue (negative), black (0) and orange (positive)."""
    t = max(-1.0, min(1.0, v / vmax if vmax > 0 else 0.0))
    r0, g0, b0 = (0xff, 0x87, 0x5f) if t > 0 else (0x5f, 0x87, 0xff)
    a = abs(t)
    return f"#{int(r0 * a):02x}{int(g0 * a):02x}{int(b0 * a):02x}"


def kernel_tile(k: np.ndarray, cw: int, ch: int, label: str) -> Block:
    vmax = float(np.abs(k).max()) or 1.0
    out: Block = []
    for r in range(k.shape[0]):
        line: list[Run] = []
        for c in range(k.shape[1]):
            v = float(k[r, c])
            ch_ = "█" if abs(v) >= 0.5 * vmax else ("▓" if abs(v) >= 0.2 * vmax else "░")
            line.append((ch_ * cw, _shade(v, vmax)))
        out.extend([list(line) for _ in range(ch)])
    out.append([(label, DIM)])
    return out


def accuracy_strip(by_dx: dict[int, float], cw: int) -> list[Run]:
    runs: list[Run] = []
    for dx in sorted(by_dx):
        a = by_dx[dx]
        ch_, style = ("█", "#5fd75f") if a >= 0.98 else (("▓", "#ffd75f") if a >= 0.6 else ("░", "#ff5f5f"))
        runs.append((ch_ * cw, style))
    return runs


def features_block(c: cv.Comparison, cw: int, w: dict) -> Block:
    """Each kernel's global max on each centred letter: what the linear layer reads."""
    f = c.features
    vmax = float(f.max()) or 1.0
    out: Block = [[(w["readout"], TITLE), (w["readout_note"], DIM)]]
    out.append([("   ", ""), *[(f"k{i + 1}".ljust(cw), DIM) for i in range(f.shape[1])]])
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
    out: Block = [[(w["hand"], TITLE)]]
    for i in range(0, len(hand), per):
        out.extend(hstack(hand[i:i + per], tw - (6 if big else 3)))
    c = st.comparison
    if c is None:
        out.append([])
        for line in wrap_cells(st.message or w["press"], width):
            out.append([(line, "bold #ffd75f")])
        return out
    ks = cv.kernels(c.conv)
    # the largest kernel drawing that leaves room for the accuracy lines (and the features, when tall)
    show_features = height - len(out) >= 40
    left = height - len(out) - 8 - (7 if show_features else 0)
    for cw, chh in ((4, 2), (2, 1), (1, 1)):
        kper = max(1, (width + 1) // (5 * cw + 1))
        rows = -(-len(ks) // kper)
        if rows * (5 * chh + 1) <= left or cw == 1:
            break
    tiles = [kernel_tile(k, cw, chh, f"k{i + 1}") for i, k in enumerate(ks)]
    out.append([(w["learned"], TITLE), (w["signs"], DIM)])
    for i in range(0, len(tiles), kper):
        out.extend(hstack(tiles[i:i + kper], 1))
    out.append([])
    out.append([(w["acc"], TITLE), (w["cols"].format(n=len(c.conv_by_dx), a=min(c.conv_by_dx),
                                                     b=f"{max(c.conv_by_dx):+d}"), DIM)])
    scw = max(1, min(6, (width - 16) // max(len(c.conv_by_dx), 1)))
    out.append([(lab(w["convnet"], 9), ""), *accuracy_strip(c.conv_by_dx, scw),
                (f" {100 * c.conv_acc:.1f}%", GOOD if c.conv_acc >= 0.98 else BAD)])
    out.append([(lab(w["fc"], 9), ""), *accuracy_strip(c.fc_by_dx, scw),
                (f" {100 * c.fc_acc:.1f}%", GOOD if c.fc_acc >= 0.98 else BAD)])
    note = w["note"].format(cp=c.conv_params, fp=c.fc_params, c=100 * c.fc_centred_acc)
    if c.status != "done":
        note += f" [{c.status}]"
    for line in wrap_cells(note, width):
        out.append([(line, DIM)])
    if show_features:
        out.append([])
        out.extend(features_block(c, max(4, min(8, (width - 4) // len(ks))), w))
    return out


# ------------------------------------------------------------ view 2
def _cells(values, hi: set[int] | None = None, style: str = "") -> list[Run]:
    runs: list[Run] = []
    for i, v in enumerate(values):
        text = f"{v:g}".rjust(3) + " "
        runs.append((text, WINDOW if hi and i in hi else style))
    return runs


def view_corr(st: ConvState, width: int, height: int) -> Block:
    t = words(st)
    x, w = cv.EXAMPLE_X, cv.EXAMPLE_W
    k = len(w)
    last = len(x) - k
    i = max(0, min(st.pos, last))
    xc = cv.cross_correlate1d(x, w)
    co = cv.convolve1d(x, w)
    window = set(range(i, i + k))
    pad = [("    " * i, "")]
    prod = " + ".join(f"{a:g}·{b:g}" for a, b in zip(w, x[i:i + k]))
    fw = w[::-1]
    prodf = " + ".join(f"{a:g}·{b:g}" for a, b in zip(fw, x[i:i + k]))
    out: Block = [
        [(t["xcorr_t"], TITLE)],
        [("x       ", DIM), *_cells(x, window)],
        [("w       ", DIM), *pad, *_cells(w, style="bold #ff875f")],
        [(f"y[{i}] = {prod} = {xc[i]:g}", "")],
        [],
        [(t["conv_t"], TITLE), (t["flipped"], DIM)],
        [("x       ", DIM), *_cells(x, window)],
        [("flip(w) ", DIM), *pad, *_cells(fw, style="bold #5f87ff")],
        [(f"y[{i + k - 1}] = {prodf} = {co[i]:g}", "")],
        [],
        [(lab(t["xcorr"], 13), DIM), *_cells(xc, {i})],
        [(lab(t["conv"], 13), DIM), *_cells(co, {i})],
    ]
    if st.conv1d is not None and st.conv1d_flipped is not None:
        same = np.allclose(st.conv1d, xc)
        samef = np.allclose(st.conv1d_flipped, co)
        out += [
            [("conv1d(x,w)  ", DIM), *_cells(st.conv1d),
             (t["same_corr"] if same else t["not_corr"], GOOD if same else BAD)],
            [("conv1d(x,fw) ", DIM), *_cells(st.conv1d_flipped),
             (t["same_conv"] if samef else t["not_conv"], GOOD if samef else BAD)],
        ]
    else:
        out.append([(t["torch_wait"], DIM)])
    out.append([])
    out.append([(t["move"], DIM)])
    return out


# ------------------------------------------------------------ view 3
def view_size(st: ConvState, width: int, height: int) -> Block:
    t = words(st)
    sh = st.shape
    rows = [("n", t["input"], sh.n), ("k", t["kernel"], sh.k), ("s", t["stride"], sh.s),
            ("p", t["padding"], sh.p), ("d", t["dilation"], sh.d)]
    out: Block = [[(t["size_t"], TITLE)], []]
    for key, name, v in rows:
        out.append([(f"{key} {lab(name, 9)}", ""), (f"{v:>5}", "bold #ffd75f"), (f"   {key} +1  {key.upper()} −1", DIM)])
    out.append([])
    out.append([("out = ⌊(n + 2p − d(k−1) − 1) / s⌋ + 1", "")])
    try:
        size = cv.output_size(sh.n, sh.k, sh.s, sh.p, sh.d)
    except ValueError as exc:
        for line in wrap_cells(t["no_output"].format(e=exc), width):
            out.append([(line, BAD)])
        return out
    num = sh.n + 2 * sh.p - sh.d * (sh.k - 1) - 1
    out.append([(f"    = ⌊({sh.n} + {2 * sh.p} − {sh.d * (sh.k - 1)} − 1) / {sh.s}⌋ + 1 = ⌊{num}/{sh.s}⌋ + 1 = ",
                 ""), (str(size), "bold #5fd75f")])
    if st.torch_sizes is not None:
        l1, l2 = st.torch_sizes
        ok1, ok2 = l1 == size, l2 == size
        out.append([(t["returns"], DIM), (str(l1), ""), (" ✓" if ok1 else " ✗", GOOD if ok1 else BAD),
                    (t["conv2d_on"].format(n=sh.n), DIM), (f"{l2}×{l2}", ""),
                    (" ✓" if ok2 else " ✗", GOOD if ok2 else BAD)])
    else:
        out.append([(t["check_wait"], DIM)])
    out.append([])
    # the input cells and the receptive field of the first output, for small inputs
    span = sh.d * (sh.k - 1) + 1
    total = sh.n + 2 * sh.p
    if total <= width - 8:
        cells = [("░" if j < sh.p or j >= sh.p + sh.n else "▒", DIM) for j in range(total)]
        for tap in range(sh.k):
            cells[tap * sh.d] = ("█", "#ff875f")
        out.append([(lab(t["in_row"], 7), DIM), *cells])
        marks = [(" ", "")] * total
        for o in range(size):
            j = o * sh.s
            if j < total:
                marks[j] = ("▲", "#5fd75f" if j + span <= total else BAD)
        out.append([(lab(t["starts"], 7), DIM), *marks])
        for line in wrap_cells(t["legend"].format(n=size), width):
            out.append([(line, DIM)])
    else:
        out.append([(t["too_long"], DIM)])
    out.append([])
    out.append([(t["examples"], DIM)])
    return out


TITLES = {1: "learned templates", 2: "convolution against cross-correlation", 3: "output size"}
VIEWS = {1: view_learned, 2: view_corr, 3: view_size}


def picture(st: ConvState, width: int, height: int) -> Block:
    tabs: list[Run] = []
    for v, name in words(st)["tabs"].items():
        tabs.append((f" {name} ", "bold reverse" if v == st.view else DIM))
    body = VIEWS[st.view](st, width, height - 2)
    return finish([tabs, [], *body], width, height)


# ------------------------------------------------------------ render
def render(*, step: int | None, size: tuple[int, int], seed: int, dataset: str | None, width: int | None,
           options: dict[str, str] | None = None) -> Block:
    from tui.render import RenderError

    if step is not None or dataset is not None or width is not None:
        raise RenderError("conv takes no --step, --dataset or --width (use -o view=1|2|3, -o n=100 ...)")
    options = dict(options or {})
    known = {"view", "pos", "n", "k", "s", "p", "d", "steps"}
    unknown = sorted(set(options) - known)
    if unknown:
        raise RenderError(f"unknown option {unknown[0]!r} for conv (options: {', '.join(sorted(known))})")
    vals: dict[str, int] = {}
    for key in options:
        try:
            vals[key] = int(options[key])
        except ValueError:
            raise RenderError(f"{key} must be a whole number, not {options[key]!r}") from None
    view = vals.get("view", 1)
    if view not in VIEWS:
        raise RenderError(f"view must be 1, 2 or 3, not {view}")
    shape = replace(cv.ConvShape(), **{k: vals[k] for k in "nkspd" if k in vals})
    try:
        shape.check()
    except ValueError as exc:
        raise RenderError(str(exc)) from None
    last = len(cv.EXAMPLE_X) - len(cv.EXAMPLE_W)
    pos = vals.get("pos", 0)
    if not 0 <= pos <= last:
        raise RenderError(f"pos must be between 0 and {last}, not {pos}")
    steps = vals.get("steps", cv.TrainConfig().steps)
    if not 1 <= steps <= 5000:
        raise RenderError(f"steps must be between 1 and 5000, not {steps}")
    st = ConvState(view=view, pos=pos, shape=shape, torch_ready=True)
    fill_torch(st)
    if view == 1:
        st.comparison = cv.one_thread_compare(seed=seed, cfg=replace(cv.TrainConfig(), steps=steps))
    w, h = size
    head = f"conv · view {view}: {TITLES[view]}"
    return [[(head, "bold")]] + picture(st, w, h - 1)


def fill_torch(st: ConvState, device: str = "cpu") -> None:
    """The numbers only torch can give: conv1d on the example, the lengths
    conv1d and conv2d return for the calculator's shape."""
    st.conv1d = cv.torch_conv1d(cv.EXAMPLE_X, cv.EXAMPLE_W, device)
    st.conv1d_flipped = cv.torch_conv1d(cv.EXAMPLE_X, cv.EXAMPLE_W[::-1].copy(), device)
    sh = st.shape
    try:
        cv.output_size(sh.n, sh.k, sh.s, sh.p, sh.d)
        n2 = min(sh.n, 512)  # conv2d on n×n: keep the check cheap
        side = cv.torch_output_size(n2, sh.k, sh.s, sh.p, sh.d, dims=2) if n2 == sh.n else \
            cv.torch_output_size(sh.n, sh.k, sh.s, sh.p, sh.d)
        st.torch_sizes = (cv.torch_output_size(sh.n, sh.k, sh.s, sh.p, sh.d), side)
    except (ValueError, RuntimeError):
        st.torch_sizes = None


__all__ = ["ConvState", "picture", "render", "fill_torch", "bitmap_size", "width_of"]
