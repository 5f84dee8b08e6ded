"""The quick check-in path stores exactly what the full store would, or steps aside."""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo, available_timezones

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from backrub import services
from backrub.domain.records import CheckIn
from backrub.errors import InvalidInput
from backrub.store import Store, open_store
from backrub.store.quick import quick_checkin, to_db
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


# -- the same bytes on both paths, for every instant a check-in can name -----------------

_ZONES = sorted(available_timezones())
_ROW = "SELECT profile_id, at, tz, pain, soreness, sleep, activity_min, medication_taken,"
_ROW += " medication, note FROM checkins WHERE id = ?"


@pytest.fixture(scope="module")
def both_paths(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Store]]:
    db = tmp_path_factory.mktemp("bytes") / "b.sqlite3"
    store = open_store(str(db))
    services.add_profile(store, "ana", tz="UTC", now=NOW)
    yield db, store
    store.close()


@given(
    local=st.datetimes(
        min_value=datetime(1900, 1, 1), max_value=datetime(9999, 12, 31, 23, 59, 59, 999999)
    ),
    zone=st.sampled_from(_ZONES),
)
@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_both_paths_write_the_same_bytes_for_any_instant_in_any_zone(
    both_paths: tuple[Path, Store], local: datetime, zone: str
) -> None:
    db, store = both_paths
    moment = local.replace(tzinfo=ZoneInfo(zone))
    try:
        moment.astimezone(UTC)
    except OverflowError:
        assume(False)  # 9999-12-31 west of UTC is after year 9999 in UTC: not representable
    checkin = CheckIn(at=moment, tz=zone, pain=3, note="same")
    [profile] = store.profiles()
    assert profile.id is not None
    full = store.add_checkin(profile.id, checkin)
    quick = quick_checkin(db, None, lambda _profile: checkin)
    assert quick is not None and full.id is not None and quick.id is not None
    with sqlite3.connect(db) as raw:
        full_row = raw.execute(_ROW, (full.id,)).fetchone()
        quick_row = raw.execute(_ROW, (quick.id,)).fetchone()
        raw.execute("DELETE FROM checkins")
    assert quick_row == full_row
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}", quick_row[1])
    assert to_db(moment) == full_row[1]


def test_a_check_in_in_year_226_is_refused_and_nothing_is_written(run, home: Path) -> None:  # type: ignore[no-untyped-def]
    env = {"BACKRUB_NOW": "2026-11-30T09:00:00+00:00", "BACKRUB_TZ": "UTC"}
    assert run("checkin", "--pain", "4", env=env).code == 0  # the fast path is in use
    db = home / "backrub.sqlite3"
    before = db.read_bytes()
    for typed in ("0226-11-30T08:00", "226-11-30T08:00"):
        result = run("checkin", "--pain", "3", "--at", typed, env=env)
        assert result.code == 2, result
        lines = result.err.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("error: --at:"), result.err
        assert typed in lines[0] and "Traceback" not in result.err
    assert db.read_bytes() == before
    shown = run("history", "--json", env=env)
    assert [c["pain"] for c in json.loads(shown.out)["checkins"]] == [4]


@pytest.mark.parametrize("year", [1, 226, 999])
def test_short_years_are_written_as_sqlalchemy_writes_them(
    both_paths: tuple[Path, Store], year: int
) -> None:
    # parse_moment refuses these now, but the writer itself must never be the weak link.
    db, store = both_paths
    checkin = CheckIn(at=datetime(year, 11, 30, 8, 0, tzinfo=UTC), tz="UTC", pain=3)
    [profile] = store.profiles()
    assert profile.id is not None
    full = store.add_checkin(profile.id, checkin)
    quick = quick_checkin(db, None, lambda _profile: checkin)
    assert quick is not None
    with sqlite3.connect(db) as raw:
        rows = [raw.execute(_ROW, (r.id,)).fetchone() for r in (full, quick)]
        raw.execute("DELETE FROM checkins")
    assert rows[0] == rows[1]
    assert rows[0][1] == f"{year:04d}-11-30 08:00:00.000000"
