"""A therapist's client list: who needs looking at first, in a fixed number of queries."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import event

from backrub.domain.accounts import Account, Role
from backrub.domain.records import Profile
from backrub.domain.screening import NO_TO_ALL, QUESTIONS, AgeBand, Tier
from backrub.services import caseload, checkins, measures, safety
from backrub.services.accounts import client_profile
from backrub.store import accounts as account_rows
from backrub.store.clinic_tables import assignments
from tests.clinic.conftest import _HASH, People
from tests.web.conftest import NOW

pytestmark = pytest.mark.postgres

EMERGENCY = next(q.id for q in QUESTIONS if q.tier is Tier.EMERGENCY)
SOON = next(q.id for q in QUESTIONS if q.tier is Tier.SOON)
CALM = "0,0,0,0,0,0,0,0,0"


def profile_of(people: People, account: Account) -> Profile:
    found = client_profile(people.store, account)
    assert found is not None
    return found


def screen(people: People, profile: Profile, *yes: str, days_ago: int = 3) -> None:
    answers = {**NO_TO_ALL, **dict.fromkeys(yes, True), "age_band": AgeBand.AGE_20_50.value}
    safety.record_screening(
        people.store, profile, answers, today=(NOW - timedelta(days=days_ago)).date()
    )


def check_in(people: People, profile: Profile, *, hours_ago: int, **values: object) -> None:
    at = NOW - timedelta(hours=hours_ago)
    checkins.record_checkin(people.store, profile, now=NOW, at=at.isoformat(), pain=4, **values)


def answer(people: People, profile: Profile, instrument: str, text: str, hours_ago: int) -> None:
    at = (NOW - timedelta(hours=hours_ago)).isoformat()
    measures.record_response(
        people.store, profile, instrument_id=instrument, answers=text, at=at, now=NOW
    )


def add_clients(people: People, therapist: Account, count: int, clinic: str = "a") -> list[Account]:
    made = []
    for n in range(count):
        made.append(
            account_rows.add_account(
                people.store,
                clinic_id=people.clinic_ids[clinic],
                role=Role.CLIENT,
                email=f"extra{therapist.id}-{n}@{clinic}.example",
                display_name=f"Extra {n}",
                password_hash=_HASH,
                now=NOW,
            )
        )
    with people.store.writing() as c:
        for client in made:
            c.execute(
                assignments.insert().values(
                    clinic_id=therapist.clinic_id,
                    therapist_id=therapist.id,
                    client_id=client.id,
                    assigned_at=NOW,
                )
            )
    return made


@contextmanager
def counted(people: People) -> Iterator[list[str]]:
    engine = people.store.engine
    seen: list[str] = []

    def count(*args: Any) -> None:
        seen.append(str(args[2]))

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", count)


def test_urgent_clients_come_first_with_when(people: People):
    therapist = people["a.therapist1"]
    quiet, emergency, mood, due = add_clients(people, therapist, 4)
    for account in (quiet, emergency, mood, due):
        profile = profile_of(people, account)
        screen(people, profile)
        if account is not due:
            answer(people, profile, "peg", "3,3,3", hours_ago=30)
        check_in(people, profile, hours_ago=5)
    check_in(people, profile_of(people, quiet), hours_ago=1)
    screen(people, profile_of(people, emergency), EMERGENCY, days_ago=1)
    answer(people, profile_of(people, mood), "phq9", "0,0,0,0,0,0,0,0,1", hours_ago=2)

    lines = caseload.client_list(people.store, therapist, NOW)

    names = [line.display_name for line in lines]
    assert names[:2] == [emergency.display_name, mood.display_name]
    # the weekly PEG is due for both; Client1 A never checked in: the longest since
    assert names[2:] == ["Client1 A", due.display_name, quiet.display_name]
    assert lines[3].due == ("peg",)
    stop = lines[0].concerns[0]
    assert stop.rank == 3 and stop.on == (NOW - timedelta(days=1)).date()
    urgent = lines[1].concerns[0]
    assert "self-harm" in urgent.words and urgent.at == NOW - timedelta(hours=2)
    assert not lines[4].urgent and lines[4].due == ()


def test_a_cleared_stop_and_a_fuller_questionnaire_no_longer_count(people: People):
    therapist = people["a.therapist1"]
    (client,) = add_clients(people, therapist, 1)
    profile = profile_of(people, client)
    screen(people, profile, SOON, days_ago=10)
    answer(people, profile, "phq2", "2,2", hours_ago=48)  # positive
    lines = {line.public_id: line for line in caseload.client_list(people.store, therapist, NOW)}
    assert [c.rank for c in lines[client.public_id].concerns] == [2, 1]

    safety.add_clearance(
        people.store,
        profile,
        cleared_on=(NOW - timedelta(days=2)).date().isoformat(),
        cleared_by="Dr Lan",
        lifts=SOON,
        today=NOW.date(),
    )
    answer(people, profile, "phq9", "1,1,0,0,0,0,0,0,0", hours_ago=1)  # negative
    lines = {line.public_id: line for line in caseload.client_list(people.store, therapist, NOW)}
    assert lines[client.public_id].concerns == ()


def test_leg_symptoms_after_the_screening_are_a_red_flag(people: People):
    therapist = people["a.therapist1"]
    (client,) = add_clients(people, therapist, 1)
    profile = profile_of(people, client)
    check_in(people, profile, hours_ago=24 * 6, new_leg_symptoms="yes")  # before: answered
    screen(people, profile, days_ago=4)
    lines = {line.public_id: line for line in caseload.client_list(people.store, therapist, NOW)}
    assert lines[client.public_id].concerns == ()
    check_in(people, profile, hours_ago=3, new_leg_symptoms="yes")
    lines = {line.public_id: line for line in caseload.client_list(people.store, therapist, NOW)}
    (concern,) = lines[client.public_id].concerns
    assert concern.rank == 2 and concern.at == NOW - timedelta(hours=3)


def test_only_the_therapists_own_clients_in_their_clinic(people: People):
    lines = caseload.client_list(people.store, people["a.therapist1"], NOW)
    assert [line.display_name for line in lines] == ["Client1 A"]
    assert caseload.client_list(people.store, people["b.therapist2"], NOW)[0].display_name == (
        "Client2 B"
    )
    assert caseload.client_list(people.store, people["a.admin"], NOW) == []


def test_the_number_of_queries_does_not_grow_with_the_clients(people: People):
    def fill(therapist: Account, count: int) -> None:
        for n, client in enumerate(add_clients(people, therapist, count)):
            profile = profile_of(people, client)
            screen(people, profile, EMERGENCY if n % 2 else SOON)
            check_in(people, profile, hours_ago=n + 1, new_leg_symptoms="yes")
            answer(people, profile, "phq9", CALM, hours_ago=n + 1)
            answer(people, profile, "peg", "3,3,3", hours_ago=n + 1)

    small, large = people["a.therapist1"], people["a.therapist2"]
    fill(small, 5)
    fill(large, 50)
    with counted(people) as few:
        assert len(caseload.client_list(people.store, small, NOW)) == 6
    with counted(people) as many:
        assert len(caseload.client_list(people.store, large, NOW)) == 51
    assert len(few) == len(many) <= 5
