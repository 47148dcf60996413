"""Reporters: one class per output format, each rendering a report, its claims or its sources to text.

`REPORTERS` is the registry; the CLI's --format choices come from it.
"""

from __future__ import annotations

from crosscheck.reporters.base import RenderOptions, Reporter
from crosscheck.reporters.jsonfmt import JsonLinesReporter, JsonReporter
from crosscheck.reporters.markdown import MarkdownReporter
from crosscheck.reporters.table import TableReporter

REPORTERS: dict[str, Reporter] = {
    "table": TableReporter(),
    "json": JsonReporter(),
    "jsonl": JsonLinesReporter(),
    "markdown": MarkdownReporter(),
}

__all__ = ["REPORTERS", "RenderOptions", "Reporter"]
