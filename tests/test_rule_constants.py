"""Numbers the pure domain keeps as constants are the numbers in the rules table.

Some thresholds are needed deep inside pure functions that have no rules at
hand; each one is listed here, so changing the table without the code (or the
code without the table) fails.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from backrub.domain import gun_speed, inputs, progress, trend
from backrub.evidence import load_rules


@pytest.mark.parametrize(
    ("rule_id", "constant"),
    [
        ("trend_min_weeks", trend.MIN_TREND_WEEKS),
        ("nof1_min_days_per_group", progress.MIN_DAYS_PER_GROUP),
        ("gun_start_level_suggested", gun_speed.LOWEST_LEVEL),
        ("checkin_future_max_days", inputs.MAX_FUTURE / timedelta(days=1)),
    ],
)
def test_domain_constants_match_the_rules_table(rule_id: str, constant: float) -> None:
    assert load_rules()[rule_id].value == constant
