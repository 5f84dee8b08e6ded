"""The cohort's NDJSON, built from PostgreSQL's rows, is the Python reference byte for byte."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse
from sqlalchemy import event, select, text

from backrub.domain.records import Response
from backrub.reports.cohort_fhir import bulk_lines, ndjson_lines
from backrub.services import cohort
from backrub.store.clinic_tables import audit_log
from backrub.store.cohort_export import open_export
from tests.clinic.cohort_world import DAY0, Client, add_client, odi, rmdq
from tests.clinic.conftest import People
from tests.web.conftest import NOW

pytestmark = [pytest.mark.postgres, pytest.mark.usefixtures("maintenance")]

LATE = date(2026, 12, 31)


def _at(day: int, hour: int, minute: int, micro: int, tz: str) -> datetime:
    return datetime.combine(DAY0 + timedelta(days=day), time(hour, minute, 0, micro), ZoneInfo(tz))


def test_every_zone_fraction_and_missing_answer_as_the_reference(people: People) -> None:
    # One client in a zone west of UTC, one at +05:30; answers at odd instants, an ODI
    # with a section left blank (the item skipped), two answers at the same instant.
    west = add_client(
        people.store,
        people,
        Client("w1", ("therapist1",), tz="America/Los_Angeles", hour=23, pain={0: 8}),
    )
    east = add_client(
        people.store, people, Client("e1", ("therapist2",), tz="Asia/Kolkata", pain={0: 6})
    )
    answers = [
        (
            west,
            Response(
                _at(0, 23, 59, 1, "America/Los_Angeles"),
                "America/Los_Angeles",
                "odi",
                odi(30, missing=1),
            ),
        ),
        (
            west,
            Response(
                _at(84, 7, 5, 0, "America/Los_Angeles"), "America/Los_Angeles", "rmdq", rmdq(3)
            ),
        ),
        (
            west,
            Response(
                _at(84, 7, 5, 0, "America/Los_Angeles"), "America/Los_Angeles", "rmdq", rmdq(4)
            ),
        ),
        (
            east,
            Response(_at(1, 9, 30, 250000, "Asia/Kolkata"), "Asia/Kolkata", "peg", (7.0, 6.0, 5.0)),
        ),
        (east, Response(_at(2, 9, 30, 0, "Asia/Kolkata"), "Asia/Kolkata", "phq9", (1,) * 9)),
    ]
    for account, response in answers:
        assert account.profile_id is not None
        people.store.add_response(account.profile_id, response)

    export = open_export(
        people.store, clinic_id=people.clinic_ids["a"], rules=cohort.rules(), started_by=LATE
    )
    got = b"".join(bulk_lines(export.rows))
    assert export.clients == 2

    kept = [(a.public_id, r) for a, r in answers if r.instrument != "phq9"]
    order = {west.public_id: west.id, east.public_id: east.id}  # client, then time
    kept.sort(key=lambda pair: (order[pair[0]], pair[1].at, pair[1].instrument))
    assert got == b"".join(ndjson_lines(kept))
    lines = got.decode().splitlines()
    assert len(lines) == 4 and len({json.loads(x)["id"] for x in lines}) == 4
    for line in lines:
        QuestionnaireResponse.model_validate(json.loads(line))
    first = json.loads(lines[0] if west.id < east.id else lines[3])
    assert first["authored"] == "2025-07-01T23:59:00.000001-07:00"
    assert [i["linkId"] for i in first["item"]][-1] != "odi-10"  # the blank section left out


def _statements(people: People, run: Callable[[], object]) -> list[tuple[str, str]]:
    """Return (statement, its parameters as text) of everything ``run`` sends to PostgreSQL."""
    seen: list[tuple[str, str]] = []

    def keep(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        seen.append((statement, repr(parameters)))

    event.listen(people.store.engine, "before_cursor_execute", keep)
    try:
        run()
    finally:
        event.remove(people.store.engine, "before_cursor_execute", keep)
    return seen


def _export_entries(people: People) -> list[Any]:
    with people.store.reading() as c:
        query = select(audit_log).where(audit_log.c.action == "export").order_by(audit_log.c.id)
        return list(c.execute(query).all())


def test_the_export_is_on_record_per_client_before_a_byte_goes_out(people: People) -> None:
    clients = [
        add_client(people.store, people, Client(f"k{n}", ("therapist1",), pain={0: 7, 84: 3}))
        for n in range(3)
    ]
    admin = people["a.admin"]
    lines = cohort.fhir_export(people.store, admin, NOW, address="192.0.2.1", what="GET /x")
    entries = _export_entries(people)  # nothing read from the stream yet
    assert [e.client_ref for e in entries] == [None, *(c.public_id for c in clients)]
    assert entries[0].what == "GET /x (3 clients)" and entries[0].address == "192.0.2.1"
    assert b"".join(lines) == b""  # pain only: in the cohort, but no questionnaire answer
    # A download cut short (the browser closed) is on record all the same, and the next
    # one on a connection from the pool starts clean (its temporary table dropped).
    for _ in range(3):
        cut = cohort.fhir_export(people.store, admin, NOW, address=None, what="GET /x")
        cut.close()  # never read
        with people.store.reading() as c:
            left = "SELECT count(*) FROM pg_class WHERE relname = 'export_clients'"
            assert c.execute(text(left)).scalar_one() == 0  # in no session
    again = cohort.fhir_export(people.store, admin, NOW, address=None, what="GET /x")
    assert list(again) == []
    assert len(_export_entries(people)) == 5 * 4


def test_no_client_id_passes_through_python_and_the_statements_do_not_grow(
    people: People,
) -> None:
    """Constant memory: the audit entries are made inside PostgreSQL from the export's
    own table (one INSERT ... SELECT), never a list of clients in Python."""
    admin = people["a.admin"]

    def export() -> None:
        for _chunk in cohort.fhir_export(people.store, admin, NOW, address=None, what="GET /x"):
            pass

    made = []
    for n in range(12):
        made.append(
            add_client(
                people.store,
                people,
                Client(f"m{n}", ("therapist2",), answers={0: ("rmdq", rmdq(12))}),
            )
        )
        if n in (1, 11):
            sent = _statements(people, export)
            audit = [s for s, _ in sent if "INSERT INTO audit_log" in s]
            assert len(audit) == 1 and "FROM export_clients" in audit[0]
            assert not any(c.public_id in params for c in made for _, params in sent)
            if n == 1:
                few = len(sent)
    assert len(sent) == few  # 12 clients: the same statements as 2
    assert len(_export_entries(people)) == (1 + 2) + (1 + 12)
