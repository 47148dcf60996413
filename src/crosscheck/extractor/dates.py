"""Event dates: absolute ("July 2023") and relative ("July last year", "Thursday", "mid-March").

Relative dates are resolved against the article's own publication date (the anchor). A relative
date without an anchor keeps its granularity with start/end None, and the caller warns.
Isolated full dates ("May 3, 2024") go through dateparser; the relative grammar is ours because
dateparser resolves against today's clock, not against the article.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta
from typing import Literal

from crosscheck.loader.dating import MONTHS, parse_date_string
from crosscheck.models import DateValue

Granularity = Literal["day", "week", "month", "year", "decade", "unknown"]

WEEKDAYS = {d.lower(): i for i, d in enumerate(calendar.day_name)}
_MONTH = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november|december|"
    r"jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\.?"
)
_WEEKDAY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_YEAR = r"(?:1[89]\d\d|20\d\d|21\d\d)"
_NUMBER_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
}
_PART = {"early": (1, 10), "mid": (11, 20), "late": (21, 31)}
_YEAR_PART = {"early": (1, 4), "mid": (5, 8), "late": (9, 12)}

_PREFIX = re.compile(r"(?i)^(?:(?:in|on|during|by|from|of|until|till|at|as of)\s+(?:the\s+)?)")
_SINCE = re.compile(r"(?i)^since\s+")
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")),
    (
        "month-day-year",
        re.compile(rf"(?i)^(?:{_WEEKDAY},?\s+)?({_MONTH})\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+({_YEAR})$"),
    ),
    (
        "day-month-year",
        re.compile(rf"(?i)^(?:{_WEEKDAY},?\s+)?(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTH}),?\s+({_YEAR})$"),
    ),
    ("month-year", re.compile(rf"(?i)^({_MONTH}),?\s+(?:of\s+)?({_YEAR})$")),
    ("year", re.compile(rf"^({_YEAR})$")),
    ("decade", re.compile(r"(?i)^(1[89]\d0|20\d0)'?s$")),
    ("part-year", re.compile(rf"(?i)^(early|mid|late)[-\s]+({_YEAR})$")),
    ("month-relative-year", re.compile(rf"(?i)^({_MONTH})\s+(?:of\s+)?(last|this|next)\s+year$")),
    ("relative-unit", re.compile(r"(?i)^(last|this|next|past)\s+(year|month|week)$")),
    ("day-word", re.compile(r"(?i)^(yesterday|today|tomorrow)$")),
    (
        "weekday",
        re.compile(rf"(?i)^(last\s+|this\s+|next\s+)?({_WEEKDAY})(?:\s+(?:morning|afternoon|evening|night))?$"),
    ),
    ("part-month", re.compile(rf"(?i)^(early|mid|late)[-\s]+({_MONTH})$")),
    ("month-day", re.compile(rf"(?i)^({_MONTH})\s+(\d{{1,2}})(?:st|nd|rd|th)?$")),
    ("day-month", re.compile(rf"(?i)^(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTH})$")),
    ("month", re.compile(rf"(?i)^({_MONTH})$")),
    (
        "ago",
        re.compile(
            r"(?i)^(\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+"
            r"(year|month|week|day)s?\s+ago$"
        ),
    ),
]


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _month(year: int, month: int, relative: bool, anchor: date | None) -> DateValue:
    return DateValue(
        start=date(year, month, 1),
        end=_month_end(year, month),
        granularity="month",
        relative=relative,
        anchor=anchor if relative else None,
    )


def _year(year: int, relative: bool, anchor: date | None) -> DateValue:
    return DateValue(
        start=date(year, 1, 1),
        end=date(year, 12, 31),
        granularity="year",
        relative=relative,
        anchor=anchor if relative else None,
    )


def _day(day: date, relative: bool, anchor: date | None) -> DateValue:
    return DateValue(start=day, end=day, granularity="day", relative=relative, anchor=anchor if relative else None)


def _unanchored(granularity: Granularity) -> DateValue:
    return DateValue(start=None, end=None, granularity=granularity, relative=True, anchor=None)


def _recent_month(month: int, anchor: date) -> int:
    """Year of the most recent `month` not after the anchor's month."""
    return anchor.year if month <= anchor.month else anchor.year - 1


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def _week(monday: date, anchor: date) -> DateValue:
    return DateValue(start=monday, end=monday + timedelta(days=6), granularity="week", relative=True, anchor=anchor)


