"""A clinic client's backup carries their trial's changes of other treatment; restoring
it into their own record (adding or replacing) keeps each change once (trialfix)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from backrub.services import trial_care, trials
from tests.clinic.conftest import People, as_, form
from tests.clinic.test_client_backup import _upload
from tests.clinic.test_therapist_list import profile_of, screen
from tests.clinic.test_trial_arm import _trial
from tests.web.conftest import NOW

pytestmark = [pytest.mark.postgres, pytest.mark.usefixtures("maintenance")]


def _changes(people: People) -> list[tuple[str, str]]:
    profile = profile_of(people, people["a.client1"])
    (trial,) = trials.trials_of(people.store, profile)
    return [(c.kind, c.note) for c in trial_care.changes_for_report(people.store, profile, trial)]


def test_the_clients_backup_keeps_the_changes_when_added_or_replaced(people: People) -> None:
    profile = profile_of(people, people["a.client1"])
    screen(people, profile)
    _trial(people, profile, NOW.date() - timedelta(days=1), None)
    client = as_(people, "a.client1")
    kept = form(client, "/trial/changes", {"change": "medicine", "note": "naproxen halved"})
    assert kept.status_code == 303, kept.text[-600:]
    text = client.get("/api/export").text
    (trial,) = client.get("/api/export").json()["data"]["trials"]
    assert [(c["kind"], c["note"]) for c in trial["changes"]] == [("medicine", "naproxen halved")]
    replaced = _upload(client, text, "replace", confirm="yes")
    assert replaced.status_code == 303, replaced.text[-600:]
    assert _changes(people) == [("medicine", "naproxen halved")]
    assert _upload(client, text, "add").status_code == 303
    assert _changes(people) == [("medicine", "naproxen halved")]  # the trial is there already
    assert "naproxen halved" in client.get("/trial").text
