"""Progress statistics: change and responders, trend, days compared, dose, trials."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backrub import services
from backrub.domain.instruments import get_instrument
from backrub.domain.progress import (
    MIN_DAYS_PER_GROUP,
    NOT_A_PREDICTION,
    NOT_RANDOMISED,
    Change,
    change,
    compare_days,
    compare_with_trials,
    dose,
    trend,
)
from backrub.domain.rules import Rule
from backrub.domain.trend import MIN_TREND_WEEKS, theil_sen, weekly_medians
from backrub.errors import InvalidInput
from backrub.evidence import load_rules
from backrub.services.reading import one_reading
from backrub.store import Store
from tests.conftest import NOW

RULES = load_rules()
MONDAY = date(2025, 1, 6)


def judge(instrument: str, baseline: float, latest: float, **rules: Rule) -> Change:
    return change(
        get_instrument(instrument),
        baseline=baseline,
        latest=latest,
        rules={**RULES, **rules},
    )


# ---------------------------------------------------------------- change


@pytest.mark.parametrize(
    ("instrument", "baseline", "latest", "pct", "by_relative", "by_absolute"),
    [
        ("nrs", 6, 3, 50.0, True, True),  # responder by both rules
        ("nrs", 6, 5, 16.666666667, False, False),  # neither
        ("nrs", 2, 1, 50.0, True, False),  # 50% but below the 2-point MIC
        ("nrs", 0, 0, None, None, False),  # percent undefined
        ("nrs", 5, 7, -40.0, False, False),  # worse
        ("rmdq", 10, 7, 30.0, True, False),  # exactly 30% counts
        ("rmdq", 20, 15, 25.0, False, True),  # exactly 5 points counts
        ("odi", 40, 28, 30.0, True, True),
        # No source gives the 30% rule for the PEG: a percent, but no verdict on it.
        ("peg", 16 / 3, 13 / 3, 18.75, None, True),  # PEG means: float noise ignored
        # PSFS and fingertip-to-floor have detectable changes only: no percent at all.
        ("psfs", 3, 6, None, None, True),  # higher is better
        ("psfs", 6, 3, None, None, False),
        ("ffd", 20, 8, None, None, True),
    ],
)
def test_change_judges_each_instrument_only_by_the_thresholds_its_sources_give(
    instrument: str,
    baseline: float,
    latest: float,
    pct: float | None,
    by_relative: bool | None,
    by_absolute: bool,
) -> None:
    result = judge(instrument, baseline, latest)
    assert result.improvement_pct == (None if pct is None else pytest.approx(pct))
    assert result.is_responder_relative is by_relative
    assert result.is_responder_absolute is by_absolute


def test_change_words_say_improved_by_in_words_with_both_thresholds_and_their_sources() -> None:
    words = judge("nrs", 6, 3.5).words
    assert words.startswith("Pain improved by 2.5 points (42%), from 6 to 3.5.")
    assert "meets the 30% improvement rule (source: ostelo-2008, dworkin-2008)" in words
    assert "reaches the minimal important change of 2 points (source: ostelo-2008)" in words
    assert "+" not in words and "positive = better" not in words


@pytest.mark.parametrize(
    ("instrument", "baseline", "latest", "start"),
    [
        ("nrs", 2, 1, "Pain improved by 1 point (50%), from 2 to 1."),
        ("nrs", 4, 7, "Pain got worse by 3 points (75%), from 4 to 7."),
        ("nrs", 4, 4, "Pain did not change (from 4 to 4)."),
        ("rmdq", 12, 6, "The Roland-Morris Disability Questionnaire score improved by 6 points"),
    ],
)
def test_change_words_have_right_plurals_and_no_signs(
    instrument: str, baseline: float, latest: float, start: str
) -> None:
    assert judge(instrument, baseline, latest).words.startswith(start)


def test_psfs_2_to_3_is_a_detectable_change_question_not_50_percent_better() -> None:
    # Regression: PSFS 2 -> 3 was "50% better, meets the 30% improvement rule".
    result = judge("psfs", 2, 3)
    assert result.improvement_pct is None and result.relative is None
    assert "%" not in result.words
    assert "30%" not in result.words
    assert result.words.startswith(
        "The Patient-Specific Functional Scale score improved by 1 point, from 2 to 3."
    )
    assert "minimal detectable change is 2 points (source: stratford-1995)" in result.words
    assert "filled in with a clinician" in result.words
    assert result.conclusion == "no change beyond measurement error"
    assert result.to_json()["absolute"]["kind"] == "minimal detectable change"


def test_fingertip_to_floor_minus_2_to_minus_8_cm_is_no_percent_and_within_error() -> None:
    # Regression: -2 -> -8 cm was "300% better".
    result = judge("ffd", -2, -8)
    assert result.improvement_points == 6 and result.improvement_pct is None
    assert "%" not in result.words
    assert result.words.startswith(
        "Fingertip-to-floor distance improved by 6 cm, from -2 to -8 cm."
    )
    assert "smallest detectable change is 9.8 cm" in result.words
    assert "trained clinicians in a mixed group" in result.words
    assert result.conclusion == "no change beyond measurement error"
    data = result.to_json()
    assert data["relative"] is None and data["improvement_pct"] is None
    assert data["absolute"]["kind"] == "smallest detectable change"
    assert data["absolute"]["unit"] == "cm"


def test_the_conclusion_names_one_verdict_from_both_thresholds() -> None:
    assert judge("rmdq", 12, 6).conclusion == "meaningful improvement"
    assert judge("rmdq", 10, 7).conclusion.startswith("improved by 30% or more, but not")
    assert judge("rmdq", 20, 15).conclusion.startswith("improved by the minimal important")
    assert judge("rmdq", 6, 12).conclusion == "meaningfully worse"
    assert judge("rmdq", 12, 11).conclusion == "no meaningful change"


def test_a_zero_baseline_says_the_percent_is_undefined_instead_of_dividing() -> None:
    result = judge("nrs", 0, 2)
    assert result.improvement_points == -2
    assert "a percent change cannot be worked out" in result.words
    assert result.to_json()["improvement_pct"] is None


def test_a_product_default_threshold_is_labelled_as_such() -> None:
    guess = Rule("mdc_psfs_points", 2, "points", ("product-default",), "no anchor-based MIC")
    result = judge("psfs", 3, 5, mdc_psfs_points=guess)
    assert "(product default, not evidence)" in result.words
    data = json.loads(json.dumps(result.to_json()))
    assert data["absolute"]["cite"] == "product default, not evidence"


def test_change_refuses_a_score_that_is_not_a_number() -> None:
    with pytest.raises(InvalidInput, match="baseline: nan is not allowed"):
        judge("nrs", float("nan"), 3)


def test_change_json_has_the_documented_shape() -> None:
    data = judge("nrs", 6, 3).to_json()
    json.dumps(data)
    assert data == {
        "kind": "change",
        "instrument": "nrs",
        "name": "Pain",
        "unit": "points",
        "baseline": 6.0,
        "latest": 3.0,
        "higher_is_worse": True,
        "improvement_points": 3.0,
        "improvement_pct": 50.0,
        "relative": {
            "rule": "mic_relative_pct",
            "threshold_pct": 30,
            "is_responder": True,
            "sources": ["ostelo-2008", "dworkin-2008"],
            "cite": "source: ostelo-2008, dworkin-2008",
        },
        "absolute": {
            "rule": "mic_nrs_points",
            "kind": "minimal important change",
            "threshold_points": 2,
            "unit": "points",
            "is_responder": True,
            "sources": ["ostelo-2008"],
            "cite": "source: ostelo-2008",
        },
        "conclusion": "meaningful improvement",
        "words": data["words"],
    }


# ---------------------------------------------------------------- trend

finite = st.floats(min_value=-10, max_value=10, allow_nan=False)


@given(slope=finite, intercept=finite, weeks=st.integers(min_value=2, max_value=40))
def test_the_slope_of_a_perfect_line_is_its_slope(
    slope: float, intercept: float, weeks: int
) -> None:
    result = theil_sen((float(w), intercept + slope * w) for w in range(weeks))
    assert result is not None
    assert result.per_week == pytest.approx(slope, abs=1e-9)


@given(
    values=st.lists(st.floats(min_value=0, max_value=10, allow_nan=False), min_size=2, max_size=40),
    shift=finite,
)
def test_adding_a_constant_does_not_change_the_slope(values: list[float], shift: float) -> None:
    plain = theil_sen((float(w), v) for w, v in enumerate(values))
    shifted = theil_sen((float(w), v + shift) for w, v in enumerate(values))
    assert plain is not None and shifted is not None
    assert shifted.per_week == pytest.approx(plain.per_week, abs=1e-9)


@given(values=st.lists(st.integers(min_value=0, max_value=10), min_size=2, max_size=60))
def test_the_interval_contains_the_estimate(values: list[int]) -> None:
    result = theil_sen((float(w), float(v)) for w, v in enumerate(values))
    assert result is not None
    assert result.low_per_week <= result.per_week <= result.high_per_week


def test_a_single_wild_week_does_not_drag_the_slope() -> None:
    values = [8.0 - 0.5 * w for w in range(12)]
    values[5] = 10.0
    result = theil_sen((float(w), v) for w, v in enumerate(values))
    assert result is not None
    assert result.per_week == pytest.approx(-0.5)


def test_several_check_ins_a_day_become_one_median_per_week() -> None:
    readings = [(MONDAY, 9.0), (MONDAY, 1.0), (MONDAY + timedelta(days=3), 5.0)]
    readings += [(MONDAY + timedelta(days=7), 4.0)]
    weeks = weekly_medians(readings)
    assert [(p.week, p.median, p.readings) for p in weeks] == [(0, 5.0, 3), (1, 4.0, 1)]
    assert weeks[1].starts == MONDAY + timedelta(days=7)


def daily(values_by_week: list[float], per_day: int = 3) -> list[tuple[date, float]]:
    return [
        (MONDAY + timedelta(days=7 * w + d), v)
        for w, v in enumerate(values_by_week)
        for d in range(7)
        for _ in range(per_day)
    ]


def test_three_weeks_of_falling_pain_is_no_clear_trend_yet() -> None:
    result = trend(daily([7, 6, 5]), label="pain", higher_is_worse=True)
    assert not result.is_conclusive
    assert result.words.startswith("No clear trend yet")
    assert f"at least {MIN_TREND_WEEKS}" in result.words


def test_steadily_falling_pain_is_called_getting_better() -> None:
    result = trend(daily([7, 6.5, 6, 5.5, 5, 4.5, 4, 3.5]), label="pain", higher_is_worse=True)
    assert result.is_conclusive
    assert result.slope is not None and result.slope.per_week == pytest.approx(-0.5)
    assert "fell by about 0.50 points a week" in result.words
    assert "+" not in result.words and "-0" not in result.words
    assert "means getting better" in result.words


def test_rising_function_on_a_higher_is_better_scale_is_called_getting_better() -> None:
    result = trend(daily([2, 3, 4, 5, 6]), label="PSFS", higher_is_worse=False)
    assert "rising, which for PSFS means getting better" in result.words


def test_noise_without_direction_is_no_clear_trend_yet() -> None:
    result = trend(daily([5, 7, 4, 6, 5, 7, 4, 6, 5, 7]), label="pain", higher_is_worse=True)
    assert not result.is_conclusive
    assert "No clear trend yet: the interval includes no change" in result.words


def test_no_readings_give_no_slope_and_no_conclusion() -> None:
    result = trend([], label="pain", higher_is_worse=True)
    assert result.slope is None
    assert result.to_json()["slope_per_week"] is None
    assert result.words.startswith("No clear trend yet")


def test_five_years_of_three_check_ins_a_day_give_a_weekly_trend() -> None:
    days = 5 * 365
    readings = [
        (MONDAY + timedelta(days=d), 7 - 4 * d / days + (i - 1) * 0.5)
        for d in range(days)
        for i in range(3)
    ]
    result = trend(readings, label="pain", higher_is_worse=True)
    assert result.readings == 3 * days
    assert len(result.weeks) == 261
    assert result.is_conclusive and "getting better" in result.words
    json.dumps(result.to_json())


# ---------------------------------------------------------------- days compared


def test_five_days_are_not_enough_to_compare() -> None:
    pain = {MONDAY + timedelta(days=d): float(d) for d in range(5)}
    result = compare_days(pain, {MONDAY, MONDAY + timedelta(days=2)})
    assert not result.is_conclusive
    assert result.words.startswith(
        "Not enough days to compare yet: 2 days after a massage and 3 other days;"
    )
    assert result.words.endswith(NOT_RANDOMISED)


def test_sixty_clearly_separated_days_conclude_pain_was_lower_after_massage() -> None:
    massage = {MONDAY + timedelta(days=d) for d in range(0, 60, 2)}
    pain = {
        MONDAY + timedelta(days=d): (3.0 + (d % 3) * 0.5 if d % 2 == 1 else 6.0 + (d % 3) * 0.5)
        for d in range(60)
    }
    result = compare_days(pain, massage)
    assert (result.after_massage.days, result.other.days) == (30, 30)
    assert result.difference == pytest.approx(-3.0, abs=0.1)
    assert result.ci95 is not None and result.ci95[1] < 0
    assert result.is_conclusive
    assert "Pain was lower on days after a massage." in result.words
    assert "3 points lower on days after a massage (95% interval: " in result.words
    assert "+" not in result.words
    assert result.words.endswith(NOT_RANDOMISED)
    assert "qaseem-2017" in result.words


def test_overlapping_days_give_no_clear_difference() -> None:
    massage = {MONDAY + timedelta(days=d) for d in range(0, 60, 2)}
    pain = {MONDAY + timedelta(days=d): float(d % 5) for d in range(60)}
    result = compare_days(pain, massage)
    assert min(result.after_massage.days, result.other.days) >= MIN_DAYS_PER_GROUP
    assert not result.is_conclusive
    assert "No clear difference yet" in result.words


def test_the_same_days_and_seed_always_give_the_same_interval() -> None:
    massage = {MONDAY + timedelta(days=d) for d in range(0, 40, 3)}
    pain = {MONDAY + timedelta(days=d): float((d * 7) % 11 % 10) for d in range(40)}
    assert compare_days(pain, massage, seed=4).ci95 == compare_days(pain, massage, seed=4).ci95


def test_days_compared_json_always_carries_the_not_randomised_caveat() -> None:
    data = compare_days({}, set()).to_json()
    json.dumps(data)
    assert data["caveat"] == NOT_RANDOMISED
    assert data["difference"] is None and data["ci95"] is None
    assert data["after_massage"] == {"days": 0, "mean": None}


# ---------------------------------------------------------------- dose


def test_dose_counts_sessions_minutes_a_week_and_overrides() -> None:
    minutes = [(MONDAY, 5.0), (MONDAY + timedelta(days=1), 5.0), (MONDAY + timedelta(days=8), 4.0)]
    result = dose(
        sessions_planned=10,
        sessions_done=7,
        self_massage_min=minutes,
        overrides=2,
        start=MONDAY,
        today=MONDAY + timedelta(days=15),
    )
    assert result.adherence_pct == pytest.approx(70.0)
    assert result.self_massage_min_by_week == (10.0, 4.0, 0.0)
    # the third week is still running, so the mean covers two full weeks
    assert result.self_massage_min_per_week_mean == pytest.approx(7.0)
    assert "7 of 10 planned sessions (70%)" in result.words
    assert "overrode the self-massage cap 2 times;" in result.words
    assert "over 2 full weeks." in result.words
    json.dumps(result.to_json())


def test_dose_with_nothing_planned_has_no_adherence_percent() -> None:
    result = dose(
        sessions_planned=0,
        sessions_done=0,
        self_massage_min=[],
        overrides=0,
        start=MONDAY,
        today=MONDAY,
    )
    assert result.adherence_pct is None
    assert "no complete week yet" in result.words


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"sessions_done": -1}, "sessions_done"),
        ({"overrides": -2}, "overrides"),
        ({"self_massage_min": [(MONDAY - timedelta(days=1), 5.0)]}, "self_massage_day"),
        ({"self_massage_min": [(MONDAY, -5.0)]}, "self_massage_min"),
    ],
)
def test_dose_refuses_impossible_counts_naming_the_field(
    kwargs: dict[str, object], field: str
) -> None:
    args: dict[str, object] = {
        "sessions_planned": 10,
        "sessions_done": 3,
        "self_massage_min": [],
        "overrides": 0,
        "start": MONDAY,
        "today": MONDAY + timedelta(days=20),
    } | kwargs
    with pytest.raises(InvalidInput) as caught:
        dose(**args)  # type: ignore[arg-type]
    assert caught.value.field == field


# ---------------------------------------------------------------- trials


def test_rmdq_change_sits_beside_cherkin_2011_with_the_no_prediction_sentence() -> None:
    result = compare_with_trials(judge("rmdq", 12, 6))
    data = json.loads(json.dumps(result.to_json()))
    rows = {(r["arm"], r["improvement_points"], tuple(r["ci95"])) for r in data["trials"]}
    assert rows == {
        ("relaxation massage", 2.9, (1.8, 4.0)),
        ("structural massage", 2.5, (1.4, 3.5)),
    }
    assert all(r.source == "cherkin-2011" for r in result.trials)
    assert data["caveat"] == NOT_A_PREDICTION
    assert "A trial average is no prediction for one person." in result.words
    assert "2.9 points more than usual care at 10 weeks (95% CI 1.8 to 4.0" in result.words
    assert "Yours: The Roland-Morris Disability Questionnaire score improved by 6 points" in (
        result.words
    )
    assert "+" not in result.words


def test_an_instrument_no_trial_reported_gets_an_empty_table_and_the_caveat() -> None:
    result = compare_with_trials(judge("peg", 6, 4))
    assert result.trials == ()
    assert "No trial in backrub's catalogue reported the PEG pain" in result.words
    assert result.words.endswith(NOT_A_PREDICTION)


# ---------------------------------------------------------------- worked out once per reading


def test_progress_is_worked_out_once_per_reading_and_afresh_after_it(store: Store) -> None:
    profile = services.current_profile(store, None, create=True, now=NOW)
    services.record_checkin(store, profile, now=NOW, pain=6)
    profile = services.current_profile(store, None, create=False)
    with one_reading():
        first = services.progress(store, profile, now=NOW)
        assert services.progress(store, profile, now=NOW) is first  # answered from the first
        later = NOW + timedelta(hours=1)
        assert services.progress(store, profile, now=later) is not first  # another moment
    services.record_checkin(store, profile, now=NOW, pain=2)
    again = services.progress(store, profile, now=NOW)
    assert again is not first
    assert again.pain_trend is not None
    assert again.pain_trend.weeks[0].median == 4.0  # the day of 6 and 2: the write counts


def test_the_store_reads_each_table_once_per_reading_and_each_caller_gets_its_own_list(
    store: Store,
) -> None:
    profile = services.current_profile(store, None, create=True, now=NOW)
    services.record_checkin(store, profile, now=NOW, pain=6)
    profile = services.current_profile(store, None, create=False)
    assert profile.id is not None
    with one_reading():
        first = store.checkins(profile.id)
        first.clear()  # a caller changing its list changes nobody else's
        assert [c.pain for c in store.checkins(profile.id)] == [6]
        assert store.checkins(profile.id, since=NOW + timedelta(days=1)) == []  # filtered: read
    services.record_checkin(store, profile, now=NOW, pain=2)
    assert [c.pain for c in store.checkins(profile.id)] == [6, 2]  # outside: read afresh
