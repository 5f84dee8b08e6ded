"""The trial report's CENT 2015 lines that are not results (BMJ 350:h1738).

Item 4a (the condition and other treatments, as recorded), 6a (the outcomes'
definitions), 11a (blinding), 12 (the statistical methods), 19 (harms) and 23
(the hash is a self-registration, not a trial registry), and the secondary
outcomes' line (issue 15 item 5: sleep and weekly PEG, described, not tested).
Each is a sentence in the person's language; the services pass what was recorded.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from backrub.domain.episodes import DurationClass
from backrub.domain.nof1_changes import TrialChange
from backrub.domain.nof1_design import Arm, Period, Schedule
from backrub.domain.nof1_periods import ArmMean
from backrub.errors import shown_day
from backrub.i18n import _, ngettext
from backrub.i18n.formats import number

__all__ = [
    "Harms",
    "Treatments",
    "blinding_line",
    "change_lines",
    "changes_line",
    "condition_line",
    "harm_lines",
    "methods_line",
    "outcome_lines",
    "registration_line",
    "secondary_lines",
    "treatment_line",
]

# At most this many medicine names are listed (product default: a report line, not a diary).
MAX_MEDICINES = 5


@dataclass(frozen=True, slots=True)
class Treatments:
    """Pain medicines as the trial's check-ins recorded them."""

    checkin_days: int  # trial days with a check-in
    medicine_days: int  # of them, days a medicine was recorded as taken
    names: tuple[str, ...]  # the medicines named, first seen first


@dataclass(frozen=True, slots=True)
class Harms:
    """What the records hold that may be a harm during the trial."""

    red_flag_on: date | None  # the trial ended because a screening said stop
    leg_symptom_days: tuple[date, ...]  # check-ins reporting new leg symptoms
    worse_after_days: tuple[date, ...]  # self-massage with more pain after than before


def condition_line(duration: DurationClass | None, *, leg_pain: bool) -> str:
    """Item 4a: the episode as recorded at the trial's first day, and leg pain."""
    leg = (
        _("pain below the knee was reported (possible sciatica)")
        if leg_pain
        else _("no pain below the knee was reported")
    )
    if duration is None:
        return _(
            "Condition, as recorded: low back pain, no episode start recorded; %(leg)s.", leg=leg
        )
    return _(
        "Condition, as recorded: low back pain; on the trial's first day the episode had "
        "lasted %(length)s; %(leg)s.",
        length=duration.describe(),
        leg=leg,
    )


def treatment_line(found: Treatments) -> str:
    """Item 4a: concurrent treatments as far as recorded (pain medicines in check-ins)."""
    if found.medicine_days == 0:
        return _("Other treatment: no pain medicine was recorded in the trial's check-ins.")
    names = ", ".join(found.names[:MAX_MEDICINES]) or _("not named")
    return _(
        "Other treatment: a pain medicine was recorded on %(days)d of %(checked)d days with a "
        "check-in (%(names)s).",
        days=found.medicine_days,
        checked=found.checkin_days,
        names=names,
    )


def changes_line(count: int) -> str:
    """Item 4a: whether the person recorded a change of other treatment during the trial."""
    if count == 0:
        return _(
            "No change of pain medicine or other treatment was recorded on the trial page "
            "during the trial."
        )
    return ngettext(
        "%(num)d change of pain medicine or other treatment was recorded during the trial:",
        "%(num)d changes of pain medicine or other treatment were recorded during the trial:",
        count,
    )


def change_lines(changes: Sequence[TrialChange], found: Schedule) -> tuple[str, ...]:
    """Item 4a: each recorded change with its date, trial day, period and arm."""
    lines = []
    for change in changes:
        day = (change.day - found.first_day).days + 1
        period = found.period_on(change.day)
        if period is None:  # not a day of the trial: said as it is
            where = _("day %(day)d of the trial", day=day)
        else:
            where = _(
                "day %(day)d, period %(period)d, %(arm)s",
                day=day,
                period=found.periods.index(period) + 1,
                arm=_("massage") if period.arm == "A" else _("no massage"),
            )
        lines.append(
            _(
                "%(date)s (%(where)s): %(what)s",
                date=shown_day(change.day),
                where=where,
                what=change.words,
            )
        )
    return tuple(lines)


def outcome_lines() -> tuple[str, ...]:
    """Item 6a: what each outcome is and how a day's value is made."""
    return (
        _(
            "Primary outcome: daily pain from 0 to 10, the mean of that day's check-ins; a "
            "day without a check-in is left empty, nothing is filled in."
        ),
        _(
            "Secondary outcomes, described and not tested: sleep quality from 0 (awful) to "
            "10 (great), asked in the daily check-in, and the weekly PEG (pain, enjoyment "
            "of life and general activity, 0 to 10)."
        ),
    )


