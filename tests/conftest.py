"""Shared fixtures: the seed report (computed once per session: spaCy is slow) and small builders."""

from __future__ import annotations

import atexit
import contextlib
import os
import shutil
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from crosscheck.loader import load_text
from crosscheck.models import Claim, Report, Source
from crosscheck.pipeline import run
from crosscheck.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
# The CLI caches claims by default: tests (and the processes they start) use a throwaway cache,
# never the user's.
os.environ["CROSSCHECK_CACHE_DIR"] = tempfile.mkdtemp(prefix="crosscheck-test-cache-")
atexit.register(shutil.rmtree, os.environ["CROSSCHECK_CACHE_DIR"], ignore_errors=True)
FIXTURES = Path("fixtures") / "articles"  # relative to ROOT, so report paths (and goldens) are portable

SourceFactory = Callable[..., Source]


class SeedIndex:
    """Look-ups into the seed report by article file prefix ("000") and exact claim words."""

    def __init__(self, report: Report) -> None:
        self.report = report

    def source(self, prefix: str) -> Source:
        """The source whose file name starts with `prefix`."""
        matches = [s for s in self.report.sources if Path(s.path).name.startswith(prefix)]
        assert len(matches) == 1, f"{prefix}: {[s.path for s in self.report.sources]}"
        return matches[0]

    def claims(self, prefix: str, words: str) -> list[Claim]:
        """Claims of that source whose text contains `words`."""
        source_id = self.source(prefix).id
        return [c for c in self.report.claims if c.source == source_id and words in c.text]

    def claim(self, prefix: str, words: str) -> Claim:
        """The one claim of that source whose text contains `words` (fails with the candidates if not one)."""
        found = self.claims(prefix, words)
        texts = [c.text for c in self.report.claims if c.source == self.source(prefix).id]
        assert len(found) == 1, f"{prefix} {words!r}: found {[c.text for c in found]} among {texts}"
        return found[0]

    def claim_ids(self, prefix: str, words: str) -> set[str]:
        """Ids of the claims of that source whose text contains `words`."""
        return {c.id for c in self.claims(prefix, words)}


@pytest.fixture(scope="session")
def repo_root() -> Path:
    """The repository root (where pyproject.toml lives)."""
    return ROOT


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    """The five seed articles, as an absolute path."""
    return ROOT / FIXTURES


@pytest.fixture(scope="session")
def seed_report() -> Report:
    """The Report of the five seed articles with default settings, run from the repo root."""
    with contextlib.chdir(ROOT):
        return run([FIXTURES], Settings())


@pytest.fixture(scope="session")
def seed(seed_report: Report) -> SeedIndex:
    """Look-ups into the seed report."""
    return SeedIndex(seed_report)


def write_file(path: Path, data: str | bytes) -> Path:
    """Write a test input (text as UTF-8, bytes as they are), making its folders."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, encoding="utf-8")
    return path


def build_source(
    text: str, path: str = "article.txt", source_id: str = "s1", published: date | None = None, **settings: Any
) -> Source:
    """A Source from text through the real loader (front matter, dating, CRLF handling)."""
    return load_text(text, path, source_id, Settings(published=published, **settings))


@pytest.fixture(scope="session")
def make_source() -> SourceFactory:
    """`make_source(text, path=..., source_id=..., published=...)` -> Source."""
    return build_source
