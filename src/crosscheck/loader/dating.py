"""Find an article's publication date in its text.

Signals, most trusted first:
1. a publication marker anywhere on a line of its own or after a label colon ("Published 2:27 PM,
   April 22, 2019", "Posted on: 4 March 2021", "Edited by X Published on: May 03, 2024 13:14 IST");
2. a date line near the top: a date alone on its line ("Sept 10, 2023 10:21 AM", "2024-05-03",
   "10 September 2023 | 11:05"), in a byline or a line of page furniture ("By Jane Roe | May 2,
   2024"), or a story's dateline ("WASHINGTON, May 3, 2024 —", "LAGOS, 3 May 2024 (Reuters) -");
3. a dateline without a year ("KARVIK, June 3 (AFP) -"), whose year a full date near that day
   elsewhere in the text fixes (low confidence);
4. an update stamp ("Updated: ...", "Last modified ..."): the page changed then, so it is a
   low-confidence stand-in that any publication signal beats;
5. a weekday date at the top ("Wednesday, June 19, 2024"), which many sites print on every page.

Numeric dates are read day-first or month-first as the other dates in the text show; when nothing
shows it, a dotted date (03.05.2024) is read day-first with low confidence and an ambiguous slashed
one (03/05/2024) is not read at all. No rule looks at today's date or at file times: the same text
always gives the same answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from crosscheck.models import Confidence, PublishedSource

_MONTHS = (
    r"(?i:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_WEEKDAY = r"(?i:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|(?:Mon|Tues?|Wed|Thu(?:rs?)?|Fri|Sat|Sun)\b\.?)"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
# "May 03, 2024", "3 May 2024", "the 3rd of May 2024", "2024-05-03".
DATE_PATTERN = (
    rf"(?:{_MONTHS}\s+{_DAY},?\s+\d{{4}}"
    rf"|{_DAY}\s+(?:of\s+)?{_MONTHS},?\s+\d{{4}}"
    r"|\d{4}-\d{1,2}-\d{1,2})"
)
# Year first is never ambiguous; day and month in either order are (see `_numeric`).
_NUMERIC = (
    r"(?:\d{4}/\d{1,2}/\d{1,2}|\d{4}\.\d{1,2}\.\d{1,2}"
    r"|(?<![\d.])\d{1,2}\.\d{1,2}\.\d{4}|(?<![\d/])\d{1,2}/\d{1,2}/\d{4}|(?<![\d-])\d{1,2}-\d{1,2}-\d{4})(?!\d)"
)
_ISO_TIME = r"(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?"
_FULL = rf"(?:{DATE_PATTERN}|{_NUMERIC}){_ISO_TIME}"
_ZONE = r"(?:\s*\(?(?:[A-Z]{2,5}(?:[+-]\d{1,2}(?::?\d{2})?)?)\)?(?![\w]))?"
_TIME = rf"(?:\d{{1,2}}[:.]\d{{2}}(?:[:.]\d{{2}})?(?:\s*(?i:[ap]\.?\s?m\b\.?))?|\d{{1,2}}\s*(?i:[ap]\.?m\b\.?)){_ZONE}"
# A date as a page stamps it: weekday, time of day before or after, "on", "at", a separator.
_STAMP = (
    rf"(?:{_WEEKDAY},?\s+)?(?:{_TIME}\s*,?\s*(?i:on\s+)?(?:{_WEEKDAY},?\s+)?)?(?P<date>{_FULL})"
    rf"(?:\s*(?:,|(?i:at)|@|\||-|–|—)?\s*{_TIME})?"
)
_YEARLESS = rf"(?:{_MONTHS}\s+\d{{1,2}}|\d{{1,2}}\s+{_MONTHS})(?![\w,]*\s*\d)"

_LABEL = (
    r"(?<!\w)(?P<label>(?i:(?:first\s+|originally\s+)?(?:published|posted)|publication\s+date|date\s+published"
    r"|(?:last\s+)?(?:updated|modified)|date\s+modified))"
)
_AFTER_LABEL = r"(?P<by>\s+(?i:by)\s+[^\n|•·:]{1,60}?)?\s*(?i:on|at)?\s*(?P<colon>:)?[*_]*\s*[\-–—|]?\s*(?i:on\s+)?"
_MARKER = re.compile(rf"{_LABEL}{_AFTER_LABEL}(?:{_STAMP}|(?P<yearless>{_YEARLESS}))")
_UPDATE = re.compile(r"(?i)updat|modif")
_LINE = re.compile(rf"{_STAMP}(?:\s*[|•·–—-]\s*.*)?")
_WEEKDAY_START = re.compile(_WEEKDAY)
# Page furniture: "Jane Roe · 3 min read · May 2, 2024", "Jane Roe - 2 May 2024".
_SEPARATOR = re.compile(r"\s*[|•·]\s*|\s+[–—-]\s+")
_STAMP_ONLY = re.compile(_STAMP)
_BYLINE = re.compile(rf"(?i:by)\s+(?P<who>[^\n]{{1,80}}?)(?:,\s*|\s+|\s*[|•·–—-]\s*)(?i:on\s+)?{_STAMP}\s*")
_NAME_GLUE = frozenset({"and", "&", "of", "in", "for", "the", "de", "da", "van", "von", "al", "bin", "le", "la"})
# A story's dateline: "WASHINGTON, May 3, 2024 —", "LAGOS, Nigeria, 3 May 2024 (Reuters) -",
# "Port Ellis (Norland), May 3 (ANI):", "North/South, Jun 3 (PTI) Officials ...".
_PLACE = r"[A-Z][A-Za-z.'’\-/ ]{1,40}(?:,\s*[A-Z][A-Za-z.'’ ]{1,30})?(?:\s*\([^)\n]{1,40}\))?"
_AGENCY = r"\([A-Za-z][A-Za-z&.' \-]{0,30}\)"
_LEAD = re.compile(
    rf"\s*{_PLACE},\s*(?:{_WEEKDAY},?\s+)?(?P<date>{DATE_PATTERN})\s*(?:{_AGENCY}\s*)?[—–:-]+"
    rf"|\s*{_PLACE},\s*(?:{_WEEKDAY},?\s+)?(?P<date2>{DATE_PATTERN})\s*{_AGENCY}"
)
_YEARLESS_LEAD = re.compile(
    rf"\s*{_PLACE},\s*(?:{_WEEKDAY},?\s+)?(?P<md>{_YEARLESS})\s*(?:{_AGENCY}\s*[—–:-]*|[—–:-]+)"
)
_TOP_LINES = 15
_LONG_LINE = 20  # words: a line this long is a paragraph of the story, not page furniture
_SHORT_LINE = 14
_TAIL_WORDS = 6  # words a marker line may carry after the date ("by Jane Roe", "in World")
_NEAR_DAYS = 31  # a full date this close to a yearless dateline's day fixes its year
_MARKUP = " \t*_#>"


@dataclass(frozen=True)
class DateGuess:
    """A publication date found in the text, with where it came from and the exact words
    (`text`, which starts at character `start` of the text)."""

    published: date
    source: PublishedSource
    text: str
    start: int
    level: Confidence | None = None  # when the signal's usual confidence does not hold

    @property
    def confidence(self) -> Confidence:
        """A marker is explicit; a dateline is usually right; a weekday page date is often the crawl day."""
        return self.level or CONFIDENCE[self.source]


CONFIDENCE = {
    PublishedSource.FRONTMATTER: Confidence.HIGH,
    PublishedSource.JSON_FIELD: Confidence.HIGH,
    PublishedSource.HTML_JSON_LD: Confidence.HIGH,
    PublishedSource.HTML_META: Confidence.HIGH,
    PublishedSource.PUBLISHED_MARKER: Confidence.HIGH,
    PublishedSource.HTML_TIME: Confidence.MEDIUM,
    PublishedSource.HTML_URL: Confidence.MEDIUM,
    PublishedSource.DATELINE: Confidence.MEDIUM,
    PublishedSource.HTML_BODY: Confidence.LOW,
    PublishedSource.PAGE_DATE: Confidence.LOW,
    PublishedSource.OPTION: Confidence.LOW,
}
_ORDER = (Confidence.LOW, Confidence.MEDIUM, Confidence.HIGH)


MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}  # month names and abbreviations (lower case) -> 1-12
# The three shapes of DATE_PATTERN, exactly, for `_plain_date`.
_PLAIN_DATE = (
    re.compile(r"(?i)(?P<month>[a-z]+)\.?\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})"),
    re.compile(r"(?i)(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month>[a-z]+)\.?,?\s+(?P<year>\d{4})"),
    re.compile(r"(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})"),
)
_NUMBERS = re.compile(r"(?P<a>\d{1,4})(?P<sep>[./-])(?P<b>\d{1,2})[./-](?P<c>\d{1,4})")
_MONTH_DAY = re.compile(
    r"(?i)(?P<month>[a-z]+)\.?\s+(?P<day>\d{1,2})|(?P<day2>\d{1,2})(?:st|nd|rd|th)?\s+(?P<month2>[a-z]+)"
)


def _plain_date(text: str) -> date | None:
    """A date written in one of DATE_PATTERN's plain shapes ("May 3, 2024", "3 May 2024",
    "2024-05-03") and valid, read directly; None for anything else, which goes to dateparser.
    dateparser reads these the same way (a property test checks it), but its first call in a
    process costs about 0.4 s of setup."""
    for pattern in _PLAIN_DATE:
        match = pattern.fullmatch(text.strip())
        if match is None:
            continue
        month_text = match.group("month")
        month = int(month_text) if month_text.isdigit() else MONTHS.get(month_text.lower())
        if month is None:
            return None
        return _valid(int(match.group("year")), month, int(match.group("day")))
    return None


def _valid(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


@lru_cache(maxsize=4096)
def parse_date_string(text: str) -> date | None:
    """Parse one isolated, absolute date string ("May 03, 2024"): plain shapes directly, the rest
    with dateparser."""
    plain = _plain_date(text)
    if plain is not None:
        return plain
    import dateparser  # heavy import: only when a date needs parsing

    parsed = dateparser.parse(
        text,
        languages=["en"],
        settings={"DATE_ORDER": "MDY", "PREFER_DAY_OF_MONTH": "first", "REQUIRE_PARTS": ["year"]},
    )
    return parsed.date() if parsed else None


# --- reading one date --------------------------------------------------------------------------


@dataclass(frozen=True)
class _Reading:
    """A date read from its words, and the most its reading can be trusted (None: fully)."""

    day: date
    cap: Confidence | None = None


def _read(words: str, text: str | None) -> _Reading | None:
    """The date `words` (a `_FULL` match) state; numeric ones are ordered by the rest of `text`
    (None: not looked at, so an ambiguous order stays ambiguous)."""
    words = re.sub(r"T\d{2}:.*$", "", words)
    numbers = _NUMBERS.fullmatch(words)
    if numbers is None:
        day = _plain_date(words)  # every other shape `_FULL` matches is plain; an invalid day is None
        return _Reading(day) if day else None
    a, b, c = int(numbers["a"]), int(numbers["b"]), int(numbers["c"])
    if len(numbers["a"]) == 4:
        day = _valid(a, b, c)
        return _Reading(day) if day else None
    return _numeric(a, b, c, numbers["sep"], text)


def _numeric(a: int, b: int, year: int, sep: str, text: str | None) -> _Reading | None:
    """`a.b.year` or `a/b/year`: unambiguous when one part is over 12 or both are equal; else the
    order other dates in the text use, else day-first for a dotted date (low confidence)."""
    day_first, month_first = _valid(year, b, a), _valid(year, a, b)
    if day_first is None or month_first is None or a == b:
        found = day_first or month_first
        return _Reading(found) if found else None
    order = _order_in(text, {(b, a): "dmy", (a, b): "mdy"}) if text is not None else None
    if order == "dmy":
        return _Reading(day_first, Confidence.MEDIUM)
    if order == "mdy":
        return _Reading(month_first, Confidence.MEDIUM)
    return _Reading(day_first, Confidence.LOW) if sep == "." else None


def _order_in(text: str, readings: dict[tuple[int, int], str]) -> str | None:
    """The day-month order the text's other dates show: a numeric date with a part over 12, or a
    month named with the same day as one of the two readings ((month, day) -> order)."""
    seen: set[str] = set()
    for match in re.finditer(_NUMERIC, text):
        numbers = _NUMBERS.fullmatch(match.group(0))
        if numbers is None or len(numbers["a"]) == 4:
            continue
        a, b = int(numbers["a"]), int(numbers["b"])
        if a > 12 >= b:
            seen.add("dmy")
        elif b > 12 >= a:
            seen.add("mdy")
    for match in _MONTH_DAY.finditer(text):
        name = (match["month"] or match["month2"]).lower()
        month = MONTHS.get(name.rstrip("."))
        if month is not None:
            key = (month, int(match["day"] or match["day2"]))
            if key in readings:
                seen.add(readings[key])
    return seen.pop() if len(seen) == 1 else None


def _capped(level: Confidence, cap: Confidence | None) -> Confidence:
    return level if cap is None or _ORDER.index(cap) >= _ORDER.index(level) else cap


def _year_for(month: int, day: int, text: str) -> date | None:
    """The year of a yearless month and day: the one every full date of the text within
    `_NEAR_DAYS` of that day agrees on (a date of another year far away says nothing)."""
    years: set[int] = set()
    for match in re.finditer(_FULL, text):
        reading = _read(match.group(0), None)  # an ambiguous numeric date fixes no year
        if reading is None or reading.cap is not None:
            continue
        other = reading.day
        for year in (other.year - 1, other.year, other.year + 1):
            candidate = _valid(year, month, day)
            if candidate and abs(candidate - other) <= timedelta(days=_NEAR_DAYS):
                years.add(year)
    return date(years.pop(), month, day) if len(years) == 1 else None


def _month_day(words: str) -> tuple[int, int] | None:
    match = _MONTH_DAY.search(words)
    if match is None:
        return None
    month = MONTHS.get((match["month"] or match["month2"]).lower().rstrip("."))
    return (month, int(match["day"] or match["day2"])) if month else None


# --- the signals ---------------------------------------------------------------------------------


def _nth_line_end(text: str, count: int) -> int:
    """Where the first `count` lines of the text end."""
    end = -1
    for _ in range(count):
        end = text.find("\n", end + 1)
        if end < 0:
            return len(text)
    return end


def _markers(text: str) -> tuple[DateGuess | None, DateGuess | None]:
    """The first publication marker and the first update stamp, each as a guess."""
    published: DateGuess | None = None
    updated: DateGuess | None = None
    head_end = _nth_line_end(text, _TOP_LINES)
    for match in _MARKER.finditer(text):
        line_start = text.rfind("\n", 0, match.start()) + 1
        line_end = text.find("\n", match.end())
        before = text[line_start : match.start()]
        after = text[match.end() : len(text) if line_end < 0 else line_end].strip()
        capital, colon = match["label"][0].isupper(), match["colon"] is not None
        # A label starts its line or follows a separator, or is a capitalised "Published on:" after a
        # credit; "the report, published on May 3, 2024, found" is a sentence about something else.
        at_start = not before.strip(_MARKUP) or before.rstrip().endswith(("|", "•", "·"))
        if not ((at_start and (capital or colon)) or (capital and colon)):
            continue
        if after and not after.startswith(("|", "•", "·")) and len(after.split()) > _TAIL_WORDS:
            continue
        update = _UPDATE.search(match["label"]) is not None
        if (updated if update else published) is not None or (update and match.start() > head_end):
            continue  # a "Last updated" far below the story is usually the site's, not the article's
        guess = _marker_guess(match, text, update)
        if guess is None:
            continue
        if update:
            updated = guess
        else:
            published = guess
        if published is not None and updated is not None:
            break
    return published, updated


def _marker_guess(match: re.Match[str], text: str, update: bool) -> DateGuess | None:
    words = match.group(0).strip()
    level = Confidence.LOW if update else Confidence.HIGH
    if match["yearless"]:
        month_day = _month_day(match["yearless"])
        found = _year_for(*month_day, text) if month_day else None
        if found is None:
            return None
        return DateGuess(found, PublishedSource.PUBLISHED_MARKER, words, match.start(), Confidence.LOW)
    reading = _read(match["date"], text)
    if reading is None:
        return None
    return DateGuess(reading.day, PublishedSource.PUBLISHED_MARKER, words, match.start(), _capped(level, reading.cap))


def _is_name(who: str) -> bool:
    """Whether a byline's words name people or a desk: capitalised words and a few small ones."""
    words = re.findall(r"[\w’'.\-]+", who)
    return bool(words) and all(w[0].isupper() or w.lower() in _NAME_GLUE for w in words)


