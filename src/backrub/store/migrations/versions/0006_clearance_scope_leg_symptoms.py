"""clearance scope and new leg symptoms on a check-in

A clearance now names exactly which screening answers it lifts
(``clearances.lifts``: comma-separated question ids). Rows recorded before
this revision keep NULL there: they lift the non-emergency stops of the
screening they were recorded against, and nothing new (see
backrub.domain.clearance). A check-in can say whether leg symptoms,
numbness or weakness are new (``checkins.new_leg_symptoms``; NULL when not
asked), which calls for screening again.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 11:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("clearances", schema=None) as batch_op:
        batch_op.add_column(sa.Column("lifts", sa.Text(), nullable=True))
    with op.batch_alter_table("checkins", schema=None) as batch_op:
        batch_op.add_column(sa.Column("new_leg_symptoms", sa.Boolean(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("checkins", schema=None) as batch_op:
        batch_op.drop_column("new_leg_symptoms")
    with op.batch_alter_table("clearances", schema=None) as batch_op:
        batch_op.drop_column("lifts")
