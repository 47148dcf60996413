"""Dated events: every date that an event verb or noun governs becomes a claim, resolved in the
direction its verb points (plans and deadlines forward, what happened back).

Rows in tests/data/dated_events.yaml are invented sentences, each its own article; one extract()
call reads them all.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import SourceFactory
from crosscheck.extractor import Extraction, dates, extract
from crosscheck.models import Claim, ClaimKind, DateValue
from crosscheck.settings import Settings

ROWS: list[dict[str, Any]] = yaml.safe_load(
    (Path(__file__).parent / "data" / "dated_events.yaml").read_text(encoding="utf-8")
)["rows"]


@pytest.fixture(scope="module")
def extracted(make_source: SourceFactory) -> Extraction:
    """Every row as its own article, extracted in one call."""
    sources = [
        make_source(row["text"] + "\n", path=f"row{i}.txt", source_id=f"r{i}", published=row["anchor"])
        for i, row in enumerate(ROWS)
    ]
    return extract(sources, Settings())


def _dates(extraction: Extraction, source: str, words: str) -> list[Claim]:
    return [c for c in extraction.claims if c.source == source and c.kind is ClaimKind.DATE and words in c.text]


@pytest.mark.parametrize("index", range(len(ROWS)), ids=[f"{r['text'][:50]}|{r['words']}" for r in ROWS])
def test_dated_event(extracted: Extraction, index: int) -> None:
    row = ROWS[index]
    found = _dates(extracted, f"r{index}", row["words"])
    if "expect" in row:
        assert not found, f"{row['text']!r}: no date claim expected for {row['words']!r}, got {found}"
        return
    everything = [(c.text, c.subject.key) for c in extracted.claims if c.source == f"r{index}"]
    assert len(found) == 1, f"{row['text']!r}: {row['words']!r} among {everything}"
    claim = found[0]
    assert isinstance(claim.value, DateValue)
    assert (claim.value.start, claim.value.end) == (row["start"], row["end"]), claim.rule
    if "event" in row:
        assert row["event"] in claim.subject.key.split("|")[1], claim.subject.key


def _article(make_source: SourceFactory, text: str, source_id: str, published: date | None) -> Any:
    return make_source(text, path=f"{source_id}.txt", source_id=source_id, published=published)


def test_synonyms_share_a_subject_and_other_events_do_not(make_source: SourceFactory) -> None:
    """Two outlets' words for one quake date one subject; finding and rescuing are other events."""
    saturday, monday = date(2024, 5, 4), date(2024, 5, 6)
    one = _article(make_source, "The quake struck the valley late on Friday.\n", "a", saturday)
    two = _article(make_source, "The earthquake that hit the valley on Friday night killed 40.\n", "b", monday)
    three = _article(
        make_source,
        "The climbers were found on Monday. The climbers were rescued on Thursday.\n",
        "c",
        date(2024, 5, 10),
    )
    claims = [c for c in extract([one, two, three], Settings()).claims if c.kind is ClaimKind.DATE]
    quake = {c.subject.key for c in claims if c.source in ("a", "b")}
    assert len(quake) == 1 and "earthquake" in next(iter(quake))
    assert {c.value.start for c in claims if c.source in ("a", "b") and isinstance(c.value, DateValue)} == {
        date(2024, 5, 3)
    }
    climbers = {c.subject.key for c in claims if c.source == "c"}
    assert len(climbers) == 2, climbers


def test_the_rule_records_the_direction(extracted: Extraction) -> None:
    index = next(i for i, r in enumerate(ROWS) if r["text"].startswith("The company will pay"))
    (claim,) = _dates(extracted, f"r{index}", "by Nov. 30")
    assert "+future" in claim.rule and claim.rule.startswith("date/relative:day")
    past = next(i for i, r in enumerate(ROWS) if r["text"].startswith("The company paid"))
    (claim,) = _dates(extracted, f"r{past}", "on Nov. 30")
    assert "+past" in claim.rule


def test_undated_article_warns_for_each_unresolved_phrase(extracted: Extraction) -> None:
    index = next(i for i, r in enumerate(ROWS) if r["anchor"] is None and "Wednesday" in r["text"])
    codes = {(w.code, w.source) for w in extracted.warnings}
    assert ("unresolved-date", f"r{index}") in codes
    assert ("undated-source", f"r{index}") in codes


_PIECES = [
    "on", "in", "by", "until", "since", "from", "to", "and", "the", "late", "early", "mid-", "next", "last", "this",
    "Friday", "Sunday", "night", "morning", "(", ")", ",", "7", "23rd", "May", "June", "Sept.", "2019", "2031",
    "1990s", "end", "of", "year", "week", "weekend", "ago", "two", "decade", "Easter", "tomorrow", "overnight",
    "deadline", "troops", "said", "1,000", "may", "march", "25-year", "Mon", "GMT", "-",
]  # fmt: skip


def _whole_scan(text: str) -> list[dates.DateMention]:
    """The finder run over every position of the text: what the trigger windows must equal."""
    found: list[dates.DateMention] = []
    for match in dates._finder().finditer(text):
        mention = dates._mention(match, text, found[-1].prep if found else "")
        if mention is None:
            continue
        if found and (merged := dates._restated(found[-1], mention, text)) is not None:
            found[-1] = merged
            continue
        found.append(mention)
    return found


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=40), st.sampled_from([" ", "  ", ""]))
def test_trigger_windows_find_what_a_whole_scan_finds(words: list[str], glue: str) -> None:
    text = " ".join(w + glue if i % 3 == 0 else w for i, w in enumerate(words))
    assert dates.find_dates(text) == _whole_scan(text)


def test_an_unresolved_date_is_named_by_its_own_words(make_source: SourceFactory) -> None:
    source = _article(make_source, "Analysts say the army ended last year's truce.\n", "u", None)
    messages = [w.message for w in extract([source], Settings()).warnings if w.code == "unresolved-date"]
    assert len(messages) == 1 and "'last year'" in messages[0], messages
