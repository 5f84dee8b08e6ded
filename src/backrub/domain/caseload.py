"""What a therapist's client list says about each client, and in what order (pure).

A client's *concerns* come from the app's own rules, never new ones, each worded as
what the therapist does about it (the review's action lines; a massage therapist is
not asked to diagnose or assess risk):

* the latest screening as today's rules read it (``read_screening``, as the client's
  own pages do, not the verdict stored at the time): an open stop that no clinician's
  clearance lifted (``backrub.domain.clearance.standing``), the restrictions still
  standing, no screening yet, or questions that need answering again;
* new leg symptoms, numbness or weakness noted in a check-in on or after the day of
  the latest screening (``backrub.domain.review.rescreen_due``'s rule);
* a mood questionnaire that calls for urgent help (PHQ-9 item 9 above 0, a PHQ-2 of 6:
  ``backrub.domain.scoring.needs_urgent_help``) or is a positive screen (at or over the
  instrument's own cut-off). A short screen answered by its fuller questionnaire later
  (a PHQ-2 followed by a PHQ-9) no longer counts.

Ranks (the app's own tiers): 6 an emergency stop; 5 PHQ-9 item 9 above 0; 4 a
same-day stop, leg symptoms since the screening, a PHQ-2 of 6 (a product default);
3 a see-a-clinician stop, a standing "no professional massage"; 2 a positive screen;
1 under 18, no screening, questions to answer again, other restrictions. Order: the
highest rank first; inside a rank the newest flag first, then clients with
questionnaires due, then the longest since their last check-in (never checked in
counts as longest).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from functools import lru_cache
from zoneinfo import ZoneInfo

from backrub.domain.clearance import Clearance, standing
from backrub.domain.instruments import INSTRUMENTS
from backrub.domain.records import CheckIn, ClearanceRecord, Response, ScreeningRecord
from backrub.domain.restrictions import Restriction
from backrub.domain.scoring import Score, needs_urgent_help, score
from backrub.domain.screening import AnsweredBy, Screening, reread
from backrub.domain.verdicts import Verdict
from backrub.errors import InvalidInput
from backrub.i18n import N_

__all__ = [
    "LABELS",
    "LEG_SYMPTOMS",
    "MOOD_INSTRUMENTS",
    "STOP_ACTIONS",
    "Concern",
    "Line",
    "concerns",
    "needs_history",
    "ordered",
    "read_screening",
]

EMERGENCY, SELF_HARM, TODAY, BEFORE_MASSAGE, POSITIVE, LOOK = 6, 5, 4, 3, 2, 1
# The label in front of a client's concerns of each rank.
LABELS = {
    EMERGENCY: N_("Emergency signs:"),
    SELF_HARM: N_("Today:"),
    TODAY: N_("Today:"),
    BEFORE_MASSAGE: N_("Before any massage:"),
    POSITIVE: N_("Look at first:"),
    LOOK: N_("Look at first:"),
}
STOP_ACTIONS = {
    Verdict.STOP_EMERGENCY: (
        EMERGENCY,
        N_(
            "Emergency warning signs in the client's safety answers of %(day)s. backrub "
            "told the client to call %(number)s or go to an emergency department. Contact "
            "the client now. If the signs are still there, tell them to call %(number)s or "
            "go to an emergency department. Do not massage."
        ),
    ),
    Verdict.STOP_SAME_DAY: (
        TODAY,
        N_(
            "Warning signs that need a doctor today (safety answers of %(day)s). Contact "
            "the client today and advise an urgent appointment with their doctor or an "
            "out-of-hours service. No massage until a clinician has seen them."
        ),
    ),
    Verdict.STOP_SEE_CLINICIAN: (
        BEFORE_MASSAGE,
        N_(
            "Warning signs that need a doctor or other clinician within days (safety "
            "answers of %(day)s). No massage until a clinician has seen the client and "
            "the clearance is recorded."
        ),
    ),
    Verdict.NOT_FOR_UNDER_18: (
        LOOK,
        N_(
            "The safety answers of %(day)s say the client is under 18: backrub is not "
            "for people under 18."
        ),
    ),
}
LEG_SYMPTOMS = N_(
    "New leg symptoms, numbness or weakness noted at %(time)s. Ask the client to answer "
    "the safety questions again before any massage. If both legs are affected, weakness "
    "is getting worse, walking has changed, bladder or bowel control has changed, or "
    "there is numbness around the genitals or back passage, tell them to call "
    "%(number)s or go to an emergency department now."
)
SELF_HARM_ACTION = N_(
    "The client answered the PHQ-9 question about thoughts of being better off dead or "
    "of self-harm (%(time)s). backrub showed them where to get help. Contact the client "
    "today and follow your clinic's safeguarding procedure. If they may act on these "
    "thoughts or their life is at risk, call %(number)s. You are not asked to assess "
    "the risk yourself."
)
LOW_MOOD_ACTION = N_(
    "Highest PHQ-2 score (%(time)s): low mood and loss of interest nearly every day. "
    "Encourage the client to see their doctor soon. If they mention thoughts of harming "
    "themselves, act as for self-harm above."
)
POSITIVE_SCREEN = N_(
    "Positive screen: %(name)s %(score)s (%(time)s). A screen is not a diagnosis: "
    "suggest the client talks to their doctor."
)
NO_PRO_MASSAGE = N_("%(restrictions)s (safety answers of %(day)s)")
RESTRICTED = N_("Before any massage: %(restrictions)s (safety answers of %(day)s)")
NO_SCREENING = N_("No safety answers yet")
ANSWER_AGAIN = N_("Safety questions need answering again")
# The questionnaires with a screening cut-off or an urgent-help rule (PHQ-2, GAD-2,
# PHQ-9, GAD-7): their latest answers are the ones the list reads.
MOOD_INSTRUMENTS = tuple(
    i.id
    for i in INSTRUMENTS.values()
    if i.screen_cutoff is not None or i.urgent_item is not None or i.urgent_total is not None
)


@dataclass(frozen=True, slots=True)
class Concern:
    """One reason to look at a client first: English words naming what to do (a face
    translates them, with ``day``, ``time``, ``number``, ``name``, ``score`` and
    ``restrictions``), how urgent (``rank``, 6 to 1) and when it was noted."""

    rank: int
    words: str
    at: datetime | None = None  # a check-in's or an answer's time
    on: date | None = None  # a screening's day
    name: str | None = None  # for a positive screen: the questionnaire's name
    score: float | None = None
    restrictions: tuple[str, ...] = ()  # restriction codes, in the order of the enum
    who: str | None = None  # who cleared the client, or who contacted them
    note: str | None = None  # what the therapist noted when they contacted the client
    age_days: int | None = None  # an urgent mood answer: days since it was given
    contacted_at: datetime | None = None  # a stop: when a contact about it was recorded

    @property
    def label(self) -> str:
        return LABELS[self.rank]

    def when(self, tz: str) -> datetime:
        """Return when the flag was noted (a day: its start in ``tz``); never: earliest."""
        if self.at is not None:
            return self.at
        if self.on is not None:
            return datetime.combine(self.on, time.min, ZoneInfo(tz))
        return _NEVER


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
        """Whether something must be done today (ranks 4 to 6)."""
        return self.rank >= TODAY

    @property
    def newest(self) -> datetime:
        """When the newest concern of the highest rank was noted."""
        top = [c.when(self.tz) for c in self.concerns if c.rank == self.rank]
        return max(top, default=_NEVER)

    @property
    def groups(self) -> list[tuple[str, list[Concern]]]:
        """The concerns under their labels, most urgent first."""
        out: list[tuple[str, list[Concern]]] = []
        for concern in self.concerns:
            if out and out[-1][0] == concern.label:
                out[-1][1].append(concern)
            else:
                out.append((concern.label, [concern]))
        return out


_NEVER = datetime.min.replace(tzinfo=UTC)


def read_screening(record: ScreeningRecord) -> Screening | None:
    """Return a stored screening as today's rules read it (None: it cannot count)."""
    return _read(record.answers, record.screened_on, record.answered_by, record.verdict)


