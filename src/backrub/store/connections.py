"""How the store gets its connections: one for the whole of a request on the clinic server.

A page reads in a dozen small steps, each through ``Store.reading()``. On its own
each step takes a connection from the pool (which pings PostgreSQL first) and
rolls back at the end: more round trips than the reads themselves. Inside
``one_connection(engine)`` (a request of the clinic server) every read and write
uses one connection, taken by the first of them and closed when the request ends.

Reads and writes share it: a request holding a connection for its reads while
waiting for a second one to write could wait for ever once as many requests as
the pool has connections did the same. A write goes on in the reads' transaction
(they changed nothing) and commits when its block ends, as it would elsewhere.

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

        Row security reads the scope from the transaction's setting: after a request
        narrows or widens it (the session's look-up has no clinic; a follow-up link
        opens its client's scope), the open transaction is set to the new scope
        before the next statement (``scope.switch``), in the same transaction: its
        statements so far only read. The scope compared is the one the open
        transaction really has (recorded by the ``begin`` listener and by
        ``switch``, ``scope.of_transaction``), not the one last asked for.
        """
        if self.connection is None:
            self.connection = self.engine.connect()
        had = scope.of_transaction(self.connection)
        if had is not None and had != scope.current():
            scope.switch(self.connection, scope.current())
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
    if not connection.in_transaction():
        with connection.begin():
            yield connection
        return
    # The reads' transaction, which changed nothing: the write goes on in it and
    # commits it (not a commit, a begin and the scope again before the write).
    try:
        yield connection
    except BaseException:
        connection.rollback()
        raise
    connection.commit()


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
