"""`crosscheck freeze` writes a clean baseline: whatever the articles, `check` on the frozen file and
the same articles passes, with every frozen claim supported and every conflict accepted.

Three sizes of proof: every case folder's articles (and the fixtures), generated sets of invented
articles through spaCy and the CLI, and many generated claim sets straight through the reconciler
(no spaCy: hedges, units, date ranges and conflicts the templates of articles do not reach)."""

from __future__ import annotations

import json
import math
import tempfile
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner, Result

from conftest import build_source
from crosscheck.checker import check, failed, freeze, parse_claims_file
from crosscheck.checker.values import expected_dates, expected_quantity
from crosscheck.cli import app
from crosscheck.models import (
    Claim,
    ClaimKind,
    ClaimValue,
    DateValue,
    GroupStatus,
    PlaceValue,
    Quantity,
    QuoteValue,
    Report,
    Subject,
    TitleValue,
)
from crosscheck.reconciler import reconcile

ROOT = Path(__file__).resolve().parent.parent
CASES = Path(__file__).parent / "cases" / "check"
runner = CliRunner()


def invoke(args: list[str]) -> Result:
    """Run the CLI in-process (the spaCy model is loaded once for the whole session)."""
    result = runner.invoke(app, args)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"crosscheck {' '.join(args)} raised {result.exception!r}") from result.exception
    return result


def agreements_nothing_disputes(report: dict[str, Any]) -> set[str]:
    """Subject keys of agreements whose subject no claim outside the agreement speaks of: each must be frozen."""
    keys = set()
    for group in report["groups"]:
        key = group["subject"]["key"]
        if group["status"] != "agree" or key.startswith("position|"):
            continue
        members = set(group["claims"])
        about = [c for c in report["claims"] if c["subject"]["key"] == key or c["subject"]["key"].startswith(key + "|")]
        if all(c["id"] in members for c in about):
            keys.add(key)
    return keys


def freeze_then_check(folder: Path, workdir: Path) -> tuple[dict[str, Any], str]:
    """Freeze the articles under `folder`, check the frozen file against them; the check's JSON and the file."""
    frozen = invoke(["freeze", str(folder), "-q", "--jobs", "1"])
    assert frozen.exit_code == 0, frozen.output
    claims = workdir / "frozen.yaml"
    claims.write_text(frozen.stdout, encoding="utf-8")
    result = invoke(["check", str(claims), "--format", "json", "-q", "--jobs", "1", "--fail-on", "minor"])
    data: dict[str, Any] = json.loads(result.stdout)
    assert result.exit_code == 0, (frozen.stdout, data["check"]["summary"])
    return data, frozen.stdout


def assert_clean_baseline(data: dict[str, Any], frozen_text: str) -> None:
    check_data = data["check"]
    parsed = parse_claims_file(frozen_text, "frozen.yaml")
    statuses = {c["id"]: (c["status"], c["explanation"]) for c in check_data["claims"]}
    assert statuses == {c.id: ("supported", statuses[c.id][1]) for c in parsed.claims}, frozen_text
    assert all(c["accepted"] for c in check_data["conflicts"]), check_data["conflicts"]
    assert not check_data["failed"]
    frozen_keys = {c.subject_key for c in parsed.claims}
    missing = agreements_nothing_disputes(data) - frozen_keys
    assert not missing, f"agreements left out of the frozen file: {missing}\n{frozen_text}"


# --- 1. every case folder's articles, and the fixtures ------------------------------------------------


@pytest.mark.parametrize(
    "folder",
    [
        *sorted(p / "articles" for p in CASES.iterdir() if (p / "articles").is_dir()),
        ROOT / "fixtures" / "articles",
    ],
    ids=lambda p: p.parent.name if p.name == "articles" and p.parent.parent == CASES else "fixtures",
)
def test_freeze_of_case_articles_passes_check(folder: Path, tmp_path: Path) -> None:
    data, frozen = freeze_then_check(folder, tmp_path)
    assert_clean_baseline(data, frozen)


# --- 2. generated sets of invented articles, through spaCy and the CLI ------------------------------------

