"""The web pages refuse a new trial of 3 pairs of 1-week periods (issue 15 item 8: it
misses the no-effect calibration rule) with a 4xx naming the field, and keep nothing."""

from __future__ import annotations

from fastapi.testclient import TestClient

from backrub.store import Store
from tests.web.conftest import NOW, post_form, screen_clear, soup
from tests.web.test_trial_pages import _diary, _trials


def test_three_pairs_of_one_week_are_refused_and_two_week_periods_are_not(
    client: TestClient, web_store: Store
) -> None:
    screen_clear(client)
    _diary(web_store)
    first = NOW.date().isoformat()
    for path in ("/trial/plan", "/trial/start"):
        refused = post_form(client, path, {"pairs": "3", "period": "7", "first_day": first})
        assert refused.status_code == 422, path
        assert {e["name"] for e in soup(refused).select(".field.has-error input")} == {"pairs"}
        assert "truly made no difference" in refused.text and "Traceback" not in refused.text
    assert _trials(web_store) == 0
    text = client.get("/trial/schedule.txt", params={"pairs": "3", "seed": "5"})
    assert 400 <= text.status_code < 500 and "truly made no difference" in text.text
    planned = post_form(client, "/trial/plan", {"pairs": "3", "period": "14", "first_day": first})
    assert planned.status_code == 200, planned.text
