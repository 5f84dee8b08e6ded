"""The CENT 2015 lines of the trial report, each with the figures it is given."""

from __future__ import annotations

from datetime import date

from backrub.domain import nof1_cent as cent
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
    assert slept.endswith("mean 6.5 over 1 day with massage and 5.2 over 2 days without massage.")
    assert "answered 1 time" in peg


def test_the_methods_count_the_orders_and_read_in_vietnamese() -> None:
    assert "each of the 16 orders the 4 pairs" in cent.methods_line(pairs=4, washout_days=3)
    with use_language("vi"):
        line = cent.methods_line(pairs=4, washout_days=3)
        assert "16 thứ tự" in line and "4 cặp" in line
        assert cent.blinding_line().startswith("Làm mù: không làm mù.")
