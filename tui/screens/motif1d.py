"""The motif1d lesson: a shared detector slides over a sequence, and a max decides."""

from __future__ import annotations

import copy
import time
from dataclasses import replace

from rich.markup import escape
from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Static

from models import motif1d as M
from models.outcome import Outcome
from tui.scenes.motif1d import (WORDS, MotifView, gradient_markup, moved_text, score_runs, score_title, seq_title,
                                sequence_runs, short_decision, training_text)
from tui.screens.lesson import LessonScreen, SnapshotGate, TrainingJob
from tui.widgets.lines import LinesView
from tui.words import tables

PLAY_STEPS_PER_SECOND = 12.0  # window positions a second while playing
SCORE_PLOT_SECONDS = 0.15  # while playing, the score plot is redrawn at most this often
TRAIN_STEPS = 300  # SGD steps of a training run (capped by settings.train_steps)
LIVE_SECONDS = 0.15  # while a run trains, its template and scores are drawn at most this often (about 6 a second)

#: the status line, notices and training words (assets/words/motif1d.toml [screen])
TEXT = tables("motif1d", "screen")


class Motif1dScreen(LessonScreen):
    lesson_key = "motif1d"

    DEFAULT_CSS = """
    Motif1dScreen #seq {
        height: 2fr;
        min-height: 5;
        max-height: 16;
        border: round $primary;
        border-title-color: $text;
    }
    Motif1dScreen #scores {
        height: 3fr;
        min-height: 6;
        border: round $primary;
        border-title-color: $text;
    }
    Motif1dScreen #info {
        height: auto;
        max-height: 6;
        padding: 0 1;
    }
    Motif1dScreen.-cramped #info {
        display: none;
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self.cfg = M.MotifConfig.for_kind("signal")
        self.view: MotifView | None = None
        self.playing = False  # the window slides by itself (space)
        self.pool = "max"
        self.zero_grad = True
        self.acc_windows: list[int] = []  # window positions backpropagated since zero_grad went off
        self.results: dict[str, M.TrainResult] | None = None  # the training runs behind the detector shown
        self.last_result: M.TrainResult | None = None  # the run whose detector is shown
        self.trained_with: tuple[int, str] | None = None  # (steps, device) of that training
        self.event: tuple[str, MotifView] | None = None  # a note about what just changed, for that view only
        self._play_pos = 0.0
        self.frame_times: list[float] = []  # seconds per redraw while playing (benchmark)
        self._status_shown = None
        self._info_stale = False
        self._plot_stale = False
        self._plot_drawn = 0.0

    @property
    def words(self) -> dict:
        return TEXT.get(self.lang, TEXT["en"])

    # ------------------------------------------------------------- compose
    def compose_main(self) -> ComposeResult:
        yield LinesView(id="seq")
        yield LinesView(id="scores")
        yield Static("", id="info")

    def on_mount(self) -> None:
        # four lines, not the frame's three: the sequence's verdict and the training run's, with their numbers
        # (an inline style: the app's stylesheet outranks a screen's DEFAULT_CSS)
        self.query_one("#status").styles.max_height = 4
        if self.open_asked_state():
            return
        kept = dict(self.kept)  # (drawing writes the new screen's state into it)
        self.cfg = kept.get("cfg") or replace(self.cfg, seed=self.app.settings.seed)
        index, window, shift = kept.get("place", (0, 0, 0))
        self.set_view(MotifView(self.cfg, index=index, window=window, shift=shift))
        if kept.get("results"):  # trained on an earlier visit: the same detector and plots
            self._show_results(kept["results"], *kept["trained_with"])

    def apply_state(self, state) -> None:
        """Open on ``render motif1d``'s state (tui.scenes.motif1d.Motif1dArgs):
        its data, sequence, window and shift; ``-o detector=trained`` trains
        the detector as t does (with zero_grad, live, in the training worker)."""
        self.cfg = state.view.cfg
        self.results = self.last_result = self.trained_with = None
        self.set_view(replace(state.view))  # (the parsed state stays as it was)
        self._remember()
        if state.trained:
            self.zero_grad = True
            self.train_when_ready()

    def _remember(self) -> None:
        """What a later visit finds (``kept`` outlives this screen): the data,
        the place in it, and the trained detector with its runs."""
        view = self.view
        self.kept.update(cfg=self.cfg, results=self.results, trained_with=self.trained_with,
                         place=(view.index, view.window, view.shift) if view is not None else (0, 0, 0))

    @property
    def ready(self) -> bool:
        """Drawn, and (when PyTorch is preloaded) the gradient panel filled."""
        return self.view is not None and (not self.app.settings.preload_torch
                                          or self.app.torch_status in ("ready", "failed"))

    def export_plot(self):
        return self.query_one("#lesson-main")

    def export_state(self) -> dict | None:
        """``render motif1d`` options for the sequence and window shown. A
        trained detector is ``-o detector=trained`` when render makes the same
        one (its 300 steps with zero_grad, on the CPU); in Korean with
        ``-o lang=ko``."""
        view = self.view
        if view is None or getattr(self, "live_detector", None) is not None:
            return None  # (a run in training is drawn: the picture is saved as shown)
        cfg = view.cfg
        options = {"kind": cfg.kind, "length": str(cfg.length), "k": str(cfg.motif_len), "noise": str(cfg.noise),
                   "decoy": "1" if cfg.decoy else "0", "motif": str(cfg.motif_seed), "index": str(view.index),
                   "pos": str(view.window)}
        if view.shift:
            options["shift"] = str(view.shift)
        if self.lang != "en":
            options["lang"] = self.lang
        if view.detector_name != "hand-made":
            default = M.TrainConfig()
            if (view.detector_name != "learned" or view.result is None
                    or self.trained_with != (default.steps, "cpu")):
                return None
            options["detector"] = "trained"
        return {"options": options, "seed": cfg.seed}

    def export_lines(self, size: tuple[int, int], state: dict, seed: int):
        """What ``render`` prints for ``export_state()``, drawn from the view
        shown (render would train again for a learned detector): the same
        scene function, the same numbers."""
        from tui.render import RenderError
        from tui.scenes.motif1d import render_runs_for

        w, h = size
        if h < 12:
            raise RenderError(f"size {w}x{h} is too small for motif1d (at least 12 lines)")
        return render_runs_for(self.view, w, h, self.lang)

    @property
    def seq(self) -> LinesView:
        return self.query_one("#seq", LinesView)

    @property
    def scores(self) -> LinesView:
        return self.query_one("#scores", LinesView)

    def set_view(self, view: MotifView) -> None:
        self.view = view
        self.acc_windows = []
        self.redraw()

    # ------------------------------------------------------------- drawing
    def redraw(self) -> None:
        view = self.view
        if view is None:
            return
        self.seq.border_title = seq_title(view, self.lang)
        lang = self.lang
        self.seq.set_builder(lambda w, h: sequence_runs(view, w, h, lang))
        now = time.perf_counter()
        if not self.playing or now - self._plot_drawn >= SCORE_PLOT_SECONDS:
            # (a new border title repaints the widget too, so it waits with the plot)
            self._plot_drawn = now
            self._draw_scores(view)
            self._plot_stale = False
        else:
            self._plot_stale = True  # the cheap sequence view moves on; the plot catches up
        if self.playing:
            self._info_stale = True  # while playing, the gradient panel waits for the pause (smooth frames)
        else:
            self.refresh_info()
        self.refresh_status()
        self._remember()

    def _draw_scores(self, view: MotifView) -> None:
        """The score plot and its title, in the colours plotext's auto theme
        gave it: the frame and labels in the theme's foreground, every cell on
        its surface. While a run trains, the scores are those of its latest
        snapshot's detector (``live_detector``) on the sequence shown."""
        from textual.color import Color

        live = getattr(self, "live_detector", None)
        if live is not None:  # the whole score sequence, so that its peak can be seen to form on the motif
            view = copy.copy(view)  # (the view keeps its own detector and window: the run may still be stopped)
            view.window = view.n_positions - 1
            view.set_detector(live, "in training")
        self.scores.border_title = score_title(view, self.lang)

        def build(w: int, h: int):
            colours = self.app.theme_variables
            ticks, paper = ("#{:02x}{:02x}{:02x}".format(*Color.parse(colours[name]).rgb)
                            for name in ("foreground", "surface"))
            return score_runs(view, w, h, ticks=ticks, paper=paper)

        self.scores.set_builder(build)

    def on_lang_changed(self) -> None:
        super().on_lang_changed()
        if self.results:
            self._title_train_plot()
        for plot in self.query("#trainplot"):
            plot.set_lang(self.lang)
        self.redraw()

    def set_status(self, markup: str) -> None:
        if markup != self._status_shown:  # an unchanged line costs no layout pass
            self._status_shown = markup
            super().set_status(markup)

    def detector_note(self) -> str:
        """What the detector shown is, and for a trained one its run's
        verdict, from that run's held-out numbers."""
        view = self.view
        if view is None or view.result is None:
            return self.words["hand"]
        return training_text(view.result, view.detector_name, self.lang)

    def status_markup(self) -> str:
        """The status line, every piece computed from the state shown now:
        the sequence's verdict, the detector (and its training run's verdict),
        how far the motif was moved (this sequence), the last change (for this
        view only), zero_grad, PyTorch."""
        view = self.view
        t = self.words
        torch_line = self.torch_line(("loading", "failed"))
        if view is None:
            return torch_line
        pieces = [f"[b]{escape(short_decision(view, self.lang))}[/b]", escape(self.detector_note())]
        moved = moved_text(view, self.lang)
        if moved:
            pieces.append(moved)
        if self.event is not None and self.event[1] is view:
            pieces.append(self.event[0])
        if not self.zero_grad:
            pieces.append(t["zero_grad_off"])
        if torch_line:
            pieces.append(torch_line)
        return ("▶ " if self.playing else "") + " · ".join(pieces)

    def refresh_status(self) -> None:
        self.set_status(self.status_markup())

    def refresh_info(self) -> None:
        info = self.query_one("#info", Static)
        self._info_stale = False
        view = self.view
        if view is None:
            return
        status = self.app.torch_status
        t = self.words
        if status != "ready":
            info.update({"idle": t["grad_idle"], "loading": t["grad_loading"]}.get(
                status, t["grad_failed"].format(e=escape(self.app.torch_error or ""))))
            return
        x, label = view.x, view.label
        g = M.copy_gradients(x, label, view.detector, view.window, self.pool)
        accumulated = None
        if not self.zero_grad and self.acc_windows:
            _last, total = M.accumulate_backwards(x, label, view.detector, self.acc_windows, self.pool,
                                                  zero_grad=False)
            accumulated = (total, len(self.acc_windows))
        # Rich markup, parsed by Rich (its style cache): Textual's markup parser re-parses each
        # of the ~140 colour tags (about 2.5 ms each), which made every window move ~130 ms slower
        info.update(Text.from_markup(gradient_markup(g, self.pool, accumulated, self.lang)))

    def on_resize(self, event) -> None:
        self._layout_for(event.size.height)

    def _layout_for(self, height: int) -> None:
        # with the training plots shown on a short terminal, the gradient panel gives way
        shown = bool(self.query("#trainplot")) and self.query_one("#trainplot").display
        self.set_class(shown and height < 34, "-cramped")

    # ------------------------------------------------------------- actions
    def _set_window(self, window: int) -> None:
        view = self.view
        window = max(0, min(window, view.n_positions - 1))
        if window != view.window and not self.zero_grad:
            self.acc_windows.append(window)  # one more backward into the same .grad
        view.window = window
        self.redraw()

    def action_move(self, delta: int) -> None:
        if self.view is None:
            return
        self._stop_play()
        self._set_window(self.view.window + delta)

    def action_jump(self, where: int) -> None:
        if self.view is None:
            return
        self._stop_play()
        self._set_window(0 if where == 0 else self.view.n_positions - 1)

    def action_play(self) -> None:
        if self.view is None:
            return
        if self.playing:
            self._stop_play()
            self.refresh_status()
            return
        last = self.view.n_positions - 1
        if self.view.window >= last:
            self.view.window = 0
        if not self.app.settings.animate:
            self._set_window(last)
            return
        self.playing = True
        self._play_pos = float(self.view.window)
        self.start_ticking(30, self._tick)
        self.refresh_status()

    def _tick(self, dt: float) -> None:
        view = self.view
        if view is None:
            self._stop_play()
            return
        self._play_pos += dt * PLAY_STEPS_PER_SECOND * self.app.settings.anim_speed
        target = min(int(self._play_pos), view.n_positions - 1)
        if target != view.window:
            t0 = time.perf_counter()
            self._set_window(target)
            self.frame_times.append(time.perf_counter() - t0)
        if target >= view.n_positions - 1:
            self._stop_play()
            self.refresh_status()

    def _stop_play(self) -> None:
        self.playing = False
        self.stop_ticking()
        if self._info_stale:
            self.refresh_info()
        if self._plot_stale and self.view is not None:
            self._plot_stale = False
            self._draw_scores(self.view)

    def action_shift_motif(self, delta: int) -> None:
        view = self.view
        if view is None:
            return
        if view.pos < 0:
            self.notify(self.words["no_motif_here"], timeout=3)
            return
        if not view.move_motif(delta):
            self.notify(self.words["at_end"], timeout=2)
            return
        self.event = None  # the status now says how far it moved instead
        self.redraw()  # the status says how far it moved and the max before and after (moved_text)

    def action_next_sequence(self) -> None:
        if self.view is None:
            return
        self._stop_play()
        view = self.view
        new = MotifView(self.cfg, index=view.index + 1, window=view.window)
        new.set_detector(view.detector, view.detector_name, view.result)
        self.set_view(new)

    def _new_data(self, cfg: M.MotifConfig, event: str = "") -> None:
        self._stop_play()
        self.stop_training()
        self.cfg = cfg
        self.results = self.last_result = self.trained_with = None
        for plot in self.query("#trainplot"):
            plot.remove()
        self.set_class(False, "-cramped")
        view = MotifView(cfg, window=0)
        self.event = (event, view) if event else None
        self.set_view(view)

    def action_cycle_kind(self) -> None:
        kind = "symbols" if self.cfg.kind == "signal" else "signal"
        length = 40 if kind == "symbols" else 64
        cfg = M.MotifConfig.for_kind(kind, length=length, motif_len=self.cfg.motif_len, seed=self.cfg.seed,
                                     motif_seed=self.cfg.motif_seed)
        self._new_data(cfg)

    def action_new_motif(self) -> None:
        self._new_data(replace(self.cfg, motif_seed=self.cfg.motif_seed + 1),
                       self.words["new_motif"].format(n=self.cfg.motif_seed + 1))

    def action_new_seed(self) -> None:
        self._new_data(replace(self.cfg, seed=self.cfg.seed + 1), self.words["new_seed"].format(n=self.cfg.seed + 1))

    def action_cycle_pool(self) -> None:
        self.pool = "softmax" if self.pool == "max" else "max"
        self.acc_windows = []
        self.refresh_info()

    def action_toggle_zero_grad(self) -> None:
        self.zero_grad = not self.zero_grad
        self.acc_windows = [] if self.zero_grad else [self.view.window] if self.view else []
        if not self.zero_grad:
            self.notify(self.words["zero_grad_note"], timeout=5)
        if self.app.torch_status == "idle":
            self.app.load_torch()
        self.refresh_info()
        self.refresh_status()

    def action_toggle_train_plot(self) -> None:
        found = self.query("#trainplot")
        if not found:
            self.notify(self.words["no_plots"], timeout=3)
            return
        found.first().display = not found.first().display
        self._layout_for(self.app.size.height)

    def leave(self) -> None:
        self._stop_play()
        super().leave()

    # ------------------------------------------------------------- training
    def _torch_shown(self, *_status) -> None:
        self.refresh_info()
        self.refresh_status()

    torch_ready = torch_failed = torch_waiting = _torch_shown  # the gradient panel and the status name PyTorch

    def action_train(self) -> None:
        self.start_training()

    #: False: no live view (the template and scores show the result only; the benchmark's baseline)
    LIVE = True

    def training_job(self) -> TrainingJob:
        """One run with zero_grad, and with it off a second run without.
        While they train, the template and the score plot are drawn live:
        about every LIVE_SECONDS the training thread hands over the detector
        the run would keep if it ended then (models.motif1d.TemplateSnapshot)."""
        steps = max(10, min(TRAIN_STEPS, self.app.settings.train_steps))
        runs = ["zero_grad"] if self.zero_grad else ["zero_grad", "no zero_grad"]
        plot = self.train_plot()
        # what the training plot showed before the run, for a stop to put back
        self._before_live = (plot.template, plot.motif, plot.border_title, dict(plot.curves))
        self.live_detector = None
        self.live_frames = []  # (time, run, step) of each snapshot drawn (benchmarks, tests)
        plot.display = True
        plot.curves.clear()
        plot.reset(self.words["training"])
        self._layout_for(self.app.size.height)
        cfg, device, words = self.cfg, self.app.device_name, self.words
        self._training_args = (cfg, steps, device)
        live = self.LIVE
        snapshot_when = self._live_gate = SnapshotGate(LIVE_SECONDS)

        def run(progress, should_stop):
            results: dict[str, M.TrainResult] = {}
            diverged = None
            for i, name in enumerate(runs):
                losses: list[float] = []

                def report(p: M.TrainProgress, i=i, name=name, losses=losses) -> None:
                    losses.append(p.loss)
                    progress(i * p.steps + p.step, words["progress"].format(name=name, step=p.step, steps=p.steps,
                                                                            loss=p.loss), ("curve", name, list(losses)))

                def on_snapshot(snap: M.TemplateSnapshot, name=name) -> None:
                    progress(None, "", ("live", name, snap), wait=False)  # (the run goes on while it is drawn)

                tcfg = M.TrainConfig(steps=steps, zero_grad=(name == "zero_grad"))
                one = M.train(cfg, tcfg, device=device, on_progress=report, report_every=5,
                              should_stop=should_stop, snapshot_when=snapshot_when if live else None,
                              on_snapshot=on_snapshot if live else None)
                results[name] = one.value
                if one.stopped:
                    return Outcome("stopped", None, one.message, sum(r.steps_done for r in results.values()))
                diverged = diverged or (one if one.diverged else None)
            done = sum(r.steps_done for r in results.values())
            if diverged is not None:  # the last good detector of that run is shown, with its verdict
                return Outcome("diverged", results, diverged.message, done)
            return Outcome("done", results, steps_done=done)

        return TrainingJob(run, steps * len(runs), words["training"])

    def train_plot(self):
        """The template and loss plots, mounted on first use."""
        from tui.screens.motif1d_train_plot import TrainPlot

        found = self.query(TrainPlot)
        if found:
            return found.first()
        plot = TrainPlot(id="trainplot", lang=self.lang)
        self.query_one("#lesson-main").mount(plot, before="#info")
        return plot

    def training_partial(self, payload) -> None:
        """The loss curve so far, or a snapshot of the run: its template
        (the training plot) and its scores on the sequence shown (UI thread)."""
        kind, name, value = payload
        if kind == "curve":
            for plot in self.query("#trainplot"):
                plot.set_curve(name, value)
            return
        snap: M.TemplateSnapshot = value
        self._live_gate.drawn()
        if self.view is None or self._training_args[0] != self.cfg:
            return
        self.live_detector = snap.detector
        self.live_frames.append((time.monotonic(), name, snap.step))
        for plot in self.query("#trainplot"):
            plot.border_title = self.words["live"].format(name=name, step=snap.step, steps=snap.steps,
                                                          n=snap.n_candidates, loss=snap.loss)
            plot.set_template(snap.detector.w, self.view.data.motif)
        self._draw_scores(self.view)

    def training_stopped(self) -> None:
        """Stopped: the detector shown before the run stays, and the training
        plot shows again what it showed before it."""
        self.live_detector = None
        before = getattr(self, "_before_live", None)
        for plot in self.query("#trainplot"):
            if before is not None:
                template, motif, title, curves = before
                plot.curves.clear()
                plot.curves.update(curves)
                plot.border_title = title
                plot.set_template(template, motif)
                if template is None and not curves:  # nothing trained before: no plots, as before the run
                    plot.display = False
                    self._layout_for(self.app.size.height)
        if self.view is not None:
            self._draw_scores(self.view)

    def training_finished(self, outcome) -> None:
        self.live_detector = None
        cfg, steps, device = self._training_args
        if cfg != self.cfg:
            return
        self._show_results(outcome.value, steps, device)

    def _shown_result(self) -> M.TrainResult:
        return self.results.get("no zero_grad", self.results["zero_grad"])

    def _title_train_plot(self) -> None:
        """The training plot's title: the held-out numbers and the verdict they give."""
        t = self.words
        normal, shown = self.results["zero_grad"], self._shown_result()
        test = shown.test
        cos = M.template_match(shown.detector, self.view.data.motif)
        name = WORDS[self.lang if self.lang in WORDS else "en"][
            "learned, no zero_grad" if shown is not normal else "learned"]
        title = t["title"].format(name=name, acc=100 * test.accuracy, pos=100 * test.position_accuracy, cos=cos,
                                  verdict=t["found" if shown.found else "failed"])
        if shown is not normal:
            title += t["with"].format(pos=100 * normal.test.position_accuracy, a=normal.losses[-1],
                                      b=shown.losses[-1])
        for plot in self.query("#trainplot"):
            plot.border_title = title

    def _show_results(self, results: dict[str, M.TrainResult], steps: int, device: str) -> None:
        self.results = results
        self.event = None  # the status now gives the run's verdict instead
        self.trained_with = (steps, device)
        normal = results["zero_grad"]
        shown = self._shown_result()
        self.last_result = shown
        plot = self.train_plot()
        for name, res in results.items():
            plot.curves[name] = res.losses
        plot.set_template(shown.detector.w, self.view.data.motif)
        self._title_train_plot()
        name = "learned" if shown is normal else "learned, no zero_grad"
        self.view.set_detector(shown.detector, name, shown)
        self.redraw()


SCREEN = Motif1dScreen  # the lesson registry finds the screen by this name (tui/lessons.py)
