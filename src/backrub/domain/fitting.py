"""Fitting a studied protocol to a person's days and budget, and saying what would fit.

A dose fits when the person has enough days a week for it and its sessions
cost no more than the budgets. ``price`` is the price of a 60-minute session;
shorter sessions are costed pro rata (product default: most therapists price by
the hour). When nothing studied fits, the refusal says what would: fewer or
shorter sessions with their cost (no low-back study tested so few), and the
cheapest studied dose the days allow, with its numbers and the study's caveats.
A refusal names protocols by their titles and keeps them as data
(``DoesNotFit.misfit``), so each face can name them its own way.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from backrub.domain.cited import Cited, inline
from backrub.domain.protocols import PROTOCOLS, Dose, Protocol, find_protocol, session_cost
from backrub.domain.untested import thirty_min, what_would_fit
from backrub.domain.words import amount
from backrub.errors import Refused
from backrub.i18n import N_, _


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
        return _(
            "it needs %(needed)s days a week and you have %(days)s",
            needed=dose.per_week,
            days=days,
        )
    cost = session_cost(protocol, price)
    if cost is None:
        return None
    if budget_per_session is not None and cost > budget_per_session:
        return _(
            "a %(minutes)s-min session costs about %(cost)s, above your %(budget)s per session",
            minutes=protocol.session_min,
            cost=amount(cost),
            budget=amount(budget_per_session),
        )
    if budget_total is not None and cost * dose.sessions > budget_total:
        return _(
            "%(sessions)s sessions cost about %(cost)s, above your total budget of %(budget)s",
            sessions=dose.sessions,
            cost=amount(cost * dose.sessions),
            budget=amount(budget_total),
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
        dose, _why = fitting_dose(
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
    return f"{protocol.title}: {_dose_words(protocol, dose, price)}"


def _dose_words(protocol: Protocol, dose: Dose, price: Decimal | None) -> str:
    words = _(
        "%(sessions)s sessions of %(minutes)s min",
        sessions=dose.sessions,
        minutes=protocol.session_min,
    )
    cost = session_cost(protocol, price)
    if cost is None:
        return words
    return _("%(words)s, about %(total)s in all", words=words, total=amount(cost * dose.sessions))


def title(protocol: Protocol) -> str:
    """Name a protocol by its title in quotes: the words a page uses."""
    return f"“{protocol.title}”"


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A studied dose offered instead, with what it costs and the study's own caveats."""

    protocol: Protocol
    dose: Dose
    price: Decimal | None

    def said(self, lead: str, name: Callable[[Protocol], str]) -> tuple[Cited, ...]:
        protocol = self.protocol
        per = session_cost(protocol, self.price)
        dose = _dose_words(protocol, self.dose, self.price)
        if per is None:
            words = _("%(lead)s %(name)s: %(dose)s.", lead=lead, name=name(protocol), dose=dose)
        else:
            words = _(
                "%(lead)s %(name)s: %(dose)s, %(cost)s a session.",
                lead=lead,
                name=name(protocol),
                dose=dose,
                cost=amount(per),
            )
        caveats = " ".join(protocol.caveats)
        out = [Cited(f"{words} {caveats}", protocol.evidence)]
        if protocol.session_min < 60:
            out.append(thirty_min())
        return tuple(out)

    def needs(self, name: Callable[[Protocol], str]) -> Cited:
        """Say what this dose would need, for a budget it does not fit."""
        protocol = self.protocol
        per = session_cost(protocol, self.price)
        values = {
            "name": name(protocol),
            "sessions": self.dose.sessions,
            "minutes": protocol.session_min,
        }
        if per is None:
            words = _(
                "To follow a study you would need a larger budget; the cheapest studied dose "
                "your days allow is %(name)s, %(sessions)s sessions of %(minutes)s min.",
                **values,
            )
        else:
            words = _(
                "To follow a study you would need a larger budget; the cheapest studied dose "
                "your days allow is %(name)s, %(sessions)s sessions of %(minutes)s min: about "
                "%(cost)s a session, %(total)s in all.",
                cost=amount(per),
                total=amount(per * self.dose.sessions),
                **values,
            )
        return Cited(words, protocol.evidence)


