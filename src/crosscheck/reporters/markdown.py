"""Markdown: the report as a document to paste into a ticket, a wiki or a newsroom chat."""

from __future__ import annotations

import re
from collections import Counter

from crosscheck.models import Report, Severity
from crosscheck.reporters.base import (
    RenderOptions,
    Reporter,
    agreeing_sides,
    by_status,
    claims_by_id,
    date_origin,
    derivation_text,
    describe,
    evidence,
    shorten,
    sides,
    source_label,
    sources_by_id,
    summarize,
    timeline,
)


def _cell(text: str) -> str:
    """Table-cell text: whitespace collapsed (edges kept, so bold words keep their spaces), pipes escaped."""
    return re.sub(r"\s+", " ", text).replace("|", "\\|")


class MarkdownReporter(Reporter):
    """GitHub-flavoured Markdown tables."""

    name = "markdown"

    def report(self, report: Report, options: RenderOptions) -> str:
        """Header, sources, conflicts with evidence, agreements, single-source claims."""
        claims = claims_by_id(report)
        sources = sources_by_id(report)
        conflicts, agreements, singles = by_status(report)
        lines = [
            "# crosscheck report",
            "",
            summarize(report).line(),
            "",
            "## Sources",
            "",
            self.sources(report, options).rstrip(),
            "",
            f"## Conflicts ({len(conflicts)})",
            "",
        ]
        for group in conflicts:
            severity = (group.severity or Severity.MAJOR).value
            positions = sides(group, claims)
            lines += [
                f"### {severity}: {_cell(group.subject.label)} ({group.kind.value}, {group.id})",
                "",
                _cell(group.explanation),
                "",
                "| position | value | sources |",
                "|---|---|---|",
                *[f"| {p.letter} | {_cell(p.label)} | {_cell(p.summary())} |" for p in positions],
                "",
                "| position | source | value | evidence | says |",
                "|---|---|---|---|---|",
            ]
            for side in positions:
                for claim in side.claims:
                    before, words, after = evidence(claim)
                    says = claim.modality.value + (f", {claim.as_of}" if claim.as_of else "")
                    lines.append(
                        f"| {side.letter} | {claim.source} {_cell(source_label(sources[claim.source])).strip()} "
                        f"| {_cell(describe(claim))} | {_cell(before)}**{_cell(words)}**{_cell(after)} | {says} |"
                    )
            lines.append("")
        inside = agreeing_sides(conflicts, claims)
        lines += [f"## Agreements ({len(agreements)}{f'; {len(inside)} more inside conflicts' if inside else ''})", ""]
        if agreements or inside:
            lines += ["| group | subject | value | sources |", "|---|---|---|---|"]
            for group in agreements:
                value = describe(claims[group.claims[0]])
                lines.append(
                    f"| {group.id} | {_cell(group.subject.label)} | {_cell(value)} "
                    f"| {len(group.sources)}: {', '.join(group.sources)} |"
                )
            for group, side in inside:  # one position of a conflict: it agrees, and the conflict names it
                lines.append(
                    f"| {group.id} {side.letter} | {_cell(group.subject.label)} (in conflict {group.id}) "
                    f"| {_cell(shorten(side.label))} | {len(side.sources)}: {', '.join(side.sources)} |"
                )
            lines.append("")
        lines += [f"## Single-source claims ({len(singles)})", ""]
        if options.show_all and singles:
            lines += ["| group | subject | value | source |", "|---|---|---|---|"]
            for group in singles:
                values = ", ".join(dict.fromkeys(describe(claims[c]) for c in group.claims))
                lines.append(
                    f"| {group.id} | {_cell(group.subject.label)} | {_cell(values)} | {', '.join(group.sources)} |"
                )
        elif singles:
            lines.append("Collapsed; list them with `--all`.")
        if report.warnings:
            lines += ["", "## Warnings", "", *[f"- {_cell(w.message)}" for w in report.warnings]]
        return "\n".join(lines).rstrip() + "\n"

    def claims(self, report: Report, options: RenderOptions) -> str:
        """Every claim as a table row."""
        lines = ["| id | kind | subject | value | text | rule |", "|---|---|---|---|---|---|"]
        for c in report.claims:
            lines.append(
                f"| {c.id} | {c.kind.value} | {_cell(c.subject.label)} | {_cell(describe(c))} "
                f"| {_cell(c.text)} | {c.rule} |"
            )
        return "\n".join(lines) + "\n"

    def sources(self, report: Report, options: RenderOptions) -> str:
        """The dated source records as a table."""
        counts = Counter(c.source for c in report.claims)
        lines = [
            "| id | published | date from | outlet | title | path | derives from | words | claims |",
            "|---|---|---|---|---|---|---|---|---|",
        ]
        for s, offset in timeline(report.sources):
            path = s.path + (f" #{s.record}" if s.record else "")
            lines.append(
                f"| {s.id} | {f'{s.published.isoformat()} {offset}' if s.published else 'undated'} "
                f"| {_cell(date_origin(s))} | {_cell(s.outlet or '-')} | {_cell(s.title or '')} "
                f"| {_cell(path)} | {_cell(derivation_text(s))} | {s.words} | {counts[s.id]} |"
            )
        return "\n".join(lines) + "\n"
