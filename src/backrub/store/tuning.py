"""Facts both write paths share (the SQLAlchemy store and ``quick``); imports nothing."""

from __future__ import annotations

# The newest migration. tests/test_migrations.py checks it against Alembic's head.
HEAD = "0017"

# A writer waits this long for another writer before giving up. Two processes
# logging check-ins at once must both finish (see tests/test_reliability.py).
BUSY_TIMEOUT_MS = 30_000
