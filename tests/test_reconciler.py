"""Reconciler: verdicts on hand-built claims, and the groups the gold file expects on the seed report."""

from __future__ import annotations

import calendar
import itertools
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import SeedIndex
from crosscheck.models import (
    Claim,
    ClaimKind,
    ClaimValue,
    DateValue,
    Group,
    GroupStatus,
    Modality,
    PlaceValue,
    Quantity,
    QuoteValue,
    Report,
    Severity,
    Source,
    Subject,
    TitleValue,
)
from crosscheck.pipeline import run
from crosscheck.reconciler import reconcile
from crosscheck.settings import Settings

_COUNTER = itertools.count(1)
_KINDS = {"date": ClaimKind.DATE, "title": ClaimKind.TITLE, "place": ClaimKind.PLACE, "quote": ClaimKind.QUOTE}


def make_claim(
    source: str,
    value: ClaimValue,
    key: str = "count|people|-|-",
    kind: ClaimKind | None = None,
    modality: Modality = Modality.REPORTED,
    as_of: str | None = None,
    text: str = "words",
) -> Claim:
    """A claim as the extractor would make it (ids unique across the test session)."""
    number = next(_COUNTER)
    if kind is None:
        kind = _KINDS.get(value.kind, ClaimKind.COUNT)
    return Claim(
        id=f"{source}.c{number}",
        source=source,
        kind=kind,
        subject=Subject(key=key, label=key),
        value=value,
        text=text,
        sentence=f"Somebody said {text} today.",
        start=number,
        end=number + len(text),
        modality=modality,
        as_of=as_of,
        rule="test/hand-built",
    )


def qty(
    low: float | None,
    high: float | None,
    *,
    unit: str = "item",
    low_inclusive: bool = True,
    high_inclusive: bool = True,
    approx: bool = False,
    hedge: str | None = None,
) -> Quantity:
    return Quantity(
        low=low,
        high=high,
        unit=unit,
        low_inclusive=low_inclusive,
        high_inclusive=high_inclusive,
        approx=approx,
        hedge=hedge,
    )


def month(year: int, number: int) -> DateValue:
    last = calendar.monthrange(year, number)[1]
    return DateValue(start=date(year, number, 1), end=date(year, number, last), granularity="month")


UNRESOLVED = DateValue(start=None, end=None, granularity="year", relative=True)


def only(groups: list[Group]) -> Group:
    assert len(groups) == 1, groups
    return groups[0]


def statuses(groups: list[Group]) -> list[tuple[GroupStatus, Severity | None]]:
    return [(g.status, g.severity) for g in groups]


# --- numbers ----------------------------------------------------------------------------------------


def test_overlapping_intervals_agree() -> None:
    a, b = make_claim("s1", qty(10, 20)), make_claim("s2", qty(15, 30))
    group = only(reconcile([a, b]))
    assert group.status is GroupStatus.AGREE and group.severity is None
    assert group.claims == [a.id, b.id]
    assert group.sources == ["s1", "s2"]
    assert "overlap at 15-20" in group.explanation


def test_disjoint_intervals_conflict_major() -> None:
    a, b = make_claim("s1", qty(10, 10)), make_claim("s2", qty(50, 50))
    group = only(reconcile([a, b]))
    assert (group.status, group.severity) == (GroupStatus.CONFLICT, Severity.MAJOR)
    assert "disjoint" in group.explanation
    assert "10 [s1]" in group.explanation and "50 [s2]" in group.explanation
    assert set(group.claims) == {a.id, b.id}


def test_touching_inclusive_bounds_agree() -> None:
    group = only(reconcile([make_claim("s1", qty(10, 20)), make_claim("s2", qty(20, 30))]))
    assert group.status is GroupStatus.AGREE


