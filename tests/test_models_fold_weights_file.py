"""Tests for models/fold/weights_file.py: JSON save/load, and every way a file can be bad."""

from __future__ import annotations

import json

import numpy as np
import pytest

from models.fold import FoldWeights
from models.fold.weights_file import FORMAT, VERSION, WeightsError, dumps, load, loads, save


def make_weights(width: int = 2, depth: int = 4, k: int = 2, seed: int = 0, meta: dict | None = None) -> FoldWeights:
    rng = np.random.default_rng(seed)
    dims = [2] + [width] * depth + [2]
    layers = [(rng.standard_normal((o, i)), rng.standard_normal(o)) for i, o in zip(dims[:-1], dims[1:])]
    head = (rng.standard_normal((k, 2)), rng.standard_normal(k)) if k > 2 else None
    return FoldWeights(layers, head, dict(meta or {}))


def assert_equal_weights(a: FoldWeights, b: FoldWeights) -> None:
    assert len(a.layers) == len(b.layers)
    for (Wa, ba), (Wb, bb) in zip(a.layers, b.layers):
        np.testing.assert_array_equal(Wa, Wb)
        np.testing.assert_array_equal(ba, bb)
    assert (a.head is None) == (b.head is None)
    if a.head is not None:
        np.testing.assert_array_equal(a.head[0], b.head[0])
        np.testing.assert_array_equal(a.head[1], b.head[1])


def doc_of(w: FoldWeights) -> dict:
    return json.loads(dumps(w))


def expect_error(text: str, *fragments: str) -> WeightsError:
    with pytest.raises(WeightsError) as info:
        loads(text, "test.json")
    msg = str(info.value)
    assert "\n" not in msg, "the message must be one line"
    assert msg.startswith("test.json"), "the message names its source"
    for f in fragments:
        assert f.lower() in msg.lower(), f"{f!r} not in {msg!r}"
    return info.value


# ------------------------------------------------------------------ round trips


@pytest.mark.parametrize("width,depth,k", [(2, 4, 2), (3, 4, 3), (8, 2, 5), (1, 1, 2)])
def test_save_load_round_trip(tmp_path, width, depth, k):
    w = make_weights(width, depth, k, seed=width, meta={"dataset": "spiral3", "seed": 4, "accuracy": 0.975,
                                                       "ok": True})
    path = tmp_path / "w.json"
    save(w, path)
    back = load(path)
    assert_equal_weights(w, back)  # floats survive JSON exactly
    assert (back.width, back.depth, back.n_classes) == (width, depth, k)
    assert back.meta == {"dataset": "spiral3", "seed": 4, "accuracy": 0.975, "ok": True}
    assert path.read_text(encoding="utf-8").endswith("\n")
    assert load(str(path)).n_classes == k  # str paths too


def test_dumps_document_layout():
    w = make_weights(3, 2, 3)
    doc = doc_of(w)
    assert doc["format"] == FORMAT and doc["version"] == VERSION
    assert (doc["width"], doc["depth"], doc["n_classes"]) == (3, 2, 3)
    assert len(doc["layers"]) == 3
    assert np.array(doc["layers"][0]["weight"]).shape == (3, 2)
    assert np.array(doc["head"]["weight"]).shape == (3, 2)
    assert doc_of(make_weights(2, 4, 2))["head"] is None


def test_loads_drops_meta_it_cannot_trust():
    w = make_weights(meta={"a": 1, "nan": float("nan"), "inf": float("inf"), "nested": {"x": 1},
                           "list": [1, 2], "none": None, "s": "text", "f": 0.5})
    back = loads(dumps(w))
    assert back.meta == {"a": 1, "s": "text", "f": 0.5}


def test_loads_non_dict_meta_becomes_empty():
    doc = doc_of(make_weights())
    doc["meta"] = [1, 2, 3]
    assert loads(json.dumps(doc)).meta == {}


def test_loads_ignores_head_for_two_classes():
    doc = doc_of(make_weights())
    doc["head"] = {"weight": "junk"}
    assert loads(json.dumps(doc)).head is None


