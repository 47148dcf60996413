"""Ctrl-C (SIGINT) and SIGTERM stop a run at any moment: every worker ends, one line on stderr, exit
130 or 143, and the cache stays consistent (a re-run gives the uninterrupted report).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from crosscheck.cache import Cache


class _Interrupting:
    """A database connection that is interrupted (Ctrl-C) right after it inserts rows."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def execute(self, *args: Any) -> Any:
        return self._db.execute(*args)

    def executemany(self, *args: Any) -> Any:
        self._db.executemany(*args)
        raise KeyboardInterrupt

    def close(self) -> None:
        self._db.close()


def test_an_interrupted_cache_write_stores_nothing(tmp_path: Path) -> None:
    """Interrupted between inserting and committing, the cache keeps none of the rows: not in this
    connection (which the run may still read) and not in the next; and it still takes new ones."""
    cache = Cache(tmp_path, warn=pytest.fail)
    assert cache._db is not None
    real = cache._db
    cache._db = _Interrupting(real)  # type: ignore[assignment]
    with pytest.raises(KeyboardInterrupt):
        cache.put_many({"a": b"first", "b": b"second"})
    cache._db = real
    assert cache.get_many(["a", "b"]) == {}
    cache.put_many({"c": b"third"})
    cache.close()
    reopened = Cache(tmp_path, warn=pytest.fail)
    assert reopened.get_many(["a", "b", "c"]) == {"c": b"third"}
    reopened.close()
