"""Spec corpora in the style of Duckling: many small rows of news phrasing with the expected value.

Each row names only the fields it is about; the rest are not compared. `expect: null` rows must not
parse. Numbers compare with rel=1e-3; None, booleans, strings and dates compare exactly.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from crosscheck.extractor.dates import parse_date_phrase
from crosscheck.extractor.quantities import parse_quantity

DATA = Path(__file__).parent / "data"
INPUT_KEYS = frozenset({"text", "anchor", "expect"})

Row = dict[str, Any]


def _params(name: str) -> list[Any]:
    rows: list[Row] = yaml.safe_load((DATA / name).read_text(encoding="utf-8"))["rows"]
    return [pytest.param(row, id=row["text"]) for row in rows]


def _check(result: Any, row: Row) -> None:
    text = row["text"]
    if "expect" in row:
        assert row["expect"] is None, "only `expect: null` is supported"
        assert result is None, f"{text!r} should not parse, got {result!r}"
        return
    assert result is not None, f"{text!r} did not parse"
    for key, expected in row.items():
        if key in INPUT_KEYS:
            continue
        actual = getattr(result, key)
        if expected is None:
            assert actual is None, f"{text!r}: {key} = {actual!r}, expected None"
        elif isinstance(expected, int | float) and not isinstance(expected, bool):
            assert actual == pytest.approx(expected, rel=1e-3), f"{text!r}: {key}"
        else:
            assert actual == expected, f"{text!r}: {key}"


@pytest.mark.parametrize("row", _params("quantities.yaml"))
def test_quantities_corpus(row: Row) -> None:
    _check(parse_quantity(row["text"]), row)


@pytest.mark.parametrize("row", _params("dates.yaml"))
def test_dates_corpus(row: Row) -> None:
    anchor: date | None = row["anchor"]
    result = parse_date_phrase(row["text"], anchor)
    _check(result, row)
    if result is not None and result.relative:
        assert result.anchor == anchor, f"{row['text']!r}: a relative date keeps its anchor"
