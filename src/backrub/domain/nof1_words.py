"""The sentences a person reads about their N-of-1 trial, English and Vietnamese.

The first sentence is the model's answer, as issue 15 words it: "In your trial,
pain on massage weeks was 1.4 points lower (95% interval 0.3 to 2.5); the
chance that massage lowers your pain by 2 points or more is 14%." Then the
randomisation test, the washout sensitivity analysis and, when the trial
cannot answer, why not (few days, few pairs, too noisy, no clear difference,
poor adherence). The words never go beyond the data: a probability here is
backrub's model's, given this person's days, not a promise about the future.
"""

from __future__ import annotations

from backrub.domain.nof1_analysis import MIN_DAYS_PER_ARM, MIN_PAIRS, Result, TrialAnalysis
from backrub.domain.nof1_power import DIFFERENCES, MAX_SUGGESTED_PAIRS, Detectable
from backrub.domain.words import counted, fixed
from backrub.i18n import N_, _, ngettext

__all__ = [
    "EXPECTATION_CAVEAT",
    "MIN_ADHERENCE",
    "REASONS",
    "STRONG_AUTOCORRELATION",
    "bound",
    "detectable_lines",
    "percent",
    "reasons",
    "result_lines",
    "two_sided",
]

# Product default, not evidence: when the plan was followed on fewer than 4 days in
# 5, the two kinds of period differed less than planned and a difference shrinks.
MIN_ADHERENCE = 0.8
# Product default: from this estimated autocorrelation on, a plan of fewer than 4
# pairs of 1-week periods is told that the no-effect check of the calibration
# (docs/n-of-1-analysis.md) was missed for pain like this.
STRONG_AUTOCORRELATION = 0.4

REASONS = {
    "few_days": N_(
        "There are too few days with a pain check-in: at least %(least)d in each kind of "
        "period are needed (product default)."
    ),
    "few_pairs": N_(
        "Too few pairs of periods were completed: fewer than %(least)d, the fewest the "
        "analysis can use."
    ),
    "noisy": N_(
        "Your pain varied too much for this many days: the interval includes both no "
        "difference and a lowering of %(mic)s."
    ),
    "no_clear_difference": N_(
        "The interval includes no difference; a lowering of %(mic)s or more is unlikely "
        "in this trial's comparison, which carry-over from the massage periods can shrink."
    ),
    "poor_adherence": N_(
        "The plan was followed on %(share)s of the days, fewer than %(least)s (product "
        "default), so the massage and no-massage periods differed less than planned."
    ),
}


def reasons(analysis: TrialAnalysis, *, adherence: float | None) -> tuple[str, ...]:
    """Return why the trial is inconclusive: the primary analysis' reasons and adherence."""
    found = analysis.inconclusive_reasons
    if adherence is not None and adherence < MIN_ADHERENCE:
        found = (*found, "poor_adherence")
    return found


def percent(p: float) -> str:
    """Return a chance as a whole percentage, "less than 1%" and "more than 99%" at the ends."""
    if p < 0.01:
        return _("less than %(share)s", share="1%")
    if p > 0.99:
        return _("more than %(share)s", share="99%")
    return f"{round(p * 100):d}%"


def bound(value: float) -> str:
    """Return an interval's end as points lower (positive) or higher (negative) with massage."""
    if round(value, 1) == 0:
        return _("no different")
    points = counted(round(abs(value), 1), "point")
    return (
        _("%(points)s lower", points=points) if value > 0 else _("%(points)s higher", points=points)
    )


def _model_line(result: Result, *, running: bool = False) -> str | None:
    """The model's answer; while the trial runs, "so far" (review 10 m8)."""
    if result.posterior_mean is None or result.lower is None or result.upper is None:
        return None
    values = {
        "apart": bound(result.posterior_mean),
        "mic": counted(result.mic, "point"),
        "chance": percent(result.p_benefit_mic or 0.0),
    }
    if result.lower > 0:  # the whole interval lies on the lower-pain side: "0.3 to 2.5"
        values |= {"low": fixed(result.lower, 1), "high": fixed(result.upper, 1)}
        if running:
            return _(
                "So far in your trial, pain on massage weeks was %(apart)s (95%% interval "
                "%(low)s to %(high)s); the chance that massage lowers your pain by %(mic)s or "
                "more is %(chance)s.",
                **values,
            )
        return _(
            "In your trial, pain on massage weeks was %(apart)s (95%% interval %(low)s to "
            "%(high)s); the chance that massage lowers your pain by %(mic)s or more is "
            "%(chance)s.",
            **values,
        )
    values |= {"low": bound(result.lower), "high": bound(result.upper)}
    if running:
        return _(
            "So far in your trial, pain on massage weeks was %(apart)s (95%% interval: from "
            "%(low)s to %(high)s); the chance that massage lowers your pain by %(mic)s or more "
            "is %(chance)s.",
            **values,
        )
    return _(
        "In your trial, pain on massage weeks was %(apart)s (95%% interval: from %(low)s to "
        "%(high)s); the chance that massage lowers your pain by %(mic)s or more is %(chance)s.",
        **values,
    )


