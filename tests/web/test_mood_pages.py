"""Questionnaire pages for low mood: no green box for a result that needs help, the PHQ-9 linked."""

from __future__ import annotations

from backrub.domain.mood import URGENT_HELP
from tests.web.conftest import API, TestClient, post_form, soup


def _answer(client: TestClient, instrument: str, *answers: int) -> object:
    data = {f"answer_{n}": str(a) for n, a in enumerate(answers, start=1)}
    return post_form(client, f"/questionnaires/{instrument}", data)


def test_a_maximal_phq2_shows_urgent_help_not_a_green_box(client: TestClient) -> None:
    response = _answer(client, "phq2", 3, 3)
    assert response.status_code == 200  # type: ignore[attr-defined]
    page = soup(response)
    banner = page.find(class_="urgent-help")
    assert banner is not None and banner.get("role") == "alert"
    words = " ".join(banner.get_text(" ").split())
    # The PHQ-2 asks about low mood and loss of interest, never about self-harm.
    assert "very low mood and loss of interest nearly every day" in words
    assert "talk to your doctor today" in words
    assert "If you have thoughts of harming yourself, please get help now" in words
    assert "emergency number" in words
    assert "better off dead" not in words
    assert banner.find("a", href="/evidence/nhs-lpft-need-help-now") is not None
    assert page.find(class_="saved") is None
    assert page.find("a", href="/questionnaires/phq9") is not None


def test_a_positive_phq2_leads_to_the_phq9_the_app_now_has(client: TestClient) -> None:
    page = soup(_answer(client, "phq2", 2, 1))
    assert page.find(class_="urgent-help") is None and page.find(class_="saved") is None
    link = page.find("a", href="/questionnaires/phq9")
    assert link is not None and "PHQ-9" in link.get_text()
    assert "After a positive screen" in page.get_text(" ")
    form = soup(client.get("/questionnaires/phq9"))
    assert form.find(attrs={"name": "answer_9"}) is not None
    assert "better off dead" in form.get_text(" ")


def test_phq9_item_9_above_0_shows_urgent_help_whatever_the_total(client: TestClient) -> None:
    page = soup(_answer(client, "phq9", 0, 0, 0, 0, 0, 0, 0, 0, 1))
    assert page.find(class_="urgent-help") is not None
    words = " ".join(page.get_text(" ").split())
    # Not "(minimal) (negative screen)" right under the urgent-help box (pain review).
    low = "1 out of 27. Total score low, but your answer to question 9 needs attention now"
    assert low in words
    assert "negative screen" not in words


def test_a_low_gad7_is_saved_in_the_usual_box(client: TestClient) -> None:
    page = soup(_answer(client, "gad7", 1, 0, 0, 0, 0, 0, 0))
    assert page.find(class_="saved") is not None and page.find(class_="urgent-help") is None
    index = soup(client.get("/questionnaires")).get_text(" ")
    assert "Patient Health Questionnaire-9 (PHQ-9)" in index
    assert "Generalized Anxiety Disorder-7 (GAD-7)" in index


def test_a_refused_phq9_with_item_9_above_0_shows_urgent_help_above_the_form(
    client: TestClient,
) -> None:
    data = {"answer_9": "2"}
    response = post_form(client, "/questionnaires/phq9", data)
    assert response.status_code == 422  # type: ignore[attr-defined]
    page = soup(response)
    banner = page.find(class_="urgent-help")
    assert banner is not None and banner.get("role") == "alert"
    assert "Please get help now" in banner.get_text(" ")
    form = page.find("form", action="/questionnaires/phq9")
    assert form is not None and banner.find_next("form") is form
    assert "No answer to this question yet." in page.get_text(" ")


def test_the_api_refusal_of_such_a_phq9_carries_the_urgent_help_words(client: TestClient) -> None:
    body = {"instrument": "phq9", "answers": "-,-,-,-,-,-,-,-,2"}
    response = client.post("/api/responses", json=body, headers=API)
    assert response.status_code == 422
    refused = response.json()
    assert refused["urgent_help"] is True
    assert refused["urgent_message"] == URGENT_HELP
    calm = client.post("/api/responses", json={**body, "answers": "-,-,-,-,-,-,-,-,0"}, headers=API)
    assert calm.status_code == 422 and "urgent_help" not in calm.json()
