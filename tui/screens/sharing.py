"""The weight-sharing lesson: w1 = w2 = u1, w3 = w4 = u2. One key runs
forward and backward and shows ∂C/∂w next to ∂C/∂u (their sum); another runs
backward again without zero_grad, and the gradients pile up.

PyTorch computes everything: "loading PyTorch…" until app.torch_status is
"ready"; the scene module (which imports torch) is imported only then.
"""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import Static

from tui.screens.lesson import LessonScreen

MAX_PASSES = 50  # tui.scenes.sharing.MAX_PASSES

NOTES = {
    "en": {"piled": "{n} passes piled up already: press z (zero_grad) or b.",
           "first": "u.grad was empty, so this first pass is like b. Press a again to pile up.",
           "empty": "u.grad is empty: press b (backward) first.",
           "step": "step with {n} pass{es} in u.grad: C {before:.4f} → {after:.4f} ({verb})",
           "up": "went up", "down": "went down"},
    "ko": {"piled": "이미 {n}패스가 쌓였다: z(zero_grad)나 b를 누르자.",
           "first": "u.grad가 비어 있었으므로 이 첫 패스는 b와 같다. a를 다시 누르면 쌓인다.",
           "empty": "u.grad가 비어 있다: 먼저 b(역전파)를 누르자.",
           "step": "u.grad에 {n}패스가 든 채로 스텝: C {before:.4f} → {after:.4f} ({verb})",
           "up": "올라감", "down": "내려감"},
}


class SharingScreen(LessonScreen):
    lesson_key = "sharing"
    DRAWS_WITH_TORCH = True  # until PyTorch is in, the plot says it loads (or failed)

    DEFAULT_CSS = """
    SharingScreen #explain {
        width: 34%;
    }
    SharingScreen #plot {
        border-subtitle-align: left;
    }
    SharingScreen #sh-info {
        height: auto;
        padding: 0 1;
    }
    """

    INFO_ID = "sh-info"

    BINDINGS = [
        Binding("b", "backward", "Backward", tooltip="zero_grad, forward, backward: ∂C/∂w and ∂C/∂u"),
        Binding("a", "accumulate", "Again", tooltip="Forward and backward again WITHOUT zero_grad: "
                "gradients accumulate"),
        Binding("s", "sgd_step", "Step", tooltip="optimizer.step() with what u.grad holds now"),
        Binding("z", "zero_grad", "zero_grad", tooltip="Clear u.grad"),
        Binding("r", "reset", "Reset", tooltip="Back to the starting u"),
        *LessonScreen.BINDINGS,
    ]

    def __init__(self) -> None:
        super().__init__()
        self.sv = None  # a tui.scenes.sharing.SharingView once PyTorch is ready

    def on_mount(self) -> None:
        self.plot.border_title = "weight sharing"
        self.follow_torch()

    @property
    def ready(self) -> bool:
        return self.sv is not None

    def torch_ready(self) -> None:
        if self.sv is None:
            self.build()


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
        from tui.charset import fit_text
        from tui.scenes.sharing import legend_for

        sv = self.sv
        if sv is None:
            return
        self.plot.border_title = sv.title()
        from tui.canvas import legend_mark
        from tui.scenes.sharing import GLYPHS

        self.plot.border_subtitle = fit_text("  ".join(f"[{style}]{legend_mark(GLYPHS.get(style))}{label}[/]"
                                                      for label, style in legend_for(sv.lang)))
        self.plot.set_scene(sv.scene(legend=False))
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
        return {"step": 0, "options": options}

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
        self.redraw()


SCREEN = SharingScreen  # the lesson registry finds the screen by this name (tui/lessons.py)
