"""Command line: ``nn-explorer [LESSON]``, ``render``, ``claims``, ``sweep``.

Every bad input ends with one line on stderr and exit status 2; a claim that
fails ends with exit status 1. No tracebacks for things the user typed.
"""

from __future__ import annotations

import argparse
import os
import sys

from tui.lessons import LESSONS, LessonError, get_lesson

COMMANDS = ("render", "claims", "sweep", "serve")


class UsageError(Exception):
    """A one-line message for the user; exit status 2."""


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args, epilog_of=None, **kwargs):
        """``epilog_of``: a function giving the epilog, called only when the
        help is printed (the lessons' option words are read from their files)."""
        super().__init__(*args, **kwargs)
        self._epilog_of = epilog_of

    def format_help(self) -> str:
        if self._epilog_of is not None:
            self.epilog = self._epilog_of()
        return super().format_help()

    def error(self, message: str) -> None:  # one line, not usage + error
        raise UsageError(f"{message} (see {self.prog} --help)")


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version  # slow: only for --version

    try:
        return version("nn-explorer")
    except PackageNotFoundError:
        return "unknown"


class _VersionAction(argparse.Action):
    def __init__(self, option_strings, dest, **kwargs):
        super().__init__(option_strings, dest, nargs=0, help="show the version and exit")

    def __call__(self, parser, namespace, values, option_string=None):
        print(f"nn-explorer {_version()}")
        parser.exit()


def _whole(what: str, lo: int, hi: int):
    """An argparse type: a whole number from lo to hi, with one-line errors
    that name ``what``."""
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{what} must be a whole number, not {text!r}") from None
        if not lo <= value <= hi:
            raise argparse.ArgumentTypeError(f"{what} must be between {lo} and {hi}, not {value}")
        return value

    return parse


_seed = _whole("seed", 0, 2**31 - 1)


def _size(text: str) -> tuple[int, int]:
    try:
        w, h = (int(p) for p in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"size must look like 120x40, not {text!r}") from None
    if not (20 <= w <= 1000 and 8 <= h <= 500):
        raise argparse.ArgumentTypeError(f"size {w}x{h} is out of range (20x8 to 1000x500)")
    return w, h


