"""Typed, immutable records that pass between the pipeline stages.

These models are the contract: the JSON report is their serialization and `crosscheck schema`
prints the JSON Schema generated from them. Field names listed in README are fixed; new fields
may be added.
"""

from __future__ import annotations

from bisect import bisect_right
from datetime import date
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

SCHEMA_VERSION = 1


class Record(BaseModel):
    """Base for every record: frozen and strict about unknown fields."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class PublishedSource(StrEnum):
    """Where a source's publication date came from (most trusted first within each input format)."""

    FRONTMATTER = "frontmatter"
    JSON_FIELD = "json:field"
    HTML_JSON_LD = "html:json-ld"
    HTML_META = "html:meta"
    HTML_TIME = "html:time"
    HTML_URL = "html:url"
    HTML_BODY = "html:body"
    PUBLISHED_MARKER = "text:published-marker"
    DATELINE = "text:dateline"
    PAGE_DATE = "text:page-date"
    OPTION = "option"


class Confidence(StrEnum):
    """How sure a source's publication date is.

    high: an explicit publication field or marker; medium: a dateline, a date in the URL, a
    generic `date` field; low: a date printed on every page, a modified or crawl date, a date
    found in the page body, or --published."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class SourceFormat(StrEnum):
    """The input format a source was read from."""

    TEXT = "text"
    MARKDOWN = "markdown"
    HTML = "html"
    JSON = "json"
    JSONL = "jsonl"


class OutletSource(StrEnum):
    """Where a source's outlet name came from."""

    FRONTMATTER = "frontmatter"
    JSON_FIELD = "json:field"
    HTML_SITE_NAME = "html:site-name"
    URL_DOMAIN = "url:domain"
    TEXT_CREDIT = "text:credit"


class DerivationKind(StrEnum):
    """Why a source is taken to derive from another source or outlet."""

    NEAR_DUPLICATE = "near-duplicate"
    CREDIT = "credit"


class Derivation(Record):
    """One link from a source to what it reprints or credits."""

    kind: DerivationKind
    source: str | None = Field(default=None, description="Id of the source in this run it derives from, if any.")
    outlet: str | None = Field(default=None, description="Outlet it credits or reprints, if known.")
    evidence: str = Field(description="The credit as written, or the shared-text measure.")
    containment: float | None = Field(
        default=None, description="Share of this source's word 5-grams found in the other source (near-duplicates)."
    )


# One anchor of `Source.text_map`: (offset in the text, line, column, exact).
Anchor = tuple[int, int, int, bool]


class Origin(Record):
    """Where a claim's words are in the input file: enough to open the file at them, with nothing else."""

    path: str = Field(description="The file, as given on the command line or found in a folder (like `Source.path`).")
    record: str | None = Field(
        default=None, description="Record within a JSON/JSONL file: its own id field, else its 1-based position."
    )
    record_line: int | None = Field(
        default=None, description="Line of a JSON/JSONL file where the record starts (null for other formats)."
    )
    line: int = Field(description="1-based line of the file where the claim's words start.")
    column: int = Field(
        description="1-based column of their first character on that line, counted in characters (Unicode code "
        "points) of the decoded file: a tab, an HTML entity's `&` or a JSON escape's backslash counts as one."
    )
    end_line: int = Field(description="1-based line of the file where the claim's words end.")
    end_column: int = Field(
        description="1-based column just after their last character (exclusive end, as SARIF's endColumn)."
    )
    exact: bool = Field(
        description="Whether every word of the claim was found in the file. False when the input's reader rewrote "
        "them (HTML extraction, for one): the location is then that of the nearest words that were found."
    )


_ORIGIN_FIELDS = set(Origin.model_fields)


