"""Every output format of `crosscheck check` on one fixed case (tests/cases/check/formats/): goldens, and
each format checked against what its consumer expects (JUnit XSD, SARIF schema, GitHub workflow commands).

Set UPDATE_GOLDEN=1 to rewrite tests/golden/check.* from the current output (then read the diff).
"""

from __future__ import annotations

import contextlib
import html
import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import jsonschema
import pytest
from typer.testing import CliRunner

from crosscheck import __version__
from crosscheck.checker import CheckResult, check, load_claims_file
from crosscheck.checker.formats import CHECK_FORMATS, GITHUB_LIMIT, RULES
from crosscheck.cli import app
from crosscheck.models import Report
from crosscheck.pipeline import run
from crosscheck.reporters import RenderOptions
from crosscheck.settings import Settings

runner = CliRunner()
CASE = Path(__file__).parent / "cases" / "check" / "formats"
# Evidence in an HTML page and JSON feeds (tests/test_traceability.py's articles, and a claims file).
TRACE = Path(__file__).parent / "cases" / "trace"
GOLDEN = Path(__file__).parent / "golden"
SCHEMAS = Path(__file__).parent / "data" / "schemas"
GOLDEN_NAMES = {
    "text": "check.text.txt",
    "json": "check.json",
    "junit": "check.junit.xml",
    "github": "check.github.txt",
    "sarif": "check.sarif.json",
}
ANNOTATION = re.compile(r"^::(error|warning|notice)( [^:]*)?::")
XS = "{http://www.w3.org/2001/XMLSchema}"


@contextlib.contextmanager
def in_case() -> Iterator[None]:
    """Run from the case folder with relative paths, so no output holds a temporary or absolute path."""
    with contextlib.chdir(CASE):
        yield


@pytest.fixture(scope="module")
def cli_output() -> dict[str, str]:
    """`crosscheck check claims.yaml articles --format F -q` from the case folder, for every format but text."""
    outputs = {}
    with in_case():
        for name in CHECK_FORMATS:
            if name == "text":
                continue  # its width depends on the terminal: rendered directly below
            result = runner.invoke(app, ["check", "claims.yaml", "articles", "--format", name, "-q"])
            assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
            assert result.exit_code == 1, result.output  # a contradicted claim and a new major conflict
            assert result.stderr == ""
            outputs[name] = result.stdout
    return outputs


@pytest.fixture(scope="module")
def checked() -> tuple[CheckResult, Report]:
    """The same check in-process: (result, report)."""
    with in_case():
        report = run([Path("articles")], Settings())
        return check(report, load_claims_file(Path("claims.yaml")), "claims.yaml"), report


def rendered(name: str, checked: tuple[CheckResult, Report], cli_output: dict[str, str]) -> str:
    if name == "text":
        result, report = checked
        return CHECK_FORMATS["text"].render(result, report, "major", RenderOptions(width=100))
    return cli_output[name]


def without_version(data: Any) -> Any:
    """JSON with crosscheck's version replaced, so a release does not rewrite the goldens."""
    text = json.dumps(data, ensure_ascii=False).replace(json.dumps(__version__), '"<version>"')
    return json.loads(text)


def check_golden(name: str, actual: str) -> None:
    """Compare with tests/golden/<name> (JSON as parsed objects), or rewrite it when UPDATE_GOLDEN=1."""
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.write_bytes(actual.encode("utf-8"))
        return
    assert path.exists(), f"{path} is missing: run the tests once with UPDATE_GOLDEN=1 and review it"
    expected = path.read_bytes().decode("utf-8")
    if name.endswith(".json"):
        assert without_version(json.loads(actual)) == without_version(json.loads(expected)), name
    else:
        assert actual == expected, f"{name} differs from the golden file (UPDATE_GOLDEN=1 rewrites it)"


def test_the_case_has_every_sort_of_finding(checked: tuple[CheckResult, Report]) -> None:
    result, _report = checked
    statuses = {(c.status, c.severity) for c in result.claims}
    assert {("supported", "error"), ("contradicted", "error"), ("contradicted", "warning")} <= statuses
    assert ("not_found", "error") in statuses
    assert {c.accepted for c in result.conflicts} == {True, False}


@pytest.mark.parametrize("name", list(GOLDEN_NAMES))
def test_golden(name: str, checked: tuple[CheckResult, Report], cli_output: dict[str, str]) -> None:
    output = rendered(name, checked, cli_output)
    assert str(CASE) not in output and str(CASE.parent.parent) not in output
    check_golden(GOLDEN_NAMES[name], output)


def test_every_format_is_tested() -> None:
    assert set(CHECK_FORMATS) == set(GOLDEN_NAMES)


