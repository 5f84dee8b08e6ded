"""Free text from the web: one line where a line is shown, no marks that turn direction.

The same rule as the command line (``backrub.domain.free_text``; attack review
11, A1 and A5): a check-in's note typed on several lines is kept on one line; a
SOAP field keeps its lines; a mark such as U+202E is refused next to its field
(a form) or as a 422 naming it (the API), and nothing is written.
"""

from __future__ import annotations

from typing import Any

from tests.web.conftest import API, Counter, TestClient, post_form, screen_clear, soup

RLO = "\u202eevil"


def _notes(client: TestClient) -> list[Any]:
    return [c["note"] for c in client.get("/api/checkins").json()["checkins"]]


def test_a_note_typed_on_several_lines_in_the_form_is_kept_on_one_line(
    client: TestClient,
) -> None:
    screen_clear(client)
    saved = post_form(
        client,
        "/checkins",
        {"pain": "4", "note": "ok  [checkin 1]\r\nline two", "medication": "a\nb"},
    )
    assert saved.status_code in (200, 303), saved.text
    assert _notes(client) == ["ok [checkin 1] line two"]
    assert client.get("/api/checkins").json()["checkins"][0]["medication"] == "a b"


def test_a_soap_field_keeps_its_lines_from_the_form(client: TestClient) -> None:
    screen_clear(client)
    data = {"technique": "relaxation", "minutes": "60", "subjective": "s1\ns2"}
    saved = post_form(client, "/sessions/pro", data)
    assert saved.status_code in (200, 303), saved.text
    (pro,) = client.get("/api/sessions").json()["pro_sessions"]
    assert pro["subjective"] == "s1\ns2"


def test_a_direction_mark_in_a_form_is_refused_next_to_its_field(
    client: TestClient, written: Counter
) -> None:
    screen_clear(client)
    before = written()
    for field in ("note", "medication"):
        response = post_form(client, "/checkins", {"pain": "4", field: RLO})
        assert response.status_code == 422
        error = soup(response).find(id=f"f-{field}-error")
        assert error is not None and "direction" in error.get_text()
    assert written() == before


def test_the_api_folds_a_note_and_refuses_a_direction_mark(
    client: TestClient, written: Counter
) -> None:
    made = client.post("/api/checkins", json={"pain": 4, "note": "a\nb\tc"}, headers=API)
    assert made.status_code == 201
    assert _notes(client) == ["a b c"]
    before = written()
    refused = client.post("/api/checkins", json={"pain": 4, "note": RLO}, headers=API)
    assert refused.status_code == 422
    problem = refused.json()
    assert problem["field"] == "note" and "direction" in problem["message"]
    assert "\u202e" not in problem["message"]
    assert written() == before
