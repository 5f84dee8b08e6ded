"""What a budget pays for when no studied dose fits it: fewer or shorter sessions
than any low-back study gave, in plain numbers and said to be untested; and the
30-minute finding of the neck-pain dosing trial, as the catalogue states it.

``backrub.domain.fitting`` says a protocol does not fit and uses these words.
"""

from __future__ import annotations

from decimal import ROUND_FLOOR, Decimal

from backrub.domain.cited import Cited
from backrub.domain.protocols import PROTOCOLS
from backrub.domain.words import amount
from backrub.i18n import N_, _, ngettext

# As the catalogue states it (sherman-2014, key results); a neck-pain trial.
THIRTY_MIN = Cited(
    N_(
        "In a dosing trial for neck pain, 30-min visits were not better than a wait list at any "
        "frequency; for back pain that is an extrapolation."
    ),
    ("sherman-2014",),
)


def thirty_min() -> Cited:
    """Return the 30-min finding in the current language."""
    return Cited(_(THIRTY_MIN.words), THIRTY_MIN.sources)


def what_would_fit(
    price: Decimal, budget_per_session: Decimal | None, budget_total: Decimal | None
) -> tuple[Cited, ...]:
    """Return, when no studied dose fits the budget, what the budget pays for within
    every limit given: fewer or shorter sessions than any low-back study gave, in
    plain numbers ("150 in all pays for 4 sessions of 30 min at 35.25 each"),
    said to be untested."""
    lengths = sorted({p.session_min for p in PROTOCOLS}, reverse=True)
    low_back = [p for p in PROTOCOLS if not p.is_extrapolation]
    sources = tuple(e for p in low_back for e in p.evidence)
    studied = min(d.sessions for p in low_back for d in p.doses)
    fitting = [
        m for m in lengths if budget_per_session is None or _cost(price, m) <= budget_per_session
    ]
    if not fitting:
        assert budget_per_session is not None  # else every studied length would fit
        return (_shorter(price, budget_per_session, budget_total, lengths[-1], sources),)
    if budget_total is None:
        return ()
    options = []
    for minutes in fitting:
        cost = _cost(price, minutes)
        count = int((budget_total / cost).to_integral_value(ROUND_FLOOR))
        if count >= 1:
            options.append(_sessions(count, minutes, cost))
    if not options:
        shortest = fitting[-1]
        return (
            Cited(
                _(
                    "Your %(total)s in all does not pay for one session: %(minutes)s min "
                    "cost about %(cost)s.",
                    total=amount(budget_total),
                    minutes=shortest,
                    cost=amount(_cost(price, shortest)),
                )
            ),
        )
    pays = Cited(
        _(
            "Your %(total)s in all pays for %(options)s: fewer than the %(studied)s sessions "
            "the low-back studies gave. No study tested so few sessions for low back pain, so "
            "backrub cannot say whether they help.",
            total=amount(budget_total),
            options=_(" or ").join(options),
            studied=studied,
        ),
        sources,
    )
    return (pays, thirty_min()) if any(m < 60 for m in fitting) else (pays,)


def _shorter(
    price: Decimal,
    budget_per_session: Decimal,
    budget_total: Decimal | None,
    shortest: int,
    sources: tuple[str, ...],
) -> Cited:
    """Say what a per-session budget below every studied length pays for, and the total."""
    minutes = int((budget_per_session * 60 / price).to_integral_value(ROUND_FLOOR))
    short = _(
        "At this price your %(budget)s per session pays for about %(minutes)s min, shorter "
        "than any study used (%(shortest)s min cost about %(cost)s)",
        budget=amount(budget_per_session),
        minutes=minutes,
        shortest=shortest,
        cost=amount(_cost(price, shortest)),
    )
    if minutes < 1:
        return Cited(_("%(short)s.", short=short), sources)
    if budget_total is None:
        return Cited(
            _(
                "%(short)s. No study tested sessions so short for low back pain, so backrub "
                "cannot say whether they help.",
                short=short,
            ),
            sources,
        )
    cost = _cost(price, minutes)
    count = int((budget_total / cost).to_integral_value(ROUND_FLOOR))
    if count < 1:
        return Cited(
            _(
                "%(short)s; your %(total)s in all does not pay for one such session.",
                short=short,
                total=amount(budget_total),
            ),
            sources,
        )
    return Cited(
        _(
            "%(short)s; your %(total)s in all pays for %(sessions)s. No study tested sessions "
            "so short or so few for low back pain, so backrub cannot say whether they help.",
            short=short,
            total=amount(budget_total),
            sessions=_sessions(count, minutes, cost),
        ),
        sources,
    )


def _sessions(count: int, minutes: int, cost: Decimal) -> str:
    """Say '4 sessions of 30 min at 35.25 (about 141.00 in all)'."""
    return ngettext(
        "%(num)d session of %(minutes)s min at %(cost)s (about %(total)s in all)",
        "%(num)d sessions of %(minutes)s min at %(cost)s (about %(total)s in all)",
        count,
        minutes=minutes,
        cost=amount(cost),
        total=amount(cost * count),
    )


def _cost(price: Decimal, minutes: int) -> Decimal:
    return (price * minutes / 60).quantize(Decimal("0.01"))
