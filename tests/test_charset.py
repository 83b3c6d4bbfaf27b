"""Character sets (braille, block, ascii) and pictures readable without colour
(tui.charset, the canvas in each charset, every lesson's series by glyph)."""

from __future__ import annotations

import sys

import numpy as np
import pytest

from tui import charset as cs
from tui.canvas import Layer, Scene, render_runs, runs_to_plain
from tui.cli import main
from tui.lessons import LESSONS

PRINTABLE = {chr(c) for c in range(0x20, 0x7F)}


@pytest.fixture(autouse=True)
def _restore_output():
    """main(["render", ...]) sets this process's charset and colour: put them back."""
    with cs.using():
        yield


def cp437_ok(text: str) -> bool:
    try:
        text.encode("cp437")
    except UnicodeEncodeError:
        return False
    return all(ord(c) >= 0x20 for c in text)


def allowed_in(charset: str, text: str) -> bool:
    text = text.replace("\n", "")
    if charset == "ascii":
        return set(text) <= PRINTABLE
    if charset == "block":
        return cp437_ok(text)
    frame = set("│┤└─┬●·")
    return all(0x2800 <= ord(c) <= 0x28FF or c in frame or c in PRINTABLE for c in text)


# --------------------------------------------------------------- choosing
@pytest.mark.parametrize("env,want", [
    ({"LANG": "en_US.UTF-8", "TERM": "xterm-256color"}, "braille"),
    ({"LANG": "C.UTF-8", "TERM": "linux"}, "block"),
    ({"LANG": "ko_KR.utf8", "TERM": "linux"}, "block"),
    ({"LANG": "en_US.ISO-8859-1", "TERM": "xterm"}, "ascii"),
    ({"LC_ALL": "C", "LANG": "en_US.UTF-8", "TERM": "xterm"}, "ascii"),
    ({"LC_CTYPE": "POSIX", "TERM": "linux"}, "ascii"),
    ({"TERM": "xterm"}, "braille"),
])
def test_auto_picks_by_locale_and_terminal(env, want):
    assert cs.auto_charset(env) == want
    assert cs.resolve(None, env) == want
    assert cs.resolve("auto", env) == want


def test_the_flag_wins_over_the_environment_variable():
    env = {"NN_EXPLORER_CHARSET": "ascii", "TERM": "xterm", "LANG": "C.UTF-8"}
    assert cs.resolve(None, env) == "ascii"
    assert cs.resolve("block", env) == "block"
    assert cs.resolve(None, {"NN_EXPLORER_CHARSET": "auto", "TERM": "linux"}) == "block"


@pytest.mark.parametrize("argv", [["render", "fold", "--charset", "ebcdic"], ["--charset", "x"]])
def test_a_bad_charset_flag_is_one_line_and_exit_2(argv, capsys):
    assert main(argv) == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "charset" in err and "Traceback" not in err


def test_a_bad_charset_variable_is_one_line_and_exit_2(capsys, monkeypatch):
    monkeypatch.setenv("NN_EXPLORER_CHARSET", "klingon")
    assert main(["render", "fold", "--no-color"]) == 2
    err = capsys.readouterr().err.strip()
    assert err == ("nn-explorer: NN_EXPLORER_CHARSET klingon: not a charset "
                   "(choose from auto, braille, block, ascii)")


# ------------------------------------------------------------- fitting text
@pytest.mark.parametrize("text,ascii_,block", [
    ("a → b", "a -> b", "a -> b"),
    ("η 0.05 · Δu −η(∂H/∂u)ᵀ", "eta 0.05 . Du -eta(dH/du)^T", "eta 0.05 · Du -eta(dH/du)^T"),
    ("≥ 95% ✓ ✗ …", ">= 95% ok x ...", "≥ 95% √ x ..."),
    ("Σ scale ×2", "sum scale x2", "Σ scale x2"),
    ("⌊(n+2p−d(k−1)−1)/s⌋+1", "floor((n+2p-d(k-1)-1)/s)+1", "floor((n+2p-d(k-1)-1)/s)+1"),
    ("╭─╮│╰╯▏▕", "+-+|++||", "┌─┐│└┘││"),
    ("▁▂▃▄▅▆▇█░▒▓", "__==++##:+%", "__▄▄▄██\u2588░▒▓"),
])
def test_fit_text_spells_what_the_charset_lacks(text, ascii_, block):
    assert cs.fit_text(text, "ascii") == ascii_
    assert cs.fit_text(text, "block") == block
    assert cs.fit_text(text, "braille") == text
    assert set(cs.fit_text(text, "ascii")) <= PRINTABLE
    assert cp437_ok(cs.fit_text(text, "block"))


