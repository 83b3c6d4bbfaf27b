"""The Width lesson: why are 2-neuron layers hard to train? Train hundreds of
seeds at once, per width and depth, and compare their success rates."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.worker import Worker, WorkerState, get_current_worker

from models.data import DATASETS, TITLES, make_dataset
from models.width import CellResult, SweepConfig
from tui.scenes.width import SweepState, foldable
from tui.screens.lesson import LessonScreen
from tui.widgets.width_chart import SweepChart

WIDTH_PRESETS = ((2, 3, 4, 8, 16), (2, 4, 8), (2, 3, 4, 8), (2, 8), (2, 4, 8, 16, 32))
DEPTH_PRESETS = ((4,), (2, 4, 6), (1, 2, 4), (6,), (2,))
SEED_PRESETS = (10, 20, 50, 100, 200, 500)
STEP_PRESETS = (250, 500, 1000, 2000)  # scaled by settings.train_steps / 2000 (tests train less)

#: the last sweep, kept while the app runs: opening a seed in the Fold lesson
#: and coming back (or leaving and reopening the lesson) shows it again
_LAST: dict[str, object] = {}


class WidthScreen(LessonScreen):
    lesson_key = "width"

    BINDINGS = [
        Binding("r", "run", "Run", tooltip="Train every cell of the sweep (Esc cancels, finished cells stay)"),
        Binding("d", "cycle_dataset", "Data", tooltip="Next data set"),
        Binding("w", "cycle_widths", "Widths", tooltip="Widths to compare: 2,3,4,8,16 · 2,4,8 · …"),
        Binding("D", "cycle_depths", "Depths", key_display="D", tooltip="Depths to compare: 4 · 2,4,6 · …"),
        Binding("plus,equals", "seeds(1)", "Seeds+", key_display="+", tooltip="More seeds per cell"),
        Binding("minus", "seeds(-1)", "Seeds−", key_display="-", show=False, tooltip="Fewer seeds per cell"),
        Binding("s", "cycle_steps", "Steps", tooltip="Training steps: 250, 500, 1000, 2000"),
        Binding("up", "select_cell(-1)", "Cell up", key_display="↑", show=False, tooltip="Select the cell above"),
        Binding("down", "select_cell(1)", "Cell down", key_display="↓", show=False,
                tooltip="Select the cell below"),
        Binding("left", "select_seed(-1)", "Seed back", key_display="←", show=False,
                tooltip="Previous failed seed of the selected cell"),
        Binding("right", "select_seed(1)", "Seed", key_display="→", show=False,
                tooltip="Next failed seed of the selected cell"),
        Binding("o,enter", "open_seed", "Open in Fold", key_display="o",
                tooltip="Open the selected failed seed in the Fold lesson (enter: the same; runs first if "
                        "nothing is trained)"),
        *LessonScreen.BINDINGS,
    ]

    #: seeds per cell on first open (tests lower it)
    default_seeds = 100

    def __init__(self) -> None:
        super().__init__()
        self.dataset = "circles"
        self.widths_index = 0
        self.depths_index = 0
        self.seeds = self.default_seeds
        self.steps_index = 2
        self.state: SweepState | None = None
        self.sweep: Worker | None = None
        self.pending_train = False
        self._last_progress = (0, 1)

    # ------------------------------------------------------------- compose
    def compose_main(self) -> ComposeResult:
        yield SweepChart(id="chart")

    @property
    def chart(self) -> SweepChart:
        return self.query_one("#chart", SweepChart)

    def on_mount(self) -> None:
        self.watch(self.app, "torch_status", self._on_torch_status, init=False)
        last = _LAST.get("state")
        if isinstance(last, SweepState):
            cfg = last.config
            self.dataset = cfg.dataset
            self.seeds = cfg.seeds
            self.widths_index = _index_of(WIDTH_PRESETS, cfg.widths)
            self.depths_index = _index_of(DEPTH_PRESETS, cfg.depths)
            self.state = last
            self.state.running = None
            self.state.lang = self.lang
        else:
            self.state = SweepState(self.config(), lang=self.lang)
        self.chart.set_state(self.state)
        self._set_title()
        self.refresh_status()

    # -------------------------------------------------------------- config
    @property
    def steps(self) -> int:
        scale = self.app.settings.train_steps / 2000
        return max(1, round(STEP_PRESETS[self.steps_index] * scale))

    def config(self) -> SweepConfig:
        return SweepConfig(dataset=self.dataset, widths=WIDTH_PRESETS[self.widths_index],
                           depths=DEPTH_PRESETS[self.depths_index], seeds=self.seeds, steps=self.steps,
                           lr=self.app.settings.train_lr, data_seed=self.app.settings.seed)

    def export_state(self) -> dict | None:
        """``render width`` re-runs the sweep with the same settings (they are
        seeded, so the same numbers come out) and shows the selected cell with
        its first failed seed: a finished sweep, in English, can be re-made."""
        st = self.state
        if st is None or self.running or st.cancelled or len(st.cells) != len(st.config.cells) or st.seed_index:
            return None
        cfg = st.config
        if cfg.lr != 1e-2 or cfg.n_points != SweepConfig().n_points or self.lang != "en":
            return None
        options = {"seeds": str(cfg.seeds), "steps": str(cfg.steps), "widths": ",".join(map(str, cfg.widths)),
                   "depths": ",".join(map(str, cfg.depths))}
        return {"dataset": cfg.dataset, "width": cfg.cells[st.selected][0] if st.selected else None,
                "options": options, "seed": cfg.data_seed}

    @property
    def running(self) -> bool:
        return self.sweep is not None and self.sweep.is_running

    @property
    def ready(self) -> bool:
        """For the snapshot tests: nothing left to fill in."""
        return not self.running and not self.pending_train

    def _set_title(self) -> None:
        self.chart.border_title = f"Width · {TITLES[self.dataset]}"

    def refresh_status(self) -> None:
        cfg = self.config()
        torch_line = {"idle": "", "loading": "PyTorch: loading…", "ready": f"PyTorch: {self.app.device_name}",
                      "failed": "[red]PyTorch failed to load[/]"}[self.app.torch_status]
        depths = ",".join(map(str, cfg.depths))
        self.set_status(f"[b]{cfg.dataset}[/b] · widths {','.join(map(str, cfg.widths))} · depth {depths} · "
                        f"[b]{cfg.seeds}[/b] seeds · {cfg.steps} steps · {torch_line}")

    def _config_changed(self) -> None:
        """A new setting: the shown result no longer matches it, so start clean
        (a sweep in training keeps going for its own settings)."""
        if self.running:
            self.notify("A sweep is running: Esc cancels it first (the finished cells are kept).", timeout=3)
            self.refresh_status()
            return
        self.state = SweepState(self.config(), lang=self.lang)
        _LAST.pop("state", None)
        self.chart.set_state(self.state)
        self._set_title()
        self.refresh_status()

    # ------------------------------------------------------------- actions
    def action_cycle_dataset(self) -> None:
        if self.running:
            self._config_changed()
            return
        self.dataset = DATASETS[(DATASETS.index(self.dataset) + 1) % len(DATASETS)]
        self._config_changed()

    def action_cycle_widths(self) -> None:
        if not self.running:
            self.widths_index = (self.widths_index + 1) % len(WIDTH_PRESETS)
        self._config_changed()

    def action_cycle_depths(self) -> None:
        if not self.running:
            self.depths_index = (self.depths_index + 1) % len(DEPTH_PRESETS)
        self._config_changed()

    def action_seeds(self, delta: int) -> None:
        if not self.running:
            presets = sorted(set(SEED_PRESETS) | {self.seeds, self.default_seeds})
            i = presets.index(self.seeds)
            self.seeds = presets[max(0, min(len(presets) - 1, i + delta))]
        self._config_changed()

    def action_cycle_steps(self) -> None:
        if not self.running:
            self.steps_index = (self.steps_index + 1) % len(STEP_PRESETS)
        self._config_changed()

    def action_select_cell(self, delta: int) -> None:
        st = self.state
        if st is None:
            return
        st.selected = (st.selected + delta) % len(st.config.cells)
        st.seed_index = 0
        self.chart.redraw()

    def action_select_seed(self, delta: int) -> None:
        st = self.state
        cell = st.selected_cell if st else None
        if cell is None or not cell.failed_seeds:
            return
        st.seed_index = (min(st.seed_index, len(cell.failed_seeds) - 1) + delta) % len(cell.failed_seeds)
        self.chart.redraw()

    def action_open_seed(self) -> None:
        st = self.state
        if st is None:
            return
        cell = st.selected_cell
        if cell is None:
            if not st.cells and not self.running:
                self.action_run()  # enter on an empty screen runs the sweep
            else:
                self.notify("This cell is not trained yet.", timeout=3)
            return
        seed = st.selected_seed
        if seed is None:
            self.notify("Every seed of this cell reached 95 %: nothing failed here.", timeout=3)
            return
        if not foldable(cell.width, cell.depth):
            self.notify(f"The Fold lesson shows widths 2, 3, 4 and 8 at depth 4; this network has width "
                        f"{cell.width}, depth {cell.depth}.", severity="warning", timeout=5)
            return
        from tui.screens.fold import FoldScreen

        data = make_dataset(cell.dataset, st.config.n_points, st.config.data_seed)
        weights = cell.weights(seed)
        note = f"seed {seed} from the width sweep"
        self.app.push_screen(FoldScreen(start=(weights, data, note), back_to_caller=True))

    def action_back(self) -> None:
        if self.running:
            self.sweep.cancel()
            self.notify("Sweep cancelled: the finished cells are kept.", timeout=3)
            return
        if self.pending_train:
            self.pending_train = False
            self.show_progress(False)
            return
        super().action_back()

    # ------------------------------------------------------------- the sweep
    def action_run(self) -> None:
        if self.running:
            self.notify("A sweep is already running: Esc cancels it.", timeout=2)
            return
        self.show_progress(True)
        if not self.torch_or_wait():
            return
        cfg = self.config()
        self.state = SweepState(cfg, running=0, lang=self.lang)
        _LAST.pop("state", None)
        self.chart.set_state(self.state)
        self._set_title()
        self.set_progress(0, cfg.total_steps, f"training {cfg.total_steps // cfg.steps} networks…")
        self.sweep = self._run_sweep(cfg)

    def _on_torch_status(self, status: str) -> None:
        if status == "ready" and self.pending_train:
            self.pending_train = False
            self.action_run()
        elif status == "failed" and self.pending_train:
            self.pending_train = False
            self.show_progress(False)
        self.refresh_status()

    @work(thread=True, exclusive=True, group="width-sweep", exit_on_error=False)
    def _run_sweep(self, cfg: SweepConfig):
        import time

        from models.width import run_sweep

        worker = get_current_worker()
        last = [0.0]

        def progress(done: int, total: int) -> None:
            now = time.monotonic()
            if not worker.is_cancelled and (now - last[0] > 0.1 or done == total):
                last[0] = now
                self.app.call_from_thread(self._report, done, total)

        def on_cell(cell: CellResult) -> None:
            if not worker.is_cancelled:
                self.app.call_from_thread(self._cell_done, cfg, cell)

        return run_sweep(cfg, device=self.app.device_name, on_progress=progress, on_cell=on_cell,
                         should_stop=lambda: worker.is_cancelled)

    def _report(self, done: int, total: int) -> None:
        st = self.state
        if st is None or st.running is None:
            return
        per_cell = st.config.seeds * st.config.steps
        st.running = min(done // per_cell, len(st.config.cells) - 1)
        st.running_frac = (done - st.running * per_cell) / per_cell
        self.set_progress(done, total, f"{100 * done / total:.0f}% · cell {st.running + 1} of "
                                       f"{len(st.config.cells)} · Esc cancels, keeps finished cells")
        self.chart.redraw()

    def _cell_done(self, cfg: SweepConfig, cell: CellResult) -> None:
        st = self.state
        if st is None or st.config != cfg:
            return
        st.cells.append(cell)
        st.running = len(st.cells) if len(st.cells) < len(cfg.cells) else None
        st.running_frac = 0.0
        self.chart.redraw()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if worker is not self.sweep:
            return
        st = self.state
        if event.state in (WorkerState.SUCCESS, WorkerState.ERROR, WorkerState.CANCELLED):
            self.show_progress(False)
            if st is not None:
                st.running = None
                st.cancelled = len(st.cells) < len(st.config.cells)
                _LAST["state"] = st
                self.chart.redraw()
        if event.state == WorkerState.ERROR:
            self.notify(f"The sweep failed: {worker.error}", severity="error", timeout=8)

    def on_lang_changed(self) -> None:
        super().on_lang_changed()
        if self.state is not None:
            self.state.lang = self.lang
            self.chart.redraw()


def _index_of(presets: tuple, value: tuple) -> int:
    return presets.index(value) if value in presets else 0
