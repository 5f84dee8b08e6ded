"""The sentences a person reads about their trial, in English and Vietnamese."""

from __future__ import annotations

import dataclasses

from backrub.domain.nof1_analysis import Result, TrialAnalysis
from backrub.domain.nof1_words import reasons, result_lines
from backrub.i18n import VIETNAMESE, use_language


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
    assert "16 orders" in lines[1] and "p = 0.062" in lines[1]
    assert any("Counting the washout days too (the first 2 days" in line for line in lines)
    assert "The interval leaves out no difference." in lines
    assert "does not answer" not in " ".join(lines)


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
    assert "This trial does not answer the question yet:" in lines
    assert "a lowering of 2 points or more is unlikely" in " ".join(lines)


def test_too_few_days_gives_reasons_and_no_numbers() -> None:
    primary = result(days_a=5, days_b=5, pairs=1, inconclusive_reasons=("few_days", "few_pairs"))
    text = " ".join(result_lines(analysis(primary), adherence=None))
    assert "pain on massage weeks" not in text and "Randomisation test" not in text
    assert "at least 7 in each kind of period" in text
    assert "at least 3 are needed" in text


def test_poor_adherence_makes_a_clear_result_inconclusive() -> None:
    trial = analysis(result())
    assert reasons(trial, adherence=0.6) == ("poor_adherence",)
    assert reasons(trial, adherence=0.8) == ()
    text = " ".join(result_lines(trial, adherence=0.6))
    assert "The plan was followed on 60% of the days, fewer than 80%" in text
    assert "does not answer the question yet" in text


def test_noisy_says_what_the_interval_cannot_tell_apart() -> None:
    primary = result(lower=-1.0, upper=3.8, inconclusive_reasons=("noisy",))
    text = " ".join(result_lines(analysis(primary), adherence=None))
    assert "includes both no difference and a lowering of 2 points" in text


def test_vietnamese() -> None:
    with use_language(VIETNAMESE):
        lines = result_lines(analysis(result()), adherence=0.5)
    assert lines[0].startswith("Trong thử nghiệm của bạn, mức đau trong những tuần có xoa bóp")
    assert "1,4" in lines[0] and "14%" in lines[0]
    assert any("Kế hoạch được làm theo trong 50%" in line for line in lines)
    assert all("In your trial" not in line for line in lines)
