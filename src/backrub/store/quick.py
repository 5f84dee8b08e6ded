"""The daily check-in without SQLAlchemy: the one write a person makes every day.

Importing SQLAlchemy costs more than the whole target for ``backrub checkin``
(bench/cli_checkin.py), so a check-in into a local SQLite file that is already
at the current schema, for a profile that exists, is written here with the
standard library. Anything else (a new database, an older schema, no profile,
PostgreSQL) returns ``None`` and the caller takes the full store.
tests/test_quick.py checks that both paths store the same row.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from backrub.domain.records import CheckIn, Profile
from backrub.store.tuning import BUSY_TIMEOUT_MS, HEAD


def to_db(moment: datetime) -> str:
    """Return ``moment`` as the text SQLAlchemy's DateTime writes on SQLite (naive UTC).

    Not strftime: "%Y" does not pad years before 1000 (``226-11-30``), which no
    reader can parse. tests/test_quick.py compares both paths byte for byte.
    """
    m = moment.astimezone(UTC)
    return (
        f"{m.year:04d}-{m.month:02d}-{m.day:02d} "
        f"{m.hour:02d}:{m.minute:02d}:{m.second:02d}.{m.microsecond:06d}"
    )


def _from_db(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def quick_checkin(
    path: Path, profile_name: str | None, build: Callable[[Profile], CheckIn]
) -> CheckIn | None:
    """Save the check-in ``build(profile)`` returns, or return None to use the full store.

    ``build`` validates the input and raises before anything is written.
    """
    try:
        if not path.is_file():
            return None
    except OSError:  # a name too long for this system, say: the full store explains
        return None
    try:
        db = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    except sqlite3.Error:
        return None
    try:
        try:
            db.execute("PRAGMA foreign_keys=ON")
            db.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            row = db.execute("SELECT version_num FROM alembic_version").fetchone()
        except sqlite3.Error:  # no database, or not ours: the full store says why
            return None
        if row is None or row[0] != HEAD:
            return None
        profile = _profile(db, profile_name)
        if profile is None:
            return None
        checkin = build(profile)
        db.execute("BEGIN IMMEDIATE")
        try:
            cursor = db.execute(
                "INSERT INTO checkins (profile_id, at, tz, pain, soreness, sleep, activity_min,"
                " medication_taken, medication, note, new_leg_symptoms)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    profile.id,
                    to_db(checkin.at),
                    checkin.tz,
                    checkin.pain,
                    checkin.soreness,
                    checkin.sleep,
                    checkin.activity_min,
                    checkin.medication_taken,
                    checkin.medication,
                    checkin.note,
                    checkin.new_leg_symptoms,
                ),
            )
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        from dataclasses import replace

        return replace(checkin, id=cursor.lastrowid)
    finally:
        db.close()


def _profile(db: sqlite3.Connection, name: str | None) -> Profile | None:
    if not name:
        row = db.execute("SELECT value FROM meta WHERE key = 'default_profile'").fetchone()
        if row is None:
            return None
        name = str(row[0])
    found = db.execute(
        "SELECT id, name, tz, created_at, language FROM profiles WHERE name = ?", (name,)
    ).fetchone()
    if found is None:
        return None
    return Profile(
        id=found[0], name=found[1], tz=found[2], created_at=_from_db(found[3]), language=found[4]
    )
