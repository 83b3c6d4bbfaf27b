"""What the Width lesson draws: the sweep as text (bars, histograms, the
failed seeds), built as lines of (text, style) runs.

Shared by the lesson screen and by ``nn-explorer render width``, so both show
the same thing. numpy only (no torch, no Textual).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from models.width import SUCCESS, CellResult, SweepConfig
from tui.canvas import Run, cut_cells, pad_cells, text_cells, wrap_cells
from tui.words import tables
from tui.render import RenderError
from tui.state import take_lang

BAR_STYLE = "#6bdc6b"
BAR_EMPTY_STYLE = "#3a3a3a"
FAIL_STYLE = "#ff8c42"
DIM = "#8a8a8a"
SELECTED = "bold"
EIGHTHS = " ▏▎▍▌▋▊▉█"  # horizontal: 0..8 eighths of a cell
RISE = " ▁▂▃▄▅▆▇█"  # vertical: 0..8 eighths of a cell

#: the chart's words (assets/words/width.toml [labels])
LABELS = tables("width", "labels")

FOLD_WIDTHS = (2, 3, 4, 8)  # what the Fold lesson can show (its pretrained widths)
FOLD_DEPTH = 4


def foldable(width: int, depth: int) -> bool:
    return width in FOLD_WIDTHS and depth == FOLD_DEPTH


def labels(lang: str) -> dict[str, str]:
    return LABELS.get(lang, LABELS["en"])


def dataset_title(name: str, lang: str) -> str:
    from tui.words import has, text

    return text("app", f"datasets.{name}", lang) if has("app", f"datasets.{name}") else name


def describe(cfg: SweepConfig, lang: str, only: tuple[str, ...] | None = None) -> str:
    """The settings of a sweep in words ("circles · widths 2,4 · depth 4 ·
    100 seeds · 1000 steps"); ``only`` keeps some of the fields (dataset,
    widths, depths, seeds, steps)."""
    L = labels(lang)
    parts = {"dataset": cfg.dataset,
             "widths": L["f_widths"].format(v=",".join(map(str, cfg.widths))),
             "depths": L["f_depths"].format(v=",".join(map(str, cfg.depths))),
             "seeds": L["f_seeds"].format(v=cfg.seeds), "steps": L["f_steps"].format(v=cfg.steps),
             "activation": L["f_activation"].format(v=cfg.activation)}
    # the activation is named where it is not the lecture's ReLU, or where it is what differs
    return " · ".join(v for k, v in parts.items()
                      if (only is None and (k != "activation" or cfg.activation != "relu"))
                      or (only is not None and k in only))


def differing(a: SweepConfig, b: SweepConfig) -> tuple[str, ...]:
    """The fields of ``describe`` in which two sweeps differ."""
    return tuple(k for k in ("dataset", "widths", "depths", "seeds", "steps", "activation")
                 if getattr(a, k) != getattr(b, k))


@dataclass
class SweepState:
    """One sweep as the lesson draws it: its settings, the cells finished so
    far, and while it trains, how far each cell in training has got."""

    config: SweepConfig
    cells: list[CellResult] = field(default_factory=list)  # finished, in config.cells order
    running: bool = False  # a sweep is training these cells now
    #: cells in training (index in config.cells) -> share of their network-steps done; with
    #: several workers two or more cells train at the same time
    training: dict[int, float] = field(default_factory=dict)
    selected: int = 0  # index in config.cells
    seed_index: int = 0  # index into the selected cell's failed seeds
    cancelled: bool = False
    lang: str = "en"
    device: str = "cpu"  # where the cells were trained

    @property
    def complete(self) -> bool:
        return len(self.cells) == len(self.config.cells)

    def cell_at(self, index: int) -> CellResult | None:
        if not 0 <= index < len(self.config.cells):
            return None
        w, d = self.config.cells[index]
        return next((c for c in self.cells if (c.width, c.depth) == (w, d)), None)

    @property
    def selected_cell(self) -> CellResult | None:
        return self.cell_at(self.selected)

    @property
    def selected_seed(self) -> int | None:
        cell = self.selected_cell
        if cell is None:
            return None
        failed = cell.failed_seeds
        if not failed:
            return None
        return failed[min(self.seed_index, len(failed) - 1)]


# ------------------------------------------------------------------ pieces


def hbar(frac: float, width: int, style: str) -> list[Run]:
    """A horizontal bar filling ``frac`` of ``width`` cells, in eighths."""
    width = max(width, 1)
    eighths = int(round(max(0.0, min(1.0, frac)) * width * 8))
    full, part = divmod(eighths, 8)
    text = "█" * full + (EIGHTHS[part] if part else "")
    return [(text, style), ("░" * (width - text_cells(text)), BAR_EMPTY_STYLE)]


def histogram(counts: np.ndarray, height: int, col_width: int, styles: list[str]) -> list[list[Run]]:
    """Vertical bars, one column of ``col_width`` cells per bin, ``height`` rows."""
    top = max(int(counts.max()) if len(counts) else 0, 1)
    levels = [int(round(c / top * height * 8)) for c in counts]
    lines = []
    for row in range(height - 1, -1, -1):
        runs: list[Run] = []
        for lv, st in zip(levels, styles):
            e = max(0, min(8, lv - row * 8))
            ch = RISE[e] if lv > 0 or row > 0 else RISE[0]
            if lv > 0 and row == 0 and e == 0:
                ch = RISE[1]
            runs.append((ch * max(col_width - 1, 1) + (" " if col_width > 1 else ""), st))
        lines.append(runs)
    return lines


def _bins_accuracy(cell: CellResult, n_classes_lo: float) -> tuple[np.ndarray, np.ndarray]:
    lo = n_classes_lo
    edges = np.round(np.arange(lo, 1.0 + 1e-9, 0.05), 6)
    if edges[-1] < 1.0:
        edges = np.append(edges, 1.0)
    counts = np.histogram(np.clip(cell.final_accuracy, lo, 1.0), bins=edges)[0]
    return counts, edges


def hist_block(title: str, counts: np.ndarray, lo_label: str, hi_label: str, styles: list[str],
               width: int, height: int, note: str = "") -> list[list[Run]]:
    """Title line, bars, axis line; ``height`` counts all of them (>= 1).
    With one line, a one-row sparkline after the title. Widths in cells."""
    n = len(counts)
    if height <= 2:
        head = f"{title} "
        spark_w = n
        room = width - text_cells(head) - text_cells(lo_label) - text_cells(hi_label) - text_cells(note) - 3
        if room < spark_w:
            head = ""
        line: list[Run] = [(head, DIM), (lo_label + "▕", DIM)]
        line += [(r, s) for r, s in histogram(counts, 1, 1, styles)[0]]
        line += [("▏" + hi_label, DIM)]
        if note:
            line.append((" " + note, DIM))
        return [line]
    col = max(1, min(6, (width - 2) // max(n, 1)))
    bars_h = height - 2
    lines: list[list[Run]] = [[(title + (f"  {note}" if note else ""), "bold")]]
    for runs in histogram(counts, bars_h, col, styles):
        lines.append([(" ", "")] + runs)
    axis_w = n * col
    axis = lo_label + " " * max(1, axis_w - text_cells(lo_label) - text_cells(hi_label)) + hi_label
    lines.append([(" " + axis, DIM)])
    return lines


def _wrapped(text: str, style: str, width: int) -> list[list[Run]]:
    """A sentence on as many lines of ``width`` cells as it needs (never cut)."""
    return [[(part, style)] for part in wrap_cells(text, max(width, 10))]


# ------------------------------------------------------------------ the picture


def sweep_lines(state: SweepState, width: int, height: int,
                next_config: SweepConfig | None = None) -> list[list[Run]]:
    """The whole lesson picture for a box of ``width`` x ``height`` cells.
    ``next_config``: the settings the next run will use, when they are not
    the drawn sweep's; a line above the bars then says which is which."""
    L = labels(state.lang)
    cfg = state.config
    cells = cfg.cells
    multi_depth = len(cfg.depths) > 1
    lines: list[list[Run]] = []
    if next_config is not None and next_config != cfg:
        diff = differing(cfg, next_config)
        lines += _wrapped(L["other"].format(shown=describe(cfg, state.lang, diff),
                                            next=describe(next_config, state.lang, diff)), FAIL_STYLE, width)
    label_w = 6 if multi_depth else 3
    tail_w = 6 + 8 + 6  # " 100%" + " merged" + " →95%"
    bar_w = max(4, min(60, width - label_w - 2 - tail_w))
    head = "w×d" if multi_depth else "w"
    header = L["header"] if text_cells(L["header"]) <= bar_w + 5 else L["header_short"]
    lines.append([(" " + pad_cells(head, label_w, "right") + " ", DIM),
                  (pad_cells(cut_cells(header, bar_w + 5), bar_w + 6), DIM),
                  (pad_cells(L["merged"], 7, "right") + " " + pad_cells(L["to95"], 5, "right"), DIM)])
    for i, (w, d) in enumerate(cells):
        cell = state.cell_at(i)
        mark = "▶" if i == state.selected else " "
        label = f"{w}×{d}" if multi_depth else f"{w}"
        row: list[Run] = [(mark, "bold #ffffff" if i == state.selected else ""),
                          (f"{label:>{label_w}} ", SELECTED if i == state.selected else "")]
        if cell is not None:
            rate = cell.success_rate
            row += hbar(rate, bar_w, BAR_STYLE)
            med = cell.median_steps_to_95
            med_s = "—" if math.isnan(med) else f"{med:.0f}"
            row += [(f" {100 * rate:>4.0f}%", "bold" if i == state.selected else ""),
                    (f" {100 * cell.merged_share.mean():>6.0f}%", ""), (f" {med_s:>5}", "")]
        elif state.running and i in state.training:
            frac = state.training[i]
            row += hbar(frac, bar_w, DIM)
            row += [(cut_cells(f" {L['training']} {100 * frac:.0f}%", tail_w), DIM)]
        else:
            row += [("·" * bar_w, BAR_EMPTY_STYLE), (cut_cells(f" {L['waiting']}", tail_w), DIM)]
        lines.append(row)
    if state.cancelled:
        lines += _wrapped(L["cancelled"], FAIL_STYLE, width)
    lines.append([("", "")])
    cell = state.selected_cell
    if cell is None:
        if not state.cells and not state.running:
            n = len(cells) * cfg.seeds
            lines += _wrapped(L["empty"].format(n=n, c=len(cells), s=cfg.seeds), "", width)
        elif 0 <= state.selected < len(cells):
            w, d = cells[state.selected]
            lines += _wrapped(L["notyet"].format(w=w, d=d), DIM, width)
        return _fit(lines, width, height)
    n_ok = int(cell.success.sum())
    lines += _wrapped(L["cell"].format(w=cell.width, d=cell.depth, n=n_ok, s=len(cell.seeds)), "bold", width)
    lines += _seed_lines(state, cell, L, width)
    room = height - len(lines) - 1
    if room >= 3:
        lines.append([("", "")])
        lines += _histograms(state, cell, L, width, room)
    return _fit(lines, width, height)


