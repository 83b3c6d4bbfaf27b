"""Unit tests of models/conv.py: letters, the two networks, training, 1-D
convolution and correlation, the output-size formula, the claims."""

from dataclasses import replace

import numpy as np
import pytest

from models import conv as cv
from models import motif2d as m

SMALL = cv.TrainConfig(steps=30, batch=32, n_train=300)


def test_make_letters_shapes_shifts_and_noise():
    d = cv.make_letters(50, seed=1)
    assert d.X.shape == (50, 1, *m.CANVAS) and d.X.dtype == np.float32 and len(d) == 50
    assert set(np.unique(d.X)) <= {0.0, 1.0} and set(d.y) <= set(range(len(cv.CLASSES)))
    assert (d.shifts != 0).any()
    again = cv.make_letters(50, seed=1)
    assert (again.X == d.X).all()
    centred = cv.make_letters(20, seed=2, shifted=False, noise=0.0)
    assert (centred.shifts == 0).all()
    for x, y in zip(centred.X, centred.y):
        assert (x[0] == m.place(m.load_glyph(cv.CLASSES[y]))).all()


def test_every_shift_covers_each_letter_at_each_position():
    d = cv.every_shift()
    assert len(d) == 4 * 144 and np.bincount(d.y).tolist() == [144] * 4
    assert len({(int(y), *map(int, s)) for y, s in zip(d.y, d.shifts)}) == len(d)


def test_models_and_parameter_counts():
    import torch

    conv, fc = cv.make_model("conv", 0), cv.make_model("fc", 0)
    x = torch.zeros(3, 1, *m.CANVAS)
    assert conv(x).shape == (3, 4) and fc(x).shape == (3, 4)
    assert conv.features(x).shape == (3, cv.N_KERNELS)
    assert cv.n_params(conv) == 8 * 25 + 8 + 8 * 4 + 4 == 244
    assert cv.n_params(fc) == 384 * 8 + 8 + 8 * 4 + 4
    with pytest.raises(ValueError, match="unknown model kind"):
        cv.make_model("rnn", 0)


def test_train_lowers_the_loss_and_is_deterministic():
    data = cv.make_letters(300, seed=0)
    seen = []
    run = cv.train("conv", data, seed=0, cfg=SMALL, on_step=lambda s, l: seen.append(s))
    r = run.value
    assert run.status == "done" and run.steps_done == r.steps_done == 30 and seen == list(range(1, 31))
    assert np.mean(r.losses[-5:]) < np.mean(r.losses[:5])
    r2 = cv.train("conv", data, seed=0, cfg=SMALL).value
    assert r2.losses == r.losses
    assert cv.kernels(r).shape == (8, 5, 5)


def test_train_can_be_cancelled_and_stops_on_nan():
    data = cv.make_letters(100, seed=0)
    calls = []
    r = cv.train("fc", data, cfg=SMALL, should_stop=lambda: len(calls) > 4 or calls.append(1))
    assert r.status == "stopped" and r.steps_done == r.value.steps_done == 5
    bad = cv.LetterData(np.full_like(data.X, np.nan), data.y, data.shifts)
    r = cv.train("conv", bad, cfg=SMALL)
    assert r.status == "diverged" and r.steps_done == 0 and "step 1" in r.message
    assert all(np.isfinite(v).all() for v in r.value.state.values())  # the initial weights are kept


def test_predict_accuracy_and_accuracy_by_dx():
    data = cv.make_letters(300, seed=0)
    r = cv.train("conv", data, cfg=SMALL).value
    test = cv.every_shift()
    pred = cv.predict(r, test.X)
    assert pred.shape == (len(test),)
    acc = cv.accuracy(r, test)
    assert acc == float((pred == test.y).mean())
    by = cv.accuracy_by_dx(r, test)
    assert sorted(by) == list(range(-8, 10))
    assert cv.load_model(r)(__import__("torch").as_tensor(test.X[:2])).shape == (2, 4)


def test_compare_small():
    run = cv.compare(seed=0, cfg=replace(SMALL, steps=40))
    c = run.value
    assert run.status == "done" and c.conv.steps_done == c.fc.steps_done == 40 and run.steps_done == 80
    assert 0 <= c.fc_acc <= 1 and 0 <= c.conv_acc <= 1 and len(c.conv_by_dx) == 18
    assert (c.conv_params, c.fc_params) == (244, 3116)
    assert c.features.shape == (4, 8) and (c.features >= 0).all()  # after ReLU and max
    assert np.allclose(c.features, cv.letter_features(c.conv))


def test_cross_correlation_and_convolution_1d():
    x, w = cv.EXAMPLE_X, cv.EXAMPLE_W
    assert cv.cross_correlate1d(x, w).tolist() == [11, 7, 3, 6, 4, 2, 3, 2]
    assert cv.convolve1d(x, w).tolist() == np.convolve(x, w, mode="valid").tolist()
    assert np.allclose(cv.torch_conv1d(x, w), cv.cross_correlate1d(x, w))
    assert np.allclose(cv.torch_conv1d(x, w[::-1].copy()), cv.convolve1d(x, w))
    assert np.allclose(cv.cross_correlate1d(x, w[::-1]), cv.convolve1d(x, w))


