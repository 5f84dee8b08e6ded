"""The trial pages: plan with the power check, start, Today's arm, CSV, stop after confirming."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient

from backrub import services
from backrub.store import Store
from tests.web.conftest import NOW, post_form, screen_clear, soup


def _diary(store: Store, days: int = 20) -> None:
    profile = store.profiles()[0]
    for n in range(days, 0, -1):
        at = NOW - timedelta(days=n)
        services.record_checkin(store, profile, now=NOW, pain=3 + n % 4, at=at.isoformat())


def _trials(store: Store) -> int:
    from backrub.services.trials import trials_of

    return len(trials_of(store, store.profiles()[0]))


def test_without_a_baseline_diary_the_plan_says_why(client: TestClient, web_store: Store) -> None:
    screen_clear(client)
    refused = post_form(client, "/trial/plan", {})
    assert refused.status_code == 422
    assert "14 days" in refused.text and "Traceback" not in refused.text


def test_a_trial_is_planned_started_shown_on_today_and_stopped(
    client: TestClient, web_store: Store
) -> None:
    screen_clear(client)
    _diary(web_store)
    page = client.get("/trial")
    assert page.status_code == 200 and 'action="/trial/plan"' in page.text
    bad = post_form(client, "/trial/plan", {"pairs": "2", "period": "10"})
    assert bad.status_code == 422
    errors = soup(bad).select(".field.has-error input")
    assert {e["name"] for e in errors} == {"pairs"}  # the first bad field, named
    planned = post_form(client, "/trial/plan", {"first_day": NOW.date().isoformat()})
    assert planned.status_code == 200, planned.text
    assert "points" in planned.text and _trials(web_store) == 0  # planning keeps nothing
    digest = soup(planned).select_one("#trial-hash").text
    hidden = {i["name"]: i["value"] for i in soup(planned).select("form input[type=hidden]")}
    started = post_form(
        client, "/trial/start", {**hidden, "before_you_start": "yes"}, follow_redirects=False
    )
    assert started.status_code == 303 and _trials(web_store) == 1
    shown = client.get("/trial")
    assert digest in shown.text and "Stop the trial" in shown.text
    today = soup(client.get("/"))
    assert "Your trial:" in today.select_one("#trial-today").text
    pdf = client.get("/trial/report.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert digest in client.get("/trial/report.html").text
    csv = client.get("/trial/days.csv")
    assert csv.status_code == 200 and csv.text.startswith("date,pair,period,arm,washout")
    confirm = client.get("/trial/stop")
    assert confirm.status_code == 200 and "Keep it running" in confirm.text
    stopped = post_form(client, "/trial/stop", {}, follow_redirects=False)
    assert stopped.status_code == 303
    after = client.get("/trial?stopped=1")
    assert "Ended early on" in after.text and "you stopped it" in after.text
    assert client.get("/trial/stop").status_code == 404