OUTLETS = ["Harbour Times", "Coastal Herald", "Morning Ledger", "Valley Gazette", "The Northern Star"]
PLACES = ["Kestrel Bay", "Dunmore", "Lorin", "Varnholt", "Ostrava Creek"]
EVENTS = [
    "A passenger ferry sank off {place}",
    "A footbridge collapsed in {place}",
    "A fire swept through a market in {place}",
    "Floods hit {place}",
]
HEDGES = [
    "",
    "about ",
    "around ",
    "at least ",
    "more than ",
    "nearly ",
    "some ",
    "up to ",
    "an estimated ",
    "fewer than ",
]
ROLES = ["were killed", "were injured", "were arrested", "were evacuated", "were rescued"]
PEOPLE = {
    "Elsa Varn": ["Harbour Minister", "Transport Minister", "Interior Minister"],
    "Tomas Reyl": ["Police Chief", "Mayor", "Fire Chief"],
    "Ilse Marov": ["Health Minister", "Governor"],
}
QUOTES = [
    "we will find out what went wrong",
    "the rescue work continues through the night",
    "nobody could have seen this coming",
    "help is on the way",
]
MONEY = ["${n} million", "€{n} million", "£{n} million", "{n} million dollars", "{n} million euros"]
SHARES = ["a third", "half", "40 percent", "two-thirds", "12.5%", "a quarter"]


@st.composite
def story(draw: st.DrawFn) -> dict[str, Any]:
    """One invented event: what most outlets will say about it."""
    return {
        "event": draw(st.sampled_from(EVENTS)).format(place=draw(st.sampled_from(PLACES))),
        "day": draw(st.dates(min_value=date(2023, 1, 1), max_value=date(2025, 12, 31))),
        "counts": draw(
            st.dictionaries(st.sampled_from(ROLES), st.sampled_from([12, 20, 23, 35, 60, 140, 1000]), max_size=3)
        ),
        "person": draw(st.sampled_from(sorted(PEOPLE))),
        "quote": draw(st.sampled_from(QUOTES)),
        "money": (draw(st.sampled_from(MONEY)), draw(st.sampled_from([1.5, 2, 4, 6]))),
        "distance": (draw(st.sampled_from([3, 5, 12, 15])), draw(st.sampled_from(PLACES))),
        "share": draw(st.sampled_from(SHARES)),
        "hours": draw(st.sampled_from([5, 36, 48])),
    }


@st.composite
def article(draw: st.DrawFn, base: dict[str, Any], outlet: str) -> str:
    """One outlet's report: mostly the story's facts, sometimes hedged, sometimes another figure."""
    day: date = base["day"]
    published = day + timedelta(days=draw(st.integers(0, 2)))
    differs = st.booleans()
    when = draw(
        st.sampled_from(
            [
                "",
                " on Thursday",
                " last week",
                f" on {day:%B} {day.day}",
                f" on {day:%B} {day.day}, {day.year}",
                f" in {day:%B %Y}",
                f" in mid-{day:%B}",
            ]
        )
    )
    lines = [f"{base['event']}{when}."]
    for verb, number in base["counts"].items():
        if draw(differs):
            number = draw(st.sampled_from([number + 3, number * 2, 7, 300]))
        lines.append(f"Officials said {draw(st.sampled_from(HEDGES))}{number} people {verb}.")
    if draw(st.booleans()):
        form, amount = base["money"]
        if draw(differs):
            amount = draw(st.sampled_from([1.5, 2, 4, 6, 12]))
        hedge = draw(st.sampled_from(["", "about ", "more than ", "nearly "]))
        lines.append(f"Repairs will cost {hedge}{form.format(n=amount)}, the council said.")
    if draw(st.booleans()):
        km, town = base["distance"]
        unit = draw(st.sampled_from(["km", "kilometres", "miles"]))
        hedge = draw(st.sampled_from(["", "about ", "some "]))
        lines.append(f"The wreck lies {hedge}{km} {unit} from {town}.")
    if draw(st.booleans()):
        share = base["share"] if not draw(differs) else draw(st.sampled_from(SHARES))
        lines.append(f"Officials said {share} of the homes lost power.")
    if draw(st.booleans()):
        hours = base["hours"] if not draw(differs) else draw(st.sampled_from([5, 12, 36]))
        lines.append(f"The search lasted {draw(st.sampled_from(['', 'about ', 'nearly ']))}{hours} hours.")
    person = base["person"]
    title = PEOPLE[person][0] if not draw(differs) else draw(st.sampled_from(PEOPLE[person]))
    quote = base["quote"] if not draw(differs) else draw(st.sampled_from([*QUOTES, base["quote"] + " here"]))
    lines.append(f'{title} {person} said "{quote}".')
    if draw(st.booleans()):
        lines.append(f'{person} later said "{draw(st.sampled_from(QUOTES))}".')
    body = " ".join(lines)
    return f"---\ntitle: {base['event']}\noutlet: {outlet}\npublished: {published.isoformat()}\n---\n{body}\n"


@st.composite
def article_sets(draw: st.DrawFn) -> list[str]:
    """Two to four outlets reporting one invented event."""
    base = draw(story())
    outlets = draw(st.lists(st.sampled_from(OUTLETS), min_size=2, max_size=4, unique=True))
    return [draw(article(base, outlet)) for outlet in outlets]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(articles=article_sets())
