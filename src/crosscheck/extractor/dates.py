"""Date phrases: absolute ("July 2023", "Sunday (7 May)") and relative ("July last year", "next
Tuesday", "the end of next year"), found in running text and resolved against the article's anchor.

Relative dates are resolved against the article's own publication date (the anchor). A relative
date without an anchor keeps its granularity with start/end None, and the caller warns.
A relative date points back from the anchor ("on Sunday" in a Monday article is yesterday) unless
it is read forward: the phrase itself says so ("next Tuesday", "by Nov. 30", "this Oct. 30", "the
June 30 deadline"), or the caller passes `direction="future"` (a plan or a deadline: "will meet on
Friday"). Full dates ("May 3, 2024") go through dateparser; the relative grammar is ours because
dateparser resolves against today's clock, not against the article.

Each form of date is one row of `_FORMS`: its pattern beside its resolver. `find_dates` finds every
form in a sentence with one regex built from the same rows (their groups dropped), and the form of
each mention is then read by `parse_date_phrase`, so finding and reading never disagree.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache, lru_cache
from typing import Literal

from crosscheck.loader.dating import MONTHS, parse_date_string
from crosscheck.models import DateValue

Granularity = Literal["day", "week", "month", "year", "decade", "unknown"]
Direction = Literal["past", "future"]
Groups = dict[str, str]
_Resolver = Callable[[Groups, date | None, Direction | None], DateValue | None]

WEEKDAYS = {d.lower(): i for i, d in enumerate(calendar.day_name)}
_MONTH_NAMES = (
    r"January|February|March|April|May|June|July|August|September|October|November|December|"
    r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
)
_WEEKDAY_NAMES = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
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
_EDGE_OF_MONTH = {"start": "early", "beginning": "early", "middle": "mid", "end": "late"}
_YEAR_PART = {"early": (1, 4), "mid": (5, 8), "late": (9, 12)}
_EDGE_OF_YEAR = {
    "start": (1, 1),
    "beginning": (1, 1),
    "middle": (6, 7),
    "end": (12, 12),
    "first half": (1, 6),
    "second half": (7, 12),
}
_OFFSET = {"last": -1, "past": -1, "this": 0, "the": 0, "next": 1, "coming": 1}

# Words before a date that are not part of its value. Those that look ahead (a deadline) make a
# relative date point forward unless the caller knows better.
_FORWARD_CUES = ("by", "before", "until", "till", "ahead of", "no later than", "due", "due on", "due by", "in time for")
_PREPOSITIONS = (
    "on",
    "in",
    "at",
    "of",
    "from",
    "to",
    "through",
    "during",
    "after",
    "between",
    "and",
    "as of",
    "since",
    "over",
    "around",
    "about",
    "starting",
    *_FORWARD_CUES,
)
# A bare month or year ("May", "2009") is a date only after one of these ("in May", "until 2009").
_BARE_OK = frozenset(
    {
        "in",
        "since",
        "until",
        "till",
        "by",
        "before",
        "after",
        "during",
        "through",
        "from",
        "between",
        "as of",
        "ahead of",
    }
)
_ISO_OK = _BARE_OK | {"on"}
_DEADLINE_SUFFIX = re.compile(r"(?i)\s+(?:deadline|target date|cut-?off(?: date)?)$")
_TIME_OF_DAY = r"(?:morning|afternoon|evening|night|midday|noon)"


# --- small builders of the grammar -------------------------------------------------------------
def _wd(name: str = "wd") -> str:
    return rf"(?P<{name}>{_WEEKDAY_NAMES})"


def _mon(name: str = "mon") -> str:
    return rf"(?P<{name}>{_MONTH_NAMES})"


def _day(name: str = "day") -> str:
    return rf"(?P<{name}>[0-3]?\d)(?:st|nd|rd|th)?"


def _yr(name: str = "year") -> str:
    # not "2019-20" (a season), "2000%" or "2,000": a year, not a number
    return rf"(?P<{name}>1[89]\d\d|20\d\d|21\d\d)(?!-\d)(?!\s*(?:%|percent|per cent))"


_PART_OF_DAY = rf"(?:\s+{_TIME_OF_DAY})?"


# --- resolution helpers ------------------------------------------------------------------------
def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _rel(anchor: date | None, relative: bool) -> dict[str, object]:
    return {"relative": relative, "anchor": anchor if relative else None}


def _month(year: int, month: int, relative: bool, anchor: date | None) -> DateValue:
    return DateValue(
        start=date(year, month, 1), end=_month_end(year, month), granularity="month", **_rel(anchor, relative)
    )


def _months(year: int, first: int, last: int, relative: bool, anchor: date | None) -> DateValue:
    return DateValue(
        start=date(year, first, 1), end=_month_end(year, last), granularity="month", **_rel(anchor, relative)
    )


def _year(year: int, relative: bool, anchor: date | None) -> DateValue:
    return DateValue(start=date(year, 1, 1), end=date(year, 12, 31), granularity="year", **_rel(anchor, relative))


def _one_day(day: date, relative: bool, anchor: date | None) -> DateValue:
    return DateValue(start=day, end=day, granularity="day", **_rel(anchor, relative))


def _unanchored(granularity: Granularity) -> DateValue:
    return DateValue(start=None, end=None, granularity=granularity, relative=True, anchor=None)


def _week(monday: date, anchor: date) -> DateValue:
    return DateValue(start=monday, end=monday + timedelta(days=6), granularity="week", relative=True, anchor=anchor)


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def _month_number(text: str) -> int:
    return MONTHS[text.lower().rstrip(".")]


def _month_year(month: int, anchor: date, direction: Direction | None, qualifier: str = "") -> int:
    """The year of a yearless month: the latest one up to the anchor's month, or for a forward
    date the first one from it; "this May" is the anchor's year, "last/next May" the one before/after."""
    if qualifier == "this":
        return anchor.year
    if qualifier == "last":
        return anchor.year if month < anchor.month else anchor.year - 1
    if qualifier in ("next", "coming"):
        return anchor.year if month > anchor.month else anchor.year + 1
    if direction == "future":
        return anchor.year if month >= anchor.month else anchor.year + 1
    return anchor.year if month <= anchor.month else anchor.year - 1


