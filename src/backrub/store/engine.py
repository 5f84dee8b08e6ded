"""Build the engine for one database URL; SQLite is tuned once on connect."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from backrub.errors import InvalidInput
from backrub.i18n import N_, _
from backrub.store import scope
from backrub.store.tuning import BUSY_TIMEOUT_MS

ALLOWED = N_("use a file path, sqlite:///PATH or postgresql+psycopg://USER@HOST/DB")


# The first bytes of every SQLite database file.
SQLITE_HEADER = b"SQLite format 3\x00"


def resolve_url(value: str) -> str:
    """Return a SQLAlchemy URL for a path or a URL; refuse unknown schemes and empty parts."""
    value = value.strip()
    if not value or not _is_text(value):
        raise InvalidInput("--db", value, _(ALLOWED))
    if "://" not in value:
        try:
            return f"sqlite:///{Path(value).expanduser().resolve()}"
        except (OSError, RuntimeError, ValueError):
            raise InvalidInput("--db", value, _(ALLOWED)) from None
    try:
        url = make_url(value)
    except (ArgumentError, ValueError):  # ValueError: a port that is not a number
        raise InvalidInput("--db", value, _(ALLOWED)) from None
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+psycopg")
    if url.drivername not in ("sqlite", "sqlite+pysqlite", "postgresql+psycopg"):
        raise InvalidInput("--db", value, _(ALLOWED))
    if not url.database:
        # sqlite:// would be a database in memory, gone when the command ends;
        # postgresql://host/ would silently pick a database named after the user.
        raise InvalidInput(
            "--db", value, _(ALLOWED) + " " + _("(the file or database name is missing)")
        )
    if url.get_backend_name() == "sqlite" and _in_memory(url.database, url.query):
        raise InvalidInput(
            "--db",
            value,
            _(ALLOWED) + " " + _("(a database in memory keeps nothing once backrub ends)"),
        )
    return url.render_as_string(hide_password=False)


def _in_memory(database: str, query: Any) -> bool:
    """Return whether a SQLite URL names a database held in memory only."""
    modes = query.get("mode", ())
    modes = (modes,) if isinstance(modes, str) else tuple(modes)
    return (
        database == ":memory:"
        or database.startswith("file::memory:")
        or "memory" in modes
        or "mode=memory" in database
    )


def _is_text(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:  # undecodable bytes from the command line
        return False
    return True


def sqlite_file_problem(url: str) -> str | None:
    """Return why the SQLite file behind ``url`` is no database, or None when it may be one.

    A missing file is fine (it becomes a new database); a folder, an empty file
    or a file that does not start with SQLite's header is not, and is left untouched.
    """
    parsed = make_url(url)
    name = parsed.database or ""
    if parsed.get_backend_name() != "sqlite" or name == ":memory:" or name.startswith("file:"):
        return None
    path = Path(name)
    try:
        if path.is_dir():
            return _("it is a folder, not a database file")
        if not path.exists():
            return None
        with path.open("rb") as file:
            head = file.read(len(SQLITE_HEADER))
    except OSError as error:
        return _("it cannot be read (%(why)s)", why=error.strerror)
    if not head:
        return _("it is an empty file, not a backrub database; remove it or choose another file")
    if head != SQLITE_HEADER:
        return _("it is not a database file")
    if _foreign_tables(path):
        # Someone else's database: never add backrub's tables to it (nor switch it to WAL).
        return _("it holds other tables and is not a backrub database")
    return None


def _foreign_tables(path: Path) -> bool:
    """Return whether the SQLite file holds tables but no backrub schema (read-only look)."""
    try:
        with contextlib.closing(
            sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        ) as db:
            names = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
    except sqlite3.Error:
        return False  # the real open reports what is wrong
    return bool(names) and "alembic_version" not in names


CLINIC_NEEDS_POSTGRES = N_(
    "the clinic server needs PostgreSQL (postgresql+psycopg://USER@HOST/DB): SQLite lets "
    "one writer in at a time, and a clinic has many people writing at once"
)


def require_server_database(url_or_path: str) -> str:
    """Return the URL for the clinic server; a SQLite file or URL is refused, saying why."""
    url = resolve_url(url_or_path)
    if is_sqlite(url):
        raise InvalidInput("--db", url_or_path, _(CLINIC_NEEDS_POSTGRES))
    return url


NUL_REFUSED = N_("remove the invisible NUL character (PostgreSQL cannot store it)")


def _refuse_nul(
    _conn: Any,
    _cursor: Any,
    _statement: str,
    parameters: Any,
    _context: Any,
    executemany: bool,
) -> None:
    """Refuse text holding NUL before PostgreSQL does (it would be a server error, not a 4xx).

    Every face checks its fields, but a NUL can come through any of them (a form, the
    JSON API, a path); this is the one place all of them pass.
    """
    for row in parameters if executemany else (parameters,):
        values = row.values() if isinstance(row, dict) else (row or ())
        for value in values:
            if isinstance(value, str) and "\x00" in value:
                raise InvalidInput(_("text"), value, _(NUL_REFUSED))


def is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


def make_engine(url: str, *, clinic: bool = False) -> Engine:
    """Return an engine for ``url``; SQLite gets WAL, foreign keys and a busy timeout.

    On PostgreSQL every transaction gets its clinic scope (``store/scope.py``):
    the clinic server's from the context, the local app's always "all".
    """
    if not is_sqlite(url):
        engine = create_engine(url, pool_pre_ping=True, connect_args={"connect_timeout": 5})
        event.listen(engine, "before_cursor_execute", _refuse_nul)
        scope.install(engine, clinic=clinic)
        return engine
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
