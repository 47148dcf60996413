"""Verdicts per claim kind: given claims about one subject, which agree and which conflict, and why."""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from crosscheck.extractor.context import norm_key
from crosscheck.models import (
    Claim,
    ClaimKind,
    DateValue,
    GroupStatus,
    Modality,
    NameValue,
    PlaceValue,
    Quantity,
    QuoteValue,
    Severity,
    TimeValue,
    TitleValue,
)
from crosscheck.reconciler.gazetteer import contains, is_known, place_key
from crosscheck.reconciler.intervals import Span, consensus_clusters, fmt_number, gap, hull

# Tolls that grow as a story develops: a later, higher figure is an update, not a contradiction.
ROLLING_CATEGORIES = frozenset(
    {
        "killed",
        "injured",
        "casualties",
        "displaced",
        "arrested",
        "affected",
        "missing",
        "evacuated",
        "rescued",
        "hostages",
    }
)


@dataclass(frozen=True)
class Context:
    """What comparisons may know about the sources: their publication dates."""

    published: dict[str, date | None] = field(default_factory=dict)
    aliases: list[tuple[re.Pattern[str], str]] = field(default_factory=list)
    tolerances: Mapping[str, float | str] = field(default_factory=dict)  # per claim kind, from a claims file

    def canonical(self, name: str) -> str:
        """A place or person name with aliases rewritten to their canonical form."""
        key = norm_key(name)
        for pattern, canonical in self.aliases:
            key = pattern.sub(canonical, key)
        return key


# Two hedged figures whose intervals miss each other by less than this share of their size are a
# difference of rounding ("nearly 1,000" vs "a little over 1,000"), not of fact.
HEDGE_SLACK = 0.05


@dataclass(frozen=True)
class Verdict:
    """One group's worth of claims with its status, severity and explanation."""

    claims: list[Claim]
    status: GroupStatus
    severity: Severity | None
    explanation: str
    # The sides: claims that state one value each. Empty means one position of all `claims`.
    positions: tuple[tuple[Claim, ...], ...] = ()


def _sources(claims: Sequence[Claim]) -> int:
    return len({c.source for c in claims})


_UNITS = {
    "item": "",
    "km": " km",
    "day": " days",
    "percent": "%",
    "year": " years",
    "magnitude": "",
    "celsius": "°C",
    "degree": "°",
    "km2": " km²",
    "point": " points",
}


def _unit_text(unit: str) -> str:
    return _UNITS.get(unit, f" {unit}")


def _time_text(v: TimeValue) -> str:
    """'09:00-09:15 local (just after)', '2024-05-03 22:11 GMT', '06:30 (a.m. or p.m.)'."""
    window = v.start if v.start == v.end else f"{v.start}-{v.end}"
    parts = [v.date.isoformat()] if v.date else []
    parts.append(window)
    if v.zone:
        parts.append(v.zone)
    text = " ".join(parts)
    if v.hedge:
        text += f" ({v.hedge})"
    if v.half_day_unknown:
        text += " (a.m. or p.m.)"
    return text


def describe(claim: Claim) -> str:
    """A claim's value in short human form: '~60 (54-66)', 'July 2023', 'same site (<=1.5 km)'."""
    v = claim.value
    if isinstance(v, Quantity):
        unit = _unit_text(v.unit)
        low = fmt_number(v.low) if v.low is not None else None
        high = fmt_number(v.high) if v.high is not None else None
        if v.original:
            if low == high:
                interval = f"{low}{unit}"
            elif high is None:
                interval = f"{'>' if not v.low_inclusive else '≥'}{low}{unit}"
            elif low is None:
                interval = f"{'<' if not v.high_inclusive else '≤'}{high}{unit}"
            else:
                interval = f"{low}-{high}{unit}"
            return f"{v.original} ({interval})"
        if low == high and low is not None:
            return f"{low}{unit}"
        hedge = v.hedge or ""
        if low is None:
            return f"{hedge} {high}{unit}".strip() if hedge else f"≤{high}{unit}"
        if high is None:
            return f"{hedge} {low}{unit}".strip() if hedge else f"≥{low}{unit}"
        if hedge in ("about", "around", "roughly", "approximately", "some", "an estimated", "estimated"):
            assert v.low is not None and v.high is not None
            centre = fmt_number((v.low + v.high) / 2)
            return f"~{centre}{unit} ({low}-{high})"
        return f"{hedge + ' ' if hedge else ''}{low}-{high}{unit}".strip()
    if isinstance(v, DateValue):
        if v.start is None or v.end is None:
            return "unresolved (no publication date)"
        text = _date_text(v)
        return f"since {text}" if v.since else text
    if isinstance(v, TitleValue):
        return v.title
    if isinstance(v, TimeValue):
        return _time_text(v)
    if isinstance(v, NameValue):
        return v.person
    if isinstance(v, PlaceValue):
        if v.relation == "same site":
            return f"{v.place} (same site, ≤{fmt_number(v.distance_km_high or 0)} km)"
        if v.distance_km_high is not None:
            return f"{v.relation} {v.place} (≤{fmt_number(v.distance_km_high)} km)"
        return v.place
    assert isinstance(v, QuoteValue)
    return f"“{v.quote}”"


