"""Spec corpus for claim frames, sentence by sentence (`tests/data/frames.yaml`), and the lexicon's rules.

Each row is one invented news sentence, extracted as an article of its own (all rows in one
`extract` call). A row lists claims and the frame slots it is about:

- `text` (the claim checked is the first of `kind` whose evidence equals it, else starts with it,
  else contains it) and `kind`;
- slots compared exactly when given (null means the slot must be empty): `predicate`,
  `predicate_class`, `degree`, `theme`, `theme_class`, `holder`, `place`, `place_level`, `part`;
  `part_of` is the evidence of the claim this one is a part of; `modifiers` lists words the
  frame's modifiers must hold (an empty list: none at all); `time` is null or
  `{relation, year}` (only the keys given);
- `as: <name>` names a claim; `same_as: <name>` says it aligns with that one (same predicate class,
  theme class, degree, modifiers, time and part), `unlike: <name>` that its frame differs from it
  in one of those slots or its place.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import SourceFactory
from crosscheck.extractor import Extraction, extract
from crosscheck.lexicons import load_lexicon
from crosscheck.models import Claim, ClaimKind, Frame
from crosscheck.pipeline import run
from crosscheck.settings import Settings

DATA = Path(__file__).parent / "data" / "frames.yaml"
ROWS: list[dict[str, Any]] = yaml.safe_load(DATA.read_text(encoding="utf-8"))["rows"]
_EXACT = ("predicate", "predicate_class", "degree", "theme", "theme_class", "holder", "place", "place_level", "part")


@pytest.fixture(scope="module")
def extracted(make_source: SourceFactory) -> Extraction:
    """Every row as its own dated source, extracted together."""
    sources = [
        make_source(row["text"] + "\n", path=f"row{n}.txt", source_id=f"r{n}", published=date(2024, 5, 3))
        for n, row in enumerate(ROWS)
    ]
    return extract(sources, Settings())


def _find(claims: list[Claim], spec: dict[str, Any], text: str) -> Claim:
    words, kind = spec["text"], ClaimKind(spec["kind"])
    found = [c for c in claims if c.kind is kind]
    matching = (
        [c for c in found if c.text == words]
        or [c for c in found if c.text.startswith(words)]
        or [c for c in found if words in c.text]
    )
    assert matching, f"{text!r}: no {kind.value} claim with {words!r} among {[(c.kind.value, c.text) for c in claims]}"
    return matching[0]


def _aligned(frame: Frame) -> tuple[Any, ...]:
    """The slots two claims of one fact share (a place may be said or left out)."""
    time = (frame.time.relation, frame.time.year) if frame.time else None
    return (
        frame.predicate_class or frame.predicate,
        frame.theme_class,
        frame.degree,
        tuple(sorted(frame.modifiers)),
        time,
        frame.part,
    )


def _check(claim: Claim, spec: dict[str, Any], by_id: dict[str, Claim], where: str) -> None:
    frame = claim.frame
    for slot in _EXACT:
        if slot in spec:
            assert getattr(frame, slot) == spec[slot], f"{where}: {slot} = {getattr(frame, slot)!r}"
    if "part_of" in spec:
        whole = by_id.get(frame.part_of) if frame.part_of else None
        assert (whole.text if whole else None) == spec["part_of"], f"{where}: part_of = {frame.part_of!r}"
    if "modifiers" in spec:
        if spec["modifiers"]:
            for word in spec["modifiers"]:
                assert word in frame.modifiers, f"{where}: modifiers lack {word!r}"
        else:
            assert not frame.modifiers, f"{where}: modifiers = {frame.modifiers}"
    if "time" in spec:
        if spec["time"] is None:
            assert frame.time is None, f"{where}: time = {frame.time}"
        else:
            assert frame.time is not None, f"{where}: no time"
            for key, value in spec["time"].items():
                assert getattr(frame.time, key) == value, f"{where}: time.{key} = {getattr(frame.time, key)!r}"


@pytest.mark.parametrize("n", range(len(ROWS)), ids=[row["text"][:70] for row in ROWS])
def test_frames_corpus(extracted: Extraction, n: int) -> None:
    row = ROWS[n]
    claims = [c for c in extracted.claims if c.source == f"r{n}"]
    by_id = {c.id: c for c in claims}
    for spec in row["claims"]:
        claim = _find(claims, spec, row["text"])
        where = f"{row['text']!r} / {claim.kind.value} {claim.text!r} ({claim.frame.model_dump(exclude_defaults=True)})"
        _check(claim, spec, by_id, where)
        for word in ("predicate_class", "theme_class"):  # every class a frame takes is in its rule
            value = getattr(claim.frame, word)
            if value is not None:
                tag = "pred" if word == "predicate_class" else "theme"
                assert f"+{tag}:{value}" in claim.rule, f"{where}: rule {claim.rule!r} lacks {tag}:{value}"


def _named_claims(extraction: Extraction) -> dict[str, tuple[Claim, str]]:
    named: dict[str, tuple[Claim, str]] = {}
    for n, row in enumerate(ROWS):
        claims = [c for c in extraction.claims if c.source == f"r{n}"]
        for spec in row["claims"]:
            if "as" in spec:
                named[spec["as"]] = (_find(claims, spec, row["text"]), row["text"])
    return named


PAIRS = [
    (n, i, spec)
    for n, row in enumerate(ROWS)
    for i, spec in enumerate(row["claims"])
    if "same_as" in spec or "unlike" in spec
]


@pytest.mark.parametrize(("n", "i", "spec"), PAIRS, ids=[f"{ROWS[n]['text'][:50]}/{s['text']}" for n, _i, s in PAIRS])
def test_look_alikes_and_synonyms(extracted: Extraction, n: int, i: int, spec: dict[str, Any]) -> None:
    """Synonyms align (died = killed = dead = lives lost), look-alikes never do (critically injured
    vs injured, an earlier year's toll, a list item, a nationality among all passengers)."""
    named = _named_claims(extracted)
    claims = [c for c in extracted.claims if c.source == f"r{n}"]
    claim = _find(claims, spec, ROWS[n]["text"])
    if "same_as" in spec:
        other, text = named[spec["same_as"]]
        assert _aligned(claim.frame) == _aligned(other.frame), f"{claim.text!r} vs {other.text!r} of {text!r}"
    if "unlike" in spec:
        other, text = named[spec["unlike"]]
        mine = (*_aligned(claim.frame), claim.frame.place)
        theirs = (*_aligned(other.frame), other.frame.place)
        assert mine != theirs, f"{claim.text!r} aligns with {other.text!r} of {text!r}: {mine}"


def test_corpus_covers_every_frame_kind() -> None:
    """At least 70 rows, and every claim kind has rows."""
    kinds = {spec["kind"] for row in ROWS for spec in row["claims"]}
    assert len(ROWS) >= 70
    assert kinds >= {k.value for k in ClaimKind}, sorted({k.value for k in ClaimKind} - kinds)


@pytest.mark.parametrize("section", ["predicates", "money_predicates", "themes", "place_levels", "parts"])
def test_no_lemma_in_two_classes(section: str) -> None:
    """A lemma (or a class id, which stands for itself) names one class in a section of frames.yaml."""
    seen: dict[str, str] = {}
    clashes = []
    for name, words in load_lexicon("frames")[section].items():
        for word in {str(name).lower(), *(str(w).lower() for w in words)}:
            if seen.setdefault(word, str(name)) != str(name):
                clashes.append((word, seen[word], name))
    assert not clashes


def test_every_class_a_frame_takes_is_in_its_rule(extracted: Extraction) -> None:
    """Every claim of the corpus, of any kind: its classes are recorded as `+pred:<id>` /
    `+theme:<id>` in its rule, and its rule names no class its frame does not take."""
    for claim in extracted.claims:
        tags = {part for part in claim.rule.split("+") if part.startswith(("pred:", "theme:"))}
        expected = {f"pred:{claim.frame.predicate_class}"} if claim.frame.predicate_class else set()
        if claim.frame.theme_class:
            expected.add(f"theme:{claim.frame.theme_class}")
        assert tags == expected, (claim.text, claim.rule, claim.frame)


def test_a_part_names_its_whole_by_the_id_the_report_gives_it(tmp_path: Path) -> None:
    for name in ("a.txt", "b.txt"):  # two sources: ids are relabelled per source in the run
        (tmp_path / name).write_text(
            "Published: 2024-03-02\n\nThe carmaker will cut 3,000 jobs, including 1,500 at its plant in Alder.\n",
            encoding="utf-8",
        )
    report = run([tmp_path], Settings())
    ids = {claim.id for claim in report.claims}
    parts = [claim for claim in report.claims if claim.frame.part_of is not None]
    assert len(parts) == 2
    for part in parts:
        assert part.frame.part_of in ids and part.frame.part_of.split(".")[0] == part.source
