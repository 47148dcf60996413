"""Speed patches of third-party libraries (spaCy, thinc, datasketch), each behind a guard.

Everything in crosscheck that changes how those libraries work inside lives here, one module per
patch; no module outside this package touches a private name of theirs (tests/test_speedups.py
checks). Each patch gives the stock library's very results (its equivalence test compares them,
with the patch on and off, down to the report) and is applied only when

- the installed versions of the libraries it reaches into are ones it was verified on
  (`guard.VERIFIED`, the same bounds as pyproject.toml's), and
- the objects it changes have the attributes it uses (the kernels also check, on the spot, that
  they give thinc's numbers on the very layers they replace).

Otherwise that patch is left off and the library's own code runs: one warning line says which and
why, and the run goes on. `Settings.speedups` off (`--no-speedups`, `CROSSCHECK_SPEEDUPS=0`)
applies none; the caller chooses for the work it runs with `chosen`.

The spaCy pipeline: `load_pipeline` (what must be decided while it loads: numpy's BLAS) and `apply`
(the rest, on a loaded pipeline). datasketch: `ensemble.lsh_ensemble`. A patch stays only while its
gain is clear in the benchmark (docs/performance.md has the measurements, and the patches dropped).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from contextvars import ContextVar
from typing import Any, Protocol

from crosscheck.speedups.guard import Fallback, version_problem

__all__ = ["NAMES", "Fallback", "apply", "chosen", "describe", "load_pipeline", "wanted"]

Warn = Callable[[str], None]

# Every speedup, in the order a run applies them (the names a report lists).
NAMES = ("blas", "attribute-rules", "lemmas", "maxout", "layernorm", "lsh-ensemble")

_WANTED: ContextVar[bool] = ContextVar("crosscheck_speedups", default=True)


@contextmanager
def chosen(on: bool) -> Iterator[None]:
    """Speedups on or off for the work done inside (Settings.speedups, set by whoever runs it)."""
    token = _WANTED.set(on)
    try:
        yield
    finally:
        _WANTED.reset(token)


def wanted() -> bool:
    """Whether the work being done should apply the speedups (on unless `chosen(False)`)."""
    return _WANTED.get()


class PipelinePatch(Protocol):
    """A speedup of a loaded spaCy pipeline (a module of this package)."""

    NAME: str
    LIBRARIES: tuple[str, ...]

    def applies(self, nlp: Any) -> bool: ...

    def problem(self, nlp: Any) -> str | None: ...

    def install(self, nlp: Any) -> bool: ...

    def remove(self, nlp: Any) -> None: ...


def _pipeline_patches() -> list[PipelinePatch]:
    from crosscheck.speedups import attributes, layernorm, lemmas, maxout

    return [attributes, lemmas, maxout, layernorm]


def describe(fallbacks: Sequence[Fallback]) -> str:
    """One warning line for speedups left off (grouped by reason)."""
    reasons: dict[str, list[str]] = {}
    for fallback in fallbacks:
        reasons.setdefault(fallback.reason, []).append(fallback.name)
    parts = [f"{', '.join(names)} ({reason})" for reason, names in reasons.items()]
    return f"speedups left off, the libraries' own code runs instead (same results, slower): {'; '.join(parts)}"


def _log(message: str) -> None:
    logging.getLogger("crosscheck.speedups").warning(message)


def apply(nlp: Any, warn: Warn | None = None) -> list[str]:
    """Apply the speedups of a loaded pipeline that its libraries allow; the names of those applied.
    Those left off are named in one line to `warn` (default: the "crosscheck.speedups" logger)."""
    applied, fallbacks = _apply(nlp)
    if fallbacks:
        (warn or _log)(describe(fallbacks))
    return applied


def _apply(nlp: Any) -> tuple[list[str], list[Fallback]]:
    applied: list[str] = []
    fallbacks: list[Fallback] = []
    for patch in _pipeline_patches():
        try:
            if not patch.applies(nlp):
                continue
            reason = version_problem(patch.LIBRARIES) or patch.problem(nlp)
        except Exception as exc:  # the library changed in a way no check foresaw: leave it alone
            reason = f"checking it failed ({type(exc).__name__}: {exc})"
        if reason is None:
            try:
                if patch.install(nlp):
                    applied.append(patch.NAME)
                continue
            except Exception as exc:
                patch.remove(nlp)  # back to stock (should that fail too, `load_pipeline` reloads)
                reason = f"installing it failed ({type(exc).__name__}: {exc})"
        fallbacks.append(Fallback(patch.NAME, reason))
    return applied, fallbacks


def load_pipeline(load: Callable[[], Any], warn: Warn | None = None) -> tuple[Any, list[str]]:
    """A spaCy pipeline loaded by `load()` with every speedup its libraries allow (numpy's BLAS,
    decided while it loads, then `apply`'s), and the names of those applied. Those left off are
    named in one line to `warn` (default: the "crosscheck.speedups" logger)."""
    from crosscheck.speedups import blas

    applied: list[str] = []
    fallbacks: list[Fallback] = []
    switch = blas.applies()
    reason = (version_problem(blas.LIBRARIES) or blas.problem()) if switch else None
    if reason is not None:
        fallbacks.append(Fallback(blas.NAME, reason))
        switch = False
    with blas.switched() if switch else nullcontext():
        nlp = load()
    if switch:
        applied.append(blas.NAME)
    try:
        more, left_off = _apply(nlp)
    except Exception as exc:  # a patch that failed could not be undone either: spaCy's own pipeline
        (warn or _log)(describe([Fallback("all", f"undoing one failed ({type(exc).__name__}: {exc})")]))
        return load(), []
    applied.extend(more)
    fallbacks.extend(left_off)
    if fallbacks:
        (warn or _log)(describe(fallbacks))
    return nlp, applied
