"""Paragraphs longer than spaCy takes: parsed in pieces cut at sentence ends, offsets kept exact.

A text over `nlp.max_length` (1,000,000 characters) once stopped the whole run with spaCy's E088
"internal error"; a long paragraph under it still cost memory in proportion to its length.
"""

from __future__ import annotations

import itertools
import json
import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import build_source
from crosscheck.extractor import extract
from crosscheck.extractor.nlp import MAX_BLOCK, _batches, load_model, parse, split_long, split_paragraphs
from crosscheck.models import Source
from crosscheck.settings import Settings

TOWNS = ("Varnholt", "Quellbridge", "Ostermoor", "Linden Cove", "Palsford", "Brackenmere")
OFFICIALS = ("Mayor Ilse Tarrow", "Commissioner Bram Oduya", "Director Nell Fenwick")
THINGS = ("residents", "households", "vehicles", "volunteers", "ferries")


def invented_sentences(count: int) -> list[str]:
    """`count` made-up news sentences with numbers, all different (no randomness: the same list each time)."""
    found = []
    for i in range(count):
        town, official, thing = TOWNS[i % 6], OFFICIALS[i % 7 % 3], THINGS[i % 5]
        number = f"{(i * 7919) % 9000 + 12:,}"
        forms = (
            f"In {town}, {number} {thing} were counted on Tuesday, {official} said.",
            f"About {number} {thing} left {town} after the storm, according to {official}.",
            f"{official} said {number} {thing} in {town} had been affected!",
            f"The council in {town} reported {number} {thing} by noon; officials expect more.",
            f"Were {number} {thing} really moved from {town}? {official} said yes.",
        )
        found.append(forms[i % 5])
    return found


def one_paragraph(chars: int) -> str:
    """Invented sentences joined by single spaces into one paragraph of at least `chars` characters."""
    sentences: list[str] = []
    size = 0
    batch = invented_sentences(40_000)
    while size < chars:
        sentence = batch[len(sentences) % len(batch)]
        sentences.append(sentence)
        size += len(sentence) + 1
    return " ".join(sentences) + "\n"


NORMAL_ARTICLE = (
    "Ferry service resumes in Brackenmere\n\n"
    "More than 300 passengers crossed to Brackenmere on Monday, Director Nell Fenwick said.\n\n"
    "The harbour reopened after 4 days of repairs, officials said.\n"
)


# --- cutting a long block -------------------------------------------------------------------------


def _check_pieces(text: str, pieces: list[tuple[int, str]], limit: int) -> None:
    """Every piece fits, indexes into the text exactly, and only whitespace is left between pieces."""
    assert pieces, text
    covered = 0
    for offset, piece in pieces:
        assert 0 < len(piece) <= limit
        assert text[offset : offset + len(piece)] == piece
        assert offset >= covered and not text[covered:offset].strip()
        covered = offset + len(piece)
    assert not text[covered:].strip()


def test_pieces_end_at_sentence_ends() -> None:
    text = one_paragraph(50_000).rstrip("\n")
    pieces = split_long(text, 2_000)
    _check_pieces(text, pieces, 2_000)
    assert len(pieces) > 25
    for offset, piece in pieces[:-1]:
        assert piece[-1] in ".!?", piece[-30:]
        assert text[offset + len(piece)] == " "


def test_line_break_before_space_when_no_sentence_end() -> None:
    words = "twelve ferries crossed the bay " * 6
    text = f"{words}\n{words}{words}"
    pieces = split_long(text, len(words) + 20)
    _check_pieces(text, pieces, len(words) + 20)
    assert pieces[0] == (0, words)  # at the line break, not at the last space that fits


def test_never_inside_a_word_while_whitespace_fits() -> None:
    text = " ".join(f"ferrymen{i}" for i in range(3_000))
    pieces = split_long(text, 997)
    _check_pieces(text, pieces, 997)
    for offset, piece in pieces:
        assert offset == 0 or text[offset - 1] == " "
        assert offset + len(piece) == len(text) or text[offset + len(piece)] == " "


