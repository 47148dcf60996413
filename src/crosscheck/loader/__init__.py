"""Loader stage: paths in, dated `Source` records (and `LoadFailure` records) out."""

from crosscheck.loader.dating import DateGuess, find_published
from crosscheck.loader.files import LoadResult, iter_article_paths, load_paths, load_text

__all__ = ["DateGuess", "LoadResult", "find_published", "iter_article_paths", "load_paths", "load_text"]
