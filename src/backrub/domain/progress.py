"""Say honestly whether things are getting better: change, trend, days compared, dose.

Every result is a frozen value with plain ``words`` and a ``to_json()`` whose
shape is public (``backrub progress --json``). Numbers are floats, intervals
are ``[low, high]`` lists, and anything that cannot be computed is ``null``
rather than a guess. Thresholds carry their source as ``cite`` text from
``Rule.cite()`` ("source: ostelo-2008" or "product default, not evidence").

``Change.to_json()``::

    {"kind": "change", "instrument": "nrs", "name": "Pain", "unit": "points",
     "baseline": 6.0, "latest": 3.0, "higher_is_worse": true,
     "improvement_points": 3.0,          # positive = better, whatever the direction
     "improvement_pct": 50.0,            # null where a percent means nothing: a baseline
                                         # of 0, a detectable change (PSFS), a scale with
                                         # negative values (fingertip-to-floor)
     "relative": {"rule": "mic_relative_pct", "threshold_pct": 30.0,
                  "is_responder": true,  # null when the baseline is 0
                  "sources": ["ostelo-2008", "dworkin-2008"], "cite": "source: ..."}
                 | null,                 # null where no source gives the 30% rule for the
                                         # instrument (all but pain, RMDQ and ODI)
     "absolute": {"rule": "mic_nrs_points",   # mic_ / mdc_ / sdc_
                  "kind": "minimal important change",  # or "minimal detectable change",
                                                       # "smallest detectable change"
                  "threshold_points": 2.0, "unit": "points",   # "cm" for fingertip-to-floor
                  "is_responder": true,  # for a detectable change: beyond measurement error
                  "sources": ["ostelo-2008"], "cite": "source: ..."},
     "conclusion": "meaningful improvement",   # the one verdict the report and its
                                               # chart captions also show
     "words": "Pain improved by 3 points (50%), from 6 to 3. ..."}

``Trend.to_json()`` (built in ``backrub.domain.trend``)::

    {"kind": "trend", "label": "pain", "higher_is_worse": true, "method": "...",
     "readings": 120, "weeks": 9,
     "slope_per_week": -0.25,            # null below 2 weekly points
     "ci95_per_week": [-0.4, -0.1],      # null below 2 weekly points
     "is_conclusive": true, "min_weeks": 4,
     "min_weeks_source": "product default, not evidence",
     "weekly": [{"week": 0, "starts": "2025-01-06", "median": 6.0}, ...],
     "words": "..."}

``Comparison.to_json()`` (N-of-1 days after a massage vs other days)::

    {"kind": "days_compared", "method": "...", "measure": "pain",
     "after_massage": {"days": 30, "mean": 3.1}, "other": {"days": 30, "mean": 5.0},
     "difference": -1.9,                 # after minus other; null if a group is empty
     "ci95": [-2.3, -1.5],               # null if a group has fewer than 2 days
     "seed": 0, "resamples": 2000,
     "is_conclusive": true, "min_days_per_group": 7,
     "min_days_source": "product default, not evidence",
     "caveat": "These days were not randomised ...", "words": "..."}

``Dose.to_json()``::

    {"kind": "dose", "sessions_planned": 10, "sessions_due": 8, "sessions_done": 7,
     "adherence_pct": 87.5,              # done of due; null when nothing was due
     "professional_sessions": {<SessionCount>},   # null without a plan
     "self_massage_min_by_week": [20.0, 35.0, 5.0],   # week 0 starts on ``start``
     "self_massage_min_per_week_mean": 20.0,          # complete weeks only; null if none
     "overrides": 2, "words": "..."}

``TrialComparison.to_json()``::

    {"kind": "trial_comparison", "instrument": "rmdq", "person": {<Change>},
     "trials": [{"source": "cherkin-2011", "arm": "relaxation massage",
                 "comparator": "usual care", "weeks": 10,
                 "measure": "between-group mean difference",
                 "improvement_points": 2.9, "ci95": [1.8, 4.0]}, ...],
     "caveat": "A trial average is no prediction for one person. ...", "words": "..."}
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from backrub.domain.adherence import SessionCount
from backrub.domain.change import Change, ThresholdKind, change
from backrub.domain.comparison import (
    MIN_DAYS_PER_GROUP,
    NOT_RANDOMISED,
    Comparison,
    Group,
    compare_days,
)
from backrub.domain.trend import Trend, trend
from backrub.domain.words import counted, fixed
from backrub.domain.words import day as day_words
from backrub.errors import InvalidInput
from backrub.i18n import N_, _, ngettext

__all__ = [
    "MIN_DAYS_PER_GROUP",
    "NOT_A_PREDICTION",
    "NOT_RANDOMISED",
    "TRIAL_RESULTS",
    "Change",
    "Comparison",
    "Dose",
    "Group",
    "ThresholdKind",
    "Trend",
    "TrialComparison",
    "TrialResult",
    "change",
    "compare_days",
    "compare_with_trials",
    "dose",
    "trend",
]

NOT_A_PREDICTION = N_(
    "A trial average is no prediction for one person. The trial figures are differences "
    "between groups (massage vs usual care), not one person's before-and-after change, "
    "which also includes the natural course of back pain."
)


@dataclass(frozen=True, slots=True)
class Dose:
    """How much of the plan was done: sessions, self-massage minutes, overrides."""

    sessions_planned: int
    sessions_done: int
    adherence_pct: float | None
    self_massage_min_by_week: tuple[float, ...]
    self_massage_min_per_week_mean: float | None
    overrides: int
    words: str
    sessions: SessionCount | None = None  # the plan's one count (backrub.domain.adherence)

    def to_json(self) -> dict[str, object]:
        """Return the shape documented in the module docstring."""
        return {
            "kind": "dose",
            "sessions_planned": self.sessions_planned,
            "sessions_due": None if self.sessions is None else self.sessions.due,
            "sessions_done": self.sessions_done,
            "adherence_pct": self.adherence_pct,
            "self_massage_min_by_week": list(self.self_massage_min_by_week),
            "self_massage_min_per_week_mean": self.self_massage_min_per_week_mean,
            "overrides": self.overrides,
            "professional_sessions": None if self.sessions is None else self.sessions.to_json(),
            "words": self.words,
        }


def _minutes_by_week(
    self_massage_min: Iterable[tuple[date, float]], start: date, today: date
) -> list[float]:
    """Return the self-massage minutes of each week from ``start`` (the last one running)."""
    if today < start:
        raise InvalidInput(
            "today", today.isoformat(), _("use a date on or after %(day)s", day=day_words(start))
        )
    weeks = [0.0] * ((today - start).days // 7 + 1)
    for day, minutes in self_massage_min:
        if not start <= day <= today:
            raise InvalidInput(
                "self_massage_day",
                day.isoformat(),
                _(
                    "use a date from %(first)s to %(last)s",
                    first=day_words(start),
                    last=day_words(today),
                ),
            )
        if not math.isfinite(minutes) or minutes < 0:
            raise InvalidInput("self_massage_min", minutes, _("use a number of minutes, 0 or more"))
        weeks[(day - start).days // 7] += minutes
    return weeks


def dose(
    *,
    sessions_planned: int = 0,
    sessions_done: int = 0,
    sessions: SessionCount | None = None,
    self_massage_min: Iterable[tuple[date, float]],
    overrides: int,
    start: date,
    today: date,
) -> Dose:
    """Summarise the dose taken: sessions done vs planned, minutes a week, cap overrides.

    ``self_massage_min`` holds (day, minutes) pairs, several a day allowed;
    weeks count from ``start`` and the current week is listed but left out of
    the mean, because a week still running would pull it down. Counts below 0
    and days outside ``start``..``today`` raise ``InvalidInput``. With a plan,
    ``sessions`` is its one count and replaces ``sessions_planned`` and
    ``sessions_done``, so progress says what the plan page says.
    """
    if sessions is not None:
        sessions_planned, sessions_done = sessions.planned, sessions.done
    for field, count in (
        ("sessions_planned", sessions_planned),
        ("sessions_done", sessions_done),
        ("overrides", overrides),
    ):
        if count < 0:
            raise InvalidInput(field, count, _("use a whole number of 0 or more"))
    weeks = _minutes_by_week(self_massage_min, start, today)
    complete = weeks[:-1] if (today - start).days % 7 != 6 else weeks
    mean = math.fsum(complete) / len(complete) if complete else None
    adherence = None if sessions_planned == 0 else sessions_done / sessions_planned * 100
    if sessions is not None:
        adherence = None if sessions.share_pct is None else float(sessions.share_pct)
    if sessions is not None:
        said = sessions.words
    elif adherence is None:
        said = _("No professional sessions were planned; %(done)s done.", done=sessions_done)
    else:
        said = _(
            "You did %(done)s of %(planned)s planned sessions (%(share)s%%).",
            done=sessions_done,
            planned=sessions_planned,
            share=f"{adherence:.0f}",
        )
    words = _dose_words(said, mean, len(complete), overrides)
    return Dose(
        sessions_planned=sessions_planned,
        sessions_done=sessions_done,
        adherence_pct=adherence,
        self_massage_min_by_week=tuple(weeks),
        self_massage_min_per_week_mean=mean,
        overrides=overrides,
        words=words,
        sessions=sessions,
    )


def _dose_words(sessions: str, mean: float | None, weeks: int, overrides: int) -> str:
    if mean is None:
        minutes = _("Self-massage: no complete week yet.")
    else:
        minutes = ngettext(
            "Self-massage: %(minutes)s min a week on average over %(num)d full week.",
            "Self-massage: %(minutes)s min a week on average over %(num)d full weeks.",
            weeks,
            minutes=f"{mean:.0f}",
        )
    if overrides == 0:
        cap = _("You never overrode the self-massage cap.")
    else:
        cap = ngettext(
            "You overrode the self-massage cap once; reports show each one.",
            "You overrode the self-massage cap %(num)d times; reports show each one.",
            overrides,
        )
    return f"{sessions} {minutes} {cap}"


@dataclass(frozen=True, slots=True)
class TrialResult:
    """What a trial reported for one instrument: a between-group mean difference."""

    source: str
    instrument_id: str
    arm: str
    comparator: str
    weeks: int
    improvement_points: float
    ci95: tuple[float, float]

    def to_json(self) -> dict[str, object]:
        return {
            "source": self.source,
            "arm": self.arm,
            "comparator": self.comparator,
            "weeks": self.weeks,
            "measure": "between-group mean difference",
            "improvement_points": self.improvement_points,
            "ci95": list(self.ci95),
        }


_RELAXATION = N_("relaxation massage")
_STRUCTURAL = N_("structural massage")
_USUAL_CARE = N_("usual care")

# cherkin-2011, adjusted mean differences vs usual care at 10 weeks (primary
# outcome), improvement positive. Bothersomeness is its own 0-10 item, not the
# pain NRS, so it is listed under its own id.
TRIAL_RESULTS: tuple[TrialResult, ...] = (
    TrialResult("cherkin-2011", "rmdq", _RELAXATION, _USUAL_CARE, 10, 2.9, (1.8, 4.0)),
    TrialResult("cherkin-2011", "rmdq", _STRUCTURAL, _USUAL_CARE, 10, 2.5, (1.4, 3.5)),
    TrialResult("cherkin-2011", "bothersomeness", _RELAXATION, _USUAL_CARE, 10, 1.7, (1.2, 2.2)),
    TrialResult("cherkin-2011", "bothersomeness", _STRUCTURAL, _USUAL_CARE, 10, 1.4, (0.8, 1.9)),
)
# The RDQ of cherkin-2011 is the same 24-item Roland-Morris questionnaire.
_ALIASES = {"rdq": "rmdq", "rmdq-24": "rmdq"}


@dataclass(frozen=True, slots=True)
class TrialComparison:
    """A person's change beside what trials reported for the same instrument."""

    person: Change
    trials: tuple[TrialResult, ...]
    words: str

    def to_json(self) -> dict[str, object]:
        """Return the shape documented in the module docstring."""
        return {
            "kind": "trial_comparison",
            "instrument": self.person.instrument_id,
            "person": self.person.to_json(),
            "trials": [t.to_json() for t in self.trials],
            "caveat": _(NOT_A_PREDICTION),
            "words": self.words,
        }