def _date_text(v: DateValue) -> str:
    assert v.start is not None and v.end is not None
    if v.granularity == "year":
        return str(v.start.year)
    if v.granularity == "month" and v.start.day == 1 and v.end.month == v.start.month and v.end.day >= 28:
        return v.start.strftime("%B %Y")
    if v.start == v.end:
        return v.start.isoformat()
    return f"{v.start.isoformat()}..{v.end.isoformat()}"


def per_source(claims: Sequence[Claim], why: str) -> list[Verdict]:
    """One single-source verdict per source: claims that could not be compared across sources."""
    by_source: dict[str, list[Claim]] = {}
    for claim in claims:
        by_source.setdefault(claim.source, []).append(claim)
    return [Verdict(group, GroupStatus.SINGLE, None, why) for _source, group in sorted(by_source.items())]


def _widen(span: Span[Claim], tolerance: float | str | None) -> Span[Claim]:
    """A numeric span widened by a tolerance: absolute (50) or relative ("10%") of its own bounds."""
    if tolerance is None:
        return span

    def slack(bound: float) -> float:
        if isinstance(tolerance, str):
            return abs(bound) * float(tolerance.strip().rstrip("%")) / 100 if math.isfinite(bound) else 0.0
        return float(tolerance)

    return Span(
        span.item,
        span.source,
        span.low - slack(span.low),
        span.high + slack(span.high),
        span.low_inclusive,
        span.high_inclusive,
    )


# Units no amount falls below zero in: "under 5" of them is 0-5.
_NON_NEGATIVE = frozenset({"item", "km", "day", "year", "km2", "km/h"})


def _span(claim: Claim) -> Span[Claim] | None:
    v = claim.value
    inf = math.inf
    if isinstance(v, Quantity):
        low = v.low if v.low is not None else (-inf if v.unit not in _NON_NEGATIVE else 0.0)
        high = v.high if v.high is not None else inf
        # A hedged figure's open bound is a rounding boundary: "nearly 1,000" may be 1,000 rounded.
        return Span(claim, claim.source, low, high, v.low_inclusive or v.approx, v.high_inclusive or v.approx)
    if isinstance(v, PlaceValue) and v.distance_km_high is not None:
        return Span(claim, claim.source, v.distance_km_low or 0.0, v.distance_km_high)
    if isinstance(v, DateValue):
        if v.start is None or v.end is None:
            return None
        end = inf if v.since else float(v.end.toordinal())
        return Span(claim, claim.source, float(v.start.toordinal()), end)
    return None


def _list(claims: Sequence[Claim]) -> str:
    parts = []
    for claim in claims:
        parts.append(f"{describe(claim)} [{claim.source}]")
    return ", ".join(dict.fromkeys(parts))


class _Side(NamedTuple):
    """What a verdict's severity needs from one side of a conflict, read once per cluster (the main
    cluster faces every other one)."""

    rolling: bool  # every claim a rolling toll
    latest: date | None  # its latest publication date
    top: float  # its highest figure
    hedged: bool  # some claim hedged or approximate
    as_of: frozenset[str | None]
    modalities: frozenset[Modality]


def _side(claims: Sequence[Claim], ctx: Context) -> _Side:
    days = [d for c in claims if (d := ctx.published.get(c.source)) is not None]
    return _Side(
        rolling=all(
            c.subject.key.split("|")[1:2] and c.subject.key.split("|")[1] in ROLLING_CATEGORIES for c in claims
        ),
        latest=max(days) if days else None,
        top=max((c.value.high or c.value.low or 0) if isinstance(c.value, Quantity) else 0 for c in claims),
        hedged=any(_approx(c) for c in claims),
        as_of=frozenset(c.as_of for c in claims),
        modalities=frozenset(c.modality for c in claims),
    )


