"""The trial's design and seeded schedule: valid by field, reproducible, hashed."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from backrub.domain.nof1_design import Design, parse_design, schedule
from backrub.errors import InvalidInput

FIRST = date(2026, 3, 3)


def test_defaults_are_four_pairs_of_one_week_with_a_two_day_washout() -> None:
    design = parse_design(seed=7)
    assert (design.pairs, design.period_days, design.washout_days) == (4, 7, 2)
    assert design.total_days == 56


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"pairs": 2}, "pairs"),
        ({"pairs": 9}, "pairs"),
        ({"pairs": "three"}, "pairs"),
        ({"period_days": 10}, "period"),
        ({"period_days": 21}, "period"),
        ({"washout_days": 0}, "washout"),
        ({"washout_days": 7}, "washout"),
        ({"seed": -1}, "seed"),
        ({"seed": "x"}, "seed"),
    ],
)
def test_a_bad_value_is_refused_naming_its_field(values: dict[str, object], field: str) -> None:
    given: dict[str, object] = {"seed": 1, **values}
    with pytest.raises(InvalidInput) as caught:
        parse_design(**given)
    assert caught.value.field == field
    assert str(caught.value).startswith(f"{field}: ")


def test_each_pair_holds_one_massage_and_one_no_massage_period_back_to_back() -> None:
    found = schedule(Design(4, 14, 2, 99), FIRST)
    assert len(found.periods) == 8
    for pair in range(4):
        arms = sorted(p.arm for p in found.periods if p.pair == pair)
        assert arms == ["A", "B"]
    for before, after in zip(found.periods, found.periods[1:], strict=False):
        assert after.first == before.last + timedelta(days=1)
        assert (before.last - before.first).days == 13
    assert found.first_day == FIRST
    assert found.last_day == FIRST + timedelta(days=8 * 14 - 1)


def test_the_same_seed_gives_the_same_schedule_and_hash_and_seeds_vary_the_order() -> None:
    one = schedule(Design(3, 7, 2, 12345), FIRST)
    again = schedule(Design(3, 7, 2, 12345), FIRST)
    assert one == again and one.sha256 == again.sha256
    orders = {schedule(Design(3, 7, 2, seed), FIRST).order for seed in range(40)}
    assert len(orders) == 8  # every within-pair order of 3 pairs turns up


def test_the_hash_changes_with_any_part_of_the_schedule() -> None:
    base = schedule(Design(3, 7, 2, 5), FIRST)
    assert len(base.sha256) == 64
    others = [
        schedule(Design(3, 7, 3, 5), FIRST),
        schedule(Design(4, 7, 2, 5), FIRST),
        schedule(Design(3, 14, 2, 5), FIRST),
        schedule(Design(3, 7, 2, 5), FIRST + timedelta(days=1)),
    ]
    assert all(o.sha256 != base.sha256 for o in others)
    assert "seed=5" in base.canonical_text and "first_day=2026-03-03" in base.canonical_text


def test_arm_on_a_day_and_none_outside_the_trial() -> None:
    found = schedule(Design(3, 7, 2, 3), FIRST)
    assert found.arm_on(FIRST - timedelta(days=1)) is None
    assert found.arm_on(found.last_day + timedelta(days=1)) is None
    for period in found.periods:
        assert found.arm_on(period.first) == period.arm
        assert found.arm_on(period.last) == period.arm


def test_days_mark_the_first_days_of_each_period_as_washout() -> None:
    found = schedule(Design(3, 7, 2, 3), FIRST)
    days = found.days()
    assert len(days) == 42 and [d.index for d in days] == list(range(42))
    assert sum(d.washout for d in days) == 6 * 2
    assert [d.day_in_period for d in days[:8]] == [0, 1, 2, 3, 4, 5, 6, 0]
    assert len(found.days(until=FIRST + timedelta(days=9))) == 10
