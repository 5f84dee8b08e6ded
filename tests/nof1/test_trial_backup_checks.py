"""A forged or hand-edited backup cannot bring in a trial live use could not leave.

Attack review 7 (F1, F4, F7): every case below was imported (or crashed the import)
before; each is refused naming the field by the file's own keys, nothing written.
"""

from __future__ import annotations

import json
import uuid
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from backrub.domain import backup, nof1_backup
from backrub.domain.nof1_design import Design, schedule
from backrub.errors import InvalidInput
from backrub.services import trials
from backrub.services.backup import read_backup
from backrub.store import Store
from tests.conftest import CliResult
from tests.nof1.test_trial_days import FIRST, NOON, _profile, _trial
from tests.nof1.test_trial_storage import _document


def _hashed(trial: dict[str, Any]) -> dict[str, Any]:
    """The trial with the hash its (edited) design gives, as a careful forger writes it."""
    design = Design(trial["pairs"], trial["period_days"], trial["washout_days"], trial["seed"])
    first = date.fromisoformat(trial["first_day"])
    return {**trial, "sha256": schedule(design, first).sha256}


def _forged(store: Store, *trials_: dict[str, Any]) -> str:
    """A backup of ana whose trials are ``trials_`` (each edited from hers), checksum fixed."""
    document = _document(store)
    document["data"]["trials"] = list(trials_)
    document["checksum"] = backup.checksum(document["data"])
    return json.dumps(document)


def _hers(store: Store) -> dict[str, Any]:
    _trial(store, _profile(store))
    (kept,) = _document(store)["data"]["trials"]
    return dict(kept)


def _refused(store: Store, text: str) -> InvalidInput:
    with pytest.raises(InvalidInput) as caught:
        read_backup(text, source="backup.json", now=NOON)
    return caught.value


@pytest.mark.parametrize(
    ("change", "hash_it", "field"),
    [
        # F1: past year 9999 the schedule cannot be computed: refused, not a crash.
        ({"first_day": "9999-12-25"}, False, "first_day"),
        ({"first_day": "2030-01-01"}, True, "first_day"),  # live: two weeks ahead at most
        ({"first_day": "2026-02-27"}, True, "first_day"),  # before the day it was started
        ({"pairs": "3"}, False, "pairs"),  # a backup holds numbers, as for a check-in's pain
        ({"seed": "11"}, False, "seed"),
        ({"period_days": 10}, False, "period_days"),  # F7: the file's key, not "period"
        ({"washout_days": 4}, False, "washout_days"),
        ({"state": "ended_early", "ended_why": "stopped"}, False, "ended_on"),
        ({"state": "ended_early", "ended_on": "2026-03-02"}, False, "ended_why"),
        ({"ended_on": "2026-03-02"}, False, "ended_on"),  # running, yet with an end
        ({"ended_why": "stopped"}, False, "ended_why"),
        (
            {"state": "ended_early", "ended_on": "1990-01-01", "ended_why": "stopped"},
            False,
            "ended_on",
        ),
        (
            {"state": "ended_early", "ended_on": "9999-12-31", "ended_why": "stopped"},
            False,
            "ended_on",
        ),
        # After tomorrow (the backup was made on 2026-03-02), though within the schedule.
        (
            {"state": "ended_early", "ended_on": "2026-03-04", "ended_why": "stopped"},
            False,
            "ended_on",
        ),
    ],
)
def test_a_trial_with_impossible_values_is_refused_by_field(
    store: Store, change: dict[str, Any], hash_it: bool, field: str
) -> None:
    trial = {**_hers(store), **change}
    error = _refused(store, _forged(store, _hashed(trial) if hash_it else trial))
    assert error.field == f"trials[1].{field}"


@pytest.mark.parametrize("ended_on", ["2026-03-01", "2026-03-02"])
def test_a_trial_stopped_on_or_before_its_first_day_still_comes_back(
    store: Store, ended_on: str
) -> None:
    trial = {**_hers(store), "state": "ended_early", "ended_on": ended_on, "ended_why": "stopped"}
    (read,) = read_backup(_forged(store, trial), source="b.json", now=NOON).trials
    assert read.ended_on == date.fromisoformat(ended_on)


def test_two_trials_over_the_same_days_are_refused(store: Store) -> None:
    first = _hers(store)
    second = _hashed({**first, "id": first["id"] + 1, "public_id": str(uuid.uuid4()), "seed": 43})
    error = _refused(store, _forged(store, first, second))
    assert error.field == "trials[2].first_day" and "trials[1]" in error.allowed


def test_a_trial_started_while_another_was_still_to_run_is_refused(store: Store) -> None:
    # The earlier trial runs 2026-02-01 to 2026-03-14; the later one, started on
    # 2026-03-02 for 2026-03-15, does not overlap it, but live use refuses that start.
    earlier = _hashed(
        {**_hers(store), "first_day": "2026-02-01", "started_at": "2026-01-20T12:00:00+00:00"}
    )
    later = _hashed({**earlier, "id": earlier["id"] + 1, "public_id": str(uuid.uuid4())})
    later |= _hashed({**later, "first_day": "2026-03-15", "started_at": NOON.isoformat()})
    error = _refused(store, _forged(store, earlier, later))
    assert error.field == "trials[2].started_at" and "trials[1]" in error.allowed


def test_trials_one_after_another_come_back(store: Store) -> None:
    mine = _hers(store)
    over = _hashed(
        {
            **mine,
            "id": mine["id"] + 1,
            "public_id": str(uuid.uuid4()),
            "first_day": "2026-01-01",
            "started_at": "2026-01-01T08:00:00+00:00",
        }
    )
    stopped = {
        **_hashed({**over, "id": over["id"] + 1, "public_id": str(uuid.uuid4())}),
        "first_day": "2026-03-03",
        "started_at": "2026-03-02T07:00:00+00:00",
        "state": "ended_early",
        "ended_on": "2026-03-02",  # stopped before its first day, then hers was started
        "ended_why": "stopped",
    }
    stopped = _hashed(stopped)
    data = read_backup(_forged(store, over, stopped, mine), source="b.json", now=NOON)
    assert [t.first_day for t in data.trials] == [date(2026, 1, 1), date(2026, 3, 3), FIRST]


def test_a_backup_with_thousands_of_trials_is_refused_at_once(store: Store) -> None:
    mine = _hers(store)
    many = [{**mine, "id": n, "public_id": str(uuid.uuid4())} for n in range(1, 2002)]
    error = _refused(store, _forged(store, *many))
    assert error.field == "data.trials"


def test_the_backup_takes_the_first_day_rule_of_live_input() -> None:
    assert nof1_backup.MAX_DAYS_AHEAD == trials.MAX_DAYS_AHEAD


def far_first_day(store: Store) -> str:
    return _forged(store, {**_hers(store), "first_day": "9999-12-25"})


def test_the_import_command_refuses_a_trial_past_year_9999_in_one_line(
    store: Store, run: Any, home: Path, tmp_path: Path
) -> None:
    path = tmp_path / "forged.json"
    path.write_text(far_first_day(store))
    assert run("profile", "list").code == 0
    before = (home / "backrub.sqlite3").read_bytes()
    refused: CliResult = run("import", str(path))
    assert refused.code == 2, refused
    (line,) = refused.err.strip().splitlines()
    assert "trials[1].first_day" in line and "Traceback" not in refused.err
    assert (home / "backrub.sqlite3").read_bytes() == before
