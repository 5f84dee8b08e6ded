"""The professional-massage protocols of the trials, as data.

Each protocol is a dose someone actually studied: how many sessions, how long,
how often and within which window. ``doses`` lists the ways a protocol may be
followed, the preferred one first (Sherman 2014 tested both 2 and 3 sessions a
week; the others tested one frequency). Nothing here claims more than the
study: every protocol carries its evidence ids and its caveats, and the one
borrowed from a neck-pain trial says so in its title.

Fitting a protocol to a person's days and budget, and laying its dose out on
those days, live here too. A dose fits when the person has enough days a week
for it and its sessions cost no more than the budgets. ``price`` is the price
of a 60-minute session; shorter sessions are costed pro rata (product default:
most therapists price by the hour).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from itertools import combinations

from backrub.errors import InvalidInput


@dataclass(frozen=True, slots=True)
class Dose:
    """One way to follow a protocol: ``sessions`` in all, ``per_week`` each week."""

    sessions: int
    per_week: int

    @property
    def weeks_needed(self) -> int:
        return -(-self.sessions // self.per_week)


@dataclass(frozen=True, slots=True)
class Protocol:
    """A studied dose of professional massage with its sources and limits."""

    id: str
    title: str
    description: str
    session_min: int
    window_weeks: int
    doses: tuple[Dose, ...]
    evidence: tuple[str, ...]
    caveats: tuple[str, ...]
    is_extrapolation: bool = False

    @property
    def fewest_days_per_week(self) -> int:
        return min(d.per_week for d in self.doses)

    def total_min(self, dose: Dose) -> int:
        return dose.sessions * self.session_min


PROTOCOLS: tuple[Protocol, ...] = (
    Protocol(
        id="cherkin-10-weekly",
        title="10 weekly sessions of 50–60 min",
        description=(
            "Ten weekly 50–60 min sessions of relaxation or structural massage, as in the "
            "largest randomised trial for chronic low back pain (n=401)."
        ),
        session_min=60,
        window_weeks=10,
        doses=(Dose(sessions=10, per_week=1),),
        evidence=("cherkin-2011",),
        caveats=(
            "The best evidence here: an RCT against usual care in chronic low back pain; "
            "the gain in function was modest and mostly short term.",
            "Relaxation and structural massage did about equally well.",
        ),
    ),
    Protocol(
        id="elder-10x60-12w",
        title="10 one-hour sessions within 12 weeks",
        description=(
            "Ten one-hour sessions with a community massage therapist within 12 weeks, "
            "as in the real-world primary-care cohort (n=104)."
        ),
        session_min=60,
        window_weeks=12,
        doses=(Dose(sessions=10, per_week=1),),
        evidence=("elder-2017",),
        caveats=(
            "No control group: the study shows a signal, not that massage caused the change.",
        ),
    ),
    Protocol(
        id="sherman-60-2to3-4w",
        title="60 min 2–3 times a week for 4 weeks (neck-pain extrapolation)",
        description=(
            "One-hour sessions 2 or 3 times a week for 4 weeks: the doses that beat a wait "
            "list in a dosing trial for chronic neck pain (n=228)."
        ),
        session_min=60,
        window_weeks=4,
        doses=(Dose(sessions=12, per_week=3), Dose(sessions=8, per_week=2)),
        evidence=("sherman-2014",),
        caveats=(
            "Extrapolation: the trial was in neck pain, not low back pain.",
            "30-min sessions did no better than the wait list in that trial.",
        ),
        is_extrapolation=True,
    ),
    Protocol(
        id="hernandez-reif-30-2x-5w",
        title="30 min twice a week for 5 weeks",
        description=(
            "Half-hour sessions twice a week for 5 weeks, as in a small trial against "
            "progressive muscle relaxation (n=24)."
        ),
        session_min=30,
        window_weeks=5,
        doses=(Dose(sessions=10, per_week=2),),
        evidence=("hernandez-reif-2001",),
        caveats=("Very small trial (n=24) with immediate follow-up only and no effect sizes.",),
    ),
)

PROTOCOL_IDS: tuple[str, ...] = tuple(p.id for p in PROTOCOLS)


def find_protocol(protocol_id: str) -> Protocol:
    """Return the protocol called ``protocol_id`` or raise ``InvalidInput`` listing the ids."""
    for protocol in PROTOCOLS:
        if protocol.id == protocol_id:
            return protocol
    raise InvalidInput("protocol", protocol_id, "choose one of: " + ", ".join(PROTOCOL_IDS))


def session_cost(protocol: Protocol, price_per_hour: Decimal | None) -> Decimal | None:
    if price_per_hour is None:
        return None
    cost = price_per_hour * protocol.session_min / 60
    return cost.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def misfit(
    protocol: Protocol,
    dose: Dose,
    days: int,
    price: Decimal | None,
    budget_per_session: Decimal | None,
    budget_total: Decimal | None,
) -> str | None:
    """Return why ``dose`` does not fit, or ``None`` when it does."""
    if days < dose.per_week:
        return f"it needs {dose.per_week} days a week and you have {days}"
    cost = session_cost(protocol, price)
    if cost is None:
        return None
    if budget_per_session is not None and cost > budget_per_session:
        return (
            f"a {protocol.session_min}-min session costs about {cost}, "
            f"above your {budget_per_session} per session"
        )
    if budget_total is not None and cost * dose.sessions > budget_total:
        return (
            f"{dose.sessions} sessions cost about {cost * dose.sessions}, "
            f"above your total budget of {budget_total}"
        )
    return None


def fitting_dose(
    protocol: Protocol, days: int, price: Decimal | None, bps: Decimal | None, bt: Decimal | None
) -> tuple[Dose | None, str]:
    """Return the first dose that fits and why the one before it did not ("" if none)."""
    why = ""
    for dose in protocol.doses:
        problem = misfit(protocol, dose, days, price, bps, bt)
        if problem is None:
            return dose, why
        why = problem
    return None, why


def closest_fitting(
    protocol_id: str,
    *,
    weekdays: frozenset[int],
    price_per_session: Decimal | None,
    budget_per_session: Decimal | None,
    budget_total: Decimal | None,
) -> Protocol | None:
    """Return the other protocol nearest in total minutes of massage that fits, or ``None``.

    Ties go to the protocol listed first in ``PROTOCOLS`` (the stronger evidence).
    """
    wanted = find_protocol(protocol_id)
    target = wanted.total_min(wanted.doses[0])
    best: tuple[int, Protocol] | None = None
    for other in PROTOCOLS:
        if other.id == wanted.id:
            continue
        dose, _ = fitting_dose(
            other, len(weekdays), price_per_session, budget_per_session, budget_total
        )
        if dose is None:
            continue
        distance = abs(other.total_min(dose) - target)
        if best is None or distance < best[0]:
            best = (distance, other)
    return None if best is None else best[1]


def _spread(weekdays: frozenset[int], per_week: int) -> tuple[int, ...]:
    """Pick ``per_week`` of the weekdays as far apart as the week allows (rest days between)."""

    def smallest_gap(days: tuple[int, ...]) -> int:
        if len(days) == 1:
            return 7
        return min((days[(i + 1) % len(days)] - d) % 7 for i, d in enumerate(days))

    options = list(combinations(sorted(weekdays), per_week))
    return max(options, key=lambda days: (smallest_gap(days), [-d for d in days]))


def schedule(start: date, weekdays: frozenset[int], dose: Dose) -> list[date]:
    """Return the session dates: the same spread-out weekdays in each week from ``start``.

    Week k runs from ``start + 7k`` for seven days, so each chosen weekday occurs
    once a week and the dose ends within ``dose.weeks_needed`` weeks.
    """
    chosen = _spread(weekdays, dose.per_week)
    dates: list[date] = []
    week = 0
    while len(dates) < dose.sessions:
        first = start + timedelta(weeks=week)
        days = sorted(first + timedelta(days=(wd - first.weekday()) % 7) for wd in chosen)
        dates.extend(days[: dose.sessions - len(dates)])
        week += 1
    return dates
