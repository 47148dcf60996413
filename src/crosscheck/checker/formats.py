"""Output formats of `crosscheck check`: one class per format in the CHECK_FORMATS registry."""

from __future__ import annotations

import json
from abc import ABC, abstractmethod
from collections.abc import Mapping
from xml.etree import ElementTree as ET

from rich.table import Table
from rich.text import Text

from crosscheck import __version__
from crosscheck.checker.verify import CheckResult, ClaimOutcome, ConflictOutcome, Evidence, FailOn, failed
from crosscheck.models import Origin, Report, Severity
from crosscheck.reporters.base import RenderOptions
from crosscheck.reporters.jsonfmt import report_data
from crosscheck.reporters.table import render_to_text

# GitHub shows at most 10 annotations of each level per step; more are summarized in one line.
GITHUB_LIMIT = 10
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
RULES = {
    "contradicted-claim": "An article contradicts a verified claim of the claims file.",
    "new-conflict": "Two articles disagree, and the disagreement is not accepted in the claims file.",
    "claim-not-found": "No article states a verified claim of the claims file.",
}


class CheckFormat(ABC):
    """One output format of `crosscheck check`."""

    name = ""

    def render(self, result: CheckResult, report: Report, fail_on: FailOn, options: RenderOptions) -> str:
        """The whole check result as text, each piece of evidence at its place in the article file."""
        return self.write(located(result, report), report, fail_on, options)

    @abstractmethod
    def write(self, result: CheckResult, report: Report, fail_on: FailOn, options: RenderOptions) -> str:
        """The whole check result as text (its evidence already located by `render`)."""


def located(result: CheckResult, report: Report) -> CheckResult:
    """The result with each piece of evidence at its claim's origin: the line and column of its words in the
    original file (front matter, HTML markup and entities, JSON escapes and records counted), not in the text
    the reader extracted from it."""
    origins = {claim.id: claim.origin for claim in report.claims if claim.origin is not None}

    def place(evidence: list[Evidence]) -> list[Evidence]:
        placed = []
        for item in evidence:
            origin = origins.get(item.claim)
            if origin is not None and (origin.line, origin.column) != (item.line, item.column):
                item = item.model_copy(update={"line": origin.line, "column": origin.column})
            placed.append(item)
        return placed

    return result.model_copy(
        update={
            "claims": [c.model_copy(update={"evidence": place(c.evidence)}) for c in result.claims],
            "conflicts": [c.model_copy(update={"evidence": place(c.evidence)}) for c in result.conflicts],
        }
    )


def _findings(result: CheckResult) -> tuple[list[ClaimOutcome], list[ConflictOutcome]]:
    contradicted = [c for c in result.claims if c.status == "contradicted"]
    new = [c for c in result.conflicts if not c.accepted]
    return contradicted, new


def summary(result: CheckResult, fail_on: FailOn) -> str:
    """'3 claims: 2 supported, 1 contradicted, 0 not found; 4 conflicts: 1 new, 3 accepted; FAILED'."""
    counts = {s: sum(c.status == s for c in result.claims) for s in ("supported", "contradicted", "not_found")}
    new = sum(not c.accepted for c in result.conflicts)
    verdict = "FAILED" if failed(result, fail_on) else "passed"
    return (
        f"{len(result.claims)} claims: {counts['supported']} supported, {counts['contradicted']} contradicted, "
        f"{counts['not_found']} not found; {len(result.conflicts)} conflicts: {new} new, "
        f"{len(result.conflicts) - new} accepted; {verdict}"
    )


class TextFormat(CheckFormat):
    """A rich summary for people."""

    name = "text"

    def write(self, result: CheckResult, report: Report, fail_on: FailOn, options: RenderOptions) -> str:
        """Claims table, conflicts table, summary line."""
        claims = Table(title=Text(f"Verified claims ({result.claims_file})"), title_justify="left", expand=True)
        claims.add_column("id", no_wrap=True)  # ids and statuses are read whole, never cut
        claims.add_column("status", no_wrap=True)
        for column, ratio in (("subject", 3), ("expected", 2), ("what the articles say", 6)):
            claims.add_column(column, ratio=ratio, overflow="fold")
        style = {"supported": "green", "contradicted": "red", "not_found": "yellow"}
        for outcome in result.claims:
            said = (
                "; ".join(dict.fromkeys(f"{e.source} {e.value} ({_name(e.path)}:{e.line})" for e in outcome.evidence))
                or "-"
            )
            status = outcome.status.replace("_", " ") + (" (warning)" if outcome.severity == "warning" else "")
            claims.add_row(
                Text(outcome.id),
                Text(status, style=style[outcome.status]),
                Text(outcome.subject),
                Text(outcome.expected),
                Text(said),
            )
        conflicts = Table(title=Text("Conflicts between the articles"), title_justify="left", expand=True)
        for column, ratio in (("group", 1), ("state", 2), ("subject", 4), ("explanation", 8)):
            conflicts.add_column(column, ratio=ratio, overflow="fold")
        for conflict in result.conflicts:
            state = "accepted" if conflict.accepted else f"NEW {conflict.severity.value}"
            conflicts.add_row(
                Text(conflict.group),
                Text(state, style="dim" if conflict.accepted else "red"),
                Text(conflict.subject),
                Text(conflict.explanation),
            )
        return render_to_text([claims, conflicts, Text(summary(result, fail_on), style="bold")], options)