def _yearless(month: int, day: int, anchor: date, direction: Direction | None, qualifier: str = "") -> date | None:
    """A month and day without a year: the latest on or before the anchor, or the first on or after
    it for a forward date ("this Oct. 30" is the anchor's year)."""
    if qualifier == "this":
        years: tuple[int, ...] = (anchor.year,)
    elif direction == "future" or qualifier in ("next", "coming"):
        years = (anchor.year, anchor.year + 1, anchor.year + 4)  # Feb 29 may be years away
    else:
        years = (anchor.year, anchor.year - 1, anchor.year - 4)
    for year in years:
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if qualifier == "this" or (candidate >= anchor if years[1] > years[0] else candidate <= anchor):
            return candidate
    return None


def _weekday_date(target: int, anchor: date, direction: Direction | None, qualifier: str = "") -> date:
    """The weekday nearest the anchor in the phrase's direction (the anchor's own day counts)."""
    back = (anchor.weekday() - target) % 7
    ahead = (target - anchor.weekday()) % 7
    if qualifier == "last":
        return anchor - timedelta(days=back or 7)
    if qualifier == "next":
        return anchor + timedelta(days=ahead or 7)
    if qualifier in ("this", "coming") and direction != "past":
        return anchor + timedelta(days=ahead)
    if direction == "future":
        return anchor + timedelta(days=ahead)
    return anchor - timedelta(days=back)