def test_open_bound_stands_with_its_own_figure_and_conflicts_below_it() -> None:
    # "more than 500" and a bare "500" are one rounded figure; a figure under the bound contradicts it
    more_than = qty(500, None, low_inclusive=False, hedge="more than")
    group = only(reconcile([make_claim("s1", more_than), make_claim("s2", qty(500, 500))]))
    assert group.status is GroupStatus.AGREE
    group = only(reconcile([make_claim("s1", more_than), make_claim("s2", qty(450, 450))]))
    assert (group.status, group.severity) == (GroupStatus.CONFLICT, Severity.MAJOR)


def test_estimate_vs_plan_is_minor() -> None:
    estimate = make_claim("s1", qty(54, 66, approx=True, hedge="around"), modality=Modality.ESTIMATE)
    plan = make_claim("s2", qty(100, 100), modality=Modality.PLAN)
    group = only(reconcile([estimate, plan]))
    assert (group.status, group.severity) == (GroupStatus.CONFLICT, Severity.MINOR)
    assert "different modality (estimate vs plan)" in group.explanation


def test_different_as_of_is_minor() -> None:
    old = make_claim("s1", qty(10, 10), as_of="as of last year")
    new = make_claim("s2", qty(50, 50))
    group = only(reconcile([old, new]))
    assert (group.status, group.severity) == (GroupStatus.CONFLICT, Severity.MINOR)
    assert "as of last year" in group.explanation


def test_hedged_figures_that_meet_agree() -> None:
    nearly = make_claim("s1", qty(900, 1000, approx=True, hedge="nearly", high_inclusive=False))
    over = make_claim("s2", qty(1000, 1100, approx=True, hedge="a little over", low_inclusive=False))
    assert only(reconcile([nearly, over])).status is GroupStatus.AGREE


def test_single_source() -> None:
    claim = make_claim("s1", qty(10, 10))
    group = only(reconcile([claim]))
    assert group.status is GroupStatus.SINGLE and group.severity is None
    assert group.claims == [claim.id] and group.sources == ["s1"]


def test_claim_never_conflicts_with_itself() -> None:
    claim = make_claim("s1", qty(10, 10))
    copy = claim.model_copy(update={"id": "s1.copy"})
    for claims in ([claim, claim], [claim, copy]):
        groups = reconcile(claims)
        assert all(g.status is not GroupStatus.CONFLICT for g in groups)
        assert statuses(groups) == [(GroupStatus.SINGLE, None)]


def test_same_value_in_two_sources_agrees() -> None:
    claim = make_claim("s1", qty(900, 1100, approx=True, hedge="some"))
    twin = claim.model_copy(update={"id": "s2.c1", "source": "s2"})
    assert statuses(reconcile([claim, twin])) == [(GroupStatus.AGREE, None)]


def test_one_source_two_values_is_not_a_conflict() -> None:
    groups = reconcile([make_claim("s1", qty(10, 10)), make_claim("s1", qty(50, 50))])
    assert all(g.status is GroupStatus.SINGLE for g in groups)


def test_subjects_are_not_mixed() -> None:
    killed = make_claim("s1", qty(10, 10), key="count|killed|-|-")
    injured = make_claim("s2", qty(50, 50), key="count|injured|-|-")
    assert statuses(reconcile([killed, injured])) == [(GroupStatus.SINGLE, None)] * 2


def test_later_higher_toll_is_an_update() -> None:
    sources = [
        Source(id="s1", path="a.txt", published=date(2024, 5, 1), words=1, text="x"),
        Source(id="s2", path="b.txt", published=date(2024, 5, 3), words=1, text="x"),
    ]
    early = make_claim("s1", qty(10, 10), key="count|killed|-|-")
    late_higher = make_claim("s2", qty(50, 50), key="count|killed|-|-")
    group = only(reconcile([early, late_higher], sources))
    assert (group.status, group.severity) == (GroupStatus.CONFLICT, Severity.MINOR)
    assert "update" in group.explanation
    late_lower = make_claim("s2", qty(5, 5), key="count|killed|-|-")
    assert only(reconcile([early, late_lower], sources)).severity is Severity.MAJOR