def _furniture(line: str) -> bool:
    """Whether a short line is a byline or furniture that carries a date, not a sentence."""
    if len(line.split()) > _SHORT_LINE:
        return False
    byline = _BYLINE.fullmatch(line)
    if byline:
        return _is_name(byline["who"].rstrip(", "))
    parts = [p for p in _SEPARATOR.split(line) if p]
    if len(parts) < 2:
        return False
    dated = [p for p in parts if _STAMP_ONLY.fullmatch(p)]
    others = [p for p in parts if not _STAMP_ONLY.fullmatch(p)]
    return len(dated) == 1 and all(len(p.split()) <= _TAIL_WORDS and not p.endswith(".") for p in others)


@dataclass(frozen=True)
class _Line:
    """A line near the top, its place in the text, and whether the story has begun above it."""

    number: int
    start: int
    text: str
    in_body: bool


def _head(text: str) -> list[_Line]:
    lines: list[_Line] = []
    offset = 0
    in_body = False
    for number, raw in enumerate(text.split("\n")):
        if number >= _TOP_LINES:
            break
        stripped = raw.strip(_MARKUP)
        lead = raw.find(stripped) if stripped else 0
        lines.append(_Line(number, offset + lead, stripped, in_body))
        in_body = in_body or len(raw.split()) >= _LONG_LINE
        offset += len(raw) + 1
    return lines


