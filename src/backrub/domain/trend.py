"""Estimate how a score moves over weeks, robustly and with its uncertainty.

Readings (several a day are fine) are first reduced to one median per week,
counted in whole weeks from the first reading, so five years of three
check-ins a day become about 260 points. The slope is the Theil-Sen
estimator: the median of the slopes between every pair of weekly points, in
points per week. One bad week cannot drag it the way it drags a least-squares
line.

The 95% interval is Sen's rank-based interval (Sen 1968; Gilbert 1987, ch. 16):
sort the pairwise slopes and take the two whose ranks lie ``z * sqrt(Var S)``
either side of the middle, where ``Var S`` is the variance of Kendall's S under
no trend, corrected for tied weekly values. It is deterministic (no random
numbers). Two honest limits, also stated in the words a person sees: the
normal approximation behind it is rough below about 10 weeks, and it assumes
week-to-week noise is independent, which a pain diary rarely is, so the
interval is, if anything, too narrow.

Edge cases: no readings gives no weekly points and no slope; one week gives a
point but no slope; the words refuse to conclude below ``MIN_TREND_WEEKS``
weekly points or when the interval includes 0.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from statistics import NormalDist, median

from backrub.domain.words import counted, fixed
from backrub.errors import InvalidInput
from backrub.i18n import N_, _

# Product default, not evidence: below four weekly points a slope is mostly
# noise, and the person should be told so rather than shown a direction.
MIN_TREND_WEEKS = 4
CONFIDENCE = 0.95
METHOD = "Theil-Sen slope of weekly medians; Sen's rank-based 95% interval"
# The scores a trend is drawn for, named in the person's language in the words
# (the label itself stays as given, for JSON).
_LABELS = {"pain": N_("pain")}


def shown_label(label: str) -> str:
    """Return a score's name (``Trend.label``, kept in English) in the current language."""
    return _(_LABELS[label]) if label in _LABELS else label


@dataclass(frozen=True, slots=True)
class WeekPoint:
    """The median of one week's readings; ``week`` counts from the first reading (0)."""

    week: int
    starts: date
    median: float
    readings: int


@dataclass(frozen=True, slots=True)
class Slope:
    """A Theil-Sen slope in points per week with its 95% interval."""

    per_week: float
    low_per_week: float
    high_per_week: float

    @property
    def includes_zero(self) -> bool:
        return self.low_per_week <= 0.0 <= self.high_per_week


@dataclass(frozen=True, slots=True)
class Trend:
    """How one score moved over the weeks, and what may be said about it."""

    label: str
    higher_is_worse: bool
    weeks: tuple[WeekPoint, ...]
    readings: int
    slope: Slope | None
    is_conclusive: bool
    words: str

    @property
    def shown_label(self) -> str:
        """Return what the score is called, in the current language ("pain": "mức đau")."""
        return shown_label(self.label)

    def to_json(self) -> dict[str, object]:
        """Return the shape documented in ``backrub.domain.progress``."""
        return {
            "kind": "trend",
            "label": self.label,
            "higher_is_worse": self.higher_is_worse,
            "method": METHOD,
            "readings": self.readings,
            "weeks": len(self.weeks),
            "slope_per_week": None if self.slope is None else self.slope.per_week,
            "ci95_per_week": None
            if self.slope is None
            else [self.slope.low_per_week, self.slope.high_per_week],
            "is_conclusive": self.is_conclusive,
            "min_weeks": MIN_TREND_WEEKS,
            "min_weeks_source": "product default, not evidence",
            "weekly": [
                {"week": p.week, "starts": p.starts.isoformat(), "median": p.median}
                for p in self.weeks
            ],
            "words": self.words,
        }


