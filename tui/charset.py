"""Character sets: what the terminal can show, and text fitted to it.

Three charsets:

- ``braille``: everything (a UTF-8 terminal with a braille-capable font);
  plots are drawn with braille dots, 2x4 to a cell. Text is left as it is.
- ``block``: the Linux console's default font, whose repertoire is CP437's
  (the half and full blocks ``▀ ▄ █ ▌ ▐``, the shades ``░ ▒ ▓``, the box
  drawing characters, a few Greek letters and maths signs). Plots are drawn
  1x2 to a cell with ``▀ ▄ █``. The repertoire tested against is what
  Python's ``cp437`` codec encodes, less the control characters.
- ``ascii``: printable ASCII only. Plots are drawn 2x2 to a cell with
  ``' . - _ | / \\ : #``.

``auto`` picks ascii where the locale's charset is not UTF-8, block on the
Linux console (``TERM=linux``), braille otherwise.

Two ways to fit text, from one table (``SYMBOLS``):

- ``fit_text``: a character outside the repertoire is *spelled*, in as many
  cells as it takes (``→`` -> ``->``, ``η`` -> ``eta``, ``✓`` -> ``ok``). For
  labels, status lines, legends, help: text that is laid out after fitting.
- ``fit_cells``: one cell for one cell (``→`` -> ``>``), for text already
  laid out: the line filter under everything Textual draws (borders, the
  footer, scrollbars, toasts, the palette).

``fit_lines`` fits a picture (lines of runs) that a scene laid out: spelled,
with the extra cells taken back from the spaces that follow, so columns stay
where they were wherever there is room.

The charset and whether colour is on are set once per process
(``configure``), by the CLI before the app or ``render`` starts; the canvas
and the widgets read them. No Textual here (``CharsetFilter`` imports it
when asked for).
"""

from __future__ import annotations

import os
import unicodedata
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache

CHARSETS = ("braille", "block", "ascii")
CHOICES = ("auto", *CHARSETS)
ENV_VAR = "NN_EXPLORER_CHARSET"


@dataclass
class Output:
    charset: str = "braille"
    color: bool = True


OUTPUT = Output()


def configure(charset: str | None = None, color: bool | None = None) -> Output:
    """Set this process's charset (resolved, not ``auto``) and colour."""
    if charset is not None:
        if charset not in CHARSETS:
            raise ValueError(f"unknown charset {charset!r} (charsets: {', '.join(CHARSETS)})")
        OUTPUT.charset = charset
    if color is not None:
        OUTPUT.color = bool(color)
    return OUTPUT


@contextmanager
def using(charset: str | None = None, color: bool | None = None):
    """Temporarily another charset or colour (tests, benchmarks)."""
    old = (OUTPUT.charset, OUTPUT.color)
    configure(charset, color)
    try:
        yield OUTPUT
    finally:
        OUTPUT.charset, OUTPUT.color = old


def current() -> str:
    return OUTPUT.charset


def markers_on() -> bool:
    """Series are told apart by glyph: always when colour is off."""
    return not OUTPUT.color


# --------------------------------------------------------------- choosing
def locale_is_utf8(environ=None) -> bool:
    """Whether the locale's charset is UTF-8: the first of LC_ALL, LC_CTYPE
    and LANG that is set decides (as setlocale reads them); none set counts
    as UTF-8 (Python's own default, PEP 538/540)."""
    environ = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_CTYPE", "LANG"):
        value = environ.get(name, "")
        if value:
            v = value.lower().replace("-", "")
            return "utf8" in v
    return True


def auto_charset(environ=None) -> str:
    """ascii where the locale is not UTF-8 (then nothing else can be written
    safely, whatever the terminal), block on the Linux console, braille
    otherwise."""
    environ = os.environ if environ is None else environ
    if not locale_is_utf8(environ):
        return "ascii"
    if environ.get("TERM", "") == "linux":
        return "block"
    return "braille"


def resolve(flag: str | None, environ=None) -> str:
    """The charset to use: the flag, else NN_EXPLORER_CHARSET, else auto.
    Raises ValueError (one line) for a value that is not a charset."""
    environ = os.environ if environ is None else environ
    choice = flag
    source = "--charset"
    if choice is None:
        choice = environ.get(ENV_VAR, "").strip().lower() or "auto"
        source = ENV_VAR
    if choice not in CHOICES:
        raise ValueError(f"{source} {choice}: not a charset (choose from {', '.join(CHOICES)})")
    return auto_charset(environ) if choice == "auto" else choice


def shows_korean(charset: str) -> bool:
    """Hangul needs a UTF-8 terminal with a font that has it: neither the
    Linux console (CP437's 256 glyphs) nor ASCII has it."""
    return charset == "braille"


# ------------------------------------------------------------ repertoires
def _cp437() -> frozenset[str]:
    chars = bytes(range(0x20, 0x7F)).decode("cp437") + bytes(range(0x80, 0x100)).decode("cp437")
    return frozenset(chars)


CP437 = _cp437()
ASCII = frozenset(chr(c) for c in range(0x20, 0x7F))