def test_freeze_of_generated_articles_passes_check(articles: list[str]) -> None:
    with tempfile.TemporaryDirectory(prefix="crosscheck-freeze-") as tmp:
        folder = Path(tmp) / "news"
        folder.mkdir()
        for number, text in enumerate(articles):
            (folder / f"{number}.md").write_text(text, encoding="utf-8")
        data, frozen = freeze_then_check(folder, Path(tmp))
        assert_clean_baseline(data, frozen)


# --- 3. generated claims straight through the reconciler ----------------------------------------------

# (kind, subject key, unit): counts, money in two currencies under one key, converted distances,
# fractions as percentages, hours as days
NUMERIC = [
    (ClaimKind.COUNT, "count|killed|-|-", "item"),
    (ClaimKind.COUNT, "count|injured|-|-", "item"),
    (ClaimKind.MONEY, "money|cost|-", "USD"),
    (ClaimKind.MONEY, "money|cost|-", "EUR"),
    (ClaimKind.DISTANCE, "distance|wreck|dunmore", "km"),
    (ClaimKind.PERCENT, "percent|homes|-|-", "percent"),
    (ClaimKind.DURATION, "duration|search|-", "day"),
]
NUMBERS = [1, 2.5, 12, 19.312128, 20, 23, 33.333333, 35, 60, 66.666667, 0.208333, 1_500_000, 2_000_000]


@st.composite
def quantities(draw: st.DrawFn, unit: str) -> Quantity:
    """An amount as the extractor writes it: exact, a range, hedged, or open at one end."""
    n = draw(st.sampled_from(NUMBERS))
    form = draw(st.sampled_from(["exact", "about", "nearly", "over", "at least", "up to", "under", "range"]))
    low: float | None
    high: float | None
    low_in = high_in = True
    low, high = {
        "exact": (n, n),
        "about": (round(n * 0.9, 6), round(n * 1.1, 6)),
        "nearly": (round(n * 0.9, 6), n),
        "over": (n, None),
        "at least": (n, None),
        "up to": (None, n),
        "under": (None, n),
        "range": (n, n * 2),
    }[form]
    if form == "over":
        low_in = False
    if form in ("nearly", "under"):
        high_in = False
    return Quantity(
        low=low, high=high, low_inclusive=low_in, high_inclusive=high_in, unit=unit, approx=form in ("about", "nearly")
    )


@st.composite
def dates(draw: st.DrawFn) -> DateValue:
    """A day, a week, part of a month, a month, a year, or 'since' a day, around one week in 2024."""
    day = date(2024, 9, 1) + timedelta(days=draw(st.integers(0, 20)))
    form = draw(st.sampled_from(["day", "week", "part", "month", "year", "since"]))
    if form == "day":
        return DateValue(start=day, end=day, granularity="day")
    if form == "week":
        monday = day - timedelta(days=day.weekday())
        return DateValue(start=monday, end=monday + timedelta(days=6), granularity="week")
    if form == "part":
        return DateValue(start=date(2024, 9, 11), end=date(2024, 9, 20), granularity="month")
    if form == "month":
        return DateValue(start=date(2024, 9, 1), end=date(2024, 9, 30), granularity="month")
    if form == "year":
        return DateValue(start=date(2024, 1, 1), end=date(2024, 12, 31), granularity="year")
    return DateValue(start=day, end=day, granularity="day", since=True)


@st.composite
def values(draw: st.DrawFn) -> tuple[ClaimKind, str, ClaimValue]:
    """A kind, a subject key and a value of that kind."""
    which = draw(st.sampled_from(["numeric", "date", "title", "quote", "place"]))
    if which == "numeric":
        kind, key, unit = draw(st.sampled_from(NUMERIC))
        return kind, key, draw(quantities(unit))
    if which == "date":
        return ClaimKind.DATE, "date|collapse|-", draw(dates())
    if which == "title":
        title = draw(st.sampled_from(["Minister", "Minister of Transport", "Mayor", "US Secretary of Defense"]))
        return ClaimKind.TITLE, "title|elsa varn", TitleValue(person="Elsa Varn", title=title, title_text=title)
    if which == "quote":
        quote = draw(st.sampled_from([*QUOTES, QUOTES[0] + " here"]))
        return ClaimKind.QUOTE, "quote|elsa varn", QuoteValue(speaker="Elsa Varn", quote=quote)
    place = draw(st.sampled_from(["Niamey", "Agadez", "Niger", "Lorin"]))
    return ClaimKind.PLACE, "location|ferry|-|-", PlaceValue(entity="the ferry", place=place, relation="based in")


