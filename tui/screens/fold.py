"""The Fold lesson: watch a 2-neuron ReLU network fold the plane, layer by layer."""

from __future__ import annotations

import time

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.worker import Worker, WorkerState, get_current_worker

from models.data import DATASETS, TITLES, Dataset, make_dataset
from models.fold import FoldWeights
from models.pretrained import DEPTH, N_POINTS, WIDTHS, load_pretrained
from models.weights import WeightsError
from tui.scenes.fold import FoldView
from tui.screens.lesson import LessonScreen
from tui.widgets.plane import PlanePlot

STEP_SECONDS = 0.45  # one animated sub-step
FAST_STEP_SECONDS = 0.18  # a sub-step while jumping a layer or playing
FPS = 30


class FoldScreen(LessonScreen):
    lesson_key = "fold"

    BINDINGS = [
        Binding("right", "step(1)", "Step", key_display="→", tooltip="One sub-step forward (animated)"),
        Binding("left", "step(-1)", "Step back", key_display="←", show=False, tooltip="One sub-step back"),
        Binding("shift+right", "layer(1)", "Layer", key_display="⇧→", show=False,
                tooltip="A whole layer forward"),
        Binding("shift+left", "layer(-1)", "Layer back", key_display="⇧←", show=False,
                tooltip="A whole layer back"),
        Binding("home", "jump(0)", "Input", show=False, tooltip="Go to the input plane"),
        Binding("end", "jump(-1)", "Output", show=False, tooltip="Go to the output plane"),
        Binding("space", "play", "Play", tooltip="Play or pause the whole sequence"),
        Binding("r", "retrain", "Retrain", tooltip="Retrain from a new seed (Esc cancels)"),
        Binding("w", "cycle_width", "Width", tooltip="Hidden width: 2, 3, 4, 8"),
        Binding("n", "cycle_pair", "Pair", show=False, tooltip="Next pair of neurons (width > 2)"),
        Binding("d", "cycle_dataset", "Data", tooltip="Next data set"),
        Binding("g", "toggle_grid", "Grid", show=False, tooltip="Show or hide the input grid"),
        Binding("c", "toggle_curve", "Curve", show=False, tooltip="Show or hide the training curve"),
        *LessonScreen.BINDINGS,
    ]

    def __init__(self, start: tuple[FoldWeights, Dataset, str] | None = None, back_to_caller: bool = False) -> None:
        """``start``: open on these weights and data with a note on where they
        came from (e.g. a seed of the Width lesson's sweep) instead of a shipped
        network; its width must be one of WIDTHS and its depth DEPTH.
        ``back_to_caller``: Esc returns to the screen below instead of home."""
        super().__init__()
        self.start = start
        self.back_to_caller = back_to_caller
        self.dataset_index = 0
        self.width_index = 0
        self.view: FoldView | None = None
        self.k = 0  # the state shown (or being moved to)
        self.t = 1.0  # progress of the move into state k: 0 = state k-1, 1 = state k
        self.direction = 1  # +1: moving forward into k; -1: moving back from k+1 to k
        self.target = 0
        self.playing = False
        self.show_grid = True
        self.train_seed = 0
        self.training: Worker | None = None
        self.pending_train = False
        self.note = ""  # a line about where the weights came from
        self._timer = None
        self._last_tick = 0.0

    # ------------------------------------------------------------- compose
    def compose_main(self) -> ComposeResult:
        yield PlanePlot(id="plot")

    def on_mount(self) -> None:
        # (Textual also calls the base classes' on_mount: handlers run for every class)
        settings = self.app.settings
        self.train_seed = settings.seed
        self.watch(self.app, "torch_status", self._on_torch_status, init=False)
        self.plot.set_message("computing the network's layers…")
        self._set_title()
        self.call_after_refresh(self.load_network if self.start is None else self._load_start)  # paint first

    def _set_title(self) -> None:
        self.plot.border_title = f"Fold · width {self.width} · {TITLES[self.dataset]}"

    @property
    def plot(self) -> PlanePlot:
        return self.query_one("#plot", PlanePlot)

    @property
    def dataset(self) -> str:
        return DATASETS[self.dataset_index]

    @property
    def width(self) -> int:
        return WIDTHS[self.width_index]

    # ------------------------------------------------------------ networks
    def load_network(self) -> None:
        """Show the shipped network for the current data set and width, or
        train one from scratch when its file is missing or corrupt."""
        self.cancel_training()
        data = make_dataset(self.dataset, N_POINTS, self.app.settings.seed)
        try:
            weights = load_pretrained(self.dataset, self.width)
        except WeightsError as exc:
            self.view = None
            self.plot.set_message(f"No pretrained network for {self.dataset}, width {self.width}: "
                                  "training one from scratch…")
            self._set_title()
            self.note = "[yellow]no pretrained network[/]"
            self.notify(f"{exc}. Training from scratch.", severity="warning", timeout=6)
            self.start_training()
            self.refresh_status()
            return
        self.note = f"pretrained (seed {weights.meta.get('seed', '?')})"
        self.set_weights(weights, data, keep_step=False)

    def _load_start(self) -> None:
        weights, data, note = self.start
        if data.name in DATASETS:
            self.dataset_index = DATASETS.index(data.name)
        if weights.width in WIDTHS:
            self.width_index = WIDTHS.index(weights.width)
        self.note = note
        self.set_weights(weights, data, keep_step=False)

    def set_weights(self, weights: FoldWeights, data: Dataset, keep_step: bool = True) -> None:
        pair = self.view.pair_index if self.view and self.view.weights.width == weights.width else 0
        self.view = FoldView(weights, data)
        self.view.set_pair(pair)
        last = self.view.n_steps - 1
        if not keep_step:
            self.k = last  # open on the output: the classes, separated
        self.k = min(self.k, last)
        self.target, self.t, self.playing = self.k, 1.0, False
        self.plot.set_message("")
        self._set_title()
        self.redraw()

    # ------------------------------------------------------------- drawing
    def redraw(self) -> None:
        view = self.view
        if view is None:
            self.refresh_status()
            return
        if self.direction < 0 and self.t < 1.0:
            # moving back from k+1 to k: show the move k -> k+1 at 1 - t
            scene = view.scene(self.k + 1, 1.0 - self.t, grid=self.show_grid)
        else:
            scene = view.scene(self.k, self.t, grid=self.show_grid)
        self.plot.set_scene(scene)
        self.refresh_status()

    def refresh_status(self) -> None:
        view = self.view
        torch_line = {"idle": "", "loading": "PyTorch: loading…", "ready": f"PyTorch: {self.app.device_name}",
                      "failed": "[red]PyTorch failed to load[/]"}[self.app.torch_status]
        if view is None:
            self.set_status(f"{TITLES[self.dataset]} · width {self.width} · {self.note}  {torch_line}")
            return
        st = view.status(self.k, self.t)
        pair = ""
        if st.dim > 2:
            pair = f" · neurons {st.pair[0] + 1} & {st.pair[1] + 1} of {st.dim}"
        merged = (f"merged: [b]{st.merged_points}[/b] pts into {st.merged_places} "
                  f"{'point' if st.merged_places == 1 else 'points'}") if st.merged_points else "merged: none"
        play = " ▶" if self.playing else ""
        self.set_status(
            f"[b]{st.label}[/b] ({st.index}/{st.n_steps - 1}){pair}{play} · {merged} · "
            f"acc {100 * view.accuracy:.1f}% · {self.note} · {torch_line}")

    # ----------------------------------------------------------- animation
    def _animate_to(self, target: int, *, fast: bool = False) -> None:
        if self.view is None:
            return
        target = max(0, min(target, self.view.n_steps - 1))
        self._settle()
        self.target = target
        self._step_seconds = FAST_STEP_SECONDS if fast else STEP_SECONDS
        if not self.app.settings.animate:
            self.k, self.t, self.direction = target, 1.0, 1
            self.playing = False
            self.redraw()
            return
        self._advance_leg()
        if self._timer is None:
            self._last_tick = time.perf_counter()
            self._timer = self.set_interval(1 / FPS, self._tick)

    def _settle(self) -> None:
        """Finish the sub-step in flight at once."""
        if self.t < 1.0:
            if self.direction < 0:
                self.direction = 1
            self.t = 1.0

    def _advance_leg(self) -> bool:
        """Start the next sub-step towards the target; False when there."""
        if self.k < self.target:
            self.k += 1
            self.t, self.direction = 0.0, 1
            return True
        if self.k > self.target:
            self.k -= 1
            self.t, self.direction = 0.0, -1
            return True
        return False

    def _tick(self) -> None:
        now = time.perf_counter()
        dt = now - self._last_tick
        self._last_tick = now
        self.t = min(1.0, self.t + dt * self.app.settings.anim_speed / self._step_seconds)
        if self.t >= 1.0:
            self.direction = 1
            if not self._advance_leg():
                self._stop_timer()
                self.playing = False
        self.redraw()

    def _stop_timer(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def _layer_ends(self) -> list[int]:
        steps = self.view.steps
        return [i for i, s in enumerate(steps)
                if i == 0 or i == len(steps) - 1 or s.kind == "relu"]

    # ------------------------------------------------------------- actions
    def action_step(self, delta: int) -> None:
        if self.view is None:
            return
        self.playing = False
        base = self.target if self._timer is not None else self.k
        self._animate_to(base + delta)

    def action_layer(self, delta: int) -> None:
        if self.view is None:
            return
        self.playing = False
        base = self.target if self._timer is not None else self.k
        ends = self._layer_ends()
        if delta > 0:
            nxt = [e for e in ends if e > base]
            target = nxt[0] if nxt else base
        else:
            prev = [e for e in ends if e < base]
            target = prev[-1] if prev else 0
        self._animate_to(target, fast=True)

    def action_jump(self, where: int) -> None:
        if self.view is None:
            return
        self._stop_timer()
        self.playing = False
        self.k = 0 if where == 0 else self.view.n_steps - 1
        self.t, self.direction, self.target = 1.0, 1, self.k
        self.redraw()

    def action_play(self) -> None:
        if self.view is None:
            return
        if self.playing:
            self.playing = False
            self._settle()
            self._stop_timer()
            self.target = self.k
            self.redraw()
            return
        if self.k >= self.view.n_steps - 1:
            self.k, self.t = 0, 1.0
        self.playing = True
        self._animate_to(self.view.n_steps - 1, fast=True)
        self.playing = self.app.settings.animate
        self.refresh_status()

    def action_cycle_width(self) -> None:
        self.width_index = (self.width_index + 1) % len(WIDTHS)
        self._stop_timer()
        self.load_network()

    def action_cycle_dataset(self) -> None:
        self.dataset_index = (self.dataset_index + 1) % len(DATASETS)
        self._stop_timer()
        self.load_network()

    def action_cycle_pair(self) -> None:
        if self.view is None:
            return
        if len(self.view.pairs) == 1:
            self.notify("Width 2: the plot already shows both neurons. Press w for a wider network.",
                        timeout=3)
            return
        self.view.set_pair(self.view.pair_index + 1)
        self.redraw()

    def action_toggle_grid(self) -> None:
        self.show_grid = not self.show_grid
        self.redraw()

    def export_state(self) -> dict | None:
        """``render fold`` draws the shipped network at a whole step, with
        its grid and its first pair of neurons."""
        view = self.view
        if (view is None or not self.note.startswith("pretrained") or self.t < 1.0 or not self.show_grid
                or view.pair_index != 0):
            return None
        return {"step": self.k, "dataset": self.dataset, "width": self.width}

    def action_back(self) -> None:
        if self.training is not None and self.training.is_running:
            self.cancel_training()
            self.notify("Training cancelled: the previous network is kept.", timeout=3)
            return
        if self.pending_train:
            self.pending_train = False
            self.show_progress(False)
            return
        self._stop_timer()
        if self.back_to_caller and len(self.app.screen_stack) > 1:
            self.app.pop_screen()
            return
        super().action_back()

    # ------------------------------------------------------------- training
    def action_retrain(self) -> None:
        if self.training is not None and self.training.is_running:
            self.notify("Already training: Esc cancels.", timeout=2)
            return
        self.train_seed += 1
        self.start_training()

    def _on_torch_status(self, status: str) -> None:
        if status == "ready" and self.pending_train:
            self.pending_train = False
            self.start_training()
        elif status == "failed" and self.pending_train:
            self.pending_train = False
            self.show_progress(False)
        self.refresh_status()

    def start_training(self) -> None:
        self.show_progress(True)
        if not self.torch_or_wait():
            return
        steps = self.app.settings.train_steps
        self.set_progress(0, steps, f"training seed {self.train_seed}…")
        curve = self.curve()
        curve.display = True  # a new run shows its curve; c hides it again
        curve.reset(f"training seed {self.train_seed}: loss and accuracy")
        self.training = self._train(self.dataset, self.width, self.train_seed, steps)

    def curve(self):
        """The training curve under the plot, mounted on first use (it brings
        in plotext, which start-up does not need)."""
        from tui.widgets.curve import TrainingCurve

        found = self.query(TrainingCurve)
        if found:
            curve = found.first()
        else:
            curve = TrainingCurve(id="curve")
            self.query_one("#lesson-main").mount(curve, before="#status")
        return curve

    def action_toggle_curve(self) -> None:
        found = self.query("#curve")
        if not found:
            self.notify("No training curve yet: press r to train.", timeout=3)
            return
        found.first().display = not found.first().display

    def _report(self, step: int, steps: int, loss: float, accuracy: float) -> None:
        self.set_progress(step, steps, f"{step}/{steps} loss {loss:.3f} acc {100 * accuracy:.1f}% · Esc cancels")
        self.curve().add(step, loss, accuracy)

    def cancel_training(self) -> None:
        if self.training is not None and self.training.is_running:
            self.training.cancel()
        self.pending_train = False
        self.show_progress(False)

    @work(thread=True, exclusive=True, group="fold-train", exit_on_error=False)
    def _train(self, dataset: str, width: int, seed: int, steps: int):
        from models.net import FoldConfig
        from models.train import train

        worker = get_current_worker()
        data = make_dataset(dataset, N_POINTS, self.app.settings.seed)
        cfg = FoldConfig(width=width, depth=DEPTH, n_classes=data.n_classes)

        def progress(p) -> None:
            if not worker.is_cancelled:
                self.app.call_from_thread(self._report, p.step, p.steps, p.loss, p.accuracy)

        result = train(cfg, data, seed=seed, steps=steps, lr=self.app.settings.train_lr,
                       device=self.app.device_name,
                       on_progress=progress, should_stop=lambda: worker.is_cancelled)
        return result, data, dataset, width

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if worker is not self.training:
            return
        if event.state in (WorkerState.SUCCESS, WorkerState.ERROR, WorkerState.CANCELLED):
            for curve in self.query("#curve"):
                curve.flush()
        if event.state == WorkerState.ERROR:
            self.show_progress(False)
            self.notify(f"Training failed: {worker.error}", severity="error", timeout=8)
        elif event.state == WorkerState.SUCCESS:
            self.show_progress(False)
            result, data, dataset, width = worker.result
            if result.status == "cancelled" or (dataset, width) != (self.dataset, self.width):
                return
            seed = result.weights.meta.get("seed")
            if result.status == "diverged":
                self.notify(result.message, severity="warning", timeout=8)
                self.note = f"[yellow]seed {seed}: diverged, last good weights[/]"
            else:
                self.note = f"trained (seed {seed}, {result.steps_done} steps)"
            self.set_weights(result.weights, data, keep_step=True)
            if result.accuracy < 0.95:
                self.notify(f"Seed {seed} reached only {100 * result.accuracy:.1f}%: narrow layers often get "
                            "stuck. Press r for another seed, or w for a wider network.", timeout=6)
        elif event.state == WorkerState.CANCELLED:
            self.show_progress(False)