def test_cli_matches_the_formatters(checked: tuple[CheckResult, Report], cli_output: dict[str, str]) -> None:
    result, report = checked
    for name, output in cli_output.items():
        assert output == CHECK_FORMATS[name].render(result, report, "major", RenderOptions()), name


def test_text_summary_line(checked: tuple[CheckResult, Report]) -> None:
    text = rendered("text", checked, {})
    assert text.rstrip().splitlines()[-1].rstrip() == (
        "4 claims: 1 supported, 2 contradicted, 1 not found; 2 conflicts: 1 new, 1 accepted; FAILED"
    )
    assert max(len(line) for line in text.splitlines()) <= 100


def test_text_shows_ids_and_statuses_in_full(checked: tuple[CheckResult, Report]) -> None:
    text = rendered("text", checked, {})
    for outcome in checked[0].claims:
        assert outcome.id in text
    assert "contradicted" in text


def test_json_is_the_report_plus_check(cli_output: dict[str, str]) -> None:
    data = json.loads(cli_output["json"])
    assert data["check"]["failed"] is True and data["check"]["fail_on"] == "major"
    assert {s["path"] for s in data["sources"]} == {"articles/organisers.md", "articles/police.txt"}
    assert data["check"]["claims_file"] == "claims.yaml"


# --- JUnit ------------------------------------------------------------------------------------------


def _xsd_declarations(xsd: ET.Element) -> dict[str, dict[str, Any]]:
    """For each xs:element of the compact JUnit XSD: allowed children (with max count and choice groups),
    attributes (required, integer) and whether text is allowed."""
    declarations = {}
    for element in xsd.findall(f"{XS}element"):
        children: dict[str, int | None] = {}
        choices: list[set[str]] = []
        for group in element.iter():
            refs = [e for e in group if e.tag == f"{XS}element" and e.get("ref")]
            if group.tag == f"{XS}choice" and group.get("maxOccurs", "1") == "1":
                choices.append({e.get("ref", "") for e in refs})
            for ref in refs:
                most = ref.get("maxOccurs", "1")
                children[ref.get("ref", "")] = None if most == "unbounded" else int(most)
        attributes = {
            a.get("name", ""): (a.get("use") == "required", a.get("type") == "xs:nonNegativeInteger")
            for a in element.iter(f"{XS}attribute")
        }
        text = element.get("type") == "xs:string" or element.find(f".//{XS}simpleContent") is not None
        declarations[element.get("name", "")] = {
            "children": children,
            "choices": choices,
            "attributes": attributes,
            "text": text,
        }
    return declarations


def _validate_by_hand(node: ET.Element, declarations: dict[str, dict[str, Any]], where: str = "") -> None:
    where = f"{where}/{node.tag}"
    assert node.tag in declarations, f"{where}: element not in the schema"
    declared = declarations[node.tag]
    for name, value in node.attrib.items():
        assert name in declared["attributes"], f"{where}: attribute {name!r} not in the schema"
        if declared["attributes"][name][1]:
            assert value.isdigit(), f"{where}@{name}={value!r}: not a non-negative integer"
    for name, (required, _integer) in declared["attributes"].items():
        assert not required or name in node.attrib, f"{where}: required attribute {name!r} missing"
    if not declared["text"]:
        assert not (node.text or "").strip(), f"{where}: text not allowed"
    tags = [child.tag for child in node]
    for tag in tags:
        assert tag in declared["children"], f"{where}: child <{tag}> not allowed"
        most = declared["children"][tag]
        assert most is None or tags.count(tag) <= most, f"{where}: too many <{tag}>"
    for choice in declared["choices"]:
        assert sum(tag in choice for tag in tags) <= 1, f"{where}: more than one of {sorted(choice)}"
    for child in node:
        _validate_by_hand(child, declarations, where)


def test_junit_validates_against_the_xsd(cli_output: dict[str, str]) -> None:
    """With lxml (if installed) the XSD itself; otherwise a reader of the XSD's declarations."""
    document = cli_output["junit"].encode("utf-8")
    xsd_path = SCHEMAS / "junit.xsd"
    try:
        from lxml import etree  # type: ignore[import-not-found, import-untyped, unused-ignore]
    except ImportError:
        declarations = _xsd_declarations(ET.parse(xsd_path).getroot())
        root = ET.fromstring(document)
        assert root.tag == "testsuites"
        _validate_by_hand(root, declarations)
    else:
        schema = etree.XMLSchema(etree.parse(str(xsd_path)))
        schema.assertValid(etree.fromstring(document))


