"""Turn a studied protocol into a person's plan.

Following the plan through time (done, missed, re-planned) is
``backrub.domain.replan``; counting planned, due and done is ``backrub.domain.adherence``.

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
from datetime import date, time, timedelta
from decimal import Decimal

from backrub.domain.allowed import allowance
from backrub.domain.fitting import closest_fitting as closest_fitting  # planning's interface
from backrub.domain.fitting import fitting_dose, refusal
from backrub.domain.plan_model import (
    ActivityGoal,
    Assessment,
    DailySlot,
    Plan,
    PlannedSession,
)
from backrub.domain.protocols import Protocol, find_protocol, schedule, session_cost
from backrub.domain.records import Tool
from backrub.domain.restrictions import Restriction
from backrub.domain.rules import PRODUCT_DEFAULT, Rules, whole
from backrub.domain.words import day as day_words
from backrub.errors import InvalidInput
from backrub.i18n import N_, _

# Product defaults, not evidence: an evening slot most people can keep (the person
# may choose another time), and a placeholder hour for professional sessions until
# the real booking is known.
SELF_MASSAGE_AT = time(19, 0)
SESSION_AT = time(10, 0)
MAX_PAST_START = timedelta(days=365)
WEEKDAY_NAMES = (N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun"))
NOT_EVIDENCE = N_("product default, not evidence")
MODEST_EFFECT = N_(
    "Massage helps low back pain modestly and mostly in the short term; the evidence "
    "is of low to very-low certainty (furlan-2015)."
)


def _money(value: Decimal | None, field: str, *, positive: bool) -> Decimal | None:
    if value is None:
        return None
    ok = isinstance(value, Decimal) and value.is_finite()
    if not ok or (value <= 0 if positive else value < 0):
        allowed = (
            _("use an amount greater than 0, or leave it out")
            if positive
            else _("use an amount 0 or more, or leave it out")
        )
        raise InvalidInput(field, value, allowed)
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
        reason = _("No self-massage for now: screening asks a clinician to clear it first.")
    elif not tools:
        reason = _("No self-massage tool chosen (or none left after screening), so no slot.")
    else:
        reason = _(
            "At most %(minutes)s min a day with ball or roller (%(cite)s; no trial sets a "
            "cap); studies of foam rolling are in healthy people.",
            minutes=whole(rules, "self_massage_cap_min"),
            cite=cap.cite(),
        )
        if gun is not None:
            reason += " " + _(
                "Massage gun: at most %(minutes)s min (%(cite)s).",
                minutes=gun,
                cite=rules["gun_session_max_min"].cite(),
            )
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
    slot = replace(slot, at=plan.self_massage.at)  # the time the person chose stays
    if slot == plan.self_massage:
        return plan
    note = _(
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
        Assessment(
            start,
            0,
            sources,
            _(
                "Baseline before the first session: pain, the pain and activity "
                "questionnaire (PEG) and the back-function questionnaire (RMDQ)."
            ),
        ),
        Assessment(
            start + timedelta(weeks=first),
            first,
            sources,
            _(
                "%(weeks)s weeks: end of treatment in elder-2017; compare with your baseline.",
                weeks=first,
            ),
        ),
        Assessment(
            start + timedelta(weeks=second),
            second,
            sources,
            _(
                "%(weeks)s weeks: does any change last once treatment is over (elder-2017)?",
                weeks=second,
            ),
        ),
    )


def _check_inputs(
    start: date, weekdays: frozenset[int], currency: str, today: date, rules: Rules
) -> tuple[frozenset[int], str]:
    if start < today - MAX_PAST_START:
        raise InvalidInput("start", start.isoformat(), _("use a date at most a year ago"))
    ahead = whole(rules, "plan_start_days_ahead_max")
    if (start - today).days > ahead:
        latest = day_words(today + timedelta(days=ahead))
        raise InvalidInput(
            "start",
            start.isoformat(),
            _("use a date up to %(latest)s (a year ahead at most)", latest=latest),
        )
    if not weekdays:
        raise InvalidInput("weekdays", "", _("give at least one day (0=Mon … 6=Sun)"))
    for weekday in weekdays:
        if isinstance(weekday, bool) or not isinstance(weekday, int) or not 0 <= weekday <= 6:
            raise InvalidInput("weekdays", weekday, _("use whole numbers from 0 (Mon) to 6 (Sun)"))
    code = currency.strip().upper()
    if len(code) != 3 or not code.isascii() or not code.isalpha():
        raise InvalidInput("currency", currency, _("use a three-letter code such as EUR or USD"))
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
    self_massage_at: time = SELF_MASSAGE_AT,
) -> Plan:
    """Return the plan for ``protocol_id`` on the given days and budget.

    Raise ``InvalidInput`` for an unknown protocol, a start more than a year ago or
    more than ``plan_start_days_ahead_max`` days ahead,
    no weekday or a budget of 0 or less; raise ``Refused`` saying what would fit
    (the closest protocol, or fewer or shorter sessions and the nearest studied
    dose with its numbers) when this one does not fit the days or the budget.
    When restrictions forbid professional massage the plan has no sessions and says why.
    ``self_massage_at`` is the daily slot's time of day in the person's zone.
    """
    protocol = find_protocol(protocol_id)
    weekdays, code = _check_inputs(start, weekdays, currency, today, rules)
    budget = _Budget.checked(price_per_session, budget_per_session, budget_total)
    notes = [_(MODEST_EFFECT), *protocol.caveats]
    sessions: tuple[PlannedSession, ...] = ()
    if Restriction.NO_PROFESSIONAL_MASSAGE in restrictions:
        notes.insert(0, _("No professional sessions: screening advises against massage for now."))
    else:
        sessions = _sessions(protocol, start, weekdays, budget, notes)
    _restriction_notes(restrictions, bool(sessions), notes)
    window_end = start + timedelta(weeks=protocol.window_weeks, days=-1)
    follow_up = start + timedelta(weeks=whole(rules, "followup_weeks_first"))
    slot = _slot(_allowed_tools(tools, restrictions), restrictions, rules)
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
        self_massage=replace(slot, at=self_massage_at),
        activity=_activity(rules),
        assessments=_assessments(start, rules),
        notes=tuple(notes),
    )


@dataclass(frozen=True, slots=True)
class _Budget:
    price: Decimal | None  # of a 60-minute session
    per_session: Decimal | None
    total: Decimal | None

    @classmethod
    def checked(
        cls, price: Decimal | None, per_session: Decimal | None, total: Decimal | None
    ) -> _Budget:
        return cls(
            _money(price, "price_per_session", positive=False),
            _money(per_session, "budget_per_session", positive=True),
            _money(total, "budget_total", positive=True),
        )


def _sessions(
    protocol: Protocol,
    start: date,
    weekdays: frozenset[int],
    budget: _Budget,
    notes: list[str],
) -> tuple[PlannedSession, ...]:
    """Lay the dose that fits out on the chosen days; raise ``Refused`` when none fits."""
    dose, why = fitting_dose(
        protocol, len(weekdays), budget.price, budget.per_session, budget.total
    )
    if dose is None:
        raise refusal(
            protocol,
            why,
            weekdays=weekdays,
            price=budget.price,
            budget_per_session=budget.per_session,
            budget_total=budget.total,
        )
    cost = session_cost(protocol, budget.price)
    dates = schedule(start, weekdays, dose)
    if why:
        preferred = protocol.doses[0]
        notes.append(
            _(
                "%(preferred)s sessions a week did not fit (%(why)s), so %(fitting)s.",
                preferred=preferred.per_week,
                why=why,
                fitting=dose.per_week,
            )
        )
    notes.extend(_day_notes(weekdays, dates))
    if budget.price is None:
        notes.append(_("No price given, so the budget was not checked."))
    elif protocol.session_min != 60:
        notes.append(
            _(
                "Cost of a %(minutes)s-min session is the hourly price pro rata (%(default)s).",
                minutes=protocol.session_min,
                default=_(NOT_EVIDENCE),
            )
        )
    return tuple(
        PlannedSession(
            on=day,
            duration_min=protocol.session_min,
            cost=cost,
            evidence=protocol.evidence,
            reason=_(
                "Session %(n)s of %(sessions)s, %(per_week)s a week (%(title)s).",
                n=n,
                sessions=dose.sessions,
                per_week=dose.per_week,
                title=protocol.title,
            ),
        )
        for n, day in enumerate(dates, start=1)
    )


def day_names(weekdays: Iterable[int]) -> str:
    """Return 'Mon, Thu' for the weekday numbers (Monday = 0)."""
    return ", ".join(_(WEEKDAY_NAMES[d]) for d in sorted(set(weekdays)))


def _day_notes(weekdays: frozenset[int], dates: Sequence[date]) -> list[str]:
    """Say which chosen days the sessions use, and that the others are kept for make-ups."""
    used = {d.weekday() for d in dates}
    spare = weekdays - used
    if not spare:
        return []
    return [
        _(
            "Sessions on %(used)s: the study's dose needs no more days a week. Your "
            "other days (%(spare)s) are kept for making up a missed session.",
            used=day_names(used),
            spare=day_names(spare),
        )
    ]


def _restriction_notes(
    restrictions: frozenset[Restriction], has_sessions: bool, notes: list[str]
) -> None:
    if Restriction.NO_DEEP_PRESSURE in restrictions and has_sessions:
        notes.append(
            _(
                "Ask for relaxation (Swedish) massage, not deep tissue; the two did about "
                "equally well (cherkin-2011)."
            )
        )
    if Restriction.NO_FACE_DOWN in restrictions:
        notes.insert(0, allowance(restrictions).notes[0])
    if Restriction.CLINICIAN_FIRST in restrictions:
        notes.insert(0, _("See a clinician before the first session."))


def _activity(rules: Rules) -> ActivityGoal:
    goal = rules["activity_goal_min_day"]
    return ActivityGoal(
        minutes_per_day=int(goal.value),
        evidence=("nice-ng59", "qaseem-2017"),
        reason=_(
            "%(minutes)s minutes of activity a day is a product default, not evidence; "
            "guidelines consider massage only beside exercise.",
            minutes=int(goal.value),
        ),
    )
