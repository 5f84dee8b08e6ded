"""Every mistake of a form at once, each next to its field, with what was typed kept.

Before, a form said one mistake per try: a person who mistyped three boxes
had to send the form three times. Nothing is saved while any mistake stands.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.web.conftest import Counter, TestClient, answers, post_form, screen_clear, soup


def errors_of(response: Any) -> dict[str, str]:
    """Return each field's error, by field name, as the page shows it beside the field."""
    page = soup(response)
    return {
        str(p["id"]).removeprefix("f-").removesuffix("-error"): p.get_text(" ", strip=True)
        for p in page.select("p.error[id]")
    }


def typed(response: Any, name: str) -> str:
    field = soup(response).find(id=f"f-{name}")
    assert field is not None, name
    return str(field.get("value", ""))


def test_a_check_in_with_six_mistakes_shows_all_six_and_keeps_the_note(
    client: TestClient, written: Counter
) -> None:
    screen_clear(client)
    before = written()
    bad = {
        "pain": "11",
        "soreness": "x",
        "sleep": "-1",
        "activity_min": "lots",
        "at": "tomorrow",
        "new_leg_symptoms": "maybe",
        "note": "stiff after the drive",
    }
    response = post_form(client, "/checkins", bad)
    assert response.status_code == 422
    found = errors_of(response)
    assert set(found) == {"pain", "soreness", "sleep", "activity_min", "at", "new_leg_symptoms"}
    assert "0 to 1440" in found["activity_min"]
    assert typed(response, "note") == "stiff after the drive"
    assert typed(response, "activity_min") == "lots"
    assert "Please correct the 6 fields marked below." in soup(response).get_text(" ")
    assert written() == before


def test_a_professional_session_shows_every_mistake(client: TestClient, written: Counter) -> None:
    before = written()
    bad = {"minutes": "0", "at": "29/03", "cost": "-5", "currency": "EURO", "therapist": "Kim"}
    response = post_form(client, "/sessions/pro", bad)
    assert response.status_code == 422
    assert set(errors_of(response)) == {"technique", "minutes", "at", "cost", "currency"}
    assert typed(response, "therapist") == "Kim"
    assert written() == before


def test_a_self_massage_shows_every_mistake_in_words(client: TestClient, written: Counter) -> None:
    screen_clear(client)
    before = written()
    bad = {"tool": "hands", "level": "3", "pain_after": "x", "note": "after work"}
    response = post_form(client, "/sessions/self", bad)
    assert response.status_code == 422
    found = errors_of(response)
    assert set(found) == {"zones", "seconds", "level", "pain_after"}
    assert found["zones"] == "Error: Choose at least one zone."  # not the zones' ids
    assert "only for the massage gun" in found["level"]
    assert typed(response, "note") == "after work"
    assert written() == before


def test_a_body_map_says_every_region_that_is_wrong(client: TestClient, written: Counter) -> None:
    screen_clear(client)
    before = written()
    bad = {"region_hip_left": "11", "region_spine_low": "x", "region_buttock_left": "3"}
    response = post_form(client, "/body-map", {**bad, "at": "later"})
    assert response.status_code == 422
    assert set(errors_of(response)) == {"region_hip_left", "region_spine_low", "at"}
    assert written() == before


def test_an_empty_body_map_asks_for_a_region_in_words(client: TestClient) -> None:
    response = post_form(client, "/body-map", {})
    assert response.status_code == 422
    text = soup(response).get_text(" ")
    assert "Mark how much it hurts in at least one region." in text
    assert "spine_low" not in text


@pytest.mark.parametrize(
    ("changes", "fields"),
    [
        ({"pain": "11", "sleep": "x", "activity_min": "-3"}, {"pain", "sleep", "activity_min"}),
        ({"pain": "12", "at": "soon"}, {"pain", "at"}),
    ],
)
def test_a_correction_shows_every_mistake(
    client: TestClient, written: Counter, changes: dict[str, str], fields: set[str]
) -> None:
    screen_clear(client)
    post_form(client, "/checkins", {"pain": "4", "sleep": "6", "note": "kept"})
    history = soup(client.get("/history"))
    link = history.select_one("td.correct a[href*='/edit']")
    assert link is not None
    path = str(link["href"])
    form = soup(client.get(path))
    values = {
        str(i["name"]): str(i.get("value", ""))
        for i in form.select("form input[name]")
        if i.get("type") not in ("radio", "checkbox", "hidden")
    }
    values |= {
        str(i["name"]): str(i["value"]) for i in form.select("form input[type=radio][checked]")
    }
    before = written()
    response = post_form(client, path, {**values, **changes})
    assert response.status_code == 422
    assert set(errors_of(response)) == fields
    assert typed(response, "note") == "kept"
    assert written() == before


def test_a_clearance_shows_every_mistake(client: TestClient, written: Counter) -> None:
    post_form(client, "/screening", answers(history_of_cancer=True))
    before = written()
    response = post_form(client, "/screening/clearance", {"cleared_on": "someday"})
    assert response.status_code == 422
    assert set(errors_of(response)) == {"lifts", "cleared_by", "cleared_on"}
    assert written() == before
