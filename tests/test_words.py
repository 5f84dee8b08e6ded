"""Counted nouns read right: "1 point", "2 points", "1 day", never "point(s)"."""

from __future__ import annotations

import pytest

from backrub.domain.words import counted, number


@pytest.mark.parametrize(
    ("value", "noun", "expected"),
    [
        (1, "point", "1 point"),
        (1.0, "point", "1 point"),
        (2, "point", "2 points"),
        (2.5, "point", "2.5 points"),
        (0, "point", "0 points"),
        (1, "day", "1 day"),
        (7, "day", "7 days"),
        (1, "zone", "1 zone"),
        (3, "activity", "3 activities"),
        (9.8, "cm", "9.8 cm"),
        (1, "cm", "1 cm"),
        (3.3333333, "point", "3.33 points"),
    ],
)
def test_counted_nouns_take_the_right_number(value: float, noun: str, expected: str) -> None:
    assert counted(value, noun) == expected


def test_numbers_never_show_a_trailing_zero_or_a_negative_zero() -> None:
    assert [number(v) for v in (2.0, -0.0, 0.004, 12.5)] == ["2", "0", "0", "12.5"]
