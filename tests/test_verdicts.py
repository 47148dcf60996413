"""Verdict rules on hand-built claims: one verdict per fact with its positions, hedges as wide as the
rounding of the figure, open bounds that never chain values, time that explains only when dates or an
as-of say so, and explanations a person can check. Every rule has look-alike pairs that must not conflict.
"""

from __future__ import annotations

import itertools
from datetime import date
from pathlib import Path

import pytest
import yaml

from crosscheck.models import (
    Claim,
    ClaimKind,
    ClaimValue,
    Group,
    GroupStatus,
    Modality,
    PlaceValue,
    Quantity,
    QuoteValue,
    Severity,
    Source,
    Subject,
    TitleValue,
)
from crosscheck.pipeline import run
from crosscheck.reconciler import compare, reconcile
from crosscheck.reconciler.compare import describe, position_label
from crosscheck.reconciler.intervals import precision
from crosscheck.settings import Settings

_COUNTER = itertools.count(1)


def said(
    source: str,
    text: str,
    value: ClaimValue,
    key: str = "count|injured|-|-",
    kind: ClaimKind = ClaimKind.COUNT,
    **fields: object,
) -> Claim:
    """A claim whose words are `text` (the words carry the precision of a figure)."""
    number = next(_COUNTER)
    return Claim(
        id=f"{source}.v{number}",
        source=source,
        kind=kind,
        subject=Subject(key=key, label=key),
        value=value,
        text=text,
        sentence=f"Officials said {text} on the day.",
        start=number,
        end=number + len(text),
        rule="test/hand-built",
        **fields,  # type: ignore[arg-type]
    )


def exact(number: float, unit: str = "item", original: str | None = None) -> Quantity:
    return Quantity(low=number, high=number, unit=unit, original=original)


def about(number: float, unit: str = "item", original: str | None = None) -> Quantity:
    """'about N' as the extractor reads it: 10% either way."""
    return Quantity(low=number * 0.9, high=number * 1.1, unit=unit, approx=True, hedge="about", original=original)


def at_least(number: float, strict: bool = False) -> Quantity:
    return Quantity(
        low=number, high=None, unit="item", low_inclusive=not strict, hedge="more than" if strict else "at least"
    )


def only(groups: list[Group]) -> Group:
    assert len(groups) == 1, [(g.status, g.explanation) for g in groups]
    return groups[0]


def sides(group: Group) -> list[list[str]]:
    return [p.sources for p in group.positions]


def dated(*days: tuple[str, date]) -> list[Source]:
    return [Source(id=s, path=f"{s}.txt", published=d, words=1, text="x") for s, d in days]


# --- one verdict per fact, with its positions ------------------------------------------------------------


def test_a_conflict_is_counted_once_with_its_agreeing_side_as_a_position() -> None:
    claims = [said(s, "12 people", exact(12)) for s in ("s1", "s2", "s3")] + [said("s4", "40 people", exact(40))]
    group = only(reconcile(claims))  # not an agreement of s1-s3 and a conflict repeating them
    assert (group.status, group.severity) == (GroupStatus.CONFLICT, Severity.MAJOR)
    assert sides(group) == [["s1", "s2", "s3"], ["s4"]]
    assert [p.label for p in group.positions] == ["12", "40"]
    assert sorted(group.claims) == sorted(c.id for c in claims)


def test_every_cluster_of_two_or_more_sources_is_a_position() -> None:
    claims = [
        *(said(s, "12 people", exact(12)) for s in ("s1", "s2", "s3")),
        *(said(s, "40 people", exact(40)) for s in ("s4", "s5")),
        said("s6", "90 people", exact(90)),
    ]
    group = only(reconcile(claims))
    assert sides(group) == [["s1", "s2", "s3"], ["s4", "s5"], ["s6"]]
    assert "12 [s1, s2, s3] vs 40 [s4, s5]" in group.explanation
    assert "12 [s1, s2, s3] vs 90 [s6]" in group.explanation


