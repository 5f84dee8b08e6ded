"""Fixtures for the clinic server: a fresh PostgreSQL database with two clinics.

``people`` holds, per clinic ("a", "b"), an administrator, two therapists and
three clients (client 1 is therapist 1's, client 2 therapist 2's, client 3
nobody's yet). ``as_(people, "a.client1")`` returns a TestClient signed in as
that person (a session started in the store, as the sign-in page starts one).
"""

from __future__ import annotations

import contextlib
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from backrub.cli import clinic_cmds, main
from backrub.domain.accounts import Account, Role
from backrub.services import clinic_sessions, passwords
from backrub.store import Store, open_store
from backrub.store import accounts as account_rows
from backrub.store.clinic_tables import assignments
from backrub.store.scope import all_clinics
from backrub.web import WebSettings, create_app
from tests.conftest import CliResult, _copy_pg_database, _drop_pg_database, _fresh_pg_database
from tests.web.conftest import BASE, NOW, fixed_clock

with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message=r"Using `httpx` with `starlette.testclient`")
    from fastapi.testclient import TestClient

pytestmark = pytest.mark.postgres

PASSWORD = "correct horse battery staple"
_HASH = passwords.hash_password(PASSWORD)  # once: argon2id takes a moment on purpose


@dataclass
class People:
    """The accounts of the two clinics, by "clinic.role-n" name, and the app they live in."""

    app: Any
    store: Store
    accounts: dict[str, Account] = field(default_factory=dict)
    clinic_ids: dict[str, int] = field(default_factory=dict)

    def __getitem__(self, name: str) -> Account:
        return self.accounts[name]

    @property
    def url(self) -> str:
        """The URL of this test's own database (a copy: not ``clinic_url``'s)."""
        return self.store.engine.url.render_as_string(hide_password=False)


def seed(store: Store) -> People:
    people = People(app=None, store=store)
    for letter in ("a", "b"):
        clinic = account_rows.create_clinic(store, f"Clinic {letter.upper()}", NOW)
        people.clinic_ids[letter] = clinic.id
        plan = [("admin", Role.ADMIN)]
        plan += [(f"therapist{n}", Role.THERAPIST) for n in (1, 2)]
        plan += [(f"client{n}", Role.CLIENT) for n in (1, 2, 3)]
        for name, role in plan:
            people.accounts[f"{letter}.{name}"] = account_rows.add_account(
                store,
                clinic_id=clinic.id,
                role=role,
                email=f"{name}@{letter}.example",
                display_name=f"{name.capitalize()} {letter.upper()}",
                password_hash=_HASH,
                now=NOW,
            )
        with store.writing() as c:
            for n in (1, 2):
                c.execute(
                    assignments.insert().values(
                        clinic_id=clinic.id,
                        therapist_id=people[f"{letter}.therapist{n}"].id,
                        client_id=people[f"{letter}.client{n}"].id,
                        assigned_at=NOW,
                    )
                )
    return people


APP_ROLE = "backrub_app"


def app_database(postgres_url: str) -> str:
    """A fresh database owned by a plain role, and the URL the app connects with as it.

    The server's ``postgres`` user is a superuser and would skip row security
    (docs/clinic/rls.md); the clinic server runs as a role that does not.
    """
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import IntegrityError, ProgrammingError

    url = _fresh_pg_database(postgres_url)
    admin = create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        # Made already by another test (or another worker at the same moment): fine.
        with contextlib.suppress(IntegrityError, ProgrammingError):
            c.execute(text(f"CREATE ROLE {APP_ROLE} LOGIN NOSUPERUSER NOBYPASSRLS"))
        c.execute(text(f'ALTER DATABASE "{make_url(url).database}" OWNER TO {APP_ROLE}'))
    admin.dispose()
    return make_url(url).set(username=APP_ROLE).render_as_string(hide_password=False)


@pytest.fixture
def maintenance() -> Iterator[None]:
    """The test's own seeding and checks see every clinic, as maintenance would.

    Requests are not affected: ``ClinicSessions`` gives each one its own scope
    (the signed-in person's clinic, or none), as on a real server.
    """
    with all_clinics():
        yield


# -- the databases: each test gets its own copy of a database made once per process ---------
#
# Migrating a PostgreSQL database takes about a second and seeding ``people``
# another; copying a database (``CREATE DATABASE … TEMPLATE``) a few hundredths.
# So each process (each xdist worker) migrates one template, and seeds a copy of
# it as a second template, once; every test gets a fresh copy of one of them.


def empty_clinic_database(postgres_url: str) -> str:
    """A new empty database for the clinic server, owned by the app's plain role: where
    the templates start (their copies keep the owner)."""
    return app_database(postgres_url)


@pytest.fixture(scope="session")
def migrated_template(postgres_url: str) -> Iterator[str]:
    """The URL of a database migrated to the newest schema, never used by a test itself."""
    url = empty_clinic_database(postgres_url)
    open_store(url, server_only=True).close()
    yield url
    _drop_pg_database(postgres_url, url)


@dataclass(frozen=True)
class Seeded:
    """A template holding ``seed``'s two clinics, and who is in them (the same in each copy)."""

    url: str
    accounts: dict[str, Account]
    clinic_ids: dict[str, int]


@pytest.fixture(scope="session")
def people_template(postgres_url: str, migrated_template: str) -> Iterator[Seeded]:
    url = _copy_pg_database(postgres_url, migrated_template)
    store = open_store(url, server_only=True)
    try:
        found = seed(store)
    finally:
        store.close()
    yield Seeded(url, found.accounts, found.clinic_ids)
    _drop_pg_database(postgres_url, url)


@pytest.fixture
def clinic_url(postgres_url: str, migrated_template: str) -> str:
    """A fresh database of its own for the test, migrated, with nobody in it yet."""
    return _copy_pg_database(postgres_url, migrated_template)


@pytest.fixture
def people(postgres_url: str, people_template: Seeded) -> Iterator[People]:
    """A fresh database of its own for the test, holding the two clinics of ``seed``."""
    url = _copy_pg_database(postgres_url, people_template.url)
    app = create_app(WebSettings(db=url, clinic=True), clock=fixed_clock)
    store: Store = app.state.backend.store
    found = People(app, store, dict(people_template.accounts), dict(people_template.clinic_ids))
    yield found
    store.close()


def browser(people: People) -> TestClient:
    """A browser with nobody signed in (it has its CSRF cookie)."""
    client = TestClient(people.app, base_url=BASE, follow_redirects=False)
    client.get("/sign-in")
    return client


def as_(people: People, name: str) -> TestClient:
    """A browser signed in as ``name`` ("a.client1", "b.admin" …)."""
    client = browser(people)
    token = clinic_sessions.start(
        people.store, people[name], NOW, address="testclient", complete=True
    )
    client.cookies.set("backrub_session", token)
    return client


def form(client: TestClient, path: str, data: dict[str, Any], **kwargs: Any) -> Any:
    token = client.cookies.get("backrub_csrf")
    assert token
    return client.post(path, data={"csrf_token": token, **data}, **kwargs)


@pytest.fixture
def run(
    home: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> Callable[..., CliResult]:
    """Run ``backrub ARGS`` through its real entry point, here, with no terminal."""
    monkeypatch.setattr(clinic_cmds, "is_interactive", lambda: False)

    def _run(*args: str) -> CliResult:
        capsys.readouterr()
        with pytest.raises(SystemExit) as stopped:
            main(list(args))
        out, err = capsys.readouterr()
        return CliResult(int(stopped.value.code or 0), out, err)

    return _run
