"""Reporters: every format renders every view; JSON is the contract; table and Markdown match goldens.

Set UPDATE_GOLDEN=1 to rewrite the golden files from the current output (then read the diff).
"""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import pytest

from crosscheck.models import (
    Claim,
    ClaimKind,
    Group,
    GroupStatus,
    LoadFailure,
    Modality,
    PublishedSource,
    Quantity,
    Report,
    Severity,
    Source,
    Subject,
    Warning_,
)
from crosscheck.reporters import REPORTERS, RenderOptions

GOLDEN = Path(__file__).parent / "golden"
OPTIONS = RenderOptions(width=100, color=False, show_all=True)


def check_golden(name: str, actual: str) -> None:
    """Compare with tests/golden/<name>, or rewrite it when UPDATE_GOLDEN=1."""
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(actual.encode("utf-8"))
        return
    assert path.exists(), f"{path} is missing: run the tests once with UPDATE_GOLDEN=1 and review it"
    expected = path.read_bytes().decode("utf-8")
    assert actual == expected, f"{name} differs from the golden file (UPDATE_GOLDEN=1 rewrites it)"


def tiny_report(claim_text: str = "40 people", label: str = "people killed in the blast") -> Report:
    """Two sources, two claims, one major conflict, one warning, one skipped file."""
    s1_text = "Blast hits market\n\nAt least 12 people were killed in the blast, police said.\n"
    s2_text = f"Officials said {claim_text} were killed | in the blast on Monday.\n"
    s1_start = s1_text.index("12 people")
    s2_start = s2_text.index(claim_text)
    sources = [
        Source(
            id="s1",
            path="news/one.txt",
            title="Blast hits market",
            outlet="Daily Planet",
            published=date(2024, 5, 2),
            published_source=PublishedSource.FRONTMATTER,
            published_text="2024-05-02",
            words=14,
            text=s1_text,
        ),
        Source(id="s2", path="news/two.md", words=12, text=s2_text),
    ]
    subject = Subject(key="count|killed|-|-", label=label)
    claims = [
        Claim(
            id="s1.c1",
            source="s1",
            kind=ClaimKind.COUNT,
            subject=subject,
            value=Quantity(low=12, high=None, unit="item", hedge="at least"),
            text="12 people",
            sentence="At least 12 people were killed in the blast, police said.",
            start=s1_start,
            end=s1_start + len("12 people"),
            attribution="police",
            rule="count/hedge:at-least+noun:killed",
        ),
        Claim(
            id="s2.c1",
            source="s2",
            kind=ClaimKind.COUNT,
            subject=subject,
            value=Quantity(low=40, high=40, unit="item"),
            text=claim_text,
            sentence=s2_text.strip(),
            start=s2_start,
            end=s2_start + len(claim_text),
            modality=Modality.ESTIMATE,
            as_of="as of Monday",
            rule="count/exact+noun:killed",
        ),
    ]
    groups = [
        Group(
            id="g1",
            kind=ClaimKind.COUNT,
            subject=subject,
            status=GroupStatus.CONFLICT,
            severity=Severity.MAJOR,
            claims=["s1.c1", "s2.c1"],
            sources=["s1", "s2"],
            independent_sources=2,
            explanation="at least 12 [s1] vs 40 [s2]: disjoint",
        )
    ]
    warnings = [
        Warning_(code="undated-source", source="s2", path="news/two.md", message="news/two.md: no publication date"),
        Warning_(code="skipped", path="news/bad.txt", message="news/bad.txt: skipped: empty file"),
    ]
    return Report(
        crosscheck="0.1.0",
        sources=sources,
        claims=claims,
        groups=groups,
        warnings=warnings,
        skipped=[LoadFailure(path="news/bad.txt", reason="empty file")],
    )


# --- every format, every view ---------------------------------------------------------------------


def test_registry_names_match_reporters() -> None:
    assert set(REPORTERS) == {"table", "json", "jsonl", "markdown"}
    for name, reporter in REPORTERS.items():
        assert reporter.name == name


