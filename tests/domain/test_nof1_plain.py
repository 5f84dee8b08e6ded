"""The plain sentence that opens a trial's result (people review 8, F6): one for every
case the analysis gives, each with the numbers the page shows, in English and Vietnamese."""

from __future__ import annotations

import pytest

from backrub.domain.nof1_plain import CUT_OFF, how_sure_lines, pairs_to_reach, plain_sentence
from backrub.i18n import PSEUDO_SWITCH, VIETNAMESE, use_language
from tests.domain.test_nof1_words import analysis, result
from tests.i18n.english import english_in_text

NOTICE = "the change of 2 points that people with back pain call important (ostelo-2008)"


UNCONFIRMED = (
    " This is backrub's model's estimate; the randomisation test could not confirm it "
    "(see \u201cHow sure is this?\u201d)."
)
CONFIRMED = {"pairs": 8, "p_value": 0.008, "smallest_p": 0.0039}
RISE_NOT_TESTED = (
    " This is backrub's model's estimate; the randomisation test looks only for lower pain in "
    "massage weeks, so it does not check a rise (see \u201cHow sure is this?\u201d)."
)
RISE = {"difference": -0.9, "p_value": 1.0, "p_two_sided": 0.125}
NEVER_WITH_4 = (
    " This is backrub's model's estimate; with 4 pairs the randomisation test can never go "
    "below 0.062, so it cannot confirm this on its own (5 pairs or more can; see \u201cHow "
    "sure is this?\u201d)."
)


def plain(**change: object) -> str:
    return plain_sentence(analysis(result(**change)))


def test_a_clear_lowering_smaller_than_people_notice() -> None:
    # The review's example: lower on massage weeks, most likely by less than 2 points.
    assert plain(posterior_mean=1.4, lower=0.9, upper=1.9, **CONFIRMED) == (
        "In your trial, pain was 1.4 points lower in massage weeks: most likely between 0.9 "
        f"and 1.9 points lower, less than {NOTICE}."
    )


def test_a_clear_lowering_that_reaches_what_people_notice() -> None:
    assert plain(posterior_mean=3.1, lower=2.7, upper=3.5, **CONFIRMED) == (
        "In your trial, pain was 3.1 points lower in massage weeks: most likely between 2.7 "
        f"and 3.5 points lower, at least {NOTICE}."
    )


def test_a_clear_lowering_whose_range_holds_2_points_gives_the_chance_it_reaches_them() -> None:
    # 4 pairs (the default design): the randomisation test can never confirm it, and the
    # sentence says so itself, not only the lines under "How sure is this?" (review S9-2);
    # as a test that can never pass, not as one that failed (review 10 M6).
    assert plain() == (  # 1.4 lower, 0.3 to 2.5
        "In your trial, pain was 1.4 points lower in massage weeks: most likely between 0.3 "
        f"and 2.5 points lower, with a chance of 14% that it reaches {NOTICE}.{NEVER_WITH_4}"
    )
    assert plain(**CONFIRMED).endswith(f"with a chance of 14% that it reaches {NOTICE}.")


def test_a_range_that_only_just_reaches_2_points_is_not_said_as_even_odds() -> None:
    # Review 10 m9 (``xsmall``): "which may or may not reach" beside a chance of 3%.
    said = plain(posterior_mean=1.2, lower=0.5, upper=2.0, p_benefit_mic=0.03, **CONFIRMED)
    assert "may or may not" not in said
    assert said.endswith(
        f"between 0.5 and 2.0 points lower, with a chance of 3% that it reaches {NOTICE}."
    )
    # A rise whose range holds 2 points: no chance of a 2-point rise is computed.
    rise = plain(posterior_mean=-1.2, lower=-2.4, upper=-0.3, **RISE)
    assert f"points higher, which may or may not reach {NOTICE}." in rise


def test_a_test_that_could_have_confirmed_and_did_not_says_could_not_confirm() -> None:
    # Review 10 M6: "could not confirm" only where the test could have gone below 0.05.
    said = plain(posterior_mean=3.1, lower=2.7, upper=3.5, pairs=8, p_value=0.2,
                 smallest_p=0.0039, allocations=256)  # fmt: skip
    assert said.endswith(f"at least {NOTICE}.{UNCONFIRMED}")
    big = plain(posterior_mean=3.1, lower=2.7, upper=3.5)  # 4 pairs, p = 1/16
    assert "could not confirm" not in big and big.endswith(NEVER_WITH_4)
    three = plain(posterior_mean=3.1, lower=2.7, upper=3.5, pairs=3, p_value=0.125,
                  smallest_p=0.125, allocations=8)  # fmt: skip
    assert "with 3 pairs the randomisation test can never go below 0.125" in three


