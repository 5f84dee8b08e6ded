"""Use cases for plans: make one from the person's choices, show it, export it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from babel.numbers import get_currency_precision

from backrub.domain.adherence import Adherence, adherence
from backrub.domain.inputs import parse_choice, parse_date, parse_decimal, parse_time_of_day
from backrub.domain.plan_model import Plan
from backrub.domain.plans import make_plan, with_safety
from backrub.domain.protocols import find_protocol
from backrub.domain.records import PlanChoices, Profile, Tool
from backrub.domain.replan import replan
from backrub.domain.restrictions import Restriction
from backrub.errors import InvalidInput, NotFound
from backrub.evidence import load_rules
from backrub.i18n import _
from backrub.services.reading import once_per_reading
from backrub.services.records import saved
from backrub.services.safety import require_safe, safety_state
from backrub.services.sessions import default_currency, parse_currency
from backrub.store import Store

# Larger sums are typing slips (and would not fit the money arithmetic): product default.
MAX_AMOUNT = Decimal(1_000_000)

_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _weekday(word: str) -> int | None:
    """A day's number for its name or the start of it ('thu', 'thurs'), or 0-6."""
    if word.isascii() and word.isdigit() and len(word) == 1 and int(word) < 7:
        return int(word)
    found = [n for n, name in enumerate(_NAMES) if len(word) >= 3 and name.startswith(word)]
    return found[0] if found else None


def parse_weekdays(value: object) -> tuple[int, ...]:
    """Parse 'mon,wed,fri' (or 0-6, Monday = 0) into sorted weekday numbers.

    Each part is a whole day name or its start ("mon thu" is not read as Monday:
    every part must be a day, and only commas separate them).
    """
    allowed = _("name at least one day, e.g. mon,wed,fri")
    days: set[int] = set()
    for part in str(value or "").split(","):
        word = part.strip().lower()
        if not word:
            continue
        day = _weekday(word)
        if day is None:
            said = _("separate days with commas, e.g. mon,thu") if " " in word else allowed
            raise InvalidInput("days", part.strip(), said)
        days.add(day)
    if not days:
        raise InvalidInput("days", value, allowed)
    return tuple(sorted(days))


def parse_tools(value: object) -> tuple[str, ...]:
    parts = [p for p in str(value or "").split(",") if p.strip()]
    return tuple(sorted({parse_choice("tools", p, Tool).value for p in parts}))


def parse_money(field: str, value: object, currency: str = "EUR") -> str | None:
    """Return an amount as text with two decimals; a decimal comma is fine ("70,50").

    A currency without decimals (VND) takes whole amounts only ("300000"; "300.000"
    is refused, not read as 300), up to MAX_AMOUNT times a thousand.
    """
    if get_currency_precision(currency) == 0:
        amount = parse_decimal(field, value, places=0, example="300000", most=MAX_AMOUNT * 1000)
    else:
        amount = parse_decimal(field, value, places=2, example=_("70.50 or 70,50"), most=MAX_AMOUNT)
    if amount is None:
        return None
    if amount <= 0:
        raise InvalidInput(field, value, _("use an amount above zero"))
    return str(amount.quantize(Decimal("0.01")))


def parse_slot_time(value: object) -> str | None:
    """Parse the daily self-massage time ('07:30'; empty: the default) into 'HH:MM'."""
    if value is None or not str(value).strip():
        return None
    return parse_time_of_day("self_massage_at", value).strftime("%H:%M")


def new_plan(
    store: Store,
    profile: Profile,
    *,
    protocol: object,
    start: object,
    days: object,
    price: object = None,
    budget_per_session: object = None,
    budget_total: object = None,
    currency: object = None,
    tools: object = None,
    self_massage_at: object = None,
    today: date,
) -> Plan:
    """Make and keep a plan; refused while a screening stop stands or none was done.

    The protocol is checked first: every other choice is read against it.
    """
    protocol_id = find_protocol(str(protocol or "").strip()).id
    money = parse_currency(currency, "x") or default_currency()
    choices = PlanChoices(
        made_on=today,
        protocol_id=protocol_id,
        start=parse_date("start", start) if start else today,
        weekdays=parse_weekdays(days),
        currency=money,
        tools=parse_tools(tools),
        restrictions=(),
        price_per_session=parse_money("price", price, money),
        budget_per_session=parse_money("budget_per_session", budget_per_session, money),
        budget_total=parse_money("budget_total", budget_total, money),
        self_massage_at=parse_slot_time(self_massage_at),
    )
    state = require_safe(store, profile, what="a massage plan")
    choices = _with_restrictions(choices, state.restrictions)
    plan = build(choices)  # raises before anything is saved
    store.add_plan(saved(store, profile), choices)
    return plan


