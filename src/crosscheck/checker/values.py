"""How a claims-file value reads: the interval and unit, or the dates, that `check` holds the articles
against, and why a value cannot be read at all.

One reader for three users: the claims file rejects a value this module cannot read (with its YAML
line), `check` compares the articles with what it reads, and `freeze` writes values that read back as
the interval it meant.
"""

from __future__ import annotations

import math
import re
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING

from crosscheck.models import NUMERIC_KINDS, ClaimKind

if TYPE_CHECKING:
    from crosscheck.checker.claimsfile import ValueForm

# The unit a number means when the claims file names none (money may name a currency; a measure
# always names its unit).
DEFAULT_UNIT = {
    ClaimKind.COUNT: "item",
    ClaimKind.MONEY: "USD",
    ClaimKind.DISTANCE: "km",
    ClaimKind.DURATION: "day",
    ClaimKind.PERCENT: "percent",
    ClaimKind.AGE: "year",
}
# Kinds whose value is an amount (a Quantity in the report).
AMOUNT_KINDS = NUMERIC_KINDS | {ClaimKind.MEASURE, ClaimKind.AGE}
# Kinds whose values may fall below zero ("-0.5%", "-5C"); a negative count, sum, distance or duration is a typo.
SIGNED = frozenset({ClaimKind.PERCENT, ClaimKind.MEASURE})
# {about: N} reads as N +-10%, like the hedge "about N" in an article.
ABOUT = (0.9, 1.1)
_YEAR_MONTH = re.compile(r"(\d{4})(?:-(\d{2}))?")


_NAMES = {ClaimKind.MONEY: "money", ClaimKind.PERCENT: "a percentage", ClaimKind.AGE: "an age"}


def _a(kind: ClaimKind) -> str:
    """'a count', 'money', 'a percentage': a kind as the subject of a sentence."""
    return _NAMES.get(kind, f"a {kind.value}")