@pytest.mark.parametrize("name", sorted(REPORTERS))
@pytest.mark.parametrize("view", ["report", "claims", "sources"])
def test_every_reporter_renders_every_view(seed_report: Report, name: str, view: str) -> None:
    output = getattr(REPORTERS[name], view)(seed_report, OPTIONS)
    assert isinstance(output, str)
    assert output.endswith("\n") and output.strip()
    assert "\x1b[" not in output, "no colour codes when color=False"
    last = seed_report.claims[-1].id
    expected = {"report": ["g1", "s5"], "claims": ["s1.c1", last], "sources": ["s1", "s5"]}[view]
    for needle in expected:
        assert needle in output, f"{name}.{view} lacks {needle!r}"


@pytest.mark.parametrize("name", sorted(REPORTERS))
def test_every_reporter_renders_an_empty_report(name: str) -> None:
    empty = Report(crosscheck="0.1.0", sources=[], claims=[], groups=[], warnings=[])
    for view in ("report", "claims", "sources"):
        assert isinstance(getattr(REPORTERS[name], view)(empty, OPTIONS), str)


# --- JSON contract --------------------------------------------------------------------------------


def test_json_report_top_level(seed_report: Report) -> None:
    data = json.loads(REPORTERS["json"].report(seed_report, OPTIONS))
    assert list(data)[:6] == ["crosscheck", "schema_version", "sources", "claims", "groups", "warnings"]
    assert data["schema_version"] == 1
    assert len(data["sources"]) == 5
    assert len(data["claims"]) == len(seed_report.claims)
    assert len(data["groups"]) == len(seed_report.groups)


def test_json_report_round_trips(seed_report: Report) -> None:
    text = REPORTERS["json"].report(seed_report, OPTIONS)
    assert Report.model_validate(json.loads(text)) == seed_report
    assert REPORTERS["json"].report(seed_report, OPTIONS) == text, "deterministic"


def test_json_claims_and_sources(seed_report: Report) -> None:
    claims = json.loads(REPORTERS["json"].claims(seed_report, OPTIONS))
    assert [c["id"] for c in claims] == [c.id for c in seed_report.claims]
    sources = json.loads(REPORTERS["json"].sources(seed_report, OPTIONS))
    assert [s["id"] for s in sources] == ["s1", "s2", "s3", "s4", "s5"]
    assert all("text" not in s for s in sources)
    assert sum(s["claims"] for s in sources) == len(seed_report.claims)
    assert sources[0]["published"] == "2024-05-03"
    assert sources[0]["published_source"] == "text:published-marker"


def test_jsonl_every_line_parses(seed_report: Report) -> None:
    lines = REPORTERS["jsonl"].report(seed_report, OPTIONS).splitlines()
    rows = [json.loads(line) for line in lines]
    assert rows[0] == {"type": "report", "crosscheck": seed_report.crosscheck, "schema_version": 1}
    types = [r["type"] for r in rows]
    assert types.count("source") == len(seed_report.sources)
    assert types.count("claim") == len(seed_report.claims)
    assert types.count("group") == len(seed_report.groups)
    assert types.count("warning") == len(seed_report.warnings)
    for view in ("claims", "sources"):
        out = getattr(REPORTERS["jsonl"], view)(seed_report, OPTIONS)
        assert all(isinstance(json.loads(line), dict) for line in out.splitlines())


def test_jsonl_claims_one_per_line(seed_report: Report) -> None:
    out = REPORTERS["jsonl"].claims(seed_report, OPTIONS)
    assert [json.loads(line)["id"] for line in out.splitlines()] == [c.id for c in seed_report.claims]


# --- goldens --------------------------------------------------------------------------------------


def test_golden_seed_table(seed_report: Report) -> None:
    check_golden("report.table.txt", REPORTERS["table"].report(seed_report, OPTIONS))


def test_golden_seed_markdown(seed_report: Report) -> None:
    check_golden("report.md", REPORTERS["markdown"].report(seed_report, OPTIONS))


@pytest.mark.parametrize(("name", "suffix"), [("table", "txt"), ("markdown", "md")])
def test_golden_tiny(name: str, suffix: str) -> None:
    report = tiny_report()
    rendered = "\n".join(getattr(REPORTERS[name], view)(report, OPTIONS) for view in ("report", "claims", "sources"))
    check_golden(f"tiny.{name}.{suffix}", rendered)


# --- human formats: details -------------------------------------------------------------------------


def test_rich_markup_in_data_is_printed_literally() -> None:
    markup = "[bold]x[/bold]"
    report = tiny_report(claim_text=markup, label="[red]label[/red] [s1, s5]")
    wide = RenderOptions(width=200, color=False, show_all=True)
    table = REPORTERS["table"]
    for output in (table.report(report, wide), table.claims(report, wide)):
        assert markup in output
        assert "[red]label[/red] [s1, s5]" in output


