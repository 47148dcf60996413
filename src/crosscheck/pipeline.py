"""Chain the stages: load -> extract -> reconcile -> Report.

`run` reads every input here, takes what the cache already knows, sends the rest to the engine
(this process, worker processes or a dask cluster: `engine.process`), then numbers the sources,
resolves undated sources' relative dates against the run's dates (`anchoring`), links derived
ones and reconciles, all in this process and in input order.
"""

from __future__ import annotations

import gc
import hashlib
import json
import logging
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from pydantic import BaseModel, ConfigDict

from crosscheck import __version__, speedups
from crosscheck.anchoring import anchor_undated
from crosscheck.engine import Progress, parses_here_with_a_core_to_spare, process
from crosscheck.extractor import Extraction
from crosscheck.loader import LoadResult, require_sources
from crosscheck.loader.derivation import EXACT_UP_TO, Featurizer, TextFeatures, derive, prepare_sketching
from crosscheck.loader.files import discover, read_input, reason_of
from crosscheck.models import Claim, Derivation, Group, LoadFailure, Report, Source, Warning_
from crosscheck.reconciler import reconcile
from crosscheck.settings import Settings
from crosscheck.work import CACHE_FORMAT, FileResult, Item, cache_key, renumber


def build_report(
    loaded: LoadResult,
    extraction: Extraction,
    aliases: Mapping[str, Sequence[str]] | None = None,
    tolerances: Mapping[str, float | str] | None = None,
    notes: Sequence[Warning_] = (),
    groups: Sequence[Group] | None = None,
) -> Report:
    """Assemble the report from the stages' results (reconciling the claims unless `groups` are given)."""
    warnings = [
        Warning_(
            code="skipped",
            path=f.path,
            message=f"{f.path}{f':{f.line}' if f.line else ''}: skipped: {f.reason}",
        )
        for f in loaded.failures
    ]
    warnings.extend(notes)
    warnings.extend(extraction.warnings)
    return Report(
        crosscheck=__version__,
        sources=loaded.sources,
        claims=extraction.claims,
        groups=list(groups)
        if groups is not None
        else reconcile(extraction.claims, loaded.sources, aliases, tolerances),
        warnings=warnings,
        skipped=loaded.failures,
    )


# Bump when what the run-level steps make of the same per-file results changes (anchoring): part of
# the memo's key, so groups reconciled by an older build are not reused.
RUN_STEPS = "anchor-1"


class RunMemo(BaseModel):
    """What derivation and reconciliation made of one exact list of inputs: per source its
    derivations and cluster, and the groups. Stored under the run's key, so re-running on
    unchanged input skips both steps."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    derived: list[tuple[list[Derivation], str | None]]
    groups: list[Group]


class _Stored:
    """The cache's view of this run's items: what it holds, and where to put the rest."""

    def __init__(self, items: Sequence[Item], settings: Settings, warn: Callable[[str], None]) -> None:
        from crosscheck.cache import Cache, default_folder
        from crosscheck.extractor.nlp import model_identity

        self.cache = Cache(settings.cache_dir or default_folder(), warn)
        model = model_identity(settings.model)
        self.keys = [cache_key(item, settings, model) for item in items]
        # RUN_STEPS: the groups stored depend on the run-level steps too (anchoring), not only on each file
        run = hashlib.sha256(f"run\0{CACHE_FORMAT}\0{RUN_STEPS}\0".encode())
        run.update(json.dumps([settings.aliases, settings.tolerances], sort_keys=True, default=str).encode())
        for key in self.keys:
            run.update(key.encode())
        self.run_key = "run:" + run.hexdigest()

    def lookup(self) -> list[FileResult | None]:
        """Each item's stored result, or None."""
        stored = self.cache.get_many(self.keys)
        found: list[FileResult | None] = []
        for key in self.keys:
            value = stored.get(key)
            try:
                found.append(FileResult.model_validate_json(value) if value is not None else None)
            except ValueError:  # an entry from an incompatible build: recompute it
                found.append(None)
        return found

    def save(self, first: int, results: Sequence[FileResult], positions: Sequence[int]) -> None:
        """Store fresh results as they come: `results[k]` belongs to item `positions[first + k]`."""
        self.cache.put_many(
            {self.keys[positions[first + k]]: result.model_dump_json().encode() for k, result in enumerate(results)}
        )

    def memo(self) -> RunMemo | None:
        """What an earlier run over exactly these inputs derived and reconciled, if stored."""
        value = self.cache.get_many([self.run_key]).get(self.run_key)
        try:
            return RunMemo.model_validate_json(value) if value is not None else None
        except ValueError:
            return None

    def remember(self, memo: RunMemo) -> None:
        """Store this run's derivations and groups."""
        self.cache.put_many({self.run_key: memo.model_dump_json().encode()})


def _log_warning(message: str) -> None:
    logging.getLogger("crosscheck").warning(message)


