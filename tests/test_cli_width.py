"""The command line for the Width lesson: ``nn-explorer sweep`` and
``nn-explorer render width`` (small settings)."""

import json

import pytest

from tui.cli import main


def one_line_error(capsys, code: int) -> str:
    out = capsys.readouterr()
    assert code == 2
    lines = out.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("nn-explorer: "), out.err
    assert "Traceback" not in out.err and out.out == ""
    return lines[0]


@pytest.mark.parametrize("argv,needle", [
    (["--widths", "0"], "width 0 is out of range"),
    (["--widths", "2,0,4"], "width 0 is out of range"),
    (["--widths", "2,x"], "expected whole numbers separated by commas"),
    (["--widths", ""], "expected whole numbers"),
    (["--seeds", "-3"], "seeds must be between 1 and"),
    (["--seeds", "0"], "seeds must be between 1 and"),
    (["--seeds", "many"], "expected a whole number"),
    (["--steps", "0"], "steps must be between"),
    (["--depths", "0"], "depth 0 is out of range"),
    (["--dataset", "mnist"], "unknown data set 'mnist'"),
    (["--device", "tpu"], "invalid choice"),
    (["--lr", "-1"], "learning rate"),
    (["--threads", "0"], "threads must be between"),
    (["--frobnicate"], "unrecognized arguments"),
])
def test_sweep_bad_values_are_one_line_and_exit_2(capsys, argv, needle):
    line = one_line_error(capsys, main(["sweep", *argv]))
    assert needle in line


def test_sweep_prints_the_table(capsys):
    code = main(["sweep", "--widths", "2,8", "--seeds", "3", "--steps", "20", "--points", "200"])
    out = capsys.readouterr().out
    assert code == 0
    lines = out.strip().splitlines()
    assert lines[0].startswith("circles: 3 seeds per cell, 20 Adam steps")
    assert lines[2].split()[:2] == ["2", "4"] and lines[3].split()[:2] == ["8", "4"]
    assert lines[-1].startswith("done: 2 of 2 cells")


def test_sweep_json_for_scripts(capsys):
    code = main(["sweep", "--dataset", "moons", "--widths", "3", "--depths", "2,3", "--seeds", "2",
                 "--steps", "5", "--points", "100", "--json", "--device", "cpu"])
    data = json.loads(capsys.readouterr().out)
    assert code == 0
    assert data["dataset"] == "moons" and data["complete"] and data["device"] == "cpu"
    assert [(c["width"], c["depth"]) for c in data["cells"]] == [(3, 2), (3, 3)]
    for c in data["cells"]:
        assert c["seeds"] == 2 and 0.0 <= c["success_rate"] <= 1.0 and 0.0 <= c["mean_merged_share"] <= 1.0


def test_render_width_is_the_screens_picture(capsys):
    code = main(["render", "width", "--no-color", "--size", "80x24", "-o", "seeds=3", "-o", "steps=10",
                 "-o", "widths=2,4"])
    out = capsys.readouterr().out
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("Width · circles · 3 seeds per cell · 10 Adam steps")
    assert "success (final accuracy ≥ 95%)" in out and "width 2, depth 4:" in out
    assert len(lines) <= 24


@pytest.mark.parametrize("argv,needle", [
    (["-o", "seeds=x"], "seeds must be whole numbers"),
    (["-o", "seeds=0"], "seeds must be 1 to"),
    (["-o", "widths=0"], "width 0 is out of range"),
    (["--step", "3"], "the width lesson takes no --step (its state options: -o seeds="),
    (["--width", "5"], "width 5 is not in the sweep"),
    (["--dataset", "mnist"], "unknown data set"),
])
def test_render_width_bad_options_exit_2(capsys, argv, needle):
    line = one_line_error(capsys, main(["render", "width", *argv]))
    assert needle in line
