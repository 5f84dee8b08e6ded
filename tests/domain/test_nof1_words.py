"""The sentences a person reads about their trial, in English and Vietnamese."""

from __future__ import annotations

import dataclasses

import pytest

from backrub.domain.nof1_analysis import Result, TrialAnalysis
from backrub.domain.nof1_power import Detectable
from backrub.domain.nof1_words import detectable_lines, reasons, result_lines
from backrub.i18n import PSEUDO_SWITCH, VIETNAMESE, use_language
from tests.i18n.english import english_in_text


def result(**change: object) -> Result:
    base = Result(
        days_a=20,
        days_b=20,
        mean_a=3.6,
        mean_b=5.0,
        difference=1.4,
        pairs=4,
        p_value=0.0625,
        p_two_sided=0.125,
        allocations=16,
        smallest_p=0.0625,
        posterior_mean=1.4,
        lower=0.3,
        upper=2.5,
        p_benefit_mic=0.14,
        autocorrelation=0.3,
        mic=2.0,
        inconclusive_reasons=(),
    )
    return dataclasses.replace(base, **change)  # type: ignore[arg-type]


def analysis(primary: Result, sensitivity: Result | None = None) -> TrialAnalysis:
    return TrialAnalysis(primary, sensitivity or primary, washout_days=2, seed=1, mic=2.0)


def test_the_issue_sentence_word_for_word() -> None:
    lines = result_lines(analysis(result()), adherence=0.95)
    assert lines[0] == (
        "In your trial, pain on massage weeks was 1.4 points lower (95% interval 0.3 to 2.5); "
        "the chance that massage lowers your pain by 2 points or more is 14%."
    )
    assert "in 1 of the 16 orders" in lines[1] and "p = 0.062" in lines[1]
    assert "this large or larger in favour of massage" in lines[1]
    assert any(
        line.startswith(
            "As a check, not the main result: counting the washout days too (the first 2 days "
            "of each period, a product default)"
        )
        for line in lines
    )
    assert (
        "The whole 95% interval lies on one side of \u201cno difference\u201d: the model finds "
        "a difference."
    ) in lines
    assert "cannot tell whether" not in " ".join(lines)


def test_a_conclusive_model_says_the_randomisation_test_cannot_confirm_it() -> None:
    # Review finding 5: with 4 pairs the test can never go below 1/16, so the "conclusive"
    # answer rests on the model alone; the words say so.
    lines = result_lines(analysis(result()), adherence=None)
    assert (
        "That finding rests on the model, which assumes your pain drifts steadily over time "
        "and each day's pain follows the day before; with 4 pairs the randomisation test, "
        "which assumes neither, can never be small enough to confirm it on its own."
    ) in lines
    five = result(pairs=5, allocations=32, smallest_p=1 / 32, p_value=1 / 32)
    assert not any("rests on" in line for line in result_lines(analysis(five), adherence=None))


RISE = {"difference": -0.9, "p_value": 1.0, "p_two_sided": 0.125}
CLEAR_RISE = {"posterior_mean": -0.9, "lower": -1.5, "upper": -0.3, **RISE}


def test_a_rise_is_not_said_in_favour_of_massage_and_gets_its_two_sided_p() -> None:
    # Review 10 M7: "a difference this large or larger in favour of massage would come up in
    # 16 of the 16 orders (p = 1.000)" for pain 0.9 points higher in massage weeks.
    lines = result_lines(analysis(result(**CLEAR_RISE)), adherence=None)
    text = " ".join(lines)
    assert "in favour of massage" not in text and "p = 1.000" not in text
    assert (
        "Randomisation test: it looks only for lower pain in massage weeks, and pain was "
        "higher in them. Counted both ways, if massage made no difference, a difference this "
        "large or larger, higher or lower, would come up in 2 of the 16 orders the trial could "
        "have drawn (two-sided p = 0.125). With these pairs it can never be below 0.125."
    ) in lines
    # Nor does the test "confirm" or fail to confirm a rise it does not look for.
    assert "confirm" not in text
    assert (
        "That finding rests on the model, which assumes your pain drifts steadily over time "
        "and each day's pain follows the day before; the randomisation test, which assumes "
        "neither, looks only for lower pain in massage weeks, so it does not check a rise."
    ) in lines
    with use_language(VIETNAMESE):
        vi = " ".join(result_lines(analysis(result(**CLEAR_RISE)), adherence=None))
    assert "Randomisation" not in vi and "rests on" not in vi and "0,125" in vi


