"""Issue 12: ``--data FILE.csv`` for ``nn-explorer fold``, ``render fold``
and ``sweep``; ``sweep --activation``; ``render fold -o activation=...``.
Every bad file: one line on stderr naming the file (and the row), exit 2,
nothing else printed."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from models.fold.datasets import MAX_CLASSES, MAX_ROWS, DataFileError, load_csv
from tui.cli import main


def write(tmp_path, name: str, text: str | bytes):
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


#: (file name, contents, what the one line must say)
BAD_FILES = [
    ("nonnumber.csv", "x,y,label\n0,0,a\n1,oops,b\n", ["row 3", "y is not a number", "'oops'"]),
    ("infinite.csv", "0,0,1\n1,1,2\n2,inf,1\n", ["row 3", "not a finite number", "'inf'"]),
    ("nan.csv", "0,0,1\nnan,1,2\n", ["row 2", "x is not a finite number"]),
    ("oneclass.csv", "0,0,7\n1,1,7\n2,2,7\n", ["only one class", "'7'"]),
    ("toomany.csv", "".join(f"{i},{i},c{i}\n" for i in range(MAX_CLASSES + 1)),
     [f"row {MAX_CLASSES + 1}", f"at most {MAX_CLASSES} classes"]),
    ("toolong.csv", "".join(f"{i},{i},{i % 2}\n" for i in range(MAX_ROWS + 1)),
     [f"row {MAX_ROWS + 1}", f"more than {MAX_ROWS} rows"]),
    ("binary.csv", b"0,0,1\n\x89PNG\x00\x1a\n", ["row 2", "not a CSV file"]),
    ("latin1.csv", "0,0,1\n1,1,caf\xe9\n".encode("latin-1"), ["row 2", "not a CSV file", "UTF-8"]),
    ("columns.csv", "0,0,1\n1,1\n", ["row 2", "expected 3 values", "found 2"]),
    ("nolabel.csv", "0,0,1\n1,1,\n", ["row 2", "label is empty"]),
    ("empty.csv", "", ["no rows of data"]),
    ("quote.csv", '0,0,1\n1,1,"a\n', ["not a CSV file"]),
]


@pytest.mark.parametrize("name,text,says", BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_load_csv_names_the_file_and_the_row(tmp_path, name, text, says):
    path = write(tmp_path, name, text)
    with pytest.raises(DataFileError) as exc:
        load_csv(path)
    message = str(exc.value)
    assert "\n" not in message and message.startswith(f"{path}: ")
    for part in says:
        assert part in message, message


def test_a_missing_file(tmp_path):
    with pytest.raises(DataFileError, match=r"nothere\.csv: no such file"):
        load_csv(tmp_path / "nothere.csv")


@pytest.mark.parametrize("argv", [["fold"], ["render", "fold"], ["sweep", "--seeds", "2", "--steps", "5"]],
                         ids=["app", "render", "sweep"])
@pytest.mark.parametrize("name,text,says", BAD_FILES + [("missing.csv", None, ["no such file"])],
                         ids=[b[0] for b in BAD_FILES] + ["missing.csv"])
def test_every_command_rejects_a_bad_file_in_one_line_exit_2(tmp_path, capsys, monkeypatch, argv, name, text, says):
    from tui.app import NNExplorer

    monkeypatch.setattr(NNExplorer, "run", lambda self: pytest.fail("the app started on a bad file"))
    path = tmp_path / name if text is None else write(tmp_path, name, text)
    code = main([*argv, "--data", str(path)])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith(f"nn-explorer: {path}: ")
    for part in says:
        assert part in err, err


def test_data_goes_with_fold_only(tmp_path, capsys):
    path = write(tmp_path, "ok.csv", "0,0,a\n1,1,b\n")
    for argv in (["width", "--data", str(path)], ["render", "conv", "--data", str(path)]):
        assert main(argv) == 2
        out, err = capsys.readouterr()
        assert out == "" and err.strip() == "nn-explorer: --data goes with the fold lesson, not " + argv[-3]
    assert main(["sweep", "--data", str(path), "--dataset", "moons"]) == 2
    assert "cannot both be given" in capsys.readouterr().err


def test_load_csv_scales_into_the_square_and_names_the_classes(tmp_path):
    path = write(tmp_path, "words.csv", "x,y,label\n10,20,cat\n14,20,dog\n12,21,cat\n\n")
    data = load_csv(path)
    assert data.n_classes == 2 and data.class_names == ("cat", "dog") and list(data.y) == [0, 1, 0]
    assert np.abs(data.X).max() == pytest.approx(1.0)
    cx, cy, factor = data.scale
    assert (cx, cy, factor) == (12.0, 20.5, 0.5)
    assert "scaled ×0.5 about (12, 20.5)" in data.title
    # numeric labels: ordered by value, 1 and 1.0 are one class
    nums = load_csv(write(tmp_path, "nums.csv", "0,0,10\n1,0,2\n0,1,1.0\n1,1,1\n"))
    assert nums.class_names == ("1", "2", "10") and list(nums.y) == [2, 1, 0, 0]


def test_render_fold_with_data_and_options(tmp_path, capsys):
    rng = np.random.default_rng(1)
    rows = "".join(f"{x:.3f},{y:.3f},{'in' if x * x + y * y < 0.3 else 'out'}\n" for x, y in rng.uniform(-1, 1, (80, 2)))
    path = write(tmp_path, "ring.csv", rows)
    code = main(["render", "fold", "--data", str(path), "--size", "80x30", "--no-color", "-o", "steps=40",
                 "-o", "activation=tanh", "-o", "depth=2"])
    out, err = capsys.readouterr()
    assert code == 0, err
    head = out.splitlines()[0] + out.splitlines()[1]
    assert "ring.csv, scaled" in head and "tanh · depth 2" in head
    assert "class in" in out and "class out" in out
    # -o data= is the same as --data
    assert main(["render", "fold", "-o", f"data={path}", "--size", "80x30", "--no-color", "-o", "steps=40",
                 "-o", "activation=tanh", "-o", "depth=2"]) == 0
    assert capsys.readouterr().out == out


@pytest.mark.parametrize("option,says", [("activation=sigmoid", "activation must be one of relu, leaky, tanh"),
                                         ("depth=9", "depth must be between 1 and 8"),
                                         ("depth=two", "depth must be a whole number"),
                                         ("lr=0", "lr must be more than 0"), ("lr=fast", "lr must be a number"),
                                         ("steps=0", "steps must be between 1 and 20000"),
                                         ("colour=red", "unknown option")])
def test_render_fold_rejects_bad_options(capsys, option, says):
    assert main(["render", "fold", "-o", option]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1 and says in err, err


def test_render_fold_activation_trains_from_the_seed_reproducibly(capsys):
    argv = ["render", "fold", "--size", "80x30", "--no-color", "-o", "activation=leaky", "-o", "steps=60"]
    assert main(argv) == 0
    first = capsys.readouterr().out
    assert "leaky · depth 4" in first and "leaky ReLU bend" not in first.splitlines()[0]
    assert main(argv) == 0
    assert capsys.readouterr().out == first
    assert main([*argv, "--step", "5"]) == 0
    assert "layer 1 · leaky ReLU bend" in capsys.readouterr().out


def test_sweep_activation_and_data(tmp_path, capsys):
    assert main(["sweep", "--widths", "2", "--seeds", "3", "--steps", "20", "--activation", "tanh", "--json"]) == 0
    import json

    out = json.loads(capsys.readouterr().out)
    assert out["activation"] == "tanh" and out["cells"][0]["activation"] == "tanh"
    path = write(tmp_path, "pts.csv", "".join(f"{i},{i % 7},{'ab'[i % 2]}\n" for i in range(30)))
    assert main(["sweep", "--data", str(path), "--widths", "2,3", "--seeds", "3", "--steps", "20"]) == 0
    text = capsys.readouterr().out
    assert text.startswith("pts.csv, scaled") and "30 points" in text
    assert main(["sweep", "--activation", "sigmoid"]) == 2
    assert "invalid choice: 'sigmoid'" in capsys.readouterr().err


def test_the_app_with_a_bad_file_starts_nothing(tmp_path):
    """A real process: one line, exit 2, before any terminal set-up."""
    path = write(tmp_path, "bad.csv", "0,0,1\n1,1,1\n")
    r = subprocess.run([sys.executable, "-m", "tui.cli", "fold", "--data", str(path)], capture_output=True,
                       text=True, timeout=60)
    assert r.returncode == 2 and r.stdout == ""
    assert r.stderr.strip() == f"nn-explorer: {path}: rows 1 to 2: only one class ('1'); at least 2 are needed"
