"""Invitations: a single-use, expiring link that makes the account and signs the person in."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from backrub.store.clinic_tables import accounts, assignments, invitations
from backrub.store.scope import clinic_scope
from tests.clinic.conftest import People, as_, browser, form
from tests.web.conftest import NOW

pytestmark = pytest.mark.postgres

NEW_PASSWORD = "a quiet walk by the river"


def invite(client, **data):
    page = form(client, "/clinic/invite", data)
    assert page.status_code == 200, page.text
    link = re.search(r'id="invitation-link" href="([^"]+)"', page.text)
    assert link
    return page, link.group(1)


def path_of(link: str) -> str:
    return link.removeprefix("http://localhost")


def accept(client, path, **data):
    values = {"password": NEW_PASSWORD, "again": NEW_PASSWORD, "tz": "Europe/Berlin"}
    values["language"] = "en"
    values.update(data)
    return form(client, path, values)


def test_a_therapist_invites_a_client_who_accepts_and_is_signed_in_as_theirs(people: People):
    therapist = as_(people, "a.therapist1")
    assert 'href="/clinic/invite?role=client"' in therapist.get("/clinic").text
    page, link = invite(therapist, email=" New.Client@Example.org ", name="Lan Nguyễn")
    assert link.startswith("http://localhost/invitations/")
    assert 'src="data:image/svg+xml' in page.text  # the QR code, inline, no script
    assert "works once and stops working in 7 days (9 March, 09:30 UTC)" in page.text
    assert "no-store" in page.headers["Cache-Control"]

    newcomer = browser(people)
    opened = newcomer.get(path_of(link))
    assert opened.status_code == 200
    assert "Lan Nguyễn" in opened.text and "Clinic A" in opened.text
    done = accept(newcomer, path_of(link), language="vi")
    assert done.status_code == 303 and done.headers["location"] == "/"
    home = newcomer.get("/")
    assert home.status_code == 200 and "Lan Nguyễn" in home.text

    with people.store.reading() as c:
        row = c.execute(select(accounts).where(accounts.c.email == "new.client@example.org")).one()
        assert (row.role, row.clinic_id) == ("client", people.clinic_ids["a"])
        pair = c.execute(select(assignments).where(assignments.c.client_id == row.id)).one()
        assert pair.therapist_id == people["a.therapist1"].id
        stored = c.execute(select(invitations.c.token_hash, invitations.c.used_at)).all()
    token = link.rsplit("/", 1)[1]
    assert all(token not in r.token_hash for r in stored) and stored[0].used_at == NOW
    from backrub.services import accounts as account_service

    found = account_service.check_password(people.store, "new.client@example.org", NEW_PASSWORD)
    assert found is not None
    with clinic_scope(found.clinic_id):
        profile = account_service.client_profile(people.store, found)
    assert profile is not None and (profile.tz, profile.language) == ("Europe/Berlin", "vi")


def test_an_admin_invites_a_therapist_who_lands_on_the_clinic_pages(people: People):
    admin = as_(people, "a.admin")
    _page, link = invite(admin, role="therapist", email="t3@a.example", name="Minh")
    newcomer = browser(people)
    short = accept(newcomer, path_of(link), password="only8chr", again="only8chr")
    assert short.status_code == 422
    assert "at least 12 characters" in short.text
    done = accept(newcomer, path_of(link))
    assert done.headers["location"] == "/clinic"
    assert newcomer.get("/clinic").status_code == 200


def test_an_invited_administrator_sets_up_a_second_factor_before_anything(people: People):
    admin = as_(people, "a.admin")
    _page, link = invite(admin, role="admin", email="boss@a.example", name="Boss")
    newcomer = browser(people)
    done = accept(
        newcomer, path_of(link), password="long enough for staff", again="long enough for staff"
    )
    assert done.headers["location"] == "/account/second-factor"
    assert newcomer.get("/clinic/people").status_code == 303  # half-way: no page but that one


def test_the_link_works_once(people: People):
    _page, link = invite(as_(people, "a.therapist1"), email="once@example.org", name="Once")
    assert accept(browser(people), path_of(link)).status_code == 303
    again = browser(people)
    for answer in (again.get(path_of(link)), accept(again, path_of(link), password="x" * 20)):
        assert answer.status_code == 404
        assert "This invitation link cannot be used" in answer.text
    assert "backrub_session" not in again.cookies


def test_an_expired_link_and_an_unknown_one_answer_the_same(people: People):
    _page, link = invite(as_(people, "a.admin"), role="client", email="late@x.org", name="Late")
    visitor = browser(people)
    people.app.state.backend.clock = lambda: NOW + timedelta(days=7)
    expired = accept(visitor, path_of(link))
    unknown = visitor.get("/invitations/" + "A" * 43)
    cut = visitor.get(path_of(link)[:-3])
    for answer in (expired, unknown, cut):
        assert answer.status_code == 404
        assert "Ask your clinic for a new one." in answer.text
    with people.store.reading() as c:
        assert c.execute(select(accounts).where(accounts.c.email == "late@x.org")).first() is None


def test_inviting_again_replaces_the_old_link(people: People):
    admin = as_(people, "a.admin")
    _page, first = invite(admin, role="client", email="twice@x.org", name="Twice")
    _page, second = invite(admin, role="client", email="TWICE@x.org", name="Twice")
    visitor = browser(people)
    assert visitor.get(path_of(first)).status_code == 404
    assert visitor.get(path_of(second)).status_code == 200
    listed = admin.get("/clinic/people").text
    assert listed.count("<td>twice@x.org</td>") == 1


def test_bad_fields_each_get_one_line_and_nothing_is_written(people: People):
    admin = as_(people, "a.admin")
    page = form(
        admin, "/clinic/invite", {"role": "client", "email": "not-an-address", "name": "a\tb"}
    )
    assert page.status_code == 422
    assert "Use an e-mail address such as name@example.com." in page.text
    assert "without line breaks or tabs" in page.text
    long = form(admin, "/clinic/invite", {"role": "client", "email": "a@b.org", "name": "x" * 81})
    assert long.status_code == 422 and "1 to 80" in long.text
    taken = form(
        admin, "/clinic/invite", {"role": "client", "email": "client1@a.example", "name": "Z"}
    )
    assert taken.status_code == 422
    assert "already has an account in your clinic" in taken.text
    therapist = as_(people, "a.therapist1")
    staff = form(therapist, "/clinic/invite", {"role": "admin", "email": "c@d.org", "name": "Z"})
    assert staff.status_code == 422
    other = form(
        admin,
        "/clinic/invite",
        {
            "role": "client",
            "email": "c@d.org",
            "name": "Z",
            "therapist": people["b.therapist1"].public_id,
        },
    )
    assert other.status_code == 422 and "choose a therapist from the list" in other.text.lower()
    with people.store.reading() as c:
        assert c.execute(select(invitations)).first() is None


def test_bad_passwords_and_zone_are_refused_and_the_link_still_works(people: People):
    _page, link = invite(as_(people, "a.therapist1"), email="pw@x.org", name="Pw Person")
    visitor = browser(people)
    short = accept(visitor, path_of(link), password="short", again="short", tz="Nowhere/City")
    assert short.status_code == 422
    assert "at least 8 characters" in short.text and "time zone" in short.text.lower()
    mismatch = accept(visitor, path_of(link), again="something else entirely")
    assert mismatch.status_code == 422 and "same password in both fields" in mismatch.text
    named = accept(visitor, path_of(link), password="pw person 2024", again="pw person 2024")
    assert named.status_code == 422 and "Do not use your name" in named.text
    common = accept(visitor, path_of(link), password="sunshine", again="sunshine")
    assert common.status_code == 422 and "commonly used passwords" in common.text
    assert "backrub_session" not in visitor.cookies
    assert accept(visitor, path_of(link)).status_code == 303


def test_clients_and_nobody_cannot_invite(people: People):
    assert as_(people, "a.client1").get("/clinic/invite").status_code == 404
    assert browser(people).get("/clinic/invite").status_code == 303


def test_two_people_using_the_same_link_at_once_make_one_account(people: People):
    from concurrent.futures import ThreadPoolExecutor

    from backrub.services import invitations as service
    from backrub.services.invitations import InvitationGone

    invited = service.invite(
        people.store,
        people["a.admin"],
        role="client",
        email="race@x.org",
        name="Race",
        therapist=None,
        now=NOW,
        address=None,
    )

    def use(_n: int) -> str:
        try:
            service.accept(
                people.store,
                invited.token,
                password=NEW_PASSWORD,
                again=NEW_PASSWORD,
                tz="UTC",
                language="en",
                now=NOW,
            )
        except InvitationGone:
            return "gone"
        return "made"

    with ThreadPoolExecutor(2) as pool:
        outcomes = sorted(pool.map(use, range(2)))
    assert outcomes == ["gone", "made"]
    with people.store.reading() as c:
        assert len(c.execute(select(accounts).where(accounts.c.email == "race@x.org")).all()) == 1


def test_accepting_in_a_signed_in_browser_ends_that_session_and_starts_a_new_one(people: People):
    _page, link = invite(as_(people, "a.therapist1"), email="shared@x.org", name="Shared")
    tablet = as_(people, "a.client2")
    before = tablet.cookies.get("backrub_session")
    done = accept(tablet, path_of(link))
    assert done.status_code == 303
    after = done.cookies.get("backrub_session")
    assert after and after != before
    old, new = browser(people), browser(people)
    old.cookies.set("backrub_session", before)
    assert old.get("/progress").status_code == 303  # the old session is over
    new.cookies.set("backrub_session", after)
    assert "Shared" in new.get("/").text


def test_inviting_another_clinics_client_says_nothing_of_them(people: People):
    """Refusing would tell this clinic who is a client elsewhere (review); the link then
    cannot be used, as e-mail addresses are unique on the server."""
    admin = as_(people, "a.admin")
    elsewhere = form(
        admin, "/clinic/invite", {"role": "client", "email": "client1@b.example", "name": "Z"}
    )
    assert elsewhere.status_code == 200, elsewhere.text[:300]
    assert "already has an account" not in elsewhere.text