def _int(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, not {text!r}") from None


def _option(text: str) -> tuple[str, str]:
    key, sep, value = text.partition("=")
    if not sep or not key.strip():
        raise argparse.ArgumentTypeError(f"an option looks like KEY=VALUE, not {text!r}")
    return key.strip(), value.strip()


def _lesson_list() -> str:
    return "\n".join(f"  {lesson.key:<10} {lesson.title}" for lesson in LESSONS)


def _add_charset(p: _Parser, default: str = "(default: $NN_EXPLORER_CHARSET, else auto)") -> None:
    p.add_argument("--charset", choices=("auto", "braille", "block", "ascii"), default=None,
                   help="characters to draw with: braille (dots, needs a UTF-8 font with braille), block "
                        "(the Linux console's CP437 blocks and lines), ascii (printable ASCII only), or auto: "
                        "ascii where the locale is not UTF-8, block where TERM=linux, braille otherwise " + default)


def state_options_text(lang: str = "en") -> str:
    """Every lesson's state options with what they do (its words, ``[options.NAME]``):
    the epilog of ``render --help`` and ``nn-explorer --help``."""
    lines = []
    for lesson in LESSONS:
        lines.append(f"  {lesson.key}")
        for option in lesson.state_options:
            lines.append(f"    {option.spelling:<18} {option.help_in(lang)}")
    return "\n".join(lines)


def _add_state(p: _Parser) -> None:
    """The state options ``render LESSON`` and ``nn-explorer LESSON`` share:
    the same names, checked by the same code (tui/state.py)."""
    p.add_argument("--step", type=_int, default=None, help="the step to show (each lesson's: see below)")
    p.add_argument("--dataset", default=None, help="data set (fold: spiral2, spiral3, circles, moons, xor)")
    p.add_argument("--width", type=_int, default=None, help="hidden width (fold: 2, 3, 4, 8)")
    p.add_argument("-o", "--option", type=_option, action="append", default=[], metavar="KEY=VALUE",
                   help="a lesson's state option (repeatable; each lesson's: see below)")


def main_parser() -> _Parser:
    p = _Parser(
        prog="nn-explorer",
        description="Watch the ideas of a deep-learning lecture happen, in the terminal.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog_of=lambda: ("lessons:\n" + _lesson_list() + "\n\n"
                "nn-explorer LESSON [--step N] [--dataset D] [--width W] [-o KEY=VALUE ...] opens the lesson\n"
                "in that state, as render LESSON draws it; the state options of each lesson:\n"
                + state_options_text(locale_lang()) + "\n\ncommands:\n"
                "  nn-explorer render LESSON [--step N] [--size WxH] [--no-color] [--charset C]\n"
                "                            print what the lesson's plot shows, as text\n"
                "  nn-explorer claims [LESSON] [--json]\n"
                "                            check the lecture's statements by computing them\n"
                "  nn-explorer sweep [--dataset D | --data FILE.csv] [--widths 2,3,4,8,16] [--depths 4]\n"
                "                    [--seeds 100] [--steps 1000] [--activation relu|leaky|tanh]\n"
                "                    [--device auto|cpu|cuda] [--json]\n"
                "                            train many seeds per width at once; success rates\n"
                "  nn-explorer serve [--host 127.0.0.1] [--port 8000]\n"
                "                            serve the app to browsers (one app per tab)\n"),
    )
    p.add_argument("lesson", nargs="?", help="open this lesson directly (default: the list of lessons)")
    _add_state(p)
    p.add_argument("--seed", type=_seed, default=0, help="seed of the data and of the first retraining (default 0)")
    p.add_argument("--device", choices=("auto", "cpu", "cuda"), default="auto",
                   help="where the lessons compute: auto keeps them on the CPU (their networks are tiny), "
                        "cuda puts everything on CUDA (default auto)")
    p.add_argument("--lang", choices=("en", "ko"), default=None,
                   help="language (default: Korean where the locale is Korean, LC_ALL, LC_MESSAGES or LANG "
                        "starting with ko; English otherwise)")
    _add_charset(p)
    p.add_argument("--no-color", action="store_true",
                   help="no colours (as with NO_COLOR set): every series drawn with its own glyph")
    p.add_argument("--export-dir", default=".", metavar="DIR",
                   help="where e saves the plot as text and the screen as SVG (default: here)")
    p.add_argument("--data", default=None, metavar="FILE.csv",
                   help="fold: your own data set, rows of x,y,label (header optional; 2 to 8 classes; at most "
                        "20000 rows), scaled into the input square; it joins the data sets of d and trains live")
    p.add_argument("--version", action=_VersionAction)
    return p


def render_parser() -> _Parser:
    p = _Parser(prog="nn-explorer render", description="Print what a lesson's plot shows, as text.",
                formatter_class=argparse.RawDescriptionHelpFormatter,
                epilog_of=lambda: "the state options of each lesson (nn-explorer LESSON takes the same):\n"
                                  + state_options_text(locale_lang()))
    p.add_argument("lesson")
    _add_state(p)
    p.add_argument("--size", type=_size, default=(100, 32), help="WxH in characters (default 100x32)")
    p.add_argument("--no-color", action="store_true",
                   help="plain text, no colours (also with NO_COLOR set): every series drawn with its own glyph")
    _add_charset(p)
    p.add_argument("--seed", type=_seed, default=0, help="seed of the data (default 0)")
    p.add_argument("--lang", choices=("en", "ko"), default=None,
                   help="language of the words drawn (default en; the same as -o lang=)")
    p.add_argument("--data", default=None, metavar="FILE.csv",
                   help="fold: a network trained on your own data, rows of x,y,label (the same as -o data=FILE)")
    return p


def claims_parser() -> _Parser:
    p = _Parser(prog="nn-explorer claims",
                description="Run each lesson's claims (the lecture's statements) as live computations.")
    p.add_argument("lesson", nargs="?")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.add_argument("--device", choices=("auto", "cpu", "cuda"), default="cpu")
    return p


