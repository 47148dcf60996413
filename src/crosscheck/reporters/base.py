"""The reporter interface and what the human-readable formats share."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass

from crosscheck.models import Claim, Group, GroupStatus, Report, Severity, Source


def describe(claim: Claim) -> str:
    """A claim's value in short form (imported on first use: a JSON report never needs it, and it
    brings the reconciler's comparison code and lexicons)."""
    from crosscheck.reconciler.compare import describe as value_text

    return value_text(claim)


@dataclass(frozen=True)
class RenderOptions:
    """How to render: terminal width, colour, and whether single-source claims are listed."""

    width: int = 100
    color: bool = False
    show_all: bool = False


class Reporter(ABC):
    """One output format. Every reporter renders all three views."""

    name: str = ""

    @abstractmethod
    def report(self, report: Report, options: RenderOptions) -> str:
        """The whole report: sources, conflicts, agreements, single-source claims."""

    @abstractmethod
    def claims(self, report: Report, options: RenderOptions) -> str:
        """Every claim of every source (the `extract` command)."""

    @abstractmethod
    def sources(self, report: Report, options: RenderOptions) -> str:
        """The dated source records (the `sources` command)."""

    def report_bytes(self, report: Report, options: RenderOptions) -> bytes:
        """`report` as UTF-8 (a format that can make its bytes directly overrides this: the text of a
        10,000-article report is several hundred megabytes as a Python string)."""
        return self.report(report, options).encode("utf-8")

    def report_chunks(self, report: Report, options: RenderOptions) -> Iterator[bytes]:
        """`report_bytes` in pieces that join to the same bytes, for writing as they are made (a
        format that can serialize record by record overrides this, so the whole never sits in memory)."""
        yield self.report_bytes(report, options)


@dataclass(frozen=True)
class Summary:
    """Counts and the date range shown in the header of human-readable reports."""

    sources: int
    dated: int
    first: str | None
    last: str | None
    claims: int
    groups: int
    major: int
    minor: int
    agree: int
    single: int
    skipped: int
    independent: int = 0

    def line(self) -> str:
        """One-line header: '5 sources (2024-05-02 to 2024-05-03; 2 undated) · 68 claims · ...'."""
        if self.first is None:
            dates = "none dated"
        elif self.first == self.last:
            dates = self.first
        else:
            dates = f"{self.first} to {self.last}"
        undated = self.sources - self.dated
        dates += f"; {undated} undated" if undated and self.first else ""
        dates += f"; {self.independent} independent" if 0 < self.independent < self.sources else ""
        parts = [
            f"{self.sources} source{'s' * (self.sources != 1)} ({dates})",
            f"{self.claims} claims",
            f"{self.groups} groups",
            f"{self.major + self.minor} conflicts ({self.major} major, {self.minor} minor)",
            f"{self.agree} agreements",
            f"{self.single} single-source",
        ]
        if self.skipped:
            parts.append(f"{self.skipped} skipped")
        return " · ".join(parts)


def summarize(report: Report) -> Summary:
    """Counts for the header."""
    dates = sorted(s.published.isoformat() for s in report.sources if s.published)
    status = [(g.status, g.severity) for g in report.groups]
    return Summary(
        sources=len(report.sources),
        dated=len(dates),
        first=dates[0] if dates else None,
        last=dates[-1] if dates else None,
        claims=len(report.claims),
        groups=len(report.groups),
        major=status.count((GroupStatus.CONFLICT, Severity.MAJOR)),
        minor=status.count((GroupStatus.CONFLICT, Severity.MINOR)),
        agree=status.count((GroupStatus.AGREE, None)),
        single=status.count((GroupStatus.SINGLE, None)),
        skipped=len(report.skipped),
        independent=independent_count(report),
    )


def by_status(report: Report) -> tuple[list[Group], list[Group], list[Group]]:
    """Conflicts (major first), agreements, single-source groups, in report order."""
    conflicts = [g for g in report.groups if g.status is GroupStatus.CONFLICT]
    agreements = [g for g in report.groups if g.status is GroupStatus.AGREE]
    singles = [g for g in report.groups if g.status is GroupStatus.SINGLE]
    return conflicts, agreements, singles


@dataclass(frozen=True)
class Side:
    """One position of a group as a report shows it: a letter, the value, its claims and who states it."""

    letter: str
    label: str
    claims: list[Claim]
    sources: list[str]
    independent: int

    def summary(self) -> str:
        """'3 sources agree: s3, s4, s5 (2 independent)' / '1 source: s5'."""
        n = len(self.sources)
        verb = "sources agree" if n > 1 else "source"
        note = f" ({self.independent} independent)" if 0 < self.independent < n else ""
        return f"{n} {verb}: {', '.join(self.sources)}{note}"


def shorten(text: str, limit: int = 80) -> str:
    """`text` cut at a word to about `limit` characters, with '…' when cut (a long quote as a table cell)."""
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(" ,;/") + " …"