def test_explanation_shows_the_values_compared_and_the_arithmetic() -> None:
    estimate = said("s1", "around 60 personnel", about(60), modality=Modality.ESTIMATE)
    plan = said("s2", "100 trainers", exact(100), modality=Modality.PLAN)
    group = only(reconcile([estimate, plan]))
    assert group.explanation.startswith("~60 (54-66) [s1] vs 100 [s2]: disjoint, gap 34 (34%); minor: ")
    assert "different modality (estimate vs plan)" in group.explanation
    major = only(reconcile([said("s1", "around 60 personnel", about(60)), said("s2", "100 trainers", exact(100))]))
    assert major.severity is Severity.MAJOR
    assert major.explanation.endswith(
        "; major: no rounding, hedge, publication date, as-of time or modality explains it"
    )


def test_a_figure_stated_twice_by_one_source_is_minor() -> None:
    # s2 gives both figures (another fact in the same report, or a correction): no source disagrees
    claims = [said("s1", "12 boys", exact(12)), said("s2", "12 boys", exact(12)), said("s2", "8 boys", exact(8))]
    group = only(reconcile(claims))
    assert (group.status, group.severity) == (GroupStatus.CONFLICT, Severity.MINOR)
    assert "s2 also states the other figure" in group.explanation


def test_comparisons_grow_linearly_with_the_positions(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []
    real = compare._compare_positions

    def counted(*args: object) -> object:
        calls.append(1)
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(compare, "_compare_positions", counted)
    claims = [said(f"s{n}", f"{n * 10} people", exact(n * 10)) for n in range(1, 201)]
    claims += [said(f"s{n}", f"at least {n * 10 + 5} people", at_least(n * 10 + 5)) for n in range(1, 201)]
    group = only(reconcile(claims))
    assert len(group.positions) == 400
    assert len(calls) <= 2 * len(group.positions)
    assert "more comparison(s) of 400 positions" in group.explanation


# --- hedges as wide as the rounding of the figure --------------------------------------------------------


def test_precision_of_a_figure_follows_its_words() -> None:
    assert precision("about 650", 650) == (650, 1, 10, False)
    assert precision("2.5 million", 2_500_000) == (2_500_000, 100_000, 100_000, True)
    assert precision("1,50,000 tourists", 150_000)[2] == 10_000  # type: ignore[index]
    assert precision("the 2019 toll", 300) is None  # another figure in the words
    assert precision("seven", 7) is None


def test_hedge_width_follows_the_rounding_of_the_number() -> None:
    assert describe(said("s1", "about 650 people", about(650))) == "~650 (640-660)"
    assert describe(said("s1", "about 700,000 people", about(700_000))) == "~700,000 (630,000-770,000)"
    assert describe(said("s1", "about 60 people", about(60))) == "~60 (54-66)"


def test_hedged_figures_a_rounding_unit_apart_conflict() -> None:
    a = said("s1", "around 150,000 customers", about(150_000))
    b = said("s2", "around 180,000 customers", about(180_000))
    group = only(reconcile([a, b]))  # each "around" was once 10%: 135,000-165,000 met 162,000-198,000
    assert (group.status, group.severity) == (GroupStatus.CONFLICT, Severity.MAJOR)
    assert "gap 10,000 (5%)" in group.explanation


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (("about 650 people", about(650)), ("655 people", exact(655))),
        (("about 700,000 people", about(700_000)), ("750,000 people", exact(750_000))),
        (("about 150,000 customers", about(150_000)), ("150,000 customers", exact(150_000))),
        (
            (
                "nearly 1,000",
                Quantity(low=900, high=1000, unit="item", approx=True, hedge="nearly", high_inclusive=False),
            ),
            (
                "a little over 1,000",
                Quantity(low=1000, high=1100, unit="item", approx=True, hedge="a little over", low_inclusive=False),
            ),
        ),
    ],
)
def test_look_alike_hedged_figures_agree(first: tuple[str, Quantity], second: tuple[str, Quantity]) -> None:
    group = only(reconcile([said("s1", *first), said("s2", *second)]))
    assert group.status is GroupStatus.AGREE, group.explanation