def _easter(year: int) -> date:
    """Western Easter Sunday (the anonymous Gregorian computus)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    el = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * el) // 451
    month, day = divmod(h + el - 7 * m + 114, 31)
    return date(year, month, day + 1)


_HOLIDAYS: dict[str, Callable[[int], date]] = {
    "easter sunday": _easter,
    "easter monday": lambda y: _easter(y) + timedelta(days=1),
    "good friday": lambda y: _easter(y) - timedelta(days=2),
    "christmas day": lambda y: date(y, 12, 25),
    "christmas eve": lambda y: date(y, 12, 24),
    "new year's day": lambda y: date(y, 1, 1),
    "new year's eve": lambda y: date(y, 12, 31),
}


# --- resolvers, one per form --------------------------------------------------------------------
def _r_iso(g: Groups, anchor: date | None, direction: Direction | None) -> DateValue | None:
    return _one_day(date(int(g["year"]), int(g["mon"]), int(g["day"])), False, None)


def _r_full(g: Groups, anchor: date | None, direction: Direction | None) -> DateValue | None:
    parsed = parse_date_string(f"{g['mon']} {g['day']} {g['year']}")
    return _one_day(parsed, False, None) if parsed else None


def _r_weekday_month_day(g: Groups, anchor: date | None, direction: Direction | None) -> DateValue | None:
    """A weekday with its month and day ("Sunday (7 May)"): the year whose 7 May is a Sunday,
    nearest the anchor in the phrase's direction; when none is (a slip of the writer's), the month
    and day decide alone."""
    if anchor is None:
        return _unanchored("day")
    month, day, target = _month_number(g["mon"]), int(g["day"]), WEEKDAYS[g["wd"].lower()]
    fits = []
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if candidate.weekday() == target:
            fits.append(candidate)
    ahead = [d for d in fits if d >= anchor]
    behind = [d for d in fits if d <= anchor]
    if direction == "future" and ahead:
        return _one_day(ahead[0], True, anchor)
    if direction != "future" and behind:
        return _one_day(behind[-1], True, anchor)
    return _r_month_day(g, anchor, direction)


def _r_month_day(g: Groups, anchor: date | None, direction: Direction | None) -> DateValue | None:
    if anchor is None:
        return _unanchored("day")
    found = _yearless(_month_number(g["mon"]), int(g["day"]), anchor, direction, g.get("qual", "").lower())
    return _one_day(found, True, anchor) if found else None


def _r_holiday(g: Groups, anchor: date | None, direction: Direction | None) -> DateValue | None:
    day_of = _HOLIDAYS[" ".join(g["hol"].lower().replace("’", "'").split())]
    if g.get("year"):
        return _one_day(day_of(int(g["year"])), False, None)
    if anchor is None:
        return _unanchored("day")
    qualifier = g.get("qual", "").lower()
    days = [day_of(y) for y in (anchor.year - 1, anchor.year, anchor.year + 1)]
    if qualifier == "this":
        return _one_day(days[1], True, anchor)
    if direction == "future" or qualifier == "next":
        return _one_day(next(d for d in days if d >= anchor), True, anchor)
    return _one_day([d for d in days if d <= anchor][-1], True, anchor)


def _r_month_year(g: Groups, anchor: date | None, direction: Direction | None) -> DateValue | None:
    return _month(int(g["year"]), _month_number(g["mon"]), False, None)


def _r_part_month_year(g: Groups, anchor: date | None, direction: Direction | None) -> DateValue | None:
    part = _EDGE_OF_MONTH.get(g["part"].lower(), g["part"].lower())
    return _part_of_month(int(g["year"]), _month_number(g["mon"]), part, False, None)


def _part_of_month(year: int, month: int, part: str, relative: bool, anchor: date | None) -> DateValue:
    first, last = _PART[part]
    last = min(last, calendar.monthrange(year, month)[1])
    return DateValue(
        start=date(year, month, first), end=date(year, month, last), granularity="month", **_rel(anchor, relative)
    )


def _r_month_relative_year(g: Groups, anchor: date | None, direction: Direction | None) -> DateValue | None:
    if anchor is None:
        return _unanchored("month")
    return _month(anchor.year + _OFFSET[g["rel"].lower()], _month_number(g["mon"]), True, anchor)


def _r_part_month(g: Groups, anchor: date | None, direction: Direction | None) -> DateValue | None:
    if anchor is None:
        return _unanchored("month")
    month = _month_number(g["mon"])
    part = _EDGE_OF_MONTH.get(g["part"].lower(), g["part"].lower())
    return _part_of_month(_month_year(month, anchor, direction), month, part, True, anchor)


def _r_part_relative_month(g: Groups, anchor: date | None, direction: Direction | None) -> DateValue | None:
    if anchor is None:
        return _unanchored("month")
    year, month = _shift_month(anchor.year, anchor.month, _OFFSET[g["rel"].lower()])
    return _part_of_month(year, month, _EDGE_OF_MONTH[g["part"].lower()], True, anchor)


def _r_part_year(g: Groups, anchor: date | None, direction: Direction | None) -> DateValue | None:
    part = g["part"].lower()
    first, last = _YEAR_PART[part] if part in _YEAR_PART else _EDGE_OF_YEAR[" ".join(part.split())]
    return _months(int(g["year"]), first, last, False, None)


def _r_part_relative_year(g: Groups, anchor: date | None, direction: Direction | None) -> DateValue | None:
    if anchor is None:
        return _unanchored("month")
    part = " ".join(g["part"].lower().split())
    year = anchor.year + _OFFSET[g["rel"].lower()]
    if part == "later":  # "later this year": from the anchor's month to the year's end
        return _months(year, anchor.month if year == anchor.year else 1, 12, True, anchor)
    if part == "earlier":
        return _months(year, 1, anchor.month if year == anchor.year else 12, True, anchor)
    first, last = _YEAR_PART[part] if part in _YEAR_PART else _EDGE_OF_YEAR[part]
    return _months(year, first, last, True, anchor)


def _r_year(g: Groups, anchor: date | None, direction: Direction | None) -> DateValue | None:
    return _year(int(g["year"]), False, None)


def _r_decade(g: Groups, anchor: date | None, direction: Direction | None) -> DateValue | None:
    start = int(g["decade"])
    return DateValue(start=date(start, 1, 1), end=date(start + 9, 12, 31), granularity="decade")


def _r_relative_unit(g: Groups, anchor: date | None, direction: Direction | None) -> DateValue | None:
    unit = g["unit"].lower()
    granularity: Granularity = "year" if unit == "year" else "month" if unit == "month" else "week"
    if anchor is None:
        return _unanchored(granularity)
    offset = _OFFSET[g["rel"].lower()]
    if unit == "year":
        return _year(anchor.year + offset, True, anchor)
    if unit == "month":
        year, month = _shift_month(anchor.year, anchor.month, offset)
        return _month(year, month, True, anchor)
    return _week(anchor - timedelta(days=anchor.weekday()) + timedelta(weeks=offset), anchor)


def _r_weekend(g: Groups, anchor: date | None, direction: Direction | None) -> DateValue | None:
    """Saturday and Sunday: the last one begun by the anchor, or the next one for a forward phrase."""
    if anchor is None:
        return _unanchored("week")
    qualifier = g.get("qual", "").lower()
    weekday = anchor.weekday()
    current = anchor - timedelta(days=weekday - 5) if weekday >= 5 else None  # the anchor's own weekend
    past = current or anchor - timedelta(days=weekday + 2)
    upcoming = current or anchor + timedelta(days=5 - weekday)
    if qualifier == "last":
        saturday = past - timedelta(days=7) if current else past
    elif qualifier in ("next", "coming"):
        saturday = upcoming + timedelta(days=7) if current else upcoming
    elif direction == "future" or (qualifier == "this" and direction != "past"):
        saturday = upcoming
    else:
        saturday = past
    return DateValue(start=saturday, end=saturday + timedelta(days=1), granularity="week", relative=True, anchor=anchor)


_DAY_WORDS = {"yesterday": -1, "today": 0, "tomorrow": 1, "tonight": 0, "this": 0, "last": -1, "earlier": 0, "later": 0}


def _r_day_word(g: Groups, anchor: date | None, direction: Direction | None) -> DateValue | None:
    if anchor is None:
        return _unanchored("day")
    word = g["word"].lower()
    if word == "overnight":  # the night before the anchor, or the coming one for a forward phrase
        first = anchor if direction == "future" else anchor - timedelta(days=1)
        return DateValue(start=first, end=first + timedelta(days=1), granularity="day", relative=True, anchor=anchor)
    return _one_day(anchor + timedelta(days=_DAY_WORDS[word]), True, anchor)


def _r_weekday(g: Groups, anchor: date | None, direction: Direction | None) -> DateValue | None:
    if anchor is None:
        return _unanchored("day")
    qualifier = " ".join(g.get("qual", "").lower().split()).replace("this coming", "coming")
    return _one_day(_weekday_date(WEEKDAYS[g["wd"].lower()], anchor, direction, qualifier), True, anchor)


def _r_month(g: Groups, anchor: date | None, direction: Direction | None) -> DateValue | None:
    if anchor is None:
        return _unanchored("month")
    month = _month_number(g["mon"])
    return _month(_month_year(month, anchor, direction, g.get("qual", "").lower()), month, True, anchor)


def _r_ago(g: Groups, anchor: date | None, direction: Direction | None) -> DateValue | None:
    amount = int(g["n"]) if g["n"].isdigit() else _NUMBER_WORDS[g["n"].lower()]
    unit = g["unit"].lower()
    granularity: Granularity = "year" if unit == "decade" else unit  # type: ignore[assignment]
    if anchor is None:
        return _unanchored(granularity)
    if unit == "day":
        return _one_day(anchor - timedelta(days=amount), True, anchor)
    if unit == "week":
        then = anchor - timedelta(weeks=amount)
        return _week(then - timedelta(days=then.weekday()), anchor)
    if unit == "month":
        year, month = _shift_month(anchor.year, anchor.month, -amount)
        return _month(year, month, True, anchor)
    return _year(anchor.year - amount * (10 if unit == "decade" else 1), True, anchor)


def _r_days(g: Groups, anchor: date | None, direction: Direction | None) -> DateValue | None:
    """A range of days in one month ("12-13 June", "June 12-13, 2024")."""
    first, last = int(g["day"]), int(g["day2"])
    if last <= first:
        return None
    month = _month_number(g["mon"])
    if g.get("year"):
        year, relative = int(g["year"]), False
    elif anchor is None:
        return _unanchored("day")
    else:
        found = _yearless(month, first, anchor, direction)
        if found is None:
            return None
        year, relative = found.year, True
    return DateValue(
        start=date(year, month, first), end=date(year, month, last), granularity="day", **_rel(anchor, relative)
    )


_QUARTER_NUMBER = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4, "final": 4}


def _r_quarter(g: Groups, anchor: date | None, direction: Direction | None) -> DateValue | None:
    """A quarter of a year ("the third quarter", "Q3 2024", the end of one); without a year, the
    anchor's (the next year's for a forward date whose quarter is over, the last year's for one not
    yet begun)."""
    quarter = int(g["qn"]) if g.get("qn") else _QUARTER_NUMBER[g["q"].lower()]
    first, last = quarter * 3 - 2, quarter * 3
    edge = g.get("edge", "").lower()
    if edge:  # "by the end of the third quarter": its last month
        first = last = {"start": first, "beginning": first, "middle": first + 1, "end": last}[edge]
    if g.get("year") or g.get("year2"):
        return _months(int(g.get("year") or g["year2"]), first, last, False, None)
    if anchor is None:
        return _unanchored("month")
    year = anchor.year
    if direction == "future" and _month_end(year, last) < anchor:
        year += 1
    elif direction != "future" and date(year, first, 1) > anchor:
        year -= 1
    return _months(year, first, last, True, anchor)


# --- the grammar: one row per form, most specific first (the finder takes the first that fits) --
@dataclass(frozen=True)
class _Form:
    kind: str
    body: str
    resolve: _Resolver
    after: frozenset[str] = frozenset()  # if given, a date in running text only after one of these ("in May")
    pattern: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "pattern", re.compile(self.body, re.IGNORECASE))


_QUAL = r"(?:(?P<qual>last|this|next|this\s+coming|coming)\s+)?"
_QUARTERS = "first|second|third|fourth|final|1st|2nd|3rd|4th"
_PAREN_OPEN = r",?\s*\(\s*"
_HOLIDAY_NAMES = (
    r"Easter\s+Sunday|Easter\s+Monday|Good\s+Friday|Christmas\s+Day|Christmas\s+Eve|New\s+Year['’]s\s+(?:Day|Eve)"
)
_FORMS: tuple[_Form, ...] = (
    # bare: in running text an ISO date is mostly a stamp ("Title ... 2023-06-03" joined to a headline)
    _Form("iso", r"(?P<year>\d{4})-(?P<mon>\d{2})-(?P<day>\d{2})", _r_iso, after=_ISO_OK),
    _Form(
        "weekday-paren-month-day-year",
        rf"{_wd()}{_PART_OF_DAY}{_PAREN_OPEN}{_mon()}\s+{_day()},?\s+{_yr()}\s*\){_PART_OF_DAY}",
        _r_full,
    ),
    _Form(
        "weekday-paren-day-month-year",
        rf"{_wd()}{_PART_OF_DAY}{_PAREN_OPEN}{_day()}\s+(?:of\s+)?{_mon()},?\s+{_yr()}\s*\){_PART_OF_DAY}",
        _r_full,
    ),
    _Form("day-range-month-year", rf"{_day()}\s*[-–]\s*{_day('day2')}\s+(?:of\s+)?{_mon()},?\s+{_yr()}", _r_days),
    _Form("month-day-range-year", rf"{_mon()}\s+{_day()}\s*[-–]\s*{_day('day2')},?\s+{_yr()}", _r_days),
    _Form("day-range-month", rf"{_day()}\s*[-–]\s*{_day('day2')}\s+(?:of\s+)?{_mon()}", _r_days),
    _Form("month-day-range", rf"{_mon()}\s+{_day()}\s*[-–]\s*{_day('day2')}", _r_days),
    _Form("month-day-year", rf"(?:{_wd()},?\s+)?{_mon()}\s+{_day()},?\s+{_yr()}", _r_full),
    _Form("day-month-year", rf"(?:{_wd()},?\s+)?(?:the\s+)?{_day()}\s+(?:of\s+)?{_mon()},?\s+{_yr()}", _r_full),
    _Form(
        "weekday-paren-month-day",
        rf"{_wd()}{_PART_OF_DAY}{_PAREN_OPEN}{_mon()}\s+{_day()}\s*\){_PART_OF_DAY}",
        _r_weekday_month_day,
    ),
    _Form(
        "weekday-paren-day-month",
        rf"{_wd()}{_PART_OF_DAY}{_PAREN_OPEN}{_day()}\s+(?:of\s+)?{_mon()}\s*\){_PART_OF_DAY}",
        _r_weekday_month_day,
    ),
    _Form("weekday-month-day", rf"{_wd()},?\s+{_mon()}\s+{_day()}{_PART_OF_DAY}", _r_weekday_month_day),
    _Form(
        "weekday-day-month",
        rf"{_wd()},?\s+(?:the\s+)?{_day()}\s+(?:of\s+)?{_mon()}{_PART_OF_DAY}",
        _r_weekday_month_day,
    ),
    _Form("holiday", rf"{_QUAL}(?P<hol>{_HOLIDAY_NAMES})(?:,?\s+{_yr()})?", _r_holiday),
    _Form("month-year", rf"{_mon()},?\s+(?:of\s+)?{_yr()}", _r_month_year),
    _Form(
        "part-month-year",
        rf"(?:(?P<part>early|mid|late)[-\s]+|(?:the\s+)?(?P<edge>start|beginning|middle|end)\s+of\s+){_mon()},?\s+{_yr()}",
        lambda g, a, d: _r_part_month_year({**g, "part": g["part"] or g["edge"]}, a, d),
    ),
    _Form("month-relative-year", rf"{_mon()}\s+(?:of\s+)?(?P<rel>last|this|next)\s+year", _r_month_relative_year),
    _Form("month-day", rf"{_QUAL}{_mon()}\s+{_day()}", _r_month_day),
    _Form("day-month", rf"{_QUAL}(?:the\s+)?{_day()}\s+(?:of\s+)?{_mon()}", _r_month_day),
    _Form(
        "part-month",
        rf"(?:(?P<part>early|mid|late)[-\s]+|(?:the\s+)?(?P<edge>start|beginning|middle|end)\s+of\s+){_mon()}",
        lambda g, a, d: _r_part_month({**g, "part": g["part"] or g["edge"]}, a, d),
    ),
    _Form(
        "part-relative-month",
        r"(?:the\s+)?(?P<part>start|beginning|middle|end)\s+of\s+(?P<rel>the|this|next|last)\s+month",
        _r_part_relative_month,
    ),
    _Form(
        "part-year",
        rf"(?:(?P<part>early|mid|late)[-\s]+|(?:the\s+)?(?P<edge>start|beginning|middle|end|first\s+half|second\s+half)\s+of\s+){_yr()}",
        lambda g, a, d: _r_part_year({**g, "part": g["part"] or g["edge"]}, a, d),
    ),
    _Form(
        "quarter",
        r"(?:(?:the\s+)?(?P<edge>start|beginning|middle|end)\s+of\s+(?:the\s+)?)?"
        rf"(?:(?P<q>{_QUARTERS})\s+quarter(?:\s+(?:of\s+)?{_yr()})?|Q(?P<qn>[1-4])\s+{_yr('year2')})",
        _r_quarter,
    ),
    _Form(
        "part-relative-year",
        r"(?:(?P<part>early|mid|late|later|earlier)[-\s]+|(?:the\s+)?(?P<edge>start|beginning|middle|end|first\s+half|"
        r"second\s+half)\s+of\s+)(?P<rel>the|this|next|last)\s+year",
        lambda g, a, d: _r_part_relative_year({**g, "part": g["part"] or g["edge"]}, a, d),
    ),
    _Form("decade", r"(?P<decade>1[89]\d0|20\d0)['’]?s", _r_decade),
    _Form(
        "ago",
        r"(?P<n>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+"
        r"(?P<unit>year|month|week|day|decade)s?\s+ago",
        _r_ago,
    ),
    _Form("relative-unit", r"(?P<rel>last|this|next|past|coming)\s+(?P<unit>year|month|week)", _r_relative_unit),
    _Form("weekend", r"(?:(?P<qual>last|this|next|coming)\s+)?weekend", _r_weekend),
    _Form(
        "day-word",
        rf"(?P<word>yesterday|today|tomorrow|tonight)(?:\s+{_TIME_OF_DAY})?"
        r"|(?P<word2>this|last|earlier|later)\s+(?:morning|afternoon|evening|night|today)"
        r"|(?P<word3>overnight)",
        lambda g, a, d: _r_day_word({"word": g["word"] or g["word2"] or g["word3"]}, a, d),
    ),
    _Form(
        "weekday",
        r"(?:(?P<qual>last|this|next|this\s+coming|coming|early|late|earlier|later)\s+(?:on\s+)?"
        r"|(?:the\s+)?early\s+hours\s+of\s+)?"
        rf"{_wd()}{_PART_OF_DAY}",
        _r_weekday,
    ),
    _Form("month-qualified", rf"(?P<qual>last|this|next|coming)\s+{_mon()}", _r_month),
    _Form("month", _mon(), _r_month, after=_BARE_OK),
    _Form("year", _yr(), _r_year, after=_BARE_OK),
)
_NEEDS_QUALIFIER = frozenset({"weekend"})


def _ungrouped(body: str) -> str:
    """A form's pattern without its groups (the finder joins all forms in one alternation)."""
    return re.sub(r"\(\?P<\w+>", "(?:", body)


