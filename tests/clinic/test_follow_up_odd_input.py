"""Odd input to the follow-up forms (attack review 8, F2 and F4).

F2: the schedule's days are YYYY-MM-DD only and near today: 20261202 and week dates
were read as dates, and a first session or visit at the calendar's ends made the date
arithmetic overflow (a 500). F4: a warning sign sent twice, "no" then "yes" (only an
edited post can), kept the "no"; now a "yes" among the answers reads as yes, and the
form is refused asking for one answer.
"""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from backrub.domain.verdicts import Verdict
from backrub.services import safety
from tests.clinic.conftest import People, browser, form
from tests.clinic.test_follow_up import NO_SIGNS, link_to, questionnaires, schedule
from tests.clinic.test_therapist_list import profile_of

pytestmark = [pytest.mark.postgres, pytest.mark.usefixtures("maintenance")]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("first_session", "20261202"),
        ("first_session", "2026-W49-3"),
        ("first_session", "0001-01-01"),
        ("first_session", "9999-12-31"),
        ("visits", "0001-01-01"),
        ("visits", "9999-12-31"),
        ("visits", "2026-12-10, 20261212"),
    ],
)
def test_a_schedule_day_out_of_form_or_range_is_refused_and_nothing_kept(
    people: People, field: str, value: str
) -> None:
    data = (
        {field: value} if field == "first_session" else {"template": "before_visits", field: value}
    )
    refused = schedule(people, **data)
    assert refused.status_code == 422, (value, refused.status_code)
    assert "Traceback" not in refused.text
    assert questionnaires(people) == []


def test_a_warning_sign_sent_twice_reads_as_yes_and_asks_for_one_answer(people: People) -> None:
    schedule(people, instruments=["nrs"])
    path = link_to(people)
    sent = {**NO_SIGNS, "flag_fever_or_chills": ["no", "yes"], "answer_1": "3"}
    refused = form(browser(people), path, sent)
    assert refused.status_code == 422
    assert "choose one answer" in refused.text.lower()
    state = safety.safety_state(people.store, profile_of(people, people["a.client1"]))
    assert state.is_stopped and state.screening is not None
    assert state.screening.verdict is Verdict.STOP_SAME_DAY
    assert questionnaires(people)[0].state.value != "completed"


def test_an_answer_sent_twice_is_refused_not_taken_first(people: People) -> None:
    schedule(people, instruments=["nrs"])
    path = link_to(people)
    refused = form(browser(people), path, {**NO_SIGNS, "answer_1": ["3", "9"]})
    assert refused.status_code == 422 and "choose one answer" in refused.text.lower()
    assert questionnaires(people)[0].state.value != "completed"


def test_a_same_day_banner_names_its_sources_and_calls_no_number_after_the_advice(
    people: People,
) -> None:
    # People review 8, F3: raw source ids, and a bold "Call the emergency number of the
    # country you are in" after a same-day advice, read as an order to call.
    schedule(people, instruments=["nrs"])
    path = link_to(people)
    done = form(browser(people), path, {**NO_SIGNS, "flag_fever_or_chills": "yes", "answer_1": "3"})
    banner = BeautifulSoup(done.text, "html.parser").select_one("[role=alert]")
    assert banner is not None and banner.get("tabindex") == "-1"  # focus lands on it
    text = " ".join(banner.text.split())
    assert "get medical help today" in text.lower()
    assert "emergency number of the country you are in" not in text
    assert not re.search(r"\b(nhs|nice|gcare)-[a-z0-9-]+\b", text), text
    assert banner.select("a[href^='/evidence/']") or banner.select("a[href*='evidence']")
