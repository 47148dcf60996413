"""JSON and JSON Lines exports from news APIs, scrapers and feed readers.

A `.json` file holds one article, a list of articles, or an envelope with the list under a usual
key (`articles`, `items`, `results`, `data`, `hits`...). A `.jsonl`/`.ndjson` file holds one
article (or list) per line; a bad line is skipped with its line number and the rest load.
Field names follow the common exports (news-please, NewsAPI, JSON Feed, Event Registry, GDELT
scrapes): matching ignores case, `_` and `-`. Each record keeps its own id (else its position)
and the line where it starts, for evidence.
"""

from __future__ import annotations

import html as html_lib
import json
import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from crosscheck.loader.origin import json_value_span
from crosscheck.loader.record import RANK_CRAWL, RANK_EXPLICIT, RANK_GENERIC, RANK_WEAK, DateCandidate, Draft, as_date
from crosscheck.models import Confidence, LoadFailure, OutletSource, PublishedSource, SourceFormat
from crosscheck.outlets import canonical, outlet_from_url


def _norm(key: str) -> str:
    return re.sub(r"[_\-\s]", "", key.lower())


TEXT_FIELDS = tuple(
    _norm(k)
    for k in (
        "text", "maintext", "body", "content", "content_text", "full_text", "fulltext", "article_text",
        "article", "story", "articleBody", "content_html", "html", "description", "summary", "snippet",
    )
)  # fmt: skip
TITLE_FIELDS = tuple(_norm(k) for k in ("title", "headline", "name"))
URL_FIELDS = tuple(_norm(k) for k in ("url", "link", "canonical_url", "external_url", "webUrl", "uri"))
ID_FIELDS = tuple(_norm(k) for k in ("id", "_id", "uuid", "guid", "article_id", "doc_id", "uri"))
OUTLET_FIELDS = tuple(
    _norm(k)
    for k in (
        "outlet",
        "source",
        "source_name",
        "site_name",
        "sitename",
        "publisher",
        "source_domain",
        "domain",
        "site",
    )
)
AUTHOR_FIELDS = tuple(_norm(k) for k in ("author", "authors", "byline", "creator"))
# (field, rank, confidence): explicit publication fields first; generic dates; modified; crawl dates.
DATE_FIELDS: tuple[tuple[str, int, Confidence], ...] = (
    *(
        (_norm(k), RANK_EXPLICIT, Confidence.HIGH)
        for k in (
            "published", "date_publish", "publishedAt", "published_at", "datePublished", "date_published",
            "publish_date", "publication_date", "pubDate", "pub_date", "publishDate", "first_published",
        )
    ),
    *(
        (_norm(k), RANK_GENERIC, Confidence.MEDIUM)
        for k in ("date", "dateTime", "datetime", "created_at", "dateCreated", "seendate")
    ),
    *(
        (_norm(k), RANK_WEAK, Confidence.LOW)
        for k in ("date_modify", "date_modified", "dateModified", "updated", "updated_at", "modified", "lastModified")
    ),
    *(
        (_norm(k), RANK_CRAWL, Confidence.LOW)
        for k in ("date_download", "crawled", "crawl_date", "date_crawled", "fetched_at", "scraped_at", "retrieved")
    ),
)  # fmt: skip
CONTAINER_FIELDS = tuple(
    _norm(k)
    for k in ("articles", "items", "results", "data", "documents", "docs", "entries", "posts", "stories", "hits",
              "records", "news", "response", "value", "_source")
)  # fmt: skip
_HTML_MARKUP = re.compile(
    r"<(?:p|br|div|span|a|em|strong|h[1-6]|li|ul|ol|blockquote|figure|img)\b[^>]*>", re.IGNORECASE
)
_ENTITY = re.compile(r"&(?:#\d{2,6}|#x[0-9a-fA-F]{2,5}|[a-zA-Z]{2,8});")
_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|[{}]', re.DOTALL)


class _Obj(dict[str, Any]):
    """A JSON object that remembers where it starts in the file."""

    offset: int = 0


