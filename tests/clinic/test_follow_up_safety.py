"""A follow-up's warning signs judged with the client's screening (review S6-3).

The follow-up asks the emergency and same-day questions, and the parts of an
urgent combination the client's stored screening makes relevant (with a cancer
history: the signs of metastatic spinal cord compression). A "yes" is judged by
the screening itself over the stored answers; one that stops is kept as a
screening stop of the client's own, so their own plan stops, with the urgency
the rules give, and the page says what to do for that urgency.
"""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import func, select

from backrub.domain.follow_up_signs import judge, signs_to_ask
from backrub.domain.nof1_design import Design
from backrub.domain.nof1_design import schedule as nof1_schedule
from backrub.domain.nof1_trial import TrialRecord
from backrub.domain.screening import NO_TO_ALL, AgeBand, Verdict
from backrub.errors import SafetyStop
from backrub.services import caseload, safety, trials
from backrub.store import tables as t
from backrub.store.trial_rows import add_trial
from tests.clinic.conftest import People, as_, browser, form
from tests.clinic.test_follow_up import NO_SIGNS, link_to, questionnaires, schedule
from tests.clinic.test_therapist_list import profile_of, screen
from tests.web.conftest import NOW

pytestmark = [pytest.mark.postgres, pytest.mark.usefixtures("maintenance")]

MSCC = ("leg_weakness_new", "leg_numbness_new", "leg_pain_below_knee_new")
# Asked with a time frame (review CLIN-8 S1); the plain questions are not added.
SPINE = ("back_pain_worsening", "spinal_pain_new")


def _cleared_cancer_history(people: People) -> Any:
    """Client1 screened with a cancer history, the stop it makes cleared by a doctor."""
    profile = profile_of(people, people["a.client1"])
    screen(people, profile, "history_of_cancer", days_ago=20)
    safety.add_clearance(
        people.store,
        profile,
        cleared_on=NOW.date().isoformat(),
        cleared_by="Dr Lan Pham",
        lifts="history_of_cancer",
        today=NOW.date(),
    )
    assert not safety.safety_state(people.store, profile).is_stopped
    return profile


def _running_trial(people: People, profile: Any) -> None:
    """Client1 is in the middle of an N-of-1 trial (issue 15)."""
    first = NOW.date() - timedelta(days=10)
    found = nof1_schedule(Design(4, 7, 2, 5), first)
    record = TrialRecord(str(uuid.uuid4()), 4, 7, 2, 5, first, found.sha256, NOW)
    add_trial(people.store, profile.id, record)
    assert trials.current_trial(people.store, profile, today=NOW.date()) is not None


def _asked(page: str) -> set[str]:
    soup = BeautifulSoup(page, "html.parser")
    return {str(i["name"]).removeprefix("flag_") for i in soup.select("input[name^=flag_]")}


def _screenings(people: People) -> int:
    with people.store.reading() as c:
        return int(c.execute(select(func.count()).select_from(t.screenings)).scalar_one())


def test_every_follow_up_asks_the_emergency_and_same_day_questions() -> None:
    asked = {q.id for q in signs_to_ask({})}
    assert {"chest_pain", "bladder_bowel_change", "major_trauma"} <= asked
    assert {"fever_or_chills", "sudden_breathlessness", "leg_clot_signs"} <= asked  # same day
    assert not asked & {*MSCC, *SPINE}


def test_a_cancer_history_adds_the_spinal_cord_compression_questions() -> None:
    asked = {q.id for q in signs_to_ask({**NO_TO_ALL, "history_of_cancer": True})}
    assert {*MSCC, *SPINE} <= asked and "history_of_cancer" not in asked
    immunity = {q.id for q in signs_to_ask({**NO_TO_ALL, "weakened_immunity": True})}
    assert "fever_or_chills" in immunity and "injects_drugs" not in immunity


def test_a_follow_up_no_never_takes_back_a_stored_yes() -> None:
    stored = {**NO_TO_ALL, "age_band": AgeBand.AGE_20_50.value, "history_of_cancer": True}
    judged = judge(stored, {"history_of_cancer": False, "leg_weakness_new": True}, today=NOW.date())
    assert judged.verdict is Verdict.STOP_EMERGENCY
    assert "cancer_with_nerve_signs" in judged.findings
    assert dict(judged.screening.answers)["history_of_cancer"] is True
    calm = judge(stored, dict.fromkeys(MSCC, False), today=NOW.date())
    assert calm.findings == () and calm.verdict is Verdict.CLEAR


