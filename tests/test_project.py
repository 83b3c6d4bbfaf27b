"""The project's own files: README commands, CI script, packaging."""

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def readme_block_after(heading: str) -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    m = re.search(re.escape(heading) + r".*?```sh\n(.*?)```", text, re.S)
    assert m, f"no sh block after {heading!r}"
    return m.group(1).strip()


def test_ci_runs_the_readme_test_command():
    cmd = readme_block_after("Run the tests:")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert cmd in [line.strip() for line in ci]


def test_ci_installs_cpu_torch_first_then_the_project():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert ci.index("torch==2.13.0") < ci.index('-e ".[test]"')


def test_quick_start_installs_and_starts():
    line = readme_block_after("Install and start")
    assert "torch==2.13.0" in line and ".[test]" in line and line.endswith("nn-explorer")


def test_dependency_pins():
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    deps = " ".join(meta["project"]["dependencies"])
    test = " ".join(meta["project"]["optional-dependencies"]["test"])
    assert "plotext>=5.2,<6" in deps  # plotext 6 breaks textual-plotext
    assert "pytest>=8,<9" in test  # syrupy 4.8 (pytest-textual-snapshot 1.1) needs pytest < 9
    assert meta["project"]["scripts"]["nn-explorer"] == "tui.cli:entry"


def test_lesson_texts_exist_in_both_languages():
    from tui.lessons import LESSONS

    for lesson in LESSONS:
        for lang in ("en", "ko"):
            text = (ROOT / "assets" / "lessons" / lang / f"{lesson.key}.md").read_text(encoding="utf-8")
            assert len(text) > 500
    ko = (ROOT / "assets" / "lessons" / "ko" / "fold.md").read_text(encoding="utf-8")
    assert re.search(r"[\uac00-\ud7a3]", ko)  # Hangul


def test_ci_installs_the_end_to_end_tools_where_missing_and_requires_them():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "missing+=(tmux)" in ci and "missing+=(chromium)" in ci and "apt-get install" in ci
    assert "NN_EXPLORER_E2E=require" in ci
    assert ci.index("NN_EXPLORER_E2E=require") < ci.index("python -m pytest")
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert any(d.startswith("textual-serve") for d in meta["project"]["dependencies"])
