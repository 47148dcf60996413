"""Loader edge cases: what a file's bytes, markup and URL may hide from a reader of the report.

A file that is not valid UTF-8 is still read, with a note naming the byte; a page of navigation
only is skipped; titles are clean text; an outlet keeps the meaningful part of its host; Markdown
markers stay out of the text the extractor sees, at unchanged offsets.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import write_file
from crosscheck.loader import load_paths
from crosscheck.loader.decode import decode
from crosscheck.loader.text import plain_markdown
from crosscheck.models import OutletSource, SourceFormat
from crosscheck.outlets import outlet_from_url
from crosscheck.settings import Settings

STORY = "Officials in Genève said the café on the square reopened on Thursday after repairs.\n"


# --- encodings: invalid UTF-8 is read, and says which byte -----------------------------------------


def test_cp1252_file_is_read_with_a_note_naming_the_first_bad_byte() -> None:
    raw = STORY.encode("cp1252")
    offset = raw.index(b"\xe8")  # the "è" of Genève: the first byte UTF-8 refuses
    decoded = decode(raw)
    assert decoded.text == STORY
    assert decoded.encoding == "cp1252"
    assert decoded.note == f"not valid UTF-8 (byte 0xe8 at offset {offset}); read as cp1252"


def test_utf8_file_with_one_stray_byte_is_read_and_noted() -> None:
    raw = b"About 60 soldiers arrived at the base on Thursday, officials said. " * 3 + b"Caf\xe9 owners agreed.\n"
    offset = raw.index(b"\xe9")
    decoded = decode(raw)
    assert "About 60 soldiers" in decoded.text and decoded.text.endswith("owners agreed.\n")
    assert decoded.note is not None
    assert decoded.note.startswith(f"not valid UTF-8 (byte 0xe9 at offset {offset}); read as ")


@pytest.mark.parametrize(
    ("raw", "encoding"),
    [
        (STORY.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + STORY.encode("utf-8"), "utf-8"),
        (STORY.encode("utf-16"), "utf-16"),
        (STORY.encode("utf-16-le"), "utf-16-le"),
        (STORY.encode("utf-32"), "utf-32"),
        (b"Plain ASCII text about 60 soldiers.\n", "utf-8"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-bom", "utf-16-no-bom", "utf-32-bom", "ascii"],
)
def test_unicode_files_carry_no_note(raw: bytes, encoding: str) -> None:
    decoded = decode(raw)
    assert decoded.text.strip() == STORY.strip() or decoded.text.startswith("Plain ASCII")
    assert (decoded.encoding, decoded.note) == (encoding, None)


def test_latin1_file_still_reads_its_accents() -> None:
    raw = "Le maire de Genève a déclaré que la rénovation était terminée.\n".encode("latin-1")
    decoded = decode(raw)
    assert "Genève" in decoded.text and "rénovation" in decoded.text
    assert decoded.note is not None and "read as" in decoded.note


def test_report_warns_once_naming_the_file_and_byte_and_keeps_the_file(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from crosscheck.cli import app

    legacy = write_file(tmp_path / "a.txt", STORY.encode("cp1252"))
    write_file(tmp_path / "b.txt", "About 60 soldiers arrived at the base on Thursday, officials said.\n")
    offset = STORY.encode("cp1252").index(b"\xe8")
    result = CliRunner().invoke(app, ["sources", str(tmp_path), "--format", "json"])
    assert result.exit_code == 0, result.stderr
    assert [Path(row["path"]).name for row in json.loads(result.stdout)] == ["a.txt", "b.txt"]
    notes = [line for line in result.stderr.splitlines() if "UTF-8" in line]
    assert notes == [f"crosscheck: warning: {legacy}: not valid UTF-8 (byte 0xe8 at offset {offset}); read as cp1252"]


# --- HTML: a page of menus is no article --------------------------------------------------------

NAVIGATION_ONLY = "no article text found in the HTML (only navigation, links or a footer)"
MENU = (
    '<ul><li><a href="/">Home</a></li><li><a href="/local">Local news</a></li><li><a href="/sport">Sport</a></li></ul>'
)
NAVIGATION_PAGES = {
    "semantic": f"<html><head><title>Eastbridge Herald</title></head><body><header><nav>{MENU}</nav></header>"
    "<footer><p>Copyright 2024 Eastbridge Herald Media. All rights reserved.</p></footer></body></html>",
    "one-word": "<html><head><title>Index</title></head><body><nav>Home</nav></body></html>",
    "links-only": f"<html><head><title>Sections</title></head><body><div>{MENU}</div>"
    '<div><a href="/login">Sign in</a> | <a href="/subscribe">Subscribe</a></div></body></html>',
    "class-names": f'<html><body><div id="top-nav">{MENU}</div><div class="breadcrumbs">Home › Local</div>'
    '<div class="site-footer"><p>The Eastbridge Herald is published by Herald Media Group of Eastbridge.</p></div>'
    "</body></html>",
    "roles": f'<html><body><div role="navigation">{MENU}</div><div role="contentinfo">'
    "<p>Registered office: 4 Mill Lane, Eastbridge, published weekly since 1931.</p></div></body></html>",
}


@pytest.mark.parametrize("page", NAVIGATION_PAGES.values(), ids=NAVIGATION_PAGES.keys())
def test_navigation_only_page_is_skipped_naming_the_file(tmp_path: Path, page: str) -> None:
    write_file(tmp_path / "good.txt", STORY)
    menus = write_file(tmp_path / "menus.html", page)
    result = load_paths([tmp_path], Settings())
    assert [Path(s.path).name for s in result.sources] == ["good.txt"]
    assert [(f.path, f.reason) for f in result.failures] == [(str(menus), NAVIGATION_ONLY)]


@pytest.mark.parametrize(
    "body",
    [
        "<p>Twelve people were hurt.</p>",
        '<p>The <a href="/council">council</a> closed the <a href="/bridge">bridge</a> on Monday.</p>',
        '<div class="has-sidebar nav-open"><p>Twelve people were hurt.</p></div>',
    ],
    ids=["short", "links-in-text", "wrapper-class"],
)
def test_short_article_beside_navigation_keeps_its_text_only(tmp_path: Path, body: str) -> None:
    page = f"<html><head><title>Eastbridge Herald</title></head><body><nav>{MENU}</nav>{body}<footer>Contact</footer>"
    path = write_file(tmp_path / "page.html", page + "</body></html>")
    result = load_paths([path], Settings())
    assert result.failures == []
    (source,) = result.sources
    assert source.format is SourceFormat.HTML
    assert ("Twelve people were hurt." in source.text) or ("closed the bridge on Monday" in source.text)
    for furniture in ("Home", "Local news", "Sport", "Contact"):
        assert furniture not in source.text


# --- titles are clean text -----------------------------------------------------------------------

ARTICLE = "<p>" + "Officials said the bridge reopened to traffic on Monday after two weeks of repairs. " * 3 + "</p>"


@pytest.mark.parametrize(
    ("head", "title"),
    [
        ("<title>Bridge <b>reopens</title>", "Bridge reopens"),
        ("<title>Bridge <b>reopens <i>after repairs</title>", "Bridge reopens after repairs"),
        ("<title>&lt;b&gt;Bridge&lt;/b&gt; reopens</title>", "Bridge reopens"),
        ("<title>&amp;lt;em&amp;gt;Bridge reopens</title>", "Bridge reopens"),
        ("<title>Bridge\n   reopens &amp;  <span>traffic</span> flows</title>", "Bridge reopens & traffic flows"),
        ("<title><![CDATA[Bridge reopens]]></title>", "Bridge reopens"),
        ("<title>Bridge reopens <!-- draft --> on time</title>", "Bridge reopens on time"),
        ("<title>Caf&eacute; owners cheer as bridge reopens</title>", "Café owners cheer as bridge reopens"),
        ("<title>Tolls fall <3% as bridge reopens</title>", "Tolls fall <3% as bridge reopens"),
        ('<meta property="og:title" content="Bridge &lt;i&gt;reopens&lt;/i&gt; today">', "Bridge reopens today"),
        ('<title><b></b></title><meta property="og:title" content="Bridge reopens">', "Bridge reopens"),
    ],
    ids=[
        "unclosed-b",
        "unclosed-b-and-i",
        "escaped-tags",
        "escaped-twice",
        "whitespace-and-entity",
        "cdata",
        "comment",
        "accent-entity",
        "less-than-is-no-tag",
        "og-title",
        "empty-title-falls-back",
    ],
)
def test_html_title_is_clean_text(tmp_path: Path, head: str, title: str) -> None:
    path = write_file(tmp_path / "page.html", f"<html><head>{head}</head><body>{ARTICLE}</body></html>")
    (source,) = load_paths([path], Settings()).sources
    assert source.title == title


def test_front_matter_title_is_clean_text(tmp_path: Path) -> None:
    path = write_file(tmp_path / "a.md", "---\ntitle: 'Bridge <b>reopens</b> &amp; traffic flows'\n---\n" + STORY)
    (source,) = load_paths([path], Settings()).sources
    assert source.title == "Bridge reopens & traffic flows"


# --- outlets: the site's part of a host -----------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "outlet"),
    [
        # a host that gives each site a subdomain: the subdomain is the site
        ("https://riverpost.example.com/2024/05/03/bridge", "riverpost.example.com"),
        ("https://www.riverpost.example.com/bridge", "riverpost.example.com"),
        ("https://amp.riverpost.example.com/bridge", "riverpost.example.com"),
        ("https://m.www.riverpost.example.com/bridge", "riverpost.example.com"),
        ("https://sport.riverpost.example.com/bridge", "riverpost.example.com"),
        ("https://WWW.RiverPost.Example.COM./bridge", "riverpost.example.com"),
        ("https://eastbridge.example.org/bridge", "eastbridge.example.org"),
        ("https://millvalley.blogspot.com/2024/05/bridge.html", "millvalley.blogspot.com"),
        ("https://millvalley.blogspot.co.uk/2024/05/bridge.html", "millvalley.blogspot.co.uk"),
        ("https://m.harbourletter.substack.com/p/bridge", "harbourletter.substack.com"),
        ("https://janeroe.github.io/notes/bridge", "janeroe.github.io"),
        ("https://townhall.wordpress.com/2024/05/03/bridge/", "townhall.wordpress.com"),
        ("https://fieldnotes.medium.com/bridge-123", "fieldnotes.medium.com"),
        # the shared host itself, or one of its sections, is the host's own site
        ("https://www.example.com/bridge", "example.com"),
        ("https://news.example.com/bridge", "example.com"),
        ("https://medium.com/@fieldnotes/bridge-123", "medium.com"),
        # a site's own subdomains belong to it
        ("https://sport.dailyplanet.com/bridge", "dailyplanet.com"),
        ("https://amp.dailyplanet.com/bridge", "dailyplanet.com"),
        # country second levels
        ("https://www.eastbridge.co.uk/bridge", "eastbridge.co.uk"),
        ("https://www.news.com.au/bridge", "news.com.au"),
        ("https://m.harbour.com.au/bridge", "harbour.com.au"),
        ("https://www.transport.gov.uk/bridge", "transport.gov.uk"),
        ("https://www.gov.uk/bridge", "gov.uk"),
        ("https://www.riverpost.co/bridge", "riverpost.co"),
        # no site
        ("https://192.0.2.10/bridge", None),
        ("http://[2001:db8::1]/bridge", None),
    ],
)
def test_outlet_from_url_keeps_the_sites_part(url: str, outlet: str | None) -> None:
    assert outlet_from_url(url) == outlet


def test_outlet_of_a_page_on_a_shared_host(tmp_path: Path) -> None:
    page = (
        '<html><head><title>Bridge reopens</title><link rel="canonical" href="https://riverpost.example.com/bridge">'
        f"</head><body>{ARTICLE}</body></html>"
    )
    (source,) = load_paths([write_file(tmp_path / "page.html", page)], Settings()).sources
    assert (source.outlet, source.outlet_source) == ("riverpost.example.com", OutletSource.URL_DOMAIN)


# --- Markdown: markup out of the text, every line where it was --------------------------------------

MARKDOWN = (
    "---\ntitle: Storm report\npublished: 2024-05-03\n---\n"
    "# Storm kills 12 people in Eastbridge\n"
    "\n"
    "About **300 homes** were damaged by the storm on *Thursday*, officials said.\n"
    "\n"
    "Rescue teams\n"
    "============\n"
    "\n"
    "More than 40 rescuers searched the _riverbank_ overnight, [the council](https://eastbridge.example.org/n) said.\n"
    "\n"
    "## Roads closed after 5 bridges collapse ##\n"
    "\n"
    "> Trains stopped at 7 stations, ![a flooded platform](platform.jpg)the operator said.\n"
    "\n"
    "* * *\n"
    "\n"
    "Traffic on route_9 resumed at 5 * 3 = 15 junctions.\n"
)
MARKDOWN_BODY = MARKDOWN.split("---\n", 2)[2]


def test_markdown_markup_leaves_the_text_and_every_line_keeps_its_place(tmp_path: Path) -> None:
    (source,) = load_paths([write_file(tmp_path / "storm.md", MARKDOWN)], Settings()).sources
    lines, original = source.text.split("\n"), MARKDOWN_BODY.split("\n")
    assert [len(line) for line in lines] == [len(line) for line in original], "every line keeps its length"
    assert [line.strip() for line in lines] == [
        "Storm kills 12 people in Eastbridge",
        "",
        "About 300 homes were damaged by the storm on Thursday, officials said.",
        "",
        "Rescue teams",
        "",
        "",
        "More than 40 rescuers searched the riverbank overnight, the council said.",
        "",
        "Roads closed after 5 bridges collapse",
        "",
        "Trains stopped at 7 stations, the operator said.",
        "",
        "",
        "",
        "Traffic on route_9 resumed at 5 * 3 = 15 junctions.",
        "",
    ]
    assert lines[0].index("Storm") == original[0].index("Storm"), "a heading's words stay in their column"


def test_plain_text_is_kept_as_written(tmp_path: Path) -> None:
    text = "# Storm kills 12 people\n=====\nAbout **300 homes** were damaged, [officials](x) said.\n"
    (source,) = load_paths([write_file(tmp_path / "storm.txt", text)], Settings()).sources
    assert source.text == text


def test_claims_from_markdown_show_no_markup(tmp_path: Path) -> None:
    from crosscheck.extractor import extract

    (source,) = load_paths([write_file(tmp_path / "storm.md", MARKDOWN)], Settings()).sources
    claims = extract([source.model_copy(update={"id": "s1"})], Settings()).claims
    sentences = {claim.sentence for claim in claims}
    assert "Storm kills 12 people in Eastbridge" in sentences
    assert "Roads closed after 5 bridges collapse" in sentences
    for claim in claims:
        assert claim.text == source.text[claim.start : claim.end]
        assert not any(mark in claim.sentence for mark in ("#", "**", "](", "==")), claim.sentence


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab 1#=-*_`[]()!>~\n\t", max_size=120))
def test_markdown_lines_keep_their_length_whatever_the_markup(text: str) -> None:
    plain = plain_markdown(text)
    assert [len(line) for line in plain.split("\n")] == [len(line) for line in text.split("\n")]
    assert set(plain) <= set(text) | {" "}, "markup is only ever taken out"


@pytest.mark.parametrize("marks", ["*a ", "_a ", "**a ", "[a ", "![a](", "[a]("])
def test_a_line_of_unmatched_marks_is_read_once(marks: str) -> None:
    """Each inline pattern looks a bounded distance ahead, so a long line of unmatched marks is read
    in linear time (an unbounded pattern took over a minute here; speed itself is the benchmark's job)."""
    line = marks * 30_000
    assert len(plain_markdown(line)) == len(line)
