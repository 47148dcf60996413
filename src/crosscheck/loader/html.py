"""Saved web pages: main text and metadata with trafilatura, the original publication date with htmldate.

trafilatura drops navigation, footers and comments and gives title, site name, author and URL.
For the date, every header signal is read with where it came from (JSON-LD `datePublished`, a
`<meta>` publication tag, a `<time>` element, the URL), so the report can say which field it
trusted; htmldate (asked for the original date, not the last-modified one) is the fallback and
the cross-check. A modified date is never taken while a publication date exists.
"""

from __future__ import annotations

import html as html_lib
import json
import re
from collections.abc import Iterator
from typing import Any

from crosscheck.loader.record import (
    RANK_EXPLICIT,
    RANK_GENERIC,
    RANK_TIME,
    RANK_WEAK,
    DateCandidate,
    Draft,
    as_date,
)
from crosscheck.models import Confidence, OutletSource, PublishedSource, SourceFormat
from crosscheck.outlets import canonical

# <meta> names/properties that state the publication date, most specific first; lower-cased.
_META_PUBLISHED = (
    "article:published_time",
    "og:article:published_time",
    "og:published_time",
    "datepublished",
    "article.published",
    "published_time",
    "publish-date",
    "publish_date",
    "publishdate",
    "pubdate",
    "publication_date",
    "original-publish-date",
    "parsely-pub-date",
    "sailthru.date",
    "dc.date.issued",
    "dcterms.issued",
    "dcterms.created",
    "citation_publication_date",
    "cxenseparse:recs:publishtime",
)
# Generic or weaker date tags: used only when no publication tag exists.
_META_GENERIC = ("date", "dc.date", "dcterms.date", "article:modified_time", "og:updated_time", "last-modified")
_MODIFIED = {"article:modified_time", "og:updated_time", "last-modified"}
_URL_DATE = re.compile(r"[/_-]((?:19|20)\d{2})([/-]?)(0[1-9]|1[0-2])\2(0[1-9]|[12]\d|3[01])(?:/|[-_.]|$)")
_ARTICLE_TYPES = ("article", "newsarticle", "reportagenewsarticle", "blogposting", "analysisnewsarticle", "report")


def _jsonld_objects(tree: Any) -> Iterator[dict[str, Any]]:
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            data = json.loads(script.text or "", strict=False)
        except (ValueError, RecursionError):
            continue
        stack: list[Any] = [data]
        while stack:
            item = stack.pop(0)
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                yield item
                stack.extend(v for k, v in item.items() if k in ("@graph", "mainEntity", "mainEntityOfPage"))


def _types(item: dict[str, Any]) -> set[str]:
    kind = item.get("@type", [])
    return {str(k).lower() for k in (kind if isinstance(kind, list) else [kind])}


def _jsonld_dates(tree: Any) -> list[DateCandidate]:
    found = []
    for item in _jsonld_objects(tree):
        article = bool(_types(item) & set(_ARTICLE_TYPES))
        for key, rank in (("datePublished", RANK_EXPLICIT), ("dateCreated", RANK_GENERIC)):
            value = item.get(key)
            day = as_date(value) if isinstance(value, str) else None
            if day:
                found.append(
                    DateCandidate(day, PublishedSource.HTML_JSON_LD, rank + (0 if article else 1), key, str(value))
                )
    return found


def _names(value: Any) -> list[str]:
    """Person names in a JSON-LD `author` value: a string, a Person object, or a list of either."""
    if isinstance(value, str):
        return [value.strip()] if value.strip() else []
    if isinstance(value, dict):
        return _names(value.get("name"))
    if isinstance(value, list):
        return [name for item in value for name in _names(item)]
    return []


def _author(tree: Any) -> str | None:
    """The byline from JSON-LD `author`, else `<meta name="author">` / `article:author` (not a profile URL)."""
    for item in _jsonld_objects(tree):
        names = list(dict.fromkeys(_names(item.get("author"))))
        if names:
            return "; ".join(names)
    for xpath in ('//meta[@name="author"]/@content', '//meta[@property="article:author"]/@content'):
        value = _attr(tree, xpath)
        if value and not value.startswith(("http://", "https://")):
            return value
    return None


def _meta_dates(tree: Any) -> list[DateCandidate]:
    found = []
    for meta in tree.xpath("//meta[@content]"):
        name = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        content = meta.get("content", "")
        if name in _META_PUBLISHED:
            rank = RANK_EXPLICIT + 2 + _META_PUBLISHED.index(name) / 100
            confidence = None
        elif name in _META_GENERIC:
            rank, confidence = (RANK_WEAK, Confidence.LOW) if name in _MODIFIED else (RANK_GENERIC, Confidence.MEDIUM)
        else:
            continue
        day = as_date(content)
        if day:
            found.append(DateCandidate(day, PublishedSource.HTML_META, int(rank), name, content, confidence))
    return found


