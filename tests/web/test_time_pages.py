"""Time on the web: a zone chosen (and changed) in pages, and times checked as in the CLI."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from backrub.web import WebSettings, create_app
from tests.conftest import ZONE
from tests.web.conftest import (
    API,
    BASE,
    Counter,
    TestClient,
    answers,
    post_form,
    screen_clear,
    soup,
)


def test_the_first_run_offers_a_zone_picker_filled_with_the_suggestion(
    client: TestClient, written: Counter
) -> None:
    page = soup(client.get("/welcome"))
    field = page.find(id="f-tz")
    assert field is not None and field["value"] == ZONE  # type: ignore[index]
    assert page.find("datalist", id="zone-names").find("option", value="Pacific/Kiritimati")  # type: ignore[union-attr]
    refused = post_form(client, "/screening", {**answers(), "tz": "Mars/Olympus"})
    assert refused.status_code == 422
    said = soup(refused)
    assert "Choose a time zone from the list" in said.find(id="f-tz-error").get_text()  # type: ignore[union-attr]
    assert said.find(id="f-tz")["value"] == "Mars/Olympus"  # type: ignore[index]
    assert written() == {"profiles": 0}
    assert (
        post_form(client, "/screening", {**answers(), "tz": "Pacific/Kiritimati"}).status_code
        == 200
    )
    rows = soup(client.get("/profiles")).find("tbody").get_text(" ", strip=True)  # type: ignore[union-attr]
    assert "me" in rows
    assert soup(client.get("/profiles")).find(id="f-tz-1")["value"] == "Pacific/Kiritimati"  # type: ignore[index]


def test_a_profiles_zone_can_be_changed_on_the_profiles_page(
    client: TestClient, written: Counter
) -> None:
    screen_clear(client)
    assert soup(client.get("/profiles")).find(id="f-tz-1")["value"] == ZONE  # type: ignore[index]
    moved = post_form(client, "/profiles/zone", {"name": "me", "tz": "America/Adak"})
    assert moved.status_code == 200  # followed the redirect back to the page
    assert soup(moved).find(id="f-tz-1")["value"] == "America/Adak"  # type: ignore[index]
    before = written()
    refused = post_form(client, "/profiles/zone", {"name": "me", "tz": "Nowhere"})
    assert refused.status_code == 422
    error = soup(refused).find(id="f-tz-1-error")
    assert error is not None and "Choose a time zone from the list" in error.get_text()
    assert soup(refused).find(id="f-tz-1")["value"] == "Nowhere"  # type: ignore[index]
    assert "--" not in error.get_text()  # no command-line flag on a page
    assert written() == before


@pytest.fixture
def late_client(tmp_path: Path) -> Iterator[TestClient]:
    """A client whose clock is after the autumn change of 2026."""
    app = create_app(
        WebSettings(db=str(tmp_path / "b.sqlite3")),
        clock=lambda: datetime(2026, 11, 1, 12, tzinfo=UTC),
    )
    with TestClient(app, base_url=BASE) as test_client:
        test_client.get("/welcome")
        yield test_client


def test_a_form_time_that_happened_twice_is_kept_as_the_first_and_said_so(
    late_client: TestClient,
) -> None:
    screen_clear(late_client)
    response = post_form(late_client, "/checkins", {"pain": "4", "at": "2026-10-25T02:30"})
    assert response.status_code == 200
    text = soup(response).get_text(" ", strip=True)
    assert (
        "Saved: pain 4/10 at 02:30 on Sun 25 Oct 2026. Saved as the first 02:30, in summer time, "
        "before the clocks went back. If you meant the second 02:30, correct it in History."
    ) in text
    link = soup(response).find("a", string="Correct it in History")
    assert link is not None
    edit = soup(late_client.get(str(link["href"])))
    assert edit.find("input", {"name": "at"})["value"] == "2026-10-25T02:30"  # type: ignore[index]
    [checkin] = late_client.get("/api/checkins").json()["checkins"]
    assert datetime.fromisoformat(checkin["at"]) == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("at", "words"),
    [
        ("2026-03-29T02:30", ("01:59", "03:00")),
        ("1899-12-31T08:00", ("1900-01-01",)),
    ],
)
def test_a_form_time_that_cannot_be_is_refused_next_to_its_field(
    late_client: TestClient, at: str, words: tuple[str, ...]
) -> None:
    screen_clear(late_client)
    response = post_form(late_client, "/checkins", {"pain": "4", "at": at})
    assert response.status_code == 422
    error = soup(response).find(id="f-at-error")
    assert error is not None
    assert all(word in error.get_text() for word in words)
    assert late_client.get("/api/checkins").json()["checkins"] == []


def test_an_empty_form_time_means_now(client: TestClient) -> None:
    screen_clear(client)
    assert post_form(client, "/checkins", {"pain": "4", "at": ""}).status_code == 200
    assert len(client.get("/api/checkins").json()["checkins"]) == 1


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/api/checkins", {"pain": 4, "at": ""}),
        ("/api/checkins", {"pain": 4, "at": "  "}),
        ("/api/checkins", {"pain": 4, "at": "1899-12-31T23:59"}),
        ("/api/checkins", {"pain": 4, "at": "0226-11-30T08:00"}),
        ("/api/sessions/pro", {"technique": "relaxation", "minutes": 60, "at": ""}),
    ],
)
def test_the_api_refuses_an_empty_or_pre_1900_time(
    client: TestClient, written: Counter, path: str, body: dict[str, Any]
) -> None:
    before = written()
    response = client.post(path, json=body, headers=API)
    assert response.status_code == 422
    assert response.json()["field"] == "at"
    assert written() == before
