"""``backrub clinic purge-audit``: the clinic's retention period, applied by the database owner.

The audit log refuses every DELETE (append-only triggers); the purge is the one
way entries go, and it leaves a line in each clinic's log saying what went.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from sqlalchemy import text

from backrub.services import audit
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


@pytest.mark.parametrize("typed", ["0", "29", "-5", "1e3", "365.5", "36501", "", "a year"])
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
