"""Convert each stored row once: reading five years of records again converts only what changed.

A page such as progress reads every check-in of a profile (5,475 on a five-year
profile). Through SQLAlchemy's result rows and types that costs about 16 µs a
row, and after each write the page reads them all again. ``Recall`` keeps the
records made from each row keyed by the row's raw values, every column as the
database gave it: a later read fetches the raw rows with the driver (SQLite
only), makes records only from rows it has not seen with exactly these values,
and hands back the records it kept for the others. A row edited in any column
has other raw values, so it is made afresh; a deleted row is not read, so it is
dropped. Nothing is trusted that the database did not just return, so this
never shows an older record than a plain read would.

New rows are made with the columns' own SQLAlchemy result processors and the
same ``rows`` functions as the plain read, so a record is the same either way
(``tests/test_recall.py``). Records are frozen dataclasses: sharing one between
requests is safe. What is kept is bounded by the rows last read of each table
of each profile.
"""

from __future__ import annotations

import threading
from collections import namedtuple
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from sqlalchemy import Connection, Table

__all__ = ["Recall"]

R = TypeVar("R")
Raw = tuple[Any, ...]


class Recall:
    """Records made from raw rows, per table and profile, for one store."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._kept: dict[tuple[str, int], dict[Raw, object]] = {}
        self._shapes: dict[tuple[str, str], Callable[[Raw], Any]] = {}

    def all_rows(
        self, c: Connection, table: Table, profile_id: int, make: Callable[[Any], R]
    ) -> list[R] | None:
        """Return ``make(row)`` for each of the profile's rows of ``table``, by time then id.

        None where the driver's rows cannot be read directly (not SQLite): read as usual.
        """
        raw = self.raw_rows(c, table, profile_id)
        if raw is None:
            return None
        shape = self.shape(c, table)
        return self.remembered(table.name, profile_id, raw, lambda r: make(shape(r)))

    def all_rows_with_parts(
        self,
        c: Connection,
        table: Table,
        parts: Table,
        profile_id: int,
        make: Callable[[Any, list[Any]], R],
        *,
        owner: str = "session_id",
        order: str = "position",
    ) -> list[R] | None:
        """Like ``all_rows`` for rows that own ordered parts (a self-massage and its zones).

        ``make(row, parts)`` gets the row's parts ordered by ``order``; a row is made
        afresh when it or any of its parts changed.
        """
        raw = self.raw_rows(c, table, profile_id)
        if raw is None:
            return None
        owned: dict[Any, list[Raw]] = {}
        at = [column.name for column in parts.c].index(owner)
        for part in self.raw_rows(c, parts, profile_id, order=(owner, order)) or ():
            owned.setdefault(part[at], []).append(part)
        ids = [column.name for column in table.c].index("id")
        shape, part_shape = self.shape(c, table), self.shape(c, parts)
        whole = [(*r, tuple(owned.get(r[ids], ()))) for r in raw]
        return self.remembered(
            table.name,
            profile_id,
            whole,
            lambda r: make(shape(r[:-1]), [part_shape(p) for p in r[-1]]),
        )

    def raw_rows(
        self, c: Connection, table: Table, profile_id: int, *, order: tuple[str, ...] = ("at", "id")
    ) -> list[Raw] | None:
        """Return the profile's rows of ``table`` as the driver gives them, by time then id."""
        if c.dialect.name != "sqlite":
            return None
        names = ", ".join(f'"{column.name}"' for column in table.c)
        by = ", ".join(f'"{name}"' for name in order)
        sql = f'SELECT {names} FROM "{table.name}" WHERE profile_id = ? ORDER BY {by}'
        if not c.in_transaction():
            c.begin()  # BEGIN on the driver's connection: all reads of one call see one state
        driver = c.connection.driver_connection
        assert driver is not None
        return list(driver.execute(sql, (profile_id,)).fetchall())

    def shape(self, c: Connection, table: Table) -> Callable[[Raw], Any]:
        """Return what turns a raw row into a row with typed values, as SQLAlchemy reads it."""
        key = (c.dialect.name, table.name)
        found = self._shapes.get(key)
        if found is None:
            names = [column.name for column in table.c]
            row_type = namedtuple(f"{table.name}_row", names)  # type: ignore[misc]
            processors = [
                column.type.dialect_impl(c.dialect).result_processor(c.dialect, None)
                for column in table.c
            ]

            def found(raw: Raw) -> Any:
                return row_type(
                    *(v if p is None else p(v) for p, v in zip(processors, raw, strict=True))
                )

            self._shapes[key] = found
        return found

    def remembered(
        self, kind: str, profile_id: int, raw: Sequence[Raw], make: Callable[[Raw], R]
    ) -> list[R]:
        """Return ``make(r)`` for each raw row ``r``, made only for rows not seen before."""
        with self._lock:
            seen = self._kept.get((kind, profile_id), {})
        now: dict[Raw, object] = {}
        out: list[R] = []
        for r in raw:
            record = seen.get(r)
            if record is None:
                record = make(r)
            now[r] = record
            out.append(record)  # type: ignore[arg-type]
        with self._lock:
            self._kept[(kind, profile_id)] = now
        return out
