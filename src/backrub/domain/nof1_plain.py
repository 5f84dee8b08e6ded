"""The one plain sentence that opens a trial's result, and the two lines that explain it.

People review 8 (F6): a person in pain needs the conclusion before the caveats.
The sentence is built only from the numbers the page shows: the model's estimate,
its 95% interval as "most likely between X and Y points lower/higher", and
whether that range reaches the change people with back pain call important
(``MIC``, 2 points, ostelo-2008). A clear result says when the randomisation test
did not confirm it, and any result when the plan was followed on too few days.
It never says more than the analysis does: every case the analysis can give has
its own words (too few days, too few pairs, a clear lowering, a
clear rise, no clear difference, too noisy to tell). The statistics and their
caveats follow under "How sure is this?" (``nof1_words.result_lines``), opened
by ``how_sure_lines``, which explains the interval and the randomisation test.
"""

from __future__ import annotations

import math

from backrub.domain.nof1_analysis import Result, TrialAnalysis
from backrub.domain.nof1_words import MIN_ADHERENCE, bound, percent, two_sided
from backrub.domain.words import counted, fixed
from backrub.i18n import _, ngettext

__all__ = ["CUT_OFF", "how_sure_lines", "pairs_to_reach", "plain_sentence"]

# The usual cut-off for a p-value (a convention, not evidence); a p at or below it
# counts as the randomisation test confirming a lowering.
CUT_OFF = 0.05


def pairs_to_reach(cut_off: float = CUT_OFF, *, sides: int = 1) -> int:
    """Return the fewest pairs whose smallest possible p (``sides`` / 2**pairs, the
    order drawn being one of the 2**pairs the design allowed) is at or below ``cut_off``:
    5 for 0.05 one-sided (1/32 = 0.031; 4 pairs give 1/16 = 0.0625, review 10 M6)."""
    return math.ceil(math.log2(sides / cut_off))


def _pairs(result: Result) -> int:
    """Return the pairs the randomisation test drew over (2**pairs orders)."""
    return max(result.allocations, 1).bit_length() - 1


def _least(result: Result, sides: int = 1) -> float | None:
    """Return the smallest p the design can give, one- or two-sided (2 / 2**pairs)."""
    return None if result.smallest_p is None else min(sides * result.smallest_p, 1.0)


def _cannot_reach(result: Result, sides: int = 1) -> bool:
    """Whether the design's smallest possible p is above the cut-off, whatever the data."""
    least = _least(result, sides)
    return least is not None and least > CUT_OFF


def _range(low: float, high: float) -> str:
    """Return the 95% interval as where the difference most likely lies; an end that
    rounds to 0.0 is said as 0.0 on the other end's side, never as "no different"."""
    if round(low, 1) >= 0:
        return _(
            "between %(low)s and %(high)s points lower",
            low=fixed(max(low, 0.0), 1),
            high=fixed(high, 1),
        )
    if round(high, 1) <= 0:
        return _(
            "between %(low)s and %(high)s points higher",
            low=fixed(max(-high, 0.0), 1),
            high=fixed(-low, 1),
        )
    return _("between %(higher)s and %(lower)s", higher=bound(low), lower=bound(high))


def _reach(size_low: float, size_high: float, mic: float, chance: float | None = None) -> str:
    """Return whether a change of between ``size_low`` and ``size_high`` reaches ``mic``;
    for a lowering whose range holds it, with the model's ``chance`` that it does, since
    "may or may not" read as even odds beside a chance of 3% (review 10 m9)."""
    points = counted(mic, "point")
    if size_low >= mic:
        return _(
            "at least the change of %(mic)s that people with back pain call important "
            "(ostelo-2008)",
            mic=points,
        )
    if size_high < mic:
        return _(
            "less than the change of %(mic)s that people with back pain call important "
            "(ostelo-2008)",
            mic=points,
        )
    if chance is not None:
        return _(
            "with a chance of %(chance)s that it reaches the change of %(mic)s that people "
            "with back pain call important (ostelo-2008)",
            chance=percent(chance),
            mic=points,
        )
    return _(
        "which may or may not reach the change of %(mic)s that people with back pain call "
        "important (ostelo-2008)",
        mic=points,
    )


def _clear(result: Result, low: float, high: float) -> str:
    """A difference whose interval leaves out no difference: lower, or higher, pain. One
    whose estimate rounds to 0.0 is clear but small, never "no different" (review S9)."""
    mean = result.posterior_mean or 0.0
    if round(mean, 1) == 0:
        return _tiny(result, low, high)
    if low > 0:
        return _(
            "In your trial, pain was %(apart)s in massage weeks: most likely %(range)s, %(reach)s.",
            apart=bound(mean),
            range=_range(low, high),
            reach=_reach(low, high, result.mic, result.p_benefit_mic),
        )
    return _(
        "In your trial, pain was %(apart)s in massage weeks, not lower: most likely "
        "%(range)s, %(reach)s.",
        apart=bound(mean),
        range=_range(low, high),
        reach=_reach(-high, -low, result.mic),
    )


def _tiny(result: Result, low: float, high: float) -> str:
    if low > 0:
        return _(
            "In your trial, pain was clearly but only slightly lower in massage weeks: most "
            "likely %(range)s, %(reach)s.",
            range=_range(low, high),
            reach=_reach(low, high, result.mic, result.p_benefit_mic),
        )
    return _(
        "In your trial, pain was clearly but only slightly higher in massage weeks, not lower: "
        "most likely %(range)s, %(reach)s.",
        range=_range(low, high),
        reach=_reach(-high, -low, result.mic),
    )