def weekly_medians(readings: Iterable[tuple[date, float]]) -> tuple[WeekPoint, ...]:
    """Reduce readings to one median per week, counted from the earliest reading.

    Weeks without readings are left out (not filled in). A reading that is not a
    finite number raises ``InvalidInput``.
    """
    by_day: list[tuple[date, float]] = []
    for day, value in readings:
        if not math.isfinite(value):
            raise InvalidInput("reading", value, _("use a finite number"))
        by_day.append((day, float(value)))
    if not by_day:
        return ()
    first = min(day for day, _ in by_day)
    buckets: defaultdict[int, list[float]] = defaultdict(list)
    for day, value in by_day:
        buckets[(day - first).days // 7].append(value)
    return tuple(
        WeekPoint(
            week=week,
            starts=date.fromordinal(first.toordinal() + 7 * week),
            median=float(median(values)),
            readings=len(values),
        )
        for week, values in sorted(buckets.items())
    )


def theil_sen(points: Iterable[tuple[float, float]]) -> Slope | None:
    """Return the Theil-Sen slope of ``(x, y)`` points with Sen's 95% interval.

    Points sharing an x are not paired with each other. Fewer than two
    distinct x values give ``None``.
    """
    xy = sorted(points)
    slopes = _pairwise_slopes(xy)
    if not slopes:
        return None
    count = len(slopes)
    spread = NormalDist().inv_cdf(0.5 + CONFIDENCE / 2) * math.sqrt(_kendall_variance(xy))
    # Gilbert 1987: the lower limit is the M1-th and the upper the (M2+1)-th
    # smallest slope, M1 = (N - C) / 2 and M2 = (N + C) / 2 (1-based ranks).
    lower_index = max(0, round((count - spread) / 2) - 1)
    upper_index = min(count - 1, round((count + spread) / 2))
    return Slope(
        per_week=float(median(slopes)),
        low_per_week=slopes[lower_index],
        high_per_week=slopes[upper_index],
    )


def _pairwise_slopes(xy: list[tuple[float, float]]) -> list[float]:
    """Return ``(y2 - y1) / (x2 - x1)`` for every pair of points with different x, sorted.

    Worked out with numpy: the same IEEE operations on the same doubles as one pair
    at a time in Python, in the same order (pairs i < j, a stable sort), so the very
    same list, about a hundred times sooner for five years of weeks.
    """
    import numpy as np  # only when a trend is worked out: the daily check-in never needs it

    if len(xy) < 2:
        return []
    points = np.asarray(xy, dtype=np.float64)
    first, second = np.triu_indices(len(xy), k=1)
    dx = points[second, 0] - points[first, 0]
    dy = points[second, 1] - points[first, 1]
    apart = dx != 0
    slopes: list[float] = np.sort(dy[apart] / dx[apart], kind="stable").tolist()
    return slopes


def _kendall_variance(xy: list[tuple[float, float]]) -> float:
    """Return Var(S) of Kendall's S with no trend, corrected for ties in x and y."""
    n = len(xy)

    def ties(values: Iterable[float]) -> int:
        return sum(t * (t - 1) * (2 * t + 5) for t in Counter(values).values() if t > 1)

    return (n * (n - 1) * (2 * n + 5) - ties(x for x, _ in xy) - ties(y for _, y in xy)) / 18


def trend(readings: Iterable[tuple[date, float]], *, label: str, higher_is_worse: bool) -> Trend:
    """Describe the weekly trend of a score in points per week, refusing when unclear.

    ``label`` names the score in the words ("pain", "RMDQ"). The words say
    "no clear trend yet" with fewer than ``MIN_TREND_WEEKS`` weekly points or
    when the 95% interval includes 0.
    """
    values = list(readings)
    weeks = weekly_medians(values)
    slope = theil_sen((float(p.week), p.median) for p in weeks)
    conclusive = slope is not None and len(weeks) >= MIN_TREND_WEEKS and not slope.includes_zero
    return Trend(
        label=label,
        higher_is_worse=higher_is_worse,
        weeks=weeks,
        readings=len(values),
        slope=slope,
        is_conclusive=conclusive,
        words=_trend_words(label, higher_is_worse, len(weeks), slope, conclusive),
    )


def _weekly(value: float) -> str:
    """Return a weekly change in words: "a fall of 0.40", "a rise of 0.10", "no change"."""
    if round(value, 2) == 0:
        return _("no change")
    if value > 0:
        return _("a rise of %(size)s", size=fixed(abs(value), 2))
    return _("a fall of %(size)s", size=fixed(abs(value), 2))


def _trend_words(
    label: str, higher_is_worse: bool, weeks: int, slope: Slope | None, conclusive: bool
) -> str:
    label = shown_label(label)
    limits = _(
        "The interval assumes each week is independent of the last, which a diary rarely "
        "is, so it is if anything too narrow; and a trend does not show what caused it."
    )
    if slope is None or weeks < MIN_TREND_WEEKS:
        return _(
            "No clear trend yet: %(label)s has %(weeks)s of data and backrub waits for at "
            "least %(least)s (product default, not evidence).",
            label=label,
            weeks=counted(weeks, "week"),
            least=MIN_TREND_WEEKS,
        )
    per_week = slope.per_week
    size = fixed(abs(per_week), 2)
    if round(per_week, 2) == 0:
        moved = _("stayed level")
    elif per_week > 0:
        moved = _("rose by about %(size)s points a week", size=size)
    else:
        moved = _("fell by about %(size)s points a week", size=size)
    numbers = _(
        "%(label)s %(moved)s (95%% interval: %(low)s to %(high)s a week), from %(weeks)s "
        "weekly medians.",
        label=label.capitalize(),
        moved=moved,
        low=_weekly(slope.low_per_week),
        high=_weekly(slope.high_per_week),
        weeks=weeks,
    )
    if not conclusive:
        clear = _("No clear trend yet: the interval includes no change.")
        return f"{numbers} {clear} {limits}"
    rising = slope.per_week > 0
    better = rising != higher_is_worse
    if rising and better:
        meaning = _("It is rising, which for %(label)s means getting better.", label=label)
    elif rising:
        meaning = _("It is rising, which for %(label)s means getting worse.", label=label)
    elif better:
        meaning = _("It is falling, which for %(label)s means getting better.", label=label)
    else:
        meaning = _("It is falling, which for %(label)s means getting worse.", label=label)
    return f"{numbers} {meaning} {limits}"
