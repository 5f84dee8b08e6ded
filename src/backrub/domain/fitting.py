"""Fitting a studied protocol to a person's days and budget, and saying what would fit.

A dose fits when the person has enough days a week for it and its sessions
cost no more than the budgets. ``price`` is the price of a 60-minute session;
shorter sessions are costed pro rata (product default: most therapists price by
the hour). When nothing studied fits, the refusal says what would: fewer or
shorter sessions with their cost, and the nearest studied dose with its numbers.
"""

from __future__ import annotations

from decimal import ROUND_FLOOR, Decimal

from backrub.domain.protocols import PROTOCOLS, Dose, Protocol, find_protocol, session_cost


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


def describe_dose(protocol: Protocol, dose: Dose, price: Decimal | None) -> str:
    """Return '30 min twice a week for 5 weeks: 10 sessions of 30 min, about 400.00 in all'."""
    words = f"{protocol.title}: {dose.sessions} sessions of {protocol.session_min} min"
    cost = session_cost(protocol, price)
    return words if cost is None else f"{words}, about {cost * dose.sessions} in all"


def refusal(
    protocol: Protocol,
    why: str,
    *,
    weekdays: frozenset[int],
    price: Decimal | None,
    budget_per_session: Decimal | None,
    budget_total: Decimal | None,
) -> str:
    """Return why ``protocol`` does not fit and what would: the closest protocol, or numbers."""
    other = closest_fitting(
        protocol.id,
        weekdays=weekdays,
        price_per_session=price,
        budget_per_session=budget_per_session,
        budget_total=budget_total,
    )
    if other is not None:
        dose, _ = fitting_dose(other, len(weekdays), price, budget_per_session, budget_total)
        assert dose is not None
        return (
            f"{protocol.id} does not fit: {why}; the closest that fits is {other.id} "
            f"({describe_dose(other, dose, price)})."
        )
    hint = what_would_fit(len(weekdays), price, budget_per_session, budget_total)
    return f"{protocol.id} does not fit: {why}; no studied protocol fits this budget. {hint}"


def what_would_fit(
    days: int,
    price: Decimal | None,
    budget_per_session: Decimal | None,
    budget_total: Decimal | None,
) -> str:
    """Return, when no studied dose fits the budget, what the budget pays for and what a
    studied dose needs; fewer or shorter sessions than a study used are said to be so."""
    if price is None or price <= 0:
        return "Give a lower price, or a larger budget."
    lengths = sorted({p.session_min for p in PROTOCOLS}, reverse=True)
    shortest = lengths[-1]
    said: list[str] = []
    if budget_per_session is not None and _cost(price, shortest) > budget_per_session:
        minutes = int((budget_per_session * 60 / price).to_integral_value(ROUND_FLOOR))
        said.append(
            f"At this price your {budget_per_session} per session pays for about {minutes} min, "
            f"shorter than any study used ({shortest} min cost about {_cost(price, shortest)})."
        )
    elif budget_total is not None:
        options = []
        for minutes in lengths:
            cost = _cost(price, minutes)
            if budget_per_session is not None and cost > budget_per_session:
                continue
            count = int((budget_total / cost).to_integral_value(ROUND_FLOOR))
            if count >= 1:
                noun = "session" if count == 1 else "sessions"
                options.append(f"{count} {noun} of {minutes} min (about {cost * count})")
        if options:
            studied = min(d.sessions for p in PROTOCOLS for d in p.doses)
            said.append(
                f"Your total of {budget_total} pays for {' or '.join(options)}: fewer sessions "
                f"than the {studied} or more the studies used."
            )
    said.append(_nearest(days, price))
    return " ".join(said)


def _cost(price: Decimal, minutes: int) -> Decimal:
    return (price * minutes / 60).quantize(Decimal("0.01"))


def _nearest(days: int, price: Decimal) -> str:
    """Return the cheapest studied dose the days allow, with what it needs."""
    best: tuple[Decimal, Protocol, Dose] | None = None
    for protocol in PROTOCOLS:
        for dose in protocol.doses:
            cost = session_cost(protocol, price)
            if dose.per_week > days or cost is None:
                continue
            if best is None or cost * dose.sessions < best[0]:
                best = (cost * dose.sessions, protocol, dose)
    if best is None:
        return "Choose more days a week."
    _total, protocol, dose = best
    per = session_cost(protocol, price)
    return (
        f"The nearest studied dose is {protocol.id} ({describe_dose(protocol, dose, price)}, "
        f"{per} a session)."
    )