def _int_list(text: str) -> tuple[int, ...]:
    try:
        values = tuple(int(p) for p in text.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected whole numbers separated by commas, not {text!r}") from None
    return values


def sweep_parser() -> _Parser:
    p = _Parser(prog="nn-explorer sweep",
                description="The Width lesson's experiment: train one network per seed for every width and "
                            "depth, all seeds at once, and print the success rates.")
    p.add_argument("--dataset", default=None, help="spiral2, spiral3, circles, moons or xor (default circles)")
    p.add_argument("--widths", type=_int_list, default=(2, 3, 4, 8, 16), help="hidden widths (default 2,3,4,8,16)")
    p.add_argument("--depths", type=_int_list, default=(4,), help="numbers of hidden layers (default 4)")
    p.add_argument("--seeds", type=_int, default=100, help="seeds per width and depth (default 100)")
    p.add_argument("--steps", type=_int, default=1000, help="full-batch Adam steps (default 1000)")
    p.add_argument("--lr", type=float, default=1e-2, help="Adam learning rate (default 0.01)")
    p.add_argument("--points", type=_int, default=1000, help="points in the data set (default 1000)")
    p.add_argument("--device", choices=("auto", "cpu", "cuda"), default="auto",
                   help="where to train: auto takes CUDA when present (default auto)")
    p.add_argument("--activation", choices=("relu", "leaky", "tanh"), default="relu",
                   help="the hidden layers' activation (default relu)")
    p.add_argument("--data", default=None, metavar="FILE.csv",
                   help="your own data set instead of --dataset: rows of x,y,label (header optional; 2 to 8 "
                        "classes; at most 20000 rows), scaled into the input square")
    p.add_argument("--threads", type=_int, default=None,
                   help="PyTorch CPU threads (default: the measured best, see models/width.py)")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    return p


_port = _whole("port", 1, 65535)
_count = _whole("the number of sessions", 1, 10_000)


def _minutes(text: str) -> float:
    import math

    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of minutes, not {text!r}") from None
    if not (math.isfinite(value) and 0 < value <= 7 * 24 * 60):
        raise argparse.ArgumentTypeError(f"minutes must be more than 0 and at most a week, not {text}")
    return value


def serve_parser() -> _Parser:
    p = _Parser(prog="nn-explorer serve",
                description="Serve the app to web browsers with textual-serve: each browser tab runs its own "
                            "app. Loopback only by default; from a laptop, reach a server's app with "
                            "ssh -L 8000:127.0.0.1:8000 USER@SERVER and open http://127.0.0.1:8000.")
    p.add_argument("lesson", nargs="?", help="open this lesson in every tab (default: the list of lessons)")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=_port, default=8000, help="port (default 8000)")
    p.add_argument("--public-url", default=None,
                   help="the address browsers use to reach this server, if not http://HOST:PORT "
                        "(e.g. behind a forwarded port)")
    p.add_argument("--seed", type=_seed, default=0)
    p.add_argument("--device", choices=("auto", "cpu", "cuda"), default="auto")
    p.add_argument("--lang", choices=("en", "ko"), default=None,
                   help="language of every tab (default: from the locale, as for the app)")
    _add_charset(p, "for every tab (default: $NN_EXPLORER_CHARSET, else braille: a browser has every glyph)")
    p.add_argument("--max-sessions", type=_count, default=None, metavar="N",
                   help="at most N app processes at once; more tabs get a 'lab is full' page (default: as many "
                        "as 80%% of the memory available holds at 300 MB a session, at most 64)")
    p.add_argument("--idle-timeout", type=_minutes, default=30.0, metavar="MINUTES",
                   help="end a session after this many minutes without a key (default 30)")
    p.add_argument("--present", action="store_true",
                   help="one app for the whole class: the presenter drives it from /present/TOKEN, "
                        "everyone else watches it from / (read-only)")
    p.add_argument("--token", default=None,
                   help="with --present: the presenter's token (default: a random one, printed at start)")
    return p


