"""Correcting mistakes in the browser and through the JSON API."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from backrub.store import Store
from tests.web.conftest import API, TestClient, post_form, screen_clear, soup
from tests.web.test_pages import unlabelled_inputs


def _links(client: TestClient, url: str = "/history?since=2025-01-01") -> list[str]:
    return [a["href"] for a in soup(client.get(url)).select("td.correct a")]  # type: ignore[misc]


def _seed(client: TestClient) -> None:
    screen_clear(client)
    post_form(client, "/checkins", {"pain": "4", "sleep": "6", "at": "2026-03-01T08:30"})
    post_form(client, "/sessions/pro", {"technique": "relaxation", "minutes": "60"})
    post_form(
        client, "/sessions/self", {"tool": "foam_roller", "zones": ["glutes_left"], "seconds": "60"}
    )
    post_form(client, "/questionnaires/peg", {f"answer_{n}": "5" for n in (1, 2, 3)})
    post_form(client, "/body-map", {"region_hip_left": "3"})


def _profile_id(store: Store) -> int:
    [profile] = store.profiles()
    assert profile.id is not None
    return profile.id


def test_a_checkin_saved_with_the_wrong_year_is_found_and_fixed_in_the_browser(
    client: TestClient, web_store: Store
) -> None:
    screen_clear(client)
    post_form(client, "/checkins", {"pain": "4", "sleep": "6", "at": "2025-03-01T08:30"})
    assert _links(client, "/history") == []  # a year back: outside the last 30 days
    edit_link, _ = _links(client)
    page = soup(client.get(edit_link))
    assert "check-in of Sat 1 Mar 2025 08:30 (pain 4)" in page.h1.get_text()  # type: ignore[union-attr]
    assert page.find("input", {"name": "at"})["value"] == "2025-03-01T08:30"  # type: ignore[index]
    assert page.find("input", {"name": "pain", "value": "4"}).has_attr("checked")  # type: ignore[union-attr]
    assert unlabelled_inputs(page) == []

    form = {"pain": "4", "sleep": "6", "at": "2026-03-01T08:30"}
    response = post_form(client, edit_link, form, follow_redirects=False)
    assert response.status_code == 303
    back = soup(client.get(response.headers["location"]))
    assert "Correction saved: check-in of Sun 1 Mar 2026 08:30" in back.get_text()
    [fixed] = web_store.checkins(_profile_id(web_store))
    local = fixed.at.astimezone(ZoneInfo(fixed.tz))
    assert (f"{local:%Y-%m-%dT%H:%M}", fixed.pain, fixed.sleep) == ("2026-03-01T08:30", 4, 6)
    assert len(_links(client, "/history")) == 2  # now in the last 30 days


@pytest.mark.parametrize(
    ("form", "field"),
    [
        ({"pain": "11", "at": "2026-03-01T08:30"}, "pain"),
        ({"pain": "4", "at": "0226-03-01T08:30"}, "at"),
        ({"pain": "4", "at": ""}, "at"),
        ({"pain": "4", "at": "2026-03-01T08:30", "activity_min": "lots"}, "activity_min"),
    ],
)
def test_a_bad_correction_comes_back_next_to_its_field_and_changes_nothing(
    client: TestClient, web_store: Store, form: dict[str, str], field: str
) -> None:
    screen_clear(client)
    post_form(client, "/checkins", {"pain": "4", "at": "2026-03-01T08:30"})
    before = web_store.checkins(_profile_id(web_store))
    edit_link = _links(client)[0]
    response = post_form(client, edit_link, form)
    assert response.status_code == 422
    error = soup(response).find(id=f"f-{field}-error")
    assert error is not None and "Error" in error.get_text()
    assert web_store.checkins(_profile_id(web_store)) == before


def test_a_correction_that_changes_nothing_says_so(client: TestClient) -> None:
    screen_clear(client)
    post_form(client, "/checkins", {"pain": "4", "at": "2026-03-01T08:30"})
    edit_link = _links(client)[0]
    response = post_form(client, edit_link, {"pain": "4", "at": "2026-03-01T08:30"})
    assert response.status_code == 422
    assert "Nothing was changed" in soup(response).get_text()


def test_every_record_on_the_history_page_can_be_edited_and_deleted(
    client: TestClient, web_store: Store
) -> None:
    _seed(client)
    links = _links(client)
    kinds = sorted({link.split("/")[2] for link in links})
    assert kinds == ["checkin", "mark", "pro", "response", "self"]
    for link in links:
        response = client.get(link)
        assert response.status_code == 200, link
        page = soup(response)
        assert unlabelled_inputs(page) == [], link
        assert page.find("input", {"name": "csrf_token"}) is not None
    for link in [link for link in links if link.endswith("/delete")]:
        response = post_form(client, link, {}, follow_redirects=False)
        assert response.status_code == 303, link
    data = web_store.load(web_store.profiles()[0])
    assert (data.checkins, data.pro_sessions, data.self_sessions) == ((), (), ())
    assert (data.responses, data.pain_spots) == ((), ())
    assert _links(client) == []


def test_delete_asks_in_plain_words_and_needs_the_form_token(
    client: TestClient, web_store: Store
) -> None:
    screen_clear(client)
    post_form(client, "/checkins", {"pain": "4", "at": "2026-03-01T08:30"})
    delete_link = _links(client)[1]
    page = soup(client.get(delete_link))
    text = page.get_text(" ", strip=True)
    assert "check-in of Sun 1 Mar 2026 08:30 (pain 4)" in text
    assert "cannot be undone" in text
    assert page.find("form", {"method": "post"}) is not None
    refused = client.post(delete_link, data={}, follow_redirects=False)
    assert refused.status_code == 403
    assert len(web_store.checkins(_profile_id(web_store))) == 1
    assert post_form(client, delete_link, {}, follow_redirects=False).status_code == 303
    assert web_store.checkins(_profile_id(web_store)) == []
    assert client.get(delete_link).status_code == 404


def test_a_self_massage_corrected_over_the_limit_needs_the_override_and_a_reason(
    client: TestClient, web_store: Store
) -> None:
    _seed(client)
    edit_link = next(link for link in _links(client) if "/self/" in link and "edit" in link)
    stored_at = soup(client.get(edit_link)).find("input", {"name": "at"})["value"]  # type: ignore[index]
    form: dict[str, Any] = {
        "tool": "foam_roller",
        "zones": ["glutes_left"],
        "seconds": "900",
        "at": stored_at,
    }
    response = post_form(client, edit_link, form)
    assert response.status_code == 409
    assert "Not saved" in soup(response).get_text()
    [session] = web_store.self_sessions(_profile_id(web_store))
    assert session.total_seconds == 60
    form |= {"override": "yes", "reason": "physio said so"}
    assert post_form(client, edit_link, form, follow_redirects=False).status_code == 303
    [session] = web_store.self_sessions(_profile_id(web_store))
    assert (session.total_seconds, session.override_reason) == (900, "physio said so")


def test_another_profiles_record_is_not_found_on_the_web(
    client: TestClient, web_store: Store
) -> None:
    screen_clear(client)
    post_form(client, "/checkins", {"pain": "4", "at": "2026-03-01T08:30"})
    edit_link, delete_link = _links(client)
    post_form(client, "/profiles", {"name": "ben", "tz": "UTC"})
    post_form(client, "/profiles/use", {"name": "ben"})
    assert client.get(edit_link).status_code == 404
    assert post_form(client, delete_link, {}).status_code == 404
    assert post_form(client, edit_link, {"pain": "1"}).status_code == 404
    for path in ("/history/checkin/abc/edit", "/history/nothing/1/edit"):
        assert client.get(path).status_code == 404
    assert client.patch("/api/checkins/1", json={"pain": 1}, headers=API).status_code == 404
    assert client.delete("/api/checkins/1", headers=API).status_code == 404
    ana = next(p for p in web_store.profiles() if p.name != "ben")
    assert ana.id is not None
    assert [c.pain for c in web_store.checkins(ana.id)] == [4]


def test_the_api_patches_and_deletes_with_the_same_rules(
    client: TestClient, web_store: Store
) -> None:
    made = client.post("/api/checkins", json={"pain": 4, "at": "2025-03-01T08:30"}, headers=API)
    checkin_id = made.json()["id"]
    url = f"/api/checkins/{checkin_id}"
    assert client.patch(url, json={"pain": 11}, headers=API).json()["field"] == "pain"
    assert client.patch(url, json={}, headers=API).status_code == 422
    assert client.patch(url, json={"pain": 4}).status_code == 403  # no client header
    fixed = client.patch(url, json={"at": "2026-03-01T08:30"}, headers=API)
    assert fixed.status_code == 200
    at = datetime.fromisoformat(fixed.json()["at"]).astimezone(ZoneInfo(fixed.json()["tz"]))
    assert f"{at:%Y-%m-%dT%H:%M}" == "2026-03-01T08:30"
    assert client.delete(url, headers=API).json() == {
        "deleted": "checkin",
        "id": checkin_id,
        "marks_deleted": 0,
    }
    assert client.get("/api/checkins").json()["checkins"] == []
    assert client.patch(f"/api/checkins/{10**40}", json={"pain": 1}, headers=API).status_code == 422


def test_the_edit_form_has_the_picker_and_history_comes_back_as_it_was_at_the_row(
    client: TestClient, web_store: Store
) -> None:
    """Review pain11 S4: a typed-ISO "When" box, and History jumped to another view."""
    screen_clear(client)
    post_form(client, "/checkins", {"pain": "4", "at": "2026-02-20T08:30"})
    history = soup(client.get("/history?days=90"))
    [edit_link, _] = [a["href"] for a in history.select("td.correct a")]
    assert str(edit_link).endswith("/edit?days=90")
    page = soup(client.get(str(edit_link)))
    when = page.find("input", {"name": "at"})
    assert when is not None and when["type"] == "datetime-local"
    assert when["value"] == "2026-02-20T08:30"
    quick = page.select("button.quick-time")
    assert quick and quick[0].get_text() == "Now" and quick[0]["data-value"]  # a real time
    assert "T08:30" not in page.get_text()  # no programmer notation in the words
    form = {
        str(i["name"]): str(i["value"])
        for i in page.select("main form input[type=hidden]")
        if i["name"] != "csrf_token"
    }
    assert form == {"days": "90"}
    saved = post_form(
        client,
        str(edit_link).split("?")[0],
        {**form, "pain": "5", "at": "2026-02-21T09:00"},
        follow_redirects=False,
    )
    assert saved.status_code == 303
    where = saved.headers["location"]
    assert where.startswith("/history?days=90&done=saved") and "#r-checkin-" in where
    back = soup(client.get(where.split("#")[0]))
    row = back.find(id=where.split("#")[1])
    assert row is not None and "pain 5/10" in row.get_text()
    assert back.find(id="f-days").find("option", selected=True)["value"] == "90"  # type: ignore[union-attr,index]
