"""How long the clinic server keeps its audit log, and removing what is older.

The audit log holds pseudonymised personal data (a client's public id, the
times and network addresses of their visits), so it must not be kept for ever
(storage limitation, UK GDPR / GDPR Art. 5(1)(e)). How long is the clinic's
decision, often set by its professional body or insurer; backrub only refuses a
period so short that a typo would erase recent entries. The removal itself is
recorded in the same transaction as the DELETE: each clinic's log says how many
entries went and from before when. A period per clinic: name the clinic (each
clinic is its own controller; run one purge a clinic), or apply one period to
every clinic of the server.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Final

from backrub.domain.inputs import whole_number
from backrub.errors import InvalidInput
from backrub.i18n import _
from backrub.store import audit_rows
from backrub.store.repository import Store

# Product defaults: at least 30 days (a mistyped number cannot empty the log of
# last month), at most 100 years.
SHORTEST_DAYS: Final = 30
LONGEST_DAYS: Final = 36500
WHO: Final = "retention purge"  # what the log says did it (no person)
# Entries deleted in one transaction (product default): a first purge of a large log
# is many short transactions, each with its own line in the log, not one long one.
BATCH: Final = 5000


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
    # ASCII digits only, and no more of them than the shared reader takes: "٣٠" or
    # "³⁰" is not read as 30, and 5000 digits is refused, not a traceback.
    days = whole_number(text) if text.isascii() and text.isdigit() else None
    if days is None or not SHORTEST_DAYS <= days <= LONGEST_DAYS:
        raise InvalidInput(
            "keep-days",
            value,
            _(
                "give a whole number of days from %(low)s to %(high)s",
                low=SHORTEST_DAYS,
                high=LONGEST_DAYS,
            ),
        )
    return days


def clinics_to_purge(store: Store, clinic: str | None) -> list[int]:
    """Return the clinics a purge covers: the one named ``clinic``, or every one."""
    if clinic is None:
        return audit_rows.clinics_on_server(store)
    if not clinic.strip():
        raise InvalidInput("clinic", None, _("give the clinic's name"))
    found = audit_rows.clinics_on_server(store, clinic)
    if not found:
        raise InvalidInput("clinic", clinic, _("no clinic on this server has this name"))
    if len(found) > 1:
        raise InvalidInput(
            "clinic",
            clinic,
            _(
                "%(count)s clinics on this server have this name, so it cannot say which "
                "one; leave the name out to apply the period to every clinic",
                count=len(found),
            ),
        )
    return found


def purge(
    store: Store,
    *,
    days: int,
    now: datetime,
    dry_run: bool = False,
    clinic: str | None = None,
    batch: int = BATCH,
) -> Purge:
    """Remove the entries older than ``days`` before ``now`` of the clinic called
    ``clinic`` (or of every clinic), ``batch`` at a time, oldest first; each batch's
    transaction also appends a line to that clinic's log saying how many went, so
    no entry goes untraced. A dry run only counts."""
    before = now - timedelta(days=days)
    found: dict[int, int] = {}
    for clinic_id in clinics_to_purge(store, clinic):
        if dry_run:
            count = audit_rows.count_before(store, clinic_id, before)
        else:
            count = _purge_clinic(store, clinic_id, before, now, batch)
        if count:
            found[clinic_id] = count
    return Purge(before, found, dry_run)


def _purge_clinic(store: Store, clinic_id: int, before: datetime, now: datetime, batch: int) -> int:
    day = before.date().isoformat()

    def entry(count: int) -> dict[str, object]:
        return {
            "clinic_id": clinic_id,
            "at": now,
            "actor_id": None,
            "actor_role": None,
            "actor_name": None,
            "client_ref": None,
            "action": "purge",
            "what": f"{WHO}: {count} entries before {day} (UTC)",
            "address": None,
        }

    total = 0
    while True:
        gone = audit_rows.purge_batch(store, clinic_id, before, limit=batch, entry=entry)
        total += gone
        if gone < batch:
            return total
