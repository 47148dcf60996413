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


@pytest.mark.parametrize("width", [80, 120])
def test_golden_seed_table_at_width(seed_report: Report, width: int) -> None:
    """80 columns: sources and conflicts stacked; 120: the wide tables."""
    options = RenderOptions(width=width, color=False, show_all=True)
    check_golden(f"report.table.{width}.txt", REPORTERS["table"].report(seed_report, options))


def test_golden_seed_markdown(seed_report: Report) -> None:
    check_golden("report.md", REPORTERS["markdown"].report(seed_report, OPTIONS))


@pytest.mark.parametrize(("name", "suffix"), [("table", "txt"), ("markdown", "md")])
def test_golden_tiny(name: str, suffix: str) -> None:
    report = tiny_report()
    rendered = "\n".join(getattr(REPORTERS[name], view)(report, OPTIONS) for view in ("report", "claims", "sources"))
    check_golden(f"tiny.{name}.{suffix}", rendered)


def test_golden_tiny_table_wide() -> None:
    report = tiny_report()
    wide = RenderOptions(width=120, color=False, show_all=True)
    rendered = "\n".join(getattr(REPORTERS["table"], view)(report, wide) for view in ("report", "claims", "sources"))
    check_golden("tiny.table.120.txt", rendered)


# --- human formats: details -------------------------------------------------------------------------


@pytest.mark.parametrize("width", [80, 200])
def test_rich_markup_in_data_is_printed_literally(width: int) -> None:
    markup = "[bold]x[/bold]"
    report = tiny_report(claim_text=markup, label="[red]label[/red] [s1, s5]")
    options = RenderOptions(width=width, color=False, show_all=True)
    table = REPORTERS["table"]
    # (The claims view is checked wide only: at 80 columns its ratio columns still cut long labels.)
    outputs = [table.report(report, options)] + ([table.claims(report, options)] if width > 100 else [])
    for output in outputs:
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
    assert row.replace("\\|", "").count("|") == "| position | source | value | evidence | says |".count("|")


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


# --- narrow terminals: nothing that explains a verdict is cut ---------------------------------------

WIDTHS = [60, 70, 80, 100, 120, 160]
HEADERS = ["id", "published", "outlet", "title / path", "derives from", "claims", "source", "value", "evidence"]
HEADERS += ["says", "group", "subject", "sources"]


def verdict_report() -> Report:
    """Invented articles with every modality, outlets of several words, a long path and a qualified claim;
    every sentence is short enough to be shown whole, so nothing in it needs an ellipsis."""
    outlets = ["Daily Planet", "Gotham Gazette Evening Edition", None, "The Metropolis Ledger"]
    paths = ["news/planet.txt", "news/gazette.html", "archive/2024/may/riverside-evening-bulletin-report.txt"]
    paths.append("news/ledger.md")
    sentences = [
        ("Police reported that 12 people were rescued from the flooded tunnel.", "12 people", Modality.REPORTED),
        ("Officials estimate that 30 people were rescued from the tunnel.", "30 people", Modality.ESTIMATE),
        ("The council plans to rescue 45 people from the tunnel by Friday.", "45 people", Modality.PLAN),
        ("The mayor denied that 80 people were rescued from the tunnel.", "80 people", Modality.DENIAL),
    ]
    sources, claims = [], []
    subject = Subject(key="count|rescued|-|-", label="people rescued from the tunnel")
    for n, (outlet, path, (sentence, words, modality)) in enumerate(zip(outlets, paths, sentences, strict=True), 1):
        sources.append(
            Source(id=f"s{n}", path=path, outlet=outlet, title="Tunnel rescue", words=12, text=sentence + "\n")
        )
        start = sentence.index(words)
        low = float(words.split()[0])
        claims.append(
            Claim(
                id=f"s{n}.c1",
                source=f"s{n}",
                kind=ClaimKind.COUNT,
                subject=subject,
                value=Quantity(low=low, high=low, unit="item"),
                text=words,
                sentence=sentence,
                start=start,
                end=start + len(words),
                modality=modality,
                as_of="as of Thursday evening" if modality is Modality.ESTIMATE else None,
                rule="count/exact+noun:rescued",
            )
        )
    groups = [
        Group(
            id="g1",
            kind=ClaimKind.COUNT,
            subject=subject,
            status=GroupStatus.CONFLICT,
            severity=Severity.MAJOR,
            claims=["s1.c1", "s3.c1", "s4.c1"],
            sources=["s1", "s3", "s4"],
            independent_sources=3,
            explanation="12 [s1] vs 45 [s3] vs 80 [s4]: disjoint",
        ),
        Group(
            id="g2",
            kind=ClaimKind.COUNT,
            subject=subject,
            status=GroupStatus.CONFLICT,
            severity=Severity.MINOR,
            claims=["s2.c1", "s3.c1"],
            sources=["s2", "s3"],
            independent_sources=2,
            explanation="30 [s2] vs 45 [s3]: disjoint; minor: different modality (estimate vs plan)",
        ),
    ]
    return Report(crosscheck="0.1.0", sources=sources, claims=claims, groups=groups, warnings=[])


def protected_terms(report: Report) -> set[str]:
    """What explains a verdict and must never be cut: says (modality, as-of), outlets and source names of
    conflicting claims, column headers."""
    sources = {s.id: s for s in report.sources}
    claims = {c.id: c for c in report.claims}
    terms = set(HEADERS)
    for group in report.groups:
        if group.status is GroupStatus.CONFLICT:
            for claim in (claims[c] for c in group.claims):
                terms |= {claim.modality.value, *([claim.as_of] if claim.as_of else [])}
                terms.add(sources[claim.source].outlet or Path(sources[claim.source].path).name)
    return terms


