"""The hypernetwork lesson: H(x, u) writes the weights of G(x, w) = w1·x + w2,
trained next to a plain network with as many parameters. Training runs in a
thread worker with a progress bar; Esc cancels and keeps the last state drawn;
a loss that turns NaN stops training with the last good state."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.worker import Worker, WorkerState, get_current_worker

from tui.screens.lesson import LessonScreen
from tui.widgets.plane import PlanePlot

MAX_STEPS = 1200  # models.hypernet.HyperConfig.steps: the app's train_steps caps it lower (tests)
REPORT_EVERY = 25


class HypernetScreen(LessonScreen):
    lesson_key = "hypernet"

    DEFAULT_CSS = """
    HypernetScreen #fit, HypernetScreen #weights {
        border: round $primary;
        border-title-color: $text;
        border-subtitle-align: left;
        height: 1fr;
    }
    """

    BINDINGS = [
        Binding("r", "retrain", "Retrain", tooltip="Train both networks again from a new seed (Esc cancels)"),
        Binding("l", "toggle_local", "G's lines", tooltip="Show or hide the line G draws at a few x"),
        *LessonScreen.BINDINGS,
    ]

    def __init__(self) -> None:
        super().__init__()
        self.snap = None  # the last Snapshot drawn
        self.data_xy = None  # (N, 2) training points
        self.counts = (0, 0)  # trainable parameters: hypernet, plain
        self.seed = 0
        self.show_local = True
        self.training: Worker | None = None
        self.pending_train = False
        self.note = ""

    def compose_main(self) -> ComposeResult:
        yield PlanePlot(id="fit")
        yield PlanePlot(id="weights")

    def on_mount(self) -> None:
        from tui.scenes.hypernet import FIT_LEGEND, WEIGHTS_LEGEND

        self.seed = self.app.settings.seed
        self.watch(self.app, "torch_status", self._on_torch_status, init=False)
        fit, weights = self.query_one("#fit", PlanePlot), self.query_one("#weights", PlanePlot)
        fit.border_title = "the fit: ŷ = G(x, H(x, u)) = w1(x)·x + w2(x)"
        weights.border_title = "the weights H writes, as functions of x"
        fit.border_subtitle = "  ".join(f"[{s}]● {label}[/]" for label, s in FIT_LEGEND)
        weights.border_subtitle = "  ".join(f"[{s}]● {label}[/]" for label, s in WEIGHTS_LEGEND)
        fit.set_message("loading PyTorch…")
        self.call_after_refresh(self.start_training)

    @property
    def ready(self) -> bool:
        """A first state is drawn and no training is running (snapshot tests)."""
        return self.snap is not None and not (self.training is not None and self.training.is_running)

    def export_plot(self):
        """``e`` saves both plots (the main area) as text."""
        return self.query_one("#lesson-main")

    def export_state(self) -> dict | None:
        """``render hypernet`` trains from --seed on the data of seed 0, on
        the CPU, and draws G's local lines: the same run as the screen's
        when those match and the run went to its end."""
        snap = self.snap
        if (snap is None or self.app.settings.seed != 0 or self.app.device_name != "cpu" or not self.show_local
                or (self.training is not None and self.training.is_running)
                or not self.note.startswith("seed ") or snap.step != snap.steps):
            return None
        return {"step": snap.steps, "seed": self.seed}

    # ------------------------------------------------------------- drawing
    def redraw(self) -> None:
        from tui.scenes.hypernet import fit_scene, weights_scene

        if self.snap is None:
            return
        fit, weights = self.query_one("#fit", PlanePlot), self.query_one("#weights", PlanePlot)
        fit.set_message("")
        fit.set_scene(fit_scene(self.snap, self.data_xy, local=self.show_local, legend=False))
        weights.set_scene(weights_scene(self.snap, legend=False))
        self.refresh_status()

    def refresh_status(self) -> None:
        from tui.scenes.hypernet import numbers

        if self.snap is None:
            self.set_status(self.note or "loading PyTorch…")
            return
        self.set_status(numbers(self.snap, *self.counts) + (f" · {self.note}" if self.note else ""))

    # ------------------------------------------------------------- training
    def _on_torch_status(self, status: str) -> None:
        if status == "ready" and self.pending_train:
            self.pending_train = False
            self.start_training()
        elif status == "failed":
            self.pending_train = False
            self.show_progress(False)
            self.query_one("#fit", PlanePlot).set_message(f"PyTorch could not be loaded: {self.app.torch_error}")

    def start_training(self) -> None:
        self.show_progress(True)
        if not self.torch_or_wait():
            return
        steps = min(MAX_STEPS, self.app.settings.train_steps)
        self.set_progress(0, steps, f"training seed {self.seed}…")
        self.training = self._train(self.seed, steps)

    def action_retrain(self) -> None:
        if self.training is not None and self.training.is_running:
            self.notify("Already training: Esc cancels.", timeout=2)
            return
        self.seed += 1
        self.start_training()

    def action_toggle_local(self) -> None:
        self.show_local = not self.show_local
        self.redraw()

    def _report(self, snap, data_xy, counts) -> None:
        if self.training is None or not self.training.is_running:
            return
        self.snap, self.data_xy, self.counts = snap, data_xy, counts
        self.note = f"training seed {self.seed}"
        self.set_progress(snap.step, snap.steps, f"{snap.step}/{snap.steps} · Esc cancels")
        self.redraw()

    @work(thread=True, exclusive=True, group="hypernet-train", exit_on_error=False)
    def _train(self, seed: int, steps: int):
        import numpy as np

        from models import hypernet as hn

        worker = get_current_worker()
        cfg = hn.HyperConfig()
        x, y, _, _ = hn.make_data(cfg, self.app.settings.seed)
        data_xy = np.concatenate([x.numpy(), y.numpy()], 1)
        counts = (hn.n_params(hn.HyperNet(cfg.hidden)), hn.n_params(hn.plain_net(cfg.plain_hidden)))

        def progress(snap) -> None:
            if not worker.is_cancelled:
                self.app.call_from_thread(self._report, snap, data_xy, counts)

        result = hn.train(cfg, seed=seed, steps=steps, device=self.app.device_name,
                          data_seed=self.app.settings.seed, report_every=REPORT_EVERY,
                          on_progress=progress, should_stop=lambda: worker.is_cancelled)
        return result, data_xy, counts, seed

    def cancel_training(self) -> None:
        if self.training is not None and self.training.is_running:
            self.training.cancel()
        self.pending_train = False
        self.show_progress(False)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if worker is not self.training:
            return
        if event.state == WorkerState.ERROR:
            self.show_progress(False)
            self.note = "[red]training failed[/]"
            self.notify(f"Training failed: {worker.error}", severity="error", timeout=8)
            self.refresh_status()
        elif event.state == WorkerState.SUCCESS:
            self.show_progress(False)
            result, data_xy, counts, seed = worker.result
            if result.status == "cancelled":
                return
            self.snap, self.data_xy, self.counts = result.snapshot, data_xy, counts
            if result.status == "diverged":
                self.note = f"[yellow]seed {seed}: diverged, last good state[/]"
                self.notify(result.message, severity="warning", timeout=8)
            else:
                self.note = f"seed {seed}"
            self.redraw()
        elif event.state == WorkerState.CANCELLED:
            self.show_progress(False)
            self.refresh_status()

    def action_back(self) -> None:
        if self.training is not None and self.training.is_running:
            self.cancel_training()
            self.note = f"seed {self.seed}: cancelled at step {self.snap.step if self.snap else 0}"
            self.refresh_status()
            self.notify("Training cancelled: the last state drawn is kept.", timeout=3)
            return
        if self.pending_train:
            self.pending_train = False
            self.show_progress(False)
            return
        super().action_back()