def test_one_giant_token_is_cut_at_the_limit() -> None:
    text = "q" * 1_050_000
    pieces = split_long(text)
    _check_pieces(text, pieces, MAX_BLOCK)
    assert [offset for offset, _piece in pieces] == list(range(0, len(text), MAX_BLOCK))


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet=st.sampled_from("ab.!? \n\t\u00a0”)É"), max_size=400),
    st.integers(min_value=1, max_value=60),
)
def test_pieces_cover_any_text(text: str, limit: int) -> None:
    pieces = split_long(text, limit)
    if text.strip():
        _check_pieces(text, pieces, limit)
    assert split_long(text, limit) == pieces  # the same places every time
    for (offset, piece), (after, _next) in itertools.pairwise(pieces):
        gap = text[offset + len(piece) : after]
        # A cut without whitespace only inside a run of non-space longer than the limit.
        if not gap:
            run = re.search(r"\S*$", piece)
            assert run is not None and len(run.group()) == limit == len(piece)


def test_split_paragraphs_cuts_only_long_blocks() -> None:
    long = one_paragraph(45_000).rstrip("\n").replace("the storm", "the\nstorm")  # line breaks in sentences
    text = "Storm notes\n\n" + NORMAL_ARTICLE + "\n" + long + "\n\nThe end came at 9 p.m. on Friday.\n"
    whole = split_paragraphs(text, len(text))
    start = text.index(long)
    assert (start, long.replace("\n", " ")) in whole and len(whole) == 6  # one block, uncut
    blocks = split_paragraphs(text, 10_000)
    assert blocks[:4] == whole[:4] and blocks[-1] == whole[-1]  # short blocks as they always were
    pieces = [(o, b) for o, b in blocks if start <= o < start + len(long)]
    assert len(pieces) >= 5 and all(len(b) <= 10_000 for _o, b in pieces)
    for offset, block in pieces:
        assert text[offset : offset + len(block)].replace("\n", " ") == block
    assert split_paragraphs(text, 10_000) == blocks


# --- batching -----------------------------------------------------------------------------------


def test_batches_bound_count_and_characters() -> None:
    texts = ["a" * n for n in (10, 30, 50, 5, 5, 5, 500, 1, 1)]
    batches = list(_batches(texts, 3, 60))
    assert [len(t) for batch in batches for t in batch] == [len(t) for t in texts]
    assert [[len(t) for t in batch] for batch in batches] == [[10, 30], [50, 5, 5], [5], [500], [1, 1]]
    assert [[len(t) for t in b] for b in _batches(texts, 256, 10**9)] == [[len(t) for t in texts]]


def test_batching_by_characters_keeps_annotations(fixtures_dir: Path) -> None:
    from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, LEMMA, POS, SENT_START, TAG

    nlp = load_model(None)
    texts = [b for path in sorted(fixtures_dir.iterdir()) for _o, b in split_paragraphs(path.read_text())]
    attrs = [LEMMA, POS, TAG, DEP, HEAD, ENT_IOB, ENT_TYPE, SENT_START]
    whole = [doc.to_array(attrs).tolist() for doc in parse(nlp, texts, 256)]
    small = [doc.to_array(attrs).tolist() for doc in parse(nlp, texts, 256, max_chars=1_500)]
    assert small == whole


# --- extraction from a long paragraph -----------------------------------------------------------


def _claims(text: str) -> tuple[Source, list[dict[str, Any]]]:
    source = build_source(text, path="long.txt", published=date(2024, 5, 3))
    extraction = extract([source], Settings())
    # a claim's id counts the claims before it; a part names its whole by id: by offset here instead
    start_of = {claim.id: claim.start for claim in extraction.claims}
    dumped = []
    for claim in extraction.claims:
        row = claim.model_dump()
        whole = row["frame"]["part_of"]
        row["frame"]["part_of"] = None if whole is None else start_of[whole]
        dumped.append(row)
    return source, dumped


@pytest.fixture
def short_max_length(monkeypatch: pytest.MonkeyPatch) -> int:
    """The loaded pipeline refuses texts over 6,000 characters (as it does over 1,000,000), so a
    paragraph of tens of thousands of characters shows what a megabyte would, in a second."""
    monkeypatch.setattr(load_model(None), "max_length", 6_000)
    return 6_000


def test_long_paragraph_claims_index_into_the_source(short_max_length: int) -> None:
    source, claims = _claims(one_paragraph(40_000))
    assert len(claims) > 40
    assert max(claim["start"] for claim in claims) > 30_000
    for claim in claims:
        assert source.text[claim["start"] : claim["end"]] == claim["text"]


