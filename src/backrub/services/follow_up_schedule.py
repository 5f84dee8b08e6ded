"""The schedule a therapist chooses for a client's follow-up, read from the form.

Every bad field is refused at once (``services.invitations.Problems``), named in
the form's words, and nothing is written.

Day 0 is the first *recorded* session, for the schedule as for the cohort report
(review S6-6): once a session is recorded, a schedule counting its 12 and 24 weeks
from another day is refused (``check_first_session``), so a questionnaire sent at
"12 weeks" is the one the report counts at 12 weeks. Before any session is
recorded the typed day is taken, and the page says the report will count from
the first recorded session.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TypeVar
from zoneinfo import ZoneInfo

from backrub import i18n
from backrub.domain.follow_up import (
    ANSWER_WINDOW,
    FOLLOW_UP_INSTRUMENTS,
    VISITS_MAX,
    Due,
    Template,
    check_every_weeks,
    due_dates,
)
from backrub.domain.inputs import parse_date
from backrub.errors import InvalidInput
from backrub.i18n import _
from backrub.services.invitations import Problems
from backrub.store.repository import Store

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class ScheduleChoice:
    template: Template
    instruments: tuple[str, ...]
    first_session: date
    every_weeks: int | None = None
    visits: tuple[date, ...] = ()

    def due_days(self, *, today: date) -> tuple[Due, ...]:
        return due_dates(
            self.template,
            first_session=self.first_session,
            today=today,
            every_weeks=self.every_weeks,
            visits=self.visits,
        )


def _template(value: object) -> Template:
    try:
        return Template(str(value or "").strip())
    except ValueError:
        raise InvalidInput("template", value or None, _("choose a schedule")) from None


def _instruments(values: Sequence[str]) -> tuple[str, ...]:
    chosen = tuple(i for i in FOLLOW_UP_INSTRUMENTS if i in values)
    if not chosen or len(chosen) != len(set(values)):
        words = _("choose at least one questionnaire from the list")
        raise InvalidInput("instruments", ", ".join(values) or None, words)
    return chosen


# How far from today a first session or a visit may be (product defaults): a year
# back (a follow-up counts 24 weeks from the first session) and one or two ahead.
FIRST_SESSION_DAYS = (366, 366)
VISIT_DAYS = (366, 731)


def _day(field: str, value: str, today: date, window: tuple[int, int]) -> date:
    """YYYY-MM-DD only (attack review 8, F2: 20261202 and week dates were read), within
    ``window`` days of ``today`` (a date of year 1 or 9999 overflowed the arithmetic)."""
    try:
        day = parse_date(field, value)
    except InvalidInput:
        raise InvalidInput(field, value or None, _("use a date such as 2026-03-01")) from None
    first, last = today - timedelta(days=window[0]), today + timedelta(days=window[1])
    if not first <= day <= last:
        words = _(
            "use a day from %(first)s to %(last)s",
            first=first.isoformat(),
            last=last.isoformat(),
        )
        raise InvalidInput(field, value or None, words)
    return day


def _visits(value: object, today: date) -> tuple[date, ...]:
    parts = [p for p in str(value or "").replace(";", ",").replace("\n", ",").split(",")]
    parts = [p.strip() for p in parts if p.strip()]
    if not parts or len(parts) > VISITS_MAX:
        words = _("list 1 to %(n)s visit dates, such as 2026-03-01, 2026-03-08", n=VISITS_MAX)
        raise InvalidInput("visits", value or None, words)
    return tuple(sorted({_day("visits", p, today, VISIT_DAYS) for p in parts}))


def parse_schedule(
    *,
    template: object,
    instruments: Sequence[str],
    first_session: object,
    every_weeks: object,
    visits: object,
    today: date,
) -> ScheduleChoice:
    """Return the schedule the form chose, or refuse every bad field (``Problems``).

    The first session and the visits must fall near ``today`` (``FIRST_SESSION_DAYS``,
    ``VISIT_DAYS``)."""
    errors: list[InvalidInput] = []

    def attempt(check: Callable[[], T]) -> T | None:
        try:
            return check()
        except InvalidInput as error:
            errors.append(error)
            return None

    chosen = attempt(lambda: _template(template))
    names = attempt(lambda: _instruments(instruments))
    first = attempt(
        lambda: _day("first_session", str(first_session or ""), today, FIRST_SESSION_DAYS)
    )
    weeks = None
    days: tuple[date, ...] = ()
    if chosen is Template.EVERY_WEEKS:
        weeks = attempt(lambda: check_every_weeks(every_weeks))
    if chosen is Template.BEFORE_VISITS:
        days = attempt(lambda: _visits(visits, today)) or ()
    if errors:
        raise Problems(errors)
    assert chosen is not None and names is not None and first is not None
    return ScheduleChoice(chosen, names, first, weeks, days)


def first_recorded(store: Store, profile_id: int) -> date | None:
    """Return the local date of the client's first recorded session (day 0), if any."""
    sessions = store.pro_sessions(profile_id)
    if not sessions:
        return None
    first = min(sessions, key=lambda s: (s.at, s.id or 0))
    return first.at.astimezone(ZoneInfo(first.tz)).date()


def check_first_session(store: Store, profile_id: int, choice: ScheduleChoice) -> None:
    """Refuse a first session other than the one recorded (``Problems``, nothing written)."""
    recorded = first_recorded(store, profile_id)
    if recorded is None or recorded == choice.first_session:
        return
    words = _(
        "the first session recorded for this client was on %(day)s; the 12 and 24 weeks "
        "count from that day: use it, or correct the recorded session first",
        day=i18n.formats.long_date(recorded),
    )
    raise Problems([InvalidInput("first_session", choice.first_session.isoformat(), words)])


def expires_at(due: Due, due_at: datetime, zone: ZoneInfo) -> datetime:
    """When a questionnaire due at ``due_at`` stops taking answers: ``ANSWER_WINDOW``
    later, or at the end of its ``last_day`` (the baseline's) when that comes first."""
    usual = due_at + ANSWER_WINDOW
    if due.last_day is None:
        return usual
    return min(usual, datetime.combine(due.last_day + timedelta(days=1), time(0), zone))
