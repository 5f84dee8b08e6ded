"""What a browser review found on follow-up (people review 7: F1, F2, F12, F13).

A client who answers a warning sign on a follow-up link gets the emergency
number of their own zone and language as a link they can tap, never a help
service of one English region; the therapist can record a contact from the
client's row; the link box names its questionnaire; no page promises reminders
that nothing sends.
"""

from __future__ import annotations

from typing import Any

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import select

from backrub.store import tables as t
from tests.clinic.conftest import People, as_, browser, form
from tests.clinic.test_follow_up import NO_SIGNS, link_to, schedule
from tests.clinic.test_follow_up_alerts import _in_zone
from tests.clinic.test_therapist_list import profile_of, screen

pytestmark = [pytest.mark.postgres, pytest.mark.usefixtures("maintenance")]


def _help_box(page: str) -> Any:
    found = BeautifulSoup(page, "html.parser").select_one("main .urgent-help")
    assert found is not None, "no 'get help' box"
    return found


def _calls(box: Any) -> list[str]:
    return [str(a["href"]) for a in box.select("a[href^='tel:']")]


def test_every_get_help_box_of_a_follow_up_names_the_zones_number_as_a_tel_link(
    people: People,
) -> None:
    _in_zone(people)  # Vietnam: 115
    schedule(people, instruments=["nrs"])
    path = link_to(people)
    client = browser(people)
    saved = form(client, path, {"flag_chest_pain": "yes", "action": "later"})
    assert saved.status_code == 303
    form_page = client.get(saved.headers["location"]).text
    wrong = form(client, path, {**NO_SIGNS, "flag_chest_pain": "yes"})  # an answer missing
    assert wrong.status_code == 422
    done = form(client, path, {**NO_SIGNS, "flag_chest_pain": "yes", "answer_1": "3"})
    assert done.status_code == 200 and "Thank you" in done.text
    for page in (form_page, wrong.text, done.text):
        box = _help_box(page)
        assert _calls(box) == ["tel:115"] and "Call 115 now" in box.text
        assert "LPFT" not in page and "need help now" not in box.text.lower()


def test_a_same_day_sign_gives_the_number_without_telling_to_call_it_now(
    people: People,
) -> None:
    _in_zone(people)
    schedule(people, instruments=["nrs"])
    done = form(
        browser(people),
        link_to(people),
        {**NO_SIGNS, "flag_fever_or_chills": "yes", "answer_1": "3"},
    )
    box = _help_box(done.text)
    assert _calls(box) == ["tel:115"] and "get medical help today" in box.text.lower()
    assert "Call 115 now" not in box.text


def test_a_vietnamese_client_in_no_known_zone_still_gets_115(people: People) -> None:
    account = people["a.client1"]
    assert account.profile_id is not None
    people.store.set_profile_language(account.profile_id, "vi")
    schedule(people, instruments=["nrs"])
    done = form(
        browser(people),
        link_to(people),
        {**NO_SIGNS, "flag_chest_pain": "yes", "answer_1": "3", "language": "vi"},
    )
    assert _calls(_help_box(done.text)) == ["tel:115"]


def _row(page: str, people: People, name: str) -> Any:
    found = BeautifulSoup(page, "html.parser").select_one(f"#c-{people[name].public_id}")
    assert found is not None
    return found


def _stop_contacts(people: People) -> list[Any]:
    with people.store.reading() as c:
        return [tuple(r) for r in c.execute(select(t.stop_contacts.c.note)).all()]


def test_an_emergency_sign_of_the_screening_can_be_marked_contacted_from_the_row(
    people: People,
) -> None:
    screen(people, profile_of(people, people["a.client2"]), "saddle_numbness", days_ago=0)
    therapist = as_(people, "a.therapist2")
    row = _row(therapist.get("/clinic/clients").text, people, "a.client2")
    assert "Emergency signs:" in row.text
    path = f"/clinic/clients/{people['a.client2'].public_id}/contacted"
    link = row.find("a", string="Record that you contacted the client")
    assert link is not None and link["href"] == path
    page = therapist.get(path).text
    assert "no urgent answer" not in page and "genitals" in page
    seen = BeautifulSoup(page, "html.parser").select_one("input[name=seen]")
    assert seen is not None
    empty = form(therapist, path, {"about": "stop", "seen": seen["value"], "note": ""})
    assert empty.status_code == 422 and _stop_contacts(people) == []
    saved = form(therapist, path, {"about": "stop", "seen": seen["value"], "note": "Phoned."})
    assert saved.status_code == 303 and _stop_contacts(people) == [("Phoned.",)]
    row = _row(therapist.get("/clinic/clients").text, people, "a.client2")
    assert "Emergency signs:" in row.text  # the stop stands until a clinician saw the client
    assert "Contacted by Therapist2 A at" in row.text
    assert row.find("a", string="Record that you contacted the client") is None


def test_a_stop_contact_is_refused_when_newer_answers_arrived_meanwhile(people: People) -> None:
    profile = profile_of(people, people["a.client2"])
    screen(people, profile, "fever_or_chills", days_ago=1)
    therapist = as_(people, "a.therapist2")
    path = f"/clinic/clients/{people['a.client2'].public_id}/contacted"
    old = BeautifulSoup(therapist.get(path).text, "html.parser").select_one("input[name=seen]")
    assert old is not None
    screen(people, profile, "chest_pain", days_ago=0)  # newer, unread
    refused = form(therapist, path, {"about": "stop", "seen": old["value"], "note": "Phoned."})
    assert refused.status_code == 422 and "read it first" in refused.text
    assert "Chest pain" in refused.text and _stop_contacts(people) == []