class Source(Record):
    """One article, loaded and dated."""

    id: str = Field(description="Stable id within one run: s1, s2, ... in path (then record) order.")
    path: str
    record: str | None = Field(
        default=None, description="Record within a JSON/JSONL file: its own id field, else its 1-based position."
    )
    format: SourceFormat = SourceFormat.TEXT
    encoding: str = Field(default="utf-8", description="Encoding the file was decoded from.")
    title: str | None = None
    outlet: str | None = None
    outlet_source: OutletSource | None = None
    author: str | None = None
    url: str | None = None
    published: date | None = None
    published_source: PublishedSource | None = None
    published_field: str | None = Field(
        default=None, description="The metadata field the date was read from (JSON key, meta name, JSON-LD key)."
    )
    published_confidence: Confidence | None = None
    published_text: str | None = Field(default=None, description="The exact words the date was read from.")
    words: int
    text: str = Field(description="The article text; claim offsets index into it.")
    text_line: int = Field(
        default=1,
        description="Line of the file where `text` starts (after front matter), or where the JSON record starts.",
    )
    text_map: list[Anchor] = Field(
        default_factory=list,
        description="Where `text` is in the file: anchors [offset in `text`, line, column, exact], by offset. From "
        "an anchor on, the text runs on in the file character for character from that line and column, each "
        "newline of the text starting the next line at column 1, until the next anchor. Lines and columns are "
        "1-based, columns in characters of the decoded file; `exact` is false where the words were not found in "
        "the file (the place is then that of the nearest words that were). Empty: `text` starts at `text_line`.",
    )
    derived_from: list[Derivation] = Field(
        default_factory=list, description="What this source reprints or credits (wire copy, near-duplicates)."
    )
    cluster: str | None = Field(
        default=None, description="Derivation cluster: sources sharing it count as one independent source."
    )

    def position(self, offset: int) -> tuple[int, int]:
        """(line, column) in the file of the character at `offset` of `text`, read off `text_map`."""
        anchors = self._anchors()
        return _position(self.text, anchors, _governing(anchors, offset), offset)

    def origin_of(self, start: int, end: int) -> Origin:
        """Where `text[start:end]` is in the file."""
        anchors = self._anchors()
        last_char = max(end - 1, start)
        first = _governing(anchors, start)
        line, column = _position(self.text, anchors, first, start)
        if first + 1 == len(anchors) or anchors[first + 1][0] > last_char:  # one stretch: count on from the start
            last = first
            newlines = self.text.count("\n", start, last_char)
            end_line = line + newlines
            end_column = (
                (column + last_char - start) if not newlines else last_char - self.text.rfind("\n", 0, last_char)
            )
        else:
            last = _governing(anchors, last_char)
            end_line, end_column = _position(self.text, anchors, last, last_char)
        end_column += 1
        # The last character may be written as several in the file (an entity, an escape): an anchor
        # right after it, on the same line, says where the next character starts.
        if last + 1 < len(anchors) and anchors[last + 1][0] == end:
            _offset, after_line, after_column, _exact = anchors[last + 1]
            if after_line == end_line and end_column < after_column <= end_column + 16:
                end_column = after_column
        # Words the file does not hold are placed near found ones, which may lie before the start.
        end_line, end_column = max((end_line, end_column), (line, column + 1))
        # Built without validation (the values are this method's own ints) and sharing one fields set: an
        # origin per claim, 128,000 for 10,000 articles, costs a third of the memory that way.
        return Origin.model_construct(
            _ORIGIN_FIELDS,
            path=self.path,
            record=self.record,
            record_line=self.text_line if self.format in (SourceFormat.JSON, SourceFormat.JSONL) else None,
            line=line,
            column=column,
            end_line=end_line,
            end_column=end_column,
            exact=all(anchor[3] for anchor in anchors[first : last + 1]),
        )

    def _anchors(self) -> list[Anchor]:
        return self.text_map or [(0, self.text_line, 1, False)]


def _governing(anchors: list[Anchor], offset: int) -> int:
    """Index of the anchor `offset` runs on from: the last at or before it (the first, before any)."""
    return max(bisect_right(anchors, offset, key=lambda anchor: anchor[0]) - 1, 0)