def _prefix_alternation() -> str:
    words = sorted(_PREPOSITIONS, key=len, reverse=True)
    return "|".join(w.replace(" ", r"\s+") for w in words)


@cache
def _finder() -> re.Pattern[str]:
    """All forms in one pattern, each in a group named by its index (`lastgroup` tells the form).

    Month and weekday names must be capitalized in running text ("may", "march" are words too);
    everything else is matched in any case."""
    alternation = "|".join(f"(?P<f{i}>{_ungrouped(f.body)})" for i, f in enumerate(_FORMS))
    for names in (_MONTH_NAMES, _WEEKDAY_NAMES, _HOLIDAY_NAMES):
        alternation = alternation.replace(names, f"(?-i:{names})")
    return re.compile(
        rf"(?i)(?<![\w-])(?:(?P<prep>{_prefix_alternation()})\s+)?(?:the\s+)?(?:{alternation})"
        r"(?:['’]s)?(?![\w])(?!-\w)"
    )


# Every date phrase holds one of these (a day number goes with a month name, an ago with its
# word); the finder runs only in a window around each.
_TRIGGER = re.compile(
    rf"(?<!\w)(?:{_MONTH_NAMES}|{_WEEKDAY_NAMES}|Easter|Christmas|Good\s+Friday|New\s+Year|(?:1[89]|2[01])\d\d(?!\d)"
    r"|(?i:yesterday|today|tomorrow|tonight|overnight|weekend|week|month|year|decade|morning|afternoon"
    r"|evening|night|ago|quarter)|Q[1-4])"
)
_WORD_START = re.compile(r"(?<![\w-])\w")
_REACH_BEFORE = 40  # "no later than the beginning of ..." before the word that triggers
_REACH_AFTER = 60


