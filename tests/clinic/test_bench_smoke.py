"""bench/clinic_seed.py in its small size, so the clinic benchmark cannot rot unnoticed.

Seeds 2 clinics, 20 therapists, 200 clients and 30 days with COPY into a fresh
database, checks the counts, then opens the app on it as one of the seeded
clients (the rows must be ones the app reads and adds to).
"""

from __future__ import annotations

import importlib.util
import sys
import warnings
from pathlib import Path
from types import ModuleType

import pytest
from sqlalchemy import func, select

from backrub.domain.accounts import Role
from backrub.services import clinic_sessions
from backrub.store import Store
from backrub.store import accounts as account_rows
from backrub.store.tables import checkins
from backrub.web import WebSettings, create_app
from tests.clinic.conftest import form
from tests.conftest import _fresh_pg_database
from tests.web.conftest import BASE, NOW, fixed_clock

with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message=r"Using `httpx` with `starlette.testclient`")
    from fastapi.testclient import TestClient

pytestmark = pytest.mark.postgres

BENCH = Path(__file__).resolve().parents[2] / "bench"


def _bench_module(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, BENCH / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def _checkins_of(store: Store, profile_id: int | None) -> int:
    with store.reading() as c:
        query = select(func.count()).where(checkins.c.profile_id == profile_id)
        return int(c.execute(query).scalar_one())


def test_the_small_seeding_writes_what_it_says_and_the_app_uses_it(postgres_url: str) -> None:
    _bench_module("clinic_rows")  # clinic_seed imports it by name, as bench/ scripts do
    seeding = _bench_module("clinic_seed")
    url = _fresh_pg_database(postgres_url)
    seeded = seeding.seed(url, seeding.SMALL, NOW, report=lambda _line: None)
    found = seeding.counts(url)

    assert found["clinics"] == 2
    assert found["accounts:admin"] == 2
    assert found["accounts:therapist"] == 20
    assert found["accounts:client"] == found["profiles"] == found["screenings"] == 200
    assert found["assignments"] == 196  # one client in 50 waits for a therapist
    # Most clients check in on most of the 30 days; nobody twice a day.
    assert 200 * 30 * 0.4 < found["checkins"] < 200 * 30 * 0.9
    assert found["responses"] % 3 == 0 and found["responses"] >= 200 * 3
    assert found["pro_sessions"] > 0
    assert found["web_sessions"] == 20 + 200 // 5  # every therapist, one client in five
    assert {t: seeded.rows[t] for t in seeding.BULK} == {t: found[t] for t in seeding.BULK}

    app = create_app(WebSettings(db=url, clinic=True), clock=fixed_clock)
    store: Store = app.state.backend.store
    try:
        client = account_rows.account_by_email(store, "client1@c1.example")
        assert client is not None and client[0].role is Role.CLIENT
        browser = TestClient(app, base_url=BASE, follow_redirects=False)
        browser.get("/sign-in")
        token = clinic_sessions.start(store, client[0], NOW, address="test", complete=True)
        browser.cookies.set("backrub_session", token)
        assert browser.get("/").status_code == 200  # screened at the start: no welcome page
        before = _checkins_of(store, client[0].profile_id)
        saved = form(browser, "/checkins", {"pain": "3"})
        assert saved.status_code == 303
        assert _checkins_of(store, client[0].profile_id) == before + 1
    finally:
        store.close()
