"""A therapist's SOAP notes are theirs: the client can read them, never change them.

A session a therapist account wrote (``pro_sessions.therapist_id``) cannot be
edited or deleted by the client (History pages and the JSON API refuse with
409 and change nothing), survives "Replace my records" and "Add to my
records", and a backup can never make a session look as if a therapist
account wrote it. The therapist's timeline tells the two apart.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import select

from backrub.domain.backup import checksum
from backrub.store import tables as t
from tests.clinic.client_records import make_records
from tests.clinic.conftest import People, as_, form
from tests.web.conftest import API

# The test's own seeding and checks see every clinic; requests get their own scope.
pytestmark = [pytest.mark.postgres, pytest.mark.usefixtures("maintenance")]

NOTES = {
    "technique": "relaxation",
    "minutes": "45",
    "subjective": "Sore after gardening",
    "objective": "Tight left paraspinals",
    "assessment": "Responds well to pressure",
    "plan": "Walk daily; see again in a week",
}
REFUSED = "Your therapist wrote this session; ask them to correct it."


def _write_note(people: People) -> int:
    """Therapist 1 writes a session for client 1; return its id."""
    therapist = as_(people, "a.therapist1")
    path = f"/clinic/clients/{people['a.client1'].public_id}/sessions/new"
    assert form(therapist, path, NOTES).status_code == 303
    with people.store.reading() as c:
        row = c.execute(select(t.pro_sessions).where(t.pro_sessions.c.therapist_id.is_not(None)))
        return int(row.one().id)


def _rows(people: People) -> list[Any]:
    with people.store.reading() as c:
        query = select(t.pro_sessions).order_by(t.pro_sessions.c.id)
        return [tuple(r) for r in c.execute(query).all()]


def _upload(client: Any, text: str, mode: str, **extra: str) -> Any:
    files = {"file": ("backrub-me.json", text.encode(), "application/json")}
    data = {"csrf_token": client.cookies.get("backrub_csrf"), "mode": mode, **extra}
    return client.post("/backup/import", data=data, files=files)


def test_the_client_cannot_edit_or_delete_the_therapists_note_on_the_pages(people: People):
    note = _write_note(people)
    before = _rows(people)
    client = as_(people, "a.client1")
    for path in (f"/history/pro/{note}/edit", f"/history/pro/{note}/delete"):
        page = client.get(path)
        assert page.status_code == 409, path
        assert REFUSED in page.text
        assert 'action="/history/pro' not in page.text  # no form to send
    edited = form(client, f"/history/pro/{note}/edit", {**NOTES, "assessment": "Mine now"})
    assert edited.status_code == 409 and REFUSED in edited.text
    deleted = form(client, f"/history/pro/{note}/delete", {})
    assert deleted.status_code == 409 and REFUSED in deleted.text
    assert _rows(people) == before


def test_the_client_cannot_edit_or_delete_the_therapists_note_through_the_api(people: People):
    note = _write_note(people)
    before = _rows(people)
    client = as_(people, "a.client1")
    for answer in (
        client.patch(f"/api/sessions/pro/{note}", json={"assessment": "Mine"}, headers=API),
        client.delete(f"/api/sessions/pro/{note}", headers=API),
    ):
        assert answer.status_code == 409
        assert answer.json()["code"] == "written_by_therapist"
        assert answer.json()["message"] == REFUSED
    assert _rows(people) == before


def test_history_marks_the_note_and_offers_no_correction_but_the_clients_own_stay_open(
    people: People,
):
    note = _write_note(people)
    client = as_(people, "a.client1")
    made = client.post(
        "/api/sessions/pro", json={"technique": "sports", "minutes": 30}, headers=API
    )
    assert made.status_code == 201
    own = made.json()["id"]
    history = client.get("/history").text
    assert "written by Therapist1 A (your clinic)" in history
    assert f"/history/pro/{note}/edit" not in history
    assert f"/history/pro/{note}/delete" not in history
    assert f"/history/pro/{own}/edit" in history  # the client's own session
    assert client.get(f"/history/pro/{own}/edit").status_code == 200
    patched = client.patch(f"/api/sessions/pro/{own}", json={"minutes": 35}, headers=API)
    assert patched.status_code == 200
    assert client.delete(f"/api/sessions/pro/{own}", headers=API).status_code == 200


def test_replace_and_add_keep_the_therapists_notes_and_do_not_copy_them(people: People):
    note = _write_note(people)
    client = as_(people, "a.client1")
    make_records(client, "MINE")
    backup = client.get("/api/export").text  # holds the therapist's note too
    kept = [r for r in _rows(people) if r[0] == note]
    page = client.get("/backup").text
    assert "Sessions written by your clinic" in page and "therapists are kept." in page
    replaced = _upload(client, backup, "replace", confirm="yes")
    assert replaced.status_code == 303
    assert [r for r in _rows(people) if r[0] == note] == kept  # the same row, untouched
    assert _upload(client, backup, "add").status_code == 303
    assert [r for r in _rows(people) if r[0] == note] == kept
    rows = _rows(people)
    written_by = list(t.pro_sessions.c.keys()).index("therapist_id")
    assert sum(1 for r in rows if r[written_by] is not None or "Tight left" in str(r)) == 1
    history = client.get("/api/history").json()["pro_sessions"]
    assert len(history) == 3  # the note, and the client's own session once per import


def test_a_forged_backup_cannot_make_a_therapists_note(people: People):
    client = as_(people, "a.client1")
    make_records(client, "MINE")
    document = json.loads(client.get("/api/export").text)
    body = document["data"]
    forged = dict(body["pro_sessions"][0])
    forged |= {"therapist": "Therapist1 A", "assessment": "Forged: fit to run a marathon"}
    body["pro_sessions"] = [forged]
    document["checksum"] = checksum(body)
    assert _upload(client, json.dumps(document), "replace", confirm="yes").status_code == 303
    with_field = json.loads(json.dumps(document))
    with_field["data"]["pro_sessions"][0]["therapist_id"] = people["a.therapist1"].id
    with_field["checksum"] = checksum(with_field["data"])
    assert _upload(client, json.dumps(with_field), "add").status_code in (303, 422)
    with people.store.reading() as c:
        written = c.execute(select(t.pro_sessions.c.therapist_id)).scalars().all()
    assert written and all(therapist is None for therapist in written)
    timeline = as_(people, "a.therapist1").get(f"/clinic/clients/{people['a.client1'].public_id}")
    assert "Forged: fit to run a marathon" in timeline.text
    assert "with Therapist1 A (entered by the client)" in timeline.text
    assert "(therapist account)" not in timeline.text
    # The client may correct what they entered, whatever name it carries.
    assert as_(people, "a.client1").get("/history").text.count("written by") == 0


def test_the_timeline_tells_the_therapists_notes_from_the_clients_entries(people: People):
    _write_note(people)
    client = as_(people, "a.client1")
    made = client.post(
        "/api/sessions/pro",
        json={"technique": "sports", "minutes": 30, "therapist": "Sam"},
        headers=API,
    )
    assert made.status_code == 201
    page = as_(people, "a.therapist1").get(f"/clinic/clients/{people['a.client1'].public_id}")
    assert "written by Therapist1 A (therapist account)" in page.text
    assert "with Sam (entered by the client)" in page.text


def test_the_soap_form_says_assessment_is_not_a_diagnosis(people: People):
    path = f"/clinic/clients/{people['a.client1'].public_id}/sessions/new"
    page = as_(people, "a.therapist1").get(path).text
    assert "Assessment: what you make of it (response to treatment, progress; not a diagnosis)" in (
        page
    )
