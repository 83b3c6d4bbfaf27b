"""Unit tests of models/motif2d.py: glyphs, templates, sweeping, counting, shifting, claims."""

from dataclasses import replace

import numpy as np
import pytest

from models import motif2d as m


# ----------------------------------------------------------------- glyphs
def test_parse_glyph_reads_hash_and_dot():
    g = m.parse_glyph("#.\n.#\n")
    assert g.dtype == np.uint8 and g.tolist() == [[1, 0], [0, 1]]


@pytest.mark.parametrize("text, needle", [("", "empty"), ("#.\n#", "different lengths"), ("#x", "unexpected"),
                                          ("..\n..", "no ink"), ("#" * 40, "larger than")])
def test_parse_glyph_refuses_bad_files(text, needle):
    with pytest.raises(m.GlyphError, match=needle):
        m.parse_glyph(text)


def test_every_shipped_glyph_loads_and_fits_the_canvas():
    for name in m.GLYPHS:
        g = m.load_glyph(name)
        assert g.shape == (9, 7) and g.any()
        assert m.place(g).sum() == g.sum()
    with pytest.raises(m.GlyphError, match="unknown glyph"):
        m.load_glyph("Z")


def test_load_glyph_reports_a_missing_or_corrupt_file(tmp_path, monkeypatch):
    monkeypatch.setattr(m, "_GLYPH_CACHE", {})
    monkeypatch.setattr(m, "glyph_path", lambda name: tmp_path / f"{name}.txt")
    with pytest.raises(m.GlyphError, match="could not be read"):
        m.load_glyph("C")
    (tmp_path / "D.txt").write_text("#?#\n")
    with pytest.raises(m.GlyphError, match="unexpected"):
        m.load_glyph("D")


def test_thicken_makes_strokes_two_pixels_wide():
    g = np.zeros((3, 3), np.uint8)
    g[1, 1] = 1
    t = m.thicken(g)
    assert t.shape == (4, 4) and t.sum() == 4 and t[1:3, 1:3].all()


def test_distort_kinds():
    g = m.load_glyph("D")
    assert (m.distort(g, "none") == g).all()
    assert m.distort(g, "wide").shape == (9, 10)
    assert m.distort(g, "tall").shape == (12, 7)
    # nearest neighbour: every column of the wide glyph is a column of the glyph
    cols = {tuple(c) for c in g.T}
    assert all(tuple(c) in cols for c in m.distort(g, "wide").T)
    with pytest.raises(ValueError, match="unknown distortion"):
        m.distort(g, "swirl")


def test_shift_range_and_place():
    assert m.shift_range((9, 7), (16, 24)) == (-3, 4, -8, 9)
    g = m.load_glyph("L")
    img = m.place(g, 4, -8)
    assert img[-1, :7].all() and img[-9:, 0].all()  # bottom-left corner of the canvas
    with pytest.raises(ValueError, match="off the canvas"):
        m.place(g, 5, 0)


def test_add_noise_flips_the_asked_share_reproducibly():
    img = np.zeros((100, 100), np.uint8)
    a = m.add_noise(img, 0.05, seed=3)
    assert 0.04 < a.mean() < 0.06
    assert (a == m.add_noise(img, 0.05, seed=3)).all() and (a != m.add_noise(img, 0.05, seed=4)).any()
    assert (m.add_noise(img, 0.0) == img).all()


# -------------------------------------------------------------- templates
def test_templates_are_twelve_distinct_with_exact_match_thresholds():
    assert [t.kind for t in m.TEMPLATES].count("end") == 8 and [t.kind for t in m.TEMPLATES].count("corner") == 4
    assert len({t.weights.tobytes() for t in m.TEMPLATES}) == 12
    assert len({t.symbol for t in m.TEMPLATES}) == 12
    for t in m.TEMPLATES:
        assert t.threshold == (t.weights == 1).sum() - 0.5


def test_each_template_fires_once_on_its_own_pattern():
    for i, t in enumerate(m.TEMPLATES):
        img = np.zeros((7, 7), np.uint8)
        img[2:5, 2:5] = t.weights == 1
        maps = m.detect(img)
        assert maps[i].sum() == 1 and maps[i][3, 3]
        # a corner is only a corner; a 2-pixel stroke has two ends, one each way
        assert maps.sum() == (2 if t.kind == "end" else 1), t.name