@st.composite
def reports(draw: st.DrawFn) -> Report:
    """Two to four sources, each stating a few claims about a handful of shared subjects."""
    sources = []
    claims = []
    for number in range(1, draw(st.integers(2, 4)) + 1):
        published = date(2024, 9, 15) + timedelta(days=draw(st.integers(0, 3)))
        text = f"---\noutlet: Outlet {number}\npublished: {published.isoformat()}\n---\nWords of outlet {number}.\n"
        source = build_source(text, f"news/{number}.md", f"s{number}")
        sources.append(source)
        for index, (kind, key, value) in enumerate(draw(st.lists(values(), min_size=1, max_size=6)), start=1):
            claims.append(
                Claim(
                    id=f"{source.id}.c{index}",
                    source=source.id,
                    kind=kind,
                    subject=Subject(key=key, label=key.replace("|", " ")),
                    value=value,
                    text="Words",
                    sentence=f"Words of outlet {number}.",
                    start=0,
                    end=5,
                    rule="test/hypothesis",
                )
            )
    return Report(crosscheck="test", sources=sources, claims=claims, groups=reconcile(claims, sources), warnings=[])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(report=reports())
def test_freeze_of_generated_claims_passes_check(report: Report) -> None:
    frozen = freeze(report, ["news"])
    parsed = parse_claims_file(frozen, "frozen.yaml")
    result = check(report, parsed, "frozen.yaml")
    assert [c.id for c in result.claims if c.status != "supported"] == [], frozen
    assert all(c.accepted for c in result.conflicts), frozen
    assert not failed(result, "minor")
    missing = agreements_nothing_disputes(report.model_dump(mode="json")) - {c.subject_key for c in parsed.claims}
    assert not missing, f"agreements left out: {missing}\n{frozen}"


# --- 4. a frozen value reads back as exactly what the articles share ------------------------------------


def _one_claim_per_source(kind: ClaimKind, key: str, label: str, values: list[ClaimValue]) -> Report:
    """A reconciled report of one source per value, each stating it as one claim about `key`."""
    claims = [
        Claim(
            id=f"s{n}.c1",
            source=f"s{n}",
            kind=kind,
            subject=Subject(key=key, label=label),
            value=value,
            text="it",
            sentence="it",
            start=0,
            end=2,
            rule="test",
        )
        for n, value in enumerate(values, start=1)
    ]
    sources = [build_source(f"it {n}", f"{n}.md", f"s{n}") for n in range(1, len(values) + 1)]
    return Report(crosscheck="test", sources=sources, claims=claims, groups=reconcile(claims, sources), warnings=[])


@settings(max_examples=200, deadline=None)
@given(unit=st.sampled_from(NUMERIC), data=st.data())
def test_frozen_amount_reads_back_as_the_common_interval(unit: tuple[ClaimKind, str, str], data: st.DataObject) -> None:
    kind, key, name = unit
    amounts = data.draw(st.lists(quantities(name), min_size=2, max_size=4))
    low = max((a.low for a in amounts if a.low is not None), default=-math.inf)
    high = min((a.high for a in amounts if a.high is not None), default=math.inf)
    if low > high:
        return  # these do not agree: no agreement to freeze
    report = _one_claim_per_source(kind, key, "it", list(amounts))
    agreed = [g for g in report.groups if g.status is GroupStatus.AGREE and len(g.claims) == len(amounts)]
    if not agreed:
        return  # the reconciler's hedge rules split them
    frozen = parse_claims_file(freeze(report, ["news"]), "frozen.yaml")
    assert len(frozen.claims) == 1
    assert expected_quantity(frozen.claims[0].value, kind) == (low, high, name)


@settings(max_examples=200, deadline=None)
@given(days=st.lists(dates(), min_size=2, max_size=4))
def test_frozen_date_reads_back_as_the_shared_days(days: list[DateValue]) -> None:
    first = max(d.start for d in days if d.start is not None)
    last = min(date.max if d.since else d.end for d in days if d.end is not None)
    report = _one_claim_per_source(ClaimKind.DATE, "date|collapse|-", "date of the collapse", list(days))
    frozen = parse_claims_file(freeze(report, ["news"]), "frozen.yaml")
    if first > last:
        assert frozen.claims == []
        return
    assert [expected_dates(c.value) for c in frozen.claims] == [(first, last)]


def test_frozen_file_reads_as_yaml_without_tags() -> None:
    """Dates are plain YAML dates, numbers plain numbers: an editor's schema validator reads the file."""
    day = DateValue(start=date(2024, 9, 11), end=date(2024, 9, 15), granularity="week")
    report = _one_claim_per_source(ClaimKind.DATE, "date|collapse|-", "date of the collapse", [day, day])
    text = freeze(report, ["news"])
    assert "!!" not in text
    assert yaml.safe_load(text)["claims"][0]["value"] == {"min": date(2024, 9, 11), "max": date(2024, 9, 15)}
