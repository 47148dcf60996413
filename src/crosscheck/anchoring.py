"""Run-level anchoring: an undated source's relative dates resolved against the run's dates.

An article that states no publication date cannot place "on Sunday" or "last year" by itself, and
its date claims stay unresolved (start/end None), so they are never compared. When other sources
of the same run are dated, the run says when the story was written: this step, applied in the
main process after extraction (and after the cache, so a cached per-file result stays a function
of that file alone), picks one anchor date for the run and re-resolves every undated source's
unresolved relative date claim against it. The value records the date (`anchor`) and the source
it came from (`anchor_source`), and one warning per undated source names the anchor: never silently.

The anchor is the lower median of the dated sources' publication dates (high or medium confidence
ones when there are any, else all): the undated article was most likely written when most of the
others were, and the median is the date nearest to all of them. The latest date would resolve
"on Sunday" a week late whenever one follow-up piece (or one late "Updated:" stamp read as the
date) falls after the next Sunday; the median holds unless half the run does. Of equal dates the
source with the lowest number is named. When the dated sources spread over more than
`MAX_SPREAD_DAYS`, the run is not one news moment and nothing is anchored (as before).

Only date claims are anchored for now; a time of day keeps its own (possibly missing) `date`.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from crosscheck.models import Claim, ClaimKind, Confidence, DateValue, Source, Warning_

__all__ = ["MAX_SPREAD_DAYS", "RunAnchor", "anchor_undated", "choose_anchor"]

# Dated sources further apart than this are not one news moment: no anchor for the run.
MAX_SPREAD_DAYS = 31
# Phrases named in one warning (the rest are counted).
_NAMED = 6

_RULE_DIRECTION = re.compile(r"^date/relative:[a-z]+\+(past|future)\+")
_UNRESOLVED_PREFIX = ": relative date "
_UNRESOLVED_SUFFIX = " left unresolved: the source has no publication date"


@dataclass(frozen=True)
class RunAnchor:
    """The date undated sources are read against, the source it is the publication date of, and
    how many dated sources it was chosen from."""

    day: date
    source: Source
    dated: int


def _number(source: Source) -> tuple[int, str]:
    digits = source.id[1:]
    return (int(digits), source.id) if digits.isdigit() else (0, source.id)


def choose_anchor(sources: Sequence[Source]) -> RunAnchor | None:
    """The run's anchor: the lower median of its dated sources' dates (high/medium confidence
    first), or None when no source is dated or their dates spread over more than MAX_SPREAD_DAYS."""
    dated = [s for s in sources if s.published is not None]
    trusted = [s for s in dated if s.published_confidence in (Confidence.HIGH, Confidence.MEDIUM)]
    pool = sorted(trusted or dated, key=lambda s: (s.published, _number(s)))
    if not pool:
        return None
    first, last = pool[0].published, pool[-1].published
    assert first is not None and last is not None  # filtered above, for mypy
    if (last - first).days > MAX_SPREAD_DAYS:
        return None
    middle = pool[(len(pool) - 1) // 2]
    assert middle.published is not None  # filtered above, for mypy
    return RunAnchor(day=middle.published, source=middle, dated=len(pool))


def _unresolved(claim: Claim) -> DateValue | None:
    value = claim.value
    if claim.kind is ClaimKind.DATE and isinstance(value, DateValue) and value.relative and value.start is None:
        return value
    return None


def _resolve(claim: Claim, value: DateValue, anchor: RunAnchor) -> tuple[DateValue, str] | None:
    """The claim's date read against the anchor, and the phrase it was read from; None when its
    words no longer read as the same relative date."""
    from crosscheck.extractor.dates import Direction, find_dates, parse_date_phrase

    found = _RULE_DIRECTION.match(claim.rule)
    direction: Direction | None = None
    if found is not None:
        direction = "future" if found.group(1) == "future" else "past"
    for mention in find_dates(claim.text):
        phrase = mention.value_text
        body = claim.text[mention.body_start : mention.end]
        if mention.prep and body.endswith(("'s", "’s")) and phrase.lower().startswith(mention.prep):
            phrase = phrase[len(mention.prep) :]  # "killed by Sunday's blast": the preposition is the noun's
        resolved = parse_date_phrase(phrase, anchor.day, direction)
        if resolved is None or not resolved.relative or resolved.start is None:
            continue
        if resolved.granularity != value.granularity:
            continue
        if phrase is not mention.value_text:  # "of last year's coup": 'last year'
            words = re.sub(r"['’]s$", "", " ".join(body.split()))
        else:
            words = " ".join(mention.text.split())
        return resolved.model_copy(update={"since": value.since, "anchor_source": anchor.source.id}), words
    return None


def _phrase_of(warning: Warning_) -> str | None:
    """The phrase an "unresolved-date" warning names."""
    head = f"{warning.path}{_UNRESOLVED_PREFIX}"
    message = warning.message
    if warning.code != "unresolved-date" or not message.startswith(head) or not message.endswith(_UNRESOLVED_SUFFIX):
        return None
    try:
        phrase = ast.literal_eval(message[len(head) : -len(_UNRESOLVED_SUFFIX)])
    except (ValueError, SyntaxError):
        return None
    return phrase if isinstance(phrase, str) else None


def _message(source: Source, phrases: Sequence[str], anchor: RunAnchor) -> str:
    named = ", ".join(repr(p) for p in phrases[:_NAMED])
    more = f" and {len(phrases) - _NAMED} more" if len(phrases) > _NAMED else ""
    of = f"median of the {anchor.dated} dated sources in this run" if anchor.dated > 1 else "the one dated source"
    return (
        f"{source.path}: no publication date found; its relative dates ({named}{more}) were resolved against "
        f"{anchor.day.isoformat()}, the publication date of {anchor.source.id} ({anchor.source.path}, {of}) "
        "(set one with --published or front matter)"
    )


def anchor_undated(
    sources: Sequence[Source], claims: Sequence[Claim], warnings: Sequence[Warning_]
) -> tuple[list[Claim], list[Warning_]]:
    """Claims and warnings with every undated source's unresolved relative dates resolved against
    the run's anchor (`choose_anchor`), each anchored source's warnings made one that names it.
    Unchanged when no source is undated, none is dated, or the dates spread too far."""
    undated = {s.id: s for s in sources if s.published is None}
    if not undated or len(undated) == len(sources):
        return list(claims), list(warnings)
    anchor = choose_anchor(sources)
    if anchor is None:
        return list(claims), list(warnings)
    out: list[Claim] = []
    phrases: dict[str, list[str]] = {}
    left: dict[str, list[str]] = {}  # texts of the claims that stay unresolved, per source
    for claim in claims:
        value = _unresolved(claim) if claim.source in undated else None
        if value is None:
            out.append(claim)
            continue
        resolved = _resolve(claim, value, anchor)
        if resolved is None:
            left.setdefault(claim.source, []).append(claim.text.lower())
            out.append(claim)
            continue
        phrases.setdefault(claim.source, []).append(resolved[1])
        out.append(claim.model_copy(update={"value": resolved[0]}))
    if not phrases:
        return out, list(warnings)
    kept: list[Warning_] = []
    told: set[str] = set()
    for warning in warnings:
        sid = warning.source
        if sid is None or sid not in phrases:
            kept.append(warning)
            continue
        if warning.code == "undated-source":
            if sid not in told:
                told.add(sid)
                said = list(dict.fromkeys(phrases[sid]))
                kept.append(warning.model_copy(update={"message": _message(undated[sid], said, anchor)}))
            continue
        phrase = _phrase_of(warning)
        if phrase is not None and not any(phrase.lower() in text for text in left.get(sid, ())):
            continue  # resolved now: the anchored warning names it
        kept.append(warning)
    for sid in phrases:  # a source whose undated warning is not among these (never, from `extract`)
        if sid not in told:
            kept.append(
                Warning_(
                    code="undated-source",
                    source=sid,
                    path=undated[sid].path,
                    message=_message(undated[sid], list(dict.fromkeys(phrases[sid])), anchor),
                )
            )
    return out, kept
