"""Fail unless the output of README's first command ends in a crosscheck report covering sources and claims.

The command's stdout holds pip's install log, then the report: JSON when stdout is not a terminal."""

import json
import sys
from pathlib import Path

text = Path(sys.argv[1]).read_text(encoding="utf-8")
start = text.find("\n{\n") + 1 if not text.startswith("{") else 0
try:
    report = json.loads(text[start:]) if start or text.startswith("{") else {}
except json.JSONDecodeError as exc:
    print(f"no JSON report at the end of the output: {exc}", file=sys.stderr)
    sys.exit(1)
sources, claims = len(report.get("sources", [])), len(report.get("claims", []))
print(f"report: {sources} sources, {claims} claims, {len(report.get('groups', []))} groups", file=sys.stderr)
sys.exit(0 if sources and claims else 1)
