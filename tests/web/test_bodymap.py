"""The body map: a picture to click and a real form behind it; several marks a day."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from backrub.domain.records import BodyRegion
from backrub.web import WebSettings
from tests.web.conftest import API, NOW, TestClient, make_client, post_form, soup


@pytest.fixture
def lite(tmp_path: Path) -> Iterator[TestClient]:
    with make_client(WebSettings(db=str(tmp_path / "b.sqlite3"))) as client:
        client.get("/welcome")
        yield client


def marks(client: TestClient) -> list[tuple[str, int]]:
    spots = client.get("/api/body-map").json()["pain_spots"]
    return sorted((s["region"], s["intensity"]) for s in spots)


def test_every_region_is_in_the_picture_and_has_a_labelled_select(lite: TestClient) -> None:
    page = soup(lite.get("/body-map"))
    figure = page.find("svg", id="bodymap-figure")
    assert figure is not None and figure.get("aria-label")
    shown = {g["data-field"] for g in figure.find_all("g", class_="region")}
    assert shown == {f"f-region_{r.value}" for r in BodyRegion}
    for region in BodyRegion:
        select = page.find("select", id=f"f-region_{region.value}")
        assert select is not None
        assert [o["value"] for o in select.find_all("option")] == ["", *map(str, range(11))]
        assert page.find("label", attrs={"for": f"f-region_{region.value}"}) is not None
    assert page.find("script", src="/static/bodymap.js") is not None


def test_marks_are_saved_and_listed_several_times_a_day(client: TestClient) -> None:
    first = post_form(
        client,
        "/body-map",
        {"region_lower_back_left": "6", "region_buttock_left": "3"},
        follow_redirects=False,
    )
    assert first.status_code == 303
    later = NOW.replace(hour=15).strftime("%Y-%m-%dT%H:%M")
    post_form(client, "/body-map", {"region_lower_back_left": "4", "at": later})
    assert marks(client) == [("buttock_left", 3), ("lower_back_left", 4), ("lower_back_left", 6)]
    page = soup(client.get("/body-map?saved=1"))
    assert page.find(attrs={"role": "status"}) is not None
    rows = page.select("table.marks tbody tr")
    assert len(rows) == 2
    assert "left lower back 4/10" in rows[0].get_text()  # newest first


def test_a_zero_is_a_mark_and_an_unmarked_region_is_not(lite: TestClient) -> None:
    post_form(lite, "/body-map", {"region_spine_low": "0", "region_hip_right": ""})
    assert marks(lite) == [("spine_low", 0)]


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({}, "form"),
        ({"region_hip_left": "11"}, "region_hip_left"),
        ({"region_hip_left": "two"}, "region_hip_left"),
        ({"region_hip_left": "2,spine_low:9"}, "region_hip_left"),
        ({"region_hip_left": "2", "at": "soon"}, "at"),
    ],
)
def test_bad_marks_come_back_next_to_their_region_and_nothing_is_saved(
    lite: TestClient, data: dict[str, str], field: str
) -> None:
    response = post_form(lite, "/body-map", data)
    assert response.status_code == 422
    page = soup(response)
    if field == "form":
        assert page.find(class_="error-box") is not None
    else:
        assert page.find(id=f"f-{field}-error") is not None
    lite.post("/api/checkins", json={"pain": 1}, headers=API)  # so the profile exists
    assert marks(lite) == []


def test_the_api_marks_and_lists_spots(lite: TestClient) -> None:
    made = lite.post("/api/body-map", json={"where": "thigh_back_right:5"}, headers=API)
    assert made.status_code == 201
    assert marks(lite) == [("thigh_back_right", 5)]
    bad = lite.post("/api/body-map", json={"where": "elbow:5"}, headers=API)
    assert bad.status_code == 422 and bad.json()["field"] == "where"


def test_a_region_given_twice_is_refused_on_the_page_and_in_the_api(lite: TestClient) -> None:
    field = "region_lower_back_left"
    page = post_form(lite, "/body-map", {field: ["5", "3"]})
    assert page.status_code == 422
    assert soup(page).find(id=f"f-{field}-error") is not None
    bad = lite.post(
        "/api/body-map", json={"where": "lower_back_left:5,lower_back_left:3"}, headers=API
    )
    assert bad.status_code == 422 and bad.json()["field"] == "where lower_back_left"
    both = lite.post(
        "/api/checkins", json={"pain": 4, "where": "buttock_left:5,buttock_left:3"}, headers=API
    )
    assert both.status_code == 422
    assert lite.get("/api/checkins").json()["checkins"] == []
    assert marks(lite) == []
    made = lite.post("/api/checkins", json={"pain": 4, "where": "buttock_left:5"}, headers=API)
    assert made.status_code == 201
    assert marks(lite) == [("buttock_left", 5)]
