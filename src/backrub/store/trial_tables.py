"""N-of-1 trials (issue 15): one row a trial, belonging to one profile.

``profile_id`` (ON DELETE CASCADE: deleting the person deletes their trials;
row-level security scopes by it, migration 0013). The row keeps the design and
seed (the schedule is rebuilt from them, ``domain.nof1_design``), the SHA-256
shown at the start, and, when the trial ended early, when and why.
"""

from __future__ import annotations

from sqlalchemy import CheckConstraint, Column, Date, ForeignKey, Index, Integer, String, Table

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