def test_table_color_only_when_asked() -> None:
    report = tiny_report()
    assert "\x1b[" in REPORTERS["table"].report(report, RenderOptions(width=100, color=True))
    assert "\x1b[" not in REPORTERS["table"].report(report, RenderOptions(width=100, color=False))


@pytest.mark.parametrize("width", [60, 100, 160])
def test_table_respects_width(width: int) -> None:
    output = REPORTERS["table"].report(tiny_report(), RenderOptions(width=width, show_all=True))
    assert max(len(line) for line in output.splitlines()) <= width


def test_markdown_escapes_pipes() -> None:
    output = REPORTERS["markdown"].report(tiny_report(), OPTIONS)
    (row,) = [line for line in output.splitlines() if "Officials said" in line]
    assert "killed \\| in the blast" in row
    assert row.replace("\\|", "").count("|") == "| source | value | evidence | says |".count("|")


def test_markdown_evidence_keeps_spaces_around_bold_words() -> None:
    output = REPORTERS["markdown"].report(tiny_report(), OPTIONS)
    assert "Officials said **40 people** were killed" in output


def test_markdown_collapses_singles_without_show_all(seed_report: Report) -> None:
    collapsed = REPORTERS["markdown"].report(seed_report, RenderOptions())
    assert "Collapsed; list them with `--all`." in collapsed
    assert "Collapsed" not in REPORTERS["markdown"].report(seed_report, OPTIONS)


def test_summary_line(seed_report: Report) -> None:
    majors = sum(g.severity is Severity.MAJOR for g in seed_report.groups)
    output = REPORTERS["markdown"].report(seed_report, OPTIONS)
    assert f"5 sources (2024-05-02 to 2024-05-03; 2 undated) · {len(seed_report.claims)} claims" in output
    assert f"({majors} major, " in output


def test_describe_open_interval_has_no_dangling_dash() -> None:
    from crosscheck.reconciler.compare import describe

    claim = (
        tiny_report()
        .claims[0]
        .model_copy(
            update={
                "kind": ClaimKind.DURATION,
                "value": Quantity(
                    low=730.5,
                    high=None,
                    low_inclusive=False,
                    unit="day",
                    hedge="more than",
                    original="more than two years",
                ),
            }
        )
    )
    text = describe(claim)
    assert "more than two years" in text
    assert "- days" not in text and "-)" not in text


@pytest.mark.parametrize("name", sorted(REPORTERS))
def test_report_bytes_are_the_report_in_utf8(seed_report: Report, name: str) -> None:
    options = RenderOptions(width=100)
    data = REPORTERS[name].report_bytes(seed_report, options)
    assert data == REPORTERS[name].report(seed_report, options).encode("utf-8")
    assert data.endswith(b"\n") and len(data) > 1000


def test_cli_json_report_is_written_as_utf8_bytes(tmp_path: Path) -> None:
    import subprocess
    import sys

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Officials said about 60 soldiers – “trainers” – arrived on May 3, 2024.\n")
    (folder / "b.txt").write_text("Officials said 100 soldiers arrived in Niamey on May 3, 2024.\n")
    done = subprocess.run(
        [sys.executable, "-m", "crosscheck", "report", str(folder), "-f", "json", "-q", "--no-cache", "--jobs", "1"],
        capture_output=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.decode("utf-8"))
    assert "“trainers”" in report["sources"][0]["text"]
    assert done.stdout.endswith(b"}\n")


def test_evidence_is_trimmed_at_word_boundaries() -> None:
    from crosscheck.reporters.base import evidence

    lead, tail = (" ".join(f"{word}{n}" for n in range(40)) for word in ("lead", "tail"))
    sentence = f"{lead} said 12 people were {tail}"
    claim = tiny_report().claims[0].model_copy(update={"sentence": sentence, "text": "12 people"})
    before, words, after = evidence(claim, limit=80)
    assert words == "12 people"
    assert before.startswith("…lead") and before.endswith(" said ")
    assert after.startswith(" were ") and after.endswith("…")
    kept = before.strip("…").split() + after.strip("…").split()
    assert set(kept) <= set(sentence.split()), "every word shown whole"
    assert len(before + words + after) <= 80 + 2
