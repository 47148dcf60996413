"""JSON and JSON Lines: the machine contract. Deterministic: same input, byte-identical output."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from crosscheck.models import Report
from crosscheck.reporters.base import RenderOptions, Reporter


def _dump(data: Any, indent: int | None) -> str:
    return json.dumps(data, ensure_ascii=False, indent=indent, separators=None if indent else (",", ":"))


def report_data(report: Report) -> dict[str, Any]:
    """The report as plain JSON data (field order as in the models)."""
    return report.model_dump(mode="json")


class JsonReporter(Reporter):
    """One JSON document."""

    name = "json"

    def report(self, report: Report, options: RenderOptions) -> str:
        """The whole report as one document (serialized by pydantic-core straight from the models:
        no intermediate dicts, which for 10,000 articles would cost about a gigabyte)."""
        return report.model_dump_json(indent=2) + "\n"

    def report_bytes(self, report: Report, options: RenderOptions) -> bytes:
        """`report`'s very bytes, straight from pydantic-core (no string of the whole report)."""
        return report.__pydantic_serializer__.to_json(report, indent=2) + b"\n"

    def claims(self, report: Report, options: RenderOptions) -> str:
        """A JSON array of claims."""
        return _dump([c.model_dump(mode="json") for c in report.claims], 2) + "\n"

    def sources(self, report: Report, options: RenderOptions) -> str:
        """A JSON array of sources (their text and text map left out: `report` carries them)."""
        return _dump(_sources(report), 2) + "\n"


def _sources(report: Report) -> list[dict[str, Any]]:
    """Sources without their text and its map into the file (the report carries both), with their claim counts."""
    counts = Counter(c.source for c in report.claims)
    rows = []
    for data in report.model_dump(mode="json")["sources"]:
        row = {k: v for k, v in data.items() if k not in ("text", "text_map")}
        row["claims"] = counts[data["id"]]
        rows.append(row)
    return rows


class JsonLinesReporter(Reporter):
    """One JSON object per line, each with a "type" field, for streaming into jq and friends."""

    name = "jsonl"

    def report(self, report: Report, options: RenderOptions) -> str:
        """Header, sources, claims, groups and warnings, one per line."""
        data = report_data(report)
        lines = [
            _dump(
                {
                    "type": "report",
                    "crosscheck": data["crosscheck"],
                    "schema_version": data["schema_version"],
                },
                None,
            )
        ]
        for section, kind in (
            ("sources", "source"),
            ("claims", "claim"),
            ("groups", "group"),
            ("warnings", "warning"),
            ("skipped", "skipped"),
        ):
            lines.extend(_dump({"type": kind, **item}, None) for item in data[section])
        return "\n".join(lines) + "\n"

    def claims(self, report: Report, options: RenderOptions) -> str:
        """One claim per line."""
        return "".join(_dump(c.model_dump(mode="json"), None) + "\n" for c in report.claims)

    def sources(self, report: Report, options: RenderOptions) -> str:
        """One source per line (without its text)."""
        return "".join(_dump(row, None) + "\n" for row in _sources(report))
