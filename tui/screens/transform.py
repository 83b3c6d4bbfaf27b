"""The w = H(u) lesson: plain descent on w next to descent on u seen in
w-space, over the level sets of a 2-D cost, with the lecture's two update
rules evaluated live at the current point.

PyTorch computes everything here (the Jacobian, the gradients, the SGD steps),
so the screen waits for it: "loading PyTorch…" until app.torch_status is
"ready". The scene module imports models.transform (torch) only when it
makes its first view.
"""

from __future__ import annotations

from dataclasses import replace

from rich.text import Text
from textual.widgets import Static

from tui.scenes.transform import ETAS, MAP_KEYS  # models.transform's, without importing torch
from tui.screens.lesson import LessonScreen
from tui.words import tables

DEFAULT_ETA_INDEX = 3  # 0.05
MAX_STEPS = 400  # tui.scenes.transform.MAX_STEPS
RUN_FPS = 12  # steps a second while running

#: the notices, in both languages (assets/words/transform.toml [notes])
NOTES = {lang: {**words, "stop": tables("transform", "notes.stop")[lang]}
         for lang, words in tables("transform", "notes").items()}


class TransformScreen(LessonScreen):
    lesson_key = "transform"
    DRAWS_WITH_TORCH = True  # until PyTorch is in, the plot says it loads (or failed)

    DEFAULT_CSS = """
    TransformScreen #tf-info {
        color: $text;
    }
    """

    INFO_ID = "tf-info"

    def __init__(self) -> None:
        super().__init__()
        self.map_index = 0
        self.eta_index = DEFAULT_ETA_INDEX
        self.tv = None  # a tui.scenes.transform.TransformView once PyTorch is ready

    # ------------------------------------------------------------- compose
    def on_mount(self) -> None:
        self.plot.border_title = "w = H(u)"
        self.follow_torch()

    @property
    def ready(self) -> bool:
        """The first picture has been computed (snapshot tests wait for it)."""
        return self.tv is not None

    @property
    def eta(self) -> float:
        return ETAS[self.eta_index]

    @property
    def running(self) -> bool:
        return self.ticking

    def apply_state(self, state) -> None:
        """Open on ``render transform``'s state (tui.scenes.transform.TransformArgs):
        its map, η (+/- move on from the preset nearest to it) and the
        steps taken from the start (once PyTorch is in)."""
        from tui.scenes.transform import stepped_view

        self.stop_ticking()
        self.map_index = MAP_KEYS.index(state.key)
        self.eta_index = min(range(len(ETAS)), key=lambda i: abs(ETAS[i] - state.eta))
        self.tv = stepped_view(replace(state, lang=self.lang))
        self._eta_changed_midway = False
        self.plot.set_message("")
        self.redraw()


    # ------------------------------------------------------------- drawing
    def build(self) -> None:
        from tui.scenes.transform import TransformView

        self.stop_ticking()
        self.tv = TransformView(MAP_KEYS[self.map_index], self.eta, lang=self.lang)
        self._eta_changed_midway = False
        self.plot.set_message("")
        self.redraw()

    def redraw(self) -> None:
        tv = self.tv
        if tv is None:
            return
        from tui.scenes.transform import GLYPHS, legend_for

        self.show_scene(tv.title(), legend_for(tv.lang), GLYPHS, tv.scene(legend=False))
        self.query_one("#tf-info", Static).update(Text("\n".join(tv.info_lines()), no_wrap=True,
                                                       overflow="ellipsis"))
        run = " ▶" if self.running else ""
        self.set_status(tv.status() + run)

    def export_state(self) -> dict | None:
        """``render transform`` replays N steps at one η from the start."""
        tv = self.tv
        if tv is None or tv.race.diverged or getattr(self, "_eta_changed_midway", False):
            return None
        options = {"map": MAP_KEYS[self.map_index], "eta": repr(tv.eta)}
        if tv.lang != "en":
            options["lang"] = tv.lang
        return {"step": tv.race.steps, "options": options}

    def export_lines(self, size: tuple[int, int], state: dict, seed: int):
        """What ``render`` prints for this state, drawn from the view on
        screen (the same steps at the same η from the same start)."""
        from tui.scenes.transform import lines_of

        return lines_of(self.tv, size)

    @property
    def notes(self) -> dict:
        return NOTES.get(self.lang, NOTES["en"])

    def on_lang_changed(self) -> None:
        super().on_lang_changed()
        if self.tv is not None:
            self.tv.lang = self.lang
            self.redraw()

    # ------------------------------------------------------------- actions
    def action_step(self) -> None:
        if self.tv is None:
            return
        self.stop_ticking()
        self._one_step()

    def _one_step(self) -> bool:
        tv = self.tv
        if tv.race.steps >= MAX_STEPS:
            self.notify(self.notes["max"].format(n=MAX_STEPS), timeout=3)
            return False
        if not tv.step():
            self.notify(self.notes["stop"][tv.race.stopped_by or "bound"].format(eta=f"{tv.eta:g}"),
                        severity="warning", timeout=6)
            self.redraw()
            return False
        self.redraw()
        return True

    def action_run(self) -> None:
        if self.tv is None:
            return
        if self.running:
            self.stop_ticking()
        else:
            if self.tv.race.converged() or self.tv.race.steps >= MAX_STEPS or self.tv.race.diverged:
                self.tv.reset()  # a finished descent runs again from the start
                self._eta_changed_midway = False
            self.start_ticking(RUN_FPS, self._tick)
        self.redraw()

    def _tick(self, _dt: float) -> None:
        if self.tv is None or not self._one_step() or self.tv.race.converged():
            self.stop_ticking()
            self.redraw()

    def action_reset(self) -> None:
        if self.tv is None:
            return
        self.stop_ticking()
        self.tv.reset()
        self._eta_changed_midway = False
        self.redraw()

    def action_eta(self, delta: int) -> None:
        self.eta_index = max(0, min(len(ETAS) - 1, self.eta_index + delta))
        if self.tv is None:
            return
        if self.tv.race.steps:
            self._eta_changed_midway = True  # render replays every step at one η
        self.tv.set_eta(self.eta)
        self.redraw()

    def action_cycle_map(self) -> None:
        self.map_index = (self.map_index + 1) % len(MAP_KEYS)
        if self.tv is not None:
            self.build()

    def action_back(self) -> None:
        if self.running:
            self.stop_ticking()
            self.redraw()
            return
        super().action_back()


SCREEN = TransformScreen  # the lesson registry finds the screen by this name (tui/lessons.py)
