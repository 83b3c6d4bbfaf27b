"""The lecture's statements, checked by computing them: the result type and
the runner behind ``nn-explorer claims``.

Each lesson keeps its claims beside its maths: ``models/<key>.py`` (or
``models/<key>/claims.py`` when the lesson is a package, as fold is)
defines ``CLAIMS``, a list of functions returning :class:`ClaimResult`.
Each claim runs a real computation and reports its evidence.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class ClaimResult:
    lesson: str
    claim: str
    evidence: str
    passed: bool

    def as_dict(self) -> dict:
        return asdict(self)


def claims_for(key: str) -> list[Callable[..., ClaimResult]]:
    """The lesson's claims, found through the lesson registry (tui/lessons.py,
    plain Python: no Textual); none for a key that is not a lesson."""
    from tui.lessons import BY_KEY

    lesson = BY_KEY.get(key)
    return lesson.claims() if lesson is not None else []


def lesson_keys() -> list[str]:
    """Every lesson, in the order ``nn-explorer claims`` runs them."""
    from tui.lessons import LESSONS

    return [lesson.key for lesson in LESSONS]


def run_claims(lesson: str | None = None, device: str = "cpu") -> list[ClaimResult]:
    if device == "auto":
        from models.device import resolve_device

        device = str(resolve_device("auto"))
    keys = [lesson] if lesson else lesson_keys()
    results = []
    for key in keys:
        for fn in claims_for(key):
            try:
                if "device" in fn.__code__.co_varnames[: fn.__code__.co_argcount]:
                    results.append(fn(device=device))
                else:
                    results.append(fn())
            except Exception as exc:  # noqa: BLE001 - a claim that crashes has failed
                results.append(ClaimResult(key, fn.__name__, f"error: {exc.__class__.__name__}: {exc}", False))
    return results
