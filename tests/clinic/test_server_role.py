"""Two database roles (review item 16): the owner migrates and purges; the server runs as
a role that may read and write the records but only read and append to the audit log.

The clinic fixtures' databases are owned by ``backrub_app``; here a second role,
``backrub_web``, is given the server's rights by ``backrub clinic grant-server-role``
and the clinic server runs its journeys as it. Then, as that role, raw SQL tries
to remove audit entries every way there is, and fails.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, IntegrityError, ProgrammingError

from backrub.services import audit
from backrub.web import WebSettings, create_app
from tests.clinic.client_records import make_records
from tests.clinic.conftest import PASSWORD, People, as_, browser, form
from tests.conftest import NOW, CliResult
from tests.web.conftest import fixed_clock

pytestmark = pytest.mark.postgres

WEB_ROLE = "backrub_web"


def _make_role(postgres_url: str, name: str, rights: str = "NOSUPERUSER NOBYPASSRLS") -> None:
    admin = create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    # Made already by another test (or another worker at the same moment): fine.
    with admin.connect() as c, contextlib.suppress(IntegrityError, ProgrammingError):
        login = "" if "NOLOGIN" in rights else "LOGIN"
        c.execute(text(f"CREATE ROLE {name} {login} {rights}"))
    admin.dispose()


def _as_role(url: str, role: str) -> str:
    return make_url(url).set(username=role).render_as_string(hide_password=False)


@pytest.fixture
def web(people: People, postgres_url: str, run: Callable[..., CliResult]) -> Iterator[People]:
    """The clinic server of ``people``'s database, running as the DML-only role."""
    _make_role(postgres_url, WEB_ROLE)
    granted = run("clinic", "grant-server-role", "--db", people.url, "--role", WEB_ROLE)
    assert granted.code == 0, granted.err
    assert "backrub_web may now use" in granted.out
    app = create_app(WebSettings(db=_as_role(people.url, WEB_ROLE), clinic=True), clock=fixed_clock)
    store = app.state.backend.store
    yield People(app, store, dict(people.accounts), dict(people.clinic_ids))
    store.close()


def test_the_server_runs_its_journeys_as_the_dml_only_role(web: People) -> None:
    with web.store.reading() as c:
        assert c.execute(text("SELECT current_user")).scalar_one() == WEB_ROLE
    client = browser(web)
    assert (
        form(client, "/sign-in", {"email": "client1@a.example", "password": "no"}).status_code
        == 401
    )
    signed = form(client, "/sign-in", {"email": "client1@a.example", "password": PASSWORD})
    assert signed.status_code == 303
    make_records(client, "ASWEB")
    assert "ASWEB" in client.get("/history").text
    backup = client.get("/backup/export.json").text
    files = {"file": ("me.json", backup.encode(), "application/json")}
    token = client.cookies.get("backrub_csrf")
    added = client.post("/backup/import", data={"csrf_token": token, "mode": "add"}, files=files)
    assert added.status_code == 303  # a restore locks the tables and moves their sequences
    assert len(client.get("/api/checkins").json()["checkins"]) == 2
    therapist = as_(web, "a.therapist1")
    assert "Client1 A" in therapist.get("/clinic/clients").text
    admin = as_(web, "a.admin")
    assert admin.get("/clinic/audit").status_code == 200
    assert "ASWEB" not in admin.get("/clinic/audit.csv").text
    target = web["a.client1"].public_id
    gone = form(admin, f"/clinic/people/{target}/delete", {"confirm": "Client1 A"})
    assert gone.status_code == 303
    assert client.get("/history").status_code == 303  # signed out: the account is gone


@pytest.mark.parametrize(
    "statement",
    [
        "DELETE FROM audit_log",
        "SELECT set_config('backrub.purge', '{clinic} 2100-01-01T00:00:00+00:00', true); "
        "DELETE FROM audit_log",
        "UPDATE audit_log SET what = 'nothing happened'",
        "TRUNCATE audit_log",
        "ALTER TABLE audit_log DISABLE TRIGGER audit_log_purge_only",
        "ALTER TABLE audit_log DISABLE TRIGGER ALL",
        "DROP TRIGGER audit_log_purge_only ON audit_log",
        "DROP TABLE audit_log",
        "SELECT setval(pg_get_serial_sequence('audit_log', 'id'), 1)",
    ],
)
def test_the_server_role_cannot_remove_audit_entries(web: People, statement: str) -> None:
    audit.record(
        web.store,
        who=web["a.therapist1"],
        client_ref=web["a.client1"].public_id,
        action="read",
        what="GET /clinic/clients/{public_id}",
        address="192.0.2.7",
        now=NOW - timedelta(days=4000),
    )
    before = _count(web)
    sql = statement.format(clinic=web.clinic_ids["a"])
    denied = r"permission denied|must be owner"
    with pytest.raises(DBAPIError, match=denied), web.store.writing() as c:
        for part in sql.split("; "):
            c.execute(text(part))
    assert _count(web) == before


def test_the_server_role_cannot_purge(web: People, run: Callable[..., CliResult]) -> None:
    before = _count(web)
    refused = run("clinic", "purge-audit", "--db", web.url, "--keep-days", "30")
    assert refused.code != 0
    assert "permission denied" in refused.err
    assert "Traceback" not in refused.err
    assert _count(web) == before


@pytest.mark.parametrize(
    ("role", "words"),
    [
        ("backrub_app", "owns the tables"),
        ("nobody_here", "no database user of this name"),
        ("Robert'); DROP", "small letters, digits and _"),
        ("backrub_bypass", "BYPASSRLS"),
        # Attack review 7, F3: each member of these would get the server's rights.
        ("pg_read_all_data", "PostgreSQL's own roles"),
        ("pg_monitor", "PostgreSQL's own roles"),
        ("pg_signal_backend", "PostgreSQL's own roles"),
        ("backrub_group", "cannot log in"),
        ("backrub_parent", "members"),
    ],
)
def test_grant_server_role_refuses_what_would_not_be_safe(
    people: People, postgres_url: str, run: Callable[..., CliResult], role: str, words: str
) -> None:
    _make_role(postgres_url, "backrub_bypass", "NOSUPERUSER BYPASSRLS")
    _make_role(postgres_url, "backrub_group", "NOLOGIN")
    _make_role(postgres_url, "backrub_parent")
    _make_role(postgres_url, "backrub_child", "IN ROLE backrub_parent")
    refused = run("clinic", "grant-server-role", "--db", people.url, "--role", role)
    assert refused.code == 2
    assert "--role" in refused.err and words in refused.err
    assert len(refused.err.strip().splitlines()) == 1
    with people.store.reading() as c:
        granted = c.execute(
            text(
                "SELECT count(*) FROM information_schema.role_table_grants "
                "WHERE grantee = :r AND grantor <> grantee"
            ),
            {"r": role},
        ).scalar_one()
    assert granted == 0


def _count(people: People) -> int:
    with people.store.reading() as c:
        found: Any = c.execute(text("SELECT count(*) FROM audit_log")).scalar_one()
    return int(found)
