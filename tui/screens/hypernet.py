"""The hypernetwork lesson: H(x, u) writes the weights of G(x, w) = w1·x + w2,
trained next to a plain network with as many parameters. Training runs in a
thread worker with a progress bar; Esc cancels and keeps the last state drawn;
a loss that turns NaN stops training with the last good state. The state
drawn at the end of a run is kept for the session (``self.kept``): leaving
the lesson and coming back shows it again without training."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.worker import Worker, WorkerState, get_current_worker

from tui.screens.lesson import LessonScreen
from tui.widgets.lines import LinesView

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
    HypernetScreen #loss {  /* a title rule and two rows: the plots keep the lines at 80×24 */
        border-top: solid $primary;
        border-title-color: $text;
        height: 3;
    }
    """

    BINDINGS = [
        Binding("r", "retrain", "Retrain", tooltip="Train both networks again from a new seed (Esc cancels)"),
        Binding("l", "toggle_local", "G's lines", tooltip="Show or hide the line G draws at a few x"),
        Binding("d", "toggle_data", "Data front", tooltip="Draw the data in front of the fits, or behind them"),
        *LessonScreen.BINDINGS,
    ]

    def __init__(self) -> None:
        super().__init__()
        self.snap = None  # the last Snapshot drawn
        self.data_xy = None  # (N, 2) training points
        self.counts = (0, 0)  # trainable parameters: hypernet, plain
        self.seed = 0
        self.show_local = True
        self.data_front = False
        self.training: Worker | None = None
        self.pending_train = False
        # what the status says of the run drawn: "", "training", "done", "diverged", "cancelled", "error"
        self.run = ""
        self.run_seed = 0  # the seed of the run drawn

    def compose_main(self) -> ComposeResult:
        yield LinesView(id="fit")
        yield LinesView(id="weights")
        yield LinesView(id="loss")

    @property
    def words(self) -> dict:
        from tui.scenes.hypernet import words

        return words(self.lang)

    def on_mount(self) -> None:
        self.seed = self.app.settings.seed
        self.watch(self.app, "torch_status", self._on_torch_status, init=False)
        self.label()
        kept = self.kept
        if "snap" in kept:  # trained on an earlier visit: drawn again, not retrained
            for name in ("snap", "data_xy", "counts", "seed", "run", "run_seed"):
                setattr(self, name, kept[name])
            self.redraw()
            return
        self.say(self.words["loading"])
        self.refresh_status()
        self.call_after_refresh(self.start_training)

    def say(self, text: str) -> None:
        """Text in place of the pictures until the first snapshot: in the loss
        box (three rows: a centred message would not show), from its first
        row, wrapped by terminal cells so that Korean stays inside the border."""
        from tui.canvas import pad_cells, wrap_cells

        def lines(w: int, h: int):
            return [[(pad_cells(line, w), "bold #ffd75f")] for line in wrap_cells(text, w)][:h]

        self.query_one("#loss", LinesView).set_builder(lines)

    def label(self) -> None:
        """Titles and legends, in the screen's language."""
        from tui.scenes.hypernet import fit_legend, legend_markup, loss_title, weights_legend

        fit, weights = self.query_one("#fit", LinesView), self.query_one("#weights", LinesView)
        fit.border_title = self.words["fit"]
        weights.border_title = self.words["weights"]
        fit.border_subtitle = legend_markup(fit_legend(self.lang, local=self.show_local, data_front=self.data_front))
        weights.border_subtitle = legend_markup(weights_legend(self.lang))
        loss = self.query_one("#loss", LinesView)
        loss.border_title = loss_title(self.snap, self.lang) if self.snap is not None else self.words["loss_none"]

    def on_lang_changed(self) -> None:
        super().on_lang_changed()
        self.label()
        self.redraw()
        self.refresh_status()
        if self.snap is None:
            if self.app.torch_status == "failed" and not self.pending_train:
                self._show_failure()
            else:
                self.say(self.words["loading"])

    @property
    def ready(self) -> bool:
        """A first state is drawn and no training is running, or there is
        nothing to wait for (PyTorch failed) (snapshot tests)."""
        if self.training is not None and (self.training.is_running or self.run == "training"):
            return False  # (the worker's end is handled when run is set: done, diverged, cancelled, error)
        return self.snap is not None or (self.app.torch_status == "failed" and not self.pending_train)

    # -------------------------------------------------------------- export
    def export_plot(self):
        """``e`` saves the plots (the main area) as text."""
        return self.query_one("#lesson-main")

    def export_state(self) -> dict | None:
        """``render hypernet`` trains from --seed on the data of seed 0, on
        the CPU, and draws G's local lines with the data behind the fits, in
        English: the same run as the screen's when those match and the run
        went to its end."""
        snap = self.snap
        if (snap is None or self.app.settings.seed != 0 or self.app.device_name != "cpu" or not self.show_local
                or self.data_front or self.lang != "en" or (self.training is not None and self.training.is_running)
                or self.run != "done" or snap.step != snap.steps):
            return None
        return {"step": snap.steps, "seed": self.run_seed}

    def export_lines(self, size: tuple[int, int], state: dict, seed: int):
        """What ``render`` prints for this run, drawn from the run on screen
        with render's own scene function (no training again)."""
        from tui.scenes.hypernet import picture

        if size[1] < 24:  # render's limit: save the plots as shown
            return None
        return picture(self.snap, self.data_xy, self.counts, *size)

    # ------------------------------------------------------------- drawing
    def redraw(self) -> None:
        from tui.scenes.hypernet import fit_scene, loss_rows, weights_scene

        if self.snap is None:
            return
        snap, data_xy, lang = self.snap, self.data_xy, self.lang
        fit, weights = self.query_one("#fit", LinesView), self.query_one("#weights", LinesView)
        fit.set_scene(fit_scene(snap, data_xy, local=self.show_local, data_front=self.data_front))
        weights.set_scene(weights_scene(snap))
        self.query_one("#loss", LinesView).set_builder(lambda w, h: loss_rows(snap, w, lang)[:h])
        self.label()
        self.refresh_status()

    @property
    def note(self) -> str:
        """The run drawn, in words (after the numbers on the status line)."""
        if not self.run:
            return ""
        text = self.words[self.run].format(seed=self.run_seed, step=self.snap.step if self.snap else 0)
        return {"diverged": f"[yellow]{text}[/]", "error": f"[red]{text}[/]"}.get(self.run, text)

    def refresh_status(self) -> None:
        from tui.scenes.hypernet import numbers

        if self.snap is None:
            if self.app.torch_status == "failed" and not self.pending_train:
                self.set_status(f"[red]{self.words['no_torch'].format(e=self.app.torch_error)}[/]")
            else:
                self.set_status(self.note or self.words["loading"])
            return
        self.set_status(numbers(self.snap, *self.counts, self.lang) + (f" · {self.note}" if self.note else ""))

    def _show_failure(self) -> None:
        """PyTorch failed to load: say so where the plot would be, and on the status line."""
        if self.snap is None:
            self.say(self.words["no_torch"].format(e=self.app.torch_error))
        self.refresh_status()

    def _keep(self) -> None:
        """What the next visit shows: the state drawn at the end of a run."""
        self.kept.update(snap=self.snap, data_xy=self.data_xy, counts=self.counts, seed=self.seed, run=self.run,
                         run_seed=self.run_seed)

    # ------------------------------------------------------------- training
    def _on_torch_status(self, status: str) -> None:
        if status == "ready" and self.pending_train:
            self.pending_train = False
            self.start_training()
        elif status == "failed":
            self.pending_train = False
            self.show_progress(False)
            self._show_failure()

    def start_training(self) -> None:
        self.show_progress(True)
        if not self.torch_or_wait():
            if self.app.torch_status == "failed":  # failed before this screen opened: no change will come
                self._show_failure()
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
        self.label()
        self.redraw()

    def action_toggle_data(self) -> None:
        self.data_front = not self.data_front
        self.label()
        self.redraw()

    def _report(self, snap, data_xy, counts) -> None:
        if self.training is None or not self.training.is_running:
            return
        self.snap, self.data_xy, self.counts = snap, data_xy, counts
        self.run, self.run_seed = "training", self.seed
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
            self.run = "error"
            self.notify(f"Training failed: {worker.error}", severity="error", timeout=8)
            self.refresh_status()
        elif event.state == WorkerState.SUCCESS:
            self.show_progress(False)
            result, data_xy, counts, seed = worker.result
            if result.status == "cancelled":
                return
            self.snap, self.data_xy, self.counts = result.snapshot, data_xy, counts
            self.run, self.run_seed = ("diverged" if result.status == "diverged" else "done"), seed
            if result.status == "diverged":
                self.notify(result.message, severity="warning", timeout=8)
            self.redraw()
            self._keep()
        elif event.state == WorkerState.CANCELLED:
            self.show_progress(False)
            self.refresh_status()

    def action_back(self) -> None:
        if self.training is not None and self.training.is_running:
            self.cancel_training()
            self.run, self.run_seed = "cancelled", self.seed
            self.refresh_status()
            if self.snap is not None:
                self._keep()
            self.notify("Training cancelled: the last state drawn is kept.", timeout=3)
            return
        if self.pending_train:
            self.pending_train = False
            self.show_progress(False)
            return
        super().action_back()


SCREEN = HypernetScreen  # the lesson registry finds the screen by this name (tui/lessons.py)
