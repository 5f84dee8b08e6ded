"""Gather one cell's cohort figures with suppression applied the same way everywhere.

A cell is the clinic, or one therapist, on one questionnaire. Which count
decides whether a figure may be shown (``cohort_cells``, fewer than 10
clients hides it):

- the attrition flow rests on those enrolled, and its counts of those who
  answered at 12 and at 24 weeks on themselves (each hidden with that time
  point's share);
- the share at 12 or 24 weeks rests on those who answered then - the smaller
  denominator of the two rules; both rules are hidden together, since the
  cautious rule's count of responders would otherwise give the other away;
- persistence rests on the 12-week responders who answered at 24 weeks; both
  rules are hidden together for the same reason.

``therapist_figures`` applies the same per figure across a table of
therapists, hiding more therapists' figures while the hidden ones (and the
clients with no therapist, when few) add up to fewer than 10 and the clinic's
total is on the page. The figures keep the order they are given in;
``cohort_cells.display_order`` puts therapists in the order of their names.

On a therapist's own page the clinic's figures sit beside their own, and they
know their own: clinic minus own is the rest of the clinic. ``rest_of_clinic``
hides a clinic figure there unless that rest rests on at least 10 clients of
at least two other therapists.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from backrub.domain.cohort_cells import MIN_CELL_CLIENTS, Reason, Suppressed, hidden
from backrub.domain.cohort_counts import (
    CohortCounts,
    MissingRule,
    Share,
    attrition,
    persistence,
    share,
)
from backrub.domain.cohort_windows import TimePoint

__all__ = ["FOLLOW_UPS", "Figures", "Flow", "figures", "rest_of_clinic", "therapist_figures"]

FOLLOW_UPS = (TimePoint.WEEK_12, TimePoint.WEEK_24)
RULES = (MissingRule.COMPLETE_CASES, MissingRule.MISSING_NOT_IMPROVED)

# Each figure and the count it rests on.
_SIZES: Mapping[object, Callable[[CohortCounts], int]] = {
    "attrition": lambda c: c.enrolled,
    TimePoint.WEEK_12: lambda c: c.answered_12,
    TimePoint.WEEK_24: lambda c: c.answered_24,
    "persistence": lambda c: c.responders_12_answered_24,
}


@dataclass(frozen=True, slots=True)
class Flow:
    """Enrolled -> answered at 12 weeks -> answered at 24 weeks, a small count hidden."""

    enrolled: int
    answered_12: int | Suppressed
    answered_24: int | Suppressed

    def to_json(self) -> dict[str, object]:
        def count(value: int | Suppressed) -> object:
            return value if isinstance(value, int) else value.to_json()

        return {
            "enrolled": self.enrolled,
            "answered_12": count(self.answered_12),
            "answered_24": count(self.answered_24),
        }


@dataclass(frozen=True, slots=True)
class Figures:
    """One cell's figures; a hidden one is ``Suppressed`` and carries no count."""

    key: str
    attrition: Flow | Suppressed
    shares: Mapping[tuple[TimePoint, MissingRule], Share | Suppressed | None]
    persistence: Mapping[MissingRule, Share | Suppressed | None]

    def to_json(self) -> dict[str, object]:
        return {
            "key": self.key,
            "attrition": self.attrition.to_json(),
            "shares": [
                {"time_point": point.value, "rule": rule.value, **_json(value)}
                for (point, rule), value in self.shares.items()
            ],
            "persistence": [
                {"rule": rule.value, **_json(value)} for rule, value in self.persistence.items()
            ],
        }


def _json(value: Share | Suppressed | None) -> dict[str, object]:
    if value is None:
        return {"suppressed": False, "share": None}
    if isinstance(value, Suppressed):
        return value.to_json()
    return {"suppressed": False, **value.to_json()}


def _assemble(
    key: str, counts: CohortCounts, reasons: Mapping[object, Reason], minimum: int
) -> Figures:
    def hide(figure: object) -> Suppressed | None:
        reason = reasons.get(figure)
        return None if reason is None else Suppressed(key, reason, minimum)

    shares: dict[tuple[TimePoint, MissingRule], Share | Suppressed | None] = {}
    for point in FOLLOW_UPS:
        for rule in RULES:
            shares[point, rule] = hide(point) or share(counts, point, rule)
    lasting = {rule: hide("persistence") or persistence(counts, rule) for rule in RULES}
    flow = attrition(counts)
    shown = Flow(
        flow.enrolled,
        hide(TimePoint.WEEK_12) or flow.answered_12,
        hide(TimePoint.WEEK_24) or flow.answered_24,
    )
    return Figures(key, hide("attrition") or shown, shares, lasting)


def figures(
    key: str,
    counts: CohortCounts,
    *,
    minimum: int = MIN_CELL_CLIENTS,
    also: Mapping[object, Reason] | None = None,
) -> Figures:
    """Return the figures of one cell on its own (the clinic, or a therapist's own page).

    ``also``: figures to hide for another reason (``rest_of_clinic``).
    """
    reasons: dict[object, Reason] = dict(also or {})
    for figure, size in _SIZES.items():
        if size(counts) < minimum:
            reasons[figure] = Reason.TOO_FEW
    return _assemble(key, counts, reasons, minimum)


def rest_of_clinic(
    clinic: CohortCounts,
    mine: str,
    counts: Mapping[str, CohortCounts],
    *,
    minimum: int = MIN_CELL_CLIENTS,
) -> dict[object, Reason]:
    """Return the clinic figures a therapist's own page must hide, beside their own.

    ``counts``: every therapist's, ``mine`` among them. A clinic figure is
    shown only when the clinic minus the therapist's own rests on at least
    ``minimum`` clients, of at least two other therapists.
    """
    own = counts.get(mine)
    reasons: dict[object, Reason] = {}
    for figure, size in _SIZES.items():
        rest = size(clinic) - (0 if own is None else size(own))
        others = sum(1 for key, c in counts.items() if key != mine and size(c) > 0)
        if rest < minimum or others < 2:
            reasons[figure] = Reason.REST_OF_CLINIC
    return reasons


def therapist_figures(
    counts: Mapping[str, CohortCounts],
    *,
    total_shown: bool,
    minimum: int = MIN_CELL_CLIENTS,
    unassigned: CohortCounts | None = None,
) -> dict[str, Figures]:
    """Return each therapist's figures in a table beside (or without) the clinic's total.

    ``unassigned``: the counts of the clinic's clients with no therapist (a
    cell never shown, whose smallness protects the table like a hidden cell).
    """
    reasons: dict[str, dict[object, Reason]] = {key: {} for key in counts}
    for figure, size in _SIZES.items():
        sizes = {key: size(c) for key, c in counts.items()}
        residual = 0 if unassigned is None else size(unassigned)
        found = hidden(sizes, total_shown=total_shown, minimum=minimum, residual=residual)
        for key, reason in found.items():
            reasons[key][figure] = reason
    return {key: _assemble(key, c, reasons[key], minimum) for key, c in counts.items()}
