"""Fuzzing the loader and the extractor: no input makes them raise, and what they return holds together.

The loader is fed arbitrary bytes in every input format (and sniffed), then structured input
that reaches deeper (random JSON values, HTML built from tags, text with random front matter,
text in random encodings): `parse_document` may only refuse with a one-line ValueError.
`load_paths` over a folder of random files accounts for every article file. The extractor is fed
arbitrary text (wide alphabets, digits, currency signs, quotes, news phrasing), and a seeded
corpus of generated news documents: every claim's offsets point at its words in its source, ids
and order are consistent, and the output is the same on a second run.
"""

from __future__ import annotations

import json
import random
import string
import tempfile
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crosscheck.extractor import Extraction, extract
from crosscheck.loader import load_paths, load_text, parse_document
from crosscheck.loader.record import finish
from crosscheck.models import Claim, ClaimKind, DateValue, Quantity, Source, SourceFormat
from crosscheck.settings import Settings

FORMATS: list[SourceFormat | None] = [*SourceFormat, None]
PLAIN = Settings()
DATED = Settings(published=date(2024, 5, 3))
SLOW_OK = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much]


def fuzz(examples: int) -> settings:
    """Hypothesis settings for `examples` runs with no per-example deadline (HTML parsing varies)."""
    return settings(max_examples=examples, deadline=None, suppress_health_check=SLOW_OK)


# --- what the loader may do with any input --------------------------------------------------------


def check_parse(raw: bytes, name: str, fmt: SourceFormat | None) -> None:
    """parse_document either refuses with a one-line ValueError or gives drafts that finish into sources."""
    try:
        drafts, failures = parse_document(raw, name, fmt)
    except ValueError as exc:
        reason = str(exc)
        assert reason.strip(), "a refusal must say why"
        assert "\n" not in reason, reason
        return
    assert drafts or failures, "parse_document returned nothing without refusing"
    for failure in failures:
        assert failure.path == name
        assert failure.line is not None and failure.line >= 1
        assert failure.reason.strip() and "\n" not in failure.reason
    for draft in drafts:
        assert draft.path == name
        assert draft.text_line >= 1
        try:
            source = finish(draft, PLAIN)
        except ValueError as exc:  # load_paths turns this into a LoadFailure too
            assert str(exc).strip() and "\n" not in str(exc)
            continue
        assert "\r" not in source.text
        assert source.words >= 0
        assert (source.published is None) == (source.published_source is None)


@fuzz(220)
@given(raw=st.binary(max_size=1500))
@pytest.mark.parametrize("fmt", FORMATS, ids=[f.value if f else "sniffed" for f in FORMATS])
def test_parse_document_never_raises_on_bytes(fmt: SourceFormat | None, raw: bytes) -> None:
    check_parse(raw, "input", fmt)


# Text in a random encoding, with and without a byte-order mark: decodes or is refused cleanly.
ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "cp1252", "latin-1", "shift_jis"]
NEWS_CHARS = string.ascii_letters + string.digits + " \n\t.,;:!?'\"“”‘’«»—–-()[]/$€£¥₹%&#<>{}"
news_text = st.text(alphabet=st.one_of(st.sampled_from(NEWS_CHARS), st.characters(codec="utf-8")), max_size=400)


@fuzz(300)
@given(text=news_text, encoding=st.sampled_from(ENCODINGS), fmt=st.sampled_from(FORMATS))
def test_parse_document_never_raises_on_encoded_text(text: str, encoding: str, fmt: SourceFormat | None) -> None:
    check_parse(text.encode(encoding, errors="replace"), "input", fmt)


