"""Helpers for the sign-in tests: the clinic app on a clock the test moves (issue 13, auth)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

import pyotp
import pytest

from backrub.store import Store
from backrub.store.clinic_tables import login_failures
from backrub.web import WebSettings, create_app
from tests.clinic.conftest import PASSWORD, People, browser, form, seed
from tests.web.conftest import NOW


class Clock:
    """The app's clock: pinned at ``NOW`` until the test moves it."""

    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> datetime:
        return self.now

    def forward(self, **delta: float) -> None:
        self.now += timedelta(**delta)


class Town(People):
    clock: Clock


@pytest.fixture(name="town")
def town_fixture(clinic_url: str) -> Iterator[Town]:
    """``people`` on an app whose clock the test moves (``town.clock.forward(minutes=15)``)."""
    clock = Clock()
    app = create_app(WebSettings(db=clinic_url, clinic=True), clock=clock)
    store: Store = app.state.backend.store
    found = seed(store)
    town = Town(app=app, store=store, accounts=found.accounts, clinic_ids=found.clinic_ids)
    town.clock = clock
    yield town
    store.close()


def sign_in(client: Any, email: str, password: str = PASSWORD, **extra: str) -> Any:
    return form(client, "/sign-in", {"email": email, "password": password, **extra})


def signed_in_browser(town: Town, email: str) -> Any:
    client = browser(town)
    answer = sign_in(client, email)
    assert answer.status_code == 303, answer.text
    return client


def shown_secret(page: str) -> str:
    """Return the key the set-up page shows as text (what a person types into the app)."""
    found = re.search(r'<code class="secret">([A-Z2-7]{32})</code>', page)
    assert found, page
    return found.group(1)


def code(secret: str, at: datetime) -> str:
    return pyotp.TOTP(secret).at(at)


def enrol(town: Town, client: Any) -> tuple[str, Any]:
    """Set up sign-in codes through the pages; return the key and the answer."""
    secret = shown_secret(client.get("/account/second-factor").text)
    answer = form(
        client,
        "/account/second-factor",
        {"secret": secret, "code": code(secret, town.clock.now)},
    )
    return secret, answer


def failure_rows(store: Store) -> int:
    with store.reading() as c:
        return len(c.execute(login_failures.select()).all())
