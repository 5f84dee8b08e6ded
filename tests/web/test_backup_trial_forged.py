"""The backup page refuses a forged trial in words, never a 500 (attack review 7, F1)."""

from __future__ import annotations

from backrub.store import Store
from tests.nof1.test_trial_backup_checks import far_first_day
from tests.web.conftest import TestClient, post_form, soup


def test_the_backup_page_refuses_a_trial_past_year_9999(client: TestClient, store: Store) -> None:
    forged = far_first_day(store).encode()
    profiles = client.get("/api/profiles").json()
    files = {"file": ("b.json", forged, "application/json")}
    response = post_form(client, "/backup/import", {"mode": "new", "name": "copy"}, files=files)
    assert response.status_code == 422
    words = soup(response).get_text(" ", strip=True)
    assert "Use a date from 2026-03-01 to 2026-03-17" in words
    assert "Something went wrong" not in words
    assert client.get("/api/profiles").json() == profiles
