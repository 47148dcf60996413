"""The rich terminal report: conflicts first with their evidence, then agreements, then the rest.

At `WIDE` columns and more, sources and conflicts are tables; on a narrower terminal each source and
each conflicting claim is a short block instead (a label line, then its text across the full width), so
that nothing that explains a verdict (source, outlet, what the source says, value, evidence) is cut.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from collections.abc import Iterator

from rich import box
from rich.console import Console, ConsoleOptions, RenderableType
from rich.console import Group as RichGroup
from rich.measure import Measurement
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from crosscheck.models import Claim, Group, Report, Severity, Source
from crosscheck.reporters.base import (
    RenderOptions,
    Reporter,
    Side,
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

# Below this width, sources and conflicts are stacked blocks rather than tables: at 80 columns a
# four-column table leaves 6 characters for what the source says ('report…') and 4 for the outlet.
WIDE = 120
_NARROW_KEY = "each position (A, B ...): value, sources; under it each claim: source · what it says: value, sentence"


def render_to_text(renderables: list[RenderableType], options: RenderOptions) -> str:
    """Render into a fixed-width console (colour only when asked), trailing spaces removed."""
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


class PathText:
    """A file path that never breaks inside a name: when the space it is given is too narrow, it is
    shortened from the left at a directory ('…/articles/003.txt'); a suffix (' #4') is kept."""

    def __init__(self, path: str, suffix: str = "") -> None:
        self.path = path
        self.suffix = suffix

    def fitted(self, width: int) -> str:
        """The path shortened to `width` at a directory boundary, or '…/' and its file name if even that is too wide."""
        parts = [part for part in re.split(r"(?<=[/\\])", self.path) if part]
        for start in range(len(parts)):
            text = (f"…{parts[start - 1][-1]}" if start else "") + "".join(parts[start:])
            if len(text) + len(self.suffix) <= width:
                break
        else:
            text = self.path if len(parts) < 2 else f"…{parts[-2][-1]}{parts[-1]}"
        return text + self.suffix

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Text]:
        yield Text(self.fitted(options.max_width), overflow="fold")

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        shortest = len(self.fitted(0))
        return Measurement(shortest, max(shortest, len(self.path + self.suffix))).with_maximum(options.max_width)


def _add_row(table: Table, *cells: str | RenderableType) -> None:
    """Add a row; plain strings are literal text, never rich markup ("[s1, s5]" must survive)."""
    table.add_row(*(Text(c) if isinstance(c, str) else c for c in cells))


def _evidence_text(claim_text: tuple[str, str, str]) -> Text:
    before, words, after = claim_text
    text = Text(before)
    text.append(words, style="bold")
    text.append(after)
    return text


def _says(claim: Claim) -> str:
    """What the source does with the claim: 'reported', 'estimate, as of Monday'."""
    return claim.modality.value + (f", {claim.as_of}" if claim.as_of else "")


def _path(source: Source) -> PathText:
    return PathText(source.path, f" #{source.record}" if source.record else "")


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'s' * (n != 1)}"


def _table() -> Table:
    return Table(box=box.SIMPLE_HEAD, expand=True, show_edge=False, pad_edge=False)


def _blocks() -> Table:
    """Two columns without borders: a short key (a source id) and its block of lines beside it."""
    grid = Table.grid(padding=(0, 2, 0, 0), expand=True)
    grid.add_column(no_wrap=True)
    grid.add_column(ratio=1)
    return grid


class TableReporter(Reporter):
    """Rich tables for people at a terminal."""

    name = "table"

    def report(self, report: Report, options: RenderOptions) -> str:
        """Header, sources, conflicts with evidence, agreements, single-source claims."""
        claims = claims_by_id(report)
        sources = sources_by_id(report)
        conflicts, agreements, singles = by_status(report)
        wide = options.width >= WIDE
        out: list[RenderableType] = [Text(f"crosscheck {report.crosscheck} · {summarize(report).line()}", style="bold")]
        out.append(self._sources_table(report) if wide else self._sources_blocks(report))
        out.append(Text(f"\nConflicts ({len(conflicts)})", style="bold red" if conflicts else "bold"))
        if conflicts and not wide:
            out.append(Text(_NARROW_KEY, style="dim"))
        for group in conflicts:
            positions = sides(group, claims)
            render = self._conflict_table if wide else self._conflict_blocks
            out.extend(render(group, positions, sources))
        inside = agreeing_sides(conflicts, claims)
        heading = f"\nAgreements ({len(agreements)}{f'; {len(inside)} more inside conflicts' if inside else ''})"
        out.append(Text(heading, style="bold green" if agreements or inside else "bold"))
        if agreements or inside:
            table = _table()
            table.add_column("group", no_wrap=True)
            table.add_column("subject", ratio=2)
            table.add_column("value", ratio=2)
            table.add_column("sources", max_width=24)
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
            for group, side in inside:  # one position of a conflict: it agrees, and the conflict names it
                _add_row(
                    table,
                    f"{group.id} {side.letter}",
                    f"{group.subject.label} (in conflict {group.id})",
                    shorten(side.label),
                    f"{len(side.sources)}: {', '.join(side.sources)}",
                )
            out.append(table)
        out.append(Text(f"\nSingle-source claims ({len(singles)})", style="bold"))
        if options.show_all and singles:
            table = _table()
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

    @staticmethod
    def _title(group: Group) -> Text:
        severity = (group.severity or Severity.MAJOR).value.upper()
        style = "bold red" if severity == "MAJOR" else "bold yellow"
        return Text(f"{severity} · {group.id} · {group.subject.label} ({group.kind.value})", style=style)

    def _conflict_table(self, group: Group, positions: list[Side], sources: dict[str, Source]) -> list[RenderableType]:
        """One conflict at a wide terminal: its positions side by side (letter, value, who states it), then
        every claim under its position's letter (source, value, evidence, says), the explanation below."""
        table = Table(
            box=box.SIMPLE_HEAD,
            expand=True,
            show_edge=False,
            pad_edge=False,
            caption=Text(group.explanation),
            caption_justify="left",
        )
        # Source and says take the width they need (an outlet, 'reported'); value and evidence share the rest.
        table.add_column("", no_wrap=True)
        table.add_column("source")
        table.add_column("value", ratio=2)
        table.add_column("evidence", ratio=5)
        table.add_column("says", max_width=14, overflow="fold")
        for side in positions:
            for n, claim in enumerate(side.claims):
                table.add_row(
                    Text(side.letter if n == 0 else "", style="bold"),
                    Text(f"{claim.source} {source_label(sources[claim.source])}"),
                    Text(describe(claim)),
                    _evidence_text(evidence(claim)),
                    Text(_says(claim)),
                    end_section=n == len(side.claims) - 1,
                )
        return [Text("\n").append_text(self._title(group)), self._legend(positions), table]

    @staticmethod
    def _legend(positions: list[Side]) -> Table:
        """The positions side by side: 'A  261 / at least 261  3 sources agree: s3, s4, s5'."""
        grid = Table.grid(padding=(0, 2, 0, 0))
        grid.add_column(no_wrap=True)
        grid.add_column()
        grid.add_column()
        for side in positions:
            grid.add_row(Text(side.letter, style="bold"), Text(side.label), Text(side.summary()))
        return grid

    def _conflict_blocks(self, group: Group, positions: list[Side], sources: dict[str, Source]) -> list[RenderableType]:
        """One conflict for a narrow terminal: per position, its letter, value and sources; under it, per
        claim, 'source · says: value' with its sentence below."""
        blocks = _blocks()
        for side in positions:
            head = Text(side.label, style="bold")
            head.append(f" · {side.summary()}", style="")
            blocks.add_row(Text(side.letter, style="bold"), head)
            for claim in side.claims:
                line = Text()
                line.append(source_label(sources[claim.source]), style="bold")
                line.append(f" · {_says(claim)}: ")
                line.append(describe(claim))
                blocks.add_row(
                    Text(claim.source), RichGroup(line, Padding(_evidence_text(evidence(claim)), (0, 0, 0, 2)))
                )
        # A blank line apart: without a table's rules, one conflict would run into the next.
        title = Text("\n").append_text(self._title(group))
        return [title, blocks, Text(group.explanation)]

    def _sources_table(self, report: Report) -> Table:
        """Sources on a timeline: date, day offset, where the date came from, outlet, what each derives from."""
        counts = Counter(c.source for c in report.claims)
        table = _table()
        table.add_column("id", no_wrap=True)
        table.add_column("published", max_width=22, overflow="fold")
        table.add_column("outlet", max_width=24, overflow="fold")
        # At least the width of '…/' and the longest file name, so a path is never broken inside a name.
        table.add_column("title / path", ratio=3, width=max([12, *(len(_path(s).fitted(0)) for s in report.sources)]))
        table.add_column("derives from", ratio=2)
        table.add_column("claims", justify="right", no_wrap=True)
        for source, offset in timeline(report.sources):
            _add_row(
                table,
                source.id,
                "\n".join([self._day(source, offset), *date_origin(source).rsplit(", ", 1)]),
                source.outlet or "-",
                RichGroup(Text(source.title or "(no title)"), _path(source)),
                derivation_text(source),
                str(counts[source.id]),
            )
        return table

    def _sources_blocks(self, report: Report) -> Table:
        """Sources for a narrow terminal: 'date · outlet · claims', then title, path, date origin, derivation."""
        counts = Counter(c.source for c in report.claims)
        blocks = _blocks()
        for source, offset in timeline(report.sources):
            outlet = [source.outlet] if source.outlet else []
            head = " · ".join([self._day(source, offset), *outlet, _count(counts[source.id], "claim")])
            lines: list[RenderableType] = [Text(head)]
            if source.title:
                lines.append(Text(source.title))
            lines.append(_path(source))
            if source.published:
                lines.append(Text(f"date from {date_origin(source)}"))
            if source.derived_from:
                lines.append(Text(f"derives from {derivation_text(source)}"))
            blocks.add_row(Text(source.id), RichGroup(*lines))
        return blocks

    @staticmethod
    def _day(source: Source, offset: str) -> str:
        return f"{source.published.isoformat()} {offset}" if source.published else "undated"

    def claims(self, report: Report, options: RenderOptions) -> str:
        """Every claim with its kind, subject, value and exact words."""
        table = _table()
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
        """The dated source records (stacked on a narrow terminal, like the report's)."""
        return render_to_text(
            [self._sources_table(report) if options.width >= WIDE else self._sources_blocks(report)], options
        )


__all__ = ["WIDE", "PathText", "RichGroup", "TableReporter"]