# A stored screening never changes and today's rules are code, so one reading per
# process serves every list that shows the client (the lists are read many times a day).
@lru_cache(maxsize=16384)
def _read(
    answers: tuple[tuple[str, bool | str], ...], on: date, by: str, told: str
) -> Screening | None:
    try:
        return reread(dict(answers), today=on, answered_by=AnsweredBy(by), told=told)
    except (InvalidInput, ValueError):
        return None  # asked with questions backrub never knew: it cannot count


def needs_history(latest: ScreeningRecord | None) -> bool:
    """Return whether the list must read every screening and clearance of a client:
    when today's rules read the latest screening as a stop or with restrictions."""
    if latest is None:
        return False
    read = read_screening(latest)
    return read is None or read.is_stop or bool(read.restrictions)


def _restrictions(found: frozenset[Restriction]) -> tuple[str, ...]:
    return tuple(r.value for r in Restriction if r in found)


def safety_concerns(
    latest: ScreeningRecord | None,
    history: Sequence[ScreeningRecord],
    clearances: Sequence[ClearanceRecord],
) -> list[Concern]:
    """Return what the latest screening, read by today's rules, asks of a therapist."""
    if latest is None:
        return [Concern(LOOK, NO_SCREENING)]
    last = read_screening(latest)
    if last is None:
        return [Concern(LOOK, ANSWER_AGAIN, on=latest.screened_on)]
    read = [s for s in (read_screening(r) for r in history) if s is not None] or [last]
    if read[-1].screened_on != last.screened_on or read[-1].answers != last.answers:
        read.append(last)
    lifts = [Clearance(c.cleared_on, c.cleared_by, c.note, c.lifts) for c in clearances]
    now = standing(read, lifts)
    out = []
    if last.is_stop and now.is_stopped:
        rank, words = STOP_ACTIONS[last.verdict]
        out.append(Concern(rank, words, on=last.screened_on))
    elif not last.complete:
        out.append(Concern(LOOK, ANSWER_AGAIN, on=last.screened_on))
    kept = now.restrictions
    if Restriction.NO_PROFESSIONAL_MASSAGE in kept:
        codes = _restrictions(kept)
        out.append(Concern(BEFORE_MASSAGE, NO_PRO_MASSAGE, on=last.screened_on, restrictions=codes))
    elif kept:
        codes = _restrictions(kept)
        out.append(Concern(LOOK, RESTRICTED, on=last.screened_on, restrictions=codes))
    return out


