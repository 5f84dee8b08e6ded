"""The JSON API: same services, same shapes as the CLI, errors that name the field."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from backrub.domain.screening import NO_TO_ALL as SCRIPT_NO_TO_ALL
from backrub.web import WebSettings
from tests.web.conftest import API, Counter, TestClient, make_client

NO_TO_ALL = dict(SCRIPT_NO_TO_ALL)
PLAN = {"protocol": "cherkin-10-weekly", "days": ["mon", "thu"], "tools": ["foam_roller"]}


def post(client: TestClient, path: str, body: Any) -> Any:
    if isinstance(body, str):  # raw JSON text, for what a dict cannot carry
        headers = {**API, "Content-Type": "application/json"}
        return client.post(path, content=body.encode(), headers=headers)
    return client.post(path, json=body, headers=API)


def test_a_check_in_made_through_the_api_is_listed_with_its_values(client: TestClient) -> None:
    made = post(client, "/api/checkins", {"pain": 4, "sleep": 6, "note": "after a walk"})
    assert made.status_code == 201
    assert made.json()["pain"] == 4 and made.json()["kind"] == "checkin"
    listed = client.get("/api/checkins").json()["checkins"]
    assert [(c["pain"], c["sleep"], c["note"]) for c in listed] == [(4, 6, "after a walk")]


def test_sessions_made_through_the_api_appear_in_the_history(client: TestClient) -> None:
    pro = post(
        client, "/api/sessions/pro", {"technique": "structural", "minutes": 50, "cost": "70"}
    )
    assert pro.status_code == 201 and pro.json()["cost_cents"] == 7000
    own = post(
        client,
        "/api/sessions/self",
        {"tool": "foam_roller", "zones": "glutes_left:60,glutes_right:45"},
    )
    assert own.status_code == 201 and own.json()["total_seconds"] == 105
    sessions = client.get("/api/sessions").json()
    assert len(sessions["pro_sessions"]) == 1 and len(sessions["self_sessions"]) == 1


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/api/checkins", {"pain": 11}, "pain"),
        ("/api/checkins", {"pain": "4"}, "pain"),
        ("/api/checkins", {}, "pain"),
        ("/api/checkins", {"pain": 4, "mood": 3}, "mood"),
        ("/api/checkins", '{"pain": 4, "note": "\\ud800"}', "note"),
        ("/api/checkins", {"pain": 4, "at": "tomorrow"}, "at"),
        ("/api/sessions/pro", {"technique": "reiki", "minutes": 60}, "technique"),
        ("/api/sessions/pro", {"technique": "relaxation", "minutes": 0}, "minutes"),
        ("/api/sessions/self", {"tool": "hands", "zones": ""}, "zones"),
        ("/api/sessions/self", {"tool": "hands", "zones": "spine:60"}, "zones"),
        ("/api/screening", {"answers": {"pregnancy": False}}, "bladder_bowel_change"),
        ("/api/screening", {"answers": {**NO_TO_ALL, "made_up": True}}, "question"),
        ("/api/screening", {"answers": {**NO_TO_ALL, "pregnancy": "no"}}, "answers.pregnancy"),
        ("/api/profiles", {"name": "a/b"}, "name"),
    ],
)
def test_api_errors_are_422_json_naming_the_field_and_write_nothing(
    client: TestClient, written: Counter, path: str, body: Any, field: str
) -> None:
    before = written()
    response = post(client, path, body)
    assert response.status_code == 422
    problem = response.json()
    assert problem["error"] == "invalid_input"
    assert problem["field"] == field
    assert field.split(".")[-1] in problem["message"]
    assert written() == before


def test_a_plan_is_refused_with_409_until_screening_says_it_is_safe(
    client: TestClient, written: Counter
) -> None:
    before = written()
    refused = post(client, "/api/plan", PLAN)
    assert refused.status_code == 409
    assert refused.json()["error"] == "safety_stop"
    assert post(
        client, "/api/screening", {"answers": {**NO_TO_ALL, "night_pain_unrelieved": True}}
    ).json()["is_stop"]
    stopped = post(client, "/api/plan", PLAN)
    assert stopped.status_code == 409
    assert "clinician" in stopped.json()["message"]
    assert written()["plans"] == before.get("plans", 0)
    cleared = post(
        client,
        "/api/screening/clearance",
        {"cleared_by": "Dr X", "lifts": ["night_pain_unrelieved"]},
    )
    assert cleared.status_code == 201
    assert cleared.json()["lifts"] == ["night_pain_unrelieved"]
    made = post(client, "/api/plan", PLAN)
    assert made.status_code == 201
    assert made.json()["evidence"] == ["cherkin-2011"]
    shown = client.get("/api/plan").json()
    assert len(shown["sessions"]) == 10 and "adherence" in shown


def test_the_latest_screening_says_whether_it_stops(client: TestClient) -> None:
    assert client.get("/api/screening").status_code == 404
    post(client, "/api/screening", {"answers": {**NO_TO_ALL, "saddle_numbness": True}})
    latest = client.get("/api/screening").json()
    assert latest["stopped"] is True
    assert latest["screening"]["verdict"] == "stop_emergency"
    assert "not replace a doctor" in latest["not_a_medical_device"]


@pytest.mark.parametrize(
    "path", ["/api/evidence/made-up-2099", "/api/plan", "/api/plan.ics", "/api/no-such-route"]
)
def test_unknown_ids_and_missing_records_are_404_json(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert response.json()["error"] == "not_found"


def test_switching_to_an_unknown_profile_is_404_json(client: TestClient) -> None:
    response = post(client, "/api/profiles/use", {"name": "nobody"})
    assert response.status_code == 404
    assert "nobody" in response.json()["message"]


def test_the_rules_list_names_a_source_or_says_product_default(client: TestClient) -> None:
    rules = client.get("/api/rules").json()
    cap = next(r for r in rules if r["id"] == "self_massage_cap_min")
    assert cap["cite"] == "product default, not evidence"
    mic = next(r for r in rules if r["id"] == "mic_rmdq_points")
    assert mic["sources"] == ["ostelo-2008"] and mic["value"] == 5


def test_the_api_history_is_the_same_json_as_the_command_line(
    tmp_path: Path, run: Any, home: Path
) -> None:
    db = str(tmp_path / "shared.sqlite3")
    with make_client(WebSettings(db=db)) as web:
        post(web, "/api/checkins", {"pain": 5, "note": "same"})
        post(web, "/api/sessions/pro", {"technique": "relaxation", "minutes": 60})
        from_web = web.get("/api/history").json()
    cli = run("--db", db, "history", "--json")
    assert cli.code == 0, cli.err
    assert json.loads(cli.out) == from_web


def test_an_export_through_the_api_imports_into_another_database(
    client: TestClient, tmp_path: Path
) -> None:
    post(client, "/api/checkins", {"pain": 6})
    backup = client.get("/api/export")
    assert backup.status_code == 200
    with make_client(WebSettings(db=str(tmp_path / "other.sqlite3"))) as other:
        made = other.post("/api/import", content=backup.content, headers=API)
        assert made.status_code == 201 and made.json()["name"] == "me"
        assert [c["pain"] for c in other.get("/api/checkins").json()["checkins"]] == [6]
        again = other.post("/api/import", content=backup.content, headers=API)
        assert again.status_code == 422 and again.json()["field"] == "profile"


def test_the_openapi_schema_describes_every_api_route(client: TestClient) -> None:
    schema = client.get("/api/openapi.json").json()
    routes = {
        (path, method)
        for route in client.app.routes  # type: ignore[attr-defined]
        if (path := getattr(route, "path", "")).startswith("/api/") and path != "/api/openapi.json"
        for method in getattr(route, "methods", ())
    }
    described = {(p, m.upper()) for p, ops in schema["paths"].items() for m in ops}
    assert routes <= described
    assert "X-Backrub-Client" in schema["info"]["description"]
    assert not any(p.startswith("/api") is False for p in schema["paths"])


def test_the_api_refuses_a_time_before_1900_utc_whatever_its_offset(client: TestClient) -> None:
    # 1900-01-01T00:00+01:00 is 1899-12-31T23:00Z, which no export could import again.
    refused = post(client, "/api/checkins", {"pain": 3, "at": "1900-01-01T00:00+01:00"})
    assert refused.status_code in (400, 422)
    assert refused.json()["field"] == "at"
    assert client.get("/api/checkins").json()["checkins"] == []


def test_the_api_refuses_a_region_marked_twice_at_a_moment_and_on_patch(
    client: TestClient,
) -> None:
    first = post(client, "/api/body-map", {"where": "hip_left:3", "at": "2026-03-01T08:00"})
    assert first.status_code == 201, first.text
    again = post(client, "/api/body-map", {"where": "hip_left:5", "at": "2026-03-01T08:00"})
    assert again.status_code in (400, 422) and "once per" in again.text
    post(client, "/api/body-map", {"where": "hip_right:5", "at": "2026-03-01T08:00"})
    [mark] = [m for m in client.get("/api/body-map").json()["pain_spots"] if m["intensity"] == 5]
    patched = client.patch(f"/api/body-map/{mark['id']}", json={"region": "hip_left"}, headers=API)
    assert patched.status_code in (400, 422) and patched.json()["field"] == "region"
