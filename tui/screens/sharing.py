"""The weight-sharing lesson: w1 = w2 = u1, w3 = w4 = u2. One key runs
forward and backward and shows ∂C/∂w next to ∂C/∂u (their sum); another runs
backward again without zero_grad, and the gradients pile up.

PyTorch computes everything: "loading PyTorch…" until app.torch_status is
"ready"; the scene module (which imports torch) is imported only then.
"""

from __future__ import annotations

from textual.widgets import Static

from tui.screens.lesson import LessonScreen
from tui.words import tables

MAX_PASSES = 50  # tui.scenes.sharing.MAX_PASSES

#: the notices, in both languages (assets/words/sharing.toml [notes])
NOTES = tables("sharing", "notes")


class SharingScreen(LessonScreen):
    lesson_key = "sharing"
    DRAWS_WITH_TORCH = True  # until PyTorch is in, the plot says it loads (or failed)

    INFO_ID = "sh-info"

    def __init__(self) -> None:
        super().__init__()
        self.sv = None  # a tui.scenes.sharing.SharingView once PyTorch is ready

    def on_mount(self) -> None:
        self.plot.border_title = self.notes["plot_title"]
        self.follow_torch()

    @property
    def ready(self) -> bool:
        return self.sv is not None

    #: SGD steps (each with zero_grad) taken before the passes shown, from --step
    steps_before = 0

    def apply_state(self, state) -> None:
        """Open on ``render sharing``'s state (tui.scenes.sharing.SharingArgs):
        --step SGD steps, each with zero_grad, then -o passes=K backward
        passes without zero_grad, as b and a pile them up (once PyTorch is in)."""
        from models.sharing import SharingConfig
        from tui.scenes.sharing import SharingView

        self.sv = SharingView(SharingConfig(seed=state.seed), lang=self.lang)
        for _ in range(state.steps):
            self.sv.backward()
            self.sv.step()
        for i in range(state.passes):
            self.sv.backward(zero_grad=i == 0)
        self.steps_before = state.steps
        self._log = ["b"] + ["a"] * (state.passes - 1) if state.passes else []
        self.plot.set_message("")
        self.redraw()


    def build(self) -> None:
        from models.sharing import SharingConfig
        from tui.scenes.sharing import SharingView

        self.sv = SharingView(SharingConfig(seed=self.app.settings.seed), lang=self.lang)
        self.plot.set_message("")
        self.redraw()

    @property
    def notes(self) -> dict:
        return NOTES.get(self.lang, NOTES["en"])

    def redraw(self) -> None:
        from tui.scenes.sharing import GLYPHS, legend_for

        sv = self.sv
        if sv is None:
            return
        self.show_scene(sv.title(), legend_for(sv.lang), GLYPHS, sv.scene(legend=False))
        self.query_one("#sh-info", Static).update("\n".join(sv.info_lines(markup=True)))
        self.set_status(sv.status())

    def export_state(self) -> dict | None:
        """``render sharing -o passes=K`` replays b then K − 1 times a from
        the start; other histories (a step, zero_grad) it cannot."""
        log = getattr(self, "_log", [])
        if self.sv is None or "?" in log or (log and log[0] != "b"):
            return None
        options = {"passes": str(len(log))}
        if self.sv.lang != "en":
            options["lang"] = self.sv.lang
        return {"step": self.steps_before, "options": options}

    def export_lines(self, size: tuple[int, int], state: dict, seed: int):
        """What ``render`` prints for this state, drawn from the view on
        screen (the same passes from the same start: nothing is replayed)."""
        from tui.scenes.sharing import lines_of

        return lines_of(self.sv, size)

    def on_lang_changed(self) -> None:
        super().on_lang_changed()
        if self.sv is not None:
            self.sv.lang = self.lang
            self.redraw()
        else:
            self.plot.border_title = self.notes["plot_title"]

    # ------------------------------------------------------------- actions
    def action_backward(self) -> None:
        if self.sv is None:
            return
        self.sv.backward(zero_grad=True)
        self._log = ["b"]
        self.redraw()

    def action_accumulate(self) -> None:
        if self.sv is None:
            return
        net = self.sv.net
        if net.passes >= MAX_PASSES:
            self.notify(self.notes["piled"].format(n=MAX_PASSES), timeout=3)
            return
        first = net.last is None
        self.sv.backward(zero_grad=False)
        self._log = [*getattr(self, "_log", []), "a"]
        if first:
            self.notify(self.notes["first"], timeout=4)
        self.redraw()

    def action_sgd_step(self) -> None:
        if self.sv is None:
            return
        net = self.sv.net
        if net.last is None:
            self.notify(self.notes["empty"], timeout=3)
            return
        passes = net.passes
        self._log = ["?"]  # a step: render cannot replay this history
        before, after = net.step()  # like PyTorch, u.grad keeps its value after the step
        verb = self.notes["up" if after > before else "down"]
        self.notify(self.notes["step"].format(n=passes, es="es" if passes > 1 else "", before=before, after=after,
                                              verb=verb),
                    severity="warning" if after > before else "information", timeout=4)
        self.redraw()

    def action_zero_grad(self) -> None:
        if self.sv is None:
            return
        self.sv.net.zero_grad()
        self._log = ["?"]
        self.redraw()

    def action_reset(self) -> None:
        if self.sv is None:
            return
        self.sv.net.reset()
        self._log = []
        self.steps_before = 0
        self.redraw()


SCREEN = SharingScreen  # the lesson registry finds the screen by this name (tui/lessons.py)