def letter(index: int) -> str:
    """Position letters: A, B, ... Z, then P27, P28 ..."""
    return chr(ord("A") + index) if index < 26 else f"P{index + 1}"


def sides(group: Group, claims: dict[str, Claim]) -> list[Side]:
    """A group's positions, in the group's order (the most supported first). A group that carries none
    (a report written before positions existed) shows one position per distinct value."""
    if group.positions:
        return [
            Side(letter(i), p.label, [claims[c] for c in p.claims], list(p.sources), p.independent_sources)
            for i, p in enumerate(group.positions)
        ]
    by_value: dict[str, list[Claim]] = {}
    for claim_id in group.claims:
        by_value.setdefault(describe(claims[claim_id]), []).append(claims[claim_id])
    found = []
    for i, (label, members) in enumerate(by_value.items()):
        sources = list(dict.fromkeys(c.source for c in members))
        found.append(Side(letter(i), label, members, sources, len(sources)))
    return found


def agreeing_sides(conflicts: list[Group], claims: dict[str, Claim]) -> list[tuple[Group, Side]]:
    """The agreements inside conflict groups: each position that two or more sources state."""
    return [(g, side) for g in conflicts for side in sides(g, claims) if len(side.sources) > 1]


def evidence(claim: Claim, limit: int = 220) -> tuple[str, str, str]:
    """The sentence split around the claim's own words (before, words, after), trimmed to about `limit`
    at word boundaries: a cut word ('as reporte…') would read like a different word."""
    sentence = " ".join(claim.sentence.split())
    text = " ".join(claim.text.split())
    at = sentence.find(text)
    if at < 0:
        return "", text, ""
    before, after = sentence[:at], sentence[at + len(text) :]
    room = max(limit - len(text), 20)
    if len(before) > room // 2:
        before = "…" + _last_words(before, room // 2)
    if len(after) > room - len(before):
        after = _first_words(after, max(room - len(before), 0)) + "…"
    return before, text, after


def _last_words(text: str, size: int) -> str:
    """The end of `text` in at most `size` characters, starting at a word (it ends where the claim's words begin)."""
    tail = text[len(text) - size :] if size else ""
    if not text[len(text) - size - 1].isspace() and " " in tail.rstrip():
        tail = tail[tail.index(" ") + 1 :]
    return tail.lstrip()


def _first_words(text: str, size: int) -> str:
    """The start of `text` in at most `size` characters, ending after a whole word."""
    head = text[:size]
    if text[size : size + 1].strip() and " " in head:
        head = head[: head.rindex(" ")]
    return head.rstrip()


def timeline(sources: list[Source]) -> list[tuple[Source, str]]:
    """Sources in publication order (undated last) with their day offset from the first: '+0d', '+2d'."""
    ordered = sorted(sources, key=lambda s: (s.published is None, s.published or 0, _number(s.id)))
    first = next((s.published for s in ordered if s.published), None)
    rows = []
    for source in ordered:
        offset = f"+{(source.published - first).days}d" if source.published and first else ""
        rows.append((source, offset))
    return rows


def _number(source_id: str) -> int:
    digits = "".join(ch for ch in source_id if ch.isdigit())
    return int(digits) if digits else 0


def date_origin(source: Source) -> str:
    """'text:dateline, medium' / 'html:meta article:published_time, high' / '-'."""
    if not source.published_source:
        return "-"
    where = source.published_source.value
    if source.published_field and source.published_source.value != "frontmatter":
        where += f" {source.published_field}"
    return f"{where}, {source.published_confidence.value}" if source.published_confidence else where


def derivation_text(source: Source) -> str:
    """What a source derives from: 's1 (near-duplicate, 83%)', 'Reuters (credit: "(Reuters) -")', or '-'."""
    parts = []
    for link in source.derived_from:
        target = " ".join(
            x for x in (link.source, f"({link.outlet})" if link.outlet and link.source else link.outlet) if x
        )
        if link.kind.value == "near-duplicate":
            parts.append(f"{target} (near-duplicate, {link.containment or 0:.0%} shared)")
        else:
            parts.append(f'{target} (credit: "{link.evidence}")')
    return "; ".join(parts) if parts else "-"


def independent_count(report: Report) -> int:
    """Derivation clusters among the report's sources: how many independent sources there are."""
    return len({s.cluster or s.id for s in report.sources})


def source_label(source: Source) -> str:
    """Short name of a source: its outlet, else its file name."""
    name = source.path.replace("\\", "/").rsplit("/", 1)[-1]
    return source.outlet or name


def claims_by_id(report: Report) -> dict[str, Claim]:
    """Index of the report's claims."""
    return {c.id: c for c in report.claims}


def sources_by_id(report: Report) -> dict[str, Source]:
    """Index of the report's sources."""
    return {s.id: s for s in report.sources}
