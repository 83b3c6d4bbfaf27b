"""The command line: one-line errors with exit status 2, render, claims."""

import json
import os
import subprocess
import sys

import pytest

from tui.cli import main


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tui.cli", *args], capture_output=True, text=True, timeout=300)


def one_line_error(capsys, code: int) -> str:
    out = capsys.readouterr()
    assert code == 2
    lines = out.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("nn-explorer: "), out.err
    assert "Traceback" not in out.err
    return lines[0]


@pytest.mark.parametrize("argv,needle", [
    (["nosuch"], "unknown lesson 'nosuch'"),
    (["--seed", "x"], "seed must be a whole number"),
    (["--seed", "-3"], "seed must be between"),
    (["--device", "tpu"], "invalid choice"),
    (["--lang", "fr"], "invalid choice"),
    (["render", "nosuch"], "unknown lesson"),
    (["render", "fold", "--size", "80by24"], "size must look like 120x40"),
    (["render", "fold", "--size", "5x5"], "out of range"),
    (["render", "fold", "--step", "999"], "step 999 is out of range"),
    (["render", "fold", "--step", "two"], "expected a whole number"),
    (["render", "fold", "--dataset", "mnist"], "unknown data set 'mnist'"),
    (["render", "fold", "--width", "5"], "width 5 is not offered"),
    (["render", "fold", "-o", "speed"], "KEY=VALUE"),
    (["claims", "nosuch"], "unknown lesson"),
    (["claims", "--frobnicate"], "unrecognized arguments"),
])
def test_bad_input_is_one_line_and_exit_2(capsys, argv, needle):
    line = one_line_error(capsys, main(argv))
    assert needle in line


def test_cuda_asked_for_but_absent(capsys):
    import torch

    if torch.cuda.is_available():
        pytest.skip("this machine has CUDA")
    line = one_line_error(capsys, main(["--device", "cuda"]))
    assert "no CUDA device" in line


def test_errors_from_a_real_process_have_no_traceback():
    r = run_cli("nosuch")
    assert r.returncode == 2 and "Traceback" not in r.stderr and len(r.stderr.strip().splitlines()) == 1


def test_version_and_help():
    r = run_cli("--version")
    assert r.returncode == 0 and r.stdout.startswith("nn-explorer ")
    r = run_cli("--help")
    assert r.returncode == 0
    for word in ("fold", "render", "claims", "--device", "--lang", "--seed", "sweep", "serve", "--export-dir", "motif2d"):
        assert word in r.stdout


