"""JSON and JSON Lines: the machine contract. Deterministic: same input, byte-identical output."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
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
        return b"".join(self.report_chunks(report, options))

    def report_chunks(self, report: Report, options: RenderOptions) -> Iterator[bytes]:
        """The bytes of `report.model_dump_json(indent=2)` plus a newline, record by record: the report
        without its lists is serialized once, and each list's records are serialized one at a time,
        indented to their depth, where the list stands. The whole document of 10,000 articles (several
        hundred megabytes, twice over while a newline was appended) is never held at once."""
        lists = [name for name, value in report if isinstance(value, list) and value]
        skeleton = report.model_copy(update={key: [] for key in lists}).model_dump_json(indent=2).encode("utf-8")
        for name in lists:
            marker = f'\n  "{name}": []'.encode()
            head, _, skeleton = skeleton.partition(marker)
            yield head + f'\n  "{name}": [\n'.encode()
            records: list[Any] = getattr(report, name)
            for index, record in enumerate(records):
                data = record.__pydantic_serializer__.to_json(record, indent=2)
                yield b"    " + data.replace(b"\n", b"\n    ") + (b",\n" if index < len(records) - 1 else b"\n")
            yield b"  ]"
        yield skeleton + b"\n"

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
