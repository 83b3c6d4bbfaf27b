"""The frame every lesson screen shares: plot area, status line, progress row,
explanation panel, footer; keys t, PgUp/PgDn, Esc."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Footer, ProgressBar, Static

from tui.charset import fit_markup
from tui.lessons import BY_KEY
from tui.screens.base import BaseScreen
from tui.widgets.explain import ExplanationPanel


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


class LessonScreen(BaseScreen):
    lesson_key = ""

    BINDINGS = [
        Binding("t", "toggle_panel", "Text", show=False, tooltip="Hide or show the explanation panel", id="panel"),
        Binding("pageup", "scroll_text(-1)", "Text up", show=False, tooltip="Scroll the explanation up"),
        Binding("pagedown", "scroll_text(1)", "Text down", show=False, tooltip="Scroll the explanation down"),
        Binding("escape", "back", "Back", show=False, tooltip="Cancel training, or go back to the lessons",
                id="back"),
        Binding("e", "export", "Export", show=False,
                tooltip="Save the plot as text and the screen as SVG (in the export folder)", id="export"),
    ]

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
        yield Footer()

    def compose_main(self) -> ComposeResult:  # pragma: no cover - overridden
        yield from ()

    # -------------------------------------------------------------- helpers
    def set_status(self, markup: str) -> None:
        markup = fit_markup(markup)  # the charset's spelling of arrows, check marks, η ... (tui.charset)
        for status in self.query("#status").results(Static):  # none before compose or once gone
            status.update(markup)

    def show_progress(self, visible: bool) -> None:
        self.query_one("#progress-row").display = visible

    def torch_or_wait(self) -> bool:
        """True when PyTorch is ready to train with. Otherwise says why not on
        the progress row and returns False: a failed import is reported; a
        missing one is started, and ``pending_train`` asks the screen to
        train once it has loaded."""
        status = self.app.torch_status
        if status == "ready":
            return True
        if status == "failed":
            self.set_progress(0, 1, f"[red]cannot train: {self.app.torch_error}[/]")
            return False
        self.pending_train = True
        self.set_progress(0, 1, "loading PyTorch…")
        self.app.load_torch()
        return False

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
            text, command = self.export_text()
            paths = write_export(self.app, self.lesson_key, text, self.app.settings.export_dir)
        except ExportError as exc:
            self.notify(str(exc), severity="error", timeout=8)
            return
        how = f"\nSame text: {' '.join(command)}" if command else ""
        self.notify(f"Saved {paths[0]} and {paths[1]}{how}", title="Exported", timeout=8)

    # ------------------------------------------------------ session memory
    @property
    def kept(self) -> dict:
        """What this lesson keeps for the rest of the session (trained
        networks, finished sweeps): it outlives the screen, so leaving the
        lesson and coming back finds it again."""
        return self.app.lesson_memory.setdefault(self.lesson_key, {})

    # -------------------------------------------------------------- actions
    def on_mount(self) -> None:
        self.call_after_refresh(self.app.preload_torch)

    def on_unmount(self) -> None:
        """Drop this screen's watchers of app attributes (torch_status):
        Textual prunes them only when the attribute next changes, so every
        lesson screen opened and left would otherwise stay in memory."""
        prune_watchers(self.app, exclude=self)
        for screen in self.app.screen_stack:
            prune_watchers(*screen.query(Footer), exclude=self)
        release_render_caches()

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
        self.app.go_home()

    def on_lang_changed(self) -> None:
        self.query_one("#explain", ExplanationPanel).set_lang(self.lang)
