"""Trials: write one, read a profile's, end one early; the changes kept on a trial's days.

Every query is scoped by the profile.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, insert, select, update

from backrub.domain.nof1_changes import TrialChange
from backrub.domain.nof1_trial import ENDED_EARLY, TrialRecord
from backrub.store.trial_tables import trial_changes as tc
from backrub.store.trial_tables import trials as t

if TYPE_CHECKING:
    from backrub.store import Store


def _record(row: Any) -> TrialRecord:
    return TrialRecord(
        public_id=str(row.public_id),
        pairs=int(row.pairs),
        period_days=int(row.period_days),
        washout_days=int(row.washout_days),
        seed=int(row.seed),
        first_day=row.first_day,
        sha256=str(row.sha256),
        started_at=row.started_at,
        state=str(row.state),
        ended_on=row.ended_on,
        ended_why=row.ended_why,
        id=int(row.id),
    )


def trials_of(store: Store, profile_id: int) -> list[TrialRecord]:
    """Return the profile's trials, the first started first."""
    query = select(t).where(t.c.profile_id == profile_id).order_by(t.c.started_at, t.c.id)
    with store.reading() as c:
        return [_record(r) for r in c.execute(query)]


def add_trial(store: Store, profile_id: int, trial: TrialRecord) -> TrialRecord:
    with store.writing() as c:
        return insert_trial(c, profile_id, trial)


def insert_trial(c: Connection, profile_id: int, trial: TrialRecord) -> TrialRecord:
    """Write ``trial`` (with its id when it has one, as a restore does); return it stored."""
    values: dict[str, Any] = {
        "public_id": trial.public_id,
        "profile_id": profile_id,
        "pairs": trial.pairs,
        "period_days": trial.period_days,
        "washout_days": trial.washout_days,
        "seed": trial.seed,
        "first_day": trial.first_day,
        "sha256": trial.sha256,
        "started_at": trial.started_at,
        "state": trial.state,
        "ended_on": trial.ended_on,
        "ended_why": trial.ended_why,
    }
    key = c.execute(insert(t).values(**values)).inserted_primary_key
    assert key is not None
    row = c.execute(select(t).where(t.c.id == key[0])).one()
    return _record(row)


def end_early(store: Store, profile_id: int, public_id: str, *, on: date, why: str) -> bool:
    """Mark the profile's running trial ``public_id`` ended early; False if it was not running."""
    query = (
        update(t)
        .where(t.c.profile_id == profile_id, t.c.public_id == public_id, t.c.state != ENDED_EARLY)
        .values(state=ENDED_EARLY, ended_on=on, ended_why=why)
    )
    with store.writing() as c:
        return c.execute(query).rowcount == 1


def add_change(store: Store, profile_id: int, trial_id: int, change: TrialChange) -> None:
    """Keep ``change`` on the profile's trial ``trial_id``."""
    with store.writing() as c:
        insert_change(c, profile_id, trial_id, change)


def insert_change(c: Connection, profile_id: int, trial_id: int, change: TrialChange) -> None:
    """Write ``change`` on the profile's trial ``trial_id`` (a new id, as a restore does)."""
    values = {
        "profile_id": profile_id,
        "trial_id": trial_id,
        "day": change.day,
        "kind": change.kind,
        "note": change.note,
        "recorded_at": change.recorded_at,
    }
    c.execute(insert(tc).values(**values))


def changes_of(store: Store, profile_id: int, trial_id: int) -> list[TrialChange]:
    """Return the changes kept on the profile's trial, by day, then as recorded."""
    query = (
        select(tc)
        .where(tc.c.profile_id == profile_id, tc.c.trial_id == trial_id)
        .order_by(tc.c.day, tc.c.recorded_at, tc.c.id)
    )
    with store.reading() as c:
        return [
            TrialChange(r.day, str(r.kind), str(r.note), r.recorded_at, int(r.id))
            for r in c.execute(query)
        ]
