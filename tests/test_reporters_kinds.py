"""Table and Markdown reports show the values of the new kinds as a person would write them."""

from __future__ import annotations

from datetime import date

import pytest

from crosscheck.models import Claim, ClaimKind, ClaimValue, NameValue, Quantity, Report, Source, Subject, TimeValue
from crosscheck.reconciler import reconcile
from crosscheck.reporters import REPORTERS, RenderOptions

VALUES: list[tuple[ClaimKind, str, ClaimValue, ClaimValue]] = [
    (
        ClaimKind.TIME,
        "time|explosion|-",
        TimeValue(start="09:00", end="09:15", zone="local", hedge="just after"),
        TimeValue(start="08:45", end="08:45", zone="local", date=date(2024, 5, 5)),
    ),
    (
        ClaimKind.MEASURE,
        "measure|temperature|air|-",
        Quantity(low=39.72, high=40.28, unit="celsius", original="104°F"),
        Quantity(low=40, high=40, unit="celsius"),
    ),
    (
        ClaimKind.MEASURE,
        "measure|area|fire|-",
        Quantity(low=20, high=20, unit="km2", original="2,000 hectares"),
        Quantity(low=20, high=20, unit="km2"),
    ),
    (ClaimKind.AGE, "age|jane roe", Quantity(low=38, high=38, unit="year"), Quantity(low=39, high=39, unit="year")),
    (
        ClaimKind.NAME,
        "name|captain",
        NameValue(role="captain", person="Ana Ruiz"),
        NameValue(role="captain", person="Maria Lopez"),
    ),
]


@pytest.fixture(scope="module")
def report() -> Report:
    sources = [Source(id=s, path=f"{s}.txt", words=9, text="x" * 300, published=date(2024, 5, 5)) for s in ("s1", "s2")]
    claims = []
    for n, (kind, key, first, second) in enumerate(VALUES):
        for source, value in (("s1", first), ("s2", second)):
            claims.append(
                Claim(
                    id=f"{source}.c{n}",
                    source=source,
                    kind=kind,
                    subject=Subject(key=key, label=key.split("|")[1]),
                    value=value,
                    text="words",
                    sentence="Some words here.",
                    start=n * 10,
                    end=n * 10 + 5,
                    rule="test",
                )
            )
    return Report(crosscheck="test", sources=sources, claims=claims, groups=reconcile(claims, sources), warnings=[])


@pytest.mark.parametrize("name", ["table", "markdown"])
def test_new_kinds_render(report: Report, name: str) -> None:
    text = REPORTERS[name].report(report, RenderOptions(width=160, show_all=True))
    flat = " ".join(text.split())
    for shown in (
        "09:00-09:15 local (just after)",
        "2024-05-05 08:45 local",
        "104°F (39.7-40.3°C)",
        "2,000 hectares (20 km²)",
        "38 years",
        "39 years",
        "Ana Ruiz",
        "Maria Lopez",
    ):
        assert shown in flat, f"{name}: {shown!r} not in\n{text}"


def test_schema_documents_the_new_kinds() -> None:
    """`crosscheck schema` lists the new kinds and describes every field of their values."""
    schema = Report.model_json_schema()
    assert {"time", "measure", "age", "name"} <= set(schema["$defs"]["ClaimKind"]["enum"])
    for model in ("TimeValue", "NameValue", "Quantity"):
        fields = schema["$defs"][model]["properties"]
        undocumented = [name for name, spec in fields.items() if name != "kind" and not spec.get("description")]
        assert not undocumented, f"{model}: {undocumented}"