def compare_with_trials(person: Change) -> TrialComparison:
    """Put the trial results for the person's instrument beside their change.

    Always carries ``NOT_A_PREDICTION``; an instrument no trial reported gives
    an empty table and says so.
    """
    key = _ALIASES.get(person.instrument_id.lower(), person.instrument_id.lower())
    named = (
        person.name[0].lower() + person.name[1:] if person.name.startswith("The ") else person.name
    )
    rows = tuple(r for r in TRIAL_RESULTS if r.instrument_id == key)
    if rows:
        listed = "; ".join(_trial_words(r) for r in rows)
        head = _("In trials of %(name)s: %(results)s.", name=named, results=listed)
    else:
        head = _("No trial in backrub's catalogue reported %(name)s.", name=named)
    mine = _("Yours: %(movement)s", movement=person.movement)
    return TrialComparison(person=person, trials=rows, words=f"{head} {mine} {_(NOT_A_PREDICTION)}")


def _trial_words(r: TrialResult) -> str:
    return _(
        "%(arm)s improved %(points)s more than %(comparator)s at %(weeks)s weeks (95%% CI "
        "%(low)s to %(high)s points; source: %(source)s)",
        arm=_(r.arm),
        points=counted(r.improvement_points, "point"),
        comparator=_(r.comparator),
        weeks=r.weeks,
        low=fixed(r.ci95[0], 1),
        high=fixed(r.ci95[1], 1),
        source=r.source,
    )
