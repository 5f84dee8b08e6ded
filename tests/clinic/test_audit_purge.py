"""``backrub clinic purge-audit``: the clinic's retention period, applied by the database owner.

The audit log refuses every DELETE (append-only triggers) but the purge's: the
trigger lets through only rows of the clinic, and older than the cutoff, that the
transaction names in its local ``backrub.purge`` setting (migration 0015). Each
batch leaves a line in its clinic's log, in the same transaction as its DELETE.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from backrub.services import audit, audit_retention
from backrub.store import audit_rows
from tests.clinic.conftest import People, as_
from tests.conftest import NOW, CliResult

pytestmark = pytest.mark.postgres


def _log(people: People, days_ago: int, clinic: str = "a") -> None:
    audit.record(
        people.store,
        who=people[f"{clinic}.therapist1"],
        client_ref=people[f"{clinic}.client1"].public_id,
        action="read",
        what="GET /clinic/clients/{public_id}",
        address="192.0.2.7",
        now=NOW - timedelta(days=days_ago),
    )


def _count(people: People) -> int:
    with people.store.reading() as c:
        return int(c.execute(text("SELECT count(*) FROM audit_log")).scalar_one())


def test_older_entries_go_newer_stay_and_the_purge_is_recorded(
    people: People, run: Callable[..., CliResult]
) -> None:
    for days in (400, 380, 20):
        _log(people, days)
    _log(people, 500, clinic="b")
    before = _count(people)
    looked = run("clinic", "purge-audit", "--db", people.url, "--keep-days", "365", "--dry-run")
    assert looked.code == 0, looked.err
    assert "3 entries" in looked.out and "would be removed" in looked.out
    assert _count(people) == before  # a dry run removes nothing and records nothing
    done = run("clinic", "purge-audit", "--db", people.url, "--keep-days", "365")
    assert done.code == 0, done.err
    assert "Removed 3 entries" in done.out
    with people.store.reading() as c:
        rows = c.execute(text("SELECT clinic_id, action, what, at FROM audit_log")).all()
    assert all(r.at >= NOW - timedelta(days=365) for r in rows)
    purges = {r.clinic_id: r.what for r in rows if r.action == "purge"}
    assert set(purges) == {people.clinic_ids["a"], people.clinic_ids["b"]}
    assert "2 entries before" in purges[people.clinic_ids["a"]]
    # The log is append-only again at once: the app cannot delete.
    with pytest.raises(Exception, match=r"append-only|audit"), people.store.writing() as c:
        c.execute(text("DELETE FROM audit_log"))


def test_the_administrator_sees_the_purge_in_words(
    people: People, run: Callable[..., CliResult]
) -> None:
    _log(people, 400)
    assert run("clinic", "purge-audit", "--db", people.url, "--keep-days", "30").code == 0
    page = as_(people, "a.admin").get("/clinic/audit")
    assert page.status_code == 200
    assert "Removed after the retention period" in page.text


@pytest.mark.parametrize(
    "typed",
    [
        *("0", "29", "-5", "1e3", "365.5", "36501", "", "a year", "+30"),
        # Digits a person sees as 30 but are not ASCII, and more digits than any number.
        *("\u0663\u0660", "\uff13\uff10", "\u00b3\u2070", "9" * 5000),
    ],
)
def test_a_period_out_of_range_is_refused_and_nothing_goes(
    people: People, run: Callable[..., CliResult], typed: str
) -> None:
    _log(people, 4000)
    before = _count(people)
    refused = run("clinic", "purge-audit", "--db", people.url, "--keep-days", typed)
    assert refused.code == 2
    assert "--keep-days" in refused.err and "30 to 36500" in refused.err
    assert len(refused.err.strip().splitlines()) == 1
    assert _count(people) == before


def _ages(people: People, clinic: str) -> list[int]:
    with people.store.reading() as c:
        rows = c.execute(
            text("SELECT at FROM audit_log WHERE clinic_id = :c AND action <> 'purge'"),
            {"c": people.clinic_ids[clinic]},
        ).scalars()
        return sorted((NOW - at).days for at in rows)


def test_each_clinic_keeps_its_log_for_its_own_period(
    people: People, run: Callable[..., CliResult]
) -> None:
    for days in (800, 400, 20):
        _log(people, days, clinic="a")
        _log(people, days, clinic="b")
    done = run(
        "clinic", "purge-audit", "--db", people.url, "--keep-days", "365", "--clinic", "clinic a"
    )
    assert done.code == 0, done.err
    assert "Removed 2 entries" in done.out
    assert _ages(people, "a") == [20]
    assert _ages(people, "b") == [20, 400, 800]  # clinic B decides for itself
    assert (
        run(
            "clinic",
            "purge-audit",
            "--db",
            people.url,
            "--keep-days",
            "730",
            "--clinic",
            "Clinic B",
        ).code
        == 0
    )
    assert _ages(people, "b") == [20, 400]


@pytest.mark.parametrize(("typed", "words"), [("Clinic Z", "no clinic"), (" ", "give the")])
def test_an_unknown_clinic_is_refused_and_nothing_goes(
    people: People, run: Callable[..., CliResult], typed: str, words: str
) -> None:
    _log(people, 4000)
    before = _count(people)
    refused = run(
        "clinic", "purge-audit", "--db", people.url, "--keep-days", "30", "--clinic", typed
    )
    assert refused.code == 2
    assert "--clinic" in refused.err and words in refused.err
    assert len(refused.err.strip().splitlines()) == 1
    assert _count(people) == before


def test_a_large_purge_goes_in_batches_each_traced_in_its_own_transaction(
    people: People,
) -> None:
    for days in range(100, 107):
        _log(people, days)
    done = audit_retention.purge(people.store, days=30, now=NOW, batch=3)
    assert done.per_clinic == {people.clinic_ids["a"]: 7}
    with people.store.reading() as c:
        lines = c.execute(text("SELECT what FROM audit_log WHERE action = 'purge'")).scalars()
        counts = sorted(int(w.split(": ")[1].split(" ")[0]) for w in lines)
    assert counts == [1, 3, 3]  # every entry that went is counted by a line


def test_a_purge_that_cannot_record_itself_removes_nothing(people: People) -> None:
    """The DELETE and its line in the log are one transaction: no untraced purge."""
    _log(people, 400)
    before = _count(people)

    def broken(count: int) -> dict[str, object]:
        raise RuntimeError("the disk is full")

    with pytest.raises(RuntimeError):
        audit_rows.purge_batch(
            people.store, people.clinic_ids["a"], NOW - timedelta(days=30), limit=10, entry=broken
        )
    assert _count(people) == before


@pytest.mark.parametrize(
    "named",
    [
        "",  # no purge named
        "{b} {cutoff}",  # another clinic
        "{a} {cutoff}",  # the DELETE reaches the entry of 10 days ago, after the cutoff
        "{a} next tuesday",
    ],
)
def test_the_trigger_lets_through_only_the_purge_it_was_told_of(people: People, named: str) -> None:
    _log(people, 400)
    _log(people, 10)
    before = _count(people)
    value = named.format(
        a=people.clinic_ids["a"],
        b=people.clinic_ids["b"],
        cutoff=(NOW - timedelta(days=30)).isoformat(),
    )
    with pytest.raises(DBAPIError, match="append-only"), people.store.writing() as c:
        c.execute(text("SELECT set_config('backrub.purge', :v, true)"), {"v": value})
        c.execute(text("DELETE FROM audit_log"))
    assert _count(people) == before


def test_the_purge_setting_ends_with_its_transaction(people: People) -> None:
    _log(people, 400)
    cutoff = (NOW - timedelta(days=30)).isoformat()
    with people.store.writing() as c:
        c.execute(
            text("SELECT set_config('backrub.purge', :v, true)"),
            {"v": f"{people.clinic_ids['a']} {cutoff}"},
        )
        assert c.execute(text("DELETE FROM audit_log WHERE at < :c"), {"c": cutoff}).rowcount == 1
    _log(people, 400)
    with pytest.raises(DBAPIError, match="append-only"), people.store.writing() as c:
        c.execute(text("DELETE FROM audit_log WHERE at < :c"), {"c": cutoff})


def test_audit_entries_are_written_while_a_purge_runs(people: People) -> None:
    """The purge's DELETE takes the ordinary ROW EXCLUSIVE lock: no page waits for it."""
    _log(people, 400)
    cutoff = (NOW - timedelta(days=30)).isoformat()
    purging = people.store.engine.connect()
    try:
        with purging.begin():
            purging.execute(
                text("SELECT set_config('backrub.purge', :v, true)"),
                {"v": f"{people.clinic_ids['a']} {cutoff}"},
            )
            purging.execute(text("DELETE FROM audit_log WHERE at < :c"), {"c": cutoff})
            modes = purging.execute(
                text(
                    "SELECT mode FROM pg_locks WHERE relation = 'audit_log'::regclass "
                    "AND pid = pg_backend_pid()"
                )
            ).scalars()
            assert set(modes) == {"RowExclusiveLock"}
            with people.store.writing() as c:  # another connection, while it is open
                c.execute(text("SET LOCAL lock_timeout = '2s'"))
                c.execute(
                    text(
                        "INSERT INTO audit_log (clinic_id, at, action, what) "
                        "VALUES (:c, :at, 'read', 'GET /progress')"
                    ),
                    {"c": people.clinic_ids["a"], "at": NOW},
                )
    finally:
        purging.close()


@pytest.mark.parametrize("dry_run", [True, False])
def test_a_purge_of_a_database_without_backrub_tables_creates_nothing(
    postgres_url: str, run: Callable[..., CliResult], dry_run: bool
) -> None:
    # Attack review 7, F9: a typo in the database's name must not fill another
    # database with backrub's tables.
    from sqlalchemy import create_engine

    from tests.clinic.conftest import empty_clinic_database

    url = empty_clinic_database(postgres_url)
    flags = ("--dry-run",) if dry_run else ()
    refused = run("clinic", "purge-audit", "--db", url, "--keep-days", "30", *flags)
    assert refused.code == 2, refused
    (line,) = refused.err.strip().splitlines()
    assert "no backrub tables" in line and "Traceback" not in refused.err
    engine = create_engine(url)
    with engine.connect() as c:
        tables = c.execute(
            text("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
        ).scalar_one()
    engine.dispose()
    assert tables == 0
