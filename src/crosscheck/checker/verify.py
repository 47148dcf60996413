"""Hold a report against a claims file: each verified claim supported, contradicted or not found;
each conflict between sources accepted (baseline) or new."""

from __future__ import annotations

import math
import re
from datetime import date
from typing import Literal

from pydantic import Field
from rapidfuzz import fuzz

from crosscheck.checker.claimsfile import ClaimsFile, Range, VerifiedClaim
from crosscheck.checker.values import ValueProblem, expected_dates, expected_quantity, expected_time
from crosscheck.extractor.context import countries_in, norm_key
from crosscheck.extractor.events import event_table
from crosscheck.extractor.numeric import noun_table
from crosscheck.extractor.people import normalize_title
from crosscheck.lexicons import load_lexicon
from crosscheck.models import (
    Claim,
    ClaimKind,
    DateValue,
    GroupStatus,
    NameValue,
    PlaceValue,
    Quantity,
    QuoteValue,
    Record,
    Report,
    Severity,
    Source,
    TimeValue,
    TitleValue,
)
from crosscheck.reconciler.compare import describe, quote_words, same_place, title_core, wording_diff
from crosscheck.reconciler.kinds import same_person, windows_meet

# Without role, noun or event words, a subject matches the claims whose words score best, at least this (0-100).
SUBJECT_MATCH = 60
# Words of a verified subject match a claim's subject words spelled this alike (0-100): "judgement"/"judgment".
WORD_MATCH = 90
QUOTE_MATCH = 70
_COMPATIBLE = {
    ClaimKind.PLACE: {ClaimKind.PLACE, ClaimKind.DISTANCE},
    ClaimKind.DISTANCE: {ClaimKind.DISTANCE, ClaimKind.PLACE},
}


class Evidence(Record):
    """Where a source says something about a verified claim."""

    source: str
    path: str
    claim: str
    value: str
    text: str
    sentence: str
    line: int = Field(description="1-based line of the claim's words in the article file.")
    column: int = Field(description="1-based column of the claim's words.")
    supports: bool


class ClaimOutcome(Record):
    """The verdict on one verified claim."""

    id: str
    kind: ClaimKind
    subject: str
    expected: str
    status: Literal["supported", "contradicted", "not_found"]
    severity: Literal["error", "warning"]
    explanation: str
    evidence: list[Evidence]


class ConflictOutcome(Record):
    """A conflict between the articles: accepted in the baseline, or new."""

    group: str
    subject_key: str
    subject: str
    severity: Severity
    explanation: str
    accepted: bool
    reason: str | None = None
    evidence: list[Evidence]


class CheckResult(Record):
    """Everything `crosscheck check` found."""

    claims_file: str
    claims: list[ClaimOutcome]
    conflicts: list[ConflictOutcome]


def _location(source: Source, start: int) -> tuple[int, int]:
    before = source.text[:start]
    line = source.text_line + before.count("\n")
    column = start - (before.rfind("\n") + 1) + 1
    return line, column


def _evidence(claim: Claim, source: Source, supports: bool) -> Evidence:
    line, column = _location(source, claim.start)
    return Evidence(
        source=source.id,
        path=source.path,
        claim=claim.id,
        value=describe(claim),
        text=claim.text,
        sentence=claim.sentence,
        line=line,
        column=column,
        supports=supports,
    )


_GENERIC = frozenset(
    {
        "the",
        "a",
        "an",
        "of",
        "s",
        "title",
        "words",
        "where",
        "is",
        "are",
        "was",
        "were",
        "date",
        "how",
        "long",
        "have",
        "has",
        "in",
        "at",
        "to",
        "share",
        "money",
    }
)
# "have been in", "stationed", "present": the presence predicate of duration subjects
_PRESENCE = frozenset(
    {"be", "been", "being", "stationed", "present", "deployed", "stayed", "remained", "based", "located", "operating"}
)


def canonical_subject(text: str, aliases: dict[str, list[str]]) -> tuple[frozenset[str], frozenset[str]]:
    """A subject as (countries, other words), with aliases, countries and counted nouns canonical.

    "US troops in Niger" and "American military personnel in Niger" both give
    ({US, Niger}, {military_personnel}).
    """
    for canonical, names in aliases.items():
        for name in names:
            text = re.sub(rf"(?i)\b{re.escape(name)}\b", canonical, text)
    text = re.sub(r"(?:'s|’s)\b", "", text)
    mentions = countries_in(text)
    countries = frozenset(country.key for _s, _e, country in mentions)
    for start, end, _country in reversed(mentions):
        text = text[:start] + " " + text[end:]
    categories = noun_table().category
    words = set()
    for word in norm_key(text).split():
        category = categories.get(word)
        if word in _PRESENCE:
            words.add("presence")
        elif word not in _GENERIC:
            words.add(category.replace(" ", "_") if category else word)
    return countries, frozenset(words)


