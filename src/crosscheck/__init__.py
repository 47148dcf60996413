"""crosscheck: cross-check news claims across outlets, with evidence.

Library first: `crosscheck.run(paths, Settings())` gives a `Report`; the CLI is a thin veneer over
it. Names are imported lazily so that `crosscheck --help` stays instant.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from crosscheck.models import Claim, Group, LoadFailure, Report, Source
    from crosscheck.pipeline import run
    from crosscheck.settings import Settings

_LAZY = {
    "Claim": "crosscheck.models",
    "Group": "crosscheck.models",
    "LoadFailure": "crosscheck.models",
    "Report": "crosscheck.models",
    "Source": "crosscheck.models",
    "Settings": "crosscheck.settings",
    "run": "crosscheck.pipeline",
}


def __getattr__(name: str) -> Any:
    """Import public names on first use."""
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'crosscheck' has no attribute {name!r}")


__all__ = ["Claim", "Group", "LoadFailure", "Report", "Settings", "Source", "__version__", "run"]
