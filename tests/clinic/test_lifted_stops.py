"""A stop lifted by the client's own clearance (review S6-13): the 30 days count from when
the clearance was recorded, and after emergency warning signs the line stays until the
therapist marks it read."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from bs4 import BeautifulSoup

from backrub.services import caseload, safety
from tests.clinic.conftest import People, as_, form
from tests.clinic.test_therapist_list import EMERGENCY, SOON, profile_of, screen
from tests.web.conftest import NOW

pytestmark = [pytest.mark.postgres, pytest.mark.usefixtures("maintenance")]

ACK = "/clinic/clients/{}/clearances/acknowledge"


def lifted(people: People, at: datetime = NOW) -> list[Any]:
    found = caseload.client_list(people.store, people["a.therapist1"], at)
    line = next(x for x in found if x.public_id == people["a.client1"].public_id)
    return [c for c in line.concerns if c.who]


def clear(people: People, profile: Any, *, days_ago: int, now: datetime = NOW) -> None:
    safety.add_clearance(
        people.store,
        profile,
        cleared_on=(now - timedelta(days=days_ago)).date().isoformat(),
        cleared_by="Dr Lan Pham",
        lifts=SOON,
        today=now.date(),
        now=now,
    )


def test_a_backdated_clearance_is_told_for_30_days_from_when_it_was_recorded(people: People):
    profile = profile_of(people, people["a.client1"])
    screen(people, profile, SOON, days_ago=60)
    clear(people, profile, days_ago=45)  # dated 45 days ago, typed in today
    (line,) = lifted(people)
    assert line.rank == 1 and line.on == (NOW - timedelta(days=45)).date()
    assert lifted(people, NOW + timedelta(days=30))
    assert not lifted(people, NOW + timedelta(days=31))


def _after_emergency(people: People) -> Any:
    profile = profile_of(people, people["a.client1"])
    screen(people, profile, EMERGENCY, SOON, days_ago=10)  # seen in an emergency department
    screen(people, profile, SOON, days_ago=5)  # answered again by the client
    clear(people, profile, days_ago=4)
    return profile


def test_a_stop_lifted_after_emergency_signs_stays_until_marked_read(people: People):
    profile = _after_emergency(people)
    (line,) = lifted(people, NOW + timedelta(days=90))  # long after the 30 days
    assert line.rank == 3 and line.label == "Before any massage:"
    therapist = as_(people, "a.therapist1")
    listed = therapist.get("/clinic/clients").text
    assert "after emergency warning signs" in listed and "Mark as read" in listed
    path = ACK.format(people["a.client1"].public_id)
    page = therapist.get(path)
    seen = BeautifulSoup(page.text, "html.parser").find("input", attrs={"name": "seen"})
    assert page.status_code == 200 and "Dr Lan Pham" in page.text and seen is not None
    clear(people, profile, days_ago=1)  # another clearance while the page is open
    refused = form(therapist, path, {"seen": seen["value"]})
    assert refused.status_code == 422 and "read it first" in refused.text
    assert lifted(people)[0].rank == 3
    fresh = BeautifulSoup(refused.text, "html.parser").find("input", attrs={"name": "seen"})
    assert fresh is not None
    done = form(therapist, path, {"seen": fresh["value"]})
    assert (
        done.status_code == 303 and done.headers["location"] == "/clinic/clients?saved=acknowledged"
    )
    assert [c.rank for c in lifted(people)] == [1]  # the plain line, for its 30 days
    assert not lifted(people, NOW + timedelta(days=31))


def test_only_the_assigned_therapist_marks_it_read(people: People):
    _after_emergency(people)
    path = ACK.format(people["a.client1"].public_id)
    for who in ("a.therapist2", "a.admin", "a.client1", "b.therapist1"):
        assert as_(people, who).get(path).status_code == 404, who
        assert form(as_(people, who), path, {"seen": "x"}).status_code == 404, who
    assert lifted(people)[0].rank == 3
