"""The quick check-in path stores exactly what the full store would, or steps aside."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from backrub import services
from backrub.errors import InvalidInput
from backrub.store import open_store
from backrub.store.quick import quick_checkin
from tests.conftest import NOW


def _build(**values: object):  # type: ignore[no-untyped-def]
    return lambda profile: services.parse_checkin(profile, now=NOW, **values)


def test_the_quick_path_stores_the_same_row_as_the_store(tmp_path: Path) -> None:
    db = tmp_path / "b.sqlite3"
    store = open_store(str(db))
    profile = services.add_profile(store, "ana", tz="Europe/Berlin", now=NOW)
    values = {
        "pain": "6",
        "soreness": 2,
        "sleep": "7",
        "activity_min": 30,
        "medication": "ibuprofen",
        "note": "stiff",
        "at": "2026-03-01T08:15:30.250000",
    }
    full = services.record_checkin(store, profile, now=NOW, **values)  # type: ignore[arg-type]
    quick = quick_checkin(db, None, _build(**values))
    assert quick is not None and quick.id != full.id
    [a, b] = store.checkins(profile.id)  # type: ignore[arg-type]
    assert a == full
    assert b == quick
    from dataclasses import replace

    assert replace(a, id=None) == replace(b, id=None)
    store.close()


def test_the_quick_path_steps_aside_when_it_cannot_be_sure(tmp_path: Path) -> None:
    missing = tmp_path / "none.sqlite3"
    assert quick_checkin(missing, None, _build(pain=3)) is None
    assert not missing.exists()
    db = tmp_path / "b.sqlite3"
    store = open_store(str(db))
    assert quick_checkin(db, None, _build(pain=3)) is None  # no profile yet
    services.add_profile(store, "ana", tz="UTC", now=NOW)
    assert quick_checkin(db, "zoe", _build(pain=3)) is None  # the store names the error
    with sqlite3.connect(db) as raw:
        raw.execute("UPDATE alembic_version SET version_num = '0001'")
    assert quick_checkin(db, None, _build(pain=3)) is None  # an older schema migrates first
    store.close()


def test_bad_input_on_the_quick_path_writes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "b.sqlite3"
    store = open_store(str(db))
    profile = services.add_profile(store, "ana", tz="UTC", now=NOW)
    before = db.read_bytes()
    with pytest.raises(InvalidInput, match="pain"):
        quick_checkin(db, None, _build(pain="11"))
    assert store.checkins(profile.id) == []  # type: ignore[arg-type]
    assert db.read_bytes() == before
    store.close()
