"""Assemble a clinic's cohort report from its counts: figures, funnel, shrinkage, study.

For each instrument with a responder rule the report holds the clinic's
figures (``cohort_summary.figures``) and each therapist's
(``cohort_summary.therapist_figures``, in order of name, never by share), and
one funnel plot: each therapist's share of responders at 12 weeks among those
who answered then (``n``) beside the clinic's share (the target), with the
control limits of ``cohort_funnel`` and the estimate shrunk toward the clinic's
share (``cohort_shrinkage``). A therapist whose 12-week figure is hidden
(fewer than 10 clients, or it would reveal one) is not on the funnel either,
and their shrunk estimate is not shown; the spread between therapists is
still estimated from everyone (leaving them out would bias it).

``mine`` (a therapist's own report): only that therapist's row and point are
kept, beside the clinic's figures; hiding is decided across all therapists
exactly as on the administrator's page, so the two never disagree. A clinic
figure that would reveal the rest of the clinic (clinic minus own: fewer than
10 clients, or fewer than two other therapists; ``cohort_summary.rest_of_clinic``)
is hidden on that page, and with the clinic's 12-week share the funnel goes too.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from backrub.domain.cohort_cells import MIN_CELL_CLIENTS, Reason, Suppressed, display_order
from backrub.domain.cohort_counts import CohortCounts, MissingRule, Share
from backrub.domain.cohort_funnel import FunnelLimits, Position, funnel_curve, position
from backrub.domain.cohort_funnel import funnel_limits as limits_at
from backrub.domain.cohort_published import ELDER_2017, PublishedCohort
from backrub.domain.cohort_shrinkage import Tally, shrink
from backrub.domain.cohort_summary import Figures, figures, rest_of_clinic, therapist_figures
from backrub.domain.cohort_windows import ResponderRule, TimePoint

__all__ = [
    "FUNNEL_POINT",
    "CohortReport",
    "Funnel",
    "FunnelPoint",
    "InstrumentReport",
    "TherapistCounts",
    "TherapistFigures",
    "assemble",
]

# The figure on the funnel: the share at 12 weeks among those who answered then.
FUNNEL_POINT = (TimePoint.WEEK_12, MissingRule.COMPLETE_CASES)
_CURVE_POINTS = 40  # points along each limit line


@dataclass(frozen=True, slots=True)
class TherapistCounts:
    key: str  # the therapist's public id
    name: str
    counts: Mapping[str, CohortCounts]  # by instrument


@dataclass(frozen=True, slots=True)
class TherapistFigures:
    key: str
    name: str
    figures: Figures


@dataclass(frozen=True, slots=True)
class FunnelPoint:
    key: str
    name: str
    n: int
    responders: int
    share: float
    shrunk: float
    limits: FunnelLimits
    position: Position


@dataclass(frozen=True, slots=True)
class Funnel:
    target: float  # the clinic's share
    clinic_n: int
    curve: tuple[FunnelLimits, ...]
    points: tuple[FunnelPoint, ...]  # in order of name
    hidden: int  # therapists with clients here whose point is not shown


@dataclass(frozen=True, slots=True)
class InstrumentReport:
    rule: ResponderRule
    clinic: Figures
    therapists: tuple[TherapistFigures, ...]  # in order of name
    funnel: Funnel | None  # none when the clinic's own share is hidden or absent
    # Clients with a start too low for the change (not enrolled): the count, hidden
    # below 10, or None when there are none.
    too_low: int | Suppressed | None = None


@dataclass(frozen=True, slots=True)
class CohortReport:
    whole_clinic: bool  # false: one therapist's report beside the clinic
    instruments: tuple[InstrumentReport, ...]
    published: PublishedCohort


_EMPTY = CohortCounts(0, 0, 0, 0, 0, 0, 0)


def _curve_ns(largest: int) -> list[int]:
    """Whole numbers from 10 to ``largest`` (and a little past it), spaced evenly on a log scale."""
    top = max(20, math.ceil(largest * 1.1))
    steps = [10 * (top / 10) ** (i / (_CURVE_POINTS - 1)) for i in range(_CURVE_POINTS)]
    return sorted({round(s) for s in steps})


def _funnel(
    clinic: CohortCounts,
    therapists: Sequence[TherapistCounts],
    instrument: str,
    shown: Mapping[str, Figures],
    clinic_shown: Figures,
) -> Funnel | None:
    if not isinstance(clinic_shown.shares[FUNNEL_POINT], Share):
        return None  # the clinic's own share is hidden or absent: no target to draw
    target = clinic.responders_12 / clinic.answered_12
    tallies = [
        Tally(t.key, t.name, c.answered_12, c.responders_12)
        for t in therapists
        if (c := t.counts.get(instrument, _EMPTY)).answered_12 > 0
    ]
    estimates = {s.key: s for s in shrink(tallies, target).estimates}
    points: list[FunnelPoint] = []
    hidden = 0
    for tally in tallies:
        figure = shown.get(tally.key)
        if figure is None:
            continue
        if not isinstance(figure.shares[FUNNEL_POINT], Share):
            hidden += 1
            continue
        limits = limits_at(target, tally.n)
        points.append(
            FunnelPoint(
                tally.key,
                tally.name,
                tally.n,
                tally.responders,
                tally.share,
                estimates[tally.key].shrunk,
                limits,
                position(tally.share, limits),
            )
        )
    largest = max([p.n for p in points], default=clinic.answered_12)
    return Funnel(
        target, clinic.answered_12, funnel_curve(target, _curve_ns(largest)), tuple(points), hidden
    )


def _instrument(
    rule: ResponderRule,
    clinic: CohortCounts,
    therapists: Sequence[TherapistCounts],
    mine: str | None,
    unassigned: CohortCounts,
) -> InstrumentReport:
    name = rule.instrument_id
    counts = {t.key: t.counts.get(name, _EMPTY) for t in therapists if name in t.counts}
    table = therapist_figures(counts, total_shown=True, unassigned=unassigned)
    also = None if mine is None else rest_of_clinic(clinic, mine, counts)
    clinic_shown = figures("clinic", clinic, also=also)
    kept = {key: f for key, f in table.items() if mine is None or key == mine}
    rows = tuple(
        TherapistFigures(t.key, t.name, kept[t.key])
        for t in display_order(therapists, name=lambda t: t.name, key=lambda t: t.key)
        if t.key in kept
    )
    return InstrumentReport(
        rule, clinic_shown, rows, _funnel(clinic, therapists, name, kept, clinic_shown)
    )


def _low(n: int) -> int | Suppressed | None:
    if n == 0:
        return None
    return n if n >= MIN_CELL_CLIENTS else Suppressed("too low", Reason.TOO_FEW)


def assemble(
    clinic: Mapping[str, CohortCounts],
    therapists: Sequence[TherapistCounts],
    rules: Sequence[ResponderRule],
    *,
    mine: str | None = None,
    unassigned: Mapping[str, CohortCounts] | None = None,
    too_low: Mapping[str, int] | None = None,
) -> CohortReport:
    """Return the report of ``clinic``'s counts (by instrument) and its ``therapists``'.

    ``mine``: a therapist's public id; only their own row and funnel point are kept.
    ``unassigned``: the counts (by instrument) of the clients with no therapist.
    ``too_low``: how many (by instrument) started too low to be enrolled.
    """
    alone = unassigned or {}
    low = too_low or {}
    return CohortReport(
        whole_clinic=mine is None,
        instruments=tuple(
            replace(
                _instrument(
                    rule,
                    clinic.get(rule.instrument_id, _EMPTY),
                    therapists,
                    mine,
                    alone.get(rule.instrument_id, _EMPTY),
                ),
                too_low=_low(low.get(rule.instrument_id, 0)),
            )
            for rule in rules
        ),
        published=ELDER_2017,
    )
