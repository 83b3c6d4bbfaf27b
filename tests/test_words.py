"""Every words file (assets/words/*.toml) has every entry in both English
and Korean, with the same format fields; every lesson has its file."""

import pytest

from tui import words
from tui.lessons import LESSONS


def test_every_lesson_has_a_words_file():
    assert {lesson.key for lesson in LESSONS} | {"app"} <= set(words.files())


@pytest.mark.parametrize("name", words.files())
def test_every_entry_has_en_and_ko_with_the_same_fields(name):
    assert words.check(name) == []


def test_check_finds_what_is_wrong(tmp_path, monkeypatch):
    (tmp_path / "bad.toml").write_text(
        '[a]\nen = "x {n}"\nko = "엑스"\n'          # a field missing in Korean
        '[b]\nen = "y"\n'                           # no Korean
        '[c]\nen = ["p", "q"]\nko = ["피"]\n'       # arrays of different lengths
        '[d]\nen = "z"\nko = ""\n'                  # empty in one language
        '[e]\nen = "{v:.1f}%"\nko = "{v:.1f}%"\n',  # fine
        encoding="utf-8")
    monkeypatch.setattr(words, "words_dir", lambda: tmp_path)
    words.load.cache_clear()
    try:
        problems = words.check("bad")
    finally:
        words.load.cache_clear()
    assert [p.split(":")[0] for p in problems] == ["bad.toml [a]", "bad.toml [b]", "bad.toml [c]", "bad.toml [d]"]


def test_a_key_entry_declares_its_binding_and_check_finds_a_bad_one(tmp_path, monkeypatch):
    """[keys.WORD] may say the key, action, display and footer of the binding
    ``bindings`` makes of it, in the file's order; nowhere else, and typed."""
    (tmp_path / "keyed.toml").write_text(
        '[keys.step]\nkey = "right"\naction = "step(1)"\ndisplay = "→"\nen = "Step"\nko = "한 단계"\n'
        '[tips.step]\nen = "One step"\nko = "한 단계 앞으로"\n'
        '[keys.quiet]\nkey = "q"\nfooter = false\nen = "Quiet"\nko = "조용히"\n'
        '[keys.label_only]\nen = "Only a label"\nko = "이름만"\n'
        '[keys.bad_type]\nkey = "x"\nfooter = "no"\nen = "X"\nko = "엑스"\n'
        '[keys.no_key]\naction = "go"\nen = "Go"\nko = "가기"\n'
        '[notes.keyed]\nkey = "k"\nen = "K"\nko = "케이"\n',
        encoding="utf-8")
    monkeypatch.setattr(words, "words_dir", lambda: tmp_path)
    words.load.cache_clear()
    try:
        problems = words.check("keyed")
        made = words.bindings("keyed")
    finally:
        words.load.cache_clear()
    assert [p.split(":")[0] for p in problems] == ["keyed.toml [keys.bad_type]", "keyed.toml [keys.no_key]",
                                                    "keyed.toml [notes.keyed]"]
    assert [(b.key, b.action, b.key_display, b.show, b.description, b.tooltip) for b in made[:2]] == [
        ("right", "step(1)", "→", True, "Step", "One step"), ("q", "quiet", None, False, "Quiet", "")]
    assert [b.key for b in made] == ["right", "q", "x"]  # an entry without a key is a label only


def test_text_formats_and_falls_back_to_english():
    assert words.text("app", "torch.ready", "ko", device="cpu") == "PyTorch: cpu"
    assert words.text("app", "home.lessons", "fr") == words.text("app", "home.lessons", "en")
    with pytest.raises(words.WordsError):
        words.text("app", "no.such.key")


def test_a_field_may_be_called_key_or_name():
    """text()'s own parameters are positional-only: the palette's entry has a
    {key} field (a TypeError there emptied the palette's search)."""
    assert words.text("app", "palette.lesson", "en", i=3, title="T", key="transform") == "Lesson 3: T (transform)"


def test_a_key_is_translated_only_by_its_own_lessons_words():
    """Width's "Data" key has words in width.toml; fold's key of the same
    English (its words are not moved yet) must stay English, not come out
    half translated depending on which lesson was imported first (seen in a
    full run: fold's footer read 'd 데이터' next to 'w Width')."""
    from textual.binding import Binding

    import tui.app  # noqa: F401 - registers the app's own keys (q Quit)
    import tui.screens.width  # noqa: F401 - registers width's keys

    b = Binding("d", "cycle_dataset", "Data", tooltip="Next data set")
    assert words.binding_in(b, "ko", ("fold", "app")) is b
    assert words.binding_in(b, "ko", ("width", "app")).description == "데이터"
    assert words.binding_in(Binding("q", "quit", "Quit", tooltip="Leave nn-explorer"), "ko").description == "끝내기"


def test_a_words_file_is_parsed_once_and_read_back_from_the_cache(tmp_path, monkeypatch):
    import tomllib

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    source = tmp_path / "demo.toml"
    source.write_text('[a]\nen = "one"\nko = "하나"\n', encoding="utf-8")
    first = words._parsed(source)
    assert first == tomllib.loads(source.read_text(encoding="utf-8"))
    (cached,) = words.cache_dir().glob("demo-*.marshal")
    monkeypatch.setattr(tomllib, "load", lambda f: (_ for _ in ()).throw(AssertionError("parsed again")))
    assert words._parsed(source) == first  # from the cache: TOML is not asked again
    monkeypatch.undo()
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    source.write_text('[a]\nen = "two, changed"\nko = "둘"\n', encoding="utf-8")  # another size: another name
    assert words._parsed(source)["a"]["en"] == "two, changed"
    assert [p.name for p in words.cache_dir().glob("demo-*.marshal")] != [cached.name]  # the old one replaced


def test_a_broken_or_unwritable_cache_only_costs_a_parse(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    source = tmp_path / "demo.toml"
    source.write_text('[a]\nen = "one"\nko = "하나"\n', encoding="utf-8")
    words._parsed(source)
    (cached,) = words.cache_dir().glob("demo-*.marshal")
    cached.write_bytes(b"\x00not marshal")
    assert words._parsed(source)["a"]["ko"] == "하나"
    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))  # a file where the folder should be: cannot write
    assert words._parsed(source)["a"]["en"] == "one"