class ValueProblem(ValueError):
    """A value that cannot be read; `where` names the key inside the value at fault ("min")."""

    def __init__(self, message: str, where: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.where = where


@lru_cache(maxsize=1)
def currencies() -> frozenset[str]:
    """Currency codes the extractor gives money amounts (USD, EUR, ...): the units money may take."""
    from crosscheck.lexicons import load_lexicon

    table = load_lexicon("quantities")["currencies"]
    return frozenset(table["before"].values()) | frozenset(table["after"].values())


def _number(value: object, where: str | None, kind: ClaimKind) -> float:
    if isinstance(value, date):
        raise ValueProblem(f"{_a(kind)} takes numbers, not dates", where)
    assert isinstance(value, int | float)
    number = float(value)
    if not math.isfinite(number):
        hint = f" (leave {where} out for no bound)" if where in ("min", "max") else ""
        raise ValueProblem(f"{value} is not a finite number{hint}", where)
    if number < 0 and kind not in SIGNED:
        raise ValueProblem(f"{_a(kind)} cannot be negative ({value:g})", where)
    return number


def expected_quantity(value: ValueForm, kind: ClaimKind) -> tuple[float, float, str]:
    """(low, high, unit) of a numeric claim's value, open ends infinite; ValueProblem when unreadable."""
    from crosscheck.checker.claimsfile import Range

    if kind not in AMOUNT_KINDS:
        raise ValueProblem(f"{_a(kind)} has no numeric value")
    if kind is ClaimKind.MEASURE:
        return _measure(value)
    unit = DEFAULT_UNIT[kind]
    if isinstance(value, Range):
        if value.unit is not None:
            allowed = currencies() if kind is ClaimKind.MONEY else {unit}
            if value.unit not in allowed:
                hint = "a currency code such as EUR" if kind is ClaimKind.MONEY else f"{unit}, or leave it out"
                raise ValueProblem(f"unknown unit {value.unit!r} for {_a(kind)}: give {hint}", "unit")
            unit = value.unit
        low, high = _bounds(value, kind)
        return low, high, unit
    if isinstance(value, str) and kind is ClaimKind.AGE:
        return _age(value)
    if isinstance(value, str):
        from crosscheck.extractor.quantities import parse_quantity

        quantity = parse_quantity(value)
        if quantity is None or (quantity.low is None and quantity.high is None):
            raise ValueProblem(f"{value!r} is not an amount: give a number (1000) or text such as 'about 1,000'")
        if quantity.unit != "item":  # a bare number ("2 million") means the kind's own unit
            allowed = currencies() if kind is ClaimKind.MONEY else {unit}
            if quantity.unit not in allowed:
                raise ValueProblem(f"{value!r} is in {quantity.unit}, which {_a(kind)} is not measured in")
            unit = quantity.unit
        low = quantity.low if quantity.low is not None else -math.inf
        high = quantity.high if quantity.high is not None else math.inf
        return low, high, unit
    number = _number(value, None, kind)
    return number, number, unit


def _age(text: str) -> tuple[float, float, str]:
    """An age as written: '38', 'about 40', '38 years', 'aged 11 to 16', '38-year-old', 'in her 40s'."""
    from crosscheck.extractor.ages import find_ages
    from crosscheck.extractor.quantities import parse_quantity

    stripped = text.strip()
    found = find_ages(stripped)
    if len(found) == 1 and found[0][0] == 0 and found[0][1] == len(stripped):
        quantity = found[0][2]
    else:
        read = parse_quantity(stripped)
        if read is None or (read.low is None and read.high is None) or read.unit not in ("item", "day"):
            raise ValueProblem(f"{text!r} is not an age: give a number of years (38) or text such as 'aged 11 to 16'")
        factor = 1 / 365.25 if read.unit == "day" else 1.0  # "38 years" reads as a duration in days
        quantity = read.model_copy(
            update={
                "low": read.low * factor if read.low is not None else None,
                "high": read.high * factor if read.high is not None else None,
            }
        )
    low = quantity.low if quantity.low is not None else -math.inf
    high = quantity.high if quantity.high is not None else math.inf
    return low, high, "year"


def _bounds(value: ValueForm, kind: ClaimKind) -> tuple[float, float]:
    """(low, high) of a Range's numbers: min/max, about (+-10%) or value; ValueProblem when unreadable."""
    from crosscheck.checker.claimsfile import Range

    assert isinstance(value, Range)
    forms = []
    if value.min is not None or value.max is not None:
        forms.append("min/max")
    forms += [name for name in ("about", "value") if getattr(value, name) is not None]
    if not forms:
        raise ValueProblem("give min and/or max, about, or value")
    if len(forms) > 1:
        raise ValueProblem(f"give one of min/max, about or value, not {' and '.join(forms)}")
    if value.about is not None:
        about = _number(value.about, "about", kind)
        ends = (about * ABOUT[0], about * ABOUT[1])
        return min(ends), max(ends)
    if value.value is not None:
        exact = _number(value.value, "value", kind)
        return exact, exact
    low = _number(value.min, "min", kind) if value.min is not None else -math.inf
    high = _number(value.max, "max", kind) if value.max is not None else math.inf
    if low > high:
        raise ValueProblem(f"min {low:g} is above max {high:g}", "min")
    return low, high


def measure_units() -> dict[str, tuple[str, float, float]]:
    """Every unit a measure may be written in (as the measures lexicon spells it, and its canonical
    name) -> (canonical unit, factor, offset)."""
    from crosscheck.lexicons import load_lexicon

    units: dict[str, tuple[str, float, float]] = {}
    for spec in load_lexicon("measures")["dimensions"].values():
        canonical = str(spec["unit"])
        units[canonical] = (canonical, 1.0, 0.0)
        for unit in spec["units"].values():
            for word in unit["words"]:
                units.setdefault(str(word), (canonical, float(unit["factor"]), float(unit.get("offset", 0.0))))
    units.setdefault("degree", ("degree", 1.0, 0.0))
    return units


def _measure(value: ValueForm) -> tuple[float, float, str]:
    """(low, high, canonical unit) of a measure: {value: 6.8, unit: magnitude}, {min: 100, unit: mph},
    or text with its unit ('6.8 magnitude', '120 km/h', '40C')."""
    from crosscheck.checker.claimsfile import Range

    kind = ClaimKind.MEASURE
    examples = "{value: 6.8, unit: magnitude} or '120 km/h'"
    if isinstance(value, Range):
        if value.unit is None:
            raise ValueProblem(f"a measure names its unit: give it as {examples}", "unit")
        units = measure_units()
        found = units.get(value.unit) or units.get(value.unit.lower())
        if found is None:
            canonical = ", ".join(sorted({c for c, _f, _o in units.values()}))
            raise ValueProblem(f"unknown unit {value.unit!r} for a measure: give one of {canonical}", "unit")
        canonical, factor, offset = found
        low, high = _bounds(value, kind)
        return low * factor + offset, high * factor + offset, canonical
    if isinstance(value, str):
        from crosscheck.extractor.measures import find_measures

        text = value.strip()
        found_measures = find_measures(text)
        if len(found_measures) != 1 or text[: found_measures[0].start].strip() or text[found_measures[0].end :].strip():
            raise ValueProblem(f"{value!r} is not a measure with its unit: write it as {examples}")
        quantity = found_measures[0].quantity
        low = quantity.low if quantity.low is not None else -math.inf
        high = quantity.high if quantity.high is not None else math.inf
        return low, high, quantity.unit
    if isinstance(value, date):
        raise ValueProblem("a measure takes numbers, not dates")
    raise ValueProblem(f"a measure names its unit: give it as {examples}")


_WINDOW = re.compile(r"(?P<a>\d{1,2}:\d{2})(?:\s*[-–]\s*(?P<b>\d{1,2}:\d{2}))?(?:\s+(?P<zone>\S.*))?")


def expected_time(value: ValueForm) -> tuple[int, int, str | None, bool]:
    """(first minute, last minute, zone, half day unknown) of a time claim's value: '09:12',
    '09:00-09:15 local', '22:11 GMT', or as an article writes it ('just after 9 a.m.');
    ValueProblem when it is not a time of day."""
    examples = "'09:12', '22:11 GMT', '09:00-09:15' or '9:12 a.m. local time'"
    if isinstance(value, int | float):  # YAML reads an unquoted 09:12 as 552, a number of minutes
        raise ValueProblem(f"{value:g} is not a time: quote it, as {examples}")
    if not isinstance(value, str) or not value.strip():
        raise ValueProblem(f"a time is text: write it as {examples}")
    from crosscheck.extractor.times import find_times, zone_offset

    text = value.strip()
    window = _WINDOW.fullmatch(text)
    if window:
        zone = window.group("zone")
        first = _clock(window.group("a"), value)
        last = _clock(window.group("b"), value) if window.group("b") else first
        if zone is not None and zone.lower() not in ("local", "local time") and zone_offset(zone) is None:
            found = find_times(f"at 12:00 {zone}")
            if not found or found[0].zone is None:
                raise ValueProblem(f"unknown time zone {zone!r} in {value!r}: write GMT, UTC, UTC+05:30, EST, local...")
            zone = found[0].zone
        if zone is not None and zone.lower() in ("local", "local time"):
            zone = "local"
        return first, last, zone, False
    found = find_times(f"at {text}")
    if len(found) != 1 or found[0].start > 3 or found[0].end != len(text) + 3:
        raise ValueProblem(f"{value!r} is not a time of day: write it as {examples}")
    time = found[0]
    return time.start_minute, time.end_minute, time.zone, time.half_day_unknown


def _clock(text: str, value: object) -> int:
    hours, minutes = (int(part) for part in text.split(":"))
    if hours > 23 or minutes > 59:
        raise ValueProblem(f"{value!r} is not a time of day: there is no {text}")
    return hours * 60 + minutes


def expected_dates(value: ValueForm) -> tuple[date, date]:
    """(first day, last day) of a date claim's value (an open end is date.min or date.max);
    ValueProblem when it is not an absolute date."""
    from crosscheck.checker.claimsfile import Range

    if isinstance(value, date):
        return value, value
    if isinstance(value, Range):
        if value.about is not None or value.value is not None or value.unit is not None:
            extra = "about" if value.about is not None else "value" if value.value is not None else "unit"
            raise ValueProblem(f"a date range takes min and/or max, not {extra}", extra)
        if value.min is None and value.max is None:
            raise ValueProblem("give min and/or max (2024-09-01)")
        for where, end in (("min", value.min), ("max", value.max)):
            if end is not None and not isinstance(end, date):
                raise ValueProblem(f"a date range takes dates (2024-09-01), not {end:g}", where)
        first = value.min if isinstance(value.min, date) else date.min
        last = value.max if isinstance(value.max, date) else date.max
        if first > last:
            raise ValueProblem(f"min {first} is after max {last}", "min")
        return first, last
    if isinstance(value, float):
        raise ValueProblem(f"{value:g} is not a date: write 2024-09-10, 2024-09 or 2024")
    from crosscheck.extractor.dates import parse_date_phrase

    text = str(value).strip()
    match = _YEAR_MONTH.fullmatch(text)
    if match and match.group(2) and not 1 <= int(match.group(2)) <= 12:
        raise ValueProblem(f"{text!r} is not a date: there is no month {match.group(2)}")
    if match:  # 2023-07 (a YAML string: it has no day) and 2023
        text = f"{date(2000, int(match.group(2)), 1):%B} {match.group(1)}" if match.group(2) else match.group(1)
    parsed = parse_date_phrase(text, None)
    if parsed is None:
        raise ValueProblem(f"{str(value)!r} is not a date: write 2024-09-10, 2024-09, 2024 or 'September 2024'")
    if parsed.start is None or parsed.end is None:
        raise ValueProblem(
            f"{str(value)!r} is relative and a claims file has no day to count from: write the date itself"
            " (2024-09-10), its month (2024-09) or its year"
        )
    return parsed.start, date.max if parsed.since else parsed.end


def value_problem(kind: ClaimKind, value: ValueForm) -> ValueProblem | None:
    """Why `check` could not read this value for a claim of this kind, or None when it can."""
    from crosscheck.checker.claimsfile import Range

    try:
        if kind in AMOUNT_KINDS:
            expected_quantity(value, kind)
        elif kind is ClaimKind.DATE:
            expected_dates(value)
        elif kind is ClaimKind.TIME:
            expected_time(value)
        elif isinstance(value, Range | date) or not str(value).strip():
            return ValueProblem(f"{_a(kind)} is text: write it as a string")
    except ValueProblem as problem:
        return problem
    return None
