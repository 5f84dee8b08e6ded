"""A number that changes whenever the database changes, cheap enough to ask on every page.

SQLite keeps ``PRAGMA data_version`` per connection: it changes when any *other*
connection commits, in this process or another (the CLI's quick check-in, a
second ``backrub serve``). One connection that never writes therefore sees every
commit, and asking it costs microseconds. PostgreSQL offers no such number here,
and an in-memory SQLite database has no file to watch: there ``current()``
returns None, which means "unknown, do not cache".
"""

from __future__ import annotations

import sqlite3
import threading

from sqlalchemy import Engine

from backrub.store.tuning import BUSY_TIMEOUT_MS


class Revision:
    """Watch one database for commits; ``current()`` differs after every commit."""

    def __init__(self, engine: Engine) -> None:
        self._lock = threading.Lock()
        self._watcher: sqlite3.Connection | None = None
        url = engine.url
        path = url.database or ""
        if url.get_backend_name() == "sqlite" and path and path != ":memory:" and not url.query:
            self._watcher = sqlite3.connect(
                path,
                timeout=BUSY_TIMEOUT_MS / 1000,
                isolation_level=None,
                check_same_thread=False,  # the lock below serialises its use
            )

    def current(self) -> int | None:
        """Return this database's revision, or None when it cannot be told."""
        if self._watcher is None:
            return None
        try:
            with self._lock:
                row = self._watcher.execute("PRAGMA data_version").fetchone()
        except sqlite3.Error:
            return None  # the real query will report the problem; just do not cache
        return int(row[0])

    def close(self) -> None:
        if self._watcher is not None:
            with self._lock:
                self._watcher.close()
                self._watcher = None
