"""Interval arithmetic for numeric and date claims: containment, consensus clusters, gaps, and the
human-readable form used in explanations ("~60 (54-66)")."""

from __future__ import annotations

import heapq
import math
import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, NamedTuple, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Span(Generic[T]):
    """An interval on a number line attached to the item it came from."""

    item: T
    source: str
    low: float
    high: float
    low_inclusive: bool = True
    high_inclusive: bool = True

    def contains(self, point: float) -> bool:
        """Whether `point` is inside the interval, respecting open ends."""
        above = point > self.low or (self.low_inclusive and point == self.low)
        below = point < self.high or (self.high_inclusive and point == self.high)
        return above and below


def _nudge(value: float, up: bool) -> float:
    step = max(abs(value), 1.0) * 1e-9
    return value + step if up else value - step


def _points_of(span: Span[T]) -> list[float]:
    """The candidate points a span adds: its finite ends (just inside an open one), its middle."""
    points = []
    if math.isfinite(span.low):
        points.append(span.low if span.low_inclusive else _nudge(span.low, True))
    if math.isfinite(span.high):
        points.append(span.high if span.high_inclusive else _nudge(span.high, False))
    if math.isfinite(span.low) and math.isfinite(span.high):
        points.append((span.low + span.high) / 2)
    return points


def _candidates(spans: Sequence[Span[T]]) -> list[float]:
    points = {point for span in spans for point in _points_of(span)}
    return sorted(points) if points else [0.0]


def consensus_clusters(spans: Sequence[Span[T]]) -> list[list[Span[T]]]:
    """Split spans into clusters that share a point, most-supported first.

    The point held by the most sources wins (then by the most claims, then the smallest point, so
    the result is deterministic); its spans form a cluster, and the rest are clustered again.
    Each round is a sweep over the sorted candidate points, O(n log n), not a test of every span
    at every point. A large group (one subject across many reports) has many rounds: there the
    sweep runs in numpy, same arithmetic and ties, so that a round costs little.

    Spans that do not overlap, even through others, never share a point: each such stretch of the
    number line is clustered on its own, and the rounds of all stretches are merged by support.
    A round only ever lowers the support left in its stretch, so the merge takes the rounds in the
    order the whole group would (ties to the smaller point, that is the stretch further left). A
    large group's rounds then cost what its stretches hold, not the whole group each time.
    """
    parts = _stretches(spans)
    if len(parts) == 1:
        return _rounds(spans)
    runs = [
        [((-len({s.source for s in c}), -len(c), index), c) for c in _rounds(part)] for index, part in enumerate(parts)
    ]
    return [cluster for _support, cluster in heapq.merge(*runs, key=lambda entry: entry[0])]


# Below this many spans a group is clustered as one stretch (splitting costs more than it saves).
_SPLIT_FROM = 16


def _stretches(spans: Sequence[Span[T]]) -> list[Sequence[Span[T]]]:
    """Spans grouped into stretches of the number line that overlap (through one another), left to
    right, each in the spans' own order; one stretch when a span's candidate points are not all
    inside it (an empty or reversed interval), where the round-by-round fallback must see them all."""
    if len(spans) < _SPLIT_FROM or not all(_holds_its_points(s) for s in spans):
        return [spans]
    parts: list[list[int]] = []
    reach = -math.inf
    for index in sorted(range(len(spans)), key=lambda i: spans[i].low):
        span = spans[index]
        if not parts or span.low > reach:
            parts.append([])
        parts[-1].append(index)
        reach = max(reach, span.high)
    if len(parts) == 1:
        return [spans]
    return [[spans[i] for i in sorted(part)] for part in parts]


def _holds_its_points(span: Span[T]) -> bool:
    """Whether every candidate point `span` adds (see `_candidates`) lies inside it."""
    return span.low <= span.high and all(span.contains(p) for p in _points_of(span))


