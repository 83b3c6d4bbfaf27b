"""The hypernetwork lesson: H(x, u) writes the weights of G(x, w) = w1·x + w2,
trained next to a plain network with as many parameters. Training runs in a
thread worker with a progress bar; Esc cancels and keeps the last state drawn;
a loss that turns NaN stops training with the last good state. The state
drawn at the end of a run is kept for the session (``self.kept``): leaving
the lesson and coming back shows it again without training."""

from __future__ import annotations

from textual.app import ComposeResult

from tui.screens.lesson import LessonScreen, TrainingJob
from tui.widgets.lines import LinesView

MAX_STEPS = 1200  # models.hypernet.HyperConfig.steps: the app's train_steps caps it lower (tests)
REPORT_EVERY = 25


class HypernetScreen(LessonScreen):
    lesson_key = "hypernet"
    STOP_KEEPS_KEY = "words.stop_keeps"

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

    def __init__(self) -> None:
        super().__init__()
        self.snap = None  # the last Snapshot drawn
        self.data_xy = None  # (N, 2) training points
        self.counts = (0, 0)  # trainable parameters: hypernet, plain
        self.seed = 0
        self.show_local = True
        self.data_front = False
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
        self.label()
        if self.open_asked_state():
            return
        kept = self.kept
        if "snap" in kept:  # trained on an earlier visit: drawn again, not retrained
            for name in ("snap", "data_xy", "counts", "seed", "run", "run_seed"):
                setattr(self, name, kept[name])
            self.redraw()
            return
        self.say(self.words["loading"])
        self.refresh_status()
        self.call_after_refresh(self.start_training)

    #: training steps from --step (None: the app's, at most MAX_STEPS)
    steps_asked: int | None = None

    def run_steps(self) -> int:
        return min(MAX_STEPS, self.app.settings.train_steps) if self.steps_asked is None else self.steps_asked

    def apply_state(self, state) -> None:
        """Open on ``render hypernet``'s state (tui.scenes.hypernet.HypernetArgs):
        both networks trained --step steps from --seed, live, as the lesson
        trains them when it opens."""
        self.seed = state.seed
        self.steps_asked = state.steps
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
                or self.data_front or (self.training is not None and self.training.is_running)
                or self.run != "done" or snap.step != snap.steps):
            return None
        state = {"step": snap.steps, "seed": self.run_seed}
        if self.lang != "en":
            state["options"] = {"lang": self.lang}
        return state

    def export_lines(self, size: tuple[int, int], state: dict, seed: int):
        """What ``render`` prints for this run, drawn from the run on screen
        with render's own scene function (no training again)."""
        from tui.scenes.hypernet import picture

        if size[1] < 24:  # render's limit: save the plots as shown
            return None
        return picture(self.snap, self.data_xy, self.counts, *size, lang=self.lang)

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
    def torch_failed(self) -> None:
        self._show_failure()

    def training_job(self) -> TrainingJob:
        """Both networks from ``seed``, on the data of the app's seed."""
        import numpy as np

        from models import hypernet as hn

        seed, steps = self.seed, self.run_steps()
        device, data_seed = self.app.device_name, self.app.settings.seed
        cfg = hn.HyperConfig()
        x, y, _, _ = hn.make_data(cfg, data_seed)
        data_xy = np.concatenate([x.numpy(), y.numpy()], 1)
        counts = (hn.n_params(hn.HyperNet(cfg.hidden)), hn.n_params(hn.plain_net(cfg.plain_hidden)))
        self._drawn_with = (data_xy, counts, seed)

        def run(progress, should_stop):
            def report(snap) -> None:
                progress(snap.step, self.words["progress"].format(step=snap.step, steps=snap.steps),
                         (snap, data_xy, counts))

            return hn.train(cfg, seed=seed, steps=steps, device=device, data_seed=data_seed,
                            report_every=REPORT_EVERY, on_progress=report, should_stop=should_stop)

        return TrainingJob(run, steps, self.words["start"].format(seed=seed))

    def action_retrain(self) -> None:
        if self.already_training():
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

    def training_partial(self, report) -> None:
        self.snap, self.data_xy, self.counts = report
        self.run, self.run_seed = "training", self.seed
        self.redraw()

    def training_finished(self, outcome) -> None:
        data_xy, counts, seed = self._drawn_with
        self.snap, self.data_xy, self.counts = outcome.value, data_xy, counts
        self.run, self.run_seed = ("diverged" if outcome.diverged else "done"), seed
        self.redraw()
        self._keep()

    def training_error(self, error) -> None:
        self.run = "error"
        self.refresh_status()

    def training_stopped(self) -> None:
        """Esc: the last state drawn stays, said to be a stopped run."""
        self.run, self.run_seed = "cancelled", self.seed
        self.refresh_status()
        if self.snap is not None:
            self._keep()


SCREEN = HypernetScreen  # the lesson registry finds the screen by this name (tui/lessons.py)