# Random JSON values whose keys are mostly the field names feeds use, so records get built.
FEED_KEYS = [
    "text", "body", "content", "content_html", "maintext", "articleBody", "description", "summary", "title",
    "headline", "name", "url", "link", "uri", "id", "_id", "guid", "published", "publishedAt", "date_publish",
    "datePublished", "date", "updated", "date_download", "source", "outlet", "site_name", "domain", "author",
    "authors", "byline", "articles", "items", "data", "results", "hits", "_source", "rendered", "value",
]  # fmt: skip
SCALARS = [
    "About 60 soldiers arrived at the base on Thursday, officials said.",
    "<p>About <b>60</b> soldiers<br>arrived.</p><script>x()</script>",
    "&amp; &#x2014; &#0; &#x110000; &bogus;",
    "2024-05-03", "2024-02-30", "May 3, 2024", "03/05/2024", "yesterday", "9999-12-31T23:59:59Z",
    "https://example.com/2024/05/03/story.html", "reuters.com", "Reuters", "",
]  # fmt: skip
json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.sampled_from([0, 1714694400, 1714694400000, 10**11, 10**13, -1]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=60),
    st.sampled_from(SCALARS),
)
json_values = st.recursive(
    json_scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.one_of(st.sampled_from(FEED_KEYS), st.text(max_size=8)), children, max_size=6),
    ),
    max_leaves=25,
)


@st.composite
def json_documents(draw: st.DrawFn) -> str:
    """A JSON value as text, sometimes cut short or followed by another value."""
    text = json.dumps(draw(json_values), allow_nan=True, ensure_ascii=draw(st.booleans()))
    cut = draw(st.sampled_from(["whole", "whole", "truncated", "extra"]))
    if cut == "truncated":
        return text[: draw(st.integers(0, len(text)))]
    if cut == "extra":
        return text + "\n" + json.dumps(draw(json_values))
    return text


@fuzz(450)
@given(text=json_documents(), fmt=st.sampled_from([SourceFormat.JSON, SourceFormat.JSONL, None]))
def test_parse_document_never_raises_on_json(text: str, fmt: SourceFormat | None) -> None:
    check_parse(text.encode(), "feed.json", fmt)


@fuzz(250)
@given(lines=st.lists(st.one_of(json_documents(), st.text(max_size=40)), max_size=6))
def test_parse_document_never_raises_on_json_lines(lines: list[str]) -> None:
    text = "\n".join(line.replace("\n", " ") for line in lines)
    check_parse(text.encode(), "feed.jsonl", SourceFormat.JSONL)


# HTML built from tags, attributes, entities, scripts and news text, in random (often broken) order.
HTML_PIECES = [
    "<!DOCTYPE html>", "<html>", "</html>", "<head>", "</head>", "<body>", "</body>", "<article>", "</article>",
    "<p>", "</p>", "<div class='story'>", "</div>", "<br>", "<b>", "</i>", "<h1>", "</h1>", "<title>", "</title>",
    "<nav>", "<footer>", "<table><tr><td>", "<!--", "-->", "<![CDATA[", "]]>", "<?xml version='1.0'?>",
    '<meta property="article:published_time" content="2024-05-03T10:00:00Z">',
    '<meta name="date" content="not a date">', '<meta property="og:site_name" content="Example News">',
    '<link rel="canonical" href="https://example.com/2024/05/03/story">', '<time datetime="2024-13-45">',
    '<time class="published" datetime="2024-05-03">', "</time>", '<script type="application/ld+json">',
    "</script>", "<style>p{}</style>", "&amp;", "&#8212;", "&#0;", "&#x110000;", "&nbsp;", "<", ">", "\"", "'",
    "About 60 soldiers arrived at the base on Thursday, officials said.", "WASHINGTON, May 3, 2024 —",
    "Nearly 200 people gathered.", "\n", " ",
]  # fmt: skip


@st.composite
def html_documents(draw: st.DrawFn) -> str:
    """Tags and text, with JSON-LD blocks holding random JSON."""
    pieces = draw(st.lists(st.one_of(st.sampled_from(HTML_PIECES), st.text(max_size=20)), max_size=40))
    if draw(st.booleans()):
        index = draw(st.integers(0, len(pieces)))
        block = '<script type="application/ld+json">' + json.dumps(draw(json_values)) + "</script>"
        pieces.insert(index, block)
    return "".join(pieces)


