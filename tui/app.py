"""The nn-explorer Textual app: lesson registry, global keys, command palette.

Start-up stays light: this module imports Textual and the home screen only.
Lesson screens are imported when first opened, and PyTorch is imported in a
background thread after the first screen has been painted.
"""

from __future__ import annotations

import time
from pathlib import Path
from dataclasses import dataclass

from textual import work
from textual.app import App
from textual.reactive import reactive

from tui import heap
from tui.lessons import get_lesson
from tui.words import bind, localise_bindings, text


def _is_lesson(screen) -> bool:
    """A lesson screen (checked without importing the lesson module at start-up)."""
    return bool(getattr(screen, "lesson_key", ""))


def _lesson_commands():
    """The palette's provider, imported when the palette first opens."""
    from tui.commands import LessonCommands

    return LessonCommands


@dataclass
class Settings:
    seed: int = 0
    device: str = "auto"  # auto | cpu | cuda
    lang: str = "en"  # en | ko
    train_steps: int = 2000
    train_lr: float = 1e-2
    animate: bool = True  # False: steps jump at once (tests)
    anim_speed: float = 1.0  # > 1 plays faster (tests)
    preload_torch: bool = True
    cursor_blink: bool = True  # off in snapshot tests
    export_dir: str = "."  # where e writes the plot's text and the screen's SVG
    charset: str = "braille"  # braille | block | ascii (tui.charset; the CLI resolves auto)
    color: bool = True  # False: --no-color or NO_COLOR; series told apart by glyph