def test_hand_validator_rejects_what_the_xsd_rejects() -> None:
    declarations = _xsd_declarations(ET.parse(SCHEMAS / "junit.xsd").getroot())
    invalid = [
        '<testsuites><testsuite name="a"/></testsuites>',  # tests is required
        '<testsuites><testsuite name="a" tests="x"/></testsuites>',
        '<testsuites><testsuite name="a" tests="1"><testcase name="c"/></testsuite></testsuites>',
        '<testsuites><testsuite name="a" tests="1"><testcase name="c" classname="k"><failure/><skipped/>'
        "</testcase></testsuite></testsuites>",
        '<testsuites><testsuite name="a" tests="1" color="red"/></testsuites>',
        "<testsuites><case/></testsuites>",
    ]
    for document in invalid:
        with pytest.raises(AssertionError):
            _validate_by_hand(ET.fromstring(document), declarations)
    valid = (
        '<testsuites><testsuite name="a" tests="1"><testcase name="c" classname="k"><skipped message="m"/>'
        "<system-out>x</system-out></testcase></testsuite></testsuites>"
    )
    _validate_by_hand(ET.fromstring(valid), declarations)


def test_junit_counts(cli_output: dict[str, str], checked: tuple[CheckResult, Report]) -> None:
    result, _report = checked
    root = ET.fromstring(cli_output["junit"])
    suites = {suite.get("name"): suite for suite in root}
    assert set(suites) == {"claims", "conflicts"}
    for suite in root:
        cases = suite.findall("testcase")
        assert int(suite.get("tests", "-1")) == len(cases)
        assert int(suite.get("failures", "-1")) == len(suite.findall("testcase/failure"))
        assert int(suite.get("skipped", "-1")) == len(suite.findall("testcase/skipped"))
    assert int(root.get("tests", "-1")) == len(result.claims) + len(result.conflicts)
    assert int(root.get("failures", "-1")) == len(root.findall(".//failure")) == 2
    claims = {case.get("name"): case for case in suites["claims"]}
    assert claims["crowd-size"].find("failure") is not None
    assert claims["voss-old-title"].find("skipped") is not None  # contradicted, but a warning
    assert claims["tax-revenue"].find("skipped") is not None
    assert claims["voss-title"].find("system-out") is not None


# --- SARIF ------------------------------------------------------------------------------------------


def test_sarif_validates_against_the_schema(cli_output: dict[str, str]) -> None:
    schema = json.loads((SCHEMAS / "sarif-2.1.0-subset.json").read_text(encoding="utf-8"))
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    log = json.loads(cli_output["sarif"])
    validator_class(schema).validate(log)
    with pytest.raises(jsonschema.ValidationError):
        validator_class(schema).validate({**log, "version": "2.0.0"})


def test_sarif_results_point_into_the_articles(cli_output: dict[str, str]) -> None:
    log = json.loads(cli_output["sarif"])
    (sarif_run,) = log["runs"]
    rules = {rule["id"] for rule in sarif_run["tool"]["driver"]["rules"]}
    assert rules == set(RULES)
    results = sarif_run["results"]
    assert {(r["ruleId"], r["level"]) for r in results} == {
        ("contradicted-claim", "error"),
        ("contradicted-claim", "warning"),
        ("claim-not-found", "note"),
        ("new-conflict", "error"),
    }
    for sarif_result in results:
        for location in sarif_result.get("locations", []):
            physical = location["physicalLocation"]
            lines = (CASE / physical["artifactLocation"]["uri"]).read_text(encoding="utf-8").splitlines()
            region = physical["region"]
            assert region["snippet"]["text"] in lines[region["startLine"] - 1]


# --- GitHub -----------------------------------------------------------------------------------------


def _unescape(text: str) -> str:
    return text.replace("%3A", ":").replace("%2C", ",").replace("%0A", "\n").replace("%0D", "\r").replace("%25", "%")


def _annotations(output: str) -> list[tuple[str, dict[str, str], str]]:
    """(level, properties, message) per line; every line must be a workflow command."""
    found = []
    for line in output.splitlines():
        match = ANNOTATION.match(line)
        assert match, f"not a workflow command: {line!r}"
        props = dict(p.split("=", 1) for p in (match.group(2) or "").strip().split(",") if p)
        found.append((match.group(1), {k: _unescape(v) for k, v in props.items()}, line[match.end() :]))
    return found


def test_github_annotations_point_at_the_evidence(
    cli_output: dict[str, str], checked: tuple[CheckResult, Report]
) -> None:
    result, _report = checked
    evidence = {(e.path, e.line, e.column): e.text for c in result.claims for e in c.evidence}
    evidence.update({(e.path, e.line, e.column): e.text for c in result.conflicts for e in c.evidence})
    annotations = _annotations(cli_output["github"])
    located = [(level, props) for level, props, _message in annotations if "file" in props]
    assert [level for level, _props in located] == ["error", "warning", "error"]
    for _level, props in located:
        line, column = int(props["line"]), int(props["col"])
        words = evidence[(props["file"], line, column)]
        text = (CASE / props["file"]).read_text(encoding="utf-8").splitlines()[line - 1]
        assert words in text and text[column - 1 :].startswith(words), (props, text)
    assert annotations[-1][0] == "notice"
    assert annotations[-1][2].endswith("FAILED")


