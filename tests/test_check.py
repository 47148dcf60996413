"""`crosscheck check` and `crosscheck freeze`: case folders, malformed claims files, the frozen baseline,
the project's own claims.yaml and its schema, and the exit codes of the installed command.

The case folders are tests/cases/check/<case>/: articles/, claims.yaml and expect.yaml. A new case needs no
code. expect.yaml keys:

    exit: 0                      # expected exit code
    fail_on: major               # optional: --fail-on (default major)
    from_claims_file: false      # optional: true runs `check <claims>` with no PATH (articles: of the file)
    claims: {id: status}         # every claim id: supported / contradicted / not_found
    conflicts: {new: 0, accepted: 0}   # optional
    xfail: "reason"              # optional: a known src bug, run as a strict xfail
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from typer.testing import CliRunner, Result

from crosscheck.checker import ClaimsFileError, parse_claims_file
from crosscheck.cli import app
from crosscheck.models import GroupStatus, Report

runner = CliRunner()
ROOT = Path(__file__).resolve().parent.parent
CASES = Path(__file__).parent / "cases" / "check"
EXPECT_KEYS = {"exit", "fail_on", "from_claims_file", "claims", "conflicts", "xfail"}
STATUSES = {"supported", "contradicted", "not_found"}


def invoke(args: list[str]) -> Result:
    """Run the CLI in-process; an exception other than typer's exit is a test failure, not an exit code."""
    result = runner.invoke(app, args)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"crosscheck {' '.join(args)} raised {result.exception!r}") from result.exception
    return result


def json_ready(data: Any) -> Any:
    """Parsed YAML as an editor's schema validator sees it: dates are strings."""
    return json.loads(json.dumps(data, default=str))


# --- 1. cases as folders --------------------------------------------------------------------------


def _case_params() -> list[Any]:
    params = []
    for case in sorted(p for p in CASES.iterdir() if (p / "expect.yaml").is_file()):
        reason = yaml.safe_load((case / "expect.yaml").read_text(encoding="utf-8")).get("xfail")
        marks = [pytest.mark.xfail(reason=reason, strict=True)] if reason else []
        params.append(pytest.param(case, id=case.name, marks=marks))
    return params