def test_two_hedges_that_miss_by_less_than_a_rounding_unit_are_minor() -> None:
    a = said("s1", "about 150,000 customers", about(150_000))
    b = said("s2", "about 164,000 customers", about(164_000))  # 149,400-... meets nothing, misses by 3,000
    group = only(reconcile([a, b]))
    assert (group.status, group.severity) == (GroupStatus.CONFLICT, Severity.MINOR)
    assert "explained by hedges" in group.explanation


# --- exact figures are as precise as their words ------------------------------------------------------------


def test_decimals_are_rounded_and_counted_whole_numbers_are_exact() -> None:
    share = "percent|votes|-|-"
    rounded = [
        said("s1", "66.06 percent", exact(66.06, "percent"), share, ClaimKind.PERCENT),
        said("s2", "66.1 percent", exact(66.1, "percent"), share, ClaimKind.PERCENT),
    ]
    group = only(reconcile(rounded))
    assert group.status is GroupStatus.AGREE and "within rounding" in group.explanation
    apart = [
        said("s1", "25.38 percent", exact(25.38, "percent"), share, ClaimKind.PERCENT),
        said("s2", "25.44 percent", exact(25.44, "percent"), share, ClaimKind.PERCENT),
    ]
    group = only(reconcile(apart))
    assert group.status is GroupStatus.CONFLICT and "gap 0.06 points" in group.explanation
    shops = [said("s1", "500 shops", exact(500)), said("s2", "544 shops", exact(544))]
    assert only(reconcile(shops)).severity is Severity.MAJOR  # a count is exact: 500 is not 450-550


def test_a_whole_percentage_covers_what_rounds_to_it() -> None:
    share = "percent|abstention|-|-"
    group = only(
        reconcile(
            [
                said("s1", "25 percent", exact(25, "percent"), share, ClaimKind.PERCENT),
                said("s2", "25.38 percent", exact(25.38, "percent"), share, ClaimKind.PERCENT),
            ]
        )
    )
    assert group.status is GroupStatus.AGREE
    group = only(
        reconcile(
            [
                said("s1", "6 per cent", exact(6, "percent"), share, ClaimKind.PERCENT),
                said("s2", "7.2 percent", exact(7.2, "percent"), share, ClaimKind.PERCENT),
            ]
        )
    )
    assert group.status is GroupStatus.CONFLICT


def test_a_round_distance_and_a_truncated_figure_are_minor_by_rounding() -> None:
    key = "distance|epicentre|-"
    group = only(
        reconcile(
            [
                said("s1", "70 km", exact(70, "km", "70 km"), key, ClaimKind.DISTANCE),
                said("s2", "72 km", exact(72, "km", "72 km"), key, ClaimKind.DISTANCE),
            ]
        )
    )
    assert group.severity is Severity.MINOR
    assert "explained by rounding (70 km (70 km) is written to the nearest 10 km)" in group.explanation
    votes = "count|votes|-|-"
    group = only(
        reconcile(
            [
                said("s1", "20.7 million votes", exact(20_700_000), votes),
                said("s2", "20,753,797 votes", exact(20_753_797), votes),
            ]
        )
    )
    assert group.severity is Severity.MINOR and "explained by rounding" in group.explanation


def test_a_magnitude_is_read_to_its_tenth() -> None:
    key = "measure|magnitude|earthquake|-"
    group = only(
        reconcile(
            [
                said("s1", "magnitude 7", exact(7, "magnitude"), key, ClaimKind.MEASURE),
                said("s2", "magnitude 6.8", exact(6.8, "magnitude"), key, ClaimKind.MEASURE),
            ]
        )
    )
    assert (group.status, group.severity) == (GroupStatus.CONFLICT, Severity.MAJOR)


# --- open bounds ------------------------------------------------------------------------------------------


def test_an_open_bound_never_chains_two_values() -> None:
    claims = [
        said("s1", "at least 20 people", at_least(20)),
        said("s2", "25 people", exact(25)),
        said("s3", "40 people", exact(40)),
    ]
    group = only(reconcile(claims))
    assert (group.status, group.severity) == (GroupStatus.CONFLICT, Severity.MAJOR)
    # the bound may stand with 25 (25 rounded down to its tens is 20), never with both
    assert not any({"s2", "s3"} <= set(side) for side in sides(group)), sides(group)
    assert "disjoint, gap 15 (38%); major" in group.explanation