def _seed_lines(state: SweepState, cell: CellResult, L: dict, width: int) -> list[list[Run]]:
    failed = cell.failed_seeds
    if not failed:
        return _wrapped(L["nofail"], DIM, width)
    k = min(state.seed_index, len(failed) - 1)
    note = L["foldable"] if foldable(cell.width, cell.depth) else L["notfoldable"]
    out = _wrapped(L["failed"] if foldable(cell.width, cell.depth) else L["failed_short"], DIM, width)
    # a window of seeds around the selected one, on one line
    texts = [str(s) for s in failed]
    lo = k
    used = len(texts[k]) + 2
    hi = k + 1
    budget = max(width - 4, 10)
    while True:
        grew = False
        if hi < len(texts) and used + len(texts[hi]) + 1 <= budget:
            used += len(texts[hi]) + 1
            hi += 1
            grew = True
        if lo > 0 and used + len(texts[lo - 1]) + 1 <= budget:
            used += len(texts[lo - 1]) + 1
            lo -= 1
            grew = True
        if not grew:
            break
    row: list[Run] = [("‹" if lo > 0 else " ", DIM)]
    for j in range(lo, hi):
        style = "reverse bold" if j == k else FAIL_STYLE
        row.append((f"{texts[j]}", style))
        row.append((" ", ""))
    row.append(("›" if hi < len(texts) else "", DIM))
    out.append(row)
    seed = failed[k]
    i = cell.index_of(seed)
    s95 = int(cell.step_to_95[i])
    detail = L["seed"].format(seed=seed, acc=100 * cell.final_accuracy[i], merged=100 * cell.merged_share[i])
    if s95 >= 0:
        detail += L["seed95"].format(step=s95)
    out += _wrapped(detail, DIM, width)
    if not foldable(cell.width, cell.depth):
        out += _wrapped(note, FAIL_STYLE, width)
    return out


