"""Loader stage: paths in, dated `Source` records (and `LoadFailure` records) out."""

from crosscheck.loader.dating import DateGuess, find_published
from crosscheck.loader.files import (
    STDIN,
    LoadResult,
    iter_article_paths,
    load_paths,
    load_text,
    parse_document,
    require_sources,
)

__all__ = [
    "STDIN",
    "DateGuess",
    "LoadResult",
    "find_published",
    "iter_article_paths",
    "load_paths",
    "load_text",
    "parse_document",
    "require_sources",
]
