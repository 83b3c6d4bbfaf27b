"""Issue 12, Fold: live training (the plot redraws the network while it
trains), pause/resume, Esc keeps what is drawn, s goes back to the shipped
network, the activation / depth / learning-rate keys, and your own data."""

from __future__ import annotations

import numpy as np

from apptools import make_app, status_text, wait_for, wait_torch
from models.fold.datasets import DATASETS, load_csv
from models.fold.shipped import DEPTH
from tui.screens.fold import FoldScreen


def plot_picture(screen) -> str:
    """The plot's lines as drawn (text and styles)."""
    plot = screen.plot
    return "\n".join("".join(seg.text for seg in plot.render_line(y)) for y in range(plot.size.height))


async def test_the_plot_redraws_while_training_and_the_step_keys_move_it():
    app = make_app("fold", train_steps=200_000, animate=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_torch(pilot, app)
        s = app.screen
        shipped = s.view.weights
        pictures = [plot_picture(s)]
        await pilot.press("r")
        await wait_for(pilot, lambda: s.live_step > 0, what="the first live frame")
        while len(set(pictures)) < 4:  # the picture before, then at least 3 different ones while training
            await pilot.pause(0.15)
            assert s.is_training, "the run ended before the plot changed 3 times"
            pictures.append(plot_picture(s))
        assert s.view.weights is not shipped and s.live_step < 200_000
        # a step key moves the view, and training goes on under it
        k, step = s.k, s.live_step
        await pilot.press("home")
        await pilot.pause()
        assert s.k == 0 and k != 0
        await pilot.press("right", "right")
        await pilot.pause()
        assert s.k == 2
        await wait_for(pilot, lambda: s.live_step > step, what="training to go on")
        assert s.k == 2  # a new frame keeps the step the user is on
        assert "input plane" not in status_text(s)
        # frames come at least 10 times a second
        frames = len(s.frame_seconds)
        await pilot.pause(1.0)
        assert len(s.frame_seconds) - frames >= 10, len(s.frame_seconds) - frames
        await pilot.press("escape")
        await wait_for(pilot, lambda: not s.is_training, what="stop")


async def test_pause_and_resume_then_esc_keeps_the_network_on_screen():
    app = make_app("fold", train_steps=200_000)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_torch(pilot, app)
        s = app.screen
        await pilot.press("r")
        await wait_for(pilot, lambda: s.live_step > 0, what="a live frame")
        await pilot.press("p")
        await pilot.pause(0.3)
        paused_at = s.live_step
        drawn = s.view.weights
        await pilot.pause(0.6)
        assert s.live_step == paused_at and s.view.weights is drawn  # nothing moves while paused
        assert "paused" in status_text(s)
        assert "p resumes" in str(s.query_one("#progress-text").render())
        # the animation keys still work while paused
        await pilot.press("home")
        await pilot.pause()
        assert s.k == 0
        await pilot.press("end")
        await pilot.pause()
        await pilot.press("p")
        await wait_for(pilot, lambda: s.live_step > paused_at, what="training to resume")
        assert "paused" not in status_text(s)
        await pilot.press("escape")
        drawn, step = s.view.weights, s.live_step
        await wait_for(pilot, lambda: not s.is_training, what="stop")
        await pilot.pause()
        assert s.view.weights is drawn
        assert f"stopped (seed 1, {step} steps)" in status_text(s)
        assert isinstance(app.screen, FoldScreen)  # Esc stopped the run; it did not leave
        # s: back to the shipped network
        await pilot.press("s")
        await pilot.pause()
        assert "pretrained" in status_text(s) and s.view.weights.activation == "relu"


async def test_a_diverging_run_under_live_drawing_stops_on_its_last_good_state(monkeypatch):
    """The loss turns NaN part-way (the network's output is poisoned from its
    600th forward pass on): the live frames before it were drawn, and the run
    ends on the last finite weights, which the plot then shows."""
    from models.fold.network import FoldNet

    forward = FoldNet.forward
    calls = [0]

    def poisoned(self, x):
        calls[0] += 1
        out = forward(self, x)
        return out * float("nan") if calls[0] > 600 else out

    monkeypatch.setattr(FoldNet, "forward", poisoned)
    app = make_app("fold", train_steps=200_000)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_torch(pilot, app)
        s = app.screen
        drawn = []
        frame = s._live_frame
        s._live_frame = lambda snap: (drawn.append(snap.step), frame(snap))
        await pilot.press("r")
        await wait_for(pilot, lambda: not s.training_now and s.note_parts[0] == "diverged", what="divergence")
        await pilot.pause()
        assert len(drawn) >= 2 and 0 < drawn[-1] <= 600, drawn  # drawn live until it diverged (at step 600)
        for W, b in s.view.weights.layers:
            assert np.isfinite(W).all() and np.isfinite(b).all()
        assert "diverged" in status_text(s)
        assert any("diverged at step" in n.message for n in app._notifications)
        assert s.view.weights.meta["seed"] == 1


async def test_activation_depth_and_learning_rate_keys_train_new_networks_live():
    app = make_app("fold", train_steps=150)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_torch(pilot, app)
        s = app.screen
        await pilot.press("a")  # leaky ReLU
        await wait_for(pilot, lambda: not s.training_now and s.view.weights.activation == "leaky",
                       what="a leaky network")
        assert "leaky ReLU · depth 4" in status_text(s) and "trained (seed 0, 150 steps)" in status_text(s)
        await pilot.press("a")  # tanh
        await wait_for(pilot, lambda: s.view.weights.activation == "tanh", what="a tanh network, live")
        assert "tanh" in status_text(s)
        await wait_for(pilot, lambda: not s.training_now, what="the tanh run to end")
        # the sub-steps name the activation: a squash for tanh, not a fold
        labels = [s.view.status(i).label for i in range(s.view.n_steps)]
        assert any("tanh squash" in label for label in labels) and not any("ReLU" in label for label in labels)
        # tanh moves points into (-1, 1)²: the state after a tanh sub-step
        k = next(i for i, st in enumerate(s.view.steps) if st.kind == "tanh")
        assert np.abs(s.view.states[k]).max() < 1.0
        await pilot.press("D")  # depth 5
        await wait_for(pilot, lambda: not s.training_now and s.view.weights.depth == DEPTH + 1, what="depth 5")
        assert s.view.weights.activation == "tanh" and "tanh · depth 5" in status_text(s)
        await pilot.press("l")  # the next learning rate after the app's 0.01
        await wait_for(pilot, lambda: not s.training_now and s.view.weights.meta.get("lr") == 0.03,
                       what="a run at lr 0.03")
        assert "lr 0.03" in status_text(s)
        await pilot.press("a")  # back to ReLU, at depth 5: still not the shipped network
        await wait_for(pilot, lambda: not s.training_now and s.view.weights.activation == "relu", what="relu")
        assert "pretrained" not in status_text(s)
        await pilot.press("s")
        await pilot.pause()
        assert "pretrained" in status_text(s) and s.view.weights.depth == DEPTH


async def test_activation_in_korean():
    app = make_app("fold", train_steps=60, lang="ko")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_torch(pilot, app)
        s = app.screen
        await pilot.press("a", "a")
        await wait_for(pilot, lambda: not s.training_now and s.view.weights.activation == "tanh", what="tanh")
        assert "tanh · 깊이 4" in status_text(s)
        labels = [s.view.status(i, lang="ko").label for i in range(s.view.n_steps)]
        assert any("tanh 찌그러뜨리기" in label for label in labels)


async def test_user_data_joins_the_data_cycle_and_trains_live(tmp_path):
    path = tmp_path / "mine.csv"
    rng = np.random.default_rng(0)
    rows = ["x,y,label"] + [f"{10 + x:.3f},{20 + y:.3f},{'left' if x < 0 else 'right'}"
                           for x, y in rng.uniform(-5, 5, (200, 2))]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    app = make_app("fold", train_steps=150)
    app.lesson_memory["fold"] = {"user_data": load_csv(path)}  # what `nn-explorer fold --data` does
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_torch(pilot, app)
        s = app.screen
        await wait_for(pilot, lambda: s.view is not None and not s.training_now and s.note_parts[0] == "trained",
                       what="the file's network")
        assert s.dataset == "mine.csv" and s.view.data.name == "mine.csv"
        assert "mine.csv, scaled ×0.2" in str(s.plot.border_title)
        assert s.view.data.class_names == ("left", "right")
        assert "class left" in plot_picture(s)
        assert s.datasets == (*DATASETS, "mine.csv")
        await pilot.press("d")  # the cycle goes round to the built-in data sets
        await pilot.pause()
        assert s.dataset == DATASETS[0] and "pretrained" in status_text(s)
        for _ in DATASETS:
            await pilot.press("d")
        await wait_for(pilot, lambda: s.dataset == "mine.csv" and s.live_step > 0 or s.note_parts[0] == "trained",
                       what="back to the file")


async def test_a_dropped_deeper_run_puts_back_a_network_with_fewer_steps_without_a_crash():
    """Found by the monkey test: on the output step of a live depth-5
    network, d drops the run and puts the shipped depth-4 network back,
    which has fewer steps: the step shown is brought within it."""
    app = make_app("fold", train_steps=10**6)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_torch(pilot, app)
        s = app.screen
        shipped = s.view
        await pilot.press("D")  # depth 5, trained live
        await wait_for(pilot, lambda: s.training_now and s.view is not shipped and s.view.weights.depth == DEPTH + 1,
                       what="a live frame of the depth-5 network")
        await pilot.press("end")
        await pilot.pause()
        assert s.k == s.view.n_steps - 1 > shipped.n_steps - 1
        s.depth = DEPTH  # as if D had come round to 4 again: d then asks for the shipped network
        await pilot.press("d")
        await pilot.pause()
        assert app.return_code is None and isinstance(app.screen, FoldScreen)
        assert 0 <= s.k <= s.view.n_steps - 1
        await pilot.press("left", "right", "end", "home")
        await pilot.pause()
        assert 0 <= s.k <= s.view.n_steps - 1
