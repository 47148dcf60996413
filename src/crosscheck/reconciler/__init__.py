"""Reconciler stage: group claims about the same subject across sources and give each group a verdict."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from functools import lru_cache
from operator import attrgetter

from rapidfuzz import fuzz, process

from crosscheck.extractor.context import norm_key
from crosscheck.models import (
    NUMERIC_KINDS,
    Claim,
    ClaimKind,
    Confidence,
    Group,
    GroupStatus,
    Position,
    Quantity,
    QuoteValue,
    Severity,
    Source,
)
from crosscheck.outlets import canonical as canonical_outlet
from crosscheck.outlets import cited_outlet
from crosscheck.reconciler.align import group_by_frames, join_unplaced, merge_holders, merge_spellings, subject_key
from crosscheck.reconciler.compare import (
    Context,
    Verdict,
    compare_intervals,
    compare_places,
    compare_quotes,
    compare_titles,
    position_label,
    quote_words,
)
from crosscheck.reconciler.kinds import compare_names, compare_times
from crosscheck.reconciler.names import merge_people

__all__ = ["reconcile"]

# Claims in a group are listed by source, then position; as keys made in C (a group's claims are
# sorted once per group, and a conflict group repeats its main cluster).
_CLAIM_ORDER = attrgetter("source", "start", "id")
_SOURCE = attrgetter("source")
_ID = attrgetter("id")

# Quote segments this similar (ratio over normalized words) are one statement in other words.
QUOTE_MATCH = 70


def _quote_statements(claims: Sequence[Claim]) -> list[list[Claim]]:
    """Split one speaker's quotes into statements: segments that say the same thing in similar words.

    A quote joins the first statement whose first quote it matches; the matching runs in
    rapidfuzz over all statements at once (a prolific speaker has hundreds of statements)."""
    statements: list[list[Claim]] = []
    firsts: list[str] = []  # normalized words of each statement's first quote
    for claim in claims:
        assert isinstance(claim.value, QuoteValue)
        words = " ".join(quote_words(claim.value.quote))
        found = process.extract(words, firsts, scorer=fuzz.ratio, score_cutoff=QUOTE_MATCH, limit=None)
        if found:
            statements[min(index for _choice, _score, index in found)].append(claim)
        else:
            statements.append([claim])
            firsts.append(words)
    return statements


_INTERVAL_KINDS = NUMERIC_KINDS | {ClaimKind.DATE, ClaimKind.MEASURE, ClaimKind.AGE}


def _comparer(claims: Sequence[Claim]) -> Callable[[Sequence[Claim], Context], list[Verdict]]:
    first = claims[0]
    if first.subject.key.startswith("position|") or first.kind in _INTERVAL_KINDS:
        return compare_intervals
    if first.kind is ClaimKind.TIME:
        return compare_times
    if first.kind is ClaimKind.NAME:
        return compare_names
    if first.kind is ClaimKind.TITLE:
        return compare_titles
    if first.kind is ClaimKind.QUOTE:
        return compare_quotes
    return compare_places


_ORDER = {
    (GroupStatus.CONFLICT, Severity.MAJOR): 0,
    (GroupStatus.CONFLICT, Severity.MINOR): 1,
    (GroupStatus.AGREE, None): 2,
    (GroupStatus.SINGLE, None): 3,
}


def _alias_table(aliases: Mapping[str, Sequence[str]]) -> list[tuple[re.Pattern[str], str]]:
    """Patterns that rewrite every alias (in subject keys and place names) to its canonical name."""
    table = []
    for canonical, names in sorted(aliases.items()):
        for name in sorted(names, key=len, reverse=True):
            table.append((re.compile(rf"(?i)(?<!\w){re.escape(norm_key(name))}(?!\w)"), norm_key(canonical)))
    return table


class Origins:
    """Where each claim comes from: the outlet its sentence cites, else its source's derivation cluster."""

    def __init__(self, sources: Sequence[Source]) -> None:
        self.cluster = {s.id: s.cluster or s.id for s in sources}
        self.outlet = {s.id: canonical_outlet(s.outlet) if s.outlet else None for s in sources}
        self.outlet_cluster: dict[str, str] = {}
        self._of: dict[str, str] = {}  # per claim id
        self._cited: dict[str, str | None] = {}  # per sentence: claims share sentences
        for source in sources:
            names = [source.outlet] if source.outlet else []
            names += [d.outlet for d in source.derived_from if d.outlet and d.source is None]
            for name in names:
                if name:
                    self.outlet_cluster.setdefault(canonical_outlet(name), source.cluster or source.id)

    def of(self, claim: Claim) -> str:
        """Origin id of a claim (a cluster id, or 'outlet:Name' for an outlet outside the run).

        Kept per claim: a conflict group repeats its main claims, so a claim is asked about often."""
        found = self._of.get(claim.id)
        if found is None:
            if claim.sentence in self._cited:
                cited = self._cited[claim.sentence]
            else:
                cited = self._cited[claim.sentence] = cited_outlet(claim.sentence)
            if cited and cited != self.outlet.get(claim.source):
                found = self.outlet_cluster.get(cited, f"outlet:{cited}")
            else:
                found = self.cluster.get(claim.source, claim.source)
            self._of[claim.id] = found
        return found

    def describe(self, claims: Sequence[Claim], sources: Sequence[str]) -> tuple[int, str]:
        """How many independent origins the sources have, and a note naming those that share one.

        A source's origin in a group is the outlet its claims cite when all of them cite it, else its
        own derivation cluster; so the count never exceeds the number of sources."""
        try:  # (source, origin) pairs made in C: a conflict group repeats its main cluster's claims
            pairs = set(zip(map(_SOURCE, claims), map(self._of.__getitem__, map(_ID, claims)), strict=True))
        except KeyError:  # a claim not seen yet
            pairs = {(claim.source, self.of(claim)) for claim in claims}
        per_source: dict[str, set[str]] = {}
        for source, origin in pairs:
            per_source.setdefault(source, set()).add(origin)
        by_origin: dict[str, set[str]] = {}
        for source, found in per_source.items():
            origin = next(iter(found)) if len(found) == 1 else self.cluster.get(source, source)
            by_origin.setdefault(origin, set()).add(source)
        independent = len(by_origin)
        if independent >= len(sources):
            return independent, ""
        shared = [
            "+".join(sorted(ids, key=_source_order)) + (f" (via {origin[7:]})" if origin.startswith("outlet:") else "")
            for origin, ids in sorted(by_origin.items(), key=lambda kv: sorted(kv[1], key=_source_order))
            if len(ids) > 1
        ]
        return independent, f"{independent} of {len(sources)} sources independent ({', '.join(shared)} share an origin)"


