"""Pilot tests of the motif2d screen (driven by its keys), its render and its CLI."""

from __future__ import annotations

import numpy as np
import pytest

from apptools import make_app, settled, status_text
from tui.cli import main
from tui.screens.motif2d import Motif2dScreen


async def test_opens_without_torch_and_shows_the_c_detection():
    app = make_app("motif2d", preload_torch=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        screen = app.screen
        assert isinstance(screen, Motif2dScreen)
        assert app.torch_status == "idle"
        a = screen.analysis
        assert (a.ends, a.corners, a.decision) == (2, 0, "C")
        text = screen.plot.plain_text()
        assert text.count("→") >= 3  # two detections on the canvas, and the template's label
        assert "decision: C ✓" in text
        assert "ends 2" in status_text(screen) and "→ C" in status_text(screen)


async def test_arrows_move_the_detections_but_not_the_counts():
    app = make_app("motif2d", preload_torch=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        screen = app.screen
        before = screen.analysis
        await pilot.press("right", "right", "down", "up", "up", "left")
        after = screen.analysis
        assert (after.state.dy, after.state.dx) == (-1, 1)
        assert (after.ends, after.corners, after.decision) == (before.ends, before.corners, before.decision)
        # the detections moved with the letter
        for b, a in zip(before.maps, after.maps):
            rows, cols = b.nonzero()
            assert a[rows - 1, cols + 1].all() and a.sum() == b.sum()
        for _ in range(30):  # the letter stops at the canvas edge
            await pilot.press("right")
        assert screen.analysis.state.dx == 9 and screen.analysis.decision == "C"
        await pilot.press("c")
        assert (screen.analysis.state.dy, screen.analysis.state.dx) == (0, 0)


async def test_letters_sharing_noise_thickness_distortion_keys():
    app = make_app("motif2d", preload_torch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settled(pilot)
        screen = app.screen
        await pilot.press("g")
        assert screen.analysis.state.glyph == "D" and screen.analysis.decision == "D"
        await pilot.press("s")
        assert not screen.analysis.state.shared and screen.analysis.decision == "D"
        assert "not shared" in status_text(screen)
        await pilot.press("left")
        assert screen.analysis.decision == "neither" and "✗" in status_text(screen)
        await pilot.press("s", "c", "n")
        assert screen.analysis.state.noise == 0.02
        img = screen.analysis.image.copy()
        await pilot.press("r")
        assert (screen.analysis.image != img).any()
        await pilot.press("n", "n")
        assert screen.analysis.state.noise == 0.0
        await pilot.press("b")
        assert screen.analysis.state.thick and screen.analysis.image.sum() > img.sum()
        await pilot.press("b", "x")
        assert screen.analysis.state.distortion == "wide"
        await pilot.press("x", "x", "g", "g", "g")
        assert screen.analysis.state.glyph == "C" and screen.analysis.state.distortion == "none"


async def test_language_switch_relabels_the_picture():
    app = make_app("motif2d", preload_torch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settled(pilot)
        await pilot.press("L")
        await pilot.pause()
        assert "판정" in app.screen.plot.plain_text() and "끝점" in status_text(app.screen)


async def test_render_equals_what_the_screen_draws():
    from tui.scenes.motif2d import picture

    app = make_app("motif2d", preload_torch=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settled(pilot)
        await pilot.press("g", "right", "right", "s")
        screen = app.screen
        w, h = screen.plot.size
        from tui.render import render_lesson
        from tui.canvas import runs_to_plain

        import textwrap

        from tui.scenes.motif2d import header

        n_head = len(textwrap.wrap(header(screen.analysis), w))
        lines = render_lesson("motif2d", size=(w, h + n_head),
                              options={"glyph": "D", "dx": "2", "shared": "0"})
        assert lines[n_head][0][0].startswith("┌")
        assert runs_to_plain(lines[n_head:]) == screen.plot.plain_text()
        assert runs_to_plain(picture(screen.analysis, w, h)) == screen.plot.plain_text()


def test_cli_render_plain(capsys):
    assert main(["render", "motif2d", "--no-color", "--size", "80x24", "-o", "glyph=D", "-o", "dx=-3"]) == 0
    out = capsys.readouterr().out
    assert "D at shift (dx, dy) = (-3, +0)" in out and "decision: D ✓" in out and "┌" in out


@pytest.mark.parametrize("argv, needle", [
    (["-o", "glyph=Q"], "unknown glyph 'Q'"),
    (["-o", "dx=99"], "off the canvas"),
    (["-o", "dx=two"], "whole number"),
    (["-o", "noise=lots"], "must be a number"),
    (["-o", "noise=0.9"], "between 0 and 0.5"),
    (["-o", "thick=maybe"], "1 or 0"),
    (["-o", "distortion=swirl"], "unknown distortion"),
    (["-o", "lang=fr"], "lang must be en or ko"),
    (["--step", "3"], "takes no --step"),
])
def test_cli_render_bad_options_are_one_line_exit_2(capsys, argv, needle):
    assert main(["render", "motif2d", *argv]) == 2
    err = capsys.readouterr().err
    assert needle in err and err.count("\n") == 1


def test_cli_claims_motif2d(capsys):
    assert main(["claims", "motif2d"]) == 0
    assert "3 passed, 0 failed" in capsys.readouterr().out


def test_picture_fits_any_size_in_both_languages():
    from rich.cells import cell_len

    from models import motif2d as m
    from tui.scenes.motif2d import layout, picture

    states = [m.MotifState("C"), m.MotifState("D", shared=False, dx=3), m.MotifState("L", thick=True, noise=0.05),
              m.MotifState("O", distortion="tall", dy=-2)]
    for lang in ("en", "ko"):
        for st in states:
            a = m.analyse(st)
            for w, h in ((20, 8), (47, 18), (73, 32), (183, 64)):
                lines = picture(a, w, h, lang)
                assert len(lines) == h and all(sum(cell_len(t) for t, _ in line) == w for line in lines)
    assert layout(m.CANVAS, 47, 18)[0] == "half" and layout(m.CANVAS, 183, 64)[0] == "big"


async def test_position_is_dx_dy_with_dy_downwards_like_render():
    """Issue 15: → gave "C (+0,+1)", ↑ "(−1,+0)", render -o dx=3 -o dy=−1
    printed "(−1, +3)": (row, column). Now (dx, dy), dy growing downwards."""
    app = make_app("motif2d", preload_torch=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        screen = app.screen
        await pilot.press("right")
        assert "C (+1,+0)" in status_text(screen)
        await pilot.press("c", "up")
        assert "C (+0,-1)" in status_text(screen)
        await pilot.press("c", "down", "left", "left")
        assert "C (-2,+1)" in status_text(screen)
        await pilot.press("c", "right", "right", "right", "up")
        assert "C (+3,-1)" in status_text(screen)
        assert screen.export_state()["options"] == {"glyph": "C", "dx": "3", "dy": "-1"}
        a = screen.analysis
        # the letter's ink moved 3 columns right and 1 row up from the centred one
        from models import motif2d as m

        centred = m.image_of(m.MotifState())
        assert (a.image == np.roll(np.roll(centred, 3, axis=1), -1, axis=0)).all()
        shown = screen.plot.plain_text()
        w, h = screen.plot.size
    from tui.canvas import runs_to_plain
    from tui.render import render_lesson

    lines = render_lesson("motif2d", size=(w, h + 2), options={"dx": "3", "dy": "-1"})
    text = runs_to_plain(lines)
    assert "C at shift (dx, dy) = (+3, -1)" in text.replace("\n", " ")
    assert shown in text  # the same picture as on screen


def test_render_header_says_dx_dy_in_both_languages(capsys):
    assert main(["render", "motif2d", "--no-color", "--size", "120x40", "-o", "dx=3", "-o", "dy=-1"]) == 0
    assert "C at shift (dx, dy) = (+3, -1)" in capsys.readouterr().out.replace("\n", " ")
    assert main(["render", "motif2d", "--no-color", "--size", "120x40", "-o", "dx=3", "-o", "dy=-1",
                 "-o", "lang=ko"]) == 0
    assert "C, 이동 (dx, dy) = (+3, -1)" in capsys.readouterr().out.replace("\n", " ")
    assert main(["render", "motif2d", "-o", "dx=3", "-o", "dy=9"]) == 2
    assert "shift dx=3, dy=9 takes the letter off the canvas" in capsys.readouterr().err


STATES = [dict(glyph="C"), dict(glyph="D", shared=False, dx=3), dict(glyph="L", thick=True, noise=0.05),
          dict(glyph="O", distortion="tall", dy=-2)]


def _parts_shown(a, lines, lang: str) -> None:
    """Every part the picture has is there whole: the summary, each
    template's count, and, when the template bitmaps are drawn, the key."""
    from tui.canvas import runs_to_plain
    from tui.scenes.motif2d import WORDS

    from models import motif2d as mm

    text = runs_to_plain(lines)
    words = WORDS[lang]
    assert f"{words['decision']}: " in text
    counts = [f"{t.symbol}{n}" for t, n in zip(mm.TEMPLATES, a.per_template)]
    if any(c in text for c in counts):  # templates are shown: all of them, titled, with their counts
        assert words["end_t"] in text and words["corner_t"] in text
        for c in counts:
            assert c in text, c
        if "░" in text:  # their bitmaps (the corners' "either" shade): the whole key that explains them
            for name in words["key"].split(" · "):
                assert name in text, name


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_templates_and_key_are_whole_at_80x24_120x40_250x70(lang):
    """Issue 15: at 120×40 the corner templates and the key were clipped at
    the bottom."""
    from apptools import broken_borders

    from tui.canvas import text_cells
    from tui.scenes.motif2d import _choose

    for size in ((80, 24), (120, 40), (250, 70)):
        app = make_app("motif2d", preload_torch=False, lang=lang)
        async with app.run_test(size=size) as pilot:
            await settled(pilot)
            screen = app.screen
            for keys in ([], ["g", "s", "right", "right", "up"], ["c", "s", "g", "g", "b", "n"], ["t"]):
                await pilot.press(*keys)
                await pilot.pause()
                a = screen.analysis
                w, h = screen.plot.size
                scale, arrangement, per_row, block = _choose(a, w, h, lang)
                assert len(block) <= h, (size, keys, len(block), h)
                assert arrangement in ("beside", "below") and per_row >= 2, (size, keys, arrangement)
                _parts_shown(a, screen.plot.lines, lang)
                assert not broken_borders(app), broken_borders(app)
                assert all(text_cells("".join(t for t, _ in line)) == w for line in screen.plot.lines)


def test_nothing_is_cut_in_half_at_any_size():
    """From the app's smallest plot (about 37×10) up: the picture drops a
    part (bitmaps and key, then the counts, then the canvas) rather than cut
    one; below that, only the summary is cut."""
    from models import motif2d as m
    from tui.scenes import motif2d as scene

    for lang in ("en", "ko"):
        for st in STATES[:2]:
            a = m.analyse(m.MotifState(**st))
            sizes = [(w, h) for w in range(24, 252, 9) for h in range(9, 72, 4)]
            for w, h in sizes:
                if w >= 37 and h >= 10:
                    _parts_shown(a, scene.picture(a, w, h, lang), lang)
            for w, h in sizes:
                block = scene._choose(a, w, h, lang)[3]
                assert len(block) <= h and scene.width_of(block) <= w, (lang, st, w, h, len(block))
