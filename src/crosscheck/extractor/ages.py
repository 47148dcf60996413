"""Ages: "aged 25", "the 38-year-old diver", "Jane Roe, 39,", "a 38 years-old volunteer", "aged between
11 and 16", "in her early 40s".

An age is a Quantity in years about the person it is said of (their name when the sentence gives it,
else the noun: "age of: diver"). A group's range ("nine girls aged 10 to 15") is two facts, its
youngest and its oldest, each a claim of its own; one person's range ("a man aged 30 to 40") is one
uncertain value. The age of a lasting thing ("the 143-year-old firm") is how long it has
existed: a duration, made by the numeric extractor, never an age.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from crosscheck.extractor.base import Draft, as_of_in, sentence_text
from crosscheck.extractor.context import DocContext, attribution_for, clean_person, modality_for, norm_key
from crosscheck.extractor.counted import noun_table
from crosscheck.extractor.happenings import words_of
from crosscheck.extractor.nlp import doc_ents
from crosscheck.extractor.quantities import parse_quantity
from crosscheck.models import ClaimKind, Quantity, Subject

__all__ = ["age_claims", "find_ages"]

_MONTHS = frozenset(
    [
        "jan",
        "feb",
        "mar",
        "apr",
        "may",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "january",
        "february",
        "march",
        "april",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ]
)
_DECADES = {
    "twenties": 20,
    "thirties": 30,
    "forties": 40,
    "fifties": 50,
    "sixties": 60,
    "seventies": 70,
    "eighties": 80,
    "nineties": 90,
}
_PARTS = {"early": (0, 3), "mid": (4, 6), "mid-": (4, 6), "late": (7, 9), None: (0, 9)}


@cache
def _finder() -> re.Pattern[str]:
    digits = "one|two|three|four|five|six|seven|eight|nine"
    words = rf"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\s-](?:{digits}))?"
    small = rf"(?:{digits}|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)"
    num = rf"(?:\d{{1,3}}|{words}|{small})"
    hedge = r"(?:(?:about|around|roughly|approximately|nearly|almost|some|over|under|at\s+least)\s+)?"
    joint = r"\s*(?:-|–|to|and)\s*"
    return re.compile(
        r"(?i)(?<![\w.,-])(?:"
        # "38-year-old", "38 years old", "38 years-old", "six-month-old", "11- to 17-year-olds"
        rf"(?P<old>{hedge}(?:between\s+)?{num}(?:(?:-year)?{joint}{num})?)(?:\s*-\s*|\s+)"
        r"(?P<unit>years?|months?)(?:\s*-\s*|\s+)old(?P<plural>s)?\b"
        # "40 years of age"
        rf"|(?P<ofage>{hedge}{num})\s+years\s+of\s+age\b"
        # "aged 25", "aged between 11 and 16", "ages 11-16", ", age 40", "at the age of 39"
        rf"|(?P<cue>aged|ages|(?<=[,(]\s)age|at\s+the\s+age\s+of|at\s+age)\s+"
        rf"(?P<aged>{hedge}(?:between\s+)?{num}(?:{joint}{num})?)(?![\w]|[.,]\d)"
        # "in his 40s", "in her early forties", "in their mid-20s"
        r"|in\s+(?:his|her|their)\s+(?P<part>early|mid-|mid|late)?\s*(?P<decade>[1-9]0s|" + "|".join(_DECADES) + r")\b"
        r")"
    )


def _years(phrase: str, months: bool) -> Quantity | None:
    """The value of an age phrase in years ("between 11 and 16", "thirty-eight")."""
    phrase = re.sub(r"(?i)-year\b", "", phrase).strip()
    value = parse_quantity(phrase)
    if value is None or (value.low is None and value.high is None):
        return None
    if (value.high or value.low or 0) > 130:
        return None
    factor = 1 / 12 if months else 1.0
    low = round(value.low * factor, 3) if value.low is not None else None
    high = round(value.high * factor, 3) if value.high is not None else None
    return value.model_copy(update={"unit": "year", "low": low, "high": high, "original": phrase if months else None})


def find_ages(text: str) -> list[tuple[int, int, Quantity, str, bool]]:
    """Age phrases in `text`: (start, end, value in years, rule, said of several people)."""
    found = []
    for match in _finder().finditer(text):
        g = match.groupdict()
        plural = False
        if g["old"] is not None:
            value = _years(g["old"], months=g["unit"].lower().startswith("month"))
            rule = "year-old"
            plural = bool(g["plural"])
        elif g["ofage"] is not None:
            value = _years(g["ofage"], months=False)
            rule = "years-of-age"
        elif g["aged"] is not None:
            value = _years(g["aged"], months=False)
            rule = "aged"
        else:
            base = int(g["decade"][:2]) if g["decade"][0].isdigit() else _DECADES[g["decade"].lower()]
            low, high = _PARTS[g["part"].lower() if g["part"] else None]
            value = Quantity(low=base + low, high=base + high, unit="year", approx=True, hedge=g["part"])
            rule = "decade"
        if value is not None:
            found.append((match.start(), match.end(), value, rule, plural))
    return found


# --- who an age is about --------------------------------------------------------------------------


def _person_span(token: Any) -> str | None:
    """The name a proper noun belongs to: its PERSON entity, else its run of compound proper nouns."""
    for ent in doc_ents(token.doc):
        if ent.start <= token.i < ent.end:  # the model takes many a foreign name for an organization
            return clean_person(ent.text) if ent.label_ in ("PERSON", "ORG") else None
    if token.pos_ != "PROPN" or token.lower_ in _MONTHS:
        return None
    parts = [c for c in token.lefts if c.dep_ == "compound" and c.pos_ == "PROPN"]
    first = min([token.i, *(p.i for p in parts)])
    return clean_person(token.doc[first : token.i + 1].text)


def _who(token: Any, inside: range) -> tuple[str, Any, bool] | None:
    """Who an age phrase whose root is `token` is about: (name or noun words, token, is a person)."""
    current = token
    for _ in range(6):
        if current.pos_ in ("VERB", "AUX") and current.i in inside and current.lower_ == "aged":
            subject = next((c for c in current.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subject is not None and subject.pos_ in ("NOUN", "PROPN"):  # "the pilot was aged about 50"
                current = subject
        if current.i not in inside:
            if current.pos_ == "PROPN":
                name = _person_span(current)
                return (name, current, True) if name else None
            if current.pos_ == "NOUN":
                for child in current.children:  # "the 38-year-old diver, Jane Roe,"
                    if child.dep_ == "appos" and child.pos_ == "PROPN" and (name := _person_span(child)):
                        return name, child, True
                if current.dep_ == "appos" and current.head.pos_ == "PROPN":  # "Jane Roe, a 38-year-old diver"
                    name = _person_span(current.head)
                    if name:
                        return name, current.head, True
                return words_of(current), current, False
            if current.pos_ in ("VERB", "AUX"):  # "the victim was 25 years old"
                subject = next((c for c in current.children if c.dep_ in ("nsubj", "nsubjpass")), None)
                if subject is None or subject.pos_ not in ("NOUN", "PROPN"):
                    return None
                current = subject  # a noun: read on the next round
                continue
        if current.head is current:
            return None
        current = current.head
    return None


def _after_name(sent: Any, start: int, end: int) -> tuple[Quantity, str] | None:
    """'Jane Roe, 39,' / 'Jane Roe (39)': a bare number between commas or brackets after a name."""
    text = sent.text
    before, after = text[:start], text[end : end + 3]
    if not (re.search(r"(?:,|\()\s*$", before) and re.match(r"\s*(?:[,;)]|\.(?!\d)|$)", after)):
        return None
    value = parse_quantity(text[start:end])
    if value is None or value.low is None or value.low != value.high or not 1 <= value.low <= 120:
        return None
    return value.model_copy(update={"unit": "year"}), "after-name"


def age_claims(sent: Any, ctx: DocContext) -> list[Draft]:
    """Every age claim in one sentence."""
    text = sent.text
    found = find_ages(text)
    doc = sent.doc
    base = sent.start_char
    candidates: list[tuple[int, int, Quantity, str, bool]] = list(found)
    if "," in text or "(" in text:  # "Jane Roe, 39,": a number right after a name
        for token in sent:
            if not (token.like_num and token.pos_ == "NUM" and token.dep_ in ("appos", "npadvmod", "conj", "ROOT")):
                continue
            start, end = token.idx - base, token.idx - base + len(token.text)
            if any(s <= start < e for s, e, *_rest in found):
                continue
            read = _after_name(sent, start, end)
            if read is not None and token.head.pos_ == "PROPN" and token.head.i < token.i:
                candidates.append((start, end, read[0], read[1], False))
    if not candidates:
        return []
    as_of = as_of_in(text)
    lasting = noun_table().lasting
    drafts: list[Draft] = []
    for start, end, value, rule, plural in sorted(candidates, key=lambda c: c[0]):
        span = doc.char_span(base + start, base + end, alignment_mode="expand")
        if span is None or not len(span):
            continue
        before = doc[span.start - 1] if span.start > sent.start else None
        if rule == "decade" and before is not None and before.pos_ in ("NOUN", "PROPN"):
            who = _who(before, range(0))  # "a man in his 40s": the noun the phrase follows
        else:
            who = _who(span.root, range(span.start, span.end))
        if who is None:
            continue
        name, token, person = who
        if not person and (token.lemma_.lower() in lasting or name == "-"):
            continue  # "the 143-year-old firm": a duration; "they, aged 20": nobody named
        if person:
            name = ctx.resolve_person(name)
            key, label = norm_key(name), name
        else:
            key, label = name, f"the {name}"
        group = plural or (not person and token.tag_ in ("NNS", "NNPS"))
        parts: list[tuple[str, Quantity]] = [("", value)]
        if group and value.low is not None and value.high is not None and value.low != value.high and not value.approx:
            parts = [
                ("youngest", value.model_copy(update={"high": value.low})),
                ("oldest", value.model_copy(update={"low": value.high})),
            ]
        for part, part_value in parts:
            drafts.append(
                Draft(
                    kind=ClaimKind.AGE,
                    subject=Subject(
                        key="|".join(["age", key, *([part] if part else [])]),
                        label=f"age of {label}" + (f" ({part})" if part else ""),
                    ),
                    value=part_value,
                    start=base + start,
                    end=base + end,
                    sentence=sentence_text(sent),
                    rule=f"age/{rule}" + (f"+{part}" if part else "") + ("+person" if person else f"+noun:{name}"),
                    attribution=attribution_for(span.root, sent),
                    modality=modality_for(span.root, sent),
                    as_of=as_of,
                )
            )
    return drafts
