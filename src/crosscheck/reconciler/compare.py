"""Verdicts per claim kind: given claims about one subject, which agree and which conflict, and why."""

from __future__ import annotations

import difflib
import heapq
import math
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache
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
from crosscheck.reconciler.intervals import Precision, Span, consensus_clusters, fmt_number, gap, hull, precision

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
        low_value, high_value = v.low, v.high
        found = stated_precision(claim) if v.approx and v.low != v.high else None
        if found is not None and low_value is not None and high_value is not None:
            # a hedge as wide as the figure's rounding: the interval the comparison uses ("about 650": 640-660)
            low_value = max(low_value, found.number - found.coarse)
            high_value = min(high_value, found.number + found.coarse)
        exact = low_value == high_value
        low = fmt_number(low_value, exact) if low_value is not None else None
        high = fmt_number(high_value, exact) if high_value is not None else None
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
        if found is not None and hedge:
            return f"{hedge} {fmt_number(found.number)}{unit} ({low}-{high})"
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


def _source_key(source_id: str) -> tuple[int, str]:
    digits = "".join(ch for ch in source_id if ch.isdigit())
    return (int(digits) if digits else 0, source_id)


def position_label(claims: Sequence[Claim]) -> str:
    """How one position of a group reads: its distinct values, the most widely stated first, at most three
    ("261 / at least 261"; "~900 (810-990) / over 900")."""
    stated: dict[str, set[str]] = {}
    for claim in claims:
        stated.setdefault(describe(claim), set()).add(claim.source)
    if claims and isinstance(claims[0].value, QuoteValue):  # one wording, in quotes that differ in their marks
        return max(stated, key=lambda text: len(stated[text]))
    labels = sorted(stated, key=lambda text: -len(stated[text]))  # stable: the first stated first among ties
    shown = " / ".join(labels[:3])
    return shown + (f" (+{len(labels) - 3} other forms)" if len(labels) > 3 else "")


def _position_text(claims: Sequence[Claim]) -> str:
    """A position in an explanation: its value and the sources that state it, '261 [s3, s4, s5]'."""
    sources = sorted({c.source for c in claims}, key=_source_key)
    return f"{position_label(claims)} [{', '.join(sources)}]"


# --- figures as precise as their words ------------------------------------------------------------------

# Units whose figures are counted rather than measured: "500 shops", "£200 million", "17 days" and
# "magnitude 7" (a magnitude is read to its tenth) are exact as written; only digits after a decimal
# point ("20.7 million", "6.8") say that such a figure was rounded. Measured figures (percentages,
# distances, temperatures) are rounded to their last digit: "25 percent" covers 24.5-25.5.
_COUNTED_UNITS = frozenset({"item", "day", "year", "magnitude"})
# A measured whole number may be rounded to its last nonzero digit ("70 km" for 72 km), but never by more
# than this share of itself ("100 km" is not 50-150 km).
_COARSE_SHARE = 0.05


def _counted(unit: str) -> bool:
    return unit in _COUNTED_UNITS or (len(unit) == 3 and unit.isalpha() and unit.isupper())  # or a currency


def stated_precision(claim: Claim) -> Precision | None:
    """How precisely a figure's words state it (see `intervals.precision`): for an exact figure, a hedged
    one ("about 650", "nearly 1,000", "just over 20"), never a range or an open bound."""
    v = claim.value
    if not isinstance(v, Quantity) or v.low is None or v.high is None:
        return None
    if v.low == v.high:
        number = v.low
    elif not v.approx:
        return None  # a range as written ("between 10 and 20")
    elif not v.high_inclusive:
        number = v.high  # "nearly 1,000": [900, 1,000)
    elif not v.low_inclusive:
        number = v.low  # "just over 1,000": (1,000, 1,100]
    else:
        number = (v.low + v.high) / 2
    converted = v.original is not None and claim.kind in (ClaimKind.DISTANCE, ClaimKind.MEASURE)
    return precision(v.original or claim.text, number, converted)


def _rounds(claim: Claim, found: Precision) -> bool:
    """Whether an exact figure was rounded as written: a measured one always, a counted one with decimals."""
    assert isinstance(claim.value, Quantity)
    return found.decimals or not _counted(claim.value.unit)


