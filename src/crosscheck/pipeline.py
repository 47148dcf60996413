"""Chain the stages: load -> extract -> reconcile -> Report."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import BinaryIO

from crosscheck import __version__
from crosscheck.extractor import Extraction, extract
from crosscheck.loader import LoadResult, load_paths, require_sources
from crosscheck.models import Report, Warning_
from crosscheck.reconciler import reconcile
from crosscheck.settings import Settings


def build_report(
    loaded: LoadResult,
    extraction: Extraction,
    aliases: Mapping[str, Sequence[str]] | None = None,
    tolerances: Mapping[str, float | str] | None = None,
) -> Report:
    """Assemble the report from the stages' results (reconciling the claims)."""
    warnings = [
        Warning_(
            code="skipped",
            path=f.path,
            message=f"{f.path}{f':{f.line}' if f.line else ''}: skipped: {f.reason}",
        )
        for f in loaded.failures
    ]
    warnings.extend(extraction.warnings)
    return Report(
        crosscheck=__version__,
        sources=loaded.sources,
        claims=extraction.claims,
        groups=reconcile(extraction.claims, loaded.sources, aliases, tolerances),
        warnings=warnings,
        skipped=loaded.failures,
    )


def run(paths: Sequence[Path], settings: Settings, stdin: BinaryIO | None = None) -> Report:
    """Load, extract and reconcile the articles under `paths` ('-' is stdin) into one Report.

    Inputs that cannot be read are listed in `Report.skipped`; LoadError only when none could."""
    loaded = load_paths(paths, settings, stdin)
    require_sources(loaded)
    return build_report(loaded, extract(loaded.sources, settings), settings.aliases, settings.tolerances)
