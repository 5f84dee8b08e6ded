"""Say which answer counts at baseline, 12 and 24 weeks, and who is a responder.

The cohort report follows the study it is modelled on (elder-2017: baseline,
12 weeks and 24 weeks after the start of care). Real answers come a few days
early or late, so each time point is a window of days around its target day,
counted from the client's first session (day 0):

- baseline: the answer closest to day 0, from 14 days before to 3 days after;
- 12 weeks: the answer closest to day 84, from 14 days before to 14 after;
- 24 weeks: the answer closest to day 168, from 14 days before to 14 after.

An answer exactly as far before as another is after: the earlier one counts
(it is closer to the care it follows). The windows are product defaults
(``cohort_window_days``, ``cohort_baseline_late_days`` in the rules table):
elder-2017 reports no window, and a window of two weeks either side keeps the
12-week and 24-week answers apart. The database can apply the same windows in
SQL: they are data here, not code.

A responder improves from baseline by the instrument's minimal important
change *and*, where a source supports a relative rule for that instrument, by
30% or more. ostelo-2008 gives the absolute *or* the relative threshold;
requiring both is backrub's own, stricter combination (a product rule) - the
same verdict ("meaningful improvement") that a client's own progress page
gives, so the report and the page never disagree. PEG has an absolute rule
only (reed-2024, 1 point).

Who is enrolled on an instrument (``has_room``): a client whose starting score
leaves room for the smallest change that matters (pain 2 or more, RMDQ 5 or
more, ODI 10 or more, PEG 1 or more). Someone who starts lower could never be
a responder, and counting them would push every share down for a reason that
has nothing to do with how they did (a floor effect). A product default; no
source sets it (reference/evidence.md does not say whether elder-2017 asked for
a lowest starting score).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from backrub.domain.change import ThresholdKind, threshold_kind
from backrub.domain.instruments import INSTRUMENTS, Direction
from backrub.domain.rules import Rules
from backrub.i18n import N_, _

__all__ = [
    "BASELINE_LATE_DAYS",
    "COHORT_INSTRUMENTS",
    "WINDOWS",
    "WINDOW_DAYS",
    "ResponderRule",
    "TimePoint",
    "Window",
    "baseline_last_day",
    "has_room",
    "is_responder",
    "pick_answer",
    "responder_rule",
]

# The instruments with a responder rule from a source: pain, RMDQ, ODI (ostelo-2008),
# PEG (reed-2024).
COHORT_INSTRUMENTS = ("nrs", "peg", "rmdq", "odi")

# Product defaults; the rules table holds the same numbers (a test checks).
WINDOW_DAYS = 14
# The one definition of how late a starting answer may come, for the cohort's window and
# for the follow-up schedule's baseline questionnaire alike (review S6-6): up to 3 days
# after the first session, care has barely begun; later it would not be a starting point.
BASELINE_LATE_DAYS = 3


def baseline_last_day(first_session: date) -> date:
    """Return the last local day a starting answer counts: ``BASELINE_LATE_DAYS`` after
    ``first_session`` (the date of the first recorded session, day 0).

    The follow-up schedule closes its baseline questionnaire at the end of this day,
    so a baseline asked through a link always falls in the cohort's baseline window.
    """
    return first_session + timedelta(days=BASELINE_LATE_DAYS)


class TimePoint(StrEnum):
    BASELINE = "baseline"
    WEEK_12 = "12 weeks"
    WEEK_24 = "24 weeks"

    @property
    def words(self) -> str:
        return _(_TIME_WORDS[self])


_TIME_WORDS = {
    TimePoint.BASELINE: N_("at the start"),
    TimePoint.WEEK_12: N_("at 12 weeks"),
    TimePoint.WEEK_24: N_("at 24 weeks"),
}


@dataclass(frozen=True, slots=True)
class Window:
    """Days counted from the first session: ``target_day - early`` to ``target_day + late``."""

    target_day: int
    early_days: int
    late_days: int

    @property
    def first_day(self) -> int:
        return self.target_day - self.early_days

    @property
    def last_day(self) -> int:
        return self.target_day + self.late_days


WINDOWS = {
    TimePoint.BASELINE: Window(0, WINDOW_DAYS, BASELINE_LATE_DAYS),
    TimePoint.WEEK_12: Window(84, WINDOW_DAYS, WINDOW_DAYS),
    TimePoint.WEEK_24: Window(168, WINDOW_DAYS, WINDOW_DAYS),
}


def pick_answer(
    answers: Iterable[tuple[date, float]], *, start: date, point: TimePoint
) -> float | None:
    """Return the score that counts at ``point``, or ``None`` when none falls in its window.

    ``answers`` are (local date answered, score) for one client and one
    instrument; ``start`` is the date of their first session.
    """
    window = WINDOWS[point]
    best: tuple[int, int, float] | None = None
    for answered, score in answers:
        day = (answered - start).days
        if not window.first_day <= day <= window.last_day:
            continue
        candidate = (abs(day - window.target_day), day, score)
        if best is None or candidate[:2] < best[:2]:
            best = candidate
    return None if best is None else best[2]


@dataclass(frozen=True, slots=True)
class ResponderRule:
    """What counts as a meaningful improvement on one instrument, with its sources."""

    instrument_id: str
    points: float  # the minimal important change, in the instrument's points
    percent: float | None  # the relative rule (30), where a source supports it
    higher_is_worse: bool
    sources: tuple[str, ...]
    best_score: float = 0.0  # the best score the instrument allows (its low end here)

    @property
    def lowest_start(self) -> float:
        """The worst-side starting score from which the change is still possible."""
        step = self.points if self.higher_is_worse else -self.points
        return self.best_score + step

    def to_json(self) -> dict[str, object]:
        return {
            "instrument": self.instrument_id,
            "points": self.points,
            "percent": self.percent,
            "higher_is_worse": self.higher_is_worse,
            "sources": list(self.sources),
            "lowest_start": self.lowest_start,
        }


def responder_rule(instrument_id: str, rules: Rules) -> ResponderRule:
    """Return the responder rule of ``instrument_id`` from the rules table.

    Only an instrument with a minimal *important* change has one (a detectable
    change says nothing about mattering); anything else is a programming error.
    """
    instrument = INSTRUMENTS[instrument_id]
    if instrument.mic_rule_id is None:
        raise ValueError(f"{instrument_id} has no change threshold")
    absolute = rules[instrument.mic_rule_id]
    if threshold_kind(absolute) is not ThresholdKind.MIC:
        raise ValueError(f"{instrument_id} has a detectable change only, no responder rule")
    relative = None if instrument.relative_rule_id is None else rules[instrument.relative_rule_id]
    sources = tuple(dict.fromkeys((*absolute.sources, *(relative.sources if relative else ()))))
    worse_up = instrument.direction is Direction.HIGHER_IS_WORSE
    return ResponderRule(
        instrument_id=instrument_id,
        points=absolute.value,
        percent=None if relative is None else relative.value,
        higher_is_worse=worse_up,
        sources=sources,
        best_score=instrument.score_low if worse_up else instrument.score_high,
    )


def has_room(rule: ResponderRule, baseline: float) -> bool:
    """Return whether a client starting at ``baseline`` could improve by ``rule``'s points.

    Only such a client is enrolled on the instrument (a product default: see
    the module's docstring); from lower, nobody can be a responder.
    """
    if rule.higher_is_worse:
        return round(baseline - rule.best_score, 9) >= rule.points
    return round(rule.best_score - baseline, 9) >= rule.points


def is_responder(rule: ResponderRule, *, baseline: float, later: float) -> bool:
    """Return whether ``later`` improves on ``baseline`` by ``rule`` (met at equality).

    From a baseline of 0 no percent can be worked out, so the points decide
    alone (as on the progress page).
    """
    points = round(baseline - later if rule.higher_is_worse else later - baseline, 9)
    if points < rule.points:
        return False
    if rule.percent is None or baseline <= 0:
        return True
    return round(points / baseline * 100, 9) >= rule.percent
