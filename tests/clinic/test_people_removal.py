"""Removing a therapist asks first, saying what it does, and then lists who needs a therapist."""

from __future__ import annotations

import re

import pytest

from tests.clinic.conftest import People, as_, browser, form

pytestmark = pytest.mark.postgres


def test_removing_a_therapist_asks_first_and_then_lists_their_clients_to_assign(people: People):
    therapist = as_(people, "a.therapist1")
    invited = form(therapist, "/clinic/invite", {"email": "dao@x.org", "name": "Dao Pham"})
    link = re.search(r'id="invitation-link" href="http://localhost([^"]+)"', invited.text)
    assert link
    admin = as_(people, "a.admin")
    target = people["a.therapist1"].public_id
    person = admin.get(f"/clinic/people/{target}").text
    assert f'href="/clinic/people/{target}/remove"' in person  # a link to the question

    asked = admin.get(f"/clinic/people/{target}/remove")
    assert asked.status_code == 200
    assert "1 client will be left without a therapist. (Client1 A)" in asked.text
    assert "1 open invitation they made will be withdrawn" in asked.text
    assert therapist.get("/clinic").status_code == 200  # nothing done yet

    done = form(admin, f"/clinic/people/{target}/remove", {})
    assert done.status_code == 303 and done.headers["location"] == "/clinic/people?done=removed"
    page = admin.get(done.headers["location"]).text
    assert "Their open invitations were withdrawn." in page
    listed = page[page.index('id="unassigned"') :].split("</ul>")[0]
    assert "Client1 A" in listed and "Client3 A" in listed and "Client2 A" not in listed
    assert f'href="/clinic/people/{people["a.client1"].public_id}">Assign' in listed
    assert browser(people).get(link.group(1)).status_code == 404
    assert admin.get(f"/clinic/people/{target}/remove").status_code == 404  # removed already


def test_only_staff_of_ones_own_clinic_can_be_asked_about(people: People):
    admin = as_(people, "a.admin")
    for name in ("a.client1", "b.therapist1"):
        assert admin.get(f"/clinic/people/{people[name].public_id}/remove").status_code == 404
    therapist = as_(people, "a.therapist2")
    target = people["a.therapist1"].public_id
    assert therapist.get(f"/clinic/people/{target}/remove").status_code == 404
