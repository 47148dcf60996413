"""Every claim can be traced to its file: `origin` (path, record, line, column) points at the evidence in
the original file, whatever the reader did to the text (front matter, heading marks, HTML tags and
entities, whitespace, JSON escapes, several records in one file).

The case folder tests/cases/trace/articles/ holds one invented article per input format.
"""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from crosscheck.cli import app
from crosscheck.loader.origin import FileText, _trace, align, html_view, json_value_span, trace, whole
from crosscheck.models import Claim, Origin, Report, Source, SourceFormat
from crosscheck.pipeline import run
from crosscheck.settings import Settings

runner = CliRunner()
CASE = Path(__file__).parent / "cases" / "trace"
ARTICLES = CASE / "articles"
FORMATS = {
    ".txt": SourceFormat.TEXT,
    ".md": SourceFormat.MARKDOWN,
    ".html": SourceFormat.HTML,
    ".json": SourceFormat.JSON,
    ".jsonl": SourceFormat.JSONL,
}


def lines_of(text: str) -> list[str]:
    """The file's lines as an editor numbers them ("\\n", "\\r\\n" or "\\r" ends one)."""
    return re.split(r"\r\n|\r|\n", text)


def region(text: str, line: int, column: int, end_line: int, end_column: int) -> str:
    """The file's characters from (line, column) up to (end_line, end_column), exclusive, 1-based."""
    lines = lines_of(text)
    if line == end_line:
        return lines[line - 1][column - 1 : end_column - 1]
    middle = lines[line : end_line - 1]
    return "\n".join([lines[line - 1][column - 1 :], *middle, lines[end_line - 1][: end_column - 1]])


def decoded(fmt: SourceFormat, raw: str) -> str:
    """What a reader makes of the file's characters: JSON escapes, then markup and entities, spaces collapsed."""
    if fmt in (SourceFormat.JSON, SourceFormat.JSONL):
        raw = json.loads(f'"{raw}"')
    if fmt is SourceFormat.HTML or re.search(r"<[a-z/][^>]*>|&#?\w+;", raw):
        raw = html.unescape(re.sub(r"<[^>]*>", "", raw))
    return " ".join(raw.split())


def first_words(text: str) -> str:
    """The claim's words up to and including its first word (a quote mark before it stays)."""
    match = re.search(r"\w+", text)
    assert match
    return text[: match.end()]


def assert_points_at(origin: Origin, claim_text: str, fmt: SourceFormat, file_text: str) -> None:
    """The file at origin starts with the claim's first words, and the origin's region reads as the claim."""
    rest = lines_of(file_text)[origin.line - 1][origin.column - 1 :]
    start = decoded(fmt, rest[:200] if fmt not in (SourceFormat.JSON, SourceFormat.JSONL) else _escapes_whole(rest))
    assert start.startswith(first_words(claim_text)), (origin, claim_text, rest[:80])
    spanned = region(file_text, origin.line, origin.column, origin.end_line, origin.end_column)
    assert decoded(fmt, spanned) == " ".join(claim_text.split()), (origin, claim_text, spanned)


def _escapes_whole(rest: str) -> str:
    """A JSON line from a string's middle, cut before its closing quote (so it decodes)."""
    end = re.match(r'(?:[^"\\]|\\.)*', rest)
    assert end
    return end.group()


@pytest.fixture(scope="module")
def report() -> Report:
    """The case folder, run from the repository's tests folder with a relative path."""
    return run([ARTICLES], Settings())


@pytest.fixture(scope="module")
def extracted() -> list[dict[str, Any]]:
    """`crosscheck extract` (JSON Lines) of the case folder, run from inside the case folder."""
    result = _invoke(["extract", "articles", "-q"], CASE)
    return [json.loads(line) for line in result.splitlines()]


def _invoke(args: list[str], where: Path) -> str:
    import contextlib

    with contextlib.chdir(where):
        result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_every_format_is_in_the_case(report: Report) -> None:
    assert {source.format for source in report.sources} == set(FORMATS.values())
    for source in report.sources:
        assert any(c.source == source.id for c in report.claims), f"{source.path}: no claim to trace"


# --- item 6: a claim read alone says where it comes from --------------------------------------------


