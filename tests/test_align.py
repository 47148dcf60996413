"""Alignment: which claims from different sources are about the same thing (invented articles)."""

from __future__ import annotations

from pathlib import Path

import pytest

from crosscheck.models import Claim, ClaimKind, Frame, Group, GroupStatus, Quantity, Report, Subject
from crosscheck.pipeline import run
from crosscheck.reconciler.align import join_unplaced, merge_holders, merge_spellings, scoped_place, subject_key
from crosscheck.settings import Settings


def _report(tmp_path: Path, articles: dict[str, str]) -> Report:
    for name, text in articles.items():
        (tmp_path / name).write_text(f"Published: 2024-03-02\n\n{text}\n", encoding="utf-8")
    return run([tmp_path], Settings())


def _claim(report: Report, file: str, text: str) -> Claim:
    ids = {s.id for s in report.sources if Path(s.path).name == file}
    found = [c for c in report.claims if c.source in ids and c.text == text]
    assert len(found) >= 1, f"no claim {text!r} in {file}: {[c.text for c in report.claims]}"
    return found[0]


def _together(report: Report, *claims: Claim) -> list[Group]:
    ids = {c.id for c in claims}
    return [g for g in report.groups if ids <= set(g.claims)]


def test_a_country_named_elsewhere_in_the_article_does_not_split_one_toll(tmp_path: Path) -> None:
    report = _report(
        tmp_path,
        {
            "a.txt": "Officials in Chile said on Saturday that the floods had killed 40 people.\n\n"
            "Chile has seen three floods this decade.",
            "b.txt": "The floods have killed 40 people, the ministry said.",
        },
    )
    a, b = _claim(report, "a.txt", "40 people"), _claim(report, "b.txt", "40 people")
    groups = _together(report, a, b)
    assert groups and groups[0].status is GroupStatus.AGREE


def test_a_place_tied_to_the_figure_keeps_two_provinces_apart(tmp_path: Path) -> None:
    report = _report(
        tmp_path,
        {
            "a.txt": "The storm killed 40 people in Alpha Province, the governor said.",
            "b.txt": "The storm killed 12 people in Beta Province, the governor said.",
        },
    )
    a, b = _claim(report, "a.txt", "40 people"), _claim(report, "b.txt", "12 people")
    assert not _together(report, a, b)


def test_a_depth_is_not_compared_with_a_distance_from_a_town(tmp_path: Path) -> None:
    report = _report(
        tmp_path,
        {
            "a.txt": "The epicentre was 50 km (31 miles) south of Varnholt, the survey said.",
            "b.txt": "The epicentre was at a depth of 10 km, about 50 km south of Varnholt, the survey said.",
        },
    )
    depth = _claim(report, "b.txt", "10 km")
    far = _claim(report, "a.txt", "50 km")
    assert not [g for g in _together(report, depth, far) if g.status is GroupStatus.CONFLICT]
    agreeing = _together(report, far, _claim(report, "b.txt", "about 50 km"))
    assert agreeing and agreeing[0].status is GroupStatus.AGREE


def _quantity_claim(source: str, text: str, sentence: str, key: str, place: str | None = None) -> Claim:
    return Claim(
        id=f"{source}.c1",
        source=source,
        kind=ClaimKind.COUNT if key.startswith("count") else ClaimKind.DISTANCE,
        subject=Subject(key=key, label=key),
        value=Quantity(low=1, high=1, unit="item"),
        text=text,
        sentence=sentence,
        start=0,
        end=len(text),
        rule="test",
        frame=Frame(place=place),
    )


@pytest.mark.parametrize(
    ("text", "sentence", "place", "tied"),
    [
        ("1,300 people", "The quake killed 1,300 people in Alpha Province.", "Alpha Province", True),
        ("12", "It killed 40 people: 12 in Beta, 9 in Gamma.", "Beta", True),
        ("40 people", "The quake struck near Varnholt, killing 40 people.", "Varnholt", False),
        ("261", "The toll rose to 261 on Saturday in Varnholt.", "Varnholt", True),
        ("3,000 jobs", "The firm will cut 3,000 jobs across the whole of Germany.", "Germany", True),
    ],
)
def test_a_place_is_tied_to_a_figure_only_when_it_follows_it(text: str, sentence: str, place: str, tied: bool) -> None:
    claim = _quantity_claim("s1", text, sentence, "count|killed|-|Chile", place)
    assert (scoped_place(claim) == place) is tied


