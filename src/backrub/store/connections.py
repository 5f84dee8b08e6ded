"""How the store gets its connections: one for the whole of a request on the clinic server.

A page reads in a dozen small steps, each through ``Store.reading()``. On its own
each step takes a connection from the pool (which pings PostgreSQL first) and
rolls back at the end: more round trips than the reads themselves. Inside
``one_connection(engine)`` (a request of the clinic server) every read and write
uses one connection, taken by the first of them and closed when the request ends.

Reads and writes share it: a request holding a connection for its reads while
waiting for a second one to write could wait for ever once as many requests as
the pool has connections did the same. A write first ends the reads'
transaction (nothing to keep) and commits on its own, as it would elsewhere.

PostgreSQL only: there each statement of a READ COMMITTED transaction sees every
commit made before it. A SQLite read transaction would keep its first snapshot,
so SQLite never shares (and has one writer at a time anyway).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from sqlalchemy import Connection, Engine

from backrub.store import scope


@dataclass
class _Slot:
    engine: Engine
    connection: Connection | None = None

    def connect(self) -> Connection:
        """The request's connection, in a transaction of the clinic scope in force now.

        Row security reads the scope once, as a transaction begins: after a request
        narrows or widens it (a follow-up link opens its client's scope), the next
        statement must begin a new transaction. The open one only read. The scope
        compared is the one the open transaction really began with (recorded by the
        ``begin`` listener, ``scope.of_transaction``), not the one last asked for: a
        transaction begun under another scope inside an open block is caught too.
        """
        if self.connection is None:
            self.connection = self.engine.connect()
        had = scope.of_transaction(self.connection)
        if had is not None and had != scope.current():
            self.connection.commit()
        return self.connection


_SLOT: ContextVar[_Slot | None] = ContextVar("backrub_one_connection", default=None)


def _slot(engine: Engine) -> _Slot | None:
    slot = _SLOT.get()
    return slot if slot is not None and slot.engine is engine else None


@contextmanager
def connection_for_reading(engine: Engine) -> Iterator[Connection]:
    """Yield the request's connection when there is one, else a connection of its own."""
    slot = _slot(engine)
    if slot is None:
        with engine.connect() as connection:
            yield connection
        return
    connection = slot.connect()
    # Debug check: a transaction open here has the scope in force now (see connect).
    assert scope.of_transaction(connection) in (None, scope.current())
    try:
        yield connection
    except BaseException:
        # A failed statement leaves a PostgreSQL transaction unusable: start afresh.
        connection.rollback()
        raise


@contextmanager
def connection_for_writing(engine: Engine) -> Iterator[Connection]:
    """Yield a connection in a write transaction that commits when the block ends."""
    slot = _slot(engine)
    if slot is None:
        with (
            engine.connect().execution_options(backrub_write=True) as connection,
            connection.begin(),
        ):
            yield connection
        return
    connection = slot.connect()
    if connection.in_transaction():
        connection.commit()  # the reads' transaction: it changed nothing
    with connection.begin():
        yield connection


@contextmanager
def one_connection(engine: Engine) -> Iterator[None]:
    """Let every read and write inside share one connection (PostgreSQL only)."""
    if engine.dialect.name != "postgresql" or _SLOT.get() is not None:
        yield
        return
    slot = _Slot(engine)
    token = _SLOT.set(slot)
    try:
        yield
    finally:
        _SLOT.reset(token)
        if slot.connection is not None:
            slot.connection.close()


class Connections:
    """The ``Store``'s connections (mixed into ``Store``)."""

    engine: Engine

    def reading(self) -> AbstractContextManager[Connection]:
        return connection_for_reading(self.engine)

    def writing(self) -> AbstractContextManager[Connection]:
        """One write transaction: everything inside commits together or not at all."""
        return connection_for_writing(self.engine)

    def one_connection(self) -> AbstractContextManager[None]:
        """Every read and write inside uses one connection (PostgreSQL; see above)."""
        return one_connection(self.engine)