def test_different_currencies_are_not_compared() -> None:
    dollars = make_claim("s1", qty(5e6, 5e6, unit="USD"), key="money|aid|-|-", kind=ClaimKind.MONEY)
    euros = make_claim("s2", qty(5e6, 5e6, unit="EUR"), key="money|aid|-|-", kind=ClaimKind.MONEY)
    groups = reconcile([dollars, euros])
    assert statuses(groups) == [(GroupStatus.SINGLE, None)] * 2


# --- dates --------------------------------------------------------------------------------------------


def test_dates_same_month_agree_and_different_months_conflict() -> None:
    july = [make_claim(s, month(2023, 7), key="date|coup|-") for s in ("s1", "s2")]
    assert only(reconcile(july)).status is GroupStatus.AGREE
    august = make_claim("s3", month(2023, 8), key="date|coup|-")
    group = only(reconcile([*july, august]))  # one fact, counted once: the July agreement is a position of it
    assert (group.status, group.severity) == (GroupStatus.CONFLICT, Severity.MAJOR)
    assert [p.sources for p in group.positions] == [["s1", "s2"], ["s3"]]
    assert "July 2023" in group.explanation and "August 2023" in group.explanation


def test_year_contains_month() -> None:
    year = DateValue(start=date(2023, 1, 1), end=date(2023, 12, 31), granularity="year")
    group = only(
        reconcile([make_claim("s1", year, key="date|coup|-"), make_claim("s2", month(2023, 7), key="date|coup|-")])
    )
    assert group.status is GroupStatus.AGREE


@pytest.mark.parametrize("resolved", [1, 0])
def test_unresolved_dates_do_not_make_an_agreement(resolved: int) -> None:
    values = [month(2023, 8)] * resolved + [UNRESOLVED] * (2 - resolved)
    claims = [make_claim(f"s{i}", v, key="date|coup|-") for i, v in enumerate(values, start=1)]
    groups = reconcile(claims)
    assert groups
    assert all(g.status is GroupStatus.SINGLE and len(g.sources) == 1 for g in groups)


def test_unresolved_claim_stays_in_a_group_when_others_conflict() -> None:
    claims = [
        make_claim("s1", month(2023, 7), key="date|coup|-"),
        make_claim("s2", month(2023, 8), key="date|coup|-"),
        make_claim("s3", UNRESOLVED, key="date|coup|-"),
    ]
    grouped = {c for g in reconcile(claims) for c in g.claims}
    assert grouped == {c.id for c in claims}


# --- quotes -------------------------------------------------------------------------------------------


def quote(text: str) -> QuoteValue:
    return QuoteValue(speaker="Jane Doe", quote=text)


def test_same_quote_wording_agrees_ignoring_case_and_punctuation() -> None:
    a = make_claim("s1", quote("We will rebuild the bridge."), key="quote|jane doe")
    b = make_claim("s2", quote("we will rebuild the bridge"), key="quote|jane doe")
    assert only(reconcile([a, b])).status is GroupStatus.AGREE


def test_quote_wording_difference_is_minor_and_shows_both_words() -> None:
    a = make_claim("s1", quote("We will rebuild the bridge by the end of the year"), key="quote|jane doe")
    b = make_claim("s2", quote("We will rebuild the bridge before the end of the year"), key="quote|jane doe")
    group = only(reconcile([a, b]))
    assert (group.status, group.severity) == (GroupStatus.CONFLICT, Severity.MINOR)
    assert "'by' vs 'before'" in group.explanation
    assert "Jane Doe" in group.explanation


def test_quote_negation_difference_is_major() -> None:
    a = make_claim("s1", quote("We will rebuild the bridge by the end of the year"), key="quote|jane doe")
    b = make_claim("s2", quote("We will not rebuild the bridge by the end of the year"), key="quote|jane doe")
    group = only(reconcile([a, b]))
    assert (group.status, group.severity) == (GroupStatus.CONFLICT, Severity.MAJOR)
    assert "negation" in group.explanation
    assert "'not'" in group.explanation


