"""Which clinic's client records the database lets this transaction see (issue 13).

PostgreSQL row-level security (migration 0010) shows a transaction only the
profiles, and the records of the profiles, of the clinic named by the setting
``backrub.scope``: "<clinic id>" is a clinic (staff), "<clinic id>:<profile id>"
one client's own record in it, ``all`` is every clinic, anything else (or
nothing) is no client record at all. The clinic server fails closed:
every transaction starts with the scope of the context variable below, and
nothing when none was set. The local app (one household, no clinics) always
runs with ``all``.

- ``clinic_scope(clinic_id, profile_id)``: the signed-in person's clinic, and a
  client's own profile (``ClinicSessions`` sets it for the whole request), or the
  clinic a path without a signed-in person works for (an invitation), as narrowly
  as it can.
- ``all_clinics()``: maintenance that is about no one clinic (migrations).

The value is set with ``set_config(..., true)``: local to the transaction, so
nothing carries over to the next user of a pooled connection.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.exc import DBAPIError

ALL = "all"
NOTHING = ""

_SET = text("SELECT set_config('backrub.scope', :value, true)")

_scope: ContextVar[str] = ContextVar("backrub_clinic_scope", default=NOTHING)


def current() -> str:
    """Return the scope the next transaction of the clinic server will have."""
    return _scope.get()


# ``Connection.info`` key: the scope the connection's open transaction has (set as it
# begins, and by ``enter``); stale once that transaction ended.
INFO_KEY = "backrub_scope"


def of_transaction(conn: Connection) -> str | None:
    """Return the scope ``conn``'s open transaction has; None outside one (or unknown)."""
    if not conn.in_transaction():
        return None
    found = conn.info.get(INFO_KEY)
    return found if isinstance(found, str) else None


@contextmanager
def clinic_scope(clinic_id: int | None, profile_id: int | None = None) -> Iterator[None]:
    """Let transactions begun inside see ``clinic_id``'s client records (None: none).

    With ``profile_id`` (a signed-in client) only that profile's records, below its clinic.
    """
    token = _scope.set(scope_value(clinic_id, profile_id))
    try:
        yield
    finally:
        _scope.reset(token)


def scope_value(clinic_id: int | None, profile_id: int | None = None) -> str:
    """Return the setting for a clinic, or one client's profile in it."""
    if clinic_id is None:
        return NOTHING
    if profile_id is None:
        return str(int(clinic_id))
    return f"{int(clinic_id)}:{int(profile_id)}"


@contextmanager
def all_clinics() -> Iterator[None]:
    """Let transactions begun inside see every clinic's records (maintenance only)."""
    token = _scope.set(ALL)
    try:
        yield
    finally:
        _scope.reset(token)


def enter(c: Connection, clinic_id: int) -> None:
    """Narrow the open transaction ``c`` to ``clinic_id``'s records, until it ends.

    For a path that learns the clinic inside its transaction (an invitation's
    token names it); it replaces whatever scope the transaction began with.
    """
    switch(c, str(int(clinic_id)))


def switch(c: Connection, value: str) -> None:
    """Give the open transaction ``c`` the scope ``value`` from its next statement on.

    The setting is local to the transaction, and row security reads it afresh for
    every statement: the request's shared connection uses this when its scope
    changes (store/connections.py).
    """
    c.execute(_SET, {"value": value})
    c.info[INFO_KEY] = value


def install(engine: Engine, *, clinic: bool) -> None:
    """Give every transaction on the PostgreSQL ``engine`` its scope.

    The clinic server's transactions take the context variable's scope as they
    begin; the local app's connections are set to ``all`` once, when made.
    """
    if clinic:
        event.listen(engine, "begin", _begin)
    else:
        event.listen(engine, "connect", _connect_local)


def _begin(conn: Any) -> None:
    value = _scope.get()
    # Kept with the transaction: the shared connection of a request compares the scope
    # it needs with the one its transaction began with (store/connections.py).
    conn.info[INFO_KEY] = value
    conn.execute(_SET, {"value": value})


def _connect_local(dbapi_connection: Any, _record: Any) -> None:
    with dbapi_connection.cursor() as cursor:
        cursor.execute("SELECT set_config('backrub.scope', 'all', false)")
    dbapi_connection.commit()


def role_problem(url: str) -> str | None:
    """Return why the role ``url`` connects as skips row security, or None if it does not.

    A superuser, or a role with BYPASSRLS, sees every clinic whatever the scope;
    the clinic server must not run as one. None too when the server cannot be
    reached: opening the store then says why, in its own words.
    """
    engine = create_engine(url, connect_args={"connect_timeout": 5})
    try:
        with engine.connect() as c:
            row = c.execute(
                text("SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user")
            ).one()
    except DBAPIError:
        return None
    finally:
        engine.dispose()
    if row[0]:
        return "superuser"
    if row[1]:
        return "bypassrls"
    return None