@dataclass(frozen=True)
class DateMention:
    """A date phrase found in running text: offsets of the whole phrase, its preposition, its form,
    and the words its value is read from (a restatement's: "this morning (Mon 23 Sep)" -> "23 Sep")."""

    start: int
    end: int
    body_start: int
    prep: str
    kind: str
    text: str
    value_text: str
    hint: Direction | None = None  # the way a restatement points ("tomorrow, June 3")
    core_end: int = -1  # where the words the parse hangs the date on end (a restatement's first part)


# "this morning (Mon 23 Sep)", "tomorrow, June 3": the second date restates the first.
_RESTATED_OPEN = re.compile(r"\s*\(\s*(?:(?:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)\.?,?\s+)?$")
_RESTATED_CLOSE = re.compile(r"\s*\)")
_DAY_KINDS = frozenset({"weekday", "day-word"})
_MONTH_DAY_KINDS = frozenset({"month-day", "day-month", "month-day-year", "day-month-year"})


def find_dates(text: str) -> list[DateMention]:
    """Every date phrase in `text`, left to right (bare months and years only after a preposition)."""
    return list(_found(text))


@lru_cache(maxsize=256)
def _found(text: str) -> tuple[DateMention, ...]:
    """`find_dates`, kept for the last sentences: the date and the time-of-day extractors both read
    a sentence's dates."""
    found: list[DateMention] = []
    finder = _finder()
    done = 0  # the text before this is read
    for trigger in _TRIGGER.finditer(text):
        at = trigger.start()
        if at < done:
            continue
        stop = text.find(" ", trigger.end() + _REACH_AFTER)  # a window cut between words, not inside one
        stop = len(text) if stop < 0 else stop
        match = None
        for word in _WORD_START.finditer(text, max(done, at - _REACH_BEFORE), at + 1):  # leftmost first
            match = finder.match(text, word.start(), stop)
            if match is not None:
                break
        if match is None:
            continue
        done = match.end()
        mention = _mention(match, text, found[-1].prep if found else "")
        if mention is None:
            continue
        if found and (merged := _restated(found[-1], mention, text)) is not None:
            found[-1] = merged
            continue
        found.append(mention)
    return tuple(found)