def test_each_jsonl_claim_alone_locates_its_evidence(extracted: list[dict[str, Any]]) -> None:
    """A consumer with one line of `extract` output and the files finds the claim's words: nothing else needed."""
    assert extracted
    for claim in extracted:
        origin = claim["origin"]
        assert set(origin) == {"path", "record", "record_line", "line", "column", "end_line", "end_column", "exact"}
        path = CASE / origin["path"]
        assert not Path(origin["path"]).is_absolute() and origin["path"].startswith("articles/")
        fmt = FORMATS[path.suffix]
        assert origin["exact"], claim
        assert_points_at(Origin.model_validate(origin), claim["text"], fmt, path.read_text(encoding="utf-8"))


def test_feed_claims_name_their_record_and_its_line(extracted: list[dict[str, Any]]) -> None:
    feeds = {}
    for claim in extracted:
        origin = claim["origin"]
        if origin["path"].endswith((".json", ".jsonl")):
            feeds.setdefault(origin["path"], set()).add((origin["record"], origin["record_line"]))
        else:
            assert origin["record"] is None and origin["record_line"] is None
    file_lines = {path: lines_of((CASE / path).read_text(encoding="utf-8")) for path in feeds}
    assert set(feeds) == {"articles/feed.json", "articles/feed.jsonl"}
    for path, records in feeds.items():
        for record, line in records:
            assert f'"id": "{record}"' in "\n".join(file_lines[path][line - 1 : line + 1]), (path, record, line)
    assert {record for record, _line in feeds["articles/feed.jsonl"]} >= {"n1", "n3"}


def test_origins_do_not_depend_on_the_other_inputs(report: Report) -> None:
    """Ids are numbered over the whole run; a claim's origin is the same when its file is read alone."""
    alone = run([ARTICLES / "feed.jsonl"], Settings())
    together = {(c.text, c.start): c.origin for c in report.claims if c.origin and c.origin.path.endswith(".jsonl")}
    assert {(c.text, c.start): c.origin for c in alone.claims} == together
    assert [c.id for c in alone.claims] != [c.id for c in report.claims if c.origin and c.origin.path.endswith("l")]


def test_report_and_extract_json_carry_the_origin() -> None:
    for args in (["report", "articles", "--format", "json", "-q"], ["extract", "articles", "--format", "json", "-q"]):
        first = _invoke(args, CASE)
        assert first == _invoke(args, CASE), "the same input must give byte-identical JSON"
        data = json.loads(first)
        claims = data["claims"] if isinstance(data, dict) else data
        assert claims and all(c["origin"]["path"].startswith("articles/") for c in claims)
        if isinstance(data, dict):
            assert data["schema_version"] == 1
            assert all(s["text_map"] for s in data["sources"])


def test_sources_output_leaves_the_text_map_out_with_the_text() -> None:
    for line in _invoke(["sources", "articles", "--format", "jsonl", "-q"], CASE).splitlines():
        row = json.loads(line)
        assert "text" not in row and "text_map" not in row


def test_schema_documents_the_origin() -> None:
    schema = json.loads(_invoke(["schema"], CASE))
    definitions = schema["$defs"]
    origin = definitions["Origin"]
    assert set(origin["properties"]) == set(Origin.model_fields)
    for name, field in origin["properties"].items():
        assert field.get("description"), f"Origin.{name} has no description"
    assert "code points" in origin["properties"]["column"]["description"]
    assert "origin" in definitions["Claim"]["properties"]
    assert definitions["Claim"]["properties"]["origin"]["description"]
    assert definitions["Source"]["properties"]["text_map"]["description"]
    assert schema["properties"]["schema_version"]["default"] == 1


