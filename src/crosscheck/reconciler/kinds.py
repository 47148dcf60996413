"""Verdicts for times of day and role holders, and the name matching they rest on.

Times are windows of minutes. Two times compare only in one zone: a time in GMT or any zone with a
known offset is compared in UTC with every other such time, a local time (or one with no zone) with
other local times; what a group says in another zone is named in the explanation, never set
against it (the offset of "local" is not known). A window past midnight runs on into the next day.

Role holders: one role, one person. Different persons named for one role conflict; spellings of one
name do not (transliterations such as Gunan/Kunan, one letter, a voiced/unvoiced pair, diacritics).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import cache, lru_cache

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from crosscheck.models import Claim, GroupStatus, Modality, NameValue, Severity, TimeValue
from crosscheck.reconciler.compare import Context, Verdict, compare_intervals, describe
from crosscheck.reconciler.intervals import Span

_DAY = 24 * 60
_HALF_DAY = 12 * 60


# --- times ------------------------------------------------------------------------------------------


def _minutes(clock: str) -> int:
    hours, minutes = clock.split(":")
    return int(hours) * 60 + int(minutes)


def zone_class(value: TimeValue) -> str:
    """The zone a time compares in: 'UTC' for any zone with a known offset, else the zone ('local')."""
    from crosscheck.extractor.times import zone_offset

    if zone_offset(value.zone) is not None:
        return "UTC"
    return value.zone if value.zone not in (None, "local") else "local"


def time_spans(claims: Sequence[Claim]) -> dict[str, Span[Claim]]:
    """Each time claim's window in minutes, all in one frame: UTC for known zones; from its day when
    every claim has one, else within a day, late-evening and early-morning windows set side by side;
    a time without a.m./p.m. in the half of the day that meets the others."""
    from crosscheck.extractor.times import zone_offset

    windows: dict[str, tuple[float, float]] = {}
    dated = all(isinstance(c.value, TimeValue) and c.value.date is not None for c in claims)
    unknown: list[Claim] = []
    for claim in claims:
        value = claim.value
        assert isinstance(value, TimeValue)
        start, end = _minutes(value.start), _minutes(value.end)
        if end < start:
            end += _DAY
        offset = zone_offset(value.zone) or 0
        start, end = start - offset, end - offset
        if dated and value.date is not None:
            day = value.date.toordinal() * _DAY
            windows[claim.id] = (day + start, day + end)
            continue
        shift = (start // _DAY) * _DAY
        windows[claim.id] = (start - shift, end - shift)
        if value.half_day_unknown:
            unknown.append(claim)
    if not dated:
        late = any(low >= 18 * 60 for low, _high in windows.values())
        early = any(high <= 6 * 60 for _low, high in windows.values())
        if late and early:  # "23:45" and "00:10": one night
            windows = {
                k: (low + _DAY, high + _DAY) if low < _HALF_DAY else (low, high) for k, (low, high) in windows.items()
            }
    for claim in unknown:  # "at 6:30" may be 18:30: the half that meets most of the others
        low, high = windows[claim.id]
        others = [w for k, w in windows.items() if k != claim.id]

        def meets(
            shift: float, low: float = low, high: float = high, others: list[tuple[float, float]] = others
        ) -> int:
            return sum(1 for a, b in others if low + shift <= b and a <= high + shift)

        best = max((0.0, float(_HALF_DAY), float(-_HALF_DAY)), key=lambda s: (meets(s), -abs(s)))
        windows[claim.id] = (low + best, high + best)
    return {
        claim.id: Span(claim, claim.source, low, high, True, True)
        for claim in claims
        for low, high in [windows[claim.id]]
    }


def windows_meet(a: TimeValue, b: TimeValue, slack: float = 0.0) -> bool | None:
    """Whether two times share a minute (`slack` minutes apart at most), on any day; None when their
    zones cannot be compared. A time without a.m./p.m. meets in either half of the day."""
    from crosscheck.extractor.times import zone_offset

    if zone_class(a) != zone_class(b):
        return None
    shifts = {0.0, float(_DAY), float(-_DAY)}
    if a.half_day_unknown or b.half_day_unknown:
        shifts |= {s + d for s in shifts for d in (_HALF_DAY, -_HALF_DAY)}
    windows = []
    for value in (a, b):
        start, end = _minutes(value.start), _minutes(value.end)
        end += _DAY if end < start else 0
        offset = zone_offset(value.zone) or 0
        windows.append((start - offset, end - offset))
    (a_low, a_high), (b_low, b_high) = windows
    return any(a_low - slack <= b_high + shift and b_low + shift <= a_high + slack for shift in shifts)


def clock_text(minute: float) -> str:
    """Minutes (any day) as HH:MM."""
    whole = round(minute) % _DAY
    return f"{whole // 60:02d}:{whole % 60:02d}"


def time_range_text(zone: str) -> Callable[[Claim, float, float], str]:
    """How a common window reads in a verdict: '09:00-09:15 local', '22:11 UTC'."""

    def text(_claim: Claim, low: float, high: float) -> str:
        lo, hi = clock_text(low), clock_text(high)
        return (lo if lo == hi else f"{lo}-{hi}") + f" {zone}"

    return text


def _lookup(spans: dict[str, Span[Claim]]) -> Callable[[Claim], Span[Claim] | None]:
    def interval(claim: Claim) -> Span[Claim] | None:
        return spans.get(claim.id)

    return interval


def compare_times(claims: Sequence[Claim], ctx: Context) -> list[Verdict]:
    """Times of one subject, compared zone by zone as intervals; each zone's verdicts name what the
    others say."""
    parts: dict[str, list[Claim]] = {}
    for claim in claims:
        assert isinstance(claim.value, TimeValue)
        parts.setdefault(zone_class(claim.value), []).append(claim)
    verdicts: list[Verdict] = []
    for zone, part in sorted(parts.items()):
        spans = time_spans(part)
        found = compare_intervals(part, ctx, interval_of=_lookup(spans), range_text=time_range_text(zone))
        others = [c for other, rest in sorted(parts.items()) if other != zone for c in rest]
        if others:
            listed = ", ".join(dict.fromkeys(f"{describe(c)} [{c.source}]" for c in others))
            note = f"; not compared with times in another zone (the offset between them is not known): {listed}"
            found = [replace(v, explanation=v.explanation + note) for v in found]
        verdicts.extend(found)
    return verdicts


# --- names --------------------------------------------------------------------------------------------

_LETTERS = re.compile(r"[^a-z\s]")
_VOICING = str.maketrans({"g": "k", "b": "p", "d": "t", "v": "f", "z": "s", "y": "i", "w": "f", "q": "k"})


@cache
def _honorifics() -> frozenset[str]:
    from crosscheck.lexicons import load_lexicon

    return frozenset(str(h).rstrip(".").lower() for h in load_lexicon("titles").get("honorifics", []))


@lru_cache(maxsize=4096)
def name_tokens(name: str) -> tuple[str, ...]:
    """A name as lower-case ASCII words without diacritics, punctuation or honorifics."""
    # initials written together ("PK Rao", "J.R. Doe") are one initial each
    name = re.sub(r"\b[A-Z]{2,3}\b(?=\s+\w)", lambda m: " ".join(m.group(0)), name)
    name = re.sub(r"\b([A-Z])\.(?=[A-Z])", r"\1 ", name)
    decomposed = unicodedata.normalize("NFKD", name)
    ascii_name = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
    words = _LETTERS.sub(" ", ascii_name.replace("'", "").replace("’", "")).split()
    honorifics = _honorifics()
    while len(words) > 1 and words[0] in honorifics:
        words = words[1:]
    return tuple(words)


@lru_cache(maxsize=4096)
def _skeleton(word: str) -> str:
    """A word as it may be heard: 'ph' as f, 'h' after a consonant silent, voiced consonants as
    unvoiced, 'c' before a, o, u as k, doubled letters single ("Gunan" and "Kunan" -> "kunan")."""
    word = word.replace("ph", "f").replace("ck", "k")
    word = re.sub(r"c(?=[aou]|$)", "k", word)
    word = re.sub(r"(?<=[^aeiou])h", "", word)
    word = word.translate(_VOICING)
    return re.sub(r"(.)\1+", r"\1", word)


_VOWELS = re.compile(r"[aeiou]")


def _same_word(a: str, b: str, given: bool = False) -> str | None:
    """Why two name words are one ('same', 'initial', 'sound', 'one letter'), or None. A given name
    may also differ in its vowels ("Mohammed"/"Muhammad", "Ann"/"Anne"); a family name may not
    ("Baker"/"Booker")."""
    if a == b:
        return "same"
    if len(a) == 1 or len(b) == 1:
        return "initial" if a[0] == b[0] else None
    if _skeleton(a) == _skeleton(b):
        return "sound"
    if min(len(a), len(b)) >= 4 and Levenshtein.distance(a, b) <= 1:
        return "one letter"
    if given and a[0] == b[0] and _VOWELS.sub("", _skeleton(a)) == _VOWELS.sub("", _skeleton(b)):
        return "vowels"
    return None


def same_person(a: str, b: str) -> tuple[bool, str]:
    """Whether two names name one person, and why: the last words must be one name (a spelling,
    transliteration or diacritic apart); each other word of the shorter name must match a word of the
    longer one (or be its initial)."""
    ta, tb = name_tokens(a), name_tokens(b)
    if not ta or not tb:
        return False, "no name"
    if ta == tb:
        return True, "same name"
    last = _same_word(ta[-1], tb[-1])
    if last is None:
        if fuzz.ratio(" ".join(ta), " ".join(tb)) >= 95:
            return True, f"{a!r} and {b!r} differ by a letter"
        return False, f"{a!r} and {b!r} are different names"
    shorter, longer = (ta, tb) if len(ta) <= len(tb) else (tb, ta)
    for word in shorter[:-1]:
        if not any(_same_word(word, other, given=True) for other in longer[:-1]):
            return False, f"{a!r} and {b!r} are different names"
    if last == "same" and all(any(w == o for o in longer) for w in shorter):
        return True, f"{a!r} and {b!r} are one name, one of them shortened"
    return True, f"{a!r} and {b!r} are spellings of one name"


def person_of(claim: Claim) -> str:
    """The person a role-holder claim names."""
    value = claim.value
    assert isinstance(value, NameValue)
    return value.person


def name_groups(claims: Sequence[Claim]) -> tuple[list[list[Claim]], list[str]]:
    """Claims in groups of one person each (a claim joins the first group whose first name matches),
    most sources first; with the reasons spellings were joined."""
    groups: list[list[Claim]] = []
    reasons: list[str] = []
    for claim in claims:
        for group in groups:
            same, why = same_person(person_of(group[0]), person_of(claim))
            if same:
                group.append(claim)
                if person_of(group[0]) != person_of(claim):
                    reasons.append(why)
                break
        else:
            groups.append([claim])
    groups.sort(key=lambda g: (-len({c.source for c in g}), g[0].id))
    return groups, list(dict.fromkeys(reasons))


def names_severity(main: Sequence[Claim], other: Sequence[Claim]) -> tuple[Severity, str]:
    """Major, unless one side only plans or denies it (an appointment to come, a denial)."""
    modalities = {c.modality for c in (*main, *other)} - {Modality.REPORTED, Modality.QUOTED}
    if modalities:
        return Severity.MINOR, f"; minor: {'/'.join(sorted(m.value for m in modalities))} on one side"
    return Severity.MAJOR, ""


def compare_names(claims: Sequence[Claim], ctx: Context) -> list[Verdict]:
    """One role: the same person (in any spelling) agrees; different persons conflict."""
    groups, reasons = name_groups(claims)
    spelled = f" ({'; '.join(reasons)})" if reasons else ""
    if len(groups) == 1:
        sources = len({c.source for c in claims})
        status = GroupStatus.AGREE if sources >= 2 else GroupStatus.SINGLE
        return [Verdict(list(claims), status, None, f"{person_of(claims[0])} in {sources} source(s){spelled}")]
    main = groups[0]
    verdicts = []
    for other in groups[1:]:
        severity, why = names_severity(main, other)
        _same, different = same_person(person_of(main[0]), person_of(other[0]))
        explanation = f"{_people(main)} vs {_people(other)}: different persons for one role ({different}){why}"
        verdicts.append(Verdict([*main, *other], GroupStatus.CONFLICT, severity, explanation + spelled))
    return verdicts


def _people(claims: Sequence[Claim]) -> str:
    return ", ".join(dict.fromkeys(f"{person_of(c)} [{c.source}]" for c in claims))
