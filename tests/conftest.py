"""Fixtures: a real SQLite file per test, and a real PostgreSQL server when there is one."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest

from backrub.store import Store, open_store
from tests.cli_template import make_template, use_copy
from tests.pgserver import PostgresServer, find_bin_dir

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)  # a Monday
# The zone a new profile gets in tests, whatever the host's zone: not UTC, so a
# mix-up between UTC and local days shows.
ZONE = "Europe/Berlin"


@pytest.fixture(autouse=True)
def pinned_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pin the one clock and the suggested zone for every test and its child processes.

    No test reads the wall clock or the host's zone: a test that needs another
    instant sets BACKRUB_NOW itself (or passes ``now=``).
    """
    monkeypatch.setenv("BACKRUB_NOW", NOW.isoformat())
    monkeypatch.setenv("BACKRUB_TZ", ZONE)


_pg_skip_reason: str | None = None


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """Yield the URL of a PostgreSQL server: BACKRUB_TEST_PG_URL, or one started here."""
    given = os.environ.get("BACKRUB_TEST_PG_URL")
    if given:
        yield given
        return
    bin_dir = find_bin_dir()
    if bin_dir is None:
        if os.environ.get("CI"):
            pytest.fail("CI must run the PostgreSQL tests, but no server binaries were found")
        pytest.skip("PostgreSQL tests skipped: no server binaries under /usr/lib/postgresql/*/bin")
    server = PostgresServer(bin_dir)
    server.start()
    try:
        yield server.url
    finally:
        server.stop()


def _fresh_pg_database(base_url: str) -> str:
    """Create an empty database on the server and return its URL."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = "t_" + uuid.uuid4().hex[:12]
    admin = create_engine(base_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_url(base_url).set(database=name).render_as_string(hide_password=False)


def _copy_pg_database(base_url: str, template_url: str) -> str:
    """Copy the database at ``template_url`` into a new one and return the copy's URL.

    ``CREATE DATABASE … TEMPLATE`` copies the files: a few hundredths of a second
    where migrating (and seeding) takes a second. The copy has the template's owner
    and is reached as the template's user (a plain role, when the template has one);
    ``base_url`` (a superuser's) makes it. Nothing may be connected to the template.
    """
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    source = make_url(template_url)
    name = "t_" + uuid.uuid4().hex[:12]
    admin = create_engine(base_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        owner = c.execute(
            text("SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = :name"),
            {"name": source.database},
        ).scalar_one()
        c.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{source.database}" OWNER "{owner}"'))
    admin.dispose()
    return source.set(database=name).render_as_string(hide_password=False)


def _drop_pg_database(base_url: str, url: str) -> None:
    """Drop the database at ``url`` (a template at the end of the session)."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    admin = create_engine(base_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty database of each kind: the same test runs on both backends."""
    if request.param == "sqlite":
        return str(tmp_path / "backrub.sqlite3")
    base: str = request.getfixturevalue("postgres_url")
    return _fresh_pg_database(base)


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    opened = open_store(db_url)
    yield opened
    opened.close()


@dataclass
class CliResult:
    code: int
    out: str
    err: str


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point BACKRUB_HOME at an empty directory; the CLI's database lives there."""
    path = tmp_path / "home"
    monkeypatch.setenv("BACKRUB_HOME", str(path))
    monkeypatch.delenv("BACKRUB_DB", raising=False)
    return path


@pytest.fixture
def run(home: Path):  # type: ignore[no-untyped-def]
    """Run the real ``backrub`` entry point in a child process."""

    def _run(*args: str, stdin: str = "", env: dict[str, str] | None = None) -> CliResult:
        proc = subprocess.run(
            [sys.executable, "-m", "backrub", *args],
            input=stdin,
            capture_output=True,
            text=True,
            env={**os.environ, "BACKRUB_HOME": str(home), **(env or {})},
            timeout=120,
        )
        return CliResult(proc.returncode, proc.stdout, proc.stderr)

    return _run


@pytest.fixture(scope="session")
def cli_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database made by the real command, with one record of each kind an edit can name.

    A profile, a screening, a plan, a check-in, a professional session (with a cost), a
    self-massage session and a questionnaire: each id 1.
    """
    return make_template(
        tmp_path_factory.mktemp("cli-template"),
        (
            ("checkin", "--pain", "4", "--where", "hip_left:3"),
            ("screen", "--no-to-all"),
            ("plan", "new", "--protocol", "cherkin-10-weekly", "--days", "mon"),
            ("session", "log", "pro", "--technique", "sports", "--minutes", "60", "--cost", "70"),
            ("session", "log", "self", "foam_roller", "--zones", "glutes_left:60"),
            ("survey", "nrs", "--answers", "4"),
        ),
    )


@pytest.fixture
def cli_copy(
    cli_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[Path, Path]:
    """A copy of the CLI template as this test's database, and an empty working folder."""
    return use_copy(cli_template, tmp_path, monkeypatch)