def test_installed_command_pipes_origins(tmp_path: Path) -> None:
    """As a user would: the installed command's JSON Lines into a JSON parser, paths relative to the cwd."""
    command = Path(sys.executable).with_name("crosscheck")
    output = subprocess.run(
        [str(command), "extract", "articles/page.html", "-q"],
        cwd=CASE,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    claims = [json.loads(line) for line in output.splitlines()]
    assert claims and {c["origin"]["path"] for c in claims} == {"articles/page.html"}


# --- item 7: the location is in the original file, for every format -------------------------------


@pytest.mark.parametrize("suffix", list(FORMATS))
def test_origin_points_at_the_evidence_in_the_file(report: Report, suffix: str) -> None:
    sources = {s.id: s for s in report.sources if s.path.endswith(suffix)}
    claims = [c for c in report.claims if c.source in sources]
    assert claims, suffix
    for claim in claims:
        source = sources[claim.source]
        assert claim.origin is not None and claim.origin.exact, claim
        assert claim.origin.path == source.path
        text = Path(source.path).read_text(encoding="utf-8")
        assert_points_at(claim.origin, claim.text, source.format, text)


def test_every_word_of_every_source_is_located(report: Report) -> None:
    """Not only the claims: each word of each source's text maps to that word in the file."""
    for source in report.sources:
        text = Path(source.path).read_text(encoding="utf-8")
        for match in re.finditer(r"\w+", source.text):
            origin = source.origin_of(match.start(), match.end())
            assert origin.exact, (source.path, match.group())
            assert_points_at(origin, match.group(), source.format, text)


def test_html_evidence_is_not_read_from_the_menu_or_json_ld(report: Report) -> None:
    """The page's nav and its JSON-LD also say "14 dams": the text's words are the article's."""
    (page,) = [s for s in report.sources if s.format is SourceFormat.HTML]
    file_lines = lines_of(Path(page.path).read_text(encoding="utf-8"))
    start = page.text.index("14 dams")
    line, column = page.position(start)
    assert file_lines[line - 1].startswith("<p>Engineers said") and file_lines[line - 1][column - 1 :].startswith("14")


def test_json_evidence_is_read_from_the_text_field_not_the_summary(report: Report) -> None:
    (feed,) = [s for s in report.sources if s.record == "vale-1"]
    line, column = feed.position(feed.text.index("The council approved"))
    file_line = lines_of(Path(feed.path).read_text(encoding="utf-8"))[line - 1]
    assert file_line[: column - 1].endswith('"text": "') and file_line[column - 1 :].startswith("The council")


def test_crlf_files_have_the_same_lines_and_columns(tmp_path: Path, report: Report) -> None:
    for name in ("text.txt", "markdown.md", "page.html"):
        (tmp_path / name).write_bytes((ARTICLES / name).read_bytes().replace(b"\n", b"\r\n"))
    crlf = run([tmp_path], Settings())
    unix = {(Path(c.origin.path).name, c.text): c.origin for c in report.claims if c.origin}
    assert crlf.claims
    for claim in crlf.claims:
        assert claim.origin is not None
        expected = unix[(Path(claim.origin.path).name, claim.text)]
        assert claim.origin.model_dump(exclude={"path"}) == expected.model_dump(exclude={"path"})


# --- the map itself: approximations, odd input ------------------------------------------------------


def test_words_the_reader_rewrote_take_the_place_of_the_nearest_found_words() -> None:
    file = FileText("<p>Alpha beta gamma.</p>\n<p>Delta epsilon zeta.</p>\n")
    text = "Alpha beta gamma.\nREWRITTEN epsilon zeta."
    text_map = trace(text, file, SourceFormat.HTML)
    source = Source(id="s1", path="x.html", format=SourceFormat.HTML, words=6, text=text, text_map=text_map)
    rewritten = source.origin_of(text.index("REWRITTEN"), text.index("REWRITTEN") + 9)
    assert not rewritten.exact
    assert (rewritten.line, rewritten.column) == (2, 10)  # the line's first words that were found
    found = source.origin_of(text.index("epsilon"), text.index("epsilon") + 7)
    assert found.exact and (found.line, found.column) == (2, 10)


def test_a_text_found_nowhere_starts_at_its_first_line() -> None:
    text_map = trace("Nothing of this is in the file.", FileText("Other words entirely.\n"), SourceFormat.TEXT, 3)
    assert text_map == [(0, 3, 1, False)]


def test_a_source_without_a_map_runs_from_its_first_line() -> None:
    source = Source(id="s1", path="a.txt", words=2, text="one\ntwo three", text_line=4)
    origin = source.origin_of(8, 13)
    assert (origin.line, origin.column, origin.end_line, origin.end_column, origin.exact) == (5, 5, 5, 10, False)


def test_a_claim_without_its_source_in_the_report_keeps_no_origin() -> None:
    claim = Claim.model_validate(
        {
            "id": "s9.c1",
            "source": "s9",
            "kind": "count",
            "subject": {"key": "k", "label": "l"},
            "value": {"kind": "quantity", "low": 1, "high": 1, "unit": "item"},
            "text": "1 dog",
            "sentence": "1 dog.",
            "start": 0,
            "end": 5,
            "rule": "r",
        }
    )
    report = Report(crosscheck="0", sources=[], claims=[claim], groups=[], warnings=[])
    assert report.claims[0].origin is None


def test_a_text_the_file_does_not_hold_costs_little() -> None:
    """Each line and phrase found nowhere must not cost a scan of the whole file (a 1 MB page, 12,000 phrases)."""
    import random
    import time

    rng = random.Random(1)
    words = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "theta", "kappa", "lambda", "sigma"]
    page = "".join(f"<p>{' '.join(rng.choice(words) for _ in range(30))}</p>\n" for _ in range(5000))
    text = "\n".join(" ".join("-".join(rng.choice(words) for _ in range(4)) for _ in range(10)) for _ in range(1200))
    started = time.perf_counter()
    text_map = trace(text, FileText(f"<html><body>{page}</body></html>"), SourceFormat.HTML)
    assert time.perf_counter() - started < 5  # about 0.3 s; scanning the page per phrase took 20 s
    assert text_map == [(0, 1, 1, False)]