def two_sided(result: Result) -> bool:
    """Whether pain was higher on massage days, so the test's one-sided p (for a lowering)
    says nothing of it and its two-sided p is shown instead (review 10 M7)."""
    return result.difference is not None and result.difference < 0


def _test_line(result: Result) -> str | None:
    if result.p_value is None or result.smallest_p is None:
        return None
    if two_sided(result) and result.p_two_sided is not None:
        return _(
            "Randomisation test: it looks only for lower pain in massage weeks, and pain was "
            "higher in them. Counted both ways, if massage made no difference, a difference "
            "this large or larger, higher or lower, would come up in %(count)d of the "
            "%(total)d orders the trial could have drawn (two-sided p = %(p)s). With these "
            "pairs it can never be below %(least)s.",
            count=round(result.p_two_sided * result.allocations),
            total=result.allocations,
            p=fixed(result.p_two_sided, 3),
            least=fixed(min(2 * result.smallest_p, 1.0), 3),
        )
    return _(
        "Randomisation test: if massage made no difference, a difference this large or larger "
        "in favour of massage would come up in %(count)d of the %(total)d orders the trial "
        "could have drawn (p = %(p)s). With these pairs it can never be below %(least)s.",
        count=round(result.p_value * result.allocations),
        total=result.allocations,
        p=fixed(result.p_value, 3),
        least=fixed(result.smallest_p, 3),
    )


def _sensitivity_line(analysis: TrialAnalysis) -> str | None:
    result = analysis.sensitivity
    if analysis.washout_days == 0 or result.posterior_mean is None:
        return None
    return _(
        "As a check, not the main result: counting the washout days too (the first %(days)s "
        "of each period, a product default): %(apart)s, 95%% interval from %(low)s to "
        "%(high)s.",
        days=counted(analysis.washout_days, "day"),
        apart=bound(result.posterior_mean),
        low=bound(result.lower or 0.0),
        high=bound(result.upper or 0.0),
    )


def _reason_line(code: str, analysis: TrialAnalysis, adherence: float | None) -> str:
    if code == "few_days":
        return _(REASONS[code], least=MIN_DAYS_PER_ARM)
    if code == "few_pairs":
        return _(REASONS[code], least=MIN_PAIRS)
    if code == "poor_adherence":
        return _(
            REASONS[code],
            share=percent(adherence or 0.0),
            least=f"{round(MIN_ADHERENCE * 100):d}%",
        )
    return _(REASONS[code], mic=counted(analysis.mic, "point"))


def _mic_line(analysis: TrialAnalysis) -> str:
    return _(
        "%(mic)s is the smallest change in pain that people with back pain, on average, "
        "call important (ostelo-2008); it was found for change over time and is used here "
        "for a difference between kinds of weeks.",
        mic=counted(analysis.mic, "point"),
    )


def _conclusive_lines(primary: Result) -> list[str]:
    lines = [
        _(
            "The whole %(share)s interval lies on one side of \u201cno difference\u201d: "
            "the model finds a difference.",
            share="95%",
        )
    ]
    if primary.upper is not None and primary.upper < 0:  # a rise: not what the test checks
        lines.append(
            _(
                "That finding rests on the model, which assumes your pain drifts steadily "
                "over time and each day's pain follows the day before; the randomisation "
                "test, which assumes neither, looks only for lower pain in massage weeks, so "
                "it does not check a rise."
            )
        )
    elif primary.smallest_p is not None and primary.smallest_p > 0.05:
        lines.append(
            ngettext(
                "That finding rests on the model, which assumes your pain drifts steadily "
                "over time and each day's pain follows the day before; with %(num)d pair the "
                "randomisation test, which assumes neither, can never be small enough to "
                "confirm it on its own.",
                "That finding rests on the model, which assumes your pain drifts steadily "
                "over time and each day's pain follows the day before; with %(num)d pairs the "
                "randomisation test, which assumes neither, can never be small enough to "
                "confirm it on its own.",
                primary.pairs,
            )
        )
    elif primary.p_value is not None and primary.p_value > 0.05:
        lines.append(
            _(
                "That finding rests on the model, which assumes your pain drifts steadily "
                "over time and each day's pain follows the day before; the randomisation "
                "test, which assumes neither, did not confirm it."
            )
        )
    return lines


