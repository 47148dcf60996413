"""Reconciler for the new kinds: times of day, measures, ages and role holders.

Hand-built claims first (each verdict and its explanation), then invented articles run through the
whole pipeline, with look-alike pairs that must not conflict.
"""

from __future__ import annotations

import itertools
from datetime import date
from pathlib import Path

import pytest

from crosscheck.models import (
    Claim,
    ClaimKind,
    ClaimValue,
    Group,
    GroupStatus,
    Modality,
    NameValue,
    Quantity,
    Severity,
    Source,
    Subject,
    TimeValue,
)
from crosscheck.pipeline import run
from crosscheck.reconciler import reconcile
from crosscheck.reconciler.kinds import name_tokens, same_person
from crosscheck.settings import Settings

_COUNTER = itertools.count(1)


def claim(source: str, kind: ClaimKind, value: ClaimValue, key: str, modality: Modality = Modality.REPORTED) -> Claim:
    number = next(_COUNTER)
    return Claim(
        id=f"{source}.k{number}",
        source=source,
        kind=kind,
        subject=Subject(key=key, label=key),
        value=value,
        text="words",
        sentence="Somebody said words today.",
        start=number,
        end=number + 5,
        modality=modality,
        rule="test/hand-built",
    )


def at(start: str, end: str | None = None, zone: str | None = None, **fields: object) -> TimeValue:
    return TimeValue(start=start, end=end or start, zone=zone, **fields)  # type: ignore[arg-type]


def times(*values: tuple[str, TimeValue]) -> list[Group]:
    return reconcile([claim(s, ClaimKind.TIME, v, "time|earthquake|-") for s, v in values])


def only(groups: list[Group]) -> Group:
    assert len(groups) == 1, [(g.status, g.explanation) for g in groups]
    return groups[0]


# --- times ------------------------------------------------------------------------------------------


def test_overlapping_windows_agree() -> None:
    group = only(times(("s1", at("09:00", "09:15", hedge="just after")), ("s2", at("09:10"))))
    assert group.status is GroupStatus.AGREE
    assert "overlap at 09:10 local" in group.explanation


def test_disjoint_windows_conflict_with_a_checkable_explanation() -> None:
    group = only(times(("s1", at("09:00", "09:15", hedge="just after")), ("s2", at("08:45"))))
    assert group.status is GroupStatus.CONFLICT and group.severity is Severity.MAJOR
    assert group.explanation.startswith("08:45 [s2] vs 09:00-09:15 (just after) [s1]: disjoint")


def test_two_hedged_times_a_little_apart_are_a_minor_conflict() -> None:
    group = only(times(("s1", at("18:15", "18:45", hedge="around")), ("s2", at("18:50", "19:00", hedge="around"))))
    assert group.status is GroupStatus.CONFLICT and group.severity is Severity.MINOR
    assert "hedges" in group.explanation


def test_known_zones_compare_in_utc() -> None:
    group = only(times(("s1", at("22:11", zone="GMT")), ("s2", at("18:11", zone="EDT"))))
    assert group.status is GroupStatus.AGREE, group.explanation


def test_the_same_moment_told_in_two_zones_is_no_conflict() -> None:
    groups = times(("s1", at("23:11", zone="local")), ("s2", at("22:11", zone="GMT")), ("s3", at("23:11")))
    assert all(g.status is not GroupStatus.CONFLICT for g in groups), [g.explanation for g in groups]
    local = next(g for g in groups if g.status is GroupStatus.AGREE)
    assert "not compared with times in another zone" in local.explanation and "22:11 GMT [s2]" in local.explanation


def test_utc_times_a_day_apart_conflict() -> None:
    group = only(
        times(
            ("s1", at("00:11", zone="GMT", date=date(2024, 5, 4))),
            ("s2", at("22:11", zone="GMT", date=date(2024, 5, 3))),
        )
    )
    assert group.status is GroupStatus.CONFLICT and group.severity is Severity.MAJOR


def test_windows_meet_across_midnight() -> None:
    group = only(times(("s1", at("23:45", "00:15", hedge="around")), ("s2", at("00:05"))))
    assert group.status is GroupStatus.AGREE, group.explanation


def test_a_time_without_am_or_pm_meets_either_half_of_the_day() -> None:
    group = only(times(("s1", at("06:30", half_day_unknown=True)), ("s2", at("18:30"))))
    assert group.status is GroupStatus.AGREE, group.explanation


