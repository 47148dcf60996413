"""Bytes to text: byte-order marks, UTF-16 without a mark, legacy encodings and mojibake.

Order: a byte-order mark decides; strict UTF-8 is tried next (almost every modern file); then
charset-normalizer guesses a legacy encoding (cp1252, latin-1, Shift JIS...). Text that decodes but
is mostly control characters is binary. Text read in a legacy encoding carries a note naming the
first byte UTF-8 refused and its offset, so a user can tell a real cp1252 file from a UTF-8 file
with one stray byte. Mojibake ("EnquÃªte", "donâ€™t": UTF-8 read as cp1252 and saved again) is
repaired with ftfy's encoding fixer only, which does not touch quotes or widths.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
# More than this share of control characters (tab, newline, form feed and CR excepted) is not text.
_MAX_CONTROL_SHARE = 0.01
# Sequences that only arise when UTF-8 bytes were decoded as cp1252/latin-1: worth asking ftfy.
_MOJIBAKE_HINT = re.compile("[ÂÃâ][\u0080-\u00bf\u2018-\u203a\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u02c6\u02dc]")


@dataclass(frozen=True)
class Decoded:
    """Text and how it was read."""

    text: str
    encoding: str
    repaired: bool = False
    # Why the text is not plain UTF-8, for a warning: "not valid UTF-8 (byte 0xe9 at offset 12); read as cp1252".
    note: str | None = None


def _utf16_without_bom(raw: bytes) -> str | None:
    """UTF-16 text with no mark: NUL in every other byte of mostly-ASCII text."""
    sample = raw[:4096]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return None


def _is_binary(text: str) -> bool:
    if not text:
        return False
    return len(_CONTROL.findall(text[:20000])) > _MAX_CONTROL_SHARE * min(len(text), 20000)


def repair_mojibake(text: str) -> tuple[str, bool]:
    """Undo UTF-8-read-as-cp1252 damage with ftfy's encoding fixer; (text, whether it changed)."""
    if not _MOJIBAKE_HINT.search(text):
        return text, False
    import ftfy

    fixed = ftfy.fix_encoding(text)
    return fixed, fixed != text


def decode(raw: bytes) -> Decoded:
    """Decode a file's bytes; ValueError with a user-facing reason if it is not text."""
    encoding: str | None = None
    for bom, name in _BOMS:
        if raw.startswith(bom):
            encoding = name
            break
    if encoding is None and b"\x00" in raw[:4096]:
        encoding = _utf16_without_bom(raw)
        if encoding is None:
            raise ValueError("binary file (contains NUL bytes), not text")
    note = None
    if encoding is None:
        try:
            text = raw.decode("utf-8")
            encoding = "utf-8"
        except UnicodeDecodeError as exc:
            text, encoding = _guess(raw, exc)
            note = f"not valid UTF-8 ({_bad_byte(raw, exc)}); read as {encoding}"
    else:
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError as exc:
            skipped = 3 if encoding == "utf-8-sig" else 0  # only this codec counts from after its mark
            shown = encoding.removesuffix("-sig")
            raise ValueError(f"invalid {shown} text (bad bytes at offset {exc.start + skipped})") from None
    text = text.lstrip("\ufeff")
    if _is_binary(text):
        raise ValueError("binary file (mostly control characters), not text")
    text, repaired = repair_mojibake(text)
    return Decoded(text=text, encoding=encoding.removesuffix("-sig"), repaired=repaired, note=note)


def _bad_byte(raw: bytes, error: UnicodeDecodeError) -> str:
    """'byte 0xe9 at offset 123': the first byte UTF-8 refused, counted from the file's start."""
    return f"byte 0x{raw[error.start]:02x} at offset {error.start}"


_WESTERN = ("cp1252", "latin_1", "iso8859_15")


def _guess(raw: bytes, error: UnicodeDecodeError) -> tuple[str, str]:
    from charset_normalizer import from_bytes

    results = from_bytes(raw[:200_000])
    best = results.best()
    if best is not None:
        # Single-byte code pages often tie (cp1250 reads "Genève" as "Genčve" just as fluently): among
        # the equally good guesses prefer the Western ones, by far the most common for English news.
        tied = {m.encoding for m in results if m.chaos <= best.chaos and m.coherence >= best.coherence}
        best = next((m for m in results if m.encoding in _WESTERN and m.encoding in tied), best)
    if best is None or best.encoding in ("utf_8", "utf-8"):
        raise ValueError(f"not valid text in any known encoding (invalid UTF-8: {_bad_byte(raw, error)})") from None
    try:
        return raw.decode(best.encoding), best.encoding.replace("_", "-")
    except (UnicodeDecodeError, LookupError):
        raise ValueError(f"not valid text in any known encoding (invalid UTF-8: {_bad_byte(raw, error)})") from None
