"""Write a whole profile from a backup inside one transaction, keeping its record ids.

A record that carries an id is written with that id, so references and an
export of the restored profile are exactly those of the backup. When any id of
a kind is already taken in this database (a copy restored beside the
original), every record of that kind gets a new id: above the highest one in
use, in the order of the old ids, so the order is kept and a reference to an
old id is mapped to its new one (a body-map mark's check-in). Records without
ids (a backup written before ids were kept, the demo) get ids in the order given.

On PostgreSQL the tables are locked for the transaction and each id sequence
is moved past the ids written, so that later inserts do not collide.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from sqlalchemy import Connection, Table, and_, func, select, text

from backrub.domain.records import Profile, ProfileData
from backrub.store import rows
from backrub.store import tables as t
from backrub.store.trial_tables import trial_changes, trials

# Children before parents: the order rows of a profile are deleted in.
PROFILE_TABLES = (
    trial_changes,
    trials,
    t.pain_spots,
    t.responses,
    t.plans,
    t.clearances,
    t.screenings,
    t.self_session_zones,
    t.self_sessions,
    t.pro_sessions,
    t.checkins,
    t.episodes,
)


def _each(insert: Callable[[Connection, int, Any], Any]) -> Callable[..., None]:
    def write(c: Connection, profile_id: int, records: Sequence[Any]) -> None:
        for record in records:
            insert(c, profile_id, record)

    return write


# The kinds a backup holds: its attribute in ProfileData, its table, how to write them.
KINDS: tuple[tuple[str, Table, Callable[[Connection, int, Sequence[Any]], None]], ...] = (
    ("episodes", t.episodes, _each(rows.insert_episode)),
    ("checkins", t.checkins, _each(rows.insert_checkin)),
    ("pro_sessions", t.pro_sessions, _each(rows.insert_pro)),
    ("self_sessions", t.self_sessions, _each(rows.insert_self)),
    ("screenings", t.screenings, _each(rows.insert_screening)),
    ("clearances", t.clearances, _each(rows.insert_clearance)),
    ("plans", t.plans, _each(rows.insert_plan)),
    ("responses", t.responses, _each(rows.insert_response)),
    ("pain_spots", t.pain_spots, rows.insert_spots),
)


def delete_rows(c: Connection, profile_id: int) -> None:
    """Delete a profile and every row that belongs to it."""
    for table in PROFILE_TABLES:
        c.execute(table.delete().where(table.c.profile_id == profile_id))
    c.execute(t.profiles.delete().where(t.profiles.c.id == profile_id))


def write_profile(
    c: Connection, data: ProfileData, *, replacing: Profile | None = None
) -> tuple[Profile, dict[str, dict[int, int]]]:
    """Write ``data`` as a new profile; return it and, per kind, the ids that changed.

    ``replacing`` is deleted first, in the same transaction: if anything after
    fails, the caller's transaction rolls back and the old profile is intact.
    """
    _lock(c)
    if replacing is not None:
        assert replacing.id is not None
        delete_rows(c, replacing.id)
    profile = rows.insert_profile(c, replace(data.profile, id=None))
    assert profile.id is not None
    changed = _write_records(c, data, profile.id)
    _write_addenda(c, data, profile.id, changed.get("pro_sessions", {}))
    _write_trials(c, data, profile.id)
    return profile, changed


def _write_trials(c: Connection, data: ProfileData, profile_id: int) -> None:
    """Write a backup's trials, each with its changes of other treatment; a public id
    already in use (a copy) gets a new one."""
    import uuid

    from backrub.store.trial_rows import insert_change, insert_trial

    for trial in data.trials:
        query = select(trials.c.profile_id).where(trials.c.public_id == trial.public_id)
        taken = c.execute(query).first()
        if taken is not None and taken.profile_id == profile_id:
            continue  # restored into the profile that has it already (a clinic client's own)
        public_id = str(uuid.uuid4()) if taken is not None else trial.public_id
        kept = insert_trial(c, profile_id, replace(trial, public_id=public_id, id=None))
        assert kept.id is not None
        for key, change in data.trial_changes:
            if key == trial.public_id:
                insert_change(c, profile_id, kept.id, change)


def _write_addenda(
    c: Connection, data: ProfileData, profile_id: int, moved: dict[int, int]
) -> None:
    """Write a backup's addenda under their sessions (at the sessions' new ids).

    Only into a profile of its own (the local app): the addenda are kept as the
    notes' corrections, with the therapist's name and no account. A clinic
    client's restore (``write_into``) never writes one: there an addendum is
    only a therapist account's, and the notes it corrects are kept as they are.
    """
    from backrub.store.addenda_rows import insert_addendum

    for addendum in data.addenda:
        session = moved.get(addendum.session_id, addendum.session_id)
        insert_addendum(c, profile_id, replace(addendum, session_id=session, id=None))


def write_into(
    c: Connection, data: ProfileData, profile: Profile, *, replacing: bool
) -> dict[str, dict[int, int]]:
    """Write ``data``'s records into the existing ``profile`` (a clinic client's own).

    The profile row stays (its id, name and clinic): only its zone becomes the
    backup's. ``replacing`` deletes the profile's records first, in the same
    transaction; otherwise the backup's records are added to them.

    Sessions a clinic's therapist wrote (``therapist_id`` set) are never deleted
    or changed, and a backup never makes one: a backup has no such field, so
    every session it adds is the client's own. A backup's copy of a kept
    therapist's session (the same session, as the client's export holds it) is
    not added again.
    """
    assert profile.id is not None
    _lock(c)
    if replacing:
        for table in PROFILE_TABLES:
            where = table.c.profile_id == profile.id
            if table is t.pro_sessions:
                where = and_(where, table.c.therapist_id.is_(None))
            c.execute(table.delete().where(where))
    c.execute(t.profiles.update().where(t.profiles.c.id == profile.id).values(tz=data.profile.tz))
    _write_trials(c, data, profile.id)
    return _write_records(c, _without_kept_notes(c, data, profile.id), profile.id)


def _without_kept_notes(c: Connection, data: ProfileData, profile_id: int) -> ProfileData:
    """Return ``data`` without its copies of the profile's therapist-written sessions."""
    s = t.pro_sessions
    query = select(s).where(s.c.profile_id == profile_id, s.c.therapist_id.is_not(None))
    kept = {replace(rows.pro(r), id=None) for r in c.execute(query)}
    if not kept:
        return data
    own = tuple(p for p in data.pro_sessions if replace(p, id=None) not in kept)
    return replace(data, pro_sessions=own)


