"""Interval arithmetic for numeric and date claims: containment, consensus clusters, gaps, and the
human-readable form used in explanations ("~60 (54-66)")."""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

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


def _candidates(spans: Sequence[Span[T]]) -> list[float]:
    points: set[float] = set()
    for s in spans:
        if math.isfinite(s.low):
            points.add(s.low if s.low_inclusive else _nudge(s.low, True))
        if math.isfinite(s.high):
            points.add(s.high if s.high_inclusive else _nudge(s.high, False))
        if math.isfinite(s.low) and math.isfinite(s.high):
            points.add((s.low + s.high) / 2)
    if not points:
        points.add(0.0)
    return sorted(points)


def consensus_clusters(spans: Sequence[Span[T]]) -> list[list[Span[T]]]:
    """Split spans into clusters that share a point, most-supported first.

    The point held by the most sources wins (then by the most claims, then the smallest point, so
    the result is deterministic); its spans form a cluster, and the rest are clustered again.
    Each round is a sweep over the sorted candidate points, O(n log n), not a test of every span
    at every point.
    """
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


def fmt_number(value: float) -> str:
    """1000 -> '1,000'; 2.896819 -> '2.9'; 1e9 -> '1,000,000,000'."""
    if not math.isfinite(value):
        return "∞" if value > 0 else "-∞"
    if abs(value - round(value)) < 1e-6:
        return f"{round(value):,}"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    return f"{value:,.3g}" if abs(value) < 10 else f"{value:,.1f}"