@fuzz(300)
@given(text=html_documents(), fmt=st.sampled_from([SourceFormat.HTML, SourceFormat.HTML, None, SourceFormat.TEXT]))
def test_parse_document_never_raises_on_html(text: str, fmt: SourceFormat | None) -> None:
    check_parse(text.encode(), "page.html", fmt)


# Text with random YAML-ish front matter.
FRONT_KEYS = ["title", "published", "date", "outlet", "source", "url", "author", "tags", "Title", "PUBLISHED", "x"]
FRONT_VALUES = [
    "2024-05-03", "2024-02-30", "May 3, 2024", "1714694400", "[a, b", "{a: 1}", "!!python/object:os.system x",
    "&a [1, 2]", "*a", "null", "~", "yes", "'quoted'", '"dq', ">\n  folded", "|\n  literal", "- item", "12:30:00",
    "1e400", ".nan", "2001-12-14t21:59:43.10-05:00",
]  # fmt: skip
front_lines = st.tuples(
    st.one_of(st.sampled_from(FRONT_KEYS), st.text(max_size=8)),
    st.one_of(st.sampled_from(FRONT_VALUES), st.text(max_size=30)),
).map(lambda kv: f"{kv[0]}: {kv[1]}")


@st.composite
def front_matter_documents(draw: st.DrawFn) -> str:
    """'---', some key: value lines (or any text), a closing '---' or '...', then a body."""
    inside = draw(st.one_of(st.lists(front_lines, max_size=6).map("\n".join), st.text(max_size=60)))
    closing = draw(st.sampled_from(["---", "...", "--- ", ""]))
    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    body = draw(st.one_of(news_text, st.just("WASHINGTON, May 3, 2024 — About 60 soldiers arrived.")))
    return newline.join(["---", inside, closing, body])


@fuzz(400)
@given(text=front_matter_documents(), fmt=st.sampled_from([SourceFormat.TEXT, SourceFormat.MARKDOWN, None]))
def test_parse_document_never_raises_on_front_matter(text: str, fmt: SourceFormat | None) -> None:
    check_parse(text.encode(), "article.md", fmt)


# --- load_paths over a folder of random files -----------------------------------------------------

EXTENSIONS = [".txt", ".md", ".html", ".htm", ".json", ".jsonl", ".ndjson", ".TXT", ".Md", ".jpg", ".csv", ""]
contents = st.one_of(
    st.binary(max_size=300),
    json_documents().map(str.encode),
    html_documents().map(str.encode),
    front_matter_documents().map(str.encode),
    news_text.map(str.encode),
)
entries = st.lists(
    st.tuples(
        st.sampled_from(["", "sub/", "sub/deeper/"]),
        st.text(alphabet=string.ascii_lowercase + string.digits + "-_ ", min_size=1, max_size=8),
        st.sampled_from(EXTENSIONS),
        contents,
    ),
    max_size=8,
    unique_by=lambda e: e[0] + e[1] + e[2],
)