def test_contraction_is_not_a_negation_change() -> None:
    a = make_claim("s1", quote("They don't have access to our equipment at all"), key="quote|jane doe")
    b = make_claim("s2", quote("They do not have access to our equipment at all"), key="quote|jane doe")
    group = only(reconcile([a, b]))
    assert (group.status, group.severity) == (GroupStatus.CONFLICT, Severity.MINOR)


def test_unrelated_quotes_of_one_speaker_are_separate_statements() -> None:
    a = make_claim("s1", quote("We will rebuild the bridge by the end of the year"), key="quote|jane doe")
    b = make_claim("s2", quote("Taxes must go down for every family in this country"), key="quote|jane doe")
    assert statuses(reconcile([a, b])) == [(GroupStatus.SINGLE, None)] * 2


def test_speaker_spellings_merge() -> None:
    a = make_claim("s1", quote("We will rebuild the bridge."), key="quote|lloyd austin")
    b = make_claim("s2", quote("We will rebuild the bridge."), key="quote|lloyd j austin")
    group = only(reconcile([a, b]))
    assert group.status is GroupStatus.AGREE and group.sources == ["s1", "s2"]


# --- places and titles --------------------------------------------------------------------------------


def spoke(place: str) -> PlaceValue:
    return PlaceValue(entity="Jane Doe", place=place, relation="spoke in")


@pytest.mark.parametrize(("a", "b"), [("Honolulu", "Hawaii"), ("Hawaii", "Honolulu"), ("Airbase 101", "Air Base 101")])
def test_places_that_contain_each_other_agree(a: str, b: str) -> None:
    claims = [make_claim("s1", spoke(a), key="spoke|jane doe"), make_claim("s2", spoke(b), key="spoke|jane doe")]
    assert only(reconcile(claims)).status is GroupStatus.AGREE


def test_different_known_places_conflict_major() -> None:
    claims = [
        make_claim("s1", spoke("Paris"), key="spoke|jane doe"),
        make_claim("s2", spoke("Berlin"), key="spoke|jane doe"),
    ]
    group = only(reconcile(claims))
    assert (group.status, group.severity) == (GroupStatus.CONFLICT, Severity.MAJOR)
    assert "different places" in group.explanation


def test_places_of_one_source_never_conflict_with_each_other() -> None:
    claims = [
        make_claim("s1", spoke("Honolulu"), key="spoke|jane doe"),
        make_claim("s1", spoke("Berlin"), key="spoke|jane doe"),
        make_claim("s2", spoke("Paris"), key="spoke|jane doe"),
    ]
    for group in reconcile(claims):
        if group.status is GroupStatus.CONFLICT:
            assert len(group.sources) >= 2, group


def title(text: str) -> TitleValue:
    return TitleValue(person="Jane Doe", title=text, title_text=text)


def test_titles_with_and_without_country_agree() -> None:
    claims = [
        make_claim("s1", title("US Secretary of State"), key="title|jane doe"),
        make_claim("s2", title("Secretary of State"), key="title|jane doe"),
    ]
    group = only(reconcile(claims))
    assert group.status is GroupStatus.AGREE
    assert "'Secretary of State', 'US Secretary of State'" in group.explanation


def test_different_titles_are_a_minor_conflict() -> None:
    claims = [
        make_claim("s1", title("Secretary of State"), key="title|jane doe"),
        make_claim("s2", title("Senator"), key="title|jane doe"),
    ]
    group = only(reconcile(claims))
    assert (group.status, group.severity) == (GroupStatus.CONFLICT, Severity.MINOR)


# --- ordering ---------------------------------------------------------------------------------------


def test_groups_ordered_major_minor_agree_single() -> None:
    claims = [
        make_claim("s1", qty(1, 1), key="count|a|-|-"),
        make_claim("s1", qty(10, 10), key="count|b|-|-"),
        make_claim("s2", qty(10, 10), key="count|b|-|-"),
        make_claim("s1", qty(10, 10), key="count|c|-|-", as_of="as of 2020"),
        make_claim("s2", qty(99, 99), key="count|c|-|-"),
        make_claim("s1", qty(10, 10), key="count|d|-|-"),
        make_claim("s2", qty(99, 99), key="count|d|-|-"),
    ]
    groups = reconcile(claims)
    assert statuses(groups) == [
        (GroupStatus.CONFLICT, Severity.MAJOR),
        (GroupStatus.CONFLICT, Severity.MINOR),
        (GroupStatus.AGREE, None),
        (GroupStatus.SINGLE, None),
    ]
    assert [g.id for g in groups] == ["g1", "g2", "g3", "g4"]
    assert [g.subject.key for g in groups] == ["count|d|-|-", "count|c|-|-", "count|b|-|-", "count|a|-|-"]