def test_long_paragraph_claims_as_if_its_pieces_were_paragraphs(short_max_length: int) -> None:
    text = one_paragraph(40_000)
    _source, claims = _claims(text)
    cuts = list(text)
    pieces = split_paragraphs(text, short_max_length)
    assert len(pieces) >= 7
    for (offset, piece), (after, _next) in itertools.pairwise(pieces):
        cuts[offset + len(piece) : after] = "\n" * (after - offset - len(piece))  # same offsets
    _source, as_paragraphs = _claims("".join(cuts))
    assert claims == as_paragraphs


def test_long_paragraph_claims_as_if_each_sentence_were_a_paragraph(short_max_length: int) -> None:
    text = one_paragraph(40_000)
    _source, claims = _claims(text)
    one_per_line = re.sub(r"(?<=[.!?]) (?=[A-Z])", "\n", text)  # same length: the offsets stay
    assert one_per_line.count("\n") > 400
    _source, per_sentence = _claims(one_per_line)
    # Each claim read from the long paragraph is read the same from its sentence alone. (Not the other
    # way round: with a line break after each sentence spaCy splits a few "...? Director X said yes."
    # sentences it joins in running text, and a place read from such a sentence is then found too,
    # as a claim or as its frame's place.)
    def placeless(claim: dict[str, Any]) -> str:
        frame = {**claim["frame"], "place": None, "place_level": None}
        return json.dumps({**claim, "frame": frame}, sort_keys=True, default=str)

    as_sentences = {json.dumps(claim, sort_keys=True, default=str) for claim in per_sentence}
    as_sentences |= {placeless(claim) for claim in per_sentence}
    missing = [claim for claim in claims if json.dumps(claim, sort_keys=True, default=str) not in as_sentences]
    assert not missing
    assert len(per_sentence) - len(claims) < len(claims) // 20


# --- the command over a folder with a megabyte paragraph ----------------------------------------


def repeated_paragraph(chars: int) -> str:
    """One paragraph of at least `chars` characters: a run of invented sentences that just fits in
    a piece, repeated. It is cut into copies of that run, parsed once (as a recurring paragraph is),
    and one sentence in eight has a number, so a megabyte takes seconds, not a minute."""
    numbered = invented_sentences(1_000)
    sentences = [
        numbered[i // 8] if i % 8 == 0 else f"The harbour board of {TOWNS[i % 6]} met again to review the plans."
        for i in range(1_000)
    ]
    unit = sentences[0]
    for sentence in sentences[1:]:
        if len(unit) + 1 + len(sentence) > MAX_BLOCK:
            break
        unit += " " + sentence
    return " ".join([unit] * (chars // (len(unit) + 1) + 1)) + "\n"


def test_megabyte_paragraph_beside_a_normal_article(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    long = repeated_paragraph(1_050_000)
    assert len(long) > 1_000_000 and "\n" not in long.rstrip("\n")
    assert len({piece for _offset, piece in split_paragraphs(long)}) <= 2  # parsed once, or the test is slow
    (folder / "a-long.txt").write_text(long, encoding="utf-8")
    (folder / "b-token.txt").write_text("z" * 1_050_000 + "\n", encoding="utf-8")  # no space, no punctuation
    (folder / "c-normal.txt").write_text(NORMAL_ARTICLE, encoding="utf-8")
    process = subprocess.run(
        [sys.executable, "-m", "crosscheck", "report", str(folder), "--format", "json", "--no-cache"],
        capture_output=True,
        timeout=600,
        check=False,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )
    stderr = process.stderr.decode("utf-8", "replace")
    assert "internal error" not in stderr
    assert process.returncode == 0, stderr
    report = json.loads(process.stdout)
    by_name = {Path(s["path"]).name: s for s in report["sources"]}
    assert sorted(by_name) == ["a-long.txt", "b-token.txt", "c-normal.txt"]
    texts = {s["id"]: s["text"] for s in report["sources"]}
    counts = {name: sum(c["source"] == s["id"] for c in report["claims"]) for name, s in by_name.items()}
    assert counts["a-long.txt"] > 500 and counts["c-normal.txt"] >= 2, counts
    assert max(c["start"] for c in report["claims"] if c["source"] == by_name["a-long.txt"]["id"]) > 1_000_000
    for claim in report["claims"]:
        assert texts[claim["source"]][claim["start"] : claim["end"]] == claim["text"]
