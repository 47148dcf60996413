"""What every speedup checks before it changes a library: the installed versions, and the attributes.

A patch of a library's private internals is only as good as the library it was checked against.
Each speedup names the distributions it reaches into; `version_problem` compares what is installed
with `VERIFIED` (the versions the equivalence tests passed on, the same bounds as pyproject.toml's:
tests/test_speedups.py holds the two together), and `missing` lists the attributes a patch needs
that an object lacks. Either finding keeps the library's own code, with a `Fallback` saying why.
"""

from __future__ import annotations

import importlib.metadata
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

# Inclusive (lowest, highest) versions the patches were verified on, per distribution: the
# equivalence tests passed on spaCy 3.8.6 and 3.8.7, thinc 8.3.11 and datasketch 2.0.0; thinc
# 8.3.4-8.3.10 ship the very maxout and layernorm code of 8.3.11 (compared file by file).
VERIFIED: dict[str, tuple[str, str]] = {
    "spacy": ("3.8.6", "3.8.7"),
    "thinc": ("8.3.4", "8.3.11"),
    "datasketch": ("2.0.0", "2.0.0"),
}
_RELEASE = re.compile(r"\d+(?:\.\d+)*")


@dataclass(frozen=True)
class Fallback:
    """A speedup left off, and why (one line; the library's own code runs instead)."""

    name: str
    reason: str


def installed(distribution: str) -> str | None:
    """The installed version of a distribution, or None."""
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return None


def release(version: str) -> tuple[int, ...] | None:
    """'8.3.11' -> (8, 3, 11); None for anything but a plain release (a pre-release, a local build:
    never verified)."""
    if not _RELEASE.fullmatch(version):
        return None
    return tuple(int(part) for part in version.split("."))


def _padded(parts: tuple[int, ...]) -> tuple[int, ...]:
    return parts + (0,) * (4 - len(parts))


def version_problem(distributions: Iterable[str]) -> str | None:
    """Why the installed versions of these distributions are not ones verified, or None."""
    for distribution in distributions:
        lowest, highest = VERIFIED[distribution]
        found = installed(distribution)
        if found is None:
            return f"{distribution} is not installed"
        parts = release(found)
        low, high = release(lowest), release(highest)
        assert low is not None and high is not None
        if parts is None or not _padded(low) <= _padded(parts) <= _padded(high):
            return f"{distribution} {found} is not a version it was verified on ({lowest} to {highest})"
    return None


def missing(obj: Any, names: Iterable[str]) -> str | None:
    """Which of these attributes `obj` lacks (named for the warning), or None."""
    absent = [name for name in names if not hasattr(obj, name)]
    if not absent:
        return None
    kind = obj if isinstance(obj, type) else type(obj)
    return f"{kind.__module__}.{kind.__qualname__} has no {', '.join(absent)}"
