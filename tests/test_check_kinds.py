"""Claims files with the new kinds: how a time, a measure, an age and a role holder are written,
the errors (with their YAML line) when they cannot be read, and how `check` judges articles by them."""

from __future__ import annotations

from datetime import date

import pytest

from crosscheck.checker import ClaimsFileError, parse_claims_file
from crosscheck.checker.claimsfile import ClaimsFile, VerifiedClaim
from crosscheck.checker.values import expected_quantity, expected_time
from crosscheck.checker.verify import verdicts
from crosscheck.models import (
    Claim,
    ClaimKind,
    ClaimValue,
    NameValue,
    Quantity,
    Report,
    Source,
    Subject,
    TimeValue,
)


def _file(kind: str, value: str, subject: str = "it") -> str:
    return f"version: 1\nclaims:\n  - id: it\n    kind: {kind}\n    subject: {subject}\n    value: {value}\n"


@pytest.mark.parametrize(
    ("kind", "value", "expected"),
    [
        ("measure", "{value: 6.8, unit: magnitude}", (6.8, 6.8, "magnitude")),
        ("measure", "6.8-magnitude", (6.8, 6.8, "magnitude")),
        ("measure", "120 km/h", (120, 120, "km/h")),
        ("measure", "{min: 100, unit: mph}", (160.9344, float("inf"), "km/h")),
        ("measure", "{value: 104, unit: °F}", (40, 40, "celsius")),
        ("measure", "-5C", (-5, -5, "celsius")),
        ("measure", "2,000 hectares", (20, 20, "km2")),
        ("measure", "{about: 5, unit: point}", (4.5, 5.5, "point")),
        ("age", "38", (38, 38, "year")),
        ("age", "38 years", (38, 38, "year")),
        ("age", "aged 11 to 16", (11, 16, "year")),
        ("age", "{min: 30, max: 40}", (30, 40, "year")),
        ("age", "in her early 40s", (40, 43, "year")),
    ],
)
def test_amounts_of_the_new_kinds_read(kind: str, value: str, expected: tuple[float, float, str]) -> None:
    parsed = parse_claims_file(_file(kind, value))
    low, high, unit = expected_quantity(parsed.claims[0].value, parsed.claims[0].kind)
    assert (low, high) == pytest.approx(expected[:2], rel=1e-3) and unit == expected[2]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("'09:12'", (552, 552, None, False)),
        ("'09:00-09:15 local'", (540, 555, "local", False)),
        ("22:11 GMT", (1331, 1331, "GMT", False)),
        ("9:12 a.m. local time", (552, 552, "local", False)),
        ("just after 9 a.m.", (540, 555, None, False)),
        ("around 6:30 p.m.", (1095, 1125, None, False)),
        ("'06:30 UTC+05:30'", (390, 390, "UTC+05:30", False)),
    ],
)
def test_times_read(value: str, expected: tuple[int, int, str | None, bool]) -> None:
    parsed = parse_claims_file(_file("time", value))
    assert expected_time(parsed.claims[0].value) == expected


def test_a_role_holder_is_a_name() -> None:
    parsed = parse_claims_file(_file("name", "Lena Varga", "the coast guard captain"))
    assert parsed.claims[0].value == "Lena Varga"


@pytest.mark.parametrize(
    ("kind", "value", "fragment"),
    [
        ("measure", "6.8", "a measure names its unit"),
        ("measure", "{value: 6.8}", "a measure names its unit"),
        ("measure", "{value: 6.8, unit: furlongs}", "unknown unit 'furlongs' for a measure"),
        ("measure", "strong", "'strong' is not a measure with its unit"),
        ("measure", "2024-05-03", "a measure takes numbers, not dates"),
        ("age", "-3", "an age cannot be negative"),
        ("age", "old", "'old' is not an age"),
        ("age", "{value: 40, unit: month}", "unknown unit 'month' for an age"),
        ("time", "22:11", "1331 is not a time: quote it"),
        ("time", "'25:10'", "there is no 25:10"),
        ("time", "teatime", "'teatime' is not a time of day"),
        ("time", "{min: 3}", "a time is text"),
        ("time", "'09:12 Mars time'", "unknown time zone 'Mars time'"),
        ("name", "{min: 3}", "a name is text"),
    ],
)
def test_unreadable_values_are_errors_on_their_line(kind: str, value: str, fragment: str) -> None:
    text = _file(kind, value)
    with pytest.raises(ClaimsFileError) as info:
        parse_claims_file(text, "claims.yaml")
    assert [p.split(":")[0] for p in info.value.problems] == ["6"], info.value.problems
    assert fragment in info.value.problems[0], info.value.problems


# --- judging articles -----------------------------------------------------------------------------


def _report(*values: tuple[ClaimKind, ClaimValue, str]) -> Report:
    source = Source(id="s1", path="a.txt", words=10, text="x" * 200, published=date(2025, 6, 14))
    claims = [
        Claim(
            id=f"s1.c{n}",
            source="s1",
            kind=kind,
            subject=Subject(key=key, label=key.replace("|", " ")),
            value=value,
            text="words",
            sentence="Some words.",
            start=n,
            end=n + 5,
            rule="test",
        )
        for n, (kind, value, key) in enumerate(values, start=1)
    ]
    return Report(crosscheck="test", sources=[source], claims=claims, groups=[], warnings=[])


def _judged(verified: VerifiedClaim, report: Report) -> list[bool]:
    return [supports for _claim, supports in verdicts(verified, report, ClaimsFile(version=1))]


def test_a_role_holder_spelled_otherwise_supports_the_name() -> None:
    report = _report(
        (ClaimKind.NAME, NameValue(role="coast guard captain", person="Lena Warga"), "name|coast guard captain")
    )
    same = VerifiedClaim(id="c", kind=ClaimKind.NAME, subject="coast guard captain", value="Lena Varga")
    other = VerifiedClaim(id="c", kind=ClaimKind.NAME, subject="coast guard captain", value="Mara Olsen")
    assert _judged(same, report) == [True]
    assert _judged(other, report) == [False]


def test_times_are_judged_in_their_zone() -> None:
    key = "time|earthquake|-"
    report = _report(
        (ClaimKind.TIME, TimeValue(start="04:15", end="04:30", zone="local", hedge="just after"), key),
        (ClaimKind.TIME, TimeValue(start="03:20", end="03:20", zone="GMT"), key),
    )
    local = VerifiedClaim(id="t", kind=ClaimKind.TIME, subject="time of the earthquake", value="04:20 local")
    gmt = VerifiedClaim(id="t", kind=ClaimKind.TIME, subject="time of the earthquake", value="23:20 EDT")
    wrong = VerifiedClaim(id="t", kind=ClaimKind.TIME, subject="time of the earthquake", value="05:00")
    assert _judged(local, report) == [True]  # the GMT time is not compared with a local one
    assert _judged(gmt, report) == [True]  # 23:20 EDT is 03:20 GMT
    assert _judged(wrong, report) == [False]


def test_measures_are_judged_in_one_unit() -> None:
    report = _report((ClaimKind.MEASURE, Quantity(low=40, high=40, unit="celsius"), "measure|temperature|air|-"))
    hot = VerifiedClaim(id="m", kind=ClaimKind.MEASURE, subject="temperature of the air", value="104F")
    cold = VerifiedClaim(id="m", kind=ClaimKind.MEASURE, subject="temperature of the air", value="-5C")
    assert _judged(hot, report) == [True]
    assert _judged(cold, report) == [False]