def allowed(charset: str) -> frozenset[str] | None:
    """The characters a charset may show (None: any)."""
    return {"ascii": ASCII, "block": CP437}.get(charset)


# ch: (ascii spelled, ascii one cell, block spelled, block one cell); a block
# entry of None keeps the character (it is in CP437)
SYMBOLS: dict[str, tuple[str, str, str | None, str | None]] = {
    "·": (".", ".", None, None),
    "∙": (".", ".", None, None),
    "•": ("*", "*", "∙", "∙"),
    "●": ("*", "*", "■", "■"),
    "○": ("o", "o", "o", "o"),
    "■": ("#", "#", None, None),
    "×": ("x", "x", "x", "x"),
    "÷": ("/", "/", None, None),
    "±": ("+-", "+", None, None),
    "−": ("-", "-", "-", "-"),
    "–": ("-", "-", "-", "-"),
    "—": ("-", "-", "-", "-"),
    "…": ("...", "~", "...", "~"),
    "‹": ("<", "<", "<", "<"),
    "›": (">", ">", ">", ">"),
    "←": ("<-", "<", "<-", "<"),
    "→": ("->", ">", "->", ">"),
    "↑": ("^", "^", "^", "^"),
    "↓": ("v", "v", "v", "v"),
    "↖": ("\\", "\\", "\\", "\\"),
    "↗": ("/", "/", "/", "/"),
    "↘": ("\\", "\\", "\\", "\\"),
    "↙": ("/", "/", "/", "/"),
    "⇧": ("Shift+", "^", "Shift+", "^"),
    "▶": (">", ">", ">", ">"),
    "▲": ("^", "^", "^", "^"),
    "▼": ("v", "v", "v", "v"),
    "✓": ("ok", "v", "√", "√"),
    "✗": ("x", "x", "x", "x"),
    "≥": (">=", ">", None, None),
    "≤": ("<=", "<", None, None),
    "≠": ("!=", "#", "!=", "#"),
    "≈": ("~", "~", None, None),
    "∞": ("inf", "8", None, None),
    "√": ("sqrt", "V", None, None),
    "°": (" deg", "o", None, None),
    "∂": ("d", "d", "d", "d"),
    "∇": ("grad ", "V", "grad ", "V"),
    "Δ": ("D", "D", "D", "D"),
    "Σ": ("sum", "E", None, None),
    "η": ("eta", "n", "eta", "n"),
    "ᵀ": ("^T", "T", "^T", "T"),
    "ŷ": ("y^", "y", "y^", "y"),
    "²": ("^2", "2", None, None),
    "½": ("1/2", "h", None, None),
    "ᵢ": ("i", "i", "i", "i"),
    "ⱼ": ("j", "j", "j", "j"),
    "₁": ("1", "1", "1", "1"),
    "₂": ("2", "2", "2", "2"),
    "₊": ("+", "+", "+", "+"),
    "₋": ("-", "-", "-", "-"),
    "⌊": ("floor(", "[", "floor(", "["),
    "⌋": (")", "]", ")", "]"),
    # box drawing (Textual's borders too)
    "─": ("-", "-", None, None),
    "━": ("=", "=", "═", "═"),
    "│": ("|", "|", None, None),
    "┃": ("|", "|", "║", "║"),
    "╭": ("+", "+", "┌", "┌"),
    "╮": ("+", "+", "┐", "┐"),
    "╰": ("+", "+", "└", "└"),
    "╯": ("+", "+", "┘", "┘"),
    # blocks: heights of a bar, halves, shades
    "█": ("#", "#", None, None),
    "▉": ("#", "#", "█", "█"),
    "▊": ("#", "#", "▌", "▌"),
    "▋": ("#", "#", "▌", "▌"),
    "▌": ("[", "[", None, None),
    "▍": ("[", "[", "▌", "▌"),
    "▎": ("|", "|", "▌", "▌"),
    "▏": ("|", "|", "│", "│"),
    "▐": ("]", "]", None, None),
    "▕": ("|", "|", "│", "│"),
    "▀": ('"', '"', None, None),
    "▔": ("^", "^", "▀", "▀"),
    "▄": ("=", "=", None, None),
    "▁": ("_", "_", "_", "_"),
    "▂": ("_", "_", "_", "_"),
    "▃": ("=", "=", "▄", "▄"),
    "▅": ("+", "+", "▄", "▄"),
    "▆": ("+", "+", "█", "█"),
    "▇": ("#", "#", "█", "█"),
    "░": (":", ":", None, None),
    "▒": ("+", "+", None, None),
    "▓": ("%", "%", None, None),
}


def _generic(ch: str, charset: str, spelled: bool) -> str:
    """A character the table does not name: by its Unicode name or its
    decomposition; ``?`` (two for a wide one) when nothing fits."""
    from rich.cells import get_character_cell_size

    ok = allowed(charset)
    name = unicodedata.name(ch, "")
    if ch.isspace():
        return " "
    if 0x2800 <= ord(ch) <= 0x28FF:  # braille
        return "." if charset == "ascii" else "∙"
    if "BOX DRAWINGS" in name:
        horiz, vert = "HORIZONTAL" in name, "VERTICAL" in name
        if charset == "ascii":
            return "-" if horiz and not vert else "|" if vert and not horiz else "+"
        return "─" if horiz and not vert else "│" if vert and not horiz else "┼"
    if name.startswith("GREEK") and spelled:
        word = name.split()[-1].lower()
        word = word if "SMALL" in name else word.capitalize()
        if all(c in ok for c in word):
            return word
    base = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
    if base and base != ch and all(c in ok for c in base) and (spelled or len(base) == 1):
        return base
    return "?" * max(get_character_cell_size(ch), 1)


