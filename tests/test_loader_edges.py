"""Loader edge cases: what a file's bytes, markup and URL may hide from a reader of the report.

A file that is not valid UTF-8 is still read, with a note naming the byte; a page of navigation
only is skipped; titles are clean text; an outlet keeps the meaningful part of its host; Markdown
markers stay out of the text the extractor sees, at unchanged offsets.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from crosscheck.loader.decode import decode

STORY = "Officials in Genève said the café on the square reopened on Thursday after repairs.\n"


def _write(path: Path, data: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, encoding="utf-8")
    return path


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
