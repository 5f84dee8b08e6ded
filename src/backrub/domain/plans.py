"""Turn a studied protocol into a person's plan; re-plan missed sessions.

Counting what was planned, due and done lives in ``backrub.domain.adherence``.

A plan has four parts, each with its evidence ids and a one-line reason:
professional sessions on the person's days (the protocol's dose and window),
a daily self-massage slot under the cap, a daily activity goal (massage only
beside exercise: nice-ng59, qaseem-2017) and assessments at baseline, 12 and
24 weeks (elder-2017). Money is a ``Decimal``; ``price_per_session`` is the
price of a 60-minute session and shorter sessions are costed pro rata, a
product default because most therapists price by the hour.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from enum import StrEnum
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from backrub.domain.allowed import allowance
from backrub.domain.protocols import closest_fitting as closest_fitting  # planning's interface
from backrub.domain.protocols import find_protocol, fitting_dose, schedule, session_cost
from backrub.domain.records import ProSession, Tool
from backrub.domain.restrictions import Restriction
from backrub.domain.rules import PRODUCT_DEFAULT, Rules, whole
from backrub.errors import InvalidInput, Refused

# Product defaults, not evidence: an evening slot most people can keep, and a
# placeholder hour for professional sessions until the real booking is known.
SELF_MASSAGE_AT = time(19, 0)
SESSION_AT = time(10, 0)
MAX_PAST_START = timedelta(days=365)
WEEKDAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
NOT_EVIDENCE = "product default, not evidence"


class Kind(StrEnum):
    PROFESSIONAL = "professional"
    SELF_MASSAGE = "self_massage"
    ACTIVITY = "activity"
    ASSESSMENT = "assessment"


@dataclass(frozen=True, slots=True)
class PlannedSession:
    """One professional session; ``moved_from`` is set when it makes up a missed one."""

    on: date
    duration_min: int
    cost: Decimal | None
    evidence: tuple[str, ...]
    reason: str
    moved_from: date | None = None


@dataclass(frozen=True, slots=True)
class DailySlot:
    """The daily self-massage slot; no ``tools`` means no self-massage for now."""

    at: time
    cap_min: int
    gun_max_min: int | None
    tools: tuple[Tool, ...]
    evidence: tuple[str, ...]
    reason: str


@dataclass(frozen=True, slots=True)
class ActivityGoal:
    minutes_per_day: int
    evidence: tuple[str, ...]
    reason: str


@dataclass(frozen=True, slots=True)
class Assessment:
    on: date
    weeks: int
    evidence: tuple[str, ...]
    reason: str


@dataclass(frozen=True, slots=True)
class Unscheduled:
    """A missed session that no longer fits in the protocol's window."""

    was_on: date
    reason: str


@dataclass(frozen=True, slots=True)
class Plan:
    protocol_id: str
    title: str
    evidence: tuple[str, ...]
    start: date
    window_end: date  # last day inside the protocol's window
    end: date  # the 12-week assessment or the window end, whichever is later
    made_on: date
    weekdays: frozenset[int]
    currency: str
    session_at: time
    sessions: tuple[PlannedSession, ...]
    self_massage: DailySlot
    activity: ActivityGoal
    assessments: tuple[Assessment, ...]
    notes: tuple[str, ...]
    unscheduled: tuple[Unscheduled, ...] = ()
    changes: tuple[str, ...] = ()

    @property
    def cost_total(self) -> Decimal | None:
        costs = [s.cost for s in self.sessions]
        if not costs or any(c is None for c in costs):
            return None
        return sum((c for c in costs if c is not None), Decimal(0))


def _money(value: Decimal | None, field: str, *, positive: bool) -> Decimal | None:
    if value is None:
        return None
    ok = isinstance(value, Decimal) and value.is_finite()
    if not ok or (value <= 0 if positive else value < 0):
        rule = "greater than 0" if positive else "0 or more"
        raise InvalidInput(field, value, f"use an amount {rule}, or leave it out")
    return value


