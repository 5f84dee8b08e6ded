"""Deleting a client: every row of theirs goes, from every table, and their export with it."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text

from backrub.store import tables
from backrub.store.clinic_tables import accounts, audit_log, invitations, login_failures
from backrub.store.tables import metadata
from tests.clinic.conftest import People, as_, form
from tests.web.conftest import API, NOW


def _give_records(people: People) -> None:
    client = as_(people, "a.client1")
    for body in ({"pain": 4, "sleep": 6, "note": "after a walk"}, {"pain": 3}):
        assert client.post("/api/checkins", json=body, headers=API).status_code == 201
    pro = {"technique": "relaxation", "minutes": 60, "subjective": "Client1 A felt better"}
    assert client.post("/api/sessions/pro", json=pro, headers=API).status_code == 201
    account = people["a.client1"]
    with people.store.writing() as c:
        c.execute(
            text("UPDATE pro_sessions SET therapist_id = :t"), {"t": people["a.therapist1"].id}
        )
        c.execute(login_failures.insert().values(key=f"account:{account.email}", at=NOW))
        c.execute(
            invitations.insert().values(
                token_hash="0" * 64,
                clinic_id=account.clinic_id,
                role="client",
                email=account.email,
                display_name=account.display_name,
                invited_by=people["a.admin"].id,
                therapist_id=None,
                created_at=NOW,
                expires_at=NOW,
                used_at=NOW,
            )
        )
    # Therapist 1 corrects the note with an addendum (session_addenda, by profile and session).
    with people.store.reading() as c:
        ref = c.execute(select(tables.pro_sessions.c.public_id)).scalar_one()
    path = f"/clinic/clients/{account.public_id}/sessions/{ref}/addenda"
    addendum = {"text": "Client1 A: the right side, not the left"}
    assert form(as_(people, "a.therapist1"), path, addendum).status_code == 303


def _target(table, col) -> str | None:
    """Return "accounts" or "profiles" when ``col`` holds the id of one, else None."""
    if col.primary_key and table.name in ("accounts", "profiles"):
        return str(table.name)
    if (table.name, col.name) == ("audit_log", "actor_id"):
        return "accounts"
    for fk in col.foreign_keys:
        if fk.column.table.name in ("accounts", "profiles"):
            return str(fk.column.table.name)
    return None


def _traces(people: People) -> list[str]:
    """Every column where a value of client 1 is still found, as "table.column"."""
    account = people["a.client1"]
    words = (account.email, account.display_name, account.public_id)
    ids = {"accounts": account.id, "profiles": account.profile_id}
    found = []
    with people.store.reading() as c:
        for table in metadata.sorted_tables:
            for row in c.execute(select(table)).mappings():
                for col in table.columns:
                    value = row[col]
                    target = _target(table, col)
                    if target is not None and value == ids[target]:
                        found.append(f"{table.name}.{col.name}")
                    kept = (table.name, col.name) == ("audit_log", "client_ref")
                    if isinstance(value, str) and not kept and any(w in value for w in words):
                        found.append(f"{table.name}.{col.name}")
    return found


@pytest.mark.postgres
@pytest.mark.usefixtures("maintenance")  # the test's own seeding and counting see every clinic
def test_deleting_a_client_leaves_no_row_of_theirs_and_no_export(people: People):
    _give_records(people)
    client = as_(people, "a.client1")
    assert client.get("/backup/export.json").status_code == 200
    assert _traces(people)  # the walk does find them while they are there
    assert "session_addenda.profile_id" in _traces(people)
    admin = as_(people, "a.admin")
    target = people["a.client1"].public_id
    page = admin.get(f"/clinic/people/{target}/delete")
    assert page.status_code == 200 and "Type Client1 A to confirm" in page.text
    wrong = form(admin, f"/clinic/people/{target}/delete", {"confirm": "Client1"})
    assert wrong.status_code == 422
    assert "Type Client1 A to delete this client and all their records." in wrong.text
    assert client.get("/backup/export.json").status_code == 200  # nothing was deleted

    done = form(admin, f"/clinic/people/{target}/delete", {"confirm": " Client1 A "})
    assert done.status_code == 303 and done.headers["location"] == "/clinic/people?done=deleted"
    assert _traces(people) == []
    with people.store.reading() as c:
        assert c.execute(select(tables.session_addenda)).all() == []
    assert client.get("/backup/export.json").status_code == 303
    assert client.get("/api/export", headers=API).status_code == 401
    assert admin.get(f"/clinic/people/{target}").status_code == 404
    with people.store.reading() as c:
        left = c.execute(select(audit_log.c.action, audit_log.c.client_ref)).all()
        assert ("delete", target) in left
        assert c.execute(select(accounts).where(accounts.c.id == people["a.client2"].id)).first()
    assert as_(people, "a.client2").get("/backup/export.json").status_code == 200


@pytest.mark.postgres
def test_only_a_client_can_be_deleted(people: People):
    admin = as_(people, "a.admin")
    target = people["a.therapist1"]
    assert admin.get(f"/clinic/people/{target.public_id}/delete").status_code == 404
    answer = form(
        admin, f"/clinic/people/{target.public_id}/delete", {"confirm": target.display_name}
    )
    assert answer.status_code == 404
