"""``render LESSON --lang ko`` (issue 13): one flag for every lesson, the
same as ``-o lang=ko``; Korean words in the text, English unchanged without
it. Fold's render has no Korean until issue 12's merge: it says so on
stderr and draws in English."""

import re

import pytest

from test_ko_everywhere import english_words
from tui.cli import main
from tui.lessons import LESSONS

HANGUL = re.compile(r"[\uac00-\ud7a3]")

#: cheap settings per lesson (a tiny sweep, a short training)
CHEAP = {"width": ["-o", "seeds=2", "-o", "steps=20", "-o", "widths=2,8"], "hypernet": ["--step", "20"],
         "conv": ["-o", "view=2"], "fold": ["--step", "3"]}


def render(capsys, key: str, *extra: str) -> tuple[str, str]:
    assert main(["render", key, "--no-color", "--size", "100x40", *CHEAP.get(key, []), *extra]) == 0
    out = capsys.readouterr()
    return out.out, out.err


def lessons():
    for lesson in LESSONS:
        if lesson.key == "fold":
            continue
        yield lesson.key


@pytest.mark.parametrize("key", lessons())
def test_render_lang_ko_draws_in_korean_and_en_is_the_default(capsys, key):
    en, _ = render(capsys, key)
    same, _ = render(capsys, key, "--lang", "en")
    ko, err = render(capsys, key, "--lang", "ko")
    as_option, _ = render(capsys, key, "-o", "lang=ko")
    assert en == same and not HANGUL.search(en)
    assert ko == as_option and err == ""
    assert HANGUL.search(ko.splitlines()[0]), "the title line is Korean"
    # English words (tests/test_ko_everywhere.py's rule and allow-list): a few at most, where English has many
    # (a run of one letter, "ooooo", is a plot drawn with glyphs without colour)
    left, before = ([w for w in english_words(text) if len(set(w)) > 1] for text in (ko, en))
    assert len(left) <= len(before) / 4, left


def test_render_fold_in_korean_draws_its_words_in_korean(capsys):
    en, _ = render(capsys, "fold")
    ko, err = render(capsys, "fold", "--lang", "ko")
    assert err == "" and ko != en
    assert "정확도" in ko and "클래스 0" in ko and "Fold ·" in en and "class 0" in en
    assert render(capsys, "fold", "-o", "lang=ko")[0] == ko


def test_render_lang_and_option_that_differ_is_a_usage_error(capsys):
    assert main(["render", "sharing", "--lang", "ko", "-o", "lang=en"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "differ" in err