@dataclass(frozen=True, slots=True)
class Misfit:
    """Why a protocol does not fit the days and budget, and what would.

    ``other`` is another studied protocol that fits every limit (the nearest in
    total minutes of massage): the only thing offered instead. When none does,
    ``budget`` says in plain numbers what the money pays for (within every
    limit given, and untested), and ``cheapest`` is the cheapest studied dose
    the days allow, said only with what it needs, never offered as fitting.
    """

    protocol: Protocol
    why: str
    other: Suggestion | None
    budget: tuple[Cited, ...] = ()
    cheapest: Suggestion | None = None
    hint: str = ""

    def said(self, name: Callable[[Protocol], str] = title) -> tuple[Cited, ...]:
        """Return the refusal in sentences with their sources, ``name`` naming protocols."""
        values = {"name": name(self.protocol), "why": self.why}
        if self.other is not None:
            lead = _("Of the studied doses that fit, the nearest in total massage time is")
            head = _("The dose %(name)s does not fit: %(why)s.", **values)
            return (Cited(head, self.protocol.evidence), *self.other.said(lead, name))
        head = _(
            "The dose %(name)s does not fit: %(why)s; no studied protocol fits this budget.",
            **values,
        )
        out = [Cited(head, self.protocol.evidence)]
        out.extend(self.budget)
        if self.cheapest is not None:
            out.append(self.cheapest.needs(name))
        elif self.hint:
            out.append(Cited(_(self.hint)))
        return tuple(dict.fromkeys(out))  # the 30-min finding is said once

    def words(self, name: Callable[[Protocol], str] = title) -> str:
        """Return the refusal as one text, the sources in brackets (the CLI and the API)."""
        return inline(self.said(name))

    @property
    def suggested(self) -> Protocol | None:
        """Return the protocol offered instead: one that fits every limit, if any."""
        return None if self.other is None else self.other.protocol


class DoesNotFit(Refused):
    """A protocol that does not fit the person's days or budget; ``misfit`` says what would."""

    def __init__(self, misfit: Misfit) -> None:
        super().__init__(misfit.words())
        self.misfit = misfit


def misfit_of(
    protocol: Protocol,
    why: str,
    *,
    weekdays: frozenset[int],
    price: Decimal | None,
    budget_per_session: Decimal | None,
    budget_total: Decimal | None,
) -> Misfit:
    """Return why ``protocol`` does not fit and what would: another protocol, or numbers."""
    other = closest_fitting(
        protocol.id,
        weekdays=weekdays,
        price_per_session=price,
        budget_per_session=budget_per_session,
        budget_total=budget_total,
    )
    if other is not None:
        dose, _why = fitting_dose(other, len(weekdays), price, budget_per_session, budget_total)
        assert dose is not None
        return Misfit(protocol, why, Suggestion(other, dose, price))
    if price is None or price <= 0:
        return Misfit(protocol, why, None, hint=N_("Give a lower price, or a larger budget."))
    budget = what_would_fit(price, budget_per_session, budget_total)
    cheapest = _cheapest(len(weekdays), price)
    hint = "" if cheapest is not None else N_("Choose more days a week.")
    return Misfit(protocol, why, None, budget, cheapest, hint)


def refusal(
    protocol: Protocol,
    why: str,
    *,
    weekdays: frozenset[int],
    price: Decimal | None,
    budget_per_session: Decimal | None,
    budget_total: Decimal | None,
) -> DoesNotFit:
    """Return the refusal for a protocol that does not fit (see ``misfit_of``)."""
    return DoesNotFit(
        misfit_of(
            protocol,
            why,
            weekdays=weekdays,
            price=price,
            budget_per_session=budget_per_session,
            budget_total=budget_total,
        )
    )


def _cheapest(days: int, price: Decimal) -> Suggestion | None:
    """Return the cheapest studied dose the days allow, or ``None`` when none does."""
    best: tuple[Decimal, Protocol, Dose] | None = None
    for protocol in PROTOCOLS:
        for dose in protocol.doses:
            cost = session_cost(protocol, price)
            if dose.per_week > days or cost is None:
                continue
            if best is None or cost * dose.sessions < best[0]:
                best = (cost * dose.sessions, protocol, dose)
    return None if best is None else Suggestion(best[1], best[2], price)