def test_an_open_bound_stands_with_its_own_figure() -> None:
    claims = [
        said("s1", "at least 261 people", at_least(261)),
        said("s2", "261 people", exact(261)),
        said("s3", "261 people", exact(261)),
    ]
    assert only(reconcile(claims)).status is GroupStatus.AGREE
    rounded = [
        said("s1", "more than 2,000 people", at_least(2000, strict=True)),
        said("s2", "2,012 people", exact(2012)),
    ]
    group = only(reconcile(rounded))  # 2,012 rounded down to its thousands is the bound
    assert group.status is GroupStatus.AGREE


def test_a_bound_met_by_another_figure_is_a_minor_conflict() -> None:
    claims = [said("s1", "at least 233 people", at_least(233)), said("s2", "261 people", exact(261))]
    group = only(reconcile(claims))
    assert (group.status, group.severity) == (GroupStatus.CONFLICT, Severity.MINOR)
    assert sides(group) == [["s1"], ["s2"]] or sides(group) == [["s2"], ["s1"]]
    assert "compatible, they meet at 261" in group.explanation and "a bound is met" in group.explanation
    two_bounds = [said("s1", "at least 67 people", at_least(67)), said("s2", "at least 50 people", at_least(50))]
    assert only(reconcile(two_bounds)).severity is Severity.MINOR


def test_a_bound_that_excludes_a_figure_is_major() -> None:
    claims = [said("s1", "at least 37 foreigners", at_least(37)), said("s2", "32 foreigners", exact(32))]
    group = only(reconcile(claims))
    assert (group.status, group.severity) == (GroupStatus.CONFLICT, Severity.MAJOR)
    assert "disjoint, gap 5 (14%)" in group.explanation


# --- time explains only with dates or an as-of --------------------------------------------------------------


def test_a_later_higher_toll_is_an_update_only_when_the_dates_say_so() -> None:
    key = "count|killed|-|-"
    early, late = said("s1", "207 people", exact(207), key), said("s2", "290 people", exact(290), key)
    group = only(reconcile([early, late], dated(("s1", date(2024, 4, 21)), ("s2", date(2024, 4, 22)))))
    assert group.severity is Severity.MINOR
    assert "published 1 day apart (s1 2024-04-21, s2 2024-04-22): the later, higher figure may be an update" in (
        group.explanation
    )
    for sources in ([], dated(("s1", date(2024, 4, 22)), ("s2", date(2024, 4, 22)))):
        assert only(reconcile([early, late], sources)).severity is Severity.MAJOR


def test_an_as_of_time_is_named_when_it_explains() -> None:
    old = said("s1", "10 people", exact(10), as_of="as of last year")
    group = only(reconcile([old, said("s2", "50 people", exact(50))]))
    assert group.severity is Severity.MINOR and "different as-of times (as of last year)" in group.explanation


# --- places, titles and quotes have positions too ----------------------------------------------------------


def test_places_titles_and_quotes_have_one_position_per_value() -> None:
    where = "where|blast|in"
    places = [
        said(s, "in Alderford", PlaceValue(entity="blast", place="Alderford", relation="in"), where, ClaimKind.PLACE)
        for s in ("s1", "s2")
    ]
    places.append(
        said(
            "s3",
            "in Brindlemoor",
            PlaceValue(entity="blast", place="Brindlemoor", relation="in"),
            where,
            ClaimKind.PLACE,
        )
    )
    group = only(reconcile(places))
    assert group.status is GroupStatus.CONFLICT and sides(group) == [["s1", "s2"], ["s3"]]
    title = "title|jane roe"
    titles = [
        said(
            "s1",
            "Minister Jane Roe",
            TitleValue(person="Jane Roe", title="Minister", title_text="Minister"),
            title,
            ClaimKind.TITLE,
        ),
        said(
            "s2",
            "Governor Jane Roe",
            TitleValue(person="Jane Roe", title="Governor", title_text="Governor"),
            title,
            ClaimKind.TITLE,
        ),
    ]
    group = only(reconcile(titles))
    assert group.severity is Severity.MINOR and {p.label for p in group.positions} == {"Minister", "Governor"}
    words = "quote|jane roe"
    quotes = [
        said(s, "q", QuoteValue(speaker="Jane Roe", quote=q), words, ClaimKind.QUOTE)
        for s, q in (
            ("s1", "We will rebuild the bridge"),
            ("s2", "We will rebuild the bridge."),
            ("s3", "We will not rebuild the bridge"),
        )
    ]
    group = only(reconcile(quotes))
    assert group.severity is Severity.MAJOR and sides(group) == [["s1", "s2"], ["s3"]]


