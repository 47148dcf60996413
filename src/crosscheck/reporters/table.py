"""The rich terminal report: conflicts first with their evidence, then agreements, then the rest."""

from __future__ import annotations

import io
from collections import Counter

from rich import box
from rich.console import Console, RenderableType
from rich.console import Group as RichGroup
from rich.table import Table
from rich.text import Text

from crosscheck.models import Report, Severity
from crosscheck.reporters.base import (
    RenderOptions,
    Reporter,
    by_status,
    claims_by_id,
    date_origin,
    derivation_text,
    describe,
    evidence,
    source_label,
    sources_by_id,
    summarize,
    timeline,
)


def render_to_text(renderables: list[RenderableType], options: RenderOptions) -> str:
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=options.width,
        color_system="standard" if options.color else None,
        force_terminal=options.color,
        no_color=not options.color,
        highlight=False,
        legacy_windows=False,
        emoji=False,
    )
    for renderable in renderables:
        console.print(renderable)
    return "\n".join(line.rstrip() for line in buffer.getvalue().split("\n"))


def _add_row(table: Table, *cells: str | Text) -> None:
    """Add a row; plain strings are literal text, never rich markup ("[s1, s5]" must survive)."""
    table.add_row(*(Text(c) if isinstance(c, str) else c for c in cells))


def _evidence_text(claim_text: tuple[str, str, str]) -> Text:
    before, words, after = claim_text
    text = Text(before)
    text.append(words, style="bold")
    text.append(after)
    return text


class TableReporter(Reporter):
    """Rich tables for people at a terminal."""

    name = "table"

    def report(self, report: Report, options: RenderOptions) -> str:
        """Header, sources, conflicts with evidence, agreements, single-source claims."""
        claims = claims_by_id(report)
        sources = sources_by_id(report)
        conflicts, agreements, singles = by_status(report)
        out: list[RenderableType] = [Text(f"crosscheck {report.crosscheck} · {summarize(report).line()}", style="bold")]
        out.append(self._sources_table(report))
        out.append(Text(f"\nConflicts ({len(conflicts)})", style="bold red" if conflicts else "bold"))
        for group in conflicts:
            severity = (group.severity or Severity.MAJOR).value.upper()
            table = Table(
                box=box.SIMPLE_HEAD,
                expand=True,
                show_edge=False,
                pad_edge=False,
                title=Text(f"{severity} · {group.id} · {group.subject.label} ({group.kind.value})"),
                title_justify="left",
                title_style="bold red" if severity == "MAJOR" else "bold yellow",
                caption=Text(group.explanation),
                caption_justify="left",
            )
            table.add_column("source", no_wrap=True, ratio=1)
            table.add_column("value", ratio=2)
            table.add_column("evidence", ratio=5)
            table.add_column("says", ratio=1)
            for claim_id in group.claims:
                claim = claims[claim_id]
                says = claim.modality.value + (f", {claim.as_of}" if claim.as_of else "")
                _add_row(
                    table,
                    f"{claim.source} {source_label(sources[claim.source])}",
                    describe(claim),
                    _evidence_text(evidence(claim)),
                    says,
                )
            out.append(table)
        out.append(Text(f"\nAgreements ({len(agreements)})", style="bold green" if agreements else "bold"))
        if agreements:
            table = Table(box=box.SIMPLE_HEAD, expand=True, show_edge=False, pad_edge=False)
            table.add_column("group", no_wrap=True)
            table.add_column("subject", ratio=2)
            table.add_column("value", ratio=2)
            table.add_column("sources", no_wrap=True)
            for group in agreements:
                values = list(dict.fromkeys(describe(claims[c]) for c in group.claims))
                shown = values[0] if len(values) == 1 else f"{values[0]} (+{len(values) - 1} other forms)"
                _add_row(
                    table,
                    group.id,
                    group.subject.label,
                    shown,
                    f"{len(group.sources)}: {', '.join(group.sources)}",
                )
            out.append(table)
        out.append(Text(f"\nSingle-source claims ({len(singles)})", style="bold"))
        if options.show_all and singles:
            table = Table(box=box.SIMPLE_HEAD, expand=True, show_edge=False, pad_edge=False)
            table.add_column("group", no_wrap=True)
            table.add_column("subject", ratio=2)
            table.add_column("value", ratio=2)
            table.add_column("source", no_wrap=True)
            for group in singles:
                listed = ", ".join(dict.fromkeys(describe(claims[c]) for c in group.claims))
                _add_row(table, group.id, group.subject.label, listed, ", ".join(group.sources))
            out.append(table)
        elif singles:
            out.append(Text("collapsed; list them with --all", style="dim"))
        if report.warnings:
            out.append(Text(f"\n{len(report.warnings)} warning(s): see stderr or the JSON report", style="dim"))
        return render_to_text(out, options)

    def _sources_table(self, report: Report) -> Table:
        """Sources on a timeline: date, day offset, where the date came from, outlet, what each derives from."""
        counts = Counter(c.source for c in report.claims)
        table = Table(box=box.SIMPLE_HEAD, expand=True, show_edge=False, pad_edge=False)
        table.add_column("id", no_wrap=True)
        table.add_column("published", width=21, overflow="fold")
        table.add_column("outlet", ratio=1)
        table.add_column("title / path", ratio=3, overflow="fold")
        table.add_column("derives from", ratio=2, overflow="fold")
        table.add_column("claims", justify="right")
        for source, offset in timeline(report.sources):
            day = f"{source.published.isoformat()} {offset}" if source.published else "undated"
            _add_row(
                table,
                source.id,
                "\n".join([day, *date_origin(source).rsplit(", ", 1)]),
                source.outlet or "-",
                f"{source.title or '(no title)'}\n{source.path}{f' #{source.record}' if source.record else ''}",
                derivation_text(source),
                str(counts[source.id]),
            )
        return table

    def claims(self, report: Report, options: RenderOptions) -> str:
        """Every claim with its kind, subject, value and exact words."""
        table = Table(box=box.SIMPLE_HEAD, expand=True, show_edge=False, pad_edge=False)
        for name, ratio in (("id", 1), ("kind", 1), ("subject", 3), ("value", 3), ("text", 4), ("rule", 2)):
            table.add_column(name, ratio=ratio)
        for claim in report.claims:
            _add_row(
                table,
                claim.id,
                claim.kind.value,
                claim.subject.label,
                describe(claim),
                claim.text,
                claim.rule,
            )
        return render_to_text([Text(f"{len(report.claims)} claims from {len(report.sources)} sources"), table], options)

    def sources(self, report: Report, options: RenderOptions) -> str:
        """The dated source records."""
        return render_to_text([self._sources_table(report)], options)


__all__ = ["RichGroup", "TableReporter"]