def test_a_follow_up_sign_on_the_row_links_to_its_contact_and_then_says_who(
    people: People,
) -> None:
    schedule(people, instruments=["nrs"])
    form(browser(people), link_to(people), {"flag_chest_pain": "yes", "action": "later"})
    therapist = as_(people, "a.therapist1")
    row = _row(therapist.get("/clinic/clients").text, people, "a.client1")
    assert "Emergency signs:" in row.text and "No safety answers yet" not in row.text
    path = f"/clinic/clients/{people['a.client1'].public_id}/follow-up/contacted"
    link = row.find("a", string="Record that you contacted the client")
    assert link is not None and link["href"] == path
    seen = BeautifulSoup(therapist.get(path).text, "html.parser").select_one("input[name=seen]")
    assert seen is not None
    assert form(therapist, path, {"seen": seen["value"], "note": "Phoned."}).status_code == 303
    row = _row(therapist.get("/clinic/clients").text, people, "a.client1")
    assert "Contacted by Therapist1 A at" in row.text


def test_the_contact_page_says_nothing_is_open_only_when_true(people: People) -> None:
    therapist = as_(people, "a.therapist2")
    path = f"/clinic/clients/{people['a.client2'].public_id}/contacted"
    assert "has no urgent answer to follow up" in therapist.get(path).text
    screen(people, profile_of(people, people["a.client2"]), "chest_pain", days_ago=0)
    assert "has no urgent answer to follow up" not in therapist.get(path).text


def test_the_link_box_names_its_questionnaire_and_the_row_says_a_link_was_made(
    people: People,
) -> None:
    schedule(people, instruments=["peg"])
    therapist = as_(people, "a.therapist1")
    page = f"/clinic/clients/{people['a.client1'].public_id}/follow-up"
    chosen = BeautifulSoup(therapist.get(page).text, "html.parser").select_one(
        "input[name=administration]"
    )
    assert chosen is not None
    shown = form(therapist, f"{page}/link", {"administration": chosen["value"]})
    box = BeautifulSoup(shown.text, "html.parser").select_one("main [role=status] h2")
    assert box is not None and box.text.startswith("Link for PEG") and "due 2026-03-02" in box.text
    again = BeautifulSoup(therapist.get(page).text, "html.parser")
    states = [row.select("td")[2].text for row in again.select("main tbody tr")]
    assert states[0].startswith("not sent; a link was made 2026-03-02 09:30")
    assert all(s.startswith("not sent yet") for s in states[1:])  # the 12 and 24 weeks


def test_the_link_box_in_vietnamese_gives_the_due_day_as_a_day(people: People) -> None:
    # The English heading says "due 2026-03-02"; in Vietnamese it was the day and a time.
    schedule(people, instruments=["peg"])
    therapist = as_(people, "a.therapist1")
    assert form(therapist, "/language", {"language": "vi", "next": "/account"}).status_code == 303
    page = f"/clinic/clients/{people['a.client1'].public_id}/follow-up"
    chosen = BeautifulSoup(therapist.get(page).text, "html.parser").select_one(
        "input[name=administration]"
    )
    assert chosen is not None
    shown = form(therapist, f"{page}/link", {"administration": chosen["value"]})
    box = BeautifulSoup(shown.text, "html.parser").select_one("main [role=status] h2")
    assert box is not None and box.text.endswith(" 2 thg 3, 2026"), box.text
    assert "2026-03-02" not in box.text and ":" not in box.text.split(",")[-2]


def test_no_page_promises_reminders_that_nothing_sends(people: People) -> None:
    schedule(people, instruments=["nrs"])
    therapist = as_(people, "a.therapist1")
    for page in ("/clinic/follow-up", f"/clinic/clients/{people['a.client1'].public_id}/follow-up"):
        text = BeautifulSoup(therapist.get(page).text, "html.parser").get_text(" ")
        assert "Reminders go" not in text and "reminders go" not in text
        assert "backrub sends nothing by itself" in text


def test_every_bad_schedule_field_is_named_at_once(people: People) -> None:
    refused = schedule(people, template="every_weeks", instruments=[], first_session="soon")
    assert refused.status_code == 422
    soup = BeautifulSoup(refused.text, "html.parser")
    named = {str(i.get("name")) for i in soup.select(".has-error input")}
    assert {"instruments", "first_session"} <= named


def test_a_follow_up_sign_is_on_the_clients_page_and_its_timeline_with_its_time(
    people: People,
) -> None:
    schedule(people, instruments=["nrs"])
    form(browser(people), link_to(people), {"flag_chest_pain": "yes", "action": "later"})
    page = as_(people, "a.therapist1").get(f"/clinic/clients/{people['a.client1'].public_id}")
    soup = BeautifulSoup(page.text, "html.parser")
    assert "No safety answers yet" not in page.text
    banner = soup.select_one("main [role=alert]") or soup.select_one("main .stop")
    assert banner is not None and "Chest pain" in banner.text
    lines = [" ".join(row.get_text(" ").split()) for row in soup.select("main tbody tr")]
    assert any("Emergency sign (follow-up, 2026-03-02 09:30): Chest pain" in x for x in lines)
