"""Bad input on every form: the error next to its field, what was typed kept, nothing written."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backrub.web import WebSettings
from tests.web.conftest import (
    Counter,
    TestClient,
    answers,
    make_client,
    make_plan,
    post_form,
    screen_clear,
    soup,
)

GOOD_PRO = {"technique": "relaxation", "minutes": "60"}
GOOD_SELF = {"tool": "foam_roller", "zones": ["glutes_left"], "seconds": "60"}
GOOD_PLAN = {"protocol": "cherkin-10-weekly", "days": ["mon"], "currency": "EUR"}

# path, what was typed, the field whose error must show, the value it must name
BAD_INPUT: list[tuple[str, dict[str, Any], str]] = [
    ("/checkins", {"pain": "11"}, "pain"),
    ("/checkins", {"pain": ""}, "pain"),
    ("/checkins", {"pain": "3.5"}, "pain"),
    ("/checkins", {"pain": "4", "soreness": "eleven"}, "soreness"),
    ("/checkins", {"pain": "4", "sleep": "-1"}, "sleep"),
    ("/checkins", {"pain": "4", "activity_min": "9999"}, "activity_min"),
    ("/checkins", {"pain": "4", "at": "yesterday"}, "at"),
    ("/checkins", {"pain": "4", "at": "2027-01-01T08:00"}, "at"),
    ("/checkins", {"pain": "4", "note": "x" * 2001}, "note"),
    ("/sessions/pro", {**GOOD_PRO, "technique": "shiatsu"}, "technique"),
    ("/sessions/pro", {**GOOD_PRO, "minutes": "0"}, "minutes"),
    ("/sessions/pro", {**GOOD_PRO, "cost": "-3"}, "cost"),
    ("/sessions/pro", {**GOOD_PRO, "cost": "70", "currency": "EURO"}, "currency"),
    ("/sessions/self", {**GOOD_SELF, "tool": "rolling_pin"}, "tool"),
    ("/sessions/self", {**GOOD_SELF, "zones": []}, "zones"),
    ("/sessions/self", {**GOOD_SELF, "seconds": "0"}, "seconds"),
    ("/sessions/self", {**GOOD_SELF, "level": "3"}, "level"),
    ("/sessions/self", {**GOOD_SELF, "tool": "massage_gun"}, "level"),
    ("/sessions/self", {**GOOD_SELF, "pain_after": "12"}, "pain_after"),
    ("/plan", {**GOOD_PLAN, "protocol": "made-up"}, "protocol"),
    ("/plan", {**GOOD_PLAN, "days": []}, "days"),
    ("/plan", {**GOOD_PLAN, "price": "-70"}, "price"),
    ("/plan", {**GOOD_PLAN, "start": "2026-02-30"}, "start"),
    ("/plan", {**GOOD_PLAN, "currency": "EU"}, "currency"),
    ("/plan", {**GOOD_PLAN, "tools": ["stick"]}, "tools"),
    ("/profiles", {"name": "has/slash"}, "name"),
    ("/profiles", {"name": "ok", "tz": "Mars/Olympus"}, "tz"),
]


@pytest.mark.parametrize(("path", "data", "field"), BAD_INPUT)
def test_bad_input_comes_back_next_to_its_field_and_writes_nothing(
    client: TestClient, written: Counter, path: str, data: dict[str, Any], field: str
) -> None:
    screen_clear(client)
    before = written()
    response = post_form(client, path, data)
    assert response.status_code == 422
    page = soup(response)
    error = page.find(id=f"f-{field}-error")
    assert error is not None, f"no error next to {field}"
    said = error.get_text()
    # Words for people: what to do, without the internal field name, the quoted value or a flag.
    assert f"{data.get(field)!r} is not allowed" not in said
    assert "missing;" not in said and "--" not in said
    assert f"{field}:" not in said and len(said) > len("Error: ") + 5
    described = page.find(attrs={"aria-describedby": lambda v: bool(v) and f"f-{field}-error" in v})
    assert described is not None and described.get("aria-invalid") == "true"
    assert page.find(attrs={"role": "alert"}) is not None
    assert written() == before


def test_a_refused_form_keeps_what_was_typed(client: TestClient) -> None:
    response = post_form(
        client, "/sessions/pro", {**GOOD_PRO, "minutes": "600", "therapist": "Ana", "cost": "70"}
    )
    page = soup(response)
    assert page.find(id="f-therapist")["value"] == "Ana"  # type: ignore[index]
    assert page.find(id="f-minutes")["value"] == "600"  # type: ignore[index]
    assert page.find(id="f-technique-relaxation").has_attr("checked")  # type: ignore[union-attr]


def test_a_refused_htmx_check_in_swaps_in_the_form_with_its_error(client: TestClient) -> None:
    response = post_form(client, "/checkins", {"pain": "11"}, headers={"HX-Request": "true"})
    assert response.status_code == 422
    page = soup(response)
    assert page.find("html") is None  # a fragment, not a whole page
    assert page.find(id="f-pain-error") is not None


def test_an_unanswered_screening_question_is_marked_and_nothing_is_saved(
    client: TestClient, written: Counter
) -> None:
    before = written()
    given = answers()
    del given["saddle_numbness"]
    del given["pregnancy"]
    response = post_form(client, "/screening", given)
    assert response.status_code == 422
    page = soup(response)
    assert page.find(id="f-saddle_numbness-error") is not None
    assert page.find(id="f-pregnancy-error") is not None
    assert "not a no" in page.find(id="f-pregnancy-error").get_text()  # type: ignore[union-attr]
    assert page.find(id="f-history_of_cancer-no").has_attr("checked")  # type: ignore[union-attr]
    assert written() == before


def test_a_clearance_without_the_clinicians_name_is_refused(
    client: TestClient, written: Counter
) -> None:
    post_form(client, "/screening", answers(night_pain_unrelieved=True))
    before = written()
    response = post_form(client, "/screening/clearance", {"cleared_on": "2026-03-02"})
    assert response.status_code == 422
    assert soup(response).find(id="f-cleared_by-error") is not None
    assert written() == before


def test_a_plan_that_does_not_fit_the_budget_is_refused_with_the_reason(
    client: TestClient, written: Counter
) -> None:
    screen_clear(client)
    before = written()
    response = make_plan(client, price="100", budget_total="50")
    assert response.status_code == 409
    assert "does not fit" in soup(response).find(attrs={"role": "alert"}).get_text()  # type: ignore[union-attr]
    assert written() == before


@pytest.mark.parametrize(
    ("content", "why"),
    [
        (b"{not json", "This is not a backrub backup, or it was cut short."),
        (b'{"format": "something-else"}', "This is not a backrub backup, or it was cut short."),
        (b"\xff\xfe\x00", "This is not a backrub backup, or it was cut short."),
        (b"", "Choose a backup file"),
    ],
)
def test_a_malformed_backup_is_refused_whole(
    client: TestClient, written: Counter, content: bytes, why: str
) -> None:
    before = written()
    files = {"file": ("backup.json" if content else "", content, "application/json")}
    response = post_form(client, "/backup/import", {}, files=files)
    assert response.status_code == 422
    assert why in soup(response).find(id="f-file-error").get_text()  # type: ignore[union-attr]
    assert written() == before


def test_an_edited_backup_is_refused_whole(
    client: TestClient, written: Counter, tmp_path: Any
) -> None:
    post_form(client, "/checkins", {"pain": "4"})
    text = client.get("/backup/export.json").text.replace('"pain": 4', '"pain": 9')
    with make_client(WebSettings(db=str(tmp_path / "other.sqlite3"))) as other:
        other.get("/welcome")
        response = post_form(
            other,
            "/backup/import",
            {},
            files={"file": ("b.json", text.encode(), "application/json")},
        )
        assert response.status_code == 422
        said = soup(response).find(id="f-file-error").get_text()  # type: ignore[union-attr]
        assert "This file can't be restored. Nothing was changed." in said
        assert "This is not a backrub backup, or it was cut short." in said
        assert "Choose the file again" in said
        assert other.get("/api/profiles").json() == []


def test_an_oversized_upload_is_refused_before_it_is_read(tmp_path: Any) -> None:
    settings = WebSettings(db=str(tmp_path / "small.sqlite3"), max_upload_bytes=4096)
    with make_client(settings) as small:
        small.get("/welcome")
        big = b"{" + b" " * 10_000 + b"}"
        response = post_form(
            small, "/backup/import", {}, files={"file": ("b.json", big, "application/json")}
        )
        assert response.status_code == 413
        assert small.get("/api/profiles").json() == []


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    pain=st.one_of(st.integers(-3, 14).map(str), st.text(max_size=6)),
    soreness=st.one_of(st.just(""), st.integers(-3, 14).map(str), st.text(max_size=4)),
    activity=st.one_of(st.just(""), st.integers(-10, 2000).map(str)),
)
def test_a_check_in_is_either_saved_once_or_refused_with_nothing_written(
    client: TestClient, written: Counter, pain: str, soreness: str, activity: str
) -> None:
    before = written().get("checkins", 0)
    response = post_form(
        client,
        "/checkins",
        {"pain": pain, "soreness": soreness, "activity_min": activity},
        follow_redirects=False,
    )
    after = written().get("checkins", 0)
    assert response.status_code in (303, 422)
    assert after == before + (1 if response.status_code == 303 else 0)
    if response.status_code == 422:
        assert soup(response).find(class_="error") is not None
