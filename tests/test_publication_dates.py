"""Publication dates stated in an article's text: the spec corpus (`tests/data/published.yaml`) run
through the real loader, and invariants checked with hypothesis."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import build_source
from crosscheck.loader import find_published
from crosscheck.loader.dating import yearless_dateline
from crosscheck.loader.files import parse_input
from crosscheck.models import Confidence, PublishedSource
from crosscheck.settings import Settings

DATA = Path(__file__).parent / "data" / "published.yaml"
# A body paragraph with no dates in it, long enough to read as the start of the story.
BODY = (
    "Officials said the repairs would take several weeks and cost more than expected. Residents were told "
    "to use the coastal road in the meantime, and buses will run every twenty minutes.\n"
)
EXPECTED_KEYS = frozenset({"published", "source", "confidence", "text"})

Row = dict[str, Any]


def _rows() -> list[Any]:
    rows: list[Row] = yaml.safe_load(DATA.read_text(encoding="utf-8"))["rows"]
    return [pytest.param(row, id=row["head"].replace("\n", "⏎")[:70]) for row in rows]


def test_corpus_is_big_enough_and_well_formed() -> None:
    rows = [param.values[0] for param in _rows()]
    assert len(rows) >= 60
    for row in rows:
        assert set(row) <= EXPECTED_KEYS | {"head", "body"}, row
        assert "published" in row, row


@pytest.mark.parametrize("row", _rows())
def test_publication_date_corpus(row: Row) -> None:
    text = row["head"] + (BODY if row.get("body", True) else "")
    source = build_source(text)
    head = row["head"]
    assert source.published == row["published"], f"{head!r}: found {source.published_text!r}"
    if row["published"] is None:
        assert source.published_source is None
        assert source.published_confidence is None
        return
    if "source" in row:
        assert source.published_source == PublishedSource(row["source"]), head
    if "confidence" in row:
        assert source.published_confidence == Confidence(row["confidence"]), head
    if "text" in row:
        assert source.published_text == row["text"], head
    assert source.published_text is not None
    assert " ".join(source.published_text.split()) in " ".join(text.split()), "the words are quoted as written"


# --- invariants ----------------------------------------------------------------------------------

_SHAPES = (
    lambda d: f"{d:%B} {d.day}, {d.year}",
    lambda d: f"{d.day} {d:%B} {d.year}",
    lambda d: f"{d:%b}. {d.day}, {d.year}",
    lambda d: d.isoformat(),
    lambda d: f"{d.day:02d}.{d.month:02d}.{d.year}" if d.day > 12 else d.isoformat(),
)
_DATES = st.dates(min_value=date(1900, 1, 1), max_value=date(2199, 12, 31))


@settings(max_examples=150, deadline=None)
@given(day=_DATES, shape=st.sampled_from(_SHAPES), marker=st.sampled_from(["", "Published: ", "Posted on "]))
def test_a_stated_date_is_read_as_written_whatever_today_is(day: date, shape: Any, marker: str) -> None:
    """No rule compares with today: a date far in the past or the future comes back as written."""
    guess = find_published(f"A headline for the story\n{marker}{shape(day)}\n\n{BODY}")
    assert guess is not None
    assert guess.published == day


@settings(max_examples=150, deadline=None)
@given(day=_DATES, shape=st.sampled_from(_SHAPES), lead=st.sampled_from(["Officials said on", "It began on", "By"]))
def test_a_date_in_a_body_sentence_is_never_the_publication_date(day: date, shape: Any, lead: str) -> None:
    text = f"A headline for the story\n\n{BODY}{lead} {shape(day)} the talks had failed, officials told reporters.\n"
    assert find_published(text) is None


@settings(max_examples=100, deadline=None)
@given(day=st.dates(min_value=date(1950, 1, 1), max_value=date(2150, 12, 31)), shift=st.integers(-20, 20))
def test_a_yearless_dateline_takes_the_year_of_a_date_near_it(day: date, shift: int) -> None:
    """The year comes from a full date within days of the dateline's month and day, across a new year."""
    other = day + timedelta(days=shift)
    text = f"Headline\n\nKARVIK, {day:%B} {day.day} (AFP) - The storm of {other:%B} {other.day}, {other.year} hit.\n"
    guess = find_published(text)
    if day.month == 2 and day.day == 29:
        return  # a leap day may not exist in every candidate year
    assert guess is not None
    assert guess.published == day
    assert guess.confidence is Confidence.LOW


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=400))
def test_arbitrary_text_never_raises_and_is_deterministic(text: str) -> None:
    first = find_published(text)
    assert first == find_published(text)
    if first is not None:
        assert first.text in text


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "Published: 4 March 2021",
                "Updated: 5 March 2021",
                "March 3, 2021",
                "Monday 1 March 2021",
                "KARVIK, March 2 (AFP) - A storm hit on March 1, 2021.",
                "03.05.2021",
                "Rail line reopens",
                BODY.strip(),
                "",
            ]
        ),
        max_size=8,
    )
)
def test_same_text_same_result_and_published_beats_updated(lines: list[str]) -> None:
    text = "\n".join(lines)
    guess = find_published(text)
    assert guess == find_published(text)
    if guess is not None:
        assert text[guess.start :].startswith(guess.text), "start points at the quoted words"
    if "Published: 4 March 2021" in lines and guess is not None:
        assert guess.published == date(2021, 3, 4)


def test_yearless_dateline_without_a_year_is_named() -> None:
    text = f"Headline\n\nSouth Haven, April 22 (Xinhua) -- A storm hit on Sunday.\n{BODY}"
    assert find_published(text) is None
    assert yearless_dateline(text) == "South Haven, April 22 (Xinhua) --"
    assert yearless_dateline(f"Headline\n\n{BODY}") is None
    assert yearless_dateline(f"Headline\nPosted on: Jul 10\n\n{BODY}") == "Posted on: Jul 10"


def test_loading_warns_about_a_yearless_dateline() -> None:
    """An input whose dateline names no year, with nothing in the text to fix it, is named in a warning."""
    raw = f"Headline\n\nSouth Haven, April 22 (Xinhua) -- A storm hit.\n{BODY}".encode()
    parsed = parse_input(raw, "a.txt", None, Settings())
    (source,) = parsed.sources
    assert source.published is None
    assert [(n.code, n.path) for n in parsed.notes] == [("yearless-dateline", "a.txt")]
    assert "'South Haven, April 22 (Xinhua) --'" in parsed.notes[0].message
    dated = parse_input(f"Headline\nPublished: 4 March 2021\n\n{BODY}".encode(), "b.txt", None, Settings())
    assert dated.notes == []
