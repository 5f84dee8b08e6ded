"""The follow-up's cancer questions (clinical review 7, items 2-4; docs/follow-up.md).

Every follow-up asks whether the client has cancer now; the 12- and 24-week
questionnaires also ask about weight loss and night pain. A "yes" to cancer on
the form adds the signs of spread to the spine to the same form, asked before
it can be sent. A leg sign counts as an emergency only when it is new, getting
worse or not yet seen. A screening kept before these questions still reads, as
the emergency it was told, on the clinic's pages and at the follow-up.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from bs4 import BeautifulSoup

from backrub.domain.records import ScreeningRecord
from backrub.domain.screening import NO_TO_ALL, Verdict
from backrub.services import caseload, safety
from tests.clinic.conftest import People, as_, browser, form
from tests.clinic.test_follow_up import NO_SIGNS, link_to, questionnaires, schedule
from tests.clinic.test_therapist_list import profile_of, screen
from tests.web.conftest import NOW

pytestmark = [pytest.mark.postgres, pytest.mark.usefixtures("maintenance")]

MSCC = ("leg_weakness_new", "leg_numbness_new", "leg_pain_below_knee_new")
# Asked with a time frame (review CLIN-8 S1); the plain questions are not added.
SPINE = ("back_pain_worsening", "spinal_pain_new")
NEW = (*MSCC, *SPINE)


def _asked(page: str) -> set[str]:
    soup = BeautifulSoup(page, "html.parser")
    return {str(i["name"]).removeprefix("flag_") for i in soup.select("input[name^=flag_]")}


def _errors(page: str) -> set[str]:
    soup = BeautifulSoup(page, "html.parser")
    return {
        str(i["name"]).removeprefix("flag_") for i in soup.select(".has-error input[name^=flag_]")
    }


def test_every_follow_up_asks_about_cancer_and_week_12_about_weight_and_night_pain(
    people: People,
) -> None:
    schedule(people, instruments=["nrs"])
    baseline = _asked(browser(people).get(link_to(people)).text)
    assert "active_cancer" in baseline
    assert not baseline & {"unexplained_weight_loss", "night_pain_unrelieved", *MSCC}
    twelve = (NOW.date() - timedelta(weeks=12)).isoformat()
    schedule(people, client="b.client1", instruments=["nrs"], first_session=twelve)
    (first, *_) = questionnaires(people, "b.client1")
    assert first.why == "week 12"
    later = _asked(browser(people).get(link_to(people, "b.client1")).text)
    assert {"active_cancer", "unexplained_weight_loss", "night_pain_unrelieved"} <= later


def test_a_cancer_yes_asks_the_spine_questions_on_the_same_form_before_it_is_sent(
    people: People,
) -> None:
    schedule(people, instruments=["nrs"])
    path = link_to(people)
    client = browser(people)
    first = form(client, path, {**NO_SIGNS, "flag_active_cancer": "yes", "answer_1": "3"})
    assert first.status_code == 422  # not sent: the new questions are on the form
    assert {*MSCC, *SPINE} <= _asked(first.text) and {*MSCC, *SPINE} <= _errors(first.text)
    assert "added a few questions" in first.text
    assert "Get help now" not in first.text  # cancer alone is not an emergency
    assert questionnaires(people)[0].urgency is Verdict.STOP_SEE_CLINICIAN
    sent = {
        **NO_SIGNS,
        "flag_active_cancer": "yes",
        **{f"flag_{q}": "no" for q in (*MSCC, *SPINE)},
        "flag_leg_weakness_new": "yes",
        "answer_1": "3",
    }
    done = form(client, path, sent)
    assert done.status_code == 200 and "Get help now" in done.text
    kept = questionnaires(people)[0]
    assert kept.urgency is Verdict.STOP_EMERGENCY and "cancer_with_nerve_signs" in kept.red_flags
    state = safety.safety_state(people.store, profile_of(people, people["a.client1"]))
    assert state.screening is not None and state.screening.verdict is Verdict.STOP_EMERGENCY


def test_new_cancer_with_known_sciatica_is_not_an_emergency(people: People) -> None:
    profile = profile_of(people, people["a.client1"])
    screen(people, profile, "leg_pain_below_knee", "leg_numbness", days_ago=30)
    schedule(people, instruments=["nrs"])
    path = link_to(people)
    client = browser(people)
    form(client, path, {**NO_SIGNS, "flag_active_cancer": "yes", "answer_1": "3"})
    calm = {f"flag_{q}": "no" for q in (*MSCC, *SPINE)}
    done = form(client, path, {**NO_SIGNS, "flag_active_cancer": "yes", **calm, "answer_1": "3"})
    assert done.status_code == 200, _errors(done.text)
    assert "Get help now" not in done.text
    assert questionnaires(people)[0].urgency is Verdict.STOP_SEE_CLINICIAN
    state = safety.safety_state(people.store, profile)
    assert state.screening is not None and state.screening.verdict is Verdict.STOP_SEE_CLINICIAN


def _old_emergency(people: People) -> Any:
    """Client1's screening kept before the new questions: cancer and sciatica, an
    emergency under the rules of the time."""
    profile = profile_of(people, people["a.client1"])
    old = {q: v for q, v in NO_TO_ALL.items() if q not in NEW}
    old |= {"history_of_cancer": True, "leg_pain_below_knee": True}
    day = (NOW - timedelta(days=20)).date()
    record = ScreeningRecord(day, tuple(old.items()), "stop_emergency", ())
    people.store.add_screening(profile.id, record)
    return profile


def test_an_old_emergency_screening_still_reads_in_the_clinic_and_at_the_follow_up(
    people: People,
) -> None:
    profile = _old_emergency(people)
    state = safety.safety_state(people.store, profile)
    assert state.is_stopped and state.needs_new_screening
    found = caseload.client_list(people.store, people["a.therapist1"], NOW)
    line = next(x for x in found if x.public_id == people["a.client1"].public_id)
    assert line.urgent and line.concerns[0].label == "Emergency signs:"
    page = as_(people, "a.therapist1").get(f"/clinic/clients/{people['a.client1'].public_id}")
    assert page.status_code == 200 and "spinal cord compression" in page.text
    schedule(people, instruments=["nrs"])
    path = link_to(people)
    client = browser(people)
    asked = _asked(client.get(path).text)
    assert {*MSCC, *SPINE} <= asked and "active_cancer" in asked
    calm = {f"flag_{q}": "no" for q in (*MSCC, *SPINE)}
    done = form(client, path, {**NO_SIGNS, **calm, "answer_1": "2"})
    assert done.status_code == 200 and questionnaires(people)[0].urgency is None
    # A follow-up "no" lowers nothing: a new screening is the way out.
    assert safety.safety_state(people.store, profile).needs_new_screening
