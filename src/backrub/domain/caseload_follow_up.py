"""The client list's follow-up lines: a flag's age, a contact recorded, a stop lifted (pure).

Three of the clinical review's points (REVIEW-CLIN-13 S2, S4) on top of
``domain.caseload.concerns``, each a new line or a changed rank, never a
dropped flag:

* an urgent mood answer (PHQ-9 item 9 above 0) shows how many days ago it was
  given (in the client's zone);
* when the therapist recorded that they contacted the client about that very
  answer, the line stays, lowered to "Look at first", with "Contacted on … by
  …" and the note. A newer answer is a new flag: urgent again until a contact
  about it is recorded;
* for ``LIFTED_DAYS`` days (30, a product default) after a clearance lifted a
  stop, the non-urgent line "Stop lifted by a clearance the client recorded".
  On the clinic server clients record clearances themselves (free text), so
  the therapist is told that the stop was lifted, by whom and when. The days
  count from when the clearance was *recorded* (``recorded_at``, the app's
  clock), not from the date the client typed: a backdated clearance is told
  too (review S6-13). A clearance stored before that time was kept counts from
  its date;
* when the stop it lifted followed emergency warning signs (a screening of the
  same run of stops called for the emergency stop), the line ranks "Before any
  massage" and stays, however old, until a therapist acknowledges it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

from backrub.domain.caseload import (
    BEFORE_MASSAGE,
    LOOK,
    SELF_HARM_ACTION,
    STOP_ACTIONS,
    Concern,
    read_screening,
)
from backrub.domain.clearance import Clearance, standing
from backrub.domain.records import ClearanceRecord, ScreeningRecord
from backrub.domain.screening import Screening
from backrub.domain.verdicts import Verdict
from backrub.i18n import N_

__all__ = [
    "LIFTED_DAYS",
    "SELF_HARM_CONTACTED",
    "STOP_LIFTED",
    "STOP_LIFTED_AFTER_EMERGENCY",
    "FlagContact",
    "StopContact",
    "followed_up",
    "lifted_concerns",
    "stop_contacted",
    "to_acknowledge",
]

LIFTED_DAYS = 30  # product default: how long the list tells of a lifted stop
STOP_LIFTED = N_("Stop lifted by a clearance the client recorded: cleared by %(who)s on %(day)s")
STOP_LIFTED_AFTER_EMERGENCY = N_(
    "Stop lifted by a clearance the client recorded, after emergency warning signs: cleared "
    "by %(who)s on %(day)s. Check with the client, then mark it as read."
)
SELF_HARM_CONTACTED = N_(
    "The client answered the PHQ-9 question about thoughts of being better off dead or "
    "of self-harm (%(time)s). Contacted on %(day)s by %(who)s: %(note)s"
)


@dataclass(frozen=True, slots=True)
class FlagContact:
    """A therapist's "I contacted the client" about one questionnaire answer."""

    response_at: datetime  # when the answer it is about was given
    at: datetime
    by: str
    note: str


@dataclass(frozen=True, slots=True)
class StopContact:
    """A therapist's "I contacted the client" about the stop of one screening."""

    screening_id: int
    at: datetime
    by: str
    note: str


# The stops that say "contact the client now" or "today" (people review 7, F2).
CONTACT_STOPS = (Verdict.STOP_EMERGENCY, Verdict.STOP_SAME_DAY)


def stop_contacted(
    found: Sequence[Concern], *, contacts: Sequence[StopContact], screening: ScreeningRecord | None
) -> tuple[Concern, ...]:
    """Return ``found`` with the newest contact recorded about the latest screening's
    emergency or same-day stop on its line (who, when, the note); rank and order kept:
    the stop stands until a clinician has seen the client."""
    about = [c for c in contacts if screening is not None and c.screening_id == screening.id]
    if not about:
        return tuple(found)
    last = max(about, key=lambda c: c.at)
    words = {STOP_ACTIONS[v][1] for v in CONTACT_STOPS}
    return tuple(
        replace(c, who=last.by, note=last.note, contacted_at=last.at) if c.words in words else c
        for c in found
    )