def run(
    paths: Sequence[Path],
    settings: Settings,
    stdin: BinaryIO | None = None,
    progress: Progress | None = None,
    on_warning: Callable[[str], None] | None = None,
) -> Report:
    """Load, extract and reconcile the articles under `paths` ('-' is stdin) into one Report.

    Inputs that cannot be read are listed in `Report.skipped`; LoadError only when none could.
    Notes about the cache (rebuilt, unusable) and about speedups left off go to `on_warning`
    (default: the "crosscheck" logger), not into the report: the report depends on the input only.
    `settings.speedups` off: the libraries' own code only (crosscheck.speedups)."""
    inputs, failures = discover(paths, settings)
    items: list[Item] = []
    for entry in inputs:
        try:
            items.append(Item(entry.name, read_input(entry, settings, stdin), entry.fmt))
        except (OSError, ValueError) as exc:
            failures.append(LoadFailure(path=entry.name, reason=reason_of(exc)))
    warn = on_warning or _log_warning
    stored = _Stored(items, settings, warn) if settings.cache else None
    try:
        with fewer_collections(), speedups.chosen(settings.speedups):
            return _assemble(items, failures, settings, stored, progress, warn)
    finally:
        if stored:
            stored.cache.close()


# Objects between cyclic garbage collections while a run builds its models. A run keeps almost
# everything it creates (sources, claims, groups: millions of objects for 10,000 articles), and at
# Python's default (700) every few thousand new objects trigger a pass that rescans them: 35% of a
# warm 10,000-article run. Reference counting still frees garbage at once; cycles wait a little.
GC_THRESHOLD = 100_000


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Raise the first garbage-collection threshold for the duration (restored afterwards)."""
    before = gc.get_threshold()
    gc.set_threshold(max(GC_THRESHOLD, before[0]), *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)


def _prepare_reconcile(sketch: bool, fast: bool) -> Callable[[], None]:
    """What to load while the workers extract: what linking derived sources and reconciling will
    read (the ensemble's parameters when texts are sketched, the place gazetteer, the country
    names), instead of after the last text."""

    def prepare() -> None:
        from crosscheck.extractor.context import countries_in
        from crosscheck.reconciler.gazetteer import warm

        if sketch:
            with speedups.chosen(fast):  # a thread of its own: the run's choice does not reach it
                prepare_sketching()
        warm()
        countries_in("")

    return prepare


def _tell_speedups(results: Iterable[FileResult], warn: Callable[[str], None]) -> list[str]:
    """Each distinct warning about speedups left off, once (every worker process sends its own),
    and which were applied while extracting (on the "crosscheck" logger, at INFO; returned)."""
    applied: set[str] = set()
    notes: dict[str, None] = {}
    for result in results:
        applied.update(result.speedups)
        notes.update(dict.fromkeys(result.speedup_notes))
    for note in notes:
        warn(note)
    names = [name for name in speedups.NAMES if name in applied]
    if names:
        logging.getLogger("crosscheck").info("speedups applied while extracting: %s", ", ".join(names))
    return names


def _assemble(
    items: Sequence[Item],
    failures: list[LoadFailure],
    settings: Settings,
    stored: _Stored | None,
    progress: Progress | None,
    warn: Callable[[str], None],
) -> Report:
    results = stored.lookup() if stored else [None] * len(items)
    missing = [i for i, result in enumerate(results) if result is None]
    # What derivation needs of each text is worked out as each chunk comes back, here, while the
    # workers extract the next ones (instead of all of it after the last chunk).
    sketch = len(items) > EXACT_UP_TO
    featurize = Featurizer(sketch=sketch)
    features: dict[int, list[TextFeatures]] = {}

    def keep(first: int, done: list[FileResult]) -> None:
        if stored:
            stored.save(first, done, missing)
        for k, result in enumerate(done):
            features[missing[first + k]] = featurize([s.text for s in result.sources])

    todo = [items[i] for i in missing]
    if todo and parses_here_with_a_core_to_spare(todo, settings):
        from crosscheck.interrupts import starting_children
        from crosscheck.reconciler.gazetteer import build_elsewhere

        with starting_children():  # a helper process: Ctrl-C is for this one to act on
            build_elsewhere()  # the place gazetteer, on the other core while this one parses
    prepare = _prepare_reconcile(sketch, settings.speedups)
    fresh = dict(zip(missing, process(todo, settings, progress, keep, prepare), strict=True))
    _tell_speedups(fresh.values(), warn)
    done = [result if result is not None else fresh[i] for i, result in enumerate(results)]
    sources: list[Source] = []
    claims: list[Claim] = []
    warnings: list[Warning_] = []
    for result in done:
        numbered, its_claims, its_warnings = renumber(result, len(sources) + 1)
        sources.extend(numbered)
        claims.extend(its_claims)
        warnings.extend(its_warnings)
        failures.extend(result.failures)
    failures.sort(key=lambda f: (f.path, f.line or 0))
    # Every run, after the cache: a stored result stays what its file alone says; the run's dates
    # then place an undated source's "on Sunday" (with the anchor named in the value and a warning).
    claims, warnings = anchor_undated(sources, claims, warnings)
    memo = stored.memo() if stored and not missing else None
    groups: list[Group] | None = None
    if memo is not None and len(memo.derived) == len(sources):
        sources = [
            s.model_copy(update={"derived_from": links, "cluster": cluster})
            for s, (links, cluster) in zip(sources, memo.derived, strict=True)
        ]
        groups = memo.groups
    else:
        known = [found for i, result in enumerate(done) for found in features.get(i, [None] * len(result.sources))]
        sources = derive(sources, known)
    loaded = LoadResult(sources=sources, failures=failures)
    require_sources(loaded)
    extraction = Extraction(claims=claims, warnings=warnings)
    report = build_report(loaded, extraction, settings.aliases, settings.tolerances, groups=groups)
    if stored and groups is None:
        stored.remember(RunMemo(derived=[(s.derived_from, s.cluster) for s in sources], groups=report.groups))
    return report
