"""Bad input never stops a run: every unreadable file is named once, with its reason, and skipped.

Each kind of bad input (binary bytes behind a .txt name, empty and whitespace-only files, a file
over --max-size, an unreadable file, broken symlinks and symlink loops, undecodable bytes,
malformed or truncated JSON, a JSON Lines file with one bad line, HTML with no text or only
navigation, a folder without articles) is checked three ways: through `load_paths` (the failure
names the file and a clear reason, and the good articles beside it still load), through the CLI
in-process (one stderr line per bad file, the JSON report lists it under `skipped`, exit 3; exit 2
when nothing loads) and as a real `python -m crosscheck` process. Inputs are only ever read: the tree is
snapshotted before and after the runs.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import struct
import subprocess
import sys
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from crosscheck.cli import app
from crosscheck.cli.app import parse_size
from crosscheck.errors import LoadError
from crosscheck.loader import files as files_module
from crosscheck.loader import load_paths, parse_document, require_sources
from crosscheck.models import SourceFormat
from crosscheck.settings import Settings

runner = CliRunner()

GOOD = "WASHINGTON, May 3, 2024 — About 60 soldiers arrived at the base on Thursday, officials said.\n"
GOOD_TOO = "LONDON, May 3, 2024 — Nearly 200 people gathered in the square on Friday, police said.\n"
LIMIT = 1000  # bytes: what --max-size 1KB means
HUGE = GOOD * 40  # well over LIMIT, well under the default 20MB
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
NO_ARTICLES = "no article files (.txt, .md, .markdown, .text, .html, .htm, .json, .jsonl, .ndjson) in this folder"
BINARY = "binary file (contains NUL bytes), not text"


# --- bad bytes -----------------------------------------------------------------------------------


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_bytes() -> bytes:
    """A real 1x1 RGBA PNG."""
    header = _chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 6, 0, 0, 0))
    pixels = _chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00\xff"))
    return b"\x89PNG\r\n\x1a\n" + header + pixels + _chunk(b"IEND", b"")


def zip_bytes() -> bytes:
    """A real ZIP archive holding a text article (deflated)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("article.txt", GOOD * 3)
    return buffer.getvalue()


def elf_bytes() -> bytes:
    """The start of an x86-64 ELF executable."""
    ident = b"\x7fELF\x02\x01\x01" + b"\x00" * 9
    return (
        ident + struct.pack("<HHIQQQIHHHHHH", 2, 0x3E, 1, 0x401000, 64, 0, 0, 64, 56, 1, 64, 0, 0) + bytes(range(256))
    )


def _write(path: Path, data: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, encoding="utf-8")
    return path


# --- the cases -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Expected:
    """A failure `load_paths` must report: path relative to the input folder, reason words, line."""

    path: str
    reason: str
    line: int | None = None


@dataclass(frozen=True)
class Case:
    """One kind of bad input: how to write it under a folder, and what must be reported.

    `write` returns extra paths to give besides the folder (a folder without articles, a missing
    path); `loaded` are paths (relative) of sources the bad input must still yield (good JSONL lines).
    """

    id: str
    write: Callable[[Path], list[Path]]
    failures: tuple[Expected, ...]
    loaded: tuple[str, ...] = ()
    root_cannot: bool = False  # root reads anything: the case cannot be built


def _files(**contents: str | bytes) -> Callable[[Path], list[Path]]:
    def write(folder: Path) -> list[Path]:
        for name, data in contents.items():
            _write(folder / name.replace("__", "/"), data)
        return []

    return write


def _broken_link(folder: Path) -> list[Path]:
    (folder / "broken.txt").symlink_to("nowhere.txt")
    return []


def _link_loop(folder: Path) -> list[Path]:
    (folder / "loop_a.txt").symlink_to("loop_b.txt")
    (folder / "loop_b.txt").symlink_to("loop_a.txt")
    (folder / "loop_self.md").symlink_to("loop_self.md")
    return []


def _folder_loop(folder: Path) -> list[Path]:
    _write(folder / "nest" / "inner.txt", GOOD_TOO)
    (folder / "nest" / "up").symlink_to("..", target_is_directory=True)
    return []


def _unreadable_file(folder: Path) -> list[Path]:
    path = _write(folder / "locked.txt", GOOD)
    path.chmod(0)
    return []


