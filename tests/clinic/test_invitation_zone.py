"""The invitation asks for a zone without a default to delete, and says when links stop working."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup

from backrub.i18n import use_language
from backrub.web.clinic.expiry import expiry_words
from tests.clinic.conftest import People, as_, browser, form
from tests.web.conftest import NOW

pytestmark = pytest.mark.postgres

PASSWORD = "a quiet walk by the river"


def test_the_zone_field_is_empty_with_an_example_and_an_empty_zone_is_asked_for(people: People):
    admin = as_(people, "a.admin")
    invited = form(admin, "/clinic/invite", {"role": "client", "email": "c@x.org", "name": "Chi"})
    link = re.search(r'id="invitation-link" href="http://localhost([^"]+)"', invited.text)
    assert link
    visitor = browser(people)
    page = BeautifulSoup(visitor.get(link.group(1)).text, "html.parser")
    field = page.find("input", attrs={"name": "tz"})
    assert field is not None and field.get("value") == ""
    assert field.get("placeholder") == "for example Ho Chi Minh"
    assert "stops working in 7 days (9 March, 09:30 UTC)" in page.get_text(" ")
    empty = form(visitor, link.group(1), {"password": PASSWORD, "again": PASSWORD, "tz": ""})
    assert empty.status_code == 422
    assert "Type the city you live in and choose it from the list." in empty.text
    city = {"password": PASSWORD, "again": PASSWORD, "tz": "Ho Chi Minh", "language": "en"}
    assert form(visitor, link.group(1), city).status_code == 303


def test_expiry_words_in_english_and_vietnamese() -> None:
    with use_language("en"):
        assert expiry_words(NOW + timedelta(days=7), NOW) == "in 7 days (9 March, 09:30 UTC)"
        soon = expiry_words(NOW + timedelta(hours=5, minutes=10), NOW)
        assert soon == "in 6 hours (2 March, 14:40 UTC)"
    with use_language("vi"):
        said = expiry_words(NOW + timedelta(days=2), NOW)
        assert said.startswith("sau 2 ngày (") and "UTC" in said
        assert expiry_words(NOW + timedelta(days=1), NOW).startswith("sau 24 giờ (")
