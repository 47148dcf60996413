"""Find an article's publication date in its text.

Order of trust: an explicit publication marker ("Published on: May 03, 2024 13:14 IST") beats a
dateline near the top (a line "May 03, 2024 04:50 IST", or a lead "WASHINGTON, May 3, 2024 —"), which beats a page date
with a weekday ("Wednesday, June 19, 2024") that many sites print on every page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from crosscheck.models import Confidence, PublishedSource

_MONTHS = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_WEEKDAY = r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"
# "May 03, 2024", "3 May 2024", "2024-05-03", "03/05/2024" is left out: its order is ambiguous.
DATE_PATTERN = (
    rf"(?:{_MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTHS},?\s+\d{{4}}"
    r"|\d{4}-\d{2}-\d{2})"
)
_TIME = r"(?:\s*(?:at\s+)?\d{1,2}[:.]\d{2}(?:\s*[AaPp]\.?[Mm]\.?)?(?:\s*[A-Z]{2,5})?)?"
_MARKER = re.compile(
    rf"\b(?:published|posted|first published|publication date|date published)\s*(?:on|at)?\s*[:\-–]?\s*"
    rf"(?:{_WEEKDAY},?\s+)?(?P<date>{DATE_PATTERN}){_TIME}",
    re.IGNORECASE,
)
_LINE = re.compile(rf"^\s*(?P<weekday>{_WEEKDAY},?\s+)?(?P<date>{DATE_PATTERN}){_TIME}\s*(?:\|.*)?$")
# A story's lead dateline: "WASHINGTON, May 3, 2024 —", "LAGOS, Nigeria, 3 May 2024 (Reuters) -".
_LEAD = re.compile(
    rf"^\s*[A-Z][A-Za-z.'\- ]{{1,40}}(?:,\s*[A-Z][A-Za-z.' ]{{1,30}})?(?:\s*\([^)\n]{{1,40}}\))?,\s*"
    rf"(?P<date>{DATE_PATTERN})\s*(?:\([^)\n]{{1,40}}\)\s*)?[—–:-]"
)
_TOP_LINES = 15


@dataclass(frozen=True)
class DateGuess:
    """A publication date found in the text, with where it came from and the exact words."""

    published: date
    source: PublishedSource
    text: str
    start: int

    @property
    def confidence(self) -> Confidence:
        """A marker is explicit; a dateline is usually right; a weekday page date is often the crawl day."""
        return CONFIDENCE[self.source]


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
    re.compile(r"(?i)(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?P<month>[a-z]+)\.?,?\s+(?P<year>\d{4})"),
    re.compile(r"(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})"),
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
        try:
            return date(int(match.group("year")), month, int(match.group("day")))
        except ValueError:
            return None
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


def find_published(text: str) -> DateGuess | None:
    """Best publication date stated in the text, or None."""
    for match in _MARKER.finditer(text):
        parsed = parse_date_string(match.group("date"))
        if parsed:
            return DateGuess(parsed, PublishedSource.PUBLISHED_MARKER, match.group(0).strip(), match.start())
    page_date: DateGuess | None = None
    offset = 0
    for number, line in enumerate(text.split("\n")):
        if number >= _TOP_LINES:
            break
        line_match = _LINE.match(line)
        if line_match:
            parsed = parse_date_string(line_match.group("date"))
            if parsed:
                start = offset + line_match.start("date")
                if not line_match.group("weekday"):
                    return DateGuess(parsed, PublishedSource.DATELINE, line.strip(), start)
                page_date = page_date or DateGuess(parsed, PublishedSource.PAGE_DATE, line.strip(), start)
        elif lead := _LEAD.match(line):
            parsed = parse_date_string(lead.group("date"))
            if parsed:
                return DateGuess(parsed, PublishedSource.DATELINE, lead.group(0).strip(), offset + lead.start("date"))
        offset += len(line) + 1
    return page_date