def _unreadable_folder(folder: Path) -> list[Path]:
    locked = folder / "locked_dir"
    _write(locked / "inside.txt", GOOD)
    locked.chmod(0)
    return []


def _no_articles(folder: Path) -> list[Path]:
    photos = folder.parent / f"{folder.name}_photos"
    _write(photos / "photo.jpg", b"\xff\xd8\xff\xe0")
    _write(photos / ".hidden.txt", GOOD)
    return [photos]


def _missing(folder: Path) -> list[Path]:
    return [folder.parent / f"{folder.name}_missing.txt"]


JSONL_ONE_BAD_LINE = json.dumps({"id": "a1", "text": GOOD}) + "\n{not json\n" + json.dumps({"text": GOOD_TOO}) + "\n"
JSONL_NO_TEXT_LINE = json.dumps({"text": GOOD}) + "\n" + json.dumps({"title": "headline only"}) + "\n"
HTML_NO_TEXT = "<html><head><title>Page</title><script>var x = 1;</script></head><body><nav></nav></body></html>"
HTML_NAVIGATION_ONLY = (
    "<html><head><title>Eastbridge Herald</title></head><body><header><nav><ul>"
    '<li><a href="/">Home</a></li><li><a href="/local">Local</a></li><li><a href="/sport">Sport</a></li>'
    '</ul></nav></header><div class="main-menu"><a href="/about">About us</a> | <a href="/jobs">Jobs</a></div>'
    "<footer><p>Copyright 2024 Eastbridge Herald. All rights reserved.</p></footer></body></html>"
)
NAVIGATION_ONLY = "no article text found in the HTML (only navigation, links or a footer)"

CASES = [
    Case("png", _files(**{"png.txt": png_bytes()}), (Expected("png.txt", BINARY),)),
    Case("zip", _files(**{"zip.txt": zip_bytes()}), (Expected("zip.txt", BINARY),)),
    Case("elf", _files(**{"elf.txt": elf_bytes()}), (Expected("elf.txt", BINARY),)),
    Case("nul-in-text", _files(**{"nul.txt": b"About 60 soldiers\x00arrived."}), (Expected("nul.txt", BINARY),)),
    Case(
        "control-chars",
        _files(**{"noise.md": bytes(range(1, 32)) * 20}),
        (Expected("noise.md", "binary file (mostly control characters), not text"),),
    ),
    Case("empty", _files(**{"empty.txt": b""}), (Expected("empty.txt", "empty file"),)),
    Case("whitespace", _files(**{"blank.txt": b"  \n\t\r\n   \n"}), (Expected("blank.txt", "empty file"),)),
    Case(
        "unicode-whitespace",
        _files(**{"blank.md": "\u00a0\u2003\u3000\n\u2028".encode()}),
        (Expected("blank.md", "empty file (only whitespace)"),),
    ),
    Case(
        "huge",
        _files(**{"huge.txt": HUGE}),
        (Expected("huge.txt", f"file is {len(HUGE.encode()):,} bytes, over the --max-size limit of 1,000 bytes"),),
    ),
    Case("unreadable-file", _unreadable_file, (Expected("locked.txt", "permission denied"),), root_cannot=True),
    Case("unreadable-folder", _unreadable_folder, (Expected("locked_dir", "Permission denied"),), root_cannot=True),
    Case("broken-symlink", _broken_link, (Expected("broken.txt", "broken symlink (points to nowhere.txt)"),)),
    Case(
        "symlink-loop",
        _link_loop,
        (
            Expected("loop_a.txt", "symlink loop"),
            Expected("loop_b.txt", "symlink loop"),
            Expected("loop_self.md", "symlink loop"),
        ),
    ),
    Case(
        "folder-symlink-to-parent",
        _folder_loop,
        (Expected("nest/up", "symlink loop (folder already visited)"),),
        loaded=("nest/inner.txt",),
    ),
    Case(
        "utf16-truncated",
        _files(**{"wide.txt": b"\xff\xfe" + "About 60 soldiers".encode("utf-16-le") + b"A"}),
        (Expected("wide.txt", "invalid utf-16 text (bad bytes at offset 36)"),),
    ),
    Case(
        "utf8-bom-bad-bytes",
        _files(**{"bom.txt": b"\xef\xbb\xbfAbout 60 \xff\xfe soldiers \xc3\x28"}),
        (Expected("bom.txt", "invalid utf-8"),),
    ),
    Case(
        "malformed-json",
        _files(**{"malformed.json": '{"title": "x", "text": "About 60 soldiers", }'}),
        (
            Expected(
                "malformed.json", "invalid JSON: Expecting property name enclosed in double quotes (line 1, column"
            ),
        ),
    ),
    Case(
        "truncated-json",
        _files(**{"truncated.json": '{"title": "x", "text": "About 60 sol'}),
        (Expected("truncated.json", "invalid JSON: Unterminated string starting at (line 1, column 24)"),),
    ),
    Case(
        "truncated-json-list",
        _files(**{"cut.json": '[\n  {"text": "About 60 soldiers arrived."},\n  {"te'}),
        (Expected("cut.json", "invalid JSON: Unterminated string starting at (line 3, column 4)"),),
    ),
    Case(
        "json-without-articles",
        _files(**{"meta.json": '{"status": "ok", "totalResults": 0, "articles": []}'}),
        (Expected("meta.json", "no article records in this JSON"),),
    ),
    Case(
        "jsonl-one-bad-line",
        _files(**{"feed.jsonl": JSONL_ONE_BAD_LINE}),
        (Expected("feed.jsonl", "invalid JSON: Expecting property name enclosed in double quotes (column 2)", 2),),
        loaded=("feed.jsonl", "feed.jsonl"),
    ),
    Case(
        "jsonl-record-without-text",
        _files(**{"notext.ndjson": JSONL_NO_TEXT_LINE}),
        (Expected("notext.ndjson", "no article text (text/content/body field)", 2),),
        loaded=("notext.ndjson",),
    ),
    Case("html-without-text", _files(**{"empty.html": HTML_NO_TEXT}), (Expected("empty.html", "no article text"),)),
    Case(
        "html-navigation-only",
        _files(**{"menus.html": HTML_NAVIGATION_ONLY}),
        (Expected("menus.html", NAVIGATION_ONLY),),
    ),
    Case(
        "broken-front-matter",
        _files(**{"front.md": "---\ntitle: [unclosed\n---\n" + GOOD}),
        (Expected("front.md", "front matter is not valid YAML"),),
    ),
    Case("folder-without-articles", _no_articles, (Expected("../in_photos", NO_ARTICLES),)),
    Case("missing-path", _missing, (Expected("../in_missing.txt", "no such file or folder"),)),
]


