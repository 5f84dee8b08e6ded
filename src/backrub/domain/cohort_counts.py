"""Count a cohort's responders under two missing-data rules, its attrition and persistence.

The inputs are small counts (the database sums them in SQL; ``count_outcomes``
is the same sum over a handful of clients, for tests and for the rule in
words). For one instrument, a client is *enrolled* when they have a baseline
answer (without one nobody can say whether they improved), *answered at 12*
when a 12-week answer falls in its window, and so on (``cohort_windows``).

Two missing-data rules, side by side and named, because they answer different
questions and neither is the truth:

- **complete cases**: the share of responders among those who answered at
  that time point. It assumes those who did not answer would have done as
  well as those who did - often too kind, since people who feel no better
  are less likely to answer.
- **missing counted as not improved**: the share of responders among everyone
  enrolled; everyone who did not answer counts as not improved. It is the
  cautious floor.

The truth usually lies between the two. Attrition (enrolled -> answered at 12
-> answered at 24, like elder-2017's 104 -> 85 -> 76) shows how far apart they
can be. Persistence: of those who improved at 12 weeks, how many still had at
24 - among those who answered at 24 (complete cases), or among all who
improved at 12 (missing counted as not improved).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields
from enum import StrEnum

from backrub.domain.cohort_intervals import Interval, wilson
from backrub.domain.cohort_windows import ResponderRule, TimePoint, is_responder
from backrub.i18n import N_, _

__all__ = [
    "Attrition",
    "ClientOutcome",
    "CohortCounts",
    "MissingRule",
    "Share",
    "attrition",
    "client_outcome",
    "count_outcomes",
    "persistence",
    "share",
    "side_by_side",
    "total",
]


class MissingRule(StrEnum):
    COMPLETE_CASES = "complete cases"
    MISSING_NOT_IMPROVED = "missing counted as not improved"

    @property
    def words(self) -> str:
        return _(_RULE_NAMES[self])

    @property
    def meaning(self) -> str:
        return _(_RULE_MEANINGS[self])


_RULE_NAMES = {
    MissingRule.COMPLETE_CASES: N_("Only those who answered"),
    MissingRule.MISSING_NOT_IMPROVED: N_(
        "Everyone who started, missing answers counted as not improved"
    ),
}

_RULE_MEANINGS = {
    MissingRule.COMPLETE_CASES: N_(
        "Counts only the clients who answered at that time. It may look better than "
        "the truth: people who feel no better answer less often."
    ),
    MissingRule.MISSING_NOT_IMPROVED: N_(
        "Counts every client who started; anyone who did not answer counts as not "
        "improved. It is the cautious floor."
    ),
}


@dataclass(frozen=True, slots=True)
class ClientOutcome:
    """One enrolled client on one instrument: responder or not at 12 and 24 weeks.

    ``None`` means no answer fell in that time point's window.
    """

    responder_12: bool | None
    responder_24: bool | None


@dataclass(frozen=True, slots=True)
class CohortCounts:
    """The counts of one cell (a clinic or one therapist, one instrument)."""

    enrolled: int
    answered_12: int
    responders_12: int
    answered_24: int
    responders_24: int
    responders_12_answered_24: int  # improved at 12 weeks and answered at 24
    persisted: int  # improved at 12 weeks and still improved at 24

    def __post_init__(self) -> None:
        if any(getattr(self, f.name) < 0 for f in fields(self)):
            raise ValueError("counts cannot be negative")
        nested = (
            self.responders_12 <= self.answered_12 <= self.enrolled
            and self.responders_24 <= self.answered_24 <= self.enrolled
            and self.persisted <= self.responders_12_answered_24 <= self.responders_12
            and self.responders_12_answered_24 <= self.answered_24
            and self.persisted <= self.responders_24
        )
        if not nested:
            raise ValueError(f"counts do not nest: {self}")

    def to_json(self) -> dict[str, int]:
        return {f.name: int(getattr(self, f.name)) for f in fields(self)}


def client_outcome(
    rule: ResponderRule, *, baseline: float, at_12: float | None, at_24: float | None
) -> ClientOutcome:
    """Return whether a client with a ``baseline`` score responded at 12 and 24 weeks."""

    def judged(later: float | None) -> bool | None:
        return None if later is None else is_responder(rule, baseline=baseline, later=later)

    return ClientOutcome(judged(at_12), judged(at_24))


def count_outcomes(outcomes: Iterable[ClientOutcome]) -> CohortCounts:
    """Return the counts of ``outcomes`` (the rule the database's SQL sums follow)."""
    tally = dict.fromkeys((f.name for f in fields(CohortCounts)), 0)
    for o in outcomes:
        tally["enrolled"] += 1
        tally["answered_12"] += o.responder_12 is not None
        tally["responders_12"] += o.responder_12 is True
        tally["answered_24"] += o.responder_24 is not None
        tally["responders_24"] += o.responder_24 is True
        tally["responders_12_answered_24"] += o.responder_12 is True and o.responder_24 is not None
        tally["persisted"] += o.responder_12 is True and o.responder_24 is True
    return CohortCounts(**tally)


def total(parts: Iterable[CohortCounts]) -> CohortCounts:
    """Return the sum of ``parts`` (each client in exactly one part)."""
    tally = dict.fromkeys((f.name for f in fields(CohortCounts)), 0)
    for part in parts:
        for name in tally:
            tally[name] += getattr(part, name)
    return CohortCounts(**tally)


@dataclass(frozen=True, slots=True)
class Share:
    """A share of responders under one missing-data rule, with its Wilson 95% interval."""

    rule: MissingRule
    responders: int
    denominator: int
    interval: Interval

    def to_json(self) -> dict[str, object]:
        return {"rule": self.rule.value, **self.interval.to_json()}


def _share(rule: MissingRule, responders: int, denominator: int) -> Share | None:
    if denominator == 0:
        return None  # a share of nobody: nothing to show, never "0%"
    return Share(rule, responders, denominator, wilson(responders, denominator))


def share(counts: CohortCounts, point: TimePoint, rule: MissingRule) -> Share | None:
    """Return the share of responders at 12 or 24 weeks under ``rule``."""
    if point is TimePoint.WEEK_12:
        responders, answered = counts.responders_12, counts.answered_12
    elif point is TimePoint.WEEK_24:
        responders, answered = counts.responders_24, counts.answered_24
    else:
        raise ValueError("nobody is a responder at baseline")
    denominator = answered if rule is MissingRule.COMPLETE_CASES else counts.enrolled
    return _share(rule, responders, denominator)


def side_by_side(counts: CohortCounts, point: TimePoint) -> tuple[Share | None, Share | None]:
    """Return the share at ``point`` under both rules: complete cases first."""
    return (
        share(counts, point, MissingRule.COMPLETE_CASES),
        share(counts, point, MissingRule.MISSING_NOT_IMPROVED),
    )


def persistence(counts: CohortCounts, rule: MissingRule) -> Share | None:
    """Return, of those improved at 12 weeks, the share still improved at 24."""
    if rule is MissingRule.COMPLETE_CASES:
        return _share(rule, counts.persisted, counts.responders_12_answered_24)
    return _share(rule, counts.persisted, counts.responders_12)


@dataclass(frozen=True, slots=True)
class Attrition:
    """Enrolled -> answered at 12 weeks -> answered at 24 weeks."""

    enrolled: int
    answered_12: int
    answered_24: int

    @property
    def lost_by_12(self) -> int:
        return self.enrolled - self.answered_12

    @property
    def lost_by_24(self) -> int:
        return self.enrolled - self.answered_24

    def to_json(self) -> dict[str, int]:
        return {
            "enrolled": self.enrolled,
            "answered_12": self.answered_12,
            "answered_24": self.answered_24,
        }


def attrition(counts: CohortCounts) -> Attrition:
    """Return the attrition flow of ``counts``."""
    return Attrition(counts.enrolled, counts.answered_12, counts.answered_24)
