"""The client list's follow-ups (REVIEW-CLIN-13 S2, S4): how old an urgent mood answer
is, "I contacted the client", and a stop lifted by a clearance the client recorded.

An urgent answer (PHQ-9 item 9 above 0) shows its age. The assigned therapist
records that they contacted the client, with a note: the line stays, lowered to
"Look at first" with who and when, until a newer answer, which is urgent again.
Nobody else reaches the form (404), an empty or huge note is refused by its
field with nothing written, and the contact is audited and goes with the client.
For 30 days after a clearance lifted a stop, the list says so.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import select

from backrub.services import caseload, safety
from backrub.store import tables as t
from backrub.store.clinic_tables import audit_log
from tests.clinic.conftest import People, as_, form
from tests.clinic.test_therapist_list import SOON, answer, profile_of, screen
from tests.web.conftest import NOW

pytestmark = [pytest.mark.postgres, pytest.mark.usefixtures("maintenance")]

SELF_HARM = "0,0,0,0,0,0,0,0,1"
NOTE = "Phoned her at 10; she has seen her GP and has the crisis line number."


def contacts(people: People) -> list[Any]:
    with people.store.reading() as c:
        return [tuple(r) for r in c.execute(select(t.flag_contacts)).all()]


def line_of(people: People, name: str = "a.client1") -> Any:
    found = caseload.client_list(people.store, people["a.therapist1"], NOW)
    return next(line for line in found if line.public_id == people[name].public_id)


def contact_path(people: People, name: str = "a.client1") -> str:
    return f"/clinic/clients/{people[name].public_id}/contacted"


def seen(browser: Any, people: People) -> str:
    """The answer the contact form shows, as its hidden field names it."""
    page = BeautifulSoup(browser.get(contact_path(people)).text, "html.parser")
    found = page.find("input", attrs={"name": "seen"})
    assert found is not None
    return str(found["value"])


def test_an_urgent_mood_answer_shows_its_age_on_the_list(people: People):
    answer(people, profile_of(people, people["a.client1"]), "phq9", SELF_HARM, hours_ago=24 * 11)
    urgent = line_of(people).concerns[0]
    assert urgent.rank == 5 and urgent.age_days == 11
    page = as_(people, "a.therapist1").get("/clinic/clients").text
    assert "(11 days ago)" in page
    assert contact_path(people) in page  # "Record that you contacted the client"


def test_a_contact_lowers_the_flag_until_a_newer_answer(people: People):
    profile = profile_of(people, people["a.client1"])
    answer(people, profile, "phq9", SELF_HARM, hours_ago=30)
    therapist = as_(people, "a.therapist1")
    page = therapist.get(contact_path(people))
    assert page.status_code == 200 and "thoughts of being better off dead" in page.text
    saved = form(therapist, contact_path(people), {"note": NOTE, "seen": seen(therapist, people)})
    assert (
        saved.status_code == 303 and saved.headers["location"] == "/clinic/clients?saved=contacted"
    )
    line = line_of(people)
    (lowered,) = [c for c in line.concerns if c.who == "Therapist1 A"]
    assert lowered.rank == 1 and lowered.label == "Look at first:" and not line.urgent
    assert lowered.note == NOTE and lowered.age_days == 1 and lowered.on == NOW.date()
    listed = therapist.get(saved.headers["location"]).text
    assert "Your contact with the client is recorded." in listed
    assert "Contacted on" in listed and "by Therapist1 A" in listed and NOTE in listed
    assert "(1 day ago)" in listed  # the old flag is still there, with its age

    answer(people, profile, "phq9", SELF_HARM, hours_ago=1)  # a newer answer: urgent again
    line = line_of(people)
    assert line.urgent and line.concerns[0].rank == 5 and line.concerns[0].who is None
    answer(people, profile, "phq9", "0,0,0,0,0,0,0,0,0", hours_ago=0)  # answered calm since
    assert all(c.rank < 5 for c in line_of(people).concerns)


def test_nobody_else_records_a_contact_and_nothing_is_written(people: People):
    answer(people, profile_of(people, people["a.client1"]), "phq9", SELF_HARM, hours_ago=3)
    answer(people, profile_of(people, people["a.client2"]), "phq9", SELF_HARM, hours_ago=3)
    for who in ("a.therapist2", "a.client1", "a.admin", "b.therapist1"):
        browser = as_(people, who)
        assert browser.get(contact_path(people)).status_code == 404, who
        assert form(browser, contact_path(people), {"note": NOTE}).status_code == 404, who
    therapist = as_(people, "a.therapist1")  # another therapist's client
    assert therapist.get(contact_path(people, "a.client2")).status_code == 404
    assert form(therapist, contact_path(people, "a.client2"), {"note": NOTE}).status_code == 404
    assert therapist.post(contact_path(people), data={"note": NOTE}).status_code == 403  # CSRF
    assert contacts(people) == []


@pytest.mark.parametrize(
    ("note", "said"),
    [("", "say in a few words how you contacted the client"), ("x" * 501, "at most 500")],
)
def test_an_empty_or_huge_note_is_refused_by_its_field(people: People, note: str, said: str):
    answer(people, profile_of(people, people["a.client1"]), "phq9", SELF_HARM, hours_ago=3)
    therapist = as_(people, "a.therapist1")
    answer_ = form(therapist, contact_path(people), {"note": note, "seen": seen(therapist, people)})
    assert answer_.status_code == 422
    assert 'id="f-note-error"' in answer_.text and said in answer_.text.lower()
    assert contacts(people) == []


def test_without_an_urgent_answer_there_is_nothing_to_record(people: People):
    therapist = as_(people, "a.therapist1")
    page = therapist.get(contact_path(people))
    assert page.status_code == 200 and "has no urgent answer to follow up" in page.text
    assert f'action="{contact_path(people)}"' not in page.text  # no form to send
    assert form(therapist, contact_path(people), {"note": NOTE}).status_code == 422
    assert contacts(people) == []


def test_the_contact_is_audited_and_goes_with_the_client(people: People):
    answer(people, profile_of(people, people["a.client1"]), "phq9", SELF_HARM, hours_ago=3)
    therapist = as_(people, "a.therapist1")
    form(therapist, contact_path(people), {"note": NOTE, "seen": seen(therapist, people)})
    with people.store.reading() as c:
        found = c.execute(select(audit_log).where(audit_log.c.action == "change")).mappings()
        entries = [dict(e) for e in found]
    (entry,) = [e for e in entries if e["what"] == "POST /clinic/clients/{public_id}/contacted"]
    assert entry["client_ref"] == people["a.client1"].public_id
    assert len(contacts(people)) == 1
    admin = as_(people, "a.admin")
    target = people["a.client1"].public_id
    done = form(admin, f"/clinic/people/{target}/delete", {"confirm": "Client1 A"})
    assert done.status_code == 303
    assert contacts(people) == []


def test_a_stop_lifted_by_the_clients_clearance_shows_for_30_days(people: People):
    profile = profile_of(people, people["a.client1"])
    screen(people, profile, SOON, days_ago=40)
    safety.add_clearance(
        people.store,
        profile,
        cleared_on=(NOW - timedelta(days=30)).date().isoformat(),
        cleared_by="Dr Lan Pham",
        lifts=SOON,
        today=NOW.date(),
    )
    (lifted,) = [c for c in line_of(people).concerns if c.who]
    assert lifted.rank == 1 and lifted.on == (NOW - timedelta(days=30)).date()
    page = as_(people, "a.therapist1").get("/clinic/clients").text
    assert "Stop lifted by a clearance the client recorded: cleared by Dr Lan Pham on" in page
    later = NOW + timedelta(days=1)  # day 31: no longer said
    found = caseload.client_list(people.store, people["a.therapist1"], later)
    line = next(x for x in found if x.public_id == people["a.client1"].public_id)
    assert not [c for c in line.concerns if c.who]


def test_a_newer_answer_after_the_form_was_read_is_refused_until_read(people: People):
    """Review S6-12: the contact names the answer the form showed; a newer one is not
    lowered to "Look at first" unread."""
    profile = profile_of(people, people["a.client1"])
    answer(people, profile, "phq9", SELF_HARM, hours_ago=30)
    therapist = as_(people, "a.therapist1")
    shown = seen(therapist, people)
    answer(people, profile, "phq9", "0,0,0,0,0,0,0,0,2", hours_ago=0)  # arrives meanwhile
    refused = form(therapist, contact_path(people), {"note": NOTE, "seen": shown})
    assert refused.status_code == 422
    assert "a newer answer arrived; read it first" in refused.text.lower()
    assert contacts(people) == [] and line_of(people).urgent
    assert form(therapist, contact_path(people), {"note": NOTE}).status_code == 422  # none named
    assert contacts(people) == []
    fresh = BeautifulSoup(refused.text, "html.parser").find("input", attrs={"name": "seen"})
    assert fresh is not None and fresh["value"] != shown
    saved = form(therapist, contact_path(people), {"note": NOTE, "seen": fresh["value"]})
    assert saved.status_code == 303 and len(contacts(people)) == 1
