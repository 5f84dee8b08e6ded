"""A guided finish is checked against the whole day saved so far (attack 11: M1, S3, S4, S10).

Two tabs (or a start time sent from the past) must not get a zone worked twice
in a day or the ball/roller past its daily limit: the service leaves out zones
already worked today, in words, keeps the seconds within what is left of the
day and saves the rest with the pain ratings. The page, the JSON API and the
CLI take the same path. A finish the page cannot save keeps what was done in a
form, worded for people.
"""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from backrub.domain.records import Zone
from backrub.domain.routines import zone_label
from backrub.web import WebSettings
from tests.conftest import NOW
from tests.web.conftest import API, TestClient, make_client, post_form, screen_clear, soup
from tests.web.test_guided import self_sessions, timer_form

CAP = 300  # seconds: the ball/roller limit of a day (self_massage_cap_min)
EARLIER = (NOW - timedelta(hours=2)).isoformat()


@pytest.fixture
def web(tmp_path: Path) -> Any:
    with make_client(WebSettings(db=str(tmp_path / "web.sqlite3"))) as client:
        client.get("/welcome")
        screen_clear(client)
        yield client


def _zones(data: dict[str, Any]) -> list[str]:
    return [key.removeprefix("seconds_") for key in data if key.startswith("seconds_")]


def _day_seconds(client: TestClient) -> int:
    return sum(s["total_seconds"] for s in self_sessions(client))


def _worked(client: TestClient) -> list[str]:
    return [z["zone"] for s in self_sessions(client) for z in s["zones"]]


def test_a_second_tab_opened_earlier_cannot_save_the_plan_twice(web: TestClient) -> None:
    early_tab = timer_form(web, "foam_roller") | {"started_at": EARLIER}
    late_tab = timer_form(web, "foam_roller")
    assert post_form(web, "/guided/finish", late_tab).status_code == 200
    response = post_form(web, "/guided/finish", early_tab)
    assert response.status_code == 409
    assert "already worked today" in response.text
    assert "a zone of the plan" not in response.text
    assert len(self_sessions(web)) == 1 and _day_seconds(web) <= CAP


def test_an_earlier_start_saves_only_zones_not_worked_today_within_the_limit(
    web: TestClient,
) -> None:
    first = timer_form(web, "foam_roller")
    zones = _zones(first)
    done_first = zones[:2]
    first |= {f"seconds_{z}": "0" for z in zones[2:]}
    assert post_form(web, "/guided/finish", first).status_code == 200
    # The other tab was opened before: its plan still offers every zone, 120 s reported each.
    again = timer_form(web, "foam_roller") | {"started_at": EARLIER, "pain_after": "3"}
    again |= {f"seconds_{z}": "120" for z in zones}
    page = post_form(web, "/guided/finish", again)
    assert page.status_code == 200
    text = " ".join(soup(page).get_text().split())
    first_two = " and ".join(f"the {zone_label(Zone(z))}" for z in done_first)
    assert f"{first_two} were already worked today" in text
    assert _day_seconds(web) <= CAP
    worked = _worked(web)
    assert sorted(worked) == sorted(set(worked))  # no zone twice in one day
    (second,) = (s for s in self_sessions(web) if s["at"].startswith(EARLIER[:16]))
    assert not set(done_first) & {z["zone"] for z in second["zones"]}
    assert second["pain_after"] == 3  # the rest of the session is kept


def test_the_api_refuses_an_earlier_start_after_the_day_is_done(web: TestClient) -> None:
    plan = web.get("/api/guided/plan?tool=foam_roller", headers=API).json()
    zones = [{"zone": z["zone"], "seconds": z["seconds"]} for z in plan["zones"]]
    body = {"tool": "foam_roller", "started_at": plan["started_at"], "zones": zones}
    assert web.post("/api/guided/finish", json=body, headers=API).status_code == 201
    response = web.post("/api/guided/finish", json=body | {"started_at": EARLIER}, headers=API)
    assert response.status_code == 409
    assert "already worked today" in response.json()["message"]
    assert len(self_sessions(web)) == 1 and _day_seconds(web) <= CAP


def test_the_cli_says_a_zone_was_already_worked_before_showing_the_plan(
    run: Any, home: Path
) -> None:
    run("screen", "--no-to-all")
    assert run("session", "run", "tennis_ball", "--done", "Left Buttock:60").code == 0
    again = run("session", "run", "tennis_ball", "--done", "left buttock:60")
    assert again.code == 2 and again.out == ""
    (line,) = again.err.strip().splitlines()
    assert "the left buttock was already worked today" in line
    assert len(json.loads(run("history", "--json").out)["self_sessions"]) == 1


def test_a_bad_zone_in_the_cli_is_named_in_words_before_the_plan(run: Any, home: Path) -> None:
    run("screen", "--no-to-all")
    result = run("session", "run", "tennis_ball", "--done", "left buttock:-5")
    assert result.code == 2 and result.out == ""
    (line,) = result.err.strip().splitlines()
    assert "left buttock" in line and "glutes_left" not in line


def test_a_finish_the_page_cannot_save_keeps_what_was_done_in_words(web: TestClient) -> None:
    data = timer_form(web, "foam_roller")
    zones = _zones(data)
    data |= {f"seconds_{zones[0]}": "lots", "pain_after": "2", "note": "stiff"}
    response = post_form(web, "/guided/finish", data)
    assert response.status_code == 422
    page = soup(response)
    text = page.get_text()
    assert "ISO" not in text and "_left" not in text and "_right" not in text
    assert page.find(id=f"f-seconds_{zones[0]}-error") is not None
    form = page.find("form", action="/guided/finish")
    assert form is not None
    kept = {f["name"]: f.get("value") for f in form.find_all("input") if f.get("name")}
    assert kept[f"seconds_{zones[1]}"] == data[f"seconds_{zones[1]}"]
    assert page.find(id="f-note").get_text() == "stiff"  # type: ignore[union-attr]
    again = {name: value for name, value in kept.items() if name != "csrf_token"}
    again |= {f"seconds_{zones[0]}": "60", "pain_after": "2", "note": "stiff"}
    assert post_form(web, "/guided/finish", again).status_code == 200
    assert self_sessions(web)[0]["note"] == "stiff"


def test_a_missing_start_time_is_worded_without_jargon(web: TestClient) -> None:
    data = timer_form(web, "foam_roller") | {"started_at": ""}
    response = post_form(web, "/guided/finish", data)
    assert response.status_code == 422
    assert "ISO" not in response.text and "session page again" in response.text
    assert self_sessions(web) == []


def test_choosing_no_tool_is_a_read_not_a_failed_save(web: TestClient) -> None:
    response = web.get("/guided/plan?tool=")
    assert response.status_code == 422
    assert "Not saved" not in response.text and "Choose a tool" in response.text


def test_the_day_limit_shared_with_the_ball_holds_for_an_earlier_roller_start(
    web: TestClient,
) -> None:
    roller = timer_form(web, "foam_roller")  # opened first, left open
    ball = timer_form(web, "tennis_ball")
    assert post_form(web, "/guided/finish", ball).status_code == 200
    assert _day_seconds(web) == CAP
    response = post_form(web, "/guided/finish", roller | {"started_at": EARLIER})
    assert response.status_code == 409
    assert "limit was used up" in " ".join(soup(response).get_text().split())
    assert _day_seconds(web) == CAP and len(self_sessions(web)) == 1
