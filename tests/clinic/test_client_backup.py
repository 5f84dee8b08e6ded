"""A client's backup: their own export, and a backup of the local app restored into their record.

An import on the clinic server only ever adds to, or replaces, the signed-in
client's own records: it never makes a profile, and a backup naming another
profile (or carrying another client's record ids) writes to the client's own.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from backrub.domain.backup import checksum
from backrub.services import accounts
from backrub.store import tables
from backrub.web import WebSettings, create_app
from tests.clinic.client_records import make_records
from tests.clinic.conftest import People, as_, form
from tests.web.conftest import API, BASE, TestClient, fixed_clock

# The test's own seeding and checks see every clinic; requests get their own scope.
pytestmark = [pytest.mark.postgres, pytest.mark.usefixtures("maintenance")]

LOCAL = "FROMMYLAPTOP"
SECRET = "OTHERSECRET"


@pytest.fixture
def local_backup(tmp_path: Path) -> str:
    """A backup made by the local app (SQLite): one record of each kind, and a plan."""
    app = create_app(WebSettings(db=str(tmp_path / "home.sqlite3")), clock=fixed_clock)
    with TestClient(app, base_url=BASE) as laptop:
        make_records(laptop, LOCAL)
        plan = {"protocol": "cherkin-10-weekly", "days": ["mon", "thu"], "tools": ["hands"]}
        assert laptop.post("/api/plan", json=plan, headers=API).status_code == 201
        text: str = laptop.get("/api/export").text
    return text


def _upload(client: Any, text: str, mode: str, **extra: str) -> Any:
    files = {"file": ("backrub-me.json", text.encode(), "application/json")}
    token = client.cookies.get("backrub_csrf")
    data = {"csrf_token": token, "mode": mode, **extra}
    return client.post("/backup/import", data=data, files=files)


def _profiles(people: People) -> int:
    with people.store.reading() as c:
        return len(c.execute(tables.profiles.select()).all())


def _counts(people: People, name: str) -> dict[str, int]:
    profile = accounts.client_profile(people.store, people[name])
    assert profile is not None and profile.id is not None
    return {kind: n for kind, n, _first, _last in people.store.holdings(profile.id)}


def test_a_local_backup_restored_into_the_clients_record_shows_everywhere(
    people: People, local_backup: str
) -> None:
    make_records(as_(people, "a.client2"), SECRET)
    before = _profiles(people)
    client = as_(people, "a.client1")
    done = _upload(client, local_backup, "add")
    assert done.status_code == 303 and done.headers["location"] == "/backup?imported=added"
    assert "its records were added to yours" in client.get(done.headers["location"]).text
    history = client.get("/api/history").json()
    assert [c["note"] for c in history["checkins"]] == [f"{LOCAL} walk"]
    assert len(history["pro_sessions"]) == len(history["self_sessions"]) == 1
    assert [r["instrument"] for r in history["responses"]] == ["peg"]
    assert "cherkin" in client.get("/api/plan").text
    assert client.get("/progress").status_code == 200
    assert LOCAL in client.get("/history").text
    assert _profiles(people) == before  # no profile made
    assert _counts(people, "a.client2")["checkins"] == 1
    assert SECRET not in client.get("/api/export").text
    # The client's own export is the same kind of backup: the local app restores it.
    assert json.loads(client.get("/backup/export.json").text)["format"] == "backrub-backup"


def test_adding_twice_adds_and_replacing_replaces(people: People, local_backup: str) -> None:
    client = as_(people, "a.client1")
    make_records(client, "HEREALREADY")
    assert _upload(client, local_backup, "add").status_code == 303
    assert _counts(people, "a.client1")["checkins"] == 2
    refused = _upload(client, local_backup, "replace")
    assert refused.status_code == 422 and "tick the box" in refused.text.lower()
    assert _counts(people, "a.client1")["checkins"] == 2
    replaced = _upload(client, local_backup, "replace", confirm="yes")
    assert replaced.headers["location"] == "/backup?imported=replaced"
    notes = [c["note"] for c in client.get("/api/checkins").json()["checkins"]]
    assert notes == [f"{LOCAL} walk"]


def test_a_forged_backup_naming_another_client_writes_only_to_ones_own(
    people: People, local_backup: str
) -> None:
    other = as_(people, "a.client2")
    make_records(other, SECRET)
    theirs = other.get("/api/history").json()
    target = accounts.client_profile(people.store, people["a.client2"])
    assert target is not None
    document = json.loads(local_backup)
    body = document["data"]
    body["profile"]["name"] = target.name  # the other client's profile
    body["checkins"][0]["id"] = theirs["checkins"][0]["id"]  # and one of their record ids
    document["checksum"] = checksum(body)
    forged = json.dumps(document)
    before = _profiles(people)
    client = as_(people, "a.client1")
    for mode, extra in (("add", {}), ("replace", {"confirm": "yes"}), ("new", {})):
        answer = _upload(client, forged, mode, name=target.name, **extra)
        assert answer.status_code in (303, 422), mode
    assert _profiles(people) == before
    assert other.get("/api/history").json() == theirs  # untouched, ids and all
    assert LOCAL in client.get("/api/checkins").text


def test_the_api_import_goes_into_the_clients_own_record(people: People, local_backup: str) -> None:
    make_records(as_(people, "a.client2"), SECRET)
    before = _profiles(people)
    client = as_(people, "a.client1")
    headers = {**API, "Content-Type": "application/json"}
    made = client.post("/api/import", content=local_backup.encode(), headers=headers)
    assert made.status_code == 201
    assert made.json()["profile"] == "Client1 A" and made.json()["replaced"] is False
    again = client.post("/api/import?replace=true", content=local_backup.encode(), headers=headers)
    assert again.status_code == 201 and again.json()["replaced"] is True
    assert [c["note"] for c in client.get("/api/checkins").json()["checkins"]] == [f"{LOCAL} walk"]
    assert _profiles(people) == before
    assert _counts(people, "a.client2")["checkins"] == 1
    bad = client.post("/api/import", content=b'{"format": "nope"}', headers=headers)
    assert bad.status_code == 422


def test_a_bad_file_changes_nothing(people: People) -> None:
    client = as_(people, "a.client1")
    make_records(client, "KEPT")
    answer = _upload(client, '{"format": "backrub-backup"}', "replace", confirm="yes")
    assert answer.status_code == 422
    assert "KEPT" in client.get("/api/checkins").text
    assert form(client, "/backup/import", {"mode": "add"}).status_code == 422