def test_leg_weakness_after_a_cancer_history_is_an_emergency_that_stops_the_plan(
    people: People,
) -> None:
    profile = _cleared_cancer_history(people)
    _running_trial(people, profile)
    schedule(people, instruments=["nrs"])
    path = link_to(people)
    client = browser(people)
    assert {*MSCC, *SPINE} <= _asked(client.get(path).text)
    before = _screenings(people)
    saved = form(client, path, {"flag_leg_weakness_new": "yes", "action": "later"})
    assert saved.status_code == 303, BeautifulSoup(saved.text, "html.parser").select(".error")
    page = client.get(saved.headers["location"]).text
    assert "Get help now" in page and "go to an emergency department now" in page
    kept = questionnaires(people)[0]
    assert kept.urgency is Verdict.STOP_EMERGENCY and "cancer_with_nerve_signs" in kept.red_flags
    assert _screenings(people) == before + 1  # kept as the client's own screening stop
    state = safety.safety_state(people.store, profile)
    assert state.is_stopped and state.needs_new_screening  # no clearance lifts an emergency
    with pytest.raises(SafetyStop):
        safety.require_safe(people.store, profile, what="a massage plan")
    (ended,) = trials.trials_of(people.store, profile)  # the running trial ends early
    assert ended.ended_early and ended.ended_why == "red_flag" and ended.ended_on == NOW.date()
    alert = BeautifulSoup(as_(people, "a.therapist1").get("/clinic/follow-up").text, "html.parser")
    found = alert.select_one("main [role=alert]")
    assert found is not None and "spinal cord compression" in found.text
    # Sent again, the same "yes" makes no second screening.
    form(
        client,
        path,
        {
            **NO_SIGNS,
            **{f"flag_{q}": "no" for q in (*MSCC, *SPINE)},
            "flag_leg_weakness_new": "yes",
            "answer_1": "4",
        },
    )
    assert _screenings(people) == before + 1


def test_a_same_day_yes_says_get_help_today_and_stops_the_plan(people: People) -> None:
    schedule(people, instruments=["nrs"])
    path = link_to(people)
    done = form(browser(people), path, {**NO_SIGNS, "flag_fever_or_chills": "yes", "answer_1": "3"})
    assert done.status_code == 200 and "Thank you" in done.text
    banner = BeautifulSoup(done.text, "html.parser").select_one("[role=alert]")
    assert banner is not None and "get medical help today" in banner.text.lower()
    assert "Get help now" not in banner.text  # not the emergency words for a same-day sign
    assert questionnaires(people)[0].urgency is Verdict.STOP_SAME_DAY
    state = safety.safety_state(people.store, profile_of(people, people["a.client1"]))
    assert state.is_stopped and state.screening is not None
    assert state.screening.verdict is Verdict.STOP_SAME_DAY


def test_all_no_after_a_cancer_history_keeps_no_screening_and_no_alarm(people: People) -> None:
    _cleared_cancer_history(people)
    schedule(people, instruments=["nrs"])
    path = link_to(people)
    before = _screenings(people)
    sent = {**NO_SIGNS, **{f"flag_{q}": "no" for q in (*MSCC, *SPINE)}, "answer_1": "2"}
    done = form(browser(people), path, sent)
    assert done.status_code == 200 and "[role=alert]" and "Get help" not in done.text
    assert _screenings(people) == before and questionnaires(people)[0].urgency is None


def test_a_form_without_the_cancer_questions_is_refused_by_the_first_one(people: People) -> None:
    _cleared_cancer_history(people)
    schedule(people, instruments=["nrs"])
    refused = form(browser(people), link_to(people), {**NO_SIGNS, "answer_1": "2"})
    assert refused.status_code == 422
    assert BeautifulSoup(refused.text, "html.parser").select(
        ".has-error input[name='flag_leg_weakness_new']"
    )


def test_the_follow_up_stop_tops_the_therapists_client_list_as_a_screening_would(
    people: People,
) -> None:
    schedule(people, instruments=["nrs"])
    form(browser(people), link_to(people), {"flag_chest_pain": "yes", "action": "later"})
    found = caseload.client_list(people.store, people["a.therapist1"], NOW)
    line = next(x for x in found if x.public_id == people["a.client1"].public_id)
    assert line.urgent and line.concerns[0].label == "Emergency signs:"
