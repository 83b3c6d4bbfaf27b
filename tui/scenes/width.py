"""What the Width lesson draws: the sweep as text (bars, histograms, the
failed seeds), built as lines of (text, style) runs.

Shared by the lesson screen and by ``nn-explorer render width``, so both show
the same thing. numpy only (no torch, no Textual).
"""

from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass, field

import numpy as np

from models.width import SUCCESS, CellResult, SweepConfig
from tui.canvas import Run

BAR_STYLE = "#6bdc6b"
BAR_EMPTY_STYLE = "#3a3a3a"
FAIL_STYLE = "#ff8c42"
DIM = "#8a8a8a"
SELECTED = "bold"
EIGHTHS = " ▏▎▍▌▋▊▉█"  # horizontal: 0..8 eighths of a cell
RISE = " ▁▂▃▄▅▆▇█"  # vertical: 0..8 eighths of a cell

LABELS = {
    "en": {
        "header": "success (final accuracy ≥ 95%)",
        "merged": "merged", "to95": "→95%", "waiting": "waiting", "training": "training",
        "cell": "width {w}, depth {d}: {n} of {s} seeds reached 95%",
        "failed": "failed seeds (←/→ pick, o opens in Fold):", "failed_short": "failed seeds (←/→ pick):",
        "nofail": "no failed seed in this cell",
        "notyet": "width {w}, depth {d}: not trained yet",
        "acc": "final accuracy", "steps": "steps to 95%", "share": "share of points merged",
        "never": "never", "empty": "Press r to train {n} networks ({c} cells × {s} seeds), all seeds at once.",
        "cancelled": "cancelled: the cells above were finished, the rest were not trained",
        "foldable": "o: open in Fold", "notfoldable": "Fold shows widths 2, 3, 4, 8 at depth 4 only",
    },
    "ko": {
        "header": "성공률 (최종 정확도 ≥ 95%)",
        "merged": "합쳐짐", "to95": "→95%", "waiting": "대기", "training": "학습 중",
        "cell": "너비 {w}, 깊이 {d}: 시드 {s}개 중 {n}개가 95%에 도달",
        "failed": "실패한 시드 (←/→ 선택, o 접기 수업에서 열기):", "failed_short": "실패한 시드 (←/→ 선택):",
        "nofail": "이 칸에는 실패한 시드가 없다",
        "notyet": "너비 {w}, 깊이 {d}: 아직 학습하지 않음",
        "acc": "최종 정확도", "steps": "95%까지 걸린 단계", "share": "합쳐진 점의 비율",
        "never": "도달 못함",
        "empty": "r을 누르면 신경망 {n}개({c}칸 × 시드 {s}개)를 한꺼번에 학습한다.",
        "cancelled": "취소됨: 위의 칸들은 끝났고, 나머지는 학습하지 않았다",
        "foldable": "o: 접기 수업에서 열기",
        "notfoldable": "접기 수업은 깊이 4의 너비 2, 3, 4, 8만 보여 준다",
    },
}

FOLD_WIDTHS = (2, 3, 4, 8)  # what the Fold lesson can show (its pretrained widths)
FOLD_DEPTH = 4


def foldable(width: int, depth: int) -> bool:
    return width in FOLD_WIDTHS and depth == FOLD_DEPTH


