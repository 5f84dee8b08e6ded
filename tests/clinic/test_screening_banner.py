"""On the clinic server the screening's stop banner is the local app's (people review 8,
F5): a client's own answers first, then what to do now, the signs behind "Why"."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup, Tag

from backrub.domain.verdicts import EMERGENCY_ACTION, EMERGENCY_WHY, SPINAL_CORD_WHY
from tests.clinic.conftest import People, as_, form
from tests.web.conftest import answers, as_shown

pytestmark = [pytest.mark.postgres]


def test_a_clients_emergency_opens_with_their_own_answer(people: People) -> None:
    client = as_(people, "a.client1")
    chosen = answers(history_of_cancer=True, leg_weakness_new=True)
    response = form(client, "/screening", chosen)
    assert response.status_code == 200
    alert = BeautifulSoup(response.text, "html.parser").find(attrs={"role": "alert"})
    assert isinstance(alert, Tag)
    shown = " ".join(alert.get_text().split())
    order = [
        "You answered yes to:",
        "Cancer now or in the past, with weakness, numbness or pain in a leg",
        as_shown(EMERGENCY_ACTION),
        "Do not drive yourself: ask someone to take you to the emergency department now.",
        "Why",
        as_shown(SPINAL_CORD_WHY),  # the part of the client's own answers first
    ]
    places = [shown.index(words) for words in order]
    assert places == sorted(places), shown
    why = alert.find("details")
    assert isinstance(why, Tag)
    for part in EMERGENCY_WHY:
        assert as_shown(part) in " ".join(why.get_text().split())


def test_a_clients_today_page_repeats_the_answer_and_the_ambulance_line(people: People) -> None:
    # Review 10, M1: the same block as the result, on the client's own Today page too.
    client = as_(people, "a.client1")
    assert form(client, "/screening", answers(chest_pain=True)).status_code == 200
    page = BeautifulSoup(client.get("/").text, "html.parser")
    alert = page.find(attrs={"role": "alert"})
    assert isinstance(alert, Tag)
    shown = " ".join(alert.get_text().split())
    findings = alert.find("ul", class_="findings")
    assert isinstance(findings, Tag) and findings.get_text(strip=True) == "Chest pain"
    assert "for an ambulance now." in shown  # the action asks for it, once
    assert "Do not drive yourself: wait for the ambulance." in shown
    assert "go to an emergency department" not in shown.split("Why")[0]