def locale_lang(environ=None) -> str:
    """ko where the locale says Korean: the first of LC_ALL, LC_MESSAGES and
    LANG that is set decides (as gettext reads them); en otherwise."""
    import os

    environ = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name, "")
        if value:
            return "ko" if value.lower().startswith("ko") else "en"
    return "en"


def resolve_charset(flag: str | None, environ=None) -> str:
    """--charset, else NN_EXPLORER_CHARSET, else auto (see tui.charset)."""
    from tui.charset import resolve

    try:
        return resolve(flag, environ)
    except ValueError as exc:
        raise UsageError(str(exc)) from None


def color_off(flag: bool, environ=None) -> bool:
    """No colour: --no-color, or NO_COLOR set (https://no-color.org)."""
    import os

    environ = os.environ if environ is None else environ
    return bool(flag) or "NO_COLOR" in environ


def lang_for_charset(lang: str, charset: str) -> str:
    """Korean where the charset can show Hangul; English with a one-line
    notice on stderr where it cannot (block, ascii)."""
    from tui.charset import shows_korean
    from tui.words import text

    if lang == "ko" and not shows_korean(charset):
        print("nn-explorer: " + text("app", "app.no_hangul", "en", charset=charset), file=sys.stderr)
        return "en"
    return lang


def check_lesson(key: str | None) -> None:
    """An unknown lesson is a usage error."""
    if key is not None:
        try:
            get_lesson(key)
        except LessonError as exc:
            raise UsageError(str(exc)) from None


def check_export_dir(path: str) -> None:
    import os

    if not os.path.isdir(path):
        raise UsageError(f"--export-dir {path}: no such folder")
    if not os.access(path, os.W_OK | os.X_OK):
        raise UsageError(f"--export-dir {path}: this folder cannot be written to")


def load_data(path: str | None, lesson: str | None = "fold"):
    """The --data file as a Dataset (None without --data); a bad file is a
    usage error naming the file and the row. Only the fold lesson (and
    sweep, which trains its networks) takes one."""
    if path is None:
        return None
    if lesson != "fold":
        raise UsageError(f"--data goes with the fold lesson, not {lesson}")
    from models.fold.datasets import DataFileError, load_csv

    try:
        return load_csv(path)
    except DataFileError as exc:
        raise UsageError(str(exc)) from None


def check_device(name: str) -> None:
    """'cuda' without a CUDA device is a usage error, found before the app starts."""
    if name != "cuda":
        return
    import torch

    if not torch.cuda.is_available():
        raise UsageError("--device cuda: no CUDA device is available here (use --device cpu or auto)")


# ------------------------------------------------------------------ commands


def state_from_args(args, lang_flag: str | None):
    """The lesson's state of ``--step``, ``--dataset``, ``--width``,
    ``--seed`` and ``-o`` (and ``--data``, the same as ``-o data=``),
    checked as ``render`` checks them (tui/state.py); ``lang`` from
    ``--lang`` or ``-o lang=`` (they must agree). Returns (state or None,
    lang or None); a bad value is a UsageError."""
    from tui.state import given, parse_state
    from tui.render import RenderError

    options = dict(args.option)
    if args.data is not None and args.lesson == "fold":
        if options.get("data", args.data) != args.data:
            raise UsageError(f"--data {args.data} and -o data={options['data']} differ")
        options["data"] = args.data
    lang = lang_flag
    lang_from_o = "lang" in options  # (--lang is checked by argparse; -o lang= by the lesson, below)
    if "lang" in options:
        if lang is not None and options["lang"] != lang:
            raise UsageError(f"--lang {lang} and -o lang={options['lang']} differ")
        lang = options["lang"]
    elif lang is not None:
        options["lang"] = lang
    if not given(args.step, args.dataset, args.width, {k: v for k, v in options.items() if k != "lang"}):
        if args.lesson is not None and lang_from_o:  # a bad -o lang= is the same error as render's
            try:
                parse_state(args.lesson, options={"lang": options["lang"]})
            except RenderError as exc:
                raise UsageError(str(exc)) from None
        return None, lang
    if args.lesson is None:
        raise UsageError("--step, --dataset, --width and -o go with a lesson: nn-explorer LESSON --step N ...")
    try:
        state = parse_state(args.lesson, step=args.step, dataset=args.dataset, width=args.width, seed=args.seed,
                            options=options)
    except RenderError as exc:
        raise UsageError(str(exc)) from None
    return state, lang