@pytest.mark.parametrize("case", _case_params())
def test_check_case(case: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    expect = yaml.safe_load((case / "expect.yaml").read_text(encoding="utf-8"))
    assert set(expect) <= EXPECT_KEYS, f"{case.name}/expect.yaml: unknown keys {set(expect) - EXPECT_KEYS}"
    assert set(expect["claims"].values()) <= STATUSES, f"{case.name}/expect.yaml: bad status"
    fail_on = expect.get("fail_on", "major")
    rel = case.relative_to(ROOT).as_posix()
    monkeypatch.chdir(ROOT)  # relative paths, so articles: is resolved against the claims file, not the cwd
    paths = [] if expect.get("from_claims_file") else [f"{rel}/articles"]
    if not expect.get("from_claims_file"):
        assert (case / "articles").is_dir(), f"{case.name}: no articles/ folder"
    result = invoke(["check", f"{rel}/claims.yaml", *paths, "--format", "json", "-q", "--fail-on", fail_on])
    assert result.exit_code in (0, 1), result.output
    check = json.loads(result.stdout)["check"]
    statuses = {c["id"]: c["status"] for c in check["claims"]}
    explained = {c["id"]: c["explanation"] for c in check["claims"]}
    assert statuses == expect["claims"], f"{case.name}: {explained}"
    if "conflicts" in expect:
        new = sum(not c["accepted"] for c in check["conflicts"])
        counts = {"new": new, "accepted": len(check["conflicts"]) - new}
        assert counts == expect["conflicts"], f"{case.name}: {check['conflicts']}"
    assert result.exit_code == expect["exit"], check["summary"]
    assert check["failed"] is (expect["exit"] == 1)
    assert check["fail_on"] == fail_on


def test_case_articles_are_small_dated_news() -> None:
    """Every case article is short and dated in its front matter (each one costs a spaCy run)."""
    articles = sorted(CASES.glob("*/articles/*"))
    assert articles
    for article in articles:
        assert article.suffix in {".txt", ".md"}, article
        text = article.read_text(encoding="utf-8")
        assert re.match(r"---\n(?:.*\n)*?published: \d{4}-\d{2}-\d{2}\n(?:.*\n)*?---\n", text), article
        assert len(text.split()) < 150, article
    for case in CASES.iterdir():
        assert len(list(case.glob("articles/*"))) <= 3, case


def test_articles_of_the_claims_file_are_relative_to_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`articles:` with an absolute path, and with a relative path from a claims file in another folder."""
    source = CASES / "supported"
    claims = yaml.safe_load((source / "claims.yaml").read_text(encoding="utf-8"))
    (tmp_path / "ci").mkdir()
    shutil.copytree(source / "articles", tmp_path / "news")
    cases = {"absolute.yaml": str(tmp_path / "news"), "ci/relative.yaml": "../news"}
    monkeypatch.chdir(tmp_path / "ci")  # neither file's articles: resolves from the cwd
    for name, articles in cases.items():
        (tmp_path / name).write_text(yaml.safe_dump({**claims, "articles": [articles]}), encoding="utf-8")
        result = invoke(["check", str(tmp_path / name), "--format", "json", "-q"])
        assert result.exit_code == 0, result.output
        statuses = {c["status"] for c in json.loads(result.stdout)["check"]["claims"]}
        assert statuses == {"supported"}, name


def test_no_articles_anywhere_is_an_error(tmp_path: Path) -> None:
    claims = tmp_path / "claims.yaml"
    claims.write_text("version: 1\nclaims: []\n", encoding="utf-8")
    result = invoke(["check", str(claims)])
    assert result.exit_code == 2
    assert result.stderr == f"crosscheck: error: {claims}: no articles given on the command line or under 'articles:'\n"


def test_missing_articles_folder_is_an_error(tmp_path: Path) -> None:
    claims = tmp_path / "claims.yaml"
    claims.write_text("version: 1\narticles: [nowhere]\nclaims: []\n", encoding="utf-8")
    result = invoke(["check", str(claims), "-q"])
    assert result.exit_code == 2
    assert result.stderr.startswith("crosscheck: error: ") and "nowhere" in result.stderr
    assert "Traceback" not in result.output


# --- 2. malformed claims files ----------------------------------------------------------------------
# Each YAML text marks the line(s) the error must point at with "# <-- error"; one stderr line per mark.

MARK = "# <-- error"
TOLL = "  - id: toll\n    kind: count\n    subject: people killed\n"  # a claim, all but its value
CLAIM = TOLL + "    value: 300\n"
DATE = "    kind: date\n    subject: the quake\n    value: 2025-03-03\n"  # a second claim, after its id line
DAY = "  - id: day\n    kind: date\n    subject: the quake\n"  # a date claim, all but its value
TITLE = "  - id: rank\n    kind: title\n    subject: Anna Brel\n"  # a title claim, all but its value


def bad(name: str, text: str, fragment: str, xfail: str | None = None) -> Any:
    marks = [pytest.mark.xfail(reason=xfail, strict=True)] if xfail else []
    return pytest.param(textwrap.dedent(text), fragment, id=name, marks=marks)


def claim_without(key: str) -> str:
    """The one-claim file without `key`, the claim's first line marked."""
    lines = [line for line in CLAIM.splitlines() if not line.strip(" -").startswith(f"{key}:")]
    first = lines[0] if lines[0].startswith("  - ") else "  - " + lines[0].strip()
    return "version: 1\nclaims:\n" + "\n".join([f"{first}  {MARK}", *lines[1:]]) + "\n"


MALFORMED = [
    bad(
        "yaml-syntax",
        f"""\
        version: 1
        claims:
          - id: toll
           kind: count  {MARK}
        """,
        "not valid YAML",
    ),
    bad("yaml-tab", f"version: 1\nclaims:\n\t- id: toll  {MARK}\n", "not valid YAML"),
    bad(
        "yaml-control-character",
        f"version: 1\nclaims:\n  - id: toll\x07  {MARK}\n",
        "not valid YAML",
    ),
    bad("not-a-mapping", f"- version: 1  {MARK}\n- claims: []\n", "must be a mapping"),
    bad("empty-file", "", "must be a mapping"),
    bad("missing-version", f"# verified facts\nclaims: []  {MARK}\n", "missing key 'version'"),
    bad("wrong-version", f"version: 2  {MARK}\nclaims: []\n", "version: Input should be 1"),
    bad("unknown-top-level-key", f"version: 1\nclaim: []  {MARK}\n", "unknown key 'claim'"),
    bad(
        "duplicate-top-level-key",
        f"version: 1\nclaims:\n{CLAIM}claims: []  {MARK}\n",
        "claims",
    ),
    bad(
        "unknown-claim-key",
        f"version: 1\nclaims:\n{CLAIM}    sevrity: warning  {MARK}\n",
        "unknown key 'claims.0.sevrity'",
    ),
    bad("missing-id", claim_without("id"), "missing key 'claims.0.id'"),
    bad("missing-kind", claim_without("kind"), "missing key 'claims.0.kind'"),
    bad("missing-subject", claim_without("subject"), "missing key 'claims.0.subject'"),
    bad(
        "missing-value",
        claim_without("value"),
        "missing key 'claims.0.value'",
    ),
    bad(
        "missing-key-second-claim",
        f"version: 1\nclaims:\n{CLAIM}  - id: date  {MARK}\n    subject: the quake\n    value: 2025-03-03\n",
        "missing key 'claims.1.kind'",
    ),
    bad(
        "bad-kind",
        f"version: 1\nclaims:\n  - id: toll\n    kind: tally  {MARK}\n    subject: people killed\n    value: 300\n",
        "claims.0.kind: Input should be 'count'",
    ),
    bad(
        "value-mapping-unknown-key",
        f"version: 1\nclaims:\n{TOLL}    value: {{approx: 300}}  {MARK}\n",
        "claims.0.value: unknown key 'approx' in value",
    ),
    bad(
        "value-list",
        f"version: 1\nclaims:\n{TOLL}    value: [300, 310]  {MARK}\n",
        "claims.0.value: give a number",
    ),
    bad("bad-tolerance", f"version: 1\nclaims:\n{CLAIM}    tolerance: ten  {MARK}\n", "claims.0.tolerance"),
    bad(
        "bad-tolerance-percent",
        f"version: 1\nclaims:\n{CLAIM}    tolerance: ten%  {MARK}\n",
        "claims.0.tolerance",
    ),
    bad(
        "bad-file-tolerance",
        f"version: 1\ntolerances:\n  count: ten  {MARK}\nclaims:\n{CLAIM}",
        "tolerances.count",
    ),
    bad("bad-tolerance-kind", f"version: 1\ntolerances:\n  counts: 10%  {MARK}\nclaims: []\n", "tolerances.counts"),
    bad("bad-severity", f"version: 1\nclaims:\n{CLAIM}    severity: fatal  {MARK}\n", "claims.0.severity"),
    bad("claim-not-a-mapping", f"version: 1\nclaims:\n  - toll is 300  {MARK}\n", "claims.0: Input should be"),
    bad("accepted-without-reason", f"version: 1\naccepted:\n  - group: count|killed  {MARK}\n", "accepted.0.reason"),
    bad(
        "duplicate-claim-ids",
        f"version: 1\nclaims:\n{CLAIM}  - id: toll  {MARK}\n{DATE}",
        "duplicate claim id 'toll'",
    ),
    # values `check` could not read: each an error on its own line, not a claim that never matches
    bad("range-min-above-max", f"version: 1\nclaims:\n{TOLL}    value: {{min: 30, max: 10}}  {MARK}\n", "above max"),
    bad(
        "range-min-above-max-block",
        f"version: 1\nclaims:\n{TOLL}    value:\n      min: 30  {MARK}\n      max: 10\n",
        "claims.0.value.min: min 30 is above max 10",
    ),
    bad("value-nan", f"version: 1\nclaims:\n{TOLL}    value: .nan  {MARK}\n", "finite"),
    bad("range-infinite-max", f"version: 1\nclaims:\n{TOLL}    value: {{max: .inf}}  {MARK}\n", "finite"),
    bad("negative-count", f"version: 1\nclaims:\n{TOLL}    value: -5  {MARK}\n", "cannot be negative"),
    bad("negative-range-end", f"version: 1\nclaims:\n{TOLL}    value: {{min: -5, max: 5}}  {MARK}\n", "negative"),
    bad("boolean-value", f"version: 1\nclaims:\n{TOLL}    value: yes  {MARK}\n", "claims.0.value: give a number"),
    bad("boolean-range-end", f"version: 1\nclaims:\n{TOLL}    value: {{max: no}}  {MARK}\n", "claims.0.value"),
    bad("range-two-forms", f"version: 1\nclaims:\n{TOLL}    value: {{about: 300, min: 250}}  {MARK}\n", "not min/max"),
    bad("range-empty", f"version: 1\nclaims:\n{TOLL}    value: {{}}  {MARK}\n", "give min and/or max"),
    bad("not-an-amount", f"version: 1\nclaims:\n{TOLL}    value: many  {MARK}\n", "'many' is not an amount"),
    bad("amount-in-another-unit", f"version: 1\nclaims:\n{TOLL}    value: 5 km  {MARK}\n", "'5 km' is in km"),
    bad("unit-for-a-count", f"version: 1\nclaims:\n{TOLL}    value: {{value: 5, unit: EUR}}  {MARK}\n", "unknown unit"),
    bad(
        "unknown-currency",
        f"version: 1\nclaims:\n  - id: cost\n    kind: money\n    subject: cost\n"
        f"    value:\n      value: 5\n      unit: EUROS  {MARK}\n",
        "claims.0.value.unit: unknown unit 'EUROS' for money",
    ),
    bad("date-relative", f"version: 1\nclaims:\n{DAY}    value: last Tuesday  {MARK}\n", "'last Tuesday' is relative"),
    bad("date-relative-month", f"version: 1\nclaims:\n{DAY}    value: in March  {MARK}\n", "is relative"),
    bad("date-unparseable", f"version: 1\nclaims:\n{DAY}    value: the day after  {MARK}\n", "is not a date"),
    bad("date-number", f"version: 1\nclaims:\n{DAY}    value: 300  {MARK}\n", "'300' is not a date"),
    bad("date-no-such-day", f"version: 1\nclaims:\n{DAY}    value: 2024-02-30  {MARK}\n", "'2024-02-30' cannot be"),
    bad("date-no-such-day-quoted", f"version: 1\nclaims:\n{DAY}    value: '2024-02-30'  {MARK}\n", "is not a date"),
    bad("date-no-such-month", f"version: 1\nclaims:\n{DAY}    value: '2024-13'  {MARK}\n", "no month 13"),
    bad(
        "date-range-reversed",
        f"version: 1\nclaims:\n{DAY}    value: {{min: 2024-09-15, max: 2024-09-01}}  {MARK}\n",
        "min 2024-09-15 is after max 2024-09-01",
    ),
    bad("date-range-of-numbers", f"version: 1\nclaims:\n{DAY}    value: {{min: 3}}  {MARK}\n", "takes dates"),
    bad("date-for-a-count", f"version: 1\nclaims:\n{TOLL}    value: 2024-09-01  {MARK}\n", "not dates"),
    bad("range-for-a-title", f"version: 1\nclaims:\n{TITLE}    value: {{min: 3}}  {MARK}\n", "a title is text"),
    bad("blank-title", f"version: 1\nclaims:\n{TITLE}    value: ' '  {MARK}\n", "a title is text"),
    bad("tolerance-nan", f"version: 1\nclaims:\n{CLAIM}    tolerance: .nan  {MARK}\n", "not a finite number"),
    bad("tolerance-negative-percent", f"version: 1\ntolerances:\n  count: -10%  {MARK}\nclaims: []\n", "negative"),
    bad(
        "two-problems",
        f"version: 1\nclaims:\n  - id: toll\n    kind: tally  {MARK}\n    subject: people killed\n    value: 300\n"
        f"  - id: date  {MARK}\n    kind: date\n    value: 2025-03-03\n",
        "claims.",
    ),
]


def marked_lines(text: str) -> list[int]:
    return [n for n, line in enumerate(text.splitlines(), 1) if MARK in line] or [1]


@pytest.mark.parametrize(("text", "fragment"), MALFORMED)
def test_malformed_claims_file_cli(text: str, fragment: str, tmp_path: Path) -> None:
    path = tmp_path / "claims.yaml"
    path.write_text(text, encoding="utf-8")
    result = invoke(["check", str(path), str(CASES / "supported" / "articles"), "-q"])
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert "Traceback" not in result.output
    lines = result.stderr.splitlines()
    expected = marked_lines(text)
    assert len(lines) == len(expected), result.stderr
    for line, number in zip(lines, expected, strict=True):
        assert line.startswith(f"crosscheck: error: {path}:{number}: "), result.stderr
    assert fragment in result.stderr


@pytest.mark.parametrize(("text", "fragment"), MALFORMED)
def test_malformed_claims_file_lines(text: str, fragment: str) -> None:
    with pytest.raises(ClaimsFileError) as info:
        parse_claims_file(text, "team/claims.yaml")
    assert info.value.path == "team/claims.yaml"
    assert [int(p.split(":")[0]) for p in info.value.problems] == marked_lines(text)
    assert all("\n" not in p for p in info.value.problems)
    assert fragment in "\n".join(info.value.problems)
    assert str(info.value).startswith(f"team/claims.yaml:{marked_lines(text)[0]}: ")


def test_missing_claims_file(tmp_path: Path) -> None:
    path = tmp_path / "nope.yaml"
    result = invoke(["check", str(path), str(tmp_path)])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"crosscheck: error: {path}:1: no such file (create one with `crosscheck freeze ARTICLES > claims.yaml`)"
    ]