# --- measures and ages ------------------------------------------------------------------------------


def amount(low: float, high: float | None = None, unit: str = "year", **fields: object) -> Quantity:
    return Quantity(low=low, high=low if high is None else high, unit=unit, **fields)  # type: ignore[arg-type]


def test_measures_compare_as_intervals_in_one_unit() -> None:
    key = "measure|magnitude|earthquake|-"
    same = reconcile([claim(s, ClaimKind.MEASURE, amount(6.8, unit="magnitude"), key) for s in ("s1", "s2")])
    assert only(same).status is GroupStatus.AGREE
    apart = only(
        reconcile(
            [
                claim("s1", ClaimKind.MEASURE, amount(6.8, unit="magnitude"), key),
                claim("s2", ClaimKind.MEASURE, amount(7.0, unit="magnitude"), key),
            ]
        )
    )
    assert apart.status is GroupStatus.CONFLICT
    assert apart.explanation.startswith("6.8 [s1] vs 7 [s2]: disjoint, gap 0.2 (3%); major: ")


def test_measures_in_different_units_are_not_compared() -> None:
    key = "measure|temperature|temperature|-"
    groups = reconcile(
        [
            claim("s1", ClaimKind.MEASURE, amount(40, unit="celsius"), key),
            claim("s2", ClaimKind.MEASURE, amount(104, unit="degree"), key),
        ]
    )
    assert all(g.status is GroupStatus.SINGLE for g in groups)


def test_ages_a_year_apart_are_minor_only_when_the_reports_are_dated_apart() -> None:
    key = "age|jane roe"
    ages = [claim("s1", ClaimKind.AGE, amount(38), key), claim("s2", ClaimKind.AGE, amount(39), key)]
    dated = [
        Source(id="s1", path="a.txt", published=date(2024, 5, 1), words=1, text="x"),
        Source(id="s2", path="b.txt", published=date(2024, 6, 1), words=1, text="x"),
    ]
    group = only(reconcile(ages, dated))
    assert group.status is GroupStatus.CONFLICT and group.severity is Severity.MINOR
    assert "38 years [s1] vs 39 years [s2]: disjoint, gap 1 year (3%)" in group.explanation
    assert "published 31 days apart (s1 2024-05-01, s2 2024-06-01): a birthday may fall" in group.explanation
    # the same day, or no dates: nothing puts a birthday between the reports
    same_day = [d.model_copy(update={"published": date(2024, 5, 1)}) for d in dated]
    for sources in (same_day, []):
        group = only(reconcile(ages, sources))
        assert group.severity is Severity.MAJOR and "no publication dates put a birthday" in group.explanation


def test_ages_years_apart_are_a_major_conflict() -> None:
    key = "age|jane roe"
    group = only(reconcile([claim("s1", ClaimKind.AGE, amount(38), key), claim("s2", ClaimKind.AGE, amount(45), key)]))
    assert group.status is GroupStatus.CONFLICT and group.severity is Severity.MAJOR


# --- role holders -----------------------------------------------------------------------------------

SPELLINGS = [
    ("Saman Gunan", "Saman Kunan"),  # a voiced/unvoiced pair
    ("Ruwan Gunasekera", "Ruwan Gunasekara"),  # one letter
    ("José Álvarez", "Jose Alvarez"),  # diacritics
    ("J. Roe", "Jane Roe"),  # an initial
    ("Roe", "Jane Roe"),  # a last name alone
    ("Dr. Ana Ruiz", "Ana Ruiz"),  # an honorific
    ("Mohammed Khalil", "Muhammad Kalil"),  # a transliteration
    ("Ann Lee", "Anne Lee"),
    ("PK Rao", "Pradeep Rao"),  # initials written together
    ("J.R. Doe", "John Robert Doe"),
]
DIFFERENT = [
    ("Ana Ruiz", "Maria Lopez"),
    ("Tom Baker", "Tom Parker"),
    ("Manisha Gunasekera", "Ruwan Gunasekera"),
    ("Jane Roe", "Jane Doe"),
    ("PK Rao", "Suresh Rao"),
]


@pytest.mark.parametrize(("a", "b"), SPELLINGS)
def test_spellings_of_one_name_are_one_person(a: str, b: str) -> None:
    same, why = same_person(a, b)
    assert same, why
    assert same_person(b, a)[0]