def _resolve(kind: str, g: tuple[str, ...], anchor: date | None) -> DateValue | None:
    if kind == "iso":
        try:
            return _day(date(int(g[0]), int(g[1]), int(g[2])), False, None)
        except ValueError:
            return None
    if kind in ("month-day-year", "day-month-year"):
        text = " ".join(g)
        parsed = parse_date_string(text)
        return _day(parsed, False, None) if parsed else None
    if kind == "month-year":
        return _month(int(g[1]), MONTHS[g[0].lower().rstrip(".")], False, None)
    if kind == "year":
        return _year(int(g[0]), False, None)
    if kind == "decade":
        start = int(g[0])
        return DateValue(start=date(start, 1, 1), end=date(start + 9, 12, 31), granularity="decade")
    if kind == "part-year":
        first, last = _YEAR_PART[g[0].lower()]
        year = int(g[1])
        return DateValue(start=date(year, first, 1), end=_month_end(year, last), granularity="month")
    # Everything below is relative to the anchor.
    if kind == "month-relative-year":
        if anchor is None:
            return _unanchored("month")
        offset = {"last": -1, "this": 0, "next": 1}[g[1].lower()]
        return _month(anchor.year + offset, MONTHS[g[0].lower().rstrip(".")], True, anchor)
    if kind == "relative-unit":
        word, unit = g[0].lower(), g[1].lower()
        granularity: Granularity = "year" if unit == "year" else "month" if unit == "month" else "week"
        if anchor is None:
            return _unanchored(granularity)
        offset = {"last": -1, "past": -1, "this": 0, "next": 1}[word]
        if unit == "year":
            return _year(anchor.year + offset, True, anchor)
        if unit == "month":
            year, month = _shift_month(anchor.year, anchor.month, offset)
            return _month(year, month, True, anchor)
        monday = anchor - timedelta(days=anchor.weekday()) + timedelta(weeks=offset)
        return _week(monday, anchor)
    if kind == "day-word":
        if anchor is None:
            return _unanchored("day")
        return _day(anchor + timedelta(days={"yesterday": -1, "today": 0, "tomorrow": 1}[g[0].lower()]), True, anchor)
    if kind == "weekday":
        if anchor is None:
            return _unanchored("day")
        target = WEEKDAYS[g[1].lower()]
        qualifier = (g[0] or "").strip().lower()
        back = (anchor.weekday() - target) % 7
        if qualifier == "last" and back == 0:
            back = 7
        if qualifier == "next":
            return _day(anchor + timedelta(days=(target - anchor.weekday()) % 7 or 7), True, anchor)
        return _day(anchor - timedelta(days=back), True, anchor)
    if kind == "part-month":
        if anchor is None:
            return _unanchored("month")
        month = MONTHS[g[1].lower().rstrip(".")]
        year = _recent_month(month, anchor)
        first, last = _PART[g[0].lower()]
        last = min(last, calendar.monthrange(year, month)[1])
        return DateValue(
            start=date(year, month, first),
            end=date(year, month, last),
            granularity="month",
            relative=True,
            anchor=anchor,
        )
    if kind in ("month-day", "day-month"):
        month_name, day_text = (g[0], g[1]) if kind == "month-day" else (g[1], g[0])
        if anchor is None:
            return _unanchored("day")
        month, day = MONTHS[month_name.lower().rstrip(".")], int(day_text)
        for year in (anchor.year, anchor.year - 1):
            try:
                candidate = date(year, month, day)
            except ValueError:
                continue
            if candidate <= anchor:
                return _day(candidate, True, anchor)
        return None
    if kind == "month":
        if anchor is None:
            return _unanchored("month")
        month = MONTHS[g[0].lower().rstrip(".")]
        return _month(_recent_month(month, anchor), month, True, anchor)
    if kind == "ago":
        amount = int(g[0]) if g[0].isdigit() else _NUMBER_WORDS[g[0].lower()]
        unit = g[1].lower()
        granularity = "day" if unit == "day" else "week" if unit == "week" else "month" if unit == "month" else "year"
        if anchor is None:
            return _unanchored(granularity)
        if unit == "day":
            return _day(anchor - timedelta(days=amount), True, anchor)
        if unit == "week":
            then = anchor - timedelta(weeks=amount)
            return _week(then - timedelta(days=then.weekday()), anchor)
        if unit == "month":
            year, month = _shift_month(anchor.year, anchor.month, -amount)
            return _month(year, month, True, anchor)
        return _year(anchor.year - amount, True, anchor)
    return None


def parse_date_phrase(text: str, anchor: date | None) -> DateValue | None:
    """Normalize a date phrase against the publication date `anchor`; None when it is not a date."""
    phrase = " ".join(text.strip().strip(",.;:").split())
    since = False
    if _SINCE.match(phrase):
        since, phrase = True, _SINCE.sub("", phrase)
    phrase = _PREFIX.sub("", phrase)
    phrase = re.sub(r"(?i)^(?:the\s+)?(?:month\s+of\s+)?", "", phrase)
    if not phrase:
        return None
    for kind, pattern in _PATTERNS:
        match = pattern.match(phrase)
        if match:
            try:
                value = _resolve(kind, tuple(x or "" for x in match.groups()), anchor)
            except (ValueError, OverflowError):  # "2500 years ago": before year 1, not a date we can hold
                return None
            if value is not None and since:
                value = value.model_copy(update={"since": True})
            return value
    return None