def _update(main: _Side, other: _Side) -> str | None:
    """'reports 1 day(s) apart...' when a rolling toll is higher in the later report."""
    if not (main.rolling and other.rolling):
        return None
    a, b = main.latest, other.latest
    if a is None or b is None or a == b:
        return None
    later, earlier = (main, other) if a > b else (other, main)
    if later.top <= earlier.top:
        return None
    return f"reports {abs((a - b).days)} day(s) apart: the later, higher figure may be an update"


def _severity(main: _Side, other: _Side, spread: float) -> tuple[Severity, list[str]]:
    """Major unless hedges, an as-of time, a difference of modality or a later update explains it."""
    reasons = []
    update = _update(main, other)
    if update:
        reasons.append(update)
    if main.hedged and other.hedged and spread <= HEDGE_SLACK:
        reasons.append("explained by hedges (the rounded figures meet)")
    as_of = main.as_of | other.as_of
    if len(as_of) > 1:
        stated = "; ".join(sorted(a for a in as_of if a))
        reasons.append(f"different as-of times ({stated})")
    modalities = main.modalities ^ other.modalities
    if modalities - {Modality.REPORTED, Modality.QUOTED} and main.modalities != other.modalities:
        mains = "/".join(sorted(m.value for m in main.modalities))
        others = "/".join(sorted(m.value for m in other.modalities))
        reasons.append(f"different modality ({mains} vs {others})")
    return (Severity.MINOR if reasons else Severity.MAJOR), reasons


def _approx(claim: Claim) -> bool:
    v = claim.value
    if isinstance(v, TimeValue):
        return v.hedge is not None
    return isinstance(v, Quantity) and (v.approx or v.hedge is not None)


SpanOf = Callable[[Claim], Span[Claim] | None]
RangeText = Callable[[Claim, float, float], str]


def compare_intervals(
    claims: Sequence[Claim], ctx: Context, interval_of: SpanOf | None = None, range_text: RangeText | None = None
) -> list[Verdict]:
    """Numbers, dates, positions and times: overlapping intervals agree, disjoint ones conflict.

    `interval_of` gives a claim's interval (by default read off its value alone; times are placed on one
    line as a group) and `range_text` how a common part reads."""
    interval = interval_of or _span
    _range_text = range_text or _value_range_text
    spans: list[Span[Claim]] = []
    unresolved: list[Claim] = []
    for claim in claims:
        span = interval(claim)
        if span is None:
            unresolved.append(claim)
        else:
            spans.append(_widen(span, ctx.tolerances.get(claim.kind.value)))
    note = f"; {len(unresolved)} unresolved claim(s) not compared" if unresolved else ""
    if len({s.source for s in spans}) < 2:
        return per_source(claims, "fewer than two sources give a comparable value" + note)
    clusters = [[s.item for s in cluster] for cluster in consensus_clusters(spans)]
    span_of = {id(s.item): s for s in spans}
    main = clusters[0]
    if len(clusters) == 1:
        status = GroupStatus.AGREE if _sources(claims) >= 2 else GroupStatus.SINGLE
        low, high = hull([span_of[id(c)] for c in main])
        verb = "overlap" if status is GroupStatus.AGREE else "stated by one source"
        common = _range_text(main[0], low, high) if status is GroupStatus.AGREE else ""
        return [Verdict(list(claims), status, None, f"{_list(main)}: {verb}{' at ' + common if common else ''}{note}")]
    verdicts: list[Verdict] = []
    if unresolved:  # kept in view, beside the comparison they could not take part in
        verdicts.extend(per_source(unresolved, "not compared: the date could not be resolved"))
    # Read once: the main cluster's agreement, and every other cluster's comparison with it.
    main_text = _list(main)
    a = hull([span_of[id(c)] for c in main])
    main_sources = {c.source for c in main}
    if len(main_sources) >= 2:
        verdicts.append(Verdict(main, GroupStatus.AGREE, None, f"{main_text}: overlap at {_range_text(main[0], *a)}"))
    main_side: _Side | None = None
    for other in clusters[1:]:
        if len(main_sources) < 2 and len(main_sources.union(c.source for c in other)) < 2:
            verdicts.append(
                Verdict(
                    other,
                    GroupStatus.SINGLE,
                    None,
                    f"{_list(other)}: differs from {main_text} within one source",
                )
            )
            continue
        b = hull([span_of[id(c)] for c in other])
        size = max(abs(x) for x in (*a, *b) if math.isfinite(x)) if any(math.isfinite(x) for x in (*a, *b)) else 1
        spread = gap(a, b) / size if size else 0.0
        if main_side is None:
            main_side = _side(main, ctx)
        severity, reasons = _severity(main_side, _side(other, ctx), spread)
        if main[0].kind is ClaimKind.AGE and 0 < gap(a, b) <= 1:
            severity = Severity.MINOR
            reasons.append("one year apart: a birthday may fall between the reports")
        explanation = f"{main_text} vs {_list(other)}: disjoint"
        if reasons:
            explanation += "; minor: " + "; ".join(reasons)
        verdicts.append(
            Verdict([*main, *other], GroupStatus.CONFLICT, severity, explanation, (tuple(main), tuple(other)))
        )
    return verdicts