@pytest.mark.parametrize(("a", "b"), DIFFERENT)
def test_different_names_are_different_persons(a: str, b: str) -> None:
    same, why = same_person(a, b)
    assert not same, why


def test_name_tokens_fold_case_diacritics_and_honorifics() -> None:
    assert name_tokens("Dr. José  Álvarez-Ruiz") == ("jose", "alvarez", "ruiz")


def names(*people: tuple[str, str], role: str = "captain") -> list[Group]:
    return reconcile([claim(s, ClaimKind.NAME, NameValue(role=role, person=p), f"name|{role}") for s, p in people])


def test_one_role_two_spellings_agree() -> None:
    group = only(names(("s1", "Saman Gunan"), ("s2", "Saman Kunan")))
    assert group.status is GroupStatus.AGREE
    assert "spellings of one name" in group.explanation


def test_one_role_two_persons_conflict() -> None:
    group = only(names(("s1", "Ana Ruiz"), ("s2", "Maria Lopez"), ("s3", "Ana Ruiz")))
    assert group.status is GroupStatus.CONFLICT and group.severity is Severity.MAJOR
    assert group.explanation.startswith("Ana Ruiz [s1], Ana Ruiz [s3] vs Maria Lopez [s2]: different persons")


def test_a_planned_appointment_is_a_minor_conflict() -> None:
    claims = [
        claim("s1", ClaimKind.NAME, NameValue(role="coach", person="Ana Ruiz"), "name|coach"),
        claim("s2", ClaimKind.NAME, NameValue(role="coach", person="Maria Lopez"), "name|coach", Modality.PLAN),
    ]
    group = only(reconcile(claims))
    assert group.status is GroupStatus.CONFLICT and group.severity is Severity.MINOR


# --- invented articles through the whole pipeline -----------------------------------------------------


def _report(tmp_path: Path, *articles: str) -> list[Group]:
    for n, body in enumerate(articles, start=1):
        (tmp_path / f"a{n}.txt").write_text(f"---\npublished: 2024-05-04\n---\n{body}\n", encoding="utf-8")
    return run([tmp_path], Settings()).groups


def _groups(groups: list[Group], kind: ClaimKind) -> list[Group]:
    return [g for g in groups if g.kind is kind]


def test_articles_look_alikes_do_not_conflict(tmp_path: Path) -> None:
    groups = _report(
        tmp_path,
        "The magnitude 6.4 quake struck the Alpha valley at 10:42 p.m. local time. "
        "Temperatures of 40C were recorded. The 38-year-old diver, Jane Roe, said the boys, aged 11 to 16, "
        "were safe. Rescuers posted on their website at 11.05pm.",
        "The 6.4-magnitude quake struck the Alpha valley shortly after 10:30 p.m. local time. "
        "Temperatures of 104F were recorded. Jane Roe, a 38 years-old diver, said the boys, aged between 11 "
        "and 16, were safe. The last villager was pulled out around 11 p.m.",
    )
    conflicts = [g for g in groups if g.status is GroupStatus.CONFLICT and g.kind.value in ("time", "measure", "age")]
    assert not conflicts, [(g.subject.key, g.explanation) for g in conflicts]
    agreed = {g.subject.key for g in groups if g.status is GroupStatus.AGREE}
    assert {"measure|magnitude|earthquake|-", "age|jane roe", "age|boy|oldest"} <= agreed, agreed
    assert any(k.startswith("time|earthquake") for k in agreed), agreed
    assert any(k.startswith("measure|temperature") for k in agreed), agreed


def test_articles_real_differences_conflict(tmp_path: Path) -> None:
    groups = _report(
        tmp_path,
        "The magnitude 6.4 quake struck the Alpha valley at 10:42 p.m. local time. The boys, aged 11 to 16, were safe.",
        "The magnitude 7.2 quake struck the Alpha valley at 9:15 p.m. local time. The boys, aged 11 to 17, were safe.",
    )
    found = {(g.kind, g.severity) for g in groups if g.status is GroupStatus.CONFLICT}
    assert (ClaimKind.MEASURE, Severity.MAJOR) in found
    assert (ClaimKind.TIME, Severity.MAJOR) in found
    assert (ClaimKind.AGE, Severity.MAJOR) in found  # published the same day: no birthday between them
