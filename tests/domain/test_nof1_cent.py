"""The CENT 2015 lines of the trial report, each with the figures it is given."""

from __future__ import annotations

from datetime import date

from backrub.domain import nof1_cent as cent
from backrub.domain.nof1_design import parse_design, schedule
from backrub.domain.nof1_periods import ArmMean
from backrub.i18n import use_language


def test_leg_pain_medicines_and_every_harm_are_named() -> None:
    line = cent.condition_line(None, leg_pain=True)
    assert "no episode start recorded" in line and "pain below the knee was reported" in line
    names = tuple(f"m{n}" for n in range(7))
    treated = cent.treatment_line(cent.Treatments(20, 3, names))
    assert "on 3 of 20 days with a check-in (m0, m1, m2, m3, m4)" in treated and "m5" not in treated
    harms = cent.harm_lines(cent.Harms(date(2026, 3, 9), (date(2026, 3, 4), date(2026, 3, 6)), ()))
    assert harms[0] == "The trial was ended on 2026-03-09 because a screening found a warning sign."
    assert harms[1].endswith("on: 2026-03-04, 2026-03-06.")
    assert harms[-1] == "backrub records no other side effects."


def test_sleep_needs_both_kinds_of_period_and_the_peg_counts_its_answers() -> None:
    none = {"A": ArmMean(4, 6.5), "B": ArmMean(0, None)}
    slept, peg = cent.secondary_lines(none, [])
    assert "too few check-ins" in slept and "not answered" in peg
    both = {"A": ArmMean(1, 6.5), "B": ArmMean(2, 5.25)}
    slept, peg = cent.secondary_lines(both, [4.0])
    assert slept.endswith(
        "mean 6.5 over 1 day with massage and 5.2 over 2 days without massage "
        "(washout days included)."
    )
    assert "answered 1 time" in peg
    # a PEG asks about the past week, so it may describe the period before (review 8, M9)
    assert "covers the 7 days before it was answered" in peg and "previous period" in peg


def test_the_methods_count_the_orders_and_read_in_vietnamese() -> None:
    assert "each of the 16 orders the 4 pairs" in cent.methods_line(pairs=4, washout_days=3)
    with use_language("vi"):
        line = cent.methods_line(pairs=4, washout_days=3)
        assert "16 thứ tự" in line and "4 cặp" in line
        assert cent.blinding_line().startswith("Làm mù: không làm mù.")


def test_each_harm_names_its_period_and_whether_it_had_massage() -> None:
    """CENT item 19 asks for harms in each period (clinical review 8, M10)."""
    periods = schedule(parse_design(seed=1), date(2026, 3, 2)).periods
    first, second = periods[0], periods[1]
    days = (first.first, second.last)
    harms = cent.harm_lines(cent.Harms(second.last, days, (first.last,)), periods)
    arm = {"A": "massage", "B": "no massage"}
    one = f"{first.first.isoformat()} (period 1, {arm[first.arm]})"
    two = f"{second.last.isoformat()} (period 2, {arm[second.arm]})"
    assert harms[0] == f"The trial was ended on {two} because a screening found a warning sign."
    assert harms[1].endswith(f"on: {one}, {two}.")
    assert harms[2].endswith(f"on: {first.last.isoformat()} (period 1, {arm[first.arm]}).")
    assert {first.arm, second.arm} == {"A", "B"}  # a pair has one of each
    with use_language("vi"):
        worded = cent.harm_lines(cent.Harms(None, (first.first,), ()), periods)[0]
        assert "(giai đoạn 1, " in worded


def test_the_methods_say_the_p_value_is_one_sided() -> None:
    """A clinician would read a p-value as two-sided unless told (clinical review 8, M11)."""
    line = cent.methods_line(pairs=4, washout_days=2)
    assert "one-sided (lower pain with massage)" in line and "1 in 16" in line
