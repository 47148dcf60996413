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
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import SourceFactory
from crosscheck.extractor import Extraction, extract
from crosscheck.extractor.context import build_context
from crosscheck.extractor.nlp import load_model, sentences
from crosscheck.extractor.roles import role_mentions, role_of
from crosscheck.models import Claim, ClaimKind, QuoteValue, TitleValue
from crosscheck.settings import Settings

DATA = Path(__file__).parent / "data"
PEOPLE: list[dict[str, Any]] = yaml.safe_load((DATA / "people.yaml").read_text(encoding="utf-8"))["rows"]


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
def test_role_holders(n: int, row: dict[str, Any]) -> None:
    doc = load_model(None)(row["text"])
    known = build_context([doc], None).persons
    mentions = [m for sent in sentences(doc) for m in role_mentions(sent, known)]
    roles = {(m.person, role) for m in mentions if (role := role_of(m)) is not None}
    if not row["names"]:
        assert not roles, f"{row['text']!r}: {roles}"
    for spec in row["names"]:
        people = [m.person for m in mentions]
        assert spec["person"] in people, f"{row['text']!r}: {spec['person']!r} not among {people}"
        mine = {role for person, role in roles if person == spec["person"]}
        assert mine == ({spec["role"]} if spec["role"] else set()), f"{row['text']!r}: {mine}"


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