def _allowed_tools(
    tools: frozenset[Tool], restrictions: frozenset[Restriction]
) -> tuple[Tool, ...]:
    """Return the owned tools the one rule (``allowed.allowance``) leaves."""
    allowed = allowance(restrictions)
    return tuple(sorted(t for t in tools if allowed.allows(t)))


def _slot(tools: tuple[Tool, ...], restrictions: frozenset[Restriction], rules: Rules) -> DailySlot:
    cap = rules["self_massage_cap_min"]
    gun = whole(rules, "gun_session_max_min") if Tool.MASSAGE_GUN in tools else None
    if restrictions & {Restriction.NO_SELF_MASSAGE, Restriction.CLINICIAN_FIRST}:
        reason = "No self-massage for now: screening asks a clinician to clear it first."
    elif not tools:
        reason = "No self-massage tool chosen (or none left after screening), so no slot."
    else:
        reason = (
            f"At most {whole(rules, 'self_massage_cap_min')} min a day with ball or roller "
            f"({cap.cite()}; no trial sets a cap); studies of foam rolling are in healthy people."
        )
        if gun is not None:
            reason += f" Massage gun: at most {gun} min ({rules['gun_session_max_min'].cite()})."
    return DailySlot(
        at=SELF_MASSAGE_AT,
        cap_min=whole(rules, "self_massage_cap_min"),
        gun_max_min=gun,
        tools=tools,
        evidence=(*_ids(cap.sources), "konrad-2022", "wiewelhove-2019"),
        reason=reason,
    )


def with_safety(
    plan: Plan, *, owned: frozenset[Tool], restrictions: frozenset[Restriction], rules: Rules
) -> Plan:
    """Return ``plan`` with its daily slot under today's ``restrictions``.

    Screening can change after a plan is made (a new screening, or a
    clinician's clearance): the daily slot follows the one rule
    (``allowed.allowance``) at once; professional sessions follow when a new
    plan is made, and the plan says so.
    """
    slot = _slot(_allowed_tools(owned, restrictions), restrictions, rules)
    if slot == plan.self_massage:
        return plan
    note = (
        "Your screening has changed since this plan was made: the daily self-massage follows "
        "it now; make a new plan for the professional sessions to follow it too."
    )
    return replace(plan, self_massage=slot, notes=(note, *plan.notes))