def _value_range_text(claim: Claim, low: float, high: float) -> str:
    if isinstance(claim.value, DateValue):
        from datetime import date

        lo = date.fromordinal(int(low)).isoformat() if math.isfinite(low) else "…"
        hi = date.fromordinal(int(high)).isoformat() if math.isfinite(high) else "…"
        return lo if lo == hi else f"{lo}..{hi}"
    unit = ""
    if isinstance(claim.value, Quantity):
        unit = _unit_text(claim.value.unit)
    elif isinstance(claim.value, PlaceValue):
        unit = " km"
    lo, hi = fmt_number(low), fmt_number(high)
    return f"{lo}{unit}" if lo == hi else f"{lo}-{hi}{unit}"


# --- titles -------------------------------------------------------------------------------------


def title_core(title: str) -> str:
    """The title without its country prefix: "US Secretary of Defense" -> "secretary of defense"."""
    from crosscheck.extractor.context import countries_in

    mentions = countries_in(title)
    if mentions and mentions[0][0] == 0:
        title = title[mentions[0][1] :]
    return title.strip().lower()


def compare_titles(claims: Sequence[Claim], ctx: Context) -> list[Verdict]:
    """Same normalized title (country prefix optional) agrees; another title is a minor conflict."""
    cores: dict[str, list[Claim]] = {}
    for claim in claims:
        assert isinstance(claim.value, TitleValue)
        cores.setdefault(title_core(claim.value.title), []).append(claim)
    variants = sorted(cores.items(), key=lambda kv: (-_sources(kv[1]), kv[0]))
    if len(variants) == 1:
        status = GroupStatus.AGREE if _sources(claims) >= 2 else GroupStatus.SINGLE
        spellings = sorted({c.value.title_text for c in claims if isinstance(c.value, TitleValue)})
        note = f" (written {', '.join(repr(s) for s in spellings)})" if len(spellings) > 1 else ""
        return [Verdict(list(claims), status, None, f"{_list(claims[:1])} in {_sources(claims)} source(s){note}")]
    explanation = " vs ".join(f"{_list(v[:1])} ({_sources(v)} source(s))" for _k, v in variants)
    return [
        Verdict(
            list(claims),
            GroupStatus.CONFLICT,
            Severity.MINOR,
            f"{explanation}: different titles; a person can hold several",
        )
    ]


# --- places -------------------------------------------------------------------------------------


def same_place(a: str, b: str) -> tuple[bool | None, str]:
    from rapidfuzz import fuzz

    ka, kb = place_key(a), place_key(b)
    if ka == kb:
        return True, "same place"
    if fuzz.ratio(ka, kb) >= 90:
        return True, f"{a!r} and {b!r} are spellings of one name"
    if contains(a, b):
        return True, f"{b} is in {a}"
    if contains(b, a):
        return True, f"{a} is in {b}"
    if is_known(a) and is_known(b):
        return False, f"{a} and {b} are different places"
    return None, f"{a} and {b}: containment unknown"


