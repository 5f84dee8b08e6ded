"""repair timestamps written with a short year

Before this revision the fast check-in path (store/quick.py) formatted times
with strftime("%Y"), which writes the year 226 as ``226-11-30 08:00:00.000000``
instead of ``0226-…``. SQLAlchemy cannot read that text, so one such row made
history, export, progress and report fail for the whole profile. This
revision rewrites every SQLite timestamp that does not start with a four-digit
year into SQLAlchemy's own format, keeping the instant it names (the person can
then see the row and correct it). PostgreSQL stores real timestamps: nothing to do.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 10:00:00
"""

from __future__ import annotations

import re
from datetime import datetime

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

# Every UTCDateTime column (store/tables.py) at this revision.
_COLUMNS = (
    ("profiles", "created_at"),
    ("checkins", "at"),
    ("pro_sessions", "at"),
    ("self_sessions", "at"),
    ("responses", "at"),
    ("pain_spots", "at"),
)

_LOOSE = re.compile(
    r"\s*(\d{1,4})-(\d{1,2})-(\d{1,2})[ T](\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.(\d{1,6}))?\s*",
    re.ASCII,
)


def canonical(text: str) -> str | None:
    """Return ``text`` in SQLAlchemy's SQLite DateTime format, or None if it is no time."""
    found = _LOOSE.fullmatch(text)
    if found is None:
        return None
    year, month, day, hour, minute, second = (int(g) for g in found.groups()[:6])
    micro = int((found.group(7) or "0").ljust(6, "0"))
    try:
        moment = datetime(year, month, day, hour, minute, second, micro)
    except ValueError:
        return None  # not a real time: leave it for a person to look at
    return (
        f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d} "
        f"{moment.hour:02d}:{moment.minute:02d}:{moment.second:02d}.{moment.microsecond:06d}"
    )


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    for table, column in _COLUMNS:
        # GLOB is case-sensitive and cheap: only rows not starting "NNNN-" are read.
        found = bind.execute(
            sa.text(
                f'SELECT id, "{column}" FROM "{table}" '
                f"WHERE \"{column}\" NOT GLOB '[0-9][0-9][0-9][0-9]-*'"
            )
        ).all()
        for row_id, value in found:
            fixed = canonical(str(value))
            if fixed is not None and fixed != value:
                bind.execute(
                    sa.text(f'UPDATE "{table}" SET "{column}" = :v WHERE id = :id'),
                    {"v": fixed, "id": row_id},
                )


def downgrade() -> None:
    # The repaired text is what SQLAlchemy itself writes: nothing to undo.
    pass
