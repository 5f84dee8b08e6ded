"""Bad input the outside review found answered 500 on the clinic server: now 4xx."""

from __future__ import annotations

import pytest

from tests.clinic.conftest import People, as_, browser, form

pytestmark = pytest.mark.postgres


def test_a_nul_in_a_sign_in_is_one_line_not_a_server_error(people: People):
    client = browser(people)
    page = form(client, "/sign-in", {"email": "admin@a.example\x00", "password": "x" * 12})
    assert page.status_code in (401, 422)
    assert "went wrong" not in page.text


@pytest.mark.parametrize(
    "path",
    [
        "/clinic/people/%00",
        "/clinic/people/not-a-uuid",
        "/clinic/clients/%00",
        "/clinic/clients/00000000-0000-0000-0000-00000000000%00",
    ],
)
def test_an_id_that_is_no_id_is_not_found(people: People, path: str):
    role = "a.admin" if "/people/" in path else "a.therapist1"
    page = as_(people, role).get(path)
    assert page.status_code == 404


def test_the_audit_log_to_the_last_day_there_is(people: People):
    admin = as_(people, "a.admin")
    for path in ("/clinic/audit", "/clinic/audit/download"):
        page = admin.get(path, params={"since": "0001-01-01", "until": "9999-12-31"})
        assert page.status_code == 200, page.text[:300]


def test_a_nul_in_a_clients_check_in_note_is_refused_and_nothing_saved(people: People):
    client = as_(people, "a.client1")
    before = client.get("/api/checkins", headers={"X-Backrub-Client": "t"}).json()
    answer = client.post(
        "/api/checkins",
        json={"pain": 3, "note": "a\x00b"},
        headers={"X-Backrub-Client": "t"},
    )
    assert 400 <= answer.status_code < 500
    assert client.get("/api/checkins", headers={"X-Backrub-Client": "t"}).json() == before


@pytest.mark.parametrize("typed", ["20261202", "2026-W49-3", "2026-336"])
def test_the_audit_log_takes_only_yyyy_mm_dd(people: People, typed: str):
    # Attack review 8, F2: Python reads these as dates; the words name YYYY-MM-DD.
    page = as_(people, "a.admin").get("/clinic/audit", params={"since": typed})
    assert page.status_code == 422, typed