# What no N-of-1 result can tell: the last line of the result, or, where a plain
# sentence opens it, the line right after that sentence (review S9).
EXPECTATION_CAVEAT = N_(
    "This is about your pain during this trial. It cannot tell massage from expecting it to "
    "help, and an effect lingering into the next period would make the difference look "
    "smaller."
)


def result_lines(
    analysis: TrialAnalysis, *, adherence: float | None, running: bool = False
) -> list[str]:
    """Return the sentences about the trial's result, the primary analysis first; with too
    few pairs, what it cannot tell comes first (review 10 m8). ``running``: "so far"."""
    lines: list[str] = []
    found = reasons(analysis, adherence=adherence)
    primary = analysis.primary
    model = None if "few_days" in found else _model_line(primary, running=running)
    if model is not None:
        lines.append(model)
    test = _test_line(primary)
    if test is not None and model is not None:
        lines.append(test)
    sensitivity = _sensitivity_line(analysis) if model is not None else None
    if sensitivity is not None:
        lines.append(sensitivity)
    if model is not None:
        lines.append(_mic_line(analysis))
    if found:
        cannot = [
            _("This result is less sure than it looks:")
            if found == ("poor_adherence",)
            else _("This trial cannot tell whether massage lowers your pain at all:"),
            *(_reason_line(code, analysis, adherence) for code in found),
        ]
        lines = [*cannot, *lines] if "few_pairs" in found else [*lines, *cannot]
    else:
        lines.extend(_conclusive_lines(primary))
    lines.append(_(EXPECTATION_CAVEAT))
    return lines


def detectable_lines(found: Detectable) -> list[str]:
    """Return the sentences about what the planned trial can detect (before it starts)."""
    power = f"{round(found.power * 100):d}%"
    mic = counted(found.mic, "point")
    if found.smallest_difference is None:
        head = _(
            "With this plan the trial could not reliably detect even a difference of "
            "%(points)s in daily pain: your pain varies a lot from day to day.",
            points=counted(DIFFERENCES[-1], "point"),
        )
    elif found.enough:
        head = _(
            "With this plan the trial can detect a difference of %(points)s in daily pain "
            "(in %(power)s of simulated trials like yours), within %(mic)s, the smallest change "
            "that people with back pain, on average, call important (ostelo-2008).",
            points=counted(found.smallest_difference, "point"),
            power=power,
            mic=mic,
        )
    else:
        head = _(
            "With this plan the smallest difference in daily pain the trial can detect (in "
            "%(power)s of simulated trials like yours) is %(points)s, more than %(mic)s, the "
            "smallest change that people with back pain, on average, call important "
            "(ostelo-2008).",
            points=counted(found.smallest_difference, "point"),
            power=power,
            mic=mic,
        )
    return [head, *_advice_lines(found, mic)]


def _advice_lines(found: Detectable, mic: str) -> list[str]:
    """Return what would help, the correlation warning and how rough the estimate is."""
    lines: list[str] = []
    if found.pairs_needed is not None:
        lines.append(
            ngettext(
                "With %(num)d pair it could detect %(mic)s.",
                "With %(num)d pairs it could detect %(mic)s.",
                found.pairs_needed,
                mic=mic,
            )
        )
    elif not found.enough:
        lines.append(
            _(
                "Even %(most)d pairs would not reliably detect %(mic)s.",
                most=MAX_SUGGESTED_PAIRS,
                mic=mic,
            )
        )
    if _short_and_correlated(found):
        lines.append(
            _(
                "Your pain tends to stay high or low for several days at a time. With %(pairs)d "
                "pairs of 1-week periods and pain like that, a trial where massage makes no "
                "difference shows a chance of 20%% or more of a lowering of %(mic)s somewhat "
                "more often than it should; 4 pairs, or periods of 2 weeks, avoid that.",
                pairs=found.pairs,
                mic=mic,
            )
        )
    lines.append(
        _(
            "Estimated from your %(days)d days of pain check-ins before the trial: your pain "
            "is usually within about %(sd)s of its average. From so few days this is rough; "
            "with more days before the trial it would be surer.",
            days=found.baseline_days,
            sd=counted(round(found.noise_sd, 1), "point"),
        )
    )
    return lines


def _short_and_correlated(found: Detectable) -> bool:
    """Return whether the plan is one the calibration's no-effect check missed."""
    return (
        found.pairs < 4
        and found.period_days <= 7
        and found.autocorrelation >= STRONG_AUTOCORRELATION
    )
