"""Who sees a follow-up warning sign answered yes, and "I contacted the client" (S6-2, S6-12).

The time is in the client's own zone, the line says what the client was told,
a client with no therapist is seen by the administrator, and a contact is
refused when a newer "yes" arrived after the form was read.
"""

from __future__ import annotations

from typing import Any

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import delete, select, update

from backrub.store import tables as t
from backrub.store.clinic_tables import assignments, audit_log
from backrub.store.follow_up_tables import administrations
from tests.clinic.conftest import People, as_, browser, form
from tests.clinic.test_follow_up import link_to, schedule

pytestmark = [pytest.mark.postgres, pytest.mark.usefixtures("maintenance")]

NOTE = "Phoned at 17:00; she is on her way to the emergency department."
ZONE = "Asia/Ho_Chi_Minh"  # NOW is 09:30 UTC: 16:30 there


def _yes(people: People, sign: str = "chest_pain", index: int = 0, path: str = "") -> None:
    sent = form(
        browser(people),
        path or link_to(people, index=index),
        {f"flag_{sign}": "yes", "action": "later"},
    )
    assert sent.status_code == 303


def _in_zone(people: People, name: str = "a.client1") -> None:
    with people.store.writing() as c:
        c.execute(
            update(t.profiles).where(t.profiles.c.id == people[name].profile_id).values(tz=ZONE)
        )


def _alarm(page: str) -> Any:
    return BeautifulSoup(page, "html.parser").select_one("main [role=alert]")


def _contact_path(people: People, name: str = "a.client1") -> str:
    return f"/clinic/clients/{people[name].public_id}/follow-up/contacted"


def _contacts(people: People) -> list[Any]:
    with people.store.reading() as c:
        query = select(administrations.c.contacted_at, administrations.c.contact_note)
        return [
            tuple(r) for r in c.execute(query.where(administrations.c.contacted_at.is_not(None)))
        ]


def test_the_alert_shows_the_clients_time_and_what_they_were_told(people: People) -> None:
    _in_zone(people)
    schedule(people)
    _yes(people)
    for page in ("/clinic/clients", "/clinic/follow-up"):
        alarm = _alarm(as_(people, "a.therapist1").get(page).text)
        assert alarm is not None and "Client1 A" in alarm.text, page
        assert "2026-03-02 16:30" in alarm.text and "UTC" not in alarm.text, page
        assert "the client was told to call" in alarm.text, page
        assert "go to an emergency department now" in alarm.text, page


def test_a_client_with_no_therapist_is_seen_by_the_administrator(people: People) -> None:
    schedule(people)
    path = link_to(people)
    with people.store.writing() as c:  # the therapist leaves: nobody is assigned
        c.execute(delete(assignments).where(assignments.c.client_id == people["a.client1"].id))
    _yes(people, path=path)
    admin = as_(people, "a.admin")
    alarm = _alarm(admin.get("/clinic").text)
    assert alarm is not None and "Client1 A" in alarm.text and "no therapist" in alarm.text
    assert "chest" not in alarm.text.lower()  # the administrator is not told the findings
    assert _alarm(as_(people, "a.therapist1").get("/clinic/clients").text) is None
    assert _alarm(as_(people, "b.admin").get("/clinic").text) is None  # another clinic
    with people.store.reading() as c:
        found = c.execute(select(audit_log.c.client_ref).where(audit_log.c.what == "GET /clinic"))
        assert people["a.client1"].public_id in {r.client_ref for r in found}
    page = admin.get(_contact_path(people))
    seen = BeautifulSoup(page.text, "html.parser").find("input", attrs={"name": "seen"})
    assert page.status_code == 200 and seen is not None
    saved = form(admin, _contact_path(people), {"seen": seen["value"], "note": NOTE})
    assert saved.status_code == 303 and saved.headers["location"] == "/clinic?saved=contacted"
    home = admin.get("/clinic").text
    assert _alarm(home) is None and NOTE in home and "Contacted on 2026-03-02 by Admin A" in home


def test_a_contact_lowers_the_alert_and_a_newer_yes_is_refused_until_read(people: People) -> None:
    schedule(people, instruments=["nrs", "peg"])  # two baselines
    _yes(people)
    therapist = as_(people, "a.therapist1")
    page = therapist.get(_contact_path(people))
    seen = BeautifulSoup(page.text, "html.parser").find("input", attrs={"name": "seen"})
    assert seen is not None and "chest" in page.text.lower()
    _yes(people, "bladder_bowel_change", index=1)  # a newer answer while the form is open
    refused = form(therapist, _contact_path(people), {"seen": seen["value"], "note": NOTE})
    assert refused.status_code == 422
    assert "a newer answer arrived; read it first" in refused.text.lower()
    assert "bladder" in refused.text.lower()  # the page now shows it
    assert _contacts(people) == []
    fresh = BeautifulSoup(refused.text, "html.parser").find("input", attrs={"name": "seen"})
    assert fresh is not None
    saved = form(therapist, _contact_path(people), {"seen": fresh["value"], "note": NOTE})
    assert saved.status_code == 303 and len(_contacts(people)) == 2
    listed = therapist.get("/clinic/clients").text
    assert _alarm(listed) is None and "client contacted" in listed and NOTE in listed


def test_nobody_else_reaches_the_contact_form(people: People) -> None:
    schedule(people)
    _yes(people)
    for who in ("a.therapist2", "a.admin", "a.client1", "b.therapist1"):  # a.admin: assigned
        client = as_(people, who)
        assert client.get(_contact_path(people)).status_code == 404, who
        assert form(client, _contact_path(people), {"note": NOTE}).status_code == 404, who
    assert _contacts(people) == []
    # Their own client with no such answer: nothing to record, and nothing written.
    therapist = as_(people, "a.therapist2")
    page = therapist.get(_contact_path(people, "a.client2"))
    assert page.status_code == 200 and "there is nothing to follow up" in page.text
    assert 'name="seen"' not in page.text  # no form to send
    sent = form(therapist, _contact_path(people, "a.client2"), {"note": NOTE})
    assert sent.status_code == 422 and _contacts(people) == []
