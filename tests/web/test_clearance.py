"""The clearance form: tick what the clinician cleared, name them, date it."""

from __future__ import annotations

from tests.web.conftest import Counter, TestClient, answers, make_plan, post_form, soup


def test_the_form_offers_each_answer_in_words_and_records_exactly_the_ticked_one(
    client: TestClient, written: Counter
) -> None:
    post_form(client, "/screening", answers(past_blood_clot=True, night_pain_unrelieved=True))
    page = soup(client.get("/screening"))
    labels = [label.get_text() for label in page.select("fieldset label")]
    assert any("blood clot" in text.lower() for text in labels)
    assert any("night pain" in text.lower() for text in labels)
    assert "past_blood_clot" not in page.get_text()  # ids stay in the form values
    saved = post_form(
        client,
        "/screening/clearance",
        {"lifts": ["past_blood_clot"], "cleared_by": "Dr Lee", "cleared_on": "2026-03-02"},
        follow_redirects=False,
    )
    assert saved.status_code == 303
    after = soup(client.get("/screening"))
    lifted = after.find(id="lifted")
    assert lifted is not None
    assert "cleared by Dr Lee on 2026-03-02" in lifted.get_text()
    assert "night" not in lifted.get_text().lower()  # not ticked, not lifted
    # The night pain still stops everything: the form is still offered for it.
    assert after.find("input", {"name": "lifts", "value": "night_pain_unrelieved"}) is not None
    assert written()["clearances"] == 1


def test_nothing_ticked_is_refused_next_to_the_field_and_nothing_is_saved(
    client: TestClient, written: Counter
) -> None:
    post_form(client, "/screening", answers(night_pain_unrelieved=True))
    before = written()
    response = post_form(
        client, "/screening/clearance", {"cleared_by": "Dr Lee", "cleared_on": "2026-03-02"}
    )
    assert response.status_code == 422
    error = soup(response).find(id="f-lifts-error")
    assert error is not None and "Tick what the clinician cleared" in error.get_text()
    assert "night_pain_unrelieved" not in error.get_text()
    assert written() == before


def test_an_emergency_answer_offers_no_clearance_but_a_new_screening(
    client: TestClient, written: Counter
) -> None:
    post_form(client, "/screening", answers(saddle_numbness=True))
    page = soup(client.get("/screening"))
    assert page.find("input", {"name": "lifts", "value": "saddle_numbness"}) is None
    assert "cannot be cleared here" in page.get_text()
    before = written()
    forced = post_form(
        client,
        "/screening/clearance",
        {"lifts": ["saddle_numbness"], "cleared_by": "Dr Lee", "cleared_on": "2026-03-02"},
    )
    assert forced.status_code == 422
    assert written() == before


def test_history_shows_what_was_cleared_and_by_whom(client: TestClient) -> None:
    post_form(client, "/screening", answers(past_blood_clot=True))
    post_form(
        client,
        "/screening/clearance",
        {"lifts": ["past_blood_clot"], "cleared_by": "Dr Lee", "cleared_on": "2026-03-02"},
    )
    listed = soup(client.get("/history")).find(id="clearances")
    assert listed is not None
    text = " ".join(listed.get_text().split())
    assert "Dr Lee cleared A blood clot" in text
    assert make_plan(client).status_code == 303
    plan = soup(client.get("/plan"))
    lifted = plan.find(id="lifted")
    assert lifted is not None and "Cleared by Dr Lee on 2026-03-02" in lifted.get_text()
    # The clot no longer takes self-massage away: the daily slot offers the roller.
    assert "No self-massage for now" not in plan.get_text()
    assert "foam roller" in plan.get_text().lower()


def test_a_same_day_answer_offers_no_clearance_but_a_new_screening(
    client: TestClient, written: Counter
) -> None:
    post_form(client, "/screening", answers(leg_clot_signs=True))
    page = soup(client.get("/screening"))
    assert page.find("input", {"name": "lifts", "value": "leg_clot_signs"}) is None
    assert "cannot be cleared here" in page.get_text()
    before = written()
    forced = post_form(
        client,
        "/screening/clearance",
        {"lifts": ["leg_clot_signs"], "cleared_by": "Dr Lee", "cleared_on": "2026-03-02"},
    )
    assert forced.status_code == 422
    error = soup(forced).find(id="f-lifts-error")
    assert error is not None and "needs a clinician today" in error.get_text()
    assert "leg_clot_signs" not in forced.text
    assert written() == before
