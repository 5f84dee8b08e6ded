"""Judge one measure's change from baseline by the thresholds its sources support.

Each instrument names its own absolute threshold, and the rule id says what
kind of threshold it is:

- ``mic_*``: a minimal important change (the smallest change that matters to
  a person; NRS, RMDQ, ODI per ostelo-2008, PEG per reed-2024);
- ``mdc_*``: a minimal detectable change (PSFS, stratford-1995) and
- ``sdc_*``: a smallest detectable change (fingertip-to-floor,
  robinson-mengshoel-2014): both only say that a change is larger than
  measurement error, not that it matters.

The 30% rule (``mic_relative_pct``) applies only where a source supports it
for that instrument (``Instrument.relative_rule_id``: pain NRS, RMDQ, ODI).
A percent change is shown only where it means something: a minimal important
change on a scale that starts at 0, from a baseline above 0. A detectable
change, a scale with negative values (fingertip-to-floor) or a baseline of 0
gets no percent.

``conclusion`` is the one verdict every face shows (progress, the report's
summary and its chart captions), so they can never disagree.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from statistics import median

from backrub.domain.comparison import finite
from backrub.domain.instruments import Direction, Instrument
from backrub.domain.rules import Rule, Rules
from backrub.domain.words import counted, number
from backrub.i18n import N_, _

__all__ = ["Change", "ThresholdKind", "change", "first_and_last_week", "threshold_kind"]

# Baseline and latest from daily values need this many days with a value, so
# that the first and the last 7 never overlap.
WINDOW_DAYS = 7


def first_and_last_week(daily: Mapping[date, float]) -> tuple[float, float] | None:
    """Return the median of the first and of the last 7 days with a value.

    One bad morning does not decide the comparison. With fewer than 14 days
    the two windows would overlap, so ``None``: nothing is compared. Progress
    and the "not improving" note both use this, so they can never disagree.
    """
    days = sorted(daily)
    if len(days) < 2 * WINDOW_DAYS:
        return None
    first = median(daily[d] for d in days[:WINDOW_DAYS])
    last = median(daily[d] for d in days[-WINDOW_DAYS:])
    return float(first), float(last)


class ThresholdKind(StrEnum):
    MIC = "minimal important change"
    MDC = "minimal detectable change"
    SDC = "smallest detectable change"

    @property
    def is_detectable(self) -> bool:
        return self is not ThresholdKind.MIC

    @property
    def words(self) -> str:
        """Return the kind in the current language (the value stays English, for JSON)."""
        return _(_KIND_WORDS[self])


_KIND_WORDS = {
    ThresholdKind.MIC: N_("minimal important change"),
    ThresholdKind.MDC: N_("minimal detectable change"),
    ThresholdKind.SDC: N_("smallest detectable change"),
}


_KIND_BY_PREFIX = {
    "mic": ThresholdKind.MIC,
    "mdc": ThresholdKind.MDC,
    "sdc": ThresholdKind.SDC,
}


def threshold_kind(rule: Rule) -> ThresholdKind:
    """Return what kind of threshold ``rule`` is, read from its id's prefix."""
    prefix = rule.id.split("_", 1)[0]
    if prefix not in _KIND_BY_PREFIX:
        raise ValueError(f"rule {rule.id} is no change threshold (mic_, mdc_ or sdc_)")
    return _KIND_BY_PREFIX[prefix]


def _settled(value: float) -> float:
    """Round away float noise so 6 - 4 meets a 2-point threshold exactly."""
    return round(value, 9)


@dataclass(frozen=True, slots=True)
class Change:
    """One instrument's change from baseline, judged by the thresholds it has."""

    instrument_id: str
    name: str
    unit: str  # "point" or "cm": the unit of the change, singular
    baseline: float
    latest: float
    higher_is_worse: bool
    improvement_points: float  # positive = better, whichever way the scale runs
    improvement_pct: float | None  # None where a percent means nothing
    threshold: Rule
    kind: ThresholdKind
    relative: Rule | None  # None where no source supports the 30% rule here
    is_responder_relative: bool | None
    is_responder_absolute: bool  # for a detectable change: beyond measurement error
    is_worse_beyond: bool
    movement: str
    conclusion: str
    words: str

    def to_json(self) -> dict[str, object]:
        """Return the public shape (docs/progress.md)."""
        relative = None
        if self.relative is not None:
            relative = {
                "rule": self.relative.id,
                "threshold_pct": self.relative.value,
                "is_responder": self.is_responder_relative,
                "sources": list(self.relative.sources),
                "cite": self.relative.cite(),
            }
        return {
            "kind": "change",
            "instrument": self.instrument_id,
            "name": self.name,
            "unit": "cm" if self.unit == "cm" else "points",
            "baseline": self.baseline,
            "latest": self.latest,
            "higher_is_worse": self.higher_is_worse,
            "improvement_points": self.improvement_points,
            "improvement_pct": self.improvement_pct,
            "relative": relative,
            "absolute": {
                "rule": self.threshold.id,
                "kind": self.kind.value,
                "threshold_points": self.threshold.value,
                "unit": self.threshold.unit,
                "is_responder": self.is_responder_absolute,
                "sources": list(self.threshold.sources),
                "cite": self.threshold.cite(),
            },
            "conclusion": self.conclusion,
            "words": self.words,
        }