def _skip_if_root(case: Case) -> None:
    if case.root_cannot and IS_ROOT:
        pytest.skip("running as root: permissions do not stop root from reading")


def _relative(path: str, folder: Path) -> str:
    return os.path.relpath(path, folder).replace(os.sep, "/")


@contextlib.contextmanager
def _restored_permissions(folder: Path) -> Iterator[None]:
    """Give chmod-000 entries their permissions back, so that pytest can clean the folder up."""
    try:
        yield
    finally:
        for parent, dirs, names in os.walk(folder):  # top-down: a folder is opened after its chmod
            for name in [*dirs, *names]:
                path = os.path.join(parent, name)
                if not os.path.islink(path):
                    os.chmod(path, 0o755)


# --- load_paths: each case on its own, beside one good article -----------------------------------


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_load_paths_names_the_file_and_the_reason(tmp_path: Path, case: Case) -> None:
    _skip_if_root(case)
    folder = tmp_path / "in"
    _write(folder / "good.txt", GOOD)
    extra = case.write(folder)
    with _restored_permissions(folder):
        result = load_paths([folder, *extra], Settings(max_bytes=LIMIT))
    assert sorted(_relative(s.path, folder) for s in result.sources) == sorted(["good.txt", *case.loaded])
    assert [s.id for s in result.sources] == [f"s{i}" for i in range(1, len(result.sources) + 1)]
    found = sorted(result.failures, key=lambda f: (_relative(f.path, folder), f.line or 0))
    expected_failures = sorted(case.failures, key=lambda e: (e.path, e.line or 0))
    assert [(_relative(f.path, folder), f.line) for f in found] == [(e.path, e.line) for e in expected_failures]
    for failure, expected in zip(found, expected_failures, strict=True):
        assert expected.reason in failure.reason, failure
        assert "\n" not in failure.reason and "Traceback" not in failure.reason
        assert "Error:" not in failure.reason, f"a Python exception leaked into the reason: {failure.reason}"


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_nothing_loaded_is_a_load_error_naming_the_file(tmp_path: Path, case: Case) -> None:
    _skip_if_root(case)
    if case.loaded:
        pytest.skip("this bad input still yields sources")
    folder = tmp_path / "in"
    folder.mkdir()
    extra = case.write(folder)
    with _restored_permissions(folder):
        result = load_paths([folder, *extra], Settings(max_bytes=LIMIT))
    assert result.sources == []
    with pytest.raises(LoadError) as raised:
        require_sources(result)
    message = str(raised.value)
    assert "\n" not in message
    for expected in case.failures:
        assert expected.reason in message or len(result.failures) > 3
    if len(result.failures) == 1:
        failure = result.failures[0]
        assert message == f"{failure.path}: {failure.reason}"
    else:
        assert message.startswith(f"no article could be read ({len(result.failures)} inputs skipped: ")