def _ids(sources: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(s for s in sources if s != PRODUCT_DEFAULT)


def _assessments(start: date, rules: Rules) -> tuple[Assessment, ...]:
    first = whole(rules, "followup_weeks_first")
    second = whole(rules, "followup_weeks_second")
    sources = ("elder-2017", "ostelo-2008")
    return (
        Assessment(start, 0, sources, "Baseline: pain, PEG and RMDQ before the first session."),
        Assessment(
            start + timedelta(weeks=first),
            first,
            sources,
            f"{first} weeks: end of treatment in elder-2017; compare with your baseline.",
        ),
        Assessment(
            start + timedelta(weeks=second),
            second,
            sources,
            f"{second} weeks: does any change last once treatment is over (elder-2017)?",
        ),
    )


def _check_inputs(
    start: date, weekdays: frozenset[int], currency: str, today: date
) -> tuple[frozenset[int], str]:
    if start < today - MAX_PAST_START:
        raise InvalidInput("start", start.isoformat(), "use a date at most a year ago")
    if not weekdays:
        raise InvalidInput("weekdays", "", "give at least one day (0=Mon … 6=Sun)")
    for day in weekdays:
        if isinstance(day, bool) or not isinstance(day, int) or not 0 <= day <= 6:
            raise InvalidInput("weekdays", day, "use whole numbers from 0 (Mon) to 6 (Sun)")
    code = currency.strip().upper()
    if len(code) != 3 or not code.isascii() or not code.isalpha():
        raise InvalidInput("currency", currency, "use a three-letter code such as EUR or USD")
    return weekdays, code


def make_plan(
    protocol_id: str,
    *,
    start: date,
    weekdays: frozenset[int],
    price_per_session: Decimal | None,
    budget_per_session: Decimal | None,
    budget_total: Decimal | None,
    currency: str,
    tools: frozenset[Tool],
    restrictions: frozenset[Restriction],
    today: date,
    rules: Rules,
    session_at: time = SESSION_AT,
) -> Plan:
    """Return the plan for ``protocol_id`` on the given days and budget.

    Raise ``InvalidInput`` for an unknown protocol, a start more than a year ago,
    no weekday or a budget of 0 or less; raise ``Refused`` naming the closest
    protocol that fits when this one does not fit the days or the budget. When
    restrictions forbid professional massage the plan has no sessions and says why.
    """
    protocol = find_protocol(protocol_id)
    weekdays, code = _check_inputs(start, weekdays, currency, today)
    price = _money(price_per_session, "price_per_session", positive=False)
    per_session = _money(budget_per_session, "budget_per_session", positive=True)
    total = _money(budget_total, "budget_total", positive=True)

    notes = [
        "Massage helps low back pain modestly and mostly in the short term; the evidence "
        "is of low to very-low certainty (furlan-2015).",
        *protocol.caveats,
    ]
    sessions: tuple[PlannedSession, ...] = ()
    if Restriction.NO_PROFESSIONAL_MASSAGE in restrictions:
        notes.insert(0, "No professional sessions: screening advises against massage for now.")
    else:
        dose, why = fitting_dose(protocol, len(weekdays), price, per_session, total)
        if dose is None:
            other = closest_fitting(
                protocol.id,
                weekdays=weekdays,
                price_per_session=price,
                budget_per_session=per_session,
                budget_total=total,
            )
            hint = (
                f"the closest that fits is {other.id} ({other.title})"
                if other
                else "no protocol fits these days and this budget"
            )
            raise Refused(f"{protocol.id} does not fit: {why}; {hint}.")
        cost = session_cost(protocol, price)
        dates = schedule(start, weekdays, dose)
        sessions = tuple(
            PlannedSession(
                on=day,
                duration_min=protocol.session_min,
                cost=cost,
                evidence=protocol.evidence,
                reason=f"Session {n} of {dose.sessions}, {dose.per_week} a week ({protocol.id}).",
            )
            for n, day in enumerate(dates, start=1)
        )
        if why:
            preferred = protocol.doses[0]
            notes.append(
                f"{preferred.per_week} sessions a week did not fit ({why}), so {dose.per_week}."
            )
        if price is None:
            notes.append("No price given, so the budget was not checked.")
        elif protocol.session_min != 60:
            notes.append(
                f"Cost of a {protocol.session_min}-min session is the hourly price pro rata "
                f"({NOT_EVIDENCE})."
            )
    if Restriction.NO_DEEP_PRESSURE in restrictions and sessions:
        notes.append(
            "Ask for relaxation (Swedish) massage, not deep tissue; the two did about "
            "equally well (cherkin-2011)."
        )
    if Restriction.NO_FACE_DOWN in restrictions:
        notes.insert(0, allowance(restrictions).notes[0])
    if Restriction.CLINICIAN_FIRST in restrictions:
        notes.insert(0, "See a clinician before the first session.")

    window_end = start + timedelta(weeks=protocol.window_weeks, days=-1)
    follow_up = start + timedelta(weeks=whole(rules, "followup_weeks_first"))
    goal = rules["activity_goal_min_day"]
    return Plan(
        protocol_id=protocol.id,
        title=protocol.title,
        evidence=protocol.evidence,
        start=start,
        window_end=window_end,
        end=max(window_end, follow_up),
        made_on=today,
        weekdays=weekdays,
        currency=code,
        session_at=session_at,
        sessions=sessions,
        self_massage=_slot(_allowed_tools(tools, restrictions), restrictions, rules),
        activity=ActivityGoal(
            minutes_per_day=int(goal.value),
            evidence=("nice-ng59", "qaseem-2017"),
            reason=(
                f"Stay active {int(goal.value)} min a day ({goal.cite()}): guidelines "
                "consider massage only beside exercise (nice-ng59)."
            ),
        ),
        assessments=_assessments(start, rules),
        notes=tuple(notes),
    )


def local_day(at: datetime, tz: str) -> date:
    if at.tzinfo is None:
        return at.date()
    try:
        return at.astimezone(ZoneInfo(tz)).date()
    except (ZoneInfoNotFoundError, ValueError):
        return at.date()


def match_sessions(
    plan: Plan, pro_sessions: Iterable[ProSession], today: date
) -> tuple[list[PlannedSession], list[PlannedSession], int]:
    """Split due sessions into (done, missed) and count sessions done beyond those due.

    A session done on a planned day settles that day; any other session done
    settles the earliest open one, since therapists move appointments and the
    trials counted sessions. A session due today is not missed yet.
    """
    due = [s for s in plan.sessions if s.on <= today]
    open_days = {s.on for s in due}
    loose = 0
    for day in sorted(done_days(plan, pro_sessions, today)):
        if day in open_days:
            open_days.discard(day)
        else:
            loose += 1
    unmatched = [s for s in due if s.on in open_days]
    settled = {s.on for s in unmatched[:loose]}
    kept = [s for s in due if s.on not in open_days or s.on in settled]
    missed = [s for s in unmatched[loose:] if s.on < today]
    return kept, missed, max(0, loose - len(unmatched))


def done_days(plan: Plan, pro_sessions: Iterable[ProSession], today: date) -> list[date]:
    days = (local_day(s.at, s.tz) for s in pro_sessions)
    return [d for d in days if plan.start <= d <= today]


def replan(plan: Plan, pro_sessions: Sequence[ProSession], *, today: date) -> Plan:
    """Move missed sessions to the next free available weekdays inside the window.

    Make-ups start tomorrow, so there is time to book. A missed session that no
    longer fits before the window ends is listed in ``unscheduled`` with the
    reason, never dropped silently. Sessions done early replace the last ones.
    """
    kept, missed, surplus = match_sessions(plan, pro_sessions, today)
    future = [s for s in plan.sessions if s.on >= today and s not in kept]
    changes: list[str] = []
    if surplus:
        cut = max(0, len(future) - surplus)
        future, extra = future[:cut], future[cut:]
        if extra:
            changes.append(
                f"{len(extra)} extra session(s) already done, so the last planned "
                f"one(s) from {extra[0].on.isoformat()} are no longer needed."
            )
    taken = {s.on for s in [*kept, *future]}
    moved: list[PlannedSession] = []
    lost: list[Unscheduled] = []
    day = today + timedelta(days=1)
    for session in missed:
        while day <= plan.window_end and (day.weekday() not in plan.weekdays or day in taken):
            day += timedelta(days=1)
        if day > plan.window_end:
            names = ", ".join(WEEKDAY_NAMES[d] for d in sorted(plan.weekdays))
            lost.append(
                Unscheduled(
                    session.on,
                    f"Missed; no free {names} left before the window ends on "
                    f"{plan.window_end.isoformat()} ({', '.join(plan.evidence)}).",
                )
            )
            continue
        taken.add(day)
        moved.append(
            replace(
                session,
                on=day,
                moved_from=session.moved_from or session.on,
                reason=f"Make-up for the session missed on {session.on.isoformat()}.",
            )
        )
        changes.append(f"Moved {session.on.isoformat()} to {day.isoformat()}.")
    if lost:
        changes.append(f"{len(lost)} missed session(s) no longer fit the protocol's window.")
    return replace(
        plan,
        sessions=tuple(sorted([*kept, *future, *moved], key=lambda s: s.on)),
        unscheduled=(*plan.unscheduled, *lost),
        changes=tuple(changes),
        made_on=today,
    )