@pytest.mark.parametrize("charset", ["ascii", "block"])
def test_fit_cells_keeps_every_cell(charset):
    from rich.cells import cell_len

    text = "→ η ✓ ╭─╮ 한글 ⣿ ▁▂▃ ∂ ᵀ Ω é"
    out = cs.fit_cells(text, charset)
    assert cell_len(out) == cell_len(text)
    assert allowed_in(charset, out)


def test_fit_lines_keeps_columns_where_there_is_room():
    lines = [[("Δu −η(∂H/∂u)ᵀ", "bold"), ("      ", ""), ("+0.243", "red")],
             [("   SGD step ", ""), ("       ", ""), ("+0.243", "red")]]
    out = cs.fit_lines(lines, "ascii")
    texts = ["".join(t for t, _ in runs) for runs in out]
    assert texts[0].startswith("Du -eta(dH/du)^T")
    assert texts[0].index("+0.243") == texts[1].index("+0.243") == 19
    assert out[0][-1] == ("+0.243", "red")  # styles kept


# ------------------------------------------------------------------ canvas
def two_classes() -> Scene:
    rng = np.random.default_rng(0)
    a = rng.normal((-1, 0), 0.3, (300, 2))
    b = rng.normal((1, 0), 0.3, (300, 2))
    grid = np.stack([np.linspace(-2, 2, 400), np.full(400, 1.5)], 1)
    edge = np.stack([np.zeros(200), np.linspace(-2, 2, 200)], 1)
    return Scene([Layer(grid, "grey30", "grid", "·"), Layer(edge, "white", "boundary", "#"),
                  Layer(a, "blue", "class 0", "o"), Layer(b, "red", "class 1", "x")],
                 (-2, 2, -2, 2), legend=[("class 0", "blue"), ("class 1", "red"),
                                         ("boundary", "white"), ("grid", "grey30")])


@pytest.mark.parametrize("charset", cs.CHARSETS)
@pytest.mark.parametrize("color", [True, False])
def test_canvas_draws_only_the_charsets_characters(charset, color):
    lines = render_runs(two_classes(), 60, 20, charset=charset, markers=not color)
    text = runs_to_plain(lines)
    assert allowed_in(charset, text), sorted({c for c in text if not allowed_in(charset, c)})
    assert len(lines) == 20
    from rich.cells import cell_len

    assert all(sum(cell_len(t) for t, _ in runs) == 60 for runs in lines)
    if charset == "braille":
        assert any(0x2800 < ord(c) <= 0x28FF for c in text) or not color


@pytest.mark.parametrize("charset", cs.CHARSETS)
def test_classes_stay_distinct_in_every_charset(charset):
    # with colour: by the cell's colour (owner); without: by glyph
    lines = render_runs(two_classes(), 60, 20, charset=charset, markers=False)
    styles = {st for runs in lines[1:-2] for _t, st in runs}
    assert {"blue", "red", "white", "grey30"} <= styles
    plain = render_runs(two_classes(), 60, 20, charset=charset, markers=True)
    legend, body = runs_to_plain(plain[:1]), runs_to_plain(plain[1:-2])
    for glyph, label in (("o", "class 0"), ("x", "class 1"), ("#", "boundary"), ("·", "grid")):
        g = cs.fit_cells(glyph, charset)
        assert f"{g} {label}" in legend
        assert g in body
    # the left blob is class 0's, the right class 1's
    rows = body.splitlines()
    left = "".join(r[6:30] for r in rows)
    right = "".join(r[36:] for r in rows)
    assert left.count("o") > 20 and "x" not in left.replace("x ", "")
    assert right.count("x") > 20 and right.count("o") == 0


