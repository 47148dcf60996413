"""Positions in reports: a conflict shows each distinct value with who states it (its sources and their
evidence), an agreement inside a conflict stays visible, the header counts each fact once, and the JSON
contract carries `positions`. Built from invented claims through the real reconciler.
"""

from __future__ import annotations

import json
from datetime import date

import pytest

from crosscheck.models import Claim, ClaimKind, GroupStatus, Quantity, Report, Source, Subject
from crosscheck.reconciler import reconcile
from crosscheck.reporters import REPORTERS, RenderOptions
from crosscheck.reporters.base import sides, summarize

# Three outlets agree on a toll, a fourth gives another; a second subject is a plain agreement.
ARTICLES = {
    "s1": (
        "Harbour Courier",
        "Ferry capsizes off Tallow Point",
        "Rescuers said 12 people died when the ferry capsized.",
    ),
    "s2": ("Valley Post", "Twelve dead in ferry disaster", "The ferry disaster killed 12 people, the coastguard said."),
    "s3": ("Morning Ledger", "Ferry toll at twelve", "Police confirmed 12 people died in the sinking."),
    "s4": ("Island Wire", "Ferry sinks near Tallow Point", "At least 40 people died, a local official said."),
}


def _claim(source: str, number: int, low: float, high: float | None, words: str, key: str, hedge: str | None) -> Claim:
    _outlet, _title, sentence = ARTICLES[source]
    start = sentence.index(words)
    return Claim(
        id=f"{source}.c{number}",
        source=source,
        kind=ClaimKind.COUNT,
        subject=Subject(key=key, label="people killed when the ferry capsized" if "killed" in key else "ferries"),
        value=Quantity(low=low, high=high, unit="item", hedge=hedge),
        text=words,
        sentence=sentence,
        start=start,
        end=start + len(words),
        rule="test/hand-built",
    )


@pytest.fixture(scope="module")
def report() -> Report:
    sources = [
        Source(id=s, path=f"news/{s}.txt", outlet=outlet, title=title, published=date(2024, 6, 3), words=12, text=text)
        for s, (outlet, title, text) in ARTICLES.items()
    ]
    killed = "count|killed|-|-"
    claims = [
        _claim("s1", 1, 12, 12, "12 people", killed, None),
        _claim("s2", 1, 12, 12, "12 people", killed, None),
        _claim("s3", 1, 12, 12, "12 people", killed, None),
        _claim("s4", 1, 40, None, "At least 40 people", killed, "at least"),
        _claim("s1", 2, 1, 1, "the ferry", "count|ferry|-|-", None),
        _claim("s2", 2, 1, 1, "The ferry", "count|ferry|-|-", None),
    ]
    return Report(crosscheck="test", sources=sources, claims=claims, groups=reconcile(claims, sources), warnings=[])


def test_a_conflict_and_its_agreeing_side_are_one_group(report: Report) -> None:
    conflicts = [g for g in report.groups if g.status is GroupStatus.CONFLICT]
    (conflict,) = conflicts
    assert [p.sources for p in conflict.positions] == [["s1", "s2", "s3"], ["s4"]]
    assert [p.label for p in conflict.positions] == ["12", "at least 40"]
    summary = summarize(report)
    assert (summary.major + summary.minor, summary.agree) == (1, 1)  # the toll is counted once, as a conflict
    assert "1 conflicts (1 major, 0 minor) · 1 agreements" in summary.line()


@pytest.mark.parametrize("width", [80, 100, 120, 160])
def test_table_shows_positions_side_by_side(report: Report, width: int) -> None:
    text = REPORTERS["table"].report(report, RenderOptions(width=width, show_all=True))
    flat = " ".join(text.split())
    assert "3 sources agree: s1, s2, s3" in flat and "1 source: s4" in flat
    for outlet in ("Harbour Courier", "Valley Post", "Morning Ledger", "Island Wire"):
        assert outlet in flat, (width, outlet)
    # each claim under its position: the three twelves, then position B and the bound under it
    section = flat[flat.index("Conflicts (") : flat.index("Agreements (")]
    after_twelves = section.index("Morning Ledger")
    assert section.index("Harbour Courier") < after_twelves < section.index(" B ", after_twelves)
    assert section.index(" B ", after_twelves) < section.index("Island Wire")
    assert "At least 40 people died" in flat
    assert all(len(line) <= width for line in text.splitlines())


def test_agreements_inside_a_conflict_are_listed(report: Report) -> None:
    for name in ("table", "markdown"):
        text = REPORTERS[name].report(report, RenderOptions(width=200, show_all=True))
        flat = " ".join(text.split())
        assert "Agreements (1; 1 more inside conflicts)" in flat, name
        conflict = next(g for g in report.groups if g.status is GroupStatus.CONFLICT)
        assert f"{conflict.id} A" in flat and f"(in conflict {conflict.id})" in flat, name


def test_markdown_lists_positions_then_claims_under_them(report: Report) -> None:
    text = REPORTERS["markdown"].report(report, RenderOptions(width=100, show_all=True))
    assert "| position | value | sources |" in text
    assert "| A | 12 | 3 sources agree: s1, s2, s3 |" in text
    assert "| B | at least 40 | 1 source: s4 |" in text
    rows = [line for line in text.splitlines() if line.startswith(("| A | s", "| B | s"))]
    assert [row.split(" | ")[1] for row in rows] == [
        "s1 Harbour Courier",
        "s2 Valley Post",
        "s3 Morning Ledger",
        "s4 Island Wire",
    ]


def test_json_and_jsonl_carry_positions(report: Report) -> None:
    data = json.loads(REPORTERS["json"].report(report, RenderOptions()))
    conflict = next(g for g in data["groups"] if g["status"] == "conflict")
    assert [p["claims"] for p in conflict["positions"]] == [["s1.c1", "s2.c1", "s3.c1"], ["s4.c1"]]
    assert conflict["positions"][0]["independent_sources"] == 3
    lines = [json.loads(line) for line in REPORTERS["jsonl"].report(report, RenderOptions()).splitlines()]
    groups = [row for row in lines if row["type"] == "group"]
    assert all(row["positions"] for row in groups)


def test_a_group_without_positions_shows_one_position_per_value(report: Report) -> None:
    conflict = next(g for g in report.groups if g.status is GroupStatus.CONFLICT)
    bare = conflict.model_copy(update={"positions": []})  # a report written before positions existed
    found = sides(bare, {c.id: c for c in report.claims})
    assert [(s.letter, s.label, s.sources) for s in found] == [
        ("A", "12", ["s1", "s2", "s3"]),
        ("B", "at least 40", ["s4"]),
    ]