def test_valid_claims_file_parses() -> None:
    parsed = parse_claims_file(f"version: 1\ntolerances:\n  count: 10%\nclaims:\n{CLAIM}    tolerance: 5\n")
    assert [(c.id, c.kind.value, c.value, c.tolerance) for c in parsed.claims] == [("toll", "count", 300, 5)]


@pytest.mark.parametrize(
    ("kind", "value"),
    [
        ("count", "{min: 10, max: 10}"),
        ("count", "{min: 0}"),
        ("count", "about 1,000"),
        ("percent", "-0.5"),
        ("percent", "two thirds"),
        ("money", "{min: 1000000, unit: EUR}"),
        ("money", "€5 million"),
        ("distance", "12 miles"),
        ("duration", "{max: 14, unit: day}"),
        ("date", "{min: 2024-09-01}"),
        ("date", "{min: 2024-09-01, max: 2024-09-01}"),
        ("date", "2024"),
        ("date", "2024-09"),
        ("date", "since 2019"),
        ("date", "September 12, 2024"),
        ("title", "Interior Minister"),
    ],
)
def test_readable_values_parse(kind: str, value: str) -> None:
    """The forms a value may take, at the edges the errors above leave open."""
    text = f"version: 1\nclaims:\n  - id: it\n    kind: {kind}\n    subject: it\n    value: {value}\n"
    assert [c.id for c in parse_claims_file(text).claims] == ["it"]


