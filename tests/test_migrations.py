"""Migrations and table definitions never drift apart."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from backrub.store import Store
from backrub.store.schema import HEAD, alembic_config
from backrub.store.tables import metadata


def test_the_code_knows_the_newest_migration() -> None:
    assert ScriptDirectory.from_config(alembic_config()).get_current_head() == HEAD


def test_the_migrated_database_matches_the_tables(store: Store) -> None:
    with store.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, metadata) == []


def _downgrade(db: Path, revision: str) -> None:
    from alembic import command
    from sqlalchemy import create_engine

    engine = create_engine(f"sqlite:///{db}")
    with engine.begin() as connection:
        command.downgrade(alembic_config(connection), revision)
    engine.dispose()


def test_a_database_holding_a_short_year_row_is_readable_again(run, home: Path) -> None:  # type: ignore[no-untyped-def]
    # Before 0005 the fast check-in path wrote the year 226 as "226-11-30 …", after
    # which history, export, progress and report failed and no backup could be made.
    env = {"BACKRUB_NOW": "2026-12-01T09:00:00+00:00", "BACKRUB_TZ": "UTC"}
    assert run("checkin", "--pain", "4", env=env).code == 0
    db = home / "backrub.sqlite3"
    _downgrade(db, "0004")  # the database as it was before 0005
    with sqlite3.connect(db) as raw:
        raw.execute(
            "INSERT INTO checkins (profile_id, at, tz, pain) "
            "VALUES (1, '226-11-30 08:00:00.000000', 'UTC', 3)"
        )
    out = home / "out"
    out.mkdir()
    for args in (
        ("history", "--json"),
        ("export", "--format", "json", "--out", str(out / "backup.json")),
        ("export", "--format", "csv", "--out", str(out / "csv")),
        ("progress",),
        ("report", "--out", str(out / "report.html")),
    ):
        result = run(*args, env=env)
        assert result.code == 0, (args, result.err)
        assert "Traceback" not in result.err
    backup = json.loads((out / "backup.json").read_text(encoding="utf-8"))
    assert sorted(c["at"][:10] for c in backup["data"]["checkins"]) == ["0226-11-30", "2026-12-01"]
    with sqlite3.connect(db) as raw:
        assert raw.execute("SELECT version_num FROM alembic_version").fetchone() == (HEAD,)
        stored = sorted(r[0] for r in raw.execute("SELECT at FROM checkins"))
    assert stored == ["0226-11-30 08:00:00.000000", "2026-12-01 09:00:00.000000"]


def test_an_old_clearance_without_a_scope_stays_readable_after_0006(run, home: Path) -> None:  # type: ignore[no-untyped-def]
    # Before 0006 a clearance had no scope; it now lifts the clearable stops (see a
    # clinician soon) of the screening it was recorded against, and nothing new.
    env = {"BACKRUB_NOW": "2026-03-02T09:00:00+00:00", "BACKRUB_TZ": "UTC"}
    assert run("screen", "--answer", "night_pain_unrelieved=yes", "--no-to-all", env=env).code == 0
    db = home / "backrub.sqlite3"
    _downgrade(db, "0005")
    with sqlite3.connect(db) as raw:
        raw.execute(
            "INSERT INTO clearances (profile_id, cleared_on, cleared_by) "
            "VALUES (1, '2026-03-02', 'Dr Old')"
        )
    status = run("screen", "status", "--json", env=env)
    assert status.code == 0, status.err
    data = json.loads(status.out)
    assert data["stopped"] is False
    assert [(x["question"], x["cleared_by"], x["scoped"]) for x in data["lifted"]] == [
        ("night_pain_unrelieved", "Dr Old", False)
    ]
    with sqlite3.connect(db) as raw:
        assert raw.execute("SELECT lifts FROM clearances").fetchall() == [(None,)]


AT_TOO = "2026-02-25T08:00"


def test_migration_0007_links_each_mark_to_the_one_checkin_at_its_moment(store: Store) -> None:
    # Before 0007 a mark was tied to a check-in only by sharing its moment.
    from alembic import command

    from backrub import services
    from backrub.store.schema import migrate
    from tests.conftest import NOW

    ana = services.add_profile(store, "ana", tz="Europe/Berlin", now=NOW)
    assert ana.id is not None
    alone = services.record_checkin(
        store, ana, now=NOW, pain=3, at="2026-02-27T08:00", where="hip_left:3"
    )
    twins = [  # two check-ins at one moment, each marking the same region: split in order
        services.record_checkin(
            store, ana, now=NOW, pain=pain, at="2026-02-28T08:00", where=f"hip_right:{pain}"
        )
        for pain in (4, 5)
    ]
    for region in ("thigh_back_left", "thigh_back_right"):  # whose is whose cannot be told
        services.record_checkin(store, ana, now=NOW, pain=1, at=AT_TOO, where=f"{region}:1")
    services.record_body_map(store, ana, now=NOW, where="spine_low:2", at="2026-02-26T08:00")
    with store.engine.connect().execution_options(backrub_write=True) as connection:
        command.downgrade(alembic_config(connection), "0005")
        connection.commit()
    migrate(store.engine)

    links = {(s.region.value, s.intensity): s.checkin_id for s in store.pain_spots(ana.id)}
    assert links == {
        ("hip_left", 3): alone.id,
        ("hip_right", 4): twins[0].id,
        ("hip_right", 5): twins[1].id,
        ("thigh_back_left", 1): None,
        ("thigh_back_right", 1): None,
        ("spine_low", 2): None,
    }
    text = services.export_json(store, ana, now=NOW)  # and the backup of it restores
    services.import_backup(store, text, source="b.json", now=NOW, as_name="copy")
