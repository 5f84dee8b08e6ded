"""The cohort's NDJSON, built from PostgreSQL's rows, is the Python reference byte for byte."""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

from backrub.domain.records import Response
from backrub.reports.cohort_fhir import bulk_lines, ndjson_lines
from backrub.services import cohort
from backrub.store.cohort_export import open_export
from tests.clinic.cohort_world import DAY0, Client, add_client, odi, rmdq
from tests.clinic.conftest import People

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
