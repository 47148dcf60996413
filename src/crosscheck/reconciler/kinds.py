"""Verdicts for times of day and role holders, and the name matching they rest on.

Times are windows of minutes. Two times compare only in one zone: a time in GMT or any zone with a
known offset is compared in UTC with every other such time, a local time (or one with no zone) with
other local times; what a group says in another zone is named in the explanation, never set
against it (the offset of "local" is not known). A window past midnight runs on into the next day.

Role holders: one role, one person. Different persons named for one role conflict, one position
each; spellings of one name do not (transliterations such as Gunawel/Kunawel, vowels, diacritics,
initials: the rules are in names.py). Every verdict here lists its positions.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import NamedTuple

from crosscheck.models import Claim, GroupStatus, Modality, NameValue, Severity, TimeValue
from crosscheck.reconciler.compare import Context, Verdict, compare_intervals, describe
from crosscheck.reconciler.intervals import Span
from crosscheck.reconciler.names import cluster_names, match_people
from crosscheck.reconciler.names import name_tokens as name_tokens  # re-exported: the tests read it here

_DAY = 24 * 60
_HALF_DAY = 12 * 60


# --- times ------------------------------------------------------------------------------------------


def _minutes(clock: str) -> int:
    hours, minutes = clock.split(":")
    return int(hours) * 60 + int(minutes)


def zone_class(value: TimeValue) -> str:
    """The zone a time compares in: 'UTC' for any zone with a known offset, else the zone ('local')."""
    from crosscheck.extractor.times import zone_offset

    if zone_offset(value.zone) is not None:
        return "UTC"
    return value.zone if value.zone not in (None, "local") else "local"


def time_spans(claims: Sequence[Claim]) -> dict[str, Span[Claim]]:
    """Each time claim's window in minutes, all in one frame: UTC for known zones; from its day when
    every claim has one, else within a day, late-evening and early-morning windows set side by side;
    a time without a.m./p.m. in the half of the day that meets the others."""
    from crosscheck.extractor.times import zone_offset

    windows: dict[str, tuple[float, float]] = {}
    dated = all(isinstance(c.value, TimeValue) and c.value.date is not None for c in claims)
    unknown: list[Claim] = []
    for claim in claims:
        value = claim.value
        assert isinstance(value, TimeValue)
        start, end = _minutes(value.start), _minutes(value.end)
        if end < start:
            end += _DAY
        offset = zone_offset(value.zone) or 0
        start, end = start - offset, end - offset
        if dated and value.date is not None:
            day = value.date.toordinal() * _DAY
            windows[claim.id] = (day + start, day + end)
            continue
        shift = (start // _DAY) * _DAY
        windows[claim.id] = (start - shift, end - shift)
        if value.half_day_unknown:
            unknown.append(claim)
    if not dated:
        late = any(low >= 18 * 60 for low, _high in windows.values())
        early = any(high <= 6 * 60 for _low, high in windows.values())
        if late and early:  # "23:45" and "00:10": one night
            windows = {
                k: (low + _DAY, high + _DAY) if low < _HALF_DAY else (low, high) for k, (low, high) in windows.items()
            }
    for claim in unknown:  # "at 6:30" may be 18:30: the half that meets most of the others
        low, high = windows[claim.id]
        others = [w for k, w in windows.items() if k != claim.id]

        def meets(
            shift: float, low: float = low, high: float = high, others: list[tuple[float, float]] = others
        ) -> int:
            return sum(1 for a, b in others if low + shift <= b and a <= high + shift)

        best = max((0.0, float(_HALF_DAY), float(-_HALF_DAY)), key=lambda s: (meets(s), -abs(s)))
        windows[claim.id] = (low + best, high + best)
    return {
        claim.id: Span(claim, claim.source, low, high, True, True)
        for claim in claims
        for low, high in [windows[claim.id]]
    }


def windows_meet(a: TimeValue, b: TimeValue, slack: float = 0.0) -> bool | None:
    """Whether two times share a minute (`slack` minutes apart at most), on any day; None when their
    zones cannot be compared. A time without a.m./p.m. meets in either half of the day."""
    from crosscheck.extractor.times import zone_offset

    if zone_class(a) != zone_class(b):
        return None
    shifts = {0.0, float(_DAY), float(-_DAY)}
    if a.half_day_unknown or b.half_day_unknown:
        shifts |= {s + d for s in shifts for d in (_HALF_DAY, -_HALF_DAY)}
    windows = []
    for value in (a, b):
        start, end = _minutes(value.start), _minutes(value.end)
        end += _DAY if end < start else 0
        offset = zone_offset(value.zone) or 0
        windows.append((start - offset, end - offset))
    (a_low, a_high), (b_low, b_high) = windows
    return any(a_low - slack <= b_high + shift and b_low + shift <= a_high + slack for shift in shifts)


def clock_text(minute: float) -> str:
    """Minutes (any day) as HH:MM."""
    whole = round(minute) % _DAY
    return f"{whole // 60:02d}:{whole % 60:02d}"


def time_range_text(zone: str) -> Callable[[Claim, float, float], str]:
    """How a common window reads in a verdict: '09:00-09:15 local', '22:11 UTC'."""

    def text(_claim: Claim, low: float, high: float) -> str:
        lo, hi = clock_text(low), clock_text(high)
        return (lo if lo == hi else f"{lo}-{hi}") + f" {zone}"

    return text


def _lookup(spans: dict[str, Span[Claim]]) -> Callable[[Claim], Span[Claim] | None]:
    def interval(claim: Claim) -> Span[Claim] | None:
        return spans.get(claim.id)

    return interval


def compare_times(claims: Sequence[Claim], ctx: Context) -> list[Verdict]:
    """Times of one subject, compared zone by zone as intervals; each zone's verdicts name what the
    others say."""
    parts: dict[str, list[Claim]] = {}
    for claim in claims:
        assert isinstance(claim.value, TimeValue)
        parts.setdefault(zone_class(claim.value), []).append(claim)
    verdicts: list[Verdict] = []
    for zone, part in sorted(parts.items()):
        spans = time_spans(part)
        found = compare_intervals(part, ctx, interval_of=_lookup(spans), range_text=time_range_text(zone))
        others = [c for other, rest in sorted(parts.items()) if other != zone for c in rest]
        if others:
            listed = ", ".join(dict.fromkeys(f"{describe(c)} [{c.source}]" for c in others))
            note = f"; not compared with times in another zone (the offset between them is not known): {listed}"
            found = [replace(v, explanation=v.explanation + note) for v in found]
        verdicts.extend(found)
    # an agreement or a single source is one position: all its claims state one window
    return [v if v.positions else replace(v, positions=(tuple(v.claims),)) for v in verdicts]


# --- names --------------------------------------------------------------------------------------------


def same_person(a: str, b: str) -> tuple[bool, str]:
    """Whether two names name one person, and why (names.match_people as a pair; checker/verify.py
    reads it)."""
    match = match_people(a, b)
    return match.same, match.reason


def person_of(claim: Claim) -> str:
    """The person a role-holder claim names."""
    value = claim.value
    assert isinstance(value, NameValue)
    return value.person


def _source_set(claims: Sequence[Claim]) -> set[str]:
    return {c.source for c in claims}


def _people(claims: Sequence[Claim]) -> str:
    return ", ".join(dict.fromkeys(f"{person_of(c)} [{c.source}]" for c in claims))


_SOFT = frozenset({Modality.PLAN, Modality.DENIAL})  # an appointment to come, a denial


class _Person(NamedTuple):
    name: str  # the spelling most sources use
    claims: list[Claim]
    reasons: list[str]  # how its other spellings are this name
    ambiguous: bool


def person_sides(claims: Sequence[Claim]) -> list[_Person]:
    """The claims of one role by person (spellings of one name together), most sources first."""
    sources: dict[str, set[str]] = {}
    for claim in claims:
        sources.setdefault(person_of(claim), set()).add(claim.source)
    first = {name: number for number, name in enumerate(sources)}  # claims come in report order
    clusters = cluster_names(list(sources), {name: len(found) for name, found in sources.items()})
    index = {name: number for number, cluster in enumerate(clusters) for name in cluster.names}
    members: list[list[Claim]] = [[] for _cluster in clusters]
    for claim in claims:
        members[index[person_of(claim)]].append(claim)
    sides = []
    for cluster, found in zip(clusters, members, strict=True):
        # the spelling most sources use names the person in explanations
        name = min(cluster.names, key=lambda n: (-len(sources[n]), first[n]))
        sides.append(_Person(name, found, cluster.reasons, cluster.ambiguous))
    return sorted(sides, key=lambda side: (-len(_source_set(side.claims)), side.claims[0].id))


def _against(main: _Person, other: _Person) -> tuple[Severity, str]:
    """Why two persons named for one role differ, and how much: major unless one side only plans or
    denies it, or the names are one letter apart (a misspelling reads the same)."""
    match = match_people(main.name, other.name)
    soft = [side for side in (main, other) if all(c.modality in _SOFT for c in side.claims)]
    if soft:
        modalities = sorted({c.modality.value for side in soft for c in side.claims})
        return Severity.MINOR, f"{match.reason}; minor: {'/'.join(modalities)} on one side"
    if match.near:
        return Severity.MINOR, f"{match.reason}; minor: one letter apart, a misspelling would read the same"
    return Severity.MAJOR, match.reason


def compare_names(claims: Sequence[Claim], ctx: Context) -> list[Verdict]:
    """One role, one holder: spellings of one person agree; different persons named by different
    sources conflict, one position per person. A person named only by sources that also name the
    main one (two holders in one report) is stated beside it, not against it."""
    sides = person_sides(claims)
    main = sides[0]
    main_sources = _source_set(main.claims)
    contested: list[_Person] = []
    verdicts: list[Verdict] = []
    for side in sides[1:]:
        own = _source_set(side.claims)
        if not side.ambiguous and own - main_sources and main_sources - own:
            contested.append(side)
            continue
        status = GroupStatus.AGREE if len(own) >= 2 else GroupStatus.SINGLE
        if side.ambiguous:
            fits = [s.name for s in sides if s is not side and same_person(s.name, side.name)]
            why = f"may be any of {', '.join(fits)}"
        else:
            why = f"named beside {main.name} by {', '.join(sorted(own))}, not against it"
        verdicts.append(Verdict(side.claims, status, None, f"{_people(side.claims)}: {why}", (tuple(side.claims),)))
    spelled = [reason for side in (main, *contested) for reason in side.reasons]
    spelling = f" ({'; '.join(dict.fromkeys(spelled))})" if spelled else ""
    if not contested:
        count = len(main_sources)
        status = GroupStatus.AGREE if count >= 2 else GroupStatus.SINGLE
        explanation = f"{main.name} in {count} source(s){spelling}"
        return [Verdict(main.claims, status, None, explanation, (tuple(main.claims),)), *verdicts]
    found = [_against(main, side) for side in contested]
    severity = Severity.MAJOR if any(s is Severity.MAJOR for s, _why in found) else Severity.MINOR
    names = " vs ".join(_people(side.claims) for side in (main, *contested))
    explanation = f"{names}: different persons for one role ({'; '.join(why for _s, why in found)}){spelling}"
    conflict = Verdict(
        [c for side in (main, *contested) for c in side.claims],
        GroupStatus.CONFLICT,
        severity,
        explanation,
        tuple(tuple(side.claims) for side in (main, *contested)),
    )
    return [conflict, *verdicts]
