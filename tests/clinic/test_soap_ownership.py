"""A therapist's SOAP notes are theirs: the client can read them, never change them.

A session a therapist account wrote (``pro_sessions.therapist_id``) cannot be
edited or deleted by the client (History pages and the JSON API refuse with
409 and change nothing), survives "Replace my records" and "Add to my
records", and a backup can never make a session look as if a therapist
account wrote it. The therapist's timeline tells the two apart.
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from backrub.store import tables as t
from tests.clinic.conftest import People, as_, form
from tests.web.conftest import API

pytestmark = pytest.mark.postgres

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
