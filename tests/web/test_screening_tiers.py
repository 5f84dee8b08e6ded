"""The screening page: tiers, one emergency answer is enough, under 18, old screenings."""

from __future__ import annotations

from datetime import date

from backrub.domain.records import ScreeningRecord
from backrub.domain.screening import QUESTIONS, SAME_DAY_MESSAGE
from backrub.domain.verdicts import EMERGENCY_ACTION, OTHER_EMERGENCY_WHY
from backrub.store import Store
from tests.web.conftest import (
    Counter,
    TestClient,
    answers,
    as_shown,
    make_plan,
    post_form,
    screen_clear,
    soup,
)


def test_one_emergency_answer_on_an_empty_form_shows_and_saves_the_stop_at_once(
    client: TestClient, written: Counter
) -> None:
    # The reproduction: "yes" to bladder or bowel change, every other question blank.
    response = post_form(client, "/screening", {"bladder_bowel_change": "yes"})
    assert response.status_code == 200
    page = soup(response)
    text = page.get_text(" ")
    assert "still need" not in text  # not "22 questions still need an answer"
    alert = page.find(attrs={"role": "alert"})
    assert alert is not None
    assert alert.find("h1").get_text(strip=True) == "STOP: this may be an emergency"  # type: ignore[union-attr]
    shown = " ".join(alert.get_text().split())  # what to do, then why
    assert shown.index(as_shown(EMERGENCY_ACTION)) < shown.index(as_shown(OTHER_EMERGENCY_WHY))
    main = page.find("main")
    assert main is not None and main.find(True) is alert  # first thing on the page
    assert written()["screenings"] == 1
    # Saved: the dashboard and the plan page both stop.
    assert "STOP: this may be an emergency" in soup(client.get("/")).get_text(" ")
    assert make_plan(client).status_code == 409


def test_a_same_day_answer_on_a_partial_form_is_shown_first_but_every_answer_is_still_asked(
    client: TestClient, written: Counter
) -> None:
    before = written()
    response = post_form(client, "/screening", {"fever_or_chills": "yes"})
    assert response.status_code == 422
    page = soup(response)
    alerts = page.find_all(attrs={"role": "alert"})
    assert "STOP: get medical help today" in alerts[0].get_text(" ")
    assert as_shown(SAME_DAY_MESSAGE) in " ".join(alerts[0].get_text().split())
    assert "still need an answer" in alerts[1].get_text(" ")
    assert written() == before


def test_a_stop_on_a_partial_form_says_what_was_answered_before_what_to_do(
    client: TestClient,
) -> None:
    # Review S9: the same order as the screening result, and a combination named once.
    yes = {"fever_or_chills": "yes", "injects_drugs": "yes", "night_pain_unrelieved": "yes"}
    alert = soup(post_form(client, "/screening", yes)).find(attrs={"role": "alert"})
    assert alert is not None
    shown = " ".join(alert.get_text().split())
    listed = [" ".join(li.get_text().split()) for li in alert.select("ul.findings li")]
    assert listed[0] == (
        "A high temperature or chills, with injected drugs or a weakened immune system"
    )
    assert not any(item.startswith("A high temperature, chills") for item in listed)
    assert shown.index("You answered yes to:") < shown.index(listed[-1])
    assert shown.index(listed[-1]) < shown.index(as_shown(SAME_DAY_MESSAGE))


def test_a_partial_form_without_a_stop_answer_is_not_a_pass(
    client: TestClient, written: Counter
) -> None:
    before = written()
    partial = {q.id: "no" for q in QUESTIONS[:5]}
    response = post_form(client, "/screening", partial)
    assert response.status_code == 422
    text = soup(response).get_text(" ")
    assert "No warning signs" not in text
    assert f"{len(QUESTIONS) - 5} questions still need an answer" in text
    assert written() == before


def test_the_age_band_is_one_question_with_four_choices_and_every_question_has_one_place(
    client: TestClient,
) -> None:
    page = soup(client.get("/welcome"))
    radios = page.find_all("input", attrs={"name": "age_band"})
    assert [r["value"] for r in radios] == ["under_18", "18_19", "20_50", "over_50"]
    legends = [legend.get_text(" ", strip=True) for legend in page.find_all("legend")]
    assert sorted(legends) == sorted(q.text for q in QUESTIONS)
    headings = [h.get_text(strip=True) for h in page.find_all("h3")]
    # On a first run the time zone comes first; the questions start with the most urgent.
    assert next(h for h in headings if h != "Your time zone") == "Signs that need help now"


def test_someone_under_18_is_told_the_app_is_not_for_them_and_gets_no_plan(
    client: TestClient,
) -> None:
    response = post_form(client, "/screening", answers(age_band="under_18"))
    assert response.status_code == 200
    page = soup(response)
    assert page.find("h1").get_text(strip=True) == "backrub is not for people under 18"  # type: ignore[union-attr]
    assert "product default" in page.get_text(" ")
    post_form(client, "/screening/clearance", {"cleared_by": "Dr Who", "cleared_on": "2026-03-02"})
    assert make_plan(client).status_code == 409


def test_a_screening_stored_with_the_old_questions_still_shows_and_is_asked_again(
    client: TestClient, web_store: Store
) -> None:
    screen_clear(client)
    profile = web_store.profiles()[0]
    assert profile.id is not None
    old_answers = (
        ("bladder_bowel_change", False),
        ("progressive_weakness", False),
        ("age_under_20_or_over_50_new_pain", False),
        ("iv_drug_use_or_immunosuppressed", False),
        ("anticoagulants_or_bleeding_disorder", True),
        ("dvt_or_clot_history", False),
        ("leg_pain_below_knee", False),
    )
    web_store.add_screening(
        profile.id, ScreeningRecord(date(2026, 3, 2), old_answers, "restricted", ())
    )
    shown = soup(client.get("/screening")).get_text(" ")
    assert "Blood thinners or a bleeding disorder" in shown
    dashboard = soup(client.get("/")).get_text(" ")
    assert "Please answer the safety questions again" in dashboard
    assert make_plan(client).status_code == 409
