"""Sign-ins, wrong tries, sign-outs, password and code changes each make one audit entry."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from backrub.store.clinic_tables import audit_log
from tests.clinic.auth_support import (  # noqa: F401
    Town,
    code,
    enrol,
    sign_in,
    signed_in_browser,
    town_fixture,
)
from tests.clinic.conftest import PASSWORD, as_, browser, form

pytestmark = pytest.mark.postgres

NEW = "seven quiet rivers under amber skies"


def entries(town: Town) -> list[tuple[Any, ...]]:
    """(actor id, role, client_ref, action, what) of every entry, oldest first."""
    c = audit_log.c
    sql = select(c.actor_id, c.actor_role, c.client_ref, c.action, c.what).order_by(c.id)
    with town.store.reading() as conn:
        return [tuple(r) for r in conn.execute(sql)]


def test_a_therapists_sign_in_wrong_password_and_sign_out(town: Town):
    me = town["a.therapist1"]
    assert sign_in(browser(town), "therapist1@a.example", "not my password").status_code == 401
    assert sign_in(browser(town), "nobody@a.example", "not my password").status_code == 401
    client = signed_in_browser(town, "therapist1@a.example")
    assert form(client, "/sign-out", {}).headers["location"] == "/sign-in"
    assert entries(town) == [
        (me.id, "therapist", None, "sign-in-failed", "POST /sign-in"),
        (me.id, "therapist", None, "sign-in", "POST /sign-in"),
        (me.id, "therapist", None, "sign-out", "POST /sign-out"),
    ]


def test_a_clients_entries_carry_only_their_public_id(town: Town):
    me = town["a.client1"]
    sign_in(browser(town), "client1@a.example", "not my password")
    client = signed_in_browser(town, "client1@a.example")
    assert form(client, "/account/password", {"current": PASSWORD, "new": NEW}).status_code == 303
    _secret, answer = enrol(town, client)
    assert answer.status_code == 303
    form(client, "/account/second-factor/remove", {"current": NEW})
    form(client, "/account/sign-out-everywhere", {})
    assert entries(town) == [
        (None, "client", me.public_id, "sign-in-failed", "POST /sign-in"),
        (None, "client", me.public_id, "sign-in", "POST /sign-in"),
        (None, "client", me.public_id, "password", "POST /account/password"),
        (None, "client", me.public_id, "second-factor", "POST /account/second-factor"),
        (None, "client", me.public_id, "second-factor", "POST /account/second-factor/remove"),
        (None, "client", me.public_id, "sign-out", "POST /account/sign-out-everywhere"),
    ]
    again = browser(town)
    assert sign_in(again, "client1@a.example", NEW).status_code == 303
    page = again.get("/account/access").text
    for line in (
        "You signed in.",
        "You signed out.",
        "The password of your account was changed.",
        "The second factor of your account was changed.",
        "Someone tried to sign in to your account with a wrong password.",
    ):
        assert line in page


def test_a_wrong_code_is_a_failed_sign_in_and_the_right_one_a_sign_in(town: Town):
    me = town["a.therapist2"]
    secret, _answer = enrol(town, signed_in_browser(town, "therapist2@a.example"))
    town.clock.forward(minutes=2)
    phone = browser(town)
    sign_in(phone, "therapist2@a.example")
    assert form(phone, "/sign-in/code", {"code": "000000"}).status_code == 401
    assert form(phone, "/sign-in/code", {"code": code(secret, town.clock.now)}).status_code == 303
    assert [e[3:] for e in entries(town)][-3:] == [
        ("second-factor", "POST /account/second-factor"),
        ("sign-in-failed", "POST /sign-in/code"),
        ("sign-in", "POST /sign-in"),
    ]
    assert {e[0] for e in entries(town)} == {me.id}


def test_the_admins_filter_finds_the_sign_ins(town: Town):
    signed_in_browser(town, "client1@a.example")
    page = as_(town, "a.admin").get("/clinic/audit", params={"action": "sign-in"})
    assert page.status_code == 200
    rows = page.text.split("<tbody>")[1]
    assert rows.count("<tr>") == 1
    assert "<td>The client</td>\n      <td>Client1 A</td>" in rows