def test_reconcile_nothing() -> None:
    assert reconcile([]) == []


# --- the seed report ------------------------------------------------------------------------------


def groups_with(report: Report, *claim_sets: set[str]) -> list[Group]:
    """Groups that hold at least one claim of every set."""
    return [g for g in report.groups if all(set(g.claims) & ids for ids in claim_sets)]


def test_seed_groups_reference_real_claims(seed_report: Report) -> None:
    ids = {c.id for c in seed_report.claims}
    grouped = {c for g in seed_report.groups for c in g.claims}
    assert grouped <= ids
    assert grouped == ids, f"claims in no group: {sorted(ids - grouped)}"
    assert [g.id for g in seed_report.groups] == [f"g{i}" for i in range(1, len(seed_report.groups) + 1)]
    for group in seed_report.groups:
        claim_sources = {c.source for c in seed_report.claims if c.id in group.claims}
        assert set(group.sources) == claim_sources
        assert (group.severity is not None) == (group.status is GroupStatus.CONFLICT)


def test_seed_russian_count_conflict(seed_report: Report, seed: SeedIndex) -> None:
    sixty = seed.claim_ids("001", "around 60 personnel")
    hundred = seed.claim_ids("002", "100 military trainers")
    found = groups_with(seed_report, sixty, hundred)
    assert found, "no group holds both Russian counts"
    assert all(g.status is GroupStatus.CONFLICT for g in found)
    assert found[0].severity is Severity.MINOR
    assert "estimate vs plan" in found[0].explanation


def test_seed_position_conflict_is_major(seed_report: Report, seed: SeedIndex) -> None:
    hangar = seed.claim_ids("000", "separate hangar") | seed.claim_ids("002", "separate hangar")
    miles = seed.claim_ids("003", "about two miles")
    assert hangar and miles
    found = [g for g in groups_with(seed_report, hangar, miles) if g.status is GroupStatus.CONFLICT]
    assert [g.severity for g in found] == [Severity.MAJOR]
    assert "disjoint" in found[0].explanation


def test_seed_us_troops_agree(seed_report: Report, seed: SeedIndex) -> None:
    ids = [
        seed.claim_ids("000", "some 1,000 American military personnel"),
        seed.claim_ids("003", "approximately 1,000 US troops"),
        seed.claim_ids("004", "nearly 1,000 military personnel"),
    ]
    found = [g for g in groups_with(seed_report, *ids) if g.status is GroupStatus.AGREE]
    assert len(found) == 1
    assert not [g for g in groups_with(seed_report, *ids[:1]) if g.status is GroupStatus.CONFLICT]


def test_seed_austin_quote_conflict_is_minor(seed_report: Report, seed: SeedIndex) -> None:
    compound = seed.claim_ids("000", "separate compound")
    complex_ = seed.claim_ids("003", "separate complex")
    (group,) = groups_with(seed_report, compound, complex_)
    assert (group.status, group.severity) == (GroupStatus.CONFLICT, Severity.MINOR)
    assert "'compound' vs 'complex'" in group.explanation


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (("000", "Honolulu"), ("003", "Hawaii")),
        (("000", "US Defence Secretary"), ("003", "U.S. Defense Secretary")),
        (("000", "coup in July last year"), ("002", "July 2023")),
        (("001", "city of Agadez"), ("003", "city of Agadez")),
    ],
)
def test_seed_agreements(seed_report: Report, seed: SeedIndex, a: tuple[str, str], b: tuple[str, str]) -> None:
    found = groups_with(seed_report, seed.claim_ids(*a), seed.claim_ids(*b))
    assert found and all(g.status is GroupStatus.AGREE for g in found)