def _mention(match: re.Match[str], text: str, before: str = "") -> DateMention | None:
    """The mention a finder match makes, or None when its form needs a preposition it lacks
    (`before` is the preposition of the mention before it: "between 2001 and 2004")."""
    prep = " ".join(match.group("prep").lower().split()) if match.group("prep") else ""
    name = match.lastgroup or ""
    if not name.startswith("f"):
        return None
    form = _FORMS[int(name[1:])]
    body = match.group(name)
    if form.after and prep not in form.after and not (prep in ("and", "to") and before in ("between", "from")):
        return None
    if form.kind in _NEEDS_QUALIFIER and not prep and not _QUALIFIED.match(body):
        return None
    return DateMention(match.start(), match.end(), match.start(name), prep, form.kind, match.group(0), match.group(0))


def _restated(first: DateMention, second: DateMention, text: str) -> DateMention | None:
    """One mention of two when the second restates the first in full: the second's value, both's span."""
    if first.kind not in _DAY_KINDS or second.kind not in _MONTH_DAY_KINDS or second.prep:
        return None
    gap = text[first.end : second.start]
    if _RESTATED_OPEN.fullmatch(gap):
        close = _RESTATED_CLOSE.match(text, second.end)
        if close is None:
            return None
        end = close.end()
    elif gap.strip() == ",":
        end = second.end
    else:
        return None
    value = f"{first.prep} {second.text}".strip()
    words = text[first.body_start : first.end].lower()
    hint = "future" if "tomorrow" in words else phrase_direction(words)
    return DateMention(
        first.start, end, first.body_start, first.prep, second.kind, text[first.start : end], value, hint, first.end
    )