@lru_cache(maxsize=None)
def _one(ch: str, charset: str, spelled: bool) -> str:
    ok = allowed(charset)
    if ok is None or ch in ok:
        return ch
    entry = SYMBOLS.get(ch)
    if entry is not None:
        a_sp, a_cell, b_sp, b_cell = entry
        if charset == "ascii":
            return a_sp if spelled else a_cell
        out = b_sp if spelled else b_cell
        if out is not None:
            return out
        return ch if ch in ok else (a_sp if spelled else a_cell)
    if ch in "\n\t":
        return ch
    return _generic(ch, charset, spelled)


@lru_cache(maxsize=8192)
def _fit(text: str, charset: str, spelled: bool) -> str:
    ok = allowed(charset)
    if ok is None or text.isascii() or all(c in ok for c in text):
        return text
    return "".join(_one(c, charset, spelled) for c in text)


def fit_text(text: str, charset: str | None = None) -> str:
    """``text`` in the charset's repertoire, each other character spelled
    (``→`` ``->``, ``η`` ``eta``, ``✓`` ``ok``)."""
    charset = charset or OUTPUT.charset
    if charset == "braille" or not text:
        return text
    return _fit(text, charset, True)


def fit_cells(text: str, charset: str | None = None) -> str:
    """``text`` in the charset's repertoire, one cell for one cell (for text
    already laid out)."""
    charset = charset or OUTPUT.charset
    if charset == "braille" or not text:
        return text
    return _fit(text, charset, False)


def fit_lines(lines, charset: str | None = None, width: int | None = None):
    """A laid-out picture (lines of (text, style) runs) in the charset: each
    character spelled; a spelling longer than one cell takes its extra cells
    back from the run of spaces that follows it on the line (one space of
    such a run is always kept), so that what comes after stays in its column
    where there is room. A line may grow to ``width`` cells (the picture's
    width; default its own); longer, it loses trailing spaces, then is cut."""
    charset = charset or OUTPUT.charset
    if charset == "braille":
        return lines
    from rich.cells import cell_len, set_cell_size

    out = []
    for runs in lines:
        if all(_fit(t, charset, True) is t for t, _ in runs):
            out.append(runs)
            continue
        own = sum(cell_len(t) for t, _ in runs)
        limit = max(own, width or 0)
        debt = 0
        prev_space = False
        new = []
        for text, style in runs:
            buf = []
            for ch in text:
                rep = _one(ch, charset, True)
                if ch == " " and debt and prev_space:
                    debt -= 1
                    continue
                if rep is not ch and rep != ch:
                    debt += cell_len(rep) - cell_len(ch)
                buf.append(rep)
                prev_space = ch == " "
            if buf:
                new.append(("".join(buf), style))
        used = sum(cell_len(t) for t, _ in new)
        while used > limit and new and new[-1][0].endswith(" "):
            text, style = new[-1]
            cut = min(len(text) - len(text.rstrip(" ")), used - limit)
            text = text[: len(text) - cut]
            used -= cut
            new[-1] = (text, style)
            if not text:
                new.pop()
        if used > limit:
            fitted, used = [], 0
            for text, style in new:
                if used >= limit:
                    break
                n = cell_len(text)
                if used + n > limit:
                    text = set_cell_size(text, limit - used)
                    n = limit - used
                fitted.append((text, style))
                used += n
            new = fitted
        elif used < own:
            new.append((" " * (own - used), ""))
        out.append(new)
    return out


def fit_markup(markup: str, charset: str | None = None) -> str:
    """Rich markup with its text fitted (tags are ASCII and are kept; no
    spelling brings in a square bracket)."""
    return fit_text(markup, charset)


# ------------------------------------------------------------- Textual
def charset_filter(charset: str):
    """A Textual line filter that fits every segment the app draws, one cell
    for one cell: the net under everything (Textual's own borders, footer,
    toasts, palette), after our own widgets fitted their text more kindly."""
    from rich.segment import Segment
    from textual.filter import LineFilter

    class CharsetFilter(LineFilter):
        def apply(self, segments, background):
            fit = fit_cells
            return [seg if seg.control else Segment(fit(seg.text, charset), seg.style, seg.control)
                    for seg in segments]

    return CharsetFilter()


def scrollbar_renderer():
    """Textual's scrollbar without its eighth-block ends (whole cells: a
    reversed space for the thumb), for the block and ascii charsets."""
    from textual.scrollbar import ScrollBarRender

    class PlainScrollBarRender(ScrollBarRender):
        VERTICAL_BARS = [" "] * 8
        HORIZONTAL_BARS = [" "] * 8

    return PlainScrollBarRender