def change(instrument: Instrument, *, baseline: float, latest: float, rules: Rules) -> Change:
    """Compare ``latest`` with ``baseline`` by the instrument's own thresholds.

    Both thresholds are met at equality (ostelo-2008: "at least"). An
    instrument without an absolute threshold (the screeners, sleep) is a
    programming error here: there is nothing to judge it by.
    """
    if instrument.mic_rule_id is None:
        raise ValueError(f"{instrument.id} has no change threshold")
    baseline = finite("baseline", baseline)
    latest = finite("latest", latest)
    higher_is_worse = instrument.direction is Direction.HIGHER_IS_WORSE
    threshold = rules[instrument.mic_rule_id]
    kind = threshold_kind(threshold)
    relative = None if instrument.relative_rule_id is None else rules[instrument.relative_rule_id]
    unit = "cm" if instrument.unit == "cm" else "point"
    points = _settled(baseline - latest if higher_is_worse else latest - baseline)
    shows_percent = kind is ThresholdKind.MIC and instrument.score_low >= 0 and baseline > 0
    pct = _settled(points / baseline * 100) if shows_percent else None
    by_relative = None if relative is None or pct is None else pct >= relative.value
    by_absolute = points >= threshold.value
    worse = -points >= threshold.value
    movement = _movement(instrument.short_name, baseline, latest, points, pct, unit)
    conclusion = _conclusion(kind, relative, by_relative, by_absolute, worse)
    lines = [movement]
    if relative is not None:
        lines.append(_relative_words(relative, pct, baseline))
    lines.append(_absolute_words(threshold, kind, by_absolute, unit, instrument.change_caveat))
    lines.append(_("In short: %(conclusion)s.", conclusion=conclusion))
    return Change(
        instrument_id=instrument.id,
        name=instrument.short_name,
        unit=unit,
        baseline=baseline,
        latest=latest,
        higher_is_worse=higher_is_worse,
        improvement_points=points,
        improvement_pct=pct,
        threshold=threshold,
        kind=kind,
        relative=relative,
        is_responder_relative=by_relative,
        is_responder_absolute=by_absolute,
        is_worse_beyond=worse,
        movement=movement,
        conclusion=conclusion,
        words=" ".join(lines),
    )


def _movement(
    name: str, baseline: float, latest: float, points: float, pct: float | None, unit: str
) -> str:
    span = _(
        "from %(baseline)s to %(latest)s%(unit)s",
        baseline=number(baseline),
        latest=number(latest),
        unit=" cm" if unit == "cm" else "",
    )
    if points == 0:
        return _("%(name)s did not change (%(span)s).", name=name, span=span)
    share = "" if pct is None else f" ({abs(pct):.0f}%)"
    values = {"name": name, "by": counted(abs(points), unit), "share": share, "span": span}
    if points > 0:
        return _("%(name)s improved by %(by)s%(share)s, %(span)s.", **values)
    return _("%(name)s got worse by %(by)s%(share)s, %(span)s.", **values)


def _relative_words(relative: Rule, pct: float | None, baseline: float) -> str:
    if pct is None:
        return _(
            "The starting score was %(baseline)s, so a percent change cannot be worked out "
            "and the %(percent)s%% rule does not apply.",
            baseline=number(baseline),
            percent=number(relative.value),
        )
    values = {"percent": number(relative.value), "cite": relative.cite()}
    if pct >= relative.value:
        return _("That meets the %(percent)s%% improvement rule (%(cite)s).", **values)
    return _("That does not meet the %(percent)s%% improvement rule (%(cite)s).", **values)


def _absolute_words(threshold: Rule, kind: ThresholdKind, met: bool, unit: str, caveat: str) -> str:
    size = counted(threshold.value, unit)
    values = {"kind": kind.words, "size": size, "cite": threshold.cite()}
    if kind is ThresholdKind.MIC:
        if met:
            return _("It reaches the %(kind)s of %(size)s (%(cite)s).", **values)
        return _("It does not reach the %(kind)s of %(size)s (%(cite)s).", **values)
    text = _(
        "The %(kind)s is %(size)s (%(cite)s): a smaller change may be measurement error, "
        "and even a larger one says only that something changed, not that it matters.",
        **values,
    )
    return f"{text} {caveat}" if caveat else text


def _conclusion(
    kind: ThresholdKind,
    relative: Rule | None,
    by_relative: bool | None,
    by_absolute: bool,
    worse: bool,
) -> str:
    if kind.is_detectable:
        if by_absolute:
            return _("a change beyond measurement error, for the better")
        if worse:
            return _("a change beyond measurement error, for the worse")
        return _("no change beyond measurement error")
    if by_absolute and (relative is None or by_relative is not False):
        return _("meaningful improvement")
    if by_absolute:
        return _("improved by the minimal important change, but not by 30%")
    if by_relative:
        return _("improved by 30% or more, but not by the minimal important change")
    if worse:
        return _("meaningfully worse")
    return _("no meaningful change")
