"""Measures: magnitude, speed, temperature, area, points, mass, volume, power and rainfall.

"the magnitude 6.8 quake", "a 6.8-magnitude quake", "a magnitude of seven", "winds of up to 120 km/h",
"40C (104F)", "2,000 hectares", "a lead of five points". Each becomes a Quantity in its dimension's
canonical unit (lexicons/measures.yaml), the words as written kept in `original` when converted.
Its subject is the dimension and what is measured ("magnitude of: earthquake", "speed of: wind").
Distances (depth, length), durations, money and shares are the numeric extractor's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from crosscheck.extractor.base import Draft, as_of_in, sentence_text
from crosscheck.extractor.context import DocContext, attribution_for, modality_for, place_for
from crosscheck.extractor.happenings import measured
from crosscheck.extractor.quantities import find_quantities, parse_quantity_match
from crosscheck.lexicons import load_lexicon, trie_alternation
from crosscheck.models import ClaimKind, Quantity, Subject

__all__ = ["MeasureMatch", "find_measures", "measure_claims"]


@dataclass(frozen=True)
class _Unit:
    dimension: str
    name: str
    factor: float
    offset: float


@dataclass(frozen=True)
class _Table:
    units: dict[str, _Unit]  # word as written (case kept for case-sensitive ones, else lower) -> unit
    canonical: dict[str, str]  # dimension -> canonical unit
    finder: re.Pattern[str]  # a unit word right after a number
    magnitude_after: re.Pattern[str]  # "magnitude 6.8", "magnitude-7", "a magnitude of seven", "M6.8"
    bare: re.Pattern[str] | None  # sentences that name a bare-figure dimension
    bare_before: re.Pattern[str] | None
    bare_range: tuple[float, float]
    glued_only: frozenset[str]
    glued_not_after: frozenset[str]
    after_digits_only: frozenset[str]
    dimension_words: frozenset[str]
    temperature_words: re.Pattern[str]
    context: dict[str, re.Pattern[str]]  # dimension -> words its sentence must hold
    default_of: dict[str, str]  # dimension -> what it measures when the sentence does not say


def _sensitive(word: str) -> bool:
    return len(word) <= 2 or word != word.lower() or not word.replace(" ", "").replace(".", "").isalpha()


@cache
def _table() -> _Table:
    lex = load_lexicon("measures")
    units: dict[str, _Unit] = {}
    canonical: dict[str, str] = {}
    exact: list[str] = []
    folded: list[str] = []
    for dimension, spec in lex["dimensions"].items():
        canonical[dimension] = str(spec["unit"])
        if dimension == "magnitude":
            continue  # read by its own pattern: the number may come after the word
        for name, unit in spec["units"].items():
            for word in unit["words"]:
                word = str(word)
                entry = _Unit(dimension, str(name), float(unit["factor"]), float(unit.get("offset", 0.0)))
                if _sensitive(word):
                    units[word] = entry
                    exact.append(word)
                else:
                    units[word.lower()] = entry
                    folded.append(word.lower())
    unit_words = f"(?-i:{trie_alternation(exact)})|{trie_alternation(folded)}"
    # A unit right after a digit, or after a word and a space or hyphen (a number word: "five points");
    # that a number ends there is checked on the text before it.
    finder = re.compile(rf"(?i)(?:(?<=\d)|(?<=\w)(?P<gap>\s?-\s?|\s))(?P<unit>{unit_words})(?![\w/²³])")
    magnitude_after = re.compile(
        r"(?i)\b(?:(?P<word>magnitude)(?:\s*-\s*|\s+(?:of\s+)?)(?=[\w.]*\d|[a-z])|(?-i:(?<![\w])Mw?\s?)(?=\d\.\d))"
    )
    bare_spec = lex.get("bare_figures", {}).get("magnitude")
    bare = bare_before = None
    bare_range = (0.0, 0.0)
    if bare_spec:
        bare = re.compile(rf"(?i)\b(?:{trie_alternation(bare_spec['words'])})\b")
        bare_before = re.compile(rf"(?i)\b(?:{trie_alternation(bare_spec['before'])})\s+$")
        bare_range = (float(bare_spec["low"]), float(bare_spec["high"]))
    dimension_words: set[str] = set()
    for words in lex["dimension_nouns"].values():
        dimension_words.update(str(w).lower() for w in words)
    context = {
        str(dimension): re.compile(rf"(?i)\b(?:{trie_alternation(words)})\b")
        for dimension, words in lex.get("context", {}).items()
    }
    return _Table(
        units=units,
        canonical=canonical,
        finder=finder,
        magnitude_after=magnitude_after,
        bare=bare,
        bare_before=bare_before,
        bare_range=bare_range,
        glued_only=frozenset(str(w) for w in lex["glued_only"]),
        glued_not_after=frozenset(str(w).lower() for w in lex.get("glued_not_after", [])),
        after_digits_only=frozenset(str(w) for w in lex["after_digits_only"]) | frozenset(lex["glued_only"]),
        dimension_words=frozenset(dimension_words),
        temperature_words=re.compile(rf"(?i)\b(?:{trie_alternation(lex['temperature_words'])})"),
        context=context,
        default_of={str(k): str(v) for k, v in lex.get("default_of", {}).items()},
    )


@dataclass(frozen=True)
class MeasureMatch:
    """A measure found in text: where, its dimension, its value in the canonical unit, its rule."""

    start: int
    end: int
    number_start: int
    number_end: int
    dimension: str
    quantity: Quantity
    rule: str


_RESTATED = re.compile(r"(?i)^\s*(?:[(\[]|,?\s*or|,|/)\s*$")
_NEGATIVE = re.compile(r"(?i)(?:(?<![\w.])[-−–]|\bminus\s+)$")


def _number_before(text: str, at: int) -> tuple[int, int, Quantity] | None:
    """The number phrase that ends right before `at` (a gap of a space or hyphen): its span and value."""
    window_start = max(0, at - 60)
    window = text[window_start:at]
    last = None
    for match in find_quantities(window):
        if window_start + match.end == at:
            last = match
    if last is None:
        return None
    quantity = last.quantity
    if quantity.unit != "item":
        return None  # "120 km" of "120 km/h" is read by us whole; another unit ("$5 points") is not ours
    start = window_start + last.start
    negative = _NEGATIVE.search(text[max(0, start - 7) : start])
    if negative:
        low, high = quantity.low, quantity.high
        quantity = quantity.model_copy(
            update={
                "low": -high if high is not None else None,
                "high": -low if low is not None else None,
                "low_inclusive": quantity.high_inclusive,
                "high_inclusive": quantity.low_inclusive,
            }
        )
        start -= len(negative.group(0))
    return start, window_start + last.end, quantity


_LAST_DIGITS = re.compile(r"\d(?:[\d,]*\d)?(?:\.(\d+))?")


def _convert(quantity: Quantity, unit: _Unit, canonical: str, written: str) -> Quantity:
    """A quantity in its dimension's canonical unit. A converted exact figure keeps the precision it
    was written with: "104°F" is 103.5-104.5°F, 39.7-40.3 celsius, so that it meets a "40C" and a
    converted "75 mph" meets "121 km/h"."""

    def convert(value: float | None) -> float | None:
        return round(value * unit.factor + unit.offset, 4) if value is not None else None

    converted = unit.factor != 1 or unit.offset != 0
    low, high = quantity.low, quantity.high
    if converted and low is not None and low == high and not quantity.approx:
        digits = _LAST_DIGITS.search(written)
        decimals = len(digits.group(1)) if digits and digits.group(1) else 0
        half = 0.5 * 10**-decimals
        low, high = low - half, high + half
    return quantity.model_copy(
        update={
            "low": convert(low),
            "high": convert(high),
            "unit": canonical,
            "original": written if converted else None,
        }
    )


def _labelled(text: str, start: int, table: _Table) -> bool:
    """Whether the number at `start` follows a name or a label word ("Article 3C", "Room 4F")."""
    before = re.search(r"(\S+)\s+$", text[:start])
    if before is None:
        return False
    word = before.group(1).strip("(\"'“‘")
    if word.lower().rstrip(".") in table.glued_not_after:
        return True
    return (
        word[:1].isupper()
        and bool(text[: before.start(1)].strip())
        and not text[: before.start(1)].rstrip().endswith((".", "!", "?", ":"))
    )


def find_measures(text: str) -> list[MeasureMatch]:
    """Every measure in `text`, left to right, without overlaps."""
    table = _table()
    found: list[MeasureMatch] = []
    for match in table.finder.finditer(text):
        word = match.group("unit")
        unit = table.units.get(word) or table.units.get(word.lower())
        if unit is None:
            continue
        gap = match.group("gap") or ""
        if word in table.glued_only and gap:
            continue  # "40 C" may be a grade; "40C" is a temperature
        number = _number_before(text, match.start())
        if number is None:
            continue
        start, number_end, quantity = number
        if word in table.after_digits_only and not text[number_end - 1].isdigit():
            continue  # "one t", "seven F"
        if word in table.glued_only and _labelled(text, start, table):
            continue  # "Article 3C", "flat 4F": a label, not a temperature
        if unit.dimension == "points" and re.search(r"(?i)percentage\s*$", text[number_end : match.start("unit")]):
            continue
        if unit.dimension == "points" and re.match(r"(?i)\s*(?:percentage|per\s*cent)", text[match.end() :]):
            continue
        context = table.context.get(unit.dimension)
        if context is not None and not context.search(text):
            continue  # "155mm shells" is a calibre, not rainfall
        canonical = table.canonical[unit.dimension]
        written = text[start : match.end()]
        value = _convert(quantity, unit, canonical, written)
        rule = f"{unit.dimension}:{unit.name}" + (f"+hedge:{quantity.hedge}" if quantity.hedge else "")
        found.append(MeasureMatch(start, match.end(), start, number_end, unit.dimension, value, rule))
    found.extend(_degrees(text, table, found))
    found.extend(_magnitudes(text, table))
    found.sort(key=lambda m: (m.start, -m.end))
    kept: list[MeasureMatch] = []
    for measure in found:
        if kept and measure.start < kept[-1].end:
            continue
        kept.append(measure)
    return kept


_DEGREES = re.compile(r"(?i)(?<=[\d\w])(?:\s?-\s?|\s)degrees?\b(?!\s*(?:celsius|fahrenheit|centigrade|[CF]\b))")


def _degrees(text: str, table: _Table, found: list[MeasureMatch]) -> list[MeasureMatch]:
    """'40 degrees' in a sentence about the weather: a temperature of unknown scale (an angle otherwise)."""
    if "degree" not in text.lower() or not table.temperature_words.search(text):
        return []
    made = []
    for match in _DEGREES.finditer(text):
        number = _number_before(text, match.start())
        if number is None or any(m.start <= match.start() < m.end for m in found):
            continue
        start, number_end, quantity = number
        value = quantity.model_copy(update={"unit": "degree"})
        made.append(MeasureMatch(start, match.end(), start, number_end, "temperature", value, "temperature:degree"))
    return made


def _magnitudes(text: str, table: _Table) -> list[MeasureMatch]:
    """'magnitude 6.8', 'magnitude-7', 'a magnitude of seven', 'M6.8' (number after the word), '6.8-magnitude'
    and '6.8 magnitude' (before), and a bare '6.8' in a sentence about a quake after 'as', 'measuring'..."""
    lower = text.lower()
    if (
        "magnitude" not in lower
        and not re.search(r"(?<![\w])Mw?\s?\d\.\d", text)
        and (table.bare is None or not table.bare.search(text))
    ):
        return []
    made: list[MeasureMatch] = []
    for match in table.magnitude_after.finditer(text):
        after = text[match.end() :]
        read = parse_quantity_match(after[:40])
        if read is None or read.quantity.unit != "item" or read.start != 0:
            continue
        quantity = read.quantity
        if quantity.high is not None and quantity.high > 10:
            continue
        value = quantity.model_copy(update={"unit": "magnitude"})
        # the number's own end: parse_quantity_match reads a leading stripped text
        number_end = match.end() + len(after[:40]) - len(after[:40].lstrip()) + read.end
        made.append(
            MeasureMatch(match.start(), number_end, match.end(), number_end, "magnitude", value, "magnitude:after")
        )
    for match in re.finditer(r"(?i)(?<=[\d\w])(?:\s?-\s?|\s)magnitude\b", text):
        number = _number_before(text, match.start())
        if number is None:
            continue
        start, number_end, quantity = number
        if quantity.high is not None and quantity.high > 10:
            continue
        value = quantity.model_copy(update={"unit": "magnitude"})
        made.append(MeasureMatch(start, match.end(), start, number_end, "magnitude", value, "magnitude:before"))
    if table.bare is not None and table.bare_before is not None and table.bare.search(text):
        low, high = table.bare_range
        for match in re.finditer(r"(?<![\w.,])\d\.\d(?!\w|[.,]\d|\s*(?:%|per\s*cent|percent))", text):
            if any(m.start <= match.start() < m.end for m in made):
                continue
            if not table.bare_before.search(text[max(0, match.start() - 20) : match.start()]):
                continue
            figure = float(match.group(0))
            if not low <= figure <= high:
                continue
            value = Quantity(low=figure, high=figure, unit="magnitude")
            at, end = match.start(), match.end()
            made.append(MeasureMatch(at, end, at, end, "magnitude", value, "magnitude:bare"))
    return made


# --- claims -----------------------------------------------------------------------------------------


def measure_claims(sent: Any, ctx: DocContext) -> list[Draft]:
    """Every measure claim in one sentence."""
    text = sent.text
    measures = find_measures(text)
    if not measures:
        return []
    table = _table()
    doc = sent.doc
    base = sent.start_char
    as_of = as_of_in(text)
    drafts: list[Draft] = []
    previous: tuple[MeasureMatch, Subject, str] | None = None
    for measure in measures:
        span = doc.char_span(base + measure.start, base + measure.end, alignment_mode="expand")
        if span is None or not len(span):
            continue
        dimension = measure.dimension
        if (
            previous is not None
            and previous[0].dimension == dimension
            and _RESTATED.match(text[previous[0].end : measure.start])
        ):  # "40C (104F)", "2,000 hectares, or about 8 square miles": one value, twice
            subject, what = previous[1], previous[2]
        else:
            found = measured(span.root, range(span.start, span.end), table.dimension_words)
            what, token = found if found is not None else (table.default_of.get(dimension, "-"), span.root)
            place = place_for(token, sent, ctx, None)
            subject = Subject(
                key="|".join(["measure", dimension, what, place.key if place else "-"]),
                label=f"{dimension} of: {what}" + (f" in {place.key}" if place else ""),
            )
        previous = (measure, subject, what)
        drafts.append(
            Draft(
                kind=ClaimKind.MEASURE,
                subject=subject,
                value=measure.quantity,
                start=base + measure.start,
                end=base + measure.end,
                sentence=sentence_text(sent),
                rule=f"measure/{measure.rule}+of:{what[:40]}",
                attribution=attribution_for(span.root, sent),
                modality=modality_for(span.root, sent),
                as_of=as_of,
            )
        )
    return drafts