def test_bad_paths_given_directly(tmp_path: Path) -> None:
    """A broken link, a link loop and a missing file named on the command line, not found in a walk."""
    good = _write(tmp_path / "good.txt", GOOD)
    (tmp_path / "broken.txt").symlink_to(tmp_path / "nowhere.txt")
    (tmp_path / "loop.txt").symlink_to(tmp_path / "loop.txt")
    (tmp_path / "dir_loop").symlink_to(tmp_path / "dir_loop", target_is_directory=True)
    paths = [tmp_path / "broken.txt", tmp_path / "loop.txt", tmp_path / "dir_loop", tmp_path / "gone.md", good]
    result = load_paths(paths, Settings())
    assert [s.path for s in result.sources] == [str(good)]
    assert {f.path: f.reason for f in result.failures} == {
        str(tmp_path / "broken.txt"): f"broken symlink (points to {tmp_path / 'nowhere.txt'})",
        str(tmp_path / "loop.txt"): "symlink loop",
        str(tmp_path / "dir_loop"): "symlink loop",
        str(tmp_path / "gone.md"): "no such file or folder",
    }


def test_folder_symlink_to_parent_reads_each_file_once(tmp_path: Path) -> None:
    _write(tmp_path / "a" / "one.txt", GOOD)
    (tmp_path / "a" / "b").mkdir()
    (tmp_path / "a" / "b" / "back").symlink_to(tmp_path / "a", target_is_directory=True)
    (tmp_path / "a" / "b" / "self").symlink_to(".", target_is_directory=True)
    result = load_paths([tmp_path / "a"], Settings())
    assert [s.path for s in result.sources] == [str(tmp_path / "a" / "one.txt")]
    assert {f.path: f.reason for f in result.failures} == {
        str(tmp_path / "a" / "b" / "back"): "symlink loop (folder already visited)",
        str(tmp_path / "a" / "b" / "self"): "symlink loop (folder already visited)",
    }