def _position(text: str, anchors: list[Anchor], index: int, offset: int) -> tuple[int, int]:
    start, line, column, _exact = anchors[index]
    if offset <= start:
        return line, column
    newlines = text.count("\n", start, offset)
    if not newlines:
        return line, column + offset - start
    return line + newlines, offset - text.rfind("\n", start, offset)


class LoadFailure(Record):
    """A path (or one record of a feed file) that could not be read: reported, never fatal to the run."""

    path: str
    reason: str
    line: int | None = Field(default=None, description="Line of a feed file where the bad record starts.")


class ClaimKind(StrEnum):
    """What sort of fact a claim states."""

    COUNT = "count"
    MONEY = "money"
    DISTANCE = "distance"
    DURATION = "duration"
    PERCENT = "percent"
    DATE = "date"
    TITLE = "title"
    PLACE = "place"
    QUOTE = "quote"
    TIME = "time"
    MEASURE = "measure"
    AGE = "age"
    NAME = "name"


NUMERIC_KINDS = frozenset({ClaimKind.COUNT, ClaimKind.MONEY, ClaimKind.DISTANCE, ClaimKind.DURATION, ClaimKind.PERCENT})


class Modality(StrEnum):
    """How the source presents the claim."""

    REPORTED = "reported"
    ESTIMATE = "estimate"
    PLAN = "plan"
    DENIAL = "denial"
    QUOTED = "quoted"


class Subject(Record):
    """What a claim is about; `key` groups claims across sources, `label` is for people."""

    key: str
    label: str


class Quantity(Record):
    """An interval for counts, money, distances, durations, percentages, measures and ages.

    `low`/`high` are None for open ends ("more than 500" has no high).
    """

    kind: Literal["quantity"] = "quantity"
    low: float | None = Field(description="Lower bound, or null for an open end ('less than 5').")
    high: float | None = Field(description="Upper bound, or null for an open end ('more than 500').")
    low_inclusive: bool = Field(default=True, description="Whether `low` itself is included ('more than' is not).")
    high_inclusive: bool = Field(default=True, description="Whether `high` itself is included ('under' is not).")
    unit: str = Field(
        description="Canonical unit: item, km, day, percent, or an ISO currency code; for measures one unit per "
        "dimension (magnitude, km/h, celsius, km2, point, m, kg ...), values in other units converted to it; "
        "year for ages."
    )
    approx: bool = Field(default=False, description="Whether the source hedged or rounded the figure.")
    hedge: str | None = Field(default=None, description="The hedge words as written, e.g. 'around'.")
    original: str | None = Field(default=None, description="Value and unit as written when converted.")


class DateValue(Record):
    """A date or date range with its granularity; relative dates keep their anchor."""

    kind: Literal["date"] = "date"
    start: date | None
    end: date | None
    granularity: Literal["day", "week", "month", "year", "decade", "unknown"]
    relative: bool = False
    anchor: date | None = Field(default=None, description="Publication date a relative date was resolved against.")
    anchor_source: str | None = Field(
        default=None,
        description="Id of the source whose publication date served as `anchor` when the claim's own source is "
        "undated and the date was resolved against the run's dates (a warning names it); null when the anchor is "
        "the claim's own source's date, or when there is no anchor.",
    )
    since: bool = Field(default=False, description="'since 2014': the state holds from start onwards.")


class TitleValue(Record):
    """A person and the title a source gives them."""

    kind: Literal["title"] = "title"
    person: str
    title: str = Field(description="Normalized title, e.g. 'US Secretary of Defense'.")
    title_text: str = Field(description="The title as written.")


class PlaceValue(Record):
    """Where an entity is: a named place, or a position relative to another entity."""

    kind: Literal["place"] = "place"
    entity: str
    place: str
    relation: str = Field(description="in, at, near, next to, same site, distance ...")
    distance_km_low: float | None = None
    distance_km_high: float | None = None


class QuoteValue(Record):
    """Words a source puts in someone's mouth."""

    kind: Literal["quote"] = "quote"
    speaker: str
    quote: str


_Day = date  # `TimeValue.date` would hide the type within its class