def test_correlate2d_matches_the_definition():
    rng = np.random.default_rng(0)
    x = rng.integers(0, 2, (6, 8))
    w = rng.integers(-1, 2, (3, 3))
    y = m.correlate2d(x, w)
    xp = np.pad(x, 1)
    ref = np.array([[(w * xp[i:i + 3, j:j + 3]).sum() for j in range(8)] for i in range(6)])
    assert y.shape == (6, 8) and (y == ref).all()
    assert m.scores(x).shape == (12, 6, 8)


def test_count_and_decide():
    c = m.detect(m.place(m.load_glyph("C")))
    assert m.count(c) == (2, 0)
    assert m.decide(2, 0) == "C" and m.decide(0, 2) == "D"
    assert m.decide(2, 1) == m.decide(0, 0) == m.decide(3, 0) == "neither"
    assert m.truth("C") == "C" and m.truth("O") == "neither"


def test_tied_units_are_where_the_centred_letters_fired():
    units = m.tied_units()
    assert units.sum() == 4
    c = m.detect(m.place(m.load_glyph("C")))
    d = m.detect(m.place(m.load_glyph("D")))
    assert (units == (c | d)).all()


# ----------------------------------------------------------------- states
def test_state_moves_and_clamps_to_the_canvas():
    s = m.MotifState("C").moved(100, -100)
    assert (s.dy, s.dx) == (4, -8)
    thick = replace(s, thick=True).clamped()  # one pixel taller: the shift range shrinks
    y0, y1, x0, x1 = m.shift_range(m.glyph_of(thick).shape)
    assert (thick.dy, thick.dx) == (y1, x0) == (3, -8)
    assert m.image_of(thick).sum() == m.glyph_of(thick).sum()


def test_image_of_and_glyph_of():
    s = m.MotifState("D", thick=True, distortion="wide", noise=0.0)
    assert m.glyph_of(s).shape == (10, 12)
    assert m.image_of(s).shape == m.CANVAS
    noisy = m.image_of(replace(s, noise=0.05))
    assert (noisy != m.image_of(s)).any()


def test_analyse_centred_letters():
    for glyph, want in [("C", (2, 0, "C")), ("D", (0, 2, "D")), ("O", (0, 0, "neither")),
                        ("L", (2, 1, "neither"))]:
        a = m.analyse(m.MotifState(glyph))
        assert (a.ends, a.corners, a.decision) == want and a.correct
        assert sum(a.per_template) == a.ends + a.corners and a.units is None


def test_analyse_without_sharing_fails_once_moved():
    a = m.analyse(m.MotifState("C", shared=False))
    assert a.decision == "C" and a.units is not None
    b = m.analyse(m.MotifState("C", shared=False, dx=1))
    assert (b.ends, b.corners, b.decision) == (0, 0, "neither") and not b.correct


def test_shift_table_is_constant_with_sharing():
    table = m.shift_table("D")
    assert len(table) == 8 * 18 and set(table.values()) == {(0, 2, "D")}
    tied = m.shift_table("D", shared=False)
    assert tied[(0, 0)] == (0, 2, "D") and sum(v[2] != "D" for v in tied.values()) == len(tied) - 1


def test_hand_made_templates_are_brittle():
    """What the lesson text says about noise, thickness and stretching."""
    thick_c = m.analyse(m.MotifState("C", thick=True))
    assert thick_c.ends == 0 and thick_c.corners > 0
    wide_c = m.analyse(m.MotifState("C", distortion="wide"))
    assert wide_c.ends == 2 and wide_c.corners == 2


# ------------------------------------------------------------------ claims
@pytest.mark.parametrize("claim", m.CLAIMS, ids=lambda f: f.__name__)
def test_claims_pass(claim):
    r = claim()
    assert r.passed, r.evidence
    assert r.lesson == "motif2d"


def test_claims_are_registered():
    from models.claims import claims_for

    assert claims_for("motif2d") == m.CLAIMS
