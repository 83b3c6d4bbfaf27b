"""The motif2d lesson: tell C from D with hand-made end-point and corner
templates swept over the image; move the letter and watch the detections
follow while the counts stay put. numpy only: it shows without PyTorch."""

from __future__ import annotations

from dataclasses import replace

from tui.screens.lesson import LessonScreen, next_option
from tui.words import tables

#: the status line's words and the notices (assets/words/motif2d.toml [status], [notes])
STATUS_WORDS = {lang: {**words, "dist_names": tables("motif2d", "status.dist_names")[lang]}
                for lang, words in tables("motif2d", "status").items()}
NOTES = tables("motif2d", "notes")
TITLES = {lang: notes["plot_title"] for lang, notes in NOTES.items()}


class Motif2dScreen(LessonScreen):
    lesson_key = "motif2d"

    def __init__(self) -> None:
        super().__init__()
        self.state = None  # a MotifState once numpy is in
        self.analysis = None
        self._ready = False

    @property
    def ready(self) -> bool:
        return self._ready

    def export_state(self) -> dict | None:
        """``render motif2d`` options for the state shown (defaults left out)."""
        s = self.state
        if s is None:
            return None
        options = {"glyph": s.glyph, "dx": str(s.dx), "dy": str(s.dy)}
        if s.noise:
            options["noise"] = str(s.noise)
        if s.thick:
            options["thick"] = "1"
        if s.distortion != "none":
            options["distortion"] = s.distortion
        if not s.shared:
            options["shared"] = "0"
        if self.lang != "en":
            options["lang"] = self.lang
        return {"options": options, "seed": s.seed}

    def on_mount(self) -> None:
        self.plot.border_title = TITLES.get(self.lang, TITLES["en"])
        self.plot.set_message(NOTES.get(self.lang, NOTES["en"])["sweeping"])
        self.call_after_refresh(self._first)

    def _first(self) -> None:
        from models.motif2d import MotifState

        if not self.open_asked_state():
            self.state = MotifState(seed=self.app.settings.seed)
            self.recompute()
        self._ready = True

    def apply_state(self, state) -> None:
        """Open on ``render motif2d``'s state (tui.scenes.motif2d.Motif2dArgs)."""
        self.state = state.state
        self.recompute()

    # ------------------------------------------------------------ drawing
    def recompute(self) -> None:
        from models import motif2d as m
        from tui.scenes.motif2d import picture

        try:
            self.analysis = m.analyse(self.state)
        except m.GlyphError as exc:
            self.analysis = None
            self.plot.set_message(NOTES.get(self.lang, NOTES["en"])["cannot"].format(error=exc))
            self.notify(str(exc), severity="error", timeout=8)
            return
        self.state = self.analysis.state
        a = self.analysis
        self.plot.set_builder(lambda w, h: picture(a, w, h, self.lang))
        self.refresh_status()

    def refresh_status(self) -> None:
        a = self.analysis
        if a is None:
            return
        from models.motif2d import truth

        w = STATUS_WORDS.get(self.lang, STATUS_WORDS["en"])
        s = a.state
        dec = w["neither"] if a.decision == "neither" else a.decision
        want = truth(s.glyph)
        mark = "[green]✓[/]" if a.correct else \
            f"[red]✗ {w['expected']} {w['neither'] if want == 'neither' else want}[/]"
        self.set_status(
            f"[b]{s.glyph}[/b] ({s.dx:+d},{s.dy:+d}) · {w['noise']} {100 * s.noise:.0f}% · "
            f"{w['thick'] if s.thick else w['thin']} · {w['dist']} {w['dist_names'].get(s.distortion, s.distortion)} · "
            f"{w['shared'] if s.shared else w['tied']} · {w['ends']} [b]{a.ends}[/b] {w['corners']} [b]{a.corners}[/b] → [b]{dec}[/b] {mark}")

    def _change(self, **changes) -> None:
        if self.state is None:
            return
        self.state = replace(self.state, **changes).clamped()
        self.recompute()

    # ------------------------------------------------------------ actions
    def action_move(self, ddx: int, ddy: int) -> None:
        """Move the letter by (ddx, ddy) pixels: right and down."""
        if self.state is None:
            return
        self.state = self.state.moved(ddy, ddx)
        self.recompute()

    def action_centre(self) -> None:
        self._change(dy=0, dx=0)

    def action_next_glyph(self) -> None:
        from models.motif2d import GLYPHS

        if self.state is not None:
            self._change(glyph=next_option(GLYPHS, self.state.glyph))

    def action_toggle_shared(self) -> None:
        if self.state is not None:
            self._change(shared=not self.state.shared)

    def action_cycle_noise(self) -> None:
        from models.motif2d import NOISE_LEVELS

        if self.state is not None:
            self._change(noise=next_option(NOISE_LEVELS, self.state.noise))

    def action_toggle_thick(self) -> None:
        if self.state is not None:
            self._change(thick=not self.state.thick)

    def action_cycle_distortion(self) -> None:
        from models.motif2d import DISTORTIONS

        if self.state is not None:
            self._change(distortion=next_option(DISTORTIONS, self.state.distortion))

    def action_reseed(self) -> None:
        if self.state is None:
            return
        if self.state.noise == 0:
            self.notify(NOTES.get(self.lang, NOTES["en"])["no_noise"], timeout=3)
            return
        self._change(seed=self.state.seed + 1)

    def on_lang_changed(self) -> None:
        super().on_lang_changed()
        self.plot.border_title = TITLES.get(self.lang, TITLES["en"])
        if self.analysis is not None:
            self.recompute()


SCREEN = Motif2dScreen  # the lesson registry finds the screen by this name (tui/lessons.py)
