"""The Account page has a Language choice: a client's profile keeps it, staff's browser does."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from backrub.services import accounts as account_service
from tests.clinic.conftest import People, as_, form

# The test's own seeding and checks see every clinic; requests get their own scope.
pytestmark = [pytest.mark.postgres, pytest.mark.usefixtures("maintenance")]


def _chosen(html: str) -> str:
    found = BeautifulSoup(html, "html.parser").select_one("#account-language option[selected]")
    assert found is not None
    return str(found["value"])


def test_a_client_chooses_vietnamese_on_the_account_page_and_keeps_it(people: People):
    client = as_(people, "a.client1")
    assert _chosen(client.get("/account").text) == "en"
    done = form(client, "/language", {"language": "vi", "next": "/account"})
    assert done.status_code == 303 and done.headers["location"] == "/account"
    client.cookies.delete("backrub_lang")  # another browser: the account keeps it
    again = client.get("/account", headers={"Accept-Language": "en"})
    assert _chosen(again.text) == "vi" and 'lang="vi"' in again.text
    profile = account_service.client_profile(people.store, people["a.client1"])
    assert profile is not None and profile.language == "vi"


def test_staff_choose_the_language_of_this_browser(people: People):
    therapist = as_(people, "a.therapist1")
    assert _chosen(therapist.get("/account").text) == "en"
    done = form(therapist, "/language", {"language": "vi", "next": "/account"})
    assert done.status_code == 303
    assert _chosen(therapist.get("/account").text) == "vi"
