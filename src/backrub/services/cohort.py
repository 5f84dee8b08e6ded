"""A clinic's cohort report (issue 14): the whole clinic, or one therapist beside it.

The counts come from PostgreSQL in one statement (``store.cohort_rows``); what
they mean is the domain's (``domain.cohort_report``). Who is in the cohort: the
clinic's clients with a first professional session (day 0) at least
``COHORT_DAYS`` days ago, so that their 24-week window (day 154 to 182) has
closed in every zone; a client still inside it cannot yet have answered, and
counting them would look like people giving up. ``COHORT_DAYS`` is a product
default.

An administrator sees the whole clinic, every therapist beside it; a therapist
sees their own clients' figures beside the clinic's (``therapist_report``).
Nobody else has a cohort report. The FHIR export of the cohort's answers (the
report's clients and questionnaires only, pseudonymised) is an administrator's
only, and is written to the audit log, one entry per client it holds and one
with their number.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

from backrub.domain.accounts import Account, Role
from backrub.domain.cohort_report import CohortReport, TherapistCounts, assemble
from backrub.domain.cohort_windows import COHORT_INSTRUMENTS, ResponderRule, responder_rule
from backrub.evidence.loading import load_rules
from backrub.reports.cohort_fhir import bulk_lines

if TYPE_CHECKING:
    from backrub.store import Store
    from backrub.store.cohort_rows import CohortRows

__all__ = ["COHORT_DAYS", "NotYours", "clinic_report", "fhir_export", "rules", "therapist_report"]

COHORT_DAYS = 184  # day 182 is the last of the 24-week window; a day more for any zone


class NotYours(Exception):
    """The account has no cohort report of this kind (a page answers 404)."""


def rules() -> list[ResponderRule]:
    """Return the responder rule of each instrument in the report, from the rules table."""
    table = load_rules()
    return [responder_rule(name, table) for name in COHORT_INSTRUMENTS]


def started_by(now: datetime) -> date:
    """Return the last day 0 in the cohort at ``now``."""
    return now.astimezone(UTC).date() - timedelta(days=COHORT_DAYS)


# The clinic's counts, kept per clinic for its reporting day (``started_by``) and the
# assignments they were counted under: (database, clinic) -> (day, assignments, counts).
_KEPT: dict[tuple[str, int], tuple[date, tuple[int, int, str], CohortRows]] = {}
_KEPT_MOST = 256  # clinics kept at once (counts only, a few KiB each)


def _counts(store: Store, clinic_id: int, now: datetime, chosen: list[ResponderRule]) -> CohortRows:
    """Return the clinic's cohort counts, worked out once per clinic and reporting day.

    The cohort is the clients whose 24 weeks ended by ``started_by(now)``, so
    their answers in the windows are in the past: the counts change with the
    day, with the assignments (a reassigned client moves to the new therapist)
    or with a therapist's new name - checked on every call, cheaply - and
    otherwise only when an answer is entered or corrected after the fact, which
    shows from the next day (a product default; docs/cohort.md "Speed").
    """
    from backrub.store.cohort_rows import assignments_now, cohort_rows

    day = started_by(now)
    assigned = assignments_now(store, clinic_id=clinic_id)
    key = (store.engine.url.render_as_string(hide_password=True), clinic_id)
    kept = _KEPT.get(key)
    if kept is not None and kept[0] == day and kept[1] == assigned:
        return kept[2]
    found = cohort_rows(store, clinic_id=clinic_id, rules=chosen, started_by=day)
    if len(_KEPT) >= _KEPT_MOST:
        _KEPT.clear()
    _KEPT[key] = (day, assigned, found)
    return found


def _report(store: Store, clinic_id: int, now: datetime, mine: str | None) -> CohortReport:
    chosen = rules()
    found = _counts(store, clinic_id, now, chosen)
    therapists = [TherapistCounts(t.public_id, t.display_name, t.counts) for t in found.therapists]
    return assemble(
        found.clinic,
        therapists,
        chosen,
        mine=mine,
        unassigned=found.unassigned,
        too_low=found.too_low,
    )


def _check(account: Account, role: Role) -> None:
    if account.role is not role or not account.active:
        raise NotYours(account.role.value)


def clinic_report(store: Store, admin: Account, now: datetime) -> CohortReport:
    """Return the whole clinic's report, every therapist beside it (an administrator's)."""
    _check(admin, Role.ADMIN)
    return _report(store, admin.clinic_id, now, None)


def therapist_report(store: Store, therapist: Account, now: datetime) -> CohortReport:
    """Return the therapist's own clients' figures beside the clinic's."""
    _check(therapist, Role.THERAPIST)
    return _report(store, therapist.clinic_id, now, therapist.public_id)


def fhir_export(
    store: Store, admin: Account, now: datetime, *, address: str | None, what: str
) -> Download:
    """Return the NDJSON of the cohort's QuestionnaireResponses, as PostgreSQL sends it.

    Only the clients in the cohort (those the report counts) and only the
    report's questionnaires, in the windows it reads (``store.cohort_export``).
    Checks, then records the export in the audit log before a byte goes out: one
    entry per client whose answers it holds (their public id; ``what``), so a
    client's trail shows it, and one for the download (``what`` and the number of
    clients); then streams.
    """
    from backrub.store.cohort_export import ExportAudit, open_export

    _check(admin, Role.ADMIN)
    entries = ExportAudit(
        actor_id=admin.id,
        actor_role=admin.role.value,
        actor_name=admin.display_name,
        at=now,
        what=what,
        summary=lambda clients: f"{what} ({clients} clients)",
        address=address,
    )
    export = open_export(
        store, clinic_id=admin.clinic_id, rules=rules(), started_by=started_by(now), audit=entries
    )
    return Download(bulk_lines(export.rows), export.rows.close)


class Download:
    """The NDJSON's chunks; ``close`` gives the database connection back even when
    nothing was read (the browser went away first)."""

    def __init__(self, chunks: Iterator[bytes], close: Callable[[], None]) -> None:
        self._chunks = chunks
        self.close = close

    def __iter__(self) -> Download:
        return self

    def __next__(self) -> bytes:
        try:
            return next(self._chunks)
        except BaseException:
            self.close()
            raise
