"""The unit of parallel work: some inputs' bytes in, their sources and claims out.

Loading and extracting one input depends on nothing else in the run, so inputs are processed in
chunks anywhere: in this process, in worker processes (`--jobs`), or on dask workers
(`--engine dask`). What needs every source (numbering, derivation, reconciliation) happens
afterwards, in the caller, so the output does not depend on where the work ran.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from crosscheck import __version__
from crosscheck.models import Claim, LoadFailure, Source, SourceFormat, Warning_
from crosscheck.settings import Settings

# Bump when the layout of a cached FileResult changes.
CACHE_FORMAT = "1"


@dataclass(frozen=True)
class Item:
    """One input's bytes, with its name in the report and its format (None: sniffed)."""

    name: str
    raw: bytes
    fmt: SourceFormat | None


class FileResult(BaseModel):
    """What one input gave: its sources (numbered later), what could not be read, and per source
    its claims and warnings. Claim and source ids are provisional until the run numbers them."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    sources: list[Source]
    failures: list[LoadFailure]
    claims: list[list[Claim]]
    warnings: list[list[Warning_]]
    # What the run that made this result applied, and said about speedups left off: about that run,
    # not the input, so never stored in the cache (excluded from the JSON).
    speedups: tuple[str, ...] = Field(default=(), exclude=True)
    speedup_notes: tuple[str, ...] = Field(default=(), exclude=True)


def process_chunk(items: Sequence[Item], settings: Settings) -> list[FileResult]:
    """Load and extract some inputs (one spaCy batch for all of them); never raises for bad input."""
    from crosscheck import speedups
    from crosscheck.extractor import extract
    from crosscheck.extractor.nlp import loaded_already
    from crosscheck.loader.files import parse_input

    parsed = [parse_input(item.raw, item.name, item.fmt, settings) for item in items]
    sources = [
        source.model_copy(update={"id": f"t{f}.{k}"})
        for f, part in enumerate(parsed)
        for k, source in enumerate(part.sources)
    ]
    claims: dict[str, list[Claim]] = {s.id: [] for s in sources}
    warnings: dict[str, list[Warning_]] = {s.id: [] for s in sources}
    with speedups.chosen(settings.speedups):
        extraction = extract(sources, settings)
        model = loaded_already(settings.model) if sources else None
    applied, notes = (model.speedups, model.notes) if model is not None else ((), ())
    for claim in extraction.claims:
        claims[claim.source].append(claim)
    for warning in extraction.warnings:
        if warning.source in warnings:
            warnings[warning.source].append(warning)
    results = []
    for f, part in enumerate(parsed):
        ids = [f"t{f}.{k}" for k in range(len(part.sources))]
        results.append(
            FileResult(
                sources=part.sources,
                failures=part.failures,
                claims=[claims[i] for i in ids],
                # Notes on the input as a whole go with its first source (and are renumbered with it).
                warnings=[[*(part.notes if k == 0 else []), *warnings[i]] for k, i in enumerate(ids)],
                speedups=applied,
                speedup_notes=notes,
            )
        )
    return results


@cache
def code_fingerprint() -> str:
    """Digest of crosscheck's own code and lexicons: any change to them invalidates cached claims."""
    root = Path(__file__).parent
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.suffix in (".py", ".yaml") and path.is_file():
            digest.update(path.relative_to(root).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def cache_key(item: Item, settings: Settings, model: str) -> str:
    """What a FileResult depends on: the bytes, name and format, the settings extraction reads, the
    extractor (version and code) and the model. Speedups off is a key apart (the same claims, but a
    user who turns them off to rule them out wants them worked out without)."""
    from crosscheck.extractor import EXTRACTOR_VERSION

    digest = hashlib.sha256()
    for part in (
        CACHE_FORMAT,
        __version__,
        EXTRACTOR_VERSION,
        code_fingerprint(),
        model,
        item.name,
        item.fmt.value if item.fmt else "",
        settings.published.isoformat() if settings.published else "",
    ):
        digest.update(part.encode("utf-8") + b"\0")
    if not settings.speedups:  # speedups on adds nothing: the keys of earlier runs stay valid
        digest.update(b"speedups-off\0")
    digest.update(item.raw)
    return digest.hexdigest()


def renumber(result: FileResult, first: int) -> tuple[list[Source], list[Claim], list[Warning_]]:
    """The input's sources numbered from s{first}, with their claims and warnings relabelled.

    The records are relabelled in place: a result is this run's own, fresh from a worker or the
    cache (already stored), and used once, here. A frozen record keeps its fields in its __dict__;
    setting them there saves a copy per claim (128,000 of them for 10,000 articles)."""
    sources: list[Source] = []
    claims: list[Claim] = []
    warnings: list[Warning_] = []
    for offset, (source, its_claims, its_warnings) in enumerate(
        zip(result.sources, result.claims, result.warnings, strict=True)
    ):
        sid = f"s{first + offset}"
        _relabel(source, id=sid)
        sources.append(source)
        for claim in its_claims:
            _relabel(claim, id=f"{sid}.{claim.id.rsplit('.', 1)[-1]}", source=sid)
            whole = claim.frame.part_of
            if whole is not None:  # a part names its whole by id: relabelled alike
                claim.__dict__["frame"] = claim.frame.model_copy(
                    update={"part_of": f"{sid}.{whole.rsplit('.', 1)[-1]}"}
                )
        claims.extend(its_claims)
        for warning in its_warnings:
            _relabel(warning, source=sid)
        warnings.extend(its_warnings)
    return sources, claims, warnings


def _relabel(record: Source | Claim | Warning_, **fields: str) -> None:
    for name, value in fields.items():
        record.__dict__[name] = value