def cut_terms(output: str, terms: set[str]) -> list[str]:
    """Lines where a term is cut short by an ellipsis: the text right before '…' is a proper prefix of
    the term that starts after a space ('report…', 'CBS Ne…', 'outl…')."""
    found = []
    for line in output.splitlines():
        for at in (i for i, ch in enumerate(line) if ch == "…"):
            before = line[:at]
            for term in terms:
                for k in range(1, len(term)):
                    prefix = term[:k]
                    if not (before.endswith(prefix) and prefix.strip()):
                        continue
                    if len(before) == k or before[-k - 1].isspace():
                        found.append(f"{term!r} cut in {line!r}")
    return found


def whole_on_a_line(output: str, term: str) -> bool:
    """The term is printed unbroken on one line."""
    return any(term in line for line in output.splitlines())


@pytest.mark.parametrize("width", WIDTHS)
def test_table_cuts_nothing_that_explains_a_verdict(width: int) -> None:
    report = verdict_report()
    output = REPORTERS["table"].report(report, RenderOptions(width=width, show_all=True))
    assert max(len(line) for line in output.splitlines()) <= width
    assert not cut_terms(output, protected_terms(report))
    # Every sentence fits whole, so the only ellipsis allowed is a path shortened at a directory.
    assert [line for line in output.splitlines() if "…" in line.replace("…/", "")] == []
    # What a source says and who the source is are printed unbroken (a long as-of may wrap at a space).
    for term in protected_terms(report) - set(HEADERS) - {"as of Thursday evening"}:
        assert whole_on_a_line(output, term), f"{term!r} is not printed whole at width {width}"
    for path in (s.path for s in report.sources):
        name = path.rsplit("/", 1)[-1]
        assert whole_on_a_line(output, name), f"{name} broken at width {width}"


@pytest.mark.parametrize("width", WIDTHS)
def test_seed_table_cuts_nothing_that_explains_a_verdict(seed_report: Report, width: int) -> None:
    output = REPORTERS["table"].report(seed_report, RenderOptions(width=width, show_all=True))
    assert max(len(line) for line in output.splitlines()) <= width
    assert cut_terms(output, protected_terms(seed_report)) == []
    for source in seed_report.sources:
        name = Path(source.path).name
        assert whole_on_a_line(output, name), f"{name} broken at width {width}"


@pytest.mark.parametrize("view", ["report", "claims", "sources"])
def test_table_sources_view_paths_whole(view: str) -> None:
    report = verdict_report()
    for width in WIDTHS:
        output = getattr(REPORTERS["table"], view)(report, RenderOptions(width=width, show_all=True))
        assert max(len(line) for line in output.splitlines()) <= width
        if view != "claims":
            assert whole_on_a_line(output, "riverside-evening-bulletin-report.txt"), width


def test_markdown_does_not_depend_on_width(seed_report: Report) -> None:
    outputs = {REPORTERS["markdown"].report(seed_report, RenderOptions(width=w, show_all=True)) for w in WIDTHS}
    assert len(outputs) == 1
    (output,) = outputs
    assert cut_terms(output, protected_terms(seed_report)) == []


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


@pytest.mark.parametrize(
    ("path", "width", "shown"),
    [
        ("fixtures/articles/003_abc.txt", 40, "fixtures/articles/003_abc.txt"),
        ("fixtures/articles/003_abc.txt", 25, "…/articles/003_abc.txt"),
        ("fixtures/articles/003_abc.txt", 16, "…/003_abc.txt"),
        ("fixtures/articles/003_abc.txt", 5, "…/003_abc.txt"),
        ("C:\\news\\may\\a.txt", 12, "…\\may\\a.txt"),
        ("plain-name.txt", 5, "plain-name.txt"),
    ],
)
def test_paths_are_shortened_at_a_directory(path: str, width: int, shown: str) -> None:
    from crosscheck.reporters.table import PathText

    assert PathText(path).fitted(width) == shown
    assert PathText(path, " #7").fitted(width + 3) == shown + " #7"


def test_narrow_table_bolds_only_the_source_and_the_claims_words() -> None:
    output = REPORTERS["table"].report(tiny_report(), RenderOptions(width=80, color=True))
    (line,) = [line for line in output.splitlines() if "reported" in line]
    assert "\x1b[1mDaily Planet\x1b[0m · reported: at least 12" in line
    assert "\x1b[1m12 people\x1b[0m were killed" in output


def _pydantic_bytes(report: Report) -> bytes:
    return report.__pydantic_serializer__.to_json(report, indent=2) + b"\n"


@pytest.mark.parametrize("emptied", [(), ("warnings", "skipped"), ("sources", "claims", "groups", "warnings")])
def test_json_chunks_join_to_pydantics_document(seed_report: Report, emptied: tuple[str, ...]) -> None:
    """The JSON report is written record by record (a 10,000-article document is never held whole);
    the pieces are exactly pydantic's one-shot document, whichever lists are empty."""
    from crosscheck.models import LoadFailure

    report = seed_report.model_copy(
        update={"skipped": [LoadFailure(path="a\nb.txt", reason="binary file")], **{name: [] for name in emptied}}
    )
    chunks = list(REPORTERS["json"].report_chunks(report, OPTIONS))
    assert b"".join(chunks) == _pydantic_bytes(report)
    assert REPORTERS["json"].report_bytes(report, OPTIONS) == _pydantic_bytes(report)
    if not emptied:
        assert len(chunks) > len(report.claims)  # one piece per record, not one document
