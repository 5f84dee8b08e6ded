"""Follow-up questionnaires (issue 14): schedules, the state of each one, reminders.

A therapist chooses a schedule for a client from a template; each questionnaire
due on a day is an *administration*. Its state moves one way only:

    scheduled -> sent -> opened -> partly answered -> completed
        \\__________\\_________\\______________\\______> expired

(a QR code shown in the clinic opens a scheduled one straight away; "sent" and
"opened" may be skipped, never gone back to). Completed and expired are final.

The windows and the reminder days are product defaults, not evidence: no study
sets them. The 12- and 24-week dates are the design of Elder et al. 2017
(``elder-2017``: baseline, 12 and 24 weeks after the first session).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from backrub.domain.cohort_windows import WINDOWS, TimePoint, baseline_last_day
from backrub.domain.rules import PRODUCT_DEFAULT
from backrub.domain.verdicts import Verdict
from backrub.errors import InvalidInput
from backrub.i18n import N_, _

__all__ = [
    "ANSWER_WINDOW",
    "BASELINE_AHEAD",
    "EVERY_WEEKS_MAX",
    "FOLLOW_UP_INSTRUMENTS",
    "HORIZON",
    "LINK_AHEAD",
    "REMINDER_DAYS",
    "SOURCES",
    "STUDY_WEEKS",
    "VISITS_MAX",
    "Administration",
    "Contacted",
    "Due",
    "Event",
    "Schedule",
    "State",
    "Template",
    "after",
    "due_dates",
    "reminder_due",
]

# Questionnaires a follow-up may ask: pain and back-related disability, whose item text
# the app may show (the ODI needs the clinic's licensed file, which a link cannot carry).
FOLLOW_UP_INSTRUMENTS: tuple[str, ...] = ("nrs", "peg", "rmdq")

STUDY_WEEKS = (12, 24)  # elder-2017: follow-up at 12 and 24 weeks after the first session
HORIZON = timedelta(weeks=24)  # product default: "every N weeks" runs as long as the study
EVERY_WEEKS_MAX = 12
VISITS_MAX = 20
# A baseline is asked only up to, and closes at the end of, the cohort's last baseline day
# (``domain.cohort_windows.baseline_last_day``: 3 days after the first session).
# Product defaults: a questionnaire can be answered for 14 days after it is due; reminders
# go 3 and 7 days after it was sent, and never once it is completed or expired.
ANSWER_WINDOW = timedelta(days=14)
# Product default: a link for the clinic (QR code) can be made at most 3 days before a
# questionnaire is due (review S6-17: a 24-week questionnaire answered at day 0 would be
# lost to the 24-week figures); the baseline from the first day the cohort takes a start
# (14 days before the first session, ``domain.cohort_windows``), so it always counts.
LINK_AHEAD = timedelta(days=3)
BASELINE_AHEAD = timedelta(days=WINDOWS[TimePoint.BASELINE].early_days)
REMINDER_DAYS: tuple[int, ...] = (3, 7)
SOURCES = {"weeks": ("elder-2017",), "window": (PRODUCT_DEFAULT,), "reminders": (PRODUCT_DEFAULT,)}


class Template(StrEnum):
    """The schedules a therapist chooses from."""

    STUDY = "study"  # baseline, 12 and 24 weeks after the first session (elder-2017)
    BASELINE = "baseline"  # once, at the first session
    EVERY_WEEKS = "every_weeks"  # every N weeks after the first session, for 24 weeks
    BEFORE_VISITS = "before_visits"  # the day before each visit the therapist lists

    @property
    def words(self) -> str:
        return _(TEMPLATE_WORDS[self.value])


TEMPLATE_WORDS = {
    "study": N_("Baseline, then 12 and 24 weeks after the first session (as in the study)"),
    "baseline": N_("Baseline only, at the first session"),
    "every_weeks": N_("Every few weeks after the first session, for 24 weeks"),
    "before_visits": N_("The day before each visit you list"),
}


class State(StrEnum):
    SCHEDULED = "scheduled"
    SENT = "sent"
    OPENED = "opened"
    PARTLY = "partly answered"
    COMPLETED = "completed"
    EXPIRED = "expired"

    @property
    def is_open(self) -> bool:
        """Whether the questionnaire can still be answered (not completed, not expired)."""
        return self not in (State.COMPLETED, State.EXPIRED)

    @property
    def words(self) -> str:
        return _(STATE_WORDS[self.value])


STATE_WORDS = {
    "scheduled": N_("not sent yet"),
    "sent": N_("sent, not opened"),
    "opened": N_("opened, not answered"),
    "partly answered": N_("partly answered"),
    "completed": N_("answered"),
    "expired": N_("not answered in time"),
}


class Event(StrEnum):
    SEND = "send"
    OPEN = "open"
    SAVE_PART = "save part"
    COMPLETE = "complete"
    EXPIRE = "expire"


_ORDER = (State.SCHEDULED, State.SENT, State.OPENED, State.PARTLY, State.COMPLETED)
_TARGET = {
    Event.SEND: State.SENT,
    Event.OPEN: State.OPENED,
    Event.SAVE_PART: State.PARTLY,
    Event.COMPLETE: State.COMPLETED,
}


def after(state: State, event: Event) -> State:
    """Return the state after ``event``; an event that cannot happen raises ValueError.

    The state never moves back: opening a partly answered form again leaves it partly
    answered, a reminder sent leaves it as it is. Nothing happens to a final state.
    """
    if not state.is_open:
        raise ValueError(f"{state.value}: final, no {event.value}")
    if event is Event.EXPIRE:
        return State.EXPIRED
    target = _TARGET[event]
    if event is Event.SEND and state is not State.SCHEDULED:
        raise ValueError(f"{state.value}: sent already")
    return target if _ORDER.index(target) > _ORDER.index(state) else state


@dataclass(frozen=True, slots=True)
class Due:
    """One day a questionnaire is due, and why ("baseline", "week 12", "visit").

    ``last_day``: the last local day it may be answered, when that comes before the
    end of the usual ``ANSWER_WINDOW`` (the baseline's: ``baseline_last_day``).
    """

    on: date
    why: str
    last_day: date | None = None


def due_dates(
    template: Template,
    *,
    first_session: date,
    today: date,
    every_weeks: int | None = None,
    visits: Sequence[date] = (),
) -> tuple[Due, ...]:
    """Return the days questionnaires fall due from ``today`` on, in order.

    Days already past are not asked after the fact. The baseline is due on the
    first session, or today when that is no later than ``baseline_last_day`` (later
    it is left out: it would not be a baseline); it closes after that day, so an
    answer to it always counts in the cohort's baseline window.
    """
    found: list[Due] = []
    last = baseline_last_day(first_session)
    if template in (Template.STUDY, Template.BASELINE) and today <= last:
        found.append(Due(max(first_session, today), "baseline", last))
    if template is Template.STUDY:
        found += [Due(first_session + timedelta(weeks=w), f"week {w}") for w in STUDY_WEEKS]
    if template is Template.EVERY_WEEKS:
        step = check_every_weeks(every_weeks)
        weeks = range(step, HORIZON.days // 7 + 1, step)
        found += [Due(first_session + timedelta(weeks=w), f"week {w}") for w in weeks]
    if template is Template.BEFORE_VISITS:
        found += [Due(visit - timedelta(days=1), "visit") for visit in sorted(set(visits))]
    return tuple(d for d in found if d.on >= today)


def check_every_weeks(value: object) -> int:
    """Return how many weeks apart, 1 to ``EVERY_WEEKS_MAX``, or refuse it."""
    text = str(value if value is not None else "").strip()
    if not text.isdigit() or not 1 <= int(text) <= EVERY_WEEKS_MAX:
        allowed = _("a whole number of weeks from 1 to %(n)s", n=EVERY_WEEKS_MAX)
        raise InvalidInput("every_weeks", value or None, allowed)
    return int(text)


def reminder_due(sent_at: datetime, reminders_sent: int, now: datetime) -> bool:
    """Whether the next reminder of a questionnaire sent at ``sent_at`` is due at ``now``.

    The caller asks only for open questionnaires: a completed or expired one gets none.
    """
    if reminders_sent >= len(REMINDER_DAYS):
        return False
    return now >= sent_at + timedelta(days=REMINDER_DAYS[reminders_sent])


@dataclass(frozen=True, slots=True)
class Contacted:
    """A therapist's (or administrator's) "I contacted the client" about a follow-up "yes"."""

    at: datetime
    by: str
    note: str


@dataclass(frozen=True, slots=True)
class Administration:
    """One questionnaire due for one client, and how far it got.

    ``partial`` holds the answers given so far as typed (item number -> value, and
    each warning sign's "yes"/"no"), until the questionnaire is completed.
    """

    id: int
    public_id: str
    profile_id: int
    instrument: str
    why: str
    due_at: datetime
    expires_at: datetime
    state: State
    partial: Mapping[str, Mapping[str, str]]
    response_id: int | None
    sent_at: datetime | None
    opened_at: datetime | None
    completed_at: datetime | None
    reminders_sent: int
    red_flag_at: datetime | None
    red_flags: tuple[str, ...]  # the findings a "yes" took part in (question, combination ids)
    urgency: Verdict | None = None  # the stop they call for (domain.follow_up_signs)
    contacted: Contacted | None = None

    @property
    def link_from(self) -> datetime:
        """The first moment a link may be made: ``LINK_AHEAD`` before it is due (a
        baseline: ``BASELINE_AHEAD``, the cohort's earliest start)."""
        return self.due_at - (BASELINE_AHEAD if self.why == "baseline" else LINK_AHEAD)

    def can_link(self, now: datetime) -> bool:
        """Whether a link may be made now: open, not expired, and from ``link_from``."""
        if not self.state.is_open or self.expires_at <= now:
            return False
        return self.link_from <= now

    def is_overdue(self, now: datetime) -> bool:
        """Whether it is due, not answered, and can still be answered."""
        return self.state.is_open and self.due_at <= now < self.expires_at


@dataclass(frozen=True, slots=True)
class Schedule:
    """The schedule a client follows, as the therapist chose it."""

    id: int
    template: Template
    instruments: tuple[str, ...]
    every_weeks: int | None
    visits: tuple[date, ...]
    first_session: date
    started_at: datetime
    chosen_by: str | None  # the therapist's name; none once their account is gone
