"""Spec corpora for people and places, sentence by sentence (`tests/data/people.yaml`).

Each row is one invented news text, extracted as an article of its own (all rows in one `extract`
call). A row lists what it must yield:

- `titles`: each `{person, title, key, text, title_text}`; the title claim checked is the one about
  `person`; only the fields given are compared.
- `names`: each `{person, role}`: the role the article names that person the one holder of
  (`role: null`: none, the title being shared, former or of nothing named); `names: []`: no
  role holder at all.
- `quotes`: each `{speaker, quote}`: a quote claim with that speaker (and those words, if given).
- `none`: kinds of claim the row must not yield (title, quote).

Places (`tests/data/places.yaml`): each row's `places` are `{place, relation, key, key_has, text}`;
the claim checked is the event-place or site claim naming `place` (and whose key is `key`, when
given); `distinct: true`: the listed claims have pairwise different subject keys; `none: true`: no
event-place or site claim at all.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import SourceFactory
from crosscheck.extractor import Extraction, extract
from crosscheck.extractor.context import norm_key
from crosscheck.models import Claim, ClaimKind, NameValue, PlaceValue, QuoteValue, TitleValue
from crosscheck.settings import Settings

DATA = Path(__file__).parent / "data"
PEOPLE: list[dict[str, Any]] = yaml.safe_load((DATA / "people.yaml").read_text(encoding="utf-8"))["rows"]
PLACES: list[dict[str, Any]] = yaml.safe_load((DATA / "places.yaml").read_text(encoding="utf-8"))["rows"]
EVENT_PLACE_RULES = ("place/event-", "place/site-in")


@pytest.fixture(scope="module")
def people(make_source: SourceFactory) -> Extraction:
    """Every row as its own dated source, extracted together."""
    sources = [
        make_source(row["text"] + "\n", path=f"row{n}.txt", source_id=f"r{n}", published=date(2024, 5, 3))
        for n, row in enumerate(PEOPLE)
    ]
    return extract(sources, Settings())


def _claims(extraction: Extraction, n: int, kind: ClaimKind) -> list[Claim]:
    return [c for c in extraction.claims if c.source == f"r{n}" and c.kind is kind]


def _rows(key: str) -> list[Any]:
    return [pytest.param(n, row, id=row["text"][:70]) for n, row in enumerate(PEOPLE) if key in row]


@pytest.mark.parametrize(("n", "row"), _rows("titles"))
def test_titles(people: Extraction, n: int, row: dict[str, Any]) -> None:
    found = _claims(people, n, ClaimKind.TITLE)
    for spec in row["titles"]:
        mine = [c for c in found if isinstance(c.value, TitleValue) and c.value.person == spec["person"]]
        assert mine, f"{row['text']!r}: no title for {spec['person']!r} among {[c.value for c in found]}"
        claim = mine[0]
        assert isinstance(claim.value, TitleValue)
        if "title" in spec:
            assert claim.value.title == spec["title"], [c.value for c in mine]
        if "key" in spec:
            assert claim.subject.key == spec["key"]
        if "text" in spec:
            assert claim.text == spec["text"]
        if "title_text" in spec:
            assert claim.value.title_text == spec["title_text"]


@pytest.mark.parametrize(("n", "row"), _rows("names"))
def test_role_holders(people: Extraction, n: int, row: dict[str, Any]) -> None:
    titled = {c.value.person for c in _claims(people, n, ClaimKind.TITLE) if isinstance(c.value, TitleValue)}
    roles = {
        (c.value.person, c.value.role) for c in _claims(people, n, ClaimKind.NAME) if isinstance(c.value, NameValue)
    }
    if not row["names"]:
        assert not roles, f"{row['text']!r}: {roles}"
    for spec in row["names"]:
        assert spec["person"] in titled | {person for person, _role in roles}, f"{row['text']!r}: {titled}"
        mine = {role for person, role in roles if person == spec["person"]}
        assert mine == ({spec["role"]} if spec["role"] else set()), f"{row['text']!r}: {mine}"
    for claim in _claims(people, n, ClaimKind.NAME):
        assert isinstance(claim.value, NameValue)
        assert claim.subject.key == f"name|{norm_key(claim.value.role)}"


@pytest.mark.parametrize(("n", "row"), _rows("quotes"))
def test_quotes(people: Extraction, n: int, row: dict[str, Any]) -> None:
    found = _claims(people, n, ClaimKind.QUOTE)
    for spec in row["quotes"]:
        mine = [c for c in found if isinstance(c.value, QuoteValue) and c.value.speaker == spec["speaker"]]
        assert mine, f"{row['text']!r}: no quote by {spec['speaker']!r} among {[c.value for c in found]}"
        if "quote" in spec:
            assert [c.value.quote for c in mine if isinstance(c.value, QuoteValue)] == [spec["quote"]]


@pytest.mark.parametrize(("n", "row"), _rows("none"))
def test_no_claims_of_kind(people: Extraction, n: int, row: dict[str, Any]) -> None:
    for kind in row["none"]:
        found = _claims(people, n, ClaimKind(kind))
        assert not found, f"{row['text']!r}: {[(c.text, c.value) for c in found]}"


@pytest.fixture(scope="module")
def places(make_source: SourceFactory) -> Extraction:
    """Every place row as its own dated source, extracted together."""
    sources = [
        make_source(row["text"] + "\n", path=f"place{n}.txt", source_id=f"r{n}", published=date(2024, 5, 3))
        for n, row in enumerate(PLACES)
    ]
    return extract(sources, Settings())


def _event_places(extraction: Extraction, n: int) -> list[Claim]:
    return [c for c in _claims(extraction, n, ClaimKind.PLACE) if c.rule.startswith(EVENT_PLACE_RULES)]


@pytest.mark.parametrize(
    ("n", "row"), [pytest.param(n, row, id=row["text"][:70]) for n, row in enumerate(PLACES) if "places" in row]
)
def test_event_places(places: Extraction, n: int, row: dict[str, Any]) -> None:
    found = _event_places(places, n)
    seen: list[str] = []
    for spec in row["places"]:
        mine = [
            c
            for c in found
            if isinstance(c.value, PlaceValue)
            and c.value.place == spec["place"]
            and ("key" not in spec or c.subject.key == spec["key"])
        ]
        assert mine, f"{row['text']!r}: no {spec} among {[(c.subject.key, c.value) for c in found]}"
        claim = mine[0]
        assert isinstance(claim.value, PlaceValue)
        if "relation" in spec:
            assert claim.value.relation == spec["relation"]
        for fragment in spec.get("key_has", []):
            assert fragment in claim.subject.key
        if "text" in spec:
            assert claim.text == spec["text"]
        seen.append(claim.subject.key)
    if row.get("distinct"):
        assert len(set(seen)) == len(seen), seen


@pytest.mark.parametrize(
    ("n", "row"), [pytest.param(n, row, id=row["text"][:70]) for n, row in enumerate(PLACES) if row.get("none")]
)
def test_no_event_places(places: Extraction, n: int, row: dict[str, Any]) -> None:
    found = _event_places(places, n)
    assert not found, f"{row['text']!r}: {[(c.subject.key, c.value) for c in found]}"


def test_where_someone_spoke_when_the_place_comes_first(make_source: SourceFactory) -> None:
    text = "In Nairobi, a taxi driver named Rachel Pike told Highmont Times: “People here only want the roads open.”\n"
    source = make_source(text, path="spoke.txt", source_id="s1", published=date(2024, 5, 3))
    claims = [c for c in extract([source], Settings()).claims if c.rule == "place/spoke-in"]
    assert len(claims) == 1
    claim = claims[0]
    assert claim.start < claim.end and claim.text.startswith("In Nairobi") and "told" in claim.text