def test_permission_denied_even_as_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The reason for an unreadable file, simulated: root can read a chmod-000 file."""
    good = _write(tmp_path / "good.txt", GOOD)
    locked = _write(tmp_path / "locked.txt", GOOD)
    real_open = open

    def guarded_open(file: Any, *args: Any, **kwargs: Any) -> Any:
        if Path(file) == locked:
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(files_module, "open", guarded_open, raising=False)
    result = load_paths([tmp_path], Settings())
    assert [s.path for s in result.sources] == [str(good)]
    assert [(f.path, f.reason) for f in result.failures] == [(str(locked), "permission denied")]


def test_legacy_encoding_bytes_are_decoded_not_skipped(tmp_path: Path) -> None:
    """Bytes that are not UTF-8 but are a common code page are read in it, and say so."""
    path = _write(tmp_path / "cp1252.txt", "Officials in Genève said the café reopened on Thursday.\n".encode("cp1252"))
    (source,) = load_paths([path], Settings()).sources
    assert "Genève" in source.text and "café" in source.text
    assert source.encoding != "utf-8"


def test_malformed_html_still_yields_its_text(tmp_path: Path) -> None:
    page = "<html><body><p>About 60 soldiers <b>arrived <div></p></i>at the base</td> on Thursday, officials said"
    path = _write(tmp_path / "bad.html", page)
    result = load_paths([path], Settings())
    assert result.failures == []
    (source,) = result.sources
    assert source.format is SourceFormat.HTML
    assert "About 60 soldiers" in source.text and "officials said" in source.text


def test_max_size_is_exact(tmp_path: Path) -> None:
    at = _write(tmp_path / "at.txt", GOOD.encode().ljust(LIMIT, b" "))
    over = _write(tmp_path / "over.txt", GOOD.encode().ljust(LIMIT + 1, b" "))
    result = load_paths([tmp_path], Settings(max_bytes=LIMIT))
    assert [s.path for s in result.sources] == [str(at)]
    assert [(f.path, f.reason) for f in result.failures] == [
        (
            str(over),
            "file is 1,001 bytes, over the --max-size limit of 1,000 bytes (raise it with --max-size)",
        )
    ]


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/null"])
def test_device_named_directly_is_bounded(device: str) -> None:
    if not Path(device).exists():
        pytest.skip(f"no {device}")
    result = load_paths([Path(device)], Settings(max_bytes=LIMIT))
    assert result.sources == []
    (failure,) = result.failures
    assert failure.path == device
    expected = "empty file" if device == "/dev/null" else "over the --max-size limit of 1,000 bytes"
    assert expected in failure.reason


# --- parse_size ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "size"),
    [("1KB", 1000), ("10MB", 10_000_000), ("1.5kb", 1500), (" 2 GiB ", 2 * 1024**3), ("512", 512), ("7B", 7)],
)
def test_parse_size_accepts(text: str, size: int) -> None:
    assert parse_size(text) == size


@pytest.mark.parametrize("text", ["12XB", "", "0", "0.4B", "-1KB", "1.5.5MB", "ten MB", "1e3", "1 K B", "MB"])
def test_parse_size_rejects_with_value_error(text: str) -> None:
    with pytest.raises(ValueError):
        parse_size(text)


@pytest.mark.parametrize("value", ["12XB", "0", "-1KB", "ten", "1.5.5MB", ""])
def test_bad_max_size_is_exit_2_with_one_line(tmp_path: Path, value: str) -> None:
    good = _write(tmp_path / "good.txt", GOOD)
    result = runner.invoke(app, ["sources", str(good), "--max-size", value])
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert result.stderr == f"crosscheck: error: --max-size {value!r} is not a size like 500KB, 20MB or 1GB\n"


def test_absurdly_long_max_size_is_a_usage_error(tmp_path: Path) -> None:
    good = _write(tmp_path / "good.txt", GOOD)
    value = "9" * 400
    result = runner.invoke(app, ["sources", str(good), "--max-size", value])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("crosscheck: error: --max-size ")
    assert "internal error" not in result.stderr


@pytest.mark.parametrize("limit", [2**62, 10**20], ids=["4EiB", "1e20"])
def test_large_max_size_still_reads_small_files(tmp_path: Path, limit: int) -> None:
    good = _write(tmp_path / "good.txt", GOOD)
    result = load_paths([good], Settings(max_bytes=limit))
    assert result.failures == []
    assert [s.path for s in result.sources] == [str(good)]


# --- bugs found in the loader (each with the behaviour it should have) ----------------------------


def test_jsonl_line_with_overlong_integer_still_loads(tmp_path: Path) -> None:
    """JSON allows integers of any length; one in an unrelated field must not cost the record."""
    text = (
        json.dumps({"text": GOOD})
        + "\n"
        + '{"text": "About 60 soldiers arrived at the camp.", "views": '
        + "9" * 5000
        + "}\n"
        + json.dumps({"text": GOOD_TOO})
    )
    path = _write(tmp_path / "feed.jsonl", text)
    result = load_paths([path], Settings())
    assert [s.text_line for s in result.sources] == [1, 2, 3]
    assert result.failures == []


def test_json_with_overlong_integer_loads(tmp_path: Path) -> None:
    path = _write(tmp_path / "big.json", '{"text": "About 60 soldiers arrived.", "views": ' + "9" * 5000 + "}")
    result = load_paths([path], Settings())
    assert [s.text for s in result.sources] == ["About 60 soldiers arrived."]
    assert result.failures == []


DEEP_LIST = "[" * 600 + json.dumps(GOOD) + "]" * 600


def test_jsonl_line_with_deeply_nested_text_skips_only_that_line(tmp_path: Path) -> None:
    path = _write(tmp_path / "feed.jsonl", json.dumps({"text": GOOD}) + "\n" + '{"text": ' + DEEP_LIST + "}\n")
    result = load_paths([path], Settings())
    assert [s.text_line for s in result.sources] == [1]
    assert all("RecursionError" not in f.reason for f in result.failures)


def test_json_with_deeply_nested_text_raises_only_value_error() -> None:
    raw = ('{"text": ' + DEEP_LIST + "}").encode()
    with contextlib.suppress(ValueError):
        parse_document(raw, "deep.json", SourceFormat.JSON)


def test_html_with_deeply_nested_json_ld_still_loads(tmp_path: Path) -> None:
    script = '<script type="application/ld+json">' + "[" * 5000 + "]" * 5000 + "</script>"
    page = f"<html><head>{script}</head><body><article><p>{GOOD}</p></article></body></html>"
    path = _write(tmp_path / "page.html", page)
    result = load_paths([path], Settings())
    assert result.failures == []
    (source,) = result.sources
    assert "About 60 soldiers" in source.text


def test_bad_byte_offset_after_utf8_bom_counts_from_file_start(tmp_path: Path) -> None:
    raw = b"\xef\xbb\xbfAbout 60 \xff soldiers"
    assert raw.index(b"\xff") == 12
    path = _write(tmp_path / "bom.txt", raw)
    (failure,) = load_paths([path], Settings()).failures
    assert "offset 12" in failure.reason


# --- odd file names ------------------------------------------------------------------------------


def test_file_name_with_newline_is_one_stderr_line(tmp_path: Path) -> None:
    _write(tmp_path / "good.txt", GOOD)
    _write(tmp_path / "line\nbreak.txt", png_bytes())
    result = runner.invoke(app, ["sources", str(tmp_path), "--format", "json"])
    assert result.exit_code == 3
    assert len(result.stderr.splitlines()) == 1, result.stderr


def test_undecodable_file_name_does_not_break_the_output(tmp_path: Path) -> None:
    good = _write(tmp_path / "good.txt", GOOD)
    odd = _write(tmp_path / os.fsdecode(b"caf\xe9.txt"), GOOD_TOO)
    process = subprocess.run(
        [sys.executable, "-m", "crosscheck", "sources", str(tmp_path), "--format", "json"],
        capture_output=True,
        timeout=120,
        check=False,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )
    stderr = process.stderr.decode("utf-8", "replace")
    assert "internal error" not in stderr
    assert process.returncode == 0, stderr
    rows = json.loads(process.stdout)
    paths = [row["path"] for row in rows]
    assert len(paths) == 2 and str(good) in paths
    assert any(path.startswith(str(odd.parent / "caf")) for path in paths), paths


# --- the CLI over one folder holding every kind of bad input ------------------------------------


def _snapshot(root: Path) -> dict[str, tuple[Any, ...]]:
    """Every entry under root (not following links): kind, size, mtime, and contents or link target."""
    entries: dict[str, tuple[Any, ...]] = {}
    for folder, dirs, names in os.walk(root, followlinks=False):
        for name in [*dirs, *names]:
            path = os.path.join(folder, name)
            info = os.lstat(path)
            if os.path.islink(path):
                content: Any = os.readlink(path)
            elif os.path.isfile(path) and os.access(path, os.R_OK):
                content = Path(path).read_bytes()
            else:
                content = None
            entries[os.path.relpath(path, root)] = (info.st_mode, info.st_size, info.st_mtime_ns, content)
    info = os.lstat(root)
    entries["."] = (info.st_mode, info.st_mtime_ns)
    return entries


@dataclass
class Tree:
    """The mixed input folder, the paths to give, what must load and what must be skipped."""

    root: Path  # the parent of everything the run reads: nothing may appear in it
    folder: Path
    args: list[str]
    good: list[str]  # source paths that must load (a JSONL file once per good record)
    skipped: list[tuple[str, int | None, str]]  # (path, line, reason words)


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Tree]:
    root = tmp_path_factory.mktemp("bad_input")
    folder = root / "in"
    _write(folder / "good.txt", GOOD)
    _write(folder / "also" / "good.md", GOOD_TOO)
    _write(folder / "ok.html", f"<html><body><p>{GOOD}</p><p>More of the story <b>here</div></body>")
    args = [str(folder)]
    good = [str(folder / "good.txt"), str(folder / "also" / "good.md"), str(folder / "ok.html")]
    skipped: list[tuple[str, int | None, str]] = []
    for case in CASES:
        if case.root_cannot and IS_ROOT:
            continue
        args.extend(str(p) for p in case.write(folder))
        good.extend(str(folder / p) for p in case.loaded)
        skipped.extend((os.path.normpath(folder / e.path), e.line, e.reason) for e in case.failures)
    with _restored_permissions(folder):
        skipped.sort(key=lambda s: (s[0], s[1] or 0))
        yield Tree(root=root, folder=folder, args=args, good=sorted(good), skipped=skipped)


def _skip_lines(tree: Tree) -> list[tuple[str, str]]:
    """(prefix every stderr warning line starts with, reason words it must hold) per skipped input."""
    return [
        (f"crosscheck: warning: {path}{f':{line}' if line else ''}: skipped: ", reason)
        for path, line, reason in tree.skipped
    ]


@dataclass
class Runs:
    """The outputs of the CLI runs over the tree, and the tree before and after them."""

    before: dict[str, tuple[Any, ...]]
    after: dict[str, tuple[Any, ...]]
    report: Any  # click Result of `report --format json --max-size 1KB`
    sources_raised: Any  # `sources --format json --max-size 10MB`
    process: subprocess.CompletedProcess[str]  # python -m crosscheck report ... as a real process


@pytest.fixture(scope="module")
def runs(tree: Tree) -> Runs:
    before = _snapshot(tree.root)
    report = runner.invoke(app, ["report", *tree.args, "--max-size", "1KB", "--format", "json"])
    raised = runner.invoke(app, ["sources", *tree.args, "--max-size", "10MB", "--format", "json"])
    command = [sys.executable, "-m", "crosscheck", "report", *tree.args, "--max-size", "1KB", "--format", "json"]
    process = subprocess.run(command, cwd=tree.root, capture_output=True, text=True, timeout=300, check=False)
    return Runs(before, _snapshot(tree.root), report, raised, process)


def _check_stderr(stderr: str, tree: Tree) -> None:
    assert "Traceback" not in stderr
    lines = stderr.splitlines()
    expected = _skip_lines(tree)
    for prefix, reason in expected:
        matching = [line for line in lines if line.startswith(prefix)]
        assert len(matching) == 1, f"{prefix!r}: {matching}"
        assert reason in matching[0]
    assert len(lines) == len(expected), "\n".join(lines)


def _check_report(stdout: str, tree: Tree) -> None:
    data = json.loads(stdout)
    assert sorted(s["path"] for s in data["sources"]) == tree.good
    assert [s["id"] for s in data["sources"]] == [f"s{i}" for i in range(1, len(tree.good) + 1)]
    skipped = sorted(((s["path"], s["line"], s["reason"]) for s in data["skipped"]), key=lambda s: (s[0], s[1] or 0))
    assert [(path, line) for path, line, _ in skipped] == [(path, line) for path, line, _ in tree.skipped]
    for (_, _, reason), (_, _, words) in zip(skipped, tree.skipped, strict=True):
        assert words in reason
    assert {w["path"] for w in data["warnings"] if w["code"] == "skipped"} == {p for p, _, _ in tree.skipped}
    texts = [c["text"] for c in data["claims"]]
    assert any("60 soldiers" in t for t in texts), texts
    assert any("200 people" in t for t in texts), texts


def test_cli_report_exit_3_when_something_is_skipped(runs: Runs) -> None:
    assert runs.report.exception is None or isinstance(runs.report.exception, SystemExit), runs.report.exception
    assert runs.report.exit_code == 3, runs.report.stderr


def test_cli_report_one_stderr_line_per_bad_input(runs: Runs, tree: Tree) -> None:
    _check_stderr(runs.report.stderr, tree)


def test_cli_report_json_lists_good_sources_and_skipped_inputs(runs: Runs, tree: Tree) -> None:
    _check_report(runs.report.stdout, tree)


def test_cli_raised_max_size_loads_the_big_file(runs: Runs, tree: Tree) -> None:
    huge = str(tree.folder / "huge.txt")
    assert runs.sources_raised.exit_code == 3, runs.sources_raised.stderr
    rows = json.loads(runs.sources_raised.stdout)
    assert huge in [r["path"] for r in rows]
    assert sorted(r["path"] for r in rows) == sorted([*tree.good, huge])
    assert huge not in runs.sources_raised.stderr
    assert len(runs.sources_raised.stderr.splitlines()) == len(tree.skipped) - 1


def test_real_process_reports_like_the_runner(runs: Runs, tree: Tree) -> None:
    process = runs.process
    assert process.returncode == 3, process.stderr
    _check_stderr(process.stderr, tree)
    _check_report(process.stdout, tree)
    assert json.loads(process.stdout) == json.loads(runs.report.stdout)


def test_nothing_written_and_inputs_unchanged(runs: Runs) -> None:
    assert runs.after == runs.before


# --- exit 2: nothing at all loads ----------------------------------------------------------------


def test_cli_nothing_loads_is_exit_2_with_one_line(tmp_path: Path) -> None:
    folder = tmp_path / "bad"
    _write(folder / "png.txt", png_bytes())
    _write(folder / "empty.txt", b"")
    _write(folder / "bad.json", "{")
    result = runner.invoke(app, ["report", str(folder), "--format", "json"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        "crosscheck: error: no article could be read (3 inputs skipped: "
        f"{folder / 'bad.json'}: invalid JSON: Expecting property name enclosed in double quotes (line 1, column 2); "
        f"{folder / 'empty.txt'}: empty file; {folder / 'png.txt'}: {BINARY})\n"
    )


def test_cli_one_bad_file_is_exit_2_with_its_reason(tmp_path: Path) -> None:
    path = _write(tmp_path / "elf.txt", elf_bytes())
    result = runner.invoke(app, ["sources", str(path)])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == f"crosscheck: error: {path}: {BINARY}\n"


def test_cli_bad_stdin_is_exit_2(tmp_path: Path) -> None:
    result = runner.invoke(app, ["extract", "-"], input=zip_bytes())
    assert result.exit_code == 2
    assert result.stderr == f"crosscheck: error: <stdin>: {BINARY}\n"


def test_real_process_nothing_loads(tmp_path: Path) -> None:
    folder = tmp_path / "bad"
    _write(folder / "truncated.json", '{"text": "About 60 sol')
    (folder / "broken.txt").symlink_to("nowhere.txt")
    before = _snapshot(tmp_path)
    process = subprocess.run(
        [sys.executable, "-m", "crosscheck", "report", str(folder)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert process.returncode == 2
    assert process.stdout == ""
    assert process.stderr == (
        "crosscheck: error: no article could be read (2 inputs skipped: "
        f"{folder / 'broken.txt'}: broken symlink (points to nowhere.txt); "
        f"{folder / 'truncated.json'}: invalid JSON: Unterminated string starting at (line 1, column 10))\n"
    )
    assert _snapshot(tmp_path) == before


def test_an_extraction_rule_failing_on_one_article_loses_only_its_claims(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import crosscheck.extractor as extractor_module
    from crosscheck.pipeline import run
    from crosscheck.settings import Settings

    (tmp_path / "a.txt").write_text("Published: 2024-03-02\n\nThe storm killed 40 people.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Published: 2024-03-02\n\nThe storm killed 41 people.\n", encoding="utf-8")
    stock = extractor_module.numeric_claims

    def failing(sent: Any, ctx: Any) -> Any:
        if "41" in sent.text:
            raise IndexError("a rule tripped")
        return stock(sent, ctx)

    monkeypatch.setattr(extractor_module, "numeric_claims", failing)
    report = run([tmp_path], Settings(jobs=1))
    assert [c.text for c in report.claims if c.kind.value == "count"] == ["40 people"]
    failed = [w for w in report.warnings if w.code == "extraction-failed"]
    assert len(failed) == 1 and failed[0].path.endswith("b.txt") and "IndexError" in failed[0].message
    assert len(report.sources) == 2