def _date_lines(text: str) -> int:
    """How many lines of the whole text are a date alone (a timeline's headings)."""
    count = 0
    for raw in text.split("\n"):
        stripped = raw.strip(_MARKUP)
        if stripped and len(stripped) < 60 and any(c.isdigit() for c in stripped) and _LINE.fullmatch(stripped):
            count += 1
    return count


def _line_guess(line: _Line, text: str) -> tuple[DateGuess | None, bool]:
    """A date line or a dateline on this line (and whether it is a weekday page date)."""
    stamp = _LINE.fullmatch(line.text) or (_STAMP_ONLY.search(line.text) if _furniture(line.text) else None)
    if stamp:
        reading = _read(stamp["date"], text)
        if reading is None:
            return None, False
        weekday = _WEEKDAY_START.match(line.text) is not None
        source = PublishedSource.PAGE_DATE if weekday else PublishedSource.DATELINE
        return DateGuess(reading.day, source, line.text, line.start, _capped(CONFIDENCE[source], reading.cap)), weekday
    lead = _LEAD.match(line.text)
    if lead:
        reading = _read(lead["date"] or lead["date2"], text)
        if reading is None:
            return None, False
        words = lead.group(0).strip()
        return DateGuess(reading.day, PublishedSource.DATELINE, words, line.start + lead.group(0).find(words)), False
    return None, False