def _rounds(spans: Sequence[Span[T]]) -> list[list[Span[T]]]:
    """The clusters of `spans`, a round at a time over all of them."""
    if len(spans) > _VECTOR_FROM:
        return _clusters_vectorized(spans)
    remaining = list(spans)
    clusters: list[list[Span[T]]] = []
    while remaining:
        point = _best_point(remaining)
        cluster = [s for s in remaining if s.contains(point)]
        if not cluster:  # cannot happen with candidates taken from the spans; keep the loop finite
            cluster = [remaining[0]]
        clusters.append(cluster)
        taken = {id(s) for s in cluster}
        remaining = [s for s in remaining if id(s) not in taken]
    return clusters


# Above this many spans, rounds run vectorized (numpy's fixed cost per call is then worth paying).
_VECTOR_FROM = 48


def _clusters_vectorized(spans: Sequence[Span[T]]) -> list[list[Span[T]]]:
    """`consensus_clusters` with each round's sweep in numpy: the same candidate points (from the
    spans still left), the same source and span counts, the same tie-break to the smallest point."""
    import numpy as np

    low = np.array([s.low for s in spans], dtype=np.float64)
    high = np.array([s.high for s in spans], dtype=np.float64)
    low_in = np.array([s.low_inclusive for s in spans], dtype=bool)
    high_in = np.array([s.high_inclusive for s in spans], dtype=bool)
    names = sorted({s.source for s in spans})
    number = {name: index for index, name in enumerate(names)}
    source = np.array([number[s.source] for s in spans], dtype=np.int64)
    left = np.arange(len(spans))
    clusters: list[list[Span[T]]] = []
    while left.size:
        lo, hi, lo_in, hi_in, src = low[left], high[left], low_in[left], high_in[left], source[left]
        lo_ok, hi_ok = np.isfinite(lo), np.isfinite(hi)
        both = lo_ok & hi_ok
        a, b = lo[lo_ok], hi[hi_ok]
        candidates = [
            np.where(lo_in[lo_ok], a, a + np.maximum(np.abs(a), 1.0) * 1e-9),
            np.where(hi_in[hi_ok], b, b - np.maximum(np.abs(b), 1.0) * 1e-9),
            (lo[both] + hi[both]) / 2,
        ]
        points = np.unique(np.concatenate(candidates))
        if not points.size:
            points = np.zeros(1)
        first = np.where(lo_in, np.searchsorted(points, lo, "left"), np.searchsorted(points, lo, "right"))
        stop = np.where(hi_in, np.searchsorted(points, hi, "right"), np.searchsorted(points, hi, "left"))
        stop = np.maximum(first, stop)
        held = np.zeros(points.size + 1, dtype=np.int64)
        np.add.at(held, first, 1)
        np.add.at(held, stop, -1)
        # Sources: each source's ranges merged into blocks, a block counted once. Ranges sorted by
        # (source, first); a running maximum of the stops, offset per source so it never carries
        # over from one source to the next, tells where a block ends.
        order = np.lexsort((first, src))
        f, e, g = first[order], stop[order], src[order]
        offset = points.size + 2
        reach = np.maximum.accumulate(e + g * offset) - g * offset
        starts = np.ones(f.size, dtype=bool)
        starts[1:] = (g[1:] != g[:-1]) | (f[1:] > reach[:-1])
        ends = np.ones(f.size, dtype=bool)
        ends[:-1] = starts[1:]
        sources = np.zeros(points.size + 1, dtype=np.int64)
        np.add.at(sources, f[starts], 1)
        np.add.at(sources, reach[ends], -1)
        score = np.cumsum(sources)[:-1] * (len(spans) + 1) + np.cumsum(held)[:-1]
        point = points[int(np.argmax(score))]
        inside = ((point > lo) | (lo_in & (point == lo))) & ((point < hi) | (hi_in & (point == hi)))
        if not inside.any():  # cannot happen with candidates taken from the spans; keep the loop finite
            inside[0] = True
        clusters.append([spans[i] for i in left[inside].tolist()])
        left = left[~inside]
    return clusters


def _point_range(span: Span[T], points: Sequence[float]) -> tuple[int, int]:
    """Indexes [first, stop) of the sorted points that `span` contains."""
    first = bisect_left(points, span.low) if span.low_inclusive else bisect_right(points, span.low)
    stop = bisect_right(points, span.high) if span.high_inclusive else bisect_left(points, span.high)
    return first, max(first, stop)