def _hedged(span: Span[Claim]) -> Span[Claim]:
    """A hedged figure's span as wide as its rounding: one unit of its last nonzero digit, never past the
    hedge's own width. "about 650" is 640-660, "around 150,000" 140,000-160,000, "about 700,000"
    630,000-770,000 (the hedge's 10%), where every "about" was once 10% either way."""
    claim = span.item
    value = claim.value
    if not isinstance(value, Quantity) or not value.approx or value.low == value.high:
        return span
    found = stated_precision(claim)
    if found is None:
        return span
    low = max(span.low, found.number - found.coarse)
    high = min(span.high, found.number + found.coarse)
    return Span(claim, span.source, low, high, span.low_inclusive, span.high_inclusive)


def _rounded(span: Span[Claim]) -> Span[Claim]:
    """An exact figure's span as what rounds to it: "66.1%" is 66.05-66.15, "72 km" 71.5-72.5, "20.7
    million" 20.65-20.75 million; a counted whole number is exact ("500 shops")."""
    claim = span.item
    value = claim.value
    if not isinstance(value, Quantity) or value.low is None or value.low != value.high:
        return span
    found = stated_precision(claim)
    if found is None or not _rounds(claim, found):
        return span
    half = found.unit / 2
    return Span(claim, span.source, found.number - half, found.number + half, True, False)


def _rounding(claims: Sequence[Claim]) -> tuple[float, str]:
    """How far an exact figure among `claims` may be from what it rounds (a whole unit of its last digit,
    or of its last nonzero digit for a measured one, within 5% of it), and which figure that is."""
    best, text = 0.0, ""
    for claim in claims:
        found = stated_precision(claim)
        value = claim.value
        if found is None or not isinstance(value, Quantity) or value.low != value.high or not _rounds(claim, found):
            continue
        reach = found.unit
        if not _counted(value.unit):
            reach = max(reach, min(found.coarse / 2, _COARSE_SHARE * found.number))
        if reach > best:
            step = found.coarse if reach > found.unit else found.unit
            nearest = f"{fmt_number(step)}{_unit_text(value.unit)}"
            best, text = reach, f"{describe(claim)} is written to the nearest {nearest}"
    return best, text


# --- open bounds ----------------------------------------------------------------------------------------


def _bound(claim: Claim) -> tuple[str, float] | None:
    """An open figure's direction and bound: "at least 233" -> ('≥', 233), "under 5" -> ('≤', 5)."""
    v = claim.value
    if isinstance(v, Quantity):
        if v.low is not None and v.high is None:
            return ("≥", v.low)
        if v.high is not None and v.low is None:
            return ("≤", v.high)
    # A date "since 2014" stays an interval: it holds the later dates of the same state.
    return None


def _first_holding(hulls: Sequence[tuple[float, float]], points: Sequence[float]) -> list[int | None]:
    """For each point, the first (lowest-index) interval of `hulls` that holds it, or None: one sweep over
    the points in order with a heap of the intervals begun so far, O((intervals + points) log)."""
    order = sorted(range(len(hulls)), key=lambda i: hulls[i][0])
    found: list[int | None] = [None] * len(points)
    heap: list[int] = []
    at = 0
    for index in sorted(range(len(points)), key=lambda i: points[i]):
        point = points[index]
        while at < len(order) and hulls[order[at]][0] <= point:
            heapq.heappush(heap, order[at])
            at += 1
        while heap and hulls[heap[0]][1] < point:  # ended before this point, so before every later one
            heapq.heappop(heap)
        found[index] = heap[0] if heap else None
    return found


def _rounded_to(claim: Claim, bound: tuple[str, float], middles: Sequence[tuple[float, int]]) -> int | None:
    """The first cluster whose value the bound rounds ("more than 2,000" for 2,012: 2,012 rounded down to
    the bound's last nonzero digit is 2,000; "up to 150,000" for 149,500), or None. `middles`: each
    cluster's middle value, with its index, sorted."""
    direction, number = bound
    value = claim.value
    words = value.original if isinstance(value, Quantity) and value.original else claim.text
    found = precision(words, number, converted=claim.kind in (ClaimKind.DISTANCE, ClaimKind.MEASURE))
    if found is None:
        return None
    if direction == "≥":
        first, stop = bisect_left(middles, (number, -1)), bisect_left(middles, (number + found.coarse, -1))
    else:
        first, stop = (
            bisect_right(middles, (number - found.coarse, len(middles))),
            bisect_right(middles, (number, len(middles))),
        )
    return min((index for _middle, index in middles[first:stop]), default=None)


