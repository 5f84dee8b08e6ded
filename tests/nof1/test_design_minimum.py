"""Issue 15 item 8: 3 pairs of 1-week periods miss the no-effect calibration rule, so a
new trial needs 4 pairs with 1-week periods (3 pairs of 2 weeks pass and stay allowed);
a trial of 3 pairs of 1 week already kept (a backup) is still read as it was."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest

from backrub.domain.nof1_design import parse_design
from backrub.errors import InvalidInput
from backrub.services.backup import read_backup
from backrub.store import Store
from tests.conftest import NOW
from tests.nof1.test_trial_cli import _diary
from tests.nof1.test_trial_days import NOON, _profile, _trial
from tests.nof1.test_trial_storage import _document
from tests.test_cli import _one_clear_line


@pytest.mark.parametrize("given", [{"pairs": 3}, {"pairs": "3", "period_days": 7}])
def test_three_pairs_of_one_week_are_refused_naming_the_calibration(
    given: dict[str, object],
) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_design(seed=1, **given)
    assert caught.value.field == "pairs" and caught.value.refusal.fields == ("pairs",)
    line = str(caught.value)
    assert line.startswith("pairs: ") and "\n" not in line
    assert (
        "at least 4 pairs" in line
        and "failed our check" in line
        and "2 points" in line
        and "2-week" in line
    )


def test_four_pairs_of_one_week_and_three_of_two_weeks_pass() -> None:
    assert parse_design(pairs=4, period_days=7, seed=1).pairs == 4
    assert parse_design(pairs=3, period_days=14, seed=1).period_days == 14
    assert parse_design(seed=1).pairs == 4  # the default stays allowed


def test_a_kept_trial_of_three_pairs_of_one_week_is_still_read(store: Store) -> None:
    _trial(store, _profile(store))  # 3 pairs of 7 days, kept before the minimum
    read = read_backup(json.dumps(_document(store)), source="backup.json", now=NOON)
    (trial,) = read.trials
    assert (trial.pairs, trial.period_days) == (3, 7)


def test_the_command_refuses_three_pairs_of_one_week_with_exit_2(run, home: Path) -> None:  # type: ignore[no-untyped-def]
    assert run("profile", "add", "me", "--tz", "UTC").code == 0
    run("screen", "--no-to-all")
    _diary(home, 20, start=NOW - timedelta(days=20, hours=-9))
    _one_clear_line(
        run("trial", "new", "--pairs", "3", "--plan-only"), "truly made no difference", "4"
    )
    _one_clear_line(run("trial", "new", "--pairs", "3"), "truly made no difference")
    assert "No trial yet" in run("trial", "show").err  # nothing started
    two_weeks = run("trial", "new", "--pairs", "3", "--period", "14", "--plan-only")
    assert two_weeks.code == 0, two_weeks.err
