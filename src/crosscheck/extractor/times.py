"""Times of day: "took off at 9:12 a.m. local time", "2211 GMT", "just after 9 a.m.", "around 6:30 p.m.".

A time becomes a window of minutes (exact: start = end; "just after 9 a.m.": 09:00-09:15; "around
6:30 p.m.": 18:15-18:45) with its zone as written, and the day when the words beside it name one.
Its subject is what happened then (see `happenings`). Scores ("won 3:1"), ratios ("1:50,000"),
verses ("John 3:16"), race times ("2:05:30") and URLs are never times: a bare "H:MM" needs a
preposition before it, a zone or a part of the day after it.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from crosscheck.extractor.base import Draft, as_of_in, sentence_text
from crosscheck.extractor.context import DocContext, attribution_for, modality_for, place_for
from crosscheck.extractor.dates import find_dates, parse_date_phrase
from crosscheck.extractor.happenings import happening
from crosscheck.extractor.nlp import doc_text, sentences
from crosscheck.lexicons import load_lexicon
from crosscheck.models import ClaimKind, Subject, TimeValue

__all__ = ["TimeMatch", "find_times", "time_claims", "zone_offset"]

_DAY = 24 * 60


@dataclass(frozen=True)
class _Table:
    """The times lexicon, compiled."""

    finder: re.Pattern[str]
    stamp_before: re.Pattern[str]  # "Published on: May 3, 2024 13:14 IST": a page's stamp, no event
    hedge_before: re.Pattern[str]
    prep_before: re.Pattern[str]
    range_before: re.Pattern[str]
    morning: re.Pattern[str]
    evening: re.Pattern[str]
    zones: dict[str, int | None]  # normalized zone -> offset in minutes (None: local)
    hedges: dict[str, tuple[str, Any]]  # phrase -> (rule id, window)
    widths: dict[str, int]
    roles: dict[str, str]


def _alternation(phrases: list[str]) -> str:
    ordered = sorted(set(phrases), key=lambda p: (-len(p), p))
    return "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in ordered)


@cache
def _table() -> _Table:
    lex = load_lexicon("times")
    zones: dict[str, int | None] = {}
    for name, offset in lex["zones"].items():
        zones[str(name)] = offset
    phrases: dict[str, int | None] = {str(k): v for k, v in lex["zone_phrases"].items()}
    for name, offset in phrases.items():
        zones[name.lower()] = offset
    abbreviations = _alternation([str(z) for z in lex["zones"]])
    written = _alternation(list(phrases))
    zone = (
        rf"(?P<zone>(?-i:(?:GMT|UTC)\s*[+\-−]\s*\d{{1,2}}(?::?\d\d)?|(?:{abbreviations}))(?![\w+])"
        rf"|(?:{written})\b)"
    )
    ampm = r"(?P<ap>[ap])(?:\.\s?m\.?|\s?m\b)"
    plain_zone = zone.replace("(?P<zone>", "(?:")
    finder = re.compile(
        r"(?i)(?<![\w:/,.$£€+])(?:"
        # 12-hour: "9:12 a.m.", "9.12am", "4.12pm", "9 a.m.", "2am"
        rf"(?P<h12>1[0-2]|0?[1-9])(?:[:.](?P<m12>[0-5]\d))?\s?{ampm}(?![a-z])"
        # 24-hour with a colon or an h: "18:30", "18h30" (not "2:05:30", "1:50,000")
        r"|(?P<h24>2[0-3]|[01]?\d)(?::|h(?=\d))(?P<m24>[0-5]\d)(?![\d:]|[.,]\d)"
        # dotted 24-hour or four digits, with a zone or 'hrs' after: "18.30 GMT", "2211 GMT", "1830 hrs"
        rf"|(?P<hz>2[0-3]|[01]?\d)\.?(?P<mz>[0-5]\d)(?=\s*(?:hrs\b|hours\b|h\b|{plain_zone}))"
        r"|(?P<word>noon|midday|midnight)\b"
        rf")(?:\s*(?P<hrs>hrs\b|hours\b|h\b))?(?:\s*{zone})?"
    )
    hedges: dict[str, tuple[str, Any]] = {}
    for entry in lex["hedges"]:
        for phrase in entry["phrases"]:
            hedges[str(phrase).lower()] = (str(entry["id"]), entry["window"])
    hedge_before = re.compile(rf"(?i)(?:^|(?<=\W))(?P<hedge>{_alternation(list(hedges))})(?:\s+at)?\s*$")
    prep_before = re.compile(rf"(?i)(?:^|(?<=\W))(?P<prep>{_alternation(lex['time_prepositions'])})\s+$")
    range_before = re.compile(
        r"(?i)(?:(?P<word>between|from)\s+)?(?P<h>2[0-3]|1\d|0?\d)(?:[:.](?P<m>[0-5]\d))?"
        rf"\s?(?:{ampm.replace('(?P<ap>', '(?P<ap1>')})?\s*(?P<joint>and|to|until|till|-|–)\s*$"
    )
    stamps = [str(w) for w in load_lexicon("events").get("stamp_words", [])]
    day = (
        r"(?:[a-z]{3,9}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}|\d{1,2}(?:st|nd|rd|th)?\s+[a-z]{3,9}\.?,?\s+\d{4}"
        r"|\d{1,4}[./-]\d{1,2}[./-]\d{1,4})"
    )
    stamp_before = re.compile(
        rf"(?i)(?:^|\W)(?:{_alternation(stamps)})(?:\s+(?:on|at))?\s*[:|\-–—]?\s*(?:{day})?\s*,?\s*(?:at\s*)?$"
    )
    return _Table(
        finder=finder,
        stamp_before=stamp_before,
        hedge_before=hedge_before,
        prep_before=prep_before,
        range_before=range_before,
        morning=re.compile(rf"(?i)^[\s,]*(?:on\s+\w+\s+)?(?:{_alternation(lex['morning_words'])})\b"),
        evening=re.compile(rf"(?i)^[\s,]*(?:on\s+\w+\s+)?(?:{_alternation(lex['evening_words'])})\b"),
        zones=zones,
        hedges=hedges,
        widths={str(k): int(v) for k, v in lex["approx_width"].items()},
        roles={str(k): str(v) for k, v in lex["roles"].items()},
    )


def zone_offset(zone: str | None) -> int | None:
    """Minutes east of UTC of a zone as a TimeValue holds it ('GMT', 'UTC+05:30', 'EST'); None for
    local time, no zone, or a zone whose offset depends on the season ('ET')."""
    if zone is None:
        return None
    table = _table()
    match = re.fullmatch(r"(?:GMT|UTC)([+-])(\d{2}):(\d{2})", zone)
    if match:
        sign = -1 if match.group(1) == "-" else 1
        return sign * (int(match.group(2)) * 60 + int(match.group(3)))
    if zone in table.zones:
        return table.zones[zone]
    return table.zones.get(zone.lower())


def _normal_zone(text: str) -> str:
    """'local time' -> 'local', 'GMT + 1' -> 'UTC+01:00', 'Beijing time' kept, abbreviations upper."""
    compact = re.sub(r"\s+", " ", text.strip())
    offset = re.fullmatch(r"(?i)(?:GMT|UTC) ?([+\-−]) ?(\d{1,2})(?::?(\d\d))?", compact)
    if offset:
        sign = "-" if offset.group(1) in "-−" else "+"
        return f"UTC{sign}{int(offset.group(2)):02d}:{int(offset.group(3) or 0):02d}"
    if compact.lower() in ("local time", "local"):
        return "local"
    if compact.lower() in ("greenwich mean time",):
        return "GMT"
    if compact.lower() in ("coordinated universal time", "universal time"):
        return "UTC"
    return compact


@dataclass(frozen=True)
class TimeMatch:
    """A time of day found in a text: where (the whole phrase, and the time's own words), its window,
    and the words that govern it."""

    start: int  # the hedge or range start, else the time itself
    end: int
    core_start: int
    start_minute: int
    end_minute: int
    zone: str | None
    hedge: str | None
    half_day_unknown: bool
    prep: str  # the preposition before it ("at", "from", "until"), lower case, or ""
    rule: str


def _clock(hour: int, minute: int, ap: str | None) -> int:
    if ap is not None:
        hour = hour % 12 + (12 if ap.lower() == "p" else 0)
    return hour * 60 + minute


def _approx_width(minute: int) -> int:
    widths = _table().widths
    if minute % 30 == 0:
        return widths["hour"]
    if minute % 5 == 0:
        return widths["five"]
    return widths["minute"]


def _in_url(text: str, start: int, end: int) -> bool:
    left = text.rfind(" ", 0, start) + 1
    right = text.find(" ", end)
    token = text[left : right if right >= 0 else len(text)]
    return "/" in token[: start - left] or "http" in token or "www." in token


def find_times(text: str) -> list[TimeMatch]:
    """Every time of day in `text`, left to right."""
    table = _table()
    found: list[TimeMatch] = []
    for match in table.finder.finditer(text):
        made = _read(text, match, table)
        if made is None:
            continue
        if made.start < (found[-1].end if found else 0):  # a range took in the previous time
            if found and found[-1].core_start >= made.start:
                found.pop()
            else:
                continue
        found.append(made)
    return found


def _read(text: str, match: re.Match[str], table: _Table) -> TimeMatch | None:
    g = match.groupdict()
    start, end = match.start(), match.end()
    if _in_url(text, start, end):
        return None
    before = text[max(0, start - 40) : start]
    after = text[end : end + 30]
    if table.stamp_before.search(text[max(0, start - 60) : start]):
        return None
    prep_found = table.prep_before.search(before)
    prep = prep_found.group("prep").lower() if prep_found else ""
    hedge_found = table.hedge_before.search(before)
    zone_text = g["zone"]
    half_unknown = False
    if g["h12"] is not None:
        ap = g["ap"]
        written = text[match.start("ap") : match.end("ap") + 4]
        if ap.isupper() and "." not in written[:3] and re.match(r"[A-Z]{2}\s+[A-Z][a-z]", written):
            return None  # "5 PM Modi": a prime minister, not a time
        minute = _clock(int(g["h12"]), int(g["m12"] or 0), ap)
        rule = "clock:12h"
    elif g["h24"] is not None or g["hz"] is not None:
        hour_text = g["h24"] if g["h24"] is not None else g["hz"]
        minute_text = g["m24"] if g["h24"] is not None else g["mz"]
        hour, minute_of_hour = int(hour_text), int(minute_text)
        cue_after = bool(zone_text or g["hrs"]) or bool(table.morning.match(after) or table.evening.match(after))
        if g["h24"] is not None and not (prep or hedge_found or cue_after):
            return None  # "won 3:16", "John 3:16", a video's "2:34"
        if g["hz"] is not None and len(hour_text) == 1 and "." not in text[start:end]:
            return None  # "130 GMT" is not a time; "0130 GMT" is
        if g["hrs"] and g["hrs"].lower() == "hours" and not zone_text and not prep:
            return None  # "1800 hours of work" is a duration; "at 1800 hours" a time
        minute = hour * 60 + minute_of_hour
        rule = "clock:24h"
        if hour <= 12 and not hour_text.startswith("0") and hour != 0:
            if table.evening.match(after):
                minute = _clock(hour, minute_of_hour, "p")
                rule = "clock:12h+evening"
            elif table.morning.match(after):
                minute = _clock(hour, minute_of_hour, "a")
                rule = "clock:12h+morning"
            elif zone_text and _normal_zone(zone_text) != "local":
                rule = "clock:24h+zone"  # wire copy gives GMT, UTC and zoned times on the 24-hour clock
            else:
                half_unknown = True
                rule = "clock:half-day-unknown"
    else:
        word = g["word"]
        if word[0].isupper() and text[:start].strip():
            return None  # "High Noon", "Midnight Express": names
        minute = 0 if word.lower() == "midnight" else 12 * 60
        rule = f"clock:{word.lower()}"
    low = high = minute
    hedge = None
    first = start
    if hedge_found:
        hedge = " ".join(hedge_found.group("hedge").split())
        rule_id, window = table.hedges[hedge.lower()]
        if window == "approx":
            width = _approx_width(minute % 60)
            low, high = minute - width, minute + width
        else:
            low, high = minute - int(window[0]), minute + int(window[1])
        rule += f"+hedge:{rule_id}"
        first = start - len(before) + hedge_found.start("hedge")
    else:
        ranged = table.range_before.search(before)
        if ranged and (ranged.group("word") or ranged.group("joint") in ("-", "–")):
            hour = int(ranged.group("h"))
            ap = ranged.group("ap1") or (g["ap"] if g["h12"] is not None else None)
            if ap is None and g["h12"] is not None and hour <= 12:
                ap = g["ap"]
            minutes = int(ranged.group("m") or 0)
            first_minute = _clock(hour, minutes, ap) if ap else hour * 60 + minutes
            if g["h12"] is not None and not ranged.group("ap1") and first_minute > minute:  # "11-1pm"
                first_minute = _clock(hour, minutes, "a" if g["ap"].lower() == "p" else "p")
            low = first_minute
            rule += "+range"
            first = start - len(before) + ranged.start()
            prep = ""  # a window of its own, neither a start nor an end
    return TimeMatch(
        start=first,
        end=end,
        core_start=start,
        start_minute=low % _DAY,
        end_minute=high % _DAY,
        zone=_normal_zone(zone_text) if zone_text else None,
        hedge=hedge,
        half_day_unknown=half_unknown,
        prep=prep,
        rule=rule,
    )


def _hhmm(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


# --- claims -----------------------------------------------------------------------------------------

_RESTATED = re.compile(r"^\s*[(\[,]\s*$")  # "10:47 p.m. local time (2147 GMT)": one moment, twice


def _day_of(text: str, time: TimeMatch, mentions: list[Any], anchor: date | None) -> date | None:
    """The day a time is on, when a date phrase sits right beside it ("at 2211 GMT on Friday")."""
    for mention in mentions:
        gap_after = text[time.end : mention.start]
        gap_before = text[mention.end : time.start]
        beside = (
            0 <= mention.start - time.end <= 25 and re.fullmatch(r"[\s,()]*(?:local time\s*)?[\s,()]*", gap_after)
        ) or (0 <= time.start - mention.end <= 12 and re.fullmatch(r"[\s,]*(?:at\s*)?", gap_before))
        if not beside:
            continue
        value = parse_date_phrase(mention.value_text, anchor, "past")
        if value is not None and value.granularity == "day" and value.start is not None and value.start == value.end:
            return value.start
    return None


def time_claims(doc: Any, offset: int, ctx: DocContext) -> list[Draft]:
    """Every time-of-day claim of one parsed paragraph, at offsets into the source (the paragraph
    starts at `offset`). Read off the paragraph's text, not sentence by sentence: the model may end a
    sentence at "a.m." and start the next with "local time (0320 GMT)", one moment told twice."""
    text = doc_text(doc)
    times = find_times(text)
    if not times:
        return []
    sents = sentences(doc)
    starts = [sent.start_char for sent in sents]
    mentions = find_dates(text)
    drafts: list[Draft] = []
    previous: tuple[TimeMatch, Subject, str] | None = None
    for time in times:
        sent = sents[max(bisect_right(starts, time.core_start) - 1, 0)]
        span = doc.char_span(time.core_start, min(time.end, sent.end_char), alignment_mode="expand")
        if span is None or not len(span):
            continue
        value = TimeValue(
            start=_hhmm(time.start_minute),
            end=_hhmm(time.end_minute),
            zone=time.zone,
            date=_day_of(text, time, mentions, ctx.anchor),
            hedge=time.hedge,
            half_day_unknown=time.half_day_unknown,
        )
        if previous is not None and _RESTATED.match(text[previous[0].end : time.start]):
            subject, name = previous[1], previous[2]
        else:
            found = happening(span.root, range(span.start, span.end))
            if found is None:
                previous = None
                continue
            name, token = found
            role = _table().roles.get(time.prep, "")
            name = name[:60] + (f" ({role})" if role else "")
            place = place_for(token, sent, ctx, None)
            subject = Subject(
                key="|".join(["time", name, place.key if place else "-"]),
                label=f"time of: {name}" + (f" in {place.key}" if place else ""),
            )
        previous = (time, subject, name)
        drafts.append(
            Draft(
                kind=ClaimKind.TIME,
                subject=subject,
                value=value,
                start=offset + time.start,
                end=offset + time.end,
                sentence=sentence_text(sent),
                rule=f"time/{time.rule}+event:{name[:40]}",
                attribution=attribution_for(span.root, sent),
                modality=modality_for(span.root, sent),
                as_of=as_of_in(sent.text),
            )
        )
    return drafts
