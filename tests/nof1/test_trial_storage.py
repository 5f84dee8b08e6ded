"""A trial travels in the person's JSON backup and goes with the profile when it is deleted."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import func, select

from backrub import services
from backrub.domain import backup
from backrub.errors import InvalidInput
from backrub.services import trials
from backrub.services.backup import read_backup, restore_backup
from backrub.services.profiles import delete_profile
from backrub.store import Store
from backrub.store.trial_tables import trials as trials_table
from tests.nof1.test_trial_days import NOON, _profile, _trial


def _document(store: Store) -> dict[str, Any]:
    profile = store.profile("ana")
    found: dict[str, Any] = json.loads(services.export_json(store, profile, now=NOON))
    return found


def test_the_backup_holds_the_trial_and_a_restore_brings_it_back(store: Store) -> None:
    record = _trial(store, _profile(store))
    document = _document(store)
    (kept,) = document["data"]["trials"]
    assert kept["sha256"] == record.sha256 and kept["seed"] == 11
    data = read_backup(json.dumps(document), source="backup.json", now=NOON)
    copy = restore_backup(store, data, as_name="ana copy")
    (restored,) = trials.trials_of(store, copy)
    assert restored.sha256 == record.sha256 and restored.schedule == record.schedule
    assert restored.public_id != record.public_id  # the original keeps its own


def test_a_backup_whose_hash_is_not_its_schedule_is_refused(store: Store) -> None:
    _trial(store, _profile(store))
    document = _document(store)
    document["data"]["trials"][0]["seed"] = 12  # a different order, the same hash
    document["checksum"] = backup.checksum(document["data"])  # edited on purpose
    with pytest.raises(InvalidInput) as caught:
        read_backup(json.dumps(document), source="backup.json", now=NOON)
    assert caught.value.field == "trials[1].sha256"


def test_deleting_the_profile_deletes_its_trials(store: Store) -> None:
    _trial(store, _profile(store))
    delete_profile(store, "ana", confirm_name="ana")
    with store.reading() as c:
        assert c.execute(select(func.count()).select_from(trials_table)).scalar_one() == 0
