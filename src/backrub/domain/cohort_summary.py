"""Gather one cell's cohort figures with suppression applied the same way everywhere.

A cell is the clinic, or one therapist, on one questionnaire. Which count
decides whether a figure may be shown (``cohort_cells``, fewer than 10
clients hides it):

- the attrition flow rests on those enrolled;
- the share at 12 or 24 weeks rests on those who answered then - the smaller
  denominator of the two rules; both rules are hidden together, since the
  cautious rule's count of responders would otherwise give the other away;
- persistence rests on the 12-week responders who answered at 24 weeks; both
  rules are hidden together for the same reason.

``therapist_figures`` applies the same per figure across a table of
therapists, hiding a second therapist's figure when one alone is hidden and
the clinic's total is on the page. The figures keep the order they are given
in; ``cohort_cells.display_order`` puts therapists in the order of their names.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from backrub.domain.cohort_cells import MIN_CELL_CLIENTS, Reason, Suppressed, hidden
from backrub.domain.cohort_counts import (
    Attrition,
    CohortCounts,
    MissingRule,
    Share,
    attrition,
    persistence,
    share,
)
from backrub.domain.cohort_windows import TimePoint

__all__ = ["FOLLOW_UPS", "Figures", "figures", "therapist_figures"]

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
class Figures:
    """One cell's figures; a hidden one is ``Suppressed`` and carries no count."""

    key: str
    attrition: Attrition | Suppressed
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
    return Figures(key, hide("attrition") or attrition(counts), shares, lasting)


def figures(key: str, counts: CohortCounts, *, minimum: int = MIN_CELL_CLIENTS) -> Figures:
    """Return the figures of one cell on its own (the clinic, or a therapist's own page)."""
    reasons: dict[object, Reason] = {
        figure: Reason.TOO_FEW for figure, size in _SIZES.items() if size(counts) < minimum
    }
    return _assemble(key, counts, reasons, minimum)


def therapist_figures(
    counts: Mapping[str, CohortCounts], *, total_shown: bool, minimum: int = MIN_CELL_CLIENTS
) -> dict[str, Figures]:
    """Return each therapist's figures in a table beside (or without) the clinic's total."""
    reasons: dict[str, dict[object, Reason]] = {key: {} for key in counts}
    for figure, size in _SIZES.items():
        sizes = {key: size(c) for key, c in counts.items()}
        for key, reason in hidden(sizes, total_shown=total_shown, minimum=minimum).items():
            reasons[key][figure] = reason
    return {key: _assemble(key, c, reasons[key], minimum) for key, c in counts.items()}