def test_output_size_formula_and_errors():
    assert cv.output_size(100, 5) == 96 and cv.output_size(100, 5, s=2) == 48
    assert cv.output_size(28, 5, p=2) == 28 and cv.output_size(10, 3, d=2) == 6
    for args in [(100, 5, 1, 0, 1), (7, 3, 2, 1, 1), (10, 2, 3, 2, 3)]:
        assert cv.output_size(*args) == cv.torch_output_size(*args) == cv.torch_output_size(*args, dims=2)
    with pytest.raises(ValueError, match="longer than"):
        cv.output_size(3, 5)
    with pytest.raises(ValueError, match="need n"):
        cv.output_size(10, 3, s=0)
    with pytest.raises(ValueError):
        cv.ConvShape(n=10, p=-1).check()


@pytest.mark.parametrize("claim", [cv.claim_output_size, cv.claim_conv1d_is_cross_correlation],
                         ids=lambda f: f.__name__)
def test_quick_claims_pass(claim):
    r = claim()
    assert r.passed and r.lesson == "conv", r.evidence


def test_learned_templates_claim_trains_for_real():
    r = cv.claim_learned_templates()
    assert r.passed, r.evidence
    assert "100.0%" in r.evidence or "99." in r.evidence or "98." in r.evidence


def test_claims_are_registered():
    from models.claims import claims_for

    assert claims_for("conv") == cv.CLAIMS


# ------------------------------------------------ live snapshots (issue 12: live templates)
def test_snapshots_measure_the_weights_of_their_step_and_change_nothing():
    """Asked for at every step, a run's snapshots hold the kernels of that
    step and their accuracy at every shift, measured as the finished net's
    would be; the run trains the same net with them or without."""
    import torch

    data = cv.make_letters(300, seed=0)
    test = cv.every_shift()
    snaps = []
    run = cv.train("conv", data, seed=0, cfg=SMALL, snapshot_when=lambda: True, on_snapshot=snaps.append)
    plain = cv.train("conv", data, seed=0, cfg=SMALL)
    assert run.value.losses == plain.value.losses
    assert all(np.array_equal(run.value.state[k], plain.value.state[k]) for k in plain.value.state)
    assert [s.step for s in snaps] == list(range(0, 31)) and {s.kind for s in snaps} == {"conv"}
    assert np.isnan(snaps[0].loss) and [s.loss for s in snaps[1:]] == run.value.losses
    first = cv.make_model("conv", 0)
    assert np.array_equal(snaps[0].kernels, first.conv.weight.detach()[:, 0].numpy())  # as initialised
    last = snaps[-1]
    assert np.array_equal(last.kernels, cv.kernels(run.value)) and last.n == len(test)
    assert last.by_dx == cv.accuracy_by_dx(run.value, test) and last.accuracy == cv.accuracy(run.value, test)
    assert np.allclose(last.features, cv.letter_features(run.value))
    assert not any(np.array_equal(snaps[0].kernels, s.kernels) for s in snaps[1:])  # they learn, step by step
    snaps[-1].kernels[:] = 0  # a detached copy: the result is not touched
    assert np.abs(cv.kernels(run.value)).max() > 0
    # snapshot_of leaves a model as it was
    model = cv.make_model("fc", 1)
    before = {k: v.clone() for k, v in model.state_dict().items()}
    s = cv.snapshot_of(model, "fc", 3, 9, 0.5, test)
    assert all(torch.equal(before[k], v) for k, v in model.state_dict().items())
    assert s.kernels is None and s.features is None and sorted(s.by_dx) == list(range(-8, 10))


def test_snapshots_come_when_asked_and_after_the_last_step():
    data = cv.make_letters(100, seed=0)
    asked, snaps = [], []

    def when() -> bool:
        asked.append(1)
        return len(asked) % 10 == 1  # the 1st, 11th, 21st ... question

    cv.train("conv", data, cfg=SMALL, snapshot_when=when, on_snapshot=snaps.append)
    assert len(asked) == 30  # before the first step and after every step but the last, which always gives one
    assert [s.step for s in snaps] == [0, 10, 20, 30]
    snaps.clear()
    cv.train("fc", data, cfg=SMALL, should_stop=lambda: len(snaps) > 2, snapshot_when=lambda: True,
             on_snapshot=snaps.append)
    assert [s.step for s in snaps] == [0, 1, 2]  # stopped: nothing after
    bad = cv.LetterData(np.full_like(data.X, np.nan), data.y, data.shifts)
    snaps.clear()
    run = cv.train("conv", bad, cfg=SMALL, snapshot_when=lambda: True, on_snapshot=snaps.append)
    assert run.diverged and [s.step for s in snaps] == [0]  # a diverged step gives none: only good weights


def test_compare_hands_out_both_nets_snapshots_and_the_same_comparison():
    cfg = replace(SMALL, steps=12)
    snaps = []
    live = cv.compare(seed=0, cfg=cfg, snapshot_when=lambda: True, on_snapshot=snaps.append).value
    plain = cv.compare(seed=0, cfg=cfg).value
    assert [(s.kind, s.step) for s in snaps] == [("conv", i) for i in range(13)] + [("fc", i) for i in range(13)]
    assert live.conv_by_dx == plain.conv_by_dx and live.fc_by_dx == plain.fc_by_dx
    assert live.conv.losses == plain.conv.losses and live.fc.losses == plain.fc.losses
    assert snaps[12].by_dx == plain.conv_by_dx and snaps[-1].by_dx == plain.fc_by_dx
    assert snaps[-1].accuracy == plain.fc_acc and snaps[12].accuracy == plain.conv_acc
