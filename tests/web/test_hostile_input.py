"""Hostile input on the web: every form field and API field answers 4xx, never 5xx.

The same corpus as tests/test_hostile_input.py (5,000-digit numbers, 1e999, nan,
a megabyte, bytes that are not UTF-8), sent one field at a time into an otherwise
valid form or JSON body, so each value reaches the parser of its own field.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote_from_bytes

import pytest

from backrub.web import WebSettings
from tests.web.conftest import API, TestClient, make_client, screen_clear, soup, token

HUGE = "9" * 5000
MEGA = "x" * 1_000_000
VALUES = {
    "5000-digits": HUGE,
    "minus-5000-digits": "-" + HUGE,
    "1e999": "1e999",
    "nan": "nan",
    "inf": "inf",
    "1MB": MEGA,
}
TEXT_VALUES = {k: v for k, v in VALUES.items() if k in ("5000-digits", "1MB")}
CODE_VALUES = {k: v for k, v in VALUES.items() if k not in ("nan", "inf")}  # NAN, INF: code-shaped

# route -> (a valid form, fields that take numbers/choices/times, free-text fields)
FORMS: dict[str, tuple[dict[str, str], tuple[str, ...], tuple[str, ...]]] = {
    "/checkins": (
        {"pain": "3"},
        ("pain", "soreness", "sleep", "activity_min", "at"),
        ("medication", "note"),
    ),
    "/sessions/pro": (
        {"technique": "sports", "minutes": "60"},
        ("technique", "minutes", "at", "cost", "currency"),
        ("therapist", "subjective", "objective", "assessment", "plan"),
    ),
    "/sessions/self": (
        {"tool": "foam_roller", "zones": "glutes_left:60"},
        ("tool", "zones", "seconds", "level", "pain_before", "pain_during", "pain_after", "at"),
        ("note",),
    ),
    "/body-map": ({"region_hip_left": "3"}, ("region_hip_left", "at"), ()),
    "/plan": (
        {"protocol": "cherkin-10-weekly", "days": "mon"},
        ("protocol", "days", "start", "price", "budget_per_session", "budget_total", "tools"),
        (),
    ),
    "/profiles": ({"name": "zoe", "tz": "UTC"}, ("tz",), ("name",)),  # "nan" is a fine name
    "/profiles/use": ({"name": "me"}, (), ("name",)),
    "/profiles/rename": ({"name": "me", "new_name": "zoe"}, (), ("new_name",)),
    "/profiles/delete": ({"name": "me", "confirm": "me"}, (), ("confirm",)),
    "/questionnaires/nrs": ({"answer_1": "3"}, ("answer_1", "at"), ()),
    "/questionnaires/psfs": (
        {"answer_1": "3", "answer_2": "4", "answer_3": "5"},
        ("answer_2",),
        ("activity_1",),
    ),
}

FORM_CASES = [
    pytest.param(route, field, value, id=f"{route}-{field}-{name}")
    for route, (_, numbers, texts) in FORMS.items()
    for field, values in [
        *((f, CODE_VALUES if f == "currency" else VALUES) for f in numbers),
        *((f, TEXT_VALUES) for f in texts),
    ]
    for name, value in values.items()
]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, Path]]:
    db = tmp_path_factory.mktemp("hostile") / "b.sqlite3"
    with make_client(WebSettings(db=str(db))) as client:
        client.get("/welcome")
        assert client.post("/api/checkins", json={"pain": 3}, headers=API).status_code == 201
        screen_clear(client)
        yield client, db


def dump(db: Path) -> str:
    with sqlite3.connect(db) as raw:
        text = "\n".join(raw.iterdump())
    raw.close()
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def refused(response: Any) -> None:
    """Assert a 4xx whose error messages quote at most a cut of the value."""
    assert 400 <= response.status_code < 500, (response.status_code, response.text[:300])
    if response.headers["content-type"].startswith("application/json"):
        messages = [str(response.json().get("message", ""))]
    else:
        # The form keeps what was typed (so it can be corrected); the error lines cut it.
        page = soup(response)
        messages = [e.get_text() for e in page.select(".error, .error-box")]
        assert messages, response.text[:300]
    for message in messages:
        assert len(message) < 500, message[:500]


@pytest.mark.parametrize(("route", "field", "value"), FORM_CASES)
def test_a_hostile_value_in_a_form_is_refused_and_nothing_is_saved(
    site: tuple[TestClient, Path], route: str, field: str, value: str
) -> None:
    client, db = site
    before = dump(db)
    valid, _, _ = FORMS[route]
    response = client.post(
        route, data={"csrf_token": token(client), **valid, field: value}, follow_redirects=False
    )
    refused(response)
    assert dump(db) == before


AMOUNTS = ("1,000.50", "1.000,50", "1,2,3", "70,505")


@pytest.mark.parametrize(("route", "field"), [("/plan", "price"), ("/sessions/pro", "cost")])
@pytest.mark.parametrize("value", AMOUNTS)
def test_an_ambiguous_amount_is_refused_next_to_its_field(
    site: tuple[TestClient, Path], route: str, field: str, value: str
) -> None:
    client, db = site
    before = dump(db)
    valid, _, _ = FORMS[route]
    response = client.post(route, data={"csrf_token": token(client), **valid, field: value})
    assert response.status_code == 422
    error = soup(response).find(id=f"f-{field}-error")
    assert error is not None and "70.50 or 70,50" in error.get_text()
    assert dump(db) == before


@pytest.mark.parametrize("route", [r for r in FORMS if r != "/profiles/use"])
@pytest.mark.parametrize("raw", [b"\xff\xfe", b"ok \xed\xa0\x80", b"\xc3"])
def test_bytes_that_are_not_utf8_in_a_form_are_refused(
    site: tuple[TestClient, Path], route: str, raw: bytes
) -> None:
    client, db = site
    before = dump(db)
    valid, numbers, texts = FORMS[route]
    field = (texts or numbers)[0]
    fields = {"csrf_token": token(client), **valid}
    body = "&".join(f"{k}={quote_from_bytes(v.encode())}" for k, v in fields.items() if k != field)
    body += f"&{field}={quote_from_bytes(raw)}"
    response = client.post(
        route,
        content=body.encode("ascii"),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
        follow_redirects=False,
    )
    refused(response)
    assert dump(db) == before


# The JSON API: numbers go in as JSON numbers (raw text, so 5,000 digits stay exact).
API_CASES = [
    ("/api/checkins", '{"pain": %s}'),
    ("/api/checkins", '{"pain": 3, "soreness": %s}'),
    ("/api/checkins", '{"pain": 3, "activity_min": %s}'),
    ("/api/sessions/pro", '{"technique": "sports", "minutes": %s}'),
    ("/api/sessions/self", '{"tool": "foam_roller", "zones": "glutes_left", "seconds": %s}'),
    ("/api/body-map", '{"where": "hip_left:3", "at": %s}'),
]
NUMBERS = {"5000-digits": HUGE, "minus-5000-digits": "-" + HUGE, "1e999": "1e999", "NaN": "NaN"}
STRINGS = {"5000-digit-text": f'"{HUGE}"', "1MB": f'"{MEGA}"', "surrogate": '"\\ud800"'}


@pytest.mark.parametrize(("route", "shape"), API_CASES)
@pytest.mark.parametrize("value", [*NUMBERS.values(), *STRINGS.values()], ids=[*NUMBERS, *STRINGS])
def test_a_hostile_value_in_the_api_is_a_4xx_naming_the_field(
    site: tuple[TestClient, Path], route: str, shape: str, value: str
) -> None:
    client, db = site
    before = dump(db)
    response = client.post(
        route,
        content=(shape % value).encode("utf-8"),
        headers={**API, "Content-Type": "application/json"},
    )
    refused(response)
    body = response.json()
    assert body["error"] in ("invalid_input", "http") and body["message"]
    assert body["value"] is None or len(body["value"]) <= 45
    assert dump(db) == before


@pytest.mark.parametrize(
    ("route", "body"),
    [
        ("/api/checkins", {"pain": 3, "note": MEGA}),
        ("/api/checkins", {"pain": 3, "at": MEGA}),
        ("/api/checkins", {"pain": 3, "where": MEGA}),
        ("/api/sessions/pro", {"technique": MEGA, "minutes": 60}),
        ("/api/profiles", {"name": MEGA}),
        ("/api/profiles", {"name": "zoe", "tz": MEGA}),
        ("/api/profiles/use", {"name": MEGA}),
        ("/api/checkins", {"pain": 3, MEGA: 1}),
    ],
)
def test_a_megabyte_in_an_api_field_is_refused_without_echoing_it(
    site: tuple[TestClient, Path], route: str, body: dict[str, Any]
) -> None:
    client, db = site
    before = dump(db)
    refused(client.post(route, json=body, headers=API))
    assert dump(db) == before


@pytest.mark.parametrize("length", ["²".encode("latin-1"), b"9" * 5000, b"-1", b"1e3"])
def test_a_content_length_that_is_no_number_is_refused_at_the_door(
    site: tuple[TestClient, Path], length: bytes
) -> None:
    client, _ = site
    response = client.post(
        "/api/checkins",
        content=b'{"pain": 3}',
        headers={**API, "Content-Type": "application/json", "Content-Length": length},
    )
    assert response.status_code == 413
