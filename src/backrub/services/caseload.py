"""A therapist's client list (issue 13): who needs looking at first.

The rows come in a fixed number of queries (``backrub.store.caseload_rows``); what
each row means is decided by the domain (``backrub.domain.caseload``) and, for the
questionnaires due, by the same rule as the client's own Today page: the weekly PEG
(``services.measures.routine_due``; the daily pain check-in is not a questionnaire),
counted only for clients who checked in within the last ``ACTIVE_DAYS`` days (a
product default: the PEG of someone who stopped using backrub is not "due").
A plan's follow-up assessments are not on the list: the client's own pages show them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from backrub.domain.accounts import Account, Role
from backrub.domain.caseload import (
    MOOD_INSTRUMENTS,
    Concern,
    Line,
    concerns,
    needs_history,
    ordered,
)
from backrub.domain.caseload_follow_up import (
    FlagContact,
    StopContact,
    followed_up,
    stop_contacted,
)
from backrub.domain.records import Response
from backrub.services.flag_contacts import contacts_of
from backrub.services.measures import routine_due
from backrub.services.stop_contacts import stop_contacts_of

if TYPE_CHECKING:
    from backrub.store import Store
    from backrub.store.caseload_rows import CaseRows

ROUTINE = ("peg",)  # the questionnaires ``routine_due`` may call due
ACTIVE_DAYS = 14  # product default: "due" only for clients who checked in this recently
KEPT_LINES = 8192  # lines kept a process (a few MB): a clinic's lists, visited in the day


def _due(latest: tuple[Response, ...], today: date) -> tuple[str, ...]:
    """The routine questionnaires due today for a client who checked in lately."""
    by = {r.instrument: [r] for r in latest if r.instrument in ROUTINE}
    due = routine_due(today=today, pain_days={today}, by=by)
    return tuple(str(e["instrument"]) for e in due if e["instrument"] in ROUTINE)


@lru_cache(maxsize=KEPT_LINES)
def _line(
    row: CaseRows,
    contacted: tuple[FlagContact, ...],
    stops: tuple[StopContact, ...],
    today: date,
    active: bool,
) -> Line:
    """One client's line: a pure function of its arguments, so made once a process for them
    (the list is read afresh on every visit; most of its lines are the same as last time)."""
    return Line(
        public_id=row.public_id,
        display_name=row.display_name,
        tz=row.tz,
        last_checkin=row.last_checkin,
        concerns=_concerns(row, contacted, stops, today),
        due=_due(row.latest, today) if active else (),
    )


def client_list(store: Store, therapist: Account, now: datetime) -> list[Line]:
    """Return the therapist's assigned clients in the clinic, most in need first.

    Only a therapist has a list (an empty one otherwise): administrators do not
    read clinical data.
    """
    from backrub.store.caseload_rows import caseload_rows

    if therapist.role is not Role.THERAPIST or not therapist.active:
        return []
    found = caseload_rows(
        store,
        clinic_id=therapist.clinic_id,
        therapist_id=therapist.id,
        instruments=(*MOOD_INSTRUMENTS, *ROUTINE),
        needs_history=needs_history,
    )
    # A flag's age, a contact recorded, a stop lifted (domain.caseload_follow_up).
    contacted = contacts_of(store, [row.profile_id for row in found])
    stops = stop_contacts_of(store, [row.profile_id for row in found if row.screenings])
    recent = now - timedelta(days=ACTIVE_DAYS)
    lines = [
        _line(
            row,
            tuple(contacted.get(row.profile_id, ())),
            tuple(stops.get(row.profile_id, ())),
            now.astimezone(ZoneInfo(row.tz)).date(),
            row.last_checkin is not None and row.last_checkin.at >= recent,
        )
        for row in found
    ]
    return ordered(lines)


def _concerns(
    row: CaseRows,
    contacted: Sequence[FlagContact],
    stops: Sequence[StopContact],
    today: date,
) -> tuple[Concern, ...]:
    """One row's concerns, with the follow-up lines and the contacts recorded."""
    found = concerns(
        history=row.screenings,
        clearances=row.clearances,
        latest_screening=row.screening,
        leg_symptoms_at=row.leg_symptoms_at,
        latest_answers=row.latest,
        tz=row.tz,
    )
    found = followed_up(
        found,
        contacts=contacted,
        screening=row.screening,
        history=row.screenings,
        clearances=row.clearances,
        tz=row.tz,
        today=today,
    )
    return stop_contacted(found, contacts=stops, screening=row.screening)
