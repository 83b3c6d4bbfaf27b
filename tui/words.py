"""Every word the app shows, read from ``assets/words/FILE.toml``.

One file per lesson (``assets/words/KEY.toml``) and ``app.toml`` for the
frame (home, help, the palette, the keys every lesson shares, the frame's
notifications and errors). Each entry is a table with the same text in both
languages, side by side::

    [status]
    en = "u = ({u1}, {u2}) · C {c} · steps {n}"
    ko = "u = ({u1}, {u2}) · C {c} · 스텝 {n}"

Entries may sit in sections (``[notes.step]``); ``en``/``ko`` may also be
arrays of strings (a legend's labels), of the same length. Format fields
(``{acc:.1f}``) are the code's: both languages take the same ones, which
``check`` verifies (tests/test_words.py runs it on every file); an entry
whose languages deliberately take different ones names those in
``optional = [...]`` (e.g. the English shows a model's English sentence,
the Korean the step count it holds); an entry only one language needs
(a Korean particle phrase) is empty in the other and says ``empty = ["en"]``.

Code keeps only keys: ``text(FILE, KEY, lang, **fields)`` for one entry,
``tables(FILE, SECTION)`` for ``{"en": {key: text}, "ko": {...}}`` (what the
lessons' ``WORDS`` tables were), ``bind(FILE, WORD, KEY, ACTION)`` for a key
binding whose footer label and tooltip are ``[keys.WORD]`` and
``[tips.WORD]``, shown in the app's language by ``localise_bindings``.
A lesson's keys are declared once, in its words file: ``bindings(FILE)``
makes one binding of each ``[keys.WORD]`` entry that names its ``key``::

    [keys.step]
    key = "right"        # Textual's key names, comma-separated
    action = "step(1)"   # the screen's action_step(1) (default: the word)
    display = "→"        # the footer's and the help's name for the key
    footer = false       # in the help only (default: in the footer too)
    en = "Step"
    ko = "한 단계"

Light: no Textual at import (``localise_bindings`` imports it when called),
each file read once and cached.
"""

from __future__ import annotations

import string
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from assets import ROOT as ASSETS


LANGS = ("en", "ko")


class WordsError(KeyError):
    """A key or a language missing from a words file."""


def words_dir() -> Path:
    return ASSETS / "words"


def files() -> list[str]:
    """Every words file's name (without .toml)."""
    return sorted(p.stem for p in words_dir().glob("*.toml"))


@lru_cache(maxsize=None)
def load(name: str) -> dict[str, Any]:
    """The file's tables as TOML reads them (cached: read once a process,
    and parsed once a version of the file: see ``_parsed``)."""
    return _parsed(words_dir() / f"{name}.toml")


def cache_dir() -> Path:
    """Where parsed words files are kept between runs (XDG's cache folder)."""
    import os

    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "nn-explorer" / "words"


