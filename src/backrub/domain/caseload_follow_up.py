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
  the therapist is told that the stop was lifted, by whom and when.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

from backrub.domain.caseload import LOOK, SELF_HARM_ACTION, Concern, read_screening
from backrub.domain.clearance import Clearance, standing
from backrub.domain.records import ClearanceRecord, ScreeningRecord
from backrub.i18n import N_

__all__ = [
    "LIFTED_DAYS",
    "SELF_HARM_CONTACTED",
    "STOP_LIFTED",
    "FlagContact",
    "followed_up",
    "lifted_concerns",
]

LIFTED_DAYS = 30  # product default: how long the list tells of a lifted stop
STOP_LIFTED = N_("Stop lifted by a clearance the client recorded: cleared by %(who)s on %(day)s")
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
    out += lifted_concerns(screening, history, clearances, today=today)
    newest_first = sorted(out, key=lambda c: c.when(tz), reverse=True)
    return tuple(sorted(newest_first, key=lambda c: -c.rank))


def lifted_concerns(
    screening: ScreeningRecord | None,
    history: Sequence[ScreeningRecord],
    clearances: Sequence[ClearanceRecord],
    *,
    today: date,
) -> list[Concern]:
    """Return a line per clearance that lifted the latest screening's stop in the last
    ``LIFTED_DAYS`` days, when no stop stands any more."""
    if screening is None or not clearances:
        return []
    last = read_screening(screening)
    if last is None or not last.is_stop:
        return []
    read = [s for s in (read_screening(r) for r in history) if s is not None] or [last]
    if read[-1].screened_on != last.screened_on or read[-1].answers != last.answers:
        read.append(last)
    lifts = [Clearance(c.cleared_on, c.cleared_by, c.note, c.lifts) for c in clearances]
    now = standing(read, lifts)
    if now.is_stopped:
        return []
    seen = {(lift.cleared_by, lift.cleared_on) for lift in now.lifted if lift.flag.stops}
    return [
        Concern(LOOK, STOP_LIFTED, on=day, who=who)
        for who, day in sorted(seen, key=lambda s: s[1])
        if 0 <= (today - day).days <= LIFTED_DAYS
    ]
