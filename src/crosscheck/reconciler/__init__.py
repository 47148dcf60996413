"""Reconciler stage: group claims about the same subject across sources and give each group a verdict."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence

from rapidfuzz import fuzz

from crosscheck.extractor.context import norm_key
from crosscheck.models import (
    NUMERIC_KINDS,
    Claim,
    ClaimKind,
    Group,
    GroupStatus,
    Quantity,
    QuoteValue,
    Severity,
    Source,
)
from crosscheck.reconciler.compare import (
    Context,
    Verdict,
    compare_intervals,
    compare_places,
    compare_quotes,
    compare_titles,
    quote_words,
)

__all__ = ["reconcile"]

# Person names this close (token set ratio, with the same last name) are one person.
PERSON_MATCH = 90
# Quote segments this similar (ratio over normalized words) are one statement in other words.
QUOTE_MATCH = 70
_PERSON_PREFIXES = ("title|", "quote|", "spoke|")


def _person_key(key: str) -> tuple[str, str]:
    prefix, _, person = key.partition("|")
    return prefix, person


def _merge_people(buckets: dict[str, list[Claim]]) -> dict[str, list[Claim]]:
    """Join buckets whose keys name the same person in different spellings ("Lloyd J. Austin")."""
    merged: dict[str, list[Claim]] = {}
    for key in sorted(buckets, key=lambda k: (-len({c.source for c in buckets[k]}), k)):
        if not key.startswith(_PERSON_PREFIXES):
            merged[key] = list(buckets[key])
            continue
        prefix, person = _person_key(key)
        target = None
        for existing in merged:
            e_prefix, e_person = _person_key(existing)
            if e_prefix != prefix or not e_person or not person:
                continue
            if e_person.split()[-1] == person.split()[-1] and fuzz.token_set_ratio(e_person, person) >= PERSON_MATCH:
                target = existing
                break
        merged.setdefault(target or key, []).extend(buckets[key])
    return merged


def _quote_statements(claims: Sequence[Claim]) -> list[list[Claim]]:
    """Split one speaker's quotes into statements: segments that say the same thing in similar words."""
    statements: list[list[Claim]] = []
    for claim in claims:
        assert isinstance(claim.value, QuoteValue)
        words = " ".join(quote_words(claim.value.quote))
        for statement in statements:
            first = statement[0].value
            assert isinstance(first, QuoteValue)
            if fuzz.ratio(" ".join(quote_words(first.quote)), words) >= QUOTE_MATCH:
                statement.append(claim)
                break
        else:
            statements.append([claim])
    return statements


def _comparer(claims: Sequence[Claim]) -> Callable[[Sequence[Claim], Context], list[Verdict]]:
    first = claims[0]
    if first.subject.key.startswith("position|") or first.kind in NUMERIC_KINDS or first.kind is ClaimKind.DATE:
        return compare_intervals
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
    buckets: dict[str, list[Claim]] = {}
    for claim in sorted(claims, key=lambda c: (c.source, c.start, c.id)):
        key = claim.subject.key
        for pattern, canonical in table:
            key = pattern.sub(canonical, key)
        if isinstance(claim.value, Quantity) and claim.value.unit not in ("km",):
            key += f"#{claim.value.unit}"  # 1.3 billion shillings and $10 million are not compared
        buckets.setdefault(key, []).append(claim)
    verdicts: list[Verdict] = []
    for _key, bucket in sorted(_merge_people(buckets).items()):
        bucket.sort(key=lambda c: (c.source, c.start, c.id))
        parts = _quote_statements(bucket) if bucket[0].kind is ClaimKind.QUOTE else [bucket]
        for part in parts:
            if len({c.source for c in part}) < 2:
                verdicts.append(Verdict(part, GroupStatus.SINGLE, None, "stated by one source"))
                continue
            verdicts.extend(_comparer(part)(part, ctx))
    rows = []
    for verdict in verdicts:
        if len({c.source for c in verdict.claims}) < 2 and verdict.status is not GroupStatus.SINGLE:
            # a source never agrees or conflicts with itself
            verdict = Verdict(verdict.claims, GroupStatus.SINGLE, None, f"one source: {verdict.explanation}")
        claims_sorted = sorted(verdict.claims, key=lambda c: (c.source, c.start, c.id))
        first = claims_sorted[0]
        source_ids = sorted({c.source for c in claims_sorted}, key=_source_order)
        order = _ORDER[(verdict.status, verdict.severity)]
        rows.append((order, -len(source_ids), first.subject.key, first.id, verdict, claims_sorted, source_ids))
    rows.sort(key=lambda r: (r[0], r[1], r[2], r[3]))
    groups = []
    for number, (_o, _n, _k, _i, verdict, claims_sorted, group_sources) in enumerate(rows, start=1):
        first = claims_sorted[0]
        groups.append(
            Group(
                id=f"g{number}",
                kind=first.kind,
                subject=first.subject,
                status=verdict.status,
                severity=verdict.severity,
                claims=[c.id for c in claims_sorted],
                sources=group_sources,
                explanation=verdict.explanation,
            )
        )
    return groups


def _source_order(source_id: str) -> tuple[int, str]:
    digits = "".join(ch for ch in source_id if ch.isdigit())
    return (int(digits) if digits else 0, source_id)
