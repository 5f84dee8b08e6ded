"""What a follow-up says after a cancer "yes" (clinical review 8, S1, S4 and S5).

A "yes" to cancer now, and no other sign, is not answered "most people with
these signs turn out not to have a serious cause": the client is told to tell
their cancer team or doctor about the back pain and ask which massage is safe.
Cancer with new spinal pain is the same day, with the cancer team's 24-hour
line and the signs of spinal cord compression that mean the emergency number.
"""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from backrub.domain.screening import Verdict
from tests.clinic.conftest import People, browser, form
from tests.clinic.test_follow_up import NO_SIGNS, link_to, questionnaires, schedule

pytestmark = [pytest.mark.postgres, pytest.mark.usefixtures("maintenance")]

ADDED = (
    "leg_weakness_new",
    "leg_numbness_new",
    "leg_pain_below_knee_new",
    "back_pain_worsening",
    "spinal_pain_new",
)


def _banner(page: str) -> str:
    found = BeautifulSoup(page, "html.parser").select_one(".urgent-help")
    assert found is not None, "no banner"
    return " ".join(found.get_text(" ").split())


def _send(people: People, *yes: str) -> str:
    schedule(people, instruments=["nrs"])
    path = link_to(people)
    client = browser(people)
    form(client, path, {**NO_SIGNS, "flag_active_cancer": "yes", "answer_1": "3"})
    said = {f"flag_{q}": "no" for q in ADDED} | {f"flag_{q}": "yes" for q in yes}
    done = form(client, path, {**NO_SIGNS, "flag_active_cancer": "yes", **said, "answer_1": "3"})
    assert done.status_code == 200
    return done.text


def test_a_cancer_yes_alone_is_told_to_tell_the_cancer_team_not_that_most_are_fine(
    people: People,
) -> None:
    banner = _banner(_send(people))
    assert questionnaires(people)[0].urgency is Verdict.STOP_SEE_CLINICIAN
    assert "Cancer now or under treatment" in banner  # what was answered yes
    assert "turn out not to have a serious cause" not in banner
    assert "tell them about your back pain" in banner
    assert "which kinds of massage are safe for you" in banner


def test_cancer_with_new_spinal_pain_is_same_day_with_the_cancer_teams_line(
    people: People,
) -> None:
    banner = _banner(_send(people, "spinal_pain_new"))
    kept = questionnaires(people)[0]
    assert kept.urgency is Verdict.STOP_SAME_DAY and "cancer_with_spinal_pain" in kept.red_flags
    assert "24-hour number, call it today" in banner
    after = banner.split("24-hour number")[1]
    for sign in ("weakness", "numbness", "difficulty walking", "bladder or bowel control"):
        assert sign in after, sign
