"""Input formats end to end: what each kind of file becomes as a `Source` record.

Saved web pages (.html/.htm), JSON exports (one article, lists, NewsAPI, JSON Feed, news-please,
Elasticsearch), JSON Lines, stdin (library, CliRunner and a real process), folder globs,
encodings and mojibake, and outlet detection. Every input is generated in `tmp_path`, so each
test shows the exact bytes it reads and the exact record fields it expects.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from crosscheck import outlets
from crosscheck.cli import app
from crosscheck.loader import STDIN, LoadResult, iter_article_paths, load_paths
from crosscheck.loader.decode import decode
from crosscheck.models import Confidence, DerivationKind, OutletSource, PublishedSource, Source, SourceFormat
from crosscheck.settings import Settings

runner = CliRunner()

LEAD = (
    "The city council voted on Tuesday to approve a budget of 12 million dollars for road repairs, "
    "officials said after a meeting that ran late into the evening."
)
SECOND = "The mayor welcomed the decision and said work on the first three bridges would start in June."
STORY = "Floods forced 3,000 people from their homes in the river valley on Monday, officials said."


def _write(path: Path, data: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, encoding="utf-8", newline="")
    return path


def _load(tmp_path: Path, name: str, data: str | bytes, **settings: Any) -> LoadResult:
    """Write one file and load it."""
    return load_paths([_write(tmp_path / name, data)], Settings(**settings))


def _load_one(tmp_path: Path, name: str, data: str | bytes, **settings: Any) -> Source:
    """Write one file, load it, and return its only source (failing on any skipped input)."""
    result = _load(tmp_path, name, data, **settings)
    assert not result.failures, result.failures
    assert len(result.sources) == 1, [s.record for s in result.sources]
    return result.sources[0]


def _from_stdin(data: bytes) -> LoadResult:
    return load_paths([Path(STDIN)], Settings(), stdin=io.BytesIO(data))


def _page(head: str = "", before_text: str = "") -> str:
    """A saved news page: navigation, the article, a footer; `head` and `before_text` add signals."""
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        "<title>Council approves road budget | Daily Planet</title>\n"
        f"{head}\n</head>\n<body>\n"
        '<nav><ul><li><a href="/">Home</a></li><li><a href="/sport">Sport</a></li>'
        "<li>Subscribe to our newsletter today</li></ul></nav>\n"
        "<article>\n<h1>Council approves road budget</h1>\n"
        f"{before_text}\n<p>{LEAD} {LEAD}</p>\n<p>{LEAD} {SECOND}</p>\n</article>\n"
        "<footer><p>Copyright Daily Planet Media Group. All rights reserved. "
        "Privacy policy and cookie settings.</p></footer>\n</body>\n</html>\n"
    )


JSON_LD = (
    '<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle", '
    '"headline": "Council approves road budget", "datePublished": "2024-05-03T08:00:00Z", '
    '"dateModified": "2024-05-06T10:00:00Z", "author": {"@type": "Person", "name": "Jane Roe"}}</script>'
)


# --- HTML ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["page.html", "page.htm"])
def test_html_json_ld_published_beats_modified(tmp_path: Path, name: str) -> None:
    head = (
        JSON_LD + '\n<meta property="og:site_name" content="Daily Planet">'
        '\n<link rel="canonical" href="https://www.dailyplanet.example/news/council-budget">'
    )
    source = _load_one(tmp_path, name, _page(head))
    assert source.format is SourceFormat.HTML
    assert source.encoding == "utf-8"
    assert source.record is None
    assert source.text_line == 1
    assert source.title == "Council approves road budget"
    assert source.outlet == "Daily Planet"
    assert source.outlet_source is OutletSource.HTML_SITE_NAME
    assert source.author == "Jane Roe"
    assert source.url == "https://www.dailyplanet.example/news/council-budget"
    assert source.published == date(2024, 5, 3), "datePublished, never dateModified (2024-05-06)"
    assert source.published_source is PublishedSource.HTML_JSON_LD
    assert source.published_field == "datePublished"
    assert source.published_confidence is Confidence.HIGH
    assert source.published_text == "2024-05-03T08:00:00Z"


@pytest.mark.parametrize(
    ("head", "before_text", "published", "how", "field", "confidence", "words"),
    [
        pytest.param(
            '<meta property="article:published_time" content="2024-04-01T09:00:00+00:00">',
            "",
            date(2024, 4, 1),
            PublishedSource.HTML_META,
            "article:published_time",
            Confidence.HIGH,
            "2024-04-01T09:00:00+00:00",
            id="meta-published",
        ),
        pytest.param(
            '<meta property="article:modified_time" content="2024-06-01T09:00:00+00:00">\n'
            '<meta property="article:published_time" content="2024-04-01T09:00:00+00:00">',
            "",
            date(2024, 4, 1),
            PublishedSource.HTML_META,
            "article:published_time",
            Confidence.HIGH,
            "2024-04-01T09:00:00+00:00",
            id="meta-modified-listed-first-loses",
        ),
        pytest.param(
            '<meta property="og:updated_time" content="2024-06-01"><meta name="pubdate" content="2024-04-02">',
            "",
            date(2024, 4, 2),
            PublishedSource.HTML_META,
            "pubdate",
            Confidence.HIGH,
            "2024-04-02",
            id="meta-updated-vs-pubdate",
        ),
        pytest.param(
            '<link rel="canonical" href="https://www.example-news.com/2024/05/03/council-budget/">',
            "",
            date(2024, 5, 3),
            PublishedSource.HTML_URL,
            "url",
            Confidence.MEDIUM,
            "2024/05/03",
            id="canonical-url",
        ),
        pytest.param(
            '<meta property="og:url" content="https://www.example-news.com/local/2024/05/03/council-budget">',
            "",
            date(2024, 5, 3),
            PublishedSource.HTML_URL,
            "url",
            Confidence.MEDIUM,
            "2024/05/03",
            id="og-url",
        ),
        pytest.param(
            "",
            '<p class="byline"><time itemprop="datePublished" datetime="2024-02-10T10:00">Feb 10</time></p>',
            date(2024, 2, 10),
            PublishedSource.HTML_TIME,
            "time[datetime]",
            Confidence.MEDIUM,
            "2024-02-10T10:00",
            id="time-itemprop",
        ),
        pytest.param(
            "",
            '<p class="byline"><time pubdate datetime="2024-02-11">Feb 11</time></p>',
            date(2024, 2, 11),
            PublishedSource.HTML_TIME,
            "time[datetime]",
            Confidence.MEDIUM,
            "2024-02-11",
            id="time-pubdate",
        ),
        pytest.param(
            '<meta property="article:modified_time" content="2024-06-01T09:00:00+00:00">',
            "",
            date(2024, 6, 1),
            PublishedSource.HTML_META,
            "article:modified_time",
            Confidence.LOW,
            "2024-06-01T09:00:00+00:00",
            id="modified-only-is-low",
        ),
    ],
)
def test_html_publication_date_signals(
    tmp_path: Path,
    head: str,
    before_text: str,
    published: date,
    how: PublishedSource,
    field: str,
    confidence: Confidence,
    words: str,
) -> None:
    source = _load_one(tmp_path, "page.html", _page(head, before_text))
    assert source.published == published
    assert source.published_source is how
    assert source.published_field == field
    assert source.published_confidence is confidence
    assert source.published_text == words


def test_html_url_date_gives_url_and_outlet(tmp_path: Path) -> None:
    head = '<link rel="canonical" href="https://www.example-news.com/2024/05/03/council-budget/">'
    source = _load_one(tmp_path, "page.htm", _page(head))
    assert source.url == "https://www.example-news.com/2024/05/03/council-budget/"
    assert source.outlet == "example-news.com"
    assert source.outlet_source is OutletSource.URL_DOMAIN


@pytest.mark.parametrize(
    ("head", "before_text", "expected"),
    [
        pytest.param(
            "", '<p><time datetime="2024-02-10T10:00">Feb 10</time></p>', PublishedSource.HTML_TIME, id="time"
        ),
        pytest.param(
            '<link rel="canonical" href="https://www.reuters.com/world/us/council-budget-2024-05-03/">',
            "",
            PublishedSource.HTML_URL,
            id="reuters-slug-url",
        ),
    ],
)
def test_html_date_source_names_the_real_signal(
    tmp_path: Path, head: str, before_text: str, expected: PublishedSource
) -> None:
    source = _load_one(tmp_path, "page.html", _page(head, before_text))
    assert source.published is not None
    assert source.published_source is expected


@pytest.mark.parametrize(
    ("site_name", "outlet"),
    [
        ("Daily Planet", "Daily Planet"),
        ("Reuters", "Reuters"),
        ("BBC News", "BBC"),
        ("the Guardian", "The Guardian"),
    ],
)
def test_html_site_name_is_the_outlet(tmp_path: Path, site_name: str, outlet: str) -> None:
    source = _load_one(tmp_path, "page.html", _page(f'<meta property="og:site_name" content="{site_name}">'))
    assert source.outlet == outlet
    assert source.outlet_source is OutletSource.HTML_SITE_NAME


def test_html_site_name_ap_news_is_associated_press(tmp_path: Path) -> None:
    source = _load_one(tmp_path, "page.html", _page('<meta property="og:site_name" content="AP News">'))
    assert source.outlet == "Associated Press"


def test_html_site_name_that_is_a_domain_is_ignored(tmp_path: Path) -> None:
    bare = _load_one(tmp_path, "a.html", _page('<meta property="og:site_name" content="dailyplanet.com">'))
    assert bare.outlet is None
    assert bare.outlet_source is None
    with_url = _load_one(
        tmp_path,
        "b.html",
        _page(
            '<meta property="og:site_name" content="www.reuters.com">'
            '<link rel="canonical" href="https://www.reuters.com/world/council-budget">'
        ),
    )
    assert with_url.outlet == "Reuters"
    assert with_url.outlet_source is OutletSource.URL_DOMAIN


@pytest.mark.parametrize(
    ("head", "author"),
    [
        ('<meta name="author" content="John Doe">', "John Doe"),
        ('<meta property="article:author" content="https://www.facebook.com/johndoe">', None),
        (
            '<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle", "author": '
            '[{"@type": "Person", "name": "Ann One"}, {"@type": "Person", "name": "Bob Two"}]}</script>',
            "Ann One; Bob Two",
        ),
    ],
)
def test_html_author(tmp_path: Path, head: str, author: str | None) -> None:
    assert _load_one(tmp_path, "page.html", _page(head)).author == author


def test_html_main_text_without_navigation_or_footer(tmp_path: Path) -> None:
    source = _load_one(tmp_path, "page.html", _page())
    assert source.text.startswith("Council approves road budget\n" + LEAD)
    assert source.text.rstrip().endswith(SECOND)
    for boilerplate in ("Home", "Subscribe", "newsletter", "Copyright", "Privacy policy", "cookie"):
        assert boilerplate not in source.text


def test_html_truncated_page_still_loads_its_first_paragraph(tmp_path: Path) -> None:
    page = _page(JSON_LD)
    cut = page[: page.index(LEAD) + len(LEAD) + 20]  # stops inside the first paragraph, tags left open
    source = _load_one(tmp_path, "cut.html", cut)
    assert LEAD in source.text
    assert SECOND not in source.text
    assert source.published == date(2024, 5, 3)
    assert source.published_source is PublishedSource.HTML_JSON_LD


def test_html_unclosed_tags_load(tmp_path: Path) -> None:
    page = f"<html><head><title>Broken page</title></head><body><div><p>{STORY} More rain is expected"
    source = _load_one(tmp_path, "broken.html", page)
    assert source.title == "Broken page"
    assert source.text == f"{STORY} More rain is expected"


def test_html_without_article_text_fails_cleanly_and_others_load(tmp_path: Path) -> None:
    _write(tmp_path / "empty.html", "<html><head><title>Nothing here</title></head><body></body></html>")
    _write(tmp_path / "good.html", _page())
    result = load_paths([tmp_path], Settings())
    assert [Path(s.path).name for s in result.sources] == ["good.html"]
    (failure,) = result.failures
    assert Path(failure.path).name == "empty.html"
    assert failure.reason == "no article text found in the HTML"
    assert failure.line is None


@pytest.mark.parametrize(
    "fragment",
    [f"<article><p>{STORY} More rain is expected.</p></article>\n", f"<p>{STORY} More rain is expected.</p>\n"],
    ids=["article", "paragraph"],
)
def test_html_fragment_file_loads(tmp_path: Path, fragment: str) -> None:
    source = _load_one(tmp_path, "fragment.html", fragment)
    assert source.format is SourceFormat.HTML
    assert source.text == f"{STORY} More rain is expected."


# --- JSON ----------------------------------------------------------------------------------------


def test_json_single_article_object(tmp_path: Path) -> None:
    article = {
        "id": "a1",
        "title": "Floods hit the valley",
        "text": STORY,
        "published": "2024-05-03T08:00:00Z",
        "source": "Reuters",
        "url": "https://www.reuters.com/world/floods-valley",
        "author": "Jane Roe",
    }
    source = _load_one(tmp_path, "article.json", json.dumps(article, indent=2))
    assert source.format is SourceFormat.JSON
    assert source.encoding == "utf-8"
    assert source.record == "a1"
    assert source.text_line == 1
    assert source.title == "Floods hit the valley"
    assert source.outlet == "Reuters"
    assert source.outlet_source is OutletSource.JSON_FIELD
    assert source.author == "Jane Roe"
    assert source.url == "https://www.reuters.com/world/floods-valley"
    assert source.published == date(2024, 5, 3)
    assert source.published_source is PublishedSource.JSON_FIELD
    assert source.published_field == "published"
    assert source.published_confidence is Confidence.HIGH
    assert source.published_text == "2024-05-03T08:00:00Z"
    assert source.text == STORY


LIST_JSON = "\n".join(
    [
        "[",
        f'  {{"headline": "One", "body": "First story: {STORY}", "date": "2024-05-03"}},',
        "  {",
        '    "title": "Two",',
        f'    "content": "<p>Second story: {STORY}</p><p>Roads &amp; bridges closed.</p>",',
        '    "date_publish": "2024-05-04 10:00:00",',
        '    "source_domain": "www.bbc.co.uk"',
        "  },",
        f'  {{"id": 99, "maintext": "Third story: {STORY}", "publishedAt": "2024-05-05T00:00:00Z", "outlet": "AP"}}',
        "]",
        "",
    ]
)


def test_json_list_of_articles_keeps_positions_and_lines(tmp_path: Path) -> None:
    result = _load(tmp_path, "list.json", LIST_JSON)
    assert not result.failures
    rows = [
        (s.id, s.record, s.text_line, s.title, s.outlet, s.outlet_source, s.published, s.published_field)
        for s in result.sources
    ]
    assert rows == [
        ("s1", "1", 2, "One", None, None, date(2024, 5, 3), "date"),
        ("s2", "2", 3, "Two", "BBC", OutletSource.JSON_FIELD, date(2024, 5, 4), "date_publish"),
        ("s3", "99", 9, None, "Associated Press", OutletSource.JSON_FIELD, date(2024, 5, 5), "publishedAt"),
    ]
    assert [s.published_confidence for s in result.sources] == [Confidence.MEDIUM, Confidence.HIGH, Confidence.HIGH]
    assert result.sources[1].text == f"Second story: {STORY}\n\nRoads & bridges closed."
    assert result.sources[2].text == f"Third story: {STORY}"
    assert all(s.format is SourceFormat.JSON for s in result.sources)


def test_newsapi_envelope(tmp_path: Path) -> None:
    payload = {
        "status": "ok",
        "totalResults": 2,
        "articles": [
            {
                "source": {"id": "cnn", "name": "CNN"},
                "author": "Ann Smith",
                "title": "Floods hit the valley",
                "description": "A short summary.",
                "url": "https://edition.cnn.com/2024/05/03/weather/floods/index.html",
                "publishedAt": "2024-05-03T10:00:00Z",
                "content": STORY,
            },
            {
                "source": {"id": None, "name": "BBC News"},
                "author": None,
                "title": "Valley floods",
                "description": f"Summary only: {STORY}",
                "url": "https://www.bbc.com/news/world-123",
                "publishedAt": "2024-05-02T21:30:00Z",
                "content": None,
            },
        ],
    }
    result = _load(tmp_path, "newsapi.json", json.dumps(payload, indent=2))
    assert not result.failures
    first, second = result.sources
    assert (first.record, first.text_line, first.title, first.author) == ("1", 5, "Floods hit the valley", "Ann Smith")
    assert (first.outlet, first.outlet_source) == ("CNN", OutletSource.JSON_FIELD)
    assert first.url == "https://edition.cnn.com/2024/05/03/weather/floods/index.html"
    assert (first.published, first.published_field) == (date(2024, 5, 3), "publishedAt")
    assert first.text == STORY, "content wins over the description"
    assert (second.record, second.outlet, second.author) == ("2", "BBC", None)
    assert second.published == date(2024, 5, 2)
    assert second.text == f"Summary only: {STORY}", "the description when there is no content"


def test_json_feed_items(tmp_path: Path) -> None:
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "Daily Planet",
        "home_page_url": "https://planet.example/",
        "items": [
            {
                "id": "https://planet.example/floods",
                "url": "https://planet.example/floods",
                "title": "Floods hit the valley",
                "content_text": STORY,
                "date_published": "2024-05-03T10:00:00-04:00",
                "date_modified": "2024-05-09T00:00:00Z",
                "authors": [{"name": "Lois Lane"}, {"name": "Clark Kent"}],
            },
            {
                "id": "2",
                "content_html": f"<p>{STORY}</p><p>Schools are <em>closed</em>.</p>",
                "summary": "A summary that loses to the full text.",
                "date_modified": "2024-05-09T00:00:00Z",
            },
        ],
    }
    result = _load(tmp_path, "feed.json", json.dumps(feed, indent=2))
    assert not result.failures
    first, second = result.sources
    assert first.record == "https://planet.example/floods"
    assert first.text_line == 6
    assert first.title == "Floods hit the valley"
    assert first.author == "Lois Lane; Clark Kent"
    assert (first.outlet, first.outlet_source) == ("planet.example", OutletSource.URL_DOMAIN)
    assert (first.published, first.published_field, first.published_confidence) == (
        date(2024, 5, 3),
        "date_published",
        Confidence.HIGH,
    )
    assert first.text == STORY
    assert second.record == "2"
    assert second.text == f"{STORY}\n\nSchools are closed."
    assert (second.published, second.published_field, second.published_confidence) == (
        date(2024, 5, 9),
        "date_modified",
        Confidence.LOW,
    )


def test_news_please_record(tmp_path: Path) -> None:
    record = {
        "authors": ["Sam Lee"],
        "date_download": "2024-06-01 00:00:00",
        "date_modify": "2024-05-10 00:00:00",
        "date_publish": "2024-05-03 08:00:00",
        "description": "Floods in the valley.",
        "filename": "floods.json",
        "image_url": None,
        "language": "en",
        "maintext": STORY,
        "source_domain": "apnews.com",
        "title": "Floods hit the valley",
        "url": "https://apnews.com/article/floods-valley-0123",
    }
    source = _load_one(tmp_path, "np.json", json.dumps(record, indent=1))
    assert source.record == "1"
    assert source.title == "Floods hit the valley"
    assert source.author == "Sam Lee"
    assert (source.outlet, source.outlet_source) == ("Associated Press", OutletSource.JSON_FIELD)
    assert source.published == date(2024, 5, 3), "date_publish beats date_modify and date_download"
    assert source.published_field == "date_publish"
    assert source.published_text == "2024-05-03 08:00:00"
    assert source.text == STORY


ES_HITS = {
    "took": 3,
    "hits": {
        "total": {"value": 2},
        "hits": [
            {
                "_index": "news",
                "_id": "doc-1",
                "_source": {"title": "E1", "body": STORY, "published_at": "2024-05-03", "site_name": "Daily Planet"},
            },
            {
                "_index": "news",
                "_id": "doc-2",
                "_source": {"title": "E2", "body": f"Later: {STORY}", "date": "2024-05-04"},
            },
        ],
    },
}


def test_elasticsearch_hits(tmp_path: Path) -> None:
    result = _load(tmp_path, "es.json", json.dumps(ES_HITS, indent=2))
    assert not result.failures
    first, second = result.sources
    assert (first.title, first.outlet, first.published, first.published_field) == (
        "E1",
        "Daily Planet",
        date(2024, 5, 3),
        "published_at",
    )
    assert (second.title, second.outlet, second.published, second.published_confidence) == (
        "E2",
        None,
        date(2024, 5, 4),
        Confidence.MEDIUM,
    )
    assert first.text == STORY and second.text == f"Later: {STORY}"


def test_elasticsearch_hit_id_is_the_record(tmp_path: Path) -> None:
    result = _load(tmp_path, "es.json", json.dumps(ES_HITS, indent=2))
    assert [s.record for s in result.sources] == ["doc-1", "doc-2"]


@pytest.mark.parametrize(
    "field", ["text", "content", "body", "maintext", "content_text", "articleBody", "full_text", "story", "Body"]
)
def test_json_text_field_aliases(tmp_path: Path, field: str) -> None:
    assert _load_one(tmp_path, "a.json", json.dumps({field: STORY})).text == STORY


@pytest.mark.parametrize("field", ["title", "headline", "Headline", "name"])
def test_json_title_field_aliases(tmp_path: Path, field: str) -> None:
    assert _load_one(tmp_path, "a.json", json.dumps({field: "Floods hit the valley", "text": STORY})).title == (
        "Floods hit the valley"
    )


@pytest.mark.parametrize(
    ("field", "confidence"),
    [
        ("published", Confidence.HIGH),
        ("date_publish", Confidence.HIGH),
        ("publishedAt", Confidence.HIGH),
        ("datePublished", Confidence.HIGH),
        ("Date-Published", Confidence.HIGH),
        ("pubDate", Confidence.HIGH),
        ("date", Confidence.MEDIUM),
        ("created_at", Confidence.MEDIUM),
        ("date_modify", Confidence.LOW),
        ("date_download", Confidence.LOW),
    ],
)
def test_json_date_field_aliases(tmp_path: Path, field: str, confidence: Confidence) -> None:
    source = _load_one(tmp_path, "a.json", json.dumps({"text": STORY, field: "2024-05-03T08:00:00Z"}))
    assert source.published == date(2024, 5, 3)
    assert source.published_source is PublishedSource.JSON_FIELD
    assert source.published_field == field, "the key as written in the file"
    assert source.published_confidence is confidence


@pytest.mark.parametrize(
    ("field", "value", "outlet"),
    [
        ("source", "Reuters", "Reuters"),
        ("source", {"id": "ap", "name": "AP"}, "Associated Press"),
        ("outlet", "Daily Planet", "Daily Planet"),
        ("source_domain", "www.theguardian.com", "The Guardian"),
        ("source_domain", "example.org", "example.org"),
        ("site_name", "BBC News", "BBC"),
        ("SiteName", "Daily Planet", "Daily Planet"),
        ("publisher", {"@type": "Organization", "name": "CNN"}, "CNN"),
    ],
)
def test_json_outlet_field_aliases(tmp_path: Path, field: str, value: object, outlet: str) -> None:
    source = _load_one(tmp_path, "a.json", json.dumps({"text": STORY, field: value}))
    assert source.outlet == outlet
    assert source.outlet_source is OutletSource.JSON_FIELD


def test_json_outlet_falls_back_to_url_domain(tmp_path: Path) -> None:
    source = _load_one(tmp_path, "a.json", json.dumps({"text": STORY, "link": "https://www.reuters.com/world/x"}))
    assert source.url == "https://www.reuters.com/world/x"
    assert (source.outlet, source.outlet_source) == ("Reuters", OutletSource.URL_DOMAIN)


def test_json_outlet_field_with_a_url(tmp_path: Path) -> None:
    source = _load_one(tmp_path, "a.json", json.dumps({"text": STORY, "source": "https://www.reuters.com/"}))
    assert source.outlet == "Reuters"


def test_json_html_body_becomes_text(tmp_path: Path) -> None:
    body = (
        "<div><h2>Evacuations</h2><p>First paragraph &amp; more.<br>Second line.</p>"
        "<script>var tracking = 1;</script><ul><li>Item one</li><li>Item two</li></ul></div>"
    )
    source = _load_one(tmp_path, "a.json", json.dumps({"text": body}))
    assert source.text == "Evacuations\n\nFirst paragraph & more.\nSecond line.\n\nItem one\n\nItem two"
    assert "<" not in source.text and "tracking" not in source.text


def test_json_entities_without_markup_are_unescaped(tmp_path: Path) -> None:
    source = _load_one(tmp_path, "a.json", json.dumps({"text": "Prices rose 5% &mdash; a record &amp; more."}))
    assert source.text == "Prices rose 5% — a record & more."


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ({"rendered": "Mayor&#8217;s budget passes"}, "Mayor’s budget passes"),
        ("Floods &amp; fires", "Floods & fires"),
        ("<b>Floods</b> hit the valley", "Floods hit the valley"),
    ],
)
def test_json_title_markup_becomes_text(tmp_path: Path, title: object, expected: str) -> None:
    source = _load_one(tmp_path, "a.json", json.dumps({"title": title, "content": {"rendered": f"<p>{STORY}</p>"}}))
    assert source.title == expected


def test_json_without_any_article_is_one_failure(tmp_path: Path) -> None:
    result = _load(tmp_path, "a.json", '[{"title": "no text"}, {"title": "none either"}]')
    assert not result.sources
    (failure,) = result.failures
    assert failure.reason == "no article records in this JSON (expected a text/content/body field)"


def test_invalid_json_names_line_and_column(tmp_path: Path) -> None:
    result = _load(tmp_path, "a.json", '{\n  "title": "x",\n  "text": oops\n}\n')
    assert not result.sources
    (failure,) = result.failures
    assert failure.reason == "invalid JSON: Expecting value (line 3, column 11)"
    assert failure.line is None


def test_json_list_record_without_text_is_reported_with_its_line(tmp_path: Path) -> None:
    data = "\n".join(
        [
            "[",
            f'  {{"id": "a", "text": "{STORY}"}},',
            '  {"id": "b", "title": "no text"},',
            f'  {{"id": "c", "body": "{STORY}"}}',
            "]",
            "",
        ]
    )
    result = _load(tmp_path, "a.json", data)
    assert [s.record for s in result.sources] == ["a", "c"]
    (failure,) = result.failures
    assert failure.line == 3
    assert "no article text" in failure.reason


def test_json_concatenated_pretty_objects(tmp_path: Path) -> None:
    data = json.dumps({"id": "a", "text": STORY}, indent=2) + "\n" + json.dumps({"id": "b", "text": STORY}, indent=2)
    result = _load(tmp_path, "items.json", data + "\n")
    assert not result.failures
    assert [(s.record, s.text_line) for s in result.sources] == [("a", 1), ("b", 5)]


# --- JSON Lines ----------------------------------------------------------------------------------


def test_jsonl_bad_line_is_skipped_with_its_number(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "a1", "title": "Flood toll rises", "source_domain": "example.org", "maintext": STORY}),
        "",
        json.dumps(
            {"id": "a2", "source": {"name": "Reuters"}, "publishedAt": "2024-05-02T19:00:00Z", "content": STORY}
        ),
        '{"id": "a3", "title": broken',
        "   ",
        json.dumps({"id": "a4", "title": "no text here"}),
        json.dumps({"id": "a5", "body": f"<p>{STORY}</p>", "date": "2024-05-04"}),
        "42",
    ]
    result = _load(tmp_path, "feed.jsonl", "\n".join(lines) + "\n")
    rows = [(s.id, s.record, s.text_line, s.outlet, s.published) for s in result.sources]
    assert rows == [
        ("s1", "a1", 1, "example.org", None),
        ("s2", "a2", 3, "Reuters", date(2024, 5, 2)),
        ("s3", "a5", 7, None, date(2024, 5, 4)),
    ]
    assert all(s.format is SourceFormat.JSONL and s.text == STORY for s in result.sources)
    assert [(f.line, f.reason) for f in result.failures] == [
        (4, "invalid JSON: Expecting value (column 23)"),
        (6, "no article text (text/content/body field)"),
        (8, "no article text (text/content/body field)"),
    ]
    assert {Path(f.path).name for f in result.failures} == {"feed.jsonl"}


def test_ndjson_with_crlf_and_a_list_on_one_line(tmp_path: Path) -> None:
    lines = [json.dumps({"text": STORY}), json.dumps([{"text": f"A: {STORY}"}, {"text": f"B: {STORY}"}])]
    result = _load(tmp_path, "feed.ndjson", "\r\n".join(lines) + "\r\n")
    assert not result.failures
    assert [(s.record, s.text_line, s.text[:3]) for s in result.sources] == [
        ("1", 1, "Flo"),
        ("2", 2, "A: "),
        ("3", 2, "B: "),
    ]


def test_json_file_with_one_object_per_line_loads_every_object(tmp_path: Path) -> None:
    data = json.dumps({"id": "x", "text": STORY}) + "\n" + json.dumps({"id": "y", "text": STORY}) + "\n"
    result = _load(tmp_path, "export.json", data)
    assert not result.failures
    assert [(s.record, s.text_line, s.format) for s in result.sources] == [
        ("x", 1, SourceFormat.JSON),
        ("y", 2, SourceFormat.JSON),
    ]


def test_json_file_with_a_bad_line_falls_back_to_json_lines(tmp_path: Path) -> None:
    good = json.dumps({"id": "x", "text": STORY})
    result = _load(tmp_path, "export.json", f"{good}\n{{broken\n{good.replace('x', 'z', 1)}\n")
    assert [(s.record, s.text_line, s.format) for s in result.sources] == [
        ("x", 1, SourceFormat.JSONL),
        ("z", 3, SourceFormat.JSONL),
    ]
    assert [(f.line, f.reason.split(":")[0]) for f in result.failures] == [(2, "invalid JSON")]


# --- stdin ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "fmt", "title", "record"),
    [
        pytest.param(f"May 3, 2024\n{STORY}\n".encode(), SourceFormat.TEXT, None, None, id="text"),
        pytest.param(
            f"---\ntitle: Floods hit the valley\npublished: 2024-05-03\n---\n{STORY}\n".encode(),
            SourceFormat.TEXT,
            "Floods hit the valley",
            None,
            id="front-matter",
        ),
        pytest.param(
            f"\n  <!DOCTYPE html><html><head><title>Floods hit the valley</title>"
            f'<meta property="article:published_time" content="2024-05-03"></head>'
            f"<body><article><p>{STORY} {STORY}</p></article></body></html>".encode(),
            SourceFormat.HTML,
            "Floods hit the valley",
            None,
            id="html",
        ),
        pytest.param(
            json.dumps({"id": "n1", "title": "Floods hit the valley", "text": STORY, "date": "2024-05-03"}).encode(),
            SourceFormat.JSON,
            "Floods hit the valley",
            "n1",
            id="json",
        ),
        pytest.param(
            b"\xef\xbb\xbf" + json.dumps({"id": "n1", "text": STORY, "date": "2024-05-03"}).encode() + b"\n",
            SourceFormat.JSON,
            None,
            "n1",
            id="json-bom",
        ),
    ],
)
def test_stdin_format_is_sniffed(data: bytes, fmt: SourceFormat, title: str | None, record: str | None) -> None:
    result = _from_stdin(data)
    assert not result.failures
    (source,) = result.sources
    assert source.path == "<stdin>"
    assert source.format is fmt
    assert source.title == title
    assert source.record == record
    assert source.published == date(2024, 5, 3)
    assert STORY in source.text


def test_stdin_json_lines() -> None:
    data = f'{json.dumps({"text": STORY})}\n{{"text": bad}}\n{json.dumps({"text": STORY})}\n'.encode()
    result = _from_stdin(data)
    assert [(s.path, s.record, s.text_line, s.format) for s in result.sources] == [
        ("<stdin>", "1", 1, SourceFormat.JSONL),
        ("<stdin>", "2", 3, SourceFormat.JSONL),
    ]
    (failure,) = result.failures
    assert (failure.path, failure.line, failure.reason) == ("<stdin>", 2, "invalid JSON: Expecting value (column 10)")


def test_stdin_empty_is_a_failure() -> None:
    result = _from_stdin(b"")
    assert not result.sources
    assert [(f.path, f.reason) for f in result.failures] == [("<stdin>", "empty file")]


@pytest.mark.parametrize("first", ["[UPDATED 9:40 p.m.]", "{Breaking}"])
def test_stdin_text_starting_with_a_bracket_is_text(first: str) -> None:
    result = _from_stdin(f"{first} {STORY}\n".encode())
    assert not result.failures
    (source,) = result.sources
    assert source.format is SourceFormat.TEXT
    assert source.text == f"{first} {STORY}\n"


def test_stdin_html_fragment() -> None:
    result = _from_stdin(f"<p>{STORY}</p>\n".encode())
    assert not result.failures
    assert [s.text for s in result.sources] == [STORY]


def test_cli_sources_reads_json_from_stdin() -> None:
    article = {"title": "Floods hit the valley", "text": STORY, "published": "2024-05-03", "source": "Reuters"}
    result = runner.invoke(app, ["sources", "-", "--format", "json"], input=json.dumps(article).encode())
    assert result.exit_code == 0, result.output
    (row,) = json.loads(result.stdout)
    assert row["path"] == "<stdin>"
    assert row["format"] == "json"
    assert row["record"] == "1"
    assert row["title"] == "Floods hit the valley"
    assert (row["outlet"], row["outlet_source"]) == ("Reuters", "json:field")
    assert (row["published"], row["published_source"], row["published_field"]) == (
        "2024-05-03",
        "json:field",
        "published",
    )
    assert "text" not in row


def test_cli_sources_reads_html_from_stdin_as_jsonl() -> None:
    page = _page('<meta property="og:site_name" content="Daily Planet">' + JSON_LD)
    result = runner.invoke(app, ["sources", "-", "--format", "jsonl"], input=page)
    assert result.exit_code == 0, result.output
    (line,) = result.stdout.splitlines()
    row = json.loads(line)
    assert (row["path"], row["format"], row["outlet"], row["author"]) == ("<stdin>", "html", "Daily Planet", "Jane Roe")
    assert (row["published"], row["published_source"]) == ("2024-05-03", "html:json-ld")


def test_cli_stdin_bad_line_warns_and_exits_3() -> None:
    data = f"{json.dumps({'text': STORY})}\nnot json\n"
    result = runner.invoke(app, ["sources", "-", "--format", "json"], input=data)
    assert result.exit_code == 3
    assert [row["record"] for row in json.loads(result.stdout)] == ["1"]
    assert "crosscheck: warning: <stdin>:2: skipped: invalid JSON: Expecting value (column 1)" in (
        result.stderr.splitlines()
    )


def test_real_process_reads_stdin(repo_root: Path) -> None:
    text = f"---\ntitle: Floods hit the valley\noutlet: Daily Planet\n---\nLAGOS, May 3, 2024 — {STORY}\n"
    proc = subprocess.run(
        [sys.executable, "-m", "crosscheck", "sources", "-", "--format", "json"],
        input=text.encode("utf-16"),
        capture_output=True,
        cwd=repo_root,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr.decode()
    (row,) = json.loads(proc.stdout)
    assert row["path"] == "<stdin>"
    assert (row["format"], row["encoding"]) == ("text", "utf-16")
    assert (row["title"], row["outlet"], row["outlet_source"]) == (
        "Floods hit the valley",
        "Daily Planet",
        "frontmatter",
    )
    assert (row["published"], row["published_source"], row["published_text"]) == (
        "2024-05-03",
        "text:dateline",
        "LAGOS, May 3, 2024 —",
    )
    assert row["text_line"] == 5
    assert proc.stderr == b""


# --- --include / --exclude -----------------------------------------------------------------------


def _tree(root: Path) -> None:
    article = json.dumps({"text": STORY})
    for name in (
        "a.json",
        "notes.txt",
        "page.html",
        "drafts/b.json",
        "drafts/deep/c.json",
        "news/d.json",
        "news/e.md",
        "news/drafts/f.json",
        "archive/drafts.json",
        ".hidden.json",
        ".cache/g.json",
        "news/.h.json",
    ):
        _write(root / name, article if name.endswith(".json") else _page() if name.endswith(".html") else STORY)


@pytest.mark.parametrize(
    ("include", "exclude", "expected"),
    [
        (
            (),
            (),
            [
                "a.json",
                "archive/drafts.json",
                "drafts/b.json",
                "drafts/deep/c.json",
                "news/d.json",
                "news/drafts/f.json",
                "news/e.md",
                "notes.txt",
                "page.html",
            ],
        ),
        (
            ("*.json",),
            (),
            [
                "a.json",
                "archive/drafts.json",
                "drafts/b.json",
                "drafts/deep/c.json",
                "news/d.json",
                "news/drafts/f.json",
            ],
        ),
        (
            (),
            ("drafts/**",),
            [
                "a.json",
                "archive/drafts.json",
                "news/d.json",
                "news/drafts/f.json",
                "news/e.md",
                "notes.txt",
                "page.html",
            ],
        ),
        (("*.json",), ("drafts/**",), ["a.json", "archive/drafts.json", "news/d.json", "news/drafts/f.json"]),
        (("*.json",), ("drafts",), ["a.json", "archive/drafts.json", "news/d.json"]),
        ((), ("*.json", "*.html"), ["news/e.md", "notes.txt"]),
        (("news/*",), (), ["news/d.json", "news/drafts/f.json", "news/e.md"]),
    ],
)
def test_include_exclude_globs(
    tmp_path: Path, include: tuple[str, ...], exclude: tuple[str, ...], expected: list[str]
) -> None:
    _tree(tmp_path)
    settings = Settings(include=include, exclude=exclude)
    found = [p.relative_to(tmp_path).as_posix() for p in iter_article_paths(tmp_path, settings)]
    assert found == expected, "hidden files and folders are never read"
    result = load_paths([tmp_path], settings)
    assert not result.failures
    assert [Path(s.path).relative_to(tmp_path).as_posix() for s in result.sources] == expected


def test_exclude_double_star_matches_top_level_folder(tmp_path: Path) -> None:
    _tree(tmp_path)
    found = [
        p.relative_to(tmp_path).as_posix() for p in iter_article_paths(tmp_path, Settings(exclude=("**/drafts/**",)))
    ]
    assert "drafts/b.json" not in found
    assert "news/drafts/f.json" not in found


def test_include_does_not_filter_a_file_named_explicitly(tmp_path: Path) -> None:
    path = _write(tmp_path / "notes.txt", f"{STORY}\n")
    result = load_paths([path], Settings(include=("*.json",), exclude=("*.txt",)))
    assert [s.path for s in result.sources] == [str(path)]


def test_cli_include_and_exclude(tmp_path: Path) -> None:
    _tree(tmp_path)
    result = runner.invoke(
        app,
        [
            "sources",
            str(tmp_path),
            "--include",
            "*.json",
            "--exclude",
            "drafts/**",
            "--exclude",
            "archive",
            "-f",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [Path(r["path"]).relative_to(tmp_path).as_posix() for r in rows] == [
        "a.json",
        "news/d.json",
        "news/drafts/f.json",
    ]
    assert [r["id"] for r in rows] == ["s1", "s2", "s3"]


# --- encodings -----------------------------------------------------------------------------------

ACCENTED = "The café’s owner, José Núñez, said “prices will rise” next week — après the holiday.\n"


@pytest.mark.parametrize(
    ("raw", "encoding"),
    [
        pytest.param(ACCENTED.encode("utf-8"), "utf-8", id="utf-8"),
        pytest.param(b"\xef\xbb\xbf" + ACCENTED.encode("utf-8"), "utf-8", id="utf-8-bom"),
        pytest.param(b"\xff\xfe" + ACCENTED.encode("utf-16-le"), "utf-16", id="utf-16-le-bom"),
        pytest.param(b"\xfe\xff" + ACCENTED.encode("utf-16-be"), "utf-16", id="utf-16-be-bom"),
        pytest.param(ACCENTED.encode("utf-16-le"), "utf-16-le", id="utf-16-le-no-bom"),
        pytest.param(ACCENTED.encode("utf-16-be"), "utf-16-be", id="utf-16-be-no-bom"),
        pytest.param(ACCENTED.encode("utf-32"), "utf-32", id="utf-32-bom"),
    ],
)
def test_unicode_encodings(tmp_path: Path, raw: bytes, encoding: str) -> None:
    source = _load_one(tmp_path, "a.txt", raw)
    assert source.encoding == encoding
    assert source.text == ACCENTED, "no byte-order mark left in the text"


def test_utf16_json_and_html(tmp_path: Path) -> None:
    feed = _load_one(
        tmp_path, "a.json", json.dumps({"title": "Café", "text": ACCENTED}, ensure_ascii=False).encode("utf-16")
    )
    assert (feed.encoding, feed.title, feed.text) == ("utf-16", "Café", ACCENTED.strip())
    page = _load_one(tmp_path, "b.html", _page().encode("utf-16"))
    assert page.encoding == "utf-16"
    assert page.text.startswith("Council approves road budget\n" + LEAD)


FRENCH = (
    "Le maire de Genève a annoncé mercredi que les élèves du lycée seront évacués à cause des inondations, "
    "a déclaré la préfecture. "
)
QUOTED_FRENCH = FRENCH + "« Nous ferons tout notre possible », a-t-il ajouté.\n"
SPANISH_NAMES = (
    "President Emmanuel Macron’s government said on Tuesday that the café owners’ association, led by José "
    "Núñez, would meet officials in Besançon next week. “We’re not going to back down,” Núñez told "
    "reporters — a stance echoed by critics in Zürich and São Paulo.\n"
)


@pytest.mark.parametrize("codec", ["cp1252", "latin-1"])
def test_legacy_single_byte_encoding_is_detected(tmp_path: Path, codec: str) -> None:
    source = _load_one(tmp_path, "a.txt", (FRENCH * 2).encode(codec))
    assert source.encoding == "cp1252"
    assert source.text == FRENCH * 2


def test_cp1252_curly_quotes_read_correctly(tmp_path: Path) -> None:
    text = "The mayor’s office said “the bridge will reopen” on Monday — after three weeks of repairs.\n"
    assert _load_one(tmp_path, "a.txt", text.encode("cp1252")).text == text


def test_cp1252_html_page_with_declared_charset(tmp_path: Path) -> None:
    page = (
        '<!DOCTYPE html><html><head><meta charset="windows-1252"><title>Inondations à Genève</title></head>'
        f"<body><article><h1>Inondations à Genève</h1><p>{QUOTED_FRENCH * 3}</p><p>{QUOTED_FRENCH}</p>"
        "</article></body></html>"
    )
    source = _load_one(tmp_path, "fr.html", page.encode("cp1252"))
    assert source.encoding == "cp1252"
    assert source.title == "Inondations à Genève"
    assert "les élèves du lycée seront évacués" in source.text


@pytest.mark.parametrize(
    ("text", "codec"),
    [
        pytest.param(QUOTED_FRENCH, "cp1252", id="french-guillemets-cp1252"),
        pytest.param(QUOTED_FRENCH * 4, "latin-1", id="french-guillemets-latin-1"),
        pytest.param(SPANISH_NAMES, "cp1252", id="english-with-names"),
        pytest.param(SPANISH_NAMES * 8, "cp1252", id="english-with-names-2kb"),
    ],
)
def test_legacy_encoded_letters_are_not_corrupted(tmp_path: Path, text: str, codec: str) -> None:
    source = _load_one(tmp_path, "a.txt", text.encode(codec))
    assert source.text == text
    assert source.encoding in ("cp1252", "latin-1", "iso-8859-1")


@pytest.mark.parametrize(
    "clean",
    [
        "The café owner said they don’t expect ‘big changes’ soon.\n",
        "Enquête sur la crise: les élèves sont partis.\n",
        "Prices rose 5 per cent – a record, officials said. José Núñez agreed.\n",
    ],
)
def test_mojibake_is_repaired(tmp_path: Path, clean: str) -> None:
    broken = clean.encode("utf-8").decode("cp1252")  # "donâ€™t", "EnquÃªte": UTF-8 once read as cp1252
    assert broken != clean
    decoded = decode(broken.encode("utf-8"))
    assert (decoded.text, decoded.encoding, decoded.repaired) == (clean, "utf-8", True)
    assert _load_one(tmp_path, "a.txt", broken.encode("utf-8")).text == clean


def test_mojibake_in_a_json_field_is_repaired(tmp_path: Path) -> None:
    broken = "Officials donâ€™t expect the EnquÃªte to end soon."
    source = _load_one(tmp_path, "a.json", json.dumps({"title": "Câ€™est la vie", "text": broken}, ensure_ascii=False))
    assert source.text == "Officials don’t expect the Enquête to end soon."
    assert source.title == "C’est la vie"


def test_correct_text_is_left_alone() -> None:
    text = "It’s “fine” — 5 × 3 = 15, ½ cup, £10, Ünïcödé, 東京.\n"
    decoded = decode(text.encode("utf-8"))
    assert (decoded.text, decoded.repaired) == (text, False)


@pytest.mark.parametrize(
    ("name", "raw"),
    [
        ("a.txt", b"May 2, 2024\r\nFirst line of the story here.\r\nSecond line.\r\n"),
        (
            "a.md",
            b"---\r\ntitle: CRLF story\r\n---\r\nMay 2, 2024\r\nFirst line of the story here.\r\nSecond line.\r\n",
        ),
        ("a.json", b'{"text": "May 2, 2024\\r\\nFirst line of the story here.\\r\\nSecond line."}\r\n'),
    ],
)
def test_crlf_newlines_normalized(tmp_path: Path, name: str, raw: bytes) -> None:
    source = _load_one(tmp_path, name, raw)
    assert "\r" not in source.text
    assert source.text.rstrip("\n") == "May 2, 2024\nFirst line of the story here.\nSecond line."
    assert source.published == date(2024, 5, 2)


def test_crlf_html_page(tmp_path: Path) -> None:
    source = _load_one(tmp_path, "a.html", _page().replace("\n", "\r\n"))
    assert "\r" not in source.text
    assert source.text.startswith("Council approves road budget\n" + LEAD)


# --- outlets -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "outlet"),
    [
        ("https://www.reuters.com/world/us/story-2024-05-03/", "Reuters"),
        ("https://uk.reuters.com/article/x", "Reuters"),
        ("https://edition.cnn.com/2024/05/03/world/x/index.html", "CNN"),
        ("https://www.bbc.co.uk/news/world-123", "BBC"),
        ("https://apnews.com/article/abc", "Associated Press"),
        ("https://news.example.co.uk/a", "example.co.uk"),
        ("https://blog.example.com/a", "example.com"),
        ("https://localhost/a", None),
        ("not a url", None),
    ],
)
def test_outlet_from_url(url: str, outlet: str | None) -> None:
    assert outlets.outlet_from_url(url) == outlet


@pytest.mark.parametrize(
    ("text", "outlet"),
    [
        ("WASHINGTON (Reuters) - The U.S. Senate passed the bill on Friday.", "Reuters"),
        ("New Delhi [India], May 3 (ANI): The government said on Friday.", "ANI"),
        ("LONDON (AP) — Britain said on Friday.", "Associated Press"),
        ("PARIS (AFP) - France said on Friday.", "AFP"),
        ("Two officials confirmed to CBS News that the strike took place.", "CBS News"),
        ("Two officials told Reuters that the strike took place.", None),  # a wire's own story, reprinted
        ("Officials said the bridge reopened. (With inputs from Reuters)", None),
        ("Officials confirmed to CBS News the strike. (With inputs from AP)", None),
        ("The council met on Monday and approved the budget.", None),
    ],
)
def test_outlet_from_text(text: str, outlet: str | None) -> None:
    assert outlets.outlet_from_text(text) == outlet


@pytest.mark.parametrize(
    ("text", "credited"),
    [
        ("Officials said the bridge reopened.\n\n(with inputs from Reuters)", ["Reuters"]),
        ("WASHINGTON (Reuters) - Officials said.", ["Reuters"]),
        ("Officials said. This story originally appeared in The Guardian.", ["The Guardian"]),
        ("Two officials confirmed to CBS News that the strike took place.", []),
    ],
)
def test_article_credits(text: str, credited: list[str]) -> None:
    assert [c.outlet for c in outlets.article_credits(text)] == credited


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("AP", "Associated Press"),
        (" the associated press ", "Associated Press"),
        ("BBC News", "BBC"),
        ("Daily Planet", "Daily Planet"),
    ],
)
def test_canonical_outlet_names(name: str, expected: str) -> None:
    assert outlets.canonical(name) == expected


@pytest.mark.parametrize(
    ("text", "outlet", "how"),
    [
        pytest.param(
            f"---\noutlet: Daily Planet\n---\n{STORY}\n", "Daily Planet", OutletSource.FRONTMATTER, id="front-matter"
        ),
        pytest.param(
            f"---\nsource: The Planet\n---\n{STORY}\n", "The Planet", OutletSource.FRONTMATTER, id="front-source"
        ),
        pytest.param(
            f"---\nurl: https://www.reuters.com/world/floods\n---\n{STORY}\n",
            "Reuters",
            OutletSource.URL_DOMAIN,
            id="url",
        ),
        pytest.param(f"WASHINGTON (Reuters) - {STORY}\n", "Reuters", OutletSource.TEXT_CREDIT, id="wire-dateline"),
        pytest.param(f"New Delhi [India], May 3 (ANI): {STORY}\n", "ANI", OutletSource.TEXT_CREDIT, id="ani"),
        pytest.param(
            f"{STORY} Two officials confirmed to CBS News that roads were closed.\n",
            "CBS News",
            OutletSource.TEXT_CREDIT,
            id="lead",
        ),
        pytest.param(
            f"---\noutlet: Daily Planet\n---\nWASHINGTON (Reuters) - {STORY}\n",
            "Daily Planet",
            OutletSource.FRONTMATTER,
            id="front-wins",
        ),
        pytest.param(f"{STORY}\n", None, None, id="unknown"),
    ],
)
def test_outlet_through_the_loader(tmp_path: Path, text: str, outlet: str | None, how: OutletSource | None) -> None:
    source = _load_one(tmp_path, "a.txt", text)
    assert source.outlet == outlet
    assert source.outlet_source == how


def test_inputs_credit_is_a_derivation_not_the_outlet(tmp_path: Path) -> None:
    source = _load_one(tmp_path, "a.txt", f"{STORY}\n\n(with inputs from Reuters)\n")
    assert source.outlet is None
    assert source.outlet_source is None
    (link,) = source.derived_from
    assert (link.kind, link.outlet, link.source, link.evidence) == (
        DerivationKind.CREDIT,
        "Reuters",
        None,
        "with inputs from Reuters",
    )


def test_wire_dateline_outlet_does_not_credit_itself(tmp_path: Path) -> None:
    source = _load_one(tmp_path, "a.txt", f"WASHINGTON (Reuters) - {STORY}\n")
    assert source.outlet == "Reuters"
    assert source.derived_from == []
