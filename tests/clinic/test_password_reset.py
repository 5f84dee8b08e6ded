"""Forgot password, lost phone: a new password link and resetting sign-in codes (issue 13).

A new password link is made by an administrator (anyone of the clinic) or a
therapist (their own clients); it works once, for a day, sets the password,
ends every session of the account and signs the person in, keeping their
sign-in codes. Another administrator resets lost sign-in codes.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pyotp
import pytest
from sqlalchemy import select

from backrub.services import accounts as account_service
from backrub.services import clinic_sessions, second_factor
from backrub.store.clinic_tables import audit_log, web_sessions
from tests.clinic.conftest import PASSWORD, People, as_, browser, form
from tests.web.conftest import NOW

pytestmark = pytest.mark.postgres

NEW = "a quiet walk by the river"


def make_link(client, path: str):
    page = form(client, path, {})
    assert page.status_code == 200, page.text
    link = re.search(r'id="password-link" href="http://localhost([^"]+)"', page.text)
    assert link, page.text
    return page, link.group(1)


def sessions_of(people: People, name: str) -> int:
    with people.store.reading() as c:
        rows = c.execute(select(web_sessions).where(web_sessions.c.account_id == people[name].id))
        return len(rows.all())


def actions(people: People) -> list[tuple[str, str]]:
    with people.store.reading() as c:
        return [(r.action, r.what) for r in c.execute(select(audit_log)).all()]


def test_the_sign_in_page_says_where_a_new_password_comes_from(people: People):
    page = browser(people).get("/sign-in").text
    assert "Ask your clinic for a new password link." in page
    assert "new invitation" not in page


def test_an_admin_makes_a_link_and_the_client_sets_a_new_password(people: People):
    phone = as_(people, "a.client1")  # the client is still signed in somewhere
    admin = as_(people, "a.admin")
    person = admin.get(f"/clinic/people/{people['a.client1'].public_id}").text
    assert "Make a new password link" in person
    page, path = make_link(admin, f"/clinic/people/{people['a.client1'].public_id}/password-link")
    assert 'src="data:image/svg+xml' in page.text  # the QR code
    assert "24 hours" in page.text and "no-store" in page.headers["Cache-Control"]

    forgetful = browser(people)
    opened = forgetful.get(path)
    assert opened.status_code == 200 and "Choose a new password" in opened.text
    assert 'name="tz"' not in opened.text  # the account keeps its zone and language
    weak = form(forgetful, path, {"password": "password", "again": "password"})
    assert weak.status_code == 422  # the password rules apply
    done = form(forgetful, path, {"password": NEW, "again": NEW})
    assert done.status_code == 303 and done.headers["location"] == "/"
    assert forgetful.get("/").status_code == 200  # signed in
    assert phone.get("/", follow_redirects=False).status_code == 303  # signed out there
    assert sessions_of(people, "a.client1") == 1

    assert account_service.check_password(people.store, "client1@a.example", NEW) is not None
    assert account_service.check_password(people.store, "client1@a.example", PASSWORD) is None
    again = browser(people).get(path)
    assert again.status_code == 404  # once only
    done_actions = actions(people)
    assert ("password", "make a new password link (client)") in done_actions
    assert ("password", "set a new password with a link") in done_actions


def test_the_link_expires_after_a_day(people: People):
    from backrub.services import password_links

    made = password_links.make(
        people.store, people["a.admin"], people["a.client3"].public_id, now=NOW, address=None
    )
    assert made.expires_at == NOW + timedelta(hours=24)
    from backrub.services import invitations

    with pytest.raises(invitations.InvitationGone):
        invitations.opening(people.store, made.token, NOW + timedelta(hours=24, seconds=1))


def test_a_therapist_makes_a_link_for_their_own_client_only(people: People):
    therapist = as_(people, "a.therapist1")
    own = people["a.client1"].public_id
    assert "Make a new password link" in therapist.get(f"/clinic/clients/{own}").text
    _page, path = make_link(therapist, f"/clinic/clients/{own}/password-link")
    assert browser(people).get(path).status_code == 200
    for other in ("a.client2", "a.client3", "b.client1"):
        refused = form(therapist, f"/clinic/clients/{people[other].public_id}/password-link", {})
        assert refused.status_code == 404
    client = as_(people, "a.client1")
    mine = form(client, f"/clinic/clients/{own}/password-link", {})
    assert mine.status_code == 404
    b_admin = as_(people, "b.admin")
    assert form(b_admin, f"/clinic/people/{own}/password-link", {}).status_code == 404


def test_a_staff_member_with_codes_still_gives_a_code_after_a_new_password(people: People):
    secret = second_factor.new_secret()
    assert second_factor.enrol(
        people.store, people["a.therapist1"], secret, pyotp.TOTP(secret).at(NOW), NOW
    )
    admin = as_(people, "a.admin")
    _page, path = make_link(
        admin, f"/clinic/people/{people['a.therapist1'].public_id}/password-link"
    )
    forgetful = browser(people)
    done = form(forgetful, path, {"password": NEW + " today", "again": NEW + " today"})
    assert done.status_code == 303 and done.headers["location"] == "/sign-in/code"
    assert forgetful.get("/clinic").status_code == 303  # not signed in before the code
    code_page = forgetful.get("/sign-in/code").text
    assert "Ask an administrator of your clinic to reset your sign-in codes." in code_page


def test_another_admin_resets_lost_sign_in_codes(people: People):
    from backrub.store import accounts as account_rows

    second = account_rows.add_account(
        people.store,
        clinic_id=people.clinic_ids["a"],
        role=people["a.admin"].role,
        email="second@a.example",
        display_name="Second Admin",
        password_hash=account_service.passwords.hash_password(PASSWORD),
        now=NOW,
    )
    secret = second_factor.new_secret()
    assert second_factor.enrol(people.store, second, secret, pyotp.TOTP(secret).at(NOW), NOW)
    clinic_sessions.start(people.store, second, NOW, address=None, complete=True)
    half = browser(people)
    signed = form(half, "/sign-in", {"email": "second@a.example", "password": PASSWORD})
    assert signed.headers["location"].startswith("/sign-in/code")
    assert "Ask another administrator of your clinic" in half.get("/sign-in/code").text

    admin = as_(people, "a.admin")
    page = admin.get(f"/clinic/people/{second.public_id}").text
    assert "Reset sign-in codes" in page
    own = admin.get(f"/clinic/people/{people['a.admin'].public_id}").text
    assert "Reset sign-in codes" not in own
    done = form(admin, f"/clinic/people/{second.public_id}/reset-codes", {})
    assert done.status_code == 303
    assert "signed out everywhere" in admin.get(done.headers["location"]).text
    with people.store.reading() as c:
        left = c.execute(select(web_sessions).where(web_sessions.c.account_id == second.id)).all()
    assert left == []
    again = browser(people)
    signed = form(again, "/sign-in", {"email": "second@a.example", "password": PASSWORD})
    assert signed.headers["location"] == "/account/second-factor"  # set them up again
    assert ("second-factor", "reset sign-in codes (admin)") in actions(people)
    mine = form(admin, f"/clinic/people/{people['a.admin'].public_id}/reset-codes", {})
    assert mine.status_code == 404
    therapist = as_(people, "a.therapist1")
    assert form(therapist, f"/clinic/people/{second.public_id}/reset-codes", {}).status_code == 404