def _positions_of(spans: Sequence[Span[Claim]]) -> tuple[list[list[Span[Claim]]], list[bool]]:
    """The distinct values among `spans`, most supported first, and whether each is a cluster of stated
    values (False: open bounds alone).

    Closed figures cluster by consensus (the point most sources hold). An open bound ("at least 233")
    joins the cluster that holds its own figure ("261" does not; "at least 261" joins "261"); else it
    stands with the bounds of the same figure and direction. So a bound never chains the values it
    admits into one cluster: "at least 20", 25 and 40 are three positions, and 25 and 40 conflict."""
    closed: list[Span[Claim]] = []
    bounds: list[tuple[Span[Claim], tuple[str, float]]] = []
    for span in spans:
        bound = _bound(span.item)
        if bound is None:
            closed.append(span)
        else:
            bounds.append((span, bound))
    clusters = consensus_clusters(closed) if closed else []
    joined: dict[int, list[Span[Claim]]] = {}
    alone: dict[tuple[str, float], list[Span[Claim]]] = {}
    hulls = [hull(c) for c in clusters]
    held = _first_holding(hulls, [bound[1] for _span, bound in bounds])
    middles = sorted(((low + high) / 2, i) for i, (low, high) in enumerate(hulls) if math.isfinite(low + high))
    for (span, bound), index in zip(bounds, held, strict=True):
        if index is None:
            index = _rounded_to(span.item, bound, middles)
        if index is None:
            alone.setdefault(bound, []).append(span)
        else:
            joined.setdefault(index, []).append(span)
    positions = [(cluster + joined.get(i, []), True) for i, cluster in enumerate(clusters)]
    positions += [(group, False) for group in alone.values()]
    positions.sort(key=lambda p: (-len({s.source for s in p[0]}), -len(p[0])))  # stable: consensus order
    return [p for p, _closed in positions], [closed for _p, closed in positions]


class _Side(NamedTuple):
    """What a verdict's severity needs from one position, read once per position (the main position
    faces every other one)."""

    rolling: bool  # every claim a rolling toll
    latest: tuple[date, str] | None  # its latest publication date, and a source published then
    top: float  # its highest figure
    hedged: bool  # some claim hedged or approximate
    as_of: frozenset[str | None]
    modalities: frozenset[Modality]
    sources: frozenset[str]


def _side(claims: Sequence[Claim], ctx: Context) -> _Side:
    days = [(d, c.source) for c in claims if (d := ctx.published.get(c.source)) is not None]
    return _Side(
        rolling=all(
            c.subject.key.split("|")[1:2] and c.subject.key.split("|")[1] in ROLLING_CATEGORIES for c in claims
        ),
        latest=max(days, key=lambda d: (d[0], _source_key(d[1]))) if days else None,
        top=max((c.value.high or c.value.low or 0) if isinstance(c.value, Quantity) else 0 for c in claims),
        hedged=any(_approx(c) for c in claims),
        as_of=frozenset(c.as_of for c in claims),
        modalities=frozenset(c.modality for c in claims),
        sources=frozenset(c.source for c in claims),
    )


def _dates_apart(a: _Side, b: _Side) -> str | None:
    """'published 1 day apart (s1 2024-05-02, s3 2024-05-03)' when both positions are dated, on different days."""
    if a.latest is None or b.latest is None or a.latest[0] == b.latest[0]:
        return None
    first, last = sorted((a.latest, b.latest))
    days = (last[0] - first[0]).days
    return (
        f"published {days} day{'s' * (days != 1)} apart ({first[1]} {first[0].isoformat()}, "
        f"{last[1]} {last[0].isoformat()})"
    )


def _update(main: _Side, other: _Side) -> str | None:
    """'published 1 day apart (...): the later, higher figure may be an update' when a rolling toll is
    higher in the later report: only publication dates can say which report is later."""
    if not (main.rolling and other.rolling):
        return None
    apart = _dates_apart(main, other)
    if apart is None:
        return None
    assert main.latest is not None and other.latest is not None
    later, earlier = (main, other) if main.latest[0] > other.latest[0] else (other, main)
    if later.top <= earlier.top:
        return None
    return f"{apart}: the later, higher figure may be an update"


def _severity(main: _Side, other: _Side, slack: bool) -> tuple[Severity, list[str]]:
    """Major unless hedges, an as-of time, a difference of modality or a later update explains it."""
    reasons = []
    update = _update(main, other)
    if update:
        reasons.append(update)
    if slack:
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
    if main.sources <= other.sources or other.sources <= main.sources:
        fewer = main.sources if len(main.sources) <= len(other.sources) else other.sources
        names = ", ".join(sorted(fewer, key=_source_key))
        reasons.append(f"{names} also state{'s' * (len(fewer) == 1)} the other figure: two figures in one report")
    return (Severity.MINOR if reasons else Severity.MAJOR), reasons


