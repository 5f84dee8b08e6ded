"""N-of-1 trials (issue 15): one row a trial, belonging to one profile.

``profile_id`` (ON DELETE CASCADE: deleting the person deletes their trials;
row-level security scopes by it, migration 0013). The row keeps the design and
seed (the schedule is rebuilt from them, ``domain.nof1_design``), the SHA-256
shown at the start, and, when the trial ended early, when and why.

``trial_changes`` (migration 0017): a pain medicine changed or another treatment
started or stopped on a day of a trial, recorded by the person (clinical review
7 item 5); deleted with its trial or profile, scoped by ``profile_id`` too.
"""

from __future__ import annotations

from sqlalchemy import (
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
)

from backrub.store.tables import UTCDateTime, metadata

STATE_CHECK = "state IN ('running', 'ended_early')"
WHY_CHECK = "ended_why IS NULL OR ended_why IN ('stopped', 'red_flag')"

trials = Table(
    "trials",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("public_id", String(36), nullable=False, unique=True),
    Column("profile_id", Integer, ForeignKey("profiles.id", ondelete="CASCADE"), nullable=False),
    Column("pairs", Integer, nullable=False),
    Column("period_days", Integer, nullable=False),
    Column("washout_days", Integer, nullable=False),
    Column("seed", Integer, nullable=False),
    Column("first_day", Date, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("started_at", UTCDateTime, nullable=False),
    Column("state", String(16), CheckConstraint(STATE_CHECK, name="state"), nullable=False),
    Column("ended_on", Date, nullable=True),
    Column("ended_why", String(16), CheckConstraint(WHY_CHECK, name="ended_why"), nullable=True),
)
Index("ix_trials_profile_first_day", trials.c.profile_id, trials.c.first_day)

CHANGE_KIND_CHECK = "kind IN ('medicine', 'treatment')"

trial_changes = Table(
    "trial_changes",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("profile_id", Integer, ForeignKey("profiles.id", ondelete="CASCADE"), nullable=False),
    Column("trial_id", Integer, ForeignKey("trials.id", ondelete="CASCADE"), nullable=False),
    Column("day", Date, nullable=False),
    Column("kind", String(16), CheckConstraint(CHANGE_KIND_CHECK, name="kind"), nullable=False),
    Column("note", Text, nullable=False),
    Column("recorded_at", UTCDateTime, nullable=False),
)
Index("ix_trial_changes_trial_day", trial_changes.c.trial_id, trial_changes.c.day)
Index("ix_trial_changes_profile", trial_changes.c.profile_id)