def followed_up(
    found: Sequence[Concern],
    *,
    contacts: Sequence[FlagContact],
    screening: ScreeningRecord | None,
    history: Sequence[ScreeningRecord],
    clearances: Sequence[ClearanceRecord],
    tz: str,
    today: date,
) -> tuple[Concern, ...]:
    """Return ``found`` with the follow-up lines, most urgent first, newest first in a rank.

    ``today`` is the client's day; ``contacts`` may be in any order.
    """
    zone = ZoneInfo(tz)
    out: list[Concern] = []
    for concern in found:
        if concern.words != SELF_HARM_ACTION or concern.at is None:
            out.append(concern)
            continue
        age = max(0, (today - concern.at.astimezone(zone).date()).days)
        about = [c for c in contacts if c.response_at == concern.at]
        if not about:
            out.append(replace(concern, age_days=age))
            continue
        last = max(about, key=lambda c: c.at)
        out.append(
            Concern(
                LOOK,
                SELF_HARM_CONTACTED,
                at=concern.at,
                on=last.at.astimezone(zone).date(),
                who=last.by,
                note=last.note,
                age_days=age,
            )
        )
    out += lifted_concerns(screening, history, clearances, today=today, tz=tz)
    newest_first = sorted(out, key=lambda c: c.when(tz), reverse=True)
    return tuple(sorted(newest_first, key=lambda c: -c.rank))


def _read_history(
    screening: ScreeningRecord | None, history: Sequence[ScreeningRecord]
) -> list[Screening]:
    """The stored screenings as today's rules read them, the latest last; [] unless the
    latest stops."""
    if screening is None:
        return []
    last = read_screening(screening)
    if last is None or not last.is_stop:
        return []
    read = [s for s in (read_screening(r) for r in history) if s is not None] or [last]
    if read[-1].screened_on != last.screened_on or read[-1].answers != last.answers:
        read.append(last)
    return read


def _after_emergency(read: Sequence[Screening]) -> bool:
    """Whether the run of stops the latest screening ends began with, or held, an
    emergency stop."""
    for s in reversed(read):
        if not s.is_stop:
            return False
        if s.verdict is Verdict.STOP_EMERGENCY:
            return True
    return False


def _lifting(
    read: Sequence[Screening], clearances: Sequence[ClearanceRecord]
) -> list[ClearanceRecord]:
    """The clearances whose lift of a stop leaves the latest screening stopping nothing."""
    lifts = [Clearance(c.cleared_on, c.cleared_by, c.note, c.lifts) for c in clearances]
    now = standing(read, lifts)
    if now.is_stopped:
        return []
    seen = {(lift.cleared_by, lift.cleared_on) for lift in now.lifted if lift.flag.stops}
    found: dict[tuple[str, date], ClearanceRecord] = {}
    for c in clearances:  # oldest first: the latest of a pair is the one that lifts
        if (c.cleared_by, c.cleared_on) in seen:
            found[c.cleared_by, c.cleared_on] = c
    return sorted(found.values(), key=lambda c: c.cleared_on)


def to_acknowledge(
    screening: ScreeningRecord | None,
    history: Sequence[ScreeningRecord],
    clearances: Sequence[ClearanceRecord],
) -> list[ClearanceRecord]:
    """Return the clearances that lifted a stop after emergency warning signs that no
    therapist acknowledged yet."""
    read = _read_history(screening, history)
    if not read or not clearances or not _after_emergency(read):
        return []
    return [c for c in _lifting(read, clearances) if c.acknowledged_at is None]


def lifted_concerns(
    screening: ScreeningRecord | None,
    history: Sequence[ScreeningRecord],
    clearances: Sequence[ClearanceRecord],
    *,
    today: date,
    tz: str = "UTC",
) -> list[Concern]:
    """Return a line per clearance that lifted the latest screening's stop, when no stop
    stands any more: for ``LIFTED_DAYS`` days after it was recorded, or, after
    emergency warning signs, until a therapist acknowledged it."""
    read = _read_history(screening, history)
    if not read or not clearances:
        return []
    urgent = _after_emergency(read)
    zone = ZoneInfo(tz)
    out = []
    for c in _lifting(read, clearances):
        if urgent and c.acknowledged_at is None:
            words = STOP_LIFTED_AFTER_EMERGENCY
            out.append(Concern(BEFORE_MASSAGE, words, on=c.cleared_on, who=c.cleared_by))
            continue
        recorded = c.recorded_at.astimezone(zone).date() if c.recorded_at else c.cleared_on
        if 0 <= (today - recorded).days <= LIFTED_DAYS:
            out.append(Concern(LOOK, STOP_LIFTED, on=c.cleared_on, who=c.cleared_by))
    return out