def _tolerance(verified: VerifiedClaim, file: ClaimsFile, centre: float) -> float:
    raw = verified.tolerance if verified.tolerance is not None else file.tolerances.get(verified.kind)
    if raw is None:
        return 0.0
    if isinstance(raw, str):
        return abs(centre) * float(raw.strip().rstrip("%")) / 100
    return float(raw)


def expected_interval(verified: VerifiedClaim, file: ClaimsFile) -> tuple[float, float, str] | None:
    """The verified value of a numeric claim as (low, high, unit), widened by its tolerance."""
    try:
        low, high, unit = expected_quantity(verified.value, verified.kind)
    except ValueProblem:  # a claims file read by parse_claims_file has none; a hand-built one may
        return None
    centre = (low + high) / 2 if math.isfinite(low) and math.isfinite(high) else (low if math.isfinite(low) else high)
    slack = _tolerance(verified, file, centre if math.isfinite(centre) else 0.0)
    return low - slack, high + slack, unit


def expected_text(verified: VerifiedClaim) -> str:
    """The verified value as written, for messages."""
    value = verified.value
    if isinstance(value, Range):
        parts = [f"{k} {v:g}" if isinstance(v, float) else f"{k} {v}" for k, v in value if v is not None]
        return ", ".join(parts)
    return str(value)


def _expected_dates(verified: VerifiedClaim) -> tuple[date, date] | None:
    try:
        return expected_dates(verified.value)
    except ValueProblem:
        return None


def _judge(verified: VerifiedClaim, claim: Claim, file: ClaimsFile) -> bool | None:
    """True: the claim supports the verified value; False: contradicts it; None: not comparable."""
    value = claim.value
    if isinstance(value, Quantity):
        expected = expected_interval(verified, file)
        if expected is None:
            return None
        low, high, unit = expected
        if unit != value.unit:
            return None
        claim_low = value.low if value.low is not None else -math.inf
        claim_high = value.high if value.high is not None else math.inf
        return claim_low <= high and low <= claim_high
    if isinstance(value, DateValue):
        expected_dates = _expected_dates(verified)
        if expected_dates is None or value.start is None or value.end is None:
            return None
        end = date.max if value.since else value.end
        return value.start <= expected_dates[1] and expected_dates[0] <= end
    if isinstance(value, TimeValue):
        return _judge_time(verified, value, file)
    if isinstance(value, NameValue):
        return same_person(str(verified.value), value.person)[0]
    if isinstance(value, TitleValue):
        wanted = title_core(normalize_title(str(verified.value).split()).title().replace(" Of ", " of "))
        return title_core(value.title) == wanted or wanted.endswith(title_core(value.title))
    if isinstance(value, PlaceValue):
        if verified.kind is ClaimKind.DISTANCE:  # a place with no distance says nothing of one
            if value.distance_km_high is None:
                return None
            expected = expected_interval(verified, file)
            return None if expected is None else (value.distance_km_low or 0) <= expected[1]
        same, _why = same_place(str(verified.value), value.place)
        return same if same is not None else False
    assert isinstance(value, QuoteValue)
    return quote_words(value.quote) == quote_words(str(verified.value))


def _judge_time(verified: VerifiedClaim, value: TimeValue, file: ClaimsFile) -> bool | None:
    """Whether an article's time meets the verified one, in minutes widened by the tolerance; None
    when their zones cannot be compared (a local time and a time in GMT)."""
    try:
        first, last, zone, half_day_unknown = expected_time(verified.value)
    except ValueProblem:
        return None
    expected = TimeValue(
        start=f"{first // 60:02d}:{first % 60:02d}",
        end=f"{last // 60:02d}:{last % 60:02d}",
        zone=zone,
        half_day_unknown=half_day_unknown,
    )
    return windows_meet(expected, value, _tolerance(verified, file, 0.0))


