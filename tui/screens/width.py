"""The Width lesson: why are 2-neuron layers hard to train? Train hundreds of
seeds at once, per width and depth, and compare their success rates."""

from __future__ import annotations

from textual.app import ComposeResult

from models.fold.datasets import DATASETS, make_dataset
from models.width import CellResult, SweepConfig
from tui.scenes.width import (FAIL_STYLE, SweepState, dataset_title, describe, differing, foldable, picture,
                              sweep_lines)
from tui.screens.lesson import LessonScreen, TrainingJob, next_option
from tui.widgets.lines import LinesView
from tui.words import tables

WIDTH_PRESETS = ((2, 3, 4, 8, 16), (2, 4, 8), (2, 3, 4, 8), (2, 8), (2, 4, 8, 16, 32))
DEPTH_PRESETS = ((4,), (2, 4, 6), (1, 2, 4), (6,), (2,))
SEED_PRESETS = (10, 20, 50, 100, 200, 500)
STEP_PRESETS = (250, 500, 1000, 2000)  # scaled by settings.train_steps / 2000 (tests train less)

#: the status line and the notices, in both languages (assets/words/width.toml [screen])
TEXT = tables("width", "screen")


class WidthScreen(LessonScreen):
    lesson_key = "width"

    DEFAULT_CSS = """
    WidthScreen #chart {
        border: round $primary;
        border-title-color: $text;
        padding: 0 1;
    }
    """

    #: seeds per cell on first open (tests lower it)
    default_seeds = 100

    def __init__(self) -> None:
        super().__init__()
        self.dataset = "circles"
        self.widths_index = 0
        self.depths_index = 0
        self.seeds = self.default_seeds
        self.steps_index = 2
        self.activation = "relu"
        #: the sweep drawn; the settings above are those of the next run, and may differ
        self.state: SweepState | None = None
        self.sweep_state: SweepState | None = None  # the sweep the worker trains
        self._rerun_armed: SweepConfig | None = None

    # ------------------------------------------------------------- compose
    def compose_main(self) -> ComposeResult:
        yield LinesView(id="chart")

    @property
    def chart(self) -> LinesView:
        """The sweep drawn (success bars, histograms, failed seeds) by
        ``tui.scenes.width.sweep_lines``; ``chart.redraw()`` after the
        sweep changes repaints the lines that changed."""
        return self.query_one("#chart", LinesView)

    @property
    def text(self) -> dict:
        return TEXT.get(self.lang, TEXT["en"])

    # ------------------------------------------------------ session memory
    @property
    def sweeps(self) -> dict[SweepConfig, SweepState]:
        """Every sweep run in this session, finished or cancelled part-way,
        by its settings: changing a setting and changing it back finds its
        sweep again, and so does leaving the lesson and coming back (or
        opening a seed in Fold)."""
        return self.kept.setdefault("sweeps", {})

    _SETTINGS = ("dataset", "widths_index", "depths_index", "seeds", "steps_index", "activation")

    def _save_settings(self) -> None:
        self.kept["settings"] = {k: getattr(self, k) for k in self._SETTINGS}

    def on_mount(self) -> None:
        if self.open_asked_state():
            return
        for key, value in self.kept.get("settings", {}).items():
            setattr(self, key, value)
        state = self.sweeps.get(self.kept.get("shown")) or self.sweeps.get(self.config())
        if state is None:
            state = SweepState(self.config(), lang=self.lang)
        elif state.running:  # its sweep stopped when the screen that ran it closed
            state.running = False
            state.training = {}
            state.cancelled = not state.complete
        self._show(state)

    # -------------------------------------------------------------- config
    @property
    def steps(self) -> int:
        scale = self.app.settings.train_steps / 2000
        return max(1, round(STEP_PRESETS[self.steps_index] * scale))

    #: (the key settings when it was asked for, the sweep's settings) of ``render width``'s state:
    #: the next run's settings until a key changes one
    _asked: tuple[tuple, SweepConfig] | None = None
    _asked_cell = 0  # the cell selected once the asked sweep has run

    def _key_settings(self) -> tuple:
        return tuple(getattr(self, k) for k in self._SETTINGS)

    def apply_state(self, state) -> None:
        """Open on ``render width``'s state (tui.scenes.width.WidthArgs): run
        that sweep (its widths, depths, seeds, steps, activation, on its data
        set), as r runs one, with the cell of --width selected; a key that
        changes a setting goes back to the key's presets."""
        cfg = state.config
        self.dataset, self.seeds, self.activation = cfg.dataset, cfg.seeds, cfg.activation
        self._asked = (self._key_settings(), cfg)
        self._asked_cell = state.selected
        self._save_settings()
        self._show(SweepState(cfg, selected=state.selected, lang=self.lang))
        self.call_after_refresh(self.action_run)

    def config(self) -> SweepConfig:
        """The settings of the next run (the keys d, w, D, +/-, s)."""
        if self._asked is not None and self._asked[0] == self._key_settings():
            return self._asked[1]
        return SweepConfig(dataset=self.dataset, widths=WIDTH_PRESETS[self.widths_index],
                           depths=DEPTH_PRESETS[self.depths_index], seeds=self.seeds, steps=self.steps,
                           lr=self.app.settings.train_lr, data_seed=self.app.settings.seed,
                           activation=self.activation)

    def export_state(self) -> dict | None:
        """The ``render width`` arguments that draw the sweep shown (a
        finished one, in English, with the selected cell's first failed
        seed; -o lang=ko in Korean): render re-runs it with the same seeds, so the same numbers
        come out. ``e`` itself draws from the cells already trained."""
        st = self.state
        if st is None or st.running or st.cancelled or not st.complete or st.seed_index:
            return None
        cfg = st.config
        if (cfg.lr != 1e-2 or cfg.n_points != SweepConfig().n_points or cfg.first_seed != 0
                or st.device != "cpu"):
            return None
        width = cfg.cells[st.selected][0] if st.selected else None
        # render shows the first cell of that width: another depth of it cannot be named
        if width is not None and [w for w, _d in cfg.cells].index(width) != st.selected:
            return None
        options = {"seeds": str(cfg.seeds), "steps": str(cfg.steps), "widths": ",".join(map(str, cfg.widths)),
                   "depths": ",".join(map(str, cfg.depths))}
        if cfg.activation != "relu":
            options["activation"] = cfg.activation
        if self.lang != "en":
            options["lang"] = self.lang
        return {"dataset": cfg.dataset, "width": width, "options": options, "seed": cfg.data_seed}

    def export_plot(self):
        """The chart: ``e`` saves the picture at the size it has on screen
        (its text drawn by the scene, so Hangul is cut by cells, not by
        characters)."""
        return self.chart

    def export_lines(self, size: tuple[int, int], state: dict, seed: int):
        """What ``render width`` prints for the shown sweep, drawn from its
        trained cells with render's own scene function: nothing is trained
        again (tests/test_export.py checks the two are the same text)."""
        expected = self.export_state()
        if expected is None or expected.pop("seed") != seed or expected != state:
            return None  # not the sweep drawn: save the chart as shown rather than train anything
        st = self.state
        return picture(st.config, st.cells, st.selected, size, self.lang)

    @property
    def running(self) -> bool:
        return self.is_training

    @property
    def ready(self) -> bool:
        """For the snapshot tests: nothing left to fill in."""
        return not self.running and not self.pending_train

    # ------------------------------------------------------------- drawing
    def _show(self, state: SweepState) -> None:
        """Draw ``state`` (a sweep, or an empty one for the settings)."""
        self.state = state
        state.lang = self.lang
        self.kept["shown"] = state.config
        self._redraw()

    def _redraw(self) -> None:
        cfg = self.config()
        state, next_config = self.state, None if cfg == self.state.config else cfg
        # (without the scene's empty runs: the chart has always been drawn without them)
        self.chart.set_builder(lambda w, h: [[run for run in line if run[0]]
                                             for line in sweep_lines(state, w, h, next_config)])
        self.chart.border_title = self.text["title"].format(title=dataset_title(self.state.config.dataset,
                                                                                 self.lang))
        self.refresh_status()

    def refresh_status(self) -> None:
        """The settings of the sweep drawn, and where the next run's differ,
        those too: the status line never names settings the cells are not for."""
        T = self.text
        shown = self.state.config if self.state is not None else self.config()
        torch_line = self.torch_line(("loading", "ready", "failed"))
        line = T["status"].format(dataset=shown.dataset, widths=",".join(map(str, shown.widths)),
                                  depths=",".join(map(str, shown.depths)), seeds=shown.seeds, steps=shown.steps)
        if shown.activation != "relu":
            line += " · " + describe(shown, self.lang, ("activation",))
        nxt = self.config()
        if nxt != shown:
            diff = describe(nxt, self.lang, differing(shown, nxt))
            line = f"{T['shown']}{line} · {T['next'].format(warn=FAIL_STYLE, diff=diff)}"
        self.set_status(f"{line} · {torch_line}")

    def _settings_changed(self) -> None:
        """A new setting: its own sweep if one was run this session; else the
        drawn sweep stays, and the chart and the status line say that it is
        for other settings (r runs the new ones)."""
        self._save_settings()
        self._rerun_armed = None
        cfg = self.config()
        kept = self.sweeps.get(cfg)
        if kept is not None:
            self._show(kept)
        elif not self.state.cells:  # nothing trained on screen: show the new settings' empty cells
            self._show(SweepState(cfg, lang=self.lang))
        else:
            self._redraw()

    def _change(self, **settings) -> None:
        """Change the sweep's settings; refused (and said) while a sweep runs:
        it keeps its own."""
        if self.running:
            self.notify(self.text["locked"], timeout=3)
            return
        for name, value in settings.items():
            setattr(self, name, value)
        self._settings_changed()

    # ------------------------------------------------------------- actions
    def action_cycle_dataset(self) -> None:
        self._change(dataset=next_option(DATASETS, self.dataset))

    def action_cycle_widths(self) -> None:
        self._change(widths_index=(self.widths_index + 1) % len(WIDTH_PRESETS))

    def action_cycle_depths(self) -> None:
        self._change(depths_index=(self.depths_index + 1) % len(DEPTH_PRESETS))

    def action_seeds(self, delta: int) -> None:
        presets = sorted(set(SEED_PRESETS) | {self.seeds, self.default_seeds})
        i = presets.index(self.seeds)
        self._change(seeds=presets[max(0, min(len(presets) - 1, i + delta))])

    def action_cycle_steps(self) -> None:
        self._change(steps_index=(self.steps_index + 1) % len(STEP_PRESETS))

    def action_cycle_activation(self) -> None:
        from models.fold import ACTIVATIONS

        self._change(activation=next_option(ACTIVATIONS, self.activation))

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
                self.notify(self.text["untrained"], timeout=3)
            return
        seed = st.selected_seed
        if seed is None:
            self.notify(self.text["allok"], timeout=3)
            return
        if not foldable(cell.width, cell.depth):
            self.notify(self.text["nofold"].format(w=cell.width, d=cell.depth), severity="warning", timeout=5)
            return
        from tui.screens.fold import FoldScreen

        # the drawn sweep's own data: the network was trained on it
        data = make_dataset(cell.dataset, st.config.n_points, st.config.data_seed)
        weights = cell.weights(seed)
        note = self.text["note"].format(seed=seed)
        self.app.push_screen(FoldScreen(start=(weights, data, note), back_to_caller=True))

    # ------------------------------------------------------------- the sweep
    def action_run(self) -> None:
        if self.already_training():
            return
        cfg = self.config()
        done = self.sweeps.get(cfg)
        if done is not None and done.complete and self._rerun_armed != cfg:
            # a finished sweep is not thrown away by one key: r again confirms
            self._rerun_armed = cfg
            if self.state is not done:
                self._show(done)
            self.notify(self.text["rerun"], timeout=5)
            return
        self._rerun_armed = None
        self.start_training()

    def training_job(self) -> TrainingJob:
        """Every cell of the settings shown; each finished cell, and every
        cell's share of its steps, is posted to the screen as it comes."""
        import time

        from models.width import run_sweep

        cfg = self.config()
        state = SweepState(cfg, running=True, lang=self.lang, device=str(self.app.device_name))
        if self._asked is not None and cfg == self._asked[1]:
            state.selected = self._asked_cell
        self.sweep_state = state
        self._show(state)
        device, text = self.app.device_name, self.text

        def run(progress, should_stop):
            last = [0.0]
            per_cell = [0] * len(cfg.cells)  # network-steps done, per cell
            cells = [0]

            def cell_steps(ci: int, n: int) -> None:
                per_cell[ci] += n

            def on_progress(done: int, total: int) -> None:
                now = time.monotonic()
                if now - last[0] > 0.1 or done == total:
                    last[0] = now
                    progress(done, text["progress"].format(pct=100 * done / total, k=cells[0], n=len(cfg.cells)),
                             ("steps", state, list(per_cell)))

            def on_cell(cell: CellResult) -> None:
                cells[0] += 1
                progress(None, "", ("cell", state, cell))

            return run_sweep(cfg, device=device, on_progress=on_progress, on_cell=on_cell,
                             should_stop=should_stop, on_cell_steps=cell_steps)

        return TrainingJob(run, cfg.total_steps, text["start"].format(n=cfg.total_steps // cfg.steps))

    def training_partial(self, payload) -> None:
        kind, state, value = payload
        if kind == "cell":
            self._cell_done(state, value)
        else:
            self._report(state, value)

    def _report(self, state: SweepState, per_cell: list[int]) -> None:
        """Progress: every cell in training gets its own share (two or more
        train at once); a finished cell keeps its bar."""
        if not state.running:
            return
        cfg = state.config
        need = cfg.seeds * cfg.steps
        finished = {(c.width, c.depth) for c in state.cells}
        state.training = {i: min(1.0, n / need) for i, n in enumerate(per_cell)
                          if n > 0 and cfg.cells[i] not in finished}
        if state is self.state:
            self.chart.redraw()

    def _cell_done(self, state: SweepState, cell: CellResult) -> None:
        cfg = state.config
        state.cells.append(cell)
        state.training.pop(cfg.cells.index((cell.width, cell.depth)), None)
        self._keep(state)
        if state is self.state:
            self.chart.redraw()

    def _keep(self, state: SweepState) -> None:
        """Keep ``state`` for its settings unless a sweep with more cells is
        kept for them already (a re-run, cancelled, does not replace it)."""
        kept = self.sweeps.get(state.config)
        if state.cells and (kept is None or len(state.cells) >= len(kept.cells)):
            self.sweeps[state.config] = state

    def training_finished(self, outcome) -> None:
        self._sweep_ended()

    def training_stopped(self) -> None:
        self._sweep_ended()

    def _sweep_ended(self) -> None:
        """The sweep ended (done, stopped or failed): its finished cells are kept."""
        st = self.sweep_state
        if st is not None and st.running:
            st.running = False
            st.training = {}
            st.cancelled = not st.complete
            self._keep(st)
            kept = self.sweeps.get(st.config)
            if st is self.state and kept is not None and kept is not st:
                self._show(kept)  # a re-run cancelled: the finished sweep of these settings is back
            else:
                self._redraw()

    def on_lang_changed(self) -> None:
        super().on_lang_changed()
        if self.state is not None:
            self.state.lang = self.lang
            self._redraw()


SCREEN = WidthScreen  # the lesson registry finds the screen by this name (tui/lessons.py)