def test_json_value_span_finds_the_key_at_the_shallowest_depth() -> None:
    text = '{"meta": {"text": "inner"}, "text": "outer", "list": ["a", {"text": "x"}]}'
    assert text[slice(*json_value_span(text, 0, "text") or (0, 0))] == '"outer"'
    hit = '{"_id": "h", "_source": {"title": "t", "text": ["one", "two"]}}'
    assert hit[slice(*json_value_span(hit, 0, "text") or (0, 0))] == '["one", "two"]'
    assert json_value_span(hit, 0, "body") is None


def test_html_view_drops_markup_and_keeps_where_each_character_came_from() -> None:
    page = "<head><title>T</title></head><p>A&amp;B <b>bold</b>\n   next</p><script>x=1</script><p>end</p>"
    view = html_view(whole(FileText(page)))
    assert view.text == "A&B bold next end"
    assert page[view.file_start(view.text.index("&"))] == "&" and page[view.file_end(1)] == "B"
    assert page[view.file_start(view.text.index("next")) :].startswith("next")


def test_align_finds_lines_the_reader_changed() -> None:
    view = "Intro words here. About 300 homes were lost. Tail."
    runs = align("- About 300 homes were lost.", view)
    assert [(view[v : v + n]) for _t, v, n in runs] == ["About 300 homes were lost."]


@settings(max_examples=300, deadline=None)
@given(
    file_text=st.text(alphabet=st.sampled_from('ab <>&;#"\\\n\r\tpu0{}[]:'), max_size=300),
    text=st.text(alphabet=st.sampled_from("ab \n&'\"xy"), max_size=120),
    fmt=st.sampled_from(list(SourceFormat)),
    data=st.data(),
)
def test_the_map_never_breaks_on_odd_input(file_text: str, text: str, fmt: SourceFormat, data: Any) -> None:
    """Any text against any file: anchors in order, on real lines, and every offset has a place."""
    file = FileText(file_text)
    start = data.draw(st.integers(0, len(file_text)))
    span = (start, data.draw(st.integers(start, len(file_text))))
    markup = data.draw(st.sampled_from([None, True, False]))
    text_map = _trace(text, file, fmt, 1, span, markup) if text.strip() else []
    assert [a[0] for a in text_map] == sorted({a[0] for a in text_map})
    line_count = len(file.line_starts())
    for _offset, line, column, _exact in text_map:
        assert 1 <= line <= line_count and column >= 1
    source = Source(id="s1", path="p", format=fmt, words=1, text=text or " ", text_map=text_map)
    for offset in range(len(source.text) + 1):
        origin = source.origin_of(offset, min(offset + 3, len(source.text)))
        assert origin.line >= 1 and origin.column >= 1 and origin.end_line >= origin.line
        if text_map and offset < len(text) and not text[offset].isspace():  # a word: on one of the file's lines
            assert origin.line <= line_count, (offset, origin)
