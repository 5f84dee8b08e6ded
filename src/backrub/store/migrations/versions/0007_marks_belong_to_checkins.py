"""a body-map mark belongs to the check-in it was saved with

Until this revision a mark was tied to a check-in only by having the same
moment, so deleting or moving one of two check-ins made at the same moment
deleted or moved the other's marks too. ``pain_spots.checkin_id`` now names
the check-in (ON DELETE CASCADE); a mark made on the body map alone has none.

Existing marks are linked where exactly one check-in of the profile has the
mark's moment, as ``checkin --where`` and the API check-in saved them. Where
several check-ins share the moment, which mark belonged to which cannot be
told, and the marks stay marks of their own, unless one region is marked
twice there: a region is marked once per entry, so such marks (saved right
after their check-in, in id order) are split into the check-ins in id order,
a new check-in starting where a region repeats. A backup of the database then
restores (a region once per check-in, and once per moment for marks alone).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 11:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

# Both backends: the one check-in of the same profile at the same moment.
_BACKFILL = """
UPDATE pain_spots SET checkin_id = (
    SELECT c.id FROM checkins c
    WHERE c.profile_id = pain_spots.profile_id AND c.at = pain_spots.at
)
WHERE (
    SELECT count(*) FROM checkins c
    WHERE c.profile_id = pain_spots.profile_id AND c.at = pain_spots.at
) = 1
"""


def upgrade() -> None:
    columns = {c["name"] for c in sa.inspect(op.get_bind()).get_columns("pain_spots")}
    if "checkin_id" in columns:  # a database whose revision number was set back by hand
        return
    with op.batch_alter_table("pain_spots", schema=None) as batch_op:
        batch_op.add_column(sa.Column("checkin_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_pain_spots_checkin_id"), ["checkin_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_pain_spots_checkin_id_checkins"),
            "checkins",
            ["checkin_id"],
            ["id"],
            ondelete="CASCADE",
        )
    op.execute(sa.text(_BACKFILL))
    bind = op.get_bind()
    clashes = bind.execute(
        sa.text(
            "SELECT DISTINCT profile_id, at FROM pain_spots WHERE checkin_id IS NULL "
            "GROUP BY profile_id, at, region HAVING count(*) > 1"
        )
    ).all()
    for profile_id, at in clashes:
        where = {"p": profile_id, "at": at}
        checkins = bind.execute(
            sa.text("SELECT id FROM checkins WHERE profile_id = :p AND at = :at ORDER BY id"),
            where,
        ).scalars()
        marks = bind.execute(
            sa.text(
                "SELECT id, region FROM pain_spots WHERE profile_id = :p AND at = :at "
                "AND checkin_id IS NULL ORDER BY id"
            ),
            where,
        ).all()
        owners = list(checkins)
        if len(owners) < 2:
            continue  # marks made alone, or nothing to split them into: left as they are
        owner = 0
        seen: set[str] = set()
        for mark_id, region in marks:
            if region in seen and owner + 1 < len(owners):
                owner += 1
                seen = set()
            seen.add(region)
            bind.execute(
                sa.text("UPDATE pain_spots SET checkin_id = :c WHERE id = :m"),
                {"c": owners[owner], "m": mark_id},
            )


def downgrade() -> None:
    with op.batch_alter_table("pain_spots", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_pain_spots_checkin_id_checkins"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_pain_spots_checkin_id"))
        batch_op.drop_column("checkin_id")
