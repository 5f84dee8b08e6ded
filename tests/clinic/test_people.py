"""The administrator's pages: the clinic's people, assignment, removal and deletion."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from backrub.domain.accounts import Role
from backrub.store import accounts as account_rows
from backrub.store.clinic_tables import accounts, assignments, audit_log
from tests.clinic.conftest import _HASH, PASSWORD, People, as_, browser, form
from tests.web.conftest import NOW

pytestmark = pytest.mark.postgres


def test_the_people_page_lists_this_clinic_only(people: People):
    admin = as_(people, "a.admin")
    form(admin, "/clinic/invite", {"role": "therapist", "email": "new@a.example", "name": "Hoa"})
    page = admin.get("/clinic/people")
    assert page.status_code == 200
    staff = page.text.split('id="staff"')[1].split("</table>")[0]
    assert "Therapist1 A" in staff and "therapist1@a.example" in staff
    assert "<td>1</td>" in staff  # therapist 1 has one client
    clients = page.text.split('id="clients"')[1].split("</table>")[0]
    assert "Client1 A" in clients and "Client3 A" in clients and "None yet" in clients
    assert "Hoa" in page.text.split('id="invitations"')[1]
    assert " B<" not in page.text and "b.example" not in page.text
    for name in ("a.therapist1", "a.client1"):
        assert as_(people, name).get("/clinic/people").status_code == 404
    assert browser(people).get("/clinic/people").status_code == 303


def test_withdrawing_an_invitation_ends_its_link(people: People):
    admin = as_(people, "a.admin")
    page = form(admin, "/clinic/invite", {"role": "client", "email": "w@x.org", "name": "W"})
    link = page.text.split('id="invitation-link" href="http://localhost')[1].split('"')[0]
    done = form(admin, "/clinic/invitations/withdraw", {"email": "w@x.org"})
    assert done.status_code == 303
    assert browser(people).get(link).status_code == 404
    assert "No open invitations." in admin.get("/clinic/people").text


def test_another_clinics_person_is_not_found_on_every_admin_page(people: People):
    admin = as_(people, "a.admin")
    mine = people["a.client1"].public_id
    for name in ("b.client1", "b.therapist1", "b.admin"):
        theirs = people[name].public_id
        assert admin.get(f"/clinic/people/{theirs}").status_code == 404
        assert admin.get(f"/clinic/people/{theirs}/delete").status_code == 404
        therapist = people["a.therapist2"].public_id
        for action in ("assign", "unassign", "remove"):
            answer = form(admin, f"/clinic/people/{theirs}/{action}", {"therapist": therapist})
            assert answer.status_code == 404, (name, action)
        deleted = form(
            admin, f"/clinic/people/{theirs}/delete", {"confirm": people[name].display_name}
        )
        assert deleted.status_code == 404
    theirs = people["b.therapist1"].public_id
    assert form(admin, f"/clinic/people/{mine}/assign", {"therapist": theirs}).status_code == 422
    assert form(admin, f"/clinic/people/{mine}/unassign", {"therapist": theirs}).status_code == 404
    assert admin.get("/clinic/people/not-a-uuid").status_code == 404
    with people.store.reading() as c:
        rows = c.execute(select(accounts.c.active)).all()
        assert all(r.active for r in rows) and len(rows) == 12
        assert len(c.execute(select(assignments)).all()) == 4


def test_assign_and_unassign_a_client(people: People):
    admin = as_(people, "a.admin")
    client = people["a.client3"].public_id
    therapist = people["a.therapist2"]
    done = form(admin, f"/clinic/people/{client}/assign", {"therapist": therapist.public_id})
    assert done.status_code == 303
    page = admin.get(done.headers["location"])
    assert "Assigned." in page.text
    assert "Therapist2 A" in page.text.split('id="therapists"')[1].split("</ul>")[0]
    form(admin, f"/clinic/people/{client}/unassign", {"therapist": therapist.public_id})
    assert "No therapist yet." in admin.get(f"/clinic/people/{client}").text
    with people.store.reading() as c:
        actions = c.execute(select(audit_log.c.action, audit_log.c.client_ref)).all()
    assert ("assign", client) in actions and ("unassign", client) in actions


def test_a_removed_therapist_loses_access_at_once(people: People):
    therapist = as_(people, "a.therapist1")
    assert therapist.get("/clinic").status_code == 200
    admin = as_(people, "a.admin")
    target = people["a.therapist1"].public_id
    done = form(admin, f"/clinic/people/{target}/remove", {})
    assert done.status_code == 303
    after = therapist.get("/clinic")
    assert after.status_code == 303 and after.headers["location"].startswith("/sign-in")
    again = form(
        browser(people), "/sign-in", {"email": "therapist1@a.example", "password": PASSWORD}
    )
    assert again.status_code == 401
    page = admin.get("/clinic/people")
    assert "Removed" in page.text
    with people.store.reading() as c:
        mine = select(assignments).where(assignments.c.therapist_id == people["a.therapist1"].id)
        assert c.execute(mine).first() is None
        assert ("remove", None) in c.execute(
            select(audit_log.c.action, audit_log.c.client_ref)
        ).all()


def test_the_last_administrator_cannot_be_removed(people: People):
    admin = as_(people, "a.admin")
    me = people["a.admin"].public_id
    refused = form(admin, f"/clinic/people/{me}/remove", {})
    assert refused.status_code == 422
    assert "The clinic needs an administrator" in refused.text
    assert admin.get("/clinic/people").status_code == 200
    second = account_rows.add_account(
        people.store,
        clinic_id=people.clinic_ids["a"],
        role=Role.ADMIN,
        email="admin2@a.example",
        display_name="Admin2 A",
        password_hash=_HASH,
        now=NOW,
    )
    assert form(admin, f"/clinic/people/{second.public_id}/remove", {}).status_code == 303
    assert form(admin, f"/clinic/people/{me}/remove", {}).status_code == 422


def test_an_admin_invites_a_client_for_a_therapist(people: People):
    admin = as_(people, "a.admin")
    therapist = people["a.therapist2"]
    page = form(
        admin,
        "/clinic/invite",
        {
            "role": "client",
            "email": "for@t2.org",
            "name": "For T2",
            "therapist": therapist.public_id,
        },
    )
    link = page.text.split('id="invitation-link" href="http://localhost')[1].split('"')[0]
    newcomer = browser(people)
    values = {"password": "a quiet walk by the river", "tz": "UTC", "language": "en"}
    done = form(newcomer, link, {**values, "again": values["password"]})
    assert done.headers["location"] == "/"
    listed = admin.get("/clinic/people").text.split('id="clients"')[1].split("</table>")[0]
    row = listed.split("For T2")[1].split("</tr>")[0]
    assert "Therapist2 A" in row