def _name(path: str) -> str:
    return path.replace("\\", "/").rsplit("/", 1)[-1]


class JsonFormat(CheckFormat):
    """The report contract plus a "check" object."""

    name = "json"

    def write(self, result: CheckResult, report: Report, fail_on: FailOn, options: RenderOptions) -> str:
        """One JSON document."""
        data = report_data(report)
        data["check"] = {
            **result.model_dump(mode="json"),
            "failed": failed(result, fail_on),
            "fail_on": fail_on,
            "summary": summary(result, fail_on),
        }
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _first(evidence: list[Evidence], supports: bool | None = None) -> Evidence | None:
    return next((e for e in evidence if supports is None or e.supports == supports), None)


class JunitFormat(CheckFormat):
    """JUnit XML: one test case per verified claim and per conflict."""

    name = "junit"

    def write(self, result: CheckResult, report: Report, fail_on: FailOn, options: RenderOptions) -> str:
        """A <testsuites> document."""
        suites = ET.Element("testsuites", name="crosscheck")
        claims = ET.SubElement(suites, "testsuite", name="claims", tests=str(len(result.claims)))
        failures = skipped = 0
        for outcome in result.claims:
            case = ET.SubElement(claims, "testcase", classname="crosscheck.claims", name=outcome.id)
            if outcome.status == "contradicted" and outcome.severity == "error":
                failures += 1
                failure = ET.SubElement(case, "failure", message=outcome.explanation, type="contradicted")
                failure.text = "\n".join(f"{e.path}:{e.line}: {e.sentence}" for e in outcome.evidence if not e.supports)
            elif outcome.status != "supported":
                skipped += 1
                ET.SubElement(case, "skipped", message=outcome.explanation)
            else:
                out = ET.SubElement(case, "system-out")
                out.text = "\n".join(f"{e.path}:{e.line}: {e.text}" for e in outcome.evidence)
        claims.set("failures", str(failures))
        claims.set("skipped", str(skipped))
        claims.set("errors", "0")
        conflicts = ET.SubElement(suites, "testsuite", name="conflicts", tests=str(len(result.conflicts)))
        conflict_failures = 0
        levels = {"major": {Severity.MAJOR}, "minor": {Severity.MAJOR, Severity.MINOR}, "never": set()}[fail_on]
        for conflict in result.conflicts:
            case = ET.SubElement(conflicts, "testcase", classname="crosscheck.conflicts", name=conflict.subject_key)
            if conflict.accepted:
                out = ET.SubElement(case, "system-out")
                out.text = f"accepted: {conflict.reason}"
            elif conflict.severity in levels:
                conflict_failures += 1
                failure = ET.SubElement(case, "failure", message=conflict.explanation, type="new-conflict")
                failure.text = "\n".join(f"{e.path}:{e.line}: {e.sentence}" for e in conflict.evidence)
            else:
                out = ET.SubElement(case, "system-out")
                out.text = f"new {conflict.severity.value} conflict: {conflict.explanation}"
        conflicts.set("failures", str(conflict_failures))
        conflicts.set("skipped", "0")
        conflicts.set("errors", "0")
        suites.set("tests", str(len(result.claims) + len(result.conflicts)))
        suites.set("failures", str(failures + conflict_failures))
        ET.indent(suites)
        return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


