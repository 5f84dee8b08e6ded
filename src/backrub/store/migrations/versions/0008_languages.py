"""languages: the profile's chosen language, and the language of each questionnaire

``profiles.language`` is the language a person chose ("en", "vi"); null means
not chosen (the browser's language on the web, English in the CLI).
``responses.language`` is the language a questionnaire was answered in; every
answer given before this revision was given in English, the only language then.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 16:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def _columns(table: str) -> set[str]:
    return {c["name"] for c in sa.inspect(op.get_bind()).get_columns(table)}


def upgrade() -> None:
    if "language" not in _columns("profiles"):
        with op.batch_alter_table("profiles", schema=None) as batch_op:
            batch_op.add_column(sa.Column("language", sa.String(length=8), nullable=True))
    if "language" not in _columns("responses"):
        with op.batch_alter_table("responses", schema=None) as batch_op:
            batch_op.add_column(
                sa.Column("language", sa.String(length=8), nullable=False, server_default="en")
            )


def downgrade() -> None:
    # Not in batch mode: on SQLite that copies the table and drops the old one, and
    # dropping profiles would take every record of every profile with it (ON DELETE
    # CASCADE). SQLite 3.35 and later drop a column in place.
    for table in ("responses", "profiles"):
        if op.get_bind().dialect.name == "sqlite":
            op.execute(sa.text(f"ALTER TABLE {table} DROP COLUMN language"))
        else:
            op.drop_column(table, "language")
