"""``/account``: change the password (other sessions end), sign out everywhere."""

from __future__ import annotations

import pytest

from tests.clinic.auth_support import Town, sign_in, signed_in_browser, town_fixture  # noqa: F401
from tests.clinic.conftest import PASSWORD, browser, form
from tests.web.conftest import soup

pytestmark = pytest.mark.postgres

NEW = "seven quiet rivers under amber skies"


@pytest.mark.parametrize("who", ["client1@a.example", "therapist1@b.example"])
def test_everyone_signed_in_has_an_account_page(town: Town, who: str):
    page = signed_in_browser(town, who).get("/account")
    assert page.status_code == 200
    assert soup(page).select_one("#new")["autocomplete"] == "new-password"
    assert soup(page).select_one("#current")["autocomplete"] == "current-password"
    assert browser(town).get("/account").headers["location"] == "/sign-in?next=%2Faccount"


def test_changing_the_password_ends_every_other_session(town: Town):
    here = signed_in_browser(town, "client1@a.example")
    there = signed_in_browser(town, "client1@a.example")
    wrong = form(here, "/account/password", {"current": "not my password", "new": NEW})
    assert wrong.status_code == 400
    assert "not your current password" in soup(wrong).select_one("#current-error").text
    common = form(here, "/account/password", {"current": PASSWORD, "new": "Password123"})
    assert "commonly used" in soup(common).select_one("#new-error").text
    named = form(here, "/account/password", {"current": PASSWORD, "new": "client1 is my name"})
    assert "your name" in soup(named).select_one("#new-error").text
    assert there.get("/progress").status_code == 200  # nothing changed yet

    done = form(here, "/account/password", {"current": PASSWORD, "new": NEW})
    assert done.headers["location"] == "/account?done=password"
    assert "signed out on your other devices" in here.get("/account?done=password").text
    assert here.get("/progress").status_code == 200
    assert there.get("/progress").headers["location"] == "/sign-in?next=%2Fprogress"
    assert sign_in(browser(town), "client1@a.example", PASSWORD).status_code == 401
    assert sign_in(browser(town), "client1@a.example", NEW).status_code == 303


def test_staff_need_twelve_characters(town: Town):
    staff = signed_in_browser(town, "therapist2@a.example")
    short = form(staff, "/account/password", {"current": PASSWORD, "new": "tulip moon"})
    assert "at least 12 characters" in soup(short).select_one("#new-error").text


def test_sign_out_everywhere_ends_every_session_this_one_too(town: Town):
    here = signed_in_browser(town, "therapist1@a.example")
    there = signed_in_browser(town, "therapist1@a.example")
    other_person = signed_in_browser(town, "therapist2@a.example")
    gone = form(here, "/account/sign-out-everywhere", {})
    assert gone.headers["location"] == "/sign-in"
    assert here.get("/clinic").status_code == 303
    assert there.get("/clinic").status_code == 303
    assert other_person.get("/clinic").status_code == 200


@pytest.mark.parametrize(("who", "least"), [("client1@a.example", 8), ("therapist1@b.example", 12)])
def test_the_new_password_hint_says_the_length_above_the_box(town: Town, who: str, least: int):
    page = soup(signed_in_browser(town, who).get("/account"))
    hint = page.select_one("#new-hint")
    assert f"At least {least} characters" in hint.text
    box = page.select_one("#new")
    assert hint.sourceline < box.sourceline or (
        hint.sourceline == box.sourceline and hint.sourcepos < box.sourcepos
    )


def test_password_and_email_boxes_are_styled_like_text_boxes(town: Town):
    sheet = browser(town).get("/static/app.css").text
    rule = next(line for line in sheet.splitlines() if line.startswith('input[type="text"]'))
    assert 'input[type="password"]' in rule and 'input[type="email"]' in rule