def _approx(claim: Claim) -> bool:
    v = claim.value
    if isinstance(v, TimeValue):
        return v.hedge is not None
    return isinstance(v, Quantity) and (v.approx or v.hedge is not None)


def _hedge_unit(claims: Sequence[Claim]) -> float | None:
    """The largest rounding unit among the hedged figures of `claims` ("about 150,000": 10,000), or None
    when none of them says (a hedged time, a vague amount)."""
    units = [
        found.coarse
        for c in claims
        if isinstance(c.value, Quantity) and c.value.approx and (found := stated_precision(c)) is not None
    ]
    return max(units) if units else None


SpanOf = Callable[[Claim], Span[Claim] | None]
RangeText = Callable[[Claim, float, float], str]

_UNEXPLAINED = "no rounding, hedge, publication date, as-of time or modality explains it"
# A conflict's explanation lists at most this many comparisons of its positions (all are weighed).
_SHOWN = 6


def compare_intervals(
    claims: Sequence[Claim], ctx: Context, interval_of: SpanOf | None = None, range_text: RangeText | None = None
) -> list[Verdict]:
    """Numbers, dates, positions and times: overlapping intervals agree, disjoint ones conflict.

    One verdict per subject: an agreement, or a conflict whose positions are all its distinct values (the
    most supported first), each compared with the first (and every cluster of stated values with the
    first such cluster, when the first position is an open bound). `interval_of` gives a claim's interval
    (by default read off its value, as precise as its words; times are placed on one line as a group)
    and `range_text` how a common part reads."""
    interval = interval_of or _span
    _range_text = range_text or _value_range_text
    spans: list[Span[Claim]] = []
    raw: dict[int, Span[Claim]] = {}  # each claim's interval as stated (a hedge as wide as its rounding), for the text
    unresolved: list[Claim] = []
    for claim in claims:
        span = interval(claim)
        if span is None:
            unresolved.append(claim)
            continue
        if interval_of is None:
            span = _hedged(span)
        raw[id(claim)] = span
        if interval_of is None:
            span = _rounded(span)
        spans.append(_widen(span, ctx.tolerances.get(claim.kind.value)))
    note = f"; {len(unresolved)} unresolved claim(s) not compared" if unresolved else ""
    if len({s.source for s in spans}) < 2:
        return per_source(claims, "fewer than two sources give a comparable value" + note)
    positions, closed = _positions_of(spans)
    if len(positions) == 1:
        listed, common = _list([s.item for s in positions[0]]), _common(positions[0], raw, _range_text)
        return [Verdict(list(claims), GroupStatus.AGREE, None, f"{listed}: {common}{note}")]
    verdicts: list[Verdict] = []
    if unresolved:  # kept in view, beside the comparison they could not take part in
        verdicts.extend(per_source(unresolved, "not compared: the date could not be resolved"))
    verdicts.append(_interval_conflict(positions, closed, raw, ctx))
    return verdicts


def _common(position: Sequence[Span[Claim]], raw: Mapping[int, Span[Claim]], range_text: RangeText) -> str:
    """Where one position's values meet: 'overlap at 15-20', or, for figures that meet only as rounded
    ('66.06%' and '66.1%'), 'overlap within rounding at 66.05-66.07%'."""
    low, high = hull([raw[id(s.item)] for s in position])
    if low <= high:
        return f"overlap at {range_text(position[0].item, low, high)}"
    low, high = hull(position)
    return f"overlap within rounding at {range_text(position[0].item, low, high)}"


def _extent(spans: Sequence[Span[Claim]]) -> tuple[float, float]:
    """The values a position states: their common part, or when they meet only as rounded, their span."""
    low, high = hull(spans)
    if low <= high:
        return low, high
    return min(s.low for s in spans), max(s.high for s in spans)


class _Position:
    """One position of an interval conflict, with what its comparisons need, each read once (the main
    position faces every other one: a large group must not re-read it per comparison)."""

    def __init__(self, spans: Sequence[Span[Claim]], raw: Mapping[int, Span[Claim]], ctx: Context) -> None:
        self.claims = [s.item for s in spans]
        self.hull = hull(spans)
        self.extent = _extent([raw[id(c)] for c in self.claims])
        self.text = _position_text(self.claims)
        self.side = _side(self.claims, ctx)
        self.bounded = any(_bound(c) for c in self.claims)
        self.hedge_unit = _hedge_unit(self.claims)
        self.rounding = _rounding(self.claims)
        self.vague = all("/vague:" in c.rule for c in self.claims)