def _unconfirmed(result: Result) -> str | None:
    """Return what the randomisation test says of the model's clear difference, if it did
    not confirm it: that it never can with these pairs (review 10 M6), or that it could
    have and did not. A rise is not what the one-sided test looks for (review 10 M7)."""
    if result.lower is not None and result.lower <= 0:  # a clear rise
        return _(
            "This is backrub's model's estimate; the randomisation test looks only for lower "
            "pain in massage weeks, so it does not check a rise (see \u201cHow sure is "
            "this?\u201d)."
        )
    if _cannot_reach(result):
        return ngettext(
            "This is backrub's model's estimate; with %(num)d pair the randomisation test can "
            "never go below %(least)s, so it cannot confirm this on its own (%(enough)d pairs "
            "or more can; see \u201cHow sure is this?\u201d).",
            "This is backrub's model's estimate; with %(num)d pairs the randomisation test can "
            "never go below %(least)s, so it cannot confirm this on its own (%(enough)d pairs "
            "or more can; see \u201cHow sure is this?\u201d).",
            _pairs(result),
            least=fixed(result.smallest_p or 0.0, 3),
            enough=pairs_to_reach(),
        )
    if result.p_value is not None and result.p_value > CUT_OFF:
        return _(
            "This is backrub's model's estimate; the randomisation test could not "
            "confirm it (see \u201cHow sure is this?\u201d)."
        )
    return None


def plain_sentence(
    analysis: TrialAnalysis, *, adherence: float | None = None, running: bool = False
) -> str:
    """Return the sentence that opens the result: what the trial says, in plain words,
    with how far the plan was followed when it was followed on too few days.

    ``running``: the trial still runs, so its numbers are "so far" (never said of a
    finished trial, review S9)."""
    said = _said(analysis, running=running)
    if adherence is None or adherence >= MIN_ADHERENCE or analysis.primary.lower is None:
        return said
    return " ".join(
        (
            said,
            _(
                "The plan was followed on only %(share)s of the days, so this is less sure "
                "than it looks.",
                share=f"{round(adherence * 100):d}%",
            ),
        )
    )


def _said(analysis: TrialAnalysis, *, running: bool) -> str:
    result = analysis.primary
    found = result.inconclusive_reasons
    if "few_days" in found or result.lower is None or result.upper is None:
        return _(
            "There are too few days with a pain check-in for this trial to say whether "
            "massage changes your pain."
        )
    low, high = result.lower, result.upper
    mic = counted(result.mic, "point")
    if "few_pairs" in found and running:
        return _(
            "Too few pairs of periods were completed for this trial to say whether massage "
            "changes your pain: so far, in massage weeks it was most likely %(range)s.",
            range=_range(low, high),
        )
    if "few_pairs" in found:
        return _(
            "Too few pairs of periods were completed for this trial to say whether massage "
            "changes your pain: in massage weeks it was most likely %(range)s.",
            range=_range(low, high),
        )
    if "noisy" in found:
        return _(
            "This trial cannot tell whether massage changes your pain: in massage weeks it "
            "was most likely %(range)s, a range that holds both no change and the change of "
            "%(mic)s that people with back pain call important (ostelo-2008).",
            range=_range(low, high),
            mic=mic,
        )
    if "no_clear_difference" in found:
        said = _(
            "This trial found no clear difference: in massage weeks your pain was most likely "
            "%(range)s, so a lowering as large as the change of %(mic)s that people with "
            "back pain call important (ostelo-2008) is unlikely.",
            range=_range(low, high),
            mic=mic,
        )
        if low > -result.mic:
            return said
        # The same range can hold a rise as large (review S9-9): say it too.
        return " ".join((said, _("A rise in pain of %(mic)s or more is not ruled out.", mic=mic)))
    clear = _clear(result, low, high)
    unconfirmed = _unconfirmed(result)
    return clear if unconfirmed is None else " ".join((clear, unconfirmed))


def how_sure_lines(analysis: TrialAnalysis) -> list[str]:
    """Return what the interval and the randomisation test are, one line each."""
    result = analysis.primary
    if result.lower is None or "few_days" in result.inconclusive_reasons:
        return []  # no interval or test shown: nothing to explain
    lines = [
        _(
            "\u201cMost likely between\u201d is the %(share)s interval: given your days, "
            "backrub's model puts the real difference in this range with a %(share)s "
            "chance.",
            share="95%",
        )
    ]
    if result.p_value is not None and result.smallest_p is not None:
        sides = 2 if two_sided(result) and result.p_two_sided is not None else 1
        lines.append(" ".join((_test_is(), _p_is(sides), _cut_off(result, sides))))
    return lines


def _test_is() -> str:
    return _(
        "The randomisation test redoes the draw of the order of the periods in every way it "
        "could have come out, as if massage made no difference."
    )


def _p_is(sides: int) -> str:
    if sides == 2:  # pain was higher: the p shown is the two-sided one (review 10 M7)
        return _(
            "It looks only for lower pain in massage weeks; as pain was higher, the p shown "
            "for it is counted both ways: the share of those random re-draws that gave a "
            "difference in pain at least this large, higher or lower."
        )
    return _(
        "Its p is the share of those random re-draws that gave pain at least this much "
        "lower in massage weeks."
    )


def _cut_off(result: Result, sides: int) -> str:
    if not _cannot_reach(result, sides):
        return _("0.05 is the usual cut-off.")
    return ngettext(
        "0.05 is the usual cut-off, but with %(num)d pair this p can never be below "
        "%(least)s; %(enough)d pairs or more can go below 0.05.",
        "0.05 is the usual cut-off, but with %(num)d pairs this p can never be below "
        "%(least)s; %(enough)d pairs or more can go below 0.05.",
        _pairs(result),
        least=fixed(_least(result, sides) or 0.0, 3),
        enough=pairs_to_reach(sides=sides),
    )
