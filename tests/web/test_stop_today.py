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