def _timeline(sources: Sequence[str], dates: Mapping[str, date | None]) -> str:
    """'published 3 days apart (s1 2024-05-02 ... s3 2024-05-05)' for values that differ over time."""
    known = sorted((d, source) for source in sources if (d := dates.get(source)) is not None)
    if len(known) < 2 or known[0][0] == known[-1][0]:
        return ""
    days = (known[-1][0] - known[0][0]).days
    first, last = known[0], known[-1]
    return (
        f"published {days} day{'s' * (days != 1)} apart ({first[1]} {first[0].isoformat()}, "
        f"{last[1]} {last[0].isoformat()}): the later report may be an update"
    )


def reconcile(
    claims: Sequence[Claim],
    sources: Sequence[Source] = (),
    aliases: Mapping[str, Sequence[str]] | None = None,
    tolerances: Mapping[str, float | str] | None = None,
) -> list[Group]:
    """Groups over all claims, ordered: major conflicts, minor conflicts, agreements, single-source.

    `sources` supplies publication dates (a later, higher casualty toll reads as an update)."""
    table = _alias_table(aliases or {})
    ctx = Context(published={s.id: s.published for s in sources}, aliases=table, tolerances=dict(tolerances or {}))
    # the timeline note names only dates read from a publication field, marker, dateline or URL
    trusted = {s.id: s.published for s in sources if s.published_confidence in (Confidence.HIGH, Confidence.MEDIUM)}
    ordered = sorted(claims, key=_CLAIM_ORDER)
    buckets = group_by_frames(ordered, ctx.canonical)
    framed = {id(claim) for bucket in buckets.values() for claim in bucket}
    for claim in ordered:
        if id(claim) in framed:
            continue
        key = subject_key(claim)
        for pattern, canonical in table:
            key = pattern.sub(canonical, key)
        if isinstance(claim.value, Quantity) and claim.value.unit not in ("km",):
            key += f"#{claim.value.unit}"  # 1.3 billion shillings and $10 million are not compared
        buckets.setdefault(key, []).append(claim)
    verdicts: list[Verdict] = []
    for _key, bucket in sorted(merge_people(merge_holders(merge_spellings(join_unplaced(buckets)))).items()):
        bucket.sort(key=_CLAIM_ORDER)
        parts = _quote_statements(bucket) if bucket[0].kind is ClaimKind.QUOTE else [bucket]
        for part in parts:
            if len({c.source for c in part}) < 2:
                verdicts.append(Verdict(part, GroupStatus.SINGLE, None, "stated by one source"))
                continue
            verdicts.extend(_comparer(part)(part, ctx))
    origins = Origins(sources)
    for claim in claims:
        origins.of(claim)
    rows = []
    for verdict in verdicts:
        source_set = set(map(_SOURCE, verdict.claims))
        if len(source_set) < 2 and verdict.status is not GroupStatus.SINGLE:
            # a source never agrees or conflicts with itself
            verdict = Verdict(verdict.claims, GroupStatus.SINGLE, None, f"one source: {verdict.explanation}")
        claims_sorted = sorted(verdict.claims, key=_CLAIM_ORDER)
        first = claims_sorted[0]
        source_ids = sorted(source_set, key=_source_order)
        order = _ORDER[(verdict.status, verdict.severity)]
        rows.append((order, -len(source_ids), first.subject.key, first.id, verdict, claims_sorted, source_ids))
    rows.sort(key=lambda r: (r[0], r[1], r[2], r[3]))
    groups = []
    for number, (_o, _n, _k, _i, verdict, claims_sorted, group_sources) in enumerate(rows, start=1):
        first = claims_sorted[0]
        independent, note = origins.describe(claims_sorted, group_sources)
        explanation = verdict.explanation
        if verdict.status is GroupStatus.CONFLICT and first.kind in NUMERIC_KINDS and "apart" not in explanation:
            timeline = _timeline(group_sources, trusted)
            explanation += f"; {timeline}" if timeline else ""
        explanation += f"; {note}" if note else ""
        positions = _positions(verdict, origins)
        groups.append(
            Group(
                id=f"g{number}",
                kind=first.kind,
                subject=first.subject,
                status=verdict.status,
                severity=verdict.severity,
                claims=list(map(_ID, claims_sorted)),
                sources=group_sources,
                independent_sources=independent,
                explanation=explanation,
                positions=positions,
            )
        )
    return groups


def _positions(verdict: Verdict, origins: Origins) -> list[Position]:
    """The group's sides as Position records: each with its value, claims, sources and origins."""
    sides = verdict.positions or (tuple(verdict.claims),)
    positions = []
    for side in sides:
        ordered = sorted(side, key=_CLAIM_ORDER)
        sources = sorted({c.source for c in ordered}, key=_source_order)
        independent, _note = origins.describe(ordered, sources)
        positions.append(
            Position(
                label=position_label(ordered),
                claims=list(map(_ID, ordered)),
                sources=sources,
                independent_sources=independent,
            )
        )
    return positions


@lru_cache(maxsize=65536)
def _source_order(source_id: str) -> tuple[int, str]:
    digits = "".join(ch for ch in source_id if ch.isdigit())
    return (int(digits) if digits else 0, source_id)