def _time_dates(tree: Any) -> list[DateCandidate]:
    """`<time datetime>` marked as the publication time; else the first one, a weaker signal."""
    found = []
    first: DateCandidate | None = None
    for node in tree.xpath("//time[@datetime]"):
        marks = " ".join(
            [node.get("itemprop") or "", node.get("class") or "", "pubdate" * (node.get("pubdate") is not None)]
        )
        day = as_date(node.get("datetime"))
        if not day:
            continue
        if re.search(r"(?i)publish|pubdate|datepublished", marks):
            found.append(
                DateCandidate(day, PublishedSource.HTML_TIME, RANK_TIME, "time[datetime]", node.get("datetime"))
            )
        elif first is None and not re.search(r"(?i)modif|updat", marks):
            first = DateCandidate(
                day,
                PublishedSource.HTML_TIME,
                RANK_GENERIC + 1,
                "time[datetime]",
                node.get("datetime"),
                Confidence.MEDIUM,
            )
    return found or ([first] if first else [])


def _url_date(url: str | None) -> list[DateCandidate]:
    match = _URL_DATE.search(url or "")
    if not match:
        return []
    day = as_date(f"{match.group(1)}-{match.group(3)}-{match.group(4)}")
    return (
        [DateCandidate(day, PublishedSource.HTML_URL, RANK_TIME + 5, "url", match.group(0).strip("/-_"))] if day else []
    )


def _htmldate(tree: Any, url: str | None, found: list[DateCandidate]) -> list[DateCandidate]:
    """htmldate's view of the original date: a cross-check of the header, else a date from the body."""
    from htmldate import find_date

    header = find_date(tree, extensive_search=False, original_date=True, url=url)
    if header and not any(c.published.isoformat() == header for c in found):
        day = as_date(header)
        if day:
            # htmldate does not say where it read the date: name the signal that carries it.
            compact = header.replace("-", "")
            if url and (header in url or compact in url.replace("/", "").replace("-", "")):
                where = PublishedSource.HTML_URL
            elif any(str(v).startswith(header) for v in tree.xpath("//time/@datetime")):
                where = PublishedSource.HTML_TIME
            else:
                where = PublishedSource.HTML_META
            return [DateCandidate(day, where, RANK_GENERIC, "htmldate", header, Confidence.MEDIUM)]
    if header or found:
        return []
    body = find_date(tree, extensive_search=True, original_date=True, url=url)
    day = as_date(body) if body else None
    return [DateCandidate(day, PublishedSource.HTML_BODY, RANK_WEAK, "htmldate", body)] if day else []


# Page furniture: menus, headers, footers, sidebars and form controls hold no article text.
_FURNITURE = (
    "//nav|//header|//footer|//aside|//menu|//button|//select|//textarea|//script|//style|//noscript|//template"
    "|//*[@role='navigation' or @role='banner' or @role='contentinfo' or @role='menu' or @role='menubar'"
    " or @role='search' or @role='complementary']"
)
# ... and so do blocks whose class or id names them so ("site-footer", "main-menu", "breadcrumbs"):
# a whole class token, so that "has-sidebar" on a wrapper of the article does not count.
_FURNITURE_NAME = re.compile(
    r"(?:(?:site|main|top|global|primary|secondary|page|mobile|nav)[-_])?"
    r"(?:nav|navbar|navigation|menu|menubar|footer|header|breadcrumbs?|masthead|sidebar|topbar)"
    r"(?:[-_](?:wrapper|container|inner|links|list|bar|area|region|menu|nav))?",
    re.IGNORECASE,
)
_ARTICLE_ROOTS = ("article", "main")
# Fewer words than this outside navigation and links: a page of menus, not an article.
_MIN_ARTICLE_WORDS = 3
# Main text shorter than this may be a page's furniture (trafilatura's last resort): look again.
_SHORT_TEXT_WORDS = 80


def _named_furniture(node: Any) -> bool:
    return any(_FURNITURE_NAME.fullmatch(name) for name in f"{node.get('class') or ''} {node.get('id') or ''}".split())


def _without_navigation(tree: Any) -> Any:
    """The page (changed in place) without navigation, header, footer, sidebars and form controls."""
    if tree is None:
        return tree
    furniture = list(tree.xpath(_FURNITURE))
    furniture += [node for node in tree.xpath("//body//*[@class or @id]") if _named_furniture(node)]
    for node in furniture:
        # Whatever its name, an element that holds the article itself (a "page-header" wrapping the
        # whole page) stays.
        if node.getparent() is None or node.tag in ("html", "body", *_ARTICLE_ROOTS):
            continue
        if not node.xpath(".//article|.//main|.//*[@role='main']"):
            node.drop_tree()  # keeps the text that follows the element
    return tree


