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
from backrub.store import tables as t
from backrub.store.clinic_tables import assignments
from tests.clinic.conftest import _HASH, People
from tests.web.conftest import NOW

# The test's own seeding and checks see every clinic; requests get their own scope.
pytestmark = [pytest.mark.postgres, pytest.mark.usefixtures("maintenance")]

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
        if "set_config('backrub.scope'" not in str(args[2]):  # row security's, per transaction
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
    # Client1 A never answered the safety questions; then the PEG due, then the rest
    assert names[2:] == ["Client1 A", due.display_name, quiet.display_name]
    assert [c.words for c in lines[2].concerns] == ["No safety answers yet"]
    assert lines[3].due == ("peg",)
    stop = lines[0].concerns[0]
    assert stop.rank == 6 and stop.on == (NOW - timedelta(days=1)).date()
    assert stop.label == "Emergency signs:" and "Do not massage." in stop.words
    urgent = lines[1].concerns[0]
    assert urgent.rank == 5 and urgent.label == "Today:"
    assert "safeguarding procedure" in urgent.words and urgent.at == NOW - timedelta(hours=2)
    assert "You are not asked to assess the risk yourself." in urgent.words
    assert not lines[4].urgent and lines[4].due == ()


def test_a_cleared_stop_and_a_fuller_questionnaire_no_longer_count(people: People):
    therapist = people["a.therapist1"]
    (client,) = add_clients(people, therapist, 1)
    profile = profile_of(people, client)
    screen(people, profile, SOON, days_ago=10)
    answer(people, profile, "phq2", "2,2", hours_ago=48)  # positive
    lines = {line.public_id: line for line in caseload.client_list(people.store, therapist, NOW)}
    assert [c.rank for c in lines[client.public_id].concerns] == [3, 2]
    assert [c.label for c in lines[client.public_id].concerns] == [
        "Before any massage:",
        "Look at first:",
    ]

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
    # Only the note that a clearance the client recorded lifted the stop (for 30 days).
    (lifted,) = lines[client.public_id].concerns
    assert lifted.label == "Look at first:" and lifted.who == "Dr Lan"
    assert lifted.words.startswith("Stop lifted by a clearance the client recorded")


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
    assert concern.rank == 4 and concern.at == NOW - timedelta(hours=3)
    assert concern.label == "Today:" and "answer the safety questions again" in concern.words


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
    assert len(few) == len(many) <= 6  # the list's four, contacts, clearances


def screen_as(people: People, profile: Profile, age: AgeBand, *yes: str, days_ago: int) -> None:
    answers = {**NO_TO_ALL, **dict.fromkeys(yes, True), "age_band": age.value}
    safety.record_screening(
        people.store, profile, answers, today=(NOW - timedelta(days=days_ago)).date()
    )


def test_the_order_follows_the_apps_tiers_newest_first_inside_one(people: People):
    therapist = people["a.therapist1"]
    made = add_clients(people, therapist, 7)
    same_day, see, clot, low_mood, pregnant, young, positive = made
    adult = AgeBand.AGE_20_50
    screen_as(people, profile_of(people, same_day), adult, "sudden_breathlessness", days_ago=2)
    screen_as(people, profile_of(people, see), adult, SOON, days_ago=1)
    screen_as(people, profile_of(people, clot), adult, "past_blood_clot", days_ago=5)
    check_in(people, profile_of(people, clot), hours_ago=1)  # the PEG is due: not first
    for client in (low_mood, positive):
        screen(people, profile_of(people, client), days_ago=9)
    answer(people, profile_of(people, low_mood), "phq2", "3,3", hours_ago=1)
    answer(people, profile_of(people, positive), "gad2", "2,2", hours_ago=1)
    screen_as(people, profile_of(people, pregnant), adult, "pregnancy", days_ago=1)
    screen_as(people, profile_of(people, young), AgeBand.UNDER_18, days_ago=3)

    lines = caseload.client_list(people.store, therapist, NOW)

    by_rank = [(line.display_name, line.rank) for line in lines]
    assert by_rank == [
        (low_mood.display_name, 4),  # a PHQ-2 of 6 an hour ago: newer than the screening
        (same_day.display_name, 4),
        (see.display_name, 3),  # screened a day ago
        (clot.display_name, 3),  # five days ago, though its PEG is due
        (positive.display_name, 2),
        (pregnant.display_name, 1),  # newest flag first inside the rank
        (young.display_name, 1),
        ("Client1 A", 1),  # no safety answers: no time
    ]
    words = {line.display_name: line.concerns for line in lines}
    assert lines[3].due == ("peg",)
    (no_massage,) = words[clot.display_name]
    assert no_massage.label == "Before any massage:"
    assert no_massage.restrictions == ("no_self_massage", "no_professional_massage")
    (face_down,) = words[pregnant.display_name]
    assert face_down.label == "Look at first:"
    assert face_down.words.startswith("Before any massage:")
    assert face_down.restrictions == ("no_massage_gun", "no_face_down")
    assert "under 18" in words[young.display_name][0].words
    assert "Highest PHQ-2 score" in words[low_mood.display_name][0].words
    assert "A screen is not a diagnosis" in words[positive.display_name][0].words
    assert [line.urgent for line in lines[:3]] == [True, True, False]


def test_a_stop_is_read_by_todays_rules_not_the_verdict_stored_then(people: People):
    therapist = people["a.therapist1"]
    (client,) = add_clients(people, therapist, 1)
    profile = profile_of(people, client)
    screen(people, profile, EMERGENCY, days_ago=2)
    with people.store.writing() as c:  # as if an older version had stored a lower tier
        c.execute(
            t.screenings.update()
            .where(t.screenings.c.profile_id == profile.id)
            .values(verdict="restricted", restrictions="")
        )
    lines = {line.public_id: line for line in caseload.client_list(people.store, therapist, NOW)}
    (stop,) = lines[client.public_id].concerns
    assert stop.rank == 6 and stop.label == "Emergency signs:"


def test_a_questionnaire_is_due_only_for_clients_who_checked_in_lately(people: People):
    therapist = people["a.therapist1"]
    lately, gone = add_clients(people, therapist, 2)
    for client in (lately, gone):
        screen(people, profile_of(people, client))
    check_in(people, profile_of(people, lately), hours_ago=24 * 13)
    check_in(people, profile_of(people, gone), hours_ago=24 * 15)
    lines = {line.public_id: line for line in caseload.client_list(people.store, therapist, NOW)}
    assert lines[lately.public_id].due == ("peg",)
    assert lines[gone.public_id].due == ()
