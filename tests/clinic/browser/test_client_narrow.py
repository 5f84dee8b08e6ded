"""A client's pages on a 360 px phone: no sideways scrolling, the header and menu usable.

A live clinic server (uvicorn, PostgreSQL) in a thread; the client's session is
started in the store and handed to Chromium as its cookie, as signing in would.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser

from backrub import clock
from backrub.services import clinic_sessions
from backrub.store import Store
from backrub.web import WebSettings
from tests.clinic.client_records import make_records
from tests.clinic.conftest import People, seed
from tests.web.browser.kit import Live, fits, open_page, serving, shot
from tests.web.conftest import TestClient

pytestmark = pytest.mark.postgres

WIDTH = 360
PAGES = (
    "/",
    "/welcome",
    "/sessions/pro",
    "/sessions/self",
    "/guided",
    "/plan/new",
    "/questionnaires",
    "/questionnaires/peg",
    "/progress",
    "/body-map",
    "/report",
    "/history",
    "/backup",
    "/profiles/zone",
)


@pytest.fixture
def clinic(clinic_url: str) -> Iterator[tuple[Live, People]]:
    with serving(WebSettings(db=clinic_url, clinic=True)) as live:
        app = live.server.config.app
        store: Store = app.state.backend.store
        people = seed(store)
        people.app = app
        yield live, people


def test_a_clients_pages_fit_a_phone(browser: Browser, clinic: tuple[Live, People]) -> None:
    live, people = clinic
    token = clinic_sessions.start(
        people.store, people["a.client1"], clock.now(), address="127.0.0.1", complete=True
    )
    api = TestClient(people.app, base_url=live.url)  # no lifespan: the live server owns it
    api.cookies.set("backrub_session", token)
    make_records(api, "phone")
    page, watch, context = open_page(browser, width=WIDTH)
    context.add_cookies([{"name": "backrub_session", "value": token, "url": live.url}])
    try:
        for path in PAGES:
            answer = page.goto(live.url + path)
            assert answer is not None and answer.status == 200, path
            assert fits(page, WIDTH), f"{path} scrolls sideways at {WIDTH} px"
            assert page.get_by_text("Signed in as").is_visible(), path
        shot(page, "clinic-client-360")
        page.goto(live.url + "/progress")
        page.get_by_role("button", name="Sign out").click()
        page.wait_for_url("**/sign-in**")
        assert fits(page, WIDTH)
        assert not watch.problems, watch.problems
    finally:
        context.close()