def _interval_conflict(
    positions: Sequence[Sequence[Span[Claim]]],
    closed: Sequence[bool],
    raw: Mapping[int, Span[Claim]],
    ctx: Context,
) -> Verdict:
    """One conflict over all positions: each compared with the first, and each cluster of stated values
    with the first such cluster (when the first is an open bound, two values it admits may still
    conflict); major when any comparison is. At most two comparisons per position."""
    read = [_Position(p, raw, ctx) for p in positions]
    pairs = [(0, j) for j in range(1, len(positions))]
    anchor = next((i for i, is_closed in enumerate(closed) if is_closed), 0)
    if anchor:
        pairs += [(anchor, j) for j in range(1, len(positions)) if j != anchor and closed[j]]
    severity = Severity.MINOR
    texts = []
    for i, j in pairs:
        found, text = _compare_positions(read[i], read[j])
        if found is Severity.MAJOR:
            severity = Severity.MAJOR
        texts.append(text)
    explanation = " | ".join(texts[:_SHOWN])
    if len(texts) > _SHOWN:
        explanation += f" | and {len(texts) - _SHOWN} more comparison(s) of {len(positions)} positions"
    return Verdict(
        [c for p in read for c in p.claims],
        GroupStatus.CONFLICT,
        severity,
        explanation,
        tuple(tuple(p.claims) for p in read),
    )


def _compare_positions(a: _Position, b: _Position) -> tuple[Severity, str]:
    """Two positions compared: what they state, whether they meet (a bound met) or how far apart they are,
    and why that is major or minor."""
    first = a.claims[0]
    ha, hb = a.hull, b.hull
    head = f"{a.text} vs {b.text}: "
    apart = gap(ha, hb)
    if apart <= 0 and _meet(ha, hb):
        low, high = max(ha[0], hb[0]), min(ha[1], hb[1])
        where = _value_range_text(first, low, high) if not isinstance(first.value, TimeValue) else "one window"
        relation = f"compatible, they meet at {where}"
        why = "a bound is met, not contradicted" if a.bounded or b.bounded else "the ranges meet"
        _severity_alone, reasons = _severity(a.side, b.side, slack=False)
        return Severity.MINOR, head + relation + "; minor: " + "; ".join([why, *reasons])
    stated_gap = gap(a.extent, b.extent) or apart
    ends = [x for x in (*ha, *hb) if math.isfinite(x)]
    size = max(abs(x) for x in ends) if ends else 0.0
    relation = f"disjoint, gap {_gap_text(first, stated_gap, size)}"
    slack = False
    if a.side.hedged and b.side.hedged:
        units = [u for u in (a.hedge_unit, b.hedge_unit) if u is not None]
        slack = apart < max(units) if units else (apart / size if size else 0.0) <= HEDGE_SLACK
    _severity_alone, reasons = _severity(a.side, b.side, slack)
    reach, rounded = max(a.rounding, b.rounding)
    if reach and stated_gap <= reach + 1e-9:
        reasons.append(f"explained by rounding ({rounded})")
    vague = (a.vague and _vague_reach(a.claims, ha, hb)) or (b.vague and _vague_reach(b.claims, hb, ha))
    if vague:
        reasons.append(vague)
    if first.kind is ClaimKind.AGE and 0 < stated_gap <= 1:
        dates = _dates_apart(a.side, b.side)
        if dates:
            reasons.append(f"{dates}: a birthday may fall between the reports")
        else:
            relation += " (one year: no publication dates put a birthday between the reports)"
    if reasons:
        return Severity.MINOR, head + relation + "; minor: " + "; ".join(reasons)
    return Severity.MAJOR, head + relation + f"; major: {_UNEXPLAINED}"


# A vague amount ("several", "thousands") is an order of size, not a count: a figure within this factor
# of its range differs from it in wording more than in fact.
_VAGUE_FACTOR = 2.0


