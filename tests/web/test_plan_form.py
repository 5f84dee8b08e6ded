"""The plan form: the chosen days are kept, the self-massage time is asked, and a budget
that fits no protocol is told what would fit."""

from __future__ import annotations

from tests.web.conftest import API, Counter, TestClient, make_plan, screen_clear, soup

TUESDAY = "2026-03-03"  # the day after the web tests' Monday


def test_a_chosen_thursday_is_used_and_the_chosen_self_massage_time_is_shown(
    client: TestClient,
) -> None:
    """Regression (issue 11): Mon+Thu from a Tuesday showed Mondays only."""
    screen_clear(client)
    form = soup(client.get("/plan/new"))
    field = form.find("input", attrs={"name": "self_massage_at"})
    assert field is not None and field["type"] == "time" and field["value"] == "19:00"
    made = make_plan(client, start=TUESDAY, self_massage_at="07:30")
    assert made.status_code == 303
    page = soup(client.get("/plan")).get_text(" ", strip=True)
    assert "Thu 2026-03-05" in page and "Mon 2026-03-09" not in page
    assert "on the days you can go: Mon, Thu" in page
    assert "(Mon) are kept for making up a missed session" in page
    assert "At 07:30 with foam roller" in page
    ics = client.get("/plan.ics?daily=true").text
    assert "T073000" in ics


def test_a_time_that_is_no_time_is_shown_next_to_its_field_with_the_choices_kept(
    client: TestClient, written: Counter
) -> None:
    screen_clear(client)
    before = written()
    response = make_plan(client, self_massage_at="7 in the evening")
    assert response.status_code == 422
    page = soup(response)
    assert "07:30" in page.find(id="f-self_massage_at-error").get_text()  # type: ignore[union-attr]
    assert page.find(id="f-days-thu").has_attr("checked")  # type: ignore[union-attr]
    assert written() == before


def test_a_budget_no_protocol_fits_is_told_what_would_fit(
    client: TestClient, written: Counter
) -> None:
    screen_clear(client)
    before = written()
    response = make_plan(client, price="80", budget_total="100")
    assert response.status_code == 409
    alert = soup(response).find(attrs={"role": "alert"}).get_text(" ", strip=True)  # type: ignore[union-attr]
    assert "1 session of 60 min at 80.00 (about 80.00 in all)" in alert
    assert "2 sessions of 30 min at 40.00 (about 80.00 in all)" in alert
    assert "10 sessions of 30 min: about 40.00 a session, 400.00 in all" in alert
    assert written() == before


def test_no_fit_answers_both_limits_and_offers_nothing_that_does_not_fit(
    client: TestClient, written: Counter
) -> None:
    """Review pain11 S1: 70,50 an hour, at most 30 a session and 150 in all."""
    screen_clear(client)
    before = written()
    response = make_plan(client, price="70,50", budget_per_session="30", budget_total="150")
    assert response.status_code == 409
    box = soup(response).find(attrs={"role": "alert"})
    assert box is not None and box["tabindex"] == "-1"  # focus.js moves focus there
    alert = box.get_text(" ", strip=True)
    assert "150.00 in all pays for 5 sessions of 25 min at 29.38" in alert
    assert "No study tested sessions so short or so few" in alert
    assert "nearest" not in alert
    assert box.find("a", string="Use this instead") is None  # nothing studied fits
    assert written() == before


def test_use_this_instead_fills_the_form_with_the_protocol_that_fits(
    client: TestClient, written: Counter
) -> None:
    screen_clear(client)
    response = make_plan(client, price="80", budget_total="500")
    assert response.status_code == 409
    box = soup(response).find(attrs={"role": "alert"})
    assert box is not None
    link = box.find("a", string="Use this instead")
    assert link is not None
    form = soup(client.get(str(link["href"])))
    chosen = form.find("input", attrs={"name": "protocol", "checked": True})
    assert chosen is not None and chosen["value"] == "hernandez-reif-30-2x-5w"
    assert form.find("input", attrs={"name": "budget_total"})["value"] == "500"  # type: ignore[index]
    assert form.find(id="f-days-thu").has_attr("checked")  # type: ignore[union-attr]
    assert form.find(attrs={"role": "alert"}) is None
    before = written()
    made = make_plan(client, protocol=chosen["value"], price="80", budget_total="500")
    assert made.status_code == 303 and written() != before


def test_a_refused_protocol_is_named_by_its_title_with_sources_as_links_and_the_api_keeps_ids(
    client: TestClient, written: Counter
) -> None:
    """Review S10/S11: no protocol ids in the prose; the cheaper dose comes with its caveats."""
    screen_clear(client)
    before = written()
    response = make_plan(client, price="80", budget_total="500")
    assert response.status_code == 409
    box = soup(response).find(attrs={"role": "alert"})
    assert box is not None
    links = [a["href"] for a in box.find_all("a")]
    assert "/evidence/hernandez-reif-2001" in links and "/evidence/sherman-2014" in links
    for link in box.find_all("a"):
        link.decompose()
    said = box.get_text(" ", strip=True)
    assert "The dose “10 weekly sessions of 50–60 min” does not fit" in said
    assert "the nearest in total massage time is “30 min twice a week for 5 weeks”" in said
    assert "A very small trial (24 people)" in said
    assert "30-min visits were not better than a wait list" in said
    assert "cherkin-10-weekly" not in said and "hernandez-reif-30-2x-5w" not in said
    assert "closest that fits" not in said
    assert written() == before
    # The JSON API says the same in words and keeps the protocols as data.
    body = client.post(
        "/api/plan",
        json={
            "protocol": "cherkin-10-weekly",
            "days": ["mon", "thu"],
            "price": "80",
            "budget_total": "500",
        },
        headers=API,
    )
    assert body.status_code == 409
    data = body.json()
    assert data["error"] == "refused" and data["field"] == "protocol"
    assert data["value"] == "cherkin-10-weekly" and data["allowed"] == "hernandez-reif-30-2x-5w"
    assert "“10 weekly sessions of 50–60 min” does not fit" in data["message"]
    assert written() == before


def test_a_start_near_year_9999_is_refused_next_to_its_field_not_a_500(
    client: TestClient, written: Counter
) -> None:
    """Regression (attack 11, M2): the page and the API answered 500 (date overflow)."""
    screen_clear(client)
    before = written()
    response = make_plan(client, start="9999-12-31")
    assert response.status_code == 422
    error = soup(response).find(id="f-start-error")
    assert error is not None and "use a date up to 2027-03-02" in error.get_text().lower()
    body = {"protocol": "cherkin-10-weekly", "days": ["mon", "thu"], "start": "9999-08-01"}
    api = client.post("/api/plan", json=body, headers=API)
    assert api.status_code == 422 and api.json()["field"] == "start"
    assert written() == before
