"""The clinic server's spine: signing in, a client on their own record, staff kept out."""

from __future__ import annotations

import pytest

from backrub.errors import InvalidInput
from backrub.web import WebSettings, create_app
from tests.clinic.conftest import PASSWORD, People, as_, browser, form

pytestmark = pytest.mark.postgres


def test_sqlite_is_refused_with_the_reason(tmp_path):
    with pytest.raises(InvalidInput, match="needs PostgreSQL"):
        create_app(WebSettings(db=str(tmp_path / "c.sqlite3"), clinic=True))
    assert not (tmp_path / "c.sqlite3").exists()


def test_nobody_signed_in_goes_to_sign_in(people: People):
    client = browser(people)
    page = client.get("/progress")
    assert page.status_code == 303
    assert page.headers["location"] == "/sign-in?next=%2Fprogress"
    assert client.get("/api/progress").status_code == 401


def test_sign_in_then_the_clients_own_pages(people: People):
    client = browser(people)
    wrong = form(client, "/sign-in", {"email": "client1@a.example", "password": "nope"})
    assert wrong.status_code == 401
    assert "do not match" in wrong.text
    right = form(client, "/sign-in", {"email": "Client1@A.example", "password": PASSWORD})
    assert right.status_code == 303
    page = client.get("/")
    assert page.status_code == 200
    assert "Client1 A" in page.text


def test_staff_do_not_get_client_pages_and_clients_not_staff_pages(people: People):
    therapist = as_(people, "a.therapist1")
    assert therapist.get("/").headers["location"] == "/clinic"
    assert therapist.get("/progress").status_code == 404
    assert therapist.get("/clinic").status_code == 200
    client = as_(people, "a.client1")
    assert client.get("/clinic").status_code == 404
    assert client.get("/profiles").status_code == 404


def test_a_removed_account_is_signed_out_at_once(people: People):
    client = as_(people, "a.client1")
    assert client.get("/progress").status_code == 200
    from backrub.store.clinic_tables import accounts

    with people.store.writing() as c:
        c.execute(
            accounts.update().where(accounts.c.id == people["a.client1"].id).values(active=False)
        )
    assert client.get("/progress").status_code == 303


def test_staff_can_read_the_evidence_their_menu_offers(people: People):
    therapist = as_(people, "a.therapist1")
    page = therapist.get("/evidence")
    assert page.status_code == 200
    assert "Cochrane" in page.text or "NICE" in page.text
    first = page.text.split('href="/evidence/', 1)[1].split('"', 1)[0]
    assert therapist.get(f"/evidence/{first}").status_code == 200