def _with_restrictions(choices: PlanChoices, restrictions: frozenset[Restriction]) -> PlanChoices:
    from dataclasses import replace

    return replace(choices, restrictions=tuple(sorted(r.value for r in restrictions)))


def build(choices: PlanChoices) -> Plan:
    """Rebuild the plan from the stored choices (deterministic: same choices, same plan)."""

    def money(text: str | None) -> Decimal | None:
        return None if text is None else Decimal(text)

    return make_plan(
        choices.protocol_id,
        start=choices.start,
        weekdays=frozenset(choices.weekdays),
        price_per_session=money(choices.price_per_session),
        budget_per_session=money(choices.budget_per_session),
        budget_total=money(choices.budget_total),
        currency=choices.currency,
        tools=frozenset(Tool(t) for t in choices.tools),
        restrictions=frozenset(Restriction(r) for r in choices.restrictions),
        today=choices.made_on,
        rules=load_rules(),
        **slot_time(choices),
    )


def slot_time(choices: PlanChoices) -> dict[str, time]:
    """Return the chosen daily self-massage time as ``make_plan`` takes it (none: its default)."""
    if choices.self_massage_at is None:
        return {}
    return {"self_massage_at": time.fromisoformat(choices.self_massage_at)}


@dataclass(frozen=True, slots=True)
class PlanView:
    plan: Plan
    adherence: Adherence


@once_per_reading  # asked several times by one page (services/reading.py)
def current_plan(
    store: Store, profile: Profile, *, today: date, now: datetime | None = None
) -> PlanView:
    """Return the latest plan, re-planned around missed sessions, with adherence.

    The counts come from the plan as it was made (``backrub.domain.adherence``
    says what planned, due, done, missed and upcoming mean); the calendar shown
    is the re-planned one. With ``now``, a session dated after it (from another
    zone, a few hours ahead) does not count as done until its time has come.
    """
    stored = store.plans(profile.id) if profile.id is not None else []
    if not stored:
        raise NotFound(_("plan: no plan yet; make one first."), code="no_plan")
    assert profile.id is not None
    made = build(stored[-1])
    # The daily slot follows today's screening and clearances (one rule: allowed.allowance).
    state = safety_state(store, profile)
    if state.screening is not None:
        restrictions = state.restrictions
        if state.is_stopped:
            restrictions |= {Restriction.NO_SELF_MASSAGE}
        owned = frozenset(Tool(t) for t in stored[-1].tools)
        made = with_safety(made, owned=owned, restrictions=restrictions, rules=load_rules())
    # Only what happened since the plan began counts for it; a day early for zones.
    since = datetime.combine(made.start - timedelta(days=1), time(), UTC)
    pros = [s for s in store.pro_sessions(profile.id, since=since) if now is None or s.at <= now]
    selfs = [s for s in store.self_sessions(profile.id, since=since) if now is None or s.at <= now]
    plan = replan(made, pros, today=today)
    done = adherence(made, pros, selfs, today=today)
    return PlanView(plan, done)


def plan_calendar(
    store: Store, profile: Profile, *, today: date, include_daily_slot: bool
) -> bytes:
    """Return the current plan as an iCalendar file."""
    from backrub import __version__
    from backrub.reports.ics import plan_to_ics

    view = current_plan(store, profile, today=today)
    return plan_to_ics(
        view.plan,
        tz=profile.tz,
        include_daily_slot=include_daily_slot,
        prodid=f"-//backrub//backrub {__version__}//EN",
    )
