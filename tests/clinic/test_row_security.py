"""PostgreSQL itself keeps each clinic's client records to that clinic (docs/clinic/rls.md).

The app's code scopes every query by clinic and client already; these tests go
round it, with raw SQL as the app's own database role, to show the database
refuses too: another clinic's rows are not seen, not written, not changed; a
transaction with no scope sees no client record at all; only "all" sees every
clinic. Also: every table with a profile_id has the policy, the local app on
PostgreSQL is unchanged, and the clinic server will not run as a role that
skips row security.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Connection, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ProgrammingError

import backrub.store.clinic_tables  # noqa: F401  (its tables join the metadata)
from backrub.domain.records import CheckIn, Profile
from backrub.store import open_store, tables
from backrub.store.scope import all_clinics, clinic_scope
from tests.clinic import test_clinic_cli as cli_tests
from tests.clinic.conftest import app_database
from tests.clinic.world import World, build_world
from tests.web.conftest import NOW

pytestmark = pytest.mark.postgres

# The CLI tests' fixtures and checks: the real entry point, here, with no terminal.
password_file = cli_tests.password_file
init, one_line = cli_tests.init, cli_tests.one_line

RECORDS = ("checkins", "responses", "screenings", "pro_sessions", "self_sessions", "pain_spots")


@pytest.fixture
def world(postgres_url: str) -> Iterator[World]:
    built = build_world(app_database(postgres_url))
    yield built
    built.store.close()


@pytest.fixture
def raw(world: World) -> Iterator[Connection]:
    """A plain connection as the app's role, without the app's engine events."""
    engine = create_engine(world.store.engine.url)
    with engine.connect() as c:
        yield c
    engine.dispose()


def scoped(c: Connection, value: str | None) -> None:
    c.rollback()
    if value is not None:
        c.execute(text("SELECT set_config('backrub.scope', :v, true)"), {"v": value})


def profile_of(world: World, name: str) -> int:
    found = world.people[name].profile_id
    assert found is not None
    return found


def count(c: Connection, table: str, profile_id: int | None = None) -> int:
    where = "" if profile_id is None else f" WHERE profile_id = {int(profile_id)}"
    return int(c.execute(text(f"SELECT count(*) FROM {table}{where}")).scalar_one())


def test_clinic_b_sees_none_of_clinic_a(world: World, raw: Connection) -> None:
    a_holder, b_holder = profile_of(world, "a.client2"), profile_of(world, "b.client1")
    scoped(raw, str(world.people.clinic_ids["b"]))
    for table in RECORDS:
        assert count(raw, table, a_holder) == 0, table
        assert count(raw, table, b_holder) >= 1, table
    seen = raw.execute(text("SELECT id, clinic_id FROM profiles")).all()
    assert {row.clinic_id for row in seen} == {world.people.clinic_ids["b"]}
    assert a_holder not in {row.id for row in seen}
    # The notes are not reachable through a join either.
    notes = raw.execute(text("SELECT note FROM checkins JOIN profiles p ON p.id = profile_id"))
    assert not any("a-client2" in (row.note or "") for row in notes)


def test_clinic_b_cannot_write_or_change_clinic_a(world: World, raw: Connection) -> None:
    a_holder = profile_of(world, "a.client2")
    scoped(raw, str(world.people.clinic_ids["b"]))
    with pytest.raises(ProgrammingError, match="row-level security"):
        raw.execute(
            text("INSERT INTO checkins (profile_id, at, tz, pain) VALUES (:p, now(), 'UTC', 9)"),
            {"p": a_holder},
        )
    scoped(raw, str(world.people.clinic_ids["b"]))
    changed = raw.execute(
        text("UPDATE checkins SET pain = 0 WHERE profile_id = :p"), {"p": a_holder}
    )
    assert changed.rowcount == 0
    gone = raw.execute(text("DELETE FROM responses WHERE profile_id = :p"), {"p": a_holder})
    assert gone.rowcount == 0
    moved = raw.execute(
        text("UPDATE profiles SET clinic_id = :b WHERE id = :p"),
        {"b": world.people.clinic_ids["b"], "p": a_holder},
    )
    assert moved.rowcount == 0
    # Nor can clinic b move one of its own clients into clinic a.
    with pytest.raises(ProgrammingError, match="row-level security"):
        raw.execute(
            text("UPDATE profiles SET clinic_id = :a WHERE id = :p"),
            {"a": world.people.clinic_ids["a"], "p": profile_of(world, "b.client1")},
        )
    raw.rollback()
    scoped(raw, "all")
    assert count(raw, "checkins", a_holder) == 1 and count(raw, "responses", a_holder) == 1


def test_a_clients_scope_is_their_own_record_only(world: World, raw: Connection) -> None:
    """Below the clinic, the client: a client's requests see no other client's records."""
    a = world.people.clinic_ids["a"]
    own, mate = profile_of(world, "a.client1"), profile_of(world, "a.client2")
    scoped(raw, f"{a}:{mate}")
    assert count(raw, "checkins", mate) == 1 and count(raw, "profiles") == 1
    scoped(raw, f"{a}:{own}")
    assert raw.execute(text("SELECT id FROM profiles")).scalars().all() == [own]
    for table in RECORDS:
        assert count(raw, table) == 0, table  # client 1 has no records yet; client 2's are hidden
    with pytest.raises(ProgrammingError, match="row-level security"):
        raw.execute(
            text("INSERT INTO checkins (profile_id, at, tz, pain) VALUES (:p, now(), 'UTC', 9)"),
            {"p": mate},
        )
    # A profile id of another clinic under this clinic's id shows nothing of it either.
    scoped(raw, f"{a}:{profile_of(world, 'b.client1')}")
    assert count(raw, "profiles") == 0


def test_each_request_runs_in_its_persons_scope(world: World) -> None:
    """What ClinicSessions sets: a client's clinic and profile, staff's clinic, else nothing."""
    seen: list[str] = []

    def keep(_c: Any, _cur: Any, statement: str, params: Any, _ctx: Any, _many: bool) -> None:
        if "set_config('backrub.scope'" in statement:
            seen.append(params["value"])

    event.listen(world.store.engine, "before_cursor_execute", keep)
    try:
        for name, path in (
            ("a.client2", "/history"),
            ("b.therapist1", "/clinic/clients"),
            (None, "/"),
        ):
            seen.clear()
            world.client(name).get(path)
            account = world.people[name] if name else None
            if account is None:
                expected = set()  # nobody signed in: the page asks the database nothing
            elif account.profile_id is not None:
                expected = {"", f"{account.clinic_id}:{account.profile_id}"}
            else:
                expected = {"", str(account.clinic_id)}
            # "" is the session lookup before the person is known (no client record).
            assert set(seen) == expected, (name, seen)
    finally:
        event.remove(world.store.engine, "before_cursor_execute", keep)


@pytest.mark.parametrize(
    "value", [None, "", "none", "1 OR true", "-1", "all ", "ALL", "1:", ":1", "1:2:3"]
)
def test_no_scope_or_a_strange_one_sees_no_client_record(
    world: World, raw: Connection, value: str | None
) -> None:
    scoped(raw, value)
    for table in ("profiles", *RECORDS):
        assert count(raw, table) == 0, table
    # What is not a client record stays open: sign-in must find the account first.
    assert count(raw, "accounts") == 12


def test_all_sees_every_clinic(world: World, raw: Connection) -> None:
    scoped(raw, "all")
    clinics = raw.execute(text("SELECT DISTINCT clinic_id FROM profiles")).scalars().all()
    assert set(clinics) == set(world.people.clinic_ids.values())
    assert count(raw, "checkins") == 2 and count(raw, "profiles") == 6


def test_the_scope_lasts_one_transaction_only(world: World) -> None:
    """A pooled connection goes back without its scope: the next user sees nothing."""
    engine = world.store.engine
    a_holder = profile_of(world, "a.client2")
    with clinic_scope(world.people.clinic_ids["a"]), engine.connect() as c:
        assert count(c, "checkins", a_holder) == 1
        c.commit()
        assert count(c, "checkins", a_holder) == 1  # a new transaction, same scope
    with engine.connect() as c:
        assert count(c, "checkins") == 0
        value = c.execute(text("SELECT current_setting('backrub.scope', true)")).scalar()
        assert value == ""
    with clinic_scope(world.people.clinic_ids["b"]), engine.connect() as c:
        assert count(c, "checkins", a_holder) == 0
    with all_clinics(), engine.connect() as c:
        assert count(c, "checkins") == 2


def test_every_table_with_a_profile_id_has_the_policy(world: World, raw: Connection) -> None:
    policies = {
        row.tablename: row
        for row in raw.execute(
            text(
                "SELECT tablename, cmd, qual, with_check FROM pg_policies "
                "WHERE schemaname = current_schema()"
            )
        )
    }
    forced = {
        row.relname: (row.relrowsecurity, row.relforcerowsecurity)
        for row in raw.execute(
            text(
                "SELECT relname, relrowsecurity, relforcerowsecurity FROM pg_class "
                "WHERE relnamespace = current_schema()::regnamespace AND relkind = 'r'"
            )
        )
    }
    holding = [
        t.name
        for t in tables.metadata.sorted_tables
        # Sign-in reads accounts first; a follow-up link is looked up by its token first.
        if "profile_id" in t.c and t.name not in ("accounts", "follow_up_links")
    ]
    assert len(holding) >= 10
    for name in ["profiles", *holding]:
        assert name in policies, f"{name} has no row-security policy (see migration 0010)"
        assert policies[name].cmd == "ALL" and policies[name].with_check, name
        assert forced[name] == (True, True), f"{name}: row security is not enabled and forced"
        rule = "clinic_id" if name == "profiles" else "profile_id"
        assert rule in policies[name].qual, name
    uncovered = {
        *("accounts", "web_sessions", "login_failures", "invitations", "audit_log"),
        "follow_up_links",
    }
    assert not uncovered & set(policies)


def test_the_local_app_on_postgresql_is_unchanged(postgres_url: str) -> None:
    """The local app (no clinics, profiles of no clinic) runs as "all", whoever connects."""
    url = app_database(postgres_url)
    store = open_store(url)
    try:
        profile = store.add_profile(Profile(name="Mai", tz="UTC", created_at=NOW))
        assert profile.id is not None
        store.add_checkin(profile.id, CheckIn(at=NOW + timedelta(hours=1), tz="UTC", pain=3))
        assert [p.name for p in store.profiles()] == ["Mai"]
        assert [c.pain for c in store.checkins(profile.id)] == [3]
    finally:
        store.close()


def superuser_database(postgres_url: str) -> str:
    """A database the app's role owns, reached as the server's superuser."""
    app_url = app_database(postgres_url)
    return (
        make_url(app_url)
        .set(username=make_url(postgres_url).username)
        .render_as_string(hide_password=False)
    )


def test_the_clinic_server_refuses_a_superuser(
    run: Any,
    postgres_url: str,
    password_file: Path,
) -> None:
    url = superuser_database(postgres_url)
    one_line(init(run, url, password_file), "--db", "superuser", "NOSUPERUSER NOBYPASSRLS")
    one_line(run("serve", "--clinic", "--db", url), "--db", "superuser")
    one_line(run("serve", "--clinic", "--db", url, "--workers", "2"), "--db", "superuser")
    engine = create_engine(url)
    with engine.connect() as c:  # refused before anything was written
        tables_made = c.execute(
            text("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
        ).scalar()
    engine.dispose()
    assert tables_made == 0


def test_the_clinic_server_refuses_a_role_that_bypasses_row_security(
    run: Any,
    postgres_url: str,
    password_file: Path,
) -> None:
    url = app_database(postgres_url)
    admin = create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    name = make_url(url).database
    with admin.connect() as c:
        c.execute(text(f'CREATE ROLE "{name}_bypass" LOGIN BYPASSRLS'))
    admin.dispose()
    bypassing = make_url(url).set(username=f"{name}_bypass").render_as_string(hide_password=False)
    one_line(init(run, bypassing, password_file), "--db", "BYPASSRLS")