def test_an_area_word_does_not_make_another_place() -> None:
    where = "where|epicentre|in"
    claims = [
        said(
            "s1",
            "in the town of Cresswick",
            PlaceValue(entity="quake", place="Cresswick", relation="in"),
            where,
            ClaimKind.PLACE,
        ),
        said(
            "s2",
            "in the Cresswick area",
            PlaceValue(entity="quake", place="Cresswick area", relation="in"),
            where,
            ClaimKind.PLACE,
        ),
    ]
    assert only(reconcile(claims)).status is GroupStatus.AGREE


def test_position_label_lists_the_most_stated_value_first() -> None:
    claims = [
        said("s1", "at least 261 people", at_least(261)),
        said("s2", "261 people", exact(261)),
        said("s3", "261 people", exact(261)),
    ]
    assert position_label(claims) == "261 / at least 261"


# --- case folders: which claims stand on different sides of one conflict, which on one side ----------------

CASES = Path(__file__).parent / "cases"


def _position_cases() -> list[Path]:
    found = []
    for case in sorted(CASES.iterdir()) if CASES.is_dir() else []:
        expect = case / "expect.yaml"
        if expect.is_file() and "positions" in yaml.safe_load(expect.read_text(encoding="utf-8")):
            found.append(case)
    return found


@pytest.mark.parametrize("case", _position_cases(), ids=lambda p: p.name)
def test_case_positions(case: Path) -> None:
    """`positions:` rows of a case: `apart` claims sit in one conflict on different sides (and `says`
    is in its explanation), `together` claims in one position of one group."""
    expect = yaml.safe_load((case / "expect.yaml").read_text(encoding="utf-8"))
    report = run([case], Settings())
    files = {s.id: Path(s.path).name for s in report.sources}

    def ids(file: str, words: str) -> set[str]:
        found = {c.id for c in report.claims if files[c.source] == file and words in c.text}
        assert found, f"{case.name}: no claim {words!r} in {file}"
        return found

    for row in expect["positions"]:
        wanted = [ids(*pair) for pair in row.get("apart") or row["together"]]
        groups = [g for g in report.groups if all(set(g.claims) & claim_ids for claim_ids in wanted)]
        assert groups, f"{case.name}: no group holds {row}"
        group = groups[0]
        side = [{i for i, p in enumerate(group.positions) if set(p.claims) & claim_ids} for claim_ids in wanted]
        if "apart" in row:
            assert group.status is GroupStatus.CONFLICT, (case.name, group.explanation)
            assert not side[0] & side[1], f"{case.name}: {row['apart']} share a position: {group.positions}"
            assert row.get("says", "") in group.explanation, (case.name, group.explanation)
        else:
            assert set.intersection(*side), f"{case.name}: {row['together']} on different sides: {group.positions}"


def test_a_vague_amount_near_a_figure_is_minor_and_far_from_it_major() -> None:
    several = Quantity(low=3, high=9, unit="item", approx=True, hedge="several")
    vague = said("s1", "several coaches", several).model_copy(update={"rule": "count/vague:several"})
    near = only(reconcile([vague, said("s2", "17 coaches", exact(17))]))
    assert near.severity is Severity.MINOR and "'several' is a vague amount" in near.explanation
    far = only(reconcile([vague, said("s2", "40 coaches", exact(40))]))
    assert far.severity is Severity.MAJOR