def cmd_run(argv: list[str]) -> int:
    args = main_parser().parse_args(argv)
    check_lesson(args.lesson)
    if args.data is not None and args.lesson is None:
        args.lesson = "fold"  # a data file opens the lesson that draws it
    if args.lesson != "fold":
        load_data(args.data, args.lesson)  # (a usage error: only fold takes a file)
    state, lang_asked = state_from_args(args, args.lang)
    data = getattr(state, "data", None)  # fold's --data or -o data=FILE, loaded and checked there
    if state is not None:
        from tui.screens.lesson import LessonScreen

        if get_lesson(args.lesson).screen_class().apply_state is LessonScreen.apply_state:
            raise UsageError(f"the {args.lesson} lesson cannot open in a state yet "
                             f"(nn-explorer render {args.lesson} draws it)")
    check_device(args.device)
    from tui.app import NNExplorer, Settings

    check_export_dir(args.export_dir)
    charset = resolve_charset(args.charset)
    color = not color_off(args.no_color)
    from tui.charset import configure

    configure(charset, color)
    lang = lang_for_charset(lang_asked or locale_lang(), charset)
    app = NNExplorer(args.lesson, Settings(seed=args.seed, device=args.device, lang=lang,
                                           export_dir=args.export_dir, charset=charset, color=color))
    if data is not None:  # the Fold screen finds it in its session memory (tui/screens/fold.py)
        app.lesson_memory.setdefault("fold", {})["user_data"] = data
    if state is not None:  # the lesson's screen opens on it (LessonScreen.apply_state)
        app.lesson_memory.setdefault(args.lesson, {})["open_state"] = state
    app.run()
    return app.return_code or 0


def cmd_render(argv: list[str]) -> int:
    args = render_parser().parse_args(argv)
    check_lesson(args.lesson)
    charset = resolve_charset(args.charset)
    no_color = color_off(args.no_color)
    from tui.charset import configure
    from tui.render import RenderError, render_lesson

    configure(charset, not no_color)
    options = dict(args.option)
    if args.data is not None:
        if args.lesson != "fold":
            raise UsageError(f"--data goes with the fold lesson, not {args.lesson}")
        options["data"] = args.data
    if args.lang is not None:
        if options.get("lang", args.lang) != args.lang:
            raise UsageError(f"--lang {args.lang} and -o lang={options['lang']} differ")
        options["lang"] = args.lang
    if "lang" in options:
        options["lang"] = lang_for_charset(options["lang"], charset)
    try:
        lines = render_lesson(args.lesson, step=args.step, size=args.size, dataset=args.dataset,
                              width=args.width, seed=args.seed, options=options)
    except RenderError as exc:
        raise UsageError(str(exc)) from None
    if no_color:
        from tui.canvas import runs_to_plain

        sys.stdout.write(runs_to_plain(lines) + "\n")
    else:
        from rich.console import Console
        from rich.text import Text

        console = Console(highlight=False, soft_wrap=True)
        for runs in lines:
            text = Text()
            for chunk, style in runs:
                text.append(chunk, style=style or None)
            text.rstrip()
            console.print(text)
    return 0


def cmd_claims(argv: list[str]) -> int:
    args = claims_parser().parse_args(argv)
    check_lesson(args.lesson)
    check_device(args.device)
    from models.claims import run_claims

    results = run_claims(args.lesson, device=args.device)
    if args.json:
        import json

        print(json.dumps([r.as_dict() for r in results], indent=2, ensure_ascii=False))
    else:
        for r in results:
            mark = "PASS" if r.passed else "FAIL"
            print(f"{mark}  [{r.lesson}] {r.claim}\n      {r.evidence}")
        failed = sum(not r.passed for r in results)
        print(f"{len(results) - failed} passed, {failed} failed")
    return 1 if any(not r.passed for r in results) else 0


