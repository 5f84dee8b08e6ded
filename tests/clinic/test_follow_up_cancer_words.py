"""What a follow-up says after a cancer "yes" (clinical review 8, S1, S4 and S5).

A "yes" to cancer now, and no other sign, is not answered "most people with
these signs turn out not to have a serious cause": the client is told to tell
their cancer team or doctor about the back pain and ask which massage is safe.
Cancer with new spinal pain is the same day, with the cancer team's 24-hour
line and the signs of spinal cord compression that mean the emergency number.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from bs4 import BeautifulSoup

from backrub.domain.follow_up_signs import asks_later_signs
from backrub.domain.screening import Verdict
from tests.clinic.conftest import People, browser, form
from tests.clinic.test_follow_up import NO_SIGNS, link_to, questionnaires, schedule
from tests.web.conftest import NOW

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


LATER = {"unexplained_weight_loss", "night_pain_unrelieved"}


def _asked(page: str) -> set[str]:
    soup = BeautifulSoup(page, "html.parser")
    return {str(i["name"]).removeprefix("flag_") for i in soup.select("input[name^=flag_]")}


@pytest.mark.parametrize(("weeks_ago", "asked"), [(15, True), (10, False)])
def test_every_5_weeks_asks_the_later_cancer_signs_from_week_12_on(
    people: People, weeks_ago: int, asked: bool
) -> None:
    # Review CLIN-8 M4: by time since the first session, not by the template's labels.
    first = (NOW.date() - timedelta(weeks=weeks_ago)).isoformat()
    sent = schedule(people, template="every_weeks", every_weeks="5", first_session=first)
    assert sent.status_code in (200, 303), sent.text[-300:]
    assert questionnaires(people)[0].why == f"week {weeks_ago}"
    shown = _asked(browser(people).get(link_to(people)).text)
    assert (shown >= LATER) is asked and "active_cancer" in shown


def test_the_later_signs_are_asked_once_after_week_12_and_once_after_week_24() -> None:
    start = date(2026, 1, 5)
    week = [start + timedelta(weeks=w) for w in (5, 10, 15, 20, 25)]
    assert [asks_later_signs(d, start, [x for x in week if x != d]) for d in week] == [
        False,
        False,
        True,
        False,
        True,
    ]
    # Two questionnaires due the same day (two instruments) both ask them.
    assert asks_later_signs(week[2], start, [week[2], *week[:2]])