class NNExplorer(App):
    TITLE = "nn-explorer"
    SUB_TITLE = text("app", "app.subtitle")
    CSS_PATH = Path(__file__).parent / "app.tcss"  # absolute: subclasses live elsewhere
    COMMANDS = App.COMMANDS | {_lesson_commands}
    BINDINGS = [
        bind("app", "quit", "q", "quit", id="quit"),
        bind("app", "help", "question_mark", "help", key_display="?", id="help"),
        bind("app", "lang", "L", "toggle_lang", key_display="L", show=False, id="lang"),
        # Textual's own palette key (it adds this one when the app has none), with words of ours
        bind("app", "palette", App.COMMAND_PALETTE_BINDING, "command_palette", show=False, priority=True),
    ]

    #: "loading", "ready" or "failed"; lesson screens watch it
    torch_status: reactive[str] = reactive("idle")

    def action_command_palette(self) -> None:
        """Textual's palette, guarded against being closed mid-search (see
        ``tui.commands.SafeCommandPalette``)."""
        from textual.command import CommandPalette

        from tui.commands import SafeCommandPalette

        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(SafeCommandPalette(placeholder=text("app", "palette.search", self.lang),
                                                id="--command-palette"))

    def get_system_commands(self, screen):
        """Textual's own palette commands (Theme, Quit, Keys, ...), in the
        app's language ([system.TITLE] of assets/words/app.toml)."""
        from tui.words import has

        for command in super().get_system_commands(screen):
            key = f"system.{command.title}"
            if command.title == "Keys" and "Hide" in command.help:
                key = "system.Keys_hide"
            if has("app", key):
                title, help_text = text("app", key, self.lang)
                command = command._replace(title=title, help=help_text)
            yield command

    def __init__(self, lesson: str | None = None, settings: Settings | None = None):
        super().__init__()
        self.settings = settings or Settings()
        self.start_lesson = lesson
        self.device_name = "?"
        self.torch_error = ""
        #: lesson key -> what that lesson keeps between visits (LessonScreen.kept)
        self.lesson_memory: dict[str, dict] = {}
        self._t0 = time.perf_counter()
        self._set_up_output()
        self.sub_title = text("app", "app.subtitle", self.lang)
        localise_bindings(self, self.lang)

    def _set_up_output(self) -> None:
        """The charset and colour (tui.charset): the canvas and the widgets
        read them; a line filter fits everything Textual draws itself
        (borders, footer, scrollbars, toasts, the palette) to the charset,
        and without colour no colour at all is written (Textual's Monochrome
        filter would still write grey levels as colours)."""
        from textual.filter import Monochrome, NoColor

        from tui import charset as cs

        cs.configure(self.settings.charset, self.settings.color)
        if not self.settings.color:
            self.no_color = True
            self._filters = [f for f in self._filters if not isinstance(f, (Monochrome, NoColor))]
            self._filters.append(NoColor())
        from textual.scrollbar import ScrollBar, ScrollBarRender

        # a class attribute: set for every app made in this process (tests make several)
        ScrollBar.renderer = ScrollBarRender if self.settings.charset == "braille" else cs.scrollbar_renderer()
        if self.settings.charset != "braille":
            self._filters.append(cs.charset_filter(self.settings.charset))

    def get_key_display(self, binding) -> str:
        from tui.charset import fit_text

        return fit_text(super().get_key_display(binding), self.settings.charset)

    def notify(self, message, *args, **kwargs):
        from tui.charset import fit_text

        if isinstance(message, str):
            message = fit_text(message, self.settings.charset)
        return super().notify(message, *args, **kwargs)

    @property
    def compute_device(self) -> str:
        """The device the lessons compute on: PyTorch's once loaded; before,
        what ``--device`` will give (auto keeps the lessons on the CPU)."""
        if self.torch_status == "ready":
            return self.device_name
        return "cuda" if self.settings.device == "cuda" else "cpu"

    @property
    def lang(self) -> str:
        return self.settings.lang

    def push_screen(self, screen, *args, **kwargs):
        result = super().push_screen(screen, *args, **kwargs)
        if not self.settings.cursor_blink:
            self.call_after_refresh(self._stop_blinking)
        return result

    def _stop_blinking(self) -> None:
        """Snapshot tests: no blinking cursor in any input (e.g. the palette's)."""
        for node in self.screen.query("*"):
            if hasattr(node, "cursor_blink"):
                node.cursor_blink = False

    def get_default_screen(self):
        """The bottom of the stack: home, or the lesson asked for on the
        command line (then home is never painted before it)."""
        if self.start_lesson:
            return self._lesson_screen(self.start_lesson)
        from tui.screens.home import HomeScreen  # (not imported when a lesson opens first)

        return HomeScreen()

    def on_mount(self) -> None:
        self.call_after_refresh(self._after_first_paint)

    def _after_first_paint(self) -> None:
        self.log.info(f"first paint after {1000 * (time.perf_counter() - self._t0):.0f} ms")
        if self.start_lesson is None:
            self.preload_torch()
        # else: the lesson screen asks once it has been painted

    def preload_torch(self) -> None:
        """Import PyTorch in the background a moment after the screen shows:
        the import holds the interpreter lock for seconds, and the screen the
        user is waiting for must be painted first."""
        if self.settings.preload_torch and self.torch_status == "idle":
            self.set_timer(0.2, self.load_torch)

    # ------------------------------------------------------------- PyTorch
    def load_torch(self) -> None:
        if self.torch_status in ("loading", "ready"):
            return
        self.torch_status = "loading"
        # before the first thread of ours (every training waits for PyTorch), not at start-up: ctypes'
        # import is then not on the way to the first paint (tui/heap.py)
        heap.limit_arenas()
        self._load_torch()

    @work(thread=True, exclusive=True, group="torch", exit_on_error=False)
    def _load_torch(self) -> None:
        try:
            from tui import priority
            from tui.torchload import preload

            priority.lower()  # this thread only: the screen keeps the CPU (tui/priority.py)
            preload()  # torch's libraries mapped without the interpreter lock (tui/torchload.py)
            import torch  # the slow import, off the UI thread

            # the lessons' networks are tiny: more threads only fight the UI for the CPU
            torch.set_num_threads(1)

            from models.device import interactive_device

            device = str(interactive_device(self.settings.device))
        except Exception as exc:  # noqa: BLE001 - reported to the user, not raised
            self.call_from_thread(self._torch_failed, f"{exc.__class__.__name__}: {exc}")
            return
        self.call_from_thread(self._torch_ready, device)

    def _torch_ready(self, device: str) -> None:
        self.device_name = device
        self.torch_status = "ready"

    def _torch_failed(self, message: str) -> None:
        self.torch_error = message
        self.torch_status = "failed"
        self.notify(text("app", "app.torch_failed", self.lang, error=message), severity="error", timeout=10)

    # ------------------------------------------------------------- lessons
    @staticmethod
    def _lesson_screen(key: str):
        return get_lesson(key).screen_class()()

    def open_lesson(self, key: str) -> None:
        """The stack is [home, one lesson] (or [lesson] when started on one):
        a new lesson replaces the one shown."""
        screen = self._lesson_screen(key)
        while len(self.screen_stack) > 1 and not _is_lesson(self.screen_stack[-1]):
            self.pop_screen()  # overlays (help, palette)
        if _is_lesson(self.screen_stack[-1]):
            self._replace_top(screen)
        else:
            self.push_screen(screen)

    def go_home(self) -> None:
        while len(self.screen_stack) > 1:
            self.pop_screen()
        from tui.screens.home import HomeScreen

        if not isinstance(self.screen, HomeScreen):
            self._replace_top(HomeScreen())

    def _replace_top(self, screen) -> None:
        """switch_screen, also when the top is the default screen (a lesson
        opened from the command line): Textual never pushed that one, so it
        has no result-callback entry for switch_screen to pop (IndexError)."""
        top = self.screen
        if not getattr(top, "_result_callbacks", True):
            top._push_result_callback(top, None)
        self.switch_screen(screen)

    # ---------------------------------------------------------- global keys
    def action_help(self) -> None:
        from tui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            self.pop_screen()
            return
        self.push_screen(HelpScreen(self.screen))

    def action_toggle_lang(self) -> None:
        from tui.charset import shows_korean

        if self.settings.lang == "en" and not shows_korean(self.settings.charset):
            self.notify(text("app", "app.no_hangul", "en", charset=self.settings.charset))
            return
        self.settings.lang = "ko" if self.settings.lang == "en" else "en"
        self.sub_title = text("app", "app.subtitle", self.lang)
        localise_bindings(self, self.lang)
        for screen in self.screen_stack:
            if hasattr(screen, "localise"):
                screen.localise()
            if hasattr(screen, "on_lang_changed"):
                screen.on_lang_changed()
