"""An undated source in a run with dated ones: its relative dates are read against the run's dates,
with the anchor named in the value (`anchor`, `anchor_source`) and in one warning, never silently."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from crosscheck.anchoring import MAX_SPREAD_DAYS, choose_anchor
from crosscheck.cli.app import app
from crosscheck.models import Claim, ClaimKind, Confidence, DateValue, Report, Source
from crosscheck.pipeline import run
from crosscheck.settings import Settings

# Invented articles about one invented event. 2031-03-14 is a Friday.
DATED_EARLY = """\
---
title: Ferry runs aground near Brindle Point
published: 2031-03-12
---
The ferry Marlow ran aground near Brindle Point on Sunday, the harbour authority said.
"""
DATED_MID = """\
---
title: Salvage crews reach stranded ferry
published: 2031-03-14
---
Salvage crews reached the ferry Marlow on Thursday, the harbour authority said.
"""
DATED_LATE = """\
---
title: Ferry inquiry opens
published: 2031-03-18
---
An inquiry into the grounding of the ferry Marlow opened on Monday, officials said.
"""
UNDATED = """\
The ferry Marlow ran aground near Brindle Point on Sunday, the harbour authority said.
The operator will repay all passengers by Friday, its chief executive said.
"""


def _write(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _dates(report: Report, source: str) -> list[tuple[Claim, DateValue]]:
    return [
        (c, c.value)
        for c in report.claims
        if c.source == source and c.kind is ClaimKind.DATE and isinstance(c.value, DateValue)
    ]


def _source(report: Report, name: str) -> Source:
    (found,) = [s for s in report.sources if s.path.endswith(name)]
    return found


def _claim(report: Report, name: str, words: str) -> DateValue:
    found = [v for c, v in _dates(report, _source(report, name).id) if words in c.text]
    assert len(found) == 1, [c.text for c, _v in _dates(report, _source(report, name).id)]
    return found[0]


@pytest.fixture(scope="module")
def pair(tmp_path_factory: pytest.TempPathFactory) -> Report:
    folder = _write(tmp_path_factory.mktemp("pair"), {"a.md": DATED_MID, "b.txt": UNDATED})
    return run([folder], Settings())


def test_a_past_weekday_resolves_to_the_day_before_the_anchor(pair: Report) -> None:
    value = _claim(pair, "b.txt", "on Sunday")
    assert value.start == value.end == date(2031, 3, 9)  # the Sunday before Friday 14 March
    assert value.anchor == date(2031, 3, 14)
    assert value.anchor_source == _source(pair, "a.md").id


def test_a_deadline_resolves_forward(pair: Report) -> None:
    value = _claim(pair, "b.txt", "by Friday")
    assert value.start == value.end == date(2031, 3, 14)  # the anchor's own day counts
    assert value.anchor_source == _source(pair, "a.md").id


def test_one_warning_names_the_anchor_instead_of_each_unresolved_date(pair: Report) -> None:
    undated = _source(pair, "b.txt")
    dated = _source(pair, "a.md")
    mine = [w for w in pair.warnings if w.source == undated.id]
    assert [w.code for w in mine] == ["undated-source"]
    message = mine[0].message
    assert message.startswith(f"{undated.path}: no publication date found; its relative dates ('on Sunday'")
    assert "'by Friday'" in message
    assert f"resolved against 2031-03-14, the publication date of {dated.id} ({dated.path}" in message


def test_the_dated_source_is_untouched(pair: Report, tmp_path: Path) -> None:
    alone = run([_write(tmp_path / "alone", {"a.md": DATED_MID})], Settings())
    before = [(c.text, c.value) for c, _v in _dates(alone, "s1")]
    after = [(c.text, c.value) for c, _v in _dates(pair, _source(pair, "a.md").id)]
    assert after == before and before
    assert all(v.anchor_source is None for _c, v in _dates(pair, _source(pair, "a.md").id))


def test_without_a_dated_source_nothing_changes(tmp_path: Path) -> None:
    files = {"b.txt": UNDATED, "c.txt": UNDATED.replace("Marlow", "Tern")}
    report = run([_write(tmp_path / "undated", files)], Settings())
    values = [v for s in report.sources for _c, v in _dates(report, s.id)]
    assert values and all(v.start is None and v.anchor is None and v.anchor_source is None for v in values)
    codes = {w.code for w in report.warnings}
    assert {"unresolved-date", "undated-source"} <= codes
    assert all("left unresolved" in w.message for w in report.warnings if w.code == "unresolved-date")


def test_the_anchor_is_the_lower_median_and_input_order_does_not_matter(tmp_path: Path) -> None:
    files = {"a.md": DATED_EARLY, "b.md": DATED_MID, "c.md": DATED_LATE, "d.txt": UNDATED}
    forward = run([_write(tmp_path / "f", files)], Settings())
    value = _claim(forward, "d.txt", "on Sunday")
    assert value.anchor == date(2031, 3, 14) and value.anchor_source == _source(forward, "b.md").id
    renamed = {"z.md": DATED_EARLY, "y.md": DATED_MID, "x.md": DATED_LATE, "w.txt": UNDATED}
    backward = run([_write(tmp_path / "b", renamed)], Settings())
    other = _claim(backward, "w.txt", "on Sunday")
    assert (other.start, other.anchor) == (value.start, value.anchor)
    assert other.anchor_source == _source(backward, "y.md").id


def test_low_confidence_dates_serve_only_when_no_better_one_exists() -> None:
    def source(sid: str, day: date, confidence: Confidence) -> Source:
        return Source(id=sid, path=f"{sid}.txt", words=1, text="x", published=day, published_confidence=confidence)

    high = source("s1", date(2031, 3, 10), Confidence.HIGH)
    low = source("s2", date(2031, 3, 20), Confidence.LOW)
    later_low = source("s3", date(2031, 3, 22), Confidence.LOW)
    chosen = choose_anchor([low, high, later_low])
    assert chosen is not None and chosen.source is high and chosen.dated == 1
    only_low = choose_anchor([later_low, low])
    assert only_low is not None and only_low.source is low


def test_dates_too_far_apart_anchor_nothing(tmp_path: Path) -> None:
    too_late = date(2031, 3, 12) + timedelta(days=MAX_SPREAD_DAYS + 1)
    far = DATED_LATE.replace("2031-03-18", too_late.isoformat())
    report = run([_write(tmp_path / "far", {"a.md": DATED_EARLY, "c.md": far, "d.txt": UNDATED})], Settings())
    value = _claim(report, "d.txt", "on Sunday")
    assert value.start is None and value.anchor_source is None


def test_published_option_dates_the_source_itself(tmp_path: Path) -> None:
    folder = _write(tmp_path / "opt", {"a.md": DATED_MID, "b.txt": UNDATED})
    report = run([folder], Settings(published=date(2031, 3, 20)))
    value = _claim(report, "b.txt", "on Sunday")
    assert value.start == date(2031, 3, 16) and value.anchor == date(2031, 3, 20) and value.anchor_source is None


def test_cache_on_or_off_gives_the_same_json(tmp_path: Path) -> None:
    folder = _write(tmp_path / "cached", {"a.md": DATED_EARLY, "b.md": DATED_MID, "d.txt": UNDATED})
    cached = Settings(cache=True, cache_dir=tmp_path / "cache")
    first = run([folder], cached).model_dump_json()
    again = run([folder], cached).model_dump_json()  # every file and the run's groups from the cache
    plain = run([folder], Settings(cache=False)).model_dump_json()
    assert first == again == plain
    assert '"anchor_source":"s' in plain


def test_the_schema_documents_anchor_source() -> None:
    result = CliRunner().invoke(app, ["schema"])
    assert result.exit_code == 0, result.output
    field = json.loads(result.stdout)["$defs"]["DateValue"]["properties"]["anchor_source"]
    assert "undated" in field["description"] and "source" in field["description"]