def _vague_reach(claims: Sequence[Claim], vague: tuple[float, float], other: tuple[float, float]) -> str | None:
    """Why a vague amount and a figure near it differ only a little ("'several' (3-9) is a vague amount;
    17 is within twice its range"), or None when the figure is farther. `claims` are all vague amounts."""
    low, high = vague
    if other[0] > high > 0:
        factor = other[0] / high
    elif 0 < other[1] < low:
        factor = low / other[1]
    else:
        return None
    if factor > _VAGUE_FACTOR:
        return None
    first = claims[0]
    word = first.value.hedge if isinstance(first.value, Quantity) and first.value.hedge else first.text
    return f"'{word}' is a vague amount, and the figure is within twice its range ({describe(first)})"


def _meet(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return max(a[0], b[0]) <= min(a[1], b[1])


def _gap_text(claim: Claim, amount: float, size: float) -> str:
    """A gap in the claim's terms: '34 (34%)', '3 days', '15 min', '0.56 points' (between percentages)."""
    v = claim.value
    if isinstance(v, DateValue):
        days = round(amount)
        return f"{days} day{'s' * (days != 1)}"
    if isinstance(v, TimeValue):
        return f"{round(amount)} min"
    if isinstance(v, Quantity) and v.unit == "percent":
        return f"{fmt_number(amount, True)} points"
    unit = _unit_text(v.unit) if isinstance(v, Quantity) else " km" if isinstance(v, PlaceValue) else ""
    if amount == 1 and unit in (" days", " years"):
        unit = unit[:-1]
    share = amount / size if size else 0.0
    shown = f"{share:.0%}" if share >= 0.01 else "<1%"
    return f"{fmt_number(amount, True)}{unit} ({shown})"


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
    lo, hi = fmt_number(low, low == high), fmt_number(high, low == high)
    if not math.isfinite(high) and math.isfinite(low):
        return f"{lo}{unit} or more"
    if not math.isfinite(low) and math.isfinite(high):
        return f"{hi}{unit} or less"
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
    explanation = " vs ".join(_position_text(v) for _k, v in variants)
    return [
        Verdict(
            [c for _k, v in variants for c in v],
            GroupStatus.CONFLICT,
            Severity.MINOR,
            f"{explanation}: different titles; minor: a person can hold several",
            tuple(tuple(v) for _k, v in variants),
        )
    ]


# --- places -------------------------------------------------------------------------------------


@cache
def _area_words() -> frozenset[str]:
    from crosscheck.lexicons import load_lexicon

    return frozenset(str(w).lower() for w in load_lexicon("places").get("areas", []))


def _named_part(name: str) -> str:
    """A place name without its area words: "the Varnholt area", "Alder district", "town of Alder" -> "alder"."""
    areas = _area_words()
    words = [w for w in name.lower().replace("-", " ").split() if w not in areas and w not in ("the", "of")]
    return " ".join(words)


def same_place(a: str, b: str) -> tuple[bool | None, str]:
    """Whether two place names name one place (equal, spelled alike, one in the other, or one the area
    around the other), None when that cannot be told; and why."""
    from rapidfuzz import fuzz

    ka, kb = place_key(a), place_key(b)
    if ka == kb:
        return True, "same place"
    if fuzz.ratio(ka, kb) >= 90:
        return True, f"{a!r} and {b!r} are spellings of one name"
    core = _named_part(a)
    if core and core == _named_part(b):
        return True, f"{a!r} and {b!r} name one place (one with an area word)"
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
    main = groups[0]
    main_sources = {c.source for c in main}
    severity = Severity.MINOR
    texts = []
    for other in groups[1:]:
        a, b = main[0].value, other[0].value
        assert isinstance(a, PlaceValue) and isinstance(b, PlaceValue)
        is_same, why = same(a.place, b.place)
        other_sources = {c.source for c in other}
        text = f"{_position_text(main)} vs {_position_text(other)}: {why}"
        if main_sources <= other_sources or other_sources <= main_sources:
            # no source names one place without the other: two places in one report (two sites of one event)
            text += "; minor: the sources that name one also name the other"
        elif is_same is False:
            severity = Severity.MAJOR
            text += "; major: different known places"
        else:
            text += "; minor: one may contain the other"
        texts.append(text)
    explanation = " | ".join(texts[:_SHOWN])
    if len(texts) > _SHOWN:
        explanation += f" | and {len(texts) - _SHOWN} more place(s)"
    return [
        Verdict([c for g in groups for c in g], GroupStatus.CONFLICT, severity, explanation, tuple(map(tuple, groups)))
    ]


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
        explanation += "; major: the negation differs"
    else:
        explanation += "; minor: the same statement in other words"
    return [
        Verdict(
            [c for v in variants for c in v], GroupStatus.CONFLICT, severity, explanation, tuple(map(tuple, variants))
        )
    ]
