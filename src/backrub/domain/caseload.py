"""What a therapist's client list says about each client, and in what order (pure).

A client's *concerns* come from the app's own rules, never new ones:

* an open stop: the latest screening stops massage (``Verdict.is_stop``) and no
  clinician's clearance lifted it (``backrub.domain.clearance.standing``, as the
  client's own pages decide);
* new leg symptoms, numbness or weakness noted in a check-in on or after the day of
  the latest screening (``backrub.domain.review.rescreen_due``'s rule);
* a mood questionnaire that calls for urgent help (PHQ-9 item 9 above 0, a PHQ-2 of 6:
  ``backrub.domain.scoring.needs_urgent_help``) or is a positive screen (at or over the
  instrument's own cut-off). A short screen answered by its fuller questionnaire later
  (a PHQ-2 followed by a PHQ-9) no longer counts.

Order: urgent first (an emergency stop or urgent mood answer, then other stops and leg
symptoms, then positive screens), then clients with questionnaires due, then the
longest since their last check-in (never checked in counts as longest).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from backrub.domain.clearance import Clearance, standing
from backrub.domain.instruments import INSTRUMENTS
from backrub.domain.mood import urgent_flag
from backrub.domain.records import CheckIn, ClearanceRecord, Response, ScreeningRecord
from backrub.domain.scoring import needs_urgent_help, score
from backrub.domain.screening import AnsweredBy, Screening, reread
from backrub.domain.verdicts import VERDICT_TITLE, Verdict
from backrub.errors import InvalidInput
from backrub.i18n import N_

__all__ = [
    "LEG_SYMPTOMS",
    "MOOD_INSTRUMENTS",
    "STOP_VERDICTS",
    "Concern",
    "Line",
    "concerns",
    "ordered",
    "read_screening",
]

URGENT, STOP, POSITIVE = 3, 2, 1
LEG_SYMPTOMS = N_("New leg symptoms, numbness or weakness noted in a check-in")
POSITIVE_SCREEN = N_("Positive screen: %(name)s %(score)s")
# The questionnaires with a screening cut-off or an urgent-help rule (PHQ-2, GAD-2,
# PHQ-9, GAD-7): their latest answers are the ones the list reads.
MOOD_INSTRUMENTS = tuple(
    i.id
    for i in INSTRUMENTS.values()
    if i.screen_cutoff is not None or i.urgent_item is not None or i.urgent_total is not None
)
STOP_VERDICTS = tuple(v.value for v in Verdict if v.is_stop)


@dataclass(frozen=True, slots=True)
class Concern:
    """One reason to look at a client first: English words (a face translates them),
    how urgent (3 urgent, 2 a stop, 1 a positive screen) and when it was noted."""

    rank: int
    words: str
    at: datetime | None = None  # a check-in's or an answer's time
    on: date | None = None  # a screening's day
    name: str | None = None  # for a positive screen: the questionnaire's name
    score: float | None = None


@dataclass(frozen=True, slots=True)
class Line:
    """One client on the list."""

    public_id: str
    display_name: str
    tz: str
    last_checkin: CheckIn | None
    concerns: tuple[Concern, ...]
    due: tuple[str, ...]  # questionnaire ids due

    @property
    def rank(self) -> int:
        return max((c.rank for c in self.concerns), default=0)

    @property
    def urgent(self) -> bool:
        return self.rank > 0


def read_screening(record: ScreeningRecord) -> Screening | None:
    """Return a stored screening as today's rules read it (None: it cannot count)."""
    try:
        by = AnsweredBy(record.answered_by)
        return reread(dict(record.answers), today=record.screened_on, answered_by=by)
    except (InvalidInput, ValueError):
        return None  # asked with questions backrub never knew: it cannot count


def stop_concern(
    history: Sequence[ScreeningRecord], clearances: Sequence[ClearanceRecord]
) -> Concern | None:
    """Return the open stop of the latest screening, if clearances did not lift it."""
    read = [s for s in (read_screening(r) for r in history) if s is not None]
    if not read or not read[-1].is_stop:
        return None
    lifts = [Clearance(c.cleared_on, c.cleared_by, c.note, c.lifts) for c in clearances]
    if not standing(read, lifts).is_stopped:
        return None
    verdict = read[-1].verdict
    rank = URGENT if verdict is Verdict.STOP_EMERGENCY else STOP
    return Concern(rank, VERDICT_TITLE[verdict.value], on=read[-1].screened_on)


def leg_concern(screened_on: date | None, noted_at: datetime | None, tz: str) -> Concern | None:
    """Return the leg symptoms noted on or after the latest screening's day, if any."""
    if screened_on is None or noted_at is None:
        return None
    if noted_at.astimezone(ZoneInfo(tz)).date() < screened_on:
        return None
    return Concern(STOP, LEG_SYMPTOMS, at=noted_at)


def mood_concerns(latest: Sequence[Response]) -> list[Concern]:
    """Return the urgent or positive mood screens among the latest answers."""
    by_id = {r.instrument: r for r in latest}
    out = []
    for response in latest:
        instrument = INSTRUMENTS.get(response.instrument)
        if instrument is None or response.instrument not in MOOD_INSTRUMENTS:
            continue
        fuller = by_id.get(instrument.next_step or "")
        if fuller is not None and fuller.at >= response.at:
            continue  # answered by the fuller questionnaire since
        if needs_urgent_help(instrument, response.answers):
            words = urgent_flag(asks_about_self_harm=instrument.urgent_item is not None)
            out.append(Concern(URGENT, words, at=response.at))
            continue
        result = score(instrument, response.answers)
        if result.positive_screen:
            out.append(
                Concern(
                    POSITIVE,
                    POSITIVE_SCREEN,
                    at=response.at,
                    name=instrument.id,
                    score=result.score,
                )
            )
    return out


def concerns(
    *,
    history: Sequence[ScreeningRecord],
    clearances: Sequence[ClearanceRecord],
    latest_screening: ScreeningRecord | None,
    leg_symptoms_at: datetime | None,
    latest_answers: Sequence[Response],
    tz: str,
) -> tuple[Concern, ...]:
    """Return every concern of one client, most urgent first."""
    found: list[Concern] = []
    stop = stop_concern(history, clearances)
    if stop is not None:
        found.append(stop)
    screened_on = None if latest_screening is None else latest_screening.screened_on
    leg = leg_concern(screened_on, leg_symptoms_at, tz)
    if leg is not None:
        found.append(leg)
    found += mood_concerns(latest_answers)
    return tuple(sorted(found, key=lambda c: -c.rank))


_NEVER = datetime.min.replace(tzinfo=UTC)


def ordered(lines: Sequence[Line]) -> list[Line]:
    """Return the lines urgent first, then with questionnaires due, then oldest check-in."""

    def key(line: Line) -> tuple[int, int, datetime]:
        last = _NEVER if line.last_checkin is None else line.last_checkin.at
        return (-line.rank, 0 if line.due else 1, last)

    return sorted(lines, key=key)
