"""Responders, the two missing-data rules, attrition and persistence on a hand-made cohort."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from backrub.domain.change import change
from backrub.domain.cohort_counts import (
    ClientOutcome,
    CohortCounts,
    MissingRule,
    attrition,
    client_outcome,
    count_outcomes,
    persistence,
    share,
    side_by_side,
    total,
)
from backrub.domain.cohort_windows import (
    BASELINE_LATE_DAYS,
    COHORT_INSTRUMENTS,
    WINDOW_DAYS,
    WINDOWS,
    TimePoint,
    baseline_last_day,
    has_room,
    is_responder,
    pick_answer,
    responder_rule,
)
from backrub.domain.follow_up import ANSWER_WINDOW, STUDY_WEEKS, Template, due_dates
from backrub.domain.instruments import INSTRUMENTS
from backrub.evidence import load_rules

RULES = load_rules()
START = date(2026, 1, 5)  # the first session: day 0


def _on(day: int, score: float) -> tuple[date, float]:
    return START + timedelta(days=day), score


# ODI (0-100, higher is worse). Responder: at least 10 points AND at least 30% better
# (ostelo-2008), as on the client's own progress page. Each row: the ODI answers of one
# client as (day, score); the comment says what counts and why, counted by hand.
HAND_MADE = [
    [_on(-2, 40), _on(84, 20), _on(170, 22)],  # 1: 12w -20 (50%) yes; 24w -18 (45%) yes
    [_on(0, 50), _on(80, 30), _on(168, 45)],  # 2: 12w -20 (40%) yes; 24w -5 no
    [_on(1, 30), _on(90, 22), _on(160, 18)],  # 3: 12w -8 no; 24w -12 (40%) yes
    [_on(0, 60), _on(84, 48)],  # 4: 12w -12 but 20% no; 24w none
    [_on(-14, 20), _on(98, 10), _on(182, 10)],  # 5: windows' edges: 12w -10 (50%) yes; 24w yes
    [
        _on(0, 44),
        _on(60, 30),
        _on(175, 30),
    ],  # 6: day 60 is outside 70..98: 12w none; 24w -14 (32%) yes
    [_on(0, 36), _on(84, 26)],  # 7: 12w -10 but 27.8% no; 24w none
    [_on(0, 28), _on(120, 10)],  # 8: day 120 in no window: 12w none; 24w none
    [_on(0, 40), _on(84, 28), _on(168, 28)],  # 9: -12 is exactly 30%: yes (met at equality); yes
    [_on(0, 50), _on(84, 55), _on(168, 60)],  # 10: worse: no; no
    [_on(0, 30), _on(84, 15)],  # 11: 12w -15 (50%) yes; 24w none
    [_on(-20, 40), _on(84, 10), _on(168, 10)],  # 12: baseline day -20 is too early: not enrolled
    [_on(4, 40), _on(84, 10)],  # 13: baseline day 4 is too late: not enrolled
]


def _outcomes() -> list[ClientOutcome]:
    rule = responder_rule("odi", RULES)
    found = []
    for answers in HAND_MADE:
        baseline = pick_answer(answers, start=START, point=TimePoint.BASELINE)
        if baseline is None:
            continue
        at_12 = pick_answer(answers, start=START, point=TimePoint.WEEK_12)
        at_24 = pick_answer(answers, start=START, point=TimePoint.WEEK_24)
        found.append(client_outcome(rule, baseline=baseline, at_12=at_12, at_24=at_24))
    return found


def test_the_hand_made_cohort_counts_as_counted_by_hand() -> None:
    # Enrolled (a baseline in -14..+3): clients 1-11 = 11 (12 and 13 are out).
    # Answered at 12 weeks (days 70..98): 1, 2, 3, 4, 5, 7, 9, 10, 11 = 9.
    # Responders at 12: 1, 2, 5, 9, 11 = 5.
    # Answered at 24 weeks (days 154..182): 1, 2, 3, 5, 6, 9, 10 = 7.
    # Responders at 24: 1, 3, 5, 6, 9 = 5.
    # Improved at 12 and answered at 24: 1, 2, 5, 9 = 4 (11 did not answer at 24).
    # Still improved at 24: 1, 5, 9 = 3.
    assert count_outcomes(_outcomes()) == CohortCounts(
        enrolled=11,
        answered_12=9,
        responders_12=5,
        answered_24=7,
        responders_24=5,
        responders_12_answered_24=4,
        persisted=3,
    )


def test_complete_cases_divide_by_those_who_answered() -> None:
    counts = count_outcomes(_outcomes())
    at_12 = share(counts, TimePoint.WEEK_12, MissingRule.COMPLETE_CASES)
    at_24 = share(counts, TimePoint.WEEK_24, MissingRule.COMPLETE_CASES)
    assert at_12 is not None and (at_12.responders, at_12.denominator) == (5, 9)  # 55.6%
    assert at_24 is not None and (at_24.responders, at_24.denominator) == (5, 7)  # 71.4%
    assert at_12.interval.share == pytest.approx(5 / 9)


def test_missing_counted_as_not_improved_divides_by_everyone_enrolled() -> None:
    counts = count_outcomes(_outcomes())
    at_12 = share(counts, TimePoint.WEEK_12, MissingRule.MISSING_NOT_IMPROVED)
    at_24 = share(counts, TimePoint.WEEK_24, MissingRule.MISSING_NOT_IMPROVED)
    assert at_12 is not None and (at_12.responders, at_12.denominator) == (5, 11)  # 45.5%
    assert at_24 is not None and (at_24.responders, at_24.denominator) == (5, 11)  # 45.5%


def test_the_two_rules_come_side_by_side_and_the_cautious_one_is_never_higher() -> None:
    counts = count_outcomes(_outcomes())
    for point in (TimePoint.WEEK_12, TimePoint.WEEK_24):
        complete, cautious = side_by_side(counts, point)
        assert complete is not None and complete.rule is MissingRule.COMPLETE_CASES
        assert cautious is not None and cautious.rule is MissingRule.MISSING_NOT_IMPROVED
        assert cautious.interval.share <= complete.interval.share


def test_persistence_under_each_rule() -> None:
    counts = count_outcomes(_outcomes())
    complete = persistence(counts, MissingRule.COMPLETE_CASES)
    cautious = persistence(counts, MissingRule.MISSING_NOT_IMPROVED)
    assert complete is not None and (complete.responders, complete.denominator) == (3, 4)  # 75%
    assert cautious is not None and (cautious.responders, cautious.denominator) == (3, 5)  # 60%


def test_the_attrition_flow_of_the_study() -> None:
    # elder-2017: 104 enrolled, 85 at 12 weeks, 76 at 24: 19 and 28 lost.
    flow = attrition(CohortCounts(104, 85, 40, 76, 35, 30, 22))
    assert (flow.enrolled, flow.answered_12, flow.answered_24) == (104, 85, 76)
    assert (flow.lost_by_12, flow.lost_by_24) == (19, 28)


def test_therapists_counts_add_up_to_the_clinics() -> None:
    half = count_outcomes(_outcomes()[:5])
    rest = count_outcomes(_outcomes()[5:])
    assert total([half, rest]) == count_outcomes(_outcomes())


def test_a_share_of_nobody_is_no_share() -> None:
    empty = count_outcomes([])
    assert share(empty, TimePoint.WEEK_12, MissingRule.COMPLETE_CASES) is None
    assert persistence(empty, MissingRule.MISSING_NOT_IMPROVED) is None


def test_counts_that_do_not_nest_are_refused() -> None:
    with pytest.raises(ValueError, match="do not nest"):
        CohortCounts(10, 11, 0, 0, 0, 0, 0)
    with pytest.raises(ValueError, match="negative"):
        CohortCounts(10, 5, -1, 0, 0, 0, 0)


@pytest.mark.parametrize(
    ("day", "expected"),
    [(69, None), (70, 1.0), (98, 1.0), (99, None)],
)
def test_the_12_week_window_runs_two_weeks_either_side_of_day_84(
    day: int, expected: float | None
) -> None:
    assert pick_answer([_on(day, 1.0)], start=START, point=TimePoint.WEEK_12) == expected


def test_the_closest_answer_counts_and_a_tie_goes_to_the_earlier() -> None:
    answers = [_on(80, 1.0), _on(83, 2.0), _on(88, 3.0)]
    assert pick_answer(answers, start=START, point=TimePoint.WEEK_12) == 2.0
    tie = [_on(87, 5.0), _on(81, 4.0)]
    assert pick_answer(tie, start=START, point=TimePoint.WEEK_12) == 4.0


@pytest.mark.parametrize("instrument_id", COHORT_INSTRUMENTS)
def test_a_responder_is_what_the_progress_page_calls_meaningful_improvement(
    instrument_id: str,
) -> None:
    instrument = INSTRUMENTS[instrument_id]
    rule = responder_rule(instrument_id, RULES)
    top = int(instrument.score_high)
    step = max(1, top // 24)
    for baseline in range(0, top + 1, step):
        for later in range(0, top + 1, step):
            verdict = change(instrument, baseline=baseline, latest=later, rules=RULES)
            assert is_responder(rule, baseline=baseline, later=later) == (
                verdict.conclusion == "meaningful improvement"
            ), (instrument_id, baseline, later)


def test_the_responder_rules_come_from_the_rules_table() -> None:
    assert responder_rule("nrs", RULES).points == 2
    assert responder_rule("rmdq", RULES).points == 5
    assert responder_rule("odi", RULES).points == 10
    assert responder_rule("odi", RULES).percent == 30
    assert responder_rule("odi", RULES).sources == ("ostelo-2008", "dworkin-2008")
    with pytest.raises(ValueError, match="detectable"):
        responder_rule("psfs", RULES)


def test_the_windows_are_the_numbers_in_the_rules_table() -> None:
    assert RULES["cohort_window_days"].value == WINDOW_DAYS
    assert RULES["cohort_baseline_late_days"].value == BASELINE_LATE_DAYS


@pytest.mark.parametrize(
    ("instrument_id", "too_low", "enough"),
    [("nrs", 1, 2), ("peg", 0.67, 1), ("rmdq", 4, 5), ("odi", 9.99, 10)],
)
def test_only_a_start_with_room_for_the_change_is_enrolled(
    instrument_id: str, too_low: float, enough: float
) -> None:
    rule = responder_rule(instrument_id, RULES)
    assert not has_room(rule, too_low)
    assert has_room(rule, enough)
    assert rule.lowest_start == enough
    # From too low nobody could ever be a responder, even by reaching the best score.
    assert not is_responder(rule, baseline=too_low, later=0)


def test_peg_has_its_own_rule() -> None:
    rule = responder_rule("peg", RULES)
    assert (rule.points, rule.percent, rule.sources) == (1, None, ("reed-2024",))
    assert is_responder(rule, baseline=6, later=5)
    assert not is_responder(rule, baseline=6, later=5.33)


def test_the_follow_up_12_and_24_week_questionnaires_fall_in_the_cohort_windows() -> None:
    # domain.follow_up (not this area's) asks at 12 and 24 weeks and keeps each open
    # ANSWER_WINDOW days: every day it can be answered must be inside the cohort window.
    for weeks, point in zip(STUDY_WEEKS, (TimePoint.WEEK_12, TimePoint.WEEK_24), strict=True):
        window = WINDOWS[point]
        due = weeks * 7
        assert window.first_day <= due
        assert due + ANSWER_WINDOW.days <= window.last_day


def test_a_follow_up_baseline_can_only_be_answered_inside_the_cohort_baseline_window() -> None:
    # Review S6-6: one definition (domain.cohort_windows.baseline_last_day) for both.
    first = date(2026, 3, 2)
    for offset in range(-20, 10):
        today = first + timedelta(days=offset)
        found = due_dates(Template.STUDY, first_session=first, today=today)
        baseline = [d for d in found if d.why == "baseline"]
        if offset > BASELINE_LATE_DAYS:  # too late to be a starting point: not asked
            assert baseline == []
            continue
        (due,) = baseline
        assert due.last_day == baseline_last_day(first)
        assert due.on <= due.last_day
        assert WINDOWS[TimePoint.BASELINE].first_day <= (due.on - first).days
        assert (due.last_day - first).days == WINDOWS[TimePoint.BASELINE].last_day
    assert all(d.last_day is None for d in found if d.why != "baseline")