def _yearless_lead(lines: list[_Line]) -> tuple[_Line, re.Match[str]] | None:
    for line in lines:
        if _LINE.fullmatch(line.text) or _LEAD.match(line.text):
            continue
        match = _YEARLESS_LEAD.match(line.text)
        if match:
            return line, match
    return None


def yearless_dateline(text: str) -> str | None:
    """The words of a dateline or a publication marker near the top that names a day but no year
    ("KARVIK, June 3 (AFP) -", "Posted on: Jul 10")."""
    lines = _head(text)
    found = _yearless_lead(lines)
    if found:
        return found[1].group(0).strip()
    head = text[: _nth_line_end(text, _TOP_LINES)]
    marker = next((m for m in _MARKER.finditer(head) if m["yearless"]), None)
    return marker.group(0).strip() if marker else None


def find_published(text: str) -> DateGuess | None:
    """Best publication date stated in the text, or None (see the module docstring for the order)."""
    published, updated = _markers(text) if re.search(r"(?i)publi|post|updat|modif", text) else (None, None)
    if published is not None:
        return published
    lines = _head(text)
    page_date: DateGuess | None = None
    timeline: bool | None = None
    for line in lines:
        if not line.text or not any(c.isdigit() for c in line.text):
            continue
        guess, weekday = _line_guess(line, text)
        if guess is None:
            continue
        if weekday:
            page_date = page_date or guess
            continue
        if line.in_body and guess.source is PublishedSource.DATELINE and _LINE.fullmatch(line.text):
            timeline = _date_lines(text) > 1 if timeline is None else timeline
            if timeline:
                continue  # a date heading below the story's start, one of several: a timeline
        return guess
    found = _yearless_lead(lines)
    if found:
        line, match = found
        month_day = _month_day(match["md"])
        day = _year_for(*month_day, text) if month_day else None
        if day is not None:
            words = match.group(0).strip()
            start = line.start + match.group(0).find(words)
            return DateGuess(day, PublishedSource.DATELINE, words, start, Confidence.LOW)
    return updated or page_date
