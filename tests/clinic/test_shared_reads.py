"""The reads of one clinic request share a connection, and still see the request's writes."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from backrub.store import open_store


def test_reads_inside_share_one_connection_and_see_writes(clinic_url: str) -> None:
    store = open_store(clinic_url, server_only=True)
    try:
        with store.shared_reads():
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
        with store.shared_reads():
            with pytest.raises(Exception, match="no_such_table"), store.reading() as c:
                c.execute(text("SELECT * FROM no_such_table"))
            assert store.get_meta("never-set") is None  # not "transaction is aborted"
    finally:
        store.close()


def test_sqlite_never_shares(tmp_path: Path) -> None:
    """A SQLite read transaction keeps its first snapshot: it would hide later writes."""
    store = open_store(str(tmp_path / "local.db"))
    try:
        with store.shared_reads():
            with store.reading() as first:
                pass
            with store.reading() as second:
                assert second is not first
            store.set_meta("k", "v")
            assert store.get_meta("k") == "v"
    finally:
        store.close()
