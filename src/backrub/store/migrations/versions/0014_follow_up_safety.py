"""follow-up safety (review S6): a follow-up's urgency and contact, a clearance's times

``administrations`` keeps the verdict a follow-up "yes" called for
(``red_flag_verdict``: the emergency, same-day or see-a-clinician stop) and the
therapist's or administrator's "I contacted the client" about it (when, who,
the note). ``clearances`` keeps when a clearance was recorded (``recorded_at``:
the lifted-stop line counts its 30 days from it, not from the date typed) and
when a therapist acknowledged a lifted emergency-tier stop. Every column is
nullable: rows written before keep working (a follow-up "yes" of before was an
emergency; a clearance of before counts from the day it names).

Written on the followfix branch after 0012 (the lead re-chains it at the merge).
No new table: the row security of 0010/0011 already covers both tables.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-02 02:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

ADMINISTRATION_COLUMNS = (
    ("red_flag_verdict", lambda: sa.String(24)),
    ("contacted_at", lambda: sa.DateTime(timezone=True)),
    ("contacted_by_id", lambda: sa.Integer()),
    ("contacted_by", lambda: sa.String(80)),
    ("contact_note", lambda: sa.Text()),
)
CLEARANCE_COLUMNS = (
    ("recorded_at", lambda: sa.DateTime(timezone=True)),
    ("acknowledged_at", lambda: sa.DateTime(timezone=True)),
    ("acknowledged_by", lambda: sa.String(80)),
)


def upgrade() -> None:
    # Plain ADD COLUMN (not batch mode): a batch copy on SQLite would drop the table
    # and, by ON DELETE CASCADE, whatever hangs on it.
    for name, kind in ADMINISTRATION_COLUMNS:
        op.add_column("administrations", sa.Column(name, kind(), nullable=True))
    for name, kind in CLEARANCE_COLUMNS:
        op.add_column("clearances", sa.Column(name, kind(), nullable=True))


def downgrade() -> None:
    for table, columns in (
        ("clearances", CLEARANCE_COLUMNS),
        ("administrations", ADMINISTRATION_COLUMNS),
    ):
        for name, _kind in reversed(columns):
            if op.get_bind().dialect.name == "sqlite":
                op.execute(sa.text(f"ALTER TABLE {table} DROP COLUMN {name}"))
            else:
                op.drop_column(table, name)
