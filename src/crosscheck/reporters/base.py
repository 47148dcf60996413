"""The reporter interface and what the human-readable formats share."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass

from crosscheck.models import Claim, Group, GroupStatus, Report, Severity, Source


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
    )


def by_status(report: Report) -> tuple[list[Group], list[Group], list[Group]]:
    """Conflicts (major first), agreements, single-source groups, in report order."""
    conflicts = [g for g in report.groups if g.status is GroupStatus.CONFLICT]
    agreements = [g for g in report.groups if g.status is GroupStatus.AGREE]
    singles = [g for g in report.groups if g.status is GroupStatus.SINGLE]
    return conflicts, agreements, singles


def evidence(claim: Claim, limit: int = 220) -> tuple[str, str, str]:
    """The sentence split around the claim's own words (before, words, after), trimmed to `limit`."""
    sentence = " ".join(claim.sentence.split())
    text = " ".join(claim.text.split())
    at = sentence.find(text)
    if at < 0:
        return "", text, ""
    before, after = sentence[:at], sentence[at + len(text) :]
    room = max(limit - len(text), 20)
    if len(before) > room // 2:
        before = "…" + before[-(room // 2) :].lstrip()
    if len(after) > room - len(before):
        after = after[: max(room - len(before), 0)].rstrip() + "…"
    return before, text, after


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
