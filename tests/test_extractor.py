"""Extractor: claims with exact evidence on the seed articles, and small made-up news sentences."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from conftest import SeedIndex, SourceFactory
from crosscheck.extractor import Extraction, extract
from crosscheck.models import (
    Claim,
    ClaimKind,
    DateValue,
    Modality,
    PlaceValue,
    Quantity,
    QuoteValue,
    Report,
    TitleValue,
)
from crosscheck.settings import Settings


def _squash(text: str) -> str:
    return " ".join(text.split())


# --- evidence on the seed report ------------------------------------------------------------------


def test_seed_has_claims_from_every_source(seed_report: Report) -> None:
    assert len(seed_report.claims) >= 40
    assert {c.source for c in seed_report.claims} == {s.id for s in seed_report.sources}
    assert {c.kind for c in seed_report.claims} >= {
        ClaimKind.COUNT,
        ClaimKind.DATE,
        ClaimKind.TITLE,
        ClaimKind.QUOTE,
        ClaimKind.PLACE,
        ClaimKind.DISTANCE,
        ClaimKind.DURATION,
        ClaimKind.MONEY,
    }


def test_every_claim_has_exact_evidence(seed_report: Report) -> None:
    texts = {s.id: s.text for s in seed_report.sources}
    bad = []
    for claim in seed_report.claims:
        if texts[claim.source][claim.start : claim.end] != claim.text:
            bad.append(f"{claim.id}: offsets {claim.start}-{claim.end} do not hold {claim.text!r}")
        elif _squash(claim.text) not in _squash(claim.sentence):
            bad.append(f"{claim.id}: {claim.text!r} not in its sentence {claim.sentence!r}")
        elif not claim.text.strip() or claim.text != claim.text.strip():
            bad.append(f"{claim.id}: text {claim.text!r} is empty or padded")
    assert not bad, "\n".join(bad)


def test_claim_ids_unique_and_ordered(seed_report: Report) -> None:
    ids = [c.id for c in seed_report.claims]
    assert len(ids) == len(set(ids))
    for source in seed_report.sources:
        mine = [c for c in seed_report.claims if c.source == source.id]
        assert [c.id for c in mine] == [f"{source.id}.c{i}" for i in range(1, len(mine) + 1)]
        assert [c.start for c in mine] == sorted(c.start for c in mine)


def test_every_claim_names_its_rule(seed_report: Report) -> None:
    assert all(c.rule.split("/")[0] == c.kind.value for c in seed_report.claims)


# --- specific seed claims -------------------------------------------------------------------------


def _quantity(claim: Claim) -> Quantity:
    assert isinstance(claim.value, Quantity), claim
    return claim.value


def test_around_60_personnel(seed: SeedIndex) -> None:
    claim = seed.claim("001", "around 60 personnel")
    q = _quantity(claim)
    assert claim.kind is ClaimKind.COUNT
    assert (q.low, q.high, q.unit) == (pytest.approx(54), pytest.approx(66), "item")
    assert q.approx and q.hedge == "around"
    assert claim.modality is Modality.ESTIMATE
    assert "russia" in claim.subject.key.lower()


def test_100_military_trainers(seed: SeedIndex) -> None:
    claim = seed.claim("002", "100 military trainers")
    q = _quantity(claim)
    assert (q.low, q.high) == (100, 100)
    assert claim.modality is Modality.PLAN
    assert claim.subject.key == seed.claim("001", "around 60 personnel").subject.key


def test_some_1000_american_personnel(seed: SeedIndex) -> None:
    claim = seed.claim("000", "some 1,000 American military personnel")
    q = _quantity(claim)
    assert claim.kind is ClaimKind.COUNT
    assert (q.low, q.high) == (pytest.approx(900), pytest.approx(1100))
    assert q.hedge == "some"
    assert claim.subject.key.split("|")[2] == "US"


@pytest.mark.parametrize(
    ("prefix", "words", "low", "high"),
    [
        ("003", "approximately 1,000 US troops", 900, 1100),
        ("004", "nearly 1,000 military personnel", 900, 1000),
        ("000", "a little over 1,000 US troops", 1000, 1100),
    ],
)
def test_other_us_troop_counts(seed: SeedIndex, prefix: str, words: str, low: float, high: float) -> None:
    claim = seed.claim(prefix, words)
    q = _quantity(claim)
    assert (q.low, q.high) == (pytest.approx(low), pytest.approx(high))
    assert claim.subject.key == seed.claim("000", "some 1,000 American").subject.key


def test_as_of_last_year(seed: SeedIndex) -> None:
    assert seed.claim("000", "a little over 1,000 US troops").as_of == "as of last year"


def test_coup_in_july_last_year(seed: SeedIndex) -> None:
    claim = seed.claim("000", "coup in July last year")
    assert claim.kind is ClaimKind.DATE
    value = claim.value
    assert isinstance(value, DateValue)
    assert (value.start, value.end) == (date(2023, 7, 1), date(2023, 7, 31))
    assert value.granularity == "month"
    assert value.relative is True
    assert value.anchor == date(2024, 5, 3)
    assert "coup" in claim.subject.key


def test_coup_dates_share_a_subject(seed: SeedIndex) -> None:
    keys = {
        seed.claim("000", "coup in July last year").subject.key,
        seed.claim("002", "July 2023").subject.key,
        seed.claim("003", "July 2023").subject.key,
    }
    assert len(keys) == 1


def test_defence_and_defense_titles_normalize_alike(seed: SeedIndex) -> None:
    (british,) = [c for c in seed.claims("000", "US Defence Secretary Lloyd Austin") if c.kind is ClaimKind.TITLE]
    (american,) = [c for c in seed.claims("003", "U.S. Defense Secretary Lloyd Austin") if c.kind is ClaimKind.TITLE]
    for claim in (british, american):
        assert claim.kind is ClaimKind.TITLE
        assert isinstance(claim.value, TitleValue)
        assert claim.value.person == "Lloyd Austin"
    assert isinstance(british.value, TitleValue) and isinstance(american.value, TitleValue)
    assert british.value.title == american.value.title == "US Secretary of Defense"
    assert british.value.title_text == "US Defence Secretary"
    assert american.value.title_text == "U.S. Defense Secretary"
    assert british.subject.key == american.subject.key


@pytest.mark.parametrize(("prefix", "words"), [("000", "separate compound"), ("003", "separate complex")])
def test_austin_quotes_have_speaker(seed: SeedIndex, prefix: str, words: str) -> None:
    claim = seed.claim(prefix, words)
    assert claim.kind is ClaimKind.QUOTE
    assert isinstance(claim.value, QuoteValue)
    assert claim.value.speaker == "Lloyd Austin"
    assert claim.modality is Modality.QUOTED
    assert claim.value.quote == claim.text


def test_all_austin_quotes_resolved_to_full_name(seed: SeedIndex) -> None:
    quotes = [c for c in seed.report.claims if c.kind is ClaimKind.QUOTE and "force protection" in c.text]
    assert len(quotes) == 2  # 000 and 004
    assert all(isinstance(c.value, QuoteValue) and c.value.speaker == "Lloyd Austin" for c in quotes)


def test_about_two_miles(seed: SeedIndex) -> None:
    claim = seed.claim("003", "about two miles")
    assert claim.kind is ClaimKind.DISTANCE
    q = _quantity(claim)
    assert q.unit == "km"
    assert q.low == pytest.approx(2.9, abs=0.01)
    assert q.high == pytest.approx(3.54, abs=0.01)
    assert q.original == "about two miles"


def test_separate_hangar_is_same_site(seed: SeedIndex) -> None:
    claim = seed.claim("000", "separate hangar")
    assert isinstance(claim.value, PlaceValue)
    assert claim.value.relation == "same site"
    assert claim.value.distance_km_high is not None and claim.value.distance_km_high <= 1.5
    assert claim.subject.key == seed.claim("003", "about two miles").subject.key


@pytest.mark.parametrize(("prefix", "place"), [("000", "Honolulu"), ("003", "Hawaii")])
def test_where_austin_spoke(seed: SeedIndex, prefix: str, place: str) -> None:
    (claim,) = [c for c in seed.claims(prefix, place) if c.kind is ClaimKind.PLACE]
    assert isinstance(claim.value, PlaceValue)
    assert claim.value.place == place
    assert claim.value.entity == "Lloyd Austin"


def test_undated_sources_warn(seed_report: Report, seed: SeedIndex) -> None:
    undated = {seed.source("001").id, seed.source("004").id}
    warned = {w.source for w in seed_report.warnings if w.code == "undated-source"}
    assert warned == undated
    # the run has dated sources: the undated ones' relative dates are read against the run's anchor
    anchored = [w for w in seed_report.warnings if w.code == "undated-source"]
    assert all("resolved against 2024-05-03" in w.message for w in anchored), anchored
    assert not [w for w in seed_report.warnings if w.code == "unresolved-date"]


# --- made-up news sentences -----------------------------------------------------------------------

ARTICLE = """\
Storm and unrest in the region

