"""One clinic request uses one connection for its reads and writes, and sees its writes."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from backrub.store import open_store


def test_reads_inside_share_one_connection_and_see_writes(clinic_url: str) -> None:
    store = open_store(clinic_url, server_only=True)
    try:
        with store.one_connection():
            with store.reading() as first:
                pid = first.execute(text("SELECT pg_backend_pid()")).scalar()
            store.set_meta("shared-reads-check", "written")  # its own connection, committed
            with store.reading() as second:
                assert second.execute(text("SELECT pg_backend_pid()")).scalar() == pid
            # READ COMMITTED: the shared transaction sees the commit made after it began.
            assert store.get_meta("shared-reads-check") == "written"
        with store.reading() as third:  # outside: a connection of its own again
            assert third is not second
    finally:
        store.close()


def test_a_failed_read_does_not_spoil_the_next(clinic_url: str) -> None:
    store = open_store(clinic_url, server_only=True)
    try:
        with store.one_connection():
            with pytest.raises(Exception, match="no_such_table"), store.reading() as c:
                c.execute(text("SELECT * FROM no_such_table"))
            assert store.get_meta("never-set") is None  # not "transaction is aborted"
    finally:
        store.close()


def test_sqlite_never_shares(tmp_path: Path) -> None:
    """A SQLite read transaction keeps its first snapshot: it would hide later writes."""
    store = open_store(str(tmp_path / "local.db"))
    try:
        with store.one_connection():
            with store.reading() as first:
                pass
            with store.reading() as second:
                assert second is not first
            store.set_meta("k", "v")
            assert store.get_meta("k") == "v"
    finally:
        store.close()


def test_a_write_inside_uses_the_same_connection_and_commits(clinic_url: str) -> None:
    """A request holding a connection must never wait for a second one to write: with as
    many requests as the pool has connections doing so, none could go on."""
    store = open_store(clinic_url, server_only=True)
    other = open_store(clinic_url, server_only=True)
    try:
        with store.one_connection():
            with store.reading() as c:
                pid = c.execute(text("SELECT pg_backend_pid()")).scalar()
            with store.writing() as w:
                assert w.execute(text("SELECT pg_backend_pid()")).scalar() == pid
                w.execute(text("INSERT INTO meta (key, value) VALUES ('one-connection', 'yes')"))
            # Committed at the end of the write, not of the request: others see it now.
            assert other.get_meta("one-connection") == "yes"
            with pytest.raises(Exception, match="duplicate key"), store.writing() as w:
                w.execute(text("INSERT INTO meta (key, value) VALUES ('one-connection', 'no')"))
            assert store.get_meta("one-connection") == "yes"  # the failed write left no harm
    finally:
        store.close()
        other.close()