@dataclass
class FeedResult:
    """Drafts from one feed file and the records of it that could not be read."""

    drafts: list[Draft]
    failures: list[LoadFailure]


def _fields(obj: dict[str, Any]) -> dict[str, Any]:
    return {_norm(str(k)): v for k, v in obj.items()}


def _first(fields: dict[str, Any], names: tuple[str, ...]) -> tuple[str, Any] | None:
    for name in names:
        value = fields.get(name)
        if value not in (None, "", [], {}):
            return name, value
    return None


def _text_of(value: Any, depth: int = 0) -> str:
    if depth > 8:  # text is never nested deeper than a few levels; deeper is not an article field
        return ""
    if isinstance(value, dict):  # {"text": ...} or {"rendered": "<p>...</p>"} (WordPress)
        inner = _first(_fields(value), (*TEXT_FIELDS, _norm("rendered"), _norm("value")))
        return _text_of(inner[1], depth + 1) if inner else ""
    if isinstance(value, list):
        return "\n\n".join(_text_of(v, depth + 1) for v in value if v)
    return str(value) if isinstance(value, str | int | float) and not isinstance(value, bool) else ""


def fragment_text(markup: str) -> str:
    """Plain text of an HTML fragment (a feed's `content_html`): one paragraph per block element."""
    import lxml.html

    try:
        root = lxml.html.fragment_fromstring(markup, create_parent="div")
    except (ValueError, lxml.etree.ParserError):
        return html_lib.unescape(re.sub(r"<[^>]+>", " ", markup))
    for node in root.iter("br"):
        node.tail = "\n" + (node.tail or "")
    for node in root.iter("p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "figcaption", "tr"):
        node.tail = "\n\n" + (node.tail or "")
    for node in root.iter("script", "style"):
        node.drop_tree()
    text = root.text_content()
    return re.sub(r"\n{3,}", "\n\n", "\n".join(line.strip() for line in text.split("\n"))).strip()


_SHORT_FIELDS = {_norm("description"), _norm("summary"), _norm("snippet")}


def _plain(text: str) -> str:
    if _HTML_MARKUP.search(text):
        return fragment_text(text)
    if _ENTITY.search(text):
        return html_lib.unescape(text)
    return text.strip()


def _inline(text: str) -> str | None:
    """A one-line field (a title) without markup or entities: "<b>Floods</b> &amp; fires" -> "Floods & fires"."""
    plain = html_lib.unescape(re.sub(r"<[^<>]{0,300}>", "", text))
    return " ".join(plain.split()) or None


@dataclass(frozen=True)
class _Body:
    """An article's text, the (normalized) field it was read from, and whether it was HTML."""

    text: str = ""
    field: str | None = None
    markup: bool = False


def _body(fields: dict[str, Any]) -> _Body:
    """The first full-text field; a description or summary only when there is nothing else."""
    fallback = _Body()
    for name in TEXT_FIELDS:
        value = fields.get(name)
        if value in (None, "", [], {}):
            continue
        raw = _text_of(value)
        text = _plain(raw)
        if not text.split():
            continue
        body = _Body(text, name, bool(_HTML_MARKUP.search(raw) or _ENTITY.search(raw)))
        if name not in _SHORT_FIELDS:
            return body
        fallback = fallback if fallback.field else body
    return fallback


def is_article(obj: dict[str, Any]) -> bool:
    """A record with some article text under a known field."""
    return bool(_body(_fields(obj)).text.split())


def _name_of(value: Any) -> str | None:
    if isinstance(value, dict):
        inner = _first(_fields(value), (_norm("name"), _norm("title"), _norm("domain"), _norm("uri"), _norm("id")))
        return _name_of(inner[1]) if inner else None
    if isinstance(value, list):
        names = [n for n in (_name_of(v) for v in value) if n]
        return "; ".join(names) if names else None
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


def _outlet(fields: dict[str, Any], url: str | None) -> tuple[str | None, OutletSource | None]:
    found = _first(fields, OUTLET_FIELDS)
    name = _name_of(found[1]) if found else None
    if name:
        if "://" in name:
            return outlet_from_url(name) or name, OutletSource.JSON_FIELD
        looks_like_domain = "." in name and " " not in name
        if looks_like_domain:
            return outlet_from_url(f"https://{name}") or name, OutletSource.JSON_FIELD
        return canonical(name), OutletSource.JSON_FIELD
    return None, None


def _dates(fields: dict[str, Any]) -> list[DateCandidate]:
    found = []
    for name, rank, confidence in DATE_FIELDS:
        value = fields.get(name)
        day = as_date(value) if value is not None else None
        if day:
            found.append(DateCandidate(day, PublishedSource.JSON_FIELD, rank, name, str(value), confidence))
    return found


def _draft(obj: dict[str, Any], path: str, index: int, line: int, fmt: SourceFormat, encoding: str, text: str) -> Draft:
    """The draft of one record; `text` is the whole file (its evidence is looked up in it from the record on)."""
    raw_fields = {_norm(str(k)): k for k in obj}
    fields = _fields(obj)
    body = _body(fields)
    url_field = _first(fields, URL_FIELDS)
    url = url_field[1] if url_field and isinstance(url_field[1], str) and "://" in url_field[1] else None
    id_field = _first(fields, ID_FIELDS)
    record = str(id_field[1]) if id_field and isinstance(id_field[1], str | int) else str(index)
    outlet, outlet_source = _outlet(fields, url)
    title = _first(fields, TITLE_FIELDS)
    author = _first(fields, AUTHOR_FIELDS)
    dates = [
        DateCandidate(c.published, c.source, c.rank, raw_fields.get(c.field or "", c.field), c.text, c.confidence)
        for c in _dates(fields)
    ]
    key = raw_fields.get(body.field or "")
    return Draft(
        path=path,
        text=body.text,
        format=fmt,
        encoding=encoding,
        record=record[:200],
        text_line=line,
        span=json_value_span(text, getattr(obj, "offset", 0), str(key)) if key is not None else None,
        markup=body.markup,
        title=_inline(_text_of(title[1])) if title else None,
        outlet=outlet,
        outlet_source=outlet_source,
        author=_name_of(author[1]) if author else None,
        url=url,
        dates=dates,
    )


def _with_parent_id(inner: dict[str, Any], parent: dict[str, Any]) -> dict[str, Any]:
    """An Elasticsearch hit's `_source` keeps the hit's `_id` (and where the hit starts)."""
    parent_id = _first(_fields(parent), ID_FIELDS)
    if parent_id is None or _first(_fields(inner), ID_FIELDS) is not None:
        return inner
    merged = _Obj({"_id": parent_id[1], **inner})
    merged.offset = getattr(parent, "offset", getattr(inner, "offset", 0))
    return merged


def _records(value: Any, depth: int = 0) -> Iterator[tuple[dict[str, Any], bool]]:
    """(object, has article text) for the records in a parsed JSON value, in document order.

    Articles anywhere (an envelope's list before its own fields); objects of a list that hold no
    text are yielded as not articles, so the caller can report them with their line."""
    if depth > 8:
        return
    if isinstance(value, list):
        for item in value:
            inner = list(_records(item, depth + 1))
            if inner:
                yield from inner
            elif isinstance(item, dict):
                yield item, False
    elif isinstance(value, dict):
        fields = _fields(value)
        for name in CONTAINER_FIELDS:
            container = fields.get(name)
            if isinstance(container, list | dict):
                inner = [(obj, ok) for obj, ok in _records(container, depth + 1)]
                if any(ok for _obj, ok in inner):
                    if isinstance(container, dict):
                        inner = [(_with_parent_id(obj, value), ok) for obj, ok in inner]
                    yield from inner
                    return
        if is_article(value):
            yield value, True


def _object_starts(text: str) -> list[int]:
    """Start offsets of JSON objects in the order their parsing completes (innermost first)."""
    starts: list[int] = []
    stack: list[int] = []
    for match in _TOKENS.finditer(text):
        token = match.group(0)
        if token == "{":
            stack.append(match.start())
        elif token == "}" and stack:
            starts.append(stack.pop())
    return starts


def _line_finder(text: str) -> Any:
    newlines = [m.start() for m in re.finditer("\n", text)]
    return lambda offset: bisect_right(newlines, offset - 1) + 1


def _int(digits: str) -> int | str:
    """A JSON integer; one too long for Python's int parsing limit stays text (no article field is one)."""
    return int(digits) if len(digits) < 4000 else digits


def _located(text: str, shift: int = 0) -> Any:
    """json.loads where every object knows its start offset (plus `shift`: where `text` is in the file)."""
    starts = iter(_object_starts(text))

    def hook(pairs: list[tuple[str, Any]]) -> _Obj:
        obj = _Obj(pairs)
        obj.offset = next(starts, 0) + shift
        return obj

    return json.loads(text, object_pairs_hook=hook, parse_int=_int)


def _json_error(exc: json.JSONDecodeError) -> str:
    return f"invalid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"


def _located_values(text: str) -> list[Any]:
    """Every JSON value in `text`, one after another (`jq '.[]'` output, pretty-printed or not)."""
    starts = iter(_object_starts(text))

    def hook(pairs: list[tuple[str, Any]]) -> _Obj:
        obj = _Obj(pairs)
        obj.offset = next(starts, 0)
        return obj

    decoder = json.JSONDecoder(object_pairs_hook=hook, parse_int=_int)
    values: list[Any] = []
    position = 0
    while True:
        while position < len(text) and text[position] in " \t\r\n":
            position += 1
        if position >= len(text):
            return values
        value, position = decoder.raw_decode(text, position)
        values.append(value)


def parse_json(text: str, path: str, encoding: str) -> FeedResult:
    """A `.json` file: one article, a list, an envelope, or several such values one after another.

    Falls back to JSON Lines (a bad line skipped, the rest kept) when the values do not parse."""
    try:
        data: Any = _located(text)
    except json.JSONDecodeError as exc:
        if exc.msg != "Extra data":
            raise ValueError(_json_error(exc)) from None
        try:
            data = _located_values(text)
        except (json.JSONDecodeError, RecursionError):
            return parse_jsonl(text, path, encoding)
    except RecursionError:
        raise ValueError("invalid JSON: nested too deeply") from None
    line_of = _line_finder(text)
    records = list(_records(data))
    drafts = [
        _draft(obj, path, index, line_of(getattr(obj, "offset", 0)), SourceFormat.JSON, encoding, text)
        for index, (obj, _ok) in enumerate(records, start=1)
        if _ok
    ]
    if not drafts:
        raise ValueError("no article records in this JSON (expected a text/content/body field)")
    failures = [
        LoadFailure(
            path=path, line=line_of(getattr(obj, "offset", 0)), reason="no article text (text/content/body field)"
        )
        for obj, ok in records
        if not ok
    ]
    return FeedResult(drafts, failures)


def parse_jsonl(text: str, path: str, encoding: str) -> FeedResult:
    """A `.jsonl`/`.ndjson` file: one record per line; a bad line is a failure, the rest load."""
    drafts: list[Draft] = []
    failures: list[LoadFailure] = []
    index = 0
    start = 0  # where the line starts in the file
    for number, line in enumerate(text.split("\n"), start=1):
        start, line_start = start + len(line) + 1, start
        if not line.strip():
            continue
        try:
            data = _located(line, line_start)
        except json.JSONDecodeError as exc:
            failures.append(LoadFailure(path=path, line=number, reason=f"invalid JSON: {exc.msg} (column {exc.colno})"))
            continue
        except RecursionError:
            failures.append(LoadFailure(path=path, line=number, reason="invalid JSON: nested too deeply"))
            continue
        found = [obj for obj, ok in _records(data) if ok]
        if not found:
            failures.append(LoadFailure(path=path, line=number, reason="no article text (text/content/body field)"))
        for obj in found:
            index += 1
            drafts.append(_draft(obj, path, index, number, SourceFormat.JSONL, encoding, text))
    if not drafts and not failures:
        raise ValueError("no article records in this JSON Lines file")
    return FeedResult(drafts, failures)
