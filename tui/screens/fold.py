"""The Fold lesson: watch a 2-neuron ReLU network fold the plane, layer by layer.

Training is live: while a run trains (``r``, or a new activation, depth,
learning rate or data set), the training thread hands the screen a snapshot
of the weights about LIVE_FPS times a second, and the plot draws the network
of the latest one at whatever sub-step the user is on (the stepping keys
keep working). The thread sends the next snapshot only once the screen has
drawn the last (``frame_ready``), so the drawing never queues up behind
training and never holds it up. ``p`` pauses and resumes the run, Esc stops
it and keeps the network on screen, ``s`` goes back to the shipped network.
"""

from __future__ import annotations

import threading
import time
from collections import deque

from textual import events
from textual.message import Message

from models.fold import ACTIVATIONS, FoldWeights
from models.fold.datasets import DATASETS, Dataset, make_dataset
from models.fold.shipped import DEPTH, N_POINTS, WIDTHS, load_pretrained
from models.fold.weights_file import WeightsError
from tui.scenes.fold import FoldView, data_title, merge_parts, render_lines
from tui.screens.lesson import LessonScreen, TrainingJob, next_option
from tui.words import tables

STEP_SECONDS = 0.45  # one animated sub-step
FAST_STEP_SECONDS = 0.18  # a sub-step while jumping a layer or playing
FPS = 30
CURVE_ROWS = 12  # tui.widgets.curve.HEIGHT (not imported here: it brings in plotext)
MIN_PLOT_ROWS = 14  # the curve is shown only when the plot keeps this many rows beside it
LIVE_FPS = 10  # snapshots of a run in training drawn per second (at most; the issue asks for >= 10)
LIVE_BOUNDARY_RES = (200, 200)  # the decision boundary's grid in a live frame (400×400 otherwise)
DEPTHS = tuple(range(1, 9))  # hidden layers offered by D
LR_PRESETS = (0.001, 0.003, 0.01, 0.03, 0.1)  # learning rates offered by l

#: the screen's own words (the step labels and the merge count are the scene's)
SCREEN_WORDS = tables("fold", "screen")


def pack_parts(parts: list[tuple[str, str, bool]], width: int) -> str:
    """Markup parts (text, separator before it, whole) on lines of ``width``
    cells. A whole part ("acc 100.0%", the step's label) is never split over
    two lines; the others break between words. A whole part wider than a
    line is left to wrap by itself."""
    from rich.text import Text

    tokens: list[tuple[str, str]] = []  # (text, separator before it)
    for text, sep, whole in parts:
        words = [text] if whole else text.split(" ")
        tokens += [(word, sep if i == 0 else " ") for i, word in enumerate(words)]
    lines: list[str] = []
    line, used = "", 0
    for text, sep in tokens:
        n = Text.from_markup(text).cell_len
        if not line:
            line, used = text, n
        elif width > 0 and used + len(sep) + n > width:
            lines.append(line + ("," if sep == ", " else ""))
            line, used = text, n
        else:
            line, used = line + sep + text, used + len(sep) + n
    lines.append(line)
    return "\n".join(lines)


class LiveFrame(Message):
    """A snapshot of run ``run`` for the plot, posted from the training
    thread. Posted, not handed to ``progress``: ``progress`` waits for the UI
    thread to take the report, and a frame takes it ~15 ms, which the run
    would spend waiting (measured: 75% of the steps per second without a
    live view; posted, the run goes on while the frame is drawn)."""

    def __init__(self, run: int, snap) -> None:
        super().__init__()
        self.run = run
        self.snap = snap