def _form_of(body: str) -> _Form | None:
    for form in _FORMS:
        if form.pattern.fullmatch(body):
            return form
    return None


_SINCE = re.compile(r"(?i)^since\s+")
_THE = re.compile(r"(?i)^(?:the\s+)?(?:month\s+of\s+)?")
_AHEAD = re.compile(r"(?:next|coming|this coming)\b")
_QUALIFIED = re.compile(r"(?i)(?:last|this|next|coming)\s")
_FORWARD_START = re.compile(r"(?:" + "|".join(c.replace(" ", r"\s+") for c in _FORWARD_CUES) + r")\s")
_PREFIX = re.compile(rf"(?i)^(?:{_prefix_alternation()})\s+")


def phrase_direction(text: str) -> Direction | None:
    """What the words of a date phrase say of its direction: forward for "by/before/until ...",
    "next ...", "the ... deadline"; back for "last ...", "... ago"; else None."""
    phrase = " ".join(text.lower().replace("’", "'").split())
    if _DEADLINE_SUFFIX.search(phrase) or _AHEAD.match(phrase):
        return "future"
    if _FORWARD_START.match(phrase):
        return "future"
    if phrase.startswith(("last ", "past ")) or phrase.endswith(" ago"):
        return "past"
    return None


def parse_date_phrase(text: str, anchor: date | None, direction: Direction | None = None) -> DateValue | None:
    """Normalize a date phrase against the publication date `anchor`; None when it is not a date.

    `direction` says which way a relative date points from the anchor ("future" for plans and
    deadlines); without it the phrase's own words decide, and a plain relative date points back."""
    phrase = " ".join(text.replace("’", "'").strip().strip(",.;:").split())
    direction = direction or phrase_direction(phrase)
    phrase = _DEADLINE_SUFFIX.sub("", phrase)
    since = False
    if _SINCE.match(phrase):
        since, phrase = True, _SINCE.sub("", phrase)
    while (stripped := _PREFIX.sub("", phrase, count=1)) != phrase:
        phrase = stripped
    phrase = _THE.sub("", phrase)
    if not phrase:
        return None
    form = _form_of(phrase)
    if form is None and phrase.lower().endswith("'s"):  # "Sunday's" (but "the 1990's" is a decade)
        phrase = phrase[:-2]
        form = _form_of(phrase)
    if form is None:
        found = find_dates(phrase)  # a restatement: "this morning (Mon 23 Sep)"
        if len(found) == 1 and found[0].start == 0 and found[0].end == len(phrase) and found[0].value_text != phrase:
            return parse_date_phrase(found[0].value_text, anchor, direction or found[0].hint)
        return None
    groups = {k: v or "" for k, v in form.pattern.fullmatch(phrase).groupdict().items()}  # type: ignore[union-attr]
    try:
        value = form.resolve(groups, anchor, direction)
    except (ValueError, OverflowError, StopIteration, IndexError):  # "2500 years ago", "June 31"
        return None
    if value is not None and since:
        value = value.model_copy(update={"since": True})
    return value