def _histograms(state: SweepState, cell: CellResult, L: dict, width: int, room: int) -> list[list[Run]]:
    n_classes_lo = 0.5 if cell.head is None else 0.3
    acc_counts, edges = _bins_accuracy(cell, n_classes_lo)
    acc_styles = [BAR_STYLE if e >= SUCCESS - 1e-9 else FAIL_STYLE for e in edges[:-1]]
    steps = state.config.steps
    reached = cell.step_to_95[cell.step_to_95 >= 0]
    step_counts = np.histogram(reached, bins=10, range=(0, steps))[0]
    never = int((cell.step_to_95 < 0).sum())
    merged_counts = np.histogram(cell.merged_share, bins=10, range=(0.0, 1.0))[0]
    blocks = [
        (L["acc"], acc_counts, f"{100 * n_classes_lo:.0f}%", "100%", acc_styles, ""),
        (L["steps"], step_counts, "0", f"{steps}", [BAR_STYLE] * 10, f"{L['never']}: {never}"),
        (L["share"], merged_counts, "0%", "100%", [FAIL_STYLE] * 10, ""),
    ]
    side_by_side = width >= 100
    if side_by_side:
        col_w = (width - 4) // 3
        h = min(room, 18)
        parts = [hist_block(t, c, lo, hi, st, col_w, h, note) for t, c, lo, hi, st, note in blocks]
        out = []
        for r in range(max(len(p) for p in parts)):
            row: list[Run] = []
            for p in parts:
                runs = _cut_runs(p[r], col_w) if r < len(p) else []
                used = sum(text_cells(t) for t, _ in runs)
                row += runs + [(" " * max(0, col_w - used + 2), "")]
            out.append(row)
        return out
    per = room // 3
    out = []
    for t, c, lo, hi, st, note in blocks:
        h = min(per, 10) if per >= 4 else 1
        out += hist_block(t, c, lo, hi, st, width, h, note)
    return out