def test_5_pairs_are_the_fewest_whose_test_can_go_below_0_05() -> None:
    # The orders a design allows are 2**pairs; the smallest p is 1 / 2**pairs.
    assert pairs_to_reach() == 5
    assert 1 / 2**4 > CUT_OFF >= 1 / 2**5  # 0.0625 and 0.03125
    assert pairs_to_reach(sides=2) == 6  # both ways: 2/32 = 0.0625, 2/64 = 0.031


def test_a_plan_followed_on_too_few_days_is_said_in_the_sentence() -> None:
    said = plain_sentence(analysis(result(**CONFIRMED)), adherence=0.6)
    assert said.endswith(
        f"that it reaches {NOTICE}. The plan was followed on only 60% of the days, so "
        "this is less sure than it looks."
    )
    assert "less sure" not in plain_sentence(analysis(result(**CONFIRMED)), adherence=0.8)


def test_a_clear_rise_says_higher_not_lower() -> None:
    # Review 10 M7: the one-sided test looks for a lowering; it never "could not confirm"
    # a rise (its p of 1.000 is what a rise gives), whatever the pairs.
    assert plain(posterior_mean=-1.2, lower=-1.8, upper=-0.6, **RISE) == (
        "In your trial, pain was 1.2 points higher in massage weeks, not lower: most likely "
        f"between 0.6 and 1.8 points higher, less than {NOTICE}.{RISE_NOT_TESTED}"
    )
    assert plain(posterior_mean=-2.6, lower=-3.1, upper=-2.1, **CONFIRMED).endswith(
        f"between 2.1 and 3.1 points higher, at least {NOTICE}.{RISE_NOT_TESTED}"
    )
    for pairs in ({}, {"pairs": 8, "smallest_p": 0.0039, "allocations": 256}):
        said = plain(posterior_mean=-1.2, lower=-1.8, upper=-0.6, **RISE, **pairs)
        assert "confirm" not in said and said.endswith(RISE_NOT_TESTED)


def test_how_sure_words_a_rise_with_the_two_sided_p() -> None:
    # Review 10 M7: "pain at least this much lower" was shown for a rise.
    rise = analysis(result(posterior_mean=-0.9, lower=-1.5, upper=-0.3, **RISE))
    line = how_sure_lines(rise)[1]
    assert "at least this much lower" not in line
    assert line.endswith(
        "It looks only for lower pain in massage weeks; as pain was higher, the p shown for it "
        "is counted both ways: the share of those random re-draws that gave a difference in "
        "pain at least this large, higher or lower. 0.05 is the usual cut-off, but with 4 "
        "pairs this p can never be below 0.125; 6 pairs or more can go below 0.05."
    )
    wide = result(posterior_mean=-0.9, lower=-1.5, upper=-0.3, pairs=8, smallest_p=0.0039,
                  allocations=256, **RISE)  # fmt: skip
    assert how_sure_lines(analysis(wide))[1].endswith("higher or lower. 0.05 is the usual cut-off.")


def test_an_unclear_result_says_the_trial_cannot_tell() -> None:
    assert plain(posterior_mean=1.4, lower=-1.0, upper=3.8, inconclusive_reasons=("noisy",)) == (
        "This trial cannot tell whether massage changes your pain: in massage weeks it was "
        "most likely between 1 point higher and 3.8 points lower, a range that holds both no "
        f"change and {NOTICE}."
    )


def test_no_clear_difference_that_may_hold_a_noticeable_rise_says_so() -> None:
    said = plain(
        posterior_mean=-0.5, lower=-3.5, upper=0.5, inconclusive_reasons=("no_clear_difference",)
    )
    assert said.endswith("is unlikely. A rise in pain of 2 points or more is not ruled out.")
    narrow = plain(
        posterior_mean=0.3, lower=-0.4, upper=1.1, inconclusive_reasons=("no_clear_difference",)
    )
    assert "not ruled out" not in narrow


def test_no_clear_difference_says_a_noticeable_lowering_is_unlikely() -> None:
    said = plain(
        posterior_mean=0.3, lower=-0.4, upper=1.1, inconclusive_reasons=("no_clear_difference",)
    )
    assert said == (
        "This trial found no clear difference: in massage weeks your pain was most likely "
        f"between 0.4 points higher and 1.1 points lower, so a lowering as large as {NOTICE} "
        "is unlikely."
    )


def test_a_trial_stopped_early_with_too_few_pairs_says_so_first() -> None:
    # Finished (stopped early): no "so far" (review S9); while it runs, "so far".
    few = result(
        pairs=2, posterior_mean=2.0, lower=0.5, upper=3.5, inconclusive_reasons=("few_pairs",)
    )
    assert plain_sentence(analysis(few)) == (
        "Too few pairs of periods were completed for this trial to say whether massage changes "
        "your pain: in massage weeks it was most likely between 0.5 and 3.5 points lower."
    )
    assert plain_sentence(analysis(few), running=True) == (
        "Too few pairs of periods were completed for this trial to say whether massage changes "
        "your pain: so far, in massage weeks it was most likely between 0.5 and 3.5 points "
        "lower."
    )


