"""Loader: front matter, publication dates, folder walking, unreadable files, no side effects."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

from conftest import SourceFactory, write_file
from crosscheck.errors import LoadError
from crosscheck.loader import iter_article_paths, load_paths, require_sources
from crosscheck.models import PublishedSource
from crosscheck.settings import Settings

BODY = "Officials said the bridge reopened to traffic after repairs.\n"


# --- front matter -------------------------------------------------------------------------------


def test_front_matter_wins_over_text(make_source: SourceFactory) -> None:
    text = (
        "---\n"
        "title: Bridge reopens\n"
        "outlet: Daily Planet\n"
        "url: https://example.com/bridge\n"
        "published: 2024-01-02\n"
        "---\n"
        "A headline in the text itself here\n"
        "May 2, 2024\n\n"
        "Published on: May 03, 2024 13:14 IST\n" + BODY
    )
    source = make_source(text)
    assert source.title == "Bridge reopens"
    assert source.outlet == "Daily Planet"
    assert source.url == "https://example.com/bridge"
    assert source.published == date(2024, 1, 2)
    assert source.published_source is PublishedSource.FRONTMATTER
    assert source.published_text == "2024-01-02"
    assert not source.text.startswith("---"), "front matter is stripped from the text"
    assert source.text.startswith("A headline in the text itself here")


def test_front_matter_string_date_and_unknown_keys(make_source: SourceFactory) -> None:
    source = make_source("---\nPublished: 'March 5, 2023'\nauthor: Someone\n---\n" + BODY)
    assert source.published == date(2023, 3, 5)
    assert source.published_source is PublishedSource.FRONTMATTER
    assert source.outlet is None


def test_front_matter_unparsable_date_falls_back_to_text(make_source: SourceFactory) -> None:
    source = make_source("---\npublished: not a date\n---\nMay 2, 2024\n" + BODY)
    assert source.published == date(2024, 5, 2)
    assert source.published_source is PublishedSource.DATELINE


def test_malformed_front_matter_raises_value_error(make_source: SourceFactory) -> None:
    with pytest.raises(ValueError, match="front matter is not valid YAML"):
        make_source("---\ntitle: [unclosed\n---\n" + BODY)


def test_malformed_front_matter_is_a_load_failure_and_run_goes_on(tmp_path: Path) -> None:
    write_file(tmp_path / "a.txt", BODY)
    write_file(tmp_path / "b.md", "---\ntitle: [unclosed\n---\n" + BODY)
    write_file(tmp_path / "c.txt", BODY)
    result = load_paths([tmp_path], Settings())
    assert [Path(s.path).name for s in result.sources] == ["a.txt", "c.txt"]
    assert len(result.failures) == 1
    assert Path(result.failures[0].path).name == "b.md"
    assert "front matter" in result.failures[0].reason


def test_front_matter_bad_yaml_date_reason_names_front_matter(tmp_path: Path) -> None:
    write_file(tmp_path / "a.txt", "---\npublished: 2024-02-30\n---\n" + BODY)
    result = load_paths([tmp_path], Settings())
    assert len(result.failures) == 1
    assert "front matter" in result.failures[0].reason


def test_source_ids_are_consecutive_when_a_file_fails(tmp_path: Path) -> None:
    write_file(tmp_path / "a.txt", BODY)
    write_file(tmp_path / "b.md", "---\ntitle: [unclosed\n---\n" + BODY)
    write_file(tmp_path / "c.txt", BODY)
    result = load_paths([tmp_path], Settings())
    assert [s.id for s in result.sources] == ["s1", "s2"]


# --- publication dates ---------------------------------------------------------------------------


def test_published_marker_beats_page_date(make_source: SourceFactory) -> None:
    text = (
        "Wednesday, June 19, 2024\n"
        "Troops asked to leave the country after talks\n\n"
        "Edited By: Someone Published on: May 03, 2024 13:14 IST\n" + BODY
    )
    source = make_source(text)
    assert source.published == date(2024, 5, 3)
    assert source.published_source is PublishedSource.PUBLISHED_MARKER
    assert source.published_text == "Published on: May 03, 2024 13:14 IST"


@pytest.mark.parametrize(
    ("first_lines", "expected", "words"),
    [
        ("May 2, 2024\n", date(2024, 5, 2), "May 2, 2024"),
        ("Headline of the story goes here\n\nMay 03, 2024 04:50 IST\n", date(2024, 5, 3), "May 03, 2024 04:50 IST"),
        ("3 May 2024\n", date(2024, 5, 3), "3 May 2024"),
        ("2024-05-03\n", date(2024, 5, 3), "2024-05-03"),
        ("WASHINGTON, May 3, 2024 — Officials said ", date(2024, 5, 3), "WASHINGTON, May 3, 2024 —"),
        (
            "Headline\n\nLAGOS, Nigeria, 3 May 2024 (Reuters) - Gunmen ",
            date(2024, 5, 3),
            "LAGOS, Nigeria, 3 May 2024 (Reuters) -",
        ),
        ("Paris, Jan. 5, 2023: The ", date(2023, 1, 5), "Paris, Jan. 5, 2023:"),
    ],
)
def test_dateline_near_top(make_source: SourceFactory, first_lines: str, expected: date, words: str) -> None:
    source = make_source(first_lines + BODY)
    assert source.published == expected
    assert source.published_source is PublishedSource.DATELINE
    assert source.published_text == words


def test_dateline_beats_page_date(make_source: SourceFactory) -> None:
    source = make_source("Wednesday, June 19, 2024\nA headline about the bridge here\nMay 2, 2024\n" + BODY)
    assert source.published == date(2024, 5, 2)


def test_date_inside_a_sentence_is_not_a_dateline(make_source: SourceFactory) -> None:
    source = make_source("He said on May 3, 2024 - that the talks had failed.\n" + BODY)
    assert source.published is None


def test_dateline_far_down_is_ignored(make_source: SourceFactory) -> None:
    source = make_source(BODY * 20 + "May 2, 2024\n")
    assert source.published is None


def test_undated_text(make_source: SourceFactory) -> None:
    source = make_source("A bridge reopened. It had been closed since 2019 for repairs.\n")
    assert source.published is None
    assert source.published_source is None
    assert source.published_text is None


def test_published_option_only_for_undated(make_source: SourceFactory) -> None:
    option = date(2024, 1, 1)
    undated = make_source(BODY, published=option)
    assert undated.published == option
    assert undated.published_source is PublishedSource.OPTION
    dated = make_source("May 2, 2024\n" + BODY, published=option)
    assert dated.published == date(2024, 5, 2)
    assert dated.published_source is PublishedSource.DATELINE
    front = make_source("---\npublished: 2023-03-05\n---\n" + BODY, published=option)
    assert front.published == date(2023, 3, 5)
    assert front.published_source is PublishedSource.FRONTMATTER


def test_published_option_through_load_paths(tmp_path: Path) -> None:
    write_file(tmp_path / "a.txt", BODY)
    write_file(tmp_path / "b.txt", "May 2, 2024\n" + BODY)
    result = load_paths([tmp_path], Settings(published=date(2024, 1, 1)))
    by_name = {Path(s.path).name: s for s in result.sources}
    assert by_name["a.txt"].published_source is PublishedSource.OPTION
    assert by_name["b.txt"].published_source is PublishedSource.DATELINE


@pytest.mark.parametrize(
    ("prefix", "published", "how"),
    [
        ("000", date(2024, 5, 3), PublishedSource.PUBLISHED_MARKER),
        ("001", None, None),
        ("002", date(2024, 5, 3), PublishedSource.DATELINE),
        ("003", date(2024, 5, 2), PublishedSource.DATELINE),
        ("004", None, None),
    ],
)
def test_fixture_publication_dates(
    fixtures_dir: Path, prefix: str, published: date | None, how: PublishedSource | None
) -> None:
    result = load_paths([fixtures_dir], Settings())
    assert not result.failures
    (source,) = [s for s in result.sources if Path(s.path).name.startswith(prefix)]
    assert source.published == published
    assert source.published_source == how


def test_fixtures_load_in_path_order(fixtures_dir: Path) -> None:
    result = load_paths([fixtures_dir], Settings())
    assert [s.id for s in result.sources] == ["s1", "s2", "s3", "s4", "s5"]
    assert [Path(s.path).name[:3] for s in result.sources] == ["000", "001", "002", "003", "004"]
    assert all(s.words > 300 for s in result.sources)


# --- files and folders ---------------------------------------------------------------------------


def test_folders_recursive_sorted_hidden_and_extensions(tmp_path: Path) -> None:
    write_file(tmp_path / "b.txt", BODY)
    write_file(tmp_path / "a.md", BODY)
    write_file(tmp_path / "sub" / "c.text", BODY)
    write_file(tmp_path / "sub" / "deeper" / "d.markdown", BODY)
    write_file(tmp_path / "UPPER.TXT", BODY)
    write_file(tmp_path / ".hidden.txt", BODY)
    write_file(tmp_path / ".git" / "e.txt", BODY)
    write_file(tmp_path / "sub" / ".cache" / "f.md", BODY)
    write_file(tmp_path / "photo.jpg", b"\xff\xd8\xff")
    write_file(tmp_path / "notes.docx", BODY)
    write_file(tmp_path / "data.csv", "a,b")
    names = [p.relative_to(tmp_path).as_posix() for p in iter_article_paths(tmp_path, Settings())]
    assert names == ["UPPER.TXT", "a.md", "b.txt", "sub/c.text", "sub/deeper/d.markdown"]
    result = load_paths([tmp_path], Settings())
    assert [Path(s.path).relative_to(tmp_path).as_posix() for s in result.sources] == sorted(names)
    assert [s.id for s in result.sources] == [f"s{i}" for i in range(1, 6)]
    assert not result.failures


def test_file_given_twice_loads_once(tmp_path: Path) -> None:
    path = write_file(tmp_path / "a.txt", BODY)
    result = load_paths([path, tmp_path, path], Settings())
    assert [Path(s.path).name for s in result.sources] == ["a.txt"]


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("binary.txt", b"GIF89a\x00\x01\x02\x00binary", "binary"),
        ("empty.txt", b"", "empty"),
        ("blank.txt", b"  \n\n\t\n", "empty"),
        ("noise.txt", bytes(range(1, 32)) * 40, "binary"),
    ],
)
def test_unreadable_file_is_a_load_failure(tmp_path: Path, name: str, data: bytes, reason: str) -> None:
    write_file(tmp_path / "good.txt", BODY)
    write_file(tmp_path / name, data)
    result = load_paths([tmp_path], Settings())
    assert [Path(s.path).name for s in result.sources] == ["good.txt"]
    assert len(result.failures) == 1
    failure = result.failures[0]
    assert Path(failure.path).name == name
    assert reason in failure.reason


def test_too_large_file_is_a_load_failure(tmp_path: Path) -> None:
    write_file(tmp_path / "small.txt", "Short text.\n")
    write_file(tmp_path / "big.txt", BODY * 10)
    result = load_paths([tmp_path], Settings(max_bytes=100))
    assert [Path(s.path).name for s in result.sources] == ["small.txt"]
    (failure,) = result.failures
    assert Path(failure.path).name == "big.txt"
    assert "over the --max-size limit of 100 bytes" in failure.reason
    assert f"{len(BODY) * 10:,} bytes" in failure.reason


def test_utf8_bom_and_utf16_decode(tmp_path: Path) -> None:
    write_file(tmp_path / "bom.txt", b"\xef\xbb\xbf" + BODY.encode())
    write_file(tmp_path / "wide.txt", BODY.encode("utf-16"))
    result = load_paths([tmp_path], Settings())
    assert [s.text for s in result.sources] == [BODY, BODY]


@pytest.mark.parametrize("kind", ["missing", "empty-folder", "folder-without-articles"])
def test_unusable_path_is_a_failure_and_nothing_loaded_raises(tmp_path: Path, kind: str) -> None:
    if kind == "missing":
        target = tmp_path / "nope"
    else:
        target = tmp_path / "folder"
        target.mkdir()
        if kind == "folder-without-articles":
            write_file(target / "photo.jpg", b"\xff\xd8")
            write_file(target / ".hidden.txt", BODY)
    result = load_paths([target], Settings())
    assert [f.path for f in result.failures] == [str(target)]
    with pytest.raises(LoadError, match=str(target.name)):
        require_sources(result)
    good = write_file(tmp_path / "good.txt", BODY)
    both = load_paths([target, good], Settings())
    assert [s.path for s in both.sources] == [str(good)]
    assert [f.path for f in both.failures] == [str(target)]


def test_crlf_and_cr_normalized(tmp_path: Path) -> None:
    write_file(tmp_path / "a.txt", b"May 2, 2024\r\nFirst line here.\r\nSecond line.\rThird line.\r\n")
    (source,) = load_paths([tmp_path], Settings()).sources
    assert "\r" not in source.text
    assert source.text == "May 2, 2024\nFirst line here.\nSecond line.\nThird line.\n"
    assert source.published == date(2024, 5, 2)


def test_crlf_front_matter(make_source: SourceFactory) -> None:
    source = make_source("---\r\ntitle: CRLF title\r\npublished: 2024-02-03\r\n---\r\nBody text.\r\n")
    assert source.title == "CRLF title"
    assert source.published == date(2024, 2, 3)
    assert source.text == "Body text.\n"


def test_inputs_never_modified(tmp_path: Path) -> None:
    files = {
        "a.txt": b"---\ntitle: T\n---\r\nMay 2, 2024\r\n" + BODY.encode(),
        "b.md": b"\xef\xbb\xbf" + BODY.encode(),
        "sub/c.txt": b"binary\x00data",
        "sub/d.txt": b"",
        "e.txt": b"---\ntitle: [bad\n---\n" + BODY.encode(),
    }
    for name, data in files.items():
        write_file(tmp_path / name, data)
    old = 1_600_000_000
    for name in files:
        os.utime(tmp_path / name, (old, old))
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in tmp_path.rglob("*") if p.is_file()}
    result = load_paths([tmp_path], Settings())
    assert len(result.sources) == 2 and len(result.failures) == 3
    after = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in tmp_path.rglob("*") if p.is_file()}
    assert after == before


def test_title_guess_skips_dates_and_crumbs(make_source: SourceFactory) -> None:
    source = make_source(
        "Wednesday, June 19, 2024\n  1. You Are At:\n  2. News\nRussian troops enter base housing US forces\n" + BODY
    )
    assert source.title == "Russian troops enter base housing US forces"


def test_word_count(make_source: SourceFactory) -> None:
    assert make_source("One two three. U.S. officials don't know.").words == 7
