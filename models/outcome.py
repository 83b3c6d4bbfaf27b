"""How a training run ended: the one result type every trainer returns.

``status`` is one of

    "done"      it ran to its end; ``value`` is what it made
    "stopped"   ``should_stop()`` turned true; ``value`` is the last good
                state reached (None when there is none)
    "diverged"  a step made the loss or a weight non-finite (NaN or inf):
                that step is not kept; ``value`` is the last good state
                (None when there is none), and ``message`` says what went
                wrong and which step was kept

The lesson-specific part (weights, curves, accuracies) is ``value``; the
trainers keep their own dataclasses for it. No torch here: the app reads
outcomes on its UI thread.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")

DONE, STOPPED, DIVERGED = "done", "stopped", "diverged"
STATUSES = (DONE, STOPPED, DIVERGED)


@dataclass
class Outcome(Generic[T]):
    status: str
    value: T | None = None
    message: str = ""  # one line; for "diverged", what went wrong and which step was kept
    steps_done: int = 0  # steps whose result was kept

    def __post_init__(self) -> None:
        if self.status not in STATUSES:
            raise ValueError(f"an outcome is one of {', '.join(STATUSES)}, not {self.status!r}")
        if "\n" in self.message:
            raise ValueError("an outcome's message is one line")

    @property
    def done(self) -> bool:
        return self.status == DONE

    @property
    def stopped(self) -> bool:
        return self.status == STOPPED

    @property
    def diverged(self) -> bool:
        return self.status == DIVERGED


def done(value: T, steps_done: int, message: str = "") -> Outcome[T]:
    return Outcome(DONE, value, message, steps_done)


def stopped(value: T | None, steps_done: int) -> Outcome[T]:
    return Outcome(STOPPED, value, f"stopped after {steps_done} steps", steps_done)


def diverged(value: T | None, steps_done: int, step: int, why: str) -> Outcome[T]:
    """Step ``step`` made something non-finite (``why``: what, e.g. "the loss
    became nan"); the state after ``steps_done`` steps is kept."""
    return Outcome(DIVERGED, value, f"training diverged at step {step} ({why}); "
                                    f"the last good state (step {steps_done}) is kept", steps_done)


def finite(*values: float) -> bool:
    """True when every number is finite."""
    return all(math.isfinite(v) for v in values)
