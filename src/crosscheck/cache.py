"""The incremental cache: each input's sources and claims in SQLite, keyed by what they depend on.

The key (see `work.cache_key`) covers the input's bytes, name and format, the settings extraction
reads, the extractor's version and code, and the spaCy model, so a hit is always what a fresh run
would compute. SQLite in WAL mode with a busy timeout lets two runs share one cache. A cache that
cannot be read is rebuilt with a warning; if even that fails the run goes on without it.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
import zlib
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

FILE_NAME = "cache.sqlite3"
_BATCH = 500
_OPEN_ATTEMPTS = 3
# How long a statement waits for another run's lock before giving up (that step only: a miss or no write).
BUSY_SECONDS = 10.0
_SCHEMA = "CREATE TABLE IF NOT EXISTS results (key TEXT PRIMARY KEY, value BLOB NOT NULL)"


def default_folder() -> Path:
    """$CROSSCHECK_CACHE_DIR, else the platform's user cache folder (~/.cache/crosscheck on Linux)."""
    configured = os.environ.get("CROSSCHECK_CACHE_DIR")
    if configured:
        return Path(configured)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("crosscheck", appauthor=False))


class Cache:
    """Compressed values by key in one SQLite file; every failure degrades to a miss and a warning."""

    def __init__(self, folder: Path, warn: Callable[[str], None]) -> None:
        self.path = folder / FILE_NAME
        self._warn = warn
        self._db: sqlite3.Connection | None = None
        for attempt in range(_OPEN_ATTEMPTS):
            try:
                self._db = self._open()
                return
            except sqlite3.OperationalError as exc:  # locked or busy (another run), or cannot open
                if attempt + 1 < _OPEN_ATTEMPTS and "lock" in str(exc).lower():
                    time.sleep(0.2 * (attempt + 1))
                    continue
                self._warn(f"cache {self.path} cannot be used ({exc}); running without it")
                return
            except OSError as exc:
                self._warn(f"cache {self.path} cannot be used ({exc}); running without it")
                return
            except sqlite3.Error as exc:  # not a database, malformed: corrupt, so start afresh
                self._rebuild(exc)
                return

    def _open(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self.path, timeout=BUSY_SECONDS, isolation_level=None)
        try:
            db.execute(f"PRAGMA busy_timeout = {int(BUSY_SECONDS * 1000)}")
            db.execute("PRAGMA journal_mode = WAL")
            db.execute(_SCHEMA)
            db.execute("SELECT count(*) FROM results WHERE key = ''").fetchone()
        except sqlite3.Error:
            db.close()
            raise
        return db

    def _rebuild(self, error: Exception) -> None:
        """Replace an unreadable cache file with an empty one (or go on without a cache)."""
        if self._db is not None:
            self._db.close()
            self._db = None
        try:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
            self._db = self._open()
        except (sqlite3.Error, OSError) as exc:
            self._warn(f"cache {self.path} cannot be used ({exc}); running without it")
            return
        self._warn(f"cache {self.path} was unreadable ({error}); rebuilt it")

    @property
    def usable(self) -> bool:
        """Whether the cache is open."""
        return self._db is not None

    def get_many(self, keys: Iterable[str]) -> dict[str, bytes]:
        """The stored values of the keys found (decompressed)."""
        wanted = list(dict.fromkeys(keys))
        found: dict[str, bytes] = {}
        if self._db is None:
            return found
        try:
            for start in range(0, len(wanted), _BATCH):
                batch = wanted[start : start + _BATCH]
                marks = ",".join("?" * len(batch))
                for key, value in self._db.execute(f"SELECT key, value FROM results WHERE key IN ({marks})", batch):
                    try:
                        found[key] = zlib.decompress(value)
                    except zlib.error:
                        continue  # a damaged entry is a miss; the fresh result replaces it
        except sqlite3.Error as exc:
            self._rebuild(exc)
            return {}
        return found

    def put_many(self, values: Mapping[str, bytes]) -> None:
        """Store values (compressed) in one transaction; a failure costs only the caching."""
        if self._db is None or not values:
            return
        rows = [(key, zlib.compress(value, 1)) for key, value in values.items()]
        try:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                self._db.executemany("INSERT OR REPLACE INTO results (key, value) VALUES (?, ?)", rows)
                self._db.execute("COMMIT")
            except BaseException:  # an error, or Ctrl-C between the two: none of the rows is stored
                with contextlib.suppress(sqlite3.Error):
                    self._db.execute("ROLLBACK")
                raise
        except sqlite3.Error as exc:
            self._warn(f"cache {self.path}: could not store results ({exc})")

    def close(self) -> None:
        """Close the database."""
        if self._db is not None:
            self._db.close()
            self._db = None
