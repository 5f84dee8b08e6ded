"""Signing in to the clinic server: words, throttling, session rotation, Secure cookies."""

from __future__ import annotations

from datetime import timedelta

import pytest

from backrub.store.clinic_tables import web_sessions
from tests.clinic.auth_support import Town, failure_rows, sign_in, town_fixture  # noqa: F401
from tests.clinic.conftest import PASSWORD, browser, form
from tests.web.conftest import soup

pytestmark = pytest.mark.postgres

WRONG = "That e-mail address and password do not match an account."


def test_the_page_helps_browsers_fill_it_in(town: Town):
    page = soup(browser(town).get("/sign-in"))
    assert page.select_one("#email")["autocomplete"] == "username"
    assert page.select_one("#password")["autocomplete"] == "current-password"
    assert page.select_one("label[for=email]") and page.select_one("label[for=password]")


def test_a_wrong_password_and_an_unknown_e_mail_get_the_same_one_sentence(town: Town):
    client = browser(town)
    wrong = sign_in(client, "client1@a.example", "not my password at all")
    unknown = sign_in(client, "nobody@a.example", PASSWORD)
    assert wrong.status_code == unknown.status_code == 401
    for answer in (wrong, unknown):
        line = soup(answer).select_one("form #sign-in-error")  # beside the fields, in the form
        assert WRONG in line.text
        assert soup(answer).select_one("#password")["aria-describedby"] == "sign-in-error"
    assert soup(wrong).select_one("#email")["value"] == "client1@a.example"


def test_five_wrong_tries_make_an_account_wait_without_checking(town: Town):
    client = browser(town)
    for _ in range(5):
        assert sign_in(client, "client1@a.example", "a wrong password").status_code == 401
    refused = sign_in(client, "client1@a.example", PASSWORD)  # even the right one
    assert refused.status_code == 429
    assert "Please try again in 15 minutes." in refused.text
    assert refused.headers["retry-after"] == "900"
    assert "backrub_session" not in refused.cookies
    # Another account from the same place is not held up.
    assert sign_in(browser(town), "client2@a.example").status_code == 303
    town.clock.forward(minutes=10)
    assert "in 5 minutes" in sign_in(client, "client1@a.example", PASSWORD).text
    town.clock.forward(minutes=5)
    assert sign_in(client, "Client1@a.example", PASSWORD).status_code == 303


def test_an_unknown_e_mail_waits_in_the_same_words(town: Town):
    client = browser(town)
    for _ in range(5):
        sign_in(client, "nobody@a.example", "guess")
    refused = sign_in(client, "nobody@a.example", "guess")
    assert refused.status_code == 429
    assert "Please try again in 15 minutes." in refused.text


def test_a_right_sign_in_clears_the_accounts_count(town: Town):
    client = browser(town)
    for _ in range(4):
        sign_in(client, "therapist1@a.example", "a wrong password")
    assert sign_in(client, "therapist1@a.example").status_code == 303
    other = browser(town)
    for _ in range(4):
        assert sign_in(other, "therapist1@a.example", "a wrong password").status_code == 401
    assert sign_in(other, "therapist1@a.example").status_code == 303


def test_one_address_trying_many_accounts_waits_too(town: Town):
    client = browser(town)
    for n in range(6):  # 30 wrong tries, 5 per e-mail: no account is held up alone
        for _ in range(5):
            assert sign_in(client, f"guess{n}@a.example", "a wrong password").status_code == 401
    refused = sign_in(browser(town), "client3@b.example")  # same address (the test client)
    assert refused.status_code == 429
    town.clock.forward(minutes=15)
    assert sign_in(browser(town), "client3@b.example").status_code == 303


def test_old_failures_are_deleted(town: Town):
    client = browser(town)
    sign_in(client, "client1@a.example", "a wrong password")
    assert failure_rows(town.store) == 2  # the account and the address
    town.clock.forward(hours=25)
    sign_in(client, "client2@a.example", "a wrong password")
    assert failure_rows(town.store) == 2


def test_signing_in_starts_a_new_session_and_a_new_form_token(town: Town):
    client = browser(town)  # a session (and form token) the browser had before
    assert sign_in(client, "client2@a.example").status_code == 303
    before_session = client.cookies.get("backrub_session")
    before_token = client.cookies.get("backrub_csrf")
    answer = sign_in(client, "client1@a.example")
    assert answer.status_code == 303
    after_session = client.cookies.get("backrub_session")
    assert after_session and after_session != before_session
    assert client.cookies.get("backrub_csrf") not in (None, before_token)
    # The session the browser brought is over, wherever its cookie is.
    old = browser(town)
    old.cookies.set("backrub_session", before_session)
    assert old.get("/progress").status_code == 303
    # A form token planted before signing in is refused now.
    stale = client.post("/sign-out", data={"csrf_token": before_token})
    assert stale.status_code == 403
    assert "Client1 A" in client.get("/").text
    with town.store.reading() as c:
        assert len(c.execute(web_sessions.select()).all()) == 1


def test_cookies_are_secure_over_https(town: Town):
    from fastapi.testclient import TestClient

    client = TestClient(town.app, base_url="https://localhost", follow_redirects=False)
    first = client.get("/sign-in")
    assert "Secure" in first.headers["set-cookie"]
    answer = form(client, "/sign-in", {"email": "client1@a.example", "password": PASSWORD})
    cookies = answer.headers.get_list("set-cookie")
    assert {c.split("=")[0] for c in cookies} == {"backrub_session", "backrub_csrf"}
    assert all("Secure" in c and "HttpOnly" in c for c in cookies)


def test_cookies_are_not_secure_over_plain_http(town: Town):
    answer = sign_in(browser(town), "client1@a.example")
    assert not any("Secure" in c for c in answer.headers.get_list("set-cookie"))


def test_a_slow_guesser_waits_hours_after_a_hundred_a_day(town: Town):
    from backrub.services import throttle

    for n in range(100):  # 4 every 15 minutes: never 5 in 15 minutes, 100 in 6¼ hours
        at = town.clock.now - timedelta(minutes=15 * (n // 4) + n % 4 + 1)
        throttle.failed(town.store, "client1@a.example", f"192.0.2.{n}", at)
    refused = sign_in(browser(town), "client1@a.example")
    assert refused.status_code == 429
    assert "Please try again in 18 hours." in refused.text