def _best_point(spans: Sequence[Span[T]]) -> float:
    """The candidate point held by the most sources, then the most spans, then the smallest."""
    points = _candidates(spans)
    held = [0] * (len(points) + 1)
    by_source: dict[str, list[tuple[int, int]]] = {}
    for span in spans:
        first, stop = _point_range(span, points)
        held[first] += 1
        held[stop] -= 1
        by_source.setdefault(span.source, []).append((first, stop))
    sources = [0] * (len(points) + 1)
    for ranges in by_source.values():  # a source counts once where its spans overlap
        ranges.sort()
        start, stop = ranges[0]
        for first, end in ranges[1:]:
            if first > stop:
                sources[start] += 1
                sources[stop] -= 1
                start, stop = first, end
            else:
                stop = max(stop, end)
        sources[start] += 1
        sources[stop] -= 1
    best, best_score = points[0], (-1, -1)
    n_held = n_sources = 0
    for index, point in enumerate(points):
        n_held += held[index]
        n_sources += sources[index]
        if (n_sources, n_held) > best_score:  # strictly better: ties keep the smaller point
            best, best_score = point, (n_sources, n_held)
    return best


def hull(spans: Sequence[Span[T]]) -> tuple[float, float]:
    """Common part of a cluster (the intersection), as (low, high)."""
    return max(s.low for s in spans), min(s.high for s in spans)


def gap(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Distance between two intervals (0 when they touch or overlap)."""
    if a[1] < b[0]:
        return b[0] - a[1]
    if b[1] < a[0]:
        return a[0] - b[1]
    return 0.0


def fmt_number(value: float, precise: bool = False) -> str:
    """1000 -> '1,000'; 2.896819 -> '2.9'; 1e9 -> '1,000,000,000'. `precise`: a figure as stated, with
    up to two decimals below 100 (25.44 -> '25.44', not '25.4' beside 25.38: their difference must be
    checkable); without it, bounds of intervals keep three significant digits."""
    if not math.isfinite(value):
        return "∞" if value > 0 else "-∞"
    if abs(value - round(value)) < 1e-6:
        return f"{round(value):,}"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    if precise and abs(value) >= 1:
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    return f"{value:,.3g}" if abs(value) < 10 else f"{value:,.1f}"


# --- the precision a figure is stated with ----------------------------------------------------------

_WRITTEN = re.compile(r"\d[\d,]*(?:\.\d+)?")


class Precision(NamedTuple):
    """How precisely a figure is written: "2.5 million" states 2,500,000 to the nearest 100,000."""

    number: float  # the figure, in the claim's unit
    unit: float  # one unit of its last written digit, in the claim's unit ("72 km" -> 1 km; "66.1%" -> 0.1)
    coarse: float  # one unit of its last nonzero digit ("70 km" -> 10 km, "650" -> 10); `unit` with decimals
    decimals: bool  # written with digits after a decimal point


def precision(words: str, number: float, converted: bool = False) -> Precision | None:
    """The precision of `number` as the first figure in `words` states it, or None when the words hold no
    figure that is `number` written in some scale ("2.5 million" is 2,500,000; "₹10 lakh" 1,000,000): a
    number word ("seven") or another figure ("the 2019 toll") says nothing about it. `converted`: the
    words are in another unit ("44 miles" for 70.8 km), so any scale is taken."""
    found = _WRITTEN.search(words)
    if found is None or not number > 0:
        return None
    digits = found.group(0).replace(",", "")
    written = float(digits)
    if not written > 0:
        return None
    scale = number / written
    if converted:
        if not 1e-6 <= scale <= 1e15:
            return None
    else:
        exponent = math.log10(scale)
        if round(exponent) < 0 or abs(exponent - round(exponent)) > 1e-9:
            return None
    whole, _, fraction = digits.partition(".")
    unit = 10.0 ** -len(fraction) * scale
    zeros = 0 if fraction else len(whole) - len(whole.rstrip("0"))
    return Precision(number, unit, unit * 10.0**zeros, bool(fraction))
