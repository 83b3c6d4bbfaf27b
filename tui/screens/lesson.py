"""The frame every lesson screen shares: plot area, status line, progress row,
explanation panel, footer; keys t, PgUp/PgDn, Esc; and the one training
lifecycle of every lesson that trains.

A lesson that trains writes two methods:

    training_job()            -> TrainingJob(run, total, label), or None
    training_finished(outcome)   a "done" or "diverged" Outcome (models/outcome.py)

``run(progress, should_stop)`` runs on a thread and returns the Outcome;
``progress(done, text, payload=None)`` moves the progress row (``done`` of
``total``; None: leave it) and hands ``payload`` (a curve point, a finished
cell, a snapshot) to ``training_partial(payload)`` on the UI thread, and
waits until it has; ``progress(..., wait=False)`` posts it instead, and the
run goes on while the screen draws it (a live snapshot). Optionally:
``training_stopped()`` (Esc, or ``stop_training()``: put the screen back in
a consistent state), ``training_error(error)``, ``[screen.stop_keeps]`` in
the lesson's words (what Esc keeps; ``STOP_KEEPS_KEY`` names another), and
the PyTorch hooks ``torch_ready()``, ``torch_failed()``,
``torch_waiting(status)``.

The base owns the rest: ``start_training()`` (refuses while a run is on,
waits for PyTorch and starts when it is ready, reports a failed import on
the progress row), one thread worker, progress reports tagged with a run
number (a stopped run's late reports are dropped), Esc stops a run (and
only the next Esc goes back), the notifications of a failure, a stop and a
divergence, and the PyTorch words of the status line (``torch_line``)."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Footer, ProgressBar, Static
from textual.worker import Worker, WorkerState, get_current_worker

from tui import heap, priority
from tui.charset import fit_markup
from tui.lessons import BY_KEY
from tui.screens.base import BaseScreen
from tui.widgets.explain import ExplanationPanel
from tui.words import bind, bindings, has, tables, text


def prune_watchers(*objects, exclude=None) -> None:
    """Drop watchers (``watch``, ``data_bind``) whose watching node has
    closed, or is ``exclude``. Textual prunes them only when the watched
    attribute next changes, so a screen watching ``app.torch_status``, or the
    keys a Footer re-creates each time its screen comes back (bound to the
    Footer's ``compact``), would otherwise stay in memory for good."""
    for obj in objects:
        for callbacks in getattr(obj, "__watchers", {}).values():
            callbacks[:] = [(node, cb) for node, cb in callbacks
                            if node is not exclude and not getattr(node, "_closing", False)
                            and not getattr(node, "_closed", False)]


def release_render_caches() -> None:
    """Textual 8.2 memoises ``StylesCache.get_inner_outer`` with an
    ``lru_cache`` on the method, so the cache holds up to 1,024 StylesCache
    instances, and with them every rendered line of widgets long gone (the
    soak benchmark grew ~4 MB per lesson switch). Clearing it when a screen
    leaves lets them go; the cached values are two Styles, cheap to rebuild."""
    try:
        from textual._styles_cache import StylesCache

        StylesCache.get_inner_outer.cache_clear()
    except (ImportError, AttributeError):  # a Textual without this cache
        pass


#: what the lifecycle says, in both languages (assets/words/app.toml [lifecycle])
LIFECYCLE_WORDS = tables("app", "lifecycle")

#: the PyTorch piece of a status line, for each app.torch_status ([torch])
TORCH_LINE = tables("app", "torch")


class SnapshotGate:
    """When a training thread may take the next live snapshot (a trainer's
    ``snapshot_when``): at most one every ``seconds``, and never a second
    one while the screen has not drawn the last (``drawn()``, on the UI
    thread), so that snapshots never queue up behind the drawing."""

    def __init__(self, seconds: float) -> None:
        import threading

        self.seconds = seconds
        self._last = float("-inf")
        self._drawn = threading.Event()
        self._drawn.set()

    def __call__(self) -> bool:
        import time

        now = time.monotonic()
        if self._drawn.is_set() and now - self._last >= self.seconds:
            self._last = now
            self._drawn.clear()
            return True
        return False

    def drawn(self) -> None:
        self._drawn.set()


@dataclass(frozen=True)
class TrainingJob:
    """What a lesson trains: ``run(progress, should_stop)`` is called on the
    training thread and returns an Outcome; ``progress(done, text="",
    payload=None, wait=True)`` reports ``done`` of ``total`` with ``text`` on
    the progress row (``label`` until the first report)."""

    run: Callable[[Callable[..., None], Callable[[], bool]], Any]
    total: int
    label: str


class PostedReport(Message):
    """A progress report posted from the training thread (``progress(...,
    wait=False)``): the run goes on without waiting for the screen."""

    def __init__(self, run: int, done: int | None, text: str, payload) -> None:
        super().__init__()
        self.run, self.done, self.text, self.payload = run, done, text, payload


class DeviceFooter(Footer):
    """The footer, with the device the lesson computes on before the keys
    ("CPU → Step  space Play …"): where every lesson shows it, at any width."""

    def compose(self) -> ComposeResult:
        from textual.widgets._footer import FooterLabel

        widgets = list(super().compose())
        if self._bindings_ready:  # first in the footer's grid: seen at any width (keys beyond it are cut)
            self.styles.grid_size_columns = (self.styles.grid_size_columns or 0) + 1
            yield FooterLabel(self.app.compute_device.upper(), classes="-device")
        yield from widgets


def next_option(options, current):
    """The option after ``current`` (a key cycling through a setting's
    values), back to the first after the last; the first when ``current``
    is none of them."""
    i = options.index(current) if current in options else -1
    return options[(i + 1) % len(options)]


class LessonScreen(BaseScreen):
    lesson_key = ""

    #: the entry of the lesson's words file saying what Esc keeps of a stopped run (none: the frame's words)
    STOP_KEEPS_KEY = "screen.stop_keeps"
    #: True for a lesson that computes its picture with PyTorch: until it is in, the
    #: plot says that it loads or failed (show_torch_needed); torch_ready draws
    DRAWS_WITH_TORCH = False

    training: Worker | None = None  # the run's worker (the latest one)
    training_run = 0  # the number of the run whose reports count; 0: none
    pending_train = False  # train once PyTorch has loaded

    BINDINGS = [
        bind("app", "panel", "t", "toggle_panel", show=False, id="panel"),
        bind("app", "text_up", "pageup", "scroll_text(-1)", show=False),
        bind("app", "text_down", "pagedown", "scroll_text(1)", show=False),
        bind("app", "back", "escape", "back", show=False, id="back"),
        bind("app", "export", "e", "export", show=False, id="export"),
    ]

    def __init_subclass__(cls, **kwargs) -> None:
        """A lesson screen's keys are its words file's (``tui.words.bindings``:
        declared once, beside their labels), then the frame's above."""
        if cls.__dict__.get("lesson_key") and "BINDINGS" not in cls.__dict__:
            cls.BINDINGS = [*bindings(cls.lesson_key), *LessonScreen.BINDINGS]
        super().__init_subclass__(**kwargs)

    @property
    def help_title(self) -> str:
        return BY_KEY[self.lesson_key].title_in(self.lang)

    def compose(self) -> ComposeResult:
        yield self.compose_notice()
        with Horizontal(id="lesson-body"):
            with Vertical(id="lesson-main"):
                yield from self.compose_main()
                yield Static("", id="status")
                with Horizontal(id="progress-row"):
                    # no percentage: it does not fit beside the 14-cell bar, and cut to
                    # its first cell "100%" read as a "1" glued to the step count
                    # ("12000/2000" at step 2000); the text beside gives step/steps
                    yield ProgressBar(total=100, show_eta=False, show_percentage=False, id="progress")
                    yield Static("", id="progress-text")
            yield ExplanationPanel(self.lesson_key, self.lang, id="explain")
        yield DeviceFooter()

    #: the id of a Static under the plot for the numbers beside the picture (none: "")
    INFO_ID = ""

    def compose_main(self) -> ComposeResult:
        """One plot (a LinesView, ``#plot``), and an info line under it when
        the lesson names one; a lesson drawn in several widgets overrides this."""
        from textual.widgets import Static

        from tui.widgets.lines import LinesView

        yield LinesView(id="plot")
        if self.INFO_ID:
            self.add_class("-with-info")  # (app.tcss: the plot's subtitle on the left, over the numbers)
            yield Static("", id=self.INFO_ID, classes="lesson-info")

    @property
    def plot(self):
        """The lesson's plot (a LinesView)."""
        return self.query_one("#plot")

    def show_scene(self, title: str, legend, glyphs: dict, scene) -> None:
        """The plot with its title, and its legend on the bottom border: each
        (label, style) of ``legend`` with the series' glyph (``glyphs[style]``)
        where the charset draws without colour."""
        from tui.canvas import legend_mark
        from tui.charset import fit_text

        plot = self.plot
        plot.border_title = title
        plot.border_subtitle = fit_text("  ".join(f"[{style}]{legend_mark(glyphs.get(style))}{label}[/]"
                                                  for label, style in legend))
        plot.set_scene(scene)

    # -------------------------------------------------------------- helpers
    def set_status(self, markup: str) -> None:
        markup = fit_markup(markup)  # the charset's spelling of arrows, check marks, η ... (tui.charset)
        for status in self.query("#status").results(Static):  # none before compose or once gone
            status.update(markup)

    def show_progress(self, visible: bool) -> None:
        self.query_one("#progress-row").display = visible

    @property
    def lifecycle_words(self) -> dict[str, str]:
        return LIFECYCLE_WORDS.get(self.lang, LIFECYCLE_WORDS["en"])

    def torch_line(self, shown: tuple[str, ...] = ("idle", "loading", "ready", "failed")) -> str:
        """What the status line says of PyTorch, when its state is one of
        ``shown`` (a lesson short of room names it only while loading or
        failed); "" otherwise."""
        status = self.app.torch_status
        if status not in shown:
            return ""
        return TORCH_LINE.get(self.lang, TORCH_LINE["en"])[status].format(device=self.app.device_name)

    def torch_or_wait(self) -> bool:
        """True when PyTorch is ready to train with. Otherwise says why not on
        the progress row and returns False: a failed import is reported; a
        missing one is started, and ``pending_train`` asks the screen to
        train once it has loaded."""
        status = self.app.torch_status
        if status == "ready":
            return True
        if status == "failed":
            self._cannot_train()
            return False
        self.pending_train = True
        self.set_progress(0, 1, self.lifecycle_words["loading"])
        self.app.load_torch()
        return False

    def _cannot_train(self) -> None:
        from rich.markup import escape

        self.pending_train = False
        self.show_progress(True)
        self.set_progress(0, 1, self.lifecycle_words["cannot"].format(error=escape(str(self.app.torch_error))))
        self.torch_failed()

    def set_progress(self, done: int, total: int, text: str) -> None:
        bar = self.query_one("#progress", ProgressBar)
        bar.update(total=max(total, 1), progress=done)
        self.query_one("#progress-text", Static).update(fit_markup(text))

    # --------------------------------------------------------------- export
    def export_state(self) -> dict | None:
        """The ``render`` arguments (step, dataset, width, options, and seed
        when it is not the app's) that reproduce what the plot shows now, or
        None when ``render`` cannot
        (a network retrained in the app, a frame between two steps)."""
        return None

    def export_plot(self):
        """The widget whose picture ``e`` saves as text: the plot, or the
        whole main area for a lesson drawn in several widgets."""
        plots = self.query("#plot")
        return plots.first() if plots else self.query_one("#lesson-main")

    def export_lines(self, size: tuple[int, int], state: dict, seed: int):
        """The lines ``render`` prints for ``state`` (from ``export_state()``)
        at ``size``. A lesson whose render computes for long (training, a
        sweep) draws them from what the screen has already computed instead:
        ``e`` must answer at once. This default asks render itself. None:
        the plot is saved as shown."""
        from tui.render import render_lesson

        return render_lesson(self.lesson_key, size=size, seed=seed, step=state.get("step"),
                             dataset=state.get("dataset"), width=state.get("width"),
                             options=state.get("options"))

    def export_text(self) -> tuple[str, list[str] | None]:
        """The plot as plain text, and the ``nn-explorer render`` command
        that prints the same text (None when no command can). Nothing is
        computed again: the text is drawn from the screen's own state
        (``export_lines``); tests check it equals what the command prints."""
        from tui.canvas import runs_to_plain
        from tui.export import plot_text, render_command

        plot = self.export_plot()
        size = (plot.content_region.width, plot.content_region.height)
        state = self.export_state()
        if state is not None and size[0] >= 20 and size[1] >= 8:
            from tui.render import RenderError

            from tui import charset as cs

            seed = state.pop("seed", self.app.settings.seed)
            try:
                # plain text has no colour: drawn as render --no-color draws it (series by glyph),
                # in this app's charset
                with cs.using(color=False):
                    lines = cs.fit_lines(self.export_lines(size, state, seed), width=size[0])
            except RenderError:  # e.g. a plot too small for render's layout: save it as shown
                lines = None
            if lines is not None:
                command = render_command(self.lesson_key, state, size, seed)
                if cs.current() != "braille":
                    command += ["--charset", cs.current()]
                return runs_to_plain(lines) + "\n", command
        return plot_text(plot), None

    def open_command(self) -> list[str]:
        """``nn-explorer LESSON …`` opening the app in the state shown (when
        ``export_state`` names one): the state options of the render command."""
        from tui import charset as cs
        from tui.export import open_command

        state = self.export_state() or {}
        seed = state.pop("seed", self.app.settings.seed)
        return open_command(self.lesson_key, state, seed, cs.current())

    def action_export(self) -> None:
        """Hide the notifications, let the screen repaint without them, then
        save: an export shows the lesson, not the last "Exported" toast."""
        from textual.widgets._toast import ToastRack

        for rack in self.query(ToastRack):
            rack.display = False  # until the next notification (the export's own) shows it again
        self.call_after_refresh(self._export_now)

    def _export_now(self) -> None:
        from tui.export import ExportError, write_export

        try:
            body, command = self.export_text()
            paths = write_export(self.app, self.lesson_key, body, self.app.settings.export_dir)
        except ExportError as exc:
            self.notify(str(exc), severity="error", timeout=8)
            return
        how = ""
        if command:
            how = (text("app", "export.open_here", self.lang, command=" ".join(self.open_command()))
                   + text("app", "export.same_text", self.lang, command=" ".join(command)))
        self.notify(text("app", "export.saved", self.lang, txt=paths[0], svg=paths[1]) + how,
                    title=text("app", "export.title", self.lang), timeout=8)

    # ------------------------------------------------- opened in a state
    def apply_state(self, state) -> None:
        """Show ``state``: the lesson's typed state (``tui.scenes.KEY.parse_state``,
        checked before the app started) that ``nn-explorer LESSON --step N
        -o KEY=VALUE …`` asked for, the state ``render`` draws for the same
        arguments. A state that needs a network trains it as the lesson's keys
        do (live, in the one training worker) and ends there. A lesson whose
        screen keeps this default opens in no state but its own: the command
        line refuses state options for it (tui/cli.py)."""
        raise NotImplementedError(f"{self.lesson_key} opens in no state")

    def open_state(self):
        """The state the command line asked for, taken once (None: none):
        a screen calls it where it first computes what it shows."""
        return self.kept.pop("open_state", None)

    def open_asked_state(self) -> bool:
        """Open on the state the command line asked for (``apply_state``),
        once; False when none was asked for: the screen opens as it would."""
        asked = self.open_state()
        if asked is None:
            return False
        self.apply_state(asked)
        return True

    # ------------------------------------------------------ session memory
    @property
    def kept(self) -> dict:
        """What this lesson keeps for the rest of the session (trained
        networks, finished sweeps): it outlives the screen, so leaving the
        lesson and coming back finds it again."""
        return self.app.lesson_memory.setdefault(self.lesson_key, {})

    # ----------------------------------------------------------- animation
    _ticker = None  # the animation's interval timer; None: nothing moves
    _ticked = 0.0  # when it last ticked (time.perf_counter)

    @property
    def ticking(self) -> bool:
        """An animation (a step, play, a run) is going: its tick is called."""
        return self._ticker is not None

    def start_ticking(self, fps: float, tick: Callable[[float], None]) -> None:
        """Call ``tick(seconds since the last tick)`` ``fps`` times a second
        until ``stop_ticking``; one animation at a time: when one is going
        already, it goes on."""
        if self._ticker is not None:
            return
        self._ticked = time.perf_counter()

        def step() -> None:
            now = time.perf_counter()
            dt, self._ticked = now - self._ticked, now
            tick(dt)

        self._ticker = self.set_interval(1 / fps, step)

    def stop_ticking(self) -> None:
        if self._ticker is not None:
            self._ticker.stop()
            self._ticker = None

    # ------------------------------------------------------------- PyTorch
    def follow_torch(self) -> None:
        """Act on PyTorch's state now (the hooks below), as on a change:
        a lesson that computes with PyTorch calls it once it is mounted."""
        self._torch_changed(self.app.torch_status)

    def _torch_changed(self, status: str) -> None:
        if status == "ready":
            self.torch_ready()
        elif status == "failed":
            self.torch_failed()
        else:
            self.torch_waiting(status)
        if self.pending_train and status == "ready":
            self.pending_train = False
            self.start_training()
        elif self.pending_train and status == "failed":
            self._cannot_train()

    def torch_ready(self) -> None:
        """PyTorch has loaded (or had, when the lesson calls follow_torch).
        A lesson that draws with it (DRAWS_WITH_TORCH) computes its first
        picture now: the state asked for, else its start (``build``)."""
        if self.DRAWS_WITH_TORCH and not self.ready:
            if not self.open_asked_state():
                self.build()
        self.refresh_status()

    def build(self) -> None:
        """A DRAWS_WITH_TORCH lesson's starting picture (PyTorch is in)."""
        raise NotImplementedError(f"{self.lesson_key} draws with PyTorch and must say how it starts")

    def torch_failed(self) -> None:
        """PyTorch failed to load: app.torch_error says why."""
        if self.DRAWS_WITH_TORCH:
            self.show_torch_needed("failed")
        self.refresh_status()

    def torch_waiting(self, status: str) -> None:
        """PyTorch is "idle" (not asked for yet) or "loading"."""
        if self.DRAWS_WITH_TORCH:
            self.show_torch_needed(status)
        self.refresh_status()

    def refresh_status(self) -> None:
        """Write the status line again (lessons whose status names PyTorch)."""

    def show_torch_needed(self, status: str) -> None:
        """For a lesson that computes everything with PyTorch
        (DRAWS_WITH_TORCH): say on the plot and the status line
        that PyTorch loads, or failed; ask for it, once the screen has been
        painted, when nothing has yet."""
        plot = self.query_one("#plot")
        if status == "failed":
            plot.set_message(text("app", "app.torch_failed", self.lang, error=self.app.torch_error))
            self.set_status(text("app", "lifecycle.needs_torch", self.lang))
            return
        plot.set_message(text("app", "lifecycle.loading", self.lang))
        self.set_status(text("app", "lifecycle.loading", self.lang))
        if status == "idle":  # not asked for yet
            self.call_after_refresh(lambda: self.set_timer(0.2, self.app.load_torch))

    # ------------------------------------------------------------ training
    def training_job(self) -> TrainingJob | None:
        """The job a training run runs (None: nothing to train now). A lesson
        trains when its screen overrides this."""
        return None

    def training_finished(self, outcome) -> None:
        """A run ended "done" or "diverged" (the divergence is already
        notified): show what it made, or its last good state."""

    def training_partial(self, payload) -> None:
        """A payload the job handed to ``progress`` (UI thread, current run only)."""

    def training_stopped(self) -> None:
        """The run was stopped (Esc, or ``stop_training``): its late reports
        are dropped; put the screen back as the lesson keeps it."""

    def training_error(self, error: BaseException) -> None:
        """The job raised (already notified): by default, as if stopped."""
        self.training_stopped()

    @property
    def is_training(self) -> bool:
        return self.training is not None and self.training.is_running

    def already_training(self) -> bool:
        """True (and says so) while a run is on: a second start is refused."""
        if self.is_training:
            self.notify(self.lifecycle_words["already"], timeout=2)
            return True
        return False

    def start_training(self) -> None:
        """Start the lesson's job now, or once PyTorch has loaded."""
        if self.already_training():
            return
        self.show_progress(True)
        if not self.torch_or_wait():
            return
        self._runs = getattr(self, "_runs", 0) + 1
        self.training_run = self._runs  # reports of any earlier run are dropped from now on
        job = self.training_job()  # (the run is on while the lesson prepares it)
        if job is None:
            self.training_run = 0
            self.show_progress(False)
            return
        self._training_total = max(1, job.total)
        self.set_progress(0, self._training_total, job.label)
        self.training = self._train_thread(job, self.training_run)

    def train_when_ready(self) -> None:
        """Train as soon as PyTorch is ready: now if it is, else when it has
        loaded (not asking for it: the app's preload does), or say that it
        cannot when it failed."""
        self.pending_train = True
        if self.app.torch_status in ("ready", "failed"):
            self._torch_changed(self.app.torch_status)

    def stop_training(self) -> None:
        """Stop the run (its worker and its late reports) and any pending start."""
        running = self.is_training
        if running:
            self.training.cancel()
        was = self.training_run
        self.training_run = 0
        self.pending_train = False
        self.show_progress(False)
        if running or was:
            self.training_stopped()

    @work(thread=True, exclusive=True, group="lesson-training", exit_on_error=False)
    def _train_thread(self, job: TrainingJob, run: int):
        worker = get_current_worker()

        def progress(done: int | None, text: str = "", payload=None, wait: bool = True) -> None:
            if worker.is_cancelled:
                return
            if wait:
                self.app.call_from_thread(self._training_report, run, done, text, payload)
            else:  # (thread-safe: Textual hands it to the screen's queue through the event loop)
                self.post_message(PostedReport(run, done, text, payload))

        priority.lower()  # this thread only: keys first (tui/priority.py)
        try:
            return job.run(progress, lambda: worker.is_cancelled)
        finally:
            heap.trim()  # the run's freed tensors and buffers back to the system (tui/heap.py)

    def _training_report(self, run: int, done: int, text: str, payload) -> None:
        """A report of run ``run``, on the UI thread. A stopped worker may
        still have one on its way (checked before Esc, delivered after it, or
        after the next run began): only the current run's count."""
        if run != self.training_run:
            return
        if payload is not None:
            self.training_partial(payload)
        if done is None:  # a payload alone
            return
        if text:
            self.set_progress(done, self._training_total, text)
        else:
            self.query_one("#progress", ProgressBar).update(progress=done)

    def on_posted_report(self, message: PostedReport) -> None:
        message.stop()
        self._training_report(message.run, message.done, message.text, message.payload)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if worker is not self.training or not self.training_run:
            return  # an earlier run's worker, or a run already stopped
        if event.state == WorkerState.ERROR:
            self.training_run = 0
            self.show_progress(False)
            if self._fall_back_to_cpu(worker.error):
                return
            self.notify(self.lifecycle_words["error"].format(error=worker.error), severity="error", timeout=8)
            self.training_error(worker.error)
        elif event.state == WorkerState.CANCELLED:
            self.stop_training()
        elif event.state == WorkerState.SUCCESS:
            outcome = worker.result
            self.training_run = 0
            self.show_progress(False)
            if outcome.stopped:
                self.training_stopped()
                return
            if outcome.diverged:
                self.notify_diverged(outcome)
            self.training_finished(outcome)

    def _fall_back_to_cpu(self, error: BaseException) -> bool:
        """CUDA out of memory, busy or lost: say so in one line, compute on
        the CPU from now on (every lesson: ``app.device_name``) and run the
        job again there. False for any other error, or already on the CPU."""
        if self.app.device_name == "cpu" or "torch" not in sys.modules:
            return False
        from models.device import is_cuda_failure, short_error

        if not is_cuda_failure(error):
            return False
        self.app.device_name = "cpu"
        for footer in self.query(DeviceFooter):
            footer.refresh(recompose=True)
        self.notify(self.lifecycle_words["cuda_fallback"].format(error=short_error(error)),
                    severity="warning", timeout=10)
        self.start_training()
        return True

    def notify_diverged(self, outcome) -> None:
        words = self.lifecycle_words
        message = outcome.message[:1].upper() + outcome.message[1:]
        key = "diverged_kept" if outcome.value is not None else "diverged_none"
        self.notify(words[key].format(message=message, steps=outcome.steps_done), severity="warning", timeout=8)

    # -------------------------------------------------------------- actions
    def on_mount(self) -> None:
        self.watch(self.app, "torch_status", self._torch_changed, init=False)
        self.call_after_refresh(self.app.preload_torch)

    def on_unmount(self) -> None:
        """Drop this screen's watchers of app attributes (torch_status):
        Textual prunes them only when the attribute next changes, so every
        lesson screen opened and left would otherwise stay in memory."""
        prune_watchers(self.app, exclude=self)
        for screen in self.app.screen_stack:
            prune_watchers(*screen.query(Footer), exclude=self)
        release_render_caches()
        heap.trim()

    def action_toggle_panel(self) -> None:
        panel = self.query_one("#explain")
        panel.display = not panel.display

    def action_scroll_text(self, direction: int) -> None:
        panel = self.query_one("#explain", ExplanationPanel)
        if direction < 0:
            panel.scroll_page_up(animate=False)
        else:
            panel.scroll_page_down(animate=False)

    def action_back(self) -> None:
        """Esc: stop the run (or the wait for PyTorch to train that the
        progress row shows) first; go back only when nothing is on."""
        if self.is_training:
            self.stop_training()
            kept = (text(self.lesson_key, self.STOP_KEEPS_KEY, self.lang) if has(self.lesson_key, self.STOP_KEEPS_KEY)
                    else self.lifecycle_words["kept"])
            self.notify(self.lifecycle_words["stopped"].format(kept=kept), timeout=3)
            return
        if self.pending_train:  # a start waiting for PyTorch: the progress row says so, Esc calls it off
            self.pending_train = False
            if self.query_one("#progress-row").display:
                self.show_progress(False)
                return
        self.leave()

    def leave(self) -> None:
        """Go back (Esc with nothing running): to the lessons."""
        self.app.go_home()

    def on_lang_changed(self) -> None:
        self.query_one("#explain", ExplanationPanel).set_lang(self.lang)
