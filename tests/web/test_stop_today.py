"""What the pages offer while a screening stop stands (review 10, m1, m5, m6): Today has
the check-in and nothing to massage or follow; the result offers no clearance form a
stop cannot use; a zone with no country gets a way to set one, never a guessed number."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.web.conftest import API, answers, make_plan, post_form, screen_clear, soup
from tests.web.test_today import items

PAUSED = "Your plan is paused while the stop above stands"


@pytest.mark.parametrize(
    ("yes", "verdict"),
    [
        ({"chest_pain": True}, "stop_emergency"),
        ({"history_of_cancer": True, "leg_weakness_new": True}, "stop_emergency"),
        ({"sudden_breathlessness": True}, "stop_same_day"),
        ({"night_pain_unrelieved": True}, "stop_see_clinician"),
    ],
)
def test_under_a_stop_today_offers_the_check_in_and_says_the_plan_is_paused(
    client: TestClient, yes: dict[str, bool], verdict: str
) -> None:
    screen_clear(client)
    assert make_plan(client).status_code == 303
    assert {"pro_session", "self_massage", "activity"} <= set(items(client))
    assert post_form(client, "/screening", answers(**yes)).status_code == 200
    assert set(items(client)) == {"checkin"}
    page = soup(client.get("/"))
    card = page.find(id="plan-h")
    assert card is not None and card.parent is not None
    shown = " ".join(card.parent.get_text(" ").split())
    for gone in ("Stay active", "Your plan:", "The whole plan", "Log a session", "Next massage"):
        assert gone not in shown, gone
    assert PAUSED in shown
    api = client.get("/api/today", headers=API).json()
    assert api["stop"] == verdict
    assert [i["kind"] for i in api["items"]] == ["checkin"]
    assert api["next_session"] is None and api["plan"] == "cherkin-10-weekly"
    # Answered again with no warning sign: the plan's items are back.
    screen_clear(client)
    assert {"pro_session", "self_massage", "activity"} <= set(items(client))
    assert PAUSED not in soup(client.get("/")).get_text()
    assert client.get("/api/today", headers=API).json()["stop"] is None


def test_under_a_stop_without_a_plan_today_does_not_offer_to_make_one(
    client: TestClient,
) -> None:
    assert post_form(client, "/screening", answers(chest_pain=True)).status_code == 200
    page = soup(client.get("/"))
    assert page.find("a", href="/plan/new") is None
    assert set(items(client)) == {"checkin"}
    assert PAUSED not in page.get_text()  # no plan to pause


def test_a_stop_no_clearance_lifts_offers_no_clearance_form_and_says_when_it_comes(
    client: TestClient,
) -> None:
    # Review 10, m5: the form sat under "cannot be cleared here".
    emergency = answers(history_of_cancer=True, leg_weakness_new=True)
    assert post_form(client, "/screening", emergency).status_code == 200
    page = soup(client.get("/screening"))
    assert page.find("input", {"name": "lifts"}) is None
    assert page.find("button", string="Record the clearance") is None
    shown = " ".join(page.get_text(" ").split())
    assert "cannot be cleared here" in shown
    assert "If other warning signs still stand then, you can record here" in shown
    # Seen, answered again: the past cancer alone still stops, and the form is offered.
    assert post_form(client, "/screening", answers(history_of_cancer=True)).status_code == 200
    after = soup(client.get("/screening"))
    assert after.find("input", {"name": "lifts", "value": "history_of_cancer"}) is not None
    assert "If other warning signs still stand then" not in after.get_text()


def test_a_same_day_stop_offers_no_clearance_form_either(client: TestClient) -> None:
    chosen = answers(sudden_breathlessness=True, night_pain_unrelieved=True)
    assert post_form(client, "/screening", chosen).status_code == 200
    page = soup(client.get("/screening"))
    assert page.find("input", {"name": "lifts"}) is None
    assert "If other warning signs still stand then" in page.get_text()


def test_a_clearance_recorded_before_an_emergency_is_said_not_to_lift_it(
    client: TestClient,
) -> None:
    assert post_form(client, "/screening", answers(night_pain_unrelieved=True)).status_code == 200
    cleared = {
        "lifts": ["night_pain_unrelieved"],
        "cleared_by": "Dr Lee",
        "cleared_on": "2026-03-02",
    }
    saved = post_form(client, "/screening/clearance", cleared, follow_redirects=False)
    assert saved.status_code == 303
    chosen = answers(night_pain_unrelieved=True, chest_pain=True)
    assert post_form(client, "/screening", chosen).status_code == 200
    page = soup(client.get("/screening"))
    lifted = page.find(id="lifted")
    assert lifted is not None and "cleared by Dr Lee" in lifted.get_text()
    assert lifted.parent is not None
    assert "These clearances do not lift the stop above." in lifted.parent.get_text()
    assert page.find("input", {"name": "lifts"}) is None