def _words_outside_links(tree: Any) -> int:
    """Words of the page body that are not the text of a link."""
    if tree is None:
        return 0
    return sum(len(re.findall(r"\w+", str(piece))) for piece in tree.xpath("//body//text()[not(ancestor::a)]"))


def _has_words(tree: Any) -> bool:
    """Whether the page body shows any words at all (scripts and styles are not shown)."""
    shown = "//body//text()[not(ancestor::script or ancestor::style or ancestor::noscript or ancestor::template)]"
    return any(re.search(r"\w", str(piece)) for piece in tree.xpath(shown))


# A tag as it shows in a title's text: "<b>", "</span>", "<a href=...>", an unclosed "<i" at the end,
# a comment or a CDATA mark ("<3%" or "a < b" is no tag).
_TITLE_TAG = re.compile(r"<!--.*?(?:-->|$)|<!\[CDATA\[|\]\]>|</?([A-Za-z][\w:-]*)(?:\s[^<>]*)?(?:/?>|$)", re.DOTALL)
_BLOCK_TAGS = frozenset({"br", "p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "tr"})
# Only a complete entity (with its ";"): "AT&T" and "Smith &copy Co" stay as written.
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def _untag(match: re.Match[str]) -> str:
    return " " if (match.group(1) or "").lower() in _BLOCK_TAGS else ""


def plain_title(value: str | None) -> str | None:
    """A title as clean text: tags (also escaped ones, "&lt;b&gt;") removed, entities decoded,
    whitespace collapsed; None when nothing is left."""
    if value is None:
        return None
    text = str(value)
    for _ in range(3):  # markup escaped once or twice ("&amp;lt;b&amp;gt;") shows as tags after decoding
        plain = _ENTITY.sub(lambda m: html_lib.unescape(m.group(0)), _TITLE_TAG.sub(_untag, text))
        if plain == text:
            break
        text = plain
    text = _TITLE_TAG.sub(_untag, text)
    return " ".join(text.split()) or None


def _attr(tree: Any, xpath: str) -> str | None:
    values = tree.xpath(xpath)
    return str(values[0]).strip() if values else None


def parse_html(text: str, path: str, encoding: str) -> Draft:
    """One saved web page as a draft; ValueError when it holds no article text."""
    import trafilatura
    from trafilatura.utils import load_html

    tree = load_html(text)
    if tree is None and "<" in text:  # a fragment ("<p>...</p>"): trafilatura wants a whole document
        text = f"<html><body>{text}</body></html>"
        tree = load_html(text)
    if tree is None:
        raise ValueError("not a readable HTML document")
    document = trafilatura.bare_extraction(
        load_html(text), with_metadata=True, include_comments=False, include_tables=False, favor_precision=True
    )
    meta: dict[str, Any] = {}
    if isinstance(document, dict):
        meta = document
    elif document is not None:
        meta = document.as_dict()
    body = (meta.get("text") or "").strip()
    words = len(body.split())
    if words < _SHORT_TEXT_WORDS:
        # With no article on the page trafilatura returns what is left: a menu, a footer's blurb.
        page = _without_navigation(load_html(text))
        if _words_outside_links(page) < _MIN_ARTICLE_WORDS and _has_words(tree):
            raise ValueError("no article text found in the HTML (only navigation, links or a footer)")
        if words < 5:  # too little for trafilatura's main-text rules: take the page's whole text
            _tree, baseline_text, _length = trafilatura.baseline(page)
            body = baseline_text.strip() if len(baseline_text.split()) > words else body
    if not re.search(r"\w", body):
        raise ValueError("no article text found in the HTML")
    url = (
        meta.get("url")
        or _attr(tree, '//link[@rel="canonical"]/@href')
        or _attr(tree, '//meta[@property="og:url"]/@content')
    )
    dates = _jsonld_dates(tree) + _meta_dates(tree) + _time_dates(tree) + _url_date(url)
    dates += _htmldate(tree, url, dates)
    sitename = meta.get("sitename")
    if sitename and "." in sitename and " " not in sitename:  # trafilatura's fallback: the URL's host
        sitename = None
    title = next(
        filter(
            None,
            (
                plain_title(meta.get("title")),
                plain_title(_attr(tree, '//meta[@property="og:title"]/@content')),
                plain_title(_attr(tree, "//title/text()")),
            ),
        ),
        None,
    )
    return Draft(
        path=path,
        text=body,
        format=SourceFormat.HTML,
        encoding=encoding,
        title=title,
        outlet=canonical(sitename) if sitename else None,
        outlet_source=OutletSource.HTML_SITE_NAME if sitename else None,
        author=meta.get("author") or _author(tree),
        url=url,
        dates=dates,
    )