def test_a_running_trial_with_too_few_pairs_says_so_far_and_cannot_tell_first() -> None:
    # Review 10 m8: "pain on massage weeks was 2.3 points lower ...; the chance ... is 81%"
    # came before "This trial cannot tell ...", and without "so far" while the trial ran.
    few = result(
        pairs=2, allocations=4, smallest_p=0.25, p_value=0.25, posterior_mean=2.3, lower=1.6,
        upper=3.0, p_benefit_mic=0.81, inconclusive_reasons=("few_pairs",),
    )  # fmt: skip
    lines = result_lines(analysis(few), adherence=None, running=True)
    assert lines[:2] == [
        "This trial cannot tell whether massage lowers your pain at all:",
        "Too few pairs of periods were completed: fewer than 3, the fewest the analysis can use.",
    ]
    assert lines[2] == (
        "So far in your trial, pain on massage weeks was 2.3 points lower (95% interval 1.6 to "
        "3.0); the chance that massage lowers your pain by 2 points or more is 81%."
    )
    rise = dataclasses.replace(few, posterior_mean=-0.5, lower=-1.5, upper=0.5)
    assert result_lines(analysis(rise), adherence=None, running=True)[2].startswith(
        "So far in your trial, pain on massage weeks was 0.5 points higher (95% interval: from "
        "1.5 points higher to 0.5 points lower)"
    )
    finished = result_lines(analysis(few), adherence=None)
    assert finished[0].startswith("This trial cannot tell") and "So far" not in " ".join(finished)
    with use_language(VIETNAMESE):
        vi = result_lines(analysis(few), adherence=None, running=True)
    assert "So far" not in vi[2] and "81%" in vi[2]


def test_the_minimal_important_change_names_its_source() -> None:
    text = " ".join(result_lines(analysis(result()), adherence=None))
    assert "call important (ostelo-2008)" in text
    assert "used here for a difference between kinds of weeks" in text
    before = " ".join(detectable_lines(detectable()))
    assert "call important (ostelo-2008)" in before


def test_an_interval_across_no_difference_says_both_directions() -> None:
    primary = result(
        posterior_mean=0.4,
        lower=-0.5,
        upper=1.3,
        p_benefit_mic=0.004,
        inconclusive_reasons=("no_clear_difference",),
    )
    lines = result_lines(analysis(primary), adherence=None)
    assert "from 0.5 points higher to 1.3 points lower" in lines[0]
    assert "less than 1%" in lines[0]
    assert "This trial cannot tell whether massage lowers your pain at all:" in lines
    assert "a lowering of 2 points or more is unlikely" in " ".join(lines)
    # clinical review 7 item 9: on its own the sentence must not read as a verdict
    assert "in this trial's comparison, which carry-over from the massage periods can shrink" in (
        " ".join(lines)
    )


def test_too_few_days_gives_reasons_and_no_numbers() -> None:
    primary = result(days_a=5, days_b=5, pairs=1, inconclusive_reasons=("few_days", "few_pairs"))
    text = " ".join(result_lines(analysis(primary), adherence=None))
    assert "pain on massage weeks" not in text and "Randomisation test" not in text
    assert "at least 7 in each kind of period" in text
    assert "fewer than 3, the fewest the analysis can use" in text


def test_poor_adherence_makes_a_clear_result_inconclusive() -> None:
    trial = analysis(result())
    assert reasons(trial, adherence=0.6) == ("poor_adherence",)
    assert reasons(trial, adherence=0.8) == ()
    text = " ".join(result_lines(trial, adherence=0.6))
    assert "The plan was followed on 60% of the days, fewer than 80%" in text
    assert "This result is less sure than it looks:" in text
    assert "cannot tell whether" not in text


