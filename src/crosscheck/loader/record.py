"""What every input format fills in (`Draft`), and how a draft becomes a dated `Source`.

Each format parser (text, HTML, JSON feeds) produces drafts with the metadata it found and the
publication-date candidates it saw. `finish` adds the dates the text itself states, picks the
most trusted candidate (a crawl or modified date never beats a real publication signal), fills
the outlet from the URL or a credit line when no metadata named it, and counts words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from crosscheck.loader.dating import CONFIDENCE, find_published, parse_date_string
from crosscheck.loader.origin import FileText, trace
from crosscheck.models import Confidence, OutletSource, PublishedSource, Source, SourceFormat
from crosscheck.outlets import outlet_from_text, outlet_from_url
from crosscheck.settings import Settings

_WORD = re.compile(r"\w+(?:[’'\-.]\w+)*")
_LIST_MARK = re.compile(r"^\s*(?:\d+[.)]|[-*•#]+)\s+")

# Lower ranks win. An explicit publication field beats what the text says; the text's own
# dateline beats a URL date; --published fills in before the weak signals (modified and crawl
# dates, a weekday date printed on every page, a date found somewhere in a page's body).
RANK_EXPLICIT = 10
RANK_MARKER = 20
RANK_TIME = 30
RANK_DATELINE = 40
RANK_GENERIC = 45
RANK_OPTION = 50
RANK_WEAK = 60
RANK_CRAWL = 70

_TEXT_RANKS = {
    PublishedSource.PUBLISHED_MARKER: RANK_MARKER,
    PublishedSource.DATELINE: RANK_DATELINE,
    PublishedSource.PAGE_DATE: RANK_WEAK,
}


@dataclass(frozen=True)
class DateCandidate:
    """A publication date some signal offers, how much to trust it, and the words it came from."""

    published: date
    source: PublishedSource
    rank: int
    field: str | None = None
    text: str | None = None
    confidence: Confidence | None = None


@dataclass
class Draft:
    """A source before numbering: text, metadata found by the format parser, date candidates."""

    path: str
    text: str
    format: SourceFormat
    encoding: str = "utf-8"
    record: str | None = None
    text_line: int = 1
    title: str | None = None
    outlet: str | None = None
    outlet_source: OutletSource | None = None
    author: str | None = None
    url: str | None = None
    dates: list[DateCandidate] = field(default_factory=list)
    # Where the text was read from, to point evidence into the file: the decoded input (shared by its
    # drafts), the part of it holding the text (default: from `text_line` on), and whether that part
    # is HTML markup (default: for the HTML format).
    file: FileText | None = None
    span: tuple[int, int] | None = None
    markup: bool | None = None


def as_date(value: object) -> date | None:
    """A date from a YAML/JSON value: a date, a datetime, an ISO or free-form string, or epoch seconds."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float) and 0 < value < 1e13:
        seconds = value / 1000 if value > 1e11 else value  # epoch milliseconds
        try:
            return datetime.fromtimestamp(seconds, tz=UTC).date()
        except (OverflowError, OSError, ValueError):
            return None
    if isinstance(value, str) and value.strip() and len(value) < 80:
        text = value.strip()
        iso = re.match(r"(\d{4})-(\d{2})-(\d{2})(?:[T ]|$)", text)
        if iso:
            try:
                return date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
            except ValueError:
                return None
        return parse_date_string(text)
    return None


def guess_title(text: str) -> str | None:
    """First headline-like line near the top: a few words, not a sentence, not a date or a crumb."""
    for line in text.split("\n")[:20]:
        candidate = _LIST_MARK.sub("", line).strip()
        words = candidate.split()
        if len(words) < 4 or len(words) > 30 or (candidate.endswith((".", ":", "?", "!")) and len(words) > 25):
            continue
        if candidate.endswith(":") or find_published(candidate):
            continue
        if candidate.endswith(".") and len(words) > 12:
            continue
        return candidate
    return None


def _clean(value: str | None, limit: int = 300) -> str | None:
    if value is None:
        return None
    value = " ".join(str(value).split())
    return value[:limit] or None


def finish(draft: Draft, settings: Settings) -> Source:
    """Turn a draft into a `Source` (id assigned later, in path order)."""
    text = draft.text.replace("\r\n", "\n").replace("\r", "\n")
    candidates = list(draft.dates)
    guess = find_published(text)
    if guess:
        # A low-confidence reading (an update stamp, a yearless dateline, an ambiguous numeric date)
        # ranks with the weak signals, after --published.
        rank = RANK_WEAK if guess.confidence is Confidence.LOW else _TEXT_RANKS[guess.source]
        candidates.append(DateCandidate(guess.published, guess.source, rank, None, guess.text, guess.confidence))
    if settings.published is not None:
        candidates.append(DateCandidate(settings.published, PublishedSource.OPTION, RANK_OPTION))
    best = min(candidates, key=lambda c: c.rank) if candidates else None
    outlet, outlet_source = _clean(draft.outlet), draft.outlet_source
    if outlet is None and draft.url:
        outlet, outlet_source = outlet_from_url(draft.url), OutletSource.URL_DOMAIN
    if outlet is None:
        credit = outlet_from_text(text)
        if credit:
            outlet, outlet_source = credit, OutletSource.TEXT_CREDIT
    return Source(
        id="",
        path=draft.path,
        record=draft.record,
        format=draft.format,
        encoding=draft.encoding,
        title=_clean(draft.title) or guess_title(text),
        outlet=outlet,
        outlet_source=outlet_source if outlet else None,
        author=_clean(draft.author),
        url=_clean(draft.url, 2000),
        published=best.published if best else None,
        published_source=best.source if best else None,
        published_field=best.field if best else None,
        published_confidence=(best.confidence or CONFIDENCE[best.source]) if best else None,
        published_text=_clean(best.text) if best else None,
        words=len(_WORD.findall(text)),
        text=text,
        text_line=draft.text_line,
        text_map=trace(text, draft.file, draft.format, draft.text_line, draft.span, draft.markup),
    )
