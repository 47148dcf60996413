"""Spec corpus for what a number counts, sentence by sentence (`tests/data/counts.yaml`).

Each row is one invented news sentence, extracted as an article of its own (all rows in one
`extract` call). A row lists the count and share claims it must yield and the words that must not
become one:

- `claims`: each `{text, kind, low, high, key_has, key_not, rule_has}`; the claim checked is the
  first whose evidence equals `text`, else starts with it, else contains it; `key_has`/`key_not`
  are fragments its subject key must hold or lack, `rule_has` a fragment of its rule. Only the keys
  given are compared.
- `none`: words no count or share claim may start with ("9" in "the Falcon 9 rocket").
- `distinct: true`: the listed claims have pairwise different subject keys (different facts never
  merge); `same: true`: they share one.
- `only: true`: no count or share claims beyond those listed.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import SourceFactory
from crosscheck.extractor import Extraction, extract
from crosscheck.models import Claim, ClaimKind, Quantity
from crosscheck.settings import Settings

DATA = Path(__file__).parent / "data" / "counts.yaml"
ROWS: list[dict[str, Any]] = yaml.safe_load(DATA.read_text(encoding="utf-8"))["rows"]
NUMBERS = (ClaimKind.COUNT, ClaimKind.PERCENT)


@pytest.fixture(scope="module")
def extracted(make_source: SourceFactory) -> tuple[Extraction, dict[str, str]]:
    """Every row as its own dated source, extracted together."""
    sources = [
        make_source(row["text"] + "\n", path=f"row{n}.txt", source_id=f"r{n}", published=date(2024, 5, 3))
        for n, row in enumerate(ROWS)
    ]
    return extract(sources, Settings()), {s.id: s.text for s in sources}


def _numbers(extraction: Extraction, source: str) -> list[Claim]:
    return [c for c in extraction.claims if c.source == source and c.kind in NUMBERS]


def _check_claim(found: list[Claim], spec: dict[str, Any], text: str) -> Claim:
    words = spec["text"]
    matching = (
        [c for c in found if c.text == words]
        or [c for c in found if c.text.startswith(words)]
        or [c for c in found if words in c.text]
    )
    assert matching, f"{text!r}: no claim with {words!r} among {[(c.text, c.subject.key) for c in found]}"
    claim = matching[0]
    where = f"{text!r} / {claim.text!r} ({claim.subject.key}, {claim.rule})"
    if "kind" in spec:
        assert claim.kind.value == spec["kind"], where
    assert isinstance(claim.value, Quantity)
    for bound in ("low", "high"):
        if bound in spec:
            expected = spec[bound]
            actual = getattr(claim.value, bound)
            if expected is None:
                assert actual is None, f"{where}: {bound} = {actual}"
            else:
                assert actual == pytest.approx(expected, rel=1e-3), f"{where}: {bound} = {actual}"
    for fragment in _as_list(spec.get("key_has")):
        assert fragment in claim.subject.key, f"{where}: key lacks {fragment!r}"
    for fragment in _as_list(spec.get("key_not")):
        assert fragment not in claim.subject.key, f"{where}: key has {fragment!r}"
    for fragment in _as_list(spec.get("rule_has")):
        assert fragment in claim.rule, f"{where}: rule lacks {fragment!r}"
    return claim


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


@pytest.mark.parametrize("n", range(len(ROWS)), ids=[row["text"][:70] for row in ROWS])
def test_counts_corpus(extracted: tuple[Extraction, dict[str, str]], n: int) -> None:
    row = ROWS[n]
    extraction, texts = extracted
    found = _numbers(extraction, f"r{n}")
    for claim in found:  # evidence is exact, whatever the rule
        assert texts[claim.source][claim.start : claim.end] == claim.text
    checked = [_check_claim(found, spec, row["text"]) for spec in row.get("claims", [])]
    for words in row.get("none", []):
        wrong = [(c.text, c.subject.key, c.rule) for c in found if c.text.startswith(words)]
        assert not wrong, f"{row['text']!r}: {words!r} must not be a count or share: {wrong}"
    keys = [c.subject.key for c in checked]
    if row.get("distinct"):
        assert len(set(keys)) == len(keys), f"{row['text']!r}: subjects merge: {keys}"
    if row.get("same"):
        assert len(set(keys)) == 1, f"{row['text']!r}: subjects differ: {keys}"
    if row.get("only"):
        extra = [(c.text, c.subject.key) for c in found if c not in checked]
        assert not extra, f"{row['text']!r}: unexpected claims {extra}"


AGES = [
    ("A 54-year-old man was arrested on Friday.", None),
    ("The volunteer, 38 years old, died in the cave.", None),
    ("The 19-year-old striker scored twice.", None),
    ("The suspect, 40 years of age, was charged.", None),
    ("The closure of the 143 year old firm left savers stranded.", "duration|age of firm"),
    ("The 90-year-old bridge was closed for repairs.", "duration|age of bridge"),
]


@pytest.mark.parametrize(("text", "key"), AGES, ids=[t for t, _k in AGES])
def test_a_persons_age_is_no_duration(make_source: SourceFactory, text: str, key: str | None) -> None:
    """ "a 54-year-old" is an age, never a 54-year duration; a lasting thing's age is how long it has existed."""
    source = make_source(text + "\n", published=date(2024, 5, 3))
    claims = [c for c in extract([source], Settings()).claims if c.kind in (*NUMBERS, ClaimKind.DURATION)]
    if key is None:
        assert not claims, [(c.text, c.subject.key) for c in claims]
    else:
        assert [c.subject.key.startswith(key) for c in claims] == [True], [(c.text, c.subject.key) for c in claims]