def test_github_caps_the_annotations(checked: tuple[CheckResult, Report]) -> None:
    result, report = checked
    contradicted = next(c for c in result.claims if c.status == "contradicted" and c.severity == "error")
    many = result.model_copy(
        update={"claims": [contradicted.model_copy(update={"id": f"claim-{n}"}) for n in range(12)]}
    )
    output = CHECK_FORMATS["github"].render(many, report, "major", RenderOptions())
    annotations = _annotations(output)
    assert [level for level, _props, _message in annotations] == ["error"] * GITHUB_LIMIT + ["notice", "notice"]
    assert annotations[-2][2].startswith("3 more finding(s) not annotated")  # 12 claims + 1 new conflict
    assert _unescape(annotations[-1][2]).startswith("12 claims: 0 supported, 12 contradicted")


def test_github_fail_on_never_has_no_errors(checked: tuple[CheckResult, Report]) -> None:
    result, report = checked
    output = CHECK_FORMATS["github"].render(result, report, "never", RenderOptions())
    levels = [level for level, _props, _message in _annotations(output)]
    assert "error" not in levels and levels.count("warning") == 3
    assert output.rstrip().endswith("passed")


# --- locations in HTML and JSON files -----------------------------------------------------------------


@pytest.fixture(scope="module")
def traced_output() -> dict[str, str]:
    """`crosscheck check claims.yaml articles --format F -q` over articles in every input format."""
    outputs = {}
    with contextlib.chdir(TRACE):
        for name in ("json", "github", "sarif"):
            result = runner.invoke(app, ["check", "claims.yaml", "articles", "--format", name, "-q"])
            assert result.exit_code == 1, result.output
            outputs[name] = result.stdout
    return outputs


def _file_lines(path: str) -> list[str]:
    return re.split(r"\r\n|\r|\n", (TRACE / path).read_text(encoding="utf-8"))


def _read_as(path: str, raw: str) -> str:
    """File characters as the article's reader reads them: JSON escapes, HTML markup and entities decoded."""
    if path.endswith((".json", ".jsonl")):
        raw = json.loads('"' + re.match(r'(?:[^"\\]|\\.)*', raw).group() + '"')  # type: ignore[union-attr]
    return " ".join(html.unescape(re.sub(r"<[^>]*>", "", raw)).split())


def test_check_locations_point_into_html_and_json_files(traced_output: dict[str, str]) -> None:
    """GitHub annotations, SARIF regions and the JSON check's evidence give the line and column of the words
    in the file itself: an HTML page's markup and entities and a feed's escapes and records are counted."""
    check_data = json.loads(traced_output["json"])
    origins = {c["id"]: c["origin"] for c in check_data["claims"]}
    evidence = [e for outcome in check_data["check"]["claims"] for e in outcome["evidence"]]
    assert {e["path"] for e in evidence} >= {"articles/page.html", "articles/feed.json", "articles/feed.jsonl"}
    words = {}
    for item in evidence:
        assert (item["line"], item["column"]) == (origins[item["claim"]]["line"], origins[item["claim"]]["column"])
        rest = _file_lines(item["path"])[item["line"] - 1][item["column"] - 1 :]
        assert _read_as(item["path"], rest).startswith(item["text"].split()[0]), (item, rest)
        words[(item["path"], item["line"], item["column"])] = item["text"]
    annotated = [props for _level, props, _message in _annotations(traced_output["github"]) if "file" in props]
    assert {props["file"] for props in annotated} >= {"articles/page.html", "articles/feed.json"}
    for props in annotated:
        assert (props["file"], int(props["line"]), int(props["col"])) in words, props
    (sarif_run,) = json.loads(traced_output["sarif"])["runs"]
    assert sarif_run["columnKind"] == "unicodeCodePoints"
    regions = 0
    for sarif_result in sarif_run["results"]:
        for location in sarif_result["locations"]:
            physical = location["physicalLocation"]
            path, region = physical["artifactLocation"]["uri"], physical["region"]
            lines = _file_lines(path)
            assert region["startLine"] == region["endLine"], region  # each piece of evidence here is on one line
            raw = lines[region["startLine"] - 1][region["startColumn"] - 1 : region["endColumn"] - 1]
            assert _read_as(path, raw) == region["snippet"]["text"], (path, region, raw)
            regions += 1
    assert regions == len([e for e in evidence if not e["supports"]])
