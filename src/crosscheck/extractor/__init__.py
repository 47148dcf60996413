"""Extractor stage: dated sources in, normalized claims with evidence out."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from crosscheck.extractor.ages import age_claims
from crosscheck.extractor.base import Draft
from crosscheck.extractor.context import build_context
from crosscheck.extractor.events import date_claims
from crosscheck.extractor.frames import with_frames
from crosscheck.extractor.measures import measure_claims
from crosscheck.extractor.nlp import (
    MAX_BLOCK,
    forget,
    load_model,
    model_name,
    parse,
    sentences,
    split_paragraphs,
)
from crosscheck.extractor.numeric import numeric_claims
from crosscheck.extractor.people import quotes_in, spoke_in, titles_in
from crosscheck.extractor.places import location_claims, named_place_claims, position_claims
from crosscheck.extractor.times import time_claims
from crosscheck.models import NUMERIC_KINDS, Claim, ClaimKind, Source, Warning_
from crosscheck.settings import Settings

__all__ = ["EXTRACTOR_VERSION", "Extraction", "extract", "extract_source_docs"]

# Bump when extraction output changes for the same input (part of any cache key).
EXTRACTOR_VERSION = "3"


@dataclass
class Extraction:
    """Claims of all sources (ordered by source, then offset) and the warnings raised."""

    claims: list[Claim] = field(default_factory=list)
    warnings: list[Warning_] = field(default_factory=list)
    model: str = ""


def extract_source_docs(source: Source, blocks: Sequence[tuple[int, Any]]) -> tuple[list[Claim], list[Warning_]]:
    """Claims of one source from its parsed paragraphs (offset, Doc)."""
    ctx = build_context([doc for _offset, doc in blocks], source.published)
    drafts: list[Draft] = []
    unresolved: list[str] = []
    seen_titles: set[tuple[str, str]] = set()
    for _offset, doc in blocks:  # titles first: quotes resolve "the Defense Secretary" through them
        for sent in sentences(doc):
            titles_in(sent, ctx, seen_titles)
    seen_titles.clear()
    state: dict[str, str] = {}
    anchor = ctx.anchor
    for offset, doc in blocks:
        local: list[Draft] = []  # offsets in this paragraph
        for sent in sentences(doc):
            local.extend(numeric_claims(sent, ctx))
            local.extend(measure_claims(sent, ctx))
            local.extend(age_claims(sent, ctx))
            found, missing = date_claims(sent, ctx)
            local.extend(found)
            unresolved.extend(missing)
            local.extend(titles_in(sent, ctx, seen_titles))
            local.extend(position_claims(sent))
            local.extend(location_claims(sent))
            local.extend(named_place_claims(sent))
            local.extend(spoke_in(sent, ctx))
        local.extend(_shift(quotes_in(doc, offset, ctx, state), -offset))
        local.extend(_shift(time_claims(doc, offset, ctx), -offset))
        drafts.extend(_shift(with_frames(local, doc, anchor), offset))
    drafts = _without_misread_numbers(drafts)
    drafts.sort(key=lambda d: (d.start, d.end, d.kind.value, d.subject.key))
    claims: list[Claim] = []
    unique: set[tuple[int, int, str, str]] = set()
    kept: list[Draft] = []
    for draft in drafts:
        marker = (draft.start, draft.end, draft.kind.value, draft.subject.key)
        if marker not in unique:
            unique.add(marker)
            kept.append(draft)
    # ids first: a part may come before its whole ("3,000 of its 10,000 employees")
    first_at: dict[int, str] = {}  # a draft's start -> id of the first numeric claim there (a list's head)
    for number, draft in enumerate(kept, start=1):
        if draft.kind in NUMERIC_KINDS:
            first_at.setdefault(draft.start, f"{source.id}.c{number}")
    for number, draft in enumerate(kept, start=1):
        claim_id = f"{source.id}.c{number}"
        frame = draft.frame
        if draft.whole is not None and (whole := first_at.get(draft.whole)) is not None:
            frame = frame.model_copy(update={"part_of": whole})
        claims.append(
            Claim(
                id=claim_id,
                source=source.id,
                kind=draft.kind,
                subject=draft.subject,
                value=draft.value,
                text=source.text[draft.start : draft.end],
                sentence=draft.sentence,
                start=draft.start,
                end=draft.end,
                attribution=draft.attribution,
                modality=draft.modality,
                as_of=draft.as_of,
                rule=draft.rule,
                frame=frame,
            )
        )
    warnings = [
        Warning_(
            code="unresolved-date",
            source=source.id,
            path=source.path,
            message=f"{source.path}: relative date {phrase!r} left unresolved: the source has no publication date",
        )
        for phrase in dict.fromkeys(unresolved)
    ]
    return claims, warnings


# Kinds whose words say what their number is (a unit, a clock, an age): a count, distance or duration
# read from the same words ("120 km" of "120 km/h", "15 square miles" as a count of miles) is a misread.
_SPECIFIC_KINDS = frozenset({ClaimKind.MEASURE, ClaimKind.TIME, ClaimKind.AGE})


def _without_misread_numbers(drafts: list[Draft]) -> list[Draft]:
    """Drafts less the numeric ones that overlap a measure, time or age draft."""
    spans = sorted((d.start, d.end) for d in drafts if d.kind in _SPECIFIC_KINDS)
    if not spans:
        return drafts
    starts = [start for start, _end in spans]
    longest = max(end - start for start, end in spans)
    kept = []
    for draft in drafts:
        if draft.kind in NUMERIC_KINDS:
            # spans starting before the draft's end, and late enough to reach past its start
            first = bisect_left(starts, draft.start - longest)
            last = bisect_left(starts, draft.end)
            if any(end > draft.start for _start, end in spans[first:last]):
                continue
        kept.append(draft)
    return kept


def _failed(source: Source, exc: Exception) -> Warning_:
    return Warning_(
        code="extraction-failed",
        source=source.id,
        path=source.path,
        message=f"{source.path}: no claims extracted, an extraction rule failed on it "
        f"({type(exc).__name__}: {exc}); the rest of the run is unaffected",
    )


def _shift(drafts: list[Draft], offset: int) -> list[Draft]:
    """Paragraph offsets -> source offsets (sentence-level extractors work inside one paragraph)."""
    if not offset:
        return drafts
    return [
        replace(d, start=d.start + offset, end=d.end + offset, whole=None if d.whole is None else d.whole + offset)
        for d in drafts
    ]


def extract(sources: Sequence[Source], settings: Settings) -> Extraction:
    """Parse every source's paragraphs in batches with one loaded model and extract their claims."""
    result = Extraction()
    if not sources:
        return result
    nlp = load_model(settings.model)
    result.model = model_name(nlp)
    jobs: list[tuple[int, int, str]] = []
    limit = min(MAX_BLOCK, nlp.max_length)  # a longer paragraph is parsed in pieces (spaCy refuses it)
    for index, source in enumerate(sources):
        jobs.extend((index, offset, block) for offset, block in split_paragraphs(source.text, limit))
    # A paragraph that recurs (reprints, an outlet's boilerplate) is parsed once: the pipeline's
    # output depends on the text alone, and extractors only read a Doc, so sources can share it.
    unique: dict[str, int] = {}
    for _index, _offset, block in jobs:
        unique.setdefault(block, len(unique))
    docs = list(parse(nlp, unique, settings.batch_size))
    blocks: list[list[tuple[int, Any]]] = [[] for _ in sources]
    for index, offset, block in jobs:
        blocks[index].append((offset, docs[unique[block]]))
    for source, source_blocks in zip(sources, blocks, strict=True):
        try:
            claims, warnings = extract_source_docs(source, source_blocks)
        except Exception as exc:  # one article a rule trips on never loses the rest of the run
            claims, warnings = [], [_failed(source, exc)]
        result.claims.extend(claims)
        result.warnings.extend(warnings)
        if source.published is None:
            result.warnings.append(
                Warning_(
                    code="undated-source",
                    source=source.id,
                    path=source.path,
                    message=f"{source.path}: no publication date found; relative dates in it stay unresolved "
                    "(set one with --published or front matter)",
                )
            )
    for doc in docs:
        forget(doc)
    return result
