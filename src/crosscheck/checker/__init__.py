"""Checker stage: hold a report against a claims file (`crosscheck check`) or write one (`freeze`)."""

from crosscheck.checker.claimsfile import ClaimsFile, ClaimsFileError, load_claims_file, parse_claims_file
from crosscheck.checker.freeze import freeze
from crosscheck.checker.verify import CheckResult, check, failed

__all__ = [
    "CheckResult",
    "ClaimsFile",
    "ClaimsFileError",
    "check",
    "failed",
    "freeze",
    "load_claims_file",
    "parse_claims_file",
]