def _cut_runs(runs: list[Run], width: int) -> list[Run]:
    """The runs cut to at most ``width`` terminal cells."""
    out: list[Run] = []
    used = 0
    for text, style in runs:
        if used >= width:
            break
        text = cut_cells(text, width - used)
        out.append((text, style))
        used += text_cells(text)
    return out


def _fit(lines: list[list[Run]], width: int, height: int) -> list[list[Run]]:
    """Every line exactly ``width`` cells (cut or padded), ``height`` lines."""
    out = []
    for runs in lines[:max(height, 0)]:
        clipped = _cut_runs(runs, width)
        used = sum(text_cells(t) for t, _ in clipped)
        if used < width:
            clipped.append((" " * (width - used), ""))
        out.append(clipped)
    while len(out) < height:
        out.append([(" " * width, "")])
    return out


# ------------------------------------------------------------------ nn-explorer render width

RENDER_DEFAULTS = {"seeds": 20, "steps": 300}


@dataclass(frozen=True)
class WidthArgs:
    """render width's (and ``nn-explorer width``'s) state, checked: the
    sweep's settings and the cell selected (trained when drawn)."""

    config: SweepConfig
    selected: int = 0
    lang: str = "en"


def parse_state(*, step: int | None, dataset: str | None, width: int | None, seed: int,
                options: dict[str, str]) -> WidthArgs:
    """The state asked for, checked (one-line RenderError): nothing is trained."""
    from models.width import MAX_SEEDS, MAX_STEPS
    lang = take_lang(options)

    def ints(key: str, default: str) -> tuple[int, ...]:
        text = options.get(key, default)
        try:
            return tuple(int(p) for p in text.split(","))
        except ValueError:
            raise RenderError(f"{key} must be whole numbers separated by commas, not {text!r}") from None

    seeds = ints("seeds", str(RENDER_DEFAULTS["seeds"]))
    steps = ints("steps", str(RENDER_DEFAULTS["steps"]))
    if len(seeds) != 1 or len(steps) != 1:
        raise RenderError("seeds and steps take one number each")
    if not 1 <= seeds[0] <= MAX_SEEDS or not 1 <= steps[0] <= MAX_STEPS:
        raise RenderError(f"seeds must be 1 to {MAX_SEEDS} and steps 1 to {MAX_STEPS}")
    cfg = SweepConfig(dataset=dataset or "circles", widths=ints("widths", "2,3,4,8,16"),
                      depths=ints("depths", "4"), seeds=seeds[0], steps=steps[0], data_seed=seed,
                      activation=options.get("activation", "relu"))
    try:
        cfg.check()
    except ValueError as exc:
        raise RenderError(str(exc)) from None
    selected = 0
    if width is not None:
        matches = [i for i, (w, _d) in enumerate(cfg.cells) if w == width]
        if not matches:
            raise RenderError(f"width {width} is not in the sweep (widths {','.join(map(str, cfg.widths))})")
        selected = matches[0]
    return WidthArgs(cfg, selected, lang)