def blinding_line() -> str:
    """Item 11a."""
    return _(
        "Blinding: not blinded. The person knew which period they were in, and expecting "
        "massage to help can lower pain by itself."
    )


def methods_line(*, pairs: int, washout_days: int) -> str:
    """Item 12: both analyses, the model and its prior, the analytic washout."""
    return _(
        "Methods: a randomisation test compares the difference of mean pain with the same "
        "difference under each of the %(orders)d orders the %(pairs)d pairs could have had "
        "(2 to the power of the pairs). Its p-value is one-sided (lower pain with massage), "
        "so it cannot go below 1 in %(orders)d. A "
        "Bayesian model estimates the difference allowing for a straight-line time trend "
        "and for each day's pain following the day before (AR(1) errors), with a flat "
        "prior on the difference, the level and the trend and a uniform prior on the "
        "day-to-day correlation. The washout is analytic: the first %(washout)d days of "
        "each period stay in the trial but are left out of the primary analysis and kept "
        "in the sensitivity analysis.",
        orders=2**pairs,
        pairs=pairs,
        washout=washout_days,
    )


def registration_line() -> str:
    """Item 23."""
    return _(
        "Registration: this hash is a self-registration, given to a clinician to show the "
        "schedule was not changed after it was fixed; it is not an entry in a trial registry."
    )


def harm_lines(found: Harms, periods: Sequence[Period] = ()) -> tuple[str, ...]:
    """Item 19 ("in each period"): the red-flag stop with its date, and anything else
    recorded, each day with the period it fell in and its arm (clinical review 8, M10)."""
    lines: list[str] = []
    if found.red_flag_on is not None:
        lines.append(
            _(
                "The trial was ended on %(day)s because a screening found a warning sign.",
                day=_when(found.red_flag_on, periods),
            )
        )
    if found.leg_symptom_days:
        lines.append(
            _(
                "New leg symptoms, numbness or weakness were reported in a check-in on: %(days)s.",
                days=", ".join(_when(d, periods) for d in found.leg_symptom_days),
            )
        )
    if found.worse_after_days:
        lines.append(
            _(
                "Pain after a self-massage was higher than before it on: %(days)s.",
                days=", ".join(_when(d, periods) for d in found.worse_after_days),
            )
        )
    if not lines:
        lines.append(
            _(
                "No harm was recorded: no warning sign, no new leg symptoms and no self-massage "
                "with more pain after than before."
            )
        )
    lines.append(_("backrub records no other side effects."))
    return tuple(lines)


def _when(day: date, periods: Sequence[Period]) -> str:
    """The day, then the period (counted from 1) it fell in and whether it had massage."""
    for number_, period in enumerate(periods, start=1):
        if period.holds(day):
            if period.arm == "A":
                return _(
                    "%(day)s (period %(number)d, massage)", day=day.isoformat(), number=number_
                )
            return _("%(day)s (period %(number)d, no massage)", day=day.isoformat(), number=number_)
    return day.isoformat()


def secondary_lines(sleep: Mapping[Arm, ArmMean], peg_answers: Sequence[float]) -> tuple[str, ...]:
    """The secondary outcomes, per arm where it is daily (sleep), described and not tested."""
    a, b = sleep["A"], sleep["B"]
    if a.mean is None or b.mean is None:
        slept = _(
            "Sleep: too few check-ins with a sleep answer to compare the two kinds of period."
        )
    else:
        slept = _(
            "Sleep (secondary, not tested): mean %(a)s over %(na)s with massage and %(b)s "
            "over %(nb)s without massage (washout days included).",
            a=number(a.mean, 1),
            na=ngettext("%(num)d day", "%(num)d days", a.days),
            b=number(b.mean, 1),
            nb=ngettext("%(num)d day", "%(num)d days", b.days),
        )
    if peg_answers:
        peg = ngettext(
            "Weekly PEG (secondary, not tested): answered %(num)d time during the trial; "
            "each score is in the table of each period. Each PEG covers the 7 days before it "
            "was answered, which may reach into the previous period (krebs-2009).",
            "Weekly PEG (secondary, not tested): answered %(num)d times during the trial; "
            "each score is in the table of each period. Each PEG covers the 7 days before it "
            "was answered, which may reach into the previous period (krebs-2009).",
            len(peg_answers),
        )
    else:
        peg = _("Weekly PEG (secondary, not tested): not answered during the trial.")
    return slept, peg