def _parsed(path: Path) -> dict[str, Any]:
    """TOML takes ~2.5 ms to import and ~2 ms a file to parse, on the way to
    the first paint; a parsed copy in ``marshal``'s format (built in, read
    in ~0.1 ms) is kept in ``cache_dir()`` under the file's name, size and
    modification time and this Python's marshal version, as Python keeps
    its bytecode. Any change to the file makes another name; a cache that
    cannot be read or written is only slower."""
    import marshal
    import sys

    stat = path.stat()
    cached = cache_dir() / (f"{path.stem}-{stat.st_size}-{stat.st_mtime_ns}-"
                            f"py{sys.version_info[0]}{sys.version_info[1]}m{marshal.version}.marshal")
    try:
        data = marshal.loads(cached.read_bytes())
        if isinstance(data, dict):
            return data
    except (OSError, ValueError, EOFError, TypeError):
        pass
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10: the same parser, as a package (pyproject's dependencies)
        import tomli as tomllib  # type: ignore[no-redef]
    with path.open("rb") as f:
        data = tomllib.load(f)
    try:
        import os

        cached.parent.mkdir(parents=True, exist_ok=True)
        for old in cached.parent.glob(f"{path.stem}-*.marshal"):  # earlier versions of this file
            old.unlink(missing_ok=True)
        part = cached.with_name(f"{cached.name}.{os.getpid()}")
        part.write_bytes(marshal.dumps(data))
        part.replace(cached)  # whole or not at all: other sessions may be reading
    except (OSError, ValueError):
        pass
    return data


META = ("optional", "empty")  # an entry's keys besides the languages
#: a [keys.WORD] entry's keys besides those: the binding it declares (``bindings``), with their types
KEY_FIELDS = {"key": str, "action": str, "display": str, "footer": bool}


def _is_entry(value: Any) -> bool:
    return isinstance(value, dict) and "en" in value and not any(isinstance(v, dict) for v in value.values())


def _section(name: str, section: str | None) -> dict[str, Any]:
    node: Any = load(name)
    for part in (section.split(".") if section else ()):
        node = node.get(part) if isinstance(node, dict) else None
        if node is None:
            raise WordsError(f"assets/words/{name}.toml has no section [{section}]")
    return node


def entry(name: str, key: str) -> dict[str, Any]:
    section, _, last = key.rpartition(".")
    node = _section(name, section or None).get(last)
    if not _is_entry(node):
        raise WordsError(f"assets/words/{name}.toml has no entry {key!r}")
    return node


def _value(node: dict[str, Any], lang: str):
    value = node.get(lang, node["en"])
    return tuple(value) if isinstance(value, list) else value


def text(name: str, key: str, lang: str = "en", /, **fields) -> str:
    """One entry in ``lang`` (English where ``lang`` is neither), formatted
    with ``fields`` when any are given."""
    value = _value(entry(name, key), lang)
    return value.format(**fields) if fields else value


def has(name: str, key: str) -> bool:
    try:
        entry(name, key)
    except WordsError:
        return False
    return True


@lru_cache(maxsize=None)
def tables(name: str, section: str | None = None) -> dict[str, dict[str, Any]]:
    """``{"en": {key: text}, "ko": {key: text}}`` for the entries directly in
    ``section`` (the file's top level when None); arrays become tuples."""
    node = _section(name, section)
    out: dict[str, dict[str, Any]] = {lang: {} for lang in LANGS}
    for key, value in node.items():
        if _is_entry(value):
            for lang in LANGS:
                out[lang][key] = _value(value, lang)
    return out


# ----------------------------------------------------------------- checks
def _fields(value: str) -> list[tuple[str, str]]:
    return sorted((name, spec or "") for _, name, spec, _ in string.Formatter().parse(value) if name is not None)


def check(name: str) -> list[str]:
    """What is wrong with a words file: an entry without both languages, an
    empty text, arrays of different lengths, format fields that differ
    between the languages. [] when nothing is."""
    problems: list[str] = []

    def walk(node: dict[str, Any], path: str) -> None:
        for key, value in node.items():
            where = f"{name}.toml [{path}{key}]"
            if not isinstance(value, dict):
                problems.append(f"{where}: not a table with en and ko")
                continue
            if any(isinstance(v, dict) for v in value.values()):
                walk(value, f"{path}{key}.")
                continue
            fields = set(KEY_FIELDS) if path == "keys." else set()
            if set(value) - set(META) - fields != set(LANGS):
                problems.append(f"{where}: has {sorted(value)}, needs exactly {list(LANGS)}")
                continue
            if fields and any(k in value and not isinstance(value[k], t) for k, t in KEY_FIELDS.items()):
                problems.append(f"{where}: key, action and display are text, footer true or false")
                continue
            if fields & set(value) and "key" not in value:
                problems.append(f"{where}: action, display or footer without the key they are for")
                continue
            optional = value.get("optional", [])
            en, ko = value["en"], value["ko"]
            if isinstance(en, list) or isinstance(ko, list):
                if not (isinstance(en, list) and isinstance(ko, list) and len(en) == len(ko)):
                    problems.append(f"{where}: en and ko must be arrays of the same length")
                    continue
                pairs = list(zip(en, ko))
            else:
                pairs = [(en, ko)]
            for e, k in pairs:
                if not (isinstance(e, str) and isinstance(k, str)):
                    problems.append(f"{where}: not text")
                    continue
                if not e.strip() and not k.strip():
                    continue  # deliberately empty in both
                empty = {lang for lang, t in (("en", e), ("ko", k)) if not t.strip()}
                if empty != set(value.get("empty", [])) and empty:
                    problems.append(f"{where}: empty in {sorted(empty)}" + (
                        "" if "empty" in value else " (an entry only one language needs says empty = [...])"))
                try:
                    fe, fk = set(_fields(e)), set(_fields(k))
                    differ = {name for name, _ in fe ^ fk}
                    if differ - set(optional):
                        problems.append(f"{where}: format fields differ: en {sorted(fe)}, ko {sorted(fk)}")
                    if set(optional) - differ:
                        problems.append(f"{where}: optional {sorted(set(optional) - differ)} is in both languages")
                except ValueError as exc:
                    problems.append(f"{where}: bad format text: {exc}")

    walk(load(name), "")
    return problems


# --------------------------------------------------------------- bindings
#: words file -> (description, tooltip) in either language -> {lang: (description, tooltip)}.
#: By file: a lesson's keys are found only in its own file and app.toml, so
#: that a key of another lesson with the same English (fold's "Data") is
#: not shown in Korean by accident, half its footer translated.
_BOUND: dict[str, dict[tuple[str, str], dict[str, tuple[str, str]]]] = {}


def _register(name: str, by_lang: dict[str, tuple[str, str]]) -> dict[str, tuple[str, str]]:
    table = _BOUND.setdefault(name, {})
    seen = table.setdefault(by_lang["en"], by_lang)
    for pair in by_lang.values():  # found again from any language's words (a binding already shown in one)
        table.setdefault(pair, by_lang)
    return seen


def bind(name: str, word: str, key: str, action: str | None = None, **kwargs):
    """A Textual Binding whose label is ``[keys.WORD]`` and tooltip
    ``[tips.WORD]`` of ``assets/words/NAME.toml`` (either may be missing: no
    label / no tooltip), in English; ``localise_bindings`` shows it in the
    app's language on a node whose words are NAME's (``words_files``)."""
    from textual.binding import Binding

    by_lang = {}
    for lang in LANGS:
        label = text(name, f"keys.{word}", lang) if has(name, f"keys.{word}") else ""
        tip = text(name, f"tips.{word}", lang) if has(name, f"tips.{word}") else ""
        by_lang[lang] = (label, tip)
    seen = _register(name, by_lang)
    if seen != by_lang:
        raise WordsError(f"{name}.toml keys.{word}: the same English label and tooltip as another key, "
                         f"with other Korean ({seen['ko']} / {by_lang['ko']})")
    return Binding(key, action or word, by_lang["en"][0], tooltip=by_lang["en"][1], **kwargs)


def bindings(name: str) -> list:
    """The key bindings ``name``'s words file declares, in its order: one
    for each ``[keys.WORD]`` entry with a ``key`` (see the module's text)."""
    out = []
    for word, value in load(name).get("keys", {}).items():  # (a lesson with no keys of its own: none)
        if _is_entry(value) and "key" in value:
            shown = {"key_display": value["display"]} if "display" in value else {}
            out.append(bind(name, word, value["key"], value.get("action"), show=value.get("footer", True), **shown))
    return out


@lru_cache(maxsize=None)
def _adopt_textual() -> None:
    """Textual's own bindings (Screen's tab, shift+tab, ctrl+c), which the
    help overlay lists: their words from ``[textual]`` of app.toml, found by
    their English (label, tooltip) as ``bind``'s are."""
    for value in _section("app", "textual").values():
        _register("app", {lang: tuple(_value(value, lang)) for lang in LANGS})


def words_files(node) -> tuple[str, ...]:
    """The words files whose keys a node shows: a lesson screen's own
    (its ``lesson_key``) and app.toml (the frame's, every screen's)."""
    key = getattr(node, "lesson_key", None)
    return (key, "app") if key else ("app",)


def binding_in(binding, lang: str, files: tuple[str, ...] = ("app",)):
    """``binding`` with its label and tooltip in ``lang``, from the keys of
    ``files``; as it is when none of them made it (nor Textual, with words
    in [textual])."""
    _adopt_textual()
    pair = (binding.description, binding.tooltip)
    words = next((_BOUND[f][pair] for f in files if pair in _BOUND.get(f, {})), None)
    if words is None or lang not in words:
        return binding
    description, tooltip = words[lang]
    return replace(binding, description=description, tooltip=tooltip)


def localise_bindings(node, lang: str) -> None:
    """Rebuild a Textual node's (screen's, widget's, app's) bindings map in
    ``lang`` from its class's, and have the footer redrawn."""
    from textual.binding import BindingsMap

    merged = type(node)._merged_bindings
    current = node._bindings
    files = words_files(node)
    keys = {key: [binding_in(b, lang, files) for b in bindings]
            for key, bindings in (merged.key_to_bindings if merged else {}).items()}
    # what the node was given beyond its class's bindings (the app's palette key)
    for key, bindings in current.key_to_bindings.items():
        if key not in keys:
            keys[key] = [binding_in(b, lang, files) for b in bindings]
    node._bindings = BindingsMap.from_keys(keys)
    if getattr(node, "_is_mounted", False):
        node.refresh_bindings()
    elif getattr(node, "is_running", False):  # in its own on_mount (not "mounted" yet): once it is
        node.call_later(node.refresh_bindings)