def test_render_fold_plain_text(capsys):
    assert main(["render", "fold", "--no-color", "--size", "80x24"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 24
    assert out[0].startswith("Fold · step 24/24: output layer · +b translate · spiral, 2 classes")
    assert "accuracy" in out[1]  # the header wraps onto a second line at 80 columns
    # without colour each series has its glyph (issue 13): the legend shows them
    assert "o class 0  x class 1" in out[2] and "# boundary" in out[2]
    assert all(len(line) <= 80 for line in out)
    body = "".join(out[3:])
    assert body.count("o") > 10 and body.count("x") > 10 and "#" in body  # the classes and boundary, by glyph
    assert sum(0x2801 <= ord(c) <= 0x28FF for line in out for c in line) > 20  # the axes, in braille dots
    assert "\x1b[" not in "".join(out)


def test_render_steps_differ_and_name_the_substep(capsys):
    assert main(["render", "fold", "--no-color", "--step", "0", "--dataset", "circles"]) == 0
    first = capsys.readouterr().out
    assert "input plane" in first.splitlines()[0]
    assert main(["render", "fold", "--no-color", "--step", "5", "--dataset", "circles"]) == 0
    fifth = capsys.readouterr().out
    assert "layer 1 · ReLU fold" in fifth.splitlines()[0]
    assert first != fifth


def test_render_in_colour_uses_ansi_when_forced():
    r = subprocess.run([sys.executable, "-m", "tui.cli", "render", "fold", "--size", "60x20"],
                       capture_output=True, text=True, env={"FORCE_COLOR": "1", "PATH": "/usr/bin:/bin",
                                                            "TERM": "xterm-256color"}, timeout=120)
    assert r.returncode == 0
    assert "\x1b[" in r.stdout


def test_render_equals_what_the_screen_draws(capsys):
    """`render` and the lesson screen compute the same picture for the same state."""
    import asyncio

    from apptools import make_app
    from tui.canvas import render_runs, runs_to_plain

    assert main(["render", "fold", "--no-color", "--size", "90x30", "--step", "7"]) == 0
    cli_out = capsys.readouterr().out.splitlines()
    n_head = next(i for i, line in enumerate(cli_out) if "o class 0" in line)  # header lines
    cli_plot = cli_out[n_head:]

    async def screen_plot() -> str:
        app = make_app("fold", preload_torch=False)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            s = app.screen
            await pilot.press("home", *["right"] * 7)
            return runs_to_plain(render_runs(s.plot.scene, 90, 30 - n_head, markers=True))  # as without colour

    assert asyncio.run(screen_plot()).splitlines() == [line.rstrip() for line in cli_plot]


def test_claims_fold_json():
    r = run_cli("claims", "fold", "--json")
    results = json.loads(r.stdout)
    assert len(results) == 7  # issue 12 added the tanh claim
    assert all(set(x) == {"lesson", "claim", "evidence", "passed"} for x in results)
    assert r.returncode == (0 if all(x["passed"] for x in results) else 1)
    # all hold but possibly the spiral one at width 2 (see test_models_claims)
    assert all(x["passed"] for x in results if "spiral" not in x["claim"]), results


def test_claims_text_summary(capsys):
    code = main(["claims", "fold"])  # (the other lessons' claims are tested beside their maths)
    out = capsys.readouterr().out
    assert out.count("PASS  [fold]") >= 4
    passed, failed = out.count("PASS  ["), out.count("FAIL  [")
    assert out.strip().splitlines()[-1] == f"{passed} passed, {failed} failed"
    assert code == (1 if failed else 0)


def test_render_with_corrupt_weights_trains_from_scratch(capsys, tmp_path, monkeypatch):
    import models.fold.shipped as pre

    (tmp_path / "fold-moons-w2.json").write_text('{"format": "nn-explorer/fold-weights", "version": 1}')
    monkeypatch.setattr(pre, "weights_dir", lambda: tmp_path)
    assert main(["render", "fold", "--no-color", "--dataset", "moons", "--size", "60x20"]) == 0
    out = capsys.readouterr()
    assert "training a network from scratch" in out.err
    assert len(out.err.strip().splitlines()) == 1
    assert out.out.startswith("Fold · step 24/24") and "two moons" in out.out



@pytest.mark.parametrize("environ,lang", [
    ({}, "en"),
    ({"LANG": "ko_KR.UTF-8"}, "ko"),
    ({"LANG": "en_US.UTF-8"}, "en"),
    ({"LC_ALL": "ko_KR.UTF-8", "LANG": "en_US.UTF-8"}, "ko"),
    ({"LC_ALL": "C.UTF-8", "LANG": "ko_KR.UTF-8"}, "en"),  # the first one set decides
    ({"LC_MESSAGES": "ko_KR", "LANG": "en_US"}, "ko"),
    ({"LC_ALL": "", "LANG": "ko"}, "ko"),
])
def test_the_default_language_follows_the_locale(environ, lang):
    from tui.cli import locale_lang

    assert locale_lang(environ) == lang


def test_lang_on_the_command_line_wins_over_the_locale(monkeypatch):
    import tui.app

    made = {}

    class Fake:
        def __init__(self, lesson, settings):
            made["lang"] = settings.lang
            self.return_code = 0

        def run(self):
            pass

    monkeypatch.setattr(tui.app, "NNExplorer", Fake)
    monkeypatch.setenv("LANG", "ko_KR.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    assert main([]) == 0 and made["lang"] == "ko"
    assert main(["--lang", "en"]) == 0 and made["lang"] == "en"


def test_numpys_blas_starts_one_thread_unless_the_user_chose(monkeypatch, capsys):
    monkeypatch.delenv("OPENBLAS_NUM_THREADS", raising=False)
    main(["render", "fold", "--size", "60x16"])
    assert os.environ["OPENBLAS_NUM_THREADS"] == "1"
    monkeypatch.setenv("OPENBLAS_NUM_THREADS", "4")
    main(["render", "fold", "--size", "60x16"])
    assert os.environ["OPENBLAS_NUM_THREADS"] == "4"
