"""The command line: a thin veneer that builds Settings, calls the library and hands the result to a
reporter. Only this package prints or exits. Heavy imports happen inside the commands, so that
`crosscheck --help` answers without loading spaCy."""

from __future__ import annotations

from crosscheck.cli.app import ExitCode, app, main

__all__ = ["ExitCode", "app", "main"]
