"""The conv lesson: can a network learn the templates? Three views: learned
kernels and accuracy at every shift (trained in a worker), convolution
against cross-correlation in 1-D, and the output-size calculator. The 1-D
example and the calculator are numpy; torch checks fill in once it is loaded."""

from __future__ import annotations

import time
from dataclasses import replace

from tui.screens.lesson import LessonScreen, SnapshotGate, TrainingJob
from tui.words import tables

MAX_STEPS = 400  # the claim's training length; tests lower it through settings.train_steps
LIVE_SECONDS = 0.15  # while the nets train, a snapshot of them is drawn at most this often (about 6 a second)

#: the status line, notices and training words (assets/words/conv.toml [screen])
TEXT = tables("conv", "screen")


class ConvScreen(LessonScreen):
    lesson_key = "conv"

    def __init__(self) -> None:
        super().__init__()
        self.state = None  # a ConvState once the scene module is in
        self.train_seed = 0
        self.message_key = ""  # what view 1 says while nothing is trained (a key of TEXT)
        self._training_args: tuple[int, int, str] | None = None  # (seed, steps, device) of the run under way
        self._trained_with: tuple[int, int, str] | None = None  # ... and of the networks shown
        self._ready = False

    @property
    def ready(self) -> bool:
        return self._ready

    def on_mount(self) -> None:
        self.plot.border_title = TEXT.get(self.lang, TEXT["en"])["title"]
        self.train_seed = self.app.settings.seed
        self.call_after_refresh(self._first)

    def _first(self) -> None:
        from tui.scenes.conv import ConvState

        self.state = ConvState()
        if self.open_asked_state():
            return
        kept = self.kept
        if "comparison" in kept:  # trained on an earlier visit: shown again, not retrained
            self.state.comparison = kept["comparison"]
            self._trained_with = kept["trained_with"]
            self.train_seed = kept["train_seed"]
            self.message_key = ""
        else:
            self.message_key = "loading"
        self.redraw()
        self._ready = True
        if "comparison" in kept:
            self.follow_torch()
        else:
            self.train_when_ready()  # (PyTorch "ready": trains at once)

    #: Adam steps of view 1's runs from ``-o steps=`` (None: the app's, at most MAX_STEPS)
    steps_asked: int | None = None

    def run_steps(self) -> int:
        return max(1, min(MAX_STEPS, self.app.settings.train_steps)) if self.steps_asked is None else self.steps_asked

    def apply_state(self, state) -> None:
        """Open on ``render conv``'s state (tui.scenes.conv.ConvArgs): its view,
        window position and shape; view 1's networks trained from --seed for
        ``-o steps=`` steps, as the lesson trains them when it opens (live, in
        the training worker)."""
        st = self.state
        st.view, st.pos, st.shape = state.view, state.pos, state.shape
        self.train_seed = state.seed
        self.steps_asked = state.steps
        self.message_key = "loading"
        self.redraw()
        self._ready = True
        self.train_when_ready()  # (PyTorch "ready": trains at once)

    # ------------------------------------------------------------ drawing
    def redraw(self) -> None:
        if self.state is None:
            return
        from tui.scenes.conv import picture

        st = self.state
        text = TEXT.get(self.lang, TEXT["en"])
        st.lang = self.lang
        st.message = text[self.message_key].format(e=self.app.torch_error) if self.message_key else ""
        self.plot.border_title = text["title"]
        self.plot.set_builder(lambda w, h: picture(st, w, h))
        torch_line = self.torch_line()
        c = st.comparison
        acc = text["acc"].format(c=100 * c.conv_acc, f=100 * c.fc_acc) if c is not None else text["not_trained"]
        self.set_status(f"{text['view']} {st.view} · {acc} · {torch_line}")

    def on_lang_changed(self) -> None:
        super().on_lang_changed()
        self.redraw()

    def _fill_torch(self) -> None:
        from tui.scenes.conv import fill_torch

        fill_torch(self.state, "cpu")
        self.state.torch_ready = True

    def torch_ready(self) -> None:
        if self.state is not None:
            self._fill_torch()
        self.redraw()

    def torch_failed(self) -> None:
        if self.state is not None:
            self.message_key = "failed"
        self.redraw()

    def torch_waiting(self, status: str) -> None:
        self.redraw()

    # ------------------------------------------------------------ actions
    def action_view(self, view: int) -> None:
        if self.state is not None:
            self.state.view = view
            self.redraw()

    def action_pos(self, delta: int) -> None:
        if self.state is None:
            return
        from models.conv import EXAMPLE_W, EXAMPLE_X

        self.state.view = 2
        self.state.pos = max(0, min(self.state.pos + delta, len(EXAMPLE_X) - len(EXAMPLE_W)))
        self.redraw()

    def action_shape(self, field: str, delta: int) -> None:
        if self.state is None:
            return
        self.state.view = 3
        sh = self.state.shape
        value = getattr(sh, field) + delta
        limits = {"n": (1, 4096), "k": (1, 64), "s": (1, 64), "p": (0, 64), "d": (1, 64)}
        lo, hi = limits[field]
        if not lo <= value <= hi:
            self.notify(TEXT.get(self.lang, TEXT["en"])["limits"].format(field=field, lo=lo, hi=hi), timeout=2)
            return
        self.state.shape = replace(sh, **{field: value})
        if self.state.torch_ready:
            self._fill_torch()
        self.redraw()

    def action_retrain(self) -> None:
        if self.already_training():
            return
        self.train_seed += 1
        self.start_training()

    # -------------------------------------------------------------- export
    def export_state(self) -> dict | None:
        """``render conv`` options for the view shown. Render computes with
        PyTorch on the CPU (``-o lang=ko`` in Korean); view 1 retrains with the same seed and
        steps, so it is reproducible only for networks trained here on CPU."""
        st = self.state
        if st is None or not st.torch_ready or (st.view == 1 and st.live is not None):
            return None  # (view 1 of a run in training: the picture is saved as shown)
        options = {"view": str(st.view)}
        if self.lang != "en":
            options["lang"] = self.lang
        if st.view == 1:
            trained = self._trained_with
            if st.comparison is None or trained is None or trained[2] != "cpu":
                return None
            seed, steps, _device = trained
            options["steps"] = str(steps)
            return {"options": options, "seed": seed}
        if st.view == 2:
            options["pos"] = str(st.pos)
        else:
            options.update({k: str(getattr(st.shape, k)) for k in "nkspd"})
        return {"options": options}

    def export_lines(self, size: tuple[int, int], state: dict, seed: int):
        """What ``render conv`` prints for ``state``, drawn from the screen's
        own state with render's scene function: the networks shown, not a
        second training (render's view 1 retrains with the same seed and
        steps, and gets these same networks)."""
        from tui.scenes.conv import page

        st = self.state
        shown = replace(st, lang="en", message="", comparison=st.comparison if st.view == 1 else None)
        return page(shown, *size)

    # ------------------------------------------------------------ training
    #: False: no live view (view 1 shows the nets only once trained; the benchmark's baseline)
    LIVE = True

    def training_job(self) -> TrainingJob | None:
        """The convnet, then the fully connected net, from ``train_seed``.
        While they train, view 1 draws them live: about every LIVE_SECONDS
        the training thread measures the net in training (its kernels, its
        accuracy at every shift on every letter image: models.conv.Snapshot)
        and hands the snapshot to ``training_partial``."""
        if self.state is None:
            return None
        from models.conv import TrainConfig, compare

        steps = self.run_steps()
        if self.state.comparison is None:
            self.message_key = "training"
            self.redraw()
        seed, device = self.train_seed, self.app.device_name
        self._training_args = (seed, steps, device)
        self.state.live = None
        self.live_frames = []  # (time, net, step) of each snapshot drawn (benchmarks, tests)
        every = max(1, steps // 40)
        live = self.LIVE
        snapshot_when = self._live_gate = SnapshotGate(LIVE_SECONDS)

        def run(progress, should_stop):
            def on_snapshot(snap) -> None:
                progress(None, "", ("live", snap), wait=False)  # (the run goes on while it is drawn)

            def on_step(kind: str, step: int, loss: float) -> None:
                if step % every == 0 or step == steps:
                    text = TEXT.get(self.lang, TEXT["en"])
                    name = text["progress_conv" if kind == "conv" else "progress_fc"]
                    progress(step if kind == "conv" else steps + step,
                             text["progress"].format(name=name, step=step, steps=steps, loss=loss))

            return compare(seed=seed, cfg=TrainConfig(steps=steps), device=device, on_step=on_step,
                           should_stop=should_stop, snapshot_when=snapshot_when if live else None,
                           on_snapshot=on_snapshot if live else None)

        return TrainingJob(run, 2 * steps, TEXT.get(self.lang, TEXT["en"])["start"].format(seed=seed))

    def training_partial(self, payload) -> None:
        """A snapshot of the net in training: view 1 draws it (UI thread)."""
        kind, snap = payload
        if kind != "live" or self.state is None:
            return
        from tui.scenes.conv import LiveConv

        self._live_gate.drawn()
        live = self.state.live
        if live is None:
            live = self.state.live = LiveConv(snap.steps)
        if snap.kind == "conv":
            live.conv = snap
        else:
            live.fc = snap
        self.live_frames.append((time.monotonic(), snap.kind, snap.step))
        self.redraw()

    def training_stopped(self) -> None:
        if self.state is not None:
            self.state.live = None  # the nets shown before the run
            if self.state.comparison is None:
                self.message_key = "cancelled"
        self.redraw()

    def training_error(self, error) -> None:
        if self.state is not None:
            self.state.live = None
        self.redraw()

    def training_finished(self, outcome) -> None:
        if self.state is None:
            return
        self.state.live = None  # the trained nets (or, diverged, the ones before) replace the live picture
        if outcome.value is None:  # diverged with no comparison to keep: the networks before it stay
            if self.state.comparison is None:
                self.message_key = "diverged"
            self.redraw()
            return
        self.state.comparison = outcome.value
        self._trained_with = self._training_args
        self.kept.update(comparison=outcome.value, trained_with=self._trained_with, train_seed=self._trained_with[0])
        self.message_key = ""
        self.redraw()


SCREEN = ConvScreen  # the lesson registry finds the screen by this name (tui/lessons.py)
