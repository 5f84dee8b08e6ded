"""A signed-in client walks every journey of the local app on their own record only.

Client 2 of the same clinic has records carrying a secret marker; client 1's
pages, API answers, report and export never show it, and client 2's record ids
answer client 1 with the page of a missing record.
"""

from __future__ import annotations

import pytest

from backrub.domain.screening import NO_TO_ALL
from backrub.store.scope import all_clinics
from backrub.web.routes.report import SECTION_TITLES
from tests.clinic.client_records import make_records, post
from tests.clinic.conftest import People, as_, form
from tests.web.conftest import answers

pytestmark = pytest.mark.postgres

SECRET = "OTHERSECRET"
MINE = "MYOWNNOTE"

PAGES = (
    "/",
    "/welcome",
    "/screening",
    "/sessions",
    "/sessions/pro",
    "/sessions/self",
    "/guided",
    "/guided/plan?tool=hands",
    "/guided/log",
    "/plan",
    "/plan/new",
    "/questionnaires",
    "/questionnaires/peg",
    "/progress",
    "/body-map",
    "/report",
    "/history",
    "/evidence",
    "/backup",
    "/profiles/zone",
)
API_READS = (
    "/api/checkins",
    "/api/sessions",
    "/api/history",
    "/api/today",
    "/api/screening",
    "/api/progress",
    "/api/report",
    "/api/body-map",
    "/api/export",
    "/api/instruments",
)


@pytest.fixture
def two(people: People) -> People:
    """Client 1 and client 2 of clinic A, each with a record of every kind."""
    make_records(as_(people, "a.client2"), SECRET)
    make_records(as_(people, "a.client1"), MINE)
    return people


def test_every_page_answers_the_client_and_shows_nothing_of_another(two: People) -> None:
    client = as_(two, "a.client1")
    for path in PAGES:
        page = client.get(path)
        assert page.status_code == 200, path
        assert SECRET not in page.text, path
        assert "Client2" not in page.text, path
        assert "Signed in as" in page.text and "Client1 A" in page.text, path
    assert MINE in client.get("/history").text
    assert "Profiles" not in client.get("/").text  # no profiles in the menu


def test_every_api_read_is_the_clients_own(two: People) -> None:
    client = as_(two, "a.client1")
    for path in API_READS:
        answer = client.get(path)
        assert answer.status_code == 200, path
        assert SECRET not in answer.text, path
    assert MINE in client.get("/api/checkins").text
    assert MINE in client.get("/api/export").text
    assert client.get("/api/history").json()["profile"] == "Client1 A"


def test_the_report_in_both_formats_is_the_clients_own(two: People) -> None:
    client = as_(two, "a.client1")
    query = {"format": "html", "sections": list(SECTION_TITLES)}
    html = client.get("/report/download", params=query)
    assert html.status_code == 200
    assert "Client1 A" in html.text and MINE in html.text and SECRET not in html.text
    pdf = client.get("/report/download", params={**query, "format": "pdf"})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert SECRET.encode() not in pdf.content


def test_the_export_is_the_clients_own_backup(two: People) -> None:
    client = as_(two, "a.client1")
    export = client.get("/backup/export.json")
    assert export.status_code == 200
    assert "attachment" in export.headers["content-disposition"]
    assert MINE in export.text and SECRET not in export.text


def test_another_clients_records_answer_as_missing(two: People) -> None:
    other = as_(two, "a.client2").get("/api/history").json()
    mine = as_(two, "a.client1").get("/api/history").json()
    client = as_(two, "a.client1")
    theirs = other["checkins"][0]["id"]
    own = mine["checkins"][0]["id"]
    assert theirs != own
    assert client.get(f"/history/checkin/{own}/edit").status_code == 200
    assert client.get(f"/history/checkin/{theirs}/edit").status_code == 404
    assert client.get(f"/history/checkin/{theirs}/delete").status_code == 404
    assert form(client, f"/history/checkin/{theirs}/delete", {}).status_code == 404
    gone = client.delete(f"/api/checkins/{theirs}", headers={"X-Backrub-Client": "t"})
    assert gone.status_code == 404
    changed = client.patch(
        f"/api/checkins/{theirs}", json={"pain": 1}, headers={"X-Backrub-Client": "t"}
    )
    assert changed.status_code == 404
    assert SECRET in as_(two, "a.client2").get("/api/checkins").text  # untouched


def test_the_clients_journeys_by_their_forms(people: People) -> None:
    client = as_(people, "a.client1")
    assert form(client, "/screening", answers()).status_code == 200
    saved = form(client, "/checkins", {"pain": "3", "note": "after the forms"})
    assert saved.status_code in (200, 303)
    peg = {"answer_1": "5", "answer_2": "4", "answer_3": "3"}
    assert form(client, "/questionnaires/peg", peg).status_code in (200, 303)
    plan = {
        "protocol": "cherkin-10-weekly",
        "days": ["mon", "thu"],
        "tools": ["hands"],
        "currency": "EUR",
        "start": "2026-03-02",
    }
    assert form(client, "/plan", plan).status_code == 303
    assert "cherkin" in client.get("/api/plan").text
    assert "after the forms" in client.get("/history").text
    [checkin] = client.get("/api/checkins").json()["checkins"]
    edit = form(
        client,
        f"/history/checkin/{checkin['id']}/edit",
        {"pain": "2", "note": "corrected", "at": "2026-03-02T09:30"},
    )
    assert edit.status_code == 303
    assert client.get("/api/checkins").json()["checkins"][0]["note"] == "corrected"
    responses = client.get("/api/history").json()["responses"]
    assert [r["instrument"] for r in responses] == ["peg"]


def test_the_clients_guided_self_massage(people: People) -> None:
    client = as_(people, "a.client1")
    assert post(client, "/api/screening", {"answers": dict(NO_TO_ALL)}).status_code == 201
    chosen = client.get("/guided/plan?tool=hands")
    assert chosen.status_code == 200 and "Client1 A" in chosen.text
    logged = form(
        client, "/guided/log", {"tool": "hands", "zones": ["glutes_left"], "seconds": "60"}
    )
    assert logged.status_code in (200, 303), logged.text[:500]
    assert len(client.get("/api/sessions").json()["self_sessions"]) == 1


def test_profiles_stay_closed_to_a_client_pages_and_api(people: People) -> None:
    client = as_(people, "a.client1")
    api = {"X-Backrub-Client": "t"}
    for path in ("/profiles", "/profiles/rename", "/profiles/delete", "/profiles/backup"):
        assert client.get(path).status_code == 404, path
    assert client.get("/api/profiles").status_code == 404
    assert client.post("/api/profiles", json={"name": "x"}, headers=api).status_code == 404
    use = client.post("/api/profiles/use", json={"name": "x"}, headers=api)
    assert use.status_code == 404
    for path in ("/profiles", "/profiles/use", "/profiles/rename", "/profiles/delete"):
        assert form(client, path, {"name": "x", "new_name": "y"}).status_code == 404, path
    with all_clinics(), people.store.reading() as c:
        from backrub.store import tables

        count = c.execute(tables.profiles.select()).all()
    assert len(count) == 6  # the six clients' own, nothing made