class FoldScreen(LessonScreen):
    lesson_key = "fold"

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
        self.note_parts: tuple[str, dict] = ("", {})  # where the weights came from: (SCREEN_WORDS key, values)
        self.live_curve = None  # (CurveRun, title key, values) of the run in progress
        self.network_curve = None  # the same for the run that made the network drawn; None for a shipped one
        self.curve_hidden = False  # hidden with c
        self.activation = "relu"
        self.depth = DEPTH
        self.lr: float | None = None  # None: the app's (settings.train_lr) until l is pressed
        # the run in training: its settings (see _arch_key), pause and frame flags
        self._live_key = None
        self._paused: threading.Event | None = None
        self._frame_ready: threading.Event | None = None
        self.live_step = 0  # the step of the snapshot drawn
        self.frame_seconds: deque[float] = deque(maxlen=600)  # time to draw each snapshot (benchmarks)
        self._keep_on_stop = False
        self._before_run = None  # what a run replaced: put back if it ends without keeping anything
        self.steps_asked: int | None = None  # Adam steps of the runs, from -o steps= (None: the app's)
        self._step_asked = False  # the first network drawn opens on self.k (--step), not on the output

    # ------------------------------------------------------------- compose
    def on_mount(self) -> None:
        # (Textual also calls the base classes' on_mount: handlers run for every class)
        settings = self.app.settings
        self.train_seed = settings.seed
        if self.user_data is not None and "network" not in self.kept and self.start is None:
            self.dataset_index = len(DATASETS)  # opened with --data: start on the file's data
        self.plot.set_message(self.words["computing"])
        self._set_title()
        asked = self.open_state() if self.start is None else None
        if asked is not None:
            first = lambda: self.apply_state(asked)  # noqa: E731
        elif self.start is not None:
            first = self._load_start
        elif "network" in self.kept:
            first = self._restore
        else:
            first = self.load_network
        self.call_after_refresh(first)  # paint first

    def _remember(self) -> None:
        """Keep the network drawn (shipped or trained here), its data set and
        width, its note and curve, for the next visit. A network opened from
        the Width lesson is a visit of its own and is not kept."""
        if self.start is None and self.view is not None and not self.training_now:
            self.kept["network"] = (self.dataset_index, self.width_index, self.view.weights, self.view.data,
                                    self.note_parts, self.network_curve, self.train_seed, self.k,
                                    (self.activation, self.depth, self.lr))

    def on_unmount(self) -> None:
        if self.training_now and self._live_matches():
            self._adopt_live()  # leaving mid-run keeps what was drawn, as Esc does
        self._remember()  # with the step the user had reached

    def _restore(self) -> None:
        (self.dataset_index, self.width_index, weights, data, self.note_parts, curve, self.train_seed,
         self.k, (self.activation, self.depth, self.lr)) = self.kept["network"]
        self.set_network_curve(curve)
        self.set_weights(weights, data, keep_step=True)

    @property
    def note(self) -> str:
        """Where the weights drawn came from, in the screen's language."""
        key, values = self.note_parts
        if key in SCREEN_WORDS["en"]:
            return self.words[key].format(**values)
        return key  # a note given by the caller (e.g. the Width lesson's seed)

    @property
    def words(self) -> dict[str, str]:
        return SCREEN_WORDS.get(self.lang, SCREEN_WORDS["en"])

    def _set_title(self) -> None:
        self.plot.border_title = self.words["plot_title"].format(width=self.width, data=self.data_title)

    @property
    def user_data(self) -> Dataset | None:
        """The data of ``--data FILE.csv`` (the CLI keeps it for the session)."""
        return self.kept.get("user_data")

    @property
    def datasets(self) -> tuple[str, ...]:
        """The data sets d cycles through: the built-in ones, then the user's."""
        return DATASETS + ((self.user_data.name,) if self.user_data is not None else ())

    @property
    def dataset(self) -> str:
        return self.datasets[min(self.dataset_index, len(self.datasets) - 1)]

    @property
    def on_user_data(self) -> bool:
        return self.dataset_index >= len(DATASETS) and self.user_data is not None

    def current_data(self) -> Dataset:
        if self.on_user_data:
            return self.user_data
        return make_dataset(self.dataset, N_POINTS, self.app.settings.seed)

    @property
    def data_title(self) -> str:
        if self.view is not None and self.view.data.name == self.dataset:
            return data_title(self.view.data, self.lang)
        return data_title(self.user_data if self.on_user_data else Dataset(self.dataset, None, None, 2), self.lang)

    @property
    def train_lr(self) -> float:
        return self.app.settings.train_lr if self.lr is None else self.lr

    @property
    def lecture_network(self) -> bool:
        """The settings of the shipped networks: ReLU, DEPTH hidden layers, a built-in data set."""
        return self.activation == "relu" and self.depth == DEPTH and not self.on_user_data

    @property
    def width(self) -> int:
        return WIDTHS[self.width_index]

    # ------------------------------------------------------------ networks
    def load_network(self) -> None:
        """Show the shipped network for the current data set and width, or
        train one from scratch when its file is missing or corrupt; with
        another activation or depth, or the user's data, train a new network
        from the current seed, live."""
        self.stop_training()
        if not self.lecture_network:
            self.train_new()
            return
        data = make_dataset(self.dataset, N_POINTS, self.app.settings.seed)
        try:
            weights = load_pretrained(self.dataset, self.width)
        except WeightsError as exc:
            self.view = None
            self.plot.set_message(self.words["no_pretrained_plot"].format(dataset=self.dataset, width=self.width))
            self._set_title()
            self.note_parts = ("no_pretrained", {})
            self.set_network_curve(None)
            self.notify(self.words["no_pretrained_notice"].format(error=exc), severity="warning", timeout=6)
            self.start_training()
            self.refresh_status()
            return
        self.note_parts = ("pretrained", {"seed": weights.meta.get("seed", "?")})
        self.set_network_curve(None)  # a shipped network: no training run of this session made it
        self.set_weights(weights, data, keep_step=False)

    def train_new(self) -> None:
        """A new network for the settings shown, trained from the current seed, live."""
        self._restart_training()

    def _restart_training(self) -> None:
        """Stop the run in progress (dropping it) and start another for the
        settings shown. The stopped worker ends at its next step; its late
        reports carry the old run's number and are dropped."""
        if self.is_training:
            self.stop_training()
            self.training = None  # cancelled: it no longer counts as the run in progress
        self.start_training()

    def _load_start(self) -> None:
        weights, data, note = self.start
        if data.name in DATASETS:
            self.dataset_index = DATASETS.index(data.name)
        if weights.width in WIDTHS:
            self.width_index = WIDTHS.index(weights.width)
        self.activation, self.depth = weights.activation, weights.depth
        self.note_parts = (note, {})
        self.set_network_curve(None)
        self.set_weights(weights, data, keep_step=False)

    def set_weights(self, weights: FoldWeights, data: Dataset, keep_step: bool = True) -> None:
        self.stop_ticking()
        self._new_view(weights, data, keep_step)
        self.target, self.t, self.playing = self.k, 1.0, False
        self.redraw()
        self._remember()

    def _new_view(self, weights: FoldWeights, data: Dataset, keep_step: bool = True) -> None:
        """Draw ``weights`` from now on, at the step shown (or the output);
        an animation in flight goes on over the new network."""
        old = self.view
        pair = old.pair_index if old and old.weights.width == weights.width else 0
        was_last = old is None or self.k >= old.n_steps - 1
        self.view = FoldView(weights, data)
        if pair:  # (a new view shows pair 0 already: no second pass over its states)
            self.view.set_pair(pair)
        last = self.view.n_steps - 1
        if not keep_step or (old is not None and old.n_steps != self.view.n_steps and was_last):
            self.k = last  # open on the output: the classes, separated
        self.k = min(self.k, last)
        self.target = min(self.target, last)
        if self.plot.message:
            self.plot.set_message("")
        self._set_title()

    def _fit_step(self) -> None:
        """The step shown within the view put back when a run is dropped: a
        network of another depth has another number of steps."""
        view = self.view
        if view is None:
            return
        last = view.n_steps - 1
        if self.k > last or self.target > last or (self.k == last and self.direction < 0 and self.t < 1.0):
            self.stop_ticking()
            self.k, self.target, self.t, self.direction, self.playing = min(self.k, last), min(self.target, last), \
                1.0, 1, False

    def redraw(self) -> None:
        view = self.view
        if view is None:
            self.refresh_status()
            return
        # while a run trains, the boundary of each live frame is found on a 200×200 grid instead of
        # 400×400 (still finer than the braille dots of a 120×40 plot): a quarter of the work
        res = LIVE_BOUNDARY_RES if self.training_now else (400, 400)
        self.plot.set_scene(view.scene(*self._drawn(), grid=self.show_grid, boundary_res=res, lang=self.lang))
        self.refresh_status()

    def _drawn(self) -> tuple[int, float]:
        """The (state, progress) the plot draws: moving back from k+1 to k
        shows the move k -> k+1 at 1 - t."""
        if self.direction < 0 and self.t < 1.0:
            return self.k + 1, 1.0 - self.t
        return self.k, self.t

    def refresh_status(self) -> None:
        if not self.query("#status"):  # a callback before compose, or after the screen has gone
            return
        view = self.view
        w = self.words
        # PyTorch is named while it loads or if it failed; once ready, the
        # room goes to the merge count (the status has 3 rows at 80×24)
        torch_line = self.torch_line(("loading", "failed"))
        if view is None:
            self.set_status(self.words["status_none"].format(data=self.data_title, width=self.width, note=self.note,
                                                             torch=torch_line))
            return
        st = view.status(self.k, self.t, self.lang)
        play = " ▶" if self.playing else ""
        parts = [(f"[b]{st.label}[/b] ({st.index}/{st.n_steps - 1}){play}", "", True)]
        if st.dim > 2:
            parts.append((w["neurons"].format(i=st.pair[0] + 1, j=st.pair[1] + 1, d=st.dim), " · ", True))
        drawn = view.status(*self._drawn()).merges  # the merges the plot marks, also mid-move
        merged = merge_parts(drawn, self.lang, strong=("[b]", "[/b]"))
        parts += [(merged[0], " · ", False), *[(p, ", ", False) for p in merged[1:]],
                  (w["acc"].format(acc=100 * view.accuracy), " · ", True), (self.note, " · ", True),
                  (self.arch_text(), " · ", True), (torch_line, " · ", True)]
        self.set_status(pack_parts([p for p in parts if p[0]], self.query_one("#status").content_region.width))

    def arch_text(self) -> str:
        """The network's activation and depth where they are not the
        lecture's (ReLU, depth 4), and the learning rate of a run made here
        where it is not the app's: "" for the lecture's network."""
        w = self.words
        view = self.view
        if view is None or self.training_now:  # a run trains the settings chosen, before its first frame too
            act, depth = self.activation, self.depth
        else:
            act, depth = view.weights.activation, view.weights.depth
        parts = []
        if (act, depth) != ("relu", DEPTH):
            parts.append(w["arch"].format(activation=w[act], depth=depth))
        if self.train_lr != self.app.settings.train_lr and self.note_parts[0] not in ("pretrained", ""):
            parts.append(w["lr"].format(lr=self.train_lr))
        return " · ".join(parts)

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
        self.start_ticking(FPS, self._tick)

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

    def _tick(self, dt: float) -> None:
        self.t = min(1.0, self.t + dt * self.app.settings.anim_speed / self._step_seconds)
        if self.t >= 1.0:
            self.direction = 1
            if not self._advance_leg():
                self.stop_ticking()
                self.playing = False
        self.redraw()

    def _layer_ends(self) -> list[int]:
        steps = self.view.steps
        return [i for i, s in enumerate(steps)
                if i == 0 or i == len(steps) - 1 or s.kind in ACTIVATIONS]

    # ------------------------------------------------------------- actions
    def action_step(self, delta: int) -> None:
        if self.view is None:
            return
        self.playing = False
        base = self.target if self.ticking else self.k
        self._animate_to(base + delta)

    def action_layer(self, delta: int) -> None:
        if self.view is None:
            return
        self.playing = False
        base = self.target if self.ticking else self.k
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
        self.stop_ticking()
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
            self.stop_ticking()
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
        self.stop_ticking()
        self.load_network()

    def action_cycle_dataset(self) -> None:
        self.dataset_index = (self.dataset_index + 1) % len(self.datasets)
        self.stop_ticking()
        self.load_network()

    def action_cycle_activation(self) -> None:
        self.activation = next_option(ACTIVATIONS, self.activation)
        self.load_network()  # the shipped network again once back at ReLU (at depth 4), else a new one

    def action_cycle_depth(self) -> None:
        self.depth = next_option(DEPTHS, self.depth) if self.depth in DEPTHS else DEPTH
        self.load_network()

    def action_cycle_lr(self) -> None:
        presets = sorted(set(LR_PRESETS) | {self.app.settings.train_lr})
        now = self.train_lr
        i = presets.index(now) if now in presets else 0
        self.lr = presets[(i + 1) % len(presets)]
        self.train_new()  # the learning rate is a training setting: always a new run

    def action_shipped(self) -> None:
        """The lecture's network again: ReLU, depth 4, the shipped weights."""
        if self.on_user_data:
            self.notify(self.words["no_shipped_file"].format(name=self.dataset,
                                                             title=Dataset(DATASETS[0], None, None, 2).title),
                        timeout=4)
            self.dataset_index = 0
        self.activation, self.depth, self.lr = "relu", DEPTH, None
        self.stop_ticking()
        self.load_network()

    def action_pause(self) -> None:
        paused = self._paused
        if not self.training_now or paused is None:
            self.notify(self.words["not_training"], timeout=3)
            return
        if paused.is_set():
            paused.clear()
        else:
            paused.set()
        self._live_status()

    def action_cycle_pair(self) -> None:
        if self.view is None:
            return
        if len(self.view.pairs) == 1:
            self.notify(self.words["width2"], timeout=3)
            return
        self.view.set_pair(self.view.pair_index + 1)
        self.redraw()

    def action_toggle_grid(self) -> None:
        self.show_grid = not self.show_grid
        self.redraw()

    @property
    def run_steps(self) -> int:
        """Adam steps of a training run: ``-o steps=`` where the command line asked, else the app's."""
        return self.app.settings.train_steps if self.steps_asked is None else self.steps_asked

    def apply_state(self, state) -> None:
        """Open on ``render fold``'s state (tui.scenes.fold.FoldArgs): its data
        set (or the --data file), width and sub-step; with another
        activation, depth, rate or steps, the network of those settings
        trained from --seed, live, as a, D and l train it."""
        from tui.scenes.fold import RENDER_DEFAULTS

        if state.data is not None:  # (the CLI keeps the file's data in session memory)
            self.kept["user_data"] = state.data
            self.dataset_index = len(DATASETS)
        else:
            self.dataset_index = DATASETS.index(state.dataset)
        self.width_index = WIDTHS.index(state.width)
        self.activation, self.depth = state.activation, state.depth
        self.lr = None if state.lr == self.app.settings.train_lr else state.lr
        self.steps_asked = state.steps if state.steps != RENDER_DEFAULTS["steps"] or state.trained else None
        self.train_seed = state.seed
        last = state.n_steps - 1
        self.k = self.target = last if state.step is None else state.step
        self._step_asked = state.step is not None
        self.load_network()  # the shipped network, or a run for those settings
        if self.view is not None and not self.training_now:  # shipped: drawn at once, on its output
            self.k = self.target = min(last if state.step is None else state.step, self.view.n_steps - 1)
            self.redraw()
            self._remember()

    def export_state(self) -> dict | None:
        """``render fold`` draws the shipped network at a whole step, with
        its grid and its first pair of neurons; and a network trained here
        from the app's seed on a built-in data set (the first run: ``r``
        trains from the next seed), with the settings that trained it."""
        view = self.view
        if view is None or self.t < 1.0 or not self.show_grid or view.pair_index != 0:
            return None
        state = {"step": self.k, "dataset": self.dataset, "width": self.width}
        options = {}
        if self.note_parts[0] == "trained":
            from tui.scenes.fold import RENDER_DEFAULTS

            meta = view.weights.meta
            if (self.on_user_data or meta.get("seed") != self.app.settings.seed or view.data.name != self.dataset
                    or (view.weights.width, view.weights.depth, view.weights.activation)
                    != (self.width, self.depth, self.activation)):
                return None
            trained = {"activation": view.weights.activation, "depth": view.weights.depth,
                       "lr": meta.get("lr"), "steps": self.note_parts[1].get("steps")}
            if trained == RENDER_DEFAULTS:
                return None  # render draws the shipped network for these
            options = {k: str(v) for k, v in trained.items() if v != RENDER_DEFAULTS[k]}
        elif self.note_parts[0] != "pretrained":
            return None
        if self.lang != "en":
            options["lang"] = self.lang
        if options:
            state["options"] = options
        return state

    def export_lines(self, size: tuple[int, int], state: dict, seed: int):
        """Drawn from the view on screen (the shipped network of that data
        set and width, on the app's data, or the one trained here from the
        app's seed with the settings of ``state``), through the scene code
        render uses: nothing is computed again but the picture."""
        view = self.view
        if (view is not None and seed == self.app.settings.seed and self.note_parts[0] in ("pretrained", "trained")
                and (state.get("dataset"), state.get("width")) == (view.data.name, view.weights.width)
                and view.pair_index == 0 and state == self.export_state()):
            return render_lines(view, state["step"], size, state.get("options", {}).get("lang", "en"))
        return super().export_lines(size, state, seed)

    def leave(self) -> None:
        self.stop_ticking()
        if self.back_to_caller and len(self.app.screen_stack) > 1:
            self.app.pop_screen()
            return
        super().leave()

    # ------------------------------------------------------------- training
    def action_retrain(self) -> None:
        if self.already_training():
            return
        self.train_seed += 1
        self.start_training()

    #: False: no live view (the plot jumps to the result at the end; the benchmark's baseline)
    LIVE = True

    def _arch_key(self) -> tuple:
        """What a run trains for: when it no longer matches the settings shown
        (w, d, a, D, l pressed since), its reports are not drawn."""
        return (self.dataset, self.width, self.depth, self.activation, self.train_lr)

    def _live_matches(self) -> bool:
        return self._live_key == self._arch_key() and self.view is not None and self.live_step > 0

    def training_job(self) -> TrainingJob:
        """One network of the settings shown, from ``train_seed``; its
        snapshots are drawn live (see the module's docstring)."""
        from models.fold.network import FoldConfig
        from models.fold.training import train
        from tui.widgets.curve import CurveRun

        steps = self.run_steps
        seed = self.train_seed
        self.live_curve = (CurveRun(), "curve_training", {"seed": seed})
        self.curve_hidden = False  # a new run shows its curve; c hides it again
        self._show_curve(self.live_curve)
        self._place_curve()
        data = self.current_data()
        cfg = FoldConfig(width=self.width, depth=self.depth, n_classes=data.n_classes, activation=self.activation)
        lr, device, words = self.train_lr, self.app.device_name, self.words
        key = self._arch_key()
        self._trained = (data, key)
        self._live_key = key
        self.live_step = 0
        self._keep_on_stop = False
        if self._before_run is None:
            self._before_run = (self.view, self.note_parts, self.network_curve)
        paused = self._paused = threading.Event()
        ready = self._frame_ready = threading.Event()
        ready.set()
        live = self.LIVE
        run_no = self.training_run  # (start_training numbers the run before it asks for the job)
        period = 0.95 / LIVE_FPS  # a little under 1/10 s: the frames come late by the UI thread's turn
        last = [-1.0]
        pause_posted = [False]

        def run(progress, should_stop):
            def report(p) -> None:
                progress(p.step, words["progress"].format(step=p.step, steps=p.steps, loss=p.loss,
                                                          acc=100 * p.accuracy), ("point", (p.step, p.loss, p.accuracy)))

            def snapshot_when() -> bool:
                if paused.is_set():  # the paused state is drawn, whatever the frame rate
                    if not pause_posted[0]:
                        pause_posted[0] = True
                        return True
                    return False
                pause_posted[0] = False
                now = time.monotonic()
                if ready.is_set() and now - last[0] >= period:
                    last[0] = now
                    return True
                return False

            def on_snapshot(snap) -> None:
                ready.clear()
                self.post_message(LiveFrame(run_no, snap))

            def stop() -> bool:
                while paused.is_set() and not should_stop():
                    time.sleep(0.02)
                return should_stop()

            return train(cfg, data, seed=seed, steps=steps, lr=lr, device=device, on_progress=report,
                         should_stop=stop, snapshot_when=snapshot_when if live else None,
                         on_snapshot=on_snapshot if live else None)

        label = words["training" if self.view is not None else "new_network"].format(seed=seed)
        if self.view is None:
            self.plot.set_message(label)
        return TrainingJob(run, steps, label)

    def _live_frame(self, snap) -> None:
        """Draw the network of a snapshot of the run in training (UI thread)."""
        t0 = time.perf_counter()
        try:
            data, key = self._trained
            if key != self._arch_key():
                return
            self.live_step = snap.step
            # the first network of a run over nothing drawn opens on the output (or the step asked for)
            self._new_view(snap.weights, data, keep_step=self.view is not None or self._step_asked)
            self._step_asked = False
            if not self.ticking:  # an animation in flight draws at its own pace
                self.redraw()
            else:
                self.refresh_status()
            self.frame_seconds.append(time.perf_counter() - t0)
        finally:
            if self._frame_ready is not None:
                self._frame_ready.set()

    def _live_status(self, refresh: bool = True) -> None:
        """The note and the progress row of the run in training (paused or not)."""
        if not self.training_now or self._live_key is None:
            return
        seed, steps = self.train_seed, self.run_steps
        paused = self._paused is not None and self._paused.is_set()
        self.note_parts = ("live_paused" if paused else "live", {"seed": seed, "step": self.live_step,
                                                                 "steps": steps})
        if paused:
            self.set_progress(self.live_step, steps,
                              self.words["paused_progress"].format(step=self.live_step, steps=steps))
        if refresh:
            self.refresh_status()

    @property
    def training_now(self) -> bool:
        """A run has started and not ended (its curve is the live one)."""
        return bool(self.training_run)

    def _show_curve(self, entry) -> None:
        """Draw ``entry`` (CurveRun, title key, values) in the curve, or
        clear it (None)."""
        from tui.widgets.curve import legend_markup

        if entry is None:
            self.curve().reset("")
            return
        run, key, values = entry
        self.curve().show(run, f"{self.words[key].format(**values)}: {legend_markup(self.lang)}")

    def curve(self):
        """The training curve under the plot, mounted on first use (it brings
        in plotext, which start-up does not need)."""
        from tui.widgets.curve import TrainingCurve

        found = self.query(TrainingCurve)
        if found:
            curve = found.first()
        else:
            curve = TrainingCurve(id="curve")
            curve.display = False  # until _place_curve finds it room
            self.query_one("#lesson-main").mount(curve, before="#status")
        return curve

    def set_network_curve(self, entry) -> None:
        """The curve of the network drawn from now on: (CurveRun, title key,
        values), or None for a network no run of this session made (a
        shipped one). The curve shows it unless a run is in progress."""
        self.network_curve = entry
        if self.training_now or not self.query("#curve"):
            return
        self._show_curve(entry)
        self._place_curve()

    def on_lang_changed(self) -> None:
        super().on_lang_changed()
        self._set_title()
        if self.query("#curve"):
            self._show_curve(self.live_curve if self.training_now else self.network_curve)
        if self.view is not None:
            self.redraw()  # the legend
        self.refresh_status()

    def curve_room(self) -> int:
        """How many rows the lesson's column lacks for the curve beside a
        plot of MIN_PLOT_ROWS (0: it fits)."""
        others = 3 + 1  # the status line at its tallest, and the progress row
        return max(0, MIN_PLOT_ROWS + CURVE_ROWS + others - self.query_one("#lesson-main").size.height)

    def _place_curve(self) -> None:
        """Show the curve when it has a run to show, c has not hidden it, and
        the plot keeps its MIN_PLOT_ROWS rows beside it; hide it otherwise."""
        found = self.query("#curve")
        if not found:
            return
        curve = found.first()
        curve.display = bool(curve.steps or self.training_now) and not self.curve_hidden and self.curve_room() == 0

    def on_resize(self, event: events.Resize) -> None:
        self.call_after_refresh(self._place_curve)
        self.call_after_refresh(self.refresh_status)  # the status is packed for its width

    def action_toggle_curve(self) -> None:
        found = self.query("#curve")
        if not found or not (self.training_now or found.first().steps):
            self.notify(self.words["no_curve"], timeout=3)
            return
        if self.curve_hidden or not found.first().display:
            lack = self.curve_room()
            if lack:
                self.notify(self.words["no_room"].format(rows=lack), timeout=4)
                return
            self.curve_hidden = False
        else:
            self.curve_hidden = True
        self._place_curve()

    def on_live_frame(self, message: LiveFrame) -> None:
        """A snapshot of the run in training: drawn if that run is still the
        current one (a stopped or finished run's late frames are dropped)."""
        message.stop()
        if message.run != self.training_run or not self.training_now:
            if self._frame_ready is not None:
                self._frame_ready.set()
            return
        if self._trained[1] == self._arch_key():
            self.live_step = message.snap.step
            self._live_status(refresh=False)  # the frame writes the status line once, with the new note
        self._live_frame(message.snap)

    def training_partial(self, payload) -> None:
        kind, value = payload
        step, loss, accuracy = value
        self.curve().add(step, loss, accuracy)

    def action_back(self) -> None:
        """Esc while a run trains: stop it and keep the network drawn."""
        if self.is_training:
            self._keep_on_stop = True
        super().action_back()

    def _adopt_live(self) -> None:
        """The run stopped: the network on screen becomes the lesson's, with
        the curve of the run up to the step drawn."""
        from tui.widgets.curve import CurveRun

        seed, step = self.train_seed, self.live_step
        self.note_parts = ("stopped_at", {"seed": seed, "steps": step})
        run = self.live_curve[0] if self.live_curve else CurveRun()
        cut = CurveRun(*[list(v) for v in zip(*[p for p in zip(run.steps, run.losses, run.accuracies)
                                                if p[0] <= step])]) if run.steps and run.steps[0] <= step \
            else CurveRun()
        self.live_curve = None
        self._before_run = None
        self._live_key = None
        self.set_network_curve((cut, "curve_stopped", {"seed": seed, "steps": step}))

    def training_stopped(self) -> None:
        for curve in self.query("#curve"):
            curve.flush()
        keep, self._keep_on_stop = self._keep_on_stop, False
        if keep and self._live_matches():
            self._adopt_live()
            self.stop_ticking()
            self.target, self.t, self.direction, self.playing = self.k, 1.0, 1, False
            self.redraw()
            self._remember()
            return
        self.live_curve = None
        self._live_key = None
        before, self._before_run = self._before_run, None
        if before is not None and before[0] is not None and self.view is not before[0]:
            # a run dropped (w, d, a, D, l, s, or it failed): what it replaced comes back,
            # unless those keys are about to draw something else
            view, self.note_parts, self.network_curve = before
            self.view = view
            self._fit_step()
            self.redraw()
        self.set_network_curve(self.network_curve)  # the curve goes back to the network drawn

    def training_finished(self, outcome) -> None:
        for curve in self.query("#curve"):
            curve.flush()
        data, key = self._trained
        self._live_key = None
        if key != self._arch_key():
            self.training_stopped()
            return
        self._before_run = None
        result = outcome.value
        seed = result.weights.meta.get("seed")
        if outcome.diverged:
            self.note_parts = ("diverged", {"seed": seed})
            key = "curve_diverged"
        else:
            self.note_parts = ("trained", {"seed": seed, "steps": outcome.steps_done})
            key = "curve_done"
        curve_run = self.live_curve[0]
        self.live_curve = None
        self.set_network_curve((curve_run, key, {"seed": seed, "steps": outcome.steps_done}))
        self._new_view(result.weights, data)  # an animation in flight goes on
        if not self.ticking:
            self.target, self.t, self.playing = self.k, 1.0, False
        self.redraw()
        self._remember()
        if result.accuracy < 0.95:
            self.notify(self.words["stuck"].format(seed=seed, acc=100 * result.accuracy), timeout=6)


SCREEN = FoldScreen  # the lesson registry finds the screen by this name (tui/lessons.py)