def compare_places(claims: Sequence[Claim], ctx: Context) -> list[Verdict]:
    """Named places: equal names, spellings or containment agree; different known places conflict."""
    groups: list[list[Claim]] = []
    reasons: list[str] = []
    # A subject reported many times names few places: each name and each pair is worked out once.
    names: dict[str, str] = {}
    pairs: dict[tuple[str, str], tuple[bool | None, str]] = {}

    def canonical(place: str) -> str:
        found = names.get(place)
        if found is None:
            found = names[place] = ctx.canonical(place)
        return found

    def same(a: str, b: str) -> tuple[bool | None, str]:
        found = pairs.get((a, b))
        if found is None:
            found = pairs[(a, b)] = same_place(canonical(a), canonical(b))
        return found

    for claim in claims:
        assert isinstance(claim.value, PlaceValue)
        for group in groups:
            first = group[0].value
            assert isinstance(first, PlaceValue)
            is_same, why = same(first.place, claim.value.place)
            if is_same:
                group.append(claim)
                if why != "same place":
                    reasons.append(why)
                break
        else:
            groups.append([claim])
    if len(groups) == 1:
        status = GroupStatus.AGREE if _sources(claims) >= 2 else GroupStatus.SINGLE
        why = f" ({'; '.join(dict.fromkeys(reasons))})" if reasons else ""
        return [Verdict(list(claims), status, None, f"{_list(claims)}: same place{why}")]
    groups.sort(key=lambda g: (-_sources(g), g[0].id))
    verdicts = []
    main = groups[0]
    for other in groups[1:]:
        a, b = main[0].value, other[0].value
        assert isinstance(a, PlaceValue) and isinstance(b, PlaceValue)
        is_same, why = same(a.place, b.place)
        severity = Severity.MAJOR if is_same is False else Severity.MINOR
        verdicts.append(
            Verdict([*main, *other], GroupStatus.CONFLICT, severity, f"{_list(main)} vs {_list(other)}: {why}")
        )
    return verdicts


# --- quotes -------------------------------------------------------------------------------------

_QUOTE_PUNCT = re.compile(r"[^\w\s']")
_NEGATIONS = re.compile(r"\b(?:not|no|never|n't|nothing|none|nobody|neither|nor)\b")


def quote_words(text: str) -> list[str]:
    """Words of a quote for comparison: case, punctuation, curly quotes and 'U.S.' dots ignored."""
    text = text.replace("’", "'").replace("‘", "'").lower()
    text = re.sub(r"\b([a-z])\.(?=[a-z]\.)", r"\1", text).replace(".", " ")
    return _QUOTE_PUNCT.sub(" ", text).split()


def _negations(words: list[str]) -> int:
    return len(_NEGATIONS.findall(" ".join(words).replace("n't", " n't")))


def wording_diff(a: str, b: str) -> str:
    """The words that differ between two wordings: "'compound' vs 'complex'; 'don't' vs 'do not'"."""
    wa, wb = quote_words(a), quote_words(b)
    changes = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=wa, b=wb, autojunk=False).get_opcodes():
        if op != "equal":
            changes.append(f"'{' '.join(wa[i1:i2])}' vs '{' '.join(wb[j1:j2])}'")
    return "; ".join(changes[:6]) + ("; ..." if len(changes) > 6 else "")


def compare_quotes(claims: Sequence[Claim], ctx: Context) -> list[Verdict]:
    """Same words agree; other wordings of the same statement conflict (major if negation differs)."""
    wordings: dict[str, list[Claim]] = {}
    for claim in claims:
        assert isinstance(claim.value, QuoteValue)
        wordings.setdefault(" ".join(quote_words(claim.value.quote)), []).append(claim)
    variants = sorted(wordings.values(), key=lambda v: (-_sources(v), v[0].id))
    if len(variants) == 1:
        status = GroupStatus.AGREE if _sources(claims) >= 2 else GroupStatus.SINGLE
        return [Verdict(list(claims), status, None, f"same wording in {_sources(claims)} source(s)")]
    main = variants[0]
    main_quote = main[0].value
    assert isinstance(main_quote, QuoteValue)
    parts = []
    severity = Severity.MINOR
    for other in variants[1:]:
        quote = other[0].value
        assert isinstance(quote, QuoteValue)
        if _negations(quote_words(quote.quote)) % 2 != _negations(quote_words(main_quote.quote)) % 2:
            severity = Severity.MAJOR
        sources = ", ".join(sorted({c.source for c in other}))
        parts.append(f"[{sources}] {wording_diff(main_quote.quote, quote.quote)}")
    main_sources = ", ".join(sorted({c.source for c in main}))
    explanation = (
        f"{len(variants)} wordings of one statement by {main_quote.speaker}: [{main_sources}] vs " + " | ".join(parts)
    )
    if severity is Severity.MAJOR:
        explanation += "; the negation differs"
    return [Verdict(list(claims), GroupStatus.CONFLICT, severity, explanation)]