At least 12 people were killed and 30 injured in the attack, police said.
More than 500 protesters gathered in the capital.
The government plans to send 200 soldiers to the region.
Police estimated the crowd at around 2,000 people.
Officials warned the death toll could climb to 450.
The company will pay $5 million in compensation, the court said.
The fire was about 3 miles from the village.
Nearly 40% of voters backed the measure.
President Joe Biden said: "We will not abandon our friends in this difficult hour."
"The attack was a cowardly act of terror," Prime Minister Rishi Sunak told reporters in London.
The election in November 2020 drew record turnout.
The company employs 5,000 workers as of last year.
The government denied that 300 prisoners had escaped.
The coup in March last year toppled the president.
A two-star general was sent to the region.
"""
UNDATED = "Analysts say the coup last year changed the country.\n"


@pytest.fixture(scope="module")
def made_up(make_source: SourceFactory) -> tuple[Extraction, dict[str, str]]:
    """One extract() call over a dated made-up article and an undated one."""
    sources = [
        make_source(ARTICLE, path="made-up.txt", source_id="s1", published=date(2024, 5, 3)),
        make_source(UNDATED, path="undated.txt", source_id="s2"),
    ]
    return extract(sources, Settings()), {s.id: s.text for s in sources}


def _find(extraction: Extraction, words: str, kind: ClaimKind | None = None) -> Claim:
    found = [c for c in extraction.claims if words in c.text and (kind is None or c.kind is kind)]
    assert len(found) == 1, f"{words!r}: {[c.text for c in found]} among {[c.text for c in extraction.claims]}"
    return found[0]


def test_made_up_evidence(made_up: tuple[Extraction, dict[str, str]]) -> None:
    extraction, texts = made_up
    assert extraction.model
    for claim in extraction.claims:
        assert texts[claim.source][claim.start : claim.end] == claim.text
        assert _squash(claim.text) in _squash(claim.sentence)


def test_killed_and_injured_are_different_subjects(made_up: tuple[Extraction, dict[str, str]]) -> None:
    extraction, _texts = made_up
    killed = _find(extraction, "At least 12 people")
    injured = _find(extraction, "30 injured")
    assert killed.kind is injured.kind is ClaimKind.COUNT
    assert killed.subject.key != injured.subject.key
    assert killed.subject.key.split("|")[1] == "killed"
    assert injured.subject.key.split("|")[1] == "injured"
    k, i = _quantity(killed), _quantity(injured)
    assert (k.low, k.high, k.low_inclusive, k.hedge) == (12, None, True, "at least")
    assert (i.low, i.high) == (30, 30)
    assert killed.attribution == injured.attribution == "police"


def test_more_than_500_is_exclusive(made_up: tuple[Extraction, dict[str, str]]) -> None:
    claim = _find(made_up[0], "More than 500 protesters")
    q = _quantity(claim)
    assert (q.low, q.high, q.low_inclusive) == (500, None, False)
    assert q.hedge == "more than"
    assert claim.subject.key.split("|")[1] == "protesters"


@pytest.mark.parametrize(
    ("words", "modality"),
    [
        ("200 soldiers", Modality.PLAN),
        ("around 2,000 people", Modality.ESTIMATE),
        ("450", Modality.ESTIMATE),  # "could climb to": a guess, not a reported figure
        ("300 prisoners", Modality.DENIAL),
        ("More than 500 protesters", Modality.REPORTED),
    ],
)
def test_modality(made_up: tuple[Extraction, dict[str, str]], words: str, modality: Modality) -> None:
    assert _find(made_up[0], words).modality is modality


def test_money(made_up: tuple[Extraction, dict[str, str]]) -> None:
    claim = _find(made_up[0], "$5 million")
    q = _quantity(claim)
    assert claim.kind is ClaimKind.MONEY
    assert (q.low, q.high, q.unit) == (5_000_000, 5_000_000, "USD")


def test_miles_become_km(made_up: tuple[Extraction, dict[str, str]]) -> None:
    claim = _find(made_up[0], "about 3 miles")
    q = _quantity(claim)
    assert claim.kind is ClaimKind.DISTANCE
    assert q.unit == "km"
    assert q.low == pytest.approx(3 * 1.609344 * 0.9, rel=1e-4)
    assert q.high == pytest.approx(3 * 1.609344 * 1.1, rel=1e-4)


def test_percent(made_up: tuple[Extraction, dict[str, str]]) -> None:
    claim = _find(made_up[0], "Nearly 40%")
    q = _quantity(claim)
    assert claim.kind is ClaimKind.PERCENT
    assert (q.low, q.high, q.high_inclusive, q.unit) == (36, 40, False, "percent")


@pytest.mark.parametrize(
    ("words", "speaker"),
    [
        ("We will not abandon our friends", "Joe Biden"),
        ("The attack was a cowardly act of terror", "Rishi Sunak"),
    ],
)
def test_quote_speakers(made_up: tuple[Extraction, dict[str, str]], words: str, speaker: str) -> None:
    claim = _find(made_up[0], words, ClaimKind.QUOTE)
    assert isinstance(claim.value, QuoteValue)
    assert claim.value.speaker == speaker
    assert claim.subject.key == f"quote|{speaker.lower()}"


def test_titles_and_spoke_in(made_up: tuple[Extraction, dict[str, str]]) -> None:
    extraction = made_up[0]
    title = _find(extraction, "Prime Minister Rishi Sunak", ClaimKind.TITLE)
    assert isinstance(title.value, TitleValue)
    assert title.value.title == "Prime Minister"
    spoke = _find(extraction, "London", ClaimKind.PLACE)
    assert isinstance(spoke.value, PlaceValue)
    assert (spoke.value.entity, spoke.value.place) == ("Rishi Sunak", "London")


@pytest.mark.parametrize(
    ("words", "start", "end", "relative"),
    [
        ("November 2020", date(2020, 11, 1), date(2020, 11, 30), False),
        ("March last year", date(2023, 3, 1), date(2023, 3, 31), True),
    ],
)
def test_event_dates(
    made_up: tuple[Extraction, dict[str, str]], words: str, start: date, end: date, relative: bool
) -> None:
    claim = _find(made_up[0], words, ClaimKind.DATE)
    assert isinstance(claim.value, DateValue)
    assert (claim.value.start, claim.value.end, claim.value.relative) == (start, end, relative)
    assert claim.value.anchor == (date(2024, 5, 3) if relative else None)


def test_as_of(made_up: tuple[Extraction, dict[str, str]]) -> None:
    assert _find(made_up[0], "5,000 workers").as_of == "as of last year"


def test_adjective_numbers_are_not_counts(made_up: tuple[Extraction, dict[str, str]]) -> None:
    assert not [c for c in made_up[0].claims if "two-star" in c.text or "general" in c.text]


def test_undated_source_leaves_relative_date_unresolved(made_up: tuple[Extraction, dict[str, str]]) -> None:
    extraction = made_up[0]
    (claim,) = [c for c in extraction.claims if c.source == "s2" and c.kind is ClaimKind.DATE]
    assert isinstance(claim.value, DateValue)
    assert claim.value.start is None and claim.value.end is None and claim.value.relative
    codes = {(w.code, w.source) for w in extraction.warnings}
    assert ("undated-source", "s2") in codes
    assert ("unresolved-date", "s2") in codes
    assert not [w for w in extraction.warnings if w.source == "s1"]


def test_extract_nothing() -> None:
    assert extract([], Settings()).claims == []


def test_ancient_date_does_not_crash_extraction(make_source: SourceFactory) -> None:
    source = make_source("The temple was built 2500 years ago, archaeologists said.\n", published=date(2024, 5, 3))
    extraction = extract([source], Settings())
    assert all(c.kind is not ClaimKind.DATE or c.value.kind == "date" for c in extraction.claims)


def test_presence_duration_in_002_is_located_in_niger(seed: SeedIndex) -> None:
    (claim,) = [c for c in seed.claims("002", "several weeks") if c.kind is ClaimKind.DURATION]
    assert claim.subject.key.split("|")[-1] == "Niger"


def test_coup_in_004_is_located_in_niger(seed: SeedIndex) -> None:
    (claim,) = [c for c in seed.claims("004", "coup last year") if c.kind is ClaimKind.DATE]
    assert claim.subject.key == "date|coup|Niger"


def test_a_recurring_paragraph_is_parsed_once_with_the_same_claims(
    make_source: SourceFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    import crosscheck.extractor as extractor_module

    wire = "About 40 people were killed on Friday, officials said.\n\nThe army sent 300 troops to the town.\n"
    reprint = make_source(wire + "\nRead more at our site.\n", path="b.txt", source_id="s2", published=date(2024, 5, 3))
    original = make_source(wire, path="a.txt", source_id="s1", published=date(2024, 5, 3))
    parsed: list[str] = []
    real_parse = extractor_module.parse

    def counting_parse(nlp: object, texts: object, batch_size: int) -> object:
        texts = list(texts)  # type: ignore[call-overload]
        parsed.extend(texts)
        return real_parse(nlp, texts, batch_size)

    monkeypatch.setattr(extractor_module, "parse", counting_parse)
    both = extract([original, reprint], Settings())
    assert len(parsed) == len(set(parsed)) == 3  # the two shared paragraphs once, the new one once
    monkeypatch.setattr(extractor_module, "parse", real_parse)
    alone = extract([reprint], Settings())

    def shape(claims: list[Claim], source: str) -> list[tuple[object, ...]]:
        return [(c.kind, c.subject, c.value, c.text, c.start, c.end) for c in claims if c.source == source]

    assert shape(both.claims, "s2") == shape(alone.claims, "s2")
    assert shape(both.claims, "s1")  # the original has its claims too
    assert [(k, s, v, t) for k, s, v, t, _a, _b in shape(both.claims, "s1")] == [
        (k, s, v, t) for k, s, v, t, _a, _b in shape(both.claims, "s2")
    ]


# --- the sentence view extractors read --------------------------------------------------------------


def test_sentence_view_equals_spacy_spans(fixtures_dir: Path) -> None:
    """Text and entities kept per sentence are exactly what spaCy's Span gives, on every fixture."""
    from crosscheck.extractor.nlp import doc_ents, forget, load_model, sentences, split_paragraphs

    nlp = load_model(None)
    texts = [block for path in sorted(fixtures_dir.iterdir()) for _o, block in split_paragraphs(path.read_text())]
    checked = 0
    for doc in nlp.pipe(texts):
        spans = list(doc.sents)
        views = sentences(doc)
        assert [v.text for v in views] == [s.text for s in spans]
        assert [[(e.start, e.end, e.label_) for e in v.ents] for v in views] == [
            [(e.start, e.end, e.label_) for e in s.ents] for s in spans
        ]
        assert [(v.start, v.end, v.start_char, v.end_char, len(v)) for v in views] == [
            (s.start, s.end, s.start_char, s.end_char, len(s)) for s in spans
        ]
        assert [t.i for v in views for t in v] == [t.i for t in doc]
        assert views[0].root == spans[0].root  # anything else is the Span's own
        assert [e.text for e in doc_ents(doc)] == [e.text for e in doc.ents]
        forget(doc)
        assert "crosscheck.sents" not in doc.user_data
        checked += sum(len(v.ents) for v in views)
    assert checked > 100
