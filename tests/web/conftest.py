"""Fixtures for the web app: the app built in one line on a real database, and a client."""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from bs4 import BeautifulSoup

from backrub.domain.screening import QUESTIONS
from backrub.store import Store
from backrub.web import WebSettings, create_app

with warnings.catch_warnings():
    # Starlette asks for "httpx2" in its test client; the venv has httpx. Not our warning.
    warnings.filterwarnings("ignore", message=r"Using `httpx` with `starlette.testclient`")
    from fastapi.testclient import TestClient

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)  # a Monday
API = {"X-Backrub-Client": "tests"}
BASE = "http://localhost"


def fixed_clock() -> datetime:
    return NOW


def make_client(settings: WebSettings, **kwargs: Any) -> TestClient:
    app = create_app(settings, clock=fixed_clock)
    return TestClient(app, base_url=BASE, **kwargs)


@pytest.fixture
def client(db_url: str) -> Iterator[TestClient]:
    """A browser-like client on a fresh database (SQLite, and PostgreSQL when there is one)."""
    with make_client(WebSettings(db=db_url)) as test_client:
        test_client.get("/welcome")  # the first visit sets the CSRF cookie
        yield test_client


@pytest.fixture
def web_store(client: TestClient) -> Store:
    """The store the app writes to, for checking what was (not) saved."""
    store: Store = client.app.state.backend.store  # type: ignore[attr-defined]
    return store


def token(client: TestClient) -> str:
    value = client.cookies.get("backrub_csrf")
    assert value, "the app sets its CSRF cookie on the first visit"
    return value


def post_form(client: TestClient, path: str, data: dict[str, Any], **kwargs: Any) -> Any:
    return client.post(path, data={"csrf_token": token(client), **data}, **kwargs)


def answers(age_band: str = "20_50", **yes: bool) -> dict[str, str]:
    """Return a full screening: "no" to everything except the ids given as True."""
    return {
        q.id: age_band if q.is_choice else ("yes" if yes.get(q.id) else "no") for q in QUESTIONS
    }


def screen_clear(client: TestClient) -> None:
    response = post_form(client, "/screening", answers())
    assert response.status_code == 200


def make_plan(client: TestClient, **extra: Any) -> Any:
    data = {
        "protocol": "cherkin-10-weekly",
        "days": ["mon", "thu"],
        "tools": ["foam_roller"],
        "currency": "EUR",
        "start": NOW.date().isoformat(),
        **extra,
    }
    return post_form(client, "/plan", data, follow_redirects=False)


def soup(response: Any) -> BeautifulSoup:
    return BeautifulSoup(response.text, "html.parser")


def counts(store: Store) -> dict[str, int]:
    """Return how many records of each kind the whole database holds."""
    totals: dict[str, int] = {"profiles": 0}
    for profile in store.profiles():
        totals["profiles"] += 1
        data = store.load(profile)
        for name in (
            "episodes",
            "checkins",
            "pro_sessions",
            "self_sessions",
            "screenings",
            "clearances",
            "plans",
            "responses",
        ):
            totals[name] = totals.get(name, 0) + len(getattr(data, name))
    return totals


Counter = Callable[[], dict[str, int]]


@pytest.fixture
def written(web_store: Store) -> Counter:
    return lambda: counts(web_store)


def as_shown(message: str) -> str:
    """Return a domain sentence as a page shows it: each evidence id is its short citation."""
    from backrub.web.citations import linked

    return " ".join(BeautifulSoup(str(linked(message)), "html.parser").get_text().split())