def _candidates(verified: VerifiedClaim, report: Report, file: ClaimsFile) -> list[Claim]:
    """Claims about the verified claim's subject: the same countries, then the best-matching words."""
    kinds = _COMPATIBLE.get(verified.kind, {verified.kind})
    pool = [c for c in report.claims if c.kind in kinds]
    if verified.kind is ClaimKind.QUOTE:  # a speaker's other statements neither support nor contradict this one
        said = " ".join(quote_words(str(verified.value)))
        pool = [
            c
            for c in pool
            if not isinstance(c.value, QuoteValue)
            or fuzz.ratio(" ".join(quote_words(c.value.quote)), said) >= QUOTE_MATCH
        ]
    if verified.subject_key:
        return [
            c
            for c in pool
            if c.subject.key == verified.subject_key or c.subject.key.startswith(verified.subject_key + "|")
        ]
    countries, words = canonical_subject(verified.subject, file.aliases)
    table = noun_table()
    roles = set(table.roles.values()) | {"presence"}
    outcomes = roles - set(load_lexicon("nouns").get("group_roles", []))
    nouns = {category.replace(" ", "_") for category in table.category.values()}
    # what decides: the event for a date ("coup"), the role and counted noun for a number ("injured protesters")
    decisive = words & set(event_table().nouns.values()) if verified.kind is ClaimKind.DATE else words & (roles | nouns)
    scored: list[tuple[float, Claim]] = []
    for claim in pool:
        claim_countries, claim_words = canonical_subject(claim.subject.label, file.aliases)
        if countries and countries != claim_countries:
            continue
        if decisive:
            # the role ("injured"), counted noun ("protesters") and event ("coup") words decide; a
            # counted noun may be left out when the claim names the role ("12 people were arrested")
            optional = (nouns - outcomes) if decisive & outcomes & claim_words else set()
            if all(_has_word(claim_words, word) or word in optional for word in decisive):
                scored.append((100.0, claim))
            continue
        scored.append((fuzz.token_set_ratio(" ".join(sorted(words)), " ".join(sorted(claim_words))), claim))
    best = max((score for score, _claim in scored), default=0.0)
    if best < SUBJECT_MATCH:
        return []
    return [claim for score, claim in scored if score == best]


def _has_word(words: frozenset[str], word: str) -> bool:
    return word in words or any(fuzz.ratio(word, other) >= WORD_MATCH for other in words)


def verdicts(verified: VerifiedClaim, report: Report, file: ClaimsFile) -> list[tuple[Claim, bool]]:
    """The report's claims about a verified claim, each with whether it supports it (True) or
    contradicts it (False); claims that cannot be compared with it (another unit) are left out."""
    found = []
    for claim in _candidates(verified, report, file):
        verdict = _judge(verified, claim, file)
        if verdict is not None:
            found.append((claim, verdict))
    return found


def check(report: Report, file: ClaimsFile, claims_path: str) -> CheckResult:
    """Judge every verified claim against the report, and sort the report's conflicts."""
    sources = {s.id: s for s in report.sources}
    outcomes = []
    for verified in file.claims:
        evidence = [
            _evidence(claim, sources[claim.source], verdict) for claim, verdict in verdicts(verified, report, file)
        ]
        against = [e for e in evidence if not e.supports]
        if against:
            status: Literal["supported", "contradicted", "not_found"] = "contradicted"
            explanation = "; ".join(f"{e.source} says {e.value}" for e in against)
            if verified.kind is ClaimKind.QUOTE:
                explanation = "; ".join(f"{e.source}: {wording_diff(str(verified.value), e.text)}" for e in against)
        elif evidence:
            status = "supported"
            explanation = f"supported by {len({e.source for e in evidence})} source(s)"
        else:
            status, explanation = "not_found", "no article states it"
        outcomes.append(
            ClaimOutcome(
                id=verified.id,
                kind=verified.kind,
                subject=verified.subject,
                expected=expected_text(verified),
                status=status,
                severity=verified.severity,
                explanation=f"expected {expected_text(verified)}: {explanation}",
                evidence=evidence,
            )
        )
    accepted = {a.group: a.reason for a in file.accepted}
    claims = {c.id: c for c in report.claims}
    conflicts = []
    for group in report.groups:
        if group.status is not GroupStatus.CONFLICT:
            continue
        reason = accepted.get(group.subject.key, accepted.get(group.id))
        conflicts.append(
            ConflictOutcome(
                group=group.id,
                subject_key=group.subject.key,
                subject=group.subject.label,
                severity=group.severity or Severity.MAJOR,
                explanation=group.explanation,
                accepted=reason is not None,
                reason=reason,
                evidence=[_evidence(claims[c], sources[claims[c].source], False) for c in group.claims],
            )
        )
    return CheckResult(claims_file=claims_path, claims=outcomes, conflicts=conflicts)


FailOn = Literal["major", "minor", "never"]


def failed(result: CheckResult, fail_on: FailOn) -> bool:
    """Whether the check fails: an error-severity claim contradicted, or a new conflict at `fail_on` or worse."""
    if fail_on == "never":
        return False
    if any(c.status == "contradicted" and c.severity == "error" for c in result.claims):
        return True
    levels = {Severity.MAJOR} if fail_on == "major" else {Severity.MAJOR, Severity.MINOR}
    return any(not c.accepted and c.severity in levels for c in result.conflicts)
