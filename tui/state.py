"""A lesson's state from the command line, as TensorFlow Playground keeps it
in its URL: ``render LESSON`` and ``nn-explorer LESSON`` take the same
state options (``--step``, ``--dataset``, ``--width``, ``--seed``, ``-o
KEY=VALUE``) and check them here, once, the same way.

``parse_state`` checks the option names against the lesson's descriptor
(tui/lessons.py), then hands the values to the lesson's own
``parse_state`` (``tui/scenes/KEY.py``), which checks them and returns the
lesson's typed state: ``render`` draws it (``draw(state, size)``), the
lesson's screen opens on it (``LessonScreen.apply_state``). Checking
trains nothing and imports no PyTorch; the one check that computes is
transform's ``--step N`` (a descent that diverges before step N is a bad
state: N steps of a 2-D descent, with PyTorch). A bad value raises
RenderError with one line."""

from __future__ import annotations

import importlib

from tui.render import RenderError


def check_names(lesson: str, options: dict[str, str]):
    """The lesson's descriptor, once every ``-o`` name is one it takes."""
    from tui.lessons import LessonError, get_lesson

    try:
        descriptor = get_lesson(lesson)
    except LessonError as exc:
        raise RenderError(str(exc)) from None
    unknown = sorted(set(options) - set(descriptor.option_names))
    if unknown:
        if not descriptor.options:
            raise RenderError(f"the {lesson} lesson takes no options (got: {', '.join(unknown)})")
        raise RenderError(f"unknown option{'s' if len(unknown) > 1 else ''} {', '.join(map(repr, unknown))} "
                          f"for {lesson} (options: {', '.join(descriptor.option_names)})")
    return descriptor


def check_flags(descriptor, **given) -> None:
    """A flag (``--step``, ``--dataset``, ``--width``) given to a lesson
    whose descriptor does not take it: one line naming the flags the lesson
    refuses and the options it takes instead."""
    from tui.lessons import FLAGS

    accepted = {flag.name for flag in descriptor.flags}
    if all(value is None or name in accepted for name, value in given.items()):
        return
    refused = [f"--{name}" for name in FLAGS if name not in accepted]
    names = refused[0] if len(refused) == 1 else ", ".join(refused[:-1]) + " or " + refused[-1]
    takes = [f"-o {name}=" for name in descriptor.option_names if name != "lang"][:3]
    raise RenderError(f"the {descriptor.key} lesson takes no {names}"
                      + (f" (its state options: {', '.join(takes)}...)" if takes else ""))


def scene_module(lesson: str):
    return importlib.import_module(f"tui.scenes.{lesson}")


def parse_state(lesson: str, *, step: int | None = None, dataset: str | None = None, width: int | None = None,
                seed: int = 0, options: dict[str, str] | None = None):
    """The lesson's typed state for these arguments (``tui.scenes.KEY.parse_state``),
    or RenderError with one line. The scene's ``parse_state`` gets its own
    copy of the options, every name one the lesson takes, and flags only of
    those it takes: it checks the values."""
    options = dict(options or {})
    check_flags(check_names(lesson, options), step=step, dataset=dataset, width=width)
    return scene_module(lesson).parse_state(step=step, dataset=dataset, width=width, seed=seed, options=options)


def take_lang(options: dict[str, str], pop: bool = True) -> str:
    """``-o lang=``: en or ko (default en), taken out of ``options`` (left
    in with ``pop=False``), or RenderError."""
    lang = options.pop("lang", "en") if pop else options.get("lang", "en")
    if lang not in ("en", "ko"):
        raise RenderError(f"lang must be en or ko, not {lang!r}")
    return lang


def whole(key: str, text: str, lo: int | None = None, hi: int | None = None) -> int:
    """Option ``key``'s ``text`` as a whole number from ``lo`` to ``hi``
    (None: no bound), or a one-line RenderError saying what it must be."""
    try:
        value = int(text)
    except ValueError:
        raise RenderError(f"{key} must be a whole number, not {text!r}") from None
    return within(key, value, lo, hi)


def number(key: str, text: str, lo: float | None = None, hi: float | None = None) -> float:
    """Option ``key``'s ``text`` as a number from ``lo`` to ``hi`` (None: no
    bound), or a one-line RenderError saying what it must be."""
    try:
        value = float(text)
    except ValueError:
        raise RenderError(f"{key} must be a number, not {text!r}") from None
    return within(key, value, lo, hi)


def within(key: str, value, lo, hi):
    """``value`` of option ``key`` when it lies from ``lo`` to ``hi`` (None:
    no bound); otherwise a one-line RenderError saying where it must lie."""
    if lo is not None and hi is not None and not lo <= value <= hi:
        raise RenderError(f"{key} must be between {lo} and {hi}, not {value}")
    if lo is not None and value < lo:
        raise RenderError(f"{key} must be {lo} or more, not {value}")
    if hi is not None and value > hi:
        raise RenderError(f"{key} must be {hi} or less, not {value}")
    return value


def given(step: int | None, dataset: str | None, width: int | None, options: dict[str, str]) -> bool:
    """True when any state option was given (the app opens as usual otherwise)."""
    return step is not None or dataset is not None or width is not None or bool(options)
