"""Build the engine for one database URL; SQLite is tuned once on connect."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from backrub.errors import InvalidInput
from backrub.store.tuning import BUSY_TIMEOUT_MS

ALLOWED = "use a file path, sqlite:///PATH or postgresql+psycopg://USER@HOST/DB"


def resolve_url(value: str) -> str:
    """Return a SQLAlchemy URL for a path or a URL; refuse unknown schemes."""
    value = value.strip()
    if not value:
        raise InvalidInput("--db", value, ALLOWED)
    if "://" not in value:
        return f"sqlite:///{Path(value).expanduser().resolve()}"
    try:
        url = make_url(value)
    except ArgumentError:
        raise InvalidInput("--db", value, ALLOWED) from None
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+psycopg")
    if url.drivername not in ("sqlite", "sqlite+pysqlite", "postgresql+psycopg"):
        raise InvalidInput("--db", value, ALLOWED)
    return url.render_as_string(hide_password=False)


def is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


def make_engine(url: str) -> Engine:
    """Return an engine for ``url``; SQLite gets WAL, foreign keys and a busy timeout."""
    if not is_sqlite(url):
        return create_engine(url, pool_pre_ping=True, connect_args={"connect_timeout": 5})
    engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})

    @event.listens_for(engine, "connect")
    def _tune(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event emit BEGIN itself (the pysqlite recipe),
        # so writes can take the lock up front with BEGIN IMMEDIATE.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        # A write transaction that starts as a reader can fail at once with
        # "database is locked" when it upgrades; IMMEDIATE waits instead.
        mode = "IMMEDIATE" if conn.get_execution_options().get("backrub_write") else "DEFERRED"
        conn.exec_driver_sql(f"BEGIN {mode}")

    return engine