def draw(args: WidthArgs, size: tuple[int, int]) -> list[list[Run]]:
    """Run a (small, by default) sweep and draw it as the screen does.

    Options: seeds=N (default 20), steps=N (default 300), widths=2,3,4,8,16,
    depths=4, activation=relu|leaky|tanh. ``--width`` picks the cell whose details are shown."""
    from models.width import run_sweep

    cfg, selected, lang = args.config, args.selected, args.lang
    import torch

    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        result = run_sweep(cfg).value
    finally:
        torch.set_num_threads(threads)
    return picture(cfg, result.cells, selected, size, lang)


def picture(cfg: SweepConfig, cells: list[CellResult], selected: int, size: tuple[int, int],
            lang: str = "en") -> list[list[Run]]:
    """What ``render width`` prints for a finished sweep: a title line naming
    its settings, then the lesson's picture (the selected cell's first
    failed seed). The screen's ``e`` draws its text with it too, from the
    cells it has already trained."""
    state = SweepState(cfg, list(cells), selected=selected, lang=lang)
    w, h = size
    title = labels(lang)["page"].format(dataset=cfg.dataset, seeds=cfg.seeds, steps=cfg.steps,
                                        rate=f"{cfg.lr:g}", depths=",".join(map(str, cfg.depths)))
    if cfg.activation != "relu":
        title += labels(lang)["page_activation"].format(v=cfg.activation)
    return [[(cut_cells(title, w), "bold")]] + sweep_lines(state, w, h - 1)
