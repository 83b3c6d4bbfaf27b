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


#: the lessons that have claims, in the order ``nn-explorer claims`` runs them
#: (each module is imported only when asked for; a lesson whose module does
#: not exist yet has none)
CLAIM_MODULES: tuple[str, ...] = ("fold", "width", "transform", "sharing", "hypernet", "motif1d", "motif2d", "conv")


def claims_for(key: str) -> list[Callable[..., ClaimResult]]:
    if key not in CLAIM_MODULES:
        return []
    import importlib

    name = f"models.{key}"
    try:
        module = importlib.import_module(name)
        if hasattr(module, "__path__"):  # a package: its claims are in its claims module
            name = f"models.{key}.claims"
            module = importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name == name:
            return []
        raise
    return list(getattr(module, "CLAIMS", []))


def run_claims(lesson: str | None = None, device: str = "cpu") -> list[ClaimResult]:
    if device == "auto":
        from models.device import resolve_device

        device = str(resolve_device("auto"))
    keys = [lesson] if lesson else list(CLAIM_MODULES)
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
