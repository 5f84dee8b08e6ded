"""Sign-in codes (TOTP): set up, sign in with one, no code twice, administrators must."""

from __future__ import annotations

import pytest

from tests.clinic.auth_support import (
    Town,
    code,
    enrol,
    shown_secret,
    sign_in,
    signed_in_browser,
    town_fixture,  # noqa: F401
)
from tests.clinic.conftest import browser, form
from tests.web.conftest import soup

pytestmark = pytest.mark.postgres


def test_the_set_up_page_shows_the_key_and_a_qr_picture_and_saves_nothing_yet(town: Town):
    client = signed_in_browser(town, "therapist1@a.example")
    page = client.get("/account/second-factor")
    assert page.status_code == 200
    secret = shown_secret(page.text)
    picture = soup(page).select_one("main img")
    assert picture["src"].startswith("data:image/svg+xml")
    assert picture["alt"]
    assert "<script" not in page.text.split("<main", 1)[1] and " style=" not in page.text
    assert soup(page).select_one("#code")["autocomplete"] == "one-time-code"
    wrong = form(client, "/account/second-factor", {"secret": secret, "code": "000000"})
    assert wrong.status_code == 400
    assert "That code is not right" in soup(wrong).select_one("form #code-error").text
    assert shown_secret(wrong.text) == secret  # no need to scan again
    assert "Off." in client.get("/account").text  # nothing saved


def test_a_therapist_sets_up_codes_then_signs_in_with_one(town: Town):
    client = signed_in_browser(town, "therapist1@a.example")
    secret, answer = enrol(town, client)
    assert answer.headers["location"] == "/account?done=second-factor"
    assert "Sign-in codes are set up" in client.get(answer.headers["location"]).text

    town.clock.forward(minutes=2)
    phone = browser(town)
    half = sign_in(phone, "therapist1@a.example", next="/clinic")
    assert half.headers["location"] == "/sign-in/code?next=%2Fclinic"
    half_token = phone.cookies.get("backrub_session")
    assert phone.get("/clinic").headers["location"] == "/sign-in/code"  # not signed in yet
    assert phone.get("/account").headers["location"] == "/sign-in/code"
    page = phone.get("/sign-in/code?next=%2Fclinic")
    assert soup(page).select_one("#code")["inputmode"] == "numeric"
    done = form(phone, "/sign-in/code", {"code": code(secret, town.clock.now), "next": "/clinic"})
    assert done.status_code == 303 and done.headers["location"] == "/clinic"
    assert phone.cookies.get("backrub_session") != half_token  # a new session at the end
    assert phone.get("/clinic").status_code == 200
    stale = browser(town)
    stale.cookies.set("backrub_session", half_token, domain="localhost.local")
    assert stale.get("/sign-in/code").headers["location"] == "/sign-in"


def test_a_code_cannot_be_used_twice(town: Town):
    client = signed_in_browser(town, "client1@a.example")
    secret, _answer = enrol(town, client)
    used = code(secret, town.clock.now)
    town.clock.forward(seconds=31)  # the next step: a new code shows
    first = browser(town)
    sign_in(first, "client1@a.example")
    now_code = code(secret, town.clock.now)
    assert form(first, "/sign-in/code", {"code": now_code}).status_code == 303
    again = browser(town)
    sign_in(again, "client1@a.example")
    replay = form(again, "/sign-in/code", {"code": now_code})
    assert replay.status_code == 401
    assert form(again, "/sign-in/code", {"code": used}).status_code == 401  # an older one
    town.clock.forward(seconds=30)
    assert form(again, "/sign-in/code", {"code": code(secret, town.clock.now)}).status_code == 303


def test_wrong_codes_count_toward_waiting(town: Town):
    client = signed_in_browser(town, "therapist2@a.example")
    secret, _answer = enrol(town, client)
    town.clock.forward(minutes=1)
    phone = browser(town)
    sign_in(phone, "therapist2@a.example")
    for guess in ("111111", "222222", "333333", "444444", "555555"):
        if guess != code(secret, town.clock.now):
            assert form(phone, "/sign-in/code", {"code": guess}).status_code == 401
    refused = form(phone, "/sign-in/code", {"code": code(secret, town.clock.now)})
    assert refused.status_code == 429
    assert "Please try again in 15 minutes." in refused.text


def test_an_administrator_must_set_up_codes_before_anything_else(town: Town):
    admin = browser(town)
    first = sign_in(admin, "admin@a.example")
    assert first.headers["location"] == "/account/second-factor"
    half_token = admin.cookies.get("backrub_session")
    for page in ("/clinic", "/account", "/", "/progress"):
        assert admin.get(page).headers["location"] == "/account/second-factor", page
    assert admin.get("/api/progress").status_code == 401
    page = admin.get("/account/second-factor")
    assert "Administrators need sign-in codes" in page.text
    _secret, done = enrol(town, admin)
    assert done.status_code == 303
    assert admin.cookies.get("backrub_session") != half_token
    assert admin.get("/clinic").status_code == 200
    # An administrator cannot turn the codes off.
    account = admin.get("/account")
    assert "Administrators must keep sign-in codes on." in account.text
    assert 'action="/account/second-factor/remove"' not in account.text
    kept = form(admin, "/account/second-factor/remove", {"current": "correct horse battery staple"})
    assert kept.status_code == 400
    again = browser(town)
    assert sign_in(again, "admin@a.example").headers["location"] == "/sign-in/code"


def test_a_client_may_turn_codes_off_with_the_password(town: Town):
    client = signed_in_browser(town, "client2@a.example")
    enrol(town, client)
    wrong = form(client, "/account/second-factor/remove", {"current": "not it at all"})
    assert wrong.status_code == 400
    assert "not your current password" in soup(wrong).select_one("#remove-error").text
    right = form(
        client, "/account/second-factor/remove", {"current": "correct horse battery staple"}
    )
    assert right.headers["location"] == "/account?done=second-factor-removed"
    assert sign_in(browser(town), "client2@a.example").headers["location"] == "/"


def test_a_key_the_browser_chooses_is_never_saved(town: Town):
    """A weak key of one's own choosing (all "A"s) would make the second factor anyone's."""
    client = signed_in_browser(town, "therapist1@a.example")
    offered = shown_secret(client.get("/account/second-factor").text)
    chosen = "A" * 32
    assert offered != chosen
    answer = form(
        client,
        "/account/second-factor",
        {"secret": chosen, "code": code(chosen, town.clock.now)},
    )
    assert answer.status_code == 400
    assert "Off." in client.get("/account").text
    # The offered key is the same on the next visit of this session (no rescan after a typo).
    assert shown_secret(client.get("/account/second-factor").text) == offered
