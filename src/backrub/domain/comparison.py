"""A personal (N-of-1) comparison: pain on days after a massage against other days.

The days were not randomised, so the words always say that something else may
explain a difference, and they refuse to conclude when either group is small
or the interval includes no difference. Its ``to_json`` shape is documented in
``backrub.domain.progress``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

import numpy as np

from backrub.domain.words import counted, fixed
from backrub.errors import InvalidInput
from backrub.i18n import N_, _, ngettext

# Product default, not evidence: fewer than a week of days in either group is
# too little to compare one person's days, however large the difference looks.
MIN_DAYS_PER_GROUP = 7
NOT_RANDOMISED = N_(
    "These days were not randomised, so other things (activity, sleep, the natural course "
    "of back pain, which improves over time for most people: qaseem-2017) may explain a "
    "difference."
)


def finite(field: str, value: float) -> float:
    """Return ``value`` as a float, refusing NaN and infinities by field name."""
    if not math.isfinite(value):
        raise InvalidInput(field, value, _("use a finite number"))
    return float(value)


@dataclass(frozen=True, slots=True)
class Group:
    """The days in one arm of a personal comparison."""

    days: int
    mean: float | None


@dataclass(frozen=True, slots=True)
class Comparison:
    """Pain on days after a massage day vs other days, for one person."""

    after_massage: Group
    other: Group
    difference: float | None
    ci95: tuple[float, float] | None
    seed: int
    resamples: int
    is_conclusive: bool
    words: str

    def to_json(self) -> dict[str, object]:
        """Return the shape documented in the module docstring."""
        return {
            "kind": "days_compared",
            "method": (
                "difference in mean pain (after-massage days minus other days); "
                "percentile bootstrap 95% interval, days resampled within each group"
            ),
            "measure": "pain",
            "after_massage": {"days": self.after_massage.days, "mean": self.after_massage.mean},
            "other": {"days": self.other.days, "mean": self.other.mean},
            "difference": self.difference,
            "ci95": None if self.ci95 is None else list(self.ci95),
            "seed": self.seed,
            "resamples": self.resamples,
            "is_conclusive": self.is_conclusive,
            "min_days_per_group": MIN_DAYS_PER_GROUP,
            "min_days_source": "product default, not evidence",
            "caveat": _(NOT_RANDOMISED),
            "words": self.words,
        }


def compare_days(
    pain_by_day: Mapping[date, float],
    massage_days: set[date],
    *,
    seed: int = 0,
    resamples: int = 2000,
) -> Comparison:
    """Compare mean pain on the day after a massage day with all other days.

    A day belongs to the "after massage" group when the day before it is in
    ``massage_days``; every other day with a pain value is "other" (including
    a massage day whose eve had none, since its pain may be logged before the
    massage). The 95% interval is a percentile bootstrap of the difference in
    means with a fixed ``seed``, so the same data always give the same words.
    It treats days as independent, which they are not quite.
    """
    if resamples < 100:
        raise InvalidInput("resamples", resamples, _("use a whole number of at least 100"))
    after: list[float] = []
    other: list[float] = []
    for day, pain in sorted(pain_by_day.items()):
        value = finite(f"pain on {day.isoformat()}", pain)
        (after if day - timedelta(days=1) in massage_days else other).append(value)
    mean_after = _mean(after)
    mean_other = _mean(other)
    diff = None if mean_after is None or mean_other is None else mean_after - mean_other
    ci = _bootstrap(after, other, seed, resamples)
    enough = min(len(after), len(other)) >= MIN_DAYS_PER_GROUP
    conclusive = enough and ci is not None and not ci[0] <= 0.0 <= ci[1]
    return Comparison(
        after_massage=Group(len(after), mean_after),
        other=Group(len(other), mean_other),
        difference=diff,
        ci95=ci,
        seed=seed,
        resamples=resamples,
        is_conclusive=conclusive,
        words=_comparison_words(len(after), len(other), mean_after, mean_other, ci, conclusive),
    )


def _mean(values: list[float]) -> float | None:
    return math.fsum(values) / len(values) if values else None


def _bootstrap(
    after: list[float], other: list[float], seed: int, resamples: int
) -> tuple[float, float] | None:
    if len(after) < 2 or len(other) < 2:
        return None
    a = np.asarray(after)
    b = np.asarray(other)
    draws_a, draws_b = _draws(seed, a.size, b.size, resamples)
    means_a = a[draws_a].mean(axis=1)
    means_b = b[draws_b].mean(axis=1)
    low, high = np.quantile(means_a - means_b, [0.025, 0.975])
    return float(low), float(high)


@lru_cache(maxsize=1)
def _draws(seed: int, size_a: int, size_b: int, resamples: int) -> tuple[Any, Any]:
    """Return the resampled positions of both groups: which days each resample takes.

    They depend only on the seed and the sizes, not on the pain values, so a new
    check-in today (which changes a value, not how many days there are) reuses them.
    Drawn in the order the bootstrap always drew them (first group, then the other),
    so the means are the very same. One set is kept (about 30 MB on five years).
    """
    rng = np.random.default_rng(seed)
    draws_a = rng.integers(0, size_a, size=(resamples, size_a))
    draws_b = rng.integers(0, size_b, size=(resamples, size_b))
    draws_a.flags.writeable = False  # shared between calls: nobody may change them
    draws_b.flags.writeable = False
    return draws_a, draws_b


def _apart(value: float) -> str:
    """Return a difference in words: "1.9 points lower", "0.3 points higher", "no different"."""
    if round(value, 1) == 0:
        return _("no different")
    points = counted(round(abs(value), 1), "point")
    if value < 0:
        return _("%(points)s lower", points=points)
    return _("%(points)s higher", points=points)


def _comparison_words(
    n_after: int,
    n_other: int,
    mean_after: float | None,
    mean_other: float | None,
    ci: tuple[float, float] | None,
    conclusive: bool,
) -> str:
    if min(n_after, n_other) < MIN_DAYS_PER_GROUP or mean_after is None or mean_other is None:
        head = ngettext(
            "Not enough days to compare yet: %(after)s after a massage and %(num)d other day; "
            "backrub waits for at least %(least)s in each (product default, not evidence).",
            "Not enough days to compare yet: %(after)s after a massage and %(num)d other days; "
            "backrub waits for at least %(least)s in each (product default, not evidence).",
            n_other,
            after=counted(n_after, "day"),
            least=MIN_DAYS_PER_GROUP,
        )
        return f"{head} {_(NOT_RANDOMISED)}"
    diff = mean_after - mean_other
    head = _(
        "On %(after)s days after a massage your pain averaged %(mean_after)s; on %(other)s "
        "other days %(mean_other)s: %(apart)s on days after a massage",
        after=n_after,
        mean_after=fixed(mean_after, 1),
        other=n_other,
        mean_other=fixed(mean_other, 1),
        apart=_apart(diff),
    )
    if ci is not None:
        head += _(" (95%% interval: %(low)s to %(high)s)", low=_apart(ci[0]), high=_apart(ci[1]))
    if conclusive and diff < 0:
        verdict = _("Pain was lower on days after a massage.")
    elif conclusive:
        verdict = _("Pain was higher on days after a massage.")
    else:
        verdict = _("No clear difference yet: the interval includes no difference.")
    return f"{head}. {verdict} {_(NOT_RANDOMISED)}"
