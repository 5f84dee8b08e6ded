"""How long the clinic server keeps its audit log, and removing what is older.

The audit log holds pseudonymised personal data (a client's public id, the
times and network addresses of their visits), so it must not be kept for ever
(storage limitation, UK GDPR / GDPR Art. 5(1)(e)). How long is the clinic's
decision, often set by its professional body or insurer; backrub only refuses a
period so short that a typo would erase recent entries. The removal itself is
recorded: each clinic's log says how many entries went and from before when.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Final

from backrub.errors import InvalidInput
from backrub.i18n import _
from backrub.services import audit
from backrub.store import audit_rows
from backrub.store.repository import Store

# Product defaults: at least 30 days (a mistyped number cannot empty the log of
# last month), at most 100 years.
SHORTEST_DAYS: Final = 30
LONGEST_DAYS: Final = 36500
WHO: Final = "retention purge"  # what the log says did it (no person)


@dataclass(frozen=True, slots=True)
class Purge:
    before: datetime  # entries older than this go
    per_clinic: dict[int, int]  # clinic id -> entries removed (or that would be)
    dry_run: bool

    @property
    def total(self) -> int:
        return sum(self.per_clinic.values())


def keep_days(value: str) -> int:
    """Return the retention period typed, in whole days; refuse anything else."""
    text = value.strip()
    if not text.isdigit() or not SHORTEST_DAYS <= int(text) <= LONGEST_DAYS:
        raise InvalidInput(
            "keep-days",
            value,
            _(
                "give a whole number of days from %(low)s to %(high)s",
                low=SHORTEST_DAYS,
                high=LONGEST_DAYS,
            ),
        )
    return int(text)


def purge(store: Store, *, days: int, now: datetime, dry_run: bool = False) -> Purge:
    """Remove the audit entries older than ``days`` before ``now``, and say so in each
    clinic's log (nothing is removed or recorded in a dry run)."""
    before = now - timedelta(days=days)
    found = audit_rows.purge_before(store, before, dry_run=dry_run)
    if not dry_run:
        for clinic_id, count in found.items():
            audit.record(
                store,
                who=None,
                client_ref=None,
                action="purge",
                what=f"{WHO}: {count} entries before {before.date().isoformat()} (UTC)",
                address=None,
                now=now,
                clinic_id=clinic_id,
            )
    return Purge(before, found, dry_run)