def test_noisy_says_what_the_interval_cannot_tell_apart() -> None:
    primary = result(lower=-1.0, upper=3.8, inconclusive_reasons=("noisy",))
    text = " ".join(result_lines(analysis(primary), adherence=None))
    assert "Your pain varied too much for this many days: the interval includes both" in text


def test_vietnamese() -> None:
    with use_language(VIETNAMESE):
        lines = result_lines(analysis(result()), adherence=0.5)
    assert lines[0].startswith("Trong thử nghiệm của bạn, mức đau trong những tuần có xoa bóp")
    assert "1,4" in lines[0] and "14%" in lines[0]
    assert any("Kế hoạch được làm theo trong 50%" in line for line in lines)
    assert all("In your trial" not in line for line in lines)


def detectable(**change: object) -> Detectable:
    base = Detectable(
        smallest_difference=1.5,
        noise_sd=1.43,
        autocorrelation=0.2,
        mean=5.0,
        baseline_days=18,
        power_by_difference=((0.5, 0.1), (1.0, 0.5), (1.5, 0.85)),
        pairs=3,
        period_days=7,
        washout_days=2,
        pairs_needed=None,
        simulations=400,
        seed=1,
        power=0.8,
    )
    return dataclasses.replace(base, **change)  # type: ignore[arg-type]


def test_a_plan_that_detects_the_minimal_important_change() -> None:
    lines = detectable_lines(detectable())
    assert lines[0] == (
        "With this plan the trial can detect a difference of 1.5 points in daily pain "
        "(in 80% of simulated trials like yours), within 2 points, the smallest change that "
        "people with back pain, on average, call important (ostelo-2008)."
    )
    assert lines[-1] == (
        "Estimated from your 18 days of pain check-ins before the trial: your pain is usually "
        "within about 1.4 points of its average. From so few days this is rough; with more "
        "days before the trial it would be surer."
    )


def test_a_short_plan_for_strongly_correlated_pain_says_the_no_effect_check_was_missed() -> None:
    # Review finding 2 / brief item 4: 3 pairs of 1 week with rho 0.6 missed the no-effect rule.
    said = " ".join(detectable_lines(detectable(autocorrelation=0.5)))
    assert "stay high or low for several days at a time" in said
    assert "4 pairs, or periods of 2 weeks, avoid that" in said
    for fine in (
        detectable(autocorrelation=0.2),
        detectable(autocorrelation=0.5, pairs=4),
        detectable(autocorrelation=0.5, period_days=14),
    ):
        assert "stay high or low" not in " ".join(detectable_lines(fine))


def test_a_plan_too_small_says_so_and_suggests_more_pairs() -> None:
    lines = detectable_lines(detectable(smallest_difference=3.0, pairs_needed=6))
    assert "is 3 points, more than 2 points, the smallest change" in lines[0]
    assert lines[1] == "With 6 pairs it could detect 2 points."
    hopeless = detectable_lines(detectable(smallest_difference=None, pairs_needed=None))
    assert "could not reliably detect even a difference of 5 points" in hopeless[0]
    assert hopeless[1] == "Even 10 pairs would not reliably detect 2 points."
    with use_language(VIETNAMESE):
        vietnamese = detectable_lines(detectable(smallest_difference=3.0, pairs_needed=6))
    assert vietnamese[1] == "Với 6 cặp, thử nghiệm có thể phát hiện 2 điểm."


def test_no_english_is_left_in_the_pseudo_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(PSEUDO_SWITCH, "1")
    unclear = result(lower=-1.0, upper=3.8, inconclusive_reasons=("noisy", "few_pairs"))
    with use_language("qps"):
        said = [
            *result_lines(analysis(result()), adherence=0.5),
            *result_lines(analysis(unclear), adherence=None),
            *result_lines(analysis(result(**CLEAR_RISE)), adherence=None),
            *detectable_lines(detectable(smallest_difference=3.0, pairs_needed=6)),
            *detectable_lines(detectable(smallest_difference=None)),
        ]
    for line in said:
        assert "⟦" in line
        assert english_in_text(line) == [], line
