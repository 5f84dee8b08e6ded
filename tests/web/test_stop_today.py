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


def _first_screening(client: TestClient, zone: str, **yes: bool) -> None:
    """Answer the first screening, choosing the new profile's zone on the welcome page."""
    response = post_form(client, "/screening", {**answers(**yes), "tz": zone})
    assert response.status_code == 200


def test_a_zone_with_no_country_links_to_setting_it_and_comes_back_with_the_number(
    client: TestClient,
) -> None:
    # Review 10, m6: in UTC the page gave only examples and no call button.
    _first_screening(client, "UTC", chest_pain=True)
    page = soup(client.get("/screening"))
    alert = page.find(attrs={"role": "alert"})
    assert alert is not None
    assert alert.find("a", class_="call") is None  # no number guessed
    link = alert.find("a", href="/profiles/zone?back=screening")
    assert link is not None
    assert "so that backrub can show your emergency number" in link.get_text()
    today = soup(client.get("/")).find(attrs={"role": "alert"})
    assert today is not None and today.find("a", href="/profiles/zone?back=today") is not None
    zone_page = soup(client.get("/profiles/zone?back=screening"))
    assert "UTC names no country" in zone_page.get_text()
    assert zone_page.find("input", {"name": "back", "value": "screening"}) is not None
    assert zone_page.find("a", href="/screening") is not None  # back without changing
    moved = post_form(
        client,
        "/profiles/zone",
        {"tz": "Europe/London", "back": "screening", "name": "anything"},
        follow_redirects=False,
    )
    assert moved.status_code == 303 and moved.headers["location"] == "/screening"
    after = soup(client.get("/screening")).find(attrs={"role": "alert"})
    assert after is not None
    assert after.find("a", class_="call", href="tel:999") is not None
    assert after.find("a", href="/profiles/zone?back=screening") is None
    today_after = soup(client.get("/")).find(attrs={"role": "alert"})  # Today, kept or not
    assert today_after is not None
    assert today_after.find("a", class_="call", href="tel:999") is not None
    assert today_after.find("a", href="/profiles/zone?back=today") is None


def test_a_zone_refused_on_the_way_back_stays_on_the_zone_page(client: TestClient) -> None:
    _first_screening(client, "UTC", chest_pain=True)
    refused = post_form(client, "/profiles/zone", {"tz": "Atlantis/Nowhere", "back": "screening"})
    assert refused.status_code == 422
    page = soup(refused)
    assert page.find("input", {"name": "back", "value": "screening"}) is not None
    assert page.find(attrs={"aria-invalid": "true"}) is not None


def test_a_return_address_not_known_to_the_zone_page_is_ignored(client: TestClient) -> None:
    _first_screening(client, "UTC", chest_pain=True)
    page = soup(client.get("/profiles/zone?back=https://example.com"))
    assert page.find("input", {"name": "back"}) is None
    assert "UTC names no country" not in page.get_text()


@pytest.mark.parametrize(
    ("zone", "language", "number"),
    [("Europe/London", "en", "999"), ("UTC", "vi", "115"), ("Asia/Tokyo", "en", None)],
)
def test_no_link_to_the_zone_where_it_would_not_give_a_number(
    client: TestClient, zone: str, language: str, number: str | None
) -> None:
    # A zone with a country says its number, Vietnamese gives 115 without one, and a
    # country backrub has no number for would not get one from another zone of it.
    client.cookies.set("backrub_lang", language)
    _first_screening(client, zone, chest_pain=True)
    alert = soup(client.get("/screening")).find(attrs={"role": "alert"})
    assert alert is not None
    assert alert.find("a", href="/profiles/zone?back=screening") is None
    call = alert.find("a", class_="call")
    if number is None:
        assert call is None
    else:
        assert call is not None and call["href"] == f"tel:{number}"
