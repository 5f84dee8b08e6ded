"""Logging a self-massage on the web: a refusal keeps what was typed, says why next to the
field it concerns (never a command-line option), and offers to record it anyway with a
reason; the JSON API returns the same refusal as data."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient

from backrub.web import WebSettings
from tests.web.conftest import API, make_client, post_form, screen_clear

OVER_CAP = {
    "tool": "foam_roller",
    "zones": ["glutes_right"],
    "seconds": "120",
    "note": "after work",
}


@pytest.fixture
def lite(tmp_path: Path) -> Iterator[TestClient]:
    with make_client(WebSettings(db=str(tmp_path / "s.sqlite3"))) as client:
        client.get("/welcome")
        screen_clear(client)
        for zone in ("hamstrings_left", "glutes_left"):  # 4 of the day's 5 minutes
            done = post_form(client, "/sessions/self", {**OVER_CAP, "zones": [zone]})
            assert done.status_code == 200  # followed to /sessions
        yield client


def _saved(client: TestClient) -> list[dict[str, Any]]:
    sessions: list[dict[str, Any]] = client.get("/api/sessions").json()["self_sessions"]
    return sessions


def test_a_refusal_sits_next_to_its_field_keeps_the_values_and_offers_an_override(
    lite: TestClient,
) -> None:
    response = post_form(lite, "/sessions/self", OVER_CAP)
    assert response.status_code == 409
    page = BeautifulSoup(response.text, "html.parser")
    error = page.find(id="f-seconds-error")
    assert error is not None and "more than the 1 min that was left" in error.get_text()
    assert "--" not in page.get_text() and "backrub session" not in page.get_text()
    # Every typed value is still there.
    assert page.find("input", id="f-tool-foam_roller").has_attr("checked")
    assert page.find("input", id="f-zones-glutes_right").has_attr("checked")
    assert page.find("input", id="f-seconds")["value"] == "120"
    assert page.find("input", id="f-note")["value"] == "after work"
    # The way past it is on the page: a reason and a button.
    assert page.find("textarea", id="f-reason") is not None
    assert page.find("button", attrs={"name": "override", "value": "yes"}) is not None
    assert len(_saved(lite)) == 2


def test_an_override_needs_a_reason_then_saves_with_it(lite: TestClient) -> None:
    blank = post_form(lite, "/sessions/self", {**OVER_CAP, "override": "yes", "reason": "  "})
    assert blank.status_code == 422
    page = BeautifulSoup(blank.text, "html.parser")
    error = page.find(id="f-reason-error")
    assert error is not None and "needs a reason" in error.get_text()
    assert page.find("input", id="f-seconds")["value"] == "120"
    assert len(_saved(lite)) == 2
    done = post_form(
        lite,
        "/sessions/self",
        {**OVER_CAP, "override": "yes", "reason": "physio said so"},
        follow_redirects=False,
    )
    assert done.status_code == 303
    assert _saved(lite)[-1]["override_reason"] == "physio said so"
    assert "physio said so" in lite.get("/history").text


def test_the_api_returns_the_refusal_as_data(lite: TestClient) -> None:
    body = {"tool": "foam_roller", "zones": "glutes_right:120"}
    refused = lite.post("/api/guided/log", json=body, headers=API)
    assert refused.status_code == 409
    shape = refused.json()
    assert shape["code"] == "self_massage_rule"
    assert shape["fields"] == ["seconds"]
    assert shape["allowed"] == {"seconds_left_that_day": 60}
    assert shape["override"] is True and shape["possible_at"] is None
    assert "1 min that was left" in shape["message"] and "--" not in shape["message"]
    bad = lite.post("/api/guided/log", json={**body, "override": True}, headers=API)
    assert bad.status_code == 422
    assert bad.json()["fields"] == ["reason"] and bad.json()["code"] == "invalid_input"


def test_a_refusal_page_offers_the_way_past_it_as_a_link(lite: TestClient) -> None:
    page = lite.get("/plan.ics")  # no plan yet
    assert page.status_code == 404
    link = BeautifulSoup(page.text, "html.parser").find("a", class_="button")
    assert link is not None and link["href"] == "/plan/new"
    assert "backrub plan" not in page.text
    body = lite.get("/api/plan", headers=API).json()
    assert (body["code"], body["fields"], body["override"]) == ("no_plan", [], False)


def test_a_guided_refusal_names_the_day_it_becomes_possible(lite: TestClient) -> None:
    lite.post("/api/checkins", json={"pain": 2, "soreness": 7}, headers=API)
    page = lite.get("/guided/plan", params={"tool": "hands"})
    assert page.status_code == 409
    words = " ".join(BeautifulSoup(page.text, "html.parser").get_text().split())
    assert "You can try again on Tuesday 03 March 2026" in words
    assert "tomorrow. You can try again" not in words  # the day is said once
    body = lite.get("/api/guided/plan", params={"tool": "hands"}, headers=API).json()
    assert (body["code"], body["possible_at"]) == ("self_massage_not_now", "2026-03-03")


def test_the_form_says_which_zones_each_tool_leaves_out_and_links_its_routine(
    client: TestClient,
) -> None:
    """Pain review S6: the zones a tool cannot work are said before saving, with a link."""
    screen_clear(client)
    page = BeautifulSoup(client.get("/sessions/self").text, "html.parser")
    limits = page.find(id="tool-zones")
    assert limits is not None
    roller = next(li for li in limits.find_all("li") if "foam roller" in li.get_text())
    assert "lower back" in roller.get_text()
    link = roller.find("a")
    assert link is not None and link["href"] == "/guided/plan?tool=foam_roller"
    assert client.get(link["href"]).status_code == 200  # the routine's page says why
    refused = post_form(
        client,
        "/sessions/self",
        {"tool": "foam_roller", "zones": ["lumbar_left"], "seconds": "60"},
    )
    buttons = [b.get_text() for b in BeautifulSoup(refused.text, "html.parser").find_all("button")]
    assert "Save" in buttons and "Save with the changes above" not in buttons