def leg_concern(screened_on: date | None, noted_at: datetime | None, tz: str) -> Concern | None:
    """Return the leg symptoms noted on or after the latest screening's day, if any."""
    if screened_on is None or noted_at is None:
        return None
    if noted_at.astimezone(ZoneInfo(tz)).date() < screened_on:
        return None
    return Concern(TODAY, LEG_SYMPTOMS, at=noted_at)


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
        urgent, result = _mood(response.instrument, response.answers)
        if urgent:
            if instrument.urgent_item is not None:
                out.append(Concern(SELF_HARM, SELF_HARM_ACTION, at=response.at))
            else:
                out.append(Concern(TODAY, LOW_MOOD_ACTION, at=response.at))
            continue
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


@lru_cache(maxsize=16384)
def _mood(instrument_id: str, answers: tuple[float | None, ...]) -> tuple[bool, Score]:
    """Return whether the answers need urgent help, and their score (kept: they never change)."""
    instrument = INSTRUMENTS[instrument_id]
    return needs_urgent_help(instrument, answers), score(instrument, answers)


def concerns(
    *,
    history: Sequence[ScreeningRecord],
    clearances: Sequence[ClearanceRecord],
    latest_screening: ScreeningRecord | None,
    leg_symptoms_at: datetime | None,
    latest_answers: Sequence[Response],
    tz: str,
) -> tuple[Concern, ...]:
    """Return every concern of one client, most urgent first, newest first in a rank."""
    found = safety_concerns(latest_screening, history, clearances)
    screened_on = None if latest_screening is None else latest_screening.screened_on
    leg = leg_concern(screened_on, leg_symptoms_at, tz)
    if leg is not None:
        found.append(leg)
    found += mood_concerns(latest_answers)
    newest_first = sorted(found, key=lambda c: c.when(tz), reverse=True)
    return tuple(sorted(newest_first, key=lambda c: -c.rank))


def ordered(lines: Sequence[Line]) -> list[Line]:
    """Return the lines by rank; inside a rank the newest flag first, then with
    questionnaires due, then the longest since a check-in."""

    def key(line: Line) -> tuple[int, float, int, datetime]:
        last = _NEVER if line.last_checkin is None else line.last_checkin.at
        newest = line.newest
        age = 0.0 if newest == _NEVER else -newest.timestamp()
        return (-line.rank, age, 0 if line.due else 1, last)

    return sorted(lines, key=key)
