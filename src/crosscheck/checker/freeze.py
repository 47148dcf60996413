"""`crosscheck freeze`: a starter claims file from what the articles agree on, with today's
disagreements listed under `accepted` so a team starts from a clean baseline."""

from __future__ import annotations

import math
import re
from typing import Any

import yaml

from crosscheck.models import DateValue, GroupStatus, PlaceValue, Quantity, QuoteValue, Report, TitleValue

SCHEMA_HINT = "# yaml-language-server: $schema=claims.schema.json  (write it with: crosscheck schema claims-file)"


def _slug(text: str, taken: set[str]) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:48] or "claim"
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    taken.add(slug)
    return slug


def _value(values: list[Any]) -> Any:
    first = values[0]
    if isinstance(first, Quantity):
        lows = [v.low for v in values if v.low is not None]
        highs = [v.high for v in values if v.high is not None]
        low = max(lows) if lows else None
        high = min(highs) if highs else None
        if low is not None and high is not None and math.isclose(low, high):
            return _number(low)
        out: dict[str, Any] = {}
        if low is not None:
            out["min"] = _number(low)
        if high is not None:
            out["max"] = _number(high)
        return out
    if isinstance(first, DateValue):
        resolved = [v for v in values if v.start is not None]
        if not resolved:
            return None
        best = min(resolved, key=lambda v: (v.end - v.start) if v.end and v.start else 0)
        assert best.start is not None
        if best.granularity == "year":
            return str(best.start.year)
        if best.granularity == "month" and best.start.day == 1:
            return f"{best.start:%Y-%m}"
        return best.start.isoformat()
    if isinstance(first, TitleValue):
        return first.title
    if isinstance(first, PlaceValue):
        return first.place
    assert isinstance(first, QuoteValue)
    return first.quote


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else round(value, 3)


def freeze(report: Report, articles: list[str]) -> str:
    """YAML text of a claims file: agreed facts as claims, current conflicts as accepted."""
    claims = {c.id: c for c in report.claims}
    paths = {s.id: s.path for s in report.sources}
    taken: set[str] = set()
    entries = []
    for group in report.groups:
        if group.status is not GroupStatus.AGREE or group.subject.key.startswith("position|"):
            continue  # relative positions have no single value a person would write down
        members = [claims[c] for c in group.claims]
        value = _value([c.value for c in members])
        if value is None or value == {}:
            continue
        entries.append(
            {
                "id": _slug(group.subject.label, taken),
                "kind": group.kind.value,
                "subject": group.subject.label,
                "subject_key": group.subject.key,
                "value": value,
                "note": f"{len(group.sources)} sources agree: {group.explanation}"[:300],
                "sources": sorted({paths[c.source] for c in members}),
            }
        )
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
    return header + yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=100)