_CLOCK = r"^(?:[01]\d|2[0-3]):[0-5]\d$"


class TimeValue(Record):
    """A time of day, as a window: exact times are a window of one minute's width (start = end)."""

    kind: Literal["time"] = "time"
    start: str = Field(
        pattern=_CLOCK, description="Start of the window, 24-hour HH:MM ('just after 9 a.m.' starts at 09:00)."
    )
    end: str = Field(
        pattern=_CLOCK,
        description="End of the window, 24-hour HH:MM (equal to `start` for an exact time; 'around 6:30 p.m.' is "
        "18:15-18:45). A window past midnight ends before it starts.",
    )
    zone: str | None = Field(
        default=None,
        description="The time zone as written and normalized: 'GMT', 'UTC', 'local', 'IST', 'UTC+05:30'; null when "
        "none is stated (the article's own local time, by default).",
    )
    date: _Day | None = Field(default=None, description="The day the time is on, when stated or resolved.")
    hedge: str | None = Field(default=None, description="The hedge words as written, e.g. 'just after', 'around'.")
    half_day_unknown: bool = Field(
        default=False,
        description="'at 6:30' with no a.m./p.m., 24-hour form or part of the day: the time may as well be 12 hours "
        "later, and is compared both ways.",
    )


class NameValue(Record):
    """The person who holds a role, as a source names them ('the captain, Ana Ruiz')."""

    kind: Literal["name"] = "name"
    role: str = Field(description="Normalized role, lower case, e.g. 'captain', 'governor of alpha province'.")
    person: str = Field(description="The person's name as written (titles and honorifics left out).")
    role_text: str | None = Field(default=None, description="The role as written, when it differs from `role`.")



class FrameTime(Record):
    """When a claim holds, relative to the event the article reports."""

    relation: Literal["event", "as_of", "since", "earlier", "by"] = Field(
        description="event: this event (the default); as_of: a figure as it stood at a time ('as of Monday'); "
        "since: from a time onwards; earlier: an earlier dated event ('the 1999 quake', 'in 2010'); "
        "by: a deadline or plan ('by the end of 2031')."
    )
    text: str | None = Field(default=None, description="The words that say so, as written.")
    year: int | None = Field(default=None, description="The year they name, when they name one.")


class Frame(Record):
    """What a claim says happened, to what, where and when: the slots claims are aligned on.

    Built from the sentence's parse with the lexicons in `lexicons/frames.yaml` (their ids are in the
    claim's `rule`). A slot is null when the sentence does not say; `subject` stays for display."""

    predicate: str | None = Field(
        default=None, description="Lemma of what happened to or with what is counted: 'die', 'evacuate', 'aboard'."
    )
    predicate_class: str | None = Field(
        default=None,
        description="Synonym class of the predicate from the frames lexicon: die = kill = dead = lives lost -> "
        "'killed'. Null when the lexicon has no class for it (the lemma is still kept).",
    )
    degree: str | None = Field(default=None, description="A degree the source states: 'seriously' injured.")
    theme: str | None = Field(
        default=None, description="Lemma of the head noun of what is counted or measured: 'passenger', 'job'."
    )
    theme_class: str | None = Field(
        default=None, description="Synonym class of the theme (job = worker = employee -> 'workers'), when known."
    )
    modifiers: list[str] = Field(
        default_factory=list,
        description="What narrows the theme, lower case: a nationality or demonym, a role, a sub-group "
        "('peruvian', 'white-collar', 'foreign').",
    )
    holder: str | None = Field(
        default=None, description="Whose share, vote, statement or role it is, when the sentence names them."
    )
    place: str | None = Field(
        default=None,
        description="Where, as the sentence (or the head of its list) names it: a country, region, city or site. "
        "Never guessed for the whole article.",
    )
    place_level: Literal["country", "region", "city", "site"] | None = None
    time: FrameTime | None = Field(default=None, description="When; null means this event, as reported.")
    part: str | None = Field(
        default=None,
        description="How the claim is a part of a larger one: 'item' (of a list), 'including', 'of whom', "
        "'another', 'others', 'some of' (a partitive), or null.",
    )
    part_of: str | None = Field(
        default=None, description="Id of the claim in the same sentence this one is a part of, when there is one."
    )


