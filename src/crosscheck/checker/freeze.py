"""`crosscheck freeze`: a starter claims file from what the articles agree on, with today's
disagreements listed under `accepted` so a team starts from a clean baseline.

The baseline is clean by construction: every value is written in a form the claims file reads back
as the very interval, unit or dates the articles agree on, and each claim is held against the
articles the way `check` will hold it; a subject some other claim disagrees on is left out (its
disagreement is under `accepted`)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import Any

import yaml
from pydantic import ValidationError

from crosscheck.checker.claimsfile import ClaimsFile, VerifiedClaim
from crosscheck.checker.values import DEFAULT_UNIT
from crosscheck.checker.verify import verdicts
from crosscheck.models import (
    ClaimKind,
    ClaimValue,
    DateValue,
    GroupStatus,
    NameValue,
    PlaceValue,
    Quantity,
    QuoteValue,
    Report,
    TimeValue,
    TitleValue,
)

SCHEMA_HINT = "# yaml-language-server: $schema=claims.schema.json  (write it with: crosscheck schema claims-file)"
# Integral floats below this are written as integers ("23", not "23.0"): exactly representable.
_EXACT_INT = 2.0**53


def _slug(text: str, taken: set[str]) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:48] or "claim"
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    taken.add(slug)
    return slug


def _number(value: float) -> int | float:
    """The number itself (YAML writes a float's shortest exact form), as an integer when it is one."""
    return int(value) if value.is_integer() and abs(value) < _EXACT_INT else value


def _quantity(kind: ClaimKind, values: Sequence[Quantity]) -> Any:
    """What every amount allows: the intersection of their intervals, in their unit."""
    lows = [v.low for v in values if v.low is not None]
    highs = [v.high for v in values if v.high is not None]
    low = max(lows) if lows else None
    high = min(highs) if highs else None
    if low is not None and high is not None and low > high:
        return None
    unit = values[0].unit
    if any(v.unit != unit for v in values):
        return None
    out: dict[str, Any] = {}
    if low is not None and low == high:
        if unit == DEFAULT_UNIT.get(kind):
            return _number(low)
        out["value"] = _number(low)
    else:
        if low is not None:
            out["min"] = _number(low)
        if high is not None:
            out["max"] = _number(high)
    if unit != DEFAULT_UNIT.get(kind):
        out["unit"] = unit
    return out or None


def _dates(values: Sequence[DateValue]) -> Any:
    """What every date allows: the days they share, as a day, a month, a year or a range. Dates that
    could not be resolved (no publication date) take no part, as in the comparison."""
    resolved = [(v.start, date.max if v.since else v.end) for v in values if v.start is not None and v.end is not None]
    if not resolved:
        return None
    first = max(start for start, _end in resolved)
    last = min(end for _start, end in resolved)
    if first > last:
        return None
    if last == date.max:
        return {"min": first}
    if first == last:
        return first
    if first == date(first.year, 1, 1) and last == date(first.year, 12, 31):
        return str(first.year)
    following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    if first.day == 1 and last.toordinal() == following.toordinal() - 1:
        return f"{first:%Y-%m}"
    return {"min": first, "max": last}


def _value(kind: ClaimKind, values: Sequence[ClaimValue]) -> Any:
    """The value every claim of an agreement supports, in claims-file form; None when there is none."""
    if all(isinstance(v, Quantity) for v in values):
        return _quantity(kind, [v for v in values if isinstance(v, Quantity)])
    if all(isinstance(v, DateValue) for v in values):
        return _dates([v for v in values if isinstance(v, DateValue)])
    first = values[0]
    if isinstance(first, TitleValue):
        return first.title
    if isinstance(first, PlaceValue) and first.distance_km_high is None:
        return first.place
    if isinstance(first, QuoteValue):
        return first.quote
    if isinstance(first, NameValue):
        return first.person
    if all(isinstance(v, TimeValue) for v in values):
        return _time([v for v in values if isinstance(v, TimeValue)])
    return None


def _time(values: Sequence[TimeValue]) -> str | None:
    """The window every time claim allows ('22:11 GMT', '09:00-09:15 local'), when they share a zone
    and a window that does not wrap past midnight; None otherwise."""
    zones = {v.zone for v in values}
    if len(zones) != 1 or any(v.half_day_unknown or v.end < v.start for v in values):
        return None
    start, end = max(v.start for v in values), min(v.end for v in values)
    if start > end:
        return None
    zone = zones.pop()
    window = start if start == end else f"{start}-{end}"
    return f"{window} {zone}" if zone else window


def _verified(entry: dict[str, Any]) -> VerifiedClaim | None:
    """The claim as `check` will read it back from the YAML, or None when it would not read."""
    try:
        return VerifiedClaim.model_validate(yaml.safe_load(yaml.safe_dump(entry, allow_unicode=True)))
    except ValidationError:
        return None


def freeze(report: Report, articles: list[str]) -> str:
    """YAML text of a claims file: agreed facts as claims, current conflicts as accepted."""
    claims = {c.id: c for c in report.claims}
    paths = {s.id: s.path for s in report.sources}
    plain = ClaimsFile(version=1)  # what check reads the frozen file with: no aliases, no tolerances
    taken: set[str] = set()
    entries = []
    left_out = []
    for group in report.groups:
        if group.status is not GroupStatus.AGREE or group.subject.key.startswith("position|"):
            continue  # relative positions have no single value a person would write down
        members = [claims[c] for c in group.claims]
        value = _value(group.kind, [c.value for c in members])
        if value is None:
            continue
        entry = {
            "id": group.subject.label,  # a slug once the claim is kept
            "kind": group.kind.value,
            "subject": group.subject.label,
            "subject_key": group.subject.key,
            "value": value,
            "note": f"{len(group.sources)} sources agree: {group.explanation}"[:300],
            "sources": sorted({paths[c.source] for c in members}),
        }
        verified = _verified(entry)
        found = verdicts(verified, report, plain) if verified is not None else []
        if not found or not all(supports for _claim, supports in found):
            left_out.append(group.subject.label)  # other claims about it disagree: not an agreed fact
            continue
        entry["id"] = _slug(group.subject.label, taken)
        entries.append(entry)
    accepted = [
        {
            "group": g.subject.key,
            "reason": f"known {g.severity.value if g.severity else ''} disagreement: {g.explanation}"[:300],
        }
        for g in report.groups
        if g.status is GroupStatus.CONFLICT
    ]
    document = {
        "version": 1,
        "articles": articles,
        "claims": entries,
        "accepted": list({a["group"]: a for a in accepted}.values()),
    }
    header = (
        f"{SCHEMA_HINT}\n# Starter claims file written by crosscheck {report.crosscheck} (crosscheck freeze).\n"
        "# Review every claim before you rely on it: these are what the articles agree on, not verified facts.\n"
    )
    if left_out:
        names = " ".join(", ".join(dict.fromkeys(left_out)).split())  # one comment line, whatever the labels hold
        header += f"# Left out, as other claims about the same subject disagree: {names}\n"
    return header + yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=100)