# --- 4. freeze ----------------------------------------------------------------------------------------


def test_freeze_writes_a_passing_baseline(
    seed_report: Report, repo_root: Path, fixtures_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(repo_root)
    frozen = invoke(["freeze", "fixtures/articles", "-q"])
    assert frozen.exit_code == 0, frozen.output
    parsed = parse_claims_file(frozen.stdout, "frozen.yaml")
    assert parsed.claims
    conflicts = {g.subject.key for g in seed_report.groups if g.status is GroupStatus.CONFLICT}
    assert conflicts
    assert {a.group for a in parsed.accepted} == conflicts
    assert parsed.articles == ["fixtures/articles"]
    block = "articles:\n- fixtures/articles\n"
    assert frozen.stdout.count(block) == 1
    path = tmp_path / "claims.yaml"
    path.write_text(frozen.stdout.replace(block, f"articles:\n- {json.dumps(str(fixtures_dir))}\n"), encoding="utf-8")
    result = invoke(["check", str(path), "--format", "json", "-q"])
    assert result.exit_code == 0, result.output
    check = json.loads(result.stdout)["check"]
    assert {c["id"]: c["status"] for c in check["claims"]} == {c.id: "supported" for c in parsed.claims}
    assert check["conflicts"] and all(c["accepted"] for c in check["conflicts"])


# --- 5. the project's own claims.yaml and its schema ------------------------------------------------


def test_project_claims_file_passes(repo_root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repo_root)
    result = invoke(["check", "--format", "json", "-q"])  # claims.yaml by default, its articles: too
    assert result.exit_code == 0, result.output
    check = json.loads(result.stdout)["check"]
    assert check["claims_file"] == "claims.yaml"
    assert check["claims"]
    assert {c["id"]: c["status"] for c in check["claims"]} == {c["id"]: "supported" for c in check["claims"]}
    assert all(c["accepted"] for c in check["conflicts"])


@pytest.fixture(scope="module")
def claims_schema() -> dict[str, Any]:
    result = invoke(["schema", "claims-file"])
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def test_claims_schema_is_valid_json_schema(claims_schema: dict[str, Any]) -> None:
    jsonschema.Draft202012Validator.check_schema(claims_schema)


@pytest.mark.parametrize(
    "path", [ROOT / "claims.yaml", *sorted(CASES.glob("*/claims.yaml"))], ids=lambda p: p.relative_to(ROOT).as_posix()
)
def test_claims_files_match_the_schema(path: Path, claims_schema: dict[str, Any]) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(claims_schema).validate(json_ready(data))
    parse_claims_file(path.read_text(encoding="utf-8"), str(path))


def test_claims_schema_rejects_what_the_parser_rejects(claims_schema: dict[str, Any]) -> None:
    validator = jsonschema.Draft202012Validator(claims_schema)
    assert not validator.is_valid({"version": 1, "claim": []})
    assert not validator.is_valid({"version": 2})
    assert not validator.is_valid({"version": 1, "claims": [{"id": "a", "kind": "tally", "subject": "s", "value": 1}]})


def test_committed_schema_is_current(repo_root: Path) -> None:
    result = invoke(["schema", "claims-file"])
    committed = (repo_root / "claims.schema.json").read_text(encoding="utf-8")
    assert committed == result.stdout, "run: crosscheck schema claims-file > claims.schema.json"


# --- 6. the installed command's exit codes -------------------------------------------------------


def crosscheck_command() -> str:
    """The console script next to the interpreter running the tests."""
    beside = Path(sys.executable).parent / "crosscheck"
    if not beside.exists():
        pytest.skip(f"no crosscheck console script next to {sys.executable}")
    return str(beside)


def test_installed_command_exit_codes(tmp_path: Path, repo_root: Path) -> None:
    malformed = tmp_path / "claims.yaml"
    malformed.write_text(f"version: 1\nclaims:\n{CLAIM.replace('count', 'tally')}", encoding="utf-8")
    runs = {
        0: ["tests/cases/check/supported/claims.yaml", "tests/cases/check/supported/articles"],
        1: ["tests/cases/check/new-major-conflict/claims.yaml", "tests/cases/check/new-major-conflict/articles"],
        2: [str(malformed), "tests/cases/check/supported/articles"],
    }
    command = crosscheck_command()
    procs = {
        code: subprocess.Popen(
            [command, "check", *args, "-q"], cwd=repo_root, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for code, args in runs.items()
    }
    for code, proc in procs.items():
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == code, f"{runs[code]}: {err}"
        assert "Traceback" not in err
        if code == 2:
            assert out == ""
            assert err.splitlines()[0].startswith(f"crosscheck: error: {malformed}:4: claims.0.kind")
        else:
            assert out.rstrip().endswith("FAILED" if code else "passed")
