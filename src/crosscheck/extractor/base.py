"""What every claim extractor returns: a draft claim whose id is assigned once a source is done."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from crosscheck.models import EMPTY_FRAME, ClaimKind, ClaimValue, Frame, Modality, Subject

_AS_OF = re.compile(r"(?i)\bas of\s+((?:the\s+)?(?:last|this|early|late|mid)?[\s-]*[\w ,]{2,30}?)(?=[,.;]|$)")


@dataclass(frozen=True)
class Draft:
    """A claim before it has an id: offsets are into the source text."""

    kind: ClaimKind
    subject: Subject
    value: ClaimValue
    start: int
    end: int
    sentence: str
    rule: str
    attribution: str | None = None
    modality: Modality = Modality.REPORTED
    as_of: str | None = None
    frame: Frame = EMPTY_FRAME
    # Offset of the draft this one is a part of (a list's head count), in the same text as `start`.
    whole: int | None = None


def as_of_in(sentence: str) -> str | None:
    """A time qualifier such as 'as of last year' in the sentence, or None."""
    match = _AS_OF.search(sentence)
    return f"as of {match.group(1).strip()}" if match else None


def sentence_text(sent: Any) -> str:
    """A sentence's text without surrounding whitespace."""
    return str(sent.text).strip()
