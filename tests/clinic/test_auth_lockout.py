"""NIST SP 800-63B 5.2.2: after 100 wrong sign-ins in a row an account is locked.

Locked, even the right password (or code) gets the answer a wrong one gets, the
answer an unknown e-mail address gets too, so a guesser learns nothing; the page
says so in plain words to everyone. A new password set with a password link
opens it again. A complete sign-in before the 100th ends the run.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from backrub.services import throttle
from backrub.store.clinic_tables import accounts, audit_log
from tests.clinic.auth_support import Town, enrol, sign_in, town_fixture  # noqa: F401
from tests.clinic.auth_support import code as totp_code
from tests.clinic.conftest import PASSWORD, browser, form
from tests.web.conftest import soup

pytestmark = pytest.mark.postgres

WRONG = "That e-mail address and password do not match an account."
SAID = "After 100 wrong tries in a row, an account is locked"
NEW = "a quiet walk by the river"


def _wrong_tries(town: Town, email: str, count: int) -> None:
    """``count`` wrong tries of ``email`` in a row, long ago (any waiting has ended): the
    run so far set on the account, and the last try counted as the sign-in counts it."""
    account_id = town[_name(email)].id
    with town.store.writing() as c:
        c.execute(
            accounts.update().where(accounts.c.id == account_id).values(failed_sign_ins=count - 1)
        )
    at = town.clock.now - timedelta(days=3)
    throttle.failed(town.store, email, "198.51.100.7", at, account_id=account_id)


def _name(email: str) -> str:
    person, clinic = email.split("@")[0], email.split("@")[1][0]
    return f"{clinic}.{person}"


def _in_a_row(town: Town, name: str) -> int:
    with town.store.reading() as c:
        found = c.execute(select(accounts.c.failed_sign_ins).where(accounts.c.id == town[name].id))
        return int(found.scalar_one())


def _error(answer: object) -> str:
    line = soup(answer).select_one("#sign-in-error")
    assert line is not None
    return str(line.text)


def test_a_hundred_wrong_passwords_in_a_row_lock_the_account(town: Town) -> None:
    _wrong_tries(town, "client1@a.example", 97)  # spread over days: never made to wait
    client = browser(town)
    for n in range(3):  # the 98th to the 100th, through the page
        assert sign_in(client, "client1@a.example", f"wrong guess {n}").status_code == 401
    assert _in_a_row(town, "a.client1") == 100
    refused = sign_in(client, "client1@a.example", PASSWORD)  # the right password
    unknown = sign_in(client, "nobody@a.example", PASSWORD)
    assert refused.status_code == unknown.status_code == 401
    assert WRONG in _error(refused) and _error(refused) == _error(unknown)
    assert SAID in refused.text and SAID in unknown.text
    assert "backrub_session" not in refused.cookies
    assert client.get("/progress").status_code == 303  # not signed in
    with town.store.reading() as c:
        last = c.execute(select(audit_log).order_by(audit_log.c.id.desc()).limit(1)).one()
    assert (last.action, last.what) == ("sign-in-failed", "POST /sign-in")  # for the admin
    town.clock.forward(days=30)
    assert sign_in(client, "client1@a.example", PASSWORD).status_code == 401  # time does not
    assert sign_in(browser(town), "client2@a.example").status_code == 303  # others are open


def test_the_ninety_ninth_is_not_a_lock_and_a_right_sign_in_ends_the_run(town: Town) -> None:
    _wrong_tries(town, "client1@a.example", 99)
    assert sign_in(browser(town), "client1@a.example").status_code == 303
    assert _in_a_row(town, "a.client1") == 0
    _wrong_tries(town, "client1@a.example", 99)
    assert sign_in(browser(town), "client1@a.example").status_code == 303  # counted afresh


def test_the_page_says_it_in_plain_words_whoever_asks(town: Town) -> None:
    page = browser(town).get("/sign-in")
    words = " ".join(soup(page).get_text().split())
    assert "After 100 wrong tries in a row, an account is locked to keep it safe" in words
    assert "A new password link from your clinic opens it again." in words


def test_a_new_password_link_opens_a_locked_account(town: Town) -> None:
    _wrong_tries(town, "client1@a.example", 100)
    assert sign_in(browser(town), "client1@a.example").status_code == 401
    admin = browser(town)
    assert sign_in(admin, "admin@a.example").status_code == 303
    secret, _answer = enrol(town, admin)  # administrators set up codes first
    page = form(admin, f"/clinic/people/{town['a.client1'].public_id}/password-link", {})
    link = re.search(r'id="password-link" href="http://localhost([^"]+)"', page.text)
    assert link, page.text
    person = browser(town)
    assert form(person, link.group(1), {"password": NEW, "again": NEW}).status_code == 303
    assert _in_a_row(town, "a.client1") == 0
    assert sign_in(browser(town), "client1@a.example", NEW).status_code == 303
    assert secret  # (the administrator's own codes are untouched by any of this)


def test_wrong_codes_count_and_a_locked_account_refuses_the_right_code(town: Town) -> None:
    client = browser(town)
    assert sign_in(client, "therapist1@a.example").status_code == 303
    secret, _answer = enrol(town, client)
    _wrong_tries(town, "therapist1@a.example", 99)
    half = browser(town)
    assert sign_in(half, "therapist1@a.example").status_code == 303  # on to the code page
    assert "After 100 wrong passwords or codes in a row" in half.get("/sign-in/code").text
    assert form(half, "/sign-in/code", {"code": "000000"}).status_code == 401  # the 100th
    town.clock.forward(minutes=1)
    right = totp_code(secret, town.clock.now)
    assert form(half, "/sign-in/code", {"code": right}).status_code == 401
    assert half.get("/clinic").status_code == 303  # still not signed in


def test_the_administrator_sees_the_lock_on_the_persons_page(town: Town) -> None:
    admin = browser(town)
    assert sign_in(admin, "admin@a.example").status_code == 303
    enrol(town, admin)
    page = f"/clinic/people/{town['a.client1'].public_id}"
    assert soup(admin.get(page)).select_one("#locked") is None
    _wrong_tries(town, "client1@a.example", 100)
    shown = soup(admin.get(page)).select_one("#locked")
    assert shown is not None and "100 wrong sign-in tries in a row" in shown.text
