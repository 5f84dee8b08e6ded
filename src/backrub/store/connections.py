"""How the store gets its connections: one per write, shared by the reads of a request.

A page reads in a dozen small steps, each through ``Store.reading()``. On its own
each step takes a connection from the pool (which pings PostgreSQL first) and
rolls back at the end: more round trips than the reads themselves. Inside
``shared_reads(engine)`` the steps share one connection, opened by the first of
them and closed when the request ends.

PostgreSQL only: there each statement of a READ COMMITTED transaction sees every
commit made before it, so a request that writes (through ``Store.writing()``, its
own connection) and then reads sees its write. A SQLite read transaction would
keep its first snapshot, so SQLite never shares.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from sqlalchemy import Connection, Engine


@dataclass
class _Slot:
    engine: Engine
    connection: Connection | None = None


_SLOT: ContextVar[_Slot | None] = ContextVar("backrub_shared_reads", default=None)


@contextmanager
def connection_for_reading(engine: Engine) -> Iterator[Connection]:
    """Yield the request's shared connection when there is one, else a connection of its own."""
    slot = _SLOT.get()
    if slot is None or slot.engine is not engine:
        with engine.connect() as connection:
            yield connection
        return
    if slot.connection is None:
        slot.connection = engine.connect()
    try:
        yield slot.connection
    except BaseException:
        # A failed statement leaves a PostgreSQL transaction unusable: start afresh.
        slot.connection.rollback()
        raise


@contextmanager
def shared_reads(engine: Engine) -> Iterator[None]:
    """Let every ``Store.reading()`` inside share one connection (PostgreSQL only)."""
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

    def shared_reads(self) -> AbstractContextManager[None]:
        """Every read inside shares one connection (PostgreSQL; see above)."""
        return shared_reads(self.engine)

    @contextmanager
    def writing(self) -> Iterator[Connection]:
        """One write transaction: everything inside commits together or not at all."""
        with (
            self.engine.connect().execution_options(backrub_write=True) as connection,
            connection.begin(),
        ):
            yield connection