# ------------------------------------------------------------------ errors


def test_invalid_json():
    expect_error("{not json", "not valid JSON")


def test_empty_text():
    expect_error("", "not valid JSON")


def test_truncated_file():
    text = dumps(make_weights(3, 4, 3))
    for cut in (len(text) // 2, len(text) - 3, 10):
        expect_error(text[:cut], "not valid JSON")


@pytest.mark.parametrize("value", ["something/else", None, 3])
def test_wrong_format_tag(value):
    doc = doc_of(make_weights())
    doc["format"] = value
    expect_error(json.dumps(doc), "not an nn-explorer weights file")


@pytest.mark.parametrize("text", ["[]", "3", '"text"', "null"])
def test_json_that_is_not_an_object(text):
    expect_error(text, "not an nn-explorer weights file")


@pytest.mark.parametrize("value", [2, 0, "1", None])
def test_wrong_version(value):
    doc = doc_of(make_weights())
    doc["version"] = value
    expect_error(json.dumps(doc), "unsupported version")


def test_missing_version():
    doc = doc_of(make_weights())
    del doc["version"]
    expect_error(json.dumps(doc), "unsupported version")


def test_wrong_shape():
    doc = doc_of(make_weights())
    doc["layers"][1]["weight"] = [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]
    expect_error(json.dumps(doc), "layer 2 weight", "shape", "(2, 3)", "(2, 2)")


def test_wrong_bias_shape():
    doc = doc_of(make_weights())
    doc["layers"][4]["bias"] = [1.0]
    expect_error(json.dumps(doc), "layer 5 bias", "shape")


def test_ragged_array():
    doc = doc_of(make_weights())
    doc["layers"][0]["weight"] = [[1.0, 2.0], [3.0]]
    expect_error(json.dumps(doc), "layer 1 weight")


def test_non_numeric_array():
    doc = doc_of(make_weights())
    doc["layers"][0]["weight"] = [["a", "b"], ["c", "d"]]
    expect_error(json.dumps(doc), "not an array of numbers")
    doc["layers"][0]["weight"] = {"x": 1}
    expect_error(json.dumps(doc), "layer 1 weight")


def test_missing_weight_array():
    doc = doc_of(make_weights())
    del doc["layers"][2]["bias"]
    expect_error(json.dumps(doc), "layer 3 bias")


def test_wrong_number_of_layers():
    doc = doc_of(make_weights())
    doc["layers"] = doc["layers"][:-1]
    expect_error(json.dumps(doc), "expected 5 layers")
    doc["layers"] = "not a list"
    expect_error(json.dumps(doc), "expected 5 layers")


def test_layer_not_an_object():
    doc = doc_of(make_weights())
    doc["layers"][0] = [1, 2]
    expect_error(json.dumps(doc), "layer 1 is not an object")


def test_width_mismatch_with_layers():
    doc = doc_of(make_weights(width=2))
    doc["width"] = 3
    expect_error(json.dumps(doc), "shape")


def test_nan_value():
    text = dumps(make_weights())
    doc = json.loads(text)
    first = doc["layers"][0]["weight"][0][0]
    bad = text.replace(repr(first), "NaN", 1)
    assert "NaN" in bad
    expect_error(bad, "layer 1 weight", "NaN")


def test_infinite_value():
    doc = doc_of(make_weights(3, 4, 3))
    doc["head"]["bias"][1] = float("inf")
    expect_error(json.dumps(doc), "head bias", "infinite")


def test_missing_head_for_three_classes():
    doc = doc_of(make_weights(2, 4, 3))
    doc["head"] = None
    expect_error(json.dumps(doc), "3 classes need a head")


@pytest.mark.parametrize("field", ["width", "depth", "n_classes", "layers"])
def test_missing_field(field):
    doc = doc_of(make_weights())
    del doc[field]
    expect_error(json.dumps(doc), "expected 5 layers" if field == "layers" else "must be whole numbers")


@pytest.mark.parametrize("field,value", [("width", "two"), ("depth", None), ("n_classes", [2])])
def test_bad_field_type(field, value):
    doc = doc_of(make_weights())
    doc[field] = value
    expect_error(json.dumps(doc), "must be whole numbers")


@pytest.mark.parametrize("field,value", [("width", 0), ("width", 10_000), ("depth", 0), ("n_classes", 1),
                                         ("depth", 100_000)])
def test_implausible_sizes(field, value):
    doc = doc_of(make_weights())
    doc[field] = value
    expect_error(json.dumps(doc), "implausible sizes")


def test_missing_file(tmp_path):
    path = tmp_path / "nope.json"
    with pytest.raises(WeightsError) as info:
        load(path)
    msg = str(info.value)
    assert "no such weights file" in msg and "nope.json" in msg and "\n" not in msg


def test_directory_instead_of_file(tmp_path):
    with pytest.raises(WeightsError, match="cannot be read"):
        load(tmp_path)


def test_file_not_utf8(tmp_path):
    path = tmp_path / "bin.json"
    path.write_bytes(b"\xff\xfe\x00garbage\x80")
    with pytest.raises(WeightsError, match="cannot be read"):
        load(path)


def test_load_error_names_the_path(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('{"format": "x"}', encoding="utf-8")
    with pytest.raises(WeightsError) as info:
        load(path)
    assert str(path) in str(info.value)


def test_weights_error_is_a_value_error():
    assert issubclass(WeightsError, ValueError)


# ------------------------------------------------------------------ garbage


@pytest.mark.parametrize("seed", range(8))
def test_random_garbage_bytes_only_raise_weights_error(seed, tmp_path):
    rng = np.random.default_rng(seed)
    raw = rng.integers(0, 256, size=int(rng.integers(1, 400)), dtype=np.uint8).tobytes()
    text = raw.decode("utf-8", errors="replace")
    with pytest.raises(WeightsError) as info:
        loads(text)
    assert "\n" not in str(info.value)
    path = tmp_path / "garbage.json"
    path.write_bytes(raw)
    with pytest.raises(WeightsError):
        load(path)


def test_random_corruptions_of_a_valid_file_only_raise_weights_error():
    """Cut, delete or replace characters of a real file: either it still loads or
    WeightsError is raised, never anything else."""
    text = dumps(make_weights(3, 4, 3, meta={"dataset": "spiral3"}))
    rng = np.random.default_rng(42)
    alphabet = list('{}[],:"0123456789.-eE aNtrufl\\')
    outcomes = {"loaded": 0, "error": 0}
    for _ in range(300):
        chars = list(text)
        for _ in range(int(rng.integers(1, 4))):
            i = int(rng.integers(0, len(chars)))
            op = int(rng.integers(0, 3))
            if op == 0:
                chars = chars[:i]
            elif op == 1:
                del chars[i]
            else:
                chars[i] = alphabet[int(rng.integers(0, len(alphabet)))]
            if not chars:
                break
        try:
            w = loads("".join(chars))
        except WeightsError as exc:
            assert "\n" not in str(exc)
            outcomes["error"] += 1
        else:
            assert isinstance(w, FoldWeights)
            outcomes["loaded"] += 1
    assert outcomes["error"] > 0


# ------------------------------------------------------------------ exceptions that once escaped


@pytest.mark.parametrize("literal", ["1e400", "Infinity", "-Infinity"])
def test_infinite_size_field_raises_weights_error(literal):
    doc = doc_of(make_weights())
    doc["width"] = 0  # placeholder, replaced in the text below
    text = json.dumps(doc).replace('"width": 0', f'"width": {literal}')
    assert literal in text
    expect_error(text)


def test_huge_integer_in_array_raises_weights_error():
    doc = doc_of(make_weights())
    doc["layers"][0]["weight"][0][0] = 0
    text = json.dumps(doc).replace("[[0, ", "[[1" + "0" * 400 + ", ", 1)
    assert "0" * 400 in text
    expect_error(text, "layer 1 weight")


def test_overlong_integer_raises_weights_error():
    expect_error("1" * 5000)


def test_deeply_nested_json_raises_weights_error():
    expect_error("[" * 100_000)