def test_seed_has_exactly_one_major_conflict(seed_report: Report) -> None:
    majors = [g for g in seed_report.groups if g.severity is Severity.MAJOR]
    assert len(majors) == 1
    assert majors[0].subject.key == "position|Russia|US"


# --- cases as folders: tests/cases/<name>/ holds articles and expect.yaml --------------------------

CASES = Path(__file__).parent / "cases"
CLAIM_FIELDS = {"attribution", "modality", "as_of"}


def _case_dirs() -> list[Path]:
    return sorted(p for p in CASES.iterdir() if (p / "expect.yaml").is_file()) if CASES.is_dir() else []


def _case_claims(report: Report, file: str, words: str) -> list[Claim]:
    ids = {s.id for s in report.sources if Path(s.path).name == file}
    return [c for c in report.claims if c.source in ids and words in c.text]


def _check_field(claim: Claim, key: str, expected: Any) -> None:
    actual = getattr(claim, key) if key in CLAIM_FIELDS else getattr(claim.value, key)
    if isinstance(expected, float | int) and not isinstance(expected, bool):
        assert actual == pytest.approx(expected, rel=1e-4), f"{claim.text!r}: {key}"
    else:
        assert actual == expected, f"{claim.text!r}: {key} = {actual!r}, expected {expected!r}"


@pytest.mark.parametrize("case", _case_dirs(), ids=lambda p: p.name)
def test_case_folder(case: Path) -> None:
    expect = yaml.safe_load((case / "expect.yaml").read_text(encoding="utf-8"))
    report = run([case], Settings())
    assert not report.skipped
    for row in expect.get("claims", []):
        row = dict(row)
        file, kind, words = row.pop("file"), row.pop("kind"), row.pop("text")
        found = [c for c in _case_claims(report, file, words) if c.text == words and c.kind.value == kind]
        texts = [c.text for c in report.claims]
        assert len(found) == 1, f"{case.name}: no single {kind} claim {words!r} in {file}; claims: {texts}"
        for key, expected in row.items():
            _check_field(found[0], key, expected)
    for row in expect.get("groups", []):
        wanted = [{c.id for c in _case_claims(report, file, words)} for file, words in row["claims"]]
        assert all(wanted), f"{case.name}: a claim of {row['claims']} is missing"
        matches = [
            g
            for g in groups_with(report, *wanted)
            if g.status.value == row["status"] and (g.severity.value if g.severity else None) == row.get("severity")
        ]
        assert matches, f"{case.name}: no {row['status']} group for {row['claims']}: {report.groups}"


@pytest.mark.parametrize(
    ("tolerances", "status"),
    [
        (None, GroupStatus.CONFLICT),
        ({"count": "10%"}, GroupStatus.AGREE),
        ({"count": 8}, GroupStatus.AGREE),
        ({"money": "50%"}, GroupStatus.CONFLICT),
    ],
)
def test_claims_file_tolerances_widen_comparisons(
    tolerances: dict[str, float | str] | None, status: GroupStatus
) -> None:
    claims = [make_claim("s1", qty(100, 100)), make_claim("s2", qty(108, 108))]
    groups = reconcile(claims, tolerances=tolerances)
    assert {g.status for g in groups} == {status}


def test_aliases_join_subjects_and_places() -> None:
    place = PlaceValue(entity="base", place="Fort Alpha", relation="in")
    other = PlaceValue(entity="base", place="Camp Beta", relation="in")
    claims = [
        make_claim("s1", place, key="placeof|fort alpha", kind=ClaimKind.PLACE),
        make_claim("s2", other, key="placeof|camp beta", kind=ClaimKind.PLACE),
    ]
    assert len(reconcile(claims)) == 2
    groups = reconcile(claims, aliases={"Fort Alpha": ["Camp Beta"]})
    assert [(g.status, len(g.sources)) for g in groups] == [(GroupStatus.AGREE, 2)]