def test_braille_with_colour_is_as_before():
    """Colour and braille: the legend swatch ● and braille dots, no marker glyph."""
    text = runs_to_plain(render_runs(two_classes(), 60, 20, charset="braille", markers=False))
    assert "● class 0" in text and "o class 0" not in text
    body = text.splitlines()[1:-2]
    assert not any(c in "ox#" for row in body for c in row[6:])


@pytest.mark.parametrize("charset", ["block", "ascii"])
def test_equal_aspect_is_kept_in_every_charset(charset):
    """A circle stays round: the view fitted in each charset is the braille one."""
    t = np.linspace(0, 2 * np.pi, 2000)
    ring = Scene([Layer(np.stack([np.cos(t), np.sin(t)], 1), "white")], (-1, 1, -1, 1))
    def extent(cs_):
        rows = runs_to_plain(render_runs(ring, 60, 20, charset=cs_, markers=False)).splitlines()[:-2]
        marked = [r for r in rows if r[6:].strip()]
        cols = [i for r in rows for i, c in enumerate(r) if i > 5 and c != " "]
        return len(marked), max(cols) - min(cols)
    assert abs(extent(charset)[0] - extent("braille")[0]) <= 1
    assert abs(extent(charset)[1] - extent("braille")[1]) <= 2


# ------------------------------------------------ every lesson, no colour
#: lesson -> (render options, [(glyph, legend label)], or glyph families)
SERIES = {
    "fold": ({"dataset": "circles"}, [("o", "class 0"), ("x", "class 1"), ("#", "boundary"), ("·", "grid")]),
    "transform": ({}, [("w", "on w"), ("u", "on u"), ("~", "H(u)"), ("·", "C levels"), ("=", "rule")]),
    "sharing": ({"options": {"passes": "2"}},
                [("*", "u path"), ("1", "step: 1 pass"), ("g", "step: u.grad"), ("·", "C")]),
    "hypernet": ({}, [("o", "hypernet"), ("•", "plain"), ("·", "data"), ("+", "G's lines"),
                      ("1", "w1: slope"), ("2", "w2: offset"), ("~", "sin 3x")]),
    # a positive sequence (the motif) and a negative one with a decoy, side by side
    "motif1d": ([{"options": {"decoy": "1", "index": "0"}}, {"options": {"decoy": "1", "index": "1"}}],
                [("▔", "motif"), ("~", "decoy"), ("╰", "window")]),
    "motif2d": ({}, [("█", "ink"), ("·", "paper"), ("░", "either")]),
    "conv": ({}, [("█", "positive"), ("=", "negative")]),
    "width": ({}, [("█", None), ("░", None)]),  # one series a plot: success bars and the failed share
}


def render_plain(lesson: str, size=(100, 32), **kw) -> str:
    from tui.render import render_lesson

    return runs_to_plain(render_lesson(lesson, size=size, **kw))


@pytest.mark.parametrize("lesson", [lesson.key for lesson in LESSONS])
def test_render_no_color_shows_each_series_glyph_in_the_plot_and_legend(lesson):
    assert lesson in SERIES, f"declare {lesson}'s series glyphs here"
    kw, series = SERIES[lesson]
    with cs.using("braille", color=False):
        text = "\n".join(render_plain(lesson, **k) for k in (kw if isinstance(kw, list) else [kw]))
    glyphs = [g for g, _ in series]
    assert len(set(glyphs)) == len(glyphs), "two series share a glyph"
    body = text
    for glyph, label in series:
        if label is not None:
            item = next((line for line in text.splitlines() if f"{glyph} {label}" in line
                         or f"{glyph}{glyph} {label}" in line or f"{glyph} {glyph} {label}" in line
                         or (glyph == "╰" and f"╰─╯ {label}" in line)
                         or (glyph in "█=" and f"{glyph}" in line and label in line)), None)
            assert item is not None, f"{lesson}: no legend item {glyph!r} {label!r}"
            body = body.replace(item, "")
    for glyph, label in series:
        assert glyph in body, f"{lesson}: the legend's {glyph!r} ({label}) is nowhere in the plot"