class GithubFormat(CheckFormat):
    """GitHub Actions workflow commands: annotations on the article lines that hold the evidence."""

    name = "github"

    def write(self, result: CheckResult, report: Report, fail_on: FailOn, options: RenderOptions) -> str:
        """One `::error`/`::warning` line per finding, capped, then a summary notice."""
        contradicted, new = _findings(result)
        lines: list[str] = []
        shown = 0
        levels = {"major": {Severity.MAJOR}, "minor": {Severity.MAJOR, Severity.MINOR}, "never": set()}[fail_on]
        findings: list[tuple[str, Evidence | None, str, str]] = []
        for outcome in contradicted:
            level = "error" if outcome.severity == "error" and fail_on != "never" else "warning"
            findings.append((level, _first(outcome.evidence, False), f"crosscheck: {outcome.id}", outcome.explanation))
        for conflict in new:
            level = "error" if conflict.severity in levels else "warning"
            findings.append(
                (
                    level,
                    _first(conflict.evidence),
                    f"crosscheck: new {conflict.severity.value} conflict",
                    f"{conflict.subject}: {conflict.explanation}",
                )
            )
        for level, evidence, title, message in findings:
            if shown >= GITHUB_LIMIT:
                break
            props = (
                [f"file={_escape_property(evidence.path)}", f"line={evidence.line}", f"col={evidence.column}"]
                if evidence
                else []
            )
            props.append(f"title={_escape_property(title)}")
            lines.append(f"::{level} {','.join(props)}::{_escape_data(message)}")
            shown += 1
        if len(findings) > shown:
            lines.append(
                f"::notice title=crosscheck::{len(findings) - shown} more finding(s) not annotated; "
                "run crosscheck check --format text for all"
            )
        lines.append(f"::notice title=crosscheck::{_escape_data(summary(result, fail_on))}")
        return "\n".join(lines) + "\n"


class SarifFormat(CheckFormat):
    """SARIF 2.1.0 for code-scanning tools."""

    name = "sarif"

    def write(self, result: CheckResult, report: Report, fail_on: FailOn, options: RenderOptions) -> str:
        """One SARIF log with one run."""
        results = []
        origins = {claim.id: claim.origin for claim in report.claims if claim.origin is not None}
        for outcome in result.claims:
            if outcome.status == "supported":
                continue
            rule = "contradicted-claim" if outcome.status == "contradicted" else "claim-not-found"
            level = ("error" if outcome.severity == "error" else "warning") if rule == "contradicted-claim" else "note"
            evidence = [e for e in outcome.evidence if not e.supports]
            results.append(_sarif_result(rule, level, f"{outcome.id}: {outcome.explanation}", evidence, origins))
        for conflict in result.conflicts:
            if conflict.accepted:
                continue
            level = "error" if conflict.severity is Severity.MAJOR else "warning"
            message = f"{conflict.subject}: {conflict.explanation}"
            results.append(_sarif_result("new-conflict", level, message, conflict.evidence, origins))
        log = {
            "$schema": SARIF_SCHEMA,
            "version": "2.1.0",
            "runs": [
                {
                    "tool": {
                        "driver": {
                            "name": "crosscheck",
                            "version": __version__,
                            "informationUri": "https://github.com/crosscheck/crosscheck",
                            "rules": [{"id": rule, "shortDescription": {"text": text}} for rule, text in RULES.items()],
                        }
                    },
                    "results": results,
                    # Columns count characters, as crosscheck's origins do (SARIF's default is UTF-16 units).
                    "columnKind": "unicodeCodePoints",
                }
            ],
        }
        return json.dumps(log, ensure_ascii=False, indent=2) + "\n"


def _sarif_result(
    rule: str, level: str, message: str, evidence: list[Evidence], origins: Mapping[str, Origin]
) -> dict[str, object]:
    locations = [
        {
            "physicalLocation": {
                "artifactLocation": {"uri": e.path.replace("\\", "/")},
                "region": _region(e, origins.get(e.claim)),
            },
        }
        for e in evidence[:10]
    ]
    entry: dict[str, object] = {"ruleId": rule, "level": level, "message": {"text": message}}
    if locations:
        entry["locations"] = locations
    return entry


def _region(evidence: Evidence, origin: Origin | None) -> dict[str, object]:
    """Where the evidence is: its start, its end when the claim's origin gives it, and its words."""
    region: dict[str, object] = {"startLine": evidence.line, "startColumn": evidence.column}
    if origin is not None:
        region.update(endLine=origin.end_line, endColumn=origin.end_column)
    region["snippet"] = {"text": evidence.text}
    return region


CHECK_FORMATS: dict[str, CheckFormat] = {
    f.name: f for f in (TextFormat(), JsonFormat(), JunitFormat(), GithubFormat(), SarifFormat())
}