@fuzz(80)
@given(files=entries)
def test_load_paths_accounts_for_every_random_file(files: list[tuple[str, str, str, bytes]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        for subfolder, stem, extension, data in files:
            path = folder / subfolder / f"{stem}{extension}"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        articles = {str(folder / s / f"{stem}{ext}") for s, stem, ext, _ in files if ext.lower() in PLAIN.extensions}
        result = load_paths([folder], PLAIN)
    loaded = {s.path for s in result.sources}
    failed = {f.path for f in result.failures}
    assert [s.id for s in result.sources] == [f"s{i}" for i in range(1, len(result.sources) + 1)]
    for failure in result.failures:
        assert failure.reason.strip() and "\n" not in failure.reason
        assert not failure.reason.startswith("cannot be parsed"), f"a parser crashed: {failure}"
    if not articles:
        assert result.sources == []
        assert [f.path for f in result.failures] == [str(folder)]
        assert result.failures[0].reason.startswith("no article files")
        return
    assert loaded | failed == articles, "every article file is loaded or named as skipped, nothing else"
    for path in articles - failed:
        assert path in loaded
    for source in result.sources:
        assert source.text.strip(), "an empty text is a failure, not a source"


# --- extractor over arbitrary text ----------------------------------------------------------------


def check_claims(sources: Sequence[Source], extraction: Extraction) -> None:
    """Every claim points at its words in its source; ids, order and values are consistent."""
    order = {s.id: index for index, s in enumerate(sources)}
    by_id = {s.id: s for s in sources}
    assert len(by_id) == len(sources), "source ids must be unique for this check"
    per_source: dict[str, list[Claim]] = {}
    last_index = -1
    for claim in extraction.claims:
        assert claim.source in by_id, claim
        assert order[claim.source] >= last_index, "claims are ordered by source"
        last_index = order[claim.source]
        text = by_id[claim.source].text
        assert 0 <= claim.start < claim.end <= len(text), claim
        assert claim.text == text[claim.start : claim.end]
        assert claim.text.strip(), claim
        assert claim.text.replace("\n", " ") in claim.sentence, (claim.text, claim.sentence)
        if isinstance(claim.value, Quantity) and claim.value.low is not None and claim.value.high is not None:
            assert claim.value.low <= claim.value.high, claim
        if isinstance(claim.value, DateValue) and claim.value.start and claim.value.end:
            assert claim.value.start <= claim.value.end, claim
        assert Claim.model_validate_json(claim.model_dump_json()) == claim
        per_source.setdefault(claim.source, []).append(claim)
    for source_id, claims in per_source.items():
        assert [c.id for c in claims] == [f"{source_id}.c{i}" for i in range(1, len(claims) + 1)]
        spans = [(c.start, c.end) for c in claims]
        assert spans == sorted(spans)
    for warning in extraction.warnings:
        assert warning.source in by_id


def build_sources(texts: Sequence[str], settings_: Settings) -> list[Source]:
    """Sources through the real text loader; texts whose front matter is malformed are left out."""
    sources: list[Source] = []
    for index, text in enumerate(texts):
        try:
            source = load_text(text, f"doc{index:04d}.txt", f"s{len(sources) + 1}", settings_)
        except ValueError:
            continue
        sources.append(source)
    return sources


NEWS_PIECES = [
    "about", "around", "more than", "nearly", "at least", "up to", "some", "an estimated", "between", "and",
    "1", "12", "60", "1,000", "2.5", "0", "one", "two", "dozens", "hundreds", "million", "billion", "people",
    "soldiers", "troops", "miles", "km", "weeks", "days", "percent", "%", "$", "€", "£", "¥", "₹", "ago",
    "since", "last", "next", "Thursday", "May", "3,", "2024", "1990s", "said", "Defense Secretary", "Jane Doe",
    "Gen.", "Paris", "in", "near", "“We will not leave,”", "\"", "'", "—", "(", ")", ".", ",", "\n", "\n\n",
]  # fmt: skip
WIDE = st.one_of(
    st.sampled_from(NEWS_CHARS + "٠١٢३४५०１２"),
    st.characters(codec="utf-8", exclude_categories=["Cs"]),
)
arbitrary_texts = st.one_of(
    st.text(alphabet=WIDE, max_size=300),
    st.lists(st.sampled_from(NEWS_PIECES), max_size=50).map(" ".join),
    st.lists(st.one_of(st.sampled_from(NEWS_PIECES), st.text(alphabet=WIDE, max_size=6)), max_size=40).map("".join),
)


@fuzz(20)
@given(texts=st.lists(arbitrary_texts, min_size=10, max_size=10), dated=st.booleans())
def test_extractor_never_raises_on_arbitrary_text(texts: list[str], dated: bool) -> None:
    sources = build_sources(texts, DATED if dated else PLAIN)
    check_claims(sources, extract(sources, DATED if dated else PLAIN))


def random_texts(seed: int, count: int) -> list[str]:
    """Deterministic noise: wide unicode, digits, currency, quotes, newlines, news words."""
    rng = random.Random(seed)
    alphabet = NEWS_CHARS + "٠١٢३४५०１２éßдж中文🙂\u00a0\u2028\u200b\ufeff"
    texts = []
    for _ in range(count):
        parts = []
        for _ in range(rng.randint(1, 30)):
            if rng.random() < 0.5:
                parts.append(rng.choice(NEWS_PIECES))
            else:
                parts.append("".join(rng.choice(alphabet) for _ in range(rng.randint(1, 12))))
        texts.append(" ".join(parts))
    return texts


def test_extractor_on_seeded_noise_is_consistent_and_deterministic() -> None:
    texts = random_texts(7, 200)
    sources = build_sources(texts, DATED)
    assert len(sources) == 200
    first = extract(sources, DATED)
    check_claims(sources, first)
    assert first.claims, "200 texts full of numbers and news words yield some claims"
    second = extract(sources, DATED)
    assert [c.model_dump() for c in second.claims] == [c.model_dump() for c in first.claims]
    assert second.warnings == first.warnings


# --- a generated corpus of news documents ---------------------------------------------------------

HEDGES = ["", "about ", "around ", "more than ", "nearly ", "at least ", "up to ", "some ", "an estimated ",
          "fewer than ", "roughly ", "almost "]  # fmt: skip
CITIES = ["WASHINGTON", "LONDON", "KYIV", "LAGOS, Nigeria", "Paris", "NEW DELHI", "Tokyo"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]  # fmt: skip
NOUNS = ["soldiers", "people", "troops", "protesters", "students", "workers", "migrants", "civilians"]
PERSONS = ["Jane Doe", "John Smith", "Maria Garcia", "Ahmed Khan", "Li Wei", "Olga Petrova"]
TITLES = ["Defense Secretary", "Foreign Minister", "Gen.", "Mayor", "Senator", "police spokesperson", "Prime Minister"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
QUOTES = ["We will not leave", "The situation is under control", "Nobody was hurt", "We need more help now"]
NOISE = ["Advertisement", "Share this article", "Read more: https://example.com/a?b=1&c=2", "© 2024 Example News",
         "🙂🔥 #breaking", "|||", "1 2 3 4 5", "$$$ €€€ %%%", "“‘’”", "\t \t"]  # fmt: skip


def _number(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.4:
        return str(rng.randint(2, 99))
    if roll < 0.75:
        return f"{rng.randint(1, 999_999):,}"
    return rng.choice(["two", "three", "a dozen", "dozens of", "hundreds of", "10 million", "1.5 million"])


def _day(rng: random.Random) -> str:
    return f"{rng.choice(MONTHS)} {rng.randint(1, 28)}, {rng.randint(1990, 2030)}"


def _sentence(rng: random.Random) -> str:
    hedge, noun, person, title = rng.choice(HEDGES), rng.choice(NOUNS), rng.choice(PERSONS), rng.choice(TITLES)
    templates = [
        lambda: (
            f"{hedge.capitalize()}{_number(rng)} {noun} arrived at the base on {rng.choice(WEEKDAYS)}, officials said."
        ),
        lambda: f"The project will cost {hedge}${_number(rng)} million, according to the ministry.",
        lambda: f"The fire burned for {hedge}{rng.randint(2, 30)} days.",
        lambda: f"The village lies {hedge}{rng.randint(1, 300)} {rng.choice(['miles', 'km'])} north of the capital.",
        lambda: (
            f"{hedge.capitalize()}{rng.randint(1, 99)} percent of {noun} backed the plan in {rng.randint(1990, 2023)}."
        ),
        lambda: f"“{rng.choice(QUOTES)},” said {title} {person}.",
        lambda: f"{title} {person} said on {_day(rng)} that {_number(rng)} {noun} had been killed.",
        lambda: f"The talks, which began {rng.randint(2, 12)} weeks ago, lasted {hedge}{rng.randint(2, 48)} hours.",
        lambda: (
            f"{person}, the {title}, met officials in {rng.choice(['Geneva', 'Doha', 'Cairo'])} last "
            f"{rng.choice(WEEKDAYS)}."
        ),
        lambda: f"Prices fell by €{rng.randint(1, 900)} billion, or £{rng.randint(1, 90)}.{rng.randint(0, 9)}bn.",
        lambda: f"Between {rng.randint(10, 50)} and {rng.randint(51, 200)} {noun} were evacuated, police said.",
    ]
    return rng.choice(templates)()


def news_document(rng: random.Random) -> str:
    """A short article: maybe front matter, a headline and a dateline, one to three sentences, noise."""
    lines = []
    roll = rng.random()
    if roll < 0.15:
        published = f"{rng.randint(2000, 2030)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        lines += ["---", f"title: {rng.choice(QUOTES)}", f"published: {published}", "---"]
    if rng.random() < 0.4:
        lines.append(f"{rng.choice(CITIES).title()} officials meet as {_number(rng)} wait")
    body = " ".join(_sentence(rng) for _ in range(rng.randint(1, 2)))
    if roll > 0.5:
        body = f"{rng.choice(CITIES)}, {_day(rng)} — {body}"
    lines.append(body)
    if rng.random() < 0.25:
        lines.append(rng.choice(NOISE))
    if rng.random() < 0.1:
        lines.append(_sentence(rng))
    return "\n".join(lines) + "\n"


CORPUS_SIZE = 3000
BATCH = 500


@dataclass
class Corpus:
    """The generated documents as sources, and the claims of each batch."""

    sources: list[Source]
    extraction: Extraction


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    rng = random.Random(20240503)
    texts = [news_document(rng) for _ in range(CORPUS_SIZE)]
    sources = build_sources(texts, PLAIN)
    assert len(sources) == CORPUS_SIZE, "every generated document loads"
    extraction = Extraction()
    for start in range(0, len(sources), BATCH):
        batch = extract(sources[start : start + BATCH], PLAIN)
        extraction.claims.extend(batch.claims)
        extraction.warnings.extend(batch.warnings)
    return Corpus(sources, extraction)


def test_corpus_claims_point_at_their_evidence(corpus: Corpus) -> None:
    check_claims(corpus.sources, corpus.extraction)


def test_corpus_yields_every_kind_of_claim(corpus: Corpus) -> None:
    kinds = Counter(c.kind for c in corpus.extraction.claims)
    for kind in (ClaimKind.COUNT, ClaimKind.MONEY, ClaimKind.DURATION, ClaimKind.DISTANCE, ClaimKind.DATE):
        assert kinds[kind] >= 100, kinds
    for kind in (ClaimKind.QUOTE, ClaimKind.TITLE, ClaimKind.PERCENT):
        assert kinds[kind] >= 20, kinds
    with_claims = {c.source for c in corpus.extraction.claims}
    assert len(with_claims) >= 0.9 * CORPUS_SIZE, "almost every generated article states a number or a date"


def test_corpus_dates_and_warnings(corpus: Corpus) -> None:
    undated = {s.id for s in corpus.sources if s.published is None}
    warned = {w.source for w in corpus.extraction.warnings if w.code == "undated-source"}
    assert warned == undated
    assert any(s.published is not None for s in corpus.sources)


def test_corpus_extraction_is_deterministic(corpus: Corpus) -> None:
    """A second run over a subset, in one batch of a different size, gives the same claims."""
    subset = corpus.sources[:: CORPUS_SIZE // 200]
    again = extract(subset, PLAIN)
    ids = {s.id for s in subset}
    expected = [c.model_dump() for c in corpus.extraction.claims if c.source in ids]
    assert [c.model_dump() for c in again.claims] == expected