@dataclass
class SweepState:
    config: SweepConfig
    cells: list[CellResult] = field(default_factory=list)  # finished, in config.cells order
    running: int | None = None  # index (in config.cells) of the cell in training
    running_frac: float = 0.0
    selected: int = 0  # index in config.cells
    seed_index: int = 0  # index into the selected cell's failed seeds
    cancelled: bool = False
    lang: str = "en"

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
    return [(text, style), ("░" * (width - len(text)), BAR_EMPTY_STYLE)]


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
    With one line, a one-row sparkline after the title."""
    n = len(counts)
    if height <= 2:
        head = f"{title} "
        spark_w = n
        room = width - len(head) - len(lo_label) - len(hi_label) - len(note) - 3
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
    axis = lo_label + " " * max(1, axis_w - len(lo_label) - len(hi_label)) + hi_label
    lines.append([(" " + axis, DIM)])
    return lines


# ------------------------------------------------------------------ the picture


def sweep_lines(state: SweepState, width: int, height: int) -> list[list[Run]]:
    """The whole lesson picture for a box of ``width`` x ``height`` cells."""
    L = LABELS.get(state.lang, LABELS["en"])
    cfg = state.config
    cells = cfg.cells
    multi_depth = len(cfg.depths) > 1
    lines: list[list[Run]] = []
    label_w = 6 if multi_depth else 3
    tail_w = 6 + 8 + 6  # " 100%" + " merged" + " →95%"
    bar_w = max(4, min(60, width - label_w - 2 - tail_w))
    head = "w×d" if multi_depth else "w"
    lines.append([(f" {head:>{label_w}} ", DIM), (L["header"][:bar_w + 5].ljust(bar_w + 6), DIM),
                  (f"{L['merged']:>7} {L['to95']:>5}", DIM)])
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
        elif state.running == i:
            row += hbar(state.running_frac, bar_w, DIM)
            row += [(f" {L['training']} {100 * state.running_frac:.0f}%"[: tail_w], DIM)]
        else:
            row += [("·" * bar_w, BAR_EMPTY_STYLE), (f" {L['waiting']}"[: tail_w], DIM)]
        lines.append(row)
    if state.cancelled:
        lines.append([(L["cancelled"][:width], FAIL_STYLE)])
    lines.append([("", "")])
    cell = state.selected_cell
    if cell is None:
        if not state.cells and state.running is None:
            n = len(cells) * cfg.seeds
            for part in textwrap.wrap(L["empty"].format(n=n, c=len(cells), s=cfg.seeds), max(width, 10)):
                lines.append([(part, "")])
        elif 0 <= state.selected < len(cells):
            w, d = cells[state.selected]
            lines.append([(L["notyet"].format(w=w, d=d), DIM)])
        return _fit(lines, width, height)
    n_ok = int(cell.success.sum())
    lines.append([(L["cell"].format(w=cell.width, d=cell.depth, n=n_ok, s=len(cell.seeds)), "bold")])
    lines += _seed_lines(state, cell, L, width)
    room = height - len(lines) - 1
    if room >= 3:
        lines.append([("", "")])
        lines += _histograms(state, cell, L, width, room)
    return _fit(lines, width, height)


def _seed_lines(state: SweepState, cell: CellResult, L: dict, width: int) -> list[list[Run]]:
    failed = cell.failed_seeds
    if not failed:
        return [[(L["nofail"], DIM)]]
    k = min(state.seed_index, len(failed) - 1)
    note = L["foldable"] if foldable(cell.width, cell.depth) else L["notfoldable"]
    out = [[(L["failed"] if foldable(cell.width, cell.depth) else L["failed_short"], DIM)]]
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
    out.append([(f"seed {seed}: {100 * cell.final_accuracy[i]:.1f}%, "
                 f"{100 * cell.merged_share[i]:.0f}% merged" + (f", 95% at step {s95}" if s95 >= 0 else ""), DIM)])
    if not foldable(cell.width, cell.depth):
        out.append([(note, FAIL_STYLE)])
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
                runs = p[r] if r < len(p) else []
                used = sum(len(t) for t, _ in runs)
                row += runs + [(" " * max(0, col_w - used + 2), "")]
            out.append(row)
        return out
    per = room // 3
    out = []
    for t, c, lo, hi, st, note in blocks:
        h = min(per, 10) if per >= 4 else 1
        out += hist_block(t, c, lo, hi, st, width, h, note)
    return out


def _fit(lines: list[list[Run]], width: int, height: int) -> list[list[Run]]:
    """Clip every line to ``width`` cells and the list to ``height`` lines."""
    out = []
    for runs in lines[:max(height, 0)]:
        clipped: list[Run] = []
        used = 0
        for text, style in runs:
            if used >= width:
                break
            text = text[: width - used]
            clipped.append((text, style))
            used += len(text)
        if used < width:
            clipped.append((" " * (width - used), ""))
        out.append(clipped)
    while len(out) < height:
        out.append([(" " * width, "")])
    return out


# ------------------------------------------------------------------ nn-explorer render width

RENDER_DEFAULTS = {"seeds": 20, "steps": 300}


def render(*, step: int | None, size: tuple[int, int], seed: int, dataset: str | None, width: int | None,
           options: dict[str, str] | None = None) -> list[list[Run]]:
    """Run a (small, by default) sweep and draw it as the screen does.

    Options: seeds=N (default 20), steps=N (default 300), widths=2,3,4,8,16,
    depths=4. ``--width`` picks the cell whose details are shown."""
    from models.width import MAX_SEEDS, MAX_STEPS, run_sweep
    from tui.render import RenderError

    options = dict(options or {})
    if step is not None:
        raise RenderError("the width lesson has no steps to choose (use -o seeds=N -o steps=N)")
    unknown = set(options) - {"seeds", "steps", "widths", "depths"}
    if unknown:
        raise RenderError(f"unknown option(s) for width: {', '.join(sorted(unknown))} "
                          "(choose from seeds, steps, widths, depths)")

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
                      depths=ints("depths", "4"), seeds=seeds[0], steps=steps[0], data_seed=seed)
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
    import torch

    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        result = run_sweep(cfg)
    finally:
        torch.set_num_threads(threads)
    state = SweepState(cfg, result.cells, selected=selected)
    w, h = size
    title = (f"Width · {cfg.dataset} · {cfg.seeds} seeds per cell · {cfg.steps} Adam steps (lr {cfg.lr:g}) · "
             f"depth {','.join(map(str, cfg.depths))}")
    return [[(title[:w], "bold")]] + sweep_lines(state, w, h - 1)