def test_a_tiny_but_clear_difference_is_clear_and_small_not_no_different() -> None:
    # Review S9: an estimate that rounds to 0.0 read "pain was no different" beside a
    # confirmed interval that leaves out no difference.
    assert plain(posterior_mean=0.04, lower=0.01, upper=0.08, **CONFIRMED) == (
        "In your trial, pain was clearly but only slightly lower in massage weeks: most likely "
        f"between 0.0 and 0.1 points lower, less than {NOTICE}."
    )
    assert plain(posterior_mean=-0.03, lower=-0.07, upper=-0.01, **CONFIRMED) == (
        "In your trial, pain was clearly but only slightly higher in massage weeks, not lower: "
        f"most likely between 0.0 and 0.1 points higher, less than {NOTICE}.{RISE_NOT_TESTED}"
    )


@pytest.mark.parametrize("bounds", [(None, None), (0.5, 3.5)])
def test_too_few_days_gives_no_numbers(bounds: tuple[float | None, float | None]) -> None:
    low, high = bounds
    said = plain(posterior_mean=None if low is None else 2.0, lower=low, upper=high,
                 inconclusive_reasons=("few_days", "few_pairs"))  # fmt: skip
    assert said == (
        "There are too few days with a pain check-in for this trial to say whether massage "
        "changes your pain."
    )
    assert (
        how_sure_lines(analysis(result(lower=low, upper=high, inconclusive_reasons=("few_days",))))
        == []
    )


def test_how_sure_explains_the_interval_and_the_test_in_one_line_each() -> None:
    lines = how_sure_lines(analysis(result(**CONFIRMED)))
    assert len(lines) == 2
    assert lines[0].startswith("\u201cMost likely between\u201d is the 95% interval")
    # p is the share of the re-draws with a difference at least this large, not the chance
    # that luck explains it (review S9-8, and S9: "at least", the usual cut-off).
    assert lines[1].endswith(
        "Its p is the share of those random re-draws that gave pain at least this much lower "
        "in massage weeks. 0.05 is the usual cut-off."
    )
    # 4 pairs: the usual cut-off is one this design can never meet (review 10 M6).
    assert how_sure_lines(analysis(result()))[1].endswith(
        "0.05 is the usual cut-off, but with 4 pairs this p can never be below 0.062; 5 pairs "
        "or more can go below 0.05."
    )
    assert "luck" not in lines[1]
    no_test = how_sure_lines(analysis(result(p_value=None, smallest_p=None)))
    assert len(no_test) == 1


def test_vietnamese_and_every_case_translated(monkeypatch: pytest.MonkeyPatch) -> None:
    cases = [
        {},
        {"lower": 2.1, "upper": 3.0},
        {"lower": 0.9, "upper": 1.9},
        {"posterior_mean": -1.2, "lower": -1.8, "upper": -0.6},
        {"lower": -1.0, "upper": 3.8, "inconclusive_reasons": ("noisy",)},
        {"lower": -0.4, "upper": 1.1, "inconclusive_reasons": ("no_clear_difference",)},
        {"inconclusive_reasons": ("few_pairs",)},
        {"inconclusive_reasons": ("few_days",)},
        {"posterior_mean": 0.04, "lower": 0.01, "upper": 0.08},
        {"posterior_mean": -0.03, "lower": -0.07, "upper": -0.01},
    ]
    with use_language(VIETNAMESE):
        said = [plain(**c) for c in cases] + how_sure_lines(analysis(result()))
        said += how_sure_lines(
            analysis(result(**RISE, posterior_mean=-0.9, lower=-1.5, upper=-0.3))
        )
    assert "1,4" in said[0] and "0,3" in said[0] and "2,5" in said[0]
    assert all("In your trial" not in s and "most likely" not in s for s in said)
    assert all("randomisation" not in s and "cut-off" not in s for s in said)
    assert "0,062" in said[0] and "0,05 là ngưỡng thường dùng, nhưng với 4 cặp" in said[-3]
    assert "0,125" in said[-1]
    monkeypatch.setenv(PSEUDO_SWITCH, "1")
    with use_language("qps"):
        pseudo = [plain(**c) for c in cases] + how_sure_lines(analysis(result()))
        pseudo += how_sure_lines(analysis(result(**RISE, lower=-1.5, upper=-0.3)))
    for line in pseudo:
        assert "\u27e6" in line
        assert english_in_text(line) == [], line


def test_an_end_that_rounds_to_nothing_is_said_as_0_0() -> None:
    said = plain(lower=-0.04, upper=1.5, inconclusive_reasons=("no_clear_difference",))
    assert "most likely between 0.0 and 1.5 points lower" in said
    said = plain(lower=-1.5, upper=0.04, inconclusive_reasons=("no_clear_difference",))
    assert "most likely between 0.0 and 1.5 points higher" in said
