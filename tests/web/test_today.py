"""Today lists the plan's items as actions, marks what is done, says so when nothing is planned."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.web.conftest import API, NOW, make_plan, post_form, screen_clear, soup


def items(client: TestClient) -> dict[str, Any]:
    """Return Today's items by kind: their words, action link and whether done."""
    page = soup(client.get("/"))
    found: dict[str, Any] = {}
    for li in page.select("#today-items li"):
        link = li.find("a", class_="button")
        found[str(li["id"]).removeprefix("today-")] = {
            "text": " ".join(li.get_text(" ").split()),
            "href": None if link is None else link["href"],
            "done": "done" in li.get("class", []),
        }
    return found


def test_a_plan_day_shows_each_item_as_an_action(client: TestClient) -> None:
    screen_clear(client)
    assert make_plan(client).status_code == 303
    shown = items(client)
    assert set(shown) >= {"checkin", "pro_session", "self_massage", "activity", "questionnaire-peg"}
    assert shown["self_massage"]["href"] == "/guided/plan?tool=foam_roller"
    assert "Start the guided session" in shown["self_massage"]["text"]
    assert shown["pro_session"]["href"] == "/sessions/pro"
    assert shown["questionnaire-peg"]["href"] == "/questionnaires/peg"
    assert shown["questionnaire-rmdq"]["href"] == "/questionnaires/rmdq"  # the baseline
    assert shown["checkin"]["href"] == "#checkin"
    assert not any(item["done"] for item in shown.values())


def test_doing_an_item_marks_it_done_today(client: TestClient) -> None:
    screen_clear(client)
    make_plan(client)
    post_form(client, "/checkins", {"pain": "3", "activity_min": "45"})
    at = NOW.replace(hour=8).isoformat()
    post_form(
        client,
        "/sessions/pro",
        {"technique": "relaxation", "minutes": "60", "at": at},
    )
    shown = items(client)
    assert shown["checkin"]["done"] and "Done today" in shown["checkin"]["text"]
    assert shown["pro_session"]["done"] and shown["pro_session"]["href"] is None
    assert shown["activity"]["done"]
    assert not shown["self_massage"]["done"]
    api = client.get("/api/today", headers=API).json()
    assert {i["kind"]: i["done"] for i in api["items"]}["pro_session"] is True
    assert api["day"] == "2026-03-02" and api["plan"] == "cherkin-10-weekly"


def test_a_day_with_nothing_planned_says_so_kindly(client: TestClient) -> None:
    screen_clear(client)
    # A plan on Tuesdays only, starting tomorrow: nothing of it today.
    make_plan(client, days=["tue"], start="2026-03-03")
    page = soup(client.get("/"))
    quiet = page.find(class_="quiet-day")
    assert quiet is not None and "Your plan has nothing for today" in quiet.get_text()
    kinds = {li["data-kind"] for li in page.select("#today-items li")}
    assert kinds <= {"checkin", "questionnaire"}
    assert "Next massage session: Tuesday 03 March" in page.get_text()


def test_without_a_plan_today_still_offers_the_check_in_and_a_plan(client: TestClient) -> None:
    screen_clear(client)
    page = soup(client.get("/"))
    assert page.select("#today-items li")[0]["data-kind"] == "checkin"
    assert page.find("a", href="/plan/new") is not None


def test_the_check_in_time_is_a_picker_with_quick_choices_in_the_profiles_zone(
    client: TestClient,
) -> None:
    post_form(client, "/checkins", {"pain": "2"})
    page = soup(client.get("/"))
    field = page.find(id="f-at")
    assert field is not None and field["type"] == "datetime-local"
    quick = {b.get_text(): b["data-value"] for b in page.select(".quick-times button")}
    # 09:30 UTC is 10:30 in Berlin, the profile's zone: past the morning hour.
    assert quick == {
        "Now": "",
        "Earlier today, 08:00": "2026-03-02T08:00",
        "Yesterday evening, 20:00": "2026-03-01T20:00",
    }
    saved = post_form(client, "/checkins", {"pain": "5", "at": quick["Yesterday evening, 20:00"]})
    assert saved.status_code == 200
    assert "Sun 1 Mar 2026" in soup(saved).get_text()


def test_a_measurement_with_a_decimal_comma_is_saved_as_that_number(client: TestClient) -> None:
    saved = post_form(client, "/questionnaires/ffd", {"answer_1": "12,5"})
    assert saved.status_code in (200, 303)
    answers = client.get("/api/history", headers=API).json()["responses"][0]["answers"]
    assert answers == [12.5]
    refused = post_form(client, "/questionnaires/ffd", {"answer_1": "1,2,3"})
    assert refused.status_code == 422
    assert soup(refused).find(id="f-answer_1-error") is not None