def test_markers_follow_the_colour_not_the_charset():
    with cs.using("braille", color=True):
        coloured = render_plain("fold", dataset="circles")
    assert "● class 0" in coloured and "o class 0" not in coloured
    with cs.using("ascii", color=False):
        text = render_plain("fold", dataset="circles")
    assert "o class 0  x class 1" in text and ". grid" in text
    assert set(text.replace("\n", "")) <= PRINTABLE


@pytest.mark.parametrize("lesson", [lesson.key for lesson in LESSONS])
@pytest.mark.parametrize("charset", ["block", "ascii"])
def test_render_writes_only_the_charsets_characters(lesson, charset):
    kw = SERIES[lesson][0]
    kw = kw[-1] if isinstance(kw, list) else kw
    for color in (True, False):
        with cs.using(charset, color=color):
            text = render_plain(lesson, size=(80, 24), **kw)
        assert allowed_in(charset, text), (lesson, charset, sorted({c for c in text if not allowed_in(charset, c)}))


def test_render_ascii_with_korean_falls_back_to_english_in_one_line(capsys):
    assert main(["render", "transform", "--charset", "ascii", "--no-color", "-o", "lang=ko"]) == 0
    out, err = capsys.readouterr()
    assert err.strip() == "nn-explorer: the ascii charset has no Hangul, so the text is in English"
    assert "on w" in out and set(out.replace("\n", "")) <= PRINTABLE


def test_render_cli_charset_and_no_color(capsys):
    assert main(["render", "fold", "--charset", "block", "--no-color", "--size", "80x24"]) == 0
    out = capsys.readouterr().out
    assert cp437_ok(out.replace("\n", "")) and "o class 0" in out and "┤" in out


def test_serve_passes_the_charset_to_every_tab():
    from tui import serve

    import subprocess

    cmd = serve.app_command("fold", "en", 0, "cpu", "ascii")
    assert cmd.startswith("NN_EXPLORER_CHARSET=ascii ")
    assert serve.app_command(None, "en", 0, "cpu").startswith("NN_EXPLORER_CHARSET=braille ")
    # as textual-serve runs it, with a shell: the app sees the variable
    shown = subprocess.run(cmd.split(" -m ")[0].replace(sys.executable, "") + " env", shell=True,
                           capture_output=True, text=True).stdout
    assert "NN_EXPLORER_CHARSET=ascii" in shown


# --------------------------------------------------- colours on 16/256
def test_series_colours_still_differ_on_16_and_256_colour_terminals():
    """Each plot's series colours, downgraded as Rich does for a 256- and a
    16-colour terminal, stay different from each other."""
    from rich.color import Color, ColorSystem

    from tui.scenes import fold, hypernet, sharing, transform

    groups = {
        "fold": [*fold.CLASS_STYLES[:2], fold.BOUNDARY_STYLE, fold.GRID_STYLE],
        "transform": list(transform.GLYPHS),
        "sharing": list(sharing.GLYPHS),
        "hypernet fit": [hypernet.HYPER_STYLE, hypernet.PLAIN_STYLE, hypernet.DATA_STYLE, hypernet.LOCAL_STYLE],
        "hypernet weights": [hypernet.SLOPE_STYLE, hypernet.OFFSET_STYLE, hypernet.FORMULA_STYLE],
    }
    for name, styles in groups.items():
        colours = [Color.parse(s.split()[-1]) for s in styles]
        for system in (ColorSystem.EIGHT_BIT, ColorSystem.STANDARD):
            down = [c.downgrade(system) for c in colours]
            keys = [c.number if c.number is not None else c.triplet for c in down]
            assert len(set(keys)) == len(keys), (name, system, styles, keys)


def test_the_app_keeps_english_where_the_charset_has_no_hangul(capsys):
    import asyncio

    from apptools import make_app
    from tui.cli import lang_for_charset

    assert lang_for_charset("ko", "block") == "en"
    assert capsys.readouterr().err.strip() == "nn-explorer: the block charset has no Hangul, so the text is in English"
    assert lang_for_charset("ko", "braille") == "ko"

    async def press_l():
        app = make_app("fold", preload_torch=False, charset="ascii")
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await pilot.press("L")
            await pilot.pause()
            return app.lang, [n.message for n in app._notifications]

    lang, messages = asyncio.run(press_l())
    assert lang == "en" and any("has no Hangul" in m for m in messages)
