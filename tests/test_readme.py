"""README stays true: its commands match the CLI, its test command is what CI runs."""

from __future__ import annotations

import re
from pathlib import Path

import typer.main

from crosscheck.cli import app
from crosscheck.reporters import REPORTERS

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _fenced_commands() -> list[str]:
    return [block.strip() for block in re.findall(r"```bash\n(.*?)```", README, re.DOTALL)]


def test_first_screen_has_exactly_the_two_commands() -> None:
    first_screen = README.split("## ", 1)[0]
    blocks = re.findall(r"```bash\n(.*?)```", first_screen, re.DOTALL)
    assert len(blocks) == 2
    run, test = (b.strip() for b in blocks)
    assert "crosscheck report fixtures/articles/" in run
    assert "pytest" in test


def test_ci_runs_the_readme_test_command() -> None:
    test_command = _fenced_commands()[1]
    assert test_command in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_every_command_is_documented_and_every_documented_command_exists() -> None:
    commands = set(typer.main.get_command(app).commands)  # type: ignore[attr-defined]
    documented = set(re.findall(r"^### `crosscheck (\w+)", README, re.MULTILINE))
    assert commands == documented


def test_every_report_format_is_documented() -> None:
    for name in REPORTERS:
        assert name in README


def test_exit_codes_table_matches_enum() -> None:
    from crosscheck.cli import ExitCode

    for code in ExitCode:
        assert re.search(rf"^\| {int(code)} \|", README, re.MULTILINE), code


def test_every_option_of_report_is_documented() -> None:
    report = typer.main.get_command(app).commands["report"]  # type: ignore[attr-defined]
    options = {opt for param in report.params for opt in param.opts if opt.startswith("--")}
    assert {"--jobs", "--cache-dir", "--no-cache", "--engine", "--scheduler"} <= options
    missing = sorted(opt for opt in options if f"`{opt}" not in README)
    assert not missing, f"report options missing from README: {missing}"


def test_ci_runs_the_readme_first_command_verbatim_in_a_fresh_environment() -> None:
    import subprocess
    import sys

    first = subprocess.run(
        [sys.executable, str(ROOT / ".ci" / "readme_command.py"), "1"], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert first == _fenced_commands()[0]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    fresh_step = ci.split("== README's first command", 1)[1].split('\necho "==', 1)[0]
    assert "readme_command.py 1" in fresh_step and "check_report.py" in fresh_step
    # its own environment: no extras, no pip cache, an empty crosscheck cache
    assert "PIP_NO_CACHE_DIR=1" in fresh_step and "CROSSCHECK_CACHE_DIR=" in fresh_step
    assert "[test]" not in first


def test_install_lines_name_this_distribution_not_the_unrelated_one_on_pypi() -> None:
    import tomllib

    name = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["name"]
    assert name != "crosscheck"  # PyPI's "crosscheck" is somebody else's project
    installs = [re.split(r"&&|;|#|`", line)[0] for line in re.findall(r"pip install ([^\n]+)", README)]
    assert installs
    for line in installs:
        assert not re.search(r"(?<![\w/-])crosscheck(?![\w-])", line.split("@")[0]), line


def test_the_main_command_dependencies_are_declared() -> None:
    """spaCy imports click when a pipeline loads; typer 0.29+ no longer brings it, so it must be ours."""
    import importlib.metadata
    import tomllib

    name = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["name"]
    declared = {re.split(r"[<>=!~;\[ ]", req, maxsplit=1)[0].lower() for req in importlib.metadata.requires(name) or []}
    assert "click" in declared