def test_the_subject_key_drops_a_guessed_country_and_keeps_a_tied_place() -> None:
    guessed = _quantity_claim("s1", "40 people", "Officials said 40 people died.", "count|killed|-|Chile")
    tied = _quantity_claim(
        "s2", "40 people", "It killed 40 people in Alpha Province.", "count|killed|-|-", place="Alpha Province"
    )
    assert subject_key(guessed) == "count|killed|-|-"
    assert subject_key(tied) == "count|killed|-|alpha province"


def test_a_distance_takes_its_reference_from_the_words_after_it() -> None:
    claim = _quantity_claim("s1", "31 miles", "It was 31 miles (50km) south-west of Varnholt.", "distance|epicentre|-")
    assert subject_key(claim) == "distance|epicentre|varnholt"
    depth = _quantity_claim("s1", "7.8 miles", "It was at a depth of 12.5km (7.8 miles).", "distance|epicentre|-")
    assert subject_key(depth) == "distance|epicentre|depth"


def test_two_spellings_of_one_reference_place_are_one_bucket() -> None:
    a = _quantity_claim("s1", "70km", "x", "distance|epicentre|varnholt")
    b = _quantity_claim("s2", "70km", "x", "distance|epicentre|varnhold")
    c = _quantity_claim("s3", "70km", "x", "distance|epicentre|ostermoor")
    merged = merge_spellings(
        {"distance|epicentre|varnholt": [a], "distance|epicentre|varnhold": [b], "distance|epicentre|ostermoor": [c]}
    )
    assert sorted(len(v) for v in merged.values()) == [1, 2]


def test_an_open_class_count_meets_its_synonym_predicate_and_an_unknown_verb(tmp_path: Path) -> None:
    report = _report(
        tmp_path,
        {
            "a.txt": "The retailer will shut 40 stores across the region, the company said.",
            "b.txt": "Forty stores are to close, the retailer said on Friday.",
            "c.txt": "Some 40 stores featured in the plan, the union said.",
            "d.txt": "The retailer will also shut 12 warehouses, the company said.",
        },
    )
    a, b = _claim(report, "a.txt", "40 stores"), _claim(report, "b.txt", "Forty stores")
    c = _claim(report, "c.txt", "Some 40 stores")
    groups = _together(report, a, b, c)
    assert groups and groups[0].status is GroupStatus.AGREE
    assert not _together(report, a, _claim(report, "d.txt", "12 warehouses"))


def test_an_unplaced_date_joins_the_country_most_sources_name_but_never_a_town() -> None:
    def bucket(*sources: str) -> list[Claim]:
        return [_quantity_claim(s, "x", "x", "count|x|-|-") for s in sources]

    buckets = {
        "date|crash|Chile": bucket("s1", "s2"),
        "date|crash|Peru": bucket("s3"),
        "date|crash|-": bucket("s4"),
        "date|storm|varnholt": bucket("s5"),
        "date|storm|-": bucket("s6"),
    }
    merged = join_unplaced(buckets)
    assert sorted(c.source for c in merged["date|crash|Chile"]) == ["s1", "s2", "s4"]
    assert "date|crash|-" not in merged and len(merged["date|crash|Peru"]) == 1
    assert len(merged["date|storm|-"]) == 1  # a town is a part of the whole: no join


def _held(source: str, key: str, holder: str) -> Claim:
    claim = _quantity_claim(source, "52 percent", "x", key)
    return claim.model_copy(update={"frame": Frame(holder=holder)})


def test_one_holder_named_three_ways_is_one_bucket_and_two_people_stay_apart() -> None:
    buckets = {
        "percent|votes|-|-|jane roe#percent": [_held("s1", "percent|votes|-|-|jane roe", "Jane Roe")],
        "percent|votes|-|-|roe#percent": [_held("s2", "percent|votes|-|-|roe", "Roe")],
        "percent|votes|-|-|party leader jane roe#percent": [
            _held("s3", "percent|votes|-|-|party leader jane roe", "party leader Jane Roe")
        ],
        "percent|votes|-|-|john doe#percent": [_held("s4", "percent|votes|-|-|john doe", "John Doe")],
    }
    merged = merge_holders(buckets)
    assert sorted(len(v) for v in merged.values()) == [1, 3]
    assert [c.source for c in merged["percent|votes|-|-|john doe#percent"]] == ["s4"]


def test_a_holder_that_could_be_two_people_joins_neither() -> None:
    buckets = {
        "percent|votes|-|-|jane roe#percent": [_held("s1", "percent|votes|-|-|jane roe", "Jane Roe")],
        "percent|votes|-|-|john roe#percent": [_held("s2", "percent|votes|-|-|john roe", "John Roe")],
        "percent|votes|-|-|roe#percent": [_held("s3", "percent|votes|-|-|roe", "Roe")],
    }
    assert sorted(len(v) for v in merge_holders(buckets).values()) == [1, 1, 1]