EMPTY_FRAME = Frame()

ClaimValue = Annotated[
    Quantity | DateValue | TitleValue | PlaceValue | QuoteValue | TimeValue | NameValue, Field(discriminator="kind")
]


class Claim(Record):
    """One normalized claim with its evidence."""

    id: str
    source: str = Field(description="Source id.")
    kind: ClaimKind
    subject: Subject
    value: ClaimValue
    text: str = Field(description="The exact words in the article.")
    sentence: str
    start: int = Field(description="Character offset of `text` in the source text.")
    end: int
    attribution: str | None = None
    modality: Modality = Modality.REPORTED
    as_of: str | None = Field(default=None, description="A time qualifier such as 'as of last year'.")
    rule: str = Field(description="Id of the extraction rule (and hedge rule) that produced the claim.")
    frame: Frame = Field(
        default_factory=lambda: EMPTY_FRAME,
        description="The claim's slots (predicate, theme, place, time, part_of) that claims are aligned on.",
    )
    origin: Origin | None = Field(
        default=None,
        description="Where `text` is in the input file (path, record, line and column), so that one claim read "
        "alone can be traced. Filled in from the source when the report is assembled; null only for a claim "
        "whose source is not in the report.",
    )


class GroupStatus(StrEnum):
    """Whether the sources agree about a subject."""

    AGREE = "agree"
    CONFLICT = "conflict"
    SINGLE = "single"


class Severity(StrEnum):
    """How serious a conflict is."""

    MAJOR = "major"
    MINOR = "minor"


class Position(Record):
    """One value a group's sources state, and who states it: a conflict is between positions."""

    label: str = Field(description="The value as the report shows it, e.g. '~60 (54-66)'.")
    claims: list[str] = Field(description="Ids of the claims that state it.")
    sources: list[str] = Field(description="Ids of the sources that state it.")
    independent_sources: int = Field(description="How many independent origins those sources have.")


class Group(Record):
    """Claims about one subject, across sources, with a verdict."""

    id: str
    kind: ClaimKind
    subject: Subject
    status: GroupStatus
    severity: Severity | None = None
    claims: list[str]
    sources: list[str]
    independent_sources: int = Field(
        description="How many independent origins the claims come from: reprints of one wire story count once."
    )
    explanation: str
    positions: list[Position] = Field(
        default_factory=list,
        description="The distinct values stated and who states each: one for an agreement or a single source, "
        "two or more for a conflict.",
    )


class Warning_(Record):
    """Something the user should know about the run (undated source, unresolved date...)."""

    model_config = ConfigDict(frozen=True, extra="forbid", title="Warning")

    code: str
    message: str
    source: str | None = None
    path: str | None = None


class Report(Record):
    """The whole result of `crosscheck report`."""

    crosscheck: str
    schema_version: int = SCHEMA_VERSION
    sources: list[Source]
    claims: list[Claim]
    groups: list[Group]
    warnings: list[Warning_]
    skipped: list[LoadFailure] = Field(default_factory=list)

    @model_validator(mode="after")
    def _trace_claims(self) -> Report:
        """Give every claim that has none the origin of its words in its source's file.

        Set in place, as `work.renumber` relabels: the claims are this report's own, and a copy of each
        (128,000 for 10,000 articles) would cost memory for nothing; an origin depends only on the claim's
        source and offsets, so it is the same in any report that holds both."""
        missing = [claim for claim in self.claims if claim.origin is None]
        if missing:
            sources = {source.id: source for source in self.sources}
            for claim in missing:
                source = sources.get(claim.source)
                if source is not None:
                    claim.__dict__["origin"] = source.origin_of(claim.start, claim.end)
                    claim.__pydantic_fields_set__.add("origin")
        return self