def cmd_sweep(argv: list[str]) -> int:
    args = sweep_parser().parse_args(argv)
    from models.width import SWEEP_THREADS, SweepConfig

    data = load_data(args.data)
    if data is not None and args.dataset is not None:
        raise UsageError("--dataset and --data cannot both be given")
    cfg = SweepConfig(dataset=(args.dataset or "circles") if data is None else data.name, widths=args.widths, depths=args.depths,
                      seeds=args.seeds, steps=args.steps, lr=args.lr,
                      n_points=args.points if data is None else len(data),
                      activation=args.activation, data=data)
    try:
        cfg.check()
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    threads = SWEEP_THREADS if args.threads is None else args.threads
    if not 1 <= threads <= 256:
        raise UsageError(f"threads must be between 1 and 256, not {threads}")
    check_device(args.device)
    import torch

    from models.device import resolve_device
    from models.width import run_sweep, table

    torch.set_num_threads(threads)
    device = resolve_device(args.device)
    tty = sys.stderr.isatty()

    def on_cell(cell) -> None:
        if tty:
            print(f"width {cell.width}, depth {cell.depth}: {cell.successes_text()} in {cell.seconds:.1f} s",
                  file=sys.stderr, flush=True)

    try:
        result = run_sweep(cfg, device=device, on_cell=on_cell)
    except RuntimeError as exc:  # CUDA out of memory, busy or lost: the CPU, said once
        from models.device import is_cuda_failure, short_error

        if device.type == "cpu" or not is_cuda_failure(exc):
            raise
        print(f"nn-explorer sweep: CUDA failed ({short_error(exc)}); running on the CPU instead",
              file=sys.stderr, flush=True)
        device = torch.device("cpu")
        result = run_sweep(cfg, device=device, on_cell=on_cell)
    if args.json:
        out = result.value.as_dict(stopped=result.stopped)
        out["threads"] = threads
        import json

        print(json.dumps(out, indent=2))
    else:
        print(table(result))
    return 0


def cmd_serve(argv: list[str]) -> int:
    args = serve_parser().parse_args(argv)
    check_lesson(args.lesson)
    check_device(args.device)
    from tui.serve import ServeError, serve

    try:
        if args.token is not None and not args.present:
            raise UsageError("--token goes with --present")
        if args.token is not None and not (8 <= len(args.token) <= 128 and args.token.isascii()
                                           and all(c.isalnum() or c in "-_" for c in args.token)):
            raise UsageError("--token must be 8 to 128 letters, digits, - or _")
        import os

        from tui.charset import ENV_VAR

        # a browser draws every glyph: braille unless asked otherwise
        charset = resolve_charset(args.charset, {**os.environ, ENV_VAR: os.environ.get(ENV_VAR) or "braille"})
        lang = lang_for_charset(args.lang or locale_lang(), charset)
        serve(host=args.host, port=args.port, public_url=args.public_url, lesson=args.lesson, lang=lang, charset=charset,
              seed=args.seed, device=args.device, max_sessions=args.max_sessions,
              idle_minutes=args.idle_timeout, present=args.present, token=args.token)
    except ServeError as exc:
        raise UsageError(str(exc)) from None
    return 0


#: numpy's BLAS starts one thread per core when imported; the app's arrays are small (a thousand points),
#: and those threads only slow the import (measured here: median 132 -> 74 ms) and fight the screen for the CPU
BLAS_THREADS = {"OPENBLAS_NUM_THREADS": "1"}


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    for name, value in BLAS_THREADS.items():
        os.environ.setdefault(name, value)  # (a value the user set is kept)
    try:
        if argv and argv[0] == "render":
            return cmd_render(argv[1:])
        if argv and argv[0] == "claims":
            return cmd_claims(argv[1:])
        if argv and argv[0] == "sweep":
            return cmd_sweep(argv[1:])
        if argv and argv[0] == "serve":
            return cmd_serve(argv[1:])
        return cmd_run(argv)
    except UsageError as exc:
        print(f"nn-explorer: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


def entry() -> None:
    sys.exit(main())


if __name__ == "__main__":
    entry()