def _lock(c: Connection) -> None:
    if c.dialect.name == "postgresql":
        names = ", ".join(table.name for table in (t.profiles, *PROFILE_TABLES))
        c.execute(text(f"LOCK TABLE {names} IN SHARE ROW EXCLUSIVE MODE"))


def _write_records(c: Connection, data: ProfileData, profile_id: int) -> dict[str, dict[int, int]]:
    """Write every record of ``data`` under ``profile_id``; return the ids that changed."""
    postgres = c.dialect.name == "postgresql"
    changed: dict[str, dict[int, int]] = {}
    for kind, table, write in KINDS:
        records: Sequence[Any] = getattr(data, kind)
        if kind == "pain_spots" and "checkins" in changed:
            # A mark follows its check-in to the check-in's new id (checkins come first).
            moved = changed["checkins"]
            records = [
                replace(r, checkin_id=moved.get(r.checkin_id, r.checkin_id)) for r in records
            ]
        old_ids = [r.id for r in records if r.id is not None]
        if old_ids and _any_taken(c, table, old_ids):
            highest = max(c.execute(select(func.max(table.c.id))).scalar() or 0, _issued(c, table))
            new_ids = {old: highest + n for n, old in enumerate(sorted(old_ids), start=1)}
            records = [replace(r, id=new_ids[r.id]) for r in records]
            changed[kind] = new_ids
        write(c, profile_id, records)
        if postgres and old_ids:
            _move_sequence_past(c, table)
    return changed


def _any_taken(c: Connection, table: Table, ids: list[int]) -> bool:
    """Whether any of ``ids`` may be in use: on PostgreSQL, any the sequence has issued,
    as row security hides other clinics' rows (docs/clinic/rls.md)."""
    if min(ids) <= _issued(c, table):
        return True
    query = select(table.c.id).where(table.c.id.between(min(ids), max(ids)))
    wanted = set(ids)
    return any(row_id in wanted for row_id in c.execute(query).scalars())


def _issued(c: Connection, table: Table) -> int:
    """Return the highest id the table's sequence has given out, when rows may be hidden.

    0 on SQLite and where every row is seen (the local app): the rows tell it all.
    """
    if c.dialect.name != "postgresql" or _sees_all(c):
        return 0
    sequence = c.execute(
        text("SELECT pg_get_serial_sequence(:table, 'id')"), {"table": table.name}
    ).scalar()
    if sequence is None:
        return 0
    # The name comes from the database itself, already quoted where needed.
    return int(c.execute(text(f"SELECT last_value FROM {sequence}")).scalar() or 0)


def _sees_all(c: Connection) -> bool:
    scope = c.execute(text("SELECT current_setting('backrub.scope', true)")).scalar()
    return scope == "all"


def _move_sequence_past(c: Connection, table: Table) -> None:
    sequence = c.execute(
        text("SELECT pg_get_serial_sequence(:table, 'id')"), {"table": table.name}
    ).scalar()
    if sequence is None:
        return
    # The name comes from the database itself, already quoted where needed.
    last = c.execute(text(f"SELECT last_value FROM {sequence}")).scalar() or 0
    highest = c.execute(select(func.max(table.c.id))).scalar() or 0
    c.execute(
        text("SELECT setval(:sequence, :value)"),
        {"sequence": sequence, "value": max(last, highest, 1)},
    )
