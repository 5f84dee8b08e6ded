"""What a follow-up's "get help" box and the therapist's alert say (clinical review 7,
items 11-13): the signs answered "yes" above the advice, the number of the client's
zone, the cancer team's 24-hour line for a possible spinal cord compression, and the
therapist told the number the client was shown, worked out in the client's language.
"""

from __future__ import annotations

from typing import Any

import pytest
from bs4 import BeautifulSoup

from backrub.domain.screening import NO_TO_ALL, screen
from backrub.services import safety
from tests.clinic.conftest import People, as_, browser, form
from tests.clinic.test_follow_up import NO_SIGNS, link_to, schedule
from tests.clinic.test_therapist_list import profile_of
from tests.clinic.test_therapist_list import screen as screen_client
from tests.web.conftest import NOW

pytestmark = [pytest.mark.postgres, pytest.mark.usefixtures("maintenance")]

NEW_SIGNS = ("leg_weakness_new", "leg_numbness_new", "leg_pain_below_knee_new")
SPINE = (
    "back_pain_worsening",
    "upper_back_pain",
    "night_pain_unrelieved",
    "pain_worse_on_straining",
)


def _help_box(page: str) -> Any:
    found = BeautifulSoup(page, "html.parser").select_one("main .urgent-help")
    assert found is not None, "no 'get help' box"
    return found


def test_the_box_lists_the_signs_answered_yes_above_the_advice(people: People) -> None:
    schedule(people, instruments=["nrs"])
    done = form(
        browser(people),
        link_to(people),
        {**NO_SIGNS, "flag_fever_or_chills": "yes", "answer_1": "3"},
    )
    box = _help_box(done.text)
    listed = [li.get_text(strip=True) for li in box.select("ul.findings li")]
    assert listed == ["A high temperature, chills or shivering fits"]
    text = box.get_text(" ")
    assert text.index("You answered yes to:") < text.index("Get medical help today:")
    assert "24-hour number" not in text


def test_a_possible_spinal_cord_compression_names_the_cancer_teams_line(people: People) -> None:
    profile = profile_of(people, people["a.client1"])
    screen_client(people, profile, "history_of_cancer", days_ago=20)
    safety.add_clearance(
        people.store,
        profile,
        cleared_on=NOW.date().isoformat(),
        cleared_by="Dr Lan Pham",
        lifts="history_of_cancer",
        today=NOW.date(),
    )
    schedule(people, instruments=["nrs"])
    calm = {f"flag_{q}": "no" for q in (*NEW_SIGNS, *SPINE)}
    sent = {**NO_SIGNS, **calm, "flag_leg_weakness_new": "yes", "answer_1": "3"}
    done = form(browser(people), link_to(people), sent)
    box = _help_box(done.text)
    assert "Get help now" in box.text and "24-hour number" in box.text
    assert "spinal cord compression" in box.text
    # The screening's own result says it too.
    answers = {**NO_TO_ALL, "active_cancer": True, "leg_numbness_new": True}
    assert "24-hour number" in screen(answers, today=NOW.date()).shown_message
    assert (
        "24-hour" not in screen({**NO_TO_ALL, "chest_pain": True}, today=NOW.date()).shown_message
    )


def test_the_therapist_is_told_the_number_the_vietnamese_client_was_shown(people: People) -> None:
    account = people["a.client1"]
    assert account.profile_id is not None
    people.store.set_profile_language(account.profile_id, "vi")
    schedule(people, instruments=["nrs"])
    sent = {**NO_SIGNS, "flag_chest_pain": "yes", "answer_1": "3", "language": "vi"}
    done = form(browser(people), link_to(people), sent)
    assert "tel:115" in done.text
    page = as_(people, "a.therapist1").get("/clinic/follow-up").text  # read in English
    alert = BeautifulSoup(page, "html.parser").select_one("main [role=alert]")
    assert alert is not None and "the client was told to call 115" in alert.get_text(" ")


def test_a_vietnamese_client_reads_every_warning_sign_in_vietnamese(people: People) -> None:
    account = people["a.client1"]
    assert account.profile_id is not None
    people.store.set_profile_language(account.profile_id, "vi")
    schedule(people, instruments=["nrs"])
    page = BeautifulSoup(browser(people).get(link_to(people)).text, "html.parser")
    legends = [x.get_text(" ", strip=True) for x in page.select("fieldset legend")]
    chest = next(x for x in legends if "ngực" in x)  # chest pain, with its time frame
    assert "Trả lời Có nếu dấu hiệu này mới xuất hiện" in chest
    assert not [x for x in legends if "Say yes if" in x or "Do you have cancer" in x]
